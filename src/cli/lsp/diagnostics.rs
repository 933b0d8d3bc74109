//! Findings as LSP diagnostics: the same code, severity, range and message
//! as `okr check`, a link to the rule's page and the related places (the
//! other duplicate, the loop's other members). Pushed for open documents,
//! to every client, whatever it says it can pull; the files that are not
//! open are pulled (`workspace/diagnostic`) by clients that ask, so that an
//! edit that changes the findings of ten thousand files sends no flood.

use std::collections::hash_map::DefaultHasher;
use std::collections::{HashMap, HashSet};
use std::hash::{Hash, Hasher};
use std::path::PathBuf;

use lsp_types::{
    CodeDescription, Diagnostic, DiagnosticRelatedInformation, DiagnosticSeverity, FullDocumentDiagnosticReport,
    Location, NumberOrString, PreviousResultId, PublishDiagnosticsParams, Url, WorkspaceDiagnosticReport,
    WorkspaceDocumentDiagnosticReport, WorkspaceFullDocumentDiagnosticReport,
};
use okr::findings::{self, FileId, Severity};
use okr::render::safe::Editor;

use super::session::Session;

/// The diagnostics of every file that has findings (of those `wanted`), by file.
pub fn by_file(session: &mut Session, wanted: impl Fn(&Session, FileId) -> bool) -> HashMap<FileId, Vec<Diagnostic>> {
    let findings = session.findings();
    let mut grouped: HashMap<FileId, Vec<&findings::Diagnostic>> = HashMap::new();
    for finding in findings.iter().filter(|finding| wanted(session, finding.file)) {
        grouped.entry(finding.file).or_default().push(finding);
    }
    grouped.into_iter().map(|(file, findings)| (file, of_file(session, file, &findings))).collect()
}

/// The diagnostics of one file's findings.
pub fn of_file(session: &Session, file: FileId, findings: &[&findings::Diagnostic]) -> Vec<Diagnostic> {
    let lines = session.lines(file);
    let mut related_lines = HashMap::new();
    findings
        .iter()
        .map(|finding| {
            let related = finding
                .related
                .iter()
                .filter_map(|related| {
                    let lines = related_lines.entry(related.file).or_insert_with(|| session.lines(related.file));
                    Some(DiagnosticRelatedInformation {
                        location: Location::new(
                            session.uri(related.file)?,
                            lines.range(related.span, session.encoding),
                        ),
                        message: Editor(&related.message).to_string(),
                    })
                })
                .collect::<Vec<_>>();
            // The message is the command line's, word for word; its help
            // (what to do) rides along in `data` for clients that show it.
            let message = Editor(&finding.message).to_string();
            let data = finding.help.as_ref().map(|help| serde_json::json!({ "help": Editor(help).to_string() }));
            Diagnostic {
                range: lines.range(finding.span, session.encoding),
                severity: Some(match finding.severity {
                    Severity::Error => DiagnosticSeverity::ERROR,
                    Severity::Warning => DiagnosticSeverity::WARNING,
                }),
                code: Some(NumberOrString::String(finding.code.name().to_owned())),
                code_description: Url::parse(&session.config.docs.rule_url(finding.code))
                    .ok()
                    .map(|href| CodeDescription { href }),
                source: Some("okr".into()),
                message,
                related_information: (!related.is_empty()).then_some(related),
                tags: None,
                data,
            }
        })
        .collect()
}

