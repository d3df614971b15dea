//! The scan of a request, left to right, longest phrase first
//! (docs/REQUEST.md rules 1 to 10).

use crate::directory::Meaning;
use crate::needs::{How, ResolvedNeed, TermIndex};
use crate::places::{postcode_place, resolve_exactly, Gazetteer};
use crate::text::{normalise, normalise_word, word_ranges};
use crate::when::phrase::{self, PhraseWord};

use super::join::{admits_age, push_new, set_once};
use super::vocabulary::{List, Vocabulary};
use super::{Ambiguous, Knowledge, Placed, Request, RequestError, Timed};

/// Words that put a place (or else a time) after them (rule 9).
const MARKERS: &[&str] = &["near", "at", "in", "around"];

/// The most typed words one phrase may join; bounds work on absurd input.
const MAX_SPAN: usize = 12;

/// The most words a place name after a marker may have.
const MAX_PLACE_WORDS: usize = 8;

/// A service's name is matched only by words this long at least
/// (normalised), so that `st` does not list half the directory.
const MIN_SERVICE_QUERY: usize = 3;

/// Suggestions for unknown words score at least this
/// ([`crate::text::suggestion_score`]): better none than a weak one.
const CLOSE_ENOUGH: f64 = 0.7;

/// A typed word: which argument it came from, where, and its normal form.
#[derive(Debug, Clone)]
struct Piece {
    arg: usize,
    start: usize,
    end: usize,
    word: String,
}

/// What a span of words was read as.
enum Found {
    Place(Placed),
    Time(phrase::Phrase),
    Need(ResolvedNeed),
    Meanings(Vec<Meaning>),
    Age(u32),
}

/// Reads the words typed after a command (or at the desk's first
/// question) into a [`Request`].
///
/// # Errors
/// Words understood by nothing, filler alone, a word with two readings, a
/// clock time that does not exist or a time the clocks skip, two ages or
/// genders that disagree, or a substance that contradicts a category named
/// beside it.
pub fn read(words: &[String], knowledge: &Knowledge<'_>) -> Result<Request, RequestError> {
    let pieces = pieces(words);
    let scan = Scan {
        words,
        phrase_words: phrase_words(words, &pieces),
        pieces,
        knowledge,
        index: TermIndex::new(knowledge.taxonomy),
        vocabulary: Vocabulary::new(knowledge.words),
        service_keys: std::cell::OnceCell::new(),
    };
    scan.run()
}

struct Scan<'a, 'k> {
    words: &'a [String],
    pieces: Vec<Piece>,
    phrase_words: Vec<PhraseWord>,
    knowledge: &'a Knowledge<'k>,
    index: TermIndex<'a>,
    vocabulary: std::borrow::Cow<'static, Vocabulary>,
    /// Every service's id, and its name as words in normal form, made
    /// only when some words name nothing else: a national directory has
    /// 100,000.
    service_keys: std::cell::OnceCell<Vec<(String, String)>>,
}

/// What the scan has gathered so far.
#[derive(Default)]
struct Gathered {
    request: Request,
    /// Runs of pieces understood by nothing, each with the place in
    /// `skipped` of a marker word read as filler right before it.
    unknown: Vec<(usize, usize, Option<usize>)>,
    ambiguous: Option<Ambiguous>,
    /// The substance words as typed, for a need made from them alone.
    substance_words: Vec<String>,
}

impl Scan<'_, '_> {
    fn run(&self) -> Result<Request, RequestError> {
        let mut gathered = Gathered::default();
        let mut i = 0;
        let mut after_marker = None;
        while i < self.pieces.len() {
            let word = self.pieces[i].word.as_str();
            if MARKERS.contains(&word) {
                if let Some((len, found)) = self.after_marker(i)? {
                    self.apply(&mut gathered, i, i + len, found)?;
                    i += len;
                    after_marker = None;
                    continue;
                }
                after_marker = Some(gathered.request.skipped.len());
                gathered.request.skipped.push(self.typed(i, i + 1));
                i += 1;
                continue;
            }
            match self.best_at(i)? {
                Some((len, found)) => {
                    self.apply(&mut gathered, i, i + len, found)?;
                    i += len;
                }
                None => {
                    match gathered.unknown.last_mut() {
                        Some((_, end, _)) if *end == i => *end = i + 1,
                        _ => gathered.unknown.push((i, i + 1, after_marker)),
                    }
                    i += 1;
                }
            }
            after_marker = None;
        }
        self.finish(gathered)
    }

