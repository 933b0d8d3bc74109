//! Replaying a period's OKR files commit by commit: which key results
//! moved (check-ins), which targets moved, what was added and what dropped.
//!
//! Objectives and key results are followed by canonical ref, never by path:
//! the tracker keeps which files define each objective, so a file that moves,
//! is renamed or is split changes nothing.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::rc::Rc;

use crate::measure::{Measure, Reading};
use crate::model::{Document, HealthMetric, KeyResult, Kind, Num, Objective};
use crate::report::wire::Values;
use crate::score;
use crate::scoreboard::Health;
use crate::text::Text;

/// A commit, by its index in the walk (oldest first).
pub type CommitIndex = usize;

/// `(team, id)`: an objective's or a health metric's canonical ref within the period.
type Key = (String, String);

/// A value as the report shows it: a number, `done`, a kind, or nothing.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Value {
    Number(f64),
    Bool(bool),
    Kind(Kind),
    Absent,
}

impl Value {
    fn number(number: Option<f64>) -> Value {
        number.map_or(Value::Absent, Value::Number)
    }
}

impl From<Reading> for Value {
    /// What a check-in records: `current`, or `done` for a milestone.
    fn from(reading: Reading) -> Value {
        match reading {
            Reading::Done(done) => Value::Bool(done),
            Reading::Current(current) => Value::number(current),
        }
    }
}

#[derive(Debug, Clone)]
pub struct Checkin {
    pub commit: CommitIndex,
    pub value: Value,
    pub score: f64,
    /// The key result's `confidence` and `note` as that commit left them.
    pub confidence: Option<f64>,
    pub note: Option<Text>,
}

#[derive(Debug, Clone)]
pub struct TargetChange {
    pub commit: CommitIndex,
    pub field: &'static str,
    pub old: Value,
    pub new: Value,
}

/// An objective as the latest version of its file left it: the values the
/// report shows, copied out of the document. Tracks keep values, never
/// documents, so a version of a file is let go as soon as the next one is
/// read, and the replay's memory is the size of the tree, not of the history.
#[derive(Debug, Clone)]
pub struct ObjectiveState {
    pub title: Text,
    pub kind: Kind,
    /// Its score, over all its key results.
    pub score: f64,
    /// What it aligns to, as written: the HTML page's tree.
    pub aligns_to: Vec<String>,
}

impl ObjectiveState {
    fn of(objective: &Objective) -> ObjectiveState {
        ObjectiveState {
            title: objective.title.clone(),
            kind: objective.kind,
            score: score::objective(objective),
            aligns_to: objective.aligns_to.clone(),
        }
    }

    fn set(&mut self, objective: &Objective) {
        // `clone_from` reuses the buffer: most check-ins change no title.
        self.title.clone_from(&objective.title);
        self.aligns_to.clone_from(&objective.aligns_to);
        self.kind = objective.kind;
        self.score = score::objective(objective);
    }
}

/// A key result as a version of its file left it, copied out of the
/// document as `ObjectiveState` is.
#[derive(Debug, Clone)]
pub struct KeyResultState {
    pub title: Text,
    pub unit: Option<Text>,
    /// Its measure; `None` when it has no valid one (a `kr-measure` finding).
    pub measure: Option<Measure>,
    pub score: f64,
    /// Its fields, with what a check-in records.
    pub values: Values,
    /// An absent weight is 1.
    pub weight: f64,
    /// Its latest note.
    pub note: Option<Text>,
}

impl KeyResultState {
    fn of(kr: &KeyResult) -> KeyResultState {
        KeyResultState {
            title: kr.title.clone(),
            unit: kr.unit.clone(),
            measure: Measure::of(kr).ok(),
            score: score::key_result(kr).0,
            values: Values::of(kr),
            weight: score::weight(kr),
            note: kr.note.clone(),
        }
    }

    fn set(&mut self, kr: &KeyResult) {
        self.title.clone_from(&kr.title);
        self.unit.clone_from(&kr.unit);
        self.note.clone_from(&kr.note);
        self.measure = Measure::of(kr).ok();
        self.score = score::key_result(kr).0;
        self.values = Values::of(kr);
        self.weight = score::weight(kr);
    }
}

