//! `okr score --format table`: one table per period, objectives with their
//! key results beneath, grades in colour on a terminal; then health metrics.

use std::io::{self, Write};

use comfy_table::{presets, Attribute, Cell, CellAlignment, Color, ColumnConstraint, ContentArrangement, Table, Width};

use crate::numbers::two_decimals;
use crate::render::safe::Terminal;
use crate::score::Grade;
use crate::scoreboard::{Health, Scoreboard};

/// Write `board` as tables for a terminal, coloured when `color`.
pub fn render(out: &mut dyn Write, board: &Scoreboard, color: bool) -> io::Result<()> {
    if board.periods.is_empty() {
        writeln!(out, "No objectives to score.")?;
        return match board.rev {
            Some(_) => writeln!(out, "{}", as_of_line(board)),
            None => Ok(()),
        };
    }
    for period in &board.periods {
        let score = period.score.map_or_else(|| "–".to_owned(), two_decimals);
        writeln!(out, "{} ({} to {}): score {score}", period.period, period.start, period.end)?;
        let header = ["team / objective / key result", "kind", "score", "grade", "progress", "pace / detail"];
        write_table(out, color, &header, &|add_row| {
            for team in &period.teams {
                let team_score = team.score.map_or_else(|| "–".to_owned(), two_decimals);
                add_row(vec![
                    Cell::new(Terminal(&team.team)).add_attribute(Attribute::Bold),
                    Cell::new("team"),
                    Cell::new(team_score).set_alignment(CellAlignment::Right).add_attribute(Attribute::Bold),
                ]);
                for objective in &team.objectives {
                    add_row(vec![
                        Cell::new(format!(
                            "  {}: {}",
                            Terminal(&objective.canonical.objective),
                            objective.title.terminal().shortened(56)
                        )),
                        Cell::new(objective.kind.as_str()),
                        Cell::new(two_decimals(objective.score)).set_alignment(CellAlignment::Right),
                        grade_cell(objective.grade),
                        Cell::new(bar(objective.score)),
                        Cell::new(objective.pace_text()),
                    ]);
                    for kr in &objective.key_results {
                        let mut detail = kr.measurement.terminal().to_string();
                        if kr.score != kr.computed_score {
                            detail.push_str(&format!(" (manual score; computed {})", two_decimals(kr.computed_score)));
                        }
                        add_row(vec![
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
        })?;
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
                    Cell::new(metric.title.terminal()),
                    status,
                    Cell::new(metric.bound_text().terminal()),
                    Cell::new(metric.current_text("–").terminal()),
                ]);
            }
            writeln!(out, "{health}")?;
        }
        writeln!(out)?;
    }
    writeln!(out, "{}", as_of_line(board))
}

/// "As of 2026-08-15.", naming the commit read when the files are not the
/// working tree's.
pub fn as_of_line(board: &Scoreboard) -> String {
    match (&board.rev, board.committed) {
        (Some(rev), Some(committed)) => {
            format!("As of {}: the files of commit {} (committed {committed}).", board.as_of, short(rev))
        }
        (Some(rev), None) => format!("As of {}: the files of commit {}.", board.as_of, short(rev)),
        _ => format!("As of {}.", board.as_of),
    }
}

/// A commit's sha shortened for people, as git shortens it.
pub fn short(sha: &str) -> &str {
    sha.get(..12).unwrap_or(sha)
}

/// The rows of a table, made on demand: called with a sink, it hands the sink
/// each row in order, the same rows every time it is called.
pub type Rows<'a> = &'a dyn Fn(&mut dyn FnMut(Vec<Cell>));

/// How many rows [`write_table`] lays out at once.
const SLICE: usize = 1024;

/// Write the table of `header` and `rows` (made by [`new_table`]), and a line
/// break. A table is laid out whole before its first line is written, and
/// comfy-table keeps each cell two or three times over while it does: for a
/// report of 40,000 key results that was more memory than reading the whole
/// history. So a big table is laid out a slice of rows at a time, every slice
/// with the column widths of the whole table (found in a first pass), and
/// the slices are joined where their borders meet: the same bytes as one
/// table, in the memory of one slice.
pub fn write_table(out: &mut dyn Write, color: bool, header: &[&str], rows: Rows) -> io::Result<()> {
    let mut count = 0;
    rows(&mut |_| count += 1);
    if count <= SLICE {
        let mut table = new_table(color);
        table.set_header(header);
        rows(&mut |row| {
            table.add_row(row);
        });
        return writeln!(out, "{table}");
    }
    let slice_table = |slice: &mut Vec<Vec<Cell>>| {
        let mut table = new_table(color);
        table.set_header(header);
        table.add_rows(slice.drain(..));
        table
    };
    // The first pass: the widest content of each column.
    let mut widths = vec![0u16; header.len()];
    let mut slice = Vec::with_capacity(SLICE);
    let mut measure = |slice: &mut Vec<Vec<Cell>>| {
        for (width, widest) in widths.iter_mut().zip(slice_table(slice).column_max_content_widths()) {
            *width = (*width).max(widest);
        }
    };
    rows(&mut |row| {
        slice.push(row);
        if slice.len() == SLICE {
            measure(&mut slice);
        }
    });
    if !slice.is_empty() {
        measure(&mut slice);
    }
    // The second pass: each slice at those widths. Every slice's lines are
    // its top border, the header and its rule, its rows and its bottom
    // border; the first slice keeps the top three, the last the bottom one.
    let slices = count.div_ceil(SLICE);
    let mut written = 0;
    let mut result = Ok(());
    let mut write_slice = |slice: &mut Vec<Vec<Cell>>| {
        let mut table = slice_table(slice);
        for (index, width) in widths.iter().enumerate() {
            if let Some(column) = table.column_mut(index) {
                // Padding (one space each side) included.
                column.set_constraint(ColumnConstraint::Absolute(Width::Fixed(width.saturating_add(2))));
            }
        }
        let lines: Vec<String> = table.lines().collect();
        let first = if written == 0 { 0 } else { 3 };
        let end = if written + 1 == slices { lines.len() } else { lines.len() - 1 };
        for line in &lines[first..end] {
            if result.is_ok() {
                result = writeln!(out, "{line}");
            }
        }
        written += 1;
    };
    rows(&mut |row| {
        slice.push(row);
        if slice.len() == SLICE {
            write_slice(&mut slice);
        }
    });
    if !slice.is_empty() {
        write_slice(&mut slice);
    }
    result
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
    use super::*;

    /// `count` rows of every shape the renderers write: short and missing
    /// cells, right-aligned and coloured cells, bold, wide and combining
    /// characters, and one very wide cell far down the table.
    fn rows(count: usize) -> impl Fn(&mut dyn FnMut(Vec<Cell>)) {
        move |add_row| {
            for i in 0..count {
                let title = ["a", "ünïcode", "日本語のタイトル", "emoji 🚀 here", "└ key-result"][i % 5];
                let mut row = vec![
                    Cell::new(format!("{title} {i}")).add_attribute(Attribute::Bold),
                    Cell::new(two_decimals((i % 100) as f64 / 100.0)).set_alignment(CellAlignment::Right),
                    grade_cell(if i % 3 == 0 { Grade::Green } else { Grade::Red }),
                ];
                if i % 7 != 0 {
                    row.push(Cell::new(bar((i % 10) as f64 / 10.0)));
                }
                if i + 3 == count {
                    row.push(Cell::new("a cell much wider than every other one in its column"));
                }
                add_row(row);
            }
        }
    }

    #[test]
    fn a_table_written_in_slices_is_the_same_bytes_as_one_table() {
        let header = ["title", "score", "grade", "bar", "wide"];
        for count in [1, SLICE, SLICE + 1, 2 * SLICE, 3 * SLICE + 17] {
            for color in [false, true] {
                let rows = rows(count);
                let mut whole = new_table(color);
                whole.set_header(header);
                rows(&mut |row| {
                    whole.add_row(row);
                });
                let mut sliced = Vec::new();
                write_table(&mut sliced, color, &header, &rows).unwrap();
                assert!(
                    String::from_utf8(sliced).unwrap() == format!("{whole}\n"),
                    "{count} rows, colour {color}: the sliced table differs"
                );
            }
        }
    }

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
