//! `type = "prometheus"`: an instant query over the HTTP API
//! (`GET /api/v1/query?query=…`), whose result must be exactly one sample.

use crate::sync::reading::{self, Reading};
use crate::sync::SourceError;

/// The one sample of the answer `body`, or why there is not one.
pub fn read_answer(body: &[u8]) -> Result<Reading, SourceError> {
    let wrong = |reason: &str| SourceError::new(reason.to_owned(), body.to_vec());
    let answer: serde_json::Value =
        serde_json::from_slice(body).map_err(|_| wrong("the answer is not JSON (is `url` the Prometheus server?)"))?;
    if answer["status"] != "success" {
        let error = answer["error"].as_str().unwrap_or("no reason given");
        return Err(wrong(&format!("the query failed: {error}")));
    }
    let data = &answer["data"];
    let sample = match (data["resultType"].as_str(), &data["result"]) {
        (Some("vector"), serde_json::Value::Array(series)) => match series.as_slice() {
            [] => return Err(wrong("the query returned no series (an empty result)")),
            [one] => &one["value"],
            several => {
                let labels: Vec<String> = several.iter().take(3).map(|s| s["metric"].to_string()).collect();
                let more = if several.len() > 3 { ", …" } else { "" };
                return Err(wrong(&format!(
                    "the query returned {} series ({}{more}); aggregate it to one (e.g. with sum or max)",
                    several.len(),
                    labels.join(", ")
                )));
            }
        },
        (Some("scalar"), value) => value,
        (Some(other), _) => {
            return Err(wrong(&format!("the query returned a {other}, not one sample: drop the range selector")))
        }
        (None, _) => return Err(wrong("the answer has no `data.resultType`")),
    };
    // A sample is [time, "value"], the value a string ("NaN" and "+Inf" too).
    let value = sample[1].as_str().ok_or_else(|| wrong("the sample has no value"))?;
    match reading::parse_text(value) {
        Some(Reading::Number(n)) => Ok(Reading::Number(n)),
        _ => Err(wrong(&format!("the sample's value `{value}` is not a finite number"))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn answer(result_type: &str, result: &str) -> Vec<u8> {
        format!(r#"{{"status":"success","data":{{"resultType":"{result_type}","result":{result}}}}}"#).into_bytes()
    }

    #[test]
    fn one_sample_or_a_reason() {
        let one = answer("vector", r#"[{"metric":{"job":"p"},"value":[1.5,"412.5"]}]"#);
        assert_eq!(read_answer(&one).unwrap(), Reading::Number(412.5));
        assert_eq!(read_answer(&answer("scalar", r#"[1.5,"3"]"#)).unwrap(), Reading::Number(3.0));
        let empty = read_answer(&answer("vector", "[]")).unwrap_err();
        assert!(empty.reason.contains("no series"), "{}", empty.reason);
        let two = answer("vector", r#"[{"metric":{"a":"1"},"value":[1,"1"]},{"metric":{"a":"2"},"value":[1,"2"]}]"#);
        let several = read_answer(&two).unwrap_err();
        assert!(several.reason.contains("returned 2 series"), "{}", several.reason);
        let nan = read_answer(&answer("vector", r#"[{"metric":{},"value":[1,"NaN"]}]"#)).unwrap_err();
        assert!(nan.reason.contains("not a finite number"), "{}", nan.reason);
        let matrix = read_answer(&answer("matrix", "[]")).unwrap_err();
        assert!(matrix.reason.contains("range selector"), "{}", matrix.reason);
        let failed = read_answer(br#"{"status":"error","error":"parse error at char 3"}"#).unwrap_err();
        assert!(failed.reason.contains("parse error at char 3"));
        let html = read_answer(b"<html>login</html>").unwrap_err();
        assert!(html.reason.contains("not JSON"));
        assert_eq!(html.returned, b"<html>login</html>");
    }
}
