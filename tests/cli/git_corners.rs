//! Git's corner cases for the commands that read history (`report`, `diff`,
//! `score --rev`) and the one that commits (`checkin --commit`): detached
//! HEAD, unborn branch, merge commits, submodules, broken YAML and CRLF in
//! history, shallow clones, a repository owned by another user, a worktree,
//! a bare repository and replace refs. (`report.rs` has the report's own merge, broken
//! commit, shallow and unborn cases; they are not repeated here.)

use std::path::Path;
use std::process::Output;

use git2::{Oid, Repository};

use crate::git_fixture::{files, write_tree, Change, GitFixture};
use crate::support::*;

const FILE: &str = "a.okr.yaml";

fn doc(current: u32) -> String {
    valid_document("t", "2026-Q3", "o").replace("current: 5", &format!("current: {current}"))
}

/// Two July check-ins on `a.okr.yaml`, HEAD on `main`, the working tree and
/// index at HEAD, and a committer in the repository's own config.
fn history() -> GitFixture {
    let git = GitFixture::new();
    git.repository.set_head("refs/heads/main").expect("HEAD to main");
    git.commit(Change::new("2026-07-02", "Ana").write(FILE, doc(5)));
    git.commit(Change::new("2026-07-09", "Ben").write(FILE, doc(6)));
    let mut config = git.repository.config().and_then(|c| c.open_level(git2::ConfigLevel::Local)).expect("config");
    config.set_str("user.name", "Dana Check").expect("name");
    config.set_str("user.email", "dana@example.com").expect("email");
    checkout(&git.repository);
    git
}

fn checkout(repository: &Repository) {
    repository.checkout_head(Some(git2::build::CheckoutBuilder::new().force())).expect("checkout");
}

fn head(repository: &Repository) -> git2::Commit<'_> {
    repository.head().and_then(|h| h.peel_to_commit()).expect("HEAD")
}

fn ok(output: &Output) -> String {
    assert_eq!(output.status.code(), Some(0), "{}{}", stdout(output), stderr(output));
    stdout(output)
}

fn fails(output: &Output, needle: &str) {
    assert_eq!(output.status.code(), Some(2), "{}{}", stdout(output), stderr(output));
    assert!(stderr(output).contains(needle), "{needle:?} in {}", stderr(output));
}

fn json(output: &Output) -> serde_json::Value {
    serde_json::from_str(&ok(output)).expect("JSON")
}

/// The check-in values `report` found for `t/o/first` (the first commit
/// is where it starts, not a check-in).
fn checkins(dir: &Path) -> Vec<serde_json::Value> {
    let report = json(&okr(dir, &["report", "--period", "2026-Q3", "--format", "json"]));
    let key_results = report["teams"][0]["objectives"][0]["key_results"].as_array().expect("key results").clone();
    let first = key_results.into_iter().find(|k| k["ref"] == "t/o/first@2026-Q3").expect("t/o/first");
    first["checkins"].as_array().expect("check-ins").iter().map(|c| c["value"].clone()).collect()
}

/// `okr diff BASE HEAD --format json`: the refs of the changes.
fn changed(dir: &Path, base: &str, head: &str) -> Vec<String> {
    let diff = json(&okr(dir, &["diff", base, head, "--format", "json"]));
    diff["changes"]
        .as_array()
        .expect("changes")
        .iter()
        .map(|c| c["ref"].as_str().unwrap_or_default().to_owned())
        .collect()
}

fn checkin_commits(dir: &Path, value: &str) -> Output {
    okr(dir, &["checkin", "t/o/first@2026-Q3", value, "--commit"])
}

#[test]
fn detached_head() {
    let git = history();
    let main = head(&git.repository).id();
    git.repository.set_head_detached(main).expect("detach");
    assert_eq!(checkins(git.path()), [6]);
    assert_eq!(changed(git.path(), "HEAD~1", "HEAD"), ["t/o/first@2026-Q3"]);
    ok(&okr(git.path(), &["score", "--rev", "HEAD~1"]));
    ok(&checkin_commits(git.path(), "7"));
    // The commit goes on the detached HEAD; `main` stays where it was.
    assert!(git.repository.head_detached().expect("detached?"));
    assert_eq!(head(&git.repository).parent_ids().collect::<Vec<_>>(), [main]);
    assert_eq!(git.repository.find_reference("refs/heads/main").unwrap().target(), Some(main));
}

