//! Git repositories for tests, built with git2 in a temp dir: trees made from
//! blobs (no index, no filters, nothing from the machine's git config) and
//! fixed names and dates, so that every sha is the same on every run.
//! `Repo` makes commits a minute apart on branches (for `diff`); `GitFixture`
//! makes dated commits by named authors (for `report`).

#![allow(dead_code)]

use std::cell::RefCell;
use std::collections::BTreeMap;
use std::path::Path;

use chrono::NaiveDate;
use git2::{Oid, Repository, Signature, Time};

/// Files by path (with `/`), as one commit's snapshot.
pub type Files = BTreeMap<String, String>;

pub fn files(list: &[(&str, &str)]) -> Files {
    list.iter().map(|(p, c)| ((*p).to_owned(), (*c).to_owned())).collect()
}

pub struct Repo {
    pub dir: tempfile::TempDir,
    pub repository: git2::Repository,
    /// Seconds since the epoch of the next commit: one minute apart.
    next_time: i64,
}

impl Repo {
    /// An empty repository whose HEAD is the unborn branch `main`.
    pub fn new() -> Repo {
        let dir = tempfile::tempdir().expect("temp dir");
        let repository = git2::Repository::init(dir.path()).expect("init");
        repository.set_head("refs/heads/main").expect("HEAD to main");
        Repo { dir, repository, next_time: 1_780_000_000 }
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    /// Commit `files` as the whole tree on top of `branch` (creating it with
    /// no parent when it does not exist), and move `branch` to it.
    pub fn commit(&mut self, branch: &str, files: &Files, message: &str) -> git2::Oid {
        let reference = format!("refs/heads/{branch}");
        let parent =
            self.repository.find_reference(&reference).ok().map(|r| r.peel_to_commit().expect("a commit").id());
        self.commit_with(&reference, files, message, parent)
    }

    /// A commit without parents on `branch` (an unrelated history).
    pub fn orphan(&mut self, branch: &str, files: &Files, message: &str) -> git2::Oid {
        self.commit_with(&format!("refs/heads/{branch}"), files, message, None)
    }

    fn commit_with(&mut self, reference: &str, files: &Files, message: &str, parent: Option<git2::Oid>) -> git2::Oid {
        let parent = parent.map(|id| self.repository.find_commit(id).expect("a commit"));
        let tree = self.tree(files);
        let tree = self.repository.find_tree(tree).expect("tree");
        let time = git2::Time::new(self.next_time, 0);
        self.next_time += 60;
        let signature = git2::Signature::new("Test", "test@example.com", &time).expect("a signature");
        let parents: Vec<&git2::Commit> = parent.iter().collect();
        let oid = self.repository.commit(None, &signature, &signature, message, &tree, &parents).expect("commit");
        self.repository.reference(reference, oid, true, message).expect("move the branch");
        oid
    }

    /// Start `branch` at `from`.
    pub fn branch(&self, branch: &str, from: git2::Oid) {
        self.repository.reference(&format!("refs/heads/{branch}"), from, true, "branch").expect("branch");
    }

    /// Point HEAD at `branch` and make the working tree hold exactly `files`.
    pub fn checkout(&self, branch: &str, files: &Files) {
        self.repository.set_head(&format!("refs/heads/{branch}")).expect("HEAD");
        self.write_worktree(files);
    }

    /// Replace every file of the working tree (not `.git`) with `files`.
    pub fn write_worktree(&self, files: &Files) {
        for entry in std::fs::read_dir(self.path()).expect("read dir") {
            let path = entry.expect("an entry").path();
            if path.file_name().is_some_and(|n| n == ".git") {
                continue;
            }
            if path.is_dir() {
                std::fs::remove_dir_all(&path).expect("remove dir");
            } else {
                std::fs::remove_file(&path).expect("remove file");
            }
        }
        for (path, content) in files {
            crate::support::write(self.path(), path, content.as_bytes());
        }
    }

    fn tree(&self, files: &Files) -> git2::Oid {
        write_tree(&self.repository, files)
    }
}

/// The tree of `files`, directories built bottom-up.
pub fn write_tree(repository: &git2::Repository, files: &Files) -> git2::Oid {
    let mut here = repository.treebuilder(None).expect("treebuilder");
    let mut subdirectories: BTreeMap<&str, Files> = BTreeMap::new();
    for (path, content) in files {
        match path.split_once('/') {
            Some((dir, rest)) => {
                subdirectories.entry(dir).or_default().insert(rest.to_owned(), content.clone());
            }
            None => {
                let blob = repository.blob(content.as_bytes()).expect("blob");
                here.insert(path, blob, 0o100_644).expect("insert file");
            }
        }
    }
    for (dir, inner) in subdirectories {
        let tree = write_tree(repository, &inner);
        here.insert(dir, tree, 0o040_000).expect("insert dir");
    }
    here.write().expect("write tree")
}

pub struct GitFixture {
    pub dir: tempfile::TempDir,
    pub repository: Repository,
    /// The files of the last commit made: path → content.
    files: RefCell<Files>,
}

/// Noon UTC on `date` (YYYY-MM-DD), as a git time.
pub fn noon(date: &str) -> Time {
    let date: NaiveDate = date.parse().expect("a YYYY-MM-DD date");
    let seconds = date.and_hms_opt(12, 0, 0).expect("noon").and_utc().timestamp();
    Time::new(seconds, 0)
}

/// A commit to make: its date (committer date, noon UTC), author and changes.
pub struct Change<'a> {
    pub date: &'a str,
    pub author: &'a str,
    /// When the author wrote it, if not on `date`.
    pub authored: Option<&'a str>,
    /// Path and new content; `None` deletes the file.
    pub files: Vec<(&'a str, Option<String>)>,
}

impl<'a> Change<'a> {
    pub fn new(date: &'a str, author: &'a str) -> Change<'a> {
        Change { date, author, authored: None, files: Vec::new() }
    }

