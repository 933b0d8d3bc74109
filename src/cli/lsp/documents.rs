//! The documents the editor has open: their text as the editor holds it,
//! which wins over the file on disk for as long as they are open.

use std::collections::HashMap;
use std::path::PathBuf;

use lsp_types::Url;

use super::position::LineIndex;

/// One open document.
pub struct OpenDocument {
    /// Its path on disk (it may not exist there: a new, unsaved file).
    pub path: PathBuf,
    pub version: i32,
    /// Its text, as okr reads it, and where its lines start.
    pub lines: LineIndex,
    /// Whether it is an OKR file under the configuration's globs: only
    /// those are checked (another YAML file open in the editor is not).
    pub okr: bool,
}

#[derive(Default)]
pub struct Documents {
    by_uri: HashMap<Url, OpenDocument>,
}

impl Documents {
    pub fn open(&mut self, uri: Url, document: OpenDocument) {
        self.by_uri.insert(uri, document);
    }

    pub fn close(&mut self, uri: &Url) -> Option<OpenDocument> {
        self.by_uri.remove(uri)
    }

    pub fn get(&self, uri: &Url) -> Option<&OpenDocument> {
        self.by_uri.get(uri)
    }

    pub fn get_mut(&mut self, uri: &Url) -> Option<&mut OpenDocument> {
        self.by_uri.get_mut(uri)
    }

    /// The open document at `path`, if one is.
    pub fn at_path(&self, path: &std::path::Path) -> Option<(&Url, &OpenDocument)> {
        self.by_uri.iter().find(|(_, document)| document.path == path)
    }

    pub fn iter(&self) -> impl Iterator<Item = (&Url, &OpenDocument)> {
        self.by_uri.iter()
    }
}

/// The path of a `file:` URI; `None` for any other scheme (an unsaved
/// buffer's `untitled:`), which okr cannot place among the files.
pub fn path_of(uri: &Url) -> Option<PathBuf> {
    if uri.scheme() != "file" {
        return None;
    }
    uri.to_file_path().ok()
}
