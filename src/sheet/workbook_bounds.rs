//! How much a workbook may make okr hold before calamine reads it.
//!
//! calamine lays a worksheet out as one dense block of cells, from the
//! first cell used to the last: a 5 kB `.xlsx` with one value in A1 and one
//! in XFD1048576 asks for seventeen billion cells, and an `.ods` row of
//! cells repeated sixteen thousand times, repeated a million times, as many.
//! And a zip archive can unpack to a thousand times its size. So before
//! calamine builds anything, these read what the file declares and where
//! its values lie, with bounded memory, and refuse a workbook beyond
//! [`MAX_CELLS`] or [`MAX_UNPACKED`].

use std::io::{Cursor, Read, Seek};

use calamine::DataType;

/// The most cells (rows × columns, from the first value to the last) a
/// worksheet may span: 130,000 rows of 60 columns, far beyond a sheet of
/// OKRs; a larger one can still be imported as CSV, which okr streams.
pub const MAX_CELLS: u64 = 8_000_000;

/// The most bytes the parts of a workbook may declare once unpacked.
pub const MAX_UNPACKED: u64 = 512 << 20;

/// Why a workbook is refused.
pub type TooLarge = String;

/// The parts of the archive together, as declared, within [`MAX_UNPACKED`].
pub fn unpacked_size(bytes: &[u8]) -> Result<(), TooLarge> {
    unpacked_within(bytes, MAX_UNPACKED)
}

fn unpacked_within(bytes: &[u8], limit: u64) -> Result<(), TooLarge> {
    // A file that is no archive is left to calamine, which says so.
    let Ok(mut archive) = zip::ZipArchive::new(Cursor::new(bytes)) else { return Ok(()) };
    let mut total = 0u64;
    for index in 0..archive.len() {
        if let Ok(part) = archive.by_index_raw(index) {
            total = total.saturating_add(part.size());
        }
    }
    if total > limit {
        return Err(format!(
            "the workbook unpacks to {total} bytes, more than okr reads ({limit}); save the sheet of OKRs alone, or export it as CSV"
        ));
    }
    Ok(())
}

/// The cells an `.xlsx` worksheet spans, from the first value to the last,
/// within [`MAX_CELLS`]; read cell by cell, nothing kept.
pub fn xlsx_worksheet<R: Read + Seek>(book: &mut calamine::Xlsx<R>, name: &str) -> Result<(), TooLarge> {
    // A worksheet okr cannot read is left to calamine, which says so in the
    // words of a broken workbook; it fails at the same cell, before it
    // lays out anything, and every cell before it was counted here.
    let Ok(mut cells) = book.worksheet_cells_reader(name) else { return Ok(()) };
    let mut span = Span::default();
    while let Ok(Some(cell)) = cells.next_cell() {
        if !cell.get_value().is_empty() {
            let (row, column) = cell.get_position();
            span.add(row, column);
            if span.values > MAX_CELLS {
                return Err(too_many(name, span.values));
            }
        }
    }
    span.within(name)
}

/// The cells each worksheet of an `.ods` would make calamine hold (it reads
/// every worksheet when it opens the file), within [`MAX_CELLS`]: repeated
/// rows and columns counted as it spreads them, up to the last value.
pub fn ods_worksheets(bytes: &[u8]) -> Result<(), TooLarge> {
    use quick_xml::events::{BytesStart, Event};
    // A broken archive is left to calamine, which says so.
    let Ok(mut archive) = zip::ZipArchive::new(Cursor::new(bytes)) else { return Ok(()) };
    let Ok(content) = archive.by_name("content.xml") else { return Ok(()) };
    let mut reader = quick_xml::Reader::from_reader(std::io::BufReader::new(content));
    let attribute = |e: &BytesStart<'_>, key: &str| -> Option<String> {
        let attribute = e.try_get_attribute(key).ok().flatten()?;
        attribute.normalized_value(quick_xml::XmlVersion::Implicit1_0).ok().map(|v| v.into_owned())
    };
    let number =
        |e: &BytesStart<'_>, key: &str| -> u64 { attribute(e, key).and_then(|v| v.parse().ok()).unwrap_or(1).max(1) };
    let has = |e: &BytesStart<'_>, key: &str| e.try_get_attribute(key).ok().flatten().is_some();
    let mut table = OdsTable::default();
    let mut buf = Vec::new();
    // Ill-formed XML ends the walk: it is left to calamine, which says so
    // (every table it completed before was measured here).
    while let Ok(event) = reader.read_event_into(&mut buf) {
        match &event {
            Event::Eof => break,
            Event::Start(e) | Event::Empty(e) => match e.name().as_ref() {
                "table:table" => {
                    table = OdsTable { name: attribute(e, "table:name").unwrap_or_default(), ..Default::default() };
                }
                "table:table-row" => {
                    table.row_repeats = number(e, "table:number-rows-repeated");
                    (table.column, table.extent) = (0, 0);
                    if matches!(event, Event::Empty(_)) {
                        table.end_row();
                    }
                }
                "table:table-cell" | "table:covered-table-cell" => {
                    let columns = number(e, "table:number-columns-repeated");
                    table.column = table.column.saturating_add(columns);
                    let valued =
                        matches!(event, Event::Start(_)) || has(e, "office:value-type") || has(e, "table:formula");
                    if valued {
                        table.extent = table.column;
                    }
                }
                _ => {}
            },
            Event::End(e) => match e.name().as_ref() {
                "table:table-row" => table.end_row(),
                "table:table" => table.within()?,
                _ => {}
            },
            _ => {}
        }
        if table.cells > MAX_CELLS {
            return Err(too_many(&table.name, table.cells));
        }
        buf.clear();
    }
    Ok(())
}

