//! Where the desk hands its referrals and gaps to the referral records
//! (`records:` marks each call site in the flow). They write only where
//! `[records] enabled = true`: the desk writes nothing but what a slip and
//! a search write.
//!
//! A record identifies no one: never the person's name, only the pathway,
//! the categories, the services, whether it was a warm handoff, the random
//! referral code and the time. A gap names a place only when it is a
//! station or a postcode, never typed coordinates or a street.

use chrono::{DateTime, Utc};
use chrono_tz::Tz;

use crate::config::Config;
use crate::slip::ReferralCode;

/// What a referral record holds.
#[derive(Debug, Clone, PartialEq)]
pub struct ReferralFacts {
    /// One of the six pathways, when one was chosen.
    pub pathway: Option<String>,
    /// The categories the referral was for.
    pub categories: Vec<String>,
    /// The ids of the services on the slip.
    pub services: Vec<String>,
    /// Whether the officer called the service there and then.
    pub warm_handoff: bool,
    /// The slip's referral code.
    pub code: ReferralCode,
    /// The time of the referral (the desk's time).
    pub at: DateTime<Utc>,
    /// The directory's timezone.
    pub timezone: Option<Tz>,
}

/// What a gap record holds: a need, an hour and an area with nothing open.
#[derive(Debug, Clone, PartialEq)]
pub struct GapFacts {
    /// The categories asked for (empty: any service).
    pub categories: Vec<String>,
    /// The time searched for.
    pub at: DateTime<Utc>,
    /// The directory's timezone.
    pub timezone: Option<Tz>,
    /// The place's name, only for a station or a postcode.
    pub place: Option<String>,
}

/// Hands a referral to the records.
///
/// # Errors
/// When the record cannot be written; the desk says so and goes on.
pub fn referral(config: &Config, facts: &ReferralFacts) -> Result<(), String> {
    let code = facts.code.to_string();
    let referral = crate::records::Referral {
        at: facts.at,
        timezone: facts.timezone,
        pathway: facts.pathway.as_deref(),
        categories: &facts.categories,
        services: &facts.services,
        station: config.station.name.as_deref(),
        warm_handoff: facts.warm_handoff,
        code: &code,
    };
    crate::records::record_referral(&config.records, &referral)
        .map(|_| ())
        .map_err(|e| format!("{e:#}"))
}

/// Hands a gap (nothing open for a need, at an hour, in an area) to the
/// records.
///
/// # Errors
/// When the record cannot be written; the desk says so and goes on.
pub fn gap(config: &Config, facts: &GapFacts) -> Result<(), String> {
    if facts.categories.is_empty() {
        return Ok(()); // a search for anything names no unmet need
    }
    let gap = crate::records::Gap {
        at: facts.at,
        timezone: facts.timezone,
        categories: &facts.categories,
        place: facts.place.as_deref(),
        station: config.station.name.as_deref(),
    };
    crate::records::record_gap(&config.records, &gap)
        .map(|_| ())
        .map_err(|e| format!("{e:#}"))
}
