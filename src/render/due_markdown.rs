//! `okr due --format markdown`: the nudge a scheduled job posts to a chat or
//! an issue. Mentions are broken as in every okr markdown, except, with
//! `mention`, owners written as `@name` or `@org/team`, so the nudge
//! reaches them.

use std::io::{self, Write};

use crate::render::plural;
use crate::render::safe::{Code, Mention};
use crate::render::status_text::days;
use crate::status::due::Due;

/// Write `due` in Markdown; `mention` keeps owners' mentions live.
pub fn render(out: &mut dyn Write, due: &Due, mention: bool) -> io::Result<()> {
    writeln!(out, "# Check-ins due as of {}\n", due.as_of)?;
    let count: usize = due.due.iter().map(|o| o.key_results.len()).sum();
    if count == 0 {
        return writeln!(out, "Nothing is due: every key result has had a check-in within {}.", days(due.days.into()));
    }
    writeln!(out, "{} without a check-in for more than {}.\n", plural(count, "key result"), days(due.days.into()))?;
    for owner in &due.due {
        writeln!(out, "## {}\n", Mention { owner: owner.owner.as_str(), live: mention })?;
        for kr in &owner.key_results {
            let latest = kr.latest_checkin.as_ref().map_or_else(
                || "no check-in yet".to_owned(),
                |c| format!("last check-in {} by {}", c.date, c.author.markdown()),
            );
            writeln!(
                out,
                "- {} {}: {latest} ({})",
                Code(&kr.canonical.to_string()),
                kr.title.markdown(),
                days(kr.days_since)
            )?;
        }
        writeln!(out)?;
    }
    Ok(())
}
