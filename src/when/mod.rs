//! When: reading `--at WHEN` into an instant, and `--as-of` / `--since`
//! dates.
//!
//! A local time is read in the directory's timezone, never the machine's.
//! Daylight-saving nights are where locator software goes wrong, so both
//! edges are explicit: a local time that the clocks skip is an error that
//! names the gap, and one that occurs twice is taken the first time, with a
//! note saying so for standard error.

use chrono::offset::LocalResult;
use chrono::{
    DateTime, Duration, FixedOffset, NaiveDate, NaiveDateTime, NaiveTime, Offset, TimeZone, Utc,
};
use chrono_tz::Tz;

pub mod phrase;

/// The instant `--at` names.
#[derive(Debug, Clone, PartialEq)]
pub struct At {
    /// The instant.
    pub instant: DateTime<Utc>,
    /// Something to tell the officer on standard error, such as which of
    /// two equal local times was taken.
    pub note: Option<String>,
}

/// The forms `--at` accepts, for error messages.
const AT_FORMS: &str = "now, a time phrase (tonight, tomorrow 9am, sat 2am, 9pm, in 2 hours, \
                        friday night), YYYY-MM-DDTHH:MM (or YYYY-MM-DD HH:MM, seconds optional) in the \
                        directory's timezone, or an RFC 3339 time with offset such as \
                        2026-11-28T02:00:00-06:00 or 2026-11-28T08:00:00Z";

/// Reads `--at WHEN`: `now`; a time phrase ([`phrase`]: `tonight`,
/// `tomorrow 9am`, `sat 2am`, `9pm`, `in 2 hours`); `YYYY-MM-DDTHH:MM` (a
/// space for the `T`, and `:SS` seconds, are accepted too) read in `tz`; or
/// an RFC 3339 time with an offset (`2026-11-28T02:00:00-06:00`,
/// `2026-11-28T08:00:00Z`).
///
/// A local time that occurs twice (the hour repeated when clocks go back) is
/// the first of the two, and [`At::note`] says so.
///
/// # Errors
///
/// A local time the clocks skip (the message names the gap: `2026-03-08T02:30
/// does not exist in America/Chicago: clocks go forward from 02:00 to
/// 03:00`); a date or time that does not exist (`2026-02-30T10:00`,
/// `25:00`); anything else that is not one of the forms above.
pub fn parse_at(s: &str, tz: Tz, now: DateTime<Utc>) -> Result<At, String> {
    let text = s.trim();
    if text.eq_ignore_ascii_case("now") {
        return Ok(At {
            instant: now,
            note: None,
        });
    }
    let (local, offset) = match parse_date_time(text) {
        Ok(parts) => parts,
        Err(Fault::Shape) => {
            return match phrase::read_whole(text) {
                Some(Ok(phrase)) => phrase::resolve(&phrase, tz, now),
                Some(Err(message)) => Err(format!("invalid time \"{s}\": {message}")),
                None => Err(format!("invalid time \"{s}\": expected {AT_FORMS}")),
            }
        }
        Err(Fault::Value) => {
            return Err(format!(
                "invalid time \"{s}\": there is no such date or time; expected {AT_FORMS}"
            ))
        }
    };
    if let Some(offset) = offset {
        return match offset.from_local_datetime(&local) {
            LocalResult::Single(t) => Ok(At {
                instant: t.with_timezone(&Utc),
                note: None,
            }),
            _ => Err(format!("invalid time \"{s}\": it is out of range")),
        };
    }
    resolve_local(tz, local)
}

