//! `okr sync` with `command` and `json` sources: argv without a shell, the
//! environment filtered, failures per key result with their reason and what
//! the source returned, timeouts, secrets never printed, `--dry-run`, and
//! `--commit` (the trailers, one commit for many key results, `okr report`
//! marking synced check-ins, a dirty file refused). Prometheus has a module
//! of its own (`sync_prometheus.rs`).

use std::path::Path;
use std::time::Duration;

use crate::support::*;
use crate::sync_support::*;

/// The result of `ref` in a `--format json` run.
fn result<'a>(report: &'a serde_json::Value, reference: &str) -> &'a serde_json::Value {
    report["results"]
        .as_array()
        .expect("results")
        .iter()
        .find(|r| r["ref"] == reference)
        .unwrap_or_else(|| panic!("no result for {reference} in {report:#}"))
}

fn read(dir: &Path, path: &str) -> String {
    std::fs::read_to_string(dir.join(path)).expect("read")
}

fn head_commit(dir: &Path) -> git2::Oid {
    git2::Repository::open(dir).expect("open").head().expect("head").target().expect("target")
}

#[test]
fn a_command_source_gets_its_argv_without_a_shell_and_only_the_variables_it_lists() {
    let config = r#"
[sources.literal]
type = "command"
argv = ["printf", "%s", "12; touch pwned"]

[sources.filtered]
type = "command"
# 3 only when PASSED and PATH came through and LEAKED did not.
argv = ["sh", "-c", "test -z \"$LEAKED\" && test -n \"$PASSED\" && test -n \"$PATH\" && echo 3"]
env = ["PASSED"]
"#;
    let file = team_file(
        "platform",
        &(progress("literal", Some("500"), "literal") + &progress("filtered", Some("500"), "filtered")),
    );
    let dir = committed(&[("okr.toml", config), ("okrs/platform.okr.yaml", &file)]);
    let output =
        okr_sync(dir.path(), &["sync", "--format", "json"], &[("PASSED", "yes-passed"), ("LEAKED", "must-not-arrive")]);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    let report = json(&output);
    let literal = result(&report, "platform/speed/literal@2026-Q4");
    assert_eq!(literal["status"], "failed");
    assert_eq!(literal["error"]["returned"], "12; touch pwned", "the `;` is part of the argument");
    assert!(literal["error"]["reason"].as_str().unwrap().contains("neither a number"), "{literal}");
    assert!(!dir.path().join("pwned").exists(), "no shell ran `touch`");
    let filtered = result(&report, "platform/speed/filtered@2026-Q4");
    assert_eq!(
        (filtered["status"].as_str(), filtered["old"].as_f64(), filtered["new"].as_f64()),
        (Some("changed"), Some(500.0), Some(3.0))
    );
    assert!(read(dir.path(), "okrs/platform.okr.yaml").contains("        current: 3\n        source: filtered"));
    assert_eq!(report["summary"], serde_json::json!({"changed": 1, "unchanged": 0, "failed": 1}));
    assert_eq!(report["commit"], serde_json::Value::Null);
    let passed = stdout(&output) + &stderr(&output);
    assert!(!passed.contains("yes-passed") && !passed.contains("must-not-arrive"));
}

