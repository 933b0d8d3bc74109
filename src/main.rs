//! The `okr` binary: parse arguments, run, map the outcome to an exit code.

use std::io::{IsTerminal, Write};
use std::process::ExitCode;

use chrono::NaiveDate;
use clap::Parser;
use cli::{Cli, ExitStatus, Surroundings};
use okr::render::safe::TerminalLines;

mod cli;

fn main() -> ExitCode {
    // Process-wide state is the binary's to set, not the library's.
    okr::git::configure_process();
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(error) if !error.use_stderr() => error.exit(),
        // A usage error quotes the arguments, which may come from data (a
        // note taken from an issue comment): sanitised like all output.
        Err(error) => {
            #[allow(clippy::print_stderr)]
            {
                eprint!("{}", TerminalLines(&error.render().to_string()));
            }
            return ExitCode::from(ExitStatus::Failure.code());
        }
    };
    let today = match today(std::env::var_os("OKR_TODAY")) {
        Ok(today) => today,
        Err(message) => {
            #[allow(clippy::print_stderr)]
            {
                // The value comes from the environment: sanitised like all output.
                eprintln!("okr: error: {}", TerminalLines(&message));
            }
            return ExitCode::from(ExitStatus::Failure.code());
        }
    };
    let stdout = std::io::stdout();
    let stdout_is_terminal = stdout.is_terminal();
    let surroundings = Surroundings {
        today,
        width: width(std::env::var_os("COLUMNS"), || {
            terminal_size::terminal_size_of(&stdout).map(|(terminal_size::Width(w), _)| usize::from(w))
        }),
        stdout_is_terminal,
        no_color: std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty()),
        github_actions: std::env::var_os("GITHUB_ACTIONS").is_some_and(|v| v == "true"),
        git: cli::GitEnvironment::read(|name| std::env::var_os(name)),
        variables: cli::Variables(
            std::env::vars_os().filter_map(|(k, v)| Some((k.into_string().ok()?, v.into_string().ok()?))).collect(),
        ),
    };
    let mut out = std::io::BufWriter::new(stdout.lock());
    let mut err = std::io::stderr();
    let result = cli::run(cli, &mut out, &mut err, surroundings).and_then(|status| {
        out.flush().map_err(cli::stdout_error)?;
        Ok(status)
    });
    let status = match result {
        Ok(status) => status,
        // A closed pipe (`okr check | head`) is not a failure.
        Err(cli::Error::Okr(okr::error::Error::Io { source, .. }))
            if source.kind() == std::io::ErrorKind::BrokenPipe =>
        {
            ExitStatus::Success
        }
        Err(error) => {
            #[allow(clippy::print_stderr)]
            {
                // An error names paths, refs and values: sanitised like all output.
                eprintln!("okr: error: {}", TerminalLines(&error.to_string()));
            }
            ExitStatus::Failure
        }
    };
    ExitCode::from(status.code())
}

/// How wide output may be: `COLUMNS` when it is a positive number (as for
/// `ls` and git, so a script or a test can ask for a width), else the width
/// of the terminal that standard output is, else no limit.
fn width(columns: Option<std::ffi::OsString>, terminal: impl FnOnce() -> Option<usize>) -> Option<usize> {
    let columns = columns.and_then(|c| c.to_str()?.trim().parse::<usize>().ok()).filter(|&c| c > 0);
    columns.or_else(terminal).filter(|&c| c > 0)
}

/// Today's date: `OKR_TODAY` (`YYYY-MM-DD`) when it is set, for reproducible
/// runs in CI and tests, else the local date. The only place okr reads the clock.
fn today(okr_today: Option<std::ffi::OsString>) -> Result<NaiveDate, String> {
    // Empty counts as unset, as for NO_COLOR: `OKR_TODAY= okr score`.
    let Some(value) = okr_today.filter(|v| !v.is_empty()) else { return Ok(chrono::Local::now().date_naive()) };
    let text = value.to_string_lossy();
    NaiveDate::parse_from_str(&text, "%Y-%m-%d").map_err(|_| {
        format!("OKR_TODAY is `{text}`, not a date: write it as YYYY-MM-DD (e.g. 2026-07-01), or unset it")
    })
}

#[cfg(test)]
mod tests {
    use super::width;

    #[test]
    fn columns_wins_over_the_terminal_and_nonsense_falls_back_to_it() {
        let terminal = || Some(120);
        assert_eq!(width(Some("80".into()), terminal), Some(80));
        assert_eq!(width(Some(" 72 ".into()), terminal), Some(72));
        for nonsense in ["", "0", "-5", "wide", "80x"] {
            assert_eq!(width(Some(nonsense.into()), terminal), Some(120), "{nonsense:?}");
        }
        assert_eq!(width(None, terminal), Some(120));
        assert_eq!(width(None, || None), None, "a pipe without COLUMNS: no limit");
        assert_eq!(width(Some("0".into()), || None), None);
    }
}
