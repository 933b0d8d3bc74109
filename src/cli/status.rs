//! `okr status`: where things stand on a date, per team, objective and key
//! result, with each key result's latest check-in from git history.

use std::io::Write;
use std::path::PathBuf;

use chrono::NaiveDate;
use clap::{Args, ValueEnum};

use crate::cli::loading::{load_checked, open_repository};
use crate::cli::schema::stdout_error;
use crate::cli::score::parse_period;
use crate::cli::Error;
use crate::cli::{Context, ExitStatus};
use okr::git;
use okr::load::Workspace;
use okr::period::Period;
use okr::render;
use okr::status::{self, History, Options, Status};

#[derive(Debug, Args)]
pub struct StatusArgs {
    /// Files or directories (default: the repository root).
    pub paths: Vec<PathBuf>,
    /// Only this team; repeat it for several.
    #[arg(long, value_name = "TEAM")]
    pub team: Vec<String>,
    /// Only this period (e.g. 2026-Q3); default: every period that contains
    /// the as-of date (its quarter, half and year).
    #[arg(long, value_parser = parse_period, value_name = "PERIOD")]
    pub period: Option<Period>,
    /// The date to tell things as of (YYYY-MM-DD): pace, and what is due;
    /// default: today (or OKR_TODAY).
    #[arg(long, value_name = "DATE")]
    pub as_of: Option<NaiveDate>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = StatusFormat::Table)]
    pub format: StatusFormat,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum StatusFormat {
    Table,
    Markdown,
    Json,
}

pub fn run(
    context: &Context,
    args: &StatusArgs,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<ExitStatus, Error> {
    let selection = Selection { paths: &args.paths, teams: &args.team, period: args.period, as_of: args.as_of };
    let Some(status) = tell(context, &selection, context.config.status.due_days, err)? else {
        return Ok(ExitStatus::Findings);
    };
    match args.format {
        StatusFormat::Table => render::status_table::render(out, &status, context.color),
        StatusFormat::Markdown => render::status_markdown::render(out, &status),
        StatusFormat::Json => render::json::write_json(out, &status),
    }
    .map_err(stdout_error)?;
    Ok(ExitStatus::Success)
}

/// What `okr status` and `okr due` tell about.
pub struct Selection<'a> {
    pub paths: &'a [PathBuf],
    pub teams: &'a [String],
    pub period: Option<Period>,
    pub as_of: Option<NaiveDate>,
}

/// Where things stand, with a key result due after `due_days` days without
/// a check-in; `None` when the checks found errors (printed on `err`).
pub fn tell(
    context: &Context,
    selection: &Selection<'_>,
    due_days: u32,
    err: &mut dyn Write,
) -> Result<Option<Status>, Error> {
    let as_of = selection.as_of.unwrap_or(context.today);
    let repository = match git::Repository::discover(&context.cwd) {
        Ok(_) => Some(open_repository(context, err)?),
        Err(git::Error::NotARepository { .. }) => None,
        Err(e) => return Err(e.into()),
    };
    let source = as_of_source(repository.as_ref(), selection.as_of)?;
    let Some(workspace) = load(context, selection.paths, repository.as_ref(), &source, err)? else {
        return Ok(None);
    };
    let history = match &repository {
        Some(repository) => Some(History {
            repository,
            tip: match &source {
                Source::WorkingTree => head(repository)?,
                Source::Commit(rev) => Some(repository.commit(rev)?),
            },
            files_at_tip: matches!(source, Source::Commit(_)),
        }),
        None => None,
    };
    let periods = match selection.period {
        Some(period) => vec![period],
        None => status::periods_containing(as_of, &context.config),
    };
    let options = Options { periods, teams: selection.teams.to_vec(), as_of, due_days };
    let status = status::build(&workspace, &context.config, &options, history.as_ref())?;
    if status.shallow {
        writeln!(
            err,
            "warning: this is a shallow clone: check-ins before its oldest commit are missing. Fetch the whole \
             history (`git fetch --unshallow`, or `fetch-depth: 0` in actions/checkout)"
        )
        .map_err(stdout_error)?;
    }
    Ok(Some(status))
}

/// What a command told "as of" a date reads.
pub enum Source {
    /// The files on disk.
    WorkingTree,
    /// The files of a commit.
    // Made by `as_of_source` once `--as-of` reads the past.
    #[allow(dead_code)]
    Commit(String),
}

/// Which files to read as of `as_of`. For now `--as-of` sets the date only
/// (pace, and what is due) and the files are read from the working tree;
/// reading the last first-parent commit dated on or before it is this one
/// function's change.
pub fn as_of_source(_repository: Option<&git::Repository>, _as_of: Option<NaiveDate>) -> Result<Source, Error> {
    Ok(Source::WorkingTree)
}

fn load(
    context: &Context,
    paths: &[PathBuf],
    repository: Option<&git::Repository>,
    source: &Source,
    err: &mut dyn Write,
) -> Result<Option<Workspace>, Error> {
    match (source, repository) {
        (Source::Commit(rev), Some(repository)) => load_checked(context, paths, Some((repository, rev)), false, err),
        _ => load_checked(context, paths, None, false, err),
    }
}

/// The commit HEAD is on; `None` on a branch without commits.
fn head(repository: &git::Repository) -> Result<Option<git::ObjectId>, Error> {
    match repository.commit("HEAD") {
        Ok(id) => Ok(Some(id)),
        Err(git::Error::UnbornBranch { .. }) => Ok(None),
        Err(e) => Err(e.into()),
    }
}
