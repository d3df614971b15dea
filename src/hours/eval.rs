//! Evaluation of a parsed expression, with the semantics of opening_hours.js
//! (the reference implementation of the OSM syntax):
//!
//! - a rule with only a comment is *unknown* ("by appointment" = call first);
//! - an open end (`17:00+`) is unknown from its start until a guessed end
//!   (8 h after a start from 22:00, 10 h after one from 17:00, else midnight),
//!   marked as an open end so that deflect can say it in its own words (the
//!   reference gives it a comment of its own, which never reaches a person);
//! - `||` fallback rules apply only where earlier rules leave it closed;
//! - a range past midnight spills into the next day, where a later normal rule
//!   that matches that day replaces it.
//!
//! Each local day is painted as a list of segments in local minutes; instants
//! are only computed at the end, in the given time zone.

use chrono::{DateTime, Datelike, Duration, NaiveDate, NaiveTime, TimeZone, Utc};
use chrono_tz::Tz;

use super::ast::*;
use super::{Evaluation, HolidayCalendar, Interval, State};

/// How far ahead `evaluate` looks for the next change: one beyond it is
/// not reported (docs/CLI.md: `null` when more than 8 days away).
pub const HORIZON_DAYS: i64 = 8;

const DAY: u32 = 24 * 60;

/// A stretch of a day's minutes in one state.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Seg<'a> {
    pub from: u32,
    pub to: u32,
    pub state: State,
    pub comment: Option<&'a str>,
    /// Part of an open end (`17:00+`): unknown because no closing time is
    /// stated.
    pub open_end: bool,
}

impl Seg<'_> {
    /// Whether two stretches say the same (state, comment and open end).
    fn says_same(&self, other: &Seg<'_>) -> bool {
        self.state == other.state
            && self.comment == other.comment
            && self.open_end == other.open_end
    }
}

/// A time span resolved to minutes of one day.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct DaySpan {
    from: u32,
    to: u32,
    open_end: bool,
}

/// A rule as evaluated: its spans on the day it matches and on the next day.
#[derive(Debug, Clone)]
pub(crate) struct Entry {
    rule: usize,
    wrapped: bool,
    fallback: bool,
    spans: Vec<DaySpan>,
    whole_day: bool,
}

/// Sun events without coordinates: the constants opening_hours.js uses.
fn event_minutes(e: Event, offset: i32) -> u32 {
    let base: i32 = match e {
        Event::Dawn => 5 * 60 + 30,
        Event::Sunrise => 6 * 60,
        Event::Sunset => 18 * 60,
        Event::Dusk => 18 * 60 + 30,
    };
    (base + offset).clamp(0, DAY as i32 - 1) as u32
}

fn minutes(t: TimePoint) -> (u32, bool) {
    match t {
        TimePoint::Fixed(m) => (m, true),
        TimePoint::Event(e, off) => (event_minutes(e, off), false),
    }
}

/// The guessed end of an open end starting at `from`.
fn open_end_to(from: u32) -> u32 {
    if from >= 22 * 60 {
        from + 8 * 60
    } else if from >= 17 * 60 {
        from + 10 * 60
    } else {
        DAY.max(from)
    }
}

