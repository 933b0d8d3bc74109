#![warn(missing_docs)]
//! okr: Objectives and Key Results kept as YAML in git, linted, scored and
//! reported on. This library is everything but the command line, which is
//! the `okr` binary built on it.
//!
//! Data flows one way: [`load`] finds and parses files into the [`model`] with
//! a span for every node, [`check`] turns them into [`findings`], and
//! [`render`] writes them in each output format. The entry points:
//!
//! - [`load::workspace`] reads the OKR files under a directory, and
//!   [`load::revision::load_at`] the files at a git revision;
//! - [`check::run`] runs every rule over a workspace under a [`config::Config`];
//! - [`scoreboard::build`] scores it (with [`score`] for one objective or key
//!   result), [`graph::build`] draws its alignment graph;
//! - [`diff::compare`] tells what a change does to the OKRs, [`report::build`]
//!   tells a period from git history ([`history`] walks it);
//! - [`status::build`] tells where things stand on a date, with each key
//!   result's latest check-in, and [`status::due::list`] what needs one;
//! - [`edit`] writes: a check-in ([`edit::record::run`]), new files, a carry;
//! - [`sync`] evaluates the sources okr.toml declares for `okr sync`.
//!
//! Failures are an [`error::Error`] a caller can match. The library never
//! prints, never reads the environment or the clock (the date to score on is
//! an argument) and never changes process-wide state: [`git_process_options`]
//! is for a program to call.

pub mod check;
pub mod config;
pub mod diff;
pub mod docs;
pub mod edit;
pub mod error;
pub(crate) mod fast_map;
pub mod findings;
pub mod git;
pub mod graph;
pub mod history;
pub(crate) mod index;
pub mod load;
pub mod measure;
pub mod model;
pub mod numbers;
pub mod period;
pub mod refs;
pub mod render;
pub mod report;
pub mod score;
pub mod scoreboard;
pub mod sheet;
pub mod span;
pub mod status;
pub mod sync;
pub mod text;
