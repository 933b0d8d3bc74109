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

/// The step conditions the action uses: `inputs.NAME == 'x'` or `!= 'x'`.
fn condition(expression: &str, values: &BTreeMap<String, String>) -> bool {
    let expression = expression.trim().trim_start_matches("${{").trim_end_matches("}}").trim();
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
            .env_remove("NO_COLOR");
        for (name, value) in env {
            command.env(name, value);
        }
        command.output().expect("run bash")
    }
}

#[cfg(unix)]
#[test]
fn the_action_summarises_annotates_and_uploads_on_a_pull_request() {
    let (repo, _, _) = pull_request();
    let runner = Runner::new();
    let action = parse(&repo_file("action.yml"));
    assert_eq!(text(action.get("runs").expect("runs"), "using"), Some("composite"));

    let base_sha = repo.repository.revparse_single("main").expect("main").id().to_string();
    let mut values: BTreeMap<String, String> = BTreeMap::new();
    values.insert("github.event.pull_request.base.sha".into(), base_sha.clone());
    values.insert("runner.temp".into(), runner.temp.path().to_string_lossy().into_owned());
    let inputs = action.get("inputs").expect("inputs");
    let mut input_values = Vec::new();
    for entry in inputs.entries() {
        let name = entry.key.as_str().expect("an input name").to_owned();
        let default = text(&entry.value, "default").unwrap_or_default();
        input_values.push((format!("inputs.{name}"), expand(default, &values)));
    }
    for (name, value) in input_values {
        // The SARIF upload is optional: the test turns it on.
        let value = if name == "inputs.sarif" { "true".to_owned() } else { value };
        values.insert(name, value);
    }
    assert_eq!(values["inputs.base"], base_sha, "the base defaults to the pull request's base");

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
        if script.contains("cargo install") {
            // Building okr again would take minutes; the test puts the built
            // binary on PATH instead. The step must install this repository.
            assert!(script.contains("--path \"$GITHUB_ACTION_PATH\""), "{script}");
            assert!(script.contains("$GITHUB_PATH"), "{script}");
            continue;
        }
        let env: Vec<(String, String)> = step
            .get("env")
            .map(|e| {
                e.entries()
                    .iter()
                    .map(|e| {
                        (e.key.as_str().expect("a name").to_owned(), expand(e.value.as_str().unwrap_or(""), &values))
                    })
                    .collect()
            })
            .unwrap_or_default();
        let output = runner.bash(repo.path(), &expand(script, &values), &env);
        let is_check = script.contains("--format github");
        // The gate fails the job on the pull request's error; the rest succeed.
        let expected = if is_check { 1 } else { 0 };
        assert_eq!(output.status.code(), Some(expected), "step {name}: {}", stderr(&output));
        if is_check {
            let annotations = stdout(&output);
            assert!(
                annotations.contains(&format!("::error file={PLATFORM},")) && annotations.contains("title=kr-count::"),
                "{annotations}"
            );
        }
        ran.push(name);
    }
    assert_eq!(ran.len(), 4, "summary, SARIF, upload and check ran: {ran:?}");
    let summary = std::fs::read_to_string(&runner.summary).expect("the summary");
    assert!(summary.starts_with("## OKR changes"), "{summary}");
    assert!(summary.contains("⚠️ ambition lowered"), "{summary}");
    assert!(summary.contains("`observability/alert-noise@2026-Q3`"), "{summary}");
    assert!(summary.contains("❌ error `kr-count`"), "{summary}");
}

fn repo_file(name: &str) -> PathBuf {
    repo().join(name)
}

#[test]
fn the_pre_commit_hook_checks_the_whole_tree() {
    let hooks = parse(&repo_file(".pre-commit-hooks.yaml"));
    let hook = hooks.items().iter().find(|h| text(h, "id") == Some("okr-check")).expect("an okr-check hook");
    assert_eq!(text(hook, "language"), Some("rust"));
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

/// The pull-request summary shown in the README is this test's real output.
#[test]
fn the_readme_shows_a_real_summary() {
    let (repo, _, _) = pull_request();
    let output = okr(repo.path(), &["diff", "main", "--format", "markdown"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let summary = stdout(&output);
    let readme = std::fs::read_to_string(repo_file("README.md")).expect("README");
    let (start, end) = ("<!-- okr-diff-summary:start -->\n", "<!-- okr-diff-summary:end -->");
    let shown = readme
        .split_once(start)
        .and_then(|(_, rest)| rest.split_once(end))
        .map(|(shown, _)| shown.trim())
        .expect("the README holds the summary between its markers");
    assert_eq!(shown, summary.trim(), "update the README's summary with this output:\n{summary}");
}
