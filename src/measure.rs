//! What a key result measures, told by the fields it carries.
//!
//! This is the one place that knows which fields make which kind of key
//! result (progress, threshold, milestone). Everything else asks [`Measure`]
//! and matches over it without a wildcard, so a new kind fails to compile
//! wherever it needs handling instead of being shown as another kind. (The
//! JSON Schema's `oneOf` in `model.rs` says the same in schema terms; a test
//! below keeps the two in step.)

use crate::model::KeyResult;

/// What a key result measures, and its values.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Measure {
    /// Move a number from `start` to `target`; `current` defaults to `start`.
    Progress {
        /// Where it starts.
        start: f64,
        /// Where it should end.
        target: f64,
        /// Where it stands now.
        current: f64,
    },
    /// End the period on the right side of a bound.
    Threshold {
        /// The bound to stay on the right side of.
        bound: Bound,
        /// The value now, when checked in.
        current: Option<f64>,
    },
    /// Something done, or not.
    Milestone {
        /// Whether it is done.
        done: bool,
    },
}

/// The bound of a threshold key result.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Bound {
    /// At least this much (`at_least`).
    AtLeast(f64),
    /// At most this much (`at_most`).
    AtMost(f64),
}

/// Why a key result has no valid measure.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum MeasureError {
    /// None of the fields that make a kind.
    None,
    /// Fields of two kinds, named.
    Mixed(&'static str, &'static str),
    /// A progress field without its partner: (present, missing).
    Incomplete(&'static str, &'static str),
    /// A milestone with a `current`, which it cannot have.
    CurrentOnMilestone,
}

impl Measure {
    /// Which fields make each kind, for people who write one.
    pub const HOW_TO_WRITE: &'static str =
        "`start` and `target` (progress), `at_least` or `at_most` (threshold), or `done` (milestone)";

    /// The measure the fields of `kr` make, or why they make none.
    pub fn of(kr: &KeyResult) -> Result<Measure, MeasureError> {
        let progress = kr.start.map(|_| "start").or(kr.target.map(|_| "target"));
        let threshold = kr.at_least.map(|_| "at_least").or(kr.at_most.map(|_| "at_most"));
        let milestone = kr.done.map(|_| "done");
        let kinds: Vec<&'static str> = [progress, threshold, milestone].into_iter().flatten().collect();
        if let [a, b, ..] = kinds[..] {
            return Err(MeasureError::Mixed(a, b));
        }
        if let (Some(_), Some(_)) = (kr.at_least, kr.at_most) {
            return Err(MeasureError::Mixed("at_least", "at_most"));
        }
        let current = kr.current.map(|n| n.0);
        match (kr.start, kr.target, kr.at_least, kr.at_most, kr.done) {
            (Some(start), Some(target), ..) => {
                Ok(Measure::Progress { start: start.0, target: target.0, current: current.unwrap_or(start.0) })
            }
            (Some(_), None, ..) => Err(MeasureError::Incomplete("start", "target")),
            (None, Some(_), ..) => Err(MeasureError::Incomplete("target", "start")),
            (_, _, Some(bound), ..) => Ok(Measure::Threshold { bound: Bound::AtLeast(bound.0), current }),
            (_, _, _, Some(bound), _) => Ok(Measure::Threshold { bound: Bound::AtMost(bound.0), current }),
            (.., Some(_)) if current.is_some() => Err(MeasureError::CurrentOnMilestone),
            (.., Some(done)) => Ok(Measure::Milestone { done }),
            (None, None, None, None, None) => Err(MeasureError::None),
        }
    }

    /// `progress`, `threshold` or `milestone`, as machine outputs name it.
    pub fn type_name(&self) -> &'static str {
        match self {
            Measure::Progress { .. } => "progress",
            Measure::Threshold { .. } => "threshold",
            Measure::Milestone { .. } => "milestone",
        }
    }

    /// The number a check-in replaces: a progress key result stands at its
    /// start until measured, a threshold may have no value yet, a milestone
    /// records `done` instead.
    pub fn current(&self) -> Option<f64> {
        match *self {
            Measure::Progress { current, .. } => Some(current),
            Measure::Threshold { current, .. } => current,
            Measure::Milestone { .. } => None,
        }
    }
}

