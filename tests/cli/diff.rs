//! `okr diff` on git repositories built with git2: every change type and
//! flag, moved and reformatted files, the merge base, the working tree, new
//! findings, every format by snapshot, and the failures that exit 2.

use std::process::Output;

use serde_json::Value;

use crate::git_fixture::{files, Files, Repo};
use crate::support::*;

const PLATFORM: &str = "teams/platform/2026-Q3.okr.yaml";
const DATA: &str = "teams/data/2026-Q3.okr.yaml";

const PLATFORM_YAML: &str = "\
team: platform
period: 2026-Q3
objectives:
  - id: boring-deploys
    title: Make deploying boring for every product team
    key_results:
      - id: lead-time
        title: Median lead time falls from two days to four hours
        start: 48
        target: 4
        current: 20
        unit: h
      - id: self-serve
        title: Product teams ship through the self-serve pipeline
        start: 3
        target: 25
        current: 11
      - id: runbook
        title: Rollback runbook rehearsed by every on-call engineer
        done: false
  - id: reliable-checkout
    title: Keep checkout dependable for every shopper
    kind: committed
    key_results:
      - id: error-rate
        title: Checkout error rate stays at or under a tenth of a percent
        at_most: 0.1
        current: 0.08
      - id: availability
        title: Checkout availability stays above three nines
        at_least: 99.9
        current: 99.95
";

const DATA_YAML: &str = "\
team: data
period: 2026-Q3
objectives:
  - id: trusted-metrics
    title: Make metrics something people trust
    key_results:
      - id: lineage
        title: Tables with lineage grow
        start: 10
        target: 50
        current: 30
      - id: tested
        title: Every dashboard has tests
        done: true
";

/// `text` with `from` replaced by `to`; fails when `from` is not there, so
/// that a fixture edit never silently does nothing.
fn edit(text: &str, from: &str, to: &str) -> String {
    assert!(text.contains(from), "{from:?} is not in the fixture");
    text.replacen(from, to, 1)
}

fn base_files() -> Files {
    files(&[(PLATFORM, PLATFORM_YAML), (DATA, DATA_YAML)])
}

/// Every kind of change, on the branch `feature` off `main`.
fn feature_files() -> Files {
    let mut platform = PLATFORM_YAML.to_owned();
    platform = edit(&platform, "        target: 4\n", "        target: 8\n"); // lowered
    platform = edit(&platform, "        target: 25\n", "        target: 30\n"); // raised
    platform = edit(&platform, "        done: false\n", "        start: 0\n        target: 12\n"); // kind
    platform = edit(&platform, "    kind: committed\n", ""); // committed → aspirational
    platform = edit(&platform, "at_most: 0.1\n", "at_most: 0.2\n"); // lowered
    platform = edit(&platform, "at_least: 99.9\n", "at_least: 99.95\n"); // raised
    platform = edit(
        &platform,
        "  - id: reliable-checkout\n",
        "      - id: docs\n        title: Deploy guide published\n        done: true\n  - id: reliable-checkout\n",
    );
    let data = "\
team: data
period: 2026-Q3
objectives:
  - id: experimentation
    title: Make experiments cheap to run
    key_results:
      - id: experiments
        title: Experiments run a month
        start: 2
        target: 10
        current: 4
      - id: guardrails
        title: Guardrail metrics on every experiment
        done: false
";
    files(&[(PLATFORM, &platform), (DATA, data)])
}

/// `main` with the base files, `feature` off it with every kind of change,
/// HEAD on `feature` with its files in the working tree.
fn repository() -> Repo {
    let mut repo = Repo::new();
    let base = repo.commit("main", &base_files(), "base");
    repo.branch("feature", base);
    let feature = feature_files();
    repo.commit("feature", &feature, "change the OKRs");
    repo.checkout("feature", &feature);
    repo
}

fn run(repo: &Repo, args: &[&str]) -> Output {
    let mut all = vec!["diff", "--color", "never"];
    all.extend_from_slice(args);
    okr(repo.path(), &all)
}

fn diff_json(repo: &Repo, args: &[&str]) -> Value {
    // Options first: after `--`, everything is a path.
    let mut all = vec!["--format", "json"];
    all.extend_from_slice(args);
    let output = run(repo, &all);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    serde_json::from_slice(&output.stdout).expect("JSON on stdout")
}

