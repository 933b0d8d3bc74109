//! The JSON Schema (`okr schema`, `schema/okr.schema.json`): committed copy up
//! to date, and in agreement with the reader: the schema accepts a file exactly
//! when okr finds nothing structural in it (no `schema`, no `kr-measure`).

use std::path::{Path, PathBuf};

use okr::config::Config;
use okr::findings::Code;
use okr::load::yaml::{Node, Value};
use serde_json::Value as Json;

use crate::support::*;

const REGENERATE: &str = "run `cargo run -- schema > schema/okr.schema.json`";

fn committed_schema() -> String {
    std::fs::read_to_string(repo().join("schema/okr.schema.json")).expect("read schema/okr.schema.json")
}

/// Where two texts first differ, for a failure message that helps.
fn first_difference(expected: &str, actual: &str) -> String {
    let line = expected.lines().zip(actual.lines()).position(|(a, b)| a != b);
    match line {
        Some(i) => format!(
            "line {}: committed {:?}, generated {:?}",
            i + 1,
            expected.lines().nth(i).unwrap_or_default(),
            actual.lines().nth(i).unwrap_or_default()
        ),
        None => format!("lengths differ: committed {} bytes, generated {} bytes", expected.len(), actual.len()),
    }
}

#[test]
fn committed_schema_matches_the_model() {
    let generated =
        serde_json::to_string_pretty(&okr::model::Document::json_schema()).expect("serialise the schema") + "\n";
    let committed = committed_schema();
    assert!(
        generated == committed,
        "schema/okr.schema.json is out of date: {REGENERATE}\n({})",
        first_difference(&committed, &generated)
    );
}

