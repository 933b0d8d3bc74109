//! `okr lsp`: the server driven over stdio as an editor drives it. Its
//! diagnostics against `okr check`, across files, positions in every
//! encoding, files changed on disk and okr.toml, pull diagnostics, and
//! every robustness case (malformed messages, unknown methods, unknown
//! files, a deleted file, a 4 MiB document, the ways a client leaves).

use serde_json::{json, Value};

use crate::lsp_client::{framed, position, uri, Client};
use crate::support;

/// A copy of the examples in a temp dir (no `.git`: the copy is the root).
pub fn examples() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    support::copy_dir(&support::repo().join("examples"), dir.path());
    dir
}

const PLATFORM: &str = "teams/platform/2026-Q3.okr.yaml";
const COMPANY: &str = "company/2026.okr.yaml";

fn read(dir: &std::path::Path, relative: &str) -> String {
    std::fs::read_to_string(dir.join(relative)).expect("read")
}

/// `okr check --format json`'s findings in `file`.
fn check_json(dir: &std::path::Path, file: &str) -> Vec<Value> {
    let output = support::okr(dir, &["check", "--format", "json"]);
    let json = support::json(&output);
    json["diagnostics"].as_array().expect("diagnostics").iter().filter(|d| d["file"] == file).cloned().collect()
}

#[test]
fn an_open_files_diagnostics_are_okr_checks_findings() {
    let dir = examples();
    let text = read(dir.path(), PLATFORM).replace("company/ship-faster/lead-time", "company/ship-fastr/lead-time");
    std::fs::write(dir.path().join(PLATFORM), &text).expect("write");
    let expected = check_json(dir.path(), PLATFORM);
    assert_eq!(expected.len(), 1, "{expected:?}");
    let mut client = Client::start(dir.path());
    let diagnostics = client.open(PLATFORM, &text);
    assert_eq!(diagnostics.len(), expected.len(), "{diagnostics:?}");
    for (lsp, cli) in diagnostics.iter().zip(&expected) {
        assert_eq!(lsp["code"], cli["code"]);
        assert_eq!(lsp["severity"], json!(1), "error");
        assert_eq!(lsp["source"], "okr");
        let start = &lsp["range"]["start"];
        let end = &lsp["range"]["end"];
        assert_eq!(start["line"].as_u64().unwrap() + 1, cli["line"].as_u64().unwrap());
        assert_eq!(start["character"].as_u64().unwrap() + 1, cli["column"].as_u64().unwrap());
        assert_eq!(end["line"].as_u64().unwrap() + 1, cli["end_line"].as_u64().unwrap());
        assert_eq!(end["character"].as_u64().unwrap() + 1, cli["end_column"].as_u64().unwrap());
        let message = lsp["message"].as_str().unwrap();
        let help = cli["help"].as_str().unwrap();
        assert_eq!(message, cli["message"].as_str().unwrap(), "the command line's message, word for word");
        assert_eq!(lsp["data"]["help"], help);
        assert_eq!(lsp["codeDescription"]["href"], "https://your-org.github.io/okr/rules/alignment-unresolved.html");
    }
    assert!(client.shut_down().success());
}

#[test]
fn fixing_a_parents_id_clears_the_childs_unresolved_alignment_in_another_open_file() {
    let dir = examples();
    let mut client = Client::start(dir.path());
    assert_eq!(client.open_from_disk(PLATFORM), Vec::<Value>::new());
    let company = read(dir.path(), COMPANY);
    assert_eq!(client.open(COMPANY, &company), Vec::<Value>::new());
    // Break the parent: the child's alignment no longer resolves.
    client.change(COMPANY, 2, &company.replace("id: ship-faster", "id: ship-fast"));
    let child = client.diagnostics(&client.uri(PLATFORM));
    assert_eq!(child.len(), 1, "{child:?}");
    assert_eq!(child[0]["code"], "alignment-unresolved");
    // Fix it again: the child's finding goes.
    client.change(COMPANY, 3, &company);
    assert_eq!(client.diagnostics(&client.uri(PLATFORM)), Vec::<Value>::new());
}

