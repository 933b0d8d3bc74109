//! Writing files so that a reader sees the old bytes or the new ones, never a
//! half-written file: a temporary file in the same directory, written and
//! flushed to disk, then renamed over the original (or linked into place for
//! a new file, which fails rather than overwrite).

use std::fs::{self, File, OpenOptions};
use std::io::Write;
use std::path::{Path, PathBuf};

use crate::error::Error;

/// Refuse early, with a clear message, when `path` (if it exists) or its
/// directory is read-only. The permission bits are checked, not only what the
/// system allows: a superuser may write anywhere, and a file someone marked
/// read-only is not for okr to change.
pub fn ensure_writable(path: &Path) -> Result<(), Error> {
    let dir = parent(path);
    let readonly = |p: &Path| fs::metadata(p).map(|m| m.permissions().readonly());
    match readonly(path) {
        Ok(true) => return Err(Error::ReadOnly { path: path.to_owned() }),
        Ok(false) => {}
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
        Err(source) => return Err(Error::Io { path: path.to_owned(), source }),
    }
    match readonly(&dir) {
        Ok(true) => Err(Error::ReadOnlyDirectory { dir }),
        Ok(false) => Ok(()),
        Err(source) => Err(Error::Io { path: dir, source }),
    }
}

/// Refuse, before anything is written, a file that replacing would damage:
/// one that is read-only (see [`ensure_writable`]), not a regular file (a
/// symbolic link would become a file), or has several hard links (the new
/// file would take this name only, and the other names would keep the old
/// bytes). Returns the file's metadata, whose owner, group and mode the new
/// file keeps.
pub fn ensure_replaceable(path: &Path) -> Result<fs::Metadata, Error> {
    ensure_writable(path)?;
    let metadata = fs::symlink_metadata(path).map_err(|source| Error::Io { path: path.to_owned(), source })?;
    if !metadata.is_file() {
        return Err(Error::NotARegularFile { path: path.to_owned() });
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        let links = metadata.nlink();
        if links > 1 {
            return Err(Error::HardLinked { path: path.to_owned(), links });
        }
    }
    Ok(metadata)
}

/// The owner or group a replaced file could not keep: only root can give a
/// file to another user, and only a member of a group can give a file to it.
/// Each pair is (before, after); it is equal when that one was kept.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OwnershipChanged {
    /// The user id before and after.
    pub uid: (u32, u32),
    /// The group id before and after.
    pub gid: (u32, u32),
}

/// Replace the contents of the existing file `path` with `bytes`, keeping its
/// owner, group and mode (the owner and group where the process may: say
/// which it could not keep), but only while the file still holds `expected`:
/// compared after the new bytes are on disk and just before the rename, so
/// that an edit made meanwhile by anything else (an editor, a script) is not lost.
pub fn replace_unchanged(path: &Path, expected: &[u8], bytes: &[u8]) -> Result<Option<OwnershipChanged>, Error> {
    replace_if(path, bytes, Some(expected))
}

fn replace_if(path: &Path, bytes: &[u8], expected: Option<&[u8]>) -> Result<Option<OwnershipChanged>, Error> {
    let original = ensure_replaceable(path)?;
    let (temp, ownership) = write_temp(path, bytes, Some(&original))?;
    crash_point("temp-written");
    if let Some(expected) = expected {
        let now = fs::read(path).map_err(|source| Error::Io { path: path.to_owned(), source });
        if now.as_deref().ok() != Some(expected) {
            let _ = fs::remove_file(&temp);
            return Err(Error::ChangedWhileWriting { path: path.to_owned() });
        }
    }
    fs::rename(&temp, path).map_err(|source| {
        let _ = fs::remove_file(&temp);
        Error::Io { path: path.to_owned(), source }
    })?;
    crash_point("renamed");
    sync_dir(path);
    Ok(ownership)
}

/// A test hook, in debug builds only: `OKR_TEST_CRASH_AT=<point>` aborts the
/// process at that point (`temp-written`: the new bytes are in the temporary
/// file, not yet renamed; `renamed`: the rename is done, the directory not yet
/// flushed and the lock still held), as a crash or `kill -9` would. The
/// tests use it to prove that an interrupted write leaves the old file or
/// the new one. Release builds have no such hook: it is the one place the
/// library reads the environment, in debug builds only.
pub fn crash_point(point: &str) {
    #[cfg(debug_assertions)]
    if std::env::var_os("OKR_TEST_CRASH_AT").is_some_and(|at| at == point) {
        std::process::abort();
    }
    #[cfg(not(debug_assertions))]
    let _ = point;
}

/// Create `path` with `bytes`; fails with a clear message if it exists.
pub fn create_new(path: &Path, bytes: &[u8]) -> Result<(), Error> {
    ensure_writable(path)?;
    let (temp, _) = write_temp(path, bytes, None)?;
    let linked = fs::hard_link(&temp, path);
    let _ = fs::remove_file(&temp);
    match linked {
        Ok(()) => {}
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => return Err(exists(path)),
        // A file system without hard links: `create_new` still never overwrites.
        Err(_) => {
            let mut file = OpenOptions::new().write(true).create_new(true).open(path).map_err(|source| {
                if source.kind() == std::io::ErrorKind::AlreadyExists {
                    exists(path)
                } else {
                    Error::Io { path: path.to_owned(), source }
                }
            })?;
            file.write_all(bytes)
                .and_then(|()| file.sync_all())
                .map_err(|source| Error::Io { path: path.to_owned(), source })?;
        }
    }
    sync_dir(path);
    Ok(())
}

/// The error for a file that is there already: okr never overwrites one.
pub fn exists(path: &Path) -> Error {
    Error::AlreadyExists { path: path.to_owned() }
}

