//! Periods: a year (`2026`), a half (`2026-H2`) or a quarter (`2026-Q3`), and
//! their dates under a fiscal calendar that may start in any month.

use std::fmt;
use std::str::FromStr;

use chrono::{Datelike, Months, NaiveDate};

/// A planning period: a year, a half or a quarter, written `2026`, `2026-H1` or `2026-Q3`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Period {
    /// The year, as written.
    pub year: i32,
    /// Which part of it.
    pub part: Part,
}

/// Which part of the year. The order (year < half < quarter) lets periods sort
/// from the largest to the smallest within a year.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Part {
    /// The whole year.
    Year,
    /// A half, 1 or 2.
    Half(u8),
    /// A quarter, 1 to 4.
    Quarter(u8),
}

impl Period {
    /// The whole year `year`.
    pub fn year(year: i32) -> Period {
        Period { year, part: Part::Year }
    }

    /// The period directly enclosing this one (quarter → half → year).
    pub fn parent(&self) -> Option<Period> {
        let part = match self.part {
            Part::Year => return None,
            Part::Half(_) => Part::Year,
            Part::Quarter(q) => Part::Half(q.div_ceil(2)),
        };
        Some(Period { year: self.year, part })
    }

    /// This period and the ones that enclose it, smallest first.
    pub fn with_ancestors(self) -> impl Iterator<Item = Period> {
        std::iter::successors(Some(self), Period::parent)
    }

    /// Whether `self` equals or encloses `other`.
    pub fn encloses(&self, other: &Period) -> bool {
        other.with_ancestors().any(|p| p == *self)
    }

    /// First and last day (inclusive). Fiscal year `Y` starts on the first day
    /// of `fiscal_start_month` of calendar year `Y`.
    pub fn dates(&self, fiscal_start_month: u32) -> (NaiveDate, NaiveDate) {
        let (first_month, months) = match self.part {
            Part::Year => (0, 12),
            Part::Half(h) => (u32::from(h - 1) * 6, 6),
            Part::Quarter(q) => (u32::from(q - 1) * 3, 3),
        };
        let year_start =
            NaiveDate::from_ymd_opt(self.year, fiscal_start_month.clamp(1, 12), 1).expect("a valid year and month");
        let start = year_start + Months::new(first_month);
        let end = (start + Months::new(months)).pred_opt().expect("a day before");
        (start, end)
    }

    /// Number of days in the period.
    pub fn days(&self, fiscal_start_month: u32) -> i64 {
        let (start, end) = self.dates(fiscal_start_month);
        (end - start).num_days() + 1
    }

    /// The quarter that contains `date`, under the fiscal calendar.
    pub fn quarter_of(date: NaiveDate, fiscal_start_month: u32) -> Period {
        let months_since = (date.month0() + 12 - (fiscal_start_month - 1)) % 12;
        let year = if date.month() >= fiscal_start_month { date.year() } else { date.year() - 1 };
        Period { year, part: Part::Quarter(u8::try_from(months_since / 3).expect("< 4") + 1) }
    }
}

impl fmt::Display for Period {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.part {
            // Four digits, as written: year 0 is `0000`, not `0`.
            Part::Year => write!(f, "{:04}", self.year),
            Part::Half(h) => write!(f, "{:04}-H{h}", self.year),
            Part::Quarter(q) => write!(f, "{:04}-Q{q}", self.year),
        }
    }
}

/// A text that is not a period.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BadPeriod;

impl fmt::Display for BadPeriod {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a period is YYYY, YYYY-H1, YYYY-H2 or YYYY-Q1 to YYYY-Q4")
    }
}

impl FromStr for Period {
    type Err = BadPeriod;

    fn from_str(text: &str) -> Result<Period, BadPeriod> {
        let (year, rest) = text.split_at_checked(4).ok_or(BadPeriod)?;
        if !year.bytes().all(|b| b.is_ascii_digit()) {
            return Err(BadPeriod);
        }
        let year: i32 = year.parse().map_err(|_| BadPeriod)?;
        let part = match rest.as_bytes() {
            [] => Part::Year,
            [b'-', b'H', h @ b'1'..=b'2'] => Part::Half(h - b'0'),
            [b'-', b'Q', q @ b'1'..=b'4'] => Part::Quarter(q - b'0'),
            _ => return Err(BadPeriod),
        };
        Ok(Period { year, part })
    }
}

