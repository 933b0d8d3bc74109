//! Rules across files: duplicate objectives, objectives per team and period,
//! and alignment (unresolved, wrong period, loops, delegated key results).

use std::collections::HashMap;

use rayon::prelude::*;

use crate::config::Config;
use crate::fast_map::{self, FastMap};
use crate::findings::Code;
use crate::findings::{Diagnostic, FileId};
use crate::index::{Index, Located, Resolution};
use crate::period::Period;
use crate::refs::Reference;
use crate::span::Span;

pub fn check(index: &Index<'_>, config: &Config, out: &mut Vec<Diagnostic>) {
    duplicate_objectives(index, out);
    objective_count(index.all(), config, out);
    let edges = alignment(index, out);
    cycles(index, &edges, out);
}

fn duplicate_objectives(index: &Index<'_>, out: &mut Vec<Diagnostic>) {
    let objectives = index.all();
    let found: Vec<Diagnostic> = objectives
        .par_iter()
        .enumerate()
        .filter_map(|(position, located)| {
            let first = index.first_definition(&located.key()).expect("every objective is indexed");
            let earlier = (first != position).then(|| &objectives[first])?;
            let canonical = located.canonical();
            Some(
                Diagnostic::new(
                    Code::DuplicateId,
                    located.file,
                    located.objective.spans.id,
                    format!("objective `{canonical}` is defined twice"),
                )
                .help("objective ids are unique per team and period, across files: rename one or merge them")
                .related(earlier.file, earlier.objective.spans.id, "first defined here"),
            )
        })
        .collect();
    out.extend(found);
}

fn objective_count(objectives: &[Located<'_>], config: &Config, out: &mut Vec<Diagnostic>) {
    let max = config.limits.objectives_max;
    // Per team and period: how many objectives, and the first one over the limit.
    let mut by_team: FastMap<(&str, Period), (usize, Option<&Located<'_>>)> = fast_map::with_capacity(objectives.len());
    for located in objectives {
        let (count, over) = by_team.entry((&located.document.team, located.document.period)).or_default();
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
                    over.objective.spans.node,
                    format!("team `{team}` has {count} objectives in {period}; at most {max} are expected"),
                )
                .help("fewer objectives get more done: keep the ones that matter most this period"),
            );
        }
    }
}

/// An objective-to-objective alignment, for the cycle search: positions in
/// the index.
struct Edge {
    from: usize,
    to: usize,
    file: FileId,
    span: Span,
}

