//! What fuzzing found (see CONTRIBUTING.md, "Fuzzing"), kept as tests. Every
//! input that once crashed the `load_and_check` target is a file under
//! `tests/fixtures/fuzz/load_and_check/` and is replayed here with the
//! target's own assertions; the `checkin_edit` finds are golden check-in
//! cases under `tests/fixtures/checkin/` and named tests below.

use okr::config::Config;
use okr::load::{collect, parse_file, SourceFile};

use crate::support::*;

/// The `load_and_check` fuzz target's assertions, on one input.
fn load_and_check(bytes: &[u8]) -> Vec<okr::findings::Diagnostic> {
    let file =
        SourceFile { display: "f.okr.yaml".into(), path: "f.okr.yaml".into(), text: String::new(), document: None };
    let workspace = collect(vec![parse_file(0, file, bytes.to_vec())]);
    let findings = okr::check::run(&workspace, &Config::default());
    let text = &workspace.files[0].text;
    let lines = text.replace("\r\n", "\n").replace('\r', "\n").split('\n').count();
    for finding in &findings {
        assert!(finding.span.line >= 1 && finding.span.column >= 1, "{finding:?}");
        assert!(finding.span.line as usize <= lines, "line {} of {lines}: {finding:?}", finding.span.line);
    }
    findings
}

#[test]
fn every_saved_fuzz_input_passes_the_targets_assertions() {
    let dir = fixtures().join("fuzz/load_and_check");
    let mut inputs: Vec<_> = std::fs::read_dir(&dir).expect("the saved inputs").map(|e| e.unwrap().path()).collect();
    inputs.sort();
    assert!(!inputs.is_empty());
    for input in inputs {
        let findings = load_and_check(&std::fs::read(&input).unwrap());
        assert!(!findings.is_empty(), "{}: every saved input is broken somehow", input.display());
    }
}

/// saphyr puts an error at the end of the input on a line after the last
/// one; okr counts the position in the text itself.
#[test]
fn syntax_error_at_the_end_of_the_input_points_inside_the_file() {
    let findings = load_and_check(b"team: t\neeee");
    let positions: Vec<_> = findings.iter().map(|d| (d.code.name(), d.span.line, d.span.column)).collect();
    assert_eq!(positions, [("yaml-syntax", 2, 5)]);
    // `\n\r` is two line breaks.
    let findings = load_and_check(b"team: t\n\reeee");
    let positions: Vec<_> = findings.iter().map(|d| (d.code.name(), d.span.line, d.span.column)).collect();
    assert_eq!(positions, [("yaml-syntax", 3, 5)]);
    // The input fuzzing found: a BOM, `\n\r`, a control character (since
    // found first, as YAML allows printable characters only) and the end.
    let saved = std::fs::read(fixtures().join("fuzz/load_and_check/syntax-error-past-the-last-line")).unwrap();
    let findings = load_and_check(&saved);
    let positions: Vec<_> = findings.iter().map(|d| (d.code.name(), d.span.line, d.span.column)).collect();
    assert_eq!(positions, [("yaml-syntax", 3, 13)]);
}

/// Replacing a block-scalar note whose header line carries a comment
/// (`note: |-  # why`) used to drop the comment with the header.
#[test]
fn checkin_keeps_the_comment_on_a_block_scalar_header() {
    let before = valid_document("t", "2026-Q3", "o")
        .replace("current: 5\n", "current: 5\n        note: >  # why\n          folded\n          text\n");
    let dir = tree(&[("t.okr.yaml", &before)]);
    let output = okr(dir.path(), &["checkin", "t/o/first@2026-Q3", "6", "--note", "new"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let after = std::fs::read_to_string(dir.path().join("t.okr.yaml")).unwrap();
    assert_eq!(
        after,
        valid_document("t", "2026-Q3", "o").replace("current: 5\n", "current: 6\n        note: new  # why\n")
    );
}

/// An explicit key left empty at the very end of the input (`? # c`): the
/// null key's span sat on a line after the last one.
#[test]
fn an_empty_key_at_the_end_of_the_input_is_found_inside_the_file() {
    let saved = std::fs::read(fixtures().join("fuzz/load_and_check/empty-key-at-the-end-of-the-input")).unwrap();
    assert_eq!(saved, b"&- id: steps\n? #    D");
    let findings = load_and_check(&saved);
    let last = findings.last().expect("findings");
    assert_eq!((last.code.name(), last.span.line, last.span.column), ("schema", 2, 9));
    assert!(findings.iter().all(|d| d.span.end_line <= 2), "{findings:#?}");
}
