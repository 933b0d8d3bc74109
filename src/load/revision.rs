//! Reading OKR files out of git: opening the repository, resolving a
//! revision, and telling which paths of a tree are OKR files (the same globs
//! as on disk). `load_at` loads a revision's tree (`okr score --rev`, `okr
//! diff`); `merge_base` finds what `okr diff` compares with.

use std::path::{Component, Path, PathBuf};

use ignore::gitignore::Gitignore;
use rayon::prelude::*;

use crate::config::Config;
use crate::error::Error;
use crate::load::{collect, display_path, globs, read_buffer, Contents, Workspace};

pub fn git_error(message: impl Into<String>) -> Error {
    Error::Git { message: message.into() }
}

/// The repository `cwd` is in, and its top level (the work tree, or the git
/// directory of a bare repository).
pub fn open(cwd: &Path) -> Result<(git2::Repository, PathBuf), Error> {
    let repository = git2::Repository::discover(cwd).map_err(|e| open_error(cwd, &e))?;
    let root = repository.workdir().map_or_else(|| repository.path().to_owned(), Path::to_owned);
    Ok((repository, root))
}

/// How many replace refs (`git replace`, under `refs/replace/`) the
/// repository has. git reads the replacement in place of each object they
/// name; libgit2, and so okr, reads every object as stored. The commands say
/// so when there are any, since okr may then show other values than git.
pub fn replace_refs(repository: &git2::Repository) -> Result<usize, Error> {
    let refs = repository.references_glob("refs/replace/*").map_err(|e| git_error(e.message()))?;
    Ok(refs.count())
}

/// Why the repository at or above `dir` cannot be opened. A repository owned
/// by another user is refused as git refuses it (CVE-2022-24765) unless
/// `safe.directory` names it, which libgit2 honours: the message says so.
pub fn open_error(dir: &Path, e: &git2::Error) -> Error {
    if e.code() == git2::ErrorCode::Owner {
        return git_error(format!(
            "{}: the repository is owned by another user, so git will not read it ({}); \
             if you trust it, add it to git's `safe.directory`: git config --global --add safe.directory <its top directory>",
            dir.display(),
            e.message()
        ));
    }
    git_error(format!("{}: not in a git repository ({})", dir.display(), e.message()))
}

/// The commit `rev` names, with a message that says what to do when it names
/// nothing, or when the branch has no commit yet.
pub fn commit<'r>(repository: &'r git2::Repository, rev: &str) -> Result<git2::Commit<'r>, Error> {
    if rev == "HEAD" {
        if let Err(e) = repository.head() {
            if e.code() == git2::ErrorCode::UnbornBranch {
                let branch = unborn_branch_name(repository);
                return Err(git_error(format!(
                    "the branch `{branch}` has no commits yet: commit the OKR files first, or name a revision with --rev"
                )));
            }
        }
    }
    repository
        .revparse_single(rev)
        .and_then(|object| object.peel_to_commit())
        .map_err(|e| git_error(format!("unknown revision `{rev}`: {}", e.message())))
}

fn unborn_branch_name(repository: &git2::Repository) -> String {
    repository
        .find_reference("HEAD")
        .ok()
        .and_then(|head| head.symbolic_target().map(|t| t.trim_start_matches("refs/heads/").to_owned()))
        .unwrap_or_else(|| "HEAD".to_owned())
}

/// Which paths of a git tree are OKR files: the configured globs, under the
/// paths asked for, hidden files and directories skipped as on disk.
pub struct OkrPaths {
    include: Gitignore,
    exclude: Gitignore,
    /// The paths asked for, relative to the repository root; empty for all.
    wanted: Vec<PathBuf>,
    /// The repository root and the current directory, both canonical, to
    /// show paths as if the files were on disk.
    root: PathBuf,
    cwd: PathBuf,
}

impl OkrPaths {
    pub fn new(root: &Path, cwd: &Path, paths: &[PathBuf], config: &Config) -> Result<OkrPaths, Error> {
        let cwd = cwd.canonicalize().unwrap_or_else(|_| cwd.to_owned());
        let root = root.canonicalize().unwrap_or_else(|_| root.to_owned());
        let wanted =
            paths.iter().map(|p| cwd.join(p)).map(|p| p.strip_prefix(&root).map(Path::to_owned).unwrap_or(p)).collect();
        Ok(OkrPaths {
            include: globs(&root, &config.files.include)?,
            exclude: globs(&root, &config.files.exclude)?,
            wanted,
            root,
            cwd,
        })
    }

