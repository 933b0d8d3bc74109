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

/// What the rules across files need of one objective.
#[derive(Debug, Clone, PartialEq)]
pub struct ObjectiveOutline {
    pub team: String,
    pub period: Period,
    pub id: String,
    /// The whole objective, and its `id` value.
    pub node: Span,
    pub id_span: Span,
    /// Each `aligns_to` reference as written, where it was written.
    pub aligns_to: Vec<(String, Span)>,
    pub key_results: Vec<KeyResultOutline>,
}

/// What the rules across files need of one key result.
#[derive(Debug, Clone, PartialEq)]
pub struct KeyResultOutline {
    pub id: String,
    pub title: String,
    pub title_span: Span,
}

/// The outlines of a document's objectives, in the order they were written.
pub fn outline(document: &Document) -> Vec<ObjectiveOutline> {
    document
        .objectives
        .iter()
        .map(|objective| ObjectiveOutline {
            team: document.team.clone(),
            period: document.period,
            id: objective.id.clone(),
            node: objective.spans.node,
            id_span: objective.spans.id,
            aligns_to: objective.aligns_to.iter().cloned().zip(objective.spans.aligns_to.iter().copied()).collect(),
            key_results: objective
                .key_results
                .iter()
                .map(|kr| KeyResultOutline { id: kr.id.clone(), title: kr.title.clone(), title_span: kr.spans.title })
                .collect(),
        })
        .collect()
}

/// Where an objective was written.
#[derive(Debug, Clone, Copy)]
pub struct Located<'w> {
    pub file: FileId,
    pub objective: &'w ObjectiveOutline,
}

/// An objective's canonical ref, borrowed: (team, objective id, period).
pub type Key<'w> = (&'w str, &'w str, Period);

impl<'w> Located<'w> {
    pub fn canonical(&self) -> CanonicalRef {
        CanonicalRef::objective(&self.objective.team, &self.objective.id, self.objective.period)
    }

    pub fn key(&self) -> Key<'w> {
        (&self.objective.team, &self.objective.id, self.objective.period)
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
}

impl<'w> Index<'w> {
    /// The index of every file's outlines, given in file order.
    pub fn build<I>(files: I) -> Index<'w>
    where
        I: IntoIterator<Item = (FileId, &'w [ObjectiveOutline])>,
    {
        let all: Vec<Located<'w>> = files
            .into_iter()
            .flat_map(|(file, objectives)| objectives.iter().map(move |objective| Located { file, objective }))
            .collect();
        // Sized up front: growing a map rehashes every key, and with tens of
        // thousands of objectives that rehashing showed in the profile.
        let mut by_key = fast_map::with_capacity(all.len());
        let mut periods = Vec::new();
        for (position, located) in all.iter().enumerate() {
            by_key.entry(located.key()).or_insert(position);
            let period = located.objective.period;
            if periods.last() != Some(&period) && !periods.contains(&period) {
                periods.push(period);
            }
        }
        Index { all, by_key, periods }
    }

    /// Every objective, in file order, duplicates included.
    pub fn all(&self) -> &[Located<'w>] {
        &self.all
    }

    /// The position in [`Index::all`] of the first definition of `key`.
    pub fn first_definition(&self, key: &Key<'_>) -> Option<usize> {
        self.by_key.get(key).copied()
    }

    /// Where the objective `reference` names (or holds the key result it
    /// names) is in `period`: its position in [`Index::all`].
    fn position(&self, reference: &Reference, period: Period) -> Option<usize> {
        let position = *self.by_key.get(&(reference.team.as_str(), reference.objective.as_str(), period))?;
        match &reference.key_result {
            None => Some(position),
            Some(id) => self.all[position].objective.key_results.iter().any(|kr| kr.id == *id).then_some(position),
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
