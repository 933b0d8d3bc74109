//! Every objective of a workspace by canonical ref, and the resolution of
//! `aligns_to` references: the same period first, then the smallest
//! enclosing period that has the referenced objective or key result.

use crate::fast_map::{self, FastMap};
use crate::findings::FileId;
use crate::load::Workspace;
use crate::model::{Document, Objective};
use crate::period::Period;
use crate::refs::{CanonicalRef, Reference};

/// Where an objective was written.
#[derive(Debug, Clone, Copy)]
pub struct Located<'w> {
    pub file: FileId,
    pub document: &'w Document,
    pub objective: &'w Objective,
}

/// An objective's canonical ref, borrowed: (team, objective id, period).
pub type Key<'w> = (&'w str, &'w str, Period);

impl<'w> Located<'w> {
    pub fn canonical(&self) -> CanonicalRef {
        CanonicalRef::objective(&self.document.team, &self.objective.id, self.document.period)
    }

    pub fn key(&self) -> Key<'w> {
        (&self.document.team, &self.objective.id, self.document.period)
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
    pub fn build(workspace: &'w Workspace) -> Index<'w> {
        let all: Vec<Located<'w>> = workspace
            .documents()
            .flat_map(|(file, document)| {
                document.objectives.iter().map(move |objective| Located { file, document, objective })
            })
            .collect();
        // Sized up front: growing a map rehashes every key, and with tens of
        // thousands of objectives that rehashing showed in the profile.
        let mut by_key = fast_map::with_capacity(all.len());
        let mut periods = Vec::new();
        for (position, located) in all.iter().enumerate() {
            by_key.entry(located.key()).or_insert(position);
            if periods.last() != Some(&located.document.period) && !periods.contains(&located.document.period) {
                periods.push(located.document.period);
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
