//! The fields `okr diff` compares, as model values, and the flags a change
//! earns: ambition lowered or raised, a measurement kind changed, a committed
//! objective turned aspirational.

use serde::Serialize;
use serde_json::Value;

use crate::measure::{Bound, Measure};
use crate::model::{KeyResult, Kind, Objective};

/// One field, before and after; `null` where it is absent.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FieldChange {
    /// The field's key in the file.
    pub field: &'static str,
    /// The value on the base side, `null` when absent.
    pub old: Value,
    /// The value on the head side, `null` when absent.
    pub new: Value,
}

/// A change that deserves a reviewer's attention.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Flag {
    /// A target (or threshold bound) moved towards the start: less to reach.
    AmbitionLowered,
    /// A target (or threshold bound) moved away from the start: more to reach.
    AmbitionRaised,
    /// A key result measures another way (progress, at least, at most,
    /// milestone), or an objective changed kind.
    KindChanged,
    /// A committed objective (aims at 1.0) became aspirational (aims at 0.7).
    CommittedToAspirational,
}

impl Flag {
    /// Every flag, in the order summaries list them.
    pub const ALL: &'static [Flag] =
        &[Flag::AmbitionLowered, Flag::AmbitionRaised, Flag::KindChanged, Flag::CommittedToAspirational];

    /// The flag in words, for people reading a pull request.
    pub fn words(self) -> &'static str {
        match self {
            Flag::AmbitionLowered => "ambition lowered",
            Flag::AmbitionRaised => "ambition raised",
            Flag::KindChanged => "kind changed",
            Flag::CommittedToAspirational => "no longer committed",
        }
    }
}

fn json<T: Serialize>(value: &T) -> Value {
    serde_json::to_value(value).unwrap_or(Value::Null)
}

/// An objective's own fields (not its key results, not `x-` metadata).
pub fn objective(o: &Objective) -> Vec<(&'static str, Value)> {
    vec![
        ("title", json(&o.title)),
        ("description", json(&o.description)),
        ("kind", json(&o.kind)),
        ("owner", json(&o.owner)),
        ("tags", json(&o.tags)),
        ("aligns_to", json(&o.aligns_to)),
    ]
}

/// A key result's fields (not `x-` metadata).
pub fn key_result(kr: &KeyResult) -> Vec<(&'static str, Value)> {
    // Every field named, so that a new one (a new kind's, say) fails to
    // compile here until it is compared.
    let KeyResult {
        id: _,
        title: _,
        start: _,
        target: _,
        current: _,
        at_least: _,
        at_most: _,
        done: _,
        unit: _,
        confidence: _,
        weight: _,
        owner: _,
        score: _,
        note: _,
        source: _,
        extensions: _,
        spans: _,
    } = kr;
    vec![
        ("title", json(&kr.title)),
        ("start", json(&kr.start)),
        ("target", json(&kr.target)),
        ("current", json(&kr.current)),
        ("at_least", json(&kr.at_least)),
        ("at_most", json(&kr.at_most)),
        ("done", json(&kr.done)),
        ("unit", json(&kr.unit)),
        ("confidence", json(&kr.confidence)),
        ("weight", json(&kr.weight)),
        ("owner", json(&kr.owner)),
        ("score", json(&kr.score)),
        ("note", json(&kr.note)),
        ("source", json(&kr.source)),
    ]
}

/// The fields whose values differ. Both lists come from one function, so they
/// name the same fields in the same order.
pub fn changed(old: Vec<(&'static str, Value)>, new: Vec<(&'static str, Value)>) -> Vec<FieldChange> {
    old.into_iter()
        .zip(new)
        .filter(|((_, a), (_, b))| a != b)
        .map(|((field, old), (_, new))| FieldChange { field, old, new })
        .collect()
}

