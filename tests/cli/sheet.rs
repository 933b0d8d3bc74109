//! `okr export` and `okr import`: sheets written the way people write them
//! (`tests/fixtures/sheets/good/<case>/`, each with the files it makes, the
//! output and the warnings), bad sheets with their errors
//! (`tests/fixtures/sheets/bad/<case>/`), the round trip of the examples,
//! CSV injection, and the refusals. `OKR_BLESS=1 cargo test --test cli sheet`
//! rewrites the expected files from what okr does now: review the diff.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use crate::support::{copy_dir, fixtures, okr, repo, stderr, stdout, tree};

fn bless() -> bool {
    std::env::var_os("OKR_BLESS").is_some()
}

/// Every file under `dir`, by path relative to it, with its bytes.
fn files_under(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut out = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(at) = stack.pop() {
        let Ok(entries) = fs::read_dir(&at) else { continue };
        for entry in entries {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                stack.push(path);
            } else {
                let relative = path.strip_prefix(dir).expect("under dir").to_string_lossy().replace('\\', "/");
                out.insert(relative, fs::read(&path).expect("read"));
            }
        }
    }
    out
}

/// The sheet of a fixture case (`sheet.csv`, `.tsv`, `.xlsx` or `.ods`).
fn sheet_of(case: &Path) -> PathBuf {
    fs::read_dir(case)
        .expect("case dir")
        .map(|e| e.expect("entry").path())
        .find(|p| p.file_stem().is_some_and(|s| s == "sheet"))
        .unwrap_or_else(|| panic!("{} has no sheet.*", case.display()))
}

/// The extra arguments of a case, one per line of its `args` file.
fn args_of(case: &Path) -> Vec<String> {
    fs::read_to_string(case.join("args")).map(|a| a.lines().map(str::to_owned).collect()).unwrap_or_default()
}

/// Run `okr import sheet --dir out ARGS` on a copy of the case's sheet in a
/// fresh directory: (the output, the directory).
fn import_case(case: &Path) -> (std::process::Output, tempfile::TempDir) {
    let dir = tempfile::tempdir().expect("temp dir");
    let sheet = sheet_of(case);
    let name = sheet.file_name().expect("name").to_str().expect("UTF-8").to_owned();
    fs::copy(&sheet, dir.path().join(&name)).expect("copy sheet");
    let mut args = vec!["import".to_owned(), name, "--dir".into(), "out".into()];
    args.extend(args_of(case));
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    (okr(dir.path(), &args), dir)
}

fn compare_or_bless(expected_path: &Path, actual: &[u8], failures: &mut Vec<String>) {
    if bless() {
        fs::create_dir_all(expected_path.parent().expect("parent")).expect("mkdir");
        fs::write(expected_path, actual).expect("bless");
        return;
    }
    let expected = fs::read(expected_path).unwrap_or_default();
    if expected != actual {
        failures.push(format!("{}: differs; actual:\n{}", expected_path.display(), String::from_utf8_lossy(actual)));
    }
}