/// Where a worksheet's values lie.
#[derive(Default)]
struct Span {
    values: u64,
    rows: Option<(u32, u32)>,
    columns: Option<(u32, u32)>,
}

impl Span {
    fn add(&mut self, row: u32, column: u32) {
        self.values += 1;
        let widen = |range: Option<(u32, u32)>, at: u32| Some(range.map_or((at, at), |(a, b)| (a.min(at), b.max(at))));
        self.rows = widen(self.rows, row);
        self.columns = widen(self.columns, column);
    }

    fn within(&self, name: &str) -> Result<(), TooLarge> {
        let (Some((top, bottom)), Some((left, right))) = (self.rows, self.columns) else { return Ok(()) };
        let cells = (u64::from(bottom - top) + 1).saturating_mul(u64::from(right - left) + 1);
        if cells > MAX_CELLS {
            return Err(format!(
                "the worksheet `{name}` spans rows {} to {} and columns {} to {}, {cells} cells, more than okr reads ({MAX_CELLS}); delete what lies beyond the OKRs, or export the sheet as CSV",
                top + 1,
                bottom + 1,
                left + 1,
                right + 1
            ));
        }
        Ok(())
    }
}

/// One `.ods` worksheet as calamine would spread it.
#[derive(Default)]
struct OdsTable {
    name: String,
    /// Cells held so far: each row's cells up to its last value, once per repeat.
    cells: u64,
    /// Rows so far, and the widest row's cells up to its last value: the
    /// block calamine makes of them.
    rows: u64,
    widest: u64,
    row_repeats: u64,
    column: u64,
    extent: u64,
}

impl OdsTable {
    fn end_row(&mut self) {
        self.cells = self.cells.saturating_add(self.row_repeats.saturating_mul(self.extent));
        self.rows = self.rows.saturating_add(self.row_repeats);
        self.widest = self.widest.max(self.extent);
        (self.row_repeats, self.extent) = (1, 0);
    }

    fn within(&self) -> Result<(), TooLarge> {
        let block = if self.widest == 0 { 0 } else { self.rows.saturating_mul(self.widest) };
        match self.cells.max(block) {
            cells if cells > MAX_CELLS => Err(too_many(&self.name, cells)),
            _ => Ok(()),
        }
    }
}

fn too_many(name: &str, cells: u64) -> TooLarge {
    format!(
        "the worksheet `{name}` spreads over {cells} cells or more, more than okr reads ({MAX_CELLS}); delete what lies beyond the OKRs (a value far down or to the right, repeated rows or columns), or export the sheet as CSV"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_archive_is_measured_by_what_its_parts_declare_unpacked() {
        use std::io::Write;
        let mut archive = zip::ZipWriter::new(Cursor::new(Vec::new()));
        let stored = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
        archive.start_file("content.xml", stored).unwrap();
        archive.write_all(&[b' '; 2048]).unwrap();
        let bytes = archive.finish().unwrap().into_inner();
        assert!(unpacked_within(&bytes, 4096).is_ok());
        let refused = unpacked_within(&bytes, 1024).unwrap_err();
        assert!(refused.contains("unpacks to 2048 bytes"), "{refused}");
        assert!(unpacked_within(b"not an archive", 1).is_ok(), "left to calamine, which says what it is");
    }

    #[test]
    fn a_span_is_rows_times_columns_from_the_first_value_to_the_last() {
        let mut span = Span::default();
        span.add(0, 0);
        span.add(9, 2);
        assert!(span.within("s").is_ok());
        span.add(1_048_575, 16_383);
        let refused = span.within("s").unwrap_err();
        assert!(refused.contains("rows 1 to 1048576 and columns 1 to 16384"), "{refused}");
    }

    #[test]
    fn ods_rows_count_up_to_their_last_value_once_per_repeat() {
        let mut table = OdsTable { row_repeats: 1_000_000, extent: 16_384, ..Default::default() };
        table.end_row();
        assert!(table.within().is_err());
        // Empty cells repeated to the edge of the sheet, as office suites write them, cost nothing.
        let mut table = OdsTable { row_repeats: 1_048_000, extent: 0, ..Default::default() };
        table.end_row();
        assert!(table.within().is_ok());
    }

    #[test]
    fn a_broken_workbook_is_left_to_calamine_not_refused_in_the_parsers_words() {
        // An .ods with ill-formed XML was refused with quick-xml's message
        // alone ("ill-formed document: expected `</table:table-row>`…").
        let text = "<office:document-content><table:table table:name=\"s\"><table:table-row></table:table-rowx>";
        let mut archive = zip::ZipWriter::new(Cursor::new(Vec::new()));
        archive.start_file("content.xml", zip::write::SimpleFileOptions::default()).unwrap();
        std::io::Write::write_all(&mut archive, text.as_bytes()).unwrap();
        let bytes = archive.finish().unwrap().into_inner();
        assert_eq!(ods_worksheets(&bytes), Ok(()));
    }
}
