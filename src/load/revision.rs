//! Loading OKR files as they were at a git revision (`okr score --rev`,
//! `okr diff`): the same globs, read from the revision's tree instead of the
//! disk; and the merge base `okr diff` compares with.

use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::config::Config;
use crate::error::Error;
use crate::load::{collect, display_path, globs, parse_file, too_large, SourceFile, Workspace};

/// Every OKR file of `rev`'s tree under `paths` (relative to `cwd`; the whole
/// tree when empty), parsed. Paths are shown as if the files were on disk.
pub fn load_at(rev: &str, paths: &[PathBuf], cwd: &Path, config: &Config) -> Result<Workspace, Error> {
    let git = |message: String| Error::Git { message };
    let repository = open(cwd)?;
    let root = repository.workdir().map_or_else(|| repository.path().to_owned(), Path::to_owned);
    let tree = repository
        .revparse_single(rev)
        .and_then(|object| object.peel_to_tree())
        .map_err(|e| git(format!("unknown revision `{rev}`: {}", e.message())))?;
    let include = globs(&root, &config.files.include)?;
    let exclude = globs(&root, &config.files.exclude)?;
    let cwd_in_repo = cwd.canonicalize().unwrap_or_else(|_| cwd.to_owned());
    let root_real = root.canonicalize().unwrap_or_else(|_| root.clone());
    let wanted_roots: Vec<PathBuf> = paths
        .iter()
        .map(|p| cwd_in_repo.join(p))
        .map(|p| p.strip_prefix(&root_real).map(Path::to_owned).unwrap_or(p))
        .collect();
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
        let under = wanted_roots.is_empty() || wanted_roots.iter().any(|w| relative.starts_with(w));
        if under
            && include.matched_path_or_any_parents(&relative, false).is_ignore()
            && !exclude.matched_path_or_any_parents(&relative, false).is_ignore()
        {
            blobs.push((relative, entry.id()));
        }
        git2::TreeWalkResult::Ok
    })
    .map_err(|e| git(e.message().to_owned()))?;
    blobs.sort();
    let limit = config.limits.file_size_max;
    let contents: Vec<(PathBuf, Option<Vec<u8>>)> = blobs
        .into_iter()
        .map(|(relative, id)| {
            let blob = repository.find_blob(id).map_err(|e| git(e.message().to_owned()))?;
            let content = (blob.size() as u64 <= limit).then(|| blob.content().to_vec());
            Ok((relative, content))
        })
        .collect::<Result<_, Error>>()?;
    Ok(collect(
        contents
            .into_par_iter()
            .enumerate()
            .map(|(id, (relative, content))| {
                let path = root_real.join(&relative);
                let file = SourceFile {
                    display: display_path(&path, &cwd_in_repo),
                    path,
                    text: String::new(),
                    document: None,
                };
                match content {
                    Some(bytes) => parse_file(id, file, bytes),
                    None => too_large(id, file, limit),
                }
            })
            .collect(),
    ))
}

/// The git repository `cwd` is in.
pub fn open(cwd: &Path) -> Result<git2::Repository, Error> {
    git2::Repository::discover(cwd)
        .map_err(|e| Error::Git { message: format!("{}: not in a git repository ({})", cwd.display(), e.message()) })
}

/// Whether `text` names a commit (a sha, branch, tag or `HEAD~2`).
pub fn is_revision(repository: &git2::Repository, text: &str) -> bool {
    repository.revparse_single(text).and_then(|o| o.peel_to_commit()).is_ok()
}

/// The commits `okr diff` compares: the merge base of `base` and the head
/// (`HEAD` when `head` is `None`), and the head commit, as full shas.
pub fn merge_base(repository: &git2::Repository, base: &str, head: Option<&str>) -> Result<(String, String), Error> {
    let commit = |rev: &str| {
        repository
            .revparse_single(rev)
            .and_then(|o| o.peel_to_commit())
            .map_err(|e| Error::Git { message: format!("unknown revision `{rev}`: {}", e.message()) })
    };
    let base_commit = commit(base)?;
    let head_name = head.unwrap_or("HEAD");
    let head_commit = commit(head_name)?;
    let shared = repository.merge_base(base_commit.id(), head_commit.id()).map_err(|e| Error::Git {
        message: format!(
            "no merge base between `{base}` and `{head_name}`: they share no history ({}); \
             in CI, check out with `fetch-depth: 0`",
            e.message()
        ),
    })?;
    Ok((shared.to_string(), head_commit.id().to_string()))
}
