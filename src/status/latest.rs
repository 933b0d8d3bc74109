//! The latest check-in of each key result asked for, read from git history
//! newest first: each commit of the first-parent chain is compared with its
//! parent, and a key result is settled by the first commit (from the tip)
//! that changed what it records (`current`, or `done`) on a date inside its
//! period's window, or that created it. The walk stops as soon as every key
//! result asked for is settled, so a team that checks in weekly costs a few
//! weeks of history, not the whole of it; and at the first commit dated
//! before the windows of those still unsettled, which are then as fresh as
//! their period's start, so a quarter never costs more than its own history.
//!
//! Only the files that may hold a key result still unsettled are parsed (a
//! file that plainly declares another period is skipped unread), and each
//! version of a file once; a version that differs from the newer one by a
//! plain check-in (one `current` or `done` line, what `okr checkin`
//! writes) is not parsed at all: the newer version's readings are patched,
//! as `okr report` patches its documents.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::rc::Rc;

use chrono::NaiveDate;

use crate::config::Config;
use crate::error::Error;
use crate::git::{Commit, ObjectId, Repository, TreeDiff};
use crate::history::patch::{self, Field, Replacement};
use crate::load::revision::OkrPaths;
use crate::load::{read_buffer, Contents};
use crate::measure::Reading;
use crate::period::Period;
use crate::text::Text;

/// A key result within its period: `(team, objective, key result)` and the period.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Key {
    /// The period of its file.
    pub period: Period,
    /// The team's id.
    pub team: String,
    /// The objective's id.
    pub objective: String,
    /// The key result's id.
    pub key_result: String,
}

/// The commit of a key result's latest check-in.
#[derive(Debug, Clone, PartialEq)]
pub struct Stamp {
    /// The committer date, in UTC.
    pub date: NaiveDate,
    /// The author's name.
    pub author: Text,
    /// The commit, 40 hex digits.
    pub commit: String,
}

/// What the history says of a key result.
#[derive(Debug, Clone, PartialEq)]
pub enum Found {
    /// Its latest check-in in its period's window.
    Checkin(Stamp),
    /// No check-in in the window since the commit that created it, dated so.
    Created(NaiveDate),
    /// No check-in in the window, and no creation the history tells.
    Nothing,
}

/// The window in which a period's check-ins count: its first day to its
/// last day plus the grace days, as `okr report` counts them.
pub fn window(period: Period, config: &Config) -> (NaiveDate, NaiveDate) {
    let (start, end) = period.dates(config.periods.fiscal_year_start_month);
    let last = end.checked_add_days(chrono::Days::new(config.report.grace_days.into())).unwrap_or(NaiveDate::MAX);
    (start, last)
}

