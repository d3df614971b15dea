//! The gazetteer: a `--near` value, or a place named in a request, to the
//! place it names. `LAT,LON` first; then a name or alias spelled alike
//! without regard to case, spacing or punctuation; then, only when one
//! place is clearly best, a name within a few typing mistakes (never a
//! postcode). Also the list `deflect places QUERY` shows, and the
//! suggestions of an [`UnknownPlace`].

use std::collections::HashMap;
use std::fmt;

use strsim::damerau_levenshtein;

use crate::text::{compact, fold, normalise, suggestion_score, typo_distance};

use super::coordinates::{coordinate_shape, parse_coordinates};
use super::postcode::{
    bounded_osa, looks_like_postcode, lower_bound, signature, MAX_POSTCODE_EDITS,
};
use super::{Origin, Place};

/// A `--near` value that is no coordinates and no place.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownPlace {
    /// What was typed.
    pub query: String,
    /// Names of the places that look closest, best first (at most 5).
    pub suggestions: Vec<String>,
}

impl fmt::Display for UnknownPlace {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let query = self.query.trim();
        if query.is_empty() {
            return write!(
                f,
                "no place given: name a place of the directory, or give LAT,LON such as {EXAMPLE}"
            );
        }
        if coordinate_shape(query).is_some() {
            return write!(
                f,
                "\"{query}\" is not a valid LAT,LON: latitude must be from -90 to 90 and \
                 longitude from -180 to 180, such as {EXAMPLE}"
            );
        }
        write!(f, "no place is named \"{query}\"")?;
        if !self.suggestions.is_empty() {
            write!(f, "; did you mean: {}?", self.suggestions.join(", "))?;
        }
        write!(
            f,
            " (`deflect places` lists the places; LAT,LON such as {EXAMPLE} works too)"
        )
    }
}

impl std::error::Error for UnknownPlace {}

/// Coordinates shown in messages as an example of `LAT,LON`.
const EXAMPLE: &str = "41.8781,-87.6298";

/// The least likeness score of a place that
/// [`Gazetteer::likely_names`] offers: about one typing mistake in a
/// word of seven letters.
pub const LIKELY_SCORE: f64 = 0.5;

/// How many suggestions an [`UnknownPlace`] carries.
const SUGGESTIONS: usize = 5;

/// A prefix shorter than this never picks a place on its own.
const MIN_PREFIX: usize = 4;

/// The gazetteer's indexes, built once from the directory's places. It holds
/// positions in the slice it was built from; pass the same slice to
/// [`Gazetteer::resolve`] and [`Gazetteer::search`].
#[derive(Debug, Clone, Default)]
pub struct Gazetteer {
    /// Names, then aliases, by [`fold`]: a name wins over another place's
    /// alias that is spelled the same.
    exact: HashMap<String, Vec<usize>>,
    /// The same by [`compact`], for `St Marys` against `St. Mary's` and
    /// `SW1A1AA` against `SW1A 1AA`.
    compact: HashMap<String, Vec<usize>>,
    /// Every name and alias in [`normalise`]d form, for search and fuzzy
    /// matching.
    keys: Vec<Key>,
    /// The postcode keys again, packed for comparing them all with one
    /// mistyped postcode.
    postcodes: Vec<Postcode>,
}

#[derive(Debug, Clone)]
struct Postcode {
    place: usize,
    /// The key without spaces.
    bare: String,
    /// See [`signature`].
    signature: u64,
}

#[derive(Debug, Clone)]
struct Key {
    place: usize,
    text: String,
    /// A postcode place, or a name that looks like one: never fuzzy.
    postcode: bool,
}

impl Gazetteer {
    /// Indexes the places (names and aliases); cheap enough for tens of
    /// thousands of postcodes.
    pub fn new(places: &[Place]) -> Self {
        let mut gazetteer = Gazetteer::default();
        for (i, place) in places.iter().enumerate() {
            gazetteer.add(i, &place.name, place.is_postcode());
        }
        for (i, place) in places.iter().enumerate() {
            for alias in &place.aliases {
                gazetteer.add(i, alias, place.is_postcode());
            }
        }
        gazetteer
    }

    fn add(&mut self, place: usize, text: &str, postcode_place: bool) {
        for (map, key) in [
            (&mut self.exact, fold(text)),
            (&mut self.compact, compact(text)),
        ] {
            if key.is_empty() {
                continue;
            }
            let entry = map.entry(key).or_default();
            if !entry.contains(&place) {
                entry.push(place);
            }
        }
        let text = normalise(text);
        if !text.is_empty() {
            let postcode = postcode_place || looks_like_postcode(&text);
            if postcode {
                let bare = text.replace(' ', "");
                self.postcodes.push(Postcode {
                    place,
                    signature: signature(bare.as_bytes()),
                    bare,
                });
            }
            self.keys.push(Key {
                place,
                text,
                postcode,
            });
        }
    }

