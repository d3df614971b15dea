//! Opt-in referral records that identify no one, and the programme report.
//!
//! Off by default: only `[records] enabled = true` in the config turns them
//! on, and with them off nothing here writes anything anywhere. A record
//! holds the hour (rounded down), the directory's timezone, the pathway,
//! the needs' categories, the service ids, the station's name, whether the
//! officer made a warm handoff,
//! and the referral code only as HMAC-SHA256 under a key made for this
//! installation. There is no field for a name, a date of birth, an address,
//! free text or coordinates, and the values that do go in are checked to be
//! what they claim (ids, a pathway, a code) before anything is written.
//!
//! The file is JSON Lines, appended to one whole line at a time under an
//! advisory lock ([`store`]); an engagement reported by a partner is one
//! more line, joined to its referral by the code's hash ([`engaged`]); a
//! purge rewrites the file atomically ([`purge`]); [`report`] counts.
//!
//! What the desk commands call: [`record_referral`] when a slip is
//! printed, [`record_gap`] when a search finds nothing open; whether a run
//! may record at all (not in training) and at which hour is decided in one
//! place before them, [`policy`].

pub mod access;
pub mod code;
pub mod engaged;
pub mod model;
pub mod policy;
pub mod purge;
pub mod report;
pub mod report_text;
pub mod secret;
pub mod store;

use anyhow::{bail, Result};
use chrono::{DateTime, Utc};
use chrono_tz::Tz;

pub use code::{display_code, normalize_code, CODE_ALPHABET};
pub use model::{EngagedRecord, GapRecord, Record, ReferralRecord, Zones, RECORD_VERSION};
pub use store::{read_records, records_path, Log};

use crate::config::RecordSettings;
use crate::directory::{is_valid_id, model::PATHWAYS};
use model::round_down_to_hour;
use secret::Secret;
use store::Locked;

/// The most ids one record holds (a slip names a handful of services).
const MAX_IDS: usize = 256;

/// The longest station or place name kept, in characters.
const MAX_NAME: usize = 120;

/// A slip handed over, as the slip commands describe it to
/// [`record_referral`].
#[derive(Debug, Clone, Copy)]
pub struct Referral<'a> {
    /// When the slip was handed over: the real time, never `--at`'s
    /// ([`policy`]). Stored rounded down to the hour.
    pub at: DateTime<Utc>,
    /// The directory's timezone, in which the report reads the day and
    /// hour.
    pub timezone: Option<Tz>,
    /// One of the six pathways of FORMAT.md, if any.
    pub pathway: Option<&'a str>,
    /// The needs' category ids.
    pub categories: &'a [String],
    /// The ids of the services on the slip.
    pub services: &'a [String],
    /// The station's name from the config.
    pub station: Option<&'a str>,
    /// `slip --warm-handoff`: the officer called the service for the person.
    pub warm_handoff: bool,
    /// The referral code printed on the slip (stored only as a keyed hash).
    pub code: &'a str,
}

/// A search that ended with no open service for its needs, for
/// [`record_gap`].
#[derive(Debug, Clone, Copy)]
pub struct Gap<'a> {
    /// When the search was made: the real time
    /// ([`policy`]). Stored rounded down to the hour.
    pub at: DateTime<Utc>,
    /// The directory's timezone.
    pub timezone: Option<Tz>,
    /// The needs' category ids.
    pub categories: &'a [String],
    /// Only a station's or a postcode's name, never coordinates or an
    /// address; `None` for any other origin.
    pub place: Option<&'a str>,
    /// The station's name from the config.
    pub station: Option<&'a str>,
}

/// Records a referral: one line in the records file. `Ok(false)` when
/// records are off: then nothing is written anywhere, not even a folder or
/// a key.
///
/// A desk should treat an error as a warning: the slip matters more than
/// the record.
///
/// # Errors
/// When the code is not a referral code, the pathway is not one of the six,
/// a category or service is not an id, the station's name holds control
/// characters or is over 120 characters; or when the file, its lock or its
/// key cannot be made, read or written.
pub fn record_referral(settings: &RecordSettings, r: &Referral<'_>) -> Result<bool> {
    if !settings.enabled {
        return Ok(false);
    }
    let Some(code) = normalize_code(r.code) else {
        bail!(
            "not a referral code: expected 8 characters such as ABCD-EFGH; no record was written"
        );
    };
    if let Some(pathway) = r.pathway {
        if !PATHWAYS.contains(&pathway) {
            bail!(
                "the pathway must be one of {}; no record was written",
                PATHWAYS.join(", ")
            );
        }
    }
    let categories = ids(r.categories, "category")?;
    let services = ids(r.services, "service")?;
    let station = name(r.station, "station name")?;
    let path = records_path(settings)?;
    let locked = Locked::exclusive(&path)?;
    let secret = Secret::load_or_create(&path)?;
    locked.append(&Record::Referral(ReferralRecord {
        v: RECORD_VERSION,
        hour: round_down_to_hour(r.at),
        timezone: r.timezone.map(|z| z.name().to_string()),
        pathway: r.pathway.map(str::to_string),
        categories,
        services,
        station,
        warm_handoff: r.warm_handoff,
        code_hmac: secret.code_hmac(&code),
    }))?;
    Ok(true)
}

