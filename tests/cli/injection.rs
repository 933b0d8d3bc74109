//! Injection (issue 13): nothing in a file, a path, a commit or a setting can
//! drive a terminal, a CI runner or a pull-request comment. Each attack of the
//! issue, reproduced: GitHub workflow commands (`::error`, `::stop-commands::`)
//! from keys, notes, file names and tree paths; escape sequences, OSC 8
//! links, bidi overrides, NUL and U+200B in titles, notes, units and author
//! names; markdown and HTML in the markdown okr posts. The checks of the
//! guarantees are here too, for `injection_property.rs`.

use std::path::Path;
use std::process::Output;

use crate::git_fixture::{files, Change, GitFixture, Repo};
use crate::support::*;

// --- the guarantees, as checks ---

/// A character no terminal output of okr may hold raw (`\n` aside): the C0
/// and C1 controls, DEL, the bidi controls, U+200B, U+2060 and U+FEFF.
pub fn is_hidden(c: char) -> bool {
    (c.is_control() && c != '\n')
        || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{200b}' | '\u{2060}' | '\u{feff}')
}

/// No hidden character, and no workflow command: no line that starts with
/// `::` (after white space, which the runner skips) and no `##[` anywhere
/// (the runner's older syntax, which it reads anywhere in a line).
pub fn assert_terminal_safe(text: &str, what: &str) {
    if let Some(c) = text.chars().find(|c| is_hidden(*c)) {
        panic!("{what}: a raw {c:?} in\n{text}");
    }
    assert_no_command_line(text, what);
}

pub fn assert_no_command_line(text: &str, what: &str) {
    for line in text.split('\n') {
        assert!(!line.trim_start().starts_with("::"), "{what}: a line starts a workflow command: {line:?}\n{text}");
    }
    assert!(!text.contains("##["), "{what}: a legacy workflow command:\n{text}");
}

/// Every line that starts with `::` is one of okr's annotations, whole:
/// `::error file=…,line=N,col=N,endLine=N,endColumn=N,title=CODE::MESSAGE`,
/// with no line break or `%` left unescaped; returns how many there are.
pub fn annotations(text: &str, what: &str) -> usize {
    assert!(!text.contains("##["), "{what}: a legacy workflow command:\n{text}");
    let mut count = 0;
    for line in text.split('\n').filter(|l| l.trim_start().starts_with("::")) {
        let rest = line
            .strip_prefix("::error file=")
            .or_else(|| line.strip_prefix("::warning file="))
            .unwrap_or_else(|| panic!("{what}: not an annotation: {line:?}"));
        let (properties, message) = rest.split_once("::").unwrap_or_else(|| panic!("{what}: {line:?}"));
        let fields: Vec<&str> = properties.split(',').collect();
        assert_eq!(fields.len(), 6, "{what}: properties of {line:?}");
        for (field, name) in fields[1..].iter().zip(["line=", "col=", "endLine=", "endColumn=", "title="]) {
            let value = field.strip_prefix(name).unwrap_or_else(|| panic!("{what}: {name} in {line:?}"));
            if name == "title=" {
                assert!(value.chars().all(|c| c.is_ascii_lowercase() || c == '-'), "{what}: {line:?}");
            } else {
                assert!(value.parse::<u32>().is_ok(), "{what}: {line:?}");
            }
        }
        assert!(!fields[0].contains(':') && !message.contains('\r'), "{what}: {line:?}");
        count += 1;
    }
    count
}

/// okr's own markup, which data must never add to.
const OKR_TAGS: [&str; 9] =
    ["<br>", "<wbr>", "<br/>", "<details>", "</details>", "<summary>", "</summary>", "<code>", "</code>"];

