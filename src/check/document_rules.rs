//! Rules that look at one document at a time.

use std::collections::HashMap;

use crate::check::title_numbers;
use crate::config::Config;
use crate::findings::Code;
use crate::findings::{Diagnostic, FileId};
use crate::load::reader::{ObjectiveFacts, ReadFacts};
use crate::measure::{Bound, Measure, MeasureError};
use crate::model::{Document, KeyResult, Kind, Objective};
use crate::numbers;
use crate::span::Span;

pub fn check(file: FileId, document: &Document, facts: &ReadFacts, config: &Config, out: &mut Vec<Diagnostic>) {
    for (objective, facts) in document.objectives.iter().zip(&facts.objectives) {
        kr_count(file, objective, facts, config, out);
        objective_measurable(file, objective, out);
        title_todo(file, "objective", &objective.id, objective.title.as_str(), objective.spans.title, out);
        key_results(file, objective, facts, out);
        source_unknown(file, objective, facts, config, out);
        duplicates(
            file,
            objective.key_results.iter().map(|kr| (kr.id.as_str(), kr.spans.id)),
            &format!("objective `{}`", objective.id),
            "key result",
            out,
        );
    }
    duplicates(file, document.health.iter().map(|h| (h.id.as_str(), h.spans.id)), "this file", "health metric", out);
}

fn kr_count(file: FileId, objective: &Objective, facts: &ObjectiveFacts, config: &Config, out: &mut Vec<Diagnostic>) {
    let (min, max) = (config.limits.key_results_min, config.limits.key_results_max);
    let count = facts.key_results_written;
    if (min..=max).contains(&count) {
        return;
    }
    let noun = if count == 1 { "key result" } else { "key results" };
    let help = if count < min {
        "an objective is reached through at least two measurable results; add the missing ones"
    } else {
        "focus: keep the key results that matter most, and move the rest to another objective or drop them"
    };
    out.push(
        Diagnostic::new(
            Code::KrCount,
            file,
            objective.spans.key_results,
            format!("objective `{}` has {count} {noun}; {min} to {max} are expected", objective.id),
        )
        .help(help),
    );
}

fn objective_measurable(file: FileId, objective: &Objective, out: &mut Vec<Diagnostic>) {
    if !holds_number(objective.title.as_str()) {
        return;
    }
    out.push(
        Diagnostic::new(
            Code::ObjectiveMeasurable,
            file,
            objective.spans.title,
            format!("the title of objective `{}` holds a number", objective.id),
        )
        .help("objectives are qualitative: say why it matters in words, and put the number in a key result"),
    );
}

/// A word that starts with a digit ("20%", "10x", "3", "1.5M") or a percent
/// sign. Names with digits inside ("k8s", "Q3", "v2") are words, not numbers.
fn holds_number(title: &str) -> bool {
    title.contains('%')
        || title
            .split(|c: char| {
                c.is_whitespace() || matches!(c, '(' | ')' | '[' | ']' | '"' | '\'' | '/' | '-' | ':' | ';')
            })
            .any(|word| word.starts_with(|c: char| c.is_ascii_digit()))
}

/// `title-todo`: a title that begins with `TODO` (as a word, in capitals: the
/// placeholder convention, which a product called "Todo" does not trip).
fn title_todo(file: FileId, noun: &str, id: &str, title: &str, span: Span, out: &mut Vec<Diagnostic>) {
    let Some(rest) = title.trim_start().strip_prefix("TODO") else { return };
    if rest.starts_with(|c: char| c.is_alphanumeric() || c == '_') {
        return;
    }
    out.push(
        Diagnostic::new(Code::TitleTodo, file, span, format!("the title of {noun} `{id}` begins with TODO"))
            .help(format!("a placeholder is not a goal: write the {noun} in your own words, or remove it")),
    );
}

/// `kr-title-numbers`: a title that states numbers but not the key result's
/// goal (its target, or its bound), one of them being none of its start,
/// target or bound: "from 4% to 7%" after the target moved to 8, or a carried
/// key result whose title keeps last period's numbers. A title that states
/// the goal, or only the start ("double signups from 400"), is fine. A
/// milestone has no number to compare, so its title may state any ("ship v2
/// to 3 regions").
fn title_numbers(file: FileId, kr: &KeyResult, measure: &Measure, out: &mut Vec<Diagnostic>) {
    let (start, goal, field) = match *measure {
        Measure::Progress { start, target, .. } => (Some(start), target, "target"),
        Measure::Threshold { bound: Bound::AtLeast(bound), .. } => (None, bound, "at_least"),
        Measure::Threshold { bound: Bound::AtMost(bound), .. } => (None, bound, "at_most"),
        Measure::Milestone { .. } => return,
    };
    // Most titles state no number: nothing to read, nothing allocated.
    if !kr.title.as_str().bytes().any(|b| b.is_ascii_digit()) {
        return;
    }
    let stated = title_numbers::numbers(kr.title.as_str());
    if stated.iter().any(|n| n.matches(goal)) {
        return;
    }
    let unmatched: Vec<String> = stated
        .iter()
        .filter(|n| !start.is_some_and(|start| n.matches(start)))
        .map(|n| format!("`{}`", n.text))
        .collect();
    if unmatched.is_empty() {
        return;
    }
    let (values, fields) = match start {
        Some(start) => (
            format!("it goes from {} to {}", numbers::human(start), numbers::human(goal)),
            format!("`start` and `{field}`"),
        ),
        None => (format!("its bound is `{field}: {}`", numbers::human(goal)), format!("`{field}`")),
    };
    out.push(
        Diagnostic::new(
            Code::KrTitleNumbers,
            file,
            kr.spans.title,
            format!("the title of key result `{}` states {}, but {values}", kr.id, unmatched.join(", ")),
        )
        .help(format!(
            "a title that tells an old goal misleads: make its numbers those of {fields}, or leave them out of the title"
        )),
    );
}

