//! Findings as LSP diagnostics: the same code, severity, range and message
//! as `okr check`, a link to the rule's page and the related places (the
//! other duplicate, the loop's other members). Pushed for open documents
//! when they change; the rest are pulled (`workspace/diagnostic`).

use std::collections::HashMap;

use lsp_types::{
    CodeDescription, Diagnostic, DiagnosticRelatedInformation, DiagnosticSeverity, FullDocumentDiagnosticReport,
    Location, NumberOrString, PublishDiagnosticsParams, Url, WorkspaceDiagnosticReport,
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
    let open = |session: &Session, file: FileId| session.documents.at_path(&session.live.file(file).path).is_some();
    let mut by_file = by_file(session, open);
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

/// `workspace/diagnostic`: the findings of every file with findings, once
/// each; with `pushed`, only of the files that are not open (the open ones
/// are pushed).
pub fn workspace_report(session: &mut Session, pushed: bool) -> WorkspaceDiagnosticReport {
    let wanted =
        |session: &Session, file: FileId| !pushed || session.documents.at_path(&session.live.file(file).path).is_none();
    let mut files: Vec<(FileId, Vec<Diagnostic>)> = by_file(session, wanted).into_iter().collect();
    files.sort_by_key(|(file, _)| *file);
    let items = files
        .into_iter()
        .filter_map(|(file, items)| {
            Some(WorkspaceDocumentDiagnosticReport::Full(WorkspaceFullDocumentDiagnosticReport {
                uri: session.uri(file)?,
                version: None,
                full_document_diagnostic_report: FullDocumentDiagnosticReport { result_id: None, items },
            }))
        })
        .collect();
    WorkspaceDiagnosticReport { items }
}

/// `textDocument/diagnostic`: one file's findings, open or not.
pub fn document_report(session: &mut Session, uri: &Url) -> FullDocumentDiagnosticReport {
    let items = match session.file_of(uri) {
        Some(file) => by_file(session, |_, other| other == file).remove(&file).unwrap_or_default(),
        None => Vec::new(),
    };
    FullDocumentDiagnosticReport { result_id: None, items }
}
