//! Which key result a `checkin` REF names: `team/objective/kr[@period]`,
//! the latest period that has it when no period is given.

use crate::error::{Error, Suggestions};
use crate::findings::FileId;
use crate::load::Workspace;
use crate::period::Period;
use crate::refs::{CanonicalRef, Reference};

/// A key result found in a file.
#[derive(Debug, Clone, PartialEq)]
pub struct Found {
    pub file: FileId,
    pub canonical: CanonicalRef,
    /// Where the key result starts, for listing candidates.
    pub line: u32,
}

/// The one key result `text` names, or an error that lists the candidates.
pub fn key_result(workspace: &Workspace, text: &str) -> Result<Found, Error> {
    let reference = Reference::parse_argument(text)
        .filter(|r| r.key_result.is_some())
        .ok_or_else(|| Error::NotAKeyResultReference { text: text.to_owned() })?;
    let all = every_key_result(workspace);
    let same_name = |f: &&Found| {
        f.canonical.team == reference.team
            && f.canonical.objective == reference.objective
            && f.canonical.key_result == reference.key_result
    };
    let named: Vec<&Found> = all.iter().filter(same_name).collect();
    let in_period: Vec<&Found> = match reference.period {
        Some(period) => named.iter().copied().filter(|f| f.canonical.period == period).collect(),
        None => latest(&named),
    };
    match in_period.as_slice() {
        [one] => Ok((*one).clone()),
        [] => Err(unknown(workspace, text, &reference, &all)),
        several => Err(Error::AmbiguousKeyResult {
            text: text.to_owned(),
            candidates: several.iter().map(|f| listing(workspace, f)).collect(),
        }),
    }
}

/// The candidates in the latest period: the one that starts last (a quarter
/// after the year that encloses it). Periods that start on the same day (2026,
/// 2026-H1, 2026-Q1) are all kept, and make the reference ambiguous.
fn latest<'f>(named: &[&'f Found]) -> Vec<&'f Found> {
    let start = |p: Period| p.dates(1).0;
    let Some(last) = named.iter().map(|f| start(f.canonical.period)).max() else { return Vec::new() };
    named.iter().copied().filter(|f| start(f.canonical.period) == last).collect()
}

fn every_key_result(workspace: &Workspace) -> Vec<Found> {
    let mut all = Vec::new();
    for (file, document) in workspace.documents() {
        for objective in &document.objectives {
            for kr in &objective.key_results {
                all.push(Found {
                    file,
                    canonical: CanonicalRef::key_result(&document.team, &objective.id, &kr.id, document.period),
                    line: kr.spans.node.line,
                });
            }
        }
    }
    all
}

fn listing(workspace: &Workspace, found: &Found) -> String {
    format!("  {} ({}:{})", found.canonical, workspace.files[found.file].display.as_str(), found.line)
}

fn unknown(workspace: &Workspace, text: &str, reference: &Reference, all: &[Found]) -> Error {
    let wanted =
        format!("{}/{}/{}", reference.team, reference.objective, reference.key_result.as_deref().unwrap_or(""));
    let mut close: Vec<(usize, &Found)> = all
        .iter()
        .map(|f| {
            let name = format!(
                "{}/{}/{}",
                f.canonical.team,
                f.canonical.objective,
                f.canonical.key_result.as_deref().unwrap_or("")
            );
            (crate::load::reader::levenshtein(&wanted, &name), f)
        })
        .filter(|(d, _)| *d <= (wanted.len() / 4).max(3))
        .collect();
    close.sort_by(|a, b| a.0.cmp(&b.0).then_with(|| a.1.canonical.cmp(&b.1.canonical)));
    // Nothing close by name: the key results of the objective named, if it exists.
    let siblings: Vec<&Found> = all
        .iter()
        .filter(|f| f.canonical.team == reference.team && f.canonical.objective == reference.objective)
        .collect();
    let suggestions = if close.is_empty() && siblings.is_empty() {
        Suggestions::Nothing
    } else if close.is_empty() {
        Suggestions::Siblings(siblings.iter().map(|f| listing(workspace, f)).collect())
    } else {
        Suggestions::Close(close.iter().take(5).map(|(_, f)| listing(workspace, f)).collect())
    };
    let unreadable =
        workspace.files.iter().filter(|f| f.document.is_none()).map(|f| f.display.as_str().to_owned()).collect();
    Error::UnknownKeyResult { text: text.to_owned(), suggestions, unreadable }
}
