//! `okr score` as data: every period, team, objective and key result with its
//! score, grade and pace, and each team's health metrics.
//! These types are the JSON wire format of `okr score --format json`.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::Serialize;

use crate::config::Config;
use crate::load::Workspace;
use crate::measure::{Bound, Measure};
use crate::model::{Document, HealthMetric, KeyResult, Kind, Objective};
use crate::numbers::{self, human, two_decimals};
use crate::period::Period;
use crate::refs::CanonicalRef;
use crate::score::{self, Grade, PaceStatus};
use crate::text::Text;

/// `okr score`'s result, as its JSON writes it.
#[derive(Debug, Serialize)]
pub struct Scoreboard {
    /// The version of the JSON format; 1.
    pub version: u32,
    /// The date pace is computed for.
    pub as_of: NaiveDate,
    /// The commit whose files were read (40 hex digits); `None` for the
    /// working tree. Set by the caller, which knows where the files came from.
    pub rev: Option<String>,
    /// That commit's committer date (UTC), for the header; not in the JSON.
    #[serde(skip)]
    pub committed: Option<NaiveDate>,
    /// Every period found, in order.
    pub periods: Vec<PeriodScores>,
}

/// The scores of one period.
#[derive(Debug, Serialize)]
pub struct PeriodScores {
    /// The period.
    pub period: Period,
    /// Its first day.
    pub start: NaiveDate,
    /// Its last day.
    pub end: NaiveDate,
    /// The mean of its objectives' scores; `None` without objectives.
    pub score: Option<f64>,
    /// Each team's scores.
    pub teams: Vec<TeamScores>,
}

/// The scores of one team in one period.
#[derive(Debug, Serialize)]
pub struct TeamScores {
    /// The team's id.
    pub team: String,
    /// The mean of its objectives' scores; `None` without objectives.
    pub score: Option<f64>,
    /// Each objective's score.
    pub objectives: Vec<ObjectiveScores>,
    /// Each health metric's status.
    pub health: Vec<HealthStatus>,
}

/// An objective's score, grade and pace.
#[derive(Debug, Serialize)]
pub struct ObjectiveScores {
    /// Its canonical reference.
    #[serde(rename = "ref")]
    pub canonical: CanonicalRef,
    /// Its title.
    pub title: Text,
    /// Its kind.
    pub kind: Kind,
    /// Its file, as shown to users.
    pub file: Text,
    /// Its score, 0 to 1.
    pub score: f64,
    /// Its grade.
    pub grade: Grade,
    /// The score expected by the as-of date, within the period.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expected: Option<f64>,
    /// The pace, within the period.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<PaceStatus>,
    /// Who owns it, when written.
    pub owner: Option<Text>,
    /// Each key result's score.
    pub key_results: Vec<KeyResultScores>,
}

/// A key result's score and grade.
#[derive(Debug, Serialize)]
pub struct KeyResultScores {
    /// Its canonical reference.
    #[serde(rename = "ref")]
    pub canonical: CanonicalRef,
    /// Its title.
    pub title: Text,
    /// How it is measured: `progress`, `at_least`, `at_most` or `milestone`.
    #[serde(rename = "type")]
    pub measure: &'static str,
    /// Its score: the manual one when written, else the computed one.
    pub score: f64,
    /// The score computed from its values.
    pub computed_score: f64,
    /// Its weight in its objective.
    #[serde(serialize_with = "numbers::serialize")]
    pub weight: f64,
    /// How sure its owner is of reaching it.
    pub confidence: Option<f64>,
    /// Who owns it, when written.
    pub owner: Option<Text>,
    /// The note of its latest check-in, when written.
    pub note: Option<Text>,
    /// Its grade.
    pub grade: Grade,
    /// "20 → 4 h (now 20)" for people; not in the JSON.
    #[serde(skip)]
    pub measurement: Text,
}

