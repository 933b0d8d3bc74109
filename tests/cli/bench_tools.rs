//! The benchmark tools stay working: the workload generators of `bench/`, at
//! a tiny size, make what okr accepts and reports. (The benchmarks themselves
//! run by hand through `bench/run.sh`; nothing here is timed.)

use std::path::Path;
use std::process::Command;

use serde_json::Value;

use crate::support::{has_tool, okr, repo, stdout};

/// `python3 bench/SCRIPT ARGS`, with git isolated from the machine's
/// configuration; `None` (and a note) when python3 or git is missing.
fn generate(script: &str, args: &[&str]) -> Option<()> {
    for tool in ["python3", "git"] {
        if !has_tool(tool, &format!("bench/{script} was not run")) {
            return None;
        }
    }
    let output = Command::new("python3")
        .arg(repo().join("bench").join(script))
        .args(args)
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .output()
        .expect("run python3");
    assert!(output.status.success(), "bench/{script} failed: {}", String::from_utf8_lossy(&output.stderr));
    Some(())
}

#[test]
fn generated_tree_passes_check() {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path().join("tree");
    let Some(()) = generate("generate_tree.py", &["3", root.to_str().expect("UTF-8 temp path")]) else { return };
    let output = okr(&root, &["check", ".", "--deny-warnings", "--format", "json"]);
    assert!(output.status.success(), "okr check: {}", stdout(&output));
    let report: Value = serde_json::from_str(&stdout(&output)).expect("JSON");
    assert_eq!(report["files"], 4, "a company file and 3 teams: {report}");
    assert_eq!(report["diagnostics"].as_array().map(Vec::len), Some(0), "{report}");
}

/// Every commit of the generated history is a check-in that `okr report`
/// finds: at the key result and with the value its message names.
#[test]
fn generated_history_is_reported() {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path().join("history");
    let Some(()) = generate("generate_history.py", &["20", "3", root.to_str().expect("UTF-8 temp path")]) else {
        return;
    };
    let output = okr(&root, &["report", "--period", "2026-Q3", "--format", "json"]);
    assert!(output.status.success(), "okr report: {}", String::from_utf8_lossy(&output.stderr));
    let report: Value = serde_json::from_str(&stdout(&output)).expect("JSON");
    assert_eq!(report["summary"]["teams"], 3);
    assert_eq!(report["summary"]["key_results"], 36);

    let mut reported = std::collections::BTreeMap::new();
    for kr in report["teams"]
        .as_array()
        .expect("teams")
        .iter()
        .flat_map(|t| t["objectives"].as_array().expect("objectives"))
        .flat_map(|o| o["key_results"].as_array().expect("key results"))
    {
        for checkin in kr["checkins"].as_array().expect("check-ins") {
            let commit = checkin["commit"].as_str().expect("commit").to_owned();
            reported.insert(commit, (kr["ref"].as_str().expect("ref").to_owned(), checkin["value"].clone()));
        }
    }
    let commits = check_in_commits(&root);
    assert_eq!(commits.len(), 20);
    assert_eq!(reported.len(), commits.len(), "one check-in per commit");
    for (commit, (kr_ref, value)) in commits {
        let (found_ref, found_value) = reported.get(&commit).unwrap_or_else(|| panic!("no check-in at {commit}"));
        assert_eq!(*found_ref, kr_ref, "at {commit}");
        assert_eq!(found_value.to_string(), value, "at {commit}");
    }
}

/// (commit, (key result ref, value)) of every check-in commit, from the
/// messages the generator writes: `Check in OBJECTIVE/KR of TEAM: VALUE`.
fn check_in_commits(root: &Path) -> Vec<(String, (String, String))> {
    let repository = git2::Repository::open(root).expect("the generated repository");
    let mut walk = repository.revwalk().expect("revwalk");
    walk.push_head().expect("HEAD");
    walk.filter_map(|id| {
        let commit = repository.find_commit(id.expect("commit id")).expect("commit");
        let message = commit.message().expect("UTF-8 message").trim().to_owned();
        let (what, value) = message.strip_prefix("Check in ")?.split_once(": ")?;
        let (kr, team) = what.split_once(" of ")?;
        Some((commit.id().to_string(), (format!("{team}/{kr}@2026-Q3"), value.to_owned())))
    })
    .collect()
}

/// The big-file history (`bench/big_file.sh`) at a tiny size: every commit is
/// one check-in that `okr report` finds, with the value its message names.
#[test]
fn generated_big_file_history_is_reported() {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path().join("big");
    let Some(()) = generate("generate_big_history.py", &["6", root.to_str().expect("UTF-8 temp path"), "4"]) else {
        return;
    };
    let output = okr(&root, &["report", "--period", "2026-Q3", "--format", "json"]);
    assert!(output.status.success(), "okr report: {}", String::from_utf8_lossy(&output.stderr));
    let report: Value = serde_json::from_str(&stdout(&output)).expect("JSON");
    assert_eq!(report["summary"]["key_results"], 4 * 5);
    assert_eq!(report["summary"]["checkins"], 6);
    let repository = git2::Repository::open(&root).expect("the generated repository");
    let mut walk = repository.revwalk().expect("revwalk");
    walk.push_head().expect("HEAD");
    for id in walk {
        let commit = repository.find_commit(id.expect("commit id")).expect("commit");
        let message = commit.message().expect("UTF-8 message").trim().to_owned();
        let Some((kr, value)) = message.strip_prefix("Check in ").and_then(|m| m.split_once(": ")) else { continue };
        let (objective, kr) = kr.split_once('/').expect("OBJECTIVE/KR");
        let reference = format!("big/{objective}/{kr}@2026-Q3");
        let objective = report["teams"][0]["objectives"].as_array().expect("objectives").iter();
        let found = objective
            .flat_map(|o| o["key_results"].as_array().expect("key results"))
            .find(|k| k["ref"] == reference.as_str())
            .unwrap_or_else(|| panic!("{reference} is reported"));
        let checkin = found["checkins"]
            .as_array()
            .expect("check-ins")
            .iter()
            .find(|c| c["commit"] == commit.id().to_string().as_str());
        assert_eq!(checkin.map(|c| c["value"].to_string()), Some(value.to_owned()), "{message}");
    }
}

#[test]
fn the_lsp_benchmark_client_runs_on_a_generated_tree() {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path().join("tree");
    let Some(()) = generate("generate_tree.py", &["3", root.to_str().expect("UTF-8 temp path")]) else { return };
    let output = Command::new("python3")
        .arg(repo().join("bench/lsp_bench.py"))
        .args([env!("CARGO_BIN_EXE_okr"), root.to_str().expect("UTF-8 temp path"), "3", "2"])
        .output()
        .expect("run python3");
    assert!(output.status.success(), "bench/lsp_bench.py failed: {}", String::from_utf8_lossy(&output.stderr));
    let figures: Value =
        serde_json::from_str(&std::fs::read_to_string(root.join("lsp-bench.json")).expect("lsp-bench.json"))
            .expect("JSON");
    assert_eq!(figures["files"], 4, "{figures}");
    for key in ["check_ms", "ready_ms", "edit_median_ms", "edit_p95_ms", "completion_median_ms", "rss_mib"] {
        assert!(figures[key].as_f64().is_some_and(|v| v > 0.0), "{key} in {figures}");
    }
}
