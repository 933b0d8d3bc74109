//! Discovery and parsing: from paths to parsed files, in parallel.
//!
//! Every file gets read, parsed into a span tree and converted to the model
//! independently, so that a broken file never hides what is wrong with another.

pub mod left_out;
pub(crate) mod reader;
pub mod revision;
mod surrogates;
mod syntax_help;
pub mod yaml;

use std::collections::{BTreeSet, HashSet};
use std::path::{Path, PathBuf};

use ignore::gitignore::{Gitignore, GitignoreBuilder};
use rayon::prelude::*;

use crate::config::Config;
use crate::error::Error;
use crate::findings::Code;
use crate::findings::{Diagnostic, FileId};
use crate::load::reader::ReadFacts;
/// The fields the format knows, per mapping: what an editor may offer.
pub use crate::load::reader::{DOCUMENT_FIELDS, HEALTH_FIELDS, KEY_RESULT_FIELDS, OBJECTIVE_FIELDS};
use crate::model::Document;
use crate::span::Span;
use crate::text::Text;

/// One OKR file as read: from disk, a git blob or an editor's buffer.
#[derive(Debug)]
pub struct SourceFile {
    /// The path as shown to users: relative to the current directory, with `/`.
    pub display: Text,
    /// The path as okr opens it.
    pub path: PathBuf,
    /// The text, without a byte-order mark.
    pub text: String,
    /// The model, when the file was readable enough to build one.
    pub document: Option<Document>,
    /// What reading found out beside the model (empty without one).
    pub facts: ReadFacts,
}

/// What a buffer holds, for [`read_buffer`]: its bytes, or why there are none.
#[derive(Debug)]
pub enum Contents {
    /// Its bytes, as read.
    Bytes(Vec<u8>),
    /// Known to be over the size limit without reading it (a git blob's
    /// header says its size).
    TooLarge,
    /// It could not be read; the reason, for the finding.
    Unreadable(String),
}

/// Read one buffer into a source file: the one way into the loader, for
/// files on disk, git blobs, editors' buffers and tests alike. Bytes over
/// `size_limit`, bytes that are not UTF-8, YAML that does not parse and
/// documents the format does not allow are findings of file `id`, located;
/// a byte-order mark is dropped.
pub fn read_buffer(
    id: FileId,
    display: impl Into<Text>,
    path: PathBuf,
    contents: Contents,
    size_limit: u64,
) -> (SourceFile, Vec<Diagnostic>) {
    let file =
        SourceFile { display: display.into(), path, text: String::new(), document: None, facts: ReadFacts::default() };
    match contents {
        Contents::Bytes(bytes) if bytes.len() as u64 <= size_limit => parse_file(id, file, bytes),
        Contents::Bytes(_) | Contents::TooLarge => too_large(id, file, size_limit),
        Contents::Unreadable(reason) => {
            (file, vec![syntax_at_start(id, format!("cannot read the file: {reason}"), None)])
        }
    }
}

/// A workspace of one file read from `bytes` with the default size limit:
/// for tests, fuzz targets and callers without files on disk.
pub fn one_file(display: &str, bytes: Vec<u8>) -> Workspace {
    let size_limit = Config::default().limits.file_size_max;
    collect(vec![read_buffer(0, display.to_owned(), display.into(), Contents::Bytes(bytes), size_limit)])
}

/// Every file found, with the findings of reading them (`yaml-syntax`, `schema`).
#[derive(Debug, Default)]
pub struct Workspace {
    /// Every file, in the order of their paths; a `FileId` is an index into it.
    pub files: Vec<SourceFile>,
    /// The findings of reading the files: `yaml-syntax` and `schema`.
    pub diagnostics: Vec<Diagnostic>,
    /// How many files were checked, when `files` holds more: files outside
    /// the paths asked for that a finding points at (the first of two
    /// duplicates). `None`: every file.
    pub checked: Option<usize>,
}

