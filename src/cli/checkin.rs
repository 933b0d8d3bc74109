//! `okr checkin`: record progress on key results and health metrics, in place.

use std::io::Write;

use clap::Args;

use crate::cli::git_env::{self, GitEnvironment};
use crate::cli::schema::stdout_error;
use crate::cli::Error;
use crate::cli::{Context, ExitStatus};
use okr::edit::checkin::{Effect, Request};
use okr::edit::record::{self, CommitOptions, Item, Now, Outcome, Outcomes};
use okr::edit::OwnershipChanged;
use okr::numbers::two_decimals;
use okr::period::Period;
use okr::render::safe::Terminal;
use okr::text::Text;

#[derive(Debug, Args)]
pub struct CheckinArgs {
    /// The key result (team/objective/kr) or health metric (team/metric), optionally
    /// @period (default: the period that contains today); or REF=VALUE.
    #[arg(value_name = "REF | REF=VALUE")]
    pub first: String,
    /// The new value: a number (progress, threshold, health metric) or true/false
    /// (milestone); or another REF=VALUE.
    #[arg(value_name = "VALUE | REF=VALUE", allow_hyphen_values = true)]
    pub second: Option<String>,
    /// More check-ins, REF=VALUE each: all are checked first, each file is written
    /// once, and --commit makes one commit.
    #[arg(value_name = "REF=VALUE")]
    pub more: Vec<String>,
    /// Your confidence of reaching the target, 0 to 1 (with `REF VALUE` only).
    #[arg(long, value_name = "C", allow_hyphen_values = true)]
    pub confidence: Option<String>,
    /// Set the key result's note (with `REF VALUE` only).
    #[arg(long, value_name = "TEXT")]
    pub note: Option<String>,
    /// The period of every REF written without @period (default: the one that contains today).
    #[arg(long, value_name = "PERIOD")]
    pub period: Option<String>,
    /// Commit the files checked in to (only those) with git, in one commit.
    #[arg(long)]
    pub commit: bool,
    /// The commit message (default: `okr: check in REF: OLD → NEW`).
    #[arg(short = 'm', long = "message", value_name = "MSG", requires = "commit")]
    pub message: Option<String>,
    /// The commit's author, `Name <email>` (default: GIT_AUTHOR_NAME and
    /// GIT_AUTHOR_EMAIL, else git's configuration).
    #[arg(long, value_name = "NAME <EMAIL>", requires = "commit")]
    pub author: Option<String>,
}

