//! `okr score --format table`: one table per period, objectives with their
//! key results beneath, grades in colour on a terminal; then health metrics.

use std::io::{self, Write};

use comfy_table::{presets, Attribute, Cell, CellAlignment, Color, ContentArrangement, Table};

use crate::render::safe::Terminal;
use crate::score::Grade;
use crate::scoreboard::{Health, Scoreboard};

/// Write `board` as tables for a terminal, coloured when `color`.
pub fn render(out: &mut dyn Write, board: &Scoreboard, color: bool) -> io::Result<()> {
    if board.periods.is_empty() {
        return writeln!(out, "No objectives to score.");
    }
    for period in &board.periods {
        let score = period.score.map_or_else(|| "–".to_owned(), two_decimals);
        writeln!(out, "{} ({} to {}): score {score}", period.period, period.start, period.end)?;
        let mut table = new_table(color);
        table.set_header(["team / objective / key result", "kind", "score", "grade", "progress", "pace / detail"]);
        for team in &period.teams {
            let team_score = team.score.map_or_else(|| "–".to_owned(), two_decimals);
            table.add_row(vec![
                Cell::new(Terminal(&team.team)).add_attribute(Attribute::Bold),
                Cell::new("team"),
                Cell::new(team_score).set_alignment(CellAlignment::Right).add_attribute(Attribute::Bold),
            ]);
            for objective in &team.objectives {
                table.add_row(vec![
                    Cell::new(format!(
                        "  {}: {}",
                        Terminal(&objective.canonical.objective),
                        Terminal(&objective.title).shortened(56)
                    )),
                    Cell::new(objective.kind.as_str()),
                    Cell::new(two_decimals(objective.score)).set_alignment(CellAlignment::Right),
                    grade_cell(objective.grade),
                    Cell::new(bar(objective.score)),
                    Cell::new(objective.pace_text()),
                ]);
                for kr in &objective.key_results {
                    let mut detail = Terminal(&kr.measurement).to_string();
                    if kr.score != kr.computed_score {
                        detail.push_str(&format!(" (manual score; computed {})", two_decimals(kr.computed_score)));
                    }
                    table.add_row(vec![
                        Cell::new(format!("    └ {}", Terminal(kr.canonical.key_result.as_deref().unwrap_or("")))),
                        Cell::new(kr.measure),
                        Cell::new(two_decimals(kr.score)).set_alignment(CellAlignment::Right),
                        grade_cell(kr.grade),
                        Cell::new(bar(kr.score)),
                        Cell::new(detail),
                    ]);
                }
            }
        }
        writeln!(out, "{table}")?;
        let metrics: Vec<_> = period.teams.iter().flat_map(|t| t.health.iter().map(move |h| (&t.team, h))).collect();
        if !metrics.is_empty() {
            writeln!(out, "Health metrics (KPIs, not scored):")?;
            let mut health = new_table(color);
            health.set_header(["team", "metric", "status", "bound", "current"]);
            for (team, metric) in metrics {
                let status = Cell::new(metric.status.as_str()).fg(match metric.status {
                    Health::Healthy => Color::Green,
                    Health::Breached => Color::Red,
                    Health::Unknown => Color::Yellow,
                });
                health.add_row(vec![
                    Cell::new(Terminal(team)),
                    Cell::new(Terminal(&metric.title)),
                    status,
                    Cell::new(Terminal(&metric.bound_text())),
                    Cell::new(Terminal(&metric.current_text("–"))),
                ]);
            }
            writeln!(out, "{health}")?;
        }
        writeln!(out)?;
    }
    writeln!(out, "As of {}.", board.as_of)
}

/// A borderless table of fixed content width, coloured only when `color`.
pub fn new_table(color: bool) -> Table {
    let mut table = Table::new();
    table.load_preset(presets::UTF8_BORDERS_ONLY).set_content_arrangement(ContentArrangement::Disabled);
    // Never a terminal to comfy-table, which would otherwise look at standard
    // output and ask it for its size: whether to colour is the caller's call.
    table.force_no_tty();
    if color {
        table.enforce_styling();
    }
    table
}

/// A grade, in its colour when colour is on.
pub fn grade_cell(grade: Grade) -> Cell {
    Cell::new(grade.as_str()).fg(match grade {
        Grade::Green => Color::Green,
        Grade::Yellow => Color::Yellow,
        Grade::Red => Color::Red,
    })
}

/// People see two decimals; machine outputs carry full precision.
pub fn two_decimals(score: f64) -> String {
    format!("{score:.2}")
}

/// A ten-step bar: `██████▌░░░`.
pub fn bar(score: f64) -> String {
    let eighths = (score.clamp(0.0, 1.0) * 80.0).round() as usize;
    let (full, part) = (eighths / 8, eighths % 8);
    let partial = [" ", "▏", "▎", "▍", "▌", "▋", "▊", "▉"][part];
    let mut text = "█".repeat(full);
    if full < 10 {
        text.push_str(if part == 0 { "░" } else { partial });
        text.push_str(&"░".repeat(10 - full - 1));
    }
    text
}

#[cfg(test)]
mod tests {
    use super::bar;

    #[test]
    fn bars_have_ten_cells() {
        for score in [0.0, 0.05, 0.5, 0.64, 0.99, 1.0] {
            assert_eq!(bar(score).chars().count(), 10, "{score}");
        }
        assert_eq!(bar(1.0), "██████████");
        assert_eq!(bar(0.0), "░░░░░░░░░░");
        assert_eq!(bar(0.5), "█████░░░░░");
    }
}
