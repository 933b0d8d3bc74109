//! `okr import` as data: documents from a [`Grid`], one per team and period,
//! and every problem of the sheet at its row and column, with what to do.
//!
//! How a sheet is read:
//! - The first row with anything in it is the header. Its cells name the
//!   columns ([`Column::from_header`]); a column okr does not know is
//!   ignored, with a warning.
//! - A row whose objective cells (title and id) are empty continues the
//!   objective above it, as people lay sheets out; a row with an objective
//!   and no key result only names the objective. Empty team and period
//!   cells take the value of the row above (or `--team`, `--period`).
//! - Rows with the same objective (its id, else its title) in the same team
//!   and period belong to one objective wherever they are; its own cells
//!   (kind, owner, description, tags, aligns_to) may be repeated on each of
//!   them, but not differ.
//! - A row of `type` `health` is a health metric, never part of an objective.
//! - Ids come from the id columns, else from titles ([`cell::slug`]), made
//!   unique with `-2`, `-3`…; `o1`, `kr1`, `h1` when a title has no ASCII
//!   letter or digit.
//! - `45%` in a value column (start, target, at_least, at_most, current) is
//!   45 with unit `%`, as is a workbook's 0.45 in a percent format; in
//!   `confidence`, `weight` and `score` a percentage is a fraction (60% is 0.6).

use std::collections::BTreeMap;

use crate::model::Extensions;
use crate::model::{Document, HealthMetric, KeyResult, Kind, Num, Objective};
use crate::period::Period;
use crate::sheet::cell::{self, Decimals};
use crate::sheet::grid::{Cell, Grid};
use crate::sheet::{extension_of_cell, Column, Level, LIST_SEPARATOR};
use crate::text::Text;

/// What `--team` and `--period` give the rows that do not say.
#[derive(Debug, Clone, Default)]
pub struct Defaults {
    /// `--team`.
    pub team: Option<String>,
    /// `--period`.
    pub period: Option<Period>,
}

/// A problem at a row and, when it is one cell's, a column of the sheet.
#[derive(Debug, Clone, PartialEq)]
pub struct Problem {
    /// The row, as numbered beside it.
    pub row: usize,
    /// The column, from 1.
    pub column: Option<usize>,
    /// What is wrong, and what to do.
    pub message: String,
}

/// A title and the id okr made from it.
#[derive(Debug, Clone, PartialEq)]
pub struct Mapping {
    /// Where it was written.
    pub row: usize,
    /// What it names: `objective`, `key result` or `health metric`.
    pub what: &'static str,
    /// `team/objective[/kr]@period` it became (`team/metric@period` for a health metric).
    pub reference: String,
    /// The title.
    pub title: Text,
}

/// One document made from the sheet, and the rows each part came from.
#[derive(Debug, Clone, PartialEq)]
pub struct ImportedDocument {
    /// The document.
    pub document: Document,
    /// For each objective, its first row and the row of each key result.
    pub objective_rows: Vec<(usize, Vec<usize>)>,
    /// The row of each health metric.
    pub health_rows: Vec<usize>,
}

/// What a sheet makes.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Imported {
    /// The documents, in the order their first row appears.
    pub documents: Vec<ImportedDocument>,
    /// Every problem of the sheet; nothing should be written while there is one.
    pub errors: Vec<Problem>,
    /// What okr ignored (columns it does not know).
    pub warnings: Vec<Problem>,
    /// The ids made from titles.
    pub mappings: Vec<Mapping>,
    /// The header: each column okr reads, and where it is in the sheet (from 1).
    pub columns: BTreeMap<Column, usize>,
    /// The `x-` columns: their level, key and place in the sheet (from 1).
    pub extensions: Vec<(Level, String, usize)>,
}

/// The sheet lacks these columns, and no `--team` / `--period` stands in.
#[derive(Debug, Clone, PartialEq)]
pub struct MissingColumns(pub Vec<Column>);

/// The documents a sheet makes, or the columns it needs and lacks.
pub fn import(grid: &Grid, defaults: &Defaults) -> Result<Imported, MissingColumns> {
    let mut imported = Imported::default();
    let Some(header_at) = grid.rows.iter().position(|(_, cells)| cells.iter().any(|c| *c != Cell::Empty)) else {
        imported.errors.push(Problem {
            row: 1,
            column: None,
            message: "the sheet is empty: its first row names the columns (objective, key result, target…), \
                      the rows below hold one key result each"
                .into(),
        });
        return Ok(imported);
    };
    let (header_row, header) = &grid.rows[header_at];
    read_header(*header_row, header, &mut imported);
    let missing: Vec<Column> = [(Column::Team, defaults.team.is_none()), (Column::Period, defaults.period.is_none())]
        .into_iter()
        .filter(|(column, no_default)| *no_default && !imported.columns.contains_key(column))
        .map(|(column, _)| column)
        .collect();
    if !missing.is_empty() {
        return Err(MissingColumns(missing));
    }
    for (column, name) in
        [(Column::ObjectiveTitle, "objective_title` or `Objective"), (Column::Title, "title` or `Key Result")]
    {
        if !imported.columns.contains_key(&column) {
            imported.errors.push(Problem {
                row: *header_row,
                column: None,
                message: format!("no {} column: name one `{name}`", column.name()),
            });
        }
    }
    if !imported.errors.is_empty() {
        return Ok(imported);
    }
    let mut builder = Builder {
        grid,
        defaults,
        columns: &imported.columns,
        extensions: &imported.extensions,
        sheet: Sheet::default(),
        errors: Vec::new(),
    };
    for (row, cells) in &grid.rows[header_at + 1..] {
        builder.row(*row, cells);
    }
    let Builder { sheet, errors, .. } = builder;
    imported.errors.extend(errors);
    let (documents, mappings, id_errors) = sheet.finish();
    imported.errors.extend(id_errors);
    imported.errors.sort_by_key(|p| (p.row, p.column));
    imported.documents = documents;
    imported.mappings = mappings;
    imported.mappings.sort_by_key(|m| m.row);
    Ok(imported)
}

