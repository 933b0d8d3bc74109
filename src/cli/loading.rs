//! Loading for the commands that read OKRs: find, parse and (unless told not
//! to) check them first, printing errors to stderr.

use std::collections::BTreeSet;
use std::io::Write;
use std::path::PathBuf;

use chrono::NaiveDate;

use crate::cli::schema::stdout_error;
use crate::cli::Context;
use crate::cli::Error;
use okr::check::scope::{blocking, files_read, Asked};
use okr::findings::{Code, Counts, FileId};
use okr::git;
use okr::load::left_out::{left_out, What};
use okr::load::revision::{source_as_of, Source};
use okr::load::Workspace;
use okr::period::Period;
use okr::render::safe::Terminal;

/// What a command asked to see besides its path arguments: the checks
/// block only the files it reads (those it shows and those they align to).
#[derive(Debug, Clone, Copy, Default)]
pub struct Wanted<'a> {
    /// Only these periods; empty for every period.
    pub periods: &'a [Period],
    /// Only these teams; empty for every team.
    pub teams: &'a [String],
}

/// How a command treats what the checks find.
#[derive(Debug, Clone, Copy)]
pub enum Checks<'a> {
    /// The command's `--no-check` was given: no checks, a warning for each
    /// part of the files left out.
    Skipped,
    /// An error in the files the command reads stops it, except one of a
    /// code in `handled`, which the command reports its own way (`okr sync`
    /// fails only the key results that name an undeclared source).
    /// `no_check_flag`: the command has `--no-check`, so the refusal may
    /// offer it.
    Blocking { no_check_flag: bool, handled: &'a [Code] },
}

impl Checks<'_> {
    /// For a command without `--no-check`: every error stops it.
    pub const REQUIRED: Checks<'static> = Checks::Blocking { no_check_flag: false, handled: &[] };

    /// For a command with `--no-check`, as given.
    pub fn flag(no_check: bool) -> Checks<'static> {
        match no_check {
            true => Checks::Skipped,
            false => Checks::Blocking { no_check_flag: true, handled: &[] },
        }
    }
}

/// The files loaded for a command: every OKR file of the repository (for
/// alignment to resolve against), which of them the path arguments name,
/// and which the command reads.
pub struct Loaded {
    pub workspace: Workspace,
    /// The files the path arguments name; `None` without paths: every file.
    pub named: Option<BTreeSet<FileId>>,
    /// The files shown and, transitively, those they align to.
    pub read: BTreeSet<FileId>,
}

impl Loaded {
    /// Only the files the path arguments name.
    pub fn named_only(self) -> Workspace {
        match &self.named {
            Some(named) => self.workspace.keep(named),
            None => self.workspace,
        }
    }

    /// With path arguments, only the files read: those named and those they
    /// align to, transitively.
    pub fn read_only(self) -> Workspace {
        match self.named {
            Some(_) => self.workspace.keep(&self.read),
            None => self.workspace,
        }
    }
}

/// The files, or `None` when the checks found errors in the files the
/// command reads (already printed to `err`, as `okr check` would, but
/// without the warnings); errors in other files are one warning line.
/// Inside a repository every OKR file is loaded, so that a path argument
/// narrows what is shown, not what alignment resolves against.
/// With `at`, the files are read as they were at that git revision of that
/// repository (opened by the command, with `open_repository`).
pub fn load_checked(
    context: &Context,
    paths: &[PathBuf],
    at: Option<(&git::Repository, &str)>,
    checks: Checks<'_>,
    wanted: Wanted<'_>,
    err: &mut dyn Write,
) -> Result<Option<Loaded>, Error> {
    let (workspace, named) = match at {
        Some((repository, rev)) => {
            okr::load::revision::load_at_around(repository, rev, paths, &context.cwd, &context.config)?
        }
        None if context.in_repository() => {
            context.require_work_tree()?;
            okr::load::workspace_around(paths, &context.root, &context.cwd, &context.config)?
        }
        // Outside git there is no repository to resolve against: the paths alone.
        None => (okr::load::workspace(paths, &context.root, &context.cwd, &context.config)?, None),
    };
    let asked = Asked { named: named.as_ref(), periods: wanted.periods, teams: wanted.teams };
    let read = files_read(&workspace, &asked);
    let loaded = Loaded { workspace, named, read };
    let Checks::Blocking { no_check_flag, handled } = checks else {
        warn_left_out(context, &loaded, err).map_err(stdout_error)?;
        return Ok(Some(loaded));
    };
    let (mut errors, elsewhere) = blocking(okr::check::run(&loaded.workspace, &context.config), &loaded.read);
    errors.retain(|finding| !handled.contains(&finding.code));
    if !errors.is_empty() {
        let options = okr::render::human::Options { color: context.color, quiet: true };
        okr::render::human::check(err, &loaded.workspace, &errors, &options).map_err(stdout_error)?;
        let summary = okr::render::human::summary(loaded.read.len(), Counts::of(&errors));
        // Only a command that has the flag may offer it.
        let hint = if no_check_flag { "Fix them, or pass --no-check." } else { "Fix them first." };
        writeln!(err, "{summary} {hint}").map_err(stdout_error)?;
    }
    if elsewhere.errors > 0 {
        writeln!(
            err,
            "warning: {} in {}; run okr check",
            okr::render::plural(elsewhere.errors, "error"),
            okr::render::plural(elsewhere.files, "other file"),
        )
        .map_err(stdout_error)?;
    }
    Ok(errors.is_empty().then_some(loaded))
}