/// Resolve the rules into evaluation entries (once, at parse time).
pub(crate) fn build_entries(expr: &Expr) -> Vec<Entry> {
    let mut out = Vec::new();
    let mut in_fallback = false;
    for (i, rule) in expr.rules.iter().enumerate() {
        in_fallback = match rule.op {
            Op::Fallback => true,
            Op::Additional => in_fallback,
            Op::Normal => false,
        };
        let mut day: Vec<DaySpan> = Vec::new();
        let mut wrap: Vec<DaySpan> = Vec::new();
        let mut whole_day = rule.times.is_empty();
        for span in &rule.times {
            let (s, s_fixed) = minutes(span.start);
            match span.end {
                None => {
                    let to = open_end_to(s);
                    day.push(DaySpan {
                        from: s,
                        to: to.min(DAY),
                        open_end: true,
                    });
                    if to > DAY {
                        wrap.push(DaySpan {
                            from: 0,
                            to: to - DAY,
                            open_end: true,
                        });
                    }
                }
                Some(end) => {
                    let (e, e_fixed) = minutes(end);
                    let mut to = e;
                    if to < s || (s_fixed && e_fixed && to == s) {
                        to += DAY;
                    }
                    if span.open_end {
                        // "A-B+": unknown after B; listed before the range itself.
                        let from = to;
                        let oe_to = open_end_to(from);
                        if from < DAY {
                            day.push(DaySpan {
                                from,
                                to: oe_to.min(DAY),
                                open_end: true,
                            });
                        }
                        if oe_to > DAY {
                            wrap.push(DaySpan {
                                from: 0,
                                to: oe_to - DAY,
                                open_end: true,
                            });
                        }
                    }
                    if s == 0 && to == DAY {
                        whole_day = true;
                        day.push(DaySpan {
                            from: 0,
                            to: DAY,
                            open_end: false,
                        });
                    } else if to > DAY {
                        day.push(DaySpan {
                            from: s,
                            to: DAY,
                            open_end: false,
                        });
                        wrap.push(DaySpan {
                            from: 0,
                            to: (to - DAY).min(DAY),
                            open_end: false,
                        });
                    } else {
                        day.push(DaySpan {
                            from: s,
                            to,
                            open_end: false,
                        });
                    }
                }
            }
        }
        if rule.always {
            whole_day = rule.times.is_empty();
        }
        out.push(Entry {
            rule: i,
            wrapped: false,
            fallback: in_fallback,
            spans: day,
            whole_day,
        });
        if !wrap.is_empty() {
            out.push(Entry {
                rule: i,
                wrapped: true,
                fallback: in_fallback,
                spans: wrap,
                whole_day: false,
            });
        }
    }
    out
}

fn weekday_index(d: NaiveDate) -> u32 {
    d.weekday().num_days_from_monday()
}

fn days_in_month(y: i32, m: u32) -> u32 {
    let next = if m == 12 {
        NaiveDate::from_ymd_opt(y + 1, 1, 1)
    } else {
        NaiveDate::from_ymd_opt(y, m + 1, 1)
    };
    match (next, NaiveDate::from_ymd_opt(y, m, 1)) {
        (Some(n), Some(f)) => (n - f).num_days() as u32,
        _ => 30,
    }
}

fn in_wrapping(x: u32, from: u32, to: u32) -> bool {
    if from <= to {
        from <= x && x <= to
    } else {
        x >= from || x <= to
    }
}

fn nth_matches(d: NaiveDate, nth: &[i32]) -> bool {
    if nth.is_empty() {
        return true;
    }
    let day = d.day() as i32;
    let dim = days_in_month(d.year(), d.month()) as i32;
    nth.iter().any(|&n| {
        if n > 0 {
            day > (n - 1) * 7 && day <= n * 7
        } else {
            let from_end = dim - day; // 0 for the last day
            from_end >= (-n - 1) * 7 && from_end < -n * 7
        }
    })
}

fn easter(year: i32) -> Option<NaiveDate> {
    // Anonymous Gregorian algorithm.
    let a = year % 19;
    let b = year / 100;
    let c = year % 100;
    let d = b / 4;
    let e = b % 4;
    let f = (b + 8) / 25;
    let g = (b - f + 1) / 3;
    let h = (19 * a + b - d - g + 15) % 30;
    let i = c / 4;
    let k = c % 4;
    let l = (32 + 2 * e + 2 * i - h - k) % 7;
    let m = (a + 11 * h + 22 * l) / 451;
    let month = (h + l - 7 * m + 114) / 31;
    let day = (h + l - 7 * m + 114) % 31 + 1;
    NaiveDate::from_ymd_opt(year, month as u32, day as u32)
}

