//! `okr due` on the week of `status.rs`: what is due (the days, a score of
//! 1, creation and the period's start), who should act (the key result's
//! owner, the objective's, the file's, the team), the order, `--days` and
//! `[status] due_days`, `--exit-code`, `--mention`, and every format by snapshot.

use std::path::Path;

use serde_json::Value;

use crate::git_fixture::{Change, GitFixture};
use crate::status::{okr_on_today, web, week, WEB_FILE};
use crate::support::*;

fn due_json(dir: &Path, args: &[&str]) -> Value {
    let output = okr_on_today(dir, &[&["due", "--format", "json"][..], args].concat());
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    json(&output)
}

/// `(owner, [(ref, days since)])` in the order shown.
fn listed(due: &Value) -> Vec<(String, Vec<(String, i64)>)> {
    due["due"]
        .as_array()
        .expect("due")
        .iter()
        .map(|owner| {
            let key_results = owner["key_results"]
                .as_array()
                .expect("key results")
                .iter()
                .map(|k| (k["ref"].as_str().expect("a ref").to_owned(), k["days_since"].as_i64().expect("days")))
                .collect();
            (owner["owner"].as_str().expect("an owner").to_owned(), key_results)
        })
        .collect()
}

fn owned(list: &[(&str, &[(&str, i64)])]) -> Vec<(String, Vec<(String, i64)>)> {
    list.iter()
        .map(|(owner, krs)| ((*owner).to_owned(), krs.iter().map(|(r, d)| ((*r).to_owned(), *d)).collect()))
        .collect()
}

#[test]
fn due_key_results_are_grouped_by_who_acts_and_ordered() {
    let git = week();
    let due = due_json(git.path(), &[]);
    assert_eq!((&due["version"], &due["as_of"], &due["days"]), (&1.into(), &"2026-08-12".into(), &7.into()));
    assert_eq!(
        listed(&due),
        owned(&[
            // The file's owner: the objective has none.
            ("@acme/web", &[("web/speed/p75@2026-Q3", 9)]),
            // The objective's owner: the key result has none. No check-in in
            // the quarter (the June change was before it): since 2026-07-01.
            ("@ana", &[("web/grow/referrals@2026-Q3", 42)]),
            // The year's key results, added on 2026-06-20, after the year began.
            ("@ceo", &[("company/customers/churn@2026", 53), ("company/customers/nps@2026", 53)]),
            ("@dana", &[("web/grow/signups@2026-Q3", 29)]),
            // No owner anywhere: the team.
            ("eng", &[("eng/platform/docs@2026-H2", 42)]),
        ])
    );
    let signups = &due["due"][3]["key_results"][0];
    assert_eq!(signups["title"], "Weekly signups grow from 100 to 200");
    assert_eq!(signups["latest_checkin"]["date"], "2026-07-14");
    assert_eq!(signups["latest_checkin"]["author"], "Dana");
    assert_eq!(due["due"][1]["key_results"][0]["latest_checkin"], Value::Null);
}

#[test]
fn the_days_come_from_the_flag_then_the_config() {
    let git = week();
    let refs = |due: &Value| -> Vec<String> {
        listed(due).into_iter().flat_map(|(_, krs)| krs.into_iter().map(|(r, _)| r)).collect()
    };
    assert_eq!(refs(&due_json(git.path(), &["--days", "30"])).len(), 4, "29 and 9 days are within 30");
    // Exactly the days is on time: p75 was checked in 9 days ago.
    assert!(!refs(&due_json(git.path(), &["--days", "9"])).contains(&"web/speed/p75@2026-Q3".to_owned()));
    assert!(refs(&due_json(git.path(), &["--days", "8"])).contains(&"web/speed/p75@2026-Q3".to_owned()));
    std::fs::write(git.path().join("okr.toml"), "[status]\ndue_days = 45\n").expect("write okr.toml");
    let due = due_json(git.path(), &[]);
    assert_eq!(due["days"], 45);
    assert_eq!(refs(&due), ["company/customers/churn@2026", "company/customers/nps@2026"]);
    assert_eq!(due_json(git.path(), &["--days", "7"])["days"], 7, "the flag wins");
}

#[test]
fn a_key_result_scoring_one_is_never_due() {
    let git = GitFixture::new();
    let done =
        web(&[("current: 100\n", "current: 200\n"), ("done: false", "done: true"), ("current: 2.4", "current: 1")]);
    git.commit(Change::new("2026-05-01", "Ana").write(WEB_FILE, done.clone()));
    write(git.path(), WEB_FILE, done.as_bytes());
    let due = due_json(git.path(), &[]);
    assert_eq!(due["due"], serde_json::json!([]), "every key result scores 1");
}

#[test]
fn exit_code_tells_whether_any_is_due() {
    let git = week();
    let code = |args: &[&str]| okr_on_today(git.path(), &[&["due"][..], args].concat()).status.code();
    assert_eq!(code(&[]), Some(0), "without --exit-code");
    assert_eq!(code(&["--exit-code"]), Some(1));
    assert_eq!(code(&["--exit-code", "--days", "60"]), Some(0), "nothing is due");
    assert_eq!(code(&["--exit-code", "--team", "eng", "--days", "41"]), Some(1));
    assert_eq!(code(&["--exit-code", "--team", "eng", "--days", "42"]), Some(0));
}

#[test]
fn mention_keeps_only_owners_that_are_mentions_live() {
    let git = week();
    let hostile = web(&[("owner: \"@ana\"", "owner: \"@ana <img src=x> @eve\"")]);
    write(git.path(), WEB_FILE, hostile.as_bytes());
    let markdown = |args: &[&str]| {
        let output = okr_on_today(git.path(), &[&["due", "--format", "markdown"][..], args].concat());
        assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
        stdout(&output)
    };
    let broken = markdown(&[]);
    assert!(!broken.contains("@dana") && broken.contains("@&#8203;dana"), "{broken}");
    let live = markdown(&["--mention"]);
    assert!(
        live.contains("\n## @dana\n") && live.contains("\n## @acme/web\n") && live.contains("\n## @ceo\n"),
        "{live}"
    );
    // An owner that is more than a mention stays inert, and so does every title and author.
    assert!(live.contains("@&#8203;ana &lt;img src=x&gt; @&#8203;eve"), "{live}");
    assert!(!live.contains("<img"), "{live}");
    assert_eq!(
        live.matches('@').count() - live.matches("@&#8203;").count(),
        3 + live.matches("`").count() / 2,
        "{live}"
    );
}

#[test]
fn due_table() {
    let git = week();
    let output = okr_on_today(git.path(), &["due"]);
    insta::assert_snapshot!("due_table", stdout(&output));
}

#[test]
fn due_markdown() {
    let git = week();
    let output = okr_on_today(git.path(), &["due", "--format", "markdown", "--mention"]);
    insta::assert_snapshot!("due_markdown_mention", stdout(&output));
}

#[test]
fn due_json_snapshot() {
    let git = week();
    let output = okr_on_today(git.path(), &["due", "--format", "json"]);
    insta::assert_snapshot!("due_json", stdout(&output));
}

#[test]
fn nothing_due() {
    let git = week();
    let output = okr_on_today(git.path(), &["due", "--days", "60"]);
    assert_eq!(output.status.code(), Some(0));
    assert_eq!(
        stdout(&output),
        "Nothing is due as of 2026-08-12: every key result has had a check-in within 60 days.\n"
    );
}
