//! One service's week: when it is open, closed or of unknown state, as
//! stretches of the week's minutes, read from the hours engine's own next
//! changes (never by sampling), so that a week is exact to the minute.
//!
//! A national directory has 100,000 services and a few thousand distinct
//! hours: a timeline is worked out once per expression and zone.

use chrono::{DateTime, Duration, Utc};
use chrono_tz::Tz;

use super::week::Week;
use crate::hours::{HolidayCalendar, Hours, State};

/// A service's week.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Timeline {
    /// The open stretches, `[from, to)` in minutes from the week's start.
    pub open: Vec<(u32, u32)>,
    /// The stretches of unknown state ("by appointment", after an open
    /// end, no hours at all).
    pub unknown: Vec<(u32, u32)>,
    /// The wall-clock hours (`day * 24 + hour`) with an open minute.
    pub open_hours: Vec<u16>,
    /// Open in the minute before the week starts.
    pub open_before: bool,
    /// Open in the first minute after the week ends.
    pub open_after: bool,
}

impl Timeline {
    /// The week of a service whose hours are missing or unreadable: unknown
    /// throughout.
    pub fn unknown(week: &Week) -> Timeline {
        Timeline {
            unknown: vec![(0, week.minutes)],
            ..Timeline::default()
        }
    }

    /// The week of parsed hours in `zone` with the directory's holidays:
    /// from the week's start, each evaluation gives the state and when it
    /// next changes, and the next evaluation starts there.
    pub fn of(hours: &Hours, zone: Tz, calendar: &HolidayCalendar, week: &Week) -> Timeline {
        let mut timeline = Timeline::default();
        let mut from = 0;
        while from < week.minutes {
            let at = week.start + Duration::minutes(from.into());
            let evaluation = hours.evaluate(zone, calendar, at);
            let to = match evaluation.next_change {
                Some(next) => week.minute_of(next.with_timezone(&Utc)),
                None => week.minutes,
            }
            // A change always lies ahead; this only guards the loop.
            .max(from + 1);
            match evaluation.state {
                State::Open => timeline.open.push((from, to)),
                State::Unknown => timeline.unknown.push((from, to)),
                State::Closed => {}
            }
            from = to;
        }
        let state_at = |t: DateTime<Utc>| hours.evaluate(zone, calendar, t).state;
        timeline.open_before = state_at(week.start - Duration::minutes(1)) == State::Open;
        timeline.open_after = state_at(week.end) == State::Open;
        timeline.open_hours = hours_touched(&timeline.open, week);
        timeline
    }
}

/// The wall-clock hours that the stretches touch, sorted, each once.
pub(crate) fn hours_touched(stretches: &[(u32, u32)], week: &Week) -> Vec<u16> {
    let runs = week.runs();
    let mut cells: Vec<u16> = Vec::new();
    for &(from, to) in stretches {
        let first = runs.partition_point(|r| r.to <= from);
        for run in runs[first..].iter().take_while(|r| r.from < to) {
            let cell = u16::from(run.day) * 24 + run.hour() as u16;
            if cells.last() != Some(&cell) {
                cells.push(cell);
            }
        }
    }
    cells.sort_unstable();
    cells.dedup();
    cells
}

#[cfg(test)]
mod tests {
    use super::*;

    fn timeline(expr: &str, date: &str, zone: &str, calendar: &HolidayCalendar) -> Timeline {
        let zone: Tz = zone.parse().unwrap();
        let week = Week::containing(date.parse().unwrap(), zone, calendar);
        Timeline::of(&Hours::parse(expr).unwrap(), zone, calendar, &week)
    }

    fn open_minutes(t: &Timeline) -> u32 {
        t.open.iter().map(|(a, b)| b - a).sum()
    }

    #[test]
    fn half_hours_overnight_rules_and_24_7_are_counted_to_the_minute() {
        let none = HolidayCalendar::none();
        let t = timeline("Mo-Sa 05:30-13:00", "2026-12-07", "America/Chicago", &none);
        assert_eq!(open_minutes(&t), 45 * 60);
        assert_eq!(t.open[0], (330, 780));
        let shelter = timeline("19:00-07:00", "2026-12-07", "America/Chicago", &none);
        // Monday 00:00-07:00 comes from Sunday's rule.
        assert_eq!(shelter.open[0], (0, 7 * 60));
        assert_eq!(open_minutes(&shelter), 7 * 12 * 60);
        assert!(shelter.open_before && shelter.open_after);
        let always = timeline("24/7", "2026-12-07", "America/Chicago", &none);
        assert_eq!(always.open, vec![(0, 168 * 60)]);
        assert_eq!(always.open_hours.len(), 168);
    }

    #[test]
    fn unknown_time_is_kept_apart() {
        let none = HolidayCalendar::none();
        let t = timeline(
            "Mo-Fr 09:00-17:00; Sa \"by appointment\"",
            "2026-12-07",
            "UTC",
            &none,
        );
        assert_eq!(open_minutes(&t), 40 * 60);
        assert_eq!(t.unknown, vec![(5 * 1440, 6 * 1440)]);
    }

    #[test]
    fn a_holiday_closes_a_clinic_that_is_off_on_holidays() {
        let us = HolidayCalendar::new(Some("US"), &[]);
        // Thanksgiving week 2026: Thursday 26 November.
        let t = timeline(
            "Mo-Fr 08:00-16:00; PH off",
            "2026-11-23",
            "America/Chicago",
            &us,
        );
        assert_eq!(open_minutes(&t), 32 * 60);
        assert!(!t.open_hours.contains(&(3 * 24 + 9)));
    }

    #[test]
    fn a_week_across_a_change_of_the_clocks() {
        let none = HolidayCalendar::none();
        let spring = timeline("24/7", "2026-03-08", "America/Chicago", &none);
        assert_eq!(open_minutes(&spring), 167 * 60);
        assert_eq!(spring.open_hours.len(), 167);
        let autumn = timeline("24/7", "2026-11-01", "America/Chicago", &none);
        assert_eq!(open_minutes(&autumn), 169 * 60);
        assert_eq!(autumn.open_hours.len(), 168);
    }
}