#[test]
fn related_information_points_at_the_other_duplicate() {
    let dir = examples();
    let mut client = Client::start(dir.path());
    let copy = read(dir.path(), PLATFORM);
    // The same team, period and objectives in a second file.
    let diagnostics = client.open("teams/platform/copy.okr.yaml", &copy);
    let duplicate = diagnostics.iter().find(|d| d["code"] == "duplicate-id").expect("a duplicate-id");
    let related = &duplicate["relatedInformation"][0];
    assert_eq!(related["location"]["uri"], client.uri(PLATFORM), "{duplicate}");
}

/// A document written on one line in flow style, its title with
/// characters of one, two and four bytes, and a reference that resolves to
/// nothing after it.
const FLOW: &str = "{team: cafe, period: 2026-Q3, objectives: [{id: o, title: \"Café ☕ 𝄞 grows\", aligns_to: nobody/nothing, key_results: [{id: a, title: Apples, start: 0, target: 2}, {id: b, title: Pears, start: 0, target: 3}]}]}\n";

/// The column of `needle` in `line`, in each encoding's code units.
fn columns(line: &str, needle: &str) -> (usize, usize, usize) {
    let prefix = &line[..line.find(needle).expect("the needle")];
    (prefix.len(), prefix.encode_utf16().count(), prefix.chars().count())
}

#[test]
fn columns_are_right_in_utf8_utf16_and_utf32_after_non_ascii_text_and_a_bom() {
    let dir = tempfile::tempdir().expect("temp dir");
    for (offered, pick) in [(Some(vec!["utf-8", "utf-16"]), 0), (Some(vec!["utf-32"]), 2), (None, 1)] {
        let (mut client, result) = Client::start_with(dir.path(), offered.as_deref());
        let expected_name = ["utf-8", "utf-16", "utf-32"][pick];
        assert_eq!(result["capabilities"]["positionEncoding"], expected_name);
        for bom in ["", "\u{feff}"] {
            let text = format!("{bom}{FLOW}");
            let name = if bom.is_empty() { "plain.okr.yaml" } else { "bom.okr.yaml" };
            let diagnostics = client.open(name, &text);
            let unresolved: Vec<&Value> = diagnostics.iter().filter(|d| d["code"] == "alignment-unresolved").collect();
            assert_eq!(unresolved.len(), 1, "{diagnostics:?}");
            let (bytes, units, chars) = columns(&text, "nobody/nothing");
            let start = [bytes, units, chars][pick];
            let width = "nobody/nothing".len();
            assert_eq!(unresolved[0]["range"]["start"], position(0, start as u32), "{expected_name}, bom {bom:?}");
            assert_eq!(unresolved[0]["range"]["end"], position(0, (start + width) as u32));
        }
        assert!(client.shut_down().success());
    }
}

#[test]
fn lines_are_right_after_crlf_line_breaks() {
    let dir = examples();
    let text =
        read(dir.path(), PLATFORM).replace("company/ship-faster/lead-time", "company/nowhere").replace('\n', "\r\n");
    let mut client = Client::start(dir.path());
    let diagnostics = client.open(PLATFORM, &text);
    let line = text.split("\r\n").position(|line| line.contains("company/nowhere")).unwrap();
    let column = text.split("\r\n").nth(line).unwrap().find("company/nowhere").unwrap();
    assert_eq!(diagnostics[0]["range"]["start"], position(line as u32, column as u32), "{diagnostics:?}");
}

#[test]
fn files_created_changed_and_deleted_on_disk_are_picked_up() {
    let dir = examples();
    let mut client = Client::start(dir.path());
    let text = read(dir.path(), PLATFORM).replace("company/ship-faster/lead-time", "newteam/newobj");
    let diagnostics = client.open(PLATFORM, &text);
    assert_eq!(diagnostics[0]["code"], "alignment-unresolved");
    // A parent created on disk, outside the editor.
    let parent = support::valid_document("newteam", "2026-Q3", "newobj");
    support::write(dir.path(), "teams/newteam/2026-Q3.okr.yaml", parent.as_bytes());
    let created = client.uri("teams/newteam/2026-Q3.okr.yaml");
    client.notify("workspace/didChangeWatchedFiles", json!({ "changes": [{ "uri": created, "type": 1 }] }));
    assert_eq!(client.diagnostics(&client.uri(PLATFORM)), Vec::<Value>::new());
    // Deleted again: the alignment is unresolved again.
    std::fs::remove_file(dir.path().join("teams/newteam/2026-Q3.okr.yaml")).expect("delete");
    client.notify("workspace/didChangeWatchedFiles", json!({ "changes": [{ "uri": created, "type": 3 }] }));
    assert_eq!(client.diagnostics(&client.uri(PLATFORM))[0]["code"], "alignment-unresolved");
}

