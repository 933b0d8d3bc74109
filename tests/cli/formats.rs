//! The output formats of `okr check`, colour, and the exit codes. The fixture `tests/fixtures/formats/` holds a broken file, findings
//! of both severities, a duplicate objective across two files and a file name
//! that needs escaping.

use std::io::Read;
use std::process::{Command, Output, Stdio};

use crate::support::*;

/// `okr check . --config okr.toml ARGS` in the fixture directory: paths
/// relative to it, and its own empty configuration rather than whatever the
/// repository's okr.toml may say.
fn fixture_command(args: &[&str]) -> Command {
    let mut all = vec!["check", ".", "--config", "okr.toml"];
    all.extend_from_slice(args);
    okr_command(formats_fixture(), &all)
}

/// The fixture checked without colour: exit 1, nothing on stderr.
fn check_fixture(args: &[&str]) -> Output {
    let mut all = vec!["--color", "never"];
    all.extend_from_slice(args);
    let output = fixture_command(&all).output().expect("run okr");
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    assert!(stderr(&output).is_empty(), "{}", stderr(&output));
    output
}

// --- Snapshots ---

#[test]
fn human_snapshot() {
    insta::assert_snapshot!("check_human", stdout(&check_fixture(&["--format", "human"])));
}

#[test]
fn json_snapshot() {
    insta::assert_snapshot!("check_json", stdout(&check_fixture(&["--format", "json"])));
}

#[test]
fn github_snapshot() {
    insta::assert_snapshot!("check_github", stdout(&check_fixture(&["--format", "github"])));
}

#[test]
fn sarif_snapshot() {
    // The tool's version changes with every release; the format does not.
    let sarif = stdout(&check_fixture(&["--format", "sarif"]))
        .replace(&format!("\"version\": \"{}\"", env!("CARGO_PKG_VERSION")), "\"version\": \"[VERSION]\"");
    insta::assert_snapshot!("check_sarif", sarif);
}

#[test]
fn human_is_the_default_format() {
    assert_eq!(stdout(&check_fixture(&[])), stdout(&check_fixture(&["--format", "human"])));
}

// --- JSON ---

#[test]
fn json_counts_match_the_diagnostics() {
    let output = json(&check_fixture(&["--format", "json"]));
    assert_eq!(output["version"], 1);
    assert_eq!(output["files"], 3);
    let diagnostics = output["diagnostics"].as_array().expect("diagnostics");
    let count = |severity: &str| diagnostics.iter().filter(|d| d["severity"] == severity).count() as u64;
    assert_eq!(output["errors"].as_u64(), Some(count("error")));
    assert_eq!(output["warnings"].as_u64(), Some(count("warning")));
    assert_eq!(count("error") + count("warning"), diagnostics.len() as u64);
    assert!(count("error") > 0 && count("warning") > 0);
}

#[test]
fn json_diagnostics_have_every_field() {
    let output = json(&check_fixture(&["--format", "json"]));
    for d in output["diagnostics"].as_array().expect("diagnostics") {
        for key in ["code", "severity", "file", "message"] {
            assert!(d[key].as_str().is_some_and(|s| !s.is_empty()), "{key} in {d}");
        }
        for key in ["line", "column", "end_line", "end_column"] {
            assert!(d[key].as_u64().is_some_and(|n| n >= 1), "{key} in {d}");
        }
        let (start, end) =
            ((d["line"].as_u64(), d["column"].as_u64()), (d["end_line"].as_u64(), d["end_column"].as_u64()));
        assert!(start <= end, "the node ends after it starts: {d}");
        let file = d["file"].as_str().expect("file");
        assert!(formats_fixture().join(file).is_file(), "{file} is relative to the current directory");
        assert!(!file.contains('\\'), "{file} uses /");
    }
}

