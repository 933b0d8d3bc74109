//! `okr checkin --commit`: one commit, one file, the committer from the
//! repository's own git config, and refusals that write nothing.

use std::path::Path;

use crate::support::*;

fn fixed_signature() -> git2::Signature<'static> {
    git2::Signature::new("Fixture", "fixture@example.com", &git2::Time::new(1_780_000_000, 0)).expect("a signature")
}

/// A repository whose own config names the committer, with `a.okr.yaml` and
/// `b.okr.yaml` committed, and `b.okr.yaml` changed and staged.
fn repository() -> (tempfile::TempDir, git2::Repository) {
    let dir = tree(&[
        ("a.okr.yaml", &valid_document("t", "2026-Q3", "o")),
        ("b.okr.yaml", &valid_document("u", "2026-Q3", "o")),
    ]);
    let repository = git2::Repository::init(dir.path()).expect("init");
    let mut config = repository.config().and_then(|c| c.open_level(git2::ConfigLevel::Local)).expect("local config");
    config.set_str("user.name", "Dana Check").expect("set name");
    config.set_str("user.email", "dana@example.com").expect("set email");
    stage_and_commit(&repository, &["a.okr.yaml", "b.okr.yaml"], "start");
    write(dir.path(), "b.okr.yaml", valid_document("u", "2026-Q3", "o").replace("current: 5", "current: 6").as_bytes());
    let mut index = repository.index().expect("index");
    index.add_path(Path::new("b.okr.yaml")).expect("stage b");
    index.write().expect("write index");
    (dir, repository)
}

fn stage_and_commit(repository: &git2::Repository, files: &[&str], message: &str) {
    let mut index = repository.index().expect("index");
    for file in files {
        index.add_path(Path::new(file)).expect("stage");
    }
    index.write().expect("write index");
    let tree = repository.find_tree(index.write_tree().expect("tree")).expect("tree");
    let signature = fixed_signature();
    repository.commit(Some("HEAD"), &signature, &signature, message, &tree, &[]).expect("commit");
}

fn head(repository: &git2::Repository) -> git2::Commit<'_> {
    repository.head().and_then(|h| h.peel_to_commit()).expect("HEAD")
}

#[test]
fn commits_exactly_that_file() {
    let (dir, repository) = repository();
    let before = head(&repository).id();
    let output = okr(dir.path(), &["checkin", "t/o/first", "7", "--commit"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let commit = head(&repository);
    assert_eq!(commit.parent_ids().collect::<Vec<_>>(), vec![before], "one new commit on top of HEAD");
    assert_eq!(commit.message(), Some("okr: check in t/o/first@2026-Q3: 5 → 7"));
    assert_eq!((commit.author().name(), commit.author().email()), (Some("Dana Check"), Some("dana@example.com")));
    assert_eq!(commit.committer().name(), Some("Dana Check"));
    let diff = repository
        .diff_tree_to_tree(Some(&commit.parent(0).unwrap().tree().unwrap()), Some(&commit.tree().unwrap()), None)
        .expect("diff");
    let touched: Vec<_> = diff.deltas().map(|d| d.new_file().path().unwrap().to_owned()).collect();
    assert_eq!(touched, vec![Path::new("a.okr.yaml")]);
    let committed = commit.tree().unwrap().get_path(Path::new("a.okr.yaml")).unwrap().to_object(&repository).unwrap();
    let on_disk = std::fs::read(dir.path().join("a.okr.yaml")).unwrap();
    assert_eq!(committed.as_blob().unwrap().content(), on_disk.as_slice());
    assert!(stdout(&output).contains("committed "), "{}", stdout(&output));
    // a.okr.yaml is clean; the staged change to b.okr.yaml is still staged, not committed.
    let statuses = |path: &str| repository.status_file(Path::new(path)).expect("status");
    assert_eq!(statuses("a.okr.yaml"), git2::Status::CURRENT);
    assert_eq!(statuses("b.okr.yaml"), git2::Status::INDEX_MODIFIED);
}

#[test]
fn a_message_of_ones_own() {
    let (dir, repository) = repository();
    let output = okr(dir.path(), &["checkin", "t/o/first", "7", "--commit", "-m", "Weekly check-in"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(head(&repository).message(), Some("Weekly check-in"));
}

#[test]
fn other_uncommitted_edits_are_refused() {
    let (dir, repository) = repository();
    let before = head(&repository).id();
    let edited = valid_document("t", "2026-Q3", "o").replace("team: t\n", "team: t   # edited by hand\n");
    write(dir.path(), "a.okr.yaml", edited.as_bytes());
    let output = okr(dir.path(), &["checkin", "t/o/first", "7", "--commit"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("a.okr.yaml has uncommitted changes"), "{}", stderr(&output));
    assert_eq!(std::fs::read_to_string(dir.path().join("a.okr.yaml")).unwrap(), edited);
    assert_eq!(head(&repository).id(), before);
    // Staged, then the disk put back: still another change.
    let mut index = repository.index().unwrap();
    index.add_path(Path::new("a.okr.yaml")).unwrap();
    index.write().unwrap();
    write(dir.path(), "a.okr.yaml", valid_document("t", "2026-Q3", "o").as_bytes());
    let output = okr(dir.path(), &["checkin", "t/o/first", "7", "--commit"]);
    assert_eq!(output.status.code(), Some(2), "{}", stdout(&output));
    assert_eq!(std::fs::read_to_string(dir.path().join("a.okr.yaml")).unwrap(), valid_document("t", "2026-Q3", "o"));
}

#[test]
fn an_unknown_committer_is_refused() {
    // No global config: HOME and XDG point at an empty directory. (A system
    // config that names a user would make git know one; then there is
    // nothing to test.)
    if git2::Config::find_system()
        .ok()
        .and_then(|p| git2::Config::open(&p).ok())
        .is_some_and(|c| c.get_string("user.name").is_ok())
    {
        return;
    }
    let dir = tree(&[("a.okr.yaml", &valid_document("t", "2026-Q3", "o"))]);
    let repository = git2::Repository::init(dir.path()).expect("init");
    stage_and_commit(&repository, &["a.okr.yaml"], "start");
    let home = tempfile::tempdir().unwrap();
    let output = okr_command(dir.path(), &["checkin", "t/o/first", "7", "--commit"])
        .env("HOME", home.path())
        .env("XDG_CONFIG_HOME", home.path())
        .env_remove("GIT_AUTHOR_NAME")
        .env_remove("GIT_COMMITTER_NAME")
        .env_remove("EMAIL")
        .output()
        .expect("run okr");
    assert_eq!(output.status.code(), Some(2), "{}", stdout(&output));
    assert!(stderr(&output).contains("git config user.name"), "{}", stderr(&output));
    assert_eq!(std::fs::read_to_string(dir.path().join("a.okr.yaml")).unwrap(), valid_document("t", "2026-Q3", "o"));
}
