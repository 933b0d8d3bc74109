//! `okr export --format csv|tsv`: RFC 4180 (quotes where needed, CRLF line
//! ends), UTF-8, the header row first. Text goes through the
//! [`Spreadsheet`] sanitiser; numbers as okr writes them in files, never
//! prefixed; a list `; `-separated in one cell; `done` as `true`/`false`.

use std::io::{self, Write};

use crate::numbers;
use crate::render::safe::Spreadsheet;
use crate::sheet::{extension_cell, Row, Value, LIST_SEPARATOR};

/// Write `header`, then `rows` as they come, separated by `delimiter` (`,` or tab).
pub fn render(
    out: &mut dyn Write,
    header: &[String],
    rows: impl Iterator<Item = Row>,
    delimiter: u8,
) -> io::Result<()> {
    let mut writer = csv::WriterBuilder::new().delimiter(delimiter).terminator(csv::Terminator::CRLF).from_writer(out);
    writer.write_record(header.iter().map(|h| Spreadsheet(h).to_string())).map_err(io::Error::other)?;
    for row in rows {
        writer.write_record(row.values.iter().chain(&row.extensions).map(cell)).map_err(io::Error::other)?;
    }
    writer.flush()
}

fn cell(value: &Value) -> String {
    match value {
        Value::Empty => String::new(),
        Value::Text(text) => Spreadsheet(text.as_str()).to_string(),
        Value::Number(n) => numbers::yaml(*n),
        Value::Bool(b) => b.to_string(),
        Value::List(items) => {
            let joined = items.iter().map(|t| t.as_str()).collect::<Vec<_>>().join(LIST_SEPARATOR);
            Spreadsheet(&joined).to_string()
        }
        Value::Json(value) => Spreadsheet(&extension_cell(value)).to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sheet::{Column, Table};
    use crate::text::Text;

    fn one_row(values: Vec<Value>) -> String {
        let mut values = values;
        values.resize(Column::ALL.len(), Value::Empty);
        let mut out = Vec::new();
        let table = Table { extensions: Vec::new(), rows: vec![Row { values, extensions: Vec::new() }] };
        render(&mut out, &table.header(), table.rows.into_iter(), b',').unwrap();
        String::from_utf8(out).unwrap().split("\r\n").nth(1).unwrap().to_owned()
    }

    #[test]
    fn formula_text_is_defused_and_numbers_are_not() {
        let row = one_row(vec![
            Value::Text(Text::from("=HYPERLINK(\"http://x\")")),
            Value::Text("-1 day".into()),
            Value::Number(-5.0),
            Value::Text("@ana".into()),
            Value::List(vec!["+tag".into(), "b".into()]),
            Value::Bool(true),
            Value::Number(0.5),
        ]);
        assert_eq!(row, "\"'=HYPERLINK(\"\"http://x\"\")\",'-1 day,-5,'@ana,'+tag; b,true,0.5,,,,,,,,,,,,,,,,,,,,,");
    }

    #[test]
    fn the_header_is_the_columns_and_lines_end_in_crlf() {
        let mut out = Vec::new();
        render(&mut out, &Table::default().header(), std::iter::empty(), b'\t').unwrap();
        let text = String::from_utf8(out).unwrap();
        assert!(text.starts_with("period\tteam\tobjective_id\t"), "{text}");
        assert!(text.ends_with("computed_score\tgrade\tteam_owner\r\n"), "{text}");
    }
}
