//! Rules across files: duplicate objectives, objectives per team and period,
//! and alignment (unresolved, wrong period, loops, delegated key results).

use std::collections::{BTreeMap, HashMap};

use crate::check::codes::Code;
use crate::check::diagnostic::{Diagnostic, FileId};
use crate::config::Config;
use crate::index::{Index, Key, Located, Resolution};
use crate::load::Workspace;
use crate::period::Period;
use crate::refs::{CanonicalRef, Reference};
use crate::span::Span;

pub fn check(workspace: &Workspace, index: &Index<'_>, config: &Config, out: &mut Vec<Diagnostic>) {
    let objectives: Vec<Located<'_>> = workspace
        .documents()
        .flat_map(|(file, document)| {
            document.objectives.iter().map(move |objective| Located { file, document, objective })
        })
        .collect();
    duplicate_objectives(&objectives, out);
    objective_count(&objectives, config, out);
    let edges = alignment(&objectives, index, out);
    cycles(&objectives, &edges, out);
}

fn duplicate_objectives(objectives: &[Located<'_>], out: &mut Vec<Diagnostic>) {
    let mut first: HashMap<Key<'_>, &Located<'_>> = HashMap::new();
    for located in objectives {
        if let Some(earlier) = first.get(&located.key()) {
            let canonical = located.canonical();
            out.push(
                Diagnostic::new(
                    Code::DuplicateId,
                    located.file,
                    located.objective.spans.id,
                    format!("objective `{canonical}` is defined twice"),
                )
                .help("objective ids are unique per team and period, across files: rename one or merge them")
                .related(earlier.file, earlier.objective.spans.id, "first defined here"),
            );
        } else {
            first.insert(located.key(), located);
        }
    }
}

fn objective_count(objectives: &[Located<'_>], config: &Config, out: &mut Vec<Diagnostic>) {
    let max = config.limits.objectives_max;
    let mut by_team: BTreeMap<(&str, Period), Vec<&Located<'_>>> = BTreeMap::new();
    for located in objectives {
        by_team.entry((&located.document.team, located.document.period)).or_default().push(located);
    }
    for ((team, period), list) in by_team {
        if let Some(over) = list.get(max) {
            out.push(
                Diagnostic::new(
                    Code::ObjectiveCount,
                    over.file,
                    over.objective.spans.node,
                    format!("team `{team}` has {} objectives in {period}; at most {max} are expected", list.len()),
                )
                .help("fewer objectives get more done: keep the ones that matter most this period"),
            );
        }
    }
}

/// An objective-to-objective alignment, for the cycle search.
struct Edge {
    from: usize,
    to: CanonicalRef,
    file: FileId,
    span: Span,
}

/// Resolve every `aligns_to` reference: unresolved and wrong-period ones are
/// findings, delegated key results too; the rest become edges.
fn alignment(objectives: &[Located<'_>], index: &Index<'_>, out: &mut Vec<Diagnostic>) -> Vec<Edge> {
    let mut edges = Vec::new();
    for (position, child) in objectives.iter().enumerate() {
        let period = child.document.period;
        for (text, span) in child.objective.aligns_to.iter().zip(&child.objective.spans.aligns_to) {
            let Some(reference) = Reference::parse(text) else { continue };
            match index.resolve(period, &reference) {
                Resolution::Found(parent) => {
                    // An objective aligned to itself is a loop (reported as
                    // such), not a delegation of its own key results.
                    if parent.objective_ref() != child.canonical() {
                        delegated(child, &parent, index, out);
                    }
                    edges.push(Edge { from: position, to: parent.objective_ref(), file: child.file, span: *span });
                }
                Resolution::PeriodNotEnclosing(parent_period) => out.push(
                    Diagnostic::new(
                        Code::AlignmentPeriod,
                        child.file,
                        *span,
                        format!("`{text}` is in {parent_period}, which does not enclose {period}"),
                    )
                    .help(format!("an objective aligns to its own period or an enclosing one ({})", enclosing(period))),
                ),
                Resolution::Unresolved { elsewhere } => {
                    let mut finding = Diagnostic::new(
                        Code::AlignmentUnresolved,
                        child.file,
                        *span,
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
        }
    }
    edges
}

fn enclosing(period: Period) -> String {
    period.with_ancestors().map(|p| p.to_string()).collect::<Vec<_>>().join(", ")
}

/// `kr-delegated`: a key result whose title repeats one of the parent's.
fn delegated(child: &Located<'_>, parent: &CanonicalRef, index: &Index<'_>, out: &mut Vec<Diagnostic>) {
    let Some(parent_objective) = index.objective(parent) else { return };
    for kr in &child.objective.key_results {
        let Some(original) = parent_objective.objective.key_results.iter().find(|p| same_words(&p.title, &kr.title))
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
fn cycles(objectives: &[Located<'_>], edges: &[Edge], out: &mut Vec<Diagnostic>) {
    let position: HashMap<Key<'_>, usize> = objectives.iter().enumerate().rev().map(|(i, o)| (o.key(), i)).collect();
    let mut successors: Vec<Vec<(usize, &Edge)>> = vec![Vec::new(); objectives.len()];
    for edge in edges {
        if let Some(&to) = position.get(&(edge.to.team.as_str(), edge.to.objective.as_str(), edge.to.period)) {
            successors[edge.from].push((to, edge));
        }
    }
    for component in strongly_connected(&successors) {
        let looped = component.len() > 1 || successors[component[0]].iter().any(|(to, _)| *to == component[0]);
        if !looped {
            continue;
        }
        let start = *component.iter().min().expect("not empty");
        let path = loop_path(start, &component, &successors);
        let names: Vec<String> = path.iter().map(|i| format!("`{}`", objectives[*i].canonical())).collect();
        let edge = successors[start].iter().find(|(to, _)| component.contains(to)).expect("in a loop").1;
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

/// A simple loop through `start` that stays inside `component`.
fn loop_path(start: usize, component: &[usize], successors: &[Vec<(usize, &Edge)>]) -> Vec<usize> {
    // Breadth-first search back to `start`, remembering predecessors.
    let mut previous: HashMap<usize, usize> = HashMap::new();
    let mut queue = std::collections::VecDeque::from([start]);
    while let Some(node) = queue.pop_front() {
        for (next, _) in &successors[node] {
            if !component.contains(next) {
                continue;
            }
            if *next == start {
                let mut path = vec![node];
                while let Some(&p) = previous.get(path.last().expect("not empty")) {
                    path.push(p);
                }
                path.reverse();
                return path;
            }
            if !previous.contains_key(next) && *next != start {
                previous.insert(*next, node);
                queue.push_back(*next);
            }
        }
    }
    vec![start]
}

/// Tarjan's algorithm, iterative so that a long chain cannot overflow the stack.
fn strongly_connected(successors: &[Vec<(usize, &Edge)>]) -> Vec<Vec<usize>> {
    let n = successors.len();
    let (mut index, mut low, mut on_stack) = (vec![usize::MAX; n], vec![0; n], vec![false; n]);
    let (mut stack, mut components, mut counter) = (Vec::new(), Vec::new(), 0);
    for root in 0..n {
        if index[root] != usize::MAX {
            continue;
        }
        let mut work = vec![(root, 0)];
        while let Some((node, child)) = work.pop() {
            if child == 0 {
                index[node] = counter;
                low[node] = counter;
                counter += 1;
                stack.push(node);
                on_stack[node] = true;
            } else {
                // Back from the edge taken last: a member of a finished group
                // (off the stack) says nothing about this one.
                let (previous, _) = successors[node][child - 1];
                if on_stack[previous] {
                    low[node] = low[node].min(low[previous]);
                }
            }
            if let Some(&(next, _)) = successors[node].get(child) {
                work.push((node, child + 1));
                if index[next] == usize::MAX {
                    work.push((next, 0));
                } else if on_stack[next] {
                    low[node] = low[node].min(index[next]);
                }
                continue;
            }
            if low[node] == index[node] {
                let mut component = Vec::new();
                while let Some(member) = stack.pop() {
                    on_stack[member] = false;
                    component.push(member);
                    if member == node {
                        break;
                    }
                }
                components.push(component);
            }
        }
    }
    components
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
    }
}
