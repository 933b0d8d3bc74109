//! `[sources.NAME]` of okr.toml: where `okr sync` reads a key result's
//! value. Sources live only in okr.toml, the repository's reviewed
//! configuration, never in OKR files: a pull request to a team's file can
//! name a source but cannot make CI run a command or query a server.
//!
//! Secrets never appear here: a source names the environment variables that
//! hold them (`bearer_token_env`, `env`), and the binary reads their values.

use std::collections::BTreeMap;
use std::ops::Range;

use toml::Spanned;

/// The longest a source may take when okr.toml does not say (`timeout_s`).
pub const DEFAULT_TIMEOUT_S: u64 = 30;
/// The longest `timeout_s` okr.toml may set: an hour.
const MAX_TIMEOUT_S: u64 = 3600;

/// One declared source: how to fetch a value, a factor to scale it by, and
/// how long it may take.
#[derive(Debug, Clone, PartialEq)]
pub struct Source {
    /// What to ask, and where.
    pub fetch: Fetch,
    /// A factor the value is multiplied by (`scale = 1000` for seconds to
    /// milliseconds); `None` is 1. Not applied to a boolean.
    pub scale: Option<f64>,
    /// Seconds the source may take before it is given up (and a command killed).
    pub timeout_s: u64,
}

/// How a source fetches its value.
#[derive(Debug, Clone, PartialEq)]
pub enum Fetch {
    /// An instant query over Prometheus' HTTP API (`/api/v1/query`).
    Prometheus {
        /// The server's base address, `http(s)://host:port[/prefix]`.
        url: String,
        /// The PromQL expression; its result must be one sample.
        query: String,
        /// The environment variable holding a bearer token, if any.
        bearer_token_env: Option<String>,
    },
    /// A program run without a shell; it prints a number, true/false, or JSON.
    Command {
        /// The program and its arguments, each passed as written.
        argv: Vec<String>,
        /// The environment variables passed through, besides `PATH` and `HOME`.
        env: Vec<String>,
    },
    /// A JSON document, a file of the repository or an http(s) address, and
    /// the value an RFC 6901 pointer names in it.
    Json {
        /// Where the document is.
        location: JsonLocation,
        /// The RFC 6901 pointer to the value (`""`: the whole document).
        pointer: String,
        /// The environment variable holding a bearer token (URLs only), if any.
        bearer_token_env: Option<String>,
    },
}

/// Where a `json` source's document is.
#[derive(Debug, Clone, PartialEq)]
pub enum JsonLocation {
    /// A file, relative to the repository root, inside it.
    File(String),
    /// An `http://` or `https://` address.
    Url(String),
}

impl Source {
    /// The source's `type`: `prometheus`, `command` or `json`.
    pub fn type_name(&self) -> &'static str {
        match self.fetch {
            Fetch::Prometheus { .. } => "prometheus",
            Fetch::Command { .. } => "command",
            Fetch::Json { .. } => "json",
        }
    }

    /// The environment variables whose values this source uses: its token's
    /// and those it passes through. Every one is a secret, redacted from all
    /// output.
    pub fn secret_variables(&self) -> Vec<&str> {
        match &self.fetch {
            Fetch::Prometheus { bearer_token_env, .. } | Fetch::Json { bearer_token_env, .. } => {
                bearer_token_env.iter().map(String::as_str).collect()
            }
            Fetch::Command { env, .. } => env.iter().map(String::as_str).collect(),
        }
    }

    /// Every setting as (key, value written as TOML) in a fixed order, for
    /// people and for `okr diff` to compare (no secret is in a setting).
    pub fn settings(&self) -> Vec<(&'static str, String)> {
        // JSON's quoting, which TOML reads the same.
        let quoted = |s: &str| serde_json::Value::from(s).to_string();
        let list = |v: &[String]| serde_json::Value::from(v.to_vec());
        let mut out = vec![("type", quoted(self.type_name()))];
        match &self.fetch {
            Fetch::Prometheus { url, query, bearer_token_env } => {
                out.push(("url", quoted(url)));
                out.push(("query", quoted(query)));
                out.extend(bearer_token_env.as_deref().map(|t| ("bearer_token_env", quoted(t))));
            }
            Fetch::Command { argv, env } => {
                out.push(("argv", list(argv).to_string()));
                if !env.is_empty() {
                    out.push(("env", list(env).to_string()));
                }
            }
            Fetch::Json { location, pointer, bearer_token_env } => {
                match location {
                    JsonLocation::File(path) => out.push(("path", quoted(path))),
                    JsonLocation::Url(url) => out.push(("url", quoted(url))),
                }
                out.push(("pointer", quoted(pointer)));
                out.extend(bearer_token_env.as_deref().map(|t| ("bearer_token_env", quoted(t))));
            }
        }
        out.extend(self.scale.map(|s| ("scale", s.to_string())));
        out.push(("timeout_s", self.timeout_s.to_string()));
        out
    }
}

