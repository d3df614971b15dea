//! Coverage: for each origin and each need, over one Monday-to-Monday
//! week, the minutes during which at least one matching service within the
//! radius is open (docs/CLI.md, `deflect coverage`).
//!
//! Which services match is decided by [`crate::matching::candidates`], as
//! for `find`: needs, eligibility and radius, services without a location
//! counting at every origin. When each is open comes from the hours engine's
//! own next changes ([`Timeline`]), in the service's own zone with the
//! directory's public holidays, exact to the minute. Only open time covers:
//! time when nothing is open but some matching service is of unknown state
//! is counted apart.
//!
//! At national scale (100,000 services, 50 stations, 30 needs) the
//! candidates are asked once per need (anywhere) and once per origin (any
//! need within reach); a service meets a need within reach of an origin
//! when it is in both, as every filter of `candidates` looks at one service
//! at a time. Timelines are worked out once per distinct hours and zone.

mod measure;
mod timeline;
mod week;

use std::collections::HashMap;

use chrono_tz::Tz;

pub use timeline::Timeline;
pub use week::{Run, Week, HALVES};

use crate::directory::load::{parallel_map, parallel_map_with};
use crate::directory::{Directory, Service};
use crate::hours::Hours;
use crate::matching::{candidates, Candidate, Person, Query};
use crate::needs::{How, ResolvedNeed};
use crate::places::Origin;

/// A need measured as one row.
#[derive(Debug, Clone, PartialEq)]
pub struct NeedRow {
    /// The need as typed, or the category id of a row of every group.
    pub label: String,
    /// What it is called: the categories' names, or the words when it
    /// names services.
    pub name: String,
    /// The need as `find` resolves it.
    pub need: ResolvedNeed,
    /// Whether a need without any open time makes the run exit 1 (with no
    /// request, only the top-level groups do).
    pub decides: bool,
}

impl NeedRow {
    /// The row of a need as resolved from typed words.
    pub fn typed(need: ResolvedNeed, directory: &Directory) -> NeedRow {
        let name = if need.how == How::ServiceName || need.categories.is_empty() {
            format!("services named \u{201c}{}\u{201d}", need.query)
        } else {
            need.categories
                .iter()
                .map(|id| category_name(directory, id))
                .collect::<Vec<_>>()
                .join(", ")
        };
        NeedRow {
            label: need.query.clone(),
            name,
            need,
            decides: true,
        }
    }

    /// The row of one category.
    fn category(directory: &Directory, id: &str, decides: bool) -> NeedRow {
        NeedRow {
            label: id.to_string(),
            name: category_name(directory, id),
            need: ResolvedNeed {
                query: id.to_string(),
                categories: vec![id.to_string()],
                services: Vec::new(),
                how: How::Exact,
            },
            decides,
        }
    }

    /// Every top-level group of the taxonomy, each followed by its
    /// descendant categories that some active service of the directory
    /// has: what `coverage` measures when no need is typed.
    pub fn every_group(directory: &Directory) -> Vec<NeedRow> {
        let taxonomy = &directory.taxonomy;
        let used: std::collections::HashSet<&str> = directory
            .services
            .iter()
            .filter(|s| s.active)
            .flat_map(|s| s.categories.iter().map(String::as_str))
            .collect();
        let mut rows = Vec::new();
        for group in taxonomy.categories().iter().filter(|c| c.parent.is_none()) {
            rows.push(NeedRow::category(directory, &group.id, true));
            // Depth first: each category followed by those below it.
            let mut stack: Vec<&str> = taxonomy
                .children(&group.id)
                .map(|c| c.id.as_str())
                .collect();
            stack.reverse();
            let mut seen = vec![group.id.as_str()];
            while let Some(id) = stack.pop() {
                if seen.contains(&id) {
                    continue;
                }
                seen.push(id);
                if used.iter().any(|u| taxonomy.serves(u, id)) {
                    rows.push(NeedRow::category(directory, id, false));
                }
                let mut children: Vec<&str> =
                    taxonomy.children(id).map(|c| c.id.as_str()).collect();
                children.reverse();
                stack.extend(children);
            }
        }
        rows
    }
}

fn category_name(directory: &Directory, id: &str) -> String {
    directory
        .taxonomy
        .get(id)
        .map_or_else(|| id.to_string(), |c| c.name.clone())
}

/// An origin with the name it is shown by.
#[derive(Debug, Clone, PartialEq)]
pub struct Place {
    /// The place's name, or the coordinates as typed.
    pub name: String,
    /// Where distances are measured from.
    pub origin: Origin,
}

