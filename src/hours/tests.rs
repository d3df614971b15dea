//! Unit tests of the hours engine: overnight ranges, 24/7, weekends, public
//! holidays, DST nights and parse errors.

use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use chrono_tz::America::Chicago;
use chrono_tz::Europe::Berlin;

use super::*;

fn hours(expr: &str) -> Hours {
    Hours::parse(expr).unwrap_or_else(|e| panic!("{expr:?} should parse: {e}"))
}

/// A local wall-clock time in `tz` as a UTC instant.
fn local(tz: Tz, y: i32, m: u32, d: u32, h: u32, min: u32) -> DateTime<Utc> {
    tz.with_ymd_and_hms(y, m, d, h, min, 0)
        .earliest()
        .expect("valid local test time")
        .with_timezone(&Utc)
}

fn utc(y: i32, m: u32, d: u32, h: u32, min: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(y, m, d, h, min, 0)
        .single()
        .expect("valid utc test time")
}

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("valid test date")
}

fn state(expr: &str, tz: Tz, cal: &HolidayCalendar, at: DateTime<Utc>) -> State {
    hours(expr).evaluate(tz, cal, at).state
}

#[test]
fn overnight_range_is_open_next_morning() {
    let none = HolidayCalendar::none();
    let h = hours("22:00-08:00");
    // 2026-06-10 is a Wednesday.
    let e = h.evaluate(Chicago, &none, local(Chicago, 2026, 6, 10, 2, 0));
    assert_eq!(e.state, State::Open);
    assert_eq!(
        e.next_change,
        Some(Chicago.with_ymd_and_hms(2026, 6, 10, 8, 0, 0).unwrap())
    );
    assert_eq!(e.next_state, Some(State::Closed));
    assert_eq!(
        state(
            "22:00-08:00",
            Chicago,
            &none,
            local(Chicago, 2026, 6, 10, 12, 0)
        ),
        State::Closed
    );
    assert_eq!(
        state(
            "22:00-08:00",
            Chicago,
            &none,
            local(Chicago, 2026, 6, 10, 23, 0)
        ),
        State::Open
    );
}

#[test]
fn overnight_weekend_nights() {
    let none = HolidayCalendar::none();
    let e = "Fr,Sa 22:00-04:00";
    // Friday 2026-06-12 23:00: open; Saturday 02:00 (Friday's night): open.
    assert_eq!(
        state(e, Berlin, &none, local(Berlin, 2026, 6, 12, 23, 0)),
        State::Open
    );
    assert_eq!(
        state(e, Berlin, &none, local(Berlin, 2026, 6, 13, 2, 0)),
        State::Open
    );
    // Sunday 02:00 is Saturday's night: open; Monday 02:00: closed.
    assert_eq!(
        state(e, Berlin, &none, local(Berlin, 2026, 6, 14, 2, 0)),
        State::Open
    );
    assert_eq!(
        state(e, Berlin, &none, local(Berlin, 2026, 6, 15, 2, 0)),
        State::Closed
    );
    // Thursday night: closed, opens Friday 22:00.
    let ev = hours(e).evaluate(Berlin, &none, local(Berlin, 2026, 6, 11, 23, 0));
    assert_eq!(ev.state, State::Closed);
    assert_eq!(
        ev.next_change,
        Some(Berlin.with_ymd_and_hms(2026, 6, 12, 22, 0, 0).unwrap())
    );
}

#[test]
fn always_open() {
    let none = HolidayCalendar::none();
    let e = hours("24/7").evaluate(Chicago, &none, utc(2026, 1, 1, 0, 0));
    assert_eq!(e.state, State::Open);
    assert_eq!(e.next_change, None);
    assert_eq!(e.next_state, None);
}

#[test]
fn weekend_only() {
    let none = HolidayCalendar::none();
    let h = hours("Sa,Su 10:00-16:00");
    // Wednesday 2026-06-10 noon: closed, next opening Saturday 10:00.
    let e = h.evaluate(Berlin, &none, local(Berlin, 2026, 6, 10, 12, 0));
    assert_eq!(e.state, State::Closed);
    assert_eq!(
        e.next_change,
        Some(Berlin.with_ymd_and_hms(2026, 6, 13, 10, 0, 0).unwrap())
    );
    assert_eq!(e.next_state, Some(State::Open));
    assert_eq!(
        state(
            "Sa,Su 10:00-16:00",
            Berlin,
            &none,
            local(Berlin, 2026, 6, 14, 15, 59)
        ),
        State::Open
    );
}

#[test]
fn public_holidays_off_with_us_calendar() {
    let us = HolidayCalendar::new(Some("US"), &[]);
    let e = "Mo-Fr 09:00-17:00; PH off";
    assert!(hours(e).uses_public_holidays());
    assert!(!hours("Mo-Fr 09:00-17:00").uses_public_holidays());
    // Thanksgiving, Thursday 2026-11-26: closed; the Wednesday before: open.
    assert_eq!(
        state(e, Chicago, &us, local(Chicago, 2026, 11, 26, 12, 0)),
        State::Closed
    );
    assert_eq!(
        state(e, Chicago, &us, local(Chicago, 2026, 11, 25, 12, 0)),
        State::Open
    );
    // Independence Day 2026 falls on a Saturday; the crate's US data has the
    // observed Friday, 2026-07-03.
    assert_eq!(
        state(e, Chicago, &us, local(Chicago, 2026, 7, 3, 12, 0)),
        State::Closed
    );
    // Without a calendar the same day is an ordinary Friday.
    let none = HolidayCalendar::none();
    assert_eq!(
        state(e, Chicago, &none, local(Chicago, 2026, 7, 3, 12, 0)),
        State::Open
    );
    // The next change from Wednesday evening skips the holiday.
    let ev = hours(e).evaluate(Chicago, &us, local(Chicago, 2026, 11, 25, 18, 0));
    assert_eq!(
        ev.next_change,
        Some(Chicago.with_ymd_and_hms(2026, 11, 27, 9, 0, 0).unwrap())
    );
}

