//! A key result's burn-up chart in inline SVG, drawn from its report: the
//! value as a step line through its check-ins, and what fits its kind — for
//! progress the straight line from start to target across the period and
//! the value expected by pace on the report date; for a threshold its bound
//! and the side that holds; for a milestone the two states, done and not.
//! Every chart marks where the target moved (old → new in a `<title>`
//! tooltip) and the report date.

use std::fmt::Write as _;

use chrono::NaiveDate;

use crate::measure::{Bound, Measure};
use crate::numbers::human;
use crate::render::plural;
use crate::render::report_text::value;
use crate::render::safe::Html;
use crate::report::tracker::Value;
use crate::report::wire::KeyResultReport;

/// The drawing's size in SVG units; it scales to its box's width.
const WIDTH: f64 = 480.0;
const HEIGHT: f64 = 190.0;
/// Room for the value labels on the left and the dates below.
const LEFT: f64 = 64.0;
const RIGHT: f64 = 14.0;
const TOP: f64 = 14.0;
const BOTTOM: f64 = 34.0;
/// The room above the highest value and below the lowest, as a share of
/// the values' range: the three grid lines always fall on the same heights.
const ROOM: f64 = 0.08;
/// A milestone's two levels, not done (0) and done (1), with room around.
const MILESTONE: Scale = Scale { low: -0.25, high: 1.25 };

/// What every chart of a page draws alike, once for the page, which the
/// charts `<use>`: the frame and the three grid lines of a number's chart,
/// the frame and the two levels of a milestone's. On a page of a thousand
/// charts this is a fifth of its size.
pub fn defs() -> String {
    let grid = Scale { low: 0.0, high: 1.0 + 2.0 * ROOM };
    let frame = format!(
        "<rect class=\"frame\" x=\"{LEFT}\" y=\"{TOP}\" width=\"{:.1}\" height=\"{:.1}\"/>",
        plot_width(),
        plot_height()
    );
    let line = |y: f64| {
        format!("<line class=\"grid\" x1=\"{LEFT}\" y1=\"{y:.1}\" x2=\"{:.1}\" y2=\"{y:.1}\"/>", LEFT + plot_width())
    };
    format!(
        "<svg class=\"chart-defs\" aria-hidden=\"true\" width=\"0\" height=\"0\"><defs>\
         <g id=\"okr-grid\">{frame}{}{}{}</g><g id=\"okr-levels\">{frame}{}{}</g></defs></svg>",
        line(grid.at(ROOM)),
        line(grid.at(0.5 + ROOM)),
        line(grid.at(1.0 + ROOM)),
        line(MILESTONE.at(0.0)),
        line(MILESTONE.at(1.0)),
    )
}

/// The days a chart spans and the day it is told on.
#[derive(Clone, Copy)]
pub struct Span {
    /// The period's first day.
    pub start: NaiveDate,
    /// The period's last day.
    pub end: NaiveDate,
    /// The report date: the last commit read, at most the period's end.
    pub report_date: NaiveDate,
}

/// What a chart says in words, for its caption: the expected value by pace.
pub struct Drawn {
    /// The SVG.
    pub svg: String,
    /// `expected 26 h by pace on 2026-09-30`, for a progress key result.
    pub expected: Option<String>,
}