pub fn run(
    context: &Context,
    args: &CheckinArgs,
    git: &GitEnvironment,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<ExitStatus, Error> {
    let items = items(args)?;
    let identities = match args.commit {
        true => git_env::identities(git, args.author.as_deref())?,
        false => Default::default(),
    };
    context.require_work_tree()?;
    let workspace = okr::load::workspace(&[], &context.root, &context.cwd, &context.config)?;
    let options = CommitOptions { commit: args.commit, message: args.message.clone(), identities };
    let now = Now {
        today: context.today,
        fiscal_start_month: context.config.periods.fiscal_year_start_month,
        grace_days: context.config.report.grace_days,
    };
    let outcomes = record::run(&context.root, workspace, &context.config, &now, &items, &options)?;
    if !context.quiet {
        render(out, &outcomes).map_err(stdout_error)?;
    }
    for (file, ownership) in &outcomes.ownership {
        warn_ownership(err, file, ownership).map_err(stdout_error)?;
    }
    Ok(ExitStatus::Success)
}

/// The check-ins asked for: `REF VALUE` with its `--confidence` and
/// `--note`, or `REF=VALUE …`; each REF in `--period` unless it names its own.
fn items(args: &CheckinArgs) -> Result<Vec<Item>, Error> {
    let period = match &args.period {
        Some(text) => {
            Some(text.parse::<Period>().map_err(|e| Error::Usage(format!("--period `{text}` is not a period: {e}")))?)
        }
        None => None,
    };
    let in_period = |reference: &str| -> Result<String, Error> {
        match (period, reference.split_once('@')) {
            (None, _) => Ok(reference.to_owned()),
            (Some(period), None) => Ok(format!("{reference}@{period}")),
            (Some(period), Some((_, own))) if own == period.to_string() => Ok(reference.to_owned()),
            (Some(period), Some(_)) => {
                Err(Error::Usage(format!("`{reference}` names another period than --period {period}; give one")))
            }
        }
    };
    let checkins: Vec<String> =
        std::iter::once(args.first.clone()).chain(args.second.clone()).chain(args.more.iter().cloned()).collect();
    if let [reference, value] = checkins.as_slice() {
        if !reference.contains('=') {
            let request =
                Request { value: value.clone(), confidence: args.confidence.clone(), note: args.note.clone() };
            return Ok(vec![Item { reference: in_period(reference)?, request }]);
        }
    }
    if args.confidence.is_some() || args.note.is_some() {
        return Err(Error::Usage(
            "--confidence and --note go with one check-in, written `okr checkin REF VALUE`, not with REF=VALUE".into(),
        ));
    }
    checkins
        .iter()
        .map(|pair| {
            let (reference, value) = pair.split_once('=').ok_or_else(|| {
                Error::Usage(format!(
                    "`{pair}` is not REF=VALUE: write `okr checkin REF VALUE` for one check-in, \
                     or `okr checkin REF=VALUE REF=VALUE …` for several"
                ))
            })?;
            let request = Request { value: value.to_owned(), ..Request::default() };
            Ok(Item { reference: in_period(reference)?, request })
        })
        .collect()
}

/// What changed, every piece of data through the terminal's sanitiser: the
/// old note, the file's path and the commit message come from files and
/// settings.
fn render(out: &mut dyn Write, outcomes: &Outcomes) -> std::io::Result<()> {
    for outcome in &outcomes.checkins {
        render_one(out, outcome)?;
    }
    for file in &outcomes.files {
        writeln!(out, "wrote {}", file.terminal())?;
    }
    if let Some((id, message)) = &outcomes.commit {
        let subject = message.as_str().lines().next().unwrap_or("");
        writeln!(out, "committed {} {}", Terminal(&id[..id.len().min(12)]), Terminal(subject))?;
    }
    Ok(())
}

fn render_one(out: &mut dyn Write, outcome: &Outcome) -> std::io::Result<()> {
    writeln!(out, "{}", Terminal(&outcome.canonical.to_string()))?;
    for change in &outcome.planned.changes {
        let old = change.old.as_ref().map_or(Terminal("(none)"), Text::terminal);
        writeln!(out, "  {}: {} → {}", change.field, old, change.new.terminal())?;
    }
    match outcome.planned.effect {
        Effect::Scores { key_result: (old, new), objective: (old_objective, new_objective) } => {
            writeln!(out, "  score: {} → {}", two_decimals(old), two_decimals(new))?;
            writeln!(
                out,
                "{}: score {} → {}",
                Terminal(&outcome.canonical.objective_ref().to_string()),
                two_decimals(old_objective),
                two_decimals(new_objective)
            )
        }
        Effect::Health(old, new) => writeln!(out, "  status: {} → {}", old.as_str(), new.as_str()),
    }
}

/// Say what the rewritten file could not keep, and how to give it back.
fn warn_ownership(err: &mut dyn Write, file: &Text, ownership: &OwnershipChanged) -> std::io::Result<()> {
    let (uid, gid) = (ownership.uid, ownership.gid);
    let what = match (uid.0 != uid.1, gid.0 != gid.1) {
        (true, true) => {
            format!("owner and group (uid {} → {}, gid {} → {}); its mode is kept", uid.0, uid.1, gid.0, gid.1)
        }
        (true, false) => format!("owner (uid {} → {}); its group and mode are kept", uid.0, uid.1),
        (false, _) => format!("group (gid {} → {}); its owner and mode are kept", gid.0, gid.1),
    };
    let file = file.terminal();
    writeln!(
        err,
        "warning: {file}: okr could not keep its {what} (only root can give a file away). \
         To give it back, as root: chown {}:{} {file}",
        uid.0, gid.0
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn warning(uid: (u32, u32), gid: (u32, u32)) -> String {
        let mut err = Vec::new();
        warn_ownership(&mut err, &"t.okr.yaml".into(), &OwnershipChanged { uid, gid }).unwrap();
        String::from_utf8(err).unwrap()
    }

    #[test]
    fn the_warning_names_what_changed_and_what_was_kept() {
        assert!(warning((5, 5), (7, 1)).contains("its group (gid 7 → 1); its owner and mode are kept"));
        assert!(warning((5, 1), (7, 1)).contains("its owner and group (uid 5 → 1, gid 7 → 1); its mode is kept"));
        assert!(warning((5, 1), (7, 1)).ends_with("as root: chown 5:7 t.okr.yaml\n"));
    }
}
