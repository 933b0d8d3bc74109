//! A team's history on the report page: every check-in and target change
//! (date, commit, author, what, change), in a table that sorts.

use std::io::{self, Write};

use crate::history::short;
use crate::render::report_text as text;
use crate::render::safe::{Bdi, Html};
use crate::report::wire::TeamReport;

/// Every check-in and target change, in a closed `<details>`: on a big
/// history it is most of the page. Cells close implicitly, as HTML allows,
/// to keep a page of 20,000 commits small.
pub fn write(out: &mut dyn Write, team: &TeamReport) -> io::Result<()> {
    let events = text::history(team);
    if events.is_empty() {
        return Ok(());
    }
    writeln!(
        out,
        "<details class=\"history\"><summary>History: {} check-ins and target changes</summary>\n\
         <div class=\"table-wrap\"><table class=\"sortable history-table\">\n\
         <thead><tr><th scope=\"col\">date</th><th scope=\"col\">commit</th><th scope=\"col\">author</th>\
         <th scope=\"col\">what</th><th scope=\"col\">change</th></tr></thead>\n<tbody>",
        events.len()
    )?;
    for event in &events {
        writeln!(
            out,
            "<tr><td>{}<td>{}<td>{}<td>{}<td>{}",
            event.date,
            Html(short(event.commit)),
            event.author.html(),
            Bdi(&event.subject),
            Html(&event.change)
        )?;
    }
    writeln!(out, "</tbody></table></div></details>")
}
