//! Rendering results for people and scripts. Every renderer writes to a
//! passed-in writer; every string from a directory goes through
//! [`crate::sanitize`] first.

pub mod coverage;
pub mod coverage_html;
pub mod find;
pub mod hours;
pub mod lists;
pub mod page;
pub mod report_html;
pub mod show;
pub mod status;
pub mod svg;

use chrono::{DateTime, TimeZone};
use chrono_tz::Tz;

use crate::directory::{Capacity, Clock, DirectoryInfo};
use crate::matching::Status;
use crate::places::{format_distance, Units};

/// The banner every output of the demo directory carries.
pub const DEMO_BANNER: &str =
    "DEMO DATA: these services are fictional. Do not use them for real referrals.";

/// A time of day in the directory's clock: `8:00 AM` or `08:00`.
pub fn time_of_day<Z: TimeZone>(t: &DateTime<Z>, clock: Clock) -> String
where
    Z::Offset: std::fmt::Display,
{
    match clock {
        Clock::H12 => t.format("%-I:%M %p").to_string(),
        Clock::H24 => t.format("%H:%M").to_string(),
    }
}

/// The status in words for the desk: "open until 8:00 AM", "closes in 20
/// min", "opens Sat 9:00 AM", "hours unknown — call first"; times as the
/// desk reads them (in the zone of `at`). The rule is
/// [`status::status_words`], shared with slips; `ascii` writes `-` for `—`.
pub fn status_words(status: &Status, at: &DateTime<Tz>, clock: Clock, ascii: bool) -> String {
    let words = status::status_words(status, at, clock, &status::DESK);
    if ascii {
        words.replace('—', "-")
    } else {
        words
    }
}

/// A distance in the directory's units, or `phone` for a service without
/// a location.
pub fn distance_words(distance_km: Option<f64>, units: Units) -> String {
    match distance_km {
        Some(km) => format_distance(km, units),
        None => "-".into(),
    }
}

/// Capacity in words, marked stale when the figure is over 24 hours old.
pub fn capacity_words(capacity: &Capacity, at: &DateTime<Tz>, lang_beds: &str) -> String {
    let total = capacity
        .total
        .map(|t| format!(" of {t}"))
        .unwrap_or_default();
    let stale = match capacity.updated {
        Some(updated) => at.timestamp() - updated.timestamp() > 24 * 3600,
        None => true,
    };
    let when = match capacity.updated {
        Some(_) if !stale => String::new(),
        Some(updated) => format!(
            " (stale: {})",
            updated.with_timezone(&at.timezone()).format("%Y-%m-%d")
        ),
        None => " (stale)".into(),
    };
    format!("{lang_beds}: {}{total} free{when}", capacity.available)
}

/// The local time of an instant in the directory's zone.
pub fn local(info: &DirectoryInfo, at: chrono::DateTime<chrono::Utc>) -> DateTime<Tz> {
    at.with_timezone(&info.timezone)
}

/// The RFC 3339 form used in JSON, in the zone of the thing described.
pub fn rfc3339(t: &DateTime<Tz>) -> String {
    t.to_rfc3339_opts(chrono::SecondsFormat::Secs, false)
}

/// The terminal width to lay tables out in: `COLUMNS`, else the terminal,
/// else 100.
pub fn table_width() -> u16 {
    if let Some(columns) = std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.parse::<u16>().ok())
    {
        return columns.max(40);
    }
    comfy_table::Table::new().width().unwrap_or(100).max(40)
}

/// Whether output may carry colour and other attributes: it goes to a
/// terminal (`terminal`) and `NO_COLOR` is unset or empty
/// (<https://no-color.org>).
pub fn colour(terminal: bool) -> bool {
    terminal && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
}

/// Writes JSON for scripts. serde_json escapes C0 control characters; this
/// also escapes every other character [`crate::sanitize::is_forbidden`]
/// names (DEL, C1 controls, bidi controls) as `\uXXXX`, so that JSON shown
/// on a terminal cannot act on it either. Such characters can only occur
/// inside JSON strings, where the escape means the same character.
pub fn write_json(out: &mut dyn std::io::Write, value: &serde_json::Value) -> std::io::Result<()> {
    let text = serde_json::to_string_pretty(value)?;
    let mut safe = String::with_capacity(text.len());
    for c in text.chars() {
        if crate::sanitize::is_forbidden(c) {
            safe.push_str(&format!("\\u{:04x}", c as u32));
        } else {
            safe.push(c);
        }
    }
    writeln!(out, "{safe}")
}
