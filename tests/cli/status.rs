//! `okr status` on a team's week, built as a dated git history: the periods
//! shown by default, each key result's latest check-in (what counts as one,
//! and that the walk stops once every key result has one), owners, notes and
//! confidence, outside a repository, the filters, and every format by snapshot.

use std::path::Path;
use std::process::Output;

use serde_json::Value;

use crate::git_fixture::{Change, GitFixture};
use crate::support::*;

/// The day every test runs on: a Wednesday in mid 2026-Q3.
pub const TODAY: &str = "2026-08-12";

pub const WEB_FILE: &str = "okrs/web.okr.yaml";
pub const ENG_FILE: &str = "okrs/eng.okr.yaml";
pub const COMPANY_FILE: &str = "okrs/company.okr.yaml";
pub const LAST_QUARTER_FILE: &str = "okrs/web-q2.okr.yaml";

/// The web team's quarter: owners on the file, an objective and a key
/// result; a progress, a milestone, a threshold and a finished milestone.
pub const WEB: &str = "\
version: 1
team: web
period: 2026-Q3
owner: \"@acme/web\"
objectives:
  - id: grow
    title: Grow signups
    owner: \"@ana\"
    key_results:
      - id: signups
        title: Weekly signups grow from 100 to 200
        start: 100
        target: 200
        current: 100
        owner: \"@dana\"
        confidence: 0.6
      - id: referrals
        title: Referral program launched
        done: false
  - id: speed
    title: Pages feel instant
    kind: committed
    key_results:
      - id: p75
        title: p75 load time at most 1.5 s
        at_most: 1.5
        current: 2.4
        unit: s
      - id: budget
        title: Performance budget enforced in CI
        done: true
health:
  - id: uptime
    title: Uptime
    at_least: 99.9
    current: 99.95
    unit: \"%\"
";

/// Engineering's half: no owner anywhere, so the team acts.
pub const ENG: &str = "\
version: 1
team: eng
period: 2026-H2
objectives:
  - id: platform
    title: A paved road for every team
    key_results:
      - id: services
        title: Services on the golden path grow from 10 to 40
        start: 10
        target: 40
        current: 10
      - id: docs
        title: Platform handbook published
        done: false
";

pub const COMPANY: &str = "\
version: 1
team: company
period: 2026
owner: \"@ceo\"
objectives:
  - id: customers
    title: Customers love the product
    kind: committed
    key_results:
      - id: nps
        title: NPS rises from 30 to 45
        start: 30
        target: 45
        current: 30
      - id: churn
        title: Monthly churn at most 2 %
        at_most: 2
        current: 2.5
";

pub const LAST_QUARTER: &str = "\
version: 1
team: web
period: 2026-Q2
objectives:
  - id: old
    title: Last quarter's work
    key_results:
      - id: a
        title: First thing done
        done: true
      - id: b
        title: Second thing done
        done: false
";

/// `WEB` with each `(from, to)` replaced once.
pub fn web(edits: &[(&str, &str)]) -> String {
    let mut text = WEB.to_owned();
    for (from, to) in edits {
        assert!(text.contains(from), "the fixture holds {from:?}");
        text = text.replacen(from, to, 1);
    }
    text
}

const SIGNUPS_CHECKIN: (&str, &str) = ("current: 100\n", "current: 130\n        note: Campaign launched\n");
const P75_TITLE: (&str, &str) = ("p75 load time at most 1.5 s", "p75 page load time at most 1.5 s");
const P75_CHECKIN: (&str, &str) = ("current: 2.4", "current: 2.1");
const NEW_KR: (&str, &str) = (
    "      - id: budget\n",
    "      - id: share\n        title: Pages share one bundle\n        done: false\n      - id: budget\n",
);