/// Markdown for a pull request: terminal-safe, no tag but okr's own, no
/// backtick outside okr's code spans of plain names, no live `@mention`.
pub fn assert_markdown_safe(text: &str, what: &str) {
    assert_terminal_safe(text, what);
    for line in text.lines() {
        let mut rest = line.to_owned();
        for tag in OKR_TAGS {
            rest = rest.replace(tag, "");
        }
        assert!(!rest.contains('<'), "{what}: a tag okr did not write: {line:?}");
        let mut outside = String::new();
        for (i, part) in rest.split('`').enumerate() {
            if i % 2 == 0 {
                outside.push_str(part);
            } else {
                let plain = |c: char| c.is_ascii_alphanumeric() || "-_./:@+".contains(c);
                assert!(!part.is_empty() && part.chars().all(plain), "{what}: data in a code span: {line:?}");
            }
        }
        assert!(rest.matches('`').count() % 2 == 0, "{what}: an odd backtick: {line:?}");
        for (at, _) in outside.match_indices('@') {
            assert!(outside[at + 1..].starts_with("&#8203;"), "{what}: a live mention: {line:?}");
        }
        let breakable = line.replace("<wbr>", " ").replace("<br>", " ");
        assert!(!breakable.split_whitespace().any(|w| w.chars().count() > 200), "{what}: an unbreakable run: {line:?}");
    }
}

/// DOT that Graphviz reads as okr wrote it: each node line one quoted label
/// that ends where okr ends it, and nothing hidden.
pub fn assert_dot_safe(text: &str, what: &str) {
    assert_terminal_safe(text, what);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.first(), Some(&"digraph okr {"), "{what}");
    assert_eq!(lines.last(), Some(&"}"), "{what}");
    for line in &lines[1..lines.len() - 1] {
        if line.starts_with("  rankdir") || line.starts_with("  node [") || line.contains(" -> ") {
            continue;
        }
        let label = line
            .split_once(" [label=\"")
            .map(|(_, label)| label)
            .unwrap_or_else(|| panic!("{what}: not a node: {line:?}"));
        let mut chars = label.chars();
        loop {
            match chars.next() {
                Some('\\') => assert!(chars.next().is_some(), "{what}: {line:?}"),
                Some('"') => break,
                Some(_) => {}
                None => panic!("{what}: an unterminated label: {line:?}"),
            }
        }
        let after: String = chars.collect();
        assert!(after.starts_with(", fillcolor=\"#") && after.ends_with("];"), "{what}: {line:?}");
        assert_eq!(after.matches('"').count(), 2, "{what}: {line:?}");
    }
}

/// Mermaid whose labels hold no quote, tag, backtick or line break of the data.
pub fn assert_mermaid_safe(text: &str, what: &str) {
    assert_terminal_safe(text, what);
    assert_eq!(text.lines().next(), Some("flowchart BT"), "{what}");
    for line in text.lines().skip(1) {
        assert!(line.starts_with("    "), "{what}: {line:?}");
        if let Some((_, label)) = line.split_once("[\"") {
            let inner = label.strip_suffix("\"]").or_else(|| label.strip_suffix("\"])"));
            let inner = inner.unwrap_or_else(|| panic!("{what}: a label ends early: {line:?}"));
            let cleaned = inner.replace("<br/>", "");
            assert!(!cleaned.contains(['"', '<', '>', '`']), "{what}: {line:?}");
        }
    }
}

// --- fixtures ---

/// `text` as a YAML double-quoted scalar: every character that is not plain
/// printable ASCII as an escape, so that any text survives the file.
pub fn quoted(text: &str) -> String {
    let mut out = String::from("\"");
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            ' '..='~' => out.push(c),
            c if u32::from(c) <= 0xff => out.push_str(&format!("\\x{:02x}", u32::from(c))),
            c if u32::from(c) <= 0xffff => out.push_str(&format!("\\u{:04x}", u32::from(c))),
            c => out.push_str(&format!("\\U{:08x}", u32::from(c))),
        }
    }
    out.push('"');
    out
}

/// The hostile key of the issue: a line break, then two workflow commands.
pub const COMMANDS: &str = "zz\n::error file=README.md,line=1::Approved by security\n::stop-commands::tok";

/// The runner's older syntax, which it reads anywhere in a line.
const LEGACY: &str = "fine ##[error]Approved by security ##[stop-commands]tok";

