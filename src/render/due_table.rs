//! `okr due --format table`: who should check in on what, longest waiting first.

use std::io::{self, Write};

use comfy_table::{Attribute, Cell, CellAlignment};

use crate::render::fit::Screen;
use crate::render::plural;
use crate::render::safe::Terminal;
use crate::render::score_table::write_table;
use crate::render::status_text::days;
use crate::status::due::Due;

/// Write `due` as a table for a terminal, fitted to `screen`.
pub fn render(out: &mut dyn Write, due: &Due, screen: Screen) -> io::Result<()> {
    let count: usize = due.due.iter().map(|o| o.key_results.len()).sum();
    if count == 0 {
        let line = format!(
            "Nothing is due as of {}: every key result has had a check-in within {}.",
            due.as_of,
            days(due.days.into())
        );
        return writeln!(out, "{}", screen.cut(&line));
    }
    let header = ["owner", "key result", "title", "latest check-in", "since"];
    write_table(out, screen, &header, &|add_row| {
        for owner in &due.due {
            for (i, kr) in owner.key_results.iter().enumerate() {
                let who = if i == 0 { owner.owner.terminal().shortened(32) } else { String::new() };
                let checkin = kr
                    .latest_checkin
                    .as_ref()
                    .map_or_else(|| "none".to_owned(), |c| format!("{} {}", c.date, c.author.terminal().shortened(20)));
                add_row(vec![
                    Cell::new(who).add_attribute(Attribute::Bold),
                    Cell::new(Terminal(&kr.canonical.to_string())),
                    Cell::new(kr.title.terminal().shortened(48)),
                    Cell::new(checkin),
                    Cell::new(days(kr.days_since)).set_alignment(CellAlignment::Right),
                ]);
            }
        }
    })?;
    let line = format!(
        "{} due for a check-in (none for more than {}) as of {}.",
        plural(count, "key result"),
        days(due.days.into()),
        due.as_of
    );
    writeln!(out, "{}", screen.cut(&line))
}
