//! One writer per file: an exclusive lock file next to the file an edit
//! changes, created with `create_new` (atomic on every local file system)
//! and removed when the edit is done. Two `okr checkin`s on one file at once
//! cannot both read the old text and write over each other's update: the
//! second one stops with a clear error instead.
//!
//! A lock left behind by a killed process is not taken over silently: its
//! message says which process made it and that it can be deleted, as git
//! does with `index.lock`.

use std::fs::{self, OpenOptions};
use std::io::Write;
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
                let holder = fs::read_to_string(&lock).ok().and_then(|t| t.trim().parse::<u32>().ok());
                let by = holder.map_or_else(String::new, |pid| format!(" by process {pid}"));
                Err(Error::Usage(format!(
                    "{} is being changed by another okr (locked{by}: {} exists); nothing written. \
                     Try again when it is done; if no okr is running, delete {}",
                    path.display(),
                    lock.display(),
                    lock.display()
                )))
            }
            Err(source) => Err(Error::Io { path: lock, source }),
        }
    }
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
}
