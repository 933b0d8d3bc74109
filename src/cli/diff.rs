//! `okr diff`: what a change does to the OKRs. A report, not a gate: it
//! exits 0 whatever it finds, 2 when it cannot compare.

use std::io::Write;
use std::path::PathBuf;

use clap::{Args, ValueEnum};

use crate::cli::loading::open_repository;
use crate::cli::schema::stdout_error;
use crate::cli::Error;
use crate::cli::{Context, ExitStatus};
use okr::diff::Revisions;
use okr::git;
use okr::load::revision;
use okr::render;

#[derive(Debug, Args)]
pub struct DiffArgs {
    /// The revision to compare with, taken at its merge base with HEAD (as a
    /// pull request is): a branch, tag or commit, e.g. `main` or `origin/main`.
    pub base: String,
    /// `[HEAD] [PATHS…]`: a first argument that names a commit is the head
    /// (default: the working tree); the rest are files or directories.
    #[arg(value_name = "HEAD_OR_PATHS")]
    pub rest: Vec<String>,
    /// Paths after `--`, never read as a revision.
    #[arg(last = true, value_name = "PATHS")]
    pub paths: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = DiffFormat::Table)]
    pub format: DiffFormat,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum DiffFormat {
    Table,
    Markdown,
    Json,
}

pub fn run(context: &Context, args: &DiffArgs, out: &mut dyn Write, err: &mut dyn Write) -> Result<ExitStatus, Error> {
    let repository = open_repository(context, err)?;
    let (head, paths) = split_head(&repository, context, args)?;
    let (base_id, head_id) = repository.merge_base(&args.base, head.as_deref())?;
    let (base_sha, head_sha) = (base_id.to_string(), head_id.to_string());
    let base = revision::load_at(&repository, &base_sha, &paths, &context.cwd, &context.config)?;
    let (head_workspace, head_name) = match head {
        Some(_) => (revision::load_at(&repository, &head_sha, &paths, &context.cwd, &context.config)?, head_sha),
        None => {
            context.require_work_tree_in(&repository)?;
            (okr::load::workspace(&paths, &context.root, &context.cwd, &context.config)?, "worktree".to_owned())
        }
    };
    let revisions = Revisions { base: base_sha, head: head_name };
    let mut diff = okr::diff::compare(&base, &head_workspace, &context.config, revisions);
    diff.config = config_changes(&repository, context, base_id, head.is_some().then_some(head_id))?;
    let labels = render::diff_text::Labels { base: &args.base, head: head.as_deref() };
    match args.format {
        DiffFormat::Table => render::diff_table::render(out, &diff, &labels, context.screen()),
        DiffFormat::Markdown => render::diff_markdown::render(out, &diff, &labels),
        DiffFormat::Json => render::json::write_json(out, &diff),
    }
    .map_err(stdout_error)?;
    Ok(ExitStatus::Success)
}

/// The changes to `[sources]` and `[rules]` of okr.toml at the repository
/// root, from the base to the head commit (`None`: the working tree).
fn config_changes(
    repository: &git::Repository,
    context: &Context,
    base: git::ObjectId,
    head: Option<git::ObjectId>,
) -> Result<Vec<okr::diff::config::ConfigChange>, Error> {
    // okr.toml is small; a bigger one is no configuration okr reads.
    const LIMIT: u64 = 1 << 20;
    let path = std::path::Path::new("okr.toml");
    let text = |bytes: Option<Vec<u8>>| bytes.map(|b| String::from_utf8_lossy(&b).into_owned());
    let old = text(repository.file_at(base, path, LIMIT)?);
    let new = match head {
        Some(head) => text(repository.file_at(head, path, LIMIT)?),
        None => std::fs::read_to_string(context.root.join(path)).ok(),
    };
    Ok(okr::diff::config::compare(old.as_deref(), new.as_deref()))
}

/// The head revision, if the first argument after BASE names one, and the
/// paths. Like git, an argument that is both a revision and a path is refused.
fn split_head(
    repository: &git::Repository,
    context: &Context,
    args: &DiffArgs,
) -> Result<(Option<String>, Vec<PathBuf>), Error> {
    let mut paths: Vec<PathBuf> = Vec::new();
    let mut head = None;
    for (i, arg) in args.rest.iter().enumerate() {
        if i == 0 && repository.is_revision(arg) {
            // A bare repository has no work tree, so no argument names a path in it.
            if repository.work_tree().is_some() && context.cwd.join(arg).exists() {
                return Err(Error::Usage(format!(
                    "`{arg}` is both a revision and a path; put paths after `--`: okr diff {} {arg} -- PATHS",
                    args.base
                )));
            }
            head = Some(arg.clone());
        } else if i == 0 && !context.cwd.join(arg).exists() {
            // Most likely a mistyped revision: say so rather than "no such file".
            return Err(Error::Usage(format!(
                "unknown revision `{arg}`, and no such path: {}",
                context.cwd.join(arg).display()
            )));
        } else {
            paths.push(PathBuf::from(arg));
        }
    }
    paths.extend(args.paths.iter().cloned());
    Ok((head, paths))
}
