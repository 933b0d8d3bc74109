//! `okr report`: a period told from git history. The first-parent
//! history of a revision is replayed oldest first: each commit's changed OKR
//! files are parsed (each version once, on every core) and handed to the
//! tracker, which follows objectives and key results by canonical ref.

pub(crate) mod assemble;
pub mod parents;
pub(crate) mod tracker;
pub(crate) mod wire;

use std::path::{Path, PathBuf};

use chrono::{Days, NaiveDate};

use crate::config::Config;
use crate::error::Error;
use crate::git::Repository;
use crate::history::blobs::{BlobCache, Parsed};
use crate::history::reader::{send_batches, BatchSize};
use crate::history::{self, Commit};
use crate::load::revision::OkrPaths;
use crate::period::Period;
use crate::text::Text;
use tracker::Tracker;
pub use wire::Report;

/// Commits whose changes are parsed together, in parallel: enough to keep
/// both cores busy, and few enough that memory stays flat. The byte bound
/// matters for big files: a parsed document takes over ten times the bytes of
/// its text, so a check-in to a file of megabytes is a batch of its own.
const BATCH: BatchSize = BatchSize { commits: 256, bytes: 1 << 20 };

/// What to report on.
#[derive(Debug, Clone)]
pub struct Options {
    /// The period.
    pub period: Period,
    /// Only these teams; every team when empty.
    pub teams: Vec<String>,
    /// The revision whose first-parent history is read.
    pub rev: String,
    /// Days without a check-in after which a key result is stale.
    pub stale_days: u32,
    /// Days after the period's end in which check-ins still count.
    pub grace_days: u32,
}

/// The report, and warnings for the user (a shallow clone, skipped files).
pub struct Outcome {
    /// The report.
    pub report: Report,
    /// What the reader should know about the history read: a shallow clone, broken commits.
    pub warnings: Vec<Text>,
}

/// The period's dates and the window in which check-ins count.
#[derive(Debug, Clone, Copy)]
pub struct Window {
    /// The period's first day.
    pub start: NaiveDate,
    /// The period's last day.
    pub end: NaiveDate,
    /// `end` plus the grace days, when quarter-end grading happens.
    pub last_day: NaiveDate,
}

impl Window {
    /// Whether `date` falls in the window.
    pub fn contains(&self, date: NaiveDate) -> bool {
        self.start <= date && date <= self.last_day
    }
}

/// The report on `options.period` from the first-parent history of
/// `options.rev` in `repository`, which the command opened, for the OKR
/// files of `paths` in `cwd`. Each tree and blob
/// is read once (see `git::TreeDiff` and `BlobCache`): the binary turns
/// libgit2's object cache off (`git::configure_process`).
pub fn build(
    repository: &Repository,
    paths: &[PathBuf],
    cwd: &Path,
    config: &Config,
    options: &Options,
) -> Result<Outcome, Error> {
    let tip = repository.commit(&options.rev)?;
    let okr_paths = OkrPaths::new(&repository.root(), cwd, paths, config)?;
    let walk = repository.first_parent(tip)?;
    let (start, end) = options.period.dates(config.periods.fiscal_year_start_month);
    let last_day = end.checked_add_days(Days::new(options.grace_days.into())).unwrap_or(NaiveDate::MAX);
    let window = Window { start, end, last_day };

    let commits = &walk.commits;
    // The start state is the tree just before the first commit dated in the
    // period; the final state the tree of the last commit dated in the window.
    // Dates need not be monotonic, so both are searched over the whole walk.
    let first_in_period = commits.iter().position(|c| c.date >= start);
    let final_commit = commits.iter().rposition(|c| c.date <= last_day);
    let replayed = final_commit.map_or(0, |last| last + 1);

    let mut warnings = Vec::new();
    if walk.shallow {
        warnings.push(
            "this is a shallow clone: the history before its oldest commit is missing, so the start state and \
             early check-ins may be wrong. Fetch the whole history (`git fetch --unshallow`, or `fetch-depth: 0` \
             in actions/checkout)"
                .into(),
        );
    }
    let mut tracker = Tracker::default();
    let mut blobs = BlobCache::new(options.period, config.limits.file_size_max);
    let (sender, receiver) = std::sync::mpsc::sync_channel(2);
    std::thread::scope(|scope| -> Result<(), Error> {
        // The reading thread's own handle: libgit2's is not shared between threads.
        let (reader, okr_paths) = (repository.open_again()?, &okr_paths);
        let limit = config.limits.file_size_max;
        scope.spawn(move || send_batches(reader, &commits[..replayed], okr_paths, limit, BATCH, &sender));
        for batch in receiver {
            let batch = batch?;
            blobs.parse(batch.blobs);
            for (index, files) in (batch.first..).zip(batch.changes) {
                if Some(index) == first_in_period {
                    tracker.start();
                }
                let commit = &commits[index];
                let mut documents = Vec::with_capacity(files.len());
                for file in files {
                    let parsed = file.blob.map(|id| blobs.get(repository, id)).transpose()?;
                    let document = match parsed {
                        None | Some(Parsed::OtherPeriod) => None,
                        Some(Parsed::Document(document)) => Some(document),
                        Some(Parsed::Broken(message)) => {
                            warnings.push(skipped(commit, &okr_paths.display(Path::new(&file.path)), &message));
                            continue;
                        }
                    };
                    documents.push((file.path, document));
                }
                tracker.apply(index, window.contains(commit.date), documents);
            }
            blobs.release_unused();
        }
        Ok(())
    })?;
    // No commit dated in the period (yet): the state reached is the start.
    tracker.start();
    let report_date = end.min(commits.last().map_or(end, |c| c.date));
    let report = assemble::assemble(&tracker, &walk, &window, report_date, options, config);
    Ok(Outcome { report, warnings })
}

fn skipped(commit: &Commit, path: &str, message: &str) -> Text {
    format!(
        "commit {} ({}): skipped {path}, which does not parse ({message}); its previous version stands",
        history::short(&commit.id.to_string()),
        commit.date
    )
    .into()
}
