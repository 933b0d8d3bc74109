//! `okr checkin`: golden edits with byte-exact expected files, every
//! refusal leaving the file byte-identical, and `--commit`.

use std::path::Path;

use crate::support::*;

/// Run each `tests/fixtures/checkin/<case>`: `before.okr.yaml` copied into a
/// temp dir, `okr checkin ARGS` (one per line of `args`), then the file must
/// equal `after.okr.yaml` byte for byte.
#[test]
fn golden_edits() {
    let root = fixtures().join("checkin");
    let mut cases: Vec<_> =
        std::fs::read_dir(&root).unwrap().map(|e| e.unwrap().path()).filter(|p| p.is_dir()).collect();
    cases.sort();
    assert!(cases.len() >= 12, "the golden cases are all there");
    for case in cases {
        let name = case.file_name().unwrap().to_string_lossy().into_owned();
        let before = std::fs::read(case.join("before.okr.yaml")).unwrap();
        let after = std::fs::read(case.join("after.okr.yaml")).unwrap();
        let args = std::fs::read_to_string(case.join("args")).unwrap();
        let mut all = vec!["checkin"];
        all.extend(args.lines());
        let dir = tempfile::tempdir().unwrap();
        write(dir.path(), "t.okr.yaml", &before);
        let output = okr(dir.path(), &all);
        assert_eq!(output.status.code(), Some(0), "{name}: {}", stderr(&output));
        let written = std::fs::read(dir.path().join("t.okr.yaml")).unwrap();
        assert!(
            written == after,
            "{name}: expected\n{}\ngot\n{}",
            String::from_utf8_lossy(&after),
            String::from_utf8_lossy(&written)
        );
        let check = okr(dir.path(), &["check"]);
        assert_eq!(check.status.code(), Some(0), "{name}: the result passes check: {}", stdout(&check));
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1, "{name}: no temporary file left");
    }
}