#[test]
fn unborn_branch() {
    let git = GitFixture::new();
    git.repository.set_head("refs/heads/main").expect("HEAD to main");
    write(git.path(), FILE, doc(5).as_bytes());
    fails(&okr(git.path(), &["score", "--rev", "HEAD"]), "the branch `main` has no commits yet");
    fails(&okr(git.path(), &["diff", "main"]), "main");
    let output = checkin_commits(git.path(), "7");
    fails(&output, "no commit to build on");
    assert_eq!(std::fs::read_to_string(git.path().join(FILE)).unwrap(), doc(5), "nothing written");
}

#[test]
fn merge_commits() {
    let git = history();
    let main = head(&git.repository).id();
    let side = git.commit_on(&[main], Some("refs/heads/side"), Change::new("2026-07-10", "Cy").write(FILE, doc(8)));
    let other = git.commit(Change::new("2026-07-11", "Di").write("README.md", "notes\n"));
    let merge = git.commit_on(&[other, side], Some("HEAD"), Change::new("2026-07-12", "Di").write(FILE, doc(8)));
    checkout(&git.repository);
    assert_eq!(changed(git.path(), "main~1", "HEAD"), ["t/o/first@2026-Q3"]);
    assert_eq!(changed(git.path(), "side", "HEAD"), Vec::<String>::new(), "side is merged: nothing new");
    let score = json(&okr(git.path(), &["score", "--rev", &merge.to_string(), "--format", "json"]));
    let first = &score["periods"][0]["teams"][0]["objectives"][0]["key_results"][0];
    assert_eq!(first["score"], 0.8, "{score}");
    ok(&checkin_commits(git.path(), "9"));
    assert_eq!(head(&git.repository).parent_ids().collect::<Vec<_>>(), [merge], "one parent: the merge");
}

/// A gitlink (mode 160000) in the tree, even one named like an OKR file,
/// is another repository's commit: never read as a file, and kept as it is
/// by `checkin --commit`.
#[test]
fn submodules() {
    let git = history();
    let repository = &git.repository;
    let link = Oid::from_str("1234567890123456789012345678901234567890").expect("an id");
    let parent = head(repository);
    let mut builder = repository.treebuilder(Some(&parent.tree().unwrap())).expect("treebuilder");
    builder.insert("vendor.okr.yaml", link, 0o160_000).expect("a gitlink");
    let modules = repository.blob(b"[submodule \"vendor\"]\n\tpath = vendor.okr.yaml\n\turl = ../vendor\n").unwrap();
    builder.insert(".gitmodules", modules, 0o100_644).expect(".gitmodules");
    let tree = repository.find_tree(builder.write().unwrap()).unwrap();
    let signature = git2::Signature::new("Sub", "sub@example.com", &crate::git_fixture::noon("2026-07-10")).unwrap();
    let with_link = repository.commit(Some("HEAD"), &signature, &signature, "submodule", &tree, &[&parent]).unwrap();
    checkout(repository);
    assert_eq!(checkins(git.path()), [6]);
    assert_eq!(changed(git.path(), "HEAD~1", "HEAD"), Vec::<String>::new());
    let score = json(&okr(git.path(), &["score", "--rev", "HEAD", "--format", "json"]));
    assert_eq!(score["periods"][0]["teams"].as_array().map(Vec::len), Some(1), "{score}");
    ok(&checkin_commits(git.path(), "7"));
    let committed = head(repository).tree().unwrap();
    let entry = committed.get_name("vendor.okr.yaml").expect("the gitlink is kept");
    assert_eq!((entry.id(), entry.filemode()), (link, 0o160_000));
    assert_eq!(head(repository).parent_id(0).unwrap(), with_link);
}

