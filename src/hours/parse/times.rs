//! Times of day and their ranges: `09:00-17:00`, `9am-5pm`, `9-17 Uhr`,
//! `10h30`, `17:00-late`, `22:00+`, `(sunset-01:00)`, "noon", "midnight";
//! and the one form that is refused, a bare `9-5`, which could be the
//! afternoon or the night.

use super::cursor::{Ambiguity, ParseResult, Reader, AMBIGUOUS};
use super::vocabulary::{classify, Word};
use crate::hours::ast::{Kind, Rule, TimePoint, TimeSpan};
use crate::hours::error::HoursError;
use crate::hours::lexer::Tok;

/// Minutes in a day.
const DAY: u32 = 24 * 60;

/// Noon, in minutes.
const NOON: u32 = 12 * 60;

/// A time as read: the point, whether it was a bare hour (`9`), and its
/// am/pm suffix (`true` for pm).
type TimeRead = (TimePoint, bool, Option<bool>);

impl Reader<'_> {
    /// Whether the tokens here begin a time (`10:00`, `9am`, `10-12`, `sunrise`).
    pub(super) fn starts_time(&self) -> bool {
        match (self.peek(0), self.peek(1)) {
            (Some(Tok::Num(..)), Some(Tok::Colon | Tok::AmPm(_) | Tok::Plus)) => true,
            (Some(Tok::Num(..)), Some(Tok::Dot)) => matches!(self.peek(2), Some(Tok::Num(_, 2))),
            (Some(Tok::Num(..)), Some(Tok::Word(w))) => {
                matches!(classify(w), Word::Uhr | Word::To | Word::Hours)
                    && !(matches!(self.peek(0), Some(Tok::Num(24, _)))
                        && classify(w) == Word::Hours)
            }
            (Some(Tok::Num(..)), Some(Tok::Dash(_))) => matches!(self.peek(2), Some(Tok::Num(..))),
            (Some(Tok::LParen), _) => true,
            (Some(Tok::Word(w)), _) => {
                matches!(classify(w), Word::Event(_) | Word::Midnight | Word::Noon)
            }
            _ => false,
        }
    }

    /// Times separated by commas or "and".
    pub(super) fn time_list(&mut self, rule: &mut Rule) -> ParseResult<()> {
        loop {
            let span = self.time_span()?;
            rule.times.push(span);
            if matches!(self.peek(0), Some(Tok::Comma)) {
                self.bump();
                // "Mo 10:00-12:00, 2001+ 10:00-12:00": a year starts a rule.
                if self.starts_time() && !self.starts_year() {
                    continue;
                }
                if self.peek(0).is_none() {
                    self.spelling("a trailing comma was dropped");
                    return Ok(());
                }
                self.pos -= 1;
            }
            // "9-12 and 13-17", "9-12 y 13-17": one list of times, as a comma
            // would make it (read as a rule of its own, it would be read back
            // from the canonical form as a list, and mean every day).
            if let Some(Tok::Word(w)) = self.peek(0) {
                if classify(w) == Word::And {
                    let save = self.pos;
                    self.bump();
                    if self.starts_time() && !self.starts_year() {
                        self.spelling("\"and\" between times was read as \",\"");
                        continue;
                    }
                    self.pos = save;
                }
            }
            return Ok(());
        }
    }

    /// One range of times: `09:00-17:00`, `17:00+`, `22:00-04:00+`.
    fn time_span(&mut self) -> ParseResult<TimeSpan> {
        let start_at = self.at();
        let (start, start_bare, start_ampm) = self.time_point(false)?;
        if matches!(self.peek(0), Some(Tok::Plus)) {
            self.bump();
            return Ok(TimeSpan::open_end_from(start));
        }
        if !self.at_dash() {
            return self.err(format!(
                "a time needs an end at character {}: write a range such as \"12:00-14:00\"",
                self.at() + 1
            ));
        }
        self.take_dash();
        if self.open_end_word() {
            return Ok(TimeSpan::open_end_from(start));
        }
        let (end, end_bare, end_ampm) = self.time_point(true)?;
        let start = start_with_end_suffix(start, start_ampm, end, end_ampm);
        let end = if start_bare && end_bare && start_ampm.is_none() && end_ampm.is_none() {
            self.bare_hours_end(start, end, start_at)?
        } else {
            end
        };
        let open_end = self.open_end_after(start, end)?;
        if matches!(self.peek(0), Some(Tok::Slash)) {
            return self.unexpected("repeating times (\"/\") are not opening hours; write a range");
        }
        self.check_range(start, end)?;
        Ok(TimeSpan {
            start,
            end: Some(end),
            open_end,
        })
    }

    /// "17:00-late", "17:00 till late", "17:00-open end": an open end in
    /// words, after the dash, taken; whether there was one.
    fn open_end_word(&mut self) -> bool {
        let length = match self.word(0) {
            Some(Word::Late | Word::OpenEnd) => 1,
            Some(Word::State(Kind::Open)) if self.word(1) == Some(Word::End) => 2,
            _ => return false,
        };
        self.tolerated("an open end was read as \"+\"");
        self.pos += length;
        true
    }

    /// The end of a range of two bare hours (`9-17`, `9-5`): as written,
    /// unless it is earlier than a morning start (`9-5`), which is refused
    /// with its readings or read as the reading asked for.
    fn bare_hours_end(
        &self,
        start: TimePoint,
        end: TimePoint,
        start_at: usize,
    ) -> ParseResult<TimePoint> {
        let (TimePoint::Fixed(s), TimePoint::Fixed(e)) = (start, end) else {
            return Ok(end);
        };
        if !(e < s && s <= NOON && e <= NOON && e > 0) {
            return Ok(end);
        }
        match self.ambiguity {
            Ambiguity::Refuse => Err(HoursError::new(
                format!(
                    "{AMBIGUOUS} at character {}: write both times in full, e.g. \"{:02}:00-{:02}:00\" or \"{:02}:00-{:02}:00\"",
                    start_at + 1,
                    s / 60,
                    e / 60 + 12,
                    s / 60,
                    e / 60
                ),
                Some(start_at),
            )),
            Ambiguity::Afternoon => Ok(TimePoint::Fixed(e + NOON)),
            Ambiguity::Overnight => Ok(end),
        }
    }

    /// A `+` after a range (`22:00-04:00+`), taken; whether there was one.
    /// An open end from 22:00 or later that would run past the second
    /// midnight is refused.
    fn open_end_after(&mut self, start: TimePoint, end: TimePoint) -> ParseResult<bool> {
        if !matches!(self.peek(0), Some(Tok::Plus)) {
            return Ok(false);
        }
        if let (TimePoint::Fixed(s), TimePoint::Fixed(e)) = (start, end) {
            let from = if e < s { e + DAY } else { e };
            if from >= 22 * 60 && from + 8 * 60 > 2 * DAY {
                return self.unexpected("an open end this late runs past midnight twice");
            }
        }
        self.bump();
        Ok(true)
    }

    /// A range starts before 24:00 and ends before the second midnight.
    fn check_range(&self, start: TimePoint, end: TimePoint) -> ParseResult<()> {
        let (TimePoint::Fixed(s), TimePoint::Fixed(e)) = (start, end) else {
            return Ok(());
        };
        if s >= DAY {
            return self.err("a range must start before 24:00");
        }
        let e_abs = if e <= s { e + DAY } else { e };
        let e_abs = if e_abs < s { e_abs + DAY } else { e_abs };
        if e_abs > 2 * DAY || (e > DAY && e < s) {
            return self.err("a range cannot run past midnight twice (48:00)");
        }
        Ok(())
    }

    /// A time: a named one (`sunset`, "noon", "midnight"), a sun event
    /// with an offset (`(sunset-01:00)`), or a clock time.
    fn time_point(&mut self, is_end: bool) -> ParseResult<TimeRead> {
        match self.peek(0).cloned() {
            Some(Tok::Word(w)) => self.named_time(&w, is_end),
            Some(Tok::LParen) => self.event_with_offset(),
            Some(Tok::Num(hour, digits)) => {
                self.bump();
                self.clock_time(hour, digits, is_end)
            }
            _ => self.unexpected("write a time such as \"09:00\""),
        }
    }

    /// `sunrise`, `sunset`, `dawn`, `dusk`, "noon", "midnight" (the end of
    /// the day when it ends a range).
    fn named_time(&mut self, word: &str, is_end: bool) -> ParseResult<TimeRead> {
        let point = match classify(word) {
            Word::Event(e) => {
                self.bump();
                TimePoint::Event(e, 0)
            }
            Word::Midnight => {
                self.bump();
                self.tolerated("\"midnight\" was read as a time");
                TimePoint::Fixed(if is_end { DAY } else { 0 })
            }
            Word::Noon => {
                self.bump();
                self.tolerated("\"noon\" was read as 12:00");
                TimePoint::Fixed(NOON)
            }
            _ => return self.unexpected("write a time such as \"09:00\""),
        };
        Ok((point, false, None))
    }

    /// `(sunset-01:00)`: a sun event moved by hours and minutes.
    fn event_with_offset(&mut self) -> ParseResult<TimeRead> {
        self.bump();
        let Some(Word::Event(e)) = self.word(0) else {
            return self.unexpected("write e.g. \"(sunset-01:00)\"");
        };
        self.bump();
        let sign = match self.peek(0) {
            Some(Tok::Plus) => 1,
            Some(Tok::Dash(_)) => -1,
            _ => return self.unexpected("write e.g. \"(sunset-01:00)\""),
        };
        self.bump();
        let (Some(Tok::Num(h, _)), Some(Tok::Colon), Some(Tok::Num(m, 2))) = (
            self.peek(0).cloned(),
            self.peek(1).cloned(),
            self.peek(2).cloned(),
        ) else {
            return self.unexpected("write the offset as hours:minutes, e.g. \"(sunset-01:00)\"");
        };
        if m >= 60 || h > 12 {
            return self.unexpected("write the offset as hours:minutes, e.g. \"(sunset-01:00)\"");
        }
        self.pos += 3;
        if !matches!(self.peek(0), Some(Tok::RParen)) {
            return self.unexpected("close the bracket: \"(sunset-01:00)\"");
        }
        self.bump();
        Ok((TimePoint::Event(e, sign * (h * 60 + m) as i32), false, None))
    }

    /// A clock time after its hour (`hour`, written with `digits` digits):
    /// minutes after `:`, `.` or `h`, an am/pm suffix, "Uhr" or "h".
    fn clock_time(&mut self, hour: u32, digits: usize, is_end: bool) -> ParseResult<TimeRead> {
        let minutes = self.minutes_after_hour()?;
        let bare = minutes.is_none();
        let minutes = minutes.unwrap_or(0);
        if minutes >= 60 {
            return self.err("minutes go from 00 to 59");
        }
        if let Some(Tok::AmPm(pm)) = self.peek(0).cloned() {
            if !(1..=12).contains(&hour) {
                return self.unexpected("with am/pm, hours go from 1 to 12");
            }
            self.bump();
            self.spelling("a 12-hour time (am/pm) was read as a 24-hour time");
            let h24 = match (hour, pm) {
                (12, false) => 0,
                (12, true) => 12,
                (h, false) => h,
                (h, true) => h + 12,
            };
            return Ok((TimePoint::Fixed(h24 * 60 + minutes), false, Some(pm)));
        }
        if let Some(Word::Uhr | Word::Hours) = self.word(0) {
            if !matches!(self.peek(1), Some(Tok::Num(..))) {
                self.spelling("\"h\"/\"Uhr\" after a time was dropped");
                self.bump();
            }
        }
        let max = if is_end { 48 } else { 24 };
        if hour > max || (hour == max && minutes > 0) {
            return self.err(format!("hours go from 00 to {max}"));
        }
        if bare {
            self.added("an hour without minutes was read as a full hour (\"10\" as \"10:00\")");
        } else if digits == 1 {
            self.spelling("a one-digit hour was read with two digits (\"9:00\" as \"09:00\")");
        }
        Ok((TimePoint::Fixed(hour * 60 + minutes), bare, None))
    }

    /// The minutes after an hour (`:30`, `.30`, `h30`), taken; `None` for
    /// a bare hour.
    fn minutes_after_hour(&mut self) -> ParseResult<Option<u32>> {
        let minutes = match (self.peek(0).cloned(), self.peek(1).cloned()) {
            (Some(Tok::Colon), Some(Tok::Num(m, 2))) => m,
            (Some(Tok::Dot), Some(Tok::Num(m, 2))) => {
                self.spelling("a dot in a time was read as \":\"");
                m
            }
            (Some(Tok::Word(h)), Some(Tok::Num(m, 2))) if h == "h" => {
                self.spelling("\"h\" in a time was read as \":\"");
                m
            }
            (Some(Tok::Colon), _) => {
                return self.unexpected("write minutes with two digits, e.g. \"09:30\"");
            }
            _ => return Ok(None),
        };
        self.pos += 2;
        Ok(Some(minutes))
    }
}

/// The start of a range whose am/pm suffix is only on its end ("9-5pm",
/// "1-5pm", "11-2pm"): in the same half of the day as the end when it is
/// not later on the 12-hour clock, else in the other half.
fn start_with_end_suffix(
    start: TimePoint,
    start_ampm: Option<bool>,
    end: TimePoint,
    end_ampm: Option<bool>,
) -> TimePoint {
    let (TimePoint::Fixed(s), None, Some(pm)) = (start, start_ampm, end_ampm) else {
        return start;
    };
    if !(60..=NOON).contains(&s) {
        return start;
    }
    let s12 = s % NOON;
    let e12 = match end {
        TimePoint::Fixed(e) => e % NOON,
        _ => 0,
    };
    let start_pm = if s12 <= e12 { pm } else { !pm };
    TimePoint::Fixed(if start_pm { s12 + NOON } else { s12 })
}
