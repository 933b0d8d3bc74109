//! The hostile inputs of issue 8 that `bad_input.rs` does not already cover:
//! null documents, NUL bytes and binary junk, negative weights, complex keys,
//! 50,000 key results, a file far over the default size limit, named pipes,
//! and an unreadable file even when the tests run as root. Each has its
//! expected finding or clean acceptance, and the big ones run with a bound on
//! time (`finishes`) and on memory (`ulimit -v`).

use std::path::Path;
use std::process::Command;

use crate::bad_input::{check_bytes, located};
use crate::git_fixture::{noon, Change, GitFixture};
use crate::support::*;

fn json_positions(output: &std::process::Output) -> Vec<(String, u64, u64)> {
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).expect("JSON on stdout");
    json["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .map(|d| (d["code"].as_str().unwrap().to_owned(), d["line"].as_u64().unwrap(), d["column"].as_u64().unwrap()))
        .collect()
}

#[test]
fn null_documents_are_not_okr_files() {
    for (text, column) in [("null\n", 1), ("~\n", 1), ("--- null\n", 5), ("!!null\n", 1)] {
        let findings = check_bytes(text.as_bytes());
        assert_eq!(located(&findings), [("schema", 1, column)], "{text:?}");
        assert!(findings[0].message.contains("null") || findings[0].message.contains("empty"), "{text:?}");
    }
    assert!(check_bytes(b"null\n")[0].message.starts_with("the document is null"));
    // An empty document between markers is a null node, found where it ends.
    let empty = check_bytes(b"---\n...\n");
    assert_eq!(located(&empty), [("schema", 2, 1)]);
    assert!(empty[0].message.starts_with("the document is null"), "{}", empty[0].message);
    assert!(check_bytes(b"")[0].message.starts_with("the file is empty"));
}

#[test]
fn nul_bytes_are_syntax_errors_at_the_byte() {
    let findings = check_bytes(b"team: t\nperiod: 2026\0-Q3\n");
    assert_eq!(located(&findings), [("yaml-syntax", 2, 13)]);
    assert!(findings[0].message.contains("unprintable"), "{}", findings[0].message);
    assert_eq!(located(&check_bytes(b"\0\0\0\0")), [("yaml-syntax", 1, 1)]);
}

#[test]
fn binary_junk_is_one_syntax_finding() {
    // The start of a PNG: not UTF-8 at the first byte.
    let findings = check_bytes(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\x01\0");
    assert_eq!(located(&findings), [("yaml-syntax", 1, 1)]);
    assert!(findings[0].message.contains("0x89"));
    // Valid UTF-8 full of control characters.
    let findings = check_bytes("\u{1}\u{2}\u{7f}ab\u{1b}[31m".as_bytes());
    assert_eq!(located(&findings), [("yaml-syntax", 1, 1)]);
    assert!(findings[0].message.contains("unprintable character U+0001"), "{}", findings[0].message);
    // Bytes of every value, as a compiled file would hold: found at once, never a panic.
    let junk: Vec<u8> = (0..4096u32).map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8).collect();
    let dir = tree(&[]);
    write(dir.path(), "junk.okr.yaml", &junk);
    let output = finishes(okr_command(dir.path(), &["check", "--format", "json"]));
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    assert_eq!(json_positions(&output).len(), 1);
    assert_eq!(json_positions(&output)[0].0, "yaml-syntax");
}

#[test]
fn control_characters_are_syntax_errors_and_never_reach_the_terminal() {
    // YAML allows only printable characters; saphyr alone would let these
    // through into a title.
    let findings = check_bytes("team: t\nperiod: 2026-Q3\nowner: \"a\u{1b}[2Jb\"\n".as_bytes());
    assert_eq!(located(&findings), [("yaml-syntax", 3, 10)]);
    assert!(findings[0].message.contains("U+001B"), "{}", findings[0].message);
    let findings = check_bytes("team: t\u{7f}\n".as_bytes());
    assert_eq!(located(&findings), [("yaml-syntax", 1, 8)]);
    // Escaped in double quotes, an ESC is a valid value: the human output
    // shows the file without passing any control character on.
    let text = valid_document("t", "2026-Q3", "o").replace("id: first", "id: \"first\\e[2J\\u0007\"");
    let dir = tree(&[("a.okr.yaml", &text)]);
    let output = okr(dir.path(), &["check", "--color", "never"]);
    assert_eq!(output.status.code(), Some(1));
    let shown = stdout(&output);
    assert!(shown.contains("not a valid"), "{shown}");
    assert!(!shown.chars().any(|c| c.is_control() && c != '\n'), "{shown:?}");
}