/// A source's name: what a key result's `source:` and the `Okr-Sync:`
/// trailer say. One word (the trailer splits on spaces).
pub fn is_valid_name(name: &str) -> bool {
    !name.is_empty()
        && name.len() <= 64
        && name.starts_with(|c: char| c.is_ascii_alphanumeric())
        && name.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
}

/// An environment variable's name as a shell writes it.
fn is_variable_name(name: &str) -> bool {
    name.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_')
        && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// `[sources]` as written: every key and value with its position.
pub(super) type RawSources = BTreeMap<Spanned<String>, Spanned<BTreeMap<Spanned<String>, Spanned<toml::Value>>>>;

type Failure = (Range<usize>, String);

/// The declared sources, or the first mistake with its position.
pub(super) fn read(raw: &RawSources) -> Result<BTreeMap<String, Source>, Failure> {
    raw.iter().map(|(name, table)| Ok((name.get_ref().clone(), read_one(name, table)?))).collect()
}

fn read_one(
    name: &Spanned<String>,
    table: &Spanned<BTreeMap<Spanned<String>, Spanned<toml::Value>>>,
) -> Result<Source, Failure> {
    if !is_valid_name(name.get_ref()) {
        return Err((
            name.span(),
            format!(
                "`{}` is not a source name: letters, digits, `-`, `_` and `.`, starting with a letter or digit, \
                 at most 64 characters",
                name.get_ref()
            ),
        ));
    }
    let fields: BTreeMap<&str, &Spanned<toml::Value>> =
        table.get_ref().iter().map(|(k, v)| (k.get_ref().as_str(), v)).collect();
    let key_span = |key: &str| table.get_ref().keys().find(|k| k.get_ref() == key).map_or(table.span(), |k| k.span());
    let text = |key: &str| -> Result<Option<String>, Failure> {
        match fields.get(key) {
            None => Ok(None),
            Some(value) => match value.get_ref() {
                toml::Value::String(s) if !s.is_empty() => Ok(Some(s.clone())),
                _ => Err((value.span(), format!("`{key}` is a non-empty string"))),
            },
        }
    };
    let strings = |key: &str| -> Result<Option<Vec<String>>, Failure> {
        let Some(value) = fields.get(key) else { return Ok(None) };
        let wrong = || (value.span(), format!("`{key}` is a list of strings, e.g. [\"a\", \"b\"]"));
        let toml::Value::Array(items) = value.get_ref() else { return Err(wrong()) };
        items.iter().map(|i| i.as_str().map(str::to_owned).ok_or_else(wrong)).collect::<Result<Vec<_>, _>>().map(Some)
    };
    let required = |key: &str, kind: &str| -> Result<String, Failure> {
        text(key)?.ok_or_else(|| (name.span(), format!("source `{}` of type \"{kind}\" needs `{key}`", name.get_ref())))
    };
    let Some(kind) = text("type")? else {
        return Err((
            name.span(),
            format!("source `{}` needs a `type`: \"prometheus\", \"command\" or \"json\"", name.get_ref()),
        ));
    };
    let allowed: &[&str] = match kind.as_str() {
        "prometheus" => &["url", "query", "bearer_token_env"],
        "command" => &["argv", "env"],
        "json" => &["path", "url", "pointer", "bearer_token_env"],
        _ => {
            let span = fields.get("type").map_or(name.span(), |v| v.span());
            return Err((span, format!("`type` is \"prometheus\", \"command\" or \"json\", not \"{kind}\"")));
        }
    };
    if let Some(unknown) = fields.keys().find(|k| !["type", "scale", "timeout_s"].contains(k) && !allowed.contains(k)) {
        return Err((
            key_span(unknown),
            format!(
                "unknown key `{unknown}` for a source of type \"{kind}\"; it takes: {}, scale, timeout_s",
                allowed.join(", ")
            ),
        ));
    }
    let variable = |key: &str| -> Result<Option<String>, Failure> {
        let value = text(key)?;
        match value {
            Some(v) if !is_variable_name(&v) => {
                Err((fields[key].span(), format!("`{key}` names an environment variable, such as PROM_TOKEN")))
            }
            _ => Ok(value),
        }
    };
    let web_address = |key: &str, url: String| -> Result<String, Failure> {
        let rest = url.strip_prefix("https://").or_else(|| url.strip_prefix("http://"));
        match rest {
            Some(rest) if !rest.is_empty() && !url.contains(char::is_whitespace) => Ok(url),
            _ => Err((fields[key].span(), format!("`{key}` is an http:// or https:// address"))),
        }
    };
    let fetch = match kind.as_str() {
        "prometheus" => Fetch::Prometheus {
            url: web_address("url", required("url", &kind)?)?,
            query: required("query", &kind)?,
            bearer_token_env: variable("bearer_token_env")?,
        },
        "command" => {
            let argv = strings("argv")?.unwrap_or_default();
            if argv.is_empty() || argv[0].is_empty() {
                let span = fields.get("argv").map_or(name.span(), |v| v.span());
                return Err((
                    span,
                    "`argv` is the program and its arguments, e.g. [\"gh\", \"issue\", \"list\"]".into(),
                ));
            }
            let env = strings("env")?.unwrap_or_default();
            if let Some(bad) = env.iter().find(|v| !is_variable_name(v)) {
                return Err((fields["env"].span(), format!("`{bad}` in `env` is not an environment variable's name")));
            }
            Fetch::Command { argv, env }
        }
        _ => {
            let location = match (text("path")?, text("url")?) {
                // "A file in the repository or an http(s) URL": an address
                // written as `path` is read as `url` would be.
                (Some(path), None) if path.starts_with("http://") || path.starts_with("https://") => {
                    JsonLocation::Url(web_address("path", path)?)
                }
                (Some(path), None) => {
                    let escapes = path.starts_with('/')
                        || path.starts_with('\\')
                        || path.split(['/', '\\']).any(|part| part == "..")
                        || path.contains(':');
                    if escapes {
                        return Err((
                            fields["path"].span(),
                            "`path` is a file inside the repository, relative to its root, without `..`, \
                             or an http:// or https:// address"
                                .into(),
                        ));
                    }
                    JsonLocation::File(path)
                }
                (None, Some(url)) => JsonLocation::Url(web_address("url", url)?),
                _ => {
                    return Err((
                        name.span(),
                        format!("source `{}` of type \"json\" needs one of `path` (a file) or `url`", name.get_ref()),
                    ))
                }
            };
            let pointer = text("pointer")?.unwrap_or_default();
            if !pointer.is_empty() && !pointer.starts_with('/') {
                return Err((
                    fields["pointer"].span(),
                    "`pointer` is an RFC 6901 pointer: empty, or starting with `/`".into(),
                ));
            }
            let bearer_token_env = variable("bearer_token_env")?;
            if bearer_token_env.is_some() && matches!(location, JsonLocation::File(_)) {
                return Err((
                    key_span("bearer_token_env"),
                    "`bearer_token_env` goes with `url`, not with `path`".into(),
                ));
            }
            Fetch::Json { location, pointer, bearer_token_env }
        }
    };
    let scale = match fields.get("scale") {
        None => None,
        Some(value) => match value.get_ref() {
            toml::Value::Float(f) if f.is_finite() && *f != 0.0 => Some(*f),
            toml::Value::Integer(i) if *i != 0 => Some(*i as f64),
            _ => return Err((value.span(), "`scale` is a number other than 0, e.g. 1000".into())),
        },
    };
    let timeout_s = match fields.get("timeout_s") {
        None => DEFAULT_TIMEOUT_S,
        Some(value) => match value.get_ref() {
            toml::Value::Integer(i) if (1..=MAX_TIMEOUT_S as i64).contains(i) => *i as u64,
            _ => return Err((value.span(), format!("`timeout_s` is a whole number of seconds, 1 to {MAX_TIMEOUT_S}"))),
        },
    };
    Ok(Source { fetch, scale, timeout_s })
}
