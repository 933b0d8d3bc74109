//! `okr lsp`'s features over stdio, on a copy of the examples: completion,
//! hover, definition, references, rename, code actions (applied, then
//! checked again), document and workspace symbols, inlay hints.

use serde_json::{json, Value};

use crate::lsp::examples;
use crate::lsp_client::{position, Client};

const PLATFORM: &str = "teams/platform/2026-Q3.okr.yaml";
const COMPANY: &str = "company/2026.okr.yaml";
const NEW: &str = "teams/growth/2026-Q3.okr.yaml";

/// The text of a new team's file, its `aligns_to` being typed as `typed`.
fn typing(typed: &str) -> String {
    format!(
        "team: growth\nperiod: 2026-Q3\nobjectives:\n  - id: more-shoppers\n    title: More shoppers come back\n    aligns_to: {typed}\n    key_results:\n      - id: returning\n        title: Returning shoppers grow from 10 to 20\n        start: 10\n        target: 20\n        \n      - id: second\n        title: Second result moves\n        done: false\n"
    )
}

/// `text` with LSP `edits` applied (UTF-16 columns; the default).
/// Write a rename's edits to the files they name; the tree still checks clean.
fn apply_and_check(root: &std::path::Path, changes: &serde_json::Map<String, Value>) {
    for (uri, edits) in changes {
        let path = lsp_types::Url::parse(uri).unwrap().to_file_path().unwrap();
        let text = std::fs::read_to_string(&path).unwrap();
        std::fs::write(&path, apply(&text, edits.as_array().unwrap())).unwrap();
    }
    let check = crate::support::okr(root, &["check"]);
    assert!(check.status.success(), "{}", crate::support::stdout(&check));
}

fn apply(text: &str, edits: &[Value]) -> String {
    let offset = |p: &Value| -> usize {
        let (line, character) = (p["line"].as_u64().unwrap() as usize, p["character"].as_u64().unwrap() as usize);
        let start: usize = text.split_inclusive('\n').take(line).map(str::len).sum();
        let line_text = text[start..].split('\n').next().unwrap_or("");
        let mut units = 0;
        for (byte, c) in line_text.char_indices() {
            if units >= character {
                return start + byte;
            }
            units += c.len_utf16();
        }
        start + line_text.len()
    };
    let mut edits: Vec<&Value> = edits.iter().collect();
    edits.sort_by_key(|e| std::cmp::Reverse(offset(&e["range"]["start"])));
    let mut text = text.to_owned();
    for edit in edits {
        let (start, end) = (offset(&edit["range"]["start"]), offset(&edit["range"]["end"]));
        text.replace_range(start..end, edit["newText"].as_str().unwrap());
    }
    text
}

fn labels_of(completion: &Value) -> Vec<String> {
    completion["items"].as_array().unwrap().iter().map(|i| i["label"].as_str().unwrap().to_owned()).collect()
}

#[test]
fn completion_in_aligns_to_offers_what_it_may_align_to_closest_first() {
    let dir = examples();
    let mut client = Client::start(dir.path());
    let text = typing("");
    client.open(NEW, &text);
    let completion = client.result("textDocument/completion", client.at(NEW, 5, 15));
    let labels = labels_of(&completion);
    // The same period first (the other teams' quarter), then the half, then the year.
    let first_half = labels.iter().position(|l| l.starts_with("engineering/")).expect("engineering's H2 objectives");
    let first_year = labels.iter().position(|l| l.starts_with("company/")).expect("the company's year");
    assert!(labels[..first_half].iter().all(|l| l.starts_with("checkout/")
        || l.starts_with("data/")
        || l.starts_with("mobile/")
        || l.starts_with("platform/")));
    assert!(first_half < first_year, "{labels:?}");
    assert!(labels.contains(&"company/ship-faster/lead-time".to_owned()), "key results too");
    assert!(!labels.iter().any(|l| l.starts_with("growth/")), "not itself");
    // Labelled with title, team and score: lead-time is (72-40)/(72-12).
    let item =
        completion["items"].as_array().unwrap().iter().find(|i| i["label"] == "company/ship-faster/lead-time").unwrap();
    let detail = item["detail"].as_str().unwrap();
    assert!(
        detail.contains("Median lead time from merge to production")
            && detail.contains("company")
            && detail.contains("0.53"),
        "{detail}"
    );
    // What is typed narrows it, and the edit replaces the whole reference typed.
    let text = typing("company/ship");
    client.change(NEW, 2, &text);
    let completion = client.result("textDocument/completion", client.at(NEW, 5, 27));
    let labels = labels_of(&completion);
    assert!(labels.iter().all(|l| l.starts_with("company/ship")), "{labels:?}");
    assert_eq!(labels[0], "company/ship-faster");
    let edit = &completion["items"][0]["textEdit"];
    assert_eq!(edit["range"]["start"], position(5, 15));
    assert_eq!(apply(&text, std::slice::from_ref(edit)), typing("company/ship-faster"));
}