/// What the first-parent history of `tip` says of each key result of
/// `wanted`, and whether the history was cut short by a shallow clone.
pub fn find(
    repository: &Repository,
    tip: ObjectId,
    wanted: &HashSet<Key>,
    config: &Config,
) -> Result<(HashMap<Key, Found>, bool), Error> {
    let okr_paths = OkrPaths::new(&repository.root(), &repository.root(), &[], config)?;
    let walk = repository.first_parent(tip)?;
    let wants = |relative: &Path| okr_paths.wants(relative);
    let mut diff = TreeDiff::new(repository, &wants);
    let mut walker = Walker {
        repository,
        size_limit: config.limits.file_size_max,
        windows: wanted.iter().map(|k| (k.period, window(k.period, config))).collect(),
        unsettled: wanted.clone(),
        unsettled_periods: wanted.iter().fold(HashMap::new(), |mut counts, key| {
            *counts.entry(key.period).or_default() += 1;
            counts
        }),
        found: HashMap::new(),
        parsed: HashMap::new(),
    };
    let commits = &walk.commits;
    let Some(newest) = commits.last() else {
        return Ok((walker.found, walk.shallow));
    };
    // The files of the tip: the newer side of its comparison with its parent.
    let mut now: HashMap<String, Option<ObjectId>> =
        diff.next(newest.tree)?.into_iter().map(|change| (change.path, change.blob)).collect();
    for index in (0..commits.len()).rev() {
        if walker.unsettled.is_empty() {
            break;
        }
        let commit = &commits[index];
        // Before every window still open: a check-in there would not count,
        // and a key result created there is as fresh as its period's start.
        // (A first-parent chain's committer dates go back in time; clock
        // skew aside, nothing older can change an answer.)
        if walker.before_every_window(commit.date) {
            break;
        }
        let older = match index.checked_sub(1) {
            Some(parent) => diff.next(commits[parent].tree)?,
            // The root: it added every file it holds.
            None => now.keys().map(|path| crate::git::FileChange { path: path.clone(), blob: None }).collect(),
        };
        if index == 0 && walk.shallow {
            // The edge of a shallow clone: what came before is unknown.
            break;
        }
        // The root, dated on the first day of every window still open: the
        // key results it created are as fresh as their period's start.
        if index == 0 && walker.all_settled_by_start(commit.date) {
            break;
        }
        let mut newer_readings = Vec::new();
        let mut older_readings = Vec::new();
        let mut replaced = Vec::new();
        for change in older {
            let newer_id = now.insert(change.path.clone(), change.blob).flatten();
            replaced.extend(newer_id.filter(|id| Some(*id) != change.blob));
            let newer = newer_id.map(|id| walker.version(id, None)).transpose()?.unwrap_or(Version::Other);
            let older = change.blob.map(|id| walker.version(id, Some(&newer))).transpose()?.unwrap_or(Version::Other);
            // A version that does not parse is skipped: its neighbour stands,
            // so the change is told between the versions around it.
            let (newer, older) = match (newer, older) {
                (Version::Broken, older) => (older.clone(), older),
                (newer, Version::Broken) => (newer.clone(), newer),
                pair => pair,
            };
            newer_readings.extend(newer.readings());
            older_readings.extend(older.readings());
        }
        walker.compare(commit, &newer_readings, &older_readings);
        // A version the walk has gone past is read again only if it comes
        // back (a revert): memory follows the tree, not the history.
        for id in replaced {
            walker.parsed.remove(&id);
        }
    }
    Ok((walker.found, walk.shallow))
}

/// A version of a file of a period asked for: its bytes, what each key
/// result records (first definition first), and where: the line and column
/// of each one's `current` and `done` values (0 when not written).
struct Parsed {
    bytes: Vec<u8>,
    readings: Vec<(Key, Reading)>,
    places: Vec<[(u32, u32); 2]>,
}

type Readings = Rc<Parsed>;

/// A version of a file, as the walk reads it.
#[derive(Clone)]
enum Version {
    /// A file of no period asked for (or no file).
    Other,
    /// A file that does not parse, or has schema errors.
    Broken,
    /// A file of a period asked for.
    Readings(Readings),
}

impl Version {
    fn readings(self) -> Option<Readings> {
        match self {
            Version::Readings(readings) => Some(readings),
            Version::Other | Version::Broken => None,
        }
    }
}

struct Walker<'r> {
    repository: &'r Repository,
    size_limit: u64,
    windows: HashMap<Period, (NaiveDate, NaiveDate)>,
    unsettled: HashSet<Key>,
    /// How many unsettled key results each period has: a file of a period
    /// none is left in is not read.
    unsettled_periods: HashMap<Period, usize>,
    found: HashMap<Key, Found>,
    /// Each version read, by blob.
    parsed: HashMap<ObjectId, Version>,
}

