//! The OKR file format as typed data.
//!
//! These types mirror the YAML exactly: the JSON Schema is generated from them
//! (`okr schema`), and they serialise back to the same shape. The loader builds
//! them from the span tree and records where each part was written
//! (the `*Spans` fields, which are not part of the value).

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::Serialize;

use crate::period::Period;
use crate::span::Span;
use crate::text::Text;

/// `^[a-z0-9][a-z0-9_-]{0,63}$`: team, objective and key result ids.
pub const ID_PATTERN: &str = "^[a-z0-9][a-z0-9_-]{0,63}$";
/// An `aligns_to` reference: `team/objective[/kr][@period]`.
pub const REF_PATTERN: &str =
    "^[a-z0-9][a-z0-9_-]{0,63}/[a-z0-9][a-z0-9_-]{0,63}(/[a-z0-9][a-z0-9_-]{0,63})?(@[0-9]{4}(-(H[12]|Q[1-4]))?)?$";

/// A non-empty title on one line; white space around it does not count.
pub const TITLE_PATTERN: &str = r"^\s*\S([^\n\r]*\S)?\s*$";

/// Whether `text` is a usable id: 1 to 64 lowercase letters, digits, `-` or `_`, starting with a letter or digit.
pub fn is_id(text: &str) -> bool {
    let mut bytes = text.bytes();
    matches!(bytes.next(), Some(b'a'..=b'z' | b'0'..=b'9'))
        && text.len() <= 64
        && bytes.all(|b| matches!(b, b'a'..=b'z' | b'0'..=b'9' | b'_' | b'-'))
}

/// User metadata: keys starting with `x-`, allowed at every level and ignored.
pub type Extensions = BTreeMap<String, serde_json::Value>;

/// One OKR file: a team's objectives for one period.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[schemars(title = "okr file", extend("patternProperties" = {"^x-": {}}, "additionalProperties" = false))]
pub struct Document {
    /// The version of the file format, e.g. `version: 1`. Only 1 exists; the default is 1.
    #[schemars(title = "format version")]
    #[serde(default = "version_one")]
    #[schemars(schema_with = "version_schema")]
    pub version: u32,
    /// The id of the team whose OKRs these are, e.g. `team: platform`: 1 to 64
    /// lowercase letters, digits, `-` or `_`. Other files refer to its
    /// objectives as `platform/<objective>`. Required, no default.
    #[schemars(title = "team id")]
    #[schemars(regex(pattern = ID_PATTERN))]
    pub team: String,
    /// The period the objectives are for: a year (`2026`), a half (`2026-H1`)
    /// or a quarter (`2026-Q3`), e.g. `period: 2026-Q3`. Required, no default.
    #[schemars(title = "period")]
    pub period: Period,
    /// Who owns the team's OKRs, a name or handle, e.g. `owner: "@ana"`.
    /// Optional, no default.
    #[schemars(title = "team owner")]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub owner: Option<Text>,
    /// The team's objectives for the period, at least one; each has an `id`, a
    /// `title` and 2 to 5 `key_results`. Required, no default.
    #[schemars(title = "objectives")]
    #[schemars(length(min = 1))]
    pub objectives: Vec<Objective>,
    /// KPIs the team keeps healthy beside its OKRs, each with `at_least` or
    /// `at_most`, e.g. `- {id: uptime, title: Uptime, at_least: 99.9, current: 99.95}`.
    /// Never scored as OKRs. Optional, none by default.
    #[schemars(title = "health metrics")]
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub health: Vec<HealthMetric>,
    /// Keys starting with `x-`, kept as written.
    #[serde(flatten)]
    #[schemars(skip)]
    pub extensions: Extensions,
    /// Where the parts were written.
    #[serde(skip)]
    #[schemars(skip)]
    pub spans: DocumentSpans,
}

fn version_one() -> u32 {
    1
}

/// What an objective aims at, which sets how it is graded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
#[schemars(title = "objective kind")]
pub enum Kind {
    /// Aims at about 0.7: the 70% principle.
    #[default]
    Aspirational,
    /// Aims at 1.0.
    Committed,
}

impl Kind {
    /// The kind's name in the file (`aspirational`).
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Aspirational => "aspirational",
            Kind::Committed => "committed",
        }
    }
}

