//! The report in words, shared by the table and markdown renderers:
//! sparklines, values, the summary sentence and a team's history.

use chrono::NaiveDate;

use crate::measure::{Bound, Measure};
use crate::numbers::{human, two_decimals};
use crate::render::plural;
use crate::report::tracker::Value;
use crate::report::wire::{KeyResultReport, ObjectiveReport, Report, Summary, TargetChangeReport, TeamReport, Values};
use crate::text::Text;

/// What an empty report says.
pub fn nothing_found(report: &Report) -> String {
    format!(
        "No OKR files for {} in the commits dated up to {} (the period's end plus the grace days).",
        report.period, report.last_day
    )
}

/// `▁▃▅█`: one bar per score, 0 to 1.
pub fn sparkline(scores: &[f64]) -> String {
    const BARS: [char; 8] = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];
    scores.iter().map(|s| BARS[(s.clamp(0.0, 1.0) * 7.0).round() as usize]).collect()
}

pub fn value(value: Value) -> String {
    match value {
        Value::Number(n) => human(n),
        Value::Bool(true) => "done".into(),
        Value::Bool(false) => "not done".into(),
        Value::Kind(kind) => kind.as_str().into(),
        Value::Absent => "–".into(),
    }
}

/// What was measured: `current`, or done / not done.
fn measured(values: &Values) -> String {
    value(Value::from(values.reading))
}

/// From the first state to the final one: `48 → 20`.
pub fn movement(kr: &KeyResultReport) -> String {
    format!("{} → {}", measured(&kr.first), measured(&kr.last))
}

/// Where the key result aims in its final state: `48 → 4 h`, `≥ 99.9 %`,
/// `done`; `–` without a valid measure.
pub fn goal(kr: &KeyResultReport) -> Text {
    let unit = kr.unit.as_ref().map(|u| format!(" {}", u.as_str())).unwrap_or_default();
    match kr.measure {
        Some(Measure::Progress { start, target, .. }) => format!("{} → {}{unit}", human(start), human(target)).into(),
        Some(Measure::Threshold { bound: Bound::AtLeast(bound), .. }) => format!("≥ {}{unit}", human(bound)).into(),
        Some(Measure::Threshold { bound: Bound::AtMost(bound), .. }) => format!("≤ {}{unit}", human(bound)).into(),
        Some(Measure::Milestone { .. }) => "done".into(),
        None => "–".into(),
    }
}

/// `stale, target moved`, for the marks column.
pub fn marks(kr: &KeyResultReport) -> String {
    let mut marks = Vec::new();
    if kr.status != crate::report::wire::Status::Active {
        marks.push(kr.status.as_str());
    }
    if kr.stale {
        marks.push("stale");
    }
    if !kr.target_changes.is_empty() {
        marks.push("target moved");
    }
    marks.join(", ")
}

/// How the key result's confidence moved over its check-ins in the period,
/// the last four values that differ: `0.5 → 0.7 → 0.6`; empty without one.
pub fn confidence_trend(kr: &KeyResultReport) -> String {
    let mut values: Vec<f64> = Vec::new();
    for confidence in kr.checkins.iter().filter_map(|c| c.confidence) {
        if values.last() != Some(&confidence) {
            values.push(confidence);
        }
    }
    let shown = &values[values.len().saturating_sub(4)..];
    shown.iter().map(|c| human(*c)).collect::<Vec<_>>().join(" → ")
}

pub fn objective_marks(objective: &ObjectiveReport) -> String {
    let mut marks = Vec::new();
    if objective.status != crate::report::wire::Status::Active {
        marks.push(objective.status.as_str());
    }
    if objective.missed_commitment() {
        marks.push("committed, missed");
    }
    if !objective.target_changes.is_empty() {
        marks.push("kind changed");
    }
    marks.join(", ")
}

/// `2 teams · 4 objectives · 11 key results · mean score 0.58`, then
/// the grades, check-ins, stale key results, target changes and drops.
pub fn summary(summary: &Summary) -> [String; 2] {
    let score = summary.score.map_or_else(|| "–".to_owned(), two_decimals);
    let per_kr = summary.checkins_per_key_result.map(|n| format!(" ({n:.1} per key result)")).unwrap_or_default();
    [
        format!(
            "{} · {} · {} · mean score {score} · {} green, {} yellow, {} red",
            plural(summary.teams, "team"),
            plural(summary.objectives, "objective"),
            plural(summary.key_results, "key result"),
            summary.grades.green,
            summary.grades.yellow,
            summary.grades.red,
        ),
        format!(
            "{}{per_kr} · {} stale · {} · {} dropped",
            plural(summary.checkins, "check-in"),
            summary.stale,
            plural(summary.target_changes, "target change"),
            summary.dropped,
        ),
    ]
}

/// One line of a team's history: a check-in or a target change.
pub struct Event<'r> {
    pub date: NaiveDate,
    pub commit: &'r str,
    pub author: &'r Text,
    /// `objective/key-result`, or `objective` for a change of kind.
    pub subject: String,
    /// `current 40 (score 0.18)` or `target 4 → 8`.
    pub change: String,
}

/// Every check-in and target change of a team, oldest first.
pub fn history(team: &TeamReport) -> Vec<Event<'_>> {
    let mut events = Vec::new();
    for objective in &team.objectives {
        let id = &objective.canonical.objective;
        events.extend(objective.target_changes.iter().map(|change| target_change(id.clone(), change)));
        for kr in &objective.key_results {
            let subject = format!("{id}/{}", kr.canonical.key_result.as_deref().unwrap_or_default());
            for checkin in &kr.checkins {
                let field = if matches!(checkin.value, Value::Bool(_)) { "" } else { "current " };
                events.push(Event {
                    date: checkin.date,
                    commit: &checkin.commit,
                    author: &checkin.author,
                    subject: subject.clone(),
                    change: format!(
                        "{field}{} (score {}){}",
                        value(checkin.value),
                        two_decimals(checkin.score),
                        // Sanitised with the rest of the line by each format.
                        checkin.source.as_ref().map(|s| format!(", synced from {}", s.as_str())).unwrap_or_default()
                    ),
                });
            }
            events.extend(kr.target_changes.iter().map(|change| target_change(subject.clone(), change)));
        }
    }
    events.sort_by_key(|e| e.date);
    events
}

/// `target 4 → 8`, on an objective (its kind) or a key result.
fn target_change(subject: String, change: &TargetChangeReport) -> Event<'_> {
    Event {
        date: change.date,
        commit: &change.commit,
        author: &change.author,
        subject,
        change: format!("{} {} → {}", change.field, value(change.old), value(change.new)),
    }
}

#[cfg(test)]
mod tests {
    use super::sparkline;

    #[test]
    fn sparklines_span_eight_steps() {
        assert_eq!(sparkline(&[0.0, 0.5, 1.0]), "▁▅█");
        assert_eq!(sparkline(&[-1.0, 2.0]), "▁█");
    }
}
