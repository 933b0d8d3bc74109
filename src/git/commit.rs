//! `okr checkin --commit`: commit exactly the files checked in to.
//!
//! The commit is built from HEAD's tree with only those files' blobs
//! replaced, not from the index, so that whatever else is staged stays staged
//! and out of the commit. Everything that could make the commit fail is
//! checked before a file is written. Who commits, and when, is git's
//! configuration unless the caller says otherwise ([`Identities`]: the
//! binary passes git's `GIT_AUTHOR_*` and `GIT_COMMITTER_*` variables and
//! `--author`; this library reads no environment).

use std::path::{Path, PathBuf};

use git2::{FileMode, Signature};

use crate::git::{open_error, Error, ObjectId};

/// A repository ready to commit some files: their paths in the tree and
/// modes at HEAD, the author and the committer.
pub struct Prepared {
    repository: git2::Repository,
    /// Each file with `/`, relative to the work tree, and its mode at HEAD.
    files: Vec<(String, FileMode)>,
    author: Signature<'static>,
    committer: Signature<'static>,
}

/// A moment as git writes it: seconds since the epoch and the offset from UTC.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct When {
    /// Seconds since 1970-01-01 UTC.
    pub seconds: i64,
    /// The time zone's offset from UTC, in minutes.
    pub offset_minutes: i32,
}

/// What the caller says about one of the commit's people; whatever is `None`
/// comes from git's configuration (the name and email) or the clock (the date).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Person {
    /// The name (`GIT_AUTHOR_NAME`).
    pub name: Option<String>,
    /// The email (`GIT_AUTHOR_EMAIL`).
    pub email: Option<String>,
    /// The date (`GIT_AUTHOR_DATE`).
    pub date: Option<When>,
}

/// The commit's author and committer, as the caller knows them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Identities {
    /// The author.
    pub author: Person,
    /// The committer.
    pub committer: Person,
    /// The email when neither the caller nor git's configuration gives one
    /// (git reads it from `EMAIL`).
    pub fallback_email: Option<String>,
}

/// Check that `paths` can be committed alone: they are in one repository,
/// committed at HEAD, with no other change on disk or in the index, and it
/// is known who commits.
pub fn prepare(paths: &[&Path], identities: &Identities) -> Result<Prepared, Error> {
    let first = paths.first().copied().unwrap_or(Path::new("."));
    let dir = first.parent().unwrap_or(Path::new("."));
    let repository = git2::Repository::discover(dir).map_err(|e| match e.code() {
        git2::ErrorCode::Owner => open_error(dir, &e),
        _ => Error::NoRepositoryToCommitTo { dir: dir.to_owned(), reason: e.message().to_owned() },
    })?;
    let workdir = repository.workdir().ok_or(Error::BareRepositoryToCommitTo)?;
    let real = |p: &Path| p.canonicalize().map_err(|source| Error::Io { path: p.to_owned(), source });
    let workdir = real(workdir)?;
    let mut files = Vec::new();
    for path in paths {
        let relative: PathBuf = real(path)?
            .strip_prefix(&workdir)
            .map_err(|_| Error::OutsideWorkTree { path: path.to_path_buf() })?
            .to_owned();
        let in_tree = relative.components().map(|c| c.as_os_str().to_string_lossy()).collect::<Vec<_>>().join("/");
        let mode = check_clean(&repository, &relative, &in_tree)?;
        files.push((in_tree, mode));
    }
    let config = repository.config().and_then(|mut c| c.snapshot()).map_err(Error::libgit2)?;
    let author = signature(&config, "author", &identities.author, identities)?;
    let committer = signature(&config, "committer", &identities.committer, identities)?;
    Ok(Prepared { repository, files, author, committer })
}

/// The `role`'s signature (`author` or `committer`), as git makes it: the
/// caller's name and email, else `author.name` (or `committer.name`), else
/// `user.name`; the caller's date, else now.
fn signature(
    config: &git2::Config,
    role: &str,
    person: &Person,
    identities: &Identities,
) -> Result<Signature<'static>, Error> {
    let configured = |key: &str| {
        config.get_string(&format!("{role}.{key}")).or_else(|_| config.get_string(&format!("user.{key}"))).ok()
    };
    let name = person.name.clone().or_else(|| configured("name"));
    let email = person.email.clone().or_else(|| configured("email")).or_else(|| identities.fallback_email.clone());
    let (Some(name), Some(email)) = (name, email) else {
        let missing = if person.name.is_none() && configured("name").is_none() { "name" } else { "email" };
        return Err(Error::UnknownCommitter { reason: format!("no {role} {missing}") });
    };
    let signature = match person.date {
        Some(when) => Signature::new(&name, &email, &git2::Time::new(when.seconds, when.offset_minutes)),
        None => Signature::now(&name, &email),
    };
    signature.map_err(|e| Error::UnknownCommitter { reason: format!("the {role}: {}", e.message()) })
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

/// Commit the prepared files as they now are on disk on top of HEAD, and
/// stage them so that `git status` is clean for them. The blobs are made by
/// staging the files, so that the repository's filters apply as `git add`
/// applies them (`core.autocrlf`: CRLF on disk, LF in history). The new
/// commit's id.
pub fn commit(prepared: &Prepared, message: &str) -> Result<ObjectId, Error> {
    let repository = &prepared.repository;
    let failed = |e: git2::Error| Error::WrittenNotCommitted { reason: e.message().to_owned() };
    let head = repository.head().and_then(|h| h.peel_to_commit()).map_err(failed)?;
    let mut index = repository.index().map_err(failed)?;
    let mut update = git2::build::TreeUpdateBuilder::new();
    for (in_tree, mode) in &prepared.files {
        index.add_path(Path::new(in_tree)).map_err(failed)?;
        let blob = index
            .get_path(Path::new(in_tree), 0)
            .map(|entry| entry.id)
            .ok_or_else(|| Error::WrittenNotCommitted { reason: format!("{in_tree} could not be staged") })?;
        update.upsert(in_tree.as_str(), blob, *mode);
    }
    let tree_id = update.create_updated(repository, &head.tree().map_err(failed)?).map_err(failed)?;
    let tree = repository.find_tree(tree_id).map_err(failed)?;
    let id = repository
        .commit(Some("HEAD"), &prepared.author, &prepared.committer, message, &tree, &[&head])
        .map_err(failed)?;
    index.write().map_err(failed)?;
    Ok(ObjectId(id))
}
