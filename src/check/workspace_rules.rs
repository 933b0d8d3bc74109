//! Rules across files: duplicate objectives, objectives per team and period,
//! and alignment (unresolved, wrong period, loops, delegated key results),
//! over the outlines of the index: never a whole document.

use std::sync::OnceLock;

use rayon::prelude::*;

use crate::check::cycles::{self, Edge};
use crate::config::Config;
use crate::fast_map::{self, FastMap};
use crate::findings::Code;
use crate::findings::{Diagnostic, FileId};
use crate::index::{Index, Located, Resolution};
use crate::load::reader::levenshtein;
use crate::period::Period;
use crate::refs::Reference;
use crate::span::Span;

pub fn check(index: &Index<'_>, config: &Config, out: &mut Vec<Diagnostic>) {
    duplicate_objectives(index, out);
    objective_count(index.all(), config, out);
    let edges = alignment(index, out);
    cycles::check(index, &edges, out);
}

fn duplicate_objectives(index: &Index<'_>, out: &mut Vec<Diagnostic>) {
    let objectives = index.all();
    for &(position, first) in index.duplicates() {
        let (located, earlier) = (&objectives[position], &objectives[first]);
        let canonical = located.canonical();
        out.push(
            Diagnostic::new(
                Code::DuplicateId,
                located.file,
                located.objective.id_span,
                format!("objective `{canonical}` is defined twice"),
            )
            .help("objective ids are unique per team and period, across files: rename one or merge them")
            .related(earlier.file, earlier.objective.id_span, "first defined here"),
        );
    }
}

