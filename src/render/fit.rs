//! Output that fits a terminal: the width the caller gives (the binary reads
//! `COLUMNS` or asks the terminal; the library never looks), the widths of a
//! table's columns within it, and lines cut to it. Widths are display
//! columns, as a terminal counts them: a CJK character or an emoji is two.

use std::borrow::Cow;

use unicode_segmentation::UnicodeSegmentation;
use unicode_width::UnicodeWidthStr;

/// Where table output goes: whether to colour it, and how wide it may be.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Screen {
    /// Colour grades and statuses with ANSI escapes.
    pub color: bool,
    /// No line is wider than this many columns; `None`: as wide as the
    /// content needs (output to a file or a pipe).
    pub width: Option<usize>,
}

impl Screen {
    /// `line` cut to this screen's width: [`cut`].
    pub fn cut<'a>(&self, line: &'a str) -> Cow<'a, str> {
        match self.width {
            Some(width) => cut(line, width),
            None => Cow::Borrowed(line),
        }
    }

    /// `sentence` (okr's own words, no data) wrapped at spaces to this
    /// screen's width: [`wrap`].
    pub fn wrap(&self, sentence: &str) -> Vec<String> {
        match self.width {
            Some(width) => wrap(sentence, width),
            None => vec![sentence.to_owned()],
        }
    }
}

/// The narrowest a column's content is made: room for one wide character,
/// which comfy-table would otherwise push past the column's edge.
pub const MIN_COLUMN: usize = 2;

/// Content widths for the columns of a table whose widest contents are
/// `natural` and whose lines are `overhead` columns wider than their
/// contents (borders, padding, separators), so that no line is wider than
/// `width`; `None` when the table fits as it is. The widest columns give
/// way first, all to the same width (titles and details, rarely a score),
/// and what that leaves over goes one column each to the columns cut, left
/// first. A column is never cut below [`MIN_COLUMN`]: a screen too narrow
/// for that gets the narrowest table that can be drawn.
pub fn column_widths(natural: &[u16], overhead: usize, width: usize) -> Option<Vec<u16>> {
    let available = width.saturating_sub(overhead);
    let natural: Vec<usize> = natural.iter().map(|&w| usize::from(w)).collect();
    if natural.iter().sum::<usize>() <= available {
        return None;
    }
    let used = |cap: usize| natural.iter().map(|&w| w.min(cap)).sum::<usize>();
    // The largest cap that fits, found by bisection: `used` grows with the cap.
    let (mut low, mut high) = (MIN_COLUMN, natural.iter().copied().max().unwrap_or(MIN_COLUMN));
    if used(low) > available {
        high = low;
    }
    while low < high {
        let middle = (low + high).div_ceil(2);
        if used(middle) <= available {
            low = middle;
        } else {
            high = middle - 1;
        }
    }
    let cap = low;
    let mut spare = available.saturating_sub(used(cap));
    let widths = natural
        .iter()
        .map(|&w| {
            let mut fitted = w.min(cap);
            if w > cap && spare > 0 {
                fitted += 1;
                spare -= 1;
            }
            u16::try_from(fitted).unwrap_or(u16::MAX)
        })
        .collect();
    Some(widths)
}

/// `line` cut to at most `width` display columns, ending in `…` when cut.
/// Cuts fall between graphemes (a letter and its accents, an emoji and its
/// joiners stay whole). `line` is text already sanitised for its target:
/// cutting only drops its end, so it adds nothing a sanitiser took out.
pub fn cut(line: &str, width: usize) -> Cow<'_, str> {
    if line.width() <= width {
        return Cow::Borrowed(line);
    }
    let room = width.saturating_sub(1);
    let mut used = 0;
    let mut end = 0;
    for (at, grapheme) in line.grapheme_indices(true) {
        let next = used + grapheme.width();
        if next > room {
            break;
        }
        used = next;
        end = at + grapheme.len();
    }
    let mut short = line[..end].to_owned();
    if width > 0 {
        short.push('…');
    }
    Cow::Owned(short)
}

/// `sentence` as lines of at most `width` display columns, broken at spaces;
/// a word wider than a line is [`cut`]. Only for okr's own words and
/// numbers: a line wrapped inside data would begin with data, which the
/// sanitisers check only at the start of the whole text (`::`).
pub fn wrap(sentence: &str, width: usize) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = String::new();
    for word in sentence.split(' ') {
        if !line.is_empty() && line.width() + 1 + word.width() > width {
            lines.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
        if line.width() > width {
            lines.push(cut(&line, width).into_owned());
            line.clear();
        }
    }
    if !line.is_empty() || lines.is_empty() {
        lines.push(line);
    }
    lines
}

/// The display width of `text`: the columns a terminal gives it.
pub fn display_width(text: &str) -> usize {
    text.width()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_table_that_fits_keeps_its_widths() {
        assert_eq!(column_widths(&[10, 5, 3], 10, 28), None);
        assert_eq!(column_widths(&[10, 5, 3], 10, 200), None);
    }

    #[test]
    fn the_widest_columns_give_way_first() {
        // 18 columns of content wanted, 14 available.
        assert_eq!(column_widths(&[10, 5, 3], 10, 24), Some(vec![6, 5, 3]));
        // Two wide columns share the cut; the spare column goes to the first.
        assert_eq!(column_widths(&[20, 3, 20], 0, 24), Some(vec![11, 3, 10]));
    }

    #[test]
    fn columns_stop_at_the_minimum() {
        assert_eq!(column_widths(&[30, 30, 1], 10, 5), Some(vec![2, 2, 1]));
    }

    #[test]
    fn the_result_fits_whenever_the_minimum_does() {
        let natural = [75, 12, 5, 6, 10, 25];
        for width in 30..200 {
            let widths = column_widths(&natural, 19, width).unwrap_or(natural.to_vec());
            let widths: usize = widths.iter().map(|&w| usize::from(w)).sum();
            assert!(widths + 19 <= width.max(19 + 6 * MIN_COLUMN), "{width}");
        }
    }

    #[test]
    fn wrap_breaks_at_spaces_and_cuts_only_words_too_long() {
        assert_eq!(wrap("one two three four", 9), ["one two", "three", "four"]);
        assert_eq!(wrap("one two", 80), ["one two"]);
        assert_eq!(wrap("a supercalifragilistic b", 8), ["a", "superca…", "b"]);
        assert_eq!(wrap("", 8), [""]);
        for line in wrap("日本語 のタイトル 🚀🚀 emoji", 6) {
            assert!(display_width(&line) <= 6, "{line}");
        }
    }

    #[test]
    fn cut_counts_display_columns_not_bytes() {
        assert_eq!(cut("short", 10), "short");
        assert_eq!(cut("exactly-10", 10), "exactly-10");
        assert_eq!(cut("a longer line", 10), "a longer …");
        assert_eq!(cut("日本語のタイトル", 7), "日本語…");
        assert_eq!(display_width(&cut("日本語のタイトル", 8)), 7);
        assert_eq!(cut("naïve résumé", 6), "naïve…");
        assert_eq!(cut("🚀🚀🚀", 4), "🚀…");
        assert_eq!(cut("anything", 0), "");
    }
}
