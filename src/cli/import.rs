//! `okr import`: a sheet (CSV, TSV, `.xlsx`, `.ods`) into new OKR files, one
//! per team and period, in the layout `okr new` uses. Every problem of the
//! sheet, and every error `okr check` finds in the files it would write, is
//! reported at its row and column of the sheet, and then nothing is written.
//! An existing file is never overwritten.

use std::io::Write;
use std::path::{Path, PathBuf};

use clap::Args;

use crate::cli::schema::stdout_error;
use crate::cli::score::parse_period;
use crate::cli::Error;
use crate::cli::{Context, ExitStatus};
use okr::edit::create::{self, NewFile};
use okr::edit::{layout, write_document};
use okr::findings::Severity;
use okr::load::{Contents, Workspace};
use okr::period::Period;
use okr::render::safe::Terminal;
use okr::sheet::cell::column_letters;
use okr::sheet::grid::{self, Format, Reason, Unreadable};
use okr::sheet::import::{self, Defaults, Imported, Problem};

#[derive(Debug, Args)]
pub struct ImportArgs {
    /// The sheet: a .csv (comma- or semicolon-separated), .tsv, .xlsx or .ods file.
    pub file: PathBuf,
    /// The worksheet of a workbook to read (default: the first).
    #[arg(long, value_name = "NAME")]
    pub sheet: Option<String>,
    /// Write DIR/<period>/<team>.okr.yaml (default: beside each team's latest
    /// file, in its layout, or okrs/<period>/<team>.okr.yaml at the root).
    #[arg(long, value_name = "DIR")]
    pub dir: Option<PathBuf>,
    /// Print the files it would write, and write nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// The team of rows without one (needed when the sheet has no team column).
    #[arg(long, value_name = "TEAM")]
    pub team: Option<String>,
    /// The period of rows without one, e.g. 2026-Q3 (needed when the sheet has no period column).
    #[arg(long, value_name = "PERIOD", value_parser = parse_period)]
    pub period: Option<Period>,
}

/// What to do when files to write exist already.
const WRITE_ELSEWHERE: &str = ", or write the files elsewhere with --dir DIR";

/// The largest sheet okr reads: far above any sheet of OKRs.
const SIZE_LIMIT: u64 = 512 * 1024 * 1024;

