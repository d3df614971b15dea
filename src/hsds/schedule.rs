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

use std::collections::BTreeMap;

use chrono::{Datelike, Duration, NaiveDate};
use opening_hours_syntax::rules::day::WeekDayRange;
use opening_hours_syntax::rules::time::Time;
use opening_hours_syntax::rules::{OpeningHoursExpression, RuleKind, RuleOperator, RuleSequence};

use crate::hours::{HolidayCalendar, Hours, State, Tz};

/// A range of minutes from a day's midnight (the end past 1440 runs into
/// the next day).
type Span = (u32, u32);

/// A weekday (Monday 0) with its place in the month from the start and
/// from the end (1-5).
type Class = (usize, u8, u8);

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

/// Reads a time of day: `HH:MM`, `HH:MM:SS`, fractions of a second, and a
/// trailing `Z` or numeric offset. Returns minutes since midnight (seconds
/// dropped; `23:59` and later read as the end of the day, 1440) and whether
/// an offset was written.
fn parse_time(text: &str) -> Option<(u32, bool)> {
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
enum Reading {
    Weekly(Vec<usize>, (u32, u32)),
    Monthly(Vec<(Option<i8>, usize)>, (u32, u32)),
}

/// Reads one row, or says why it cannot be expressed.
fn read_row(row: &Row, simplified: &mut Vec<String>) -> Result<Reading, String> {
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
    let range = if opens == closes {
        if opens == 0 || closes == DAY {
            (0, DAY)
        } else {
            return Err("opens and closes at the same time".into());
        }
    } else if closes < opens {
        (opens, closes + DAY)
    } else {
        (opens, closes)
    };
    let freq = row.freq.as_deref().map(|f| f.trim().to_ascii_uppercase());
    let parts: Vec<&str> = row
        .byday
        .as_deref()
        .map(|b| b.split(',').filter(|p| !p.trim().is_empty()).collect())
        .unwrap_or_default();
    let mut days = Vec::new();
    for part in &parts {
        days.push(byday_part(part).ok_or_else(|| format!("byday \"{part}\" is not a day"))?);
    }
    match freq.as_deref() {
        Some("WEEKLY") | Some("DAILY") | None => {
            if freq.is_none() {
                if days.is_empty() {
                    return Err("has neither freq nor byday".into());
                }
                simplified.push(format!("{}: no freq: read as WEEKLY", row.id));
            }
            if days.iter().any(|(n, _)| n.is_some()) {
                return Err("a weekly row with numbered days (such as 1MO)".into());
            }
            let mut weekdays: Vec<usize> = days.iter().map(|(_, d)| *d).collect();
            if weekdays.is_empty() {
                if freq.as_deref() == Some("DAILY") {
                    weekdays = (0..7).collect();
                } else if let Some(start) = row.dtstart.as_deref().and_then(parse_date) {
                    weekdays.push(start.weekday().num_days_from_monday() as usize);
                } else {
                    return Err("a weekly row without byday or dtstart".into());
                }
            }
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

/// Whether a row is in force on `as_of`; else why not.
fn in_force(row: &Row, as_of: NaiveDate) -> Result<(), String> {
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

/// Sorts ranges and merges those that overlap or touch.
fn merge(ranges: &mut Vec<(u32, u32)>) {
    ranges.sort_unstable();
    let mut out: Vec<(u32, u32)> = Vec::with_capacity(ranges.len());
    for &(s, e) in ranges.iter() {
        match out.last_mut() {
            Some(last) if s <= last.1 => last.1 = last.1.max(e),
            _ => out.push((s, e)),
        }
    }
    *ranges = out;
}

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

fn osm_days(days: &[usize]) -> String {
    let mut parts = Vec::new();
    let mut i = 0;
    while i < days.len() {
        let mut j = i;
        while j + 1 < days.len() && days[j + 1] == days[j] + 1 {
            j += 1;
        }
        if j - i >= 2 {
            parts.push(format!("{}-{}", OSM_DAYS[days[i]], OSM_DAYS[days[j]]));
        } else {
            for d in &days[i..=j] {
                parts.push(OSM_DAYS[*d].to_string());
            }
        }
        i = j + 1;
    }
    parts.join(",")
}

fn osm_times(ranges: &[(u32, u32)]) -> String {
    ranges
        .iter()
        .map(|r| osm_range(*r))
        .collect::<Vec<_>>()
        .join(",")
}

/// Turns the rows in force on `as_of` into opening hours.
pub fn rows_to_hours(rows: &[Row], as_of: NaiveDate) -> Converted {
    let mut out = Converted::default();
    let mut weekly: [Vec<(u32, u32)>; 7] = Default::default();
    let mut monthly: BTreeMap<(usize, i8), Vec<(u32, u32)>> = BTreeMap::new();
    let mut any = false;
    for row in rows {
        if let Err(why) = in_force(row, as_of) {
            out.dropped.push(format!("{}: {why}", row.id));
            continue;
        }
        match read_row(row, &mut out.simplified) {
            Ok(Reading::Weekly(days, range)) => {
                any = true;
                for d in days {
                    weekly[d].push(range);
                }
            }
            Ok(Reading::Monthly(days, range)) => {
                any = true;
                for (n, d) in days {
                    match n {
                        None => weekly[d].push(range),
                        Some(n) => monthly.entry((d, n)).or_default().push(range),
                    }
                }
            }
            Err(why) => out
                .unexpressed
                .push(format!("{} ({why}): {}", row.id, row.summary())),
        }
    }
    if !any {
        return out;
    }
    for list in weekly.iter_mut() {
        merge(list);
    }
    if weekly
        .iter()
        .all(|list| list.iter().any(|&(s, e)| s == 0 && e >= DAY))
    {
        out.hours = Some("24/7".into());
        return out;
    }
    let mut rules = Vec::new();
    // Weekly: days with the same times share one rule.
    let mut groups: Vec<(Vec<Span>, Vec<usize>)> = Vec::new();
    for (d, list) in weekly.iter().enumerate() {
        if list.is_empty() {
            continue;
        }
        match groups.iter_mut().find(|(ranges, _)| ranges == list) {
            Some((_, days)) => days.push(d),
            None => groups.push((list.clone(), vec![d])),
        }
    }
    for (ranges, days) in &groups {
        rules.push(format!("{} {}", osm_days(days), osm_times(ranges)));
    }
    // Monthly: per weekday, ordinals with the same times share one rule.
    let mut by_day: BTreeMap<(usize, Vec<Span>), Vec<i8>> = BTreeMap::new();
    for ((d, n), mut ranges) in monthly {
        merge(&mut ranges);
        by_day.entry((d, ranges)).or_default().push(n);
    }
    for ((d, ranges), mut ordinals) in by_day {
        ordinals.sort_by_key(|&n| if n > 0 { n } else { 10 - n });
        let list: Vec<String> = ordinals.iter().map(i8::to_string).collect();
        rules.push(format!(
            "{}[{}] {}",
            OSM_DAYS[d],
            list.join(","),
            osm_times(&ranges)
        ));
    }
    let expression = rules.join(", ");
    match Hours::parse(&expression) {
        Ok(hours) => out.hours = Some(hours.canonical().to_string()),
        Err(e) => out.unexpressed.push(format!(
            "the hours \"{expression}\" made from the rows cannot be read: {e}"
        )),
    }
    out
}

/// One schedule row to export.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct ExportRow {
    /// `WEEKLY` or `MONTHLY`.
    pub freq: &'static str,
    /// `MO,TU` or `1SA,-1FR`.
    pub byday: String,
    /// Minutes since midnight.
    pub opens: u32,
    /// Minutes since midnight; past 1440 runs into the next day.
    pub closes: u32,
}

impl ExportRow {
    /// `opens_at` as HSDS writes it.
    pub fn opens_at(&self) -> String {
        clock(self.opens)
    }

    /// `closes_at` as HSDS writes it: the end of the day is `23:59`, and a
    /// range past midnight closes before it opens.
    pub fn closes_at(&self) -> String {
        match self.closes {
            DAY => "23:59".into(),
            c if c > DAY => clock(c - DAY),
            c => clock(c),
        }
    }

    fn as_row(&self) -> Row {
        Row {
            id: String::new(),
            freq: Some(self.freq.into()),
            byday: Some(self.byday.clone()),
            opens_at: Some(self.opens_at()),
            closes_at: Some(self.closes_at()),
            ..Row::default()
        }
    }
}

/// Opening hours as schedule rows.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Exported {
    /// The rows.
    pub rows: Vec<ExportRow>,
    /// What the rows leave out, in words.
    pub lost: Vec<String>,
}

/// Why a rule cannot be read as weekly or monthly rows, if it cannot.
fn irregular(rule: &RuleSequence) -> Option<&'static str> {
    if !rule.comment.is_empty() {
        return Some("a comment");
    }
    if rule.kind == RuleKind::Unknown {
        return Some("an unknown state");
    }
    if rule.operator == RuleOperator::Fallback {
        return Some("a fallback rule (||)");
    }
    let days = &rule.day_selector;
    if !days.year.is_empty() || !days.monthday.is_empty() || !days.week.is_empty() {
        return Some("dates, months, weeks or years");
    }
    for w in &days.weekday {
        match w {
            WeekDayRange::Holiday { .. } => return Some("public or school holidays"),
            WeekDayRange::Fixed { offset, .. } if *offset != 0 => return Some("a day offset"),
            WeekDayRange::Fixed { .. } => {}
        }
    }
    for span in &rule.time_selector.spans {
        if matches!(span.range.start, Time::Variable(_))
            || matches!(span.range.end, Time::Variable(_))
        {
            return Some("sunrise or sunset");
        }
        if span.open_end {
            return Some("an open end");
        }
        if span.repeats.is_some() {
            return Some("repeating times");
        }
    }
    None
}

/// The open ranges of each day from `first`, `count` days, in minutes.
fn day_patterns(hours: &Hours, first: NaiveDate, count: i64) -> Vec<Vec<(u32, u32)>> {
    let none = HolidayCalendar::none();
    (0..count)
        .map(|i| {
            let date = first + Duration::days(i);
            let midnight = date.and_time(chrono::NaiveTime::MIN);
            hours
                .day(Tz::UTC, &none, date)
                .iter()
                .filter(|iv| iv.state == State::Open)
                .map(|iv| {
                    let s = (iv.from.naive_utc() - midnight)
                        .num_minutes()
                        .clamp(0, 1440);
                    let e = (iv.to.naive_utc() - midnight).num_minutes().clamp(0, 1440);
                    (s as u32, e as u32)
                })
                .filter(|(s, e)| e > s)
                .collect()
        })
        .collect()
}

/// The year whose days are read to find the weekly and monthly patterns.
const SAMPLE_YEAR: i32 = 2026;

/// Turns opening hours into schedule rows.
pub fn hours_to_rows(expression: &str) -> Exported {
    let mut out = Exported::default();
    let parsed: OpeningHoursExpression = match opening_hours_syntax::parse(expression) {
        Ok(p) => p,
        Err(_) => {
            out.lost
                .push(format!("the hours \"{expression}\" cannot be read"));
            return out;
        }
    };
    let mut regular = Vec::new();
    for rule in parsed.rules {
        match irregular(&rule) {
            Some(why) => out.lost.push(format!("\"{rule}\" ({why})")),
            None => regular.push(rule),
        }
    }
    if regular.is_empty() {
        return out;
    }
    let kept = OpeningHoursExpression { rules: regular }.to_string();
    let Ok(hours) = Hours::parse(&kept) else {
        out.lost
            .push(format!("the hours \"{kept}\" cannot be evaluated"));
        return out;
    };
    let (Some(first), Some(jan1)) = (
        NaiveDate::from_ymd_opt(SAMPLE_YEAR - 1, 12, 31),
        NaiveDate::from_ymd_opt(SAMPLE_YEAR, 1, 1),
    ) else {
        return out;
    };
    let days_in_year = i64::from(jan1.leap_year()) + 365;
    let raw = day_patterns(&hours, first, days_in_year + 2);
    // Join a range that runs to midnight with the next day's range from
    // midnight into one overnight range.
    let mut joined = raw.clone();
    for i in 0..joined.len().saturating_sub(1) {
        let Some(&(s, e)) = joined[i].last() else {
            continue;
        };
        let Some(&(ns, ne)) = joined[i + 1].first() else {
            continue;
        };
        if e == DAY && s > 0 && ns == 0 && ne < s {
            if let Some(last) = joined[i].last_mut() {
                last.1 = DAY + ne;
            }
            joined[i + 1].remove(0);
        }
    }
    // Classes of days: weekday, nth from the start and from the end of the
    // month.
    let mut classes: BTreeMap<(usize, u8, u8), Vec<(u32, u32)>> = BTreeMap::new();
    let mut varies = false;
    for (offset, pattern) in joined
        .iter()
        .enumerate()
        .skip(1)
        .take(days_in_year as usize)
    {
        let date = first + Duration::days(offset as i64);
        let days_in_month = days_in_month(date);
        let n = ((date.day() - 1) / 7 + 1) as u8;
        let m = ((days_in_month - date.day()) / 7 + 1) as u8;
        let wd = date.weekday().num_days_from_monday() as usize;
        match classes.get(&(wd, n, m)) {
            Some(p) if p != pattern => varies = true,
            Some(_) => {}
            None => {
                classes.insert((wd, n, m), pattern.clone());
            }
        }
    }
    if varies {
        out.lost
            .push("hours that change in a way weekly and monthly rows cannot say".into());
    }
    let mut weekly: BTreeMap<(u32, u32), Vec<usize>> = BTreeMap::new();
    let mut monthly: BTreeMap<(u32, u32), Vec<String>> = BTreeMap::new();
    for wd in 0..7 {
        let of_day: Vec<(&Class, &Vec<Span>)> =
            classes.iter().filter(|((d, _, _), _)| *d == wd).collect();
        let Some((_, first_pattern)) = of_day.first() else {
            continue;
        };
        let base: Vec<(u32, u32)> = first_pattern
            .iter()
            .filter(|r| of_day.iter().all(|(_, p)| p.contains(r)))
            .copied()
            .collect();
        for r in &base {
            weekly.entry(*r).or_default().push(wd);
        }
        let mut extras: Vec<(u32, u32)> = of_day
            .iter()
            .flat_map(|(_, p)| p.iter().filter(|r| !base.contains(r)).copied())
            .collect();
        extras.sort_unstable();
        extras.dedup();
        for r in extras {
            match ordinals(&of_day, r) {
                Some(list) => {
                    let entry = monthly.entry(r).or_default();
                    for n in list {
                        entry.push(format!("{n}{}", RRULE_DAYS[wd]));
                    }
                }
                None => out.lost.push(format!(
                    "{} {} on some {} only",
                    OSM_DAYS[wd],
                    osm_range(r),
                    OSM_DAYS[wd]
                )),
            }
        }
    }
    for (range, days) in weekly {
        out.rows.push(ExportRow {
            freq: "WEEKLY",
            byday: days
                .iter()
                .map(|d| RRULE_DAYS[*d])
                .collect::<Vec<_>>()
                .join(","),
            opens: range.0,
            closes: range.1,
        });
    }
    for (range, days) in monthly {
        out.rows.push(ExportRow {
            freq: "MONTHLY",
            byday: days.join(","),
            opens: range.0,
            closes: range.1,
        });
    }
    // Check: the rows read back must give the same days.
    let back: Vec<Row> = out.rows.iter().map(ExportRow::as_row).collect();
    let back_hours = rows_to_hours(&back, jan1).hours;
    let same = match back_hours.as_deref().map(Hours::parse) {
        Some(Ok(h)) => day_patterns(&h, first, days_in_year + 2) == raw,
        Some(Err(_)) => false,
        None => raw.iter().all(Vec::is_empty),
    };
    if !same && !varies {
        out.lost
            .push("hours whose rows do not give the same days".into());
    }
    out
}

fn days_in_month(date: NaiveDate) -> u32 {
    let (y, m) = if date.month() == 12 {
        (date.year() + 1, 1)
    } else {
        (date.year(), date.month() + 1)
    };
    NaiveDate::from_ymd_opt(y, m, 1)
        .and_then(|d| d.pred_opt())
        .map_or(31, |d| d.day())
}

/// The ordinals (`1`, `-1`, …) that select exactly the classes of a weekday
/// whose pattern holds `range`.
fn ordinals(of_day: &[(&Class, &Vec<Span>)], range: Span) -> Option<Vec<i8>> {
    let has = |n: Option<u8>, m: Option<u8>| {
        of_day
            .iter()
            .filter(|((_, cn, cm), _)| n.is_none_or(|n| n == *cn) && m.is_none_or(|m| m == *cm))
            .all(|(_, p)| p.contains(&range))
    };
    let wanted: Vec<(u8, u8)> = of_day
        .iter()
        .filter(|(_, p)| p.contains(&range))
        .map(|((_, n, m), _)| (*n, *m))
        .collect();
    let covers = |list: &[i8]| {
        of_day.iter().all(|((_, n, m), _)| {
            let selected = list
                .iter()
                .any(|&o| (o > 0 && o as u8 == *n) || (o < 0 && (-o) as u8 == *m));
            selected == wanted.contains(&(*n, *m))
        })
    };
    let positive: Vec<i8> = (1..=5u8)
        .filter(|&n| of_day.iter().any(|((_, cn, _), _)| *cn == n) && has(Some(n), None))
        .map(|n| n as i8)
        .collect();
    if !positive.is_empty() && covers(&positive) {
        return Some(positive);
    }
    let negative: Vec<i8> = (1..=5u8)
        .filter(|&m| of_day.iter().any(|((_, _, cm), _)| *cm == m) && has(None, Some(m)))
        .map(|m| -(m as i8))
        .collect();
    if !negative.is_empty() && covers(&negative) {
        return Some(negative);
    }
    let both: Vec<i8> = positive.into_iter().chain(negative).collect();
    (!both.is_empty() && covers(&both)).then_some(both)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(freq: &str, byday: &str, opens: &str, closes: &str) -> Row {
        Row {
            id: "r".into(),
            freq: (!freq.is_empty()).then(|| freq.into()),
            byday: (!byday.is_empty()).then(|| byday.into()),
            opens_at: Some(opens.into()),
            closes_at: Some(closes.into()),
            ..Row::default()
        }
    }

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    fn hours(rows: &[Row]) -> String {
        rows_to_hours(rows, day(2026, 6, 1))
            .hours
            .unwrap_or_default()
    }

    #[test]
    fn times_with_seconds_and_offsets() {
        assert_eq!(parse_time("09:00"), Some((540, false)));
        assert_eq!(parse_time("09:00:00"), Some((540, false)));
        assert_eq!(parse_time("09:00:00Z"), Some((540, true)));
        assert_eq!(parse_time("09:00-05:00"), Some((540, true)));
        assert_eq!(parse_time("09:00:00.000+01:00"), Some((540, true)));
        assert_eq!(parse_time("23:59:59"), Some((1440, false)));
        assert_eq!(parse_time("24:00"), Some((1440, false)));
        assert_eq!(parse_time("25:00"), None);
        assert_eq!(parse_time("9am"), None);
    }

    #[test]
    fn split_days_and_monthly_rows() {
        let rows = [
            row("WEEKLY", "MO,TU,WE,TH", "09:00:00Z", "12:00:00Z"),
            row("WEEKLY", "MO,TU,WE,TH", "15:00:00Z", "17:00:00Z"),
            row("MONTHLY", "1SA", "09:00:00Z", "17:00:00Z"),
        ];
        assert_eq!(
            hours(&rows),
            "Mo-Th 09:00-12:00,15:00-17:00, Sa[1] 09:00-17:00"
        );
        let rows = [row("MONTHLY", "-1FR,1MO,3MO", "10:00", "14:00")];
        assert_eq!(hours(&rows), "Mo[1,3] 10:00-14:00, Fr[-1] 10:00-14:00");
    }

    #[test]
    fn overnight_and_all_week() {
        let rows = [row("WEEKLY", "FR,SA", "22:00", "06:00")];
        assert_eq!(hours(&rows), "Fr,Sa 22:00-06:00");
        let all = [row("WEEKLY", "MO,TU,WE,TH,FR,SA,SU", "00:00", "23:59")];
        assert_eq!(hours(&all), "24/7");
    }

    #[test]
    fn expired_and_inexpressible_rows() {
        let mut old = row("WEEKLY", "MO", "09:00", "17:00");
        old.valid_to = Some("2020-12-20".into());
        let mut fortnightly = row("WEEKLY", "TU", "09:00", "17:00");
        fortnightly.interval = Some("2".into());
        let out = rows_to_hours(&[old, fortnightly], day(2026, 6, 1));
        assert_eq!(out.hours, None);
        assert_eq!(out.dropped.len(), 1);
        assert_eq!(out.unexpressed.len(), 1);
    }

    #[test]
    fn export_reads_back() {
        for (expr, rows) in [
            ("24/7", 1),
            ("Mo-Fr 09:00-17:00; PH off", 1),
            ("Fr,Sa 22:00-04:00", 1),
            ("Mo-Th 09:00-12:00,15:00-17:00, Sa[1] 09:00-17:00", 3),
            ("Mo-Su 00:00-24:00; Sa[1] off", 2),
            ("Mo-Fr 08:00-18:00; We 10:00-12:00", 2),
        ] {
            let out = hours_to_rows(expr);
            assert_eq!(out.rows.len(), rows, "{expr}: {out:?}");
        }
        let out = hours_to_rows("Fr,Sa 22:00-04:00");
        assert_eq!(out.rows[0].opens_at(), "22:00");
        assert_eq!(out.rows[0].closes_at(), "04:00");
        assert!(out.lost.is_empty());
        assert_eq!(hours_to_rows("Mo-Fr 09:00-17:00; PH off").lost.len(), 1);
        let all = hours_to_rows("24/7");
        assert_eq!(all.rows[0].byday, "MO,TU,WE,TH,FR,SA,SU");
        assert_eq!(all.rows[0].closes_at(), "23:59");
        assert!(hours_to_rows("Mo-Fr \"by appointment\"").rows.is_empty());
    }
}
