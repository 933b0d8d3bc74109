//! `okr check` for people: each finding with the source snippet under it
//! (miette), then a summary line.

use std::io::{self, Write};

use miette::{GraphicalReportHandler, GraphicalTheme, LabeledSpan, MietteDiagnostic, NamedSource, Report};

use crate::check::{Counts, Diagnostic, Severity};
use crate::load::{SourceFile, Workspace};
use crate::render::plural;

pub struct Options {
    pub color: bool,
    /// No summary line.
    pub quiet: bool,
}

pub fn check(out: &mut dyn Write, workspace: &Workspace, findings: &[Diagnostic], options: &Options) -> io::Result<()> {
    let theme = if options.color { GraphicalTheme::unicode() } else { GraphicalTheme::unicode_nocolor() };
    let handler = GraphicalReportHandler::new_themed(theme).with_width(100).with_links(false);
    for finding in findings {
        let report = report(finding, workspace);
        let mut text = String::new();
        handler.render_report(&mut text, report.as_ref()).map_err(io::Error::other)?;
        write!(out, "{text}")?;
        writeln!(out)?;
    }
    if !options.quiet {
        writeln!(out, "{}", summary(workspace.files.len(), Counts::of(findings)))?;
    }
    Ok(())
}

/// "Checked 12 files: 2 errors, 1 warning."
pub fn summary(files: usize, counts: Counts) -> String {
    let found = match (counts.errors, counts.warnings) {
        (0, 0) => "no findings".to_owned(),
        (errors, 0) => plural(errors, "error"),
        (0, warnings) => plural(warnings, "warning"),
        (errors, warnings) => format!("{}, {}", plural(errors, "error"), plural(warnings, "warning")),
    };
    format!("Checked {}: {found}.", plural(files, "file"))
}

fn report(finding: &Diagnostic, workspace: &Workspace) -> Report {
    let file: &SourceFile = &workspace.files[finding.file];
    let source = visible(&file.text);
    let position = format!("{}:{}:{}", visible(&file.display), finding.span.line, finding.span.column);
    let mut diagnostic = MietteDiagnostic::new(format!("{} [{position}]", visible(&finding.message)))
        .with_code(finding.code.name())
        .with_severity(match finding.severity {
            Severity::Error => miette::Severity::Error,
            Severity::Warning => miette::Severity::Warning,
        })
        .with_label(LabeledSpan::new_primary_with_span(None, finding.span.byte_range(&source)));
    let mut help = visible(finding.help.as_deref().unwrap_or_default());
    for related in &finding.related {
        if related.file == finding.file {
            diagnostic = diagnostic.and_label(LabeledSpan::new_with_span(
                Some(visible(&related.message)),
                related.span.byte_range(&source),
            ));
        } else {
            let other = visible(&workspace.files[related.file].display);
            let note = format!("{}: {other}:{}:{}", visible(&related.message), related.span.line, related.span.column);
            help = if help.is_empty() { note } else { format!("{help}\n{note}") };
        }
    }
    if !help.is_empty() {
        diagnostic = diagnostic.with_help(help);
    }
    Report::new(diagnostic).with_source_code(NamedSource::new(visible(&file.display), source))
}

/// `text` with every control character but tab and line breaks shown as
/// U+FFFD, one character for one, so that character spans still fit: a
/// hostile file (an escaped `"\e[2J"` in a title, a file named with an
/// escape) cannot drive the terminal of whoever runs `okr check`.
fn visible(text: &str) -> String {
    text.chars().map(|c| if c.is_control() && !matches!(c, '\t' | '\n' | '\r') { '\u{fffd}' } else { c }).collect()
}
