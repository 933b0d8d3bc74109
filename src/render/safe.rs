//! The sanitisers: one per output target, for every string that came from a
//! file, a path, a commit or a setting. Renderers write such text only
//! through these wrappers, each a `Display` that escapes as it writes:
//!
//! - [`Terminal`]: controls (C0, DEL, C1), the bidi controls, the invisible
//!   U+200B, U+2060, U+FEFF and the line separators shown escaped and
//!   visible (`\u{1b}`, `\n`), so that text can neither drive a terminal nor
//!   start a line; the first colon of a leading `::` and the `[` of `##[`
//!   are escaped too, so that no text can be a GitHub workflow command.
//! - [`Markdown`]: what the terminal escapes, and everything markdown or
//!   HTML would read as markup, on one line (a table cell or a list item).
//! - [`Mention`]: an owner in markdown, a live `@mention` only when asked
//!   for and only when the whole owner is one.
//! - [`Code`]: a code span okr adds around a name; [`Message`]: a finding's
//!   message, whose names okr wrote in code spans.
//! - [`Dot`], [`Mermaid`]: the inside of a quoted label.
//! - [`AnnotationData`], [`AnnotationProperty`]: the parts of a GitHub
//!   workflow command.
//!
//! Machine formats (JSON, SARIF, GitLab) carry data as it is, escaped by JSON
//! ([`JsonFormatter`] escapes what JSON would leave raw for a terminal).
//!
//! - [`Html`]: text in an HTML page (an element's content or a quoted
//!   attribute's value): markup characters as entities, hidden characters as
//!   the terminal shows them; [`Bdi`] wraps it in `<bdi>` as well, so that
//!   right-to-left text cannot reorder the page's words around it.
//! - [`Editor`]: text an editor shows (a diagnostic, a hover, a completion
//!   label) with hidden characters made visible.
//! - [`Spreadsheet`]: a text cell of a CSV or TSV export, with a leading `'`
//!   when a spreadsheet would run it as a formula (OWASP's advice against CSV
//!   injection); `okr import` removes it again.

use std::fmt::{self, Display, Formatter, Write};

use crate::text::Text;

/// The ways to write a [`Text`], which is not `Display` itself: one view per
/// sanitiser below.
impl Text {
    /// For a terminal, on one line: [`Terminal`].
    pub fn terminal(&self) -> Terminal<'_> {
        Terminal(self.as_str())
    }

    /// For a terminal, line breaks kept: [`TerminalLines`].
    pub fn terminal_lines(&self) -> TerminalLines<'_> {
        TerminalLines(self.as_str())
    }

    /// For markdown, on one line: [`Markdown`].
    pub fn markdown(&self) -> Markdown<'_> {
        Markdown(self.as_str())
    }

    /// In a code span okr adds: [`Code`].
    pub fn code(&self) -> Code<'_> {
        Code(self.as_str())
    }

    /// As a finding message in markdown: [`Message`].
    pub fn message(&self) -> Message<'_> {
        Message(self.as_str())
    }

    /// Inside a quoted DOT label: [`Dot`].
    pub fn dot(&self) -> Dot<'_> {
        Dot(self.as_str())
    }

    /// Inside a quoted Mermaid label: [`Mermaid`].
    pub fn mermaid(&self) -> Mermaid<'_> {
        Mermaid(self.as_str())
    }

    /// As the message of a GitHub workflow command: [`AnnotationData`].
    pub fn annotation_data(&self) -> AnnotationData<'_> {
        AnnotationData(self.as_str())
    }

    /// As a property of a GitHub workflow command: [`AnnotationProperty`].
    pub fn annotation_property(&self) -> AnnotationProperty<'_> {
        AnnotationProperty(self.as_str())
    }

    /// In an HTML page's text, isolated in `<bdi>`: [`Bdi`].
    pub fn html(&self) -> Bdi<'_> {
        Bdi(self.as_str())
    }

    /// In an HTML attribute's value or an SVG `<title>`, where no element
    /// may go: [`Html`].
    pub fn html_text(&self) -> Html<'_> {
        Html(self.as_str())
    }
}

