//! The desk's view of a directory at one instant: the officer's answers
//! read as `deflect find` reads its words (typos included) and `--near`
//! its places, the search of `find` they make, and which of the few
//! questions change its result. The lines the desk shows are
//! [`super::wording`]'.
//!
//! Nothing here touches a terminal: it is the logic the flow and its tests
//! share.

use chrono::{DateTime, Utc};

use crate::directory::{Directory, Meaning, Service, PAYMENTS};
use crate::hours::State;
use crate::matching::{search, Hit, HoursBook, Person, Query};
use crate::needs::{suggest, How, ResolvedNeed, ServiceName, ServiceNames};
use crate::places::{Gazetteer, Origin};
use crate::request::{Knowledge, Request, RequestError};
use crate::sanitize::one_line;

use super::answers::{
    is_anything, AgeGroup, Answers, Filter, PlaceKind, Where, RADII, RELATED, SUGGESTIONS,
};

/// The desk's view of a directory at one instant, from a home place.
pub struct DeskView<'d> {
    /// The directory.
    pub directory: &'d Directory,
    /// The time searched for.
    pub at: DateTime<Utc>,
    /// Where searches start unless the officer says otherwise.
    pub home: Option<Where>,
    gazetteer: Gazetteer,
    names: Vec<ServiceName<'d>>,
}

impl<'d> DeskView<'d> {
    /// The desk for a directory, at an instant, from a default place.
    pub fn new(directory: &'d Directory, at: DateTime<Utc>, home: Option<Where>) -> Self {
        DeskView {
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
    /// As [`DeskView::read`].
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

    pub(super) fn at_of_request(&self, request: &Request) -> DateTime<Utc> {
        request.time.as_ref().map_or(self.at, |t| t.at)
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
        Ok(Some(self.where_of(origin)))
    }

    /// An origin as the desk shows it, with the kind of the gazetteer's
    /// place it names ([`PlaceKind::of`]).
    pub fn where_of(&self, origin: Origin) -> Where {
        let kind = PlaceKind::of(&origin, &self.directory.places);
        Where::new(origin, kind)
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
    /// (the flow shows the first [`RESULTS`](crate::desk::answers::RESULTS)).
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
        let needed = answers.categories();
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

    /// Whether any result is open.
    pub fn any_open(hits: &[Hit<'_>]) -> bool {
        hits.iter().any(|h| h.status.state == State::Open)
    }
}
