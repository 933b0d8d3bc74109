//! Writes that cannot lose data: a check-in killed at any point leaves the old
//! file or the new one, byte for byte, never a mix; check-ins on one file at
//! once never lose an update (a lock file, and a compare before the rename).

use std::path::Path;
use std::process::Stdio;

use crate::support::*;

const FILE: &str = "t.okr.yaml";

fn before() -> String {
    valid_document("t", "2026-Q3", "o")
}

fn after() -> String {
    before().replace("current: 5", "current: 7")
}

fn read(dir: &Path) -> String {
    std::fs::read_to_string(dir.join(FILE)).expect("the file is there")
}

/// `okr checkin t/o/first 7`, aborted at `point` by the debug-build test hook.
fn crash_at(dir: &Path, point: &str) -> std::process::Output {
    let mut command = okr_command(dir, &["checkin", "t/o/first@2026-Q3", "7"]);
    command.env("OKR_TEST_CRASH_AT", point);
    finishes(command)
}

#[test]
fn killed_after_writing_the_temporary_file_leaves_the_old_file() {
    if !cfg!(debug_assertions) {
        return; // The hook exists in debug builds only.
    }
    let dir = tree(&[(FILE, &before())]);
    let output = crash_at(dir.path(), "temp-written");
    assert_eq!(output.status.code(), None, "killed by a signal: {}", stderr(&output));
    assert_eq!(read(dir.path()), before(), "the old file, byte for byte");

    // What the crash left (a temporary file, the lock) is hidden: `check`
    // reads only the one file.
    let check = okr(dir.path(), &["check"]);
    assert_eq!(check.status.code(), Some(0), "{}", stdout(&check));
    assert!(stdout(&check).contains("Checked 1 file"), "{}", stdout(&check));

    // The next check-in names the lock left behind and writes nothing.
    let refused = okr(dir.path(), &["checkin", "t/o/first@2026-Q3", "8"]);
    assert_eq!(refused.status.code(), Some(2));
    let message = stderr(&refused);
    assert!(message.contains("another okr") && message.contains(".t.okr.yaml.okr-lock"), "{message}");
    assert!(message.contains("delete"), "{message}");
    assert_eq!(read(dir.path()), before());

    // Once it is deleted, check-ins work again.
    std::fs::remove_file(dir.path().join(".t.okr.yaml.okr-lock")).expect("remove the lock");
    let output = okr(dir.path(), &["checkin", "t/o/first@2026-Q3", "7"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(read(dir.path()), after());
}

#[test]
fn killed_after_the_rename_leaves_the_new_file() {
    if !cfg!(debug_assertions) {
        return;
    }
    let dir = tree(&[(FILE, &before())]);
    let output = crash_at(dir.path(), "renamed");
    assert_eq!(output.status.code(), None, "killed by a signal: {}", stderr(&output));
    assert_eq!(read(dir.path()), after(), "the new file, byte for byte");
}

#[test]
fn killed_at_any_moment_leaves_the_old_or_the_new_file() {
    // SIGKILL after 0, 1, 2, … milliseconds: wherever the process is then
    // (starting, reading, writing the temporary file, renaming, done), the
    // file holds one version or the other. The assertion does not depend on
    // timing; the spread of delays only makes many moments likely.
    let (mut old, mut new) = (0, 0);
    for delay in 0..24u64 {
        let dir = tree(&[(FILE, &before())]);
        let mut child = okr_command(dir.path(), &["checkin", "t/o/first@2026-Q3", "7"])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start okr");
        std::thread::sleep(std::time::Duration::from_millis(delay));
        let _ = child.kill();
        child.wait().expect("reaped");
        let now = read(dir.path());
        assert!(now == before() || now == after(), "after {delay} ms: a mix:\n{now}");
        if now == before() {
            old += 1;
        } else {
            new += 1;
        }
    }
    assert_eq!(old + new, 24);
}

/// A file of two objectives of four key results each, all at 0 of 100.
fn eight_key_results() -> String {
    let mut text = String::from("team: t\nperiod: 2026-Q3\nobjectives:\n");
    for o in 0..2 {
        text += &format!("  - id: o{o}\n    title: Objective {}\n    key_results:\n", ["one", "two"][o]);
        for k in 0..4 {
            text += &format!("      - id: k{k}\n        title: Result {k}\n        start: 0\n        target: 100\n        current: 0\n");
        }
    }
    text
}

#[test]
fn concurrent_checkins_never_lose_an_update() {
    for round in 0..3 {
        let dir = tree(&[(FILE, &eight_key_results())]);
        let children: Vec<_> = (0..8)
            .map(|i| {
                let reference = format!("t/o{}/k{}@2026-Q3", i / 4, i % 4);
                let value = (10 + i).to_string();
                okr_command(dir.path(), &["checkin", &reference, &value])
                    .stdout(Stdio::null())
                    .stderr(Stdio::piped())
                    .spawn()
                    .expect("start okr")
            })
            .collect();
        let outputs: Vec<_> = children.into_iter().map(|c| c.wait_with_output().expect("finished")).collect();
        let written = okr::load::yaml::parse(&read(dir.path())).expect("the file is whole");
        let mut succeeded = 0;
        for (i, output) in outputs.iter().enumerate() {
            let kr = &written.get("objectives").unwrap().items()[i / 4].get("key_results").unwrap().items()[i % 4];
            let current = kr.get("current").and_then(|n| n.as_number());
            if output.status.success() {
                succeeded += 1;
                assert_eq!(current, Some((10 + i) as f64), "round {round}: check-in {i} succeeded and was lost");
            } else {
                let message = String::from_utf8_lossy(&output.stderr);
                assert_eq!(output.status.code(), Some(2), "round {round}: {message}");
                assert!(
                    message.contains("another okr") || message.contains("changed"),
                    "round {round}: a clear refusal: {message}"
                );
                assert_eq!(current, Some(0.0), "round {round}: check-in {i} failed yet wrote");
            }
        }
        assert!(succeeded >= 1, "round {round}: at least one check-in gets through");
        let check = okr(dir.path(), &["check"]);
        assert_eq!(check.status.code(), Some(0), "{}", stdout(&check));
        let left: Vec<_> = std::fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
        assert_eq!(left.len(), 1, "round {round}: no lock or temporary file left: {left:?}");
    }
}

#[test]
fn a_change_made_by_something_else_during_the_checkin_is_not_overwritten() {
    // The lock keeps out other okr processes; an editor does not take it.
    // okr compares the file on disk with what it loaded, under the lock, and
    // once more just before the rename (that one is a unit test of
    // `edit::atomic`): here the editor saves after okr loaded the workspace.
    let dir = tree(&[(FILE, &before())]);
    let workspace = okr::load::workspace(&[], dir.path(), dir.path(), &Default::default()).expect("load");
    let edited_by_hand = before().replace("title: Second result moves", "title: Second result moves up");
    std::fs::write(dir.path().join(FILE), &edited_by_hand).expect("the editor saves");
    let request = okr::edit::checkin::Request { value: "7".into(), ..Default::default() };
    let item = okr::edit::record::Item { reference: "t/o/first".into(), request };
    let today = chrono::NaiveDate::from_ymd_opt(2026, 8, 15).expect("a date");
    let now = okr::edit::record::Now { today, fiscal_start_month: 1, grace_days: 14 };
    let refused =
        okr::edit::record::run(dir.path(), workspace, &Default::default(), &now, &[item], &Default::default())
            .unwrap_err();
    assert!(refused.to_string().contains("changed"), "{refused}");
    assert_eq!(read(dir.path()), edited_by_hand, "the editor's change is kept");
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1, "no lock or temporary file left");
}

/// The lock's name is in the repository: anyone can commit something there.
/// A link to `/dev/zero` used to be read to the end (memory without bound),
/// a named pipe waited for a writer forever. Both are refused at once,
/// naming the lock and what to do, under a 256 MiB and 60 s bound.
#[cfg(unix)]
#[test]
fn a_lock_linked_to_dev_zero_or_a_named_pipe_is_refused_without_reading_it() {
    let dir = tree(&[(FILE, &before())]);
    let lock = dir.path().join(".t.okr.yaml.okr-lock");
    std::os::unix::fs::symlink("/dev/zero", &lock).expect("symlink");
    let output = crate::support::bounded(dir.path(), &["checkin", "t/o/first@2026-Q3", "7"]);
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    let message = stderr(&output);
    assert!(message.contains(".t.okr.yaml.okr-lock is a symbolic link, not a lock file okr made"), "{message}");
    assert!(message.contains("delete it and run the command again"), "{message}");
    assert_eq!(read(dir.path()), before());
    assert!(std::fs::symlink_metadata(&lock).expect("still there").file_type().is_symlink(), "the link is left alone");

    std::fs::remove_file(&lock).expect("remove the link");
    let made = std::process::Command::new("mkfifo").arg(&lock).status();
    assert!(made.is_ok_and(|s| s.success()), "mkfifo (coreutils) makes the named pipe");
    let output = crate::support::bounded(dir.path(), &["checkin", "t/o/first@2026-Q3", "7"]);
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    assert!(stderr(&output).contains(".t.okr.yaml.okr-lock is not a regular file"), "{}", stderr(&output));
    assert_eq!(read(dir.path()), before());

    std::fs::remove_file(&lock).expect("remove the pipe");
    let output = okr(dir.path(), &["checkin", "t/o/first@2026-Q3", "7"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(read(dir.path()), after());
}

/// A lock file okr did not write (or a huge one) is read a few bytes at most:
/// the message still names it.
#[cfg(unix)]
#[test]
fn a_huge_lock_file_is_read_a_few_bytes_at_most() {
    let dir = tree(&[(FILE, &before())]);
    let lock = dir.path().join(".t.okr.yaml.okr-lock");
    let file = std::fs::File::create(&lock).expect("create");
    file.set_len(4 << 30).expect("a sparse 4 GiB file");
    let output = crate::support::bounded(dir.path(), &["checkin", "t/o/first@2026-Q3", "7"]);
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    assert!(stderr(&output).contains("is being changed by another okr"), "{}", stderr(&output));
    assert_eq!(read(dir.path()), before());
}
