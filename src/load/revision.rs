//! Reading OKR files out of git: telling which paths of a tree are OKR files
//! (the same globs as on disk), and loading a revision's tree (`okr score
//! --rev`, `okr diff`) from a repository the command opened (`crate::git`).

use std::collections::BTreeSet;
use std::path::{Component, Path, PathBuf};

use chrono::NaiveDate;
use ignore::gitignore::Gitignore;
use rayon::prelude::*;

use crate::config::Config;
use crate::error::Error;
use crate::findings::FileId;
use crate::git::{Commit, Repository};
use crate::load::{collect, display_path, globs, read_buffer, Contents, Workspace};

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
    /// The OKR paths to read at a revision: `paths` as given in `cwd`, under the configuration's globs.
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

/// Where the OKR files of a date are read from.
#[derive(Debug, Clone)]
pub enum Source {
    /// The files on disk, as they are now.
    WorkTree,
    /// The files of this commit.
    Commit(Commit),
}

/// Where to read the OKR files as they were on `date`, given `today`: the
/// working tree for today or later; before, the last commit of HEAD's
/// first-parent history dated on or before `date` (committer date, UTC).
/// Every command with `--as-of` asks this one function, so that they agree.
/// No commit that early, or a branch without commits, is an error that says so.
pub fn source_as_of(repository: &Repository, date: NaiveDate, today: NaiveDate) -> Result<Source, Error> {
    if date >= today {
        return Ok(Source::WorkTree);
    }
    let head = match repository.commit("HEAD") {
        Ok(head) => head,
        Err(crate::git::Error::UnbornBranch { .. }) => {
            return Err(crate::git::Error::NoCommitAsOf { date, oldest: None, shallow: false }.into())
        }
        Err(e) => return Err(e.into()),
    };
    Ok(Source::Commit(repository.first_parent_as_of(head, date)?))
}

/// Every OKR file of `rev`'s tree under `paths` (relative to `cwd`; the whole
/// tree when empty), parsed. Paths are shown as if the files were on disk.
pub fn load_at(
    repository: &Repository,
    rev: &str,
    paths: &[PathBuf],
    cwd: &Path,
    config: &Config,
) -> Result<Workspace, Error> {
    let okr_paths = OkrPaths::new(&repository.root(), cwd, paths, config)?;
    Ok(read_tree(repository, rev, &okr_paths, config)?.0)
}

/// Every OKR file of `rev`'s tree, parsed, and the ids of those under
/// `paths` (relative to `cwd`; `None` without `paths`: every file): as
/// [`crate::load::workspace_around`] on disk, the other files are read for
/// alignment to resolve against.
pub fn load_at_around(
    repository: &Repository,
    rev: &str,
    paths: &[PathBuf],
    cwd: &Path,
    config: &Config,
) -> Result<(Workspace, Option<BTreeSet<FileId>>), Error> {
    let every = OkrPaths::new(&repository.root(), cwd, &[], config)?;
    let (workspace, relative) = read_tree(repository, rev, &every, config)?;
    if paths.is_empty() {
        return Ok((workspace, None));
    }
    let named = OkrPaths::new(&repository.root(), cwd, paths, config)?;
    let shown = relative.iter().enumerate().filter(|(_, r)| named.wants(r)).map(|(id, _)| id).collect();
    Ok((workspace, Some(shown)))
}

/// The OKR files of `rev`'s tree that `okr_paths` wants, parsed, and their
/// paths from the repository root, by file id.
fn read_tree(
    repository: &Repository,
    rev: &str,
    okr_paths: &OkrPaths,
    config: &Config,
) -> Result<(Workspace, Vec<PathBuf>), Error> {
    let commit = repository.commit(rev)?;
    let blobs = repository.blobs(commit, |relative| okr_paths.wants(relative))?;
    let limit = config.limits.file_size_max;
    let contents: Vec<(PathBuf, Option<Vec<u8>>)> = blobs
        .into_iter()
        .map(|(relative, id)| Ok((relative, repository.read_blob(id, limit)?)))
        .collect::<Result<_, Error>>()?;
    let relative = contents.iter().map(|(r, _)| r.clone()).collect();
    let workspace = collect(
        contents
            .into_par_iter()
            .enumerate()
            .map(|(id, (relative, content))| {
                let (display, path) = (okr_paths.display(&relative), okr_paths.absolute(&relative));
                let contents = content.map_or(Contents::TooLarge, Contents::Bytes);
                read_buffer(id, display, path, contents, limit)
            })
            .collect(),
    );
    Ok((workspace, relative))
}
