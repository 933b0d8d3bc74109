//! What the features share: every objective of the workspace by canonical
//! ref (the catalogue), what sits at a position of a document, who aligns to
//! what, and scores as people read them.

use std::collections::HashMap;

use lsp_server::ResponseError;
use lsp_types::{Position, TextDocumentIdentifier};
use okr::check::incremental::LiveWorkspace;
use okr::config::Config;
use okr::findings::FileId;
use okr::model::{Document, KeyResult, Objective};
use okr::period::Period;
use okr::refs::Reference;
use okr::span::Span;

use super::position::LineIndex;
use super::session::Session;

/// An objective, or one of its key results, of file `file`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Target {
    pub file: FileId,
    pub objective: usize,
    pub key_result: Option<usize>,
}

/// Every objective of the workspace by (team, id, period): the first
/// definition of each, as `okr check` resolves references to it. Keyed by a
/// hash of the three, checked against the document on lookup, so that
/// building it after an edit copies no string (it is built again after
/// every change, before the next completion or hover).
pub struct Catalogue {
    by_key: HashMap<u64, (FileId, usize)>,
    /// Different keys whose hashes are equal: with 64 bits, in theory only.
    collisions: Vec<(u64, FileId, usize)>,
}

fn key_hash(team: &str, id: &str, period: Period) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    (team, id, period).hash(&mut hasher);
    hasher.finish()
}

impl Catalogue {
    pub fn build(live: &LiveWorkspace) -> Catalogue {
        let mut by_key: HashMap<u64, (FileId, usize)> = HashMap::with_capacity(live.len() * 4);
        let mut collisions = Vec::new();
        for (file, source) in live.files().enumerate() {
            let Some(document) = &source.document else { continue };
            for (at, objective) in document.objectives.iter().enumerate() {
                let hash = key_hash(&document.team, &objective.id, document.period);
                match by_key.entry(hash) {
                    std::collections::hash_map::Entry::Vacant(entry) => {
                        entry.insert((file, at));
                    }
                    std::collections::hash_map::Entry::Occupied(entry) => {
                        let (first_file, first) = *entry.get();
                        let same = objective_at(live, first_file, first).is_some_and(|(team, id, period)| {
                            team == document.team && id == objective.id && period == document.period
                        });
                        if !same {
                            collisions.push((hash, file, at));
                        }
                    }
                }
            }
        }
        Catalogue { by_key, collisions }
    }

    /// The first definition of objective `id` of `team` in `period`.
    fn find(&self, live: &LiveWorkspace, team: &str, id: &str, period: Period) -> Option<(FileId, usize)> {
        let hash = key_hash(team, id, period);
        let first = self.by_key.get(&hash).into_iter().copied();
        let others = self.collisions.iter().filter(|(h, ..)| *h == hash).map(|(_, file, at)| (*file, *at));
        first.chain(others).find(|(file, at)| {
            objective_at(live, *file, *at).is_some_and(|(t, i, p)| t == team && i == id && p == period)
        })
    }

    /// What `reference`, written in an objective of `child_period`, names:
    /// as `okr check` resolves it (the same period first, then the smallest
    /// enclosing period that has it; `@period` only when it encloses).
    pub fn resolve(&self, live: &LiveWorkspace, child_period: Period, reference: &Reference) -> Option<Target> {
        let periods: Vec<Period> = match reference.period {
            Some(period) if period.encloses(&child_period) => vec![period],
            Some(_) => return None,
            None => child_period.with_ancestors().collect(),
        };
        periods.into_iter().find_map(|period| {
            let (file, objective) = self.find(live, &reference.team, &reference.objective, period)?;
            let key_result = match &reference.key_result {
                None => None,
                Some(id) => {
                    Some(document(live, file)?.objectives[objective].key_results.iter().position(|kr| kr.id == *id)?)
                }
            };
            Some(Target { file, objective, key_result })
        })
    }

    /// Every objective of the workspace (its first definition), with its file.
    pub fn objectives(&self) -> impl Iterator<Item = (FileId, usize)> + '_ {
        self.by_key.values().copied().chain(self.collisions.iter().map(|(_, file, at)| (*file, *at)))
    }

    /// Whether an objective `id` of `team` exists in `period`.
    pub fn has(&self, live: &LiveWorkspace, team: &str, id: &str, period: Period) -> bool {
        self.find(live, team, id, period).is_some()
    }
}

/// The team, id and period of objective `at` of file `file`.
fn objective_at(live: &LiveWorkspace, file: FileId, at: usize) -> Option<(&str, &str, Period)> {
    let document = document(live, file)?;
    Some((&document.team, &document.objectives.get(at)?.id, document.period))
}

pub fn document(live: &LiveWorkspace, file: FileId) -> Option<&Document> {
    live.file(file).document.as_ref()
}

