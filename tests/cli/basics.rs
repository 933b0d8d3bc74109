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

/// The specification okr was built from does not ship with it: nothing a
/// user or a contributor reads (help, doc comments, README, CONTRIBUTING, the
/// schema, the examples) points at its numbered sections.
#[test]
fn nothing_cites_sections_of_a_spec_that_does_not_ship() {
    let section = '\u{a7}';
    let mut offenders = Vec::new();
    let mut pending = ["src", "tests", "schema", "examples", "docs", "README.md", "CONTRIBUTING.md", "CHANGELOG.md"]
        .map(|p| repo().join(p))
        .to_vec();
    while let Some(path) = pending.pop() {
        if path.is_dir() {
            pending.extend(std::fs::read_dir(&path).expect("read dir").map(|e| e.expect("dir entry").path()));
        } else if std::fs::read_to_string(&path).is_ok_and(|text| text.contains(section)) {
            offenders.push(path);
        }
    }
    assert!(offenders.is_empty(), "these cite numbered sections: {offenders:?}");
    let help = stdout(&okr(&repo(), &["--help"]));
    assert!(!help.contains(section), "{help}");
}
