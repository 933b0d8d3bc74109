//! Check-ins from REFs to disk: find every key result or health metric, lock
//! their files, plan every edit on the files as they are now (several edits
//! to one file one after the other, on one text), re-check the workspace with
//! all the edited files, then write atomically and, when asked, commit them
//! all in one commit. All or nothing: any failure before the writes leaves
//! every file as it was, and a write that fails puts back the files written
//! before it; two check-ins at once never lose an update. A file keeps its
//! owner where the process may give it back, and a file with several hard
//! links, or one a symbolic link leads out of the repository, is refused
//! before anything is written.

use std::path::{Path, PathBuf};

use crate::config::Config;
use crate::edit::atomic::{self, OwnershipChanged};
use crate::edit::checkin::{self, Planned, Request};
use crate::edit::confine;
use crate::edit::lock::FileLock;
use crate::edit::resolve::{self, Found, Target};
use crate::error::{Error, Refusal};
use crate::findings::{Diagnostic, FileId, Severity};
use crate::git::commit::{self, Identities};
use crate::load::{read_buffer, Contents, Workspace};
use crate::refs::CanonicalRef;
use crate::text::Text;

pub use crate::edit::resolve::Now;

/// `--commit`, its `-m`, and who commits.
#[derive(Debug, Clone, Default)]
pub struct CommitOptions {
    /// Commit the edit (`--commit`).
    pub commit: bool,
    /// The commit message (`-m`); default: what changed.
    pub message: Option<String>,
    /// The author and committer, where the caller knows better than git's
    /// configuration.
    pub identities: Identities,
}

/// One check-in asked for: a REF and what to record.
#[derive(Debug, Clone)]
pub struct Item {
    /// `team/objective/kr[@period]` or `team/metric[@period]`, as typed.
    pub reference: String,
    /// The value, and the confidence and note if any.
    pub request: Request,
}

/// What one check-in did.
#[derive(Debug, Clone)]
pub struct Outcome {
    /// The key result (or health metric, without a key result) checked in.
    pub canonical: CanonicalRef,
    /// Whether it is a health metric.
    pub health: bool,
    /// The file, as shown to users.
    pub file: Text,
    /// The edit: what changed, and what it did to the scores. Its text is
    /// the file after this edit (and the ones before it in the same file).
    pub planned: Planned,
}

/// What a run of check-ins did.
#[derive(Debug, Clone)]
pub struct Outcomes {
    /// Each check-in, in the order asked for.
    pub checkins: Vec<Outcome>,
    /// Each file written, as shown to users, in the order first named.
    pub files: Vec<Text>,
    /// The commit's id and message, with `--commit`.
    pub commit: Option<(String, Text)>,
    /// The files that could not keep their owner or group (not running as root).
    pub ownership: Vec<(Text, OwnershipChanged)>,
}

const BOM: &str = "\u{feff}";

