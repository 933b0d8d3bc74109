//! Parsed OKR files by blob id: each version of a file is read and parsed
//! once, however many commits carry it, and versions nobody holds any more
//! are let go so that memory follows the tree, not the history.

use std::collections::HashMap;
use std::path::PathBuf;
use std::rc::Rc;

use rayon::prelude::*;

use crate::error::Error;
use crate::git::{ObjectId, Repository};
use crate::history::patch;
use crate::history::reader::BlobContent;
use crate::load::{read_buffer, Contents};
use crate::model::Document;
use crate::period::Period;

/// What a blob holds, for a report on one period.
#[derive(Debug, Clone)]
pub enum Parsed {
    /// A valid OKR file of the period.
    Document(Rc<Document>),
    /// A file of another period.
    OtherPeriod,
    /// A file that does not parse, or has schema errors: the first finding.
    Broken(String),
}

pub struct BlobCache {
    period: Period,
    size_limit: u64,
    parsed: HashMap<ObjectId, Parsed>,
}

impl BlobCache {
    pub fn new(period: Period, size_limit: u64) -> BlobCache {
        BlobCache { period, size_limit, parsed: HashMap::new() }
    }

    /// Read a batch of blobs: a plain check-in is patched into the document
    /// it changes (in order, so one can build on the one before); the rest
    /// are parsed on every core.
    pub fn parse(&mut self, contents: Vec<BlobContent>) {
        let mut unparsed = Vec::new();
        for blob in contents {
            if self.parsed.contains_key(&blob.id) {
                continue;
            }
            let patched = blob.edit.as_ref().and_then(|(base, edit)| match self.parsed.get(base) {
                Some(Parsed::Document(document)) => patch::apply(document, edit),
                _ => None,
            });
            match patched {
                Some(document) => _ = self.parsed.insert(blob.id, Parsed::Document(Rc::new(document))),
                None => unparsed.push((blob.id, blob.content)),
            }
        }
        let (period, limit) = (self.period, self.size_limit);
        let results: Vec<(ObjectId, Result<Option<Document>, String>)> =
            unparsed.into_par_iter().map(|(id, content)| (id, parse_for(period, content, limit))).collect();
        for (id, result) in results {
            self.parsed.insert(id, Parsed::from(result));
        }
    }

    /// What blob `id` holds: parsed in a batch before, or read and parsed now
    /// (a version released and then brought back, by a revert say).
    pub fn get(&mut self, repository: &Repository, id: ObjectId) -> Result<Parsed, Error> {
        if let Some(parsed) = self.parsed.get(&id) {
            return Ok(parsed.clone());
        }
        let content = repository.read_blob(id, self.size_limit)?;
        let parsed = Parsed::from(parse_for(self.period, content, self.size_limit));
        self.parsed.insert(id, parsed.clone());
        Ok(parsed)
    }

    /// Forget the documents only the cache still holds. A version that comes
    /// back later (a revert) is parsed again; the markers for other periods
    /// and broken files are tiny and stay.
    pub fn release_unused(&mut self) {
        self.parsed.retain(|_, parsed| match parsed {
            Parsed::Document(document) => Rc::strong_count(document) > 1,
            _ => true,
        });
    }
}

impl From<Result<Option<Document>, String>> for Parsed {
    fn from(result: Result<Option<Document>, String>) -> Parsed {
        match result {
            Ok(Some(document)) => Parsed::Document(Rc::new(document)),
            Ok(None) => Parsed::OtherPeriod,
            Err(message) => Parsed::Broken(message),
        }
    }
}

/// The document, if the file belongs to `period`; the first finding if it
/// might and does not parse, or is over the size limit (`None`): the same
/// finding as for a file on disk.
fn parse_for(period: Period, content: Option<Vec<u8>>, limit: u64) -> Result<Option<Document>, String> {
    let contents = match content {
        None => Contents::TooLarge,
        Some(bytes) if declares_other_period(&bytes, period) => return Ok(None),
        Some(bytes) => Contents::Bytes(bytes),
    };
    let (file, findings) = read_buffer(0, String::new(), PathBuf::new(), contents, limit);
    if let Some(first) = findings.first() {
        let span = first.span;
        return Err(format!("{}:{}: {} [{}]", span.line, span.column, first.message, first.code.name()));
    }
    Ok(file.document.filter(|document| document.period == period))
}

/// A cheap look before parsing: the file says `period: X` on a top-level line
/// and X is another period. A file that does not say it plainly is parsed,
/// so that a broken file of the period is reported, not taken for another's.
fn declares_other_period(bytes: &[u8], period: Period) -> bool {
    let Ok(text) = std::str::from_utf8(bytes) else { return false };
    let wanted = period.to_string();
    if text.contains(&wanted) {
        return false;
    }
    text.lines().any(|line| {
        let Some(value) = line.strip_prefix("period:") else { return false };
        let value = value.split(" #").next().unwrap_or_default().trim().trim_matches(['"', '\'']);
        value.parse::<Period>().is_ok_and(|declared| declared != period)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn q3() -> Period {
        "2026-Q3".parse().expect("a period")
    }

    #[test]
    fn another_period_is_told_without_parsing() {
        assert!(declares_other_period(b"team: a\nperiod: 2026-Q2\n", q3()));
        assert!(declares_other_period(b"team: a\nperiod: '2026-Q2' # last quarter\n", q3()));
        assert!(!declares_other_period(b"team: a\nperiod: 2026-Q3\n", q3()));
        // No plain period line: parse it and see.
        assert!(!declares_other_period(b"team: [a\n", q3()));
        assert!(!declares_other_period(b"team: a\nperiod: {broken\n", q3()));
    }

    #[test]
    fn broken_files_of_the_period_are_errors_with_a_place() {
        let message =
            parse_for(q3(), Some(b"version: 1\nteam: a\nperiod: 2026-Q3\nobjectives: [\n".to_vec()), 100).unwrap_err();
        assert!(message.contains("yaml-syntax"), "{message}");
        assert!(message.starts_with("5:1") || message.starts_with("4:"), "{message}");
    }
}
