//! `okr lsp`: a language server over standard input and output.
//!
//! One thread reads messages ([`transport`]); this loop handles them one at
//! a time, in order, on the incremental workspace ([`session`]), and writes
//! the answers. No async runtime: every request is answered from memory in
//! milliseconds, so there is nothing to overlap. A handler that fails (or
//! panics) answers with an error and the server goes on.

mod actions;
mod completion;
mod diagnostics;
mod documents;
mod hints;
mod hover;
mod navigation;
mod outline;
mod position;
mod session;
mod symbols;
mod transport;

use std::collections::HashMap;
use std::io::Write;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};

use clap::Args;
use lsp_server::{ErrorCode, Message, Notification, Request, RequestId, Response, ResponseError};
use lsp_types::{notification::Notification as _, Url};
use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::cli::{Error, ExitStatus, Surroundings};
use position::Encoding;
use session::Session;
use transport::{Incoming, Output};

#[derive(Debug, Args)]
pub struct LspArgs {
    /// Speak over standard input and output (the only way; accepted because
    /// editors' clients pass it).
    #[arg(long)]
    pub stdio: bool,
}

/// How the server ends when the client leaves without `shutdown` (`exit`
/// alone, or standard input closed): the protocol asks for exit code 1,
/// which is okr's code for findings.
const LEFT_WITHOUT_SHUTDOWN: ExitStatus = ExitStatus::Findings;

/// The answer to a request: its result, or the error to send.
type Answer = Result<Value, ResponseError>;

/// Serve until the client says `exit` or closes standard input. Exit code
/// 0 after `shutdown` then `exit`; 1 (the protocol's code for an exit
/// without `shutdown`) otherwise.
pub fn run(
    directory: Option<&Path>,
    config: Option<&Path>,
    _args: &LspArgs,
    out: &mut dyn Write,
    surroundings: &Surroundings,
) -> Result<ExitStatus, Error> {
    let cwd = std::env::current_dir().map_err(|source| okr::error::Error::Io { path: ".".into(), source })?;
    let cwd = match directory {
        Some(dir) => cwd.join(dir),
        None => cwd,
    };
    let config = config.map(|path| cwd.join(path));
    let incoming = transport::read_in_background(std::io::stdin());
    let mut output = Output::new(out);
    let io = |e: std::io::Error| Error::Okr(okr::error::Error::Io { path: "standard output".into(), source: e });
    let Some(mut server) = initialize(&incoming, &mut output, &cwd, config, surroundings).map_err(io)? else {
        return Ok(LEFT_WITHOUT_SHUTDOWN);
    };
    server.serve(&incoming, &mut output).map_err(io)
}

/// Everything a request may need beside the session.
struct Server {
    session: Session,
    /// What was last pushed for each open document.
    published: HashMap<Url, Vec<lsp_types::Diagnostic>>,
    shutdown: bool,
    /// The client registers file watchers when asked to (dynamic registration).
    watch_files: bool,
    /// What a client that can be asked to pull again (`refresh`) was last
    /// told of the findings of the files that are not open; `None` for a
    /// client that cannot be asked. Open documents are pushed to every client, one that
    /// also pulls (VS Code's) included: a client waiting for
    /// `publishDiagnostics` after an edit gets them.
    pulled: Option<Pulled>,
    next_id: i32,
}

/// The findings of the files not open, as the client was last told of them.
struct Pulled {
    /// The state of the workspace then ([`Session::generation`]).
    generation: u64,
    /// Their digest then ([`diagnostics::not_open_digest`]).
    digest: u64,
}

