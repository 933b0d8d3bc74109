//! The guarantees of `injection.rs` over generated input: titles, notes,
//! units, ids, file names and author names made of controls, bidi
//! characters, zero-width characters, markdown, HTML and workflow commands go
//! through every command (check, score, graph, diff, report, status, due,
//! checkin, and sync with a source that prints the note) and
//! every output format. Terminal outputs hold no raw hidden character and
//! start no workflow command; markdown stays inert; HTML pages make no
//! element or attribute of data; DOT and Mermaid stay
//! well formed; JSON, SARIF and GitLab stay valid JSON, carry the data as
//! it is, and are as inert for a terminal (their escapes are JSON's).
//! Bounded and seeded, like `properties.rs`.

use std::path::Path;
use std::process::Output;

use proptest::prelude::*;
use proptest::test_runner::{Config, RngSeed};
use serde_json::Value;

use crate::git_fixture::{Change, GitFixture};
use crate::html::assert_html_safe;
use crate::injection::{
    annotations, assert_dot_safe, assert_markdown_safe, assert_mermaid_safe, assert_terminal_safe, document, quoted,
};
use crate::support::*;

/// Pieces hostile text is made of.
const PIECES: [&str; 42] = [
    "a",
    "Grow ",
    "é",
    "日本",
    "👩\u{200d}💻",
    "\u{200c}",
    " ",
    "  ",
    "\t",
    "\n",
    "\r\n",
    "\r",
    "\u{0}",
    "\u{7}",
    "\u{1b}",
    "\u{1b}[2J",
    "\u{1b}[8m",
    "\u{1b}]8;;https://evil.example/\u{7}",
    "\u{7f}",
    "\u{9b}",
    "\u{85}",
    "\u{202e}",
    "\u{202a}",
    "\u{2066}",
    "\u{2069}",
    "\u{200b}",
    "\u{2060}",
    "\u{feff}",
    "::error::x",
    "::stop-commands::t",
    " \u{a0}::warning::y",
    "##[error]z",
    "<details><summary>",
    "</details>",
    "<!--",
    "-->",
    "`",
    "[x](javascript:a)",
    "![](https://t.example/p.gif)",
    "@org/team",
    "*_~#|\\$&",
    "https://example.com/a_b",
];

fn hostile(max: usize) -> impl Strategy<Value = String> {
    prop_oneof![
        proptest::collection::vec(proptest::sample::select(&PIECES[..]), 1..max).prop_map(|p| p.concat()),
        // A long unbroken word now and then.
        (40usize..120).prop_map(|n| "w".repeat(n)),
    ]
}

/// An objective id: valid most of the time, so that the data reaches the
/// scores; hostile otherwise, which only `--no-check` reads.
fn id() -> impl Strategy<Value = String> {
    prop_oneof![3 => "[a-z][a-z0-9-]{0,8}", 1 => hostile(4)]
}

#[derive(Debug)]
struct Case {
    title: String,
    note: String,
    unit: String,
    id: String,
    file: String,
    author: String,
    /// A key result's owner: hostile, or a mention `okr due --mention` keeps.
    owner: String,
}

fn case() -> impl Strategy<Value = Case> {
    let owner = prop_oneof![3 => hostile(4), 1 => Just("@ana".to_owned()), 1 => Just("@org/team".to_owned())];
    (hostile(6), hostile(6), hostile(4), id(), hostile(5), hostile(5), owner).prop_map(
        |(title, note, unit, id, file, author, owner)| Case {
            title,
            note,
            unit,
            id,
            // A path segment: no `/` or NUL, and not `.` or `..`.
            file: format!("teams/f{}.okr.yaml", file.replace(['/', '\0'], "")),
            // git keeps no angle brackets, line breaks or NUL in a name.
            author: format!("A {}", author.replace(['<', '>', '\n', '\r', '\0'], "")),
            owner,
        },
    )
}

/// The team file of a case, and the same with the first key result moved.
/// Its second objective has a number in its title: one finding at least.
fn documents(case: &Case) -> (String, String) {
    let text = document("web", &case.title, &case.note, &case.unit)
        .replacen("  - id: grow\n", &format!("  - id: {}\n", quoted(&case.id)), 1)
        .replacen("      - id: second\n", &format!("        owner: {}\n      - id: second\n", quoted(&case.owner)), 1)
        + "  - id: cut\n    title: Cut costs by 50%\n    key_results:\n      - {id: a, title: A, start: 0, target: 1}\n      \
           - {id: b, title: B, start: 0, target: 1}\n";
    let moved = text.replacen("current: 4", "current: 7", 1).replacen("target: 10", "target: 9", 1);
    (text, moved)
}

