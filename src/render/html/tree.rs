//! The report page's alignment tree: what the period's objectives align to
//! in enclosing periods, then the period, its teams, and the objectives of
//! the period nested by what they align to.

use std::collections::HashMap;
use std::io::{self, Write};

use crate::numbers::two_decimals;
use crate::refs::{CanonicalRef, Reference};
use crate::render::html::parts::{score_and_grade, score_bar};
use crate::render::plural;
use crate::render::report_text as text;
use crate::render::safe::Bdi;
use crate::report::parents::Parent;
use crate::report::wire::ObjectiveReport;
use crate::report::Report;
use crate::text::Text;

/// The alignment tree. First its roots, the objectives and key results of
/// enclosing periods that objectives of the period align to (`parents`,
/// scored from the files at the report's commit), each with those
/// objectives beneath it, grouped by team. Then the period: under it its
/// teams, under each team its objectives drawn nowhere above (those that
/// align to nothing of the period or of an enclosing period), and under
/// each objective the objectives of this period that align to it (or to
/// one of its key results), whatever their team. What an objective aligns
/// to that the tree does not hold is named beside it. Every objective links
/// to its place in its team's section. The links stand beside the
/// `<summary>`, never in it: a control inside a control is out of reach of
/// a keyboard and a screen reader.
pub fn write(out: &mut dyn Write, report: &Report, parents: &[Parent]) -> io::Result<()> {
    let alignment = Alignment::of(report, parents);
    writeln!(out, "<section id=\"tree\" class=\"tree\" aria-labelledby=\"tree-h\">\n<h2 id=\"tree-h\">Alignment</h2>")?;
    let mut shown = vec![false; alignment.nodes.len()];
    let roots: Vec<(&Parent, Vec<usize>)> =
        parents.iter().map(|p| (p, alignment.drawn_children(p))).filter(|(_, c)| !c.is_empty()).collect();
    if !roots.is_empty() {
        writeln!(out, "<ul>")?;
        for (parent, children) in roots {
            alignment.write_parent(out, parent, &children, &mut shown)?;
        }
        writeln!(out, "</ul>")?;
    }
    let score = report.summary.score.map_or_else(|| "–".to_owned(), two_decimals);
    writeln!(out, "<details open><summary>{} · mean score {score}</summary>\n<ul>", report.period)?;
    for (index, team) in report.teams.iter().enumerate() {
        let score = team.score.map_or_else(|| "–".to_owned(), two_decimals);
        writeln!(
            out,
            "<li><a href=\"#team-{index}\">{}</a> · score {score} {}",
            Bdi(&team.team),
            score_bar(team.score.unwrap_or(0.0)),
        )?;
        let roots: Vec<usize> = alignment.roots_of(index).filter(|&n| !shown[n]).collect();
        if !roots.is_empty() {
            writeln!(out, "<ul>")?;
            for root in roots {
                alignment.write_subtree(out, root, &mut shown)?;
            }
            writeln!(out, "</ul>")?;
        } else if !team.objectives.is_empty() {
            write!(out, " <span class=\"meta\">(each of its objectives is drawn under what it aligns to)</span>")?;
        }
        writeln!(out, "</li>")?;
    }
    writeln!(out, "</ul>\n</details>\n</section>")
}

/// Which objective of the period each objective aligns to, and which
/// parents of enclosing periods.
struct Alignment<'r> {
    /// Every objective: its team's index, its own index in the team, itself.
    nodes: Vec<(usize, usize, &'r ObjectiveReport)>,
    /// The objective of this period each one aligns to, if any.
    parent: Vec<Option<usize>>,
    children: Vec<Vec<usize>>,
    /// Whether an objective is reached from a root: not when its chain of
    /// parents loops (the checks find the loop; `--no-check` shows it anyway).
    reached: Vec<bool>,
    /// What each objective aligns to in enclosing periods.
    enclosing: Vec<Vec<&'r CanonicalRef>>,
    /// Each objective by team and id.
    by_ref: HashMap<(&'r str, &'r str), usize>,
    report: &'r Report,
}

/// The objective of `period` an `aligns_to` reference names (itself, or
/// through one of its key results), if the report holds it.
fn resolve(by_ref: &HashMap<(&str, &str), usize>, text: &Text, report: &Report) -> Option<usize> {
    let reference = Reference::parse(text.as_str())?;
    if reference.period.is_some_and(|p| p != report.period) {
        return None;
    }
    by_ref.get(&(reference.team.as_str(), reference.objective.as_str())).copied()
}

/// Whether the `aligns_to` reference `text` names `parent`: it was resolved
/// by the library, so the same team, objective and key result (and the
/// period, when written) are enough.
fn names(text: &Text, parent: &CanonicalRef) -> bool {
    Reference::parse(text.as_str()).is_some_and(|r| {
        r.team == parent.team
            && r.objective == parent.objective
            && r.key_result == parent.key_result
            && r.period.is_none_or(|p| p == parent.period)
    })
}

