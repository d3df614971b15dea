//! The wide selectors: years (`2026`, `2026-2030/2`), ISO weeks (`week
//! 01-26/2`), and months and dates (`Dec 24-26`, `Jan Su[-1]`, `easter +1
//! day`, `2026 Jan 01+`), with the checks that keep a date a date and an
//! hour an hour (`Jan 02: 18:00` is a day and a colon, `02:18` a time).

use super::cursor::{ParseResult, Reader};
use super::vocabulary::{classify, Word};
use crate::hours::ast::{
    DateKind, DateRange, DateSpec, MonthdayRange, Rule, WeekRange, YearRange, MONTHS,
};
use crate::hours::lexer::Tok;

/// A month, and the year written before it, if any: what a day number
/// after a comma continues (`Dec 24,25`).
type MonthWritten = (Option<i32>, u32);

impl Reader<'_> {
    // ---- years

    /// Whether a year (not an hour such as `2000:`) starts here.
    pub(super) fn starts_year(&self) -> bool {
        self.starts_year_at(0) && !matches!(self.peek(1), Some(Tok::Colon))
    }

    /// Whether the number `k` tokens ahead is a year.
    pub(super) fn starts_year_at(&self, k: usize) -> bool {
        matches!(self.peek(k), Some(Tok::Num(y, 4)) if *y >= 1900)
    }

    /// `2026`, `2026-2030/2`, `2060+`, `2013/10`, separated by commas.
    pub(super) fn year_list(&mut self, rule: &mut Rule) -> ParseResult<()> {
        loop {
            let Some(Tok::Num(from, 4)) = self.peek(0).cloned() else {
                return self.unexpected("write a year such as \"2026\"");
            };
            let from = from as i32;
            self.bump();
            let mut years = YearRange {
                from,
                to: Some(from),
                step: 1,
            };
            if matches!(self.peek(0), Some(Tok::Plus)) {
                self.bump();
                years.to = None;
            } else if matches!(self.peek(0), Some(Tok::Dash(_))) {
                self.take_dash();
                let Some(Tok::Num(to, 4)) = self.peek(0).cloned() else {
                    return self.unexpected("a year range needs an end year, e.g. \"2026-2027\"");
                };
                if (to as i32) <= from {
                    return self.unexpected("a year range must go forward, e.g. \"2026-2027\"");
                }
                self.bump();
                years.to = Some(to as i32);
                if matches!(self.peek(0), Some(Tok::Slash)) {
                    self.bump();
                    years.step = self.positive("a year step")?;
                }
            } else if matches!(self.peek(0), Some(Tok::Slash)) {
                // "2013/10": every tenth year from 2013.
                self.bump();
                years.step = self.positive("a year step")?;
                years.to = None;
            }
            rule.years.push(years);
            if matches!(self.peek(0), Some(Tok::Comma)) && self.starts_year_at(1) {
                self.bump();
                continue;
            }
            return Ok(());
        }
    }

    /// A year here (`2026`), taken; none when the tokens here are not one.
    fn optional_year(&mut self) -> ParseResult<Option<i32>> {
        if !self.starts_year() {
            return Ok(None);
        }
        let Some(Tok::Num(y, _)) = self.peek(0) else {
            return self.unexpected("a year");
        };
        let y = *y as i32;
        self.bump();
        Ok(Some(y))
    }

    // ---- weeks

    /// `week 01-26/2,30`, after the word `week`.
    pub(super) fn week_list(&mut self, rule: &mut Rule) -> ParseResult<()> {
        self.bump(); // "week"
        loop {
            let from = self.week_number()?;
            let mut weeks = WeekRange {
                from,
                to: from,
                step: 1,
            };
            if matches!(self.peek(0), Some(Tok::Dash(_))) {
                self.take_dash();
                let to = self.week_number()?;
                if to < from {
                    return self.unexpected("a week range must go forward, e.g. \"week 10-20\"");
                }
                weeks.to = to;
                if matches!(self.peek(0), Some(Tok::Slash)) {
                    self.bump();
                    let step = self.positive("a week step")?;
                    if step > to - from {
                        return self.unexpected("the step is larger than the week range");
                    }
                    if step == 1 {
                        self.spelling("a week step of 1 was dropped");
                    }
                    weeks.step = step;
                }
            }
            rule.weeks.push(weeks);
            if matches!(self.peek(0), Some(Tok::Comma)) {
                if matches!(self.peek(1), Some(Tok::Num(..))) {
                    self.bump();
                    continue;
                }
                if self.word(1) == Some(Word::Week) && matches!(self.peek(2), Some(Tok::Num(..))) {
                    self.spelling("a repeated \"week\" was dropped");
                    self.pos += 2;
                    continue;
                }
            }
            return Ok(());
        }
    }

    /// An ISO week number, 01 to 53.
    fn week_number(&mut self) -> ParseResult<u32> {
        match self.peek(0) {
            Some(Tok::Num(n, _)) if (1..=53).contains(n) => {
                let n = *n;
                self.bump();
                Ok(n)
            }
            _ => self.unexpected("a week number is from 01 to 53"),
        }
    }

    // ---- months and dates

    /// A list of months and dates: `Jan-Mar`, `Dec 24,25`, `easter`,
    /// `2026 Jan 01-Feb 15`.
    pub(super) fn monthday_list(&mut self) -> ParseResult<Vec<MonthdayRange>> {
        let mut list = Vec::new();
        let mut last_month: Option<MonthWritten> = None;
        loop {
            // A day continuing the previous month: "Dec 24,25".
            if let (Some((year, month)), Some(Tok::Num(..))) = (last_month, self.peek(0)) {
                if !self.starts_year() {
                    let item = self.date_rest(year, month)?;
                    list.push(item);
                    if self.list_comma_continues_date() {
                        continue;
                    }
                    return Ok(list);
                }
            }
            let year = self.optional_year()?;
            match self.word(0) {
                Some(Word::Easter) => {
                    self.bump();
                    let from = self.easter(year)?;
                    list.push(MonthdayRange::Dates(self.date_range_end(from, None)?));
                    last_month = None;
                }
                Some(Word::Month(month)) => {
                    let (item, continued) = self.month_or_date(year, month)?;
                    list.push(item);
                    last_month = continued;
                }
                _ => return self.unexpected("write a month such as \"Jan\""),
            }
            if self.list_comma_continues_date() {
                continue;
            }
            return Ok(list);
        }
    }

    /// `easter` and its offset, after the word.
    fn easter(&mut self, year: Option<i32>) -> ParseResult<DateSpec> {
        Ok(DateSpec {
            year,
            kind: DateKind::Easter,
            offset: self.day_offset(200)?,
        })
    }

    /// What a month word begins: a date (`Dec 24`, `Jan Su[-1]`), with the
    /// month a day after a comma continues, or months (`Jan`, `Jan-Mar`).
    fn month_or_date(
        &mut self,
        year: Option<i32>,
        month: u32,
    ) -> ParseResult<(MonthdayRange, Option<MonthWritten>)> {
        self.note_month_spelling();
        self.bump();
        if matches!(self.peek(0), Some(Tok::Dot)) {
            self.spelling("a dot after a month was dropped");
            self.bump();
        }
        if self.is_day_after_month(0) || self.is_nth_weekday_here() {
            let item = self.date_rest(year, month)?;
            return Ok((item, Some((year, month))));
        }
        let mut to = month;
        if self.at_dash() && matches!(self.word(1), Some(Word::Month(_))) {
            // "Jan-Mar" or "Jan 20-Mar 02"?
            if !(self.peek(2).is_some_and(|t| matches!(t, Tok::Num(..)))
                && self.is_day_after_month(2))
            {
                self.take_dash();
                if let Some(Word::Month(end)) = self.word(0) {
                    self.note_month_spelling();
                    to = end;
                    self.bump();
                }
            }
        }
        Ok((
            MonthdayRange::Months {
                year,
                from: month,
                to,
            },
            None,
        ))
    }

    /// Notes a month written other than as the canonical syntax writes it.
    fn note_month_spelling(&mut self) {
        if let Some(Tok::Word(w)) = self.peek(0) {
            if !MONTHS.contains(&self.written().as_str()) {
                let w = w.clone();
                self.spelling(format!("the month \"{w}\" was read as an OSM month"));
            }
        }
    }

    /// After a comma in a date list: whether the list goes on (the comma
    /// is then taken).
    fn list_comma_continues_date(&mut self) -> bool {
        if !matches!(self.peek(0), Some(Tok::Comma)) {
            return false;
        }
        let month_next = |k| matches!(self.word(k), Some(Word::Month(_) | Word::Easter));
        let day_next = matches!(self.peek(1), Some(Tok::Num(n, _)) if (1..=31).contains(n))
            && !matches!(self.peek(2), Some(Tok::Colon | Tok::AmPm(_)))
            && !(matches!(self.peek(2), Some(Tok::Dot))
                && matches!(self.peek(3), Some(Tok::Num(_, 2))));
        let next_is_date = month_next(1) || (self.starts_year_at(1) && month_next(2)) || day_next;
        if next_is_date {
            self.bump();
        }
        next_is_date
    }

    /// Whether the number `k` tokens ahead, after a month, is a day of the
    /// month rather than an hour.
    fn is_day_after_month(&self, k: usize) -> bool {
        let Some(Tok::Num(n, _)) = self.peek(k) else {
            return false;
        };
        if !(1..=31).contains(n) {
            return false;
        }
        match self.peek(k + 1) {
            // "Jan 02: 18:00" is a day and a readability colon; "02:18" a time.
            Some(Tok::Colon) => self.colon_after_day(k + 1),
            // "Jan 01+" is a date and what follows it (strict
            // syntax); "Jan 01:00+" a time.
            Some(Tok::AmPm(_)) => false,
            Some(Tok::Dot) => !matches!(self.peek(k + 2), Some(Tok::Num(_, 2))),
            Some(Tok::Word(w)) => !matches!(classify(w), Word::Uhr | Word::Hours),
            Some(Tok::Dash(_)) => match self.peek(k + 2) {
                Some(Tok::Num(y, 4)) if *y >= 1900 => true,
                Some(Tok::Num(m, _)) => {
                    (1..=31).contains(m)
                        && match self.peek(k + 3) {
                            // "Jan 11-12: 10:00" is days and a
                            // readability colon; "Jan 11-12:30" hours.
                            Some(Tok::Colon) => self.colon_after_day(k + 3),
                            Some(Tok::AmPm(_)) => false,
                            _ => true,
                        }
                }
                _ => true,
            },
            _ => true,
        }
    }

    /// Whether the colon `k` tokens ahead, after a number, follows a day
    /// (a readability colon before a time) rather than an hour: no
    /// two-digit minutes after it, or a whole time after those.
    fn colon_after_day(&self, k: usize) -> bool {
        !matches!(self.peek(k + 1), Some(Tok::Num(_, 2)))
            || matches!(self.peek(k + 2), Some(Tok::Colon))
    }

    /// Whether a date such as `Su[-1]` (after its month) starts here: one
    /// number in the bracket, and no list of days after it. `Oct We[-1,-2]`
    /// and `Sep Sa[-1],Su` are a month and weekdays, since a date is one day
    /// and no weekday follows a date (found by fuzzing: the canonical forms
    /// of those weekdays after a month were refused).
    fn is_nth_weekday_here(&self) -> bool {
        let k = if matches!(self.peek(2), Some(Tok::Dash(_))) {
            3
        } else {
            2
        };
        let one_nth = matches!(self.word(0), Some(Word::Weekday(_)))
            && matches!(self.peek(1), Some(Tok::LBracket))
            && matches!(self.peek(k), Some(Tok::Num(..)))
            && matches!(self.peek(k + 1), Some(Tok::RBracket));
        if !one_nth {
            return false;
        }
        // Past an offset, "Sa[-1] +2 days".
        let mut j = k + 2;
        if matches!(self.peek(j), Some(Tok::Plus | Tok::Dash(_)))
            && matches!(self.peek(j + 1), Some(Tok::Num(..)))
            && self.word(j + 2) == Some(Word::Day)
        {
            j += 3;
        }
        let day_follows = self.word(j + 1).is_some_and(|w| w.is_day());
        !(matches!(self.peek(j), Some(Tok::Comma)) && day_follows)
    }

    /// A date after its month: `24`, `Su[-1]`, with offset and range end.
    fn date_rest(&mut self, year: Option<i32>, month: u32) -> ParseResult<MonthdayRange> {
        let from = self.date_after_month(year, month)?;
        let range = self.date_range_end(from, Some((year, month)))?;
        if let (
            DateKind::Fixed { month: m1, day: d1 },
            Some(DateSpec {
                kind: DateKind::Fixed { month: m2, day: d2 },
                year: y2,
                ..
            }),
        ) = (&range.from.kind, &range.to)
        {
            if m1 == m2 && d2 < d1 && (y2.is_none() || *y2 == range.from.year) {
                return self.err("a day range must go forward, e.g. \"Jun 02-24\"");
            }
        }
        Ok(MonthdayRange::Dates(range))
    }

    /// The day of a date, after its month: a number, or a weekday with
    /// its week of the month (`Su[-1]`), with an offset.
    fn date_after_month(&mut self, year: Option<i32>, month: u32) -> ParseResult<DateSpec> {
        if let Some(Word::Weekday(weekday)) = self.word(0) {
            if matches!(self.peek(1), Some(Tok::LBracket)) {
                self.pos += 2;
                let nth = self.week_of_month()?;
                if !matches!(self.peek(0), Some(Tok::RBracket)) {
                    return self.unexpected("close the bracket: \"Su[-1]\"");
                }
                self.bump();
                let offset = self.day_offset(6)?;
                return Ok(DateSpec {
                    year,
                    kind: DateKind::NthWeekday {
                        month,
                        weekday,
                        nth,
                    },
                    offset,
                });
            }
        }
        let day = self.day_of_month(month)?;
        let offset = self.day_offset(200)?;
        Ok(DateSpec {
            year,
            kind: DateKind::Fixed { month, day },
            offset,
        })
    }

    /// A day of `month`, with a dot after it dropped (`24.`).
    fn day_of_month(&mut self, month: u32) -> ParseResult<u32> {
        let Some(Tok::Num(d, _)) = self.peek(0).cloned() else {
            return self.unexpected("write a day of the month");
        };
        let max = match month {
            2 => 29,
            4 | 6 | 9 | 11 => 30,
            _ => 31,
        };
        if d == 0 || d > max {
            return self.unexpected(&format!("that month has days 01 to {max}"));
        }
        self.bump();
        if matches!(self.peek(0), Some(Tok::Dot)) {
            self.spelling("a dot after a day of the month was dropped");
            self.bump();
        }
        Ok(d)
    }

    /// The range from the date `from`, after it: its end (`-Dec 31`,
    /// `-26`) and step (`/8`), or `+` for "from this date on" (`Jan 01+`,
    /// strict syntax). `last` is the month of the date, which a bare day
    /// after the dash is in.
    fn date_range_end(
        &mut self,
        from: DateSpec,
        last: Option<MonthWritten>,
    ) -> ParseResult<DateRange> {
        let mut to = None;
        if self.at_dash() {
            let save = self.pos;
            self.take_dash();
            let year = self.optional_year()?;
            match self.word(0) {
                Some(Word::Month(month)) => {
                    self.note_month_spelling();
                    self.bump();
                    to = Some(self.date_after_month(year, month)?);
                }
                Some(Word::Easter) => {
                    self.bump();
                    to = Some(self.easter(year)?);
                }
                _ => match (last, self.peek(0)) {
                    (Some((_, month)), Some(Tok::Num(..))) if year.is_none() => {
                        let day = self.day_of_month(month)?;
                        // "2012 Jan 01-31": the end is in the start's year,
                        // as it is with the month written ("2012 Jan
                        // 01-Jan 31"), and renders without it; with the
                        // year it would render "2012 Jan 01-2012 Jan 31",
                        // not what a year selector before "Jan 01-31" does.
                        to = Some(DateSpec {
                            year: None,
                            kind: DateKind::Fixed { month, day },
                            offset: 0,
                        });
                    }
                    _ => {
                        self.pos = save;
                        return self
                            .unexpected("a date range needs an end date, e.g. \"Dec 24-26\"");
                    }
                },
            }
        }
        let mut period = None;
        if to.is_some() && matches!(self.peek(0), Some(Tok::Slash)) {
            self.bump();
            period = Some(self.positive("a day step")?);
        }
        let onward = to.is_none() && matches!(self.peek(0), Some(Tok::Plus));
        if onward {
            self.bump();
        }
        Ok(DateRange {
            from,
            to,
            period,
            onward,
        })
    }

    /// `+2 days`, `-1 day`; at most `max` days; 0 when there is none.
    pub(super) fn day_offset(&mut self, max: u32) -> ParseResult<i32> {
        let sign = match self.peek(0) {
            Some(Tok::Plus) => 1,
            Some(Tok::Dash(_)) => -1,
            _ => return Ok(0),
        };
        match (self.peek(1), self.word(2)) {
            (Some(Tok::Num(n, _)), Some(Word::Day)) => {
                let n = *n;
                self.bump();
                if n == 0 || n > max {
                    return self.unexpected(&format!("move by 1 to {max} days"));
                }
                self.pos += 2;
                Ok(sign * n as i32)
            }
            _ => Ok(0),
        }
    }
}
