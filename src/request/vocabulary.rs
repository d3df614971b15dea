//! The request words deflect knows besides the taxonomy's: the built-in
//! words (`data/words.toml`) and a directory's `[[word]]` tables, by normal
//! form, with the typo tolerance substance words get (REQUEST.md rule 2).

use std::collections::HashMap;

use crate::directory::words::built_in;
use crate::directory::{Meaning, Word};
use crate::text::{normalise, suggestion_score, typo_distance};

/// Which list a word belongs to; at equal length the lower wins
/// (REQUEST.md rule 2: taxonomy, substances, person, preferences, filler).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum List {
    /// A place after a marker word, or a bare postcode.
    Place,
    /// A time phrase.
    Time,
    /// The taxonomy's categories and synonyms.
    Taxonomy,
    /// Substances.
    Substance,
    /// Person words: age, gender, language, payment.
    Person,
    /// Preferences.
    Preference,
    /// Filler.
    Filler,
}

impl List {
    /// The list of a meaning.
    pub fn of(meaning: &Meaning) -> List {
        match meaning {
            Meaning::Category(_) => List::Taxonomy,
            Meaning::Substance(_) => List::Substance,
            Meaning::Gender(_) | Meaning::Lang(_) | Meaning::Payment(_) | Meaning::Ages(..) => {
                List::Person
            }
            Meaning::Prefer(_) => List::Preference,
            Meaning::Skip => List::Filler,
        }
    }
}

/// One phrase and its readings.
#[derive(Debug, Clone)]
pub struct Entry {
    /// The phrase as the data writes it, for messages.
    pub display: String,
    /// Its readings: one, or several that are never guessed between.
    pub readings: Vec<Meaning>,
    /// How many words it has.
    pub words: usize,
}

impl Entry {
    /// The list the entry belongs to: that of its first reading.
    pub fn list(&self) -> List {
        self.readings.first().map_or(List::Filler, List::of)
    }
}

/// The words of the built-in data and of a directory, by normal form.
#[derive(Debug, Clone)]
pub struct Vocabulary {
    entries: Vec<Entry>,
    by_key: HashMap<String, usize>,
    /// The most words of any phrase.
    pub max_words: usize,
}