#[test]
fn a_failing_command_is_named_with_its_status_and_what_it_said_and_secrets_are_redacted() {
    let config = r#"
[sources.broken]
type = "command"
argv = ["sh", "-c", "echo \"cannot log in with $API_TOKEN\" >&2; exit 4"]
env = ["API_TOKEN"]

[sources.fine]
type = "command"
argv = ["echo", "420"]
"#;
    let file = team_file("platform", &(progress("broken", Some("500"), "broken") + &progress("fine", None, "fine")));
    let dir = committed(&[("okr.toml", config), ("okrs/platform.okr.yaml", &file)]);
    let output = okr_sync(dir.path(), &["sync"], &[("API_TOKEN", "tok-8d1c77")]);
    assert_eq!(output.status.code(), Some(1));
    let shown = stdout(&output);
    assert!(
        shown.contains("platform/speed/broken@2026-Q4: failed (source broken): `sh` exited with status 4"),
        "{shown}"
    );
    assert!(shown.contains("  returned: cannot log in with [redacted]"), "{shown}");
    assert!(shown.contains("platform/speed/fine@2026-Q4: changed (none) → 420 (from fine)"), "{shown}");
    assert!(!shown.contains("tok-8d1c77") && !stderr(&output).contains("tok-8d1c77"));
    let after = read(dir.path(), "okrs/platform.okr.yaml");
    assert!(after.contains("        current: 420\n"), "the others are still recorded:\n{after}");
    assert!(after.contains("        current: 500\n        source: broken"), "the failed one is untouched");
}

#[test]
fn a_command_that_takes_too_long_is_killed() {
    let config = r#"
[sources.slow]
type = "command"
argv = ["sh", "-c", "echo $$ > slow.pid; exec sleep 30"]
timeout_s = 1

[sources.lingering]
type = "command"
# It exits at once, but what it started holds its output open.
argv = ["sh", "-c", "sleep 30 & echo $! > lingering.pid; echo 5"]
timeout_s = 1
"#;
    let file = team_file(
        "platform",
        &(progress("slow", Some("500"), "slow")
            + &progress("other", Some("500"), "slow")
            + &progress("lingering", Some("500"), "lingering")),
    );
    let dir = committed(&[("okr.toml", config), ("okrs/platform.okr.yaml", &file)]);
    let output = okr_sync(dir.path(), &["sync", "--format", "json"], &[]);
    assert_eq!(output.status.code(), Some(1));
    let report = json(&output);
    for reference in ["platform/speed/slow@2026-Q4", "platform/speed/other@2026-Q4"] {
        let reason = result(&report, reference)["error"]["reason"].as_str().unwrap().to_owned();
        assert_eq!(reason, "`sh` took longer than 1s and was killed");
    }
    let lingering = result(&report, "platform/speed/lingering@2026-Q4")["error"]["reason"].clone();
    assert_eq!(lingering, "`sh` exited, but a process it started kept its output open past 1s");
    let pids = read(dir.path(), "slow.pid");
    assert_eq!(pids.lines().count(), 1, "a source named twice runs once");
    let pid = pids.trim();
    assert!(!Path::new("/proc").join(pid).exists(), "process {pid} still runs");
    let left_behind = read(dir.path(), "lingering.pid");
    assert!(!runs(left_behind.trim()), "what the command started, {left_behind}, still runs");
}

/// Whether process `pid` runs: it exists and is not a zombie waiting for
/// whichever process adopted it to reap it.
fn runs(pid: &str) -> bool {
    match std::fs::read_to_string(Path::new("/proc").join(pid).join("stat")) {
        // The state follows the command name, which ends with the last `)`.
        Ok(stat) => stat.rsplit_once(") ").is_some_and(|(_, rest)| !rest.starts_with('Z')),
        Err(_) => false,
    }
}

#[test]
fn a_milestone_takes_a_boolean_and_a_number_is_not_one() {
    let config = r#"
[sources.shipped]
type = "command"
argv = ["echo", "true"]

[sources.count]
type = "command"
argv = ["echo", "2"]
"#;
    let key_results = "      - id: ship\n        title: Ship it\n        done: false\n        source: shipped\n      \
                       - id: wrong\n        title: Ship that\n        done: false\n        source: count\n"
        .to_owned()
        + &progress("same", Some("2"), "count");
    let dir = committed(&[("okr.toml", config), ("okrs/platform.okr.yaml", &team_file("platform", &key_results))]);
    let report = json(&okr_sync(dir.path(), &["sync", "--format", "json"], &[]));
    let ship = result(&report, "platform/speed/ship@2026-Q4");
    assert_eq!((&ship["status"], &ship["old"], &ship["new"]), (&"changed".into(), &false.into(), &true.into()));
    let wrong = result(&report, "platform/speed/wrong@2026-Q4");
    assert_eq!(wrong["error"]["reason"], "a milestone takes true or false, and the source gave a number");
    assert_eq!(wrong["error"]["returned"], "2");
    assert_eq!(result(&report, "platform/speed/same@2026-Q4")["status"], "unchanged");
    assert!(read(dir.path(), "okrs/platform.okr.yaml").contains("        done: true\n        source: shipped"));
}

