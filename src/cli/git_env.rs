//! Who commits and when, as git reads it from its environment variables
//! (`GIT_AUTHOR_NAME`, `GIT_AUTHOR_EMAIL`, `GIT_AUTHOR_DATE`, the same for
//! `GIT_COMMITTER_*`, and `EMAIL`) and `--author`: read by the binary, turned
//! into the library's `Identities` here.

use std::ffi::OsString;

use chrono::{DateTime, FixedOffset, Local, NaiveDateTime, TimeZone};

use crate::cli::Error;
use okr::git::commit::{Identities, Person, When};

/// git's identity and date variables, as the process found them.
#[derive(Debug, Clone, Default)]
pub struct GitEnvironment {
    pub author_name: Option<OsString>,
    pub author_email: Option<OsString>,
    pub author_date: Option<OsString>,
    pub committer_name: Option<OsString>,
    pub committer_email: Option<OsString>,
    pub committer_date: Option<OsString>,
    /// `EMAIL`: git's last resort for an email.
    pub email: Option<OsString>,
}

impl GitEnvironment {
    /// Read from the process's environment (the binary's job).
    pub fn read(var: impl Fn(&str) -> Option<OsString>) -> GitEnvironment {
        GitEnvironment {
            author_name: var("GIT_AUTHOR_NAME"),
            author_email: var("GIT_AUTHOR_EMAIL"),
            author_date: var("GIT_AUTHOR_DATE"),
            committer_name: var("GIT_COMMITTER_NAME"),
            committer_email: var("GIT_COMMITTER_EMAIL"),
            committer_date: var("GIT_COMMITTER_DATE"),
            email: var("EMAIL"),
        }
    }
}

/// The author and committer: `--author` over `GIT_AUTHOR_NAME` and
/// `GIT_AUTHOR_EMAIL`, as `git commit --author` does; dates from
/// `GIT_AUTHOR_DATE` and `GIT_COMMITTER_DATE`.
pub fn identities(git: &GitEnvironment, author: Option<&str>) -> Result<Identities, Error> {
    let mut identities = Identities {
        author: Person {
            name: text("GIT_AUTHOR_NAME", &git.author_name)?,
            email: text("GIT_AUTHOR_EMAIL", &git.author_email)?,
            date: date("GIT_AUTHOR_DATE", &git.author_date)?,
        },
        committer: Person {
            name: text("GIT_COMMITTER_NAME", &git.committer_name)?,
            email: text("GIT_COMMITTER_EMAIL", &git.committer_email)?,
            date: date("GIT_COMMITTER_DATE", &git.committer_date)?,
        },
        // git ignores an empty EMAIL.
        fallback_email: git.email.as_ref().and_then(|e| e.to_str()).filter(|e| !e.is_empty()).map(str::to_owned),
    };
    if let Some(author) = author {
        let (name, email) = name_and_email(author).ok_or_else(|| {
            Error::Usage(format!("--author is `Name <email>` (e.g. `Dana Check <dana@example.com>`), not `{author}`"))
        })?;
        identities.author.name = Some(name);
        identities.author.email = Some(email);
    }
    Ok(identities)
}

/// A variable's text; set but empty or not UTF-8 is refused, as git refuses
/// an empty name.
fn text(name: &str, value: &Option<OsString>) -> Result<Option<String>, Error> {
    let Some(value) = value else { return Ok(None) };
    match value.to_str() {
        Some(text) if !text.trim().is_empty() => Ok(Some(text.trim().to_owned())),
        Some(_) => Err(Error::Usage(format!("{name} is set but empty: give it a value, or unset it"))),
        None => Err(Error::Usage(format!("{name} is not UTF-8"))),
    }
}

fn date(name: &str, value: &Option<OsString>) -> Result<Option<When>, Error> {
    let Some(text) = text(name, value)? else { return Ok(None) };
    parse_date(&text).map(Some).ok_or_else(|| {
        Error::Usage(format!(
            "{name} is `{text}`, not a date git reads: write `@<seconds since 1970> <+hhmm>` \
             (`@1788940800 +0200`), RFC 2822 (`Wed, 9 Sep 2026 10:00:00 +0200`) or ISO 8601 \
             (`2026-09-09T10:00:00+02:00`)"
        ))
    })
}

/// `Name <email>`: both parts non-empty.
fn name_and_email(text: &str) -> Option<(String, String)> {
    let (name, rest) = text.split_once('<')?;
    let email = rest.strip_suffix('>')?;
    let (name, email) = (name.trim(), email.trim());
    let bad = |s: &str| s.is_empty() || s.contains(['<', '>', '\n']);
    if bad(name) || bad(email) {
        return None;
    }
    Some((name.to_owned(), email.to_owned()))
}