fn objective_count(objectives: &[Located<'_>], config: &Config, out: &mut Vec<Diagnostic>) {
    let max = config.limits.objectives_max;
    // Per team and period: how many objectives, and the first one over the limit.
    let mut by_team: FastMap<(&str, Period), (usize, Option<&Located<'_>>)> = fast_map::with_capacity(objectives.len());
    for located in objectives {
        let (count, over) = by_team.entry((located.team(), located.period())).or_default();
        if *count == max {
            *over = Some(located);
        }
        *count += 1;
    }
    for ((team, period), (count, over)) in by_team {
        if let Some(over) = over {
            out.push(
                Diagnostic::new(
                    Code::ObjectiveCount,
                    over.file,
                    over.objective.node,
                    format!("team `{team}` has {count} objectives in {period}; at most {max} are expected"),
                )
                .help("fewer objectives get more done: keep the ones that matter most this period"),
            );
        }
    }
}

/// Resolve every `aligns_to` reference: unresolved and wrong-period ones are
/// findings, delegated key results too; the rest become edges. Each objective
/// resolves on its own, so they are spread over every core.
fn alignment(index: &Index<'_>, out: &mut Vec<Diagnostic>) -> Vec<Edge> {
    let near = OnceLock::new();
    let aligned = index
        .all()
        .par_iter()
        .enumerate()
        .filter(|(_, child)| !child.objective.aligns_to.is_empty())
        .fold(Aligned::default, |mut aligned, (position, child)| {
            aligned.align(position, child, index, &near);
            aligned
        })
        .reduce(Aligned::default, |mut aligned, more| {
            aligned.edges.extend(more.edges);
            aligned.found.extend(more.found);
            aligned
        });
    out.extend(aligned.found);
    aligned.edges
}

/// What one thread gathers: one pair of vectors, not one per objective (tens
/// of thousands of small vectors showed in the profile), and the objective
/// each reference text resolved to. Most objectives align to a few parents,
/// so a reference is parsed and looked up once per thread and period.
#[derive(Default)]
struct Aligned<'w> {
    edges: Vec<Edge>,
    found: Vec<Diagnostic>,
    resolved: FastMap<(Period, &'w str), usize>,
}

impl<'w> Aligned<'w> {
    /// The edges of one objective, at `position` in the index.
    fn align(&mut self, position: usize, child: &Located<'w>, index: &Index<'w>, near: &OnceLock<Near<'w>>) {
        let period = child.period();
        for (text, span) in &child.objective.aligns_to {
            let to = match self.resolved.get(&(period, &**text)) {
                Some(&to) => to,
                None => {
                    let Some(to) = resolve(text, period, child.file, *span, index, near, &mut self.found) else {
                        continue;
                    };
                    self.resolved.insert((period, text), to);
                    to
                }
            };
            let parent = &index.all()[to];
            // An objective aligned to itself is a loop (reported as such),
            // not a delegation of its own key results.
            if parent.key() != child.key() {
                delegated(child, parent, &mut self.found);
            }
            self.edges.push(Edge { from: position, to, file: child.file, span: *span });
        }
    }
}

/// The position in the index of the objective `text` names (or holds the key
/// result it names), or a finding that says why there is none.
fn resolve<'w>(
    text: &str,
    period: Period,
    file: FileId,
    span: Span,
    index: &Index<'w>,
    near: &OnceLock<Near<'w>>,
    out: &mut Vec<Diagnostic>,
) -> Option<usize> {
    // A malformed reference is a schema finding already.
    let reference = Reference::parse(text)?;
    match index.resolve(period, &reference) {
        Resolution::Found { position, .. } => return Some(position),
        Resolution::PeriodNotEnclosing(parent_period) => out.push(
            Diagnostic::new(
                Code::AlignmentPeriod,
                file,
                span,
                format!("`{text}` is in {parent_period}, which does not enclose {period}"),
            )
            .help(format!("an objective aligns to its own period or an enclosing one ({})", enclosing(period))),
        ),
        Resolution::Unresolved { elsewhere } => {
            let mut finding = Diagnostic::new(
                Code::AlignmentUnresolved,
                file,
                span,
                format!("`{text}` resolves to nothing in {}", enclosing(period)),
            );
            finding.help = Some(match elsewhere.first() {
                Some(other) => format!(
                    "`{other}` exists, but {} does not enclose {period}; align to something in {}",
                    other.period,
                    enclosing(period)
                ),
                None => match closest(&reference, period, index, near.get_or_init(|| Near::build(index)))[..] {
                    [] => key_results_of(&reference, period, index, near.get_or_init(|| Near::build(index)))
                        .unwrap_or_else(|| {
                            "check the team and objective ids, or add the objective it should align to".into()
                        }),
                    [ref one] => format!("did you mean `{one}`?"),
                    [ref first @ .., ref last] => format!("did you mean `{}` or `{last}`?", first.join("`, `")),
                },
            });
            out.push(finding);
        }
    }
    None
}

/// Where to look for what an unresolved reference meant: the objectives of
/// each team, and those of each objective id (positions in [`Index::all`]).
/// A typo is in the team or in the objective (or the key result), so these
/// hold every candidate a typo away but one with both misspelt, and keep the
/// search to a handful of objectives where a scan of every one would cost
/// as much as the check itself for each unresolved reference. Built once,
/// at the first unresolved reference.
struct Near<'w> {
    by_team: FastMap<&'w str, Vec<usize>>,
    by_id: FastMap<&'w str, Vec<usize>>,
}

impl<'w> Near<'w> {
    /// Candidates looked at per reference through an objective id that many
    /// teams share (generated trees, or `goals` in every team).
    const SAME_ID_MAX: usize = 256;

    fn build(index: &Index<'w>) -> Near<'w> {
        let mut near = Near { by_team: fast_map::with_capacity(64), by_id: fast_map::with_capacity(index.all().len()) };
        for (position, located) in index.all().iter().enumerate() {
            near.by_team.entry(located.team()).or_default().push(position);
            near.by_id.entry(&located.objective.id).or_default().push(position);
        }
        near
    }

    /// The objectives of the reference's team, then those of its objective id.
    fn candidates(&self, reference: &Reference) -> impl Iterator<Item = usize> + '_ {
        let team = self.by_team.get(reference.team.as_str()).map_or(&[][..], Vec::as_slice);
        let same_id = self.by_id.get(reference.objective.as_str()).map_or(&[][..], Vec::as_slice);
        team.iter().chain(same_id.iter().take(Self::SAME_ID_MAX)).copied()
    }
}