/// A qualitative objective with 2 to 5 measurable key results.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[schemars(title = "objective", extend("patternProperties" = {"^x-": {}}, "additionalProperties" = false))]
pub struct Objective {
    /// The objective's id, unique within the team and period, e.g. `id: faster-deploys`:
    /// 1 to 64 lowercase letters, digits, `-` or `_`. Required, no default.
    #[schemars(title = "objective id")]
    #[schemars(regex(pattern = ID_PATTERN))]
    pub id: String,
    /// What the objective aims at, qualitative and on one line, e.g.
    /// `title: Deploys are boring`. Numbers belong in key results. Required, no default.
    #[schemars(title = "objective title")]
    #[schemars(length(min = 1), regex(pattern = TITLE_PATTERN))]
    pub title: Text,
    /// A longer account of the objective: why it matters now, e.g.
    /// `description: Releases stall for a day each week.` Optional, no default.
    #[schemars(title = "objective description")]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<Text>,
    /// How the objective is graded: `aspirational` (the default) aims at about
    /// 0.7, the 70% principle; `committed` aims at 1.0, e.g. `kind: committed`.
    #[schemars(title = "objective kind")]
    #[serde(default)]
    pub kind: Kind,
    /// Who owns the objective, a name or handle, e.g. `owner: "@ana"`.
    /// Optional, no default.
    #[schemars(title = "objective owner")]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub owner: Option<Text>,
    /// Free tags for filtering, e.g. `tags: [reliability, q3-bet]`. Optional, none by default.
    #[schemars(title = "tags")]
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<Text>,
    /// Parents: `team/objective` or `team/objective/kr`, optionally `@period`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[schemars(schema_with = "aligns_to_schema")]
    pub aligns_to: Vec<String>,
    /// The objective's measurable key results, 2 to 5 of them; each is a
    /// progress (`start`/`target`), threshold (`at_least` or `at_most`) or
    /// milestone (`done`) key result. Required, no default.
    #[schemars(title = "key results")]
    pub key_results: Vec<KeyResult>,
    /// Keys starting with `x-`, kept as written.
    #[serde(flatten)]
    #[schemars(skip)]
    pub extensions: Extensions,
    /// Where the parts were written.
    #[serde(skip)]
    #[schemars(skip)]
    pub spans: ObjectiveSpans,
}

/// A key result: progress (`start`/`target`), threshold (`at_least`/`at_most`)
/// or milestone (`done`), told apart by the fields it carries.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[schemars(title = "key result", transform = key_result_kinds, extend("patternProperties" = {"^x-": {}}, "additionalProperties" = false))]
pub struct KeyResult {
    /// The key result's id, unique within its objective, e.g. `id: lead-time`:
    /// 1 to 64 lowercase letters, digits, `-` or `_`. Required, no default.
    #[schemars(title = "key result id")]
    #[schemars(regex(pattern = ID_PATTERN))]
    pub id: String,
    /// What the key result measures, on one line, e.g.
    /// `title: Median lead time under a day`. Required, no default.
    #[schemars(title = "key result title")]
    #[schemars(length(min = 1), regex(pattern = TITLE_PATTERN))]
    pub title: Text,
    /// A progress key result's value at the start of the period, e.g. `start: 72`
    /// (hours). Required with `target`; not with `at_least`, `at_most` or `done`.
    #[schemars(title = "start (progress)")]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start: Option<Num>,
    /// The value a progress key result aims for by the end of the period, e.g.
    /// `target: 24`; it may be below `start`. Required with `start`; not with
    /// `at_least`, `at_most` or `done`.
    #[schemars(title = "target (progress)")]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target: Option<Num>,
    /// The measured value now, e.g. `current: 40`; `okr checkin` updates it.
    /// Optional: a progress key result's defaults to `start`. Not for a milestone.
    #[schemars(title = "current value")]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub current: Option<Num>,
    /// A threshold key result met when `current` is at least this, e.g.
    /// `at_least: 99.9`. Not with `start`, `target`, `at_most` or `done`.
    #[schemars(title = "at least (threshold)")]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub at_least: Option<Num>,
    /// A threshold key result met when `current` is at most this, e.g.
    /// `at_most: 2`. Not with `start`, `target`, `at_least` or `done`.
    #[schemars(title = "at most (threshold)")]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub at_most: Option<Num>,
    /// Whether a milestone key result is reached, e.g. `done: false`; it
    /// scores 1 when true, 0 when false. Not with `start`, `target`,
    /// `at_least`, `at_most` or `current`.
    #[schemars(title = "done (milestone)")]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub done: Option<bool>,
    /// The unit of the key result's values, shown beside them, e.g. `unit: hours`.
    /// Optional, no default.
    #[schemars(title = "unit")]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit: Option<Text>,
    /// How sure the owner is of reaching the key result, from 0 to 1, e.g.
    /// `confidence: 0.6`. Optional, no default.
    #[schemars(title = "confidence")]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 0, max = 1))]
    pub confidence: Option<Num>,
    /// The key result's weight in its objective's score, relative to the
    /// others and above 0, e.g. `weight: 2`. The default is 1.
    #[schemars(title = "weight")]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(extend("exclusiveMinimum" = 0))]
    pub weight: Option<Num>,
    /// Who owns the key result, a name or handle, e.g. `owner: "@ana"`.
    /// Optional, no default.
    #[schemars(title = "key result owner")]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub owner: Option<Text>,
    /// A grade from 0 to 1 given by hand at the end of the period, which
    /// replaces the computed score, e.g. `score: 0.7`. Optional, no default.
    #[schemars(title = "manual score")]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 0, max = 1))]
    pub score: Option<Num>,
    /// A note from the last check-in, e.g. `note: Blocked on the CI runner`;
    /// `okr checkin --note` writes it. Optional, no default.
    #[schemars(title = "note")]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<Text>,
    /// The name of a source declared under `[sources]` in `okr.toml` that
    /// `okr sync` reads `current` from, e.g. `source: p95-latency`. Optional,
    /// no default.
    #[schemars(title = "source")]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<Text>,
    /// Keys starting with `x-`, kept as written.
    #[serde(flatten)]
    #[schemars(skip)]
    pub extensions: Extensions,
    /// Where the parts were written.
    #[serde(skip)]
    #[schemars(skip)]
    pub spans: KeyResultSpans,
}

