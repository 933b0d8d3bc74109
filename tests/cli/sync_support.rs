//! Helpers of the `okr sync` tests: a committed repository built with git2
//! (fixed identity and date), okr run with an environment the test sets
//! whole, and an HTTP server on 127.0.0.1 that answers from a table.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::Path;
use std::process::Output;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use crate::support::*;

/// The day every sync here runs on (in 2026-Q4).
pub const TODAY: &str = "2026-11-02";

/// A repository holding `files`, all committed (2026-10-01, by "Fixture"),
/// with the committer in its own config.
pub fn committed(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tree(files);
    let repository = git2::Repository::init(dir.path()).expect("init");
    let mut config = repository.config().and_then(|c| c.open_level(git2::ConfigLevel::Local)).expect("config");
    config.set_str("user.name", "Sync Bot").expect("name");
    config.set_str("user.email", "sync@example.com").expect("email");
    let mut index = repository.index().expect("index");
    for (path, _) in files {
        index.add_path(Path::new(path)).expect("stage");
    }
    index.write().expect("write index");
    let tree = repository.find_tree(index.write_tree().expect("tree")).expect("tree");
    let signature =
        git2::Signature::new("Fixture", "fixture@example.com", &git2::Time::new(1_790_856_000, 0)).expect("signature");
    repository.commit(Some("HEAD"), &signature, &signature, "start", &tree, &[]).expect("commit");
    dir
}

/// `okr ARGS` in `dir` on [`TODAY`], with nothing of this process's
/// environment but `PATH`, plus `vars`: the commit's date fixed
/// (2026-11-02 12:00 UTC), `HOME` in the temp dir so no git configuration
/// of the machine is read.
pub fn okr_sync(dir: &Path, args: &[&str], vars: &[(&str, &str)]) -> Output {
    let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_okr"));
    command
        .args(args)
        .current_dir(dir)
        .env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("HOME", dir)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("OKR_TODAY", TODAY)
        .env("GIT_AUTHOR_DATE", "@1793620800 +0000")
        .env("GIT_COMMITTER_DATE", "@1793620800 +0000")
        .envs(vars.iter().copied());
    finishes(command)
}

/// One answer of [`Server`]: status, content type, body, and how long to
/// wait before sending it.
#[derive(Clone)]
pub struct Answer {
    pub status: u16,
    pub content_type: &'static str,
    pub body: String,
    pub delay: Duration,
}

impl Answer {
    pub fn json(body: &str) -> Answer {
        Answer { status: 200, content_type: "application/json", body: body.to_owned(), delay: Duration::ZERO }
    }
}

/// An HTTP/1.1 server on 127.0.0.1 with a port of its own, answering each
/// path from a table (404 otherwise), recording each request's head.
pub struct Server {
    pub address: String,
    pub requests: Arc<Mutex<Vec<String>>>,
    stop: Arc<AtomicBool>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl Server {
    pub fn start(routes: Vec<(String, Answer)>) -> Server {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
        let address = format!("http://{}", listener.local_addr().expect("address"));
        let requests = Arc::new(Mutex::new(Vec::new()));
        let stop = Arc::new(AtomicBool::new(false));
        let (seen, stopping) = (requests.clone(), stop.clone());
        let thread = std::thread::spawn(move || {
            for stream in listener.incoming() {
                if stopping.load(Ordering::SeqCst) {
                    break;
                }
                let Ok(stream) = stream else { continue };
                let (routes, seen) = (routes.clone(), seen.clone());
                // One thread per connection: a slow answer holds up no other.
                std::thread::spawn(move || answer(stream, &routes, &seen));
            }
        });
        Server { address, requests, stop, thread: Some(thread) }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        // Wake the accept loop so that it sees the flag.
        let _ = TcpStream::connect(self.address.trim_start_matches("http://"));
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

fn answer(stream: TcpStream, routes: &[(String, Answer)], seen: &Mutex<Vec<String>>) {
    let _ = stream.set_read_timeout(Some(Duration::from_secs(10)));
    let mut reader = BufReader::new(stream);
    let mut head = String::new();
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).unwrap_or(0) == 0 || line == "\r\n" {
            break;
        }
        head.push_str(&line);
    }
    if head.is_empty() {
        return;
    }
    seen.lock().expect("requests").push(head.clone());
    let path = head.split_whitespace().nth(1).unwrap_or("/").split('?').next().unwrap_or("/").to_owned();
    let found = routes.iter().find(|(p, _)| *p == path).map(|(_, a)| a.clone());
    let answer = found.unwrap_or(Answer {
        status: 404,
        content_type: "text/plain",
        body: "not found".into(),
        delay: Duration::ZERO,
    });
    std::thread::sleep(answer.delay);
    let mut stream = reader.into_inner();
    let response = format!(
        "HTTP/1.1 {} X\r\ncontent-type: {}\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{}",
        answer.status,
        answer.content_type,
        answer.body.len(),
        answer.body
    );
    let _ = stream.write_all(response.as_bytes());
    let _ = stream.read(&mut [0u8; 1]);
}

/// A team file of platform in 2026-Q4 with `key_results` (YAML, indented
/// for the list under `key_results:`).
pub fn team_file(team: &str, key_results: &str) -> String {
    format!(
        "team: {team}\nperiod: 2026-Q4\nobjectives:\n  - id: speed\n    title: Pages feel instant everywhere\n    \
         key_results:\n{key_results}"
    )
}

/// A progress key result from 600 down to 300 (`current` when given) with `source`.
pub fn progress(id: &str, current: Option<&str>, source: &str) -> String {
    let current = current.map(|c| format!("        current: {c}\n")).unwrap_or_default();
    format!(
        "      - id: {id}\n        title: {id} gets better\n        start: 600\n        target: 300\n{current}        \
         source: {source}\n"
    )
}
