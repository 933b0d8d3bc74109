//! `okr status`: where things stand on a date, per team, objective and key
//! result, with each key result's latest check-in from git history.

use std::io::Write;
use std::path::PathBuf;

use chrono::NaiveDate;
use clap::{Args, ValueEnum};

use crate::cli::loading::{files_as_of, load_checked, open_repository, Checks, Wanted};
use crate::cli::output_file::render_to;
use crate::cli::schema::stdout_error;
use crate::cli::score::parse_period;
use crate::cli::Error;
use crate::cli::{Context, ExitStatus};
use okr::git;
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
    /// Write the output to FILE (replaced whole, or left as it was) instead
    /// of standard output.
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    pub output: Option<PathBuf>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum StatusFormat {
    Table,
    Markdown,
    Json,
    /// One self-contained page, for a browser.
    Html,
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
    render_to(args.output.as_deref(), &context.cwd, out, |out| match args.format {
        StatusFormat::Table => render::status_table::render(out, &status, context.screen()),
        StatusFormat::Markdown => render::status_markdown::render(out, &status),
        StatusFormat::Json => render::json::write_json(out, &status),
        StatusFormat::Html => render::html::status::render(out, &status),
    })?;
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
    // The files as they stood on the as-of date: a commit before today, else
    // the working tree; the history is read back from there.
    let (repository, commit) = files_as_of(context, None, as_of, err)?;
    let repository = match repository {
        Some(repository) => Some(repository),
        None if context.in_repository() => Some(open_repository(context, err)?),
        None => None,
    };
    let rev = commit.as_ref().map(|c| c.id.to_string());
    let periods = match selection.period {
        Some(period) => vec![period],
        None => status::periods_containing(as_of, &context.config),
    };
    let wanted = Wanted { periods: &periods, teams: selection.teams };
    let at = repository.as_ref().zip(rev.as_deref());
    let Some(loaded) = load_checked(context, selection.paths, at, Checks::REQUIRED, wanted, err)? else {
        return Ok(None);
    };
    let workspace = loaded.named_only();
    let history = match &repository {
        Some(repository) => Some(History {
            repository,
            tip: match &commit {
                Some(commit) => Some(commit.id),
                None => head(repository)?,
            },
            files_at_tip: commit.is_some(),
        }),
        None => None,
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

/// The commit HEAD is on; `None` on a branch without commits.
fn head(repository: &git::Repository) -> Result<Option<git::ObjectId>, Error> {
    match repository.commit("HEAD") {
        Ok(id) => Ok(Some(id)),
        Err(git::Error::UnbornBranch { .. }) => Ok(None),
        Err(e) => Err(e.into()),
    }
}