pub fn run(
    context: &Context,
    args: &ImportArgs,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<ExitStatus, Error> {
    let path = context.cwd.join(&args.file);
    let shown = okr::load::display_path(&path, &context.cwd);
    let Some(format) = path.file_name().and_then(|n| n.to_str()).and_then(Format::of_name) else {
        return Err(Error::Usage(format!(
            "cannot tell what kind of sheet {} is: name it .csv, .tsv, .xlsx or .ods",
            Terminal(&shown)
        )));
    };
    if args.sheet.is_some() && matches!(format, Format::Csv | Format::Tsv) {
        return Err(Error::Usage("--sheet names a worksheet of an .xlsx or .ods workbook, not of a CSV file".into()));
    }
    if let Some(team) = args.team.as_deref().filter(|t| !okr::model::is_id(t)) {
        return Err(Error::Usage(format!(
            "`{}` is not a team id (--team): 1 to 64 lowercase letters, digits, `-` or `_`",
            Terminal(team)
        )));
    }
    let bytes = read(&path)?;
    let grid = match grid::read(&bytes, format, args.sheet.as_deref()) {
        Ok(grid) => grid,
        // A cell that cannot be read is a problem in the sheet, at its place.
        Err(unreadable @ Unreadable { reason: Reason::Cell, .. }) => {
            let at = unreadable.at.map(|(row, column)| format!(":{row}:{column}")).unwrap_or_default();
            writeln!(err, "{}{at}: error: {}", Terminal(&shown), Terminal(&unreadable.message))
                .map_err(stdout_error)?;
            writeln!(err, "Nothing written.").map_err(stdout_error)?;
            return Ok(ExitStatus::Findings);
        }
        // `--sheet` naming a worksheet the workbook lacks is a wrong argument.
        Err(Unreadable { reason: Reason::NoSuchWorksheet, message, .. }) => {
            return Err(Error::Usage(format!("{}: {} (--sheet)", Terminal(&shown), Terminal(&message))));
        }
        // A file that is no workbook at all cannot be read: an I/O failure.
        Err(Unreadable { reason: Reason::NotAWorkbook, message, .. }) => {
            let source = std::io::Error::other(message);
            return Err(okr::error::Error::Io { path: PathBuf::from(&shown), source }.into());
        }
    };
    let defaults = Defaults { team: args.team.clone(), period: args.period };
    let imported = import::import(&grid, &defaults).map_err(|missing| {
        let names: Vec<&str> = missing.0.iter().map(|c| c.name()).collect();
        let flags: Vec<String> = names.iter().map(|n| format!("--{n}")).collect();
        Error::Usage(format!(
            "{} has no {} column: add it to the sheet, or pass {}",
            Terminal(&shown),
            names.join(" and no "),
            flags.join(" and ")
        ))
    })?;
    for warning in &imported.warnings {
        writeln!(err, "{}: warning: {}", at(&shown, warning), Terminal(&warning.message)).map_err(stdout_error)?;
    }
    if !imported.errors.is_empty() {
        for problem in &imported.errors {
            writeln!(err, "{}: error: {}", at(&shown, problem), Terminal(&problem.message)).map_err(stdout_error)?;
        }
        let count = okr::render::plural(imported.errors.len(), "problem");
        writeln!(err, "{count} in the sheet; nothing written.").map_err(stdout_error)?;
        return Ok(ExitStatus::Findings);
    }
    // The files beside which the new ones are checked: the repository's (or,
    // outside git, those under the current directory), as `okr check` would
    // read them once the new files are written.
    let existing = okr::load::workspace(&[], &context.root, &context.cwd, &context.config)?;
    let files = plan(context, args, &imported, &existing);
    // Refused before the check: a second import of one sheet would otherwise
    // be reported as objectives defined twice, beside the files it wrote.
    // A dangling link counts as taken too: creating the file would follow it.
    let taken: Vec<String> =
        files.iter().filter(|f| std::fs::symlink_metadata(&f.path).is_ok()).map(|f| f.shown.clone()).collect();
    if !taken.is_empty() {
        if args.dry_run {
            would_write(out, &files, &imported).map_err(stdout_error)?;
        }
        return Err(okr::error::Error::WouldOverwrite { shown: taken, remedy: WRITE_ELSEWHERE }.into());
    }
    let blocked = check(context, &shown, &imported, &files, existing, err)?;
    if blocked {
        writeln!(err, "The files would not pass `okr check`; nothing written.").map_err(stdout_error)?;
        return Ok(ExitStatus::Findings);
    }
    let confine_to = if args.dir.is_some() { None } else { Some(context.root.as_path()) };
    if args.dry_run {
        would_write(out, &files, &imported).map_err(stdout_error)?;
        return Ok(ExitStatus::Success);
    }
    let schema = crate::cli::new::missing_schema(context);
    let schema_shown = schema.as_ref().map(|s| s.shown.clone());
    match (confine_to, schema) {
        (Some(root), Some(schema)) => create::create_all(&[files.clone(), vec![schema]].concat(), Some(root))?,
        (None, Some(schema)) => {
            create::create_all(&files, None)?;
            // The schema at the root, confined there; the files are in already.
            if let Err(error) = create::create_all(&[schema], Some(&context.root)) {
                // It names paths: sanitised as every error okr prints.
                writeln!(err, "warning: {}", okr::render::safe::TerminalLines(&error.to_string()))
                    .map_err(stdout_error)?;
            }
        }
        (confine_to, None) => create::create_all(&files, confine_to)?,
    }
    for (file, imported) in files.iter().zip(&imported.documents) {
        let document = &imported.document;
        let key_results: usize = document.objectives.iter().map(|o| o.key_results.len()).sum();
        writeln!(
            out,
            "wrote {}: team {}, period {}, {}, {}{}",
            Terminal(&file.shown),
            Terminal(&document.team),
            document.period,
            okr::render::plural(document.objectives.len(), "objective"),
            okr::render::plural(key_results, "key result"),
            if document.health.is_empty() {
                String::new()
            } else {
                format!(", {}", okr::render::plural(document.health.len(), "health metric"))
            }
        )
        .map_err(stdout_error)?;
    }
    if let Some(schema_shown) = schema_shown {
        writeln!(out, "wrote {}, the JSON Schema the files' first line points editors at", Terminal(&schema_shown))
            .map_err(stdout_error)?;
    }
    mappings(out, &imported).map_err(stdout_error)?;
    Ok(ExitStatus::Success)
}

/// The sheet's bytes; a file that is no regular file, or too large, is refused.
fn read(path: &Path) -> Result<Vec<u8>, Error> {
    let io = |source: std::io::Error| okr::error::Error::Io { path: path.to_owned(), source };
    // Look before opening: opening a named pipe waits for a writer forever.
    let metadata = std::fs::metadata(path).map_err(io)?;
    if !metadata.is_file() {
        return Err(io(std::io::Error::other("it is not a regular file")).into());
    }
    if metadata.len() > SIZE_LIMIT {
        return Err(io(std::io::Error::other(format!("it is over {} MiB", SIZE_LIMIT >> 20))).into());
    }
    Ok(std::fs::read(path).map_err(io)?)
}

/// `FILE:row:column` (or `FILE:row` for a whole row).
fn at(shown: &str, problem: &Problem) -> String {
    let column = problem.column.map(|c| format!(":{c}")).unwrap_or_default();
    format!("{}:{}{column}", Terminal(shown), problem.row)
}

/// The files to write, one per document, in the layout of `okr new`.
fn plan(context: &Context, args: &ImportArgs, imported: &Imported, existing: &Workspace) -> Vec<NewFile> {
    imported
        .documents
        .iter()
        .map(|imported| {
            let document = &imported.document;
            let target = match &args.dir {
                Some(dir) => layout::in_dir(&context.cwd.join(dir).join(document.period.to_string()), &document.team),
                None => {
                    let theirs: Vec<_> = existing
                        .documents()
                        .filter(|(_, d)| d.team == document.team)
                        .map(|(file, d)| (existing.files[file].path.clone(), d.period))
                        .collect();
                    layout::default_target(&context.root, &document.team, document.period, &theirs)
                }
            };
            let target = layout::normalise(&target);
            let text = write_document::write(&layout::modeline(&context.root, &target), document);
            crate::cli::new::new_file(
                context,
                target,
                format!("team `{}` for {}", document.team, document.period),
                text,
            )
        })
        .collect()
}

/// Run the checks on the files to write, beside the repository's own:
/// print their findings at the sheet's rows; whether one is an error.
fn check(
    context: &Context,
    shown: &str,
    imported: &Imported,
    files: &[NewFile],
    existing: Workspace,
    err: &mut dyn Write,
) -> Result<bool, Error> {
    let mut workspace = existing;
    let first_new = workspace.files.len();
    let size_limit = context.config.limits.file_size_max;
    for (i, file) in files.iter().enumerate() {
        let (source, diagnostics) = okr::load::read_buffer(
            first_new + i,
            file.shown.clone(),
            file.path.clone(),
            Contents::Bytes(file.bytes.clone()),
            size_limit,
        );
        workspace.files.push(source);
        workspace.diagnostics.extend(diagnostics);
    }
    let findings = okr::check::run(&workspace, &context.config);
    let mut blocked = false;
    for finding in findings.iter().filter(|d| d.file >= first_new) {
        let document = finding.file - first_new;
        let source = &workspace.files[finding.file];
        let (row, column) = match &source.document {
            Some(parsed) => imported.locate(document, parsed, &source.text, finding.span.line),
            None => (imported.documents[document].objective_rows.first().map_or(1, |r| r.0), None),
        };
        let level = match finding.severity {
            Severity::Error => {
                blocked = true;
                "error"
            }
            _ => "warning",
        };
        let column_text = column.map(|c| format!(":{c}")).unwrap_or_default();
        let letters = column.map(|c| format!(" (column {})", column_letters(c))).unwrap_or_default();
        let help = finding.help.as_deref().map(|h| format!("; {h}")).unwrap_or_default();
        writeln!(
            err,
            "{}:{row}{column_text}: {level}[{}]{letters}: {}{} (in {}:{}:{})",
            Terminal(shown),
            finding.code.name(),
            Terminal(&finding.message),
            Terminal(&help),
            source.display.terminal(),
            finding.span.line,
            finding.span.column,
        )
        .map_err(stdout_error)?;
    }
    Ok(blocked)
}

/// What a dry run prints: each file it would write, and the ids it made.
fn would_write(out: &mut dyn Write, files: &[NewFile], imported: &Imported) -> std::io::Result<()> {
    for file in files {
        writeln!(out, "would write {}:", Terminal(&file.shown))?;
        let text = String::from_utf8_lossy(&file.bytes);
        writeln!(out, "{}", okr::render::safe::TerminalLines(&text))?;
    }
    mappings(out, imported)
}

/// The ids okr made from titles.
fn mappings(out: &mut dyn Write, imported: &Imported) -> std::io::Result<()> {
    if imported.mappings.is_empty() {
        return Ok(());
    }
    writeln!(out, "ids made from titles:")?;
    for mapping in &imported.mappings {
        writeln!(
            out,
            "  row {}: {} \"{}\" → {}",
            mapping.row,
            mapping.what,
            mapping.title.terminal(),
            Terminal(&mapping.reference)
        )?;
    }
    Ok(())
}
