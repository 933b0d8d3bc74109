//! Properties of scores, of `check` and of the model, over generated input:
//! scores stay in 0..=1; an objective's score lies between its lowest and
//! highest key result's; reading and checking never panics on any text or on
//! any mutation of a valid document; a document serialised to JSON (which
//! is YAML 1.2) and read again is the same document. Bounded and seeded, so
//! that runs are fast and repeatable.

use proptest::prelude::*;
use proptest::test_runner::{Config, RngSeed};

use okr::config::Config as OkrConfig;
use okr::edit::emit::{string, Context};
use okr::load::Workspace;
use okr::model::{Document, KeyResult, Num, Objective};

fn config(cases: u32) -> Config {
    Config { cases, rng_seed: RngSeed::Fixed(8), failure_persistence: None, ..Config::default() }
}

fn load(bytes: Vec<u8>) -> Workspace {
    okr::load::one_file("p.okr.yaml", bytes)
}

/// Any finite number, small ones and those near the ends of the range alike.
fn finite() -> impl Strategy<Value = f64> {
    prop_oneof![-100.0..100.0f64, any::<f64>().prop_filter("finite", |n| n.is_finite()), (-5i32..5).prop_map(f64::from)]
}

fn positive() -> impl Strategy<Value = f64> {
    prop_oneof![0.001..10.0f64, any::<f64>().prop_filter("finite, > 0", |n| n.is_finite() && *n > 0.0)]
}

/// A key result of any kind with any values its rules allow.
fn key_result() -> impl Strategy<Value = KeyResult> {
    let measure = prop_oneof![
        (finite(), finite(), proptest::option::of(finite())).prop_map(|(s, t, c)| (
            Some(s),
            Some(t),
            c,
            None,
            None,
            None
        )),
        (finite(), proptest::option::of(finite())).prop_map(|(b, c)| (None, None, c, Some(b), None, None)),
        (finite(), proptest::option::of(finite())).prop_map(|(b, c)| (None, None, c, None, Some(b), None)),
        any::<bool>().prop_map(|d| (None, None, None, None, None, Some(d))),
    ];
    (measure, proptest::option::of(positive()), proptest::option::of(0.0..=1.0f64)).prop_map(
        |((start, target, current, at_least, at_most, done), weight, score)| {
            let mut kr = empty_key_result();
            kr.start = start.map(Num);
            kr.target = target.map(Num);
            kr.current = current.map(Num);
            kr.at_least = at_least.map(Num);
            kr.at_most = at_most.map(Num);
            kr.done = done;
            kr.weight = weight.map(Num);
            kr.score = score.map(Num);
            kr
        },
    )
}

/// The first objective of a small document: a base for generated ones.
fn base_objective() -> Objective {
    let text =
        "team: t\nperiod: 2026\nobjectives:\n  - id: o\n    title: O\n    key_results:\n      - {id: k, title: K}\n";
    let workspace = load(text.as_bytes().to_vec());
    workspace.files[0].document.as_ref().expect("a document").objectives[0].clone()
}

fn empty_key_result() -> KeyResult {
    base_objective().key_results[0].clone()
}

fn objective_of(key_results: Vec<KeyResult>) -> Objective {
    Objective { key_results, ..base_objective() }
}

proptest! {
    #![proptest_config(config(512))]

    #[test]
    fn scores_stay_between_0_and_1(krs in proptest::collection::vec(key_result(), 1..6)) {
        for kr in &krs {
            let (score, computed) = okr::score::key_result(kr);
            prop_assert!((0.0..=1.0).contains(&score), "{score} for {kr:?}");
            prop_assert!((0.0..=1.0).contains(&computed), "{computed} for {kr:?}");
        }
        let score = okr::score::objective(&objective_of(krs));
        prop_assert!((0.0..=1.0).contains(&score), "objective {score}");
    }

    #[test]
    fn an_objective_scores_between_its_lowest_and_highest_key_result(krs in proptest::collection::vec(key_result(), 1..6)) {
        let scores: Vec<f64> = krs.iter().map(|kr| okr::score::key_result(kr).0).collect();
        let lowest = scores.iter().copied().fold(f64::INFINITY, f64::min);
        let highest = scores.iter().copied().fold(f64::NEG_INFINITY, f64::max);
        let score = okr::score::objective(&objective_of(krs));
        // A weighted mean may round past its bounds by an ulp or two.
        let slack = 1e-12;
        prop_assert!(lowest - slack <= score && score <= highest + slack, "{lowest} <= {score} <= {highest}");
    }
}

