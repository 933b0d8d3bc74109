//! Arbitrary bytes as one OKR file: read, parse, convert to the model and run
//! every rule over a one-file workspace. Nothing may panic; every finding
//! must point inside the file.

#![no_main]

use libfuzzer_sys::fuzz_target;
use okr::config::Config;
use okr::load::{collect, parse_file, SourceFile};

fuzz_target!(|data: &[u8]| {
    let file = SourceFile {
        display: "fuzz.okr.yaml".into(),
        path: "fuzz.okr.yaml".into(),
        text: String::new(),
        document: None,
    };
    let workspace = collect(vec![parse_file(0, file, data.to_vec())]);
    let findings = okr::check::run(&workspace, &Config::default());
    let text = &workspace.files[0].text;
    // Lines as YAML counts them: CR LF, CR or LF ends a line.
    let lines = text.replace("\r\n", "\n").replace('\r', "\n").split('\n').count();
    for finding in &findings {
        assert!(finding.span.line >= 1 && finding.span.column >= 1, "{finding:?}");
        assert!(finding.span.line as usize <= lines, "line {} of {lines}: {finding:?}", finding.span.line);
    }
    // The scores of a file that passes the checks stay in 0..=1.
    let clean = findings.iter().all(|d| d.severity != okr::findings::Severity::Error);
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
});
