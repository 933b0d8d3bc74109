//! The alignment graph: objectives and key results as nodes,
//! "belongs to" and "aligns to" as edges, across files and periods.

use std::collections::{BTreeSet, HashMap};

use serde::Serialize;

use crate::config::Config;
use crate::index::{outline, Index, Resolution};
use crate::load::Workspace;
use crate::period::Period;
use crate::refs::{CanonicalRef, Reference};
use crate::score::{self, Grade};
use crate::text::Text;

/// The JSON wire format of `okr graph --format json`.
#[derive(Debug, Serialize)]
pub struct Graph {
    /// The version of the JSON format; 1.
    pub version: u32,
    /// Every objective and key result.
    pub nodes: Vec<Node>,
    /// Every edge between them.
    pub edges: Vec<Edge>,
    /// Share of the objectives (of `--period` and `--team`, when given)
    /// that align to something, among those that have something to align
    /// to: top-level objectives are not counted.
    pub aligned: Option<f64>,
    /// How many objectives `aligned` is a share of.
    #[serde(skip)]
    pub counted: usize,
    /// Objectives that align to nothing and that nothing aligns to, but
    /// could: top-level objectives are never unaligned.
    pub unaligned: Vec<CanonicalRef>,
}

/// An objective or key result in the graph.
#[derive(Debug, Serialize)]
pub struct Node {
    /// Its canonical reference.
    #[serde(rename = "ref")]
    pub canonical: CanonicalRef,
    /// Whether it is an objective or a key result.
    #[serde(rename = "type")]
    pub kind: NodeType,
    /// The team's id.
    pub team: String,
    /// Its period.
    pub period: Period,
    /// Its title.
    pub title: Text,
    /// Its score, 0 to 1.
    pub score: f64,
    /// Its grade.
    pub grade: Grade,
    /// Mean score of the objectives that align to this node (for an
    /// objective: to it or to one of its key results).
    pub children_score: Option<f64>,
}

/// What a node is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum NodeType {
    /// An objective.
    Objective,
    /// A key result.
    KeyResult,
}

/// A line of the graph: a key result of an objective, or an alignment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Edge {
    /// Where the edge starts: an objective.
    pub from: CanonicalRef,
    /// Where it leads: its key result, or the parent it aligns to.
    pub to: CanonicalRef,
    /// `key_result` (a key result to its objective) or `aligns_to`.
    #[serde(rename = "type")]
    pub kind: EdgeType,
}

/// What an edge means.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum EdgeType {
    /// `from` has the key result `to`.
    KeyResult,
    /// `from` aligns to `to`.
    AlignsTo,
}

impl Graph {
    /// The node with this canonical reference, if the graph has it.
    pub fn node(&self, canonical: &CanonicalRef) -> Option<&Node> {
        self.nodes.iter().find(|n| n.canonical == *canonical)
    }

    /// The `aligns_to` edges, child to parent.
    pub fn alignments(&self) -> impl Iterator<Item = &Edge> {
        self.edges.iter().filter(|e| e.kind == EdgeType::AlignsTo)
    }
}

/// Which objectives a graph is about.
#[derive(Debug, Default, Clone)]
pub struct Filter {
    /// Only this period's objectives (and the enclosing periods' ones they align to).
    pub period: Option<Period>,
    /// Only these teams' objectives (and the ones they align to); every team when empty.
    pub teams: Vec<String>,
}