#[test]
fn a_history_commit_with_broken_yaml() {
    let git = history();
    let broken = git.commit(Change::new("2026-07-10", "Ed").write(FILE, "team: t\nobjectives: [\n"));
    git.commit(Change::new("2026-07-11", "Ed").write(FILE, doc(9)));
    checkout(&git.repository);
    // score --rev at the broken commit: the finding, exit 1; with --no-check, nothing to score.
    let output = okr(git.path(), &["score", "--rev", &broken.to_string()]);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    assert!(stderr(&output).contains("a.okr.yaml") && stderr(&output).contains("yaml-syntax"), "{}", stderr(&output));
    // With --no-check it says what it did not score, and scores nothing.
    let output = okr(git.path(), &["score", "--no-check", "--format", "json", "--rev", &broken.to_string()]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(stderr(&output).contains("not scored: the file cannot be read as an OKR file"), "{}", stderr(&output));
    assert_eq!(json(&output)["periods"], serde_json::json!([]));
    // diff across it compares the ends; from it, the file that parses again.
    assert_eq!(changed(git.path(), "HEAD~2", "HEAD"), ["t/o/first@2026-Q3"]);
    ok(&okr(git.path(), &["diff", &broken.to_string(), "HEAD"]));
    ok(&checkin_commits(git.path(), "10"));
}

#[test]
fn crlf_files_in_history() {
    let git = history();
    git.commit(Change::new("2026-07-10", "Fi").write(FILE, doc(6).replace('\n', "\r\n")));
    git.commit(Change::new("2026-07-11", "Fi").write(FILE, doc(7).replace('\n', "\r\n")));
    // Line endings alone are no change and no check-in; the value is.
    assert_eq!(checkins(git.path()), [6, 7]);
    assert_eq!(changed(git.path(), "HEAD~2", "HEAD~1"), Vec::<String>::new());
    assert_eq!(changed(git.path(), "HEAD~1", "HEAD"), ["t/o/first@2026-Q3"]);
    ok(&okr(git.path(), &["score", "--rev", "HEAD"]));
}

#[test]
fn checkin_commit_with_autocrlf_keeps_lf_in_history() {
    let git = history();
    let mut config = git.repository.config().and_then(|c| c.open_level(git2::ConfigLevel::Local)).unwrap();
    config.set_bool("core.autocrlf", true).unwrap();
    // What a checkout with core.autocrlf leaves on disk: CRLF, while HEAD holds LF.
    write(git.path(), FILE, doc(6).replace('\n', "\r\n").as_bytes());
    // A fresh handle: libgit2 caches `core.autocrlf` per repository object.
    let fresh = Repository::open(git.path()).unwrap();
    let mut index = fresh.index().unwrap();
    index.add_path(Path::new(FILE)).unwrap();
    index.write().unwrap();
    ok(&checkin_commits(git.path(), "7"));
    assert_eq!(std::fs::read_to_string(git.path().join(FILE)).unwrap(), doc(7).replace('\n', "\r\n"));
    let blob = head(&git.repository).tree().unwrap().get_path(Path::new(FILE)).unwrap().id();
    let committed = git.repository.find_blob(blob).unwrap();
    assert_eq!(std::str::from_utf8(committed.content()).unwrap(), doc(7), "LF in history, one line changed");
}

#[test]
fn shallow_clone() {
    let git = history();
    let boundary = head(&git.repository).parent_id(0).unwrap();
    git.commit(Change::new("2026-07-10", "Gus").write(FILE, doc(7)));
    checkout(&git.repository);
    std::fs::write(git.path().join(".git/shallow"), format!("{boundary}\n")).expect(".git/shallow");
    assert_eq!(changed(git.path(), "HEAD~1", "HEAD"), ["t/o/first@2026-Q3"]);
    ok(&okr(git.path(), &["diff", &boundary.to_string(), "HEAD"]));
    let report = json(&okr(git.path(), &["report", "--period", "2026-Q3", "--format", "json"]));
    assert_eq!(report["shallow"], true);
    assert_eq!(checkins(git.path()).last(), Some(&serde_json::json!(7)));
    ok(&okr(git.path(), &["score", "--rev", "HEAD~1"]));
    ok(&checkin_commits(git.path(), "8"));
    assert_eq!(head(&git.repository).message(), Some("okr: check in t/o/first@2026-Q3: 7 → 8"));
}

/// libgit2 refuses a repository whose directory another user owns, as git
/// does (CVE-2022-24765), unless `safe.directory` names it; okr says so and
/// honours the setting. Needs root, to hand the repository to `nobody`.
#[cfg(unix)]
#[test]
fn a_repository_owned_by_another_user() {
    let git = history();
    let home = tempfile::tempdir().expect("a home");
    let chowned = std::process::Command::new("chown").args(["-R", "65534:65534"]).arg(git.path()).output();
    if !chowned.is_ok_and(|o| o.status.success()) {
        return; // Not root: cannot give the repository away.
    }
    let run = |args: &[&str]| {
        let mut command = okr_command(git.path(), args);
        command.env("HOME", home.path()).env("XDG_CONFIG_HOME", home.path());
        command.output().expect("run okr")
    };
    if run(&["score", "--rev", "HEAD"]).status.success() {
        return; // The machine's system config trusts every directory: nothing to see.
    }
    for args in [
        &["report", "--period", "2026-Q3"][..],
        &["diff", "HEAD~1", "HEAD"],
        &["score", "--rev", "HEAD"],
        &["checkin", "t/o/first@2026-Q3", "7", "--commit"],
    ] {
        let output = run(args);
        fails(&output, "owned by another user");
        assert!(stderr(&output).contains("safe.directory"), "{args:?}: {}", stderr(&output));
    }
    assert_eq!(std::fs::read_to_string(git.path().join(FILE)).unwrap(), doc(6), "nothing written");
    let trusted = format!("[safe]\n\tdirectory = {}\n", git.path().display());
    std::fs::write(home.path().join(".gitconfig"), trusted).expect("a global config");
    ok(&run(&["report", "--period", "2026-Q3"]));
    ok(&run(&["diff", "HEAD~1", "HEAD"]));
    ok(&run(&["score", "--rev", "HEAD"]));
    ok(&run(&["checkin", "t/o/first@2026-Q3", "7", "--commit"]));
}

#[test]
fn a_worktree() {
    let git = history();
    let main = head(&git.repository).id();
    let place = tempfile::tempdir().expect("temp dir");
    let path = place.path().join("wt");
    let worktree = git.repository.worktree("wt", &path, None).expect("a worktree");
    let repository = Repository::open_from_worktree(&worktree).expect("open the worktree");
    assert_eq!(checkins(&path), [6]);
    assert_eq!(changed(&path, "HEAD~1", "HEAD"), ["t/o/first@2026-Q3"]);
    ok(&okr(&path, &["diff", "main"]));
    ok(&okr(&path, &["score", "--rev", "HEAD"]));
    ok(&checkin_commits(&path, "7"));
    assert_eq!(head(&repository).parent_ids().collect::<Vec<_>>(), [main]);
    assert_eq!(repository.head().unwrap().shorthand(), Some("wt"), "on the worktree's branch");
    assert_eq!(git.repository.find_reference("refs/heads/main").unwrap().target(), Some(main), "main unmoved");
}

#[test]
fn a_bare_repository() {
    let dir = tempfile::tempdir().expect("temp dir");
    let bare = dir.path().join("repo.git");
    let repository = Repository::init_bare(&bare).expect("init --bare");
    let mut parent: Option<Oid> = None;
    for (n, value) in [5, 6].into_iter().enumerate() {
        let tree = repository.find_tree(write_tree(&repository, &files(&[(FILE, &doc(value))]))).unwrap();
        let when = crate::git_fixture::noon(&format!("2026-07-0{}", n + 2));
        let signature = git2::Signature::new("Bare", "bare@example.com", &when).unwrap();
        let parents: Vec<git2::Commit<'_>> = parent.iter().map(|p| repository.find_commit(*p).unwrap()).collect();
        let parents: Vec<&git2::Commit<'_>> = parents.iter().collect();
        parent = Some(repository.commit(Some("HEAD"), &signature, &signature, "c", &tree, &parents).unwrap());
    }
    let at = dir.path();
    // The read-only commands on revisions work with `-C repo.git` …
    let report = json(&okr(at, &["-C", "repo.git", "report", "--period", "2026-Q3", "--format", "json"]));
    let first = &report["teams"][0]["objectives"][0]["key_results"][0];
    assert_eq!(first["checkins"].as_array().map(Vec::len), Some(1), "{report}");
    let diff = json(&okr(at, &["-C", "repo.git", "diff", "HEAD~1", "HEAD", "--format", "json"]));
    assert_eq!(diff["changes"].as_array().map(Vec::len), Some(1), "{diff}");
    ok(&okr(at, &["-C", "repo.git", "score", "--rev", "HEAD"]));
    // … and those that read files on disk say there are none.
    for args in [&["score"][..], &["check"], &["diff", "HEAD~1"], &["checkin", "t/o/first", "7", "--commit"]] {
        let mut all = vec!["-C", "repo.git"];
        all.extend_from_slice(args);
        fails(&okr(at, &all), "bare git repository");
    }
}

#[test]
fn replace_refs_are_not_applied_and_okr_says_so() {
    // `git replace` makes git read one commit in place of another; libgit2
    // does not, so git showed one value and okr another, without a word.
    // okr reads objects as stored, and says on stderr that the repository
    // has replace refs.
    let git = history();
    let warning = "replace ref";
    let report = okr(git.path(), &["report", "--period", "2026-Q3", "--format", "json"]);
    assert!(!stderr(&report).contains(warning), "no replace ref yet: {}", stderr(&report));

    // A replacement for HEAD (which sets 6) that sets 9, as `git replace` makes.
    let stored = head(&git.repository);
    let tree = write_tree(&git.repository, &files(&[(FILE, &doc(9))]));
    let tree = git.repository.find_tree(tree).expect("tree");
    let parent = stored.parent(0).expect("parent");
    let replacement = git
        .repository
        .commit(None, &stored.author(), &stored.committer(), "replaced", &tree, &[&parent])
        .expect("commit");
    git.repository.reference(&format!("refs/replace/{}", stored.id()), replacement, false, "replace").expect("ref");

    let report = okr(git.path(), &["report", "--period", "2026-Q3", "--format", "json"]);
    assert_eq!(stderr(&report).matches(warning).count(), 1, "{}", stderr(&report));
    assert!(stderr(&report).contains("git --no-replace-objects"), "{}", stderr(&report));
    assert_eq!(checkins(git.path()), [6], "the commit as stored");
    let diff = okr(git.path(), &["diff", "HEAD~1", "HEAD", "--format", "json"]);
    assert!(stderr(&diff).contains(warning), "{}", stderr(&diff));
    let diff = json(&diff);
    let change = diff["changes"].as_array().expect("changes").iter().find(|c| c["ref"] == "t/o/first@2026-Q3");
    let current = change.and_then(|c| c["fields"].as_array()).and_then(|f| f.iter().find(|f| f["field"] == "current"));
    assert_eq!(current.map(|f| (&f["old"], &f["new"])), Some((&5.into(), &6.into())), "{diff}");
    let score = okr(git.path(), &["score", "--rev", "HEAD", "--format", "json"]);
    assert!(stderr(&score).contains(warning), "{}", stderr(&score));
    let first = &json(&score)["periods"][0]["teams"][0]["objectives"][0]["key_results"][0];
    assert_close(&first["score"], 0.6, "t/o/first at 6 of 10, not the replacement's 9");
    // Without --rev, score reads the working tree, not git: nothing to say.
    let worktree = okr(git.path(), &["score", "--format", "json"]);
    assert!(!stderr(&worktree).contains(warning), "{}", stderr(&worktree));
}