fn read_header(row: usize, cells: &[Cell], imported: &mut Imported) {
    for (i, cell) in cells.iter().enumerate() {
        let column_number = i + 1;
        let name = match cell {
            Cell::Empty => continue,
            other => crate::sheet::grid::shown(other),
        };
        if let Some((level, key)) = Level::of_header(&name) {
            if let Some((_, _, first)) = imported.extensions.iter().find(|(l, k, _)| *l == level && *k == key) {
                let message = format!(
                    "`{}` is a second column of that name (the first is column {}): remove or rename one",
                    name.trim(),
                    cell::column_letters(*first)
                );
                imported.errors.push(Problem { row, column: Some(column_number), message });
            } else {
                imported.extensions.push((level, key, column_number));
            }
            continue;
        }
        match Column::from_header(&name) {
            Some(column) if !column.is_read() => {}
            Some(column) => {
                if let Some(first) = imported.columns.insert(column, column_number) {
                    imported.columns.insert(column, first);
                    imported.errors.push(Problem {
                        row,
                        column: Some(column_number),
                        message: format!(
                            "`{}` is a second {} column (the first is column {}): remove or rename one",
                            name.trim(),
                            column.name(),
                            cell::column_letters(first)
                        ),
                    });
                }
            }
            None => imported.warnings.push(Problem {
                row,
                column: Some(column_number),
                message: format!("column `{}` is not one okr reads: ignored", name.trim()),
            }),
        }
    }
}

/// The sheet as read so far: documents by team and period, in order.
#[derive(Default)]
struct Sheet {
    documents: Vec<DraftDocument>,
    /// Each document's index by team and period: a sheet may hold thousands.
    by_team: std::collections::HashMap<(String, Period), usize>,
    /// The objective of the last row that named one: `(document, objective)`.
    last: Option<(usize, usize)>,
}

struct DraftDocument {
    team: String,
    period: Period,
    owner: Option<Text>,
    extensions: Extensions,
    /// Where each of the team's cells was first written, by name.
    first: BTreeMap<String, usize>,
    objectives: Vec<DraftObjective>,
    health: Vec<(usize, Option<String>, HealthMetric)>,
}

struct DraftObjective {
    row: usize,
    id: Option<String>,
    objective: Objective,
    /// Where each objective cell was first written, to compare later rows with.
    first: BTreeMap<Column, usize>,
    /// Where each `x-` key was first written.
    first_extension: BTreeMap<String, usize>,
    key_results: Vec<(usize, Option<String>, KeyResult)>,
}

struct Builder<'a> {
    grid: &'a Grid,
    defaults: &'a Defaults,
    columns: &'a BTreeMap<Column, usize>,
    extensions: &'a [(Level, String, usize)],
    sheet: Sheet,
    errors: Vec<Problem>,
}

/// The objective a row belongs to, or why it has none.
enum Place {
    /// The `index`th objective of the `document`th document.
    Objective { document: usize, objective: usize },
    /// A health metric of the `document`th document.
    Health { document: usize },
}

/// The cells of one row, by column.
struct RowCells<'a> {
    row: usize,
    cells: &'a [Cell],
    columns: &'a BTreeMap<Column, usize>,
    extensions: &'a [(Level, String, usize)],
    decimals: Decimals,
}

impl RowCells<'_> {
    fn cell(&self, column: Column) -> &Cell {
        self.columns.get(&column).and_then(|at| self.cells.get(at - 1)).unwrap_or(&Cell::Empty)
    }

    fn is_empty(&self, column: Column) -> bool {
        self.text_raw(column).is_none()
    }

    /// The text of a cell as written (okr's `'` removed), `None` when blank.
    fn text_raw(&self, column: Column) -> Option<String> {
        match self.cell(column) {
            Cell::Empty => None,
            Cell::Text(text) if text.trim().is_empty() => None,
            Cell::Text(text) => Some(cell::unprefix(text).to_owned()),
            other => Some(crate::sheet::grid::shown(other)),
        }
    }

    /// The text of a cell without white space around it.
    fn text(&self, column: Column) -> Option<String> {
        self.text_raw(column).map(|t| t.trim().to_owned())
    }

    /// The `x-` values of this row at `level`, with their columns.
    fn extensions(&self, level: Level) -> Vec<(String, serde_json::Value, usize)> {
        self.extensions
            .iter()
            .filter(|(l, _, _)| *l == level)
            .filter_map(|(_, key, at)| {
                let text = match self.cells.get(at - 1)? {
                    Cell::Empty => return None,
                    Cell::Text(text) if text.trim().is_empty() => return None,
                    Cell::Text(text) => cell::unprefix(text).to_owned(),
                    other => crate::sheet::grid::shown(other),
                };
                Some((key.clone(), extension_of_cell(&text), *at))
            })
            .collect()
    }

    /// A problem in the `x-` column at `at`.
    fn problem_at(&self, at: usize, message: String) -> Problem {
        Problem { row: self.row, column: Some(at), message: format!("column {}: {message}", cell::column_letters(at)) }
    }

    fn problem(&self, column: Column, message: String) -> Problem {
        let at = self.columns.get(&column).copied();
        let letters = at.map(|c| format!(" (column {})", cell::column_letters(c))).unwrap_or_default();
        Problem { row: self.row, column: at, message: format!("{}{letters}: {message}", column.name()) }
    }
}

/// A number of a value column: (value, whether written as a percentage).
type Value = Option<(f64, bool)>;

