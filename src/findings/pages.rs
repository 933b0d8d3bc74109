//! Every rule's page, embedded from `docs/rules/<code>.md`: the one source of
//! `okr rule`, the book in `docs/` and the help that SARIF carries. A test
//! fails when a code has no page or a page no code.

use super::Code;

impl Code {
    /// The rule's page, in markdown: what it finds, why (in terms of the OKR
    /// method), a bad and a good example, how to fix it, how to configure it.
    pub fn page(self) -> &'static str {
        match self {
            Code::YamlSyntax => include_str!("../../docs/rules/yaml-syntax.md"),
            Code::Schema => include_str!("../../docs/rules/schema.md"),
            Code::KrCount => include_str!("../../docs/rules/kr-count.md"),
            Code::KrMeasure => include_str!("../../docs/rules/kr-measure.md"),
            Code::KrNoChange => include_str!("../../docs/rules/kr-no-change.md"),
            Code::DuplicateId => include_str!("../../docs/rules/duplicate-id.md"),
            Code::AlignmentUnresolved => include_str!("../../docs/rules/alignment-unresolved.md"),
            Code::AlignmentPeriod => include_str!("../../docs/rules/alignment-period.md"),
            Code::AlignmentCycle => include_str!("../../docs/rules/alignment-cycle.md"),
            Code::ObjectiveCount => include_str!("../../docs/rules/objective-count.md"),
            Code::ObjectiveMeasurable => include_str!("../../docs/rules/objective-measurable.md"),
            Code::KrKpi => include_str!("../../docs/rules/kr-kpi.md"),
            Code::KrDelegated => include_str!("../../docs/rules/kr-delegated.md"),
            Code::KrTitleNumbers => include_str!("../../docs/rules/kr-title-numbers.md"),
            Code::TitleTodo => include_str!("../../docs/rules/title-todo.md"),
            Code::SourceUnknown => include_str!("../../docs/rules/source-unknown.md"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    /// The match above names each file by hand: each page must be the page
    /// of the code it is returned for.
    #[test]
    fn every_code_has_its_own_page() {
        for code in Code::ALL {
            let page = code.page();
            let title = page.lines().next().unwrap_or_default();
            assert_eq!(title, format!("# {code}"), "the page returned for {code} starts with its code");
            let severity = format!("**Default severity:** {}", code.default_severity().as_str());
            assert!(page.contains(&severity), "{code}: the page states its default severity");
            for section in ["## What it finds", "## Why", "## Example", "## How to fix it", "## Configuration"] {
                assert!(page.contains(section), "{code}: the page has `{section}`");
            }
            assert!(page.contains("Bad") && page.contains("Good"), "{code}: a bad and a good example");
            assert!(page.contains("```toml"), "{code}: how to configure it in okr.toml");
        }
    }

    /// A page without a code would be published and never shown by `okr rule`.
    #[test]
    fn every_page_has_a_code() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/rules");
        let pages: BTreeSet<String> = std::fs::read_dir(&dir)
            .expect("docs/rules")
            .map(|entry| entry.expect("an entry").file_name().to_string_lossy().into_owned())
            .collect();
        let codes: BTreeSet<String> = Code::ALL.iter().map(|code| format!("{code}.md")).collect();
        assert_eq!(pages, codes, "docs/rules/ holds one page per code and nothing else");
    }
}
