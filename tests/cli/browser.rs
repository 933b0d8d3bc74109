//! The HTML pages in a real browser: the system's Chromium (Debian's
//! `chromium`, found as `OKR_CHROMIUM` or on PATH), driven by puppeteer-core
//! from `tests/browser/page.cjs`, with axe-core for accessibility. Both npm
//! packages are in the directory `OKR_BROWSER_MODULES` names, which `.ci/run`
//! installs (pinned). Each page is opened from disk (`file://`) and must load
//! with no console error, no CSP violation and no request; the report must
//! show a chart per key result, the tree and every team's section; axe must
//! find nothing serious or critical, in light and dark; printed, each team
//! starts a page and no chart is cut; without JavaScript everything is there;
//! at a phone's width nothing overflows; the screenshots,
//! kept under `target/browser-html/` (their paths printed), must not be blank.

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::{json, Value};

use crate::html::{hostile, html_report, HOSTILE_PARENT, HOSTILE_TITLES};
use crate::support::*;

/// The npm modules and the browser, or `None` (skipped, saying why).
fn tools() -> Option<(PathBuf, PathBuf)> {
    let Some(modules) = std::env::var_os("OKR_BROWSER_MODULES").map(PathBuf::from) else {
        skip("OKR_BROWSER_MODULES is not set; the HTML pages are not tried in a browser");
        return None;
    };
    let chromium = std::env::var_os("OKR_CHROMIUM").map(PathBuf::from).or_else(|| {
        std::env::split_paths(&std::env::var_os("PATH").unwrap_or_default())
            .map(|dir| dir.join("chromium"))
            .find(|path| path.is_file())
    });
    let Some(chromium) = chromium else {
        skip("no `chromium` on PATH (nor OKR_CHROMIUM); the HTML pages are not tried in a browser");
        return None;
    };
    Some((modules, chromium))
}

/// Where pages and screenshots are kept for a look after the run.
fn kept() -> PathBuf {
    let target = std::env::var_os("CARGO_TARGET_DIR").map_or_else(|| repo().join("target"), PathBuf::from);
    let dir = target.join("browser-html");
    std::fs::create_dir_all(&dir).expect("create target/browser-html");
    dir
}

/// Open `page` (saved as `name.html`) in Chromium with `expect`; what it measured.
fn open_in_chromium(name: &str, page: &str, mut expect: Value) -> Value {
    let Some((modules, chromium)) = tools() else { return Value::Null };
    let dir = kept();
    let page_path = dir.join(format!("{name}.html"));
    std::fs::write(&page_path, page).expect("write the page");
    let screenshot = dir.join(format!("{name}.png"));
    let _ = std::fs::remove_file(&screenshot);
    expect["modules"] = json!(modules);
    expect["chromium"] = json!(chromium);
    expect["page"] = json!(page_path);
    expect["screenshot"] = json!(screenshot);
    let expectations = dir.join(format!("{name}.expect.json"));
    std::fs::write(&expectations, expect.to_string()).expect("write the expectations");
    let output =
        Command::new("node").arg(repo().join("tests/browser/page.cjs")).arg(&expectations).output().expect("run node");
    assert!(output.status.success(), "{name} in Chromium:\n{}{}", stdout(&output), stderr(&output));
    // Where to look: the test's output names the screenshot.
    #[allow(clippy::print_stderr)]
    {
        eprintln!("screenshot of the {name} page: {}", screenshot.display());
    }
    assert!(Path::new(&screenshot).is_file(), "a screenshot");
    serde_json::from_str(stdout(&output).trim()).expect("one JSON line")
}

fn counts(report: &Value) -> (usize, usize) {
    let teams = report["teams"].as_array().map_or(0, Vec::len);
    let key_results = report["teams"]
        .as_array()
        .into_iter()
        .flatten()
        .flat_map(|t| t["objectives"].as_array().into_iter().flatten())
        .map(|o| o["key_results"].as_array().map_or(0, Vec::len))
        .sum();
    (teams, key_results)
}

fn report_json(dir: &Path) -> Value {
    json_output(&okr(dir, &["report", "--period", "2026-Q3", "--format", "json"]))
}

fn json_output(output: &std::process::Output) -> Value {
    assert_eq!(output.status.code(), Some(0), "{}", stderr(output));
    json(output)
}

#[test]
fn the_report_page_works_in_chromium_and_passes_axe() {
    let git = crate::report::quarter();
    let (teams, key_results) = counts(&report_json(git.path()));
    assert_eq!((teams, key_results), (2, 6), "the fixture's size");
    let expect = json!({
        "teams": teams,
        "key_results": key_results,
        "texts": ["Paying feels instant", "Checkout p95 falls | fast", "target moved 4 → 8 on 2026-08-03 by Fay"],
        "axe": true,
    });
    let seen = open_in_chromium("report", &html_report(git.path()), expect);
    if !seen.is_null() {
        assert_eq!(seen["charts"], 6);
    }
}

#[test]
fn hostile_titles_are_text_in_the_browsers_dom() {
    let git = hostile();
    let (teams, key_results) = counts(&report_json(git.path()));
    // The bidi controls are shown escaped, so the DOM holds their escapes.
    let mut texts: Vec<String> =
        HOSTILE_TITLES.iter().map(|t| t.replace('\u{202e}', "\\u{202e}").replace('\u{2066}', "\\u{2066}")).collect();
    texts.push("see [here](javascript:alert(1)) <a href=\"javascript:alert(2)\">x</a>".into());
    texts.push("Mallory\" onmouseover=\"alert(3) & 'x' y".into());
    texts.push("10 <i>h</i>".into());
    texts.push(HOSTILE_PARENT.into());
    let expect = json!({
        "teams": teams,
        "key_results": key_results,
        "texts": texts,
        // The company objective the first objective aligns to.
        "tree_roots": 1,
        "axe": true,
        "allowed_tags": [
            "a", "article", "bdi", "body", "button", "circle", "code", "dd", "defs", "desc", "details", "div", "dl", "dt",
            "figcaption", "figure", "g", "h1", "h2", "h3", "h4", "head", "header", "html", "input", "label", "li",
            "line", "link", "main", "meta", "p", "path", "rect", "script", "section", "span", "style", "summary",
            "svg", "table", "tbody", "td", "text", "th", "thead", "title", "tr", "ul", "use",
        ],
    });
    open_in_chromium("hostile", &html_report(git.path()), expect);
}

#[test]
fn the_status_page_works_in_chromium_and_passes_axe() {
    let git = hostile();
    let output = okr_on_day(git.path(), "2026-10-01", &["status", "--as-of", "2026-08-15", "--format", "html"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    // The web team's quarter and the company's year.
    let expect = json!({ "teams": 2, "key_results": 0, "texts": [HOSTILE_TITLES[0], HOSTILE_PARENT], "axe": true });
    open_in_chromium("status", &stdout(&output), expect);
}
