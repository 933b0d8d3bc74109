//! `okr score`: scores, grades and pace per period, team and objective.

use std::io::Write;
use std::path::PathBuf;

use chrono::NaiveDate;
use clap::{Args, ValueEnum};

use crate::cli::loading::{load_checked, open_repository, require_known_teams};
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
    /// The date to compute pace for (YYYY-MM-DD); default: today (or OKR_TODAY).
    #[arg(long, value_name = "DATE")]
    pub as_of: Option<NaiveDate>,
    /// Read the files as they were at this git revision (a commit, branch or tag).
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

pub fn run(context: &Context, args: &ScoreArgs, out: &mut dyn Write, err: &mut dyn Write) -> Result<ExitStatus, Error> {
    let repository = match args.rev {
        Some(_) => Some(open_repository(context, err)?),
        None => None,
    };
    let at = repository.as_ref().zip(args.rev.as_deref());
    let Some(workspace) = load_checked(context, &args.paths, at, args.no_check, err)? else {
        return Ok(ExitStatus::Findings);
    };
    require_known_teams(&workspace, &args.teams)?;
    let filter = Filter { period: args.period, teams: args.teams.clone(), tag: args.tag.clone() };
    let board = scoreboard::build(&workspace, &context.config, &filter, args.as_of.unwrap_or(context.today));
    match args.format {
        ScoreFormat::Table => render::score_table::render(out, &board, context.screen()),
        ScoreFormat::Markdown => render::score_markdown::render(out, &board),
        ScoreFormat::Json => render::json::write_json(out, &board),
    }
    .map_err(stdout_error)?;
    Ok(ExitStatus::Success)
}