    /// A place or time after the marker word at `i`: its length with the
    /// marker, or `None` when the marker is filler here (`in crisis`).
    fn after_marker(&self, i: usize) -> Result<Option<(usize, Found)>, RequestError> {
        // `in 2 hours` is a time phrase of its own.
        if let Some(found) = phrase::match_start(&self.phrase_words[i..]) {
            let (len, phrase) = found.map_err(RequestError::Value)?;
            return Ok(Some((len, Found::Time(phrase))));
        }
        let rest = self.pieces.len() - i - 1;
        for len in (1..=rest.min(MAX_PLACE_WORDS)).rev() {
            let text = self.place_text(i + 1, i + 1 + len);
            if let Some(origin) = resolve_exactly(self.knowledge.places, &text) {
                return Ok(Some((1 + len, Found::Place(Placed { text, origin }))));
            }
        }
        match phrase::match_start(&self.phrase_words[i + 1..]) {
            Some(found) => {
                let (len, phrase) = found.map_err(RequestError::Value)?;
                Ok(Some((1 + len, Found::Time(phrase))))
            }
            None => Ok(None),
        }
    }

    /// The longest reading that begins at `i` (rules 1 and 2): at each
    /// length, a bare postcode, a time phrase, the taxonomy, then the other
    /// lists in order; then typo tolerance for taxonomy and substance
    /// words; then, when nothing else fits, services by whole words of
    /// their names.
    fn best_at(&self, i: usize) -> Result<Option<(usize, Found)>, RequestError> {
        let longest = (self.pieces.len() - i).min(MAX_SPAN);
        let time = match phrase::match_start(&self.phrase_words[i..]) {
            Some(Ok(found)) => Some(found),
            Some(Err(message)) => return Err(RequestError::Value(message)),
            None => None,
        };
        let age = self.age_at(i)?;
        for len in (1..=longest).rev() {
            let key = self.key(i, i + len);
            if len == 1 {
                if let Some(origin) = postcode_place(self.knowledge.places, &self.typed(i, i + 1)) {
                    let text = self.typed(i, i + 1);
                    return Ok(Some((1, Found::Place(Placed { text, origin }))));
                }
            }
            if let Some((tlen, phrase)) = time {
                if tlen == len {
                    return Ok(Some((len, Found::Time(phrase))));
                }
            }
            if let Some(term) = self.index.exact(&key) {
                let need = self.need(i, i + len, self.index.ids(&term.categories), How::Exact);
                return Ok(Some((len, Found::Need(need))));
            }
            let entry = self.vocabulary.exact(&key);
            let person_or_later = entry.map(|e| e.list() >= List::Person);
            if let Some((alen, years)) = age {
                if alen == len && person_or_later != Some(false) {
                    return Ok(Some((len, Found::Age(years))));
                }
            }
            if let Some(entry) = entry {
                return Ok(Some((len, Found::Meanings(entry.readings.clone()))));
            }
            if let Some(found) = self.fuzzy(i, len) {
                return Ok(Some((len, found)));
            }
        }
        Ok(self.service_name_at(i, longest))
    }

    /// A typo of a taxonomy or substance phrase of `len` words at `i`:
    /// for several words only when not all of them are known on their own
    /// (`hiv prep` is two needs, never a near miss of something else).
    fn fuzzy(&self, i: usize, len: usize) -> Option<Found> {
        let span = &self.pieces[i..i + len];
        if span.iter().all(|p| self.is_known(&p.word)) {
            return None;
        }
        let key = self.key(i, i + len);
        if let Some(term) = self.index.fuzzy(&key, len) {
            let how = How::Fuzzy {
                term: term.display.clone(),
            };
            return Some(Found::Need(self.need(
                i,
                i + len,
                self.index.ids(&term.categories),
                how,
            )));
        }
        self.vocabulary
            .fuzzy_substance(&key, len)
            .map(|entry| Found::Meanings(entry.readings.clone()))
    }