impl Builder<'_> {
    fn row(&mut self, row: usize, cells: &[Cell]) {
        let cells =
            RowCells { row, cells, columns: self.columns, extensions: self.extensions, decimals: self.grid.decimals };
        let no_extension =
            [Level::Team, Level::Objective, Level::KeyResult].iter().all(|l| cells.extensions(*l).is_empty());
        if self.columns.keys().all(|c| cells.is_empty(*c)) && no_extension {
            return;
        }
        if !self.usable(&cells) {
            return;
        }
        let is_health = match cells.text(Column::Type).map(|t| t.to_lowercase()) {
            None => false,
            Some(t) if t == "health" => true,
            Some(t) if ["progress", "threshold", "milestone"].contains(&t.as_str()) => false,
            Some(t) => {
                let message =
                    format!("`{t}` is not a type: write progress, threshold, milestone or health, or leave it empty");
                self.errors.push(cells.problem(Column::Type, message));
                return;
            }
        };
        let Some(place) = self.place(&cells, is_health) else { return };
        match place {
            Place::Health { document } => {
                self.document_cells(&cells, document);
                self.health(&cells, document)
            }
            Place::Objective { document, objective } => {
                self.document_cells(&cells, document);
                self.key_result(&cells, document, objective)
            }
        }
    }

    /// Whether the row's text cells hold text: a workbook's date or error
    /// cell where text belongs is an error (number cells say so themselves).
    fn usable(&mut self, cells: &RowCells<'_>) -> bool {
        let numeric = [
            Column::Start,
            Column::Target,
            Column::AtLeast,
            Column::AtMost,
            Column::Current,
            Column::Confidence,
            Column::Weight,
            Column::Score,
            Column::Done,
        ];
        let mut usable = true;
        for (column, _) in self.columns.iter().filter(|(c, _)| !numeric.contains(c)) {
            if let Cell::Unusable(what) = cells.cell(*column) {
                let message = format!("{what}, not text: format the cell as text and type it again");
                self.errors.push(cells.problem(*column, message));
                usable = false;
            }
        }
        usable
    }

    /// The team and period of a row: its cells, else the row above's, else the defaults.
    fn team_and_period(&mut self, cells: &RowCells<'_>) -> Option<(String, Period)> {
        let above = self.sheet.documents.last().map(|d| (d.team.clone(), d.period));
        let team = match cells.text(Column::Team) {
            // `Platform` for `platform`: only the case differs, nothing is guessed.
            Some(team) if crate::model::is_id(&team.to_lowercase()) => Some(team.to_lowercase()),
            Some(team) => {
                let slug = cell::slug(&team);
                let hint = if slug.is_empty() { String::new() } else { format!(", e.g. `{slug}`") };
                let message =
                    format!("`{team}` is not a team id: write 1 to 64 lowercase letters, digits, `-` or `_`{hint}");
                self.errors.push(cells.problem(Column::Team, message));
                None
            }
            None => above.as_ref().map(|(t, _)| t.clone()).or_else(|| self.defaults.team.clone()).or_else(|| {
                self.errors.push(cells.problem(Column::Team, "empty: write the team's id, or pass --team".into()));
                None
            }),
        };
        let period = match cells.text(Column::Period) {
            Some(text) => match parse_period(&text) {
                Some(period) => Some(period),
                None => {
                    let message = format!(
                        "`{text}` is not a period: write a quarter (2026-Q3), a half (2026-H2) or a year (2026)"
                    );
                    self.errors.push(cells.problem(Column::Period, message));
                    None
                }
            },
            None => above.map(|(_, p)| p).or(self.defaults.period).or_else(|| {
                self.errors.push(cells.problem(Column::Period, "empty: write the period, or pass --period".into()));
                None
            }),
        };
        Some((team?, period?))
    }

    fn document(&mut self, team: String, period: Period) -> usize {
        if let Some(at) = self.sheet.by_team.get(&(team.clone(), period)) {
            return *at;
        }
        self.sheet.by_team.insert((team.clone(), period), self.sheet.documents.len());
        self.sheet.documents.push(DraftDocument {
            team,
            period,
            owner: None,
            extensions: Extensions::new(),
            first: BTreeMap::new(),
            objectives: Vec::new(),
            health: Vec::new(),
        });
        self.sheet.documents.len() - 1
    }

    fn place(&mut self, cells: &RowCells<'_>, is_health: bool) -> Option<Place> {
        let objective_title = cells.text_raw(Column::ObjectiveTitle);
        let objective_id = cells.text(Column::ObjectiveId);
        if is_health {
            let objective_cells = [
                Column::ObjectiveId,
                Column::ObjectiveTitle,
                Column::ObjectiveKind,
                Column::ObjectiveOwner,
                Column::Description,
                Column::Tags,
                Column::AlignsTo,
            ];
            for column in objective_cells.into_iter().filter(|c| !cells.is_empty(*c)) {
                let message = "a health metric belongs to no objective: leave the objective's cells empty on its row, or make the row a key result".into();
                self.errors.push(cells.problem(column, message));
            }
            let (team, period) = self.team_and_period(cells)?;
            return Some(Place::Health { document: self.document(team, period) });
        }
        if objective_title.is_none() && objective_id.is_none() {
            // A row under an objective, as sheets lay them out.
            let Some((document, objective)) = self.sheet.last else {
                let message = "empty, and no objective above to continue: write the objective's title".into();
                self.errors.push(cells.problem(Column::ObjectiveTitle, message));
                return None;
            };
            let current = &self.sheet.documents[document];
            let (team, period) = (current.team.clone(), current.period);
            let mismatch = [
                (Column::Team, cells.text(Column::Team).filter(|t| *t != team)),
                (Column::Period, cells.text(Column::Period).filter(|p| parse_period(p) != Some(period))),
            ];
            for (column, other) in mismatch {
                if let Some(other) = other {
                    let message = format!(
                        "`{other}` differs from the objective above ({team}, {period}) that this row continues: \
                         write the objective's title on this row too"
                    );
                    self.errors.push(cells.problem(column, message));
                    return None;
                }
            }
            self.objective_cells(cells, document, objective);
            return Some(Place::Objective { document, objective });
        }
        let (team, period) = self.team_and_period(cells)?;
        let document = self.document(team, period);
        let objectives = &self.sheet.documents[document].objectives;
        let found = match (&objective_id, &objective_title) {
            (Some(id), _) => objectives.iter().position(|o| o.id.as_deref() == Some(id.as_str())),
            (None, Some(title)) => objectives.iter().position(|o| o.objective.title.as_str().trim() == title.trim()),
            (None, None) => None,
        };
        let objective = match found {
            Some(objective) => objective,
            None => {
                let Some(title) = objective_title.clone() else {
                    let message = "empty on the first row of this objective: write its title".into();
                    self.errors.push(cells.problem(Column::ObjectiveTitle, message));
                    return None;
                };
                let id = objective_id.clone().filter(|id| self.valid_id(cells, Column::ObjectiveId, id));
                self.sheet.documents[document].objectives.push(DraftObjective {
                    row: cells.row,
                    id,
                    objective: Objective {
                        id: String::new(),
                        title: title.into(),
                        description: None,
                        kind: Kind::Aspirational,
                        owner: None,
                        tags: Vec::new(),
                        aligns_to: Vec::new(),
                        key_results: Vec::new(),
                        extensions: Default::default(),
                        spans: Default::default(),
                    },
                    first: BTreeMap::new(),
                    first_extension: BTreeMap::new(),
                    key_results: Vec::new(),
                });
                self.sheet.documents[document].objectives.len() - 1
            }
        };
        self.sheet.last = Some((document, objective));
        self.objective_cells(cells, document, objective);
        Some(Place::Objective { document, objective })
    }

    fn valid_id(&mut self, cells: &RowCells<'_>, column: Column, id: &str) -> bool {
        if crate::model::is_id(id) {
            return true;
        }
        let slug = cell::slug(id);
        let hint = if slug.is_empty() { String::new() } else { format!(", e.g. `{slug}`") };
        let message = format!(
            "`{id}` is not an id: write 1 to 64 lowercase letters, digits, `-` or `_`{hint}, or leave it empty \
             for okr to make one from the title"
        );
        self.errors.push(cells.problem(column, message));
        false
    }

    /// The team's own cells on this row (`team_owner`, `team.x-…`): set on
    /// the first row that has them, the same on the others.
    fn document_cells(&mut self, cells: &RowCells<'_>, document: usize) {
        let draft = &mut self.sheet.documents[document];
        if let Some(owner) = cells.text(Column::TeamOwner) {
            match &draft.owner {
                None => {
                    draft.first.insert(Column::TeamOwner.name().into(), cells.row);
                    draft.owner = Some(owner.into());
                }
                Some(first) if first.as_str() == owner => {}
                Some(_) => {
                    let row = draft.first.get(Column::TeamOwner.name()).copied().unwrap_or(cells.row);
                    let message = format!("differs from row {row}, where this team's owner for {} was first written: write it once, or the same on every row", draft.period);
                    self.errors.push(cells.problem(Column::TeamOwner, message));
                }
            }
        }
        for (key, value, at) in cells.extensions(Level::Team) {
            match draft.extensions.get(&key) {
                None => {
                    draft.first.insert(key.clone(), cells.row);
                    draft.extensions.insert(key, value);
                }
                Some(first) if *first == value => {}
                Some(_) => {
                    let row = draft.first.get(&key).copied().unwrap_or(cells.row);
                    let message = format!("differs from row {row}, where the team's {key} was first written: write it once, or the same on every row");
                    self.errors.push(cells.problem_at(at, message));
                }
            }
        }
    }

    /// The objective's own cells on this row: set on its first row, the same on the others.
    fn objective_cells(&mut self, cells: &RowCells<'_>, document: usize, objective: usize) {
        let kind = cells.text(Column::ObjectiveKind).map(|k| k.to_lowercase());
        let kind = match kind.as_deref() {
            None => None,
            Some("aspirational") => Some(Kind::Aspirational),
            Some("committed") => Some(Kind::Committed),
            Some(other) => {
                let message = format!("`{other}` is not a kind of objective: write aspirational or committed");
                self.errors.push(cells.problem(Column::ObjectiveKind, message));
                None
            }
        };
        let values: [(Column, Option<String>); 5] = [
            (Column::ObjectiveKind, kind.map(|k| k.as_str().to_owned())),
            (Column::ObjectiveOwner, cells.text(Column::ObjectiveOwner)),
            (Column::Description, cells.text_raw(Column::Description)),
            (Column::Tags, cells.text_raw(Column::Tags).map(|t| list(&t, &[';', '\n']).join(LIST_SEPARATOR))),
            (
                Column::AlignsTo,
                cells.text_raw(Column::AlignsTo).map(|t| list(&t, &[';', ',', '\n', ' ']).join(LIST_SEPARATOR)),
            ),
        ];
        let draft = &mut self.sheet.documents[document].objectives[objective];
        for (key, value, at) in cells.extensions(Level::Objective) {
            match draft.objective.extensions.get(&key) {
                None => {
                    draft.first_extension.insert(key.clone(), cells.row);
                    draft.objective.extensions.insert(key, value);
                }
                Some(first) if *first == value => {}
                Some(_) => {
                    let row = draft.first_extension.get(&key).copied().unwrap_or(cells.row);
                    let message = format!("differs from row {row}, where this objective's {key} was first written: write it once, or the same on every row of the objective");
                    self.errors.push(cells.problem_at(at, message));
                }
            }
        }
        for (column, value) in values {
            let Some(value) = value else { continue };
            let current = match column {
                Column::ObjectiveKind => {
                    draft.first.contains_key(&column).then(|| draft.objective.kind.as_str().to_owned())
                }
                Column::ObjectiveOwner => draft.objective.owner.as_ref().map(|t| t.as_str().to_owned()),
                Column::Description => draft.objective.description.as_ref().map(|t| t.as_str().to_owned()),
                Column::Tags => draft
                    .first
                    .contains_key(&column)
                    .then(|| draft.objective.tags.iter().map(Text::as_str).collect::<Vec<_>>().join(LIST_SEPARATOR)),
                _ => draft.first.contains_key(&column).then(|| draft.objective.aligns_to.join(LIST_SEPARATOR)),
            };
            match current {
                Some(current) if current == value => {}
                Some(_) => {
                    let first = draft.first.get(&column).copied().unwrap_or(draft.row);
                    let message = format!(
                        "differs from row {first}, where this objective's {} was first written: write it once, \
                         or the same on every row of the objective",
                        column.name()
                    );
                    self.errors.push(cells.problem(column, message));
                    return;
                }
                None => {
                    draft.first.insert(column, cells.row);
                    match column {
                        Column::ObjectiveKind => draft.objective.kind = kind.unwrap_or_default(),
                        Column::ObjectiveOwner => draft.objective.owner = Some(value.into()),
                        Column::Description => draft.objective.description = Some(value.into()),
                        Column::Tags => {
                            draft.objective.tags = list(&value, &[';']).into_iter().map(Text::from).collect()
                        }
                        _ => draft.objective.aligns_to = list(&value, &[';']),
                    }
                }
            }
        }
    }

    /// A number cell: `None` when empty; an error (and `Err`) when not a number.
    fn number(&mut self, cells: &RowCells<'_>, column: Column) -> Result<Value, ()> {
        match cells.cell(column) {
            Cell::Empty => Ok(None),
            Cell::Number { value, percent } if value.is_finite() => Ok(Some((*value, *percent))),
            // A workbook may store `NaN` or `1e999` (infinite once read): no value a file can hold.
            Cell::Number { value, .. } => {
                let message = format!("the number cell holds {value}, not a finite number: type the number again");
                self.errors.push(cells.problem(column, message));
                Err(())
            }
            Cell::Text(text) if text.trim().is_empty() => Ok(None),
            Cell::Text(text) => match cell::number(cell::unprefix(text), cells.decimals) {
                // A typed 45% is 45 with unit %; a stored 0.45 shown as 45% likewise, below.
                Some(typed) => Ok(Some((if typed.percent { typed.value / 100.0 } else { typed.value }, typed.percent))),
                None => {
                    let decimals = match cells.decimals {
                        Decimals::Point => "45, 0.5 or 45% (a decimal point, no thousands separator)",
                        Decimals::PointOrComma => "45, 0,5 or 45% (no thousands separator)",
                    };
                    let message = format!("`{}` is not a number: write a number such as {decimals}", text.trim());
                    self.errors.push(cells.problem(column, message));
                    Err(())
                }
            },
            other => {
                let message = format!("{} is not a number: write a number", crate::sheet::grid::shown(other));
                self.errors.push(cells.problem(column, message));
                Err(())
            }
        }
    }

    fn done(&mut self, cells: &RowCells<'_>) -> Result<Option<bool>, ()> {
        let parsed = match cells.cell(Column::Done) {
            Cell::Empty => return Ok(None),
            Cell::Bool(value) => Some(*value),
            Cell::Number { value, .. } if *value == 1.0 || *value == 0.0 => Some(*value == 1.0),
            Cell::Text(text) if text.trim().is_empty() => return Ok(None),
            Cell::Text(text) => cell::boolean(text),
            _ => None,
        };
        parsed.map(Some).ok_or_else(|| {
            let shown = crate::sheet::grid::shown(cells.cell(Column::Done));
            let message = format!("`{}` is not yes or no: write yes, no, true, false, done or ✓", shown.trim());
            self.errors.push(cells.problem(Column::Done, message));
        })
    }

    fn key_result(&mut self, cells: &RowCells<'_>, document: usize, objective: usize) {
        let title = cells.text_raw(Column::Title);
        let key_result_cells = [
            Column::KeyResultId,
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
            Column::Type,
        ];
        let Some(title) = title else {
            if let Some(column) = key_result_cells.into_iter().find(|c| !cells.is_empty(*c)) {
                let message = format!("this row has a {} but no key result title: write the title", column.name());
                self.errors.push(cells.problem(Column::Title, message));
            }
            // Otherwise a row that only names its objective.
            return;
        };
        let Ok(values) = self.values(cells) else { return };
        let Ok(fractions) = self.fractions(cells) else { return };
        let Ok(done) = self.done(cells) else { return };
        let Some(unit) = self.unit(cells, &values) else { return };
        let id = cells.text(Column::KeyResultId).filter(|id| self.valid_id(cells, Column::KeyResultId, id));
        let [start, target, at_least, at_most, current] = values.map(|v| v.map(|(n, _)| Num(n)));
        let [confidence, weight, score] = fractions.map(|v| v.map(Num));
        let kr = KeyResult {
            id: String::new(),
            title: title.into(),
            start,
            target,
            current,
            at_least,
            at_most,
            done,
            unit: unit.map(Text::from),
            confidence,
            weight,
            owner: cells.text(Column::Owner).map(Text::from),
            score,
            note: cells.text_raw(Column::Note).map(Text::from),
            source: cells.text(Column::Source).map(Text::from),
            extensions: cells.extensions(Level::KeyResult).into_iter().map(|(k, v, _)| (k, v)).collect(),
            spans: Default::default(),
        };
        if !self.type_agrees(cells, &kr) {
            return;
        }
        self.sheet.documents[document].objectives[objective].key_results.push((cells.row, id, kr));
    }

    /// `start`, `target`, `at_least`, `at_most`, `current`: a percentage as
    /// its number of percent.
    fn values(&mut self, cells: &RowCells<'_>) -> Result<[Value; 5], ()> {
        let columns = [Column::Start, Column::Target, Column::AtLeast, Column::AtMost, Column::Current];
        let mut out = [None; 5];
        let mut failed = false;
        for (slot, column) in out.iter_mut().zip(columns) {
            match self.number(cells, column) {
                Ok(value) => *slot = value.map(|(n, percent)| (if percent { hundredfold(n) } else { n }, percent)),
                Err(()) => failed = true,
            }
        }
        if failed {
            Err(())
        } else {
            Ok(out)
        }
    }

    /// `confidence`, `weight`, `score`: a percentage as a fraction.
    fn fractions(&mut self, cells: &RowCells<'_>) -> Result<[Option<f64>; 3], ()> {
        let mut out = [None; 3];
        let mut failed = false;
        for (slot, column) in out.iter_mut().zip([Column::Confidence, Column::Weight, Column::Score]) {
            match self.number(cells, column) {
                Ok(value) => *slot = value.map(|(n, _)| n),
                Err(()) => failed = true,
            }
        }
        if failed {
            Err(())
        } else {
            Ok(out)
        }
    }

    /// The unit: the cell's, or `%` when a value was written as a
    /// percentage; `None` (after an error) when the two disagree.
    fn unit(&mut self, cells: &RowCells<'_>, values: &[Value]) -> Option<Option<String>> {
        let written = cells.text(Column::Unit);
        let percent = values.iter().flatten().any(|(_, percent)| *percent);
        match written {
            Some(unit) if percent && unit != "%" => {
                let message = format!(
                    "`{unit}`, but values of this row are percentages: write the unit %, or the values without %"
                );
                self.errors.push(cells.problem(Column::Unit, message));
                None
            }
            Some(unit) => Some(Some(unit)),
            None if percent => Some(Some("%".into())),
            None => Some(None),
        }
    }

    /// Whether a `type` cell agrees with the values the row has.
    fn type_agrees(&mut self, cells: &RowCells<'_>, kr: &KeyResult) -> bool {
        let Some(written) = cells.text(Column::Type).map(|t| t.to_lowercase()) else { return true };
        let (needs, has) = match written.as_str() {
            "progress" => ("start and target", kr.start.is_some() || kr.target.is_some()),
            "threshold" => ("at_least or at_most", kr.at_least.is_some() || kr.at_most.is_some()),
            _ => ("done (yes or no)", kr.done.is_some()),
        };
        if !has {
            let message = format!("a {written} key result needs {needs}: write them on this row, or fix the type");
            self.errors.push(cells.problem(Column::Type, message));
        }
        has
    }

    fn health(&mut self, cells: &RowCells<'_>, document: usize) {
        let Some(title) = cells.text_raw(Column::Title) else {
            self.errors.push(cells.problem(Column::Title, "empty: a health metric needs a title".into()));
            return;
        };
        let not_for_health = [
            Column::Start,
            Column::Target,
            Column::Done,
            Column::Confidence,
            Column::Weight,
            Column::Score,
            Column::Owner,
            Column::Note,
            Column::Source,
        ];
        let mut fine = true;
        for column in not_for_health.into_iter().filter(|c| !cells.is_empty(*c)) {
            let message =
                format!("a health metric has no {}: leave it empty, or make the row a key result", column.name());
            self.errors.push(cells.problem(column, message));
            fine = false;
        }
        let Ok(values) = self.values(cells) else { return };
        let Some(unit) = self.unit(cells, &values) else { return };
        let id = cells.text(Column::KeyResultId).filter(|id| self.valid_id(cells, Column::KeyResultId, id));
        if !fine {
            return;
        }
        let [_, _, at_least, at_most, current] = values.map(|v| v.map(|(n, _)| Num(n)));
        let metric = HealthMetric {
            id: String::new(),
            title: title.into(),
            at_least,
            at_most,
            current,
            unit: unit.map(Text::from),
            extensions: cells.extensions(Level::KeyResult).into_iter().map(|(k, v, _)| (k, v)).collect(),
            spans: Default::default(),
        };
        self.sheet.documents[document].health.push((cells.row, id, metric));
    }
}

