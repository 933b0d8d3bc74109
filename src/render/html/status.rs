//! `okr status --format html`: where things stand on a date, as one page.
//! Per period and team, each objective with its score, grade and pace, and
//! each key result with its measurement, owner, latest check-in and whether
//! it is due. Everything comes from the [`Status`] the JSON writes.

use std::io::{self, Write};

use crate::history::short;
use crate::numbers::{human, two_decimals};
use crate::render::html::page;
use crate::render::html::parts::{grade, score_and_grade};
use crate::render::safe::{Bdi, Html};
use crate::status::{KeyResultStatus, ObjectiveStatus, Status, TeamStatus};

/// Write `status` as one self-contained HTML page.
pub fn render(out: &mut dyn Write, status: &Status) -> io::Result<()> {
    page::head(out, &format!("OKR status as of {}", status.as_of))?;
    writeln!(out, "<header>\n<h1>OKR status as of {}</h1>\n<dl class=\"facts\">", status.as_of)?;
    let files = match &status.rev {
        Some(rev) => format!("commit <code>{}</code>", Html(rev)),
        None => "the working tree".to_owned(),
    };
    writeln!(out, "<dt>Files read from</dt><dd>{files}</dd>")?;
    let shallow = if status.shallow { "yes: check-ins before its oldest commit are missing" } else { "no" };
    writeln!(
        out,
        "<dt>Shallow clone</dt><dd>{shallow}</dd>\n</dl>\n<div id=\"filter-place\"></div>\n</header>\n<main>"
    )?;
    if status.periods.is_empty() {
        writeln!(out, "<p>No objectives for the periods asked for.</p>")?;
    }
    for (p, period) in status.periods.iter().enumerate() {
        writeln!(out, "<h2>{} <span class=\"meta\">({} to {})</span></h2>", period.period, period.start, period.end)?;
        for (t, team) in period.teams.iter().enumerate() {
            team_section(out, team, &format!("p{p}-team-{t}"))?;
        }
    }
    writeln!(out, "</main>")?;
    page::foot(out)
}

fn team_section(out: &mut dyn Write, team: &TeamStatus, id: &str) -> io::Result<()> {
    let score = team.score.map_or_else(|| "–".to_owned(), two_decimals);
    writeln!(
        out,
        "<section class=\"team\" id=\"{id}\" aria-labelledby=\"{id}-h\">\n<h3 id=\"{id}-h\">Team {} \
         <span class=\"meta\">· score {score}</span></h3>",
        Bdi(&team.team)
    )?;
    for objective in &team.objectives {
        objective_part(out, objective)?;
    }
    if !team.health.is_empty() {
        writeln!(out, "<h4>Health metrics</h4>\n<ul>")?;
        for metric in &team.health {
            let unit = metric.unit.as_ref().map(|u| format!(" {}", u.html())).unwrap_or_default();
            let now = metric.current.map_or_else(|| "–".to_owned(), |c| format!("{}{unit}", human(c)));
            writeln!(out, "<li>{}: {} (now {now})</li>", metric.title.html(), metric.status.as_str())?;
        }
        writeln!(out, "</ul>")?;
    }
    writeln!(out, "</section>")
}

fn objective_part(out: &mut dyn Write, objective: &ObjectiveStatus) -> io::Result<()> {
    writeln!(out, "<article class=\"objective\">\n<h4>{}</h4>", objective.title.html())?;
    let pace = objective.status.map(|p| format!(" · {}", p.as_str())).unwrap_or_default();
    let owner = objective.owner.as_ref().map(|o| format!(" · owner {}", o.html())).unwrap_or_default();
    writeln!(
        out,
        "<p class=\"meta\"><code>{}</code> · {} · score {}{pace}{owner}</p>",
        Bdi(&objective.canonical.to_string()),
        objective.kind.as_str(),
        score_and_grade(objective.score, objective.grade),
    )?;
    writeln!(
        out,
        "<div class=\"table-wrap\"><table class=\"sortable\">\n<thead><tr><th scope=\"col\">key result</th>\
         <th scope=\"col\">measurement</th><th scope=\"col\">score</th><th scope=\"col\">grade</th>\
         <th scope=\"col\">owner</th><th scope=\"col\">latest check-in</th><th scope=\"col\">due</th>\
         <th scope=\"col\">note</th></tr></thead>\n<tbody>"
    )?;
    for kr in &objective.key_results {
        key_result(out, kr)?;
    }
    writeln!(out, "</tbody></table></div>\n</article>")
}

fn key_result(out: &mut dyn Write, kr: &KeyResultStatus) -> io::Result<()> {
    let latest = kr.latest_checkin.as_ref().map_or_else(
        || "none".to_owned(),
        |c| format!("{} <code>{}</code> {}", c.date, Html(short(&c.commit)), c.author.html()),
    );
    let confidence = kr.confidence.map(|c| format!("confidence {} ", human(c))).unwrap_or_default();
    let note = kr.note.as_ref().map(|n| n.html().to_string()).unwrap_or_default();
    writeln!(
        out,
        "<tr><th scope=\"row\">{}</th><td>{}</td><td class=\"num\">{}</td><td>{}</td><td>{}</td><td>{latest}</td>\
         <td>{}</td><td>{confidence}{note}</td></tr>",
        kr.title.html(),
        kr.measurement.html(),
        two_decimals(kr.score),
        grade(kr.grade),
        kr.owner.as_ref().map(|o| o.html().to_string()).unwrap_or_default(),
        if kr.due { "due" } else { "" },
    )?;
    Ok(())
}
