//! Every objective of a workspace by canonical ref, and the resolution of
//! `aligns_to` references: the same period first, then the smallest
//! enclosing period that has the referenced objective or key result.
//!
//! The index holds outlines, not documents: what the rules across files need
//! of each objective (its ids, where they were written, its references and
//! its key results' titles). An outline is small and owned, so a caller may
//! drop a document once its outline is taken (`okr check` on a large tree),
//! or keep each file's outline and build the index again after one file
//! changes (the incremental workspace).

use crate::fast_map::{self, FastMap};
use crate::findings::FileId;
use crate::model::Document;
use crate::period::Period;
use crate::refs::{CanonicalRef, Reference};
use crate::span::Span;

/// What the rules across files need of one file: its team and period, and
/// of each objective its ids, where they were written, its references and
/// its key results' titles, in the order they were written. Boxed strings,
/// not documents: `okr check` keeps one per file of a large tree.
#[derive(Debug, Clone, PartialEq)]
pub struct FileOutline {
    pub team: Box<str>,
    pub period: Period,
    pub objectives: Box<[ObjectiveOutline]>,
}

/// What the rules across files need of one objective.
#[derive(Debug, Clone, PartialEq)]
pub struct ObjectiveOutline {
    pub id: Box<str>,
    /// The whole objective, and its `id` value.
    pub node: Span,
    pub id_span: Span,
    /// Each `aligns_to` reference as written, where it was written.
    pub aligns_to: Box<[(Box<str>, Span)]>,
    pub key_results: Box<[KeyResultOutline]>,
}

/// What the rules across files need of one key result.
#[derive(Debug, Clone, PartialEq)]
pub struct KeyResultOutline {
    pub id: Box<str>,
    /// The title's words, as [`title_words`] gives them.
    pub title_words: Box<str>,
    pub title_span: Span,
}

/// The outline of a document.
pub fn outline(document: &Document) -> FileOutline {
    let objectives = document
        .objectives
        .iter()
        .map(|objective| ObjectiveOutline {
            id: objective.id.as_str().into(),
            node: objective.spans.node,
            id_span: objective.spans.id,
            aligns_to: objective
                .aligns_to
                .iter()
                .zip(&objective.spans.aligns_to)
                .map(|(text, span)| (text.as_str().into(), *span))
                .collect(),
            key_results: objective
                .key_results
                .iter()
                .map(|kr| KeyResultOutline {
                    id: kr.id.as_str().into(),
                    title_words: title_words(kr.title.as_str()).into(),
                    title_span: kr.spans.title,
                })
                .collect(),
        })
        .collect();
    FileOutline { team: document.team.as_str().into(), period: document.period, objectives }
}

/// A title's words, lowercased and joined by single spaces: two titles are
/// the same words (ignoring case, spacing and punctuation) when these are
/// equal. Kept in the outline so that comparing titles, which runs for
/// every key result that aligns, is comparing strings.
pub fn title_words(title: &str) -> String {
    let mut words = String::with_capacity(title.len());
    for word in title.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()) {
        if !words.is_empty() {
            words.push(' ');
        }
        words.extend(word.chars().flat_map(char::to_lowercase));
    }
    words
}

/// Where an objective was written.
#[derive(Debug, Clone, Copy)]
pub struct Located<'w> {
    pub file: FileId,
    pub outline: &'w FileOutline,
    pub objective: &'w ObjectiveOutline,
}

/// An objective's canonical ref, borrowed: (team, objective id, period).
pub type Key<'w> = (&'w str, &'w str, Period);

impl<'w> Located<'w> {
    pub fn canonical(&self) -> CanonicalRef {
        CanonicalRef::objective(&self.outline.team, &self.objective.id, self.outline.period)
    }

    pub fn key(&self) -> Key<'w> {
        (&self.outline.team, &self.objective.id, self.outline.period)
    }

    pub fn team(&self) -> &'w str {
        &self.outline.team
    }

    pub fn period(&self) -> Period {
        self.outline.period
    }
}