#[test]
fn huge_weights_do_not_make_the_score_nan() {
    let mut a = empty_key_result();
    a.done = Some(true);
    a.weight = Some(Num(1e308));
    let mut b = a.clone();
    b.done = Some(false);
    assert_eq!(okr::score::objective(&objective_of(vec![a, b])), 0.5);
}

/// Text that looks like YAML: its indicators, line breaks, digits, letters.
fn yamlish() -> impl Strategy<Value = String> {
    proptest::string::string_regex("[a-z_0-9: \\n\\-\\[\\]{}#&*!|>'\"%@,?~.\\t\\r]{0,300}").expect("a regex")
}

proptest! {
    #![proptest_config(config(256))]

    #[test]
    fn check_never_panics_on_any_text(text in prop_oneof![any::<String>(), yamlish()]) {
        let workspace = load(text.into_bytes());
        let _ = okr::check::run(&workspace, &OkrConfig::default());
    }

    #[test]
    fn check_never_panics_on_a_mutated_valid_document(
        edits in proptest::collection::vec((any::<proptest::sample::Index>(), 0usize..12, yamlish()), 1..5),
    ) {
        let mut text = crate::support::valid_document("t", "2026-Q3", "o");
        for (at, removed, inserted) in edits {
            let mut start = at.index(text.len() + 1);
            while !text.is_char_boundary(start) {
                start -= 1;
            }
            let mut end = (start + removed).min(text.len());
            while !text.is_char_boundary(end) {
                end += 1;
            }
            text.replace_range(start..end, &inserted[..inserted.len().min(40)]);
        }
        let workspace = load(text.into_bytes());
        let _ = okr::check::run(&workspace, &OkrConfig::default());
    }

    #[test]
    fn numbers_okr_writes_read_back_the_same(n in finite()) {
        let written = okr::numbers::yaml(n);
        prop_assert_eq!(okr::edit::checkin::number(&written), Some(n), "{}", written);
    }
}

/// A document's text in block style, strings written by okr's own emitter.
fn document_text() -> impl Strategy<Value = String> {
    let text = || any::<String>().prop_map(|s| string(&s, Context::Block));
    let title = || "[A-Za-z ,.:#-]{0,8}[A-Za-z]{1,12}".prop_map(|s| string(&s, Context::Block));
    let number = || finite().prop_map(|n| format!("{n:?}"));
    let key_result = (
        0u8..4,
        (number(), number(), proptest::option::of(number())),
        proptest::option::of(text()),
        proptest::option::of((0.0..=1.0f64).prop_map(|n| format!("{n:?}"))),
        proptest::option::of(positive().prop_map(|n| format!("{n:?}"))),
        proptest::option::of(text()),
        title(),
    )
        .prop_map(|(kind, (a, b, current), unit, confidence, weight, note, title)| {
            let mut lines = vec![format!("title: {title}")];
            match kind {
                0 => lines.extend([format!("start: {a}"), format!("target: {b}")]),
                1 => lines.push(format!("at_least: {a}")),
                2 => lines.push(format!("at_most: {a}")),
                _ => lines.push(format!("done: {}", a.starts_with('-'))),
            }
            if kind < 3 {
                lines.extend(current.map(|c| format!("current: {c}")));
            }
            lines.extend(unit.map(|u| format!("unit: {u}")));
            lines.extend(confidence.map(|c| format!("confidence: {c}")));
            lines.extend(weight.map(|w| format!("weight: {w}")));
            lines.extend(note.map(|n| format!("note: {n}")));
            lines.push("x-extra: {list: [1, 2.5, true, null, \"s\"], nested: {a: b}}".into());
            lines
        });
    let objective = (
        title(),
        proptest::option::of(text()),
        any::<bool>(),
        proptest::collection::vec("[a-z]{1,6}", 0..3),
        proptest::collection::vec("[a-z]{1,4}/[a-z]{1,4}(/[a-z]{1,3})?(@2026(-Q[1-4])?)?", 0..3),
        proptest::collection::vec(key_result, 1..4),
    );
    let health = ("[A-Za-z ]{1,10}[a-z]", number(), proptest::option::of(number()));
    (
        prop_oneof![Just("2026"), Just("2026-H2"), Just("2026-Q3"), Just("2025-Q1")],
        proptest::option::of(text()),
        proptest::collection::vec(objective, 1..3),
        proptest::collection::vec(health, 0..2),
    )
        .prop_map(|(period, owner, objectives, health)| {
            let mut out = format!("version: 1\nteam: team-a\nperiod: {period}\n");
            if let Some(owner) = owner {
                out += &format!("owner: {owner}\n");
            }
            out += "x-meta:\n  source: generated\n  numbers: [1, -0.5, 1e300]\nobjectives:\n";
            for (o, (title, description, committed, tags, aligns, krs)) in objectives.into_iter().enumerate() {
                out += &format!("  - id: o{o}\n    title: {title}\n");
                if let Some(d) = description {
                    out += &format!("    description: {d}\n");
                }
                out += &format!("    kind: {}\n", if committed { "committed" } else { "aspirational" });
                out += &format!("    tags: [{}]\n", tags.join(", "));
                match aligns.as_slice() {
                    [] => {}
                    [one] => out += &format!("    aligns_to: {one}\n"),
                    many => out += &format!("    aligns_to: [{}]\n", many.join(", ")),
                }
                out += "    key_results:\n";
                for (k, lines) in krs.into_iter().enumerate() {
                    out += &format!("      - id: k{k}\n");
                    for line in lines {
                        out += &format!("        {line}\n");
                    }
                }
            }
            if !health.is_empty() {
                out += "health:\n";
                for (h, (title, bound, current)) in health.into_iter().enumerate() {
                    out += &format!("  - id: h{h}\n    title: {title}\n    at_least: {bound}\n");
                    out += &current.map(|c| format!("    current: {c}\n")).unwrap_or_default();
                }
            }
            out
        })
}

