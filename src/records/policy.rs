//! Whether a run writes referral and gap records, and the hour it writes:
//! the one rule for everything that records (`slip`, `find --slip`,
//! `find`'s gaps and the desk), where `[records] enabled = true`.
//!
//! - Training writes nothing. A run on the demo directory (or on any
//!   directory marked `demo = true`), or with the clock fixed by
//!   `DEFLECT_NOW`, says so and writes no record, so that practice never
//!   counts as a referral in the programme's report.
//! - A record's hour is the real hour the slip was handed over or the
//!   search was made, never the time that `--at` asked about.
//! - A gap is recorded only for a search of now: that nothing is open at
//!   another time says nothing about the person at the desk.
//!
//! Each call returns the line to show the officer when no record was
//! written although records are on (training, or a record that could not
//! be written: the slip is already in the person's hand).

use chrono::{DateTime, Utc};

use crate::config::{Config, RecordSettings};
use crate::directory::Directory;
use crate::records::{record_gap, record_referral, Gap, Referral};
use crate::when::Clock;

/// A slip handed over, for its referral record. Nothing in it names the
/// person.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Handed {
    /// One of the six pathways, when one was chosen.
    pub pathway: Option<String>,
    /// The categories the referral was for.
    pub categories: Vec<String>,
    /// The ids of the services on the slip.
    pub services: Vec<String>,
    /// Whether the officer called the service there and then.
    pub warm_handoff: bool,
    /// The referral code printed on the slip.
    pub code: String,
}

/// A search after which nothing was open for its needs, for a gap record.
#[derive(Debug, Clone, Copy)]
pub struct Unmet<'a> {
    /// The categories asked for; empty (a search for anything) names no
    /// unmet need and records nothing.
    pub categories: &'a [String],
    /// The place's name, only for a station or a postcode
    /// ([`crate::session::PlaceKind::recorded_name`]).
    pub place: Option<&'a str>,
    /// The time searched for (`--at`, else now).
    pub searched: DateTime<Utc>,
}

/// Who writes one run's records: the config's `[records]` and station
/// name, and the run's clock.
#[derive(Debug, Clone, Copy)]
pub struct Recorder<'a> {
    settings: &'a RecordSettings,
    station: Option<&'a str>,
    clock: &'a Clock,
}

impl<'a> Recorder<'a> {
    /// The recorder of a run with this config and clock.
    pub fn new(config: &'a Config, clock: &'a Clock) -> Self {
        Recorder {
            settings: &config.records,
            station: config.station.name.as_deref(),
            clock,
        }
    }

    /// Why this run records nothing even with records on; `None` when it
    /// may record.
    fn training(&self, directory: &Directory) -> Option<&'static str> {
        if directory.info.demo {
            Some("the demo directory is for training")
        } else if self.clock.is_fixed() {
            Some("DEFLECT_NOW fixes the clock (training or a test)")
        } else {
            None
        }
    }

    /// Writes the referral record of a slip handed over, where records are
    /// on, at the real hour. Returns what to tell the officer when records
    /// are on and none was written.
    pub fn referral(&self, directory: &Directory, handed: &Handed) -> Option<String> {
        if !self.settings.enabled {
            return None;
        }
        if let Some(why) = self.training(directory) {
            return Some(format!("note: {why}: no referral record was written"));
        }
        let referral = Referral {
            at: self.clock.real_now(),
            timezone: Some(directory.info.timezone),
            pathway: handed.pathway.as_deref(),
            categories: &handed.categories,
            services: &handed.services,
            station: self.station,
            warm_handoff: handed.warm_handoff,
            code: &handed.code,
        };
        match record_referral(self.settings, &referral) {
            Ok(_) => None,
            Err(e) => Some(format!(
                "warning: the referral record was not written: {e:#}"
            )),
        }
    }

    /// Writes a gap record (nothing open for a need, at this hour, in this
    /// area) where records are on and the search was of now. Returns what
    /// to tell the officer when records are on and none was written.
    pub fn gap(&self, directory: &Directory, unmet: &Unmet<'_>) -> Option<String> {
        if !self.settings.enabled || unmet.categories.is_empty() {
            return None;
        }
        if let Some(why) = self.training(directory) {
            return Some(format!("note: {why}: no gap record was written"));
        }
        // A real clock's "now" is the run's real instant, exactly.
        if unmet.searched != self.clock.real_now() {
            return Some(
                "note: the search was for another time than now: no gap record was written".into(),
            );
        }
        let gap = Gap {
            at: self.clock.real_now(),
            timezone: Some(directory.info.timezone),
            categories: unmet.categories,
            place: unmet.place,
            station: self.station,
        };
        match record_gap(self.settings, &gap) {
            Ok(_) => None,
            Err(e) => Some(format!("warning: the gap record was not written: {e:#}")),
        }
    }
}
