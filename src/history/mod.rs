//! Reading git history: the first-parent chain of a revision, oldest first,
//! and the OKR files each commit changed. The walk keeps only ids,
//! dates and authors, so memory stays flat in the number of commits.

pub(crate) mod blobs;
pub(crate) mod patch;
pub(crate) mod reader;

use std::path::Path;

use chrono::{DateTime, NaiveDate};
use std::cmp::Ordering;
use std::collections::HashMap;

use git2::{ObjectType, Oid, Repository, Tree, TreeEntry};

use crate::error::Error;
use crate::load::revision::{git_error, OkrPaths};

/// A commit as people read it: its first 7 hex digits, as git shows it.
pub fn short(sha: &str) -> &str {
    sha.get(..7).unwrap_or(sha)
}

/// One commit of the walk.
#[derive(Debug, Clone)]
pub struct Commit {
    /// The commit's id.
    pub id: Oid,
    /// Its tree's id.
    pub tree: Oid,
    /// The committer date in UTC: when the change landed, not when it was written.
    pub date: NaiveDate,
    /// The author's name.
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

/// Finds the OKR files each commit changed, commit after commit. A commit
/// is compared with the one before it in the walk, whose trees it keeps, so
/// each tree is read from the object database once.
pub struct TreeDiff<'r> {
    repository: &'r Repository,
    okr_paths: &'r OkrPaths,
    /// The trees of the last commit compared (its side of the diff), by id.
    previous: HashMap<Oid, Tree<'r>>,
    current: HashMap<Oid, Tree<'r>>,
    last_root: Option<Oid>,
}

impl<'r> TreeDiff<'r> {
    /// A differ over `repository` that reads only the OKR files of `okr_paths`.
    pub fn new(repository: &'r Repository, okr_paths: &'r OkrPaths) -> TreeDiff<'r> {
        TreeDiff { repository, okr_paths, previous: HashMap::new(), current: HashMap::new(), last_root: None }
    }

    /// The OKR files that differ between the last tree compared (at first,
    /// the empty tree) and `root`, in path order. Subtrees with equal ids are
    /// skipped without being read, so the cost follows the size of the change.
    pub fn next(&mut self, root: Oid) -> Result<Vec<FileChange>, Error> {
        let mut changes = Vec::new();
        let old = self.last_root.replace(root);
        self.diff(old, Some(root), "", &mut changes).map_err(|e| git_error(e.message()))?;
        self.previous = std::mem::take(&mut self.current);
        changes.sort_by(|a, b| a.path.cmp(&b.path));
        Ok(changes)
    }

    fn tree(&mut self, id: Oid, new_side: bool) -> Result<Tree<'r>, git2::Error> {
        let tree = match self.previous.get(&id).or_else(|| self.current.get(&id)) {
            Some(tree) => tree.clone(),
            None => self.repository.find_tree(id)?,
        };
        if new_side {
            self.current.insert(id, tree.clone());
        }
        Ok(tree)
    }

    /// Walk two sorted trees side by side.
    fn diff(
        &mut self,
        old: Option<Oid>,
        new: Option<Oid>,
        prefix: &str,
        changes: &mut Vec<FileChange>,
    ) -> Result<(), git2::Error> {
        let old = old.map(|id| self.tree(id, false)).transpose()?;
        let new = new.map(|id| self.tree(id, true)).transpose()?;
        let (mut i, mut j) = (0, 0);
        loop {
            let (a, b) = (old.as_ref().and_then(|t| t.get(i)), new.as_ref().and_then(|t| t.get(j)));
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
                    let id = |e: &Option<TreeEntry<'_>>| e.as_ref().map(TreeEntry::id);
                    self.diff(id(&before), id(&after), &format!("{path}/"), changes)?;
                }
                Some(ObjectType::Blob) if self.okr_paths.wants(Path::new(&path)) => {
                    changes.push(FileChange { path, blob: after.map(|e| e.id()) });
                }
                _ => {} // submodules, and files that are not OKR files
            }
        }
        Ok(())
    }
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
