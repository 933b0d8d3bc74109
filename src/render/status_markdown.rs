//! `okr status --format markdown`: for a wiki page, an issue or a chat.

use std::io::{self, Write};

use crate::numbers::two_decimals;
use crate::render::safe::{Code, Markdown};
use crate::render::score_markdown::{emoji, write_health};
use crate::render::status_text::{confidence, due, short};
use crate::status::Status;

/// Write `status` in Markdown. Owners' mentions are broken, as everywhere.
pub fn render(out: &mut dyn Write, status: &Status) -> io::Result<()> {
    writeln!(out, "# OKR status as of {}\n", status.as_of)?;
    match &status.rev {
        Some(rev) => writeln!(out, "From the files of commit {}.\n", Code(rev))?,
        None => writeln!(out, "From the working tree.\n")?,
    }
    if status.periods.is_empty() {
        return writeln!(out, "No objectives to show.");
    }
    for period in &status.periods {
        writeln!(out, "## {} — {} to {}\n", period.period, period.start, period.end)?;
        for team in &period.teams {
            let team_score = team.score.map_or_else(|| "–".to_owned(), two_decimals);
            writeln!(out, "### {} — {team_score}\n", Markdown(&team.team))?;
            writeln!(
                out,
                "| objective / key result | score | grade | pace / now | confidence | owner | latest check-in | due |"
            )?;
            writeln!(out, "|---|---:|---|---|---:|---|---|---|")?;
            for objective in &team.objectives {
                writeln!(
                    out,
                    "| **{}** {} | {} | {} {} | {} | | {} | | |",
                    objective.title.markdown(),
                    Code(&objective.canonical.to_string()),
                    two_decimals(objective.score),
                    emoji(objective.grade.as_str()),
                    objective.grade.as_str(),
                    objective.status.map_or("", |s| s.as_str()),
                    objective.owner.as_ref().map(|o| o.markdown().to_string()).unwrap_or_default(),
                )?;
                for kr in &objective.key_results {
                    let note = kr.note.as_ref().map(|n| format!("<br>“{}”", n.markdown())).unwrap_or_default();
                    let checkin = kr.latest_checkin.as_ref().map_or_else(
                        || "–".to_owned(),
                        |c| format!("{} {} {}", c.date, c.author.markdown(), Code(short(c))),
                    );
                    writeln!(
                        out,
                        "| ↳ {}{note} | {} | {} {} | {} | {} | {} | {checkin} | {} |",
                        kr.title.markdown(),
                        two_decimals(kr.score),
                        emoji(kr.grade.as_str()),
                        kr.grade.as_str(),
                        kr.measurement.markdown(),
                        confidence(kr.confidence),
                        kr.owner.as_ref().map(|o| o.markdown().to_string()).unwrap_or_default(),
                        due(kr),
                    )?;
                }
            }
            writeln!(out)?;
            write_health(out, &team.health)?;
        }
    }
    Ok(())
}
