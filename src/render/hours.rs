//! Hours day by day, shared by `show` and `hours`.

use chrono::{DateTime, NaiveDate, Timelike};
use chrono_tz::Tz;
use serde_json::{json, Value};

use crate::directory::Clock;
use crate::hours::{HolidayCalendar, Hours, Interval, State};
use crate::render::{rfc3339, time_of_day};
use crate::sanitize::one_line;

/// The intervals of the next `days` local days from `from`.
pub fn week(
    hours: &Hours,
    zone: Tz,
    calendar: &HolidayCalendar,
    from: NaiveDate,
    days: u32,
) -> Vec<(NaiveDate, Vec<Interval>)> {
    (0..days)
        .filter_map(|i| from.checked_add_days(chrono::Days::new(u64::from(i))))
        .map(|date| (date, hours.day(zone, calendar, date)))
        .collect()
}

fn end_of(t: &DateTime<Tz>, date: NaiveDate, clock: Clock) -> String {
    if t.date_naive() > date && t.hour() == 0 && t.minute() == 0 {
        match clock {
            Clock::H12 => "midnight".into(),
            Clock::H24 => "24:00".into(),
        }
    } else {
        time_of_day(t, clock)
    }
}

/// One day in words: "9:00 AM-12:00 PM, 1:00 PM-5:00 PM", "open all day",
/// "closed", with unknown stretches as "call first".
pub fn day_words(date: NaiveDate, intervals: &[Interval], clock: Clock) -> String {
    let dash = "-";
    let shown: Vec<&Interval> = intervals
        .iter()
        .filter(|i| i.state != State::Closed)
        .collect();
    if shown.is_empty() {
        return "closed".into();
    }
    if shown.len() == 1 && shown[0].state == State::Open && intervals.len() == 1 {
        return "open all day".into();
    }
    shown
        .iter()
        .map(|i| {
            let span = format!(
                "{}{dash}{}",
                time_of_day(&i.from, clock),
                end_of(&i.to, date, clock)
            );
            match (i.state, &i.comment) {
                (State::Open, Some(c)) => format!("{span} ({})", one_line(c)),
                (State::Open, None) => span,
                (_, Some(c)) => format!("{span} call first ({})", one_line(c)),
                (_, None) => format!("{span} call first"),
            }
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// The `days` array of the JSON outputs.
pub fn days_json(days: &[(NaiveDate, Vec<Interval>)]) -> Value {
    Value::Array(
        days.iter()
            .map(|(date, intervals)| {
                json!({
                    "date": date.to_string(),
                    "intervals": intervals.iter().map(|i| json!({
                        "from": rfc3339(&i.from),
                        "to": rfc3339(&i.to),
                        "status": i.state,
                        "note": i.comment,
                    })).collect::<Vec<_>>(),
                })
            })
            .collect(),
    )
}
