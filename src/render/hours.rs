//! Hours day by day, shared by `show` and `hours`.

use chrono::NaiveDate;
use chrono_tz::Tz;
use serde_json::{json, Value};

use crate::directory::Clock;
use crate::hours::{HolidayCalendar, Hours, Interval};
use crate::render::rfc3339;
use crate::render::status::{self, DESK};

/// The intervals of the next `days` days from `from`, days of zone `view`
/// (the desk's) for hours kept in zone `zone` (the service's; the same
/// zone for an expression read alone).
pub fn week(
    hours: &Hours,
    zone: Tz,
    view: Tz,
    calendar: &HolidayCalendar,
    from: NaiveDate,
    days: u32,
) -> Vec<(NaiveDate, Vec<Interval>)> {
    (0..days)
        .filter_map(|i| from.checked_add_days(chrono::Days::new(u64::from(i))))
        .map(|date| (date, hours.day_seen_from(zone, view, calendar, date)))
        .collect()
}

/// One day in words: "9:00 AM-12:00 PM, 1:00 PM-5:00 PM", "open all day",
/// "closed", with unknown stretches as "call first" (see
/// [`status::day_words`]).
pub fn day_words(date: NaiveDate, intervals: &[Interval], clock: Clock) -> String {
    status::day_words(date, intervals, clock, &DESK)
}

/// One line of a week, for `show` and `hours`: `Thu 26 Nov  closed
/// (Thanksgiving Day)`; a public holiday says its name.
pub fn day_line(
    date: NaiveDate,
    intervals: &[Interval],
    clock: Clock,
    calendar: &HolidayCalendar,
) -> String {
    let words = day_words(date, intervals, clock);
    match calendar.holiday_name(date) {
        Some(name) => format!("{}  {words} ({name})", date.format("%a %d %b")),
        None => format!("{}  {words}", date.format("%a %d %b")),
    }
}

/// The `days` array of the JSON outputs.
pub fn days_json(days: &[(NaiveDate, Vec<Interval>)], calendar: &HolidayCalendar) -> Value {
    Value::Array(
        days.iter()
            .map(|(date, intervals)| {
                json!({
                    "date": date.to_string(),
                    "holiday": calendar.holiday_name(*date),
                    "intervals": intervals.iter().map(|i| json!({
                        "from": rfc3339(&i.from),
                        "to": rfc3339(&i.to),
                        "status": i.state,
                        "open_end": i.open_end,
                        "note": i.comment,
                    })).collect::<Vec<_>>(),
                })
            })
            .collect(),
    )
}