#[test]
fn okr_toml_severities_are_honoured_and_reloaded_when_it_changes() {
    let dir = examples();
    // A threshold key result in an aspirational objective: a kr-kpi warning.
    let text = read(dir.path(), PLATFORM).replace("start: 48\n        target: 4", "at_most: 4");
    let mut client = Client::start(dir.path());
    let diagnostics = client.open(PLATFORM, &text);
    let kpi = diagnostics.iter().find(|d| d["code"] == "kr-kpi").expect("kr-kpi");
    assert_eq!(kpi["severity"], json!(2), "a warning");
    std::fs::write(dir.path().join("okr.toml"), "[rules]\nkr-kpi = \"error\"\n").expect("write okr.toml");
    client.notify(
        "workspace/didChangeWatchedFiles",
        json!({ "changes": [{ "uri": client.uri("okr.toml"), "type": 1 }] }),
    );
    let diagnostics = client.diagnostics(&client.uri(PLATFORM));
    let kpi = diagnostics.iter().find(|d| d["code"] == "kr-kpi").expect("kr-kpi");
    assert_eq!(kpi["severity"], json!(1), "an error now");
    std::fs::write(dir.path().join("okr.toml"), "[rules]\nkr-kpi = \"off\"\n").expect("write okr.toml");
    client.notify(
        "workspace/didChangeWatchedFiles",
        json!({ "changes": [{ "uri": client.uri("okr.toml"), "type": 2 }] }),
    );
    let diagnostics = client.diagnostics(&client.uri(PLATFORM));
    assert!(diagnostics.iter().all(|d| d["code"] != "kr-kpi"), "{diagnostics:?}");
}

#[test]
fn a_broken_okr_toml_is_told_and_the_server_goes_on() {
    let dir = examples();
    std::fs::write(dir.path().join("okr.toml"), "[rules\n").expect("write okr.toml");
    let mut client = Client::start(dir.path());
    let message = client.next();
    assert_eq!(message["method"], "window/showMessage", "{message}");
    assert!(message["params"]["message"].as_str().unwrap().contains("configuration"), "{message}");
    assert_eq!(client.open_from_disk(PLATFORM), Vec::<Value>::new());
}

#[test]
fn pull_diagnostics_give_the_findings_of_files_not_open() {
    let dir = examples();
    let broken = read(dir.path(), PLATFORM).replace("company/ship-faster/lead-time", "company/nowhere");
    std::fs::write(dir.path().join(PLATFORM), &broken).expect("write");
    let mut client = Client::start(dir.path());
    let report = client.result("workspace/diagnostic", json!({ "previousResultIds": [] }));
    let items = report["items"].as_array().expect("items");
    assert_eq!(items.len(), 1, "{report}");
    assert_eq!(items[0]["uri"], client.uri(PLATFORM));
    assert_eq!(items[0]["items"][0]["code"], "alignment-unresolved");
    // Once open, its findings are pushed, and no longer pulled.
    assert_eq!(client.open_from_disk(PLATFORM).len(), 1);
    let report = client.result("workspace/diagnostic", json!({ "previousResultIds": [] }));
    assert_eq!(report["items"], json!([]));
    let document = client.result("textDocument/diagnostic", json!({ "textDocument": { "uri": client.uri(PLATFORM) } }));
    assert_eq!(document["kind"], "full");
    assert_eq!(document["items"][0]["code"], "alignment-unresolved");
}

#[test]
fn a_malformed_message_is_a_parse_error_and_the_server_goes_on() {
    let dir = examples();
    let mut client = Client::start(dir.path());
    client.send_raw(&framed("{\"jsonrpc\": \"2.0\", \"id\": 1, \"method\": "));
    let error = client.next();
    assert_eq!(error["id"], Value::Null, "{error}");
    assert_eq!(error["error"]["code"], json!(-32700));
    client.send_raw(&framed("[1, 2]"));
    assert_eq!(client.next()["error"]["code"], json!(-32600), "JSON that is no message");
    client.send(&json!({ "jsonrpc": "2.0", "id": 99, "method": 5 }));
    let invalid = client.next();
    assert_eq!((invalid["id"].clone(), invalid["error"]["code"].clone()), (json!(99), json!(-32600)));
    assert_eq!(client.open_from_disk(PLATFORM), Vec::<Value>::new());
    assert!(client.shut_down().success());
}