/// A health metric and whether it holds.
#[derive(Debug, Serialize)]
pub struct HealthStatus {
    /// Its id.
    pub id: String,
    /// Its title.
    pub title: Text,
    /// Whether it holds.
    pub status: Health,
    /// The value now.
    #[serde(serialize_with = "numbers::serialize_optional")]
    pub current: Option<f64>,
    /// The lowest healthy value.
    #[serde(skip_serializing_if = "Option::is_none", serialize_with = "numbers::serialize_optional")]
    pub at_least: Option<f64>,
    /// The highest healthy value.
    #[serde(skip_serializing_if = "Option::is_none", serialize_with = "numbers::serialize_optional")]
    pub at_most: Option<f64>,
    /// The unit of its values.
    pub unit: Option<Text>,
}

impl ObjectiveScores {
    /// "on-track (expected 0.35)", or nothing outside the period.
    pub fn pace_text(&self) -> String {
        match (self.expected, self.status) {
            (Some(expected), Some(status)) => format!("{} (expected {})", status.as_str(), two_decimals(expected)),
            _ => String::new(),
        }
    }
}

impl HealthStatus {
    fn unit_suffix(&self) -> String {
        self.unit.as_ref().map(|u| format!(" {}", u.as_str())).unwrap_or_default()
    }

    /// "≥ 95 %" or "≤ 15 min".
    pub fn bound_text(&self) -> Text {
        match (self.at_least, self.at_most) {
            (Some(b), _) => format!("≥ {}{}", human(b), self.unit_suffix()).into(),
            (_, Some(b)) => format!("≤ {}{}", human(b), self.unit_suffix()).into(),
            _ => Text::default(),
        }
    }

    /// "12 min", or `missing` without a value.
    pub fn current_text(&self, missing: &str) -> Text {
        self.current.map_or_else(|| missing.into(), |c| format!("{}{}", human(c), self.unit_suffix()).into())
    }
}

/// Whether a health metric holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Health {
    /// The value is within its bound.
    Healthy,
    /// The value is past its bound.
    Breached,
    /// No value is written.
    Unknown,
}

impl Health {
    /// The status of `metric`.
    pub fn of(metric: &HealthMetric) -> Health {
        match (metric.current, metric.at_least, metric.at_most) {
            (None, ..) => Health::Unknown,
            (Some(current), Some(bound), _) if current.0 >= bound.0 => Health::Healthy,
            (Some(current), _, Some(bound)) if current.0 <= bound.0 => Health::Healthy,
            _ => Health::Breached,
        }
    }

    /// The status's name in every output (`healthy`).
    pub fn as_str(self) -> &'static str {
        match self {
            Health::Healthy => "healthy",
            Health::Breached => "breached",
            Health::Unknown => "unknown",
        }
    }
}

/// Which objectives to score.
#[derive(Debug, Default, Clone)]
pub struct Filter {
    /// Only this period.
    pub period: Option<Period>,
    /// Only these teams; every team when empty.
    pub teams: Vec<String>,
    /// Only objectives with this tag.
    pub tag: Option<String>,
}

impl Filter {
    fn keeps_document(&self, document: &Document) -> bool {
        self.period.is_none_or(|p| p == document.period)
            && (self.teams.is_empty() || self.teams.contains(&document.team))
    }

    fn keeps_objective(&self, objective: &Objective) -> bool {
        self.tag.as_ref().is_none_or(|tag| objective.tags.iter().any(|t| t == tag))
    }
}

