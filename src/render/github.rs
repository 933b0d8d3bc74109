//! `okr check --format github`: GitHub Actions workflow commands, which the
//! runner turns into annotations on the pull request's files.

use std::io::{self, Write};

use crate::findings::{Diagnostic, Severity};
use crate::load::Workspace;
use crate::render::safe::{AnnotationData, AnnotationProperty};

/// Write `findings` as GitHub Actions workflow commands, one annotation each.
pub fn check(out: &mut dyn Write, workspace: &Workspace, findings: &[Diagnostic]) -> io::Result<()> {
    for d in findings {
        let command = match d.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        let mut message = d.message.clone();
        if let Some(help) = &d.help {
            message.push_str("\nhelp: ");
            message.push_str(help);
        }
        writeln!(
            out,
            "::{command} file={},line={},col={},endLine={},endColumn={},title={}::{}",
            workspace.files[d.file].display.annotation_property(),
            d.span.line,
            d.span.column,
            d.span.end_line,
            d.span.end_column,
            AnnotationProperty(d.code.name()),
            AnnotationData(&message),
        )?;
    }
    Ok(())
}
