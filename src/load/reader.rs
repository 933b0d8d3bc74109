//! From the span tree to the typed model, with a `schema` finding at the exact
//! node for everything the format does not allow.
//!
//! serde's derived deserialisers stop at the first error and cannot say where
//! it was; this reader collects every error and knows every node's span. The
//! model's serde derives are still the format's definition: the JSON Schema is
//! generated from them and a test checks that schema and reader agree.

use crate::findings::Code;
use crate::findings::{Diagnostic, FileId};
use crate::load::yaml::{Entry, Node, Value};
use crate::model::{
    is_id, Document, DocumentSpans, Extensions, HealthMetric, HealthSpans, KeyResult, KeyResultSpans, Kind, Num,
    Objective, ObjectiveSpans,
};
use crate::period::Period;
use crate::span::Span;
use crate::text::Text;

/// The fields of an OKR file's top-level mapping.
pub const DOCUMENT_FIELDS: &[&str] = &["version", "team", "period", "owner", "objectives", "health"];
/// The fields of an objective.
pub const OBJECTIVE_FIELDS: &[&str] =
    &["id", "title", "description", "kind", "owner", "tags", "aligns_to", "key_results"];
/// The fields of a key result, of every kind.
pub const KEY_RESULT_FIELDS: &[&str] = &[
    "id",
    "title",
    "start",
    "target",
    "current",
    "at_least",
    "at_most",
    "done",
    "unit",
    "confidence",
    "weight",
    "owner",
    "score",
    "note",
    "source",
];
/// The fields of a health metric.
pub const HEALTH_FIELDS: &[&str] = &["id", "title", "at_least", "at_most", "current", "unit"];
/// Every field the format knows, per mapping.
pub const FIELDS: [&[&str]; 4] = [DOCUMENT_FIELDS, OBJECTIVE_FIELDS, KEY_RESULT_FIELDS, HEALTH_FIELDS];

/// Read one document. The model is `None` when its required header fields are
/// unusable; objectives and key results that lack required fields are left out
/// of the model (their findings say why).
pub fn read(root: &Node, file: FileId) -> (Option<Document>, Vec<Diagnostic>) {
    let (document, _, findings) = read_with_facts(root, file);
    (document, findings)
}

/// [`read`], with what reading found out beside the model (the facts are
/// empty when there is no model).
pub fn read_with_facts(root: &Node, file: FileId) -> (Option<Document>, ReadFacts, Vec<Diagnostic>) {
    let mut reader = Reader { file, findings: Vec::new() };
    let (document, facts) = reader.document(root).unzip();
    (document, facts.unwrap_or_default(), reader.findings)
}

/// What reading a file found out beside the model: how much was written,
/// what was left out and which values were in error. These are facts about
/// the file, not the model's values (two files that read to the same model
/// may differ here); the rules and `--no-check` read them.
#[derive(Debug, Clone, Default)]
pub struct ReadFacts {
    /// Objectives written in the file but left out of the model: a `schema`
    /// finding inside each made it unusable (a missing `id`, say).
    pub objectives_left_out: Vec<Omitted>,
    /// One per objective of the model, in the same order.
    pub objectives: Vec<ObjectiveFacts>,
}

/// What reading one objective found out.
#[derive(Debug, Clone, Default)]
pub struct ObjectiveFacts {
    /// How many key results were written, valid or not.
    pub key_results_written: usize,
    /// Key results written but left out of the model, as for
    /// [`ReadFacts::objectives_left_out`].
    pub key_results_left_out: Vec<Omitted>,
    /// A `schema` finding in the objective's own fields (not its key
    /// results'): a bad `kind` is read as the default.
    pub has_schema_errors: bool,
    /// One per key result of the model, in the same order: a `schema`
    /// finding inside it. Rules that need all of its fields (`kr-measure`)
    /// stay quiet rather than guess.
    pub key_results_with_schema_errors: Vec<bool>,
}

/// An objective or key result written in a file but left out of the model.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Omitted {
    pub node: Span,
    /// Its `id`, when that much is usable: `okr diff` still knows it is
    /// there, and `--no-check` can name it.
    pub id: Option<String>,
}

struct Reader {
    file: FileId,
    findings: Vec<Diagnostic>,
}

