//! `okr sync` against a real Prometheus (Debian's `prometheus`, found as
//! `OKR_PROMETHEUS` or on PATH; `.ci/run` installs it), started here on
//! 127.0.0.1 with a temporary configuration that scrapes itself and
//! temporary storage, and stopped when the test ends.

use std::net::TcpListener;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use crate::support::*;
use crate::sync_support::*;

struct Prometheus {
    child: Child,
    address: String,
    _dir: tempfile::TempDir,
}

impl Drop for Prometheus {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn binary() -> Option<PathBuf> {
    if let Some(path) = std::env::var_os("OKR_PROMETHEUS").filter(|p| !p.is_empty()) {
        return Some(PathBuf::from(path));
    }
    let found = Command::new("prometheus").arg("--version").stdout(Stdio::null()).stderr(Stdio::null()).status();
    found.is_ok_and(|s| s.success()).then(|| PathBuf::from("prometheus"))
}

/// A Prometheus on a free port of 127.0.0.1 that has scraped itself once,
/// or `None` (and a skip) without the binary.
fn start() -> Option<Prometheus> {
    let Some(binary) = binary() else {
        skip("prometheus is not installed (apt-get install prometheus, or set OKR_PROMETHEUS); okr sync's prometheus sources are not checked against a real server");
        return None;
    };
    let dir = tempfile::tempdir().expect("temp dir");
    let port = TcpListener::bind("127.0.0.1:0").expect("a free port").local_addr().expect("address").port();
    let listen = format!("127.0.0.1:{port}");
    let config = format!(
        "global:\n  scrape_interval: 1s\n  evaluation_interval: 1s\nscrape_configs:\n  - job_name: self\n    \
         static_configs:\n      - targets: ['{listen}']\n"
    );
    write(dir.path(), "prometheus.yml", config.as_bytes());
    let child = Command::new(binary)
        .arg(format!("--config.file={}", dir.path().join("prometheus.yml").display()))
        .arg(format!("--storage.tsdb.path={}", dir.path().join("data").display()))
        .arg(format!("--web.listen-address={listen}"))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("start prometheus");
    let prometheus = Prometheus { child, address: format!("http://{listen}"), _dir: dir };
    // Ready once `up` of its own scrape has a sample: a bounded wait (60 s),
    // not a measurement.
    for _ in 0..300 {
        if up_has_a_sample(&prometheus.address) {
            return Some(prometheus);
        }
        std::thread::sleep(Duration::from_millis(200));
    }
    panic!("prometheus at {} was not ready within 60 seconds", prometheus.address);
}

/// `GET /api/v1/query?query=up` by hand, over a plain socket.
fn up_has_a_sample(address: &str) -> bool {
    use std::io::{Read, Write};
    let Ok(mut stream) = std::net::TcpStream::connect(address.trim_start_matches("http://")) else { return false };
    let _ = stream.set_read_timeout(Some(Duration::from_secs(5)));
    let request = "GET /api/v1/query?query=up HTTP/1.1\r\nhost: x\r\nconnection: close\r\n\r\n";
    if stream.write_all(request.as_bytes()).is_err() {
        return false;
    }
    let mut answer = String::new();
    let _ = stream.read_to_string(&mut answer);
    answer.contains("\"value\":[")
}

#[test]
fn a_prometheus_query_sets_the_value_and_empty_or_several_series_fail_each_key_result() {
    let Some(prometheus) = start() else { return };
    let url = &prometheus.address;
    let config = format!(
        r#"
[sources.build]
type = "prometheus"
url = "{url}"
query = 'prometheus_build_info'
scale = 412

[sources.up-ms]
type = "prometheus"
url = "{url}/"
query = 'sum(up{{job="self"}}) * 0.25'
scale = 1000

[sources.nothing]
type = "prometheus"
url = "{url}"
query = 'up{{job="no-such-job"}}'

[sources.several]
type = "prometheus"
url = "{url}"
query = 'label_replace(up, "copy", "a", "", "") or label_replace(up, "copy", "b", "", "")'

[sources.broken]
type = "prometheus"
url = "{url}"
query = 'sum(('
"#
    );
    let names = ["build", "up-ms", "nothing", "several", "broken"];
    let key_results: String = names.iter().map(|n| progress(n, Some("500"), n)).collect();
    let dir = committed(&[("okr.toml", &config), ("okrs/platform.okr.yaml", &team_file("platform", &key_results))]);
    let output = okr_sync(dir.path(), &["sync", "--format", "json"], &[]);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    let report = json(&output);
    let result = |name: &str| {
        report["results"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["source"] == name)
            .unwrap_or_else(|| panic!("{name} in {report:#}"))
            .clone()
    };
    assert_eq!(result("build")["new"], 412, "prometheus_build_info is 1, scaled");
    assert_eq!(result("up-ms")["new"], 250);
    let nothing = result("nothing");
    assert_eq!(nothing["error"]["reason"], "the query returned no series (an empty result)");
    assert!(nothing["error"]["returned"].as_str().unwrap().contains("\"result\":[]"), "{nothing}");
    let several = result("several")["error"]["reason"].as_str().unwrap().to_owned();
    assert!(several.starts_with("the query returned 2 series ("), "{several}");
    assert!(several.contains("\"copy\":\"a\"") && several.contains("\"copy\":\"b\""), "{several}");
    let broken = result("broken")["error"]["reason"].as_str().unwrap().to_owned();
    assert!(broken.starts_with("the server answered HTTP 400"), "{broken}");
    let file = std::fs::read_to_string(dir.path().join("okrs/platform.okr.yaml")).unwrap();
    assert!(file.contains("        current: 412\n        source: build"), "{file}");
    assert!(file.contains("        current: 250\n        source: up-ms"), "{file}");
    assert!(file.contains("        current: 500\n        source: nothing"), "{file}");
}
