//! What one cell means: a number as people type it, yes or no, an id made
//! from a title, and the `'` that keeps a spreadsheet from running text as a
//! formula (OWASP's advice against CSV injection).

/// The characters that make a spreadsheet read a cell as a formula when it
/// starts with one: `=`, `+`, `-`, `@`, tab and carriage return.
const FORMULA_STARTS: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// Whether a text cell needs a leading `'` so that a spreadsheet shows it
/// instead of running it: it starts with a formula character, or with `'`s
/// before one (so that the `'` [`unprefix`] removes is always okr's own).
pub fn needs_prefix(text: &str) -> bool {
    text.trim_start_matches('\'').starts_with(FORMULA_STARTS)
}

/// The text of a cell with okr's `'` removed: the inverse of writing `'`
/// before a text for which [`needs_prefix`] holds.
pub fn unprefix(cell: &str) -> &str {
    match cell.strip_prefix('\'') {
        Some(rest) if needs_prefix(rest) => rest,
        _ => cell,
    }
}

/// How decimals are written in a file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decimals {
    /// `0.5` only.
    Point,
    /// `0,5` or `0.5`: a `;`-separated file, as European spreadsheets write.
    PointOrComma,
}

/// A number read from text.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Typed {
    /// The number as written (`45` for `45%`).
    pub value: f64,
    /// Whether it was written with `%`.
    pub percent: bool,
}

/// A number as people type it: `45`, `-3.5`, `45%`, `1e3`, and `0,5` with
/// [`Decimals::PointOrComma`]; white space around it and inside the `%` is
/// fine. `None` for anything else (thousands separators included: `1,000`
/// is ambiguous between the two conventions).
pub fn number(text: &str, decimals: Decimals) -> Option<Typed> {
    let text = text.trim();
    let (digits, percent) = match text.strip_suffix('%') {
        Some(rest) => (rest.trim_end(), true),
        None => (text, false),
    };
    // A minus sign as a typesetter writes it.
    let digits = digits.replace('\u{2212}', "-");
    let digits = match decimals {
        Decimals::PointOrComma if !digits.contains('.') && digits.matches(',').count() == 1 => digits.replace(',', "."),
        _ => digits,
    };
    let plain = |c: char| c.is_ascii_digit() || matches!(c, '.' | '-' | '+' | 'e' | 'E');
    if digits.is_empty() || !digits.chars().all(plain) || !digits.chars().any(|c| c.is_ascii_digit()) {
        return None;
    }
    let value: f64 = digits.parse().ok()?;
    value.is_finite().then_some(Typed { value, percent })
}

/// `yes`/`no`, `true`/`false`, `done`, `✓`… in any case, as a milestone's `done`.
pub fn boolean(text: &str) -> Option<bool> {
    match text.trim().to_lowercase().as_str() {
        "yes" | "y" | "true" | "done" | "✓" | "✔" | "☑" | "x" | "1" => Some(true),
        "no" | "n" | "false" | "not done" | "✗" | "✘" | "☐" | "0" => Some(false),
        _ => None,
    }
}

/// An id from a title: ASCII lowercase letters and digits with `-` between
/// words, accents dropped from the Latin letters that have them, at most 64
/// characters. Empty when no ASCII letter or digit is left.
pub fn slug(title: &str) -> String {
    let mut out = String::new();
    let mut dash = false;
    for c in title.chars().flat_map(char::to_lowercase) {
        let ascii = fold(c);
        if ascii.is_empty() {
            dash = !out.is_empty();
            continue;
        }
        for a in ascii.chars() {
            if a.is_ascii_alphanumeric() {
                if dash {
                    out.push('-');
                }
                out.push(a);
                dash = false;
            } else {
                dash = !out.is_empty();
            }
        }
    }
    cut(&out, 64).to_owned()
}

/// `slug` cut to at most `max` bytes, at a `-` when there is one (so that
/// no word is cut in half), never ending in `-`.
pub fn cut(slug: &str, max: usize) -> &str {
    if slug.len() <= max {
        return slug;
    }
    let head = &slug[..max];
    let head = if slug.as_bytes()[max] == b'-' { head } else { head.rsplit_once('-').map_or(head, |(h, _)| h) };
    head.trim_end_matches('-')
}

