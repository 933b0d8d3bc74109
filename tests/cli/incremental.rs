//! The incremental workspace (`okr::check::incremental::LiveWorkspace`):
//! after every edit (a file added, changed, broken, fixed or removed), its
//! findings equal those of a fresh load and check of the same files from
//! disk, including findings across files (duplicate ids, unresolved and
//! wrong-period alignments, alignment loops, delegated key results,
//! objectives per team) that the edit creates or resolves. A scripted
//! sequence, then a proptest over random sequences (bounded and seeded).

use std::collections::BTreeSet;

use proptest::prelude::*;
use proptest::test_runner::{Config, RngSeed};

use okr::check::incremental::LiveWorkspace;
use okr::config::Config as OkrConfig;
use okr::findings::Diagnostic;

use crate::support::*;

/// A document of `team` in `period`, one objective per `(id, aligns_to)`,
/// each with two key results (`title` names the first one's title).
fn document(team: &str, period: &str, objectives: &[(&str, &[&str])]) -> String {
    let mut text = format!("team: {team}\nperiod: {period}\nobjectives:\n");
    for (id, aligns_to) in objectives {
        text.push_str(&format!("  - id: {id}\n    title: Make {id} better\n"));
        if !aligns_to.is_empty() {
            text.push_str(&format!("    aligns_to: [{}]\n", aligns_to.join(", ")));
        }
        text.push_str(&format!(
            "    key_results:\n      - id: k1\n        title: {id} moves\n        start: 0\n        target: 10\n      - id: k2\n        title: Second of {team} moves\n        start: 0\n        target: 4\n"
        ));
    }
    text
}

/// A live workspace and the directory that mirrors it on disk.
struct Mirror {
    dir: tempfile::TempDir,
    live: LiveWorkspace,
}

impl Mirror {
    fn new() -> Mirror {
        let dir = tempfile::tempdir().expect("temp dir");
        let live = LiveWorkspace::new(OkrConfig::default(), dir.path().to_owned());
        Mirror { dir, live }
    }

    fn set(&mut self, name: &str, text: &[u8]) {
        write(self.dir.path(), name, text);
        self.live.set_file(self.dir.path().join(name), text.to_vec());
    }

    fn remove(&mut self, name: &str) {
        let path = self.dir.path().join(name);
        let on_disk = path.exists();
        if on_disk {
            std::fs::remove_file(&path).expect("remove");
        }
        assert_eq!(self.live.remove_file(&path), on_disk, "{name}");
    }

    /// The live findings, after asserting they equal a fresh load's.
    fn findings(&self) -> Vec<Diagnostic> {
        let live = self.live.findings();
        let (fresh, expected) = check_dir(self.dir.path());
        let fresh_files: Vec<&str> = fresh.files.iter().map(|f| f.display.as_str()).collect();
        let live_files: Vec<&str> = self.live.files().map(|f| f.display.as_str()).collect();
        assert_eq!(live_files, fresh_files);
        for (live, fresh) in self.live.files().zip(&fresh.files) {
            assert_eq!(live.text, fresh.text, "{:?}", live.display);
            assert_eq!(live.document, fresh.document, "{:?}", live.display);
        }
        assert_eq!(live, expected);
        live
    }

    /// The codes found, after asserting they equal a fresh load's.
    fn codes(&self) -> BTreeSet<&'static str> {
        self.findings().iter().map(|d| d.code.name()).collect()
    }
}