/// The scores of every objective of `workspace` that `filter` keeps, with
/// pace as of `as_of`, grouped by period and team.
pub fn build(workspace: &Workspace, config: &Config, filter: &Filter, as_of: NaiveDate) -> Scoreboard {
    let fiscal = config.periods.fiscal_year_start_month;
    let mut by_period: BTreeMap<Period, BTreeMap<&str, TeamScores>> = BTreeMap::new();
    for (file, document) in workspace.documents().filter(|(_, d)| filter.keeps_document(d)) {
        let dates = document.period.dates(fiscal);
        let team = by_period.entry(document.period).or_default().entry(&document.team).or_insert_with(|| TeamScores {
            team: document.team.clone(),
            score: None,
            objectives: Vec::new(),
            health: Vec::new(),
        });
        for objective in document.objectives.iter().filter(|o| filter.keeps_objective(o)) {
            team.objectives.push(objective_scores(
                document,
                objective,
                &workspace.files[file].display,
                config,
                as_of,
                dates,
            ));
        }
        team.health.extend(document.health.iter().map(health_status));
    }
    let periods = by_period
        .into_iter()
        .map(|(period, teams)| {
            // A filter can leave a team without objectives: it has nothing to show.
            let mut teams: Vec<TeamScores> = teams.into_values().filter(|t| !t.objectives.is_empty()).collect();
            for team in &mut teams {
                team.score = score::mean(team.objectives.iter().map(|o| o.score));
            }
            let (start, end) = period.dates(fiscal);
            let score = score::mean(teams.iter().flat_map(|t| &t.objectives).map(|o| o.score));
            PeriodScores { period, start, end, score, teams }
        })
        .filter(|p: &PeriodScores| !p.teams.is_empty())
        .collect();
    Scoreboard { version: 1, as_of, rev: None, committed: None, periods }
}

fn objective_scores(
    document: &Document,
    objective: &Objective,
    file: &Text,
    config: &Config,
    as_of: NaiveDate,
    dates: (NaiveDate, NaiveDate),
) -> ObjectiveScores {
    let canonical = CanonicalRef::objective(&document.team, &objective.id, document.period);
    let score = score::objective(objective);
    let pace = score::pace(score, objective.kind, as_of, dates, &config.grading);
    ObjectiveScores {
        title: objective.title.clone(),
        kind: objective.kind,
        file: file.clone(),
        score,
        grade: score::grade(score, objective.kind, &config.grading),
        expected: pace.map(|p| p.expected),
        status: pace.map(|p| p.status),
        owner: objective.owner.clone(),
        key_results: objective
            .key_results
            .iter()
            .map(|kr| key_result_scores(&canonical, kr, objective.kind, config))
            .collect(),
        canonical,
    }
}

fn key_result_scores(objective: &CanonicalRef, kr: &KeyResult, kind: Kind, config: &Config) -> KeyResultScores {
    let (score, computed_score) = score::key_result(kr);
    let measure = Measure::of(kr).ok();
    KeyResultScores {
        canonical: CanonicalRef { key_result: Some(kr.id.clone()), ..objective.clone() },
        title: kr.title.clone(),
        measure: measure.map_or("none", |m| m.type_name()),
        score,
        computed_score,
        weight: score::weight(kr),
        confidence: kr.confidence.map(|c| c.0),
        owner: kr.owner.clone(),
        note: kr.note.clone(),
        grade: score::grade(score, kind, &config.grading),
        measurement: measure.map_or_else(Text::default, |m| describe(&m, kr.unit.as_ref().map(Text::as_str)).into()),
    }
}

/// A health metric's status, with its values.
pub fn health_status(metric: &HealthMetric) -> HealthStatus {
    HealthStatus {
        id: metric.id.clone(),
        title: metric.title.clone(),
        status: Health::of(metric),
        current: metric.current.map(|n| n.0),
        at_least: metric.at_least.map(|n| n.0),
        at_most: metric.at_most.map(|n| n.0),
        unit: metric.unit.clone(),
    }
}

/// A measurement for people: `48 → 4 h, now 20`, `≥ 99.9 %, now 99.95`, `done`.
pub fn describe(measure: &Measure, unit: Option<&str>) -> String {
    let unit = unit.map(|u| format!(" {u}")).unwrap_or_default();
    match *measure {
        Measure::Progress { start, target, current } => {
            format!("{} → {}{unit}, now {}", human(start), human(target), human(current))
        }
        Measure::Threshold { bound, current } => {
            let (sign, bound) = match bound {
                Bound::AtLeast(b) => ("≥", b),
                Bound::AtMost(b) => ("≤", b),
            };
            let now = current.map_or_else(|| "no value yet".to_owned(), |c| format!("now {}", human(c)));
            format!("{sign} {}{unit}, {now}", human(bound))
        }
        Measure::Milestone { done: true } => "done".into(),
        Measure::Milestone { done: false } => "not done".into(),
    }
}