impl Walker<'_> {
    /// Settle the key results `commit` tells about: the readings of the files
    /// it changed, after it (`newer`) and before it (`older`).
    fn compare(&mut self, commit: &Commit, newer: &[Readings], older: &[Readings]) {
        let mut before: HashMap<&Key, Reading> = HashMap::new();
        for (key, reading) in older.iter().flat_map(|r| r.readings.iter()) {
            before.entry(key).or_insert(*reading);
        }
        let mut settled = Vec::new();
        for (key, reading) in newer.iter().flat_map(|r| r.readings.iter()) {
            if !self.unsettled.contains(key) {
                continue;
            }
            let found = match before.get(key) {
                None => Found::Created(commit.date),
                Some(old) if old != reading && self.in_window(key, commit.date) => Found::Checkin(Stamp {
                    date: commit.date,
                    author: commit.author.clone(),
                    commit: commit.id.to_string(),
                }),
                Some(_) => continue,
            };
            settled.push((key.clone(), found));
        }
        for (key, found) in settled {
            if self.unsettled.remove(&key) {
                if let Some(count) = self.unsettled_periods.get_mut(&key.period) {
                    *count -= 1;
                    if *count == 0 {
                        self.unsettled_periods.remove(&key.period);
                    }
                }
                self.found.insert(key, found);
            }
        }
    }

    fn in_window(&self, key: &Key, date: NaiveDate) -> bool {
        self.windows.get(&key.period).is_some_and(|(start, last)| *start <= date && date <= *last)
    }

    /// `date` is before the window of every unsettled key result.
    fn before_every_window(&self, date: NaiveDate) -> bool {
        self.unsettled_periods.keys().all(|period| self.windows.get(period).is_some_and(|(start, _)| date < *start))
    }

    /// At the root, dated on or before the start of every unsettled key
    /// result's period: whether it created them or not, they are fresh since
    /// their period's start, so the root need not be read.
    fn all_settled_by_start(&self, root: NaiveDate) -> bool {
        self.unsettled_periods.keys().all(|period| self.windows.get(period).is_some_and(|(start, _)| root <= *start))
    }

    /// The version of blob `id`; `newer`, the version after it on the same
    /// path, to patch rather than parse when they differ by a check-in.
    fn version(&mut self, id: ObjectId, newer: Option<&Version>) -> Result<Version, Error> {
        if let Some(parsed) = self.parsed.get(&id) {
            return Ok(parsed.clone());
        }
        let periods = &self.unsettled_periods;
        let version = match self.repository.read_blob(id, self.size_limit)? {
            Some(bytes) => match newer {
                Some(Version::Readings(newer)) => match patched(newer, &bytes) {
                    Some(readings) => Version::Readings(Rc::new(Parsed { bytes, ..readings })),
                    None => read(bytes, periods),
                },
                _ if declares_other_period(&bytes, periods) => Version::Other,
                _ => read(bytes, periods),
            },
            None => Version::Broken,
        };
        self.parsed.insert(id, version.clone());
        Ok(version)
    }
}

/// `newer`'s readings with the one value a plain check-in between it and
/// `older` changed (its bytes left empty), or `None` when the two differ in
/// more than that.
fn patched(newer: &Parsed, older: &[u8]) -> Option<Parsed> {
    let edit = patch::single_line_edit(&newer.bytes, older)?;
    // Line 1 may hold a byte-order mark the spans do not count.
    if edit.line == 1 {
        return None;
    }
    let line = u32::try_from(edit.line).ok()?;
    let mut found = None;
    for (index, places) in newer.places.iter().enumerate() {
        for (field, (at, column)) in [Field::Current, Field::Done].into_iter().zip(*places) {
            if at == line && column > 0 {
                if found.is_some() {
                    return None; // two values on one line: flow style
                }
                found = Some((index, field, column));
            }
        }
    }
    let (index, field, column) = found?;
    let reading = match (newer.readings[index].1, patch::replaced(&edit, field, column)?) {
        (Reading::Current(_), Replacement::Current(value)) => Reading::Current(Some(value)),
        (Reading::Done(_), Replacement::Done(done)) => Reading::Done(done),
        _ => return None,
    };
    let mut readings = newer.readings.clone();
    readings[index].1 = reading;
    Some(Parsed { bytes: Vec::new(), readings, places: newer.places.clone() })
}

