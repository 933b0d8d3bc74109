//! What a source returned, read as a value: a number, `true`/`false`, or a
//! JSON number, boolean or string holding one of those.

/// A value a source gave.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Reading {
    /// A finite number, already scaled.
    Number(f64),
    /// A boolean, for a milestone.
    Bool(bool),
}

impl Reading {
    /// The value as `okr checkin` takes it.
    pub fn as_checkin_value(self) -> String {
        match self {
            Reading::Number(n) => crate::numbers::yaml(n),
            Reading::Bool(b) => b.to_string(),
        }
    }

    /// The value multiplied by `scale` (a boolean is kept), to twelve
    /// significant digits, so that `0.412 * 1000` is 412, not 412.00000000000006.
    /// A product beyond the largest number (`1e308` scaled by 1000) is refused:
    /// it is no value a key result can hold.
    pub fn scaled(self, scale: Option<f64>) -> Result<Reading, String> {
        match self {
            Reading::Number(n) => {
                let product = n * scale.unwrap_or(1.0);
                if !product.is_finite() {
                    return Err(format!(
                        "the value {} scaled by {} is beyond the largest number okr holds; check the source's `scale`",
                        crate::numbers::yaml(n),
                        crate::numbers::yaml(scale.unwrap_or(1.0))
                    ));
                }
                Ok(Reading::Number(tidy(product)))
            }
            bool => Ok(bool),
        }
    }
}

fn tidy(n: f64) -> f64 {
    format!("{n:.11e}").parse().unwrap_or(n)
}

/// Text a command printed, or a Prometheus sample: a number, `true` or
/// `false`, or JSON holding one. `None` when it is none of those (or a
/// number that is not finite).
pub fn parse_text(text: &str) -> Option<Reading> {
    let trimmed = text.trim();
    match trimmed {
        "true" => return Some(Reading::Bool(true)),
        "false" => return Some(Reading::Bool(false)),
        _ => {}
    }
    if let Some(n) = plain_number(trimmed) {
        return Some(Reading::Number(n));
    }
    serde_json::from_str::<serde_json::Value>(trimmed).ok().and_then(|v| from_json(&v))
}

/// A JSON value as a reading: a number, a boolean, or a string holding either.
pub fn from_json(value: &serde_json::Value) -> Option<Reading> {
    match value {
        serde_json::Value::Number(n) => n.as_f64().filter(|n| n.is_finite()).map(Reading::Number),
        serde_json::Value::Bool(b) => Some(Reading::Bool(*b)),
        serde_json::Value::String(s) => match s.trim() {
            "true" => Some(Reading::Bool(true)),
            "false" => Some(Reading::Bool(false)),
            other => plain_number(other).map(Reading::Number),
        },
        _ => None,
    }
}

/// A decimal number as people and programs print them (`412`, `-0.5`,
/// `1e3`); not `inf`, `NaN` or hexadecimal.
fn plain_number(text: &str) -> Option<f64> {
    let looks_decimal = !text.is_empty()
        && text.chars().all(|c| c.is_ascii_digit() || matches!(c, '.' | '-' | '+' | 'e' | 'E'))
        && text.chars().any(|c| c.is_ascii_digit());
    looks_decimal.then(|| text.parse::<f64>().ok()).flatten().filter(|n| n.is_finite())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn what_a_source_may_print() {
        assert_eq!(parse_text("412\n"), Some(Reading::Number(412.0)));
        assert_eq!(parse_text("  -0.5 "), Some(Reading::Number(-0.5)));
        assert_eq!(parse_text("1e3"), Some(Reading::Number(1000.0)));
        assert_eq!(parse_text("true"), Some(Reading::Bool(true)));
        assert_eq!(parse_text("\"17\""), Some(Reading::Number(17.0)));
        assert_eq!(parse_text("false\n"), Some(Reading::Bool(false)));
        for not in ["", "inf", "NaN", "0x10", "12 bugs", "{\"a\": 1}", "[1]", "null", "<html>"] {
            assert_eq!(parse_text(not), None, "{not:?}");
        }
    }

    #[test]
    fn scaling_keeps_twelve_significant_digits() {
        assert_eq!(Reading::Number(0.412).scaled(Some(1000.0)), Ok(Reading::Number(412.0)));
        assert_eq!(Reading::Number(0.1 + 0.2).scaled(None), Ok(Reading::Number(0.3)));
        assert_eq!(Reading::Number(1.0e-7).scaled(None), Ok(Reading::Number(1.0e-7)));
        assert_eq!(Reading::Bool(true).scaled(Some(1000.0)), Ok(Reading::Bool(true)));
        assert_eq!(Reading::Number(412.0).as_checkin_value(), "412");
    }

    #[test]
    fn a_value_scaled_past_the_largest_number_is_refused_not_infinite() {
        // `1e308` with `scale = 1000` became `inf`: `okr sync --dry-run` said
        // it would change to inf, and `okr sync` stopped with exit 2.
        let refused = Reading::Number(1e308).scaled(Some(1000.0)).unwrap_err();
        assert!(refused.contains("scaled by 1000"), "{refused}");
        assert!(Reading::Number(-1e308).scaled(Some(1e10)).is_err());
    }
}
