//! The rules, one fixture pair per code: `tests/fixtures/rules/<code>/bad`
//! holds files whose findings `expected.txt` lists (`file:line:column code`, in
//! the order `okr::check::run` returns them), and `good` a near-identical
//! variant with no finding at all. Then the messages and help lines that matter
//! most, and their configuration in `okr.toml`.

use std::path::{Path, PathBuf};

use okr::config::Config;
use okr::findings::{Code, Diagnostic, Severity};
use okr::load::Workspace;

use crate::support::*;

fn rules_dir() -> PathBuf {
    fixtures().join("rules")
}

fn config(text: &str) -> Config {
    Config::parse(text).unwrap_or_else(|(span, message)| panic!("bad test config at {span:?}: {message}"))
}

/// Load and check a rule fixture under its own `okr.toml` when it has one
/// (`source-unknown` needs declared sources), else the defaults.
fn check_fixture(dir: &Path) -> (Workspace, Vec<Diagnostic>) {
    let config = Config::load(&dir.join("okr.toml"), false).expect("the fixture's okr.toml");
    check_dir_with(dir, &config)
}

/// The finding at `file:line:column` with `code`; a panic lists them all otherwise.
fn finding<'a>(workspace: &Workspace, findings: &'a [Diagnostic], at: &str, code: Code) -> &'a Diagnostic {
    findings
        .iter()
        .find(|d| {
            let here = format!("{}:{}:{}", workspace.files[d.file].display.as_str(), d.span.line, d.span.column);
            here == at && d.code == code
        })
        .unwrap_or_else(|| panic!("no {code} at {at}; found:\n{}", summarise(workspace, findings).join("\n")))
}

fn help(finding: &Diagnostic) -> &str {
    finding.help.as_deref().unwrap_or_else(|| panic!("no help on {finding:?}"))
}

#[test]
fn every_code_has_a_bad_and_a_good_fixture() {
    for code in Code::ALL {
        let dir = rules_dir().join(code.name());
        assert!(dir.join("bad/expected.txt").is_file(), "missing {}", dir.join("bad/expected.txt").display());
        assert!(dir.join("good").is_dir(), "missing {}", dir.join("good").display());
    }
    for entry in std::fs::read_dir(rules_dir()).expect("rules fixtures") {
        let name = entry.expect("an entry").file_name().to_string_lossy().into_owned();
        assert!(Code::from_name(&name).is_some(), "tests/fixtures/rules/{name} is not a rule code");
    }
}

