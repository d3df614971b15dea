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

use chrono::{DateTime, Duration, NaiveDate, NaiveTime, TimeZone, Utc};
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

impl DaySpan {
    fn new(from: u32, to: u32, open_end: bool) -> Self {
        DaySpan { from, to, open_end }
    }
}

/// The spans of one rule's times: on the day the rule matches, and what
/// runs past midnight into the day after.
#[derive(Default)]
struct Spread {
    today: Vec<DaySpan>,
    next_day: Vec<DaySpan>,
    /// A range of the times is the whole day, `00:00-24:00`.
    whole_day: bool,
}

impl Spread {
    /// Adds the minutes of one range of times.
    fn add(&mut self, span: &TimeSpan) {
        let (s, s_fixed) = minutes(span.start);
        let Some(end) = span.end else {
            let to = open_end_to(s);
            self.today.push(DaySpan::new(s, to.min(DAY), true));
            if to > DAY {
                self.next_day.push(DaySpan::new(0, to - DAY, true));
            }
            return;
        };
        let (e, e_fixed) = minutes(end);
        let mut to = e;
        if to < s || (s_fixed && e_fixed && to == s) {
            to += DAY;
        }
        if span.open_end {
            self.add_open_end_after(to);
        }
        if s == 0 && to == DAY {
            self.whole_day = true;
            self.today.push(DaySpan::new(0, DAY, false));
        } else if to > DAY {
            self.today.push(DaySpan::new(s, DAY, false));
            self.next_day
                .push(DaySpan::new(0, (to - DAY).min(DAY), false));
        } else {
            self.today.push(DaySpan::new(s, to, false));
        }
    }

    /// "A-B+": unknown after B (`from`); listed before the range itself.
    fn add_open_end_after(&mut self, from: u32) {
        let to = open_end_to(from);
        if from < DAY {
            self.today.push(DaySpan::new(from, to.min(DAY), true));
        }
        if to > DAY {
            self.next_day.push(DaySpan::new(0, to - DAY, true));
        }
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
        let mut spread = Spread::default();
        for span in &rule.times {
            spread.add(span);
        }
        let whole_day = if rule.always {
            rule.times.is_empty()
        } else {
            rule.times.is_empty() || spread.whole_day
        };
        out.push(Entry {
            rule: i,
            wrapped: false,
            fallback: in_fallback,
            spans: spread.today,
            whole_day,
        });
        if !spread.next_day.is_empty() {
            out.push(Entry {
                rule: i,
                wrapped: true,
                fallback: in_fallback,
                spans: spread.next_day,
                whole_day: false,
            });
        }
    }
    out
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
    let mut segs = vec![closed(0, DAY)];
    for ei in active_entries(expr, entries, d, cal) {
        let Some(e) = entries.get(ei) else { continue };
        let Some(rule) = expr.rules.get(e.rule) else {
            continue;
        };
        paint_entry(&mut segs, rule, e);
    }
    segs
}

/// A closed stretch.
fn closed<'a>(from: u32, to: u32) -> Seg<'a> {
    Seg {
        from,
        to,
        state: State::Closed,
        comment: None,
        open_end: false,
    }
}

/// The entries that apply on local day `d`, in the order they are painted:
/// those whose rule selects the day (the day before for the part of a range
/// past midnight), from the last normal rule that replaces what came before.
fn active_entries(
    expr: &Expr,
    entries: &[Entry],
    d: NaiveDate,
    cal: &HolidayCalendar,
) -> Vec<usize> {
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
        if !rule.selects(date, cal) {
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
    active
}

/// Paints the spans of one entry of `rule` over the day's segments.
fn paint_entry<'a>(segs: &mut Vec<Seg<'a>>, rule: &'a Rule, e: &Entry) {
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
        paint(segs, stretch(0, DAY), e.fallback);
        return;
    }
    for (i, span) in e.spans.iter().enumerate() {
        if span.open_end && state != State::Closed {
            let cut = open_end_cut(e, i, span);
            let open_end = Seg {
                from: span.from,
                to: cut,
                state: State::Unknown,
                comment,
                open_end: true,
            };
            paint(segs, open_end, e.fallback);
            paint(segs, closed(cut, span.to), e.fallback);
        } else {
            paint(segs, stretch(span.from, span.to), e.fallback);
        }
    }
}

/// Where the open end `span`, the `i`th of `e`, stops: opening_hours.js
/// closes an open end where a later range of the same rule ends inside it
/// ("07:00+,12:00-16:00"); else at its guessed end.
fn open_end_cut(e: &Entry, i: usize, span: &DaySpan) -> u32 {
    if e.wrapped {
        return span.to;
    }
    let Some(next) = e.spans.get(i + 1) else {
        return span.to;
    };
    let mut points: Vec<u32> = e
        .spans
        .iter()
        .enumerate()
        .filter(|(j, _)| *j != i)
        .flat_map(|(_, s)| [s.from, s.to])
        .filter(|&t| t > span.from && t < span.to)
        .collect();
    points.sort_unstable();
    points
        .into_iter()
        .find(|&t| !(next.from <= t && t < next.to))
        .unwrap_or(span.to)
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
