//! `okr graph`: the alignment graph across files and periods.

use std::io::Write;
use std::path::PathBuf;

use clap::{Args, ValueEnum};

use crate::cli::loading::{load_checked, require_known_teams, Checks, Wanted};
use crate::cli::schema::stdout_error;
use crate::cli::score::parse_period;
use crate::cli::Error;
use crate::cli::{Context, ExitStatus};
use okr::period::Period;
use okr::render;

#[derive(Debug, Args)]
pub struct GraphArgs {
    /// Files or directories (default: the repository root).
    pub paths: Vec<PathBuf>,
    /// Show this period's objectives and the enclosing periods' objectives they align to.
    #[arg(long, value_name = "PERIOD", value_parser = parse_period)]
    pub period: Option<Period>,
    /// Only this team (repeat for several: `--team web --team api`).
    #[arg(long = "team", value_name = "TEAM")]
    pub teams: Vec<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = GraphFormat::Tree)]
    pub format: GraphFormat,
    /// Draw the graph even when the checks find errors.
    #[arg(long)]
    pub no_check: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum GraphFormat {
    Tree,
    Mermaid,
    Dot,
    Json,
}

pub fn run(context: &Context, args: &GraphArgs, out: &mut dyn Write, err: &mut dyn Write) -> Result<ExitStatus, Error> {
    let periods: Vec<Period> = args.period.into_iter().collect();
    let wanted = Wanted { periods: &periods, teams: &args.teams };
    let Some(loaded) = load_checked(context, &args.paths, None, Checks::flag(args.no_check), wanted, err)? else {
        return Ok(ExitStatus::Findings);
    };
    require_known_teams(&loaded.workspace, &args.teams)?;
    // The objectives of the files named and those they align to.
    let workspace = loaded.read_only();
    let filter = okr::graph::Filter { period: args.period, teams: args.teams.clone() };
    let graph = okr::graph::build(&workspace, &context.config, &filter);
    match args.format {
        GraphFormat::Tree => render::graph_tree::render(out, &graph),
        GraphFormat::Mermaid => render::graph_mermaid::render(out, &graph),
        GraphFormat::Dot => render::graph_dot::render(out, &graph),
        GraphFormat::Json => render::json::write_json(out, &graph),
    }
    .map_err(stdout_error)?;
    Ok(ExitStatus::Success)
}
