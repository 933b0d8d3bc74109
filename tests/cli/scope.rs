//! Checks block only what was asked for: `score`, `graph` and `report` with
//! `--period`, `--team` or paths stop only for errors in the files they read
//! and the files those align to; other errors are one warning line. A path
//! argument narrows what is shown, not what alignment resolves against.

use std::process::Output;

use serde_json::Value;

use crate::git_fixture::{Change, GitFixture};
use crate::support::*;

const TODAY: &str = "2026-08-15";

fn objective(id: &str, aligns_to: &str, key_results: usize) -> String {
    let aligns = if aligns_to.is_empty() { String::new() } else { format!("    aligns_to: [{aligns_to}]\n") };
    let mut text = format!("  - id: {id}\n    title: Objective {id}\n{aligns}    key_results:\n");
    for n in 0..key_results {
        // Titles without numbers, which `kr-title-numbers` would hold against them.
        let letter = char::from(b'a' + u8::try_from(n).expect("a few key results"));
        text.push_str(&format!(
            "      - id: kr{n}\n        title: Result {letter}\n        start: 0\n        target: 10\n        current: 5\n"
        ));
    }
    text
}

fn file(team: &str, period: &str, objectives: &[String]) -> String {
    format!("version: 1\nteam: {team}\nperiod: {period}\nobjectives:\n{}", objectives.concat())
}

/// The company's 2026 file, webapp's and mobile's 2026-Q3 files aligned to
/// it, and webapp's unfinished 2026-Q4 draft: an objective with one key
/// result (a `kr-count` error).
fn quarter() -> Vec<(&'static str, String)> {
    vec![
        ("okrs/2026/company.okr.yaml", file("company", "2026", &[objective("delight", "", 2)])),
        ("okrs/2026-Q3/webapp.okr.yaml", file("webapp", "2026-Q3", &[objective("speed", "company/delight", 2)])),
        ("okrs/2026-Q3/mobile.okr.yaml", file("mobile", "2026-Q3", &[objective("app", "company/delight", 2)])),
        ("okrs/2026-Q4/webapp.okr.yaml", file("webapp", "2026-Q4", &[objective("draft", "company/delight", 1)])),
    ]
}

