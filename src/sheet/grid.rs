//! A sheet's bytes as a grid of cells: CSV and TSV through the `csv` crate,
//! `.xlsx` and `.ods` workbooks through `calamine`. Each row keeps the
//! number a person sees beside it (the line of a CSV file where its record
//! starts, the row of a workbook), so that errors point there.

use std::collections::HashSet;
use std::io::Cursor;

use calamine::{Data, Reader};

use crate::sheet::cell::Decimals;
use crate::sheet::workbook_bounds;

/// One cell as read.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    /// Nothing, or only white space.
    Empty,
    /// Text, as typed (a CSV cell is always text).
    Text(String),
    /// A workbook's number; `percent` when its format shows it as a
    /// percentage (`0.45` shown as `45%`).
    Number {
        /// The value stored.
        value: f64,
        /// Whether the cell's number format is a percentage.
        percent: bool,
    },
    /// A workbook's `TRUE` or `FALSE`.
    Bool(bool),
    /// A workbook cell okr cannot use as written: a date, or an error
    /// (`#DIV/0!`); what it is, for the message.
    Unusable(String),
}

/// A sheet: its rows, each with the number a person sees beside it.
#[derive(Debug, Clone, PartialEq)]
pub struct Grid {
    /// `(row number, cells)`, in order; cells by column, from column 1.
    pub rows: Vec<(usize, Vec<Cell>)>,
    /// How decimals are written in its text cells.
    pub decimals: Decimals,
}

/// Why a sheet could not be read at all.
#[derive(Debug, Clone, PartialEq)]
pub struct Unreadable {
    /// What kind of failure it is, which decides who must act.
    pub reason: Reason,
    /// Where, when known: the row and column.
    pub at: Option<(usize, usize)>,
    /// What is wrong and what to do.
    pub message: String,
}

/// What kind of failure an [`Unreadable`] is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reason {
    /// A cell of the sheet cannot be read (text that is not UTF-8): a
    /// problem in the sheet, at its place.
    Cell,
    /// The worksheet asked for is not in the workbook: a wrong argument.
    NoSuchWorksheet,
    /// The file is no workbook of its kind, or a broken one: nothing in it
    /// can be read.
    NotAWorkbook,
}

/// What kind of file a sheet is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Comma- or semicolon-separated values (told apart by the first line).
    Csv,
    /// Tab-separated values.
    Tsv,
    /// An Office Open XML workbook.
    Xlsx,
    /// An OpenDocument spreadsheet.
    Ods,
}

impl Format {
    /// The format a file name says, by its extension, in any case.
    pub fn of_name(name: &str) -> Option<Format> {
        let extension = name.rsplit_once('.')?.1.to_ascii_lowercase();
        match extension.as_str() {
            "csv" => Some(Format::Csv),
            "tsv" | "tab" => Some(Format::Tsv),
            "xlsx" | "xlsm" => Some(Format::Xlsx),
            "ods" => Some(Format::Ods),
            _ => None,
        }
    }
}

/// Read a sheet of `format` from `bytes`; `sheet` names a workbook's
/// worksheet (the first by default).
pub fn read(bytes: &[u8], format: Format, sheet: Option<&str>) -> Result<Grid, Unreadable> {
    match format {
        Format::Csv => {
            let bytes = bytes.strip_prefix("\u{feff}".as_bytes()).unwrap_or(bytes);
            match separator_line(bytes) {
                Some((delimiter, rest)) => delimited(rest, delimiter, 2),
                None => delimited(bytes, sniff(bytes), 1),
            }
        }
        Format::Tsv => delimited(bytes, b'\t', 1),
        Format::Xlsx => {
            workbook_bounds::unpacked_size(bytes).map_err(too_large)?;
            let mut book = calamine::Xlsx::new(Cursor::new(bytes)).map_err(not_a_workbook("an .xlsx"))?;
            let name = choose(&book.sheet_names(), sheet)?;
            workbook_bounds::xlsx_worksheet(&mut book, &name).map_err(too_large)?;
            let range = book.worksheet_range(&name).map_err(not_a_workbook("an .xlsx"))?;
            let styles = book.worksheet_style(&name).map_err(not_a_workbook("an .xlsx"))?;
            let percent = |row: u32, column: u32| {
                styles
                    .get((row, column))
                    .and_then(|s| s.number_format.as_ref())
                    .is_some_and(|f| is_percent_format(&f.format_code))
            };
            Ok(workbook(&range, percent))
        }
        Format::Ods => {
            workbook_bounds::unpacked_size(bytes).map_err(too_large)?;
            workbook_bounds::ods_worksheets(bytes).map_err(too_large)?;
            let mut book = calamine::Ods::new(Cursor::new(bytes)).map_err(not_a_workbook("an .ods"))?;
            let name = choose(&book.sheet_names(), sheet)?;
            let range = book.worksheet_range(&name).map_err(not_a_workbook("an .ods"))?;
            let percent = ods_percent_cells(bytes, &name).map_err(not_a_workbook("an .ods"))?;
            Ok(workbook(&range, |row, column| percent.contains(&(row, column))))
        }
    }
}

