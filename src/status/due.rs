//! `okr due`: the key results that need a check-in, grouped by who should
//! act. A key result is due when its latest check-in (or, without one, the
//! later of its creation and its period's start) is more than N days before
//! the as-of date: `okr report`'s *stale*, on a weekly rhythm. A key result
//! scoring 1 is never due.
//! These types are the JSON wire format of `okr due --format json`.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::Serialize;

use crate::refs::CanonicalRef;
use crate::score::EPSILON;
use crate::status::{Checkin, Status};
use crate::text::Text;

/// `okr due`'s result, as its JSON writes it.
#[derive(Debug, Serialize)]
pub struct Due {
    /// The version of the JSON format; 1.
    pub version: u32,
    /// The date dues are counted to.
    pub as_of: NaiveDate,
    /// A key result is due after this many days without a check-in.
    pub days: u32,
    /// Per owner, by owner: the key results due.
    pub due: Vec<OwnerDue>,
}

/// What one owner should check in.
#[derive(Debug, Serialize)]
pub struct OwnerDue {
    /// The key result's owner, else its objective's, else its file's, else the team id.
    pub owner: Text,
    /// Longest without a check-in first, then by ref.
    pub key_results: Vec<DueKeyResult>,
}

/// A key result due for a check-in.
#[derive(Debug, Serialize)]
pub struct DueKeyResult {
    /// Its canonical reference.
    #[serde(rename = "ref")]
    pub canonical: CanonicalRef,
    /// Its title.
    pub title: Text,
    /// Its latest check-in in its period, if any.
    pub latest_checkin: Option<Checkin>,
    /// Days since that check-in (or since its creation or its period's start).
    pub days_since: i64,
}

/// Whether a key result scoring `score`, `days_since` days without a
/// check-in, is due under a rhythm of `days` days.
pub fn is_due(score: f64, days_since: i64, days: u32) -> bool {
    score < 1.0 - EPSILON && days_since > i64::from(days)
}

/// The key results of `status` that are due (built with `days` as its
/// `due_days`), grouped by who should act.
pub fn list(status: &Status, days: u32) -> Due {
    let mut by_owner: BTreeMap<&str, OwnerDue> = BTreeMap::new();
    let key_results = status
        .periods
        .iter()
        .flat_map(|p| &p.teams)
        .flat_map(|t| &t.objectives)
        .flat_map(|o| &o.key_results)
        .filter(|kr| kr.due);
    for kr in key_results {
        let owner = by_owner
            .entry(kr.acts.as_str())
            .or_insert_with(|| OwnerDue { owner: kr.acts.clone(), key_results: Vec::new() });
        owner.key_results.push(DueKeyResult {
            canonical: kr.canonical.clone(),
            title: kr.title.clone(),
            latest_checkin: kr.latest_checkin.clone(),
            days_since: kr.days_since,
        });
    }
    let mut due: Vec<OwnerDue> = by_owner.into_values().collect();
    for owner in &mut due {
        owner.key_results.sort_by(|a, b| {
            b.days_since.cmp(&a.days_since).then_with(|| a.canonical.to_string().cmp(&b.canonical.to_string()))
        });
    }
    Due { version: 1, as_of: status.as_of, days, due }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn due_is_more_than_the_days_and_never_at_one() {
        assert!(!is_due(0.5, 7, 7), "seven days is on time");
        assert!(is_due(0.5, 8, 7));
        assert!(!is_due(1.0, 80, 7), "done needs no check-in");
        assert!(is_due(1.0 - 1e-6, 80, 7));
        assert!(!is_due(0.0, -3, 7), "a check-in after the as-of date");
    }
}