/// What coverage measures, read from the words and flags.
#[derive(Debug, Clone)]
pub struct Request {
    /// One row per need.
    pub needs: Vec<NeedRow>,
    /// The person's eligibility, as `find` filters by it.
    pub person: Person,
    /// The substances asked about, which narrow every need as in `find`.
    pub substances: Vec<String>,
    /// The places measured from.
    pub origins: Vec<Place>,
}

/// The state of a stretch of the week for one need at one origin: the
/// best state of any minute in it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord)]
pub enum Cell {
    /// That wall-clock time does not occur this week (the clocks skip it).
    #[default]
    Missing,
    /// Nothing open, nothing of unknown state.
    Closed,
    /// Nothing open, but some service of unknown state.
    Unknown,
    /// Some service open.
    Open,
}

/// A stretch of the week with nothing open.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Gap {
    /// Its first minute, from the week's start.
    pub from: u32,
    /// The minute after its last.
    pub to: u32,
    /// It began before the week did (nothing open just before its start).
    pub continues_before: bool,
    /// It goes on after the week ends (nothing open just after).
    pub continues_after: bool,
}

impl Gap {
    fn new(from: u32, to: u32) -> Gap {
        Gap {
            from,
            to,
            continues_before: false,
            continues_after: false,
        }
    }

    /// Its length in minutes.
    pub fn minutes(&self) -> u32 {
        self.to - self.from
    }
}

/// One need at one origin over the week.
#[derive(Debug, Clone, PartialEq)]
pub struct Measured {
    /// The services that meet the need within reach.
    pub services: usize,
    /// Minutes with some service open.
    pub open_minutes: u32,
    /// Minutes with nothing open but some service of unknown state.
    pub unknown_minutes: u32,
    /// Minutes between 22:00 and 06:00 with nothing open.
    pub night_gap_minutes: u32,
    /// The stretches with nothing open, in order.
    pub gaps: Vec<Gap>,
    /// Services open at any minute of each wall-clock hour, Monday first;
    /// `None` for an hour that does not occur.
    pub by_hour: [[Option<u32>; 24]; 7],
    /// The state of each wall-clock hour.
    pub hours: [[Cell; 24]; 7],
    /// The state of each wall-clock half hour (the week strip).
    pub halves: [[Cell; HALVES]; 7],
}

impl Default for Measured {
    fn default() -> Self {
        Measured {
            services: 0,
            open_minutes: 0,
            unknown_minutes: 0,
            night_gap_minutes: 0,
            gaps: Vec::new(),
            by_hour: [[None; 24]; 7],
            hours: [[Cell::Missing; 24]; 7],
            halves: [[Cell::Missing; HALVES]; 7],
        }
    }
}

impl Measured {
    /// The longest gap; the first of equal ones.
    pub fn longest_gap(&self) -> Option<&Gap> {
        self.gaps.iter().rev().max_by_key(|g| g.minutes())
    }
}

/// Coverage of every need at every origin.
#[derive(Debug, Clone)]
pub struct Coverage {
    /// The week measured.
    pub week: Week,
    /// The radius around each origin.
    pub radius_km: f64,
    /// What was measured.
    pub request: Request,
    /// By origin, then by need, in the request's order.
    pub results: Vec<Vec<Measured>>,
}

impl Coverage {
    /// Whether some need that decides the exit status has no open time at
    /// some origin: a nightly job alerts on it.
    pub fn has_uncovered_need(&self) -> bool {
        self.results.iter().any(|needs| {
            needs
                .iter()
                .zip(&self.request.needs)
                .any(|(m, row)| row.decides && m.open_minutes == 0)
        })
    }
}

