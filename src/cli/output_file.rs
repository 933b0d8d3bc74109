//! `-o FILE` for `okr report` and `okr status`: the output written to a
//! file the user names, whole or not at all, through [`render_to`]. The bytes go to a new temporary
//! file beside it, flushed to disk, then renamed over it: a reader (a web
//! server publishing the page, a browser with it open) sees the old page or
//! the new one, never half of one, and a failed render leaves the old file.

use std::fs::{self, OpenOptions};
use std::io::Write;
use std::path::{Path, PathBuf};

use crate::cli::Error;

/// Write `bytes` to `path`, replacing what is there.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> Result<(), Error> {
    let io_error = |source| Error::Okr(okr::error::Error::Io { path: path.to_path_buf(), source });
    let directory = match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let name = path.file_name().ok_or_else(|| Error::Usage(format!("-o {}: not a file name", path.display())))?;
    let temporary = directory.join(format!(".{}.okr-{}.tmp", name.to_string_lossy(), std::process::id()));
    let mut file = OpenOptions::new().write(true).create_new(true).open(&temporary).map_err(io_error)?;
    // A page that replaces one keeps its permissions (one a web server
    // publishes stays readable by it); a new one gets the default.
    let old_permissions = fs::metadata(path).ok().map(|old| old.permissions());
    let written = file
        .write_all(bytes)
        .and_then(|()| old_permissions.map_or(Ok(()), |permissions| file.set_permissions(permissions)))
        .and_then(|()| file.sync_all())
        .and_then(|()| fs::rename(&temporary, path));
    if let Err(source) = written {
        let _ = fs::remove_file(&temporary);
        return Err(io_error(source));
    }
    Ok(())
}

/// Where the output goes: `out`, or a buffer that [`finish`] writes to the
/// file, relative to the directory okr runs in (`-C`).
pub fn render_to(
    output: Option<&Path>,
    cwd: &Path,
    out: &mut dyn Write,
    render: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
) -> Result<(), Error> {
    match output {
        None => render(out).map_err(crate::cli::schema::stdout_error),
        Some(path) => {
            let mut bytes = Vec::new();
            render(&mut bytes).map_err(crate::cli::schema::stdout_error)?;
            write_atomically(&cwd.join(path), &bytes)
        }
    }
}
