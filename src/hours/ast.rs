//! The syntax tree of an opening-hours expression and its canonical
//! (strict OSM `opening_hours`) rendering.

use std::fmt::{self, Write};

/// How a rule combines with the rules before it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Op {
    /// `;` — a rule that matches a day replaces what earlier rules said of it.
    Normal,
    /// `,` — adds to earlier rules.
    Additional,
    /// `||` — applies only where earlier rules leave it closed.
    Fallback,
}

/// The state a rule sets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    Open,
    Closed,
    Unknown,
}

/// A range of years, `2012`, `2012-2016/2` or `2060+`.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct YearRange {
    pub from: i32,
    /// `None` for an open range (`2060+`).
    pub to: Option<i32>,
    pub step: u32,
}

/// One day of the year as written.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum DateKind {
    /// `Dec 25`.
    Fixed { month: u32, day: u32 },
    /// `Nov Th[4]`, `Aug Su[-1]`.
    NthWeekday { month: u32, weekday: u32, nth: i32 },
    /// `easter`.
    Easter,
}

/// A day of the year, with an optional year and day offset.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct DateSpec {
    pub year: Option<i32>,
    pub kind: DateKind,
    /// `+2 days`, `-1 day`.
    pub offset: i32,
}

/// A month or date range.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum MonthdayRange {
    /// `Jan`, `Nov-Feb`, `2012 Nov-Dec`.
    Months {
        year: Option<i32>,
        from: u32,
        to: u32,
    },
    /// `Dec 24-26`, `Jan 01-31/8`, `Jan Su[-2]-Jan Su[-1]`, `Jan 01+`.
    Dates(DateRange),
}

/// A date, or a range of dates: `Dec 25`, `Dec 24-26`, `Jan 01-31/8`,
/// `Jan Su[-2]-Jan Su[-1]`, `Jan 01+`.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct DateRange {
    pub from: DateSpec,
    /// The last day, when it is a range.
    pub to: Option<DateSpec>,
    /// Every nth day of the range (`/8`).
    pub period: Option<u32>,
    /// `+` after a date without an end: from it to the end of its year
    /// (of every year after it, when it has a year), as the strict
    /// grammar reads it.
    pub onward: bool,
}

/// `week 01-53/2`.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct WeekRange {
    pub from: u32,
    pub to: u32,
    pub step: u32,
}

/// A weekday range (`Mo-Fr`, `Su[-1]`, `Sa[2] +3 days`) or a holiday (`PH`,
/// `PH -1 day`, `SH`).
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum DayItem {
    Weekdays(WeekdayRange),
    Holiday { school: bool, offset: i32 },
}

/// `Mo-Fr`, `Su[-1]`, `Sa[2] +3 days`: weekdays (Monday 0), with the weeks
/// of the month they are in and a shift in days.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct WeekdayRange {
    pub from: u32,
    pub to: u32,
    /// The weeks of the month (`1` first, `-1` last); empty for every week.
    pub nth: Vec<i32>,
    /// Days after (or, negative, before) the weekdays selected.
    pub offset: i32,
}

impl WeekdayRange {
    /// The weekdays `from` to `to`, every week, without shift.
    pub(crate) fn every_week(from: u32, to: u32) -> Self {
        WeekdayRange {
            from,
            to,
            nth: Vec::new(),
            offset: 0,
        }
    }
}

/// A moment in the day.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum TimePoint {
    /// Minutes from midnight, up to 48:00.
    Fixed(u32),
    /// A sun event with an offset in minutes.
    Event(Event, i32),
}

/// Sun events.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Event {
    Dawn,
    Sunrise,
    Sunset,
    Dusk,
}

/// `10:00-12:00`, `17:00+`, `22:00-04:00+`.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct TimeSpan {
    pub start: TimePoint,
    pub end: Option<TimePoint>,
    pub open_end: bool,
}

/// One rule: selectors, then a state and comment.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Rule {
    pub op: Op,
    /// Written as `24/7`.
    pub always: bool,
    pub years: Vec<YearRange>,
    /// Month/date lists; several lists must all match.
    pub monthdays: Vec<Vec<MonthdayRange>>,
    pub weeks: Vec<WeekRange>,
    /// `:` written after the wide selectors (kept, it is valid syntax).
    pub wide_colon: bool,
    /// Days of which any may match (`Mo-Fr,PH`).
    pub days: Vec<DayItem>,
    /// Holidays that must match as well (`SH Mo-Fr`).
    pub holidays_and: Vec<DayItem>,
    pub times: Vec<TimeSpan>,
    /// The state as written; `None` when no state was written.
    pub kind: Option<Kind>,
    /// `off` was written for closed (both are valid; kept as written).
    pub off: bool,
    pub comment: Option<String>,
}

