//! Matching services to a person: needs, eligibility, distance and opening
//! hours, and the order results are shown in (docs/CLI.md, "Order of
//! results").
//!
//! Hours are evaluated only for the services that pass every other filter,
//! and each distinct expression is parsed once.

use std::cmp::Ordering;
use std::collections::HashMap;

use chrono::{DateTime, Utc};
use chrono_tz::Tz;

use crate::directory::{Directory, Service};
use crate::hours::{Evaluation, HolidayCalendar, Hours, State};
use crate::needs::ResolvedNeed;
use crate::places::{distance_km, Origin};

/// How far ahead an opening or closing is still reported: the hours
/// evaluator's horizon, the one rule.
pub use crate::hours::HORIZON_DAYS;

/// A service "closes soon" when it closes within this many minutes.
pub const CLOSING_SOON_MINUTES: i64 = 30;

/// Who the person is, as far as eligibility goes. `None` or empty means
/// not asked.
#[derive(Debug, Clone, Default)]
pub struct Person {
    /// The ages the person may be, inclusive (an age is a range of one;
    /// `teen` is 12 to 17): a service whose stated range does not overlap
    /// it is left out.
    pub ages: Option<(u32, u32)>,
    /// `women`, `men` or `nonbinary`.
    pub gender: Option<String>,
    /// ISO 639-1 codes of the languages the person speaks.
    pub langs: Vec<String>,
    /// The payment values acceptable to the person.
    pub payment: Vec<String>,
    /// Attributes the service must state.
    pub require: Vec<String>,
}

impl Person {
    /// The person as a read request describes them, with its required
    /// attributes.
    pub fn of(request: &crate::request::Request) -> Person {
        Person {
            ages: request.person.ages(),
            gender: request.person.gender.clone(),
            langs: request.person.lang.clone(),
            payment: request.person.payment.clone(),
            require: request.require.clone(),
        }
    }
}

/// A search, with everything already resolved.
#[derive(Debug, Clone)]
pub struct Query {
    /// The resolved needs; empty means every service.
    pub needs: Vec<ResolvedNeed>,
    /// Substances that narrow every need (docs/REQUEST.md rule 5).
    pub substances: Vec<String>,
    /// Attributes that rank and never exclude.
    pub prefers: Vec<String>,
    /// Where distances are measured from.
    pub origin: Option<Origin>,
    /// The instant the search is for.
    pub at: DateTime<Utc>,
    /// Leave out services that are not open.
    pub open_only: bool,
    /// Leave out located services farther than this.
    pub radius_km: Option<f64>,
    /// Eligibility.
    pub person: Person,
}

/// The categories of needs, each once, in the order asked (a need matched
/// by a service's name brings none): what a gap record counts as unmet.
pub fn categories_of(needs: &[ResolvedNeed]) -> Vec<String> {
    each_once(needs.iter().flat_map(|n| &n.categories))
}

/// Category ids, each once, in the order first met: the one rule for the
/// categories of a list (the needs asked, the services on a slip).
pub fn each_once<'a>(ids: impl IntoIterator<Item = &'a String>) -> Vec<String> {
    let mut once: Vec<String> = Vec::new();
    for id in ids {
        if !once.contains(id) {
            once.push(id.clone());
        }
    }
    once
}

/// Whether a service is open, and what changes next.
#[derive(Debug, Clone, PartialEq)]
pub struct Status {
    /// Open, closed or unknown.
    pub state: State,
    /// When an open service closes (within the horizon).
    pub open_until: Option<DateTime<Tz>>,
    /// When a closed service opens (within the horizon), also when it
    /// opens with an open end (`17:00+`).
    pub opens_at: Option<DateTime<Tz>>,
    /// When the state is unknown because of an open end (`17:00+`: open,
    /// with no closing time stated), the instant it opened.
    pub open_since: Option<DateTime<Tz>>,
    /// The comment of the rule in force ("by appointment").
    pub note: Option<String>,
    /// The hours could not be read (shown as unknown).
    pub unreadable: bool,
    /// The service has no hours at all.
    pub missing: bool,
}