/// The web team's week, in git: the files added in June, a change of
/// `current` before the quarter (no check-in of it), a check-in with a note
/// by Dana, a new title (no check-in), a check-in of the threshold by Eli,
/// a key result added, a check-in of engineering's half by Kofi; the
/// working tree as the last commit left it.
pub fn week() -> GitFixture {
    let git = GitFixture::new();
    git.commit(
        Change::new("2026-06-20", "Ana")
            .write(WEB_FILE, WEB)
            .write(ENG_FILE, ENG)
            .write(COMPANY_FILE, COMPANY)
            .write(LAST_QUARTER_FILE, LAST_QUARTER),
    );
    git.commit(Change::new("2026-06-25", "Ana").write(WEB_FILE, web(&[("current: 100\n", "current: 110\n")])));
    git.commit(Change::new("2026-07-14", "Dana").write(WEB_FILE, web(&[SIGNUPS_CHECKIN])));
    git.commit(Change::new("2026-07-20", "Eli").write(WEB_FILE, web(&[SIGNUPS_CHECKIN, P75_TITLE])));
    git.commit(Change::new("2026-08-03", "Eli").write(WEB_FILE, web(&[SIGNUPS_CHECKIN, P75_TITLE, P75_CHECKIN])));
    let last = web(&[SIGNUPS_CHECKIN, P75_TITLE, P75_CHECKIN, NEW_KR]);
    git.commit(Change::new("2026-08-05", "Ana").write(WEB_FILE, last.clone()));
    let eng = ENG.replacen("current: 10\n", "current: 16\n", 1);
    git.commit(Change::new("2026-08-10", "Kofi").write(ENG_FILE, eng.clone()));
    for (path, content) in
        [(WEB_FILE, last.as_str()), (ENG_FILE, &eng), (COMPANY_FILE, COMPANY), (LAST_QUARTER_FILE, LAST_QUARTER)]
    {
        write(git.path(), path, content.as_bytes());
    }
    git
}

/// `okr ARGS` in `dir` on `TODAY`.
pub fn okr_on_today(dir: &Path, args: &[&str]) -> Output {
    okr_command(dir, args).env("OKR_TODAY", TODAY).output().expect("run okr")
}

fn status_json(dir: &Path, args: &[&str]) -> Value {
    let output = okr_on_today(dir, &[&["status", "--format", "json"][..], args].concat());
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    json(&output)
}

fn key_results(status: &Value) -> impl Iterator<Item = &Value> {
    json_objectives(status).flat_map(|o| o["key_results"].as_array().expect("key results"))
}

fn key_result<'s>(status: &'s Value, reference: &str) -> &'s Value {
    key_results(status).find(|k| k["ref"] == reference).unwrap_or_else(|| panic!("{reference} in {status:#}"))
}

fn sha(git: &GitFixture, date: &str) -> String {
    let mut walk = git.repository.revwalk().expect("revwalk");
    walk.push_head().expect("HEAD");
    walk.map(|id| git.repository.find_commit(id.expect("an id")).expect("a commit"))
        .find(|c| c.message().is_some_and(|m| m == format!("change on {date}")))
        .map(|c| c.id().to_string())
        .unwrap_or_else(|| panic!("a commit on {date}"))
}

#[test]
fn the_default_periods_are_those_that_contain_today() {
    let git = week();
    let status = status_json(git.path(), &[]);
    let periods: Vec<&Value> = status["periods"].as_array().expect("periods").iter().map(|p| &p["period"]).collect();
    assert_eq!(periods, ["2026-Q3", "2026-H2", "2026"], "quarter, half and year; not last quarter");
    assert_eq!(status["as_of"], TODAY);
    assert_eq!(status["version"], 1);
    let q2 = status_json(git.path(), &["--period", "2026-Q2"]);
    assert_eq!(q2["periods"][0]["period"], "2026-Q2");
    assert_eq!(q2["periods"].as_array().map(Vec::len), Some(1));
    // --as-of moves the periods with the date.
    let june = status_json(git.path(), &["--as-of", "2026-06-30"]);
    let periods: Vec<&Value> = june["periods"].as_array().expect("periods").iter().map(|p| &p["period"]).collect();
    assert_eq!(periods, ["2026-Q2", "2026"], "no 2026-H1 file");
}

