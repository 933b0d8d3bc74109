//! `okr report --format html` and `okr status --format html`: the page's
//! policy and structure, hostile titles, notes, units and author names that
//! stay text, and `-o FILE`. The page in a real browser (and axe-core) is
//! `browser.rs`; the page's snapshot is in `report.rs`.

use std::path::Path;

use crate::git_fixture::{Change, GitFixture};
use crate::support::*;

/// A title of each hostile kind the issue names, a note with a
/// `javascript:` link, a unit with markup and an author name with quotes
/// (git refuses angle brackets in names).
pub const HOSTILE_TITLES: [&str; 5] = [
    "<script>alert('title')</script>",
    "</details></section><h1>forged</h1>",
    "\" onmouseover=\"alert(1)\" x=\"",
    "javascript:alert(1)",
    "\u{202e}gnp.exe\u{2066} bidi",
];

/// The title of the company objective the hostile history aligns to: a
/// parent drawn in the tree must stay text too.
pub const HOSTILE_PARENT: &str = "</summary></details><a href=\"javascript:alert(4)\">parent</a>";

/// A 2026-Q3 history whose titles, note, unit and author are hostile, and
/// whose first objective aligns to a 2026 company objective with a hostile title.
pub fn hostile() -> GitFixture {
    let quote = |s: &str| serde_json::to_string(s).expect("a JSON string is a YAML string");
    let document = |current: u32| {
        format!(
            "version: 1\nteam: web\nperiod: 2026-Q3\nobjectives:\n  - id: hostile\n    title: {}\n    aligns_to: company/grow\n    key_results:\n\
             \x20     - id: one\n        title: {}\n        start: 0\n        target: 10\n        current: {current}\n\
             \x20       unit: {}\n        note: {}\n      - id: two\n        title: {}\n        done: false\n\
             \x20     - id: three\n        title: {}\n        at_least: 5\n        current: 7\n  - id: other\n\
             \x20   title: {}\n    key_results:\n      - id: four\n        title: plain\n        start: 0\n        target: 1\n\
             \x20     - id: five\n        title: plain too\n        done: true\n",
            quote(HOSTILE_TITLES[0]),
            quote(HOSTILE_TITLES[1]),
            quote("<i>h</i>"),
            quote("see [here](javascript:alert(1)) <a href=\"javascript:alert(2)\">x</a>"),
            quote(HOSTILE_TITLES[2]),
            quote(HOSTILE_TITLES[3]),
            quote(HOSTILE_TITLES[4]),
        )
    };
    let company = format!(
        "version: 1\nteam: company\nperiod: 2026\nobjectives:\n  - id: grow\n    title: {}\n    key_results:\n\
         \x20     - id: k\n        title: plain\n        start: 0\n        target: 10\n        current: 3\n      - id: l\n        title: plain\n        done: false\n",
        quote(HOSTILE_PARENT)
    );
    let git = GitFixture::new();
    git.commit(Change::new("2026-06-20", "Ana").write("web.okr.yaml", document(0)).write("company.okr.yaml", company));
    git.commit(
        Change::new("2026-07-10", "Mallory\" onmouseover=\"alert(3) & 'x' y").write("web.okr.yaml", document(4)),
    );
    git
}