/// The instant of a local time in `tz`: a time the clocks skip is an
/// error naming the gap; one that occurs twice is the first, with a note.
///
/// # Errors
/// A local time the clocks skip.
pub fn resolve_local(tz: Tz, local: NaiveDateTime) -> Result<At, String> {
    match tz.from_local_datetime(&local) {
        LocalResult::Single(t) => Ok(At {
            instant: t.with_timezone(&Utc),
            note: None,
        }),
        LocalResult::Ambiguous(first, second) => {
            let change = match transition(tz, local) {
                Some((from, to)) => format!(" (clocks go back from {from} to {to})"),
                None => String::new(),
            };
            let note = format!(
                "{shown} occurs twice in {tz}{change}; taking the first, {first_at} ({first_name}); \
                 for the second, give {second_at}",
                shown = show_local(local),
                first_at = first.fixed_offset().format("%Y-%m-%dT%H:%M:%S%:z"),
                first_name = first.offset(),
                second_at = second.fixed_offset().format("%Y-%m-%dT%H:%M:%S%:z"),
            );
            Ok(At {
                instant: first.with_timezone(&Utc),
                note: Some(note),
            })
        }
        LocalResult::None => Err(match transition(tz, local) {
            Some((from, to)) => format!(
                "{} does not exist in {tz}: clocks go forward from {from} to {to}",
                show_local(local)
            ),
            None => format!(
                "{} does not exist in {tz}: the clocks skip it",
                show_local(local)
            ),
        }),
    }
}

/// "Now" for one run: the real clock, or the fixed one that `DEFLECT_NOW`
/// sets for tests and training (docs/REQUEST.md). A fixed clock is read in
/// the directory's timezone, so it is resolved only when the zone is known.
#[derive(Debug, Clone)]
pub struct Clock {
    real: DateTime<Utc>,
    fixed: Option<String>,
}

impl Clock {
    /// The real clock, read once at the start of the run.
    pub fn real(now: DateTime<Utc>) -> Clock {
        Clock {
            real: now,
            fixed: None,
        }
    }

    /// A clock fixed at `text`: an RFC 3339 time, or `YYYY-MM-DDTHH:MM`
    /// in the directory's timezone.
    ///
    /// # Errors
    /// When `text` is not one of those forms, with a message naming
    /// `DEFLECT_NOW`.
    pub fn fixed(text: &str, real: DateTime<Utc>) -> Result<Clock, String> {
        // The shape does not depend on the zone; a time the clocks skip is
        // found when the zone is known.
        if text.trim().eq_ignore_ascii_case("now") {
            return Err(fixed_fault(text, "it must name a time"));
        }
        if let Err(message) = parse_at(text, Tz::UTC, real) {
            if !message.contains("does not exist") {
                return Err(fixed_fault(text, &message));
            }
        }
        Ok(Clock {
            real,
            fixed: Some(text.trim().to_string()),
        })
    }

    /// The clock of this run: `DEFLECT_NOW` when it is set and not empty,
    /// else the real one.
    ///
    /// # Errors
    /// When `DEFLECT_NOW` is set to something that is not a time.
    pub fn from_env(real: DateTime<Utc>) -> Result<Clock, String> {
        match std::env::var("DEFLECT_NOW") {
            Ok(text) if !text.trim().is_empty() => Clock::fixed(&text, real),
            _ => Ok(Clock::real(real)),
        }
    }

    /// Whether `DEFLECT_NOW` fixes the clock: nothing is then recorded.
    pub fn is_fixed(&self) -> bool {
        self.fixed.is_some()
    }

    /// The real time, whatever `DEFLECT_NOW` says: the hour a slip was
    /// really handed over.
    pub fn real_now(&self) -> DateTime<Utc> {
        self.real
    }

    /// "Now" for a directory in `tz`.
    ///
    /// # Errors
    /// A fixed local time that the clocks skip in `tz`.
    pub fn now(&self, tz: Tz) -> Result<DateTime<Utc>, String> {
        match &self.fixed {
            None => Ok(self.real),
            Some(text) => parse_at(text, tz, self.real)
                .map(|at| at.instant)
                .map_err(|message| fixed_fault(text, &message)),
        }
    }
}

