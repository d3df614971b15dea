//! The week that coverage measures: from Monday 00:00 to the next Monday
//! 00:00 in the directory's timezone (167, 168 or 169 hours across a change
//! of the clocks), counted in minutes from its start, with the place of
//! every minute on the wall clock.

use chrono::{DateTime, Datelike, Duration, NaiveDate, NaiveTime, TimeZone, Timelike, Utc};
use chrono_tz::Tz;

use crate::hours::HolidayCalendar;

/// Half hours in a day: the cells of a week strip.
pub const HALVES: usize = 48;

/// A stretch of the week's minutes that reads as one wall-clock half hour
/// of one day. A repeated hour (the clocks going back) gives two runs with
/// the same cell; a skipped one, none.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Run {
    /// The first minute of the run, from the week's start.
    pub from: u32,
    /// The minute after its last.
    pub to: u32,
    /// The day, 0 for the Monday.
    pub day: u8,
    /// The half hour of the day, 0 (00:00–00:30) to 47 (23:30–24:00).
    pub half: u8,
}

impl Run {
    /// The wall-clock hour, 0 to 23.
    pub fn hour(&self) -> usize {
        usize::from(self.half / 2)
    }

    /// Whether the run is at night, 22:00 to 06:00.
    pub fn is_night(&self) -> bool {
        self.hour() >= 22 || self.hour() < 6
    }
}

/// One Monday-to-Monday week in a timezone.
#[derive(Debug, Clone)]
pub struct Week {
    /// The zone its days are read in.
    pub zone: Tz,
    /// Its Monday.
    pub monday: NaiveDate,
    /// Monday 00:00 (or the first minute of the Monday, where the clocks
    /// skip midnight).
    pub start: DateTime<Utc>,
    /// The next Monday's first minute.
    pub end: DateTime<Utc>,
    /// Its length in minutes.
    pub minutes: u32,
    /// Its days that are public holidays of the directory.
    pub holidays: Vec<NaiveDate>,
    runs: Vec<Run>,
    calendar: HolidayCalendar,
    /// Which wall-clock hours (`day * 24 + hour`) occur.
    hours: [bool; 7 * 24],
}

impl Week {
    /// The week that holds `date`, in `zone`, with the holidays of
    /// `calendar`.
    pub fn containing(date: NaiveDate, zone: Tz, calendar: &HolidayCalendar) -> Week {
        let back = i64::from(date.weekday().num_days_from_monday());
        let monday = date
            .checked_sub_signed(Duration::days(back))
            .unwrap_or(date);
        let next = monday
            .checked_add_signed(Duration::days(7))
            .unwrap_or(monday);
        let start = first_instant(zone, monday);
        let end = first_instant(zone, next);
        let minutes = u32::try_from((end - start).num_minutes().max(0)).unwrap_or(0);
        let holidays = (0..7)
            .filter_map(|d| monday.checked_add_signed(Duration::days(d)))
            .filter(|day| calendar.contains(*day))
            .collect();
        let runs = wall_clock_runs(zone, monday, start, minutes);
        let mut hours = [false; 7 * 24];
        for run in &runs {
            hours[usize::from(run.day) * 24 + run.hour()] = true;
        }
        Week {
            zone,
            monday,
            start,
            end,
            minutes,
            holidays,
            runs,
            calendar: calendar.clone(),
            hours,
        }
    }

    /// The instant `minute` minutes after the start, in the week's zone.
    pub fn at(&self, minute: u32) -> DateTime<Tz> {
        (self.start + Duration::minutes(minute.into())).with_timezone(&self.zone)
    }

    /// The minute of an instant, from the start (clamped to the week).
    pub fn minute_of(&self, instant: DateTime<Utc>) -> u32 {
        let minutes = (instant - self.start)
            .num_minutes()
            .clamp(0, self.minutes.into());
        u32::try_from(minutes).unwrap_or(self.minutes)
    }

    /// The public holidays the week was measured with.
    pub fn calendar(&self) -> &HolidayCalendar {
        &self.calendar
    }

