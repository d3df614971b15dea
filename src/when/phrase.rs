//! Time phrases as an officer types them: `tonight`, `tomorrow 9am`, `sat
//! 2am`, `9pm`, `in 2 hours`, `friday night` (docs/REQUEST.md, rule 8).
//!
//! The phrases are grammar, not data: a phrase is matched over words in
//! their normal form ([`crate::text`]), then resolved against "now" in the
//! directory's timezone. No crate reads these phrases as REQUEST.md says
//! (`interim` reads `9am tomorrow` as today and `midnight` as now,
//! `chrono-english` drops the `9am` of `tomorrow 9am`, `jiff` has no such
//! phrases), so the reader is deflect's own, with a test for every phrase
//! it accepts.

use chrono::{DateTime, Datelike, Duration, NaiveDate, NaiveTime, Timelike, Utc, Weekday};
use chrono_tz::Tz;

use super::{resolve_local, At};

/// One word of a request in normal form, and whether a colon joined it to
/// the word before (`9:30` is the words `9` and `30`, the second after a
/// colon).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PhraseWord {
    /// The word in normal form.
    pub text: String,
    /// A `:` and nothing else stood between it and the word before.
    pub after_colon: bool,
}

/// The day a phrase names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Day {
    /// Today.
    Today,
    /// Tomorrow, by the calendar (also at 2 a.m.).
    Tomorrow,
    /// Tonight.
    Tonight,
    /// A day of the week: its next date (today when it is today).
    Weekday(Weekday),
}

/// A time phrase, read but not yet resolved.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Phrase {
    /// `now`, `today`.
    Now,
    /// `tonight`, `night`: today 22:00, or now when it is already night.
    Tonight,
    /// `tomorrow` or a weekday alone.
    Day(Day),
    /// A clock time, alone (`9pm`: its next occurrence) or on a day
    /// (`sat 2am`, `tomorrow 9am`, `9am tomorrow`).
    Clock {
        /// The day, when one was named.
        day: Option<Day>,
        /// The wall-clock time.
        time: NaiveTime,
    },
    /// A part of a day: `this morning`, `tomorrow afternoon`, `friday
    /// night`; `hour` is 9, 14, 19 or 22.
    Part {
        /// The day (`this` is today).
        day: Day,
        /// The hour the part of the day stands for.
        hour: u32,
    },
    /// `in 30 minutes`, `in 2 hours`, `in 3 days`.
    In {
        /// How many.
        amount: i64,
        /// Of what.
        unit: Unit,
    },
}

/// A unit of `in N …`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unit {
    /// Minutes.
    Minutes,
    /// Hours.
    Hours,
    /// Days: the same wall-clock time on a later date.
    Days,
}

/// The time phrase that begins at the first of `words`, with how many
/// words it takes: the longest reading. `Some(Err)` for words shaped like
/// a clock time that is not one (`25pm`, `13am`, `9:75`), with a message.
pub fn match_start(words: &[PhraseWord]) -> Option<Result<(usize, Phrase), String>> {
    let first = words.first()?.text.as_str();
    if first == "in" {
        return in_phrase(words).map(Ok);
    }
    if first == "this" {
        let hour = words.get(1).and_then(|w| part_hour(&w.text))?;
        return Some(Ok((
            2,
            Phrase::Part {
                day: Day::Today,
                hour,
            },
        )));
    }
    if first == "now" {
        return Some(Ok((1, Phrase::Now)));
    }
    if let Some(day) = day_word(first) {
        return Some(after_day(day, words));
    }
    match clock(words)? {
        Err(message) => Some(Err(message)),
        Ok((len, time)) => {
            // `9am tomorrow`, `2pm on saturday`.
            let mut at = len;
            if words.get(at).is_some_and(|w| w.text == "on") {
                at += 1;
            }
            let day = words.get(at).and_then(|w| day_word(&w.text));
            Some(Ok(match day {
                Some(day) => (
                    at + 1,
                    Phrase::Clock {
                        day: Some(day),
                        time,
                    },
                ),
                None => (len, Phrase::Clock { day: None, time }),
            }))
        }
    }
}

/// Reads a whole text as one time phrase (for `--at`): `None` when it is
/// not one, `Some(Err)` for a clock time that does not exist.
pub fn read_whole(text: &str) -> Option<Result<Phrase, String>> {
    let words = phrase_words(text);
    match match_start(&words)? {
        Ok((len, phrase)) if len == words.len() => Some(Ok(phrase)),
        Ok(_) => None,
        Err(message) => Some(Err(message)),
    }
}

