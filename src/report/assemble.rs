//! From the replay to the report: final scores and grades, statuses,
//! staleness against the report date, and the summary.

use std::collections::BTreeMap;

use chrono::NaiveDate;

use crate::config::Config;
use crate::history::Walk;
use crate::refs::CanonicalRef;
use crate::report::tracker::{self, CommitIndex, KeyResultTrack, ObjectiveTrack, Tracker};
use crate::report::wire::{
    CheckinReport, HealthReport, KeyResultReport, ObjectiveReport, Report, Status, Summary, TargetChangeReport,
    TeamReport,
};
use crate::report::{Options, Window};
use crate::score::{self, Grade};
use crate::scoreboard::health_status;
use crate::text::Text;

/// Turn the replay into the report: final scores, statuses, staleness and
/// the summary.
pub fn assemble(
    tracker: &Tracker,
    walk: &Walk,
    window: &Window,
    report_date: NaiveDate,
    options: &Options,
    config: &Config,
) -> Report {
    let stamp = |commit: CommitIndex| {
        let c = &walk.commits[commit];
        (c.date, c.id.to_string(), c.author.clone())
    };
    // The source an `okr sync --commit` trailer names for a key result's check-in.
    let synced = |commit: CommitIndex, reference: &str| {
        crate::history::trailer::synced_source(&walk.commits[commit].okr_trailers, reference).map(Text::from)
    };
    let context = Assembly { stamp: &stamp, synced: &synced, window, report_date, options, config };
    let mut teams: BTreeMap<&str, TeamReport> = BTreeMap::new();
    let reported = |team: &String| options.teams.is_empty() || options.teams.contains(team);
    for track in tracker.objectives.iter().filter(|t| reported(&t.team)) {
        let team = teams.entry(&track.team).or_insert_with(|| TeamReport {
            team: track.team.clone(),
            score: None,
            objectives: Vec::new(),
            health: Vec::new(),
        });
        team.objectives.push(context.objective(track));
    }
    for track in tracker.health.iter().filter(|t| t.present) {
        if let Some(team) = teams.get_mut(track.team.as_str()) {
            let metric = health_status(track.get());
            team.health.push(HealthReport { metric, checkins: track.checkins, breached_checkins: track.breached });
        }
    }
    let mut teams: Vec<TeamReport> = teams.into_values().collect();
    for team in &mut teams {
        team.score = score::mean(team.objectives.iter().filter(|o| o.status != Status::Dropped).map(|o| o.score));
    }
    Report {
        version: 1,
        period: options.period,
        start: window.start,
        end: window.end,
        rev: walk.commits.last().map(|c| c.id.to_string()).unwrap_or_default(),
        shallow: walk.shallow,
        report_date,
        summary: summarise(&teams),
        teams,
        last_day: window.last_day,
    }
}

type Stamp<'a> = &'a dyn Fn(CommitIndex) -> (NaiveDate, String, Text);

struct Assembly<'a> {
    stamp: Stamp<'a>,
    synced: &'a dyn Fn(CommitIndex, &str) -> Option<Text>,
    window: &'a Window,
    report_date: NaiveDate,
    options: &'a Options,
    config: &'a Config,
}

