//! A whole OKR document as YAML, in the layout of the examples: block style,
//! two-space indents, fields in the order of the format, `x-` keys after them.
//! Used by `okr carry`; a test reads every written document back to the same
//! model.

use std::fmt::Write;

use crate::edit::emit::{self, Context};
use crate::model::{Document, Extensions, HealthMetric, KeyResult, Kind, Num, Objective};
use crate::numbers;
use crate::text::Text;

/// `document` as YAML, after `header` (comment lines, each ending in `\n`).
pub fn write(header: &str, document: &Document) -> String {
    let mut out = String::from(header);
    let mut w = Writer { out: &mut out };
    w.line(0, "version", "1");
    w.text(0, "team", Some(&document.team));
    w.text(0, "period", Some(&document.period.to_string()));
    w.text(0, "owner", document.owner.as_ref().map(Text::as_str));
    w.extensions(0, &document.extensions);
    w.out.push_str(if document.objectives.is_empty() { "objectives: []\n" } else { "objectives:\n" });
    for objective in &document.objectives {
        w.objective(objective);
    }
    if !document.health.is_empty() {
        w.out.push_str("health:\n");
        for metric in &document.health {
            w.health(metric);
        }
    }
    out
}

struct Writer<'o> {
    out: &'o mut String,
}

impl Writer<'_> {
    fn line(&mut self, indent: usize, key: &str, value: &str) {
        let _ = writeln!(self.out, "{:indent$}{key}: {value}", "");
    }

    fn text(&mut self, indent: usize, key: &str, value: Option<&str>) {
        if let Some(value) = value {
            self.line(indent, key, &emit::string(value, Context::Block));
        }
    }

    fn number(&mut self, indent: usize, key: &str, value: Option<Num>) {
        if let Some(Num(value)) = value {
            self.line(indent, key, &numbers::yaml(value));
        }
    }

    /// `- ` before the first key of a list item, indented like its other keys.
    fn item(&mut self, indent: usize, key: &str, value: &str) {
        let _ = writeln!(self.out, "{:width$}- {key}: {value}", "", width = indent - 2);
    }

    fn extensions(&mut self, indent: usize, extensions: &Extensions) {
        for (key, value) in extensions {
            let written = match value {
                serde_json::Value::String(s) => emit::string(s, Context::Block),
                // JSON is YAML flow style.
                other => other.to_string(),
            };
            self.line(indent, &emit::string(key, Context::Block), &written);
        }
    }

    fn objective(&mut self, objective: &Objective) {
        self.item(4, "id", &emit::string(&objective.id, Context::Block));
        self.text(4, "title", Some(objective.title.as_str()));
        self.text(4, "description", objective.description.as_ref().map(Text::as_str));
        if objective.kind == Kind::Committed {
            self.line(4, "kind", Kind::Committed.as_str());
        }
        self.text(4, "owner", objective.owner.as_ref().map(Text::as_str));
        if !objective.tags.is_empty() {
            self.line(4, "tags", &flow_list(&objective.tags));
        }
        match objective.aligns_to.as_slice() {
            [] => {}
            [one] => self.text(4, "aligns_to", Some(one)),
            many => self.line(4, "aligns_to", &flow_list(many)),
        }
        self.extensions(4, &objective.extensions);
        // An empty list written as `[]`: `key_results:` alone reads as null,
        // which okr reports as a value of the wrong type, not as too few results.
        if objective.key_results.is_empty() {
            self.out.push_str("    key_results: []\n");
        } else {
            self.out.push_str("    key_results:\n");
        }
        for kr in &objective.key_results {
            self.key_result(kr);
        }
    }

    fn key_result(&mut self, kr: &KeyResult) {
        // Every field named, so that a new one (a new kind's, say) fails to
        // compile here until it is written.
        let KeyResult {
            id: _,
            title: _,
            start: _,
            target: _,
            current: _,
            at_least: _,
            at_most: _,
            done: _,
            unit: _,
            confidence: _,
            weight: _,
            owner: _,
            score: _,
            note: _,
            source: _,
            extensions: _,
            spans: _,
        } = kr;
        self.item(8, "id", &emit::string(&kr.id, Context::Block));
        self.text(8, "title", Some(kr.title.as_str()));
        self.number(8, "start", kr.start);
        self.number(8, "target", kr.target);
        self.number(8, "at_least", kr.at_least);
        self.number(8, "at_most", kr.at_most);
        self.number(8, "current", kr.current);
        if let Some(done) = kr.done {
            self.line(8, "done", emit::boolean(done));
        }
        self.text(8, "unit", kr.unit.as_ref().map(Text::as_str));
        self.number(8, "confidence", kr.confidence);
        self.number(8, "weight", kr.weight);
        self.text(8, "owner", kr.owner.as_ref().map(Text::as_str));
        self.number(8, "score", kr.score);
        self.text(8, "note", kr.note.as_ref().map(Text::as_str));
        self.text(8, "source", kr.source.as_ref().map(Text::as_str));
        self.extensions(8, &kr.extensions);
    }

    fn health(&mut self, metric: &HealthMetric) {
        self.item(4, "id", &emit::string(&metric.id, Context::Block));
        self.text(4, "title", Some(metric.title.as_str()));
        self.number(4, "at_least", metric.at_least);
        self.number(4, "at_most", metric.at_most);
        self.number(4, "current", metric.current);
        self.text(4, "unit", metric.unit.as_ref().map(Text::as_str));
        self.extensions(4, &metric.extensions);
    }
}

fn flow_list<T: AsRef<str>>(items: &[T]) -> String {
    let items: Vec<String> = items.iter().map(|i| emit::string(i.as_ref(), Context::Flow)).collect();
    format!("[{}]", items.join(", "))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::{reader, yaml};

    #[test]
    fn written_documents_read_back_the_same() {
        let examples = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("examples");
        let mut seen = 0;
        for path in [
            "company/2026.okr.yaml",
            "engineering/2026-H2.okr.yaml",
            "teams/platform/2026-Q3.okr.yaml",
            "teams/checkout/2026-Q3.okr.yaml",
            "teams/data/2026-Q3.okr.yaml",
        ] {
            let text = std::fs::read_to_string(examples.join(path)).unwrap();
            let original = reader::read(&yaml::parse(&text).unwrap(), 0).0.unwrap();
            let written = write("# header\n", &original);
            let (again, findings) = reader::read(&yaml::parse(&written).unwrap(), 0);
            assert!(findings.is_empty(), "{path}: {findings:?}\n{written}");
            assert_eq!(again.unwrap(), original, "{path}:\n{written}");
            seen += 1;
        }
        assert_eq!(seen, 5);
    }

    #[test]
    fn an_objective_without_key_results_is_written_as_an_empty_list_not_null() {
        // `key_results:` alone read back as null: `okr import` of a row with
        // an objective and no key result said the value had the wrong type.
        let text = std::fs::read_to_string(
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/teams/platform/2026-Q3.okr.yaml"),
        )
        .unwrap();
        let mut original = reader::read(&yaml::parse(&text).unwrap(), 0).0.unwrap();
        original.objectives.truncate(1);
        original.objectives[0].key_results.clear();
        let written = write("", &original);
        let (again, findings) = reader::read(&yaml::parse(&written).unwrap(), 0);
        assert!(findings.is_empty(), "{findings:?}\n{written}");
        assert_eq!(again.unwrap(), original, "{written}");
    }
}
