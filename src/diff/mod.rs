//! `okr diff` as data (§6): what a change does to the OKRs, not to the YAML.
//!
//! Both sides are loaded workspaces; objectives and key results are matched by
//! canonical ref, so a moved or renamed file is no change, and fields are
//! compared as model values, so quoting, key order or line endings are not
//! either. These types are the JSON wire format of `okr diff --format json`.

mod fields;
mod findings;

use std::collections::BTreeMap;

use serde::Serialize;

use crate::config::Config;
use crate::load::Workspace;
use crate::measure::Measure;
use crate::model::{Document, KeyResult, Objective};
use crate::period::Period;
use crate::refs::CanonicalRef;
use crate::score;

pub use fields::{FieldChange, Flag};
pub use findings::{CheckDelta, NewFinding};

#[derive(Debug, Serialize)]
pub struct Diff {
    pub version: u32,
    /// The merge base's sha.
    pub base: String,
    /// The head commit's sha, or `worktree`.
    pub head: String,
    pub changes: Vec<Change>,
    /// Objectives on both sides whose score moved (with their key results'
    /// changes, or with no change of their own at all).
    pub objective_scores: Vec<ScoreMove>,
    /// The findings the head side adds over the base side.
    pub check: CheckDelta,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Item {
    Objective,
    KeyResult,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ChangeKind {
    Added,
    Removed,
    Modified,
}

impl ChangeKind {
    pub fn as_str(self) -> &'static str {
        match self {
            ChangeKind::Added => "added",
            ChangeKind::Removed => "removed",
            ChangeKind::Modified => "modified",
        }
    }
}

/// One objective or key result added, removed or modified.
#[derive(Debug, Serialize)]
pub struct Change {
    #[serde(rename = "ref")]
    pub canonical: CanonicalRef,
    #[serde(rename = "type")]
    pub item: Item,
    pub change: ChangeKind,
    /// The title on the head side (the base side for a removal).
    pub title: String,
    /// Every field that differs; for an addition or removal, every field it has.
    pub fields: Vec<FieldChange>,
    pub score: ScoreChange,
    pub flags: Vec<Flag>,
    /// A key result's measurement for people (`48 → 8 h, now 20`), on the
    /// head side (the base side for a removal); not in the JSON.
    #[serde(skip)]
    pub measurement: Option<String>,
}

/// The score before and after; `None` on the side where the item is absent.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct ScoreChange {
    pub old: Option<f64>,
    pub new: Option<f64>,
}

/// An objective's score before and after.
#[derive(Debug, Serialize)]
pub struct ScoreMove {
    #[serde(rename = "ref")]
    pub canonical: CanonicalRef,
    pub old: f64,
    pub new: f64,
}

/// The two sides' names, as the JSON reports them.
#[derive(Debug, Clone)]
pub struct Revisions {
    pub base: String,
    pub head: String,
}

/// Compare the OKRs of `base` with those of `head`.
pub fn compare(base: &Workspace, head: &Workspace, config: &Config, revisions: Revisions) -> Diff {
    let (old, new) = (objectives(base), objectives(head));
    let mut keys: Vec<&Key> = old.keys().chain(new.keys()).collect();
    keys.sort();
    keys.dedup();
    let mut changes = Vec::new();
    let mut objective_scores = Vec::new();
    for key in keys {
        if let (Some(o), Some(n)) = (old.get(key), new.get(key)) {
            let (before, after) = (score::objective(o), score::objective(n));
            if before != after {
                objective_scores.push(ScoreMove { canonical: canonical(key, None), old: before, new: after });
            }
        }
        match (old.get(key), new.get(key)) {
            (Some(o), None) => whole(&mut changes, key, o, ChangeKind::Removed),
            (None, Some(n)) => whole(&mut changes, key, n, ChangeKind::Added),
            (Some(o), Some(n)) => modified(&mut changes, key, o, n),
            (None, None) => unreachable!("every key comes from one side"),
        }
    }
    Diff {
        version: 1,
        base: revisions.base,
        head: revisions.head,
        changes,
        objective_scores,
        check: findings::new_findings(base, head, config),
    }
}

/// (team, period, objective id): the canonical ref, ordered so that a team's
/// periods and objectives stay together.
type Key = (String, Period, String);

fn canonical(key: &Key, kr: Option<&KeyResult>) -> CanonicalRef {
    let objective = CanonicalRef::objective(&key.0, &key.2, key.1);
    match kr {
        Some(kr) => CanonicalRef { key_result: Some(kr.id.clone()), ..objective },
        None => objective,
    }
}

/// Every objective by canonical ref; of two with one ref (a `duplicate-id`
/// finding), the first in file order.
fn objectives(workspace: &Workspace) -> BTreeMap<Key, &Objective> {
    let mut found = BTreeMap::new();
    for (_, document) in workspace.documents() {
        for objective in &document.objectives {
            found.entry(key(document, objective)).or_insert(objective);
        }
    }
    found
}

fn key(document: &Document, objective: &Objective) -> Key {
    (document.team.clone(), document.period, objective.id.clone())
}

