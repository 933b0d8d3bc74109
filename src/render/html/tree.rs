//! The report page's alignment tree: the period, its teams, and the
//! objectives of the period nested by what they align to.

use std::collections::HashMap;
use std::io::{self, Write};

use crate::numbers::two_decimals;
use crate::refs::Reference;
use crate::render::html::parts::{grade, score_bar};
use crate::render::plural;
use crate::render::report_text as text;
use crate::render::safe::Bdi;
use crate::report::wire::ObjectiveReport;
use crate::report::Report;
use crate::text::Text;

/// The alignment tree of the period: under the period its teams, under each
/// team its objectives that align to nothing of this period, and under each
/// objective the objectives of this period that align to it (or to one of
/// its key results), whatever their team. What an objective aligns to in
/// another period is named beside it. Every node links to its objective's
/// place in its team's section. The links stand beside the `<summary>`,
/// never in it: a control inside a control is out of reach of a keyboard
/// and a screen reader.
pub fn write(out: &mut dyn Write, report: &Report) -> io::Result<()> {
    let alignment = Alignment::of(report);
    writeln!(out, "<section id=\"tree\" class=\"tree\" aria-labelledby=\"tree-h\">\n<h2 id=\"tree-h\">Alignment</h2>")?;
    let score = report.summary.score.map_or_else(|| "–".to_owned(), two_decimals);
    writeln!(out, "<details open><summary>{} · mean score {score}</summary>\n<ul>", report.period)?;
    let mut shown = vec![false; alignment.nodes.len()];
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
            write!(out, " <span class=\"meta\">(each of its objectives aligns to another team's)</span>")?;
        }
        writeln!(out, "</li>")?;
    }
    writeln!(out, "</ul>\n</details>\n</section>")
}

/// Which objective of the period each objective aligns to.
struct Alignment<'r> {
    /// Every objective: its team's index, its own index in the team, itself.
    nodes: Vec<(usize, usize, &'r ObjectiveReport)>,
    /// The objective of this period each one aligns to, if any.
    parent: Vec<Option<usize>>,
    children: Vec<Vec<usize>>,
    /// Whether an objective is reached from a root: not when its chain of
    /// parents loops (the checks find the loop; `--no-check` shows it anyway).
    reached: Vec<bool>,
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

impl<'r> Alignment<'r> {
    fn of(report: &'r Report) -> Alignment<'r> {
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
        Alignment { nodes, parent, children, reached, by_ref, report }
    }

    /// The objectives of team `team` shown at its level: those aligned to
    /// nothing of the period, and those in a loop.
    fn roots_of(&self, team: usize) -> impl Iterator<Item = usize> + '_ {
        (0..self.nodes.len())
            .filter(move |&n| self.nodes[n].0 == team && (self.parent[n].is_none() || !self.reached[n]))
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
            let (team, o, objective) = self.nodes[n];
            write!(
                out,
                "<li><a href=\"#team-{team}-o{o}\">{}</a> <span class=\"meta\">{}</span> · {} {} {}",
                objective.title.html(),
                Bdi(&objective.canonical.team),
                two_decimals(objective.score),
                score_bar(objective.score),
                grade(objective.grade),
            )?;
            let marks = text::objective_marks(objective);
            if !marks.is_empty() {
                write!(out, " <span class=\"mark\">{marks}</span>")?;
            }
            // What it aligns to outside the tree: another period, or a team
            // the report leaves out.
            let elsewhere: Vec<String> = objective
                .aligns_to
                .iter()
                .filter(|text| resolve(&self.by_ref, text, self.report).is_none())
                .map(|text| format!("<code>{}</code>", text.html()))
                .collect();
            if !elsewhere.is_empty() {
                write!(out, " <span class=\"meta\">aligns to {}</span>", elsewhere.join(", "))?;
            }
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
}