#[test]
fn the_latest_checkin_is_the_last_commit_that_moved_the_value_in_the_period() {
    let git = week();
    let status = status_json(git.path(), &[]);
    let signups = key_result(&status, "web/grow/signups@2026-Q3");
    assert_eq!(
        signups["latest_checkin"],
        serde_json::json!({"date": "2026-07-14", "author": "Dana", "commit": sha(&git, "2026-07-14")})
    );
    // A new title is no check-in: the value moved on 2026-08-03.
    let p75 = key_result(&status, "web/speed/p75@2026-Q3");
    assert_eq!(p75["latest_checkin"]["date"], "2026-08-03");
    assert_eq!(p75["latest_checkin"]["author"], "Eli");
    // Moved before the quarter only (2026-06-25), or never: no check-in.
    assert_eq!(key_result(&status, "web/grow/referrals@2026-Q3")["latest_checkin"], Value::Null);
    assert_eq!(key_result(&status, "company/customers/nps@2026")["latest_checkin"], Value::Null);
    let services = key_result(&status, "eng/platform/services@2026-H2");
    assert_eq!(services["latest_checkin"]["author"], "Kofi");
    assert_eq!(status["rev"], Value::Null, "the working tree was read");
}

#[test]
fn owners_notes_confidence_and_values_are_shown() {
    let git = week();
    let status = status_json(git.path(), &[]);
    let signups = key_result(&status, "web/grow/signups@2026-Q3");
    assert_eq!(signups["owner"], "@dana");
    assert_eq!(signups["note"], "Campaign launched");
    assert_close(&signups["confidence"], 0.6, "confidence");
    assert_eq!(signups["values"], serde_json::json!({"start": 100, "target": 200, "current": 130}));
    assert_eq!(signups["type"], "progress");
    assert_close(&signups["score"], 0.3, "score");
    let p75 = key_result(&status, "web/speed/p75@2026-Q3");
    assert_eq!(p75["values"], serde_json::json!({"at_most": 1.5, "current": 2.1}));
    assert_eq!(
        (&p75["unit"], &p75["owner"], &p75["note"], &p75["confidence"]),
        (&"s".into(), &Value::Null, &Value::Null, &Value::Null)
    );
    let web = &status["periods"][0]["teams"][0];
    assert_eq!(web["team"], "web");
    assert_eq!(web["health"][0]["id"], "uptime");
    let grow = &web["objectives"][0];
    assert_eq!(
        (&grow["owner"], &grow["kind"], &grow["status"]),
        (&"@ana".into(), &"aspirational".into(), &"off-track".into())
    );
}

#[test]
fn due_flags_follow_the_weekly_rhythm() {
    let git = week();
    let status = status_json(git.path(), &[]);
    let due = |reference: &str| key_result(&status, reference)["due"].as_bool().expect("a bool");
    assert!(due("web/grow/signups@2026-Q3"), "checked in 29 days ago");
    assert!(due("web/speed/p75@2026-Q3"), "9 days ago");
    assert!(!due("web/speed/share@2026-Q3"), "added 7 days ago");
    assert!(!due("web/speed/budget@2026-Q3"), "done: never due");
    assert!(!due("eng/platform/services@2026-H2"), "2 days ago");
    assert!(due("eng/platform/docs@2026-H2"), "since the half began");
    let lenient = okr_on_today(git.path(), &["status", "--format", "json"]);
    assert!(lenient.status.success());
    std::fs::write(git.path().join("okr.toml"), "[status]\ndue_days = 30\n").expect("write okr.toml");
    let status = status_json(git.path(), &[]);
    assert!(!key_result(&status, "web/grow/signups@2026-Q3")["due"].as_bool().expect("a bool"), "29 days is within 30");
}

