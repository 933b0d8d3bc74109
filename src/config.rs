//! `okr.toml`: file globs, limits, rule severities, grading thresholds,
//! report defaults, the fiscal calendar and `okr sync`'s sources. Every
//! setting is optional.

pub mod sources;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;
use toml::Spanned;

use crate::error::Error;
use crate::findings::{Code, Severity};

/// The settings of okr.toml, each at its default when not written.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Config {
    /// Only to accept the `[rules]` table; see `rules`.
    #[serde(rename = "rules", default)]
    rules_table: toml::Table,
    /// Only to accept the `[sources]` table; see `sources`.
    #[serde(rename = "sources", default)]
    sources_table: toml::Table,
    /// Which files are OKR files (`[files]`).
    pub files: Files,
    /// Sizes the rules hold files to (`[limits]`).
    pub limits: Limits,
    /// Severity per code; `None` turns a rule off. Read by `RawRanges`,
    /// which knows where each entry was written.
    #[serde(skip)]
    pub rules: BTreeMap<Code, Option<Severity>>,
    /// The score thresholds of the grades (`[grading]`).
    pub grading: Grading,
    /// The defaults of `okr report` (`[report]`).
    pub report: ReportDefaults,
    /// The defaults of `okr status` and `okr due` (`[status]`).
    pub status: StatusDefaults,
    /// How periods fall in the calendar (`[periods]`).
    pub periods: Periods,
    /// Where the documentation lives (`[docs]`).
    pub docs: Docs,
    /// Where `okr sync` reads values (`[sources.NAME]`), by name. Read by
    /// `RawRanges`, which knows where each entry was written.
    #[serde(skip)]
    pub sources: BTreeMap<String, sources::Source>,
}

/// `[files]`: gitignore-style globs relative to the repository root.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Files {
    /// The globs of the files okr reads.
    pub include: Vec<String>,
    /// The globs of the files okr leaves out, even when included.
    pub exclude: Vec<String>,
}

/// `[limits]`: the bounds of the counting rules and of a file's size.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Limits {
    /// The fewest key results an objective should have.
    pub key_results_min: usize,
    /// The most key results an objective should have.
    pub key_results_max: usize,
    /// The most objectives a file should have.
    pub objectives_max: usize,
    /// The largest file okr reads, in bytes.
    pub file_size_max: u64,
}

/// `[grading]`: the lowest score of each grade of an aspirational objective.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Grading {
    /// The lowest green score.
    pub green: f64,
    /// The lowest yellow score.
    pub yellow: f64,
}

/// `[report]`: the defaults of `okr report`'s options.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct ReportDefaults {
    /// Days without a check-in after which a key result is stale.
    pub stale_days: u32,
    /// Days after the period's end in which check-ins still count.
    pub grace_days: u32,
}

/// `[status]`: the defaults of `okr status` and `okr due`.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct StatusDefaults {
    /// Days without a check-in after which a key result is due for one.
    pub due_days: u32,
}

/// `[periods]`: where the fiscal year starts.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Periods {
    /// The month (1 to 12) a fiscal year starts in.
    pub fiscal_year_start_month: u32,
}

/// `[docs]`: where okr's documentation is published.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Docs {
    /// The base URL every link okr writes starts from (a rule's page is
    /// `<url>rules/<code>.html`); [`crate::docs::DOCS_URL`] by default.
    pub url: String,
}

impl Default for Docs {
    fn default() -> Docs {
        Docs { url: crate::docs::DOCS_URL.to_owned() }
    }
}

impl Docs {
    /// The address of the page of the rule `code`.
    pub fn rule_url(&self, code: Code) -> String {
        crate::docs::rule_url(&self.url, code.name())
    }
}

