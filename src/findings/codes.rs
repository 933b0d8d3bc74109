//! The stable finding codes of the rules, each with its default severity and a
//! description (shown in SARIF rule metadata and the README table).

use std::fmt;

use serde::Serialize;

/// How much a finding matters: errors fail `okr check`, warnings do not unless denied.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Fails the check.
    Error,
    /// Reported; fails only with `--deny-warnings`.
    Warning,
}

impl Severity {
    /// The severity's name in every output format (`error`).
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        }
    }
}

macro_rules! codes {
    ($($variant:ident = $name:literal, $severity:ident, $description:literal;)*) => {
        /// A finding's code. The names are a public contract: never rename one.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum Code { $(#[doc = $description] $variant),* }

        impl Code {
            /// Every code, in the order of the README's table of rules.
            pub const ALL: &'static [Code] = &[$(Code::$variant),*];

            /// The code's name, as written in okr.toml and in every output (`kr-measure`).
            pub fn name(self) -> &'static str {
                match self { $(Code::$variant => $name),* }
            }

            /// Its severity when okr.toml does not set one.
            pub fn default_severity(self) -> Severity {
                match self { $(Code::$variant => Severity::$severity),* }
            }

            /// What the rule checks, in one line.
            pub fn description(self) -> &'static str {
                match self { $(Code::$variant => $description),* }
            }
        }
    };
}

codes! {
    YamlSyntax = "yaml-syntax", Error,
        "The file is not one valid UTF-8 YAML document within the limits: not UTF-8, not YAML, several documents, a duplicate key, an alias bomb, nesting too deep, or a file over the size limit.";
    Schema = "schema", Error,
        "The document does not follow the file format: an unknown field, a wrong type, a missing required field, a bad id, period or version, or a number out of range.";
    KrCount = "kr-count", Error,
        "An objective has fewer or more key results than the configured bounds (2 to 5 by default).";
    KrMeasure = "kr-measure", Error,
        "A key result has no measurement, or fields of two kinds (progress, threshold, milestone).";
    KrNoChange = "kr-no-change", Error,
        "A progress key result starts where it ends (start == target): a KPI to hold, not a result to reach.";
    DuplicateId = "duplicate-id", Error,
        "Two objectives with one canonical ref (also across files), two key results with one id in an objective, or two health metrics with one id in a file.";
    AlignmentUnresolved = "alignment-unresolved", Error,
        "An `aligns_to` reference resolves to no objective or key result.";
    AlignmentPeriod = "alignment-period", Error,
        "An `aligns_to` reference names a period that neither equals nor encloses the objective's own.";
    AlignmentCycle = "alignment-cycle", Error,
        "Objectives align to each other in a loop.";
    ObjectiveCount = "objective-count", Warning,
        "A team has more objectives in one period than the configured maximum (5 by default).";
    ObjectiveMeasurable = "objective-measurable", Warning,
        "An objective's title holds a number or a percentage: objectives are qualitative, numbers belong in key results.";
    KrKpi = "kr-kpi", Warning,
        "A threshold key result in an aspirational objective: a health metric to keep, not a stretch to reach.";
    KrDelegated = "kr-delegated", Warning,
        "A key result repeats, word for word, a key result of the objective it aligns to: delegated, not aligned.";
    KrTitleNumbers = "kr-title-numbers", Warning,
        "A key result's title states numbers, not its target or bound, and one that is none of its start, target or bound: the title tells an old goal.";
    TitleTodo = "title-todo", Warning,
        "An objective's or key result's title begins with `TODO`: a placeholder, such as the template of `okr new`, not yet written.";
    SourceUnknown = "source-unknown", Error,
        "A key result's `source` names no source declared under `[sources]` in okr.toml, so `okr sync` cannot update it.";
}

impl Code {
    /// The code with this name, if there is one.
    pub fn from_name(name: &str) -> Option<Code> {
        Code::ALL.iter().copied().find(|code| code.name() == name)
    }

    /// `yaml-syntax` and `schema`: without them a file okr cannot read, or
    /// reads wrong, would drop out of the results unseen, so no configuration
    /// turns them off or lowers them to a warning.
    pub fn always_an_error(self) -> bool {
        matches!(self, Code::YamlSyntax | Code::Schema)
    }
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl Serialize for Code {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.name())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn codes_are_unique_and_round_trip() {
        let names: HashSet<_> = Code::ALL.iter().map(|c| c.name()).collect();
        assert_eq!(names.len(), Code::ALL.len());
        for code in Code::ALL {
            assert_eq!(Code::from_name(code.name()), Some(*code));
            assert!(!code.description().is_empty());
        }
    }
}
