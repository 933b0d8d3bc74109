//! `okr rule [CODE] [--all]`: a rule's page (what it finds, why, examples,
//! how to fix and configure it), as `ruff rule` prints one.

use std::io::Write;

use clap::ValueEnum;
use okr::findings::Code;

use crate::cli::{stdout_error, Context, Error, ExitStatus};

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum RuleFormat {
    /// The page, for a terminal, with its address.
    Text,
    /// The page in markdown, as the documentation has it.
    Markdown,
    /// `{"version": 1, "rules": [{"code", "severity", "summary", "url"}]}`.
    Json,
}

#[derive(Debug, clap::Args)]
pub struct RuleArgs {
    /// The rule's code, e.g. `kr-kpi` (`okr rule --all` lists them).
    #[arg(value_name = "CODE", required_unless_present = "all", conflicts_with = "all")]
    pub code: Option<String>,
    /// Every rule, in the order of the table of rules.
    #[arg(long)]
    pub all: bool,
    /// How to print it.
    #[arg(long, value_enum, default_value_t = RuleFormat::Text)]
    pub format: RuleFormat,
}

pub fn run(context: &Context, args: &RuleArgs, out: &mut dyn Write) -> Result<ExitStatus, Error> {
    let codes: Vec<Code> = match &args.code {
        Some(name) => vec![Code::from_name(name).ok_or_else(|| unknown_rule(name))?],
        None => Code::ALL.to_vec(),
    };
    let docs_url = &context.config.docs.url;
    match args.format {
        RuleFormat::Text => okr::render::rule::text(out, &codes, docs_url),
        RuleFormat::Markdown => okr::render::rule::markdown(out, &codes),
        RuleFormat::Json => okr::render::rule::json(out, &codes, docs_url),
    }
    .map_err(stdout_error)?;
    Ok(ExitStatus::Success)
}

fn unknown_rule(name: &str) -> Error {
    let known: Vec<_> = Code::ALL.iter().map(|code| code.name()).collect();
    Error::Usage(format!("no rule `{name}`; the rules are: {}", known.join(", ")))
}