/// The chart of `kr` over `span`; `id` makes its `<title>` and `<desc>` ids
/// unique on the page (a counter, so that the page is the same every time).
pub fn burn_up(kr: &KeyResultReport, span: Span, id: &str) -> Drawn {
    let unit = kr.unit.as_ref().map(|u| format!(" {}", Html(u.as_str()))).unwrap_or_default();
    // The last day drawn: the period's end, or a later check-in of the grace days.
    let last = kr.checkins.last().map_or(span.end, |c| c.date.max(span.end));
    let days = (last - span.start).num_days().max(1) as f64;
    let x = |date: NaiveDate| LEFT + (date - span.start).num_days().clamp(0, days as i64) as f64 / days * plot_width();
    let mut svg = String::with_capacity(2048);
    let mut desc = String::new();
    let mut expected = None;
    let body = match kr.measure {
        Some(Measure::Progress { start, target, .. }) => {
            let mut values = vec![start, target];
            values.extend(numbers(kr));
            values.extend(kr.target_changes.iter().flat_map(|c| [c.old, c.new]).filter_map(number));
            let y = Scale::over(&values);
            let mut body = y.axis(&unit);
            // The plan: from start to target, evenly across the period.
            let _ = write!(
                body,
                "<line class=\"plan\" x1=\"{:.1}\" y1=\"{:.1}\" x2=\"{:.1}\" y2=\"{:.1}\"><title>plan: {} to {}{unit}</title></line>",
                x(span.start),
                y.at(start),
                x(span.end),
                y.at(target),
                human(start),
                human(target)
            );
            let elapsed = (span.report_date - span.start).num_days() as f64;
            let length = (span.end - span.start).num_days().max(1) as f64;
            let done = (elapsed / length).clamp(0.0, 1.0);
            let pace = match target - start {
                // From -1.7e308 to 1.7e308 the distance is beyond the largest number.
                distance if !distance.is_finite() => start * (1.0 - done) + target * done,
                distance => start + distance * done,
            };
            let _ = write!(
                body,
                "<circle class=\"pace\" cx=\"{:.1}\" cy=\"{:.1}\" r=\"4.5\"><title>expected by pace on {}: {}{unit}</title></circle>",
                x(span.report_date),
                y.at(pace),
                span.report_date,
                human(round_label(pace))
            );
            expected = Some(format!("expected {}{unit} by pace on {}", human(round_label(pace)), span.report_date));
            body.push_str(&steps(kr, span, &x, &|v| y.at(v)));
            let _ = write!(
                desc,
                "From {} to {}{unit}; {}; expected {} by pace on the report date.",
                human(start),
                human(target),
                plural(kr.checkins.len(), "check-in"),
                human(round_label(pace))
            );
            body
        }
        Some(Measure::Threshold { bound, .. }) => {
            let (level, sign, holds_above) = match bound {
                Bound::AtLeast(level) => (level, "≥", true),
                Bound::AtMost(level) => (level, "≤", false),
            };
            let mut values = vec![level];
            values.extend(numbers(kr));
            let y = Scale::over(&values);
            let mut body = y.axis(&unit);
            // The side that holds, shaded: above an `at_least`, below an `at_most`.
            let (top, bottom) = if holds_above { (TOP, y.at(level)) } else { (y.at(level), TOP + plot_height()) };
            let _ = write!(
                body,
                "<rect class=\"holds\" x=\"{LEFT}\" y=\"{top:.1}\" width=\"{:.1}\" height=\"{:.1}\"/>\
                 <line class=\"bound\" x1=\"{LEFT}\" y1=\"{:.1}\" x2=\"{:.1}\" y2=\"{:.1}\"><title>bound: {sign} {}{unit}</title></line>",
                plot_width(),
                (bottom - top).max(0.0),
                y.at(level),
                LEFT + plot_width(),
                y.at(level),
                human(level)
            );
            body.push_str(&steps(kr, span, &x, &|v| y.at(v)));
            let _ = write!(desc, "Must stay {sign} {}{unit}; {}.", human(level), plural(kr.checkins.len(), "check-in"));
            body
        }
        Some(Measure::Milestone { .. }) => {
            let y = MILESTONE;
            let mut body = String::from("<use href=\"#okr-levels\"/>");
            for (level, label) in [(0.0, "not done"), (1.0, "done")] {
                let _ = write!(
                    body,
                    "<text class=\"tick\" x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"end\">{label}</text>",
                    LEFT - 6.0,
                    y.at(level) + 4.0
                );
            }
            body.push_str(&steps(kr, span, &x, &|v| y.at(v)));
            let _ = write!(desc, "A milestone; {}.", plural(kr.checkins.len(), "check-in"));
            body
        }
        None => {
            desc.push_str("No valid measure, so nothing to draw.");
            format!(
                "<use href=\"#okr-levels\"/><text class=\"tick\" x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"middle\">no valid measure</text>",
                LEFT + plot_width() / 2.0,
                TOP + plot_height() / 2.0
            )
        }
    };
    let _ = write!(
        svg,
        "<svg class=\"chart\" viewBox=\"0 0 {WIDTH} {HEIGHT}\" role=\"img\" aria-labelledby=\"{id}-t {id}-d\">\
         <title id=\"{id}-t\">Burn-up of {}</title><desc id=\"{id}-d\">{desc}</desc>{body}",
        Html(kr.title.as_str()),
    );
    for change in &kr.target_changes {
        let at = x(change.date);
        let _ = write!(
            svg,
            "<g class=\"moved\"><title>{} moved {} → {} on {} by {}</title>\
             <line x1=\"{at:.1}\" y1=\"{TOP}\" x2=\"{at:.1}\" y2=\"{:.1}\"/><path d=\"M{at:.1} {TOP}l5 -8h-10z\"/></g>",
            change.field,
            value(change.old),
            value(change.new),
            change.date,
            Html(change.author.as_str()),
            TOP + plot_height(),
        );
    }
    let today = x(span.report_date);
    let _ = write!(
        svg,
        "<g class=\"today\"><title>report date {}</title><line x1=\"{today:.1}\" y1=\"{TOP}\" x2=\"{today:.1}\" y2=\"{:.1}\"/></g>\
         <text class=\"tick\" x=\"{LEFT}\" y=\"{:.1}\">{}</text>\
         <text class=\"tick\" x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"end\">{}</text></svg>",
        span.report_date,
        TOP + plot_height(),
        HEIGHT - 12.0,
        span.start,
        LEFT + plot_width(),
        HEIGHT - 12.0,
        last
    );
    Drawn { svg, expected }
}

