//! How a service's status and a day's hours are said, for every place that
//! says them: the `find` table, `show`, `hours`, the desk, slips and cards.
//! One rule, in one place; each place brings its [`Phrases`] (the desk's
//! terse lower case, or a slip's sentences in English or Spanish).
//!
//! Times are said as the desk reads them: in the zone of the instant they
//! are said from (the directory's), whatever the service's own zone.
//! Nothing an hours library writes reaches a person: an open end (`17:00+`)
//! is said in these phrases, never in the reference's comment.

use chrono::{DateTime, Datelike, NaiveDate, Timelike};
use chrono_tz::Tz;

use crate::directory::Clock;
use crate::hours::{Interval, State};
use crate::matching::{Status, CLOSING_SOON_MINUTES};
use crate::render::time_of_day;
use crate::sanitize::one_line;

/// The phrases a status and a day's hours are said in: one language, one
/// register. `{}` stands for a time, a number or a note.
#[derive(Debug)]
pub struct Phrases {
    /// Open, with no closing within the horizon: `open now`.
    pub open_now: &'static str,
    /// `open until {}`.
    pub open_until: &'static str,
    /// `closes in {} min`.
    pub closes_in: &'static str,
    /// Closed, with no opening within the horizon: `closed`.
    pub closed_now: &'static str,
    /// `closed, opens {}`.
    pub opens: &'static str,
    /// An open end under way: `open since {}, closing time not stated —
    /// call first`.
    pub open_end: &'static str,
    /// No hours: `hours unknown — call first`.
    pub unknown: &'static str,
    /// Hours that cannot be read: `hours unclear — call first`.
    pub unclear: &'static str,
    /// A rule that is only a comment: `call first — {}`.
    pub noted: &'static str,
    /// A stretch of unknown state in a day: `call first`.
    pub call_first: &'static str,
    /// A day open from midnight to midnight: `open all day`.
    pub all_day: &'static str,
    /// A day with nothing open: `closed`.
    pub closed: &'static str,
    /// The end of a day on a 12-hour clock: `midnight`.
    pub midnight: &'static str,
    /// An open end in a day's hours: `from {}, closing time not stated
    /// (call first)`.
    pub from_open_end: &'static str,
    /// Between the start and end of a stretch: `-`, or `–` on paper.
    pub dash: &'static str,
    /// Weekdays, Monday first, short.
    pub weekdays: [&'static str; 7],
    /// Keep each time on one line (no-break spaces), for slips and cards.
    pub unbroken: bool,
}

/// The desk's phrases: the `find` table, `show`, `hours` and the desk.
pub const DESK: Phrases = Phrases {
    open_now: "open now",
    open_until: "open until {}",
    closes_in: "closes in {} min",
    closed_now: "closed",
    opens: "closed, opens {}",
    open_end: "open since {}, closing time not stated — call first",
    unknown: "hours unknown — call first",
    unclear: "hours unclear — call first",
    noted: "call first — {}",
    call_first: "call first",
    all_day: "open all day",
    closed: "closed",
    midnight: "midnight",
    from_open_end: "from {}, closing time not stated (call first)",
    dash: "-",
    weekdays: ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"],
    unbroken: false,
};

/// Fills the `{}` of a phrase with the values, in order.
pub fn fill(phrase: &str, values: &[&str]) -> String {
    let mut out = String::with_capacity(phrase.len() + 16);
    let mut values = values.iter();
    let mut rest = phrase;
    while let Some(i) = rest.find("{}") {
        out.push_str(&rest[..i]);
        out.push_str(values.next().copied().unwrap_or_default());
        rest = &rest[i + 2..];
    }
    out.push_str(rest);
    out
}

impl Phrases {
    /// `text` kept on one line where these phrases ask for it.
    fn keep(&self, text: String) -> String {
        if self.unbroken {
            text.replace(' ', "\u{a0}")
        } else {
            text
        }
    }

