//! `okr carry`: start period Q from what period P left unfinished.

use std::io::Write;
use std::path::PathBuf;

use clap::Args;

use crate::cli::schema::stdout_error;
use crate::cli::score::parse_period;
use crate::cli::Error;
use crate::cli::{Context, ExitStatus};
use okr::edit::carry::{self, Carry, TeamCarry};
use okr::edit::create::{self, NewFile};
use okr::edit::{layout, write_document};
use okr::findings::Severity;
use okr::measure::{Bound, Measure};
use okr::numbers::two_decimals;
use okr::period::Period;
use okr::render::safe::Terminal;

#[derive(Debug, Args)]
pub struct CarryArgs {
    /// The period to carry from (e.g. 2026-Q3, in either case).
    #[arg(long, value_name = "PERIOD", value_parser = parse_period)]
    pub from: Period,
    /// The period to start: one that starts after --from ends.
    #[arg(long, value_name = "PERIOD", value_parser = parse_period)]
    pub to: Period,
    /// Only this team.
    #[arg(long, value_name = "TEAM")]
    pub team: Option<String>,
    /// Carry every objective left unfinished, not only those below their
    /// green threshold.
    #[arg(long)]
    pub all: bool,
    /// Write DIR/<team>.okr.yaml (default: beside each team's file for P, in the same layout).
    #[arg(long, value_name = "DIR")]
    pub dir: Option<PathBuf>,
}

pub fn run(context: &Context, args: &CarryArgs, out: &mut dyn Write, err: &mut dyn Write) -> Result<ExitStatus, Error> {
    if !carry::goes_forward(&context.config, args.from, args.to) {
        let fiscal = context.config.periods.fiscal_year_start_month;
        let ((_, from_end), (to_start, _)) = (args.from.dates(fiscal), args.to.dates(fiscal));
        return Err(Error::Usage(format!(
            "--to {} starts on {to_start}, before --from {} ends on {from_end}: carry into a period that starts after it",
            args.to, args.from
        )));
    }
    context.require_work_tree()?;
    let workspace = okr::load::workspace(&[], &context.root, &context.cwd, &context.config)?;
    // Carry from sound files only. A file that cannot be read at all may or
    // may not be one of P's: say so, and carry the rest.
    let findings = okr::check::run(&workspace, &context.config);
    let blocking: Vec<_> = findings
        .into_iter()
        .filter(|d| d.severity == Severity::Error)
        .filter(|d| {
            workspace.files[d.file].document.as_ref().is_some_and(|document| {
                document.period == args.from && args.team.as_ref().is_none_or(|t| *t == document.team)
            })
        })
        .collect();
    for unreadable in workspace.files.iter().filter(|f| f.document.is_none()) {
        writeln!(
            err,
            "warning: {} cannot be read (see `okr check`); whatever it holds is not carried",
            unreadable.display.terminal()
        )
        .map_err(stdout_error)?;
    }
    if !blocking.is_empty() {
        let options = okr::render::human::Options { color: context.color, quiet: true };
        okr::render::human::check(err, &workspace, &blocking, &options).map_err(stdout_error)?;
        writeln!(err, "Fix these errors before carrying {} forward.", args.from).map_err(stdout_error)?;
        return Ok(ExitStatus::Findings);
    }
    let which = if args.all { Carry::AllUnfinished } else { Carry::BelowGreen };
    let teams = carry::plan(&workspace, &context.config, (args.from, args.to), args.team.as_deref(), which);
    if teams.is_empty() {
        let whose = args.team.as_ref().map(|t| format!(" of team `{t}`")).unwrap_or_default();
        return Err(Error::Usage(format!("no OKR files{whose} for {} found", args.from)));
    }
    // Plan every file, write them all or none, and only then say what was written.
    let targets: Vec<Option<PathBuf>> =
        teams.iter().map(|t| t.document.as_ref().map(|_| target(context, args, t))).collect();
    let files: Vec<NewFile> = teams
        .iter()
        .zip(&targets)
        .filter_map(|(team, target)| {
            let (document, target) = (team.document.as_ref()?, target.as_ref()?);
            let header = format!(
                "{}#\n# Carried from {} by `okr carry`: the objectives it left unfinished.\n",
                layout::modeline(&context.root, target),
                args.from
            );
            let text = write_document::write(&header, document);
            Some(crate::cli::new::new_file(context, target.clone(), format!("team `{}`", team.team), text))
        })
        .collect();
    // A directory the user named is theirs to choose; one okr derived is confined to the repository.
    let confine_to = if args.dir.is_some() { None } else { Some(context.root.as_path()) };
    create::create_all(&files, confine_to)?;
    for (team, target) in teams.iter().zip(&targets) {
        report(out, context, team, target.as_deref(), args).map_err(stdout_error)?;
    }
    drop(workspace);
    let written: Vec<PathBuf> = files.into_iter().map(|f| f.path).collect();
    check_written(context, &written, out)?;
    Ok(ExitStatus::Success)
}