fn document(text: &str) -> Option<Document> {
    load(text.as_bytes().to_vec()).files.into_iter().next().and_then(|f| f.document)
}

proptest! {
    #![proptest_config(config(128))]

    #[test]
    fn a_document_serialised_and_read_again_is_the_same(text in document_text()) {
        let original = document(&text);
        prop_assert!(original.is_some(), "the generated text reads as a document:\n{}", text);
        let original = original.unwrap();
        for json in [serde_json::to_string(&original).unwrap(), serde_json::to_string_pretty(&original).unwrap()] {
            let again = document(&json);
            prop_assert!(again.is_some(), "the JSON reads as a document:\n{}", json);
            let again = again.unwrap();
            prop_assert!(again == original, "not the same document:\n{}\n{}", text, json);
            prop_assert_eq!(serde_json::to_string(&again).unwrap(), serde_json::to_string(&original).unwrap());
        }
    }
}

/// `text` as a JSON string the way Python's `json.dumps` writes it by
/// default: ASCII only, every other character escaped, one beyond U+FFFF as
/// a UTF-16 surrogate pair.
fn ascii_json_string(text: &str) -> String {
    let mut out = String::from("\"");
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            ' '..='~' => out.push(c),
            _ => {
                let mut units = [0u16; 2];
                for unit in c.encode_utf16(&mut units) {
                    out.push_str(&format!("\\u{unit:04x}"));
                }
            }
        }
    }
    out.push('"');
    out
}

proptest! {
    #![proptest_config(config(256))]

    /// Surrogate pairs used to be a `yaml-syntax` error; every position
    /// after one must stay where it is written.
    #[test]
    fn json_escaped_strings_read_back_with_every_later_position_right(
        texts in proptest::collection::vec(any::<String>(), 1..4),
    ) {
        let quoted: Vec<String> = texts.iter().map(|t| ascii_json_string(t)).collect();
        // One line of JSON as a flow mapping, then a second line.
        let document = format!("x: {{\"a\": [{}], \"b\": 7}}\nc: 8\n", quoted.join(", "));
        let root = okr::load::yaml::parse(&document);
        prop_assert!(root.is_ok(), "{:?}: {:?}", document, root.err());
        let root = root.unwrap();
        let x = root.get("x").unwrap();
        let read: Vec<&str> = x.get("a").unwrap().items().iter().map(|n| n.as_str().unwrap()).collect();
        prop_assert_eq!(read, texts.iter().map(String::as_str).collect::<Vec<_>>());
        let seven = x.get("b").unwrap().span;
        let column = document.lines().next().unwrap().chars().count() as u32 - 1;
        prop_assert_eq!((seven.line, seven.column, seven.end_column), (1, column, column + 1));
        let at = document[..document.find("7}").unwrap()].chars().count() as u32;
        prop_assert_eq!((seven.start, seven.end), (at, at + 1));
        let eight = root.get("c").unwrap().span;
        prop_assert_eq!((eight.line, eight.column), (2, 4));
    }
}
