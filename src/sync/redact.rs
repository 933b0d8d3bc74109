//! Secrets out of everything a source returns or says: a token, and the
//! value of every variable a command is given, are replaced by `[redacted]`
//! wherever they appear, before anything is cut short or shown.

/// The secrets of one run, longest first (so that a secret that contains
/// another is replaced whole).
#[derive(Debug, Clone, Default)]
pub struct Redactor {
    secrets: Vec<String>,
}

/// What stands for a secret in output.
pub const REDACTED: &str = "[redacted]";

/// How much of what a source returned an error quotes.
pub const EXCERPT_BYTES: usize = 200;

impl Redactor {
    /// A redactor for `secrets`; empty values are not secrets (they would
    /// match everywhere).
    pub fn new<'a>(secrets: impl IntoIterator<Item = &'a str>) -> Redactor {
        let mut secrets: Vec<String> = secrets.into_iter().filter(|s| !s.is_empty()).map(str::to_owned).collect();
        secrets.sort_by(|a, b| b.len().cmp(&a.len()).then_with(|| a.cmp(b)));
        secrets.dedup();
        Redactor { secrets }
    }

    /// `text` with every secret replaced.
    pub fn redact(&self, text: &str) -> String {
        let mut text = text.to_owned();
        for secret in &self.secrets {
            if text.contains(secret.as_str()) {
                text = text.replace(secret.as_str(), REDACTED);
            }
        }
        text
    }

    /// The first [`EXCERPT_BYTES`] bytes of what a source returned, as text
    /// (invalid UTF-8 replaced), secrets replaced first, so that a secret
    /// cut in two by the limit is not half shown.
    pub fn excerpt(&self, bytes: &[u8]) -> String {
        let redacted = self.redact(&String::from_utf8_lossy(bytes));
        let mut end = redacted.len().min(EXCERPT_BYTES);
        while !redacted.is_char_boundary(end) {
            end -= 1;
        }
        redacted[..end].to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_are_replaced_before_the_excerpt_is_cut() {
        let redactor = Redactor::new(["s3cr3t", "", "s3cr3t-longer"]);
        assert_eq!(redactor.redact("a s3cr3t-longer b s3cr3t"), "a [redacted] b [redacted]");
        assert_eq!(redactor.redact("nothing here"), "nothing here", "an empty secret matches nothing");
        let long = format!("{}s3cr3t", "x".repeat(197));
        let excerpt = redactor.excerpt(long.as_bytes());
        assert!(!excerpt.contains("s3c"), "{excerpt}");
        assert_eq!(excerpt.len(), EXCERPT_BYTES);
        assert_eq!(redactor.excerpt("é".repeat(150).as_bytes()).len(), 200, "cut on a character boundary");
        assert_eq!(redactor.excerpt(&[0xff, b'1']), "\u{fffd}1");
    }
}