/// A date in one of git's formats: its own (`@1788940800 +0200`, or without
/// the `@`; no zone is UTC), RFC 2822, or ISO 8601 with `T` or a blank, with
/// a zone or in local time as git reads it.
pub fn parse_date(text: &str) -> Option<When> {
    let text = text.trim();
    if let Some(when) = raw(text) {
        return Some(when);
    }
    if let Ok(date) = DateTime::parse_from_rfc2822(text) {
        return Some(when(&date));
    }
    let with_zone =
        ["%Y-%m-%dT%H:%M:%S%.f%:z", "%Y-%m-%d %H:%M:%S%.f%:z", "%Y-%m-%dT%H:%M:%S%.f%z", "%Y-%m-%d %H:%M:%S%.f %z"];
    let zoned = text.strip_suffix('Z').map(|t| format!("{t}+00:00"));
    for format in with_zone {
        if let Ok(date) = DateTime::parse_from_str(zoned.as_deref().unwrap_or(text), format) {
            return Some(when(&date));
        }
    }
    for format in ["%Y-%m-%dT%H:%M:%S%.f", "%Y-%m-%d %H:%M:%S%.f"] {
        if let Ok(local) = NaiveDateTime::parse_from_str(text, format) {
            // The binary may read the local time zone; git reads it too.
            let date = Local.from_local_datetime(&local).earliest()?;
            return Some(when(&date.fixed_offset()));
        }
    }
    None
}

fn when(date: &DateTime<FixedOffset>) -> When {
    When { seconds: date.timestamp(), offset_minutes: date.offset().local_minus_utc() / 60 }
}

/// git's own format: `@SECONDS [+hhmm]` or `SECONDS +hhmm`.
fn raw(text: &str) -> Option<When> {
    let (at, rest) = match text.strip_prefix('@') {
        Some(rest) => (true, rest),
        None => (false, text),
    };
    let (seconds, zone) = match rest.split_once(' ') {
        Some((seconds, zone)) => (seconds, Some(zone.trim())),
        None if at => (rest, None),
        None => return None,
    };
    if seconds.is_empty() || !seconds.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let seconds: i64 = seconds.parse().ok()?;
    let offset_minutes = match zone {
        None => 0,
        Some(zone) => {
            let (sign, digits) = match zone.as_bytes().first()? {
                b'+' => (1, &zone[1..]),
                b'-' => (-1, &zone[1..]),
                _ => return None,
            };
            if digits.len() != 4 || !digits.bytes().all(|b| b.is_ascii_digit()) {
                return None;
            }
            let (hours, minutes): (i32, i32) = (digits[..2].parse().ok()?, digits[2..].parse().ok()?);
            if minutes >= 60 {
                return None;
            }
            sign * (hours * 60 + minutes)
        }
    };
    // Within what git and chrono can write.
    DateTime::from_timestamp(seconds, 0)?;
    Some(When { seconds, offset_minutes })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(seconds: i64, offset_minutes: i32) -> Option<When> {
        Some(When { seconds, offset_minutes })
    }

    #[test]
    fn reads_gits_date_formats() {
        // 2026-09-09T08:00:00Z is 1788940800.
        assert_eq!(parse_date("@1788940800 +0200"), at(1_788_940_800, 120));
        assert_eq!(parse_date("1788940800 -0130"), at(1_788_940_800, -90));
        assert_eq!(parse_date("@1788940800"), at(1_788_940_800, 0));
        assert_eq!(parse_date("Wed, 9 Sep 2026 10:00:00 +0200"), at(1_788_940_800, 120));
        assert_eq!(parse_date("2026-09-09T10:00:00+02:00"), at(1_788_940_800, 120));
        assert_eq!(parse_date("2026-09-09 10:00:00 +0200"), at(1_788_940_800, 120));
        assert_eq!(parse_date("2026-09-09T08:00:00Z"), at(1_788_940_800, 0));
        for bad in ["", "yesterday", "2026-09-09", "@abc", "1788940800", "@1 +02", "@1 +0260", "2026-13-09T10:00:00Z"] {
            assert_eq!(parse_date(bad), None, "{bad}");
        }
    }

    #[test]
    fn reads_name_and_email() {
        assert_eq!(
            name_and_email("Dana Check <dana@example.com>"),
            Some(("Dana Check".into(), "dana@example.com".into()))
        );
        for bad in ["Dana", "<dana@example.com>", "Dana <>", "Dana <a@b> x", "Dana <a<b>"] {
            assert_eq!(name_and_email(bad), None, "{bad}");
        }
    }
}
