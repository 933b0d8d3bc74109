//! `okr status` and `okr due`: where things stand on a date, per team,
//! objective and key result, with each key result's latest check-in from
//! git history ([`latest`]) and whether it is due for one ([`due`]).
//! These types are the JSON wire format of `okr status --format json`.

pub mod due;
pub mod latest;

use std::collections::{BTreeMap, HashMap, HashSet};

use chrono::NaiveDate;
use serde::Serialize;

use crate::config::Config;
use crate::error::Error;
use crate::git::{ObjectId, Repository};
use crate::load::Workspace;
use crate::measure::Measure;
use crate::model::{Document, KeyResult, Kind, Objective};
use crate::numbers::serialize_optional;
use crate::period::Period;
use crate::refs::CanonicalRef;
use crate::report::wire::Values;
use crate::score::{self, Grade, PaceStatus};
use crate::scoreboard::{describe, health_status, HealthStatus};
use crate::text::Text;
use latest::{Found, Key, Stamp};

/// `okr status`'s result, as its JSON writes it.
#[derive(Debug, Serialize)]
pub struct Status {
    /// The version of the JSON format; 1.
    pub version: u32,
    /// The date things are told as of: pace, and whether a check-in is due.
    pub as_of: NaiveDate,
    /// The commit whose files were read; `None` for the working tree.
    pub rev: Option<String>,
    /// Each period asked for that has objectives, smallest first.
    pub periods: Vec<PeriodStatus>,
    /// The history was cut short by a shallow clone: check-ins before its
    /// edge are unknown. Not in the JSON; the command warns.
    #[serde(skip)]
    pub shallow: bool,
}

/// One period.
#[derive(Debug, Serialize)]
pub struct PeriodStatus {
    /// The period.
    pub period: Period,
    /// Its first day.
    pub start: NaiveDate,
    /// Its last day.
    pub end: NaiveDate,
    /// Each team with objectives in it, by id.
    pub teams: Vec<TeamStatus>,
}

/// One team in one period.
#[derive(Debug, Serialize)]
pub struct TeamStatus {
    /// The team's id.
    pub team: String,
    /// The mean of its objectives' scores; `None` without objectives.
    pub score: Option<f64>,
    /// Its health metrics, as `okr score` shows them.
    pub health: Vec<HealthStatus>,
    /// Its objectives, in file order.
    pub objectives: Vec<ObjectiveStatus>,
}

/// One objective.
#[derive(Debug, Serialize)]
pub struct ObjectiveStatus {
    /// Its canonical reference.
    #[serde(rename = "ref")]
    pub canonical: CanonicalRef,
    /// Its title.
    pub title: Text,
    /// Its kind.
    pub kind: Kind,
    /// Its owner, as written.
    pub owner: Option<Text>,
    /// Its score, 0 to 1.
    pub score: f64,
    /// Its grade.
    pub grade: Grade,
    /// Its pace on the as-of date; `None` when that date is outside the period.
    pub status: Option<PaceStatus>,
    /// Its key results, in file order.
    pub key_results: Vec<KeyResultStatus>,
}

/// One key result.
#[derive(Debug, Serialize)]
pub struct KeyResultStatus {
    /// Its canonical reference.
    #[serde(rename = "ref")]
    pub canonical: CanonicalRef,
    /// Its title.
    pub title: Text,
    /// `progress`, `threshold`, `milestone`, or `invalid`.
    #[serde(rename = "type")]
    pub measure: &'static str,
    /// Its owner, as written.
    pub owner: Option<Text>,
    /// The fields of its kind, as `okr report` writes its final values.
    pub values: Values,
    /// The unit of its values.
    pub unit: Option<Text>,
    /// Its score: the manual one when written, else the computed one.
    pub score: f64,
    /// Its grade, against its objective's kind.
    pub grade: Grade,
    /// How sure its owner is of reaching it.
    #[serde(serialize_with = "serialize_optional")]
    pub confidence: Option<f64>,
    /// The note of the latest check-in.
    pub note: Option<Text>,
    /// Its latest check-in in its period, from git history; `None` without
    /// one, or outside a repository.
    pub latest_checkin: Option<Checkin>,
    /// Whether it needs a check-in (see [`due`]).
    pub due: bool,
    /// Days from its latest check-in (or, without one, the later of its
    /// creation and the period's start) to the as-of date. Not in this JSON.
    #[serde(skip)]
    pub days_since: i64,
    /// Who should act on it: its owner, else its objective's, else its
    /// file's, else the team. Not in this JSON.
    #[serde(skip)]
    pub acts: Text,
    /// "48 → 4 h, now 20", for people. Not in the JSON.
    #[serde(skip)]
    pub measurement: Text,
}

/// A check-in: the commit that last changed what a key result records.
#[derive(Debug, Clone, Serialize)]
pub struct Checkin {
    /// The committer date, in UTC.
    pub date: NaiveDate,
    /// The author's name.
    pub author: Text,
    /// The commit, 40 hex digits.
    pub commit: String,
}

/// Which key results to tell.
#[derive(Debug, Clone)]
pub struct Options {
    /// The periods, in the order shown.
    pub periods: Vec<Period>,
    /// Only these teams; every team when empty.
    pub teams: Vec<String>,
    /// The date things are told as of.
    pub as_of: NaiveDate,
    /// A key result whose latest check-in is more than this many days before
    /// `as_of` is due.
    pub due_days: u32,
}

/// Where git history is read from: the repository, and the commit whose
/// files were read (or, for the working tree, the commit it is on, if any).
pub struct History<'r> {
    /// The repository the command opened.
    pub repository: &'r Repository,
    /// The commit the history is read back from; `None` on an unborn branch.
    pub tip: Option<ObjectId>,
    /// Whether the files were read at `tip` (its id goes in `rev`) rather
    /// than from the working tree.
    pub files_at_tip: bool,
}

