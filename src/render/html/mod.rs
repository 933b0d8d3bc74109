//! `--format html`: one self-contained page (inline style, inline SVG, one
//! hashed inline script, no request of any kind) for `okr report` and
//! `okr status`, drawn from the same data their JSON writes. Every string of
//! that data goes out through [`safe::Html`](crate::render::safe::Html) or
//! [`safe::Bdi`](crate::render::safe::Bdi); ids and links are okr's own
//! counters, never data.

mod chart;
mod history;
mod page;
mod parts;
pub mod report;
pub mod status;
mod tree;

pub use page::content_security_policy;
