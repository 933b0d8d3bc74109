//! The words `okr status` and `okr due` share across their formats.

use crate::numbers::two_decimals;
use crate::status::{Checkin, KeyResultStatus};

/// `12 days`, `1 day`.
pub fn days(n: i64) -> String {
    format!("{n} day{}", if n == 1 { "" } else { "s" })
}

/// A confidence for people: `0.6`, or `–`.
pub fn confidence(confidence: Option<f64>) -> String {
    confidence.map_or_else(|| "–".to_owned(), two_decimals)
}

/// `due (12 days)`, or nothing.
pub fn due(kr: &KeyResultStatus) -> String {
    if kr.due {
        format!("due ({})", days(kr.days_since))
    } else {
        String::new()
    }
}

/// The short commit of a check-in: its first 7 hex digits.
pub fn short(checkin: &Checkin) -> &str {
    crate::history::short(&checkin.commit)
}