/// The periods `okr status` tells by default: every period containing
/// `date`, the quarter first, then its half and its year.
pub fn periods_containing(date: NaiveDate, config: &Config) -> Vec<Period> {
    Period::quarter_of(date, config.periods.fiscal_year_start_month).with_ancestors().collect()
}

/// Where the key results of `workspace` that `options` keeps stand, with
/// their latest check-ins read from `history` when there is one.
pub fn build(
    workspace: &Workspace,
    config: &Config,
    options: &Options,
    history: Option<&History<'_>>,
) -> Result<Status, Error> {
    let documents: Vec<&Document> = workspace
        .documents()
        .map(|(_, d)| d)
        .filter(|d| options.periods.contains(&d.period))
        .filter(|d| options.teams.is_empty() || options.teams.contains(&d.team))
        .collect();
    let wanted: HashSet<Key> = documents
        .iter()
        .flat_map(|d| {
            d.objectives.iter().flat_map(move |o| {
                o.key_results.iter().map(move |kr| Key {
                    period: d.period,
                    team: d.team.clone(),
                    objective: o.id.clone(),
                    key_result: kr.id.clone(),
                })
            })
        })
        .collect();
    let (found, shallow) = match history {
        Some(History { repository, tip: Some(tip), .. }) if !wanted.is_empty() => {
            latest::find(repository, *tip, &wanted, config)?
        }
        _ => (HashMap::new(), false),
    };
    let teller = Teller { config, options, found: &found };
    let mut by_period: BTreeMap<Period, BTreeMap<&str, TeamStatus>> = BTreeMap::new();
    for document in documents {
        let team = by_period.entry(document.period).or_default().entry(&document.team).or_insert_with(|| TeamStatus {
            team: document.team.clone(),
            score: None,
            health: Vec::new(),
            objectives: Vec::new(),
        });
        team.health.extend(document.health.iter().map(health_status));
        team.objectives.extend(document.objectives.iter().map(|o| teller.objective(document, o)));
    }
    let fiscal = config.periods.fiscal_year_start_month;
    let periods = options
        .periods
        .iter()
        .filter_map(|period| {
            let teams = by_period.remove(period)?;
            let mut teams: Vec<TeamStatus> = teams.into_values().filter(|t| !t.objectives.is_empty()).collect();
            for team in &mut teams {
                team.score = score::mean(team.objectives.iter().map(|o| o.score));
            }
            let (start, end) = period.dates(fiscal);
            Some(PeriodStatus { period: *period, start, end, teams }).filter(|p| !p.teams.is_empty())
        })
        .collect();
    let rev = history.filter(|h| h.files_at_tip).and_then(|h| h.tip).map(|tip| tip.to_string());
    Ok(Status { version: 1, as_of: options.as_of, rev, periods, shallow })
}

struct Teller<'a> {
    config: &'a Config,
    options: &'a Options,
    found: &'a HashMap<Key, Found>,
}

impl Teller<'_> {
    fn objective(&self, document: &Document, objective: &Objective) -> ObjectiveStatus {
        let canonical = CanonicalRef::objective(&document.team, &objective.id, document.period);
        let dates = document.period.dates(self.config.periods.fiscal_year_start_month);
        let score = score::objective(objective);
        let pace = score::pace(score, objective.kind, self.options.as_of, dates, &self.config.grading);
        // Who acts on a key result without an owner: the objective's, the file's, the team.
        let fallback = objective.owner.as_ref().or(document.owner.as_ref()).cloned();
        let fallback = fallback.unwrap_or_else(|| document.team.as_str().into());
        ObjectiveStatus {
            title: objective.title.clone(),
            kind: objective.kind,
            owner: objective.owner.clone(),
            score,
            grade: score::grade(score, objective.kind, &self.config.grading),
            status: pace.map(|p| p.status),
            key_results: objective
                .key_results
                .iter()
                .map(|kr| self.key_result(document, objective, kr, dates.0, &fallback))
                .collect(),
            canonical,
        }
    }

    fn key_result(
        &self,
        document: &Document,
        objective: &Objective,
        kr: &KeyResult,
        period_start: NaiveDate,
        fallback: &Text,
    ) -> KeyResultStatus {
        let key = Key {
            period: document.period,
            team: document.team.clone(),
            objective: objective.id.clone(),
            key_result: kr.id.clone(),
        };
        let found = self.found.get(&key).cloned().unwrap_or(Found::Nothing);
        let (latest_checkin, fresh_since) = match found {
            Found::Checkin(Stamp { date, author, commit }) => (Some(Checkin { date, author, commit }), date),
            Found::Created(created) => (None, created.max(period_start)),
            Found::Nothing => (None, period_start),
        };
        let score = score::key_result(kr).0;
        let days_since = (self.options.as_of - fresh_since).num_days();
        let measure = Measure::of(kr).ok();
        KeyResultStatus {
            canonical: CanonicalRef::key_result(&document.team, &objective.id, &kr.id, document.period),
            title: kr.title.clone(),
            measure: measure.map_or("invalid", |m| m.type_name()),
            owner: kr.owner.clone(),
            values: Values::of(kr),
            unit: kr.unit.clone(),
            score,
            grade: score::grade(score, objective.kind, &self.config.grading),
            confidence: kr.confidence.map(|c| c.0),
            note: kr.note.clone(),
            latest_checkin,
            due: due::is_due(score, days_since, self.options.due_days),
            days_since,
            acts: kr.owner.clone().unwrap_or_else(|| fallback.clone()),
            measurement: measure
                .map_or_else(Text::default, |m| describe(&m, kr.unit.as_ref().map(Text::as_str)).into()),
        }
    }
}
