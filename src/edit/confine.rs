//! Writes stay in the repository. A path okr derives from the repository's
//! own content (a team's layout, the root's `okr.toml`, a file found by the
//! walk) must not be sent elsewhere by a symbolic link committed in it:
//! `okrs/2026-Q4 -> /home/someone/.ssh` would otherwise make `okr new` write
//! there. A path the user names (`--dir`) is the user's choice and is not
//! confined.

use std::path::{Path, PathBuf};

use crate::error::Error;

/// Where `path` really is: its deepest ancestor that exists (as a directory
/// entry, a link included) resolved through every symbolic link, with the
/// components that do not exist yet appended. Two paths that resolve alike
/// name one file.
pub fn resolve(path: &Path) -> Result<PathBuf, Error> {
    let mut existing = path;
    let mut missing = Vec::new();
    while std::fs::symlink_metadata(existing).is_err() {
        match (existing.parent(), existing.file_name()) {
            (Some(parent), Some(name)) => {
                missing.push(name.to_owned());
                existing = if parent.as_os_str().is_empty() { Path::new(".") } else { parent };
            }
            _ => break,
        }
    }
    // A link that leads nowhere cannot be resolved: refused, not guessed at.
    let mut resolved =
        existing.canonicalize().map_err(|source| Error::Unresolvable { path: existing.to_owned(), source })?;
    resolved.extend(missing.iter().rev());
    Ok(resolved)
}

/// Refuse to write `path` when a symbolic link already in place makes it
/// resolve outside `root`; `shown` is the path as the user reads it, and
/// `remedy` what to do instead (empty when there is nothing else to do).
pub fn ensure_inside(root: &Path, path: &Path, shown: &str, remedy: &'static str) -> Result<(), Error> {
    let root = root.canonicalize().map_err(|source| Error::Io { path: root.to_owned(), source })?;
    let resolved = resolve(path)?;
    if resolved.starts_with(&root) {
        return Ok(());
    }
    Err(Error::OutsideRepository { shown: shown.to_owned(), resolved, root, remedy })
}

/// The `remedy` of [`ensure_inside`] for commands that take `--dir`.
pub const NAME_THE_DIR: &str = " (to write there on purpose, name the directory with --dir)";

#[cfg(all(test, unix))]
mod tests {
    use super::*;

    #[test]
    fn a_link_out_of_the_root_is_refused_and_one_inside_it_is_not() {
        let root = tempfile::tempdir().unwrap();
        let outside = tempfile::tempdir().unwrap();
        std::os::unix::fs::symlink(outside.path(), root.path().join("out")).unwrap();
        std::fs::create_dir(root.path().join("real")).unwrap();
        std::os::unix::fs::symlink("real", root.path().join("alias")).unwrap();

        let refused =
            ensure_inside(root.path(), &root.path().join("out/new/a.okr.yaml"), "out/new/a.okr.yaml", NAME_THE_DIR);
        let message = refused.unwrap_err().to_string();
        assert!(message.starts_with("out/new/a.okr.yaml would be written to "), "{message}");
        assert!(message.contains("outside") && message.contains("--dir"), "{message}");

        ensure_inside(root.path(), &root.path().join("alias/new/a.okr.yaml"), "alias", "").unwrap();
        ensure_inside(root.path(), &root.path().join("fresh/dirs/a.okr.yaml"), "fresh", "").unwrap();
        assert_eq!(
            resolve(&root.path().join("alias/x")).unwrap(),
            resolve(&root.path().join("real/x")).unwrap(),
            "two names of one file resolve alike"
        );
    }

    #[test]
    fn a_dangling_link_is_refused() {
        let root = tempfile::tempdir().unwrap();
        std::os::unix::fs::symlink("/nonexistent/okr-test", root.path().join("gone")).unwrap();
        assert!(ensure_inside(root.path(), &root.path().join("gone/a.okr.yaml"), "gone", "").is_err());
    }
}