#[test]
fn completion_offers_the_fields_a_block_may_still_have() {
    let dir = examples();
    let mut client = Client::start(dir.path());
    client.open(NEW, &typing("company/ship-faster"));
    // Line 11: an empty line in a progress key result (start and target written).
    let completion = client.result("textDocument/completion", client.at(NEW, 11, 8));
    let labels = labels_of(&completion);
    assert!(labels.contains(&"current".to_owned()) && labels.contains(&"unit".to_owned()), "{labels:?}");
    for absent in ["at_least", "at_most", "done", "start", "target", "title"] {
        assert!(!labels.contains(&absent.to_owned()), "{absent} offered: {labels:?}");
    }
    let current = completion["items"].as_array().unwrap().iter().find(|i| i["label"] == "current").unwrap();
    assert!(current["documentation"]["value"].as_str().is_some_and(|d| !d.is_empty()), "the schema's words");
    // An objective's fields on a new line of the objective.
    let text = typing("company/ship-faster").replace("    key_results:\n", "    ki\n    key_results:\n");
    client.change(NEW, 2, &text);
    let labels = labels_of(&client.result("textDocument/completion", client.at(NEW, 6, 6)));
    assert_eq!(labels, ["kind"]);
    // The kinds of objective, and period labels.
    let text = typing("company/ship-faster").replace("    key_results:\n", "    kind: \n    key_results:\n");
    client.change(NEW, 3, &text);
    let labels = labels_of(&client.result("textDocument/completion", client.at(NEW, 6, 10)));
    assert_eq!(labels, ["aspirational", "committed"]);
    let text = typing("company/ship-faster").replace("period: 2026-Q3", "period: 2026-");
    client.change(NEW, 4, &text);
    let labels = labels_of(&client.result("textDocument/completion", client.at(NEW, 1, 13)));
    assert!(labels.contains(&"2026-Q3".to_owned()) && labels.contains(&"2026-H2".to_owned()), "{labels:?}");
}

#[test]
fn hover_tells_scores_pace_and_what_aligns() {
    let dir = examples();
    let mut client = Client::start(dir.path());
    client.open_from_disk(PLATFORM);
    // On the aligns_to entry: the parent's title and score.
    let hover = client.result("textDocument/hover", client.at(PLATFORM, 17, 20));
    let words = hover["contents"]["value"].as_str().unwrap();
    assert!(words.contains("Median lead time from merge to production") && words.contains("0.53"), "{words}");
    // On an objective's id: score, grade, pace with the expected score on
    // OKR_TODAY (2026-08-15), confidence.
    let hover = client.result("textDocument/hover", client.at(PLATFORM, 10, 10));
    let words = hover["contents"]["value"].as_str().unwrap();
    assert!(words.contains("platform/boring-deploys@2026-Q3"), "{words}");
    assert!(words.contains("score **") && words.contains("expected") && words.contains("confidence"), "{words}");
    assert!(words.contains("Nothing aligns to it."), "{words}");
    // On a company objective: what aligns to it, across files.
    client.open_from_disk(COMPANY);
    let hover = client.result("textDocument/hover", client.at(COMPANY, 12, 10));
    let words = hover["contents"]["value"].as_str().unwrap();
    for child in ["engineering/paved-road", "platform/boring-deploys", "data/"] {
        assert!(words.contains(child), "{child} in {words}");
    }
    // On a key result's id: its score and pace too.
    let hover = client.result("textDocument/hover", client.at(PLATFORM, 20, 14));
    let words = hover["contents"]["value"].as_str().unwrap();
    assert!(
        words.contains("score **0.64**") && words.contains("expected") && words.contains("48 → 4 h, now 20"),
        "{words}"
    );
    // On a field's name: the schema's description.
    let hover = client.result("textDocument/hover", client.at(PLATFORM, 22, 9));
    let words = hover["contents"]["value"].as_str().unwrap();
    assert!(words.contains("`start`") && words.to_lowercase().contains("start"), "{words}");
}