fn resolve(spec: &DateSpec, year: i32) -> Option<NaiveDate> {
    let base = match &spec.kind {
        DateKind::Fixed { month, day } => NaiveDate::from_ymd_opt(year, *month, *day)?,
        DateKind::NthWeekday {
            month,
            weekday,
            nth,
        } => {
            let dim = days_in_month(year, *month);
            let first = NaiveDate::from_ymd_opt(year, *month, 1)?;
            let first_wd = weekday_index(first);
            let first_match = 1 + (7 + weekday - first_wd) % 7;
            let day = if *nth > 0 {
                first_match + 7 * (*nth as u32 - 1)
            } else {
                let last = NaiveDate::from_ymd_opt(year, *month, dim)?;
                let back = (7 + weekday_index(last) - weekday) % 7;
                (dim - back).checked_sub(7 * ((-*nth) as u32 - 1))?
            };
            if day == 0 || day > dim {
                return None;
            }
            NaiveDate::from_ymd_opt(year, *month, day)?
        }
        DateKind::Easter => easter(year)?,
    };
    base.checked_add_signed(Duration::days(spec.offset.into()))
}

fn monthday_matches(m: &MonthdayRange, d: NaiveDate) -> bool {
    match m {
        // "2013 Dec-Feb" runs into 2014, as a range across the year end
        // without a year runs into the next.
        MonthdayRange::Months {
            year: Some(y),
            from,
            to,
        } if from > to => {
            (d.year() == *y && d.month() >= *from) || (d.year() == y + 1 && d.month() <= *to)
        }
        MonthdayRange::Months { year, from, to } => {
            year.is_none_or(|y| y == d.year()) && in_wrapping(d.month(), *from, *to)
        }
        MonthdayRange::Dates {
            from,
            to,
            period,
            onward,
        } => {
            let y = d.year();
            if *onward {
                // From the date to the end of its year; with a year, for ever.
                return resolve(from, from.year.unwrap_or(y)).is_some_and(|s| s <= d);
            }
            let Some(to) = to else {
                let years = match from.year {
                    Some(fy) => vec![fy],
                    None => vec![y - 1, y, y + 1],
                };
                return years.iter().any(|&yy| resolve(from, yy) == Some(d));
            };
            let check = |s: NaiveDate, e: NaiveDate| -> bool {
                if d < s || d > e {
                    return false;
                }
                match period {
                    Some(p) if *p > 1 => (d - s).num_days() % i64::from(*p) == 0,
                    _ => true,
                }
            };
            if from.year.is_some() || to.year.is_some() {
                let fy = from.year.unwrap_or(y);
                let ty = to.year.or(from.year).unwrap_or(y);
                return match (resolve(from, fy), resolve(to, ty)) {
                    // "2013 Dec 24-Jan 06" ends in 2014.
                    (Some(s), Some(e)) if e < s && to.year.is_none() => {
                        resolve(to, ty + 1).is_some_and(|e| check(s, e))
                    }
                    (Some(s), Some(e)) => check(s, e),
                    _ => false,
                };
            }
            for yy in [y - 1, y] {
                if let (Some(s), Some(mut e)) = (resolve(from, yy), resolve(to, yy)) {
                    if e < s {
                        match resolve(to, yy + 1) {
                            Some(e2) => e = e2,
                            None => continue,
                        }
                    }
                    if check(s, e) {
                        return true;
                    }
                }
            }
            false
        }
    }
}

fn day_item_matches(item: &DayItem, d: NaiveDate, cal: &HolidayCalendar) -> bool {
    match item {
        DayItem::Weekdays {
            from,
            to,
            nth,
            offset,
        } => {
            let Some(base) = d.checked_sub_signed(Duration::days((*offset).into())) else {
                return false;
            };
            in_wrapping(weekday_index(base), *from, *to) && nth_matches(base, nth)
        }
        DayItem::Holiday { school: true, .. } => false,
        DayItem::Holiday {
            school: false,
            offset,
        } => d
            .checked_sub_signed(Duration::days((*offset).into()))
            .is_some_and(|base| cal.contains(base)),
    }
}

