//! A check-in from REF to disk: find the key result, lock the file,
//! plan the edit on the file as it is now, re-check the workspace with the
//! edited file, then write atomically and, when asked, commit. Any failure
//! leaves the file as it was; two check-ins at once never lose an update.
//! The file keeps its owner where the process may give it back, and a file
//! with several hard links, or one a symbolic link leads out of the
//! repository, is refused before anything is written.

use std::path::Path;

use crate::config::Config;
use crate::edit::atomic::{self, OwnershipChanged};
use crate::edit::checkin::{self, Planned, Request};
use crate::edit::lock::FileLock;
use crate::edit::{confine, resolve};
use crate::error::{Error, Refusal};
use crate::findings::{Diagnostic, Severity};
use crate::git::commit;
use crate::load::{read_buffer, Contents, Workspace};
use crate::refs::CanonicalRef;
use crate::text::Text;

/// `--commit` and its `-m`.
#[derive(Debug, Clone, Default)]
pub struct CommitOptions {
    /// Commit the edit (`--commit`).
    pub commit: bool,
    /// The commit message (`-m`); default: what changed.
    pub message: Option<String>,
}

/// What a check-in did.
#[derive(Debug, Clone)]
pub struct Outcome {
    /// The key result checked in.
    pub canonical: CanonicalRef,
    /// The file, as shown to users.
    pub file: Text,
    /// The edit: the new text and what changed.
    pub planned: Planned,
    /// The commit's id and message, with `--commit`.
    pub commit: Option<(String, Text)>,
    /// The owner or group the file could not keep (not running as root).
    pub ownership: Option<OwnershipChanged>,
}

const BOM: &str = "\u{feff}";

/// Check in `reference` among the files of `workspace`, found under `root`.
pub fn run(
    root: &Path,
    workspace: Workspace,
    config: &Config,
    reference: &str,
    request: &Request,
    options: &CommitOptions,
) -> Result<Outcome, Error> {
    let found = resolve::key_result(&workspace, reference)?;
    let source = &workspace.files[found.file];
    let path = source.path.clone();
    let display = source.display.clone();
    let refuse = |refusal: Refusal| Error::CheckinRefused { file: display.as_str().to_owned(), refusal };
    confine::ensure_inside(root, &path, display.as_str(), "")?;
    atomic::ensure_replaceable(&path)?;
    // One writer at a time: held from reading the file to its rename and commit.
    let _lock = FileLock::acquire(&path)?;
    // Edit the file as it is on disk now, BOM and all.
    let bytes = std::fs::read(&path).map_err(|source| Error::Io { path: path.clone(), source })?;
    let text = String::from_utf8(bytes).map_err(|_| refuse(Refusal::NotUtf8))?;
    let (bom, body) = match text.strip_prefix(BOM) {
        Some(body) => (BOM, body),
        None => ("", text.as_str()),
    };
    if body != source.text {
        return Err(refuse(Refusal::ChangedWhileReading));
    }
    let objective = found.canonical.objective.as_str();
    let key_result = found.canonical.key_result.as_deref().expect("a key result ref");
    let planned = checkin::plan(body, objective, key_result, request).map_err(|e| refuse(Refusal::Edit(e)))?;
    let new_bytes = format!("{bom}{}", planned.text).into_bytes();
    let new_errors = recheck(workspace, config, found.file, new_bytes.clone());
    if !new_errors.is_empty() {
        return Err(refuse(Refusal::WouldAddErrors(new_errors)));
    }
    let prepared = if options.commit { Some(commit::prepare(&path)?) } else { None };
    let ownership = atomic::replace_unchanged(&path, text.as_bytes(), &new_bytes)?;
    let commit = match prepared {
        Some(prepared) => {
            let message = options.message.clone().unwrap_or_else(|| default_message(&found.canonical, &planned));
            let id = commit::commit(&prepared, &message)?;
            Some((id.to_string(), message.into()))
        }
        None => None,
    };
    Ok(Outcome { canonical: found.canonical, file: display, planned, commit, ownership })
}

/// `okr: check in REF: OLD → NEW`.
pub fn default_message(canonical: &CanonicalRef, planned: &Planned) -> String {
    let change = &planned.changes[0];
    // A commit message, not output: git keeps the text as it is.
    let old = change.old.as_ref().map_or("none", Text::as_str);
    format!("okr: check in {canonical}: {old} → {}", change.new.as_str())
}

/// The errors in file `id` that the new bytes would add, as `code: message`.
/// Compared by code and message, not position: an inserted line moves every
/// finding below it.
fn recheck(mut workspace: Workspace, config: &Config, id: usize, new_bytes: Vec<u8>) -> Vec<String> {
    let errors_in = |findings: Vec<Diagnostic>| -> Vec<String> {
        findings
            .into_iter()
            .filter(|d| d.file == id && d.severity == Severity::Error)
            .map(|d| format!("{}: {}", d.code, d.message))
            .collect()
    };
    let mut before = errors_in(crate::check::run(&workspace, config));
    let old = &workspace.files[id];
    let (display, path) = (old.display.clone(), old.path.clone());
    let (file, diagnostics) = read_buffer(id, display, path, Contents::Bytes(new_bytes), config.limits.file_size_max);
    workspace.files[id] = file;
    workspace.diagnostics.retain(|d| d.file != id);
    workspace.diagnostics.extend(diagnostics);
    let after = errors_in(crate::check::run(&workspace, config));
    after
        .into_iter()
        .filter(|error| match before.iter().position(|b| b == error) {
            Some(i) => {
                before.swap_remove(i);
                false
            }
            None => true,
        })
        .collect()
}