/// The graph of every objective, or of the objectives `filter` keeps and,
/// transitively, the objectives they align to (with a period: those of the
/// enclosing periods).
///
/// An objective is *top-level* when no objective of the workspace is in a
/// period that strictly encloses its own (the company's yearly objectives,
/// say): it has nothing to align to, so it is neither counted in the
/// aligned share nor listed as unaligned.
pub fn build(workspace: &Workspace, config: &Config, filter: &Filter) -> Graph {
    let outlines: Vec<_> = workspace.documents().map(|(file, document)| (file, outline(document))).collect();
    let index = Index::build(outlines.iter().map(|(file, outline)| (*file, outline)));
    // Every objective (first definition wins, as in the checks) with its parents.
    let mut objectives = Vec::new();
    let mut seen = BTreeSet::new();
    for (_, document) in workspace.documents() {
        for objective in &document.objectives {
            let canonical = CanonicalRef::objective(&document.team, &objective.id, document.period);
            if !seen.insert(canonical.clone()) {
                continue;
            }
            let parents: Vec<CanonicalRef> = objective
                .aligns_to
                .iter()
                .filter_map(|text| Reference::parse(text))
                .filter_map(|reference| match index.resolve(document.period, &reference) {
                    Resolution::Found { period, .. } => Some(reference.in_period(period)),
                    _ => None,
                })
                .collect();
            objectives.push((canonical, document, objective, parents));
        }
    }
    let shown = shown_objectives(&objectives, filter);
    let periods: BTreeSet<Period> = objectives.iter().map(|o| o.0.period).collect();
    let top_level = |of: Period| !periods.iter().any(|p| *p != of && p.encloses(&of));
    let mut nodes = Vec::new();
    let mut edges = Vec::new();
    for (canonical, document, objective, parents) in objectives.iter().filter(|o| shown.contains(&o.0)) {
        let objective_score = score::objective(objective);
        nodes.push(Node {
            canonical: canonical.clone(),
            kind: NodeType::Objective,
            team: document.team.clone(),
            period: document.period,
            title: objective.title.clone(),
            score: objective_score,
            grade: score::grade(objective_score, objective.kind, &config.grading),
            children_score: None,
        });
        for kr in &objective.key_results {
            let kr_ref = CanonicalRef { key_result: Some(kr.id.clone()), ..canonical.clone() };
            let kr_score = score::key_result(kr).0;
            nodes.push(Node {
                canonical: kr_ref.clone(),
                kind: NodeType::KeyResult,
                team: document.team.clone(),
                period: document.period,
                title: kr.title.clone(),
                score: kr_score,
                grade: score::grade(kr_score, objective.kind, &config.grading),
                children_score: None,
            });
            edges.push(Edge { from: kr_ref, to: canonical.clone(), kind: EdgeType::KeyResult });
        }
        for parent in parents.iter().filter(|p| shown.contains(&p.objective_ref())) {
            edges.push(Edge { from: canonical.clone(), to: parent.clone(), kind: EdgeType::AlignsTo });
        }
    }
    let scores: HashMap<&CanonicalRef, f64> = nodes.iter().map(|n| (&n.canonical, n.score)).collect();
    // What aligns to a key result aligns to its objective too.
    let mut children: HashMap<CanonicalRef, Vec<f64>> = HashMap::new();
    for edge in edges.iter().filter(|e| e.kind == EdgeType::AlignsTo) {
        children.entry(edge.to.clone()).or_default().push(scores[&edge.from]);
        if edge.to.key_result.is_some() {
            children.entry(edge.to.objective_ref()).or_default().push(scores[&edge.from]);
        }
    }
    let children_scores: HashMap<CanonicalRef, f64> =
        children.into_iter().filter_map(|(parent, scores)| Some((parent, score::mean(scores.into_iter())?))).collect();
    for node in &mut nodes {
        node.children_score = children_scores.get(&node.canonical).copied();
    }
    // With a filter, the share and the unaligned list are about the
    // objectives it keeps, not the ones brought in as parents; never about
    // top-level objectives.
    let objective_refs: Vec<&CanonicalRef> = nodes
        .iter()
        .filter(|n| n.kind == NodeType::Objective && filter.keeps(n.period, &n.team) && !top_level(n.period))
        .map(|n| &n.canonical)
        .collect();
    let aligning: BTreeSet<&CanonicalRef> =
        edges.iter().filter(|e| e.kind == EdgeType::AlignsTo).map(|e| &e.from).collect();
    let aligned_to: BTreeSet<CanonicalRef> =
        edges.iter().filter(|e| e.kind == EdgeType::AlignsTo).map(|e| e.to.objective_ref()).collect();
    let aligned = score::mean(objective_refs.iter().map(|r| f64::from(u8::from(aligning.contains(r)))));
    let unaligned: Vec<CanonicalRef> = objective_refs
        .iter()
        .filter(|r| !aligning.contains(**r) && !aligned_to.contains(**r))
        .map(|r| (*r).clone())
        .collect();
    let counted = objective_refs.len();
    Graph { version: 1, nodes, edges, aligned, counted, unaligned }
}

type Entry<'w> = (CanonicalRef, &'w crate::model::Document, &'w crate::model::Objective, Vec<CanonicalRef>);

impl Filter {
    /// Whether an objective of `team` in `period` is one the filter asks for.
    fn keeps(&self, period: Period, team: &str) -> bool {
        self.period.is_none_or(|p| p == period) && (self.teams.is_empty() || self.teams.iter().any(|t| t == team))
    }
}

/// The objectives `filter` keeps and, transitively, the objectives they
/// align to (with a period, only those of enclosing periods); everything
/// without a filter.
fn shown_objectives(objectives: &[Entry<'_>], filter: &Filter) -> BTreeSet<CanonicalRef> {
    let parents: HashMap<&CanonicalRef, &Vec<CanonicalRef>> = objectives.iter().map(|o| (&o.0, &o.3)).collect();
    let mut shown = BTreeSet::new();
    let mut queue: Vec<CanonicalRef> =
        objectives.iter().filter(|o| filter.keeps(o.0.period, &o.1.team)).map(|o| o.0.clone()).collect();
    while let Some(next) = queue.pop() {
        if !shown.insert(next.clone()) {
            continue;
        }
        for parent in parents.get(&next).into_iter().flat_map(|p| p.iter()) {
            if filter.period.is_none_or(|period| parent.period.encloses(&period)) {
                queue.push(parent.objective_ref());
            }
        }
    }
    shown
}
