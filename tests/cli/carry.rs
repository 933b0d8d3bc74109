//! `okr carry`: what comes along, what stays behind, and no overwrite.

use crate::support::*;

const Q3: &str = "\
# yaml-language-server: $schema=../../schema/okr.schema.json
team: platform
period: 2026-Q3
owner: \"@dana\"
objectives:
  - id: boring-deploys
    title: \"Make deploying boring: for every team\"
    aligns_to: company/ship-faster
    x-jira: PLAT-1
    key_results:
      - id: lead-time
        title: Lead time falls from two days to four hours
        start: 48
        target: 4
        current: 20
        confidence: 0.6
        note: Halfway there
      - id: drill
        title: Rollback drill rehearsed
        done: false
      - id: pipeline
        title: Every team ships through the pipeline
        start: 3
        target: 25
        current: 25
  - id: observability
    title: Give engineers answers
    key_results:
      - id: tracing
        title: Services emit traces
        start: 20
        target: 55
        current: 55
      - id: runbooks
        title: Runbooks written
        done: true
health:
  - id: ci
    title: CI duration
    at_most: 15
    current: 12
";

const COMPANY: &str = "\
team: company
period: 2026
objectives:
  - id: ship-faster
    title: Ship faster
    key_results:
      - {id: a, title: A, start: 0, target: 1}
      - {id: b, title: B, start: 0, target: 1}
";

fn workspace() -> tempfile::TempDir {
    tree(&[
        ("teams/platform/2026-Q3.okr.yaml", Q3),
        ("company/2026.okr.yaml", COMPANY),
        ("schema/okr.schema.json", "{}"),
    ])
}