/// The readings of a file's bytes.
fn read(bytes: Vec<u8>, periods: &HashMap<Period, usize>) -> Version {
    // The blob's size was checked against the limit before it was read.
    let (file, findings) = read_buffer(0, String::new(), PathBuf::new(), Contents::Bytes(bytes), u64::MAX);
    let Some(document) = file.document.filter(|_| !findings.iter().any(|f| f.code.always_an_error())) else {
        return Version::Broken;
    };
    if !periods.contains_key(&document.period) {
        return Version::Other;
    }
    let mut readings = Vec::new();
    let mut places = Vec::new();
    for objective in &document.objectives {
        for kr in &objective.key_results {
            let key = Key {
                period: document.period,
                team: document.team.clone(),
                objective: objective.id.clone(),
                key_result: kr.id.clone(),
            };
            readings.push((key, Reading::of(kr)));
            let (current, done) = (kr.spans.current, kr.spans.done);
            places.push([(current.line, current.column), (done.line, done.column)]);
        }
    }
    // The bytes as parsed: a byte-order mark dropped, so lines match the spans.
    let bytes = file.text.into_bytes();
    Version::Readings(Rc::new(Parsed { bytes, readings, places }))
}

/// A cheap look before parsing: the file says `period: X` on a top-level
/// line and X is none of `periods`. A file that does not say it plainly is
/// parsed.
fn declares_other_period(bytes: &[u8], periods: &HashMap<Period, usize>) -> bool {
    let Ok(text) = std::str::from_utf8(bytes) else { return false };
    text.lines().any(|line| {
        let Some(value) = line.strip_prefix("period:") else { return false };
        let value = value.split(" #").next().unwrap_or_default().trim().trim_matches(['"', '\'']);
        value.parse::<Period>().is_ok_and(|declared| !periods.contains_key(&declared))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::history::patch::tests::BASE;

    fn periods() -> HashMap<Period, usize> {
        [("2026-Q3".parse().unwrap(), 1)].into()
    }

    fn parsed(text: &str) -> Rc<Parsed> {
        match read(text.as_bytes().to_vec(), &periods()) {
            Version::Readings(parsed) => parsed,
            _ => panic!("a document of the period"),
        }
    }

    /// The patch, which must agree with parsing the older text.
    fn patched_to(older: &str) -> Option<Vec<(Key, Reading)>> {
        let readings = patched(&parsed(BASE), older.as_bytes())?.readings;
        assert_eq!(readings, parsed(older).readings, "the patch disagrees with the parser on {older:?}");
        Some(readings)
    }

    #[test]
    fn plain_checkins_are_patched_as_the_parser_reads_them() {
        let readings = patched_to(&BASE.replace("current: 4", "current: 7.5")).expect("patched");
        assert_eq!(readings[0].1, Reading::Current(Some(7.5)));
        let readings = patched_to(&BASE.replace("done: false", "done: true")).expect("patched");
        assert_eq!(readings[1].1, Reading::Done(true));
    }

    #[test]
    fn anything_less_plain_is_parsed() {
        for older in [
            BASE.replace("current: 4", "current: 7 # a comment"),
            BASE.replace("current: 4", "current: 1e3"),
            BASE.replace("current: 1}", "current: 2}"),
            BASE.replace("target: 10", "target: 12"),
            BASE.replace("current: 4", "current: 5").replace("done: false", "done: true"),
            BASE.replace("team: a", "team: b"),
        ] {
            assert!(patched(&parsed(BASE), older.as_bytes()).is_none(), "{older:?}");
        }
    }

    #[test]
    fn another_period_is_told_without_parsing() {
        let q3: HashMap<Period, usize> = [("2026-Q3".parse().unwrap(), 1), ("2026".parse().unwrap(), 1)].into();
        assert!(declares_other_period(b"team: a\nperiod: 2026-Q2\n", &q3));
        assert!(!declares_other_period(b"team: a\nperiod: 2026-Q3\n", &q3));
        assert!(!declares_other_period(b"team: a\nperiod: '2026' # the year\n", &q3));
        assert!(!declares_other_period(b"team: [a\n", &q3));
    }
}