/// The entries of one mapping, checked against its known fields.
struct Fields<'n> {
    node: &'n Node,
    known: Vec<&'n Entry>,
    extensions: Extensions,
}

impl<'n> Fields<'n> {
    fn get(&self, key: &str) -> Option<&'n Node> {
        self.known.iter().find(|e| e.key.as_str() == Some(key)).map(|e| &e.value)
    }

    fn key_span(&self, key: &str) -> Option<Span> {
        self.known.iter().find(|e| e.key.as_str() == Some(key)).map(|e| e.key.span)
    }
}

impl Reader {
    fn error(&mut self, span: Span, message: String, help: Option<String>) {
        let mut finding = Diagnostic::new(Code::Schema, self.file, span, message);
        finding.help = help;
        self.findings.push(finding);
    }

    fn errors_since(&self, mark: usize) -> bool {
        self.findings.len() > mark
    }

    fn document(&mut self, root: &Node) -> Option<(Document, ReadFacts)> {
        if matches!(root.value, Value::Null) {
            // An empty stream has an empty span; `null` or `~` written out does not.
            let what = if root.span.start == root.span.end { "the file is empty" } else { "the document is null" };
            self.error(
                root.span,
                format!("{what}: an OKR file is a mapping with `team`, `period` and `objectives`"),
                Some("start from `okr new --team TEAM --period PERIOD`".into()),
            );
            return None;
        }
        let fields = self.fields(root, "an OKR file", DOCUMENT_FIELDS)?;
        let version = fields.get("version").map_or(Some(1), |node| self.version(node));
        let team = self.required(&fields, "team", "the file").and_then(|n| self.id(n, "team"));
        let period = self.required(&fields, "period", "the file").and_then(|n| self.period(n));
        let owner = self.optional_text(&fields, "owner");
        let mut objectives_left_out = Vec::new();
        let mut objective_facts = Vec::new();
        let objectives = self.required(&fields, "objectives", "the file").and_then(|node| {
            let items = self.sequence(node, "`objectives`")?;
            if items.is_empty() {
                self.error(node.span, "`objectives` is empty: a file holds at least one objective".into(), None);
            }
            let read = items.iter().filter_map(|item| {
                let Some((objective, facts)) = self.objective(item) else {
                    objectives_left_out.push(Omitted { node: item.span, id: usable_id(item) });
                    return None;
                };
                objective_facts.push(facts);
                Some(objective)
            });
            Some(read.collect::<Vec<_>>())
        });
        let health = fields.get("health").map_or_else(Vec::new, |node| {
            self.sequence(node, "`health`")
                .map_or_else(Vec::new, |items| items.iter().filter_map(|item| self.health(item)).collect())
        });
        let document = Document {
            version: version?,
            spans: DocumentSpans {
                root: root.span,
                team: fields.get("team").map(|n| n.span).unwrap_or_default(),
                period: fields.get("period").map(|n| n.span).unwrap_or_default(),
            },
            team: team?,
            period: period?,
            owner,
            objectives: objectives?,
            health,
            extensions: fields.extensions,
        };
        Some((document, ReadFacts { objectives_left_out, objectives: objective_facts }))
    }

