//! `okr checkin --commit`: commit exactly one file.
//!
//! The commit is built from HEAD's tree with only that file's blob replaced,
//! not from the index, so that whatever else is staged stays staged and out of
//! the commit. Everything that could make the commit fail is checked before
//! the file is written.

use std::path::{Path, PathBuf};

use git2::{FileMode, Signature};

use crate::git::{open_error, Error, ObjectId};

/// A repository ready to commit one file: its path in the tree, the author,
/// and HEAD's version of the file.
pub struct Prepared {
    repository: git2::Repository,
    /// With `/`, relative to the work tree.
    in_tree: String,
    signature: Signature<'static>,
    mode: FileMode,
}

/// Check that `path` can be committed alone: it is in a repository, committed
/// at HEAD, with no other change on disk or in the index, and git knows who
/// commits.
pub fn prepare(path: &Path) -> Result<Prepared, Error> {
    let dir = path.parent().unwrap_or(Path::new("."));
    let repository = git2::Repository::discover(dir).map_err(|e| match e.code() {
        git2::ErrorCode::Owner => open_error(dir, &e),
        _ => Error::NoRepositoryToCommitTo { dir: dir.to_owned(), reason: e.message().to_owned() },
    })?;
    let workdir = repository.workdir().ok_or(Error::BareRepositoryToCommitTo)?;
    let real = |p: &Path| p.canonicalize().map_err(|source| Error::Io { path: p.to_owned(), source });
    let relative: PathBuf = real(path)?
        .strip_prefix(real(workdir)?)
        .map_err(|_| Error::OutsideWorkTree { path: path.to_owned() })?
        .to_owned();
    let in_tree = relative.components().map(|c| c.as_os_str().to_string_lossy()).collect::<Vec<_>>().join("/");
    let signature = repository.signature().map_err(|e| Error::UnknownCommitter { reason: e.message().to_owned() })?;
    let mode = check_clean(&repository, &relative, &in_tree)?;
    Ok(Prepared { repository, in_tree, signature, mode })
}

/// HEAD's file mode of `relative`, when the file on disk and in the index is
/// exactly HEAD's.
fn check_clean(repository: &git2::Repository, relative: &Path, in_tree: &str) -> Result<FileMode, Error> {
    let head = repository
        .head()
        .and_then(|h| h.peel_to_commit())
        .map_err(|e| Error::NoCommitToBuildOn { reason: e.message().to_owned() })?;
    let entry = head
        .tree()
        .and_then(|t| t.get_path(relative))
        .map_err(|_| Error::NotCommittedYet { path: in_tree.to_owned() })?;
    // As `git status` sees it, through the repository's filters: with
    // `core.autocrlf` a file with CRLF on disk is clean when HEAD has LF.
    let status = repository.status_file(relative).map_err(Error::libgit2)?;
    if status != git2::Status::CURRENT {
        return Err(Error::UncommittedChanges { path: in_tree.to_owned() });
    }
    Ok(if entry.filemode() == i32::from(FileMode::BlobExecutable) { FileMode::BlobExecutable } else { FileMode::Blob })
}

/// Commit the prepared file as it now is on disk on top of HEAD, and stage
/// it so that `git status` is clean for it. The blob is made by staging the
/// file, so that the repository's filters apply as `git add` applies them
/// (`core.autocrlf`: CRLF on disk, LF in history). The new commit's id.
pub fn commit(prepared: &Prepared, message: &str) -> Result<ObjectId, Error> {
    let repository = &prepared.repository;
    let failed = |e: git2::Error| Error::WrittenNotCommitted { reason: e.message().to_owned() };
    let head = repository.head().and_then(|h| h.peel_to_commit()).map_err(failed)?;
    let mut index = repository.index().map_err(failed)?;
    index.add_path(Path::new(&prepared.in_tree)).map_err(failed)?;
    let blob = index
        .get_path(Path::new(&prepared.in_tree), 0)
        .map(|entry| entry.id)
        .ok_or_else(|| Error::WrittenNotCommitted { reason: "it could not be staged".to_owned() })?;
    let tree_id = git2::build::TreeUpdateBuilder::new()
        .upsert(prepared.in_tree.as_str(), blob, prepared.mode)
        .create_updated(repository, &head.tree().map_err(failed)?)
        .map_err(failed)?;
    let tree = repository.find_tree(tree_id).map_err(failed)?;
    let id = repository
        .commit(Some("HEAD"), &prepared.signature, &prepared.signature, message, &tree, &[&head])
        .map_err(failed)?;
    index.write().map_err(failed)?;
    Ok(ObjectId(id))
}