/// Check in every item among the files of `workspace`, found under `root`; a
/// REF without `@period` is read as of `now`.
pub fn run(
    root: &Path,
    workspace: Workspace,
    config: &Config,
    now: &Now,
    items: &[Item],
    options: &CommitOptions,
) -> Result<Outcomes, Error> {
    let found = resolve_all(&workspace, now, items)?;
    // The files, in the order first named, each with the check-ins it takes.
    let mut files: Vec<FileId> = Vec::new();
    for f in &found {
        if !files.contains(&f.file) {
            files.push(f.file);
        }
    }
    for &id in &files {
        let source = &workspace.files[id];
        confine::ensure_inside(root, &source.path, source.display.as_str(), "")?;
        atomic::ensure_replaceable(&source.path)?;
    }
    // One writer at a time: held from reading the files to their renames and
    // commit. Taken in the order of the paths, so that two runs naming the
    // same files in another order cannot each wait for the other.
    let mut by_path: Vec<&PathBuf> = files.iter().map(|&id| &workspace.files[id].path).collect();
    by_path.sort();
    let _locks = by_path.iter().map(|path| FileLock::acquire(path)).collect::<Result<Vec<_>, _>>()?;
    let mut outcomes = Vec::new();
    let mut writes: Vec<Write> = Vec::new();
    for &id in &files {
        let source = &workspace.files[id];
        let refuse = |refusal: Refusal| Error::CheckinRefused { file: source.display.as_str().to_owned(), refusal };
        // Edit the file as it is on disk now, BOM and all.
        let bytes =
            std::fs::read(&source.path).map_err(|source_| Error::Io { path: source.path.clone(), source: source_ })?;
        let old = String::from_utf8(bytes).map_err(|_| refuse(Refusal::NotUtf8))?;
        let (bom, body) = match old.strip_prefix(BOM) {
            Some(body) => (BOM, body),
            None => ("", old.as_str()),
        };
        if body != source.text {
            return Err(refuse(Refusal::ChangedWhileReading));
        }
        let mut text = body.to_owned();
        for (asked, (f, item)) in found.iter().zip(items).enumerate().filter(|(_, (f, _))| f.file == id) {
            let planned = plan(&text, f, &item.request).map_err(|e| refuse(Refusal::Edit(e)))?;
            text.clone_from(&planned.text);
            let health = matches!(f.target, Target::Health { .. });
            let canonical = f.canonical.clone();
            outcomes.push((asked, Outcome { canonical, health, file: source.display.clone(), planned }));
        }
        let new = format!("{bom}{text}").into_bytes();
        writes.push(Write { shown: source.display.clone(), id, path: source.path.clone(), old: old.into_bytes(), new });
    }
    let shown: Vec<Text> = files.iter().map(|&id| workspace.files[id].display.clone()).collect();
    if let Some((id, errors)) = recheck(workspace, config, &writes).into_iter().next() {
        let file = writes.iter().find(|w| w.id == id).expect("a written file").shown.as_str().to_owned();
        return Err(Error::CheckinRefused { file, refusal: Refusal::WouldAddErrors(errors) });
    }
    let prepared = if options.commit {
        let paths: Vec<&Path> = writes.iter().map(|w| w.path.as_path()).collect();
        Some(commit::prepare(&paths, &options.identities)?)
    } else {
        None
    };
    let ownership = write_all(&writes)?;
    // Back in the order asked for.
    outcomes.sort_by_key(|(asked, _)| *asked);
    let checkins: Vec<Outcome> = outcomes.into_iter().map(|(_, o)| o).collect();
    let commit = match prepared {
        Some(prepared) => {
            let message = options.message.clone().unwrap_or_else(|| default_message(&checkins));
            let id = commit::commit(&prepared, &message)?;
            Some((id.to_string(), message.into()))
        }
        None => None,
    };
    Ok(Outcomes { checkins, files: shown, commit, ownership })
}

/// Every REF resolved, or the first that is not; two REFs that name the same
/// key result are refused (which value would win?).
fn resolve_all(workspace: &Workspace, now: &Now, items: &[Item]) -> Result<Vec<Found>, Error> {
    let mut found: Vec<Found> = Vec::with_capacity(items.len());
    for item in items {
        let f = resolve::target(workspace, &item.reference, now)?;
        if let Some(i) = found.iter().position(|g| g.canonical == f.canonical) {
            return Err(Error::NamedTwice {
                canonical: f.canonical.to_string(),
                first: items[i].reference.clone(),
                second: item.reference.clone(),
            });
        }
        found.push(f);
    }
    Ok(found)
}

fn plan(text: &str, found: &Found, request: &Request) -> Result<Planned, String> {
    match &found.target {
        Target::KeyResult { objective, key_result } => checkin::plan(text, objective, key_result, request),
        Target::Health { metric } => checkin::plan_health(text, metric, request),
    }
}

/// One file to replace: its bytes before and after.
struct Write {
    /// The file, as shown to users.
    shown: Text,
    id: FileId,
    path: PathBuf,
    old: Vec<u8>,
    new: Vec<u8>,
}

