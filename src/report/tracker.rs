//! Replaying a period's OKR files commit by commit: which key results
//! moved (check-ins), which targets moved, what was added and what dropped.
//!
//! Objectives and key results are followed by canonical ref, never by path:
//! the tracker keeps which files define each objective, so a file that moves,
//! is renamed or is split changes nothing.

use std::collections::{BTreeSet, HashMap, HashSet};
use std::rc::Rc;

use crate::model::{Document, HealthMetric, KeyResult, Kind, Num, Objective};
use crate::score;
use crate::scoreboard::Health;

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
    fn of(number: Option<Num>) -> Value {
        number.map_or(Value::Absent, |n| Value::Number(n.0))
    }

    /// What a check-in records: `current`, or `done` for a milestone.
    pub fn measured(kr: &KeyResult) -> Value {
        match kr.done {
            Some(done) => Value::Bool(done),
            None => Value::of(kr.current),
        }
    }
}

#[derive(Debug, Clone)]
pub struct Checkin {
    pub commit: CommitIndex,
    pub value: Value,
    pub score: f64,
}

#[derive(Debug, Clone)]
pub struct TargetChange {
    pub commit: CommitIndex,
    pub field: &'static str,
    pub old: Value,
    pub new: Value,
}

/// An objective as one version of one file holds it.
#[derive(Debug, Clone)]
pub struct ObjectiveVersion {
    document: Rc<Document>,
    index: usize,
}

impl ObjectiveVersion {
    fn find(document: &Rc<Document>, id: &str) -> Option<ObjectiveVersion> {
        let index = document.objectives.iter().position(|o| o.id == id)?;
        Some(ObjectiveVersion { document: Rc::clone(document), index })
    }

    pub fn get(&self) -> &Objective {
        &self.document.objectives[self.index]
    }
}

/// A key result as one version of one file holds it.
#[derive(Debug, Clone)]
pub struct KeyResultVersion {
    objective: ObjectiveVersion,
    index: usize,
}

impl KeyResultVersion {
    pub fn get(&self) -> &KeyResult {
        &self.objective.get().key_results[self.index]
    }
}

#[derive(Debug)]
pub struct KeyResultTrack {
    pub id: String,
    /// The commit that added it; `None` when it was in the start state.
    pub created: Option<CommitIndex>,
    /// In the latest state replayed (a key result of a deleted objective is not).
    pub present: bool,
    pub first: KeyResultVersion,
    pub last: KeyResultVersion,
    pub checkins: Vec<Checkin>,
    pub target_changes: Vec<TargetChange>,
    /// Its score in its first state, then after each check-in.
    pub sparkline: Vec<f64>,
}

impl KeyResultTrack {
    fn new(version: KeyResultVersion, created: Option<CommitIndex>) -> KeyResultTrack {
        let kr = version.get();
        KeyResultTrack {
            id: kr.id.clone(),
            created,
            present: true,
            sparkline: vec![score::key_result(kr).0],
            first: version.clone(),
            last: version,
            checkins: Vec::new(),
            target_changes: Vec::new(),
        }
    }

    /// The key result as a commit leaves it. `counted` is that commit when it
    /// is dated inside the window and the key result was in its first parent.
    fn update(&mut self, version: KeyResultVersion, counted: Option<CommitIndex>) {
        let (old, new) = (self.last.get(), version.get());
        if let Some(commit) = counted {
            if Value::measured(old) != Value::measured(new) {
                let score = score::key_result(new).0;
                self.checkins.push(Checkin { commit, value: Value::measured(new), score });
                self.sparkline.push(score);
            }
            let fields = [
                ("start", old.start, new.start),
                ("target", old.target, new.target),
                ("at_least", old.at_least, new.at_least),
                ("at_most", old.at_most, new.at_most),
                // An absent weight is 1: writing `weight: 1` changes nothing.
                ("weight", Some(Num(score::weight(old))), Some(Num(score::weight(new)))),
            ];
            for (field, old, new) in fields {
                if old != new {
                    self.target_changes.push(TargetChange { commit, field, old: Value::of(old), new: Value::of(new) });
                }
            }
        }
        self.last = version;
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
    /// Its latest version: the current one, or the last before its deletion.
    pub last: ObjectiveVersion,
    pub key_results: Vec<KeyResultTrack>,
    /// Changes of `kind`.
    pub target_changes: Vec<TargetChange>,
}

impl ObjectiveTrack {
    fn new(team: &str, version: ObjectiveVersion, created: Option<CommitIndex>) -> ObjectiveTrack {
        let mut track = ObjectiveTrack {
            team: team.to_owned(),
            id: version.get().id.clone(),
            created,
            present: false,
            last: version.clone(),
            key_results: Vec::new(),
            target_changes: Vec::new(),
        };
        track.update(Some(version), created, false);
        track
    }