#[derive(Debug)]
pub struct KeyResultTrack {
    pub id: String,
    /// The commit that added it; `None` when it was in the start state.
    pub created: Option<CommitIndex>,
    /// In the latest state replayed (a key result of a deleted objective is not).
    pub present: bool,
    /// Its values when it was first seen.
    pub first: Values,
    /// Its latest state: the current one, or the last before it was removed.
    pub last: KeyResultState,
    pub checkins: Vec<Checkin>,
    pub target_changes: Vec<TargetChange>,
    /// Its score in its first state, then after each check-in.
    pub sparkline: Vec<f64>,
}

impl KeyResultTrack {
    fn new(kr: &KeyResult, created: Option<CommitIndex>) -> KeyResultTrack {
        let last = KeyResultState::of(kr);
        KeyResultTrack {
            id: kr.id.clone(),
            created,
            present: true,
            sparkline: vec![last.score],
            first: last.values,
            last,
            checkins: Vec::new(),
            target_changes: Vec::new(),
        }
    }

    /// The key result as a commit leaves it. `counted` is that commit when it
    /// is dated inside the window and the key result was in its first parent.
    fn update(&mut self, new: &KeyResult, counted: Option<CommitIndex>) {
        if let Some(commit) = counted {
            let old = &self.last;
            let measured = Reading::of(new);
            if old.values.reading != measured {
                let score = score::key_result(new).0;
                self.checkins.push(Checkin {
                    commit,
                    value: Value::from(measured),
                    score,
                    confidence: new.confidence.map(|c| c.0),
                    note: new.note.clone(),
                });
                self.sparkline.push(score);
            }
            let number = |n: Option<Num>| n.map(|n| n.0);
            let fields = [
                ("start", old.values.start, number(new.start)),
                ("target", old.values.target, number(new.target)),
                ("at_least", old.values.at_least, number(new.at_least)),
                ("at_most", old.values.at_most, number(new.at_most)),
                // An absent weight is 1: writing `weight: 1` changes nothing.
                ("weight", Some(old.weight), Some(score::weight(new))),
            ];
            for (field, old, new) in fields {
                if old != new {
                    let (old, new) = (Value::number(old), Value::number(new));
                    self.target_changes.push(TargetChange { commit, field, old, new });
                }
            }
        }
        self.last.set(new);
        self.present = true;
    }
}

#[derive(Debug)]
pub struct ObjectiveTrack {
    pub team: String,
    pub id: String,
    pub created: Option<CommitIndex>,
    /// In the latest state replayed; `false` once deleted.
    pub present: bool,
    /// Its latest state: the current one, or the last before its deletion.
    pub last: ObjectiveState,
    pub key_results: Vec<KeyResultTrack>,
    /// Changes of `kind`.
    pub target_changes: Vec<TargetChange>,
}

impl ObjectiveTrack {
    fn new(team: &str, objective: &Objective, created: Option<CommitIndex>) -> ObjectiveTrack {
        let mut track = ObjectiveTrack {
            team: team.to_owned(),
            id: objective.id.clone(),
            created,
            present: false,
            last: ObjectiveState::of(objective),
            // Exactly as many as it has: thousands of tracks, each a few
            // hundred bytes, would otherwise grow a third larger.
            key_results: Vec::with_capacity(objective.key_results.len()),
            target_changes: Vec::new(),
        };
        track.update(Some(objective), created, false);
        track
    }

    /// The objective as `commit` leaves it (`None`: the start state); `now`
    /// is `None` when the commit deleted it.
    fn update(&mut self, now: Option<&Objective>, commit: Option<CommitIndex>, in_window: bool) {
        let Some(objective) = now else {
            self.present = false;
            self.key_results.iter_mut().for_each(|kr| kr.present = false);
            return;
        };
        // Events are counted against the commit's parent, where it existed.
        let counted = commit.filter(|_| in_window && self.present);
        let (old_kind, new_kind) = (self.last.kind, objective.kind);
        if let Some(commit) = counted.filter(|_| old_kind != new_kind) {
            let (old, new) = (Value::Kind(old_kind), Value::Kind(new_kind));
            self.target_changes.push(TargetChange { commit, field: "kind", old, new });
        }
        let mut seen = HashSet::new();
        for kr in &objective.key_results {
            // A duplicate id (a `duplicate-id` finding) is the first one's.
            if !seen.insert(kr.id.as_str()) {
                continue;
            }
            match self.key_results.iter_mut().find(|track| track.id == kr.id) {
                Some(track) => {
                    let counted = counted.filter(|_| track.present);
                    track.update(kr, counted);
                }
                None => self.key_results.push(KeyResultTrack::new(kr, commit)),
            }
        }
        for track in &mut self.key_results {
            track.present &= seen.contains(track.id.as_str());
        }
        self.last.set(objective);
        self.present = true;
    }
}

