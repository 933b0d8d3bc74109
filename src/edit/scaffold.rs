//! The text of the files `okr new` and `okr init` write.

use std::fmt::Write;

use crate::config::Config;
use crate::edit::emit::{self, Context};
use crate::findings::Code;
use crate::numbers;
use crate::period::Period;

/// A new team file: the modeline, then one example objective with a progress
/// and a milestone key result. It passes `okr check` as written, with one
/// `title-todo` warning per title: an untouched template fails
/// `okr check --deny-warnings`, so no CI gate passes OKRs nobody wrote.
pub fn okr_file(modeline: &str, team: &str, period: Period) -> String {
    let team = emit::string(team, Context::Block);
    let period = emit::string(&period.to_string(), Context::Block);
    format!(
        "{modeline}#
# Replace the example with your own objectives (one to five): a title that
# begins with TODO is a warning until you write it. An objective says in words
# where the team wants to be, without numbers; its two to five key results
# measure whether it got there. `okr check` lints this file, `okr score`
# scores it and `okr checkin` records progress.
version: 1
team: {team}
period: {period}
objectives:
  - id: first-objective
    title: \"TODO: say in words where the team wants to be at the end of the period\"
    kind: aspirational        # aims at 0.7; `committed` aims at 1.0
    # aligns_to: company/objective   # the higher objective this one supports
    key_results:
      # A progress key result moves a number from start to target.
      - id: first-result
        title: \"TODO: the number that shows the outcome moves from its start to its target\"
        start: 0
        target: 10
        current: 0
        unit: units
      # A milestone is done or not.
      - id: second-result
        title: \"TODO: the result the team can call done\"
        done: false
      # A threshold key result ends the period at or above a bound (`at_least`)
      # or at or under one (`at_most`), with `current`; it fits committed objectives.
"
    )
}

/// `okr.toml` with every setting at its default, each with a comment.
pub fn config_file() -> String {
    let defaults = Config::default();
    let list = |items: &[String]| {
        let quoted: Vec<String> = items.iter().map(|i| format!("{i:?}")).collect();
        format!("[{}]", quoted.join(", "))
    };
    let mut out = String::from(
        "# okr configuration. Every setting is optional; these are the defaults.\n\
         # Delete what you do not change, so that new defaults reach you.\n\n",
    );
    let _ = write!(
        out,
        "[files]\n\
         # Which files are OKR files: gitignore-style globs, relative to the repository root.\n\
         include = {}\n\
         exclude = {}\n\n\
         [limits]\n\
         # How many key results an objective may have (kr-count).\n\
         key_results_min = {}\n\
         key_results_max = {}\n\
         # How many objectives a team may have in one period (objective-count).\n\
         objectives_max = {}\n\
         # Larger files are a yaml-syntax finding, in bytes.\n\
         file_size_max = {}\n\n\
         [rules]\n\
         # Severity per code: \"error\", \"warning\" or \"off\";\n\
         # yaml-syntax and schema are always errors.\n",
        list(&defaults.files.include),
        list(&defaults.files.exclude),
        defaults.limits.key_results_min,
        defaults.limits.key_results_max,
        defaults.limits.objectives_max,
        defaults.limits.file_size_max,
    );
    for code in Code::ALL {
        let _ = writeln!(out, "{} = \"{}\"", code.name(), code.default_severity().as_str());
    }
    let _ = write!(
        out,
        "\n[grading]\n\
         # Aspirational objectives are green from this score, yellow from that one, else red.\n\
         green = {}\n\
         yellow = {}\n\n\
         [report]\n\
         # okr report: a key result without a check-in for this many days is stale.\n\
         stale_days = {}\n\
         # Days after the period's end in which quarter-end grading still counts.\n\
         grace_days = {}\n\n\
         [status]\n\
         # okr status and okr due: a key result without a check-in for this many days is due.\n\
         due_days = {}\n\n\
         [periods]\n\
         # The month the fiscal year starts in, 1 to 12; a fiscal year is named by\n\
         # the calendar year it starts in.\n\
         fiscal_year_start_month = {}\n\n\
         [docs]\n\
         # Where okr's documentation is published: every link okr writes (a rule's\n\
         # page, SARIF's helpUri) starts from this address.\n\
         url = \"{}\"\n",
        numbers::yaml(defaults.grading.green),
        numbers::yaml(defaults.grading.yellow),
        defaults.report.stale_days,
        defaults.report.grace_days,
        defaults.status.due_days,
        defaults.periods.fiscal_year_start_month,
        defaults.docs.url,
    );
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_config_file_holds_the_defaults() {
        let mut parsed = Config::parse(&config_file()).expect("parses");
        assert_eq!(parsed.rules.len(), Code::ALL.len(), "every rule is listed");
        for code in Code::ALL {
            assert_eq!(parsed.severity(*code), Some(code.default_severity()));
        }
        parsed.rules.clear();
        assert_eq!(parsed, Config::default());
    }
}
