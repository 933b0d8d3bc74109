//! Helper: an LSP client for the tests of `okr lsp`. It spawns the server,
//! writes one framed JSON-RPC message after another to its standard input
//! and reads framed messages from its standard output, as an editor does.
#![allow(dead_code)]

use std::collections::VecDeque;
use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, ExitStatus, Stdio};
use std::sync::mpsc::{channel, Receiver};
use std::time::Duration;

use serde_json::{json, Value};

/// How long to wait for a message before failing the test: a bound against
/// a hang, not a measure (answers take milliseconds).
const PATIENCE: Duration = Duration::from_secs(60);

pub struct Client {
    child: Option<Child>,
    stdin: Option<ChildStdin>,
    incoming: Receiver<Value>,
    /// Notifications read while waiting for something else.
    pending: VecDeque<Value>,
    next_id: i64,
    pub root: PathBuf,
    /// The methods of the requests the server sent (each answered).
    pub server_requests: Vec<String>,
}

/// The `file:` URI of a path.
pub fn uri(path: &Path) -> String {
    lsp_types::Url::from_file_path(path).expect("an absolute path").to_string()
}

/// A body framed as the protocol frames it.
pub fn framed(body: &str) -> Vec<u8> {
    format!("Content-Length: {}\r\n\r\n{body}", body.len()).into_bytes()
}

impl Client {
    /// `okr lsp --stdio` started in `root` on 2026-08-15 (`OKR_TODAY`), not
    /// yet initialized.
    pub fn spawn(root: &Path) -> Client {
        let root = root.canonicalize().expect("the root exists");
        let mut child = Command::new(env!("CARGO_BIN_EXE_okr"))
            .args(["lsp", "--stdio"])
            .current_dir(&root)
            .env("OKR_TODAY", "2026-08-15")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("start okr lsp");
        let stdout = child.stdout.take().expect("stdout");
        let (sender, incoming) = channel();
        std::thread::spawn(move || {
            let mut reader = BufReader::new(stdout);
            while let Some(message) = read_message(&mut reader) {
                if sender.send(message).is_err() {
                    break;
                }
            }
        });
        let stdin = child.stdin.take();
        Client {
            child: Some(child),
            stdin,
            incoming,
            pending: VecDeque::new(),
            next_id: 0,
            root,
            server_requests: Vec::new(),
        }
    }

    /// Started in `root` and initialized, offering `encodings` (none: the
    /// client says nothing, which means UTF-16).
    pub fn start_with(root: &Path, encodings: Option<&[&str]>) -> (Client, Value) {
        let mut capabilities = json!({
            "workspace": { "didChangeWatchedFiles": { "dynamicRegistration": true } },
            "textDocument": { "publishDiagnostics": { "relatedInformation": true } },
        });
        if let Some(encodings) = encodings {
            capabilities["general"] = json!({ "positionEncodings": encodings });
        }
        Client::start_with_capabilities(root, capabilities)
    }

    /// Started in `root` and initialized with the client `capabilities`.
    pub fn start_with_capabilities(root: &Path, capabilities: Value) -> (Client, Value) {
        let mut client = Client::spawn(root);
        let params = json!({ "processId": null, "rootUri": uri(&client.root), "capabilities": capabilities });
        let result = client.result("initialize", params);
        client.notify("initialized", json!({}));
        (client, result)
    }

    pub fn start(root: &Path) -> Client {
        Client::start_with(root, None).0
    }

    pub fn path(&self, relative: &str) -> PathBuf {
        self.root.join(relative)
    }

    pub fn uri(&self, relative: &str) -> String {
        uri(&self.path(relative))
    }

    pub fn send_raw(&mut self, bytes: &[u8]) {
        let stdin = self.stdin.as_mut().expect("stdin open");
        stdin.write_all(bytes).expect("write to okr lsp");
        stdin.flush().expect("flush");
    }

    pub fn send(&mut self, message: &Value) {
        self.send_raw(&framed(&message.to_string()));
    }

    pub fn notify(&mut self, method: &str, params: Value) {
        self.send(&json!({ "jsonrpc": "2.0", "method": method, "params": params }));
    }

    /// Send a request and return the whole response (`result` or `error`).
    pub fn request(&mut self, method: &str, params: Value) -> Value {
        self.next_id += 1;
        let id = self.next_id;
        self.send(&json!({ "jsonrpc": "2.0", "id": id, "method": method, "params": params }));
        self.response_to(&json!(id))
    }

    /// The result of a request that must succeed.
    pub fn result(&mut self, method: &str, params: Value) -> Value {
        let response = self.request(method, params);
        assert!(response.get("error").is_none(), "{method} failed: {response}");
        response["result"].clone()
    }

    /// The response with id `id`, keeping the notifications read meanwhile.
    pub fn response_to(&mut self, id: &Value) -> Value {
        loop {
            let message = self.read();
            if message.get("method").is_none() && message.get("id") == Some(id) {
                return message;
            }
            self.keep(message);
        }
    }