/// Records a gap: no open service for the needs. `Ok(false)` when records
/// are off, and nothing is written.
///
/// # Errors
/// As [`record_referral`], for the categories and names.
pub fn record_gap(settings: &RecordSettings, g: &Gap<'_>) -> Result<bool> {
    if !settings.enabled {
        return Ok(false);
    }
    let categories = ids(g.categories, "category")?;
    let place = name(g.place, "place name")?;
    let station = name(g.station, "station name")?;
    let path = records_path(settings)?;
    let locked = Locked::exclusive(&path)?;
    locked.append(&Record::Gap(GapRecord {
        v: RECORD_VERSION,
        hour: round_down_to_hour(g.at),
        timezone: g.timezone.map(|z| z.name().to_string()),
        categories,
        place,
        station,
    }))?;
    Ok(true)
}

/// Ids checked, sorted and without repeats: order on a slip says nothing
/// the programme needs.
fn ids(values: &[String], what: &str) -> Result<Vec<String>> {
    if values.len() > MAX_IDS {
        bail!("more than {MAX_IDS} {what} ids; no record was written");
    }
    let mut out = Vec::with_capacity(values.len());
    for value in values {
        if !is_valid_id(value) {
            bail!(
                "\"{}\" is not a {what} id (lowercase letters, digits and hyphens); no record was written",
                crate::sanitize::one_line(value)
            );
        }
        out.push(value.clone());
    }
    out.sort();
    out.dedup();
    Ok(out)
}

/// A station's or place's name, trimmed; empty is none.
fn name(value: Option<&str>, what: &str) -> Result<Option<String>> {
    let Some(value) = value.map(str::trim).filter(|v| !v.is_empty()) else {
        return Ok(None);
    };
    if value.chars().count() > MAX_NAME || value.chars().any(char::is_control) {
        bail!("the {what} is over {MAX_NAME} characters or holds control characters; no record was written");
    }
    if crate::sanitize::find_forbidden(value).is_some() {
        bail!("the {what} holds control characters; no record was written");
    }
    Ok(Some(value.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn on(dir: &std::path::Path) -> RecordSettings {
        RecordSettings {
            enabled: true,
            path: Some(dir.join("records.jsonl")),
        }
    }

    fn referral<'a>(
        categories: &'a [String],
        services: &'a [String],
        code: &'a str,
    ) -> Referral<'a> {
        Referral {
            at: Utc.with_ymd_and_hms(2026, 11, 28, 8, 41, 7).unwrap(),
            timezone: Some(chrono_tz::America::Chicago),
            pathway: Some("self-referral"),
            categories,
            services,
            station: Some("Central District Station"),
            warm_handoff: false,
            code,
        }
    }

    #[test]
    fn off_writes_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let settings = RecordSettings {
            enabled: false,
            path: Some(dir.path().join("deep/records.jsonl")),
        };
        let cats = vec!["shelter".to_string()];
        assert!(!record_referral(&settings, &referral(&cats, &cats, "ABCD-EFGH")).unwrap());
        let gap = Gap {
            at: Utc::now(),
            timezone: None,
            categories: &cats,
            place: None,
            station: None,
        };
        assert!(!record_gap(&settings, &gap).unwrap());
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
    }

    #[test]
    fn bad_values_are_refused_before_anything_is_written() {
        let dir = tempfile::tempdir().unwrap();
        let settings = on(dir.path());
        let good = vec!["shelter".to_string()];
        let name = vec!["John Smith".to_string()];
        assert!(record_referral(&settings, &referral(&good, &good, "ABCD-EFG")).is_err());
        assert!(record_referral(&settings, &referral(&name, &good, "ABCD-EFGH")).is_err());
        assert!(record_referral(&settings, &referral(&good, &name, "ABCD-EFGH")).is_err());
        let mut r = referral(&good, &good, "ABCD-EFGH");
        r.pathway = Some("arrest");
        assert!(record_referral(&settings, &r).is_err());
        let mut r = referral(&good, &good, "ABCD-EFGH");
        r.station = Some("Central\u{1b}[2J");
        assert!(record_referral(&settings, &r).is_err());
        let long = "x".repeat(121);
        let gap = Gap {
            at: Utc::now(),
            timezone: None,
            categories: &good,
            place: Some(&long),
            station: None,
        };
        assert!(record_gap(&settings, &gap).is_err());
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
    }

    #[test]
    fn a_referral_is_stored_by_the_hour_with_the_code_hashed() {
        let dir = tempfile::tempdir().unwrap();
        let settings = on(dir.path());
        let cats = vec!["shelter".to_string(), "naloxone".into(), "shelter".into()];
        let services = vec!["b-house".to_string(), "a-house".into()];
        assert!(record_referral(&settings, &referral(&cats, &services, "abcd-efgh")).unwrap());
        let text = std::fs::read_to_string(dir.path().join("records.jsonl")).unwrap();
        assert!(text.contains("\"hour\":\"2026-11-28T08:00:00Z\""), "{text}");
        assert!(text.contains("\"timezone\":\"America/Chicago\""), "{text}");
        assert!(text.contains("[\"naloxone\",\"shelter\"]"), "{text}");
        assert!(text.contains("[\"a-house\",\"b-house\"]"), "{text}");
        assert!(!text.to_uppercase().contains("ABCDEFGH"));
        assert!(!text.to_uppercase().contains("ABCD-EFGH"));
        assert!(!text.contains(":41"));
    }
}
