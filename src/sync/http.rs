//! GET over HTTP(S) for the `prometheus` and `json` sources: rustls, the
//! proxies the caller gives (the binary reads them from the environment; the
//! client is told not to), a timeout for the whole exchange, a bounded body.

use std::time::Duration;

use crate::sync::SourceError;

/// The largest response body okr reads.
const BODY_LIMIT: u64 = 16 << 20;

/// The proxies of the environment (`HTTPS_PROXY`, `HTTP_PROXY`,
/// `ALL_PROXY`, `NO_PROXY`), as the binary read them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Proxies {
    /// For `http://` addresses.
    pub http: Option<String>,
    /// For `https://` addresses.
    pub https: Option<String>,
    /// For either, when the one of its scheme is not set.
    pub all: Option<String>,
    /// Hosts reached directly, comma-separated (`NO_PROXY`).
    pub no_proxy: Option<String>,
}

impl Proxies {
    /// Every proxy address given, which may hold a password: secrets to redact.
    pub fn addresses(&self) -> impl Iterator<Item = &str> {
        [&self.http, &self.https, &self.all].into_iter().flatten().map(String::as_str)
    }
}

/// One GET: the address, its query parameters, a bearer token.
pub struct Get<'a> {
    /// `http://` or `https://`.
    pub url: &'a str,
    /// Query parameters, encoded by the client.
    pub query: &'a [(&'a str, &'a str)],
    /// Sent as `Authorization: Bearer …`.
    pub token: Option<&'a str>,
    /// For the whole exchange: connecting, sending, reading.
    pub timeout: Duration,
}

/// The response body of a 2xx answer.
pub fn get(request: &Get<'_>, proxies: &Proxies) -> Result<Vec<u8>, SourceError> {
    let failed = |reason: String| SourceError::new(reason, Vec::new());
    let proxy = proxy_for(request.url, proxies).map_err(|reason| failed(format!("the proxy setting: {reason}")))?;
    let config = ureq::Agent::config_builder()
        .timeout_global(Some(request.timeout))
        .http_status_as_error(false)
        // A token is never carried on to wherever a redirect points.
        .max_redirects(if request.token.is_some() { 0 } else { 5 })
        .proxy(proxy)
        .user_agent(concat!("okr/", env!("CARGO_PKG_VERSION")))
        .build();
    let agent = ureq::Agent::new_with_config(config);
    let mut call = agent.get(request.url);
    for (key, value) in request.query {
        call = call.query(*key, *value);
    }
    if let Some(token) = request.token {
        call = call.header("Authorization", format!("Bearer {token}"));
    }
    let mut response = call.call().map_err(|e| failed(describe(&e, request.timeout)))?;
    let status = response.status();
    let body = response
        .body_mut()
        .with_config()
        .limit(BODY_LIMIT)
        .read_to_vec()
        .map_err(|e| failed(describe(&e, request.timeout)))?;
    if !status.is_success() {
        return Err(SourceError::new(format!("the server answered HTTP {}", status.as_u16()), body));
    }
    Ok(body)
}

fn describe(error: &ureq::Error, timeout: Duration) -> String {
    match error {
        ureq::Error::Timeout(_) => format!("no answer within {}s", timeout.as_secs()),
        ureq::Error::BodyExceedsLimit(limit) => format!("the answer is larger than {limit} bytes"),
        other => format!("the request failed: {other}"),
    }
}

/// The proxy for `url`'s scheme, with `NO_PROXY`; loopback addresses are
/// always reached directly.
fn proxy_for(url: &str, proxies: &Proxies) -> Result<Option<ureq::Proxy>, String> {
    let chosen = if url.starts_with("https://") { &proxies.https } else { &proxies.http };
    let Some(address) = chosen.as_ref().or(proxies.all.as_ref()).filter(|a| !a.is_empty()) else { return Ok(None) };
    // The address may hold a password: the error says only what is wrong.
    let parsed = ureq::Proxy::new(address).map_err(|_| "not a proxy address".to_owned())?;
    let mut builder = ureq::Proxy::builder(parsed.protocol()).host(parsed.host()).port(parsed.port());
    if let Some(user) = parsed.username() {
        builder = builder.username(user);
    }
    if let Some(password) = parsed.password() {
        builder = builder.password(password);
    }
    let local = ["localhost", "127.0.0.1", "::1", "[::1]"];
    let listed = proxies.no_proxy.iter().flat_map(|n| n.split(',')).map(str::trim).filter(|n| !n.is_empty());
    for host in local.into_iter().chain(listed) {
        builder = builder.no_proxy(host);
    }
    builder.build().map(Some).map_err(|_| "not a proxy address".to_owned())
}

/// Whether `url` names this machine (`localhost`, `127.x.x.x`, `[::1]`):
/// plain HTTP there never crosses a network.
pub fn is_local(url: &str) -> bool {
    let rest = url.split_once("://").map_or(url, |(_, rest)| rest);
    let authority = rest.split(['/', '?', '#']).next().unwrap_or("");
    let host_port = authority.rsplit_once('@').map_or(authority, |(_, h)| h);
    let host = if host_port.starts_with('[') {
        host_port.split(']').next().map(|h| &h[1..]).unwrap_or("")
    } else {
        host_port.split(':').next().unwrap_or("")
    };
    let host = host.to_ascii_lowercase();
    host == "localhost"
        || host.ends_with(".localhost")
        || host.parse::<std::net::IpAddr>().is_ok_and(|ip| ip.is_loopback())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn local_hosts() {
        for local in ["http://localhost:9090", "http://127.0.0.1:1/x", "http://[::1]:80", "http://u:p@LOCALHOST"] {
            assert!(is_local(local), "{local}");
        }
        for remote in [
            "http://prometheus.internal:9090",
            "http://127.0.0.1.evil.com",
            "http://10.0.0.1",
            "http://localhost.evil.com",
        ] {
            assert!(!is_local(remote), "{remote}");
        }
    }
}