/// Every `bad` fixture reports exactly its `expected.txt`, all of its own code;
/// every `good` fixture reports nothing. All mismatches are reported at once,
/// with the actual lines to paste into `expected.txt`.
#[test]
fn rule_fixtures_report_exactly_what_they_expect() {
    let mut failures = Vec::new();
    for code in Code::ALL {
        let dir = rules_dir().join(code.name());
        let bad = dir.join("bad");
        let (workspace, findings) = check_fixture(&bad);
        let actual = summarise(&workspace, &findings);
        let expected = expected_lines(&bad.join("expected.txt"));
        if actual != expected {
            failures.push(format!(
                "{}: findings differ from expected.txt\n--- expected\n{}\n--- actual (the new expected.txt)\n{}",
                bad.display(),
                expected.join("\n"),
                actual.join("\n"),
            ));
        }
        if actual.is_empty() {
            failures.push(format!("{}: a bad fixture must report something", bad.display()));
        }
        let strays: Vec<&String> = actual.iter().filter(|line| !line.ends_with(&format!(" {code}"))).collect();
        if !strays.is_empty() {
            failures.push(format!("{}: findings of other codes (keep fixtures focused): {strays:?}", bad.display()));
        }
        let good = dir.join("good");
        let (workspace, findings) = check_fixture(&good);
        if workspace.files.is_empty() || !findings.is_empty() {
            failures.push(format!(
                "{}: a good fixture must hold files and report nothing; found:\n{}",
                good.display(),
                summarise(&workspace, &findings).join("\n"),
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

fn expected_lines(path: &Path) -> Vec<String> {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    text.lines().map(str::trim).filter(|line| !line.is_empty()).map(str::to_owned).collect()
}

#[test]
fn unknown_field_help_suggests_the_closest_key() {
    let (workspace, findings) = check_dir(&rules_dir().join("schema/bad"));
    let typo = finding(&workspace, &findings, "unknown-field.okr.yaml:12:9", Code::Schema);
    assert!(typo.message.contains("unknown field `taget`"), "{}", typo.message);
    assert!(help(typo).contains("did you mean `target`?"), "{}", help(typo));
    // Nothing close: the help lists the known fields instead of guessing.
    let far = finding(&workspace, &findings, "unknown-field.okr.yaml:18:9", Code::Schema);
    assert!(!help(far).contains("did you mean"), "{}", help(far));
    assert!(help(far).contains("target") && help(far).contains("`x-`"), "{}", help(far));
}

#[test]
fn done_yes_is_a_type_error_whose_help_names_yaml_1_2_booleans() {
    let (workspace, findings) = check_dir(&rules_dir().join("schema/bad"));
    let done = finding(&workspace, &findings, "done-yes.okr.yaml:9:15", Code::Schema);
    assert!(done.message.contains("`done`") && done.message.contains("\"yes\""), "{}", done.message);
    assert!(help(done).contains("YAML 1.2") && help(done).contains("`true`"), "{}", help(done));
}

#[test]
fn schema_messages_name_the_problem() {
    let (workspace, findings) = check_dir(&rules_dir().join("schema/bad"));
    let cases = [
        ("missing-team.okr.yaml:1:1", "no `team`"),
        ("missing-field.okr.yaml:4:5", "no `title`"),
        ("bad-id.okr.yaml:4:9", "\"Delightful_App\" is not a valid objective id"),
        ("bad-period.okr.yaml:2:9", "\"2026-Q5\" is not a period"),
        ("bad-version.okr.yaml:1:10", "unsupported `version`"),
        ("out-of-range.okr.yaml:11:21", "`confidence` is 1.5"),
        ("out-of-range.okr.yaml:12:17", "`weight` is 0"),
        ("wrong-type.okr.yaml:11:16", "expected `start` to be a number"),
        ("bad-values.okr.yaml:11:11", "single line"),
        ("bad-values.okr.yaml:14:17", "finite number"),
    ];
    for (at, words) in cases {
        let found = finding(&workspace, &findings, at, Code::Schema);
        assert!(found.message.contains(words), "{at}: {}", found.message);
    }
    let quoted = finding(&workspace, &findings, "wrong-type.okr.yaml:11:16", Code::Schema);
    assert!(help(quoted).contains("remove the quotes"), "{}", help(quoted));
}

#[test]
fn duplicates_point_at_the_later_one_with_the_earlier_as_related() {
    let (workspace, findings) = check_dir(&rules_dir().join("duplicate-id/bad"));
    let cases = [
        // Objectives across two files.
        ("b.okr.yaml:19:9", "a.okr.yaml", 4, 9, "platform/boring-deploys@2026-Q3"),
        // Key results within an objective.
        ("b.okr.yaml:15:13", "b.okr.yaml", 7, 13, "`pages`"),
        // Health metrics within a file.
        ("a.okr.yaml:22:9", "a.okr.yaml", 16, 9, "`availability`"),
    ];
    for (at, related_file, line, column, named) in cases {
        let duplicate = finding(&workspace, &findings, at, Code::DuplicateId);
        assert!(duplicate.message.contains(named), "{at}: {}", duplicate.message);
        let [related] = duplicate.related.as_slice() else {
            panic!("{at}: expected one related location, found {:?}", duplicate.related)
        };
        assert_eq!(
            (workspace.files[related.file].display.as_str(), related.span.line, related.span.column),
            (related_file, line, column),
            "{at}: related location"
        );
    }
}

#[test]
fn a_loop_is_one_finding_naming_every_objective_in_it() {
    let (workspace, findings) = check_dir(&rules_dir().join("alignment-cycle/bad"));
    let cycles: Vec<&Diagnostic> =
        findings.iter().filter(|d| workspace.files[d.file].display != "gamma.okr.yaml").collect();
    assert_eq!(cycles.len(), 1, "{}", summarise(&workspace, &findings).join("\n"));
    let message = &cycles[0].message;
    for name in ["`alpha/one@2026-Q3`", "`beta/two@2026-Q3`", "`beta/three@2026-Q3`"] {
        assert!(message.contains(name), "{name} missing from {message}");
    }
    // The loop closes on where it started.
    assert!(message.ends_with("→ `alpha/one@2026-Q3`"), "{message}");
    let own = finding(&workspace, &findings, "gamma.okr.yaml:6:16", Code::AlignmentCycle);
    assert!(own.message.contains("`gamma/solo@2026-Q3` → `gamma/solo@2026-Q3`"), "{}", own.message);
}

#[test]
fn an_objective_aligned_to_itself_is_a_loop_not_a_delegation() {
    // Regression: every key result of a self-aligned objective "repeated" itself.
    let (workspace, findings) = check_dir(&rules_dir().join("alignment-cycle/bad"));
    assert!(findings.iter().all(|d| d.code == Code::AlignmentCycle), "{}", summarise(&workspace, &findings).join("\n"));
}

#[test]
fn unresolved_alignment_help_names_a_match_in_another_period() {
    let (workspace, findings) = check_dir(&rules_dir().join("alignment-unresolved/bad"));
    let elsewhere = finding(&workspace, &findings, "platform.okr.yaml:6:16", Code::AlignmentUnresolved);
    assert!(elsewhere.message.contains("`company/grow`"), "{}", elsewhere.message);
    assert!(help(elsewhere).contains("`company/grow@2026-Q2` exists"), "{}", help(elsewhere));
    let nowhere = finding(&workspace, &findings, "platform.okr.yaml:20:9", Code::AlignmentUnresolved);
    assert!(!help(nowhere).contains("exists"), "{}", help(nowhere));
    assert!(!help(nowhere).contains("did you mean"), "{}", help(nowhere));
}

#[test]
fn unresolved_alignment_help_suggests_the_closest_refs() {
    let (workspace, findings) = check_dir(&rules_dir().join("alignment-unresolved/bad"));
    let help_at = |at: &str| help(finding(&workspace, &findings, at, Code::AlignmentUnresolved)).to_owned();
    assert_eq!(help_at("platform.okr.yaml:22:9"), "did you mean `company/ship-faster`?");
    assert_eq!(help_at("platform.okr.yaml:23:9"), "did you mean `company/ship-faster/lead-time`?");
    // The objective is there, the key result not even close: its key results.
    assert_eq!(
        help_at("platform.okr.yaml:19:9"),
        "`company/ship-faster` has no key result `pages`; its key results: `lead-time`, `releases`"
    );
    // Written with a period, the suggestion keeps it.
    assert_eq!(help_at("platform.okr.yaml:24:9"), "did you mean `company/ship-faster@2026`?");
}

#[test]
fn unresolved_alignment_suggests_at_most_three_refs_it_may_align_to() {
    let company = |period: &str, ids: &[&str]| {
        let mut text = format!("team: company\nperiod: {period}\nobjectives:\n");
        for id in ids {
            text += &format!(
                "  - id: {id}\n    title: Grow\n    key_results:\n      - {{id: a, title: A, start: 0, target: 1}}\n      - {{id: b, title: B, done: false}}\n"
            );
        }
        text
    };
    let child = "team: t\nperiod: 2026-Q3\nobjectives:\n  - id: o\n    title: Grow\n    aligns_to: [company/grow-x, company/growth, company/grow-xyz]\n    key_results:\n      - {id: a, title: A, start: 0, target: 1}\n      - {id: b, title: B, done: false}\n";
    let dir = tree(&[
        ("company.okr.yaml", &company("2026", &["grow-d", "grow-b", "grow-c", "grow-a", "grow-xyz1"])),
        // 2026-Q2 does not enclose 2026-Q3: nothing there is suggested.
        ("company-q2.okr.yaml", &company("2026-Q2", &["grow-x2", "growth2"])),
        ("t.okr.yaml", child),
    ]);
    let (workspace, findings) = check_dir(dir.path());
    let help_at = |at: &str| help(finding(&workspace, &findings, at, Code::AlignmentUnresolved)).to_owned();
    assert_eq!(help_at("t.okr.yaml:6:17"), "did you mean `company/grow-a`, `company/grow-b` or `company/grow-c`?");
    assert_eq!(help_at("t.okr.yaml:6:33"), "did you mean `company/grow-a`, `company/grow-b` or `company/grow-c`?");
    // Closest first: one edit away before three.
    assert_eq!(help_at("t.okr.yaml:6:49"), "did you mean `company/grow-xyz1`, `company/grow-a` or `company/grow-b`?");
}

#[test]
fn kr_title_numbers_names_the_stale_numbers_and_the_goal() {
    let (workspace, findings) = check_dir(&rules_dir().join("kr-title-numbers/bad"));
    let moved = finding(&workspace, &findings, "growth.okr.yaml:10:16", Code::KrTitleNumbers);
    // `4%` is still the start: only the number that is no value is named.
    assert!(moved.message.ends_with("states `7%`, but it goes from 4 to 8"), "{}", moved.message);
    assert!(help(moved).contains("`start` and `target`"), "{}", help(moved));
    let bound = finding(&workspace, &findings, "growth.okr.yaml:21:16", Code::KrTitleNumbers);
    assert!(bound.message.ends_with("states `2.5%`, but its bound is `at_most: 1.5`"), "{}", bound.message);
    assert!(help(bound).contains("`at_most`"), "{}", help(bound));
}

#[test]
fn title_todo_names_the_objective_or_key_result() {
    let (workspace, findings) = check_dir(&rules_dir().join("title-todo/bad"));
    let objective = finding(&workspace, &findings, "growth.okr.yaml:5:12", Code::TitleTodo);
    assert!(objective.message.contains("objective `first-objective` begins with TODO"), "{}", objective.message);
    assert!(help(objective).contains("write the objective in your own words"), "{}", help(objective));
    let kr = finding(&workspace, &findings, "growth.okr.yaml:8:16", Code::TitleTodo);
    assert!(kr.message.contains("key result `first-result` begins with TODO"), "{}", kr.message);
}

#[test]
fn alignment_period_names_both_periods() {
    let (workspace, findings) = check_dir(&rules_dir().join("alignment-period/bad"));
    let explicit = finding(&workspace, &findings, "platform.okr.yaml:6:16", Code::AlignmentPeriod);
    assert!(explicit.message.contains("2026-Q2") && explicit.message.contains("2026-Q3"), "{}", explicit.message);
    assert!(help(explicit).contains("2026-Q3, 2026-H2, 2026"), "{}", help(explicit));
}

#[test]
fn kr_count_messages_give_the_count_and_the_bounds() {
    let (workspace, findings) = check_dir(&rules_dir().join("kr-count/bad"));
    let few = finding(&workspace, &findings, "platform.okr.yaml:6:5", Code::KrCount);
    assert!(few.message.contains("has 1 key result; 2 to 5 are expected"), "{}", few.message);
    let many = finding(&workspace, &findings, "platform.okr.yaml:13:5", Code::KrCount);
    assert!(many.message.contains("has 6 key results; 2 to 5 are expected"), "{}", many.message);
}

#[test]
fn kr_measure_says_which_fields_clash() {
    let (workspace, findings) = check_dir(&rules_dir().join("kr-measure/bad"));
    let none = finding(&workspace, &findings, "data.okr.yaml:8:9", Code::KrMeasure);
    assert!(none.message.contains("no measurement"), "{}", none.message);
    let mixed = finding(&workspace, &findings, "data.okr.yaml:12:9", Code::KrMeasure);
    assert!(mixed.message.contains("`start`") && mixed.message.contains("`done`"), "{}", mixed.message);
}

#[test]
fn delegated_key_results_point_at_the_parents_title() {
    let (workspace, findings) = check_dir(&rules_dir().join("kr-delegated/bad"));
    let delegated = finding(&workspace, &findings, "platform.okr.yaml:9:16", Code::KrDelegated);
    assert_eq!(delegated.severity, Severity::Warning);
    let [parent] = delegated.related.as_slice() else { panic!("{:?}", delegated.related) };
    assert_eq!((workspace.files[parent.file].display.as_str(), parent.span.line), ("company.okr.yaml", 8));
}

#[test]
fn warnings_default_to_warning_and_errors_to_error() {
    for code in Code::ALL {
        let (_, findings) = check_dir(&rules_dir().join(code.name()).join("bad"));
        for finding in findings {
            assert_eq!(finding.severity, code.default_severity(), "{code}");
        }
    }
}

/// An objective with four key results.
fn four_key_results() -> String {
    valid_document("platform", "2026-Q3", "boring-deploys")
        + "      - id: third\n        title: Third result moves\n        start: 0\n        target: 3\n"
        + "      - id: fourth\n        title: Fourth result is done\n        done: false\n"
}

#[test]
fn key_results_max_is_configurable() {
    let dir = tree(&[("platform.okr.yaml", &four_key_results())]);
    let (_, findings) = check_dir(dir.path());
    assert!(findings.is_empty(), "{findings:?}");
    let (workspace, findings) = check_dir_with(dir.path(), &config("[limits]\nkey_results_max = 3\n"));
    assert_eq!(summarise(&workspace, &findings), ["platform.okr.yaml:6:5 kr-count"]);
    assert_eq!(findings[0].severity, Severity::Error);
    assert!(findings[0].message.contains("has 4 key results; 2 to 3 are expected"), "{}", findings[0].message);
}

#[test]
fn objectives_max_and_key_results_min_are_configurable() {
    let dir = tree(&[("platform.okr.yaml", &valid_document("platform", "2026-Q3", "boring-deploys"))]);
    let (workspace, findings) = check_dir_with(dir.path(), &config("[limits]\nkey_results_min = 3\n"));
    assert_eq!(summarise(&workspace, &findings), ["platform.okr.yaml:6:5 kr-count"]);
    let other =
        valid_document("platform", "2026-Q3", "second").replace("team: platform\nperiod: 2026-Q3\nobjectives:\n", "");
    let dir = tree(&[("platform.okr.yaml", &(valid_document("platform", "2026-Q3", "first") + &other))]);
    let (workspace, findings) = check_dir_with(dir.path(), &config("[limits]\nobjectives_max = 1\n"));
    assert_eq!(summarise(&workspace, &findings), ["platform.okr.yaml:16:5 objective-count"]);
}

fn measurable_title() -> tempfile::TempDir {
    let text = valid_document("growth", "2026-Q3", "revenue").replace("Make things better", "Grow revenue by 20%");
    tree(&[("growth.okr.yaml", &text)])
}

#[test]
fn rule_severity_can_be_raised() {
    let dir = measurable_title();
    let (workspace, findings) = check_dir(dir.path());
    assert_eq!(summarise(&workspace, &findings), ["growth.okr.yaml:5:12 objective-measurable"]);
    assert_eq!(findings[0].severity, Severity::Warning);
    let (_, findings) = check_dir_with(dir.path(), &config("[rules]\nobjective-measurable = \"error\"\n"));
    assert_eq!(findings.len(), 1);
    assert_eq!(findings[0].severity, Severity::Error);
}

#[test]
fn rule_severity_can_be_lowered_or_turned_off() {
    let (_, findings) = check_dir_with(measurable_title().path(), &config("[rules]\nobjective-measurable = \"off\"\n"));
    assert!(findings.is_empty(), "{findings:?}");
    let bad = rules_dir().join("kr-count/bad");
    let (_, findings) = check_dir_with(&bad, &config("[rules]\nkr-count = \"warning\"\n"));
    assert!(!findings.is_empty() && findings.iter().all(|d| d.severity == Severity::Warning), "{findings:?}");
    let (_, findings) = check_dir_with(&bad, &config("[rules]\nkr-count = \"off\"\n"));
    assert!(findings.is_empty(), "{findings:?}");
}

/// Periods keep their containment under a fiscal calendar: only dates
/// move, so no finding changes.
#[test]
fn a_fiscal_calendar_changes_no_finding() {
    let fiscal = config("[periods]\nfiscal_year_start_month = 4\n");
    for code in Code::ALL {
        for side in ["bad", "good"] {
            let dir = rules_dir().join(code.name()).join(side);
            let (workspace, calendar) = check_dir(&dir);
            let (_, shifted) = check_dir_with(&dir, &fiscal);
            assert_eq!(calendar, shifted, "{}:\n{}", dir.display(), summarise(&workspace, &shifted).join("\n"));
        }
    }
}

/// A temp dir that is its own repository root, holding `okr.toml` and a file
/// whose objective title holds a number (an `objective-measurable` warning).
fn repository_with_config(config: &str) -> tempfile::TempDir {
    let dir = measurable_title();
    std::fs::create_dir(dir.path().join(".git")).expect("mkdir .git");
    write(dir.path(), "okr.toml", config.as_bytes());
    dir
}

#[test]
fn okr_toml_at_the_root_sets_severities() {
    let output = okr(repository_with_config("").path(), &["check"]);
    assert_eq!(output.status.code(), Some(0), "{}{}", stdout(&output), stderr(&output));
    let output = okr(repository_with_config("[rules]\nobjective-measurable = \"error\"\n").path(), &["check"]);
    assert_eq!(output.status.code(), Some(1), "{}{}", stdout(&output), stderr(&output));
    assert!(stdout(&output).contains("objective-measurable"), "{}", stdout(&output));
}

#[test]
fn a_bad_okr_toml_exits_2_naming_the_file_and_line() {
    let cases = [
        ("[rules]\n\nno-such-rule = \"error\"\n", "okr.toml:3:", "unknown rule"),
        ("[limits]\nkey_results_min = 6\nkey_results_max = 3\n", "okr.toml:2:", "key_results_min"),
        ("[rules]\nkr-count = \"loud\"\n", "okr.toml:2:", "\"error\", \"warning\" or \"off\""),
        ("[periods]\nfiscal_year_start_month = 13\n", "okr.toml:2:", "month"),
        ("[limits\n", "okr.toml:1:", ""),
        ("[rules]\nyaml-syntax = \"off\"\n", "okr.toml:2:15", "`yaml-syntax` cannot be \"off\""),
        ("[rules]\nschema = \"warning\"\n", "okr.toml:2:10", "`schema` cannot be \"warning\""),
    ];
    for (text, location, words) in cases {
        let output = okr(repository_with_config(text).path(), &["check"]);
        let err = stderr(&output);
        assert_eq!(output.status.code(), Some(2), "{text}: {err}");
        assert!(err.contains(location), "{text}: expected {location} in {err}");
        assert!(err.contains(words), "{text}: expected {words:?} in {err}");
        assert!(stdout(&output).is_empty(), "{text}: {}", stdout(&output));
    }
}

#[test]
fn switching_off_yaml_syntax_or_schema_is_a_configuration_error_not_a_vanished_file() {
    // With these accepted, a broken file and a `target: "10"` dropped out of
    // every result and `okr check` exited 0.
    let broken = "team: t\n\tperiod: 2026-Q3\n";
    let quoted = valid_document("u", "2026-Q3", "o").replace("target: 10", "target: \"10\"");
    for (code, level) in [("yaml-syntax", "off"), ("yaml-syntax", "warning"), ("schema", "off"), ("schema", "warning")]
    {
        let dir = tree(&[("broken.okr.yaml", broken), ("quoted.okr.yaml", &quoted)]);
        std::fs::create_dir(dir.path().join(".git")).expect("mkdir .git");
        write(dir.path(), "okr.toml", format!("[rules]\n{code} = \"{level}\"\n").as_bytes());
        for command in [&["check"][..], &["score", "--no-check"], &["graph"]] {
            let output = okr(dir.path(), command);
            let err = stderr(&output);
            assert_eq!(output.status.code(), Some(2), "{code} = {level}, {command:?}: {err}");
            assert!(err.contains("okr.toml:2:"), "{err}");
            assert!(err.contains("remove this line"), "{err}");
            assert!(stdout(&output).is_empty(), "{}", stdout(&output));
        }
    }
}
