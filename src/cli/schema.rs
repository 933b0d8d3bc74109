//! `okr schema`: the JSON Schema of the file format.

use std::io::Write;

use crate::cli::Error;
use crate::cli::ExitStatus;
use okr::model::Document;

pub fn run(out: &mut dyn Write) -> Result<ExitStatus, Error> {
    okr::render::json::write_json(out, &Document::json_schema()).map_err(stdout_error)?;
    Ok(ExitStatus::Success)
}

/// Writing to standard output failed (a closed pipe is handled by `main`).
pub fn stdout_error(source: std::io::Error) -> Error {
    okr::error::Error::Io { path: "<stdout>".into(), source }.into()
}