/// What is at a position of a document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Node {
    /// Entry `entry` of objective `objective`'s `aligns_to`.
    AlignsTo {
        objective: usize,
        entry: usize,
    },
    /// An objective (on its `id` value or elsewhere in it, outside its key results).
    Objective {
        objective: usize,
        on_id: bool,
    },
    KeyResult {
        objective: usize,
        key_result: usize,
        on_id: bool,
    },
    Health(usize),
    /// Outside every objective and health metric.
    Document,
}

/// The node of `document` at character offset `offset`.
pub fn node_at(document: &Document, offset: u32) -> Node {
    let inside = |span: &Span| span.start <= offset && offset <= span.end && span.end > 0;
    for (o, objective) in document.objectives.iter().enumerate() {
        if !inside(&objective.spans.node) {
            continue;
        }
        if let Some(entry) = objective.spans.aligns_to.iter().position(inside) {
            return Node::AlignsTo { objective: o, entry };
        }
        if let Some(k) = objective.key_results.iter().position(|kr| inside(&kr.spans.node)) {
            let on_id = inside(&objective.key_results[k].spans.id);
            return Node::KeyResult { objective: o, key_result: k, on_id };
        }
        return Node::Objective { objective: o, on_id: inside(&objective.spans.id) };
    }
    match document.health.iter().position(|metric| inside(&metric.spans.node)) {
        Some(h) => Node::Health(h),
        None => Node::Document,
    }
}

/// A position request resolved: the file, its lines, its model, and the
/// character offset the position is at.
pub struct At<'s> {
    pub file: FileId,
    pub lines: std::borrow::Cow<'s, LineIndex>,
    pub document: Option<&'s Document>,
    /// The offset in characters (what spans count).
    pub offset: u32,
    /// The offset in bytes of the text.
    pub byte: usize,
}

/// The file and offset a position names: `None` in an open document that
/// is no OKR file, an error for a document okr does not know.
pub fn at<'s>(
    session: &'s Session,
    document: &TextDocumentIdentifier,
    position: Position,
) -> Result<Option<At<'s>>, ResponseError> {
    let Some(file) = session.known(&document.uri)? else { return Ok(None) };
    let lines = session.lines(file);
    let byte = lines.offset(position, session.encoding);
    let offset = okr::span::index(lines.text()[..byte].chars().count());
    Ok(Some(At { file, document: super::outline::document(&session.live, file), lines, offset, byte }))
}

/// Every `aligns_to` entry of the workspace that names `target` (for an
/// objective, the objective or one of its key results): file, objective and
/// entry.
pub fn aligned_to(session: &Session, catalogue: &Catalogue, target: Target) -> Vec<(FileId, usize, usize)> {
    let live = &session.live;
    let mut found = Vec::new();
    for (file, source) in live.files().enumerate() {
        let Some(document) = &source.document else { continue };
        for (o, objective) in document.objectives.iter().enumerate() {
            for (e, text) in objective.aligns_to.iter().enumerate() {
                let Some(reference) = Reference::parse(text) else { continue };
                let Some(named) = catalogue.resolve(live, document.period, &reference) else { continue };
                let hit = named.file == target.file
                    && named.objective == target.objective
                    && (target.key_result.is_none() || named.key_result == target.key_result);
                if hit {
                    found.push((file, o, e));
                }
            }
        }
    }
    found
}

/// The canonical ref of a target, as every output names it.
pub fn canonical(live: &LiveWorkspace, target: Target) -> Option<String> {
    let document = document(live, target.file)?;
    let objective = document.objectives.get(target.objective)?;
    let mut name = format!("{}/{}", document.team, objective.id);
    if let Some(kr) = target.key_result.and_then(|k| objective.key_results.get(k)) {
        name.push('/');
        name.push_str(&kr.id);
    }
    Some(format!("{name}@{}", document.period))
}

/// An objective's score and grade, in words: `0.64 · yellow`.
pub fn objective_score(objective: &Objective, config: &Config) -> (f64, &'static str) {
    let score = okr::score::objective(objective);
    (score, okr::score::grade(score, objective.kind, &config.grading).as_str())
}

/// A key result's score, and its grade under its objective's kind.
pub fn key_result_score(objective: &Objective, kr: &KeyResult, config: &Config) -> (f64, &'static str) {
    let score = okr::score::key_result(kr).0;
    (score, okr::score::grade(score, objective.kind, &config.grading).as_str())
}

/// A score as people read it: two decimals.
pub fn two(score: f64) -> String {
    okr::numbers::two_decimals(score)
}

/// The span of the target's id (the key result's, or the objective's).
pub fn id_span(document: &Document, target: Target) -> Option<Span> {
    let objective = document.objectives.get(target.objective)?;
    Some(match target.key_result {
        Some(k) => objective.key_results.get(k)?.spans.id,
        None => objective.spans.id,
    })
}
