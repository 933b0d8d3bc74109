//! The `Okr-Sync:` trailer: one per key result an `okr sync --commit`
//! recorded, `Okr-Sync: <ref> <source> <value>`, so that history says where
//! every synced number came from (`okr report` marks those check-ins).

/// The trailer's key.
pub const SYNC: &str = "Okr-Sync";

/// `Okr-Sync: <reference> <source> <value>`: a canonical ref and a source
/// name hold no space, and a value is one number or boolean.
pub fn sync_line(reference: &str, source: &str, value: &str) -> String {
    format!("{SYNC}: {reference} {source} {value}")
}

/// The source an `Okr-Sync:` trailer among `trailers` (key, value) gives
/// for the key result `reference`, if one does.
pub fn synced_source<'t>(trailers: &'t [(String, String)], reference: &str) -> Option<&'t str> {
    trailers.iter().filter(|(key, _)| key == SYNC).find_map(|(_, value)| {
        let mut words = value.split_whitespace();
        match (words.next(), words.next(), words.next(), words.next()) {
            (Some(r), Some(source), Some(_value), None) if r == reference => Some(source),
            _ => None,
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_trailer_names_its_key_result_and_source() {
        let line = sync_line("platform/speed/p95@2026-Q4", "p95-latency", "412");
        assert_eq!(line, "Okr-Sync: platform/speed/p95@2026-Q4 p95-latency 412");
        let trailers = vec![
            ("Signed-off-by".to_owned(), "platform/speed/p95@2026-Q4 other 1".to_owned()),
            (SYNC.to_owned(), "platform/speed/errors@2026-Q4 error-rate 0.4".to_owned()),
            (SYNC.to_owned(), "platform/speed/p95@2026-Q4 p95-latency 412".to_owned()),
            (SYNC.to_owned(), "platform/speed/broken@2026-Q4 too many words here".to_owned()),
        ];
        assert_eq!(synced_source(&trailers, "platform/speed/p95@2026-Q4"), Some("p95-latency"));
        assert_eq!(synced_source(&trailers, "platform/speed/errors@2026-Q4"), Some("error-rate"));
        assert_eq!(synced_source(&trailers, "platform/speed/broken@2026-Q4"), None);
        assert_eq!(synced_source(&trailers, "platform/speed/other@2026-Q4"), None);
    }
}
