//! Marking a referral engaged: a treatment partner reports that the person
//! with a slip arrived.
//!
//! Engagement is an appended line, `{"kind":"engaged", "hour", "code_hmac"}`,
//! not a change to the referral's line: appends are what many desks can do
//! at once safely, and the report joins the two by the hash. The code is
//! hashed with each file's own key, so one code can be looked for in
//! several stations' files.

use std::path::PathBuf;

use anyhow::Result;
use chrono::{DateTime, Utc};

use super::model::{round_down_to_hour, EngagedRecord, Record, RECORD_VERSION};
use super::secret::Secret;
use super::store::{Locked, Log};

/// What marking a code did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Engaged {
    /// The referral was found in this file and is now marked.
    Marked(PathBuf),
    /// The referral in this file was already marked; nothing was written.
    Already(PathBuf),
    /// No file holds a referral with that code.
    Unknown,
}

/// Marks the referral with `normalized_code` engaged in the first of
/// `files` that holds it, at the hour of `now`. Each file is searched and
/// marked under its exclusive lock. A file without a key has never hashed a
/// code, and is passed over without being touched.
///
/// # Errors
/// When a file or key cannot be read, or the line cannot be written.
pub fn mark_engaged(
    files: &[PathBuf],
    normalized_code: &str,
    now: DateTime<Utc>,
    warnings: &mut Vec<String>,
) -> Result<Engaged> {
    for path in files {
        if !path.exists() || Secret::load(path)?.is_none() {
            continue;
        }
        let locked = Locked::exclusive(path)?;
        let Some(secret) = Secret::load(path)? else {
            continue;
        };
        let hash = secret.code_hmac(normalized_code);
        let log = locked.read()?;
        warnings.extend(log.warnings.iter().cloned());
        match code_in_log(&log, &hash) {
            CodeInLog::Absent => continue,
            CodeInLog::Engaged => return Ok(Engaged::Already(path.clone())),
            CodeInLog::Referred(timezone) => {
                locked.append(&Record::Engaged(EngagedRecord {
                    v: RECORD_VERSION,
                    hour: round_down_to_hour(now),
                    // Read in the zone of the referral it marks.
                    timezone,
                    code_hmac: hash,
                }))?;
                return Ok(Engaged::Marked(path.clone()));
            }
        }
    }
    Ok(Engaged::Unknown)
}

/// What one log holds about a referral code.
enum CodeInLog {
    Absent,
    /// Referred, with the referral's timezone.
    Referred(Option<String>),
    Engaged,
}

fn code_in_log(log: &Log, hash: &str) -> CodeInLog {
    let referred = log.records.iter().find_map(|r| match r {
        Record::Referral(r) if r.code_hmac == hash => Some(r.timezone.clone()),
        _ => None,
    });
    let engaged = log
        .records
        .iter()
        .any(|r| matches!(r, Record::Engaged(e) if e.code_hmac == hash));
    match (referred, engaged) {
        (None, _) => CodeInLog::Absent,
        (Some(timezone), false) => CodeInLog::Referred(timezone),
        (Some(_), true) => CodeInLog::Engaged,
    }
}

/// The files' paths for messages.
pub fn describe(files: &[PathBuf]) -> String {
    files
        .iter()
        .map(|p| p.display().to_string())
        .collect::<Vec<_>>()
        .join(", ")
}
