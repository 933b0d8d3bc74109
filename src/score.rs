//! Scores, grades and pace. Plain data in, plain data out; the as-of
//! date is passed in (the CLI reads the clock, nothing here does).

use chrono::NaiveDate;

use crate::config::Grading;
use crate::measure::{Bound, Measure};
use crate::model::{KeyResult, Kind, Objective};

/// Scores within this distance of a threshold reach it: `(current - start) /
/// (target - start)` may land a hair below the 0.7 it means.
pub const EPSILON: f64 = 1e-9;

/// How a score reads against its objective's kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Grade {
    /// On target.
    Green,
    /// Short of it, but not far.
    Yellow,
    /// Far short of it.
    Red,
}

impl Grade {
    /// The grade's name in every output (`green`).
    pub fn as_str(self) -> &'static str {
        match self {
            Grade::Green => "green",
            Grade::Yellow => "yellow",
            Grade::Red => "red",
        }
    }
}

/// How progress compares with the time gone by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum PaceStatus {
    /// At or above the expected score.
    OnTrack,
    /// At or above half of it.
    AtRisk,
    /// Below half of it.
    OffTrack,
}

impl PaceStatus {
    /// The status's name in every output (`on-track`).
    pub fn as_str(self) -> &'static str {
        match self {
            PaceStatus::OnTrack => "on-track",
            PaceStatus::AtRisk => "at-risk",
            PaceStatus::OffTrack => "off-track",
        }
    }
}

/// Where an objective should be by the as-of date, and whether it is.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Pace {
    /// The score expected by now.
    pub expected: f64,
    /// How the score compares with it.
    pub status: PaceStatus,
}

/// The score a measurement earns, before any manual `score`.
pub fn computed(measure: &Measure) -> f64 {
    match *measure {
        Measure::Progress { start, target, current } => progress(start, target, current),
        Measure::Threshold { current: None, .. } => 0.0,
        Measure::Threshold { bound: Bound::AtLeast(bound), current: Some(current) } => f64::from(current >= bound),
        Measure::Threshold { bound: Bound::AtMost(bound), current: Some(current) } => f64::from(current <= bound),
        Measure::Milestone { done } => f64::from(done),
    }
}

/// `(current - start) / (target - start)`, clamped to 0..=1. Two finite
/// numbers far apart differ by more than the largest `f64` (`target: 1e308,
/// start: -1e308`): then the differences are taken between halves, which
/// cannot overflow and, at that size, lose nothing (halving is exact for
/// every number but the subnormals, which vanish beside such a difference).
fn progress(start: f64, target: f64, current: f64) -> f64 {
    let (mut done, mut total) = (current - start, target - start);
    if done.is_infinite() || total.is_infinite() {
        (done, total) = (current / 2.0 - start / 2.0, target / 2.0 - start / 2.0);
    }
    // `+ 0.0` turns the -0 of a decrease not yet begun into 0.
    (done / total).clamp(0.0, 1.0) + 0.0
}

/// A key result's score and computed score. A key result without a valid
/// measurement (only with `--no-check`) scores 0.
pub fn key_result(kr: &KeyResult) -> (f64, f64) {
    let computed = Measure::of(kr).map_or(0.0, |m| computed(&m));
    let computed = if computed.is_nan() { 0.0 } else { computed };
    (kr.score.map_or(computed, |s| s.0), computed)
}

/// A key result's weight in its objective's score: 1 unless written.
pub fn weight(kr: &KeyResult) -> f64 {
    kr.weight.map_or(1.0, |w| w.0)
}

/// `Σ wᵢsᵢ / Σ wᵢ`; an objective without key results scores 0.
pub fn objective(objective: &Objective) -> f64 {
    weighted_mean(objective.key_results.iter().map(|kr| (key_result(kr).0, weight(kr))))
}

/// The mean of `(value, weight)` pairs; 0 when the weights sum to 0.
pub fn weighted_mean(items: impl Iterator<Item = (f64, f64)>) -> f64 {
    let items: Vec<(f64, f64)> = items.collect();
    let sums = |scale: f64| {
        items.iter().fold((0.0, 0.0), |(sum, weights), (score, weight)| {
            (sum + score * (weight / scale), weights + weight / scale)
        })
    };
    let (mut sum, mut weights) = sums(1.0);
    if !weights.is_finite() {
        // Two weights of 1e308 add up to infinity, and the score to NaN:
        // scaled by the largest weight, they cannot.
        let largest = items.iter().fold(0.0f64, |m, (_, w)| m.max(*w));
        (sum, weights) = sums(largest);
    }
    if weights > 0.0 {
        sum / weights
    } else {
        0.0
    }
}

