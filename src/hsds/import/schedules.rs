//! A service's opening hours: the HSDS schedules of the most specific
//! owner that has some (service at location, location, service), turned
//! into opening hours; or the hours deflect wrote itself, when the
//! schedules still say the same.

use serde_json::Value;

use super::Draft;
use crate::hours::Hours;
use crate::hsds::json::{list, text};
pub(super) use crate::hsds::schedule::Converted;
use crate::hsds::schedule::{self, ExportRow, Row};

/// Schedule rows of an HSDS object.
fn rows_of(owner: Option<&Value>) -> Vec<Row> {
    let Some(owner) = owner else {
        return Vec::new();
    };
    list(owner, "schedules")
        .iter()
        .enumerate()
        .map(|(i, s)| Row {
            id: text(s, "id").unwrap_or_else(|| format!("schedule {}", i + 1)),
            freq: text(s, "freq"),
            interval: text(s, "interval"),
            count: text(s, "count"),
            byday: text(s, "byday"),
            bymonthday: text(s, "bymonthday"),
            byweekno: text(s, "byweekno"),
            byyearday: text(s, "byyearday"),
            dtstart: text(s, "dtstart"),
            until: text(s, "until"),
            valid_from: text(s, "valid_from"),
            valid_to: text(s, "valid_to"),
            opens_at: text(s, "opens_at"),
            closes_at: text(s, "closes_at"),
            description: text(s, "description"),
        })
        .collect()
}

/// Whether a row says nothing about when (a placeholder carrying only a
/// description).
fn is_placeholder(row: &Row) -> bool {
    row.freq.is_none() && row.byday.is_none() && row.opens_at.is_none() && row.closes_at.is_none()
}

/// The hours of the first owner whose schedules say something, with the
/// schedules dropped on the way from every owner tried, and the rows read.
fn from_schedules(owners: [Option<&Value>; 3], as_of: chrono::NaiveDate) -> (Converted, Vec<Row>) {
    let mut converted = Converted::default();
    let mut dropped = Vec::new();
    let mut chosen_rows: Vec<Row> = Vec::new();
    for owner in owners {
        let rows = rows_of(owner);
        if rows.is_empty() {
            continue;
        }
        let c = schedule::rows_to_hours(&rows, as_of);
        for d in &c.dropped {
            if !dropped.contains(d) {
                dropped.push(d.clone());
            }
        }
        if c.hours.is_some() || !c.unexpressed.is_empty() {
            converted = c;
            chosen_rows = rows;
            break;
        }
    }
    converted.dropped = dropped;
    (converted, chosen_rows)
}

/// Whether hours deflect wrote (`expression`) say what the schedules say:
/// read back into rows, they give the same hours, and every row not
/// expressed is a placeholder.
fn still_matches(
    expression: &str,
    converted: &Converted,
    rows: &[Row],
    as_of: chrono::NaiveDate,
) -> bool {
    let written: Vec<Row> = schedule::hours_to_rows(expression)
        .rows
        .iter()
        .map(ExportRow::as_row)
        .collect();
    let again = schedule::rows_to_hours(&written, as_of);
    let all_placeholders =
        converted.unexpressed.len() == rows.iter().filter(|r| is_placeholder(r)).count();
    again.hours == converted.hours && all_placeholders
}

impl Draft {
    /// The hours from the schedules of `owners` (most specific first), or
    /// `deflect_hours` as written when the schedules still say the same;
    /// returns the conversion, whose drops and simplifications go in the
    /// report.
    pub(super) fn map_hours(
        &mut self,
        owners: [Option<&Value>; 3],
        deflect_hours: Option<&str>,
        as_of: chrono::NaiveDate,
    ) -> Converted {
        let (mut converted, rows) = from_schedules(owners, as_of);
        let usable =
            |e: &&str| crate::sanitize::find_forbidden(e).is_none() && Hours::parse(e).is_ok();
        if let Some(expr) = deflect_hours.filter(usable) {
            if still_matches(expr, &converted, &rows, as_of) {
                converted.hours = Hours::parse(expr).ok().map(|h| h.canonical().to_string());
                converted.unexpressed.clear();
            } else {
                self.notes.push("the deflect-hours attribute no longer matches the schedules: the schedules were used".into());
            }
        }
        self.entry.service.hours = converted.hours.clone();
        for line in &converted.unexpressed {
            self.entry
                .comments
                .push(format!("HSDS schedule not expressed: {line}"));
        }
        converted
    }
}
