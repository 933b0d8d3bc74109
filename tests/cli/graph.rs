//! `okr graph` through the binary: snapshots of every format
//! on `examples/`, the edges, parents, aligned scores and shares, the period
//! filter, and the syntax of the DOT and Mermaid outputs.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::process::Output;

use serde_json::Value;

use crate::support::*;

fn ok(output: Output) -> String {
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(stderr(&output).is_empty(), "{}", stderr(&output));
    stdout(&output)
}

/// `okr graph --format FORMAT ARGS` in `dir`.
fn graph_text(dir: &Path, format: &str, args: &[&str]) -> String {
    let mut all = vec!["graph", "--format", format, "--color", "never"];
    all.extend_from_slice(args);
    ok(okr(dir, &all))
}

fn graph_json(dir: &Path, args: &[&str]) -> Value {
    serde_json::from_str(&graph_text(dir, "json", args)).expect("JSON on stdout")
}

fn examples(format: &str, args: &[&str]) -> String {
    let mut all = vec!["examples"];
    all.extend_from_slice(args);
    graph_text(&repo(), format, &all)
}

fn nodes(graph: &Value) -> &Vec<Value> {
    graph["nodes"].as_array().expect("nodes")
}

fn node<'a>(graph: &'a Value, canonical: &str) -> &'a Value {
    nodes(graph).iter().find(|n| n["ref"] == canonical).unwrap_or_else(|| panic!("node {canonical}"))
}

fn objective_refs(graph: &Value) -> BTreeSet<&str> {
    nodes(graph).iter().filter(|n| n["type"] == "objective").map(|n| n["ref"].as_str().expect("a ref")).collect()
}

/// (from, to) of the edges of one type.
fn edges<'a>(graph: &'a Value, kind: &str) -> BTreeSet<(&'a str, &'a str)> {
    graph["edges"]
        .as_array()
        .expect("edges")
        .iter()
        .filter(|e| e["type"] == kind)
        .map(|e| (e["from"].as_str().expect("from"), e["to"].as_str().expect("to")))
        .collect()
}

/// `team/objective/kr@period` → `team/objective@period`.
fn objective_of(kr: &str) -> String {
    let (path, period) = kr.split_once('@').expect("a period");
    let (objective, _) = path.rsplit_once('/').expect("a key result");
    format!("{objective}@{period}")
}

// --- Snapshots of examples/ ---

#[test]
fn tree_snapshot() {
    insta::assert_snapshot!("graph_tree", examples("tree", &[]));
}

#[test]
fn mermaid_snapshot() {
    insta::assert_snapshot!("graph_mermaid", examples("mermaid", &[]));
}

#[test]
fn dot_snapshot() {
    insta::assert_snapshot!("graph_dot", examples("dot", &[]));
}

#[test]
fn json_snapshot() {
    insta::assert_snapshot!("graph_json", examples("json", &[]));
}

#[test]
fn tree_q3_snapshot() {
    insta::assert_snapshot!("graph_tree_q3", examples("tree", &["--period", "2026-Q3"]));
}

// --- Edges ---

#[test]
fn every_key_result_has_an_edge_to_its_objective() {
    let graph = graph_json(&repo(), &["examples"]);
    assert_eq!(graph["version"], 1);
    let key_results: Vec<&str> =
        nodes(&graph).iter().filter(|n| n["type"] == "key_result").map(|n| n["ref"].as_str().expect("a ref")).collect();
    let expected: BTreeSet<(&str, String)> = key_results.iter().map(|kr| (*kr, objective_of(kr))).collect();
    let actual: BTreeSet<(&str, String)> =
        edges(&graph, "key_result").into_iter().map(|(f, t)| (f, t.to_owned())).collect();
    assert_eq!(actual, expected);
    for (_, objective) in &expected {
        assert!(objective_refs(&graph).contains(objective.as_str()), "{objective} is a node");
    }
    // Every key result of every file is a node (through the library).
    let (workspace, _) = check_dir(&repo().join("examples"));
    let written: usize = workspace.documents().flat_map(|(_, d)| &d.objectives).map(|o| o.key_results.len()).sum();
    assert_eq!(key_results.len(), written);
    let types: BTreeSet<&str> =
        graph["edges"].as_array().expect("edges").iter().map(|e| e["type"].as_str().expect("a type")).collect();
    assert_eq!(types, BTreeSet::from(["aligns_to", "key_result"]));
}

