//! proptest, bounded and seeded: hostile sheets through the import library
//! path, as the binary takes it (bytes, a grid, documents). Whatever the
//! bytes, nothing panics; every problem points at a row the sheet has and a
//! column inside it; and when the sheet has no problem, every document okr
//! would write either reads back as the same document or is refused by
//! `okr check` (which the binary runs before writing): nothing silently changed.

use std::path::PathBuf;

use proptest::prelude::*;
use proptest::test_runner::{Config, RngSeed};

use okr::load::Contents;
use okr::sheet::grid::{self, Format};
use okr::sheet::import::{self, Defaults};

fn config(cases: u32) -> Config {
    Config { cases, rng_seed: RngSeed::Fixed(31), failure_persistence: None, ..Config::default() }
}

const HEADERS: &[&str] = &[
    "period",
    "team",
    "objective_id",
    "objective_title",
    "Objective",
    "objective_kind",
    "objective_owner",
    "description",
    "tags",
    "aligns_to",
    "key_result_id",
    "title",
    "Key Result",
    "KR",
    "type",
    "start",
    "Baseline",
    "target",
    "at_least",
    "at_most",
    "done",
    "current",
    "unit",
    "confidence",
    "weight",
    "score",
    "owner",
    "note",
    "source",
    "computed_score",
    "grade",
    "team_owner",
    "x-a",
    "objective x-b",
    "health x-c",
    "",
    "zzz",
];

/// A cell: what okr reads in each column, and what it should refuse.
fn cell() -> impl Strategy<Value = String> {
    prop_oneof![
        Just(String::new()),
        "20[0-9]{2}-Q[0-5]",
        "20[0-9]{2}-(H[0-3]|[0-9]{2}|W[0-9]{2})",
        "[a-z]{1,3}(/[a-z]{1,3}){0,2}(@20[0-9]{2}-Q[1-4])?",
        "[-+]?[0-9]{0,4}([.,][0-9]{0,3})?(%|e[0-9]{1,3})?",
        prop_oneof![
            Just("NaN".to_owned()),
            Just("inf".to_owned()),
            Just("-inf".to_owned()),
            Just("1e999".to_owned()),
            Just("-0".to_owned()),
            Just("1e-400".to_owned()),
            Just("99999999999999999999999%".to_owned()),
            Just("9007199254740993".to_owned()),
            Just("0x10".to_owned()),
            Just("1_000".to_owned()),
            Just("1 000,5".to_owned()),
            Just("1.000,5".to_owned()),
        ],
        "(yes|no|true|false|TRUE|x|✓|1|0)",
        "(metric|milestone|boolean|percent|committed|aspirational|health|objective)",
        "[=+@'\\-]?[ -~]{0,12}",
        "[ \t\r\n\"',;#:{}\\[\\]&*!|>%@`a-zé€\u{200b}\u{202e}\u{feff}]{0,10}",
        any::<String>().prop_map(|s| s.chars().take(12).collect()),
    ]
}

fn sheet() -> impl Strategy<Value = (Vec<String>, Vec<Vec<String>>)> {
    let header = proptest::collection::vec(proptest::sample::select(HEADERS).prop_map(str::to_owned), 1..14);
    header.prop_flat_map(|header| {
        let width = header.len();
        let rows = proptest::collection::vec(proptest::collection::vec(cell(), 0..=width + 1), 0..6);
        (Just(header), rows)
    })
}

fn csv_bytes(header: &[String], rows: &[Vec<String>], delimiter: u8) -> Vec<u8> {
    let mut writer = csv::WriterBuilder::new().delimiter(delimiter).flexible(true).from_writer(Vec::new());
    writer.write_record(header).unwrap();
    for row in rows {
        writer.write_record(row).unwrap();
    }
    writer.into_inner().unwrap()
}

/// The library path of `okr import`, with its assertions.
fn import_bytes(bytes: &[u8], format: Format, defaults: &Defaults) -> Result<(), String> {
    let Ok(grid) = grid::read(bytes, format, None) else { return Ok(()) };
    let Ok(imported) = import::import(&grid, defaults) else { return Ok(()) };
    let last_row = grid.rows.last().map_or(1, |(row, _)| *row);
    let width = grid.rows.iter().map(|(_, cells)| cells.len()).max().unwrap_or(0).max(1);
    for problem in imported.errors.iter().chain(&imported.warnings) {
        if problem.row == 0 || problem.row > last_row.max(1) {
            return Err(format!("{problem:?} is past the sheet's rows (last {last_row})"));
        }
        if problem.column.is_some_and(|c| c == 0 || c > width) {
            return Err(format!("{problem:?} is past the sheet's columns ({width})"));
        }
        if problem.message.trim().is_empty() {
            return Err(format!("{problem:?} says nothing"));
        }
    }
    if !imported.errors.is_empty() {
        return Ok(());
    }
    for (i, made) in imported.documents.iter().enumerate() {
        let text = okr::edit::write_document::write("", &made.document);
        let name = format!("f{i}.okr.yaml");
        let file = okr::load::read_buffer(
            0,
            name.clone(),
            PathBuf::from(name),
            Contents::Bytes(text.clone().into_bytes()),
            u64::MAX,
        );
        let workspace = okr::load::collect(vec![file]);
        let read: Vec<_> = workspace.documents().map(|(_, d)| d.clone()).collect();
        // A file okr check refuses is never written (the binary says why, at
        // the sheet's row); one it accepts must say what the sheet said.
        let refused = workspace.diagnostics.iter().any(|d| d.severity == okr::findings::Severity::Error);
        if !refused && (read.len() != 1 || read[0] != made.document) {
            return Err(format!(
                "document {i} does not read back as written:\n{text}\n{:?}\nmade {:?}\nread {:?}",
                workspace.diagnostics, made.document, read
            ));
        }
    }
    Ok(())
}

fn defaults(with: bool) -> Defaults {
    if with {
        Defaults { team: Some("t".into()), period: "2026-Q1".parse().ok() }
    } else {
        Defaults::default()
    }
}

proptest! {
    #![proptest_config(config(2000))]

    #[test]
    fn hostile_sheets_import_without_panic_or_silent_change(
        (header, rows) in sheet(),
        delimiter in proptest::sample::select(&[b',', b';', b'\t'][..]),
        with_defaults in any::<bool>(),
    ) {
        let bytes = csv_bytes(&header, &rows, delimiter);
        let format = if delimiter == b'\t' { Format::Tsv } else { Format::Csv };
        import_bytes(&bytes, format, &defaults(with_defaults)).map_err(TestCaseError::fail)?;
    }

    #[test]
    fn arbitrary_bytes_read_as_any_sheet_without_panic(
        bytes in proptest::collection::vec(any::<u8>(), 0..600),
        format in proptest::sample::select(&[Format::Csv, Format::Tsv, Format::Xlsx, Format::Ods][..]),
    ) {
        import_bytes(&bytes, format, &defaults(true)).map_err(TestCaseError::fail)?;
    }
}
