//! `okr report --format table`: per team, a table of objectives and key
//! results with their movement and marks, then the team's history.

use std::io::{self, Write};

use comfy_table::{Attribute, Cell, CellAlignment};

use crate::history::short;
use crate::numbers::two_decimals;
use crate::render::fit::Screen;
use crate::render::report_text as text;
use crate::render::safe::Terminal;
use crate::render::score_table::{grade_cell, write_table};
use crate::report::Report;

/// Write `report` as tables for `screen`: coloured, and fitted to its width, as it says.
pub fn render(out: &mut dyn Write, report: &Report, screen: Screen) -> io::Result<()> {
    let heading = format!(
        "{} ({} to {}): report date {}, history at {}{}",
        report.period,
        report.start,
        report.end,
        report.report_date,
        short(&report.rev),
        if report.shallow { " (shallow clone)" } else { "" },
    );
    writeln!(out, "{}", screen.cut(&heading))?;
    if report.teams.is_empty() {
        for line in screen.wrap(&text::nothing_found(report)) {
            writeln!(out, "{line}")?;
        }
        return Ok(());
    }
    for sentence in text::summary(&report.summary) {
        for line in screen.wrap(&sentence) {
            writeln!(out, "{line}")?;
        }
    }
    for team in &report.teams {
        let score = team.score.map_or_else(|| "–".to_owned(), two_decimals);
        writeln!(out, "\n{}", screen.cut(&format!("{}: score {score}", Terminal(&team.team))))?;
        let header = [
            "objective / key result",
            "score",
            "grade",
            "value",
            "goal",
            "trend",
            "check-ins",
            "marks",
            "confidence · note",
        ];
        write_table(out, screen, &header, &|add_row| {
            for objective in &team.objectives {
                add_row(vec![
                    Cell::new(format!(
                        "{}: {}",
                        Terminal(&objective.canonical.objective),
                        objective.title.terminal().shortened(40)
                    ))
                    .add_attribute(Attribute::Bold),
                    Cell::new(two_decimals(objective.score)).set_alignment(CellAlignment::Right),
                    grade_cell(objective.grade),
                    Cell::new(""),
                    Cell::new(objective.kind.as_str()),
                    Cell::new(""),
                    Cell::new(""),
                    Cell::new(text::objective_marks(objective)),
                    Cell::new(""),
                ]);
                for kr in &objective.key_results {
                    let last = kr.last_checkin.map(|d| format!(", last {d}")).unwrap_or_default();
                    add_row(vec![
                        Cell::new(format!("  └ {}", Terminal(kr.canonical.key_result.as_deref().unwrap_or_default()))),
                        Cell::new(two_decimals(kr.score)).set_alignment(CellAlignment::Right),
                        Cell::new(""),
                        Cell::new(text::movement(kr)),
                        Cell::new(text::goal(kr).terminal()),
                        Cell::new(text::sparkline(&kr.sparkline)),
                        Cell::new(format!("{}{last}", kr.checkins.len())),
                        Cell::new(text::marks(kr)),
                        Cell::new(confidence_and_note(kr)),
                    ]);
                }
            }
        })?;
        for metric in &team.health {
            let line = format!(
                "Health {}: {} ({} now, {} of {} check-ins breached)",
                Terminal(&metric.metric.id),
                metric.metric.status.as_str(),
                metric.metric.current_text("no value").terminal(),
                metric.breached_checkins,
                metric.checkins,
            );
            writeln!(out, "{}", screen.cut(&line))?;
        }
        let history = text::history(team);
        if !history.is_empty() {
            writeln!(out, "History:")?;
            for event in history {
                let line = format!(
                    "  {}  {}  {:<12}  {}: {}",
                    event.date,
                    short(event.commit),
                    event.author.terminal().shortened(12),
                    Terminal(&event.subject),
                    Terminal(&event.change)
                );
                writeln!(out, "{}", screen.cut(&line))?;
            }
        }
    }
    Ok(())
}

/// The confidence trend and the latest note, for the table's last column.
fn confidence_and_note(kr: &crate::report::wire::KeyResultReport) -> String {
    let note = kr.note.as_ref().map(|n| format!("“{}”", n.terminal().shortened(48)));
    [Some(text::confidence_trend(kr)).filter(|t| !t.is_empty()), note]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(" · ")
}
