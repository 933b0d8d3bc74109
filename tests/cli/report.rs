//! `okr report` on git histories built in a temp dir: every definition
//! (window, check-ins, target changes, added, dropped, stale, health), the
//! git edge cases (merges, broken commits, shallow clones, unborn branches,
//! unknown revisions) and every format by snapshot.

use std::process::Output;

use serde_json::Value;

use crate::git_fixture::{Change, GitFixture};
use crate::support::*;

const FILE: &str = "okrs/platform.okr.yaml";

/// The platform team's 2026-Q3 file: an aspirational objective with two
/// progress key results, a committed one with a milestone, and a health metric.
const PLATFORM: &str = "\
version: 1
team: platform
period: 2026-Q3
objectives:
  - id: deploys
    title: Deploys are boring
    key_results:
      - id: lead-time
        title: Lead time falls to four hours
        start: 48
        target: 4
        current: 48
      - id: rollbacks
        title: Rollbacks become rare
        start: 10
        target: 2
  - id: onboarding
    title: New engineers ship in their first week
    kind: committed
    key_results:
      - id: guide
        title: The onboarding guide is published
        done: false
      - id: buddies
        title: Every new engineer has a buddy
        start: 0
        target: 5
        current: 0
health:
  - id: uptime
    title: Uptime
    at_least: 99.9
    current: 99.95
";

/// `PLATFORM` with each `(from, to)` replaced once.
fn platform(edits: &[(&str, &str)]) -> String {
    let mut text = PLATFORM.to_owned();
    for (from, to) in edits {
        assert!(text.contains(from), "the fixture holds {from:?}");
        text = text.replacen(from, to, 1);
    }
    text
}

/// A history whose start state (June) is `PLATFORM`.
fn started() -> GitFixture {
    let git = GitFixture::new();
    git.commit(Change::new("2026-06-20", "Ana").write(FILE, PLATFORM));
    git
}

fn run(git: &GitFixture, args: &[&str]) -> Output {
    let mut all = vec!["report", "--period", "2026-Q3"];
    all.extend_from_slice(args);
    okr(git.path(), &all)
}

fn json(git: &GitFixture, args: &[&str]) -> Value {
    let mut all = vec!["--format", "json"];
    all.extend_from_slice(args);
    let output = run(git, &all);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    serde_json::from_slice(&output.stdout).expect("JSON on stdout")
}

fn objective<'r>(report: &'r Value, reference: &str) -> &'r Value {
    report["teams"]
        .as_array()
        .expect("teams")
        .iter()
        .flat_map(|t| t["objectives"].as_array().expect("objectives"))
        .find(|o| o["ref"] == reference)
        .unwrap_or_else(|| panic!("objective {reference} in {report:#}"))
}

fn key_result<'r>(report: &'r Value, reference: &str) -> &'r Value {
    report["teams"]
        .as_array()
        .expect("teams")
        .iter()
        .flat_map(|t| t["objectives"].as_array().expect("objectives"))
        .flat_map(|o| o["key_results"].as_array().expect("key results"))
        .find(|k| k["ref"] == reference)
        .unwrap_or_else(|| panic!("key result {reference} in {report:#}"))
}

fn close(actual: &Value, expected: f64) -> bool {
    actual.as_f64().is_some_and(|a| (a - expected).abs() < 1e-9)
}

const LEAD: &str = "platform/deploys/lead-time@2026-Q3";

#[test]
fn a_checkin_moves_a_measured_value() {
    let git = started();
    let checkin =
        git.commit(Change::new("2026-07-14", "Dana").write(FILE, platform(&[("current: 48", "current: 40")])));
    // A new title moves no value: no check-in.
    git.commit(
        Change::new("2026-07-20", "Eli")
            .write(FILE, platform(&[("current: 48", "current: 40"), ("falls to four hours", "falls to 4 h")])),
    );
    let report = json(&git, &[]);
    let lead = key_result(&report, LEAD);
    let checkins = lead["checkins"].as_array().expect("check-ins");
    assert_eq!(checkins.len(), 1, "{lead:#}");
    assert_eq!(checkins[0]["date"], "2026-07-14");
    assert_eq!(checkins[0]["commit"], checkin.to_string());
    assert_eq!(checkins[0]["author"], "Dana");
    assert_eq!(checkins[0]["value"], 40);
    assert!(close(&checkins[0]["score"], 8.0 / 44.0), "{lead:#}");
    assert_eq!(lead["first"], serde_json::json!({"start": 48, "target": 4, "current": 48}));
    assert_eq!(lead["final"], serde_json::json!({"start": 48, "target": 4, "current": 40}));
    assert_eq!(lead["status"], "active");
    assert_eq!(lead["last_checkin"], "2026-07-14");
    assert_eq!(lead["sparkline"].as_array().expect("sparkline").len(), 2);
    assert_eq!(lead["title"], "Lead time falls to 4 h");
    assert_eq!(report["summary"]["checkins"], 1);
}

