//! `okr score --format markdown`: for a wiki page or a pull request.

use std::io::{self, Write};

use crate::numbers::two_decimals;
use crate::render::safe::{Code, Markdown};
use crate::scoreboard::{HealthStatus, Scoreboard};

/// Write `board` in Markdown.
pub fn render(out: &mut dyn Write, board: &Scoreboard) -> io::Result<()> {
    writeln!(out, "# OKR scores as of {}\n", board.as_of)?;
    if let Some(rev) = &board.rev {
        let committed = board.committed.map(|d| format!(", committed {d}")).unwrap_or_default();
        writeln!(out, "The files of commit {}{committed}.\n", Code(crate::render::score_table::short(rev)))?;
    }
    if board.periods.is_empty() {
        return writeln!(out, "No objectives to score.");
    }
    for period in &board.periods {
        let score = period.score.map_or_else(|| "–".to_owned(), two_decimals);
        writeln!(out, "## {} — score {score}\n", period.period)?;
        writeln!(out, "{} to {}.\n", period.start, period.end)?;
        for team in &period.teams {
            let team_score = team.score.map_or_else(|| "–".to_owned(), two_decimals);
            writeln!(out, "### {} — {team_score}\n", Markdown(&team.team))?;
            writeln!(out, "| objective / key result | kind | score | grade | pace |")?;
            writeln!(out, "|---|---|---:|---|---|")?;
            for objective in &team.objectives {
                writeln!(
                    out,
                    "| **{}** {} | {} | {} | {} {} | {} |",
                    objective.title.markdown(),
                    Code(&objective.canonical.to_string()),
                    objective.kind.as_str(),
                    two_decimals(objective.score),
                    emoji(objective.grade.as_str()),
                    objective.grade.as_str(),
                    objective.pace_text(),
                )?;
                for kr in &objective.key_results {
                    let manual = if kr.score == kr.computed_score {
                        String::new()
                    } else {
                        format!(" (manual; computed {})", two_decimals(kr.computed_score))
                    };
                    let owner = kr.owner.as_ref().map(|o| o.markdown().to_string());
                    let note = kr.note.as_ref().map(|n| format!("“{}”", n.markdown().shortened(120)));
                    let owner_and_note: Vec<String> = [owner, note].into_iter().flatten().collect();
                    writeln!(
                        out,
                        "| ↳ {} — {} | {} | {}{manual} | {} {} | {} |",
                        kr.title.markdown(),
                        kr.measurement.markdown(),
                        kr.measure,
                        two_decimals(kr.score),
                        emoji(kr.grade.as_str()),
                        kr.grade.as_str(),
                        owner_and_note.join(" · "),
                    )?;
                }
            }
            writeln!(out)?;
            write_health(out, &team.health)?;
        }
    }
    Ok(())
}

/// A team's health metrics as a list, after its scores (nothing when it has none).
pub fn write_health(out: &mut dyn Write, health: &[HealthStatus]) -> io::Result<()> {
    if health.is_empty() {
        return Ok(());
    }
    writeln!(out, "Health metrics (KPIs, not scored):\n")?;
    for metric in health {
        writeln!(
            out,
            "- {} **{}**: {} (bound {}, now {})",
            emoji_health(metric.status.as_str()),
            metric.title.markdown(),
            metric.status.as_str(),
            metric.bound_text().markdown(),
            metric.current_text("no value").markdown(),
        )?;
    }
    writeln!(out)
}

/// The emoji of a grade's name (`green`).
pub fn emoji(grade: &str) -> &'static str {
    match grade {
        "green" => "🟢",
        "yellow" => "🟡",
        _ => "🔴",
    }
}

fn emoji_health(status: &str) -> &'static str {
    match status {
        "healthy" => "✅",
        "breached" => "❌",
        _ => "❔",
    }
}