    /// Whether a word means something on its own.
    fn is_known(&self, word: &str) -> bool {
        self.index.exact(word).is_some()
            || self.vocabulary.exact(word).is_some()
            || MARKERS.contains(&word)
    }

    /// The longest run of words at `i` that is whole words of some
    /// services' names: those services, as a need. Never a run that names
    /// a place (a place needs a marker).
    fn service_name_at(&self, i: usize, longest: usize) -> Option<(usize, Found)> {
        let keys = self.service_keys.get_or_init(|| {
            self.knowledge
                .services
                .get()
                .iter()
                .map(|s| (s.id.to_string(), format!(" {} ", normalise(s.name))))
                .collect()
        });
        for len in (1..=longest).rev() {
            let key = self.key(i, i + len);
            if key.chars().count() < MIN_SERVICE_QUERY
                || resolve_exactly(self.knowledge.places, &self.typed(i, i + len)).is_some()
            {
                continue;
            }
            let wanted = format!(" {key} ");
            let mut ids: Vec<String> = Vec::new();
            for (id, name) in keys {
                if name.contains(&wanted) && !ids.contains(id) {
                    ids.push(id.clone());
                }
            }
            if !ids.is_empty() {
                let mut need = self.need(i, i + len, Vec::new(), How::ServiceName);
                need.services = ids;
                return Some((len, Found::Need(need)));
            }
        }
        None
    }

    /// An age with its marker at `i` (rule 6): `17 year old`,
    /// `17-year-old`, `17yo`, `17 yrs`, `age 17`, `aged 17`. A bare number is
    /// never an age.
    fn age_at(&self, i: usize) -> Result<Option<(usize, u32)>, RequestError> {
        let word = |k: usize| self.pieces.get(i + k).map(|p| p.word.as_str());
        let number = |w: Option<&str>| {
            w.filter(|w| !w.is_empty() && w.len() <= 3 && w.bytes().all(|b| b.is_ascii_digit()))
                .and_then(|w| w.parse::<u32>().ok())
        };
        let found = match (word(0), word(1), word(2)) {
            (Some("age" | "aged" | "edad"), n, _) if number(n).is_some() => {
                number(n).map(|n| (2, n))
            }
            (n, Some("year" | "years" | "yr" | "yrs"), Some("old")) if number(n).is_some() => {
                number(n).map(|n| (3, n))
            }
            (n, Some("y"), Some("o")) if number(n).is_some() => number(n).map(|n| (3, n)),
            (n, Some("year" | "years" | "yr" | "yrs" | "yo" | "anos"), _)
                if number(n).is_some() =>
            {
                number(n).map(|n| (2, n))
            }
            (Some(w), _, _) => w
                .strip_suffix("yo")
                .and_then(|n| number(Some(n)))
                .map(|n| (1, n)),
            _ => None,
        };
        match found {
            Some((_, years)) if years > 130 => Err(RequestError::Value(format!(
                "\"{}\" is not an age: give one from 0 to 130",
                self.typed(i, i + 1)
            ))),
            other => Ok(other),
        }
    }