#[test]
fn definition_references_and_rename_follow_alignment_across_files() {
    let dir = examples();
    let mut client = Client::start(dir.path());
    client.open_from_disk(PLATFORM);
    let definition = client.result("textDocument/definition", client.at(PLATFORM, 17, 20));
    assert_eq!(definition["uri"], client.uri(COMPANY));
    assert_eq!(definition["range"]["start"], position(21, 12), "the id of lead-time");
    // References of the company key result: the platform entry.
    let params = json!({ "textDocument": { "uri": client.uri(COMPANY) }, "position": position(21, 14), "context": { "includeDeclaration": false } });
    let references = client.result("textDocument/references", params);
    assert_eq!(
        references,
        json!([{ "uri": client.uri(PLATFORM), "range": { "start": position(17, 15), "end": position(17, 44) } }])
    );
    // Of the objective: the three that align to it or to its key results.
    let params = json!({ "textDocument": { "uri": client.uri(COMPANY) }, "position": position(12, 10), "context": { "includeDeclaration": true } });
    assert_eq!(client.result("textDocument/references", params).as_array().unwrap().len(), 4);
    // Rename the objective: its id and every reference, across files.
    let prepare = client.result("textDocument/prepareRename", client.at(COMPANY, 12, 10));
    assert_eq!(prepare["start"], position(12, 8));
    let mut params = client.at(COMPANY, 12, 10);
    params["newName"] = json!("deliver-faster");
    let edit = client.result("textDocument/rename", params);
    let changes = edit["changes"].as_object().unwrap();
    assert_eq!(changes.len(), 4, "company, engineering, platform, data: {edit}");
    apply_and_check(dir.path(), changes);
    assert!(std::fs::read_to_string(client.path(PLATFORM))
        .unwrap()
        .contains("aligns_to: company/deliver-faster/lead-time"));
    // A rename to an id that exists is refused.
    let mut params = client.at(COMPANY, 21, 14);
    params["newName"] = json!("release-cadence");
    let refused = client.request("textDocument/rename", params);
    assert!(refused["error"]["message"].as_str().unwrap().contains("exists already"), "{refused}");
    let mut params = client.at(COMPANY, 21, 14);
    params["newName"] = json!("Not An Id");
    assert!(client.request("textDocument/rename", params).get("error").is_some());
}

fn actions(client: &mut Client, relative: &str, line: u32, character: u32) -> Vec<Value> {
    let range = json!({ "start": position(line, character), "end": position(line, character) });
    let params =
        json!({ "textDocument": { "uri": client.uri(relative) }, "range": range, "context": { "diagnostics": [] } });
    client.result("textDocument/codeAction", params).as_array().unwrap().clone()
}

fn edits_of(action: &Value, uri: &str) -> Vec<Value> {
    action["edit"]["changes"][uri].as_array().unwrap().clone()
}

