//! `okr diff`: what a change does to the OKRs. A report, not a gate: it
//! exits 0 whatever it finds, 2 when it cannot compare.

use std::io::Write;
use std::path::{Path, PathBuf};

use clap::{Args, ValueEnum};

use crate::cli::loading::open_repository;
use crate::cli::schema::stdout_error;
use crate::cli::Error;
use crate::cli::{Context, ExitStatus};
use okr::config::{self, Config};
use okr::diff::{Revisions, Side};
use okr::git;
use okr::load::revision;
use okr::render;
use okr::render::safe::Terminal;

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
    let base_config = config_at(&repository, context, Some(base_id), err)?;
    let base = revision::load_at(&repository, &base_sha, &paths, &context.cwd, &base_config)?;
    let head_commit = head.is_some().then_some(head_id);
    let head_config = config_at(&repository, context, head_commit, err)?;
    let (head_workspace, head_name) = match head {
        Some(_) => (revision::load_at(&repository, &head_sha, &paths, &context.cwd, &head_config)?, head_sha),
        None => {
            context.require_work_tree_in(&repository)?;
            (okr::load::workspace(&paths, &context.root, &context.cwd, &head_config)?, "worktree".to_owned())
        }
    };
    let revisions = Revisions { base: base_sha, head: head_name };
    let mut diff = okr::diff::compare(
        Side { workspace: &base, config: &base_config },
        Side { workspace: &head_workspace, config: &head_config },
        revisions,
    );
    diff.config = config_changes(&repository, context, base_id, head_commit)?;
    let labels = render::diff_text::Labels { base: &args.base, head: head.as_deref() };
    match args.format {
        DiffFormat::Table => render::diff_table::render(out, &diff, &labels, context.screen()),
        DiffFormat::Markdown => render::diff_markdown::render(out, &diff, &labels),
        DiffFormat::Json => render::json::write_json(out, &diff),
    }
    .map_err(stdout_error)?;
    Ok(ExitStatus::Success)
}

// okr.toml is small; a bigger one is no configuration okr reads.
const CONFIG_LIMIT: u64 = 1 << 20;

/// The configuration a side is checked and read with: `--config FILE` for
/// both sides when given; else okr.toml at the root as of that commit
/// (`None`: the working tree, as loaded), the defaults when the commit has
/// none, as okr run at that commit would. One that okr cannot read (it
/// does not parse, or is over 1 MiB) is a warning, and that side gets the
/// configuration okr runs with.
fn config_at(
    repository: &git::Repository,
    context: &Context,
    commit: Option<git::ObjectId>,
    err: &mut dyn Write,
) -> Result<Config, Error> {
    let Some(commit) = commit.filter(|_| context.config_file.is_none()) else {
        return Ok(context.config.clone());
    };
    let path = Path::new(config::DEFAULT_NAME);
    let shown = PathBuf::from(format!("{}:{}", okr::history::short(&commit.to_string()), config::DEFAULT_NAME));
    let problem = match repository.file_at(commit, path, CONFIG_LIMIT)? {
        Some(bytes) => match std::str::from_utf8(&bytes) {
            Ok(text) => match Config::read(text, &shown) {
                Ok(config) => return Ok(config),
                Err(error) => error.to_string(),
            },
            Err(_) => format!("{}: not UTF-8 text", shown.display()),
        },
        None if repository.has_file_at(commit, path)? => format!("{}: over 1 MiB", shown.display()),
        None => return Ok(Config::default()),
    };
    writeln!(
        err,
        "warning: {}; okr diff checks that side with the configuration it runs with instead",
        Terminal(&problem)
    )
    .map_err(stdout_error)?;
    Ok(context.config.clone())
}

/// The changes to `[sources]` and `[rules]` of the configuration, from the
/// base to the head commit (`None`: the working tree): the file `--config`
/// names when it is inside the repository, else okr.toml at the root.
fn config_changes(
    repository: &git::Repository,
    context: &Context,
    base: git::ObjectId,
    head: Option<git::ObjectId>,
) -> Result<Vec<okr::diff::config::ConfigChange>, Error> {
    let path = listed_config(repository, context);
    let text = |bytes: Option<Vec<u8>>| bytes.map(|b| String::from_utf8_lossy(&b).into_owned());
    let old = text(repository.file_at(base, &path, CONFIG_LIMIT)?);
    let new = match (head, repository.work_tree()) {
        (Some(head), _) => text(repository.file_at(head, &path, CONFIG_LIMIT)?),
        (None, Some(work_tree)) => std::fs::read_to_string(work_tree.join(&path)).ok(),
        (None, None) => None,
    };
    Ok(okr::diff::config::compare(old.as_deref(), new.as_deref()))
}

/// The configuration file whose changes are listed, from the repository
/// root: the one `--config` names if it lies in the work tree, else okr.toml.
fn listed_config(repository: &git::Repository, context: &Context) -> PathBuf {
    let inside = |file: &Path| {
        let work_tree = std::fs::canonicalize(repository.work_tree()?).ok()?;
        let file = std::fs::canonicalize(file).ok()?;
        file.strip_prefix(&work_tree).ok().map(Path::to_owned)
    };
    context.config_file.as_deref().and_then(inside).unwrap_or_else(|| PathBuf::from(config::DEFAULT_NAME))
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