impl Workspace {
    /// How many files were checked: the summary's count.
    pub fn files_checked(&self) -> usize {
        self.checked.unwrap_or(self.files.len())
    }

    /// The files that hold a model, with their ids.
    pub fn documents(&self) -> impl Iterator<Item = (FileId, &Document)> {
        self.files.iter().enumerate().filter_map(|(id, f)| f.document.as_ref().map(|d| (id, d)))
    }

    /// Only the files `kept`, in their order and numbered anew, with the
    /// findings of reading them (a related place in a file dropped is dropped).
    pub fn keep(self, kept: &BTreeSet<FileId>) -> Workspace {
        self.keep_with(kept, Vec::new()).0
    }

    /// [`Workspace::keep`], and those of `findings` (of this workspace) in
    /// the files kept, numbered as the files now are.
    pub fn keep_with(self, kept: &BTreeSet<FileId>, findings: Vec<Diagnostic>) -> (Workspace, Vec<Diagnostic>) {
        let mut new_ids: Vec<Option<FileId>> = vec![None; self.files.len()];
        for (new, old) in kept.iter().filter(|id| **id < self.files.len()).enumerate() {
            new_ids[*old] = Some(new);
        }
        let renumber = |findings: Vec<Diagnostic>| -> Vec<Diagnostic> {
            findings
                .into_iter()
                .filter_map(|mut d| {
                    d.file = new_ids.get(d.file).copied().flatten()?;
                    d.related.retain_mut(|r| match new_ids.get(r.file).copied().flatten() {
                        Some(id) => {
                            r.file = id;
                            true
                        }
                        None => false,
                    });
                    Some(d)
                })
                .collect()
        };
        let diagnostics = renumber(self.diagnostics);
        let findings = renumber(findings);
        let files = self.files.into_iter().zip(&new_ids).filter_map(|(file, id)| id.map(|_| file)).collect();
        (Workspace { files, diagnostics, checked: None }, findings)
    }
}

/// Find the OKR files under `paths` (relative to `cwd`; the root when empty)
/// and read them, in parallel; file ids follow the sorted paths.
pub fn workspace(paths: &[PathBuf], root: &Path, cwd: &Path, config: &Config) -> Result<Workspace, Error> {
    Ok(collect(workspace_each(paths, root, cwd, config, |_, file, findings| (file, findings))?))
}

/// Every OKR file under `root` and under `paths` (relative to `cwd`), read,
/// and the ids of those `paths` names (`None` without `paths`: every file).
/// A path argument narrows what a command shows, never what alignment
/// resolves against: the other files of the repository are read for that.
pub fn workspace_around(
    paths: &[PathBuf],
    root: &Path,
    cwd: &Path,
    config: &Config,
) -> Result<(Workspace, Option<BTreeSet<FileId>>), Error> {
    let (found, named) = find_around(paths, root, cwd, config)?;
    Ok((collect(read_each(found, cwd, config, |_, file, findings| (file, findings))), named))
}

/// The OKR files under `paths` (relative to `cwd`; the root when empty),
/// sorted: the order of file ids.
pub fn find(paths: &[PathBuf], root: &Path, cwd: &Path, config: &Config) -> Result<Vec<PathBuf>, Error> {
    let mut found = discover(paths, root, cwd, config)?;
    found.sort();
    found.dedup();
    Ok(found)
}

/// The OKR files under `root` and under `paths` (relative to `cwd`), sorted
/// (the order of file ids), and the ids of those `paths` names (`None`
/// without `paths`). A file found both ways is listed once (its real path tells).
pub fn find_around(
    paths: &[PathBuf],
    root: &Path,
    cwd: &Path,
    config: &Config,
) -> Result<(Vec<PathBuf>, Option<BTreeSet<FileId>>), Error> {
    let mut found = discover(&[], root, cwd, config)?;
    if paths.is_empty() {
        found.sort();
        found.dedup();
        return Ok((found, None));
    }
    let named = discover(paths, root, cwd, config)?;
    let named_real: HashSet<PathBuf> = named.iter().map(|p| real(p)).collect();
    // The walk under the root follows no link, so each file's real path is
    // the root's real path and the rest of the path.
    let real_root = real(root);
    found.retain(|p| !named_real.contains(&p.strip_prefix(root).map_or_else(|_| real(p), |r| real_root.join(r))));
    let named: HashSet<PathBuf> = named.into_iter().collect();
    found.extend(named.iter().cloned());
    found.sort();
    found.dedup();
    let shown = found.iter().enumerate().filter(|(_, path)| named.contains(*path)).map(|(id, _)| id).collect();
    Ok((found, Some(shown)))
}