/// The words of a text in normal form, noting which follow a colon.
pub fn phrase_words(text: &str) -> Vec<PhraseWord> {
    let mut out = Vec::new();
    let mut previous_end: Option<usize> = None;
    for (start, end) in crate::text::word_ranges(text) {
        let word = crate::text::normalise_word(&text[start..end]);
        if word.is_empty() {
            continue;
        }
        let after_colon = previous_end.is_some_and(|p| &text[p..start] == ":");
        out.push(PhraseWord {
            text: word,
            after_colon,
        });
        previous_end = Some(end);
    }
    out
}

/// What follows a day word: a clock time (`sat 2am`, `tomorrow at 9am`), a
/// part of the day (`friday night`), or nothing.
fn after_day(day: Day, words: &[PhraseWord]) -> Result<(usize, Phrase), String> {
    let mut at = 1;
    if words.get(at).is_some_and(|w| w.text == "at") {
        at += 1;
    }
    if let Some(clock) = clock(&words[at.min(words.len())..]) {
        let (len, time) = clock?;
        return Ok((
            at + len,
            Phrase::Clock {
                day: Some(day),
                time,
            },
        ));
    }
    if day != Day::Tonight {
        if let Some(hour) = words.get(1).and_then(|w| part_hour(&w.text)) {
            return Ok((2, Phrase::Part { day, hour }));
        }
    }
    let phrase = match day {
        Day::Today => Phrase::Now,
        Day::Tonight => Phrase::Tonight,
        other => Phrase::Day(other),
    };
    Ok((1, phrase))
}

/// `in N minutes|hours|days` (`N` in digits, or `a`/`an`/`one`).
fn in_phrase(words: &[PhraseWord]) -> Option<(usize, Phrase)> {
    let amount: i64 = match words.get(1)?.text.as_str() {
        "a" | "an" | "one" => 1,
        n if !n.is_empty() && n.len() <= 4 && n.bytes().all(|b| b.is_ascii_digit()) => {
            n.parse().ok()?
        }
        _ => return None,
    };
    let unit = match words.get(2)?.text.as_str() {
        "minute" | "minutes" | "min" | "mins" => Unit::Minutes,
        "hour" | "hours" | "hr" | "hrs" => Unit::Hours,
        "day" | "days" => Unit::Days,
        _ => return None,
    };
    Some((3, Phrase::In { amount, unit }))
}

fn day_word(word: &str) -> Option<Day> {
    Some(match word {
        "today" => Day::Today,
        "tomorrow" | "tmrw" | "tmw" => Day::Tomorrow,
        "tonight" | "night" => Day::Tonight,
        "mon" | "monday" => Day::Weekday(Weekday::Mon),
        "tue" | "tues" | "tuesday" => Day::Weekday(Weekday::Tue),
        "wed" | "weds" | "wednesday" => Day::Weekday(Weekday::Wed),
        "thu" | "thur" | "thurs" | "thursday" => Day::Weekday(Weekday::Thu),
        "fri" | "friday" => Day::Weekday(Weekday::Fri),
        "sat" | "saturday" => Day::Weekday(Weekday::Sat),
        "sun" | "sunday" => Day::Weekday(Weekday::Sun),
        _ => return None,
    })
}

fn part_hour(word: &str) -> Option<u32> {
    match word {
        "morning" => Some(9),
        "afternoon" => Some(14),
        "evening" => Some(19),
        "night" => Some(22),
        _ => None,
    }
}

