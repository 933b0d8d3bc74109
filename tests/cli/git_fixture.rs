//! Git repositories for tests, built with git2 in a temp dir: trees made from
//! blobs (no index, no filters, nothing from the machine's git config), a
//! fixed author and fixed dates, so that every sha is the same on every run.

#![allow(dead_code)]

use std::collections::BTreeMap;
use std::path::Path;

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

    /// The tree of `files`, directories built bottom-up.
    fn tree(&self, files: &Files) -> git2::Oid {
        let mut here = self.repository.treebuilder(None).expect("treebuilder");
        let mut subdirectories: BTreeMap<&str, Files> = BTreeMap::new();
        for (path, content) in files {
            match path.split_once('/') {
                Some((dir, rest)) => {
                    subdirectories.entry(dir).or_default().insert(rest.to_owned(), content.clone());
                }
                None => {
                    let blob = self.repository.blob(content.as_bytes()).expect("blob");
                    here.insert(path, blob, 0o100_644).expect("insert file");
                }
            }
        }
        for (dir, inner) in subdirectories {
            let tree = self.tree(&inner);
            here.insert(dir, tree, 0o040_000).expect("insert dir");
        }
        here.write().expect("write tree")
    }
}
