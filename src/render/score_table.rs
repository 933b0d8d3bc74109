//! `okr score --format table`: one table per period, objectives with their
//! key results beneath, grades in colour on a terminal; then health metrics.

use std::io::{self, Write};

use comfy_table::{presets, Attribute, Cell, CellAlignment, Color, ColumnConstraint, ContentArrangement, Table, Width};

use crate::numbers::two_decimals;
use crate::render::fit::{self, Screen};
use crate::render::safe::Terminal;
use crate::score::Grade;
use crate::scoreboard::{Health, HealthStatus, Scoreboard};

/// Write `board` as tables for `screen`: coloured, and fitted to its width, as it says.
pub fn render(out: &mut dyn Write, board: &Scoreboard, screen: Screen) -> io::Result<()> {
    if board.periods.is_empty() {
        writeln!(out, "{}", screen.cut("No objectives to score."))?;
        return match board.rev {
            Some(_) => writeln!(out, "{}", screen.cut(&as_of_line(board))),
            None => Ok(()),
        };
    }
    for period in &board.periods {
        let score = period.score.map_or_else(|| "–".to_owned(), two_decimals);
        let title = format!("{} ({} to {}): score {score}", period.period, period.start, period.end);
        writeln!(out, "{}", screen.cut(&title))?;
        let header = ["team / objective / key result", "kind", "score", "grade", "progress", "pace / detail"];
        write_table(out, screen, &header, &|add_row| {
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
                        if let Some(owner) = &kr.owner {
                            detail.push_str(&format!(" · {}", owner.terminal().shortened(24)));
                        }
                        if let Some(note) = &kr.note {
                            detail.push_str(&format!(" · “{}”", note.terminal().shortened(48)));
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
        let metrics: Vec<_> =
            period.teams.iter().flat_map(|t| t.health.iter().map(move |h| (t.team.as_str(), h))).collect();
        write_health(out, screen, &metrics)?;
        writeln!(out)?;
    }
    writeln!(out, "{}", screen.cut(&as_of_line(board)))
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

/// The health metrics of a period's teams, after its scores: a table of
/// their status, bound and current value (nothing when there are none).
pub fn write_health(out: &mut dyn Write, screen: Screen, metrics: &[(&str, &HealthStatus)]) -> io::Result<()> {
    if metrics.is_empty() {
        return Ok(());
    }
    writeln!(out, "{}", screen.cut("Health metrics (KPIs, not scored):"))?;
    write_table(out, screen, &["team", "metric", "status", "bound", "current"], &|add_row| {
        for (team, metric) in metrics {
            let status = Cell::new(metric.status.as_str()).fg(match metric.status {
                Health::Healthy => Color::Green,
                Health::Breached => Color::Red,
                Health::Unknown => Color::Yellow,
            });
            add_row(vec![
                Cell::new(Terminal(team)),
                Cell::new(metric.title.terminal()),
                status,
                Cell::new(metric.bound_text().terminal()),
                Cell::new(metric.current_text("–").terminal()),
            ]);
        }
    })
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
///
/// On a screen of known width, columns too wide for it are narrowed
/// ([`fit::column_widths`]) and comfy-table wraps their cells, the whole
/// table's widths again for every slice; otherwise every column is as wide
/// as its widest cell.
pub fn write_table(out: &mut dyn Write, screen: Screen, header: &[&str], rows: Rows) -> io::Result<()> {
    let color = screen.color;
    let mut count = 0;
    rows(&mut |_| count += 1);
    if count <= SLICE {
        let mut table = new_table(color);
        table.set_header(header);
        rows(&mut |row| {
            table.add_row(row);
        });
        if let Some(widths) = fitted(screen, &table.column_max_content_widths()) {
            // Again, with overlong cells cut (see `bounded`), at those widths.
            table = new_table(color);
            table.set_header(header);
            rows(&mut |row| {
                table.add_row(bounded(row, &widths));
            });
            set_widths(&mut table, &widths);
        }
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
    let (widths, fitting) = match fitted(screen, &widths) {
        Some(fitted) => (fitted, true),
        None => (widths, false),
    };
    // The second pass: each slice at those widths. Every slice's lines are
    // its top border, the header (more than one line when fitting wrapped
    // it) and its rule, its rows and its bottom border; the first slice
    // keeps the top ones, the last the bottom one. A table of the header
    // alone is those top lines and a bottom border.
    let header_lines = {
        let mut alone = slice_table(&mut Vec::new());
        set_widths(&mut alone, &widths);
        alone.lines().count() - 3
    };
    let slices = count.div_ceil(SLICE);
    let mut written = 0;
    let mut result = Ok(());
    let mut write_slice = |slice: &mut Vec<Vec<Cell>>| {
        let mut table = slice_table(slice);
        set_widths(&mut table, &widths);
        let lines: Vec<String> = table.lines().collect();
        let first = if written == 0 { 0 } else { header_lines + 2 };
        let end = if written + 1 == slices { lines.len() } else { lines.len() - 1 };
        for line in &lines[first..end] {
            if result.is_ok() {
                result = writeln!(out, "{line}");
            }
        }
        written += 1;
    };
    rows(&mut |row| {
        slice.push(if fitting { bounded(row, &widths) } else { row });
        if slice.len() == SLICE {
            write_slice(&mut slice);
        }
    });
    if !slice.is_empty() {
        write_slice(&mut slice);
    }
    result
}

/// The content widths that fit `natural` widths to the screen, if they need fitting.
fn fitted(screen: Screen, natural: &[u16]) -> Option<Vec<u16>> {
    // Each line: a border each side, a space each side of every cell, and a
    // space between cells (the `UTF8_BORDERS_ONLY` preset of `new_table`).
    let overhead = (2 + 3 * natural.len()).saturating_sub(1);
    fit::column_widths(natural, overhead, screen.width?)
}

/// How many lines a cell may wrap to on a fitted table before it is cut.
const CELL_LINES: usize = 12;

/// `row` with each cell longer than [`CELL_LINES`] lines of its column cut
/// with `…`: comfy-table wraps a long word in time that grows with the
/// square of its length, so a megabyte of unit would hang a fitted table
/// (a table that is not fitted is never wrapped). A cut cell loses its
/// colour and alignment; only overlong text is cut, which has neither.
fn bounded(row: Vec<Cell>, widths: &[u16]) -> Vec<Cell> {
    row.into_iter()
        .enumerate()
        .map(|(column, cell)| {
            let width = widths.get(column).map_or(fit::MIN_COLUMN, |&w| usize::from(w).max(fit::MIN_COLUMN));
            let bound = CELL_LINES * width;
            let content = cell.content();
            // Bytes are at least display columns for every character.
            if content.len() <= bound || content.lines().all(|line| fit::display_width(line) <= bound) {
                return cell;
            }
            let lines: Vec<_> = content.split('\n').map(|line| fit::cut(line, bound)).collect();
            Cell::new(lines.join("\n"))
        })
        .collect()
}

/// Fix each column's content width at `widths`: comfy-table wraps what is wider.
fn set_widths(table: &mut Table, widths: &[u16]) {
    for (index, width) in widths.iter().enumerate() {
        if let Some(column) = table.column_mut(index) {
            // Padding (one space each side) included.
            column.set_constraint(ColumnConstraint::Absolute(Width::Fixed(width.saturating_add(2))));
        }
    }
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
                for width in [None, Some(200), Some(60), Some(30)] {
                    let rows = rows(count);
                    let mut whole = new_table(color);
                    whole.set_header(header);
                    rows(&mut |row| {
                        whole.add_row(row);
                    });
                    if let Some(widths) = fitted(Screen { color, width }, &whole.column_max_content_widths()) {
                        whole = new_table(color);
                        whole.set_header(header);
                        rows(&mut |row| {
                            whole.add_row(bounded(row, &widths));
                        });
                        set_widths(&mut whole, &widths);
                    }
                    let mut sliced = Vec::new();
                    write_table(&mut sliced, Screen { color, width }, &header, &rows).unwrap();
                    assert!(
                        String::from_utf8(sliced).unwrap() == format!("{whole}\n"),
                        "{count} rows, colour {color}, width {width:?}: the sliced table differs"
                    );
                }
            }
        }
    }

    #[test]
    fn no_line_of_a_fitted_table_is_wider_than_the_screen() {
        let header = ["title", "score", "grade", "bar", "wide"];
        for count in [5, SLICE + 3] {
            let rows = rows(count);
            for width in [30, 45, 60, 80, 120] {
                let mut out = Vec::new();
                write_table(&mut out, Screen { color: false, width: Some(width) }, &header, &rows).unwrap();
                let out = String::from_utf8(out).unwrap();
                let widest = out.lines().map(fit::display_width).max().unwrap();
                assert!(widest <= width, "{count} rows at {width}: a line of {widest}\n{out}");
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