fn change<'a>(diff: &'a Value, canonical: &str) -> &'a Value {
    diff["changes"]
        .as_array()
        .expect("changes")
        .iter()
        .find(|c| c["ref"] == canonical)
        .unwrap_or_else(|| panic!("no change of {canonical} in {diff:#}"))
}

fn refs(diff: &Value) -> Vec<String> {
    diff["changes"].as_array().expect("changes").iter().map(|c| c["ref"].as_str().expect("a ref").to_owned()).collect()
}

fn flags(change: &Value) -> Vec<&str> {
    change["flags"].as_array().expect("flags").iter().map(|f| f.as_str().expect("a flag")).collect()
}

fn sha(repo: &Repo, rev: &str) -> String {
    repo.repository.revparse_single(rev).expect("a revision").id().to_string()
}

#[test]
fn every_change_type_and_flag() {
    let repo = repository();
    let diff = diff_json(&repo, &["main", "feature"]);
    assert_eq!(diff["version"], 1);
    assert_eq!(diff["base"], sha(&repo, "main"));
    assert_eq!(diff["head"], sha(&repo, "feature"));
    assert_eq!(
        refs(&diff),
        [
            "data/experimentation@2026-Q3",
            "data/experimentation/experiments@2026-Q3",
            "data/experimentation/guardrails@2026-Q3",
            "data/trusted-metrics@2026-Q3",
            "data/trusted-metrics/lineage@2026-Q3",
            "data/trusted-metrics/tested@2026-Q3",
            "platform/boring-deploys/lead-time@2026-Q3",
            "platform/boring-deploys/self-serve@2026-Q3",
            "platform/boring-deploys/runbook@2026-Q3",
            "platform/boring-deploys/docs@2026-Q3",
            "platform/reliable-checkout@2026-Q3",
            "platform/reliable-checkout/error-rate@2026-Q3",
            "platform/reliable-checkout/availability@2026-Q3",
        ],
        "the objective boring-deploys itself did not change: only its key results"
    );

    let lead_time = change(&diff, "platform/boring-deploys/lead-time@2026-Q3");
    assert_eq!(lead_time["type"], "key_result");
    assert_eq!(lead_time["change"], "modified");
    assert_eq!(lead_time["fields"], serde_json::json!([{"field": "target", "old": 4, "new": 8}]));
    assert_eq!(lead_time["score"]["old"].as_f64(), Some(28.0 / 44.0));
    assert_eq!(lead_time["score"]["new"].as_f64(), Some(28.0 / 40.0));
    assert_eq!(flags(lead_time), ["ambition-lowered"]);

    assert_eq!(flags(change(&diff, "platform/boring-deploys/self-serve@2026-Q3")), ["ambition-raised"]);
    let runbook = change(&diff, "platform/boring-deploys/runbook@2026-Q3");
    assert_eq!(flags(runbook), ["kind-changed"]);
    let fields: Vec<&str> =
        runbook["fields"].as_array().unwrap().iter().map(|f| f["field"].as_str().unwrap()).collect();
    assert_eq!(fields, ["start", "target", "done"]);
    assert_eq!(runbook["fields"][2], serde_json::json!({"field": "done", "old": false, "new": null}));

    let docs = change(&diff, "platform/boring-deploys/docs@2026-Q3");
    assert_eq!(docs["change"], "added");
    assert_eq!(docs["score"], serde_json::json!({"old": null, "new": 1.0}));

    let checkout = change(&diff, "platform/reliable-checkout@2026-Q3");
    assert_eq!(checkout["type"], "objective");
    assert_eq!(checkout["change"], "modified");
    assert_eq!(checkout["fields"], serde_json::json!([{"field": "kind", "old": "committed", "new": "aspirational"}]));
    assert_eq!(flags(checkout), ["kind-changed", "committed-to-aspirational"]);
    assert_eq!(flags(change(&diff, "platform/reliable-checkout/error-rate@2026-Q3")), ["ambition-lowered"]);
    assert_eq!(flags(change(&diff, "platform/reliable-checkout/availability@2026-Q3")), ["ambition-raised"]);

    // A removed objective, then each of its key results; an added one likewise.
    for (canonical, kind) in [
        ("data/trusted-metrics@2026-Q3", "removed"),
        ("data/trusted-metrics/lineage@2026-Q3", "removed"),
        ("data/trusted-metrics/tested@2026-Q3", "removed"),
        ("data/experimentation@2026-Q3", "added"),
        ("data/experimentation/experiments@2026-Q3", "added"),
        ("data/experimentation/guardrails@2026-Q3", "added"),
    ] {
        assert_eq!(change(&diff, canonical)["change"], kind, "{canonical}");
        assert!(flags(change(&diff, canonical)).is_empty(), "{canonical}");
    }
    let lineage = change(&diff, "data/trusted-metrics/lineage@2026-Q3");
    assert_eq!(lineage["score"], serde_json::json!({"old": 0.5, "new": null}));
    assert_eq!(lineage["fields"][1], serde_json::json!({"field": "start", "old": 10, "new": null}));

    // Scores that moved without the objective changing: boring-deploys'
    // targets moved; reliable-checkout's key results all still score 1.
    assert_eq!(diff["objective_scores"].as_array().expect("objective scores").len(), 1);
    let moved = &diff["objective_scores"][0];
    assert_eq!(moved["ref"], "platform/boring-deploys@2026-Q3");
    assert_eq!(moved["old"].as_f64(), Some((28.0 / 44.0 + 8.0 / 22.0) / 3.0));

    // Turning the objective aspirational makes its thresholds KPIs (kr-kpi):
    // two new warnings, and no new error.
    assert_eq!(diff["check"]["errors"], 0);
    assert_eq!(diff["check"]["warnings"], 2);
    let codes: Vec<&str> =
        diff["check"]["findings"].as_array().unwrap().iter().map(|f| f["code"].as_str().unwrap()).collect();
    assert_eq!(codes, ["kr-kpi", "kr-kpi"]);
    assert_eq!(diff["check"]["findings"][0]["file"], PLATFORM);
}