#[test]
fn code_actions_fix_what_they_say_and_the_file_checks_clean_after() {
    let dir = examples();
    let mut client = Client::start(dir.path());
    let uri = client.uri(PLATFORM);
    // An unresolved reference: the closest existing one.
    let text = std::fs::read_to_string(client.path(PLATFORM))
        .unwrap()
        .replace("company/ship-faster/lead-time", "company/ship-fastr/lead-tme");
    assert_eq!(client.open(PLATFORM, &text)[0]["code"], "alignment-unresolved");
    let found = actions(&mut client, PLATFORM, 17, 20);
    let align = found.iter().find(|a| a["title"].as_str().unwrap().starts_with("Align to")).expect("an align action");
    assert_eq!(align["title"], "Align to `company/ship-faster/lead-time`");
    let fixed = apply(&text, &edits_of(align, &uri));
    client.change(PLATFORM, 2, &fixed);
    assert_eq!(client.diagnostics(&uri), Vec::<Value>::new());
    // A threshold key result in an aspirational objective: to health.
    let kpi = fixed.replace("        start: 48\n        target: 4\n", "        at_most: 4\n");
    client.change(PLATFORM, 3, &kpi);
    assert!(client.diagnostics(&uri).iter().any(|d| d["code"] == "kr-kpi"));
    let found = actions(&mut client, PLATFORM, 21, 14);
    let to_health =
        found.iter().find(|a| a["title"].as_str().unwrap().starts_with("Move `deploy-lead-time`")).expect("a move");
    let moved = apply(&kpi, &edits_of(to_health, &uri));
    assert!(moved.contains("  - id: deploy-lead-time\n    title: \"Median merge-to-production time falls from two days to four hours\"\n    at_most: 4\n    current: 20\n    unit: \"h\"\n"), "{moved}");
    client.change(PLATFORM, 4, &moved);
    let after = client.diagnostics(&uri);
    assert!(after.iter().all(|d| d["code"] != "kr-kpi" && d["severity"] != 1), "{after:?}");
    // A key result with only a start: the fields of a progress key result.
    let partial = fixed.replace("        target: 4\n        current: 20\n", "");
    client.change(PLATFORM, 5, &partial);
    assert!(client.diagnostics(&uri).iter().any(|d| d["code"] == "kr-measure"));
    let found = actions(&mut client, PLATFORM, 21, 14);
    let titles: Vec<&str> = found.iter().map(|a| a["title"].as_str().unwrap()).collect();
    assert_eq!(titles, ["Make `deploy-lead-time` a progress key result (add target, current)"]);
    let completed = apply(&partial, &edits_of(&found[0], &uri));
    client.change(PLATFORM, 6, &completed);
    assert!(client.diagnostics(&uri).iter().all(|d| d["code"] != "kr-measure"));
    // A title with `: `: quoted.
    let colon = fixed.replace(
        "title: Make deploying boring for every product team",
        "title: Deploys: boring for every product team",
    );
    client.change(PLATFORM, 7, &colon);
    assert_eq!(client.diagnostics(&uri)[0]["code"], "yaml-syntax");
    let found = actions(&mut client, PLATFORM, 11, 4);
    let quote = found.iter().find(|a| a["title"].as_str().unwrap().starts_with("Quote")).expect("a quote action");
    let quoted = apply(&colon, &edits_of(quote, &uri));
    assert!(quoted.contains("title: \"Deploys: boring for every product team\""), "{quoted}");
    client.change(PLATFORM, 8, &quoted);
    assert_eq!(client.diagnostics(&uri), Vec::<Value>::new());
}

#[test]
fn symbols_of_a_document_and_of_the_workspace() {
    let dir = examples();
    let mut client = Client::start(dir.path());
    client.open_from_disk(PLATFORM);
    let symbols =
        client.result("textDocument/documentSymbol", json!({ "textDocument": { "uri": client.uri(PLATFORM) } }));
    let symbols = symbols.as_array().unwrap();
    assert_eq!(symbols[0]["name"], "Make deploying boring for every product team");
    assert_eq!(symbols[0]["selectionRange"]["start"], position(10, 8));
    let children: Vec<&str> =
        symbols[0]["children"].as_array().unwrap().iter().map(|c| c["detail"].as_str().unwrap()).collect();
    assert!(children[0].starts_with("deploy-lead-time · 0.64"), "{children:?}");
    assert_eq!(children.len(), 3);
    let health: Vec<&Value> = symbols.iter().filter(|s| s["detail"].as_str().unwrap().contains("health")).collect();
    assert_eq!(health.len(), 2);
    let found = client.result("workspace/symbol", json!({ "query": "lead time" }));
    let names: Vec<&str> = found.as_array().unwrap().iter().map(|s| s["containerName"].as_str().unwrap()).collect();
    assert_eq!(names, ["company/ship-faster/lead-time@2026"]);
    let found = client.result("workspace/symbol", json!({ "query": "platform/" }));
    assert!(found.as_array().unwrap().len() >= 2);
}