/// A repository with two commits of the case's file, by the case's author,
/// and the working tree as the last commit.
fn repository(case: &Case) -> GitFixture {
    let (first, second) = documents(case);
    let git = GitFixture::new();
    git.commit(Change::new("2026-07-02", "Ana").write(&case.file, first));
    git.commit(Change::new("2026-07-20", &case.author).write(&case.file, second.clone()));
    write(git.path(), &case.file, second.as_bytes());
    git
}

fn run(dir: &Path, args: &[&str]) -> Output {
    let output = okr(dir, args);
    assert!(matches!(output.status.code(), Some(0..=2)), "{args:?} crashed: {}", stderr(&output));
    assert_terminal_safe(&String::from_utf8_lossy(&output.stderr), &format!("{args:?} stderr"));
    output
}

fn text(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn holds_string(value: &Value, wanted: &str) -> bool {
    match value {
        Value::String(s) => s == wanted,
        Value::Array(items) => items.iter().any(|v| holds_string(v, wanted)),
        Value::Object(map) => map.values().any(|v| holds_string(v, wanted)),
        _ => false,
    }
}

fn holds_substring(value: &Value, wanted: &str) -> bool {
    match value {
        Value::String(s) => s.contains(wanted),
        Value::Array(items) => items.iter().any(|v| holds_substring(v, wanted)),
        Value::Object(map) => map.values().any(|v| holds_substring(v, wanted)),
        _ => false,
    }
}

fn check_every_format(dir: &Path, case: &Case) {
    let json_output = run(dir, &["check", "--format", "json"]);
    assert_terminal_safe(&text(&json_output), "check json");
    let report = json(&json_output);
    let diagnostics = report["diagnostics"].as_array().expect("diagnostics").clone();
    // The file name, exactly.
    assert!(diagnostics.iter().any(|d| d["file"] == case.file.as_str()), "{case:?}: {report}");
    for args in [&["check"][..], &["check", "--format", "human"]] {
        assert_terminal_safe(&text(&run(dir, args)), &format!("{args:?}"));
    }
    let github = text(&run(dir, &["check", "--format", "github"]));
    assert_eq!(annotations(&github, "github"), diagnostics.len(), "{github}");
    assert!(!github.chars().any(crate::injection::is_hidden), "{github}");
    let on_actions = okr_command(dir, &["check"]).env("GITHUB_ACTIONS", "true").output().expect("run okr");
    let on_actions = text(&on_actions);
    assert_eq!(annotations(&on_actions, "on Actions"), diagnostics.len(), "{on_actions}");
    assert!(!on_actions.chars().any(crate::injection::is_hidden), "{on_actions}");
    let sarif = run(dir, &["check", "--format", "sarif"]);
    assert_terminal_safe(&text(&sarif), "sarif");
    let sarif = json(&sarif);
    assert_eq!(sarif["runs"][0]["results"].as_array().map(Vec::len), Some(diagnostics.len()));
    let gitlab = run(dir, &["check", "--format", "gitlab"]);
    assert_terminal_safe(&text(&gitlab), "gitlab");
    let gitlab = json(&gitlab);
    let paths: Vec<&Value> = gitlab.as_array().expect("issues").iter().map(|i| &i["location"]["path"]).collect();
    assert!(paths.iter().any(|p| **p == case.file.as_str()), "{gitlab}");
}

fn score_and_graph(dir: &Path, case: &Case) {
    for checked in [&[][..], &["--no-check"]] {
        let with = |args: &[&'static str]| [args, checked].concat();
        assert_terminal_safe(&text(&run(dir, &with(&["score", "--as-of", "2026-08-01"]))), "score table");
        let markdown = text(&run(dir, &with(&["score", "--format", "markdown", "--as-of", "2026-08-01"])));
        assert_markdown_safe(&markdown, "score markdown");
        let scores = run(dir, &with(&["score", "--format", "json", "--as-of", "2026-08-01"]));
        assert_terminal_safe(&text(&scores), "score json");
        if scores.status.success() {
            let scores = json(&scores);
            if holds_string(&scores, &case.id) {
                assert!(holds_string(&scores, &case.title), "{case:?}: {scores}");
                assert!(holds_substring(&scores, &case.unit), "{case:?}: {scores}");
            }
        }
        assert_terminal_safe(&text(&run(dir, &with(&["graph"]))), "graph tree");
        let output = run(dir, &with(&["graph", "--format", "mermaid"]));
        if output.status.success() {
            assert_mermaid_safe(&text(&output), "mermaid");
        }
        let output = run(dir, &with(&["graph", "--format", "dot"]));
        if output.status.success() {
            assert_dot_safe(&text(&output), "dot");
        }
        let output = run(dir, &with(&["graph", "--format", "json"]));
        assert_terminal_safe(&text(&output), "graph json");
        if output.status.success() && holds_string(&json(&output), &case.id) {
            assert!(holds_string(&json(&output), &case.title), "{case:?}");
        }
    }
}

fn diff_and_report(git: &GitFixture, case: &Case) {
    let dir = git.path();
    // The author as git stored it (it trims some characters from the ends).
    let head = git.repository.head().unwrap().peel_to_commit().unwrap();
    let author = head.author().name().unwrap_or_default().to_owned();
    for args in [&["diff", "HEAD~1", "HEAD"][..], &["diff", "HEAD~1"]] {
        assert_terminal_safe(&text(&run(dir, args)), "diff table");
        let markdown = text(&run(dir, &[args, &["--format", "markdown"]].concat()));
        assert_markdown_safe(&markdown, "diff markdown");
        let output = run(dir, &[args, &["--format", "json"]].concat());
        assert!(output.status.success(), "{}", stderr(&output));
        assert_terminal_safe(&text(&output), "diff json");
        json(&output);
    }
    for checked in [&[][..], &["--no-check"]] {
        let with = |args: &[&'static str]| [&["report", "--period", "2026-Q3"][..], args, checked].concat();
        assert_terminal_safe(&text(&run(dir, &with(&[]))), "report table");
        assert_markdown_safe(&text(&run(dir, &with(&["--format", "markdown"]))), "report markdown");
        let page = run(dir, &with(&["--format", "html"]));
        if page.status.success() {
            assert_html_safe(&text(&page), "report html");
        }
        let output = run(dir, &with(&["--format", "json"]));
        assert_terminal_safe(&text(&output), "report json");
        if output.status.success() {
            let report = json(&output);
            if holds_string(&report, &case.id) {
                assert!(holds_string(&report, &author), "{case:?}: {report}");
            }
        }
    }
}

fn status_and_due(git: &GitFixture, case: &Case) {
    let dir = git.path();
    let head = git.repository.head().unwrap().peel_to_commit().unwrap();
    let author = head.author().name().unwrap_or_default().to_owned();
    let run_today = |args: &[&str]| {
        let output = okr_command(dir, args).env("OKR_TODAY", "2026-08-01").output().expect("run okr");
        assert!(matches!(output.status.code(), Some(0..=2)), "{args:?} crashed: {}", stderr(&output));
        assert_terminal_safe(&String::from_utf8_lossy(&output.stderr), &format!("{args:?} stderr"));
        output
    };
    for command in ["status", "due"] {
        assert_terminal_safe(&text(&run_today(&[command])), &format!("{command} table"));
        assert_markdown_safe(&text(&run_today(&[command, "--format", "markdown"])), &format!("{command} markdown"));
        if command == "status" {
            let page = run_today(&[command, "--format", "html"]);
            if page.status.success() {
                assert_html_safe(&text(&page), "status html");
            }
        }
        let output = run_today(&[command, "--format", "json"]);
        assert_terminal_safe(&text(&output), &format!("{command} json"));
        if output.status.success() && holds_string(&json(&output), &case.id) {
            let value = json(&output);
            assert!(holds_string(&value, &case.title), "{case:?}: {value}");
            if command == "status" {
                assert!(holds_string(&value, &author), "the latest check-in's author: {case:?}: {value}");
                assert!(holds_string(&value, &case.owner), "{case:?}: {value}");
            }
        }
    }
    // With --mention, the owner's heading is live only when the owner is a
    // whole mention; everything else stays as inert as without it.
    let markdown = text(&run_today(&["due", "--format", "markdown", "--mention"]));
    let mention = format!("## {}", case.owner);
    let rest: String = markdown
        .lines()
        .filter(|line| !(okr::render::safe::is_mention(&case.owner) && *line == mention))
        .map(|line| format!("{line}\n"))
        .collect();
    assert_markdown_safe(&rest, "due markdown --mention");
}

fn checkin(dir: &Path, case: &Case) {
    // A command line holds no NUL.
    let reference = format!("web/{}/first@2026-Q3", case.id).replace('\0', "");
    let note = format!("--note={}", case.note.replace('\0', ""));
    let output = run(dir, &["checkin", &reference, "8", &note]);
    assert_terminal_safe(&text(&output), "checkin");
    let output = run(dir, &["checkin", &reference, "9", "--note", "plain"]);
    assert_terminal_safe(&text(&output), "checkin, the old note");
}

/// `okr sync`: a key result whose objective id and title are the case's,
/// naming a command source that prints the case's note; last, since it
/// adds an okr.toml and a file.
fn sync(dir: &Path, case: &Case) {
    let printed = serde_json::Value::from(case.note.as_str()).to_string();
    let config = format!("[sources.s]\ntype = \"command\"\nargv = [\"printf\", \"%s\", {printed}]\n");
    write(dir, "okr.toml", config.as_bytes());
    let file = format!(
        "team: sync\nperiod: 2026-Q3\nobjectives:\n  - id: {}\n    title: {}\n    key_results:\n      \
         - {{id: a, title: {}, start: 0, target: 10, source: s}}\n      - {{id: b, title: B, start: 0, target: 10, source: s}}\n",
        quoted(&case.id),
        quoted(&case.title),
        quoted(&case.title),
    );
    write(dir, "teams/sync.okr.yaml", file.as_bytes());
    let mut command = okr_command(dir, &["sync", "--dry-run"]);
    command.env("OKR_TODAY", "2026-08-15");
    let output = command.output().expect("run okr");
    assert!(matches!(output.status.code(), Some(0..=2)), "sync crashed: {}", stderr(&output));
    assert_terminal_safe(&text(&output), "sync");
    let mut command = okr_command(dir, &["sync", "--dry-run", "--format", "json"]);
    command.env("OKR_TODAY", "2026-08-15");
    let output = command.output().expect("run okr");
    if output.status.code() != Some(2) && !output.stdout.is_empty() {
        let report: Value = serde_json::from_slice(&output.stdout).expect("sync JSON");
        assert_eq!(report["version"], 1);
    }
}

/// `okr export` defuses every text cell a spreadsheet would run, in CSV and
/// TSV, carries the text as it is in JSON, and `okr import` of the CSV says
/// what it does on a terminal without the hostile text driving it.
fn export_and_import(dir: &Path, case: &Case) {
    for (format, delimiter) in [("csv", b','), ("tsv", b'\t')] {
        let output = run(dir, &["export", "--format", format]);
        if output.status.code() != Some(0) {
            // A hostile id stops the export at the checks, as it stops okr score.
            return;
        }
        let mut reader = csv::ReaderBuilder::new().delimiter(delimiter).from_reader(&output.stdout[..]);
        for record in reader.records() {
            for cell in record.expect("a record").iter() {
                let formula = cell.starts_with(['=', '+', '-', '@', '\t', '\r']);
                assert!(!formula || cell.parse::<f64>().is_ok(), "{format}: a cell a spreadsheet runs: {cell:?}");
            }
        }
    }
    let json: Value = serde_json::from_slice(&run(dir, &["export", "--format", "json"]).stdout).expect("JSON");
    assert!(holds_string(&json, &case.title), "export json lacks the title");
    let sheet = tempfile::tempdir().expect("temp dir");
    std::fs::write(sheet.path().join("okrs.csv"), run(dir, &["export"]).stdout).expect("write the sheet");
    for extra in [&["--dry-run"][..], &[]] {
        let output = run(sheet.path(), &[&["import", "okrs.csv", "--dir", "out"][..], extra].concat());
        assert_eq!(output.status.code(), Some(0), "{}", String::from_utf8_lossy(&output.stderr));
        assert_terminal_safe(&text(&output), &format!("import {extra:?}"));
    }
}

fn config(cases: u32) -> Config {
    Config { cases, rng_seed: RngSeed::Fixed(13), failure_persistence: None, ..Config::default() }
}

proptest! {
    #![proptest_config(config(20))]

    #[test]
    fn hostile_text_never_drives_a_terminal_a_runner_or_a_comment(case in case()) {
        let git = repository(&case);
        check_every_format(git.path(), &case);
        score_and_graph(git.path(), &case);
        diff_and_report(&git, &case);
        status_and_due(&git, &case);
        checkin(git.path(), &case);
        export_and_import(git.path(), &case);
        sync(git.path(), &case);
    }
}