    /// The next message the server sends that is no request to the client.
    pub fn next(&mut self) -> Value {
        if let Some(message) = self.pending.pop_front() {
            return message;
        }
        loop {
            let message = self.read();
            if message.get("method").is_some() && message.get("id").is_some() {
                self.answer_server_request(&message);
                continue;
            }
            return message;
        }
    }

    /// The next diagnostics published for `uri` (other notifications before
    /// them are dropped).
    pub fn diagnostics(&mut self, uri: &str) -> Vec<Value> {
        loop {
            let message = self.next();
            if message["method"] == "textDocument/publishDiagnostics" && message["params"]["uri"] == uri {
                return message["params"]["diagnostics"].as_array().expect("an array").clone();
            }
        }
    }

    /// The next diagnostics published for each of `uris`, in that order,
    /// whichever order they come in.
    pub fn diagnostics_of_each(&mut self, uris: &[&str]) -> Vec<Vec<Value>> {
        let mut found: Vec<Option<Vec<Value>>> = vec![None; uris.len()];
        while found.iter().any(Option::is_none) {
            let message = self.next();
            if message["method"] != "textDocument/publishDiagnostics" {
                continue;
            }
            if let Some(at) = uris.iter().position(|uri| message["params"]["uri"] == *uri) {
                found[at] = Some(message["params"]["diagnostics"].as_array().expect("an array").clone());
            }
        }
        found.into_iter().flatten().collect()
    }

    /// Open `relative` with `text` and return its first diagnostics.
    pub fn open(&mut self, relative: &str, text: &str) -> Vec<Value> {
        let uri = self.uri(relative);
        let item = json!({ "uri": uri, "languageId": "yaml", "version": 1, "text": text });
        self.notify("textDocument/didOpen", json!({ "textDocument": item }));
        self.diagnostics(&uri)
    }

    /// Open `relative` with its text on disk.
    pub fn open_from_disk(&mut self, relative: &str) -> Vec<Value> {
        let text = std::fs::read_to_string(self.path(relative)).expect("read the file");
        self.open(relative, &text)
    }

    /// Replace the whole text of an open document.
    pub fn change(&mut self, relative: &str, version: i32, text: &str) {
        let uri = self.uri(relative);
        let params =
            json!({ "textDocument": { "uri": uri, "version": version }, "contentChanges": [{ "text": text }] });
        self.notify("textDocument/didChange", params);
    }

    /// A position request on `relative` at `line`/`character`.
    pub fn at(&self, relative: &str, line: u32, character: u32) -> Value {
        json!({ "textDocument": { "uri": self.uri(relative) }, "position": { "line": line, "character": character } })
    }

    /// `shutdown` and `exit`, and the server's exit status.
    pub fn shut_down(mut self) -> ExitStatus {
        let response = self.request("shutdown", Value::Null);
        assert_eq!(response["result"], Value::Null, "{response}");
        self.notify("exit", Value::Null);
        self.wait()
    }

    /// The exit status, once the server ended (standard input closed first).
    pub fn wait(&mut self) -> ExitStatus {
        self.stdin = None;
        let (done, finished) = channel();
        let mut child = self.child.take().expect("the server runs");
        std::thread::spawn(move || {
            let _ = done.send(child.wait().expect("wait for okr lsp"));
        });
        finished.recv_timeout(PATIENCE).expect("okr lsp ended")
    }

    /// Whether no notification was read and left unclaimed.
    pub fn pending_is_empty(&self) -> bool {
        self.pending.is_empty()
    }

    /// Close standard input without a word, as a client that crashed.
    pub fn close_input(&mut self) {
        self.stdin = None;
    }

    fn read(&mut self) -> Value {
        self.incoming.recv_timeout(PATIENCE).expect("okr lsp sent a message")
    }

    fn keep(&mut self, message: Value) {
        if message.get("method").is_some() && message.get("id").is_some() {
            self.answer_server_request(&message);
        } else {
            self.pending.push_back(message);
        }
    }

    /// Requests from the server (`client/registerCapability`): accepted.
    fn answer_server_request(&mut self, request: &Value) {
        self.server_requests.push(request["method"].as_str().unwrap_or_default().to_owned());
        let response = json!({ "jsonrpc": "2.0", "id": request["id"], "result": null });
        self.send(&response);
    }
}

impl Drop for Client {
    fn drop(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

/// One framed message from `reader`, or `None` at the end.
fn read_message(reader: &mut impl BufRead) -> Option<Value> {
    let mut length = None;
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).ok()? == 0 {
            return None;
        }
        let line = line.trim_end();
        if line.is_empty() {
            break;
        }
        if let Some(value) = line.strip_prefix("Content-Length: ") {
            length = value.parse::<usize>().ok();
        }
    }
    let mut body = vec![0; length?];
    reader.read_exact(&mut body).ok()?;
    serde_json::from_slice(&body).ok()
}

/// A position as JSON.
pub fn position(line: u32, character: u32) -> Value {
    json!({ "line": line, "character": character })
}