#[test]
fn inlay_hints_give_each_score_and_grade() {
    let dir = examples();
    let mut client = Client::start(dir.path());
    client.open_from_disk(PLATFORM);
    let range = json!({ "start": position(0, 0), "end": position(100, 0) });
    let hints = client
        .result("textDocument/inlayHint", json!({ "textDocument": { "uri": client.uri(PLATFORM) }, "range": range }));
    let hints = hints.as_array().unwrap();
    let on = |line: u64| {
        hints.iter().find(|h| h["position"]["line"] == line).map(|h| h["label"].as_str().unwrap().to_owned())
    };
    // deploy-lead-time: (48-20)/(48-4) = 0.64, at the end of its title's line.
    assert_eq!(on(21).as_deref(), Some("0.64 yellow"));
    let title_line = std::fs::read_to_string(client.path(PLATFORM)).unwrap().lines().nth(21).unwrap().len();
    assert_eq!(hints.iter().find(|h| h["position"]["line"] == 21).unwrap()["position"]["character"], json!(title_line));
    assert!(on(11).is_some(), "the objective's");
    // Only in the range asked for.
    let range = json!({ "start": position(30, 0), "end": position(32, 0) });
    let hints = client
        .result("textDocument/inlayHint", json!({ "textDocument": { "uri": client.uri(PLATFORM) }, "range": range }));
    assert_eq!(hints.as_array().unwrap().len(), 1);
}

#[test]
fn hostile_titles_reach_the_editor_escaped() {
    let dir = examples();
    let mut client = Client::start(dir.path());
    // A bidi override, an escape sequence and a zero-width space in a title
    // (YAML's escapes in a double-quoted string).
    let title = r#""TODO Grow\u202Egnp.exe\x1b[31m\u200B revenue""#;
    let text = std::fs::read_to_string(client.path(PLATFORM))
        .unwrap()
        .replace("title: Make deploying boring for every product team", &format!("title: {title}"));
    let diagnostics = client.open(PLATFORM, &text);
    let todo = diagnostics.iter().find(|d| d["code"] == "title-todo").expect("title-todo");
    let everything = [
        todo.to_string(),
        client.result("textDocument/hover", client.at(PLATFORM, 10, 10)).to_string(),
        client
            .result("textDocument/documentSymbol", json!({ "textDocument": { "uri": client.uri(PLATFORM) } }))
            .to_string(),
        client.result("workspace/symbol", json!({ "query": "gnp" })).to_string(),
    ];
    for answer in everything {
        let value: Value = serde_json::from_str(&answer).unwrap();
        let strings = strings_of(&value);
        for hidden in ['\u{202e}', '\u{1b}', '\u{200b}'] {
            assert!(strings.iter().all(|s| !s.contains(hidden)), "{hidden:?} reached the editor: {answer}");
        }
    }
    client.open(NEW, &typing(""));
    let completion = client.result("textDocument/completion", client.at(NEW, 5, 15));
    let detail = strings_of(&completion);
    assert!(detail.iter().any(|s| s.contains("gnp.exe")), "the title is there, escaped");
    assert!(detail.iter().all(|s| !s.contains('\u{202e}')));
}

/// Every string in a JSON value.
fn strings_of(value: &Value) -> Vec<String> {
    match value {
        Value::String(s) => vec![s.clone()],
        Value::Array(items) => items.iter().flat_map(strings_of).collect(),
        Value::Object(map) => map.values().flat_map(strings_of).collect(),
        _ => Vec::new(),
    }
}

#[test]
fn every_alignment_of_the_examples_has_a_definition_as_okr_check_resolves_it() {
    // The server resolves references itself (the library's index is not
    // public): on the examples, which check clean, every entry resolves, to
    // the objective or key result it names.
    let dir = examples();
    let mut client = Client::start(dir.path());
    let mut seen = 0;
    for relative in [
        "engineering/2026-H2.okr.yaml",
        "teams/checkout/2026-Q3.okr.yaml",
        "teams/data/2026-Q3.okr.yaml",
        "teams/mobile/2026-Q3.okr.yaml",
        PLATFORM,
    ] {
        let text = std::fs::read_to_string(client.path(relative)).unwrap();
        let mut in_list = false;
        for (line, content) in text.lines().enumerate() {
            let trimmed = content.trim_start();
            let value = if let Some(value) = trimmed.strip_prefix("aligns_to:") {
                in_list = value.trim().is_empty();
                value.trim()
            } else if in_list && trimmed.starts_with("- ") {
                trimmed.trim_start_matches("- ").trim()
            } else {
                in_list = false;
                continue;
            };
            let value = value.split('#').next().unwrap().trim().trim_matches(['"', '\'']);
            if value.is_empty() || value.starts_with('[') {
                continue;
            }
            let column = content.find(value).unwrap() as u32;
            let definition = client.result("textDocument/definition", client.at(relative, line as u32, column + 1));
            let target =
                definition["uri"].as_str().unwrap_or_else(|| panic!("{relative}:{line} {value}: {definition}"));
            let path = lsp_types::Url::parse(target).unwrap().to_file_path().unwrap();
            let target_text = std::fs::read_to_string(path).unwrap();
            let named_line =
                target_text.lines().nth(definition["range"]["start"]["line"].as_u64().unwrap() as usize).unwrap();
            let last_id = value.split('@').next().unwrap().rsplit('/').next().unwrap();
            assert!(named_line.contains(&format!("id: {last_id}")), "{relative}:{line} {value} → {named_line}");
            seen += 1;
        }
    }
    assert!(seen >= 8, "only {seen} references");
}