impl<'r> Alignment<'r> {
    fn of(report: &'r Report, parents: &'r [Parent]) -> Alignment<'r> {
        let nodes: Vec<(usize, usize, &ObjectiveReport)> = report
            .teams
            .iter()
            .enumerate()
            .flat_map(|(t, team)| team.objectives.iter().enumerate().map(move |(o, objective)| (t, o, objective)))
            .collect();
        let by_ref: HashMap<(&str, &str), usize> = nodes
            .iter()
            .enumerate()
            .map(|(n, (_, _, o))| ((o.canonical.team.as_str(), o.canonical.objective.as_str()), n))
            .collect();
        let parent: Vec<Option<usize>> = nodes
            .iter()
            .enumerate()
            .map(|(n, (_, _, objective))| {
                objective.aligns_to.iter().find_map(|text| resolve(&by_ref, text, report).filter(|&p| p != n))
            })
            .collect();
        let mut children = vec![Vec::new(); nodes.len()];
        for (n, p) in parent.iter().enumerate() {
            if let Some(p) = p {
                children[*p].push(n);
            }
        }
        let mut reached = vec![false; nodes.len()];
        let mut stack: Vec<usize> = (0..nodes.len()).filter(|&n| parent[n].is_none()).collect();
        while let Some(n) = stack.pop() {
            reached[n] = true;
            stack.extend(children[n].iter().copied());
        }
        let mut enclosing = vec![Vec::new(); nodes.len()];
        for p in parents {
            for child in &p.children {
                if let Some(&n) = by_ref.get(&(child.team.as_str(), child.objective.as_str())) {
                    enclosing[n].push(&p.reference);
                }
            }
        }
        Alignment { nodes, parent, children, reached, enclosing, by_ref, report }
    }

    /// The objectives of the report that align to `parent`, in page order.
    fn drawn_children(&self, parent: &Parent) -> Vec<usize> {
        let mut children: Vec<usize> = parent
            .children
            .iter()
            .filter_map(|c| self.by_ref.get(&(c.team.as_str(), c.objective.as_str())).copied())
            .collect();
        children.sort_unstable();
        children.dedup();
        children
    }

    /// The objectives of team `team` shown at its level: those aligned to
    /// nothing of the period, and those in a loop.
    fn roots_of(&self, team: usize) -> impl Iterator<Item = usize> + '_ {
        (0..self.nodes.len())
            .filter(move |&n| self.nodes[n].0 == team && (self.parent[n].is_none() || !self.reached[n]))
    }

    /// A parent of an enclosing period, open, with the objectives that
    /// align to it grouped by team (each team linking to its section), and
    /// what aligns to them. An objective already drawn under an earlier
    /// parent is named again, without what aligns to it.
    fn write_parent(
        &self,
        out: &mut dyn Write,
        parent: &Parent,
        children: &[usize],
        shown: &mut [bool],
    ) -> io::Result<()> {
        writeln!(
            out,
            "<li><details open><summary>{} <span class=\"meta\">{} · <code>{}</code></span> · {}</summary>\n<ul>",
            parent.title.html(),
            Bdi(&parent.team),
            Bdi(&parent.reference.to_string()),
            score_and_grade(parent.score, parent.grade),
        )?;
        for group in children.chunk_by(|a, b| self.nodes[*a].0 == self.nodes[*b].0) {
            let team = self.nodes[group[0]].0;
            writeln!(out, "<li><a href=\"#team-{team}\">{}</a>\n<ul>", Bdi(&self.report.teams[team].team))?;
            for &n in group {
                if shown[n] {
                    self.write_node(out, n)?;
                    writeln!(out, " <span class=\"meta\">(also drawn above)</span></li>")?;
                } else {
                    self.write_subtree(out, n, shown)?;
                }
            }
            writeln!(out, "</ul></li>")?;
        }
        writeln!(out, "</ul></details></li>")
    }

    /// `root` and what aligns to it, each once; a stack rather than
    /// recursion, so that no chain of objectives is too deep.
    fn write_subtree(&self, out: &mut dyn Write, root: usize, shown: &mut [bool]) -> io::Result<()> {
        enum Step {
            Open(usize),
            Close,
        }
        let mut steps = vec![Step::Open(root)];
        while let Some(step) = steps.pop() {
            let n = match step {
                Step::Close => {
                    writeln!(out, "</ul></details></li>")?;
                    continue;
                }
                Step::Open(n) if shown[n] => continue,
                Step::Open(n) => n,
            };
            shown[n] = true;
            self.write_node(out, n)?;
            let children: Vec<usize> = self.children[n].iter().copied().filter(|&c| !shown[c]).collect();
            if children.is_empty() {
                writeln!(out, "</li>")?;
                continue;
            }
            writeln!(out, "\n<details open><summary>{} aligned</summary><ul>", plural(children.len(), "objective"))?;
            steps.push(Step::Close);
            steps.extend(children.into_iter().rev().map(Step::Open));
        }
        Ok(())
    }

    /// An objective's line, its `<li>` left open: the link to it, its team,
    /// score, grade and marks, and what it aligns to that the tree does not
    /// hold (a team the report leaves out, a period neither this one nor
    /// enclosing it).
    fn write_node(&self, out: &mut dyn Write, n: usize) -> io::Result<()> {
        let (team, o, objective) = self.nodes[n];
        write!(
            out,
            "<li><a href=\"#team-{team}-o{o}\">{}</a> <span class=\"meta\">{}</span> · {}",
            objective.title.html(),
            Bdi(&objective.canonical.team),
            score_and_grade(objective.score, objective.grade),
        )?;
        let marks = text::objective_marks(objective);
        if !marks.is_empty() {
            write!(out, " <span class=\"mark\">{marks}</span>")?;
        }
        let elsewhere: Vec<String> = objective
            .aligns_to
            .iter()
            .filter(|text| resolve(&self.by_ref, text, self.report).is_none())
            .filter(|text| !self.enclosing[n].iter().any(|parent| names(text, parent)))
            .map(|text| format!("<code>{}</code>", text.html()))
            .collect();
        if !elsewhere.is_empty() {
            write!(out, " <span class=\"meta\">aligns to {}</span>", elsewhere.join(", "))?;
        }
        Ok(())
    }
}
