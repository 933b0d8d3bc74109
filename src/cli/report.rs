//! `okr report`: the quarter told from git history.

use std::io::Write;
use std::path::PathBuf;

use clap::{Args, ValueEnum};

use crate::cli::loading::{load_checked, open_repository, require_known_teams, Checks, Wanted};
use crate::cli::output_file::render_to;
use crate::cli::schema::stdout_error;
use crate::cli::score::parse_period;
use crate::cli::Error;
use crate::cli::{Context, ExitStatus};
use okr::period::Period;
use okr::render;
use okr::report::{self, Options};

#[derive(Debug, Args)]
pub struct ReportArgs {
    /// The period to report on (e.g. 2026-Q3, in either case).
    #[arg(long, value_name = "PERIOD", value_parser = parse_period)]
    pub period: Period,
    /// Only this team (repeat for several: `--team web --team api`).
    #[arg(long = "team", value_name = "TEAM")]
    pub teams: Vec<String>,
    /// Files or directories (default: the repository root).
    pub paths: Vec<PathBuf>,
    /// The revision whose first-parent history is read.
    #[arg(long, value_name = "REV", default_value = "HEAD")]
    pub rev: String,
    /// Output format.
    #[arg(long, value_enum, default_value_t = ReportFormat::Table)]
    pub format: ReportFormat,
    /// Write the output to FILE (replaced whole, or left as it was) instead
    /// of standard output.
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// A key result without a check-in for more than N days is stale
    /// (default: `report.stale_days` in okr.toml, else 21).
    #[arg(long, value_name = "N")]
    pub stale_days: Option<u32>,
    /// Check-ins up to N days after the period's end still count
    /// (default: `report.grace_days` in okr.toml, else 14).
    #[arg(long, value_name = "N")]
    pub grace_days: Option<u32>,
    /// Report even when the checks find errors at REV.
    #[arg(long)]
    pub no_check: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ReportFormat {
    Table,
    Markdown,
    Json,
    /// One self-contained page, for a browser.
    Html,
}

pub fn run(
    context: &Context,
    args: &ReportArgs,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<ExitStatus, Error> {
    let repository = open_repository(context, err)?;
    // The checks run on the files as they are at REV, and block the report
    // only for errors in the period's files and the files they align to.
    let wanted = Wanted { periods: std::slice::from_ref(&args.period), teams: &args.teams };
    let at = Some((&repository, args.rev.as_str()));
    let Some(loaded) = load_checked(context, &args.paths, at, Checks::flag(args.no_check), wanted, err)? else {
        return Ok(ExitStatus::Findings);
    };
    require_known_teams(&loaded.workspace, &args.teams)?;
    // The page's tree draws what the period's objectives align to in an
    // enclosing period, scored from the files at REV; the report itself
    // holds only the period's own objectives. The files are let go before
    // the history is read, which needs the memory.
    let workspace = loaded.read_only();
    let parents = match args.format {
        ReportFormat::Html => report::parents::enclosing(&workspace, &context.config, args.period, &args.teams),
        _ => Vec::new(),
    };
    drop(workspace);
    let options = Options {
        period: args.period,
        teams: args.teams.clone(),
        rev: args.rev.clone(),
        stale_days: args.stale_days.unwrap_or(context.config.report.stale_days),
        grace_days: args.grace_days.unwrap_or(context.config.report.grace_days),
    };
    let outcome = report::build(&repository, &args.paths, &context.cwd, &context.config, &options)?;
    for warning in &outcome.warnings {
        writeln!(err, "warning: {}", warning.terminal()).map_err(stdout_error)?;
    }
    let report = &outcome.report;
    render_to(args.output.as_deref(), &context.cwd, out, |out| match args.format {
        ReportFormat::Table => render::report_table::render(out, report, context.screen()),
        ReportFormat::Markdown => render::report_markdown::render(out, report),
        ReportFormat::Json => render::json::write_json(out, report),
        ReportFormat::Html => render::html::report::render(out, report, &parents),
    })?;
    Ok(ExitStatus::Success)
}
