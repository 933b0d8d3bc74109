//! The command line: one Args struct per subcommand, and `run`, which maps a
//! command's outcome to the exit-code contract (0 clean, 1 findings, 2 usage or I/O).

mod carry;
mod check;
mod checkin;
mod context;
mod diff;
mod due;
mod export;
mod git_env;
mod graph;
mod import;
mod loading;
mod lsp;
mod new;
mod output_file;
mod report;
mod rule;
mod schema;
mod score;
mod shell;
mod status;
mod sync;

use std::io::Write;
use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

pub use context::{Context, Surroundings, Variables};
pub use git_env::GitEnvironment;
pub use schema::stdout_error;

#[derive(Debug, Parser)]
#[command(name = "okr", version, about = "Objectives and Key Results as code: lint, score and report OKRs kept in git")]
pub struct Cli {
    /// Run as if okr was started in DIR.
    #[arg(short = 'C', global = true, value_name = "DIR")]
    pub directory: Option<PathBuf>,
    /// Read the configuration from FILE instead of okr.toml at the repository root.
    #[arg(long, global = true, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// When to colour the output (NO_COLOR is honoured with `auto`).
    #[arg(long, global = true, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,
    /// Print less: no summary lines.
    #[arg(short, long, global = true)]
    pub quiet: bool,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Lint OKR files.
    #[command(visible_aliases = ["lint", "validate"])]
    Check(check::CheckArgs),
    /// Score objectives and key results, with grades and pace.
    Score(score::ScoreArgs),
    /// Draw the alignment graph across teams, files and periods.
    Graph(graph::GraphArgs),
    /// Where things stand: scores, pace, confidence, owners, notes and each key result's latest check-in.
    Status(status::StatusArgs),
    /// The key results that need a check-in, grouped by who should act.
    Due(due::DueArgs),
    /// Tell a period from git history: check-ins, target changes, what was added, dropped or went stale.
    Report(report::ReportArgs),
    /// Print the JSON Schema of the OKR file format.
    Schema,
    /// What a change does to the OKRs: added, removed and modified objectives
    /// and key results, flags and new findings, against the merge base.
    Diff(diff::DiffArgs),
    /// Record progress on key results and health metrics, in place.
    Checkin(checkin::CheckinArgs),
    /// Write a new team file for a period, from a template.
    New(new::NewArgs),
    /// Write an okr.toml with every setting at its default.
    Init,
    /// Start a period from what an earlier one left unfinished.
    Carry(carry::CarryArgs),
    /// Explain a rule: what it finds, why, examples, how to fix and configure it.
    Rule(rule::RuleArgs),
    /// Print a shell completion script (bash, zsh, fish, powershell).
    Completions(shell::CompletionsArgs),
    /// Print okr's man page (roff), e.g. `okr man > okr.1`.
    Man,
    /// Update the key results that name a source (okr.toml `[sources]`) from
    /// where their numbers live, as check-ins.
    Sync(sync::SyncArgs),
    /// Serve the Language Server Protocol over standard input and output, for editors.
    Lsp(lsp::LspArgs),
    /// Write the OKRs as a sheet: CSV, TSV or JSON, one row per key result.
    Export(export::ExportArgs),
    /// Read a sheet (CSV, TSV, .xlsx, .ods) into new OKR files, one per team and period.
    Import(import::ImportArgs),
}

/// Why a command failed (exit 2): the library's error, or a misuse of the
/// command line that only the command line can tell.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A failure of the library.
    #[error(transparent)]
    Okr(#[from] okr::error::Error),
    /// Arguments that make no sense together, or name nothing.
    #[error("{0}")]
    Usage(String),
}

impl From<okr::git::Error> for Error {
    fn from(error: okr::git::Error) -> Error {
        Error::Okr(error.into())
    }
}

/// The exit-code contract.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExitStatus {
    /// Nothing wrong (for `check`: no errors, or no warnings either with `--deny-warnings`).
    Success,
    /// Findings of severity error.
    Findings,
    /// Usage, configuration, I/O or git failure.
    Failure,
}

impl ExitStatus {
    pub fn code(self) -> u8 {
        match self {
            ExitStatus::Success => 0,
            ExitStatus::Findings => 1,
            ExitStatus::Failure => 2,
        }
    }
}

/// Run a parsed command line, writing results to `out` and the findings that
/// stop a command to `err`.
pub fn run(
    cli: Cli,
    out: &mut dyn Write,
    err: &mut dyn Write,
    surroundings: Surroundings,
) -> Result<ExitStatus, Error> {
    // These need no repository and no configuration: they work anywhere,
    // even beside a broken okr.toml.
    match &cli.command {
        Command::Completions(args) => return shell::run_completions(args, out),
        Command::Man => return shell::run_man(out),
        // It finds its root and configuration from what the editor opened,
        // and reports a broken okr.toml to the editor rather than failing.
        Command::Lsp(args) => {
            return lsp::run(cli.directory.as_deref(), cli.config.as_deref(), args, out, &surroundings)
        }
        _ => {}
    }
    let context = Context::new(&cli, &surroundings)?;
    match cli.command {
        Command::Check(args) => check::run(&context, &args, out),
        Command::Score(args) => score::run(&context, &args, out, err),
        Command::Graph(args) => graph::run(&context, &args, out, err),
        Command::Status(args) => status::run(&context, &args, out, err),
        Command::Due(args) => due::run(&context, &args, out, err),
        Command::Report(args) => report::run(&context, &args, out, err),
        Command::Schema => schema::run(&context, out),
        Command::Diff(args) => diff::run(&context, &args, out, err),
        Command::Checkin(args) => checkin::run(&context, &args, &surroundings.git, out, err),
        Command::New(args) => new::run_new(&context, &args, out),
        Command::Init => new::run_init(&context, out),
        Command::Carry(args) => carry::run(&context, &args, out, err),
        Command::Rule(args) => rule::run(&context, &args, out),
        // Answered above already; the same answer here keeps the match whole.
        Command::Completions(args) => shell::run_completions(&args, out),
        Command::Man => shell::run_man(out),
        Command::Sync(args) => sync::run(&context, &args, &surroundings.git, &surroundings.variables.0, out, err),
        Command::Lsp(args) => lsp::run(cli.directory.as_deref(), cli.config.as_deref(), &args, out, &surroundings),
        Command::Export(args) => export::run(&context, &args, out, err),
        Command::Import(args) => import::run(&context, &args, out, err),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn cli_is_well_formed() {
        Cli::command().debug_assert();
    }

    /// Whether `okr check`, run in the given surroundings, writes ANSI escapes.
    fn writes_ansi(surroundings: Surroundings) -> bool {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/formats");
        let args = ["okr", "-C", dir.to_str().expect("UTF-8 path"), "--config", "okr.toml", "check", "."];
        let (mut out, mut err) = (Vec::new(), Vec::new());
        run(Cli::parse_from(args), &mut out, &mut err, surroundings).expect("check runs");
        out.contains(&0x1b)
    }

    #[test]
    fn auto_colours_a_terminal_unless_no_color_is_set() {
        let terminal = Surroundings { stdout_is_terminal: true, ..Surroundings::default() };
        assert!(writes_ansi(terminal.clone()));
        assert!(!writes_ansi(Surroundings { no_color: true, ..terminal }));
        assert!(!writes_ansi(Surroundings::default()));
    }
}
