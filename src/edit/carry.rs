//! `okr carry`: start period Q from what period P left unfinished.
//!
//! Every objective of P that did not reach its green threshold (1 for a
//! committed objective, `grading.green` for an aspirational one) comes along
//! with its unfinished key results (score below 1); with `all`, every
//! objective that scored below 1 does. A progress key result starts where it stood
//! (`start` = its last `current`, target unchanged), a threshold keeps its
//! bound and last `current`, a milestone is still not done. Confidence, manual
//! scores and notes belong to P and stay behind. The objective gains
//! `x-carried-from` with its canonical ref in P. Achieved key results and
//! objectives, and (without `all`) objectives that reached green, stay
//! behind. Health metrics (KPIs) go on as they were.

use std::path::PathBuf;

use crate::config::Config;
use crate::load::Workspace;
use crate::measure::Measure;
use crate::model::{Document, KeyResult, Num, Objective};
use crate::period::Period;
use crate::refs::CanonicalRef;

/// One team's carry: the new document and what was carried or left.
#[derive(Debug, Clone)]
pub struct TeamCarry {
    /// The team's id.
    pub team: String,
    /// The team's files for P, for the layout of the new file.
    pub sources: Vec<PathBuf>,
    /// The unfinished objectives carried into the new period.
    pub objectives: Vec<CarriedObjective>,
    /// Objectives of P that scored 1, with their scores.
    pub achieved: Vec<(CanonicalRef, f64)>,
    /// Objectives of P that reached green but not 1, with their scores:
    /// left behind unless every unfinished objective is carried.
    pub green: Vec<(CanonicalRef, f64)>,
    /// The document for Q; `None` when nothing is left to carry.
    pub document: Option<Document>,
}

/// An objective carried from the earlier period, with what it left behind.
#[derive(Debug, Clone)]
pub struct CarriedObjective {
    /// The objective in the earlier period.
    pub from: CanonicalRef,
    /// Its score there.
    pub score: f64,
    /// The carried key results, as written in Q.
    pub key_results: Vec<KeyResult>,
    /// Achieved key results left in P, with their scores.
    pub achieved: Vec<(CanonicalRef, f64)>,
}

/// The extension key that records where a carried objective came from.
pub const CARRIED_FROM: &str = "x-carried-from";

/// Which objectives of the earlier period come along.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Carry {
    /// Those that did not reach green (by `[grading]` and their kind).
    BelowGreen,
    /// Every one that scored below 1.
    AllUnfinished,
}

/// Whether `to` starts after `from` ends, under the fiscal calendar of
/// `config`: the only direction a carry goes.
pub fn goes_forward(config: &Config, from: Period, to: Period) -> bool {
    let fiscal = config.periods.fiscal_year_start_month;
    to.dates(fiscal).0 > from.dates(fiscal).1
}

/// The carry of every team with files for `from` (only `team`, if given).
pub fn plan(
    workspace: &Workspace,
    config: &Config,
    (from, to): (Period, Period),
    team: Option<&str>,
    which: Carry,
) -> Vec<TeamCarry> {
    let mut teams: Vec<TeamCarry> = Vec::new();
    for (file, document) in workspace.documents() {
        if document.period != from || team.is_some_and(|t| t != document.team) {
            continue;
        }
        let index = match teams.iter().position(|t| t.team == document.team) {
            Some(i) => i,
            None => {
                teams.push(TeamCarry {
                    team: document.team.clone(),
                    sources: Vec::new(),
                    objectives: Vec::new(),
                    achieved: Vec::new(),
                    green: Vec::new(),
                    document: None,
                });
                teams.len() - 1
            }
        };
        let carry = &mut teams[index];
        carry.sources.push(workspace.files[file].path.clone());
        let new = carry.document.get_or_insert_with(|| Document {
            period: to,
            objectives: Vec::new(),
            health: Vec::new(),
            ..document.clone()
        });
        new.health.extend(document.health.iter().cloned());
        for objective in &document.objectives {
            let canonical = CanonicalRef::objective(&document.team, &objective.id, from);
            let score = crate::score::objective(objective);
            if score >= 1.0 {
                carry.achieved.push((canonical, score));
                continue;
            }
            let green = crate::score::grade(score, objective.kind, &config.grading) == crate::score::Grade::Green;
            if green && which == Carry::BelowGreen {
                carry.green.push((canonical, score));
                continue;
            }
            let (carried, left) = carry_objective(objective, &canonical);
            new.objectives.push(carried.clone());
            carry.objectives.push(CarriedObjective {
                from: canonical,
                score,
                key_results: carried.key_results,
                achieved: left,
            });
        }
    }
    for carry in &mut teams {
        if carry.objectives.is_empty() {
            carry.document = None;
        }
    }
    teams
}

/// The objective for Q, and the achieved key results left behind.
fn carry_objective(objective: &Objective, canonical: &CanonicalRef) -> (Objective, Vec<(CanonicalRef, f64)>) {
    let mut carried = Objective { key_results: Vec::new(), ..objective.clone() };
    carried.extensions.insert(CARRIED_FROM.into(), serde_json::Value::String(canonical.to_string()));
    let mut left = Vec::new();
    for kr in &objective.key_results {
        let score = crate::score::key_result(kr).0;
        if score >= 1.0 {
            let kr_ref = CanonicalRef::key_result(&canonical.team, &canonical.objective, &kr.id, canonical.period);
            left.push((kr_ref, score));
        } else {
            carried.key_results.push(carry_key_result(kr));
        }
    }
    (carried, left)
}

fn carry_key_result(kr: &KeyResult) -> KeyResult {
    let mut carried = KeyResult { confidence: None, score: None, note: None, ..kr.clone() };
    match Measure::of(kr) {
        Ok(Measure::Progress { current, .. }) => {
            carried.start = Some(Num(current));
            carried.current = None;
        }
        Ok(Measure::Milestone { .. }) => carried.done = Some(false),
        Ok(Measure::Threshold { .. }) | Err(_) => {}
    }
    carried
}
