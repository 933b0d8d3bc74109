//! Reading files out of a commit's tree: which blobs it holds, and a blob's
//! bytes within a size limit.

use std::path::{Path, PathBuf};

use crate::git::{Error, ObjectId, Repository};

impl Repository {
    /// The blobs of `commit`'s tree whose paths (from the repository root)
    /// `wants`, sorted by path. Names starting with `.` are skipped without
    /// being read, as okr skips hidden files and directories on disk.
    pub fn blobs(
        &self,
        commit: ObjectId,
        mut wants: impl FnMut(&Path) -> bool,
    ) -> Result<Vec<(PathBuf, ObjectId)>, Error> {
        let tree = self.inner.find_commit(commit.0).and_then(|c| c.tree()).map_err(Error::libgit2)?;
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
            if wants(&relative) {
                blobs.push((relative, ObjectId(entry.id())));
            }
            git2::TreeWalkResult::Ok
        })
        .map_err(Error::libgit2)?;
        blobs.sort();
        Ok(blobs)
    }

    /// A blob's bytes, or `None` when it is over `size_limit`. The size is read
    /// from the object's header first, so a blob over the limit is never
    /// inflated: a gigabyte of zeros that packs into a few megabytes costs
    /// nothing, as an oversized file on disk costs nothing.
    pub fn read_blob(&self, id: ObjectId, size_limit: u64) -> Result<Option<Vec<u8>>, Error> {
        let failed = |e: git2::Error| Error::Blob { id, reason: e.message().to_owned() };
        let (size, _) = self.inner.odb().and_then(|odb| odb.read_header(id.0)).map_err(failed)?;
        if size as u64 > size_limit {
            return Ok(None);
        }
        let blob = self.inner.find_blob(id.0).map_err(failed)?;
        Ok(Some(blob.content().to_vec()))
    }

    /// Whether `commit`'s tree has a file at `path` (from the repository
    /// root), whatever its size.
    pub fn has_file_at(&self, commit: ObjectId, path: &Path) -> Result<bool, Error> {
        let tree = self.inner.find_commit(commit.0).and_then(|c| c.tree()).map_err(Error::libgit2)?;
        Ok(matches!(tree.get_path(path), Ok(entry) if entry.kind() == Some(git2::ObjectType::Blob)))
    }

    /// The bytes of the file at `path` (from the repository root) in
    /// `commit`'s tree, `None` when there is no such file or it is over
    /// `size_limit`.
    pub fn file_at(&self, commit: ObjectId, path: &Path, size_limit: u64) -> Result<Option<Vec<u8>>, Error> {
        let tree = self.inner.find_commit(commit.0).and_then(|c| c.tree()).map_err(Error::libgit2)?;
        match tree.get_path(path) {
            Ok(entry) if entry.kind() == Some(git2::ObjectType::Blob) => {
                self.read_blob(ObjectId(entry.id()), size_limit)
            }
            _ => Ok(None),
        }
    }
}
