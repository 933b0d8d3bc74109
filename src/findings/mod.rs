//! Findings as data: the stable codes, severities, and a finding's place
//! and words. The bottom layer: the loader reports what it cannot read with
//! these, the rules what they find, and every renderer writes them.

mod codes;
mod diagnostic;
mod pages;

pub use codes::{Code, Severity};
pub use diagnostic::{Diagnostic, FileId, Related};

/// How many findings of each severity.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    /// How many findings are errors.
    pub errors: usize,
    /// How many findings are warnings.
    pub warnings: usize,
}

impl Counts {
    /// The counts of `findings`.
    pub fn of(findings: &[Diagnostic]) -> Counts {
        let errors = findings.iter().filter(|d| d.severity == Severity::Error).count();
        Counts { errors, warnings: findings.len() - errors }
    }
}
