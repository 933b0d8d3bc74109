//! `okr lsp` in real editors' clients: Neovim's built-in client (headless,
//! with the configuration of `editors/neovim/okr.lua`) receives the
//! diagnostics, a completion and a hover; the VS Code extension of
//! `editors/vscode` packages with vsce and does not pull the diagnostics of
//! the open documents okr pushes; Helix's configuration names the server.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::lsp::examples;
use crate::support;

#[test]
fn neovim_receives_diagnostics_a_completion_and_a_hover() {
    let nvim = std::env::var_os("OKR_NVIM").map_or_else(|| PathBuf::from("nvim"), PathBuf::from);
    if Command::new(&nvim).arg("--version").output().is_err() {
        return support::skip("`nvim` is not on PATH (nor OKR_NVIM set); Neovim's LSP client is not tried");
    }
    let dir = examples();
    let script = support::repo().join("tests/editor/nvim_lsp.lua");
    let mut command = Command::new(&nvim);
    command
        .args(["--headless", "--noplugin", "-u", "NONE", "-i", "NONE", "-n", "-c"])
        .arg(format!("luafile {}", script.display()))
        .current_dir(dir.path())
        .env("OKR_BIN", env!("CARGO_BIN_EXE_okr"))
        .env("OKR_DIR", dir.path().canonicalize().expect("the copy"))
        .env("OKR_REPO", support::repo())
        .env("OKR_TODAY", "2026-08-15");
    let output = support::finishes(command);
    let said = format!("{}{}", support::stdout(&output), support::stderr(&output));
    assert!(output.status.success(), "{said}");
    assert!(said.contains("diagnostics, completion and hover received"), "{said}");
}

#[test]
fn the_vscode_extension_packages_with_vsce() {
    let Some(modules) = std::env::var_os("OKR_VSCODE_MODULES").map(PathBuf::from) else {
        return support::skip("OKR_VSCODE_MODULES is not set; the VS Code extension is not packaged");
    };
    // Packaged where its dependencies were installed (npm reads them from
    // the package's own directory): the extension's files copied beside them.
    let installed = modules.parent().expect("the package directory");
    let extension = support::repo().join("editors/vscode");
    let lock = "package-lock.json";
    let (ours, theirs) = (std::fs::read(extension.join(lock)), std::fs::read(installed.join(lock)));
    assert_eq!(ours.expect(lock), theirs.expect(lock), "{lock} changed since .ci/run installed it: run .ci/run");
    for file in ["package.json", "extension.js", "README.md", ".vscodeignore"] {
        std::fs::copy(extension.join(file), installed.join(file)).expect("copy");
    }
    let dir = tempfile::tempdir().expect("temp dir");
    let vsix_path = dir.path().join("okr.vsix");
    let mut command = Command::new("node");
    command
        .arg(modules.join("@vscode/vsce/vsce"))
        .args(["package", "--allow-missing-repository", "--skip-license", "--out"])
        .arg(&vsix_path)
        .current_dir(installed);
    let output = support::finishes(command);
    assert!(output.status.success(), "{}{}", support::stdout(&output), support::stderr(&output));
    let vsix = std::fs::read(&vsix_path).expect("okr.vsix written");
    assert!(vsix.starts_with(b"PK"), "a zip");
    // A zip's central directory names its files as they are.
    for name in ["extension/extension.js", "extension/package.json", "extension/node_modules/vscode-languageclient/"] {
        assert!(contains(&vsix, name.as_bytes()), "{name} is packaged");
    }
    assert!(!contains(&vsix, b"extension/node_modules/@vscode/vsce/"), "the packager is not");
}

/// okr lsp pushes the open documents' diagnostics to every client; VS
/// Code's client, which keeps pulled diagnostics apart from pushed ones,
/// must not also pull them, or it shows each finding twice.
#[test]
fn the_vscode_extension_does_not_pull_the_open_documents_okr_pushes() {
    if Command::new("node").arg("--version").output().is_err() {
        return support::skip("`node` is not on PATH; the VS Code extension's middleware is not tried");
    }
    let mut command = Command::new("node");
    command
        .arg(support::repo().join("tests/editor/vscode_extension.js"))
        .arg(support::repo().join("editors/vscode/extension.js"));
    let output = support::finishes(command);
    assert!(output.status.success(), "{}", support::stderr(&output));
    let said: serde_json::Value = serde_json::from_str(&support::stdout(&output)).expect("JSON");
    let pull_options = serde_json::json!({ "onChange": false, "onSave": false, "onTabs": false });
    assert_eq!(said["pullOptions"], pull_options, "{said}");
    assert_eq!(said["openDocument"], serde_json::json!({ "kind": "full", "items": [] }), "{said}");
    // A resource with no document is not open in the server: it is asked.
    assert_eq!(said["resource"]["items"], serde_json::json!(["from the server"]), "{said}");
    assert_eq!(said["asked"], serde_json::json!(["resource"]), "{said}");
    assert_eq!(said["workspaceMiddleware"], false, "the workspace pull is left as it is: {said}");
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|window| window == needle)
}

#[test]
fn the_extension_and_the_editor_configurations_start_okr_lsp() {
    let editors = support::repo().join("editors");
    let read = |path: &str| std::fs::read_to_string(editors.join(path)).expect(path);
    let helix: toml::Table = toml::from_str(&read("helix/languages.toml")).expect("TOML");
    let server = &helix["language-server"]["okr"];
    assert_eq!((server["command"].as_str(), server["args"].as_array().map(Vec::len)), (Some("okr"), Some(1)));
    assert_eq!(server["args"][0].as_str(), Some("lsp"));
    let yaml = helix["language"].as_array().expect("languages").iter().find(|l| l["name"].as_str() == Some("yaml"));
    let servers = yaml.expect("yaml")["language-servers"].as_array().expect("servers");
    assert!(servers.iter().any(|s| s.as_str() == Some("okr")));
    // VS Code's client passes --stdio itself (TransportKind.stdio).
    let extension = read("vscode/extension.js");
    assert!(extension.contains("args: ['lsp']") && extension.contains("TransportKind.stdio"), "{extension}");
    let package: serde_json::Value = serde_json::from_str(&read("vscode/package.json")).expect("JSON");
    let lock: serde_json::Value = serde_json::from_str(&read("vscode/package-lock.json")).expect("JSON");
    for (name, version) in
        package["dependencies"].as_object().unwrap().iter().chain(package["devDependencies"].as_object().unwrap())
    {
        assert_eq!(&lock["packages"][format!("node_modules/{name}")]["version"], version, "{name} pinned in the lock");
    }
    assert!(read("neovim/okr.lua").contains("'okr', 'lsp', '--stdio'"));
    assert!(Path::new(&editors.join("vscode/README.md")).exists());
}