/// Measures every need of `request` at every origin over `week`.
pub fn measure(directory: &Directory, request: Request, week: Week, radius_km: f64) -> Coverage {
    let base = Query {
        needs: Vec::new(),
        substances: request.substances.clone(),
        prefers: Vec::new(),
        origin: None,
        at: week.start,
        open_only: false,
        radius_km: None,
        person: request.person.clone(),
    };
    let mut queries: Vec<Query> = Vec::new();
    for row in &request.needs {
        queries.push(Query {
            needs: vec![row.need.clone()],
            ..base.clone()
        });
    }
    for place in &request.origins {
        queries.push(Query {
            origin: Some(place.origin.clone()),
            radius_km: Some(radius_km),
            ..base.clone()
        });
    }
    let sets = parallel_map(queries, 2, |query| {
        Set::of(&directory.services, &candidates(directory, &query).0)
    });
    let (need_sets, origin_sets) = sets.split_at(request.needs.len());
    crate::timing::phase("coverage: candidates");
    let (timelines, timeline_of) = timelines(directory, need_sets, &week);
    crate::timing::phase("coverage: timelines");
    let pairs: Vec<(usize, usize)> = (0..origin_sets.len())
        .flat_map(|o| (0..need_sets.len()).map(move |n| (o, n)))
        .collect();
    let measured = parallel_map_with(
        pairs,
        8,
        || measure::Scratch::new(&week, timelines.len()),
        |scratch, (o, n)| {
            let mut services = need_sets[n].both(&origin_sets[o]).map(|i| timeline_of[i]);
            let pair = measure::Pair {
                week: &week,
                timelines: &timelines,
                services: &mut services,
            };
            measure::measure(pair, scratch)
        },
    );
    let mut results: Vec<Vec<Measured>> = Vec::with_capacity(origin_sets.len());
    let mut measured = measured.into_iter();
    for _ in 0..origin_sets.len() {
        results.push(measured.by_ref().take(need_sets.len()).collect());
    }
    Coverage {
        week,
        radius_km,
        request,
        results,
    }
}

/// The timeline of every service some need may count, each distinct
/// expression and zone worked out once (on every core), and which timeline
/// each service has. Timeline 0 is unknown throughout: no hours, or hours
/// that cannot be read.
fn timelines(directory: &Directory, needs: &[Set], week: &Week) -> (Vec<Timeline>, Vec<u32>) {
    let mut timeline_of = vec![0u32; directory.services.len()];
    let mut ids: HashMap<(&str, Tz), u32> = HashMap::new();
    let mut keys: Vec<(&str, Tz)> = Vec::new();
    let mut wanted = Set::empty(directory.services.len());
    for set in needs {
        wanted.add(set);
    }
    for i in wanted.iter() {
        let service = &directory.services[i];
        let Some(expr) = service.hours.as_deref() else {
            continue;
        };
        let key = (expr, service.zone(&directory.info));
        timeline_of[i] = *ids.entry(key).or_insert_with(|| {
            keys.push(key);
            keys.len() as u32
        });
    }
    let calendar = week.calendar();
    let mut timelines = vec![Timeline::unknown(week)];
    timelines.extend(parallel_map(keys, 16, |(expr, zone)| {
        match Hours::parse(expr) {
            Ok(hours) => Timeline::of(&hours, zone, calendar, week),
            Err(_) => Timeline::unknown(week),
        }
    }));
    (timelines, timeline_of)
}

/// A set of services, by their index in the directory.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Set {
    words: Vec<u64>,
}

impl Set {
    fn empty(len: usize) -> Set {
        Set {
            words: vec![0; len.div_ceil(64)],
        }
    }

    /// The services of `found`, which `candidates` took from `services`.
    fn of(services: &[Service], found: &[Candidate<'_>]) -> Set {
        let mut set = Set::empty(services.len());
        let base = services.as_ptr() as usize;
        let size = std::mem::size_of::<Service>().max(1);
        for candidate in found {
            // A candidate borrows its service from the slice: its address
            // gives its index.
            let at = std::ptr::from_ref(candidate.service) as usize;
            let i = at.wrapping_sub(base) / size;
            if i < services.len() {
                set.words[i / 64] |= 1 << (i % 64);
            }
        }
        set
    }

    fn add(&mut self, other: &Set) {
        for (a, b) in self.words.iter_mut().zip(&other.words) {
            *a |= b;
        }
    }

    fn iter(&self) -> impl Iterator<Item = usize> + '_ {
        bits(self.words.iter().copied())
    }

    /// The services in both sets.
    fn both<'a>(&'a self, other: &'a Set) -> impl Iterator<Item = usize> + 'a {
        bits(self.words.iter().zip(&other.words).map(|(a, b)| a & b))
    }
}

fn bits(words: impl Iterator<Item = u64>) -> impl Iterator<Item = usize> {
    words.enumerate().flat_map(|(w, mut word)| {
        std::iter::from_fn(move || {
            if word == 0 {
                return None;
            }
            let bit = word.trailing_zeros() as usize;
            word &= word - 1;
            Some(w * 64 + bit)
        })
    })
}

#[cfg(test)]
mod tests;
