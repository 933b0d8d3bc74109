//! The assertions of the `load_and_check` fuzz target, in one place: the
//! target (`fuzz/fuzz_targets/load_and_check.rs`) and the replay of what it
//! found (`fuzz_regressions.rs`) both include this file, so they cannot drift
//! apart. It uses the public library API only, as the fuzz crate sees it.

use okr::config::Config;
use okr::findings::{Diagnostic, Severity};

/// Read `bytes` as one OKR file, run every rule, and assert what holds for
/// any input: every finding lies inside the file (lines as YAML counts them:
/// CR LF, CR or LF ends a line), and the scores of a file without errors stay
/// in 0..=1. Returns the findings, for more assertions.
pub fn load_and_check(bytes: &[u8]) -> Vec<Diagnostic> {
    let workspace = okr::load::one_file("f.okr.yaml", bytes.to_vec());
    let findings = okr::check::run(&workspace, &Config::default());
    let text = &workspace.files[0].text;
    let lines = text.replace("\r\n", "\n").replace('\r', "\n").split('\n').count();
    for finding in &findings {
        assert!(finding.span.line >= 1 && finding.span.column >= 1, "{finding:?}");
        assert!(finding.span.line as usize <= lines, "line {} of {lines}: {finding:?}", finding.span.line);
    }
    let clean = findings.iter().all(|d| d.severity != Severity::Error);
    if let (true, Some(document)) = (clean, &workspace.files[0].document) {
        for objective in &document.objectives {
            let score = okr::score::objective(objective);
            assert!((0.0..=1.0).contains(&score), "objective score {score}");
            for kr in &objective.key_results {
                let score = okr::score::key_result(kr).0;
                assert!((0.0..=1.0).contains(&score), "key result score {score}");
            }
        }
    }
    findings
}
