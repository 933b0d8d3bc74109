//! What the model leaves out of the files, or reads without some of their
//! values, because of `schema` and `yaml-syntax` findings. The checks stop
//! `score`, `graph` and `report` on those findings; with `--no-check` they
//! go on, and this list is what they must say they did not read as written.

use crate::findings::{Diagnostic, FileId};
use crate::load::Workspace;
use crate::refs::CanonicalRef;
use crate::span::Span;

/// One part of a file that is not scored as written, at `span`.
#[derive(Debug, Clone, PartialEq)]
pub struct LeftOut {
    /// The file it is in.
    pub file: FileId,
    /// Where it was written.
    pub span: Span,
    /// What is left out.
    pub what: What,
}

/// What `--no-check` leaves out or reads in part.
#[derive(Debug, Clone, PartialEq)]
pub enum What {
    /// The file does not parse, or its `team`, `period` or `objectives` are
    /// unusable: nothing in it is scored.
    File,
    /// An objective without a usable `id`, `title` or `key_results`: it and
    /// its key results are not scored. Named when its `id` is usable.
    Objective {
        /// The objective, when its id is usable.
        objective: Option<CanonicalRef>,
    },
    /// A key result without a usable `id` or `title`: its objective is
    /// scored without it. Named when its `id` is usable.
    KeyResult {
        /// Its objective.
        objective: CanonicalRef,
        /// The key result, when its id is usable.
        key_result: Option<CanonicalRef>,
    },
    /// A key result read without its values in error (an unknown or
    /// mistyped field): scored, but maybe not as the file means.
    KeyResultValues {
        /// The key result.
        key_result: CanonicalRef,
    },
    /// An objective read without its own values in error (a bad `kind` is
    /// read as aspirational): graded, but maybe not as the file means.
    ObjectiveValues {
        /// The objective.
        objective: CanonicalRef,
    },
}

/// Everything in `workspace` that is not read as written, file by file in
/// the order the parts were written.
pub fn left_out(workspace: &Workspace) -> Vec<LeftOut> {
    let mut found = Vec::new();
    for (file, source) in workspace.files.iter().enumerate() {
        let Some(document) = &source.document else {
            // The first finding says where reading it went wrong.
            if let Some(first) = workspace.diagnostics.iter().find(|d| d.file == file) {
                found.push(LeftOut { file, span: first.span, what: What::File });
            }
            continue;
        };
        let (team, period) = (&document.team, document.period);
        let facts = &source.facts;
        let mut parts: Vec<LeftOut> = facts
            .objectives_left_out
            .iter()
            .map(|unread| {
                let objective = unread.id.as_ref().map(|id| CanonicalRef::objective(team, id, period));
                LeftOut { file, span: unread.node, what: What::Objective { objective } }
            })
            .collect();
        for (objective, read) in document.objectives.iter().zip(&facts.objectives) {
            let objective_ref = CanonicalRef::objective(team, &objective.id, period);
            if read.has_schema_errors {
                let what = What::ObjectiveValues { objective: objective_ref.clone() };
                parts.push(LeftOut { file, span: objective.spans.node, what });
            }
            for unread in &read.key_results_left_out {
                let key_result = unread.id.as_ref().map(|id| CanonicalRef::key_result(team, &objective.id, id, period));
                let what = What::KeyResult { objective: objective_ref.clone(), key_result };
                parts.push(LeftOut { file, span: unread.node, what });
            }
            let in_error = objective.key_results.iter().zip(&read.key_results_with_schema_errors);
            for (key_result, _) in in_error.filter(|(_, in_error)| **in_error) {
                let key_result_ref = CanonicalRef::key_result(team, &objective.id, &key_result.id, period);
                let what = What::KeyResultValues { key_result: key_result_ref };
                parts.push(LeftOut { file, span: key_result.spans.node, what });
            }
        }
        parts.sort_by_key(|part| part.span.start);
        found.extend(parts);
    }
    found
}

/// The findings of reading `file` (`yaml-syntax`, `schema`) inside `span`:
/// why that part was left out.
pub fn findings_within(workspace: &Workspace, file: FileId, span: Span) -> impl Iterator<Item = &Diagnostic> {
    workspace.diagnostics.iter().filter(move |d| d.file == file && d.span.start >= span.start && d.span.end <= span.end)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;

    fn left_out_of(text: &str) -> Vec<(u32, String)> {
        let dir = tempfile::tempdir().expect("temp dir");
        std::fs::write(dir.path().join("a.okr.yaml"), text).expect("write");
        let workspace = crate::load::workspace(&[], dir.path(), dir.path(), &Config::default()).expect("load");
        left_out(&workspace)
            .into_iter()
            .map(|part| {
                let what = match part.what {
                    What::File => "file".to_owned(),
                    What::Objective { objective: None } => "objective".to_owned(),
                    What::Objective { objective: Some(objective) } => format!("objective {objective}"),
                    What::KeyResult { objective, key_result: None } => format!("key result of {objective}"),
                    What::KeyResult { key_result: Some(key_result), .. } => format!("key result {key_result}"),
                    What::KeyResultValues { key_result } => format!("values of {key_result}"),
                    What::ObjectiveValues { objective } => format!("values of {objective}"),
                };
                (part.span.line, what)
            })
            .collect()
    }

    const KEY_RESULTS: &str = "    key_results:\n      - id: a\n        title: A moves\n        start: 0\n        target: 10\n      - id: b\n        title: B moves\n        start: 0\n        target: 4\n";

    #[test]
    fn a_clean_file_leaves_nothing_out() {
        let text = format!("team: t\nperiod: 2026-Q3\nobjectives:\n  - id: o\n    title: O\n{KEY_RESULTS}");
        assert_eq!(left_out_of(&text), []);
    }

    #[test]
    fn every_part_read_without_what_the_file_says_is_named() {
        let text = format!(
            "team: t\nperiod: 2026-Q3\nobjectives:\n  - id: o\n    title: O\n    kind: comitted\n{}{}  - title: No id\n{KEY_RESULTS}  - id: p\n    title: [no, title]\n{KEY_RESULTS}",
            KEY_RESULTS.replace("target: 10", "target: \"10\"").replace("      - id: b\n", "      - ib: b\n"),
            "      - id: c\n        title: \"\"\n        done: true\n"
        );
        assert_eq!(
            left_out_of(&text),
            [
                (4, "values of t/o@2026-Q3".to_owned()),
                (8, "values of t/o/a@2026-Q3".to_owned()),
                (12, "key result of t/o@2026-Q3".to_owned()),
                (16, "key result t/o/c@2026-Q3".to_owned()),
                (19, "objective".to_owned()),
                (29, "objective t/p@2026-Q3".to_owned()),
            ]
        );
    }

    #[test]
    fn a_file_without_a_usable_header_is_left_out_whole() {
        assert_eq!(left_out_of("team: t\nperiod: 2026-Q5\nobjectives: []\n"), [(2, "file".to_owned())]);
        assert_eq!(left_out_of("team: t\n\tperiod: 2026-Q3\n"), [(2, "file".to_owned())]);
    }
}
