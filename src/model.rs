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
    /// Format version; only 1 exists.
    #[serde(default = "version_one")]
    #[schemars(schema_with = "version_schema")]
    pub version: u32,
    /// The team's id.
    #[schemars(regex(pattern = ID_PATTERN))]
    pub team: String,
    /// The period the objectives are for.
    #[schemars(description = "")]
    pub period: Period,
    /// Who owns the team's OKRs.
    #[schemars(description = "")]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub owner: Option<Text>,
    /// The team's objectives for the period.
    #[schemars(description = "")]
    #[schemars(length(min = 1))]
    pub objectives: Vec<Objective>,
    /// KPIs the team keeps healthy beside its OKRs; never scored as OKRs.
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
#[schemars(description = "")]
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
#[schemars(extend("patternProperties" = {"^x-": {}}, "additionalProperties" = false))]
pub struct Objective {
    /// The objective's id, unique within the team and period.
    #[schemars(description = "")]
    #[schemars(regex(pattern = ID_PATTERN))]
    pub id: String,
    /// Qualitative and single-line: numbers belong in key results.
    #[schemars(length(min = 1), regex(pattern = TITLE_PATTERN))]
    pub title: Text,
    /// A longer account of the objective.
    #[schemars(description = "")]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<Text>,
    /// Aspirational (the default) or committed.
    #[schemars(description = "")]
    #[serde(default)]
    pub kind: Kind,
    /// Who owns the objective.
    #[schemars(description = "")]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub owner: Option<Text>,
    /// Free tags, for filtering.
    #[schemars(description = "")]
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<Text>,
    /// Parents: `team/objective` or `team/objective/kr`, optionally `@period`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[schemars(schema_with = "aligns_to_schema")]
    pub aligns_to: Vec<String>,
    /// Its measurable key results.
    #[schemars(description = "")]
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
#[schemars(transform = key_result_kinds, extend("patternProperties" = {"^x-": {}}, "additionalProperties" = false))]
pub struct KeyResult {
    /// The key result's id, unique within its objective.
    #[schemars(description = "")]
    #[schemars(regex(pattern = ID_PATTERN))]
    pub id: String,
    /// What it measures, on one line.
    #[schemars(description = "")]
    #[schemars(length(min = 1), regex(pattern = TITLE_PATTERN))]
    pub title: Text,
    /// The value progress starts from.
    #[schemars(description = "")]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start: Option<Num>,
    /// The value progress aims for.
    #[schemars(description = "")]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target: Option<Num>,
    /// The value now.
    #[schemars(description = "")]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub current: Option<Num>,
    /// The lowest value a threshold key result accepts.
    #[schemars(description = "")]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub at_least: Option<Num>,
    /// The highest value a threshold key result accepts.
    #[schemars(description = "")]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub at_most: Option<Num>,
    /// Whether a milestone is reached.
    #[schemars(description = "")]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub done: Option<bool>,
    /// The unit of its values.
    #[schemars(description = "")]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit: Option<Text>,
    /// How sure its owner is of reaching it, 0 to 1.
    #[schemars(description = "")]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 0, max = 1))]
    pub confidence: Option<Num>,
    /// Relative weight in the objective's score; default 1.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(extend("exclusiveMinimum" = 0))]
    pub weight: Option<Num>,
    /// Who owns the key result.
    #[schemars(description = "")]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub owner: Option<Text>,
    /// A manual grade that replaces the computed score.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 0, max = 1))]
    pub score: Option<Num>,
    /// A note from the last check-in.
    #[schemars(description = "")]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<Text>,
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
#[schemars(extend(
    "patternProperties" = {"^x-": {}},
    "additionalProperties" = false,
    "oneOf" = [{"required": ["at_least"]}, {"required": ["at_most"]}]
))]
pub struct HealthMetric {
    /// The metric's id, unique within the team and period.
    #[schemars(description = "")]
    #[schemars(regex(pattern = ID_PATTERN))]
    pub id: String,
    /// What it measures, on one line.
    #[schemars(description = "")]
    #[schemars(length(min = 1), regex(pattern = TITLE_PATTERN))]
    pub title: Text,
    /// The lowest healthy value.
    #[schemars(description = "")]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub at_least: Option<Num>,
    /// The highest healthy value.
    #[schemars(description = "")]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub at_most: Option<Num>,
    /// The value now.
    #[schemars(description = "")]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub current: Option<Num>,
    /// The unit of its values.
    #[schemars(description = "")]
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
        "description": "Parents: `team/objective` or `team/objective/kr`, optionally with `@period`",
        "anyOf": [reference, {"type": "array", "items": reference}]
    })
}

/// Which fields make which kind of key result, for the schema (`kr-measure`).
fn key_result_kinds(schema: &mut schemars::Schema) {
    let forbid = |fields: &[&str]| -> serde_json::Value {
        fields
            .iter()
            .map(|f| ((*f).to_owned(), serde_json::Value::Bool(false)))
            .collect::<serde_json::Map<_, _>>()
            .into()
    };
    schema.insert(
        "oneOf".into(),
        serde_json::json!([
            {"title": "progress", "required": ["start", "target"], "properties": forbid(&["at_least", "at_most", "done"])},
            {"title": "threshold (at least)", "required": ["at_least"], "properties": forbid(&["start", "target", "at_most", "done"])},
            {"title": "threshold (at most)", "required": ["at_most"], "properties": forbid(&["start", "target", "at_least", "done"])},
            {"title": "milestone", "required": ["done"], "properties": forbid(&["start", "target", "at_least", "at_most", "current"])}
        ]),
    );
}

impl Document {
    /// The JSON Schema of the file format (draft-07, what editors support best).
    pub fn json_schema() -> serde_json::Value {
        let generator = schemars::generate::SchemaSettings::draft07().into_generator();
        let mut schema = generator.into_root_schema_for::<Document>().to_value();
        no_nulls(&mut schema);
        schema
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
        extensions: Default::default(),
        spans: Default::default(),
    }
}
