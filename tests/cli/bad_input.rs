//! Bad input: every malformed, hostile or odd file gives a located
//! finding, or is accepted, and never a panic, a hang or a hidden finding.

use okr::config::Config;
use okr::findings::Diagnostic;

use crate::support::*;

/// The findings of one file, `a.okr.yaml`, holding `bytes`.
pub(crate) fn check_bytes(bytes: &[u8]) -> Vec<Diagnostic> {
    let dir = tempfile::tempdir().expect("temp dir");
    write(dir.path(), "a.okr.yaml", bytes);
    check_dir(dir.path()).1
}

/// Findings as `(code, line, column)`.
pub(crate) fn located(findings: &[Diagnostic]) -> Vec<(&'static str, u32, u32)> {
    findings.iter().map(|d| (d.code.name(), d.span.line, d.span.column)).collect()
}

/// The one finding of `findings`, checked to be the only one.
fn only(findings: &[Diagnostic]) -> &Diagnostic {
    assert_eq!(findings.len(), 1, "{findings:#?}");
    &findings[0]
}

/// `file:line:column code` of every diagnostic of `okr check --format json`.
fn json_summary(output: &std::process::Output) -> Vec<String> {
    json(output)["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .map(|d| {
            let text = |key: &str| d[key].as_str().unwrap_or_default().to_owned();
            format!("{}:{}:{} {}", text("file"), d["line"], d["column"], text("code"))
        })
        .collect()
}

// --- Encoding and line endings ---

#[test]
fn not_utf8_is_found_at_the_bad_byte() {
    // Latin-1 `é` after `owner: "caf` (11 characters).
    let findings = check_bytes(b"team: t\nperiod: 2026-Q3\nowner: \"caf\xe9\"\n");
    let finding = only(&findings);
    assert_eq!(located(&findings), [("yaml-syntax", 3, 12)]);
    assert!(finding.message.contains("0xE9"), "{}", finding.message);
    assert!(finding.help.as_deref().unwrap_or_default().contains("UTF-8"));
}

#[test]
fn not_utf8_column_counts_the_characters_before_it() {
    // `ü` and `✓` are several bytes each but one column each.
    let mut bytes = "team: t\nowner: \"ü✓".as_bytes().to_vec();
    bytes.extend_from_slice(b"\xff\"\n");
    let findings = check_bytes(&bytes);
    assert_eq!(located(&findings), [("yaml-syntax", 2, 11)]);
}

#[test]
fn byte_order_mark_is_accepted() {
    let text = format!("\u{feff}{}", valid_document("t", "2026-Q3", "o"));
    assert!(check_bytes(text.as_bytes()).is_empty());
}

#[test]
fn byte_order_mark_does_not_shift_columns() {
    let text = format!("\u{feff}nope: 1\n{}", valid_document("t", "2026-Q3", "o"));
    let findings = check_bytes(text.as_bytes());
    assert_eq!(located(&findings), [("schema", 1, 1)]);
    assert_eq!(findings[0].span.end_column, 5);
}

#[test]
fn crlf_line_endings_are_accepted() {
    let text = valid_document("t", "2026-Q3", "o").replace('\n', "\r\n");
    assert!(check_bytes(text.as_bytes()).is_empty());
}

#[test]
fn crlf_findings_have_the_right_line_and_column() {
    let text = valid_document("t", "2026-Q3", "o").replace("target: 4\n", "target: four\n").replace('\n', "\r\n");
    let findings = check_bytes(text.as_bytes());
    assert_eq!(located(&findings), [("schema", 15, 17)]);
    assert_eq!((findings[0].span.end_line, findings[0].span.end_column), (15, 21));
}

#[test]
fn columns_count_characters_not_bytes() {
    // `bad` is the 12th character of the line and the 14th byte.
    let findings = check_bytes("{tïtlé: x, bad: 1}\n".as_bytes());
    let bad: Vec<_> = findings.iter().filter(|d| d.message.contains("`bad`")).collect();
    assert_eq!(bad.len(), 1, "{findings:#?}");
    assert_eq!((bad[0].span.line, bad[0].span.column, bad[0].span.end_column), (1, 12, 15));
    let titled: Vec<_> = findings.iter().filter(|d| d.message.contains("`tïtlé`")).collect();
    assert_eq!((titled[0].span.column, titled[0].span.end_column), (2, 7));
}

