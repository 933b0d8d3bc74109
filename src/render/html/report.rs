//! `okr report --format html`: the quarter as one page. Header, summary, the
//! alignment tree of the period (`tree.rs`), then per team its objectives
//! with each key result's burn-up chart (`chart.rs`), its health metrics and
//! its history (`history.rs`). Everything comes from the [`Report`] the JSON
//! writes.

use std::io::{self, Write};

use crate::numbers::{human, two_decimals};
use crate::render::html::chart::{self, Span};
use crate::render::html::parts::{grade_bar, score_and_grade, score_bar, Ids};
use crate::render::html::{history, page, tree};
use crate::render::report_text as text;
use crate::render::safe::{Bdi, Html};
use crate::report::parents::Parent;
use crate::report::wire::{KeyResultReport, ObjectiveReport, TargetChangeReport as TargetChange, TeamReport};
use crate::report::Report;
use crate::text::Text;

/// How to read the charts, once for the page.
const LEGEND: &str = "<p class=\"meta\" id=\"legend\">In the charts: the solid line is the value, stepping at each \
    check-in; the dashed line the plan from start to target across the period; the circle the value expected by \
    pace on the report date, which the red line marks; a ▼ where the target moved (point at it for old → new); \
    for a threshold, the shaded side is the one that holds.</p>";

/// Write `report` as one self-contained HTML page; `parents` are what its
/// objectives align to in enclosing periods, the roots of its tree.
pub fn render(out: &mut dyn Write, report: &Report, parents: &[Parent]) -> io::Result<()> {
    page::head(out, &format!("OKR report {}", report.period))?;
    header(out, report)?;
    writeln!(out, "<main>")?;
    if report.teams.is_empty() {
        writeln!(out, "<p>{}</p>", Html(&text::nothing_found(report)))?;
    } else {
        summary(out, report)?;
        tree::write(out, report, parents)?;
        writeln!(out, "{LEGEND}\n{}", chart::defs())?;
        let span = Span { start: report.start, end: report.end, report_date: report.report_date };
        let mut ids = Ids::default();
        for (index, team) in report.teams.iter().enumerate() {
            team_section(out, team, index, span, &mut ids)?;
        }
    }
    writeln!(out, "</main>")?;
    page::foot(out)
}

fn header(out: &mut dyn Write, report: &Report) -> io::Result<()> {
    writeln!(out, "<header>\n<h1>OKR report: {}</h1>\n<dl class=\"facts\">", report.period)?;
    writeln!(out, "<dt>Period</dt><dd>{} to {}</dd>", report.start, report.end)?;
    writeln!(out, "<dt>Check-ins count until</dt><dd>{} (the grace days)</dd>", report.last_day)?;
    writeln!(out, "<dt>Report date</dt><dd>{}</dd>", report.report_date)?;
    let commit = if report.rev.is_empty() { "none".to_owned() } else { Html(&report.rev).to_string() };
    writeln!(out, "<dt>Built from commit</dt><dd><code>{commit}</code></dd>")?;
    let shallow = if report.shallow { "yes: early history is missing" } else { "no" };
    writeln!(out, "<dt>Shallow clone</dt><dd>{shallow}</dd>\n</dl>")?;
    if report.shallow {
        writeln!(
            out,
            "<p class=\"warning\" role=\"note\">This report was built from a shallow clone: the start state and \
             early check-ins may be wrong.</p>"
        )?;
    }
    writeln!(out, "<div id=\"filter-place\"></div>\n</header>")
}