#[test]
fn public_holidays_from_extra_dates() {
    let cal = HolidayCalendar::new(None, &[date(2026, 6, 10)]);
    let e = "Mo-Fr 09:00-17:00; PH off";
    assert_eq!(
        state(e, Berlin, &cal, local(Berlin, 2026, 6, 10, 12, 0)),
        State::Closed
    );
    assert_eq!(
        state(e, Berlin, &cal, local(Berlin, 2026, 6, 11, 12, 0)),
        State::Open
    );
    let us_plus = HolidayCalendar::new(Some("US"), &[date(2026, 6, 10)]);
    assert_eq!(
        state(e, Chicago, &us_plus, local(Chicago, 2026, 6, 10, 12, 0)),
        State::Closed
    );
    assert_eq!(
        state(e, Chicago, &us_plus, local(Chicago, 2026, 11, 26, 12, 0)),
        State::Closed
    );
}

#[test]
fn shelter_on_the_night_clocks_go_back_in_chicago() {
    let none = HolidayCalendar::none();
    let h = hours("20:00-08:00");
    // 2026-11-01 02:00 CDT the clocks go back to 01:00 CST.
    let e = h.evaluate(Chicago, &none, utc(2026, 11, 1, 6, 30)); // 01:30 CDT
    assert_eq!(e.state, State::Open);
    let closes = e.next_change.expect("closes in the morning");
    assert_eq!(
        closes.with_timezone(&Utc),
        utc(2026, 11, 1, 14, 0),
        "08:00 CST"
    );
    assert_eq!(e.next_state, Some(State::Closed));
    // During the repeated hour (01:30 CST, second time round): still open.
    assert_eq!(
        h.evaluate(Chicago, &none, utc(2026, 11, 1, 7, 30)).state,
        State::Open
    );
    // The day has 25 hours: open until 08:00, closed, open from 20:00.
    let day = h.day(Chicago, &none, date(2026, 11, 1));
    assert_eq!(day.len(), 3);
    assert_eq!(day[0].from.with_timezone(&Utc), utc(2026, 11, 1, 5, 0));
    assert_eq!(day[0].to.with_timezone(&Utc), utc(2026, 11, 1, 14, 0));
    assert_eq!(day[2].from.with_timezone(&Utc), utc(2026, 11, 2, 2, 0));
    assert_eq!(day[2].to.with_timezone(&Utc), utc(2026, 11, 2, 6, 0));
}

#[test]
fn shelter_on_the_night_clocks_go_forward_in_chicago() {
    let none = HolidayCalendar::none();
    let h = hours("20:00-08:00");
    // 2026-03-08 02:00 CST the clocks go forward to 03:00 CDT.
    let e = h.evaluate(Chicago, &none, utc(2026, 3, 8, 7, 30)); // 01:30 CST
    assert_eq!(e.state, State::Open);
    let closes = e.next_change.expect("closes in the morning");
    assert_eq!(
        closes.with_timezone(&Utc),
        utc(2026, 3, 8, 13, 0),
        "08:00 CDT"
    );
    // A rule that changes inside the skipped hour changes at 03:00 CDT.
    let e = hours("02:30-10:00").evaluate(Chicago, &none, utc(2026, 3, 8, 7, 30));
    assert_eq!(e.state, State::Closed);
    assert_eq!(
        e.next_change.map(|t| t.with_timezone(&Utc)),
        Some(utc(2026, 3, 8, 8, 0))
    );
    let day = h.day(Chicago, &none, date(2026, 3, 8));
    assert_eq!(
        day.first().map(|i| i.from.with_timezone(&Utc)),
        Some(utc(2026, 3, 8, 6, 0))
    );
    assert_eq!(
        day.last().map(|i| i.to.with_timezone(&Utc)),
        Some(utc(2026, 3, 9, 5, 0))
    );
}

#[test]
fn shelter_across_dst_in_berlin() {
    let none = HolidayCalendar::none();
    let h = hours("20:00-08:00");
    // 2026-10-25 03:00 CEST the clocks go back to 02:00 CET.
    let e = h.evaluate(Berlin, &none, utc(2026, 10, 24, 22, 0));
    assert_eq!(e.state, State::Open);
    assert_eq!(
        e.next_change.map(|t| t.with_timezone(&Utc)),
        Some(utc(2026, 10, 25, 7, 0))
    );
    // 2026-03-29 02:00 CET the clocks go forward to 03:00 CEST.
    let e = h.evaluate(Berlin, &none, utc(2026, 3, 28, 23, 0));
    assert_eq!(e.state, State::Open);
    assert_eq!(
        e.next_change.map(|t| t.with_timezone(&Utc)),
        Some(utc(2026, 3, 29, 6, 0))
    );
}

#[test]
fn same_instant_same_answer_in_any_zone_of_the_machine() {
    // The state depends on the given zone only: Berlin 12:00 is Chicago 05:00.
    let none = HolidayCalendar::none();
    let at = utc(2026, 6, 10, 10, 0);
    assert_eq!(state("09:00-17:00", Berlin, &none, at), State::Open);
    assert_eq!(state("09:00-17:00", Chicago, &none, at), State::Closed);
}

#[test]
fn day_intervals_are_consecutive() {
    let none = HolidayCalendar::none();
    let h = hours("Mo-Fr 09:00-12:00,13:00-17:00");
    let day = h.day(Berlin, &none, date(2026, 6, 10));
    let states: Vec<State> = day.iter().map(|i| i.state).collect();
    assert_eq!(
        states,
        [
            State::Closed,
            State::Open,
            State::Closed,
            State::Open,
            State::Closed
        ]
    );
    for pair in day.windows(2) {
        assert_eq!(pair[0].to, pair[1].from);
    }
    let sunday = h.day(Berlin, &none, date(2026, 6, 14));
    assert_eq!(sunday.len(), 1);
    assert_eq!(sunday[0].state, State::Closed);
}

