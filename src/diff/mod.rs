//! `okr diff` as data: what a change does to the OKRs, not to the YAML.
//!
//! Both sides are loaded workspaces; objectives and key results are matched by
//! canonical ref, so a moved or renamed file is no change, and fields are
//! compared as model values, so quoting, key order or line endings are not
//! either. These types are the JSON wire format of `okr diff --format json`.

pub mod config;
mod fields;
mod findings;

use std::collections::BTreeMap;

use serde::Serialize;

use crate::config::Config;
use crate::load::left_out::What;
use crate::load::Workspace;
use crate::measure::Measure;
use crate::model::{Document, KeyResult, Objective};
use crate::period::Period;
use crate::refs::CanonicalRef;
use crate::score;
use crate::text::Text;

pub use fields::{FieldChange, Flag};
pub use findings::{CheckDelta, NewFinding};

/// What a change does to the OKRs: `okr diff`'s result, as its JSON writes it.
#[derive(Debug, Serialize)]
pub struct Diff {
    /// The version of the JSON format; 1.
    pub version: u32,
    /// The merge base's sha.
    pub base: String,
    /// The head commit's sha, or `worktree`.
    pub head: String,
    /// The objectives and key results added, removed or modified.
    pub changes: Vec<Change>,
    /// Objectives on both sides whose score moved (with their key results'
    /// changes, or with no change of their own at all).
    pub objective_scores: Vec<ScoreMove>,
    /// The findings the head side adds over the base side.
    pub check: CheckDelta,
    /// The changes to okr.toml's `[sources]` and `[rules]` (see
    /// [`config::compare`]); empty until the caller fills them in.
    pub config: Vec<config::ConfigChange>,
}

/// What a change is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Item {
    /// An objective.
    Objective,
    /// A key result.
    KeyResult,
}

/// What happened to an objective or key result.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ChangeKind {
    /// Only on the head side.
    Added,
    /// Only on the base side.
    Removed,
    /// On both sides, with a difference.
    Modified,
}

impl ChangeKind {
    /// The kind's name in the JSON and in summaries (`added`).
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
    /// The item's canonical reference.
    #[serde(rename = "ref")]
    pub canonical: CanonicalRef,
    /// Whether it is an objective or a key result.
    #[serde(rename = "type")]
    pub item: Item,
    /// Whether it was added, removed or modified.
    pub change: ChangeKind,
    /// The title on the head side (the base side for a removal).
    pub title: Text,
    /// Every field that differs; for an addition or removal, every field it has.
    pub fields: Vec<FieldChange>,
    /// Its score before and after.
    pub score: ScoreChange,
    /// The flags the change raises.
    pub flags: Vec<Flag>,
    /// A key result's measurement for people (`48 → 8 h, now 20`), on the
    /// head side (the base side for a removal); not in the JSON.
    #[serde(skip)]
    pub measurement: Option<Text>,
    /// For an item still on the head side that okr cannot read there (a
    /// `schema` or `yaml-syntax` finding left it out of the model): the
    /// messages of those findings. Such an item is `modified`, with no
    /// field and no new score, not `removed`. Not in the JSON, whose
    /// `check.findings` hold the findings themselves.
    #[serde(skip)]
    pub unreadable: Vec<Text>,
}

/// The score before and after; `None` on the side where the item is absent.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct ScoreChange {
    /// The score on the base side.
    pub old: Option<f64>,
    /// The score on the head side.
    pub new: Option<f64>,
}

/// An objective's score before and after.
#[derive(Debug, Serialize)]
pub struct ScoreMove {
    /// The objective's canonical reference.
    #[serde(rename = "ref")]
    pub canonical: CanonicalRef,
    /// The score on the base side.
    pub old: f64,
    /// The score on the head side.
    pub new: f64,
}

/// The two sides' names, as the JSON reports them.
#[derive(Debug, Clone)]
pub struct Revisions {
    /// The base side's name: a sha.
    pub base: String,
    /// The head side's name: a sha, or `worktree`.
    pub head: String,
}

/// One side of a diff: its OKR files, and the configuration they are
/// checked with (that side's okr.toml, unless the user named one for both).
#[derive(Debug, Clone, Copy)]
pub struct Side<'a> {
    /// The OKR files.
    pub workspace: &'a Workspace,
    /// Their configuration.
    pub config: &'a Config,
}

