//! Text that came from a file, a path, a commit or a setting: hostile until
//! a sanitiser has written it for its target.
//!
//! [`Text`] does not implement `Display`, so `write!(out, "{}", kr.title)`
//! does not compile: a renderer writes it through one of the sanitised views
//! (`.terminal()`, `.markdown()`, `.code()`, `.dot()`, `.mermaid()`,
//! `.annotation_data()`, `.annotation_property()`, defined next to the
//! sanitisers in `render::safe`). `Debug` stays: it escapes every control.
//!
//! It does **not** deref to `str` either. With `Deref`, `kr.title.to_string()`
//! and `format!("{}", kr.title.trim())` would compile through autoderef and
//! print raw text with no word in the code that says so. Logic (comparisons,
//! sorting, map keys, building a message that a sanitiser writes later)
//! takes the raw text with [`Text::as_str`], a name that is easy to find in a
//! review; JSON serialises it as the plain string it is, and the JSON writer
//! escapes it.

use std::borrow::Borrow;
use std::fmt;

use serde::{Deserialize, Serialize};

/// Text from a file, a path, a commit or a setting. Not `Display`: see the
/// module documentation. It is written through a sanitiser:
///
/// ```
/// let title = okr::text::Text::from("\u{1b}[2J");
/// assert_eq!(format!("{}", title.terminal()), "\\u{1b}[2J");
/// ```
///
/// and not printed raw, by `{}`, `to_string` or a `&str` it would deref to:
///
/// ```compile_fail
/// let title = okr::text::Text::from("\u{1b}[2J");
/// println!("{}", title);
/// ```
///
/// ```compile_fail
/// let title = okr::text::Text::from("\u{1b}[2J");
/// let _raw: String = title.to_string();
/// ```
///
/// ```compile_fail
/// let title = okr::text::Text::from("\u{1b}[2J");
/// println!("{}", title.trim());
/// ```
#[derive(Clone, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Text(String);

impl Text {
    /// The raw text, for logic: never for output (see the module documentation).
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Whether the text is empty.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The raw text, owned, for logic.
    pub fn into_string(self) -> String {
        self.0
    }
}

impl fmt::Debug for Text {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&self.0, f)
    }
}

impl From<String> for Text {
    fn from(text: String) -> Text {
        Text(text)
    }
}

impl From<&str> for Text {
    fn from(text: &str) -> Text {
        Text(text.to_owned())
    }
}

impl AsRef<str> for Text {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl Borrow<str> for Text {
    fn borrow(&self) -> &str {
        &self.0
    }
}

impl PartialEq<str> for Text {
    fn eq(&self, other: &str) -> bool {
        self.0 == other
    }
}

impl PartialEq<&str> for Text {
    fn eq(&self, other: &&str) -> bool {
        self.0 == *other
    }
}

impl PartialEq<String> for Text {
    fn eq(&self, other: &String) -> bool {
        self.0 == *other
    }
}

/// In the JSON Schema, a string: the field's own attributes (a pattern, a
/// length) apply to it as to a `String`.
impl schemars::JsonSchema for Text {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        String::schema_name()
    }

    fn inline_schema() -> bool {
        true
    }

    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        String::json_schema(generator)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_serialises_as_the_plain_string() {
        let text = Text::from("a\u{1b}b");
        assert_eq!(serde_json::to_string(&text).unwrap(), "\"a\\u001bb\"");
        assert_eq!(serde_json::from_str::<Text>("\"a\\u001bb\"").unwrap(), text);
        assert_eq!(format!("{text:?}"), "\"a\\u{1b}b\"");
    }
}