#[test]
fn opens_within_days() {
    let none = HolidayCalendar::none();
    let h = hours("Sa 10:00-12:00");
    let wed = local(Berlin, 2026, 6, 10, 12, 0);
    assert!(!h.opens_within(Berlin, &none, wed, 2));
    assert!(h.opens_within(Berlin, &none, wed, 4));
    assert!(!hours("off").opens_within(Berlin, &none, wed, 30));
}

#[test]
fn comments_are_reported() {
    let none = HolidayCalendar::none();
    let e = hours("Mo-Fr 09:00-17:00 unknown \"by appointment\"").evaluate(
        Berlin,
        &none,
        local(Berlin, 2026, 6, 10, 12, 0),
    );
    assert_eq!(e.state, State::Unknown);
    assert_eq!(e.comment.as_deref(), Some("by appointment"));
}

#[test]
fn parse_errors_have_a_message_and_char_offset() {
    let err = Hours::parse("Mo-Fr 09:00-17:00; Xy 10:00-12:00").expect_err("Xy is no day");
    assert_eq!(err.offset, Some(19));
    assert!(!err.message.contains('\n'));
    // The offset counts chars, not bytes: "é" is two bytes.
    let err = Hours::parse("\"café\" Xy").expect_err("bad");
    assert!(matches!(err.offset, Some(6) | Some(7)), "{err:?}");
    let err = Hours::parse("   ").expect_err("empty");
    assert!(err.message.contains("empty"));
    assert!(!err.to_string().is_empty());
}

#[test]
fn parse_keeps_source() {
    let h = hours("Mo-Fr 09:00-17:00");
    assert_eq!(h.source(), "Mo-Fr 09:00-17:00");
    assert_eq!(h.canonical(), "Mo-Fr 09:00-17:00");
    assert!(h.is_canonical());
    assert!(h.warnings().is_empty());
}

#[test]
fn hours_is_send_sync() {
    fn check<T: Send + Sync + Clone>() {}
    check::<Hours>();
    check::<HolidayCalendar>();
}

/// `(written, canonical)` for each tolerated form.
const TOLERATED: &[(&str, &str)] = &[
    // 12-hour clock.
    ("Mon-Fri 9am-5pm", "Mo-Fr 09:00-17:00"),
    ("9:30 p.m.-11 p.m.", "21:30-23:00"),
    ("12:00am-12:00pm", "00:00-12:00"),
    ("Mo 9-5pm", "Mo 09:00-17:00"),
    // Hours without minutes, dots for colons.
    ("10-12", "10:00-12:00"),
    ("22-2", "22:00-02:00"),
    ("10.00-12.00", "10:00-12:00"),
    ("Mo-Fr 9-17 Uhr", "Mo-Fr 09:00-17:00"),
    // Any dash, or a word for it.
    ("Mo 12:00–14:00", "Mo 12:00-14:00"),
    ("Mo 12:00—14:00", "Mo 12:00-14:00"),
    ("Mo 12:00 to 14:00", "Mo 12:00-14:00"),
    ("Mo 12:00 till 14:00", "Mo 12:00-14:00"),
    ("Mo 12:00 until 14:00", "Mo 12:00-14:00"),
    ("Mo 12:00 through 14:00", "Mo 12:00-14:00"),
    // Missing spaces.
    ("Mo12:00-14:00", "Mo 12:00-14:00"),
    ("Nov-Feb00:00-24:00", "Nov-Feb 00:00-24:00"),
    // English names and abbreviations.
    ("Tues,Thurs 10:00-12:00", "Tu,Th 10:00-12:00"),
    ("Monday-Friday 09:00-17:00", "Mo-Fr 09:00-17:00"),
    ("January-March 10:00-12:00", "Jan-Mar 10:00-12:00"),
    ("weekends 10:00-14:00", "Sa-Su 10:00-14:00"),
    // Other languages.
    ("lunes a viernes 9-17", "Mo-Fr 09:00-17:00"),
    ("lundi-vendredi 09:00-17:00", "Mo-Fr 09:00-17:00"),
    ("Montag-Freitag 09:00-17:00", "Mo-Fr 09:00-17:00"),
    ("lunedì-venerdì 09:00-17:00", "Mo-Fr 09:00-17:00"),
    (
        "segunda-feira a sexta-feira 09:00-17:00",
        "Mo-Fr 09:00-17:00",
    ),
    // Always / every day.
    ("24 hours", "24/7"),
    ("24x7", "24/7"),
    ("always", "24/7"),
    ("daily", "Mo-Su"),
    ("every day", "Mo-Su"),
    ("daily 8pm-8am", "Mo-Su 20:00-08:00"),
    // Open ends.
    ("17:00-late", "17:00+"),
    ("17:00 till late", "17:00+"),
];

#[test]
fn tolerated_forms_are_read_with_a_warning() {
    for (written, canonical) in TOLERATED {
        let h = hours(written);
        assert_eq!(h.canonical(), *canonical, "{written:?}");
        assert!(!h.is_canonical(), "{written:?}");
        assert!(!h.warnings().is_empty(), "{written:?}");
        // The canonical form reads as itself, and strict OSM syntax accepts it.
        let again = hours(canonical);
        assert!(
            again.is_canonical(),
            "{canonical:?}: {:?}",
            again.warnings()
        );
        assert!(
            opening_hours_syntax::parse(canonical).is_ok(),
            "{canonical:?}"
        );
    }
}

#[test]
fn strict_forms_are_canonical() {
    for e in [
        "Mo-Fr 09:00-17:00; PH off",
        "24/7",
        "closed",
        "Mo off",
        "Fr,Sa 22:00-04:00",
        "Sa 10:00-12:00 \"call us\"",
        "Mo-Fr 08:00-12:00, We 14:00-18:00",
        "Jan 01,Dec 24-26 off",
        "Apr-Oct: Sa-Su 08:00-15:00",
        "week 01-53/2 Mo-Su 07:30-08:00",
        "Mo-Th 09:00-12:00 || \"by appointment\"",
        "17:00+",
    ] {
        let h = hours(e);
        assert!(
            h.is_canonical(),
            "{e:?} -> {:?} {:?}",
            h.canonical(),
            h.warnings()
        );
        assert!(h.warnings().is_empty(), "{e:?}");
    }
}

