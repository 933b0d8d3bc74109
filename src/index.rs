//! Every objective of a workspace by canonical ref, and the resolution of
//! `aligns_to` references (§1.6): the same period first, then the smallest
//! enclosing period that has the referenced objective or key result.

use std::collections::HashMap;

use crate::check::diagnostic::FileId;
use crate::load::Workspace;
use crate::model::{Document, KeyResult, Objective};
use crate::period::Period;
use crate::refs::{CanonicalRef, Reference};

/// Where an objective was written.
#[derive(Debug, Clone, Copy)]
pub struct Located<'w> {
    pub file: FileId,
    pub document: &'w Document,
    pub objective: &'w Objective,
}

impl Located<'_> {
    pub fn canonical(&self) -> CanonicalRef {
        CanonicalRef::objective(&self.document.team, &self.objective.id, self.document.period)
    }
}

#[derive(Debug, PartialEq)]
pub enum Resolution {
    /// The ref of the objective or key result the reference names.
    Found(CanonicalRef),
    /// `@period` names a period that neither equals nor encloses the child's.
    PeriodNotEnclosing(Period),
    /// Nothing by that name in the child's period or an enclosing one;
    /// `elsewhere` lists matches in other periods, for the help line.
    Unresolved { elsewhere: Vec<CanonicalRef> },
}

#[derive(Default)]
pub struct Index<'w> {
    /// First definition of each objective, in file order.
    objectives: HashMap<CanonicalRef, Located<'w>>,
    /// Periods that have an objective of this (team, objective id).
    periods_by_name: HashMap<(&'w str, &'w str), Vec<Period>>,
}

impl<'w> Index<'w> {
    pub fn build(workspace: &'w Workspace) -> Index<'w> {
        let mut index = Index::default();
        for (file, document) in workspace.documents() {
            for objective in &document.objectives {
                let located = Located { file, document, objective };
                index.objectives.entry(located.canonical()).or_insert(located);
                let periods = index.periods_by_name.entry((&document.team, &objective.id)).or_default();
                if !periods.contains(&document.period) {
                    periods.push(document.period);
                }
            }
        }
        index
    }

    pub fn objective(&self, canonical: &CanonicalRef) -> Option<&Located<'w>> {
        self.objectives.get(&canonical.objective_ref())
    }

    pub fn key_result(&self, canonical: &CanonicalRef) -> Option<&'w KeyResult> {
        let id = canonical.key_result.as_deref()?;
        self.objective(canonical)?.objective.key_results.iter().find(|kr| kr.id == id)
    }

    fn has(&self, canonical: &CanonicalRef) -> bool {
        match canonical.key_result {
            None => self.objectives.contains_key(canonical),
            Some(_) => self.key_result(canonical).is_some(),
        }
    }

    /// Resolve a reference written in an objective of `child_period`.
    pub fn resolve(&self, child_period: Period, reference: &Reference) -> Resolution {
        if let Some(period) = reference.period {
            if !period.encloses(&child_period) {
                return Resolution::PeriodNotEnclosing(period);
            }
            let canonical = reference.in_period(period);
            if self.has(&canonical) {
                return Resolution::Found(canonical);
            }
        } else if let Some(found) =
            child_period.with_ancestors().map(|p| reference.in_period(p)).find(|candidate| self.has(candidate))
        {
            return Resolution::Found(found);
        }
        let mut elsewhere: Vec<CanonicalRef> = self
            .periods_by_name
            .get(&(reference.team.as_str(), reference.objective.as_str()))
            .into_iter()
            .flatten()
            .map(|p| reference.in_period(*p))
            .filter(|candidate| self.has(candidate))
            .collect();
        elsewhere.sort();
        Resolution::Unresolved { elsewhere }
    }
}
