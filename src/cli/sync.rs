//! `okr sync`: update the key results that name a source from where their
//! numbers live, through the same path as `okr checkin`, and with
//! `--commit` in one commit whose trailers say where each value came from.

use std::collections::{BTreeMap, BTreeSet};
use std::io::Write;
use std::path::PathBuf;

use clap::{Args, ValueEnum};

use crate::cli::git_env::{self, GitEnvironment};
use crate::cli::loading::{load_checked, require_known_teams, Checks, Wanted};
use crate::cli::schema::stdout_error;
use crate::cli::score::parse_period;
use crate::cli::Error;
use crate::cli::{Context, ExitStatus};
use okr::edit::checkin::Request;
use okr::edit::record::{self, CommitOptions, Item, Now};
use okr::findings::Code;
use okr::period::Period;
use okr::render;
use okr::render::safe::TerminalLines;
use okr::sync::{self, Change, Environment, Proxies, Report, Summary};

#[derive(Debug, Args)]
pub struct SyncArgs {
    /// Only the key results in these files or directories (default: every OKR file).
    pub paths: Vec<PathBuf>,
    /// Only this team's key results (repeatable).
    #[arg(long, value_name = "TEAM")]
    pub team: Vec<String>,
    /// Only this period (default: the periods that contain today).
    #[arg(long, value_parser = parse_period, value_name = "PERIOD")]
    pub period: Option<Period>,
    /// Evaluate the sources and say what would change; write nothing.
    #[arg(long, conflicts_with = "commit")]
    pub dry_run: bool,
    /// Commit the files written (only those) in one commit, with one
    /// `Okr-Sync: <ref> <source> <value>` trailer per key result.
    #[arg(long)]
    pub commit: bool,
    /// The commit message (default: `okr: sync N values` and one line per change);
    /// the trailers follow it.
    #[arg(short = 'm', long = "message", value_name = "MSG", requires = "commit")]
    pub message: Option<String>,
    /// The commit's author, `Name <email>` (default: GIT_AUTHOR_NAME and
    /// GIT_AUTHOR_EMAIL, else git's configuration).
    #[arg(long, value_name = "NAME <EMAIL>", requires = "commit")]
    pub author: Option<String>,
    /// The output format.
    #[arg(long, value_enum, default_value_t = SyncFormat::Table)]
    pub format: SyncFormat,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SyncFormat {
    /// One line per key result, for people.
    Table,
    /// The JSON wire format (version 1).
    Json,
}

pub fn run(
    context: &Context,
    args: &SyncArgs,
    git: &GitEnvironment,
    variables: &BTreeMap<String, String>,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<ExitStatus, Error> {
    let identities = match args.commit {
        true => git_env::identities(git, args.author.as_deref())?,
        false => Default::default(),
    };
    let periods = match args.period {
        Some(period) => vec![period],
        None => okr::status::periods_containing(context.today, &context.config),
    };
    let wanted = Wanted { periods: &periods, teams: &args.team };
    // An undeclared source fails only the key results that name it (below).
    let checks = Checks::Blocking { no_check_flag: false, handled: &[Code::SourceUnknown] };
    let Some(loaded) = load_checked(context, &args.paths, None, checks, wanted, err)? else {
        return Ok(ExitStatus::Findings);
    };
    require_known_teams(&loaded.workspace, &args.team)?;
    let targets = sync::targets(&loaded.workspace, loaded.named.as_ref(), &periods, &args.team);
    let names: BTreeSet<&str> = targets.iter().map(|t| t.source.as_str()).collect();
    let environment = environment(&context.config.sources, &names, variables);
    let evaluated = sync::evaluate(&context.config.sources, &names, &context.root, &environment);
    for warning in &evaluated.warnings {
        writeln!(err, "warning: {}", TerminalLines(warning)).map_err(stdout_error)?;
    }
    let results = sync::compare(targets, &evaluated);
    let items: Vec<Item> = results
        .iter()
        .filter_map(|o| match o.change {
            Change::Changed { new: Some(new), .. } => Some(Item {
                reference: o.canonical.to_string(),
                request: Request { value: new.as_checkin_value(), ..Request::default() },
            }),
            _ => None,
        })
        .collect();
    let (mut written, mut commit) = (Vec::new(), None);
    if !args.dry_run && !items.is_empty() {
        let message = sync::commit_message(&results, args.message.as_deref());
        let options = CommitOptions { commit: args.commit, message: Some(message), identities };
        let now = Now {
            today: context.today,
            fiscal_start_month: context.config.periods.fiscal_year_start_month,
            grace_days: context.config.report.grace_days,
        };
        let outcomes = record::run(&context.root, loaded.workspace, &context.config, &now, &items, &options)?;
        written = outcomes.files;
        commit = outcomes.commit.map(|(id, _)| id);
    }
    let summary = Summary::of(&results);
    let report = Report { version: 1, dry_run: args.dry_run, results, written, commit, summary };
    match args.format {
        SyncFormat::Table => render::sync_table::render(out, &report, context.quiet),
        SyncFormat::Json => render::json::write_json(out, &report),
    }
    .map_err(stdout_error)?;
    Ok(if summary.failed > 0 { ExitStatus::Findings } else { ExitStatus::Success })
}

/// The variables the sources of `names` use (their tokens, those they pass
/// to a command), `PATH` and `HOME`, and the proxies: nothing else of the
/// environment reaches a source.
fn environment(
    sources: &BTreeMap<String, okr::config::sources::Source>,
    names: &BTreeSet<&str>,
    variables: &BTreeMap<String, String>,
) -> Environment {
    let wanted: BTreeSet<&str> = names
        .iter()
        .filter_map(|n| sources.get(*n))
        .flat_map(|s| s.secret_variables())
        .chain(["PATH", "HOME"])
        .collect();
    let picked = variables.iter().filter(|(k, _)| wanted.contains(k.as_str())).map(|(k, v)| (k.clone(), v.clone()));
    // curl's order: the lower-case name first.
    let proxy = |name: &str| {
        variables.get(&name.to_ascii_lowercase()).or_else(|| variables.get(name)).filter(|v| !v.is_empty()).cloned()
    };
    Environment {
        variables: picked.collect(),
        proxies: Proxies {
            http: proxy("HTTP_PROXY"),
            https: proxy("HTTPS_PROXY"),
            all: proxy("ALL_PROXY"),
            no_proxy: proxy("NO_PROXY"),
        },
    }
}
