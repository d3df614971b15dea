//! Which local days a rule's selectors take in: years, months and dates
//! (with Easter and the nth weekday of a month), ISO weeks, weekdays with
//! their weeks of the month, and public holidays from a
//! [`HolidayCalendar`]. The times of the day are painted elsewhere
//! ([`super::eval`]); here a day is in or out.

use chrono::{Datelike, Duration, NaiveDate};

use super::ast::{DateKind, DateRange, DateSpec, DayItem, MonthdayRange, Rule, WeekdayRange};
use super::holidays::HolidayCalendar;

/// The weekday of a date, Monday 0.
fn weekday_index(d: NaiveDate) -> u32 {
    d.weekday().num_days_from_monday()
}

/// Whether `x` is in `from..=to`, a range that may wrap (`Nov-Feb`, `Sa-Mo`).
fn in_wrapping(x: u32, from: u32, to: u32) -> bool {
    if from <= to {
        from <= x && x <= to
    } else {
        x >= from || x <= to
    }
}

/// Whether `d` is in one of the weeks of its month `nth` (`1` the first
/// seven days, `-1` the last seven); every date when `nth` is empty.
fn nth_matches(d: NaiveDate, nth: &[i32]) -> bool {
    if nth.is_empty() {
        return true;
    }
    let day = d.day() as i32;
    let dim = i32::from(d.num_days_in_month());
    nth.iter().any(|&n| {
        if n > 0 {
            day > (n - 1) * 7 && day <= n * 7
        } else {
            let from_end = dim - day; // 0 for the last day
            from_end >= (-n - 1) * 7 && from_end < -n * 7
        }
    })
}

/// Easter Sunday of `year` (Gregorian).
fn easter(year: i32) -> Option<NaiveDate> {
    // Anonymous Gregorian algorithm.
    let a = year % 19;
    let b = year / 100;
    let c = year % 100;
    let d = b / 4;
    let e = b % 4;
    let f = (b + 8) / 25;
    let g = (b - f + 1) / 3;
    let h = (19 * a + b - d - g + 15) % 30;
    let i = c / 4;
    let k = c % 4;
    let l = (32 + 2 * e + 2 * i - h - k) % 7;
    let m = (a + 11 * h + 22 * l) / 451;
    let month = (h + l - 7 * m + 114) / 31;
    let day = (h + l - 7 * m + 114) % 31 + 1;
    NaiveDate::from_ymd_opt(year, month as u32, day as u32)
}

impl DateSpec {
    /// The day this date is in `year`, with its offset; `None` when it has
    /// none that year (`Feb 29`, a fifth Sunday).
    fn resolve(&self, year: i32) -> Option<NaiveDate> {
        let base = match &self.kind {
            DateKind::Fixed { month, day } => NaiveDate::from_ymd_opt(year, *month, *day)?,
            DateKind::NthWeekday {
                month,
                weekday,
                nth,
            } => {
                let first = NaiveDate::from_ymd_opt(year, *month, 1)?;
                let dim = u32::from(first.num_days_in_month());
                let first_wd = weekday_index(first);
                let first_match = 1 + (7 + weekday - first_wd) % 7;
                let day = if *nth > 0 {
                    first_match + 7 * (*nth as u32 - 1)
                } else {
                    let last = NaiveDate::from_ymd_opt(year, *month, dim)?;
                    let back = (7 + weekday_index(last) - weekday) % 7;
                    (dim - back).checked_sub(7 * ((-*nth) as u32 - 1))?
                };
                if day == 0 || day > dim {
                    return None;
                }
                NaiveDate::from_ymd_opt(year, *month, day)?
            }
            DateKind::Easter => easter(year)?,
        };
        base.checked_add_signed(Duration::days(self.offset.into()))
    }
}

impl MonthdayRange {
    /// Whether the months or dates take in `d`.
    fn contains(&self, d: NaiveDate) -> bool {
        match self {
            // "2013 Dec-Feb" runs into 2014, as a range across the year end
            // without a year runs into the next.
            MonthdayRange::Months {
                year: Some(y),
                from,
                to,
            } if from > to => {
                (d.year() == *y && d.month() >= *from) || (d.year() == y + 1 && d.month() <= *to)
            }
            MonthdayRange::Months { year, from, to } => {
                year.is_none_or(|y| y == d.year()) && in_wrapping(d.month(), *from, *to)
            }
            MonthdayRange::Dates(range) => range.contains(d),
        }
    }
}

