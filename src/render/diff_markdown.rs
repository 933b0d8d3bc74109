//! `okr diff --format markdown`: made to be posted as a pull-request comment
//! or appended to `$GITHUB_STEP_SUMMARY`. A summary line first (what a
//! reviewer reads in the notification), then one table per team, flags in
//! words, and the findings the change adds, each with what to do about it.

use std::io::{self, Write};

use crate::diff::{ChangeKind, Diff, Flag};
use crate::findings::Severity;
use crate::render::diff_text::{self, capitalised, Labels};
use crate::render::safe::{Code, Markdown};

/// Write `diff` as the Markdown summary a pull-request comment shows.
pub fn render(out: &mut dyn Write, diff: &Diff, labels: &Labels) -> io::Result<()> {
    writeln!(out, "## OKR changes\n")?;
    let mut summary = vec![format!("**{}**", capitalised(&diff_text::changes_sentence(diff)))];
    if let Some(flags) = diff_text::flags_sentence(diff) {
        let worrying = diff.changes.iter().flat_map(|c| &c.flags).any(|f| emoji(*f) == "⚠️");
        summary.push(if worrying { format!("⚠️ {flags}") } else { flags });
    }
    let findings_mark = match (diff.check.errors, diff.check.warnings) {
        (0, 0) => "✅",
        (0, _) => "⚠️",
        _ => "❌",
    };
    summary.push(format!("{findings_mark} {}", diff_text::findings_sentence(diff)));
    writeln!(out, "{}\n", summary.join(" · "))?;
    writeln!(out, "Comparing {}.\n", diff_text::sides(diff, labels, |name| Code(name).to_string()))?;
    for (team, changes) in diff.by_team() {
        writeln!(out, "### {}\n", Markdown(team))?;
        writeln!(out, "| change | objective / key result | what changed | score | notes |")?;
        writeln!(out, "|---|---|---|---|---|")?;
        for change in changes {
            let name = change.canonical.to_string();
            let name = name.strip_prefix(&format!("{team}/")).unwrap_or(&name);
            let what = diff_text::what(change, 80, |text, max| Markdown(text).shortened(max));
            let notes: Vec<String> = change
                .flags
                .iter()
                .map(|f| format!("{} {}", emoji(*f), diff_text::flag_explained(*f, change.item)))
                .collect();
            writeln!(
                out,
                "| {} | **{}**<br>{} | {} | {} | {} |",
                mark(change.change),
                change.title.markdown(),
                Code(name),
                what.join("<br>"),
                diff_text::score(change),
                notes.join("<br>"),
            )?;
        }
        writeln!(out)?;
        let moves: Vec<String> = diff
            .team_scores(team)
            .map(|m| {
                let name = m.canonical.to_string();
                let name = name.strip_prefix(&format!("{team}/")).unwrap_or(&name).to_owned();
                format!("{} {}", Code(&name), diff_text::score_move(m.old, m.new))
            })
            .collect();
        if !moves.is_empty() {
            writeln!(out, "Objective scores: {}.\n", moves.join(", "))?;
        }
    }
    if !diff.config.is_empty() {
        writeln!(out, "### okr.toml\n")?;
        for change in &diff.config {
            let show: diff_text::Show = |text, max| Markdown(text).shortened(max);
            let mark = if change.flags.is_empty() { "" } else { "⚠️ " };
            let settings = diff_text::config_settings(change, 80, show);
            let settings: String = settings.iter().map(|s| format!("<br>{s}")).collect();
            writeln!(out, "- {mark}{}{settings}", diff_text::config_heading(change, show))?;
        }
        writeln!(out)?;
    }
    if !diff.check.findings.is_empty() {
        writeln!(out, "### New findings\n")?;
        for finding in &diff.check.findings {
            let severity = match finding.severity {
                Severity::Error => "❌ error",
                Severity::Warning => "⚠️ warning",
            };
            write!(
                out,
                "- {severity} `{}` at {}: {}",
                finding.code,
                Code(&format!("{}:{}:{}", finding.file.as_str(), finding.position.line, finding.position.column)),
                finding.message.message()
            )?;
            // What to do, on a line of its own inside the item: a reviewer
            // reads the fix where the finding is.
            match &finding.help {
                Some(help) => writeln!(out, "<br>help: {}", help.message())?,
                None => writeln!(out)?,
            }
        }
        writeln!(out)?;
    }
    Ok(())
}

fn mark(change: ChangeKind) -> &'static str {
    match change {
        ChangeKind::Added => "➕ added",
        ChangeKind::Removed => "➖ removed",
        ChangeKind::Modified => "✏️ modified",
    }
}

fn emoji(flag: Flag) -> &'static str {
    match flag {
        Flag::AmbitionLowered | Flag::CommittedToAspirational => "⚠️",
        Flag::AmbitionRaised => "⬆️",
        Flag::KindChanged => "🔀",
    }
}