/// `path` with links resolved, or as it is when that fails.
fn real(path: &Path) -> PathBuf {
    path.canonicalize().unwrap_or_else(|_| path.to_owned())
}

/// Find the OKR files as [`workspace`] does and read them, in parallel,
/// handing each to `each` as soon as it is read (with its id and the
/// findings of reading it): what it returns is kept, in file order, and what
/// it drops is freed while the other files are read.
pub fn workspace_each<T, F>(
    paths: &[PathBuf],
    root: &Path,
    cwd: &Path,
    config: &Config,
    each: F,
) -> Result<Vec<T>, Error>
where
    T: Send,
    F: Fn(FileId, SourceFile, Vec<Diagnostic>) -> T + Sync,
{
    Ok(read_each(discover(paths, root, cwd, config)?, cwd, config, each))
}

/// Read the files `found`, in parallel, in the order of their paths (each
/// once; file ids follow that order), handing each to `each` as
/// [`workspace_each`] does.
pub fn read_each<T, F>(mut found: Vec<PathBuf>, cwd: &Path, config: &Config, each: F) -> Vec<T>
where
    T: Send,
    F: Fn(FileId, SourceFile, Vec<Diagnostic>) -> T + Sync,
{
    found.sort();
    found.dedup();
    let size_limit = config.limits.file_size_max;
    found
        .into_par_iter()
        .enumerate()
        .map(|(id, path)| {
            let (file, findings) = load_file(id, path, cwd, size_limit);
            each(id, file, findings)
        })
        .collect()
}

/// The OKR files under `paths`, in no particular order.
fn discover(paths: &[PathBuf], root: &Path, cwd: &Path, config: &Config) -> Result<Vec<PathBuf>, Error> {
    let include = globs(root, &config.files.include)?;
    let exclude = globs(root, &config.files.exclude)?;
    let roots: Vec<PathBuf> =
        if paths.is_empty() { vec![root.to_owned()] } else { paths.iter().map(|p| cwd.join(p)).collect() };
    let mut found = Vec::new();
    for start in roots {
        // Only a missing path is "no such file": a symlink loop or a denied
        // directory says what it is.
        let metadata = std::fs::metadata(&start).map_err(|source| match source.kind() {
            std::io::ErrorKind::NotFound => Error::NoSuchPath { path: start.clone() },
            _ => Error::Io { path: start.clone(), source },
        })?;
        if !metadata.is_dir() {
            // A file named on the command line is always read (a link is followed).
            found.push(start);
            continue;
        }
        // Globs are relative to the root; outside it, to the directory walked.
        let base = if start.starts_with(root) { root } else { start.as_path() };
        let wanted = |path: &Path| {
            let relative = path.strip_prefix(base).unwrap_or(path);
            include.matched_path_or_any_parents(relative, false).is_ignore()
                && !exclude.matched_path_or_any_parents(relative, false).is_ignore()
        };
        let walked = std::sync::Mutex::new(Vec::new());
        let failure = std::sync::Mutex::new(None);
        ignore::WalkBuilder::new(&start).git_global(false).follow_links(false).build_parallel().run(|| {
            Box::new(|entry| {
                match entry {
                    Ok(entry) if entry.file_type().is_some_and(|t| t.is_file()) && wanted(entry.path()) => {
                        walked.lock().expect("not poisoned").push(entry.into_path());
                    }
                    Ok(_) => {}
                    Err(e) => {
                        *failure.lock().expect("not poisoned") = Some(e);
                        return ignore::WalkState::Quit;
                    }
                }
                ignore::WalkState::Continue
            })
        });
        if let Some(e) = failure.into_inner().expect("not poisoned") {
            return Err(Error::Io { path: start, source: std::io::Error::other(e) });
        }
        found.extend(walked.into_inner().expect("not poisoned"));
    }
    Ok(found)
}

