//! Where the desk hands its referrals and gaps to the referral records
//! (`records:` marks each call site in the flow). They write only where
//! `[records] enabled = true`, under the rule every command follows
//! ([`crate::commands::recording`]: no record in training, the real hour):
//! the desk writes nothing but what a slip and a search write.
//!
//! A record identifies no one: never the person's name, only the pathway,
//! the categories, the services, whether it was a warm handoff, the random
//! referral code and the time. A gap names a place only when it is a
//! station or a postcode, never typed coordinates or a street.

use chrono::{DateTime, Utc};

use crate::commands::recording::{Handed, Unmet};
use crate::commands::Context;
use crate::directory::Directory;
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

/// Hands a referral to the records. Returns what to tell the officer
/// when records are on and none was written (training, or an error: the
/// desk says so and goes on).
pub fn referral(
    context: &Context<'_>,
    directory: &Directory,
    facts: &ReferralFacts,
) -> Option<String> {
    let code = facts.code.to_string();
    let handed = Handed {
        pathway: facts.pathway.as_deref(),
        categories: &facts.categories,
        services: &facts.services,
        warm_handoff: facts.warm_handoff,
        code: &code,
    };
    context.record_referral(directory, &handed)
}

/// Hands a gap (nothing open for a need, at an hour, in an area) to the
/// records. Returns what to tell the officer when records are on and none
/// was written.
pub fn gap(context: &Context<'_>, directory: &Directory, facts: &GapFacts) -> Option<String> {
    let unmet = Unmet {
        categories: &facts.categories,
        place: facts.place.as_deref(),
        searched: facts.at,
    };
    context.record_gap(directory, &unmet)
}
