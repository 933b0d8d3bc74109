//! What can go wrong reading or writing git, with the message that says what
//! to do. Converted into the crate's `Error::Git` (and `Error::Io` for a
//! path on disk), whose text is `git: ` and these words.

use std::path::PathBuf;

use crate::git::ObjectId;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A repository owned by another user is refused as git refuses it
    /// (CVE-2022-24765) unless `safe.directory` names it, which libgit2 honours.
    #[error(
        "{}: the repository is owned by another user, so git will not read it ({reason}); \
         if you trust it, add it to git's `safe.directory`: git config --global --add safe.directory <its top directory>",
        dir.display()
    )]
    NotTrusted { dir: PathBuf, reason: String },
    #[error("{}: not in a git repository ({reason})", dir.display())]
    NotARepository { dir: PathBuf, reason: String },
    /// `okr checkin --commit` outside a repository.
    #[error("{}: not in a git repository, so --commit cannot commit ({reason})", dir.display())]
    NoRepositoryToCommitTo { dir: PathBuf, reason: String },
    #[error("the branch `{branch}` has no commits yet: commit the OKR files first, or name a revision with --rev")]
    UnbornBranch { branch: String },
    #[error("unknown revision `{rev}`: {reason}")]
    UnknownRevision { rev: String, reason: String },
    #[error(
        "no merge base between `{base}` and `{head}`: they share no history ({reason}); \
         in CI, check out with `fetch-depth: 0`"
    )]
    NoMergeBase { base: String, head: String, reason: String },
    #[error("commit {commit} has an impossible date")]
    ImpossibleDate { commit: ObjectId },
    #[error("blob {id}: {reason}")]
    Blob { id: ObjectId, reason: String },
    #[error("a bare repository has no files to commit")]
    BareRepositoryToCommitTo,
    #[error("{} is outside the repository's work tree", path.display())]
    OutsideWorkTree { path: PathBuf },
    #[error(
        "git does not know who commits ({reason}); set it with `git config user.name \"Your Name\"` and \
         `git config user.email you@example.com`"
    )]
    UnknownCommitter { reason: String },
    #[error("there is no commit to build on ({reason})")]
    NoCommitToBuildOn { reason: String },
    /// `path` with `/`, relative to the work tree.
    #[error("{path} is not committed yet; commit it once by hand, then check in with --commit")]
    NotCommittedYet { path: String },
    #[error(
        "{path} has uncommitted changes; commit or stash them first, or check in without --commit (nothing written)"
    )]
    UncommittedChanges { path: String },
    /// The check-in was written to disk; the commit failed.
    #[error("the file was written but not committed: {reason}")]
    WrittenNotCommitted { reason: String },
    /// A file on disk could not be read (resolving the path to commit).
    #[error("{}: {source}", path.display())]
    Io { path: PathBuf, source: std::io::Error },
    /// Anything else libgit2 reports, in its words.
    #[error("{reason}")]
    Libgit2 { reason: String },
}

impl Error {
    /// libgit2's own message, for the failures okr has no better words for.
    pub(crate) fn libgit2(e: git2::Error) -> Error {
        Error::Libgit2 { reason: e.message().to_owned() }
    }
}

impl From<Error> for crate::error::Error {
    fn from(e: Error) -> crate::error::Error {
        match e {
            Error::Io { path, source } => crate::error::Error::Io { path, source },
            e => crate::error::Error::Git { message: e.to_string() },
        }
    }
}
