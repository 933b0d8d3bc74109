//! Reading a walk's changes on a thread of its own: tree diffs and blob
//! contents go out in batches through a bounded channel while the batch
//! before is parsed on every core and replayed. The channel's bound keeps
//! memory flat however long the history.

use std::collections::{HashMap, HashSet};
use std::path::Path;
use std::sync::mpsc::SyncSender;

use git2::{Oid, Repository};

use crate::error::Error;
use crate::history::{Commit, FileChange, TreeDiff};
use crate::load::revision::{git_error, OkrPaths};

/// The changes of consecutive commits of the walk.
pub struct Batch {
    /// The index of the batch's first commit in the walk.
    pub first: usize,
    /// Per commit, the OKR files it changed.
    pub changes: Vec<Vec<FileChange>>,
    /// The contents of the blobs those changes name (`None`: over the size
    /// limit), except blobs that a path already held before the batch: the
    /// receiver holds those parsed.
    pub blobs: Vec<(Oid, Option<Vec<u8>>)>,
}

/// Send the changes of `commits` in batches of `batch_size`; stop early when
/// the receiver is gone, and send the first error, if any, last.
pub fn send_batches(
    git_dir: &Path,
    commits: &[Commit],
    okr_paths: &OkrPaths,
    size_limit: u64,
    batch_size: usize,
    sender: &SyncSender<Result<Batch, Error>>,
) {
    let result = (|| -> Result<(), Error> {
        let repository = Repository::open(git_dir).map_err(|e| git_error(e.message()))?;
        let mut diff = TreeDiff::new(&repository, okr_paths);
        let mut tree = HeldBlobs::default();
        for (n, chunk) in commits.chunks(batch_size).enumerate() {
            let mut batch =
                Batch { first: n * batch_size, changes: Vec::with_capacity(chunk.len()), blobs: Vec::new() };
            let held_before = tree.held.clone();
            let mut sent = HashSet::new();
            for commit in chunk {
                let files = diff.next(commit.tree)?;
                for file in &files {
                    tree.update(&file.path, file.blob);
                    let Some(id) = file.blob else { continue };
                    if !held_before.contains_key(&id) && sent.insert(id) {
                        batch.blobs.push((id, read_blob(&repository, id, size_limit)?));
                    }
                }
                batch.changes.push(files);
            }
            if sender.send(Ok(batch)).is_err() {
                return Ok(()); // the report stopped: nothing more to read
            }
        }
        Ok(())
    })();
    if let Err(e) = result {
        let _ = sender.send(Err(e)); // a receiver gone has stopped already
    }
}

/// The blob each OKR path holds, and how many paths hold each blob. The
/// receiver keeps the documents of the blobs paths hold and lets the others
/// go after each batch, so a blob that comes back (a revert, a value set back)
/// must be sent again.
#[derive(Default)]
struct HeldBlobs {
    paths: HashMap<String, Oid>,
    held: HashMap<Oid, usize>,
}

impl HeldBlobs {
    fn update(&mut self, path: &str, blob: Option<Oid>) {
        let old = match blob {
            Some(id) => {
                *self.held.entry(id).or_default() += 1;
                self.paths.insert(path.to_owned(), id)
            }
            None => self.paths.remove(path),
        };
        if let Some(old) = old {
            if let Some(count) = self.held.get_mut(&old) {
                *count -= 1;
                if *count == 0 {
                    self.held.remove(&old);
                }
            }
        }
    }
}

/// A blob's bytes, or `None` when it is over `size_limit`.
pub fn read_blob(repository: &Repository, id: Oid, size_limit: u64) -> Result<Option<Vec<u8>>, Error> {
    let blob = repository.find_blob(id).map_err(|e| git_error(format!("blob {id}: {}", e.message())))?;
    Ok((blob.size() as u64 <= size_limit).then(|| blob.content().to_vec()))
}
