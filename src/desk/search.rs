//! The desk's answers turned into the search of `deflect find`: needs
//! resolved as `find` resolves them (typos included), places as `--near`
//! resolves them, the few questions that change the result, and the
//! results as short lines that fit an 80-column terminal.
//!
//! Nothing here touches a terminal: it is the logic the flow and its tests
//! share.

use chrono::{DateTime, Utc};

use crate::directory::{Directory, Meaning, Service, PAYMENTS};
use crate::hours::State;
use crate::matching::{search, Hit, HoursBook, Person, Query};
use crate::needs::{suggest, How, ResolvedNeed, ServiceName, ServiceNames};
use crate::places::{Gazetteer, Origin, Units};
use crate::render::{capacity_words, distance_words, status_words};
use crate::request::{Knowledge, Request, RequestError};
use crate::sanitize::one_line;
use crate::slip::wrap::width;

/// How many results the desk lists: one digit each.
pub const RESULTS: usize = 9;

/// How many related services the desk offers when nothing that meets the
/// needs is open ([`Desk::related`]).
pub const RELATED: usize = 3;

/// How many suggestions are shown under a typed answer.
pub const SUGGESTIONS: usize = 6;

/// The radius of the first search, then of each widening, in the
/// directory's units; after the last, any distance.
pub const RADII: [f64; 2] = [10.0, 25.0];

/// The words that mean "no particular need": every service.
pub fn is_anything(text: &str) -> bool {
    let t = text.trim().to_lowercase();
    t.is_empty() || matches!(t.as_str(), "anything" | "any" | "everything" | "all")
}

/// What kind of place a search is made from: it decides what a gap
/// record may say about where.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PlaceKind {
    /// A police station (the config's, or a place of kind `station`).
    Station,
    /// A postcode.
    Postcode,
    /// Any other place, or typed coordinates.
    Other,
}

/// Where a search is made from.
#[derive(Debug, Clone, PartialEq)]
pub struct Where {
    /// The origin, as `--near` gives it.
    pub origin: Origin,
    /// What to show for it: the place's name, or the coordinates.
    pub label: String,
    /// Its kind.
    pub kind: PlaceKind,
}

/// The age groups the desk asks about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AgeGroup {
    /// 0 to 17.
    Under18,
    /// 18 and over.
    Adult,
}

impl AgeGroup {
    /// The years the group spans: "under 18" is the range a request's
    /// `teen` or `minor` means (docs/REQUEST.md rule 6).
    pub fn span(self) -> (u32, u32) {
        match self {
            AgeGroup::Under18 => (12, 17),
            AgeGroup::Adult => (18, 130),
        }
    }
}

/// Everything the officer has answered.
#[derive(Debug, Clone, Default)]
pub struct Answers {
    /// The needs as typed.
    pub needs_text: String,
    /// The needs, resolved; empty means every service.
    pub needs: Vec<ResolvedNeed>,
    /// The whole request as the first answer gave it: substances, the
    /// person, preferences, time and place (docs/REQUEST.md).
    pub request: Request,
    /// Where from; `None` when there is no place at all.
    pub place: Option<Where>,
    /// The age group, when asked and answered.
    pub age: Option<AgeGroup>,
    /// Walk-in services only.
    pub walk_in: bool,
    /// An ISO 639-1 code the person speaks.
    pub lang: Option<String>,
    /// How the person pays (a value of [`PAYMENTS`]).
    pub payment: Option<String>,
    /// Closed services too.
    pub any_time: bool,
    /// How many times the radius was widened (0 is the first radius;
    /// [`RADII`]`.len()` is any distance).
    pub widened: usize,
}

impl Answers {
    /// The radius in km, or `None` for any distance (or no place).
    pub fn radius_km(&self, units: Units) -> Option<f64> {
        self.place.as_ref()?;
        RADII.get(self.widened).map(|r| match units {
            Units::Km => *r,
            Units::Mi => r * 1.609_344,
        })
    }

