//! proptest, bounded and seeded: `okr export` then `okr import` gives the
//! same model, every field, for generated organisations — teams and periods,
//! objectives of both kinds with descriptions, owners, tags and alignments,
//! key results of every kind with every optional field, health metrics,
//! `x-` keys at every level, and text that a spreadsheet would run as a
//! formula, starts with `'`, holds separators, quotes or line breaks.
//! Through the library, as the binary does it: rows, CSV or TSV bytes,
//! a grid read back, documents.

use std::path::PathBuf;

use proptest::prelude::*;
use proptest::test_runner::{Config, RngSeed};

use okr::config::Config as OkrConfig;
use okr::load::Contents;
use okr::model::{Document, Extensions, HealthMetric, KeyResult, Kind, Num, Objective};
use okr::sheet::export::{self, Selection};
use okr::sheet::grid::{self, Format};
use okr::sheet::import::{self, Defaults};

fn config(cases: u32) -> Config {
    Config { cases, rng_seed: RngSeed::Fixed(20), failure_persistence: None, ..Config::default() }
}

/// Text for a cell: not blank, with what makes CSV and spreadsheets hard.
fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        "[A-Za-z][A-Za-z0-9 ,.;:'\"%-]{0,20}",
        "[=+@'-][A-Za-z0-9 =+@'-]{0,12}",
        "'+[=+@-]?[a-z]{1,4}",
        "[a-z]{1,6}\t[a-z]{1,6}",
        "[A-Za-zéü€✓ ]{0,6}[A-Za-z]",
    ]
}

/// Text on one line that white space around would change: okr trims owners,
/// units and sources, so they have none.
fn word() -> impl Strategy<Value = String> {
    "[@=+-]?[A-Za-z0-9]([A-Za-z0-9 ._-]{0,8}[A-Za-z0-9])?"
}

/// A paragraph: a note or a description, line breaks and all.
fn paragraph() -> impl Strategy<Value = String> {
    prop_oneof![text(), "[A-Za-z]{1,8}(\n[A-Za-z ,;]{0,10})?\n?", "-[a-z]{1,5}\r\n[a-z]{1,5}"]
}

fn number() -> impl Strategy<Value = f64> {
    prop_oneof![
        (-1000i32..1000).prop_map(f64::from),
        (-1e6..1e6f64),
        any::<f64>().prop_filter("finite", |n| n.is_finite()),
    ]
}

fn fraction() -> impl Strategy<Value = f64> {
    prop_oneof![Just(0.0), Just(1.0), (0.0..=1.0f64)]
}

fn extensions() -> impl Strategy<Value = Extensions> {
    let value = prop_oneof![
        text().prop_map(serde_json::Value::from),
        Just(serde_json::json!("42")),
        Just(serde_json::json!("")),
        (-100i64..100).prop_map(serde_json::Value::from),
        any::<bool>().prop_map(serde_json::Value::from),
        Just(serde_json::json!({"list": [1, 2.5, null], "nested": {"a": "b"}})),
    ];
    proptest::collection::btree_map("x-[a-z]{1,3}", value, 0..2)
}

fn key_result() -> impl Strategy<Value = KeyResult> {
    use proptest::option::of as optional;
    (
        (0u8..4, number(), number(), optional(number()), any::<bool>()),
        (optional(word()), optional(fraction()), optional(0.1..10.0f64), optional(fraction())),
        (optional(word()), optional(paragraph()), optional(word())),
        text(),
        extensions(),
    )
        .prop_map(
            |(
                (kind, a, b, current, done),
                (unit, confidence, weight, score),
                (owner, note, source),
                title,
                extensions,
            )| {
                let mut kr = KeyResult {
                    id: String::new(),
                    title: title.into(),
                    start: None,
                    target: None,
                    current: None,
                    at_least: None,
                    at_most: None,
                    done: None,
                    unit: unit.map(Into::into),
                    confidence: confidence.map(Num),
                    weight: weight.map(Num),
                    owner: owner.map(Into::into),
                    score: score.map(Num),
                    note: note.map(Into::into),
                    source: source.map(Into::into),
                    extensions,
                    spans: Default::default(),
                };
                match kind {
                    0 => (kr.start, kr.target, kr.current) = (Some(Num(a)), Some(Num(b)), current.map(Num)),
                    1 => (kr.at_least, kr.current) = (Some(Num(a)), current.map(Num)),
                    2 => (kr.at_most, kr.current) = (Some(Num(a)), current.map(Num)),
                    _ => kr.done = Some(done),
                }
                kr
            },
        )
}

