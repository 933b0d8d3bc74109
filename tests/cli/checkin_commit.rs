//! `okr checkin --commit`: one commit, one file, the committer from the
//! repository's own git config, and refusals that write nothing.

use std::path::Path;

use crate::support::*;

/// The day every check-in here runs on: a REF without @period names the
/// period that contains today, so no test reads the clock.
pub const TODAY: &str = "2026-08-15";

/// `okr ARGS` in `dir` on `TODAY` (this module's `okr` hides the shared one,
/// which leaves today to the clock).
fn okr(dir: &Path, args: &[&str]) -> std::process::Output {
    okr_on(dir, TODAY, args)
}

/// `okr ARGS` in `dir` on `today`.
pub fn okr_on(dir: &Path, today: &str, args: &[&str]) -> std::process::Output {
    with_env(dir, today, &[], args)
}

/// `okr ARGS` in `dir` on `today`, with git's identity and date variables
/// unset but for `vars`: the machine's own never leak into a test.
fn with_env(dir: &Path, today: &str, vars: &[(&str, &str)], args: &[&str]) -> std::process::Output {
    let mut command = okr_command(dir, args);
    command.env("OKR_TODAY", today);
    for name in GIT_VARIABLES {
        command.env_remove(name);
    }
    command.envs(vars.iter().copied()).output().expect("run okr")
}

const GIT_VARIABLES: [&str; 7] = [
    "GIT_AUTHOR_NAME",
    "GIT_AUTHOR_EMAIL",
    "GIT_AUTHOR_DATE",
    "GIT_COMMITTER_NAME",
    "GIT_COMMITTER_EMAIL",
    "GIT_COMMITTER_DATE",
    "EMAIL",
];

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
        .env("OKR_TODAY", TODAY)
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

/// 2026-09-09T08:00:00Z.
const SEPT_9: i64 = 1_788_940_800;