/// Characters a terminal must never receive from data: every control
/// (C0, DEL, C1), the bidi embeddings, overrides, isolates and marks, the
/// invisible U+200B, U+2060, U+FEFF, and the line and paragraph separators.
/// The zero-width joiner and non-joiner stay: emoji and several scripts
/// need them, and they move nothing.
pub fn is_hidden(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{202a}'..='\u{202e}'
                | '\u{2066}'..='\u{2069}'
                | '\u{200e}'
                | '\u{200f}'
                | '\u{061c}'
                | '\u{200b}'
                | '\u{2060}'
                | '\u{feff}'
                | '\u{2028}'
                | '\u{2029}'
        )
}

/// A hidden character as visible text: `\n`, `\t`, `\r`, or `\u{1b}`.
fn visible(out: &mut impl Write, c: char) -> fmt::Result {
    match c {
        '\n' => out.write_str("\\n"),
        '\t' => out.write_str("\\t"),
        '\r' => out.write_str("\\r"),
        _ => write!(out, "\\u{{{:x}}}", u32::from(c)),
    }
}

/// Data for a terminal, on one line.
#[derive(Clone, Copy)]
pub struct Terminal<'a>(pub &'a str);

impl Terminal<'_> {
    /// Cut to `max` characters of the sanitised text, with an ellipsis when
    /// cut. Cuts fall between the escapes, never inside one.
    pub fn shortened(self, max: usize) -> String {
        let mut pieces = Vec::new();
        // Infallible: writing to a String.
        let _ = terminal_pieces(self.0, |piece| {
            pieces.push(piece.to_owned());
            Ok(())
        });
        let width = |p: &String| p.chars().count();
        if pieces.iter().map(width).sum::<usize>() <= max {
            return pieces.concat();
        }
        let mut short = String::new();
        let mut used = 0;
        for piece in &pieces {
            if used + width(piece) > max.saturating_sub(1) {
                break;
            }
            used += width(piece);
            short.push_str(piece);
        }
        short.push('…');
        short
    }
}

/// `text` for a terminal, one piece per character: hidden characters
/// escaped; the first colon of a leading `::` (after white space, which the
/// runner skips) and the `[` of `##[` (which the runner reads anywhere in a
/// line) as `\u{3a}` and `\u{5b}`, so that no GitHub workflow command is
/// made of data.
fn terminal_pieces(text: &str, mut piece: impl FnMut(&str) -> fmt::Result) -> fmt::Result {
    let indent = text.len() - text.trim_start().len();
    let command = text[indent..].starts_with("::");
    let mut buffer = String::new();
    let mut previous = ['\0'; 2];
    for (at, c) in text.char_indices() {
        buffer.clear();
        if is_hidden(c) || (command && at == indent) || (c == '[' && previous == ['#', '#']) {
            visible(&mut buffer, c)?;
        } else {
            buffer.push(c);
        }
        piece(&buffer)?;
        previous = [previous[1], c];
    }
    Ok(())
}

impl Display for Terminal<'_> {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        terminal_pieces(self.0, |piece| f.write_str(piece))
    }
}

/// Text for a terminal that keeps its line breaks (an error message of
/// several lines): each line as [`Terminal`] writes it.
#[derive(Clone, Copy)]
pub struct TerminalLines<'a>(pub &'a str);

impl Display for TerminalLines<'_> {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        for (i, line) in self.0.split('\n').enumerate() {
            if i > 0 {
                f.write_char('\n')?;
            }
            let line = line.strip_suffix('\r').unwrap_or(line);
            write!(f, "{}", Terminal(line))?;
        }
        Ok(())
    }
}

/// Plain text for an editor (a diagnostic's message, a completion's label
/// shown by `okr lsp`): hidden characters escaped as [`Terminal`] does, so
/// that a title cannot reorder or hide what the editor shows; line breaks
/// kept, since editors show a message of several lines as such.
#[derive(Clone, Copy)]
pub struct Editor<'a>(pub &'a str);

impl Display for Editor<'_> {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        for c in self.0.chars() {
            if c != '\n' && is_hidden(c) {
                visible(f, c)?;
            } else {
                f.write_char(c)?;
            }
        }
        Ok(())
    }
}

/// Runs of this many characters without white space get a `<wbr>` in
/// markdown, so that a long word cannot push a table off the page.
const RUN: usize = 30;

/// Data in markdown (a table cell, a list item, a heading): on one line,
/// with nothing markdown or HTML reads as markup, no live `@mention`, and
/// the terminal's escapes for hidden characters (markdown is read in
/// terminals too).
#[derive(Clone, Copy)]
pub struct Markdown<'a>(pub &'a str);