fn objective() -> impl Strategy<Value = Objective> {
    (
        text(),
        proptest::option::of(paragraph()),
        any::<bool>(),
        proptest::option::of(word()),
        proptest::collection::vec("[=+@-]?[a-z][a-z0-9 -]{0,6}[a-z0-9]", 0..3),
        proptest::collection::vec("[a-z]{1,4}/[a-z]{1,4}(/[a-z]{1,3})?(@2026(-Q[1-4])?)?", 0..3),
        proptest::collection::vec(key_result(), 1..4),
        extensions(),
    )
        .prop_map(|(title, description, committed, owner, tags, aligns_to, key_results, extensions)| Objective {
            id: String::new(),
            title: title.into(),
            description: description.map(Into::into),
            kind: if committed { Kind::Committed } else { Kind::Aspirational },
            owner: owner.map(Into::into),
            tags: tags.into_iter().map(Into::into).collect(),
            aligns_to,
            key_results: key_results
                .into_iter()
                .enumerate()
                .map(|(i, kr)| KeyResult { id: format!("k{i}"), ..kr })
                .collect(),
            extensions,
            spans: Default::default(),
        })
}

fn health() -> impl Strategy<Value = HealthMetric> {
    (text(), any::<bool>(), number(), proptest::option::of(number()), proptest::option::of(word()), extensions())
        .prop_map(|(title, at_least, bound, current, unit, extensions)| HealthMetric {
            id: String::new(),
            title: title.into(),
            at_least: at_least.then_some(Num(bound)),
            at_most: (!at_least).then_some(Num(bound)),
            current: current.map(Num),
            unit: unit.map(Into::into),
            extensions,
            spans: Default::default(),
        })
}

/// Documents of distinct teams and periods.
fn organisation() -> impl Strategy<Value = Vec<Document>> {
    let document = (
        proptest::option::of(word()),
        proptest::collection::vec(objective(), 1..3),
        proptest::collection::vec(health(), 0..3),
        extensions(),
    );
    proptest::collection::vec(document, 1..4).prop_map(|documents| {
        let periods = ["2026-Q3", "2026", "2026-H2"];
        documents
            .into_iter()
            .enumerate()
            .map(|(i, (owner, objectives, health, extensions))| Document {
                version: 1,
                team: format!("team-{}", i % 2),
                period: periods[i % 3].parse().expect("a period"),
                owner: owner.map(Into::into),
                objectives: objectives
                    .into_iter()
                    .enumerate()
                    .map(|(o, objective)| Objective { id: format!("o{o}"), ..objective })
                    .collect(),
                health: health
                    .into_iter()
                    .enumerate()
                    .map(|(h, m)| HealthMetric { id: format!("h{h}"), ..m })
                    .collect(),
                extensions,
                spans: Default::default(),
            })
            .collect()
    })
}

/// The documents as OKR files, read back by okr's loader.
fn workspace(documents: &[Document]) -> okr::load::Workspace {
    okr::load::collect(
        documents
            .iter()
            .enumerate()
            .map(|(i, document)| {
                let text = okr::edit::write_document::write("", document);
                let name = format!("f{i}.okr.yaml");
                okr::load::read_buffer(
                    i,
                    name.clone(),
                    PathBuf::from(name),
                    Contents::Bytes(text.into_bytes()),
                    u64::MAX,
                )
            })
            .collect(),
    )
}

/// Export `documents` as `format`, import the bytes, and return what import made.
fn round_trip(documents: &[Document], format: Format) -> Result<Vec<Document>, String> {
    let workspace = workspace(documents);
    let read: Vec<&Document> = workspace.documents().map(|(_, d)| d).collect();
    if read.len() != documents.len() || read.iter().zip(documents).any(|(a, b)| *a != b) {
        return Err(format!("the generated documents do not read back: {:?}", workspace.diagnostics));
    }
    let table = export::table(&workspace, &OkrConfig::default(), &Selection::default());
    let mut bytes = Vec::new();
    let delimiter = if format == Format::Tsv { b'\t' } else { b',' };
    okr::render::sheet_csv::render(&mut bytes, &table.header(), table.rows.into_iter(), delimiter)
        .map_err(|e| e.to_string())?;
    let grid = grid::read(&bytes, format, None).map_err(|e| e.message)?;
    let imported = import::import(&grid, &Defaults::default()).map_err(|m| format!("{m:?}"))?;
    if !imported.errors.is_empty() || !imported.warnings.is_empty() || !imported.mappings.is_empty() {
        return Err(format!(
            "{:?}\n{:?}\n{:?}\n{}",
            imported.errors,
            imported.warnings,
            imported.mappings,
            String::from_utf8_lossy(&bytes)
        ));
    }
    Ok(imported.documents.into_iter().map(|d| d.document).collect())
}

/// By team and period, as import orders documents by their first row.
fn sorted(mut documents: Vec<Document>) -> Vec<Document> {
    documents.sort_by(|a, b| (a.period, &a.team).cmp(&(b.period, &b.team)));
    documents
}

proptest! {
    #![proptest_config(config(96))]

    #[test]
    fn export_then_import_gives_the_same_organisation(documents in organisation(), tsv in any::<bool>()) {
        let format = if tsv { Format::Tsv } else { Format::Csv };
        let again = round_trip(&documents, format).map_err(TestCaseError::fail)?;
        prop_assert_eq!(sorted(again), sorted(documents));
    }
}
