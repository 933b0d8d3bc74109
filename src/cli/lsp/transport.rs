//! The wire: JSON-RPC messages framed with `Content-Length` headers over
//! standard input and output.
//!
//! lsp-server's own stdio transport ends the connection on the first message
//! that is not JSON; the protocol wants a parse error answered instead, and
//! the server to go on. So messages are read here, on a thread of their own
//! (the main loop stays synchronous), and written by the main loop with
//! lsp-server's framing.

use std::io::{BufRead, Read, Write};
use std::sync::mpsc::{sync_channel, Receiver};

use lsp_server::{ErrorCode, Message, RequestId};
use serde_json::Value;

/// The largest message read. A 4 MiB document sent in full is well under
/// it; a larger body is skipped (never held) and answered with an error.
pub const MAX_MESSAGE: usize = 64 * 1024 * 1024;

/// What came in.
#[derive(Debug)]
pub enum Incoming {
    Message(Message),
    /// A body that could not be a message: the error to answer with (to
    /// `id`, when the body had one that could be read).
    Malformed {
        id: Option<RequestId>,
        code: ErrorCode,
        message: String,
    },
}

/// Read messages from `input` on a thread of its own; the channel closes
/// when the input ends or cannot be read any more.
pub fn read_in_background(input: impl Read + Send + 'static) -> Receiver<Incoming> {
    // A small bound: a client that floods is slowed down, not buffered.
    let (sender, receiver) = sync_channel(16);
    std::thread::Builder::new()
        .name("okr-lsp-reader".into())
        .spawn(move || {
            let mut input = std::io::BufReader::new(input);
            while let Some(incoming) = read_one(&mut input) {
                let is_exit = matches!(&incoming, Incoming::Message(Message::Notification(n)) if n.method == "exit");
                if sender.send(incoming).is_err() || is_exit {
                    break;
                }
            }
        })
        .expect("a thread can be started");
    receiver
}

/// The next message, or `None` at the end of the input.
pub fn read_one(input: &mut impl BufRead) -> Option<Incoming> {
    loop {
        let length = match read_headers(input)? {
            Ok(length) => length,
            Err(message) => return Some(malformed(None, ErrorCode::ParseError, message)),
        };
        if length > MAX_MESSAGE {
            std::io::copy(&mut input.take(length as u64), &mut std::io::sink()).ok()?;
            let message = format!("a message of {length} bytes is over the limit of {MAX_MESSAGE}");
            return Some(malformed(None, ErrorCode::InvalidRequest, message));
        }
        let mut body = vec![0; length];
        input.read_exact(&mut body).ok()?;
        if length == 0 {
            continue;
        }
        return Some(parse(&body));
    }
}

/// The `Content-Length` of the next message's headers: `None` at the end of
/// the input, an error for headers without a usable length.
fn read_headers(input: &mut impl BufRead) -> Option<Result<usize, String>> {
    let mut length: Option<Result<usize, String>> = None;
    let mut line = String::new();
    loop {
        line.clear();
        // Headers are short: a "line" of more than 1 KiB is not one.
        let read = input.by_ref().take(1024).read_line(&mut line);
        match read {
            Ok(0) => return None,
            Ok(_) => {}
            Err(_) => return Some(Err("the headers are not UTF-8".into())),
        }
        let header = line.trim_end_matches(['\r', '\n']);
        if header.is_empty() {
            if length.is_none() {
                // Blank lines between messages: keep looking.
                continue;
            }
            return length;
        }
        if let Some((name, value)) = header.split_once(':') {
            if name.trim().eq_ignore_ascii_case("content-length") {
                let value = value.trim();
                length = Some(value.parse().map_err(|_| format!("`Content-Length: {value}` is not a length")));
            }
        }
    }
}

