//! `okr checkin --commit`: commit exactly one file with git2.
//!
//! The commit is built from HEAD's tree with only that file's blob replaced,
//! not from the index, so that whatever else is staged stays staged and out of
//! the commit. Everything that could make the commit fail is checked before
//! the file is written.

use std::path::{Path, PathBuf};

use git2::{FileMode, Oid, Repository, Signature};

use crate::error::Error;

/// A repository ready to commit one file: its path in the tree, the author,
/// and HEAD's version of the file.
pub struct Prepared {
    repository: Repository,
    /// With `/`, relative to the work tree.
    in_tree: String,
    signature: Signature<'static>,
    mode: FileMode,
}

fn git(message: impl Into<String>) -> Error {
    Error::Git { message: message.into() }
}

/// Check that `path` can be committed alone: it is in a repository, committed
/// at HEAD, with no other change on disk or in the index, and git knows who
/// commits.
pub fn prepare(path: &Path) -> Result<Prepared, Error> {
    let dir = path.parent().unwrap_or(Path::new("."));
    let repository = Repository::discover(dir).map_err(|e| match e.code() {
        git2::ErrorCode::Owner => crate::load::revision::open_error(dir, &e),
        _ => git(format!("{}: not in a git repository, so --commit cannot commit ({})", dir.display(), e.message())),
    })?;
    let workdir = repository.workdir().ok_or_else(|| git("a bare repository has no files to commit"))?;
    let real = |p: &Path| p.canonicalize().map_err(|source| Error::Io { path: p.to_owned(), source });
    let relative: PathBuf = real(path)?
        .strip_prefix(real(workdir)?)
        .map_err(|_| git(format!("{} is outside the repository's work tree", path.display())))?
        .to_owned();
    let in_tree = relative.components().map(|c| c.as_os_str().to_string_lossy()).collect::<Vec<_>>().join("/");
    let signature = repository.signature().map_err(|e| {
        git(format!(
            "git does not know who commits ({}); set it with `git config user.name \"Your Name\"` and `git config user.email you@example.com`",
            e.message()
        ))
    })?;
    let mode = check_clean(&repository, &relative, &in_tree)?;
    Ok(Prepared { repository, in_tree, signature, mode })
}

/// HEAD's file mode of `relative`, when the file on disk and in the index is
/// exactly HEAD's.
fn check_clean(repository: &Repository, relative: &Path, in_tree: &str) -> Result<FileMode, Error> {
    let head = repository
        .head()
        .and_then(|h| h.peel_to_commit())
        .map_err(|e| git(format!("there is no commit to build on ({})", e.message())))?;
    let entry = head.tree().and_then(|t| t.get_path(relative)).map_err(|_| {
        git(format!("{in_tree} is not committed yet; commit it once by hand, then check in with --commit"))
    })?;
    // As `git status` sees it, through the repository's filters: with
    // `core.autocrlf` a file with CRLF on disk is clean when HEAD has LF.
    let status = repository.status_file(relative).map_err(|e| git(e.message()))?;
    if status != git2::Status::CURRENT {
        return Err(git(format!(
            "{in_tree} has uncommitted changes; commit or stash them first, or check in without --commit (nothing written)"
        )));
    }
    Ok(if entry.filemode() == i32::from(FileMode::BlobExecutable) { FileMode::BlobExecutable } else { FileMode::Blob })
}

/// Commit the prepared file as it now is on disk on top of HEAD, and stage
/// it so that `git status` is clean for it. The blob is made by staging the
/// file, so that the repository's filters apply as `git add` applies them
/// (`core.autocrlf`: CRLF on disk, LF in history). The new commit's id.
pub fn commit(prepared: &Prepared, message: &str) -> Result<Oid, Error> {
    let repository = &prepared.repository;
    let failed = |e: git2::Error| git(format!("the file was written but not committed: {}", e.message()));
    let head = repository.head().and_then(|h| h.peel_to_commit()).map_err(failed)?;
    let mut index = repository.index().map_err(failed)?;
    index.add_path(Path::new(&prepared.in_tree)).map_err(failed)?;
    let blob = index
        .get_path(Path::new(&prepared.in_tree), 0)
        .map(|entry| entry.id)
        .ok_or_else(|| git("the file was written but not committed: it could not be staged"))?;
    let tree_id = git2::build::TreeUpdateBuilder::new()
        .upsert(prepared.in_tree.as_str(), blob, prepared.mode)
        .create_updated(repository, &head.tree().map_err(failed)?)
        .map_err(failed)?;
    let tree = repository.find_tree(tree_id).map_err(failed)?;
    let id = repository
        .commit(Some("HEAD"), &prepared.signature, &prepared.signature, message, &tree, &[&head])
        .map_err(failed)?;
    index.write().map_err(failed)?;
    Ok(id)
}
