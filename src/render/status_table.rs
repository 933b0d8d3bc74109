//! `okr status --format table`: one table per period, teams, objectives and
//! key results with scores, pace, confidence, owner, latest check-in and
//! whether one is due; each key result's note beneath it; then health metrics.

use std::io::{self, Write};

use comfy_table::{Attribute, Cell, CellAlignment, Color};

use crate::numbers::two_decimals;
use crate::render::fit::Screen;
use crate::render::plural;
use crate::render::safe::Terminal;
use crate::render::score_table::{grade_cell, write_health, write_table};
use crate::render::status_text::{confidence, due, short};
use crate::status::Status;

/// Write `status` as tables for a terminal, fitted to `screen`.
pub fn render(out: &mut dyn Write, status: &Status, screen: Screen) -> io::Result<()> {
    if status.periods.is_empty() {
        writeln!(out, "{}", screen.cut("No objectives to show."))?;
    }
    let mut due_count = 0;
    for period in &status.periods {
        writeln!(out, "{}", screen.cut(&format!("{} ({} to {})", period.period, period.start, period.end)))?;
        let header = [
            "team / objective / key result",
            "score",
            "grade",
            "pace / now",
            "conf.",
            "owner",
            "latest check-in",
            "due",
        ];
        write_table(out, screen, &header, &|add_row| {
            for team in &period.teams {
                let team_score = team.score.map_or_else(|| "–".to_owned(), two_decimals);
                add_row(vec![
                    Cell::new(Terminal(&team.team)).add_attribute(Attribute::Bold),
                    Cell::new(team_score).set_alignment(CellAlignment::Right).add_attribute(Attribute::Bold),
                ]);
                for objective in &team.objectives {
                    add_row(vec![
                        Cell::new(format!(
                            "  {}: {}",
                            Terminal(&objective.canonical.objective),
                            objective.title.terminal().shortened(56)
                        )),
                        Cell::new(two_decimals(objective.score)).set_alignment(CellAlignment::Right),
                        grade_cell(objective.grade),
                        Cell::new(objective.status.map_or("", |s| s.as_str())),
                        Cell::new(""),
                        Cell::new(objective.owner.as_ref().map(|o| o.terminal().shortened(24)).unwrap_or_default()),
                    ]);
                    for kr in &objective.key_results {
                        let checkin = kr.latest_checkin.as_ref().map_or_else(
                            || "–".to_owned(),
                            |c| format!("{} {} {}", c.date, c.author.terminal().shortened(20), short(c)),
                        );
                        let due_cell = Cell::new(due(kr));
                        add_row(vec![
                            Cell::new(format!("    └ {}", Terminal(kr.canonical.key_result.as_deref().unwrap_or("")))),
                            Cell::new(two_decimals(kr.score)).set_alignment(CellAlignment::Right),
                            grade_cell(kr.grade),
                            Cell::new(kr.measurement.terminal().shortened(40)),
                            Cell::new(confidence(kr.confidence)).set_alignment(CellAlignment::Right),
                            Cell::new(kr.owner.as_ref().map(|o| o.terminal().shortened(24)).unwrap_or_default()),
                            Cell::new(checkin),
                            if kr.due { due_cell.fg(Color::Yellow) } else { due_cell },
                        ]);
                        if let Some(note) = &kr.note {
                            add_row(vec![Cell::new(format!("      “{}”", note.terminal().shortened(72)))]);
                        }
                    }
                }
            }
        })?;
        due_count +=
            period.teams.iter().flat_map(|t| &t.objectives).flat_map(|o| &o.key_results).filter(|k| k.due).count();
        let metrics: Vec<_> =
            period.teams.iter().flat_map(|t| t.health.iter().map(move |h| (t.team.as_str(), h))).collect();
        write_health(out, screen, &metrics)?;
        writeln!(out)?;
    }
    let read = match &status.rev {
        Some(rev) => format!("the files of commit {}", crate::history::short(rev)),
        None => "the working tree".to_owned(),
    };
    writeln!(out, "{}", screen.cut(&format!("As of {}, from {read}.", status.as_of)))?;
    if due_count > 0 {
        let line = format!("{} due for a check-in: `okr due` lists them by owner.", plural(due_count, "key result"));
        writeln!(out, "{}", screen.cut(&line))?;
    }
    Ok(())
}