#[test]
fn one_commit_moving_two_key_results_is_two_checkins() {
    let git = started();
    let both = platform(&[("current: 48", "current: 30"), ("done: false", "done: true")]);
    git.commit(Change::new("2026-08-01", "Dana").write(FILE, both));
    let report = json(&git, &[]);
    assert_eq!(report["summary"]["checkins"], 2);
    let guide = key_result(&report, "platform/onboarding/guide@2026-Q3");
    assert_eq!(guide["checkins"][0]["value"], true);
    assert!(close(&guide["checkins"][0]["score"], 1.0));
    assert_eq!(guide["first"], serde_json::json!({"done": false}));
}

#[test]
fn moving_renaming_or_splitting_a_file_is_no_checkin() {
    let git = started();
    git.commit(Change::new("2026-07-10", "Dana").delete(FILE).write("teams/platform/q3.okr.yaml", PLATFORM));
    // Split: the committed objective moves to a file of its own.
    let (deploys, onboarding) = PLATFORM.split_at(PLATFORM.find("  - id: onboarding").expect("second objective"));
    let header = "version: 1\nteam: platform\nperiod: 2026-Q3\nobjectives:\n";
    let (onboarding, health) = onboarding.split_at(onboarding.find("health:").expect("health"));
    git.commit(
        Change::new("2026-07-11", "Dana")
            .delete("teams/platform/q3.okr.yaml")
            .write("teams/platform/deploys.okr.yaml", format!("{deploys}{health}"))
            .write("teams/platform/onboarding.okr.yaml", format!("{header}{onboarding}")),
    );
    let report = json(&git, &[]);
    assert_eq!(report["summary"]["checkins"], 0, "{report:#}");
    assert_eq!(report["summary"]["target_changes"], 0);
    assert_eq!(report["summary"]["dropped"], 0);
    assert_eq!(report["summary"]["objectives"], 2);
    for o in ["platform/deploys@2026-Q3", "platform/onboarding@2026-Q3"] {
        assert_eq!(objective(&report, o)["status"], "active", "{o}");
    }
    assert_eq!(report["teams"][0]["health"][0]["checkins"], 0);
}

#[test]
fn a_target_change_in_the_same_commit_as_a_checkin_is_both() {
    let git = started();
    let commit = git.commit(Change::new("2026-08-03", "Fay").write(
        FILE,
        platform(&[
            ("current: 48", "current: 20"),
            ("target: 4", "target: 8"),
            ("    kind: committed", "    kind: aspirational"),
            ("start: 10\n", "start: 10\n        weight: 1\n"),
        ]),
    ));
    let report = json(&git, &[]);
    let lead = key_result(&report, LEAD);
    assert_eq!(lead["checkins"].as_array().expect("check-ins").len(), 1);
    assert_eq!(
        lead["target_changes"],
        serde_json::json!([{"date": "2026-08-03", "commit": commit.to_string(), "author": "Fay",
                            "field": "target", "old": 4, "new": 8}])
    );
    assert!(close(&lead["checkins"][0]["score"], 28.0 / 40.0), "scored against the new target");
    // Writing `weight: 1` where it was absent changes nothing.
    let rollbacks = key_result(&report, "platform/deploys/rollbacks@2026-Q3");
    assert_eq!(rollbacks["target_changes"], serde_json::json!([]));
    // A change of kind is listed on the objective.
    let onboarding = objective(&report, "platform/onboarding@2026-Q3");
    assert_eq!(onboarding["target_changes"][0]["field"], "kind");
    assert_eq!(onboarding["target_changes"][0]["old"], "committed");
    assert_eq!(onboarding["target_changes"][0]["new"], "aspirational");
    assert_eq!(report["summary"]["target_changes"], 2);
    assert_eq!(report["summary"]["checkins"], 1);
}

