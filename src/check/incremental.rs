//! A workspace that follows edits: replace, add or remove one file's text and
//! get every finding again without reading or checking the other files.
//!
//! Each file keeps what depends on it alone: its text and model, the
//! findings of reading it, the findings of the rules of one document, and its
//! outline (what the rules across files need of it). After an edit only that
//! file is read again; the rules across files (duplicates, objectives per
//! team, alignment, loops) run again over the index of the outlines, which
//! is small beside the documents. The findings are those a fresh
//! [`crate::load::workspace`] and [`crate::check::run`] of the same files
//! would give, in the same order and with the same file ids.

use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::check::{across_files, file_rules, finish};
use crate::config::Config;
use crate::findings::{Diagnostic, FileId};
use crate::index::{FileOutline, Index};
use crate::load::{display_path, read_buffer, Contents, SourceFile, Workspace};

/// The files of a workspace, by path, with what was found in each.
pub struct LiveWorkspace {
    config: Config,
    /// What display paths are relative to.
    cwd: PathBuf,
    /// Sorted by path, as [`crate::load::workspace`] sorts them: a file's id
    /// is its position here.
    files: Vec<LiveFile>,
}

/// One file and what depends on it alone. Its findings are kept as of file
/// id 0 and given the file's id when they are asked for, since adding or
/// removing another file moves it.
struct LiveFile {
    source: SourceFile,
    /// The findings of reading it (`yaml-syntax`, `schema`).
    read: Vec<Diagnostic>,
    /// The findings of the rules of one document.
    own: Vec<Diagnostic>,
    outline: Option<FileOutline>,
}

impl LiveFile {
    fn new(source: SourceFile, read: Vec<Diagnostic>, config: &Config) -> LiveFile {
        let mut own = Vec::new();
        let outline = file_rules(0, &source, config, &mut own);
        LiveFile { source, read, own, outline }
    }
}

impl LiveWorkspace {
    /// An empty workspace; display paths are relative to `cwd`.
    pub fn new(config: Config, cwd: PathBuf) -> LiveWorkspace {
        LiveWorkspace { config, cwd, files: Vec::new() }
    }

    /// Take over the files of a workspace loaded from disk (whose ids follow
    /// the sorted paths, as [`crate::load::workspace`] gives them), checking
    /// each, in parallel.
    pub fn from_workspace(workspace: Workspace, config: Config, cwd: PathBuf) -> LiveWorkspace {
        let mut read: Vec<Vec<Diagnostic>> = workspace.files.iter().map(|_| Vec::new()).collect();
        for mut finding in workspace.diagnostics {
            let file = std::mem::replace(&mut finding.file, 0);
            for related in &mut finding.related {
                related.file = 0;
            }
            read[file].push(finding);
        }
        let mut files: Vec<LiveFile> = workspace
            .files
            .into_par_iter()
            .zip(read)
            .map(|(source, read)| LiveFile::new(source, read, &config))
            .collect();
        files.sort_by(|a, b| a.source.path.cmp(&b.source.path));
        LiveWorkspace { config, cwd, files }
    }

    /// Set the text of the file at `path`: replace it when the workspace has
    /// it, add it when not. Paths are compared as given: use the form
    /// [`crate::load::workspace`] gives (the root or `cwd` joined with the
    /// relative path), so that an edit replaces the file loaded from disk. The bytes are read as a file on disk would be
    /// (the size limit, UTF-8, a byte-order mark, YAML, the format).
    pub fn set_file(&mut self, path: PathBuf, bytes: Vec<u8>) {
        let display = display_path(&path, &self.cwd);
        let size_limit = self.config.limits.file_size_max;
        let (source, read) = read_buffer(0, display, path, Contents::Bytes(bytes), size_limit);
        let file = LiveFile::new(source, read, &self.config);
        match self.position(&file.source.path) {
            Ok(at) => self.files[at] = file,
            Err(at) => self.files.insert(at, file),
        }
    }

    /// Remove the file at `path`; false when the workspace has no such file.
    pub fn remove_file(&mut self, path: &Path) -> bool {
        match self.position(path) {
            Ok(at) => {
                self.files.remove(at);
                true
            }
            Err(_) => false,
        }
    }

    /// How many files the workspace holds.
    pub fn len(&self) -> usize {
        self.files.len()
    }

    /// Whether the workspace holds no file.
    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }

    /// The file with id `file` (its position in path order).
    pub fn file(&self, file: FileId) -> &SourceFile {
        &self.files[file].source
    }

    /// The files, in path order: the id of each is its position.
    pub fn files(&self) -> impl Iterator<Item = &SourceFile> {
        self.files.iter().map(|file| &file.source)
    }

    /// The id of the file at `path`, if the workspace has it.
    pub fn id_of(&self, path: &Path) -> Option<FileId> {
        self.position(path).ok()
    }

    /// Every finding, as [`crate::check::run`] gives them for the same
    /// files: each file's own, kept, and the rules across files, run again.
    pub fn findings(&self) -> Vec<Diagnostic> {
        let at = |file: FileId, findings: &[Diagnostic]| -> Vec<Diagnostic> {
            findings.iter().map(|finding| in_file(finding, file)).collect()
        };
        let mut findings: Vec<Diagnostic> =
            self.files.iter().enumerate().flat_map(|(id, file)| at(id, &file.read)).collect();
        findings.extend(self.files.iter().enumerate().flat_map(|(id, file)| at(id, &file.own)));
        let index =
            Index::build(self.files.iter().enumerate().filter_map(|(id, file)| Some((id, file.outline.as_ref()?))));
        across_files(&index, &self.config, &mut findings);
        finish(findings, &self.config)
    }

    fn position(&self, path: &Path) -> Result<usize, usize> {
        self.files.binary_search_by(|file| file.source.path.as_path().cmp(path))
    }
}

/// A finding of one file on its own (kept as of file 0), in file `file`.
fn in_file(finding: &Diagnostic, file: FileId) -> Diagnostic {
    let mut finding = finding.clone();
    finding.file = file;
    for related in &mut finding.related {
        related.file = file;
    }
    finding
}