/// The matcher of `patterns` (gitignore-style) relative to `root`.
pub fn globs(root: &Path, patterns: &[String]) -> Result<Gitignore, Error> {
    let mut builder = GitignoreBuilder::new(root);
    for pattern in patterns {
        builder
            .add_line(None, pattern)
            .map_err(|e| Error::BadGlob { pattern: pattern.clone(), message: e.to_string() })?;
    }
    builder.build().map_err(|e| Error::BadGlobs { message: e.to_string() })
}

/// Read, parse and convert one file. Every failure is a finding, located.
pub fn load_file(id: FileId, path: PathBuf, cwd: &Path, size_limit: u64) -> (SourceFile, Vec<Diagnostic>) {
    let display = display_path(&path, cwd);
    let contents = match read_limited(&path, size_limit) {
        Ok(Some(bytes)) => Contents::Bytes(bytes),
        Ok(None) => Contents::TooLarge,
        Err(e) => Contents::Unreadable(e.to_string()),
    };
    read_buffer(id, display, path, contents, size_limit)
}

/// A file whose bytes are over the size limit.
fn too_large(id: FileId, file: SourceFile, size_limit: u64) -> (SourceFile, Vec<Diagnostic>) {
    let message = format!("the file is over the size limit of {size_limit} bytes");
    let help = Some("split it, or raise `limits.file_size_max` in okr.toml");
    (file, vec![syntax_at_start(id, message, help)])
}

fn syntax_at_start(id: FileId, message: String, help: Option<&str>) -> Diagnostic {
    let start = Span { line: 1, column: 1, end_line: 1, end_column: 1, ..Span::default() };
    let mut d = Diagnostic::new(Code::YamlSyntax, id, start, message);
    d.help = help.map(str::to_owned);
    d
}

/// Decode, parse and convert a file's bytes.
fn parse_file(id: FileId, mut file: SourceFile, bytes: Vec<u8>) -> (SourceFile, Vec<Diagnostic>) {
    let text = match String::from_utf8(bytes) {
        Ok(text) => text,
        Err(e) => {
            let valid = &e.as_bytes()[..e.utf8_error().valid_up_to()];
            let prefix = String::from_utf8_lossy(valid);
            let chars = prefix.chars().count();
            let span = Span::of_chars(&prefix, chars, chars);
            let span = Span { end: span.start.saturating_add(1), end_column: span.column.saturating_add(1), ..span };
            let message = format!("the file is not UTF-8: invalid byte 0x{:02X}", e.as_bytes()[valid.len()]);
            file.text = String::from_utf8_lossy(e.as_bytes()).into_owned();
            let mut d = Diagnostic::new(Code::YamlSyntax, id, span, message);
            d.help = Some("save the file as UTF-8".into());
            return (file, vec![d]);
        }
    };
    file.text = match text.strip_prefix('\u{feff}') {
        Some(rest) => rest.to_owned(),
        None => text,
    };
    let root = match yaml::parse_sharing_keys(&file.text, &reader::FIELDS) {
        Ok(root) => root,
        Err(e) => {
            let mut d = Diagnostic::new(Code::YamlSyntax, id, e.span, e.message);
            d.help = e.help;
            return (file, vec![d]);
        }
    };
    let (document, facts, diagnostics) = reader::read_with_facts(&root, id);
    file.document = document;
    file.facts = facts;
    (file, diagnostics)
}

