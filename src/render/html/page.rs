//! The page around a report or a status: the document's head with its
//! Content-Security-Policy, the inline style sheet, and the inline script
//! with its hash. Nothing here comes from data: the title is okr's words.

use std::io::{self, Write};

use sha2::{Digest, Sha256};

/// The style sheet: light and dark, print, narrow screens.
const STYLE: &str = include_str!("page.css");
/// A little vanilla JavaScript on top of a page that works without it:
/// sorting the tables and filtering the teams.
pub const SCRIPT: &str = include_str!("page.js");

/// The page's policy: nothing but its own inline style, `data:` images (the
/// empty icon) and the inline script whose hash it names. No request leaves
/// the page, whatever it holds.
pub fn content_security_policy() -> String {
    format!(
        "default-src 'none'; style-src 'unsafe-inline'; img-src data:; script-src 'sha256-{}'",
        base64(&Sha256::digest(SCRIPT.as_bytes()))
    )
}

/// Everything up to the opening of `<body>`; `title` is okr's words.
pub fn head(out: &mut dyn Write, title: &str) -> io::Result<()> {
    write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta http-equiv=\"Content-Security-Policy\" content=\"{}\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <meta name=\"color-scheme\" content=\"light dark\">\n\
         <meta name=\"generator\" content=\"okr\">\n\
         <link rel=\"icon\" href=\"data:,\">\n<title>{title}</title>\n<style>\n{STYLE}</style>\n</head>\n<body>\n",
        content_security_policy()
    )
}

/// The script and the end of the page.
pub fn foot(out: &mut dyn Write) -> io::Result<()> {
    write!(out, "<script>{SCRIPT}</script>\n</body>\n</html>\n")
}

/// Standard base64 with padding, as a CSP hash source is written.
fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let n = chunk.iter().enumerate().fold(0u32, |n, (i, b)| n | u32::from(*b) << (16 - 8 * i));
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(char::from(ALPHABET[(n >> (18 - 6 * i) & 63) as usize]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_follows_rfc_4648() {
        // The test vectors of RFC 4648, section 10.
        let cases =
            [("", ""), ("f", "Zg=="), ("fo", "Zm8="), ("foo", "Zm9v"), ("foob", "Zm9vYg=="), ("fooba", "Zm9vYmE=")];
        for (plain, encoded) in cases {
            assert_eq!(base64(plain.as_bytes()), encoded);
        }
        assert_eq!(base64(b"foobar"), "Zm9vYmFy");
    }

    #[test]
    fn the_policy_names_the_hash_of_the_script() {
        // The hash is of the exact text between the tags (tests/cli/html.rs
        // recomputes it from the page with openssl).
        let policy = content_security_policy();
        assert!(policy.starts_with("default-src 'none'; style-src 'unsafe-inline'; img-src data:; script-src 'sha256-"));
        assert_eq!(policy.len(), policy.find("sha256-").unwrap_or(0) + "sha256-".len() + 44 + 1);
        // sha256("abc") (FIPS 180-2), base64 as `openssl dgst -sha256 -binary | base64` writes it.
        assert_eq!(base64(&Sha256::digest(b"abc")), "ungWv48Bz+pBQUDeXa4iI7ADYaOWF3qctBD/YfIAFa0=");
    }
}