#[test]
fn negative_and_zero_weights_are_schema_errors_at_the_value() {
    let text = valid_document("t", "2026-Q3", "o")
        .replace("current: 5\n", "current: 5\n        weight: -1\n")
        .replace("target: 4\n", "target: 4\n        weight: 0\n");
    let findings = check_bytes(text.as_bytes());
    assert_eq!(located(&findings), [("schema", 12, 17), ("schema", 17, 17)]);
    assert!(findings.iter().all(|d| d.message.contains("weight")), "{findings:#?}");
}

#[test]
fn complex_keys_are_schema_errors_at_the_key() {
    let text = format!("? [a, b]\n: 1\n{}", valid_document("t", "2026-Q3", "o"));
    let findings = check_bytes(text.as_bytes());
    assert_eq!(located(&findings), [("schema", 1, 3)]);
    assert!(findings[0].message.contains("keys must be plain strings"), "{}", findings[0].message);
    let text =
        valid_document("t", "2026-Q3", "o").replace("      - id: first\n", "      - {x: 1}: y\n        id: first\n");
    let findings = check_bytes(text.as_bytes());
    assert_eq!(located(&findings), [("schema", 7, 9)]);
    assert!(findings[0].message.contains("found a mapping"), "{}", findings[0].message);
}

#[test]
fn fifty_thousand_key_results_in_one_objective_are_one_finding() {
    let mut text =
        String::from("team: t\nperiod: 2026-Q3\nobjectives:\n  - id: o\n    title: Many\n    key_results:\n");
    for i in 0..50_000 {
        text += &format!("      - {{id: k{i}, title: R, done: true}}\n");
    }
    let dir = tree(&[("many.okr.yaml", &text)]);
    let output = bounded(dir.path(), &["check", "--format", "json"]);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    assert_eq!(json_positions(&output), [("kr-count".to_owned(), 6, 5)]);
    let score = bounded(dir.path(), &["score", "--no-check", "--format", "json"]);
    assert_eq!(score.status.code(), Some(0), "{}", stderr(&score));
}

#[test]
fn a_file_far_over_the_default_size_limit_is_read_no_further() {
    // 64 MiB: okr reads 4 MiB and a byte, then stops, within 256 MiB of address space.
    let dir = tree(&[("ok.okr.yaml", &valid_document("t", "2026-Q3", "o"))]);
    let big = std::fs::File::create(dir.path().join("big.okr.yaml")).expect("create");
    big.set_len(64 << 20).expect("a sparse 64 MiB file");
    let output = bounded(dir.path(), &["check", "--format", "json"]);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    assert_eq!(json_positions(&output), [("yaml-syntax".to_owned(), 1, 1)]);
    assert!(stdout(&output).contains("over the size limit of 4194304 bytes"), "{}", stdout(&output));
}

#[cfg(unix)]
#[test]
fn a_named_pipe_is_never_opened() {
    let dir = tree(&[("ok.okr.yaml", &valid_document("t", "2026-Q3", "o"))]);
    let made = Command::new("mkfifo").arg(dir.path().join("pipe.okr.yaml")).status();
    if !made.is_ok_and(|s| s.success()) {
        return; // No mkfifo here: nothing to test.
    }
    // Walking skips it (not a file); named on the command line, it is a
    // finding, where opening it would wait for a writer forever.
    let walked = finishes(okr_command(dir.path(), &["check", "--format", "json"]));
    assert_eq!(walked.status.code(), Some(0), "{}", stderr(&walked));
    let named = finishes(okr_command(dir.path(), &["check", "--format", "json", "pipe.okr.yaml"]));
    assert_eq!(named.status.code(), Some(1), "{}", stderr(&named));
    assert_eq!(json_positions(&named), [("yaml-syntax".to_owned(), 1, 1)]);
    assert!(stdout(&named).contains("not a regular file"), "{}", stdout(&named));
}