#[test]
fn json_names_the_related_location_in_the_other_file() {
    let output = json(&check_fixture(&["--format", "json"]));
    let duplicate = output["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .find(|d| d["code"] == "duplicate-id")
        .expect("a duplicate-id finding");
    assert_eq!(duplicate["file"], "web, 100%.okr.yaml");
    let related = &duplicate["related"][0];
    assert_eq!(
        (related["file"].as_str(), related["line"].as_u64(), related["column"].as_u64()),
        (Some("platform.okr.yaml"), Some(4), Some(9))
    );
}

#[test]
fn paths_are_relative_to_the_current_directory() {
    // The fixture's own configuration: the repository's okr.toml excludes its fixtures.
    let output = okr(&fixtures(), &["check", "formats", "--format", "json", "--config", "formats/okr.toml"]);
    let files: Vec<String> = json(&output)["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .map(|d| d["file"].as_str().expect("file").to_owned())
        .collect();
    assert!(files.contains(&"formats/data/broken.okr.yaml".to_owned()), "{files:?}");
    assert!(files.iter().all(|f| f.starts_with("formats/")), "{files:?}");
}

// --- GitHub workflow commands ---

/// `::error file=F,line=L,col=C,endLine=L,endColumn=C,title=CODE::MESSAGE`.
fn parse_github_line(line: &str) -> (String, Vec<(String, String)>, String) {
    let rest = line.strip_prefix("::").unwrap_or_else(|| panic!("a workflow command: {line}"));
    let (command, rest) = rest.split_once(' ').expect("a command name");
    let (properties, message) = rest.split_once("::").expect("properties, then `::`");
    let properties = properties
        .split(',')
        .map(|p| {
            let (key, value) = p.split_once('=').expect("key=value");
            (key.to_owned(), value.to_owned())
        })
        .collect();
    (command.to_owned(), properties, message.to_owned())
}

#[test]
fn github_lines_are_well_formed_workflow_commands() {
    let output = check_fixture(&["--format", "github"]);
    let expected = json(&check_fixture(&["--format", "json"]));
    // Errors first, then by file and position (the fixture runs at the root).
    let mut expected = expected["diagnostics"].as_array().expect("diagnostics").clone();
    let key = |d: &serde_json::Value| {
        (d["severity"].to_string(), d["file"].to_string(), d["line"].as_u64(), d["column"].as_u64())
    };
    expected.sort_by_key(key);
    let text = stdout(&output);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), expected.len(), "one command a finding, no raw newline inside one");
    for (line, d) in lines.iter().zip(&expected) {
        let (command, properties, message) = parse_github_line(line);
        assert_eq!(command, d["severity"].as_str().expect("severity"));
        let keys: Vec<&str> = properties.iter().map(|(k, _)| k.as_str()).collect();
        assert_eq!(keys, ["file", "line", "col", "endLine", "endColumn", "title"], "{line}");
        for (value, key) in properties[1..5].iter().zip(["line", "column", "end_line", "end_column"]) {
            assert_eq!(value.1, d[key].to_string(), "{key} in {line}");
        }
        assert_eq!(properties[5].1, d["code"].as_str().expect("code"));
        assert_eq!(unescape(&properties[0].1), d["file"].as_str().expect("file"));
        assert!(!line.contains('\r'));
        // The message carries the help on a second line, escaped.
        let mut full = d["message"].as_str().expect("message").to_owned();
        if let Some(help) = d["help"].as_str() {
            full = format!("{full}\nhelp: {help}");
        }
        assert_eq!(unescape(&message), full);
    }
}

#[test]
fn github_escapes_percent_comma_and_newline() {
    let text = stdout(&check_fixture(&["--format", "github"]));
    assert!(text.contains("file=web%2C 100%25.okr.yaml,line=4,"), "{text}");
    assert!(text.contains("unknown field `effort%25` in a key result%0Ahelp: "), "{text}");
}

#[cfg(unix)]
#[test]
fn github_escapes_a_colon_in_a_file_name() {
    // Not in the committed fixture: a `:` cannot be in a file name on Windows.
    let dir = tree(&[("a:b.okr.yaml", "team: t\n")]);
    let text = stdout(&okr(dir.path(), &["check", "--format", "github"]));
    assert!(!text.is_empty());
    assert!(text.lines().all(|l| l.contains(" file=a%3Ab.okr.yaml,line=1,")), "{text}");
}

/// Undo the escaping of workflow commands (`%25` last).
pub fn unescape(text: &str) -> String {
    text.replace("%0A", "\n").replace("%0D", "\r").replace("%3A", ":").replace("%2C", ",").replace("%25", "%")
}

// --- SARIF ---

