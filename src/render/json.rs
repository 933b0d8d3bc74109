//! `okr check --format json`: a versioned wire format of its own.

use std::io::{self, Write};

use serde::Serialize;

use crate::findings::{Code, Counts, Diagnostic, Severity};
use crate::load::Workspace;
use crate::render::safe::JsonFormatter;
use crate::span::Position;
use crate::text::Text;

#[derive(Serialize)]
struct CheckOutput<'a> {
    version: u32,
    files: usize,
    errors: usize,
    warnings: usize,
    diagnostics: Vec<WireDiagnostic<'a>>,
}

#[derive(Serialize)]
struct WireDiagnostic<'a> {
    code: Code,
    severity: Severity,
    file: &'a Text,
    #[serde(flatten)]
    position: Position,
    message: &'a str,
    help: Option<&'a str>,
    related: Vec<WireRelated<'a>>,
}

#[derive(Serialize)]
struct WireRelated<'a> {
    file: &'a Text,
    #[serde(flatten)]
    position: Position,
    message: &'a str,
}

/// Write `findings` as okr's JSON report.
pub fn check(out: &mut dyn Write, workspace: &Workspace, findings: &[Diagnostic]) -> io::Result<()> {
    let counts = Counts::of(findings);
    let output = CheckOutput {
        version: 1,
        files: workspace.files_checked(),
        errors: counts.errors,
        warnings: counts.warnings,
        diagnostics: findings
            .iter()
            .map(|d| WireDiagnostic {
                code: d.code,
                severity: d.severity,
                file: &workspace.files[d.file].display,
                position: d.span.into(),
                message: &d.message,
                help: d.help.as_deref(),
                related: d
                    .related
                    .iter()
                    .map(|r| WireRelated {
                        file: &workspace.files[r.file].display,
                        position: r.span.into(),
                        message: &r.message,
                    })
                    .collect(),
            })
            .collect(),
    };
    write_json(out, &output)
}

/// Pretty JSON and a final newline, its strings inert for a terminal and a
/// CI runner (see [`JsonFormatter`]).
pub fn write_json(out: &mut dyn Write, value: &impl Serialize) -> io::Result<()> {
    value.serialize(&mut serde_json::Serializer::with_formatter(&mut *out, JsonFormatter::new()))?;
    writeln!(out)
}
