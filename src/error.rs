//! Failures of the tool itself (exit 2), as opposed to findings in a user's
//! files, which are data. Each is a variant a caller can match; its message
//! names the file or the value and what to do.

use std::path::PathBuf;

/// Why a command of the library could not do its job.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// Reading or writing `path` failed.
    #[error("{}: {source}", path.display())]
    Io {
        /// The file or directory.
        path: PathBuf,
        /// What the system said.
        source: std::io::Error,
    },
    /// The configuration file is wrong at `line`:`column`.
    #[error("{}:{line}:{column}: {message}", path.display())]
    Config {
        /// The configuration file.
        path: PathBuf,
        /// The line, from 1.
        line: usize,
        /// The column, from 1.
        column: usize,
        /// What is wrong there.
        message: String,
    },
    /// A path given to okr does not exist.
    #[error("{}: no such file or directory", path.display())]
    NoSuchPath {
        /// The path as okr was given it, made absolute.
        path: PathBuf,
    },
    /// One glob of `files.include` or `files.exclude` in okr.toml is malformed.
    #[error("bad glob {pattern:?} in okr.toml: {message}")]
    BadGlob {
        /// The glob as written.
        pattern: String,
        /// What the glob parser said.
        message: String,
    },
    /// The globs of okr.toml, each well formed, cannot be combined.
    #[error("bad globs in okr.toml: {message}")]
    BadGlobs {
        /// What the glob parser said.
        message: String,
    },
    /// A git operation failed.
    #[error("git: {message}")]
    Git {
        /// What libgit2 said, or what okr found wrong in the repository.
        message: String,
    },
    /// A check-in reference is neither `team/objective/key-result[@period]` nor `team/metric[@period]`.
    #[error(
        "`{text}` is not a reference: write team/objective/key-result for a key result, or team/metric \
         for a health metric, optionally followed by @period"
    )]
    NotAKeyResultReference {
        /// The reference as given.
        text: String,
    },
    /// A check-in reference names no key result in the files found.
    #[error("no key result `{text}` in the OKR files found{}", unknown_details(suggestions, unreadable))]
    UnknownKeyResult {
        /// The reference as given.
        text: String,
        /// What it may have meant.
        suggestions: Suggestions,
        /// The files that could not be read, whose key results okr cannot see.
        unreadable: Vec<String>,
    },
    /// A check-in reference names no health metric in the files found.
    #[error(
        "no health metric `{text}` in the OKR files found{}{}",
        known_metrics(known),
        unreadable_details(unreadable, "health metrics")
    )]
    UnknownHealthMetric {
        /// The reference as given.
        text: String,
        /// The team's health metrics, one line each.
        known: Vec<String>,
        /// The files that could not be read, whose metrics okr cannot see.
        unreadable: Vec<String>,
    },
    /// A check-in reference without `@period` names nothing in the period
    /// that contains today (nor in one still in its grace days).
    #[error("{}", not_in_current_period(text, today, *grace_days, ended, future))]
    NotInCurrentPeriod {
        /// The reference as given.
        text: String,
        /// Today, `YYYY-MM-DD`.
        today: String,
        /// The grace days after a period's end.
        grace_days: u32,
        /// Where it exists in periods that have ended, one line each.
        ended: Vec<String>,
        /// Where it exists in periods still to come, one line each.
        future: Vec<String>,
    },
    /// Several check-ins name one key result or health metric.
    #[error("{canonical} is named more than once ({first} and {second}); check it in once")]
    NamedTwice {
        /// What both name.
        canonical: String,
        /// The first reference as given.
        first: String,
        /// The second.
        second: String,
    },
    /// A check-in reference names several key results or health metrics.
    #[error("`{text}` is ambiguous; it could be any of:\n{}\nadd @period, or remove the duplicate", candidates.join("\n"))]
    AmbiguousKeyResult {
        /// The reference as given.
        text: String,
        /// One line per key result it could name: `  ref (file:line)`.
        candidates: Vec<String>,
    },
    /// A check-in refused to edit `file`; nothing was written.
    #[error("{file}: {refusal}; nothing written")]
    CheckinRefused {
        /// The file as the user reads it.
        file: String,
        /// Why.
        refusal: Refusal,
    },
    /// A file to write is read-only; nothing was written.
    #[error("{} is read-only; nothing written", path.display())]
    ReadOnly {
        /// The file.
        path: PathBuf,
    },
    /// The directory of a file to write is read-only; nothing was written.
    #[error("the directory {} is read-only; nothing written", dir.display())]
    ReadOnlyDirectory {
        /// The directory.
        dir: PathBuf,
    },
    /// A file to edit is a symbolic link or a special file; nothing was written.
    #[error(
        "{} is not a regular file (a symbolic link or a special file); okr edits regular files only; nothing written",
        path.display()
    )]
    NotARegularFile {
        /// The file.
        path: PathBuf,
    },
    /// A file to edit has other names, which a rename would leave behind; nothing was written.
    #[error(
        "{} has {links} hard links; okr writes a new file and renames it into place, which would leave \
         the other {} with the old contents; nothing written. Give it a file of its own first \
         (`cp FILE FILE.new && mv FILE.new FILE`), or edit it by hand",
        path.display(),
        if *links == 2 { "name" } else { "names" }
    )]
    HardLinked {
        /// The file.
        path: PathBuf,
        /// How many names it has.
        links: u64,
    },
    /// Something else changed a file while okr was writing it; nothing was written.
    #[error(
        "{} was changed by something else while okr was writing it; nothing written (run the command again)",
        path.display()
    )]
    ChangedWhileWriting {
        /// The file.
        path: PathBuf,
    },
    /// A file to create exists already; okr never overwrites one.
    #[error("{} already exists; okr never overwrites a file (move it away first)", path.display())]
    AlreadyExists {
        /// The file.
        path: PathBuf,
    },
    /// No temporary file could be made next to the file to write.
    #[error("cannot create a temporary file in {}", dir.display())]
    NoTemporaryFile {
        /// The directory.
        dir: PathBuf,
    },
    /// Another okr holds the lock of a file; nothing was written.
    #[error(
        "{} is being changed by another okr (locked{}: {} exists); nothing written. \
         Try again when it is done; if no okr is running, delete {}",
        path.display(),
        holder.map_or_else(String::new, |pid| format!(" by process {pid}")),
        lock.display(),
        lock.display()
    )]
    Locked {
        /// The file.
        path: PathBuf,
        /// Its lock file.
        lock: PathBuf,
        /// The process id written in the lock file, if it holds one.
        holder: Option<u32>,
    },
    /// Where a lock file goes there is something okr did not make; nothing was written.
    #[error(
        "{} is {what}, not a lock file okr made; nothing written. If nothing else needs it, \
         delete it and run the command again",
        lock.display()
    )]
    NotALock {
        /// The path of the lock file.
        lock: PathBuf,
        /// What is there instead: "a symbolic link", "not a regular file".
        what: &'static str,
    },
    /// A path to write leads through a symbolic link that cannot be followed; nothing was written.
    #[error("cannot tell where {} leads ({source}); nothing written", path.display())]
    Unresolvable {
        /// The deepest part of the path that exists.
        path: PathBuf,
        /// What the system said.
        source: std::io::Error,
    },
    /// A symbolic link in the repository would send a write outside it; nothing was written.
    #[error(
        "{shown} would be written to {}, outside {}: a symbolic link in the repository leads there; \
         nothing written{remedy}",
        resolved.display(),
        root.display()
    )]
    OutsideRepository {
        /// The path as the user reads it.
        shown: String,
        /// Where it leads.
        resolved: PathBuf,
        /// The directory writes are confined to.
        root: PathBuf,
        /// What to do instead, from its opening space, or empty.
        remedy: &'static str,
    },
    /// Files to create exist already; okr never overwrites one, so nothing was written.
    #[error(
        "{} already exist{}; okr never overwrites a file (move {} away first{remedy}), so nothing was written",
        shown.join(", "),
        if shown.len() == 1 { "s" } else { "" },
        if shown.len() == 1 { "it" } else { "them" }
    )]
    WouldOverwrite {
        /// The files, as the user reads them.
        shown: Vec<String>,
        /// Another way out, from its opening comma, or empty.
        remedy: &'static str,
    },
    /// Two files to create resolve to one path; nothing was written.
    #[error("{first} and {second} would both be written to {shown}; nothing written")]
    SamePath {
        /// Whose the first file is: "team `a`".
        first: String,
        /// Whose the second file is.
        second: String,
        /// The path, as the user reads it.
        shown: String,
    },
    /// Writing one of several new files failed, and the ones written before it were removed.
    #[error("{error}; {}", removed_before(*removed))]
    CreateUndone {
        /// Why the file could not be written.
        error: Box<Error>,
        /// How many files written before it were removed again.
        removed: usize,
    },
}

