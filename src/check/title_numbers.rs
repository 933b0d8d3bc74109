//! The numbers a key result's title states, for `kr-title-numbers`: a title
//! "from 4% to 7%" whose target has since moved to 8, or a key result carried
//! into a new period with last period's numbers in its title.
//!
//! A number is a standalone integer or decimal (`7`, `1.5`, `-3`, `12,000`),
//! optionally followed by `%`, `k` or `M`. Digits glued to letters are names,
//! not numbers: `p95`, `Q3`, `v2`, `k8s`, and also `5G`, `3D`, `200ms`, `1st`
//! (a unit is written apart: `200 ms`). A version (`1.2.3`) is not a number,
//! and neither is a year (an integer from 1900 to 2100, without a suffix), a
//! ratio or a time (`24/7`, `9/10`, `3:1`, `9:30`), a label (`#3`) or the list
//! marker that starts a title (`1. `, `2) `).

/// One number a title states: the text as written, and the values it may
/// stand for.
#[derive(Debug, Clone, PartialEq)]
pub struct TitleNumber {
    /// As written: `7%`, `1.5M`.
    pub text: String,
    value: f64,
    suffix: Option<char>,
}

impl TitleNumber {
    /// Whether the number stands for `value`: itself; a percentage also as a
    /// fraction or a multiple (`7%` is 7, 0.07 or 700); `k` and `M` as
    /// thousands and millions, or as written when the unit already counts in
    /// them (`5k` is 5,000 or 5).
    pub fn matches(&self, value: f64) -> bool {
        let close = |a: f64| (a - value).abs() <= 1e-9 * a.abs().max(value.abs()).max(1.0);
        close(self.value)
            || match self.suffix {
                Some('%') => close(self.value * 100.0) || close(self.value / 100.0),
                Some('k') => close(self.value * 1e3),
                Some('M') => close(self.value * 1e6),
                _ => false,
            }
    }
}

/// The numbers `title` states, in order.
pub fn numbers(title: &str) -> Vec<TitleNumber> {
    let chars: Vec<char> = title.chars().collect();
    let glued = |c: char| c.is_alphanumeric() || c == '_';
    let mut found = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        if !chars[i].is_ascii_digit() || (i > 0 && (glued(chars[i - 1]) || chars[i - 1] == '.')) {
            i += 1;
            continue;
        }
        let start = i;
        let (end, number) = read_number(&chars, start);
        i = end.max(start + 1);
        let Some((value, suffix)) = number else { continue };
        if is_label(&chars, start, end, suffix) {
            continue;
        }
        // A minus sign counts when it stands alone before the digits, not
        // between two numbers ("4-7").
        let negative = start > 0
            && chars[start - 1] == '-'
            && (start == 1 || chars[start - 2].is_whitespace() || chars[start - 2] == '(');
        let from = if negative { start - 1 } else { start };
        found.push(TitleNumber {
            text: chars[from..end].iter().collect(),
            value: if negative { -value } else { value },
            suffix,
        });
    }
    found
}

/// Whether the number at `start..end` labels rather than counts: `#3`, or
/// the list marker that starts a title (`1. `, `2) `, `3: `).
fn is_label(chars: &[char], start: usize, end: usize, suffix: Option<char>) -> bool {
    let after_hash = start > 0 && chars[start - 1] == '#';
    let list_marker = suffix.is_none()
        && chars[..start].iter().all(|c| c.is_whitespace())
        && matches!(chars.get(end), Some('.' | ')' | ':'))
        && chars.get(end + 1).is_none_or(|c| c.is_whitespace());
    after_hash || list_marker
}