/// An objective added or removed, then each of its key results.
fn whole(changes: &mut Vec<Change>, key: &Key, objective: &Objective, change: ChangeKind) {
    let present = score::objective(objective);
    let score = match change {
        ChangeKind::Added => ScoreChange { old: None, new: Some(present) },
        _ => ScoreChange { old: Some(present), new: None },
    };
    let fields = fields::objective(objective);
    let fields = fields::one_sided(fields, change == ChangeKind::Added);
    changes.push(Change {
        canonical: canonical(key, None),
        item: Item::Objective,
        change,
        title: objective.title.clone(),
        fields,
        score,
        flags: Vec::new(),
        measurement: None,
    });
    for kr in unique(&objective.key_results) {
        changes.push(key_result_whole(key, kr, change));
    }
}

fn key_result_whole(key: &Key, kr: &KeyResult, change: ChangeKind) -> Change {
    let present = score::key_result(kr).0;
    let score = match change {
        ChangeKind::Added => ScoreChange { old: None, new: Some(present) },
        _ => ScoreChange { old: Some(present), new: None },
    };
    Change {
        canonical: canonical(key, Some(kr)),
        item: Item::KeyResult,
        change,
        title: kr.title.clone(),
        fields: fields::one_sided(fields::key_result(kr), change == ChangeKind::Added),
        score,
        flags: Vec::new(),
        measurement: measurement(kr),
    }
}

fn measurement(kr: &KeyResult) -> Option<String> {
    Measure::of(kr).ok().map(|m| crate::scoreboard::describe(&m, kr.unit.as_deref()))
}

/// An objective on both sides: modified when one of its own fields changed;
/// then its key results, in the head's order, then those the head dropped.
fn modified(changes: &mut Vec<Change>, key: &Key, old: &Objective, new: &Objective) {
    let fields = fields::changed(fields::objective(old), fields::objective(new));
    if !fields.is_empty() {
        changes.push(Change {
            canonical: canonical(key, None),
            item: Item::Objective,
            change: ChangeKind::Modified,
            title: new.title.clone(),
            fields,
            score: ScoreChange { old: Some(score::objective(old)), new: Some(score::objective(new)) },
            flags: fields::objective_flags(old, new),
            measurement: None,
        });
    }
    let old_krs = unique(&old.key_results);
    let new_krs = unique(&new.key_results);
    for kr in &new_krs {
        match old_krs.iter().find(|o| o.id == kr.id) {
            None => changes.push(key_result_whole(key, kr, ChangeKind::Added)),
            Some(before) => {
                let fields = fields::changed(fields::key_result(before), fields::key_result(kr));
                if fields.is_empty() {
                    continue;
                }
                changes.push(Change {
                    canonical: canonical(key, Some(kr)),
                    item: Item::KeyResult,
                    change: ChangeKind::Modified,
                    title: kr.title.clone(),
                    fields,
                    score: ScoreChange { old: Some(score::key_result(before).0), new: Some(score::key_result(kr).0) },
                    flags: fields::key_result_flags(before, kr),
                    measurement: measurement(kr),
                });
            }
        }
    }
    for kr in old_krs.iter().filter(|o| !new_krs.iter().any(|n| n.id == o.id)) {
        changes.push(key_result_whole(key, kr, ChangeKind::Removed));
    }
}

/// Key results with their first definition only (a second one with the same
/// id is a `duplicate-id` finding).
fn unique(krs: &[KeyResult]) -> Vec<&KeyResult> {
    let mut seen: Vec<&KeyResult> = Vec::with_capacity(krs.len());
    for kr in krs {
        if !seen.iter().any(|s| s.id == kr.id) {
            seen.push(kr);
        }
    }
    seen
}

/// How many changes of each kind, and flags, for summary lines.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Tally {
    pub objectives: [usize; 3],
    pub key_results: [usize; 3],
}

impl Tally {
    /// Indexed by `ChangeKind as usize`: added, removed, modified.
    pub fn of(changes: &[Change]) -> Tally {
        let mut tally = Tally::default();
        for change in changes {
            let row = match change.item {
                Item::Objective => &mut tally.objectives,
                Item::KeyResult => &mut tally.key_results,
            };
            row[change.change as usize] += 1;
        }
        tally
    }
}

impl Diff {
    /// How often each flag was raised, in the order of [`Flag::ALL`].
    pub fn flag_counts(&self) -> Vec<(Flag, usize)> {
        Flag::ALL
            .iter()
            .map(|flag| (*flag, self.changes.iter().filter(|c| c.flags.contains(flag)).count()))
            .filter(|(_, n)| *n > 0)
            .collect()
    }

    /// The objective score moves of one team.
    pub fn team_scores<'d>(&'d self, team: &'d str) -> impl Iterator<Item = &'d ScoreMove> + 'd {
        self.objective_scores.iter().filter(move |s| s.canonical.team == team)
    }

    /// The teams with changes, in order, each with its changes.
    pub fn by_team(&self) -> Vec<(&str, Vec<&Change>)> {
        let mut teams: Vec<(&str, Vec<&Change>)> = Vec::new();
        for change in &self.changes {
            match teams.last_mut() {
                Some((team, list)) if *team == change.canonical.team => list.push(change),
                _ => teams.push((&change.canonical.team, vec![change])),
            }
        }
        teams
    }
}