fn fixed_fault(text: &str, why: &str) -> String {
    format!(
        "DEFLECT_NOW=\"{}\" is not a time ({why}); give an RFC 3339 time or \
         YYYY-MM-DDTHH:MM in the directory's timezone, or unset it",
        crate::sanitize::one_line(text)
    )
}

/// Reads a `YYYY-MM-DD` date, for `--as-of` and `--since`.
///
/// # Errors
///
/// Anything not of that form, or a day that does not exist (`2026-02-30`),
/// with a message naming the value and the form.
pub fn parse_date(s: &str) -> Result<NaiveDate, String> {
    let text = s.trim();
    let fail =
        |why: &str| format!("invalid date \"{s}\": {why}expected YYYY-MM-DD, such as 2026-11-28");
    let mut cursor = Cursor::new(text);
    let date = cursor.date().map_err(|fault| match fault {
        Fault::Shape => fail(""),
        Fault::Value => fail("there is no such day; "),
    })?;
    if cursor.at_end() {
        Ok(date)
    } else {
        Err(fail(""))
    }
}

/// Why a date or time could not be read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Fault {
    /// Not one of the accepted forms.
    Shape,
    /// The right form, but no such date or time (`02-30`, `25:00`).
    Value,
}

/// Reads `YYYY-MM-DD[T ]HH:MM[:SS[.fraction]][Z|±HH:MM]`.
fn parse_date_time(text: &str) -> Result<(NaiveDateTime, Option<FixedOffset>), Fault> {
    let mut cursor = Cursor::new(text);
    // Read every field before judging values, so that a badly formed input
    // is reported as such even when an early field is also out of range.
    let date = cursor.date();
    if date == Err(Fault::Shape) {
        return Err(Fault::Shape);
    }
    if !(cursor.eat(b'T') || cursor.eat(b't') || cursor.eat(b' ')) {
        return Err(Fault::Shape);
    }
    let hour = cursor.digits(2)?;
    cursor.expect(b':')?;
    let minute = cursor.digits(2)?;
    let mut second = 0;
    let mut nanos = 0;
    if cursor.eat(b':') {
        second = cursor.digits(2)?;
        if cursor.eat(b'.') {
            nanos = cursor.fraction()?;
        }
    }
    let offset = cursor.offset()?;
    if !cursor.at_end() {
        return Err(Fault::Shape);
    }
    let date = date?;
    let time = NaiveTime::from_hms_nano_opt(hour, minute, second, nanos).ok_or(Fault::Value)?;
    Ok((date.and_time(time), offset))
}