fn summary(out: &mut dyn Write, report: &Report) -> io::Result<()> {
    let s = &report.summary;
    writeln!(out, "<section id=\"summary\" aria-labelledby=\"summary-h\">\n<h2 id=\"summary-h\">Summary</h2>")?;
    writeln!(out, "<dl class=\"stats\">")?;
    let score = s.score.map_or_else(|| "–".to_owned(), two_decimals);
    let per_kr = s.checkins_per_key_result.map_or_else(|| "–".to_owned(), |n| format!("{n:.1}"));
    let facts: [(&str, String); 10] = [
        ("mean score", score),
        ("teams", s.teams.to_string()),
        ("objectives", s.objectives.to_string()),
        ("key results", s.key_results.to_string()),
        ("check-ins", s.checkins.to_string()),
        ("check-ins per key result", per_kr),
        ("stale", s.stale.to_string()),
        ("target changes", s.target_changes.to_string()),
        ("added", s.added.to_string()),
        ("dropped", s.dropped.to_string()),
    ];
    for (name, value) in facts {
        writeln!(out, "<div><dt>{name}</dt><dd>{value}</dd></div>")?;
    }
    writeln!(out, "</dl>")?;
    grade_bar(out, s.grades.green, s.grades.yellow, s.grades.red)?;
    writeln!(out, "</section>")
}

fn team_section(out: &mut dyn Write, team: &TeamReport, index: usize, span: Span, ids: &mut Ids) -> io::Result<()> {
    let score = team.score.map_or_else(|| "–".to_owned(), two_decimals);
    writeln!(
        out,
        "<section class=\"team\" id=\"team-{index}\" aria-labelledby=\"team-{index}-h\">\n\
         <h2 id=\"team-{index}-h\">Team {} <span class=\"meta\">· score {score}</span></h2>",
        Bdi(&team.team)
    )?;
    for (o, objective) in team.objectives.iter().enumerate() {
        objective_part(out, objective, &format!("team-{index}-o{o}"), span, ids)?;
    }
    health(out, team)?;
    history::write(out, team)?;
    writeln!(out, "</section>")
}

fn objective_part(
    out: &mut dyn Write,
    objective: &ObjectiveReport,
    id: &str,
    span: Span,
    ids: &mut Ids,
) -> io::Result<()> {
    writeln!(out, "<article class=\"objective\" id=\"{id}\" aria-labelledby=\"{id}-h\">")?;
    writeln!(out, "<h3 id=\"{id}-h\">{}</h3>", objective.title.html())?;
    write!(
        out,
        "<p class=\"meta\"><code>{}</code> · {} · score {}",
        Bdi(&objective.canonical.to_string()),
        objective.kind.as_str(),
        score_and_grade(objective.score, objective.grade),
    )?;
    let marks = text::objective_marks(objective);
    if !marks.is_empty() {
        write!(out, " <span class=\"mark\">{marks}</span>")?;
    }
    writeln!(out, "</p>")?;
    for change in &objective.target_changes {
        writeln!(out, "<p class=\"meta\">{}</p>", target_moved(change))?;
    }
    writeln!(out, "<div class=\"krs\">")?;
    for kr in &objective.key_results {
        key_result(out, kr, span, &ids.next("chart"))?;
    }
    writeln!(out, "</div>\n</article>")
}

fn key_result(out: &mut dyn Write, kr: &KeyResultReport, span: Span, chart_id: &str) -> io::Result<()> {
    writeln!(out, "<div class=\"kr\">\n<h4>{}</h4>", kr.title.html())?;
    write!(out, "<p class=\"meta\"><code>{}</code>", Bdi(kr.canonical.key_result.as_deref().unwrap_or_default()))?;
    let marks = text::marks(kr);
    for mark in marks.split(", ").filter(|m| !m.is_empty()) {
        write!(out, " <span class=\"mark\">{mark}</span>")?;
    }
    writeln!(out, "</p>")?;
    let drawn = chart::burn_up(kr, span, chart_id);
    let caption = drawn.expected.map(|e| format!("<figcaption>{e}</figcaption>")).unwrap_or_default();
    writeln!(out, "<figure>{}{caption}</figure>", drawn.svg)?;
    writeln!(out, "<dl class=\"facts\">")?;
    writeln!(out, "<dt>Score</dt><dd>{} {}</dd>", two_decimals(kr.score), score_bar(kr.score))?;
    writeln!(out, "<dt>Value</dt><dd>{}</dd>", Html(&text::movement(kr)))?;
    writeln!(out, "<dt>Goal</dt><dd>{}</dd>", text::goal(kr).html())?;
    let last = kr.last_checkin.map(|d| format!(", last {d}")).unwrap_or_default();
    writeln!(out, "<dt>Check-ins</dt><dd>{}{last}</dd>", kr.checkins.len())?;
    let trend = text::confidence_trend(kr);
    if !trend.is_empty() {
        writeln!(out, "<dt>Confidence</dt><dd>{trend}</dd>")?;
    }
    notes(out, kr)?;
    for change in &kr.target_changes {
        writeln!(out, "<dt>Target moved</dt><dd>{}</dd>", target_moved(change))?;
    }
    writeln!(out, "</dl>\n</div>")
}

