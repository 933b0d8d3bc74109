//! `okr new` (a team's file for a period, from a template) and `okr init`
//! (an `okr.toml` with every default). Both write the JSON Schema to
//! `schema/okr.schema.json` when the repository lacks it, so that the
//! modeline of a new file resolves in an editor. Neither ever overwrites a
//! file, nor follows a symbolic link out of the repository to a path it
//! chose itself.

use std::io::Write;
use std::path::PathBuf;

use clap::Args;

use crate::cli::schema::stdout_error;
use crate::cli::score::parse_period;
use crate::cli::Error;
use crate::cli::{Context, ExitStatus};
use okr::edit::create::{self, NewFile};
use okr::edit::{layout, scaffold};
use okr::period::Period;
use okr::render::safe::Terminal;

#[derive(Debug, Args)]
pub struct NewArgs {
    /// The team's id.
    #[arg(long, value_name = "TEAM")]
    pub team: String,
    /// The period (2026-Q3, 2026-H2 or 2026, in either case).
    #[arg(long, value_name = "PERIOD", value_parser = parse_period)]
    pub period: Period,
    /// Write DIR/<team>.okr.yaml (default: beside the team's latest file, or okrs/<period>/ at the root).
    #[arg(long, value_name = "DIR")]
    pub dir: Option<PathBuf>,
}

pub fn run_new(context: &Context, args: &NewArgs, out: &mut dyn Write) -> Result<ExitStatus, Error> {
    if !okr::model::is_id(&args.team) {
        return Err(Error::Usage(format!(
            "`{}` is not a team id: 1 to 64 lowercase letters, digits, `-` or `_`, starting with a letter or digit",
            args.team
        )));
    }
    let target = match &args.dir {
        Some(dir) => layout::in_dir(&context.cwd.join(dir), &args.team),
        None => {
            context.require_work_tree()?;
            let workspace = okr::load::workspace(&[], &context.root, &context.cwd, &context.config)?;
            let existing: Vec<_> = workspace
                .files
                .iter()
                .filter_map(|f| f.document.as_ref().filter(|d| d.team == args.team).map(|d| (f.path.clone(), d.period)))
                .collect();
            layout::default_target(&context.root, &args.team, args.period, &existing)
        }
    };
    let target = layout::normalise(&target);
    let text = scaffold::okr_file(&layout::modeline(&context.root, &target), &args.team, args.period);
    // A directory the user named is theirs to choose; one okr derived is confined to the repository.
    let confine_to = if args.dir.is_some() { None } else { Some(context.root.as_path()) };
    let file = new_file(context, target, format!("team `{}`", args.team), text);
    let shown = file.shown.clone();
    let schema = missing_schema(context);
    let schema_shown = schema.as_ref().map(|s| s.shown.clone());
    match (confine_to, schema) {
        (Some(root), Some(schema)) => create::create_all(&[file, schema], Some(root))?,
        // The schema, at the root, is confined there even when the file is not.
        (None, Some(schema)) => {
            create::create_all(&[schema], Some(&context.root))?;
            create::create_all(&[file], None)?;
        }
        (confine_to, None) => create::create_all(&[file], confine_to)?,
    }
    writeln!(
        out,
        "wrote {}: team {}, period {}, one example objective to replace",
        Terminal(&shown),
        Terminal(&args.team),
        args.period
    )
    .map_err(stdout_error)?;
    if let Some(schema_shown) = schema_shown {
        writeln!(out, "wrote {}, the JSON Schema its first line points editors at", Terminal(&schema_shown))
            .map_err(stdout_error)?;
    }
    Ok(ExitStatus::Success)
}

pub fn run_init(context: &Context, out: &mut dyn Write) -> Result<ExitStatus, Error> {
    let target = okr::config::default_path(&context.root);
    let file = new_file(context, target, "the configuration".into(), scaffold::config_file());
    let shown = file.shown.clone();
    let schema = missing_schema(context);
    let schema_shown = schema.as_ref().map(|s| s.shown.clone());
    create::create_all(&[Some(file), schema].into_iter().flatten().collect::<Vec<_>>(), Some(&context.root))?;
    writeln!(out, "wrote {} with every setting at its default", Terminal(&shown)).map_err(stdout_error)?;
    if let Some(schema_shown) = schema_shown {
        writeln!(out, "wrote {}, the JSON Schema that editors read for completion", Terminal(&schema_shown))
            .map_err(stdout_error)?;
    }
    Ok(ExitStatus::Success)
}

/// The repository's `schema/okr.schema.json`, to write when nothing is there
/// yet (a link counts as something: it is never followed nor replaced). One
/// already there is the user's, even when it is older than this okr. Nor is
/// it written when `schema` is a file or a link: the user's too, and a link
/// may lead out of the repository.
pub fn missing_schema(context: &Context) -> Option<NewFile> {
    let path = layout::schema_path(&context.root);
    let dir_is_usable =
        path.parent().is_some_and(|dir| std::fs::symlink_metadata(dir).map_or(true, |meta| meta.file_type().is_dir()));
    if !dir_is_usable || std::fs::symlink_metadata(&path).is_ok() {
        return None;
    }
    Some(new_file(context, path, "the JSON Schema".into(), crate::cli::schema::text(context)))
}

/// The file `path` with `text`, shown relative to the current directory.
pub fn new_file(context: &Context, path: PathBuf, whose: String, text: String) -> NewFile {
    let shown = okr::load::display_path(&path, &context.cwd);
    NewFile { path, shown, whose, bytes: text.into_bytes() }
}
