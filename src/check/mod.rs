//! `okr check`: every rule over every file, findings as data.
//!
//! The rules come in two kinds. Those of one document run on each file on its
//! own ([`file_rules`]); those across files (duplicates, objectives per team,
//! alignment and its loops) run on the [`Index`] of every file's outline
//! ([`across_files`]). So a caller may keep a file's findings and outline,
//! drop its document, and run only the rules across files again when another
//! file changes ([`incremental::LiveWorkspace`]), or check a tree too large
//! to keep every document at once ([`load_and_run`]).

mod cycles;
mod document_rules;
pub mod incremental;
pub mod scope;
mod title_numbers;
mod workspace_rules;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::config::Config;
use crate::error::Error;
use crate::findings::{Diagnostic, FileId};
use crate::index::{outline, FileOutline, Index};
use crate::load::{SourceFile, Workspace};

/// All findings of a workspace: those of reading the files, then the rules,
/// at the severities of the configuration (rules turned off are dropped),
/// sorted by file, position and code.
pub fn run(workspace: &Workspace, config: &Config) -> Vec<Diagnostic> {
    let per_file: Vec<(Vec<Diagnostic>, Option<FileOutline>)> = workspace
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
    let index =
        Index::build(per_file.iter().enumerate().filter_map(|(file, (_, outline))| Some((file, outline.as_ref()?))));
    across_files(&index, config, &mut findings);
    finish(findings, config)
}

/// [`crate::load::workspace`] and [`run`] in one pass that never holds
/// every document at once: each file's document is dropped as soon as its
/// own rules ran and its outline was taken, and its text is kept only when a
/// finding is in it (a file that gets one from the rules across files is
/// read again for its text). The findings are [`run`]'s; the workspace has
/// every file, without documents.
pub fn load_and_run(
    paths: &[PathBuf],
    root: &Path,
    cwd: &Path,
    config: &Config,
) -> Result<(Workspace, Vec<Diagnostic>), Error> {
    Ok(run_on(crate::load::find(paths, root, cwd, config)?, cwd, config))
}

/// [`load_and_run`] on every OKR file under `root` and `paths`, reporting
/// only the findings in the files `paths` names: a path argument narrows
/// what is reported, never what alignment resolves against. The workspace
/// holds those files, and the files their findings point to (the first of
/// two duplicates); without `paths`, every file.
pub fn load_and_run_around(
    paths: &[PathBuf],
    root: &Path,
    cwd: &Path,
    config: &Config,
) -> Result<(Workspace, Vec<Diagnostic>), Error> {
    let (found, named) = crate::load::find_around(paths, root, cwd, config)?;
    let (workspace, findings) = run_on(found, cwd, config);
    let Some(named) = named else { return Ok((workspace, findings)) };
    let findings: Vec<Diagnostic> = findings.into_iter().filter(|d| named.contains(&d.file)).collect();
    let mut kept = named.clone();
    kept.extend(findings.iter().flat_map(|d| d.related.iter().map(|r| r.file)));
    let (mut workspace, findings) = workspace.keep_with(&kept, findings);
    workspace.checked = Some(named.len());
    Ok((workspace, findings))
}

/// [`load_and_run`] on the files `found`, sorted.
fn run_on(found: Vec<PathBuf>, cwd: &Path, config: &Config) -> (Workspace, Vec<Diagnostic>) {
    let checked = crate::load::read_each(found, cwd, config, |file, mut source, read| {
        let mut own = Vec::new();
        let outline = file_rules(file, &source, config, &mut own);
        // Dropped here, on the loading thread, while the next file is read.
        source.document = None;
        source.facts = Default::default();
        if read.is_empty() && own.is_empty() {
            source.text = String::new();
        }
        (source, read, own, outline)
    });
    let mut workspace = Workspace::default();
    let mut own_findings = Vec::new();
    let mut outlines = Vec::with_capacity(checked.len());
    for (source, read, own, outline) in checked {
        workspace.files.push(source);
        workspace.diagnostics.extend(read);
        own_findings.extend(own);
        outlines.push(outline);
    }
    let mut findings = workspace.diagnostics.clone();
    findings.extend(own_findings);
    let index = Index::build(outlines.iter().enumerate().filter_map(|(file, outline)| Some((file, outline.as_ref()?))));
    let before = findings.len();
    across_files(&index, config, &mut findings);
    drop(index);
    drop(outlines);
    let shown: BTreeSet<FileId> = findings[before..]
        .iter()
        .flat_map(|d| std::iter::once(d.file).chain(d.related.iter().map(|r| r.file)))
        .collect();
    let size_limit = config.limits.file_size_max;
    for file in shown {
        let source = &mut workspace.files[file];
        if source.text.is_empty() {
            let (again, _) = crate::load::load_file(file, source.path.clone(), cwd, size_limit);
            source.text = again.text;
        }
    }
    (workspace, finish(findings, config))
}

/// The rules of one document on file `file` (nothing when it holds no
/// model), and the outline the rules across files need of it.
pub fn file_rules(
    file: FileId,
    source: &SourceFile,
    config: &Config,
    out: &mut Vec<Diagnostic>,
) -> Option<FileOutline> {
    let document = source.document.as_ref()?;
    document_rules::check(file, document, &source.facts, config, out);
    Some(outline(document))
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
