//! `okr export --format json`: `{"version": 1, "rows": [...]}`, like every
//! JSON output of okr an object with its version first; `rows` is an array of
//! row objects, one per key result and health metric, with the CSV's column
//! names as keys in the same order. Numbers are numbers (integers without a fraction), an absent value
//! is `null`, `done` a boolean, `tags` and `aligns_to` arrays of strings.
//! Text is as written: JSON is not a spreadsheet, so no `'` is added.

use std::io::{self, Write};

use serde_json::{Map, Value as Json};

use crate::render::json::write_json;
use crate::sheet::{Table, Value};

/// Write `table` as `{"version": 1, "rows": [...]}`, each row an object keyed by the header.
pub fn render(out: &mut dyn Write, table: &Table) -> io::Result<()> {
    let header = table.header();
    let array: Vec<Json> = table
        .rows
        .iter()
        .map(|row| {
            let values = row.values.iter().chain(&row.extensions);
            let object: Map<String, Json> = header.iter().cloned().zip(values.map(json)).collect();
            Json::Object(object)
        })
        .collect();
    write_json(out, &serde_json::json!({"version": 1, "rows": array}))
}

fn json(value: &Value) -> Json {
    match value {
        Value::Empty => Json::Null,
        Value::Text(text) => Json::String(text.as_str().to_owned()),
        Value::Number(n) => crate::numbers::serialize(n, serde_json::value::Serializer).unwrap_or(Json::Null),
        Value::Bool(b) => Json::Bool(*b),
        Value::List(items) => Json::Array(items.iter().map(|t| Json::String(t.as_str().to_owned())).collect()),
        Value::Json(value) => value.clone(),
    }
}
