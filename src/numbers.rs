//! Numbers as each reader needs them: one function per audience, so that a
//! number reads the same wherever the same reader meets it.
//!
//! - **People** (the terminal, tables, markdown, the text of `okr diff` and
//!   `okr report`): [`human`] for a value as it was written (`48`, `0.6`,
//!   `99.95`, never an exponent), [`two_decimals`] for a score (`0.70`).
//! - **YAML** that okr writes into OKR files (`okr checkin`, `okr carry`,
//!   `okr new`): [`yaml`], which always reads back as the same number.
//! - **JSON** machine outputs: [`serialize`] and [`serialize_optional`] as
//!   serde `serialize_with` functions, integers as integers.
//!
//! All three write an integer below 2^53 without a fraction: beyond it an
//! `f64` no longer holds every integer, so it stays a float.

/// 2^53: from here on not every integer is an `f64`.
const EXACT: f64 = 9_007_199_254_740_992.0;

fn is_exact_integer(value: f64) -> bool {
    value.fract() == 0.0 && value.abs() < EXACT
}

/// A number for people: integers without a fraction (`48`, and `-0` as `0`),
/// the rest in Rust's shortest round-trip form (`0.6`, `99.95`), in digits
/// even when very large or small.
pub fn human(value: f64) -> String {
    if is_exact_integer(value) {
        format!("{}", value as i64)
    } else {
        format!("{value}")
    }
}

/// A score for people: two decimals (`0.70`). Machine outputs carry full
/// precision.
pub fn two_decimals(score: f64) -> String {
    format!("{score:.2}")
}

/// A number as YAML: integers without a fraction (`48`), others in Rust's
/// shortest round-trip form (`0.6`), and from 2^53 on in exponent form
/// (`1e300`): written out in digits, it would read back as an integer too
/// large for okr (found by a property test).
pub fn yaml(value: f64) -> String {
    if is_exact_integer(value) {
        format!("{}", value as i64)
    } else if value.abs() >= EXACT {
        format!("{value:e}")
    } else {
        format!("{value}")
    }
}

/// A number as JSON: integers as integers, the rest as floats (`48`, `0.6`).
pub fn serialize<S: serde::Serializer>(value: &f64, serializer: S) -> Result<S::Ok, S::Error> {
    if is_exact_integer(*value) {
        serializer.serialize_i64(*value as i64)
    } else {
        serializer.serialize_f64(*value)
    }
}

/// [`serialize`], or `null`.
pub fn serialize_optional<S: serde::Serializer>(value: &Option<f64>, serializer: S) -> Result<S::Ok, S::Error> {
    match value {
        Some(v) => serialize(v, serializer),
        None => serializer.serialize_none(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn people_read_digits() {
        assert_eq!(human(48.0), "48");
        assert_eq!(human(-0.0), "0");
        assert_eq!(human(0.6), "0.6");
        assert_eq!(human(99.95), "99.95");
        assert_eq!(human(1e15), "1000000000000000");
        assert_eq!(human(1e300), format!("1{}", "0".repeat(300)));
        assert_eq!(human(1e-7), "0.0000001");
        assert_eq!(two_decimals(0.7), "0.70");
    }

    #[test]
    fn yaml_reads_back() {
        assert_eq!(yaml(48.0), "48");
        assert_eq!(yaml(-3.0), "-3");
        assert_eq!(yaml(0.6), "0.6");
        assert_eq!(yaml(1e-7), "0.0000001");
        assert_eq!(yaml(1e300), "1e300");
        assert_eq!(yaml(-2.5e16), "-2.5e16");
    }

    #[test]
    fn json_keeps_integers_integers() {
        #[derive(serde::Serialize)]
        struct Wire {
            #[serde(serialize_with = "serialize")]
            n: f64,
            #[serde(serialize_with = "serialize_optional")]
            none: Option<f64>,
        }
        let json = |n: f64| serde_json::to_string(&Wire { n, none: None }).expect("JSON");
        assert_eq!(json(48.0), r#"{"n":48,"none":null}"#);
        assert_eq!(json(0.6), r#"{"n":0.6,"none":null}"#);
        assert_eq!(json(1e300), r#"{"n":1e+300,"none":null}"#);
    }
}