#[test]
fn a_removed_key_result_of_a_remaining_objective() {
    let mut repo = Repo::new();
    let base = repo.commit("main", &base_files(), "base");
    repo.branch("feature", base);
    let without = edit(
        PLATFORM_YAML,
        "      - id: runbook\n        title: Rollback runbook rehearsed by every on-call engineer\n        done: false\n",
        "",
    );
    repo.commit("feature", &files(&[(PLATFORM, &without), (DATA, DATA_YAML)]), "drop runbook");
    let diff = diff_json(&repo, &["main", "feature"]);
    assert_eq!(refs(&diff), ["platform/boring-deploys/runbook@2026-Q3"]);
    let runbook = change(&diff, "platform/boring-deploys/runbook@2026-Q3");
    assert_eq!(runbook["change"], "removed");
    assert_eq!(runbook["score"], serde_json::json!({"old": 0.0, "new": null}));
}

#[test]
fn a_moved_file_is_no_change() {
    let mut repo = Repo::new();
    let base = repo.commit("main", &base_files(), "base");
    repo.branch("feature", base);
    let moved = files(&[("okrs/platform-q3.okr.yml", PLATFORM_YAML), ("data.okr.yaml", DATA_YAML)]);
    repo.commit("feature", &moved, "move the files");
    let diff = diff_json(&repo, &["main", "feature"]);
    assert_eq!(diff["changes"], serde_json::json!([]));
    assert_eq!(diff["check"], serde_json::json!({"errors": 0, "warnings": 0, "findings": []}));
}