#[test]
fn sheets_as_people_write_them_make_the_expected_files() {
    let mut failures = Vec::new();
    let mut cases = 0;
    for case in fs::read_dir(fixtures().join("sheets/good")).expect("good cases") {
        let case = case.expect("entry").path();
        cases += 1;
        let (output, dir) = import_case(&case);
        let name = case.file_name().expect("name").to_string_lossy().into_owned();
        if output.status.code() != Some(0) {
            failures.push(format!("{name}: exit {:?}\n{}", output.status.code(), stderr(&output)));
            continue;
        }
        let expected = case.join("expected");
        let written = files_under(&dir.path().join("out"));
        if bless() {
            let _ = fs::remove_dir_all(expected.join("out"));
        }
        let wanted = files_under(&expected.join("out"));
        if !bless() && wanted.keys().collect::<Vec<_>>() != written.keys().collect::<Vec<_>>() {
            failures.push(format!("{name}: wrote {:?}, expected {:?}", written.keys(), wanted.keys()));
        }
        for (path, bytes) in &written {
            compare_or_bless(&expected.join("out").join(path), bytes, &mut failures);
        }
        compare_or_bless(&expected.join("stdout.txt"), &output.stdout, &mut failures);
        compare_or_bless(&expected.join("stderr.txt"), &output.stderr, &mut failures);
        // What import writes passes the checks.
        let check = okr(&dir.path().join("out"), &["check"]);
        if check.status.code() != Some(0) {
            failures.push(format!("{name}: okr check of what it wrote: {}", stdout(&check)));
        }
    }
    assert!(cases >= 4, "only {cases} cases");
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn bad_sheets_are_reported_at_their_rows_and_columns_and_nothing_is_written() {
    let mut failures = Vec::new();
    let mut cases = 0;
    for case in fs::read_dir(fixtures().join("sheets/bad")).expect("bad cases") {
        let case = case.expect("entry").path();
        cases += 1;
        let (output, dir) = import_case(&case);
        let name = case.file_name().expect("name").to_string_lossy().into_owned();
        if output.status.code() != Some(1) {
            failures.push(format!("{name}: exit {:?}, expected 1\n{}", output.status.code(), stderr(&output)));
        }
        let left: Vec<String> = files_under(dir.path()).into_keys().filter(|p| !p.starts_with("sheet.")).collect();
        if !left.is_empty() {
            failures.push(format!("{name}: wrote {left:?}"));
        }
        compare_or_bless(&case.join("expected.txt"), &output.stderr, &mut failures);
    }
    assert!(cases >= 8, "only {cases} cases");
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

/// The documents of the OKR files under `dir`, by team and period.
fn models(dir: &Path) -> BTreeMap<(String, String), okr::model::Document> {
    let config = okr::config::Config::default();
    let workspace = okr::load::workspace(&[], dir, dir, &config).expect("load");
    assert!(workspace.diagnostics.is_empty(), "{:?}", workspace.diagnostics);
    workspace.documents().map(|(_, d)| ((d.team.clone(), d.period.to_string()), d.clone())).collect()
}

#[test]
fn export_then_import_gives_the_examples_back_in_every_field() {
    for format in ["csv", "tsv"] {
        let dir = tempfile::tempdir().expect("temp dir");
        let examples = dir.path().join("examples");
        copy_dir(&repo().join("examples"), &examples);
        // Elsewhere: beside the examples, the same objectives twice are duplicates.
        let elsewhere = tempfile::tempdir().expect("temp dir");
        let sheet = elsewhere.path().join(format!("okrs.{format}"));
        let export = okr(&examples, &["export", "--format", format, "-o", sheet.to_str().expect("UTF-8")]);
        assert_eq!(export.status.code(), Some(0), "{}", stderr(&export));
        let import = okr(elsewhere.path(), &["import", sheet.to_str().expect("UTF-8"), "--dir", "again"]);
        assert_eq!(import.status.code(), Some(0), "{}", stderr(&import));
        let (original, again) = (models(&examples), models(&elsewhere.path().join("again")));
        assert_eq!(original.len(), 6);
        assert_eq!(original, again, "{format}");
        // Ids came from the sheet: nothing was made from a title.
        assert!(!stdout(&import).contains("ids made from titles"), "{}", stdout(&import));
    }
}

#[test]
fn the_export_is_one_row_per_key_result_and_health_metric() {
    let output = okr(&repo().join("examples"), &["export"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let text = stdout(&output);
    assert!(text.ends_with("\r\n"), "RFC 4180 ends records with CRLF");
    let mut reader = csv::ReaderBuilder::new().from_reader(text.as_bytes());
    let header: Vec<String> = reader.headers().expect("header").iter().map(str::to_owned).collect();
    let issue_header = "period, team, objective_id, objective_title, objective_kind, objective_owner, description, \
                        tags, aligns_to, key_result_id, title, type, start, target, at_least, at_most, done, current, \
                        unit, confidence, weight, score, owner, note, source, computed_score, grade";
    let wanted: Vec<&str> = issue_header.split(", ").collect();
    assert_eq!(&header[..wanted.len()], wanted.as_slice());
    assert_eq!(header[wanted.len()], "team_owner");
    let rows: Vec<csv::StringRecord> = reader.records().map(|r| r.expect("record")).collect();
    let key_results = rows.iter().filter(|r| &r[11] != "health").count();
    let health = rows.iter().filter(|r| &r[11] == "health").count();
    let models = models(&repo().join("examples"));
    let kr_count: usize = models.values().flat_map(|d| &d.objectives).map(|o| o.key_results.len()).sum();
    let health_count: usize = models.values().map(|d| d.health.len()).sum();
    assert_eq!((key_results, health), (kr_count, health_count));
    // A health row has no objective.
    for row in rows.iter().filter(|r| &r[11] == "health") {
        assert!(row[2].is_empty() && row[3].is_empty(), "{row:?}");
    }
    // --period and --team narrow it; every row is of them.
    let narrow =
        okr(&repo().join("examples"), &["export", "--period", "2026-q3", "--team", "platform", "--format", "tsv"]);
    let narrow = stdout(&narrow);
    let lines: Vec<&str> = narrow.lines().skip(1).collect();
    assert!(!lines.is_empty());
    assert!(lines.iter().all(|l| l.starts_with("2026-Q3\tplatform\t")), "{narrow}");
}

#[test]
fn the_json_export_is_versioned_rows_with_numbers_as_numbers() {
    let output = okr(&repo().join("examples"), &["export", "--format", "json", "--team", "platform"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let export: serde_json::Value = serde_json::from_slice(&output.stdout).expect("JSON");
    assert_eq!(export["version"], 1);
    assert_eq!(export.as_object().expect("an object").keys().next().map(String::as_str), Some("version"));
    let rows = export["rows"].as_array().expect("an array of rows");
    let first = &rows[0];
    assert_eq!(first["team"], "platform");
    assert_eq!(first["start"], 48);
    assert!(first["computed_score"].is_number());
    assert!(first["at_least"].is_null());
    assert!(first["tags"].is_array());
    // JSON is not a spreadsheet: an owner `@li` is not prefixed.
    assert_eq!(first["owner"], "@li");
    let health: Vec<_> = rows.iter().filter(|r| r["type"] == "health").collect();
    assert!(!health.is_empty());
    assert!(health.iter().all(|h| h["objective_id"].is_null()));
    insta::assert_json_snapshot!("export_json_platform", export);
}

#[test]
fn formula_cells_are_defused_in_csv_and_read_back_as_written() {
    let hostile = "version: 1\nteam: sec\nperiod: 2026-Q3\nobjectives:\n  - id: formulas\n    title: \"=HYPERLINK(\\\"http://evil\\\",\\\"x\\\")\"\n    owner: \"@ana\"\n    tags: [\"-x\", \"+y\"]\n    key_results:\n      - id: a\n        title: \"-5 days of toil\"\n        start: -10\n        target: -2\n        current: -5\n        note: \"\\tTabbed\"\n        unit: \"'=already quoted\"\n      - id: b\n        title: \"+1 from review\"\n        done: false\n        note: \"'plain quote\"\n";
    let dir = tree(&[("okrs/sec.okr.yaml", hostile)]);
    let export = okr(dir.path(), &["export", "okrs"]);
    assert_eq!(export.status.code(), Some(0), "{}", stderr(&export));
    let text = stdout(&export);
    let mut reader = csv::ReaderBuilder::new().from_reader(text.as_bytes());
    let rows: Vec<csv::StringRecord> = reader.records().map(|r| r.expect("record")).collect();
    assert_eq!(&rows[0][3], "'=HYPERLINK(\"http://evil\",\"x\")");
    assert_eq!(&rows[0][5], "'@ana");
    assert_eq!(&rows[0][7], "'-x; +y");
    assert_eq!(&rows[0][10], "'-5 days of toil");
    // Numbers are never prefixed.
    assert_eq!((&rows[0][12], &rows[0][13], &rows[0][17]), ("-10", "-2", "-5"));
    assert_eq!(&rows[0][23], "'\tTabbed");
    assert_eq!(&rows[0][18], "''=already quoted");
    assert_eq!(&rows[1][10], "'+1 from review");
    assert_eq!(&rows[1][23], "'plain quote");
    // And import takes the quote off again.
    let elsewhere = tempfile::tempdir().expect("temp dir");
    fs::write(elsewhere.path().join("sheet.csv"), &export.stdout).expect("write sheet");
    let import = okr(elsewhere.path(), &["import", "sheet.csv", "--dir", "again"]);
    assert_eq!(import.status.code(), Some(0), "{}", stderr(&import));
    assert_eq!(models(&dir.path().join("okrs")), models(&elsewhere.path().join("again")));
    // Beside the files it came from, the same objectives again are duplicates, reported at their rows.
    fs::write(dir.path().join("sheet.csv"), &export.stdout).expect("write sheet");
    let beside = okr(dir.path(), &["import", "sheet.csv", "--dir", "again"]);
    assert_eq!(beside.status.code(), Some(1), "{}", stderr(&beside));
    assert!(stderr(&beside).contains("sheet.csv:2:3: error[duplicate-id]"), "{}", stderr(&beside));
    assert!(!dir.path().join("again").exists());
}

#[test]
fn a_sheet_without_team_or_period_columns_needs_the_flags() {
    let dir = tree(&[("okrs.csv", "Objective,KR,Start,Target\nFaster,Load time falls,4,2\n,Budget falls,40,5\n")]);
    let output = okr(dir.path(), &["import", "okrs.csv"]);
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    assert!(stderr(&output).contains("has no team and no period column"), "{}", stderr(&output));
    assert!(stderr(&output).contains("--team and --period"), "{}", stderr(&output));
    let output = okr(dir.path(), &["import", "okrs.csv", "--team", "web"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("no period column") && !stderr(&output).contains("team column"));
    assert_eq!(files_under(dir.path()).len(), 1, "nothing written");
}

#[test]
fn existing_files_are_never_overwritten_and_dry_run_writes_nothing() {
    let sheet = "team,period,objective_title,title,start,target\nweb,2026-Q3,Faster,Load time falls,4,2\n,,,Budget falls,40,5\napi,2026-Q3,Stable,Errors fall,9,1\n,,,Pages fall,8,2\n";
    let dir = tree(&[("okrs.csv", sheet), ("out/2026-Q3/api.okr.yaml", "mine\n")]);
    let dry = okr(dir.path(), &["import", "okrs.csv", "--dir", "out", "--dry-run"]);
    assert_eq!(dry.status.code(), Some(2), "{}", stderr(&dry));
    assert!(stdout(&dry).contains("would write out/2026-Q3/web.okr.yaml:\n# yaml-language-server"), "{}", stdout(&dry));
    assert!(stderr(&dry).contains("out/2026-Q3/api.okr.yaml already exists"), "{}", stderr(&dry));
    let real = okr(dir.path(), &["import", "okrs.csv", "--dir", "out"]);
    assert_eq!(real.status.code(), Some(2), "{}", stderr(&real));
    assert!(stderr(&real).contains("out/2026-Q3/api.okr.yaml already exists"), "{}", stderr(&real));
    let files = files_under(dir.path());
    assert_eq!(files.keys().collect::<Vec<_>>(), ["okrs.csv", "out/2026-Q3/api.okr.yaml"]);
    assert_eq!(files["out/2026-Q3/api.okr.yaml"], b"mine\n");
    // Elsewhere, it writes; a dry run there writes nothing and exits 0.
    let dry = okr(dir.path(), &["import", "okrs.csv", "--dir", "new", "--dry-run"]);
    assert_eq!(dry.status.code(), Some(0), "{}", stderr(&dry));
    assert!(!dir.path().join("new").exists());
    let real = okr(dir.path(), &["import", "okrs.csv", "--dir", "new"]);
    assert_eq!(real.status.code(), Some(0), "{}", stderr(&real));
    assert!(dir.path().join("new/2026-Q3/api.okr.yaml").is_file());
}

#[test]
fn importing_a_sheet_a_second_time_is_refused_naming_the_files_not_reported_as_duplicates() {
    let sheet = "team,period,objective_title,title,start,target\nweb,2026-Q3,Faster,Load time falls,4,2\n,,,Budget falls,40,5\napi,2026-Q3,Stable,Errors fall,9,1\n,,,Pages fall,8,2\n";
    let dir = tree(&[("okrs.csv", sheet)]);
    let first = okr(dir.path(), &["import", "okrs.csv"]);
    assert_eq!(first.status.code(), Some(0), "{}", stderr(&first));
    let written = files_under(dir.path());
    for args in [&["import", "okrs.csv"][..], &["import", "okrs.csv", "--dry-run"]] {
        let again = okr(dir.path(), args);
        assert_eq!(again.status.code(), Some(2), "{args:?}: {}", stderr(&again));
        assert_eq!(
            stderr(&again),
            "okr: error: okrs/2026-Q3/web.okr.yaml, okrs/2026-Q3/api.okr.yaml already exist; okr never overwrites \
             a file (move them away first, or write the files elsewhere with --dir DIR), so nothing was written\n",
            "{args:?}"
        );
        assert_eq!(files_under(dir.path()), written, "{args:?}: nothing written");
    }
}

#[test]
fn in_a_repository_import_follows_each_team_s_layout() {
    let dir = tree(&[("teams/web/2026-Q2.okr.yaml", &crate::support::valid_document("web", "2026-Q2", "old"))]);
    git2::Repository::init(dir.path()).expect("git init");
    let sheet = "team,period,objective_title,title,start,target\nweb,2026-Q3,Faster,Load time falls,4,2\n,,,Budget falls,40,5\napi,2026-Q3,Stable,Errors fall,9,1\n,,,Pages fall,8,2\n";
    fs::write(dir.path().join("okrs.csv"), sheet).expect("sheet");
    let output = okr(dir.path(), &["import", "okrs.csv"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(dir.path().join("teams/web/2026-Q3.okr.yaml").is_file(), "{}", stdout(&output));
    assert!(dir.path().join("okrs/2026-Q3/api.okr.yaml").is_file(), "{}", stdout(&output));
    let web = fs::read_to_string(dir.path().join("teams/web/2026-Q3.okr.yaml")).expect("read");
    assert!(web.starts_with("# yaml-language-server: $schema=../../schema/okr.schema.json\n"), "{web}");
    assert_eq!(okr(dir.path(), &["check"]).status.code(), Some(0));
}

#[test]
fn a_sheet_okr_cannot_tell_is_a_usage_error() {
    let dir = tree(&[("okrs.txt", "a,b\n")]);
    let output = okr(dir.path(), &["import", "okrs.txt"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains(".csv, .tsv, .xlsx or .ods"), "{}", stderr(&output));
    let output = okr(dir.path(), &["import", "missing.csv"]);
    assert_eq!(output.status.code(), Some(2));
    let output = okr(dir.path(), &["import", "okrs.txt", "--sheet", "x"]);
    assert_eq!(output.status.code(), Some(2));
}

#[test]
fn a_workbook_saved_by_an_office_suite_imports_like_the_csv_it_came_from() {
    let office = fixtures().join("sheets/office");
    let mut models_of = Vec::new();
    for sheet in ["examples.csv", "examples.xlsx", "examples.ods"] {
        let dir = tempfile::tempdir().expect("temp dir");
        fs::copy(office.join(sheet), dir.path().join(sheet)).expect("copy");
        let output = okr(dir.path(), &["import", sheet, "--dir", "out"]);
        assert_eq!(output.status.code(), Some(0), "{sheet}: {}", stderr(&output));
        models_of.push((sheet, models(&dir.path().join("out"))));
    }
    let (_, csv) = &models_of[0];
    assert_eq!(csv.len(), 6);
    for (sheet, model) in &models_of[1..] {
        assert_eq!(model, csv, "{sheet}");
    }
}

#[test]
fn a_worksheet_that_is_not_there_is_a_usage_error_naming_those_that_are() {
    let dir = tempfile::tempdir().expect("temp dir");
    fs::copy(fixtures().join("sheets/good/xlsx/sheet.xlsx"), dir.path().join("book.xlsx")).expect("copy");
    let output = okr(dir.path(), &["import", "book.xlsx", "--sheet", "Q3"]);
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    assert!(
        stderr(&output).contains("book.xlsx: the workbook has no sheet `Q3`; its sheets are `sheet` (--sheet)"),
        "{}",
        stderr(&output)
    );
    assert_eq!(files_under(dir.path()).len(), 1, "nothing written");
}

#[test]
fn a_file_that_is_no_workbook_is_an_io_error_naming_the_file() {
    let dir = tempfile::tempdir().expect("temp dir");
    fs::write(dir.path().join("fake.xlsx"), b"not a workbook").expect("write");
    fs::write(dir.path().join("fake.ods"), b"PK\x03\x04 cut short").expect("write");
    for (name, kind) in [("fake.xlsx", "an .xlsx"), ("fake.ods", "an .ods")] {
        let output = okr(dir.path(), &["import", name]);
        assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
        let expected = format!("okr: error: {name}: cannot read the file as {kind} workbook");
        assert!(stderr(&output).starts_with(&expected), "{}", stderr(&output));
    }
    assert_eq!(files_under(dir.path()).len(), 2, "nothing written");
}

#[test]
fn hostile_text_in_a_sheet_reaches_the_terminal_escaped() {
    let sheet =
        "team,period,objective,kr,start,target\nweb,2026-Q3,\"\u{1b}[2Jwipe\",\"\u{202e}evil\",1,2\n,,,Budget,3,4\n\
                 ,,,Third,\"\u{1b}]8;;http://x\u{7}\",4\n";
    let dir = tree(&[("okrs.csv", sheet), ("\u{1b}[31m.csv", sheet)]);
    for file in ["okrs.csv", "\u{1b}[31m.csv"] {
        for extra in [&[][..], &["--dry-run"][..]] {
            let mut args = vec!["import", file, "--dir", "out"];
            args.extend(extra);
            let output = okr(dir.path(), &args);
            let all = format!("{}{}", stdout(&output), stderr(&output));
            assert!(!all.contains('\u{1b}') && !all.contains('\u{202e}') && !all.contains('\u{7}'), "{all:?}");
            assert!(all.contains("\\u{1b}"), "{all}");
        }
    }
    // Without the bad cell it writes, and prints the titles escaped too.
    let fixed = sheet.replace("\"\u{1b}]8;;http://x\u{7}\"", "5");
    fs::write(dir.path().join("okrs.csv"), fixed).expect("write");
    let output = okr(dir.path(), &["import", "okrs.csv", "--dry-run", "--dir", "out"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(!stdout(&output).contains('\u{1b}') && !stdout(&output).contains('\u{202e}'), "{}", stdout(&output));
}

#[test]
fn export_as_of_a_past_day_reads_that_day_s_commit() {
    use crate::git_fixture::{Change, GitFixture};
    let web = |current: u32| {
        format!(
            "version: 1\nteam: web\nperiod: 2026-Q3\nobjectives:\n  - id: fast\n    title: Pages load fast\n    \
             key_results:\n      - id: p75\n        title: The p75 load falls\n        start: 0\n        target: 100\n        \
             current: {current}\n      - id: budget\n        title: A performance budget is set\n        done: false\n"
        )
    };
    let git = GitFixture::new();
    for (date, current) in [("2026-07-01", 10), ("2026-08-10", 20)] {
        git.commit(Change::new(date, "Ana").write("okrs/web.okr.yaml", web(current)));
    }
    crate::support::write(git.path(), "okrs/web.okr.yaml", web(50).as_bytes());
    let current_of = |args: &[&str]| -> String {
        let output =
            crate::support::okr_on_day(git.path(), "2026-09-20", &[&["export", "--format", "json"][..], args].concat());
        assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
        let export: serde_json::Value = serde_json::from_slice(&output.stdout).expect("JSON");
        export["rows"][0]["current"].to_string()
    };
    assert_eq!(current_of(&[]), "50");
    assert_eq!(current_of(&["--as-of", "2026-08-15"]), "20");
    assert_eq!(current_of(&["--as-of", "2026-07-02"]), "10");
}

#[test]
fn a_tiny_workbook_spanning_billions_of_cells_is_refused_before_it_is_read() {
    // far.xlsx (5 kB) made okr ask for 512 GiB and abort; repeated.ods (1 kB)
    // took 5.7 GiB. Both are refused in bounded memory, naming the sheet.
    let dir = tempfile::tempdir().expect("temp dir");
    for (name, said) in [
        ("far.xlsx", "the worksheet `Sheet` spans rows 1 to 1048576 and columns 1 to 16384"),
        ("repeated.ods", "the worksheet `okrs` spreads over"),
    ] {
        fs::copy(fixtures().join("sheets/huge").join(name), dir.path().join(name)).expect("copy");
        let output = crate::support::bounded(dir.path(), &["import", name, "--team", "web", "--period", "2026-Q3"]);
        assert_eq!(output.status.code(), Some(2), "{name}: {}", stderr(&output));
        let told = stderr(&output);
        assert!(told.contains(said) && told.contains("more than okr reads"), "{name}: {told}");
        assert!(told.contains("export the sheet as CSV"), "{name}: {told}");
    }
    assert_eq!(files_under(dir.path()).len(), 2, "nothing written");
}
