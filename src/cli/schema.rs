//! `okr schema`: the JSON Schema of the file format.

use std::io::Write;

use crate::cli::Error;
use crate::cli::{Context, ExitStatus};
use okr::model::Document;

/// The schema, its `$id` under the repository's documentation (`[docs] url`).
pub fn run(context: &Context, out: &mut dyn Write) -> Result<ExitStatus, Error> {
    okr::render::json::write_json(out, &Document::json_schema_at(&context.config.docs.url)).map_err(stdout_error)?;
    Ok(ExitStatus::Success)
}

/// The schema as `okr schema` prints it, for a file in the repository.
pub fn text(context: &Context) -> String {
    let mut bytes = Vec::new();
    okr::render::json::write_json(&mut bytes, &Document::json_schema_at(&context.config.docs.url))
        .expect("writing to memory cannot fail");
    String::from_utf8(bytes).expect("JSON is UTF-8")
}

/// Writing to standard output failed (a closed pipe is handled by `main`).
pub fn stdout_error(source: std::io::Error) -> Error {
    okr::error::Error::Io { path: "<stdout>".into(), source }.into()
}
