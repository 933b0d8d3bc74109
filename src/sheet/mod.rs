//! OKRs as a spreadsheet and back: `okr export` turns files into rows, one
//! per key result and health metric; `okr import` turns a sheet people wrote
//! into documents, with every problem located at its row and column.
//!
//! - [`columns`]: the columns, their names in the export's header and the
//!   names people give them (`Objective`, `KR`, `Baseline`…).
//! - [`export`]: rows from a workspace ([`Value`]s, written by
//!   `render::sheet_csv` and `render::sheet_json`).
//! - [`grid`]: a CSV, TSV, `.xlsx` or `.ods` file's bytes as a grid of cells.
//! - [`cell`]: what one cell means: numbers (`45%`, `0,5`), yes/no, ids made
//!   from titles, the `'` that keeps a spreadsheet from running a formula.
//! - [`import`]: documents from a grid.
//!
//! Nothing here reads a file or prints: the binary reads the sheet, writes
//! the files and says what happened.

pub mod cell;
pub mod columns;
pub mod export;
pub mod grid;
pub mod import;
mod workbook_bounds;

pub use columns::{Column, Level};

use crate::text::Text;

/// One cell of an exported row.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// No value: an empty cell, `null` in JSON.
    Empty,
    /// Text from a file (a title, a note, an id).
    Text(Text),
    /// A number, written as okr writes numbers.
    Number(f64),
    /// `done`: `true` or `false`.
    Bool(bool),
    /// A list (`tags`, `aligns_to`): `; `-separated in a cell, an array in JSON.
    List(Vec<Text>),
    /// An `x-` key's value, any JSON.
    Json(serde_json::Value),
}

/// One exported row: a value for each of [`Column::ALL`], in that order,
/// then one for each `x-` column of its [`Table`].
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    /// The values, one per column of [`Column::ALL`].
    pub values: Vec<Value>,
    /// The values of the `x-` columns, one per [`Table::extensions`].
    pub extensions: Vec<Value>,
}

/// The exported sheet: its `x-` columns (after [`Column::ALL`]) and its rows.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Table {
    /// The `x-` keys of the files exported, by level, sorted: one column each.
    pub extensions: Vec<(Level, String)>,
    /// The rows.
    pub rows: Vec<Row>,
}

impl Table {
    /// The header: the columns' names, then the `x-` columns'.
    pub fn header(&self) -> Vec<String> {
        let known = Column::ALL.iter().map(|c| c.name().to_owned());
        known.chain(self.extensions.iter().map(|(level, key)| level.header(key))).collect()
    }
}

/// An `x-` value in one cell: a string as it is, unless it would read back
/// as other JSON (`42`, `true`, `"x"`), which is written as a JSON string;
/// anything else as JSON. [`extension_of_cell`] reads it back.
pub fn extension_cell(value: &serde_json::Value) -> String {
    match value {
        // A blank string would read back as no value: it is written as JSON.
        serde_json::Value::String(s)
            if !s.trim().is_empty() && serde_json::from_str::<serde_json::Value>(s).is_err() =>
        {
            s.clone()
        }
        other => other.to_string(),
    }
}

/// The `x-` value of a cell: JSON when it reads as JSON, else the text.
pub fn extension_of_cell(text: &str) -> serde_json::Value {
    serde_json::from_str(text).unwrap_or_else(|_| serde_json::Value::String(text.to_owned()))
}

/// How a list is written in one cell, and split again.
pub const LIST_SEPARATOR: &str = "; ";
