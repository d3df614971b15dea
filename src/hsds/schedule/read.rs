//! One HSDS schedule row read: its times (with seconds and offsets), its
//! days (`byday`), its frequency, and whether it is in force.

use chrono::{Datelike, NaiveDate};

use super::{Row, DAY, RRULE_DAYS};

/// Reads a time of day: `HH:MM`, `HH:MM:SS`, fractions of a second, and a
/// trailing `Z` or numeric offset. Returns minutes since midnight (seconds
/// dropped; `23:59` and later read as the end of the day, 1440) and whether
/// an offset was written.
pub(super) fn parse_time(text: &str) -> Option<(u32, bool)> {
    let t = text.trim();
    let (clock, offset) = if let Some(stripped) = t.strip_suffix(['Z', 'z']) {
        (stripped, true)
    } else if let Some(at) = t
        .char_indices()
        .skip(3)
        .find(|(_, c)| matches!(c, '+' | '-'))
    {
        (&t[..at.0], true)
    } else {
        (t, false)
    };
    let mut parts = clock.split(':');
    let hour: u32 = digits(parts.next()?, 1, 2)?;
    let minute: u32 = digits(parts.next()?, 2, 2)?;
    if let Some(seconds) = parts.next() {
        let whole = seconds.split('.').next()?;
        let s: u32 = digits(whole, 2, 2)?;
        if s > 60 {
            return None;
        }
    }
    if parts.next().is_some() || minute > 59 || hour > 24 || (hour == 24 && minute > 0) {
        return None;
    }
    let mut minutes = hour * 60 + minute;
    if minutes >= DAY - 1 {
        minutes = DAY;
    }
    Some((minutes, offset))
}

fn digits(text: &str, min: usize, max: usize) -> Option<u32> {
    if text.len() < min || text.len() > max || !text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    text.parse().ok()
}

/// Reads the date at the start of an HSDS date or date-time.
pub fn parse_date(text: &str) -> Option<NaiveDate> {
    let t = text.trim();
    NaiveDate::parse_from_str(t.get(..10)?, "%Y-%m-%d").ok()
}

/// Reads a weekday name: `MO` … `SU`, or a longer English name.
fn weekday(text: &str) -> Option<usize> {
    let t = text.trim().to_ascii_uppercase();
    let head = t.get(..2)?;
    let index = RRULE_DAYS.iter().position(|d| *d == head)?;
    let full = [
        "MONDAY",
        "TUESDAY",
        "WEDNESDAY",
        "THURSDAY",
        "FRIDAY",
        "SATURDAY",
        "SUNDAY",
    ][index];
    (t.len() == 2 || full.starts_with(&t)).then_some(index)
}

/// One `byday` part: an optional ordinal (`1`, `-1`, `+2`) and a weekday.
fn byday_part(text: &str) -> Option<(Option<i8>, usize)> {
    let t = text.trim();
    let split = t
        .char_indices()
        .find(|(_, c)| c.is_ascii_alphabetic())
        .map(|(i, _)| i)?;
    let (number, day) = t.split_at(split);
    let day = weekday(day)?;
    if number.is_empty() {
        return Some((None, day));
    }
    let n: i8 = number.trim_start_matches('+').parse().ok()?;
    if n == 0 || !(-5..=5).contains(&n) {
        return None;
    }
    Some((Some(n), day))
}

fn is_one(value: &Option<String>) -> bool {
    value.as_deref().is_none_or(|v| {
        v.trim()
            .parse::<f64>()
            .is_ok_and(|n| (n - 1.0).abs() < f64::EPSILON)
    })
}

/// What one row says, once read.
pub(super) enum Reading {
    Weekly(Vec<usize>, (u32, u32)),
    Monthly(Vec<(Option<i8>, usize)>, (u32, u32)),
}