#[test]
fn every_aligns_to_has_an_edge_to_the_referenced_node() {
    let graph = graph_json(&repo(), &["examples"]);
    let expected = BTreeSet::from([
        ("engineering/paved-road@2026-H2", "company/ship-faster@2026"),
        ("engineering/reliable-core@2026-H2", "company/delight-shoppers@2026"),
        ("platform/boring-deploys@2026-Q3", "company/ship-faster/lead-time@2026"),
        ("platform/observability@2026-Q3", "engineering/paved-road@2026-H2"),
        ("checkout/frictionless-checkout@2026-Q3", "company/delight-shoppers@2026"),
        ("checkout/payment-reliability@2026-Q3", "company/delight-shoppers@2026"),
        ("checkout/payment-reliability@2026-Q3", "engineering/reliable-core@2026-H2"),
        ("mobile/app-checkout@2026-Q3", "checkout/frictionless-checkout@2026-Q3"),
        ("mobile/app-store-love@2026-Q3", "company/delight-shoppers@2026"),
        ("data/trusted-metrics@2026-Q3", "company/trusted-data@2026"),
        ("data/experimentation@2026-Q3", "company/ship-faster@2026"),
    ]);
    assert_eq!(edges(&graph, "aligns_to"), expected);
    let (workspace, _) = check_dir(&repo().join("examples"));
    let written: usize = workspace.documents().flat_map(|(_, d)| &d.objectives).map(|o| o.aligns_to.len()).sum();
    assert_eq!(expected.len(), written, "one edge per reference written");
    for (from, to) in expected {
        assert_eq!(node(&graph, from)["type"], "objective");
        let target = node(&graph, to);
        let kind = if to.matches('/').count() == 2 { "key_result" } else { "objective" };
        assert_eq!(target["type"], kind, "{to}");
    }
}

// --- A small tree ---

fn objective(id: &str, title: &str, aligns_to: &str, krs: &[&str]) -> String {
    let mut text = format!("  - id: {id}\n    title: {title}\n");
    if !aligns_to.is_empty() {
        text.push_str(&format!("    aligns_to: {aligns_to}\n"));
    }
    text.push_str("    key_results:\n");
    for (i, kr) in krs.iter().enumerate() {
        text.push_str(&format!(
            "      - id: kr-{i}\n        title: Result {id} {}\n        {kr}\n",
            ["one", "two", "three"][i]
        ));
    }
    text
}

fn document(team: &str, period: &str, objectives: &[String]) -> String {
    format!("team: {team}\nperiod: \"{period}\"\nobjectives:\n{}", objectives.concat())
}

const DONE: &str = "done: true";
const NOT_DONE: &str = "done: false";

