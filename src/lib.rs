//! deflect: find open drug treatment, harm-reduction and recovery services at
//! a police station desk, and print referral slips a person can keep.

pub mod needs;
pub mod places;
pub mod taxonomy;
pub mod when;
