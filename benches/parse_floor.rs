//! The floor for `okr check`: find, read and parse the same files with the
//! same YAML parser on every core, and nothing else (no tree, no validation).
//!
//! usage: cargo bench --bench parse_floor -- DIR [RUNS]

#![allow(clippy::print_stdout, clippy::print_stderr)]

use std::time::{Duration, Instant};

use rayon::prelude::*;

fn main() {
    let mut args = std::env::args().skip(1).filter(|a| a != "--bench");
    let Some(dir) = args.next() else {
        eprintln!("usage: cargo bench --bench parse_floor -- DIR [RUNS]");
        std::process::exit(2);
    };
    let runs: usize = args.next().and_then(|r| r.parse().ok()).unwrap_or(5);
    let mut best = Duration::MAX;
    for _ in 0..runs {
        let start = Instant::now();
        let paths: Vec<_> = ignore::WalkBuilder::new(&dir)
            .build()
            .filter_map(Result::ok)
            .filter(|e| e.file_name().to_string_lossy().ends_with(".okr.yaml"))
            .map(ignore::DirEntry::into_path)
            .collect();
        let events: usize = paths
            .par_iter()
            .map(|path| {
                let text = std::fs::read_to_string(path).expect("readable UTF-8");
                let mut events = 0;
                for event in saphyr_parser::Parser::new_from_str(&text) {
                    event.expect("valid YAML");
                    events += 1;
                }
                events
            })
            .sum();
        let elapsed = start.elapsed();
        best = best.min(elapsed);
        eprintln!("{} files, {events} events in {elapsed:?}", paths.len());
    }
    println!("best of {runs}: {:.3} s", best.as_secs_f64());
}
