//! Purging: removing records older than a retention period, by rewriting
//! the file atomically under its lock.

use std::collections::{HashMap, HashSet};
use std::path::Path;

use anyhow::{bail, Result};
use chrono::NaiveDate;
use chrono_tz::Tz;

use super::model::{Record, Zones};
use super::store::Locked;

/// What a purge did to one file.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Purged {
    /// Whether the file exists (a missing file is left missing).
    pub exists: bool,
    /// Records removed for their age (referrals, gaps, engagements).
    pub removed: usize,
    /// Engagements removed because their referral is gone.
    pub orphans: usize,
    /// Lines that were not records (a torn line), removed.
    pub unreadable: usize,
    /// Records kept.
    pub kept: usize,
}

/// Removes every record whose day (in its zone, as [`Zones`] says) is
/// before `cutoff`, every engagement whose referral is no longer in the
/// file, and every line that is not a record. An engagement without a zone
/// of its own is read in its referral's. The file is replaced atomically;
/// when nothing would change it is left as it is. The key stays: codes of
/// the records kept can still be matched.
///
/// # Errors
/// When a referral or gap has no zone (written before records carried one,
/// with no directory or `--timezone` to read it in), or the file cannot be
/// locked, read or rewritten; it is then as it was.
pub fn purge(path: &Path, cutoff: NaiveDate, zones: &Zones) -> Result<Purged> {
    if !path.exists() {
        return Ok(Purged::default());
    }
    let locked = Locked::exclusive(path)?;
    let log = locked.read()?;
    let mut result = Purged {
        exists: log.exists,
        unreadable: log.skipped,
        ..Purged::default()
    };
    let referral_zones: HashMap<&str, Tz> = log
        .records
        .iter()
        .filter_map(|r| match r {
            Record::Referral(referral) => Some((referral.code_hmac.as_str(), zones.of(r)?)),
            _ => None,
        })
        .collect();
    let zone_of = |r: &Record| match r {
        Record::Engaged(e) => zones
            .of(r)
            .or_else(|| referral_zones.get(e.code_hmac.as_str()).copied()),
        _ => zones.of(r),
    };
    let unzoned = log
        .records
        .iter()
        .filter(|r| !matches!(r, Record::Engaged(_)) && zone_of(r).is_none())
        .count();
    if unzoned > 0 {
        bail!(
            "{}: {unzoned} {} no timezone (written before records did): give --timezone TZ, \
             or name the directory they came from (--dir PATH, DEFLECT_DIR or the config)",
            path.display(),
            if unzoned == 1 {
                "record carries"
            } else {
                "records carry"
            }
        );
    }
    // An engagement with no zone at all goes with its referral.
    let young =
        |r: &Record| zone_of(r).is_none_or(|tz| r.hour().with_timezone(&tz).date_naive() >= cutoff);
    let referred: HashSet<&str> = log
        .records
        .iter()
        .filter(|r| young(r))
        .filter_map(|r| match r {
            Record::Referral(r) => Some(r.code_hmac.as_str()),
            _ => None,
        })
        .collect();
    let mut kept = Vec::with_capacity(log.records.len());
    for record in &log.records {
        if !young(record) {
            result.removed += 1;
        } else if matches!(record, Record::Engaged(e) if !referred.contains(e.code_hmac.as_str())) {
            result.orphans += 1;
        } else {
            kept.push(record.clone());
        }
    }
    result.kept = kept.len();
    if result.removed + result.orphans + result.unreadable > 0 {
        locked.replace(&kept)?;
    }
    Ok(result)
}
