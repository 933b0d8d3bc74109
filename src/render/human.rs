//! `okr check` for people: each finding with the source snippet under it
//! (miette), then a summary line.

use std::io::{self, Write};

use miette::{
    GraphicalReportHandler, GraphicalTheme, LabeledSpan, MietteDiagnostic, MietteError, MietteSpanContents,
    NamedSource, Report, SourceCode, SourceSpan, SpanContents,
};

use crate::findings::{Counts, Diagnostic, Severity};
use crate::load::{SourceFile, Workspace};
use crate::render::plural;
use crate::render::safe::{is_hidden, Terminal};
use crate::span::Span;

/// How to write findings for people.
pub struct Options {
    /// Colour the output.
    pub color: bool,
    /// No summary line.
    pub quiet: bool,
}

/// Write `findings` for people: each with its source lines, then a summary.
pub fn check(out: &mut dyn Write, workspace: &Workspace, findings: &[Diagnostic], options: &Options) -> io::Result<()> {
    let theme = if options.color { GraphicalTheme::unicode() } else { GraphicalTheme::unicode_nocolor() };
    let handler = GraphicalReportHandler::new_themed(theme).with_width(100).with_links(false);
    for finding in findings {
        let report = report(finding, workspace);
        let mut text = String::new();
        handler.render_report(&mut text, report.as_ref()).map_err(io::Error::other)?;
        write!(out, "{text}")?;
        writeln!(out)?;
    }
    if !options.quiet {
        writeln!(out, "{}", summary(workspace.files_checked(), Counts::of(findings)))?;
    }
    Ok(())
}

/// "Checked 12 files: 2 errors, 1 warning."
pub fn summary(files: usize, counts: Counts) -> String {
    let found = match (counts.errors, counts.warnings) {
        (0, 0) => "no findings".to_owned(),
        (errors, 0) => plural(errors, "error"),
        (0, warnings) => plural(warnings, "warning"),
        (errors, warnings) => format!("{}, {}", plural(errors, "error"), plural(warnings, "warning")),
    };
    format!("Checked {}: {found}.", plural(files, "file"))
}

fn report(finding: &Diagnostic, workspace: &Workspace) -> Report {
    let file: &SourceFile = &workspace.files[finding.file];
    let source = Snippet::of(&file.text, finding.span);
    let shown = |text: &str| Terminal(text).to_string();
    let position = format!("{}:{}:{}", file.display.terminal(), finding.span.line, finding.span.column);
    let mut diagnostic = MietteDiagnostic::new(format!("{} [{position}]", shown(&finding.message)))
        .with_code(finding.code.name())
        .with_severity(match finding.severity {
            Severity::Error => miette::Severity::Error,
            Severity::Warning => miette::Severity::Warning,
        })
        .with_label(LabeledSpan::new_primary_with_span(None, source.range(finding.span.byte_range(&file.text))));
    let mut help = shown(finding.help.as_deref().unwrap_or_default());
    for related in &finding.related {
        if related.file == finding.file {
            diagnostic = diagnostic.and_label(LabeledSpan::new_with_span(
                Some(shown(&related.message)),
                source.range(related.span.byte_range(&file.text)),
            ));
        } else {
            let other = workspace.files[related.file].display.terminal().to_string();
            let note = format!("{}: {other}:{}:{}", shown(&related.message), related.span.line, related.span.column);
            help = if help.is_empty() { note } else { format!("{help}\n{note}") };
        }
    }
    if !help.is_empty() {
        diagnostic = diagnostic.with_help(help);
    }
    Report::new(diagnostic).with_source_code(NamedSource::new(file.display.terminal().to_string(), source))
}

/// A file's text as the terminal may show it under a finding: every hidden
/// character but tabs and line breaks escaped as [`Terminal`] escapes it, so
/// that a hostile file (an escaped `"\e[2J"` in a title, a bidi override, a
/// NUL) cannot drive the terminal of whoever runs `okr check`; and where
/// each byte of the original went, so that spans still point at their text.
struct Snippet {
    text: String,
    /// Where the text grew: the original offset of each escaped character,
    /// and how many bytes the text has grown by once past it.
    grown: Vec<(usize, usize)>,
    /// The finding's start in `text` and its column (1-based, in characters).
    primary: (usize, u32),
}

impl Snippet {
    fn of(original: &str, finding: Span) -> Snippet {
        let mut text = String::with_capacity(original.len());
        let mut grown = Vec::new();
        let mut previous = ['\0'; 2];
        for (at, c) in original.char_indices() {
            // Line breaks as YAML and miette count them (a lone CR is one),
            // and tabs, stay; the gutter starts every line, so only the
            // runner's `##[`, read anywhere in a line, needs breaking.
            let hidden = is_hidden(c) && !matches!(c, '\n' | '\r' | '\t');
            if hidden || (c == '[' && previous == ['#', '#']) {
                let escape = format!("\\u{{{:x}}}", u32::from(c));
                text.push_str(&escape);
                let before = grown.last().map_or(0, |&(_, total)| total);
                grown.push((at, before + escape.len() - c.len_utf8()));
            } else {
                text.push(c);
            }
            previous = [previous[1], c];
        }
        let mut snippet = Snippet { text, grown, primary: (0, finding.column) };
        snippet.primary.0 = snippet.offset(finding.byte_range(original).start);
        snippet
    }

    /// Where an offset of the original text is in `text`.
    fn offset(&self, original: usize) -> usize {
        let escapes_before = self.grown.partition_point(|&(at, _)| at < original);
        let grown = escapes_before.checked_sub(1).map_or(0, |last| self.grown[last].1);
        (original + grown).min(self.text.len())
    }

    fn range(&self, range: std::ops::Range<usize>) -> std::ops::Range<usize> {
        self.offset(range.start)..self.offset(range.end)
    }
}

impl SourceCode for Snippet {
    fn read_span<'a>(
        &'a self,
        span: &SourceSpan,
        lines_before: usize,
        lines_after: usize,
    ) -> Result<Box<dyn SpanContents<'a> + 'a>, MietteError> {
        let contents = self.text.read_span(span, lines_before, lines_after)?;
        if lines_before > 0 || lines_after > 0 || span.offset() != self.primary.0 {
            return Ok(contents);
        }
        // The position miette prints above the snippet: the finding's, in
        // characters of the file, not in bytes of the escaped text.
        let column = self.primary.1.saturating_sub(1) as usize;
        let (data, span, line, lines) = (contents.data(), *contents.span(), contents.line(), contents.line_count());
        Ok(Box::new(MietteSpanContents::new(data, span, line, column, lines)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn snippet_spans_point_at_the_escaped_text() {
        let original = "a\u{1b}b\u{202e}c\n##[d";
        let span = Span::of_chars(original, 2, 3);
        let snippet = Snippet::of(original, span);
        assert_eq!(snippet.text, "a\\u{1b}b\\u{202e}c\n##\\u{5b}d");
        // `b`, then the escaped bidi override, then what follows it.
        assert_eq!(&snippet.text[snippet.range(span.byte_range(original))], "b");
        assert_eq!(&snippet.text[snippet.range(3..6)], "\\u{202e}");
        assert_eq!(&snippet.text[snippet.offset(original.len() - 1)..], "d");
        assert_eq!(snippet.primary, (7, 3));
    }
}