/// A KPI the team keeps healthy: exactly one of `at_least` / `at_most`.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[schemars(title = "health metric", transform = health_metric_bounds, extend(
    "patternProperties" = {"^x-": {}},
    "additionalProperties" = false
))]
pub struct HealthMetric {
    /// The metric's id, unique within the team and period, e.g. `id: uptime`:
    /// 1 to 64 lowercase letters, digits, `-` or `_`. Required, no default.
    #[schemars(title = "metric id")]
    #[schemars(regex(pattern = ID_PATTERN))]
    pub id: String,
    /// What the metric measures, on one line, e.g. `title: API uptime`.
    /// Required, no default.
    #[schemars(title = "metric title")]
    #[schemars(length(min = 1), regex(pattern = TITLE_PATTERN))]
    pub title: Text,
    /// The metric is healthy when `current` is at least this, e.g.
    /// `at_least: 99.9`. Exactly one of `at_least` and `at_most`.
    #[schemars(title = "at least")]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub at_least: Option<Num>,
    /// The metric is healthy when `current` is at most this, e.g.
    /// `at_most: 5`. Exactly one of `at_least` and `at_most`.
    #[schemars(title = "at most")]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub at_most: Option<Num>,
    /// The measured value now, e.g. `current: 99.95`. Optional, no default.
    #[schemars(title = "current value")]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub current: Option<Num>,
    /// The unit of the metric's values, e.g. `unit: "%"`. Optional, no default.
    #[schemars(title = "unit")]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit: Option<Text>,
    /// Keys starting with `x-`, kept as written.
    #[serde(flatten)]
    #[schemars(skip)]
    pub extensions: Extensions,
    /// Where the parts were written.
    #[serde(skip)]
    #[schemars(skip)]
    pub spans: HealthSpans,
}

/// Where a document's parts were written.
#[derive(Debug, Clone, Default)]
pub struct DocumentSpans {
    /// The whole document.
    pub root: Span,
    /// The `team` value.
    pub team: Span,
    /// The `period` value.
    pub period: Span,
}

/// Where an objective's parts were written.
#[derive(Debug, Clone, Default)]
pub struct ObjectiveSpans {
    /// The whole objective.
    pub node: Span,
    /// Its `id` value.
    pub id: Span,
    /// Its `title` value.
    pub title: Span,
    /// The `key_results` key.
    pub key_results: Span,
    /// One span per `aligns_to` reference.
    pub aligns_to: Vec<Span>,
}