#[test]
fn an_unknown_method_is_method_not_found() {
    let dir = examples();
    let mut client = Client::start(dir.path());
    let response = client.request("textDocument/colorPresentation", json!({}));
    assert_eq!(response["error"]["code"], json!(-32601), "{response}");
    let again = client.request("initialize", json!({ "capabilities": {} }));
    assert_eq!(again["error"]["code"], json!(-32600), "initialize twice: {again}");
    // An unknown notification is ignored: the next request is answered.
    client.notify("okr/unknown", json!({}));
    assert!(client.request("workspace/symbol", json!({ "query": "" })).get("error").is_none());
}

#[test]
fn a_request_before_initialize_is_server_not_initialized() {
    let dir = examples();
    let mut client = Client::spawn(dir.path());
    let response = client.request("textDocument/hover", client.at(PLATFORM, 0, 0));
    assert_eq!(response["error"]["code"], json!(-32002), "{response}");
}

#[test]
fn bad_params_are_invalid_params() {
    let dir = examples();
    let mut client = Client::start(dir.path());
    let response = client.request("textDocument/hover", json!({ "textDocument": 3 }));
    assert_eq!(response["error"]["code"], json!(-32602), "{response}");
}

#[test]
fn an_error_answer_echoed_the_method_name_raw_to_the_editor() {
    let dir = examples();
    let mut client = Client::start(dir.path());
    // An error quotes what it was sent: hidden characters reach the editor escaped.
    let response = client.request("okr/\u{1b}[2J\u{202e}", json!({}));
    assert_eq!(response["error"]["code"], json!(-32601), "{response}");
    let message = response["error"]["message"].as_str().expect("a message");
    assert!(!message.contains(['\u{1b}', '\u{202e}']) && message.contains("\\u{1b}"), "{message:?}");
}

#[test]
fn a_request_about_a_file_never_opened_and_not_on_disk_fails_with_a_reason() {
    let dir = examples();
    let mut client = Client::start(dir.path());
    let response = client.request("textDocument/hover", client.at("teams/nobody/never.okr.yaml", 0, 0));
    assert_eq!(response["error"]["code"], json!(-32803), "{response}");
    assert!(response["error"]["message"].as_str().unwrap().contains("never.okr.yaml"));
    // A file on disk that was never opened is answered from disk.
    let hover = client.result("textDocument/hover", client.at(COMPANY, 7, 2));
    assert!(hover.is_object(), "{hover}");
}

#[test]
fn a_handler_that_fails_answers_an_error_and_the_server_goes_on() {
    let dir = examples();
    let mut client = Client::start(dir.path());
    let response = client.request("okr/test/panic", json!({}));
    assert_eq!(response["error"]["code"], json!(-32603), "{response}");
    assert_eq!(client.open_from_disk(PLATFORM), Vec::<Value>::new());
    assert!(client.shut_down().success());
}

#[test]
fn a_file_deleted_while_open_keeps_its_buffer_until_closed() {
    let dir = examples();
    let mut client = Client::start(dir.path());
    assert_eq!(client.open_from_disk(PLATFORM), Vec::<Value>::new());
    let company = read(dir.path(), COMPANY);
    assert_eq!(client.open(COMPANY, &company), Vec::<Value>::new());
    std::fs::remove_file(dir.path().join(COMPANY)).expect("delete");
    let deleted = client.uri(COMPANY);
    client.notify("workspace/didChangeWatchedFiles", json!({ "changes": [{ "uri": deleted, "type": 3 }] }));
    // Still open: the buffer counts, the child still resolves.
    let symbols = client.result("textDocument/documentSymbol", json!({ "textDocument": { "uri": deleted } }));
    assert!(symbols.as_array().is_some_and(|s| !s.is_empty()), "{symbols}");
    client.notify("textDocument/didClose", json!({ "textDocument": { "uri": deleted } }));
    let platform = client.uri(PLATFORM);
    let [closed, child] = <[Vec<Value>; 2]>::try_from(client.diagnostics_of_each(&[&deleted, &platform])).unwrap();
    assert_eq!(closed, Vec::<Value>::new(), "its diagnostics cleared");
    assert_eq!(child[0]["code"], "alignment-unresolved", "{child:?}");
}

