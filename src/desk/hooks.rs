//! Where the desk will hand its referrals and gaps to the referral
//! records, once the `records` module is merged (`records:` marks each
//! place). Until then these take the data a record needs and write
//! nothing: the desk writes nothing but what a slip and a search write.
//!
//! A record identifies no one: never the person's name, only the pathway,
//! the categories, the services, whether it was a warm handoff, the random
//! referral code and the time. A gap names a place only when it is a
//! station or a postcode, never typed coordinates or a street.

use chrono::{DateTime, Utc};

use crate::config::RecordSettings;
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
}

/// What a gap record holds: a need, an hour and an area with nothing open.
#[derive(Debug, Clone, PartialEq)]
pub struct GapFacts {
    /// The categories asked for (empty: any service).
    pub categories: Vec<String>,
    /// The time searched for.
    pub at: DateTime<Utc>,
    /// The place's name, only for a station or a postcode.
    pub place: Option<String>,
}

/// Hands a referral to the records.
///
/// # Errors
/// When the record cannot be written; the desk says so and goes on.
pub fn referral(settings: &RecordSettings, facts: &ReferralFacts) -> Result<(), String> {
    // records: crate::records::record_referral(settings, &Referral { pathway,
    // categories, services, warm_handoff, code, at }) once records are merged;
    // it writes only when `[records] enabled = true`.
    let _ = (settings, facts);
    Ok(())
}

/// Hands a gap (nothing open for a need, at an hour, in an area) to the
/// records.
///
/// # Errors
/// When the record cannot be written; the desk says so and goes on.
pub fn gap(settings: &RecordSettings, facts: &GapFacts) -> Result<(), String> {
    // records: crate::records::record_gap(settings, categories, at, place)
    // once records are merged; it writes only when `[records] enabled = true`.
    let _ = (settings, facts);
    Ok(())
}