    /// The radius as the directory shows it, `10 km`.
    pub fn radius_words(&self, units: Units) -> Option<String> {
        self.place.as_ref()?;
        RADII
            .get(self.widened)
            .map(|r| format!("{r} {}", units.as_str()))
    }
}

/// A question asked only where its answer changes the result.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Filter {
    /// Under 18 or not.
    Age,
    /// Walk-in only.
    WalkIn,
    /// A language.
    Lang,
    /// How they pay.
    Payment,
}

/// The desk's view of a directory at one instant.
pub struct Desk<'d> {
    /// The directory.
    pub directory: &'d Directory,
    /// The time searched for.
    pub at: DateTime<Utc>,
    /// Where searches start unless the officer says otherwise.
    pub home: Option<Where>,
    gazetteer: Gazetteer,
    names: Vec<ServiceName<'d>>,
}

impl<'d> Desk<'d> {
    /// The desk for a directory, at an instant, from a default place.
    pub fn new(directory: &'d Directory, at: DateTime<Utc>, home: Option<Where>) -> Self {
        Desk {
            directory,
            at,
            home,
            gazetteer: Gazetteer::new(&directory.places),
            names: ServiceName::all(&directory.services),
        }
    }

    /// The request typed at the first question, read as `deflect find`
    /// reads its words (docs/REQUEST.md). "anything" or nothing is every
    /// service.
    ///
    /// # Errors
    /// As [`crate::request::read`]: unknown words, a word with two
    /// readings (the flow asks which), a time that does not exist.
    pub fn read(&self, text: &str) -> Result<Request, RequestError> {
        if is_anything(text) {
            return Ok(Request::default());
        }
        let words: Vec<String> = text
            .split(',')
            .map(str::trim)
            .filter(|p| !p.is_empty())
            .map(str::to_string)
            .collect();
        crate::request::read(
            &words,
            &Knowledge {
                taxonomy: &self.directory.taxonomy,
                words: &self.directory.words,
                places: &self.directory.places,
                services: ServiceNames::Ready(&self.names),
                zone: self.directory.info.timezone,
                now: self.at,
            },
        )
    }

    /// The needs of a request typed at the first question.
    ///
    /// # Errors
    /// As [`Desk::read`].
    pub fn needs(&self, text: &str) -> Result<Vec<ResolvedNeed>, RequestError> {
        self.read(text).map(|request| request.needs)
    }

    /// Suggestions for the need being typed (after the last comma): the
    /// term `find` would take it for, then the taxonomy words closest to
    /// it. Each is the whole answer, earlier needs kept.
    pub fn need_suggestions(&self, text: &str) -> Vec<String> {
        let (head, fragment) = match text.rfind(',') {
            Some(at) => (format!("{}, ", one_line(&text[..at])), &text[at + 1..]),
            None => (String::new(), text),
        };
        let fragment = fragment.trim();
        if fragment.is_empty() {
            return Vec::new();
        }
        let mut words: Vec<String> = Vec::new();
        if let Ok(request) = self.read(fragment) {
            for need in request.needs {
                if let How::Fuzzy { term } = need.how {
                    words.push(term);
                }
            }
        }
        words.extend(suggest(fragment, &self.directory.taxonomy, SUGGESTIONS));
        let mut out: Vec<String> = Vec::new();
        for word in words {
            let line = format!("{head}{}", one_line(&word));
            if !out.iter().any(|o| o.eq_ignore_ascii_case(&line)) {
                out.push(line);
            }
        }
        out.truncate(SUGGESTIONS);
        out
    }