impl Default for Config {
    fn default() -> Config {
        Config {
            rules_table: toml::Table::new(),
            sources_table: toml::Table::new(),
            files: Files::default(),
            limits: Limits::default(),
            rules: BTreeMap::new(),
            grading: Grading::default(),
            report: ReportDefaults::default(),
            status: StatusDefaults::default(),
            periods: Periods::default(),
            docs: Docs::default(),
            sources: BTreeMap::new(),
        }
    }
}

impl Default for Files {
    fn default() -> Files {
        Files { include: vec!["**/*.okr.yaml".into(), "**/*.okr.yml".into()], exclude: Vec::new() }
    }
}

impl Default for Limits {
    fn default() -> Limits {
        Limits { key_results_min: 2, key_results_max: 5, objectives_max: 5, file_size_max: 4 * 1024 * 1024 }
    }
}

impl Default for Grading {
    fn default() -> Grading {
        Grading { green: 0.7, yellow: 0.4 }
    }
}

impl Default for ReportDefaults {
    fn default() -> ReportDefaults {
        ReportDefaults { stale_days: 21, grace_days: 14 }
    }
}

impl Default for StatusDefaults {
    fn default() -> StatusDefaults {
        // The weekly rhythm of check-ins.
        StatusDefaults { due_days: 7 }
    }
}

impl Default for Periods {
    fn default() -> Periods {
        Periods { fiscal_year_start_month: 1 }
    }
}

impl Config {
    /// The severity a finding of `code` is reported at, or `None` when off.
    pub fn severity(&self, code: Code) -> Option<Severity> {
        self.rules.get(&code).copied().unwrap_or(Some(code.default_severity()))
    }

    /// Read `path`; a missing file at the default location is the default config.
    pub fn load(path: &Path, must_exist: bool) -> Result<Config, Error> {
        let text = match std::fs::read_to_string(path) {
            Ok(text) => text,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound && !must_exist => return Ok(Config::default()),
            Err(source) => return Err(Error::Io { path: path.to_owned(), source }),
        };
        Config::read(&text, path)
    }

    /// Parse and validate `text`, the contents of `path` (a file, or
    /// `REV:okr.toml` for one in git history): an error names `path` and
    /// the line and column.
    pub fn read(text: &str, path: &Path) -> Result<Config, Error> {
        Config::parse(text).map_err(|(span, message)| {
            let (line, column) = line_column(text, span.start);
            Error::Config { path: path.to_owned(), line, column, message }
        })
    }

    /// Parse and validate; an error comes with the byte range it is about.
    pub fn parse(text: &str) -> Result<Config, (std::ops::Range<usize>, String)> {
        let raw: RawRanges = toml::from_str(text).map_err(|e| (e.span().unwrap_or(0..0), e.message().to_owned()))?;
        let mut config: Config =
            toml::from_str(text).map_err(|e| (e.span().unwrap_or(0..0), e.message().to_owned()))?;
        config.rules = raw.rules()?;
        config.rules_table.clear();
        config.sources = sources::read(&raw.sources)?;
        config.sources_table.clear();
        raw.validate(&config)?;
        Ok(config)
    }
}

/// The configuration's file name, at the repository root.
pub const DEFAULT_NAME: &str = "okr.toml";

/// The default config location: `okr.toml` at the root.
pub fn default_path(root: &Path) -> PathBuf {
    root.join(DEFAULT_NAME)
}