/// The SARIF 2.1.0 schema (draft-07), formats checked.
fn sarif_validator() -> jsonschema::Validator {
    let schema_path = repo().join("tests/fixtures/schemas/sarif-schema-2.1.0.json");
    let mut schema: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&schema_path).expect("the vendored SARIF schema"))
            .expect("a JSON schema");
    // This copy keeps the log's own constraints in `definitions/Root` and none
    // at the top, where every document would pass: point the top at them.
    if schema.get("properties").is_none() && schema["definitions"].get("Root").is_some() {
        schema["$ref"] = serde_json::json!("#/definitions/Root");
    }
    jsonschema::draft7::options().should_validate_formats(true).build(&schema).expect("a draft-07 schema")
}

fn sarif_errors(validator: &jsonschema::Validator, sarif: &serde_json::Value) -> Vec<String> {
    validator.iter_errors(sarif).map(|e| format!("{e} at {}", e.instance_path())).collect()
}

#[test]
fn sarif_is_valid_sarif_2_1_0() {
    let validator = sarif_validator();
    let sarif = json(&check_fixture(&["--format", "sarif"]));
    let errors = sarif_errors(&validator, &sarif);
    assert!(errors.is_empty(), "{errors:#?}");
}

#[test]
fn sarif_validation_is_not_vacuous() {
    let validator = sarif_validator();
    let mut sarif = json(&check_fixture(&["--format", "sarif"]));
    sarif["runs"][0]["results"][0]["level"] = serde_json::json!("fatal");
    sarif["runs"][0]["results"][1]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] =
        serde_json::json!("not a URI%");
    assert_eq!(sarif_errors(&validator, &sarif).len(), 2, "{:#?}", sarif_errors(&validator, &sarif));
}

/// Microsoft's SARIF multitool (npm `@microsoft/sarif-multitool`), which
/// `.ci/run` installs and names in `OKR_SARIF_MULTITOOL`: the binary
/// `Sarif.Multitool` of its platform package.
fn sarif_multitool() -> Option<std::path::PathBuf> {
    let tool = std::env::var_os("OKR_SARIF_MULTITOOL").map(std::path::PathBuf::from);
    match tool {
        Some(tool) if tool.is_file() => Some(tool),
        _ => {
            skip("OKR_SARIF_MULTITOOL names no SARIF multitool; SARIF is not validated with GitHub's rules");
            None
        }
    }
}

/// The errors the multitool reports, with the rules of SARIF and of GitHub
/// code scanning, for each of `logs` (name, SARIF text), as `name: rule`.
fn multitool_errors(tool: &std::path::Path, logs: &[(&str, String)]) -> Vec<String> {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut command = Command::new(tool);
    command.current_dir(dir.path()).args(["validate", "--rule-kind", "Sarif;Gh", "--output", "report.sarif"]);
    for (name, text) in logs {
        std::fs::write(dir.path().join(name), text).expect("write the log");
        command.arg(name);
    }
    let output = command.output().expect("run the SARIF multitool");
    let report = std::fs::read_to_string(dir.path().join("report.sarif"))
        .unwrap_or_else(|e| panic!("no report ({e}): {}{}", stdout(&output), stderr(&output)));
    let report: serde_json::Value = serde_json::from_str(&report).expect("the report is JSON");
    let results = report["runs"][0]["results"].as_array().expect("the report has results");
    // Validation's own results are warnings unless they say otherwise.
    results
        .iter()
        .filter(|r| r["level"] == "error")
        .map(|r| {
            let uri = r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"].as_str().unwrap_or("?");
            let file = uri.rsplit('/').next().unwrap_or(uri);
            format!("{file}: {} {}", r["ruleId"].as_str().unwrap_or("?"), r["message"]["text"])
        })
        .collect()
}