impl Vocabulary {
    /// The built-in words, then a directory's (which loading has already
    /// checked never give a built-in word a second reading).
    pub fn new(directory_words: &[Word]) -> std::borrow::Cow<'static, Vocabulary> {
        static BUILT_IN: std::sync::OnceLock<Vocabulary> = std::sync::OnceLock::new();
        let built_in = BUILT_IN.get_or_init(|| {
            let mut vocabulary = Vocabulary {
                entries: Vec::new(),
                by_key: HashMap::new(),
                max_words: 1,
            };
            for word in built_in() {
                for phrase in &word.words {
                    vocabulary.add(phrase, &word.readings);
                }
            }
            vocabulary
        });
        if directory_words.is_empty() {
            return std::borrow::Cow::Borrowed(built_in);
        }
        let mut vocabulary = built_in.clone();
        for word in directory_words {
            for phrase in &word.words {
                vocabulary.add(phrase, &word.readings);
            }
        }
        std::borrow::Cow::Owned(vocabulary)
    }

    fn add(&mut self, phrase: &str, readings: &[Meaning]) {
        let key = normalise(phrase);
        if key.is_empty() {
            return;
        }
        if let Some(&i) = self.by_key.get(&key) {
            let entry = &mut self.entries[i];
            for reading in readings {
                if !entry.readings.contains(reading) {
                    entry.readings.push(reading.clone());
                }
            }
            return;
        }
        let words = key.split(' ').count();
        self.max_words = self.max_words.max(words);
        self.by_key.insert(key, self.entries.len());
        self.entries.push(Entry {
            display: phrase.to_string(),
            readings: readings.to_vec(),
            words,
        });
    }

    /// The entry spelled exactly so, in normal form.
    pub fn exact(&self, key: &str) -> Option<&Entry> {
        self.by_key.get(key).map(|&i| &self.entries[i])
    }

    /// The substance word clearly closest to `key` (of `words` words): a
    /// typo, within the budget, nearer by an edit than any word of another
    /// substance.
    pub fn fuzzy_substance(&self, key: &str, words: usize) -> Option<&Entry> {
        let substances = self
            .entries
            .iter()
            .filter(|e| e.readings.len() == 1 && matches!(e.readings[0], Meaning::Substance(_)));
        let mut best: Option<(usize, &Entry)> = None;
        let mut tie = false;
        for entry in substances.clone().filter(|e| e.words == words) {
            let Some(d) = typo_distance(key, &normalise(&entry.display)) else {
                continue;
            };
            match best {
                Some((bd, _)) if d > bd => {}
                Some((bd, b)) if d == bd => tie |= b.readings != entry.readings,
                _ => {
                    best = Some((d, entry));
                    tie = false;
                }
            }
        }
        let (d, winner) = best?;
        let clear = substances
            .filter(|e| e.readings != winner.readings && e.words == words)
            .all(|e| strsim::damerau_levenshtein(key, &normalise(&e.display)) > d);
        (!tie && clear).then_some(winner)
    }

    /// The words of these lists closest to `key`, best first, at most
    /// `limit`, scoring at least `threshold` ([`suggestion_score`]).
    pub fn suggest(
        &self,
        key: &str,
        lists: &[List],
        threshold: f64,
        limit: usize,
    ) -> Vec<(f64, String)> {
        let mut scored: Vec<(f64, String)> = self
            .entries
            .iter()
            .filter(|e| e.readings.len() == 1 && lists.contains(&e.list()))
            .map(|e| {
                (
                    suggestion_score(key, &normalise(&e.display)),
                    e.display.clone(),
                )
            })
            .filter(|(score, _)| *score >= threshold)
            .collect();
        scored.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.len().cmp(&b.1.len())));
        scored.truncate(limit);
        scored
    }

    /// Every entry, for the test that no word has two readings by accident.
    pub fn entries(&self) -> &[Entry] {
        &self.entries
    }

    /// A word to type for a reading, for the message that lists a word's
    /// readings: the first single-reading phrase with exactly it.
    pub fn word_for(&self, meaning: &Meaning) -> Option<&str> {
        self.entries
            .iter()
            .find(|e| e.readings.len() == 1 && e.readings[0] == *meaning)
            .map(|e| e.display.as_str())
    }
}

/// A language's English name for a code (`es` → `Spanish`), from the
/// built-in words; the code itself where deflect has no name for it.
pub fn language_name(code: &str) -> String {
    let wanted = Meaning::Lang(code.to_string());
    let name = built_in()
        .iter()
        .find(|w| w.readings == [wanted.clone()])
        .and_then(|w| w.words.first());
    match name {
        Some(name) => {
            let mut chars = name.chars();
            chars
                .next()
                .map(|c| c.to_uppercase().chain(chars).collect())
                .unwrap_or_default()
        }
        None => code.to_string(),
    }
}

/// The substances a text names in the built-in words, whole words only
/// (`Alcohol Detoxification` → alcohol, `Opioid Use Disorder Treatment` →
/// opioids), in the order they appear: for taxonomy terms from other
/// systems. Words with two readings name none.
pub fn substances_named(text: &str) -> Vec<String> {
    let vocabulary = Vocabulary::new(&[]);
    let key = normalise(text);
    let words: Vec<&str> = key.split(' ').filter(|w| !w.is_empty()).collect();
    let mut out: Vec<String> = Vec::new();
    let mut i = 0;
    while i < words.len() {
        let longest = (words.len() - i).min(vocabulary.max_words);
        let found = (1..=longest).rev().find_map(|len| {
            let entry = vocabulary.exact(&words[i..i + len].join(" "))?;
            Some((len, entry))
        });
        match found {
            Some((len, entry)) => {
                if let [Meaning::Substance(s)] = &entry.readings[..] {
                    if !out.contains(s) {
                        out.push(s.clone());
                    }
                }
                i += len;
            }
            None => i += 1,
        }
    }
    out
}

/// The one reading of a built-in word (`no insurance`), if it has one.
pub fn built_in_meaning(word: &str) -> Option<Meaning> {
    let key = normalise(word);
    built_in()
        .iter()
        .find(|w| w.readings.len() == 1 && w.words.iter().any(|p| normalise(p) == key))
        .map(|w| w.readings[0].clone())
}
