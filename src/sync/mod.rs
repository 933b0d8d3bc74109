//! `okr sync`: key results that update themselves from where their numbers
//! live. The key results with a `source:` ([`targets`]) name sources that
//! okr.toml declares; each distinct source is evaluated once, several at a
//! time, each within its timeout ([`evaluate`]); each key result's value is
//! compared with the file's ([`compare`]); the binary records the changed
//! ones through `okr checkin`'s path (`edit::record`), with one commit whose
//! message carries an `Okr-Sync:` trailer per key result
//! ([`commit_message`]).
//!
//! A source that fails fails only the key results that name it. Nothing a
//! source returns or says is shown before every secret (a token, the value
//! of a variable passed to a command, a proxy address) is redacted from it.
//! This module reads no environment: the binary gathers the variables the
//! sources need into an [`Environment`].

mod command;
pub mod http;
mod json;
mod prometheus;
pub mod reading;
pub mod redact;

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;
use std::time::Duration;

use serde::{Serialize, Serializer};

use crate::config::sources::{Fetch, JsonLocation, Source};
use crate::findings::FileId;
use crate::history::trailer;
use crate::load::Workspace;
use crate::measure::Measure;
use crate::period::Period;
use crate::refs::CanonicalRef;
use crate::text::Text;

pub use http::Proxies;
pub use reading::Reading;
use redact::Redactor;

/// How many sources are evaluated at once: most wait on a server or a
/// program, not on this machine.
const AT_ONCE: usize = 8;

/// What the binary read from the environment for the sources: `PATH`,
/// `HOME` and every variable a source names (`bearer_token_env`, `env`)
/// that is set, and the proxies.
#[derive(Debug, Clone, Default)]
pub struct Environment {
    /// Variable name to value.
    pub variables: BTreeMap<String, String>,
    /// The proxies for HTTP sources.
    pub proxies: Proxies,
}

/// Why a source gave no value: the reason, and what it returned (or printed).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceError {
    /// What went wrong, in words.
    pub reason: String,
    /// The bytes it returned, whole (the excerpt is cut after redaction).
    pub returned: Vec<u8>,
}

impl SourceError {
    fn new(reason: impl Into<String>, returned: Vec<u8>) -> SourceError {
        SourceError { reason: reason.into(), returned }
    }
}

/// A failure as shown: the reason and the first 200 bytes returned, both
/// with every secret redacted.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Failure {
    /// What went wrong.
    pub reason: Text,
    /// The first 200 bytes the source returned (empty when none).
    pub returned: Text,
}

/// A key result that names a source.
#[derive(Debug, Clone)]
pub struct Target {
    /// `team/objective/kr@period`.
    pub canonical: CanonicalRef,
    /// Its file, as shown to users.
    pub file: Text,
    /// The source it names.
    pub source: Text,
    /// A milestone takes a boolean; the other kinds a number.
    pub milestone: bool,
    /// Its value now (`current`, or `done`); `None` when not written yet.
    pub current: Option<Reading>,
}

/// The key results with a `source:` among the files `named` (every file
/// when `None`) in `periods` (every period when empty) of `teams` (every
/// team when empty), in file order. A key result whose kind cannot be told
/// is left out (`okr check` reports it).
pub fn targets(
    workspace: &Workspace,
    named: Option<&BTreeSet<FileId>>,
    periods: &[Period],
    teams: &[String],
) -> Vec<Target> {
    let mut found = Vec::new();
    for (id, file) in workspace.files.iter().enumerate() {
        let Some(document) = file.document.as_ref() else { continue };
        let wanted = named.is_none_or(|n| n.contains(&id))
            && (periods.is_empty() || periods.contains(&document.period))
            && (teams.is_empty() || teams.contains(&document.team));
        if !wanted {
            continue;
        }
        for objective in &document.objectives {
            for kr in &objective.key_results {
                let (Some(source), Ok(measure)) = (&kr.source, Measure::of(kr)) else { continue };
                let (milestone, current) = match measure {
                    Measure::Progress { current, .. } => (false, kr.current.map(|_| Reading::Number(current))),
                    Measure::Threshold { current, .. } => (false, current.map(Reading::Number)),
                    Measure::Milestone { done } => (true, Some(Reading::Bool(done))),
                };
                found.push(Target {
                    canonical: CanonicalRef::key_result(&document.team, &objective.id, &kr.id, document.period),
                    file: file.display.clone(),
                    source: source.clone(),
                    milestone,
                    current,
                });
            }
        }
    }
    found
}

