//! Docs cannot drift: every ```` ```console ```` block of the README and the
//! book is run against a fresh copy of `examples/` and compared with okr's
//! real output.
//!
//! In a block, a line `$ [NAME=VALUE…] okr ARGS…` is a command and the lines
//! after it, up to the next command, its output (stdout, then stderr). A line
//! that is only `…` stands for any number of lines. Each command runs in a
//! temp dir holding `examples/` (outside git), with `OKR_TODAY=2026-08-15`
//! unless the line sets it, `COLUMNS` unset and no colour; the commands of one
//! block share that dir, so a block can write a file and read it back.
//! Examples that need a git history or a terminal are fenced ```` ```text ````.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::support::{copy_dir, repo};

/// The day the examples are told about, unless a command line sets `OKR_TODAY`.
const TODAY: &str = "2026-08-15";

struct Example {
    file: PathBuf,
    line: usize,
    command: String,
    expected: Vec<String>,
}

/// The markdown files whose console examples are run: the README and the book.
fn documents() -> Vec<PathBuf> {
    let mut files = vec![repo().join("README.md")];
    let mut pending = vec![repo().join("docs")];
    while let Some(dir) = pending.pop() {
        for entry in std::fs::read_dir(&dir).expect("read docs") {
            let path = entry.expect("an entry").path();
            if path.is_dir() {
                pending.push(path);
            } else if path.extension().is_some_and(|e| e == "md") {
                files.push(path);
            }
        }
    }
    files.sort();
    files
}

/// The console blocks of `text`, each a list of examples.
fn console_blocks(file: &Path, text: &str) -> Vec<Vec<Example>> {
    let mut blocks = Vec::new();
    let mut current: Option<Vec<Example>> = None;
    for (index, line) in text.lines().enumerate() {
        let trimmed = line.trim_start();
        if let Some(examples) = current.as_mut() {
            if trimmed.starts_with("```") {
                blocks.push(current.take().unwrap_or_default());
            } else if let Some(command) = line.strip_prefix("$ ") {
                examples.push(Example {
                    file: file.to_owned(),
                    line: index + 1,
                    command: command.to_owned(),
                    expected: Vec::new(),
                });
            } else if let Some(example) = examples.last_mut() {
                example.expected.push(line.to_owned());
            } else {
                panic!("{}:{}: a console block starts with `$ okr …`", file.display(), index + 1);
            }
        } else if trimmed == "```console" {
            current = Some(Vec::new());
        }
    }
    assert!(current.is_none(), "{}: a console block is not closed", file.display());
    blocks
}

/// Splits a command line as a POSIX shell would for the quoting docs use:
/// words, 'single' and "double" quotes (with `\"` and `\\` inside).
fn shell_words(line: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut word: Option<String> = None;
    let mut chars = line.chars();
    while let Some(c) = chars.next() {
        match c {
            ' ' | '\t' => words.extend(word.take()),
            '\'' => {
                let w = word.get_or_insert_with(String::new);
                for c in chars.by_ref().take_while(|&c| c != '\'') {
                    w.push(c);
                }
            }
            '"' => {
                let w = word.get_or_insert_with(String::new);
                while let Some(c) = chars.next() {
                    match c {
                        '"' => break,
                        '\\' => w.extend(chars.next()),
                        c => w.push(c),
                    }
                }
            }
            c => word.get_or_insert_with(String::new).push(c),
        }
    }
    words.extend(word);
    words
}

/// Whether `actual` matches `expected`, where an expected line `…` matches
/// any number of lines.
fn matches(expected: &[String], actual: &[&str]) -> bool {
    match expected.split_first() {
        None => actual.is_empty(),
        Some((first, rest)) if first == "…" => (0..=actual.len()).any(|skip| matches(rest, &actual[skip..])),
        Some((first, rest)) => actual.first().is_some_and(|line| line == first) && matches(rest, &actual[1..]),
    }
}

fn trim_end(lines: &mut Vec<String>) {
    while lines.last().is_some_and(|l| l.trim().is_empty()) {
        lines.pop();
    }
}

fn run(example: &Example, dir: &Path) -> Vec<String> {
    let words = shell_words(&example.command);
    let env: Vec<(&str, &str)> = words.iter().map_while(|w| w.split_once('=')).collect();
    let mut rest = words[env.len()..].iter();
    assert_eq!(
        rest.next().map(String::as_str),
        Some("okr"),
        "{}:{}: a console command runs okr",
        example.file.display(),
        example.line
    );
    let mut command = Command::new(env!("CARGO_BIN_EXE_okr"));
    command
        .args(rest)
        .current_dir(dir)
        .env_remove("NO_COLOR")
        .env_remove("GITHUB_ACTIONS")
        .env_remove("COLUMNS")
        .env("OKR_TODAY", TODAY);
    for (name, value) in env {
        command.env(name, value);
    }
    let output = command.output().expect("run okr");
    let text = String::from_utf8_lossy(&output.stdout).into_owned() + &String::from_utf8_lossy(&output.stderr);
    let mut lines: Vec<String> = text.lines().map(|l| l.trim_end().to_owned()).collect();
    trim_end(&mut lines);
    lines
}

