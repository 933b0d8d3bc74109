//! Every call into git: the only module that names `git2`. A command opens
//! the repository once ([`Repository::discover`]) and hands it down; the
//! stages ask it for what they need — a revision's commit, a merge base, the
//! OKR blobs of a tree, the first-parent history and what each commit
//! changed — in okr's own types, with one error type, [`Error`].
//!
//! Which paths are OKR files is not git's business: the callers pass a
//! filter (`load::revision::OkrPaths`).

pub mod commit;
mod error;
mod revision;
mod tree;
mod walk;

use std::fmt;
use std::path::{Path, PathBuf};

pub use error::Error;
pub use walk::{Commit, FileChange, TreeDiff, Walk};

/// Set libgit2's options for the whole process, once, from the binary: a
/// library changes no process-wide state. okr reads each tree and blob once
/// (see `TreeDiff` and `history::blobs`), so libgit2's object cache only costs
/// time and memory; and, like git, it trusts the local object store instead
/// of hashing every object read again.
pub fn configure_process() {
    git2::opts::enable_caching(false);
    git2::opts::strict_hash_verification(false);
}

/// The id of a git object (a commit, tree or blob), shown as git shows it:
/// 40 hex digits.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ObjectId(git2::Oid);

impl fmt::Display for ObjectId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

/// An open repository. libgit2's handle is not shared between threads:
/// a thread of its own gets a handle of its own ([`Repository::open_again`]).
pub struct Repository {
    inner: git2::Repository,
}

impl Repository {
    /// The repository `dir` is in.
    pub fn discover(dir: &Path) -> Result<Repository, Error> {
        match git2::Repository::discover(dir) {
            Ok(inner) => Ok(Repository { inner }),
            Err(e) => Err(open_error(dir, &e)),
        }
    }

    /// Another handle on the same repository, for another thread.
    pub fn open_again(&self) -> Result<Repository, Error> {
        let inner = git2::Repository::open(self.inner.path()).map_err(Error::libgit2)?;
        Ok(Repository { inner })
    }

    /// The top level: the work tree, or the git directory of a bare repository.
    pub fn root(&self) -> PathBuf {
        self.inner.workdir().map_or_else(|| self.inner.path().to_owned(), Path::to_owned)
    }

    /// The work tree; `None` in a bare repository.
    pub fn work_tree(&self) -> Option<&Path> {
        self.inner.workdir()
    }

    /// A repository with no work tree: no files on disk to read.
    pub fn is_bare(&self) -> bool {
        self.inner.is_bare()
    }

    /// A shallow clone: the oldest commits may be missing.
    pub fn is_shallow(&self) -> bool {
        self.inner.is_shallow()
    }

    /// How many replace refs (`git replace`, under `refs/replace/`) the
    /// repository has. git reads the replacement in place of each object they
    /// name; libgit2, and so okr, reads every object as stored. The commands say
    /// so when there are any, since okr may then show other values than git.
    pub fn replace_refs(&self) -> Result<usize, Error> {
        let refs = self.inner.references_glob("refs/replace/*").map_err(Error::libgit2)?;
        Ok(refs.count())
    }
}

/// Why the repository at or above `dir` cannot be opened.
fn open_error(dir: &Path, e: &git2::Error) -> Error {
    let (dir, reason) = (dir.to_owned(), e.message().to_owned());
    if e.code() == git2::ErrorCode::Owner {
        return Error::NotTrusted { dir, reason };
    }
    Error::NotARepository { dir, reason }
}
