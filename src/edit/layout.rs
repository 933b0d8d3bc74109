//! Where new OKR files go, and the schema modeline at their top.
//!
//! Without `--dir`, a team's new file follows the layout of its latest
//! existing file: `teams/platform/2026-Q3.okr.yaml` leads to
//! `teams/platform/2026-Q4.okr.yaml`, `okrs/2026-Q3/platform.okr.yaml` to
//! `okrs/2026-Q4/platform.okr.yaml`. A team without files, or with a layout
//! okr cannot read, gets `okrs/<period>/<team>.okr.yaml` under the root.

use std::path::{Component, Path, PathBuf};

use crate::period::Period;

/// `DIR/<team>.okr.yaml`.
pub fn in_dir(dir: &Path, team: &str) -> PathBuf {
    dir.join(format!("{team}.okr.yaml"))
}

/// Where `team`'s file for `period` goes, following the layout of `existing`
/// (the team's files with their periods), the latest period first.
pub fn default_target(root: &Path, team: &str, period: Period, existing: &[(PathBuf, Period)]) -> PathBuf {
    let latest = existing.iter().max_by_key(|(_, p)| (p.dates(1).0, std::cmp::Reverse(p.days(1))));
    latest
        .and_then(|(path, from)| follow(path, *from, period))
        .unwrap_or_else(|| in_dir(&root.join("okrs").join(period.to_string()), team))
}

/// The path for `period` in the layout of `path`, a file for `from`.
fn follow(path: &Path, from: Period, period: Period) -> Option<PathBuf> {
    let name = path.file_name()?.to_str()?;
    let from = from.to_string();
    // teams/platform/2026-Q3.okr.yaml: the period names the file.
    if let Some(extension) = name.strip_prefix(from.as_str()).filter(|rest| rest.starts_with(".okr.")) {
        return Some(path.with_file_name(format!("{period}{extension}")));
    }
    // okrs/2026-Q3/platform.okr.yaml: the period names the directory.
    let dir = path.parent()?;
    if dir.file_name()?.to_str()? == from {
        return Some(dir.with_file_name(period.to_string()).join(name));
    }
    None
}

/// Where a repository keeps okr's JSON Schema for editors: `okr init` and
/// `okr new` write it there when it is missing.
pub fn schema_path(root: &Path) -> PathBuf {
    root.join("schema").join("okr.schema.json")
}

/// The first line of a new file: a `yaml-language-server` modeline pointing
/// at the repository's schema ([`schema_path`]), relative to the file. A
/// path with a line break or another control character cannot be written in
/// a comment: then a comment says how to point at the schema.
pub fn modeline(root: &Path, file: &Path) -> String {
    let dir = normalise(file.parent().unwrap_or(root));
    let relative = crate::load::display_path(&normalise(&schema_path(root)), &dir);
    if relative.chars().any(char::is_control) {
        return "# For completion in editors, point a `# yaml-language-server: $schema=…` modeline\n\
                # here at schema/okr.schema.json at the repository root.\n"
            .to_owned();
    }
    format!("# yaml-language-server: $schema={relative}\n")
}

/// `path` without `.` and with `..` applied, without touching the disk (the
/// directory may not exist yet).
pub fn normalise(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for component in path.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir => {
                if !out.pop() {
                    out.push("..");
                }
            }
            other => out.push(other),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn period(text: &str) -> Period {
        text.parse().unwrap()
    }

    #[test]
    fn the_modeline_is_relative_to_the_file_and_never_breaks_the_line() {
        let root = Path::new("/repo");
        assert_eq!(
            modeline(root, Path::new("/repo/teams/platform/2026-Q4.okr.yaml")),
            "# yaml-language-server: $schema=../../schema/okr.schema.json\n"
        );
        assert_eq!(
            modeline(root, Path::new("/repo/a.okr.yaml")),
            "# yaml-language-server: $schema=schema/okr.schema.json\n"
        );
        // A line break in a directory's name would end the comment and start YAML.
        let text = modeline(Path::new("/re\npo: x"), Path::new("/elsewhere/a.okr.yaml"));
        assert!(text.lines().all(|line| line.starts_with("# ")), "{text:?}");
        assert!(!text.contains("$schema=/"), "{text:?}");
    }

    #[test]
    fn follows_the_team_layout() {
        let root = Path::new("/repo");
        let q3 = period("2026-Q3");
        let q4 = period("2026-Q4");
        let by_file = [(PathBuf::from("/repo/teams/platform/2026-Q3.okr.yaml"), q3)];
        assert_eq!(default_target(root, "platform", q4, &by_file), Path::new("/repo/teams/platform/2026-Q4.okr.yaml"));
        let by_dir = [(PathBuf::from("/repo/okrs/2026-Q3/platform.okr.yml"), q3)];
        assert_eq!(default_target(root, "platform", q4, &by_dir), Path::new("/repo/okrs/2026-Q4/platform.okr.yml"));
        let other = [(PathBuf::from("/repo/platform.okr.yaml"), q3)];
        assert_eq!(default_target(root, "platform", q4, &other), Path::new("/repo/okrs/2026-Q4/platform.okr.yaml"));
        assert_eq!(default_target(root, "platform", q4, &[]), Path::new("/repo/okrs/2026-Q4/platform.okr.yaml"));
    }

    #[test]
    fn normalises_lexically() {
        assert_eq!(normalise(Path::new("/a/./b/../c")), Path::new("/a/c"));
    }
}