/// The settings whose ranges depend on each other, with their positions, to
/// point a range error at its line.
#[derive(Deserialize, Default)]
#[serde(default)]
struct RawRanges {
    rules: BTreeMap<Spanned<String>, Spanned<toml::Value>>,
    limits: Option<RawLimits>,
    grading: Option<RawGrading>,
    periods: Option<RawPeriods>,
    docs: Option<RawDocs>,
    sources: sources::RawSources,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct RawDocs {
    url: Option<Spanned<toml::Value>>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct RawLimits {
    key_results_min: Option<Spanned<toml::Value>>,
    key_results_max: Option<Spanned<toml::Value>>,
    objectives_max: Option<Spanned<toml::Value>>,
    file_size_max: Option<Spanned<toml::Value>>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct RawGrading {
    green: Option<Spanned<toml::Value>>,
    yellow: Option<Spanned<toml::Value>>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct RawPeriods {
    fiscal_year_start_month: Option<Spanned<toml::Value>>,
}

impl RawRanges {
    fn rules(&self) -> Result<BTreeMap<Code, Option<Severity>>, (std::ops::Range<usize>, String)> {
        self.rules
            .iter()
            .map(|(name, level)| {
                let code = Code::from_name(name.get_ref()).ok_or_else(|| {
                    let known: Vec<_> = Code::ALL.iter().map(|c| c.name()).collect();
                    (name.span(), format!("unknown rule `{}`; the rules are: {}", name.get_ref(), known.join(", ")))
                })?;
                let severity = match level.get_ref().as_str() {
                    Some("error") => Some(Severity::Error),
                    Some("warning") => Some(Severity::Warning),
                    Some("off") => None,
                    _ => {
                        let message = format!("the severity of `{code}` is \"error\", \"warning\" or \"off\"");
                        return Err((level.span(), message));
                    }
                };
                if code.always_an_error() && severity != Some(Severity::Error) {
                    let written = level.get_ref().as_str().unwrap_or_default();
                    let message = format!(
                        "`{code}` cannot be \"{written}\": a file okr cannot read, or reads wrong, would drop out \
                         of every score and report without failing the run; remove this line \
                         (`yaml-syntax` and `schema` are always errors)"
                    );
                    return Err((level.span(), message));
                }
                Ok((code, severity))
            })
            .collect()
    }

    fn validate(&self, config: &Config) -> Result<(), (std::ops::Range<usize>, String)> {
        let at = |value: &Option<Spanned<toml::Value>>| value.as_ref().map_or(0..0, |v| v.span());
        let limits = self.limits.as_ref();
        let grading = self.grading.as_ref();
        let checks = [
            (
                config.limits.key_results_min > config.limits.key_results_max,
                limits.map(|l| at(&l.key_results_min)),
                "`key_results_min` is above `key_results_max`",
            ),
            (
                config.limits.key_results_max == 0,
                limits.map(|l| at(&l.key_results_max)),
                "`key_results_max` must be at least 1",
            ),
            (
                config.limits.objectives_max == 0,
                limits.map(|l| at(&l.objectives_max)),
                "`objectives_max` must be at least 1",
            ),
            (
                config.limits.file_size_max == 0,
                limits.map(|l| at(&l.file_size_max)),
                "`file_size_max` must be at least 1",
            ),
            (
                !(0.0..=1.0).contains(&config.grading.green),
                grading.map(|g| at(&g.green)),
                "`green` is a score between 0 and 1",
            ),
            (
                !(0.0..=1.0).contains(&config.grading.yellow) || config.grading.yellow > config.grading.green,
                grading.map(|g| at(&g.yellow)),
                "`yellow` is a score between 0 and `green`",
            ),
            (
                !(1..=12).contains(&config.periods.fiscal_year_start_month),
                self.periods.as_ref().map(|p| at(&p.fiscal_year_start_month)),
                "`fiscal_year_start_month` is a month, 1 to 12",
            ),
            (
                !crate::docs::is_valid_base(&config.docs.url),
                self.docs.as_ref().map(|d| at(&d.url)),
                "`url` is the documentation's web address, starting with https:// (or http://), \
                 without spaces, quotes or angle brackets",
            ),
        ];
        match checks.into_iter().find(|(bad, _, _)| *bad) {
            Some((_, span, message)) => Err((span.unwrap_or(0..0), message.to_owned())),
            None => Ok(()),
        }
    }
}

fn line_column(text: &str, byte: usize) -> (usize, usize) {
    let before = &text[..byte.min(text.len())];
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().unwrap_or("").chars().count() + 1;
    (line, column)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn error_line(text: &str) -> (usize, String) {
        let (span, message) = Config::parse(text).unwrap_err();
        (line_column(text, span.start).0, message)
    }

    #[test]
    fn defaults() {
        let config = Config::parse("").unwrap();
        assert_eq!(config, Config::default());
        assert_eq!(config.severity(Code::KrCount), Some(Severity::Error));
    }

    #[test]
    fn the_docs_url_is_a_web_address() {
        let config = Config::parse("[docs]\nurl = \"https://example.com/okr\"\n").unwrap();
        assert_eq!(config.docs.rule_url(Code::KrKpi), "https://example.com/okr/rules/kr-kpi.html");
        assert_eq!(Config::default().docs.url, crate::docs::DOCS_URL);
        let text = "[docs]\nurl = \"javascript:alert(1)\"\n";
        let (line, message) = error_line(text);
        assert_eq!(line, 2);
        assert!(message.contains("https://"), "{message}");
        assert!(Config::parse("[docs]\nlink = \"https://x\"\n").is_err(), "unknown keys are refused");
    }

    #[test]
    fn rule_severities() {
        let config = Config::parse("[rules]\nobjective-measurable = \"error\"\nkr-kpi = \"off\"\n").unwrap();
        assert_eq!(config.severity(Code::ObjectiveMeasurable), Some(Severity::Error));
        assert_eq!(config.severity(Code::KrKpi), None);
    }

    #[test]
    fn yaml_syntax_and_schema_cannot_be_switched_off_or_lowered() {
        // They used to be accepted: a broken file then vanished with exit 0.
        for code in ["yaml-syntax", "schema"] {
            for level in ["off", "warning"] {
                let text = format!("[rules]\nkr-kpi = \"off\"\n{code} = \"{level}\"\n");
                let (span, message) = Config::parse(&text).unwrap_err();
                assert_eq!(line_column(&text, span.start), (3, code.len() + 4), "{code} = {level}: at the value");
                assert!(message.contains(&format!("`{code}` cannot be \"{level}\"")), "{message}");
                assert!(message.contains("remove this line"), "{message}");
            }
            let config = Config::parse(&format!("[rules]\n{code} = \"error\"\n")).unwrap();
            assert_eq!(config.severity(Code::from_name(code).unwrap()), Some(Severity::Error), "{code}");
        }
        // Every other rule still can.
        for code in Code::ALL.iter().filter(|c| !c.always_an_error()) {
            assert!(Config::parse(&format!("[rules]\n{code} = \"off\"\n")).is_ok(), "{code}");
        }
    }

    #[test]
    fn sources_are_read_with_their_defaults() {
        let text = r#"
[sources.p95-latency]
type = "prometheus"
url = "http://prometheus.internal:9090"
query = 'histogram_quantile(0.95, x)'
bearer_token_env = "PROM_TOKEN"
scale = 1000

[sources.open-bugs]
type = "command"
argv = ["gh", "issue", "list", ";", "rm"]
env = ["GH_TOKEN"]
timeout_s = 5

[sources.nps]
type = "json"
path = "metrics/nps.json"
pointer = "/nps/current"
"#;
        let config = Config::parse(text).unwrap();
        let p95 = &config.sources["p95-latency"];
        assert_eq!(p95.type_name(), "prometheus");
        assert_eq!((p95.scale, p95.timeout_s), (Some(1000.0), sources::DEFAULT_TIMEOUT_S));
        assert_eq!(p95.secret_variables(), ["PROM_TOKEN"]);
        let bugs = &config.sources["open-bugs"];
        assert_eq!(
            bugs.fetch,
            sources::Fetch::Command {
                argv: ["gh", "issue", "list", ";", "rm"].map(String::from).to_vec(),
                env: vec!["GH_TOKEN".into()],
            }
        );
        assert_eq!(bugs.timeout_s, 5);
        let nps = &config.sources["nps"];
        assert!(matches!(&nps.fetch, sources::Fetch::Json { location: sources::JsonLocation::File(p), pointer, .. }
            if p == "metrics/nps.json" && pointer == "/nps/current"));
    }

    #[test]
    fn an_address_in_a_json_sources_path_was_refused_it_is_read_as_url() {
        let text = "[sources.web]\ntype = \"json\"\npath = \"https://metrics.example/nps.json\"\n\
                    bearer_token_env = \"NPS_TOKEN\"\n\n\
                    [sources.same]\ntype = \"json\"\nurl = \"https://metrics.example/nps.json\"\n\
                    bearer_token_env = \"NPS_TOKEN\"\n";
        let config = Config::parse(text).unwrap();
        assert!(
            matches!(&config.sources["web"].fetch, sources::Fetch::Json { location: sources::JsonLocation::Url(u), .. }
            if u == "https://metrics.example/nps.json")
        );
        assert_eq!(config.sources["web"], config.sources["same"], "`path` with an address is `url`");
        let (line, message) = error_line("[sources.a]\ntype = \"json\"\npath = \"ftp://host/a.json\"\n");
        assert_eq!(line, 3);
        assert!(message.contains("or an http:// or https:// address"), "{message}");
    }

    #[test]
    fn a_bad_source_points_at_its_line() {
        let cases = [
            ("[sources.a]\nargv = [\"x\"]\n", 1, "needs a `type`"),
            ("[sources.a]\ntype = \"shell\"\n", 2, "not \"shell\""),
            ("[sources.a]\ntype = \"command\"\nargv = []\n", 3, "`argv`"),
            ("[sources.a]\ntype = \"command\"\nargv = [\"x\"]\nquery = \"up\"\n", 4, "unknown key `query`"),
            ("[sources.a]\ntype = \"command\"\nargv = [\"x\"]\nenv = [\"A=B\"]\n", 4, "not an environment"),
            ("[sources.a]\ntype = \"command\"\nargv = [\"x\"]\ntimeout_s = 0\n", 4, "timeout_s"),
            ("[sources.a]\ntype = \"json\"\npath = \"../secrets.json\"\n", 3, "inside the repository"),
            ("[sources.a]\ntype = \"json\"\npath = \"/etc/passwd\"\n", 3, "inside the repository"),
            ("[sources.a]\ntype = \"json\"\npath = \"a.json\"\npointer = \"x\"\n", 4, "RFC 6901"),
            ("[sources.a]\ntype = \"prometheus\"\nurl = \"file:///etc\"\nquery = \"up\"\n", 3, "http://"),
            ("[sources.a]\ntype = \"prometheus\"\nurl = \"http://p\"\n", 1, "needs `query`"),
            ("[sources.\"two words\"]\ntype = \"command\"\nargv = [\"x\"]\n", 1, "not a source name"),
        ];
        for (text, line, words) in cases {
            let (at, message) = error_line(text);
            assert_eq!(at, line, "{text}: {message}");
            assert!(message.contains(words), "{text}: {message}");
        }
    }

    #[test]
    fn errors_point_at_their_line() {
        let (line, message) = error_line("[rules]\n\nno-such-rule = \"error\"\n");
        assert_eq!(line, 3, "{message}");
        assert!(message.contains("unknown rule"));
        let (line, message) = error_line("[limits]\nkey_results_min = 6\nkey_results_max = 3\n");
        assert_eq!(line, 2, "{message}");
        let (line, _) = error_line("[periods]\nfiscal_year_start_month = 13\n");
        assert_eq!(line, 2);
        let (line, message) = error_line("[grading]\ngreen = 0.7\nyelow = 0.4\n");
        assert_eq!(line, 3, "{message}");
        let (line, _) = error_line("[report]\nstale_days = \"x\"\n");
        assert_eq!(line, 2);
    }
}