/// company@2026: `root` (0.4), `unrelated` (1); engineering@2026-H2: `mid`
/// (0.8) → root; web@2026-Q3: `leaf` (0.5) → mid and root, `solo` (1, aligned
/// to nothing, nothing aligns to it); web@2026-Q4: `sibling` (0) → root.
fn small_tree() -> tempfile::TempDir {
    let progress = |current: u32| format!("start: 0\n        target: 10\n        current: {current}");
    tree(&[
        (
            "company.okr.yaml",
            &document(
                "company",
                "2026",
                &[
                    objective("root", "Grow the business", "", &[&progress(8), NOT_DONE]),
                    objective("unrelated", "Keep the lights on", "", &[DONE, DONE]),
                ],
            ),
        ),
        (
            "engineering.okr.yaml",
            &document(
                "engineering",
                "2026-H2",
                &[objective("mid", "Build the platform", "company/root", &[&progress(6), DONE])],
            ),
        ),
        (
            "web-q3.okr.yaml",
            &document(
                "web",
                "2026-Q3",
                &[
                    objective("leaf", "Ship the new site", "[engineering/mid, company/root]", &[DONE, NOT_DONE]),
                    objective("solo", "Tidy the office", "", &[DONE, DONE]),
                ],
            ),
        ),
        (
            "web-q4.okr.yaml",
            &document(
                "web",
                "2026-Q4",
                &[objective("sibling", "Plan next year", "company/root", &[NOT_DONE, NOT_DONE])],
            ),
        ),
    ])
}

/// Tree lines as (depth, canonical ref, whole line).
fn tree_lines(text: &str) -> Vec<(usize, &str, &str)> {
    text.lines()
        .take_while(|l| !l.is_empty())
        .map(|line| {
            let start = line.char_indices().find(|(_, c)| !"│├└─ ".contains(*c)).map(|(i, _)| i).expect("a ref");
            let depth = line[..start].chars().count() / 4;
            (depth, line[start..].split_whitespace().next().expect("a ref"), line)
        })
        .collect()
}

/// The ref on the line above `index` one level up.
fn parent<'a>(lines: &[(usize, &'a str, &str)], index: usize) -> Option<&'a str> {
    let depth = lines[index].0.checked_sub(1)?;
    lines[..index].iter().rev().find(|l| l.0 == depth).map(|l| l.1)
}

#[test]
fn two_parents_appear_under_both() {
    let dir = small_tree();
    let text = graph_text(dir.path(), "tree", &[]);
    let lines = tree_lines(&text);
    let leaf: Vec<usize> = (0..lines.len()).filter(|&i| lines[i].1 == "web/leaf@2026-Q3").collect();
    assert_eq!(leaf.len(), 2, "{text}");
    let parents: BTreeSet<Option<&str>> = leaf.iter().map(|&i| parent(&lines, i)).collect();
    assert_eq!(parents, BTreeSet::from([Some("company/root@2026"), Some("engineering/mid@2026-H2")]), "{text}");
    for i in leaf {
        assert!(lines[i].2.contains("[2 parents]"), "{}", lines[i].2);
    }
    let mid = lines.iter().position(|l| l.1 == "engineering/mid@2026-H2").expect("mid");
    assert!(!lines[mid].2.contains("parents]"), "one parent is not marked: {}", lines[mid].2);

    // The examples: payment-reliability under delight-shoppers and reliable-core.
    let text = examples("tree", &[]);
    let lines = tree_lines(&text);
    let found: BTreeSet<Option<&str>> = (0..lines.len())
        .filter(|&i| lines[i].1 == "checkout/payment-reliability@2026-Q3")
        .map(|i| parent(&lines, i))
        .collect();
    assert_eq!(
        found,
        BTreeSet::from([Some("company/delight-shoppers@2026"), Some("engineering/reliable-core@2026-H2")])
    );
    assert_eq!(text.matches("[2 parents]").count(), 2, "{text}");
}