/// Answer requests with "not initialized" until `initialize`, then answer
/// it; `None` when the input ends or `exit` comes first.
fn initialize(
    incoming: &std::sync::mpsc::Receiver<Incoming>,
    output: &mut Output<&mut dyn Write>,
    cwd: &std::path::Path,
    config: Option<PathBuf>,
    surroundings: &Surroundings,
) -> std::io::Result<Option<Server>> {
    for message in incoming.iter() {
        let request = match message {
            Incoming::Message(Message::Request(request)) if request.method == "initialize" => request,
            Incoming::Message(Message::Request(request)) => {
                let error = error(ErrorCode::ServerNotInitialized, "the server is not initialized yet");
                output.send(Response { id: request.id, result: None, error: Some(error) })?;
                continue;
            }
            Incoming::Message(Message::Notification(n)) if n.method == "exit" => return Ok(None),
            Incoming::Message(_) => continue,
            Incoming::Malformed { id, code, message } => {
                send_malformed(output, id, code, &message)?;
                continue;
            }
        };
        let params: lsp_types::InitializeParams = match serde_json::from_value(request.params) {
            Ok(params) => params,
            Err(e) => {
                let error = error(ErrorCode::InvalidParams, &format!("initialize: {e}"));
                output.send(Response { id: request.id, result: None, error: Some(error) })?;
                continue;
            }
        };
        let folder = root_folder(&params).unwrap_or_else(|| cwd.to_owned());
        let folder = folder.canonicalize().unwrap_or(folder);
        let root = folder.ancestors().find(|d| d.join(".git").exists()).map_or(folder.clone(), PathBuf::from);
        let (config_path, must_exist) = match config {
            Some(path) => (path, true),
            None => (okr::config::default_path(&root), false),
        };
        let general = params.capabilities.general.as_ref();
        let encoding = Encoding::negotiate(general.and_then(|g| g.position_encodings.as_deref()));
        let watch_files = params
            .capabilities
            .workspace
            .as_ref()
            .and_then(|w| w.did_change_watched_files.as_ref())
            .and_then(|w| w.dynamic_registration)
            .unwrap_or(false);
        let refresh = params
            .capabilities
            .workspace
            .as_ref()
            .and_then(|w| w.diagnostic.as_ref())
            .and_then(|d| d.refresh_support)
            .unwrap_or(false);
        let result = lsp_types::InitializeResult {
            capabilities: capabilities(encoding),
            server_info: Some(lsp_types::ServerInfo {
                name: "okr".into(),
                version: Some(env!("CARGO_PKG_VERSION").into()),
            }),
        };
        output.send(Response::new_ok(request.id, result))?;
        let mut session = Session::new(root, config_path, must_exist, encoding, surroundings.today);
        let trouble = session.load();
        // The client pulls what it wants at the start: it is asked to pull
        // again only once the findings of files not open change.
        let pulled = refresh
            .then(|| Pulled { generation: session.generation(), digest: diagnostics::not_open_digest(&mut session) });
        let mut server =
            Server { session, published: HashMap::new(), shutdown: false, watch_files, pulled, next_id: 0 };
        if let Some(trouble) = trouble {
            server.show_message(output, &trouble)?;
        }
        return Ok(Some(server));
    }
    Ok(None)
}

/// The folder the client opened: its first workspace folder, else its root.
fn root_folder(params: &lsp_types::InitializeParams) -> Option<PathBuf> {
    let folder = params.workspace_folders.as_ref().and_then(|folders| folders.first()).map(|f| &f.uri);
    #[allow(deprecated)]
    let uri = folder.or(params.root_uri.as_ref())?;
    documents::path_of(uri)
}

fn capabilities(encoding: Encoding) -> lsp_types::ServerCapabilities {
    use lsp_types::*;
    ServerCapabilities {
        position_encoding: Some(encoding.kind()),
        text_document_sync: Some(TextDocumentSyncCapability::Options(TextDocumentSyncOptions {
            open_close: Some(true),
            change: Some(TextDocumentSyncKind::INCREMENTAL),
            ..Default::default()
        })),
        diagnostic_provider: Some(DiagnosticServerCapabilities::Options(DiagnosticOptions {
            identifier: Some("okr".into()),
            inter_file_dependencies: true,
            workspace_diagnostics: true,
            work_done_progress_options: Default::default(),
        })),
        completion_provider: Some(CompletionOptions {
            trigger_characters: Some(vec![":".into(), " ".into(), "/".into(), "-".into()]),
            ..Default::default()
        }),
        hover_provider: Some(HoverProviderCapability::Simple(true)),
        definition_provider: Some(OneOf::Left(true)),
        references_provider: Some(OneOf::Left(true)),
        rename_provider: Some(OneOf::Right(RenameOptions {
            prepare_provider: Some(true),
            work_done_progress_options: Default::default(),
        })),
        code_action_provider: Some(CodeActionProviderCapability::Simple(true)),
        document_symbol_provider: Some(OneOf::Left(true)),
        workspace_symbol_provider: Some(OneOf::Left(true)),
        inlay_hint_provider: Some(OneOf::Left(true)),
        ..Default::default()
    }
}

