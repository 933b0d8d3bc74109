//! `okr check`: every rule over every file, findings as data.
//!
//! The rules come in two kinds. Those of one document run on each file on its
//! own ([`file_rules`]); those across files (duplicates, objectives per team,
//! alignment and its loops) run on the [`Index`] of every file's outline
//! ([`across_files`]). So a caller may keep a file's findings and outline,
//! drop its document, and run only the rules across files again when another
//! file changes ([`incremental::LiveWorkspace`]).

mod cycles;
mod document_rules;
pub mod incremental;
mod workspace_rules;

use rayon::prelude::*;

use crate::config::Config;
use crate::findings::{Diagnostic, FileId};
use crate::index::{outline, Index, ObjectiveOutline};
use crate::load::{SourceFile, Workspace};

/// All findings of a workspace: those of reading the files, then the rules,
/// at the severities of the configuration (rules turned off are dropped),
/// sorted by file, position and code.
pub fn run(workspace: &Workspace, config: &Config) -> Vec<Diagnostic> {
    let per_file: Vec<(Vec<Diagnostic>, Vec<ObjectiveOutline>)> = workspace
        .files
        .par_iter()
        .enumerate()
        .map(|(file, source)| {
            let mut found = Vec::new();
            let outline = file_rules(file, source, config, &mut found);
            (found, outline)
        })
        .collect();
    let mut findings = workspace.diagnostics.clone();
    findings.extend(per_file.iter().flat_map(|(found, _)| found.iter().cloned()));
    let index = Index::build(per_file.iter().enumerate().map(|(file, (_, outline))| (file, outline.as_slice())));
    across_files(&index, config, &mut findings);
    finish(findings, config)
}

/// The rules of one document on file `file` (nothing when it holds no
/// model), and the outline the rules across files need of it.
pub fn file_rules(
    file: FileId,
    source: &SourceFile,
    config: &Config,
    out: &mut Vec<Diagnostic>,
) -> Vec<ObjectiveOutline> {
    let Some(document) = &source.document else { return Vec::new() };
    document_rules::check(file, document, &source.facts, config, out);
    outline(document)
}

/// The rules across files, over the index of every file's outline.
pub fn across_files(index: &Index<'_>, config: &Config, out: &mut Vec<Diagnostic>) {
    workspace_rules::check(index, config, out);
}

/// Findings at the severities of the configuration (rules turned off are
/// dropped), sorted by file, position, code and message.
pub fn finish(findings: Vec<Diagnostic>, config: &Config) -> Vec<Diagnostic> {
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