/// A health metric: how often it was checked in, and how often breached then.
#[derive(Debug)]
pub struct HealthTrack {
    pub team: String,
    pub present: bool,
    /// Its latest version, copied out of the document.
    pub last: HealthMetric,
    pub checkins: usize,
    pub breached: usize,
}

impl HealthTrack {
    pub fn get(&self) -> &HealthMetric {
        &self.last
    }
}

/// The replay: the files of the period as of the latest commit applied, and
/// what happened to every objective, key result and health metric.
#[derive(Debug, Default)]
pub struct Tracker {
    files: HashMap<String, Rc<Document>>,
    /// Which files define an objective (two, in a `duplicate-id` case: the
    /// first path wins) and a health metric, with where each file holds it
    /// (its first, in a file that repeats an id): a file of thousands of
    /// objectives is not searched for each of them.
    objective_files: HashMap<Key, BTreeMap<String, usize>>,
    health_files: HashMap<Key, BTreeMap<String, usize>>,
    started: bool,
    pub objectives: Vec<ObjectiveTrack>,
    objective_index: HashMap<Key, usize>,
    pub health: Vec<HealthTrack>,
    health_index: HashMap<Key, usize>,
}

impl Tracker {
    /// Take the files as they are now as the start state: from here on,
    /// whatever appears is `added`.
    pub fn start(&mut self) {
        if self.started {
            return;
        }
        self.started = true;
        let mut paths: Vec<String> = self.files.keys().cloned().collect();
        paths.sort();
        for path in paths {
            let document = Rc::clone(&self.files[&path]);
            for objective in &document.objectives {
                self.update_objective(&(document.team.clone(), objective.id.clone()), None, false);
            }
            for metric in &document.health {
                self.update_health(&(document.team.clone(), metric.id.clone()), false);
            }
        }
    }

    /// Apply one commit: each changed path with its new document (`None`:
    /// deleted, or no longer a file of the period).
    pub fn apply(&mut self, commit: CommitIndex, in_window: bool, changes: Vec<(String, Option<Rc<Document>>)>) {
        let mut objectives: Vec<Key> = Vec::new();
        let mut health: Vec<Key> = Vec::new();
        for (path, new) in changes {
            let old = match &new {
                Some(document) => self.files.insert(path.clone(), Rc::clone(document)),
                None => self.files.remove(&path),
            };
            for (document, defines) in [(old, false), (new, true)] {
                let Some(document) = document else { continue };
                for (index, objective) in document.objectives.iter().enumerate() {
                    let key = (document.team.clone(), objective.id.clone());
                    register(&mut self.objective_files, &key, &path, defines.then_some(index));
                    objectives.push(key);
                }
                for (index, metric) in document.health.iter().enumerate() {
                    let key = (document.team.clone(), metric.id.clone());
                    register(&mut self.health_files, &key, &path, defines.then_some(index));
                    health.push(key);
                }
            }
        }
        if !self.started {
            return;
        }
        let mut done = HashSet::new();
        for key in objectives {
            if done.insert(key.clone()) {
                self.update_objective(&key, Some(commit), in_window);
            }
        }
        for key in health.into_iter().collect::<BTreeSet<_>>() {
            self.update_health(&key, in_window);
        }
    }

    fn update_objective(&mut self, key: &Key, commit: Option<CommitIndex>, in_window: bool) {
        let first = self.objective_files.get(key).and_then(BTreeMap::first_key_value);
        let now = first.map(|(path, &index)| &self.files[path].objectives[index]);
        match (self.objective_index.get(key), now) {
            (Some(&index), now) => self.objectives[index].update(now, commit, in_window),
            (None, Some(objective)) => {
                self.objective_index.insert(key.clone(), self.objectives.len());
                self.objectives.push(ObjectiveTrack::new(&key.0, objective, commit));
            }
            (None, None) => {}
        }
    }

