//! The small selectors: weekdays (`Mo-Fr`, `Su[-1]`, `Sa[1,3] +2 days`,
//! "Monday", "lundi", "weekends", "daily") and holidays (`PH`, `PH +1
//! day`, `SH`, "public holidays", "day before public holiday").

use super::cursor::{ParseResult, Reader};
use super::vocabulary::{classify, Word};
use crate::hours::ast::{DayItem, Rule, WeekdayRange, WEEKDAYS};
use crate::hours::lexer::Tok;

/// The weekdays `from` to `to` (Monday 0), every week, without offset.
pub(super) fn weekdays(from: u32, to: u32) -> DayItem {
    DayItem::Weekdays(WeekdayRange::every_week(from, to))
}

impl Reader<'_> {
    /// Whether days (weekdays, holidays) start here.
    pub(super) fn starts_day(&self) -> bool {
        match self.word(0) {
            Some(Word::Every) => self.word(1) == Some(Word::Day),
            Some(Word::Day) => matches!(self.word(1), Some(Word::Before | Word::After)),
            Some(Word::One) => {
                self.word(1) == Some(Word::Day)
                    && matches!(self.word(2), Some(Word::Before | Word::After))
            }
            Some(word) => word.is_day(),
            None => false,
        }
    }

    /// Days separated by `,`, `and` or `&`; holidays before weekdays
    /// (`SH Mo-Fr`) must both match.
    pub(super) fn day_list(&mut self, rule: &mut Rule) -> ParseResult<()> {
        loop {
            self.day_item(rule)?;
            // Separators: ",", "and", "&".
            let separator = match self.peek(0) {
                Some(Tok::Comma | Tok::Amp) => true,
                Some(Tok::Word(w)) => classify(w) == Word::And,
                _ => false,
            };
            if separator {
                let save = self.pos;
                let word_separator = !matches!(self.peek(0), Some(Tok::Comma));
                self.bump();
                if self.starts_day() {
                    if word_separator {
                        self.spelling("\"and\"/\"&\" between days was read as \",\"");
                    }
                    continue;
                }
                self.pos = save;
            }
            // "SH Mo-Fr": holidays and weekdays that must both match.
            if self.starts_day()
                && rule.holidays_and.is_empty()
                && rule
                    .days
                    .iter()
                    .all(|d| matches!(d, DayItem::Holiday { .. }))
            {
                rule.holidays_and = std::mem::take(&mut rule.days);
                continue;
            }
            return Ok(());
        }
    }

    /// One weekday range or holiday.
    fn day_item(&mut self, rule: &mut Rule) -> ParseResult<()> {
        let Some(Tok::Word(word)) = self.peek(0).cloned() else {
            return self.unexpected("write a weekday such as \"Mo\"");
        };
        let item = match classify(&word) {
            Word::Weekday(from) => self.weekday_range(&word, from)?,
            Word::Weekend => {
                self.tolerated(format!("\"{word}\" was read as \"Sa-Su\""));
                self.bump();
                weekdays(5, 6)
            }
            Word::Workdays => {
                self.tolerated(format!("\"{word}\" was read as \"Mo-Fr\""));
                self.bump();
                weekdays(0, 4)
            }
            Word::EveryDay | Word::Every => {
                self.bump();
                if self.word(0) == Some(Word::Day) {
                    self.bump();
                }
                let said = if word == "every" || word == "all" {
                    format!("{word} day")
                } else {
                    word.clone()
                };
                self.tolerated(format!("\"{said}\" was read as \"Mo-Su\""));
                weekdays(0, 6)
            }
            Word::Holiday | Word::Public => self.public_holiday(&word)?,
            Word::SchoolHoliday | Word::School => self.school_holiday(&word)?,
            Word::Day | Word::One => self.day_around_holiday(&word)?,
            _ => return self.unexpected("write a weekday such as \"Mo\""),
        };
        rule.days.push(item);
        Ok(())
    }

    /// `Mo`, `Mo-Fr`, `Su[-1]`, `Sa[1,3] +2 days`, from the weekday
    /// `word` on (which means `from`).
    fn weekday_range(&mut self, word: &str, from: u32) -> ParseResult<DayItem> {
        self.note_weekday_spelling(word);
        self.bump();
        self.skip_weekday_ending();
        let mut to = from;
        if self.at_dash() && matches!(self.word(1), Some(Word::Weekday(_))) {
            self.take_dash();
            if let Some(Tok::Word(end)) = self.peek(0).cloned() {
                if let Word::Weekday(t) = classify(&end) {
                    self.note_weekday_spelling(&end);
                    to = t;
                    self.bump();
                    self.skip_weekday_ending();
                }
            }
        }
        let nth = if matches!(self.peek(0), Some(Tok::LBracket)) {
            self.nth_list()?
        } else {
            Vec::new()
        };
        let offset = if nth.is_empty() {
            0
        } else {
            self.day_offset(6)?
        };
        Ok(DayItem::Weekdays(WeekdayRange {
            from,
            to,
            nth,
            offset,
        }))
    }

    /// `PH`, `PH +1 day`, "holidays", "public holidays", from `word` on.
    fn public_holiday(&mut self, word: &str) -> ParseResult<DayItem> {
        let written_ph = self.written() == "PH";
        self.bump();
        if classify(word) == Word::Public {
            if self.word(0) != Some(Word::Holiday) {
                return self.unexpected("write \"PH\" for public holidays");
            }
            self.bump();
        }
        if !written_ph {
            self.tolerated("a holiday word was read as \"PH\" (public holidays)");
        }
        let offset = self.day_offset(1)?;
        Ok(DayItem::Holiday {
            school: false,
            offset,
        })
    }

    /// `SH`, "school holidays", "Schulferien", from `word` on.
    fn school_holiday(&mut self, word: &str) -> ParseResult<DayItem> {
        self.bump();
        if classify(word) == Word::School {
            if self.word(0) != Some(Word::Holiday) {
                return self.unexpected("write \"SH\" for school holidays");
            }
            self.bump();
        }
        if word != "sh" || self.written_before() != "SH" {
            self.tolerated("a school-holiday word was read as \"SH\"");
        }
        Ok(DayItem::Holiday {
            school: true,
            offset: 0,
        })
    }

    /// "(one) day before/after (public) holiday", from `word` on: `PH -1
    /// day` or `PH +1 day`.
    fn day_around_holiday(&mut self, word: &str) -> ParseResult<DayItem> {
        if classify(word) == Word::One {
            self.bump();
        }
        self.bump();
        let sign = match self.word(0) {
            Some(Word::Before) => -1,
            Some(Word::After) => 1,
            _ => return self.unexpected("write \"PH -1 day\" or \"PH +1 day\""),
        };
        self.bump();
        if self.word(0) == Some(Word::Public) {
            self.bump();
        }
        if self.word(0) != Some(Word::Holiday) {
            return self.unexpected("write \"PH -1 day\" or \"PH +1 day\"");
        }
        self.bump();
        self.tolerated(format!(
            "\"day {} public holiday\" was read as \"PH {}1 day\"",
            if sign < 0 { "before" } else { "after" },
            if sign < 0 { '-' } else { '+' }
        ));
        Ok(DayItem::Holiday {
            school: false,
            offset: sign,
        })
    }

    /// Notes a weekday written other than as the canonical syntax writes it.
    fn note_weekday_spelling(&mut self, word: &str) {
        if !WEEKDAYS.contains(&self.written().as_str()) {
            self.spelling(format!("the weekday \"{word}\" was read as an OSM weekday"));
        }
    }

    /// Drops what may end a weekday: a dot (`Mon.`), and `-feira`
    /// (`segunda-feira`).
    fn skip_weekday_ending(&mut self) {
        if matches!(self.peek(0), Some(Tok::Dot)) {
            self.spelling("a dot after a weekday was dropped");
            self.bump();
        }
        if matches!(self.peek(0), Some(Tok::Dash(_)))
            && self.peek(1) == Some(&Tok::Word("feira".into()))
        {
            self.pos += 2;
        }
    }

    /// A week of the month, `1` to `5` or `-1` to `-5`, taken.
    pub(super) fn week_of_month(&mut self) -> ParseResult<i32> {
        let negative = matches!(self.peek(0), Some(Tok::Dash(_)));
        if negative {
            self.bump();
        }
        let n = match self.peek(0) {
            Some(Tok::Num(n, _)) if (1..=5).contains(n) => *n as i32,
            _ => return self.unexpected("write the week of the month as 1 to 5 or -1 to -5"),
        };
        self.bump();
        Ok(if negative { -n } else { n })
    }

    /// The weeks of the month in brackets: `[1,3]`, `[-1]`, `[1-3]`.
    fn nth_list(&mut self) -> ParseResult<Vec<i32>> {
        self.bump(); // [
        let mut out = Vec::new();
        loop {
            let n = self.week_of_month()?;
            if n > 0 && matches!(self.peek(0), Some(Tok::Dash(_))) {
                self.bump();
                let m = match self.peek(0) {
                    Some(Tok::Num(m, _)) if (1..=5).contains(m) && (*m as i32) >= n => *m as i32,
                    _ => return self.unexpected("write a range such as \"[1-3]\""),
                };
                self.bump();
                self.spelling(format!(
                    "the weeks of the month \"[{n}-{m}]\" were written as a list"
                ));
                out.extend(n..=m);
            } else {
                out.push(n);
            }
            match self.peek(0) {
                Some(Tok::Comma) => self.bump(),
                Some(Tok::RBracket) => {
                    self.bump();
                    return Ok(out);
                }
                _ => return self.unexpected("close the bracket: \"Sa[1,3]\""),
            }
        }
    }
}