    /// Whether the blob at `relative` (from the repository root) is an OKR file.
    pub fn wants(&self, relative: &Path) -> bool {
        let hidden = relative
            .components()
            .any(|c| matches!(c, Component::Normal(name) if name.as_encoded_bytes().starts_with(b".")));
        !hidden
            && (self.wanted.is_empty() || self.wanted.iter().any(|w| relative.starts_with(w)))
            && self.include.matched_path_or_any_parents(relative, false).is_ignore()
            && !self.exclude.matched_path_or_any_parents(relative, false).is_ignore()
    }

    /// The absolute path of `relative` had it been checked out.
    pub fn absolute(&self, relative: &Path) -> PathBuf {
        self.root.join(relative)
    }

    /// `relative` as shown to users: relative to the current directory.
    pub fn display(&self, relative: &Path) -> String {
        display_path(&self.absolute(relative), &self.cwd)
    }
}

/// Every OKR file of `rev`'s tree under `paths` (relative to `cwd`; the whole
/// tree when empty), parsed. Paths are shown as if the files were on disk.
pub fn load_at(rev: &str, paths: &[PathBuf], cwd: &Path, config: &Config) -> Result<Workspace, Error> {
    let (repository, root) = open(cwd)?;
    let tree = commit(&repository, rev)?.tree().map_err(|e| git_error(e.message()))?;
    let okr_paths = OkrPaths::new(&root, cwd, paths, config)?;
    let mut blobs = Vec::new();
    tree.walk(git2::TreeWalkMode::PreOrder, |directory, entry| {
        let name = entry.name().unwrap_or_default();
        if name.starts_with('.') {
            return git2::TreeWalkResult::Skip;
        }
        if entry.kind() != Some(git2::ObjectType::Blob) {
            return git2::TreeWalkResult::Ok;
        }
        let relative = PathBuf::from(format!("{directory}{name}"));
        if okr_paths.wants(&relative) {
            blobs.push((relative, entry.id()));
        }
        git2::TreeWalkResult::Ok
    })
    .map_err(|e| git_error(e.message()))?;
    blobs.sort();
    let limit = config.limits.file_size_max;
    let contents: Vec<(PathBuf, Option<Vec<u8>>)> = blobs
        .into_iter()
        .map(|(relative, id)| Ok((relative, read_blob(&repository, id, limit)?)))
        .collect::<Result<_, Error>>()?;
    Ok(collect(
        contents
            .into_par_iter()
            .enumerate()
            .map(|(id, (relative, content))| {
                let (display, path) = (okr_paths.display(&relative), okr_paths.absolute(&relative));
                let contents = content.map_or(Contents::TooLarge, Contents::Bytes);
                read_buffer(id, display, path, contents, limit)
            })
            .collect(),
    ))
}

/// A blob's bytes, or `None` when it is over `size_limit`. The size is read
/// from the object's header first, so a blob over the limit is never
/// inflated: a gigabyte of zeros that packs into a few megabytes costs
/// nothing, as an oversized file on disk costs nothing.
pub fn read_blob(repository: &git2::Repository, id: git2::Oid, size_limit: u64) -> Result<Option<Vec<u8>>, Error> {
    let failed = |e: git2::Error| git_error(format!("blob {id}: {}", e.message()));
    let (size, _) = repository.odb().and_then(|odb| odb.read_header(id)).map_err(failed)?;
    if size as u64 > size_limit {
        return Ok(None);
    }
    let blob = repository.find_blob(id).map_err(failed)?;
    Ok(Some(blob.content().to_vec()))
}

/// Whether `text` names a commit (a sha, branch, tag or `HEAD~2`).
pub fn is_revision(repository: &git2::Repository, text: &str) -> bool {
    repository.revparse_single(text).and_then(|o| o.peel_to_commit()).is_ok()
}

/// The commits `okr diff` compares: the merge base of `base` and the head
/// (`HEAD` when `head` is `None`), and the head commit, as full shas.
pub fn merge_base(repository: &git2::Repository, base: &str, head: Option<&str>) -> Result<(String, String), Error> {
    let base_commit = commit(repository, base)?;
    let head_name = head.unwrap_or("HEAD");
    let head_commit = commit(repository, head_name)?;
    let shared = repository.merge_base(base_commit.id(), head_commit.id()).map_err(|e| {
        git_error(format!(
            "no merge base between `{base}` and `{head_name}`: they share no history ({}); \
             in CI, check out with `fetch-depth: 0`",
            e.message()
        ))
    })?;
    Ok((shared.to_string(), head_commit.id().to_string()))
}