/// What evaluating the sources gave.
#[derive(Debug, Clone, Default)]
pub struct Evaluated {
    /// Each source evaluated, by name: its value (scaled), or why not.
    pub readings: BTreeMap<String, Result<Reading, Failure>>,
    /// What a reader should know, such as a token sent over plain HTTP.
    pub warnings: Vec<String>,
}

/// Evaluate each source of `names` once, [`AT_ONCE`] at a time, each within
/// its timeout; `root` is where commands run and `json` paths start.
pub fn evaluate(
    sources: &BTreeMap<String, Source>,
    names: &BTreeSet<&str>,
    root: &Path,
    environment: &Environment,
) -> Evaluated {
    let redactor = redactor(sources, names, environment);
    let mut warnings = Vec::new();
    let mut work: Vec<(&str, Option<&Source>)> = Vec::new();
    for &name in names {
        let source = sources.get(name);
        if let Some(warning) = source.and_then(|s| plain_http_warning(name, s)) {
            warnings.push(warning);
        }
        work.push((name, source));
    }
    let next = AtomicUsize::new(0);
    let done: Mutex<BTreeMap<String, Result<Reading, Failure>>> = Mutex::new(BTreeMap::new());
    std::thread::scope(|scope| {
        for _ in 0..AT_ONCE.min(work.len()) {
            scope.spawn(|| {
                while let Some(&(name, source)) = work.get(next.fetch_add(1, Ordering::Relaxed)) {
                    let result = match source {
                        Some(source) => evaluate_one(source, root, environment).and_then(|r| {
                            r.scaled(source.scale).map_err(|reason| SourceError::new(reason, Vec::new()))
                        }),
                        None => Err(SourceError::new(
                            format!("okr.toml does not declare the source `{name}` (see `okr rule source-unknown`)"),
                            Vec::new(),
                        )),
                    };
                    let shown = result.map_err(|e| Failure {
                        reason: redactor.redact(&e.reason).into(),
                        returned: redactor.excerpt(&e.returned).into(),
                    });
                    done.lock().unwrap_or_else(|poisoned| poisoned.into_inner()).insert(name.to_owned(), shown);
                }
            });
        }
    });
    let readings = done.into_inner().unwrap_or_else(|poisoned| poisoned.into_inner());
    Evaluated { readings, warnings }
}

/// Every secret the sources of `names` may see or echo.
fn redactor(sources: &BTreeMap<String, Source>, names: &BTreeSet<&str>, environment: &Environment) -> Redactor {
    let secret_names: BTreeSet<&str> =
        names.iter().filter_map(|n| sources.get(*n)).flat_map(Source::secret_variables).collect();
    let values = secret_names.iter().filter_map(|n| environment.variables.get(*n)).map(String::as_str);
    Redactor::new(values.chain(environment.proxies.addresses()))
}

/// A token that would cross a network in the clear.
fn plain_http_warning(name: &str, source: &Source) -> Option<String> {
    let (url, token) = match &source.fetch {
        Fetch::Prometheus { url, bearer_token_env, .. } => (url, bearer_token_env),
        Fetch::Json { location: JsonLocation::Url(url), bearer_token_env, .. } => (url, bearer_token_env),
        _ => return None,
    };
    let token = token.as_ref()?;
    (url.starts_with("http://") && !http::is_local(url)).then(|| {
        format!("source `{name}` sends the token of {token} over plain http:// to a host that is not this machine; use https://")
    })
}

fn evaluate_one(source: &Source, root: &Path, environment: &Environment) -> Result<Reading, SourceError> {
    let timeout = Duration::from_secs(source.timeout_s);
    let token = |variable: &Option<String>| -> Result<Option<&str>, SourceError> {
        match variable {
            None => Ok(None),
            Some(name) => environment.variables.get(name).map(|v| Some(v.as_str())).ok_or_else(|| {
                SourceError::new(format!("the variable {name} that holds its token is not set"), Vec::new())
            }),
        }
    };
    match &source.fetch {
        Fetch::Prometheus { url, query, bearer_token_env } => {
            let endpoint = format!("{}/api/v1/query", url.trim_end_matches('/'));
            let get =
                http::Get { url: &endpoint, query: &[("query", query)], token: token(bearer_token_env)?, timeout };
            prometheus::read_answer(&http::get(&get, &environment.proxies)?)
        }
        Fetch::Command { argv, env } => {
            let passed: BTreeMap<String, String> = environment
                .variables
                .iter()
                .filter(|(name, _)| *name == "PATH" || *name == "HOME" || env.contains(name))
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect();
            let printed = command::run(argv, &passed, root, timeout)?;
            reading::parse_text(&String::from_utf8_lossy(&printed)).ok_or_else(|| {
                SourceError::new("it printed neither a number, nor true or false, nor JSON holding one", printed)
            })
        }
        Fetch::Json { location, pointer, bearer_token_env } => {
            let body = match location {
                JsonLocation::File(path) => json::read_file(root, path)?,
                JsonLocation::Url(url) => {
                    let get = http::Get { url, query: &[], token: token(bearer_token_env)?, timeout };
                    http::get(&get, &environment.proxies)?
                }
            };
            json::read_pointer(&body, pointer)
        }
    }
}