/// Gather per-file results into a workspace, in order.
pub fn collect(results: Vec<(SourceFile, Vec<Diagnostic>)>) -> Workspace {
    let mut workspace = Workspace::default();
    for (file, diagnostics) in results {
        workspace.files.push(file);
        workspace.diagnostics.extend(diagnostics);
    }
    workspace
}

/// The file's bytes, or `None` when it is larger than `limit`.
fn read_limited(path: &Path, limit: u64) -> std::io::Result<Option<Vec<u8>>> {
    use std::io::Read;
    // Look before opening: opening a named pipe waits for a writer forever.
    let metadata = std::fs::metadata(path)?;
    if metadata.is_dir() {
        return Err(std::io::Error::other("it is a directory"));
    }
    if !metadata.is_file() {
        return Err(std::io::Error::other("it is not a regular file (a named pipe, a socket or a device)"));
    }
    let file = std::fs::File::open(path)?;
    // Sized from the metadata: growing the buffer while reading showed in
    // the profile as reallocations.
    let expected = metadata.len().min(limit + 1);
    let mut bytes = Vec::with_capacity(usize::try_from(expected).unwrap_or(0) + 1);
    file.take(limit + 1).read_to_end(&mut bytes)?;
    Ok((bytes.len() as u64 <= limit).then_some(bytes))
}

/// `path` relative to `cwd` (with `..` where it lies outside it), with `/`.
pub fn display_path(path: &Path, cwd: &Path) -> String {
    use std::path::Component;
    fn normal(p: &Path) -> Vec<Component<'_>> {
        p.components().filter(|c| *c != Component::CurDir).collect()
    }
    let (path_parts, cwd_parts) = (normal(path), normal(cwd));
    let common = path_parts.iter().zip(&cwd_parts).take_while(|(a, b)| a == b).count();
    if common == 0 && path.is_absolute() {
        return path.to_string_lossy().replace('\\', "/");
    }
    let ups = cwd_parts[common..].iter().map(|_| "..".to_owned());
    let downs = path_parts[common..].iter().map(|c| c.as_os_str().to_string_lossy().into_owned());
    ups.chain(downs).collect::<Vec<_>>().join("/")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeping_files_numbers_them_anew_with_their_findings() {
        let texts = ["a: [", "version: 1", "b: ["];
        let results = texts
            .iter()
            .enumerate()
            .map(|(id, text)| {
                let name = format!("f{id}.okr.yaml");
                read_buffer(id, name.clone(), name.into(), Contents::Bytes(text.as_bytes().to_vec()), 1000)
            })
            .collect();
        let workspace = collect(results);
        let mut finding = Diagnostic::new(Code::DuplicateId, 2, Span::default(), "twice");
        let related = |file| crate::findings::Related { file, span: Span::default(), message: "first".into() };
        finding.related = vec![related(0), related(1)];
        let elsewhere = Diagnostic::new(Code::DuplicateId, 1, Span::default(), "dropped");
        let (kept, findings) = workspace.keep_with(&BTreeSet::from([0, 2]), vec![finding, elsewhere]);
        let names: Vec<&str> = kept.files.iter().map(|f| f.display.as_str()).collect();
        assert_eq!(names, ["f0.okr.yaml", "f2.okr.yaml"]);
        assert_eq!(kept.diagnostics.iter().map(|d| d.file).collect::<Vec<_>>(), [0, 1], "yaml-syntax of f0 and f2");
        assert_eq!(findings.len(), 1);
        assert_eq!((findings[0].file, findings[0].related.iter().map(|r| r.file).collect::<Vec<_>>()), (1, vec![0]));
    }

    #[test]
    fn display_paths_are_relative_with_slashes() {
        let cwd = Path::new("/repo/teams");
        assert_eq!(display_path(Path::new("/repo/teams/a/x.okr.yaml"), cwd), "a/x.okr.yaml");
        assert_eq!(display_path(Path::new("/repo/company.okr.yaml"), cwd), "../company.okr.yaml");
        assert_eq!(display_path(Path::new("/repo/teams/./b.okr.yaml"), cwd), "b.okr.yaml");
    }
}
