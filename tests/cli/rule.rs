//! `okr rule`: a rule's page as text, markdown and JSON, every rule with
//! `--all`, the documentation's address from `[docs] url`, unknown codes.

use crate::support::{okr, repo, stderr, stdout, tree};

#[test]
fn markdown_prints_the_page_of_the_docs_as_it_is() {
    let dir = tempfile::tempdir().expect("temp dir");
    let output = okr(dir.path(), &["rule", "kr-kpi", "--format", "markdown"]);
    assert!(output.status.success(), "{output:?}");
    let page = std::fs::read_to_string(repo().join("docs/rules/kr-kpi.md")).expect("the page");
    assert_eq!(stdout(&output), page);
}

#[test]
fn text_prints_the_page_and_its_address() {
    let dir = tempfile::tempdir().expect("temp dir");
    let output = okr(dir.path(), &["rule", "objective-measurable"]);
    assert!(output.status.success(), "{output:?}");
    let text = stdout(&output);
    assert!(text.starts_with("# objective-measurable\n"), "{text}");
    assert!(text.contains("## Why") && text.contains("qualitative"), "{text}");
    assert!(
        text.trim_end().ends_with(&format!("Online: {}rules/objective-measurable.html", okr::docs::DOCS_URL)),
        "{text}"
    );
}

#[test]
fn all_as_json_lists_every_rule() {
    let dir = tempfile::tempdir().expect("temp dir");
    let output = okr(dir.path(), &["rule", "--all", "--format", "json"]);
    assert!(output.status.success(), "{output:?}");
    insta::assert_snapshot!("rule_all_json", stdout(&output));
    let value: serde_json::Value = serde_json::from_slice(&output.stdout).expect("JSON");
    let codes: Vec<&str> =
        value["rules"].as_array().expect("rules").iter().map(|r| r["code"].as_str().expect("code")).collect();
    let all: Vec<&str> = okr::findings::Code::ALL.iter().map(|c| c.name()).collect();
    assert_eq!(codes, all);
}

#[test]
fn all_as_text_and_markdown_hold_every_page() {
    let dir = tempfile::tempdir().expect("temp dir");
    for format in ["text", "markdown"] {
        let output = okr(dir.path(), &["rule", "--all", "--format", format]);
        assert!(output.status.success(), "{output:?}");
        let text = stdout(&output);
        for code in okr::findings::Code::ALL {
            assert!(
                text.contains(&format!("\n# {code}\n")) || text.starts_with(&format!("# {code}\n")),
                "{format}: {code}"
            );
        }
    }
}

#[test]
fn the_docs_url_of_okr_toml_moves_every_address() {
    let dir = tree(&[("okr.toml", "[docs]\nurl = \"https://docs.example.com/okr\"\n")]);
    let output = okr(dir.path(), &["rule", "--all", "--format", "json"]);
    assert!(output.status.success(), "{output:?}");
    let value: serde_json::Value = serde_json::from_slice(&output.stdout).expect("JSON");
    for rule in value["rules"].as_array().expect("rules") {
        let expected = format!("https://docs.example.com/okr/rules/{}.html", rule["code"].as_str().expect("code"));
        assert_eq!(rule["url"], expected.as_str());
    }
    let text = stdout(&okr(dir.path(), &["rule", "kr-count"]));
    assert!(text.contains("Online: https://docs.example.com/okr/rules/kr-count.html"), "{text}");
}

#[test]
fn a_docs_url_that_is_no_web_address_is_a_config_error() {
    let dir = tree(&[("okr.toml", "[rules]\nkr-kpi = \"off\"\n[docs]\nurl = \"javascript:alert(1)\"\n")]);
    let output = okr(dir.path(), &["rule", "kr-kpi"]);
    assert_eq!(output.status.code(), Some(2));
    let message = stderr(&output);
    assert!(message.contains("okr.toml") && message.contains(":4:"), "names the file and line: {message}");
    assert!(message.contains("https://"), "{message}");
}

#[test]
fn an_unknown_code_is_a_usage_error_listing_the_rules() {
    let dir = tempfile::tempdir().expect("temp dir");
    let output = okr(dir.path(), &["rule", "kr-kpj\u{1b}[31m"]);
    assert_eq!(output.status.code(), Some(2));
    let message = stderr(&output);
    assert!(message.contains("no rule") && message.contains("kr-kpi"), "{message}");
    assert!(!message.contains('\u{1b}'), "the argument is sanitised: {message:?}");
    assert!(stdout(&output).is_empty());
    let output = okr(dir.path(), &["rule"]);
    assert_eq!(output.status.code(), Some(2), "a code or --all");
}

/// The book in `docs/` lists every rule page, and its table of rules says
/// what `okr rule` and the codes say: neither can drift from the code.
#[test]
fn the_book_lists_every_rule_as_the_codes_describe_it() {
    let summary = std::fs::read_to_string(repo().join("docs/SUMMARY.md")).expect("docs/SUMMARY.md");
    let table = std::fs::read_to_string(repo().join("docs/rules.md")).expect("docs/rules.md");
    for code in okr::findings::Code::ALL {
        assert!(summary.contains(&format!("  - [{code}](rules/{code}.md)\n")), "SUMMARY.md lists {code}");
        let row = format!(
            "| [`{code}`](rules/{code}.md) | {} | {} |\n",
            code.default_severity().as_str(),
            code.description().replace('|', "\\|")
        );
        assert!(table.contains(&row), "docs/rules.md has the row\n{row}");
    }
    let listed = summary.matches("](rules/").count();
    assert_eq!(listed, okr::findings::Code::ALL.len(), "SUMMARY.md lists no page without a code");
}