impl Server {
    fn serve(
        &mut self,
        incoming: &std::sync::mpsc::Receiver<Incoming>,
        output: &mut Output<&mut dyn Write>,
    ) -> std::io::Result<ExitStatus> {
        self.publish(output, None)?;
        for message in incoming.iter() {
            match message {
                Incoming::Malformed { id, code, message } => send_malformed(output, id, code, &message)?,
                Incoming::Message(Message::Request(request)) => {
                    let id = request.id.clone();
                    let answer = if self.shutdown {
                        Err(error(ErrorCode::InvalidRequest, "the server is shutting down"))
                    } else if request.method == "shutdown" {
                        self.shutdown = true;
                        Ok(Value::Null)
                    } else {
                        self.guarded(&request.method, |server| server.request(request.clone()))
                    };
                    output.send(match answer {
                        Ok(result) => Response { id, result: Some(result), error: None },
                        Err(error) => Response { id, result: None, error: Some(error) },
                    })?;
                }
                Incoming::Message(Message::Notification(notification)) => {
                    if notification.method == "exit" {
                        return Ok(if self.shutdown { ExitStatus::Success } else { LEFT_WITHOUT_SHUTDOWN });
                    }
                    let method = notification.method.clone();
                    let edited = edited_document(&notification);
                    let handled = self.guarded(&method, |server| server.notification(notification, output));
                    if let Err(error) = handled {
                        self.show_message(output, &format!("okr: {}: {}", method, error.message))?;
                    }
                    self.publish(output, edited.as_ref())?;
                }
                // Answers to what the server asked (registering file watchers).
                Incoming::Message(Message::Response(_)) => {}
            }
        }
        // The input ended without `exit`.
        Ok(LEFT_WITHOUT_SHUTDOWN)
    }

    /// Run a handler; a panic in it becomes an internal error, and the
    /// server goes on.
    fn guarded(&mut self, method: &str, handler: impl FnOnce(&mut Server) -> Answer) -> Answer {
        catch_unwind(AssertUnwindSafe(|| handler(self))).unwrap_or_else(|_| {
            Err(error(ErrorCode::InternalError, &format!("okr failed on `{method}`; the server goes on")))
        })
    }

    fn request(&mut self, request: Request) -> Answer {
        let session = &mut self.session;
        match request.method.as_str() {
            "textDocument/diagnostic" => {
                let params: lsp_types::DocumentDiagnosticParams = params(request)?;
                let report = diagnostics::document_report(session, &params.text_document.uri);
                to_value(lsp_types::DocumentDiagnosticReportResult::Report(lsp_types::DocumentDiagnosticReport::Full(
                    lsp_types::RelatedFullDocumentDiagnosticReport {
                        related_documents: None,
                        full_document_diagnostic_report: report,
                    },
                )))
            }
            "workspace/diagnostic" => {
                let params: lsp_types::WorkspaceDiagnosticParams = params(request)?;
                let report = diagnostics::workspace_report(session, &params.previous_result_ids);
                to_value(lsp_types::WorkspaceDiagnosticReportResult::Report(report))
            }
            "textDocument/completion" => to_value(completion::complete(session, &params(request)?)?),
            "textDocument/hover" => to_value(hover::hover(session, &params(request)?)?),
            "textDocument/definition" => to_value(navigation::definition(session, &params(request)?)?),
            "textDocument/references" => to_value(navigation::references(session, &params(request)?)?),
            "textDocument/prepareRename" => to_value(navigation::prepare_rename(session, &params(request)?)?),
            "textDocument/rename" => to_value(navigation::rename(session, &params(request)?)?),
            "textDocument/codeAction" => to_value(actions::code_actions(session, &params(request)?)?),
            "textDocument/documentSymbol" => to_value(symbols::document_symbols(session, &params(request)?)?),
            "workspace/symbol" => to_value(symbols::workspace_symbols(session, &params(request)?)),
            "textDocument/inlayHint" => to_value(hints::inlay_hints(session, &params(request)?)?),
            // A way for the tests to prove that a failing handler is answered
            // with an error and the server goes on; not in release builds.
            #[cfg(debug_assertions)]
            "okr/test/panic" => panic!("a handler failed, as asked"),
            "initialize" => Err(error(ErrorCode::InvalidRequest, "the server is initialized already")),
            method => Err(error(ErrorCode::MethodNotFound, &format!("okr lsp does not answer `{method}`"))),
        }
    }

