//! Request words as data (docs/FORMAT.md, `[[word]]`) and the substances
//! of services and categories: the one rule for what a word table may say,
//! used for the built-in words (`data/words.toml`) and for a directory's
//! own, and the check that a directory's word never gives a known word a
//! second reading.

use std::ops::Range;

use serde::Deserialize;

use crate::diagnostic::Diagnostic;
use crate::directory::lang::is_language_code;
use crate::directory::model::{Meaning, Word, ATTRIBUTES, GENDERS, PAYMENTS, SUBSTANCES};
use crate::directory::read::TableReader;
use crate::directory::source::SourceFile;
use crate::taxonomy::{Category, Taxonomy};

/// The keys that give a word its meaning; a table holds exactly one of
/// them, or `readings`.
pub const MEANING_KEYS: &[&str] = &MEANINGS;

const MEANINGS: [&str; 8] = [
    "category",
    "substance",
    "prefer",
    "gender",
    "lang",
    "payment",
    "ages",
    "skip",
];

/// The keys of a `[[word]]` table: `words`, the [`MEANING_KEYS`], and
/// `readings`, built from the one list of meanings.
pub const WORD_KEYS: &[&str] = &{
    let mut keys = [""; MEANINGS.len() + 2];
    keys[0] = "words";
    let mut i = 0;
    while i < MEANINGS.len() {
        keys[i + 1] = MEANINGS[i];
        i += 1;
    }
    keys[MEANINGS.len() + 1] = "readings";
    keys
};

/// One meaning as written, before it is checked: at most one field should
/// be set.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawMeaning {
    /// A category id.
    pub category: Option<String>,
    /// A substance.
    pub substance: Option<String>,
    /// An attribute.
    pub prefer: Option<String>,
    /// A gender value.
    pub gender: Option<String>,
    /// A language code.
    pub lang: Option<String>,
    /// Payment values.
    pub payment: Option<Vec<String>>,
    /// `[min, max]`.
    pub ages: Option<Vec<i64>>,
    /// `true`: filler.
    pub skip: Option<bool>,
}

impl RawMeaning {
    /// How many meaning keys are given.
    fn given(&self) -> usize {
        [
            self.category.is_some(),
            self.substance.is_some(),
            self.prefer.is_some(),
            self.gender.is_some(),
            self.lang.is_some(),
            self.payment.is_some(),
            self.ages.is_some(),
            self.skip.is_some(),
        ]
        .iter()
        .filter(|g| **g)
        .count()
    }

    /// The meaning, when exactly one key gives a valid value. Category ids
    /// are checked against the taxonomy by the caller, which knows it.
    ///
    /// # Errors
    /// No meaning key, more than one, or a value outside its list, with a
    /// message that says what to write.
    pub fn into_meaning(self) -> Result<Meaning, String> {
        if self.given() != 1 {
            return Err(format!(
                "give a word exactly one meaning: one of `{}`, or `readings`",
                MEANING_KEYS.join("`, `")
            ));
        }
        let one_of = |what: &str, value: &str, list: &[&str]| -> Result<String, String> {
            if list.contains(&value) {
                Ok(value.to_string())
            } else {
                let hint = crate::directory::read::closest(value, list)
                    .map(|k| format!("did you mean \"{k}\"? "))
                    .unwrap_or_default();
                Err(format!(
                    "unknown {what} \"{}\": {hint}use one of {}",
                    crate::sanitize::visible(value),
                    list.join(", ")
                ))
            }
        };
        if let Some(id) = self.category {
            return Ok(Meaning::Category(id));
        }
        if let Some(s) = self.substance {
            return one_of("substance", &s, SUBSTANCES).map(Meaning::Substance);
        }
        if let Some(a) = self.prefer {
            return one_of("attribute", &a, ATTRIBUTES).map(Meaning::Prefer);
        }
        if let Some(g) = self.gender {
            return one_of("gender", &g, GENDERS).map(Meaning::Gender);
        }
        if let Some(code) = self.lang {
            let code = code.to_lowercase();
            return if is_language_code(&code) {
                Ok(Meaning::Lang(code))
            } else {
                Err(format!(
                    "\"{}\" is not an ISO 639-1 language code such as es, ar, pl",
                    crate::sanitize::visible(&code)
                ))
            };
        }
        if let Some(values) = self.payment {
            if values.is_empty() {
                return Err("`payment` lists no value".into());
            }
            let checked: Result<Vec<String>, String> = values
                .iter()
                .map(|p| one_of("payment", p, PAYMENTS))
                .collect();
            return checked.map(Meaning::Payment);
        }
        if let Some(ages) = self.ages {
            return match ages[..] {
                [min, max] if (0..=130).contains(&min) && (min..=130).contains(&max) => {
                    Ok(Meaning::Ages(min as u32, max as u32))
                }
                _ => Err("`ages` must be [min, max], from 0 to 130, min first".into()),
            };
        }
        match self.skip {
            Some(true) => Ok(Meaning::Skip),
            _ => Err("`skip` can only be true".into()),
        }
    }
}