pub fn html_report(dir: &Path) -> String {
    let output = okr(dir, &["report", "--period", "2026-Q3", "--format", "html"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    stdout(&output)
}

/// The elements okr writes: a tag of any other name came from data.
const OKR_TAGS: [&str; 44] = [
    "!DOCTYPE",
    "html",
    "head",
    "meta",
    "link",
    "title",
    "style",
    "body",
    "header",
    "main",
    "h1",
    "h2",
    "h3",
    "h4",
    "dl",
    "dt",
    "dd",
    "div",
    "p",
    "section",
    "details",
    "summary",
    "ul",
    "li",
    "a",
    "span",
    "bdi",
    "code",
    "article",
    "figure",
    "figcaption",
    "svg",
    "desc",
    "rect",
    "line",
    "circle",
    "path",
    "text",
    "g",
    "table",
    "thead",
    "tbody",
    "defs",
    "use",
];
const OKR_TABLE_TAGS: [&str; 3] = ["tr", "th", "td"];

/// What every page must be, whatever its data: okr's elements only, okr's
/// attributes only (no event handler, every link an anchor of the page),
/// the elements that hold data balanced, one script (the page's own), and
/// no raw control, bidi or invisible character.
pub fn assert_html_safe(page: &str, what: &str) {
    let (before, script) = page.split_once("<script>").unwrap_or_else(|| panic!("{what}: no script"));
    let (_, after) = script.split_once("</script>").unwrap_or_else(|| panic!("{what}: script not closed"));
    assert!(!after.contains("<script"), "{what}: a second script");
    let (head, body) = before.split_once("</style>").unwrap_or_else(|| panic!("{what}: no style"));
    assert!(!head.contains("<script"), "{what}: a script in the head");
    let markup = format!("{}{body}{after}", &head[..head.rfind("<style>").unwrap_or(0)]);
    assert!(!markup.contains(|c: char| c != '\n' && okr::render::safe::is_hidden(c)), "{what}: a raw hidden character");
    for tag in markup.split('<').skip(1) {
        let inside = tag.split('>').next().unwrap_or_default();
        let name = inside.trim_start_matches('/').split([' ', '>']).next().unwrap_or_default();
        assert!(
            OKR_TAGS.contains(&name) || OKR_TABLE_TAGS.contains(&name),
            "{what}: an element okr does not write: <{inside}>"
        );
        for attribute in inside.split(' ').skip(1) {
            let name = attribute.split('=').next().unwrap_or_default();
            assert!(!name.starts_with("on"), "{what}: an event attribute: <{inside}>");
            if name == "href" {
                assert!(
                    attribute.starts_with("href=\"#") || attribute == "href=\"data:,\"",
                    "{what}: a link: <{inside}>"
                );
            }
        }
    }
    let names = tags(&markup);
    for name in ["details", "section", "bdi", "svg", "article", "table", "h1", "h2", "h3", "a", "title"] {
        let open = names.iter().filter(|t| *t == name).count();
        let close = names.iter().filter(|t| **t == format!("/{name}")).count();
        assert_eq!(open, close, "{what}: <{name}> opened {open} times, closed {close}");
    }
}

/// Every `<tag` of the page, by name, in order (closing tags as `/tag`).
fn tags(page: &str) -> Vec<String> {
    page.split('<')
        .skip(1)
        .map(|rest| rest.chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '/' || *c == '!').collect())
        .collect()
}

#[test]
fn hostile_titles_notes_units_and_authors_stay_text() {
    let git = hostile();
    let page = html_report(git.path());
    assert_html_safe(&page, "report html");
    let body = &page[page.find("<body>").expect("a body")..];
    // The page's own script is its only one, and no data made an attribute.
    assert_eq!(body.matches("<script").count(), 1, "one script, the page's own");
    for after in body.split("onmouseover=").skip(1) {
        assert!(after.starts_with("&quot;"), "no event attribute from data: {}", &after[..20.min(after.len())]);
    }
    assert!(!page.contains("javascript:alert(2)\""), "no link from data");
    for href in body.split("href=\"").skip(1) {
        assert!(href.starts_with('#'), "every link is okr's own anchor: {}", &href[..20.min(href.len())]);
    }
    // Forged closing tags and headings are text, so the elements balance.
    let tags = tags(body);
    for name in ["details", "section", "h1", "bdi", "svg", "article"] {
        let open = tags.iter().filter(|t| *t == name).count();
        let close = tags.iter().filter(|t| **t == format!("/{name}")).count();
        assert_eq!(open, close, "<{name}> opened {open} times, closed {close}");
    }
    assert_eq!(tags.iter().filter(|t| *t == "h1").count(), 1, "only the page's own heading");
    assert!(!tags.iter().any(|t| t == "i"), "no tag from a unit");
    // Bidi controls cannot reorder the page: they are shown, escaped.
    assert!(!page.contains(['\u{202e}', '\u{2066}']), "no raw bidi control");
    assert!(page.contains("<bdi>\\u{202e}gnp.exe\\u{2066} bidi</bdi>"), "shown escaped, isolated");
    // And each title is there, as text, in a <bdi>.
    for title in [
        "<bdi>&lt;script&gt;alert(&#39;title&#39;)&lt;/script&gt;</bdi>",
        "<bdi>&lt;/details&gt;&lt;/section&gt;&lt;h1&gt;forged&lt;/h1&gt;</bdi>",
        "<bdi>&quot; onmouseover=&quot;alert(1)&quot; x=&quot;</bdi>",
        "<bdi>javascript:alert(1)</bdi>",
        "<bdi>Mallory&quot; onmouseover=&quot;alert(3) &amp; &#39;x&#39; y</bdi>",
        "<bdi>&lt;/summary&gt;&lt;/details&gt;&lt;a href=&quot;javascript:alert(4)&quot;&gt;parent&lt;/a&gt;</bdi>",
    ] {
        assert!(page.contains(title), "{title} in the page");
    }
}

#[test]
fn the_page_allows_only_its_own_style_and_hashed_script() {
    let git = hostile();
    let page = html_report(git.path());
    let policy = page
        .split("http-equiv=\"Content-Security-Policy\" content=\"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .expect("a CSP meta tag");
    let (before, hash) = policy.split_once("script-src 'sha256-").expect("a hashed script source");
    assert_eq!(before, "default-src 'none'; style-src 'unsafe-inline'; img-src data:; ");
    let script = page.split("<script>").nth(1).and_then(|s| s.split("</script>").next()).expect("the script");
    // The hash, recomputed here with a tool of the machine when there is one.
    if has_tool("openssl", "the script's hash is not recomputed") {
        let dir = tempfile::tempdir().expect("temp dir");
        std::fs::write(dir.path().join("script.js"), script).expect("write");
        let output = std::process::Command::new("sh")
            .arg("-c")
            .arg("openssl dgst -sha256 -binary script.js | openssl base64 -A")
            .current_dir(dir.path())
            .output()
            .expect("openssl");
        assert_eq!(format!("{}'", String::from_utf8_lossy(&output.stdout).trim()), hash);
    }
    // Nothing that would fetch: no external source, stylesheet or font.
    for fetching in ["src=\"http", "href=\"http", "url(", "@import", "<link rel=\"stylesheet\""] {
        assert!(!page.contains(fetching), "{fetching} in the page");
    }
}

#[test]
fn every_key_result_has_a_chart_with_a_title_and_a_description() {
    let git = crate::report::quarter();
    let page = html_report(git.path());
    let report = json(&okr(git.path(), &["report", "--period", "2026-Q3", "--format", "json"]));
    let key_results: usize = report["teams"]
        .as_array()
        .into_iter()
        .flatten()
        .flat_map(|t| t["objectives"].as_array().into_iter().flatten())
        .map(|o| o["key_results"].as_array().map_or(0, Vec::len))
        .sum();
    assert_eq!(page.matches("<svg class=\"chart\"").count(), key_results);
    assert_eq!(page.matches("<title id=\"chart-").count(), key_results);
    assert_eq!(page.matches("<desc id=\"chart-").count(), key_results);
    // The target moved once on lead-time: one marker, old → new in its tooltip.
    assert!(page.contains("<g class=\"moved\"><title>target moved 4 → 8 on 2026-08-03 by Fay</title>"), "{page}");
    assert_eq!(page.matches("<g class=\"today\">").count(), key_results);
    // Teams in the tree link to their sections.
    assert!(page.contains("<a href=\"#team-0\"><bdi>checkout</bdi></a>"));
    assert!(page.contains("<section class=\"team\" id=\"team-0\""));
}

#[test]
fn output_to_a_file_replaces_it_whole() {
    let git = crate::report::quarter();
    std::fs::write(git.path().join("page.html"), "old").expect("write");
    #[cfg(unix)]
    let old_mode = {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::Permissions::from_mode(0o604);
        std::fs::set_permissions(git.path().join("page.html"), mode.clone()).expect("chmod");
        mode
    };
    let output = okr(git.path(), &["report", "--period", "2026-Q3", "--format", "html", "-o", "page.html"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(stdout(&output).is_empty(), "nothing on stdout with -o");
    let written = std::fs::read_to_string(git.path().join("page.html")).expect("the page");
    assert_eq!(written, html_report(git.path()));
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(git.path().join("page.html")).expect("stat").permissions().mode();
        assert_eq!(mode & 0o777, old_mode.mode(), "the replaced page keeps its permissions");
    }
    let leftovers: Vec<_> = std::fs::read_dir(git.path())
        .expect("list")
        .filter_map(Result::ok)
        .filter(|e| e.file_name().to_string_lossy().ends_with(".tmp"))
        .collect();
    assert!(leftovers.is_empty(), "no temporary file left: {leftovers:?}");
    // A directory that does not exist: exit 2, naming it, nothing written.
    let output = okr(git.path(), &["report", "--period", "2026-Q3", "--format", "html", "-o", "missing/page.html"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("missing/"), "{}", stderr(&output));
}

#[test]
fn status_as_a_page_escapes_the_same_way() {
    let git = hostile();
    let output = okr_on_day(git.path(), "2026-10-01", &["status", "--as-of", "2026-08-15", "--format", "html"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let page = stdout(&output);
    assert_html_safe(&page, "status html");
    assert!(page.starts_with("<!DOCTYPE html>"));
    assert_eq!(page.matches("<script").count(), 1);
    assert!(page.contains("<bdi>&lt;script&gt;alert(&#39;title&#39;)&lt;/script&gt;</bdi>"));
    assert!(!page.contains(['\u{202e}', '\u{2066}']));
    assert!(page.contains("<section class=\"team\""));
}

/// The tree's part of `page`: from its heading to the team sections.
fn tree(page: &str) -> &str {
    let start = page.find("<section id=\"tree\"").expect("the tree");
    let end = page[start..].find("</section>").expect("the tree's end") + start;
    &page[start..end]
}

#[test]
fn the_tree_nests_what_aligns_to_an_objective_under_it() {
    let git = crate::report::quarter();
    let page = html_report(git.path());
    let tree = tree(&page);
    // checkout/fast-pay aligns to platform/deploys: under it, not at its team's level.
    let deploys = tree.find("<bdi>Deploys are boring</bdi>").expect("deploys in the tree");
    let aligned = tree.find("<summary>1 objective aligned</summary>").expect("a child");
    let fast_pay = tree.find("<bdi>Paying feels instant</bdi>").expect("fast-pay in the tree");
    assert!(deploys < aligned && aligned < fast_pay, "{tree}");
    assert_eq!(tree.matches("<bdi>Paying feels instant</bdi>").count(), 1, "{tree}");
    assert!(tree.contains("(each of its objectives is drawn under what it aligns to)"), "{tree}");
}

#[test]
fn an_alignment_loop_shows_each_objective_once_and_other_periods_by_name() {
    let file = |team: &str, parent: &str| {
        format!(
            "version: 1\nteam: {team}\nperiod: 2026-Q3\nobjectives:\n  - id: o\n    title: Objective of {team}\n    \
             aligns_to: [{parent}, company/grow@2026]\n    key_results:\n      - id: a\n        title: A\n        \
             start: 0\n        target: 1\n      - id: b\n        title: B\n        done: false\n"
        )
    };
    let git = GitFixture::new();
    git.commit(
        Change::new("2026-07-02", "Ana").write("a.okr.yaml", file("a", "b/o")).write("b.okr.yaml", file("b", "a/o")),
    );
    let output = okr(git.path(), &["report", "--period", "2026-Q3", "--format", "html", "--no-check"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let page = stdout(&output);
    let tree = tree(&page);
    for team in ["a", "b"] {
        assert_eq!(tree.matches(&format!("<bdi>Objective of {team}</bdi>")).count(), 1, "{tree}");
    }
    assert_eq!(tree.matches("aligns to <code><bdi>company/grow@2026</bdi></code>").count(), 2, "{tree}");
    assert_html_safe(&page, "a loop's page");
}

#[test]
fn a_key_result_shows_its_latest_notes_newest_first_each_from_when_it_was_written() {
    let file = |current: u32, note: &str| {
        format!(
            "version: 1\nteam: web\nperiod: 2026-Q3\nobjectives:\n  - id: o\n    title: O\n    key_results:\n      \
             - id: a\n        title: A\n        start: 0\n        target: 10\n        current: {current}\n        \
             note: {note}\n      - id: b\n        title: B\n        done: false\n"
        )
    };
    let git = GitFixture::new();
    git.commit(Change::new("2026-06-20", "Ana").write("web.okr.yaml", file(0, "start")));
    for (day, current, note) in
        [(2, 1, "first"), (9, 2, "second"), (16, 3, "second"), (23, 4, "third"), (30, 5, "fourth")]
    {
        git.commit(Change::new(&format!("2026-07-{day:02}"), "Ana").write("web.okr.yaml", file(current, note)));
    }
    let page = html_report(git.path());
    let shown = "<dt>Latest notes</dt><dd><ul class=\"notes\"><li>2026-07-30: <bdi>fourth</bdi></li>\
                 <li>2026-07-23: <bdi>third</bdi></li><li>2026-07-09: <bdi>second</bdi></li></ul></dd>";
    assert!(page.contains(shown), "{page}");
    assert!(!page.contains("<bdi>first</bdi>"), "three notes at most");
}

/// The examples, committed once on 2026-07-02, as a history of their own.
fn examples() -> GitFixture {
    let root = repo();
    let mut files = Vec::new();
    let mut stack = vec![root.join("examples")];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).expect("read examples") {
            let path = entry.expect("an entry").path();
            if path.is_dir() {
                stack.push(path);
            } else {
                let relative =
                    path.strip_prefix(&root).expect("under the repository").to_string_lossy().replace('\\', "/");
                files.push((relative, std::fs::read_to_string(&path).expect("read")));
            }
        }
    }
    let git = GitFixture::new();
    let change =
        files.iter().fold(Change::new("2026-07-02", "Ana"), |change, (path, text)| change.write(path, text.as_str()));
    git.commit(change);
    git
}

/// The tree's roots, each from its `<li>` to the next root's: the parents
/// of enclosing periods, drawn before the period itself.
fn roots(tree: &str) -> Vec<&str> {
    let before_period = tree.split("<details open><summary>2026-Q3").next().expect("the period");
    before_period.split("<li><details open><summary>").skip(1).collect()
}

#[test]
fn the_tree_draws_the_company_objectives_the_teams_align_to_with_their_scores() {
    let git = examples();
    let output = okr_on_day(git.path(), "2026-08-15", &["report", "--period", "2026-Q3", "--format", "html"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let page = stdout(&output);
    assert_html_safe(&page, "the examples' page");
    let tree = tree(&page);
    // Scored as `okr score` scores the files of the same commit.
    let board = json(&okr_on_day(git.path(), "2026-08-15", &["score", "--rev", "HEAD", "--format", "json"]));
    let scored: Vec<&serde_json::Value> = json_objectives(&board)
        .flat_map(|o| std::iter::once(o).chain(o["key_results"].as_array().into_iter().flatten()))
        .collect();
    let node = |reference: &str| *scored.iter().find(|n| n["ref"] == reference).expect("scored by okr score");
    let report = json(&okr_on_day(git.path(), "2026-08-15", &["report", "--period", "2026-Q3", "--format", "json"]));
    let teams: Vec<&str> =
        report["teams"].as_array().expect("teams").iter().map(|t| t["team"].as_str().expect("id")).collect();
    let link = |reference: &str| {
        let team = reference.split_once('/').expect("a team").0;
        let t = teams.iter().position(|x| *x == team).expect("a team of the report");
        let o = report["teams"][t]["objectives"]
            .as_array()
            .expect("objectives")
            .iter()
            .position(|x| x["ref"] == reference)
            .expect("an objective of the report");
        (format!("<a href=\"#team-{t}\"><bdi>{team}</bdi></a>"), format!("<a href=\"#team-{t}-o{o}\">"))
    };
    let roots = roots(tree);
    for (parent, children) in [
        (
            "company/delight-shoppers@2026",
            &[
                "checkout/frictionless-checkout@2026-Q3",
                "checkout/payment-reliability@2026-Q3",
                "mobile/app-store-love@2026-Q3",
            ][..],
        ),
        ("company/trusted-data@2026", &["data/trusted-metrics@2026-Q3"][..]),
        ("company/ship-faster/lead-time@2026", &["platform/boring-deploys@2026-Q3"][..]),
    ] {
        let root = roots
            .iter()
            .find(|r| r.contains(&format!("<code><bdi>{parent}</bdi></code>")))
            .unwrap_or_else(|| panic!("{parent} is a root of the tree: {tree}"));
        let summary = root.split("</summary>").next().expect("its summary");
        let node = node(parent);
        let title = node["title"].as_str().expect("a title").replace('\'', "&#39;");
        assert!(
            summary.starts_with(&format!("<bdi>{title}</bdi> <span class=\"meta\"><bdi>company</bdi>")),
            "{summary}"
        );
        let score = format!(" · {:.2} ", node["score"].as_f64().expect("a score"));
        assert!(summary.contains(&score), "{parent}: {score} in {summary}");
        let grade = node["grade"].as_str().expect("a grade");
        assert!(summary.contains(&format!("<span class=\"grade {grade}\">")), "{parent}: {grade} in {summary}");
        for child in children {
            let (team, objective) = link(child);
            let (at_team, at_objective) = (root.find(&team), root.find(&objective));
            assert!(at_team.is_some() && at_team < at_objective, "{child} under {team} under {parent}: {root}");
        }
    }
    // What aligns to a team objective stays under it, beneath the company root.
    let delight = roots.iter().find(|r| r.contains("company/delight-shoppers@2026")).expect("delight-shoppers");
    let (_, mobile_checkout) = link("mobile/app-checkout@2026-Q3");
    let aligned = delight.find("<summary>1 objective aligned</summary>").expect("checkout's child");
    assert!(delight.find(&mobile_checkout).is_some_and(|at| at > aligned), "{delight}");
    // The parents are named once, as nodes, not again beside their children.
    assert!(!tree.contains("aligns to <code><bdi>company/"), "{tree}");
    // Each team objective is drawn whole once; a second parent names it again.
    assert_eq!(tree.matches("(also drawn above)").count(), 1, "{tree}");
    insta::assert_snapshot!("examples_tree", tree);
}