    /// The `Looking for:` line of a request (docs/REQUEST.md rule 11), as
    /// `find` shows it, with what was typed for a need read as a typo.
    pub fn looking_for(&self, request: &Request) -> String {
        let mut parts = request.parts(&self.directory.taxonomy);
        if !request.needs.is_empty() {
            parts.splice(0..request.needs.len(), [self.needs_words(&request.needs)]);
        } else if parts.is_empty() {
            parts.push(self.needs_words(&[]));
        }
        if request.time.is_some() {
            let info = &self.directory.info;
            let at = crate::render::local(info, self.at_of_request(request));
            parts.push(format!(
                "{}, {}",
                at.format("%a %-d %b"),
                crate::render::time_of_day(&at, info.clock)
            ));
        }
        format!("Looking for: {}", parts.join(" \u{b7} "))
    }

    fn at_of_request(&self, request: &Request) -> DateTime<Utc> {
        request.time.as_ref().map_or(self.at, |t| t.at)
    }

    /// What the needs were taken for, in words: `Withdrawal management
    /// (detox)`, `Naloxone (you typed "nalxone")`.
    pub fn needs_words(&self, needs: &[ResolvedNeed]) -> String {
        self.needs_in_words(needs, true)
    }

    /// The needs in words, with what was typed for a typo or not.
    fn needs_in_words(&self, needs: &[ResolvedNeed], typed: bool) -> String {
        if needs.is_empty() {
            return "any service".to_string();
        }
        needs
            .iter()
            .map(|need| {
                let what = if need.categories.is_empty() {
                    format!("services named like \"{}\"", one_line(&need.query))
                } else {
                    need.categories
                        .iter()
                        .map(|id| {
                            self.directory
                                .taxonomy
                                .get(id)
                                .map_or_else(|| one_line(id), |c| one_line(&c.name))
                        })
                        .collect::<Vec<_>>()
                        .join(" or ")
                };
                match &need.how {
                    How::Fuzzy { .. } if typed => {
                        format!("{what} (you typed \"{}\")", one_line(&need.query))
                    }
                    _ => what,
                }
            })
            .collect::<Vec<_>>()
            .join("; ")
    }

    /// The place typed, as `--near` resolves it; the home place for an
    /// empty answer or its own name.
    ///
    /// # Errors
    /// The message of an unknown place, with suggestions.
    pub fn place(&self, text: &str) -> Result<Option<Where>, String> {
        let text = text.trim();
        if let Some(home) = &self.home {
            if text.is_empty() || text.eq_ignore_ascii_case(&home.label) {
                return Ok(Some(home.clone()));
            }
        } else if text.is_empty() {
            return Ok(None);
        }
        let origin = self
            .gazetteer
            .resolve(&self.directory.places, text)
            .map_err(|e| e.to_string())?;
        Ok(Some(self.where_of(origin, false)))
    }

    /// An origin as the desk shows it: its place's name (or the
    /// coordinates) and kind. `station` says it is the station's own
    /// coordinates from the config.
    pub fn where_of(&self, origin: Origin, station: bool) -> Where {
        let place = origin
            .name
            .as_ref()
            .and_then(|name| self.directory.places.iter().find(|p| &p.name == name));
        let kind = match place.and_then(|p| p.kind.as_deref()) {
            _ if station => PlaceKind::Station,
            Some(k) if k.eq_ignore_ascii_case("station") => PlaceKind::Station,
            Some(k)
                if matches!(
                    k.to_lowercase().replace(['-', '_', ' '], "").as_str(),
                    "postcode" | "postalcode" | "zip" | "zipcode"
                ) =>
            {
                PlaceKind::Postcode
            }
            _ => PlaceKind::Other,
        };
        let label = origin
            .name
            .clone()
            .unwrap_or_else(|| format!("{:.5},{:.5}", origin.lat, origin.lon));
        Where {
            origin,
            label: one_line(&label),
            kind,
        }
    }

    /// Places whose name or alias matches what is typed, best first.
    pub fn place_suggestions(&self, text: &str) -> Vec<String> {
        if text.trim().is_empty() {
            return Vec::new();
        }
        let places = &self.directory.places;
        self.gazetteer
            .search(places, text)
            .into_iter()
            .filter_map(|i| places.get(i))
            .map(|p| one_line(&p.name))
            .take(SUGGESTIONS)
            .collect()
    }