#[derive(Debug, PartialEq)]
pub enum Resolution {
    /// The period the reference resolved in, and the position in
    /// [`Index::all`] of the objective it names or whose key result it names
    /// (its first definition). `Reference::in_period` gives the ref.
    Found { period: Period, position: usize },
    /// `@period` names a period that neither equals nor encloses the child's.
    PeriodNotEnclosing(Period),
    /// Nothing by that name in the child's period or an enclosing one;
    /// `elsewhere` lists matches in other periods, for the help line.
    Unresolved { elsewhere: Vec<CanonicalRef> },
}

#[derive(Default)]
pub struct Index<'w> {
    /// Every objective, in file order, duplicates included.
    all: Vec<Located<'w>>,
    /// Position in `all` of the first definition of each canonical ref. (A
    /// position, not a reference, so that lookups may use keys that live
    /// shorter than `'w`.)
    by_key: FastMap<Key<'w>, usize>,
    /// Every period that has an objective, for the help of an unresolved
    /// reference (a handful: looking each one up is cheaper than keeping the
    /// periods of every objective id).
    periods: Vec<Period>,
    /// Each later definition of a canonical ref and the first: positions
    /// in `all`, in file order.
    duplicates: Vec<(usize, usize)>,
}

impl<'w> Index<'w> {
    /// The index of every file's outline, given in file order.
    pub fn build<I>(files: I) -> Index<'w>
    where
        I: IntoIterator<Item = (FileId, &'w FileOutline)>,
    {
        let all: Vec<Located<'w>> = files
            .into_iter()
            .flat_map(|(file, outline)| {
                outline.objectives.iter().map(move |objective| Located { file, outline, objective })
            })
            .collect();
        // Sized up front: growing a map rehashes every key, and with tens of
        // thousands of objectives that rehashing showed in the profile.
        let mut by_key = fast_map::with_capacity(all.len());
        let mut periods = Vec::new();
        let mut duplicates = Vec::new();
        for (position, located) in all.iter().enumerate() {
            let first = *by_key.entry(located.key()).or_insert(position);
            if first != position {
                duplicates.push((position, first));
            }
            let period = located.period();
            if periods.last() != Some(&period) && !periods.contains(&period) {
                periods.push(period);
            }
        }
        Index { all, by_key, periods, duplicates }
    }

    /// Every objective, in file order, duplicates included.
    pub fn all(&self) -> &[Located<'w>] {
        &self.all
    }

    /// Each objective defined again (its position in [`Index::all`]) with
    /// the position of its first definition, in file order.
    pub fn duplicates(&self) -> &[(usize, usize)] {
        &self.duplicates
    }

    /// Where the objective `reference` names (or holds the key result it
    /// names) is in `period`: its position in [`Index::all`].
    fn position(&self, reference: &Reference, period: Period) -> Option<usize> {
        let position = *self.by_key.get(&(reference.team.as_str(), reference.objective.as_str(), period))?;
        match &reference.key_result {
            None => Some(position),
            Some(id) => self.all[position].objective.key_results.iter().any(|kr| *kr.id == **id).then_some(position),
        }
    }

    /// Resolve a reference written in an objective of `child_period`.
    pub fn resolve(&self, child_period: Period, reference: &Reference) -> Resolution {
        if let Some(period) = reference.period {
            if !period.encloses(&child_period) {
                return Resolution::PeriodNotEnclosing(period);
            }
            if let Some(position) = self.position(reference, period) {
                return Resolution::Found { period, position };
            }
        } else if let Some((period, position)) =
            child_period.with_ancestors().find_map(|p| Some((p, self.position(reference, p)?)))
        {
            return Resolution::Found { period, position };
        }
        let mut elsewhere: Vec<CanonicalRef> = self
            .periods
            .iter()
            .filter(|p| self.position(reference, **p).is_some())
            .map(|p| reference.in_period(*p))
            .collect();
        elsewhere.sort();
        Resolution::Unresolved { elsewhere }
    }
}