fn plot_width() -> f64 {
    WIDTH - LEFT - RIGHT
}

fn plot_height() -> f64 {
    HEIGHT - TOP - BOTTOM
}

fn number(value: Value) -> Option<f64> {
    match value {
        Value::Number(n) if n.is_finite() => Some(n),
        _ => None,
    }
}

/// The numbers the key result took: its first state's and each check-in's.
fn numbers(kr: &KeyResultReport) -> impl Iterator<Item = f64> + '_ {
    let first = level(Value::from(kr.first.reading));
    first.into_iter().chain(kr.checkins.iter().filter_map(|c| level(c.value)))
}

/// Where a value sits on the chart: a number, or a milestone's 0 or 1.
fn level(value: Value) -> Option<f64> {
    match value {
        Value::Bool(done) => Some(if done { 1.0 } else { 0.0 }),
        other => number(other),
    }
}

/// The value as a step line: from the first state at the period's start,
/// each check-in holding until the next, the last until the report date.
/// A check-in of no value (a `current` emptied) breaks the line. A dot marks
/// each check-in. Whole units: a unit is a fifth of a percent of the
/// chart, and the line holds a point per check-in.
fn steps(kr: &KeyResultReport, span: Span, x: &dyn Fn(NaiveDate) -> f64, y: &dyn Fn(f64) -> f64) -> String {
    let mut path = String::new();
    let mut points = String::new();
    let mut previous = level(Value::from(kr.first.reading));
    if let Some(v) = previous {
        let _ = write!(path, "M{:.0} {:.0}", x(span.start), y(v));
    }
    for checkin in &kr.checkins {
        let now = level(checkin.value);
        let at = x(checkin.date);
        match (previous, now) {
            (Some(_), Some(v)) => {
                let _ = write!(path, "H{at:.0}V{:.0}", y(v));
            }
            (None, Some(v)) => {
                let _ = write!(path, "M{at:.0} {:.0}", y(v));
            }
            (Some(_), None) => {
                let _ = write!(path, "H{at:.0}");
            }
            (None, None) => {}
        }
        if let Some(v) = now {
            let _ = write!(points, "M{at:.0} {:.0}h0", y(v));
        }
        previous = now;
    }
    let end = kr.checkins.last().map_or(span.report_date, |c| c.date.max(span.report_date));
    if previous.is_some() {
        let _ = write!(path, "H{:.0}", x(end));
    }
    if path.is_empty() {
        return String::new();
    }
    // Each check-in a dot: a segment of no length with round caps, a dozen
    // bytes where a circle with its own tooltip took seventy (the history
    // table lists every check-in).
    let dots = if points.is_empty() { String::new() } else { format!("<path class=\"dots\" d=\"{points}\"/>") };
    format!("<path class=\"value\" d=\"{path}\"/>{dots}")
}