#[test]
fn equal_values_written_differently_are_no_change() {
    // CRLF line endings, a flow mapping and sequences, quotes, reordered keys,
    // `1.0`-style numbers, a folded title, comments and `x-` metadata.
    let reformatted = "\
# Rewritten by hand\r
period: \"2026-Q3\"\r
team: 'platform'\r
x-slack: \"#platform\"\r
objectives:\r
  - title: >-\r
      Make deploying boring\r
      for every product team\r
    id: boring-deploys\r
    key_results:\r
      - {id: lead-time, title: Median lead time falls from two days to four hours, start: 48.0, target: 4, current: 2.0e1, unit: \"h\"}\r
      - id: self-serve\r
        current: 11\r
        target: 25\r
        start: 3\r
        title: \"Product teams ship through the self-serve pipeline\"\r
        x-jira: PLAT-1\r
      - id: runbook\r
        title: Rollback runbook rehearsed by every on-call engineer\r
        done: false\r
  - id: reliable-checkout\r
    kind: \"committed\"\r
    title: Keep checkout dependable for every shopper\r
    key_results:\r
      - {id: error-rate, title: Checkout error rate stays at or under a tenth of a percent, at_most: 0.10, current: 0.08}\r
      - id: availability\r
        title: Checkout availability stays above three nines\r
        at_least: 99.90\r
        current: 99.95\r
";
    let mut repo = Repo::new();
    let base = repo.commit("main", &base_files(), "base");
    repo.branch("feature", base);
    repo.commit("feature", &files(&[(PLATFORM, reformatted), (DATA, DATA_YAML)]), "reformat");
    let diff = diff_json(&repo, &["main", "feature"]);
    assert_eq!(diff["changes"], serde_json::json!([]), "{diff:#}");
    assert_eq!(diff["check"]["findings"], serde_json::json!([]));
    // The same file with one real change is one change: the comparison works.
    let changed = edit(reformatted, "current: 2.0e1", "current: 2.1e1");
    repo.commit("feature", &files(&[(PLATFORM, &changed), (DATA, DATA_YAML)]), "check in");
    let diff = diff_json(&repo, &["main", "feature"]);
    assert_eq!(refs(&diff), ["platform/boring-deploys/lead-time@2026-Q3"]);
}

/// main: A ─ C (C changes self-serve); feature: A ─ B (B checks in lead-time).
fn diverged() -> Repo {
    let mut repo = Repo::new();
    let a = repo.commit("main", &base_files(), "A");
    repo.branch("feature", a);
    let b = files(&[(PLATFORM, &edit(PLATFORM_YAML, "current: 20\n", "current: 16\n")), (DATA, DATA_YAML)]);
    repo.commit("feature", &b, "B");
    let c = files(&[(PLATFORM, &edit(PLATFORM_YAML, "current: 11\n", "current: 13\n")), (DATA, DATA_YAML)]);
    repo.commit("main", &c, "C");
    repo.checkout("feature", &b);
    repo
}

#[test]
fn a_branch_is_compared_with_its_merge_base_not_the_base_tip() {
    let repo = diverged();
    let merge_base = sha(&repo, "main~1");
    for args in [&["main", "feature"][..], &["main", "HEAD"], &["main"]] {
        let diff = diff_json(&repo, args);
        assert_eq!(diff["base"], merge_base, "{args:?}");
        // C (self-serve on main) does not show up as undone by the branch.
        assert_eq!(refs(&diff), ["platform/boring-deploys/lead-time@2026-Q3"], "{args:?}");
        let lead_time = change(&diff, "platform/boring-deploys/lead-time@2026-Q3");
        assert_eq!(lead_time["fields"], serde_json::json!([{"field": "current", "old": 20, "new": 16}]));
        assert!(flags(lead_time).is_empty(), "a check-in is not a target change");
    }
    assert_eq!(diff_json(&repo, &["main"])["head"], "worktree");
}

#[test]
fn the_working_tree_is_the_head_when_none_is_given() {
    let repo = diverged();
    let mut worktree = base_files();
    worktree.insert(PLATFORM.into(), edit(PLATFORM_YAML, "current: 20\n", "current: 10\n"));
    worktree.insert("teams/web.okr.yaml".into(), valid_document("web", "2026-Q3", "speed"));
    repo.write_worktree(&worktree);
    let diff = diff_json(&repo, &["main"]);
    assert_eq!(diff["head"], "worktree");
    assert_eq!(
        refs(&diff),
        [
            "platform/boring-deploys/lead-time@2026-Q3",
            "web/speed@2026-Q3",
            "web/speed/first@2026-Q3",
            "web/speed/second@2026-Q3"
        ]
    );
    let lead_time = change(&diff, "platform/boring-deploys/lead-time@2026-Q3");
    assert_eq!(lead_time["fields"][0]["new"], 10, "the disk, not the branch's commit");
    // Paths narrow both sides.
    let narrowed = diff_json(&repo, &["main", "teams/platform"]);
    assert_eq!(refs(&narrowed), ["platform/boring-deploys/lead-time@2026-Q3"]);
    let narrowed = diff_json(&repo, &["main", "feature", "--", "teams/web.okr.yaml"]);
    assert_eq!(narrowed["changes"], serde_json::json!([]), "web is not committed on feature");
}

#[test]
fn findings_already_on_the_base_are_not_new() {
    let mut repo = Repo::new();
    let measurable =
        edit(DATA_YAML, "title: Make metrics something people trust", "title: Make 90% of metrics trusted");
    let base = repo.commit("main", &files(&[(DATA, &measurable)]), "base");
    repo.branch("feature", base);
    // Lines added above move the old finding down; a second objective adds one.
    let mut head = format!("# a comment\n# another\n{measurable}");
    head.push_str(
        "  - id: faster-queries\n    title: Answer 3 questions faster\n    key_results:\n      - id: p50\n        title: Median query time falls\n        start: 10\n        target: 2\n      - id: p99\n        title: Slowest queries fall\n        start: 60\n        target: 20\n",
    );
    repo.commit("feature", &files(&[(DATA, &head)]), "more");
    let diff = diff_json(&repo, &["main", "feature"]);
    assert_eq!(diff["check"]["warnings"], 1, "{diff:#}");
    let finding = &diff["check"]["findings"][0];
    assert_eq!(finding["code"], "objective-measurable");
    assert!(finding["message"].as_str().unwrap().contains("faster-queries"), "{finding}");
    assert_eq!(finding["line"], 18, "the title of the new objective");
    assert_eq!(finding["severity"], "warning");
}

#[test]
fn a_change_that_breaks_a_rule_reports_the_error_and_still_exits_0() {
    let mut repo = Repo::new();
    let base = repo.commit("main", &base_files(), "base");
    repo.branch("feature", base);
    let broken =
        edit(DATA_YAML, "      - id: tested\n        title: Every dashboard has tests\n        done: true\n", "");
    repo.commit("feature", &files(&[(PLATFORM, PLATFORM_YAML), (DATA, &broken)]), "one key result");
    let diff = diff_json(&repo, &["main", "feature"]);
    assert_eq!(diff["check"]["errors"], 1);
    assert_eq!(diff["check"]["findings"][0]["code"], "kr-count");
}

/// `main` with the base files, `feature` off it with `data` replaced by `data`.
fn with_data(data: &str) -> Repo {
    let mut repo = Repo::new();
    let base = repo.commit("main", &base_files(), "base");
    repo.branch("feature", base);
    repo.commit("feature", &files(&[(PLATFORM, PLATFORM_YAML), (DATA, data)]), "break it");
    repo
}

#[test]
fn a_key_result_whose_new_version_has_a_schema_error_is_modified_not_removed() {
    // It used to be reported as removed, and its objective's score as moving
    // to what it would be without it.
    let repo = with_data(&edit(DATA_YAML, "title: Tables with lineage grow", "title: [a, list]"));
    let diff = diff_json(&repo, &["main", "feature"]);
    assert_eq!(refs(&diff), ["data/trusted-metrics/lineage@2026-Q3"]);
    let lineage = change(&diff, "data/trusted-metrics/lineage@2026-Q3");
    assert_eq!(lineage["change"], "modified");
    assert_eq!(lineage["type"], "key_result");
    assert_eq!(lineage["title"], "Tables with lineage grow");
    assert_eq!(lineage["fields"], serde_json::json!([]));
    assert_eq!(lineage["score"], serde_json::json!({"old": 0.5, "new": null}));
    assert_eq!(diff["objective_scores"], serde_json::json!([]), "the new score is unknown, not 1.0");
    assert_eq!(diff["check"]["errors"], 1);
    assert_eq!(diff["check"]["findings"][0]["code"], "schema");
    assert_eq!(diff["check"]["findings"][0]["line"], 8);

    let table = stdout(&run(&repo, &["main", "feature"]));
    assert!(table.contains("1 key result modified; 1 new error."), "{table}");
    assert!(!table.contains("removed"), "{table}");
    assert!(table.contains("cannot be read: expected the title to be a string, found a list"), "{table}");
    assert!(table.contains("0.50 → –"), "{table}");

    let markdown = stdout(&run(&repo, &["main", "feature", "--format", "markdown"]));
    assert!(markdown.contains("1 key result modified"), "{markdown}");
    assert!(!markdown.contains("removed"), "{markdown}");
    assert!(markdown.contains("cannot be read: expected the title to be a string, found a list"), "{markdown}");
}

#[test]
fn an_objective_whose_new_version_has_a_schema_error_is_modified_not_removed() {
    let repo = with_data(&edit(DATA_YAML, "title: Make metrics something people trust", "title: \"\""));
    let diff = diff_json(&repo, &["main", "feature"]);
    // One row for the objective, not one removal per key result.
    assert_eq!(refs(&diff), ["data/trusted-metrics@2026-Q3"]);
    let objective = change(&diff, "data/trusted-metrics@2026-Q3");
    assert_eq!(objective["change"], "modified");
    assert_eq!(objective["score"], serde_json::json!({"old": 0.75, "new": null}));
    let table = stdout(&run(&repo, &["main", "feature"]));
    assert!(table.contains("1 objective modified") && table.contains("cannot be read: the title is empty"), "{table}");
}

#[test]
fn the_objectives_of_a_file_that_no_longer_parses_are_modified_not_removed() {
    let repo = with_data(&edit(DATA_YAML, "period: 2026-Q3\n", "period: 2026-Q3\n\tx: 1\n"));
    let diff = diff_json(&repo, &["main", "feature"]);
    assert_eq!(refs(&diff), ["data/trusted-metrics@2026-Q3"]);
    let objective = change(&diff, "data/trusted-metrics@2026-Q3");
    assert_eq!(objective["change"], "modified");
    assert_eq!(objective["score"]["new"], serde_json::Value::Null);
    assert_eq!(diff["check"]["findings"][0]["code"], "yaml-syntax");
    let table = stdout(&run(&repo, &["main", "feature"]));
    assert!(table.contains("cannot be read: invalid YAML"), "{table}");
    // A key result that really goes is still removed.
    let without =
        edit(DATA_YAML, "      - id: tested\n        title: Every dashboard has tests\n        done: true\n", "");
    let diff = diff_json(&with_data(&without), &["main", "feature"]);
    assert_eq!(change(&diff, "data/trusted-metrics/tested@2026-Q3")["change"], "removed");
}

// --- Snapshots ---

fn formatted(format: &str) -> String {
    let repo = repository();
    let output = run(&repo, &["main", "feature", "--format", format]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(output.stderr.is_empty(), "{}", stderr(&output));
    stdout(&output)
}

#[test]
fn table_snapshot() {
    insta::assert_snapshot!("diff_table", formatted("table"));
}

#[test]
fn markdown_snapshot() {
    insta::assert_snapshot!("diff_markdown", formatted("markdown"));
}

#[test]
fn json_snapshot() {
    insta::assert_snapshot!("diff_json", formatted("json"));
}

#[test]
fn no_change_says_so() {
    let mut repo = Repo::new();
    repo.commit("main", &base_files(), "base");
    repo.checkout("main", &base_files());
    let table = stdout(&run(&repo, &["main"]));
    assert!(table.contains("No change to the OKRs; no new findings."), "{table}");
    let markdown = stdout(&run(&repo, &["main", "--format", "markdown"]));
    assert!(markdown.contains("**No change to the OKRs** · ✅ no new findings"), "{markdown}");
}

// --- Failures: exit 2 with a clear message ---

fn fails_with(output: &Output, needle: &str) {
    assert_eq!(output.status.code(), Some(2), "{}", stderr(output));
    assert!(output.stdout.is_empty(), "{}", stdout(output));
    assert!(stderr(output).contains(needle), "{needle:?} not in {}", stderr(output));
}

#[test]
fn an_unknown_revision_exits_2_naming_it() {
    let repo = repository();
    fails_with(&run(&repo, &["no-such-branch"]), "unknown revision `no-such-branch`");
    fails_with(&run(&repo, &["main", "feature~5"]), "unknown revision `feature~5`");
}

#[test]
fn unrelated_histories_have_no_merge_base() {
    let mut repo = repository();
    repo.orphan("elsewhere", &base_files(), "unrelated");
    fails_with(&run(&repo, &["elsewhere"]), "no merge base between `elsewhere` and `HEAD`");
}

#[test]
fn outside_a_repository_exits_2() {
    let dir = tree(&[("a.okr.yaml", &valid_document("alpha", "2026-Q3", "speed"))]);
    if git2::Repository::discover(dir.path()).is_ok() {
        crate::support::skip(&format!("the temp dir {} is inside a git repository", dir.path().display()));
        return;
    }
    fails_with(&okr(dir.path(), &["diff", "main"]), "not in a git repository");
}

#[test]
fn a_head_that_is_also_a_path_is_refused() {
    let repo = repository();
    crate::support::write(repo.path(), "main", b"a file named like the branch");
    fails_with(&run(&repo, &["feature", "main"]), "both a revision and a path");
}