#[test]
fn renaming_a_key_result_renames_the_references_to_it() {
    let dir = examples();
    let mut client = Client::start(dir.path());
    let mut params = client.at(COMPANY, 21, 14);
    params["newName"] = json!("merge-to-prod");
    let edit = client.result("textDocument/rename", params);
    let changes = edit["changes"].as_object().unwrap();
    assert_eq!(changes.len(), 2, "company and platform: {edit}");
    apply_and_check(dir.path(), changes);
    assert!(std::fs::read_to_string(client.path(PLATFORM))
        .unwrap()
        .contains("aligns_to: company/ship-faster/merge-to-prod"));
}

#[test]
fn no_request_at_any_position_of_odd_documents_fails_inside_the_server() {
    // A handler that panicked would answer -32603; none may, at any line
    // and column (past the ends too) of documents with CR LF, a BOM,
    // non-ASCII titles, broken YAML and half-typed fields.
    let dir = examples();
    let mut client = Client::start(dir.path());
    let platform = std::fs::read_to_string(client.path(PLATFORM)).unwrap();
    let documents = [
        (
            "teams/odd/crlf.okr.yaml",
            format!("\u{feff}{}", platform.replace('\n', "\r\n").replace("Make deploying", "Máke 𝄞 déploying")),
        ),
        (
            "teams/odd/broken.okr.yaml",
            platform.replace("key_results:\n", "key_results: [\n").replace("start: 48", "start: : 48"),
        ),
        ("teams/odd/typing.okr.yaml", typing("company/sh").replace("        \n", "        at_\n")),
        ("teams/odd/empty.okr.yaml", String::new()),
    ];
    let mut asked = 0;
    for (relative, text) in &documents {
        client.open(relative, text);
        let uri = client.uri(relative);
        let lines = text.split('\n').count() as u32 + 2;
        for line in 0..lines {
            for character in [0, 1, 3, 5, 9, 14, 20, 40, 90, 500] {
                let at = client.at(relative, line, character);
                let range = json!({ "start": position(line, character), "end": position(line + 1, 0) });
                let mut requests = vec![
                    ("textDocument/hover", at.clone()),
                    ("textDocument/completion", at.clone()),
                    ("textDocument/definition", at.clone()),
                    ("textDocument/prepareRename", at.clone()),
                    (
                        "textDocument/codeAction",
                        json!({ "textDocument": { "uri": uri }, "range": range, "context": { "diagnostics": [] } }),
                    ),
                ];
                let mut references = at.clone();
                references["context"] = json!({ "includeDeclaration": true });
                requests.push(("textDocument/references", references));
                let mut rename = at;
                rename["newName"] = json!("renamed");
                requests.push(("textDocument/rename", rename));
                for (method, params) in requests {
                    let response = client.request(method, params.clone());
                    assert_ne!(response["error"]["code"], json!(-32603), "{method} {params}: {response}");
                    asked += 1;
                }
            }
        }
        let range = json!({ "start": position(0, 0), "end": position(lines, 0) });
        for (method, params) in [
            ("textDocument/inlayHint", json!({ "textDocument": { "uri": uri }, "range": range })),
            ("textDocument/documentSymbol", json!({ "textDocument": { "uri": uri } })),
            ("textDocument/diagnostic", json!({ "textDocument": { "uri": uri } })),
        ] {
            let response = client.request(method, params);
            assert!(response.get("error").is_none(), "{method}: {response}");
        }
    }
    assert!(asked > 1000, "{asked}");
}
