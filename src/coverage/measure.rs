//! One origin and one need over the week: the timelines of the matching
//! services laid over each other, minute by minute, into what a coordinator
//! reads (hours open, gaps, night gap, services open per hour).

use super::timeline::Timeline;
use super::week::{Week, HALVES};
use super::{Cell, Gap, Measured};

/// Buffers one worker reuses from one origin and need to the next.
pub(crate) struct Scratch {
    /// Services per timeline, for the pair in hand.
    count: Vec<u32>,
    /// The timelines with a non-zero count.
    touched: Vec<u32>,
    /// Changes of the number of timelines open, at each minute.
    open: Vec<i32>,
    /// Changes of the number of timelines of unknown state, at each minute.
    unknown: Vec<i32>,
}

impl Scratch {
    /// Buffers for a week and a number of timelines.
    pub(crate) fn new(week: &Week, timelines: usize) -> Scratch {
        let minutes = week.minutes as usize + 1;
        Scratch {
            count: vec![0; timelines],
            touched: Vec::new(),
            open: vec![0; minutes],
            unknown: vec![0; minutes],
        }
    }
}

/// The services of one origin and need, as the timeline each one has.
pub(crate) struct Pair<'a> {
    /// The week.
    pub week: &'a Week,
    /// Every timeline of the run.
    pub timelines: &'a [Timeline],
    /// The timeline of each service that meets the need within reach.
    pub services: &'a mut dyn Iterator<Item = u32>,
}

/// Lays the services' timelines over each other.
pub(crate) fn measure(pair: Pair<'_>, scratch: &mut Scratch) -> Measured {
    let Pair {
        week,
        timelines,
        services,
    } = pair;
    let mut matching = 0;
    for id in services {
        let slot = &mut scratch.count[id as usize];
        if *slot == 0 {
            scratch.touched.push(id);
        }
        *slot += 1;
        matching += 1;
    }
    let mut by_cell = [0u32; 7 * 24];
    let (mut open_before, mut open_after) = (false, false);
    for &id in &scratch.touched {
        let timeline = &timelines[id as usize];
        let services = std::mem::take(&mut scratch.count[id as usize]);
        for &(from, to) in &timeline.open {
            scratch.open[from as usize] += 1;
            scratch.open[to as usize] -= 1;
        }
        for &(from, to) in &timeline.unknown {
            scratch.unknown[from as usize] += 1;
            scratch.unknown[to as usize] -= 1;
        }
        for &cell in &timeline.open_hours {
            by_cell[usize::from(cell)] += services;
        }
        open_before |= timeline.open_before;
        open_after |= timeline.open_after;
    }
    scratch.touched.clear();
    let mut measured = sweep(week, scratch);
    measured.services = matching;
    for (day, row) in measured.by_hour.iter_mut().enumerate() {
        for (hour, value) in row.iter_mut().enumerate() {
            *value = week
                .hour_exists(day, hour)
                .then_some(by_cell[day * 24 + hour]);
        }
    }
    if let Some(first) = measured.gaps.first_mut() {
        first.continues_before = first.from == 0 && !open_before;
    }
    if let Some(last) = measured.gaps.last_mut() {
        last.continues_after = last.to == week.minutes && !open_after;
    }
    measured
}

/// Walks the week's minutes once, wall-clock half hour by half hour,
/// adding up the changes: minutes open and unknown, the gaps, the night
/// gap and the state of each half hour and hour. Leaves the change
/// buffers zeroed.
fn sweep(week: &Week, scratch: &mut Scratch) -> Measured {
    let mut m = Measured {
        halves: [[Cell::Missing; HALVES]; 7],
        hours: [[Cell::Missing; 24]; 7],
        ..Measured::default()
    };
    let (mut open, mut unknown) = (0i32, 0i32);
    let mut gap_from: Option<u32> = None;
    for run in week.runs() {
        let (day, half) = (usize::from(run.day), usize::from(run.half));
        let mut cell = Cell::Closed;
        for minute in run.from..run.to {
            let i = minute as usize;
            open += std::mem::take(&mut scratch.open[i]);
            unknown += std::mem::take(&mut scratch.unknown[i]);
            let state = if open > 0 {
                m.open_minutes += 1;
                Cell::Open
            } else if unknown > 0 {
                m.unknown_minutes += 1;
                Cell::Unknown
            } else {
                Cell::Closed
            };
            cell = cell.max(state);
            match (state == Cell::Open, gap_from) {
                (true, Some(from)) => {
                    m.gaps.push(Gap::new(from, minute));
                    gap_from = None;
                }
                (false, None) => gap_from = Some(minute),
                _ => {}
            }
            if state != Cell::Open && run.is_night() {
                m.night_gap_minutes += 1;
            }
        }
        m.halves[day][half] = m.halves[day][half].max(cell);
        m.hours[day][run.hour()] = m.hours[day][run.hour()].max(cell);
    }
    if let Some(from) = gap_from {
        m.gaps.push(Gap::new(from, week.minutes));
    }
    // The changes at the week's end minute are past every run.
    let end = week.minutes as usize;
    scratch.open[end] = 0;
    scratch.unknown[end] = 0;
    m
}
