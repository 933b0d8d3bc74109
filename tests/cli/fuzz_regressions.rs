//! What fuzzing found (see CONTRIBUTING.md, "Fuzzing"), kept as tests. Every
//! input that once crashed the `load_and_check` target is a file under
//! `tests/fixtures/fuzz/load_and_check/` and is replayed here with the
//! target's own assertions (`load_and_check.rs`, which the target includes); the `checkin_edit` finds are golden check-in
//! cases under `tests/fixtures/checkin/` and named tests below.

use crate::load_and_check::load_and_check;
use crate::support::*;

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
