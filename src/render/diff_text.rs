//! The words `okr diff` uses for people, shared by the table and the markdown:
//! the summary sentence, a changed field, a score move, a flag.

use serde_json::Value;

use crate::diff::config::ConfigChange;
use crate::diff::{Change, ChangeKind, Diff, FieldChange, Flag, Item, Tally};
use crate::history::short;
use crate::numbers::{human, two_decimals};
use crate::render::plural;

/// What the two sides are called: BASE as the user wrote it, and the head
/// revision as written, or `None` for the working tree.
pub struct Labels<'a> {
    /// The base side's name.
    pub base: &'a str,
    /// The head side's name, or `None` for the working tree.
    pub head: Option<&'a str>,
}

/// "`main` (merge base 1a2b3c4) → the working tree"; `code` wraps (and
/// sanitises) names.
pub fn sides(diff: &Diff, labels: &Labels, code: fn(&str) -> String) -> String {
    let head = match labels.head {
        Some(head) => format!("{} ({})", code(head), code(short(&diff.head))),
        None => "the working tree".to_owned(),
    };
    format!("{} (merge base {}) → {head}", code(labels.base), code(short(&diff.base)))
}

/// "2 key results added, 1 modified" for one row of the tally.
fn counted(row: [usize; 3], noun: &str) -> Option<String> {
    let kinds = [ChangeKind::Added, ChangeKind::Removed, ChangeKind::Modified];
    let parts: Vec<(usize, &str)> =
        kinds.iter().map(|k| (row[*k as usize], k.as_str())).filter(|(n, _)| *n > 0).collect();
    let ((first, word), rest) = parts.split_first()?;
    let mut text = format!("{} {word}", plural(*first, noun));
    for (n, word) in rest {
        text.push_str(&format!(", {n} {word}"));
    }
    Some(text)
}

/// "1 objective added; 2 key results modified, 1 removed", or that nothing changed.
pub fn changes_sentence(diff: &Diff) -> String {
    let tally = Tally::of(&diff.changes);
    let parts: Vec<String> = [counted(tally.objectives, "objective"), counted(tally.key_results, "key result")]
        .into_iter()
        .flatten()
        .collect();
    if parts.is_empty() {
        "no change to the OKRs".to_owned()
    } else {
        parts.join("; ")
    }
}

/// "1 ambition lowered, 1 measured differently", or `None` without flags.
pub fn flags_sentence(diff: &Diff) -> Option<String> {
    let counts = diff.flag_counts();
    (!counts.is_empty())
        .then(|| counts.iter().map(|(f, n)| format!("{n} {}", f.words())).collect::<Vec<_>>().join(", "))
}

/// "1 new error, 2 new warnings", or "no new findings".
pub fn findings_sentence(diff: &Diff) -> String {
    match (diff.check.errors, diff.check.warnings) {
        (0, 0) => "no new findings".to_owned(),
        (e, 0) => format!("{} new {}", e, if e == 1 { "error" } else { "errors" }),
        (0, w) => format!("{} new {}", w, if w == 1 { "warning" } else { "warnings" }),
        (e, w) => format!("{e} new {}, {w} new {}", plural_word(e, "error"), plural_word(w, "warning")),
    }
}

fn plural_word(n: usize, word: &str) -> String {
    if n == 1 {
        word.to_owned()
    } else {
        format!("{word}s")
    }
}

/// A value for people: `—` for absent, numbers as written, lists with commas.
pub fn value(value: &Value) -> String {
    match value {
        Value::Null => "—".to_owned(),
        Value::String(text) => text.clone(),
        Value::Number(n) => n.as_f64().map_or_else(|| n.to_string(), human),
        Value::Bool(b) => b.to_string(),
        Value::Array(items) if items.is_empty() => "—".to_owned(),
        Value::Array(items) => items.iter().map(self::value).collect::<Vec<_>>().join(", "),
        Value::Object(_) => value.to_string(),
    }
}

/// How a renderer writes a piece of data: sanitised for its target and cut
/// to at most so many characters of what its reader sees.
pub type Show = fn(&str, usize) -> String;