    fn objective(&mut self, node: &Node) -> Option<(Objective, ObjectiveFacts)> {
        let mark = self.findings.len();
        let fields = self.fields(node, "an objective", OBJECTIVE_FIELDS)?;
        let id = self.required(&fields, "id", "this objective").and_then(|n| self.id(n, "objective id"));
        let title = self.required(&fields, "title", "this objective").and_then(|n| self.title(n));
        let description = self.optional_text(&fields, "description");
        let kind = fields.get("kind").map_or(Some(Kind::default()), |n| self.kind(n));
        let owner = self.optional_text(&fields, "owner");
        let tags = fields.get("tags").map_or_else(Vec::new, |n| self.tags(n));
        let (aligns_to, aligns_to_spans) = fields.get("aligns_to").map_or_else(Default::default, |n| self.aligns_to(n));
        let key_results_node = self.required(&fields, "key_results", "this objective");
        let written = key_results_node.map_or(0, |n| n.items().len());
        // The objective's own findings so far; those of its key results follow.
        let has_schema_errors = self.errors_since(mark);
        let mut key_results_left_out = Vec::new();
        let mut key_results_with_schema_errors = Vec::new();
        let key_results = key_results_node.and_then(|n| {
            let items = self.sequence(n, "`key_results`")?;
            let read = items.iter().filter_map(|item| {
                let Some((key_result, in_error)) = self.key_result(item) else {
                    key_results_left_out.push(Omitted { node: item.span, id: usable_id(item) });
                    return None;
                };
                key_results_with_schema_errors.push(in_error);
                Some(key_result)
            });
            Some(read.collect::<Vec<_>>())
        });
        let objective = Objective {
            spans: ObjectiveSpans {
                node: node.span,
                id: fields.get("id").map(|n| n.span).unwrap_or_default(),
                title: fields.get("title").map(|n| n.span).unwrap_or_default(),
                key_results: fields.key_span("key_results").unwrap_or(node.span),
                aligns_to: aligns_to_spans,
            },
            id: id?,
            title: title?,
            description,
            kind: kind.unwrap_or_default(),
            owner,
            tags,
            aligns_to,
            key_results: key_results?,
            extensions: fields.extensions,
        };
        let facts = ObjectiveFacts {
            key_results_written: written,
            key_results_left_out,
            has_schema_errors,
            key_results_with_schema_errors,
        };
        Some((objective, facts))
    }

    /// The key result, and whether a `schema` finding lies inside it.
    fn key_result(&mut self, node: &Node) -> Option<(KeyResult, bool)> {
        let mark = self.findings.len();
        let fields = self.fields(node, "a key result", KEY_RESULT_FIELDS)?;
        let id = self.required(&fields, "id", "this key result").and_then(|n| self.id(n, "key result id"));
        let title = self.required(&fields, "title", "this key result").and_then(|n| self.title(n));
        let number = |reader: &mut Reader, key| fields.get(key).and_then(|n| reader.number(n, key));
        let start = number(self, "start");
        let target = number(self, "target");
        let current = number(self, "current");
        let at_least = number(self, "at_least");
        let at_most = number(self, "at_most");
        let weight = number(self, "weight");
        let confidence = number(self, "confidence");
        let score = number(self, "score");
        for (key, value) in [("confidence", confidence), ("score", score)] {
            if let Some(Num(v)) = value.filter(|Num(v)| !(0.0..=1.0).contains(v)) {
                let span = fields.get(key).map(|n| n.span).unwrap_or_default();
                self.error(span, format!("`{key}` is {v}; it must lie between 0 and 1"), None);
            }
        }
        if let Some(Num(v)) = weight.filter(|Num(v)| *v <= 0.0) {
            let span = fields.get("weight").map(|n| n.span).unwrap_or_default();
            self.error(
                span,
                format!("`weight` is {v}; it must be greater than 0"),
                Some("leave `weight` out for the default of 1".into()),
            );
        }
        let done = fields.get("done").and_then(|n| self.boolean(n, "done"));
        let (unit, owner, note, source) = (
            self.optional_text(&fields, "unit"),
            self.optional_text(&fields, "owner"),
            self.optional_text(&fields, "note"),
            self.optional_text(&fields, "source"),
        );
        let in_error = self.errors_since(mark);
        let key_result = KeyResult {
            unit,
            owner,
            note,
            source,
            spans: KeyResultSpans {
                node: node.span,
                id: fields.get("id").map(|n| n.span).unwrap_or_default(),
                title: fields.get("title").map(|n| n.span).unwrap_or_default(),
                target: fields.get("target").map(|n| n.span).unwrap_or_default(),
                current: fields.get("current").map(|n| n.span).unwrap_or_default(),
                done: fields.get("done").map(|n| n.span).unwrap_or_default(),
                source: fields.get("source").map(|n| n.span).unwrap_or_default(),
            },
            id: id?,
            title: title?,
            start,
            target,
            current,
            at_least,
            at_most,
            done,
            confidence: confidence.filter(|Num(v)| (0.0..=1.0).contains(v)),
            weight: weight.filter(|Num(v)| *v > 0.0),
            score: score.filter(|Num(v)| (0.0..=1.0).contains(v)),
            extensions: fields.extensions,
        };
        Some((key_result, in_error))
    }