/// A reader over the ASCII bytes of a date or time.
struct Cursor<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Cursor<'a> {
    fn new(text: &'a str) -> Self {
        Cursor {
            bytes: text.as_bytes(),
            at: 0,
        }
    }

    fn at_end(&self) -> bool {
        self.at == self.bytes.len()
    }

    /// Takes `byte` if it is next.
    fn eat(&mut self, byte: u8) -> bool {
        if self.bytes.get(self.at) == Some(&byte) {
            self.at += 1;
            true
        } else {
            false
        }
    }

    fn expect(&mut self, byte: u8) -> Result<(), Fault> {
        if self.eat(byte) {
            Ok(())
        } else {
            Err(Fault::Shape)
        }
    }

    /// Exactly `count` ASCII digits, as a number.
    fn digits(&mut self, count: usize) -> Result<u32, Fault> {
        let end = self.at + count;
        let run = self.bytes.get(self.at..end).ok_or(Fault::Shape)?;
        if !run.iter().all(u8::is_ascii_digit) {
            return Err(Fault::Shape);
        }
        self.at = end;
        Ok(run.iter().fold(0, |n, &b| n * 10 + u32::from(b - b'0')))
    }

    /// `YYYY-MM-DD`.
    fn date(&mut self) -> Result<NaiveDate, Fault> {
        let year = self.digits(4)?;
        self.expect(b'-')?;
        let month = self.digits(2)?;
        self.expect(b'-')?;
        let day = self.digits(2)?;
        let year = i32::try_from(year).map_err(|_| Fault::Value)?;
        NaiveDate::from_ymd_opt(year, month, day).ok_or(Fault::Value)
    }

    /// One to nine digits of a fraction of a second, as nanoseconds.
    fn fraction(&mut self) -> Result<u32, Fault> {
        let start = self.at;
        while self.bytes.get(self.at).is_some_and(u8::is_ascii_digit) {
            self.at += 1;
        }
        let run = &self.bytes[start..self.at];
        if run.is_empty() || run.len() > 9 {
            return Err(Fault::Shape);
        }
        let value = run.iter().fold(0, |n, &b| n * 10 + u32::from(b - b'0'));
        Ok(value * 10u32.pow(9 - u32::try_from(run.len()).unwrap_or(9)))
    }

    /// Nothing, `Z`, or `±HH:MM` (also `±HHMM`).
    fn offset(&mut self) -> Result<Option<FixedOffset>, Fault> {
        if self.eat(b'Z') || self.eat(b'z') {
            return Ok(FixedOffset::east_opt(0));
        }
        let sign = if self.eat(b'+') {
            1
        } else if self.eat(b'-') {
            -1
        } else {
            return Ok(None);
        };
        let hours = self.digits(2)?;
        self.eat(b':');
        let minutes = self.digits(2)?;
        if hours > 23 || minutes > 59 {
            return Err(Fault::Value);
        }
        let seconds = i32::try_from(hours * 3600 + minutes * 60).map_err(|_| Fault::Value)?;
        FixedOffset::east_opt(sign * seconds)
            .map(Some)
            .ok_or(Fault::Value)
    }
}

/// A local time as typed: minutes, with seconds only when there are some.
fn show_local(local: NaiveDateTime) -> String {
    if local.and_utc().timestamp() % 60 == 0 && local.and_utc().timestamp_subsec_nanos() == 0 {
        local.format("%Y-%m-%dT%H:%M").to_string()
    } else {
        local.format("%Y-%m-%dT%H:%M:%S").to_string()
    }
}

/// A wall-clock time for messages, `02:00` (with seconds only if needed).
fn show_clock(local: NaiveDateTime) -> String {
    if local.and_utc().timestamp() % 60 == 0 {
        local.format("%H:%M").to_string()
    } else {
        local.format("%H:%M:%S").to_string()
    }
}

fn offset_at(tz: Tz, utc_seconds: i64) -> Option<FixedOffset> {
    let instant = DateTime::<Utc>::from_timestamp(utc_seconds, 0)?;
    Some(tz.offset_from_utc_datetime(&instant.naive_utc()).fix())
}