/// "target 4 → 8", with each side shown by `show`, cut to `max` characters.
pub fn field(change: &FieldChange, max: usize, show: Show) -> String {
    let cut = |v: &Value| {
        let text = self::value(v);
        // Quoted when it holds spaces, so that where one side ends shows.
        if v.is_string() && text.contains(' ') {
            format!("“{}”", show(&text, max))
        } else {
            show(&text, max)
        }
    };
    format!("{} {} → {}", change.field, cut(&change.old), cut(&change.new))
}

/// A change to okr.toml in words: "source `bugs` modified (source changed:
/// what CI runs with its secrets; review it)", or for a source added "(new
/// source: …)", with `show` writing each piece of data for its target.
pub fn config_heading(change: &ConfigChange, show: Show) -> String {
    let what = match change.section {
        "sources" => "source",
        _ => "rule",
    };
    let flagged = match (change.flags.contains(&crate::diff::config::SOURCE_CHANGED), change.change) {
        (false, _) => "",
        (true, ChangeKind::Added) => " (new source: what CI will run or query with its secrets; review it)",
        (true, _) => " (source changed: what CI runs or queries with its secrets; review it)",
    };
    format!("{what} {} {}{flagged}", show(change.name.as_str(), 80), change.change.as_str())
}

/// Each setting of a changed okr.toml entry, "argv: [..] → [..]" ("—"
/// where absent), cut to `max` characters a side.
pub fn config_settings(change: &ConfigChange, max: usize, show: Show) -> Vec<String> {
    let side = |v: &Option<crate::text::Text>| v.as_ref().map_or_else(|| "—".to_owned(), |t| show(t.as_str(), max));
    change
        .settings
        .iter()
        .map(|(key, old, new)| {
            let key = if key.as_str().is_empty() { "severity".to_owned() } else { show(key.as_str(), 40) };
            format!("{key}: {} → {}", side(old), side(new))
        })
        .collect()
}

/// "0.64 → 0.50", with `–` where the item is absent.
pub fn score(change: &Change) -> String {
    let side = |s: Option<f64>| s.map_or_else(|| "–".to_owned(), two_decimals);
    format!("{} → {}", side(change.score.old), side(change.score.new))
}

/// "0.41 → 0.44".
pub fn score_move(old: f64, new: f64) -> String {
    format!("{} → {}", two_decimals(old), two_decimals(new))
}

/// What a reader needs to know about a flag.
pub fn flag_explained(flag: Flag, item: Item) -> &'static str {
    match (flag, item) {
        (Flag::AmbitionLowered, _) => "ambition lowered: the target now asks for less",
        (Flag::AmbitionRaised, _) => "ambition raised: the target now asks for more",
        (Flag::KindChanged, Item::KeyResult) => "measured differently: the kind of key result changed",
        (Flag::KindChanged, Item::Objective) => "kind changed",
        (Flag::CommittedToAspirational, _) => "no longer committed: now aspirational, graded at 0.7 instead of 1.0",
    }
}

/// What changed, one line each, data shown by `show`: the fields of a
/// modification, or why the head side cannot be read; the measurement of an
/// added or removed key result; the kind of an added or removed objective.
pub fn what(change: &Change, max: usize, show: Show) -> Vec<String> {
    match (change.change, change.item) {
        (ChangeKind::Modified, _) => {
            let unreadable =
                change.unreadable.iter().map(|message| show(&format!("cannot be read: {}", message.as_str()), 2 * max));
            change.fields.iter().map(|f| field(f, max, show)).chain(unreadable).collect()
        }
        (_, Item::KeyResult) => change.measurement.iter().map(|m| show(m.as_str(), usize::MAX)).collect(),
        (_, Item::Objective) => {
            let kind = change.fields.iter().find(|f| f.field == "kind");
            kind.map(|f| show(&value(if f.new.is_null() { &f.old } else { &f.new }), max)).into_iter().collect()
        }
    }
}

/// The sentence's first letter in upper case.
pub fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    chars.next().map(|c| c.to_uppercase().chain(chars).collect()).unwrap_or_default()
}