impl Status {
    /// The status of a service with no or unreadable hours.
    fn unknown(missing: bool) -> Self {
        Status {
            state: State::Unknown,
            open_until: None,
            opens_at: None,
            open_since: None,
            note: None,
            unreadable: !missing,
            missing,
        }
    }
}

/// Parsed hours by expression, with the directory's holiday calendar:
/// the cost of parsing is paid once per distinct expression.
pub struct HoursBook {
    calendar: HolidayCalendar,
    zone: Tz,
    parsed: HashMap<String, Option<Hours>>,
    /// Statuses already worked out, by expression, then zone and instant:
    /// a national directory has thousands of services with the same hours.
    statuses: HashMap<String, Vec<(Tz, DateTime<Utc>, Status)>>,
}

impl HoursBook {
    /// A book for one directory.
    pub fn new(directory: &Directory) -> Self {
        HoursBook {
            calendar: HolidayCalendar::new(
                directory.info.country.as_deref(),
                &directory.info.holidays,
            ),
            zone: directory.info.timezone,
            parsed: HashMap::new(),
            statuses: HashMap::new(),
        }
    }

    /// The holiday calendar in use.
    pub fn calendar(&self) -> &HolidayCalendar {
        &self.calendar
    }

    /// The parsed hours of a service, `None` when missing or unreadable.
    pub fn hours(&mut self, service: &Service) -> Option<Hours> {
        let expr = service.hours.as_ref()?;
        if let Some(parsed) = self.parsed.get(expr) {
            return parsed.clone();
        }
        self.parsed
            .entry(expr.clone())
            .or_insert_with(|| Hours::parse(expr).ok())
            .clone()
    }

    /// The status of a service at an instant.
    pub fn status(&mut self, service: &Service, at: DateTime<Utc>) -> Status {
        let Some(expr) = &service.hours else {
            return Status::unknown(true);
        };
        let zone = service.timezone.unwrap_or(self.zone);
        let known = self.statuses.get(expr.as_str()).and_then(|seen| {
            seen.iter()
                .find(|(z, t, _)| *z == zone && *t == at)
                .map(|(_, _, status)| status.clone())
        });
        if let Some(status) = known {
            return status;
        }
        let status = self.work_out(service, zone, at);
        self.statuses
            .entry(expr.clone())
            .or_default()
            .push((zone, at, status.clone()));
        status
    }

    fn work_out(&mut self, service: &Service, zone: Tz, at: DateTime<Utc>) -> Status {
        let hours = self.hours(service);
        status_of(hours.as_ref(), zone, &self.calendar, at)
    }

    /// Works out, on every core, the statuses at `at` of the expressions
    /// of these services not yet known: thousands of distinct expressions
    /// cost tens of milliseconds to parse and evaluate on one.
    fn prepare<'s>(&mut self, services: impl Iterator<Item = &'s Service>, at: DateTime<Utc>) {
        let mut todo: Vec<(&str, Tz)> = Vec::new();
        let mut seen = std::collections::HashSet::new();
        for service in services {
            let Some(expr) = service.hours.as_deref() else {
                continue;
            };
            let zone = service.timezone.unwrap_or(self.zone);
            let known = self
                .statuses
                .get(expr)
                .is_some_and(|s| s.iter().any(|(z, t, _)| *z == zone && *t == at));
            if !known && seen.insert((expr, zone)) {
                todo.push((expr, zone));
            }
        }
        if todo.len() < 64 {
            return;
        }
        let parsed = &self.parsed;
        let calendar = &self.calendar;
        let done = crate::directory::load::parallel_map(todo, 64, |(expr, zone)| {
            let hours = match parsed.get(expr) {
                Some(hours) => hours.clone(),
                None => Hours::parse(expr).ok(),
            };
            let status = status_of(hours.as_ref(), zone, calendar, at);
            (expr, zone, hours, status)
        });
        for (expr, zone, hours, status) in done {
            self.parsed.entry(expr.to_string()).or_insert(hours);
            self.statuses
                .entry(expr.to_string())
                .or_default()
                .push((zone, at, status));
        }
    }
}

/// The status at `at` of parsed hours (`None`: unreadable) in a zone.
fn status_of(
    hours: Option<&Hours>,
    zone: Tz,
    calendar: &HolidayCalendar,
    at: DateTime<Utc>,
) -> Status {
    match hours {
        Some(hours) => Status::of(hours.evaluate(zone, calendar, at)),
        None => Status::unknown(false),
    }
}

