//! Git histories built in a temp dir with git2: fixed names and dates, trees
//! written from blobs, nothing read from the machine's git config.

#![allow(dead_code)]

use std::cell::RefCell;
use std::collections::BTreeMap;
use std::path::Path;

use chrono::NaiveDate;
use git2::{Oid, Repository, Signature, Time};

pub struct GitFixture {
    pub dir: tempfile::TempDir,
    pub repository: Repository,
    /// The files of the last commit on HEAD: path → content.
    files: RefCell<BTreeMap<String, String>>,
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
        let tree = self.write_tree(&files, "");
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
    fn files_of(&self, commit: Oid) -> BTreeMap<String, String> {
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

    /// The tree of the files under `prefix` (`""` or `dir/`).
    fn write_tree(&self, files: &BTreeMap<String, String>, prefix: &str) -> Oid {
        let mut builder = self.repository.treebuilder(None).expect("treebuilder");
        let mut directories = std::collections::BTreeSet::new();
        for (path, content) in files.range(prefix.to_owned()..).take_while(|(p, _)| p.starts_with(prefix)) {
            let rest = &path[prefix.len()..];
            match rest.split_once('/') {
                Some((directory, _)) => {
                    directories.insert(directory.to_owned());
                }
                None => {
                    let blob = self.repository.blob(content.as_bytes()).expect("blob");
                    builder.insert(rest, blob, 0o100_644).expect("insert file");
                }
            }
        }
        for directory in directories {
            let subtree = self.write_tree(files, &format!("{prefix}{directory}/"));
            builder.insert(&directory, subtree, 0o040_000).expect("insert directory");
        }
        builder.write().expect("write tree")
    }
}
