//! The schema in a real editor's language server: yaml-language-server (npm),
//! driven over stdio by tests/editor/yaml_ls.js, shows the schema's
//! descriptions on hover, offers a progress key result none of another
//! kind's fields, and flags a bad value. `.ci/run` installs the server and
//! names its package directory in `OKR_YAML_LANGUAGE_SERVER`.

use std::process::Command;

use crate::support::*;

#[test]
fn yaml_language_server_hovers_completes_and_flags_with_the_schema() {
    let Some(server) = std::env::var_os("OKR_YAML_LANGUAGE_SERVER").map(std::path::PathBuf::from) else {
        skip("OKR_YAML_LANGUAGE_SERVER is not set; the schema is not tried in yaml-language-server");
        return;
    };
    if !server.join("bin/yaml-language-server").is_file() {
        skip(&format!("no yaml-language-server package at {}", server.display()));
        return;
    }
    if !has_tool("node", "the schema is not tried in yaml-language-server") {
        return;
    }
    let output = Command::new("node")
        .current_dir(repo())
        .arg("tests/editor/yaml_ls.js")
        .arg(&server)
        .arg("schema/okr.schema.json")
        .arg("tests/fixtures/editor/example.okr.yaml")
        .output()
        .expect("run node");
    assert_eq!(output.status.code(), Some(0), "{}{}", stdout(&output), stderr(&output));
}