#[test]
fn human_output_underlines_the_node_after_multibyte_characters() {
    let dir = tree(&[("a.okr.yaml", "{tïtlé: x, bad: 1}\n")]);
    let output = okr(dir.path(), &["check", "--color", "never"]);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    let text = stdout(&output);
    assert!(text.contains("unknown field `bad` in an OKR file [a.okr.yaml:1:12]"), "{text}");
    // The label sits under `bad`: 11 characters in, three wide.
    assert!(text.contains(&format!(" 1 │ {{tïtlé: x, bad: 1}}\n   · {}───", " ".repeat(11))), "{text}");
}

#[test]
fn columns_after_wide_characters_in_a_key_result() {
    // `🚀` is 4 bytes and 2 UTF-16 units, but one character: `bad` is the
    // 59th character of the line.
    let text = valid_document("t", "2026-Q3", "o")
        .replace("      - id: second\n", "      - {id: second, title: \"Dé🚀 ✓\", start: 0, target: 4, bad: 1}\n")
        .replace("        title: Second result moves\n        start: 0\n        target: 4\n", "");
    let findings = check_bytes(text.as_bytes());
    assert_eq!(located(&findings), [("schema", 12, 59)]);
    assert!(findings[0].message.contains("unknown field `bad`"));
}

#[test]
fn columns_in_json_output_count_characters() {
    // The title is 17 characters from column 12; 24 bytes, 18 UTF-16 units.
    let dir = tree(&[(
        "a.okr.yaml",
        &valid_document("t", "2026-Q3", "o").replace("Make things better", "Ünïcödé 🚀 in 2026"),
    )]);
    let output = okr(dir.path(), &["check", "--format", "json"]);
    let diagnostic = &json(&output)["diagnostics"][0];
    assert_eq!(diagnostic["code"], "objective-measurable");
    assert_eq!((diagnostic["column"].as_u64(), diagnostic["end_column"].as_u64()), (Some(12), Some(29)));
}

// --- YAML structure ---

#[test]
fn tab_indentation_is_a_syntax_error_at_the_tab() {
    let findings = check_bytes(b"team: t\nperiod: 2026-Q3\nobjectives:\n\t- id: o\n");
    let finding = only(&findings);
    assert_eq!(located(&findings), [("yaml-syntax", 4, 1)]);
    assert!(finding.help.as_deref().unwrap_or_default().contains("spaces"), "{finding:?}");
}

#[test]
fn tab_after_a_plain_scalar_is_found_on_its_own_line() {
    // The parser blames the scalar `t` on line 1; the tab is on line 2.
    let findings = check_bytes(b"team: t\n\tperiod: 2026-Q3\n");
    assert_eq!(located(&findings), [("yaml-syntax", 2, 1)]);
    assert!(only(&findings).help.as_deref().unwrap_or_default().contains("spaces"));
}

#[test]
fn tab_after_spaces_is_found_at_the_tab() {
    let text = valid_document("t", "2026-Q3", "o").replace("      - id: second", "    \t  - id: second");
    let findings = check_bytes(text.as_bytes());
    assert_eq!(located(&findings), [("yaml-syntax", 12, 5)]);
}

#[test]
fn duplicate_key_is_found_at_its_second_occurrence() {
    let text = valid_document("t", "2026-Q3", "o") + "team: again\n";
    let findings = check_bytes(text.as_bytes());
    assert_eq!(located(&findings), [("yaml-syntax", 16, 1)]);
    assert!(findings[0].message.contains("duplicate key `team`"));
}

#[test]
fn nested_duplicate_key_is_found_at_its_second_occurrence() {
    let text = valid_document("t", "2026-Q3", "o")
        .replace("start: 0\n        target: 10", "start: 0\n        start: 1\n        target: 10");
    assert_eq!(located(&check_bytes(text.as_bytes())), [("yaml-syntax", 10, 9)]);
}