    /// The objective as `commit` leaves it (`None`: the start state); `now`
    /// is `None` when the commit deleted it.
    fn update(&mut self, now: Option<ObjectiveVersion>, commit: Option<CommitIndex>, in_window: bool) {
        let Some(version) = now else {
            self.present = false;
            self.key_results.iter_mut().for_each(|kr| kr.present = false);
            return;
        };
        // Events are counted against the commit's parent, where it existed.
        let counted = commit.filter(|_| in_window && self.present);
        let (old_kind, new_kind) = (self.last.get().kind, version.get().kind);
        if let Some(commit) = counted.filter(|_| old_kind != new_kind) {
            let (old, new) = (Value::Kind(old_kind), Value::Kind(new_kind));
            self.target_changes.push(TargetChange { commit, field: "kind", old, new });
        }
        let mut seen = HashSet::new();
        for (index, kr) in version.get().key_results.iter().enumerate() {
            // A duplicate id (a `duplicate-id` finding) is the first one's.
            if !seen.insert(kr.id.as_str()) {
                continue;
            }
            let kr_version = KeyResultVersion { objective: version.clone(), index };
            match self.key_results.iter_mut().find(|track| track.id == kr.id) {
                Some(track) => {
                    let counted = counted.filter(|_| track.present);
                    track.update(kr_version, counted);
                }
                None => self.key_results.push(KeyResultTrack::new(kr_version, commit)),
            }
        }
        for track in &mut self.key_results {
            track.present &= seen.contains(track.id.as_str());
        }
        self.last = version;
        self.present = true;
    }
}

/// A health metric: how often it was checked in, and how often breached then.
#[derive(Debug)]
pub struct HealthTrack {
    pub team: String,
    pub present: bool,
    pub last: (Rc<Document>, usize),
    pub checkins: usize,
    pub breached: usize,
}

impl HealthTrack {
    pub fn get(&self) -> &HealthMetric {
        &self.last.0.health[self.last.1]
    }
}

/// The replay: the files of the period as of the latest commit applied, and
/// what happened to every objective, key result and health metric.
#[derive(Debug, Default)]
pub struct Tracker {
    files: HashMap<String, Rc<Document>>,
    /// Which files define an objective (two, in a `duplicate-id` case: the
    /// first path wins) and a health metric.
    objective_files: HashMap<Key, BTreeSet<String>>,
    health_files: HashMap<Key, BTreeSet<String>>,
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
                for objective in &document.objectives {
                    let key = (document.team.clone(), objective.id.clone());
                    register(&mut self.objective_files, &key, &path, defines);
                    objectives.push(key);
                }
                for metric in &document.health {
                    let key = (document.team.clone(), metric.id.clone());
                    register(&mut self.health_files, &key, &path, defines);
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
        let now = self
            .objective_files
            .get(key)
            .and_then(|paths| paths.first())
            .and_then(|path| ObjectiveVersion::find(&self.files[path], &key.1));
        match (self.objective_index.get(key), now) {
            (Some(&index), now) => self.objectives[index].update(now, commit, in_window),
            (None, Some(version)) => {
                self.objective_index.insert(key.clone(), self.objectives.len());
                self.objectives.push(ObjectiveTrack::new(&key.0, version, commit));
            }
            (None, None) => {}
        }
    }

    fn update_health(&mut self, key: &Key, in_window: bool) {
        let now = self.health_files.get(key).and_then(|paths| paths.first()).and_then(|path| {
            let document = &self.files[path];
            document.health.iter().position(|m| m.id == key.1).map(|index| (Rc::clone(document), index))
        });
        let Some(now) = now else {
            if let Some(&index) = self.health_index.get(key) {
                self.health[index].present = false;
            }
            return;
        };
        match self.health_index.get(key) {
            Some(&index) => {
                let track = &mut self.health[index];
                let metric = &now.0.health[now.1];
                if in_window && track.present && track.get().current != metric.current {
                    track.checkins += 1;
                    track.breached += usize::from(Health::of(metric) == Health::Breached);
                }
                track.last = now;
                track.present = true;
            }
            None => {
                self.health_index.insert(key.clone(), self.health.len());
                self.health.push(HealthTrack {
                    team: key.0.clone(),
                    present: true,
                    last: now,
                    checkins: 0,
                    breached: 0,
                });
            }
        }
    }
}

/// Record that `path` defines (or no longer defines) `key`.
fn register(files: &mut HashMap<Key, BTreeSet<String>>, key: &Key, path: &str, defines: bool) {
    if defines {
        files.entry(key.clone()).or_default().insert(path.to_owned());
    } else if let Some(paths) = files.get_mut(key) {
        paths.remove(path);
    }
}
