//! Reading git history: the first-parent chain of a revision, oldest first,
//! and the OKR files each commit changed. The walk itself is `crate::git`'s
//! (`Repository::first_parent`, `TreeDiff`); here the changes are read in
//! batches on a thread of their own (`reader`) and each version of a file is
//! parsed once (`blobs`).

pub(crate) mod blobs;
pub(crate) mod patch;
pub(crate) mod reader;
pub mod trailer;

pub use crate::git::{Commit, FileChange, Walk};

/// A commit as people read it: its first 7 hex digits, as git shows it.
pub fn short(sha: &str) -> &str {
    sha.get(..7).unwrap_or(sha)
}