#[test]
fn ambiguous_hours_are_refused_with_readings() {
    for (e, readings) in [
        ("9-5", ["09:00-17:00", "09:00-05:00"]),
        ("Mo-Fr 11-1", ["Mo-Fr 11:00-13:00", "Mo-Fr 11:00-01:00"]),
    ] {
        let err = Hours::parse(e).expect_err(e);
        assert_eq!(err.readings, readings, "{e:?}");
        assert!(err.message.contains("ambiguous"), "{e:?}");
        assert!(err.offset.is_some());
        assert!(err.to_string().contains(readings[0]));
    }
}

#[test]
fn nonsense_is_refused_not_guessed() {
    for e in [
        "Mo-Tr 17:00-20:00",
        "12:00",
        "11am",
        "week 54",
        "Jun 31",
        "25:00-26:00",
        "9-",
        ";",
        "||",
    ] {
        assert!(Hours::parse(e).is_err(), "{e:?} should be refused");
    }
}

#[test]
fn comment_only_rule_means_call_first() {
    let none = HolidayCalendar::none();
    let at = local(Berlin, 2026, 6, 13, 11, 0); // a Saturday
    let e = hours("Sa 10:00-12:00 \"by appointment, call us\"").evaluate(Berlin, &none, at);
    assert_eq!(e.state, State::Unknown);
    assert_eq!(e.comment.as_deref(), Some("by appointment, call us"));
    let e = hours("Sa 10:00-12:00 open \"walk in\"").evaluate(Berlin, &none, at);
    assert_eq!(e.state, State::Open);
}

#[test]
fn open_end_is_unknown_until_a_guessed_close() {
    let none = HolidayCalendar::none();
    let h = hours("17:00+");
    let e = h.evaluate(Berlin, &none, local(Berlin, 2026, 6, 10, 23, 0));
    assert_eq!(e.state, State::Unknown);
    assert_eq!(
        e.next_change,
        Some(Berlin.with_ymd_and_hms(2026, 6, 11, 3, 0, 0).unwrap())
    );
    let h = hours("07:00+,12:00-16:00");
    let at = |hh| local(Berlin, 2026, 6, 10, hh, 0);
    assert_eq!(h.evaluate(Berlin, &none, at(9)).state, State::Unknown);
    assert_eq!(h.evaluate(Berlin, &none, at(13)).state, State::Open);
    assert_eq!(h.evaluate(Berlin, &none, at(17)).state, State::Closed);
}

#[test]
fn an_open_end_says_when_it_began_and_carries_no_words_of_the_reference() {
    let none = HolidayCalendar::none();
    let h = hours("Mo-Su 17:00+");
    // Before: closed, and the next change is to an open end at 17:00.
    let e = h.evaluate(Berlin, &none, local(Berlin, 2026, 6, 10, 8, 30));
    assert_eq!(e.state, State::Closed);
    assert_eq!(e.next_state, Some(State::Unknown));
    assert!(e.next_open_end);
    assert_eq!(
        e.next_change,
        Some(Berlin.with_ymd_and_hms(2026, 6, 10, 17, 0, 0).unwrap())
    );
    // During, also past midnight: unknown since 17:00, with no comment.
    for (day, hh) in [(10, 18), (11, 1)] {
        let e = h.evaluate(Berlin, &none, local(Berlin, 2026, 6, day, hh, 0));
        assert_eq!(e.state, State::Unknown);
        assert_eq!(e.comment, None);
        assert_eq!(
            e.open_end_since,
            Some(Berlin.with_ymd_and_hms(2026, 6, 10, 17, 0, 0).unwrap())
        );
    }
    let day = h.day(Berlin, &none, date(2026, 6, 10));
    assert!(day.iter().any(|i| i.open_end && i.comment.is_none()));
    // Its own comment is kept.
    let e = hours("17:00+ \"ring\"").evaluate(Berlin, &none, local(Berlin, 2026, 6, 10, 18, 0));
    assert_eq!(e.comment.as_deref(), Some("ring"));
    assert!(e.open_end_since.is_some());
    // It opens, for never-open.
    assert!(h.opens_within(Berlin, &none, local(Berlin, 2026, 6, 10, 8, 0), 1));
}

#[test]
fn fallback_fills_only_closed_time() {
    let none = HolidayCalendar::none();
    let h = hours("Mo-Fr 09:00-12:00 || \"by appointment\"");
    let wed = |hh| local(Berlin, 2026, 6, 10, hh, 0);
    assert_eq!(h.evaluate(Berlin, &none, wed(10)).state, State::Open);
    assert_eq!(h.evaluate(Berlin, &none, wed(14)).state, State::Unknown);
}

#[test]
fn overnight_spill_is_replaced_by_a_later_rule_for_that_day() {
    let none = HolidayCalendar::none();
    // Tuesday is redefined, so Monday night's spill into Tuesday is dropped.
    let h = hours("22:00-02:00; Tu 12:00-14:00");
    assert_eq!(
        h.evaluate(Berlin, &none, local(Berlin, 2026, 6, 9, 1, 0))
            .state,
        State::Closed
    );
    assert_eq!(
        h.evaluate(Berlin, &none, local(Berlin, 2026, 6, 10, 1, 0))
            .state,
        State::Open
    );
}