/// A workbook too large to read: nothing in it is read.
fn too_large(message: String) -> Unreadable {
    Unreadable { reason: Reason::NotAWorkbook, at: None, message }
}

fn not_a_workbook<E: std::fmt::Display>(what: &'static str) -> impl Fn(E) -> Unreadable {
    move |error| Unreadable {
        reason: Reason::NotAWorkbook,
        at: None,
        message: format!(
            "cannot read the file as {what} workbook ({error}); save it again from the spreadsheet, or export it as CSV"
        ),
    }
}

/// The worksheet to read: the one named, or the first.
fn choose(names: &[String], wanted: Option<&str>) -> Result<String, Unreadable> {
    match wanted {
        Some(wanted) => names.iter().find(|n| n.as_str() == wanted).cloned().ok_or_else(|| Unreadable {
            reason: Reason::NoSuchWorksheet,
            at: None,
            message: format!(
                "the workbook has no sheet `{wanted}`; its sheets are {}",
                names.iter().map(|n| format!("`{n}`")).collect::<Vec<_>>().join(", ")
            ),
        }),
        None => names.first().cloned().ok_or_else(|| Unreadable {
            reason: Reason::NotAWorkbook,
            at: None,
            message: "the workbook has no sheet".into(),
        }),
    }
}

/// The cells of the worksheet `name` of an OpenDocument spreadsheet whose
/// value type is `percentage` (`0.45` shown as `45%`), as `(row, column)`
/// from 0, counting repeated rows and columns as the sheet shows them.
fn ods_percent_cells(bytes: &[u8], name: &str) -> Result<HashSet<(u32, u32)>, String> {
    use quick_xml::events::{BytesStart, Event};
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| e.to_string())?;
    let content = archive.by_name("content.xml").map_err(|e| e.to_string())?;
    let mut reader = quick_xml::Reader::from_reader(std::io::BufReader::new(content));
    let attribute = |e: &BytesStart<'_>, key: &str| -> Option<String> {
        let attribute = e.try_get_attribute(key).ok().flatten()?;
        attribute.normalized_value(quick_xml::XmlVersion::Implicit1_0).ok().map(|v| v.into_owned())
    };
    let repeats = |e: &BytesStart<'_>, key: &str| -> u32 {
        attribute(e, key).and_then(|v| v.parse().ok()).unwrap_or(1).clamp(1, 1 << 20)
    };
    let (mut inside, mut row, mut column, mut row_repeats) = (false, 0u32, 0u32, 1u32);
    let mut percent = HashSet::new();
    let mut buf = Vec::new();
    loop {
        let event = reader.read_event_into(&mut buf).map_err(|e| e.to_string())?;
        match &event {
            Event::Eof => break,
            Event::Start(e) | Event::Empty(e) => match e.name().as_ref() {
                "table:table" if !inside => inside = attribute(e, "table:name").as_deref() == Some(name),
                "table:table-row" if inside => {
                    (column, row_repeats) = (0, repeats(e, "table:number-rows-repeated"));
                    if matches!(event, Event::Empty(_)) {
                        row = row.saturating_add(row_repeats);
                    }
                }
                "table:table-cell" | "table:covered-table-cell" if inside => {
                    let columns = repeats(e, "table:number-columns-repeated");
                    if attribute(e, "office:value-type").as_deref() == Some("percentage") {
                        // A sheet of OKRs is small; a huge repeated block is no percentage column of one.
                        for r in row..row.saturating_add(row_repeats.min(1024)) {
                            for c in column..column.saturating_add(columns.min(1024)) {
                                percent.insert((r, c));
                            }
                        }
                    }
                    column = column.saturating_add(columns);
                }
                _ => {}
            },
            Event::End(e) => match e.name().as_ref() {
                "table:table" if inside => break,
                "table:table-row" if inside => row = row.saturating_add(row_repeats),
                _ => {}
            },
            _ => {}
        }
        buf.clear();
    }
    Ok(percent)
}

/// Whether an Excel number format shows a percentage: a `%` outside quotes
/// and escapes in its first section.
fn is_percent_format(code: &str) -> bool {
    let (mut quoted, mut escaped) = (false, false);
    for c in code.chars() {
        match c {
            _ if escaped => escaped = false,
            '\\' => escaped = true,
            '"' => quoted = !quoted,
            ';' if !quoted => return false,
            '%' if !quoted => return true,
            _ => {}
        }
    }
    false
}