impl Period {
    /// The period `text` names in either case, as typed on a command line
    /// (`2026-q3`, `2026-h2`). Files keep the one spelling the JSON Schema
    /// allows, `2026-Q3`: see the reader's hint for the other.
    pub fn parse_any_case(text: &str) -> Result<Period, BadPeriod> {
        text.to_ascii_uppercase().parse()
    }
}

/// The regular expression the JSON Schema uses for a period written as a string.
pub const PERIOD_PATTERN: &str = "^[0-9]{4}(-(H[12]|Q[1-4]))?$";

impl serde::Serialize for Period {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl schemars::JsonSchema for Period {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Period".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "title": "period",
            "description": "A year (`2026`), a half (`2026-H1`, `2026-H2`) or a quarter (`2026-Q1` to `2026-Q4`); a year may be written as a bare number.",
            "anyOf": [
                {"type": "string", "pattern": PERIOD_PATTERN},
                {"type": "integer", "minimum": 1000, "maximum": 9999}
            ]
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(text: &str) -> Period {
        text.parse().unwrap()
    }

    fn d(text: &str) -> NaiveDate {
        text.parse().unwrap()
    }

    #[test]
    fn parses_and_displays() {
        for text in ["2026", "2026-H1", "2026-H2", "2026-Q1", "2026-Q4"] {
            assert_eq!(p(text).to_string(), text);
        }
        for bad in ["26", "2026-Q5", "2026-H3", "2026Q1", "2026-q1", "abcd", "2026-Q1x", ""] {
            assert!(bad.parse::<Period>().is_err(), "{bad}");
        }
    }

    #[test]
    fn a_period_typed_in_lowercase_was_refused() {
        assert_eq!(Period::parse_any_case("2026-q3"), Ok(p("2026-Q3")));
        assert_eq!(Period::parse_any_case("2026-h2"), Ok(p("2026-H2")));
        assert_eq!(Period::parse_any_case("2026-Q1"), Ok(p("2026-Q1")));
        assert_eq!(Period::parse_any_case("2026"), Ok(p("2026")));
        for bad in ["2026-q5", "2026q1", "2026-x1", ""] {
            assert!(Period::parse_any_case(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn years_below_1000_print_their_four_digits() {
        // `0000-Q1` used to print as `0-Q1`, which does not parse back.
        for text in ["0000-Q1", "0000", "0042-H2", "0999", "9999-Q4"] {
            assert_eq!(p(text).to_string(), text);
            assert_eq!(p(text).to_string().parse::<Period>(), Ok(p(text)), "{text} reads back");
        }
        assert_eq!(p("0000-Q1").dates(1), (d("0000-01-01"), d("0000-03-31")));
    }

    #[test]
    fn calendar_dates() {
        assert_eq!(p("2026-Q3").dates(1), (d("2026-07-01"), d("2026-09-30")));
        assert_eq!(p("2026-H2").dates(1), (d("2026-07-01"), d("2026-12-31")));
        assert_eq!(p("2026").dates(1), (d("2026-01-01"), d("2026-12-31")));
        assert_eq!(p("2024-Q1").days(1), 91, "leap year");
    }

    #[test]
    fn fiscal_dates_move_but_containment_stays() {
        // FY2026 starting in April runs 2026-04-01 .. 2027-03-31.
        assert_eq!(p("2026").dates(4), (d("2026-04-01"), d("2027-03-31")));
        assert_eq!(p("2026-Q4").dates(4), (d("2027-01-01"), d("2027-03-31")));
        assert_eq!(p("2026-H2").dates(4), (d("2026-10-01"), d("2027-03-31")));
        assert!(p("2026").encloses(&p("2026-Q4")));
        assert_eq!(Period::quarter_of(d("2027-02-10"), 4), p("2026-Q4"));
        assert_eq!(Period::quarter_of(d("2026-08-10"), 1), p("2026-Q3"));
    }

    #[test]
    fn enclosing() {
        assert!(p("2026-H2").encloses(&p("2026-Q3")));
        assert!(!p("2026-H1").encloses(&p("2026-Q3")));
        assert!(p("2026-Q3").encloses(&p("2026-Q3")));
        assert!(!p("2026-Q3").encloses(&p("2026")));
        assert!(!p("2025").encloses(&p("2026-Q1")));
        assert_eq!(
            p("2026-Q3").with_ancestors().map(|x| x.to_string()).collect::<Vec<_>>(),
            ["2026-Q3", "2026-H2", "2026"]
        );
    }
}
