//! `okr checkin`: record progress on one key result, in place.

use std::io::Write;

use clap::Args;

use crate::cli::schema::stdout_error;
use crate::cli::Error;
use crate::cli::{Context, ExitStatus};
use okr::edit::checkin::Request;
use okr::edit::record::{self, CommitOptions, Outcome};
use okr::edit::OwnershipChanged;
use okr::numbers::two_decimals;
use okr::render::safe::Terminal;
use okr::text::Text;

#[derive(Debug, Args)]
pub struct CheckinArgs {
    /// The key result: team/objective/kr, optionally @period (default: the latest period that has it).
    #[arg(value_name = "REF")]
    pub reference: String,
    /// The new value: a number (progress, threshold) or true/false (milestone).
    #[arg(allow_hyphen_values = true)]
    pub value: String,
    /// Your confidence of reaching the target, 0 to 1.
    #[arg(long, value_name = "C", allow_hyphen_values = true)]
    pub confidence: Option<String>,
    /// Set the key result's note.
    #[arg(long, value_name = "TEXT")]
    pub note: Option<String>,
    /// Commit the file (only that file) with git.
    #[arg(long)]
    pub commit: bool,
    /// The commit message (default: `okr: check in REF: OLD → NEW`).
    #[arg(short = 'm', long = "message", value_name = "MSG", requires = "commit")]
    pub message: Option<String>,
}

pub fn run(
    context: &Context,
    args: &CheckinArgs,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<ExitStatus, Error> {
    context.require_work_tree()?;
    let workspace = okr::load::workspace(&[], &context.root, &context.cwd, &context.config)?;
    let request = Request { value: args.value.clone(), confidence: args.confidence.clone(), note: args.note.clone() };
    let options = CommitOptions { commit: args.commit, message: args.message.clone() };
    let outcome = record::run(&context.root, workspace, &context.config, &args.reference, &request, &options)?;
    render(out, &outcome).map_err(stdout_error)?;
    if let Some(ownership) = &outcome.ownership {
        warn_ownership(err, &outcome.file, ownership).map_err(stdout_error)?;
    }
    Ok(ExitStatus::Success)
}

/// What changed, every piece of data through the terminal's sanitiser: the
/// old note, the file's path and the commit message come from files and
/// settings.
fn render(out: &mut dyn Write, outcome: &Outcome) -> std::io::Result<()> {
    writeln!(out, "{}", Terminal(&outcome.canonical.to_string()))?;
    for change in &outcome.planned.changes {
        let old = change.old.as_ref().map_or(Terminal("(none)"), Text::terminal);
        writeln!(out, "  {}: {} → {}", change.field, old, change.new.terminal())?;
    }
    let (old, new) = outcome.planned.key_result_score;
    writeln!(out, "  score: {} → {}", two_decimals(old), two_decimals(new))?;
    let (old, new) = outcome.planned.objective_score;
    writeln!(
        out,
        "{}: score {} → {}",
        Terminal(&outcome.canonical.objective_ref().to_string()),
        two_decimals(old),
        two_decimals(new)
    )?;
    writeln!(out, "wrote {}", outcome.file.terminal())?;
    if let Some((id, message)) = &outcome.commit {
        writeln!(out, "committed {} {}", Terminal(&id[..id.len().min(12)]), message.terminal())?;
    }
    Ok(())
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