#[test]
fn sarif_passes_the_multitool_with_github_rules() {
    let Some(tool) = sarif_multitool() else { return };
    let formats = stdout(&check_fixture(&["--format", "sarif"]));
    // The rules whose findings point at related locations, in one file and across files.
    let related = |code: &str| {
        let dir = tempfile::tempdir().expect("temp dir");
        copy_dir(&fixtures().join("rules").join(code).join("bad"), dir.path());
        let sarif = stdout(&okr(dir.path(), &["check", "--format", "sarif"]));
        assert!(sarif.contains("\"relatedLocations\""), "{sarif}");
        sarif
    };
    let (duplicates, delegated) = (related("duplicate-id"), related("kr-delegated"));
    // Without a rule's help, GitHub's rules fail: the check is not vacuous.
    let mut without_help: serde_json::Value = serde_json::from_str(&formats).expect("json");
    without_help["runs"][0]["tool"]["driver"]["rules"][0].as_object_mut().expect("a rule").remove("help");
    let logs = [
        ("formats.sarif", formats),
        ("duplicate-id.sarif", duplicates),
        ("kr-delegated.sarif", delegated),
        ("without-help.sarif", without_help.to_string()),
    ];
    let errors = multitool_errors(&tool, &logs);
    assert!(!errors.is_empty() && errors.iter().all(|e| e.starts_with("without-help.sarif: GH")), "{errors:#?}");
}

