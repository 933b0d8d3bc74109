//! `okr checkin`: golden edits with byte-exact expected files, every
//! refusal leaving the file byte-identical, and `--commit`.

use std::path::Path;

use crate::support::*;

/// The day every check-in here runs on: a REF without @period names the
/// period that contains today, so no test reads the clock.
pub const TODAY: &str = "2026-08-15";

/// `okr ARGS` in `dir` on `TODAY` (this module's `okr` hides the shared one,
/// which leaves today to the clock).
fn okr(dir: &Path, args: &[&str]) -> std::process::Output {
    okr_on(dir, TODAY, args)
}

/// `okr ARGS` in `dir` on `today`.
pub fn okr_on(dir: &Path, today: &str, args: &[&str]) -> std::process::Output {
    okr_command(dir, args).env("OKR_TODAY", today).output().expect("run okr")
}

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
fn the_period_that_contains_today_is_the_default() {
    let dir = tree(&[
        ("q3.okr.yaml", &valid_document("t", "2026-Q3", "o")),
        ("q4.okr.yaml", &valid_document("t", "2026-Q4", "o")),
    ]);
    let output = okr(dir.path(), &["checkin", "t/o/first", "7"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(stdout(&output).starts_with("t/o/first@2026-Q3\n"));
    assert_eq!(std::fs::read_to_string(dir.path().join("q4.okr.yaml")).unwrap(), valid_document("t", "2026-Q4", "o"));
    let output = okr(dir.path(), &["checkin", "t/o/first@2026-Q4", "6"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(std::fs::read_to_string(dir.path().join("q4.okr.yaml")).unwrap().contains("current: 6\n"));
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
    refused(dir.path(), &["t/o", "3"], "no health metric `t/o`");
    refused(dir.path(), &["t", "3"], "is not a reference: write team/objective/key-result");
    refused(dir.path(), &["t/o/first", "true"], "VALUE is a number, not `true`");
    refused(dir.path(), &["t/o/first", "lots"], "VALUE is a number");
    refused(dir.path(), &["t/o/second", "3"], "is a milestone: VALUE is `true` or `false`");
    refused(dir.path(), &["t/o/second", "yes"], "is a milestone");
    refused(dir.path(), &["t/o/first", "3", "--confidence", "1.5"], "--confidence is a number from 0 to 1");
    refused(dir.path(), &["t/o/first", "3", "--confidence", "-0.1"], "--confidence");
}

#[test]
fn an_ambiguous_ref_lists_the_candidates() {
    // Written twice in one period (a duplicate-id finding).
    let twice = tree(&[
        ("a.okr.yaml", &valid_document("t", "2026-Q3", "o")),
        ("b.okr.yaml", &valid_document("t", "2026-Q3", "o")),
    ]);
    refused(
        twice.path(),
        &["t/o/first", "3"],
        "is ambiguous; it could be any of:\n  t/o/first@2026-Q3 (a.okr.yaml:7)\n  t/o/first@2026-Q3 (b.okr.yaml:7)",
    );
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
        .env_remove("GITHUB_ACTIONS")
        .env("OKR_TODAY", TODAY);
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

/// `doc` with a `health:` list of one metric `up` (at least 99, `current` if given).
fn with_uptime(doc: &str, current: Option<&str>) -> String {
    let current = current.map_or_else(String::new, |c| format!("    current: {c}\n"));
    format!("{doc}health:\n  - id: up\n    title: Uptime\n    at_least: 99   # percent\n{current}")
}

fn read(dir: &Path, file: &str) -> String {
    std::fs::read_to_string(dir.join(file)).unwrap()
}

/// After `okr carry --from 2026-Q3 --to 2026-Q4` (planning early, as teams
/// do), a check-in without @period during Q3 used to write into the Q4 file:
/// "the latest period that has it" instead of the period that contains today.
#[test]
fn after_carry_a_checkin_during_the_quarter_used_to_write_into_the_next_one() {
    let q3 = valid_document("t", "2026-Q3", "o").replace("current: 5", "current: 2");
    let dir = tree(&[("okrs/2026-Q3/t.okr.yaml", &q3)]);
    let carry = okr_on(dir.path(), "2026-09-10", &["carry", "--from", "2026-Q3", "--to", "2026-Q4"]);
    assert_eq!(carry.status.code(), Some(0), "{}", stderr(&carry));
    let q4 = read(dir.path(), "okrs/2026-Q4/t.okr.yaml");
    assert!(q4.contains("first"), "first is carried: {q4}");
    let output = okr_on(dir.path(), "2026-09-10", &["checkin", "t/o/first", "3"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(stdout(&output).starts_with("t/o/first@2026-Q3\n"), "{}", stdout(&output));
    assert_eq!(read(dir.path(), "okrs/2026-Q3/t.okr.yaml"), q3.replace("current: 2", "current: 3"));
    assert_eq!(read(dir.path(), "okrs/2026-Q4/t.okr.yaml"), q4, "the next quarter is untouched");
    // Once Q4 has begun, the same REF is Q4's, though Q3 is still in its grace days.
    let output = okr_on(dir.path(), "2026-10-02", &["checkin", "t/o/first", "4"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(stdout(&output).starts_with("t/o/first@2026-Q4\n"), "{}", stdout(&output));
    assert_eq!(read(dir.path(), "okrs/2026-Q3/t.okr.yaml"), q3.replace("current: 2", "current: 3"));
}

#[test]
fn the_grace_days_after_a_period_accept_a_key_result_only_it_has() {
    let q3 = valid_document("t", "2026-Q3", "o");
    let dir = tree(&[("q3.okr.yaml", &q3)]);
    // Q3 ends on 2026-09-30; 14 grace days by default, up to 2026-10-14.
    let output = okr_on(dir.path(), "2026-10-14", &["checkin", "t/o/first", "6"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(read(dir.path(), "q3.okr.yaml"), q3.replace("current: 5", "current: 6"));
    let late = okr_on(dir.path(), "2026-10-15", &["checkin", "t/o/first", "7"]);
    assert_eq!(late.status.code(), Some(2));
    assert_eq!(
        stderr(&late),
        "okr: error: `t/o/first` is in no period that contains today (2026-10-15); it is in periods that \
         ended more than 14 grace days ago:\n  t/o/first@2026-Q3 (q3.okr.yaml:7)\n\
         add @period (or --period) to check in to one of them\n"
    );
    assert_eq!(read(dir.path(), "q3.okr.yaml"), q3.replace("current: 5", "current: 6"), "nothing written");
    // `report.grace_days` sets the window; @period always reaches an ended period.
    write(dir.path(), "okr.toml", b"[report]\ngrace_days = 30\n");
    let output = okr_on(dir.path(), "2026-10-15", &["checkin", "t/o/first", "7"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    write(dir.path(), "okr.toml", b"[report]\ngrace_days = 0\n");
    let output = okr_on(dir.path(), "2027-03-01", &["checkin", "t/o/first@2026-Q3", "8"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(read(dir.path(), "q3.okr.yaml"), q3.replace("current: 5", "current: 8"));
}

#[test]
fn a_key_result_only_in_future_periods_is_refused_listing_them() {
    let dir = tree(&[
        ("q4.okr.yaml", &valid_document("t", "2026-Q4", "o")),
        ("h1.okr.yaml", &valid_document("t", "2027-H1", "o")),
    ]);
    refused(
        dir.path(),
        &["t/o/first", "3"],
        "`t/o/first` is in no period that contains today (2026-08-15); it is only in periods that have not \
         started yet:\n  t/o/first@2026-Q4 (q4.okr.yaml:7)\n  t/o/first@2027-H1 (h1.okr.yaml:7)\nadd @period",
    );
    refused(dir.path(), &["t/o/first=3", "t/o/second=1"], "periods that have not started yet");
    // Named, a future period is accepted: with @period or --period.
    let output = okr(dir.path(), &["checkin", "t/o/first", "3", "--period", "2026-Q4"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(read(dir.path(), "q4.okr.yaml").contains("current: 3\n"));
    let output = okr(dir.path(), &["checkin", "t/o/first@2027-H1", "2"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(read(dir.path(), "h1.okr.yaml").contains("current: 2\n"));
    refused(dir.path(), &["t/o/first@2026-Q4", "3", "--period", "2027-H1"], "another period than --period 2027-H1");
    refused(dir.path(), &["t/o/first", "3", "--period", "2026-Q5"], "--period `2026-Q5` is not a period");
}

#[test]
fn the_smallest_period_that_contains_today_wins() {
    let dir = tree(&[
        ("year.okr.yaml", &valid_document("t", "2026", "o")),
        ("half.okr.yaml", &valid_document("t", "2026-H2", "o")),
        ("q3.okr.yaml", &valid_document("t", "2026-Q3", "o")),
    ]);
    let output = okr(dir.path(), &["checkin", "t/o/first", "6"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(read(dir.path(), "q3.okr.yaml").contains("current: 6\n"));
    std::fs::remove_file(dir.path().join("q3.okr.yaml")).unwrap();
    let output = okr(dir.path(), &["checkin", "t/o/first", "7"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(read(dir.path(), "half.okr.yaml").contains("current: 7\n"));
    assert_eq!(read(dir.path(), "year.okr.yaml"), valid_document("t", "2026", "o"));
}

#[test]
fn a_health_metric_is_checked_in_by_its_two_part_ref() {
    let before = with_uptime(&valid_document("t", "2026-Q3", "o"), Some("98.5  # last week"));
    let dir = tree(&[("t.okr.yaml", &before)]);
    let output = okr(dir.path(), &["checkin", "t/up", "99.7"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(
        stdout(&output),
        "t/up@2026-Q3\n  current: 98.5 → 99.7\n  status: breached → healthy\nwrote t.okr.yaml\n"
    );
    assert_eq!(read(dir.path(), "t.okr.yaml"), before.replace("current: 98.5", "current: 99.7"), "only the value");
    // No `current` yet: the key is added, in the metric's indentation.
    let without = with_uptime(&valid_document("t", "2026-Q3", "o"), None);
    write(dir.path(), "t.okr.yaml", without.as_bytes());
    let output = okr(dir.path(), &["checkin", "t/up@2026-Q3", "99"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(read(dir.path(), "t.okr.yaml"), format!("{without}    current: 99\n"));
    assert_eq!(okr(dir.path(), &["check"]).status.code(), Some(0));
    refused(dir.path(), &["t/up", "high"], "`up` is a health metric: VALUE is a number, not `high`");
    refused(dir.path(), &["t/up", "99", "--note", "fine"], "`up` is a health metric: it has no confidence or note");
    refused(
        dir.path(),
        &["t/down", "1"],
        "no health metric `t/down` in the OKR files found; the team's health metrics are:\n  t/up@2026-Q3 (t.okr.yaml:",
    );
    refused(dir.path(), &["u/up", "1"], "the team has no health metrics; a key result's reference has three parts");
}

#[test]
fn a_ref_that_matches_several_health_metrics_is_refused_listing_them() {
    let dir = tree(&[
        ("year.okr.yaml", &with_uptime(&valid_document("t", "2026", "y"), None)),
        ("q3.okr.yaml", &with_uptime(&valid_document("t", "2026-Q3", "o"), None)),
    ]);
    refused(
        dir.path(),
        &["t/up", "99.5"],
        "`t/up` is ambiguous; it could be any of:\n  t/up@2026 (year.okr.yaml:17)\n  t/up@2026-Q3 (q3.okr.yaml:17)\nadd @period",
    );
    let output = okr(dir.path(), &["checkin", "t/up@2026", "99.5"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(read(dir.path(), "year.okr.yaml").ends_with("    current: 99.5\n"));
    assert!(!read(dir.path(), "q3.okr.yaml").contains("current: 99"));
}

#[test]
fn several_checkins_are_written_together_one_write_per_file() {
    let t = with_uptime(&valid_document("t", "2026-Q3", "o"), None);
    let u = valid_document("u", "2026-Q3", "o");
    let dir = tree(&[("t.okr.yaml", &t), ("u.okr.yaml", &u)]);
    let output = okr(dir.path(), &["checkin", "t/o/first=7", "u/o/second=2", "t/o/second=1", "t/up=99.9"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(
        stdout(&output),
        "t/o/first@2026-Q3\n  current: 5 → 7\n  score: 0.50 → 0.70\nt/o@2026-Q3: score 0.25 → 0.35\n\
         u/o/second@2026-Q3\n  current: 0 → 2\n  score: 0.00 → 0.50\nu/o@2026-Q3: score 0.25 → 0.50\n\
         t/o/second@2026-Q3\n  current: 0 → 1\n  score: 0.00 → 0.25\nt/o@2026-Q3: score 0.35 → 0.47\n\
         t/up@2026-Q3\n  current: (none) → 99.9\n  status: unknown → healthy\n\
         wrote t.okr.yaml\nwrote u.okr.yaml\n"
    );
    let second = "        target: 4\n";
    assert_eq!(
        read(dir.path(), "t.okr.yaml"),
        format!("{t}    current: 99.9\n")
            .replace("current: 5", "current: 7")
            .replace(second, &format!("{second}        current: 1\n"))
    );
    assert_eq!(read(dir.path(), "u.okr.yaml"), u.replace(second, &format!("{second}        current: 2\n")));
}

#[test]
fn several_checkins_are_all_or_nothing() {
    let dir = tree(&[
        ("t.okr.yaml", &with_uptime(&valid_document("t", "2026-Q3", "o"), None)),
        ("u.okr.yaml", &valid_document("u", "2026-Q3", "o")),
    ]);
    // A bad value, an unknown ref, a ref named twice: found before anything is written.
    refused(dir.path(), &["t/o/first=7", "u/o/second=lots"], "VALUE is a number, not `lots`");
    refused(dir.path(), &["t/o/first=7", "u/o/nope=1"], "no key result `u/o/nope`");
    refused(dir.path(), &["t/o/first=7", "t/o/first@2026-Q3=8"], "t/o/first@2026-Q3 is named more than once");
    refused(dir.path(), &["t/up=99", "u/o/first=1", "t/o/second=true"], "VALUE is a number, not `true`");
    // The two-argument form's options do not go with several.
    refused(dir.path(), &["t/o/first=7", "u/o/first=1", "--note", "n"], "--confidence and --note go with one check-in");
    refused(dir.path(), &["t/o/first=7", "--confidence", "0.5"], "--confidence and --note go with one check-in");
    refused(dir.path(), &["t/o/first=7", "u/o/first"], "`u/o/first` is not REF=VALUE");
}

#[test]
fn quiet_silences_the_summary() {
    let dir = tree(&[("t.okr.yaml", &valid_document("t", "2026-Q3", "o"))]);
    let output = okr(dir.path(), &["checkin", "-q", "t/o/first", "7"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!((stdout(&output).as_str(), stderr(&output).as_str()), ("", ""));
    assert!(read(dir.path(), "t.okr.yaml").contains("current: 7\n"));
    let output = okr(dir.path(), &["checkin", "t/o/first=8", "t/o/second=1", "--quiet"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(stdout(&output), "");
    assert!(read(dir.path(), "t.okr.yaml").contains("current: 8\n"));
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
