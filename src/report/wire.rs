//! The report as data: the JSON wire format of `okr report --format json`
//!, which the table and markdown renderers also read.

use chrono::NaiveDate;
use serde::{Serialize, Serializer};

use crate::measure::{self, Measure, Reading};
use crate::model::{KeyResult, Kind};
use crate::numbers::{self, serialize_optional};
use crate::period::Period;
use crate::refs::CanonicalRef;
use crate::report::tracker::Value;
use crate::score::Grade;
use crate::scoreboard::HealthStatus;
use crate::text::Text;

/// The period told from git history, as `okr report --format json` writes it.
#[derive(Debug, Serialize)]
pub struct Report {
    /// The version of the JSON format; 1.
    pub version: u32,
    /// The period reported on.
    pub period: Period,
    /// The period's first day.
    pub start: NaiveDate,
    /// The period's last day.
    pub end: NaiveDate,
    /// The revision read.
    pub rev: String,
    /// Whether the history is cut short by a shallow clone.
    pub shallow: bool,
    /// The date of the last commit read.
    pub report_date: NaiveDate,
    /// The totals over every team.
    pub summary: Summary,
    /// One report per team.
    pub teams: Vec<TeamReport>,
    /// The window's last day (the end plus the grace days), for people.
    #[serde(skip)]
    pub last_day: NaiveDate,
}

#[derive(Debug, Default, Serialize)]
pub struct Summary {
    pub teams: usize,
    pub objectives: usize,
    pub key_results: usize,
    pub score: Option<f64>,
    pub checkins: usize,
    pub stale: usize,
    pub target_changes: usize,
    pub dropped: usize,
    /// Objectives and key results added during the window, for people; not
    /// in the JSON.
    #[serde(skip)]
    pub added: usize,
    /// Objectives (not dropped) per grade.
    pub grades: Grades,
    /// Check-ins of the key results that are not dropped, per key result.
    pub checkins_per_key_result: Option<f64>,
}

#[derive(Debug, Default, Serialize)]
pub struct Grades {
    pub green: usize,
    pub yellow: usize,
    pub red: usize,
}

#[derive(Debug, Serialize)]
pub struct TeamReport {
    pub team: String,
    /// The mean of the objectives that are not dropped.
    pub score: Option<f64>,
    pub objectives: Vec<ObjectiveReport>,
    pub health: Vec<HealthReport>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    Active,
    Added,
    Dropped,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Active => "active",
            Status::Added => "added",
            Status::Dropped => "dropped",
        }
    }
}

#[derive(Debug, Serialize)]
pub struct ObjectiveReport {
    #[serde(rename = "ref")]
    pub canonical: CanonicalRef,
    pub title: Text,
    pub kind: Kind,
    pub score: f64,
    pub grade: Grade,
    pub status: Status,
    /// Changes of `kind` during the window.
    pub target_changes: Vec<TargetChangeReport>,
    pub key_results: Vec<KeyResultReport>,
    /// Its `aligns_to` references as written in its final state, for the
    /// HTML page's tree; not in the JSON.
    #[serde(skip)]
    pub aligns_to: Vec<Text>,
}

impl ObjectiveReport {
    /// A committed objective that did not reach 1: a miss to call out.
    pub fn missed_commitment(&self) -> bool {
        self.kind == Kind::Committed && self.grade != Grade::Green && self.status != Status::Dropped
    }
}

#[derive(Debug, Serialize)]
pub struct KeyResultReport {
    #[serde(rename = "ref")]
    pub canonical: CanonicalRef,
    pub title: Text,
    /// Its final measure; `None` (`invalid`) when it has no valid one.
    #[serde(rename = "type", serialize_with = "measure_type")]
    pub measure: Option<Measure>,
    pub score: f64,
    pub status: Status,
    pub first: Values,
    #[serde(rename = "final")]
    pub last: Values,
    /// The score in the first state, then after each check-in.
    pub sparkline: Vec<f64>,
    pub checkins: Vec<CheckinReport>,
    pub target_changes: Vec<TargetChangeReport>,
    pub last_checkin: Option<NaiveDate>,
    pub stale: bool,
    /// `48 → 4 h, now 20` for people; not in the JSON.
    #[serde(skip)]
    pub unit: Option<Text>,
    /// Its latest note, for people; the JSON has each check-in's.
    #[serde(skip)]
    pub note: Option<Text>,
}

