//! Parsed OKR files by blob id: each version of a file is read and parsed
//! once, however many commits carry it, and versions nobody holds any more
//! are let go so that memory follows the tree, not the history.

use std::collections::HashMap;
use std::rc::Rc;

use git2::{Oid, Repository};
use rayon::prelude::*;

use crate::error::Error;
use crate::load::revision::git_error;
use crate::load::{parse_file, SourceFile};
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
    parsed: HashMap<Oid, Parsed>,
}

impl BlobCache {
    pub fn new(period: Period, size_limit: u64) -> BlobCache {
        BlobCache { period, size_limit, parsed: HashMap::new() }
    }

    /// Read the blobs not seen yet and parse them on every core.
    pub fn parse(&mut self, repository: &Repository, blobs: impl IntoIterator<Item = Oid>) -> Result<(), Error> {
        let mut contents = Vec::new();
        for id in blobs {
            if self.parsed.contains_key(&id) {
                continue;
            }
            let blob = repository.find_blob(id).map_err(|e| git_error(format!("blob {id}: {}", e.message())))?;
            let content = (blob.size() as u64 <= self.size_limit).then(|| blob.content().to_vec());
            // Mark it now, so a blob named twice in one batch is read once.
            self.parsed.insert(id, Parsed::OtherPeriod);
            contents.push((id, content));
        }
        let (period, limit) = (self.period, self.size_limit);
        let results: Vec<(Oid, Result<Option<Document>, String>)> = contents
            .into_par_iter()
            .map(|(id, content)| {
                let parsed = match content {
                    Some(bytes) => parse_for(period, bytes),
                    None => Err(format!("the file is over the size limit of {limit} bytes")),
                };
                (id, parsed)
            })
            .collect();
        for (id, result) in results {
            let parsed = match result {
                Ok(Some(document)) => Parsed::Document(Rc::new(document)),
                Ok(None) => Parsed::OtherPeriod,
                Err(message) => Parsed::Broken(message),
            };
            self.parsed.insert(id, parsed);
        }
        Ok(())
    }

    /// A blob handed to `parse` before.
    pub fn get(&self, id: Oid) -> &Parsed {
        self.parsed.get(&id).unwrap_or(&Parsed::OtherPeriod)
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

/// The document, if the file belongs to `period`; an error message if it
/// might and does not parse.
fn parse_for(period: Period, bytes: Vec<u8>) -> Result<Option<Document>, String> {
    if declares_other_period(&bytes, period) {
        return Ok(None);
    }
    let file = SourceFile { display: String::new(), path: Default::default(), text: String::new(), document: None };
    let (file, findings) = parse_file(0, file, bytes);
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
        let message = parse_for(q3(), b"version: 1\nteam: a\nperiod: 2026-Q3\nobjectives: [\n".to_vec()).unwrap_err();
        assert!(message.contains("yaml-syntax"), "{message}");
        assert!(message.starts_with("5:1") || message.starts_with("4:"), "{message}");
    }
}