/// A clock time at the start of `words`: `9pm`, `9 pm`, `9 p.m.`, `9:30am`,
/// `21:00`, `noon`, `midnight`. A bare number is not a time.
fn clock(words: &[PhraseWord]) -> Option<Result<(usize, NaiveTime), String>> {
    let first = words.first()?.text.as_str();
    match first {
        "noon" | "midday" => return Some(Ok((1, NaiveTime::MIN + Duration::hours(12)))),
        "midnight" => return Some(Ok((1, NaiveTime::MIN))),
        _ => {}
    }
    let (hour_text, suffix) = split_suffix(first);
    if hour_text.is_empty() || hour_text.len() > 2 || !hour_text.bytes().all(|b| b.is_ascii_digit())
    {
        return None;
    }
    let hour: u32 = hour_text.parse().ok()?;
    let mut len = 1;
    let mut minute = 0;
    let mut suffix = suffix;
    let mut written_minutes = None;
    if suffix.is_none() {
        if let Some(next) = words.get(1).filter(|w| w.after_colon) {
            let (digits, s) = split_suffix(&next.text);
            if digits.len() != 2 || !digits.bytes().all(|b| b.is_ascii_digit()) {
                return None;
            }
            minute = digits.parse().ok()?;
            written_minutes = Some(digits.to_string());
            suffix = s;
            len = 2;
        }
    }
    if suffix.is_none() {
        match (words.get(len).map(|w| w.text.as_str()), words.get(len + 1)) {
            (Some("am"), _) => (suffix, len) = (Some(false), len + 1),
            (Some("pm"), _) => (suffix, len) = (Some(true), len + 1),
            (Some("a"), Some(m)) if m.text == "m" => (suffix, len) = (Some(false), len + 2),
            (Some("p"), Some(m)) if m.text == "m" => (suffix, len) = (Some(true), len + 2),
            _ => {}
        }
    }
    let shown = match (&written_minutes, suffix) {
        (Some(m), Some(pm)) => format!("{hour}:{m}{}", if pm { "pm" } else { "am" }),
        (Some(m), None) => format!("{hour}:{m}"),
        (None, Some(pm)) => format!("{hour}{}", if pm { "pm" } else { "am" }),
        // A bare number is never a time.
        (None, None) => return None,
    };
    let hour24 = match suffix {
        Some(pm) => {
            if !(1..=12).contains(&hour) {
                return Some(Err(format!(
                    "{shown} is not a clock time: with am or pm the hour is 1 to 12"
                )));
            }
            (hour % 12) + if pm { 12 } else { 0 }
        }
        None => hour,
    };
    match NaiveTime::from_hms_opt(hour24, minute, 0) {
        Some(time) => Some(Ok((len, time))),
        None => Some(Err(format!(
            "{shown} is not a clock time: hours run 0 to 23 and minutes 0 to 59"
        ))),
    }
}

/// A word's digits and its `am`/`pm` ending (`true` for pm), if any.
fn split_suffix(word: &str) -> (&str, Option<bool>) {
    if let Some(digits) = word.strip_suffix("am") {
        (digits, Some(false))
    } else if let Some(digits) = word.strip_suffix("pm") {
        (digits, Some(true))
    } else {
        (word, None)
    }
}

/// The instant a phrase names, "now" being `now`, in `tz` (REQUEST.md,
/// rule 8).
///
/// # Errors
/// A result the clocks skip in `tz` (a DST gap), naming the gap.
pub fn resolve(phrase: &Phrase, tz: Tz, now: DateTime<Utc>) -> Result<At, String> {
    let local_now = now.with_timezone(&tz).naive_local();
    let today = local_now.date();
    let now_at = || {
        Ok(At {
            instant: now,
            note: None,
        })
    };
    let on = |date: NaiveDate, hour: u32| {
        resolve_local(
            tz,
            date.and_time(NaiveTime::MIN + Duration::hours(i64::from(hour))),
        )
    };
    match *phrase {
        Phrase::Now => now_at(),
        Phrase::Tonight => {
            if local_now.hour() >= 22 || local_now.hour() < 6 {
                now_at()
            } else {
                on(today, 22)
            }
        }
        Phrase::Day(day) => match date_of(day, today) {
            Some(date) if date == today => now_at(),
            Some(date) => on(date, 9),
            None => now_at(),
        },
        Phrase::Part { day, hour } => on(date_of(day, today).unwrap_or(today), hour),
        Phrase::Clock { day, time } => {
            let next_at_or_after = |date: NaiveDate| {
                if date.and_time(time) >= local_now.with_second(0).unwrap_or(local_now) {
                    date
                } else {
                    date + Duration::days(1)
                }
            };
            let date = match day {
                None | Some(Day::Tonight) => next_at_or_after(today),
                Some(Day::Today) => today,
                Some(Day::Tomorrow) => today + Duration::days(1),
                Some(Day::Weekday(weekday)) => {
                    let date = next_weekday(weekday, today);
                    if date == today
                        && date.and_time(time) < local_now.with_second(0).unwrap_or(local_now)
                    {
                        date + Duration::days(7)
                    } else {
                        date
                    }
                }
            };
            resolve_local(tz, date.and_time(time))
        }
        Phrase::In { amount, unit } => match unit {
            Unit::Minutes => Ok(At {
                instant: now + Duration::minutes(amount),
                note: None,
            }),
            Unit::Hours => Ok(At {
                instant: now + Duration::hours(amount),
                note: None,
            }),
            // Days keep the wall-clock time across a DST change.
            Unit::Days => resolve_local(tz, local_now + Duration::days(amount)),
        },
    }
}

