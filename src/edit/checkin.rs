//! `okr checkin` on one file's text: validate the new value against the
//! key result's kind (or the health metric's number), edit the text, and prove that the edit changed nothing
//! but what it meant to change.

use crate::edit::emit;
use crate::edit::set_field::{set_field, set_health_field, Scalar};
use crate::load::{reader, yaml};
use crate::measure::Measure;
use crate::model::{Document, KeyResult, Num};
use crate::numbers;
use crate::scoreboard::Health;
use crate::text::Text;

/// What to record, as typed on the command line.
#[derive(Debug, Clone, Default)]
pub struct Request {
    /// A number (progress, threshold) or `true`/`false` (milestone).
    pub value: String,
    /// A new `confidence` (0 to 1), if any.
    pub confidence: Option<String>,
    /// A new `note`, if any.
    pub note: Option<String>,
}

/// One field's change, as people read it: `current 20 → 12`.
#[derive(Debug, Clone, PartialEq)]
pub struct FieldChange {
    /// The field's key.
    pub field: &'static str,
    /// `None` when the key was absent and had no default.
    pub old: Option<Text>,
    /// The new value, as written.
    pub new: Text,
}

/// A planned check-in: the new text and what it changes.
#[derive(Debug, Clone)]
pub struct Planned {
    /// The whole file's new text.
    pub text: String,
    /// The measured value first, then `confidence` and `note` when given.
    pub changes: Vec<FieldChange>,
    /// What the new value does.
    pub effect: Effect,
}

/// What a check-in does beyond its value.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Effect {
    /// A key result's: its score and its objective's, before and after.
    Scores {
        /// The key result's score before and after.
        key_result: (f64, f64),
        /// Its objective's score before and after.
        objective: (f64, f64),
    },
    /// A health metric's status before and after.
    Health(Health, Health),
}