#[test]
fn never_panics_on_mangled_input() {
    // Deterministic mangling of valid and tolerated expressions: every
    // prefix, and every single-char substitution with awkward chars.
    let seeds = [
        "Mo-Fr 09:00-17:00; PH off",
        "Jan Su[-2]-Jan Su[-1]: Fr-Su 12:00+; Dec 24-26: off",
        "2013 Dec 31-2014 Jan 02 (sunrise+01:00)-sunset",
        "Mon – Fri 9am-5pm, Sat 10-14 \"call\" || unknown",
        "week 01-53/2 Sa[1,3] +2 days 22:00-04:00+",
    ];
    let odd = [
        '-', ':', '+', '[', ']', '(', ')', '"', '/', ',', ';', '9', '0', 'é', '|', ' ',
    ];
    let none = HolidayCalendar::none();
    let at = utc(2026, 6, 10, 12, 0);
    for seed in seeds {
        let chars: Vec<char> = seed.chars().collect();
        let mut variants: Vec<String> = (0..=chars.len())
            .map(|n| chars[..n].iter().collect())
            .collect();
        for i in 0..chars.len() {
            for c in odd {
                let mut v = chars.clone();
                v[i] = c;
                variants.push(v.into_iter().collect());
            }
        }
        for v in variants {
            if let Ok(h) = Hours::parse(&v) {
                let _ = h.evaluate(Chicago, &none, at);
                let _ = h.day(Chicago, &none, date(2026, 3, 8));
                // The canonical form must read back as itself.
                let again = Hours::parse(h.canonical())
                    .unwrap_or_else(|e| panic!("{v:?} -> {:?}: {e}", h.canonical()));
                assert_eq!(again.canonical(), h.canonical(), "{v:?}");
            }
        }
    }
}

/// Found by the `hours` fuzz target: "and" between times made an additive
/// rule whose canonical form ("a, b") read back as one list of times.
#[test]
fn and_between_times_is_one_list_and_the_canonical_form_is_stable() {
    for (written, canonical) in [
        (
            "Mo-Fr 9am-12pm and 1pm-5pm",
            "Mo-Fr 09:00-12:00,13:00-17:00",
        ),
        ("1A3Y0A30", "01:00-03:00,00:00-30:00"),
        ("\n2+PT,5+,", "Fr 02:00+,05:00+"),
        ("always1A3febbraio", "Feb 01:00-03:00"),
        ("2+,aperto24+", "02:00+,24:00+ open"),
    ] {
        let hours = Hours::parse(written).expect(written);
        assert_eq!(hours.canonical(), canonical, "{written}");
        let again = Hours::parse(hours.canonical()).expect(canonical);
        assert_eq!(again.canonical(), canonical);
    }
}

/// Found by the `hours` fuzz target: a state after a comma in a list of
/// times ("Mo 4+, chiuso 3+4+") made a rule of its own, whose canonical form
/// ("Mo 04:00+, 03:00+,04:00+ closed") read back as one list, all closed.
/// The state governs the times after it, on the days of the list.
#[test]
fn state_after_a_comma_between_times_governs_the_times_after_it() {
    for (written, canonical) in [
        ("1+,off 2+", "01:00+ open, 02:00+ off"),
        ("Mo 4+, chiuso 3+4+", "Mo 04:00+, Mo 03:00+,04:00+ closed"),
        (
            "Mo 4+,4+,chiuso 3+4+",
            "Mo 04:00+,04:00+, Mo 03:00+,04:00+ closed",
        ),
        (
            "Mo-Fr 9-17, closed 12-13",
            "Mo-Fr 09:00-17:00, Mo-Fr 12:00-13:00 closed",
        ),
        (
            "Mo 10-12 and unknown 13-14",
            "Mo 10:00-12:00, Mo 13:00-14:00 unknown",
        ),
        (
            "Mo 10-12, \"lunch\" 13-14",
            "Mo 10:00-12:00, Mo 13:00-14:00 \"lunch\"",
        ),
    ] {
        let hours = Hours::parse(written).expect(written);
        assert_eq!(hours.canonical(), canonical, "{written}");
        let again = Hours::parse(hours.canonical()).expect(canonical);
        assert_eq!(again.canonical(), canonical);
    }
    // A lunch break: open either side of it, on the days of the list only.
    let none = HolidayCalendar::none();
    let h = hours("Mo-Fr 9-17, closed 12-13");
    let at = |d, hh, mm| local(Berlin, 2026, 6, d, hh, mm);
    assert_eq!(h.evaluate(Berlin, &none, at(10, 10, 0)).state, State::Open);
    assert_eq!(
        h.evaluate(Berlin, &none, at(10, 12, 30)).state,
        State::Closed
    );
    assert_eq!(h.evaluate(Berlin, &none, at(10, 14, 0)).state, State::Open);
    // Written after the times, in strict syntax, the state is the list's.
    let strict = hours("Mo-Fr 09:00-17:00,12:00-13:00 closed");
    assert_eq!(
        strict.evaluate(Berlin, &none, at(10, 10, 0)).state,
        State::Closed
    );
}

/// An earlier rule open on other days leaves it unclear whether a state
/// after a comma is for the days of its list or for every day: refused,
/// rather than read as open on a day the writer meant closed.
#[test]
fn state_after_a_comma_with_unclear_days_is_refused() {
    for e in [
        "Sa 10-14; Mo-Fr 9-17, closed 12-13",
        "Mo-Fr 9-17 || Sa 10-14, off 12-13",
    ] {
        let err = Hours::parse(e).expect_err(e);
        assert!(err.message.contains("which days"), "{e:?}: {err}");
        assert!(err.offset.is_some(), "{e:?}");
    }
    // Every day either way, or nothing open before it: no doubt.
    for (e, canonical) in [
        (
            "Sa 10-14; 9-17, closed 12-13",
            "Sa 10:00-14:00; 09:00-17:00 open, 12:00-13:00 closed",
        ),
        (
            "PH off; Mo-Fr 9-17, closed 12-13",
            "PH off; Mo-Fr 09:00-17:00, Mo-Fr 12:00-13:00 closed",
        ),
    ] {
        assert_eq!(hours(e).canonical(), canonical, "{e:?}");
    }
}