    /// The time searched for: the request's, else the desk's.
    pub fn at_of(&self, answers: &Answers) -> DateTime<Utc> {
        self.at_of_request(&answers.request)
    }

    /// The search of `find` for these answers: the request's parts, and
    /// the questions' answers.
    pub fn query(&self, answers: &Answers) -> Query {
        let request = &answers.request;
        let mut langs = request.person.lang.clone();
        langs.extend(answers.lang.iter().cloned());
        let mut payment = request.person.payment.clone();
        match answers.payment.as_deref() {
            // "No insurance, cannot pay" means what the request's words
            // `no insurance` mean (data/words.toml).
            Some("free") => match crate::request::built_in_meaning("no insurance") {
                Some(Meaning::Payment(values)) => payment.extend(values),
                _ => payment.push("free".to_string()),
            },
            Some(other) => payment.push(other.to_string()),
            None => {}
        }
        Query {
            needs: answers.needs.clone(),
            substances: request.substances.clone(),
            prefers: request.prefers.clone(),
            origin: answers.place.as_ref().map(|w| w.origin.clone()),
            at: self.at_of(answers),
            open_only: !answers.any_time,
            radius_km: answers.radius_km(self.directory.info.units),
            person: Person {
                ages: request.person.ages().or(answers.age.map(AgeGroup::span)),
                gender: request.person.gender.clone(),
                langs,
                payment,
                require: if answers.walk_in {
                    vec!["walk-in".to_string()]
                } else {
                    Vec::new()
                },
            },
        }
    }