impl Status {
    /// The status an evaluation gives, for every place that says one
    /// (`find`, `show`, `hours`, the desk, slips): an open service's
    /// closing; a closed service's opening, also with an open end
    /// (`closed, opens 5:00 PM`); nothing for an unknown state, which says
    /// "call first" whatever comes next. The evaluator reports no change
    /// beyond [`HORIZON_DAYS`].
    pub fn of(evaluation: Evaluation) -> Status {
        let next = evaluation.next_change;
        let (open_until, opens_at) = match evaluation.state {
            State::Open => (next, None),
            State::Closed
                if evaluation.next_state == Some(State::Open) || evaluation.next_open_end =>
            {
                (None, next)
            }
            _ => (None, None),
        };
        Status {
            state: evaluation.state,
            open_until,
            opens_at,
            open_since: evaluation.open_end_since,
            note: evaluation.comment,
            unreadable: false,
            missing: false,
        }
    }
}

/// One service found, with why and how it matched.
#[derive(Debug, Clone)]
pub struct Hit<'a> {
    /// The service.
    pub service: &'a Service,
    /// The needs' categories it meets.
    pub matched: Vec<String>,
    /// How many needs it meets.
    pub needs_met: usize,
    /// Great-circle distance from the origin.
    pub distance_km: Option<f64>,
    /// Open, closed or unknown at the time asked.
    pub status: Status,
    /// Eligibility fields asked about that the service does not state.
    pub not_stated: Vec<&'static str>,
    /// How many asked substances and preferences the service states
    /// (implied substances count as stated): ranks among equals.
    pub extras: usize,
}

/// How many services met the needs but were left out by each filter, each
/// counted under the first filter (in this order) that left it out
/// (docs/REQUEST.md, "Filters and what was left out").
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct Excluded {
    /// Serves none of the substances asked about.
    pub substances: usize,
    /// States ages that do not include the person's.
    pub age: usize,
    /// States genders that do not include the person's.
    pub gender: usize,
    /// States languages the person does not speak, without an interpreter.
    pub lang: usize,
    /// States payment the person cannot use.
    pub payment: usize,
    /// Does not state a `--require`d attribute.
    pub require: usize,
    /// Farther than the radius.
    pub radius: usize,
    /// Not open at the time asked.
    pub open_only: usize,
}

impl Excluded {
    /// The total left out by filters.
    pub fn total(&self) -> usize {
        self.substances
            + self.age
            + self.gender
            + self.lang
            + self.payment
            + self.require
            + self.radius
            + self.open_only
    }
}

/// Why a service that meets the needs is not eligible.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Exclusion {
    Age,
    Gender,
    Lang,
    Payment,
    Require,
}

/// What a service does for the needs: the categories met and how many
/// needs. `None` when it meets none.
fn needs_met<'s>(
    service: &'s Service,
    needs: &[ResolvedNeed],
    serving: &[Vec<Vec<&str>>],
) -> Option<Met<'s>> {
    let mut met = Met {
        matched: Vec::new(),
        count: 0,
        through: Vec::new(),
    };
    if needs.is_empty() {
        return Some(met);
    }
    for (need, serving) in needs.iter().zip(serving) {
        let mut this = false;
        for (wanted, serving) in need.categories.iter().zip(serving) {
            for c in &service.categories {
                if serving.contains(&c.as_str()) {
                    this = true;
                    if !met.matched.contains(wanted) {
                        met.matched.push(wanted.clone());
                    }
                    if !met.through.contains(&c.as_str()) {
                        met.through.push(c);
                    }
                }
            }
        }
        if need.services.contains(&service.id) {
            this = true;
            for c in &service.categories {
                if !met.matched.contains(c) {
                    met.matched.push(c.clone());
                }
                if !met.through.contains(&c.as_str()) {
                    met.through.push(c);
                }
            }
        }
        if this {
            met.count += 1;
        }
    }
    (met.count > 0).then_some(met)
}

