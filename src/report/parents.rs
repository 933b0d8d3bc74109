//! What the period's objectives align to in an enclosing period (the
//! company's yearly objectives above a team's quarter), for the report
//! page's alignment tree: each parent with its title, team, score and grade
//! as the files given have them, and the period's objectives beneath it.

use std::collections::HashMap;

use crate::config::Config;
use crate::graph::{self, Filter};
use crate::load::Workspace;
use crate::period::Period;
use crate::refs::CanonicalRef;
use crate::score::Grade;
use crate::text::Text;

/// An objective or key result of a period that encloses the report's, that
/// objectives of the report's period align to.
#[derive(Debug, Clone)]
pub struct Parent {
    /// Its canonical reference (with a key result's id, for a key result).
    pub reference: CanonicalRef,
    /// Its team's id.
    pub team: String,
    /// Its title.
    pub title: Text,
    /// Its score, 0 to 1, from the values in its file.
    pub score: f64,
    /// Its grade.
    pub grade: Grade,
    /// The objectives of the report's period that align to it, in the
    /// order of their files.
    pub children: Vec<CanonicalRef>,
}

/// The enclosing-period parents of `period`'s objectives (only `teams`'
/// objectives, when given) in `workspace`, in the order of their files;
/// each parent once, whatever number of objectives align to it.
pub fn enclosing(workspace: &Workspace, config: &Config, period: Period, teams: &[String]) -> Vec<Parent> {
    let filter = Filter { period: Some(period), teams: teams.to_vec() };
    let graph = graph::build(workspace, config, &filter);
    let mut children: HashMap<&CanonicalRef, Vec<CanonicalRef>> = HashMap::new();
    for edge in graph.alignments() {
        if edge.from.period == period && edge.to.period != period && edge.to.period.encloses(&period) {
            children.entry(&edge.to).or_default().push(edge.from.clone());
        }
    }
    graph
        .nodes
        .iter()
        .filter_map(|node| {
            let children = children.remove(&node.canonical)?;
            Some(Parent {
                reference: node.canonical.clone(),
                team: node.team.clone(),
                title: node.title.clone(),
                score: node.score,
                grade: node.grade,
                children,
            })
        })
        .collect()
}