/// A closed or unknown state with times on both sides ("Mo-Fr 9-17 closed
/// 12-13") is for the times before it in strict syntax and for the times
/// after it in speech: refused, rather than read as one closed list.
#[test]
fn state_between_times_in_one_rule_is_refused() {
    for e in [
        "Mo-Fr 9-17 closed 12-13",
        "Mo 10:00-12:00 off 13:00-14:00",
        "Mo 10-12, 13-14 unknown 15-16",
        "10-12 chiuso 3+",
    ] {
        let err = Hours::parse(e).expect_err(e);
        assert!(err.message.contains("between times"), "{e:?}: {err}");
        assert!(err.offset.is_some(), "{e:?}");
    }
    // Before all the times, or open, the state is for every time of the rule.
    for (e, canonical) in [
        ("Mo closed 10-12 13-14", "Mo 10:00-12:00,13:00-14:00 closed"),
        ("Mo 10-12 open 13-14", "Mo 10:00-12:00,13:00-14:00 open"),
    ] {
        assert_eq!(hours(e).canonical(), canonical, "{e:?}");
    }
}

/// Found by the `hours` fuzz target: "We[-1,-2]Oct" is October's last two
/// Wednesdays, and its canonical form "Oct We[-1,-2]" was refused, the
/// bracket after the month read as one date ("Oct We[-1]") that holds one
/// number only.
#[test]
fn weekdays_with_several_nths_after_a_month_are_days_not_a_date() {
    for (written, canonical) in [
        ("We[-1,-2]Oct 10-12:00", "Oct We[-1,-2] 10:00-12:00"),
        ("Oct We[1-2]", "Oct We[1,2]"),
        ("Oct We[-1] 10:00-12:00", "Oct We[-1] 10:00-12:00"),
    ] {
        let hours = Hours::parse(written).expect(written);
        assert_eq!(hours.canonical(), canonical, "{written}");
        let again = Hours::parse(hours.canonical()).expect(canonical);
        assert_eq!(again.canonical(), canonical);
    }
    let none = HolidayCalendar::none();
    let h = hours("Oct We[-1,-2] 10:00-12:00");
    // 2026-10-21 and 10-28 are October's last two Wednesdays; 10-14 is not.
    let at = |d| local(Berlin, 2026, 10, d, 11, 0);
    assert_eq!(h.evaluate(Berlin, &none, at(21)).state, State::Open);
    assert_eq!(h.evaluate(Berlin, &none, at(28)).state, State::Open);
    assert_eq!(h.evaluate(Berlin, &none, at(14)).state, State::Closed);
}

/// Found by the `hours` fuzz target: a year before a range of days of one
/// month was rendered "2012 Jan 01-31" when the year was a selector of its
/// own, and "2012 Jan 01-2012 Jan 31" when it was the date's, so the first
/// form read back as the second. The end of such a range shares its start's
/// year, and both render as written in strict syntax.
#[test]
fn a_year_before_days_of_one_month_renders_once() {
    for (written, canonical) in [
        (
            "2012uhr Jan 01-31/8;maerz Dec 01-31/8",
            "2012 Jan 01-31/8; Mar Dec 01-31/8",
        ),
        ("2012 Jan 01-Jan 31", "2012 Jan 01-31"),
        ("2012 Jan 01-31", "2012 Jan 01-31"),
        ("2012 Jan 01-2012 Jan 31", "2012 Jan 01-2012 Jan 31"),
    ] {
        let hours = Hours::parse(written).expect(written);
        assert_eq!(hours.canonical(), canonical, "{written}");
        let again = Hours::parse(hours.canonical()).expect(canonical);
        assert_eq!(again.canonical(), canonical);
    }
    let none = HolidayCalendar::none();
    let h = hours("2012 Jan 01-31");
    assert_eq!(
        h.evaluate(Berlin, &none, local(Berlin, 2012, 1, 20, 12, 0))
            .state,
        State::Open
    );
    assert_eq!(
        h.evaluate(Berlin, &none, local(Berlin, 2013, 1, 20, 12, 0))
            .state,
        State::Closed
    );
}

/// Found by the `hours` fuzz target: "24 hours" before the times of a rule
/// of their own ("Jun 07:00+, 24 hours 10:00-12:00") kept the rule apart,
/// but adds nothing to times and is not rendered, so the canonical form read
/// back as one list. It now goes, as the canonical form drops it.
#[test]
fn always_before_times_adds_nothing_and_the_canonical_form_is_stable() {
    for (written, canonical) in [
        ("Jun 07:00+,24 hours 10:00-12:00", "Jun 07:00+,10:00-12:00"),
        (
            "junho07:00+,24 hour10-07:00+,24 h,",
            "Jun 07:00+,10:00-07:00+, 24/7",
        ),
        ("24/7 Mo", "Mo 00:00-24:00"),
        ("always 10-12", "10:00-12:00"),
    ] {
        let hours = Hours::parse(written).expect(written);
        assert_eq!(hours.canonical(), canonical, "{written}");
        let again = Hours::parse(hours.canonical()).expect(canonical);
        assert_eq!(again.canonical(), canonical);
    }
}

/// Found by the `hours` fuzz target: after a range of days, a readability
/// colon ("Jan 11-12: 10:00-12:00", strict syntax) made the days read as
/// hours, "Jan 11:00-12:10,00:00-12:00", and "Dec 24-26: 10:00-12:00" was
/// refused. The canonical form "Jan 11-11: 00:00-24:00" of another input
/// changed on the second read the same way.
#[test]
fn a_colon_after_a_range_of_days_keeps_them_days() {
    for (written, canonical) in [
        ("Jan11-Jan 11: :00-24:00", "Jan 11-11: 00:00-24:00"),
        ("Jan 11-12: 10:00-12:00", "Jan 11-12: 10:00-12:00"),
        ("Dec 24-26: 10:00-12:00", "Dec 24-26: 10:00-12:00"),
        // Without a time after the colon, it is an hour range.
        ("Jan 11-12:30", "Jan 11:00-12:30"),
    ] {
        let hours = Hours::parse(written).expect(written);
        assert_eq!(hours.canonical(), canonical, "{written}");
        let again = Hours::parse(hours.canonical()).expect(canonical);
        assert_eq!(again.canonical(), canonical);
    }
    let none = HolidayCalendar::none();
    let h = hours("Jan 11-12: 10:00-12:00");
    let at = |d, hh, mm| local(Berlin, 2027, 1, d, hh, mm);
    assert_eq!(h.evaluate(Berlin, &none, at(12, 11, 0)).state, State::Open);
    assert_eq!(
        h.evaluate(Berlin, &none, at(12, 12, 5)).state,
        State::Closed
    );
    assert_eq!(
        h.evaluate(Berlin, &none, at(13, 11, 0)).state,
        State::Closed
    );
}

