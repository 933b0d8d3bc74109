//! One writer per file: an exclusive lock file next to the file an edit
//! changes, created with `create_new` (atomic on every local file system)
//! and removed when the edit is done. Two `okr checkin`s on one file at once
//! cannot both read the old text and write over each other's update: the
//! second one stops with a clear error instead.
//!
//! A lock left behind by a killed process is not taken over silently: its
//! message says which process made it and that it can be deleted, as git
//! does with `index.lock`.
//!
//! The lock's name is in the repository, so anyone can commit something
//! there: a symbolic link to `/dev/zero` or a named pipe. Reading who holds
//! it follows no link, opens nothing but a regular file, never waits for a
//! writer and reads a few bytes at most.

use std::fs::{self, File, OpenOptions};
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use crate::error::Error;

/// A held lock; dropping it removes the lock file.
#[derive(Debug)]
pub struct FileLock {
    path: PathBuf,
}

/// `.NAME.okr-lock` beside `path`: hidden, so never read as an OKR file.
pub fn lock_path(path: &Path) -> PathBuf {
    let name = path.file_name().map_or_else(|| "okr".into(), |n| n.to_string_lossy().into_owned());
    path.with_file_name(format!(".{name}.okr-lock"))
}

impl FileLock {
    /// Take the lock of `path`, or say who holds it.
    pub fn acquire(path: &Path) -> Result<FileLock, Error> {
        let lock = lock_path(path);
        match OpenOptions::new().write(true).create_new(true).open(&lock) {
            Ok(mut file) => {
                // Who holds it, for the message of the one who waits; best effort.
                let _ = writeln!(file, "{}", std::process::id());
                Ok(FileLock { path: lock })
            }
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
                let holder = holder(&lock)?;
                Err(Error::Locked { path: path.to_owned(), lock, holder })
            }
            Err(source) => Err(Error::Io { path: lock, source }),
        }
    }
}

/// The process id written in the lock file `lock`, if it holds one; an error
/// when `lock` is not a regular file, which okr never makes.
fn holder(lock: &Path) -> Result<Option<u32>, Error> {
    let not_a_lock = |what: &'static str| Error::NotALock { lock: lock.to_owned(), what };
    let metadata = fs::symlink_metadata(lock).map_err(|source| Error::Io { path: lock.to_owned(), source })?;
    if metadata.file_type().is_symlink() {
        return Err(not_a_lock("a symbolic link"));
    }
    if !metadata.is_file() {
        return Err(not_a_lock("not a regular file"));
    }
    // Checked again on what was opened: the name may have changed since.
    let file = open_no_follow(lock).map_err(|_| not_a_lock("not a regular file it can open"))?;
    if !file.metadata().is_ok_and(|m| m.is_file()) {
        return Err(not_a_lock("not a regular file"));
    }
    // A process id is at most 10 digits.
    let mut head = Vec::with_capacity(PID_BYTES);
    let _ = file.take(PID_BYTES as u64).read_to_end(&mut head);
    Ok(std::str::from_utf8(&head).ok().and_then(|t| t.trim().parse::<u32>().ok()))
}

const PID_BYTES: usize = 32;

/// Open `path` for reading without following a symbolic link, and without
/// waiting on a named pipe that has no writer.
#[cfg(unix)]
fn open_no_follow(path: &Path) -> std::io::Result<File> {
    use std::os::unix::fs::OpenOptionsExt;
    OpenOptions::new().read(true).custom_flags(libc::O_NOFOLLOW | libc::O_NONBLOCK).open(path)
}

/// Elsewhere, the check of the metadata before and after opening stands.
#[cfg(not(unix))]
fn open_no_follow(path: &Path) -> std::io::Result<File> {
    File::open(path)
}

impl Drop for FileLock {
    fn drop(&mut self) {
        let _ = fs::remove_file(&self.path);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_second_lock_is_refused_until_the_first_is_dropped() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("a.okr.yaml");
        let first = FileLock::acquire(&file).unwrap();
        let refused = FileLock::acquire(&file).unwrap_err().to_string();
        assert!(refused.contains("another okr") && refused.contains(".a.okr.yaml.okr-lock"), "{refused}");
        assert!(refused.contains(&format!("process {}", std::process::id())), "{refused}");
        drop(first);
        assert!(!lock_path(&file).exists());
        drop(FileLock::acquire(&file).unwrap());
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 0);
    }

    #[cfg(unix)]
    #[test]
    fn a_lock_that_is_a_link_or_a_directory_is_refused_and_left_alone() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("a.okr.yaml");
        std::os::unix::fs::symlink("/dev/zero", lock_path(&file)).unwrap();
        let refused = FileLock::acquire(&file).unwrap_err().to_string();
        assert!(refused.contains(".a.okr.yaml.okr-lock is a symbolic link, not a lock file okr made"), "{refused}");
        assert!(fs::symlink_metadata(lock_path(&file)).unwrap().file_type().is_symlink());
        fs::remove_file(lock_path(&file)).unwrap();
        fs::create_dir(lock_path(&file)).unwrap();
        let refused = FileLock::acquire(&file).unwrap_err().to_string();
        assert!(refused.contains("is not a regular file"), "{refused}");
        assert!(lock_path(&file).is_dir());
    }
}