impl Assembly<'_> {
    fn objective(&self, track: &ObjectiveTrack) -> ObjectiveReport {
        let objective = &track.last;
        let dropped = !track.present;
        let status = match (dropped, track.created) {
            (true, _) => Status::Dropped,
            (false, Some(_)) => Status::Added,
            (false, None) => Status::Active,
        };
        // The final score counts the key results of the final state; a dropped
        // objective keeps the score of its last state.
        let score = objective.score;
        let canonical = CanonicalRef::objective(&track.team, &track.id, self.options.period);
        let key_results = track.key_results.iter().map(|kr| self.key_result(&canonical, kr, dropped)).collect();
        ObjectiveReport {
            title: objective.title.clone(),
            kind: objective.kind,
            score,
            grade: score::grade(score, objective.kind, &self.config.grading),
            status,
            target_changes: track.target_changes.iter().map(|c| self.target_change(c)).collect(),
            key_results,
            aligns_to: objective.aligns_to.iter().map(|a| Text::from(a.as_str())).collect(),
            canonical,
        }
    }

    fn key_result(&self, objective: &CanonicalRef, track: &KeyResultTrack, objective_dropped: bool) -> KeyResultReport {
        let kr = &track.last;
        let status = match (objective_dropped || !track.present, track.created) {
            (true, _) => Status::Dropped,
            (false, Some(_)) => Status::Added,
            (false, None) => Status::Active,
        };
        let score = kr.score;
        let reference =
            CanonicalRef::key_result(&objective.team, &objective.objective, &track.id, objective.period).to_string();
        let checkins: Vec<CheckinReport> = track
            .checkins
            .iter()
            .map(|c| {
                let (date, commit, author) = (self.stamp)(c.commit);
                let (confidence, note) = (c.confidence, c.note.clone());
                let source = (self.synced)(c.commit, &reference);
                CheckinReport { date, commit, author, value: c.value, score: c.score, confidence, note, source }
            })
            .collect();
        let last_checkin = checkins.last().map(|c| c.date);
        // Without a check-in, a key result is as fresh as its creation or the
        // period start, whichever is later.
        let created = track.created.map(|c| (self.stamp)(c).0);
        let fresh_since =
            last_checkin.unwrap_or_else(|| created.map_or(self.window.start, |d| d.max(self.window.start)));
        let stale = status != Status::Dropped
            && score < 1.0 - score::EPSILON
            && (self.report_date - fresh_since).num_days() > i64::from(self.options.stale_days);
        KeyResultReport {
            canonical: CanonicalRef::key_result(&objective.team, &objective.objective, &track.id, objective.period),
            title: kr.title.clone(),
            measure: kr.measure,
            score,
            status,
            first: track.first,
            last: kr.values,
            sparkline: track.sparkline.clone(),
            checkins,
            target_changes: track.target_changes.iter().map(|c| self.target_change(c)).collect(),
            last_checkin,
            stale,
            unit: kr.unit.clone(),
            note: kr.note.clone(),
        }
    }

    fn target_change(&self, change: &tracker::TargetChange) -> TargetChangeReport {
        let (date, commit, author) = (self.stamp)(change.commit);
        TargetChangeReport { date, commit, author, field: change.field, old: change.old, new: change.new }
    }
}

fn summarise(teams: &[TeamReport]) -> Summary {
    let mut summary = Summary::default();
    let mut scores = Vec::new();
    let mut kept_checkins = 0;
    for team in teams {
        let mut kept_objective = false;
        for objective in &team.objectives {
            let dropped = objective.status == Status::Dropped;
            summary.target_changes += objective.target_changes.len();
            for kr in &objective.key_results {
                summary.checkins += kr.checkins.len();
                summary.target_changes += kr.target_changes.len();
                summary.stale += usize::from(kr.stale);
                summary.added += usize::from(kr.status == Status::Added);
                if kr.status == Status::Dropped {
                    summary.dropped += usize::from(!dropped);
                } else {
                    summary.key_results += 1;
                    kept_checkins += kr.checkins.len();
                }
            }
            summary.added += usize::from(objective.status == Status::Added);
            if dropped {
                summary.dropped += 1;
                continue;
            }
            kept_objective = true;
            summary.objectives += 1;
            scores.push(objective.score);
            match objective.grade {
                Grade::Green => summary.grades.green += 1,
                Grade::Yellow => summary.grades.yellow += 1,
                Grade::Red => summary.grades.red += 1,
            }
        }
        summary.teams += usize::from(kept_objective);
    }
    summary.score = score::mean(scores.into_iter());
    summary.checkins_per_key_result =
        (summary.key_results > 0).then(|| kept_checkins as f64 / summary.key_results as f64);
    summary
}