#[test]
fn the_walk_stops_once_every_key_result_has_its_latest_checkin() {
    // The oldest version of the file is gone from the object store: reading
    // it fails. Every key result is checked in by the commit after it and
    // the one after that, so the walk never needs it.
    let git = GitFixture::new();
    let first = web(&[]);
    let second = web(&[("Grow signups", "Grow signups fast")]);
    let third = web(&[
        ("Grow signups", "Grow signups fast"),
        ("current: 100\n", "current: 120\n"),
        ("done: false", "done: true"),
        ("current: 2.4", "current: 2"),
    ]);
    let fourth = third.replacen("done: true\nhealth", "done: false\nhealth", 1);
    git.commit(Change::new("2026-06-20", "Ana").write(WEB_FILE, first.clone()));
    git.commit(Change::new("2026-07-02", "Ana").write(WEB_FILE, second));
    git.commit(Change::new("2026-07-10", "Dana").write(WEB_FILE, third));
    git.commit(Change::new("2026-07-12", "Eli").write(WEB_FILE, fourth.clone()));
    write(git.path(), WEB_FILE, fourth.as_bytes());
    let blob = git.repository.blob(first.as_bytes()).expect("the blob's id").to_string();
    let loose = git.path().join(".git/objects").join(&blob[..2]).join(&blob[2..]);
    std::fs::remove_file(&loose).expect("remove the oldest version");
    let status = status_json(git.path(), &[]);
    let checked: Vec<&Value> = key_results(&status).map(|k| &k["latest_checkin"]["date"]).collect();
    assert_eq!(checked, ["2026-07-10", "2026-07-10", "2026-07-10", "2026-07-12"]);
    // A key result never checked in needs the whole history: the missing
    // version is read, and the failure says so.
    let never = fourth.replacen(
        "      - id: budget\n",
        "      - id: share\n        title: One bundle\n        done: false\n      - id: budget\n",
        1,
    );
    git.commit(Change::new("2026-07-13", "Ana").write(WEB_FILE, never.replace("id: share", "id: other")));
    write(git.path(), WEB_FILE, never.as_bytes());
    let output = okr_on_today(git.path(), &["status", "--format", "json"]);
    assert_eq!(output.status.code(), Some(2), "{}", stdout(&output));
}

#[test]
fn outside_a_repository_there_is_no_history() {
    let dir = tree(&[(WEB_FILE, WEB)]);
    let status = status_json(dir.path(), &[]);
    assert_eq!(status["rev"], Value::Null);
    assert!(key_results(&status).all(|k| k["latest_checkin"].is_null()));
    // Without history, a key result is as fresh as its period's start: 42 days.
    assert_eq!(key_result(&status, "web/grow/signups@2026-Q3")["due"], true);
}

#[test]
fn teams_repeat_and_paths_narrow() {
    let git = week();
    let teams = |status: &Value| -> Vec<String> {
        status["periods"]
            .as_array()
            .expect("periods")
            .iter()
            .flat_map(|p| p["teams"].as_array().expect("teams"))
            .map(|t| t["team"].as_str().expect("a team").to_owned())
            .collect()
    };
    assert_eq!(teams(&status_json(git.path(), &["--team", "web", "--team", "company"])), ["web", "company"]);
    assert_eq!(teams(&status_json(git.path(), &["--team", "eng"])), ["eng"]);
    assert_eq!(teams(&status_json(git.path(), &[ENG_FILE])), ["eng"]);
}

#[test]
fn errors_in_the_files_stop_it() {
    let git = week();
    write(git.path(), WEB_FILE, b"team: web\nperiod: 2026-Q3\nobjectives: [\n");
    let output = okr_on_today(git.path(), &["status"]);
    assert_eq!(output.status.code(), Some(1), "{}", stdout(&output));
    assert!(stderr(&output).contains("yaml-syntax"), "{}", stderr(&output));
}