/// Every field present, as an addition (`added`) or a removal.
pub fn one_sided(fields: Vec<(&'static str, Value)>, added: bool) -> Vec<FieldChange> {
    let empty = |v: &Value| v.is_null() || v.as_array().is_some_and(Vec::is_empty);
    fields
        .into_iter()
        .filter(|(_, value)| !empty(value))
        .map(|(field, value)| {
            let (old, new) = if added { (Value::Null, value) } else { (value, Value::Null) };
            FieldChange { field, old, new }
        })
        .collect()
}

pub fn objective_flags(old: &Objective, new: &Objective) -> Vec<Flag> {
    match (old.kind, new.kind) {
        (Kind::Committed, Kind::Aspirational) => vec![Flag::KindChanged, Flag::CommittedToAspirational],
        (a, b) if a != b => vec![Flag::KindChanged],
        _ => Vec::new(),
    }
}

/// Flags of a key result on both sides. Only a moved target or bound changes
/// the ambition; a key result without a valid measurement on either side
/// (a `kr-measure` finding) gets none. A key result that measures another way
/// (another kind, or a bound that flips from `at_least` to `at_most`) has
/// changed kind.
pub fn key_result_flags(old: &KeyResult, new: &KeyResult) -> Vec<Flag> {
    let (Ok(before), Ok(after)) = (Measure::of(old), Measure::of(new)) else {
        return Vec::new();
    };
    // Positive when the new goal asks for more than the old one.
    let more = match (before, after) {
        (Measure::Progress { start, target, .. }, Measure::Progress { target: new_target, start: new_start, .. }) => {
            // The direction of travel: up for "grow to", down for "fall to". A
            // start equal to its target (`kr-no-change`) has none: take the new one.
            let direction = match (target - start).signum() {
                d if target != start => d,
                _ => (new_target - new_start).signum(),
            };
            (new_target - target) * direction
        }
        (Measure::Threshold { bound: Bound::AtLeast(a), .. }, Measure::Threshold { bound: Bound::AtLeast(b), .. }) => {
            b - a
        }
        (Measure::Threshold { bound: Bound::AtMost(a), .. }, Measure::Threshold { bound: Bound::AtMost(b), .. }) => {
            a - b
        }
        (Measure::Milestone { .. }, Measure::Milestone { .. }) => 0.0,
        // Every kind named, so that a new one fails to compile here.
        (Measure::Progress { .. } | Measure::Threshold { .. } | Measure::Milestone { .. }, _) => {
            return vec![Flag::KindChanged]
        }
    };
    if more < 0.0 {
        vec![Flag::AmbitionLowered]
    } else if more > 0.0 {
        vec![Flag::AmbitionRaised]
    } else {
        Vec::new()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::model::key_result_with as kr;

    fn flags(old: &[(&str, f64)], new: &[(&str, f64)]) -> Vec<Flag> {
        key_result_flags(&kr(old), &kr(new))
    }

    #[test]
    fn progress_targets_towards_or_away_from_the_start() {
        let lowered = vec![Flag::AmbitionLowered];
        let raised = vec![Flag::AmbitionRaised];
        assert_eq!(flags(&[("start", 0.0), ("target", 10.0)], &[("start", 0.0), ("target", 8.0)]), lowered);
        assert_eq!(flags(&[("start", 0.0), ("target", 10.0)], &[("start", 0.0), ("target", 12.0)]), raised);
        // "Fall from 48 to 4": a target of 8 asks for less.
        assert_eq!(flags(&[("start", 48.0), ("target", 4.0)], &[("start", 48.0), ("target", 8.0)]), lowered);
        assert_eq!(flags(&[("start", 48.0), ("target", 4.0)], &[("start", 48.0), ("target", 2.0)]), raised);
        // Past the start, the other way: still less.
        assert_eq!(flags(&[("start", 0.0), ("target", 10.0)], &[("start", 0.0), ("target", -20.0)]), lowered);
        // Only the current value or the start moved: no flag.
        assert!(flags(&[("start", 0.0), ("target", 10.0)], &[("start", 0.0), ("target", 10.0), ("current", 4.0)])
            .is_empty());
        assert!(flags(&[("start", 0.0), ("target", 10.0)], &[("start", 2.0), ("target", 10.0)]).is_empty());
        // From start == target (kr-no-change) to a real goal.
        assert_eq!(flags(&[("start", 5.0), ("target", 5.0)], &[("start", 5.0), ("target", 9.0)]), raised);
        // Differences past the largest f64 still have the right sign.
        let max = f64::MAX;
        assert_eq!(flags(&[("start", -max), ("target", max)], &[("start", -max), ("target", max / 2.0)]), lowered);
        assert_eq!(flags(&[("start", max), ("target", -max)], &[("start", max), ("target", 0.0)]), lowered);
        assert_eq!(flags(&[("start", max), ("target", 0.0)], &[("start", max), ("target", -max)]), raised);
        assert_eq!(flags(&[("at_least", -max)], &[("at_least", max)]), raised);
        assert_eq!(flags(&[("at_most", -max)], &[("at_most", max)]), lowered);
    }

    #[test]
    fn thresholds_lower_by_loosening_the_bound() {
        let lowered = vec![Flag::AmbitionLowered];
        let raised = vec![Flag::AmbitionRaised];
        assert_eq!(flags(&[("at_least", 99.9)], &[("at_least", 99.5)]), lowered);
        assert_eq!(flags(&[("at_least", 99.5)], &[("at_least", 99.9)]), raised);
        assert_eq!(flags(&[("at_most", 0.1)], &[("at_most", 0.2)]), lowered);
        assert_eq!(flags(&[("at_most", 0.2)], &[("at_most", 0.1)]), raised);
    }

    #[test]
    fn kinds_change_between_measurements_and_bounds() {
        let kind = vec![Flag::KindChanged];
        assert_eq!(flags(&[("start", 0.0), ("target", 10.0)], &[("at_least", 10.0)]), kind);
        assert_eq!(flags(&[("at_least", 10.0)], &[("at_most", 10.0)]), kind);
        assert_eq!(flags(&[("done", 0.0)], &[("start", 0.0), ("target", 1.0)]), kind);
        assert!(flags(&[("done", 0.0)], &[("done", 1.0)]).is_empty());
        // No valid measurement on one side: nothing to compare.
        assert!(flags(&[("start", 0.0)], &[("at_least", 10.0)]).is_empty());
    }

    #[test]
    fn committed_to_aspirational_is_flagged_both_ways_as_a_kind_change() {
        let mut committed = Objective {
            id: "o".into(),
            title: "t".into(),
            description: None,
            kind: Kind::Committed,
            owner: None,
            tags: Vec::new(),
            aligns_to: Vec::new(),
            key_results: Vec::new(),
            extensions: Default::default(),
            spans: Default::default(),
        };
        let aspirational = Objective { kind: Kind::Aspirational, ..committed.clone() };
        assert_eq!(objective_flags(&committed, &aspirational), [Flag::KindChanged, Flag::CommittedToAspirational]);
        assert_eq!(objective_flags(&aspirational, &committed), [Flag::KindChanged]);
        committed.title = "other".into();
        assert!(objective_flags(&committed, &Objective { title: "t".into(), ..committed.clone() }).is_empty());
    }
}
