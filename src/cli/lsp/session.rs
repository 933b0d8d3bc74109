//! What the server knows: the repository root, the configuration, every OKR
//! file (open documents from the editor's buffers, the rest from disk, found
//! as `okr check` finds them) in an incremental workspace, and the findings
//! of its latest state.

use std::borrow::Cow;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::rc::Rc;

use chrono::NaiveDate;
use ignore::gitignore::Gitignore;
use lsp_types::Url;
use okr::check::incremental::LiveWorkspace;
use okr::config::Config;
use okr::findings::{Diagnostic, FileId};

use super::documents::{path_of, Documents, OpenDocument};
use super::outline::Catalogue;
use super::position::{Encoding, LineIndex};

pub struct Session {
    pub root: PathBuf,
    /// okr.toml (or the file `--config` named), reloaded when it changes.
    pub config_path: PathBuf,
    config_must_exist: bool,
    pub config: Config,
    include: Gitignore,
    exclude: Gitignore,
    pub live: LiveWorkspace,
    pub documents: Documents,
    pub encoding: Encoding,
    /// The date scores and pace are given for, read once by the binary.
    pub today: NaiveDate,
    /// Counts every change, so that what is worked out from a state of the
    /// workspace (its findings) is kept until the next change.
    generation: u64,
    findings: Option<(u64, Rc<Vec<Diagnostic>>)>,
    catalogue: Option<(u64, Rc<Catalogue>)>,
}

/// A failure to read the configuration or find the files: told to the user
/// (a message in the editor), while the server goes on with what it has.
pub type Trouble = Option<String>;

impl Session {
    pub fn new(
        root: PathBuf,
        config_path: PathBuf,
        config_must_exist: bool,
        encoding: Encoding,
        today: NaiveDate,
    ) -> Session {
        let config = Config::default();
        let live = LiveWorkspace::new(config.clone(), root.clone());
        Session {
            include: Gitignore::empty(),
            exclude: Gitignore::empty(),
            root,
            config_path,
            config_must_exist,
            config,
            live,
            documents: Documents::default(),
            encoding,
            today,
            generation: 0,
            findings: None,
            catalogue: None,
        }
    }

    /// Read the configuration and every OKR file from disk again, then the
    /// open documents from their buffers. A configuration that does not
    /// read leaves the one before in place.
    pub fn load(&mut self) -> Trouble {
        let mut trouble = None;
        match Config::load(&self.config_path, self.config_must_exist) {
            Ok(config) => self.config = config,
            Err(e) => trouble = Some(format!("okr: the configuration is not read: {e}")),
        }
        let globs = |patterns: &[String]| okr::load::globs(&self.root, patterns);
        match (globs(&self.config.files.include), globs(&self.config.files.exclude)) {
            (Ok(include), Ok(exclude)) => (self.include, self.exclude) = (include, exclude),
            (Err(e), _) | (_, Err(e)) => trouble = Some(format!("okr: {e}")),
        }
        let workspace = match okr::load::workspace(&[], &self.root, &self.root, &self.config) {
            Ok(workspace) => workspace,
            Err(e) => {
                trouble = Some(format!("okr: the OKR files are not read: {e}"));
                Default::default()
            }
        };
        self.live = LiveWorkspace::from_workspace(workspace, self.config.clone(), self.root.clone());
        let open: Vec<(Url, PathBuf, String)> = self
            .documents
            .iter()
            .map(|(uri, document)| (uri.clone(), document.path.clone(), document.lines.text().to_owned()))
            .collect();
        for (uri, path, text) in open {
            let okr = self.is_okr_file(&path);
            if let Some(document) = self.documents.get_mut(&uri) {
                document.okr = okr;
            }
            if okr {
                self.live.set_file(path, text.into_bytes());
            } else {
                self.live.remove_file(&path);
            }
        }
        self.changed();
        trouble
    }

    /// Whether `path` is an OKR file: under the root, matched by the
    /// configuration's globs as `okr check` matches them.
    pub fn is_okr_file(&self, path: &Path) -> bool {
        let Ok(relative) = path.strip_prefix(&self.root) else { return false };
        self.include.matched_path_or_any_parents(relative, false).is_ignore()
            && !self.exclude.matched_path_or_any_parents(relative, false).is_ignore()
    }

    /// The path of `uri` in the form the workspace holds paths (under the
    /// root as found on disk, links resolved when it is not).
    pub fn path_of(&self, uri: &Url) -> Option<PathBuf> {
        let path = path_of(uri)?;
        if path.starts_with(&self.root) {
            return Some(path);
        }
        let real = path.canonicalize().ok().or_else(|| {
            let parent = path.parent()?.canonicalize().ok()?;
            Some(parent.join(path.file_name()?))
        });
        Some(real.unwrap_or(path))
    }