/// The notifications to send for the open documents whose diagnostics
/// changed since `published` (which they update), and for `edited` (the
/// document just opened or changed) in any case: its client waits for them.
pub fn to_publish(
    session: &mut Session,
    published: &mut HashMap<Url, Vec<Diagnostic>>,
    edited: Option<&Url>,
) -> Vec<PublishDiagnosticsParams> {
    let mut by_file = by_file(session, is_open);
    let mut notes = Vec::new();
    for (uri, document) in session.documents.iter() {
        let diagnostics = match session.live.id_of(&document.path) {
            Some(file) if document.okr => by_file.remove(&file).unwrap_or_default(),
            _ => Vec::new(),
        };
        let before = published.get(uri);
        let unchanged = before == Some(&diagnostics) || (before.is_none() && diagnostics.is_empty() && !document.okr);
        if unchanged && (edited != Some(uri) || !document.okr) {
            continue;
        }
        published.insert(uri.clone(), diagnostics.clone());
        notes.push(PublishDiagnosticsParams { uri: uri.clone(), diagnostics, version: Some(document.version) });
    }
    // Closed since: their diagnostics go with them (a pull tells the rest).
    let closed: Vec<Url> = published.keys().filter(|uri| session.documents.get(uri).is_none()).cloned().collect();
    for uri in closed {
        published.remove(&uri);
        notes.push(PublishDiagnosticsParams { uri, diagnostics: Vec::new(), version: None });
    }
    notes
}

/// Whether file `file` is open in the editor (its diagnostics are pushed).
fn is_open(session: &Session, file: FileId) -> bool {
    session.documents.at_path(&session.live.file(file).path).is_some()
}

/// `workspace/diagnostic`: the findings of every file that is not open and
/// has findings, once each (the open ones are pushed). A file the client
/// was told of before (`previous`) that has none now, or is open now, gets
/// an empty report, which clears what the client shows for it: clients keep
/// what a workspace pull told them of a file until told otherwise. The
/// empty reports carry no result id, so the client stops naming those files.
pub fn workspace_report(session: &mut Session, previous: &[PreviousResultId]) -> WorkspaceDiagnosticReport {
    let mut files: Vec<(FileId, Vec<Diagnostic>)> =
        by_file(session, |session, file| !is_open(session, file)).into_iter().collect();
    files.sort_by_key(|(file, _)| *file);
    let result_id = format!("okr-{}", session.generation());
    let reported: HashSet<PathBuf> = files.iter().map(|(file, _)| session.live.file(*file).path.clone()).collect();
    let full = |uri: Url, result_id: Option<String>, items: Vec<Diagnostic>| {
        WorkspaceDocumentDiagnosticReport::Full(WorkspaceFullDocumentDiagnosticReport {
            uri,
            version: None,
            full_document_diagnostic_report: FullDocumentDiagnosticReport { result_id, items },
        })
    };
    let mut items: Vec<WorkspaceDocumentDiagnosticReport> = files
        .into_iter()
        .filter_map(|(file, items)| Some(full(session.uri(file)?, Some(result_id.clone()), items)))
        .collect();
    // Compared by path: a client may spell the same file's URI otherwise.
    let cleared =
        previous.iter().filter(|told| session.path_of(&told.uri).is_none_or(|path| !reported.contains(&path)));
    items.extend(cleared.map(|told| full(told.uri.clone(), None, Vec::new())));
    WorkspaceDiagnosticReport { items }
}

/// A digest of the findings of the files that are not open (what
/// `workspace/diagnostic` gives), files named by path since their ids move
/// as files come and go: when it changes, a client that pulls is asked to
/// pull again.
pub fn not_open_digest(session: &mut Session) -> u64 {
    let findings = session.findings();
    let path = |file: FileId| &session.live.file(file).path;
    let mut hasher = DefaultHasher::new();
    for finding in findings.iter().filter(|finding| !is_open(session, finding.file)) {
        (path(finding.file), finding.code, finding.severity, finding.span).hash(&mut hasher);
        (&finding.message, &finding.help).hash(&mut hasher);
        for related in &finding.related {
            (path(related.file), related.span, &related.message).hash(&mut hasher);
        }
    }
    hasher.finish()
}

/// `textDocument/diagnostic`: one file's findings, open or not.
pub fn document_report(session: &mut Session, uri: &Url) -> FullDocumentDiagnosticReport {
    let items = match session.file_of(uri) {
        Some(file) => by_file(session, |_, other| other == file).remove(&file).unwrap_or_default(),
        None => Vec::new(),
    };
    FullDocumentDiagnosticReport { result_id: None, items }
}
