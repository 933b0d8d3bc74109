//! `okr check --format github`: GitHub Actions workflow commands, which the
//! runner turns into annotations on the pull request's files.
//!
//! GitHub shows only the first 10 error and 10 warning annotations of a step
//! and drops the rest without a word, so okr writes at most
//! [`Options::max_per_level`] of each, most severe first, then by file and
//! line, and one `::notice` saying how many it left out and where they are.

use std::io::{self, Write};
use std::path::Path;

use crate::findings::{Diagnostic, Severity};
use crate::load::Workspace;
use crate::render::safe::{AnnotationData, AnnotationProperty};

/// GitHub's own limit of annotations per level and step.
pub const MAX_PER_LEVEL: usize = 10;

/// How the annotations are written.
#[derive(Debug, Clone, Copy)]
pub struct Options {
    /// At most this many annotations of each level (error, warning).
    pub max_per_level: usize,
    /// The human output, which lists every finding, comes before them in
    /// the same log: the notice points there, else to `okr check`.
    pub after_human: bool,
}

impl Default for Options {
    fn default() -> Options {
        Options { max_per_level: MAX_PER_LEVEL, after_human: false }
    }
}

/// Write `findings` as GitHub Actions workflow commands: an annotation each,
/// up to the limit per level, with paths relative to the repository `root`
/// (where GitHub places them, whatever the step's working directory).
pub fn check(
    out: &mut dyn Write,
    workspace: &Workspace,
    findings: &[Diagnostic],
    root: &Path,
    options: &Options,
) -> io::Result<()> {
    let paths = crate::render::repository_paths(workspace, root);
    let mut order: Vec<&Diagnostic> = findings.iter().collect();
    order.sort_by(|a, b| {
        (a.severity, paths[a.file].as_str(), a.span.line, a.span.column).cmp(&(
            b.severity,
            paths[b.file].as_str(),
            b.span.line,
            b.span.column,
        ))
    });
    let (mut errors, mut warnings) = (0, 0);
    let (mut left_errors, mut left_warnings) = (0, 0);
    for d in order {
        let (command, written, left) = match d.severity {
            Severity::Error => ("error", &mut errors, &mut left_errors),
            Severity::Warning => ("warning", &mut warnings, &mut left_warnings),
        };
        if *written == options.max_per_level {
            *left += 1;
            continue;
        }
        *written += 1;
        let mut message = d.message.clone();
        if let Some(help) = &d.help {
            message.push_str("\nhelp: ");
            message.push_str(help);
        }
        writeln!(
            out,
            "::{command} file={},line={},col={},endLine={},endColumn={},title={}::{}",
            paths[d.file].annotation_property(),
            d.span.line,
            d.span.column,
            d.span.end_line,
            d.span.end_column,
            AnnotationProperty(d.code.name()),
            AnnotationData(&message),
        )?;
    }
    if left_errors + left_warnings > 0 {
        let mut left = Vec::new();
        if left_errors > 0 {
            left.push(format!("{left_errors} more {}", if left_errors == 1 { "error" } else { "errors" }));
        }
        if left_warnings > 0 {
            left.push(format!("{left_warnings} more {}", if left_warnings == 1 { "warning" } else { "warnings" }));
        }
        let place = if options.after_human {
            "the log above lists every finding"
        } else {
            "run `okr check` to list every finding"
        };
        writeln!(
            out,
            "::notice title=okr check::{} not annotated (at most {} per level); {}",
            left.join(" and "),
            options.max_per_level,
            place,
        )?;
    }
    Ok(())
}