    /// The results for the answers, in the order of `find`, all of them
    /// (the flow shows the first [`RESULTS`]).
    pub fn results(&self, answers: &Answers) -> Vec<Hit<'d>> {
        let query = self.query(answers);
        let mut book = HoursBook::new(self.directory);
        search(self.directory, &query, &mut book)
    }

    /// The services that meet the needs at any time and distance, for
    /// deciding which questions matter.
    fn candidates(&self, answers: &Answers) -> Vec<Hit<'d>> {
        let base = Answers {
            needs: answers.needs.clone(),
            request: answers.request.clone(),
            place: answers.place.clone(),
            any_time: true,
            widened: RADII.len(),
            ..Answers::default()
        };
        self.results(&base)
    }

    /// The questions whose answers change the result for these needs, in
    /// the order they are asked.
    pub fn filters(&self, answers: &Answers) -> Vec<Filter> {
        let candidates = self.candidates(answers);
        let services: Vec<&Service> = candidates.iter().map(|h| h.service).collect();
        let mut filters = Vec::new();
        if services
            .iter()
            .any(|s| s.age_min.is_some() || s.age_max.is_some())
        {
            filters.push(Filter::Age);
        }
        let walk_in = services
            .iter()
            .filter(|s| s.has_attribute("walk-in"))
            .count();
        if walk_in > 0 && walk_in < services.len() {
            filters.push(Filter::WalkIn);
        }
        if services
            .iter()
            .any(|s| !s.languages.is_empty() && !s.has_attribute("interpreter-available"))
        {
            filters.push(Filter::Lang);
        }
        if services
            .iter()
            .any(|s| !s.payment.is_empty() && !s.payment.iter().any(|p| p == "free"))
        {
            filters.push(Filter::Payment);
        }
        filters
    }

    /// The languages the candidate services state, sorted.
    pub fn languages(&self, answers: &Answers) -> Vec<String> {
        let mut codes: Vec<String> = self
            .candidates(answers)
            .iter()
            .flat_map(|h| h.service.languages.iter().map(|l| l.to_lowercase()))
            .collect();
        codes.sort();
        codes.dedup();
        codes
    }

    /// The ways of paying the candidate services state, in the order of
    /// [`PAYMENTS`], without `free` (offered as "no insurance").
    pub fn payments(&self, answers: &Answers) -> Vec<&'static str> {
        let candidates = self.candidates(answers);
        PAYMENTS
            .iter()
            .copied()
            .filter(|p| *p != "free")
            .filter(|p| {
                candidates
                    .iter()
                    .any(|h| h.service.payment.iter().any(|q| q == p))
            })
            .collect()
    }

    /// The heading over the results, two lines: when and where, then
    /// what and how many.
    pub fn heading(&self, answers: &Answers, shown: usize, found: usize) -> Vec<String> {
        let info = &self.directory.info;
        let at = crate::render::local(info, self.at_of(answers));
        let when = format!(
            "{} {}",
            at.format("%a %-d %b"),
            crate::render::time_of_day(&at, info.clock)
        );
        let state = if answers.any_time {
            "Open or closed"
        } else {
            "Open now"
        };
        let place = match (&answers.place, answers.radius_words(info.units)) {
            (Some(w), Some(r)) => format!(", within {r} of {}", w.label),
            (Some(w), None) => format!(", any distance from {}", w.label),
            (None, _) => String::new(),
        };
        let count = match found {
            0 => "none found".to_string(),
            n if n > shown => format!("{n} found, the first {shown} shown"),
            n => format!("{n} found"),
        };
        vec![
            format!("{state} at {when}{place}:"),
            format!(
                "{}: {count}",
                capitalised(&self.needs_in_words(&answers.needs, false))
            ),
        ]
    }

    /// One result in two or three lines of at most `columns` columns:
    /// number, name and status; distance, phone and address; an alert or
    /// what is not stated.
    /// `at` is the time searched for ([`Desk::at_of`]).
    pub fn result_lines(
        &self,
        n: usize,
        hit: &Hit<'_>,
        columns: usize,
        at: DateTime<Utc>,
    ) -> Vec<String> {
        let info = &self.directory.info;
        let at = crate::render::local(info, at);
        let s = hit.service;
        let status = status_words(&hit.status, &at, info.clock, false);
        let mut lines = vec![fit(
            &format!("{n}. {} — {status}", one_line(&s.name)),
            columns,
        )];
        let mut second = vec![
            distance_words(hit.distance_km, info.units),
            one_line(&s.phone),
        ];
        if hit.distance_km.is_none() {
            second[0] = "phone or mobile".to_string();
        }
        if let Some(address) = &s.address {
            second.push(one_line(address));
        }
        lines.push(fit(&format!("   {}", second.join(" · ")), columns));
        if let Some(capacity) = &s.capacity {
            let beds = capacity_words(capacity, &at, "beds");
            lines.push(fit(&format!("   {beds}"), columns));
        }
        if let Some(alert) = &s.alert {
            if s.alert_until.is_none_or(|until| until >= at.date_naive()) {
                lines.push(fit(&format!("   ! {}", one_line(alert)), columns));
            }
        }
        if !hit.not_stated.is_empty() {
            lines.push(fit(
                &format!(
                    "   not stated: {} (call to check)",
                    hit.not_stated.join(", ")
                ),
                columns,
            ));
        }
        lines
    }

    /// What to offer when nothing that meets the needs is open: the
    /// services open now in the same group of the taxonomy as a need's
    /// category ([`crate::taxonomy::Taxonomy::group_of`]: harm reduction
    /// for syringe services, so the 24-hour naloxone machine), searched
    /// with the same place, distance and answers, in `find`'s order, at
    /// most [`RELATED`] a group. Each group's name with its services; none
    /// for a need that is a group itself, a need matched by a service's
    /// name, or "anything".
    pub fn related(&self, answers: &Answers) -> Vec<(String, Vec<Hit<'d>>)> {
        let taxonomy = &self.directory.taxonomy;
        let needed = Desk::need_categories(answers);
        let mut groups: Vec<String> = Vec::new();
        for id in &needed {
            let group = taxonomy.group_of(id);
            if !needed.contains(&group) && !groups.contains(&group) {
                groups.push(group);
            }
        }
        groups
            .into_iter()
            .filter_map(|group| {
                let name = taxonomy
                    .get(&group)
                    .map_or_else(|| one_line(&group), |c| one_line(&c.name));
                let wider = Answers {
                    needs: vec![ResolvedNeed {
                        query: name.clone(),
                        categories: vec![group],
                        services: Vec::new(),
                        how: How::Exact,
                    }],
                    any_time: false,
                    ..answers.clone()
                };
                let mut hits = self.results(&wider);
                hits.retain(|h| h.status.state == State::Open);
                hits.truncate(RELATED);
                (!hits.is_empty()).then_some((name, hits))
            })
            .collect()
    }

    /// [`Desk::related`] as lines of at most `columns` columns: a heading
    /// for each group, then each service's name and status, distance,
    /// phone and address.
    pub fn related_lines(&self, answers: &Answers, columns: usize) -> Vec<String> {
        let info = &self.directory.info;
        let at = crate::render::local(info, self.at_of(answers));
        let mut lines = Vec::new();
        for (group, hits) in self.related(answers) {
            lines.push(fit(&format!("Open now, also in {group}:"), columns));
            for hit in hits {
                let s = hit.service;
                let status = status_words(&hit.status, &at, info.clock, false);
                lines.push(fit(
                    &format!("  - {} — {status}", one_line(&s.name)),
                    columns,
                ));
                let mut second = vec![
                    distance_words(hit.distance_km, info.units),
                    one_line(&s.phone),
                ];
                second.extend(s.address.as_deref().map(one_line));
                lines.push(fit(&format!("    {}", second.join(" · ")), columns));
            }
        }
        lines
    }

    /// The crisis lines, one a line.
    pub fn crisis_lines(&self) -> Vec<String> {
        self.directory
            .info
            .crisis_lines
            .iter()
            .map(|l| format!("  {}: {}", one_line(&l.name), one_line(&l.phone)))
            .collect()
    }

    /// The category ids of the needs (a need matched by name brings none).
    pub fn need_categories(answers: &Answers) -> Vec<String> {
        let mut ids: Vec<String> = Vec::new();
        for need in &answers.needs {
            for id in &need.categories {
                if !ids.contains(id) {
                    ids.push(id.clone());
                }
            }
        }
        ids
    }

    /// Whether any result is open.
    pub fn any_open(hits: &[Hit<'_>]) -> bool {
        hits.iter().any(|h| h.status.state == State::Open)
    }
}