/// A fraction as a number of percent, without the float noise of `0.07 * 100`.
fn hundredfold(fraction: f64) -> f64 {
    let percent = fraction * 100.0;
    let rounded = (percent * 1e9).round() / 1e9;
    if rounded.is_finite() && (rounded - percent).abs() <= percent.abs() * 1e-12 {
        rounded
    } else {
        percent
    }
}

/// The items of a list cell, split at any of `separators`, trimmed, empty ones dropped.
fn list(text: &str, separators: &[char]) -> Vec<String> {
    text.split(|c| separators.contains(&c)).map(str::trim).filter(|s| !s.is_empty()).map(str::to_owned).collect()
}

/// A period as people write it: `2026-Q3`, `2026-q3`, `2026 Q3`, `Q3 2026`, `Q3-2026`.
fn parse_period(text: &str) -> Option<Period> {
    let compact: String = text.chars().filter(|c| !c.is_whitespace() && *c != '-' && *c != '/').collect();
    let compact = compact.to_ascii_uppercase();
    let (year, part) = if compact.len() == 6 && (compact.starts_with('Q') || compact.starts_with('H')) {
        (&compact[2..], &compact[..2])
    } else if compact.len() == 6 {
        (&compact[..4], &compact[4..])
    } else {
        (compact.as_str(), "")
    };
    let normal = if part.is_empty() { year.to_owned() } else { format!("{year}-{part}") };
    Period::parse_any_case(&normal).ok()
}