fn workbook(range: &calamine::Range<Data>, percent: impl Fn(u32, u32) -> bool) -> Grid {
    let (top, left) = range.start().unwrap_or((0, 0));
    let rows = range
        .rows()
        .enumerate()
        .map(|(i, cells)| {
            let row = top + i as u32;
            let mut out = vec![Cell::Empty; left as usize];
            out.extend(cells.iter().enumerate().map(|(j, data)| workbook_cell(data, percent(row, left + j as u32))));
            (row as usize + 1, out)
        })
        .collect();
    Grid { rows, decimals: Decimals::Point }
}

fn workbook_cell(data: &Data, percent: bool) -> Cell {
    match data {
        Data::Empty => Cell::Empty,
        Data::Int(value) => Cell::Number { value: *value as f64, percent },
        Data::Float(value) => Cell::Number { value: *value, percent },
        Data::Bool(value) => Cell::Bool(*value),
        Data::String(text) if text.trim().is_empty() => Cell::Empty,
        Data::String(text) => Cell::Text(text.clone()),
        Data::DateTime(_) | Data::DateTimeIso(_) => Cell::Unusable("a date".into()),
        Data::DurationIso(_) => Cell::Unusable("a duration".into()),
        Data::Error(error) => Cell::Unusable(format!("the error {error}")),
    }
}

/// The separator of a CSV file, from its first line: `;` when it has more
/// of them than commas (a European spreadsheet's CSV), else `,`.
pub fn sniff(bytes: &[u8]) -> u8 {
    let first = bytes.split(|b| *b == b'\n').next().unwrap_or_default();
    let (mut quoted, mut commas, mut semicolons) = (false, 0, 0);
    for b in first {
        match b {
            b'"' => quoted = !quoted,
            b',' if !quoted => commas += 1,
            b';' if !quoted => semicolons += 1,
            _ => {}
        }
    }
    if semicolons > commas {
        b';'
    } else {
        b','
    }
}

/// A CSV or TSV file: UTF-8 (a byte-order mark dropped), RFC 4180 quoting,
/// rows of any length. A `;`-separated file may write decimals with commas.
/// Excel's `sep=;` line, which some CSV files start with to name their
/// separator: the separator and the bytes after that line.
fn separator_line(bytes: &[u8]) -> Option<(u8, &[u8])> {
    let rest = bytes.strip_prefix(b"sep=")?;
    let (&delimiter, after) = rest.split_first()?;
    let after = after.strip_prefix(b"\r").unwrap_or(after);
    let after = after.strip_prefix(b"\n")?;
    (delimiter != b'"' && !delimiter.is_ascii_alphanumeric()).then_some((delimiter, after))
}

/// The rows of `bytes`, the first on line `first_line`.
fn delimited(bytes: &[u8], delimiter: u8, first_line: usize) -> Result<Grid, Unreadable> {
    let bytes = bytes.strip_prefix("\u{feff}".as_bytes()).unwrap_or(bytes);
    let mut reader =
        csv::ReaderBuilder::new().has_headers(false).flexible(true).delimiter(delimiter).from_reader(bytes);
    let mut rows = Vec::new();
    // The csv crate counts the line of a record after a CRLF one short: count
    // the line breaks before each record's first byte instead.
    let (mut counted_to, mut line) = (0usize, first_line);
    for record in reader.byte_records() {
        let record = record.map_err(|error| Unreadable {
            reason: Reason::Cell,
            at: error.position().map(|p| (p.line() as usize, 1)),
            message: format!("cannot read the file as CSV: {error}"),
        })?;
        let mut start = record.position().map_or(counted_to, |p| p.byte() as usize).max(counted_to);
        while matches!(bytes.get(start), Some(b'\r' | b'\n')) {
            start += 1;
        }
        line += bytes[counted_to..start.min(bytes.len())].iter().filter(|b| **b == b'\n').count();
        counted_to = start.min(bytes.len());
        let mut cells = Vec::with_capacity(record.len());
        for (column, field) in record.iter().enumerate() {
            let text = std::str::from_utf8(field).map_err(|_| Unreadable {
                reason: Reason::Cell,
                at: Some((line, column + 1)),
                message: "the cell is not UTF-8 text: save the sheet as CSV in UTF-8 (\"CSV UTF-8\" in Excel, \
                          character set \"Unicode (UTF-8)\" in LibreOffice)"
                    .into(),
            })?;
            cells.push(if text.trim().is_empty() { Cell::Empty } else { Cell::Text(text.to_owned()) });
        }
        rows.push((line, cells));
    }
    let decimals = if delimiter == b';' { Decimals::PointOrComma } else { Decimals::Point };
    Ok(Grid { rows, decimals })
}