/// What an unknown key result reference may have meant.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Suggestions {
    /// Nothing close to it.
    Nothing,
    /// The key results of the objective it names, one line each.
    Siblings(Vec<String>),
    /// Key results with a close name, one line each.
    Close(Vec<String>),
}

/// Why `okr checkin` refused to edit a file.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Refusal {
    /// The file on disk is not UTF-8.
    #[error("the file is not UTF-8")]
    NotUtf8,
    /// The file on disk is not what the check read.
    #[error("the file changed while okr was reading it; try again")]
    ChangedWhileReading,
    /// The value does not fit the key result, or the edit could not be made safely.
    #[error("{0}")]
    Edit(String),
    /// The edited file would have errors the file did not have.
    #[error("the edit would add errors: {}", .0.join("; "))]
    WouldAddErrors(Vec<String>),
}

fn unknown_details(suggestions: &Suggestions, unreadable: &[String]) -> String {
    let mut details = match suggestions {
        Suggestions::Nothing => " (and nothing close to it)".to_owned(),
        Suggestions::Siblings(lines) => format!("; the key results of that objective are:\n{}", lines.join("\n")),
        Suggestions::Close(lines) => format!("; did you mean:\n{}", lines.join("\n")),
    };
    details.push_str(&unreadable_details(unreadable, "key results"));
    details
}

