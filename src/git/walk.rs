//! Walking history: the first-parent chain of a commit, oldest first, and
//! the files each commit changed. The walk keeps only ids, dates and
//! authors, so memory stays flat in the number of commits.

use std::cmp::Ordering;
use std::collections::HashMap;
use std::path::Path;

use chrono::{DateTime, NaiveDate};
use git2::{ObjectType, Oid, Tree, TreeEntry};

use crate::git::{Error, ObjectId, Repository};
use crate::text::Text;

/// One commit of the walk.
#[derive(Debug, Clone)]
pub struct Commit {
    /// The commit.
    pub id: ObjectId,
    /// Its root tree.
    pub tree: ObjectId,
    /// The committer date in UTC: when the change landed, not when it was written.
    pub date: NaiveDate,
    /// The author's name, as written (invalid UTF-8 replaced).
    pub author: Text,
    /// okr's own trailers of its message (`Okr-Sync: …`), key and value, in
    /// order; most commits have none, and nothing else of a message is kept.
    pub okr_trailers: Vec<(String, String)>,
}

/// The first-parent history of a commit.
pub struct Walk {
    /// Oldest first.
    pub commits: Vec<Commit>,
    /// The repository is a shallow clone: the oldest commits may be missing.
    pub shallow: bool,
}

impl Repository {
    /// The first-parent chain from `tip` back to the root (or to the edge of a
    /// shallow clone), oldest first.
    pub fn first_parent(&self, tip: ObjectId) -> Result<Walk, Error> {
        let mut commits = Vec::new();
        let mut next = Some(self.inner.find_commit(tip.0).map_err(Error::libgit2)?);
        while let Some(commit) = next {
            commits.push(describe(&commit)?);
            // A missing parent is the edge of a shallow clone, not an error.
            next = commit.parent(0).ok();
        }
        commits.reverse();
        Ok(Walk { commits, shallow: self.is_shallow() })
    }

    /// The last commit of `tip`'s first-parent chain dated on or before
    /// `date` (committer date, UTC): walking back from `tip`, the first one
    /// so dated, so that only the commits after it are read. Its error says
    /// so when no commit is that early.
    pub fn first_parent_as_of(&self, tip: ObjectId, date: NaiveDate) -> Result<Commit, Error> {
        let mut next = Some(self.inner.find_commit(tip.0).map_err(Error::libgit2)?);
        let mut oldest = None;
        while let Some(commit) = next {
            let described = describe(&commit)?;
            if described.date <= date {
                return Ok(described);
            }
            oldest = Some(described.date);
            // A missing parent is the edge of a shallow clone, not an error.
            next = commit.parent(0).ok();
        }
        Err(Error::NoCommitAsOf { date, oldest, shallow: self.is_shallow() })
    }

    /// The commit `id`: its tree, committer date and author.
    pub fn describe(&self, id: ObjectId) -> Result<Commit, Error> {
        describe(&self.inner.find_commit(id.0).map_err(Error::libgit2)?)
    }
}

fn describe(commit: &git2::Commit<'_>) -> Result<Commit, Error> {
    let committed = DateTime::from_timestamp(commit.committer().when().seconds(), 0)
        .ok_or(Error::ImpossibleDate { commit: ObjectId(commit.id()) })?;
    Ok(Commit {
        id: ObjectId(commit.id()),
        tree: ObjectId(commit.tree_id()),
        date: committed.date_naive(),
        author: String::from_utf8_lossy(commit.author().name_bytes()).into_owned().into(),
        okr_trailers: okr_trailers(commit),
    })
}

/// The trailers of `commit`'s message whose key starts with `Okr-`. A
/// message without that word is not parsed at all.
fn okr_trailers(commit: &git2::Commit<'_>) -> Vec<(String, String)> {
    let Some(message) = commit.message_raw() else { return Vec::new() };
    if !message.contains("Okr-") {
        return Vec::new();
    }
    match git2::message_trailers_strs(message) {
        Ok(trailers) => trailers
            .iter()
            .filter(|(key, _)| key.starts_with("Okr-"))
            .map(|(k, v)| (k.to_owned(), v.to_owned()))
            .collect(),
        Err(_) => Vec::new(),
    }
}

/// One file a commit added, changed or deleted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileChange {
    /// From the repository root, with `/`.
    pub path: String,
    /// The blob after the commit; `None` when the file was deleted.
    pub blob: Option<ObjectId>,
}

/// Finds the files each commit changed, commit after commit, among the paths
/// (from the repository root) its filter wants. A commit is compared with the
/// one before it in the walk, whose trees it keeps, so each tree is read from
/// the object database once.
pub struct TreeDiff<'r> {
    repository: &'r Repository,
    wants: &'r dyn Fn(&Path) -> bool,
    /// The trees of the last commit compared (its side of the diff), by id.
    previous: HashMap<Oid, Tree<'r>>,
    current: HashMap<Oid, Tree<'r>>,
    last_root: Option<Oid>,
}

impl<'r> TreeDiff<'r> {
    /// A diff that starts from the empty tree and reports the blobs whose
    /// paths (from the repository root) `wants`.
    pub fn new(repository: &'r Repository, wants: &'r dyn Fn(&Path) -> bool) -> TreeDiff<'r> {
        TreeDiff { repository, wants, previous: HashMap::new(), current: HashMap::new(), last_root: None }
    }

    /// The wanted files that differ between the last tree compared (at first,
    /// the empty tree) and `root`, in path order. Subtrees with equal ids are
    /// skipped without being read, so the cost follows the size of the change.
    /// Names starting with `.` are skipped, as okr skips hidden files on disk.
    pub fn next(&mut self, root: ObjectId) -> Result<Vec<FileChange>, Error> {
        let mut changes = Vec::new();
        let old = self.last_root.replace(root.0);
        self.diff(old, Some(root.0), "", &mut changes).map_err(Error::libgit2)?;
        self.previous = std::mem::take(&mut self.current);
        changes.sort_by(|a, b| a.path.cmp(&b.path));
        Ok(changes)
    }

    fn tree(&mut self, id: Oid, new_side: bool) -> Result<Tree<'r>, git2::Error> {
        let tree = match self.previous.get(&id).or_else(|| self.current.get(&id)) {
            Some(tree) => tree.clone(),
            None => self.repository.inner.find_tree(id)?,
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
                Some(ObjectType::Blob) if (self.wants)(Path::new(&path)) => {
                    changes.push(FileChange { path, blob: after.map(|e| ObjectId(e.id())) });
                }
                _ => {} // submodules, and files that are not wanted
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