#[test]
fn a_key_result_added_mid_quarter_is_added_and_its_creation_no_checkin() {
    let git = started();
    let added = "        start: 10\n        target: 2\n      - id: mttr\n        title: Incidents end fast\n        start: 60\n        target: 15\n        current: 60\n";
    git.commit(
        Change::new("2026-08-10", "Gus").write(FILE, platform(&[("        start: 10\n        target: 2\n", added)])),
    );
    git.commit(Change::new("2026-10-01", "Gus").write("README.md", "notes\n"));
    let report = json(&git, &["--stale-days", "30"]);
    let mttr = key_result(&report, "platform/deploys/mttr@2026-Q3");
    assert_eq!(mttr["status"], "added");
    assert_eq!(mttr["checkins"], serde_json::json!([]));
    assert_eq!(mttr["first"], serde_json::json!({"start": 60, "target": 15, "current": 60}));
    assert_eq!(mttr["last_checkin"], Value::Null);
    // Created on 08-10, 51 days before the report date (09-30): stale after 30.
    assert_eq!(mttr["stale"], true);
    assert_eq!(objective(&report, "platform/deploys@2026-Q3")["status"], "active");
    assert_eq!(report["summary"]["key_results"], 5);
    let fresh = json(&git, &["--stale-days", "60"]);
    assert_eq!(key_result(&fresh, "platform/deploys/mttr@2026-Q3")["stale"], false);
}

#[test]
fn a_dropped_objective_is_kept_with_its_last_values_but_not_scored() {
    let git = started();
    git.commit(Change::new("2026-07-15", "Dana").write(FILE, platform(&[("current: 48", "current: 26")])));
    let without = platform(&[("current: 48", "current: 26")]);
    let start = without.find("  - id: deploys").expect("deploys");
    let end = without.find("  - id: onboarding").expect("onboarding");
    let without = format!("{}{}", &without[..start], &without[end..]);
    // A key result of the objective that stays is dropped too.
    let without = without.replace(
        "      - id: buddies\n        title: Every new engineer has a buddy\n        start: 0\n        target: 5\n        current: 0\n",
        "      - id: docs\n        title: Docs are found\n        done: true\n",
    );
    git.commit(Change::new("2026-08-01", "Dana").write(FILE, without));
    let report = json(&git, &[]);
    let deploys = objective(&report, "platform/deploys@2026-Q3");
    assert_eq!(deploys["status"], "dropped");
    assert!(close(&deploys["score"], 0.25), "22/44 and 0 of the last state: {deploys:#}");
    for kr in deploys["key_results"].as_array().expect("key results") {
        assert_eq!(kr["status"], "dropped");
        assert_eq!(kr["stale"], false, "dropped key results are never stale");
    }
    assert_eq!(key_result(&report, LEAD)["final"]["current"], 26);
    assert_eq!(key_result(&report, "platform/onboarding/buddies@2026-Q3")["status"], "dropped");
    assert_eq!(key_result(&report, "platform/onboarding/docs@2026-Q3")["status"], "added");
    let summary = &report["summary"];
    assert_eq!(summary["objectives"], 1);
    assert_eq!(summary["key_results"], 2, "guide and docs");
    assert_eq!(summary["dropped"], 2, "an objective and a key result of one that stays");
    assert_eq!(summary["checkins"], 1, "dropped key results' check-ins still count");
    // Only `onboarding` (guide not done, docs done: 0.5, committed) is scored.
    assert!(close(&report["teams"][0]["score"], 0.5), "{report:#}");
    assert!(close(&summary["score"], 0.5));
}