/// Refuse a `--team` that names no team of `workspace`, naming the teams it
/// has: a typo would otherwise show nothing and exit 0.
pub fn require_known_teams(workspace: &Workspace, teams: &[String]) -> Result<(), Error> {
    let known: std::collections::BTreeSet<&str> = workspace.documents().map(|(_, d)| d.team.as_str()).collect();
    let unknown: Vec<&str> = teams.iter().map(String::as_str).filter(|t| !known.contains(t)).collect();
    if unknown.is_empty() {
        return Ok(());
    }
    let quoted = |names: &mut dyn Iterator<Item = &str>| names.map(|n| format!("`{n}`")).collect::<Vec<_>>().join(", ");
    let teams = if known.is_empty() {
        "there are no OKR files here".to_owned()
    } else {
        format!("the teams are {}", quoted(&mut known.iter().copied()))
    };
    let (verb, noun) = if unknown.len() == 1 { ("is", "a team") } else { ("are", "teams") };
    Err(Error::Usage(format!(
        "{} {verb} not {noun} of these OKR files (--team); {teams}",
        quoted(&mut unknown.into_iter())
    )))
}

/// With `--no-check`, say on `err` what is not scored as written: one line
/// per file, objective or key result that a `schema` or `yaml-syntax`
/// finding made okr leave out or read without some of its values.
fn warn_left_out(context: &Context, loaded: &Loaded, err: &mut dyn Write) -> std::io::Result<()> {
    let workspace = &loaded.workspace;
    let mut parts = left_out(workspace);
    parts.retain(|part| loaded.read.contains(&part.file));
    for part in &parts {
        let file = workspace.files[part.file].display.terminal();
        let at = format!("{file}:{}:{}", part.span.line, part.span.column);
        match &part.what {
            What::File => writeln!(err, "warning: {at}: not scored: the file cannot be read as an OKR file"),
            What::Objective { objective: None } => {
                writeln!(err, "warning: {at}: not scored: an objective with a schema error, and its key results")
            }
            What::Objective { objective: Some(objective) } => {
                writeln!(
                    err,
                    "warning: {at}: not scored: {} has a schema error; nor are its key results",
                    Terminal(&objective.to_string())
                )
            }
            What::KeyResult { objective, key_result: None } => writeln!(
                err,
                "warning: {at}: not scored: a key result of {} with a schema error; \
                 the objective is scored without it",
                Terminal(&objective.to_string())
            ),
            What::KeyResult { objective, key_result: Some(key_result) } => writeln!(
                err,
                "warning: {at}: not scored: {} has a schema error; {} is scored without it",
                Terminal(&key_result.to_string()),
                Terminal(&objective.to_string())
            ),
            What::KeyResultValues { key_result } => writeln!(
                err,
                "warning: {at}: {} has a schema error: it is scored without the values in error",
                Terminal(&key_result.to_string())
            ),
            What::ObjectiveValues { objective } => {
                writeln!(
                    err,
                    "warning: {at}: {} has a schema error: it is graded without the values in error",
                    Terminal(&objective.to_string())
                )
            }
        }?;
    }
    if !parts.is_empty() && !context.quiet {
        let parts = okr::render::plural(parts.len(), "part");
        writeln!(err, "warning: --no-check: not scored as written: {parts} of the files; `okr check` says why")?;
    }
    Ok(())
}

/// The repository the command runs in, opened once for the whole command,
/// with a warning on `err` when it has replace refs.
pub fn open_repository(context: &Context, err: &mut dyn Write) -> Result<git::Repository, Error> {
    let repository = git::Repository::discover(&context.cwd)?;
    warn_about_replace_refs(&repository, err)?;
    Ok(repository)
}

/// Warn on `err` when the repository has replace refs: git shows the
/// replacements, okr the objects as stored, so the two may disagree.
fn warn_about_replace_refs(repository: &git::Repository, err: &mut dyn Write) -> Result<(), Error> {
    let count = repository.replace_refs()?;
    if count > 0 {
        let refs = if count == 1 { "a replace ref" } else { "replace refs" };
        writeln!(
            err,
            "warning: this repository has {refs} (refs/replace/, from `git replace`); okr does not apply them and \
             reads every commit and file as stored, so it may show other values than git does. \
             `git --no-replace-objects log` shows the history okr reads"
        )
        .map_err(stdout_error)?;
    }
    Ok(())
}

/// Where a command with `--as-of` and `--rev` reads the files: `--rev` when
/// given; else, in a git repository, as they stood on `as_of` (the working
/// tree from today on; see `okr::load::revision::source_as_of`). The
/// repository, opened once, and the commit to read; `None` for the files on disk.
pub fn files_as_of(
    context: &Context,
    rev: Option<&str>,
    as_of: NaiveDate,
    err: &mut dyn Write,
) -> Result<(Option<git::Repository>, Option<git::Commit>), Error> {
    if let Some(rev) = rev {
        let repository = open_repository(context, err)?;
        let commit = repository.describe(repository.commit(rev)?)?;
        return Ok((Some(repository), Some(commit)));
    }
    if as_of >= context.today || !context.in_repository() {
        return Ok((None, None));
    }
    let repository = open_repository(context, err)?;
    match source_as_of(&repository, as_of, context.today)? {
        Source::WorkTree => Ok((None, None)),
        Source::Commit(commit) => Ok((Some(repository), Some(commit))),
    }
}
