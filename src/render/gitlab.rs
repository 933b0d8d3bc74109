//! `okr check --format gitlab`: GitLab Code Quality JSON, an array of issues
//! that GitLab shows in the merge request widget and compares with the
//! target branch's report by fingerprint.

use std::collections::HashMap;
use std::io::{self, Write};
use std::path::Path;

use serde::Serialize;

use crate::findings::{Diagnostic, Severity};
use crate::load::Workspace;

#[derive(Serialize)]
struct Issue<'a> {
    description: &'a str,
    check_name: &'a str,
    fingerprint: String,
    severity: &'static str,
    location: Location<'a>,
}

#[derive(Serialize)]
struct Location<'a> {
    path: &'a str,
    lines: Lines,
}

#[derive(Serialize)]
struct Lines {
    begin: u32,
    end: u32,
}

/// Write `findings` as a GitLab Code Quality report. Paths are relative to
/// the repository `root`, where GitLab looks for them, whatever directory
/// okr ran in.
pub fn check(out: &mut dyn Write, workspace: &Workspace, findings: &[Diagnostic], root: &Path) -> io::Result<()> {
    let paths = crate::render::repository_paths(workspace, root);
    let mut fingerprints = Fingerprints::default();
    let issues: Vec<Issue> = findings
        .iter()
        .map(|d| {
            let path = paths[d.file].as_str();
            Issue {
                description: &d.message,
                check_name: d.code.name(),
                fingerprint: fingerprints.next(d.code.name(), path, &d.message),
                severity: match d.severity {
                    Severity::Error => "major",
                    Severity::Warning => "minor",
                },
                location: Location { path, lines: Lines { begin: d.span.line, end: d.span.end_line.max(d.span.line) } },
            }
        })
        .collect();
    crate::render::json::write_json(out, &issues)
}

/// The fingerprints of a report's findings in order, shared by the GitLab
/// and the SARIF reports: the n-th finding with one code, file and message
/// is told from the others by n, since identical findings must still have
/// distinct fingerprints, or GitLab and GitHub merge them.
#[derive(Default)]
pub struct Fingerprints {
    seen: HashMap<(String, String, String), usize>,
}

impl Fingerprints {
    /// The fingerprint of the next finding with `code`, at `path` (relative
    /// to the repository root), saying `message`.
    pub fn next(&mut self, code: &str, path: &str, message: &str) -> String {
        let occurrence = self.seen.entry((code.to_owned(), path.to_owned(), message.to_owned())).or_default();
        *occurrence += 1;
        fingerprint(code, path, message, *occurrence)
    }
}

/// A stable fingerprint of what a finding is, not where: the code, the file
/// and the message (and which of identical findings it is), without the line,
/// so that a finding that only moved down the file stays the same issue.
/// FNV-1a, 64 bits, as 16 hex digits: stable across versions and platforms,
/// and no cryptography is needed to tell issues apart.
pub fn fingerprint(code: &str, path: &str, message: &str, occurrence: usize) -> String {
    let occurrence = occurrence.to_string();
    // A separator byte no UTF-8 text contains keeps ("ab", "c") apart from ("a", "bc").
    let bytes = [code, path, message, &occurrence].into_iter().flat_map(|part| part.bytes().chain([0xff]));
    format!("{:016x}", fnv1a(bytes))
}

fn fnv1a(bytes: impl Iterator<Item = u8>) -> u64 {
    bytes.fold(0xcbf2_9ce4_8422_2325, |hash, byte| (hash ^ u64::from(byte)).wrapping_mul(0x0000_0100_0000_01b3))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fnv_1a_matches_its_reference_values() {
        // The reference test vectors of FNV-1a 64.
        assert_eq!(fnv1a("".bytes()), 0xcbf2_9ce4_8422_2325);
        assert_eq!(fnv1a("a".bytes()), 0xaf63_dc4c_8601_ec8c);
        assert_eq!(fnv1a("foobar".bytes()), 0x8594_4171_f739_67e8);
    }

    #[test]
    fn fingerprints_are_stable_and_distinct() {
        let a = fingerprint("kr-count", "a.okr.yaml", "m", 1);
        assert_eq!(a, fingerprint("kr-count", "a.okr.yaml", "m", 1));
        assert_eq!(a.len(), 16);
        assert_ne!(a, fingerprint("kr-count", "a.okr.yaml", "m", 2));
        assert_ne!(fingerprint("ab", "c", "m", 1), fingerprint("a", "bc", "m", 1));
    }

    #[test]
    fn identical_findings_get_their_occurrence() {
        let mut fingerprints = Fingerprints::default();
        assert_eq!(fingerprints.next("kr-count", "a", "m"), fingerprint("kr-count", "a", "m", 1));
        assert_eq!(fingerprints.next("kr-count", "b", "m"), fingerprint("kr-count", "b", "m", 1));
        assert_eq!(fingerprints.next("kr-count", "a", "m"), fingerprint("kr-count", "a", "m", 2));
    }
}