/// What a service does for the needs.
struct Met<'s> {
    /// The needs' categories it meets.
    matched: Vec<String>,
    /// How many needs it meets.
    count: usize,
    /// Its own categories through which it meets them.
    through: Vec<&'s str>,
}

/// The substances a service serves (docs/REQUEST.md rule 5): its own list
/// when it states one, else those its categories imply, through those it
/// matched by.
fn substances_of(service: &Service, through: &[&str], directory: &Directory) -> Vec<String> {
    if !service.substances.is_empty() {
        return service.substances.clone();
    }
    let mut out: Vec<String> = Vec::new();
    for category in through {
        for substance in directory.taxonomy.substances(category) {
            if !out.contains(&substance) {
                out.push(substance);
            }
        }
    }
    out
}

/// Whether the person is eligible, and which asked-about fields the
/// service does not state. An unstated field never excludes.
fn eligibility(service: &Service, person: &Person) -> Result<Vec<&'static str>, Exclusion> {
    let mut not_stated = Vec::new();
    if let Some((low, high)) = person.ages {
        let (low, high) = (i64::from(low), i64::from(high));
        if service.age_min.is_none() && service.age_max.is_none() {
            not_stated.push("age");
        }
        if service.age_min.is_some_and(|m| high < m) || service.age_max.is_some_and(|m| low > m) {
            return Err(Exclusion::Age);
        }
    }
    if let Some(gender) = &person.gender {
        if service.genders.is_empty() {
            not_stated.push("genders");
        } else if !service
            .genders
            .iter()
            .any(|g| g.eq_ignore_ascii_case(gender))
        {
            return Err(Exclusion::Gender);
        }
    }
    if !person.langs.is_empty() {
        let interpreter = service.has_attribute("interpreter-available");
        if service.languages.is_empty() {
            if !interpreter {
                not_stated.push("languages");
            }
        } else if !interpreter
            && !service
                .languages
                .iter()
                .any(|l| person.langs.iter().any(|p| l.eq_ignore_ascii_case(p)))
        {
            return Err(Exclusion::Lang);
        }
    }
    if !person.payment.is_empty() {
        if service.payment.is_empty() {
            not_stated.push("payment");
        } else if !service
            .payment
            .iter()
            .any(|p| p == "free" || person.payment.contains(p))
        {
            return Err(Exclusion::Payment);
        }
    }
    if !person.require.iter().all(|a| service.has_attribute(a)) {
        return Err(Exclusion::Require);
    }
    Ok(not_stated)
}

/// For each need and each of its categories, the categories that serve
/// it (itself and those below it): the taxonomy is asked once per search,
/// not once per service.
fn serving<'a>(directory: &'a Directory, needs: &'a [ResolvedNeed]) -> Vec<Vec<Vec<&'a str>>> {
    needs
        .iter()
        .map(|need| {
            need.categories
                .iter()
                .map(|wanted| {
                    let mut serving = vec![wanted.as_str()];
                    serving.extend(
                        directory
                            .taxonomy
                            .categories()
                            .iter()
                            .filter(|c| c.id != *wanted && directory.taxonomy.serves(&c.id, wanted))
                            .map(|c| c.id.as_str()),
                    );
                    serving
                })
                .collect()
        })
        .collect()
}

/// Every service that meets the query, in the order of docs/CLI.md.
pub fn search<'a>(directory: &'a Directory, query: &Query, book: &mut HoursBook) -> Vec<Hit<'a>> {
    let (mut hits, _, _) = gather(directory, query, book);
    hits.sort_by(compare);
    hits
}

/// What a search found: the first hits in order, how many there were in
/// all, and whether any was open.
#[derive(Debug, Clone)]
pub struct Found<'a> {
    /// The first hits, in the order of docs/CLI.md.
    pub hits: Vec<Hit<'a>>,
    /// How many services met the query in all, before the limit.
    pub total: usize,
    /// Whether any of them, shown or not, is open.
    pub any_open: bool,
    /// How many services met the needs but were left out by each filter.
    pub excluded: Excluded,
    /// The first service `--open-only` left out to open, within 8 days.
    pub next_opening: Option<Opening<'a>>,
}