#[test]
fn prints_old_and_new_values_and_scores() {
    let dir = tree(&[("t.okr.yaml", &valid_document("t", "2026-Q3", "o"))]);
    let output = okr(dir.path(), &["checkin", "t/o/second", "2", "--confidence", "0.5"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(
        stdout(&output),
        "t/o/second@2026-Q3\n  current: 0 → 2\n  confidence: (none) → 0.5\n  score: 0.00 → 0.50\nt/o@2026-Q3: score 0.25 → 0.50\nwrote t.okr.yaml\n"
    );
}

#[test]
fn the_latest_period_is_the_default() {
    let dir = tree(&[
        ("q3.okr.yaml", &valid_document("t", "2026-Q3", "o")),
        ("q4.okr.yaml", &valid_document("t", "2026-Q4", "o")),
    ]);
    let output = okr(dir.path(), &["checkin", "t/o/first", "7"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(stdout(&output).starts_with("t/o/first@2026-Q4\n"));
    assert_eq!(std::fs::read_to_string(dir.path().join("q3.okr.yaml")).unwrap(), valid_document("t", "2026-Q3", "o"));
    let output = okr(dir.path(), &["checkin", "t/o/first@2026-Q3", "6"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(std::fs::read_to_string(dir.path().join("q3.okr.yaml")).unwrap().contains("current: 6\n"));
}

/// Run `okr checkin ARGS` in `dir` and assert that it exits 2, says
/// `expected`, and leaves every file byte-identical.
fn refused(dir: &Path, args: &[&str], expected: &str) {
    let files = snapshot(dir);
    let mut all = vec!["checkin"];
    all.extend_from_slice(args);
    let output = okr(dir, &all);
    assert_eq!(output.status.code(), Some(2), "{args:?}: {}", stdout(&output));
    let message = stderr(&output);
    assert!(message.contains(expected), "{args:?}: {message}");
    assert_eq!(snapshot(dir), files, "{args:?} left the files as they were");
}

/// Every file under `dir` (but `.git`), with its bytes.
fn snapshot(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut files = Vec::new();
    let mut stack = vec![dir.to_owned()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).unwrap() {
            let path = entry.unwrap().path();
            if path.file_name().unwrap() == ".git" {
                continue;
            }
            if path.is_dir() {
                stack.push(path);
            } else {
                files.push((path.display().to_string(), std::fs::read(&path).unwrap()));
            }
        }
    }
    files.sort();
    files
}

#[test]
fn refusals_leave_the_file_byte_identical() {
    let milestone =
        valid_document("t", "2026-Q3", "o").replace("        start: 0\n        target: 4\n", "        done: false\n");
    let dir = tree(&[("t.okr.yaml", &milestone)]);
    refused(dir.path(), &["t/o/frist", "3"], "did you mean:\n  t/o/first@2026-Q3 (t.okr.yaml:7)");
    refused(dir.path(), &["t/o/unrelated-name", "3"], "the key results of that objective are:\n  t/o/first@2026-Q3");
    refused(dir.path(), &["t/o/first@2026-Q4", "3"], "no key result `t/o/first@2026-Q4`");
    refused(dir.path(), &["t/o", "3"], "is not a key result reference");
    refused(dir.path(), &["t/o/first", "true"], "VALUE is a number, not `true`");
    refused(dir.path(), &["t/o/first", "lots"], "VALUE is a number");
    refused(dir.path(), &["t/o/second", "3"], "is a milestone: VALUE is `true` or `false`");
    refused(dir.path(), &["t/o/second", "yes"], "is a milestone");
    refused(dir.path(), &["t/o/first", "3", "--confidence", "1.5"], "--confidence is a number from 0 to 1");
    refused(dir.path(), &["t/o/first", "3", "--confidence", "-0.1"], "--confidence");
}

#[test]
fn an_ambiguous_ref_lists_the_candidates() {
    // Written twice in one period (a duplicate-id finding), and in periods
    // that start on the same day.
    let twice = tree(&[
        ("a.okr.yaml", &valid_document("t", "2026-Q3", "o")),
        ("b.okr.yaml", &valid_document("t", "2026-Q3", "o")),
    ]);
    refused(
        twice.path(),
        &["t/o/first", "3"],
        "is ambiguous; it could be any of:\n  t/o/first@2026-Q3 (a.okr.yaml:7)\n  t/o/first@2026-Q3 (b.okr.yaml:7)",
    );
    let same_start = tree(&[
        ("y.okr.yaml", &valid_document("t", "2026", "o")),
        ("q.okr.yaml", &valid_document("t", "2026-Q1", "o")),
    ]);
    refused(same_start.path(), &["t/o/first", "3"], "add @period");
}

#[test]
fn a_file_that_does_not_parse_is_refused() {
    let broken = valid_document("t", "2026-Q3", "o").replace("current: 5", "current: [5");
    let dir = tree(&[("t.okr.yaml", &broken)]);
    refused(dir.path(), &["t/o/first", "3"], "t.okr.yaml could not be read");
}

#[cfg(unix)]
#[test]
fn read_only_files_and_directories_are_refused() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tree(&[("sub/t.okr.yaml", &valid_document("t", "2026-Q3", "o"))]);
    let file = dir.path().join("sub/t.okr.yaml");
    let sub = dir.path().join("sub");
    std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o444)).unwrap();
    refused(dir.path(), &["t/o/first", "3"], "is read-only; nothing written");
    std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o644)).unwrap();
    std::fs::set_permissions(&sub, std::fs::Permissions::from_mode(0o555)).unwrap();
    refused(dir.path(), &["t/o/first", "3"], "is read-only; nothing written");
    std::fs::set_permissions(&sub, std::fs::Permissions::from_mode(0o755)).unwrap();
}

#[cfg(unix)]
#[test]
fn the_mode_is_kept() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tree(&[("t.okr.yaml", &valid_document("t", "2026-Q3", "o"))]);
    let file = dir.path().join("t.okr.yaml");
    std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o600)).unwrap();
    assert_eq!(okr(dir.path(), &["checkin", "t/o/first", "3"]).status.code(), Some(0));
    assert_eq!(std::fs::metadata(&file).unwrap().permissions().mode() & 0o777, 0o600);
}

/// `(uid, gid, mode)` of `path`.
#[cfg(unix)]
fn ownership(path: &Path) -> (u32, u32, u32) {
    use std::os::unix::fs::MetadataExt;
    let metadata = std::fs::metadata(path).unwrap();
    (metadata.uid(), metadata.gid(), metadata.mode() & 0o7777)
}

