//! `okr graph --format mermaid`: a flowchart that GitHub renders in comments
//! and Markdown files. Children point up to their parents.

use std::collections::{BTreeSet, HashMap};
use std::io::{self, Write};

use crate::graph::{Graph, Node, NodeType};
use crate::numbers::two_decimals;
use crate::refs::CanonicalRef;
use crate::render::safe::Mermaid;

/// Write `graph` as a Mermaid flowchart.
pub fn render(out: &mut dyn Write, graph: &Graph) -> io::Result<()> {
    writeln!(out, "flowchart BT")?;
    let (shown, ids) = diagram_nodes(graph);
    for node in shown {
        let score = format!("{} {}", two_decimals(node.score), node.grade.as_str());
        let canonical = node.canonical.to_string();
        let label = format!("{}<br/>{}<br/>{score}", Mermaid(&canonical), node.title.mermaid());
        let (open, close) = if node.kind == NodeType::Objective { ("[\"", "\"]") } else { ("([\"", "\"])") };
        writeln!(out, "    {}{open}{label}{close}", ids[&node.canonical])?;
        writeln!(out, "    class {} {}", ids[&node.canonical], node.grade.as_str())?;
    }
    for edge in &graph.edges {
        if let (Some(from), Some(to)) = (ids.get(&edge.from), ids.get(&edge.to)) {
            let arrow = if edge.kind == crate::graph::EdgeType::KeyResult { "-.->" } else { "-->" };
            writeln!(out, "    {from} {arrow} {to}")?;
        }
    }
    writeln!(out, "    classDef green fill:#d4f7d4,stroke:#2e7d32")?;
    writeln!(out, "    classDef yellow fill:#fff4c2,stroke:#b8860b")?;
    writeln!(out, "    classDef red fill:#ffd6d6,stroke:#c62828")
}

/// The nodes a diagram draws, with their ids (`n0`, `n1`, …): objectives, and
/// the key results that something aligns to (a diagram of every key result
/// would bury the alignment).
pub fn diagram_nodes(graph: &Graph) -> (Vec<&Node>, HashMap<&CanonicalRef, String>) {
    let targets: BTreeSet<&CanonicalRef> = graph.alignments().map(|e| &e.to).collect();
    let shown: Vec<&Node> =
        graph.nodes.iter().filter(|n| n.kind == NodeType::Objective || targets.contains(&n.canonical)).collect();
    let ids = shown.iter().enumerate().map(|(i, n)| (&n.canonical, format!("n{i}"))).collect();
    (shown, ids)
}