/// The first `limit` hits of [`search`], in its order, with the total and
/// whether any hit at all is open. The rest are not sorted: one need can
/// have 15,000 candidates in a national directory, and the desk shows ten.
pub fn search_top<'a>(
    directory: &'a Directory,
    query: &Query,
    book: &mut HoursBook,
    limit: usize,
) -> Found<'a> {
    let (mut hits, excluded, next_opening) = gather(directory, query, book);
    let any_open = hits.iter().any(|h| h.status.state == State::Open);
    let total = hits.len();
    if limit == 0 {
        hits.clear();
    } else if hits.len() > limit {
        hits.select_nth_unstable_by(limit - 1, compare);
        hits.truncate(limit);
    }
    hits.sort_by(compare);
    Found {
        hits,
        total,
        any_open,
        excluded,
        next_opening,
    }
}

/// A service that meets every part of a query but its time: the needs,
/// eligibility and radius. Its hours are not looked at.
#[derive(Debug, Clone)]
pub struct Candidate<'a> {
    /// The service.
    pub service: &'a Service,
    /// The needs' categories it meets.
    pub matched: Vec<String>,
    /// How many needs it meets.
    pub needs_met: usize,
    /// Eligibility fields asked about that the service does not state.
    pub not_stated: Vec<&'static str>,
    /// Great-circle distance from the origin.
    pub distance_km: Option<f64>,
    /// How many asked substances and preferences it states.
    pub extras: usize,
}

/// Every active service that meets the query but for its time (needs,
/// substances, eligibility, radius), in directory order, and how many each
/// filter left out. [`search`] adds the hours; coverage over a week asks
/// the hours of each itself.
pub fn candidates<'a>(directory: &'a Directory, query: &Query) -> (Vec<Candidate<'a>>, Excluded) {
    let serving = serving(directory, &query.needs);
    let mut candidates = Vec::new();
    let mut excluded = Excluded::default();
    for service in &directory.services {
        if !service.active {
            continue;
        }
        let Some(met) = needs_met(service, &query.needs, &serving) else {
            continue;
        };
        let mut not_stated = Vec::new();
        let mut extras = 0;
        if !query.substances.is_empty() {
            let serves = substances_of(service, &met.through, directory);
            if serves.is_empty() {
                not_stated.push("substances");
            } else {
                extras = query
                    .substances
                    .iter()
                    .filter(|s| serves.contains(s))
                    .count();
                if extras == 0 {
                    excluded.substances += 1;
                    continue;
                }
            }
        }
        match eligibility(service, &query.person) {
            Ok(more) => not_stated.extend(more),
            Err(why) => {
                *match why {
                    Exclusion::Age => &mut excluded.age,
                    Exclusion::Gender => &mut excluded.gender,
                    Exclusion::Lang => &mut excluded.lang,
                    Exclusion::Payment => &mut excluded.payment,
                    Exclusion::Require => &mut excluded.require,
                } += 1;
                continue;
            }
        }
        let distance_km = distance_km(query.origin.as_ref(), service.location);
        if let (Some(radius), Some(distance)) = (query.radius_km, distance_km) {
            if distance > radius {
                excluded.radius += 1;
                continue;
            }
        }
        extras += query
            .prefers
            .iter()
            .filter(|a| service.has_attribute(a))
            .count();
        candidates.push(Candidate {
            service,
            matched: met.matched,
            needs_met: met.count,
            not_stated,
            distance_km,
            extras,
        });
    }
    (candidates, excluded)
}

/// Every service that meets the query, in no order, how many each filter
/// left out, and the first of those `--open-only` left out to open.
fn gather<'a>(
    directory: &'a Directory,
    query: &Query,
    book: &mut HoursBook,
) -> (Vec<Hit<'a>>, Excluded, Option<Opening<'a>>) {
    // First every filter but the hours; then the hours of the services
    // left, each distinct expression once, on every core.
    let (candidates, mut excluded) = candidates(directory, query);
    book.prepare(candidates.iter().map(|c| c.service), query.at);
    let mut hits = Vec::with_capacity(candidates.len());
    let mut next: Option<Opening<'a>> = None;
    for candidate in candidates {
        let status = book.status(candidate.service, query.at);
        if query.open_only && status.state != State::Open {
            excluded.open_only += 1;
            if let Some(at) = status.opens_at {
                if next.as_ref().is_none_or(|n| at < n.at) {
                    next = Some(Opening {
                        service: candidate.service,
                        at,
                    });
                }
            }
            continue;
        }
        hits.push(Hit {
            service: candidate.service,
            matched: candidate.matched,
            needs_met: candidate.needs_met,
            distance_km: candidate.distance_km,
            status,
            not_stated: candidate.not_stated,
            extras: candidate.extras,
        });
    }
    (hits, excluded, next)
}