/// Reads one row, or says why it cannot be expressed.
pub(super) fn read_row(row: &Row, simplified: &mut Vec<String>) -> Result<Reading, String> {
    if !is_one(&row.interval) {
        return Err(format!(
            "repeats every {} periods, which opening hours cannot say",
            row.interval.as_deref().unwrap_or_default()
        ));
    }
    if row.count.is_some() {
        return Err("stops after a number of occurrences (count)".into());
    }
    for (name, value) in [
        ("bymonthday", &row.bymonthday),
        ("byweekno", &row.byweekno),
        ("byyearday", &row.byyearday),
    ] {
        if value.is_some() {
            return Err(format!("uses {name}, which opening hours cannot say"));
        }
    }
    let range = times_of(row, simplified)?;
    let freq = row.freq.as_deref().map(|f| f.trim().to_ascii_uppercase());
    let days = row
        .byday
        .as_deref()
        .unwrap_or_default()
        .split(',')
        .filter(|p| !p.trim().is_empty())
        .map(|part| byday_part(part).ok_or_else(|| format!("byday \"{part}\" is not a day")))
        .collect::<Result<Vec<_>, _>>()?;
    match freq.as_deref() {
        Some("WEEKLY") | Some("DAILY") | None => {
            if freq.is_none() {
                if days.is_empty() {
                    return Err("has neither freq nor byday".into());
                }
                simplified.push(format!("{}: no freq: read as WEEKLY", row.id));
            }
            let weekdays = weekly_days(row, freq.as_deref(), &days)?;
            Ok(Reading::Weekly(weekdays, range))
        }
        Some("MONTHLY") => {
            if days.is_empty() {
                return Err("a monthly row without byday".into());
            }
            Ok(Reading::Monthly(days, range))
        }
        Some(other) => Err(format!("freq {other}, which opening hours cannot say")),
    }
}

/// The minutes a row is open, from its `opens_at` and `closes_at`; an
/// end before the start runs past midnight.
fn times_of(row: &Row, simplified: &mut Vec<String>) -> Result<(u32, u32), String> {
    let (opens, opens_offset) = match row.opens_at.as_deref() {
        Some(t) => parse_time(t).ok_or_else(|| format!("opens_at \"{t}\" is not a time"))?,
        None => return Err("has no opens_at time".into()),
    };
    let (closes, closes_offset) = match row.closes_at.as_deref() {
        Some(t) => parse_time(t).ok_or_else(|| format!("closes_at \"{t}\" is not a time"))?,
        None => return Err("has no closes_at time".into()),
    };
    if opens_offset || closes_offset {
        simplified.push(format!(
            "{}: the UTC offset of opens_at/closes_at was ignored (times are read as local time in the directory's timezone)",
            row.id
        ));
    }
    let opens = opens.min(DAY - 1);
    if opens == closes {
        if opens == 0 || closes == DAY {
            Ok((0, DAY))
        } else {
            Err("opens and closes at the same time".into())
        }
    } else if closes < opens {
        Ok((opens, closes + DAY))
    } else {
        Ok((opens, closes))
    }
}

/// The weekdays of a weekly or daily row: its `byday` (without
/// ordinals), else every day for a daily row, else the day of `dtstart`.
fn weekly_days(
    row: &Row,
    freq: Option<&str>,
    days: &[(Option<i8>, usize)],
) -> Result<Vec<usize>, String> {
    if days.iter().any(|(n, _)| n.is_some()) {
        return Err("a weekly row with numbered days (such as 1MO)".into());
    }
    if !days.is_empty() {
        return Ok(days.iter().map(|(_, d)| *d).collect());
    }
    if freq == Some("DAILY") {
        Ok((0..7).collect())
    } else if let Some(start) = row.dtstart.as_deref().and_then(parse_date) {
        Ok(vec![start.weekday().num_days_from_monday() as usize])
    } else {
        Err("a weekly row without byday or dtstart".into())
    }
}

/// Whether a row is in force on `as_of`; else why not.
pub(super) fn in_force(row: &Row, as_of: NaiveDate) -> Result<(), String> {
    for (name, value) in [("valid_to", &row.valid_to), ("until", &row.until)] {
        if let Some(day) = value.as_deref().and_then(parse_date) {
            if day < as_of {
                return Err(format!("{name} {day} has passed"));
            }
        }
    }
    for (name, value) in [("valid_from", &row.valid_from), ("dtstart", &row.dtstart)] {
        if let Some(day) = value.as_deref().and_then(parse_date) {
            if day > as_of {
                return Err(format!(
                    "{name} {day} is still to come (a later import picks it up)"
                ));
            }
        }
    }
    Ok(())
}
