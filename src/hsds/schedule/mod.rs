//! HSDS schedules and OpenStreetMap opening hours, both ways.
//!
//! HSDS rows are RRULE-like and additive: every row adds opening times. So
//! an import writes one OSM rule per group of days and joins the rules with
//! `, ` (OSM's "additional rule"), which adds too: an overnight range is
//! never cut by the next day's own rule, and a monthly row adds to the
//! weekly ones instead of replacing them.
//!
//! An export reads the hours the way `find` does: the expression is
//! evaluated day by day over a whole year with the program's own engine,
//! and the weekly and monthly patterns found are written as rows. What the
//! rows cannot say (public holidays, dates, comments) is reported.
//!
//! `read.rs` reads one HSDS row, `to_hours.rs` turns rows into hours, and
//! `to_rows.rs` hours into rows.

mod read;
mod to_hours;
mod to_rows;

pub use read::parse_date;
pub use to_hours::rows_to_hours;
pub use to_rows::{hours_to_rows, ExportRow, Exported};

/// A range of minutes from a day's midnight (the end past 1440 runs into
/// the next day).
type Span = (u32, u32);

/// Minutes in a day.
const DAY: u32 = 1440;

/// The OSM names of the weekdays, Monday first.
const OSM_DAYS: [&str; 7] = ["Mo", "Tu", "We", "Th", "Fr", "Sa", "Su"];
/// The RRULE names of the weekdays, Monday first.
const RRULE_DAYS: [&str; 7] = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"];

/// One HSDS schedule row, as text, the way the input gave it.
#[derive(Debug, Clone, Default, PartialEq)]
#[allow(missing_docs)]
pub struct Row {
    pub id: String,
    pub freq: Option<String>,
    pub interval: Option<String>,
    pub count: Option<String>,
    pub byday: Option<String>,
    pub bymonthday: Option<String>,
    pub byweekno: Option<String>,
    pub byyearday: Option<String>,
    pub dtstart: Option<String>,
    pub until: Option<String>,
    pub valid_from: Option<String>,
    pub valid_to: Option<String>,
    pub opens_at: Option<String>,
    pub closes_at: Option<String>,
    pub description: Option<String>,
}

impl Row {
    /// A one-line account of the row, for reports and TOML comments.
    pub fn summary(&self) -> String {
        let mut parts = Vec::new();
        let mut push = |key: &str, value: &Option<String>| {
            if let Some(v) = value {
                parts.push(format!("{key}={v}"));
            }
        };
        push("freq", &self.freq);
        push("interval", &self.interval);
        push("count", &self.count);
        push("byday", &self.byday);
        push("bymonthday", &self.bymonthday);
        push("byweekno", &self.byweekno);
        push("byyearday", &self.byyearday);
        push("opens_at", &self.opens_at);
        push("closes_at", &self.closes_at);
        if let Some(d) = &self.description {
            parts.push(format!("description=\"{d}\""));
        }
        crate::sanitize::one_line(&parts.join(" "))
    }
}

/// What became of a set of rows.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Converted {
    /// The opening hours (read back by the engine), if any row could be
    /// expressed.
    pub hours: Option<String>,
    /// Rows left out because they are no longer (or not yet) in force.
    pub dropped: Vec<String>,
    /// Rows that cannot be expressed, each with why (kept as comments).
    pub unexpressed: Vec<String>,
    /// Readings that simplified what a row said.
    pub simplified: Vec<String>,
}

/// `HH:MM`.
fn clock(minutes: u32) -> String {
    format!("{:02}:{:02}", minutes / 60, minutes % 60)
}

/// An OSM time range; a range past midnight is written as `22:00-06:00`
/// where that is unambiguous, else with an extended hour (`00:00-30:00`).
fn osm_range((start, end): (u32, u32)) -> String {
    if end > DAY && end - DAY < start {
        format!("{}-{}", clock(start), clock(end - DAY))
    } else {
        format!("{}-{}", clock(start), clock(end))
    }
}

#[cfg(test)]
mod tests;