impl Markdown<'_> {
    /// Cut to `max` characters of the text as read, with an ellipsis when cut.
    pub fn shortened(self, max: usize) -> String {
        if self.0.chars().count() <= max {
            return self.to_string();
        }
        let kept: String = self.0.chars().take(max.saturating_sub(1)).collect();
        format!("{}…", Markdown(&kept))
    }
}

impl Display for Markdown<'_> {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        let mut run = 0;
        let mut chars = self.0.chars().peekable();
        while let Some(c) = chars.next() {
            match c {
                // A line break would end the cell or the item: flattened.
                '\n' | '\r' | '\t' => f.write_char(' ')?,
                c if is_hidden(c) => {
                    f.write_char('\\')?;
                    visible(f, c)?;
                }
                '&' => f.write_str("&amp;")?,
                '<' => f.write_str("&lt;")?,
                '>' => f.write_str("&gt;")?,
                '`' => f.write_str("&#96;")?,
                // A zero-width space after the `@`: it reads the same and notifies nobody.
                '@' => f.write_str("@&#8203;")?,
                '\\' | '[' | ']' | '!' | '*' | '_' | '~' | '#' | '|' | '$' => {
                    f.write_char('\\')?;
                    f.write_char(c)?;
                    // `#123` and `org/repo#123` would link, and cross-reference, an issue.
                    if c == '#' && chars.peek().is_some_and(char::is_ascii_digit) {
                        f.write_str("&#8203;")?;
                    }
                }
                c => f.write_char(c)?,
            }
            run = if c.is_whitespace() { 0 } else { run + 1 };
            if run == RUN && chars.peek().is_some_and(|next| !next.is_whitespace()) {
                f.write_str("<wbr>")?;
                run = 0;
            }
        }
        Ok(())
    }
}

/// An owner in markdown: with `live`, an owner written as a GitHub
/// mention (`@name`, `@org/team`, nothing else around it) is written as it
/// is, so that it notifies; anything else, and every owner without `live`,
/// as [`Markdown`] (which breaks the mention).
#[derive(Clone, Copy)]
pub struct Mention<'a> {
    /// The owner, as written.
    pub owner: &'a str,
    /// Whether to keep a mention live.
    pub live: bool,
}

impl Display for Mention<'_> {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        if self.live && is_mention(self.owner) {
            f.write_str(self.owner)
        } else {
            write!(f, "{}", Markdown(self.owner))
        }
    }
}

/// `@name` or `@org/team` as GitHub spells them: a user or organisation of
/// ASCII letters, digits and single inner hyphens (39 at most), and a team
/// slug of letters, digits, `-` and `_`. Nothing markdown or HTML reads.
pub fn is_mention(text: &str) -> bool {
    let Some(name) = text.strip_prefix('@') else { return false };
    let (user, team) = match name.split_once('/') {
        Some((user, team)) => (user, Some(team)),
        None => (name, None),
    };
    let user_ok = !user.is_empty()
        && user.len() <= 39
        && user.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
        && !user.starts_with('-')
        && !user.ends_with('-')
        && !user.contains("--");
    let team_ok = team.is_none_or(|team| {
        !team.is_empty()
            && team.len() <= 100
            && team.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
            && team.as_bytes()[0].is_ascii_alphanumeric()
    });
    user_ok && team_ok
}

/// A name in a markdown code span (`` `team/objective` ``): as a code span
/// when it holds only characters that cannot end or escape one, else as
/// `<code>` around escaped text.
#[derive(Clone, Copy)]
pub struct Code<'a>(pub &'a str);

impl Display for Code<'_> {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        let plain = |c: char| c.is_ascii_alphanumeric() || "-_./:@+".contains(c);
        // A canonical ref of three ids of at most 64 characters fits.
        if !self.0.is_empty() && self.0.len() <= 200 && self.0.chars().all(plain) {
            write!(f, "`{}`", self.0)
        } else {
            write!(f, "<code>{}</code>", Markdown(self.0))
        }
    }
}

/// A finding's message in markdown: okr writes names in messages between
/// backticks, so the parts between pairs of backticks are [`Code`] and the
/// rest [`Markdown`]. Data holding a backtick may shift the pairs, which
/// changes how the message looks but not its safety: every part still goes
/// through one of the two.
#[derive(Clone, Copy)]
pub struct Message<'a>(pub &'a str);

