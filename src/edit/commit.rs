//! `okr checkin --commit`: commit exactly one file with git2.
//!
//! The commit is built from HEAD's tree with only that file's blob replaced,
//! not from the index, so that whatever else is staged stays staged and out of
//! the commit. Everything that could make the commit fail is checked before
//! the file is written.

use std::path::{Path, PathBuf};

use git2::{FileMode, ObjectType, Oid, Repository, Signature};

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
    let repository = Repository::discover(dir).map_err(|e| {
        git(format!("{}: not in a git repository, so --commit cannot commit ({})", dir.display(), e.message()))
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
    let mode = check_clean(&repository, path, &relative, &in_tree)?;
    Ok(Prepared { repository, in_tree, signature, mode })
}

/// HEAD's file mode of `relative`, when the file on disk and in the index is
/// exactly HEAD's.
fn check_clean(repository: &Repository, path: &Path, relative: &Path, in_tree: &str) -> Result<FileMode, Error> {
    let head = repository
        .head()
        .and_then(|h| h.peel_to_commit())
        .map_err(|e| git(format!("there is no commit to build on ({})", e.message())))?;
    let entry = head.tree().and_then(|t| t.get_path(relative)).map_err(|_| {
        git(format!("{in_tree} is not committed yet; commit it once by hand, then check in with --commit"))
    })?;
    let on_disk = std::fs::read(path).map_err(|source| Error::Io { path: path.to_owned(), source })?;
    let disk_blob = Oid::hash_object(ObjectType::Blob, &on_disk).map_err(|e| git(e.message()))?;
    let uncommitted = || {
        git(format!(
            "{in_tree} has uncommitted changes; commit or stash them first, or check in without --commit (nothing written)"
        ))
    };
    if disk_blob != entry.id() {
        return Err(uncommitted());
    }
    let index = repository.index().map_err(|e| git(e.message()))?;
    if index.get_path(relative, 0).is_some_and(|staged| staged.id != entry.id()) {
        return Err(uncommitted());
    }
    Ok(if entry.filemode() == i32::from(FileMode::BlobExecutable) { FileMode::BlobExecutable } else { FileMode::Blob })
}

/// Commit `bytes` as the new content of the prepared file on top of HEAD,
/// and stage the same content so that `git status` is clean for it. The new
/// commit's id.
pub fn commit(prepared: &Prepared, bytes: &[u8], message: &str) -> Result<Oid, Error> {
    let repository = &prepared.repository;
    let failed = |e: git2::Error| git(format!("the file was written but not committed: {}", e.message()));
    let head = repository.head().and_then(|h| h.peel_to_commit()).map_err(failed)?;
    let blob = repository.blob(bytes).map_err(failed)?;
    let tree_id = git2::build::TreeUpdateBuilder::new()
        .upsert(prepared.in_tree.as_str(), blob, prepared.mode)
        .create_updated(repository, &head.tree().map_err(failed)?)
        .map_err(failed)?;
    let tree = repository.find_tree(tree_id).map_err(failed)?;
    let id = repository
        .commit(Some("HEAD"), &prepared.signature, &prepared.signature, message, &tree, &[&head])
        .map_err(failed)?;
    let mut index = repository.index().map_err(failed)?;
    index.add_path(Path::new(&prepared.in_tree)).and_then(|()| index.write()).map_err(failed)?;
    Ok(id)
}
