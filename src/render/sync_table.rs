//! `okr sync` for people: one line per key result (what changed, what kept
//! its value, what failed and why, with what the source returned), then the
//! files written and the commit. Every name and every word a source returned
//! goes through the terminal's sanitiser.

use std::io::{self, Write};

use crate::render::safe::Terminal;
use crate::sync::{Change, Reading, Report};

/// Write `report`; `quiet` (`-q`) leaves out only the summary line: a failure
/// still says which key result, which source and why.
pub fn render(out: &mut dyn Write, report: &Report, quiet: bool) -> io::Result<()> {
    let value = |r: Option<Reading>| r.map_or("(none)".to_owned(), Reading::as_checkin_value);
    for outcome in &report.results {
        let (reference, source) = (Terminal(&outcome.canonical.to_string()).to_string(), outcome.source.terminal());
        match &outcome.change {
            Change::Changed { old, new } => {
                let verb = if report.dry_run { "would change" } else { "changed" };
                writeln!(out, "{reference}: {verb} {} → {} (from {source})", value(*old), value(*new))?;
            }
            Change::Unchanged { value: v } => writeln!(out, "{reference}: unchanged {} (from {source})", value(*v))?,
            Change::Failed { error, .. } => {
                writeln!(out, "{reference}: failed (source {source}): {}", error.reason.terminal())?;
                if !error.returned.as_str().is_empty() {
                    writeln!(out, "  returned: {}", error.returned.terminal())?;
                }
            }
        }
    }
    for file in &report.written {
        writeln!(out, "wrote {}", file.terminal())?;
    }
    if let Some(commit) = &report.commit {
        writeln!(out, "committed {}", Terminal(&commit[..commit.len().min(12)]))?;
    }
    if quiet {
        return Ok(());
    }
    let s = report.summary;
    let noun = if report.results.len() == 1 { "key result" } else { "key results" };
    let changed = if report.dry_run { "would change" } else { "changed" };
    writeln!(
        out,
        "{} {noun} with a source: {} {changed}, {} unchanged, {} failed",
        report.results.len(),
        s.changed,
        s.unchanged,
        s.failed
    )
}