fn on_disk(files: &[(&'static str, String)]) -> tempfile::TempDir {
    let borrowed: Vec<(&str, &str)> = files.iter().map(|(p, t)| (*p, t.as_str())).collect();
    tree(&borrowed)
}

fn run(dir: &std::path::Path, args: &[&str]) -> Output {
    okr_on_day(dir, TODAY, args)
}

fn json(output: &Output) -> Value {
    assert_eq!(output.status.code(), Some(0), "{}", stderr(output));
    serde_json::from_slice(&output.stdout).expect("JSON on stdout")
}

const ELSEWHERE: &str = "warning: 1 error in 1 other file; run okr check\n";

#[test]
fn one_teams_broken_q4_draft_does_not_stop_score_team_webapp_period_q3() {
    let dir = on_disk(&quarter());
    let output = run(dir.path(), &["score", "--team", "webapp", "--period", "2026-Q3", "--format", "json"]);
    assert_eq!(stderr(&output), ELSEWHERE);
    let board = json(&output);
    let teams = &board["periods"][0]["teams"];
    assert_eq!((teams.as_array().map(Vec::len), &teams[0]["team"]), (Some(1), &Value::from("webapp")));
    // Asked for everything, the draft is among what is read: it blocks.
    let all = run(dir.path(), &["score"]);
    assert_eq!(all.status.code(), Some(1), "{}", stderr(&all));
    assert!(stderr(&all).contains("kr-count"), "{}", stderr(&all));
    let q4 = run(dir.path(), &["score", "--period", "2026-Q4"]);
    assert_eq!(q4.status.code(), Some(1), "{}", stderr(&q4));
}

#[test]
fn one_teams_broken_q4_draft_does_not_stop_graph_period_q3() {
    let dir = on_disk(&quarter());
    let output = run(dir.path(), &["graph", "--period", "2026-Q3", "--format", "json"]);
    assert_eq!(stderr(&output), ELSEWHERE);
    let graph = json(&output);
    let nodes: Vec<&str> = graph["nodes"].as_array().expect("nodes").iter().filter_map(|n| n["ref"].as_str()).collect();
    assert!(nodes.contains(&"company/delight@2026") && nodes.contains(&"webapp/speed@2026-Q3"), "{nodes:?}");
    assert_eq!(run(dir.path(), &["graph"]).status.code(), Some(1));
}

#[test]
fn an_error_in_a_file_aligned_to_blocks_the_files_aligned_to_it() {
    let mut files = quarter();
    // The company file, which both Q3 files align to, loses a key result.
    files[0].1 = file("company", "2026", &[objective("delight", "", 1)]);
    let dir = on_disk(&files);
    let output = run(dir.path(), &["score", "--team", "webapp", "--period", "2026-Q3"]);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    let message = stderr(&output);
    assert!(message.contains("okrs/2026/company.okr.yaml") && message.contains("kr-count"), "{message}");
    assert!(message.contains("warning: 1 error in 1 other file; run okr check"), "the Q4 draft: {message}");
    assert!(output.stdout.is_empty());
}

#[test]
fn errors_in_several_other_files_are_one_warning_line() {
    let mut files = quarter();
    files.push((
        "okrs/2026-Q4/mobile.okr.yaml",
        file("mobile", "2026-Q4", &[objective("a", "", 1), objective("b", "", 0)]),
    ));
    let dir = on_disk(&files);
    let output = run(dir.path(), &["score", "--period", "2026-Q3"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let message = stderr(&output);
    let warnings: Vec<&str> = message.lines().collect();
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert!(warnings[0].starts_with("warning: ") && warnings[0].ends_with(" in 2 other files; run okr check"));
}

/// The quarter committed on 2026-07-01, the working tree the same.
fn committed() -> GitFixture {
    let git = GitFixture::new();
    let mut change = Change::new("2026-07-01", "Ana");
    let files = quarter();
    for (path, text) in &files {
        change = change.write(path, text.clone());
        write(git.path(), path, text.as_bytes());
    }
    git.commit(change);
    git
}

#[test]
fn report_period_q3_on_one_file_resolves_alignment_against_the_company_file() {
    let git = committed();
    let output =
        run(git.path(), &["report", "--period", "2026-Q3", "okrs/2026-Q3/webapp.okr.yaml", "--format", "json"]);
    assert!(!stderr(&output).contains("alignment-unresolved"), "{}", stderr(&output));
    assert_eq!(stderr(&output), ELSEWHERE, "the Q4 draft is counted, not shown");
    let report = json(&output);
    let teams: Vec<&str> =
        report["teams"].as_array().expect("teams").iter().filter_map(|t| t["team"].as_str()).collect();
    assert_eq!(teams, ["webapp"], "only the file named is reported: {report:#}");
}

#[test]
fn a_path_narrows_what_score_and_graph_show_not_what_alignment_resolves_against() {
    let git = committed();
    let file = "okrs/2026-Q3/webapp.okr.yaml";
    let board = json(&run(git.path(), &["score", file, "--format", "json"]));
    let refs: Vec<&str> = board["periods"]
        .as_array()
        .expect("periods")
        .iter()
        .flat_map(|p| p["teams"].as_array().expect("teams"))
        .flat_map(|t| t["objectives"].as_array().expect("objectives"))
        .filter_map(|o| o["ref"].as_str())
        .collect();
    assert_eq!(refs, ["webapp/speed@2026-Q3"]);
    // The graph of one file shows what it aligns to, with the edge.
    let graph = json(&run(git.path(), &["graph", file, "--format", "json"]));
    let nodes: Vec<&str> = graph["nodes"].as_array().expect("nodes").iter().filter_map(|n| n["ref"].as_str()).collect();
    assert!(nodes.contains(&"company/delight@2026") && !nodes.contains(&"mobile/app@2026-Q3"), "{nodes:?}");
    let aligned =
        graph["edges"].as_array().expect("edges").iter().any(|e| {
            e["type"] == "aligns_to" && e["from"] == "webapp/speed@2026-Q3" && e["to"] == "company/delight@2026"
        });
    assert!(aligned, "{graph:#}");
    // The same at a revision.
    let board = json(&run(git.path(), &["score", file, "--rev", "HEAD", "--format", "json"]));
    assert_eq!(board["periods"][0]["teams"][0]["team"], "webapp", "{board:#}");
}

#[test]
fn okrs_own_repository_checks_clean_at_its_root_and_on_examples() {
    for args in [&["check"][..], &["check", "examples"]] {
        let output = okr(&repo(), args);
        assert_eq!(output.status.code(), Some(0), "{args:?}: {}{}", stdout(&output), stderr(&output));
        assert_eq!(stdout(&output), "Checked 6 files: no findings.\n", "{args:?}");
    }
}

#[test]
fn check_on_one_file_reports_its_findings_against_the_whole_repository() {
    let git = committed();
    let output = run(git.path(), &["check", "okrs/2026-Q3/webapp.okr.yaml"]);
    assert_eq!(output.status.code(), Some(0), "{}{}", stdout(&output), stderr(&output));
    let text = stdout(&output);
    assert!(!text.contains("alignment-unresolved") && !text.contains("kr-count"), "{text}");
    // Its key results repeat the company's titles: warnings that point at the
    // company file, which is not counted as checked.
    assert!(text.contains("the parent's key result: okrs/2026/company.okr.yaml:9:16"), "{text}");
    assert!(text.ends_with("Checked 1 file: 2 warnings.\n"), "{text}");
    let output = run(git.path(), &["check", "okrs/2026-Q4", "--format", "json"]);
    let report = json_any(&output);
    assert_eq!(output.status.code(), Some(1));
    assert_eq!((&report["files"], &report["errors"]), (&Value::from(1), &Value::from(1)), "{report:#}");
    assert_eq!(report["diagnostics"][0]["file"], "okrs/2026-Q4/webapp.okr.yaml");
    // Outside a repository, the files named are all there is.
    let dir = on_disk(&quarter());
    let output = run(dir.path(), &["check", "okrs/2026-Q3/webapp.okr.yaml"]);
    assert_eq!(output.status.code(), Some(1), "{}", stdout(&output));
    assert!(stdout(&output).contains("alignment-unresolved"), "{}", stdout(&output));
}

fn json_any(output: &Output) -> Value {
    serde_json::from_slice(&output.stdout).expect("JSON on stdout")
}