/// The number that starts at `start` (a digit after no letter or digit):
/// where its text ends, and its value and suffix, or `None` when it is not a
/// number (glued to a letter after, a version, a year).
fn read_number(chars: &[char], start: usize) -> (usize, Option<(f64, Option<char>)>) {
    let digits_from = |mut i: usize| {
        while i < chars.len() && chars[i].is_ascii_digit() {
            i += 1;
        }
        i
    };
    let mut end = digits_from(start);
    let mut text: String = chars[start..end].iter().collect();
    // Thousands separators: `12,000` (but not the list `1,2`).
    if end - start <= 3 {
        while end + 3 < chars.len() && chars[end] == ',' && digits_from(end + 1) == end + 4 {
            text.extend(&chars[end + 1..end + 4]);
            end += 4;
        }
    }
    let mut integer = true;
    if end + 1 < chars.len() && chars[end] == '.' && chars[end + 1].is_ascii_digit() {
        let after = digits_from(end + 1);
        text.extend(&chars[end..after]);
        end = after;
        integer = false;
        // `1.2.3` is a version, not a number.
        if end + 1 < chars.len() && chars[end] == '.' && chars[end + 1].is_ascii_digit() {
            return (digits_from(end + 1), None);
        }
    }
    // A ratio or a time (`24/7`, `9/10`, `3:1`, `9:30`) is not one number.
    if matches!(chars.get(end), Some('/' | ':')) && chars.get(end + 1).is_some_and(|c| c.is_ascii_digit()) {
        let mut after = digits_from(end + 1);
        while matches!(chars.get(after), Some('/' | ':' | '.'))
            && chars.get(after + 1).is_some_and(|c| c.is_ascii_digit())
        {
            after = digits_from(after + 1);
        }
        return (after, None);
    }
    let suffix = match chars.get(end) {
        Some(&c @ ('%' | 'k' | 'M')) => {
            end += 1;
            Some(c)
        }
        _ => None,
    };
    if chars.get(end).is_some_and(|c| c.is_alphanumeric() || *c == '_') {
        // Glued to a letter: skip the rest of the word.
        while end < chars.len() && (chars[end].is_alphanumeric() || chars[end] == '_') {
            end += 1;
        }
        return (end, None);
    }
    let Ok(value) = text.parse::<f64>() else { return (end, None) };
    if integer && suffix.is_none() && (1900.0..=2100.0).contains(&value) {
        return (end, None);
    }
    (end, Some((value, suffix)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(title: &str) -> Vec<String> {
        numbers(title).into_iter().map(|n| n.text).collect()
    }

    #[test]
    fn standalone_numbers_count() {
        assert_eq!(texts("Conversion from 4% to 7%."), ["4%", "7%"]);
        assert_eq!(texts("Reach 1.5M users and 20k teams"), ["1.5M", "20k"]);
        assert_eq!(texts("Cut churn (3) to 2.5 points"), ["3", "2.5"]);
        assert_eq!(texts("Grow from -3 to 12,000 accounts, 4-7 each"), ["-3", "12,000", "4", "7"]);
        assert_eq!(texts("p75 load under 1.9 s"), ["1.9"]);
    }

    #[test]
    fn names_versions_and_years_are_not_numbers() {
        for title in [
            "Keep p95 fast",
            "Win Q3",
            "Ship v2",
            "Make k8s boring",
            "Roll out 5G and 3D",
            "Answer in 200ms",
            "Be 1st",
            "Ship 1.2.3",
            "Best year since 2019",
            "By 2100 or 1900",
            "snake_1",
            "1. Grow the pipeline",
            "2) Grow it",
            "Fix bug #3",
            "Support 24/7",
            "Resolve 9/10 tickets",
            "Stand up at 9:30",
            "Keep a 3:1 ratio",
        ] {
            assert_eq!(texts(title), Vec::<String>::new(), "{title}");
        }
        assert_eq!(texts("2101 things, 1899 others"), ["2101", "1899"]);
        assert_eq!(texts("2026k and 2026%"), ["2026k", "2026%"]);
        assert_eq!(texts("Grow to 1. Then 2: more"), ["1", "2"]);
    }

    #[test]
    fn odd_ends_are_read_without_a_panic() {
        for title in
            ["1.", "1,", "1,00", "-", "--1", "1/", "1:", "٣٤%", "é1", "1é", "12,345,678", "0.5k", "9/", "#", "1 %"]
        {
            let _ = numbers(title);
        }
        assert_eq!(texts("--1 and 1, then 1,00"), ["1", "1", "1", "00"]);
        assert_eq!(texts("12,345,678 and 1 %"), ["12,345,678", "1"]);
    }

    #[test]
    fn values_match_with_their_suffix() {
        let n = |text: &str| numbers(text).remove(0);
        assert!(n("7%").matches(7.0) && n("7%").matches(0.07) && n("7%").matches(700.0));
        assert!(!n("7%").matches(8.0));
        assert!(n("5k").matches(5000.0) && n("5k").matches(5.0) && !n("5k").matches(50.0));
        assert!(n("1.5M").matches(1_500_000.0) && n("1.5M").matches(1.5));
        assert!(n("12,000").matches(12_000.0));
        assert!(n("3").matches(3.0) && !n("3").matches(300.0) && !n("3").matches(0.03));
        assert!(n("-3").matches(-3.0) && !n("-3").matches(3.0));
        assert!(n("0.1").matches(0.1));
    }
}