/// A goal that moved: `target 4 → 8 on 2026-08-03 by Fay`.
fn target_moved(change: &TargetChange) -> String {
    format!(
        "{} {} → {} on {} by {}",
        change.field,
        text::value(change.old),
        text::value(change.new),
        change.date,
        change.author.html()
    )
}

/// Notes shown per key result: enough to read how it went, few enough to
/// keep a big page small.
const NOTES: usize = 3;

/// The latest notes of the check-ins, newest first, each with its date (a
/// note left unchanged by later check-ins shown once); without a check-in
/// that left one, the note of the final state.
fn notes(out: &mut dyn Write, kr: &KeyResultReport) -> io::Result<()> {
    let mut notes: Vec<(chrono::NaiveDate, &Text)> = Vec::new();
    for checkin in kr.checkins.iter().rev() {
        let Some(note) = &checkin.note else { continue };
        if let Some((date, _)) = notes.last_mut().filter(|(_, last)| *last == note) {
            // The same note, older: it was written then.
            *date = checkin.date;
        } else if notes.len() == NOTES {
            break;
        } else {
            notes.push((checkin.date, note));
        }
    }
    if notes.is_empty() {
        if let Some(note) = &kr.note {
            writeln!(out, "<dt>Latest note</dt><dd>{}</dd>", note.html())?;
        }
        return Ok(());
    }
    let label = if notes.len() == 1 { "Latest note" } else { "Latest notes" };
    write!(out, "<dt>{label}</dt><dd><ul class=\"notes\">")?;
    for (date, note) in notes {
        write!(out, "<li>{date}: {}</li>", note.html())?;
    }
    writeln!(out, "</ul></dd>")
}

fn health(out: &mut dyn Write, team: &TeamReport) -> io::Result<()> {
    if team.health.is_empty() {
        return Ok(());
    }
    writeln!(out, "<h3>Health metrics</h3>\n<div class=\"table-wrap\"><table>")?;
    writeln!(
        out,
        "<thead><tr><th scope=\"col\">metric</th><th scope=\"col\">status</th><th scope=\"col\">now</th>\
         <th scope=\"col\">bound</th><th scope=\"col\">check-ins</th><th scope=\"col\">breached</th></tr></thead><tbody>"
    )?;
    for metric in &team.health {
        let m = &metric.metric;
        let unit = m.unit.as_ref().map(|u| format!(" {}", u.html())).unwrap_or_default();
        let bound = match (m.at_least, m.at_most) {
            (Some(low), _) => format!("≥ {}{unit}", human(low)),
            (_, Some(high)) => format!("≤ {}{unit}", human(high)),
            _ => "–".to_owned(),
        };
        let now = m.current.map_or_else(|| "–".to_owned(), |c| format!("{}{unit}", human(c)));
        let status = m.status.as_str();
        let icon = match m.status {
            crate::scoreboard::Health::Healthy => "✓",
            crate::scoreboard::Health::Breached => "✗",
            crate::scoreboard::Health::Unknown => "?",
        };
        writeln!(
            out,
            "<tr><th scope=\"row\">{}</th><td>{icon} {status}</td><td>{now}</td><td>{bound}</td>\
             <td class=\"num\">{}</td><td class=\"num\">{}</td></tr>",
            m.title.html(),
            metric.checkins,
            metric.breached_checkins
        )?;
    }
    writeln!(out, "</tbody></table></div>")
}