impl Sheet {
    /// The documents, with every id made; the mappings from titles; the
    /// problems found in doing so.
    fn finish(self) -> (Vec<ImportedDocument>, Vec<Mapping>, Vec<Problem>) {
        let mut mappings = Vec::new();
        let mut documents = Vec::new();
        for draft in self.documents {
            let (team, period) = (draft.team.clone(), draft.period);
            let scope =
                |parents: &str, what: &'static str| Scope { parents: format!("{team}/{parents}"), period, what };
            let objective_ids = unique_ids(
                draft.objectives.iter().map(|o| (o.row, o.id.clone(), o.objective.title.clone())),
                &scope("", "objective"),
                &mut mappings,
            );
            let mut objective_rows = Vec::new();
            let mut objectives = Vec::new();
            for (mut draft_objective, id) in draft.objectives.into_iter().zip(objective_ids) {
                let krs = unique_ids(
                    draft_objective.key_results.iter().map(|(row, id, kr)| (*row, id.clone(), kr.title.clone())),
                    &scope(&format!("{id}/"), "key result"),
                    &mut mappings,
                );
                let rows: Vec<usize> = draft_objective.key_results.iter().map(|(row, _, _)| *row).collect();
                draft_objective.objective.key_results = draft_objective
                    .key_results
                    .into_iter()
                    .zip(krs)
                    .map(|((_, _, kr), id)| KeyResult { id, ..kr })
                    .collect();
                objective_rows.push((draft_objective.row, rows));
                objectives.push(Objective { id, ..draft_objective.objective });
            }
            let health_ids = unique_ids(
                draft.health.iter().map(|(row, id, m)| (*row, id.clone(), m.title.clone())),
                &scope("", "health metric"),
                &mut mappings,
            );
            let health_rows = draft.health.iter().map(|(row, _, _)| *row).collect();
            let health =
                draft.health.into_iter().zip(health_ids).map(|((_, _, m), id)| HealthMetric { id, ..m }).collect();
            documents.push(ImportedDocument {
                document: Document {
                    version: 1,
                    team: draft.team,
                    period: draft.period,
                    owner: draft.owner,
                    objectives,
                    health,
                    extensions: draft.extensions,
                    spans: Default::default(),
                },
                objective_rows,
                health_rows,
            });
        }
        (documents, mappings, Vec::new())
    }
}

