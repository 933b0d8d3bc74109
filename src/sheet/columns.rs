//! The columns of a sheet: the export's header, in order, and the names
//! people give the same columns, matched case- and space-insensitively.

/// A column okr reads or writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Column {
    /// The document's period (`2026-Q3`).
    Period,
    /// The document's team.
    Team,
    /// The objective's id.
    ObjectiveId,
    /// The objective's title.
    ObjectiveTitle,
    /// `aspirational` or `committed`.
    ObjectiveKind,
    /// The objective's owner.
    ObjectiveOwner,
    /// The objective's description.
    Description,
    /// The objective's tags.
    Tags,
    /// The objective's `aligns_to` references.
    AlignsTo,
    /// The key result's (or health metric's) id.
    KeyResultId,
    /// The key result's (or health metric's) title.
    Title,
    /// `progress`, `threshold`, `milestone` or `health`.
    Type,
    /// `start`.
    Start,
    /// `target`.
    Target,
    /// `at_least`.
    AtLeast,
    /// `at_most`.
    AtMost,
    /// `done`.
    Done,
    /// `current`.
    Current,
    /// `unit`.
    Unit,
    /// `confidence`.
    Confidence,
    /// `weight`.
    Weight,
    /// The manual `score`.
    Score,
    /// The key result's owner.
    Owner,
    /// The key result's note.
    Note,
    /// The key result's `source`.
    Source,
    /// The score okr computes (written by export, ignored by import).
    ComputedScore,
    /// The grade (written by export, ignored by import).
    Grade,
    /// The team's owner (the document's `owner`).
    TeamOwner,
}

impl Column {
    /// Every column, in the order of the export's header.
    pub const ALL: [Column; 28] = [
        Column::Period,
        Column::Team,
        Column::ObjectiveId,
        Column::ObjectiveTitle,
        Column::ObjectiveKind,
        Column::ObjectiveOwner,
        Column::Description,
        Column::Tags,
        Column::AlignsTo,
        Column::KeyResultId,
        Column::Title,
        Column::Type,
        Column::Start,
        Column::Target,
        Column::AtLeast,
        Column::AtMost,
        Column::Done,
        Column::Current,
        Column::Unit,
        Column::Confidence,
        Column::Weight,
        Column::Score,
        Column::Owner,
        Column::Note,
        Column::Source,
        Column::ComputedScore,
        Column::Grade,
        Column::TeamOwner,
    ];

    /// The column's name in the export's header.
    pub fn name(self) -> &'static str {
        match self {
            Column::Period => "period",
            Column::Team => "team",
            Column::ObjectiveId => "objective_id",
            Column::ObjectiveTitle => "objective_title",
            Column::ObjectiveKind => "objective_kind",
            Column::ObjectiveOwner => "objective_owner",
            Column::Description => "description",
            Column::Tags => "tags",
            Column::AlignsTo => "aligns_to",
            Column::KeyResultId => "key_result_id",
            Column::Title => "title",
            Column::Type => "type",
            Column::Start => "start",
            Column::Target => "target",
            Column::AtLeast => "at_least",
            Column::AtMost => "at_most",
            Column::Done => "done",
            Column::Current => "current",
            Column::Unit => "unit",
            Column::Confidence => "confidence",
            Column::Weight => "weight",
            Column::Score => "score",
            Column::Owner => "owner",
            Column::Note => "note",
            Column::Source => "source",
            Column::ComputedScore => "computed_score",
            Column::Grade => "grade",
            Column::TeamOwner => "team_owner",
        }
    }

    /// Other names people give the column, written as [`normalise`] leaves them.
    fn aliases(self) -> &'static [&'static str] {
        match self {
            Column::Period => &["quarter", "half", "year", "cycle"],
            Column::Team => &["teamid", "squad", "department"],
            Column::ObjectiveId => &["oid"],
            Column::ObjectiveTitle => &["objective", "objectivename", "goal"],
            Column::ObjectiveKind => &["kind", "objectivetype"],
            Column::ObjectiveOwner => &[],
            Column::Description => &["objectivedescription", "why"],
            Column::Tags => &["tag", "labels"],
            Column::AlignsTo => &["alignedto", "parent"],
            Column::KeyResultId => &["krid", "id"],
            Column::Title => &["keyresult", "keyresulttitle", "kr", "krtitle", "keyresults"],
            Column::Type => &["krtype", "keyresulttype"],
            Column::Start => &["baseline", "startvalue"],
            Column::Target => &["goalvalue", "targetvalue"],
            Column::AtLeast => &["minimum", "min"],
            Column::AtMost => &["maximum", "max"],
            Column::Done => &["completed", "achieved"],
            Column::Current => &["currentvalue", "actual", "value"],
            Column::Unit => &["units"],
            Column::Confidence => &[],
            Column::Weight => &[],
            Column::Score => &["manualscore", "finalscore"],
            Column::Owner => &["krowner", "keyresultowner", "assignee"],
            Column::Note => &["notes", "comment", "comments"],
            Column::Source => &["datasource"],
            Column::ComputedScore => &[],
            Column::Grade => &[],
            Column::TeamOwner => &["teamlead"],
        }
    }

    /// The column a header cell names, if any: the export's own names and
    /// the aliases, case, spaces, `_` and `-` aside.
    pub fn from_header(header: &str) -> Option<Column> {
        let wanted = normalise(header);
        Column::ALL.into_iter().find(|c| normalise(c.name()) == wanted || c.aliases().contains(&wanted.as_str()))
    }

    /// Whether import reads the column: `computed_score` and `grade` are
    /// okr's own, written for people, and read by nobody.
    pub fn is_read(self) -> bool {
        !matches!(self, Column::ComputedScore | Column::Grade)
    }
}