/// What sync does to one key result.
#[derive(Debug, Clone, Serialize)]
#[serde(tag = "status", rename_all = "lowercase")]
pub enum Change {
    /// The source gives a new value: recorded (or, with `--dry-run`, would be).
    Changed {
        /// The value before.
        #[serde(serialize_with = "serialize_reading")]
        old: Option<Reading>,
        /// The value from the source.
        #[serde(serialize_with = "serialize_reading")]
        new: Option<Reading>,
    },
    /// The source gives the value the file already has.
    Unchanged {
        /// The value, in the file and from the source.
        #[serde(serialize_with = "serialize_reading")]
        value: Option<Reading>,
    },
    /// No value: the source failed, or gave the wrong kind of value.
    Failed {
        /// The value the file keeps.
        #[serde(serialize_with = "serialize_reading")]
        old: Option<Reading>,
        /// Why, and what it returned.
        error: Failure,
    },
}

/// One key result's outcome.
#[derive(Debug, Clone, Serialize)]
pub struct Outcome {
    /// `team/objective/kr@period`.
    #[serde(rename = "ref", serialize_with = "serialize_display")]
    pub canonical: CanonicalRef,
    /// Its file, as shown to users.
    pub file: Text,
    /// The source it names.
    pub source: Text,
    /// What happened.
    #[serde(flatten)]
    pub change: Change,
}

/// Each target against its source's reading: changed, unchanged or failed.
pub fn compare(targets: Vec<Target>, evaluated: &Evaluated) -> Vec<Outcome> {
    targets
        .into_iter()
        .map(|target| {
            let old = target.current;
            let change = match evaluated.readings.get(target.source.as_str()) {
                None => Change::Failed { old, error: failure("the source was not evaluated", "") },
                Some(Err(error)) => Change::Failed { old, error: error.clone() },
                Some(Ok(reading)) => match (*reading, target.milestone) {
                    (Reading::Number(n), true) => Change::Failed {
                        old,
                        error: failure(
                            "a milestone takes true or false, and the source gave a number",
                            &crate::numbers::yaml(n),
                        ),
                    },
                    (Reading::Bool(b), false) => Change::Failed {
                        old,
                        error: failure("this key result takes a number, and the source gave a boolean", &b.to_string()),
                    },
                    (new, _) if Some(new) == old => Change::Unchanged { value: old },
                    (new, _) => Change::Changed { old, new: Some(new) },
                },
            };
            Outcome { canonical: target.canonical, file: target.file, source: target.source, change }
        })
        .collect()
}

fn failure(reason: &str, returned: &str) -> Failure {
    Failure { reason: reason.into(), returned: returned.into() }
}

/// The commit message of a sync: `message` (`-m`), else one line per
/// change under `okr: sync N values`; then one `Okr-Sync:` trailer per key
/// result recorded.
pub fn commit_message(outcomes: &[Outcome], message: Option<&str>) -> String {
    let changed: Vec<(&Outcome, Option<Reading>, Reading)> = outcomes
        .iter()
        .filter_map(|o| match o.change {
            Change::Changed { old, new: Some(new) } => Some((o, old, new)),
            _ => None,
        })
        .collect();
    let value = |r: Option<Reading>| r.map_or("none".to_owned(), Reading::as_checkin_value);
    let body = match message {
        Some(message) => message.trim_end().to_owned(),
        None => {
            let noun = if changed.len() == 1 { "value" } else { "values" };
            let lines: Vec<String> = changed
                .iter()
                .map(|(o, old, new)| {
                    // A commit message, not output: git keeps the text as it is.
                    format!("{}: {} → {} ({})", o.canonical, value(*old), value(Some(*new)), o.source.as_str())
                })
                .collect();
            format!("okr: sync {} {noun}\n\n{}", changed.len(), lines.join("\n"))
        }
    };
    let trailers: Vec<String> = changed
        .iter()
        .map(|(o, _, new)| trailer::sync_line(&o.canonical.to_string(), o.source.as_str(), &new.as_checkin_value()))
        .collect();
    format!("{body}\n\n{}\n", trailers.join("\n"))
}