impl Rule {
    pub(crate) fn new(op: Op) -> Self {
        Rule {
            op,
            always: false,
            years: Vec::new(),
            monthdays: Vec::new(),
            weeks: Vec::new(),
            wide_colon: false,
            days: Vec::new(),
            holidays_and: Vec::new(),
            times: Vec::new(),
            kind: None,
            off: false,
            comment: None,
        }
    }

    /// Whether the rule has any date selector.
    pub(crate) fn has_date_selector(&self) -> bool {
        !(self.years.is_empty()
            && self.monthdays.is_empty()
            && self.weeks.is_empty()
            && self.days.is_empty()
            && self.holidays_and.is_empty())
    }

    /// Whether the rule has nothing at all (an empty rule).
    pub(crate) fn is_empty(&self) -> bool {
        !self.always
            && !self.has_date_selector()
            && self.times.is_empty()
            && self.kind.is_none()
            && self.comment.is_none()
    }

    /// The effective state: a rule with only a comment is unknown, as in
    /// opening_hours.js ("by appointment" means "call first", not "open").
    pub(crate) fn effective_kind(&self) -> Kind {
        match (self.kind, &self.comment) {
            (Some(k), _) => k,
            (None, Some(_)) => Kind::Unknown,
            (None, None) => Kind::Open,
        }
    }
}

impl TimeSpan {
    /// The whole day, `00:00-24:00`.
    pub(crate) fn whole_day() -> Self {
        TimeSpan {
            start: TimePoint::Fixed(0),
            end: Some(TimePoint::Fixed(24 * 60)),
            open_end: false,
        }
    }

    /// An open end from `start` on, `17:00+`.
    pub(crate) fn open_end_from(start: TimePoint) -> Self {
        TimeSpan {
            start,
            end: None,
            open_end: true,
        }
    }
}

/// A whole expression.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Expr {
    pub rules: Vec<Rule>,
}

/// The weekdays as the canonical syntax writes them, Monday first.
pub(crate) const WEEKDAYS: [&str; 7] = ["Mo", "Tu", "We", "Th", "Fr", "Sa", "Su"];
/// The months as the canonical syntax writes them, January first.
pub(crate) const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

fn month_name(m: u32) -> &'static str {
    MONTHS
        .get((m as usize).wrapping_sub(1))
        .copied()
        .unwrap_or("Jan")
}

fn weekday_name(d: u32) -> &'static str {
    WEEKDAYS.get(d as usize).copied().unwrap_or("Mo")
}

fn write_day_offset(f: &mut impl Write, offset: i32) -> fmt::Result {
    if offset != 0 {
        let sign = if offset > 0 { '+' } else { '-' };
        let n = offset.unsigned_abs();
        write!(f, " {sign}{n} day{}", if n == 1 { "" } else { "s" })?;
    }
    Ok(())
}

impl fmt::Display for YearRange {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.from)?;
        match self.to {
            // `2013/10`, every tenth year from 2013: as opening_hours.js
            // writes it; `2013+` would be every year (issue #19).
            None if self.step != 1 => write!(f, "/{}", self.step)?,
            None => f.write_char('+')?,
            Some(to) if to != self.from => {
                write!(f, "-{to}")?;
                if self.step != 1 {
                    write!(f, "/{}", self.step)?;
                }
            }
            Some(_) => {}
        }
        Ok(())
    }
}

impl DateSpec {
    fn write(&self, f: &mut impl Write, with_month: bool) -> fmt::Result {
        if let Some(y) = self.year {
            write!(f, "{y} ")?;
        }
        match &self.kind {
            DateKind::Fixed { month, day } => {
                if with_month || self.year.is_some() {
                    write!(f, "{} {day:02}", month_name(*month))?;
                } else {
                    write!(f, "{day:02}")?;
                }
            }
            DateKind::NthWeekday {
                month,
                weekday,
                nth,
            } => {
                write!(
                    f,
                    "{} {}[{nth}]",
                    month_name(*month),
                    weekday_name(*weekday)
                )?;
            }
            DateKind::Easter => f.write_str("easter")?,
        }
        write_day_offset(f, self.offset)
    }
}

impl fmt::Display for MonthdayRange {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            MonthdayRange::Months { year, from, to } => {
                if let Some(y) = year {
                    write!(f, "{y} ")?;
                }
                f.write_str(month_name(*from))?;
                if from != to {
                    write!(f, "-{}", month_name(*to))?;
                }
                Ok(())
            }
            MonthdayRange::Dates(range) => range.fmt(f),
        }
    }
}

impl fmt::Display for DateRange {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.from.write(f, true)?;
        if self.onward {
            f.write_char('+')?;
        }
        if let Some(to) = &self.to {
            f.write_char('-')?;
            // `Dec 24-26`: the month is not repeated when it is the same
            // and nothing else differs.
            let same_month = match (&self.from.kind, &to.kind) {
                (DateKind::Fixed { month: a, .. }, DateKind::Fixed { month: b, .. }) => {
                    a == b && to.year.is_none() && self.from.offset == 0 && to.offset == 0
                }
                _ => false,
            };
            to.write(f, !same_month)?;
        }
        if let Some(p) = self.period {
            write!(f, "/{p}")?;
        }
        Ok(())
    }
}