#[test]
fn a_4_mib_document_is_checked_and_a_larger_one_is_over_the_limit() {
    let dir = examples();
    let mut client = Client::start(dir.path());
    let base = read(dir.path(), PLATFORM);
    let padding = |size: usize| format!("{base}# {}\n", "x".repeat(size - base.len() - 3));
    let limit = 4 * 1024 * 1024;
    let at_limit = padding(limit);
    assert_eq!(at_limit.len(), limit);
    assert_eq!(client.open(PLATFORM, &at_limit), Vec::<Value>::new());
    client.change(PLATFORM, 2, &padding(limit + 1));
    let diagnostics = client.diagnostics(&client.uri(PLATFORM));
    assert_eq!(diagnostics[0]["code"], "yaml-syntax", "{diagnostics:?}");
    assert!(diagnostics[0]["message"].as_str().unwrap().contains("size limit"));
}

#[test]
fn exit_after_shutdown_is_0_and_without_it_1() {
    let dir = examples();
    assert_eq!(Client::start(dir.path()).shut_down().code(), Some(0));
    let mut client = Client::start(dir.path());
    client.notify("exit", Value::Null);
    assert_eq!(client.wait().code(), Some(1));
}

#[test]
fn a_client_that_closes_standard_input_ends_the_server_with_1() {
    let dir = examples();
    let mut client = Client::start(dir.path());
    client.close_input();
    assert_eq!(client.wait().code(), Some(1));
    // Before initializing, too.
    let mut client = Client::spawn(dir.path());
    client.close_input();
    assert_eq!(client.wait().code(), Some(1));
}

#[test]
fn requests_after_shutdown_are_invalid() {
    let dir = examples();
    let mut client = Client::start(dir.path());
    assert_eq!(client.request("shutdown", Value::Null)["result"], Value::Null);
    let response = client.request("workspace/symbol", json!({ "query": "" }));
    assert_eq!(response["error"]["code"], json!(-32600), "{response}");
    client.notify("exit", Value::Null);
    assert_eq!(client.wait().code(), Some(0));
}

#[test]
fn a_document_outside_the_globs_gets_no_diagnostics() {
    let dir = examples();
    let mut client = Client::start(dir.path());
    let uri = uri(&client.path("notes.yaml"));
    let item = json!({ "uri": uri, "languageId": "yaml", "version": 1, "text": "a: [" });
    client.notify("textDocument/didOpen", json!({ "textDocument": item }));
    // Nothing published for it: the next message is the answer below.
    let response = client.request("workspace/symbol", json!({ "query": "nothing-matches-this" }));
    assert!(response.get("error").is_none());
    assert!(client.pending_is_empty());
    // Open, so okr knows of it: nothing to say, rather than an error.
    let hover = client.request("textDocument/hover", client.at("notes.yaml", 0, 0));
    assert_eq!((hover.get("error"), &hover["result"]), (None, &Value::Null), "{hover}");
    let symbols = client.request("textDocument/documentSymbol", json!({ "textDocument": { "uri": uri } }));
    assert_eq!((symbols.get("error"), &symbols["result"]), (None, &Value::Null), "{symbols}");
}

#[test]
fn incremental_changes_apply_in_utf16_after_non_ascii_text() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut client = Client::start(dir.path());
    let uri = client.uri("flow.okr.yaml");
    let diagnostics = client.open("flow.okr.yaml", FLOW);
    assert!(diagnostics.iter().any(|d| d["code"] == "alignment-unresolved"));
    // Replace `nobody/nothing` (after "Café ☕ 𝄞" on the same line) with
    // `cafe/o`, the objective itself: a loop, found at the new text.
    let (_, units, _) = columns(FLOW, "nobody/nothing");
    let range =
        json!({ "start": position(0, units as u32), "end": position(0, (units + "nobody/nothing".len()) as u32) });
    let params = json!({
        "textDocument": { "uri": uri, "version": 2 },
        "contentChanges": [{ "range": range, "text": "cafe/o" }],
    });
    client.notify("textDocument/didChange", params);
    let diagnostics = client.diagnostics(&uri);
    let codes: Vec<&Value> = diagnostics.iter().map(|d| &d["code"]).collect();
    assert_eq!(codes, [&json!("alignment-cycle")], "{diagnostics:?}");
    // Its range is the new text, counted in UTF-16 as sent.
    assert_eq!(diagnostics[0]["range"]["start"], position(0, units as u32));
    assert_eq!(diagnostics[0]["range"]["end"], position(0, (units + "cafe/o".len()) as u32));
}

