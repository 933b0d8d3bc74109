//! Output formats, one file each. Renderers write to a `&mut dyn Write` and
//! never decide anything: the commands hand them plain data. Every string of
//! that data came from a file, a path, a commit or a setting, so it is
//! written only through a wrapper of [`safe`] for the renderer's target
//! (`title.terminal()`, `title.markdown()`, …), never as a bare `{}`: data
//! is a [`Text`](crate::text::Text), which is not `Display`, so a bare `{}`
//! does not compile. Text okr composes around data (a finding's message, a
//! path joined to a position) goes through the same wrappers.

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
pub mod status_markdown;
pub mod status_table;
pub(crate) mod status_text;

/// `1 file`, `2 files`: a count and a noun with a regular plural.
pub fn plural(n: usize, word: &str) -> String {
    format!("{n} {word}{}", if n == 1 { "" } else { "s" })
}