/// A check-in by root used to leave another user's file owned by root, so
/// that its owner could no longer write it.
#[cfg(unix)]
#[test]
fn a_checkin_by_root_keeps_the_owner_group_and_mode_of_another_users_file() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tree(&[("t.okr.yaml", &valid_document("t", "2026-Q3", "o"))]);
    let file = dir.path().join("t.okr.yaml");
    // Another user than the one running the tests (as root, uid 1000).
    let other = if ownership(&file).0 == 1000 { 2000 } else { 1000 };
    if std::os::unix::fs::chown(&file, Some(other), Some(other)).is_err() {
        return crate::support::skip(&format!("not root: cannot give a file to uid {other}"));
    }
    std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o640)).unwrap();
    let output = okr(dir.path(), &["checkin", "t/o/first", "3"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(stderr(&output), "", "nothing to warn about");
    assert!(std::fs::read_to_string(&file).unwrap().contains("current: 3\n"));
    assert_eq!(ownership(&file), (other, other, 0o640));
}

/// Not root, okr cannot give the rewritten file back to its owner: it keeps
/// the group (the process is in it) and the mode, and says on stderr what
/// changed and how to give it back. Run as uid 1000 through `setpriv`.
#[cfg(unix)]
#[test]
fn a_checkin_by_another_user_keeps_the_group_and_mode_and_says_the_owner_changed() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tree(&[("sub/t.okr.yaml", &valid_document("t", "2026-Q3", "o"))]);
    let (sub, file) = (dir.path().join("sub"), dir.path().join("sub/t.okr.yaml"));
    if std::os::unix::fs::chown(&file, Some(2000), Some(3000)).is_err() {
        return crate::support::skip("not root: cannot give files to other users");
    }
    std::os::unix::fs::chown(&sub, Some(1000), Some(1000)).unwrap();
    std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o755)).unwrap();
    std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o664)).unwrap();
    let mut command = std::process::Command::new("setpriv");
    command
        .args(["--reuid=1000", "--regid=1000", "--groups=3000", env!("CARGO_BIN_EXE_okr"), "checkin", "t/o/first", "3"])
        .current_dir(&sub)
        .env_remove("NO_COLOR")
        .env_remove("GITHUB_ACTIONS");
    let Ok(output) = command.output() else { return crate::support::skip("no setpriv (util-linux) here") };
    if stdout(&output).is_empty() && stderr(&output).contains("setpriv") {
        return crate::support::skip(&format!("setpriv cannot switch users here: {}", stderr(&output)));
    }
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(std::fs::read_to_string(&file).unwrap().contains("current: 3\n"));
    assert_eq!(ownership(&file), (1000, 3000, 0o664), "the group and mode are kept");
    assert_eq!(
        stderr(&output),
        "warning: t.okr.yaml: okr could not keep its owner (uid 2000 → 1000); its group and mode are kept \
         (only root can give a file away). To give it back, as root: chown 2000:3000 t.okr.yaml\n"
    );
}

/// A check-in used to replace one name of a hard-linked file, leaving the
/// other name with the old value. It is refused, with the link count, and
/// both names keep their bytes.
#[cfg(unix)]
#[test]
fn a_checkin_refuses_a_file_with_several_hard_links() {
    let dir = tree(&[("t.okr.yaml", &valid_document("t", "2026-Q3", "o"))]);
    std::fs::hard_link(dir.path().join("t.okr.yaml"), dir.path().join("backup.yaml")).unwrap();
    refused(dir.path(), &["t/o/first", "3"], "t.okr.yaml has 2 hard links");
    refused(dir.path(), &["t/o/first", "3"], "the other name with the old contents; nothing written");
    use std::os::unix::fs::MetadataExt;
    assert_eq!(std::fs::metadata(dir.path().join("backup.yaml")).unwrap().nlink(), 2, "still one file");
}

#[test]
fn a_lowercase_period_in_a_checkin_ref_was_refused() {
    let dir = tree(&[
        ("q3.okr.yaml", &valid_document("t", "2026-Q3", "o")),
        ("q4.okr.yaml", &valid_document("t", "2026-Q4", "o")),
    ]);
    let output = okr(dir.path(), &["checkin", "t/o/first@2026-q3", "6"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(stdout(&output).starts_with("t/o/first@2026-Q3\n"), "{}", stdout(&output));
    assert!(std::fs::read_to_string(dir.path().join("q3.okr.yaml")).unwrap().contains("current: 6\n"));
    assert_eq!(std::fs::read_to_string(dir.path().join("q4.okr.yaml")).unwrap(), valid_document("t", "2026-Q4", "o"));
}