/// Where ids are made: `team/objective/` before them, the period, and what they name.
struct Scope {
    parents: String,
    period: Period,
    what: &'static str,
}

impl Scope {
    /// What an id stands in for when its title has no ASCII letter or digit: `o1`, `kr1`, `h1`.
    fn fallback(&self) -> &'static str {
        match self.what {
            "objective" => "o",
            "key result" => "kr",
            _ => "h",
        }
    }
}

/// Ids for `(row, written id, title)` items of one scope: the written ones
/// as they are, the others from titles, unique, recorded in `mappings`.
fn unique_ids(
    items: impl Iterator<Item = (usize, Option<String>, Text)>,
    scope: &Scope,
    mappings: &mut Vec<Mapping>,
) -> Vec<String> {
    let items: Vec<_> = items.collect();
    let mut taken: std::collections::BTreeSet<String> = items.iter().filter_map(|(_, id, _)| id.clone()).collect();
    items
        .into_iter()
        .enumerate()
        .map(|(i, (row, id, title))| {
            if let Some(id) = id {
                return id;
            }
            let base = cell::slug(title.as_str());
            let base = if base.is_empty() { format!("{}{}", scope.fallback(), i + 1) } else { base };
            let mut id = base.clone();
            let mut n = 2;
            while taken.contains(&id) {
                let suffix = format!("-{n}");
                id = format!("{}{suffix}", cell::cut(&base, 64 - suffix.len()));
                n += 1;
            }
            taken.insert(id.clone());
            let reference = format!("{}{id}@{}", scope.parents, scope.period);
            mappings.push(Mapping { row, what: scope.what, reference, title });
            id
        })
        .collect()
}