/// The plain mean, `None` for nothing (a team or period without objectives).
pub fn mean(scores: impl Iterator<Item = f64>) -> Option<f64> {
    let (sum, count) = scores.fold((0.0, 0usize), |(sum, count), s| (sum + s, count + 1));
    (count > 0).then(|| sum / count as f64)
}

/// The grade of `score` for an objective of `kind`.
pub fn grade(score: f64, kind: Kind, grading: &Grading) -> Grade {
    match kind {
        Kind::Committed if score >= 1.0 - EPSILON => Grade::Green,
        Kind::Committed => Grade::Red,
        Kind::Aspirational if score >= grading.green - EPSILON => Grade::Green,
        Kind::Aspirational if score >= grading.yellow - EPSILON => Grade::Yellow,
        Kind::Aspirational => Grade::Red,
    }
}

/// Pace on `as_of` for a period from `start` to `end` (inclusive), or `None`
/// when `as_of` lies outside it. Aspirational objectives are expected at the
/// green threshold (0.7) by the end, committed ones at 1.
pub fn pace(
    score: f64,
    kind: Kind,
    as_of: NaiveDate,
    (start, end): (NaiveDate, NaiveDate),
    grading: &Grading,
) -> Option<Pace> {
    if as_of < start || as_of > end {
        return None;
    }
    let elapsed = ((as_of - start).num_days() + 1) as f64 / ((end - start).num_days() + 1) as f64;
    let expected = elapsed * if kind == Kind::Committed { 1.0 } else { grading.green };
    let status = if score >= expected - EPSILON {
        PaceStatus::OnTrack
    } else if score >= expected / 2.0 - EPSILON {
        PaceStatus::AtRisk
    } else {
        PaceStatus::OffTrack
    };
    Some(Pace { expected, status })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Num;

    fn progress(start: f64, target: f64, current: Option<f64>) -> f64 {
        computed(&Measure::Progress { start, target, current: current.unwrap_or(start) })
    }

    #[test]
    fn progress_scores() {
        assert_eq!(progress(0.0, 10.0, Some(5.0)), 0.5);
        assert_eq!(progress(48.0, 4.0, Some(20.0)), 28.0 / 44.0, "decrease");
        assert_eq!(progress(0.0, 10.0, Some(15.0)), 1.0, "overshoot clamps");
        assert_eq!(progress(10.0, 20.0, Some(5.0)), 0.0, "regression below start clamps");
        assert_eq!(progress(48.0, 4.0, Some(60.0)), 0.0, "decrease gone the wrong way");
        assert_eq!(progress(0.0, 10.0, None), 0.0, "missing current is start");
    }

    #[test]
    fn progress_between_values_whose_difference_overflows() {
        const MAX: f64 = f64::MAX;
        assert_eq!(progress(-MAX, MAX, Some(0.0)), 0.5, "the issue's case");
        assert_eq!(progress(-MAX, MAX, Some(MAX)), 1.0);
        assert_eq!(progress(-MAX, MAX, None), 0.0);
        assert_eq!(progress(MAX, -MAX, Some(0.0)), 0.5, "decrease across the whole range");
        assert_eq!(progress(MAX, -MAX, Some(-MAX / 2.0)), 0.75);
        assert_eq!(progress(-MAX, MAX, Some(MAX / 2.0)), 0.75);
        // Only `current - start` overflows: past the target, clamped.
        assert_eq!(progress(-MAX, 0.0, Some(MAX)), 1.0);
        assert_eq!(progress(0.0, -MAX, Some(MAX)), 0.0, "the wrong way, clamped");
        // A small start beside a huge difference: the halving loses nothing visible.
        assert_eq!(progress(-1e308, 1e308, Some(5e-324)), 0.5);
        assert_eq!(progress(-1e308, 1.5e308, Some(0.0)), 0.4);
        // The subnormal range itself is untouched: no halving there.
        assert_eq!(progress(0.0, 5e-324, Some(5e-324)), 1.0);
        assert_eq!(progress(0.0, 1e-323, Some(5e-324)), 0.5);
    }

    #[test]
    fn thresholds_are_inclusive() {
        let at_least = |c| computed(&Measure::Threshold { bound: Bound::AtLeast(99.9), current: c });
        let at_most = |c| computed(&Measure::Threshold { bound: Bound::AtMost(0.1), current: c });
        assert_eq!(at_least(Some(99.9)), 1.0);
        assert_eq!(at_least(Some(99.89)), 0.0);
        assert_eq!(at_most(Some(0.1)), 1.0);
        assert_eq!(at_most(Some(0.11)), 0.0);
        assert_eq!(at_least(None), 0.0, "no current scores 0");
    }

    fn kr(score: Option<f64>, weight: Option<f64>, done: bool) -> KeyResult {
        KeyResult {
            id: "k".into(),
            title: "t".into(),
            start: None,
            target: None,
            current: None,
            at_least: None,
            at_most: None,
            done: Some(done),
            unit: None,
            confidence: None,
            weight: weight.map(Num),
            owner: None,
            score: score.map(Num),
            note: None,
            source: None,
            extensions: Default::default(),
            spans: Default::default(),
        }
    }

    #[test]
    fn manual_score_overrides_and_keeps_computed() {
        assert_eq!(key_result(&kr(Some(0.9), None, false)), (0.9, 0.0));
        assert_eq!(key_result(&kr(None, None, true)), (1.0, 1.0));
    }

    #[test]
    fn weighted_objective_score() {
        let scores = [(1.0, 2.0), (0.0, 1.0), (0.5, 1.0)];
        assert_eq!(weighted_mean(scores.into_iter()), 2.5 / 4.0);
        assert_eq!(weighted_mean(std::iter::empty()), 0.0);
    }

    #[test]
    fn grade_boundaries() {
        let g = Grading::default();
        assert_eq!(grade(0.7, Kind::Aspirational, &g), Grade::Green);
        assert_eq!(grade(0.699, Kind::Aspirational, &g), Grade::Yellow);
        assert_eq!(grade(0.4, Kind::Aspirational, &g), Grade::Yellow);
        assert_eq!(grade(0.399, Kind::Aspirational, &g), Grade::Red);
        assert_eq!(grade(progress(0.0, 10.0, Some(7.0)), Kind::Aspirational, &g), Grade::Green);
        assert_eq!(grade(1.0, Kind::Committed, &g), Grade::Green);
        assert_eq!(grade(0.99, Kind::Committed, &g), Grade::Red);
        let strict = Grading { green: 0.8, yellow: 0.5 };
        assert_eq!(grade(0.7, Kind::Aspirational, &strict), Grade::Yellow);
    }

    fn d(text: &str) -> NaiveDate {
        text.parse().unwrap()
    }

    #[test]
    fn pace_on_first_and_last_day_and_outside() {
        let g = Grading::default();
        let q3 = (d("2026-07-01"), d("2026-09-30")); // 92 days
        let first = pace(0.0, Kind::Committed, d("2026-07-01"), q3, &g).unwrap();
        assert_eq!(first.expected, 1.0 / 92.0);
        assert_eq!(first.status, PaceStatus::OffTrack);
        let last = pace(0.7, Kind::Aspirational, d("2026-09-30"), q3, &g).unwrap();
        assert_eq!(last.expected, 0.7);
        assert_eq!(last.status, PaceStatus::OnTrack);
        assert_eq!(pace(0.36, Kind::Aspirational, d("2026-09-30"), q3, &g).unwrap().status, PaceStatus::AtRisk);
        assert!(pace(0.5, Kind::Aspirational, d("2026-06-30"), q3, &g).is_none());
        assert!(pace(0.5, Kind::Aspirational, d("2026-10-01"), q3, &g).is_none());
    }

    #[test]
    fn pace_in_a_leap_year() {
        let g = Grading::default();
        let q1 = (d("2024-01-01"), d("2024-03-31")); // 91 days with 29 February
        let leap_day = pace(0.0, Kind::Committed, d("2024-02-29"), q1, &g).unwrap();
        assert_eq!(leap_day.expected, 60.0 / 91.0);
    }
}