/// Plan the check-in of key result `key_result` of `objective` in `text`
/// (without BOM). An error is a message for the user; nothing is written.
pub fn plan(text: &str, objective: &str, key_result: &str, request: &Request) -> Result<Planned, String> {
    let before = read(text)?;
    let old_objective = before
        .objectives
        .iter()
        .find(|o| o.id == objective)
        .ok_or_else(|| format!("objective `{objective}` cannot be read; run `okr check` and fix it first"))?;
    let old = old_objective
        .key_results
        .iter()
        .find(|kr| kr.id == key_result)
        .ok_or_else(|| format!("key result `{key_result}` cannot be read; run `okr check` and fix it first"))?;
    let measure = Measure::of(old).map_err(|_| {
        format!("key result `{key_result}` has no valid measurement (`kr-measure`); run `okr check` and fix it first")
    })?;
    let mut expected = old.clone();
    let mut edits: Vec<(&'static str, Scalar)> = Vec::new();
    let mut changes = Vec::new();
    match measure {
        Measure::Milestone { done } => {
            let new = match request.value.trim() {
                "true" => true,
                "false" => false,
                other => {
                    return Err(format!("`{key_result}` is a milestone: VALUE is `true` or `false`, not `{other}`"))
                }
            };
            expected.done = Some(new);
            edits.push(("done", Scalar::Bool(new)));
            changes.push(FieldChange {
                field: "done",
                old: Some(emit::boolean(done).into()),
                new: emit::boolean(new).into(),
            });
        }
        Measure::Progress { .. } | Measure::Threshold { .. } => {
            let new = number(&request.value).ok_or_else(|| {
                format!(
                    "`{key_result}` is a {} key result: VALUE is a number, not `{}`",
                    measure.type_name(),
                    request.value
                )
            })?;
            let old_value = measure.current().map(|n| numbers::yaml(n).into());
            expected.current = Some(Num(new));
            edits.push(("current", Scalar::Number(new)));
            changes.push(FieldChange { field: "current", old: old_value, new: numbers::yaml(new).into() });
        }
    }
    if let Some(raw) = &request.confidence {
        let new = number(raw)
            .filter(|c| (0.0..=1.0).contains(c))
            .ok_or_else(|| format!("--confidence is a number from 0 to 1, not `{raw}`"))?;
        expected.confidence = Some(Num(new));
        edits.push(("confidence", Scalar::Number(new)));
        changes.push(FieldChange {
            field: "confidence",
            old: old.confidence.map(|c| numbers::yaml(c.0).into()),
            new: numbers::yaml(new).into(),
        });
    }
    if let Some(note) = &request.note {
        expected.note = Some(note.as_str().into());
        edits.push(("note", Scalar::Text(note.clone())));
        changes.push(FieldChange { field: "note", old: old.note.clone(), new: note.as_str().into() });
    }
    let mut edited = text.to_owned();
    for (key, value) in &edits {
        edited = set_field(&edited, objective, key_result, key, value)?;
    }
    let after = read(&edited).map_err(|e| format!("the edited file would not read back ({e}); nothing written"))?;
    let mut wanted = before.clone();
    let new_objective = replace_key_result(&mut wanted, objective, expected);
    if after != wanted {
        return Err("the edit would change more than the value; nothing written (please report this)".into());
    }
    let new_kr = new_objective.key_results.iter().find(|kr| kr.id == key_result).expect("just replaced");
    Ok(Planned {
        text: edited,
        changes,
        effect: Effect::Scores {
            key_result: (crate::score::key_result(old).0, crate::score::key_result(new_kr).0),
            objective: (crate::score::objective(old_objective), crate::score::objective(&new_objective)),
        },
    })
}

/// Plan the check-in of health metric `metric` in `text` (without BOM): its
/// `current` set to the number in `request`, proven as [`plan`] proves a key
/// result's. A health metric has no confidence and no note.
pub fn plan_health(text: &str, metric: &str, request: &Request) -> Result<Planned, String> {
    if request.confidence.is_some() || request.note.is_some() {
        return Err(format!("`{metric}` is a health metric: it has no confidence or note; give only its VALUE"));
    }
    let value = request.value.as_str();
    let before = read(text)?;
    let old = before
        .health
        .iter()
        .find(|m| m.id == metric)
        .ok_or_else(|| format!("health metric `{metric}` cannot be read; run `okr check` and fix it first"))?;
    let new =
        number(value).ok_or_else(|| format!("`{metric}` is a health metric: VALUE is a number, not `{value}`"))?;
    let edited = set_health_field(text, metric, "current", &Scalar::Number(new))?;
    let after = read(&edited).map_err(|e| format!("the edited file would not read back ({e}); nothing written"))?;
    let mut wanted = before.clone();
    let slot = wanted.health.iter_mut().find(|m| m.id == metric).expect("found before");
    slot.current = Some(Num(new));
    let new_metric = slot.clone();
    if after != wanted {
        return Err("the edit would change more than the value; nothing written (please report this)".into());
    }
    Ok(Planned {
        text: edited,
        changes: vec![FieldChange {
            field: "current",
            old: old.current.map(|c| numbers::yaml(c.0).into()),
            new: numbers::yaml(new).into(),
        }],
        effect: Effect::Health(Health::of(old), Health::of(&new_metric)),
    })
}

/// A number as YAML reads it (`12`, `-0.5`, `1e3`); not `.inf` or a string.
pub fn number(raw: &str) -> Option<f64> {
    let raw = raw.trim();
    if raw.is_empty() || raw.contains(['#', ',', ':', '\n', '[', '{']) {
        return None;
    }
    yaml::parse(raw).ok()?.as_number()
}

fn read(text: &str) -> Result<Document, String> {
    let root = yaml::parse(text).map_err(|e| format!("{}:{}: {}", e.span.line, e.span.column, e.message))?;
    reader::read(&root, 0).0.ok_or_else(|| "the file cannot be read as an OKR file; run `okr check`".to_owned())
}

/// Put `kr` in place of its namesake in `objective`; the changed objective.
fn replace_key_result(document: &mut Document, objective: &str, kr: KeyResult) -> crate::model::Objective {
    let target = document.objectives.iter_mut().find(|o| o.id == objective).expect("found before");
    let slot = target.key_results.iter_mut().find(|k| k.id == kr.id).expect("found before");
    *slot = kr;
    target.clone()
}

#[cfg(test)]
mod tests {
    use super::*;

    const DOC: &str = "team: t\nperiod: 2026-Q3\nobjectives:\n  - id: o\n    title: T\n    key_results:\n      - id: a\n        title: A\n        start: 0\n        target: 10\n      - id: m\n        title: M\n        done: false\n";

    fn request(value: &str) -> Request {
        Request { value: value.into(), ..Request::default() }
    }

    #[test]
    fn values_must_fit_the_kind() {
        assert!(plan(DOC, "o", "a", &request("true")).unwrap_err().contains("is a number"));
        assert!(plan(DOC, "o", "m", &request("3")).unwrap_err().contains("`true` or `false`"));
        assert!(plan(DOC, "o", "a", &request(".inf")).is_err());
        assert!(plan(DOC, "o", "a", &request("5 # x")).is_err());
        let confident = Request { confidence: Some("1.5".into()), ..request("5") };
        assert!(plan(DOC, "o", "a", &confident).unwrap_err().contains("confidence"));
    }

    #[test]
    fn scores_before_and_after() {
        let planned = plan(DOC, "o", "a", &request("5")).unwrap();
        assert_eq!(planned.effect, Effect::Scores { key_result: (0.0, 0.5), objective: (0.0, 0.25) });
        assert_eq!(planned.changes[0], FieldChange { field: "current", old: Some("0".into()), new: "5".into() });
        let planned = plan(DOC, "o", "m", &request("true")).unwrap();
        assert!(planned.text.contains("done: true\n"));
    }

    #[test]
    fn a_health_metric_takes_a_number() {
        let text = format!("{DOC}health:\n  - id: up\n    title: Up\n    at_least: 99\n    current: 98\n");
        let value = |v: &str| Request { value: v.into(), ..Request::default() };
        let planned = plan_health(&text, "up", &value("99.5")).unwrap();
        assert_eq!(planned.text, text.replace("current: 98", "current: 99.5"));
        assert_eq!(planned.effect, Effect::Health(Health::Breached, Health::Healthy));
        assert_eq!(planned.changes[0], FieldChange { field: "current", old: Some("98".into()), new: "99.5".into() });
        assert!(plan_health(&text, "up", &value("true")).unwrap_err().contains("VALUE is a number"));
        assert!(plan_health(&text, "down", &value("1")).is_err());
        let noted = Request { note: Some("n".into()), ..value("99") };
        assert!(plan_health(&text, "up", &noted).unwrap_err().contains("no confidence or note"));
    }
}