#[test]
fn children_score_is_the_mean_of_what_aligns_to_a_node() {
    let dir = small_tree();
    let graph = graph_json(dir.path(), &[]);
    assert_close(&node(&graph, "company/root@2026")["score"], 0.4, "root");
    assert_close(&node(&graph, "engineering/mid@2026-H2")["score"], 0.8, "mid");
    assert_close(&node(&graph, "web/leaf@2026-Q3")["score"], 0.5, "leaf");
    assert_close(&node(&graph, "company/root@2026")["children_score"], (0.8 + 0.5 + 0.0) / 3.0, "mid, leaf, sibling");
    assert_close(&node(&graph, "engineering/mid@2026-H2")["children_score"], 0.5, "leaf");
    for leafless in ["company/unrelated@2026", "web/leaf@2026-Q3", "web/solo@2026-Q3", "company/root/kr-0@2026"] {
        assert!(node(&graph, leafless)["children_score"].is_null(), "{leafless}");
    }
    let tree = graph_tree(dir.path());
    let line = graph_text_line(&tree, "company/root@2026");
    assert!(line.contains("(aligned: 0.43)"), "{line}");

    // The same rule everywhere in the examples, key results included.
    let graph = graph_json(&repo(), &["examples"]);
    let scores: BTreeMap<&str, f64> = nodes(&graph)
        .iter()
        .map(|n| (n["ref"].as_str().expect("a ref"), n["score"].as_f64().expect("a score")))
        .collect();
    // An objective counts what aligns to it and to its key results.
    let mut aligners: BTreeMap<String, Vec<f64>> = BTreeMap::new();
    for (from, to) in edges(&graph, "aligns_to") {
        aligners.entry(to.to_owned()).or_default().push(scores[from]);
        if to.matches('/').count() == 2 {
            aligners.entry(objective_of(to)).or_default().push(scores[from]);
        }
    }
    for n in nodes(&graph) {
        let canonical = n["ref"].as_str().expect("a ref");
        match aligners.get(canonical) {
            Some(children) => {
                assert_close(&n["children_score"], children.iter().sum::<f64>() / children.len() as f64, canonical)
            }
            None => assert!(n["children_score"].is_null(), "{canonical}"),
        }
    }
    let delight = &node(&graph, "company/delight-shoppers@2026")["children_score"];
    assert_eq!(aligners["company/delight-shoppers@2026"].len(), 4);
    assert!(delight.as_f64().is_some(), "{delight}");
}

fn graph_tree(dir: &Path) -> String {
    graph_text(dir, "tree", &[])
}

fn graph_text_line<'a>(text: &'a str, canonical: &str) -> &'a str {
    text.lines().find(|l| l.contains(canonical)).unwrap_or_else(|| panic!("{canonical} in {text}"))
}

#[test]
fn aligned_share_and_unaligned_list() {
    let dir = small_tree();
    let graph = graph_json(dir.path(), &[]);
    assert_eq!(objective_refs(&graph).len(), 6);
    // company/root and company/unrelated are top-level (nothing in a period
    // enclosing 2026): they have nothing to align to and are not counted.
    assert_close(&graph["aligned"], 3.0 / 4.0, "mid, leaf and sibling align; solo does not");
    assert_eq!(graph["unaligned"], serde_json::json!(["web/solo@2026-Q3"]));
    let text = graph_tree(dir.path());
    assert!(text.contains("3 of 4 objectives align to something (75%)."), "{text}");
    assert!(text.contains("Unaligned (align to nothing, nothing aligns to them): web/solo@2026-Q3"), "{text}");

    let examples = graph_json(&repo(), &["examples"]);
    assert_close(&examples["aligned"], 1.0, "every objective below the company's aligns");
    assert_eq!(examples["unaligned"], serde_json::json!([]));

    let empty = tree(&[("notes.txt", "nothing")]);
    let graph = graph_json(empty.path(), &[]);
    assert!(graph["aligned"].is_null(), "{graph}");
    assert!(graph_tree(empty.path()).contains("No objectives."));
}