#[test]
fn gits_identity_and_date_variables_make_the_commit() {
    let (dir, repository) = repository();
    let vars = [
        ("GIT_AUTHOR_NAME", "Ana Author"),
        ("GIT_AUTHOR_EMAIL", "ana@example.com"),
        ("GIT_AUTHOR_DATE", "2026-09-09T10:00:00+02:00"),
        ("GIT_COMMITTER_NAME", "Ci Bot"),
        ("GIT_COMMITTER_EMAIL", "bot@example.com"),
        ("GIT_COMMITTER_DATE", "@1788944400 -0130"),
    ];
    let output = with_env(dir.path(), TODAY, &vars, &["checkin", "t/o/first", "7", "--commit"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let commit = head(&repository);
    let (author, committer) = (commit.author(), commit.committer());
    assert_eq!((author.name(), author.email()), (Some("Ana Author"), Some("ana@example.com")));
    assert_eq!((author.when().seconds(), author.when().offset_minutes()), (SEPT_9, 120));
    assert_eq!((committer.name(), committer.email()), (Some("Ci Bot"), Some("bot@example.com")));
    assert_eq!((committer.when().seconds(), committer.when().offset_minutes()), (SEPT_9 + 3600, -90));
}

#[test]
fn the_name_alone_from_the_environment_and_the_email_from_git_config() {
    let (dir, repository) = repository();
    let vars = [("GIT_AUTHOR_NAME", "Backfill"), ("GIT_AUTHOR_DATE", "Wed, 9 Sep 2026 10:00:00 +0200")];
    let output = with_env(dir.path(), TODAY, &vars, &["checkin", "t/o/first", "7", "--commit"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let commit = head(&repository);
    assert_eq!((commit.author().name(), commit.author().email()), (Some("Backfill"), Some("dana@example.com")));
    assert_eq!(commit.author().when().seconds(), SEPT_9);
    assert_eq!((commit.committer().name(), commit.committer().email()), (Some("Dana Check"), Some("dana@example.com")));
}

#[test]
fn author_overrides_the_authors_name_and_email_but_not_the_committer() {
    let (dir, repository) = repository();
    let vars = [("GIT_AUTHOR_NAME", "Not Me"), ("GIT_AUTHOR_DATE", "@1788940800 +0000")];
    let args = ["checkin", "t/o/first", "7", "--commit", "--author", "Sam Owner <sam@example.com>"];
    let output = with_env(dir.path(), TODAY, &vars, &args);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let commit = head(&repository);
    assert_eq!((commit.author().name(), commit.author().email()), (Some("Sam Owner"), Some("sam@example.com")));
    assert_eq!(commit.author().when().seconds(), SEPT_9);
    assert_eq!(commit.committer().name(), Some("Dana Check"));
}

#[test]
fn a_bad_date_or_author_is_refused_before_anything_is_written() {
    let (dir, repository) = repository();
    let before = head(&repository).id();
    let original = std::fs::read(dir.path().join("a.okr.yaml")).unwrap();
    for (vars, args, expected) in [
        (vec![("GIT_AUTHOR_DATE", "last tuesday")], vec![], "GIT_AUTHOR_DATE is `last tuesday`, not a date git reads"),
        (vec![("GIT_COMMITTER_DATE", "2026-09-09")], vec![], "ISO 8601 (`2026-09-09T10:00:00+02:00`)"),
        (vec![("GIT_AUTHOR_NAME", "")], vec![], "GIT_AUTHOR_NAME is set but empty"),
        (vec![], vec!["--author", "Sam"], "--author is `Name <email>`"),
    ] {
        let mut all = vec!["checkin", "t/o/first", "7", "--commit"];
        all.extend(args);
        let output = with_env(dir.path(), TODAY, &vars, &all);
        assert_eq!(output.status.code(), Some(2), "{vars:?}: {}", stdout(&output));
        assert!(stderr(&output).contains(expected), "{vars:?}: {}", stderr(&output));
        assert_eq!(std::fs::read(dir.path().join("a.okr.yaml")).unwrap(), original, "nothing written");
        assert_eq!(head(&repository).id(), before, "nothing committed");
    }
    // Without --commit git's variables are not read: a check-in is not a commit.
    let output = with_env(dir.path(), TODAY, &[("GIT_AUTHOR_DATE", "last tuesday")], &["checkin", "t/o/first", "7"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
}

#[test]
fn several_checkins_make_one_commit_of_their_files() {
    let (dir, repository) = repository();
    // b.okr.yaml has a staged change: commit only files that are clean.
    let c = valid_document("c", "2026-Q3", "o");
    write(dir.path(), "c.okr.yaml", c.as_bytes());
    stage_and_commit_on_head(&repository, &["c.okr.yaml"]);
    let before = head(&repository).id();
    let output = okr(dir.path(), &["checkin", "t/o/first=7", "c/o/second=2", "t/o/second=1", "--commit"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let commit = head(&repository);
    assert_eq!(commit.parent_ids().collect::<Vec<_>>(), vec![before], "one commit");
    assert_eq!(
        commit.message(),
        Some(
            "okr: check in 3 values\n\nt/o/first@2026-Q3: 5 → 7\nc/o/second@2026-Q3: 0 → 2\n\
             t/o/second@2026-Q3: 0 → 1\n"
        )
    );
    let diff = repository
        .diff_tree_to_tree(Some(&commit.parent(0).unwrap().tree().unwrap()), Some(&commit.tree().unwrap()), None)
        .expect("diff");
    let touched: Vec<_> = diff.deltas().map(|d| d.new_file().path().unwrap().to_owned()).collect();
    assert_eq!(touched, vec![Path::new("a.okr.yaml"), Path::new("c.okr.yaml")]);
    assert!(stdout(&output).ends_with(&format!(
        "wrote a.okr.yaml\nwrote c.okr.yaml\ncommitted {} okr: check in 3 values\n",
        &commit.id().to_string()[..12]
    )));
    // One of them in a file with other changes: nothing written, nothing committed.
    let a = std::fs::read(dir.path().join("a.okr.yaml")).unwrap();
    let output = okr(dir.path(), &["checkin", "t/o/first=8", "u/o/first=1", "--commit"]);
    assert_eq!(output.status.code(), Some(2), "{}", stdout(&output));
    assert!(stderr(&output).contains("b.okr.yaml has uncommitted changes"), "{}", stderr(&output));
    assert_eq!(std::fs::read(dir.path().join("a.okr.yaml")).unwrap(), a);
    assert_eq!(head(&repository).id(), commit.id());
}

/// Stage `files` and commit them on top of HEAD, with the fixed signature,
/// leaving whatever else is staged in the commit too (none here but b).
fn stage_and_commit_on_head(repository: &git2::Repository, files: &[&str]) {
    let head = head(repository);
    let mut tree = git2::build::TreeUpdateBuilder::new();
    for file in files {
        let blob = repository.blob_path(&repository.workdir().unwrap().join(file)).expect("blob");
        tree.upsert(*file, blob, git2::FileMode::Blob);
    }
    let tree = repository.find_tree(tree.create_updated(repository, &head.tree().unwrap()).unwrap()).unwrap();
    let signature = fixed_signature();
    repository.commit(Some("HEAD"), &signature, &signature, "add c", &tree, &[&head]).expect("commit");
    let mut index = repository.index().expect("index");
    for file in files {
        index.add_path(Path::new(file)).expect("stage");
    }
    index.write().expect("write index");
}