/// The refs an unresolved reference may have meant: those it could align
/// to (in its own period or an enclosing one, or the period it names) that
/// are a typo away (an edit distance of a quarter of its length, 1 to 3),
/// closest first, at most three. Written as the reference was: with its
/// `@period`, or without one.
fn closest(reference: &Reference, period: Period, index: &Index<'_>, near: &Near<'_>) -> Vec<String> {
    let written = match &reference.key_result {
        Some(kr) => format!("{}/{}/{kr}", reference.team, reference.objective),
        None => format!("{}/{}", reference.team, reference.objective),
    };
    let limit = (written.len() / 4).clamp(1, 3);
    let periods: Vec<Period> = match reference.period {
        Some(named) => vec![named],
        None => period.with_ancestors().collect(),
    };
    let mut found: Vec<(usize, String)> = Vec::new();
    let mut consider = |candidate: String| {
        if candidate.len().abs_diff(written.len()) > limit || found.iter().any(|(_, known)| *known == candidate) {
            return;
        }
        let distance = levenshtein(&written, &candidate);
        if distance <= limit {
            found.push((distance, candidate));
        }
    };
    for position in near.candidates(reference) {
        let located = &index.all()[position];
        if !periods.contains(&located.period()) {
            continue;
        }
        let objective = format!("{}/{}", located.team(), located.objective.id);
        match &reference.key_result {
            None => consider(objective),
            Some(_) => located.objective.key_results.iter().for_each(|kr| consider(format!("{objective}/{}", kr.id))),
        }
    }
    found.sort();
    let suffix = reference.period.map(|p| format!("@{p}")).unwrap_or_default();
    found.into_iter().take(3).map(|(_, candidate)| candidate + &suffix).collect()
}

/// For a reference to a key result of an objective that is there: what
/// key results it has, when none is a typo away from the one named.
fn key_results_of(reference: &Reference, period: Period, index: &Index<'_>, near: &Near<'_>) -> Option<String> {
    let kr = reference.key_result.as_deref()?;
    let periods: Vec<Period> = reference.period.map_or_else(|| period.with_ancestors().collect(), |p| vec![p]);
    let objective = periods.iter().find_map(|p| {
        near.candidates(reference).map(|position| &index.all()[position]).find(|located| {
            located.period() == *p && located.team() == reference.team && *located.objective.id == *reference.objective
        })
    })?;
    let ids: Vec<String> = objective.objective.key_results.iter().map(|kr| format!("`{}`", kr.id)).collect();
    Some(format!(
        "`{}/{}` has no key result `{kr}`; its key results: {}",
        reference.team,
        reference.objective,
        if ids.is_empty() { "none".to_owned() } else { ids.join(", ") }
    ))
}

fn enclosing(period: Period) -> String {
    period.with_ancestors().map(|p| p.to_string()).collect::<Vec<_>>().join(", ")
}

/// `kr-delegated`: a key result whose title repeats one of the parent's.
fn delegated(child: &Located<'_>, parent_objective: &Located<'_>, out: &mut Vec<Diagnostic>) {
    for kr in &child.objective.key_results {
        let Some(original) = parent_objective.objective.key_results.iter().find(|p| p.title_words == kr.title_words)
        else {
            continue;
        };
        out.push(
            Diagnostic::new(
                Code::KrDelegated,
                child.file,
                kr.title_span,
                format!("key result `{}` repeats `{}` of `{}`", kr.id, original.id, parent_objective.canonical()),
            )
            .help("a key result handed down verbatim is delegated, not aligned: say what this team will change to move it")
            .related(parent_objective.file, original.title_span, "the parent's key result"),
        );
    }
}

#[cfg(test)]
mod tests {
    use crate::index::title_words;

    /// Equal titles, ignoring case, spacing and punctuation.
    fn same_words(a: &str, b: &str) -> bool {
        title_words(a) == title_words(b)
    }

    #[test]
    fn titles_compare_by_words() {
        assert!(same_words("Lead time falls to 4h!", "lead  time FALLS to 4h"));
        assert!(same_words("Ünïcode Title", "ünïcode title"));
        assert!(!same_words("Lead time falls", "Lead time falls fast"));
        assert!(!same_words("Lead time", "Lead tide"));
        assert!(!same_words("Lead time", "Read time"));
        assert!(same_words("  lead time", "Lead-Time"));
        assert!(!same_words("", "Lead time"));
        assert!(same_words("—", ""));
    }
}