#[test]
fn top_level_objectives_were_counted_as_unaligned() {
    // A company file alone: its objectives have nothing above them.
    let company = document("company", "2026", &[objective("root", "Grow the business", "", &[DONE, DONE])]);
    let dir = tree(&[("company.okr.yaml", &company)]);
    let graph = graph_json(dir.path(), &[]);
    assert_eq!(graph["unaligned"], serde_json::json!([]), "{graph}");
    assert!(graph["aligned"].is_null(), "no objective could align: no share, {graph}");
    let text = graph_tree(dir.path());
    assert!(text.contains("Only top-level objectives: there is nothing above them to align to."), "{text}");
    // A quarter's objectives with nothing in its half or year are top-level
    // too, even when other years have objectives.
    let quarter = document("web", "2026-Q3", &[objective("solo", "Tidy the office", "", &[DONE, DONE])]);
    let other_year = document("company", "2025", &[objective("old", "Last year", "", &[DONE, DONE])]);
    let dir = tree(&[("web.okr.yaml", &quarter), ("company.okr.yaml", &other_year)]);
    assert_eq!(graph_json(dir.path(), &[])["unaligned"], serde_json::json!([]));
    // But one objective in the enclosing year makes the quarter's answerable.
    let year = document("company", "2026", &[objective("root", "Grow", "", &[DONE, DONE])]);
    let dir = tree(&[("web.okr.yaml", &quarter), ("company.okr.yaml", &year)]);
    let graph = graph_json(dir.path(), &[]);
    assert_eq!(graph["unaligned"], serde_json::json!(["web/solo@2026-Q3"]));
    assert_close(&graph["aligned"], 0.0, "solo could align and does not");
}

#[test]
fn graph_had_no_team_filter() {
    let dir = small_tree();
    let graph = graph_json(dir.path(), &["--team", "web"]);
    assert_eq!(
        objective_refs(&graph),
        BTreeSet::from([
            "company/root@2026",
            "engineering/mid@2026-H2",
            "web/leaf@2026-Q3",
            "web/solo@2026-Q3",
            "web/sibling@2026-Q4"
        ]),
        "the team's objectives and what they align to, not company/unrelated"
    );
    // The share is about the team's objectives: leaf and sibling of three.
    assert_close(&graph["aligned"], 2.0 / 3.0, "web's objectives");
    assert_eq!(graph["unaligned"], serde_json::json!(["web/solo@2026-Q3"]));
    // Repeatable, and with a period in lowercase.
    let graph = graph_json(dir.path(), &["--team", "web", "--team", "engineering", "--period", "2026-q3"]);
    assert_eq!(
        objective_refs(&graph),
        BTreeSet::from(["company/root@2026", "engineering/mid@2026-H2", "web/leaf@2026-Q3", "web/solo@2026-Q3"])
    );
}

#[test]
fn period_filter_adds_the_enclosing_parents_only() {
    let dir = small_tree();
    let graph = graph_json(dir.path(), &["--period", "2026-Q3"]);
    assert_eq!(
        objective_refs(&graph),
        BTreeSet::from(["company/root@2026", "engineering/mid@2026-H2", "web/leaf@2026-Q3", "web/solo@2026-Q3"]),
        "not company/unrelated (nothing in Q3 aligns to it), not web/sibling (Q4)"
    );
    assert_eq!(
        edges(&graph, "aligns_to"),
        BTreeSet::from([
            ("engineering/mid@2026-H2", "company/root@2026"),
            ("web/leaf@2026-Q3", "company/root@2026"),
            ("web/leaf@2026-Q3", "engineering/mid@2026-H2"),
        ])
    );
    for n in nodes(&graph) {
        assert!(
            !n["ref"].as_str().expect("a ref").starts_with("company/unrelated/"),
            "no key result of a hidden objective"
        );
    }
    assert_close(&node(&graph, "company/root@2026")["children_score"], (0.8 + 0.5) / 2.0, "only what is shown");
    let text = graph_text(dir.path(), "tree", &["--period", "2026-Q3"]);
    assert!(!text.contains("unrelated") && !text.contains("sibling"), "{text}");

    // Q4 brings root but not mid (nothing in Q4 aligns to it).
    let q4 = graph_json(dir.path(), &["--period", "2026-Q4"]);
    assert_eq!(objective_refs(&q4), BTreeSet::from(["company/root@2026", "web/sibling@2026-Q4"]));

    // The examples: every year and half objective is aligned to from Q3.
    let q3 = graph_json(&repo(), &["examples", "--period", "2026-Q3"]);
    assert_eq!(objective_refs(&q3).len(), 13);
    let h2 = graph_json(&repo(), &["examples", "--period", "2026-H2"]);
    assert_eq!(
        objective_refs(&h2),
        BTreeSet::from([
            "company/delight-shoppers@2026",
            "company/ship-faster@2026",
            "engineering/paved-road@2026-H2",
            "engineering/reliable-core@2026-H2"
        ]),
        "no quarter objectives, no unaligned-to year objective"
    );
}