/// A body as a message, or the error that says why it is not one.
fn parse(body: &[u8]) -> Incoming {
    let value: Value = match serde_json::from_slice(body) {
        Ok(value) => value,
        Err(e) => return malformed(None, ErrorCode::ParseError, format!("the message is not JSON: {e}")),
    };
    let id = value.get("id").and_then(|id| serde_json::from_value::<RequestId>(id.clone()).ok());
    if value.get("jsonrpc").and_then(Value::as_str) != Some("2.0") {
        return malformed(id, ErrorCode::InvalidRequest, "the message is not JSON-RPC 2.0".into());
    }
    // lsp-server reads anything with an id as a response: a request whose
    // method is no string, or a response with neither result nor error,
    // would be taken for a response and dropped unanswered.
    let shaped = match value.get("method") {
        Some(method) => method.is_string(),
        None => value.get("result").is_some() || value.get("error").is_some(),
    };
    if !shaped {
        let message = "the message is not a request, a response or a notification".to_owned();
        return malformed(id, ErrorCode::InvalidRequest, message);
    }
    match serde_json::from_value::<Message>(value) {
        Ok(message) => Incoming::Message(message),
        Err(e) => malformed(
            id,
            ErrorCode::InvalidRequest,
            format!("the message is not a request, a response or a notification: {e}"),
        ),
    }
}

fn malformed(id: Option<RequestId>, code: ErrorCode, message: String) -> Incoming {
    Incoming::Malformed { id, code, message }
}

/// Where messages go: standard output, flushed after each.
pub struct Output<W: Write> {
    out: W,
}

impl<W: Write> Output<W> {
    pub fn new(out: W) -> Output<W> {
        Output { out }
    }

    pub fn send(&mut self, message: impl Into<Message>) -> std::io::Result<()> {
        message.into().write(&mut self.out)?;
        self.out.flush()
    }

    /// An error about a message whose id could not be read: the protocol's
    /// `"id": null`, which lsp-server's types cannot say.
    pub fn send_error_without_id(&mut self, code: ErrorCode, message: &str) -> std::io::Result<()> {
        let body = serde_json::json!({
            "jsonrpc": "2.0",
            "id": null,
            "error": { "code": code as i32, "message": message },
        })
        .to_string();
        write!(self.out, "Content-Length: {}\r\n\r\n{body}", body.len())?;
        self.out.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn framed(body: &str) -> String {
        format!("Content-Length: {}\r\n\r\n{body}", body.len())
    }

    #[test]
    fn a_message_that_is_not_json_is_a_parse_error_and_reading_goes_on() {
        let input = framed("{not json") + &framed(r#"{"jsonrpc":"2.0","method":"initialized","params":{}}"#);
        let mut input = std::io::Cursor::new(input.into_bytes());
        assert!(matches!(
            read_one(&mut input),
            Some(Incoming::Malformed { code: ErrorCode::ParseError, id: None, .. })
        ));
        assert!(matches!(read_one(&mut input), Some(Incoming::Message(Message::Notification(_)))));
        assert!(read_one(&mut input).is_none());
    }

    #[test]
    fn json_that_is_no_message_is_an_invalid_request_with_its_id() {
        let mut input = std::io::Cursor::new(framed(r#"{"jsonrpc":"2.0","id":7,"method":3}"#).into_bytes());
        match read_one(&mut input) {
            Some(Incoming::Malformed { id, code: ErrorCode::InvalidRequest, .. }) => assert_eq!(id, Some(7.into())),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn a_header_without_a_usable_length_is_an_error_then_the_next_message_reads() {
        let input = "Content-Length: many\r\n\r\n".to_owned() + &framed(r#"{"jsonrpc":"2.0","method":"exit"}"#);
        let mut input = std::io::Cursor::new(input.into_bytes());
        assert!(matches!(read_one(&mut input), Some(Incoming::Malformed { code: ErrorCode::ParseError, .. })));
        assert!(matches!(read_one(&mut input), Some(Incoming::Message(_))));
    }
}