/// The value axis: from the lowest to the highest value, with some room.
#[derive(Clone, Copy)]
struct Scale {
    low: f64,
    high: f64,
}

impl Scale {
    fn over(values: &[f64]) -> Scale {
        let low = values.iter().copied().fold(f64::INFINITY, f64::min);
        let high = values.iter().copied().fold(f64::NEG_INFINITY, f64::max);
        if !low.is_finite() || !high.is_finite() {
            return Scale { low: 0.0, high: 1.0 };
        }
        // Halves, then clamped: values near the largest number (±1.7e308)
        // overflowed `high - low` to infinity, and every y was NaN.
        let room = if high > low { (high / 2.0 - low / 2.0) * (2.0 * ROOM) } else { low.abs().max(1.0) * 0.1 };
        Scale { low: (low - room).max(f64::MIN), high: (high + room).min(f64::MAX) }
    }

    /// The SVG y of `value`: the top is high.
    fn at(&self, value: f64) -> f64 {
        TOP + (self.high / 2.0 - value / 2.0) / (self.high / 2.0 - self.low / 2.0) * plot_height()
    }

    /// The labels of the three grid lines of [`defs`]: the lowest, middle
    /// and highest values, which always fall on the same heights.
    fn axis(&self, unit: &str) -> String {
        let mut axis = String::from("<use href=\"#okr-grid\"/>");
        let room = (self.high / 2.0 - self.low / 2.0) / (1.0 + 2.0 * ROOM) * (2.0 * ROOM);
        let (low, high) = (self.low + room, self.high - room);
        for v in [low, low / 2.0 + high / 2.0, high] {
            let _ = write!(
                axis,
                "<text class=\"tick\" x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"end\">{}{unit}</text>",
                LEFT - 6.0,
                self.at(v) + 4.0,
                human(round_label(v))
            );
        }
        axis
    }
}

/// A label rounded to three significant digits: `33.333…` reads `33.3`.
fn round_label(v: f64) -> f64 {
    if v == 0.0 || !v.is_finite() {
        return v;
    }
    let digits = 3 - (v.abs().log10().floor() as i32) - 1;
    let factor = 10f64.powi(digits.clamp(-12, 12));
    (v * factor).round() / factor
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_keep_three_significant_digits() {
        assert_eq!(round_label(33.3333), 33.3);
        assert_eq!(round_label(0.012345), 0.0123);
        assert_eq!(round_label(12345.0), 12300.0);
    }

    #[test]
    fn a_flat_scale_still_has_height() {
        let scale = Scale::over(&[5.0, 5.0]);
        assert!(scale.high > scale.low);
        assert!(scale.at(5.0) > TOP && scale.at(5.0) < TOP + plot_height());
    }

    #[test]
    fn values_near_the_largest_number_still_have_a_place_on_the_chart() {
        // From -1.7e308 to 1.7e308: `high - low` was infinite, every y NaN.
        let scale = Scale::over(&[-1.7e308, 1.7e308, -1e308]);
        for value in [-1.7e308, 0.0, 1.7e308] {
            let y = scale.at(value);
            assert!(y.is_finite() && (TOP..=TOP + plot_height()).contains(&y), "{value}: {y}");
        }
        assert!(!scale.axis("").contains("NaN") && !scale.axis("").contains("inf"), "{}", scale.axis(""));
    }
}