impl Imported {
    /// Where in the sheet a finding on `line` of the file written for
    /// `documents[document]` comes from: the row of the key result, health
    /// metric or objective around that line, and the column of the field
    /// written there when the sheet has it. `parsed` is the document read
    /// back from `text`, the file's text.
    pub fn locate(&self, document: usize, parsed: &Document, text: &str, line: u32) -> (usize, Option<usize>) {
        let imported = &self.documents[document];
        let inside = |span: &crate::span::Span| span.line <= line && line <= span.end_line;
        let first_row = imported.objective_rows.first().map(|(row, _)| *row);
        let first_row = first_row.or(imported.health_rows.first().copied()).unwrap_or(1);
        let mut row = first_row;
        let mut level = Part::Document;
        for (objective, rows) in parsed.objectives.iter().zip(&imported.objective_rows) {
            if inside(&objective.spans.node) {
                (row, level) = (rows.0, Part::Objective);
                for (kr, kr_row) in objective.key_results.iter().zip(&rows.1) {
                    if inside(&kr.spans.node) {
                        (row, level) = (*kr_row, Part::KeyResult);
                    }
                }
            }
        }
        for (metric, metric_row) in parsed.health.iter().zip(&imported.health_rows) {
            if inside(&metric.spans.node) {
                (row, level) = (*metric_row, Part::KeyResult);
            }
        }
        let key = text.lines().nth(line.saturating_sub(1) as usize).and_then(|l| {
            let l = l.trim_start();
            let l = l.strip_prefix("- ").unwrap_or(l);
            l.split_once(':').map(|(key, _)| key.trim().to_owned())
        });
        let field = key.and_then(|key| column_of_key(&key, level)).and_then(|c| self.columns.get(&c).copied());
        // A finding about the whole key result or objective points at its title.
        let whole = match level {
            Part::KeyResult => Column::Title,
            Part::Objective => Column::ObjectiveTitle,
            Part::Document => Column::Team,
        };
        (row, field.or_else(|| self.columns.get(&whole).copied()))
    }
}

/// Which part of a file a line is in.
#[derive(Clone, Copy, PartialEq)]
enum Part {
    Document,
    Objective,
    KeyResult,
}