/// Replace every file; when one fails, put back the ones written before it.
fn write_all(writes: &[Write]) -> Result<Vec<(Text, OwnershipChanged)>, Error> {
    let mut ownership = Vec::new();
    for (done, write) in writes.iter().enumerate() {
        match atomic::replace_unchanged(&write.path, &write.old, &write.new) {
            Ok(changed) => {
                if let Some(changed) = changed {
                    ownership.push((write.shown.clone(), changed));
                }
            }
            Err(error) => {
                for written in &writes[..done] {
                    // Best effort: the error says what failed; a file that
                    // cannot be put back was changed by something else since.
                    let _ = atomic::replace_unchanged(&written.path, &written.new, &written.old);
                }
                return Err(error);
            }
        }
    }
    Ok(ownership)
}

/// `okr: check in REF: OLD → NEW`; for several, one such line each under
/// `okr: check in N values`.
pub fn default_message(checkins: &[Outcome]) -> String {
    let line = |outcome: &Outcome| {
        let change = &outcome.planned.changes[0];
        // A commit message, not output: git keeps the text as it is.
        let old = change.old.as_ref().map_or("none", Text::as_str);
        format!("{}: {old} → {}", outcome.canonical, change.new.as_str())
    };
    match checkins {
        [one] => format!("okr: check in {}", line(one)),
        several => {
            let lines: Vec<String> = several.iter().map(line).collect();
            format!("okr: check in {} values\n\n{}\n", several.len(), lines.join("\n"))
        }
    }
}

/// The errors each written file would gain, as `code: message`, by file.
/// Compared by code and message, not position: an inserted line moves every
/// finding below it.
fn recheck(mut workspace: Workspace, config: &Config, writes: &[Write]) -> Vec<(FileId, Vec<String>)> {
    let errors_in = |findings: &[Diagnostic], id: FileId| -> Vec<String> {
        findings
            .iter()
            .filter(|d| d.file == id && d.severity == Severity::Error)
            .map(|d| format!("{}: {}", d.code, d.message))
            .collect()
    };
    let before = crate::check::run(&workspace, config);
    for write in writes {
        let old = &workspace.files[write.id];
        let (display, path) = (old.display.clone(), old.path.clone());
        let (file, diagnostics) =
            read_buffer(write.id, display, path, Contents::Bytes(write.new.clone()), config.limits.file_size_max);
        workspace.files[write.id] = file;
        workspace.diagnostics.retain(|d| d.file != write.id);
        workspace.diagnostics.extend(diagnostics);
    }
    let after = crate::check::run(&workspace, config);
    let mut gained = Vec::new();
    for write in writes {
        let mut was = errors_in(&before, write.id);
        let new: Vec<String> = errors_in(&after, write.id)
            .into_iter()
            .filter(|error| match was.iter().position(|b| b == error) {
                Some(i) => {
                    was.swap_remove(i);
                    false
                }
                None => true,
            })
            .collect();
        if !new.is_empty() {
            gained.push((write.id, new));
        }
    }
    gained
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_failed_write_puts_back_the_files_written_before_it() {
        let dir = tempfile::tempdir().unwrap();
        let (a, b) = (dir.path().join("a.okr.yaml"), dir.path().join("b.okr.yaml"));
        std::fs::write(&a, "a old\n").unwrap();
        // b changed since it was read: its write fails, after a's.
        std::fs::write(&b, "b edited by hand\n").unwrap();
        let write = |id, path: &Path, old: &str, new: &str| Write {
            shown: "f".into(),
            id,
            path: path.to_owned(),
            old: old.into(),
            new: new.into(),
        };
        let writes = [write(0, &a, "a old\n", "a new\n"), write(1, &b, "b old\n", "b new\n")];
        let error = write_all(&writes).unwrap_err();
        assert!(matches!(error, Error::ChangedWhileWriting { .. }), "{error}");
        assert_eq!(std::fs::read_to_string(&a).unwrap(), "a old\n", "a is put back");
        assert_eq!(std::fs::read_to_string(&b).unwrap(), "b edited by hand\n");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 2, "no temporary file left");
    }
}