    /// A weekday's short name.
    pub fn weekday(&self, day: chrono::Weekday) -> &'static str {
        self.weekdays[day.num_days_from_monday() as usize]
    }
}

/// A time as read from `reference` (the desk's "now"), in the reference's
/// zone: `8:00 AM`; with its weekday when it is on another day, except the
/// next morning after an evening or the evening before a morning (an
/// overnight stay reads naturally); the end of a day (`end`) at 00:00 as
/// that day's `midnight` (or `24:00`).
pub fn time_from(
    t: &DateTime<Tz>,
    reference: &DateTime<Tz>,
    clock: Clock,
    end: bool,
    p: &Phrases,
) -> String {
    let t = t.with_timezone(&reference.timezone());
    let today = reference.date_naive();
    if end && t.hour() == 0 && t.minute() == 0 {
        let day = t.date_naive().pred_opt().unwrap_or(t.date_naive());
        let midnight = match clock {
            Clock::H12 => p.midnight,
            Clock::H24 => "24:00",
        };
        return if day == today {
            midnight.to_string()
        } else {
            p.keep(format!("{} {midnight}", p.weekday(day.weekday())))
        };
    }
    let day = t.date_naive();
    let overnight = (today.succ_opt() == Some(day) && t.hour() < 12 && reference.hour() >= 12)
        || (day.succ_opt() == Some(today) && t.hour() >= 12 && reference.hour() < 12);
    if day == today || overnight {
        p.keep(time_of_day(&t, clock))
    } else {
        p.keep(format!(
            "{} {}",
            p.weekday(t.weekday()),
            time_of_day(&t, clock)
        ))
    }
}

/// The status in words at `at` (the desk's local time): `open until 8:00
/// AM`, `closes in 20 min`, `closed, opens Sat 9:00 AM`, `open since 5:00
/// PM, closing time not stated — call first`, `call first — by
/// appointment`; a rule's comment follows an open or closed status in
/// brackets.
pub fn status_words(status: &Status, at: &DateTime<Tz>, clock: Clock, p: &Phrases) -> String {
    let note = status.note.as_deref().map(one_line);
    let words = match status.state {
        State::Open => match &status.open_until {
            Some(until) => {
                let minutes = (until.timestamp() - at.timestamp()) / 60;
                if minutes <= CLOSING_SOON_MINUTES {
                    fill(p.closes_in, &[&minutes.max(1).to_string()])
                } else {
                    fill(p.open_until, &[&time_from(until, at, clock, true, p)])
                }
            }
            None => p.open_now.to_string(),
        },
        State::Closed => match &status.opens_at {
            Some(opens) => fill(p.opens, &[&time_from(opens, at, clock, false, p)]),
            None => p.closed_now.to_string(),
        },
        State::Unknown => match (&status.open_since, note) {
            (Some(since), note) => {
                let words = fill(p.open_end, &[&time_from(since, at, clock, false, p)]);
                return match note {
                    Some(note) => format!("{words} ({note})"),
                    None => words,
                };
            }
            (None, Some(note)) => return fill(p.noted, &[&note]),
            (None, None) if status.unreadable => return p.unclear.to_string(),
            (None, None) => return p.unknown.to_string(),
        },
    };
    match note {
        Some(note) => format!("{words} ({note})"),
        None => words,
    }
}

/// The end of a stretch of `date`: `midnight` (or `24:00`) when it is the
/// end of the day.
fn end_of(t: &DateTime<Tz>, date: NaiveDate, clock: Clock, p: &Phrases) -> String {
    if t.date_naive() > date && t.hour() == 0 && t.minute() == 0 {
        match clock {
            Clock::H12 => p.midnight.into(),
            Clock::H24 => "24:00".into(),
        }
    } else {
        time_of_day(t, clock)
    }
}