    fn notification(&mut self, notification: Notification, output: &mut Output<&mut dyn Write>) -> Answer {
        use lsp_types::notification::*;
        let session = &mut self.session;
        match notification.method.as_str() {
            Initialized::METHOD if self.watch_files => {
                self.register_file_watchers(output).map_err(|e| error(ErrorCode::InternalError, &e.to_string()))?;
            }
            DidOpenTextDocument::METHOD => {
                let params: lsp_types::DidOpenTextDocumentParams = notification_params(notification)?;
                let document = params.text_document;
                session.open(document.uri, document.text, document.version);
            }
            DidChangeTextDocument::METHOD => {
                let params: lsp_types::DidChangeTextDocumentParams = notification_params(notification)?;
                let uri = params.text_document.uri;
                let Some(document) = session.documents.get(&uri) else {
                    return Err(error(ErrorCode::InvalidParams, &format!("{uri} is not open")));
                };
                // With its byte-order mark, if any: the ranges count it, and it stays.
                let mut text = document.lines.buffer();
                for change in params.content_changes {
                    match change.range {
                        Some(range) => {
                            // Ranges count on the text as the editor holds it.
                            let lines = position::LineIndex::new(&text);
                            // Offsets in the text after the mark, which the buffer keeps.
                            let mark = text.len() - lines.text().len();
                            let start = mark + lines.offset(range.start, session.encoding);
                            let end = (mark + lines.offset(range.end, session.encoding)).max(start);
                            text.replace_range(start..end, &change.text);
                        }
                        None => text = change.text,
                    }
                }
                session.change(&uri, text, params.text_document.version);
            }
            DidCloseTextDocument::METHOD => {
                let params: lsp_types::DidCloseTextDocumentParams = notification_params(notification)?;
                session.close(&params.text_document.uri);
            }
            DidChangeWatchedFiles::METHOD => {
                let params: lsp_types::DidChangeWatchedFilesParams = notification_params(notification)?;
                let mut troubles = Vec::new();
                for change in params.changes {
                    if let Some(path) = session.path_of(&change.uri) {
                        troubles.extend(session.disk_changed(&path));
                    }
                }
                for trouble in troubles {
                    self.show_message(output, &trouble).map_err(|e| error(ErrorCode::InternalError, &e.to_string()))?;
                }
            }
            // Saving okr.toml from the editor reloads it, for clients that
            // watch no files (Neovim 0.7); saving an OKR file changes nothing
            // its buffer did not.
            DidSaveTextDocument::METHOD => {
                let params: lsp_types::DidSaveTextDocumentParams = notification_params(notification)?;
                let path = session.path_of(&params.text_document.uri);
                if path.as_ref() == Some(&session.config_path) {
                    if let Some(trouble) = session.load() {
                        self.show_message(output, &trouble)
                            .map_err(|e| error(ErrorCode::InternalError, &e.to_string()))?;
                    }
                }
            }
            // The rest (settings, cancelling what is answered already,
            // tracing) okr has no use for.
            _ => {}
        }
        Ok(Value::Null)
    }

    /// Push the diagnostics of the open documents that changed (and of
    /// `edited` in any case), then ask a client that pulls the rest to pull
    /// again if they changed.
    fn publish(&mut self, output: &mut Output<&mut dyn Write>, edited: Option<&Url>) -> std::io::Result<()> {
        for params in diagnostics::to_publish(&mut self.session, &mut self.published, edited) {
            let method = lsp_types::notification::PublishDiagnostics::METHOD.to_owned();
            output.send(Notification::new(method, params))?;
        }
        self.refresh_pulled(output)
    }