/// A cell's text as the cell module reads it, for tests and messages.
pub fn shown(cell: &Cell) -> String {
    match cell {
        Cell::Empty => String::new(),
        Cell::Text(text) => text.clone(),
        Cell::Number { value, percent: true } => format!("{}%", crate::numbers::human(value * 100.0)),
        Cell::Number { value, percent: false } => crate::numbers::human(*value),
        Cell::Bool(value) => value.to_string().to_uppercase(),
        Cell::Unusable(what) => what.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(grid: &Grid) -> Vec<(usize, Vec<String>)> {
        grid.rows.iter().map(|(n, cells)| (*n, cells.iter().map(shown).collect())).collect()
    }

    #[test]
    fn csv_with_a_bom_quotes_and_a_line_break() {
        let grid = read("\u{feff}a,b\n\"x, y\",\"two\nlines\"\n,z\n".as_bytes(), Format::Csv, None).unwrap();
        assert_eq!(
            texts(&grid),
            vec![
                (1, vec!["a".into(), "b".into()]),
                (2, vec!["x, y".into(), "two\nlines".into()]),
                (4, vec!["".into(), "z".into()])
            ]
        );
        assert_eq!(grid.decimals, Decimals::Point);
    }

    #[test]
    fn rows_are_numbered_by_line_whatever_the_line_ends() {
        for text in ["a,b\r\nc,d\r\n\r\n\"e\r\nf\",g\r\nh\r\n", "a,b\nc,d\n\n\"e\nf\",g\nh"] {
            let rows: Vec<usize> = read(text.as_bytes(), Format::Csv, None).unwrap().rows.iter().map(|r| r.0).collect();
            assert_eq!(rows, vec![1, 2, 4, 6], "{text:?}");
        }
    }

    #[test]
    fn semicolons_are_sniffed_and_allow_decimal_commas() {
        let grid = read(b"a;b\n0,5;1\n", Format::Csv, None).unwrap();
        assert_eq!(texts(&grid)[1], (2, vec!["0,5".into(), "1".into()]));
        assert_eq!(grid.decimals, Decimals::PointOrComma);
        assert_eq!(sniff(b"\"a;b\",c\n"), b',');
    }

    #[test]
    fn an_excel_separator_line_names_the_separator_and_counts_as_a_row() {
        let grid = read("\u{feff}sep=;\r\na;b\r\n0,5;1\r\n".as_bytes(), Format::Csv, None).unwrap();
        assert_eq!(texts(&grid), vec![(2, vec!["a".into(), "b".into()]), (3, vec!["0,5".into(), "1".into()])]);
        assert_eq!(grid.decimals, Decimals::PointOrComma);
        assert_eq!(separator_line(b"sep=\n"), None);
    }

    #[test]
    fn bytes_that_are_not_utf8_are_located() {
        let error = read(b"a,b\nok,caf\xe9\n", Format::Csv, None).unwrap_err();
        assert_eq!(error.at, Some((2, 2)));
        assert_eq!(error.reason, Reason::Cell);
        assert!(error.message.contains("UTF-8"), "{}", error.message);
    }

    #[test]
    fn a_workbook_that_is_not_one_is_an_error() {
        let error = read(b"not a zip", Format::Xlsx, None).unwrap_err();
        assert!(error.message.contains(".xlsx"), "{}", error.message);
        assert_eq!(error.reason, Reason::NotAWorkbook);
        assert_eq!(read(b"not a zip", Format::Ods, None).map_err(|e| e.reason), Err(Reason::NotAWorkbook));
    }

    #[test]
    fn a_worksheet_not_in_the_workbook_is_named_with_those_that_are() {
        let error = choose(&["Q2".into(), "Q3".into()], Some("Q4")).unwrap_err();
        assert_eq!(error.reason, Reason::NoSuchWorksheet);
        assert_eq!(error.message, "the workbook has no sheet `Q4`; its sheets are `Q2`, `Q3`");
        assert_eq!(choose(&[], None).unwrap_err().reason, Reason::NotAWorkbook);
    }

    #[test]
    fn percent_formats() {
        assert!(is_percent_format("0%"));
        assert!(is_percent_format("0.00%"));
        assert!(!is_percent_format("0.00\"%\""));
        assert!(!is_percent_format("General"));
        assert!(!is_percent_format("0;[Red]0%"));
    }

    #[test]
    fn formats_by_extension() {
        assert_eq!(Format::of_name("okrs.CSV"), Some(Format::Csv));
        assert_eq!(Format::of_name("a.b.xlsx"), Some(Format::Xlsx));
        assert_eq!(Format::of_name("sheet.ods"), Some(Format::Ods));
        assert_eq!(Format::of_name("noext"), None);
    }
}
