//! `okr score`: scores, grades and pace per period, team and objective.

use std::io::Write;
use std::path::PathBuf;

use chrono::NaiveDate;
use clap::{Args, ValueEnum};

use crate::cli::loading::{files_as_of, load_checked, require_known_teams, Checks, Wanted};
use crate::cli::schema::stdout_error;
use crate::cli::Error;
use crate::cli::{Context, ExitStatus};
use okr::period::Period;
use okr::render;
use okr::scoreboard::{self, Filter};

#[derive(Debug, Args)]
pub struct ScoreArgs {
    /// Files or directories (default: the repository root).
    pub paths: Vec<PathBuf>,
    /// Only this period (e.g. 2026-Q3, in either case); default: every period found.
    #[arg(long, value_name = "PERIOD", value_parser = parse_period)]
    pub period: Option<Period>,
    /// Only this team (repeat for several: `--team web --team api`).
    #[arg(long = "team", value_name = "TEAM")]
    pub teams: Vec<String>,
    /// Only objectives with this tag.
    #[arg(long)]
    pub tag: Option<String>,
    /// Score as things stood on this date (YYYY-MM-DD): in a git repository, a
    /// date before today reads the files of the last commit of HEAD dated on or
    /// before it; it is also the date pace is computed for. Default: today (or OKR_TODAY).
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub as_of: Option<NaiveDate>,
    /// Read the files as they were at this git revision (a commit, branch or
    /// tag); with --as-of, the revision is read and --as-of only sets the pace date.
    #[arg(long, value_name = "REV")]
    pub rev: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = ScoreFormat::Table)]
    pub format: ScoreFormat,
    /// Score even when the checks find errors.
    #[arg(long)]
    pub no_check: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ScoreFormat {
    Table,
    Json,
    Markdown,
}

/// A period as typed: `2026-Q3` or `2026-q3`.
pub fn parse_period(text: &str) -> Result<Period, String> {
    Period::parse_any_case(text).map_err(|e| e.to_string())
}

/// A date as `--as-of` takes it, with the expected format when it is not one.
pub fn parse_date(text: &str) -> Result<NaiveDate, String> {
    NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .map_err(|e| format!("`{text}` is not a date ({e}); write it as YYYY-MM-DD, e.g. 2026-08-15"))
}

pub fn run(context: &Context, args: &ScoreArgs, out: &mut dyn Write, err: &mut dyn Write) -> Result<ExitStatus, Error> {
    let as_of = args.as_of.unwrap_or(context.today);
    let (repository, commit) = files_as_of(context, args.rev.as_deref(), as_of, err)?;
    let rev = commit.as_ref().map(|c| c.id.to_string());
    let at = repository.as_ref().zip(rev.as_deref());
    let periods: Vec<Period> = args.period.into_iter().collect();
    let wanted = Wanted { periods: &periods, teams: &args.teams };
    let Some(loaded) = load_checked(context, &args.paths, at, Checks::flag(args.no_check), wanted, err)? else {
        return Ok(ExitStatus::Findings);
    };
    require_known_teams(&loaded.workspace, &args.teams)?;
    let workspace = loaded.named_only();
    let filter = Filter { period: args.period, teams: args.teams.clone(), tag: args.tag.clone() };
    let mut board = scoreboard::build(&workspace, &context.config, &filter, as_of);
    board.rev = rev;
    board.committed = commit.map(|c| c.date);
    match args.format {
        ScoreFormat::Table => render::score_table::render(out, &board, context.screen()),
        ScoreFormat::Markdown => render::score_markdown::render(out, &board),
        ScoreFormat::Json => render::json::write_json(out, &board),
    }
    .map_err(stdout_error)?;
    Ok(ExitStatus::Success)
}