impl Display for Message<'_> {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        if self.0.matches('`').count() % 2 == 1 {
            return write!(f, "{}", Markdown(self.0));
        }
        for (i, part) in self.0.split('`').enumerate() {
            if i % 2 == 0 {
                write!(f, "{}", Markdown(part))?;
            } else {
                write!(f, "{}", Code(part))?;
            }
        }
        Ok(())
    }
}

/// The inside of a DOT double-quoted label: backslashes and quotes escaped,
/// a line break as DOT's `\n`, hidden characters as the terminal shows them.
#[derive(Clone, Copy)]
pub struct Dot<'a>(pub &'a str);

impl Display for Dot<'_> {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        let mut previous = ['\0'; 2];
        for c in self.0.chars() {
            match c {
                '\n' => f.write_str("\\n")?,
                '\\' => f.write_str("\\\\")?,
                '"' => f.write_str("\\\"")?,
                c if is_hidden(c) || (c == '[' && previous == ['#', '#']) => {
                    f.write_char('\\')?;
                    visible(f, c)?;
                }
                c => f.write_char(c)?,
            }
            previous = [previous[1], c];
        }
        Ok(())
    }
}

/// The inside of a Mermaid `"…"` label: `#` starts an entity, so it is
/// escaped first, then what Mermaid would read as syntax or markup; line
/// breaks flattened. A diagram is printed to a terminal (and a CI log)
/// before it is pasted anywhere, so hidden characters are escaped as the
/// terminal shows them rather than as entities that would bring them back.
#[derive(Clone, Copy)]
pub struct Mermaid<'a>(pub &'a str);

impl Display for Mermaid<'_> {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        for c in self.0.chars() {
            match c {
                '#' => f.write_str("#35;")?,
                '&' => f.write_str("#amp;")?,
                '"' => f.write_str("#quot;")?,
                '<' => f.write_str("#lt;")?,
                '>' => f.write_str("#gt;")?,
                '`' => f.write_str("#96;")?,
                '\n' | '\r' | '\t' => f.write_char(' ')?,
                c if is_hidden(c) => visible(f, c)?,
                c => f.write_char(c)?,
            }
        }
        Ok(())
    }
}

/// Data in HTML, as an element's text or a double- or single-quoted
/// attribute's value: `&`, `<`, `>`, `"` and `'` as entities, so that no tag,
/// entity or attribute is made of data; hidden characters (controls, bidi
/// controls, invisible characters) shown escaped as [`Terminal`] shows
/// them, so that they can neither reorder the page nor hide a word.
#[derive(Clone, Copy)]
pub struct Html<'a>(pub &'a str);

impl Display for Html<'_> {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        let mut rest = self.0;
        // Runs of plain characters are written whole: pages hold a lot of text.
        while let Some(at) = rest.find(|c: char| matches!(c, '&' | '<' | '>' | '"' | '\'') || is_hidden(c)) {
            f.write_str(&rest[..at])?;
            let c = rest[at..].chars().next().unwrap_or_default();
            match c {
                '&' => f.write_str("&amp;")?,
                '<' => f.write_str("&lt;")?,
                '>' => f.write_str("&gt;")?,
                '"' => f.write_str("&quot;")?,
                '\'' => f.write_str("&#39;")?,
                c => visible(f, c)?,
            }
            rest = &rest[at + c.len_utf8()..];
        }
        f.write_str(rest)
    }
}

/// Data in an HTML page's text: [`Html`] inside `<bdi>`, which isolates its
/// direction, so that a right-to-left title cannot carry the words and
/// numbers okr writes next to it.
#[derive(Clone, Copy)]
pub struct Bdi<'a>(pub &'a str);

impl Display for Bdi<'_> {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        write!(f, "<bdi>{}</bdi>", Html(self.0))
    }
}

/// The message of a GitHub workflow command: `%`, CR and LF percent-encoded
/// (the runner decodes them), other hidden characters as the terminal shows
/// them (the runner's log is read in a terminal).
#[derive(Clone, Copy)]
pub struct AnnotationData<'a>(pub &'a str);

impl Display for AnnotationData<'_> {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        annotation(f, self.0, false)
    }
}

/// A property of a GitHub workflow command: also `:` and `,`, which
/// separate properties.
#[derive(Clone, Copy)]
pub struct AnnotationProperty<'a>(pub &'a str);

impl Display for AnnotationProperty<'_> {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        annotation(f, self.0, true)
    }
}

