//! `type = "json"`: a JSON document, a file of the repository or an
//! http(s) address, and the value an RFC 6901 pointer names in it.

use std::path::Path;

use crate::sync::reading::{self, Reading};
use crate::sync::SourceError;

/// The largest JSON file of the repository okr reads.
const FILE_LIMIT: u64 = 16 << 20;

/// The bytes of `path`, a file under `root` that is not a link out of it.
pub fn read_file(root: &Path, path: &str) -> Result<Vec<u8>, SourceError> {
    let failed = |reason: String| SourceError::new(reason, Vec::new());
    let joined = root.join(path);
    let real = joined.canonicalize().map_err(|e| failed(format!("`{path}` cannot be read: {e}")))?;
    let root = root.canonicalize().map_err(|e| failed(format!("the repository root cannot be read: {e}")))?;
    if !real.starts_with(&root) {
        return Err(failed(format!("`{path}` leads out of the repository")));
    }
    let size = real.metadata().map_err(|e| failed(format!("`{path}` cannot be read: {e}")))?.len();
    if !real.is_file() || size > FILE_LIMIT {
        return Err(failed(format!("`{path}` is not a file of at most {FILE_LIMIT} bytes")));
    }
    std::fs::read(&real).map_err(|e| failed(format!("`{path}` cannot be read: {e}")))
}

/// The value at `pointer` in the document `body`.
pub fn read_pointer(body: &[u8], pointer: &str) -> Result<Reading, SourceError> {
    let wrong = |reason: String| SourceError::new(reason, body.to_vec());
    let document: serde_json::Value =
        serde_json::from_slice(body).map_err(|e| wrong(format!("the document is not JSON ({e})")))?;
    let value = document
        .pointer(pointer)
        .ok_or_else(|| wrong(format!("the pointer `{pointer}` names nothing in the document")))?;
    reading::from_json(value).ok_or_else(|| {
        let excerpt = value.to_string();
        SourceError::new(format!("the value at `{pointer}` is not a number or a boolean"), excerpt.into_bytes())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc_6901_pointers() {
        let body = br#"{"nps": {"current": 41, "a/b": 2, "m~n": 3, "list": [5, true]}, "name": "x"}"#;
        assert_eq!(read_pointer(body, "/nps/current").unwrap(), Reading::Number(41.0));
        assert_eq!(read_pointer(body, "/nps/a~1b").unwrap(), Reading::Number(2.0));
        assert_eq!(read_pointer(body, "/nps/m~0n").unwrap(), Reading::Number(3.0));
        assert_eq!(read_pointer(body, "/nps/list/1").unwrap(), Reading::Bool(true));
        assert!(read_pointer(body, "/nps/none").unwrap_err().reason.contains("names nothing"));
        assert!(read_pointer(body, "/name").unwrap_err().reason.contains("not a number"));
        assert!(read_pointer(body, "/nps").unwrap_err().reason.contains("not a number"));
        assert_eq!(read_pointer(b"7", "").unwrap(), Reading::Number(7.0), "the empty pointer is the document");
    }

    #[test]
    fn a_file_that_leads_out_of_the_repository_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let (root, outside) = (dir.path().join("repo"), dir.path().join("secret.json"));
        std::fs::create_dir(&root).unwrap();
        std::fs::write(&outside, "1").unwrap();
        std::fs::write(root.join("in.json"), "2").unwrap();
        #[cfg(unix)]
        std::os::unix::fs::symlink(&outside, root.join("link.json")).unwrap();
        assert_eq!(read_file(&root, "in.json").unwrap(), b"2");
        #[cfg(unix)]
        assert!(read_file(&root, "link.json").unwrap_err().reason.contains("leads out"));
    }
}