    fn update_health(&mut self, key: &Key, in_window: bool) {
        let first = self.health_files.get(key).and_then(BTreeMap::first_key_value);
        let Some(metric) = first.map(|(path, &index)| &self.files[path].health[index]) else {
            if let Some(&index) = self.health_index.get(key) {
                self.health[index].present = false;
            }
            return;
        };
        match self.health_index.get(key) {
            Some(&index) => {
                let track = &mut self.health[index];
                if in_window && track.present && track.last.current != metric.current {
                    track.checkins += 1;
                    track.breached += usize::from(Health::of(metric) == Health::Breached);
                }
                track.last.clone_from(metric);
                track.present = true;
            }
            None => {
                self.health_index.insert(key.clone(), self.health.len());
                self.health.push(HealthTrack {
                    team: key.0.clone(),
                    present: true,
                    last: metric.clone(),
                    checkins: 0,
                    breached: 0,
                });
            }
        }
    }
}

/// Record that `path` defines `key` at `index` (the first time it does, in a
/// file that repeats an id), or no longer defines it (`None`).
fn register(files: &mut HashMap<Key, BTreeMap<String, usize>>, key: &Key, path: &str, index: Option<usize>) {
    match index {
        Some(index) => _ = files.entry(key.clone()).or_default().entry(path.to_owned()).or_insert(index),
        None => _ = files.get_mut(key).map(|paths| paths.remove(path)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn document(text: &str) -> Rc<Document> {
        let workspace = crate::load::one_file("t.okr.yaml", text.as_bytes().to_vec());
        let findings = &workspace.diagnostics;
        assert!(findings.is_empty(), "{findings:?}");
        let file = workspace.files.into_iter().next().expect("one file");
        Rc::new(file.document.expect("a document"))
    }

    const BEFORE: &str = "\
team: a
period: 2026-Q3
objectives:
  - id: kept
    title: Kept
    key_results:
      - {id: moved, title: Moved, start: 0, target: 10, current: 2}
      - {id: removed, title: Removed, start: 0, target: 10, current: 3}
  - id: deleted
    title: Deleted
    key_results:
      - {id: only, title: Only, start: 0, target: 4, current: 1}
";

    const AFTER: &str = "\
team: a
period: 2026-Q3
objectives:
  - id: kept
    title: Kept
    key_results:
      - {id: moved, title: Moved, start: 0, target: 10, current: 5}
";

    #[test]
    fn tracks_keep_values_not_the_documents_they_came_from() {
        // A deleted objective and a removed key result used to keep the whole
        // version of the file they were last seen in, so a history of such
        // changes to a big file held one parsed copy per commit.
        let (before, after) = (document(BEFORE), document(AFTER));
        let mut tracker = Tracker::default();
        tracker.apply(0, false, vec![("f".to_owned(), Some(Rc::clone(&before)))]);
        tracker.start();
        tracker.apply(1, true, vec![("f".to_owned(), Some(Rc::clone(&after)))]);
        assert_eq!(Rc::strong_count(&before), 1, "the replay still holds the version before");
        assert_eq!(Rc::strong_count(&after), 2, "the replay holds the current version, as the tree");

        let deleted = tracker.objectives.iter().find(|o| o.id == "deleted").expect("tracked");
        assert!(!deleted.present);
        assert_eq!((deleted.last.title.as_str(), deleted.last.score), ("Deleted", 0.25));
        let kept = tracker.objectives.iter().find(|o| o.id == "kept").expect("tracked");
        let removed = kept.key_results.iter().find(|kr| kr.id == "removed").expect("tracked");
        assert!(!removed.present);
        assert_eq!(removed.last.values.current, Some(Some(3.0)));
        let moved = kept.key_results.iter().find(|kr| kr.id == "moved").expect("tracked");
        assert_eq!((moved.first.current, moved.last.values.current), (Some(Some(2.0)), Some(Some(5.0))));
        assert_eq!(moved.checkins.len(), 1);
    }
}