/// Resolve every `aligns_to` reference: unresolved and wrong-period ones are
/// findings, delegated key results too; the rest become edges. Each objective
/// resolves on its own, so they are spread over every core.
fn alignment(index: &Index<'_>, out: &mut Vec<Diagnostic>) -> Vec<Edge> {
    let aligned = index
        .all()
        .par_iter()
        .enumerate()
        .filter(|(_, child)| !child.objective.aligns_to.is_empty())
        .fold(Aligned::default, |mut aligned, (position, child)| {
            aligned.align(position, child, index);
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
    fn align(&mut self, position: usize, child: &Located<'w>, index: &Index<'w>) {
        let period = child.document.period;
        for (text, span) in child.objective.aligns_to.iter().zip(&child.objective.spans.aligns_to) {
            let to = match self.resolved.get(&(period, text.as_str())) {
                Some(&to) => to,
                None => {
                    let Some(to) = resolve(text, period, child.file, *span, index, &mut self.found) else { continue };
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
fn resolve(
    text: &str,
    period: Period,
    file: FileId,
    span: Span,
    index: &Index<'_>,
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
                None => "check the team and objective ids, or add the objective it should align to".into(),
            });
            out.push(finding);
        }
    }
    None
}

fn enclosing(period: Period) -> String {
    period.with_ancestors().map(|p| p.to_string()).collect::<Vec<_>>().join(", ")
}

/// `kr-delegated`: a key result whose title repeats one of the parent's.
fn delegated(child: &Located<'_>, parent_objective: &Located<'_>, out: &mut Vec<Diagnostic>) {
    for kr in &child.objective.key_results {
        let Some(original) =
            parent_objective.objective.key_results.iter().find(|p| same_words(p.title.as_str(), kr.title.as_str()))
        else {
            continue;
        };
        out.push(
            Diagnostic::new(
                Code::KrDelegated,
                child.file,
                kr.spans.title,
                format!("key result `{}` repeats `{}` of `{}`", kr.id, original.id, parent_objective.canonical()),
            )
            .help("a key result handed down verbatim is delegated, not aligned: say what this team will change to move it")
            .related(parent_objective.file, original.spans.title, "the parent's key result"),
        );
    }
}

/// Equal titles, ignoring case, spacing and punctuation. Compares word by
/// word without allocating: this runs for every key result that aligns.
fn same_words(a: &str, b: &str) -> bool {
    let words = |text| str::split(text, |c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty());
    let lower = |word: &str| word.chars().flat_map(char::to_lowercase).collect::<Vec<_>>();
    let (mut left, mut right) = (words(a), words(b));
    loop {
        match (left.next(), right.next()) {
            (None, None) => return true,
            (Some(x), Some(y)) if x.len() == y.len() && x.eq_ignore_ascii_case(y) => {}
            (Some(x), Some(y)) if !x.is_ascii() || !y.is_ascii() => {
                if lower(x) != lower(y) {
                    return false;
                }
            }
            _ => return false,
        }
    }
}

/// One `alignment-cycle` finding per strongly connected group of objectives
/// (a loop, or loops sharing objectives), at the first edge into the loop.
fn cycles(index: &Index<'_>, edges: &[Edge], out: &mut Vec<Diagnostic>) {
    let objectives = index.all();
    let successors = Successors::new(objectives.len(), edges);
    for component in loops(&successors) {
        let start = *component.iter().min().expect("not empty");
        let path = loop_path(start, &component, &successors);
        let names: Vec<String> = path.iter().map(|i| format!("`{}`", objectives[*i].canonical())).collect();
        let edge = successors.of(start).iter().find(|edge| component.contains(&edge.to)).expect("in a loop");
        out.push(
            Diagnostic::new(
                Code::AlignmentCycle,
                edge.file,
                edge.span,
                format!("alignment loop: {} → {}", names.join(" → "), names[0]),
            )
            .help("alignment runs from a team's objective up to the one it supports; remove one of these `aligns_to`"),
        );
    }
}

/// The edges out of each objective: ranges of one slice sorted by origin,
/// not a vector per objective (there are tens of thousands).
struct Successors<'e> {
    edges: Vec<&'e Edge>,
    /// `edges[first[node]..first[node + 1]]` leave `node`.
    first: Vec<usize>,
}

impl<'e> Successors<'e> {
    fn new(nodes: usize, edges: &'e [Edge]) -> Successors<'e> {
        let mut sorted: Vec<&Edge> = edges.iter().collect();
        // Stable: a node's edges keep the order they were written in.
        sorted.sort_by_key(|edge| edge.from);
        let mut first = vec![0; nodes + 1];
        for edge in &sorted {
            first[edge.from + 1] += 1;
        }
        for node in 0..nodes {
            first[node + 1] += first[node];
        }
        Successors { edges: sorted, first }
    }

    fn of(&self, node: usize) -> &[&'e Edge] {
        &self.edges[self.first[node]..self.first[node + 1]]
    }
}

/// A simple loop through `start` that stays inside `component`.
fn loop_path(start: usize, component: &[usize], successors: &Successors<'_>) -> Vec<usize> {
    // Breadth-first search back to `start`, remembering predecessors.
    let mut previous: HashMap<usize, usize> = HashMap::new();
    let mut queue = std::collections::VecDeque::from([start]);
    while let Some(node) = queue.pop_front() {
        for next in successors.of(node).iter().map(|edge| edge.to) {
            if !component.contains(&next) {
                continue;
            }
            if next == start {
                let mut path = vec![node];
                while let Some(&p) = previous.get(path.last().expect("not empty")) {
                    path.push(p);
                }
                path.reverse();
                return path;
            }
            if let std::collections::hash_map::Entry::Vacant(entry) = previous.entry(next) {
                entry.insert(node);
                queue.push_back(next);
            }
        }
    }
    vec![start]
}

/// The strongly connected groups that hold a loop: more than one objective,
/// or one aligned to itself (Tarjan's algorithm, without recursion so that a
/// long alignment chain cannot overflow the stack).
fn loops(successors: &Successors<'_>) -> Vec<Vec<usize>> {
    let n = successors.first.len() - 1;
    let (mut index, mut low, mut on_stack) = (vec![usize::MAX; n], vec![0; n], vec![false; n]);
    let (mut stack, mut work, mut found, mut counter) = (Vec::new(), Vec::new(), Vec::new(), 0);
    for root in 0..n {
        if index[root] != usize::MAX {
            continue;
        }
        work.push((root, 0));
        while let Some((node, child)) = work.pop() {
            let out = successors.of(node);
            if child == 0 {
                index[node] = counter;
                low[node] = counter;
                counter += 1;
                stack.push(node);
                on_stack[node] = true;
            } else {
                // Back from the edge taken last: a member of a finished group
                // (off the stack) says nothing about this one.
                let previous = out[child - 1].to;
                if on_stack[previous] {
                    low[node] = low[node].min(low[previous]);
                }
            }
            if let Some(next) = out.get(child).map(|edge| edge.to) {
                work.push((node, child + 1));
                if index[next] == usize::MAX {
                    work.push((next, 0));
                } else if on_stack[next] {
                    low[node] = low[node].min(index[next]);
                }
                continue;
            }
            if low[node] != index[node] {
                continue;
            }
            if stack.last() == Some(&node) && !out.iter().any(|edge| edge.to == node) {
                // A group of one, not aligned to itself: no loop.
                stack.pop();
                on_stack[node] = false;
                continue;
            }
            let mut component = Vec::new();
            while let Some(member) = stack.pop() {
                on_stack[member] = false;
                component.push(member);
                if member == node {
                    break;
                }
            }
            found.push(component);
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::same_words;

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