/// A `[[word]]` as written.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawWord {
    words: Vec<String>,
    category: Option<String>,
    substance: Option<String>,
    prefer: Option<String>,
    gender: Option<String>,
    lang: Option<String>,
    payment: Option<Vec<String>>,
    ages: Option<Vec<i64>>,
    skip: Option<bool>,
    readings: Option<Vec<RawMeaning>>,
}

/// The meanings of a word table: its one meaning, or its `readings`.
///
/// # Errors
/// As [`RawMeaning::into_meaning`]; also `readings` beside a meaning, or
/// fewer than two readings.
pub fn readings_of(
    meaning: RawMeaning,
    readings: Option<Vec<RawMeaning>>,
) -> Result<Vec<Meaning>, String> {
    let Some(readings) = readings else {
        return meaning.into_meaning().map(|m| vec![m]);
    };
    if meaning.given() > 0 {
        return Err("give either a meaning or `readings`, not both".into());
    }
    if readings.len() < 2 {
        return Err(
            "`readings` lists the meanings of a word that has several: give two or more".into(),
        );
    }
    readings.into_iter().map(RawMeaning::into_meaning).collect()
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct WordFile {
    word: Vec<RawWord>,
}

/// Reads a file of `[[word]]` tables (the built-in `data/words.toml`).
///
/// # Errors
/// The first table that is not a valid word, with its words.
pub fn parse_word_file(text: &str) -> Result<Vec<Word>, String> {
    let file: WordFile = toml::from_str(text).map_err(|e| e.to_string())?;
    file.word
        .into_iter()
        .map(|raw| {
            let meaning = RawMeaning {
                category: raw.category,
                substance: raw.substance,
                prefer: raw.prefer,
                gender: raw.gender,
                lang: raw.lang,
                payment: raw.payment,
                ages: raw.ages,
                skip: raw.skip,
            };
            let readings =
                readings_of(meaning, raw.readings).map_err(|e| format!("{:?}: {e}", raw.words))?;
            if raw
                .words
                .iter()
                .all(|w| crate::text::normalise(w).is_empty())
            {
                return Err(format!("{:?}: give at least one word", raw.words));
            }
            Ok(Word {
                words: raw.words,
                readings,
            })
        })
        .collect()
}

/// Reads `substances` of a service or category. A value outside
/// [`SUBSTANCES`] is an `unknown-substance` error, and then the whole list
/// is ignored until it is fixed: a list missing a misspelt substance would
/// exclude the service from searches for it, while no list excludes it
/// from none.
pub(crate) fn read_substances(r: &mut TableReader<'_, '_>) -> Vec<String> {
    let mut out = Vec::new();
    let mut unknown = false;
    for (value, span) in r.strings("substances") {
        let lower = value.trim().to_lowercase();
        if SUBSTANCES.contains(&lower.as_str()) {
            if !out.contains(&lower) {
                out.push(lower);
            }
            continue;
        }
        unknown = true;
        let hint = crate::directory::read::closest(&lower, SUBSTANCES)
            .map(|k| format!("did you mean \"{k}\"? "))
            .unwrap_or_default();
        r.drop_value(
            "unknown-substance",
            format!(
                "unknown substance \"{}\": {hint}use {}; the list is ignored until this is fixed",
                crate::sanitize::visible(&value),
                SUBSTANCES.join(", ")
            ),
            span,
        );
    }
    if unknown {
        out.clear();
    }
    out
}

/// Reads one `[[word]]` table; `None` (with a diagnostic) when it gives no
/// word or no valid meaning.
pub(crate) fn read_word(r: &mut TableReader<'_, '_>) -> Option<Word> {
    let words: Vec<String> = r.strings("words").into_iter().map(|(w, _)| w).collect();
    if words.iter().all(|w| crate::text::normalise(w).is_empty()) {
        if !r.has("words") {
            r.missing(
                "words",
                "list the words or phrases, e.g. words = [\"dry out\"]",
            );
        } else {
            let span = r.value_span("words").unwrap_or(0..0);
            r.drop_value("missing-key", "`words` lists no word".into(), span);
        }
        return None;
    }
    let meaning = read_meaning(r);
    let readings = if r.has("readings") {
        let mut readings = Vec::new();
        for mut sub in r.tables("readings", MEANING_KEYS) {
            readings.push(read_meaning(&mut sub));
            sub.check_unknown_keys();
            r.absorb(sub);
        }
        Some(readings)
    } else {
        None
    };
    match readings_of(meaning, readings) {
        Ok(readings) => Some(Word { words, readings }),
        Err(message) => {
            // Point at the meaning written, else at the table.
            let span = MEANING_KEYS
                .iter()
                .chain(std::iter::once(&"readings"))
                .find_map(|key| r.value_span(key))
                .unwrap_or_else(|| r.table_span());
            r.drop_value("invalid-word", message, span);
            None
        }
    }
}

/// The meaning keys of a table as written.
fn read_meaning(r: &mut TableReader<'_, '_>) -> RawMeaning {
    let has = |r: &TableReader<'_, '_>, key: &str| r.has(key);
    RawMeaning {
        category: r.string("category"),
        substance: r.string("substance"),
        prefer: r.string("prefer"),
        gender: r.string("gender"),
        lang: r.string("lang"),
        payment: has(r, "payment")
            .then(|| r.strings("payment").into_iter().map(|(p, _)| p).collect()),
        ages: has(r, "ages").then(|| r.integers("ages")),
        skip: r.boolean("skip"),
    }
}

/// Every built-in reading of a phrase in normal form: the taxonomy's
/// categories that name it (ids, names and synonyms), and the built-in
/// words' meanings.
pub fn built_in_readings(key: &str, taxonomy: &Taxonomy) -> Vec<Meaning> {
    let mut out: Vec<Meaning> = Vec::new();
    for category in taxonomy.categories() {
        let names = std::iter::once(&category.id)
            .chain(std::iter::once(&category.name))
            .chain(&category.synonyms);
        if names.into_iter().any(|n| crate::text::normalise(n) == key) {
            out.push(Meaning::Category(category.id.clone()));
        }
    }
    for word in built_in() {
        if word.words.iter().any(|w| crate::text::normalise(w) == key) {
            out.extend(word.readings.iter().cloned());
        }
    }
    out
}

/// The built-in request words (`data/words.toml`), read once.
pub fn built_in() -> &'static [Word] {
    static WORDS: std::sync::OnceLock<Vec<Word>> = std::sync::OnceLock::new();
    WORDS.get_or_init(|| {
        // The file is part of the program and checked by a test, so a
        // fault here is a build defect, not a user error.
        parse_word_file(include_str!("../../data/words.toml"))
            .expect("data/words.toml is valid (checked by tests)")
    })
}