/// `source-unknown`: a key result's `source:` that okr.toml does not
/// declare. Sources are declared only in okr.toml, the reviewed
/// configuration; a name in a team's file is only a reference to one.
fn source_unknown(
    file: FileId,
    objective: &Objective,
    facts: &ObjectiveFacts,
    config: &Config,
    out: &mut Vec<Diagnostic>,
) {
    for (kr, in_error) in objective.key_results.iter().zip(&facts.key_results_with_schema_errors) {
        let Some(source) = kr.source.as_ref().filter(|_| !*in_error) else { continue };
        if config.sources.contains_key(source.as_str()) {
            continue;
        }
        let declared: Vec<&str> = config.sources.keys().map(String::as_str).collect();
        let help = match declared.as_slice() {
            [] => "okr.toml declares no source: add a `[sources.NAME]` table there (see `okr rule source-unknown`), \
                   or remove `source:`"
                .to_owned(),
            names => {
                format!("okr.toml declares: {}; correct the name, or declare it under `[sources]`", names.join(", "))
            }
        };
        out.push(
            Diagnostic::new(
                Code::SourceUnknown,
                file,
                kr.spans.source,
                format!(
                    "key result `{}` names the source `{}`, which okr.toml does not declare",
                    kr.id,
                    source.as_str()
                ),
            )
            .help(help),
        );
    }
}

fn key_results(file: FileId, objective: &Objective, facts: &ObjectiveFacts, out: &mut Vec<Diagnostic>) {
    for (kr, in_error) in objective.key_results.iter().zip(&facts.key_results_with_schema_errors) {
        if *in_error {
            continue;
        }
        title_todo(file, "key result", &kr.id, kr.title.as_str(), kr.spans.title, out);
        let measure = Measure::of(kr);
        if let Ok(measure) = &measure {
            title_numbers(file, kr, measure, out);
        }
        match measure {
            Err(error) => {
                let (message, help) = measure_message(error);
                out.push(
                    Diagnostic::new(Code::KrMeasure, file, kr.spans.node, format!("key result `{}` {message}", kr.id))
                        .help(help),
                );
            }
            Ok(Measure::Progress { start, target, .. }) => {
                if start == target {
                    out.push(
                        Diagnostic::new(
                            Code::KrNoChange,
                            file,
                            kr.spans.target,
                            format!("key result `{}` starts where it ends ({start} → {target})", kr.id),
                        )
                        .help("a number to hold is a KPI: move it to `health:`, or set the target you want to reach"),
                    )
                }
            }
            Ok(Measure::Threshold { .. }) => {
                if objective.kind == Kind::Aspirational {
                    out.push(
                        Diagnostic::new(
                            Code::KrKpi,
                            file,
                            kr.spans.node,
                            format!(
                                "key result `{}` is a threshold in the aspirational objective `{}`",
                                kr.id, objective.id
                            ),
                        )
                        .help(
                            "a bound to keep is a health metric: move it to `health:`, or make the objective `kind: committed`",
                        ),
                    )
                }
            }
            Ok(Measure::Milestone { .. }) => {}
        }
    }
}

fn measure_message(error: MeasureError) -> (String, String) {
    match error {
        MeasureError::None => ("has no measurement".into(), format!("give it {}", Measure::HOW_TO_WRITE)),
        MeasureError::Mixed(a, b) => (
            format!("mixes two kinds of measurement: `{a}` and `{b}`"),
            "a key result is measured one way: keep the fields of one kind".into(),
        ),
        MeasureError::Incomplete(present, missing) => (
            format!("has `{present}` but no `{missing}`"),
            "a progress key result needs both `start` and `target`".into(),
        ),
        MeasureError::CurrentOnMilestone => (
            "is a milestone with a `current` value".into(),
            "a milestone is done or not: record it with `done: true`".into(),
        ),
    }
}

/// One finding per repeated id, at the later one, the first as related.
fn duplicates<'a>(
    file: FileId,
    ids: impl Iterator<Item = (&'a str, Span)>,
    scope: &str,
    noun: &str,
    out: &mut Vec<Diagnostic>,
) {
    let ids: Vec<(&str, Span)> = ids.collect();
    let finding = |id: &str, span: Span, first: Span| {
        Diagnostic::new(Code::DuplicateId, file, span, format!("{scope} has two {noun}s with the id `{id}`"))
            .help(format!("give each {noun} its own id"))
            .related(file, first, "first defined here")
    };
    // The usual 2 to 5 key results: a scan costs less than hashing.
    if ids.len() <= 16 {
        for (i, &(id, span)) in ids.iter().enumerate() {
            if let Some(&(_, first)) = ids[..i].iter().find(|(other, _)| *other == id) {
                out.push(finding(id, span, first));
            }
        }
        return;
    }
    let mut seen: HashMap<&str, Span> = HashMap::with_capacity(ids.len());
    for (id, span) in ids {
        match seen.get(id) {
            Some(first) => out.push(finding(id, span, *first)),
            None => {
                seen.insert(id, span);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::holds_number;

    #[test]
    fn numbers_in_titles() {
        for title in ["Grow revenue by 20%", "Ship 3 features", "Be 10x faster", "Reach 1.5M users", "Cut cost (by 30)"]
        {
            assert!(holds_number(title), "{title}");
        }
        for title in ["Make k8s boring", "Win Q3 for our customers", "Ship v2 of the API", "Delight shoppers"] {
            assert!(!holds_number(title), "{title}");
        }
    }
}
