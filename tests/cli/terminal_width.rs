//! Tables fit the terminal: with `COLUMNS` set, no line of `score`, `report`
//! or `diff` table output is wider, measured in display columns (a CJK
//! character or an emoji is two), for long titles, ids, units, commit
//! subjects and wide characters; with no width, the output is as wide as
//! its content, byte for byte what it was.

use std::process::Output;

use unicode_width::UnicodeWidthStr;

use crate::git_fixture::{files, Change, GitFixture, Repo};
use crate::support::*;

const FILE: &str = "okrs/platform.okr.yaml";

/// A team file of long ids, titles and units, in several scripts.
const WIDE: &str = "\
version: 1
team: platform
period: 2026-Q3
objectives:
  - id: checkout-experience-that-customers-remember-for-the-right-reason
    title: 日本語のタイトルはとても長いです and an English tail that goes on and on 🚀🚀 until it is cut
    key_results:
      - id: latency-of-the-checkout-service-at-the-ninety-fifth-percentile
        title: The checkout answers quickly for everybody, everywhere, at every hour of the day
        start: 480
        target: 120
        current: 300
        unit: ミリ秒 milliseconds of waiting for the checkout page to answer
      - id: launch
        title: 新しいチェックアウトを公開する
        done: false
health:
  - id: uptime-of-every-service-that-takes-part-in-the-checkout-flow
    title: Uptime of every service that takes part in the checkout flow, measured monthly
    at_least: 99.9
    current: 99.95
";

/// The widths tried: from a narrow split pane to a wide screen.
const WIDTHS: [usize; 5] = [56, 64, 80, 100, 132];

/// `okr ARGS` in `dir` with `COLUMNS` set to `columns` (or unset), today fixed.
fn okr_at(dir: &std::path::Path, columns: Option<usize>, args: &[&str]) -> Output {
    let mut command = okr_command(dir, args);
    command.env("OKR_TODAY", "2026-08-01");
    if let Some(columns) = columns {
        command.env("COLUMNS", columns.to_string());
    }
    let output = command.output().expect("run okr");
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    output
}

/// The widest line of `text`, in display columns.
fn widest(text: &str) -> usize {
    text.lines().map(UnicodeWidthStr::width).max().unwrap_or(0)
}

fn assert_fits(text: &str, width: usize) {
    assert!(widest(text) <= width, "a line is {} columns wide, at COLUMNS={width}:\n{text}", widest(text));
}

/// A repository whose history checks in the wide file with a long subject.
fn history() -> GitFixture {
    let git = GitFixture::new();
    git.commit(Change::new("2026-07-02", "Ada Lovelace").write(FILE, WIDE));
    let checked_in = WIDE.replace("current: 300", "current: 250");
    let mut change = Change::new("2026-07-20", "グレース・ホッパー Grace Brewster Murray Hopper");
    change = change.write(FILE, checked_in);
    git.commit(change);
    git
}

#[test]
fn score_table_lines_were_wider_than_the_terminal() {
    let dir = tree(&[(FILE, WIDE)]);
    let unbounded = stdout(&okr_at(dir.path(), None, &["score"]));
    assert!(widest(&unbounded) > 132, "the fixture is wider than every width tried:\n{unbounded}");
    for width in WIDTHS {
        let table = stdout(&okr_at(dir.path(), Some(width), &["score"]));
        assert_fits(&table, width);
        // Wrapped, not lost: the first words of the long title and the unit are there.
        assert!(table.contains("日本") && table.contains("ミリ"), "{table}");
        assert!(table.contains("healthy"), "{table}");
        // In colour too: the escapes take no columns.
        let coloured = stdout(&okr_at(dir.path(), Some(width), &["--color", "always", "score"]));
        assert!(coloured.contains('\u{1b}'), "{coloured}");
        assert_fits(&without_escapes(&coloured), width);
    }
}

/// `text` without its SGR escapes (`ESC [ … m`), as a terminal shows it.
fn without_escapes(text: &str) -> String {
    let mut shown = String::new();
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        if c == '\u{1b}' {
            chars.by_ref().take_while(|c| *c != 'm').for_each(drop);
        } else {
            shown.push(c);
        }
    }
    shown
}

#[test]
fn report_table_lines_were_wider_than_the_terminal() {
    let git = history();
    let unbounded = stdout(&okr_at(git.path(), None, &["report", "--period", "2026-Q3"]));
    assert!(widest(&unbounded) > 132, "{unbounded}");
    for width in WIDTHS {
        let table = stdout(&okr_at(git.path(), Some(width), &["report", "--period", "2026-Q3"]));
        assert_fits(&table, width);
        assert!(table.contains("History:"), "{table}");
    }
}

#[test]
fn diff_table_lines_were_wider_than_the_terminal() {
    let mut repo = Repo::new();
    let base = repo.commit("main", &files(&[(FILE, WIDE)]), "base");
    repo.branch("feature", base);
    let changed = WIDE.replace("current: 300", "current: 150").replace("target: 120", "target: 200");
    repo.commit("feature", &files(&[(FILE, &changed)]), "feature");
    let args = ["diff", "main", "feature"];
    let unbounded = stdout(&okr_at(repo.path(), None, &args));
    assert!(widest(&unbounded) > 80, "{unbounded}");
    for width in WIDTHS {
        let table = stdout(&okr_at(repo.path(), Some(width), &args));
        assert_fits(&table, width);
        assert!(table.contains("modified"), "{table}");
    }
}

#[test]
fn a_terminal_wide_enough_gets_the_same_bytes_as_a_pipe() {
    let dir = tree(&[(FILE, WIDE)]);
    let unbounded = okr_at(dir.path(), None, &["score"]).stdout;
    assert_eq!(okr_at(dir.path(), Some(1000), &["score"]).stdout, unbounded);
    // A COLUMNS that is not a positive number is ignored, as by other tools.
    assert_eq!(okr_at(dir.path(), Some(0), &["score"]).stdout, unbounded);
    let mut command = okr_command(dir.path(), &["score"]);
    let garbage = command.env("OKR_TODAY", "2026-08-01").env("COLUMNS", "wide").output().expect("run okr");
    assert_eq!(garbage.stdout, unbounded);
}

#[test]
fn machine_formats_ignore_the_width() {
    let dir = tree(&[(FILE, WIDE)]);
    for format in ["json", "markdown"] {
        let unbounded = okr_at(dir.path(), None, &["score", "--format", format]).stdout;
        assert_eq!(okr_at(dir.path(), Some(56), &["score", "--format", format]).stdout, unbounded, "{format}");
    }
}

/// comfy-table wraps one long word in time that grows with the square of its
/// length: a 300,000-character unit kept `okr score` on an 80-column
/// terminal busy for minutes. Overlong cells are cut before they are wrapped.
#[test]
fn a_huge_unit_hung_a_fitted_table() {
    let unit = "x".repeat(300_000);
    let wide = WIDE.replace("ミリ秒 milliseconds of waiting for the checkout page to answer", &unit);
    let dir = tree(&[(FILE, &wide)]);
    let mut command = okr_command(dir.path(), &["score"]);
    command.env("OKR_TODAY", "2026-08-01").env("COLUMNS", "80");
    let output = finishes(command);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let table = stdout(&output);
    assert_fits(&table, 80);
    assert!(table.contains("xxxx…"), "the unit is cut, visibly");
    assert!(table.len() < 20_000, "{} bytes", table.len());
}