fn rule_matches(rule: &Rule, d: NaiveDate, cal: &HolidayCalendar) -> bool {
    if !rule.years.is_empty() {
        let y = d.year();
        let ok = rule.years.iter().any(|yr| {
            y >= yr.from
                && yr.to.is_none_or(|t| y <= t)
                && (y - yr.from) % (yr.step.max(1) as i32) == 0
        });
        if !ok {
            return false;
        }
    }
    for list in &rule.monthdays {
        if !list.iter().any(|m| monthday_matches(m, d)) {
            return false;
        }
    }
    if !rule.weeks.is_empty() {
        let w = d.iso_week().week();
        if !rule
            .weeks
            .iter()
            .any(|wr| w >= wr.from && w <= wr.to && (w - wr.from).is_multiple_of(wr.step.max(1)))
        {
            return false;
        }
    }
    if !rule.holidays_and.is_empty()
        && !rule
            .holidays_and
            .iter()
            .any(|h| day_item_matches(h, d, cal))
    {
        return false;
    }
    if !rule.days.is_empty() && !rule.days.iter().any(|h| day_item_matches(h, d, cal)) {
        return false;
    }
    true
}

fn state_of(k: Kind) -> State {
    match k {
        Kind::Open => State::Open,
        Kind::Closed => State::Closed,
        Kind::Unknown => State::Unknown,
    }
}

/// Paint `with` (its `[from, to)`, state, comment and open end) over
/// everything or only over closed parts.
fn paint<'a>(segs: &mut Vec<Seg<'a>>, with: Seg<'a>, only_closed: bool) {
    let (from, to) = (with.from, with.to);
    if from >= to {
        return;
    }
    let mut out: Vec<Seg<'a>> = Vec::with_capacity(segs.len() + 2);
    for s in segs.iter() {
        let (a, b) = (s.from.max(from), s.to.min(to));
        if a >= b || (only_closed && s.state != State::Closed) {
            out.push(*s);
            continue;
        }
        if s.from < a {
            out.push(Seg { to: a, ..*s });
        }
        out.push(Seg {
            from: a,
            to: b,
            ..with
        });
        if b < s.to {
            out.push(Seg { from: b, ..*s });
        }
    }
    // Merge neighbours with equal state and comment.
    segs.clear();
    for s in out {
        match segs.last_mut() {
            Some(last) if last.says_same(&s) && last.to == s.from => last.to = s.to,
            _ => segs.push(s),
        }
    }
}