    pub fn open(&mut self, uri: Url, text: String, version: i32) {
        let Some(path) = self.path_of(&uri) else { return };
        let okr = self.is_okr_file(&path);
        let lines = LineIndex::new(&text);
        if okr {
            self.live.set_file(path.clone(), lines.text().as_bytes().to_vec());
            self.changed();
        }
        self.documents.open(uri, OpenDocument { path, version, lines, okr });
    }

    /// The editor's new text of an open document; false when it is not open.
    pub fn change(&mut self, uri: &Url, text: String, version: i32) -> bool {
        let Some(document) = self.documents.get_mut(uri) else { return false };
        document.lines = LineIndex::new(&text);
        document.version = version;
        if document.okr {
            let (path, bytes) = (document.path.clone(), document.lines.text().as_bytes().to_vec());
            self.live.set_file(path, bytes);
            self.changed();
        }
        true
    }

    /// A document closed: the file on disk counts again (or, deleted while
    /// it was open, no longer does).
    pub fn close(&mut self, uri: &Url) {
        let Some(document) = self.documents.close(uri) else { return };
        if document.okr {
            self.read_from_disk(&document.path);
        }
    }

    /// The file at `path` as it is on disk now: read again, or gone. An
    /// open document keeps its buffer; `okr.toml` reloads everything.
    pub fn disk_changed(&mut self, path: &Path) -> Trouble {
        if path == self.config_path {
            return self.load();
        }
        if self.documents.at_path(path).is_some() {
            return None;
        }
        self.read_from_disk(path);
        None
    }

    fn read_from_disk(&mut self, path: &Path) {
        match read_limited(path, self.config.limits.file_size_max) {
            Some(bytes) if self.is_okr_file(path) => self.live.set_file(path.to_owned(), bytes),
            _ => {
                self.live.remove_file(path);
            }
        }
        self.changed();
    }

    /// Counts the changes of the workspace.
    pub fn generation(&self) -> u64 {
        self.generation
    }

    fn changed(&mut self) {
        self.generation += 1;
    }

    /// Every finding of the workspace as it is now.
    pub fn findings(&mut self) -> Rc<Vec<Diagnostic>> {
        match &self.findings {
            Some((generation, findings)) if *generation == self.generation => findings.clone(),
            _ => {
                let findings = Rc::new(self.live.findings());
                self.findings = Some((self.generation, findings.clone()));
                findings
            }
        }
    }

    /// Every objective of the workspace as it is now, by canonical ref.
    pub fn catalogue(&mut self) -> Rc<Catalogue> {
        match &self.catalogue {
            Some((generation, catalogue)) if *generation == self.generation => catalogue.clone(),
            _ => {
                let catalogue = Rc::new(Catalogue::build(&self.live));
                self.catalogue = Some((self.generation, catalogue.clone()));
                catalogue
            }
        }
    }

    /// The lines of file `file`: the editor's buffer when it is open, else
    /// the text read from disk.
    pub fn lines(&self, file: FileId) -> Cow<'_, LineIndex> {
        let path = &self.live.file(file).path;
        match self.documents.at_path(path) {
            Some((_, document)) => Cow::Borrowed(&document.lines),
            None => Cow::Owned(LineIndex::new(&self.live.file(file).text)),
        }
    }

    pub fn uri(&self, file: FileId) -> Option<Url> {
        Url::from_file_path(&self.live.file(file).path).ok()
    }

    /// The workspace's id of the OKR file `uri` names; `None` for a document
    /// the editor has open that is no OKR file (another YAML file: nothing
    /// to say about it); an error for a file neither open nor among the OKR
    /// files on disk.
    pub fn known(&self, uri: &Url) -> Result<Option<FileId>, lsp_server::ResponseError> {
        match self.file_of(uri) {
            Some(file) => Ok(Some(file)),
            None if self.documents.get(uri).is_some() => Ok(None),
            None => Err(super::unknown_document(uri)),
        }
    }

    /// The workspace's id of the OKR file an open document is.
    pub fn file_of(&self, uri: &Url) -> Option<FileId> {
        let path = match self.documents.get(uri) {
            Some(document) => Cow::Borrowed(&document.path),
            None => Cow::Owned(self.path_of(uri)?),
        };
        self.live.id_of(&path)
    }
}

/// A file's bytes, at most `limit + 1` of them (more is over the limit,
/// which is the finding reading them gives); `None` when it is not a
/// regular file that can be read (gone, a directory, a named pipe).
fn read_limited(path: &Path, limit: u64) -> Option<Vec<u8>> {
    let metadata = std::fs::metadata(path).ok()?;
    if !metadata.is_file() {
        return None;
    }
    let mut bytes = Vec::new();
    std::fs::File::open(path).ok()?.take(limit + 1).read_to_end(&mut bytes).ok()?;
    Some(bytes)
}
