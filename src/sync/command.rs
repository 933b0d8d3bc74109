//! `type = "command"`: run a program without a shell, its environment
//! reduced to `PATH`, `HOME` and the variables the source lists, its
//! standard input empty, in the repository's root; read what it prints;
//! kill it, and every process it started, when it takes longer than its
//! timeout.

use std::collections::BTreeMap;
use std::io::Read;
use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::mpsc::Sender;
use std::sync::{Arc, Mutex};
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
    let mut command = Command::new(program);
    // A process group of its own, so that a timeout ends what it started
    // too (a shell script's children would otherwise run on).
    #[cfg(unix)]
    std::os::unix::process::CommandExt::process_group(&mut command, 0);
    let mut child = command
        .args(args)
        .env_clear()
        .envs(variables)
        .current_dir(root)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| SourceError::new(format!("`{program}` could not be started: {e}"), Vec::new()))?;
    let (done, finished) = std::sync::mpsc::channel();
    let stdout = child.stdout.take().map(|pipe| read_bounded(pipe, done.clone()));
    let stderr = child.stderr.take().map(|pipe| read_bounded(pipe, done.clone()));
    let readers = usize::from(stdout.is_some()) + usize::from(stderr.is_some());
    drop(done);
    // A monotonic deadline for the timeout, not the date: nothing here
    // depends on what day it is.
    let deadline = Instant::now() + timeout;
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break status,
            Ok(None) if Instant::now() >= deadline => {
                // Best effort: it may have exited just now.
                kill_group(&child);
                let _ = child.kill();
                let _ = child.wait();
                let reason = format!("`{program}` took longer than {}s and was killed", timeout.as_secs());
                return Err(SourceError::new(reason, Vec::new()));
            }
            Ok(None) => std::thread::sleep(POLL),
            Err(e) => return Err(SourceError::new(format!("waiting for `{program}` failed: {e}"), Vec::new())),
        }
    };
    // Its output is complete when both pipes are closed; a process it left
    // behind may hold them open: that too is bounded by the deadline, and
    // the readers are then left to finish on their own.
    for _ in 0..readers {
        let left = deadline.saturating_duration_since(Instant::now());
        if finished.recv_timeout(left).is_err() {
            kill_group(&child);
            let reason = format!(
                "`{program}` exited, but a process it started kept its output open past {}s",
                timeout.as_secs()
            );
            return Err(SourceError::new(reason, Vec::new()));
        }
    }
    let take = |reader: Option<Arc<Mutex<Vec<u8>>>>| {
        reader.map(|kept| std::mem::take(&mut *kept.lock().unwrap_or_else(|p| p.into_inner()))).unwrap_or_default()
    };
    let (out, err) = (take(stdout), take(stderr));
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

/// Kill the process group the command leads: it and whatever it started
/// that is still running. The group outlives its leader, so this works after
/// the command itself has exited too.
fn kill_group(child: &std::process::Child) {
    #[cfg(unix)]
    {
        use rustix::process::{kill_process_group, Pid, Signal};
        let _ = kill_process_group(Pid::from_child(child), Signal::KILL);
    }
    #[cfg(not(unix))]
    let _ = child;
}

/// Read a pipe to its end on a thread of its own, keeping the first
/// [`OUTPUT_LIMIT`] bytes; say so on `done` at the end.
fn read_bounded(mut pipe: impl Read + Send + 'static, done: Sender<()>) -> Arc<Mutex<Vec<u8>>> {
    let kept = Arc::new(Mutex::new(Vec::new()));
    let shared = kept.clone();
    std::thread::spawn(move || {
        let mut buffer = [0u8; 8192];
        loop {
            match pipe.read(&mut buffer) {
                Ok(0) | Err(_) => break,
                Ok(n) => {
                    let mut kept = shared.lock().unwrap_or_else(|p| p.into_inner());
                    let room = OUTPUT_LIMIT.saturating_sub(kept.len());
                    kept.extend_from_slice(&buffer[..n.min(room)]);
                }
            }
        }
        // The receiver is gone when the command was given up on.
        let _ = done.send(());
    });
    kept
}