impl fmt::Display for WeekRange {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:02}", self.from)?;
        if self.to != self.from {
            write!(f, "-{:02}", self.to)?;
            if self.step != 1 {
                write!(f, "/{}", self.step)?;
            }
        }
        Ok(())
    }
}

impl fmt::Display for DayItem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DayItem::Weekdays(range) => range.fmt(f),
            DayItem::Holiday { school, offset } => {
                f.write_str(if *school { "SH" } else { "PH" })?;
                write_day_offset(f, *offset)
            }
        }
    }
}

impl fmt::Display for WeekdayRange {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(weekday_name(self.from))?;
        if self.from != self.to {
            write!(f, "-{}", weekday_name(self.to))?;
        }
        if !self.nth.is_empty() {
            f.write_char('[')?;
            f.write_str(&joined(&self.nth, ","))?;
            f.write_char(']')?;
        }
        write_day_offset(f, self.offset)
    }
}

impl fmt::Display for Event {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Event::Dawn => "dawn",
            Event::Sunrise => "sunrise",
            Event::Sunset => "sunset",
            Event::Dusk => "dusk",
        })
    }
}

impl fmt::Display for TimePoint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TimePoint::Fixed(m) => write!(f, "{:02}:{:02}", m / 60, m % 60),
            TimePoint::Event(e, 0) => write!(f, "{e}"),
            TimePoint::Event(e, off) => {
                let sign = if *off < 0 { '-' } else { '+' };
                let a = off.unsigned_abs();
                write!(f, "({e}{sign}{:02}:{:02})", a / 60, a % 60)
            }
        }
    }
}

impl fmt::Display for TimeSpan {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.start)?;
        if let Some(end) = &self.end {
            write!(f, "-{end}")?;
        }
        if self.open_end {
            f.write_char('+')?;
        }
        Ok(())
    }
}

/// Items written out and joined by `separator`.
fn joined<T: fmt::Display>(items: &[T], separator: &str) -> String {
    items
        .iter()
        .map(T::to_string)
        .collect::<Vec<_>>()
        .join(separator)
}

impl Rule {
    /// The wide selectors (years, months and dates, weeks) as written
    /// before the days, with the `:` after them kept; empty when there
    /// are none.
    fn wide_selectors(&self) -> String {
        let mut parts: Vec<String> = Vec::new();
        if !self.years.is_empty() {
            parts.push(joined(&self.years, ","));
        }
        for list in &self.monthdays {
            parts.push(joined(list, ","));
        }
        if !self.weeks.is_empty() {
            parts.push(format!("week {}", joined(&self.weeks, ",")));
        }
        let mut wide = parts.join(" ");
        let has_small = self.always
            || !self.days.is_empty()
            || !self.holidays_and.is_empty()
            || !self.times.is_empty();
        if !wide.is_empty() && self.wide_colon && has_small {
            wide.push(':');
        }
        wide
    }

    /// The state as written, if one was.
    fn state_word(&self) -> Option<&'static str> {
        Some(match self.kind? {
            Kind::Open => "open",
            Kind::Closed if self.off => "off",
            Kind::Closed => "closed",
            Kind::Unknown => "unknown",
        })
    }
}

impl fmt::Display for Rule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut parts: Vec<String> = Vec::new();
        let wide = self.wide_selectors();
        if !wide.is_empty() {
            parts.push(wide);
        }
        // `24/7` stands alone in strict syntax. With times it adds nothing
        // (the times apply); with other selectors it means their whole day.
        let alone = !self.has_date_selector();
        if self.always && self.times.is_empty() && alone {
            parts.push("24/7".into());
        }
        if !self.holidays_and.is_empty() {
            parts.push(joined(&self.holidays_and, ","));
        }
        if !self.days.is_empty() {
            parts.push(joined(&self.days, ","));
        }
        if self.always && self.times.is_empty() && !alone {
            parts.push("00:00-24:00".into());
        }
        if !self.times.is_empty() {
            parts.push(joined(&self.times, ","));
        }
        if let Some(state) = self.state_word() {
            parts.push(state.into());
        }
        if let Some(c) = &self.comment {
            parts.push(format!("\"{c}\""));
        }
        f.write_str(&parts.join(" "))
    }
}

impl fmt::Display for Expr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, rule) in self.rules.iter().enumerate() {
            if i > 0 {
                f.write_str(match rule.op {
                    Op::Normal => "; ",
                    Op::Additional => ", ",
                    Op::Fallback => " || ",
                })?;
            }
            write!(f, "{rule}")?;
        }
        Ok(())
    }
}
