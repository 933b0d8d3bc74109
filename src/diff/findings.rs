//! The findings a change adds: the checks run on both sides, and a head
//! finding is new unless the base has one with the same code, file and
//! message. Lines are not compared: a finding that only moved because lines
//! were added above it is not new.

use std::collections::HashMap;

use serde::Serialize;

use crate::diff::Side;
use crate::findings::{Code, Counts, Diagnostic, Severity};
use crate::load::Workspace;
use crate::span::Position;
use crate::text::Text;

/// The findings the head side adds over the base side, with their counts.
#[derive(Debug, Serialize)]
pub struct CheckDelta {
    /// How many new findings are errors.
    pub errors: usize,
    /// How many new findings are warnings.
    pub warnings: usize,
    /// The new findings, in file order.
    pub findings: Vec<NewFinding>,
}

/// A finding of the head side, as `okr check --format json` writes it.
#[derive(Debug, Serialize)]
pub struct NewFinding {
    /// The rule that found it.
    pub code: Code,
    /// Its severity under the configuration.
    pub severity: Severity,
    /// The file, as shown to users.
    pub file: Text,
    /// Where in the file it starts and ends.
    #[serde(flatten)]
    pub position: Position,
    /// What is wrong.
    pub message: Text,
    /// What to do about it, when okr can say.
    pub help: Option<Text>,
}

/// The findings of `head` that `base` lacks, each side checked with its
/// own configuration: a change to okr.toml (a source removed that a file
/// still names, a rule switched on) brings its findings with it.
pub fn new_findings(base: Side<'_>, head: Side<'_>) -> CheckDelta {
    let before = crate::check::run(base.workspace, base.config);
    let after = crate::check::run(head.workspace, head.config);
    added(base.workspace, &before, head.workspace, &after)
}

/// `after` minus `before`, counting duplicates: a second identical finding on
/// the head side is new when the base had only one.
fn added(base: &Workspace, before: &[Diagnostic], head: &Workspace, after: &[Diagnostic]) -> CheckDelta {
    let identity =
        |workspace: &Workspace, d: &Diagnostic| (d.code, workspace.files[d.file].display.clone(), d.message.clone());
    let mut known: HashMap<(Code, Text, String), usize> = HashMap::new();
    for d in before {
        *known.entry(identity(base, d)).or_default() += 1;
    }
    let mut fresh = Vec::new();
    for d in after {
        match known.get_mut(&identity(head, d)) {
            Some(count) if *count > 0 => *count -= 1,
            _ => fresh.push(d.clone()),
        }
    }
    let counts = Counts::of(&fresh);
    CheckDelta {
        errors: counts.errors,
        warnings: counts.warnings,
        findings: fresh
            .into_iter()
            .map(|d| NewFinding {
                code: d.code,
                severity: d.severity,
                file: head.files[d.file].display.clone(),
                position: d.span.into(),
                message: d.message.into(),
                help: d.help.map(Text::from),
            })
            .collect(),
    }
}