    /// Adds what a span was read as to what was gathered.
    fn apply(
        &self,
        gathered: &mut Gathered,
        start: usize,
        end: usize,
        found: Found,
    ) -> Result<(), RequestError> {
        let typed = self.typed(start, end);
        let request = &mut gathered.request;
        match found {
            Found::Place(placed) => set_place(request, placed),
            Found::Time(phrase) => {
                let at = phrase::resolve(&phrase, self.knowledge.zone, self.knowledge.now)
                    .map_err(RequestError::Value)?;
                // The marker word is not part of the time as typed.
                let text = match self.pieces[start].word.as_str() {
                    "at" | "around" | "near" => self.typed(start + 1, end),
                    _ => typed,
                };
                set_time(
                    request,
                    Timed {
                        text,
                        at: at.instant,
                        note: at.note,
                    },
                )
            }
            Found::Need(need) => {
                add_need(request, need);
                Ok(())
            }
            Found::Age(years) => set_age(request, years, &typed),
            Found::Meanings(readings) if readings.len() > 1 => {
                if gathered.ambiguous.is_none() {
                    let readings = readings
                        .iter()
                        .map(|m| {
                            let word = self.vocabulary.word_for(m).map(str::to_string).or_else(
                                || match m {
                                    Meaning::Category(id) => Some(id.clone()),
                                    _ => None,
                                },
                            );
                            (m.clone(), word.unwrap_or_default())
                        })
                        .collect();
                    gathered.ambiguous = Some(Ambiguous {
                        word: typed,
                        readings,
                    });
                }
                Ok(())
            }
            Found::Meanings(readings) => {
                for meaning in readings {
                    if let Meaning::Substance(_) = meaning {
                        gathered.substance_words.push(typed.clone());
                    }
                    self.add_meaning(&mut gathered.request, meaning, start, end, &typed)?;
                }
                Ok(())
            }
        }
    }

    fn add_meaning(
        &self,
        request: &mut Request,
        meaning: Meaning,
        start: usize,
        end: usize,
        typed: &str,
    ) -> Result<(), RequestError> {
        match meaning {
            Meaning::Category(id) => add_need(request, self.need(start, end, vec![id], How::Exact)),
            Meaning::Substance(s) => push_new(&mut request.substances, s),
            Meaning::Prefer(a) => push_new(&mut request.prefers, a),
            Meaning::Lang(code) => push_new(&mut request.person.lang, code),
            Meaning::Payment(values) => {
                for value in values {
                    push_new(&mut request.person.payment, value);
                }
            }
            Meaning::Gender(g) => set_once(
                &mut request.person.gender,
                g,
                |first, again| first == again,
                |first, again| {
                    format!(
                        "the request names two genders ({first} and {again}, from \"{typed}\"): give one"
                    )
                },
            )?,
            Meaning::Ages(min, max) => set_range(request, (min, max), typed)?,
            Meaning::Skip => request.skipped.push(typed.to_string()),
        }
        Ok(())
    }

    /// Checks what was gathered and makes the request (rules 3, 4, 5, 10).
    fn finish(&self, gathered: Gathered) -> Result<Request, RequestError> {
        let Gathered {
            mut request,
            unknown,
            ambiguous,
            substance_words,
        } = gathered;
        let mut unknown_words = Vec::new();
        let mut suggestions: Vec<String> = Vec::new();
        let mut hint = None;
        let mut used_markers = Vec::new();
        // Built only when a marker is followed by words nothing else read,
        // and then once: a national gazetteer is costly to index.
        let mut gazetteer = None;
        for &(start, end, marker) in &unknown {
            let text = self.typed(start, end);
            // `near centrl station`: a place the gazetteer finds clearly.
            if let (Some(marker), None) = (marker, &request.place) {
                let places = self.knowledge.places;
                let gazetteer = gazetteer.get_or_insert_with(|| Gazetteer::new(places));
                if let Ok(origin) = gazetteer.resolve(places, &text) {
                    used_markers.push(marker);
                    request.place = Some(Placed { text, origin });
                    continue;
                }
            }
            if resolve_exactly(self.knowledge.places, &text).is_some() {
                hint = Some(format!(
                    "a place needs a word before it: write \"near {text}\""
                ));
            }
            for suggestion in self.suggestions(&self.key(start, end)) {
                if !suggestions.contains(&suggestion) {
                    suggestions.push(suggestion);
                }
            }
            unknown_words.push(text);
        }
        for marker in used_markers.into_iter().rev() {
            request.skipped.remove(marker);
        }
        if !unknown_words.is_empty() {
            return Err(RequestError::Unknown {
                words: unknown_words,
                understood: request.parts(self.knowledge.taxonomy).join(" · "),
                suggestions,
                hint,
            });
        }
        if let Some(ambiguous) = ambiguous {
            return Err(RequestError::Ambiguous(ambiguous));
        }
        let said_something = !request.needs.is_empty()
            || !request.substances.is_empty()
            || !request.person.is_empty()
            || !request.prefers.is_empty()
            || request.time.is_some()
            || request.place.is_some();
        if !said_something && !request.skipped.is_empty() {
            return Err(RequestError::OnlyFiller {
                words: request.skipped.clone(),
            });
        }
        settle_substances(&mut request, &substance_words, self.knowledge.taxonomy)?;
        Ok(request)
    }