#[test]
fn okr_schema_prints_the_committed_schema() {
    let output = okr(&repo(), &["schema"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let printed = stdout(&output);
    let committed = committed_schema();
    assert!(printed == committed, "`okr schema` differs from schema/okr.schema.json: {REGENERATE}\n({})", {
        first_difference(&committed, &printed)
    });
}

#[test]
fn the_schema_is_draft_07() {
    let schema: Json = serde_json::from_str(&committed_schema()).expect("the schema is JSON");
    assert_eq!(schema["$schema"], "http://json-schema.org/draft-07/schema#");
    jsonschema::draft7::meta::validate(&schema).expect("a valid draft-07 schema");
}

/// Every property's schema that is an object, with where it is, recursively.
fn properties<'a>(at: &str, schema: &'a Json, found: &mut Vec<(String, &'a Json)>) {
    match schema {
        Json::Object(map) => {
            if let Some(Json::Object(props)) = map.get("properties") {
                found.extend(props.iter().filter(|(_, p)| p.is_object()).map(|(name, p)| (format!("{at}/{name}"), p)));
            }
            map.iter().for_each(|(key, value)| properties(&format!("{at}/{key}"), value, found));
        }
        Json::Array(items) => items.iter().for_each(|item| properties(at, item, found)),
        _ => {}
    }
}

/// An editor shows a field's title and description on hover; 7 of 36
/// properties had one, and hover said "okr file" for the rest.
#[test]
fn every_definition_and_property_has_a_title_and_a_description() {
    let schema: Json = serde_json::from_str(&committed_schema()).expect("the schema is JSON");
    assert_eq!(schema["$id"], format!("{}schema/okr.schema.json", okr::docs::DOCS_URL));
    let mut found: Vec<(String, &Json)> = Vec::new();
    properties("#", &schema, &mut found);
    let definitions = schema["definitions"].as_object().expect("definitions");
    found.extend(definitions.iter().map(|(name, d)| (format!("#/definitions/{name}"), d)));
    assert!(found.len() > 30, "{} properties and definitions", found.len());
    for (at, part) in found {
        let description = part["description"].as_str().unwrap_or_default();
        assert!(part["title"].as_str().is_some_and(|t| !t.is_empty()), "{at} has no title");
        assert!(description.len() > 20, "{at} has no real description: {description:?}");
        assert_eq!(part["markdownDescription"].as_str(), Some(description), "{at}");
    }
}

/// An editor offers the properties whose schema is an object: inside a key
/// result that has chosen its kind, another kind's fields are `false`.
#[test]
fn a_key_result_kind_is_offered_only_its_own_fields() {
    let schema: Json = serde_json::from_str(&committed_schema()).expect("the schema is JSON");
    let key_result = &schema["definitions"]["KeyResult"];
    let kind_fields = ["start", "target", "at_least", "at_most", "done"];
    for field in kind_fields {
        assert_eq!(key_result["properties"][field], Json::Bool(true), "{field} is typed in its branch only");
    }
    let branches = key_result["oneOf"].as_array().expect("oneOf");
    for branch in branches {
        let own = branch["required"].as_array().expect("required");
        for field in kind_fields {
            let offered = branch["properties"][field].is_object();
            assert_eq!(offered, own.contains(&Json::from(field)), "{}: {field}", branch["title"]);
        }
    }
    // A milestone has no `current`; the others offer it.
    let offers_current: Vec<bool> = branches.iter().map(|b| b["properties"]["current"].is_object()).collect();
    assert_eq!(offers_current, [true, true, true, false]);
    let snippets: Vec<&str> = key_result["defaultSnippets"]
        .as_array()
        .expect("snippets")
        .iter()
        .map(|s| s["label"].as_str().expect("a label"))
        .collect();
    assert_eq!(snippets, ["progress key result", "threshold key result", "milestone key result"]);
}

/// The YAML tree as the JSON an editor would validate. A value the reader
/// accepts nowhere outside `x-` keys (a tagged value, `.inf`, a non-string
/// key) becomes something no typed field of the schema accepts either.
fn to_json(node: &Node) -> Json {
    match &node.value {
        Value::Null => Json::Null,
        Value::Bool(b) => Json::Bool(*b),
        Value::Number { value, integer: true } => Json::from(*value as i64),
        Value::Number { value, integer: false } => {
            serde_json::Number::from_f64(*value).map_or(Json::Null, Json::Number)
        }
        Value::BadNumber(why) => serde_json::json!({ "!bad-number": why }),
        Value::Unsupported(tag) => serde_json::json!({ "!tag": tag }),
        Value::String(text) => Json::String(text.clone()),
        Value::Key(text) => Json::String(text.to_string()),
        Value::Seq(items) => Json::Array(items.iter().map(to_json).collect()),
        Value::Map(entries) => Json::Object(
            entries
                .iter()
                .map(|entry| {
                    let key =
                        entry.key.as_str().map_or_else(|| format!("!key {}", entry.key.describe()), str::to_owned);
                    (key, to_json(&entry.value))
                })
                .collect(),
        ),
    }
}

/// Every OKR file under `dir`, recursively, sorted.
fn okr_files(dir: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    let mut pending = vec![dir.to_owned()];
    while let Some(dir) = pending.pop() {
        for entry in std::fs::read_dir(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display())) {
            let path = entry.expect("a directory entry").path();
            let name = path.file_name().unwrap_or_default().to_string_lossy();
            if path.is_dir() {
                pending.push(path);
            } else if name.ends_with(".okr.yaml") || name.ends_with(".okr.yml") {
                found.push(path);
            }
        }
    }
    found.sort();
    found
}

/// What each side says about one file.
struct Verdicts {
    schema_errors: Vec<String>,
    okr_findings: Vec<String>,
}

impl Verdicts {
    fn schema_accepts(&self) -> bool {
        self.schema_errors.is_empty()
    }

    fn okr_accepts(&self) -> bool {
        self.okr_findings.is_empty()
    }
}

/// `None` when the file is not one YAML document: a `yaml-syntax` finding,
/// which the schema has nothing to say about.
fn verdicts(validator: &jsonschema::Validator, path: &Path) -> Option<Verdicts> {
    let text = String::from_utf8(std::fs::read(path).expect("read a fixture")).ok()?;
    let root = okr::load::yaml::parse(text.strip_prefix('\u{feff}').unwrap_or(&text)).ok()?;
    let instance = to_json(&root);
    let schema_errors = validator.iter_errors(&instance).map(|e| format!("{}: {e}", e.instance_path())).collect();
    let dir = path.parent().expect("a parent");
    let config = Config::default();
    let workspace = okr::load::workspace(&[path.to_owned()], dir, dir, &config).expect("load");
    let okr_findings = okr::check::run(&workspace, &config)
        .into_iter()
        .filter(|d| matches!(d.code, Code::Schema | Code::KrMeasure))
        .map(|d| format!("{}:{} {}: {}", d.span.line, d.span.column, d.code, d.message))
        .collect();
    Some(Verdicts { schema_errors, okr_findings })
}

#[test]
fn schema_and_reader_agree_on_every_fixture_and_example() {
    let schema: Json = serde_json::from_str(&committed_schema()).expect("the schema is JSON");
    let validator = jsonschema::draft7::new(&schema).expect("the schema compiles");
    let mut files = okr_files(&fixtures().join("rules"));
    files.extend(okr_files(&fixtures().join("schema")));
    files.extend(okr_files(&repo().join("examples")));
    let (mut accepted, mut rejected, mut disagreements) = (0, 0, Vec::new());
    for path in &files {
        let Some(verdicts) = verdicts(&validator, path) else { continue };
        let shown = path.strip_prefix(repo()).unwrap_or(path).display();
        match (verdicts.schema_accepts(), verdicts.okr_accepts()) {
            (true, true) => accepted += 1,
            (false, false) => rejected += 1,
            (true, false) => disagreements
                .push(format!("{shown}: the schema accepts it, okr reports\n  {}", verdicts.okr_findings.join("\n  "))),
            (false, true) => disagreements.push(format!(
                "{shown}: okr accepts it, the schema reports\n  {}",
                verdicts.schema_errors.join("\n  ")
            )),
        }
    }
    assert!(disagreements.is_empty(), "{}", disagreements.join("\n"));
    // The agreement means something only if both verdicts occur often.
    assert!(accepted >= 30 && rejected >= 30, "accepted {accepted}, rejected {rejected}");
}

/// `tests/fixtures/schema/valid` holds structural edge cases both sides must
/// accept, `invalid` ones both must reject (agreement alone would let both
/// sides drift together).
#[test]
fn structural_edge_cases_get_the_intended_verdict() {
    let schema: Json = serde_json::from_str(&committed_schema()).expect("the schema is JSON");
    let validator = jsonschema::draft7::new(&schema).expect("the schema compiles");
    let mut wrong = Vec::new();
    for (side, valid) in [("valid", true), ("invalid", false)] {
        let files = okr_files(&fixtures().join("schema").join(side));
        assert!(files.len() >= 20, "too few fixtures in tests/fixtures/schema/{side}");
        for path in files {
            let name = path.strip_prefix(fixtures()).unwrap_or(&path).display().to_string();
            let Some(verdicts) = verdicts(&validator, &path) else {
                wrong.push(format!("{name}: not one YAML document"));
                continue;
            };
            if verdicts.schema_accepts() != valid {
                wrong.push(format!("{name}: the schema says {:?}", verdicts.schema_errors));
            }
            if verdicts.okr_accepts() != valid {
                wrong.push(format!("{name}: okr says {:?}", verdicts.okr_findings));
            }
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn examples_are_valid_against_the_schema() {
    let schema: Json = serde_json::from_str(&committed_schema()).expect("the schema is JSON");
    let validator = jsonschema::draft7::new(&schema).expect("the schema compiles");
    let examples = okr_files(&repo().join("examples"));
    assert!(!examples.is_empty());
    for path in examples {
        let verdicts = verdicts(&validator, &path).expect("an example is one YAML document");
        assert!(verdicts.schema_accepts(), "{}: {:?}", path.display(), verdicts.schema_errors);
    }
}
