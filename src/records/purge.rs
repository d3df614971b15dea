//! Purging: removing records older than a retention period, by rewriting
//! the file atomically under its lock.

use std::collections::HashSet;
use std::path::Path;

use anyhow::Result;
use chrono::NaiveDate;
use chrono_tz::Tz;

use super::model::Record;
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

/// Removes every record whose day (in `tz`) is before `cutoff`, every
/// engagement whose referral is no longer in the file, and every line that
/// is not a record. The file is replaced atomically; when nothing would
/// change it is left as it is. The key stays: codes of the records kept
/// can still be matched.
///
/// # Errors
/// When the file cannot be locked, read or rewritten; it is then as it was.
pub fn purge(path: &Path, cutoff: NaiveDate, tz: Tz) -> Result<Purged> {
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
    let young = |r: &Record| r.hour().with_timezone(&tz).date_naive() >= cutoff;
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