#[test]
fn the_window_ends_grace_days_after_the_period() {
    let git = started();
    git.commit(Change::new("2026-10-10", "Hal").write(FILE, platform(&[("current: 48", "current: 10")])));
    git.commit(Change::new("2026-10-20", "Ivy").write(FILE, platform(&[("current: 48", "current: 4")])));
    let report = json(&git, &[]);
    let lead = key_result(&report, LEAD);
    assert_eq!(lead["checkins"].as_array().expect("check-ins").len(), 1, "{lead:#}");
    assert_eq!(lead["checkins"][0]["author"], "Hal");
    assert_eq!(lead["final"]["current"], 10, "the final state is the last commit in the window");
    assert_eq!(report["report_date"], "2026-09-30");
    let strict = json(&git, &["--grace-days", "0"]);
    assert_eq!(key_result(&strict, LEAD)["checkins"], serde_json::json!([]));
    assert_eq!(key_result(&strict, LEAD)["final"]["current"], 48);
    let long = json(&git, &["--grace-days", "30"]);
    assert_eq!(key_result(&long, LEAD)["checkins"].as_array().expect("check-ins").len(), 2);
}

#[test]
fn the_grace_days_and_stale_days_come_from_okr_toml() {
    let git = started();
    git.commit(Change::new("2026-10-20", "Ivy").write(FILE, platform(&[("current: 48", "current: 4")])));
    write(git.path(), "okr.toml", b"[report]\ngrace_days = 30\nstale_days = 100\n");
    let report = json(&git, &[]);
    assert_eq!(key_result(&report, LEAD)["checkins"].as_array().expect("check-ins").len(), 1);
    assert_eq!(report["summary"]["stale"], 0);
    let flags_win = json(&git, &["--grace-days", "0", "--stale-days", "1"]);
    assert_eq!(key_result(&flags_win, LEAD)["checkins"], serde_json::json!([]));
    assert_eq!(flags_win["summary"]["stale"], 4, "no key result moved in the window");
}

#[test]
fn dates_are_committer_dates_and_need_not_be_monotonic() {
    let git = started();
    // Written in the quarter, committed after the window: not a check-in.
    git.commit(
        Change::new("2026-11-01", "Jo").authored("2026-08-01").write(FILE, platform(&[("current: 48", "current: 30")])),
    );
    // Then a commit dated back inside the window: the walk goes on past the
    // commit above, and compares with its parent.
    let back = git.commit(Change::new("2026-09-01", "Kim").write(FILE, platform(&[("current: 48", "current: 20")])));
    let report = json(&git, &[]);
    let lead = key_result(&report, LEAD);
    assert_eq!(lead["checkins"].as_array().expect("check-ins").len(), 1, "{lead:#}");
    assert_eq!(lead["checkins"][0]["commit"], back.to_string());
    assert_eq!(lead["checkins"][0]["value"], 20);
    assert_eq!(report["report_date"], "2026-09-01", "min(period end, date of REV)");
}

#[test]
fn a_merge_is_read_along_its_first_parent() {
    let git = started();
    let base = git.repository.head().expect("HEAD").target().expect("a commit");
    let b1 = git.commit_on(
        &[base],
        None,
        Change::new("2026-07-05", "Lee").write(FILE, platform(&[("current: 48", "current: 40")])),
    );
    let b2 = git.commit_on(
        &[b1],
        None,
        Change::new("2026-07-06", "Lee").write(FILE, platform(&[("current: 48", "current: 30")])),
    );
    let main = git.commit(Change::new("2026-07-07", "Max").write("README.md", "notes\n"));
    let merge = git.commit_on(
        &[main, b2],
        Some("HEAD"),
        Change::new("2026-07-08", "Max").write(FILE, platform(&[("current: 48", "current: 30")])),
    );
    let report = json(&git, &[]);
    let checkins = key_result(&report, LEAD)["checkins"].as_array().expect("check-ins").clone();
    assert_eq!(checkins.len(), 1, "{checkins:#?}");
    assert_eq!(checkins[0]["commit"], merge.to_string());
    assert_eq!(checkins[0]["value"], 30);
}