/// The segments of local day `d`, covering minutes `0..1440`.
pub(crate) fn schedule<'a>(
    expr: &'a Expr,
    entries: &[Entry],
    d: NaiveDate,
    cal: &HolidayCalendar,
) -> Vec<Seg<'a>> {
    let yesterday = d.pred_opt();
    let mut active: Vec<usize> = Vec::with_capacity(entries.len());
    for (ei, e) in entries.iter().enumerate() {
        let Some(rule) = expr.rules.get(e.rule) else {
            continue;
        };
        let date = if e.wrapped {
            match yesterday {
                Some(y) => y,
                None => continue,
            }
        } else {
            d
        };
        if !rule_matches(rule, date, cal) {
            continue;
        }
        let kind = rule.effective_kind();
        let meaning = kind == Kind::Open;
        let prev_undated = ei > 0
            && entries
                .get(ei - 1)
                .and_then(|p| expr.rules.get(p.rule))
                .is_some_and(|p| !p.has_date_selector());
        // A normal rule that matches the day replaces what came before it.
        if !e.wrapped
            && rule.op == Op::Normal
            && kind != Kind::Closed
            && (rule.has_date_selector() || (meaning && prev_undated))
        {
            active.clear();
        }
        active.push(ei);
    }
    let closed = |from, to| Seg {
        from,
        to,
        state: State::Closed,
        comment: None,
        open_end: false,
    };
    let mut segs = vec![closed(0, DAY)];
    for &ei in &active {
        let Some(e) = entries.get(ei) else { continue };
        let Some(rule) = expr.rules.get(e.rule) else {
            continue;
        };
        let state = state_of(rule.effective_kind());
        let comment = rule.comment.as_deref();
        let stretch = |from, to| Seg {
            from,
            to,
            state,
            comment,
            open_end: false,
        };
        if e.whole_day && !e.wrapped {
            paint(&mut segs, stretch(0, DAY), e.fallback);
            continue;
        }
        for (i, span) in e.spans.iter().enumerate() {
            if span.open_end && state != State::Closed {
                // opening_hours.js closes an open end where a later range of
                // the same rule ends inside it ("07:00+,12:00-16:00").
                let mut cut = span.to;
                if !e.wrapped {
                    if let Some(next) = e.spans.get(i + 1) {
                        let mut points: Vec<u32> = e
                            .spans
                            .iter()
                            .enumerate()
                            .filter(|(j, _)| *j != i)
                            .flat_map(|(_, s)| [s.from, s.to])
                            .filter(|&t| t > span.from && t < span.to)
                            .collect();
                        points.sort_unstable();
                        if let Some(t) = points
                            .into_iter()
                            .find(|&t| !(next.from <= t && t < next.to))
                        {
                            cut = t;
                        }
                    }
                }
                let open_end = Seg {
                    from: span.from,
                    to: cut,
                    state: State::Unknown,
                    comment,
                    open_end: true,
                };
                paint(&mut segs, open_end, e.fallback);
                paint(&mut segs, closed(cut, span.to), e.fallback);
            } else {
                paint(&mut segs, stretch(span.from, span.to), e.fallback);
            }
        }
    }
    segs
}

/// The first instant at local `date` + `minute`, skipping a DST gap forward.
pub(crate) fn local_instant(tz: Tz, date: NaiveDate, minute: u32) -> DateTime<Tz> {
    let midnight = date.and_time(NaiveTime::MIN);
    let base = midnight
        .checked_add_signed(Duration::minutes(minute.into()))
        .unwrap_or(midnight);
    let mut naive = base;
    for _ in 0..(4 * 60) {
        if let Some(dt) = tz.from_local_datetime(&naive).earliest() {
            return dt;
        }
        match naive.checked_add_signed(Duration::minutes(1)) {
            Some(n) => naive = n,
            None => break,
        }
    }
    // No zone skips four hours; read it as UTC rather than fail.
    Utc.from_utc_datetime(&base).with_timezone(&tz)
}

/// Evaluate at `at`.
pub(crate) fn evaluate(
    expr: &Expr,
    entries: &[Entry],
    tz: Tz,
    cal: &HolidayCalendar,
    at: DateTime<Utc>,
) -> Evaluation {
    let local = at.with_timezone(&tz).naive_local();
    let d0 = local.date();
    let m0 = (local.time() - NaiveTime::MIN)
        .num_minutes()
        .clamp(0, i64::from(DAY) - 1) as u32;
    let limit = at
        .checked_add_signed(Duration::days(HORIZON_DAYS))
        .unwrap_or(at);
    let segs = schedule(expr, entries, d0, cal);
    let Some(cur) = segs.iter().find(|s| s.from <= m0 && m0 < s.to).copied() else {
        return Evaluation {
            state: State::Unknown,
            comment: None,
            next_change: None,
            next_state: None,
            open_end_since: None,
            next_open_end: false,
        };
    };
    let mut result = Evaluation {
        state: cur.state,
        comment: cur.comment.map(str::to_string),
        next_change: None,
        next_state: None,
        open_end_since: cur
            .open_end
            .then(|| open_end_start(expr, entries, tz, cal, d0, &cur)),
        next_open_end: false,
    };
    let mut date = d0;
    let mut day_segs = segs;
    for day_index in 0..=HORIZON_DAYS + 1 {
        if day_index > 0 {
            let Some(next) = date.succ_opt() else { break };
            date = next;
            day_segs = schedule(expr, entries, date, cal);
        }
        for s in &day_segs {
            if s.state == cur.state {
                continue;
            }
            let when = local_instant(tz, date, s.from);
            if when.with_timezone(&Utc) <= at {
                continue;
            }
            if when.with_timezone(&Utc) > limit {
                return result;
            }
            result.next_change = Some(when);
            result.next_state = Some(s.state);
            result.next_open_end = s.open_end;
            return result;
        }
    }
    result
}

