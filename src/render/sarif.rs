//! `okr check --format sarif`: SARIF 2.1.0, one run, every rule listed, for
//! GitHub code scanning (which takes it as is: every rule with a full
//! description, help and a help URI, every result with a fingerprint) and
//! other SARIF viewers.

use std::io::{self, Write};
use std::path::Path;

use serde_json::{json, Value};

use crate::docs;
use crate::findings::{Code, Diagnostic, Severity};
use crate::load::Workspace;
use crate::render::gitlab::Fingerprints;
use crate::span::Span;

/// The base every artifact URI is relative to: the repository's root, which
/// the consumer (GitHub code scanning: the checkout) knows and okr does not
/// write, so that the log holds no path of the machine it ran on.
const SRCROOT: &str = "%SRCROOT%";

/// The key of okr's fingerprint in `partialFingerprints`: the GitLab
/// report's fingerprint, versioned so that a new scheme gets a new key.
const FINGERPRINT_KEY: &str = "okrFindingHash/v1";

/// Write `findings` as a SARIF 2.1.0 log. Artifact URIs are relative to the
/// repository `root` (through `%SRCROOT%`), whatever directory okr ran in.
/// Write the SARIF log; `docs_url` is the documentation's base (`[docs] url`),
/// which `informationUri` and every rule's `helpUri` start from.
pub fn check(
    out: &mut dyn Write,
    workspace: &Workspace,
    findings: &[Diagnostic],
    root: &Path,
    docs_url: &str,
) -> io::Result<()> {
    let rules: Vec<Value> = Code::ALL.iter().map(|code| rule(*code, docs_url)).collect();
    let paths = crate::render::repository_paths(workspace, root);
    let location = |file: usize, span: Span| {
        json!({"physicalLocation": {
            "artifactLocation": {"uri": uri(paths[file].as_str()), "uriBaseId": SRCROOT},
            "region": {
                "startLine": span.line, "startColumn": span.column,
                "endLine": span.end_line, "endColumn": span.end_column,
            }
        }})
    };
    let mut fingerprints = Fingerprints::default();
    let results: Vec<Value> = findings
        .iter()
        .map(|d| {
            let mut result = json!({
                "ruleId": d.code.name(),
                "ruleIndex": Code::ALL.iter().position(|c| *c == d.code),
                "level": level(d.severity),
                "message": {"text": message(d)},
                "locations": [location(d.file, d.span)],
                "partialFingerprints": {
                    FINGERPRINT_KEY: fingerprints.next(d.code.name(), paths[d.file].as_str(), &d.message),
                },
            });
            if !d.related.is_empty() {
                result["relatedLocations"] = d
                    .related
                    .iter()
                    .enumerate()
                    .map(|(id, r)| {
                        let mut related = location(r.file, r.span);
                        related["id"] = json!(id);
                        related["message"] = json!({"text": escape_brackets(&r.message)});
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
                "informationUri": docs::base(docs_url),
                "rules": rules,
            }},
            "originalUriBaseIds": {
                SRCROOT: {"description": {"text": "The root of the repository okr checked."}},
            },
            "columnKind": "unicodeCodePoints",
            "results": results,
        }]
    });
    crate::render::json::write_json(out, &sarif)
}

/// A rule's metadata: what GitHub code scanning shows beside each alert.
/// A rule's metadata; its help is its page (`okr rule CODE`, `docs/rules/`).
fn rule(code: Code, docs_url: &str) -> Value {
    let help_uri = docs::rule_url(docs_url, code.name());
    let description = code.description();
    let page = code.page();
    let kind = match code.default_severity() {
        Severity::Error => "correctness",
        Severity::Warning => "maintainability",
    };
    json!({
        "id": code.name(),
        "shortDescription": {"text": description},
        "fullDescription": {"text": description},
        "help": {
            "text": format!("{page}\nOnline: {help_uri}"),
            "markdown": format!("{page}\n[This page online]({help_uri})"),
        },
        "helpUri": help_uri,
        "defaultConfiguration": {"level": level(code.default_severity())},
        "properties": {"tags": ["okr", kind]},
    })
}

/// A result's message: the finding's words, a link to each related location
/// (`[text](id)`, which viewers turn into a link to `relatedLocations[id]`),
/// then the help. Brackets of the words themselves are escaped, so that no
/// text from a file reads as a link.
fn message(d: &Diagnostic) -> String {
    let mut text = escape_brackets(&d.message);
    for (id, related) in d.related.iter().enumerate() {
        text.push_str(&format!("\nsee: [{}]({id})", escape_brackets(&related.message)));
    }
    if let Some(help) = &d.help {
        text.push_str(&format!("\nhelp: {}", escape_brackets(help)));
    }
    text
}

/// Plain text for a SARIF message that may hold links: `\`, `[` and `]`
/// escaped with a backslash, so only okr's own links are links.
fn escape_brackets(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(c, '\\' | '[' | ']') {
            escaped.push('\\');
        }
        escaped.push(c);
    }
    escaped
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

    #[test]
    fn brackets_in_words_are_not_links() {
        assert_eq!(escape_brackets("see [x](0) \\ y"), "see \\[x\\](0) \\\\ y");
        assert_eq!(escape_brackets("plain"), "plain");
    }
}
