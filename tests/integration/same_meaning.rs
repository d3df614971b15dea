//! The differential check of issue #19, shared by the reference test and
//! the property tests: an expression and its canonical form must give the
//! same state, comment and next change at many instants — across the
//! changes of daylight saving time in Chicago and Berlin, public holidays
//! (Thanksgiving, Christmas, Easter Monday), year ends and leap days, in the
//! years 2012–2014 and 2024–2027 and in the years the expression names.

use chrono::{DateTime, Datelike, Duration, NaiveDate, TimeZone, Utc, Weekday};
use chrono_tz::Tz;
use deflect::hours::{HolidayCalendar, Hours};

/// Where and with which holidays the two are compared.
pub fn places() -> Vec<(Tz, HolidayCalendar)> {
    vec![
        (
            chrono_tz::America::Chicago,
            HolidayCalendar::new(Some("US"), &[]),
        ),
        (
            chrono_tz::Europe::Berlin,
            HolidayCalendar::new(Some("DE"), &[]),
        ),
    ]
}

/// The `n`th `weekday` of a month (`n` from 1), or its last (`n` = 0).
fn nth(year: i32, month: u32, weekday: Weekday, n: u8) -> Option<NaiveDate> {
    if n == 0 {
        let next = if month == 12 {
            NaiveDate::from_ymd_opt(year + 1, 1, 1)
        } else {
            NaiveDate::from_ymd_opt(year, month + 1, 1)
        }?;
        let mut day = next.pred_opt()?;
        while day.weekday() != weekday {
            day = day.pred_opt()?;
        }
        return Some(day);
    }
    NaiveDate::from_weekday_of_month_opt(year, month, weekday, n)
}

/// The years written in `text` (four digits from 1900 to 2100), with the
/// years beside them and ten years on (periods such as `2013/10`).
fn years_in(text: &str) -> Vec<i32> {
    let mut out = Vec::new();
    let digits: Vec<char> = text.chars().collect();
    let mut i = 0;
    while i < digits.len() {
        if digits[i].is_ascii_digit() {
            let start = i;
            while i < digits.len() && digits[i].is_ascii_digit() {
                i += 1;
            }
            if i - start == 4 {
                let year: i32 = digits[start..i]
                    .iter()
                    .collect::<String>()
                    .parse()
                    .unwrap_or(0);
                if (1900..=2100).contains(&year) {
                    out.extend([year - 1, year, year + 1, year + 10]);
                }
            }
        } else {
            i += 1;
        }
    }
    out
}

/// The local dates compared for an expression written as `text`.
pub fn dates(text: &str) -> Vec<NaiveDate> {
    let mut years = vec![2012, 2013, 2014, 2024, 2025, 2026, 2027];
    years.extend(years_in(text));
    years.sort_unstable();
    years.dedup();
    let mut out = Vec::new();
    for y in years {
        let fixed = [
            (1, 1),
            (1, 5),
            (2, 28),
            (2, 29),
            (3, 1),
            (5, 25),
            (7, 3),
            (7, 4),
            (12, 24),
            (12, 25),
            (12, 26),
            (12, 31),
        ];
        out.extend(
            fixed
                .iter()
                .filter_map(|&(m, d)| NaiveDate::from_ymd_opt(y, m, d)),
        );
        // The middle of every month, for month selectors.
        out.extend((1..=12).filter_map(|m| NaiveDate::from_ymd_opt(y, m, 15)));
        // Daylight saving time begins and ends (US, then EU), Thanksgiving.
        out.extend(
            [
                nth(y, 3, Weekday::Sun, 2),
                nth(y, 11, Weekday::Sun, 1),
                nth(y, 3, Weekday::Sun, 0),
                nth(y, 10, Weekday::Sun, 0),
                nth(y, 11, Weekday::Thu, 4),
            ]
            .into_iter()
            .flatten(),
        );
        // Easter Monday (a holiday in Germany) and a whole ordinary week.
        if let Some(easter) = easter(y) {
            out.extend(easter.succ_opt());
        }
        if let Some(monday) = nth(y, 9, Weekday::Mon, 2) {
            out.extend((0..7).map(|i| monday + Duration::days(i)));
        }
    }
    out
}

fn easter(year: i32) -> Option<NaiveDate> {
    let (a, b, c) = (year % 19, year / 100, year % 100);
    let (d, e) = (b / 4, b % 4);
    let f = (b + 8) / 25;
    let g = (b - f + 1) / 3;
    let h = (19 * a + b - d - g + 15) % 30;
    let (i, k) = (c / 4, c % 4);
    let l = (32 + 2 * e + 2 * i - h - k) % 7;
    let m = (a + 11 * h + 22 * l) / 451;
    let month = (h + l - 7 * m + 114) / 31;
    let day = (h + l - 7 * m + 114) % 31 + 1;
    NaiveDate::from_ymd_opt(year, month as u32, day as u32)
}

/// Local times of day compared on each date: midnight, the hours a change
/// of daylight saving time moves, mornings, evenings and the last minute.
const TIMES: [(u32, u32); 9] = [
    (0, 0),
    (1, 30),
    (2, 30),
    (3, 0),
    (8, 30),
    (12, 0),
    (17, 0),
    (22, 30),
    (23, 59),
];

/// The instants compared in `zone` for an expression written as `text`,
/// plus `extra` (the reference's own instants, say).
pub fn instants(text: &str, zone: Tz, extra: &[DateTime<Utc>]) -> Vec<DateTime<Utc>> {
    let mut out: Vec<DateTime<Utc>> = extra.to_vec();
    for date in dates(text) {
        for (h, m) in TIMES {
            if let Some(t) = date
                .and_hms_opt(h, m, 0)
                .and_then(|n| zone.from_local_datetime(&n).earliest())
            {
                out.push(t.with_timezone(&Utc));
            }
        }
    }
    out
}

/// The first instant at which `a` and `b` disagree (state, comment, next
/// change or next state), described; `None` when they agree everywhere.
pub fn disagreement(a: &Hours, b: &Hours, extra: &[DateTime<Utc>]) -> Option<String> {
    for (zone, calendar) in places() {
        for at in instants(a.source(), zone, extra) {
            let x = a.evaluate(zone, &calendar, at);
            let y = b.evaluate(zone, &calendar, at);
            let same = x.state == y.state
                && x.comment == y.comment
                && x.next_change == y.next_change
                && x.next_state == y.next_state;
            if !same {
                return Some(format!(
                    "{:?} and {:?} differ at {} in {}: {:?} {:?} next {:?} {:?} against {:?} {:?} next {:?} {:?}",
                    a.source(),
                    b.source(),
                    at.with_timezone(&zone),
                    zone,
                    x.state,
                    x.comment,
                    x.next_change,
                    x.next_state,
                    y.state,
                    y.comment,
                    y.next_change,
                    y.next_state
                ));
            }
        }
    }
    None
}