#[test]
fn errors_stop_the_graph_unless_no_check() {
    let broken = valid_document("alpha", "2026-Q3", "speed")
        .replace("    key_results:\n", "    aligns_to: nobody/nothing\n    key_results:\n");
    let dir = tree(&[("alpha.okr.yaml", &broken)]);
    let output = okr(dir.path(), &["graph", "--format", "json", "--color", "never"]);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    assert!(output.stdout.is_empty(), "{}", stdout(&output));
    assert!(stderr(&output).contains("alignment-unresolved"), "{}", stderr(&output));
    let graph = graph_json(dir.path(), &["--no-check"]);
    assert_eq!(objective_refs(&graph), BTreeSet::from(["alpha/speed@2026-Q3"]));
    assert!(edges(&graph, "aligns_to").is_empty());
}

// --- Syntax of DOT and Mermaid ---

const AWKWARD_TITLE: &str = r#"Say "hi" \ back <now> & then"#;
const AWKWARD_KR: &str = r#"Reach "x" \ <y> & {z}"#;

/// Titles with quotes, backslashes, angle brackets, ampersands and braces, on
/// an objective and on a key result that another objective aligns to (so that
/// it is drawn too).
fn awkward_tree() -> tempfile::TempDir {
    let yaml = |text: &str| format!("'{}'", text.replace('\'', "''"));
    let odd = format!(
        "  - id: odd\n    title: {}\n    key_results:\n      - id: target\n        title: {}\n        done: true\n      - id: other\n        title: Something else\n        done: false\n",
        yaml(AWKWARD_TITLE),
        yaml(AWKWARD_KR)
    );
    let kid = objective("kid", "Help out", "weird/odd/target", &[DONE, NOT_DONE]);
    tree(&[("weird.okr.yaml", &format!("team: weird\nperiod: 2026-Q3\nobjectives:\n{odd}{kid}"))])
}