/// Where an `x-` key of the files sits, which its column's name says:
/// `team.x-slack` (the document's), `objective.x-okr-id`, `x-jira` (a key
/// result's or a health metric's).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Level {
    /// The document's.
    Team,
    /// An objective's.
    Objective,
    /// A key result's or a health metric's.
    KeyResult,
}

impl Level {
    /// The column of the `x-` key `key` at this level.
    pub fn header(self, key: &str) -> String {
        match self {
            Level::Team => format!("team.{key}"),
            Level::Objective => format!("objective.{key}"),
            Level::KeyResult => key.to_owned(),
        }
    }

    /// The level and `x-` key a header names, if it names one: written
    /// exactly, as export writes it (keys are case-sensitive).
    pub fn of_header(header: &str) -> Option<(Level, String)> {
        let header = header.trim();
        let (level, key) = match header.split_once('.') {
            Some(("team", key)) => (Level::Team, key),
            Some(("objective", key)) => (Level::Objective, key),
            _ => (Level::KeyResult, header),
        };
        (key.starts_with("x-") && key.len() > 2).then(|| (level, key.to_owned()))
    }
}

/// A header as compared: lowercase, without white space, `_`, `-` or `.`.
fn normalise(header: &str) -> String {
    header
        .chars()
        .filter(|c| !c.is_whitespace() && !matches!(c, '_' | '-' | '.'))
        .flat_map(char::to_lowercase)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_export_header_reads_back() {
        for column in Column::ALL {
            assert_eq!(Column::from_header(column.name()), Some(column));
            assert_eq!(Column::from_header(&column.name().to_uppercase().replace('_', " ")), Some(column));
        }
    }

    #[test]
    fn people_s_names_are_understood() {
        let cases = [
            ("Objective", Column::ObjectiveTitle),
            ("Key Result", Column::Title),
            ("KR", Column::Title),
            ("Target", Column::Target),
            ("  Current ", Column::Current),
            ("Baseline", Column::Start),
            ("Owner", Column::Owner),
            ("TEAM", Column::Team),
            ("Quarter", Column::Period),
            ("At least", Column::AtLeast),
            ("KR ID", Column::KeyResultId),
        ];
        for (header, column) in cases {
            assert_eq!(Column::from_header(header), Some(column), "{header}");
        }
        assert_eq!(Column::from_header("Status colour"), None);
    }

    #[test]
    fn extension_columns_name_their_level() {
        for (level, key) in [(Level::Team, "x-slack"), (Level::Objective, "x-a.b"), (Level::KeyResult, "x-jira")] {
            assert_eq!(Level::of_header(&level.header(key)), Some((level, key.to_owned())));
        }
        assert_eq!(Level::of_header("x-"), None);
        assert_eq!(Level::of_header("notes"), None);
    }

    #[test]
    fn no_alias_names_two_columns() {
        let mut seen = std::collections::BTreeMap::new();
        for column in Column::ALL {
            for name in std::iter::once(normalise(column.name())).chain(column.aliases().iter().map(|a| a.to_string()))
            {
                assert_eq!(normalise(&name), name, "{name} is not normalised");
                if let Some(other) = seen.insert(name.clone(), column) {
                    panic!("{name} names {other:?} and {column:?}");
                }
            }
        }
    }
}
