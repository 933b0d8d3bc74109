//! `okr export`: the OKRs as a sheet, one row per key result and health
//! metric, as CSV (the default), TSV or JSON, on standard output or into a
//! new file.

use std::io::Write;
use std::path::PathBuf;

use chrono::NaiveDate;
use clap::{Args, ValueEnum};

use crate::cli::loading::{files_as_of, load_checked, require_known_teams, Checks, Wanted};
use crate::cli::schema::stdout_error;
use crate::cli::score::{parse_date, parse_period};
use crate::cli::Error;
use crate::cli::{Context, ExitStatus};
use okr::edit::create;
use okr::period::Period;
use okr::render;
use okr::sheet::export::{self, Selection};

#[derive(Debug, Args)]
pub struct ExportArgs {
    /// Files or directories (default: the repository root).
    pub paths: Vec<PathBuf>,
    /// Only this period (e.g. 2026-Q3, in either case); default: every period found.
    #[arg(long, value_name = "PERIOD", value_parser = parse_period)]
    pub period: Option<Period>,
    /// Only this team (repeat for several: `--team web --team api`).
    #[arg(long = "team", value_name = "TEAM")]
    pub teams: Vec<String>,
    /// Export the files as they stood on this date (YYYY-MM-DD): in a git
    /// repository, a date before today reads the last commit of HEAD dated on
    /// or before it. Default: today (or OKR_TODAY), the files on disk.
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub as_of: Option<NaiveDate>,
    /// Output format: csv (comma-separated, RFC 4180), tsv or json.
    #[arg(long, value_enum, default_value_t = ExportFormat::Csv)]
    pub format: ExportFormat,
    /// Write to FILE, a new file (okr never overwrites one), instead of standard output.
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    pub output: Option<PathBuf>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ExportFormat {
    Csv,
    Tsv,
    Json,
}

pub fn run(
    context: &Context,
    args: &ExportArgs,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<ExitStatus, Error> {
    let as_of = args.as_of.unwrap_or(context.today);
    let (repository, commit) = files_as_of(context, None, as_of, err)?;
    let rev = commit.as_ref().map(|c| c.id.to_string());
    let at = repository.as_ref().zip(rev.as_deref());
    let periods: Vec<Period> = args.period.into_iter().collect();
    let wanted = Wanted { periods: &periods, teams: &args.teams };
    let Some(loaded) = load_checked(context, &args.paths, at, Checks::REQUIRED, wanted, err)? else {
        return Ok(ExitStatus::Findings);
    };
    require_known_teams(&loaded.workspace, &args.teams)?;
    let workspace = loaded.named_only();
    let selection = Selection { period: args.period, teams: args.teams.clone() };
    let export = export::Export::new(&workspace, &context.config, &selection);
    let header = export.header();
    let mut bytes = Vec::new();
    match args.format {
        ExportFormat::Csv => render::sheet_csv::render(&mut bytes, &header, export.rows(), b','),
        ExportFormat::Tsv => render::sheet_csv::render(&mut bytes, &header, export.rows(), b'\t'),
        ExportFormat::Json => render::sheet_json::render(&mut bytes, &header, export.rows()),
    }
    .map_err(stdout_error)?;
    match &args.output {
        None => out.write_all(&bytes).map_err(stdout_error)?,
        Some(path) => {
            let file = crate::cli::new::new_file(context, context.cwd.join(path), "the export".into(), String::new());
            create::create_all(&[create::NewFile { bytes, ..file }], None)?;
        }
    }
    Ok(ExitStatus::Success)
}