    pub fn write(mut self, path: &'a str, content: impl Into<String>) -> Change<'a> {
        self.files.push((path, Some(content.into())));
        self
    }

    pub fn delete(mut self, path: &'a str) -> Change<'a> {
        self.files.push((path, None));
        self
    }

    pub fn authored(mut self, date: &'a str) -> Change<'a> {
        self.authored = Some(date);
        self
    }
}

impl GitFixture {
    pub fn new() -> GitFixture {
        let dir = tempfile::tempdir().expect("temp dir");
        let repository = Repository::init(dir.path()).expect("git init");
        GitFixture { dir, repository, files: RefCell::default() }
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    /// Commit `change` on top of HEAD, moving HEAD's branch.
    pub fn commit(&self, change: Change<'_>) -> Oid {
        let parent = self.repository.head().ok().map(|h| h.target().expect("a direct HEAD"));
        self.commit_on(parent.as_slice(), Some("HEAD"), change)
    }

    /// Commit `change` applied to the files of the last commit made, with
    /// `parents` (the first is the first parent), updating `reference`.
    pub fn commit_on(&self, parents: &[Oid], reference: Option<&str>, change: Change<'_>) -> Oid {
        let mut files = self.files.borrow_mut();
        if let Some(first) = parents.first() {
            *files = self.files_of(*first);
        }
        for (path, content) in &change.files {
            match content {
                Some(content) => files.insert((*path).to_owned(), content.clone()),
                None => files.remove(*path),
            };
        }
        let tree = write_tree(&self.repository, &files);
        let tree = self.repository.find_tree(tree).expect("tree");
        let committer = Signature::new("Committer", "committer@example.com", &noon(change.date)).expect("signature");
        let when = noon(change.authored.unwrap_or(change.date));
        let author = Signature::new(change.author, "author@example.com", &when).expect("signature");
        let parents: Vec<git2::Commit<'_>> =
            parents.iter().map(|id| self.repository.find_commit(*id).expect("parent")).collect();
        let parents: Vec<&git2::Commit<'_>> = parents.iter().collect();
        let message = format!("change on {}", change.date);
        self.repository.commit(reference, &author, &committer, &message, &tree, &parents).expect("commit")
    }

    /// Every file of a commit's tree.
    fn files_of(&self, commit: Oid) -> Files {
        let tree = self.repository.find_commit(commit).expect("commit").tree().expect("tree");
        let mut files = BTreeMap::new();
        tree.walk(git2::TreeWalkMode::PreOrder, |dir, entry| {
            if let Ok(object) = entry.to_object(&self.repository) {
                if let Some(blob) = object.as_blob() {
                    let content = String::from_utf8_lossy(blob.content()).into_owned();
                    files.insert(format!("{dir}{}", entry.name().expect("a name")), content);
                }
            }
            git2::TreeWalkResult::Ok
        })
        .expect("walk");
        files
    }
}
