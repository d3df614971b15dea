//! Opening hours to HSDS rows: the hours are evaluated day by day over a
//! sample year, and the weekly and monthly patterns found are written as
//! rows; what rows cannot say is listed.

use std::collections::BTreeMap;

use chrono::{Datelike, Duration, NaiveDate};
use opening_hours_syntax::rules::day::WeekDayRange;
use opening_hours_syntax::rules::time::Time;
use opening_hours_syntax::rules::{OpeningHoursExpression, RuleKind, RuleOperator, RuleSequence};

use super::{clock, osm_range, rows_to_hours, Row, Span, DAY, OSM_DAYS, RRULE_DAYS};
use crate::hours::{HolidayCalendar, Hours, State, Tz};

/// A weekday (Monday 0) with its place in the month from the start and
/// from the end (1-5).
type Class = (usize, u8, u8);

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

    /// The row as an import reads it.
    pub fn as_row(&self) -> Row {
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

/// The hours of the rules that rows can say; the others are listed in
/// `lost`. `None` when no rule is left.
fn regular_hours(expression: &str, lost: &mut Vec<String>) -> Option<Hours> {
    let Ok(parsed) = opening_hours_syntax::parse(expression) else {
        lost.push(format!("the hours \"{expression}\" cannot be read"));
        return None;
    };
    let mut regular = Vec::new();
    for rule in parsed.rules {
        match irregular(&rule) {
            Some(why) => lost.push(format!("\"{rule}\" ({why})")),
            None => regular.push(rule),
        }
    }
    if regular.is_empty() {
        return None;
    }
    let kept = OpeningHoursExpression { rules: regular }.to_string();
    let hours = Hours::parse(&kept);
    if hours.is_err() {
        lost.push(format!("the hours \"{kept}\" cannot be evaluated"));
    }
    hours.ok()
}

/// The days' ranges with a range that runs to midnight joined to the next
/// day's range from midnight, into one overnight range.
fn join_overnight(raw: &[Vec<Span>]) -> Vec<Vec<Span>> {
    let mut joined = raw.to_vec();
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
    joined
}

/// The ranges of each class of day (weekday, nth from the start and from
/// the end of the month) over the days of the sample year (`patterns`
/// from the day before it, `first`); and whether days of one class differ.
fn classes_of(
    patterns: &[Vec<Span>],
    first: NaiveDate,
    days_in_year: usize,
) -> (BTreeMap<Class, Vec<Span>>, bool) {
    let mut classes: BTreeMap<Class, Vec<Span>> = BTreeMap::new();
    let mut varies = false;
    for (offset, pattern) in patterns.iter().enumerate().skip(1).take(days_in_year) {
        let date = first + Duration::days(offset as i64);
        let days_in_month = u32::from(date.num_days_in_month());
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
    (classes, varies)
}

/// The rows for the classes of days: a range every class of a weekday has
/// is weekly; one only some have is monthly, on the ordinals that select
/// them (or listed in `out.lost` when none do).
fn rows_of_classes(classes: &BTreeMap<Class, Vec<Span>>, out: &mut Exported) {
    let mut weekly: BTreeMap<Span, Vec<usize>> = BTreeMap::new();
    let mut monthly: BTreeMap<Span, Vec<String>> = BTreeMap::new();
    for wd in 0..7 {
        let of_day: Vec<(&Class, &Vec<Span>)> =
            classes.iter().filter(|((d, _, _), _)| *d == wd).collect();
        let Some((_, first_pattern)) = of_day.first() else {
            continue;
        };
        let base: Vec<Span> = first_pattern
            .iter()
            .filter(|r| of_day.iter().all(|(_, p)| p.contains(r)))
            .copied()
            .collect();
        for r in &base {
            weekly.entry(*r).or_default().push(wd);
        }
        let mut extras: Vec<Span> = of_day
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
        let byday: Vec<&str> = days.iter().map(|d| RRULE_DAYS[*d]).collect();
        out.rows.push(ExportRow {
            freq: "WEEKLY",
            byday: byday.join(","),
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
}

/// Turns opening hours into schedule rows.
pub fn hours_to_rows(expression: &str) -> Exported {
    let mut out = Exported::default();
    let Some(hours) = regular_hours(expression, &mut out.lost) else {
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
    let (classes, varies) = classes_of(&join_overnight(&raw), first, days_in_year as usize);
    if varies {
        out.lost
            .push("hours that change in a way weekly and monthly rows cannot say".into());
    }
    rows_of_classes(&classes, &mut out);
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