/// The date of a day word: `None` for tonight (not a date of its own).
fn date_of(day: Day, today: NaiveDate) -> Option<NaiveDate> {
    match day {
        Day::Today => Some(today),
        Day::Tomorrow => Some(today + Duration::days(1)),
        Day::Tonight => None,
        Day::Weekday(weekday) => Some(next_weekday(weekday, today)),
    }
}

/// The next date that falls on `weekday`: today when it is today.
fn next_weekday(weekday: Weekday, today: NaiveDate) -> NaiveDate {
    let ahead = (7 + weekday.num_days_from_monday() - today.weekday().num_days_from_monday()) % 7;
    today + Duration::days(i64::from(ahead))
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    const CHICAGO: Tz = chrono_tz::America::Chicago;

    /// "Now" as a local time in Chicago.
    fn at(local: &str) -> DateTime<Utc> {
        let naive = chrono::NaiveDateTime::parse_from_str(local, "%Y-%m-%dT%H:%M").unwrap();
        CHICAGO
            .from_local_datetime(&naive)
            .earliest()
            .unwrap()
            .with_timezone(&Utc)
    }

    /// What a phrase resolves to, as a local time in Chicago.
    #[track_caller]
    fn resolves(text: &str, now: &str) -> String {
        let phrase = match read_whole(text) {
            Some(Ok(phrase)) => phrase,
            other => panic!("{text:?} is not a phrase: {other:?}"),
        };
        let at = resolve(&phrase, CHICAGO, at(now)).unwrap_or_else(|e| panic!("{text:?}: {e}"));
        at.instant
            .with_timezone(&CHICAGO)
            .format("%a %Y-%m-%dT%H:%M")
            .to_string()
    }

    /// Every row of REQUEST.md's table, on a Wednesday morning.
    #[test]
    fn every_phrase_of_the_table_resolves_on_a_wednesday_morning() {
        let now = "2026-12-02T10:15"; // a Wednesday
        for (text, expected) in [
            ("now", "Wed 2026-12-02T10:15"),
            ("today", "Wed 2026-12-02T10:15"),
            ("tomorrow", "Thu 2026-12-03T09:00"),
            ("wednesday", "Wed 2026-12-02T10:15"),
            ("wed", "Wed 2026-12-02T10:15"),
            ("sat", "Sat 2026-12-05T09:00"),
            ("Saturday", "Sat 2026-12-05T09:00"),
            ("tue", "Tue 2026-12-08T09:00"),
            ("9pm", "Wed 2026-12-02T21:00"),
            ("9 pm", "Wed 2026-12-02T21:00"),
            ("9 p.m.", "Wed 2026-12-02T21:00"),
            ("9am", "Thu 2026-12-03T09:00"),
            ("10:15am", "Wed 2026-12-02T10:15"),
            ("9:30am", "Thu 2026-12-03T09:30"),
            ("21:00", "Wed 2026-12-02T21:00"),
            ("08:00", "Thu 2026-12-03T08:00"),
            ("noon", "Wed 2026-12-02T12:00"),
            ("midnight", "Thu 2026-12-03T00:00"),
            ("12am", "Thu 2026-12-03T00:00"),
            ("12pm", "Wed 2026-12-02T12:00"),
            ("sat 2am", "Sat 2026-12-05T02:00"),
            ("wed 9am", "Wed 2026-12-09T09:00"),
            ("wed 11am", "Wed 2026-12-02T11:00"),
            ("tomorrow 9am", "Thu 2026-12-03T09:00"),
            ("tomorrow at 9am", "Thu 2026-12-03T09:00"),
            ("9am tomorrow", "Thu 2026-12-03T09:00"),
            ("2pm saturday", "Sat 2026-12-05T14:00"),
            ("2pm on saturday", "Sat 2026-12-05T14:00"),
            ("this morning", "Wed 2026-12-02T09:00"),
            ("this afternoon", "Wed 2026-12-02T14:00"),
            ("this evening", "Wed 2026-12-02T19:00"),
            ("tomorrow morning", "Thu 2026-12-03T09:00"),
            ("tomorrow afternoon", "Thu 2026-12-03T14:00"),
            ("tomorrow evening", "Thu 2026-12-03T19:00"),
            ("tomorrow night", "Thu 2026-12-03T22:00"),
            ("friday night", "Fri 2026-12-04T22:00"),
            ("tonight", "Wed 2026-12-02T22:00"),
            ("night", "Wed 2026-12-02T22:00"),
            ("tonight 11pm", "Wed 2026-12-02T23:00"),
            ("in 30 minutes", "Wed 2026-12-02T10:45"),
            ("in 2 hours", "Wed 2026-12-02T12:15"),
            ("in an hour", "Wed 2026-12-02T11:15"),
            ("in 3 days", "Sat 2026-12-05T10:15"),
        ] {
            assert_eq!(resolves(text, now), expected, "{text:?}");
        }
    }

    #[test]
    fn at_two_in_the_morning_tomorrow_is_by_the_calendar_and_tonight_is_now() {
        let now = "2026-12-05T02:00"; // a Saturday
        assert_eq!(resolves("tomorrow", now), "Sun 2026-12-06T09:00");
        assert_eq!(resolves("tonight", now), "Sat 2026-12-05T02:00");
        assert_eq!(resolves("sat 2am", now), "Sat 2026-12-05T02:00");
        assert_eq!(resolves("sat 1am", now), "Sat 2026-12-12T01:00");
        assert_eq!(resolves("this morning", now), "Sat 2026-12-05T09:00");
        assert_eq!(resolves("9pm", now), "Sat 2026-12-05T21:00");
        assert_eq!(
            resolves("tonight", "2026-12-05T22:30"),
            "Sat 2026-12-05T22:30"
        );
        assert_eq!(
            resolves("tonight", "2026-12-05T05:59"),
            "Sat 2026-12-05T05:59"
        );
        assert_eq!(
            resolves("tonight", "2026-12-05T06:00"),
            "Sat 2026-12-05T22:00"
        );
        // "this evening" is today's even when it is past.
        assert_eq!(
            resolves("this morning", "2026-12-05T20:00"),
            "Sat 2026-12-05T09:00"
        );
    }

    #[test]
    fn days_keep_the_wall_clock_across_dst_and_hours_do_not() {
        // Clocks go forward at 02:00 on Sunday 8 March 2026.
        assert_eq!(
            resolves("in 1 day", "2026-03-07T10:00"),
            "Sun 2026-03-08T10:00"
        );
        assert_eq!(
            resolves("in 24 hours", "2026-03-07T10:00"),
            "Sun 2026-03-08T11:00"
        );
        // And back at 02:00 on Sunday 1 November 2026.
        assert_eq!(
            resolves("in 1 day", "2026-10-31T10:00"),
            "Sun 2026-11-01T10:00"
        );
        assert_eq!(
            resolves("in 24 hours", "2026-10-31T10:00"),
            "Sun 2026-11-01T09:00"
        );
        // A repeated hour takes the first.
        let phrase = read_whole("sun 1:30am").unwrap().unwrap();
        let first = resolve(&phrase, CHICAGO, at("2026-10-31T12:00")).unwrap();
        assert_eq!(first.instant.to_rfc3339(), "2026-11-01T06:30:00+00:00");
        assert!(first.note.is_some());
    }

    #[test]
    fn a_time_in_a_dst_gap_is_an_error_naming_it() {
        let phrase = read_whole("sun 2:30am").unwrap().unwrap();
        let error = resolve(&phrase, CHICAGO, at("2026-03-07T12:00")).unwrap_err();
        assert!(error.contains("clocks go forward"), "{error}");
        let phrase = read_whole("in 1 day").unwrap().unwrap();
        assert!(resolve(&phrase, CHICAGO, at("2026-03-07T02:30")).is_err());
    }

    #[test]
    fn clock_times_that_do_not_exist_are_errors() {
        for text in ["25pm", "13am", "0am", "sat 13am", "9:75", "24:00", "25:00"] {
            match read_whole(text) {
                Some(Err(message)) => {
                    assert!(message.contains("not a clock time"), "{text}: {message}")
                }
                other => panic!("{text:?} gave {other:?}"),
            }
        }
    }

    #[test]
    fn what_is_not_a_time_phrase_is_none() {
        for text in [
            "9",
            "17",
            "detox",
            "in crisis",
            "in spanish",
            "at",
            "tomorrow detox",
            "12/5",
            "dec 5",
            "next friday",
            "",
            "9:3",
            "in 2 weeks",
        ] {
            assert!(read_whole(text).is_none(), "{text:?}");
        }
        // A phrase that begins a longer text is matched with its length.
        let words = phrase_words("tomorrow 9am detox");
        assert_eq!(match_start(&words).unwrap().unwrap().0, 2);
        let words = phrase_words("9 year old");
        assert!(match_start(&words).is_none());
    }

    #[test]
    fn odd_input_never_panics() {
        for text in [
            "in 99999 days",
            "in 9999 days",
            "0:00",
            "00:00pm",
            "٩pm",
            "９pm",
            "in\u{0} 2 hours",
        ] {
            if let Some(Ok(phrase)) = read_whole(text) {
                let _ = resolve(&phrase, CHICAGO, at("2026-12-02T10:15"));
            }
        }
    }
}
