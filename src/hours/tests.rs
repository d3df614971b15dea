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