#[test]
fn second_document_is_found_at_its_marker() {
    let text = valid_document("t", "2026-Q3", "o") + "---\n" + &valid_document("u", "2026-Q3", "o");
    let findings = check_bytes(text.as_bytes());
    assert_eq!(located(&findings), [("yaml-syntax", 16, 1)]);
    assert!(findings[0].message.contains("second YAML document"));
}

#[test]
fn one_document_with_explicit_markers_is_accepted() {
    let text = "---\n".to_owned() + &valid_document("t", "2026-Q3", "o") + "...\n";
    assert!(check_bytes(text.as_bytes()).is_empty());
}

#[test]
fn alias_bomb_stops_quickly() {
    // A billion laughs: each level is ten aliases to the one before.
    let mut text = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
    for level in 1..10 {
        let alias = format!("*a{}", level - 1);
        text += &format!("a{level}: &a{level} [{}]\n", vec![alias; 10].join(", "));
    }
    let dir = tree(&[("bomb.okr.yaml", &text)]);
    let output = finishes(okr_command(dir.path(), &["check", "--format", "json"]));
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    // The budget of 100,000 expanded nodes runs out at the eighth `*a3` on line 5.
    assert_eq!(json_summary(&output), ["bomb.okr.yaml:5:45 yaml-syntax"]);
    assert!(json(&output)["diagnostics"][0]["message"].as_str().unwrap().contains("aliases"));
}

#[test]
fn deep_flow_nesting_stops_at_64_levels() {
    // The document mapping is level 1; the 64th `[` is level 65, at column 6 + 64.
    let text = format!("team: {}{}\n", "[".repeat(100), "]".repeat(100));
    let findings = check_bytes(text.as_bytes());
    assert_eq!(located(&findings), [("yaml-syntax", 1, 70)]);
    assert!(findings[0].message.contains("nesting deeper than 64"));
}

#[test]
fn very_deep_flow_nesting_does_not_overflow_the_stack() {
    // From 256 levels on, the YAML scanner's own limit stops it while it looks
    // ahead, before okr sees the 65th level: the same finding all the same.
    let text = format!("team: {}{}\n", "[".repeat(100_000), "]".repeat(100_000));
    let dir = tree(&[("deep.okr.yaml", &text)]);
    let output = finishes(okr_command(dir.path(), &["check", "--format", "json"]));
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    assert_eq!(json_summary(&output), ["deep.okr.yaml:1:262 yaml-syntax"]);
    assert!(json(&output)["diagnostics"][0]["message"].as_str().unwrap().contains("nesting deeper than 64"));
}

/// Block mappings nested `levels` deep: `k0:` / `  k1:` / … / `k{n-1}: x`.
fn block_nesting(levels: usize) -> String {
    let lines: Vec<String> = (0..levels).map(|i| format!("{}k{i}:", "  ".repeat(i))).collect();
    lines.join("\n") + " x\n"
}

#[test]
fn deep_block_nesting_stops_at_64_levels() {
    // The 65th mapping starts at `k64`, line 65, column 2 × 64 + 1.
    let findings = check_bytes(block_nesting(70).as_bytes());
    assert_eq!(located(&findings), [("yaml-syntax", 65, 129)]);
    assert!(findings[0].message.contains("nesting deeper than 64"));
}

#[test]
fn block_nesting_of_64_levels_is_within_the_limit() {
    let findings = check_bytes(block_nesting(64).as_bytes());
    assert!(findings.iter().all(|d| d.code.name() == "schema"), "{findings:#?}");
}

// --- Values ---

/// What Python's `json.dumps` writes for an OKR file with 🚀 in its titles:
/// one line, every character beyond U+FFFF as a surrogate pair escape.
const JSON_DUMPS: &str = r#"{"team": "t", "period": "2026-Q3", "objectives": [{"id": "o", "title": "Launch \ud83d\ude80 now", "key_results": [{"id": "a", "title": "Rockets \ud83d\ude80\ud83d\ude80 fly", "start": 0, "target": 10, "current": 5}, {"id": "b", "title": "B \ud83c\udf89", "start": 0, "target": 4}]}]}"#;

