//! Output formats, one file each. Renderers write to a `&mut dyn Write` and
//! never decide anything: the commands hand them plain data. Every string of
//! that data came from a file, a path, a commit or a setting, so it is
//! written only through a wrapper of [`safe`] for the renderer's target
//! (`title.terminal()`, `title.markdown()`, …), never as a bare `{}`: data
//! is a [`Text`](crate::text::Text), which is not `Display`, so a bare `{}`
//! does not compile. Text okr composes around data (a finding's message, a
//! path joined to a position) goes through the same wrappers.

use std::path::{Component, Path, PathBuf};

pub mod diff_markdown;
pub mod diff_table;
pub mod diff_text;
pub mod due_markdown;
pub mod due_table;
pub mod fit;
pub mod github;
pub mod gitlab;
pub mod graph_dot;
pub mod graph_mermaid;
pub mod graph_tree;
pub mod html;
pub mod human;
pub mod json;
pub mod report_markdown;
pub mod report_table;
pub(crate) mod report_text;
pub mod rule;
pub mod safe;
pub mod sarif;
pub mod score_markdown;
pub mod score_table;
pub mod sheet_csv;
pub mod sheet_json;
pub mod status_markdown;
pub mod status_table;
pub(crate) mod status_text;
pub mod sync_table;

/// `1 file`, `2 files`: a count and a noun with a regular plural.
pub fn plural(n: usize, word: &str) -> String {
    format!("{n} {word}{}", if n == 1 { "" } else { "s" })
}

/// Every file's path relative to the repository `root`, with `/`, by file id:
/// what CI reports (SARIF, GitLab, GitHub annotations) name, since their
/// consumers place findings from the repository root, whatever directory
/// okr ran in (`-C`, a step's `working-directory:`).
pub fn repository_paths(workspace: &crate::load::Workspace, root: &Path) -> Vec<crate::text::Text> {
    let root = lexically_normal(root);
    workspace.files.iter().map(|file| crate::load::display_path(&lexically_normal(&file.path), &root).into()).collect()
}

/// `path` without `.` and with each `..` taking its parent away, as written:
/// a path okr opened as `data/../x.okr.yaml` is `x.okr.yaml` of the root.
fn lexically_normal(path: &Path) -> PathBuf {
    let mut normal = PathBuf::new();
    for component in path.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir => match normal.components().next_back() {
                Some(Component::Normal(_)) => {
                    normal.pop();
                }
                // The parent of `/` is `/`.
                Some(Component::RootDir | Component::Prefix(_)) => {}
                _ => normal.push(Component::ParentDir),
            },
            other => normal.push(other),
        }
    }
    normal
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lexically_normal_paths_lose_dots() {
        assert_eq!(lexically_normal(Path::new("/r/data/../data/./b.okr.yaml")), Path::new("/r/data/b.okr.yaml"));
        assert_eq!(lexically_normal(Path::new("../x/../y")), Path::new("../y"));
        assert_eq!(lexically_normal(Path::new("/..")), Path::new("/"));
    }
}
