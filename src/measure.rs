//! What a key result measures, told by the fields it carries.

use crate::model::KeyResult;

#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Measure {
    /// Move a number from `start` to `target`; `current` defaults to `start`.
    Progress {
        start: f64,
        target: f64,
        current: f64,
    },
    /// End the period on the right side of a bound.
    Threshold {
        bound: Bound,
        current: Option<f64>,
    },
    Milestone {
        done: bool,
    },
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Bound {
    AtLeast(f64),
    AtMost(f64),
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub enum MeasureError {
    None,
    /// Fields of two kinds, named.
    Mixed(&'static str, &'static str),
    /// A progress field without its partner: (present, missing).
    Incomplete(&'static str, &'static str),
    CurrentOnMilestone,
}

impl Measure {
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
            _ => Err(MeasureError::None),
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
}
