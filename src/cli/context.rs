//! What every command needs to know before it starts: where it runs, the
//! repository root, the configuration and whether to use colour.

use std::path::{Path, PathBuf};

use chrono::NaiveDate;

use crate::cli::Error;
use crate::cli::{Cli, ColorChoice};
use okr::config::{self, Config};
use okr::git;

pub struct Context {
    /// The directory okr runs in (after `-C`); output paths are relative to it.
    pub cwd: PathBuf,
    /// The git top level above `cwd`, or `cwd` outside git.
    pub root: PathBuf,
    pub config: Config,
    /// The file `--config` names (from `cwd`); `None`: okr.toml at the root.
    pub config_file: Option<PathBuf>,
    pub color: bool,
    pub quiet: bool,
    /// Running on GitHub Actions (`GITHUB_ACTIONS=true`): `okr check` adds
    /// annotations to its human output.
    pub github_actions: bool,
    /// Today's date, read once by the binary; every command that needs
    /// "today" takes it from here.
    pub today: NaiveDate,
    /// How wide tables may be: `COLUMNS`, else the terminal's width, else
    /// unbounded (a file or a pipe).
    pub width: Option<usize>,
}

/// What the process's surroundings say, read by the binary (the library never
/// reads the environment) and passed in, so tests can set every case.
#[derive(Debug, Clone, Default)]
pub struct Surroundings {
    /// Standard output is a terminal.
    pub stdout_is_terminal: bool,
    /// `NO_COLOR` is set to a non-empty value.
    pub no_color: bool,
    /// `GITHUB_ACTIONS=true`.
    pub github_actions: bool,
    /// Today: the local date, or `OKR_TODAY` when it is set.
    pub today: NaiveDate,
    /// git's identity and date variables, for `okr checkin --commit`.
    pub git: crate::cli::GitEnvironment,
    /// The width of the output in columns: `COLUMNS` when it is a positive
    /// number, else the width of the terminal standard output is, else none.
    pub width: Option<usize>,
    /// The process's environment (the variables whose names and values are
    /// UTF-8), for `okr sync`, which passes on only what each source names.
    pub variables: Variables,
}

/// Environment variables by name. Their values may be secrets: `Debug`
/// shows the names only.
#[derive(Clone, Default)]
pub struct Variables(pub std::collections::BTreeMap<String, String>);

impl std::fmt::Debug for Variables {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_set().entries(self.0.keys()).finish()
    }
}

impl Context {
    pub fn new(cli: &Cli, surroundings: &Surroundings) -> Result<Context, Error> {
        let start = std::env::current_dir().map_err(|source| okr::error::Error::Io { path: ".".into(), source })?;
        let cwd = match &cli.directory {
            Some(dir) => {
                let dir = start.join(dir);
                if !dir.is_dir() {
                    return Err(okr::error::Error::NoSuchPath { path: dir }.into());
                }
                dir
            }
            None => start,
        };
        let root = git_root(&cwd).unwrap_or_else(|| cwd.clone());
        let config_file = cli.config.as_ref().map(|path| cwd.join(path));
        let config = match &config_file {
            Some(path) => Config::load(path, true)?,
            None => Config::load(&config::default_path(&root), false)?,
        };
        let color = match cli.color {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => surroundings.stdout_is_terminal && !surroundings.no_color,
        };
        Ok(Context {
            cwd,
            root,
            config,
            config_file,
            color,
            quiet: cli.quiet,
            github_actions: surroundings.github_actions,
            today: surroundings.today,
            width: surroundings.width,
        })
    }

    /// Where table output goes: colour and width.
    pub fn screen(&self) -> okr::render::fit::Screen {
        okr::render::fit::Screen { color: self.color, width: self.width }
    }
}

impl Context {
    /// Whether okr runs inside a git repository (a bare one too).
    pub fn in_repository(&self) -> bool {
        git::Repository::discover(&self.cwd).is_ok()
    }

    /// Refuse, with a clear message, to read files on disk in a bare
    /// repository: it has none, and walking its git directory would find
    /// no OKR file and say nothing useful.
    pub fn require_work_tree(&self) -> Result<(), Error> {
        match git::Repository::discover(&self.cwd) {
            Ok(repository) => self.require_work_tree_in(&repository),
            Err(_) => Ok(()),
        }
    }

    /// The same, for a command that has opened the repository already.
    pub fn require_work_tree_in(&self, repository: &git::Repository) -> Result<(), Error> {
        if !repository.is_bare() {
            return Ok(());
        }
        Err(Error::Usage(format!(
            "{} is a bare git repository: it has no files on disk; read a revision instead \
             (`okr score --rev HEAD`, `okr diff BASE HEAD`, `okr report`)",
            self.cwd.display()
        )))
    }
}

/// The closest directory at or above `dir` that holds `.git`.
fn git_root(dir: &Path) -> Option<PathBuf> {
    dir.ancestors().find(|d| d.join(".git").exists()).map(Path::to_owned)
}