    /// Resolves a `--near` value to an origin: `LAT,LON`; else a place whose
    /// name or alias equals it without regard to case, spacing or
    /// punctuation; else the one place clearly closest by typing mistakes
    /// (never a postcode, and never for a query that looks like one).
    ///
    /// # Errors
    ///
    /// When none of these gives a place, with the names of up to 5 places
    /// that look closest (for a postcode, the postcodes that look closest).
    pub fn resolve(&self, places: &[Place], query: &str) -> Result<Origin, UnknownPlace> {
        if let Some((lat, lon)) = parse_coordinates(query) {
            return Ok(Origin {
                name: None,
                lat,
                lon,
            });
        }
        let unknown = |suggestions| UnknownPlace {
            query: query.trim().to_string(),
            suggestions,
        };
        let text = normalise(query);
        if text.is_empty() || coordinate_shape(query).is_some() {
            return Err(unknown(Vec::new()));
        }
        let found = first_of(&self.exact, &fold(query))
            .or_else(|| first_of(&self.compact, &compact(query)))
            .or_else(|| {
                if looks_like_postcode(&text) {
                    None
                } else {
                    self.fuzzy(&text)
                }
            });
        if let Some(place) = found.and_then(|i| places.get(i)) {
            return Ok(Origin {
                name: Some(place.name.clone()),
                lat: place.lat,
                lon: place.lon,
            });
        }
        let suggestions = if looks_like_postcode(&text) {
            self.postcode_suggestions(&compact(query))
        } else {
            self.name_suggestions(&text)
        };
        let suggestions = suggestions
            .into_iter()
            .filter_map(|i| places.get(i))
            .map(|p| p.name.clone())
            .collect();
        Err(unknown(suggestions))
    }

    /// The one place clearly closest to `text`: within the typo budget of a
    /// name or alias and nearer by an edit than every other place; else the
    /// one place whose name or alias begins with the typed words (`union`
    /// for `Union Station`).
    fn fuzzy(&self, text: &str) -> Option<usize> {
        let mut best: Option<(usize, usize)> = None; // (distance, place)
        let mut tie = false;
        for key in self.keys.iter().filter(|k| !k.postcode) {
            let Some(d) = typo_distance(text, &key.text) else {
                continue;
            };
            match best {
                Some((bd, bp)) if d == bd && bp != key.place => tie = true,
                Some((bd, _)) if d >= bd => {}
                _ => {
                    best = Some((d, key.place));
                    tie = false;
                }
            }
        }
        if let Some((d, place)) = best {
            let text_len = text.chars().count();
            // Another place as near, or one edit more, is too close to
            // call. A key whose length differs by more than that cannot be.
            let contested = !tie
                && self
                    .keys
                    .iter()
                    .filter(|k| !k.postcode && k.place != place)
                    .filter(|k| k.text.chars().count().abs_diff(text_len) <= d)
                    .any(|k| damerau_levenshtein(text, &k.text) <= d);
            return (!tie && !contested).then_some(place);
        }
        if text.chars().count() < MIN_PREFIX {
            return None;
        }
        let mut found: Option<usize> = None;
        for key in self.keys.iter().filter(|k| !k.postcode) {
            let leading = key
                .text
                .strip_prefix(text)
                .is_some_and(|rest| rest.starts_with(' '));
            if leading {
                match found {
                    Some(p) if p != key.place => return None,
                    _ => found = Some(key.place),
                }
            }
        }
        found
    }

    /// The names of up to 5 places that look like `query` (postcodes
    /// within two edits, other places scoring at least
    /// [`LIKELY_SCORE`] by the likeness of `find`'s suggestions), best first: what
    /// `deflect places QUERY` suggests when nothing matched. Unlike the
    /// suggestions of [`Gazetteer::resolve`], none that merely ranks
    /// first among unlike names.
    pub fn likely_names(&self, places: &[Place], query: &str) -> Vec<String> {
        let text = normalise(query);
        if text.is_empty() {
            return Vec::new();
        }
        let indexes = if looks_like_postcode(&text) {
            self.postcode_suggestions(&compact(query))
        } else {
            self.name_suggestions(&text)
                .into_iter()
                .filter(|&i| {
                    self.keys
                        .iter()
                        .filter(|k| k.place == i && !k.postcode)
                        .any(|k| suggestion_score(&text, &k.text) >= LIKELY_SCORE)
                })
                .collect()
        };
        indexes
            .into_iter()
            .filter_map(|i| places.get(i))
            .map(|p| p.name.clone())
            .collect()
    }

    /// Up to 5 non-postcode places, best first by [`suggestion_score`].
    fn name_suggestions(&self, text: &str) -> Vec<usize> {
        let mut best: HashMap<usize, f64> = HashMap::new();
        for key in self.keys.iter().filter(|k| !k.postcode) {
            let score = suggestion_score(text, &key.text);
            let entry = best.entry(key.place).or_insert(score);
            *entry = entry.max(score);
        }
        let mut ranked: Vec<(usize, f64)> = best.into_iter().collect();
        ranked.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        ranked
            .into_iter()
            .take(SUGGESTIONS)
            .map(|(place, _)| place)
            .collect()
    }

