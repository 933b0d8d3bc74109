//! `okr rule`: the pages of rules, as text for a terminal, as markdown, or
//! their list as JSON (`{"version": 1, "rules": [...]}`). The pages are
//! okr's own text (`docs/rules/`); the documentation's base URL comes from
//! okr.toml and is written through the sanitiser of each target.

use std::io::{self, Write};

use serde::Serialize;

use crate::findings::{Code, Severity};
use crate::render::safe::TerminalLines;

/// The version of the JSON list of rules; a change of meaning is a new version.
pub const JSON_VERSION: u32 = 1;

/// One rule in the JSON list.
#[derive(Debug, Serialize)]
pub struct RuleEntry {
    /// The rule's code (`kr-kpi`).
    pub code: Code,
    /// Its default severity.
    pub severity: Severity,
    /// What it checks, in one line.
    pub summary: &'static str,
    /// The address of its page.
    pub url: String,
}

#[derive(Serialize)]
struct RuleList {
    version: u32,
    rules: Vec<RuleEntry>,
}

/// `codes` as JSON, each with its page's address under `docs_url`.
pub fn json(out: &mut dyn Write, codes: &[Code], docs_url: &str) -> io::Result<()> {
    let rules = codes
        .iter()
        .map(|&code| RuleEntry {
            code,
            severity: code.default_severity(),
            summary: code.description(),
            url: crate::docs::rule_url(docs_url, code.name()),
        })
        .collect();
    crate::render::json::write_json(out, &RuleList { version: JSON_VERSION, rules })
}

/// The pages of `codes` as they are written, one after another.
pub fn markdown(out: &mut dyn Write, codes: &[Code]) -> io::Result<()> {
    for (i, code) in codes.iter().enumerate() {
        if i > 0 {
            writeln!(out)?;
        }
        out.write_all(code.page().as_bytes())?;
    }
    Ok(())
}

/// The pages of `codes` for a terminal, each ending with its address.
pub fn text(out: &mut dyn Write, codes: &[Code], docs_url: &str) -> io::Result<()> {
    for (i, code) in codes.iter().enumerate() {
        if i > 0 {
            writeln!(out)?;
        }
        write!(out, "{}", TerminalLines(code.page()))?;
        let url = crate::docs::rule_url(docs_url, code.name());
        writeln!(out, "\nOnline: {}", TerminalLines(&url))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_json_list_names_every_rule_with_its_address() {
        let mut out = Vec::new();
        json(&mut out, Code::ALL, "https://example.com/okr").unwrap();
        let value: serde_json::Value = serde_json::from_slice(&out).unwrap();
        assert_eq!(value["version"], 1);
        let rules = value["rules"].as_array().unwrap();
        assert_eq!(rules.len(), Code::ALL.len());
        assert_eq!(rules[2]["code"], "kr-count");
        assert_eq!(rules[2]["severity"], "error");
        assert_eq!(rules[2]["summary"], Code::KrCount.description());
        assert_eq!(rules[2]["url"], "https://example.com/okr/rules/kr-count.html");
        let keys: Vec<_> = rules[0].as_object().unwrap().keys().collect();
        assert_eq!(keys, ["code", "severity", "summary", "url"]);
    }
}