/// When the open end `cur` of local day `date` began: on that day, or the
/// day before when it runs on past midnight (an open end lasts at most
/// ten hours, so never longer).
fn open_end_start(
    expr: &Expr,
    entries: &[Entry],
    tz: Tz,
    cal: &HolidayCalendar,
    date: NaiveDate,
    cur: &Seg<'_>,
) -> DateTime<Tz> {
    if cur.from == 0 {
        if let Some(before) = date.pred_opt() {
            let segs = schedule(expr, entries, before, cal);
            if let Some(last) = segs.last().filter(|s| s.to >= DAY && s.says_same(cur)) {
                return local_instant(tz, before, last.from);
            }
        }
    }
    local_instant(tz, date, cur.from)
}

/// Intervals of local day `date`.
pub(crate) fn day(
    expr: &Expr,
    entries: &[Entry],
    tz: Tz,
    cal: &HolidayCalendar,
    date: NaiveDate,
) -> Vec<Interval> {
    let segs = schedule(expr, entries, date, cal);
    let next = date.succ_opt().unwrap_or(date);
    let mut out: Vec<Interval> = Vec::with_capacity(segs.len());
    for s in segs {
        let from = local_instant(tz, date, s.from);
        let to = if s.to >= DAY {
            local_instant(tz, next, 0)
        } else {
            local_instant(tz, date, s.to)
        };
        if to <= from {
            continue;
        }
        let comment = s.comment.map(str::to_string);
        match out.last_mut() {
            Some(last)
                if last.state == s.state
                    && last.comment == comment
                    && last.open_end == s.open_end =>
            {
                last.to = to
            }
            _ => out.push(Interval {
                from,
                to,
                state: s.state,
                open_end: s.open_end,
                comment,
            }),
        }
    }
    out
}

/// Whether it is open, or opens with an open end, at any moment of
/// `[from, from + days)`.
pub(crate) fn opens_within(
    expr: &Expr,
    entries: &[Entry],
    tz: Tz,
    cal: &HolidayCalendar,
    from: DateTime<Utc>,
    days: u32,
) -> bool {
    let end = from
        .checked_add_signed(Duration::days(days.into()))
        .unwrap_or(from);
    let mut date = from.with_timezone(&tz).date_naive();
    let last = end.with_timezone(&tz).date_naive();
    while date <= last {
        for s in schedule(expr, entries, date, cal) {
            // An open end opens, though no closing time is stated.
            if s.state != State::Open && !s.open_end {
                continue;
            }
            let a = local_instant(tz, date, s.from).with_timezone(&Utc);
            let b = if s.to >= DAY {
                date.succ_opt()
                    .map_or(a, |n| local_instant(tz, n, 0).with_timezone(&Utc))
            } else {
                local_instant(tz, date, s.to).with_timezone(&Utc)
            };
            if a < end && b > from {
                return true;
            }
        }
        let Some(next) = date.succ_opt() else { break };
        date = next;
    }
    false
}
