//! Reading a walk's changes on a thread of its own: tree diffs and blob
//! contents go out in batches through a bounded channel while the batch
//! before is parsed on every core and replayed. The channel's bound keeps
//! memory flat however long the history.

use std::collections::{HashMap, HashSet};
use std::path::Path;
use std::rc::Rc;
use std::sync::mpsc::SyncSender;

use crate::error::Error;
use crate::git::{ObjectId, Repository, TreeDiff};
use crate::history::patch::{single_line_edit, LineEdit};
use crate::history::{Commit, FileChange};
use crate::load::revision::OkrPaths;

/// The changes of consecutive commits of the walk.
pub struct Batch {
    /// The index of the batch's first commit in the walk.
    pub first: usize,
    /// Per commit, the OKR files it changed.
    pub changes: Vec<Vec<FileChange>>,
    /// The blobs those changes name, in commit order, except blobs that a
    /// path already held before the batch: the receiver holds those parsed.
    pub blobs: Vec<BlobContent>,
}

pub struct BlobContent {
    pub id: ObjectId,
    /// `None`: over the size limit.
    pub content: Option<Vec<u8>>,
    /// When the blob differs in a single line from the blob its path held
    /// before (that blob, and the line): the receiver may patch, not parse.
    pub edit: Option<(ObjectId, LineEdit)>,
}

/// When a batch is sent: once it holds `commits` commits, or as soon as the
/// blobs it carries reach `bytes`, whichever comes first. A batch's blobs are
/// all parsed before any is let go, so the byte bound is what keeps a history
/// of check-ins to a file of megabytes from holding a copy per commit.
#[derive(Debug, Clone, Copy)]
pub struct BatchSize {
    pub commits: usize,
    pub bytes: usize,
}

/// Send the changes of `commits` in batches; stop early when the receiver is
/// gone, and send the first error, if any, last. `repository` is this
/// thread's own handle (`Repository::open_again`).
pub fn send_batches(
    repository: Repository,
    commits: &[Commit],
    okr_paths: &OkrPaths,
    size_limit: u64,
    size: BatchSize,
    sender: &SyncSender<Result<Batch, Error>>,
) {
    let result = (|| -> Result<(), Error> {
        let wants = |relative: &Path| okr_paths.wants(relative);
        let mut diff = TreeDiff::new(&repository, &wants);
        let mut tree = HeldBlobs::default();
        let mut first = 0;
        while first < commits.len() {
            let mut batch = Batch { first, changes: Vec::new(), blobs: Vec::new() };
            let held_before: HashSet<ObjectId> = tree.held.keys().copied().collect();
            let mut sent = HashSet::new();
            let mut bytes = 0;
            for commit in &commits[first..] {
                if batch.changes.len() == size.commits.max(1) || bytes >= size.bytes {
                    break;
                }
                let files = diff.next(commit.tree)?;
                for file in &files {
                    let Some(id) = file.blob else {
                        tree.set(&file.path, None);
                        continue;
                    };
                    let content = match tree.content(id) {
                        Some(content) => content,
                        None => Rc::new(repository.read_blob(id, size_limit)?),
                    };
                    if !held_before.contains(&id) && sent.insert(id) {
                        let before = tree.paths.get(&file.path).and_then(|&old| Some((old, tree.content(old)?)));
                        let edit = before.and_then(|(old, old_content)| match (&*old_content, &*content) {
                            (Some(old_bytes), Some(new_bytes)) => Some((old, single_line_edit(old_bytes, new_bytes)?)),
                            _ => None,
                        });
                        bytes += content.as_ref().as_ref().map_or(0, Vec::len);
                        batch.blobs.push(BlobContent { id, content: (*content).clone(), edit });
                    }
                    tree.set(&file.path, Some((id, content)));
                }
                batch.changes.push(files);
            }
            first += batch.changes.len();
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

/// The blob each OKR path holds, with its content, and how many paths hold
/// each blob. The receiver keeps the documents of the blobs paths hold and
/// lets the others go after each batch, so a blob that comes back (a revert,
/// a value set back) must be sent again.
/// A blob's bytes (`None`: over the size limit), shared by the paths that hold it.
type Content = Rc<Option<Vec<u8>>>;

#[derive(Default)]
struct HeldBlobs {
    paths: HashMap<String, ObjectId>,
    held: HashMap<ObjectId, (usize, Content)>,
}

impl HeldBlobs {
    fn content(&self, id: ObjectId) -> Option<Content> {
        self.held.get(&id).map(|(_, content)| Rc::clone(content))
    }

    fn set(&mut self, path: &str, blob: Option<(ObjectId, Content)>) {
        let old = match blob {
            Some((id, content)) => {
                self.held.entry(id).or_insert((0, content)).0 += 1;
                self.paths.insert(path.to_owned(), id)
            }
            None => self.paths.remove(path),
        };
        if let Some(old) = old {
            if let Some((count, _)) = self.held.get_mut(&old) {
                *count -= 1;
                if *count == 0 {
                    self.held.remove(&old);
                }
            }
        }
    }
}