    fn health(&mut self, node: &Node) -> Option<HealthMetric> {
        let fields = self.fields(node, "a health metric", HEALTH_FIELDS)?;
        let id = self.required(&fields, "id", "this health metric").and_then(|n| self.id(n, "health metric id"));
        let title = self.required(&fields, "title", "this health metric").and_then(|n| self.title(n));
        let at_least = fields.get("at_least").and_then(|n| self.number(n, "at_least"));
        let at_most = fields.get("at_most").and_then(|n| self.number(n, "at_most"));
        let current = fields.get("current").and_then(|n| self.number(n, "current"));
        match (fields.get("at_least"), fields.get("at_most")) {
            (None, None) => self.error(
                node.span,
                "this health metric has no bound".into(),
                Some("give it exactly one of `at_least` or `at_most`".into()),
            ),
            (Some(_), Some(second)) => self.error(
                second.span,
                "a health metric has exactly one bound, and this one has `at_least` and `at_most`".into(),
                Some("keep one; a range is two health metrics".into()),
            ),
            _ => {}
        }
        Some(HealthMetric {
            unit: self.optional_text(&fields, "unit"),
            spans: HealthSpans { node: node.span, id: fields.get("id").map(|n| n.span).unwrap_or_default() },
            id: id?,
            title: title?,
            at_least,
            at_most,
            current,
            extensions: fields.extensions,
        })
    }

