//! Arbitrary bytes as one OKR file: read, parse, convert to the model and run
//! every rule over a one-file workspace. Nothing may panic; every finding
//! must point inside the file; a clean file scores in 0..=1. The assertions
//! live in `tests/cli/load_and_check.rs`, shared with the replay of saved
//! inputs in `tests/cli/fuzz_regressions.rs`.

#![no_main]

use libfuzzer_sys::fuzz_target;

#[path = "../../tests/cli/load_and_check.rs"]
mod assertions;

fuzz_target!(|data: &[u8]| {
    assertions::load_and_check(data);
});
