//! okr: Objectives and Key Results kept as YAML in git, linted, scored and
//! reported on from the command line.
//!
//! Data flows one way: [`load`] finds and parses files into the [`model`] with
//! a span for every node, [`check`] turns them into findings, and [`render`]
//! writes findings in each output format. The library never prints.

pub mod check;
pub mod config;
pub mod diff;
pub mod edit;
pub mod error;
pub mod fast_map;
pub mod findings;
pub mod graph;
pub mod history;
pub mod index;
pub mod load;
pub mod measure;
pub mod model;
pub mod period;
pub mod refs;
pub mod render;
pub mod report;
pub mod score;
pub mod scoreboard;
pub mod span;