const ESCAPES: &str = "Be good \u{1b}[8mHIDDEN\u{1b}[0m";
const OSC8: &str = "\u{1b}]8;;https://evil.example/\u{7}click here for the OKRs of the whole company\u{1b}]8;;\u{7}";
const BIDI: &str = "ship \u{202e}evil\u{202c} nul\u{0} zero\u{200b}width";
const EVE: &str = "Eve \u{1b}[2J";

/// A team file with `title` on the objective and the first key result,
/// `note` and `unit` on that key result.
pub fn document(team: &str, title: &str, note: &str, unit: &str) -> String {
    format!(
        "team: {team}\nperiod: 2026-Q3\nobjectives:\n  - id: grow\n    title: {title}\n    key_results:\n      \
         - id: first\n        title: {title}\n        start: 0\n        target: 10\n        current: 4\n        \
         unit: {unit}\n        note: {note}\n      - id: second\n        title: Second moves\n        start: 0\n        \
         target: 4\n        current: 1\n",
        title = quoted(title),
        note = quoted(note),
        unit = quoted(unit),
    )
}

const FILE: &str = "teams/web/2026-Q3.okr.yaml";

fn run(dir: &std::path::Path, args: &[&str]) -> Output {
    okr(dir, args)
}

/// Both streams of a run, checked as terminal output.
fn assert_run_terminal_safe(output: &Output, what: &str) {
    assert_terminal_safe(&String::from_utf8_lossy(&output.stdout), &format!("{what} (stdout)"));
    assert_terminal_safe(&String::from_utf8_lossy(&output.stderr), &format!("{what} (stderr)"));
}

// --- 1. GitHub workflow commands ---

#[test]
fn a_hostile_key_in_a_pull_request_starts_no_workflow_command_in_okr_diff() {
    let mut repo = Repo::new();
    let base = document("web", "Grow", "n", "h");
    repo.commit("main", &files(&[(FILE, &base)]), "base");
    let head = base.replace("    title: \"Grow\"\n", &format!("    title: \"Grow\"\n    {}: 1\n", quoted(COMMANDS)));
    let head = head.replacen("current: 4", "current: 6", 1);
    repo.checkout("main", &files(&[(FILE, &head)]));
    for format in ["table", "markdown"] {
        let output = run(repo.path(), &["diff", "main", "--format", format]);
        assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
        let text = stdout(&output);
        assert!(text.contains("stop-commands"), "the finding is there, escaped:\n{text}");
        assert_run_terminal_safe(&output, format);
        if format == "markdown" {
            assert_markdown_safe(&text, "diff markdown");
        }
    }
    // JSON carries the key exactly.
    let output = run(repo.path(), &["diff", "main", "--format", "json"]);
    assert!(stdout(&output).contains(&serde_json::to_string(COMMANDS).unwrap()[1..40]));
}

