//! Where okr's documentation lives: the one base URL every link okr writes
//! starts from (a rule's page, SARIF's `helpUri` and `informationUri`, the
//! schema's `$id`). A repository can point them elsewhere with `[docs] url`
//! in okr.toml, for a mirror or its own build of the book in `docs/`.

/// The published book built from `docs/`. Change it here and every link follows.
pub const DOCS_URL: &str = "https://your-org.github.io/okr/";

/// `base` ending in exactly one `/`, so that a page's path can follow it.
pub fn base(base: &str) -> String {
    format!("{}/", base.trim_end_matches('/'))
}

/// The address of a rule's page under `base`: `<base>rules/<code>.html`.
pub fn rule_url(base_url: &str, code_name: &str) -> String {
    format!("{}rules/{code_name}.html", base(base_url))
}

/// Whether `url` may be the documentation's base: an `http://` or `https://`
/// URL with a host and no whitespace, control character, quote or angle
/// bracket, since it is written into JSON, SARIF, markdown and terminals.
pub fn is_valid_base(url: &str) -> bool {
    let rest = url.strip_prefix("https://").or_else(|| url.strip_prefix("http://"));
    rest.is_some_and(|rest| {
        !rest.is_empty()
            && !rest.starts_with('/')
            && url.chars().all(|c| c.is_ascii_graphic() && !matches!(c, '"' | '\'' | '<' | '>' | '`' | '\\'))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_base_is_valid_and_rule_urls_follow_it() {
        assert!(is_valid_base(DOCS_URL));
        assert_eq!(rule_url(DOCS_URL, "kr-kpi"), format!("{DOCS_URL}rules/kr-kpi.html"));
        assert_eq!(rule_url("https://example.com/okr", "kr-kpi"), "https://example.com/okr/rules/kr-kpi.html");
        assert_eq!(rule_url("https://example.com/okr//", "schema"), "https://example.com/okr/rules/schema.html");
    }

    #[test]
    fn a_base_that_is_not_a_plain_web_address_is_refused() {
        for bad in [
            "",
            "example.com",
            "ftp://example.com",
            "https://",
            "https:///x",
            "https://a b",
            "https://a\u{1b}[31m",
            "javascript:alert(1)",
            "https://a/\"x",
            "https://a/<b>",
            "https://é.com",
        ] {
            assert!(!is_valid_base(bad), "{bad:?}");
        }
        assert!(is_valid_base("http://127.0.0.1:3000/book/"));
    }
}