    /// Close words for an unknown run: taxonomy terms and the words of the
    /// substance, person and preference lists, best first, at most three.
    fn suggestions(&self, key: &str) -> Vec<String> {
        let mut scored = self.index.close(key, CLOSE_ENOUGH, 3);
        scored.extend(self.vocabulary.suggest(
            key,
            &[List::Substance, List::Person, List::Preference],
            CLOSE_ENOUGH,
            3,
        ));
        scored.sort_by(|a, b| b.0.total_cmp(&a.0));
        scored.into_iter().take(3).map(|(_, w)| w).collect()
    }

    fn need(&self, start: usize, end: usize, categories: Vec<String>, how: How) -> ResolvedNeed {
        ResolvedNeed {
            query: self.typed(start, end),
            categories,
            services: Vec::new(),
            how,
        }
    }

    /// The normal form of pieces `start..end`.
    fn key(&self, start: usize, end: usize) -> String {
        self.pieces[start..end]
            .iter()
            .map(|p| p.word.as_str())
            .collect::<Vec<_>>()
            .join(" ")
    }

    /// The text the officer typed for pieces `start..end`: within one
    /// argument as written (whitespace folded), arguments joined by a
    /// space.
    fn typed(&self, start: usize, end: usize) -> String {
        let pieces = &self.pieces[start..end];
        let mut parts: Vec<String> = Vec::new();
        let mut k = 0;
        while k < pieces.len() {
            let arg = pieces[k].arg;
            let first = &pieces[k];
            let mut last = first;
            while k < pieces.len() && pieces[k].arg == arg {
                last = &pieces[k];
                k += 1;
            }
            let text = self
                .words
                .get(arg)
                .and_then(|w| w.get(first.start..last.end))
                .unwrap_or_default();
            parts.push(text.split_whitespace().collect::<Vec<_>>().join(" "));
        }
        parts.join(" ")
    }

    /// [`Scan::typed`] with a sign before the first number kept, for
    /// coordinates (`-33.92,18.42`).
    fn place_text(&self, start: usize, end: usize) -> String {
        let typed = self.typed(start, end);
        let first = &self.pieces[start];
        let sign = self
            .words
            .get(first.arg)
            .and_then(|w| w.get(..first.start))
            .and_then(|before| before.chars().last())
            .filter(|c| matches!(c, '-' | '+' | '\u{2212}'));
        match sign {
            Some(c) if first.word.bytes().all(|b| b.is_ascii_digit()) => format!("{c}{typed}"),
            _ => typed,
        }
    }
}

fn pieces(words: &[String]) -> Vec<Piece> {
    let mut pieces = Vec::new();
    for (arg, text) in words.iter().enumerate() {
        for (start, end) in word_ranges(text) {
            let word = normalise_word(&text[start..end]);
            if !word.is_empty() {
                pieces.push(Piece {
                    arg,
                    start,
                    end,
                    word,
                });
            }
        }
    }
    pieces
}

/// The pieces as the time-phrase reader takes them: a colon and nothing
/// else between two pieces of one argument joins them (`9:30`).
fn phrase_words(words: &[String], pieces: &[Piece]) -> Vec<PhraseWord> {
    pieces
        .iter()
        .enumerate()
        .map(|(k, piece)| {
            let after_colon = k > 0
                && pieces[k - 1].arg == piece.arg
                && words[piece.arg].get(pieces[k - 1].end..piece.start) == Some(":");
            PhraseWord {
                text: piece.word.clone(),
                after_colon,
            }
        })
        .collect()
}