/// Compare the OKRs of `base_side` with those of `head_side`.
pub fn compare(base_side: Side<'_>, head_side: Side<'_>, revisions: Revisions) -> Diff {
    let (base, head) = (base_side.workspace, head_side.workspace);
    let (old, new) = (objectives(base), objectives(head));
    let unreadable = Unreadable::of(base, head);
    let mut keys: Vec<&Key> = old.keys().chain(new.keys()).collect();
    keys.sort();
    keys.dedup();
    let mut changes = Vec::new();
    let mut objective_scores = Vec::new();
    for key in keys {
        if let (Some(o), Some(n)) = (old.get(key), new.get(key)) {
            let (before, after) = (score::objective(o), score::objective(n));
            // Without a key result the head cannot read, the new score would
            // be a wrong answer, not a move.
            if before != after && !unreadable.misses_a_key_result(key) {
                objective_scores.push(ScoreMove { canonical: canonical(key, None), old: before, new: after });
            }
        }
        match (old.get(key), new.get(key)) {
            (Some(o), None) => match unreadable.objective(key) {
                Some(why) => changes.push(unreadable_change(key, None, &o.title, score::objective(o), why)),
                None => whole(&mut changes, key, o, ChangeKind::Removed),
            },
            (None, Some(n)) => whole(&mut changes, key, n, ChangeKind::Added),
            (Some(o), Some(n)) => modified(&mut changes, key, o, n, &unreadable),
            (None, None) => unreachable!("every key comes from one side"),
        }
    }
    Diff {
        version: 1,
        base: revisions.base,
        head: revisions.head,
        changes,
        objective_scores,
        check: findings::new_findings(base_side, head_side),
        config: Vec::new(),
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
        unreadable: Vec::new(),
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
        unreadable: Vec::new(),
    }
}

/// An objective or key result of the base that the head still has but
/// cannot read: modified, with why, and no new score.
fn unreadable_change(key: &Key, kr: Option<&KeyResult>, title: &Text, old_score: f64, why: &[String]) -> Change {
    Change {
        canonical: canonical(key, kr),
        item: if kr.is_some() { Item::KeyResult } else { Item::Objective },
        change: ChangeKind::Modified,
        title: title.clone(),
        fields: Vec::new(),
        score: ScoreChange { old: Some(old_score), new: None },
        flags: Vec::new(),
        measurement: None,
        unreadable: why.iter().map(|w| w.as_str().into()).collect(),
    }
}

fn measurement(kr: &KeyResult) -> Option<Text> {
    Measure::of(kr).ok().map(|m| crate::scoreboard::describe(&m, kr.unit.as_ref().map(Text::as_str)).into())
}

/// An objective on both sides: modified when one of its own fields changed;
/// then its key results, in the head's order, then those the head dropped.
fn modified(changes: &mut Vec<Change>, key: &Key, old: &Objective, new: &Objective, unreadable: &Unreadable) {
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
            unreadable: Vec::new(),
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
                    unreadable: Vec::new(),
                });
            }
        }
    }
    for kr in old_krs.iter().filter(|o| !new_krs.iter().any(|n| n.id == o.id)) {
        match unreadable.key_result(key, &kr.id) {
            Some(why) => changes.push(unreadable_change(key, Some(kr), &kr.title, score::key_result(kr).0, why)),
            None => changes.push(key_result_whole(key, kr, ChangeKind::Removed)),
        }
    }
}

/// What the head side holds but cannot read, with the messages of the
/// findings that say why: objectives and key results left out of the model
/// whose `id` is still readable, and whole files that do not read at all
/// (matched to the base's objectives by path: their content is unknown).
#[derive(Default)]
struct Unreadable {
    objectives: BTreeMap<Key, Vec<String>>,
    key_results: BTreeMap<(Key, String), Vec<String>>,
    /// Objectives with a key result left out, named or not.
    missing_key_results: std::collections::BTreeSet<Key>,
}

impl Unreadable {
    fn of(base: &Workspace, head: &Workspace) -> Unreadable {
        let mut unreadable = Unreadable::default();
        let why = |file, span| -> Vec<String> {
            crate::load::left_out::findings_within(head, file, span).map(|d| d.message.clone()).collect()
        };
        let mut broken_files: BTreeMap<&Text, Vec<String>> = BTreeMap::new();
        for part in crate::load::left_out::left_out(head) {
            match part.what {
                What::File => {
                    let messages = head.diagnostics.iter().filter(|d| d.file == part.file);
                    broken_files.insert(&head.files[part.file].display, messages.map(|d| d.message.clone()).collect());
                }
                What::Objective { objective: Some(objective) } => {
                    let key = (objective.team, objective.period, objective.objective);
                    unreadable.objectives.insert(key, why(part.file, part.span));
                }
                What::KeyResult { objective, key_result } => {
                    unreadable.missing_key_results.insert((objective.team, objective.period, objective.objective));
                    if let Some(key_result) = key_result {
                        let id = key_result.key_result.unwrap_or_default();
                        let key = (key_result.team, key_result.period, key_result.objective);
                        unreadable.key_results.insert((key, id), why(part.file, part.span));
                    }
                }
                _ => {}
            }
        }
        // A base file whose head version does not read: its objectives are
        // not known to be gone.
        for (file, document) in base.documents() {
            if let Some(messages) = broken_files.get(&base.files[file].display) {
                for objective in &document.objectives {
                    unreadable.objectives.entry(key(document, objective)).or_insert_with(|| messages.clone());
                }
            }
        }
        unreadable
    }

    fn objective(&self, key: &Key) -> Option<&[String]> {
        self.objectives.get(key).map(Vec::as_slice)
    }

    fn misses_a_key_result(&self, key: &Key) -> bool {
        self.missing_key_results.contains(key)
    }

    fn key_result(&self, key: &Key, id: &str) -> Option<&[String]> {
        self.key_results.get(&(key.clone(), id.to_owned())).map(Vec::as_slice)
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
    /// Objectives added, removed and modified, in that order.
    pub objectives: [usize; 3],
    /// Key results added, removed and modified, in that order.
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
