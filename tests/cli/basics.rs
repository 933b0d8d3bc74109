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

/// A fresh clone has only the repository (the spec folder beside it is this
/// project's CI's alone): the sources, tests and benches read nothing outside
/// the repository.
#[test]
fn tests_read_nothing_outside_the_repository() {
    let outside = ["..", "/shared"].concat();
    let mut offenders = Vec::new();
    let mut pending = vec![repo().join("src"), repo().join("tests"), repo().join("benches"), repo().join("bench")];
    while let Some(dir) = pending.pop() {
        for entry in std::fs::read_dir(&dir).expect("read dir").map(|e| e.expect("dir entry")) {
            let path = entry.path();
            if path.is_dir() {
                pending.push(path);
            } else if path.extension().is_some_and(|e| e == "rs" || e == "py" || e == "sh")
                && std::fs::read_to_string(&path).is_ok_and(|text| text.contains(&outside))
            {
                offenders.push(path);
            }
        }
    }
    assert!(offenders.is_empty(), "these read outside the repository: {offenders:?}");
}
