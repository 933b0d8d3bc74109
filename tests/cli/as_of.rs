//! `okr score --as-of`: a date in the past reads the files of the last
//! first-parent commit dated on or before it, on git histories built in a
//! temp dir with fixed dates (today is passed in with `OKR_TODAY`).

use std::process::Output;

use serde_json::Value;

use crate::git_fixture::{Change, GitFixture};
use crate::support::*;

const FILE: &str = "okrs/web.okr.yaml";
const TODAY: &str = "2026-09-20";

/// The web team's 2026-Q3 file: the first key result at `current` of 100,
/// the second, a milestone, to make two.
fn web(current: u32) -> String {
    format!(
        "version: 1\nteam: web\nperiod: 2026-Q3\nobjectives:\n  - id: fast\n    title: Pages load fast\n    \
         key_results:\n      - id: p75\n        title: The p75 load falls\n        start: 0\n        target: 100\n        \
         current: {current}\n      - id: budget\n        title: A performance budget is set\n        done: false\n"
    )
}

/// Check-ins on 2026-07-01 (10), 2026-08-10 (20) and 2026-09-09 (40); the
/// working tree says 50. The commits, oldest first.
fn history() -> (GitFixture, Vec<String>) {
    let git = GitFixture::new();
    let mut commits = Vec::new();
    for (date, current) in [("2026-07-01", 10), ("2026-08-10", 20), ("2026-09-09", 40)] {
        commits.push(git.commit(Change::new(date, "Ana").write(FILE, web(current))).to_string());
    }
    write(git.path(), FILE, web(50).as_bytes());
    (git, commits)
}

fn score(git: &GitFixture, args: &[&str]) -> Output {
    let mut all = vec!["score"];
    all.extend_from_slice(args);
    okr_on_day(git.path(), TODAY, &all)
}

fn json(git: &GitFixture, args: &[&str]) -> Value {
    let mut all = vec!["--format", "json"];
    all.extend_from_slice(args);
    let output = score(git, &all);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    serde_json::from_slice(&output.stdout).expect("JSON on stdout")
}

fn p75(board: &Value) -> f64 {
    board["periods"][0]["teams"][0]["objectives"][0]["key_results"][0]["score"].as_f64().expect("a score")
}

#[test]
fn as_of_a_past_date_shows_the_values_of_that_date_not_later_checkins() {
    let (git, commits) = history();
    let board = json(&git, &["--as-of", "2026-08-15"]);
    assert_eq!(p75(&board), 0.2, "the 2026-08-10 check-in, not the one of 2026-09-09: {board:#}");
    assert_eq!(board["as_of"], "2026-08-15");
    assert_eq!(board["rev"], commits[1].as_str());
    // A commit dated on the as-of day counts.
    let board = json(&git, &["--as-of", "2026-09-09"]);
    assert_eq!((p75(&board), &board["rev"]), (0.4, &Value::from(commits[2].as_str())));
}

#[test]
fn as_of_names_the_commit_read_in_the_header() {
    let (git, commits) = history();
    let table = score(&git, &["--as-of", "2026-08-15", "--color", "never"]);
    let expected = format!("As of 2026-08-15: the files of commit {} (committed 2026-08-10).", &commits[1][..12]);
    assert!(stdout(&table).contains(&expected), "{}", stdout(&table));
    let markdown = stdout(&score(&git, &["--as-of", "2026-08-15", "--format", "markdown"]));
    let expected = format!("The files of commit `{}`, committed 2026-08-10.", &commits[1][..12]);
    assert!(markdown.contains(&expected), "{markdown}");
}

#[test]
fn as_of_today_or_later_reads_the_working_tree() {
    let (git, _) = history();
    for date in [TODAY, "2026-12-31"] {
        let board = json(&git, &["--as-of", date]);
        assert_eq!((p75(&board), &board["rev"]), (0.5, &Value::Null), "{date}: {board:#}");
    }
    let board = json(&git, &[]);
    assert_eq!((p75(&board), &board["as_of"], &board["rev"]), (0.5, &Value::from(TODAY), &Value::Null));
    let table = stdout(&score(&git, &["--color", "never"]));
    assert!(table.contains("As of 2026-09-20.\n"), "{table}");
}

