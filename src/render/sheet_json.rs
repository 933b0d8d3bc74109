//! `okr export --format json`: `{"version": 1, "rows": [...]}`, like every
//! JSON output of okr an object with its version first; `rows` is an array of
//! row objects, one per key result and health metric, with the CSV's column
//! names as keys in the same order. Numbers are numbers (integers without a
//! fraction), an absent value is `null`, `done` a boolean, `tags` and
//! `aligns_to` arrays of strings, an `x-` value the JSON it is. Text is as
//! written: JSON is not a spreadsheet, so no `'` is added.
//!
//! The rows are serialised as they are written, never gathered into one JSON
//! value: 120,000 rows as a `serde_json::Value` took 1.8 GB.

use std::cell::RefCell;
use std::io::{self, Write};

use serde::ser::{SerializeMap, SerializeSeq};
use serde::{Serialize, Serializer};

use crate::render::json::write_json;
use crate::sheet::{Row, Value};

/// Write `{"version": 1, "rows": [...]}`, each of `rows` an object keyed by `header`.
pub fn render(out: &mut dyn Write, header: &[String], rows: impl Iterator<Item = Row>) -> io::Result<()> {
    write_json(out, &Export { header, rows: RefCell::new(Some(rows)) })
}

/// The export as serde sees it; the rows are taken from the iterator as
/// they are written, once.
struct Export<'a, I> {
    header: &'a [String],
    rows: RefCell<Option<I>>,
}

impl<I: Iterator<Item = Row>> Serialize for Export<'_, I> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(2))?;
        map.serialize_entry("version", &1)?;
        map.serialize_entry("rows", &Rows { header: self.header, rows: &self.rows })?;
        map.end()
    }
}

struct Rows<'a, I> {
    header: &'a [String],
    rows: &'a RefCell<Option<I>>,
}

impl<I: Iterator<Item = Row>> Serialize for Rows<'_, I> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut seq = serializer.serialize_seq(None)?;
        for row in self.rows.borrow_mut().take().into_iter().flatten() {
            seq.serialize_element(&RowObject { header: self.header, row: &row })?;
        }
        seq.end()
    }
}

struct RowObject<'a> {
    header: &'a [String],
    row: &'a Row,
}

impl Serialize for RowObject<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.header.len()))?;
        for (name, value) in self.header.iter().zip(self.row.values.iter().chain(&self.row.extensions)) {
            map.serialize_entry(name, &Cell(value))?;
        }
        map.end()
    }
}

struct Cell<'a>(&'a Value);

impl Serialize for Cell<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self.0 {
            Value::Empty => serializer.serialize_none(),
            Value::Text(text) => text.serialize(serializer),
            Value::Number(n) => crate::numbers::serialize(n, serializer),
            Value::Bool(b) => serializer.serialize_bool(*b),
            Value::List(items) => items.serialize(serializer),
            Value::Json(value) => value.serialize(serializer),
        }
    }
}
