//! `okr score` through the binary: snapshots of every
//! format on `examples/`, the filters, the means, pace, manual scores, health
//! metrics, the checks that run first, colour, and `--rev`.

use std::path::Path;
use std::process::Output;

use serde_json::Value;

use crate::support::*;

/// The date every test scores on: mid 2026-Q3 (day 46 of 92).
const AS_OF: &str = "2026-08-15";

fn json(output: &Output) -> Value {
    assert_eq!(output.status.code(), Some(0), "{}", stderr(output));
    serde_json::from_slice(&output.stdout).expect("JSON on stdout")
}

/// `okr score --format json --as-of AS_OF ARGS` in `dir`, parsed.
fn score_json(dir: &Path, args: &[&str]) -> Value {
    let mut all = vec!["score", "--format", "json", "--as-of", AS_OF];
    all.extend_from_slice(args);
    json(&okr(dir, &all))
}

fn periods(board: &Value) -> Vec<&str> {
    board["periods"].as_array().expect("periods").iter().map(|p| p["period"].as_str().expect("a period")).collect()
}

fn period<'a>(board: &'a Value, name: &str) -> &'a Value {
    board["periods"]
        .as_array()
        .expect("periods")
        .iter()
        .find(|p| p["period"] == name)
        .unwrap_or_else(|| panic!("period {name}"))
}

fn team<'a>(period: &'a Value, name: &str) -> &'a Value {
    period["teams"]
        .as_array()
        .expect("teams")
        .iter()
        .find(|t| t["team"] == name)
        .unwrap_or_else(|| panic!("team {name}"))
}

fn objectives(board: &Value) -> impl Iterator<Item = &Value> {
    json_objectives(board)
}

fn objective<'a>(board: &'a Value, canonical: &str) -> &'a Value {
    objectives(board).find(|o| o["ref"] == canonical).unwrap_or_else(|| panic!("objective {canonical}"))
}

fn objective_refs(board: &Value) -> Vec<&str> {
    objectives(board).map(|o| o["ref"].as_str().expect("a ref")).collect()
}

fn key_result<'a>(board: &'a Value, canonical: &str) -> &'a Value {
    objectives(board)
        .flat_map(|o| o["key_results"].as_array().expect("key results"))
        .find(|k| k["ref"] == canonical)
        .unwrap_or_else(|| panic!("key result {canonical}"))
}

// --- Snapshots of examples/ ---