fn serialize_reading<S: Serializer>(reading: &Option<Reading>, serializer: S) -> Result<S::Ok, S::Error> {
    match reading {
        Some(Reading::Number(n)) => crate::numbers::serialize(n, serializer),
        Some(Reading::Bool(b)) => serializer.serialize_bool(*b),
        None => serializer.serialize_none(),
    }
}

fn serialize_display<S: Serializer>(value: &CanonicalRef, serializer: S) -> Result<S::Ok, S::Error> {
    serializer.collect_str(value)
}

/// `okr sync`'s outcome, which is also its JSON wire format
/// (`--format json`): each key result, the files written, the commit.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    /// The version of this format: 1.
    pub version: u32,
    /// `--dry-run`: nothing was written.
    pub dry_run: bool,
    /// Each key result with a source, in file order.
    pub results: Vec<Outcome>,
    /// The files written, as shown to users.
    pub written: Vec<Text>,
    /// The commit's id, with `--commit` when something changed.
    pub commit: Option<String>,
    /// How many key results changed, kept their value, or failed.
    pub summary: Summary,
}

/// The counts of a [`Report`].
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Summary {
    /// Key results given a new value (or that would be, with `--dry-run`).
    pub changed: usize,
    /// Key results whose source gave the value they have.
    pub unchanged: usize,
    /// Key results that could not be synced.
    pub failed: usize,
}

impl Summary {
    /// The counts of `outcomes`.
    pub fn of(outcomes: &[Outcome]) -> Summary {
        let mut summary = Summary::default();
        for outcome in outcomes {
            match outcome.change {
                Change::Changed { .. } => summary.changed += 1,
                Change::Unchanged { .. } => summary.unchanged += 1,
                Change::Failed { .. } => summary.failed += 1,
            }
        }
        summary
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;

    #[test]
    fn a_token_over_plain_http_to_another_host_is_warned_about() {
        let config = Config::parse(
            r#"
[sources.remote]
type = "prometheus"
url = "http://prometheus.internal:9090"
query = "up"
bearer_token_env = "PROM_TOKEN"

[sources.local]
type = "prometheus"
url = "http://127.0.0.1:9090"
query = "up"
bearer_token_env = "PROM_TOKEN"

[sources.tls]
type = "json"
url = "https://example.com/x.json"
bearer_token_env = "PROM_TOKEN"

[sources.public]
type = "json"
url = "http://example.com/x.json"
"#,
        )
        .unwrap();
        let warned: Vec<&str> = config
            .sources
            .iter()
            .filter(|(name, s)| plain_http_warning(name, s).is_some())
            .map(|(n, _)| n.as_str())
            .collect();
        assert_eq!(warned, ["remote"]);
        let warning = plain_http_warning("remote", &config.sources["remote"]).unwrap();
        assert!(warning.contains("PROM_TOKEN") && warning.contains("https://"), "{warning}");
    }

    #[test]
    fn every_secret_is_redacted_and_nothing_else() {
        let config = Config::parse(
            "[sources.a]\ntype = \"command\"\nargv = [\"x\"]\nenv = [\"A_TOKEN\"]\n\
             [sources.b]\ntype = \"command\"\nargv = [\"x\"]\nenv = [\"B_TOKEN\"]\n",
        )
        .unwrap();
        let mut environment = Environment::default();
        for (name, value) in [("A_TOKEN", "aaa111"), ("B_TOKEN", "bbb222"), ("PATH", "/usr/bin")] {
            environment.variables.insert(name.into(), value.into());
        }
        environment.proxies.https = Some("http://user:pw@proxy:3128".into());
        let redactor = redactor(&config.sources, &BTreeSet::from(["a"]), &environment);
        assert_eq!(
            redactor.redact("aaa111 bbb222 /usr/bin http://user:pw@proxy:3128"),
            "[redacted] bbb222 /usr/bin [redacted]",
            "a source that is not run has no secret here; PATH is not one"
        );
    }
}
