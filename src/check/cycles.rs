//! Alignment loops: the strongly connected groups of the graph of
//! objective-to-objective alignments, one `alignment-cycle` finding each.

use std::collections::HashMap;

use crate::findings::Code;
use crate::findings::{Diagnostic, FileId};
use crate::index::Index;
use crate::span::Span;

/// An objective-to-objective alignment, for the cycle search: positions in
/// the index.
pub(super) struct Edge {
    pub from: usize,
    pub to: usize,
    pub file: FileId,
    pub span: Span,
}

/// One `alignment-cycle` finding per strongly connected group of objectives
/// (a loop, or loops sharing objectives), at the first edge into the loop.
pub(super) fn check(index: &Index<'_>, edges: &[Edge], out: &mut Vec<Diagnostic>) {
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