/// Where a key result's parts were written.
#[derive(Debug, Clone, Default)]
pub struct KeyResultSpans {
    /// The whole key result.
    pub node: Span,
    /// Its `id` value.
    pub id: Span,
    /// Its `title` value.
    pub title: Span,
    /// Its `target` value, where written.
    pub target: Span,
    /// The values of `current` and `done`, where written: `okr report` reads a
    /// check-in that changes only one of them without parsing the file again.
    pub current: Span,
    /// Its `done` value, where written.
    pub done: Span,
    /// Its `source` value, where written.
    pub source: Span,
}

/// Where a health metric's parts were written.
#[derive(Debug, Clone, Default)]
pub struct HealthSpans {
    /// The whole metric.
    pub node: Span,
    /// Its `id` value.
    pub id: Span,
}

// Positions are where a value was written, not part of the value: two models
// read from differently formatted files are equal.
macro_rules! spans_are_not_part_of_the_value {
    ($($t:ty),*) => {$(impl PartialEq for $t { fn eq(&self, _: &Self) -> bool { true } })*};
}
spans_are_not_part_of_the_value!(DocumentSpans, ObjectiveSpans, KeyResultSpans, HealthSpans);

/// A finite number that serialises as an integer when it is one (`48`, not `48.0`).
#[derive(Debug, Clone, Copy, PartialEq, PartialOrd)]
pub struct Num(pub f64);

impl JsonSchema for Num {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Num".into()
    }

    fn inline_schema() -> bool {
        true
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({"type": "number"})
    }
}

impl Serialize for Num {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        crate::numbers::serialize(&self.0, serializer)
    }
}

/// The format version: an integer, 1. Not schemars' `u32`, whose
/// `"format": "uint32"` is no standard format (ajv in strict mode rejects it).
fn version_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
    schemars::json_schema!({"type": "integer", "minimum": 1, "maximum": 1})
}

fn aligns_to_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
    let reference = schemars::json_schema!({"type": "string", "pattern": REF_PATTERN});
    schemars::json_schema!({
        "title": "aligns to",
        "description": "The objectives or key results this objective serves, in other teams' files: `team/objective` or `team/objective/kr`, optionally with `@period` when the parent is for another period, e.g. `aligns_to: company/grow-revenue/arr`. One reference or a list. Optional, none by default.",
        "anyOf": [reference, {"type": "array", "items": reference}]
    })
}

/// Which fields make which kind of key result, for the schema (`kr-measure`).
///
/// Each kind's fields are typed only in its own branch and forbidden (`false`)
/// in the others; the shared list keeps them as `true`, so that
/// `additionalProperties` still allows them. Editors (yaml-language-server)
/// offer a schema's properties whose schema is an object, so a key result that
/// has chosen its kind is offered its own fields and never another kind's.
fn key_result_kinds(schema: &mut schemars::Schema) {
    split_into_kinds(
        schema,
        &[
            ("progress", &["start", "target", "current"], &["start", "target"]),
            ("threshold (at least)", &["at_least", "current"], &["at_least"]),
            ("threshold (at most)", &["at_most", "current"], &["at_most"]),
            // A milestone has no `current`: `done` says where it stands.
            ("milestone", &["done"], &["done"]),
        ],
    );
    schema.insert("defaultSnippets".into(), key_result_snippets());
}

/// A health metric has exactly one of `at_least` and `at_most`, as a key
/// result has one kind.
fn health_metric_bounds(schema: &mut schemars::Schema) {
    split_into_kinds(schema, &[("at least", &["at_least"], &["at_least"]), ("at most", &["at_most"], &["at_most"])]);
}

/// One `oneOf` branch per kind `(title, its fields, the fields it requires)`:
/// a branch types its own fields and forbids every other field of a kind.
fn split_into_kinds(schema: &mut schemars::Schema, kinds: &[(&str, &[&str], &[&str])]) {
    use serde_json::Value;
    let Some(properties) = schema.get_mut("properties").and_then(Value::as_object_mut) else { return };
    let mut typed = serde_json::Map::new();
    for (_, fields, _) in kinds {
        for field in *fields {
            if let Some(Value::Object(field_schema)) = properties.insert((*field).to_owned(), Value::Bool(true)) {
                typed.insert((*field).to_owned(), Value::Object(field_schema));
            }
        }
    }
    let branches = kinds
        .iter()
        .map(|(title, fields, required)| {
            let branch_properties: serde_json::Map<String, Value> = typed
                .iter()
                .map(|(name, field_schema)| {
                    let own = fields.contains(&name.as_str());
                    (name.clone(), if own { field_schema.clone() } else { Value::Bool(false) })
                })
                .collect();
            serde_json::json!({"title": title, "required": required, "properties": branch_properties})
        })
        .collect();
    schema.insert("oneOf".into(), Value::Array(branches));
}

