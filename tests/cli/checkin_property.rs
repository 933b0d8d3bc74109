//! A property of `okr checkin`: for generated valid documents in every
//! layout the edit supports, a random key result and a random value, the edit
//! changes nothing but that value, and the file still passes `okr check` with
//! the new score. Bounded (64 cases) and seeded, so runs are repeatable.

use proptest::prelude::*;
use proptest::test_runner::{Config, RngSeed};

use okr::edit::checkin::{plan, Request};

#[derive(Debug, Clone)]
enum Measure {
    Progress { start: i32, target: i32, current: Option<i32> },
    AtLeast { bound: i32, current: Option<i32> },
    Milestone { done: bool },
}

#[derive(Debug, Clone)]
struct Kr {
    measure: Measure,
    flow: bool,
    comment: bool,
    quoted_title: bool,
    confidence: Option<u8>,
    blank_after: bool,
}

#[derive(Debug, Clone)]
struct Doc {
    objectives: Vec<Vec<Kr>>,
    crlf: bool,
    trailing_newline: bool,
}

fn measure() -> impl Strategy<Value = Measure> {
    prop_oneof![
        (-50i32..50, -50i32..50, proptest::option::of(-60i32..60))
            .prop_filter("a progress KR moves", |(s, t, _)| s != t)
            .prop_map(|(start, target, current)| Measure::Progress { start, target, current }),
        (0i32..100, proptest::option::of(0i32..100)).prop_map(|(bound, current)| Measure::AtLeast { bound, current }),
        any::<bool>().prop_map(|done| Measure::Milestone { done }),
    ]
}

fn kr() -> impl Strategy<Value = Kr> {
    (measure(), any::<bool>(), any::<bool>(), any::<bool>(), proptest::option::of(0u8..=10), any::<bool>()).prop_map(
        |(measure, flow, comment, quoted_title, confidence, blank_after)| Kr {
            measure,
            flow,
            comment,
            quoted_title,
            confidence,
            blank_after,
        },
    )
}

fn doc() -> impl Strategy<Value = Doc> {
    (proptest::collection::vec(proptest::collection::vec(kr(), 2..=4), 1..=2), any::<bool>(), any::<bool>())
        .prop_map(|(objectives, crlf, trailing_newline)| Doc { objectives, crlf, trailing_newline })
}

fn fields(kr: &Kr) -> Vec<(String, String)> {
    let mut fields = Vec::new();
    match &kr.measure {
        Measure::Progress { start, target, current } => {
            fields.push(("start".into(), start.to_string()));
            fields.push(("target".into(), target.to_string()));
            fields.extend(current.map(|c| ("current".into(), c.to_string())));
        }
        Measure::AtLeast { bound, current } => {
            fields.push(("at_least".into(), bound.to_string()));
            fields.extend(current.map(|c| ("current".into(), c.to_string())));
        }
        Measure::Milestone { done } => fields.push(("done".into(), done.to_string())),
    }
    fields.extend(kr.confidence.map(|c| ("confidence".into(), format!("{}", f64::from(c) / 10.0))));
    fields
}

/// The document as YAML: block or flow key results, comments, blank lines.
fn render(doc: &Doc) -> String {
    let mut text = String::from("# generated\nteam: t\nperiod: 2026-Q3\nobjectives:\n");
    for (o, krs) in doc.objectives.iter().enumerate() {
        // Committed: a threshold KR in an aspirational objective is a warning.
        text += &format!(
            "  - id: o{o}\n    title: Objective {}\n    kind: committed\n    key_results:\n",
            ["one", "two"][o]
        );
        for (k, kr) in krs.iter().enumerate() {
            // A letter, not the index: a number in a title that is none of
            // the key result's values is a `kr-title-numbers` warning.
            let name = char::from(b'a' + k as u8);
            let title = if kr.quoted_title { format!("\"Result, {name}\"") } else { format!("Result {name}") };
            let comment = if kr.comment { "   # a comment" } else { "" };
            if kr.flow {
                let rest: Vec<String> = fields(kr).iter().map(|(k, v)| format!("{k}: {v}")).collect();
                text += &format!("      - {{id: k{k}, title: {title}, {}}}{comment}\n", rest.join(", "));
            } else {
                text += &format!("      - id: k{k}\n        title: {title}\n");
                for (key, value) in fields(kr) {
                    text += &format!("        {key}: {value}{comment}\n");
                }
            }
            if kr.blank_after {
                text += "\n";
            }
        }
    }
    if !doc.trailing_newline {
        while text.ends_with('\n') {
            text.pop();
        }
    }
    if doc.crlf {
        text = text.replace('\n', "\r\n");
    }
    text
}