#[test]
fn status_table() {
    let git = week();
    let output = okr_on_today(git.path(), &["status"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    insta::assert_snapshot!("status_table", stdout(&output));
}

#[test]
fn status_markdown() {
    let git = week();
    let output = okr_on_today(git.path(), &["status", "--format", "markdown"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let markdown = stdout(&output);
    assert!(markdown.contains("@&#8203;dana") && !markdown.contains("@dana"), "mentions are broken");
    insta::assert_snapshot!("status_markdown", markdown);
}

#[test]
fn status_html() {
    let git = week();
    let output = okr_on_today(git.path(), &["status", "--format", "html"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let page = stdout(&output);
    crate::html::assert_html_safe(&page, "status html");
    insta::assert_snapshot!("status_html", page);
}

#[test]
fn status_json_snapshot() {
    let git = week();
    let output = okr_on_today(git.path(), &["status", "--format", "json"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    insta::assert_snapshot!("status_json", stdout(&output));
}

#[test]
fn a_branch_without_commits_has_no_checkins_yet() {
    let git = GitFixture::new();
    write(git.path(), ENG_FILE, ENG.as_bytes());
    let status = status_json(git.path(), &[]);
    assert_eq!(status["rev"], Value::Null);
    assert!(key_results(&status).all(|k| k["latest_checkin"].is_null() && k["due"] == true), "{status:#}");
}

#[test]
fn the_walk_stops_at_the_periods_start() {
    // Two versions from the quarter before are gone from the object store.
    // The walk reads back to the first commit dated before 2026-Q3 (whose
    // version the first check-in of the quarter is compared with) and no
    // further: a key result never checked in is as fresh as the quarter's start.
    let git = GitFixture::new();
    let versions = [
        web(&[("Grow signups", "Grow signups a")]),
        web(&[("Grow signups", "Grow signups b")]),
        web(&[("Grow signups", "Grow signups c")]),
        web(&[("Grow signups", "Grow signups c"), ("current: 100\n", "current: 120\n")]),
    ];
    for (date, version) in ["2026-04-01", "2026-05-01", "2026-06-20", "2026-07-10"].iter().zip(&versions) {
        git.commit(Change::new(date, "Ana").write(WEB_FILE, version.clone()));
    }
    write(git.path(), WEB_FILE, versions[3].as_bytes());
    for gone in &versions[..2] {
        let blob = git.repository.blob(gone.as_bytes()).expect("the blob's id").to_string();
        std::fs::remove_file(git.path().join(".git/objects").join(&blob[..2]).join(&blob[2..])).expect("remove");
    }
    let status = status_json(git.path(), &[]);
    assert_eq!(key_result(&status, "web/grow/signups@2026-Q3")["latest_checkin"]["date"], "2026-07-10");
    assert_eq!(key_result(&status, "web/grow/referrals@2026-Q3")["latest_checkin"], Value::Null);
    let due = json(&okr_on_today(git.path(), &["due", "--format", "json"]));
    let referrals = due["due"].as_array().expect("due").iter().flat_map(|o| o["key_results"].as_array().expect("krs"));
    let days: Vec<&Value> =
        referrals.filter(|k| k["ref"] == "web/grow/referrals@2026-Q3").map(|k| &k["days_since"]).collect();
    assert_eq!(days, [&Value::from(42)], "since 2026-07-01");
}

/// `--as-of` in the past moved only the pace date and what was due: the
/// files were the working tree's, and check-ins after that day showed. Now
/// the files are those of the last first-parent commit on or before it.
#[test]
fn as_of_a_past_day_reads_the_files_and_history_of_that_day() {
    let git = week();
    let status = status_json(git.path(), &["--as-of", "2026-07-31"]);
    assert_eq!(status["rev"], sha(&git, "2026-07-20"), "the last commit on or before the day");
    assert_eq!(status["as_of"], "2026-07-31");
    // The threshold's check-in of 2026-08-03 is after the day: not shown.
    let p75 = key_result(&status, "web/speed/p75@2026-Q3");
    assert_eq!(p75["latest_checkin"], Value::Null, "{p75:#}");
    assert_eq!(p75["values"]["current"], 2.4, "{p75:#}");
    // The key result added on 2026-08-05 is not there yet.
    assert_eq!(key_results(&status).count() + 1, key_results(&status_json(git.path(), &[])).count());
    // Today or later reads the working tree.
    assert_eq!(status_json(git.path(), &["--as-of", TODAY])["rev"], Value::Null);
}
