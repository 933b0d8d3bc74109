//! Loading for the commands that read OKRs: find, parse and (unless told not
//! to) check them first, printing errors to stderr (§4).

use std::io::Write;
use std::path::PathBuf;

use crate::check::{Counts, Severity};
use crate::cli::schema::stdout_error;
use crate::cli::Context;
use crate::error::Error;
use crate::load::Workspace;

/// The workspace, or `None` when the checks found errors (already printed to
/// `err`, as `okr check` would, but without the warnings).
/// With `rev`, the files are read as they were at that git revision.
pub fn load_checked(
    context: &Context,
    paths: &[PathBuf],
    rev: Option<&str>,
    no_check: bool,
    err: &mut dyn Write,
) -> Result<Option<Workspace>, Error> {
    let workspace = match rev {
        Some(rev) => {
            let (repository, _) = crate::load::revision::open(&context.cwd)?;
            warn_about_replace_refs(&repository, err)?;
            crate::load::revision::load_at(rev, paths, &context.cwd, &context.config)?
        }
        None => {
            context.require_work_tree()?;
            crate::load::workspace(paths, &context.root, &context.cwd, &context.config)?
        }
    };
    if no_check {
        return Ok(Some(workspace));
    }
    let errors: Vec<_> =
        crate::check::run(&workspace, &context.config).into_iter().filter(|d| d.severity == Severity::Error).collect();
    if errors.is_empty() {
        return Ok(Some(workspace));
    }
    let options = crate::render::human::Options { color: context.color, quiet: true };
    crate::render::human::check(err, &workspace, &errors, &options).map_err(stdout_error)?;
    let summary = crate::render::human::summary(workspace.files.len(), Counts::of(&errors));
    writeln!(err, "{summary} Fix them, or pass --no-check.").map_err(stdout_error)?;
    Ok(None)
}

/// Warn on `err` when the repository has replace refs: git shows the
/// replacements, okr the objects as stored, so the two may disagree.
pub fn warn_about_replace_refs(repository: &git2::Repository, err: &mut dyn Write) -> Result<(), Error> {
    let count = crate::load::revision::replace_refs(repository)?;
    if count > 0 {
        let refs = if count == 1 { "a replace ref" } else { "replace refs" };
        writeln!(
            err,
            "warning: this repository has {refs} (refs/replace/, from `git replace`); okr does not apply them and \
             reads every commit and file as stored, so it may show other values than git does. \
             `git --no-replace-objects log` shows the history okr reads"
        )
        .map_err(stdout_error)?;
    }
    Ok(())
}