#[test]
fn a_commit_with_broken_yaml_is_skipped_with_a_warning() {
    let git = started();
    let broken = git.commit(
        Change::new("2026-07-10", "Ned").write(FILE, "version: 1\nteam: platform\nperiod: 2026-Q3\nobjectives: [\n"),
    );
    git.commit(Change::new("2026-07-20", "Ola").write(FILE, platform(&[("current: 48", "current: 36")])));
    let output = run(&git, &["--format", "json"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let warning = stderr(&output);
    let short = &broken.to_string()[..7];
    assert!(warning.contains(short) && warning.contains(FILE) && warning.contains("yaml-syntax"), "{warning}");
    let report: Value = serde_json::from_slice(&output.stdout).expect("JSON");
    let lead = key_result(&report, LEAD);
    assert_eq!(lead["checkins"].as_array().expect("check-ins").len(), 1);
    assert_eq!(lead["checkins"][0]["author"], "Ola");
    assert_eq!(report["summary"]["dropped"], 0, "the broken version dropped nothing");
    assert_eq!(report["summary"]["key_results"], 4);
}

#[test]
fn a_shallow_clone_says_so() {
    let git = started();
    let second = git.commit(Change::new("2026-07-10", "Pat").write(FILE, platform(&[("current: 48", "current: 40")])));
    git.commit(Change::new("2026-07-20", "Pat").write(FILE, platform(&[("current: 48", "current: 30")])));
    // What `git clone --depth 2` leaves: the boundary commit in `.git/shallow`.
    std::fs::write(git.path().join(".git/shallow"), format!("{second}\n")).expect("write .git/shallow");
    let output = run(&git, &["--format", "json"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(stderr(&output).contains("fetch-depth: 0"), "{}", stderr(&output));
    let report: Value = serde_json::from_slice(&output.stdout).expect("JSON");
    assert_eq!(report["shallow"], true);
    // History starts at the boundary: its state is all there is.
    let lead = key_result(&report, LEAD);
    assert_eq!(lead["status"], "added");
    assert_eq!(lead["checkins"].as_array().expect("check-ins").len(), 1);
    let table = stdout(&run(&git, &[]));
    assert!(table.contains("shallow clone"), "{table}");
}

#[test]
fn stale_key_results_are_counted_against_the_report_date() {
    let git = started();
    git.commit(Change::new("2026-07-02", "Dana").write(FILE, platform(&[("current: 48", "current: 44")])));
    git.commit(
        Change::new("2026-09-20", "Dana")
            .write(FILE, platform(&[("current: 48", "current: 44"), ("current: 0", "current: 5")])),
    );
    let report = json(&git, &[]);
    // Report date 09-20 (the date of HEAD): lead-time last moved 07-02 (80
    // days), rollbacks and guide never (81 days since the period start);
    // buddies reached 1 on 09-20 (and is not stale at 1 anyway).
    assert_eq!(report["report_date"], "2026-09-20");
    assert_eq!(key_result(&report, LEAD)["stale"], true);
    assert_eq!(key_result(&report, "platform/deploys/rollbacks@2026-Q3")["stale"], true);
    assert_eq!(key_result(&report, "platform/onboarding/guide@2026-Q3")["stale"], true);
    assert_eq!(key_result(&report, "platform/onboarding/buddies@2026-Q3")["stale"], false);
    assert_eq!(report["summary"]["stale"], 3);
    // Exactly N days is not more than N.
    let edge = json(&git, &["--stale-days", "80"]);
    assert_eq!(key_result(&edge, LEAD)["stale"], false);
    assert_eq!(key_result(&edge, "platform/deploys/rollbacks@2026-Q3")["stale"], true);
}

#[test]
fn health_metrics_count_breached_checkins() {
    let git = started();
    git.commit(Change::new("2026-07-10", "Quin").write(FILE, platform(&[("current: 99.95", "current: 99.5")])));
    git.commit(Change::new("2026-08-10", "Quin").write(FILE, platform(&[("current: 99.95", "current: 99.99")])));
    let report = json(&git, &[]);
    let uptime = &report["teams"][0]["health"][0];
    assert_eq!(uptime["id"], "uptime");
    assert_eq!(uptime["status"], "healthy");
    assert_eq!(uptime["checkins"], 2);
    assert_eq!(uptime["breached_checkins"], 1);
}

#[test]
fn only_files_of_the_period_are_read() {
    let git = started();
    let other = PLATFORM.replace("period: 2026-Q3", "period: 2026-Q4");
    git.commit(Change::new("2026-07-10", "Ray").write("okrs/q4.okr.yaml", other.clone()));
    git.commit(Change::new("2026-07-11", "Ray").write("okrs/q4.okr.yaml", other.replace("current: 48", "current: 1")));
    let report = json(&git, &[]);
    assert_eq!(report["summary"]["objectives"], 2);
    assert_eq!(report["summary"]["checkins"], 0);
    // A file that changes its period leaves the report: its objectives drop.
    git.commit(Change::new("2026-07-12", "Ray").write(FILE, PLATFORM.replace("period: 2026-Q3", "period: 2026-Q2")));
    let report = json(&git, &[]);
    assert_eq!(objective(&report, "platform/deploys@2026-Q3")["status"], "dropped");
}

#[test]
fn a_period_without_files_is_an_empty_report_that_says_so() {
    let git = started();
    let output = okr(git.path(), &["report", "--period", "2027-Q1", "--format", "json"]);
    let report: Value = serde_json::from_slice(&output.stdout).expect("JSON on stdout");
    assert_eq!(report["teams"], serde_json::json!([]));
    assert_eq!(report["summary"]["objectives"], 0);
    assert_eq!(report["summary"]["score"], Value::Null);
    for format in ["table", "markdown"] {
        let output = okr(git.path(), &["report", "--period", "2027-Q1", "--format", format]);
        assert_eq!(output.status.code(), Some(0));
        assert!(stdout(&output).contains("No OKR files for 2027-Q1"), "{}", stdout(&output));
    }
}

#[test]
fn paths_limit_the_report() {
    let git = started();
    git.commit(
        Change::new("2026-07-10", "Sam")
            .write("other/checkout.okr.yaml", PLATFORM.replace("team: platform", "team: checkout")),
    );
    let all = json(&git, &[]);
    assert_eq!(all["summary"]["teams"], 2);
    let one = json(&git, &["okrs"]);
    assert_eq!(one["summary"]["teams"], 1);
    assert_eq!(one["teams"][0]["team"], "platform");
}

#[test]
fn failures_exit_2_with_a_clear_message() {
    let git = started();
    let unknown = run(&git, &["--rev", "no-such-branch"]);
    assert_eq!(unknown.status.code(), Some(2));
    assert!(stderr(&unknown).contains("unknown revision `no-such-branch`"), "{}", stderr(&unknown));
    let unborn = GitFixture::new();
    let output = run(&unborn, &["--no-check"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("has no commits yet"), "{}", stderr(&output));
    let outside = tempfile::tempdir().expect("temp dir");
    if git2::Repository::discover(outside.path()).is_err() {
        let output = okr(outside.path(), &["report", "--period", "2026-Q3"]);
        assert_eq!(output.status.code(), Some(2));
        assert!(stderr(&output).contains("not in a git repository"), "{}", stderr(&output));
    }
    let bad_period = run(&git, &["--period", "2026-Q5"]);
    assert_eq!(bad_period.status.code(), Some(2));
}

#[test]
fn the_checks_run_first_at_the_revision() {
    let git = started();
    git.commit(Change::new("2026-07-10", "Tia").write(FILE, platform(&[("target: 4", "target: 48")])));
    let output = run(&git, &[]);
    assert_eq!(output.status.code(), Some(1), "kr-no-change is an error");
    assert!(output.stdout.is_empty());
    assert!(stderr(&output).contains("kr-no-change"), "{}", stderr(&output));
    let forced = run(&git, &["--no-check", "--format", "json"]);
    assert_eq!(forced.status.code(), Some(0), "{}", stderr(&forced));
    // An older revision was fine.
    assert_eq!(run(&git, &["--rev", "HEAD~1"]).status.code(), Some(0));
}

#[test]
fn a_key_result_without_a_valid_measure_has_no_goal_instead_of_done() {
    // The goal column used to guess a kind from the fields present, so a
    // progress key result missing its `target` showed the goal `done`.
    let git = GitFixture::new();
    git.commit(Change::new("2026-06-20", "Ana").write(FILE, platform(&[("        target: 2\n", "")])));
    let output = run(&git, &["--no-check", "--format", "markdown"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let text = String::from_utf8(output.stdout).expect("UTF-8");
    let row = text.lines().find(|l| l.contains("Rollbacks become rare")).unwrap_or_else(|| panic!("{text}"));
    let cells: Vec<&str> = row.split('|').map(str::trim).collect();
    assert_eq!(cells[4], "–", "the goal of {row}");
    let guide = text.lines().find(|l| l.contains("onboarding guide")).unwrap_or_else(|| panic!("{text}"));
    assert_eq!(guide.split('|').map(str::trim).nth(4), Some("done"), "a milestone's goal is still `done`");
    let report = json(&git, &["--no-check"]);
    assert_eq!(key_result(&report, "platform/deploys/rollbacks@2026-Q3")["type"], "invalid");
}

/// A quarter with a bit of everything, for the snapshots (the HTML page's too).
pub fn quarter() -> GitFixture {
    let git = started();
    git.commit(Change::new("2026-07-14", "Dana").write(FILE, platform(&[("current: 48", "current: 40")])));
    git.commit(
        Change::new("2026-08-03", "Fay")
            .write(FILE, platform(&[("current: 48", "current: 20"), ("target: 4", "target: 8")])),
    );
    git.commit(Change::new("2026-08-20", "Gus").write(
        FILE,
        platform(&[
            ("current: 48", "current: 20"),
            ("target: 4", "target: 8"),
            ("done: false", "done: true"),
            ("current: 0", "current: 3"),
            ("current: 99.95", "current: 99.1"),
        ]),
    ));
    git.commit(Change::new("2026-09-02", "Ana").write(
        "okrs/checkout.okr.yaml",
        "version: 1\nteam: checkout\nperiod: 2026-Q3\nobjectives:\n  - id: fast-pay\n    title: Paying feels instant\n    aligns_to: [platform/deploys]\n    key_results:\n      - id: p95\n        title: Checkout p95 falls | fast\n        start: 900\n        target: 300\n        current: 700\n        unit: ms\n      - id: wallets\n        title: Wallets are offered\n        done: false\n",
    ));
    git
}

#[test]
fn formats_by_snapshot() {
    let git = quarter();
    // Commit ids are fixed by the fixture's fixed contents, names and dates.
    insta::assert_snapshot!("report_table", stdout(&run(&git, &[])));
    insta::assert_snapshot!("report_markdown", stdout(&run(&git, &["--format", "markdown"])));
    insta::assert_json_snapshot!("report_json", json(&git, &[]));
    insta::assert_snapshot!("report_html", stdout(&run(&git, &["--format", "html"])));
}

#[test]
fn a_value_set_back_to_an_earlier_version_is_a_checkin() {
    // The third version's blob is the first's: it is read again, not lost.
    let git = started();
    for (date, value) in [("2026-07-01", "40"), ("2026-07-02", "30"), ("2026-07-03", "40"), ("2026-07-04", "48")] {
        git.commit(Change::new(date, "Uma").write(FILE, platform(&[("current: 48", &format!("current: {value}"))])));
    }
    let report = json(&git, &[]);
    let values: Vec<&Value> =
        key_result(&report, LEAD)["checkins"].as_array().expect("check-ins").iter().map(|c| &c["value"]).collect();
    assert_eq!(values, [40, 30, 40, 48]);
}

/// One file of `objectives` objectives of five key results each, with the
/// `current` of each key result `kr0` given by `value`.
fn big_file(objectives: usize, value: impl Fn(usize) -> usize) -> String {
    let mut text = String::from("version: 1\nteam: big\nperiod: 2026-Q3\nobjectives:\n");
    for n in 0..objectives {
        text.push_str(&format!("  - id: o{n}\n    title: Customers enjoy this part\n    key_results:\n"));
        for k in 0..5 {
            let current = if k == 0 { value(n) } else { 10 };
            text.push_str(&format!(
                "      - id: kr{k}\n        title: A number moves\n        start: 0\n        target: 100\n        current: {current}\n"
            ));
        }
    }
    text
}

#[test]
fn report_memory_does_not_grow_with_commits_times_file_size() {
    // Half a megabyte of OKRs and 60 check-ins to it, each one line, as
    // `okr checkin` writes them. okr report used to parse a batch of 256
    // commits before letting any version go, which held a parsed copy of
    // the file per commit: about 5 MiB each, over the 256 MiB cap here (it
    // aborted at 250 MiB). It needs about 60 MiB now, whatever the number
    // of commits.
    const OBJECTIVES: usize = 1000;
    let git = GitFixture::new();
    git.commit(Change::new("2026-06-30", "Ana").write("okrs/big.okr.yaml", big_file(OBJECTIVES, |_| 10)));
    let mut values = vec![10; OBJECTIVES];
    for i in 0..60 {
        values[i * 7 % OBJECTIVES] = 11 + i;
        let date = format!("2026-07-{:02}", 1 + i / 2);
        git.commit(Change::new(&date, "Uma").write("okrs/big.okr.yaml", big_file(OBJECTIVES, |n| values[n])));
    }
    let output = bounded(git.path(), &["report", "--period", "2026-Q3", "--format", "json"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let report: Value = serde_json::from_slice(&output.stdout).expect("JSON on stdout");
    assert_eq!(report["summary"]["checkins"], 60);
    assert_eq!(report["summary"]["key_results"], OBJECTIVES * 5);
}

#[test]
fn report_had_no_team_filter() {
    let git = started();
    let web = PLATFORM.replace("team: platform", "team: web");
    git.commit(Change::new("2026-06-21", "Ana").write("okrs/web.okr.yaml", web));
    let names = |report: &Value| -> Vec<String> {
        report["teams"].as_array().expect("teams").iter().map(|t| t["team"].as_str().unwrap().to_owned()).collect()
    };
    assert_eq!(names(&json(&git, &[])), ["platform", "web"]);
    let web_only = json(&git, &["--team", "web"]);
    assert_eq!(names(&web_only), ["web"]);
    assert_eq!(web_only["summary"]["teams"], 1, "the summary counts what is shown: {web_only:#}");
    assert_eq!(names(&json(&git, &["--team", "web", "--team", "platform"])), ["platform", "web"]);
    // The period in either case.
    let lower = okr(git.path(), &["report", "--period", "2026-q3", "--team", "web", "--format", "json"]);
    assert_eq!(lower.status.code(), Some(0), "{}", stderr(&lower));
    let unknown = run(&git, &["--team", "nosuchteam"]);
    assert_eq!(unknown.status.code(), Some(2));
    assert!(stderr(&unknown).contains("the teams are `platform`, `web`"), "{}", stderr(&unknown));
}

/// `--note` and `--confidence` were written into the files but shown by no
/// report: each check-in now carries the confidence and note its commit left,
/// and the table and markdown show the confidence trend and the latest note.
#[test]
fn checkins_carry_their_confidence_and_note() {
    let git = started();
    let step = |current: &str, confidence: &str, note: &str| {
        platform(&[(
            "current: 48",
            &format!("current: {current}\n        confidence: {confidence}\n        note: {note}"),
        )])
    };
    git.commit(Change::new("2026-07-14", "Dana").write(FILE, step("40", "0.5", "Slow start")));
    git.commit(Change::new("2026-08-03", "Dana").write(FILE, step("30", "0.7", "Pipelines cached")));
    git.commit(Change::new("2026-08-20", "Eli").write(FILE, step("20", "0.7", "\"Canary <b>on</b>\"")));
    let report = json(&git, &[]);
    let checkins = key_result(&report, LEAD)["checkins"].as_array().expect("check-ins").clone();
    let carried: Vec<(Value, Value)> = checkins.iter().map(|c| (c["confidence"].clone(), c["note"].clone())).collect();
    assert_eq!(
        carried,
        [
            (serde_json::json!(0.5), serde_json::json!("Slow start")),
            (serde_json::json!(0.7), serde_json::json!("Pipelines cached")),
            (serde_json::json!(0.7), serde_json::json!("Canary <b>on</b>")),
        ]
    );
    // A key result never checked in with them has nulls.
    let buddies = key_result(&json(&git, &[]), "platform/onboarding/buddies@2026-Q3").clone();
    assert!(buddies["checkins"].as_array().expect("check-ins").is_empty());

    let table = stdout(&run(&git, &[]));
    assert!(table.contains("0.5 → 0.7 · “Canary <b>on</b>”"), "{table}");
    let markdown = stdout(&run(&git, &["--format", "markdown"]));
    assert!(markdown.contains("| 0.5 → 0.7 · “Canary &lt;b&gt;on&lt;/b&gt;” |"), "{markdown}");
}