/// The files of `report` (a `workspace/diagnostic` result), each with its
/// codes, in the order given.
fn pulled(report: &Value) -> Vec<(String, Vec<String>)> {
    let items = report["items"].as_array().expect("items");
    let codes = |item: &Value| item["items"].as_array().unwrap().iter().map(|d| d["code"].to_string()).collect();
    items.iter().map(|item| (item["uri"].as_str().unwrap().to_owned(), codes(item))).collect()
}

fn refreshes(client: &Client) -> usize {
    client.server_requests.iter().filter(|m| *m == "workspace/diagnostic/refresh").count()
}

#[test]
fn a_client_that_also_pulls_gets_pushes_for_open_documents_and_pulls_the_rest() {
    let dir = examples();
    let capabilities = json!({
        "textDocument": { "diagnostic": { "dynamicRegistration": false } },
        "workspace": { "diagnostic": { "refreshSupport": true } },
    });
    let (mut client, _) = Client::start_with_capabilities(dir.path(), capabilities);
    // A client that declares pull diagnostics still gets them pushed for
    // the documents it opens (it used to get nothing, and waited).
    assert_eq!(client.open_from_disk(PLATFORM), Vec::<Value>::new());
    let company = read(dir.path(), COMPANY);
    assert_eq!(client.open(COMPANY, &company), Vec::<Value>::new());
    // Break the parent: the open child's finding is pushed.
    client.change(COMPANY, 2, &company.replace("id: ship-faster", "id: ship-fast"));
    let child = client.diagnostics(&client.uri(PLATFORM));
    assert_eq!(child.len(), 1, "{child:?}");
    assert_eq!(child[0]["code"], "alignment-unresolved");
    // The children not open have findings now too: the client is asked to pull.
    // (A request answered means every notification before it was handled.)
    client.result("workspace/symbol", json!({ "query": "x" }));
    assert_eq!(refreshes(&client), 1, "{:?}", client.server_requests);
    // The workspace pull has the files not open, and only them.
    let report = client.result("workspace/diagnostic", json!({ "previousResultIds": [] }));
    let unresolved = vec!["\"alignment-unresolved\"".to_owned()];
    let (data, engineering) = (client.uri("teams/data/2026-Q3.okr.yaml"), client.uri("engineering/2026-H2.okr.yaml"));
    assert_eq!(pulled(&report), [(engineering.clone(), unresolved.clone()), (data.clone(), unresolved.clone())]);
    assert!(report["items"][0]["resultId"].is_string(), "{report}");
    // The document pull still answers for an open document.
    let document = client.result("textDocument/diagnostic", json!({ "textDocument": { "uri": client.uri(PLATFORM) } }));
    assert_eq!((&document["kind"], &document["items"][0]["code"]), (&json!("full"), &json!("alignment-unresolved")));
    // An edit that changes only the open document's findings asks for no pull.
    let platform = read(dir.path(), PLATFORM);
    client.change(PLATFORM, 2, &format!("# moved down a line\n{platform}"));
    assert_eq!(
        client.diagnostics(&client.uri(PLATFORM))[0]["range"]["start"]["line"],
        child[0]["range"]["start"]["line"].as_u64().unwrap() + 1
    );
    client.result("workspace/symbol", json!({ "query": "x" }));
    assert_eq!(refreshes(&client), 1, "{:?}", client.server_requests);
    // Closed, its findings are the pull's: pushed empty, and a pull asked.
    client.notify("textDocument/didClose", json!({ "textDocument": { "uri": client.uri(PLATFORM) } }));
    assert_eq!(client.diagnostics(&client.uri(PLATFORM)), Vec::<Value>::new());
    client.result("workspace/symbol", json!({ "query": "x" }));
    assert_eq!(refreshes(&client), 2, "{:?}", client.server_requests);
    let report = client.result("workspace/diagnostic", json!({ "previousResultIds": [] }));
    assert_eq!(pulled(&report).len(), 3, "{report}");
    // Fixed again: the files the client was told of are cleared, the open
    // one too, and they carry no result id, so the client forgets them.
    client.change(COMPANY, 3, &company);
    assert_eq!(client.diagnostics(&client.uri(COMPANY)), Vec::<Value>::new());
    let told: Vec<Value> = [&data, &engineering, &client.uri(PLATFORM), &client.uri(COMPANY)]
        .iter()
        .map(|uri| json!({ "uri": uri, "value": "okr-1" }))
        .collect();
    let report = client.result("workspace/diagnostic", json!({ "previousResultIds": told }));
    let cleared: Vec<(String, Vec<String>)> =
        told.iter().map(|t| (t["uri"].as_str().unwrap().to_owned(), Vec::new())).collect();
    assert_eq!(pulled(&report), cleared);
    assert!(report["items"].as_array().unwrap().iter().all(|item| item.get("resultId").is_none()), "{report}");
    assert_eq!(refreshes(&client), 3, "{:?}", client.server_requests);
}