/// A new file next to `path`, holding `bytes`, flushed to disk; with
/// `original`, with that file's owner, group and mode.
fn write_temp(
    path: &Path,
    bytes: &[u8],
    original: Option<&fs::Metadata>,
) -> Result<(PathBuf, Option<OwnershipChanged>), Error> {
    let dir = parent(path);
    let name = path.file_name().map_or_else(|| "okr".into(), |n| n.to_string_lossy().into_owned());
    for attempt in 0..100 {
        let temp = dir.join(format!(".{name}.okr-{}-{attempt}.tmp", std::process::id()));
        let mut file = match OpenOptions::new().write(true).create_new(true).open(&temp) {
            Ok(file) => file,
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => continue,
            Err(source) => return Err(Error::Io { path: dir, source }),
        };
        match write_all(&mut file, bytes, original) {
            Ok(ownership) => return Ok((temp, ownership)),
            Err(source) => {
                drop(file);
                let _ = fs::remove_file(&temp);
                return Err(Error::Io { path: temp, source });
            }
        }
    }
    Err(Error::NoTemporaryFile { dir })
}

fn write_all(
    file: &mut File,
    bytes: &[u8],
    original: Option<&fs::Metadata>,
) -> std::io::Result<Option<OwnershipChanged>> {
    file.write_all(bytes)?;
    let mut ownership = None;
    if let Some(original) = original {
        // The owner first: giving a file away clears its set-id bits, which
        // the mode then puts back.
        ownership = keep_ownership(file, original)?;
        file.set_permissions(original.permissions())?;
    }
    file.sync_all()?;
    Ok(ownership)
}

/// Give `file` the owner and group of `original`, as far as the process may.
#[cfg(unix)]
fn keep_ownership(file: &File, original: &fs::Metadata) -> std::io::Result<Option<OwnershipChanged>> {
    use std::os::unix::fs::{fchown, MetadataExt};
    let (uid, gid) = (original.uid(), original.gid());
    let made = file.metadata()?;
    if (made.uid(), made.gid()) == (uid, gid) || fchown(file, Some(uid), Some(gid)).is_ok() {
        return Ok(None);
    }
    // Not root: the owner stays the process's; the group can be kept when the
    // process is in it.
    let _ = fchown(file, None, Some(gid));
    let now = file.metadata()?;
    Ok(Some(OwnershipChanged { uid: (uid, now.uid()), gid: (gid, now.gid()) }))
}

/// Files have no unix owner here: nothing to keep but the permissions.
#[cfg(not(unix))]
fn keep_ownership(_file: &File, _original: &fs::Metadata) -> std::io::Result<Option<OwnershipChanged>> {
    Ok(None)
}

fn parent(path: &Path) -> PathBuf {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_owned(),
        _ => PathBuf::from("."),
    }
}

/// Flush the directory entry too, so that the rename survives a crash. Best
/// effort: not every platform can open a directory.
fn sync_dir(path: &Path) {
    if let Ok(dir) = File::open(parent(path)) {
        let _ = dir.sync_all();
    }
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use std::os::unix::fs::PermissionsExt;

    #[test]
    fn replace_keeps_the_mode_and_leaves_no_temporary_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.okr.yaml");
        fs::write(&path, "old").unwrap();
        fs::set_permissions(&path, fs::Permissions::from_mode(0o640)).unwrap();
        replace_if(&path, b"new", None).unwrap();
        assert_eq!(fs::read_to_string(&path).unwrap(), "new");
        assert_eq!(fs::metadata(&path).unwrap().permissions().mode() & 0o777, 0o640);
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[test]
    fn replace_unchanged_refuses_when_the_file_changed() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.okr.yaml");
        fs::write(&path, "edited meanwhile").unwrap();
        let refused = replace_unchanged(&path, b"as read", b"new").unwrap_err().to_string();
        assert!(refused.contains("changed by something else"), "{refused}");
        assert_eq!(fs::read_to_string(&path).unwrap(), "edited meanwhile");
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1, "no temporary file left");
        replace_unchanged(&path, b"edited meanwhile", b"new").unwrap();
        assert_eq!(fs::read_to_string(&path).unwrap(), "new");
    }

    #[test]
    fn a_file_with_several_hard_links_is_refused_with_the_count() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.okr.yaml");
        fs::write(&path, "old").unwrap();
        fs::hard_link(&path, dir.path().join("b")).unwrap();
        fs::hard_link(&path, dir.path().join("c")).unwrap();
        let refused = replace_if(&path, b"new", None).unwrap_err().to_string();
        assert!(refused.contains("has 3 hard links") && refused.contains("other names"), "{refused}");
        assert_eq!(fs::read_to_string(&path).unwrap(), "old");
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 3, "no temporary file left");
    }

    #[test]
    fn a_symbolic_link_is_not_replaced_by_a_file() {
        let dir = tempfile::tempdir().unwrap();
        fs::write(dir.path().join("real"), "old").unwrap();
        let path = dir.path().join("a.okr.yaml");
        std::os::unix::fs::symlink("real", &path).unwrap();
        let refused = replace_if(&path, b"new", None).unwrap_err().to_string();
        assert!(refused.contains("not a regular file"), "{refused}");
        assert!(fs::symlink_metadata(&path).unwrap().file_type().is_symlink());
        assert_eq!(fs::read_to_string(dir.path().join("real")).unwrap(), "old");
    }

    #[test]
    fn create_new_never_overwrites() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.okr.yaml");
        create_new(&path, b"first").unwrap();
        assert!(create_new(&path, b"second").is_err());
        assert_eq!(fs::read_to_string(&path).unwrap(), "first");
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1);
    }
}
