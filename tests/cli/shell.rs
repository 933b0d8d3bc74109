//! `okr completions` and `okr man`: the bash script, sourced in bash,
//! completes subcommands; every shell gets a script; the man page names
//! every command.

use std::process::Command;

use crate::support::{has_tool, okr, stdout};

/// What bash offers for `okr WORD<TAB>`, from the script `okr completions bash` writes.
fn bash_completes(word: &str) -> Vec<String> {
    let dir = tempfile::tempdir().expect("temp dir");
    let script = okr(dir.path(), &["completions", "bash"]);
    assert!(script.status.success(), "completions bash: {script:?}");
    let path = dir.path().join("okr.bash");
    std::fs::write(&path, &script.stdout).expect("write the script");
    // bash 4 and later pass the command, the word and the previous word as arguments.
    let probe = format!(
        "source \"$0\"; COMP_WORDS=(okr {word}); COMP_CWORD=1; _okr okr {word} okr; printf '%s\\n' \"${{COMPREPLY[@]}}\""
    );
    let output = Command::new("bash").arg("-c").arg(probe).arg(&path).output().expect("run bash");
    assert!(output.status.success(), "bash: {}", String::from_utf8_lossy(&output.stderr));
    stdout(&output).lines().map(str::to_string).collect()
}

#[test]
fn bash_completes_subcommands() {
    if !has_tool("bash", "the bash completion script is not sourced") {
        return;
    }
    let offered = bash_completes("ch");
    assert!(offered.contains(&"check".to_string()), "{offered:?}");
    assert!(offered.contains(&"checkin".to_string()), "{offered:?}");
    assert!(!offered.contains(&"score".to_string()), "only what starts with `ch`: {offered:?}");
    assert_eq!(bash_completes("ru"), ["rule"]);
}

#[test]
fn every_shell_gets_a_script_naming_okr() {
    let dir = tempfile::tempdir().expect("temp dir");
    for shell in ["bash", "zsh", "fish", "powershell"] {
        let output = okr(dir.path(), &["completions", shell]);
        assert!(output.status.success(), "{shell}: {output:?}");
        let script = stdout(&output);
        assert!(script.contains("okr") && script.contains("checkin"), "{shell}: {script}");
    }
    let output = okr(dir.path(), &["completions", "tcsh"]);
    assert_eq!(output.status.code(), Some(2), "an unknown shell is a usage error");
}

#[test]
fn the_man_page_names_every_command() {
    let dir = tempfile::tempdir().expect("temp dir");
    let output = okr(dir.path(), &["man"]);
    assert!(output.status.success(), "{output:?}");
    let page = stdout(&output);
    assert!(page.contains(".TH okr 1"), "a roff man page: {page}");
    for command in
        ["check", "score", "graph", "report", "diff", "checkin", "new", "init", "carry", "rule", "completions", "man"]
    {
        assert!(page.contains(&format!("okr\\-{command}(1)")), "{command} missing: {page}");
    }
}

#[test]
fn completions_and_man_ignore_a_broken_config() {
    let dir = crate::support::tree(&[("okr.toml", "this is = = not toml")]);
    assert!(okr(dir.path(), &["completions", "bash"]).status.success());
    assert!(okr(dir.path(), &["man"]).status.success());
}
