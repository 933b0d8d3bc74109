//! `okr check`: lint and report findings in the chosen format.

use std::io::Write;
use std::path::PathBuf;

use clap::{Args, ValueEnum};

use crate::cli::schema::stdout_error;
use crate::cli::Error;
use crate::cli::{Context, ExitStatus};
use okr::findings::Counts;
use okr::render;

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Files or directories to check (default: the repository root).
    pub paths: Vec<PathBuf>,
    /// Output format [default: human; on GitHub Actions, human followed by
    /// the github annotations].
    #[arg(long, value_enum)]
    pub format: Option<CheckFormat>,
    /// Exit 1 on warnings too.
    #[arg(long)]
    pub deny_warnings: bool,
    /// At most N GitHub annotations of each level (errors, warnings), most
    /// severe first, then by file and line; a notice says how many more
    /// there are. GitHub itself shows only 10 of each per step.
    #[arg(long, value_name = "N", default_value_t = render::github::MAX_PER_LEVEL)]
    pub max_annotations: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum CheckFormat {
    Human,
    Json,
    Github,
    Sarif,
    Gitlab,
}

pub fn run(context: &Context, args: &CheckArgs, out: &mut dyn Write) -> Result<ExitStatus, Error> {
    context.require_work_tree()?;
    // Documents are dropped file by file: the renderers need only the paths,
    // and the text of the files with findings. In a repository, the files
    // named are checked against all of its OKR files (alignment resolves
    // against them), and only their findings are reported.
    let (paths, root, cwd, config) = (&args.paths, &context.root, &context.cwd, &context.config);
    let (workspace, findings) = if context.in_repository() {
        okr::check::load_and_run_around(paths, root, cwd, config)?
    } else {
        okr::check::load_and_run(paths, root, cwd, config)?
    };
    // A gate that checked nothing must not pass: a wrong directory, a
    // checkout without the OKR files or globs that match none of them.
    if workspace.checked.unwrap_or(workspace.files.len()) == 0 {
        return Err(nothing_to_check(context, &args.paths));
    }
    let human = |out: &mut dyn Write| {
        let options = render::human::Options { color: context.color, quiet: context.quiet };
        render::human::check(out, &workspace, &findings, &options)
    };
    let annotations = |out: &mut dyn Write, after_human: bool| {
        let options = render::github::Options { max_per_level: args.max_annotations, after_human };
        render::github::check(out, &workspace, &findings, root, &options)
    };
    match args.format {
        // On GitHub Actions, people read the log and the runner reads the
        // annotations: both, when no format was asked for.
        None if context.github_actions => human(out).and_then(|()| annotations(out, true)),
        None | Some(CheckFormat::Human) => human(out),
        Some(CheckFormat::Json) => render::json::check(out, &workspace, &findings),
        Some(CheckFormat::Github) => annotations(out, false),
        // CI reports name paths from the repository root, where their
        // consumers look, whatever directory okr ran in.
        Some(CheckFormat::Sarif) => render::sarif::check(out, &workspace, &findings, root, &context.config.docs.url),
        Some(CheckFormat::Gitlab) => render::gitlab::check(out, &workspace, &findings, root),
    }
    .map_err(stdout_error)?;
    let counts = Counts::of(&findings);
    // Freeing every file's tree one by one takes longer than the process
    // exit that frees them all at once.
    std::mem::forget(workspace);
    Ok(if counts.errors > 0 || (args.deny_warnings && counts.warnings > 0) {
        ExitStatus::Findings
    } else {
        ExitStatus::Success
    })
}

/// The error of a check that found no OKR file: where it looked, and the globs.
fn nothing_to_check(context: &Context, paths: &[PathBuf]) -> Error {
    let quoted = |items: &[String]| items.iter().map(|i| format!("\"{i}\"")).collect::<Vec<_>>().join(", ");
    let places = if paths.is_empty() {
        context.root.display().to_string()
    } else {
        paths.iter().map(|p| p.display().to_string()).collect::<Vec<_>>().join(", ")
    };
    let files = &context.config.files;
    let mut message =
        format!("no OKR file in {places} matches the globs [files] include = [{}]", quoted(&files.include));
    if !files.exclude.is_empty() {
        message.push_str(&format!(", exclude = [{}]", quoted(&files.exclude)));
    }
    message.push_str("; name the directory that holds the OKR files, or set the globs in okr.toml");
    Error::Usage(message)
}
