//! `okr check --format sarif`: SARIF 2.1.0, one run, every rule listed, for
//! GitHub code scanning and other SARIF viewers.

use std::io::{self, Write};

use serde_json::{json, Value};

use crate::findings::{Code, Diagnostic, Severity};
use crate::load::Workspace;
use crate::span::Span;

/// Write `findings` as a SARIF 2.1.0 log.
pub fn check(out: &mut dyn Write, workspace: &Workspace, findings: &[Diagnostic]) -> io::Result<()> {
    let rules: Vec<Value> = Code::ALL
        .iter()
        .map(|code| {
            json!({
                "id": code.name(),
                "shortDescription": {"text": code.description()},
                "defaultConfiguration": {"level": level(code.default_severity())},
            })
        })
        .collect();
    let location = |file: usize, span: Span| {
        json!({"physicalLocation": {
            "artifactLocation": {"uri": uri(workspace.files[file].display.as_str())},
            "region": {
                "startLine": span.line, "startColumn": span.column,
                "endLine": span.end_line, "endColumn": span.end_column,
            }
        }})
    };
    let results: Vec<Value> = findings
        .iter()
        .map(|d| {
            let mut text = d.message.clone();
            if let Some(help) = &d.help {
                text = format!("{text}\nhelp: {help}");
            }
            let mut result = json!({
                "ruleId": d.code.name(),
                "ruleIndex": Code::ALL.iter().position(|c| *c == d.code),
                "level": level(d.severity),
                "message": {"text": text},
                "locations": [location(d.file, d.span)],
            });
            if !d.related.is_empty() {
                result["relatedLocations"] = d
                    .related
                    .iter()
                    .enumerate()
                    .map(|(id, r)| {
                        let mut related = location(r.file, r.span);
                        related["id"] = json!(id);
                        related["message"] = json!({"text": r.message});
                        related
                    })
                    .collect();
            }
            result
        })
        .collect();
    let sarif = json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "okr",
                "version": env!("CARGO_PKG_VERSION"),
                "rules": rules,
            }},
            "columnKind": "unicodeCodePoints",
            "results": results,
        }]
    });
    crate::render::json::write_json(out, &sarif)
}

/// A display path as a URI reference (RFC 3986): `/` separates segments and
/// every other byte a segment may not hold is percent-encoded, `:` included
/// (it would make a first segment read as a scheme).
fn uri(path: &str) -> String {
    let mut uri = String::with_capacity(path.len());
    for byte in path.bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~!$&'()*+,;=@/".contains(&byte) {
            uri.push(char::from(byte));
        } else {
            uri.push_str(&format!("%{byte:02X}"));
        }
    }
    uri
}

fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uris_are_percent_encoded_paths() {
        assert_eq!(uri("teams/a b/50%.okr.yaml"), "teams/a%20b/50%25.okr.yaml");
        assert_eq!(uri("../x:y/é.okr.yaml"), "../x%3Ay/%C3%A9.okr.yaml");
        assert_eq!(uri("web, (2026)~.okr.yaml"), "web,%20(2026)~.okr.yaml");
    }
}