    /// The wall-clock half hours of the week, in order.
    pub fn runs(&self) -> &[Run] {
        &self.runs
    }

    /// The week's seven days, Monday first.
    pub fn days(&self) -> [NaiveDate; 7] {
        let mut days = [self.monday; 7];
        for (i, day) in days.iter_mut().enumerate() {
            *day = self
                .monday
                .checked_add_signed(Duration::days(i as i64))
                .unwrap_or(self.monday);
        }
        days
    }

    /// Whether wall-clock hour `hour` of day `day` occurs in the week (it
    /// does not on the day the clocks skip it).
    pub fn hour_exists(&self, day: usize, hour: usize) -> bool {
        day < 7 && hour < 24 && self.hours[day * 24 + hour]
    }

    /// Whether a day of the week is a public holiday.
    pub fn is_holiday(&self, day: usize) -> bool {
        self.holidays.contains(&self.days()[day.min(6)])
    }
}

/// The first instant of a local date: midnight, or where the clocks skip
/// midnight, the first minute after the skip.
fn first_instant(zone: Tz, date: NaiveDate) -> DateTime<Utc> {
    let midnight = date.and_time(NaiveTime::MIN);
    for step in 0..=(4 * 60 / 15) {
        let naive = midnight + Duration::minutes(step * 15);
        if let Some(t) = zone.from_local_datetime(&naive).earliest() {
            return t.with_timezone(&Utc);
        }
    }
    // No zone skips four hours; read the date as UTC rather than fail.
    Utc.from_utc_datetime(&midnight)
}

/// Every minute of the week placed on the wall clock, merged into runs of
/// one half hour each.
fn wall_clock_runs(zone: Tz, monday: NaiveDate, start: DateTime<Utc>, minutes: u32) -> Vec<Run> {
    let mut runs: Vec<Run> = Vec::with_capacity(7 * HALVES + 4);
    for m in 0..minutes {
        let local = (start + Duration::minutes(m.into())).with_timezone(&zone);
        let day = (local.date_naive() - monday).num_days().clamp(0, 6) as u8;
        let half = (local.hour() * 2 + local.minute() / 30) as u8;
        match runs.last_mut() {
            Some(last) if last.day == day && last.half == half && last.to == m => last.to = m + 1,
            _ => runs.push(Run {
                from: m,
                to: m + 1,
                day,
                half,
            }),
        }
    }
    runs
}

#[cfg(test)]
mod tests {
    use super::*;

    fn week(date: &str, zone: &str) -> Week {
        Week::containing(
            date.parse().unwrap(),
            zone.parse().unwrap(),
            &HolidayCalendar::none(),
        )
    }

    #[test]
    fn a_week_runs_monday_to_monday() {
        let w = week("2026-12-10", "America/Chicago");
        assert_eq!(w.monday.to_string(), "2026-12-07");
        assert_eq!(w.minutes, 168 * 60);
        assert_eq!(w.start.to_rfc3339(), "2026-12-07T06:00:00+00:00");
        assert_eq!(w.runs().len(), 7 * HALVES);
        assert_eq!(w.at(0).to_rfc3339(), "2026-12-07T00:00:00-06:00");
    }

    #[test]
    fn a_change_of_the_clocks_gives_167_or_169_hours() {
        let spring = week("2026-03-08", "America/Chicago");
        assert_eq!(spring.minutes, 167 * 60);
        // Sunday 02:00-03:00 does not exist; every other hour does.
        assert!(!spring.hour_exists(6, 2));
        assert!(spring.hour_exists(6, 3));
        assert_eq!(spring.runs().len(), 7 * HALVES - 2);
        let autumn = week("2026-11-01", "America/Chicago");
        assert_eq!(autumn.minutes, 169 * 60);
        // Sunday 01:00-02:00 happens twice: four runs of two cells.
        let repeated: Vec<&Run> = autumn
            .runs()
            .iter()
            .filter(|r| r.day == 6 && r.hour() == 1)
            .collect();
        assert_eq!(repeated.len(), 4);
    }
}
