//! `okr report --format markdown`: for a wiki page or a pull request.

use std::io::{self, Write};

use crate::history::short;
use crate::numbers::two_decimals;
use crate::render::report_text as text;
use crate::render::safe::{Code, Markdown};
use crate::render::score_markdown::emoji;
use crate::report::Report;

/// Write `report` in Markdown.
pub fn render(out: &mut dyn Write, report: &Report) -> io::Result<()> {
    writeln!(out, "# OKR report: {} ({} to {})\n", report.period, report.start, report.end)?;
    let shallow = if report.shallow { " **Shallow clone: early history is missing.**" } else { "" };
    writeln!(out, "Report date {}, history at {}.{shallow}\n", report.report_date, Code(short(&report.rev)))?;
    if report.teams.is_empty() {
        return writeln!(out, "{}", text::nothing_found(report));
    }
    let [counts, activity] = text::summary(&report.summary);
    writeln!(out, "**{counts}**  \n{activity}\n")?;
    for team in &report.teams {
        let score = team.score.map_or_else(|| "–".to_owned(), two_decimals);
        writeln!(out, "## {} — {score}\n", Markdown(&team.team))?;
        writeln!(
            out,
            "| objective / key result | score | value | goal | trend | check-ins | marks | confidence · note |"
        )?;
        writeln!(out, "|---|---:|---|---|---|---:|---|---|")?;
        for objective in &team.objectives {
            writeln!(
                out,
                "| {} **{}** {} ({}) | {} | | | | | {} | |",
                emoji(objective.grade.as_str()),
                objective.title.markdown(),
                Code(&objective.canonical.to_string()),
                objective.kind.as_str(),
                two_decimals(objective.score),
                text::objective_marks(objective),
            )?;
            for kr in &objective.key_results {
                let last = kr.last_checkin.map(|d| format!(" (last {d})")).unwrap_or_default();
                writeln!(
                    out,
                    "| ↳ {} | {} | {} | {} | {} | {}{last} | {} | {} |",
                    kr.title.markdown(),
                    two_decimals(kr.score),
                    Markdown(&text::movement(kr)),
                    text::goal(kr).markdown(),
                    text::sparkline(&kr.sparkline),
                    kr.checkins.len(),
                    text::marks(kr),
                    confidence_and_note(kr),
                )?;
            }
        }
        writeln!(out)?;
        for metric in &team.health {
            writeln!(
                out,
                "- Health **{}**: {} ({} of {} check-ins breached)",
                metric.metric.title.markdown(),
                metric.metric.status.as_str(),
                metric.breached_checkins,
                metric.checkins,
            )?;
        }
        if !team.health.is_empty() {
            writeln!(out)?;
        }
        let history = text::history(team);
        if !history.is_empty() {
            writeln!(out, "<details><summary>History: {} check-ins and target changes</summary>\n", history.len())?;
            writeln!(out, "| date | commit | author | what | change |")?;
            writeln!(out, "|---|---|---|---|---|")?;
            for event in history {
                writeln!(
                    out,
                    "| {} | {} | {} | {} | {} |",
                    event.date,
                    Code(short(event.commit)),
                    event.author.markdown(),
                    Code(&event.subject),
                    Markdown(&event.change),
                )?;
            }
            writeln!(out, "\n</details>\n")?;
        }
    }
    Ok(())
}

/// The confidence trend and the latest note, for the table's last column.
fn confidence_and_note(kr: &crate::report::wire::KeyResultReport) -> String {
    let note = kr.note.as_ref().map(|n| format!("“{}”", n.markdown().shortened(120)));
    [Some(text::confidence_trend(kr)).filter(|t| !t.is_empty()), note]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(" · ")
}