fn set(codes: &[&'static str]) -> BTreeSet<&'static str> {
    codes.iter().copied().collect()
}

#[test]
fn edits_that_create_and_resolve_findings_across_files_match_a_fresh_load() {
    let mut m = Mirror::new();
    assert_eq!(m.codes(), set(&[]));
    m.set("a.okr.yaml", document("a", "2026-Q3", &[("o1", &[])]).as_bytes());
    m.set("b.okr.yaml", document("b", "2026-Q3", &[("o2", &["a/o1"])]).as_bytes());
    assert_eq!(m.codes(), set(&[]));
    // Renaming the parent leaves the child's reference unresolved; renaming
    // it back resolves it.
    m.set("a.okr.yaml", document("a", "2026-Q3", &[("x1", &[])]).as_bytes());
    assert_eq!(m.codes(), set(&["alignment-unresolved"]));
    m.set("a.okr.yaml", document("a", "2026-Q3", &[("o1", &[])]).as_bytes());
    assert_eq!(m.codes(), set(&[]));
    // The same objective in a second file, then gone again.
    m.set("c.okr.yaml", document("a", "2026-Q3", &[("o1", &[])]).as_bytes());
    assert_eq!(m.codes(), set(&["duplicate-id"]));
    // A file sorted first moves every other file's id; the duplicate keeps
    // pointing at the right files.
    m.set("0.okr.yaml", document("z", "2026-Q3", &[("o9", &["a/o1@2026-Q2"])]).as_bytes());
    assert_eq!(m.codes(), set(&["duplicate-id", "alignment-period"]));
    m.remove("c.okr.yaml");
    m.remove("0.okr.yaml");
    assert_eq!(m.codes(), set(&[]));
    // A loop across two files, then broken by a file that no longer parses,
    // which leaves the other's reference unresolved; fixed, the loop is back.
    m.set("a.okr.yaml", document("a", "2026-Q3", &[("o1", &["b/o2"])]).as_bytes());
    assert_eq!(m.codes(), set(&["alignment-cycle"]));
    m.set("b.okr.yaml", b"team: b\nperiod: 2026-Q3\nobjectives: [\n");
    assert_eq!(m.codes(), set(&["yaml-syntax", "alignment-unresolved"]));
    m.set("b.okr.yaml", document("b", "2026-Q3", &[("o2", &["a/o1"])]).as_bytes());
    assert_eq!(m.codes(), set(&["alignment-cycle"]));
    m.set("b.okr.yaml", document("b", "2026-Q3", &[("o2", &[])]).as_bytes());
    assert_eq!(m.codes(), set(&[]));
    // A key result handed down word for word is delegated.
    m.set("d.okr.yaml", document("d", "2026-Q3", &[("o1", &["b/o2"])]).replace("o1 moves", "o2 moves").as_bytes());
    assert_eq!(m.codes(), set(&["kr-delegated"]));
    // Too many objectives for one team, across two files.
    let many: Vec<(&str, &[&str])> = ["p1", "p2", "p3", "p4", "p5"].iter().map(|id| (*id, &[][..])).collect();
    m.set("e.okr.yaml", document("a", "2026-Q3", &many).as_bytes());
    assert_eq!(m.codes(), set(&["kr-delegated", "objective-count"]));
    m.remove("e.okr.yaml");
    m.remove("d.okr.yaml");
    // Removing the parent's file leaves the child unresolved; removing a
    // file the workspace never had changes nothing.
    m.remove("a.okr.yaml");
    m.remove("never.okr.yaml");
    m.set("b.okr.yaml", document("b", "2026-Q3", &[("o2", &["a/o1"])]).as_bytes());
    assert_eq!(m.codes(), set(&["alignment-unresolved"]));
    m.remove("b.okr.yaml");
    assert!(m.live.is_empty());
    assert_eq!(m.codes(), set(&[]));
}

#[test]
fn a_file_broken_in_every_way_a_loader_knows_matches_a_fresh_load() {
    let mut m = Mirror::new();
    m.set("a.okr.yaml", document("a", "2026-Q3", &[("o1", &[])]).as_bytes());
    m.set("b.okr.yaml", b"\xEF\xBB\xBFteam: b\nperiod: 2026-Q3\nobjectives:\n  - title: no id\n");
    assert_eq!(m.codes(), set(&["schema"]));
    m.set("b.okr.yaml", b"team: b\n\xFF\n");
    assert_eq!(m.codes(), set(&["yaml-syntax"]));
    m.set("b.okr.yaml", b"");
    assert_eq!(m.codes(), set(&["schema"]));
    m.set("b.okr.yaml", &vec![b'#'; 4 * 1024 * 1024 + 1]);
    assert_eq!(m.codes(), set(&["yaml-syntax"]));
    m.set("b.okr.yaml", document("b", "2026-Q3", &[("o2", &["a/o1"])]).replace("target: 4", "target: 0").as_bytes());
    assert_eq!(m.codes(), set(&["kr-no-change"]));
}

#[test]
fn a_workspace_loaded_from_disk_matches_a_fresh_load_after_edits() {
    let dir = tree(&[
        ("a.okr.yaml", &document("a", "2026-Q3", &[("o1", &["b/o2"])])),
        ("b.okr.yaml", &document("b", "2026-Q3", &[("o2", &["a/o1"])])),
        ("c.okr.yaml", "team: c\n"),
    ]);
    let config = OkrConfig::default();
    let workspace = okr::load::workspace(&[], dir.path(), dir.path(), &config).expect("load");
    let live = LiveWorkspace::from_workspace(workspace, config, dir.path().to_owned());
    let mut m = Mirror { dir, live };
    assert_eq!(m.codes(), set(&["alignment-cycle", "schema"]));
    m.set("b.okr.yaml", document("b", "2026-Q3", &[("o2", &[])]).as_bytes());
    assert_eq!(m.codes(), set(&["schema"]));
    assert_eq!(m.live.id_of(&m.dir.path().join("c.okr.yaml")), Some(2));
}

/// One edit of the proptest: set file `file` to text `text`, or remove it.
#[derive(Debug, Clone)]
enum Edit {
    Set { file: usize, text: String },
    Remove { file: usize },
}

const FILES: [&str; 4] = ["a.okr.yaml", "b.okr.yaml", "sub/c.okr.yaml", "d.okr.yaml"];

/// A small document from a small vocabulary, so that edits keep running into
/// each other: two teams, three objective ids, references among them (to
/// other periods too), and now and then a broken file.
fn text() -> impl Strategy<Value = String> {
    let reference = prop::sample::select(vec!["a/o1", "b/o2", "a/o3", "b/o1/k1", "a/o2@2026", "b/o1@2026-Q2", "x/o1"]);
    let objective = (prop::sample::select(vec!["o1", "o2", "o3"]), proptest::collection::vec(reference, 0..3));
    let healthy = (
        prop::sample::select(vec!["a", "b"]),
        prop::sample::select(vec!["2026-Q3", "2026"]),
        proptest::collection::vec(objective, 1..4),
    )
        .prop_map(|(team, period, objectives)| {
            let objectives: Vec<(&str, &[&str])> = objectives.iter().map(|(id, refs)| (*id, refs.as_slice())).collect();
            document(team, period, &objectives)
        });
    prop_oneof![
        6 => healthy,
        1 => Just("team: a\nperiod: 2026-Q3\nobjectives: [\n".to_owned()),
        1 => Just("team: a\nperiod: 2026-Q3\nobjectives:\n  - id: o1\n    key_results: []\n".to_owned()),
    ]
}

fn edit() -> impl Strategy<Value = Edit> {
    prop_oneof![
        5 => (0..FILES.len(), text()).prop_map(|(file, text)| Edit::Set { file, text }),
        1 => (0..FILES.len()).prop_map(|file| Edit::Remove { file }),
    ]
}

proptest! {
    #![proptest_config(Config { cases: 48, rng_seed: RngSeed::Fixed(14), failure_persistence: None, ..Config::default() })]

    #[test]
    fn any_sequence_of_edits_matches_a_fresh_load(edits in proptest::collection::vec(edit(), 1..10)) {
        let mut m = Mirror::new();
        for edit in edits {
            match edit {
                Edit::Set { file, text } => m.set(FILES[file], text.as_bytes()),
                Edit::Remove { file } => m.remove(FILES[file]),
            }
            m.findings();
        }
    }
}

/// `okr check` drops every document after its own rules and keeps the text
/// only of files with findings; a file whose only finding comes from the
/// rules across files is read again, so its snippet still shows.
#[test]
fn checking_without_documents_finds_and_shows_what_a_full_load_does() {
    let dir = tree(&[
        ("a.okr.yaml", &document("a", "2026-Q3", &[("o1", &["b/o2"])])),
        ("b.okr.yaml", &document("b", "2026-Q3", &[("o2", &["a/o1"])])),
        ("c.okr.yaml", &document("a", "2026-Q3", &[("o1", &[])])),
        ("d.okr.yaml", &document("d", "2026-Q3", &[("o4", &[])])),
        ("e.okr.yaml", "team: e\n"),
    ]);
    let config = OkrConfig::default();
    let (lean, findings) = okr::check::load_and_run(&[], dir.path(), dir.path(), &config).expect("load");
    let (full, expected) = check_dir(dir.path());
    assert_eq!(findings, expected);
    let codes: BTreeSet<&str> = findings.iter().map(|d| d.code.name()).collect();
    assert_eq!(codes, set(&["alignment-cycle", "duplicate-id", "schema"]));
    assert_eq!(lean.diagnostics, full.diagnostics);
    for (file, (lean, full)) in lean.files.iter().zip(&full.files).enumerate() {
        assert_eq!(lean.display, full.display);
        assert!(lean.document.is_none(), "{:?}", lean.display);
        let shown = findings.iter().any(|d| d.file == file || d.related.iter().any(|r| r.file == file));
        assert_eq!(lean.text, if shown { full.text.clone() } else { String::new() }, "{:?}", lean.display);
    }
    assert_eq!(lean.files.len(), 5);
    // The human format shows the duplicate in c.okr.yaml with its line.
    let output = okr(dir.path(), &["check"]);
    assert!(stdout(&output).contains("  - id: o1"), "{}", stdout(&output));
}