#[test]
fn json_sources_read_a_file_or_a_url_with_a_pointer_and_fail_on_html_and_slowness() {
    let server = Server::start(vec![
        ("/nps".to_owned(), Answer::json(r#"{"nps": {"current": 41.5}}"#)),
        ("/private".to_owned(), Answer::json(r#"{"value": 17, "echo": "Bearer t0ken-c9b2"}"#)),
        (
            "/login".to_owned(),
            Answer {
                status: 200,
                content_type: "text/html",
                body: "<html><body>Please log in</body></html>".into(),
                delay: Duration::ZERO,
            },
        ),
        ("/slow".to_owned(), Answer { delay: Duration::from_secs(4), ..Answer::json("1") }),
    ]);
    let url = &server.address;
    let config = format!(
        r#"
[limits]
key_results_max = 6

[sources.file]
type = "json"
path = "metrics/coverage.json"
pointer = "/totals/percent"

[sources.nps]
type = "json"
url = "{url}/nps"
pointer = "/nps/current"

[sources.private]
type = "json"
url = "{url}/private"
pointer = "/value"
bearer_token_env = "JSON_TOKEN"

[sources.html]
type = "json"
url = "{url}/login"
pointer = "/value"

[sources.slow]
type = "json"
url = "{url}/slow"
timeout_s = 1

[sources.echo]
type = "json"
url = "{url}/private"
pointer = "/echo"
bearer_token_env = "JSON_TOKEN"
"#
    );
    let names = ["file", "nps", "private", "html", "slow", "echo"];
    let key_results: String = names.iter().map(|n| progress(n, Some("500"), n)).collect();
    let dir = committed(&[
        ("okr.toml", &config),
        ("metrics/coverage.json", r#"{"totals": {"percent": 81.25}}"#),
        ("okrs/platform.okr.yaml", &team_file("platform", &key_results)),
    ]);
    let output = okr_sync(dir.path(), &["sync", "--format", "json"], &[("JSON_TOKEN", "t0ken-c9b2")]);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    let report = json(&output);
    let value = |name: &str| result(&report, &format!("platform/speed/{name}@2026-Q4")).clone();
    assert_eq!(value("file")["new"], 81.25);
    assert_eq!(value("nps")["new"], 41.5);
    assert_eq!(value("private")["new"], 17);
    let html = value("html");
    assert!(html["error"]["reason"].as_str().unwrap().starts_with("the document is not JSON"), "{html}");
    assert_eq!(html["error"]["returned"], "<html><body>Please log in</body></html>");
    assert_eq!(value("slow")["error"]["reason"], "no answer within 1s");
    let echo = value("echo");
    assert_eq!(echo["error"]["returned"], "\"Bearer [redacted]\"", "{echo}");
    let requests = server.requests.lock().unwrap().clone();
    let private: Vec<&String> = requests.iter().filter(|r| r.starts_with("GET /private")).collect();
    assert_eq!(private.len(), 2, "{requests:?}");
    assert!(private.iter().all(|r| r.to_ascii_lowercase().contains("authorization: bearer t0ken-c9b2")));
    assert!(requests
        .iter()
        .filter(|r| !r.starts_with("GET /private"))
        .all(|r| !r.to_ascii_lowercase().contains("authorization")));
    assert!(!stdout(&output).contains("t0ken-c9b2") && !stderr(&output).contains("t0ken-c9b2"));
}

#[test]
fn a_json_source_with_an_address_in_path_was_a_config_error_it_reads_the_address() {
    // The issue's example: `type = "json"  # a file in the repository or an http(s) URL`, then `path =`.
    let server = Server::start(vec![("/nps".to_owned(), Answer::json(r#"{"nps": {"current": 44}}"#))]);
    let config =
        format!("[sources.nps]\ntype = \"json\"\npath = \"{}/nps\"\npointer = \"/nps/current\"\n", server.address);
    let file = team_file("web", &(progress("nps", Some("500"), "nps") + &progress("again", Some("44"), "nps")));
    let dir = committed(&[("okr.toml", &config), ("okrs/web.okr.yaml", &file)]);
    let output = okr_sync(dir.path(), &["sync", "--format", "json"], &[]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let nps = result(&json(&output), "web/speed/nps@2026-Q4").clone();
    assert_eq!((nps["status"].as_str(), nps["new"].as_f64()), (Some("changed"), Some(44.0)), "{nps}");
    assert!(server.requests.lock().unwrap().iter().any(|r| r.starts_with("GET /nps ")));
}

#[test]
fn dry_run_says_what_would_change_and_writes_nothing() {
    let config = "[sources.bugs]\ntype = \"command\"\nargv = [\"echo\", \"7\"]\n";
    let file = team_file("platform", &(progress("a", Some("500"), "bugs") + &progress("b", Some("7"), "bugs")));
    let dir = committed(&[("okr.toml", config), ("okrs/platform.okr.yaml", &file)]);
    let output = okr_sync(dir.path(), &["sync", "--dry-run"], &[]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(
        stdout(&output),
        "platform/speed/a@2026-Q4: would change 500 → 7 (from bugs)\n\
         platform/speed/b@2026-Q4: unchanged 7 (from bugs)\n\
         2 key results with a source: 1 would change, 1 unchanged, 0 failed\n"
    );
    assert_eq!(read(dir.path(), "okrs/platform.okr.yaml"), file);
}

#[test]
fn quiet_hid_the_failures_it_must_drop_only_the_summary_line() {
    let config = "[sources.broken]\ntype = \"command\"\nargv = [\"sh\", \"-c\", \"printf 'no route' >&2; exit 3\"]\n\n\
                  [sources.bugs]\ntype = \"command\"\nargv = [\"echo\", \"7\"]\n";
    let file = team_file("platform", &(progress("a", Some("500"), "broken") + &progress("b", Some("500"), "bugs")));
    let dir = committed(&[("okr.toml", config), ("okrs/platform.okr.yaml", &file)]);
    let output = okr_sync(dir.path(), &["sync", "--dry-run", "-q"], &[]);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    assert_eq!(
        stdout(&output),
        "platform/speed/a@2026-Q4: failed (source broken): `sh` exited with status 3\n  \
         returned: no route\n\
         platform/speed/b@2026-Q4: would change 500 → 7 (from bugs)\n",
        "everything but `2 key results with a source: …`"
    );
}

#[test]
fn an_undeclared_source_stopped_the_whole_run_it_fails_only_its_key_results() {
    let config = "[sources.bugs]\ntype = \"command\"\nargv = [\"echo\", \"7\"]\n";
    let file = team_file("platform", &(progress("a", Some("500"), "nosuch") + &progress("b", Some("500"), "bugs")));
    let dir = committed(&[("okr.toml", config), ("okrs/platform.okr.yaml", &file)]);
    let output = okr_sync(dir.path(), &["sync", "--format", "json"], &[]);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    let report = json(&output);
    let undeclared = result(&report, "platform/speed/a@2026-Q4");
    assert_eq!(undeclared["status"], "failed", "{undeclared}");
    let reason = undeclared["error"]["reason"].as_str().unwrap();
    assert!(reason.contains("`nosuch`") && reason.contains("okr.toml does not declare"), "{reason}");
    assert_eq!(result(&report, "platform/speed/b@2026-Q4")["status"], "changed");
    assert!(read(dir.path(), "okrs/platform.okr.yaml").contains("        current: 7\n        source: bugs"));
    assert!(stderr(&output).is_empty(), "no check report: {}", stderr(&output));
    let table = okr_sync(dir.path(), &["sync", "--dry-run"], &[]);
    assert_eq!(table.status.code(), Some(1));
    assert!(
        stdout(&table).contains(
            "platform/speed/a@2026-Q4: failed (source nosuch): okr.toml does not declare the source `nosuch`"
        ),
        "{}",
        stdout(&table)
    );
}

#[test]
fn a_value_scaled_past_the_largest_number_stopped_the_run_it_fails_only_its_key_result() {
    // `1e308` with `scale = 1000` was `inf`: the dry run said it would write
    // inf, and the run stopped with exit 2, writing nothing for the others.
    let config = "[sources.huge]\ntype = \"command\"\nargv = [\"echo\", \"1e308\"]\nscale = 1000\n\n\
                  [sources.bugs]\ntype = \"command\"\nargv = [\"echo\", \"7\"]\n";
    let file = team_file("platform", &(progress("a", Some("500"), "huge") + &progress("b", Some("500"), "bugs")));
    let dir = committed(&[("okr.toml", config), ("okrs/platform.okr.yaml", &file)]);
    let output = okr_sync(dir.path(), &["sync", "--format", "json"], &[]);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    let report = json(&output);
    let huge = result(&report, "platform/speed/a@2026-Q4");
    assert_eq!(huge["status"], "failed", "{huge}");
    let reason = huge["error"]["reason"].as_str().unwrap();
    assert!(reason.contains("1e308 scaled by 1000"), "{reason}");
    assert_eq!(result(&report, "platform/speed/b@2026-Q4")["status"], "changed");
    assert!(read(dir.path(), "okrs/platform.okr.yaml").contains("        current: 7\n        source: bugs"));
    assert!(!read(dir.path(), "okrs/platform.okr.yaml").contains("inf"));
}

#[test]
fn a_refusal_offered_no_check_to_commands_without_it() {
    let config = "[sources.bugs]\ntype = \"command\"\nargv = [\"echo\", \"7\"]\n";
    // Two key results with one id: an error that still stops a sync.
    let file = team_file("platform", &(progress("a", Some("500"), "bugs") + &progress("a", Some("500"), "bugs")));
    let dir = committed(&[("okr.toml", config), ("okrs/platform.okr.yaml", &file)]);
    for command in [&["sync"][..], &["export"], &["status"]] {
        let output = okr_sync(dir.path(), command, &[]);
        assert_eq!(output.status.code(), Some(1), "{command:?}: {}", stderr(&output));
        let said = stderr(&output);
        assert!(said.contains("duplicate-id") && said.contains("Fix them first."), "{command:?}: {said}");
        assert!(!said.contains("--no-check"), "{command:?} has no --no-check: {said}");
    }
    assert_eq!(read(dir.path(), "okrs/platform.okr.yaml"), file, "nothing synced");
    let score = okr_sync(dir.path(), &["score"], &[]);
    assert!(stderr(&score).contains("Fix them, or pass --no-check."), "{}", stderr(&score));
}

/// Two files, three key results, two sources.
fn two_teams() -> tempfile::TempDir {
    let config = "[sources.bugs]\ntype = \"command\"\nargv = [\"echo\", \"412\"]\n\n\
                  [sources.nps]\ntype = \"json\"\npath = \"nps.json\"\npointer = \"/nps\"\n";
    let platform =
        team_file("platform", &(progress("p95", Some("600"), "bugs") + &progress("nps", Some("500"), "nps")));
    // A key result without a source is not the sync's.
    let manual =
        "      - id: manual\n        title: manual gets better\n        start: 600\n        target: 300\n        \
                  current: 500\n";
    let web = team_file("web", &(progress("bugs", Some("500"), "bugs") + manual));
    committed(&[
        ("okr.toml", config),
        ("nps.json", r#"{"nps": 44}"#),
        ("okrs/platform.okr.yaml", &platform),
        ("okrs/web.okr.yaml", &web),
    ])
}

#[test]
fn commit_makes_one_commit_with_a_trailer_per_key_result_and_report_marks_them_synced() {
    let dir = two_teams();
    let before = head_commit(dir.path());
    let output = okr_sync(dir.path(), &["sync", "--commit"], &[]);
    assert_eq!(output.status.code(), Some(0), "{}\n{}", stdout(&output), stderr(&output));
    let repository = git2::Repository::open(dir.path()).unwrap();
    let commit = repository.head().unwrap().peel_to_commit().unwrap();
    assert_eq!(commit.parent_ids().collect::<Vec<_>>(), [before], "one commit on top of the last");
    assert_eq!(
        commit.message().unwrap(),
        "okr: sync 3 values\n\n\
         platform/speed/p95@2026-Q4: 600 → 412 (bugs)\n\
         platform/speed/nps@2026-Q4: 500 → 44 (nps)\n\
         web/speed/bugs@2026-Q4: 500 → 412 (bugs)\n\n\
         Okr-Sync: platform/speed/p95@2026-Q4 bugs 412\n\
         Okr-Sync: platform/speed/nps@2026-Q4 nps 44\n\
         Okr-Sync: web/speed/bugs@2026-Q4 bugs 412\n"
    );
    assert_eq!((commit.author().name(), commit.time().seconds()), (Some("Sync Bot"), 1_793_620_800));
    let statuses = repository.statuses(None).unwrap();
    assert!(statuses.is_empty(), "both files committed and staged, nothing else changed");
    assert!(stdout(&output).contains(&format!("committed {}", &commit.id().to_string()[..12])));

    let report = json(&okr_sync(dir.path(), &["report", "--period", "2026-Q4", "--format", "json"], &[]));
    let mut seen = Vec::new();
    for team in report["teams"].as_array().unwrap() {
        for objective in team["objectives"].as_array().unwrap() {
            for kr in objective["key_results"].as_array().unwrap() {
                for checkin in kr["checkins"].as_array().unwrap() {
                    seen.push((kr["ref"].as_str().unwrap_or_default().to_owned(), checkin["source"].to_string()));
                }
            }
        }
    }
    seen.sort();
    let expected: Vec<(String, String)> = vec![
        ("platform/speed/nps@2026-Q4".into(), "\"nps\"".into()),
        ("platform/speed/p95@2026-Q4".into(), "\"bugs\"".into()),
        ("web/speed/bugs@2026-Q4".into(), "\"bugs\"".into()),
    ];
    assert_eq!(seen, expected, "{report:#}");
    let table = stdout(&okr_sync(dir.path(), &["report", "--period", "2026-Q4"], &[]));
    assert!(table.contains("current 412 (score 0.63), synced from bugs"), "{table}");

    // Nothing changed since: no second commit.
    let again = okr_sync(dir.path(), &["sync", "--commit"], &[]);
    assert_eq!(again.status.code(), Some(0));
    assert_eq!(repository.head().unwrap().target(), Some(commit.id()));
    assert!(stdout(&again).contains("3 key results with a source: 0 changed, 3 unchanged, 0 failed"));
}

#[test]
fn commit_with_a_message_keeps_the_trailers_and_a_check_in_by_hand_is_not_synced() {
    let dir = two_teams();
    let output = okr_sync(dir.path(), &["sync", "--commit", "-m", "Weekly numbers", "okrs/web.okr.yaml"], &[]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let repository = git2::Repository::open(dir.path()).unwrap();
    let message = repository.head().unwrap().peel_to_commit().unwrap().message().unwrap().to_owned();
    assert_eq!(message, "Weekly numbers\n\nOkr-Sync: web/speed/bugs@2026-Q4 bugs 412\n", "only the file named");
    let checkin = okr_sync(
        dir.path(),
        &["checkin", "--commit", "platform/speed/p95", "500"],
        &[("GIT_COMMITTER_DATE", "@1793707200 +0000"), ("GIT_AUTHOR_DATE", "@1793707200 +0000")],
    );
    assert_eq!(checkin.status.code(), Some(0), "{}", stderr(&checkin));
    let report = json(&okr_sync(dir.path(), &["report", "--period", "2026-Q4", "--format", "json"], &[]));
    let text = report.to_string();
    assert_eq!(text.matches("\"source\":\"bugs\"").count(), 1, "only the synced check-in: {report:#}");
}

#[test]
fn a_dirty_file_is_refused_as_checkin_refuses_it() {
    let dir = two_teams();
    let edited = read(dir.path(), "okrs/web.okr.yaml").replace("title: Pages", "title: Web pages");
    write(dir.path(), "okrs/web.okr.yaml", edited.as_bytes());
    let platform = read(dir.path(), "okrs/platform.okr.yaml");
    let before = head_commit(dir.path());
    let output = okr_sync(dir.path(), &["sync", "--commit"], &[]);
    assert_eq!(output.status.code(), Some(2), "{}", stdout(&output));
    let checkin = okr_sync(dir.path(), &["checkin", "--commit", "web/speed/bugs", "1"], &[]);
    assert_eq!(checkin.status.code(), Some(2));
    let error = stderr(&output);
    assert!(error.contains("okrs/web.okr.yaml"), "{error}");
    assert_eq!(error, stderr(&checkin), "the same refusal");
    assert_eq!(read(dir.path(), "okrs/web.okr.yaml"), edited, "untouched");
    assert_eq!(read(dir.path(), "okrs/platform.okr.yaml"), platform, "all or nothing");
    assert_eq!(head_commit(dir.path()), before);
}

#[test]
fn a_source_in_another_period_or_team_is_left_alone_and_usage_errors_exit_2() {
    let dir = two_teams();
    let output = okr_sync(dir.path(), &["sync", "--team", "web", "--dry-run", "--format", "json"], &[]);
    let report = json(&output);
    assert_eq!(report["results"].as_array().unwrap().len(), 1, "{report:#}");
    let other = okr_sync(dir.path(), &["sync", "--period", "2027-Q1", "--dry-run"], &[]);
    assert_eq!(stdout(&other), "0 key results with a source: 0 would change, 0 unchanged, 0 failed\n");
    let both = okr_sync(dir.path(), &["sync", "--dry-run", "--commit"], &[]);
    assert_eq!(both.status.code(), Some(2));
    let config = okr_sync(dir.path(), &["--config", "nps.json", "sync"], &[]);
    assert_eq!(config.status.code(), Some(2));
}

#[test]
fn what_a_source_returns_reaches_the_terminal_sanitised() {
    let config = r#"
[sources.hostile]
type = "command"
argv = ["printf", "\u001b[2J\u001b]8;;https://evil.example\u0007click\u001b]8;;\u0007\n::error::pwned\n"]
"#;
    let file = team_file("platform", &(progress("a", Some("500"), "hostile") + &progress("b", Some("500"), "hostile")));
    let dir = committed(&[("okr.toml", config), ("okrs/platform.okr.yaml", &file)]);
    let output = okr_sync(dir.path(), &["sync"], &[]);
    assert_eq!(output.status.code(), Some(1));
    let shown = stdout(&output);
    assert!(shown.contains("  returned: "), "{shown}");
    assert!(!shown.contains('\u{1b}') && !shown.contains('\u{7}'), "{shown:?}");
    assert!(!shown.lines().any(|l| l.starts_with("::")), "{shown}");
    let report = json(&okr_sync(dir.path(), &["sync", "--format", "json"], &[]));
    let returned = result(&report, "platform/speed/a@2026-Q4")["error"]["returned"].as_str().unwrap().to_owned();
    assert!(returned.starts_with("\u{1b}[2J"), "JSON keeps the bytes, escaped by JSON itself: {returned:?}");
}

/// `bench/generate_sync.py` keeps making what `bench/sync.sh` measures: at a
/// tiny size, every key result syncs from its source (a command, or a JSON
/// document served here) in one commit with a trailer each.
#[test]
fn the_benchmark_workload_syncs() {
    if !has_tool("python3", "bench/generate_sync.py was not run") {
        return;
    }
    let routes = (0..20)
        .filter(|i| i % 2 == 1)
        .map(|i| (format!("/source-{i:02}.json"), Answer::json(&format!(r#"{{"metric": {{"value": {}}}}}"#, 200 + i))))
        .collect();
    let server = Server::start(routes);
    let port = server.address.rsplit(':').next().expect("a port").to_owned();
    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path().join("sync");
    let output = std::process::Command::new("python3")
        .arg(repo().join("bench/generate_sync.py"))
        .args(["4", &port, root.to_str().expect("UTF-8 temp path")])
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .output()
        .expect("run python3");
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let synced = okr_sync(
        &root,
        &["sync", "--commit", "--format", "json"],
        &[
            ("GIT_AUTHOR_NAME", "bench"),
            ("GIT_AUTHOR_EMAIL", "b@example.com"),
            ("GIT_COMMITTER_NAME", "bench"),
            ("GIT_COMMITTER_EMAIL", "b@example.com"),
        ],
    );
    assert_eq!(synced.status.code(), Some(0), "{}{}", stdout(&synced), stderr(&synced));
    assert_eq!(json(&synced)["summary"], serde_json::json!({"changed": 20, "unchanged": 0, "failed": 0}));
    let message =
        git2::Repository::open(&root).unwrap().head().unwrap().peel_to_commit().unwrap().message().unwrap().to_owned();
    assert_eq!(message.lines().filter(|l| l.starts_with("Okr-Sync: ")).count(), 20);
    assert!(message.contains("Okr-Sync: team-000/reliable/kr-1@2026-Q4 source-01 201\n"), "{message}");
}

/// Proxies come from the environment the binary reads (`HTTP_PROXY`; a
/// `NO_PROXY` naming another host changes nothing), and a token over plain http:// to another host is warned
/// about. The "proxy" is this test's server: nothing leaves the machine.
#[test]
fn http_sources_go_through_the_proxy_of_the_environment() {
    let proxy = Server::start(vec![]);
    let config = "[sources.remote]\ntype = \"json\"\nurl = \"http://metrics.example/nps.json\"\npointer = \"/nps\"\n\
                  bearer_token_env = \"NPS_TOKEN\"\n";
    let file = team_file("platform", &(progress("a", Some("500"), "remote") + &progress("b", Some("500"), "remote")));
    let dir = committed(&[("okr.toml", config), ("okrs/platform.okr.yaml", &file)]);
    let output = okr_sync(
        dir.path(),
        &["sync", "--dry-run"],
        &[("HTTP_PROXY", &proxy.address), ("NO_PROXY", "other.example"), ("NPS_TOKEN", "tok-proxy-1")],
    );
    let requests = proxy.requests.lock().unwrap().clone();
    assert_eq!(requests.len(), 1, "one request for the one source, through the proxy: {requests:?}");
    assert!(requests[0].contains("metrics.example"), "{requests:?}");
    let error = stderr(&output);
    assert!(
        error.contains("warning: source `remote` sends the token of NPS_TOKEN over plain http:// to a host that is not this machine"),
        "{error}"
    );
    assert!(!stdout(&output).contains("tok-proxy-1") && !error.contains("tok-proxy-1"));
}