impl DateRange {
    /// Whether the date or range of dates takes in `d`.
    fn contains(&self, d: NaiveDate) -> bool {
        let y = d.year();
        let from = &self.from;
        if self.onward {
            // From the date to the end of its year; with a year, for ever.
            return from.resolve(from.year.unwrap_or(y)).is_some_and(|s| s <= d);
        }
        let Some(to) = &self.to else {
            return match from.year {
                Some(fy) => from.resolve(fy) == Some(d),
                None => [y - 1, y, y + 1]
                    .into_iter()
                    .any(|yy| from.resolve(yy) == Some(d)),
            };
        };
        if from.year.is_some() || to.year.is_some() {
            let fy = from.year.unwrap_or(y);
            let ty = to.year.or(from.year).unwrap_or(y);
            return match (from.resolve(fy), to.resolve(ty)) {
                // "2013 Dec 24-Jan 06" ends in 2014.
                (Some(s), Some(e)) if e < s && to.year.is_none() => {
                    to.resolve(ty + 1).is_some_and(|e| self.in_stretch(d, s, e))
                }
                (Some(s), Some(e)) => self.in_stretch(d, s, e),
                _ => false,
            };
        }
        for yy in [y - 1, y] {
            if let (Some(s), Some(mut e)) = (from.resolve(yy), to.resolve(yy)) {
                if e < s {
                    match to.resolve(yy + 1) {
                        Some(e2) => e = e2,
                        None => continue,
                    }
                }
                if self.in_stretch(d, s, e) {
                    return true;
                }
            }
        }
        false
    }

    /// Whether `d` is in `start..=end` and on the range's step from `start`.
    fn in_stretch(&self, d: NaiveDate, start: NaiveDate, end: NaiveDate) -> bool {
        if d < start || d > end {
            return false;
        }
        match self.period {
            Some(p) if p > 1 => (d - start).num_days() % i64::from(p) == 0,
            _ => true,
        }
    }
}

impl WeekdayRange {
    /// Whether the weekdays (in their weeks of the month, shifted by the
    /// offset) take in `d`.
    fn contains(&self, d: NaiveDate) -> bool {
        let Some(base) = d.checked_sub_signed(Duration::days(self.offset.into())) else {
            return false;
        };
        in_wrapping(weekday_index(base), self.from, self.to) && nth_matches(base, &self.nth)
    }
}

impl DayItem {
    /// Whether the weekdays or holiday take in `d`. School holidays are
    /// known nowhere, so they take in no day.
    fn contains(&self, d: NaiveDate, calendar: &HolidayCalendar) -> bool {
        match self {
            DayItem::Weekdays(range) => range.contains(d),
            DayItem::Holiday { school: true, .. } => false,
            DayItem::Holiday {
                school: false,
                offset,
            } => d
                .checked_sub_signed(Duration::days((*offset).into()))
                .is_some_and(|base| calendar.contains(base)),
        }
    }
}

impl Rule {
    /// Whether every selector of the rule takes in the local day `d`.
    pub(crate) fn selects(&self, d: NaiveDate, calendar: &HolidayCalendar) -> bool {
        if !self.years.is_empty() {
            let y = d.year();
            let ok = self.years.iter().any(|yr| {
                y >= yr.from
                    && yr.to.is_none_or(|t| y <= t)
                    && (y - yr.from) % (yr.step.max(1) as i32) == 0
            });
            if !ok {
                return false;
            }
        }
        for list in &self.monthdays {
            if !list.iter().any(|m| m.contains(d)) {
                return false;
            }
        }
        if !self.weeks.is_empty() {
            let w = d.iso_week().week();
            if !self.weeks.iter().any(|wr| {
                w >= wr.from && w <= wr.to && (w - wr.from).is_multiple_of(wr.step.max(1))
            }) {
                return false;
            }
        }
        let any_takes = |items: &[DayItem]| items.iter().any(|h| h.contains(d, calendar));
        if !self.holidays_and.is_empty() && !any_takes(&self.holidays_and) {
            return false;
        }
        if !self.days.is_empty() && !any_takes(&self.days) {
            return false;
        }
        true
    }
}