fn unreadable_details(unreadable: &[String], what: &str) -> String {
    if unreadable.is_empty() {
        return String::new();
    }
    format!("\n{} could not be read, so okr cannot see the {what} in it; run `okr check`", unreadable.join(", "))
}

fn known_metrics(known: &[String]) -> String {
    if known.is_empty() {
        return " (the team has no health metrics; a key result's reference has three parts: \
                 team/objective/key-result)"
            .to_owned();
    }
    format!("; the team's health metrics are:\n{}", known.join("\n"))
}

fn not_in_current_period(text: &str, today: &str, grace_days: u32, ended: &[String], future: &[String]) -> String {
    let mut message = format!("`{text}` is in no period that contains today ({today})");
    if !ended.is_empty() {
        message.push_str(&format!(
            "; it is in periods that ended more than {grace_days} grace days ago:\n{}",
            ended.join("\n")
        ));
    }
    if !future.is_empty() {
        let joint = if ended.is_empty() { "; it is only in" } else { "\nand in" };
        message.push_str(&format!("{joint} periods that have not started yet:\n{}", future.join("\n")));
    }
    message.push_str("\nadd @period (or --period) to check in to one of them");
    message
}

fn removed_before(removed: usize) -> String {
    match removed {
        0 => "nothing written".to_owned(),
        n => format!("removed the {n} file{} written before it, so nothing was written", if n == 1 { "" } else { "s" }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_messages_with_a_count_say_it_in_words() {
        let undone = |removed| {
            let error = Box::new(Error::AlreadyExists { path: "a.okr.yaml".into() });
            Error::CreateUndone { error, removed }.to_string()
        };
        let exists = "a.okr.yaml already exists; okr never overwrites a file (move it away first)";
        assert_eq!(undone(0), format!("{exists}; nothing written"));
        assert_eq!(undone(1), format!("{exists}; removed the 1 file written before it, so nothing was written"));
        assert_eq!(undone(2), format!("{exists}; removed the 2 files written before it, so nothing was written"));

        let overwrite = |shown: &[&str]| {
            Error::WouldOverwrite { shown: shown.iter().map(|s| s.to_string()).collect(), remedy: "" }.to_string()
        };
        assert!(overwrite(&["a"]).starts_with("a already exists; okr never overwrites a file (move it away"));
        assert!(overwrite(&["a", "b"]).starts_with("a, b already exist; okr never overwrites a file (move them away"));
        let elsewhere = Error::WouldOverwrite { shown: vec!["a".into()], remedy: ", or write elsewhere" }.to_string();
        assert!(elsewhere
            .starts_with("a already exists; okr never overwrites a file (move it away first, or write elsewhere)"));

        let locked = |holder| Error::Locked { path: "f".into(), lock: ".f.okr-lock".into(), holder }.to_string();
        assert!(locked(Some(42))
            .starts_with("f is being changed by another okr (locked by process 42: .f.okr-lock exists)"));
        assert!(locked(None).starts_with("f is being changed by another okr (locked: .f.okr-lock exists)"));

        let links = |links| Error::HardLinked { path: "f".into(), links }.to_string();
        assert!(links(2).contains("the other name with the old contents"));
        assert!(links(3).contains("the other names with the old contents"));
    }

    #[test]
    fn an_unknown_key_result_lists_what_it_may_have_meant() {
        let unknown = |suggestions| Error::UnknownKeyResult {
            text: "t/o/x".into(),
            suggestions,
            unreadable: vec!["bad.okr.yaml".into()],
        };
        assert_eq!(
            unknown(Suggestions::Close(vec!["  t/o/y@2026-Q3 (t.okr.yaml:9)".into()])).to_string(),
            "no key result `t/o/x` in the OKR files found; did you mean:\n  t/o/y@2026-Q3 (t.okr.yaml:9)\n\
             bad.okr.yaml could not be read, so okr cannot see the key results in it; run `okr check`"
        );
        assert!(unknown(Suggestions::Nothing).to_string().contains("found (and nothing close to it)\n"));
    }
}
