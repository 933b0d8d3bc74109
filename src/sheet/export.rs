//! `okr export` as data: one [`Row`](crate::sheet::Row) per key result, then one per health
//! metric, for the documents a selection keeps, ordered by period and team.

use std::collections::BTreeSet;

use crate::config::Config;
use crate::load::Workspace;
use crate::measure::Measure;
use crate::model::{Document, Extensions, HealthMetric, KeyResult, Num, Objective};
use crate::period::Period;
use crate::score;
use crate::sheet::{Column, Level, Row, Table, Value};
use crate::text::Text;

/// Which documents to export.
#[derive(Debug, Clone, Default)]
pub struct Selection {
    /// Only this period.
    pub period: Option<Period>,
    /// Only these teams; every team when empty.
    pub teams: Vec<String>,
}

impl Selection {
    fn keeps(&self, document: &Document) -> bool {
        self.period.is_none_or(|p| p == document.period)
            && (self.teams.is_empty() || self.teams.contains(&document.team))
    }
}

/// The export of the documents a selection keeps, ready to give its rows
/// one at a time: a large export never holds every row at once.
pub struct Export<'w> {
    documents: Vec<&'w Document>,
    config: &'w Config,
    /// The `x-` keys of the documents, by level, sorted: one column each.
    pub extensions: Vec<(Level, String)>,
}

impl<'w> Export<'w> {
    /// The documents of `workspace` that `selection` keeps, by period, then
    /// team; grades by `config`'s grading.
    pub fn new(workspace: &'w Workspace, config: &'w Config, selection: &Selection) -> Export<'w> {
        let mut documents: Vec<&Document> =
            workspace.documents().map(|(_, d)| d).filter(|d| selection.keeps(d)).collect();
        documents.sort_by(|a, b| (a.period, &a.team).cmp(&(b.period, &b.team)));
        let mut keys = BTreeSet::new();
        for document in &documents {
            keys.extend(document.extensions.keys().map(|k| (Level::Team, k.clone())));
            for objective in &document.objectives {
                keys.extend(objective.extensions.keys().map(|k| (Level::Objective, k.clone())));
                for kr in &objective.key_results {
                    keys.extend(kr.extensions.keys().map(|k| (Level::KeyResult, k.clone())));
                }
            }
            for metric in &document.health {
                keys.extend(metric.extensions.keys().map(|k| (Level::KeyResult, k.clone())));
            }
        }
        Export { documents, config, extensions: keys.into_iter().collect() }
    }

    /// The header: the columns' names, then the `x-` columns'.
    pub fn header(&self) -> Vec<String> {
        Table { extensions: self.extensions.clone(), rows: Vec::new() }.header()
    }

    /// The rows, made as they are asked for: each document's key results as
    /// written, then its health metrics.
    pub fn rows(&self) -> impl Iterator<Item = Row> + '_ {
        self.documents.iter().flat_map(move |document| {
            let key_results = document.objectives.iter().flat_map(move |objective| {
                objective.key_results.iter().map(move |kr| {
                    let values = key_result_row(document, objective, kr, self.config);
                    let levels = [&document.extensions, &objective.extensions, &kr.extensions];
                    Row { values, extensions: extension_values(&self.extensions, levels) }
                })
            });
            let health = document.health.iter().map(move |metric| {
                let levels = [&document.extensions, &Extensions::new(), &metric.extensions];
                Row { values: health_row(document, metric), extensions: extension_values(&self.extensions, levels) }
            });
            key_results.chain(health)
        })
    }
}

/// Every row of the documents of `workspace` that `selection` keeps, at once
/// (see [`Export`] to have them one at a time).
pub fn table(workspace: &Workspace, config: &Config, selection: &Selection) -> Table {
    let export = Export::new(workspace, config, selection);
    Table { rows: export.rows().collect(), extensions: export.extensions }
}

/// The row's value for each `x-` column, from the team's, objective's and
/// key result's keys.
fn extension_values(columns: &[(Level, String)], [team, objective, kr]: [&Extensions; 3]) -> Vec<Value> {
    columns
        .iter()
        .map(|(level, key)| {
            let at = match level {
                Level::Team => team,
                Level::Objective => objective,
                Level::KeyResult => kr,
            };
            at.get(key).map_or(Value::Empty, |v| Value::Json(v.clone()))
        })
        .collect()
}

fn text(value: &Text) -> Value {
    Value::Text(value.clone())
}

fn optional_text(value: Option<&Text>) -> Value {
    value.map_or(Value::Empty, text)
}

fn number(value: Option<Num>) -> Value {
    value.map_or(Value::Empty, |n| Value::Number(n.0))
}

fn key_result_row(document: &Document, objective: &Objective, kr: &KeyResult, config: &Config) -> Vec<Value> {
    let (score, computed) = score::key_result(kr);
    let kind = Measure::of(kr).map_or(Value::Empty, |m| Value::Text(m.type_name().into()));
    Column::ALL
        .iter()
        .map(|column| match column {
            Column::Period => Value::Text(document.period.to_string().into()),
            Column::Team => Value::Text(document.team.as_str().into()),
            Column::ObjectiveId => Value::Text(objective.id.as_str().into()),
            Column::ObjectiveTitle => text(&objective.title),
            Column::ObjectiveKind => Value::Text(objective.kind.as_str().into()),
            Column::ObjectiveOwner => optional_text(objective.owner.as_ref()),
            Column::Description => optional_text(objective.description.as_ref()),
            Column::Tags => Value::List(objective.tags.clone()),
            Column::AlignsTo => Value::List(objective.aligns_to.iter().map(|r| r.as_str().into()).collect()),
            Column::KeyResultId => Value::Text(kr.id.as_str().into()),
            Column::Title => text(&kr.title),
            Column::Type => kind.clone(),
            Column::Start => number(kr.start),
            Column::Target => number(kr.target),
            Column::AtLeast => number(kr.at_least),
            Column::AtMost => number(kr.at_most),
            Column::Done => kr.done.map_or(Value::Empty, Value::Bool),
            Column::Current => number(kr.current),
            Column::Unit => optional_text(kr.unit.as_ref()),
            Column::Confidence => number(kr.confidence),
            Column::Weight => number(kr.weight),
            Column::Score => number(kr.score),
            Column::Owner => optional_text(kr.owner.as_ref()),
            Column::Note => optional_text(kr.note.as_ref()),
            Column::Source => optional_text(kr.source.as_ref()),
            Column::ComputedScore => Value::Number(computed),
            Column::Grade => Value::Text(score::grade(score, objective.kind, &config.grading).as_str().into()),
            Column::TeamOwner => optional_text(document.owner.as_ref()),
        })
        .collect()
}

/// A health metric's row: its id and title in the key result's columns,
/// `type` `health`, and no objective.
fn health_row(document: &Document, metric: &HealthMetric) -> Vec<Value> {
    Column::ALL
        .iter()
        .map(|column| match column {
            Column::Period => Value::Text(document.period.to_string().into()),
            Column::Team => Value::Text(document.team.as_str().into()),
            Column::KeyResultId => Value::Text(metric.id.as_str().into()),
            Column::Title => text(&metric.title),
            Column::Type => Value::Text("health".into()),
            Column::AtLeast => number(metric.at_least),
            Column::AtMost => number(metric.at_most),
            Column::Current => number(metric.current),
            Column::Unit => optional_text(metric.unit.as_ref()),
            Column::Tags | Column::AlignsTo => Value::List(Vec::new()),
            Column::TeamOwner => optional_text(document.owner.as_ref()),
            _ => Value::Empty,
        })
        .collect()
}
