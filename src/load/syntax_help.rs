//! The help line of a `yaml-syntax` finding: what to do about the common
//! mistakes, told from saphyr's error and the text around where it stopped.
//! An unquoted `: ` in a title, a line indented wrong, a list item without its
//! `-`, a quote left open, tabs, nesting too deep.

/// What to do about the parse error `info`, which saphyr reports at the
/// character `at` of `text`; `None` when okr cannot tell.
pub fn help(info: &str, text: &str, at: usize) -> Option<String> {
    if info.contains("recursion limit") {
        return Some("an OKR file needs a handful of levels; flatten the structure".into());
    }
    if info.contains("tab") {
        return Some("YAML indents with spaces only: replace the tabs with spaces".into());
    }
    if info.contains("trailing content after") {
        return Some(
            "a quoted value ends at its closing quote: quote the whole value (`'\"Fast\" checkout'`) or none of it"
                .into(),
        );
    }
    if info.contains("quoted scalar") {
        // "invalid indentation in quoted scalar", or the end of the text
        // "while scanning a quoted scalar": the quote opened there runs on.
        return Some("a quote is left open: close it at the end of the value, on the same line, or remove it".into());
    }
    let lines = Lines::around(text, at);
    if info.contains("mapping values are not allowed") {
        if let Some(key) = lines.value_with_colon() {
            return Some(format!(
                "a `: ` inside a value starts a mapping: quote the {} (`{key}: \"…: …\"`)",
                if key == "title" { "title" } else { "value" }
            ));
        }
        return Some(lines.indentation());
    }
    if info.contains("expected '-' indicator") || info.contains("did not find expected key") {
        if lines.missing_dash() {
            return Some(
                "a list item without its `-`: each item of a list starts with `- `, in the column of the others".into(),
            );
        }
        return Some(lines.indentation());
    }
    None
}

/// The line the parser stopped on and the lines before it.
struct Lines<'t> {
    /// The lines up to and including the one with the error.
    before: Vec<&'t str>,
    /// The column of the error in its line, from 0, in characters.
    column: usize,
}

impl<'t> Lines<'t> {
    fn around(text: &'t str, at: usize) -> Lines<'t> {
        let byte = text.char_indices().nth(at).map_or(text.len(), |(i, _)| i);
        let line_start = text[..byte].rfind(['\n', '\r']).map_or(0, |i| i + 1);
        let line_end = text[byte..].find(['\n', '\r']).map_or(text.len(), |i| byte + i);
        let before = text[..line_end].lines().collect();
        Lines { before, column: text[line_start..byte].chars().count() }
    }

    fn current(&self) -> &'t str {
        self.before.last().copied().unwrap_or("")
    }

    /// The line with content above the current one.
    fn previous(&self) -> Option<&'t str> {
        let above = &self.before[..self.before.len().saturating_sub(1)];
        above.iter().rev().copied().find(|l| !l.trim().is_empty() && !l.trim_start().starts_with('#'))
    }

    /// The key of `key: value: more`, when the error is at the second
    /// colon: a plain value with a `: ` in it.
    fn value_with_colon(&self) -> Option<&'t str> {
        let line = self.current();
        let content = line.trim_start_matches(' ');
        let content = content.strip_prefix("- ").unwrap_or(content).trim_start_matches(' ');
        let (key, value) = content.split_once(": ")?;
        let key_starts = line.len() - content.len();
        let value_starts = line[..key_starts + key.len() + 2].chars().count();
        let plain = |c: char| c.is_alphanumeric() || c == '_' || c == '-';
        (key.chars().all(plain) && !value.trim_start().starts_with(['"', '\'']) && self.column > value_starts)
            .then_some(key)
    }

    /// A line that starts in the column of a list's `- ` without one.
    fn missing_dash(&self) -> bool {
        let line = self.current();
        let column = indent(line);
        if line[column..].starts_with('-') {
            return false;
        }
        // Up the lines of the enclosing block: one with a `- ` in this column.
        let above = &self.before[..self.before.len().saturating_sub(1)];
        above.iter().rev().take_while(|l| l.trim().is_empty() || indent(l) >= column).any(|l| {
            let content = &l[indent(l)..];
            indent(l) == column && (content.starts_with("- ") || content == "-")
        })
    }

    fn indentation(&self) -> String {
        let column = indent(self.current()) + 1;
        match self.previous() {
            Some(previous) if indent(previous) + 1 != column => format!(
                "check the indentation: this line starts in column {column}, the one above in column {}; \
                 the keys of one mapping, and the `- ` of one list's items, start in one column",
                indent(previous) + 1
            ),
            _ => {
                "check the indentation: the keys of one mapping, and the `- ` of one list's items, start in one column"
                    .into()
            }
        }
    }
}