/// The column a key of the file comes from, at its level.
fn column_of_key(key: &str, level: Part) -> Option<Column> {
    let column = match (key, level) {
        ("team", _) => Column::Team,
        ("period", _) => Column::Period,
        ("id", Part::Objective) => Column::ObjectiveId,
        ("title", Part::Objective) => Column::ObjectiveTitle,
        ("owner", Part::Objective) => Column::ObjectiveOwner,
        ("kind", _) => Column::ObjectiveKind,
        ("id", _) => Column::KeyResultId,
        ("title", _) => Column::Title,
        (other, Part::KeyResult | Part::Objective) => Column::ALL.into_iter().find(|c| c.name() == other)?,
        _ => return None,
    };
    Some(column)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(t: &str) -> Cell {
        if t.is_empty() {
            Cell::Empty
        } else {
            Cell::Text(t.to_owned())
        }
    }

    fn grid(rows: &[Vec<Cell>]) -> Grid {
        Grid { rows: rows.iter().cloned().enumerate().map(|(i, r)| (i + 1, r)).collect(), decimals: Decimals::Point }
    }

    fn header(names: &[&str]) -> Vec<Cell> {
        names.iter().map(|n| text(n)).collect()
    }

    #[test]
    fn ids_from_titles_are_unique_and_never_empty() {
        let sheet = grid(&[
            header(&["team", "period", "objective", "kr", "start", "target"]),
            ["web", "2026-Q3", "提高收入", "Load time", "1", "2"].map(text).to_vec(),
            ["", "", "", "Load time", "3", "4"].map(text).to_vec(),
            ["", "", "", "提高", "3", "4"].map(text).to_vec(),
        ]);
        let imported = import(&sheet, &Defaults::default()).unwrap();
        assert!(imported.errors.is_empty(), "{:?}", imported.errors);
        let objective = &imported.documents[0].document.objectives[0];
        assert_eq!(objective.id, "o1");
        let ids: Vec<&str> = objective.key_results.iter().map(|kr| kr.id.as_str()).collect();
        assert_eq!(ids, ["load-time", "load-time-2", "kr3"]);
        let references: Vec<&str> = imported.mappings.iter().map(|m| m.reference.as_str()).collect();
        assert_eq!(references[0], "web/o1@2026-Q3");
        assert!(references.contains(&"web/o1/load-time-2@2026-Q3"), "{references:?}");
    }

    #[test]
    fn workbook_percentages_dates_and_booleans() {
        let sheet = grid(&[
            header(&["team", "period", "objective", "kr", "start", "target", "confidence", "done"]),
            vec![
                text("web"),
                text("2026-Q3"),
                text("Faster"),
                text("Share grows"),
                Cell::Number { value: 0.07, percent: true },
                Cell::Number { value: 0.35, percent: true },
                Cell::Number { value: 0.6, percent: true },
                Cell::Empty,
            ],
            vec![
                Cell::Empty,
                Cell::Empty,
                Cell::Empty,
                text("Shipped"),
                Cell::Empty,
                Cell::Empty,
                Cell::Empty,
                Cell::Bool(true),
            ],
            vec![
                Cell::Empty,
                Cell::Empty,
                Cell::Empty,
                Cell::Unusable("a date".into()),
                Cell::Empty,
                Cell::Empty,
                Cell::Empty,
                Cell::Empty,
            ],
        ]);
        let imported = import(&sheet, &Defaults::default()).unwrap();
        assert_eq!(imported.errors.len(), 1, "{:?}", imported.errors);
        assert_eq!((imported.errors[0].row, imported.errors[0].column), (4, Some(4)));
        assert!(imported.errors[0].message.contains("a date, not text"), "{}", imported.errors[0].message);
        let krs = &imported.documents[0].document.objectives[0].key_results;
        assert_eq!((krs[0].start, krs[0].target, krs[0].confidence), (Some(Num(7.0)), Some(Num(35.0)), Some(Num(0.6))));
        assert_eq!(krs[0].unit.as_ref().map(Text::as_str), Some("%"));
        assert_eq!(krs[1].done, Some(true));
    }

    #[test]
    fn defaults_fill_what_the_sheet_lacks_and_missing_columns_are_named() {
        let sheet =
            grid(&[header(&["objective", "kr", "start", "target"]), ["Faster", "Load", "1", "2"].map(text).to_vec()]);
        assert_eq!(
            import(&sheet, &Defaults::default()).unwrap_err(),
            MissingColumns(vec![Column::Team, Column::Period])
        );
        let defaults = Defaults { team: Some("web".into()), period: Some("2026-Q3".parse().unwrap()) };
        let imported = import(&sheet, &defaults).unwrap();
        assert_eq!(imported.documents[0].document.team, "web");
    }

    #[test]
    fn a_finding_in_a_written_file_points_back_at_its_row_and_column() {
        let sheet = grid(&[
            header(&["team", "period", "objective", "kr", "start", "target", "confidence"]),
            ["web", "2026-Q3", "Faster", "Load time", "1", "2", ""].map(text).to_vec(),
            ["", "", "", "Budget", "3", "4", "1.5"].map(text).to_vec(),
        ]);
        let imported = import(&sheet, &Defaults::default()).unwrap();
        // The file as okr writes it (`edit::write_document`, a layer above).
        let text = "version: 1\nteam: web\nperiod: 2026-Q3\nobjectives:\n  - id: faster\n    title: Faster\n    key_results:\n      - id: load-time\n        title: Load time\n        start: 1\n        target: 2\n      - id: budget\n        title: Budget\n        start: 3\n        target: 4\n        confidence: 1.5\n";
        let workspace = crate::load::one_file("f.okr.yaml", text.as_bytes().to_vec());
        let parsed = workspace.files[0].document.as_ref().unwrap();
        let line = text.lines().position(|l| l.contains("confidence: 1.5")).unwrap() as u32 + 1;
        assert_eq!(imported.locate(0, parsed, text, line), (3, Some(7)));
        let title = text.lines().position(|l| l.contains("title: Faster")).unwrap() as u32 + 1;
        assert_eq!(imported.locate(0, parsed, text, title), (2, Some(3)));
    }

    #[test]
    fn a_workbook_number_that_is_nan_or_infinite_is_an_error_at_its_cell() {
        // It reached the file as `.nan` and `.inf`, which okr check then
        // called "the string NaN" in a file the person never wrote.
        let sheet = grid(&[
            header(&["team", "period", "objective", "kr", "start", "target"]),
            vec![
                text("web"),
                text("2026-Q3"),
                text("Faster"),
                text("Share grows"),
                Cell::Number { value: f64::NAN, percent: false },
                Cell::Number { value: f64::INFINITY, percent: false },
            ],
        ]);
        let imported = import(&sheet, &Defaults::default()).unwrap();
        let places: Vec<(usize, Option<usize>)> = imported.errors.iter().map(|p| (p.row, p.column)).collect();
        assert_eq!(places, [(2, Some(5)), (2, Some(6))], "{:?}", imported.errors);
        assert!(imported.errors[0].message.contains("not a finite number"), "{:?}", imported.errors);
    }
}
