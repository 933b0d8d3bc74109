//! `okr due`: the key results that need a check-in, grouped by who should act.

use std::io::Write;
use std::path::PathBuf;

use chrono::NaiveDate;
use clap::{Args, ValueEnum};

use crate::cli::schema::stdout_error;
use crate::cli::score::parse_period;
use crate::cli::status::{tell, Selection};
use crate::cli::Error;
use crate::cli::{Context, ExitStatus};
use okr::period::Period;
use okr::render;
use okr::status::due;

#[derive(Debug, Args)]
pub struct DueArgs {
    /// Files or directories (default: the repository root).
    pub paths: Vec<PathBuf>,
    /// Only this team; repeat it for several.
    #[arg(long, value_name = "TEAM")]
    pub team: Vec<String>,
    /// Only this period (e.g. 2026-Q3); default: every period that contains
    /// the as-of date (its quarter, half and year).
    #[arg(long, value_parser = parse_period, value_name = "PERIOD")]
    pub period: Option<Period>,
    /// A key result without a check-in for more than N days is due
    /// (default: `status.due_days` in okr.toml, else 7).
    #[arg(long, value_name = "N")]
    pub days: Option<u32>,
    /// The date to count from (YYYY-MM-DD); default: today (or OKR_TODAY).
    #[arg(long, value_name = "DATE")]
    pub as_of: Option<NaiveDate>,
    /// Exit with 1 when any key result is due, 0 when none is.
    #[arg(long)]
    pub exit_code: bool,
    /// In markdown, keep owners written as `@name` or `@org/team` as live
    /// mentions, so that the people who should check in are notified.
    #[arg(long)]
    pub mention: bool,
    /// Output format.
    #[arg(long, value_enum, default_value_t = DueFormat::Table)]
    pub format: DueFormat,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum DueFormat {
    Table,
    Markdown,
    Json,
}

pub fn run(context: &Context, args: &DueArgs, out: &mut dyn Write, err: &mut dyn Write) -> Result<ExitStatus, Error> {
    let days = args.days.unwrap_or(context.config.status.due_days);
    let selection = Selection { paths: &args.paths, teams: &args.team, period: args.period, as_of: args.as_of };
    let Some(status) = tell(context, &selection, days, err)? else {
        return Ok(ExitStatus::Findings);
    };
    let due = due::list(&status, days);
    match args.format {
        DueFormat::Table => render::due_table::render(out, &due, context.screen()),
        DueFormat::Markdown => render::due_markdown::render(out, &due, args.mention),
        DueFormat::Json => render::json::write_json(out, &due),
    }
    .map_err(stdout_error)?;
    if args.exit_code && !due.due.is_empty() {
        return Ok(ExitStatus::Findings);
    }
    Ok(ExitStatus::Success)
}
