//! Reading git history: the first-parent chain of a revision, oldest first,
//! and the OKR files each commit changed (§5). The walk keeps only ids,
//! dates and authors, so memory stays flat in the number of commits.

pub mod blobs;

use std::path::Path;

use chrono::{DateTime, NaiveDate};
use std::cmp::Ordering;

use git2::{ObjectType, Oid, Repository, Tree, TreeEntry};

use crate::error::Error;
use crate::load::revision::{git_error, OkrPaths};

/// One commit of the walk.
#[derive(Debug, Clone)]
pub struct Commit {
    pub id: Oid,
    pub tree: Oid,
    /// The committer date in UTC: when the change landed, not when it was written.
    pub date: NaiveDate,
    pub author: String,
}

/// The first-parent history of a commit.
pub struct Walk {
    /// Oldest first.
    pub commits: Vec<Commit>,
    /// The repository is a shallow clone: the oldest commits may be missing.
    pub shallow: bool,
}

/// The first-parent chain from `tip` back to the root (or to the edge of a
/// shallow clone), oldest first.
pub fn first_parent(repository: &Repository, tip: &git2::Commit<'_>) -> Result<Walk, Error> {
    let mut commits = Vec::new();
    let mut next = Some(tip.clone());
    while let Some(commit) = next {
        let committed = DateTime::from_timestamp(commit.committer().when().seconds(), 0)
            .ok_or_else(|| git_error(format!("commit {} has an impossible date", commit.id())))?;
        commits.push(Commit {
            id: commit.id(),
            tree: commit.tree_id(),
            date: committed.date_naive(),
            author: String::from_utf8_lossy(commit.author().name_bytes()).into_owned(),
        });
        // A missing parent is the edge of a shallow clone, not an error.
        next = commit.parent(0).ok();
    }
    commits.reverse();
    Ok(Walk { commits, shallow: repository.is_shallow() })
}

/// One OKR file a commit added, changed or deleted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileChange {
    /// From the repository root, with `/`.
    pub path: String,
    /// The blob after the commit; `None` when the file was deleted.
    pub blob: Option<Oid>,
}

/// The OKR files that differ between two trees (`None`: the empty tree), in
/// path order. Subtrees with equal ids are skipped without being read, so the
/// cost follows the size of the change, not of the tree.
pub fn changed_files(
    repository: &Repository,
    old: Option<&Tree<'_>>,
    new: Option<&Tree<'_>>,
    okr_paths: &OkrPaths,
) -> Result<Vec<FileChange>, Error> {
    let mut changes = Vec::new();
    diff_trees(repository, old, new, "", okr_paths, &mut changes).map_err(|e| git_error(e.message()))?;
    changes.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(changes)
}

/// Git's order of tree entries: by name, a tree's name as if it ended in `/`.
fn git_order(a: &TreeEntry<'_>, b: &TreeEntry<'_>) -> Ordering {
    let (a_name, b_name) = (a.name_bytes(), b.name_bytes());
    let shared = a_name.len().min(b_name.len());
    let next = |entry: &TreeEntry<'_>, name: &[u8]| {
        name.get(shared).copied().or((name.len() == shared && entry.kind() == Some(ObjectType::Tree)).then_some(b'/'))
    };
    a_name[..shared].cmp(&b_name[..shared]).then_with(|| next(a, a_name).cmp(&next(b, b_name)))
}

/// Walk two sorted trees side by side; a subtree whose id is equal on both
/// sides is not read at all.
fn diff_trees(
    repository: &Repository,
    old: Option<&Tree<'_>>,
    new: Option<&Tree<'_>>,
    prefix: &str,
    okr_paths: &OkrPaths,
    changes: &mut Vec<FileChange>,
) -> Result<(), git2::Error> {
    let (mut i, mut j) = (0, 0);
    loop {
        let (a, b) = (old.and_then(|t| t.get(i)), new.and_then(|t| t.get(j)));
        let (before, after) = match (a, b) {
            (None, None) => break,
            (Some(a), Some(b)) => match git_order(&a, &b) {
                Ordering::Less => (Some(a), None),
                Ordering::Greater => (None, Some(b)),
                Ordering::Equal => (Some(a), Some(b)),
            },
            (a, b) => (a, b),
        };
        i += usize::from(before.is_some());
        j += usize::from(after.is_some());
        let Some(entry) = before.as_ref().or(after.as_ref()) else { break };
        let same = matches!((&before, &after), (Some(a), Some(b)) if a.id() == b.id());
        if same || entry.name_bytes().starts_with(b".") {
            continue;
        }
        let Ok(name) = std::str::from_utf8(entry.name_bytes()) else { continue };
        let path = format!("{prefix}{name}");
        match entry.kind() {
            Some(ObjectType::Tree) => {
                let subtree = |e: Option<&TreeEntry<'_>>| e.map(|e| repository.find_tree(e.id())).transpose();
                let (old_tree, new_tree) = (subtree(before.as_ref())?, subtree(after.as_ref())?);
                diff_trees(repository, old_tree.as_ref(), new_tree.as_ref(), &format!("{path}/"), okr_paths, changes)?;
            }
            Some(ObjectType::Blob) if okr_paths.wants(Path::new(&path)) => {
                changes.push(FileChange { path, blob: after.map(|e| e.id()) });
            }
            _ => {} // submodules, and files that are not OKR files
        }
    }
    Ok(())
}
