//! The lines of a records file: one JSON object per line, of three kinds.
//!
//! A record holds the hour (UTC, rounded down), the directory's timezone,
//! ids, a pathway, a station's name, and the referral code only as a keyed
//! hash (`code_hmac`). There is
//! no field for a person's name, date of birth, address, free text or
//! coordinates, so none can be written.

use chrono::{DateTime, TimeZone, Utc};
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};

/// The version of the record format this program writes and reads.
pub const RECORD_VERSION: u32 = 1;

/// Which timezone each record's day and hour are read in.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Zones {
    /// `--timezone`: every record in this zone.
    Fixed(Tz),
    /// Each record in the zone written into it; one without, in the
    /// directory's (`None`: no directory could say).
    Own {
        /// The directory's zone.
        fallback: Option<Tz>,
    },
}

impl Zones {
    /// The zone a record is read in, `None` when nothing gives one.
    pub fn of(&self, record: &Record) -> Option<Tz> {
        match self {
            Zones::Fixed(zone) => Some(*zone),
            Zones::Own { fallback } => record.zone().or(*fallback),
        }
    }
}

/// One line of a records file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "lowercase")]
pub enum Record {
    /// A slip was handed over.
    Referral(ReferralRecord),
    /// A search found no open service for its needs.
    Gap(GapRecord),
    /// A treatment partner reported that the person with a slip arrived.
    Engaged(EngagedRecord),
}

impl Record {
    /// The hour the record is about (for a window or a purge).
    pub fn hour(&self) -> DateTime<Utc> {
        match self {
            Record::Referral(r) => r.hour,
            Record::Gap(g) => g.hour,
            Record::Engaged(e) => e.hour,
        }
    }

    /// Whether its hash has the form deflect writes (64 lowercase hex
    /// digits); a line edited by hand may not.
    pub fn is_well_formed(&self) -> bool {
        match self {
            Record::Referral(r) => super::code::is_hmac_hex(&r.code_hmac),
            Record::Engaged(e) => super::code::is_hmac_hex(&e.code_hmac),
            Record::Gap(_) => true,
        }
    }

    /// The timezone written into the record (the directory's, when it was
    /// written), if it names one this program knows.
    pub fn zone(&self) -> Option<Tz> {
        let name = match self {
            Record::Referral(r) => r.timezone.as_deref(),
            Record::Gap(g) => g.timezone.as_deref(),
            Record::Engaged(e) => e.timezone.as_deref(),
        };
        name.and_then(|n| n.parse().ok())
    }

    /// The record's format version.
    pub fn version(&self) -> u32 {
        match self {
            Record::Referral(r) => r.v,
            Record::Gap(g) => g.v,
            Record::Engaged(e) => e.v,
        }
    }
}

/// A referral: one slip.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReferralRecord {
    /// [`RECORD_VERSION`].
    pub v: u32,
    /// The hour of the referral, UTC, rounded down.
    pub hour: DateTime<Utc>,
    /// The directory's timezone, in which the report reads its day and
    /// hour; absent from records written before deflect 0.2.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub timezone: Option<String>,
    /// One of the six pathways, if one was given.
    pub pathway: Option<String>,
    /// The needs' category ids, sorted.
    pub categories: Vec<String>,
    /// The ids of the services on the slip, sorted.
    pub services: Vec<String>,
    /// The station's name from the config.
    pub station: Option<String>,
    /// The officer called the service for the person.
    pub warm_handoff: bool,
    /// HMAC-SHA256 of the normalised referral code under this file's key,
    /// as 64 lowercase hex digits.
    pub code_hmac: String,
}

/// A gap: no service open for the needs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GapRecord {
    /// [`RECORD_VERSION`].
    pub v: u32,
    /// The hour of the search, UTC, rounded down.
    pub hour: DateTime<Utc>,
    /// The directory's timezone, as for a referral.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub timezone: Option<String>,
    /// The needs' category ids, sorted.
    pub categories: Vec<String>,
    /// The place searched from, only when it is a station or a postcode.
    pub place: Option<String>,
    /// The station's name from the config.
    pub station: Option<String>,
}

/// An engagement event, joined to its referral by `code_hmac`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EngagedRecord {
    /// [`RECORD_VERSION`].
    pub v: u32,
    /// The hour it was reported, UTC, rounded down.
    pub hour: DateTime<Utc>,
    /// The timezone of the referral it marks.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub timezone: Option<String>,
    /// The referral's `code_hmac`.
    pub code_hmac: String,
}

/// An instant rounded down to its hour (in UTC; for a zone whose offset is
/// not whole hours, the local hour of day may read one lower).
pub fn round_down_to_hour(at: DateTime<Utc>) -> DateTime<Utc> {
    let seconds = at.timestamp();
    let floored = seconds - seconds.rem_euclid(3600);
    Utc.timestamp_opt(floored, 0).single().unwrap_or(at)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rounds_down_to_the_hour() {
        let at = Utc.with_ymd_and_hms(2026, 11, 28, 8, 59, 59).unwrap();
        assert_eq!(
            round_down_to_hour(at),
            Utc.with_ymd_and_hms(2026, 11, 28, 8, 0, 0).unwrap()
        );
        let before_1970 = Utc.with_ymd_and_hms(1969, 12, 31, 23, 30, 0).unwrap();
        assert_eq!(
            round_down_to_hour(before_1970),
            Utc.with_ymd_and_hms(1969, 12, 31, 23, 0, 0).unwrap()
        );
        let _ = round_down_to_hour(DateTime::<Utc>::MIN_UTC);
        let _ = round_down_to_hour(DateTime::<Utc>::MAX_UTC);
    }

    #[test]
    fn a_referral_line_has_only_the_documented_keys() {
        let record = Record::Referral(ReferralRecord {
            v: 1,
            hour: Utc.with_ymd_and_hms(2026, 11, 28, 8, 0, 0).unwrap(),
            timezone: Some("America/Chicago".into()),
            pathway: Some("self-referral".into()),
            categories: vec!["withdrawal-management".into()],
            services: vec!["westside-detox".into()],
            station: Some("Central District Station".into()),
            warm_handoff: true,
            code_hmac: "0".repeat(64),
        });
        let line = serde_json::to_string(&record).unwrap();
        assert_eq!(
            line,
            format!(
                "{{\"kind\":\"referral\",\"v\":1,\"hour\":\"2026-11-28T08:00:00Z\",\
                 \"timezone\":\"America/Chicago\",\"pathway\":\"self-referral\",\"categories\":[\"withdrawal-management\"],\
                 \"services\":[\"westside-detox\"],\"station\":\"Central District Station\",\
                 \"warm_handoff\":true,\"code_hmac\":\"{}\"}}",
                "0".repeat(64)
            )
        );
        let back: Record = serde_json::from_str(&line).unwrap();
        assert_eq!(back, record);
        assert_eq!(back.zone(), Some(chrono_tz::America::Chicago));
    }

    #[test]
    fn a_record_from_before_timezones_still_reads() {
        let line = r#"{"kind":"gap","v":1,"hour":"2026-11-28T08:00:00Z","categories":["shelter"],"place":null,"station":null}"#;
        let record: Record = serde_json::from_str(line).unwrap();
        assert_eq!(record.zone(), None);
        let unknown = line.replace(r#""v":1,"#, r#""v":1,"timezone":"Mars/Olympus","#);
        let record: Record = serde_json::from_str(&unknown).unwrap();
        assert_eq!(record.zone(), None);
    }
}
