//! `okr graph --format tree`: parents above children with box-drawing lines,
//! each objective with its score and grade, and the mean of what aligns to it.

use std::collections::{BTreeMap, BTreeSet};
use std::io::{self, Write};

use crate::graph::{Graph, Node, NodeType};
use crate::numbers::two_decimals;
use crate::refs::CanonicalRef;
use crate::render::safe::Terminal;

/// Write `graph` as an indented tree for a terminal.
pub fn render(out: &mut dyn Write, graph: &Graph) -> io::Result<()> {
    // Children of each objective: (child objective, the key result it aligns to, if any).
    let mut children: BTreeMap<CanonicalRef, Vec<(CanonicalRef, Option<String>)>> = BTreeMap::new();
    let mut parent_count: BTreeMap<&CanonicalRef, usize> = BTreeMap::new();
    for edge in graph.alignments() {
        children.entry(edge.to.objective_ref()).or_default().push((edge.from.clone(), edge.to.key_result.clone()));
        *parent_count.entry(&edge.from).or_default() += 1;
    }
    let objectives: Vec<&Node> = graph.nodes.iter().filter(|n| n.kind == NodeType::Objective).collect();
    if objectives.is_empty() {
        return writeln!(out, "No objectives.");
    }
    let tree = Tree { graph, children: &children, parent_count: &parent_count };
    for root in objectives.iter().filter(|n| !parent_count.contains_key(&n.canonical)) {
        writeln!(out, "{}", tree.line(root, None))?;
        tree.children(out, &root.canonical, "", &mut BTreeSet::from([root.canonical.clone()]))?;
    }
    writeln!(out)?;
    match graph.aligned {
        Some(aligned) => writeln!(
            out,
            "{} of {} objectives align to something ({:.0}%).",
            (aligned * graph.counted as f64).round() as usize,
            graph.counted,
            aligned * 100.0
        )?,
        // Only top-level objectives: nothing above them to align to.
        None => writeln!(out, "Only top-level objectives: there is nothing above them to align to.")?,
    }
    if !graph.unaligned.is_empty() {
        let names: Vec<String> = graph.unaligned.iter().map(|r| Terminal(&r.to_string()).to_string()).collect();
        writeln!(out, "Unaligned (align to nothing, nothing aligns to them): {}", names.join(", "))?;
    }
    Ok(())
}

struct Tree<'g> {
    graph: &'g Graph,
    children: &'g BTreeMap<CanonicalRef, Vec<(CanonicalRef, Option<String>)>>,
    parent_count: &'g BTreeMap<&'g CanonicalRef, usize>,
}

impl Tree<'_> {
    fn children(
        &self,
        out: &mut dyn Write,
        parent: &CanonicalRef,
        prefix: &str,
        path: &mut BTreeSet<CanonicalRef>,
    ) -> io::Result<()> {
        let Some(list) = self.children.get(parent) else { return Ok(()) };
        for (position, (child, via)) in list.iter().enumerate() {
            let last = position + 1 == list.len();
            let (branch, indent) = if last { ("└── ", "    ") } else { ("├── ", "│   ") };
            let Some(node) = self.graph.node(child) else { continue };
            let looped = path.contains(child);
            let mut line = self.line(node, via.as_deref());
            if looped {
                line.push_str("  (loop)");
            }
            writeln!(out, "{prefix}{branch}{line}")?;
            if !looped {
                path.insert(child.clone());
                self.children(out, child, &format!("{prefix}{indent}"), path)?;
                path.remove(child);
            }
        }
        Ok(())
    }

    fn line(&self, node: &Node, via: Option<&str>) -> String {
        let mut line =
            format!("{}  {} {}", Terminal(&node.canonical.to_string()), two_decimals(node.score), node.grade.as_str());
        if let Some(children) = node.children_score {
            line.push_str(&format!("  (aligned: {})", two_decimals(children)));
        }
        if let Some(kr) = via {
            line.push_str(&format!("  → via key result {}", Terminal(kr)));
        }
        let parents = self.parent_count.get(&node.canonical).copied().unwrap_or(0);
        if parents > 1 {
            line.push_str(&format!("  [{parents} parents]"));
        }
        line.push_str(&format!("  {}", node.title.terminal()));
        line
    }
}