/// What an editor offers to insert for a new key result, one per kind.
fn key_result_snippets() -> serde_json::Value {
    serde_json::json!([
        {
            "label": "progress key result",
            "description": "Moves a number from `start` to `target`.",
            "body": {"id": "$1", "title": "$2", "start": 0, "target": 10, "current": 0}
        },
        {
            "label": "threshold key result",
            "description": "Keeps `current` at least (or at most) a value.",
            "body": {"id": "$1", "title": "$2", "at_least": 99, "current": 0}
        },
        {
            "label": "milestone key result",
            "description": "Done or not done.",
            "body": {"id": "$1", "title": "$2", "done": false}
        }
    ])
}

impl Document {
    /// The JSON Schema of the file format (draft-07, what editors support
    /// best), its `$id` under the documentation at `docs_url`.
    pub fn json_schema_at(docs_url: &str) -> serde_json::Value {
        let generator = schemars::generate::SchemaSettings::draft07().into_generator();
        let mut schema = generator.into_root_schema_for::<Document>().to_value();
        no_nulls(&mut schema);
        for_editors(&mut schema);
        if let serde_json::Value::Object(root) = &mut schema {
            let base = crate::docs::base(docs_url);
            root.insert("$id".into(), format!("{base}schema/okr.schema.json").into());
            let markdown = format!(
                "{} [The schema in an editor]({base}editor.html)",
                root["description"].as_str().unwrap_or_default()
            );
            root.insert("markdownDescription".into(), markdown.into());
        }
        schema
    }

    /// The JSON Schema of the file format, its `$id` under okr's published documentation.
    pub fn json_schema() -> serde_json::Value {
        Self::json_schema_at(crate::docs::DOCS_URL)
    }
}

/// Descriptions for an editor's hover: each on one line (a doc comment's line
/// breaks are not the text's), with a `markdownDescription` twin, which
/// yaml-language-server renders as markdown (the `code` in them) and shows
/// under the title.
fn for_editors(schema: &mut serde_json::Value) {
    use serde_json::Value;
    match schema {
        Value::Object(map) => {
            if let Some(Value::String(description)) = map.get_mut("description") {
                *description = description.split('\n').map(str::trim).collect::<Vec<_>>().join(" ");
                let markdown = description.clone();
                map.insert("markdownDescription".into(), markdown.into());
            }
            map.values_mut().for_each(for_editors);
        }
        Value::Array(items) => items.iter_mut().for_each(for_editors),
        _ => {}
    }
}

/// Optional fields are left out, never `null` (as the reader wants): drop the
/// `null` that schemars adds to the type of every `Option`.
fn no_nulls(schema: &mut serde_json::Value) {
    use serde_json::Value;
    match schema {
        Value::Object(map) => {
            if let Some(Value::Array(types)) = map.get_mut("type") {
                types.retain(|t| t != "null");
                if let [only] = types.as_slice() {
                    let only = only.clone();
                    map.insert("type".into(), only);
                }
            }
            map.values_mut().for_each(no_nulls);
        }
        Value::Array(items) => items.iter_mut().for_each(no_nulls),
        _ => {}
    }
}

/// A key result `k` titled `t` with the numeric `fields` named (`done` is
/// true for any value but 0), for the tests of the code that reads kinds.
#[cfg(test)]
pub(crate) fn key_result_with(fields: &[(&str, f64)]) -> KeyResult {
    let get = |name: &str| fields.iter().find(|(f, _)| *f == name).map(|(_, v)| Num(*v));
    KeyResult {
        id: "k".into(),
        title: "t".into(),
        start: get("start"),
        target: get("target"),
        current: get("current"),
        at_least: get("at_least"),
        at_most: get("at_most"),
        done: get("done").map(|d| d.0 != 0.0),
        unit: None,
        confidence: None,
        weight: None,
        owner: None,
        score: None,
        note: None,
        source: None,
        extensions: Default::default(),
        spans: Default::default(),
    }
}