/// Checks a directory's `[[word]]` tables against the whole taxonomy and
/// the built-in words, after the directory's categories are added: a word
/// naming a category becomes a synonym of it; a category that does not
/// exist is `unknown-category`; a word that already has another reading is
/// `ambiguous-word`. Either error drops the word (the built-in reading
/// stands). Returns the words that stand and are not category words, and
/// how many were dropped.
pub(crate) fn add_words(
    taxonomy: &mut Taxonomy,
    files: &[SourceFile],
    diagnostics: &mut Vec<Diagnostic>,
    words: Vec<(usize, Word, Range<usize>)>,
) -> (Vec<Word>, usize) {
    let before = taxonomy.clone();
    let mut kept: Vec<Word> = Vec::new();
    let mut dropped = 0;
    let mut seen: Vec<(String, Vec<Meaning>)> = Vec::new();
    for (file, word, span) in words {
        let fault = word_fault(&word, &before, &seen);
        if let Some((code, message)) = fault {
            diagnostics.push(files[file].locate(Diagnostic::error(code, message), span));
            dropped += 1;
            continue;
        }
        for phrase in &word.words {
            seen.push((crate::text::normalise(phrase), word.readings.clone()));
        }
        match &word.readings[..] {
            [Meaning::Category(id)] => taxonomy.add(Category {
                id: id.clone(),
                name: String::new(),
                parent: None,
                synonyms: word.words.clone(),
                substances: Vec::new(),
            }),
            _ => kept.push(word),
        }
    }
    (kept, dropped)
}