fn annotation(f: &mut Formatter<'_>, text: &str, property: bool) -> fmt::Result {
    let mut previous = ['\0'; 2];
    for c in text.chars() {
        let legacy_command = c == '[' && previous == ['#', '#'];
        previous = [previous[1], c];
        match c {
            '%' => f.write_str("%25")?,
            '\r' => f.write_str("%0D")?,
            '\n' => f.write_str("%0A")?,
            ':' if property => f.write_str("%3A")?,
            ',' if property => f.write_str("%2C")?,
            c if is_hidden(c) || legacy_command => visible(f, c)?,
            c => f.write_char(c)?,
        }
    }
    Ok(())
}

/// Pretty JSON whose strings a terminal and a CI runner read as plain text:
/// the hidden characters JSON would leave raw (DEL, C1, bidi, zero-width)
/// and the `[` of `##[` are written as `\uXXXX` escapes. Every JSON reader
/// gets the same data; only the bytes differ.
pub struct JsonFormatter {
    pretty: serde_json::ser::PrettyFormatter<'static>,
    /// The last two characters of the string being written.
    previous: [char; 2],
}

impl JsonFormatter {
    /// A formatter that escapes what JSON would leave raw.
    pub fn new() -> JsonFormatter {
        JsonFormatter { pretty: serde_json::ser::PrettyFormatter::new(), previous: ['\0'; 2] }
    }
}

impl Default for JsonFormatter {
    fn default() -> JsonFormatter {
        JsonFormatter::new()
    }
}

impl serde_json::ser::Formatter for JsonFormatter {
    fn begin_string<W: ?Sized + std::io::Write>(&mut self, writer: &mut W) -> std::io::Result<()> {
        self.previous = ['\0'; 2];
        writer.write_all(b"\"")
    }

    fn write_string_fragment<W: ?Sized + std::io::Write>(
        &mut self,
        writer: &mut W,
        fragment: &str,
    ) -> std::io::Result<()> {
        let mut plain = 0;
        for (at, c) in fragment.char_indices() {
            if is_hidden(c) || (c == '[' && self.previous == ['#', '#']) {
                writer.write_all(&fragment.as_bytes()[plain..at])?;
                // Every hidden character is in the Basic Multilingual Plane.
                write!(writer, "\\u{:04x}", u32::from(c))?;
                plain = at + c.len_utf8();
            }
            self.previous = [self.previous[1], c];
        }
        writer.write_all(&fragment.as_bytes()[plain..])
    }

    fn write_char_escape<W: ?Sized + std::io::Write>(
        &mut self,
        writer: &mut W,
        escape: serde_json::ser::CharEscape,
    ) -> std::io::Result<()> {
        self.previous = ['\0'; 2];
        serde_json::ser::CompactFormatter.write_char_escape(writer, escape)
    }

    fn begin_array<W: ?Sized + std::io::Write>(&mut self, writer: &mut W) -> std::io::Result<()> {
        self.pretty.begin_array(writer)
    }

    fn end_array<W: ?Sized + std::io::Write>(&mut self, writer: &mut W) -> std::io::Result<()> {
        self.pretty.end_array(writer)
    }

    fn begin_array_value<W: ?Sized + std::io::Write>(&mut self, writer: &mut W, first: bool) -> std::io::Result<()> {
        self.pretty.begin_array_value(writer, first)
    }

    fn end_array_value<W: ?Sized + std::io::Write>(&mut self, writer: &mut W) -> std::io::Result<()> {
        self.pretty.end_array_value(writer)
    }

    fn begin_object<W: ?Sized + std::io::Write>(&mut self, writer: &mut W) -> std::io::Result<()> {
        self.pretty.begin_object(writer)
    }

    fn end_object<W: ?Sized + std::io::Write>(&mut self, writer: &mut W) -> std::io::Result<()> {
        self.pretty.end_object(writer)
    }

    fn begin_object_key<W: ?Sized + std::io::Write>(&mut self, writer: &mut W, first: bool) -> std::io::Result<()> {
        self.pretty.begin_object_key(writer, first)
    }

    fn begin_object_value<W: ?Sized + std::io::Write>(&mut self, writer: &mut W) -> std::io::Result<()> {
        self.pretty.begin_object_value(writer)
    }

    fn end_object_value<W: ?Sized + std::io::Write>(&mut self, writer: &mut W) -> std::io::Result<()> {
        self.pretty.end_object_value(writer)
    }
}