/// What a check-in of a key result records, read from any key result, valid
/// or not: `okr report` replays commits in which a key result may be broken
/// (a `kr-measure` finding) and still shows what was measured. `done` where
/// it is written, `current` otherwise.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Reading {
    /// A milestone's `done`.
    Done(bool),
    /// Any other key result's `current`, when written.
    Current(Option<f64>),
}

impl Default for Reading {
    fn default() -> Reading {
        Reading::Current(None)
    }
}

impl Reading {
    /// What `kr` records.
    pub fn of(kr: &KeyResult) -> Reading {
        match kr.done {
            Some(done) => Reading::Done(done),
            None => Reading::Current(kr.current.map(|n| n.0)),
        }
    }
}

/// Whether a key result has a `current` field at all, read as leniently as
/// [`Reading`]: every kind but a milestone has one, and `done` without
/// `start`, `at_least` or `at_most` reads as a milestone.
pub fn has_current(kr: &KeyResult) -> bool {
    let milestone = kr.done.is_some() && kr.start.is_none() && kr.at_least.is_none() && kr.at_most.is_none();
    !milestone
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Document;

    use crate::model::key_result_with as kr;

    /// One example of every kind (and of both bounds), by the fields that make it.
    fn every_kind() -> Vec<(Measure, Vec<&'static str>)> {
        let examples = [
            vec![("start", 0.0), ("target", 10.0)],
            vec![("at_least", 1.0)],
            vec![("at_most", 1.0)],
            vec![("done", 1.0)],
        ];
        examples
            .iter()
            .map(|fields| {
                let measure = Measure::of(&kr(fields)).expect("a valid example");
                // Matching here without a wildcard: a new kind needs an example above.
                match measure {
                    Measure::Progress { .. } | Measure::Threshold { .. } | Measure::Milestone { .. } => {}
                }
                (measure, fields.iter().map(|(f, _)| *f).collect())
            })
            .collect()
    }

    #[test]
    fn the_schema_knows_every_kind() {
        // The schema's `oneOf` lists the fields each kind requires; it is
        // written by hand in `model.rs`, so check it names the same kinds.
        let schema = Document::json_schema();
        let one_of = schema["definitions"]["KeyResult"]["oneOf"].as_array().expect("a oneOf of kinds").clone();
        let kinds = every_kind();
        assert_eq!(one_of.len(), kinds.len(), "one schema branch per kind");
        for (measure, fields) in kinds {
            let branch = one_of
                .iter()
                .find(|b| {
                    b["required"]
                        .as_array()
                        .is_some_and(|r| r.iter().map(|f| f.as_str()).eq(fields.iter().map(|f| Some(*f))))
                })
                .unwrap_or_else(|| panic!("no schema branch requires {fields:?}"));
            let title = branch["title"].as_str().unwrap_or_default();
            assert!(title.starts_with(measure.type_name()), "{title} is not a {}", measure.type_name());
        }
    }

    #[test]
    fn a_milestone_has_no_current_and_records_done() {
        let milestone = kr(&[("done", 0.0)]);
        assert!(!has_current(&milestone));
        assert_eq!(Reading::of(&milestone), Reading::Done(false));
        let threshold = kr(&[("at_most", 3.0), ("current", 2.0)]);
        assert!(has_current(&threshold));
        assert_eq!(Reading::of(&threshold), Reading::Current(Some(2.0)));
        assert_eq!(Measure::of(&threshold).map(|m| m.current()), Ok(Some(2.0)));
        assert_eq!(Measure::of(&kr(&[("start", 4.0), ("target", 1.0)])).map(|m| m.current()), Ok(Some(4.0)));
    }
}