/// Why a directory's word cannot stand, if it cannot.
fn word_fault(
    word: &Word,
    taxonomy: &Taxonomy,
    seen: &[(String, Vec<Meaning>)],
) -> Option<(&'static str, String)> {
    for meaning in &word.readings {
        if let Meaning::Category(id) = meaning {
            if !taxonomy.contains(id) {
                return Some((
                    "unknown-category",
                    format!(
                        "word category \"{}\" is not a category: `deflect categories` lists them",
                        crate::sanitize::visible(id)
                    ),
                ));
            }
        }
    }
    for phrase in &word.words {
        let key = crate::text::normalise(phrase);
        let mut other = built_in_readings(&key, taxonomy);
        other.extend(
            seen.iter()
                .filter(|(k, _)| *k == key)
                .flat_map(|(_, m)| m.iter().cloned()),
        );
        if other.iter().any(|m| !word.readings.contains(m)) {
            return Some((
                "ambiguous-word",
                format!(
                    "\"{}\" already means {}: a word with two readings is never guessed, so this one is ignored; choose another word",
                    crate::sanitize::visible(phrase),
                    describe(&other)
                ),
            ));
        }
    }
    None
}

/// Readings in words, for messages: `the category "shelter"`, `the
/// substance "alcohol"`.
pub fn describe(readings: &[Meaning]) -> String {
    let parts: Vec<String> = readings
        .iter()
        .map(|m| match m {
            Meaning::Category(id) => format!("the category \"{id}\""),
            Meaning::Substance(s) => format!("the substance \"{s}\""),
            Meaning::Prefer(a) => format!("the preference \"{a}\""),
            Meaning::Gender(g) => format!("the gender \"{g}\""),
            Meaning::Lang(l) => format!("the language \"{l}\""),
            Meaning::Payment(p) => format!("the payment \"{}\"", p.join(", ")),
            Meaning::Ages(a, b) => format!("ages {a} to {b}"),
            Meaning::Skip => "a filler word".to_string(),
        })
        .collect();
    parts.join(" or ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_word_table_takes_words_each_meaning_and_readings() {
        assert_eq!(
            WORD_KEYS,
            [
                "words",
                "category",
                "substance",
                "prefer",
                "gender",
                "lang",
                "payment",
                "ages",
                "skip",
                "readings",
            ]
        );
    }
}