#[test]
fn json_with_surrogate_pair_escapes_reads_as_the_characters() {
    // It used to be a yaml-syntax finding, though YAML 1.2 reads JSON.
    let dir = tree(&[("a.okr.yaml", JSON_DUMPS)]);
    let output = okr(dir.path(), &["check"]);
    assert_eq!(output.status.code(), Some(0), "{}{}", stdout(&output), stderr(&output));
    let board = json(&okr(dir.path(), &["score", "--format", "json", "--as-of", "2026-08-15"]));
    let objective = &board["periods"][0]["teams"][0]["objectives"][0];
    assert_eq!(objective["title"], "Launch 🚀 now");
    assert_eq!(objective["key_results"][0]["title"], "Rockets 🚀🚀 fly");
    assert_eq!(objective["key_results"][1]["title"], "B 🎉");
}

#[test]
fn findings_after_a_surrogate_pair_point_where_they_are_written() {
    let text = JSON_DUMPS.replace(r#""target": 4"#, r#""target": "4""#);
    let findings = check_bytes(text.as_bytes());
    let column = text[..text.find(r#""4""#).unwrap()].chars().count() as u32 + 1;
    assert_eq!(located(&findings), [("schema", 1, column)]);
    assert_eq!(findings[0].span.end_column, column + 3);
}

#[test]
fn a_lone_surrogate_escape_is_a_syntax_error_at_the_escape() {
    let text = JSON_DUMPS.replace(r#"B \ud83c\udf89"#, r#"B \ud83c"#);
    let findings = check_bytes(text.as_bytes());
    let column = text[..text.find(r#"\ud83c""#).unwrap()].chars().count() as u32 + 1;
    assert_eq!(located(&findings), [("yaml-syntax", 1, column)]);
    assert_eq!(findings[0].span.end_column, column + 6);
    assert!(
        findings[0].message.contains("`\\ud83c` is the first half of a UTF-16 surrogate pair"),
        "{}",
        findings[0].message
    );
}

#[test]
fn numbers_that_are_not_finite_are_schema_errors() {
    let text = valid_document("t", "2026-Q3", "o")
        .replace(
            "start: 0\n        target: 10\n        current: 5",
            "start: .inf\n        target: .nan\n        current: 1e999",
        )
        .replace("target: 4\n", "target: 99999999999999999999\n        current: -.Inf\n");
    let findings = check_bytes(text.as_bytes());
    assert_eq!(
        located(&findings),
        [("schema", 9, 16), ("schema", 10, 17), ("schema", 11, 18), ("schema", 15, 17), ("schema", 16, 18)]
    );
    let messages: Vec<&str> = findings.iter().map(|d| d.message.as_str()).collect();
    assert!(messages[0].starts_with("`start` must be a finite number: infinity"), "{messages:?}");
    assert!(messages[1].starts_with("`target` must be a finite number: NaN"), "{messages:?}");
    assert!(messages[2].contains("overflows"), "{messages:?}");
    assert!(messages[3].contains("integer overflows"), "{messages:?}");
    // The whole literal is the node: 20 digits from column 17.
    assert_eq!(findings[3].span.end_column, 37);
}

#[test]
fn a_period_written_as_a_decimal_number_is_a_schema_error() {
    // `2026.0` used to be read as the year 2026.
    for written in ["2026.0", "2.026e3", "2026."] {
        let text = valid_document("t", written, "o");
        let findings = check_bytes(text.as_bytes());
        assert_eq!(located(&findings), [("schema", 2, 9)], "{written}");
        assert_eq!(findings[0].message, "a decimal number is not a period", "{written}");
        assert!(findings[0].help.as_deref().unwrap_or_default().contains("without a decimal point"), "{written}");
    }
    // A whole number written as one, and the string, are the year.
    for written in ["2026", "\"2026.0\"", "'2026'"] {
        let findings = check_bytes(valid_document("t", written, "o").as_bytes());
        let expected: &[(&str, u32, u32)] = if written.contains('.') { &[("schema", 2, 9)] } else { &[] };
        assert_eq!(located(&findings), expected, "{written}");
    }
}

#[test]
fn year_zero_keeps_its_four_digits_in_every_output() {
    // `0000-Q1` used to print as `0-Q1`.
    let dir = tree(&[("a.okr.yaml", &valid_document("t", "0000-Q1", "o"))]);
    let output = okr(dir.path(), &["score", "--format", "json", "--as-of", "2026-08-15"]);
    let board = json(&output);
    assert_eq!(board["periods"][0]["period"], "0000-Q1", "{board}");
    assert_eq!(board["periods"][0]["start"], "0000-01-01", "{board}");
    assert_eq!(board["periods"][0]["teams"][0]["objectives"][0]["ref"], "t/o@0000-Q1", "{board}");
    let table = stdout(&okr(dir.path(), &["score", "--as-of", "2026-08-15", "--color", "never"]));
    assert!(table.contains("0000-Q1") && !table.contains(" 0-Q1"), "{table}");
    let graph = json(&okr(dir.path(), &["graph", "--format", "json"]));
    assert_eq!(graph["nodes"][0]["period"], "0000-Q1", "{graph}");
}

#[test]
fn empty_file_is_a_schema_finding_at_the_start() {
    let findings = check_bytes(b"");
    assert_eq!(located(&findings), [("schema", 1, 1)]);
    assert!(findings[0].message.contains("empty"));
}

#[test]
fn comments_only_file_is_a_schema_finding_at_the_start() {
    let findings = check_bytes(b"# yaml-language-server: $schema=okr.schema.json\n# nothing yet\n");
    assert_eq!(located(&findings), [("schema", 1, 1)]);
    assert!(findings[0].message.contains("empty"));
}

#[test]
fn scalar_document_is_not_an_okr_file() {
    let findings = check_bytes(b"just some words\n");
    assert_eq!(located(&findings), [("schema", 1, 1)]);
    assert!(findings[0].message.contains("found the string"), "{}", findings[0].message);
}

#[test]
fn list_document_is_not_an_okr_file() {
    let findings = check_bytes(b"- team: t\n- team: u\n");
    assert_eq!(located(&findings), [("schema", 1, 1)]);
    assert!(findings[0].message.contains("found a list"), "{}", findings[0].message);
}

#[test]
fn custom_tag_is_a_schema_finding_at_the_value() {
    let text = valid_document("t", "2026-Q3", "o").replace("team: t", "team: !secret t");
    let findings = check_bytes(text.as_bytes());
    assert_eq!(located(&findings), [("schema", 1, 7)]);
    assert!(findings[0].message.contains("`!secret`"));
    assert!(findings[0].help.as_deref().unwrap_or_default().contains("tag"));
}

#[test]
fn custom_tag_under_an_extension_key_is_ignored() {
    let text = valid_document("t", "2026-Q3", "o") + "x-token: !secret abc\n";
    assert!(check_bytes(text.as_bytes()).is_empty());
}

// --- Files and the file system ---

#[test]
fn file_over_the_size_limit_is_a_syntax_finding() {
    let dir = tree(&[
        ("okr.toml", "[limits]\nfile_size_max = 100\n"),
        ("big.okr.yaml", &valid_document("t", "2026-Q3", "o")),
        ("small.okr.yaml", "team: t\n"),
    ]);
    let output = okr(dir.path(), &["check", "--format", "json"]);
    assert_eq!(output.status.code(), Some(1));
    let summary = json_summary(&output);
    assert_eq!(summary[0], "big.okr.yaml:1:1 yaml-syntax");
    assert!(json(&output)["diagnostics"][0]["message"].as_str().unwrap().contains("100 bytes"));
    // The small file is still read and checked.
    assert!(summary[1..].iter().all(|s| s.starts_with("small.okr.yaml:1:1 schema")), "{summary:?}");
}

#[test]
fn size_limit_is_inclusive() {
    let mut config = Config::default();
    config.limits.file_size_max = 100;
    let exactly = format!("team: t\nperiod: 2026-Q3\nobjectives: []\n{}\n", "#".repeat(100 - 40));
    assert_eq!(exactly.len(), 100);
    let dir = tree(&[("exact.okr.yaml", &exactly), ("over.okr.yaml", &(exactly.clone() + " "))]);
    let (workspace, findings) = check_dir_with(dir.path(), &config);
    assert_eq!(summarise(&workspace, &findings), ["exact.okr.yaml:3:13 schema", "over.okr.yaml:1:1 yaml-syntax"]);
}

#[test]
fn directory_named_like_an_okr_file_is_walked() {
    let dir = tree(&[("x.okr.yaml/inner.okr.yaml", &valid_document("t", "2026-Q3", "o"))]);
    let (workspace, findings) = check_dir(dir.path());
    assert!(findings.is_empty(), "{findings:#?}");
    assert_eq!(workspace.files.iter().map(|f| f.display.as_str()).collect::<Vec<_>>(), ["x.okr.yaml/inner.okr.yaml"]);
    let output = okr(dir.path(), &["check", "x.okr.yaml"]);
    assert_eq!(output.status.code(), Some(0), "{}{}", stdout(&output), stderr(&output));
    assert!(stdout(&output).contains("Checked 1 file: no findings."), "{}", stdout(&output));
}

/// The common mistakes in writing YAML by hand each get a help line that
/// says what to do, at the place the parser stopped.
#[test]
fn yaml_syntax_help_names_the_common_mistakes() {
    let head = "team: growth\nperiod: 2026-Q3\nobjectives:\n  - id: signups\n";
    let krs = "    key_results:\n      - id: a\n        title: A\n";
    let colon = format!("{head}    title: Growth: more sign-ups\n{krs}        done: false\n");
    let indented = format!("{head}    title: Sign-ups\n{krs}       done: false\n");
    let dashless = format!("{head}    title: Sign-ups\n{krs}        done: false\n      id: b\n      title: B\n");
    let one_dashless = format!("{head}    title: Sign-ups\n    key_results:\n      id: a\n      title: A\n");
    let unclosed = format!("{head}    title: \"Sign-ups\n{krs}        done: false\n");
    let dir = tree(&[
        ("colon.okr.yaml", &colon),
        ("indented.okr.yaml", &indented),
        ("dashless.okr.yaml", &dashless),
        ("one-dashless.okr.yaml", &one_dashless),
        ("unclosed.okr.yaml", &unclosed),
    ]);
    let (workspace, findings) = check_dir(dir.path());
    let help_at = |at: &str| {
        let finding = findings
            .iter()
            .find(|d| format!("{}:{}:{}", workspace.files[d.file].display.as_str(), d.span.line, d.span.column) == at)
            .unwrap_or_else(|| panic!("nothing at {at}: {:?}", summarise(&workspace, &findings)));
        finding.help.clone().unwrap_or_default()
    };
    assert!(help_at("colon.okr.yaml:5:18").contains("quote the title"));
    assert!(help_at("indented.okr.yaml:9:8").contains("this line starts in column 8, the one above in column 9"));
    assert!(help_at("dashless.okr.yaml:10:7").contains("a list item without its `-`"));
    // One item without its `-` is valid YAML, a mapping where the list belongs.
    assert!(help_at("one-dashless.okr.yaml:7:7").contains("without its `-`"));
    assert!(help_at("unclosed.okr.yaml:5:12").contains("a quote is left open"));
}

/// A CI gate that checked nothing used to pass: "Checked 0 files: no
/// findings.", exit 0. Every format, and `--deny-warnings`, exits 2 naming
/// where it looked and the globs.
#[test]
fn check_that_finds_no_okr_file_exits_2() {
    let dir = tree(&[("notes.yaml", "team: t\n"), ("okrs/readme.md", "# OKRs\n")]);
    for args in
        [&["check"][..], &["check", "--deny-warnings"], &["check", "--format", "json"], &["check", "--format", "sarif"]]
    {
        let output = okr(dir.path(), args);
        assert_eq!(output.status.code(), Some(2), "{args:?}: {}{}", stdout(&output), stderr(&output));
        assert_eq!(stdout(&output), "", "{args:?}");
        let err = stderr(&output);
        assert!(err.contains("no OKR file in "), "{err}");
        assert!(err.contains(r#"include = ["**/*.okr.yaml", "**/*.okr.yml"]"#), "{err}");
    }
    // A directory named on the command line is the one named.
    let output = okr(dir.path(), &["check", "okrs"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("no OKR file in okrs matches"), "{}", stderr(&output));
    // Globs that exclude every file are named too.
    let dir = tree(&[
        ("okr.toml", "[files]\nexclude = [\"old/**\"]\n"),
        ("old/a.okr.yaml", &valid_document("t", "2026-Q3", "o")),
    ]);
    let output = okr(dir.path(), &["check"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains(r#"exclude = ["old/**"]"#), "{}", stderr(&output));
    // One file is enough to check.
    assert_eq!(okr(dir.path(), &["check", "old/a.okr.yaml"]).status.code(), Some(0));
}

#[cfg(unix)]
#[test]
fn symlink_loops_are_not_followed_while_walking() {
    let dir = tree(&[("a.okr.yaml", &valid_document("t", "2026-Q3", "o"))]);
    std::os::unix::fs::symlink("loop.okr.yaml", dir.path().join("loop.okr.yaml")).expect("symlink");
    std::fs::create_dir(dir.path().join("sub")).expect("mkdir");
    std::os::unix::fs::symlink("..", dir.path().join("sub/up.okr.yaml")).expect("symlink");
    let output = finishes(okr_command(dir.path(), &["check", "--format", "json"]));
    assert_eq!(output.status.code(), Some(0), "{}{}", stdout(&output), stderr(&output));
    assert_eq!(json(&output)["files"], 1);
    assert!(json_summary(&output).is_empty());
}

#[cfg(unix)]
#[test]
fn symlink_loop_named_on_the_command_line_is_an_error() {
    let dir = tempfile::tempdir().expect("temp dir");
    std::os::unix::fs::symlink("loop.okr.yaml", dir.path().join("loop.okr.yaml")).expect("symlink");
    let output = finishes(okr_command(dir.path(), &["check", "loop.okr.yaml"]));
    assert_eq!(output.status.code(), Some(2));
    assert!(stdout(&output).is_empty());
    let message = stderr(&output);
    assert!(message.contains("loop.okr.yaml") && message.contains("symbolic links"), "{message}");
    assert!(!message.contains("panicked"), "{message}");
}

#[cfg(unix)]
#[test]
fn unreadable_file_is_a_finding_that_hides_nothing_else() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tree(&[("a.okr.yaml", "team: t\n"), ("b.okr.yaml", "team: u\nperiod: 2026-Q3\nobjectives: []\n")]);
    let locked = dir.path().join("a.okr.yaml");
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o000)).expect("chmod");
    if std::fs::read(&locked).is_ok() {
        // Running as root: the file is readable anyway, nothing to test.
        return;
    }
    let (workspace, findings) = check_dir(dir.path());
    assert_eq!(summarise(&workspace, &findings), ["a.okr.yaml:1:1 yaml-syntax", "b.okr.yaml:3:13 schema"]);
    assert!(findings[0].message.contains("cannot read"), "{}", findings[0].message);
}

// --- One file's trouble is its own ---

#[test]
fn broken_file_does_not_hide_another_files_findings() {
    let one_kr = valid_document("u", "2026-Q3", "o")
        .replace("      - id: second\n        title: Second result moves\n        start: 0\n        target: 4\n", "");
    let dir = tree(&[("a.okr.yaml", "team: t\n\tperiod: 2026-Q3\n"), ("b.okr.yaml", &one_kr)]);
    let output = okr(dir.path(), &["check", "--format", "json"]);
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(json_summary(&output), ["a.okr.yaml:2:1 yaml-syntax", "b.okr.yaml:6:5 kr-count"]);
    assert_eq!((json(&output)["files"].as_u64(), json(&output)["errors"].as_u64()), (Some(2), Some(2)));
}

#[test]
fn file_with_a_syntax_finding_gets_no_other_finding() {
    // One key result, an unknown field, a number in the title and a
    // duplicate objective of another file: all unseen behind the duplicate key.
    let broken = valid_document("t", "2026-Q3", "o")
        .replace("Make things better", "Grow 50%")
        .replace("      - id: second\n        title: Second result moves\n        start: 0\n        target: 4\n", "")
        + "bogus: 1\nteam: t\n";
    let dir = tree(&[("a.okr.yaml", &broken), ("b.okr.yaml", &valid_document("t", "2026-Q3", "o"))]);
    let (workspace, findings) = check_dir(dir.path());
    assert_eq!(summarise(&workspace, &findings), ["a.okr.yaml:13:1 yaml-syntax"]);
}