/// As root every file is readable, so `bad_input.rs` cannot test an
/// unreadable file; here okr runs as `nobody` through `setpriv` instead.
#[cfg(unix)]
#[test]
fn unreadable_file_as_another_user() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tree(&[("a.okr.yaml", "team: t\n"), ("b.okr.yaml", "team: u\nperiod: 2026-Q3\nobjectives: []\n")]);
    let locked = dir.path().join("a.okr.yaml");
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o000)).expect("chmod");
    if std::fs::read(&locked).is_err() {
        return; // Not root: bad_input::unreadable_file_is_a_finding_that_hides_nothing_else covers it.
    }
    std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o755)).expect("chmod dir");
    std::fs::set_permissions(dir.path().join("b.okr.yaml"), std::fs::Permissions::from_mode(0o644)).expect("chmod");
    let mut command = Command::new("setpriv");
    command
        .args([
            "--reuid=65534",
            "--regid=65534",
            "--clear-groups",
            env!("CARGO_BIN_EXE_okr"),
            "check",
            "--format",
            "json",
        ])
        .current_dir(dir.path());
    let Ok(output) = command.output() else {
        crate::support::skip("`setpriv` is not on PATH; an unreadable file was not checked as another user");
        return;
    };
    if stdout(&output).is_empty() {
        crate::support::skip("setpriv could not switch users here (a container without the capability)");
        return;
    }
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    assert_eq!(
        json_positions(&output),
        [("yaml-syntax".to_owned(), 1, 1), ("schema".to_owned(), 3, 13)],
        "{}",
        stdout(&output)
    );
    assert!(stdout(&output).contains("Permission denied"), "{}", stdout(&output));
}

/// A blob of `size` zero bytes, streamed into the object database: it packs
/// into a few hundred kilobytes, and is never in the test's memory at once.
fn zero_blob(repository: &git2::Repository, size: usize) -> git2::Oid {
    use std::io::Write;
    let odb = repository.odb().expect("object database");
    let mut writer = odb.writer(size, git2::ObjectType::Blob).expect("object writer");
    let chunk = vec![0u8; 1 << 20];
    for _ in 0..size / chunk.len() {
        writer.write_all(&chunk).expect("write");
    }
    writer.write_all(&chunk[..size % chunk.len()]).expect("write");
    writer.finalize().expect("blob")
}

#[test]
fn a_history_blob_over_the_size_limit_is_never_inflated() {
    // A 300 MiB blob named like an OKR file, committed on top of a valid
    // one: diff, report and score --rev used to inflate it before looking
    // at its size, and under a 256 MiB cap failed with "git: Out of memory".
    // Its header says how big it is: it is the same finding as a file on
    // disk over the limit, at no cost.
    let git = GitFixture::new();
    let base =
        git.commit(Change::new("2026-06-30", "Ana").write("okrs/a.okr.yaml", valid_document("a", "2026-Q3", "o")));
    let repository = &git.repository;
    let blob = zero_blob(repository, 300 << 20);
    let parent = repository.find_commit(base).expect("commit");
    let okrs = parent.tree().expect("tree").get_path(Path::new("okrs")).expect("okrs").id();
    let mut directory = repository.treebuilder(Some(&repository.find_tree(okrs).expect("tree"))).expect("builder");
    directory.insert("x.okr.yaml", blob, 0o100_644).expect("insert");
    let mut root = repository.treebuilder(Some(&parent.tree().expect("tree"))).expect("builder");
    root.insert("okrs", directory.write().expect("tree"), 0o040_000).expect("insert");
    let tree = repository.find_tree(root.write().expect("tree")).expect("tree");
    let signature = git2::Signature::new("Eve", "eve@example.com", &noon("2026-07-02")).expect("signature");
    repository.commit(Some("HEAD"), &signature, &signature, "a big blob", &tree, &[&parent]).expect("commit");
    // The work tree keeps the small file only: nothing big on disk.
    std::fs::create_dir_all(git.path().join("okrs")).expect("mkdir");
    write(git.path(), "okrs/a.okr.yaml", valid_document("a", "2026-Q3", "o").as_bytes());
    let finding = "the file is over the size limit of 4194304 bytes";

    let report = bounded(git.path(), &["report", "--period", "2026-Q3", "--no-check", "--format", "json"]);
    assert_eq!(report.status.code(), Some(0), "{}", stderr(&report));
    assert!(
        stderr(&report)
            .contains(&format!("skipped okrs/x.okr.yaml, which does not parse (1:1: {finding} [yaml-syntax])")),
        "{}",
        stderr(&report)
    );

    let diff = bounded(git.path(), &["diff", &base.to_string(), "HEAD", "--format", "json"]);
    assert_eq!(diff.status.code(), Some(0), "{}", stderr(&diff));
    assert!(stdout(&diff).contains(finding), "{}", stdout(&diff));

    let score = bounded(git.path(), &["score", "--rev", "HEAD"]);
    assert_eq!(score.status.code(), Some(1), "{}", stderr(&score));
    assert!(stderr(&score).contains(finding), "{}", stderr(&score));
}
