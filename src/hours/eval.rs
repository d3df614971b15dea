//! Evaluation of a parsed expression at an instant, in a time zone.
//!
//! This first version drives the `opening-hours` crate's evaluator with a
//! [`TzLocation`] so that local rules are turned into instants of `tz`.

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::Arc;

use chrono::{DateTime, Duration, NaiveDate, NaiveTime, TimeZone, Utc};
use chrono_tz::Tz;
use opening_hours::localization::TzLocation;
use opening_hours::{Context, ContextHolidays, OpeningHours, RuleKind};

use super::{Evaluation, HolidayCalendar, Interval, State};

/// How far ahead `evaluate` looks for the next change.
const HORIZON_DAYS: i64 = 8;

fn state_of(kind: RuleKind) -> State {
    match kind {
        RuleKind::Open => State::Open,
        RuleKind::Closed => State::Closed,
        RuleKind::Unknown => State::Unknown,
    }
}

fn comment_of(comment: &str) -> Option<String> {
    (!comment.is_empty()).then(|| comment.to_string())
}

fn with_context(
    expr: &OpeningHours,
    tz: Tz,
    holidays: &HolidayCalendar,
) -> Option<OpeningHours<TzLocation<Tz>>> {
    // The syntax tree is shared (Arc): no re-parse.
    let oh = expr.clone();
    let ctx = Context::default()
        .with_holidays(ContextHolidays::new(
            holidays.calendar().clone(),
            Arc::default(),
        ))
        .with_locale(TzLocation::new(tz));
    Some(oh.with_context(ctx))
}

/// Local midnight at the start of `date`, or the first valid instant after it.
pub(crate) fn local_midnight(tz: Tz, date: NaiveDate) -> DateTime<Tz> {
    let mut naive = date.and_time(NaiveTime::MIN);
    for _ in 0..(24 * 4) {
        if let Some(dt) = tz.from_local_datetime(&naive).earliest() {
            return dt;
        }
        naive += Duration::minutes(15);
    }
    // No zone skips a whole day; fall back to the UTC reading of the date.
    Utc.from_utc_datetime(&date.and_time(NaiveTime::MIN))
        .with_timezone(&tz)
}

/// Intervals of state between two instants, merged where state and comment
/// are equal.
fn intervals(
    expr: &OpeningHours,
    tz: Tz,
    holidays: &HolidayCalendar,
    from: DateTime<Tz>,
    to: DateTime<Tz>,
) -> Vec<Interval> {
    let Some(oh) = with_context(expr, tz, holidays) else {
        return vec![Interval {
            from,
            to,
            state: State::Unknown,
            comment: None,
        }];
    };
    let run = catch_unwind(AssertUnwindSafe(|| {
        let mut out: Vec<Interval> = Vec::new();
        for r in oh.iter_range(from, to) {
            let state = state_of(r.kind);
            let comment = comment_of(&r.comment);
            match out.last_mut() {
                Some(last) if last.state == state && last.comment == comment => {
                    last.to = r.range.end;
                }
                _ => out.push(Interval {
                    from: r.range.start,
                    to: r.range.end,
                    state,
                    comment,
                }),
            }
        }
        out
    }));
    run.unwrap_or_else(|_| {
        vec![Interval {
            from,
            to,
            state: State::Unknown,
            comment: None,
        }]
    })
}

pub(crate) fn evaluate(
    expr: &OpeningHours,
    tz: Tz,
    holidays: &HolidayCalendar,
    at: DateTime<Utc>,
) -> Evaluation {
    let start = at.with_timezone(&tz);
    let end = start + Duration::days(HORIZON_DAYS);
    let ivs = intervals(expr, tz, holidays, start, end);
    let Some(first) = ivs.first() else {
        return Evaluation {
            state: State::Closed,
            comment: None,
            next_change: None,
            next_state: None,
        };
    };
    let next = ivs
        .iter()
        .find(|iv| iv.state != first.state && iv.from > start);
    Evaluation {
        state: first.state,
        comment: first.comment.clone(),
        next_change: next.map(|iv| iv.from),
        next_state: next.map(|iv| iv.state),
    }
}

pub(crate) fn day(
    expr: &OpeningHours,
    tz: Tz,
    holidays: &HolidayCalendar,
    date: NaiveDate,
) -> Vec<Interval> {
    let from = local_midnight(tz, date);
    let to = date
        .succ_opt()
        .map_or(from + Duration::days(1), |d| local_midnight(tz, d));
    intervals(expr, tz, holidays, from, to)
}

pub(crate) fn opens_within(
    expr: &OpeningHours,
    tz: Tz,
    holidays: &HolidayCalendar,
    from: DateTime<Utc>,
    days: u32,
) -> bool {
    let start = from.with_timezone(&tz);
    let end = start + Duration::days(i64::from(days));
    intervals(expr, tz, holidays, start, end)
        .iter()
        .any(|iv| iv.state == State::Open)
}