/// A text cell of a CSV or TSV export: as it is, after a `'` when it starts
/// with a character that makes a spreadsheet run it as a formula (`=`, `+`,
/// `-`, `@`, tab, carriage return; see [`crate::sheet::cell::needs_prefix`]).
/// Quoting is the CSV writer's job. Numbers are never written through it.
pub struct Spreadsheet<'a>(pub &'a str);

impl Display for Spreadsheet<'_> {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        if crate::sheet::cell::needs_prefix(self.0) {
            f.write_char('\'')?;
        }
        f.write_str(self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_terminal_sees_hidden_characters_escaped() {
        let text = "a\u{1b}[2J\u{7}\u{0}\u{9b}\u{7f}\u{202e}\u{2066}\u{200b}\u{2060}\u{feff}\n\t";
        assert_eq!(
            Terminal(text).to_string(),
            "a\\u{1b}[2J\\u{7}\\u{0}\\u{9b}\\u{7f}\\u{202e}\\u{2066}\\u{200b}\\u{2060}\\u{feff}\\n\\t"
        );
        // ZWJ and ZWNJ stay: 👩‍💻 is one emoji.
        assert_eq!(Terminal("👩\u{200d}💻 \u{200c}").to_string(), "👩\u{200d}💻 \u{200c}");
        assert_eq!(Terminal("::error::x").to_string(), "\\u{3a}:error::x");
        assert_eq!(Terminal("a ::b").to_string(), "a ::b");
        // The runner skips white space before `::`, and reads `##[` anywhere.
        assert_eq!(Terminal("  ::error::x").to_string(), "  \\u{3a}:error::x");
        assert_eq!(Terminal("a ##[error]x #[ # [").to_string(), "a ##\\u{5b}error]x #[ # [");
        assert_eq!(Terminal("##[").shortened(3), "##…");
    }

    #[test]
    fn terminal_lines_keep_line_breaks_but_start_no_command() {
        assert_eq!(TerminalLines("a\r\n::error::x\n\u{1b}").to_string(), "a\n\\u{3a}:error::x\n\\u{1b}");
    }

    #[test]
    fn shortening_never_cuts_an_escape() {
        let text = "ab\u{1b}]8;;http://x\u{7}cd";
        assert_eq!(Terminal(text).shortened(100), Terminal(text).to_string());
        assert_eq!(Terminal(text).shortened(8), "ab…");
        assert_eq!(Terminal(text).shortened(9), "ab\\u{1b}…");
        assert_eq!(Terminal("abc").shortened(3), "abc");
        assert_eq!(Markdown("a<b>cdef").shortened(4), "a&lt;b…");
    }

    #[test]
    fn markdown_is_inert() {
        assert_eq!(
            Markdown("<details>`x` [a](javascript:b) ![](u) *_~#| @team & \\").to_string(),
            "&lt;details&gt;&#96;x&#96; \\[a\\](javascript:b) \\!\\[\\](u) \\*\\_\\~\\#\\| @&#8203;team &amp; \\\\"
        );
        assert_eq!(Markdown("a\nb\r\n<!--").to_string(), "a b  &lt;\\!--");
        assert_eq!(Markdown("x\u{202e}").to_string(), "x\\\\u{202e}");
        assert_eq!(Markdown("##[error]").to_string(), "\\#\\#\\[error\\]");
        assert_eq!(Markdown("org/r#12 #x").to_string(), "org/r\\#&#8203;12 \\#x");
        let word = "w".repeat(65);
        assert_eq!(Markdown(&word).to_string(), format!("{0}<wbr>{0}<wbr>wwwww", "w".repeat(30)));
        assert_eq!(Markdown(&"w".repeat(30)).to_string(), "w".repeat(30));
        assert_eq!(Markdown(&format!("{} x", "w".repeat(30))).to_string(), format!("{} x", "w".repeat(30)));
    }

    #[test]
    fn only_whole_mentions_stay_live_and_only_when_asked() {
        let live = |owner| Mention { owner, live: true }.to_string();
        assert_eq!(live("@ana"), "@ana");
        assert_eq!(live("@acme/web-team"), "@acme/web-team");
        assert_eq!(Mention { owner: "@ana", live: false }.to_string(), "@&#8203;ana");
        for owner in
            ["ana", "@", "@ana smith", "@ana<b>", "@-ana", "@a--b", "@ana/", "@a/b/c", "x @ana", "@ana\n", "@ana]"]
        {
            assert_eq!(live(owner), Markdown(owner).to_string(), "{owner:?}");
        }
        assert_eq!(live("Ana @ana"), "Ana @&#8203;ana");
    }

    #[test]
    fn code_spans_hold_plain_names_only() {
        assert_eq!(Code("web/checkout").to_string(), "`web/checkout`");
        assert_eq!(Code("a`b").to_string(), "<code>a&#96;b</code>");
        assert_eq!(Code("").to_string(), "<code></code>");
    }

    #[test]
    fn messages_keep_their_code_spans() {
        assert_eq!(Message("key `a-b` in `c`").to_string(), "key `a-b` in `c`");
        assert_eq!(Message("key `<b>` x").to_string(), "key <code>&lt;b&gt;</code> x");
        assert_eq!(Message("key `a`b` x").to_string(), "key &#96;a&#96;b&#96; x");
    }

    #[test]
    fn graph_labels_are_quoted_safely() {
        assert_eq!(Dot("a\"b\\c\nd\u{1b}").to_string(), "a\\\"b\\\\c\\nd\\\\u{1b}");
        assert_eq!(Dot("##[error]").to_string(), "##\\\\u{5b}error]");
        assert_eq!(Mermaid("#&\"<>`\n\u{1b}").to_string(), "#35;#amp;#quot;#lt;#gt;#96; \\u{1b}");
    }

    #[test]
    fn an_editor_sees_hidden_characters_escaped_and_line_breaks_kept() {
        let text = "Grow\u{202e}gnp.exe\u{1b}[31m\u{200b}\nhelp: \r\tok";
        assert_eq!(Editor(text).to_string(), "Grow\\u{202e}gnp.exe\\u{1b}[31m\\u{200b}\nhelp: \\r\\tok");
        assert_eq!(Editor("Café ☕ 𝄞").to_string(), "Café ☕ 𝄞");
    }

    #[test]
    fn json_carries_the_same_data_in_inert_bytes() {
        let value =
            serde_json::json!({"k\u{202e}": ["a\u{1b}\u{9b}\u{7f}\u{202e}##[error]x\"\n", "é 👩\u{200d}💻 #[", {}]});
        let mut out = Vec::new();
        serde::Serialize::serialize(
            &value,
            &mut serde_json::Serializer::with_formatter(&mut out, JsonFormatter::new()),
        )
        .unwrap();
        let text = String::from_utf8(out).unwrap();
        assert!(!text.chars().any(|c| is_hidden(c) && c != '\n') && !text.contains("##["), "{text}");
        assert!(text.contains("a\\u001b\\u009b\\u007f\\u202e##\\u005berror]x\\\"\\n"), "{text}");
        assert_eq!(serde_json::from_str::<serde_json::Value>(&text).unwrap(), value);
        assert_eq!(
            text,
            serde_json::to_string_pretty(&value)
                .unwrap()
                .replace('\u{202e}', "\\u202e")
                .replace('\u{9b}', "\\u009b")
                .replace('\u{7f}', "\\u007f")
                .replace("##[", "##\\u005b")
        );
    }

    #[test]
    fn html_makes_no_markup_and_no_reordering_of_data() {
        let hostile = "<script>alert(1)</script></details>\"onmouseover=x '\u{202e}evil&amp;";
        let escaped = Html(hostile).to_string();
        assert_eq!(
            escaped,
            "&lt;script&gt;alert(1)&lt;/script&gt;&lt;/details&gt;&quot;onmouseover=x &#39;\\u{202e}evil&amp;amp;"
        );
        assert!(!escaped.contains(['<', '>', '"', '\'', '\u{202e}']));
        assert_eq!(Bdi("\u{5d0}\u{5d1} 1").to_string(), "<bdi>\u{5d0}\u{5d1} 1</bdi>");
        assert_eq!(Html("a\nb\u{0}c").to_string(), "a\\nb\\u{0}c");
    }

    #[test]
    fn annotations_escape_like_the_actions_toolkit() {
        assert_eq!(AnnotationData("50%\r\nnext\u{1b}").to_string(), "50%25%0D%0Anext\\u{1b}");
        assert_eq!(AnnotationProperty("a:b,c%").to_string(), "a%3Ab%2Cc%25");
        assert_eq!(AnnotationData("x ##[error]y").to_string(), "x ##\\u{5b}error]y");
    }
}
