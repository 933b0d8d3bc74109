//! Canonical refs and `aligns_to` references.

use std::fmt;

use crate::period::Period;

/// What an `aligns_to` entry names: `team/objective[/kr][@period]`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Reference {
    /// The team's id.
    pub team: String,
    /// The objective's id.
    pub objective: String,
    /// The key result's id, for a reference to a key result.
    pub key_result: Option<String>,
    /// The period, when written.
    pub period: Option<Period>,
}

impl Reference {
    /// The reference `text` spells, or `None` when it is not one.
    pub fn parse(text: &str) -> Option<Reference> {
        let (path, period) = match text.split_once('@') {
            Some((path, period)) => (path, Some(period.parse().ok()?)),
            None => (text, None),
        };
        let mut parts = path.split('/');
        let team = parts.next().filter(|p| crate::model::is_id(p))?;
        let objective = parts.next().filter(|p| crate::model::is_id(p))?;
        let key_result = match parts.next() {
            Some(kr) if crate::model::is_id(kr) => Some(kr.to_owned()),
            Some(_) => return None,
            None => None,
        };
        if parts.next().is_some() {
            return None;
        }
        Some(Reference { team: team.to_owned(), objective: objective.to_owned(), key_result, period })
    }

    /// The reference `text` spells as typed on a command line: as
    /// [`parse`](Self::parse), with the period in either case (`@2026-q3`).
    pub fn parse_argument(text: &str) -> Option<Reference> {
        match text.split_once('@') {
            Some((path, period)) => Reference::parse(&format!("{path}@{}", period.to_ascii_uppercase())),
            None => Reference::parse(text),
        }
    }

    /// The canonical ref this reference names once its period is known.
    pub fn in_period(&self, period: Period) -> CanonicalRef {
        CanonicalRef {
            team: self.team.clone(),
            objective: self.objective.clone(),
            key_result: self.key_result.clone(),
            period,
        }
    }
}

/// `team/objective@period` or `team/objective/kr@period`: how every machine
/// output names an objective or key result.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct CanonicalRef {
    /// The team's id.
    pub team: String,
    /// The objective's id.
    pub objective: String,
    /// The key result's id, for a key result.
    pub key_result: Option<String>,
    /// The period.
    pub period: Period,
}

impl CanonicalRef {
    /// The reference of an objective.
    pub fn objective(team: &str, objective: &str, period: Period) -> CanonicalRef {
        CanonicalRef { team: team.to_owned(), objective: objective.to_owned(), key_result: None, period }
    }

    /// The reference of a key result.
    pub fn key_result(team: &str, objective: &str, key_result: &str, period: Period) -> CanonicalRef {
        CanonicalRef { key_result: Some(key_result.to_owned()), ..CanonicalRef::objective(team, objective, period) }
    }

    /// The objective this ref is or belongs to.
    pub fn objective_ref(&self) -> CanonicalRef {
        CanonicalRef { key_result: None, ..self.clone() }
    }
}

impl fmt::Display for CanonicalRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.team, self.objective)?;
        if let Some(kr) = &self.key_result {
            write!(f, "/{kr}")?;
        }
        write!(f, "@{}", self.period)
    }
}

impl serde::Serialize for CanonicalRef {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_references() {
        let r = Reference::parse("company/ship-faster/lead-time@2026").unwrap();
        assert_eq!(r.key_result.as_deref(), Some("lead-time"));
        assert_eq!(r.in_period(r.period.unwrap()).to_string(), "company/ship-faster/lead-time@2026");
        assert!(Reference::parse("company/ship-faster").unwrap().period.is_none());
        for bad in ["company", "a/b/c/d", "A/b", "a/b@2026-Q9", "a//b", "a/b@"] {
            assert!(Reference::parse(bad).is_none(), "{bad}");
        }
    }
}
