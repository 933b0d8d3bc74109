//! `okr new` and `okr init`: files that pass `okr check` as written (a new
//! team file with a `title-todo` warning per placeholder title, so that it
//! fails `--deny-warnings` until written), and never an overwrite.

use crate::support::*;

#[test]
fn new_writes_a_file_that_passes_check() {
    let dir = tree(&[("schema/okr.schema.json", "{}")]);
    let output = okr(dir.path(), &["new", "--team", "growth", "--period", "2026-Q4"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(
        stdout(&output),
        "wrote okrs/2026-Q4/growth.okr.yaml: team growth, period 2026-Q4, one example objective to replace\n"
    );
    let text = std::fs::read_to_string(dir.path().join("okrs/2026-Q4/growth.okr.yaml")).unwrap();
    assert!(text.starts_with("# yaml-language-server: $schema=../../schema/okr.schema.json\n"), "{text}");
    let check = okr(dir.path(), &["check"]);
    assert_eq!(check.status.code(), Some(0), "{}", stdout(&check));
    let (workspace, findings) = check_dir(dir.path());
    let document = workspace.files[0].document.as_ref().unwrap();
    assert_eq!((document.team.as_str(), document.period.to_string()), ("growth", "2026-Q4".to_owned()));
    assert!(document.objectives[0].key_results.len() >= 2);
    // Every title is a placeholder, and nothing else is wrong with it.
    let titles = 1 + document.objectives[0].key_results.len();
    assert_eq!(findings.len(), titles, "{:?}", summarise(&workspace, &findings));
    assert!(
        findings.iter().all(|f| f.code == okr::findings::Code::TitleTodo),
        "{:?}",
        summarise(&workspace, &findings)
    );
}

#[test]
fn an_untouched_template_fails_deny_warnings() {
    let dir = tree(&[("schema/okr.schema.json", "{}")]);
    assert_eq!(okr(dir.path(), &["new", "--team", "growth", "--period", "2026-Q4"]).status.code(), Some(0));
    let check = okr(dir.path(), &["check", "--deny-warnings"]);
    assert_eq!(check.status.code(), Some(1), "{}", stdout(&check));
    assert!(stdout(&check).contains("title-todo"), "{}", stdout(&check));
    // Written in the team's own words, it passes.
    let path = dir.path().join("okrs/2026-Q4/growth.okr.yaml");
    let text = std::fs::read_to_string(&path).unwrap().replace("\"TODO: ", "\"");
    std::fs::write(&path, text).unwrap();
    let check = okr(dir.path(), &["check", "--deny-warnings"]);
    assert_eq!(check.status.code(), Some(0), "{}", stdout(&check));
}

#[test]
fn new_follows_the_team_layout_and_dir() {
    let dir = tree(&[("teams/platform/2026-Q3.okr.yaml", &valid_document("platform", "2026-Q3", "o"))]);
    let output = okr(dir.path(), &["new", "--team", "platform", "--period", "2026-Q4"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(dir.path().join("teams/platform/2026-Q4.okr.yaml").is_file());
    let output = okr(dir.path(), &["new", "--team", "data", "--period", "2026", "--dir", "year"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let text = std::fs::read_to_string(dir.path().join("year/data.okr.yaml")).unwrap();
    assert!(text.contains("period: \"2026\"\n"), "{text}");
    // The first `okr new` wrote the schema; the modeline reaches it from here too.
    assert!(text.starts_with("# yaml-language-server: $schema=../schema/okr.schema.json\n"), "{text}");
    assert_eq!(okr(dir.path(), &["check"]).status.code(), Some(0));
}

#[test]
fn new_refuses_to_overwrite() {
    let dir = tree(&[("okrs/2026-Q4/growth.okr.yaml", "mine\n")]);
    let output = okr(dir.path(), &["new", "--team", "growth", "--period", "2026-Q4"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("okrs/2026-Q4/growth.okr.yaml already exists"), "{}", stderr(&output));
    assert_eq!(std::fs::read_to_string(dir.path().join("okrs/2026-Q4/growth.okr.yaml")).unwrap(), "mine\n");
    let output = okr(dir.path(), &["new", "--team", "Growth!", "--period", "2026-Q4"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("not a team id"));
    assert_eq!(okr(dir.path(), &["new", "--team", "g", "--period", "2026-Q5"]).status.code(), Some(2));
}

#[test]
fn init_writes_the_defaults_once() {
    let dir = tree(&[("a.okr.yaml", &valid_document("t", "2026-Q3", "o"))]);
    let output = okr(dir.path(), &["init"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let path = dir.path().join("okr.toml");
    let written = std::fs::read_to_string(&path).unwrap();
    let mut config = okr::config::Config::load(&path, true).expect("the loader reads it");
    for code in okr::findings::Code::ALL {
        assert!(written.contains(&format!("\n{code} = ")), "{code} is listed");
        assert_eq!(config.severity(*code), Some(code.default_severity()));
    }
    config.rules.clear();
    assert_eq!(config, okr::config::Config::default());
    assert_eq!(okr(dir.path(), &["check"]).status.code(), Some(0), "okr runs with it");
    let output = okr(dir.path(), &["init"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("okr.toml already exists"));
    assert_eq!(std::fs::read_to_string(&path).unwrap(), written);
}

/// `okrs` committed as a symbolic link to a directory outside the repository
/// used to make `okr new` write there. Refused, nothing written anywhere;
/// `--dir` naming that place is the user's choice and works.
#[cfg(unix)]
#[test]
fn new_does_not_write_through_a_committed_link_out_of_the_repository() {
    let dir = tree(&[("a.okr.yaml", &valid_document("t", "2026-Q3", "o"))]);
    let outside = tempfile::tempdir().unwrap();
    std::os::unix::fs::symlink(outside.path(), dir.path().join("okrs")).unwrap();
    let output = okr(dir.path(), &["new", "--team", "growth", "--period", "2026-Q4"]);
    assert_eq!(output.status.code(), Some(2), "{}", stdout(&output));
    let message = stderr(&output);
    assert!(message.contains("okrs/2026-Q4/growth.okr.yaml would be written to "), "{message}");
    assert!(message.contains("outside") && message.contains("nothing written"), "{message}");
    assert!(message.contains("name the directory with --dir"), "{message}");
    assert_eq!(std::fs::read_dir(outside.path()).unwrap().count(), 0, "nothing written outside");

    let output = okr(dir.path(), &["new", "--team", "growth", "--period", "2026-Q4", "--dir", "okrs"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(outside.path().join("growth.okr.yaml").is_file());
}

/// The team's layout leads to a directory that is a link out of the
/// repository: refused the same way. A link that stays inside it, or a
/// repository reached through a link (`-C`), is fine.
#[cfg(unix)]
#[test]
fn new_follows_links_that_stay_in_the_repository_only() {
    let dir = tree(&[("okrs/2026-Q3/platform.okr.yaml", &valid_document("platform", "2026-Q3", "o"))]);
    let outside = tempfile::tempdir().unwrap();
    std::os::unix::fs::symlink(outside.path(), dir.path().join("okrs/2026-Q4")).unwrap();
    let output = okr(dir.path(), &["new", "--team", "platform", "--period", "2026-Q4"]);
    assert_eq!(output.status.code(), Some(2), "{}", stdout(&output));
    assert!(stderr(&output).contains("okrs/2026-Q4/platform.okr.yaml would be written to "), "{}", stderr(&output));
    assert_eq!(std::fs::read_dir(outside.path()).unwrap().count(), 0);

    std::fs::create_dir(dir.path().join("archive")).unwrap();
    std::os::unix::fs::symlink("../archive", dir.path().join("okrs/2027")).unwrap();
    let output = okr(dir.path(), &["new", "--team", "platform", "--period", "2027"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(dir.path().join("archive/platform.okr.yaml").is_file());

    let through = tempfile::tempdir().unwrap();
    std::os::unix::fs::symlink(dir.path(), through.path().join("repo")).unwrap();
    let output = okr(through.path(), &["-C", "repo", "new", "--team", "platform", "--period", "2026-Q2"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(dir.path().join("okrs/2026-Q2/platform.okr.yaml").is_file());
}

/// `okr.toml` committed as a link to a file outside the repository that does
/// not exist yet: `init` refuses it as taken instead of creating the target.
#[cfg(unix)]
#[test]
fn init_does_not_create_the_target_of_a_dangling_link() {
    let dir = tree(&[("a.okr.yaml", &valid_document("t", "2026-Q3", "o"))]);
    let outside = tempfile::tempdir().unwrap();
    std::os::unix::fs::symlink(outside.path().join("okr.toml"), dir.path().join("okr.toml")).unwrap();
    let output = okr(dir.path(), &["init"]);
    assert_eq!(output.status.code(), Some(2), "{}", stdout(&output));
    assert!(stderr(&output).contains("okr.toml already exists"), "{}", stderr(&output));
    assert_eq!(std::fs::read_dir(outside.path()).unwrap().count(), 0);
}

/// The schema a modeline names, read from the file's directory.
fn modeline_target(file: &std::path::Path) -> std::path::PathBuf {
    let text = std::fs::read_to_string(file).unwrap();
    let first = text.lines().next().unwrap_or_default();
    let relative =
        first.strip_prefix("# yaml-language-server: $schema=").unwrap_or_else(|| panic!("no modeline: {text}"));
    file.parent().unwrap().join(relative)
}

/// `okr new` wrote a modeline only when the repository already had the
/// schema: in a new repository editors had nothing to read. Now it writes
/// the schema, and the modeline resolves to it, wherever the file goes.
#[test]
fn new_writes_the_schema_its_modeline_points_at() {
    let dir = tree(&[]);
    let output = okr(dir.path(), &["new", "--team", "growth", "--period", "2026-Q4"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(
        stdout(&output),
        "wrote okrs/2026-Q4/growth.okr.yaml: team growth, period 2026-Q4, one example objective to replace\n\
         wrote schema/okr.schema.json, the JSON Schema its first line points editors at\n"
    );
    let schema = std::fs::read_to_string(dir.path().join("schema/okr.schema.json")).unwrap();
    assert_eq!(schema, stdout(&okr(dir.path(), &["schema"])), "the schema as `okr schema` prints it");
    let target = modeline_target(&dir.path().join("okrs/2026-Q4/growth.okr.yaml"));
    assert_eq!(std::fs::read_to_string(target).unwrap(), schema);

    // Deeper, with --dir: the modeline still resolves.
    let output = okr(dir.path(), &["new", "--team", "data", "--period", "2026", "--dir", "sub/a/b"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(!stdout(&output).contains("schema"), "written once: {}", stdout(&output));
    let target = modeline_target(&dir.path().join("sub/a/b/data.okr.yaml"));
    assert_eq!(std::fs::read_to_string(target).unwrap(), schema);
}

#[test]
fn new_and_init_keep_a_schema_already_there() {
    let dir = tree(&[("schema/okr.schema.json", "mine\n")]);
    assert_eq!(okr(dir.path(), &["new", "--team", "growth", "--period", "2026-Q4"]).status.code(), Some(0));
    let output = okr(dir.path(), &["init"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(stdout(&output), "wrote okr.toml with every setting at its default\n");
    assert_eq!(std::fs::read_to_string(dir.path().join("schema/okr.schema.json")).unwrap(), "mine\n");
}

#[test]
fn init_writes_the_schema_under_the_configured_docs_url() {
    let dir = tree(&[("a.okr.yaml", &valid_document("t", "2026-Q3", "o"))]);
    let output = okr(dir.path(), &["init"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(
        stdout(&output),
        "wrote okr.toml with every setting at its default\n\
         wrote schema/okr.schema.json, the JSON Schema that editors read for completion\n"
    );
    let schema: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.path().join("schema/okr.schema.json")).unwrap()).unwrap();
    assert_eq!(schema, okr::model::Document::json_schema());
    // `okr schema` follows `[docs] url`, as every other link okr writes.
    std::fs::write(dir.path().join("okr.toml"), "[docs]\nurl = \"https://okrs.example.com/book\"\n").unwrap();
    let printed: serde_json::Value = serde_json::from_str(&stdout(&okr(dir.path(), &["schema"]))).unwrap();
    assert_eq!(printed["$id"], "https://okrs.example.com/book/schema/okr.schema.json");
}

/// A `schema` that is a link (here out of the repository) or a file is the
/// user's: `okr new` and `okr init` write nothing there and still do their job.
#[cfg(unix)]
#[test]
fn a_schema_path_that_is_a_link_or_a_file_is_left_alone() {
    let outside = tempfile::tempdir().unwrap();
    let dir = tree(&[]);
    std::os::unix::fs::symlink(outside.path(), dir.path().join("schema")).unwrap();
    let output = okr(dir.path(), &["new", "--team", "growth", "--period", "2026-Q4"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(!stdout(&output).contains("schema"), "{}", stdout(&output));
    let output = okr(dir.path(), &["init"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(std::fs::read_dir(outside.path()).unwrap().count(), 0, "nothing written through the link");

    let dir = tree(&[("schema", "a file\n")]);
    let output = okr(dir.path(), &["init"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(std::fs::read_to_string(dir.path().join("schema")).unwrap(), "a file\n");
}
