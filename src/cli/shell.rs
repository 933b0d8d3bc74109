//! `okr completions SHELL` and `okr man`: shell completion scripts and a roff
//! man page, both generated from the command line's own definition, so they
//! cannot drift from it.

use std::io::Write;

use clap::{CommandFactory, ValueEnum};

use crate::cli::{stdout_error, Cli, Error, ExitStatus};

/// The shells `okr completions` writes a script for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Shell {
    Bash,
    Zsh,
    Fish,
    Powershell,
}

#[derive(Debug, clap::Args)]
pub struct CompletionsArgs {
    /// The shell to write completions for.
    #[arg(value_enum)]
    pub shell: Shell,
}

pub fn run_completions(args: &CompletionsArgs, out: &mut dyn Write) -> Result<ExitStatus, Error> {
    use clap_complete::{generate, shells};
    let mut command = Cli::command();
    let name = command.get_name().to_string();
    let mut buffer = Vec::new();
    match args.shell {
        Shell::Bash => generate(shells::Bash, &mut command, name, &mut buffer),
        Shell::Zsh => generate(shells::Zsh, &mut command, name, &mut buffer),
        Shell::Fish => generate(shells::Fish, &mut command, name, &mut buffer),
        Shell::Powershell => generate(shells::PowerShell, &mut command, name, &mut buffer),
    }
    out.write_all(&buffer).map_err(stdout_error)?;
    Ok(ExitStatus::Success)
}

/// The man page lists every command with its summary (its SUBCOMMANDS
/// section); `okr help COMMAND` has the rest.
pub fn run_man(out: &mut dyn Write) -> Result<ExitStatus, Error> {
    let mut buffer = Vec::new();
    clap_mangen::Man::new(Cli::command()).render(&mut buffer).map_err(stdout_error)?;
    out.write_all(&buffer).map_err(stdout_error)?;
    Ok(ExitStatus::Success)
}