    /// Up to 5 postcodes that look most like the typed one: fewest edits,
    /// then the longest shared beginning, then in order.
    fn postcode_suggestions(&self, typed: &str) -> Vec<usize> {
        // (edits, shared prefix reversed, key, place), kept sorted; a
        // linear pass with a tiny top list is fast on 33,000 postcodes.
        let mut top: Vec<(usize, usize, &str, usize)> = Vec::with_capacity(SUGGESTIONS + 1);
        let typed_signature = signature(typed.as_bytes());
        for postcode in &self.postcodes {
            // Most postcodes share too few characters to be near; the
            // signature says so far faster than the edit distance.
            if lower_bound(typed_signature, postcode.signature) > MAX_POSTCODE_EDITS {
                continue;
            }
            let candidate = postcode.bare.as_str();
            let Some(edits) =
                bounded_osa(typed.as_bytes(), candidate.as_bytes(), MAX_POSTCODE_EDITS)
            else {
                continue;
            };
            let shared = typed
                .chars()
                .zip(candidate.chars())
                .take_while(|(a, b)| a == b)
                .count();
            let entry = (edits, usize::MAX - shared, candidate, postcode.place);
            if top.len() == SUGGESTIONS && entry >= top[SUGGESTIONS - 1] {
                continue;
            }
            // A place once, by its best-looking name or alias.
            if let Some(at) = top.iter().position(|t| t.3 == postcode.place) {
                if top[at] <= entry {
                    continue;
                }
                top.remove(at);
            }
            let at = top.partition_point(|t| *t < entry);
            top.insert(at, entry);
            top.truncate(SUGGESTIONS);
        }
        top.into_iter().map(|t| t.3).collect()
    }

    /// Places for `deflect places QUERY`, best first: a name or alias equal
    /// to the query, then beginning with it, then with a word beginning with
    /// it, then containing it, then (not for postcodes) within a few typing
    /// mistakes of it or of one of its words. An empty query lists every
    /// place in order.
    pub fn search(&self, places: &[Place], query: &str) -> Vec<usize> {
        let text = normalise(query);
        if text.is_empty() {
            return (0..places.len()).collect();
        }
        let fuzzy_allowed = !looks_like_postcode(&text);
        let mut rank: HashMap<usize, usize> = HashMap::new();
        for key in &self.keys {
            let r = if key.text == text {
                Some(0)
            } else if key.text.starts_with(&text) {
                Some(1)
            } else if key.text.split(' ').any(|w| w.starts_with(&text)) {
                Some(2)
            } else if key.text.contains(&text) {
                Some(3)
            } else if fuzzy_allowed && !key.postcode {
                std::iter::once(key.text.as_str())
                    .chain(key.text.split(' '))
                    .filter_map(|w| typo_distance(&text, w))
                    .min()
                    .map(|d| 3 + d)
            } else {
                None
            };
            if let Some(r) = r {
                let entry = rank.entry(key.place).or_insert(r);
                *entry = (*entry).min(r);
            }
        }
        let mut found: Vec<(usize, String, usize)> = rank
            .into_iter()
            .filter_map(|(i, r)| places.get(i).map(|p| (r, p.name.to_lowercase(), i)))
            .collect();
        found.sort();
        found.into_iter().map(|(_, _, i)| i).collect()
    }
}

/// The place of kind postcode named exactly `word` (a postcode in a
/// request needs no marker word, docs/REQUEST.md rule 9).
pub fn postcode_place(places: &[Place], word: &str) -> Option<Origin> {
    if !word.chars().any(|c| c.is_ascii_digit()) {
        return None;
    }
    let key = fold(word);
    places
        .iter()
        .find(|p| p.is_postcode() && fold(&p.name) == key)
        .map(|place| Origin {
            name: Some(place.name.clone()),
            lat: place.lat,
            lon: place.lon,
        })
}

/// What [`Gazetteer::resolve`] answers when `query` is coordinates or
/// exactly a place's name or alias (without regard to case or spacing),
/// found without building a gazetteer: a national directory's 33,000
/// postcodes take about 100 ms to index, and the desk usually names a place
/// as it is written. `None` means ask the gazetteer.
pub fn resolve_exactly(places: &[Place], query: &str) -> Option<Origin> {
    if let Some((lat, lon)) = parse_coordinates(query) {
        return Some(Origin {
            name: None,
            lat,
            lon,
        });
    }
    let key = fold(query);
    if normalise(query).is_empty() || coordinate_shape(query).is_some() {
        return None;
    }
    // As the gazetteer orders them: every name first, then every alias,
    // each in the order of the places.
    let place = places.iter().find(|p| fold(&p.name) == key).or_else(|| {
        places
            .iter()
            .find(|p| p.aliases.iter().any(|a| fold(a) == key))
    })?;
    Some(Origin {
        name: Some(place.name.clone()),
        lat: place.lat,
        lon: place.lon,
    })
}

/// The first place under `key`: a name before an alias, then in order.
fn first_of(map: &HashMap<String, Vec<usize>>, key: &str) -> Option<usize> {
    map.get(key).and_then(|v| v.first().copied())
}
