//! A finding in a user's file: data to collect, never an early return.

use crate::findings::{Code, Severity};
use crate::span::Span;

/// Index of a file in the workspace the findings are about.
pub type FileId = usize;

/// One finding: a rule's verdict on a node of a file.
#[derive(Debug, Clone, PartialEq)]
pub struct Diagnostic {
    /// The rule that found it.
    pub code: Code,
    /// Its severity under the configuration.
    pub severity: Severity,
    /// The file it is in.
    pub file: FileId,
    /// The node it is about.
    pub span: Span,
    /// What is wrong.
    pub message: String,
    /// What to do about it, when okr can say.
    pub help: Option<String>,
    /// Other places that explain this one (the first of two duplicates, say).
    pub related: Vec<Related>,
}

/// Another place that a finding points at (the first of two duplicates).
#[derive(Debug, Clone, PartialEq)]
pub struct Related {
    /// The file it is in.
    pub file: FileId,
    /// The node.
    pub span: Span,
    /// What it is to the finding.
    pub message: String,
}

impl Diagnostic {
    /// A finding at its code's default severity; the configuration may change
    /// it later.
    pub fn new(code: Code, file: FileId, span: Span, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            code,
            severity: code.default_severity(),
            file,
            span,
            message: message.into(),
            help: None,
            related: Vec::new(),
        }
    }

    /// The same finding with what to do about it.
    pub fn help(mut self, help: impl Into<String>) -> Diagnostic {
        self.help = Some(help.into());
        self
    }

    /// The same finding pointing at another place too.
    pub fn related(mut self, file: FileId, span: Span, message: impl Into<String>) -> Diagnostic {
        self.related.push(Related { file, span, message: message.into() });
        self
    }
}