fn examples(format: &str) -> String {
    // Today is the as-of date: the files on disk, never this repository's history.
    let output = okr_on_day(&repo(), AS_OF, &["score", "examples", "--format", format, "--color", "never"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(stderr(&output).is_empty(), "{}", stderr(&output));
    stdout(&output)
}

#[test]
fn table_snapshot() {
    insta::assert_snapshot!("score_table", examples("table"));
}

#[test]
fn markdown_snapshot() {
    insta::assert_snapshot!("score_markdown", examples("markdown"));
}

#[test]
fn json_snapshot() {
    insta::assert_snapshot!("score_json", examples("json"));
}

/// The numbers examples/README.md promises, read from the JSON.
#[test]
fn examples_match_their_readme() {
    let board: Value = serde_json::from_str(&examples("json")).expect("JSON");
    let expected = [
        ("company/ship-faster@2026", 0.49, "yellow", "on-track"),
        ("company/delight-shoppers@2026", 0.41, "yellow", "at-risk"),
        ("company/trusted-data@2026", 0.67, "red", "on-track"),
        ("engineering/paved-road@2026-H2", 0.67, "yellow", "on-track"),
        ("engineering/reliable-core@2026-H2", 0.67, "red", "on-track"),
        ("platform/boring-deploys@2026-Q3", 0.41, "yellow", "on-track"),
        ("platform/observability@2026-Q3", 0.74, "green", "on-track"),
        ("checkout/frictionless-checkout@2026-Q3", 0.69, "yellow", "on-track"),
        ("checkout/payment-reliability@2026-Q3", 0.67, "red", "on-track"),
        ("mobile/app-checkout@2026-Q3", 0.11, "red", "off-track"),
        ("mobile/app-store-love@2026-Q3", 0.81, "green", "on-track"),
        ("data/trusted-metrics@2026-Q3", 1.00, "green", "on-track"),
        ("data/experimentation@2026-Q3", 0.39, "red", "on-track"),
    ];
    assert_eq!(objective_refs(&board).len(), expected.len());
    for (canonical, score, grade, status) in expected {
        let o = objective(&board, canonical);
        let actual = o["score"].as_f64().expect("a score");
        assert!((actual - score).abs() < 0.005, "{canonical}: {actual}, README says {score}");
        assert_eq!(o["grade"], grade, "{canonical}");
        assert_eq!(o["status"], status, "{canonical}");
    }
    let q3 = period(&board, "2026-Q3");
    for (name, score) in [("platform", 0.58), ("checkout", 0.68), ("mobile", 0.46), ("data", 0.69)] {
        let actual = team(q3, name)["score"].as_f64().expect("a score");
        assert!((actual - score).abs() < 0.005, "{name}: {actual}, README says {score}");
    }
    let actual = q3["score"].as_f64().expect("a score");
    assert!((actual - 0.60).abs() < 0.005, "2026-Q3: {actual}");
    // Pace on 2026-08-15: 46 of 92 days of Q3, 46 of 184 of H2, 227 of 365 of 2026.
    assert_close(
        &objective(&board, "platform/boring-deploys@2026-Q3")["expected"],
        46.0 / 92.0 * 0.7,
        "Q3 aspirational",
    );
    assert_close(&objective(&board, "data/trusted-metrics@2026-Q3")["expected"], 0.5, "Q3 committed");
    assert_close(
        &objective(&board, "engineering/paved-road@2026-H2")["expected"],
        46.0 / 184.0 * 0.7,
        "H2 aspirational",
    );
    assert_close(&objective(&board, "company/trusted-data@2026")["expected"], 227.0 / 365.0, "2026 committed");
}

// --- Behaviour on small trees ---

/// alpha in 2026-Q3: `speed` (delivery; 0.5 weighted 2 and 1.0: 2/3) and
/// `quality` (0.25 and a manual 0.9 over a computed 0: 0.575), with three
/// health metrics; beta in 2026-Q3: committed `growth` (delivery; 1 and 0:
/// 0.5); alpha in 2026-Q4: `later` (0).
const ALPHA_Q3: &str = "\
team: alpha
period: 2026-Q3
objectives:
  - id: speed
    title: Ship smoothly
    tags: [delivery]
    key_results:
      - id: lead-time
        title: Lead time falls
        start: 0
        target: 10
        current: 5
        weight: 2
      - id: pipeline
        title: Pipeline rebuilt
        done: true
  - id: quality
    title: Delight users
    tags: [quality]
    key_results:
      - id: bugs
        title: Bugs fixed grow
        start: 0
        target: 4
        current: 1
      - id: launch
        title: Launch done
        done: false
        score: 0.9
        note: nearly there
health:
  - id: uptime
    title: Uptime
    at_least: 99.9
    current: 99.95
    unit: \"%\"
  - id: latency
    title: Latency
    at_most: 200
    current: 250
    unit: ms
  - id: errors
    title: Errors
    at_most: 1
";

const BETA_Q3: &str = "\
team: beta
period: 2026-Q3
objectives:
  - id: growth
    title: Grow steadily
    kind: committed
    tags: [delivery]
    key_results:
      - id: signups
        title: Signups stay high
        at_least: 100
        current: 120
      - id: partner
        title: Partner signed
        done: false
";

const ALPHA_Q4: &str = "\
team: alpha
period: 2026-Q4
objectives:
  - id: later
    title: Plan ahead
    key_results:
      - id: first
        title: First moves
        start: 0
        target: 10
      - id: second
        title: Second done
        done: false
";

const SPEED: f64 = 2.0 / 3.0;
const QUALITY: f64 = (0.25 + 0.9) / 2.0;
const GROWTH: f64 = 0.5;

fn small_tree() -> tempfile::TempDir {
    tree(&[("alpha/q3.okr.yaml", ALPHA_Q3), ("beta/q3.okr.yaml", BETA_Q3), ("alpha/q4.okr.yaml", ALPHA_Q4)])
}

#[test]
fn team_score_is_the_mean_of_its_objectives_and_period_score_the_mean_of_all() {
    let dir = small_tree();
    let board = score_json(dir.path(), &[]);
    assert_eq!(board["version"], 1);
    assert_eq!(board["as_of"], AS_OF);
    assert_eq!(periods(&board), ["2026-Q3", "2026-Q4"]);
    assert_close(&objective(&board, "alpha/speed@2026-Q3")["score"], SPEED, "weighted mean");
    assert_close(&objective(&board, "alpha/quality@2026-Q3")["score"], QUALITY, "manual score counts");
    assert_close(&objective(&board, "beta/growth@2026-Q3")["score"], GROWTH, "committed");
    let q3 = period(&board, "2026-Q3");
    assert_eq!(q3["start"], "2026-07-01");
    assert_eq!(q3["end"], "2026-09-30");
    assert_close(&team(q3, "alpha")["score"], (SPEED + QUALITY) / 2.0, "alpha");
    assert_close(&team(q3, "beta")["score"], GROWTH, "beta");
    // The mean of every objective, not the mean of the team means.
    assert_close(&q3["score"], (SPEED + QUALITY + GROWTH) / 3.0, "2026-Q3");
    let q4 = period(&board, "2026-Q4");
    assert_close(&q4["score"], 0.0, "2026-Q4");
    assert_close(&team(q4, "alpha")["score"], 0.0, "alpha in Q4");
}

#[test]
fn period_filter() {
    let dir = small_tree();
    let q4 = score_json(dir.path(), &["--period", "2026-Q4"]);
    assert_eq!(periods(&q4), ["2026-Q4"]);
    assert_eq!(objective_refs(&q4), ["alpha/later@2026-Q4"]);
    let q3 = score_json(dir.path(), &["--period", "2026-Q3"]);
    assert_eq!(periods(&q3), ["2026-Q3"]);
    assert_eq!(objective_refs(&q3), ["alpha/speed@2026-Q3", "alpha/quality@2026-Q3", "beta/growth@2026-Q3"]);
    let none = score_json(dir.path(), &["--period", "2025"]);
    assert_eq!(periods(&none), Vec::<&str>::new());
    let bad = okr(dir.path(), &["score", "--period", "2026-Q5"]);
    assert_eq!(bad.status.code(), Some(2), "a bad period is a usage error");
}

#[test]
fn team_filter() {
    let dir = small_tree();
    let board = score_json(dir.path(), &["--team", "beta"]);
    assert_eq!(periods(&board), ["2026-Q3"], "beta has nothing in Q4");
    assert_eq!(objective_refs(&board), ["beta/growth@2026-Q3"]);
    let q3 = period(&board, "2026-Q3");
    assert_eq!(q3["teams"].as_array().expect("teams").len(), 1);
    assert_close(&q3["score"], GROWTH, "the period score of what is shown");
    let alpha = score_json(dir.path(), &["--team", "alpha", "--period", "2026-Q3"]);
    assert_eq!(objective_refs(&alpha), ["alpha/speed@2026-Q3", "alpha/quality@2026-Q3"]);
}

#[test]
fn team_was_not_repeatable() {
    let dir = small_tree();
    let both = score_json(dir.path(), &["--team", "beta", "--team", "alpha", "--period", "2026-Q3"]);
    assert_eq!(objective_refs(&both), ["alpha/speed@2026-Q3", "alpha/quality@2026-Q3", "beta/growth@2026-Q3"]);
}

#[test]
fn an_unknown_team_showed_nothing_and_exited_0() {
    let dir = small_tree();
    for command in [&["score"][..], &["graph"], &["score", "--format", "json"]] {
        let mut args = command.to_vec();
        args.extend(["--team", "alpha", "--team", "nosuchteam"]);
        let output = okr(dir.path(), &args);
        assert_eq!(output.status.code(), Some(2), "{args:?}: {}", stdout(&output));
        assert!(output.stdout.is_empty(), "{args:?}");
        assert_eq!(
            stderr(&output),
            "okr: error: `nosuchteam` is not a team of these OKR files (--team); the teams are `alpha`, `beta`\n",
            "{args:?}"
        );
    }
    let two = okr(dir.path(), &["score", "--team", "gamma", "--team", "delta"]);
    assert!(stderr(&two).contains("`gamma`, `delta` are not teams of these OKR files"), "{}", stderr(&two));
}

#[test]
fn a_lowercase_period_was_refused() {
    let dir = small_tree();
    let lower = score_json(dir.path(), &["--period", "2026-q4"]);
    assert_eq!(periods(&lower), ["2026-Q4"]);
    assert_eq!(okr(dir.path(), &["graph", "--period", "2026-h2"]).status.code(), Some(0));
    // In a file, one spelling: the finding says which.
    let file = tree(&[("t.okr.yaml", &valid_document("t", "2026-q3", "o"))]);
    let check = okr(file.path(), &["check"]);
    assert_eq!(check.status.code(), Some(1));
    assert!(stdout(&check).contains("write the period in capitals: `2026-Q3`"), "{}", stdout(&check));
}

#[test]
fn help_placeholders_read_team_and_period() {
    for command in ["score", "graph", "report", "new", "carry"] {
        let help = stdout(&okr(&repo(), &[command, "--help"]));
        assert!(help.contains("<TEAM>"), "{command}: {help}");
        assert!(help.contains("<PERIOD>"), "{command}: {help}");
        for old in ["<T>", "<P>", "<Q>"] {
            assert!(!help.contains(old), "{command} still shows {old}: {help}");
        }
    }
}

#[test]
fn tag_filter() {
    let dir = small_tree();
    let board = score_json(dir.path(), &["--tag", "delivery"]);
    assert_eq!(objective_refs(&board), ["alpha/speed@2026-Q3", "beta/growth@2026-Q3"]);
    let q3 = period(&board, "2026-Q3");
    assert_close(&team(q3, "alpha")["score"], SPEED, "alpha, delivery only");
    assert_close(&q3["score"], (SPEED + GROWTH) / 2.0, "2026-Q3, delivery only");
    let quality = score_json(dir.path(), &["--tag", "quality", "--period", "2026-Q3"]);
    assert_eq!(objective_refs(&quality), ["alpha/quality@2026-Q3"]);
}

#[test]
fn pace_only_inside_the_period() {
    let dir = small_tree();
    let board = score_json(dir.path(), &[]);
    let speed = objective(&board, "alpha/speed@2026-Q3");
    assert_close(&speed["expected"], 0.35, "aspirational: 46/92 × 0.7");
    assert_eq!(speed["status"], "on-track");
    let growth = objective(&board, "beta/growth@2026-Q3");
    assert_close(&growth["expected"], 0.5, "committed: 46/92 × 1");
    assert_eq!(growth["status"], "on-track", "0.5 ≥ 0.5");
    let later = objective(&board, "alpha/later@2026-Q4").as_object().expect("an object");
    assert!(!later.contains_key("expected") && !later.contains_key("status"), "{later:?}");

    // On the last day of Q3, 0.7 (aspirational) and 1 (committed) are expected.
    let end = json(&okr(dir.path(), &["score", "--format", "json", "--as-of", "2026-09-30", "--period", "2026-Q3"]));
    assert_close(&objective(&end, "alpha/speed@2026-Q3")["expected"], 0.7, "the whole quarter");
    assert_eq!(objective(&end, "alpha/speed@2026-Q3")["status"], "at-risk", "0.35 ≤ 0.67 < 0.7");
    assert_eq!(objective(&end, "alpha/quality@2026-Q3")["status"], "at-risk", "0.35 ≤ 0.575 < 0.7");
    assert_eq!(objective(&end, "beta/growth@2026-Q3")["status"], "at-risk", "0.5 ≤ 0.5 < 1");
    let q4_end = json(&okr(dir.path(), &["score", "--format", "json", "--as-of", "2026-12-31", "--period", "2026-Q4"]));
    assert_eq!(objective(&q4_end, "alpha/later@2026-Q4")["status"], "off-track", "0 < 0.35");

    // Before the quarter starts, nothing has a pace.
    let before = json(&okr(dir.path(), &["score", "--format", "json", "--as-of", "2026-06-30"]));
    for o in objectives(&before) {
        let o = o.as_object().expect("an object");
        assert!(!o.contains_key("expected") && !o.contains_key("status"), "{o:?}");
    }
}

#[test]
fn manual_score_shows_score_and_computed_score() {
    let dir = small_tree();
    let board = score_json(dir.path(), &[]);
    let launch = key_result(&board, "alpha/quality/launch@2026-Q3");
    assert_close(&launch["score"], 0.9, "the manual score");
    assert_close(&launch["computed_score"], 0.0, "an unfinished milestone");
    assert_eq!(launch["type"], "milestone");
    assert_eq!(launch["grade"], "green");
    let bugs = key_result(&board, "alpha/quality/bugs@2026-Q3");
    assert_close(&bugs["score"], 0.25, "computed");
    assert_close(&bugs["computed_score"], 0.25, "computed");
    let table = stdout(&okr(dir.path(), &["score", "--as-of", AS_OF, "--color", "never"]));
    assert!(table.contains("(manual score; computed 0.00)"), "{table}");
    let markdown = stdout(&okr(dir.path(), &["score", "--as-of", AS_OF, "--format", "markdown"]));
    assert!(markdown.contains("0.90 (manual; computed 0.00)"), "{markdown}");
}

#[test]
fn weights_serialise_as_integers() {
    let dir = small_tree();
    let text = stdout(&okr(dir.path(), &["score", "--format", "json", "--as-of", AS_OF]));
    assert!(text.contains("\"weight\": 2,"), "{text}");
    assert!(text.contains("\"weight\": 1,"), "{text}");
    assert!(!text.contains("\"weight\": 2.0") && !text.contains("\"weight\": 1.0"), "{text}");
    // A fractional weight stays fractional (examples: mobile/app-store-love/review-replies).
    assert!(examples("json").contains("\"weight\": 0.5,"));
}

#[test]
fn health_metrics_per_team() {
    let dir = small_tree();
    let board = score_json(dir.path(), &["--period", "2026-Q3"]);
    let q3 = period(&board, "2026-Q3");
    let health = team(q3, "alpha")["health"].as_array().expect("health");
    let summary: Vec<(&str, &str)> =
        health.iter().map(|h| (h["id"].as_str().expect("id"), h["status"].as_str().expect("status"))).collect();
    assert_eq!(summary, [("uptime", "healthy"), ("latency", "breached"), ("errors", "unknown")]);
    let uptime = health[0].as_object().expect("an object");
    assert_eq!(uptime.keys().collect::<Vec<_>>(), ["id", "title", "status", "current", "at_least", "unit"]);
    assert_eq!(uptime["title"], "Uptime");
    assert_eq!(uptime["unit"], "%");
    assert_close(&uptime["current"], 99.95, "current");
    assert_close(&uptime["at_least"], 99.9, "at_least");
    let latency = health[1].as_object().expect("an object");
    assert_eq!(latency.keys().collect::<Vec<_>>(), ["id", "title", "status", "current", "at_most", "unit"]);
    assert_eq!(latency["at_most"], 200, "an integer bound stays an integer");
    assert_eq!(latency["current"], 250);
    let errors = health[2].as_object().expect("an object");
    assert!(errors["current"].is_null(), "{errors:?}");
    assert!(errors["unit"].is_null(), "{errors:?}");
    assert_eq!(errors["at_most"], 1);
    assert_eq!(team(q3, "beta")["health"], Value::Array(Vec::new()));
    // Health metrics never enter a score.
    assert_close(&team(q3, "alpha")["score"], (SPEED + QUALITY) / 2.0, "alpha");

    let table = stdout(&okr(dir.path(), &["score", "--as-of", AS_OF, "--color", "never", "--period", "2026-Q3"]));
    assert!(table.contains("Health metrics (KPIs, not scored):"), "{table}");
    for line in ["Uptime", "healthy", "Latency", "breached", "Errors", "unknown"] {
        assert!(table.contains(line), "{line} in {table}");
    }
}

#[test]
fn errors_stop_scoring_unless_no_check() {
    let one_kr = "team: gamma\nperiod: 2026-Q3\nobjectives:\n  - id: lonely\n    title: Make one thing better\n    key_results:\n      - id: only\n        title: Only result moves\n        start: 0\n        target: 10\n        current: 5\n";
    let dir = tree(&[("good.okr.yaml", BETA_Q3), ("bad.okr.yaml", one_kr)]);
    for format in ["table", "json", "markdown"] {
        let output = okr(dir.path(), &["score", "--as-of", AS_OF, "--format", format, "--color", "never"]);
        assert_eq!(output.status.code(), Some(1), "{format}: {}", stderr(&output));
        assert!(output.stdout.is_empty(), "{format}: {}", stdout(&output));
        let err = stderr(&output);
        assert!(err.contains("kr-count"), "{err}");
        assert!(err.contains("bad.okr.yaml:6:5"), "{err}");
        assert!(err.contains("--no-check"), "{err}");
    }
    let board = score_json(dir.path(), &["--no-check"]);
    assert_close(&objective(&board, "gamma/lonely@2026-Q3")["score"], 0.5, "scored anyway");
    assert_close(&objective(&board, "beta/growth@2026-Q3")["score"], GROWTH, "the good file too");

    // Warnings do not stop it (a threshold KR in an aspirational objective: kr-kpi).
    let warning = BETA_Q3.replace("    kind: committed\n", "");
    let dir = tree(&[("warn.okr.yaml", &warning)]);
    let output = okr(dir.path(), &["score", "--as-of", AS_OF, "--format", "json"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(stderr(&output).is_empty(), "{}", stderr(&output));
}

#[test]
fn color_always_and_never() {
    let dir = small_tree();
    let always = stdout(&okr(dir.path(), &["score", "--as-of", AS_OF, "--color", "always"]));
    assert!(always.contains("\u{1b}["), "{always}");
    let never = stdout(&okr(dir.path(), &["score", "--as-of", AS_OF, "--color", "never"]));
    assert!(!never.contains('\u{1b}'), "{never}");
    // Not a terminal: `auto` is off.
    let auto = stdout(&okr(dir.path(), &["score", "--as-of", AS_OF]));
    assert!(!auto.contains('\u{1b}'), "{auto}");
    // JSON is never coloured.
    let json = stdout(&okr(dir.path(), &["score", "--as-of", AS_OF, "--color", "always", "--format", "json"]));
    assert!(!json.contains('\u{1b}'), "{json}");
}

#[test]
fn nothing_to_score() {
    let dir = tree(&[("notes.txt", "nothing here")]);
    let output = okr(dir.path(), &["score", "--as-of", AS_OF, "--color", "never"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(stdout(&output).contains("No objectives to score."), "{}", stdout(&output));
    assert_eq!(score_json(dir.path(), &[])["periods"], Value::Array(Vec::new()));
}

// --- `--rev` ---

const FILE: &str = "okrs/alpha.okr.yaml";

fn signature() -> git2::Signature<'static> {
    git2::Signature::new("Test", "test@example.com", &git2::Time::new(1_780_000_000, 0)).expect("a signature")
}

/// Commit `content` as FILE on top of HEAD (if any), building the tree from
/// blobs: no index, no filters, nothing read from the machine's git config.
fn commit(repository: &git2::Repository, content: &str, message: &str) {
    let blob = repository.blob(content.as_bytes()).expect("blob");
    let mut okrs = repository.treebuilder(None).expect("treebuilder");
    okrs.insert("alpha.okr.yaml", blob, 0o100_644).expect("insert file");
    let okrs = okrs.write().expect("write tree");
    let mut root = repository.treebuilder(None).expect("treebuilder");
    root.insert("okrs", okrs, 0o040_000).expect("insert dir");
    let tree = repository.find_tree(root.write().expect("write tree")).expect("tree");
    let parent = repository.head().ok().map(|head| head.peel_to_commit().expect("a commit"));
    let parents: Vec<&git2::Commit> = parent.iter().collect();
    let signature = signature();
    repository.commit(Some("HEAD"), &signature, &signature, message, &tree, &parents).expect("commit");
}

/// A repository with two commits of FILE: `current: 5`, then `current: 10`
/// (also in the working tree).
fn two_commits() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    let repository = git2::Repository::init(dir.path()).expect("init");
    let old = valid_document("alpha", "2026-Q3", "speed");
    let new = old.replace("current: 5\n", "current: 10\n");
    assert_ne!(old, new);
    commit(&repository, &old, "first");
    commit(&repository, &new, "second");
    write(dir.path(), FILE, new.as_bytes());
    dir
}

#[test]
fn rev_reads_the_files_at_a_revision() {
    let dir = two_commits();
    let old = score_json(dir.path(), &["--rev", "HEAD~1"]);
    assert_close(&key_result(&old, "alpha/speed/first@2026-Q3")["score"], 0.5, "5 of 10");
    assert_close(&objective(&old, "alpha/speed@2026-Q3")["score"], 0.25, "old objective");
    assert_eq!(objective(&old, "alpha/speed@2026-Q3")["file"], FILE);
    let new = score_json(dir.path(), &["--rev", "HEAD"]);
    assert_close(&key_result(&new, "alpha/speed/first@2026-Q3")["score"], 1.0, "10 of 10");
    assert_close(&objective(&new, "alpha/speed@2026-Q3")["score"], 0.5, "new objective");
    // The working tree, then a revision again with the working tree changed.
    let worktree = score_json(dir.path(), &[]);
    assert_close(&objective(&worktree, "alpha/speed@2026-Q3")["score"], 0.5, "working tree");
    write(dir.path(), FILE, b"team: [broken\n");
    let old_again = score_json(dir.path(), &["--rev", "HEAD~1"]);
    assert_close(&objective(&old_again, "alpha/speed@2026-Q3")["score"], 0.25, "the disk is not read");
    // From a subdirectory, with a path.
    write(dir.path(), FILE, valid_document("alpha", "2026-Q3", "speed").as_bytes());
    let sub = score_json(&dir.path().join("okrs"), &["--rev", "HEAD~1", "."]);
    assert_eq!(objective(&sub, "alpha/speed@2026-Q3")["file"], "alpha.okr.yaml");
}

#[test]
fn unknown_rev_exits_2_naming_it() {
    let dir = two_commits();
    let output = okr(dir.path(), &["score", "--rev", "no-such-rev", "--as-of", AS_OF]);
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    assert!(output.stdout.is_empty(), "{}", stdout(&output));
    assert!(stderr(&output).contains("no-such-rev"), "{}", stderr(&output));
}

#[test]
fn rev_outside_a_repository_exits_2() {
    let dir = tree(&[("alpha.okr.yaml", &valid_document("alpha", "2026-Q3", "speed"))]);
    if git2::Repository::discover(dir.path()).is_ok() {
        crate::support::skip(&format!("the temp dir {} is inside a git repository", dir.path().display()));
        return;
    }
    let output = okr(dir.path(), &["score", "--rev", "HEAD", "--as-of", AS_OF]);
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    assert!(output.stdout.is_empty(), "{}", stdout(&output));
    assert!(stderr(&output).contains("not in a git repository"), "{}", stderr(&output));
}

#[test]
fn progress_across_the_whole_range_of_numbers_does_not_overflow_to_zero() {
    // `target - start` is twice the largest f64: it used to overflow to
    // infinity and score 0.00 instead of halfway.
    let document = "team: wide\nperiod: 2026-Q3\nobjectives:\n  - id: span\n    title: Cover the whole range\n    key_results:\n      - id: up\n        title: Up across everything\n        start: -1.7976931348623157e308\n        target: 1.7976931348623157e308\n        current: 0\n      - id: down\n        title: Down across everything\n        start: 1.7976931348623157e308\n        target: -1.7976931348623157e308\n        current: -8.988465674311579e307\n";
    let dir = tree(&[("wide.okr.yaml", document)]);
    let board = score_json(dir.path(), &[]);
    assert_close(&key_result(&board, "wide/span/up@2026-Q3")["score"], 0.5, "halfway up");
    assert_close(&key_result(&board, "wide/span/down@2026-Q3")["score"], 0.75, "three quarters down");
    assert_close(&objective(&board, "wide/span@2026-Q3")["score"], 0.625, "their mean");
    let table = stdout(&okr(dir.path(), &["score", "--as-of", AS_OF, "--color", "never"]));
    assert!(table.contains("0.50") && table.contains("0.75"), "{table}");
}

#[test]
fn no_check_says_which_key_results_are_not_scored_as_written() {
    // A key result with a schema error used to be left out of the scores,
    // or scored 0, without a word.
    let document = valid_document("t", "2026-Q3", "o").replace("target: 10", "target: \"10\"")
        + "      - title: Third result has no id\n        start: 0\n        target: 4\n";
    let dir = tree(&[("a.okr.yaml", &document), ("b.okr.yaml", "team: u\n\tperiod: 2026-Q3\n")]);
    let output = okr(dir.path(), &["score", "--no-check", "--as-of", AS_OF, "--format", "json"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(
        stderr(&output).lines().collect::<Vec<_>>(),
        [
            "warning: a.okr.yaml:7:9: t/o/first@2026-Q3 has a schema error: it is scored without the values in error",
            "warning: a.okr.yaml:16:9: not scored: a key result of t/o@2026-Q3 with a schema error; \
             the objective is scored without it",
            "warning: b.okr.yaml:2:1: not scored: the file cannot be read as an OKR file",
            "warning: --no-check: not scored as written: 3 parts of the files; `okr check` says why",
        ]
    );
    // stdout is still the board alone.
    assert_eq!(json(&output)["version"], 1);
    // `-q` drops the summary line, not the warnings.
    let quiet = okr(dir.path(), &["score", "--no-check", "-q", "--as-of", AS_OF, "--format", "json"]);
    assert_eq!(stderr(&quiet).lines().count(), 3, "{}", stderr(&quiet));
    // A clean tree: nothing on stderr.
    let clean = tree(&[("a.okr.yaml", &valid_document("t", "2026-Q3", "o"))]);
    let output = okr(clean.path(), &["score", "--no-check", "--as-of", AS_OF]);
    assert!(stderr(&output).is_empty(), "{}", stderr(&output));
}

/// `okr score --format json ARGS` in `dir` with `OKR_TODAY` set to `today`.
fn score_on(dir: &Path, today: &str, args: &[&str]) -> Output {
    let mut all = vec!["score", "--format", "json"];
    all.extend_from_slice(args);
    std::process::Command::new(env!("CARGO_BIN_EXE_okr"))
        .args(&all)
        .current_dir(dir)
        .env_remove("NO_COLOR")
        .env_remove("GITHUB_ACTIONS")
        .env_remove("COLUMNS")
        .env("OKR_TODAY", today)
        .output()
        .expect("run okr")
}

#[test]
fn okr_today_sets_the_default_as_of_date() {
    let dir = small_tree();
    let board = json(&score_on(dir.path(), AS_OF, &[]));
    assert_eq!(board["as_of"], AS_OF);
    assert_eq!(board, score_json(dir.path(), &[]), "OKR_TODAY scores as --as-of the same date does");
    let later = json(&score_on(dir.path(), "2026-09-30", &[]));
    assert_eq!(later["as_of"], "2026-09-30");
    assert_ne!(later, board, "pace depends on the date");
    // --as-of still wins over OKR_TODAY.
    assert_eq!(json(&score_on(dir.path(), "2026-09-30", &["--as-of", AS_OF])), board);
}

#[test]
fn a_bad_okr_today_is_exit_2_naming_the_format() {
    let dir = small_tree();
    for bad in ["tomorrow", "2026-13-01", "15/08/2026"] {
        let output = score_on(dir.path(), bad, &[]);
        assert_eq!(output.status.code(), Some(2), "{bad}: {}", stderr(&output));
        assert!(output.stdout.is_empty(), "{bad}");
        assert_eq!(
            stderr(&output),
            format!(
                "okr: error: OKR_TODAY is `{bad}`, not a date: write it as YYYY-MM-DD (e.g. 2026-07-01), or unset it\n"
            )
        );
    }
}

/// Key-result `owner`, and the `note` a check-in writes, appeared in no
/// output of `okr score`: JSON carries them (and the objective's owner), the
/// table and markdown show them beside the key result.
#[test]
fn score_shows_owners_and_notes() {
    let document = valid_document("t", "2026-Q3", "o")
        .replace("    title: Make things better\n", "    title: Make things better\n    owner: \"@t/leads\"\n")
        .replace(
            "        current: 5\n",
            "        current: 5\n        owner: Ana <b>\n        note: Pipelines cached\n",
        );
    let dir = tree(&[("t.okr.yaml", &document)]);
    let board = json(&okr_on_day(dir.path(), "2026-08-15", &["score", "--format", "json"]));
    let objective = &board["periods"][0]["teams"][0]["objectives"][0];
    assert_eq!(objective["owner"], "@t/leads", "{board:#}");
    let first = &objective["key_results"][0];
    assert_eq!((&first["owner"], &first["note"]), (&Value::from("Ana <b>"), &Value::from("Pipelines cached")));
    let second = &objective["key_results"][1];
    assert_eq!((&second["owner"], &second["note"]), (&Value::Null, &Value::Null));
    let table = stdout(&okr_on_day(dir.path(), "2026-08-15", &["score"]));
    assert!(table.contains("0 → 10, now 5 · Ana <b> · “Pipelines cached”"), "{table}");
    let markdown = stdout(&okr_on_day(dir.path(), "2026-08-15", &["score", "--format", "markdown"]));
    assert!(markdown.contains("| Ana &lt;b&gt; · “Pipelines cached” |"), "{markdown}");
}