fn target(context: &Context, args: &CarryArgs, team: &TeamCarry) -> PathBuf {
    let path = match &args.dir {
        Some(dir) => layout::in_dir(&context.cwd.join(dir), &team.team),
        None => {
            let sources: Vec<_> = team.sources.iter().map(|p| (p.clone(), args.from)).collect();
            layout::default_target(&context.root, &team.team, args.to, &sources[..1])
        }
    };
    layout::normalise(&path)
}

fn report(
    out: &mut dyn Write,
    context: &Context,
    team: &TeamCarry,
    target: Option<&std::path::Path>,
    args: &CarryArgs,
) -> std::io::Result<()> {
    // The values as written into the new file.
    let number = okr::numbers::yaml;
    match target {
        Some(target) => {
            let shown = okr::load::display_path(target, &context.cwd);
            writeln!(out, "{} {} → {}: {}", Terminal(&team.team), args.from, args.to, Terminal(&shown))?;
        }
        None => writeln!(out, "{} {} → {}: nothing left to carry", Terminal(&team.team), args.from, args.to)?,
    }
    for objective in &team.objectives {
        writeln!(out, "  carried {} (score {})", Terminal(&objective.from.to_string()), two_decimals(objective.score))?;
        for kr in &objective.key_results {
            let state = match Measure::of(kr) {
                Ok(Measure::Progress { start, target, .. }) => {
                    format!("start {} → target {}", number(start), number(target))
                }
                Ok(Measure::Threshold { bound: Bound::AtLeast(bound), .. }) => format!("at least {}", number(bound)),
                Ok(Measure::Threshold { bound: Bound::AtMost(bound), .. }) => format!("at most {}", number(bound)),
                Ok(Measure::Milestone { .. }) => "not done".to_owned(),
                // Only files without errors are carried, so this is not seen.
                Err(_) => "no valid measurement".to_owned(),
            };
            writeln!(out, "    {}: {state}", Terminal(&kr.id))?;
        }
        for (kr, score) in &objective.achieved {
            writeln!(out, "    left {} (achieved, score {})", Terminal(&kr.to_string()), two_decimals(*score))?;
        }
    }
    for (objective, score) in &team.achieved {
        writeln!(out, "  left {} (achieved, score {})", Terminal(&objective.to_string()), two_decimals(*score))?;
    }
    for (objective, score) in &team.green {
        writeln!(
            out,
            "  left {} (green, score {}; --all carries its unfinished key results)",
            Terminal(&objective.to_string()),
            two_decimals(*score)
        )?;
    }
    Ok(())
}

/// Check the workspace with the new files and print their findings.
fn check_written(context: &Context, written: &[PathBuf], out: &mut dyn Write) -> Result<(), Error> {
    if written.is_empty() {
        return Ok(());
    }
    let workspace = okr::load::workspace(&[], &context.root, &context.cwd, &context.config)?;
    let new_files: Vec<usize> = workspace
        .files
        .iter()
        .enumerate()
        .filter(|(_, f)| written.iter().any(|w| same_file(w, &f.path)))
        .map(|(i, _)| i)
        .collect();
    let findings: Vec<_> =
        okr::check::run(&workspace, &context.config).into_iter().filter(|d| new_files.contains(&d.file)).collect();
    if findings.is_empty() {
        writeln!(out, "The new files pass `okr check`.").map_err(stdout_error)?;
        return Ok(());
    }
    writeln!(out, "The new files need mending:").map_err(stdout_error)?;
    let options = okr::render::human::Options { color: context.color, quiet: context.quiet };
    okr::render::human::check(out, &workspace, &findings, &options).map_err(stdout_error)
}

fn same_file(a: &std::path::Path, b: &std::path::Path) -> bool {
    match (a.canonicalize(), b.canonicalize()) {
        (Ok(a), Ok(b)) => a == b,
        _ => a == b,
    }
}