#[test]
fn carries_what_is_unfinished() {
    let dir = workspace();
    let output = okr(dir.path(), &["carry", "--from", "2026-Q3", "--to", "2026-Q4"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let printed = stdout(&output);
    assert!(printed.contains("platform 2026-Q3 → 2026-Q4: teams/platform/2026-Q4.okr.yaml\n"), "{printed}");
    assert!(printed.contains("  carried platform/boring-deploys@2026-Q3 (score 0.55)\n    lead-time: start 20 → target 4\n    drill: not done\n    left platform/boring-deploys/pipeline@2026-Q3 (achieved, score 1.00)\n"), "{printed}");
    assert!(printed.contains("  left platform/observability@2026-Q3 (achieved, score 1.00)\n"), "{printed}");
    // Two key results carried, so the new file passes the checks.
    assert!(printed.ends_with("The new files pass `okr check`.\n"), "{printed}");
    let (workspace, findings) = check_dir(dir.path());
    assert!(findings.is_empty(), "{:?}", summarise(&workspace, &findings));
    let file = workspace.files.iter().find(|f| f.display.as_str().ends_with("2026-Q4.okr.yaml")).expect("the new file");
    assert!(file.text.starts_with("# yaml-language-server: $schema=../../schema/okr.schema.json\n"));
    let document = file.document.as_ref().unwrap();
    assert_eq!(document.period.to_string(), "2026-Q4");
    assert_eq!(document.health.len(), 1, "health metrics go on");
    let [objective] = document.objectives.as_slice() else { panic!("one objective carried") };
    assert_eq!(objective.id, "boring-deploys");
    assert_eq!(objective.title, "Make deploying boring: for every team");
    assert_eq!(objective.aligns_to, vec!["company/ship-faster"]);
    assert_eq!(objective.extensions["x-carried-from"], "platform/boring-deploys@2026-Q3");
    assert_eq!(objective.extensions["x-jira"], "PLAT-1");
    let ids: Vec<_> = objective.key_results.iter().map(|kr| kr.id.as_str()).collect();
    assert_eq!(ids, ["lead-time", "drill"]);
    let lead_time = &objective.key_results[0];
    assert_eq!((lead_time.start.unwrap().0, lead_time.target.unwrap().0, lead_time.current), (20.0, 4.0, None));
    assert_eq!((lead_time.confidence, lead_time.note.as_ref()), (None, None), "P's confidence and note stay in P");
    assert_eq!(objective.key_results[1].done, Some(false));
}

#[test]
fn refuses_to_overwrite_any_target() {
    let dir = workspace();
    write(dir.path(), "teams/platform/2026-Q4.okr.yaml", b"mine\n");
    let output = okr(dir.path(), &["carry", "--from", "2026-Q3", "--to", "2026-Q4"]);
    assert_eq!(output.status.code(), Some(2));
    let message = stderr(&output);
    assert!(message.contains("teams/platform/2026-Q4.okr.yaml already exists"), "{message}");
    assert!(message.contains("warning: teams/platform/2026-Q4.okr.yaml cannot be read"), "{message}");
    assert_eq!(std::fs::read_to_string(dir.path().join("teams/platform/2026-Q4.okr.yaml")).unwrap(), "mine\n");
}

#[test]
fn dir_team_and_findings_to_mend() {
    let dir = workspace();
    // One unfinished key result left (of a green objective, so `--all`): the
    // new file has a kr-count finding to mend.
    write(
        dir.path(),
        "teams/platform/2026-Q3.okr.yaml",
        Q3.replace("        done: false\n", "        done: true\n").as_bytes(),
    );
    let output = okr(
        dir.path(),
        &[
            "--color", "never", "carry", "--from", "2026-Q3", "--to", "2027", "--team", "platform", "--dir", "next",
            "--all",
        ],
    );
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(dir.path().join("next/platform.okr.yaml").is_file());
    let printed = stdout(&output);
    assert!(printed.contains("The new files need mending:") && printed.contains("kr-count"), "{printed}");
    let output = okr(dir.path(), &["carry", "--from", "2026-Q3", "--to", "2027", "--team", "nobody"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("no OKR files of team `nobody` for 2026-Q3"));
}

#[test]
fn errors_in_the_period_stop_the_carry() {
    let dir = workspace();
    write(dir.path(), "teams/platform/2026-Q3.okr.yaml", Q3.replace("start: 48", "start: \"48\"").as_bytes());
    let output = okr(dir.path(), &["carry", "--from", "2026-Q3", "--to", "2026-Q4"]);
    assert_eq!(output.status.code(), Some(1));
    assert!(stderr(&output).contains("Fix these errors before carrying 2026-Q3 forward."));
    assert!(!dir.path().join("teams/platform/2026-Q4.okr.yaml").exists());
}

/// A team whose file's layout okr cannot follow goes to
/// `okrs/<period>/<team>.okr.yaml`, which may be where another team's file
/// in the directory layout goes too. That used to write the first file,
/// print that both were written, then fail on the second.
#[test]
fn two_teams_planned_to_one_path_write_nothing() {
    let dir = tree(&[
        ("okrs/2026-Q3/x.okr.yaml", &valid_document("a", "2026-Q3", "o")),
        ("elsewhere.okr.yaml", &valid_document("x", "2026-Q3", "o")),
    ]);
    let output = okr(dir.path(), &["carry", "--from", "2026-Q3", "--to", "2026-Q4"]);
    assert_eq!(output.status.code(), Some(2), "{}", stdout(&output));
    assert_eq!(stdout(&output), "", "nothing claimed");
    let message = stderr(&output);
    assert!(
        message.contains("team `x` and team `a` would both be written to okrs/2026-Q4/x.okr.yaml; nothing written"),
        "{message}"
    );
    assert!(!dir.path().join("okrs/2026-Q4").exists(), "nothing written, no directory made");
}

/// A failure after the first file (here the second one's directory is taken
/// by a file, which stops even root) used to leave the first file written,
/// after stdout said both were, and the rerun then refused it. Now the
/// first is removed, stdout says nothing, and the rerun works.
#[test]
fn a_failure_after_the_first_file_removes_it_and_the_rerun_works() {
    let dir = tree(&[
        ("a/2026-Q3.okr.yaml", &valid_document("a", "2026-Q3", "o")),
        ("b/2026-Q3/b.okr.yaml", &valid_document("b", "2026-Q3", "o")),
        ("b/2026-Q4", "a file where the directory for b's new file goes\n"),
    ]);
    let output = okr(dir.path(), &["carry", "--from", "2026-Q3", "--to", "2026-Q4"]);
    assert_eq!(output.status.code(), Some(2), "{}", stdout(&output));
    assert_eq!(stdout(&output), "", "no file claimed as written");
    let message = stderr(&output);
    assert!(message.contains("b/2026-Q4"), "the failure names its path: {message}");
    assert!(message.contains("removed the 1 file written before it, so nothing was written"), "{message}");
    assert!(!dir.path().join("a/2026-Q4.okr.yaml").exists(), "the first file is gone");
    let left: Vec<_> = std::fs::read_dir(dir.path().join("a")).unwrap().map(|e| e.unwrap().file_name()).collect();
    assert_eq!(left, ["2026-Q3.okr.yaml"], "no temporary file either");

    std::fs::remove_file(dir.path().join("b/2026-Q4")).unwrap();
    let output = okr(dir.path(), &["carry", "--from", "2026-Q3", "--to", "2026-Q4"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let printed = stdout(&output);
    assert!(printed.contains("a 2026-Q3 → 2026-Q4: a/2026-Q4.okr.yaml\n"), "{printed}");
    assert!(printed.contains("b 2026-Q3 → 2026-Q4: b/2026-Q4/b.okr.yaml\n"), "{printed}");
    assert!(dir.path().join("a/2026-Q4.okr.yaml").is_file() && dir.path().join("b/2026-Q4/b.okr.yaml").is_file());
}

/// The directory of the team's next file is a symbolic link committed in the
/// repository, leading out of it: carry used to write there.
#[cfg(unix)]
#[test]
fn carry_does_not_follow_a_committed_link_out_of_the_repository() {
    let dir = tree(&[("okrs/2026-Q3/platform.okr.yaml", Q3), ("company/2026.okr.yaml", COMPANY)]);
    let outside = tempfile::tempdir().unwrap();
    std::os::unix::fs::symlink(outside.path(), dir.path().join("okrs/2026-Q4")).unwrap();
    let output = okr(dir.path(), &["carry", "--from", "2026-Q3", "--to", "2026-Q4"]);
    assert_eq!(output.status.code(), Some(2), "{}", stdout(&output));
    let message = stderr(&output);
    assert!(message.contains("okrs/2026-Q4/platform.okr.yaml would be written to "), "{message}");
    assert!(message.contains("a symbolic link in the repository leads there; nothing written"), "{message}");
    assert_eq!(std::fs::read_dir(outside.path()).unwrap().count(), 0, "nothing written outside");

    // Named with --dir, the same place is the user's choice.
    let output = okr(dir.path(), &["carry", "--from", "2026-Q3", "--to", "2026-Q4", "--dir", "okrs/2026-Q4"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(outside.path().join("platform.okr.yaml").is_file());
}

#[test]
fn carry_brought_along_objectives_that_reached_green() {
    let dir = workspace();
    // boring-deploys: lead-time 0.64, drill and pipeline done, 0.88: green
    // (0.7 by default) with one key result unfinished.
    write(
        dir.path(),
        "teams/platform/2026-Q3.okr.yaml",
        Q3.replace("        done: false\n", "        done: true\n").as_bytes(),
    );
    let output = okr(dir.path(), &["carry", "--from", "2026-Q3", "--to", "2026-Q4"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let printed = stdout(&output);
    assert!(printed.contains("platform 2026-Q3 → 2026-Q4: nothing left to carry\n"), "{printed}");
    assert!(
        printed.contains(
            "  left platform/boring-deploys@2026-Q3 (green, score 0.88; --all carries its unfinished key results)\n"
        ),
        "{printed}"
    );
    assert!(!dir.path().join("teams/platform/2026-Q4.okr.yaml").exists());

    // A higher green threshold: 0.88 is yellow, so it comes along.
    write(dir.path(), "okr.toml", b"[grading]\ngreen = 0.9\nyellow = 0.4\n");
    let output = okr(dir.path(), &["carry", "--from", "2026-Q3", "--to", "2026-Q4", "--dir", "yellow"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(stdout(&output).contains("  carried platform/boring-deploys@2026-Q3 (score 0.88)\n    lead-time"));
    std::fs::remove_file(dir.path().join("okr.toml")).unwrap();

    // --all: every unfinished objective, green or not.
    let output = okr(dir.path(), &["carry", "--from", "2026-Q3", "--to", "2026-Q4", "--all"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(stdout(&output).contains("  carried platform/boring-deploys@2026-Q3 (score 0.88)\n    lead-time"));
    assert!(dir.path().join("teams/platform/2026-Q4.okr.yaml").is_file());
}

#[test]
fn carry_went_backwards_or_into_an_overlapping_period() {
    let dir = workspace();
    for to in ["2026-Q3", "2026-Q2", "2026-H2", "2026", "2025-Q4"] {
        let output = okr(dir.path(), &["carry", "--from", "2026-Q3", "--to", to]);
        assert_eq!(output.status.code(), Some(2), "--to {to}: {}", stdout(&output));
        let message = stderr(&output);
        assert!(message.contains(&format!("--to {to} starts on")), "{message}");
        assert!(message.contains("before --from 2026-Q3 ends on 2026-09-30"), "{message}");
    }
    let written: Vec<_> = walk(dir.path());
    assert!(
        !written.iter().any(|p| p.contains("2026-Q2") || p.contains("2026-H2") || p.contains("2025")),
        "{written:?}"
    );
    // The next half, the next year, or a later quarter, typed in either case.
    for to in ["2026-q4", "2027-H1"] {
        let dir = workspace();
        let output = okr(dir.path(), &["carry", "--from", "2026-q3", "--to", to]);
        assert_eq!(output.status.code(), Some(0), "--to {to}: {}", stderr(&output));
    }
}

/// Every file under `dir`, relative.
fn walk(dir: &std::path::Path) -> Vec<String> {
    let mut found = Vec::new();
    let mut stack = vec![dir.to_owned()];
    while let Some(next) = stack.pop() {
        for entry in std::fs::read_dir(&next).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else {
                found.push(path.strip_prefix(dir).unwrap().display().to_string());
            }
        }
    }
    found
}