    /// `workspace/diagnostic/refresh` when the findings of the files not
    /// open changed since the client was last told (an edit of an open
    /// document that changes no other file's findings asks for no pull).
    fn refresh_pulled(&mut self, output: &mut Output<&mut dyn Write>) -> std::io::Result<()> {
        let Some(pulled) = &mut self.pulled else { return Ok(()) };
        let generation = self.session.generation();
        if generation == pulled.generation {
            return Ok(());
        }
        pulled.generation = generation;
        let digest = diagnostics::not_open_digest(&mut self.session);
        if digest == pulled.digest {
            return Ok(());
        }
        pulled.digest = digest;
        self.next_id += 1;
        let id = RequestId::from(format!("okr-{}", self.next_id));
        output.send(Request::new(id, "workspace/diagnostic/refresh".into(), Value::Null))
    }

    fn show_message(&mut self, output: &mut Output<&mut dyn Write>, message: &str) -> std::io::Result<()> {
        let params = lsp_types::ShowMessageParams {
            typ: lsp_types::MessageType::ERROR,
            message: okr::render::safe::Editor(message).to_string(),
        };
        output.send(Notification::new(lsp_types::notification::ShowMessage::METHOD.to_owned(), params))
    }

    /// Ask the client to tell of OKR files and okr.toml created, changed or
    /// deleted on disk.
    fn register_file_watchers(&mut self, output: &mut Output<&mut dyn Write>) -> std::io::Result<()> {
        use lsp_types::*;
        let watchers = ["**/*.yaml", "**/*.yml", "**/okr.toml"]
            .into_iter()
            .map(|glob| FileSystemWatcher { glob_pattern: GlobPattern::String(glob.into()), kind: None })
            .collect();
        let options = DidChangeWatchedFilesRegistrationOptions { watchers };
        let registration = Registration {
            id: "okr-watched-files".into(),
            method: notification::DidChangeWatchedFiles::METHOD.into(),
            register_options: serde_json::to_value(options).ok(),
        };
        self.next_id += 1;
        let id = RequestId::from(format!("okr-{}", self.next_id));
        let params = RegistrationParams { registrations: vec![registration] };
        output.send(Request::new(id, "client/registerCapability".into(), params))
    }
}

/// The document a notification opens or changes: its diagnostics are sent
/// even when they are the same as before, for the version just sent.
fn edited_document(notification: &Notification) -> Option<Url> {
    use lsp_types::notification::{DidChangeTextDocument, DidOpenTextDocument};
    if notification.method != DidOpenTextDocument::METHOD && notification.method != DidChangeTextDocument::METHOD {
        return None;
    }
    let uri = notification.params.get("textDocument")?.get("uri")?.as_str()?;
    Url::parse(uri).ok()
}

fn params<P: DeserializeOwned>(request: Request) -> Result<P, ResponseError> {
    serde_json::from_value(request.params)
        .map_err(|e| error(ErrorCode::InvalidParams, &format!("{}: {e}", request.method)))
}

fn notification_params<P: DeserializeOwned>(notification: Notification) -> Result<P, ResponseError> {
    serde_json::from_value(notification.params)
        .map_err(|e| error(ErrorCode::InvalidParams, &format!("{}: {e}", notification.method)))
}

fn to_value(result: impl serde::Serialize) -> Answer {
    serde_json::to_value(result).map_err(|e| error(ErrorCode::InternalError, &e.to_string()))
}

pub(crate) fn error(code: ErrorCode, message: &str) -> ResponseError {
    // A message may quote a path, an id or a title: the editor shows it.
    ResponseError { code: code as i32, message: okr::render::safe::Editor(message).to_string(), data: None }
}

/// A request about a document the workspace does not hold (never opened,
/// not an OKR file): the protocol's "request failed", saying which.
pub(crate) fn unknown_document(uri: &Url) -> ResponseError {
    error(
        ErrorCode::RequestFailed,
        &format!("{uri} is not an OKR file okr knows (open it, or check the globs of okr.toml)"),
    )
}

fn send_malformed(
    output: &mut Output<&mut dyn Write>,
    id: Option<RequestId>,
    code: ErrorCode,
    message: &str,
) -> std::io::Result<()> {
    let answer = error(code, message);
    match id {
        None => output.send_error_without_id(code, &answer.message),
        Some(id) => output.send(Response { id, result: None, error: Some(answer) }),
    }
}