    /// Check a mapping's keys: unknown ones are findings (with the closest
    /// known key as help), `x-` keys are kept as extensions.
    fn fields<'n>(&mut self, node: &'n Node, what: &str, known: &[&str]) -> Option<Fields<'n>> {
        let Value::Map(entries) = &node.value else {
            self.error(node.span, format!("expected {what} (a mapping), found {}", node.describe()), None);
            return None;
        };
        // Sized up front: grown push by push, it was reallocated two or three
        // times for every key result.
        let mut fields = Fields { node, known: Vec::with_capacity(entries.len()), extensions: Extensions::new() };
        for entry in entries {
            let Some(key) = entry.key.as_str() else {
                self.error(entry.key.span, format!("keys must be plain strings, found {}", entry.key.describe()), None);
                continue;
            };
            if known.contains(&key) {
                fields.known.push(entry);
            } else if key.starts_with("x-") {
                fields.extensions.insert(key.to_owned(), to_json(&entry.value));
            } else {
                let help = match closest(key, known) {
                    Some(near) => {
                        format!("did you mean `{near}`? Keys starting with `x-` are kept as your own metadata")
                    }
                    None => format!(
                        "known fields here: {}; keys starting with `x-` are kept as your own metadata",
                        known.join(", ")
                    ),
                };
                self.error(entry.key.span, format!("unknown field `{key}` in {what}"), Some(help));
            }
        }
        Some(fields)
    }

    fn required<'n>(&mut self, fields: &Fields<'n>, key: &str, owner: &str) -> Option<&'n Node> {
        let node = fields.get(key);
        if node.is_none() {
            self.error(fields.node.span, format!("{owner} has no `{key}`, which is required"), None);
        }
        node
    }

    fn type_error(&mut self, node: &Node, expected: &str, help: Option<String>) {
        let help = help.or_else(|| match &node.value {
            Value::Null => Some("give it a value, or remove the key".into()),
            Value::Unsupported(_) => Some("okr reads plain YAML: remove the tag".into()),
            _ => None,
        });
        self.error(node.span, format!("expected {expected}, found {}", node.describe()), help);
    }

    fn string<'n>(&mut self, node: &'n Node, expected: &str) -> Option<&'n str> {
        let text = node.as_str();
        if text.is_none() {
            let help = matches!(node.value, Value::Number { .. } | Value::Bool(_))
                .then(|| "put the value in quotes to make it a string".to_owned());
            self.type_error(node, expected, help);
        }
        text
    }

    fn optional_text(&mut self, fields: &Fields<'_>, key: &str) -> Option<Text> {
        let node = fields.get(key)?;
        self.string(node, &format!("`{key}` to be a string")).map(Text::from)
    }

    fn id(&mut self, node: &Node, what: &str) -> Option<String> {
        let text = self.string(node, &format!("the {what} to be a string"))?;
        if !is_id(text) {
            self.error(
                node.span,
                format!("{text:?} is not a valid {what}"),
                Some("ids are 1 to 64 lowercase letters, digits, `-` or `_`, starting with a letter or digit".into()),
            );
            return None;
        }
        Some(text.to_owned())
    }

    fn title(&mut self, node: &Node) -> Option<Text> {
        let text = self.string(node, "the title to be a string")?;
        if text.trim().is_empty() {
            self.error(node.span, "the title is empty".into(), Some("say in words what this is about".into()));
            return None;
        }
        if text.trim().contains(['\n', '\r']) {
            self.error(
                node.span,
                "a title is a single line".into(),
                Some("shorten it and move the rest to `description` (objectives) or `note` (key results)".into()),
            );
            return None;
        }
        Some(text.into())
    }

    fn version(&mut self, node: &Node) -> Option<u32> {
        // `1.0` too: JSON Schema cannot tell it from `1`, and the two must agree.
        if matches!(node.value, Value::Number { value, .. } if value == 1.0) {
            return Some(1);
        }
        self.error(
            node.span,
            format!("unsupported `version`: found {}", node.describe()),
            Some("the only version is 1; leave `version` out or write `version: 1`".into()),
        );
        None
    }

    fn period(&mut self, node: &Node) -> Option<Period> {
        let parsed = match &node.value {
            Value::String(text) => text.parse().ok(),
            // A year written as a bare number, but not as a decimal: `2026.0`
            // (or `2.026e3`) is a float that only happens to be whole.
            Value::Number { value, integer: true } if (1000.0..=9999.0).contains(value) => {
                Some(Period::year(*value as i32))
            }
            Value::Number { integer: false, .. } => {
                self.error(
                    node.span,
                    "a decimal number is not a period".into(),
                    Some(
                        "write the year without a decimal point (2026), or a half (2026-H2) or a quarter (2026-Q3)"
                            .into(),
                    ),
                );
                return None;
            }
            _ => None,
        };
        if parsed.is_none() {
            // On the command line either case is fine; a file keeps the one
            // spelling the schema allows, so that refs and file names agree.
            let help = match &node.value {
                Value::String(text) if Period::parse_any_case(text).is_ok() => {
                    format!("write the period in capitals: `{}`", text.to_ascii_uppercase())
                }
                _ => "write a year (2026), a half (2026-H2) or a quarter (2026-Q3)".to_owned(),
            };
            self.error(node.span, format!("{} is not a period", describe_plain(node)), Some(help));
        }
        parsed
    }

    fn kind(&mut self, node: &Node) -> Option<Kind> {
        match node.as_str() {
            Some("aspirational") => Some(Kind::Aspirational),
            Some("committed") => Some(Kind::Committed),
            _ => {
                self.error(
                    node.span,
                    format!("{} is not a kind of objective", describe_plain(node)),
                    Some("`kind` is `aspirational` (aims at 0.7, the default) or `committed` (aims at 1.0)".into()),
                );
                None
            }
        }
    }

    fn number(&mut self, node: &Node, key: &str) -> Option<Num> {
        match &node.value {
            Value::Number { value, .. } => Some(Num(*value)),
            Value::BadNumber(why) => {
                self.error(node.span, format!("`{key}` must be a finite number: {why}"), None);
                None
            }
            Value::String(text) if text.trim().parse::<f64>().is_ok_and(f64::is_finite) => {
                self.type_error(node, &format!("`{key}` to be a number"), Some("remove the quotes".into()));
                None
            }
            _ => {
                self.type_error(node, &format!("`{key}` to be a number"), None);
                None
            }
        }
    }

    fn boolean(&mut self, node: &Node, key: &str) -> Option<bool> {
        if let Value::Bool(b) = node.value {
            return Some(b);
        }
        let help = match node.as_str().map(str::to_ascii_lowercase).as_deref() {
            Some("yes" | "y" | "on") => {
                Some("YAML 1.2 booleans are only `true` and `false`: `yes` is a string; write `true`".into())
            }
            Some("no" | "n" | "off") => {
                Some("YAML 1.2 booleans are only `true` and `false`: `no` is a string; write `false`".into())
            }
            _ => None,
        };
        self.type_error(node, &format!("`{key}` to be `true` or `false`"), help);
        None
    }

    fn sequence<'n>(&mut self, node: &'n Node, what: &str) -> Option<&'n [Node]> {
        if let Value::Seq(items) = &node.value {
            return Some(items);
        }
        // A mapping where a list belongs: most often the `- ` of its item left out.
        let help = matches!(node.value, Value::Map(_))
            .then(|| "is this a list item without its `-`? each item of a list starts with `- `".to_owned());
        self.type_error(node, &format!("{what} to be a list"), help);
        None
    }

    fn tags(&mut self, node: &Node) -> Vec<Text> {
        let Some(items) = self.sequence(node, "`tags`") else { return Vec::new() };
        items.iter().filter_map(|item| self.string(item, "a tag to be a string").map(Text::from)).collect()
    }

    fn aligns_to(&mut self, node: &Node) -> (Vec<String>, Vec<Span>) {
        let items = match &node.value {
            Value::Seq(items) => items.as_slice(),
            Value::String(_) => std::slice::from_ref(node),
            _ => {
                self.type_error(node, "`aligns_to` to be a reference or a list of them", None);
                return Default::default();
            }
        };
        let mut references = (Vec::new(), Vec::new());
        for item in items {
            let Some(text) = self.string(item, "a reference like `team/objective`") else { continue };
            if crate::refs::Reference::parse(text).is_none() {
                self.error(
                    item.span,
                    format!("{text:?} is not a reference"),
                    Some(
                        "write `team/objective` or `team/objective/key-result`, optionally followed by `@period`"
                            .into(),
                    ),
                );
                continue;
            }
            references.0.push(text.to_owned());
            references.1.push(item.span);
        }
        references
    }
}

