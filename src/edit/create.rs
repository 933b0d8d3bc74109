//! New files, all of them or none: `new`, `init` and `carry` plan every file
//! before they write any (no two at one path, none there already, none led
//! out of the repository by a symbolic link), then write them one by one; a
//! failure part way removes what this run wrote, the directories it made
//! included, so that the command can simply be run again.

use std::fs;
use std::path::{Path, PathBuf};

use crate::edit::{atomic, confine};
use crate::error::Error;

/// One file to create.
#[derive(Debug, Clone)]
pub struct NewFile {
    /// Where to write it.
    pub path: PathBuf,
    /// The path as the user reads it.
    pub shown: String,
    /// Whose file it is, for a message about two files at one path: "team `a`".
    pub whose: String,
    /// What to write.
    pub bytes: Vec<u8>,
}

/// Create every file of `files`, or none. With `confine_to`, a file that a
/// symbolic link would send out of that directory is refused.
pub fn create_all(files: &[NewFile], confine_to: Option<&Path>) -> Result<(), Error> {
    plan(files, confine_to)?;
    let mut written = Written::default();
    for file in files {
        if let Err(error) = written.create(file) {
            let removed = written.undo();
            return Err(Error::CreateUndone { error: Box::new(error), removed });
        }
    }
    Ok(())
}

/// Everything that can be known before writing: refusals come here, before
/// any file is touched.
fn plan(files: &[NewFile], confine_to: Option<&Path>) -> Result<(), Error> {
    // A dangling link counts as taken too: creating the file would follow it.
    let taken: Vec<&str> =
        files.iter().filter(|f| fs::symlink_metadata(&f.path).is_ok()).map(|f| f.shown.as_str()).collect();
    if !taken.is_empty() {
        return Err(Error::WouldOverwrite { shown: taken.into_iter().map(str::to_owned).collect(), remedy: "" });
    }
    if let Some(root) = confine_to {
        for file in files {
            confine::ensure_inside(root, &file.path, &file.shown, confine::NAME_THE_DIR)?;
        }
    }
    // A map, not a scan: `carry` plans one file per team, thousands at times.
    let mut planned: std::collections::HashMap<PathBuf, &NewFile> =
        std::collections::HashMap::with_capacity(files.len());
    for file in files {
        if let Some(first) = planned.insert(confine::resolve(&file.path)?, file) {
            return Err(Error::SamePath {
                first: first.whose.clone(),
                second: file.whose.clone(),
                shown: file.shown.clone(),
            });
        }
    }
    Ok(())
}

/// What this run has written so far, to undo on failure.
#[derive(Debug, Default)]
struct Written {
    files: Vec<PathBuf>,
    dirs: Vec<PathBuf>,
}

impl Written {
    fn create(&mut self, file: &NewFile) -> Result<(), Error> {
        if let Some(dir) = file.path.parent() {
            self.make_dirs(dir)?;
        }
        atomic::create_new(&file.path, &file.bytes)?;
        self.files.push(file.path.clone());
        Ok(())
    }

    /// `create_dir_all`, remembering each directory it made.
    fn make_dirs(&mut self, dir: &Path) -> Result<(), Error> {
        let missing: Vec<&Path> =
            dir.ancestors().take_while(|d| !d.as_os_str().is_empty() && fs::symlink_metadata(d).is_err()).collect();
        for dir in missing.into_iter().rev() {
            fs::create_dir(dir).map_err(|source| Error::Io { path: dir.to_owned(), source })?;
            self.dirs.push(dir.to_owned());
        }
        Ok(())
    }

    /// Remove every file and directory this run made, the latest first; the
    /// number of files removed.
    fn undo(self) -> usize {
        let removed = self.files.iter().rev().filter(|f| fs::remove_file(f).is_ok()).count();
        for dir in self.dirs.iter().rev() {
            // Only if empty: never a file someone else put there meanwhile.
            let _ = fs::remove_dir(dir);
        }
        removed
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(dir: &Path, path: &str, whose: &str) -> NewFile {
        NewFile { path: dir.join(path), shown: path.into(), whose: whose.into(), bytes: b"x\n".to_vec() }
    }

    fn entries(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> =
            fs::read_dir(dir).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
        names.sort();
        names
    }

    #[test]
    fn two_files_at_one_path_are_refused_before_anything_is_written() {
        let dir = tempfile::tempdir().unwrap();
        let files = [file(dir.path(), "a/x.okr.yaml", "team `a`"), file(dir.path(), "a/./x.okr.yaml", "team `x`")];
        let refused = create_all(&files, Some(dir.path())).unwrap_err().to_string();
        assert_eq!(refused, "team `a` and team `x` would both be written to a/./x.okr.yaml; nothing written");
        assert!(entries(dir.path()).is_empty());
    }

    #[test]
    fn a_failure_part_way_removes_the_files_and_directories_already_made() {
        let dir = tempfile::tempdir().unwrap();
        fs::write(dir.path().join("blocker"), "a file, not a directory").unwrap();
        let files =
            [file(dir.path(), "new/deep/a.okr.yaml", "team `a`"), file(dir.path(), "blocker/b.okr.yaml", "team `b`")];
        let refused = create_all(&files, None).unwrap_err().to_string();
        assert!(refused.contains("blocker") && refused.contains("removed the 1 file written before it"), "{refused}");
        assert_eq!(entries(dir.path()), ["blocker"]);
        fs::remove_file(dir.path().join("blocker")).unwrap();
        create_all(&files, None).unwrap();
        assert_eq!(entries(dir.path()), ["blocker", "new"]);
    }
}