/// The text that differs between `old` and `new`: (old middle, new middle).
fn difference<'a>(old: &'a str, new: &'a str) -> (&'a str, &'a str) {
    let prefix = old.bytes().zip(new.bytes()).take_while(|(a, b)| a == b).count();
    let max_suffix = old.len().min(new.len()) - prefix;
    let suffix = old.bytes().rev().zip(new.bytes().rev()).take(max_suffix).take_while(|(a, b)| a == b).count();
    (&old[prefix..old.len() - suffix], &new[prefix..new.len() - suffix])
}

/// Whether `new` is `old` with `inserted` put in at one place.
fn inserted_once(old: &str, new: &str, inserted: &str) -> bool {
    new.len() == old.len() + inserted.len()
        && (0..=old.len()).any(|p| {
            new.is_char_boundary(p)
                && old.is_char_boundary(p)
                && new[..p] == old[..p]
                && new[p..].starts_with(inserted)
                && new[p + inserted.len()..] == old[p..]
        })
}

proptest! {
    #![proptest_config(Config { cases: 64, rng_seed: RngSeed::Fixed(6), failure_persistence: None, ..Config::default() })]

    #[test]
    fn checkin_changes_only_the_value(doc in doc(), which in any::<proptest::sample::Index>(), value in -60i32..60, confidence in proptest::option::of(0u8..=10)) {
        let text = render(&doc);
        let all: Vec<(usize, usize, &Kr)> = doc.objectives.iter().enumerate()
            .flat_map(|(o, krs)| krs.iter().enumerate().map(move |(k, kr)| (o, k, kr))).collect();
        let (o, k, kr) = all[which.index(all.len())];
        let milestone = matches!(kr.measure, Measure::Milestone { .. });
        let raw = if milestone { (value % 2 == 0).to_string() } else { value.to_string() };
        let confidence = confidence.map(|c| format!("{}", f64::from(c) / 10.0));
        let request = Request { value: raw.clone(), confidence: confidence.clone(), note: None };
        let planned = plan(&text, &format!("o{o}"), &format!("k{k}"), &request).expect("the edit is made");

        // Only the value's text changed: without confidence, the difference
        // is the old value against the new one, or one inserted key.
        let key = if milestone { "done" } else { "current" };
        if confidence.is_none() {
            let (old_part, new_part) = difference(&text, &planned.text);
            let had_key = fields(kr).iter().any(|(f, _)| f == key);
            if had_key {
                prop_assert!(!old_part.contains(['\n', '#', ':', ',']), "replaced only a value: {old_part:?}");
                prop_assert!(!new_part.contains(['\n', '#', ':', ',']), "wrote only a value: {new_part:?}");
            } else {
                let eol = if doc.crlf { "\r\n" } else { "\n" };
                let inserted = if kr.flow { format!(", {key}: {raw}") } else { format!("{eol}        {key}: {raw}") };
                prop_assert!(inserted_once(&text, &planned.text, &inserted), "inserted {inserted:?}: {old_part:?} → {new_part:?}");
            }
        }

        // The file still reads back, passes the checks, and scores as expected.
        let workspace = okr::load::one_file("t.okr.yaml", planned.text.clone().into_bytes());
        let findings = okr::check::run(&workspace, &okr::config::Config::default());
        prop_assert!(findings.is_empty(), "{findings:?}\n{}", planned.text);
        let document = workspace.files[0].document.as_ref().expect("a document");
        let new_kr = &document.objectives[o].key_results[k];
        let expected = match &kr.measure {
            Measure::Progress { start, target, .. } => ((f64::from(value) - f64::from(*start)) / f64::from(target - start)).clamp(0.0, 1.0),
            Measure::AtLeast { bound, .. } => f64::from(u8::from(value >= *bound)),
            Measure::Milestone { .. } => f64::from(u8::from(value % 2 == 0)),
        };
        prop_assert_eq!(okr::score::key_result(new_kr).0, expected);
        let okr::edit::checkin::Effect::Scores { key_result, .. } = planned.effect else { panic!("a key result") };
        prop_assert_eq!(key_result.1, expected);
        if let Some(c) = &confidence {
            prop_assert_eq!(new_kr.confidence.map(|n| n.0), Some(c.parse::<f64>().unwrap()));
        }
    }
}
