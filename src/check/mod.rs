//! `okr check`: every rule over every file, findings as data.

mod document_rules;
mod workspace_rules;

use rayon::prelude::*;

use crate::config::Config;
use crate::index::Index;
use crate::load::Workspace;

use crate::findings::Diagnostic;

/// All findings of a workspace: those of reading the files, then the rules,
/// at the severities of the configuration (rules turned off are dropped),
/// sorted by file, position and code.
pub fn run(workspace: &Workspace, config: &Config) -> Vec<Diagnostic> {
    // The index is built on one thread while the others check documents.
    let (index, per_document) = rayon::join(
        || Index::build(workspace),
        || -> Vec<Vec<Diagnostic>> {
            workspace
                .files
                .par_iter()
                .enumerate()
                .filter_map(|(file, source)| {
                    let document = source.document.as_ref()?;
                    let mut found = Vec::new();
                    document_rules::check(file, document, config, &mut found);
                    Some(found)
                })
                .collect()
        },
    );
    let mut findings = workspace.diagnostics.clone();
    findings.extend(per_document.into_iter().flatten());
    workspace_rules::check(&index, config, &mut findings);
    let mut findings: Vec<Diagnostic> = findings
        .into_iter()
        .filter_map(|mut finding| {
            finding.severity = config.severity(finding.code)?;
            Some(finding)
        })
        .collect();
    findings.sort_by(|a, b| {
        let key = |d: &Diagnostic| (d.file, d.span.line, d.span.column, d.code);
        key(a).cmp(&key(b)).then_with(|| a.message.cmp(&b.message))
    });
    findings
}