/// The measurement fields a key result has: `start`, `target` and `current`;
/// `at_least` or `at_most` and `current`; or `done`.
#[derive(Debug, Default, Clone, Copy, PartialEq, Serialize)]
pub struct Values {
    #[serde(skip_serializing_if = "Option::is_none", serialize_with = "serialize_optional")]
    pub start: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none", serialize_with = "serialize_optional")]
    pub target: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none", serialize_with = "serialize_optional")]
    pub at_least: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none", serialize_with = "serialize_optional")]
    pub at_most: Option<f64>,
    /// Absent for a milestone; `null` for a number not measured yet.
    #[serde(skip_serializing_if = "Option::is_none", serialize_with = "nested_number")]
    pub current: Option<Option<f64>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub done: Option<bool>,
    /// What a check-in records: `current`, or `done`. Not in the JSON.
    #[serde(skip)]
    pub reading: Reading,
}

impl Values {
    pub fn of(kr: &KeyResult) -> Values {
        // Every field named, so that a new one (a new kind's, say) fails to
        // compile here until it is sorted in or out (and into the target
        // changes of `tracker.rs`, if it sets a goal).
        let KeyResult {
            id: _,
            title: _,
            start: _,
            target: _,
            current: _,
            at_least: _,
            at_most: _,
            done: _,
            unit: _,
            confidence: _,
            weight: _,
            owner: _,
            score: _,
            note: _,
            source: _,
            extensions: _,
            spans: _,
        } = kr;
        let number = |n: Option<crate::model::Num>| n.map(|n| n.0);
        Values {
            start: number(kr.start),
            target: number(kr.target),
            at_least: number(kr.at_least),
            at_most: number(kr.at_most),
            current: measure::has_current(kr).then(|| number(kr.current)),
            done: kr.done,
            reading: Reading::of(kr),
        }
    }
}

/// `progress`, `threshold`, `milestone`, or `invalid`.
fn measure_type<S: Serializer>(measure: &Option<Measure>, serializer: S) -> Result<S::Ok, S::Error> {
    serializer.serialize_str(measure.as_ref().map_or("invalid", Measure::type_name))
}

fn nested_number<S: Serializer>(value: &Option<Option<f64>>, serializer: S) -> Result<S::Ok, S::Error> {
    serialize_optional(&value.flatten(), serializer)
}

#[derive(Debug, Serialize)]
pub struct CheckinReport {
    pub date: NaiveDate,
    pub commit: String,
    pub author: Text,
    pub value: Value,
    pub score: f64,
    /// The key result's `confidence` and `note` as that commit left them.
    #[serde(serialize_with = "serialize_optional")]
    pub confidence: Option<f64>,
    pub note: Option<Text>,
    /// The source an `okr sync --commit` recorded the value from (its
    /// `Okr-Sync:` trailer); absent for a check-in by hand.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source: Option<Text>,
}

#[derive(Debug, Serialize)]
pub struct TargetChangeReport {
    pub date: NaiveDate,
    pub commit: String,
    pub author: Text,
    pub field: &'static str,
    pub old: Value,
    pub new: Value,
}

#[derive(Debug, Serialize)]
pub struct HealthReport {
    #[serde(flatten)]
    pub metric: HealthStatus,
    /// Commits in the window that changed its `current`.
    pub checkins: usize,
    /// Of those, the ones that left it breached.
    pub breached_checkins: usize,
}

impl Serialize for Value {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Value::Number(n) => numbers::serialize(n, serializer),
            Value::Bool(b) => serializer.serialize_bool(*b),
            Value::Kind(kind) => serializer.serialize_str(kind.as_str()),
            Value::Absent => serializer.serialize_none(),
        }
    }
}