/// The spaces that start `line`.
fn indent(line: &str) -> usize {
    line.len() - line.trim_start_matches(' ').len()
}

#[cfg(test)]
mod tests {
    /// The help of the `yaml-syntax` finding of `text`.
    fn help_of(text: &str) -> String {
        let error = crate::load::yaml::parse(text).expect_err("a syntax error");
        error.help.unwrap_or_else(|| panic!("no help for {:?}", error.message))
    }

    const HEAD: &str = "team: growth\nperiod: 2026-Q3\nobjectives:\n  - id: signups\n";

    #[test]
    fn an_unquoted_colon_in_a_title_says_quote_the_title() {
        let help = help_of(&format!("{HEAD}    title: Growth: more sign-ups\n    key_results: []\n"));
        assert!(help.contains("quote the title"), "{help}");
        let help = help_of(&format!(
            "{HEAD}    title: Sign-ups\n    key_results:\n      - id: a\n        title: Conversion: 4 to 7\n"
        ));
        assert!(help.contains("quote the title"), "{help}");
        let help = help_of(&format!("{HEAD}    title: Sign-ups\n    owner: Ann: growth lead\n"));
        assert!(help.contains("quote the value (`owner: "), "{help}");
    }

    #[test]
    fn wrong_indentation_names_the_columns() {
        // Less indented than its sibling keys.
        let text =
            format!("{HEAD}    title: Sign-ups\n    key_results:\n      - id: a\n        title: A\n       start: 0\n");
        let help = help_of(&text);
        assert!(help.contains("starts in column 8, the one above in column 9"), "{help}");
        // Deeper, under a key that has a value.
        let text = format!(
            "{HEAD}    title: Sign-ups\n    key_results:\n      - id: a\n        title: A\n          start: 0\n"
        );
        let help = help_of(&text);
        assert!(help.contains("starts in column 11, the one above in column 9"), "{help}");
        // A list item out of line with the others.
        let text = format!(
            "{HEAD}    title: Sign-ups\n    key_results:\n      - id: a\n        title: A\n     - id: b\n        title: B\n"
        );
        let help = help_of(&text);
        assert!(help.contains("check the indentation"), "{help}");
    }

    #[test]
    fn a_missing_dash_says_so() {
        let text = format!(
            "{HEAD}    title: Sign-ups\n    key_results:\n      - id: a\n        title: A\n        done: false\n      id: b\n      title: B\n"
        );
        let help = help_of(&text);
        assert!(help.contains("without its `-`"), "{help}");
    }

    #[test]
    fn an_unclosed_quote_says_close_it() {
        for text in [
            format!("{HEAD}    title: \"Sign-ups\n    key_results: []\n"),
            format!("{HEAD}    title: 'Sign-ups\n    key_results: []\n"),
            format!("{HEAD}    title: \"Sign-ups"),
        ] {
            let help = help_of(&text);
            assert!(help.contains("a quote is left open"), "{text}: {help}");
        }
        let help = help_of(&format!("{HEAD}    title: \"Fast\" checkout\n"));
        assert!(help.contains("quote the whole value"), "{help}");
    }
}