/// The `id` of a mapping left out of the model, if it is a valid id.
fn usable_id(node: &Node) -> Option<String> {
    node.get("id").and_then(Node::as_str).filter(|id| is_id(id)).map(str::to_owned)
}

fn describe_plain(node: &Node) -> String {
    match &node.value {
        Value::String(text) => format!("{text:?}"),
        _ => node.describe(),
    }
}

/// The known key closest to `key`, if it is close enough to be a typo.
fn closest<'k>(key: &str, known: &[&'k str]) -> Option<&'k str> {
    known
        .iter()
        .map(|k| (levenshtein(key, k), *k))
        .filter(|(distance, k)| *distance <= (k.len().max(key.len()) / 3).max(1))
        .min_by_key(|(distance, _)| *distance)
        .map(|(_, k)| k)
}

pub(crate) fn levenshtein(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let above = row[j + 1];
            row[j + 1] = (above + 1).min(row[j] + 1).min(diagonal + usize::from(ca != *cb));
            diagonal = above;
        }
    }
    row[b.len()]
}

/// `x-` metadata as JSON, so that the model can carry and serialise it.
fn to_json(node: &Node) -> serde_json::Value {
    use serde_json::Value as J;
    match &node.value {
        Value::Null | Value::BadNumber(_) | Value::Unsupported(_) => J::Null,
        Value::Bool(b) => J::Bool(*b),
        Value::Number { value, integer: true } => J::from(*value as i64),
        Value::Number { value, .. } => serde_json::Number::from_f64(*value).map_or(J::Null, J::Number),
        Value::String(s) => J::String(s.clone()),
        Value::Key(k) => J::String(k.to_string()),
        Value::Seq(items) => J::Array(items.iter().map(to_json).collect()),
        Value::Map(entries) => J::Object(
            entries.iter().map(|e| (e.key.as_str().unwrap_or_default().to_owned(), to_json(&e.value))).collect(),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn closest_key_suggestions() {
        assert_eq!(closest("taget", KEY_RESULT_FIELDS), Some("target"));
        assert_eq!(closest("curent", KEY_RESULT_FIELDS), Some("current"));
        assert_eq!(closest("alings_to", OBJECTIVE_FIELDS), Some("aligns_to"));
        assert_eq!(closest("banana", KEY_RESULT_FIELDS), None);
    }
}