/// Found by the `hours` fuzz target: "Sep Sa[-1],Su" (strict syntax) is
/// September's last Saturday and its Sundays, but the bracket after the
/// month was read as a date, which a weekday cannot follow, so it was
/// refused, and so was the canonical form of "Sa[-1],Sa[-1]setiembre".
#[test]
fn a_weekday_list_after_a_month_is_days_not_a_date() {
    for (written, canonical) in [
        (
            "Sa[-1],Sa[-1]setiembre0:00-1",
            "Sep Sa[-1],Sa[-1] 00:00-01:00",
        ),
        ("Sep Sa[-1],Su 10:00-12:00", "Sep Sa[-1],Su 10:00-12:00"),
        ("Sa[-1] +2 days,Su Sep", "Sep Sa[-1] +2 days,Su"),
        ("Sep Sa[-1],PH", "Sep Sa[-1],PH"),
        // A date list and a date range stay dates.
        ("Sep Sa[-1],Oct Su[1]", "Sep Sa[-1],Oct Su[1]"),
        ("Sep Sa[-1]-Oct Su[1]", "Sep Sa[-1]-Oct Su[1]"),
    ] {
        let hours = Hours::parse(written).expect(written);
        assert_eq!(hours.canonical(), canonical, "{written}");
        let again = Hours::parse(hours.canonical()).expect(canonical);
        assert_eq!(again.canonical(), canonical);
    }
    let none = HolidayCalendar::none();
    let h = hours("Sep Sa[-1],Su 10:00-12:00");
    // 2026-09-26 is September's last Saturday, 09-19 is not, 09-20 a Sunday.
    let at = |d| local(Berlin, 2026, 9, d, 11, 0);
    assert_eq!(h.evaluate(Berlin, &none, at(26)).state, State::Open);
    assert_eq!(h.evaluate(Berlin, &none, at(19)).state, State::Closed);
    assert_eq!(h.evaluate(Berlin, &none, at(20)).state, State::Open);
}

/// Found by the `hours` fuzz target: a year after a comma in a list of times
/// ("Mo 10:00-12:00, 2001+ 10:00-12:00", strict syntax) was read as a time
/// of the list and refused ("hours go from 00 to 24"), and so was the
/// canonical form of a fuzzed input with such a rule.
#[test]
fn a_year_after_a_comma_between_times_starts_a_rule() {
    for (written, canonical) in [
        (
            "0+1+\x0b:08+:1+:0\x0b:08+:1+\x0b1+\x0b:1+:y0+:0+\x0b:08+:1+\x0b:1+:00+:2001+:00+00+:1+10+",
            "00:00+,01:00+,08:00+,01:00+,00:08+,01:00+,01:00+,01:00+, 2001+ 00:00+,00:00+,08:00+,01:00+,01:00+,00:00+,00:00+,00:00+,01:00+,10:00+",
        ),
        (
            "Mo 10:00-12:00, 2001+ 10:00-12:00",
            "Mo 10:00-12:00, 2001+ 10:00-12:00",
        ),
        (
            "10:00-12:00,2026-2027 10:00-11:00",
            "10:00-12:00, 2026-2027 10:00-11:00",
        ),
        (
            "10-12 and 2026-2027 10:00-11:00",
            "10:00-12:00, 2026-2027 10:00-11:00",
        ),
    ] {
        let hours = Hours::parse(written).expect(written);
        assert_eq!(hours.canonical(), canonical, "{written:?}");
        let again = Hours::parse(hours.canonical()).expect(canonical);
        assert_eq!(again.canonical(), canonical);
    }
}

/// A state written after a rule's times ends the rule: in strict syntax
/// "Mo 10:00-12:00 open, 13:00-14:00" is two rules, the second for every
/// day, as opening_hours.js reads it (checked with opening_hours 3). The
/// times after the comma were folded into Monday's list, and `--fix` would
/// have written that other meaning back.
#[test]
fn times_after_a_stated_rule_and_a_comma_are_a_rule_for_every_day() {
    let none = HolidayCalendar::none();
    let h = hours("Mo 10:00-12:00 open, 13:00-14:00");
    assert_eq!(h.canonical(), "Mo 10:00-12:00 open, 13:00-14:00");
    // 2026-11-30 is a Monday, 2026-12-01 a Tuesday.
    let monday = |hour, minute| local(Berlin, 2026, 11, 30, hour, minute);
    let tuesday = |hour, minute| local(Berlin, 2026, 12, 1, hour, minute);
    assert_eq!(h.evaluate(Berlin, &none, monday(11, 0)).state, State::Open);
    assert_eq!(
        h.evaluate(Berlin, &none, tuesday(13, 30)).state,
        State::Open
    );
    assert_eq!(
        h.evaluate(Berlin, &none, tuesday(11, 0)).state,
        State::Closed
    );
    // Without the state it is one list, for Monday only.
    let one = hours("Mo 10:00-12:00, 13:00-14:00");
    assert_eq!(
        one.evaluate(Berlin, &none, tuesday(13, 30)).state,
        State::Closed
    );
    assert_eq!(
        one.evaluate(Berlin, &none, monday(13, 30)).state,
        State::Open
    );
}

/// Issue #19: `2013/10` is every tenth year from 2013; its canonical form
/// once widened it to every year (`2013+`), which opens on 2024-12-31.
#[test]
fn a_year_period_without_an_end_keeps_its_period() {
    let h = hours("2013/10 Dec 31; 2014/10 Jan 05");
    assert!(h.is_canonical(), "{}", h.canonical());
    assert_eq!(hours("2013/10").canonical(), "2013/10");
    assert_eq!(hours("2013+").canonical(), "2013+");
    let e = h.evaluate(
        Chicago,
        &HolidayCalendar::none(),
        local(Chicago, 2024, 12, 28, 12, 0),
    );
    assert_eq!(e.state, State::Closed);
    assert_eq!(e.next_change, None);
    let e = h.evaluate(
        Chicago,
        &HolidayCalendar::none(),
        local(Chicago, 2023, 12, 31, 12, 0),
    );
    assert_eq!(e.state, State::Open);
    assert!(h.canonical_keeps_meaning().is_ok());
}