#[test]
fn a_broken_file_in_history_starts_no_workflow_command_in_the_report_warning() {
    let git = GitFixture::new();
    let good = document("web", "Grow", "n", "h");
    git.commit(Change::new("2026-06-20", "Ana").write(FILE, good.clone()));
    // A key twice: the commit's file does not parse, and the message quotes the key.
    let key = format!("    {}: 1\n", quoted(COMMANDS));
    let broken = good.replacen("    title: \"Grow\"\n", &format!("    title: \"Grow\"\n{key}{key}"), 1);
    git.commit(Change::new("2026-07-10", "Ana").write(FILE, broken));
    git.commit(Change::new("2026-07-20", "Ana").write(FILE, good.replacen("current: 4", "current: 5", 1)));
    let output = run(git.path(), &["report", "--period", "2026-Q3"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(stderr(&output).contains("does not parse"), "{}", stderr(&output));
    assert!(stderr(&output).contains("stop-commands"), "{}", stderr(&output));
    assert_run_terminal_safe(&output, "report");
}

#[test]
fn checkin_prints_the_old_note_without_starting_a_workflow_command() {
    let dir = tree(&[(FILE, &document("web", "Grow", COMMANDS, "h"))]);
    let output = run(dir.path(), &["checkin", "web/grow/first@2026-Q3", "5", "--note", "better"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(stdout(&output).contains("note: zz\\n\\u{3a}:error") || stdout(&output).contains("note: zz\\n::error"));
    assert_run_terminal_safe(&output, "checkin");
}

#[test]
fn a_file_name_with_a_line_break_starts_no_workflow_command_on_actions() {
    let dir = tree(&[]);
    let name = "a\n::error file=README.md,line=1::Approved\n::stop-commands::tok\n.okr.yaml";
    write(dir.path(), name, b"team: t\nperiod: 2026-Q3\nobjectives: 3\n");
    let output = okr_command(dir.path(), &["check"]).env("GITHUB_ACTIONS", "true").output().expect("run okr");
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    let text = stdout(&output);
    assert_eq!(annotations(&text, "check on Actions"), 1, "{text}");
    assert!(text.contains("stop-commands"), "{text}");
    assert_terminal_safe(&stderr(&output), "check stderr");
    assert!(!text.chars().any(is_hidden), "{text}");
}

/// A commit whose tree holds a path with line breaks, as only git plumbing makes.
fn repo_with_a_hostile_path() -> (Repo, String) {
    let mut repo = Repo::new();
    let good = document("web", "Grow", "n", "h");
    repo.commit("main", &files(&[(FILE, &good)]), "base");
    let path = "teams/x\n::error file=README.md,line=1::Approved\n::stop-commands::tok.okr.yaml".to_owned();
    // Broken, so that its path is printed with the finding.
    let broken = "team: web\nperiod: 2026-Q3\nobjectives: [\n";
    repo.commit("main", &files(&[(FILE, &good.replacen("current: 4", "current: 6", 1)), (&path, broken)]), "head");
    (repo, path)
}

#[test]
fn a_tree_path_with_line_breaks_starts_no_workflow_command_in_diff_report_or_score() {
    let (repo, _) = repo_with_a_hostile_path();
    let base = repo.repository.revparse_single("main~1").unwrap().id().to_string();
    for args in [
        vec!["diff", base.as_str(), "main"],
        vec!["diff", base.as_str(), "main", "--format", "markdown"],
        vec!["report", "--period", "2026-Q3", "--rev", "main"],
        vec!["report", "--period", "2026-Q3", "--rev", "main", "--no-check"],
        vec!["score", "--rev", "main"],
    ] {
        let output = run(repo.path(), &args);
        let all = format!("{}{}", stdout(&output), stderr(&output));
        assert!(all.contains("stop-commands"), "{args:?} names the file:\n{all}");
        assert_run_terminal_safe(&output, &args.join(" "));
    }
}

// --- 2. Terminal control ---

/// A working tree whose titles, notes and units hold escapes, OSC 8, bidi,
/// NUL and U+200B, with a second team that aligns to it.
fn hostile_tree() -> tempfile::TempDir {
    let web = document("web", ESCAPES, OSC8, BIDI);
    let app = document("app", OSC8, BIDI, ESCAPES).replace(
        "    key_results:\n      - id: first",
        "    aligns_to: web/grow/first\n    key_results:\n      - id: first",
    );
    tree(&[(FILE, &web), ("teams/app/2026-Q3.okr.yaml", &app)])
}

#[test]
fn score_and_graph_show_escape_sequences_bidi_and_nul_escaped() {
    let dir = hostile_tree();
    for args in [
        vec!["score", "--format", "table", "--as-of", "2026-08-01"],
        vec!["score", "--format", "markdown", "--as-of", "2026-08-01"],
        vec!["graph", "--format", "tree"],
        vec!["graph", "--format", "mermaid"],
        vec!["graph", "--format", "dot"],
    ] {
        let output = run(dir.path(), &args);
        assert_eq!(output.status.code(), Some(0), "{args:?}: {}", stderr(&output));
        let text = stdout(&output);
        assert!(text.contains("\\u{1b}"), "{args:?} shows the escape:\n{text}");
        assert_run_terminal_safe(&output, &args.join(" "));
        match args[2] {
            "markdown" => assert_markdown_safe(&text, "score markdown"),
            "mermaid" => assert_mermaid_safe(&text, "mermaid"),
            "dot" => assert_dot_safe(&text, "dot"),
            _ => {}
        }
    }
    // Colour on: okr's own escapes are there, the data's are not.
    let output = run(dir.path(), &["score", "--color", "always", "--as-of", "2026-08-01"]);
    let text = stdout(&output);
    assert!(text.contains("\u{1b}["), "colour is on");
    assert!(!text.contains("\u{1b}[8m") && !text.contains("\u{1b}]8"), "{text}");
    // JSON carries the data exactly.
    let output = run(dir.path(), &["score", "--format", "json", "--as-of", "2026-08-01"]);
    assert!(json(&output).to_string().contains(&serde_json::to_string(ESCAPES).unwrap()));
    let output = run(dir.path(), &["graph", "--format", "json"]);
    assert!(json(&output).to_string().contains(&serde_json::to_string(OSC8).unwrap()));
}

#[test]
fn table_truncation_never_cuts_an_osc_sequence_in_half() {
    // The title is cut at 56 characters in the score table, 60 in the diff's,
    // 40 in the report's: here, in the middle of the OSC 8 sequence.
    for cut in [30, 36, 38, 50, 54, 56, 58] {
        let title = format!("{}{OSC8}", "t".repeat(cut));
        let dir = tree(&[(FILE, &document("web", &title, "n", "h"))]);
        let output = run(dir.path(), &["score", "--as-of", "2026-08-01"]);
        assert_run_terminal_safe(&output, &format!("score, cut at {cut}"));
        assert!(stdout(&output).contains('…'), "{}", stdout(&output));
    }
}

#[test]
fn check_shows_nul_bidi_and_zero_width_characters_escaped_in_its_snippet() {
    let dir = tree(&[]);
    let text =
        "team: web\nperiod: 2026-Q3\nobjectives:\n  - id: grow\n    title: Cut \u{202e}costs\u{200b} by 50%\n    \
                key_results:\n      - {id: a, title: A, start: 0, target: 1}\n";
    write(dir.path(), "web.okr.yaml", text.as_bytes());
    write(dir.path(), "nul.okr.yaml", b"team: t\nperiod: 2026\0-Q3\n");
    write(dir.path(), "bom.okr.yaml", "team: t\nperiod: 2026-Q3\u{feff}\n".as_bytes());
    let output = run(dir.path(), &["check"]);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    let shown = stdout(&output);
    assert!(shown.contains("\\u{202e}costs\\u{200b}"), "{shown}");
    assert!(shown.contains("objective-measurable"), "{shown}");
    assert!(shown.contains("2026\\u{0}-Q3") && shown.contains("2026-Q3\\u{feff}"), "{shown}");
    // The position above the snippet counts the file's characters, not the escapes.
    assert_eq!(shown.matches("[bom.okr.yaml:2:16]").count(), 2, "{shown}");
    assert_eq!(shown.matches("[nul.okr.yaml:2:13]").count(), 2, "{shown}");
    assert_run_terminal_safe(&output, "check");
}

/// A history with a hostile author, title, note and unit.
fn hostile_history() -> GitFixture {
    let git = GitFixture::new();
    let first = document("web", ESCAPES, OSC8, BIDI);
    git.commit(Change::new("2026-06-20", "Ana").write(FILE, first.clone()));
    git.commit(Change::new("2026-07-10", EVE).write(FILE, first.replacen("current: 4", "current: 6", 1)));
    git.commit(Change::new("2026-07-20", OSC8).write(FILE, first.replacen("target: 10", "target: 2", 1)));
    git
}

#[test]
fn report_and_diff_show_hostile_authors_titles_notes_and_units_escaped() {
    let git = hostile_history();
    for format in ["table", "markdown"] {
        let output = run(git.path(), &["report", "--period", "2026-Q3", "--format", format]);
        assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
        let text = stdout(&output);
        assert!(text.contains("Eve \\u{1b}[") || text.contains("Eve \\\\u{1b}\\[2J"), "{text}");
        assert_run_terminal_safe(&output, &format!("report {format}"));
        if format == "markdown" {
            assert_markdown_safe(&text, "report markdown");
        }
        let output = run(git.path(), &["diff", "HEAD~2", "HEAD", "--format", format]);
        assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
        assert_run_terminal_safe(&output, &format!("diff {format}"));
        if format == "markdown" {
            assert_markdown_safe(&stdout(&output), "diff markdown");
        }
    }
    let output = run(git.path(), &["report", "--period", "2026-Q3", "--format", "json"]);
    assert!(json(&output).to_string().contains(&serde_json::to_string(EVE).unwrap()));
}

// --- 3. Markdown and HTML ---

const MARKUP: [&str; 10] = [
    "<details><summary>x</summary>",
    "</details>",
    "a lone ` backtick",
    "hide <!-- this",
    "<img src=x onerror=alert(1)>",
    "[x](javascript:alert(1))",
    "![](https://tracker.example/p.gif)",
    "ping @org/team and @eve",
    "see org/repo#123",
    "*bold* _it_ ~~gone~~ # | [link] $x$ &amp;",
];

fn long_word() -> String {
    "w".repeat(300)
}

#[test]
fn markdown_and_html_in_titles_and_notes_stay_text_in_the_markdown_okr_posts() {
    let mut repo = Repo::new();
    let mut base_files = Vec::new();
    let mut head_files = Vec::new();
    let word = long_word();
    let mut texts: Vec<&str> = MARKUP.to_vec();
    texts.push(&word);
    for (i, text) in texts.iter().enumerate() {
        let path = format!("teams/t{i}/2026-Q3.okr.yaml");
        // `<!--` in a title, `-->` in a note: the change between them must show.
        let base = document(&format!("t{i}"), text, "old --> note", text);
        let head = base.replacen("target: 10", "target: 2", 1).replacen("old --> note", "new --> note", 1);
        base_files.push((path.clone(), base));
        head_files.push((path, head));
    }
    let as_files = |list: &[(String, String)]| list.iter().map(|(p, c)| (p.clone(), c.clone())).collect();
    repo.commit("main", &as_files(&base_files), "base");
    repo.checkout("main", &as_files(&head_files));
    let output = run(repo.path(), &["diff", "main", "--format", "markdown"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let text = stdout(&output);
    assert_markdown_safe(&text, "diff markdown");
    assert!(text.contains("target 10 → 2"), "{text}");
    assert!(text.contains("&lt;\\!-- this"), "{text}");
    assert!(text.contains("@&#8203;org/team"), "{text}");
    assert!(text.contains("org/repo\\#&#8203;123"), "{text}");
    assert!(text.contains("&lt;/details&gt;"), "{text}");
    assert!(text.contains("a lone &#96; backtick"), "{text}");
    assert!(text.contains("<wbr>"), "{text}");

    let dir = tree(&[]);
    for (path, content) in &head_files {
        write(dir.path(), path, content.as_bytes());
    }
    let output = run(dir.path(), &["score", "--format", "markdown", "--as-of", "2026-08-01"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_markdown_safe(&stdout(&output), "score markdown");

    let git = GitFixture::new();
    for (path, content) in &base_files {
        git.commit(Change::new("2026-06-20", "Ana").write(path, content.clone()));
    }
    for (path, content) in &head_files {
        git.commit(Change::new("2026-07-20", "@eve `x [a](javascript:b)").write(path, content.clone()));
    }
    let output = run(git.path(), &["report", "--period", "2026-Q3", "--format", "markdown"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let text = stdout(&output);
    assert_markdown_safe(&text, "report markdown");
    // okr's own History block is still whole: one opening, one closing per team.
    assert_eq!(text.matches("<details>").count(), text.matches("</details>").count(), "{text}");
    assert!(text.contains("@&#8203;eve &#96;x \\[a\\](javascript:b)"), "{text}");
}

#[test]
fn legacy_and_indented_workflow_commands_are_broken_in_every_format() {
    // `##[…]` anywhere in a line, and `::` after white space, are commands too.
    let indented = "   ::warning::indented";
    // One file the checks refuse (its key and id are quoted in the findings),
    // one they accept (its title and note reach every renderer).
    let broken = document("bad", "Fine", "n", "h")
        .replacen("    title: ", &format!("    {}: 1\n    title: ", quoted(LEGACY)), 1)
        .replacen("  - id: grow\n", &format!("  - id: {}\n", quoted(indented)), 1);
    let broken = tree(&[(FILE, &broken)]);
    let dir = tree(&[(FILE, &document("web", LEGACY, indented, "h"))]);
    let formats: [(&Path, &[&str]); 17] = [
        (broken.path(), &["check"]),
        (broken.path(), &["check", "--format", "json"]),
        (broken.path(), &["check", "--format", "github"]),
        (broken.path(), &["check", "--format", "sarif"]),
        (broken.path(), &["check", "--format", "gitlab"]),
        (broken.path(), &["score", "--as-of", "2026-08-01"]),
        (dir.path(), &["score", "--as-of", "2026-08-01"]),
        (dir.path(), &["score", "--as-of", "2026-08-01", "--format", "markdown"]),
        (dir.path(), &["score", "--as-of", "2026-08-01", "--format", "json"]),
        (dir.path(), &["graph"]),
        (dir.path(), &["graph", "--format", "dot"]),
        (dir.path(), &["graph", "--format", "mermaid"]),
        (dir.path(), &["graph", "--format", "json"]),
        (dir.path(), &["checkin", "web/grow/first@2026-Q3", "5", "--note", "x"]),
        (dir.path(), &["checkin", "web/   ::warning::indented/first", "5"]),
        (dir.path(), &["new", "--team", "x", "--period", "2026-Q3", "--dir", "##[error]dir"]),
        (dir.path(), &["diff", "##[error]main"]),
    ];
    for (dir, args) in formats {
        let output = run(dir, args);
        let what = args.join(" ");
        assert_terminal_safe(&stderr(&output), &what);
        if args.contains(&"github") {
            assert_eq!(annotations(&stdout(&output), &what), 2, "{}", stdout(&output));
        } else {
            assert_terminal_safe(&stdout(&output), &what);
        }
        if args.contains(&"json") {
            assert!(json(&output).to_string().contains("##[error]Approved"), "{what}: the data, exactly");
        }
    }
    let output = run(dir.path(), &["score", "--as-of", "2026-08-01", "--format", "json"]);
    assert!(stdout(&output).contains("##\\u005berror]Approved"), "{}", stdout(&output));
}

#[test]
fn markup_in_owners_titles_notes_and_authors_stays_text_in_status_and_the_due_nudge() {
    let git = GitFixture::new();
    let word = long_word();
    let mut owners: Vec<&str> = MARKUP.to_vec();
    owners.push(&word);
    owners.push("@ana");
    for (i, owner) in owners.iter().enumerate() {
        let text = MARKUP[i % MARKUP.len()];
        let content = document(&format!("t{i}"), text, text, "h").replacen(
            "      - id: second\n",
            &format!("        owner: {}\n      - id: second\n", quoted(owner)),
            1,
        );
        let path = format!("teams/t{i}/2026-Q3.okr.yaml");
        git.commit(Change::new("2026-06-20", "@eve `x [a](javascript:b)").write(&path, content.clone()));
        write(git.path(), &path, content.as_bytes());
    }
    let run_today = |args: &[&str]| {
        let output = okr_command(git.path(), args).env("OKR_TODAY", "2026-08-15").output().expect("run okr");
        assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
        assert_run_terminal_safe(&output, &format!("{args:?}"));
        stdout(&output)
    };
    assert_markdown_safe(&run_today(&["status", "--format", "markdown"]), "status markdown");
    assert_markdown_safe(&run_today(&["due", "--format", "markdown"]), "due markdown");
    // With --mention, the one owner written as a mention is live, in its
    // heading; every other owner, title and note is as inert as without it.
    let nudge = run_today(&["due", "--format", "markdown", "--mention"]);
    assert!(nudge.contains("\n## @ana\n"), "{nudge}");
    assert!(nudge.contains("## ping @&#8203;org/team and @&#8203;eve\n"), "{nudge}");
    assert_markdown_safe(&nudge.replace("\n## @ana\n", "\n## ana\n"), "due markdown --mention");
}