#[test]
fn saving_okr_toml_in_the_editor_reloads_it() {
    // For clients that watch no files (Neovim 0.7).
    let dir = examples();
    let text = read(dir.path(), PLATFORM).replace("start: 48\n        target: 4", "at_most: 4");
    let mut client = Client::start(dir.path());
    assert!(client.open(PLATFORM, &text).iter().any(|d| d["code"] == "kr-kpi"));
    std::fs::write(dir.path().join("okr.toml"), "[rules]\nkr-kpi = \"off\"\n").expect("write okr.toml");
    client.notify("textDocument/didSave", json!({ "textDocument": { "uri": client.uri("okr.toml") } }));
    let diagnostics = client.diagnostics(&client.uri(PLATFORM));
    assert!(diagnostics.iter().all(|d| d["code"] != "kr-kpi"), "{diagnostics:?}");
}

#[test]
fn an_incremental_change_to_a_document_with_a_byte_order_mark_lands_where_the_editor_put_it() {
    // The editor's columns on the first line count the mark: deleting its
    // characters 1..2 deletes the `X`, not the `#` after it, and the mark
    // stays for the next change.
    let dir = examples();
    let mut client = Client::start(dir.path());
    let platform = read(dir.path(), PLATFORM);
    assert!(!client.open(PLATFORM, &format!("\u{feff}XX{platform}")).is_empty(), "`XX#…` is no comment");
    let uri = client.uri(PLATFORM);
    for version in [2, 3] {
        let change = json!({ "range": { "start": position(0, 1), "end": position(0, 2) }, "text": "" });
        let params = json!({ "textDocument": { "uri": uri, "version": version }, "contentChanges": [change] });
        client.notify("textDocument/didChange", params);
        let diagnostics = loop {
            let message = client.next();
            let params = &message["params"];
            if message["method"] == "textDocument/publishDiagnostics"
                && params["uri"] == uri
                && params["version"] == version
            {
                break params["diagnostics"].as_array().expect("an array").clone();
            }
        };
        assert_eq!(diagnostics.is_empty(), version == 3, "after change {version}: {diagnostics:?}");
    }
}

#[test]
fn a_code_action_over_lines_to_the_largest_line_number_answers_at_once() {
    // It walked every line number of the range, four billion of them.
    let dir = examples();
    let mut client = Client::start(dir.path());
    client.open_from_disk(PLATFORM);
    let range = json!({ "start": position(0, 0), "end": position(u32::MAX, u32::MAX) });
    let params =
        json!({ "textDocument": { "uri": client.uri(PLATFORM) }, "range": range, "context": { "diagnostics": [] } });
    let response = client.request("textDocument/codeAction", params);
    assert!(response.get("error").is_none(), "{response}");
}

#[test]
fn completion_on_a_line_past_the_end_answers_at_once() {
    // It walked up the document from line 4294967295, one line at a time.
    let dir = examples();
    let mut client = Client::start(dir.path());
    client.open_from_disk(PLATFORM);
    let response = client.request("textDocument/completion", client.at(PLATFORM, u32::MAX, 0));
    assert_eq!(response["result"], Value::Null, "{response}");
}