/// One day's hours in words: `9:00 AM-12:00 PM, 1:00 PM-5:00 PM`, `open
/// all day`, `closed`, stretches of unknown state marked `call first`, an
/// open end as `from 5:00 PM, closing time not stated (call first)`.
/// `intervals` are the day's, in the zone they are to be read in. The
/// hours after midnight of an open end begun the day before are that
/// open end, said on its own day, so they are not said again.
pub fn day_words(date: NaiveDate, intervals: &[Interval], clock: Clock, p: &Phrases) -> String {
    let shown: Vec<&Interval> = intervals
        .iter()
        .filter(|i| i.state != State::Closed)
        .filter(|i| {
            !(i.open_end
                && i.from.date_naive() == date
                && i.from.hour() == 0
                && i.from.minute() == 0)
        })
        .collect();
    if shown.is_empty() {
        return p.closed.into();
    }
    if intervals.len() == 1 && shown[0].state == State::Open && shown[0].comment.is_none() {
        return p.all_day.into();
    }
    shown
        .iter()
        .map(|i| {
            let note = i.comment.as_deref().map(one_line);
            let words = if i.open_end {
                fill(p.from_open_end, &[&p.keep(time_of_day(&i.from, clock))])
            } else {
                let span = p.keep(format!(
                    "{}{}{}",
                    time_of_day(&i.from, clock),
                    p.dash,
                    end_of(&i.to, date, clock, p)
                ));
                match i.state {
                    State::Open => span,
                    _ => format!("{span} {}", p.call_first),
                }
            };
            match note {
                Some(note) => format!("{words} ({note})"),
                None => words,
            }
        })
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;
    use chrono_tz::America::{Chicago, New_York};

    fn status(state: State) -> Status {
        Status {
            state,
            open_until: None,
            opens_at: None,
            open_since: None,
            note: None,
            unreadable: false,
            missing: false,
        }
    }

    #[test]
    fn times_are_said_in_the_zone_of_the_desk() {
        // A New York service opening at 9:00 its time, seen at 7:30 in
        // Chicago: it opens at 8:00 desk time.
        let at = Chicago.with_ymd_and_hms(2026, 11, 30, 7, 30, 0).unwrap();
        let mut closed = status(State::Closed);
        closed.opens_at = Some(New_York.with_ymd_and_hms(2026, 11, 30, 9, 0, 0).unwrap());
        assert_eq!(
            status_words(&closed, &at, Clock::H12, &DESK),
            "closed, opens 8:00 AM"
        );
    }

    #[test]
    fn an_open_end_is_said_in_deflects_words() {
        let at = Chicago.with_ymd_and_hms(2026, 11, 30, 18, 0, 0).unwrap();
        let mut open_end = status(State::Unknown);
        open_end.open_since = Some(Chicago.with_ymd_and_hms(2026, 11, 30, 17, 0, 0).unwrap());
        assert_eq!(
            status_words(&open_end, &at, Clock::H12, &DESK),
            "open since 5:00 PM, closing time not stated — call first"
        );
        // After midnight, the evening before needs no weekday.
        let late = Chicago.with_ymd_and_hms(2026, 12, 1, 1, 0, 0).unwrap();
        assert_eq!(
            status_words(&open_end, &late, Clock::H24, &DESK),
            "open since 17:00, closing time not stated — call first"
        );
    }

    #[test]
    fn the_end_of_a_day_is_midnight() {
        let at = Chicago.with_ymd_and_hms(2026, 11, 28, 20, 0, 0).unwrap();
        let mut open = status(State::Open);
        open.open_until = Some(Chicago.with_ymd_and_hms(2026, 11, 29, 0, 0, 0).unwrap());
        assert_eq!(
            status_words(&open, &at, Clock::H12, &DESK),
            "open until midnight"
        );
        open.open_until = Some(Chicago.with_ymd_and_hms(2026, 11, 30, 0, 0, 0).unwrap());
        assert_eq!(
            status_words(&open, &at, Clock::H12, &DESK),
            "open until Sun midnight"
        );
        assert_eq!(
            status_words(&open, &at, Clock::H24, &DESK),
            "open until Sun 24:00"
        );
    }
}