/// A lowercase letter as ASCII: itself, without its accent, or nothing.
fn fold(c: char) -> &'static str {
    const LETTERS: &str = "abcdefghijklmnopqrstuvwxyz0123456789";
    if c.is_ascii_alphanumeric() {
        let at = LETTERS.find(c).unwrap_or(0);
        return &LETTERS[at..at + 1];
    }
    match c {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ā' | 'ă' | 'ą' => "a",
        'æ' => "ae",
        'ç' | 'ć' | 'č' => "c",
        'ď' | 'đ' | 'ð' => "d",
        'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ė' | 'ę' | 'ě' => "e",
        'ğ' => "g",
        'ì' | 'í' | 'î' | 'ï' | 'ī' | 'į' | 'ı' => "i",
        'ł' | 'ľ' | 'ĺ' => "l",
        'ñ' | 'ń' | 'ň' => "n",
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'ō' | 'ő' => "o",
        'œ' => "oe",
        'ŕ' | 'ř' => "r",
        'ś' | 'š' | 'ş' | 'ș' => "s",
        'ß' => "ss",
        'ť' | 'ţ' | 'ț' => "t",
        'þ' => "th",
        'ù' | 'ú' | 'û' | 'ü' | 'ū' | 'ů' | 'ű' | 'ų' => "u",
        'ý' | 'ÿ' => "y",
        'ź' | 'ż' | 'ž' => "z",
        _ => "",
    }
}

/// A column's letters as a spreadsheet shows them: 1 is `A`, 27 is `AA`.
pub fn column_letters(mut column: usize) -> String {
    let mut letters = Vec::new();
    while column > 0 {
        let rest = (column - 1) % 26;
        letters.push(b'A' + rest as u8);
        column = (column - 1) / 26;
    }
    letters.reverse();
    String::from_utf8(letters).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formula_cells_get_one_quote_and_lose_it_again() {
        for text in ["=1+1", "+33", "-5 days", "@SUM(A1)", "\tx", "\rx", "'=x", "''-x"] {
            assert!(needs_prefix(text), "{text:?}");
            assert_eq!(unprefix(&format!("'{text}")), text);
        }
        for text in ["plain", "'quoted", "", "a=b", "5"] {
            assert!(!needs_prefix(text), "{text:?}");
            assert_eq!(unprefix(text), text);
        }
    }

    #[test]
    fn numbers_as_people_type_them() {
        let n = |t, d| number(t, d).map(|t| (t.value, t.percent));
        assert_eq!(n("45", Decimals::Point), Some((45.0, false)));
        assert_eq!(n(" 45 % ", Decimals::Point), Some((45.0, true)));
        assert_eq!(n("-3.5", Decimals::Point), Some((-3.5, false)));
        assert_eq!(n("\u{2212}2", Decimals::Point), Some((-2.0, false)));
        assert_eq!(n("0,5", Decimals::PointOrComma), Some((0.5, false)));
        assert_eq!(n("12,5%", Decimals::PointOrComma), Some((12.5, true)));
        assert_eq!(n("0.5", Decimals::PointOrComma), Some((0.5, false)));
        assert_eq!(n("0,5", Decimals::Point), None);
        assert_eq!(n("1.234,5", Decimals::PointOrComma), None);
        assert_eq!(n("1,2,3", Decimals::PointOrComma), None);
        for bad in ["", "%", "abc", "4 h", "inf", "NaN", "1e999", "e", "--"] {
            assert_eq!(n(bad, Decimals::Point), None, "{bad}");
        }
    }

    #[test]
    fn yes_and_no() {
        for yes in ["yes", "YES", "True", "done", "✓", " x "] {
            assert_eq!(boolean(yes), Some(true), "{yes}");
        }
        for no in ["no", "FALSE", "n", "0"] {
            assert_eq!(boolean(no), Some(false), "{no}");
        }
        assert_eq!(boolean("maybe"), None);
    }

    #[test]
    fn slugs() {
        assert_eq!(slug("Ship faster, safely!"), "ship-faster-safely");
        assert_eq!(slug("  Réduire le délai — de 50 %"), "reduire-le-delai-de-50");
        assert_eq!(slug("Straße"), "strasse");
        assert_eq!(slug("提高收入"), "");
        assert_eq!(slug("--"), "");
        let long = slug(&"word ".repeat(40));
        assert!(long.len() <= 64 && !long.ends_with('-'), "{long}");
        assert_eq!(slug(&format!("{} abcdef", "a".repeat(60))), "a".repeat(60));
        assert_eq!(slug(&"x".repeat(70)), "x".repeat(64));
        assert!(crate::model::is_id(&long));
    }

    #[test]
    fn letters() {
        assert_eq!(column_letters(1), "A");
        assert_eq!(column_letters(26), "Z");
        assert_eq!(column_letters(27), "AA");
        assert_eq!(column_letters(53), "BA");
    }
}
