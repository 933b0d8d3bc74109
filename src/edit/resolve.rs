//! What a `checkin` REF names: `team/objective/kr[@period]` a key result,
//! `team/metric[@period]` a health metric (key results always have three
//! parts). Without `@period`, the one in the period that contains today;
//! during the grace days after a period ends, one that exists only in that
//! ended period; never one that exists only in periods still to come.

use chrono::{Days, NaiveDate};

use crate::error::{Error, Suggestions};
use crate::findings::FileId;
use crate::load::Workspace;
use crate::period::{Part, Period};
use crate::refs::{CanonicalRef, Reference};

/// What a check-in writes to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// A key result of an objective.
    KeyResult {
        /// The objective's id.
        objective: String,
        /// The key result's id.
        key_result: String,
    },
    /// A health metric of the team.
    Health {
        /// The metric's id.
        metric: String,
    },
}

/// A key result or health metric found in a file.
#[derive(Debug, Clone, PartialEq)]
pub struct Found {
    pub file: FileId,
    /// `team/objective/kr@period`, or `team/metric@period` for a health metric.
    pub canonical: CanonicalRef,
    pub target: Target,
    /// Where it starts, for listing candidates.
    pub line: u32,
}

/// The date that picks the period of a REF without `@period`, and the
/// calendar it is read in.
#[derive(Debug, Clone, Copy)]
pub struct Now {
    /// Today, as the caller knows it.
    pub today: NaiveDate,
    /// The month (1 to 12) a fiscal year starts in.
    pub fiscal_start_month: u32,
    /// Days after a period's end in which it is still checked in to.
    pub grace_days: u32,
}

/// The one key result or health metric `text` names, or an error that lists
/// the candidates.
pub fn target(workspace: &Workspace, text: &str, now: &Now) -> Result<Found, Error> {
    let reference =
        Reference::parse_argument(text).ok_or_else(|| Error::NotAKeyResultReference { text: text.to_owned() })?;
    let health = reference.key_result.is_none();
    let mut all = if health { every_health_metric(workspace) } else { every_key_result(workspace) };
    // Listed in the order of their refs (periods in time), then of their files.
    all.sort_by(|a, b| {
        a.canonical
            .cmp(&b.canonical)
            .then_with(|| workspace.files[a.file].display.cmp(&workspace.files[b.file].display))
    });
    let named: Vec<&Found> = all.iter().filter(|f| same_name(f, &reference)).collect();
    let chosen: Vec<&Found> = match reference.period {
        Some(period) => named.iter().copied().filter(|f| f.canonical.period == period).collect(),
        None if named.is_empty() => Vec::new(),
        None => current(&named, now, health).map_err(|elsewhere| Error::NotInCurrentPeriod {
            text: text.to_owned(),
            today: now.today.to_string(),
            grace_days: now.grace_days,
            ended: elsewhere.ended.iter().map(|f| listing(workspace, f)).collect(),
            future: elsewhere.future.iter().map(|f| listing(workspace, f)).collect(),
        })?,
    };
    match chosen.as_slice() {
        [one] => Ok((*one).clone()),
        [] if health => Err(unknown_metric(workspace, text, &reference, &all)),
        [] => Err(unknown(workspace, text, &reference, &all)),
        several => Err(Error::AmbiguousKeyResult {
            text: text.to_owned(),
            candidates: several.iter().map(|f| listing(workspace, f)).collect(),
        }),
    }
}

fn same_name(found: &Found, reference: &Reference) -> bool {
    found.canonical.team == reference.team
        && found.canonical.objective == reference.objective
        && found.canonical.key_result == reference.key_result
}

/// The candidates `now` picks: those in the periods that contain today, else
/// those in periods still in their grace days. For a key result, of these
/// the ones in the smallest period (a quarter before its half, a half before
/// its year); a health metric has no such order, so several are ambiguous.
/// None: where they are instead.
fn current<'f>(named: &[&'f Found], now: &Now, health: bool) -> Result<Vec<&'f Found>, Elsewhere<'f>> {
    let dates = |f: &Found| f.canonical.period.dates(now.fiscal_start_month);
    let contains = |f: &&&Found| {
        let (start, end) = dates(f);
        start <= now.today && now.today <= end
    };
    let in_grace = |f: &&&Found| {
        let (_, end) = dates(f);
        let last = end.checked_add_days(Days::new(now.grace_days.into())).unwrap_or(NaiveDate::MAX);
        end < now.today && now.today <= last
    };
    for wanted in [&contains as &dyn Fn(&&&Found) -> bool, &in_grace] {
        let matching: Vec<&Found> = named.iter().filter(wanted).copied().collect();
        if matching.is_empty() {
            continue;
        }
        if health {
            return Ok(matching);
        }
        let smallest = matching.iter().map(|f| rank(f.canonical.period)).max().expect("not empty");
        return Ok(matching.into_iter().filter(|f| rank(f.canonical.period) == smallest).collect());
    }
    let (future, ended) = named.iter().partition(|f| dates(f).0 > now.today);
    Err(Elsewhere { ended, future })
}