/// Adds a need, once: needs that resolve to the same categories and
/// services are kept as first typed.
fn add_need(request: &mut Request, need: ResolvedNeed) {
    let seen = request
        .needs
        .iter()
        .any(|n| n.categories == need.categories && n.services == need.services);
    if !seen {
        request.needs.push(need);
    }
}

fn set_place(request: &mut Request, placed: Placed) -> Result<(), RequestError> {
    set_once(
        &mut request.place,
        placed,
        |first, again| first.origin == again.origin,
        |first, again| {
            format!(
                "the request names two places, \"{}\" and \"{}\": give one",
                first.text, again.text
            )
        },
    )
}

fn set_time(request: &mut Request, timed: Timed) -> Result<(), RequestError> {
    set_once(
        &mut request.time,
        timed,
        |first, again| first.at == again.at,
        |first, again| {
            format!(
                "the request names two times, \"{}\" and \"{}\": give one",
                first.text, again.text
            )
        },
    )
}

/// An exact age: it must agree with an age or range already given.
fn set_age(request: &mut Request, years: u32, typed: &str) -> Result<(), RequestError> {
    let person = &mut request.person;
    if !admits_age(person, years) {
        return Err(RequestError::Conflict(format!(
            "\"{typed}\" does not agree with the age already given: give one age"
        )));
    }
    person.age = Some(years);
    Ok(())
}

/// An age range (`teen`): it must agree with an age or range given.
fn set_range(request: &mut Request, range: (u32, u32), typed: &str) -> Result<(), RequestError> {
    let person = &mut request.person;
    let agrees = match (person.age, person.age_range) {
        (Some(age), _) => (range.0..=range.1).contains(&age),
        (None, Some(other)) => other == range,
        (None, None) => true,
    };
    if !agrees {
        return Err(RequestError::Conflict(format!(
            "\"{typed}\" does not agree with the age already given: give one age"
        )));
    }
    person.age_range = Some(range);
    Ok(())
}

/// Rule 5, once the words (and flags) are all in: substances with no need
/// ask for treatment for them (the need reads as `words`), and a
/// substance that contradicts a category named in the same request
/// (`alcohol methadone`) is an error naming both.
pub(super) fn settle_substances(
    request: &mut Request,
    words: &[String],
    taxonomy: &crate::taxonomy::Taxonomy,
) -> Result<(), RequestError> {
    if request.needs.is_empty() && !request.substances.is_empty() {
        request.needs.push(ResolvedNeed {
            query: words.join(" "),
            categories: vec!["treatment".to_string()],
            services: Vec::new(),
            how: How::Substance,
        });
    }
    check_substances(request, taxonomy)
}

/// A substance that contradicts a category named in the same request
/// (`alcohol methadone`) is an error naming both (rule 5).
fn check_substances(
    request: &Request,
    taxonomy: &crate::taxonomy::Taxonomy,
) -> Result<(), RequestError> {
    if request.substances.is_empty() {
        return Ok(());
    }
    for need in &request.needs {
        if !matches!(need.how, How::Exact | How::Fuzzy { .. }) {
            continue;
        }
        for category in &need.categories {
            let implied = taxonomy.substances(category);
            if !implied.is_empty() && !implied.iter().any(|s| request.substances.contains(s)) {
                return Err(RequestError::Conflict(format!(
                    "\"{}\" and {} ask for different things: {} serves {} only; give one or the other",
                    need.query,
                    request
                        .substances
                        .iter()
                        .map(|s| format!("\"{s}\""))
                        .collect::<Vec<_>>()
                        .join(" and "),
                    taxonomy.get(category).map_or(category.as_str(), |c| c.name.as_str()),
                    implied.join(" and ")
                )));
            }
        }
    }
    Ok(())
}
