//! Where: the directory's gazetteer of places (stations, landmarks,
//! neighbourhoods, postcodes), typed coordinates, distances and the radius.
//!
//! `--near` takes `LAT,LON` first, then a place name or alias compared
//! without case, then, only when one place is clearly best, a fuzzy match
//! over names and aliases. Postcodes are never matched fuzzily: a mistyped
//! postcode is another postcode, and sending an officer's search to the
//! wrong one is worse than asking again.

use std::collections::HashMap;
use std::fmt;
use std::str::FromStr;

use strsim::{damerau_levenshtein, osa_distance};

use crate::text::{normalise, suggestion_score, typo_distance};

/// One `[[place]]` of the directory.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Place {
    /// The place's name, unique among places without regard to case.
    pub name: String,
    /// Other names and spellings.
    #[serde(default)]
    pub aliases: Vec<String>,
    /// `station`, `postcode`, `neighbourhood`, `landmark`, or free text.
    #[serde(default)]
    pub kind: Option<String>,
    /// Latitude, WGS 84 degrees.
    pub lat: f64,
    /// Longitude, WGS 84 degrees.
    pub lon: f64,
}

/// Where distances are measured from.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Origin {
    /// The place's name; `None` for typed coordinates.
    pub name: Option<String>,
    /// Latitude, WGS 84 degrees.
    pub lat: f64,
    /// Longitude, WGS 84 degrees.
    pub lon: f64,
}

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
            gazetteer.add(i, &place.name, is_postcode_place(place));
        }
        for (i, place) in places.iter().enumerate() {
            for alias in &place.aliases {
                gazetteer.add(i, alias, is_postcode_place(place));
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

/// Postcodes suggested for a mistyped one are at most this many edits away.
const MAX_POSTCODE_EDITS: usize = 2;

/// How many times each byte occurs, by its value modulo 16, in 4-bit
/// counters (saturating at 15). Digits each have their own counter.
fn signature(bytes: &[u8]) -> u64 {
    let mut counts = [0u8; 16];
    for &b in bytes {
        let c = &mut counts[usize::from(b % 16)];
        *c = c.saturating_add(1).min(15);
    }
    counts
        .iter()
        .enumerate()
        .fold(0u64, |acc, (i, &c)| acc | (u64::from(c) << (4 * i)))
}

/// A lower bound on the edit distance between two strings from their
/// [`signature`]s: a substitution changes the counts by 2 in all, an insertion
/// or deletion by 1 and a transposition not at all, so at least half the
/// difference in counts is needed. (Bytes sharing a counter only make the
/// difference smaller, so the bound holds.)
fn lower_bound(a: u64, b: u64) -> usize {
    let difference: u64 = (0..16)
        .map(|i| {
            let x = (a >> (4 * i)) & 0xF;
            let y = (b >> (4 * i)) & 0xF;
            x.abs_diff(y)
        })
        .sum();
    usize::try_from(difference.div_ceil(2)).unwrap_or(usize::MAX)
}

/// The optimal-string-alignment distance between two byte strings
/// (postcodes) when it is at most `max`. Short strings are compared without
/// allocating, and most pairs are given up on after a few rows: 33,000 of
/// them are compared for one mistyped postcode. Long ones go to `strsim`.
fn bounded_osa(a: &[u8], b: &[u8], max: usize) -> Option<usize> {
    const CAP: usize = 24;
    if a.len().abs_diff(b.len()) > max {
        return None;
    }
    if a.len() >= CAP || b.len() >= CAP {
        let d = osa_distance(&String::from_utf8_lossy(a), &String::from_utf8_lossy(b));
        return (d <= max).then_some(d);
    }
    // Three rows of the table; values stay below CAP, so bytes suffice.
    let mut before = [0u8; CAP + 1];
    let mut previous = [0u8; CAP + 1];
    let mut current = [0u8; CAP + 1];
    for (j, cell) in (0u8..).zip(previous.iter_mut().take(b.len() + 1)) {
        *cell = j;
    }
    for (i, row) in (1..=a.len()).zip(1u8..) {
        current[0] = row;
        let mut row_min = row;
        for j in 1..=b.len() {
            let cost = u8::from(a[i - 1] != b[j - 1]);
            let mut d = (previous[j] + 1)
                .min(current[j - 1] + 1)
                .min(previous[j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                d = d.min(before[j - 2] + 1);
            }
            current[j] = d;
            row_min = row_min.min(d);
        }
        // No later cell can be smaller than this row's least (a
        // transposition from the row before costs at least as much as the
        // substitution path through this row).
        if usize::from(row_min) > max {
            return None;
        }
        std::mem::swap(&mut before, &mut previous);
        std::mem::swap(&mut previous, &mut current);
    }
    let d = usize::from(previous[b.len()]);
    (d <= max).then_some(d)
}

/// A prefix shorter than this never picks a place on its own.
const MIN_PREFIX: usize = 4;

/// The place of kind postcode named exactly `word` (a postcode in a
/// request needs no marker word, docs/REQUEST.md rule 9).
pub fn postcode_place(places: &[Place], word: &str) -> Option<Origin> {
    if !word.chars().any(|c| c.is_ascii_digit()) {
        return None;
    }
    let key = fold(word);
    places
        .iter()
        .find(|p| is_postcode_place(p) && fold(&p.name) == key)
        .map(|place| Origin {
            name: Some(place.name.clone()),
            lat: place.lat,
            lon: place.lon,
        })
}

/// The first place under `key`: a name before an alias, then in order.
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

fn first_of(map: &HashMap<String, Vec<usize>>, key: &str) -> Option<usize> {
    map.get(key).and_then(|v| v.first().copied())
}

/// Lower case, whitespace folded to single spaces and trimmed.
fn fold(text: &str) -> String {
    text.split_whitespace()
        .map(str::to_lowercase)
        .collect::<Vec<_>>()
        .join(" ")
}

/// Lower-case letters and digits only.
fn compact(text: &str) -> String {
    text.chars()
        .flat_map(char::to_lowercase)
        .filter(|c| c.is_alphanumeric())
        .collect()
}

/// Whether a place is a police station by its kind (`station`, in any
/// case).
pub fn is_station_place(place: &Place) -> bool {
    place
        .kind
        .as_deref()
        .is_some_and(|kind| compact(kind) == "station")
}

/// Whether a place is a postcode by its kind (`postcode`, or the US and
/// other spellings of the idea).
pub fn is_postcode_place(place: &Place) -> bool {
    place.kind.as_deref().is_some_and(|kind| {
        let kind = compact(kind);
        matches!(
            kind.as_str(),
            "postcode" | "postalcode" | "zip" | "zipcode" | "plz" | "cap"
        )
    })
}

/// Whether typed text looks like a postcode rather than a name: it has a
/// digit, and either mostly digits (`60601`, `1011 AB`, `606O1`) or short
/// words that each hold a digit (`SW1A 1AA`, `K1A 0B1`).
fn looks_like_postcode(text: &str) -> bool {
    let alnum: Vec<char> = text.chars().filter(|c| c.is_alphanumeric()).collect();
    let digits = alnum.iter().filter(|c| c.is_ascii_digit()).count();
    if digits == 0 {
        return false;
    }
    let mostly_digits = digits * 2 >= alnum.len();
    let coded = alnum.len() <= 8
        && text
            .split_whitespace()
            .all(|w| w.chars().any(|c| c.is_ascii_digit()));
    mostly_digits || coded
}

/// Parses `LAT,LON` in decimal degrees (`41.88,-87.63`, `41.88, -87.63`),
/// latitude from -90 to 90 and longitude from -180 to 180.
///
/// Returns `None` for anything else, out-of-range values included.
pub fn parse_coordinates(s: &str) -> Option<(f64, f64)> {
    let (lat, lon) = coordinate_shape(s)?;
    ((-90.0..=90.0).contains(&lat) && (-180.0..=180.0).contains(&lon)).then_some((lat, lon))
}

/// Two decimal numbers separated by a comma, in or out of range.
fn coordinate_shape(s: &str) -> Option<(f64, f64)> {
    let (lat, lon) = s.split_once(',')?;
    Some((
        parse_decimal(lat.trim(), true)?,
        parse_decimal(lon.trim(), true)?,
    ))
}

/// A plain decimal number: an optional sign (when `signed`), digits, an
/// optional point and more digits; at least one digit. No exponents, `inf`
/// or `NaN`, which `f64::from_str` would take.
fn parse_decimal(s: &str, signed: bool) -> Option<f64> {
    let unsigned = if signed {
        s.strip_prefix(['-', '+']).unwrap_or(s)
    } else {
        s
    };
    let (whole, fraction) = unsigned.split_once('.').unwrap_or((unsigned, ""));
    let all_digits = |p: &str| p.bytes().all(|b| b.is_ascii_digit());
    if whole.len() + fraction.len() == 0 || !all_digits(whole) || !all_digits(fraction) {
        return None;
    }
    s.parse::<f64>().ok().filter(|v| v.is_finite())
}

/// The great-circle distance in kilometres between two `(lat, lon)` points
/// in degrees, on a sphere of the mean Earth radius (6371.0088 km).
pub fn haversine_km(a: (f64, f64), b: (f64, f64)) -> f64 {
    const EARTH_RADIUS_KM: f64 = 6371.0088;
    let (lat1, lon1) = (a.0.to_radians(), a.1.to_radians());
    let (lat2, lon2) = (b.0.to_radians(), b.1.to_radians());
    let h = ((lat2 - lat1) / 2.0).sin().powi(2)
        + lat1.cos() * lat2.cos() * ((lon2 - lon1) / 2.0).sin().powi(2);
    // Rounding can push h a hair past 1 for antipodal points.
    2.0 * EARTH_RADIUS_KM * h.clamp(0.0, 1.0).sqrt().asin()
}

/// Kilometres in a mile.
const KM_PER_MILE: f64 = 1.609344;

/// The units distances are shown in, and a bare `--radius` is read in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Units {
    /// Kilometres.
    Km,
    /// Miles.
    Mi,
}

impl Units {
    /// The short unit name, `km` or `mi`.
    pub fn as_str(self) -> &'static str {
        match self {
            Units::Km => "km",
            Units::Mi => "mi",
        }
    }

    /// Kilometres in one of these units.
    fn km(self) -> f64 {
        match self {
            Units::Km => 1.0,
            Units::Mi => KM_PER_MILE,
        }
    }
}

impl fmt::Display for Units {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Units {
    type Err = String;

    /// `km` or `mi`, and their long names, in any case.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        unit_named(&s.trim().to_lowercase())
            .ok_or_else(|| format!("unknown units \"{s}\": expected \"km\" or \"mi\""))
    }
}

/// The unit a radius suffix names.
fn unit_named(unit: &str) -> Option<Units> {
    match unit {
        "km" | "kms" | "k" | "kilometre" | "kilometres" | "kilometer" | "kilometers" => {
            Some(Units::Km)
        }
        "mi" | "mile" | "miles" => Some(Units::Mi),
        _ => None,
    }
}

/// Reads a `--radius` value into kilometres: a number in `units` (`5`), or
/// with a unit (`5km`, `3mi`, `2.5 mi`, `10 miles`).
///
/// # Errors
///
/// A value that is not a plain positive number with an optional `km` or `mi`
/// unit (zero, negative, `NaN`, an exponent, an unknown unit such as `m`),
/// with a message naming the value and the accepted forms.
pub fn parse_radius(s: &str, units: Units) -> Result<f64, String> {
    let fail = |why: &str| {
        format!(
            "invalid radius \"{s}\": {why}; give a number greater than zero, in {units} or \
             with a unit: 5, 5km, 3mi, 2.5 mi, 10 miles"
        )
    };
    let text = s.trim();
    if text.is_empty() {
        return Err(fail("it is empty"));
    }
    let split = text
        .find(|c: char| !(c.is_ascii_digit() || c == '.' || c == '-' || c == '+'))
        .unwrap_or(text.len());
    let (number, unit) = text.split_at(split);
    let unit = unit.trim().to_lowercase();
    let unit = if unit.is_empty() {
        units
    } else {
        unit_named(&unit).ok_or_else(|| fail(&format!("\"{unit}\" is not km or mi")))?
    };
    let value = parse_decimal(number, true).ok_or_else(|| fail("not a number"))?;
    if value <= 0.0 {
        return Err(fail("it must be greater than zero"));
    }
    let km = value * unit.km();
    if km.is_finite() {
        Ok(km)
    } else {
        Err(fail("it is too large"))
    }
}

/// A distance for people: in `units`, with one decimal below 10 (`0.4 mi`,
/// `9.5 km`) and whole numbers from 10 (`12 km`).
pub fn format_distance(km: f64, units: Units) -> String {
    if !km.is_finite() {
        return format!("? {units}");
    }
    let value = km.max(0.0) / units.km();
    // Round first, so 9.96 shows as "10", not "10.0".
    let tenths = (value * 10.0).round() / 10.0;
    if tenths < 10.0 {
        format!("{tenths:.1} {units}")
    } else {
        format!("{:.0} {units}", value.round())
    }
}

#[cfg(test)]
mod tests {
    use std::time::{Duration, Instant};

    use super::*;

    fn place(name: &str, aliases: &[&str], kind: Option<&str>, lat: f64, lon: f64) -> Place {
        Place {
            name: name.to_string(),
            aliases: aliases.iter().map(|a| a.to_string()).collect(),
            kind: kind.map(str::to_string),
            lat,
            lon,
        }
    }

    #[test]
    fn a_place_named_exactly_is_found_as_the_gazetteer_finds_it() {
        let mut places = chicago();
        // A name that is also another place's alias: the name wins.
        places.push(place("CUS", &["Pilsen"], None, 1.0, 2.0));
        places.push(place("!!!", &[], None, 3.0, 4.0));
        let gazetteer = Gazetteer::new(&places);
        let mut queries: Vec<String> = Vec::new();
        for p in &places {
            for text in std::iter::once(&p.name).chain(&p.aliases) {
                queries.push(text.clone());
                queries.push(text.to_uppercase());
                queries.push(format!("  {}  ", text.replace(' ', "   ")));
            }
        }
        queries.extend(["41.88,-87.63", "91,0", "", "Pilsn", "union", "60608"].map(String::from));
        let mut answered = 0;
        for query in &queries {
            let Some(fast) = resolve_exactly(&places, query) else {
                continue;
            };
            answered += 1;
            let slow = gazetteer.resolve(&places, query).expect(query);
            assert_eq!(
                (fast.name, fast.lat, fast.lon),
                (slow.name, slow.lat, slow.lon),
                "{query:?}"
            );
        }
        // Every name and alias as written, shouted or spaced out, and the
        // coordinates; not "!!!", which the gazetteer refuses.
        assert_eq!(answered, queries.len() - 6 + 1 - 3, "{queries:?}");
    }

    fn chicago() -> Vec<Place> {
        vec![
            place(
                "Union Station",
                &["Chicago Union Station", "CUS"],
                Some("station"),
                41.8789,
                -87.6400,
            ),
            place(
                "Central District Station",
                &["Central Station", "1st District"],
                Some("station"),
                41.8585,
                -87.6274,
            ),
            place("Pilsen", &[], Some("neighbourhood"), 41.8550, -87.6600),
            place(
                "O'Hare Airport",
                &["ORD"],
                Some("landmark"),
                41.9742,
                -87.9073,
            ),
            place("Wicker Park", &[], Some("neighbourhood"), 41.9088, -87.6796),
            place(
                "Lincoln Park",
                &[],
                Some("neighbourhood"),
                41.9214,
                -87.6513,
            ),
            place("Navy Pier", &["Pier"], Some("landmark"), 41.8917, -87.6086),
            place("60601", &[], Some("postcode"), 41.8858, -87.6229),
            place("60602", &[], Some("postcode"), 41.8829, -87.6291),
            place("60607", &[], Some("postcode"), 41.8721, -87.6578),
            place("60616", &[], Some("postcode"), 41.8447, -87.6254),
            place("SW1A 1AA", &[], Some("postcode"), 51.5010, -0.1416),
        ]
    }

    fn origin_name(result: Result<Origin, UnknownPlace>) -> Option<String> {
        result.ok().and_then(|o| o.name)
    }

    #[test]
    fn coordinates_come_first() {
        let places = chicago();
        let g = Gazetteer::new(&places);
        let o = g.resolve(&places, "41.88,-87.63").unwrap();
        assert_eq!(
            o,
            Origin {
                name: None,
                lat: 41.88,
                lon: -87.63
            }
        );
        let o = g.resolve(&places, " 41.88, -87.63 ").unwrap();
        assert_eq!((o.lat, o.lon), (41.88, -87.63));
    }

    #[test]
    fn parse_coordinates_accepts_two_decimals_in_range() {
        assert_eq!(parse_coordinates("41.88,-87.63"), Some((41.88, -87.63)));
        assert_eq!(parse_coordinates("41.88, -87.63"), Some((41.88, -87.63)));
        assert_eq!(parse_coordinates("+41.88 ,  +87.63"), Some((41.88, 87.63)));
        assert_eq!(parse_coordinates("-90,180"), Some((-90.0, 180.0)));
        assert_eq!(parse_coordinates("0,0"), Some((0.0, 0.0)));
        assert_eq!(parse_coordinates(".5,5."), Some((0.5, 5.0)));
        for bad in [
            "",
            ",",
            "41.88",
            "41.88,",
            ",-87.63",
            "41.88 -87.63",
            "41.88;-87.63",
            "90.1,0",
            "-90.1,0",
            "0,180.5",
            "0,-181",
            "NaN,0",
            "inf,0",
            "1e1,0",
            "41,88,-87,63",
            "a,b",
            "41.88,-87.63x",
            "--1,2",
            "1.2.3,4",
            "-,1",
            ".,1",
        ] {
            assert_eq!(parse_coordinates(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn exact_names_and_aliases_ignore_case_and_spacing() {
        let places = chicago();
        let g = Gazetteer::new(&places);
        for (typed, name) in [
            ("Union Station", "Union Station"),
            ("union station", "Union Station"),
            ("  UNION   station ", "Union Station"),
            ("cus", "Union Station"),
            ("Central Station", "Central District Station"),
            ("1st district", "Central District Station"),
            ("o'hare airport", "O'Hare Airport"),
            ("OHare Airport", "O'Hare Airport"),
            ("ord", "O'Hare Airport"),
            ("60601", "60601"),
            ("sw1a 1aa", "SW1A 1AA"),
            ("SW1A1AA", "SW1A 1AA"),
        ] {
            assert_eq!(
                origin_name(g.resolve(&places, typed)).as_deref(),
                Some(name),
                "{typed:?}"
            );
        }
        let o = g.resolve(&places, "pilsen").unwrap();
        assert_eq!((o.lat, o.lon), (41.8550, -87.6600));
    }

    #[test]
    fn a_name_wins_over_another_places_alias() {
        let places = vec![
            place("Harbor", &["Pier"], None, 1.0, 1.0),
            place("Pier", &[], None, 2.0, 2.0),
        ];
        let g = Gazetteer::new(&places);
        assert_eq!(
            origin_name(g.resolve(&places, "pier")).as_deref(),
            Some("Pier")
        );
    }

    #[test]
    fn a_typo_resolves_when_one_place_is_clearly_best() {
        let places = chicago();
        let g = Gazetteer::new(&places);
        for (typed, name) in [
            ("Union Staton", "Union Station"),
            ("unoin station", "Union Station"),
            ("Pilsn", "Pilsen"),
            ("wicker prk", "Wicker Park"),
            ("Navy Peir", "Navy Pier"),
            ("chicago union statoin", "Union Station"),
            // The leading words of one place only.
            ("union", "Union Station"),
            ("navy", "Navy Pier"),
            ("central district", "Central District Station"),
        ] {
            assert_eq!(
                origin_name(g.resolve(&places, typed)).as_deref(),
                Some(name),
                "{typed:?}"
            );
        }
    }

    #[test]
    fn a_typo_between_two_places_is_not_guessed() {
        let places = vec![
            place("Oak Park", &[], None, 1.0, 1.0),
            place("Oak Bark", &[], None, 2.0, 2.0),
            place("Lincoln Park", &[], None, 3.0, 3.0),
            place("Lincoln Square", &[], None, 4.0, 4.0),
        ];
        let g = Gazetteer::new(&places);
        // One edit from both.
        assert!(g.resolve(&places, "Oak Dark").is_err());
        // One edit from one and two from the other is clear enough.
        assert_eq!(
            origin_name(g.resolve(&places, "Oak Parx")).as_deref(),
            Some("Oak Park")
        );
        // The leading word of two places.
        let e = g.resolve(&places, "lincoln").unwrap_err();
        assert!(e.suggestions.contains(&"Lincoln Park".to_string()), "{e:?}");
        assert!(
            e.suggestions.contains(&"Lincoln Square".to_string()),
            "{e:?}"
        );
        // Short words are never guessed.
        assert!(g.resolve(&places, "oak").is_err());
        assert!(g.resolve(&places, "oa").is_err());
    }

    #[test]
    fn postcodes_are_never_matched_fuzzily() {
        let places = chicago();
        let g = Gazetteer::new(&places);
        let e = g.resolve(&places, "60603").unwrap_err();
        assert_eq!(e.query, "60603");
        assert!(!e.suggestions.is_empty());
        assert!(e.suggestions.iter().all(|s| s.starts_with("606")), "{e:?}");
        assert_eq!(e.suggestions[0], "60601");
        // A transposition is still an error, with the right one suggested.
        let e = g.resolve(&places, "60610").unwrap_err();
        assert!(e.suggestions.contains(&"60601".to_string()), "{e:?}");
        let e = g.resolve(&places, "6060").unwrap_err();
        assert!(e.suggestions.len() >= 3, "{e:?}");
        // A UK postcode with a typo is not another postcode, nor a name.
        let e = g.resolve(&places, "SW1A 1AB").unwrap_err();
        assert_eq!(e.suggestions.first().map(String::as_str), Some("SW1A 1AA"));
        // A name query never fuzzily reaches a postcode place either.
        let places = vec![
            place("Northfield", &[], Some("postcode"), 1.0, 1.0),
            place("Southfield", &[], None, 2.0, 2.0),
        ];
        let g = Gazetteer::new(&places);
        assert!(g.resolve(&places, "Northfeld").is_err());
        assert_eq!(
            origin_name(g.resolve(&places, "northfield")).as_deref(),
            Some("Northfield")
        );
        assert_eq!(
            origin_name(g.resolve(&places, "Southfeld")).as_deref(),
            Some("Southfield")
        );
    }

    #[test]
    fn an_unknown_place_suggests_names_and_mentions_coordinates() {
        let places = chicago();
        let g = Gazetteer::new(&places);
        let e = g.resolve(&places, "Wicker Prak Station").unwrap_err();
        assert_eq!(e.query, "Wicker Prak Station");
        assert!(e.suggestions.len() <= 5);
        assert!(e.suggestions.contains(&"Wicker Park".to_string()), "{e:?}");
        let text = e.to_string();
        assert!(text.starts_with("no place is named \"Wicker Prak Station\"; did you mean: "));
        assert!(text.contains("LAT,LON"), "{text}");
        // Postcodes are not suggested for a name.
        let e = g.resolve(&places, "Lakeview").unwrap_err();
        assert!(e.suggestions.iter().all(|s| !s.starts_with("606")), "{e:?}");
    }

    #[test]
    fn unknown_place_messages() {
        let e = UnknownPlace {
            query: "xyz".into(),
            suggestions: vec!["A".into(), "B".into()],
        };
        assert_eq!(
            e.to_string(),
            "no place is named \"xyz\"; did you mean: A, B? (`deflect places` lists the \
             places; LAT,LON such as 41.8781,-87.6298 works too)"
        );
        let e = UnknownPlace {
            query: "xyz".into(),
            suggestions: vec![],
        };
        assert_eq!(
            e.to_string(),
            "no place is named \"xyz\" (`deflect places` lists the places; LAT,LON such as \
             41.8781,-87.6298 works too)"
        );
        let places = chicago();
        let g = Gazetteer::new(&places);
        let e = g.resolve(&places, "95,200").unwrap_err();
        assert!(e.to_string().contains("not a valid LAT,LON"), "{e}");
        let e = g.resolve(&places, "   ").unwrap_err();
        assert!(e.to_string().starts_with("no place given"), "{e}");
    }

    #[test]
    fn search_lists_substring_and_fuzzy_matches_best_first() {
        let places = chicago();
        let g = Gazetteer::new(&places);
        let names = |q: &str| -> Vec<String> {
            g.search(&places, q)
                .into_iter()
                .map(|i| places[i].name.clone())
                .collect()
        };
        assert_eq!(names("").len(), places.len());
        assert_eq!(names("park"), ["Lincoln Park", "Wicker Park"]);
        let station = names("station");
        assert_eq!(station, ["Central District Station", "Union Station"]);
        assert_eq!(names("union")[0], "Union Station");
        assert_eq!(names("606"), ["60601", "60602", "60607", "60616"]);
        assert_eq!(names("60601"), ["60601"]);
        // Fuzzy for names, best first after substrings.
        assert_eq!(
            names("statoin"),
            ["Central District Station", "Union Station"]
        );
        assert_eq!(names("pilsn"), ["Pilsen"]);
        // Never fuzzy for postcodes.
        assert!(names("60603").is_empty());
        assert!(names("zzzzzz").is_empty());
        // Exact before prefix before word prefix before substring.
        let places = vec![
            place("Northpark Mall", &[], None, 0.0, 0.0),
            place("Park", &[], None, 0.0, 0.0),
            place("North Park", &[], None, 0.0, 0.0),
            place("Parkside", &[], None, 0.0, 0.0),
        ];
        let g = Gazetteer::new(&places);
        let order: Vec<&str> = g
            .search(&places, "park")
            .into_iter()
            .map(|i| places[i].name.as_str())
            .collect();
        assert_eq!(order, ["Park", "Parkside", "North Park", "Northpark Mall"]);
    }

    fn with_postcodes() -> Vec<Place> {
        let mut places = chicago();
        for i in 0..33_000u32 {
            let code = format!("{:05}", 10_000 + i * 2);
            let lat = 25.0 + f64::from(i % 2_000) / 100.0;
            let lon = -120.0 + f64::from(i / 2_000);
            places.push(place(&code, &[], Some("postcode"), lat, lon));
        }
        places
    }

    #[test]
    fn thirty_three_thousand_postcodes_resolve_fast() {
        let places = with_postcodes();
        let started = Instant::now();
        let g = Gazetteer::new(&places);
        let built = started.elapsed();
        assert!(built < Duration::from_secs(2), "building took {built:?}");
        for (query, ok) in [
            ("10000", true),
            ("75998", true),
            ("Union Station", true),
            ("union staton", true),
            ("41.88,-87.63", true),
            ("10001", false),
            ("7599", false),
            ("Nowhere Town", false),
        ] {
            let started = Instant::now();
            let result = g.resolve(&places, query);
            let took = started.elapsed();
            assert_eq!(result.is_ok(), ok, "{query:?}: {result:?}");
            assert!(took < Duration::from_millis(10), "{query:?} took {took:?}");
        }
        let e = g.resolve(&places, "10001").unwrap_err();
        assert_eq!(e.suggestions[..2], ["10000", "10002"]);
        let started = Instant::now();
        let found = g.search(&places, "7599");
        assert!(started.elapsed() < Duration::from_millis(200));
        assert_eq!(found.len(), 5); // 75990 .. 75998, even codes only
    }

    #[test]
    fn a_different_slice_never_panics() {
        let places = chicago();
        let g = Gazetteer::new(&places);
        assert!(g.resolve(&[], "Union Station").is_err());
        assert!(g.resolve(&[], "Union Staton").is_err());
        assert!(g.search(&[], "union").is_empty());
        let empty = Gazetteer::new(&[]);
        assert!(empty.resolve(&places, "Union Station").is_err());
        assert!(empty.resolve(&places, "60601").is_err());
        assert!(empty.search(&places, "x").is_empty());
        for odd in ["\u{0}", "🙂", "İ", "'", ",", "-", "..", "\u{202e}60601"] {
            let _ = g.resolve(&places, odd);
            let _ = g.search(&places, odd);
        }
    }

    #[test]
    fn the_signature_bound_never_exceeds_the_distance() {
        let words = [
            "",
            "6",
            "60601",
            "60610",
            "06601",
            "6060",
            "606011",
            "sw1a1aa",
            "sw1a1ab",
            "abc",
            "ca",
            "ac",
            "12345",
            "23451",
            "54321",
            "1111111111111111111111",
        ];
        for a in words {
            for b in words {
                let bound = lower_bound(signature(a.as_bytes()), signature(b.as_bytes()));
                assert!(bound <= osa_distance(a, b), "{a} {b}");
            }
        }
        assert_eq!(lower_bound(signature(b"10001"), signature(b"10001")), 0);
        assert_eq!(lower_bound(signature(b"10001"), signature(b"23456")), 5);
    }

    #[test]
    fn bounded_osa_agrees_with_strsim() {
        let words = [
            "", "6", "60601", "60610", "06601", "6060", "606011", "sw1a1aa", "sw1a1ab", "abc",
            "ca", "ac", "12345", "23451", "54321",
        ];
        for a in words {
            for b in words {
                let d = osa_distance(a, b);
                for max in 0..=6 {
                    let want = (d <= max).then_some(d);
                    assert_eq!(
                        bounded_osa(a.as_bytes(), b.as_bytes(), max),
                        want,
                        "{a} {b} {max}"
                    );
                }
            }
        }
        let long = "1".repeat(40);
        assert_eq!(bounded_osa(long.as_bytes(), b"1", 99), Some(39));
        assert_eq!(bounded_osa(long.as_bytes(), b"1", 2), None);
        let long2 = format!("{long}2");
        assert_eq!(bounded_osa(long.as_bytes(), long2.as_bytes(), 2), Some(1));
    }

    #[test]
    fn looks_like_postcode_by_digits_or_coded_words() {
        for yes in [
            "60601",
            "6060",
            "606o1",
            "1011 ab",
            "sw1a 1aa",
            "k1a 0b1",
            "m1 1ae",
            "60601 1234",
        ] {
            assert!(looks_like_postcode(yes), "{yes:?}");
        }
        for no in ["union station", "pier 39", "navy pier", "", "station 12"] {
            assert!(!looks_like_postcode(no), "{no:?}");
        }
    }

    #[test]
    fn haversine_matches_known_distances() {
        assert_eq!(haversine_km((41.88, -87.63), (41.88, -87.63)), 0.0);
        // One degree of latitude on the mean sphere: 2πR/360.
        let degree = haversine_km((0.0, 0.0), (1.0, 0.0));
        assert!((degree - 111.195_08).abs() < 0.001, "{degree}");
        // Chicago Union Station to O'Hare, about 24 km.
        let d = haversine_km((41.8789, -87.6400), (41.9742, -87.9073));
        assert!((d - 24.4).abs() < 0.3, "{d}");
        // London to Paris, about 344 km.
        let d = haversine_km((51.5074, -0.1278), (48.8566, 2.3522));
        assert!((d - 343.9).abs() < 1.0, "{d}");
        // Antipodes: half the circumference, no NaN.
        let d = haversine_km((0.0, 0.0), (0.0, 180.0));
        assert!((d - std::f64::consts::PI * 6371.0088).abs() < 1e-6, "{d}");
        // Symmetric.
        let (a, b) = ((10.0, 20.0), (-30.0, 140.0));
        assert!((haversine_km(a, b) - haversine_km(b, a)).abs() < 1e-9);
    }

    #[test]
    fn parse_radius_reads_numbers_and_units() {
        let close = |a: f64, b: f64| (a - b).abs() < 1e-9;
        assert!(close(parse_radius("5", Units::Km).unwrap(), 5.0));
        assert!(close(parse_radius("5", Units::Mi).unwrap(), 5.0 * 1.609344));
        assert!(close(parse_radius("5km", Units::Mi).unwrap(), 5.0));
        assert!(close(
            parse_radius("3mi", Units::Km).unwrap(),
            3.0 * 1.609344
        ));
        assert!(close(
            parse_radius("2.5 mi", Units::Km).unwrap(),
            2.5 * 1.609344
        ));
        assert!(close(
            parse_radius("10 miles", Units::Km).unwrap(),
            16.09344
        ));
        assert!(close(parse_radius("1 mile", Units::Km).unwrap(), 1.609344));
        assert!(close(parse_radius(" 7.5 KM ", Units::Mi).unwrap(), 7.5));
        assert!(close(parse_radius("4 kilometres", Units::Mi).unwrap(), 4.0));
        assert!(close(parse_radius("0.5", Units::Km).unwrap(), 0.5));
        assert!(close(
            parse_radius(".5mi", Units::Km).unwrap(),
            0.5 * 1.609344
        ));
    }

    #[test]
    fn parse_radius_rejects_what_is_not_a_positive_distance() {
        for bad in [
            "", " ", "-5", "-5km", "0", "0.0", "0mi", "NaN", "nan", "inf", "1e3", "abc", "5 m",
            "5 metres", "5 feet", "km", "5km5", "5..0", "5,5", "+-5", "--5", "- 5",
        ] {
            let e = parse_radius(bad, Units::Km).unwrap_err();
            assert!(e.contains(&format!("\"{bad}\"")), "{bad:?}: {e}");
            assert!(e.contains("5km") && e.contains("3mi"), "{bad:?}: {e}");
        }
        let e = parse_radius("-5", Units::Mi).unwrap_err();
        assert!(e.contains("greater than zero"), "{e}");
        assert!(e.contains("in mi"), "{e}");
        let e = parse_radius("5 m", Units::Km).unwrap_err();
        assert!(e.contains("\"m\" is not km or mi"), "{e}");
    }

    #[test]
    fn format_distance_rounds_for_people() {
        assert_eq!(format_distance(0.0, Units::Km), "0.0 km");
        assert_eq!(format_distance(0.64, Units::Mi), "0.4 mi");
        assert_eq!(format_distance(1.26, Units::Km), "1.3 km");
        assert_eq!(format_distance(9.94, Units::Km), "9.9 km");
        assert_eq!(format_distance(9.96, Units::Km), "10 km");
        assert_eq!(format_distance(12.4, Units::Km), "12 km");
        assert_eq!(format_distance(12.5, Units::Km), "13 km");
        assert_eq!(format_distance(16.09344, Units::Mi), "10 mi");
        assert_eq!(format_distance(1234.4, Units::Km), "1234 km");
        assert_eq!(format_distance(-1.0, Units::Km), "0.0 km");
        assert_eq!(format_distance(f64::NAN, Units::Mi), "? mi");
        assert_eq!(format_distance(f64::INFINITY, Units::Km), "? km");
    }

    #[test]
    fn units_serde_display_and_parse() {
        assert_eq!(serde_json::to_string(&Units::Km).unwrap(), "\"km\"");
        assert_eq!(serde_json::to_string(&Units::Mi).unwrap(), "\"mi\"");
        assert_eq!(serde_json::from_str::<Units>("\"mi\"").unwrap(), Units::Mi);
        assert!(serde_json::from_str::<Units>("\"MI\"").is_err());
        assert_eq!(Units::Km.to_string(), "km");
        assert_eq!("Miles".parse::<Units>(), Ok(Units::Mi));
        assert_eq!(" km ".parse::<Units>(), Ok(Units::Km));
        assert!("m".parse::<Units>().is_err());
    }

    #[test]
    fn place_and_origin_serialise() {
        let p: Place = serde_json::from_str(r#"{"name":"X","lat":1.5,"lon":2.5}"#).unwrap();
        assert_eq!(p, place("X", &[], None, 1.5, 2.5));
        let o = Origin {
            name: None,
            lat: 41.88,
            lon: -87.63,
        };
        assert_eq!(
            serde_json::to_string(&o).unwrap(),
            r#"{"name":null,"lat":41.88,"lon":-87.63}"#
        );
    }
}