#[test]
fn sarif_uris_are_percent_encoded() {
    let sarif = json(&check_fixture(&["--format", "sarif"]));
    let uris: Vec<&str> = sarif["runs"][0]["results"]
        .as_array()
        .expect("results")
        .iter()
        .map(|r| r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"].as_str().expect("uri"))
        .collect();
    assert!(uris.contains(&"web,%20100%25.okr.yaml"), "{uris:?}");
    assert!(uris.contains(&"data/broken.okr.yaml"), "{uris:?}");
}

#[test]
fn sarif_results_match_the_findings() {
    let sarif = json(&check_fixture(&["--format", "sarif"]));
    let expected = json(&check_fixture(&["--format", "json"]));
    let run = &sarif["runs"][0];
    let rules = run["tool"]["driver"]["rules"].as_array().expect("rules");
    let results = run["results"].as_array().expect("results");
    assert_eq!(results.len(), expected["diagnostics"].as_array().expect("diagnostics").len());
    for (result, d) in results.iter().zip(expected["diagnostics"].as_array().expect("diagnostics")) {
        assert_eq!(result["ruleId"], d["code"]);
        assert_eq!(rules[result["ruleIndex"].as_u64().expect("ruleIndex") as usize]["id"], d["code"]);
        assert_eq!(result["level"], d["severity"]);
        let region = &result["locations"][0]["physicalLocation"]["region"];
        assert_eq!(
            [&region["startLine"], &region["startColumn"], &region["endLine"], &region["endColumn"]],
            [&d["line"], &d["column"], &d["end_line"], &d["end_column"]]
        );
    }
}

// --- Colour ---

fn has_ansi(output: &Output) -> bool {
    output.stdout.contains(&0x1b)
}

/// Whether checking the fixture with `args` (and `NO_COLOR=1` when asked)
/// writes ANSI escapes. The binary's stdout is a pipe here, never a terminal.
fn writes_ansi(args: &[&str], no_color: bool) -> bool {
    let mut command = fixture_command(args);
    if no_color {
        command.env("NO_COLOR", "1");
    }
    has_ansi(&command.output().expect("run okr"))
}

#[test]
fn color_always_colours_and_never_does_not() {
    assert!(writes_ansi(&["--color", "always"], false));
    assert!(!writes_ansi(&["--color", "never"], false));
    // Piped output with `auto` (the default) is plain.
    assert!(!writes_ansi(&[], false));
}

#[test]
fn no_color_turns_auto_off_but_not_always() {
    assert!(!writes_ansi(&["--color", "auto"], true));
    assert!(writes_ansi(&["--color", "always"], true));
}

#[test]
fn machine_formats_never_colour() {
    for format in ["json", "github", "sarif"] {
        assert!(!writes_ansi(&["--color", "always", "--format", format], false), "{format}");
    }
}

// --- Exit codes ---

/// A valid file whose objective title holds a number: one warning.
fn warning_only() -> tempfile::TempDir {
    tree(&[("a.okr.yaml", &valid_document("t", "2026-Q3", "o").replace("Make things better", "Make 2 things better"))])
}

#[test]
fn exit_0_on_the_examples() {
    let output = okr(&repo(), &["check", "examples", "--format", "json"]);
    assert_eq!(output.status.code(), Some(0), "{}", stdout(&output));
    assert_eq!(json(&output)["errors"], 0);
}

#[test]
fn exit_0_with_warnings_only() {
    let output = okr(warning_only().path(), &["check", "--format", "json"]);
    assert_eq!(output.status.code(), Some(0));
    assert_eq!((json(&output)["errors"].as_u64(), json(&output)["warnings"].as_u64()), (Some(0), Some(1)));
}

#[test]
fn exit_1_with_warnings_only_and_deny_warnings() {
    let output = okr(warning_only().path(), &["check", "--deny-warnings"]);
    assert_eq!(output.status.code(), Some(1));
    assert!(stdout(&output).contains("Checked 1 file: 1 warning."), "{}", stdout(&output));
}

#[test]
fn exit_1_with_errors() {
    let dir = tree(&[("a.okr.yaml", "team: t\n")]);
    assert_eq!(okr(dir.path(), &["check"]).status.code(), Some(1));
    assert_eq!(okr(dir.path(), &["check", "--deny-warnings"]).status.code(), Some(1));
}

#[test]
fn exit_2_for_a_path_that_does_not_exist() {
    let dir = tree(&[("a.okr.yaml", &valid_document("t", "2026-Q3", "o"))]);
    let output = okr(dir.path(), &["check", "a.okr.yaml", "nowhere.okr.yaml"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(stdout(&output).is_empty());
    assert!(stderr(&output).contains("nowhere.okr.yaml: no such file or directory"), "{}", stderr(&output));
}

#[test]
fn exit_2_for_a_bad_format() {
    let output = fixture_command(&["--format", "xml"]).output().expect("run okr");
    assert_eq!(output.status.code(), Some(2));
    assert!(stdout(&output).is_empty());
    assert!(stderr(&output).contains("invalid value 'xml'"), "{}", stderr(&output));
}

#[test]
fn exit_2_for_a_bad_config() {
    let dir = tree(&[
        ("okr.toml", "[limits]\nkey_results_max = \"five\"\n"),
        ("a.okr.yaml", &valid_document("t", "2026-Q3", "o")),
    ]);
    let output = okr(dir.path(), &["check"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(stdout(&output).is_empty());
    assert!(stderr(&output).contains("okr.toml:2:"), "points at the line: {}", stderr(&output));
}

#[test]
fn closed_stdout_exits_0_quietly() {
    // Enough findings to overflow any pipe buffer, so that okr is still
    // writing when the reader goes away.
    let dir = tempfile::tempdir().expect("temp dir");
    for i in 0..300 {
        write(
            dir.path(),
            &format!("f{i:03}.okr.yaml"),
            b"team: t\nperiod: 2026-Q3\nobjectives: []\nbad: 1\nworse: 2\n",
        );
    }
    let mut child = okr_command(dir.path(), &["check", "--color", "never"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run okr");
    let mut pipe = child.stdout.take().expect("stdout");
    let mut first = [0u8; 1];
    pipe.read_exact(&mut first).expect("some output");
    drop(pipe);
    let output = child.wait_with_output().expect("okr ends");
    let message = stderr(&output);
    assert_eq!(output.status.code(), Some(0), "{message}");
    assert!(message.is_empty(), "{message}");
}

/// Every URL okr writes comes from one documentation base, which `[docs] url`
/// in okr.toml moves: SARIF's `informationUri` and each rule's `helpUri`.
#[test]
fn sarif_links_follow_the_docs_url_of_okr_toml() {
    let dir = tree(&[
        ("okr.toml", "[docs]\nurl = \"https://handbook.example.com/okr\"\n"),
        ("a.okr.yaml", &valid_document("t", "2026-Q3", "o")),
    ]);
    let sarif = json(&okr(dir.path(), &["check", "--format", "sarif"]));
    let driver = &sarif["runs"][0]["tool"]["driver"];
    assert_eq!(driver["informationUri"], "https://handbook.example.com/okr/");
    let rules = driver["rules"].as_array().expect("rules");
    assert!(
        rules
            .iter()
            .all(|r| r["helpUri"]
                == format!("https://handbook.example.com/okr/rules/{}.html", r["id"].as_str().unwrap())),
        "{rules:#?}"
    );
    // The help is the rule's page, which `okr rule` prints.
    let kpi = rules.iter().find(|r| r["id"] == "kr-kpi").expect("kr-kpi");
    let page = stdout(&okr(dir.path(), &["rule", "kr-kpi", "--format", "markdown"]));
    assert!(kpi["help"]["markdown"].as_str().expect("markdown").starts_with(page.trim_end()), "{kpi:#}");
}