/// A string with its first letter in upper case.
fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// A line cut to `columns` display columns, with `…` where it was cut.
pub fn fit(line: &str, columns: usize) -> String {
    if width(line) <= columns {
        return line.to_string();
    }
    let mut out = String::new();
    for c in line.chars() {
        let mut next = out.clone();
        next.push(c);
        if width(&next) + 1 > columns {
            break;
        }
        out = next;
    }
    out.push('…');
    out
}

/// A language's name and code, for choices: `Arabic (ar)`; the code for
/// a language deflect has no name for.
pub fn language_name(code: &str) -> String {
    let name = crate::request::language_name(code);
    if name == code {
        code.to_string()
    } else {
        format!("{name} ({code})")
    }
}

/// A payment value in words.
pub fn payment_words(payment: &str) -> String {
    match payment {
        "sliding-scale" => "Sliding scale".to_string(),
        "medicaid" => "Medicaid".to_string(),
        "medicare" => "Medicare".to_string(),
        "private-insurance" => "Private insurance".to_string(),
        "self-pay" => "Pays themselves (self-pay)".to_string(),
        "military" => "Military (TRICARE, VA)".to_string(),
        "ihs-tribal" => "IHS or tribal".to_string(),
        "state-funded" => "State-funded".to_string(),
        other => capitalised(other),
    }
}
