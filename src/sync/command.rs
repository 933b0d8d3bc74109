//! `type = "command"`: run a program without a shell, its environment
//! reduced to `PATH`, `HOME` and the variables the source lists, its
//! standard input empty, in the repository's root; read what it prints;
//! kill it when it takes longer than its timeout.

use std::collections::BTreeMap;
use std::io::Read;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::sync::SourceError;

/// The most of its output a command may print that okr reads; the rest is
/// drained and dropped, so a chatty command neither blocks nor fills memory.
const OUTPUT_LIMIT: usize = 1 << 20;

/// How often a running command is looked at.
const POLL: Duration = Duration::from_millis(5);

/// What the command printed on standard output when it exited 0.
pub fn run(
    argv: &[String],
    variables: &BTreeMap<String, String>,
    root: &Path,
    timeout: Duration,
) -> Result<Vec<u8>, SourceError> {
    let (program, args) = argv.split_first().ok_or_else(|| SourceError::new("the command is empty", Vec::new()))?;
    let mut child = Command::new(program)
        .args(args)
        .env_clear()
        .envs(variables)
        .current_dir(root)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| SourceError::new(format!("`{program}` could not be started: {e}"), Vec::new()))?;
    let stdout = child.stdout.take().map(read_bounded);
    let stderr = child.stderr.take().map(read_bounded);
    // A monotonic deadline for the timeout, not the date: nothing here
    // depends on what day it is.
    let deadline = Instant::now() + timeout;
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break Some(status),
            Ok(None) if Instant::now() >= deadline => {
                // Best effort: it may have exited just now.
                let _ = child.kill();
                let _ = child.wait();
                break None;
            }
            Ok(None) => std::thread::sleep(POLL),
            Err(e) => return Err(SourceError::new(format!("waiting for `{program}` failed: {e}"), Vec::new())),
        }
    };
    let Some(status) = status else {
        // A grandchild may still hold the pipes open: the readers are left
        // to finish on their own, and nothing of theirs is waited for.
        return Err(SourceError::new(
            format!("`{program}` took longer than {}s and was killed", timeout.as_secs()),
            Vec::new(),
        ));
    };
    let out = stdout.map(|h| h.join().unwrap_or_default()).unwrap_or_default();
    let err = stderr.map(|h| h.join().unwrap_or_default()).unwrap_or_default();
    if !status.success() {
        let how = match status.code() {
            Some(code) => format!("exited with status {code}"),
            None => "was ended by a signal".to_owned(),
        };
        // What it said on standard error explains a failure best.
        let returned = if err.is_empty() { out } else { err };
        return Err(SourceError::new(format!("`{program}` {how}"), returned));
    }
    Ok(out)
}

/// Read a pipe to its end on a thread of its own, keeping the first
/// [`OUTPUT_LIMIT`] bytes.
fn read_bounded(mut pipe: impl Read + Send + 'static) -> std::thread::JoinHandle<Vec<u8>> {
    std::thread::spawn(move || {
        let mut kept = Vec::new();
        let mut buffer = [0u8; 8192];
        loop {
            match pipe.read(&mut buffer) {
                Ok(0) | Err(_) => break,
                Ok(n) => {
                    let room = OUTPUT_LIMIT.saturating_sub(kept.len());
                    kept.extend_from_slice(&buffer[..n.min(room)]);
                }
            }
        }
        kept
    })
}
