//! Shared helpers: run the binary, build fixture trees in temp dirs, check a
//! directory through the library.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use okr::config::Config;
use okr::findings::Diagnostic;
use okr::load::Workspace;

/// The repository's own directory (for `examples/`, `schema/`, fixtures).
pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub fn fixtures() -> PathBuf {
    repo().join("tests/fixtures")
}

/// `okr ARGS` in `dir`, with a clean environment for colour and CI detection.
pub fn okr(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_okr"))
        .args(args)
        .current_dir(dir)
        .env_remove("NO_COLOR")
        .env_remove("GITHUB_ACTIONS")
        .env_remove("OKR_TODAY")
        .env_remove("COLUMNS")
        .output()
        .expect("run okr")
}

/// `okr ARGS` in `dir` as [`okr`] runs it, on the day `today` (`OKR_TODAY`).
pub fn okr_on_day(dir: &Path, today: &str, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_okr"))
        .args(args)
        .current_dir(dir)
        .env_remove("NO_COLOR")
        .env_remove("GITHUB_ACTIONS")
        .env("OKR_TODAY", today)
        .env_remove("COLUMNS")
        .output()
        .expect("run okr")
}

pub fn stdout(output: &Output) -> String {
    String::from_utf8(output.stdout.clone()).expect("UTF-8 stdout")
}

pub fn stderr(output: &Output) -> String {
    String::from_utf8(output.stderr.clone()).expect("UTF-8 stderr")
}

/// A temp dir holding `files` (path, content).
pub fn tree(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    for (path, content) in files {
        write(dir.path(), path, content.as_bytes());
    }
    dir
}

pub fn write(dir: &Path, path: &str, content: &[u8]) {
    let path = dir.join(path);
    std::fs::create_dir_all(path.parent().expect("a parent")).expect("mkdir");
    std::fs::write(path, content).expect("write");
}

/// Load and check `dir` through the library with `config`.
pub fn check_dir_with(dir: &Path, config: &Config) -> (Workspace, Vec<Diagnostic>) {
    let workspace = okr::load::workspace(&[], dir, dir, config).expect("load");
    let findings = okr::check::run(&workspace, config);
    (workspace, findings)
}

pub fn check_dir(dir: &Path) -> (Workspace, Vec<Diagnostic>) {
    check_dir_with(dir, &Config::default())
}

/// Findings as `file:line:column code` lines, the form fixtures expect.
pub fn summarise(workspace: &Workspace, findings: &[Diagnostic]) -> Vec<String> {
    findings
        .iter()
        .map(|d| format!("{}:{}:{} {}", workspace.files[d.file].display.as_str(), d.span.line, d.span.column, d.code))
        .collect()
}

/// A valid document for `team` in `period` with one objective `id` of two
/// progress key results; a base for tests to vary.
pub fn valid_document(team: &str, period: &str, id: &str) -> String {
    format!(
        "team: {team}\nperiod: {period}\nobjectives:\n  - id: {id}\n    title: Make things better\n    key_results:\n      - id: first\n        title: First result moves\n        start: 0\n        target: 10\n        current: 5\n      - id: second\n        title: Second result moves\n        start: 0\n        target: 4\n"
    )
}

/// The `okr ARGS` command in `dir`, with the environment `okr` sets up, for
/// tests that need to add variables or pipes of their own.
pub fn okr_command(dir: &Path, args: &[&str]) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_okr"));
    command.args(args).current_dir(dir).env_remove("NO_COLOR").env_remove("GITHUB_ACTIONS").env_remove("COLUMNS");
    command
}

/// Run `command` to the end, failing the test if it takes longer than 60
/// seconds: for inputs that must not make okr hang. (A bound, not a benchmark:
/// these runs take milliseconds.)
pub fn finishes(mut command: Command) -> Output {
    let (done, finished) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        // The receiver is gone only when the test has already failed.
        let _ = done.send(command.output().expect("run okr"));
    });
    finished.recv_timeout(std::time::Duration::from_secs(60)).expect("okr finished within 60 seconds")
}

/// The JSON an `okr` run printed on stdout, whatever its exit status.
pub fn json(output: &Output) -> serde_json::Value {
    serde_json::from_slice(&output.stdout).expect("JSON on stdout")
}

/// `actual` is a JSON number within rounding of `expected`.
pub fn assert_close(actual: &serde_json::Value, expected: f64, what: &str) {
    let actual = actual.as_f64().unwrap_or_else(|| panic!("{what}: a number, not {actual}"));
    assert!((actual - expected).abs() < 1e-12, "{what}: {actual}, expected {expected}");
}

/// A check that cannot run here (a tool missing, not root, …): locally it is
/// skipped with a note on stderr; on CI (`CI=true`), where `.ci/run` installs
/// every tool the tests need, a skip is a failure.
pub fn skip(why: &str) {
    assert!(std::env::var_os("CI").is_none_or(|v| v != "true"), "on CI nothing skips, yet: {why}");
    // A skipped check says so in the test output.
    #[allow(clippy::print_stderr)]
    {
        eprintln!("note: skipped: {why}");
    }
}

/// Whether `tool` runs here (`tool --version`); when it does not, [`skip`]
/// says what is not checked.
pub fn has_tool(tool: &str, unchecked: &str) -> bool {
    let found = Command::new(tool).arg("--version").output().is_ok();
    if !found {
        skip(&format!("`{tool}` is not on PATH; {unchecked}"));
    }
    found
}

/// `okr ARGS` in `dir` with its address space capped at 256 MiB (through
/// bash's `ulimit -v`) and its time at 60 seconds: what "bounded memory"
/// means here. okr needs about 80 MiB for the biggest input of
/// `hostile_input.rs`.
pub fn bounded(dir: &Path, args: &[&str]) -> Output {
    let mut command = Command::new("bash");
    command
        .arg("-c")
        .arg("ulimit -v 262144 && exec \"$0\" \"$@\"")
        .arg(env!("CARGO_BIN_EXE_okr"))
        .args(args)
        .current_dir(dir)
        .env("MALLOC_ARENA_MAX", "2")
        .env_remove("NO_COLOR")
        .env_remove("GITHUB_ACTIONS");
    finishes(command)
}

/// `tests/fixtures/formats/` copied once into a temp dir outside this
/// repository: `okr check` inside a repository reads all of its OKR files
/// (alignment resolves against them), and this fixture's findings are its own.
pub fn formats_fixture() -> &'static Path {
    static COPY: std::sync::OnceLock<tempfile::TempDir> = std::sync::OnceLock::new();
    COPY.get_or_init(|| {
        let dir = tempfile::tempdir().expect("temp dir");
        copy_dir(&fixtures().join("formats"), dir.path());
        dir
    })
    .path()
}

pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("mkdir");
    for entry in std::fs::read_dir(from).expect("read dir") {
        let entry = entry.expect("an entry");
        let target = to.join(entry.file_name());
        if entry.file_type().expect("a type").is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).expect("copy");
        }
    }
}

/// The objectives of a scoreboard-shaped JSON (`okr score` and `okr status`:
/// periods, then teams, then objectives), in order.
pub fn json_objectives(board: &serde_json::Value) -> impl Iterator<Item = &serde_json::Value> {
    board["periods"]
        .as_array()
        .expect("periods")
        .iter()
        .flat_map(|p| p["teams"].as_array().expect("teams"))
        .flat_map(|t| t["objectives"].as_array().expect("objectives"))
}