/// The clock change around `local` in `tz`, as the wall-clock time the
/// clocks showed just before and just after it (`02:00`, `03:00` for
/// America/Chicago going forward). Found by bisecting the two days around
/// it for the instant the offset changes; `None` where there is no single
/// change there.
fn transition(tz: Tz, local: NaiveDateTime) -> Option<(String, String)> {
    let centre = local.and_utc().timestamp();
    let day = 86_400;
    let (mut lo, mut hi) = (centre - day, centre + day);
    let before = offset_at(tz, lo)?;
    let after = offset_at(tz, hi)?;
    if before == after {
        return None;
    }
    // Invariant: the offset at lo is `before`, and at hi it is not.
    while hi - lo > 1 {
        let mid = lo + (hi - lo) / 2;
        if offset_at(tz, mid)? == before {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    let change = DateTime::<Utc>::from_timestamp(hi, 0)?.naive_utc();
    let seconds = |o: FixedOffset| Duration::seconds(i64::from(o.local_minus_utc()));
    let from = change.checked_add_signed(seconds(before))?;
    let to = change.checked_add_signed(seconds(offset_at(tz, hi)?))?;
    Some((show_clock(from), show_clock(to)))
}

#[cfg(test)]
mod tests {
    use super::*;

    const CHICAGO: Tz = chrono_tz::America::Chicago;

    fn now() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, 28, 8, 0, 0).unwrap()
    }

    fn utc(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
    }

    #[track_caller]
    fn at(s: &str) -> At {
        parse_at(s, CHICAGO, now()).unwrap_or_else(|e| panic!("{s:?}: {e}"))
    }

    #[track_caller]
    fn error(s: &str) -> String {
        match parse_at(s, CHICAGO, now()) {
            Ok(a) => panic!("{s:?} gave {a:?}"),
            Err(e) => e,
        }
    }

    #[test]
    fn now_is_the_instant_given() {
        assert_eq!(
            at("now"),
            At {
                instant: now(),
                note: None
            }
        );
        assert_eq!(at(" NOW ").instant, now());
        assert_eq!(at("Now").instant, now());
    }

    #[test]
    fn a_local_time_is_read_in_the_directorys_timezone() {
        // November: CST, UTC-6.
        assert_eq!(at("2026-11-28T02:00").instant, utc("2026-11-28T08:00:00Z"));
        assert_eq!(at("2026-11-28 02:00").instant, utc("2026-11-28T08:00:00Z"));
        assert_eq!(
            at("2026-11-28T02:00:30").instant,
            utc("2026-11-28T08:00:30Z")
        );
        assert_eq!(
            at("2026-11-28 02:00:30").instant,
            utc("2026-11-28T08:00:30Z")
        );
        assert_eq!(at("2026-11-28t23:59").instant, utc("2026-11-29T05:59:00Z"));
        assert_eq!(
            at("  2026-11-28T02:00  ").instant,
            utc("2026-11-28T08:00:00Z")
        );
        // July: CDT, UTC-5.
        assert_eq!(at("2026-07-04T21:00").instant, utc("2026-07-05T02:00:00Z"));
        assert_eq!(at("2026-11-28T02:00").note, None);
        // Another zone entirely.
        let rome = parse_at("2026-11-28T02:00", chrono_tz::Europe::Rome, now()).unwrap();
        assert_eq!(rome.instant, utc("2026-11-28T01:00:00Z"));
        let tokyo = parse_at("2026-01-01 00:00", chrono_tz::Asia::Tokyo, now()).unwrap();
        assert_eq!(tokyo.instant, utc("2025-12-31T15:00:00Z"));
    }

    #[test]
    fn an_rfc3339_time_keeps_its_own_offset() {
        assert_eq!(
            at("2026-11-28T02:00:00-06:00").instant,
            utc("2026-11-28T08:00:00Z")
        );
        assert_eq!(
            at("2026-11-28T08:00:00Z").instant,
            utc("2026-11-28T08:00:00Z")
        );
        assert_eq!(
            at("2026-11-28T08:00:00z").instant,
            utc("2026-11-28T08:00:00Z")
        );
        assert_eq!(
            at("2026-11-28T09:00:00+01:00").instant,
            utc("2026-11-28T08:00:00Z")
        );
        assert_eq!(
            at("2026-11-28T13:30:00+05:30").instant,
            utc("2026-11-28T08:00:00Z")
        );
        assert_eq!(
            at("2026-11-28T08:00:00.250Z").instant,
            utc("2026-11-28T08:00:00.25Z")
        );
        assert_eq!(
            at("2026-11-28 02:00:00-06:00").instant,
            utc("2026-11-28T08:00:00Z")
        );
        // Minutes only, and an offset without a colon.
        assert_eq!(
            at("2026-11-28T02:00-06:00").instant,
            utc("2026-11-28T08:00:00Z")
        );
        assert_eq!(
            at("2026-11-28T02:00-0600").instant,
            utc("2026-11-28T08:00:00Z")
        );
        // An offset wins over the directory's zone, even in its DST gap.
        assert_eq!(
            at("2026-03-08T02:30:00-06:00").instant,
            utc("2026-03-08T08:30:00Z")
        );
        assert_eq!(at("2026-11-28T02:00:00-06:00").note, None);
    }

    #[test]
    fn a_skipped_local_time_names_the_gap() {
        assert_eq!(
            error("2026-03-08T02:30"),
            "2026-03-08T02:30 does not exist in America/Chicago: clocks go forward from 02:00 to 03:00"
        );
        assert_eq!(
            error("2026-03-08 02:00"),
            "2026-03-08T02:00 does not exist in America/Chicago: clocks go forward from 02:00 to 03:00"
        );
        assert_eq!(
            error("2026-03-08T02:59:59"),
            "2026-03-08T02:59:59 does not exist in America/Chicago: clocks go forward from 02:00 to 03:00"
        );
        // Either side of the gap is fine.
        assert_eq!(at("2026-03-08T01:59").instant, utc("2026-03-08T07:59:00Z"));
        assert_eq!(at("2026-03-08T03:00").instant, utc("2026-03-08T08:00:00Z"));
        // Europe goes forward at 02:00 local too, on another day.
        let e = parse_at("2026-03-29T02:15", chrono_tz::Europe::Rome, now()).unwrap_err();
        assert_eq!(
            e,
            "2026-03-29T02:15 does not exist in Europe/Rome: clocks go forward from 02:00 to 03:00"
        );
        // Lord Howe Island moves by half an hour.
        let e = parse_at("2026-10-04T02:15", chrono_tz::Australia::Lord_Howe, now()).unwrap_err();
        assert_eq!(
            e,
            "2026-10-04T02:15 does not exist in Australia/Lord_Howe: clocks go forward from 02:00 to 02:30"
        );
    }

    #[test]
    fn a_repeated_local_time_takes_the_first_and_says_so() {
        let a = at("2026-11-01T01:30");
        // The first 01:30 is CDT (UTC-5); the second would be 07:30Z.
        assert_eq!(a.instant, utc("2026-11-01T06:30:00Z"));
        let note = a.note.expect("a note for an ambiguous time");
        assert_eq!(
            note,
            "2026-11-01T01:30 occurs twice in America/Chicago (clocks go back from 02:00 to \
             01:00); taking the first, 2026-11-01T01:30:00-05:00 (CDT); for the second, give \
             2026-11-01T01:30:00-06:00"
        );
        // The second one can be asked for by its offset.
        let second = at("2026-11-01T01:30:00-06:00");
        assert_eq!(second.instant, utc("2026-11-01T07:30:00Z"));
        assert_eq!(second.note, None);
        // 01:00 itself is repeated; 02:00 is not.
        assert!(at("2026-11-01T01:00").note.is_some());
        assert_eq!(at("2026-11-01T02:00").note, None);
        assert_eq!(at("2026-11-01T00:59").note, None);
    }

    #[test]
    fn impossible_dates_and_times_are_errors() {
        for bad in [
            "2026-02-30T10:00",
            "2026-02-29T10:00",
            "2026-13-01T10:00",
            "2026-00-10T10:00",
            "2026-04-31 10:00",
            "2026-11-28T24:00",
            "2026-11-28T23:60",
            "2026-11-28T23:59:60",
            "2026-11-28T02:00:00+24:00",
        ] {
            let e = error(bad);
            assert!(e.contains(&format!("\"{bad}\"")), "{bad:?}: {e}");
            assert!(e.contains("no such date or time"), "{bad:?}: {e}");
            assert!(e.contains("YYYY-MM-DDTHH:MM"), "{bad:?}: {e}");
        }
        // A leap day in a leap year is fine.
        assert_eq!(at("2028-02-29T10:00").instant, utc("2028-02-29T16:00:00Z"));
    }

    #[test]
    fn junk_is_an_error_naming_the_value_and_the_forms() {
        for bad in [
            "",
            " ",
            "nowish",
            "2026-11-28",
            "2026-11-28T2:00",
            "2026-11-28T02",
            "2026-11-28T02:00:0",
            "2026-11-28T02:00:00.",
            "2026-11-28T02:00:00.1234567890",
            "2026-11-28T02:00 CST",
            "2026-11-28T02:00:00-6",
            "2026-11-28T02:00:00+",
            "2026-11-28  02:00",
            "2026/11/28 02:00",
            "28-11-2026T02:00",
            "2026-1-28T02:00",
            "１２３４-11-28T02:00",
            "2026-11-28T02:00x",
            "2026-11-28T02:00Zjunk",
        ] {
            let e = error(bad);
            assert!(
                e.starts_with(&format!(
                    "invalid time \"{bad}\": expected now, a time phrase"
                )),
                "{bad:?}: {e}"
            );
            assert!(e.contains("RFC 3339"), "{e}");
        }
    }

    #[test]
    fn the_machines_timezone_is_never_used() {
        // The same input gives the same instant whatever TZ says; here the
        // zone given wins even when it differs from any machine default.
        let a = parse_at("2026-06-01T12:00", chrono_tz::UTC, now()).unwrap();
        assert_eq!(a.instant, utc("2026-06-01T12:00:00Z"));
        let b = parse_at("2026-06-01T12:00", chrono_tz::Pacific::Kiritimati, now()).unwrap();
        assert_eq!(b.instant, utc("2026-05-31T22:00:00Z"));
    }

    #[test]
    fn parse_date_reads_iso_days() {
        assert_eq!(
            parse_date("2026-11-28"),
            Ok(NaiveDate::from_ymd_opt(2026, 11, 28).unwrap())
        );
        assert_eq!(
            parse_date(" 2028-02-29 "),
            Ok(NaiveDate::from_ymd_opt(2028, 2, 29).unwrap())
        );
        let e = parse_date("2026-02-30").unwrap_err();
        assert_eq!(
            e,
            "invalid date \"2026-02-30\": there is no such day; expected YYYY-MM-DD, such as 2026-11-28"
        );
        for bad in [
            "",
            "2026-11",
            "2026-11-28T02:00",
            "26-11-28",
            "2026/11/28",
            "2026-1-28",
            "28-11-2026",
            "today",
            "2026-11-28x",
            "+2026-11-28",
        ] {
            let e = parse_date(bad).unwrap_err();
            assert_eq!(
                e,
                format!("invalid date \"{bad}\": expected YYYY-MM-DD, such as 2026-11-28"),
                "{bad:?}"
            );
        }
    }

    #[test]
    fn transitions_are_found_both_ways() {
        let local = |s: &str| NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M").unwrap();
        assert_eq!(
            transition(CHICAGO, local("2026-03-08T02:30")),
            Some(("02:00".to_string(), "03:00".to_string()))
        );
        assert_eq!(
            transition(CHICAGO, local("2026-11-01T01:30")),
            Some(("02:00".to_string(), "01:00".to_string()))
        );
        assert_eq!(transition(CHICAGO, local("2026-06-01T12:00")), None);
        assert_eq!(transition(chrono_tz::UTC, local("2026-03-08T02:30")), None);
    }

    #[test]
    fn odd_input_never_panics() {
        for odd in [
            "\u{0}",
            "🙂",
            "9999-12-31T23:59:59+23:59",
            "0000-01-01T00:00:00-23:59",
            "9999-12-31T23:59",
            "0000-01-01T00:00",
            "2026-11-28T02:00:00.999999999Z",
            "2026-11-28T02:00:00.000000001-00:00",
            "2026-11-28T02:00\u{301}",
            "2026-11-28Té2:00",
        ] {
            for tz in [
                CHICAGO,
                chrono_tz::Pacific::Kiritimati,
                chrono_tz::Etc::GMTPlus12,
            ] {
                let _ = parse_at(odd, tz, now());
            }
            let _ = parse_date(odd);
        }
    }
}