/// The day-by-day comparison finds the day a widened year range differs.
#[test]
fn a_widened_year_range_differs_on_a_day() {
    let a = hours("2013/10 Dec 31");
    let b = hours("2013+ Dec 31");
    assert_eq!(
        a.first_day_differing(&b, &HolidayCalendar::none()),
        Some(date(2014, 12, 31))
    );
    assert_eq!(
        a.first_day_differing(&hours("2013/10 Dec 31"), &HolidayCalendar::none()),
        None
    );
    let change = MeaningChange {
        canonical: "2013+ Dec 31".into(),
        differs_on: Some(date(2014, 12, 31)),
    };
    assert_eq!(
        change.to_string(),
        "the canonical form \"2013+ Dec 31\" would mean other hours (they differ on Wed 2014-12-31)"
    );
}

/// `Jan 01+` is a date and every day after it in its year (strict syntax),
/// not January from 01:00 with an open end.
#[test]
fn a_date_with_a_plus_runs_to_the_end_of_its_year() {
    let none = HolidayCalendar::none();
    let h = hours("Jan 01+");
    assert!(h.is_canonical(), "{}", h.canonical());
    assert_eq!(
        state("Jan 01+", Berlin, &none, local(Berlin, 2026, 6, 10, 0, 30)),
        State::Open
    );
    assert_eq!(
        state(
            "24/7; Dec 24+ off",
            Berlin,
            &none,
            local(Berlin, 2026, 12, 30, 12, 0)
        ),
        State::Closed
    );
    assert_eq!(
        state(
            "24/7; Dec 24+ off",
            Berlin,
            &none,
            local(Berlin, 2027, 1, 2, 12, 0)
        ),
        State::Open
    );
    // With a year, for ever after.
    assert_eq!(
        state(
            "2013 Dec 25+",
            Berlin,
            &none,
            local(Berlin, 2026, 3, 1, 12, 0)
        ),
        State::Open
    );
    assert_eq!(
        state(
            "2013 Dec 25+",
            Berlin,
            &none,
            local(Berlin, 2013, 12, 24, 12, 0)
        ),
        State::Closed
    );
}

/// Month and date ranges with a year that cross the year end run into the
/// next year.
#[test]
fn ranges_with_a_year_across_the_year_end_run_into_the_next() {
    let none = HolidayCalendar::none();
    assert_eq!(
        state(
            "2013 Dec 24-Jan 06",
            Berlin,
            &none,
            local(Berlin, 2014, 1, 3, 12, 0)
        ),
        State::Open
    );
    assert_eq!(
        state(
            "2013 Dec 24-Jan 06",
            Berlin,
            &none,
            local(Berlin, 2014, 12, 28, 12, 0)
        ),
        State::Closed
    );
    assert_eq!(
        state(
            "2013 Dec-Feb",
            Berlin,
            &none,
            local(Berlin, 2014, 1, 15, 12, 0)
        ),
        State::Open
    );
    assert_eq!(
        state(
            "2013 Dec-Feb",
            Berlin,
            &none,
            local(Berlin, 2014, 12, 15, 12, 0)
        ),
        State::Closed
    );
    assert_eq!(
        state(
            "2013 Dec-Feb",
            Berlin,
            &none,
            local(Berlin, 2013, 1, 15, 12, 0)
        ),
        State::Closed
    );
}

/// What a rewrite changes is said by kind: spelling, a tolerated form, a
/// default written out.
#[test]
fn changes_are_told_by_kind() {
    let kinds = |e: &str| {
        let mut k: Vec<ChangeKind> = hours(e).changes().iter().map(|c| c.kind).collect();
        k.sort();
        k.dedup();
        k
    };
    assert_eq!(kinds("mo-fr 09:00-17:00"), [ChangeKind::Spelling]);
    assert_eq!(
        kinds("Mo-Fr 09:00-17:00 ; Sa 10:00-14:00"),
        [ChangeKind::Spelling]
    );
    assert_eq!(kinds("Mo[1-3] 10:00-12:00"), [ChangeKind::Spelling]);
    assert_eq!(
        kinds("daily 8pm-8am"),
        [ChangeKind::Spelling, ChangeKind::Tolerated]
    );
    assert_eq!(kinds("17:00-late"), [ChangeKind::Tolerated]);
    assert_eq!(kinds("Mo-Fr 9-17"), [ChangeKind::AddedDefault]);
    assert_eq!(kinds("Mo 24/7"), [ChangeKind::AddedDefault]);
    assert!(hours("Mo-Fr 09:00-17:00").changes().is_empty());
    for (written, _) in TOLERATED {
        assert!(
            hours(written).canonical_keeps_meaning().is_ok(),
            "{written:?}"
        );
    }
}

/// A single year written after its months has no canonical form that means
/// the same (the year would bind to the first month range, and a range
/// across the year end would run into the next year): `validate --fix`
/// refuses it, with the first day the two differ. Found by fuzzing.
#[test]
fn a_year_after_its_months_cannot_be_rewritten() {
    let h = hours("Nov-Feb 2002");
    assert_eq!(h.canonical(), "2002 Nov-Feb");
    let change = h.canonical_keeps_meaning().expect_err("refused");
    assert_eq!(change.differs_on, Some(date(2002, 1, 1)));
    let h = hours("Jun,Aug 2002");
    assert!(h.canonical_keeps_meaning().is_err());
    // Before them it is what strict syntax means: Nov 2002 to Feb 2003.
    assert!(hours("2002 Nov-Feb").canonical_keeps_meaning().is_ok());
}
