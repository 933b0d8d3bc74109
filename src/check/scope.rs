//! Which findings block a command: those in the files it reads. A command
//! that shows part of the OKRs (`--period`, `--team`, path arguments) reads
//! the files it shows and, transitively, the files their objectives align
//! to; an error anywhere else is not its business, and is only counted, so
//! that one team's unfinished draft does not stop everyone else's scores.

use std::collections::BTreeSet;

use crate::findings::{Diagnostic, FileId, Severity};
use crate::index::{outline, Index, Resolution};
use crate::load::Workspace;
use crate::model::Document;
use crate::period::Period;
use crate::refs::Reference;

/// What a command asked to see.
#[derive(Debug, Clone, Copy, Default)]
pub struct Asked<'a> {
    /// The files named by path arguments; `None` for every file.
    pub named: Option<&'a BTreeSet<FileId>>,
    /// Only these periods; empty for every period.
    pub periods: &'a [Period],
    /// Only these teams; empty for every team.
    pub teams: &'a [String],
}

impl Asked<'_> {
    /// Whether file `id`, holding `document`, is one the command shows. A
    /// file okr cannot read into a document may be of any team and period,
    /// so it counts as shown when it is among the files named.
    pub fn shows(&self, id: FileId, document: Option<&Document>) -> bool {
        self.named.is_none_or(|named| named.contains(&id))
            && document.is_none_or(|d| {
                (self.periods.is_empty() || self.periods.contains(&d.period))
                    && (self.teams.is_empty() || self.teams.contains(&d.team))
            })
    }
}

/// The files a command reads: those it shows, and the files their
/// objectives align to, transitively (a reference that does not resolve
/// leads nowhere; its finding is in the file that wrote it).
pub fn files_read(workspace: &Workspace, asked: &Asked<'_>) -> BTreeSet<FileId> {
    let outlines: Vec<_> = workspace.documents().map(|(file, document)| (file, outline(document))).collect();
    let index = Index::build(outlines.iter().map(|(file, outline)| (*file, outline)));
    let mut read = BTreeSet::new();
    let mut queue: Vec<FileId> =
        (0..workspace.files.len()).filter(|id| asked.shows(*id, workspace.files[*id].document.as_ref())).collect();
    while let Some(file) = queue.pop() {
        if !read.insert(file) {
            continue;
        }
        let Some(document) = &workspace.files[file].document else { continue };
        for text in document.objectives.iter().flat_map(|o| &o.aligns_to) {
            let Some(reference) = Reference::parse(text) else { continue };
            if let Resolution::Found { position, .. } = index.resolve(document.period, &reference) {
                queue.push(index.all()[position].file);
            }
        }
    }
    read
}

/// The errors among `findings` that block a command reading the files
/// `read`: an error in one of them, or that points at one (the first of
/// two duplicates); and how many other errors there are, in how many files.
pub fn blocking(findings: Vec<Diagnostic>, read: &BTreeSet<FileId>) -> (Vec<Diagnostic>, Elsewhere) {
    let mut blocking = Vec::new();
    let mut elsewhere = Elsewhere::default();
    let mut other_files = BTreeSet::new();
    for finding in findings.into_iter().filter(|d| d.severity == Severity::Error) {
        let touches = std::iter::once(finding.file).chain(finding.related.iter().map(|r| r.file));
        if touches.into_iter().any(|file| read.contains(&file)) {
            blocking.push(finding);
        } else {
            elsewhere.errors += 1;
            other_files.insert(finding.file);
        }
    }
    elsewhere.files = other_files.len();
    (blocking, elsewhere)
}

/// Errors in files a command does not read: counted, for one warning line.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Elsewhere {
    /// How many errors.
    pub errors: usize,
    /// In how many files.
    pub files: usize,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;
    use crate::load::{collect, read_buffer, Contents};

    fn workspace(files: &[&str]) -> Workspace {
        let limit = Config::default().limits.file_size_max;
        collect(
            files
                .iter()
                .enumerate()
                .map(|(id, text)| {
                    let name = format!("f{id}.okr.yaml");
                    read_buffer(id, name.clone(), name.into(), Contents::Bytes(text.as_bytes().to_vec()), limit)
                })
                .collect(),
        )
    }

    fn file(team: &str, period: &str, objective: &str, aligns_to: &str) -> String {
        let aligns = if aligns_to.is_empty() { String::new() } else { format!("    aligns_to: [{aligns_to}]\n") };
        let key_results = "    key_results:\n      - id: k\n        title: K\n        done: false\n";
        format!("version: 1\nteam: {team}\nperiod: {period}\nobjectives:\n  - id: {objective}\n    title: T\n{aligns}{key_results}")
    }

    #[test]
    fn the_files_read_are_those_shown_and_what_they_align_to_transitively() {
        let files = [
            file("company", "2026", "grow", ""),
            file("product", "2026-H2", "ship", "company/grow"),
            file("web", "2026-Q3", "fast", "product/ship"),
            file("web", "2026-Q4", "faster", "product/ship"),
            file("mobile", "2026-Q3", "app", ""),
            "team: [broken".to_owned(),
        ];
        let texts: Vec<&str> = files.iter().map(String::as_str).collect();
        let workspace = workspace(&texts);
        let q3 = ["2026-Q3".parse().expect("a period")];
        let web = ["web".to_owned()];
        let asked = Asked { named: None, periods: &q3, teams: &web };
        assert_eq!(files_read(&workspace, &asked), BTreeSet::from([0, 1, 2, 5]), "an unreadable file may be web's");
        let named = BTreeSet::from([4]);
        let asked = Asked { named: Some(&named), ..Asked::default() };
        assert_eq!(files_read(&workspace, &asked), BTreeSet::from([4]));
        let named = BTreeSet::from([3, 4]);
        let asked = Asked { named: Some(&named), periods: &q3, teams: &[] };
        assert_eq!(files_read(&workspace, &asked), BTreeSet::from([4]), "the Q4 file is not of the period");
        assert_eq!(files_read(&workspace, &Asked::default()).len(), files.len());
    }
}