#[test]
fn every_console_example_in_the_docs_is_real_output() {
    let mut failures = Vec::new();
    let mut count = 0;
    for file in documents() {
        let text = std::fs::read_to_string(&file).expect("read a document");
        for block in console_blocks(&file, &text) {
            let dir = tempfile::tempdir().expect("temp dir");
            copy_dir(&repo().join("examples"), &dir.path().join("examples"));
            for mut example in block {
                count += 1;
                let actual = run(&example, dir.path());
                example.expected.iter_mut().for_each(|l| *l = l.trim_end().to_owned());
                trim_end(&mut example.expected);
                let lines: Vec<&str> = actual.iter().map(String::as_str).collect();
                if !matches(&example.expected, &lines) {
                    let path = example.file.strip_prefix(repo()).unwrap_or(&example.file);
                    failures.push(format!(
                        "{}:{}: `$ {}` printed (paste this):\n{}\n",
                        path.display(),
                        example.line,
                        example.command,
                        actual.join("\n")
                    ));
                }
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} console examples differ from okr's output:\n\n{}",
        failures.len(),
        failures.join("\n")
    );
    assert!(count >= 10, "only {count} console examples found");
}

/// An example is either run (`console`) or marked as not run (`text`): a
/// `$ okr` line in a block of any other kind would be neither tested nor
/// flagged.
#[test]
fn every_okr_example_is_console_or_text() {
    for file in documents() {
        let text = std::fs::read_to_string(&file).expect("read a document");
        let mut fence: Option<&str> = None;
        for (index, line) in text.lines().enumerate() {
            let trimmed = line.trim_start();
            if let Some(info) = trimmed.strip_prefix("```") {
                fence = if fence.is_some() { None } else { Some(info.trim()) };
            } else if let Some(info) = fence {
                assert!(
                    !trimmed.starts_with("$ okr") || info == "console" || info == "text",
                    "{}:{}: an okr example in a ```{info} block: fence it ```console to run it, or ```text",
                    file.display(),
                    index + 1
                );
            }
        }
    }
}

#[test]
fn the_docs_runner_reads_quotes_and_ellipses() {
    assert_eq!(
        shell_words(r#"A=1 okr new --note "Campaign \"x\" launched" 'a b'"#),
        ["A=1", "okr", "new", "--note", "Campaign \"x\" launched", "a b"]
    );
    let expected = ["a".to_owned(), "…".to_owned(), "d".to_owned()];
    assert!(matches(&expected, &["a", "b", "c", "d"]));
    assert!(matches(&expected, &["a", "d"]));
    assert!(!matches(&expected, &["a", "b", "c"]));
}

/// The `# ` title of each page of the book, by file name relative to `docs/`.
fn page_titles() -> Vec<(String, String)> {
    let docs = repo().join("docs");
    documents()
        .into_iter()
        .filter_map(|path| {
            let name = path.strip_prefix(&docs).ok()?.to_string_lossy().replace('\\', "/");
            let text = std::fs::read_to_string(&path).expect("read a page");
            let title = text.lines().find_map(|l| l.strip_prefix("# "))?.trim().to_owned();
            Some((name, title))
        })
        .collect()
}

/// Two pages titled alike (`editor.md` and `editors.md` were both "Editor
/// setup") cannot be told apart in the book's search or a browser's tabs.
#[test]
fn two_pages_of_the_book_never_share_a_title() {
    let mut seen: std::collections::BTreeMap<String, String> = Default::default();
    for (name, title) in page_titles() {
        if let Some(other) = seen.insert(title.to_lowercase(), name.clone()) {
            panic!("{name} and {other} are both titled \"{title}\": give one a title that says what it is about");
        }
    }
}

/// The schema's link to the page on using it names that page by its title.
#[test]
fn the_schema_links_to_its_page_by_the_page_s_title() {
    let titles = page_titles();
    let title = &titles.iter().find(|(name, _)| name == "editor.md").expect("docs/editor.md").1;
    let summary = std::fs::read_to_string(repo().join("docs/SUMMARY.md")).expect("docs/SUMMARY.md");
    assert!(summary.contains(&format!("[{title}](editor.md)")), "SUMMARY.md names editor.md \"{title}\"");
    let schema = okr::model::Document::json_schema_at("https://example.org/okr/");
    let description = schema["markdownDescription"].as_str().expect("markdownDescription");
    assert!(description.ends_with(&format!("[{title}](https://example.org/okr/editor.html)")), "{description}");
}
