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

/// A source file of `src/`: its path from `src/` (with `/`), its top-level
/// module (`load` for `load/mod.rs` and `load/yaml.rs`, `lib` for `lib.rs`)
/// and its text.
struct Source {
    relative: String,
    module: String,
    text: String,
}

/// Every source file of `src/`.
fn src_files() -> Vec<Source> {
    let src = repo().join("src");
    let mut files = Vec::new();
    sources(&src, &mut files);
    files
        .into_iter()
        .map(|file| {
            let relative = file.strip_prefix(&src).expect("under src").to_string_lossy().replace('\\', "/");
            let module = relative.split('/').next().expect("a component").trim_end_matches(".rs").to_owned();
            let text = std::fs::read_to_string(&file).expect("read a source file");
            Source { relative, module, text }
        })
        .collect()
}

/// The top-level modules named by `crate::NAME` in `text`, comments aside.
fn used_modules(text: &str) -> BTreeSet<String> {
    paths_under("crate::", text)
}

/// The names that follow `prefix` (`crate::`, `okr::`) in `text`, comments aside.
fn paths_under(prefix: &str, text: &str) -> BTreeSet<String> {
    let mut used = BTreeSet::new();
    for line in text.lines() {
        let code = line.split("//").next().unwrap_or("");
        let mut rest = code;
        while let Some(at) = rest.find(prefix) {
            // `okr::` inside a longer name (`my_okr::`) is not the library.
            let before = rest[..at].chars().next_back();
            rest = &rest[at + prefix.len()..];
            if before.is_some_and(|c| c.is_ascii_alphanumeric() || c == '_') {
                continue;
            }
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
    let mut breaches = Vec::new();
    for Source { relative, module, text } in src_files() {
        if matches!(module.as_str(), "lib" | "main" | "cli") {
            continue; // the crate roots, and the binary's own modules (see below)
        }
        let Some(allowed) = table.get(&module) else {
            breaches.push(format!("src/{relative}: module `{module}` is not in the layers table of CONTRIBUTING.md"));
            continue;
        };
        for used in used_modules(&text) {
            if used != module && !allowed.contains(&used) {
                breaches.push(format!("{relative}: `{module}` uses `crate::{used}`"));
            }
        }
    }
    assert!(breaches.is_empty(), "uses the layers table does not allow:\n{}", breaches.join("\n"));
}

/// The modules and functions `src/lib.rs` makes public: `pub mod NAME;`, `pub fn NAME(`.
fn public_modules() -> BTreeSet<String> {
    let text = std::fs::read_to_string(repo().join("src/lib.rs")).expect("src/lib.rs");
    let modules = text.lines().filter_map(|l| l.strip_prefix("pub mod ")).map(|m| m.trim_end_matches(';'));
    let functions = text.lines().filter_map(|l| l.strip_prefix("pub fn ")).filter_map(|f| f.split('(').next());
    modules.chain(functions).map(str::to_owned).collect()
}

#[test]
fn the_binary_uses_the_library_through_its_public_api_only() {
    // `src/main.rs` and `src/cli/` are the binary: its own modules are
    // `crate::cli`, and the library is `okr::` and a public module of it.
    let public = public_modules();
    assert!(public.contains("load") && !public.contains("cli"), "the public modules of src/lib.rs: {public:?}");
    let mut breaches = Vec::new();
    for Source { relative: shown, text, .. } in
        src_files().into_iter().filter(|s| matches!(s.module.as_str(), "main" | "cli"))
    {
        for used in paths_under("crate::", &text) {
            if used != "cli" {
                breaches.push(format!("{shown}: the binary uses `crate::{used}`, not a module of its own"));
            }
        }
        for used in paths_under("okr::", &text) {
            if !public.contains(&used) {
                breaches.push(format!("{shown}: `okr::{used}` is not a public module or function of the library"));
            }
        }
    }
    assert!(breaches.is_empty(), "the binary reaches past the library's public API:\n{}", breaches.join("\n"));
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
    let binary = "use okr::render::safe::Terminal;\nlet x = my_okr::thing; // okr::cli";
    assert_eq!(paths_under("okr::", binary), BTreeSet::from(["render".to_owned()]));
}

/// What only the binary may do, as it reads in code: the environment, the
/// clock, process-wide libgit2 options.
const PROCESS_WIDE: &[&str] = &["std::env::var", "env::var_os", "env::vars", "Local::now", "Utc::now", "git2::opts"];

/// The places in `text` (comments aside) that do what only the binary may do.
fn process_wide(text: &str) -> Vec<&'static str> {
    let code: String = text.lines().map(|l| l.split("//").next().unwrap_or("")).collect::<Vec<_>>().join("\n");
    PROCESS_WIDE.iter().copied().filter(|needle| code.contains(needle)).collect()
}

#[test]
fn the_library_reads_no_environment_no_clock_and_sets_no_process_options() {
    let mut breaches = Vec::new();
    for Source { relative, module, text } in src_files() {
        if matches!(module.as_str(), "main" | "cli") {
            continue;
        }
        // The debug-only crash hook of the write-safety tests, compiled out of release builds.
        let text = if relative == "edit/atomic.rs" {
            text.replace("std::env::var_os(\"OKR_TEST_CRASH_AT\")", "")
        } else {
            text
        };
        // The options the binary sets through the library (`git::configure_process`).
        let text = if relative == "git/mod.rs" { text.replace("git2::opts", "") } else { text };
        for what in process_wide(&text) {
            breaches.push(format!("src/{relative}: `{what}`"));
        }
    }
    assert!(breaches.is_empty(), "the library does what only the binary may:\n{}", breaches.join("\n"));
    assert_eq!(process_wide("let t = chrono::Local::now(); // std::env::var"), ["Local::now"]);
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
    let breaches: Vec<String> = src_files()
        .into_iter()
        .filter(|source| source.module != "git" && names_crate(&source.text, "git2"))
        .map(|source| source.relative)
        .collect();
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
    let callers: Vec<String> = src_files()
        .into_iter()
        .filter(|source| source.module != "git") // the definition
        .filter(|source| {
            source.text.lines().any(|line| line.split("//").next().unwrap_or("").contains("configure_process()"))
        })
        .map(|source| source.relative)
        .collect();
    assert_eq!(callers, ["main.rs"], "git::configure_process is the binary's to call, once");
}