/// Where a REF without `@period` is when no period that counts today has it.
struct Elsewhere<'f> {
    /// In periods that ended before their grace days.
    ended: Vec<&'f Found>,
    /// In periods that have not started.
    future: Vec<&'f Found>,
}

/// Smaller periods rank higher.
fn rank(period: Period) -> u8 {
    match period.part {
        Part::Year => 0,
        Part::Half(_) => 1,
        Part::Quarter(_) => 2,
    }
}

fn every_key_result(workspace: &Workspace) -> Vec<Found> {
    let mut all = Vec::new();
    for (file, document) in workspace.documents() {
        for objective in &document.objectives {
            for kr in &objective.key_results {
                all.push(Found {
                    file,
                    canonical: CanonicalRef::key_result(&document.team, &objective.id, &kr.id, document.period),
                    target: Target::KeyResult { objective: objective.id.clone(), key_result: kr.id.clone() },
                    line: kr.spans.node.line,
                });
            }
        }
    }
    all
}

fn every_health_metric(workspace: &Workspace) -> Vec<Found> {
    let mut all = Vec::new();
    for (file, document) in workspace.documents() {
        for metric in &document.health {
            all.push(Found {
                file,
                canonical: CanonicalRef::objective(&document.team, &metric.id, document.period),
                target: Target::Health { metric: metric.id.clone() },
                line: metric.spans.node.line,
            });
        }
    }
    all
}

fn listing(workspace: &Workspace, found: &Found) -> String {
    format!("  {} ({}:{})", found.canonical, workspace.files[found.file].display.as_str(), found.line)
}

fn unreadable(workspace: &Workspace) -> Vec<String> {
    workspace.files.iter().filter(|f| f.document.is_none()).map(|f| f.display.as_str().to_owned()).collect()
}

/// No health metric of that name: the team's metrics, if it has any.
fn unknown_metric(workspace: &Workspace, text: &str, reference: &Reference, all: &[Found]) -> Error {
    let mut known: Vec<&Found> = all.iter().filter(|f| f.canonical.team == reference.team).collect();
    known.sort_by(|a, b| a.canonical.cmp(&b.canonical));
    Error::UnknownHealthMetric {
        text: text.to_owned(),
        known: known.iter().map(|f| listing(workspace, f)).collect(),
        unreadable: unreadable(workspace),
    }
}

fn unknown(workspace: &Workspace, text: &str, reference: &Reference, all: &[Found]) -> Error {
    let wanted =
        format!("{}/{}/{}", reference.team, reference.objective, reference.key_result.as_deref().unwrap_or(""));
    let mut close: Vec<(usize, &Found)> = all
        .iter()
        .map(|f| {
            let name = format!(
                "{}/{}/{}",
                f.canonical.team,
                f.canonical.objective,
                f.canonical.key_result.as_deref().unwrap_or("")
            );
            (crate::load::reader::levenshtein(&wanted, &name), f)
        })
        .filter(|(d, _)| *d <= (wanted.len() / 4).max(3))
        .collect();
    close.sort_by(|a, b| a.0.cmp(&b.0).then_with(|| a.1.canonical.cmp(&b.1.canonical)));
    // Nothing close by name: the key results of the objective named, if it exists.
    let siblings: Vec<&Found> = all
        .iter()
        .filter(|f| f.canonical.team == reference.team && f.canonical.objective == reference.objective)
        .collect();
    let suggestions = if close.is_empty() && siblings.is_empty() {
        Suggestions::Nothing
    } else if close.is_empty() {
        Suggestions::Siblings(siblings.iter().map(|f| listing(workspace, f)).collect())
    } else {
        Suggestions::Close(close.iter().take(5).map(|(_, f)| listing(workspace, f)).collect())
    };
    Error::UnknownKeyResult { text: text.to_owned(), suggestions, unreadable: unreadable(workspace) }
}
