//! `okr check --format github`: GitHub Actions workflow commands, which the
//! runner turns into annotations on the pull request's files.

use std::io::{self, Write};

use crate::check::{Diagnostic, Severity};
use crate::load::Workspace;

pub fn check(out: &mut dyn Write, workspace: &Workspace, findings: &[Diagnostic]) -> io::Result<()> {
    for d in findings {
        let command = match d.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        let mut message = d.message.clone();
        if let Some(help) = &d.help {
            message.push_str("\nhelp: ");
            message.push_str(help);
        }
        writeln!(
            out,
            "::{command} file={},line={},col={},endLine={},endColumn={},title={}::{}",
            escape_property(&workspace.files[d.file].display),
            d.span.line,
            d.span.column,
            d.span.end_line,
            d.span.end_column,
            escape_property(d.code.name()),
            escape_data(&message),
        )?;
    }
    Ok(())
}

/// The message part: `%`, CR and LF are escaped.
pub fn escape_data(text: &str) -> String {
    text.replace('%', "%25").replace('\r', "%0D").replace('\n', "%0A")
}

/// A property value: also `:` and `,`, which separate properties.
pub fn escape_property(text: &str) -> String {
    escape_data(text).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_like_the_actions_toolkit() {
        assert_eq!(escape_data("50%\r\nnext"), "50%25%0D%0Anext");
        assert_eq!(escape_property("a:b,c%"), "a%3Ab%2Cc%25");
    }
}
