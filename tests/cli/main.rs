//! The one integration-test binary: every test of okr's behaviour as a user
//! sees it, through the library API or the built `okr` binary.

mod git_fixture;
mod support;

mod as_of;
mod bad_input;
mod basics;
mod bench_tools;
mod carry;
mod checkin;
mod checkin_commit;
mod checkin_property;
mod ci_kit;
mod diff;
mod docs;
mod due;
mod editor;
mod formats;
mod fuzz_regressions;
mod git_corners;
mod graph;
mod hostile_input;
mod incremental;
mod injection;
mod injection_property;
mod layers;
mod load_and_check;
mod new_init;
mod properties;
mod report;
mod rule;
mod rules;
mod schema;
mod scope;
mod score;
mod sheet;
mod sheet_property;
mod shell;
mod status;
mod terminal_width;
mod write_safety;
