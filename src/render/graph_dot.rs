//! `okr graph --format dot`: Graphviz, children pointing up to their parents.

use std::io::{self, Write};

use crate::graph::{EdgeType, Graph, NodeType};
use crate::numbers::two_decimals;
use crate::render::graph_mermaid::diagram_nodes;
use crate::render::safe::Dot;
use crate::score::Grade;

/// Write `graph` in Graphviz DOT.
pub fn render(out: &mut dyn Write, graph: &Graph) -> io::Result<()> {
    writeln!(out, "digraph okr {{")?;
    writeln!(out, "  rankdir=BT;")?;
    writeln!(out, "  node [shape=box, style=\"rounded,filled\", fontname=\"Helvetica\"];")?;
    let (shown, ids) = diagram_nodes(graph);
    for node in shown {
        let fill = match node.grade {
            Grade::Green => "#d4f7d4",
            Grade::Yellow => "#fff4c2",
            Grade::Red => "#ffd6d6",
        };
        let shape = if node.kind == NodeType::Objective { "box" } else { "ellipse" };
        let label = format!(
            "{}\\n{}\\n{} {}",
            Dot(&node.canonical.to_string()),
            node.title.dot(),
            two_decimals(node.score),
            node.grade.as_str()
        );
        writeln!(out, "  {} [label=\"{}\", fillcolor=\"{fill}\", shape={shape}];", ids[&node.canonical], label)?;
    }
    for edge in &graph.edges {
        if let (Some(from), Some(to)) = (ids.get(&edge.from), ids.get(&edge.to)) {
            let style = if edge.kind == EdgeType::KeyResult { " [style=dashed]" } else { "" };
            writeln!(out, "  {from} -> {to}{style};")?;
        }
    }
    writeln!(out, "}}")
}
