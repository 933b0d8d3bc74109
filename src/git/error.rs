//! What can go wrong reading or writing git, with the message that says what
//! to do. Converted into the crate's `Error::Git` (and `Error::Io` for a
//! path on disk), whose text is `git: ` and these words. `reason` is always
//! libgit2's own message.

use std::path::PathBuf;

use crate::git::ObjectId;

/// A failure reading or writing git.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The repository is owned by another user. It is refused as git refuses
    /// it (CVE-2022-24765) unless `safe.directory` names it, which libgit2 honours.
    #[error(
        "{}: the repository is owned by another user, so git will not read it ({reason}); \
         if you trust it, add it to git's `safe.directory`: git config --global --add safe.directory <its top directory>",
        dir.display()
    )]
    NotTrusted {
        /// Where the repository was looked for.
        dir: PathBuf,
        /// libgit2's message.
        reason: String,
    },
    /// No repository at or above `dir`.
    #[error("{}: not in a git repository ({reason})", dir.display())]
    NotARepository {
        /// Where the repository was looked for.
        dir: PathBuf,
        /// libgit2's message.
        reason: String,
    },
    /// `okr checkin --commit` on a file in no repository.
    #[error("{}: not in a git repository, so --commit cannot commit ({reason})", dir.display())]
    NoRepositoryToCommitTo {
        /// The file's directory.
        dir: PathBuf,
        /// libgit2's message.
        reason: String,
    },
    /// `HEAD` asked for on a branch without commits.
    #[error("the branch `{branch}` has no commits yet: commit the OKR files first, or name a revision with --rev")]
    UnbornBranch {
        /// The branch `HEAD` points to.
        branch: String,
    },
    /// `rev` names no commit.
    #[error("unknown revision `{rev}`: {reason}")]
    UnknownRevision {
        /// The revision as given.
        rev: String,
        /// libgit2's message.
        reason: String,
    },
    /// `okr diff`'s base and head share no history (a shallow clone, often).
    #[error(
        "no merge base between `{base}` and `{head}`: they share no history ({reason}); \
         in CI, check out with `fetch-depth: 0`"
    )]
    NoMergeBase {
        /// The base as given.
        base: String,
        /// The head as given, or `HEAD`.
        head: String,
        /// libgit2's message.
        reason: String,
    },
    /// A committer date out of the calendar's range.
    #[error("commit {commit} has an impossible date")]
    ImpossibleDate {
        /// The commit.
        commit: ObjectId,
    },
    /// No commit of the first-parent history is dated on or before `date`
    /// (`okr score --as-of` a date before the history begins).
    #[error(
        "no commit of HEAD's first-parent history is dated on or before {date} (committer date, UTC){}{}; \
         pick a later --as-of, or today for the files on disk",
        oldest.map_or_else(|| ": there is no commit yet".to_owned(), |d| format!(": the oldest is of {d}")),
        if *shallow { ", and this is a shallow clone: `git fetch --unshallow` fetches the older commits" } else { "" }
    )]
    NoCommitAsOf {
        /// The date asked for.
        date: chrono::NaiveDate,
        /// The committer date of the oldest commit read; `None` without commits.
        oldest: Option<chrono::NaiveDate>,
        /// The repository is a shallow clone: older commits may be missing.
        shallow: bool,
    },
    /// A blob that cannot be read.
    #[error("blob {id}: {reason}")]
    Blob {
        /// The blob.
        id: ObjectId,
        /// libgit2's message.
        reason: String,
    },
    /// `okr checkin --commit` in a bare repository.
    #[error("a bare repository has no files to commit")]
    BareRepositoryToCommitTo,
    /// `okr checkin --commit` on a file outside the work tree.
    #[error("{} is outside the repository's work tree", path.display())]
    OutsideWorkTree {
        /// The file, as given.
        path: PathBuf,
    },
    /// `okr checkin --commit` without a name or an email for the author or the committer.
    #[error(
        "git does not know who commits ({reason}); set it with `git config user.name \"Your Name\"` and \
         `git config user.email you@example.com` (or GIT_AUTHOR_NAME, GIT_AUTHOR_EMAIL, GIT_COMMITTER_NAME \
         and GIT_COMMITTER_EMAIL)"
    )]
    UnknownCommitter {
        /// libgit2's message.
        reason: String,
    },
    /// `okr checkin --commit` with no commit at `HEAD`.
    #[error("there is no commit to build on ({reason})")]
    NoCommitToBuildOn {
        /// libgit2's message.
        reason: String,
    },
    /// `okr checkin --commit` on a file `HEAD` does not have.
    #[error("{path} is not committed yet; commit it once by hand, then check in with --commit")]
    NotCommittedYet {
        /// The file, with `/`, relative to the work tree.
        path: String,
    },
    /// `okr checkin --commit` on a file changed on disk or in the index.
    #[error(
        "{path} has uncommitted changes; commit or stash them first, or check in without --commit (nothing written)"
    )]
    UncommittedChanges {
        /// The file, with `/`, relative to the work tree.
        path: String,
    },
    /// The check-in was written to disk; the commit failed.
    #[error("the file was written but not committed: {reason}")]
    WrittenNotCommitted {
        /// libgit2's message, or what failed.
        reason: String,
    },
    /// A path on disk that cannot be resolved (the file to commit, the work tree).
    #[error("{}: {source}", path.display())]
    Io {
        /// The path.
        path: PathBuf,
        /// What the system said.
        source: std::io::Error,
    },
    /// Anything else libgit2 reports, in its words.
    #[error("{reason}")]
    Libgit2 {
        /// libgit2's message.
        reason: String,
    },
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_git_failure_reads_as_before() {
        let e = crate::error::Error::from(Error::UnknownRevision { rev: "nope".into(), reason: "not found".into() });
        assert_eq!(e.to_string(), "git: unknown revision `nope`: not found");
        let e = crate::error::Error::from(Error::WrittenNotCommitted { reason: "it could not be staged".into() });
        assert_eq!(e.to_string(), "git: the file was written but not committed: it could not be staged");
    }

    #[test]
    fn a_path_on_disk_stays_an_io_error() {
        let source = std::io::Error::from(std::io::ErrorKind::NotFound);
        let e = crate::error::Error::from(Error::Io { path: "a/b.okr.yaml".into(), source });
        assert!(matches!(&e, crate::error::Error::Io { path, .. } if path.to_str() == Some("a/b.okr.yaml")), "{e:?}");
    }
}
