//! Replacing one file of a large tree and getting every finding again, two
//! ways: a fresh load and check of the whole tree (what okr did before the
//! incremental workspace, and what a language server would do without it),
//! and `LiveWorkspace::set_file` + `findings`, which reads the one file again
//! and re-runs only the rules across files over the index of outlines.
//!
//! Each of the 50 edits changes a `current:` value of a different file (and
//! every tenth breaks the file's YAML, the next one fixing it again); the
//! medians are printed. At the end, the live findings are checked against a
//! fresh load of the edited files.
//!
//! usage: cargo bench --bench incremental -- DIR [FULL_RUNS]

#![allow(clippy::print_stdout, clippy::print_stderr)]

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use okr::check::incremental::LiveWorkspace;
use okr::config::Config;

const EDITS: usize = 50;

fn main() {
    let mut args = std::env::args().skip(1).filter(|a| a != "--bench");
    let Some(dir) = args.next().map(PathBuf::from) else {
        eprintln!("usage: cargo bench --bench incremental -- DIR [FULL_RUNS]");
        std::process::exit(2);
    };
    let full_runs: usize = args.next().and_then(|r| r.parse().ok()).unwrap_or(5);
    let dir = dir.canonicalize().expect("the tree exists");
    let config = Config::load(&okr::config::default_path(&dir), false).expect("okr.toml");

    // Before: a fresh load and check of the whole tree per edit.
    let mut full = Vec::new();
    let mut files = 0;
    for _ in 0..full_runs {
        let start = Instant::now();
        let workspace = okr::load::workspace(&[], &dir, &dir, &config).expect("load");
        let findings = okr::check::run(&workspace, &config);
        full.push(start.elapsed());
        files = workspace.files.len();
        std::hint::black_box(findings);
    }
    println!("full reload + check of {files} files: median of {full_runs}: {}", ms(median(&mut full)));

    // After: one file replaced in a live workspace, every finding again.
    let start = Instant::now();
    let workspace = okr::load::workspace(&[], &dir, &dir, &config).expect("load");
    let mut live = LiveWorkspace::from_workspace(workspace, config.clone(), dir.clone());
    let setup = start.elapsed();
    let first = live.findings().len();
    println!("live workspace set up in {} ({first} findings)", ms(setup));
    let paths: Vec<PathBuf> = (0..EDITS).map(|i| live.file(i * live.len() / EDITS).path.clone()).collect();
    let mut edits = Vec::new();
    let mut texts = Vec::new();
    for (i, path) in paths.iter().enumerate() {
        let text = edited(&live.file(live.id_of(path).expect("in the workspace")).text, i);
        texts.push((path.clone(), text.clone()));
        let start = Instant::now();
        live.set_file(path.clone(), text.into_bytes());
        let findings = live.findings();
        edits.push(start.elapsed());
        std::hint::black_box(findings);
    }
    println!("set_file + findings: median of {EDITS} edits: {}", ms(median(&mut edits)));

    // The edited files on disk, in a copy: the live findings must be a fresh load's.
    let copy = tempfile::tempdir().expect("temp dir");
    copy_tree(&dir, copy.path());
    for (path, text) in &texts {
        std::fs::write(copy.path().join(path.strip_prefix(&dir).expect("inside")), text).expect("write");
    }
    let fresh = okr::load::workspace(&[], copy.path(), copy.path(), &config).expect("load");
    let expected = okr::check::run(&fresh, &config);
    assert_eq!(live.findings(), expected, "the live findings are a fresh load's");
    println!("live findings equal a fresh load's ({} findings)", expected.len());
}

/// The file with one `current:` value changed; every tenth edit breaks the
/// YAML instead, and the one after it is fixed again by its own edit.
fn edited(text: &str, i: usize) -> String {
    if i % 10 == 9 {
        return format!("{text}\n  - [unclosed\n");
    }
    match text.find("current: ") {
        Some(at) => format!("{}current: {}{}", &text[..at], 7 + i, &text[at + "current: ".len()..]),
        None => format!("{text}# edited {i}\n"),
    }
}

fn copy_tree(from: &Path, to: &Path) {
    for entry in std::fs::read_dir(from).expect("readable") {
        let entry = entry.expect("entry");
        let target = to.join(entry.file_name());
        if entry.file_type().expect("type").is_dir() {
            std::fs::create_dir_all(&target).expect("mkdir");
            copy_tree(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).expect("copy");
        }
    }
}

fn median(times: &mut [Duration]) -> Duration {
    times.sort();
    times[times.len() / 2]
}

fn ms(duration: Duration) -> String {
    format!("{:.1} ms", duration.as_secs_f64() * 1000.0)
}
