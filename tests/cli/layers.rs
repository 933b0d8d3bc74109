//! The module graph is one-way: every `crate::…` path in `src/` names a
//! module its layer may use, as the table in CONTRIBUTING.md says, and the
//! table itself has no cycle. Reading the paths is cheaper than compiling a
//! module-graph tool in CI, and keeps the table and the code in step.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use crate::support::repo;

/// The rows of the layers table: a module and the modules it may use.
/// `every module above` allows every module of an earlier row.
fn table() -> BTreeMap<String, BTreeSet<String>> {
    let text = std::fs::read_to_string(repo().join("CONTRIBUTING.md")).expect("CONTRIBUTING.md");
    let start = text.find("<!-- layers -->").expect("the layers table's opening marker");
    let end = text.find("<!-- /layers -->").expect("the layers table's closing marker");
    let mut rows = BTreeMap::new();
    let mut earlier: Vec<String> = Vec::new();
    for line in text[start..end].lines().filter(|l| l.starts_with("| `")) {
        let cells: Vec<&str> = line.trim_matches('|').split('|').map(str::trim).collect();
        let module = cells[0].trim_matches('`').to_owned();
        let uses: BTreeSet<String> = if cells[1] == "every module above" {
            earlier.iter().cloned().collect()
        } else {
            cells[1].split(',').map(|m| m.trim().trim_matches('`').to_owned()).filter(|m| !m.is_empty()).collect()
        };
        earlier.push(module.clone());
        rows.insert(module, uses);
    }
    rows
}

/// Every `.rs` file under `dir`.
fn sources(dir: &Path, found: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("read src").map(|e| e.expect("dir entry")) {
        let path = entry.path();
        if path.is_dir() {
            sources(&path, found);
        } else if path.extension().is_some_and(|e| e == "rs") {
            found.push(path);
        }
    }
}

/// The top-level modules named by `crate::NAME` in `text`, comments aside.
fn used_modules(text: &str) -> BTreeSet<String> {
    let mut used = BTreeSet::new();
    for line in text.lines() {
        let code = line.split("//").next().unwrap_or("");
        let mut rest = code;
        while let Some(at) = rest.find("crate::") {
            rest = &rest[at + "crate::".len()..];
            let name: String = rest.chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '_').collect();
            if !name.is_empty() {
                used.insert(name);
            }
        }
    }
    used
}

#[test]
fn every_module_uses_only_the_layers_below_it() {
    let table = table();
    let src = repo().join("src");
    let mut files = Vec::new();
    sources(&src, &mut files);
    let mut breaches = Vec::new();
    for file in files {
        let relative = file.strip_prefix(&src).expect("under src");
        let first = relative.components().next().expect("a component").as_os_str().to_string_lossy().into_owned();
        let module = first.trim_end_matches(".rs").to_owned();
        if matches!(module.as_str(), "lib" | "main") {
            continue;
        }
        let Some(allowed) = table.get(&module) else {
            breaches.push(format!("src/{first}: module `{module}` is not in the layers table of CONTRIBUTING.md"));
            continue;
        };
        let text = std::fs::read_to_string(&file).expect("read a source file");
        for used in used_modules(&text) {
            if used != module && !allowed.contains(&used) {
                breaches.push(format!("{}: `{module}` uses `crate::{used}`", relative.display()));
            }
        }
    }
    assert!(breaches.is_empty(), "uses the layers table does not allow:\n{}", breaches.join("\n"));
}

#[test]
fn the_layers_table_only_points_down() {
    // Each row may name only rows above it: then no cycle is possible.
    let text = std::fs::read_to_string(repo().join("CONTRIBUTING.md")).expect("CONTRIBUTING.md");
    let table = table();
    let order: Vec<&String> = {
        let mut order: Vec<(usize, &String)> =
            table.keys().map(|m| (text.find(&format!("| `{m}` |")).expect("a row"), m)).collect();
        order.sort();
        order.into_iter().map(|(_, m)| m).collect()
    };
    for (rank, module) in order.iter().enumerate() {
        for used in &table[*module] {
            let used_rank = order.iter().position(|m| *m == used);
            assert!(
                used_rank.is_some_and(|r| r < rank),
                "`{module}` may use `{used}`, which is not a row above it in the layers table"
            );
        }
    }
}

#[test]
fn a_use_outside_the_table_is_found() {
    // The reader itself: paths in code count, paths in comments do not.
    let text =
        "use crate::load::Workspace;\n// crate::render::x\nlet p = crate::span::Position::from(s); // crate::cli";
    assert_eq!(used_modules(text), BTreeSet::from(["load".to_owned(), "span".to_owned()]));
}

/// Whether the code in `text` (comments aside) names the crate `name`: as a
/// path (`name::…`), in a `use`, or anywhere else as a whole word.
fn names_crate(text: &str, name: &str) -> bool {
    let is_ident = |c: char| c.is_ascii_alphanumeric() || c == '_';
    text.lines().any(|line| {
        let code = line.split("//").next().unwrap_or("");
        code.match_indices(name).any(|(at, _)| {
            let before = code[..at].chars().next_back();
            let after = code[at + name.len()..].chars().next();
            !before.is_some_and(is_ident) && !after.is_some_and(is_ident)
        })
    })
}

#[test]
fn only_the_git_module_names_git2() {
    // One module owns every call into libgit2 and its error type; the rest
    // of okr, the binary included, goes through `crate::git`. Tests may use
    // git2 to build fixtures.
    let src = repo().join("src");
    let mut files = Vec::new();
    sources(&src, &mut files);
    let mut breaches = Vec::new();
    for file in files {
        let relative = file.strip_prefix(&src).expect("under src");
        let first = relative.components().next().expect("a component").as_os_str().to_string_lossy().into_owned();
        if first.trim_end_matches(".rs") == "git" {
            continue;
        }
        let text = std::fs::read_to_string(&file).expect("read a source file");
        if names_crate(&text, "git2") {
            breaches.push(relative.display().to_string());
        }
    }
    assert!(
        breaches.is_empty(),
        "files outside src/git that name git2 (go through crate::git):\n{}",
        breaches.join("\n")
    );
}

#[test]
fn a_file_naming_git2_is_found() {
    assert!(names_crate("use git2::{Oid, Repository};", "git2"));
    assert!(names_crate("    let r = git2::Repository::discover(dir);", "git2"));
    assert!(names_crate("use git2 as g;", "git2"));
    // Comments, and words that merely contain the name, do not count.
    assert!(!names_crate("//! commit with git2\n/// libgit2's cache\nlet x = 1; // git2::Oid", "git2"));
    assert!(!names_crate("let libgit2_options = 1;", "git2"));
}

#[test]
fn only_the_binary_sets_libgit2s_process_options() {
    // The library changes no process-wide state: `git::configure_process`
    // is called from `main.rs` and nowhere else.
    let src = repo().join("src");
    let mut files = Vec::new();
    sources(&src, &mut files);
    let callers: Vec<String> = files
        .iter()
        .filter(|file| {
            let text = std::fs::read_to_string(file).expect("read a source file");
            text.lines().any(|line| line.split("//").next().unwrap_or("").contains("configure_process()"))
        })
        .map(|file| file.strip_prefix(&src).expect("under src"))
        .filter(|relative| !relative.starts_with("git")) // the definition
        .map(|relative| relative.display().to_string())
        .collect();
    assert_eq!(callers, ["main.rs"], "git::configure_process is the binary's to call, once");
}
