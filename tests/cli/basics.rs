//! The examples pass, and the basic exit codes.

use crate::support::*;

#[test]
fn examples_pass_with_no_findings() {
    let output = okr(&repo(), &["check", "examples"]);
    assert_eq!(output.status.code(), Some(0), "{}", stdout(&output));
    assert!(stdout(&output).contains("Checked 6 files: no findings."), "{}", stdout(&output));
}

#[test]
fn valid_document_helper_is_valid() {
    let dir = tree(&[("a.okr.yaml", &valid_document("team", "2026-Q3", "obj"))]);
    let (_, findings) = check_dir(dir.path());
    assert!(findings.is_empty(), "{findings:?}");
}
