//! Naming commits: a revision (`main`, a sha, `HEAD~2`) resolved to its
//! commit, and the merge base `okr diff` compares with.

use crate::git::{Error, ObjectId, Repository};

impl Repository {
    /// The commit `rev` names, with a message that says what to do when it
    /// names nothing, or when the branch has no commit yet.
    pub fn commit(&self, rev: &str) -> Result<ObjectId, Error> {
        Ok(ObjectId(self.find_commit(rev)?.id()))
    }

    fn find_commit(&self, rev: &str) -> Result<git2::Commit<'_>, Error> {
        if rev == "HEAD" {
            if let Err(e) = self.inner.head() {
                if e.code() == git2::ErrorCode::UnbornBranch {
                    return Err(Error::UnbornBranch { branch: self.unborn_branch_name() });
                }
            }
        }
        self.inner
            .revparse_single(rev)
            .and_then(|object| object.peel_to_commit())
            .map_err(|e| Error::UnknownRevision { rev: rev.to_owned(), reason: e.message().to_owned() })
    }

    fn unborn_branch_name(&self) -> String {
        self.inner
            .find_reference("HEAD")
            .ok()
            .and_then(|head| head.symbolic_target().map(|t| t.trim_start_matches("refs/heads/").to_owned()))
            .unwrap_or_else(|| "HEAD".to_owned())
    }

    /// Whether `text` names a commit (a sha, branch, tag or `HEAD~2`).
    pub fn is_revision(&self, text: &str) -> bool {
        self.inner.revparse_single(text).and_then(|o| o.peel_to_commit()).is_ok()
    }

    /// The commits `okr diff` compares: the merge base of `base` and the head
    /// (`HEAD` when `head` is `None`), and the head commit.
    pub fn merge_base(&self, base: &str, head: Option<&str>) -> Result<(ObjectId, ObjectId), Error> {
        let base_commit = self.find_commit(base)?;
        let head_name = head.unwrap_or("HEAD");
        let head_commit = self.find_commit(head_name)?;
        let shared = self.inner.merge_base(base_commit.id(), head_commit.id()).map_err(|e| Error::NoMergeBase {
            base: base.to_owned(),
            head: head_name.to_owned(),
            reason: e.message().to_owned(),
        })?;
        Ok((ObjectId(shared), ObjectId(head_commit.id())))
    }
}
