//! `okr diff --format table`: for the terminal. A header naming both sides, a
//! summary line, one row per change, then the new findings.

use std::io::{self, Write};

use comfy_table::{Cell, Color};

use crate::diff::{ChangeKind, Diff, Flag};
use crate::findings::Severity;
use crate::render::diff_text::capitalised;
use crate::render::diff_text::{self, Labels};
use crate::render::fit::Screen;
use crate::render::safe::Terminal;
use crate::render::score_table::write_table;

/// Write `diff` as a table for `screen`: coloured, and fitted to its width, as it says.
pub fn render(out: &mut dyn Write, diff: &Diff, labels: &Labels, screen: Screen) -> io::Result<()> {
    let comparing = format!("Comparing {}", diff_text::sides(diff, labels, |name| Terminal(name).to_string()));
    // Cut, not wrapped: the names are data, and a line wrapped at one of
    // their spaces could begin with what the sanitiser escapes only at a
    // line's start (`::`).
    writeln!(out, "{}", screen.cut(&comparing))?;
    let mut summary = diff_text::changes_sentence(diff);
    if let Some(flags) = diff_text::flags_sentence(diff) {
        summary.push_str(&format!("; flags: {flags}"));
    }
    for line in screen.wrap(&format!("{}; {}.", capitalised(&summary), diff_text::findings_sentence(diff))) {
        writeln!(out, "{line}")?;
    }
    if !diff.changes.is_empty() {
        let header = ["change", "objective / key result", "what changed", "score", "flags"];
        write_table(out, screen, &header, &|add_row| {
            for change in &diff.changes {
                let colour = match change.change {
                    ChangeKind::Added => Color::Green,
                    ChangeKind::Removed => Color::Red,
                    ChangeKind::Modified => Color::Yellow,
                };
                let flags: Vec<&str> = change.flags.iter().map(|f| f.words()).collect();
                let warn =
                    change.flags.iter().any(|f| matches!(f, Flag::AmbitionLowered | Flag::CommittedToAspirational));
                let mut flags = Cell::new(flags.join("\n"));
                if warn {
                    flags = flags.fg(Color::Red);
                }
                add_row(vec![
                    Cell::new(change.change.as_str()).fg(colour),
                    Cell::new(format!(
                        "{}\n  {}",
                        Terminal(&change.canonical.to_string()),
                        change.title.terminal().shortened(60)
                    )),
                    Cell::new(diff_text::what(change, 32, |text, max| Terminal(text).shortened(max)).join("\n")),
                    Cell::new(diff_text::score(change)),
                    flags,
                ]);
            }
        })?;
    }
    if !diff.config.is_empty() {
        writeln!(out, "okr.toml:")?;
        for change in &diff.config {
            let show: diff_text::Show = |text, max| Terminal(text).shortened(max);
            writeln!(out, "{}", screen.cut(&format!("  {}", diff_text::config_heading(change, show))))?;
            for setting in diff_text::config_settings(change, 60, show) {
                writeln!(out, "{}", screen.cut(&format!("    {setting}")))?;
            }
        }
    }
    if !diff.objective_scores.is_empty() {
        writeln!(out, "Objective scores:")?;
        for m in &diff.objective_scores {
            let line = format!("  {} {}", Terminal(&m.canonical.to_string()), diff_text::score_move(m.old, m.new));
            writeln!(out, "{}", screen.cut(&line))?;
        }
    }
    if !diff.check.findings.is_empty() {
        writeln!(out, "New findings:")?;
        for finding in &diff.check.findings {
            let severity = match finding.severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
            };
            let line = format!(
                "  {}:{}:{}: {severity}[{}]: {}",
                finding.file.terminal(),
                finding.position.line,
                finding.position.column,
                finding.code,
                finding.message.terminal()
            );
            writeln!(out, "{}", screen.cut(&line))?;
        }
    }
    Ok(())
}