/// Check DOT's structure by hand: braces balanced outside strings, every
/// statement one of the forms okr writes, every label a well-escaped quoted
/// string, every edge between declared nodes. Returns the labels, unescaped,
/// by node id.
fn check_dot(text: &str) -> BTreeMap<String, String> {
    // Braces outside quoted strings.
    let (mut depth, mut in_string, mut escaped) = (0i32, false, false);
    for c in text.chars() {
        match (in_string, escaped, c) {
            (true, true, _) => escaped = false,
            (true, false, '\\') => escaped = true,
            (true, false, '"') => in_string = false,
            (true, false, _) => {}
            (false, _, '"') => in_string = true,
            (false, _, '{') => depth += 1,
            (false, _, '}') => {
                depth -= 1;
                assert!(depth >= 0, "unbalanced braces:\n{text}");
            }
            (false, _, _) => {}
        }
    }
    assert!(!in_string, "an unterminated string:\n{text}");
    assert_eq!(depth, 0, "unbalanced braces:\n{text}");

    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.first(), Some(&"digraph okr {"), "{text}");
    assert_eq!(lines.last(), Some(&"}"), "{text}");
    let mut labels = BTreeMap::new();
    let mut edges = Vec::new();
    for line in &lines[1..lines.len() - 1] {
        let statement = line.strip_prefix("  ").unwrap_or_else(|| panic!("indented: {line:?}"));
        if statement == "rankdir=BT;" || statement.starts_with("node [") && statement.ends_with("];") {
            continue;
        }
        if let Some((from, rest)) = statement.split_once(" -> ") {
            let to = rest
                .strip_suffix(" [style=dashed];")
                .or_else(|| rest.strip_suffix(';'))
                .unwrap_or_else(|| panic!("an edge: {line:?}"));
            assert!(is_id(from) && is_id(to), "{line:?}");
            edges.push((from, to));
            continue;
        }
        let (id, rest) =
            statement.split_once(" [label=\"").unwrap_or_else(|| panic!("a node with a quoted label: {line:?}"));
        assert!(is_id(id), "{line:?}");
        let (label, rest) = dot_string(rest).unwrap_or_else(|| panic!("a well-escaped label: {line:?}"));
        assert!(rest.starts_with(", fillcolor=\"#") && rest.ends_with("];"), "{line:?}");
        assert!(rest.ends_with(", shape=box];") || rest.ends_with(", shape=ellipse];"), "{line:?}");
        assert!(labels.insert(id.to_owned(), label).is_none(), "{id} declared twice");
    }
    assert!(!labels.is_empty(), "{text}");
    for (from, to) in edges {
        assert!(labels.contains_key(from) && labels.contains_key(to), "{from} -> {to} between declared nodes");
    }
    labels
}

/// `n` and digits.
fn is_id(text: &str) -> bool {
    text.strip_prefix('n').is_some_and(|digits| !digits.is_empty() && digits.chars().all(|c| c.is_ascii_digit()))
}

/// The rest of a DOT string after its opening quote: its text unescaped and
/// what follows the closing quote. Only `\\`, `\"` and `\n` are expected: any
/// other backslash would be a Graphviz escape (`\N`, `\G`, `\l`…).
fn dot_string(text: &str) -> Option<(String, &str)> {
    let mut value = String::new();
    let mut chars = text.char_indices();
    while let Some((i, c)) = chars.next() {
        match c {
            '"' => return Some((value, &text[i + 1..])),
            '\\' => match chars.next()?.1 {
                '\\' => value.push('\\'),
                '"' => value.push('"'),
                'n' => value.push('\n'),
                _ => return None,
            },
            _ => value.push(c),
        }
    }
    None
}

/// Run Graphviz on `text` when `dot` is installed.
fn graphviz_accepts(text: &str) {
    use std::io::Write;
    use std::process::{Command, Stdio};
    let Ok(mut child) =
        Command::new("dot").arg("-Tsvg").stdin(Stdio::piped()).stdout(Stdio::piped()).stderr(Stdio::piped()).spawn()
    else {
        crate::support::skip("Graphviz `dot` is not on PATH; the DOT output was checked structurally only");
        return;
    };
    child.stdin.take().expect("stdin").write_all(text.as_bytes()).expect("write to dot");
    let output = child.wait_with_output().expect("run dot");
    assert!(output.status.success(), "dot -Tsvg failed: {}\n{text}", String::from_utf8_lossy(&output.stderr));
    assert!(String::from_utf8_lossy(&output.stdout).contains("<svg"), "an SVG");
}

#[test]
fn dot_is_valid_on_the_examples() {
    let text = examples("dot", &[]);
    let labels = check_dot(&text);
    // The objectives and the one key result something aligns to.
    assert_eq!(labels.len(), 14, "{text}");
    assert!(labels.values().any(|l| l.starts_with("company/ship-faster/lead-time@2026\n")), "{labels:?}");
    graphviz_accepts(&text);
}