/// A service left out because it was closed, and when it opens.
#[derive(Debug, Clone)]
pub struct Opening<'a> {
    /// The service.
    pub service: &'a Service,
    /// When it opens, in its zone.
    pub at: DateTime<Tz>,
}

/// The tier of a status: open, closed and opening soon, closed for long,
/// unknown.
fn tier(status: &Status) -> u8 {
    match status.state {
        State::Open => 0,
        State::Closed if status.opens_at.is_some() => 1,
        State::Closed => 2,
        State::Unknown => 3,
    }
}

fn compare(a: &Hit<'_>, b: &Hit<'_>) -> Ordering {
    tier(&a.status)
        .cmp(&tier(&b.status))
        .then_with(|| a.status.opens_at.cmp(&b.status.opens_at))
        .then_with(|| b.needs_met.cmp(&a.needs_met))
        .then_with(|| b.extras.cmp(&a.extras))
        .then_with(|| match (a.distance_km, b.distance_km) {
            (Some(x), Some(y)) => x.total_cmp(&y),
            (Some(_), None) => Ordering::Less,
            (None, Some(_)) => Ordering::Greater,
            (None, None) => Ordering::Equal,
        })
        .then_with(|| compare_names(&a.service.name, &b.service.name))
        .then_with(|| a.service.id.cmp(&b.service.id))
}

/// Names compared as their lower-case forms, without building them when
/// both are ASCII (as nearly all are).
fn compare_names(a: &str, b: &str) -> Ordering {
    if a.is_ascii() && b.is_ascii() {
        let (x, y) = (a.bytes(), b.bytes());
        return x
            .map(|c| c.to_ascii_lowercase())
            .cmp(y.map(|c| c.to_ascii_lowercase()));
    }
    a.to_lowercase().cmp(&b.to_lowercase())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::directory::{load, DirSource, Limits};
    use crate::needs::ServiceName;
    use crate::request::needs_of as resolve_needs;

    #[test]
    fn the_top_hits_are_the_first_of_the_whole_search() {
        let (directory, _) = load(&DirSource::Demo, Limits::default())
            .unwrap()
            .into_directory()
            .unwrap();
        let names = ServiceName::all(&directory.services);
        for (words, at) in [
            (vec![], "2026-11-28T02:00:00-06:00"),
            (vec!["detox".to_string()], "2026-11-30T09:30:00-06:00"),
            (vec!["treatment".to_string()], "2026-11-26T23:00:00-06:00"),
        ] {
            let query = Query {
                needs: resolve_needs(&words, &directory.taxonomy, &names).unwrap(),
                substances: Vec::new(),
                prefers: Vec::new(),
                origin: Some(Origin {
                    name: None,
                    lat: 41.88,
                    lon: -87.63,
                }),
                at: chrono::DateTime::parse_from_rfc3339(at)
                    .unwrap()
                    .with_timezone(&chrono::Utc),
                open_only: false,
                radius_km: None,
                person: Person::default(),
            };
            let ids = |hits: &[Hit<'_>]| {
                hits.iter()
                    .map(|h| h.service.id.clone())
                    .collect::<Vec<_>>()
            };
            let all = search(&directory, &query, &mut HoursBook::new(&directory));
            let any_open = all.iter().any(|h| h.status.state == State::Open);
            assert!(all.len() > 3, "{words:?}");
            for limit in [0, 1, 3, all.len() - 1, all.len(), all.len() + 5] {
                let found = search_top(&directory, &query, &mut HoursBook::new(&directory), limit);
                let expected = &all[..limit.min(all.len())];
                assert_eq!(ids(&found.hits), ids(expected), "{words:?} limit {limit}");
                assert_eq!(found.any_open, any_open);
                assert_eq!(found.total, all.len());
            }
        }
    }
}