#[test]
fn with_rev_the_revision_wins_and_as_of_sets_only_the_pace_date() {
    let (git, commits) = history();
    let board = json(&git, &["--rev", &commits[0], "--as-of", "2026-08-15"]);
    assert_eq!((p75(&board), &board["rev"]), (0.1, &Value::from(commits[0].as_str())), "{board:#}");
    assert_eq!(board["as_of"], "2026-08-15");
    let objective = &board["periods"][0]["teams"][0]["objectives"][0];
    // Day 46 of 92: expected 0.5 × 0.7.
    assert_eq!(objective["expected"], 0.35, "{objective:#}");
    let board = json(&git, &["--rev", "HEAD"]);
    assert_eq!((p75(&board), &board["rev"]), (0.4, &Value::from(commits[2].as_str())));
}

#[test]
fn as_of_before_the_first_commit_exits_2_saying_so() {
    let (git, _) = history();
    let output = score(&git, &["--as-of", "2026-06-30"]);
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    let message = stderr(&output);
    assert!(message.contains("no commit of HEAD's first-parent history is dated on or before 2026-06-30"), "{message}");
    assert!(message.contains("the oldest is of 2026-07-01"), "{message}");
    assert!(output.stdout.is_empty());
}

#[test]
fn an_as_of_that_does_not_parse_says_the_expected_format() {
    let (git, _) = history();
    for bad in ["2026-8-1x", "15/08/2026", "2026-13-01"] {
        let output = score(&git, &["--as-of", bad]);
        assert_eq!(output.status.code(), Some(2), "{bad}: {}", stderr(&output));
        assert!(stderr(&output).contains("write it as YYYY-MM-DD"), "{bad}: {}", stderr(&output));
    }
}

#[test]
fn as_of_follows_the_first_parent_and_dates_that_go_back() {
    let git = GitFixture::new();
    let first = git.commit(Change::new("2026-07-01", "Ana").write(FILE, web(10)));
    // Rebased work lands later in the chain with an earlier committer date:
    // walking back from HEAD, the first commit dated on or before the day wins.
    git.commit(Change::new("2026-08-20", "Ana").write(FILE, web(30)));
    let late = git.commit(Change::new("2026-08-12", "Ana").write(FILE, web(25)));
    // A side branch merged in: its commit is not on the first-parent chain.
    let side = git.commit_on(&[first], None, Change::new("2026-09-01", "Bo").write(FILE, web(90)));
    git.commit_on(&[late, side], Some("HEAD"), Change::new("2026-09-10", "Ana").write(FILE, web(60)));
    let board = json(&git, &["--as-of", "2026-08-15"]);
    assert_eq!((p75(&board), &board["rev"]), (0.25, &Value::from(late.to_string())), "{board:#}");
    let board = json(&git, &["--as-of", "2026-09-05"]);
    assert_eq!(p75(&board), 0.25, "the merged branch's 2026-09-01 commit is not read: {board:#}");
}

#[test]
fn outside_git_as_of_only_sets_the_pace_date() {
    let dir = tree(&[(FILE, &web(50))]);
    let output = okr_on_day(dir.path(), TODAY, &["score", "--format", "json", "--as-of", "2026-08-15"]);
    let board: Value = serde_json::from_slice(&output.stdout).expect("JSON");
    assert_eq!((p75(&board), &board["rev"]), (0.5, &Value::Null), "{board:#}");
}

#[test]
fn as_of_in_the_past_on_a_branch_without_commits_exits_2_saying_so() {
    let git = GitFixture::new();
    write(git.path(), FILE, web(50).as_bytes());
    let output = score(&git, &["--as-of", "2026-08-15"]);
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    assert!(stderr(&output).contains("dated on or before 2026-08-15 (committer date, UTC): there is no commit yet"));
    // Today reads the files on disk.
    assert_eq!(p75(&json(&git, &["--as-of", TODAY])), 0.5);
}

#[test]
fn as_of_past_the_edge_of_a_shallow_clone_says_to_fetch_the_history() {
    let (git, commits) = history();
    // A clone of depth 2: the 2026-08-10 commit's parent is missing.
    std::fs::write(git.path().join(".git/shallow"), format!("{}\n", commits[1])).expect(".git/shallow");
    assert_eq!(p75(&json(&git, &["--as-of", "2026-08-15"])), 0.2);
    let output = score(&git, &["--as-of", "2026-07-15"]);
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    let message = stderr(&output);
    assert!(message.contains("the oldest is of 2026-08-10, and this is a shallow clone"), "{message}");
    assert!(message.contains("git fetch --unshallow"), "{message}");
}