#[test]
fn dot_escapes_awkward_titles() {
    let dir = awkward_tree();
    let text = graph_text(dir.path(), "dot", &[]);
    let labels = check_dot(&text);
    assert!(labels.values().any(|l| l == &format!("weird/odd@2026-Q3\n{AWKWARD_TITLE}\n0.50 yellow")), "{labels:?}");
    assert!(labels.values().any(|l| l == &format!("weird/odd/target@2026-Q3\n{AWKWARD_KR}\n1.00 green")), "{labels:?}");
    graphviz_accepts(&text);
}

/// Check Mermaid's structure: `flowchart BT`, then node, class, edge and
/// classDef lines of the shapes okr writes, no raw `"` in a label, every edge
/// between declared nodes. Returns the labels by node id.
fn check_mermaid(text: &str) -> BTreeMap<String, String> {
    let mut lines = text.lines();
    assert_eq!(lines.next(), Some("flowchart BT"), "{text}");
    let mut labels = BTreeMap::new();
    let mut edges = Vec::new();
    let mut classes = Vec::new();
    for line in lines {
        let statement = line.strip_prefix("    ").unwrap_or_else(|| panic!("indented: {line:?}"));
        if statement.starts_with("classDef ") {
            continue;
        }
        if let Some(rest) = statement.strip_prefix("class ") {
            let (id, grade) = rest.split_once(' ').unwrap_or_else(|| panic!("{line:?}"));
            assert!(is_id(id) && ["green", "yellow", "red"].contains(&grade), "{line:?}");
            classes.push(id.to_owned());
            continue;
        }
        let parts: Vec<&str> = statement.split(' ').collect();
        if parts.len() == 3 && ["-->", "-.->"].contains(&parts[1]) {
            assert!(is_id(parts[0]) && is_id(parts[2]), "an edge: {line:?}");
            edges.push((parts[0], parts[2]));
            continue;
        }
        // A node: `n\d+` then `["…"]` (objective) or `(["…"])` (key result).
        let split = statement.find(['[', '(']).unwrap_or_else(|| panic!("a node: {line:?}"));
        let (id, shape) = statement.split_at(split);
        assert!(is_id(id), "{line:?}");
        let label = shape
            .strip_prefix("[\"")
            .and_then(|l| l.strip_suffix("\"]"))
            .or_else(|| shape.strip_prefix("([\"").and_then(|l| l.strip_suffix("\"])")))
            .unwrap_or_else(|| panic!("a node shape: {line:?}"));
        assert!(!label.contains('"'), "no raw quote in a label: {line:?}");
        assert!(labels.insert(id.to_owned(), label.to_owned()).is_none(), "{id} declared twice");
    }
    assert!(!labels.is_empty(), "{text}");
    for (from, to) in edges {
        assert!(labels.contains_key(from) && labels.contains_key(to), "{from} --> {to} between declared nodes");
    }
    for id in classes {
        assert!(labels.contains_key(&id), "class of a declared node: {id}");
    }
    labels
}

#[test]
fn mermaid_is_valid_on_the_examples() {
    let text = examples("mermaid", &[]);
    let labels = check_mermaid(&text);
    assert_eq!(labels.len(), 14, "{text}");
    assert_eq!(text.lines().filter(|l| l.contains(" --> ")).count(), 11, "one solid edge per alignment");
    assert_eq!(text.lines().filter(|l| l.contains(" -.-> ")).count(), 1, "lead-time to ship-faster");
}

#[test]
fn mermaid_escapes_awkward_titles() {
    let dir = awkward_tree();
    let text = graph_text(dir.path(), "mermaid", &[]);
    let labels = check_mermaid(&text);
    assert!(
        labels
            .values()
            .any(|l| l == r"weird/odd@2026-Q3<br/>Say #quot;hi#quot; \ back #lt;now#gt; #amp; then<br/>0.50 yellow"),
        "{labels:?}"
    );
    assert!(
        labels
            .values()
            .any(|l| l == r"weird/odd/target@2026-Q3<br/>Reach #quot;x#quot; \ #lt;y#gt; #amp; {z}<br/>1.00 green"),
        "{labels:?}"
    );
}
