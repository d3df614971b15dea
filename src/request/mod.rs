//! Reading a desk request: what the officer types, in the person's words
//! (`detox for alcohol 17 year old spanish tonight near 80503`), read into
//! needs, substances, person, preferences, time and place, as
//! docs/REQUEST.md says. One reader serves `find`, `cards`, `coverage`, the
//! desk's first question and `--at`.
//!
//! [`read`] reads the words against what a directory knows
//! ([`Knowledge`]); [`Request::with_flags`] joins the flags of the command
//! line to what the words said, refusing a word and a flag that disagree.

mod flags;
mod join;
#[cfg(test)]
mod needs_tests;
mod reader;
#[cfg(test)]
mod tests;
mod vocabulary;

use std::fmt;

use chrono::{DateTime, Utc};
use chrono_tz::Tz;

use crate::directory::{Meaning, Word};
use crate::needs::{ResolvedNeed, ServiceNames};
use crate::places::{Origin, Place};
use crate::taxonomy::Taxonomy;

pub use flags::Flags;
pub use reader::read;
pub use vocabulary::{built_in_meaning, language_name, substances_named, Entry, List, Vocabulary};

/// What a directory knows that a request is read against.
pub struct Knowledge<'a> {
    /// The taxonomy, with the directory's categories and category words.
    pub taxonomy: &'a Taxonomy,
    /// The directory's own `[[word]]`s (the built-in ones are added).
    pub words: &'a [Word],
    /// The gazetteer.
    pub places: &'a [Place],
    /// Every service's id and name, for needs named by a service's name
    /// (made only when some words name nothing else).
    pub services: ServiceNames<'a>,
    /// The directory's timezone, which time words are read in.
    pub zone: Tz,
    /// "Now" (the real clock, or `DEFLECT_NOW`).
    pub now: DateTime<Utc>,
}

/// Who the person is, as the words and flags said.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize)]
pub struct PersonWords {
    /// An age in years (`17 year old`, `--age 17`).
    pub age: Option<u32>,
    /// An age range (`teen`: 12 to 17), inclusive.
    pub age_range: Option<(u32, u32)>,
    /// `women`, `men` or `nonbinary`.
    pub gender: Option<String>,
    /// ISO 639-1 codes of languages the person speaks.
    pub lang: Vec<String>,
    /// The payment values acceptable to the person.
    pub payment: Vec<String>,
}

impl PersonWords {
    /// Whether nothing is said of the person.
    pub fn is_empty(&self) -> bool {
        *self == PersonWords::default()
    }

    /// The ages the person may be, inclusive: an age is a range of one.
    pub fn ages(&self) -> Option<(u32, u32)> {
        self.age.map(|a| (a, a)).or(self.age_range)
    }
}

/// A time given in words or with `--at`, and the instant it names.
#[derive(Debug, Clone, PartialEq)]
pub struct Timed {
    /// As typed.
    pub text: String,
    /// The instant, in UTC.
    pub at: DateTime<Utc>,
    /// Something to tell the officer (which of two equal local times).
    pub note: Option<String>,
}

/// A place given in words or with `--near`, and where it is.
#[derive(Debug, Clone, PartialEq)]
pub struct Placed {
    /// As typed.
    pub text: String,
    /// Where it is.
    pub origin: Origin,
}

/// A request, read.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Request {
    /// What the person needs; empty means every service.
    pub needs: Vec<ResolvedNeed>,
    /// Substances (`alcohol`, `opioids`, …) that narrow every need.
    pub substances: Vec<String>,
    /// Eligibility: excludes.
    pub person: PersonWords,
    /// Attributes that rank and never exclude.
    pub prefers: Vec<String>,
    /// Attributes a service must state (`--require` only).
    pub require: Vec<String>,
    /// When, if a time was given.
    pub time: Option<Timed>,
    /// Where, if a place was given.
    pub place: Option<Placed>,
    /// Filler words skipped, as typed.
    pub skipped: Vec<String>,
}

impl Request {
    /// How the request was read, part by part, for the `Looking for:`
    /// line (REQUEST.md rule 11) and for messages: needs by their
    /// categories' names, substances, the person, preferences, required
    /// attributes and the place as typed. The time is the caller's to
    /// show, resolved.
    pub fn parts(&self, taxonomy: &Taxonomy) -> Vec<String> {
        let mut parts: Vec<String> = Vec::new();
        for need in &self.needs {
            if need.categories.is_empty() {
                parts.push(format!(
                    "\"{}\" by name",
                    crate::sanitize::one_line(&need.query)
                ));
                continue;
            }
            let names: Vec<String> = need
                .categories
                .iter()
                .map(|id| {
                    taxonomy
                        .get(id)
                        .map_or_else(|| id.clone(), |c| c.name.clone())
                })
                .collect();
            parts.push(crate::sanitize::one_line(&names.join(" or ")));
        }
        parts.extend(self.substances.iter().cloned());
        let person = &self.person;
        match (person.age, person.age_range) {
            (Some(age), _) => parts.push(format!("age {age}")),
            (None, Some((min, max))) => parts.push(format!("ages {min}\u{2013}{max}")),
            _ => {}
        }
        if let Some(gender) = &person.gender {
            parts.push(gender.clone());
        }
        for code in &person.lang {
            parts.push(format!("speaks {}", vocabulary::language_name(code)));
        }
        if !person.payment.is_empty() {
            parts.push(format!("pays: {}", person.payment.join(" or ")));
        }
        if !self.prefers.is_empty() {
            parts.push(format!("prefers {}", self.prefers.join(", ")));
        }
        if !self.require.is_empty() {
            parts.push(format!("must be {}", self.require.join(", ")));
        }
        if let Some(place) = &self.place {
            parts.push(format!("near {}", crate::sanitize::one_line(&place.text)));
        }
        parts
    }
}

/// A word with several readings, never guessed.
#[derive(Debug, Clone, PartialEq)]
pub struct Ambiguous {
    /// The word as typed.
    pub word: String,
    /// Each reading, with a word to type for it instead.
    pub readings: Vec<(Meaning, String)>,
}

/// Why a request cannot be read; each is exit 2 at the command line.
#[derive(Debug, Clone, PartialEq)]
pub enum RequestError {
    /// Words understood by nothing: listed, with how the rest was read and
    /// only close suggestions.
    Unknown {
        /// The runs of words understood by nothing, as typed.
        words: Vec<String>,
        /// How the rest was read (the `Looking for:` words), if anything.
        understood: String,
        /// Close matches, for each run that has any.
        suggestions: Vec<String>,
        /// A hint of its own (`write "near Westfield"` for a place).
        hint: Option<String>,
    },
    /// Only filler words: no need, nothing about the person.
    OnlyFiller {
        /// The words, as typed.
        words: Vec<String>,
    },
    /// A word with two readings.
    Ambiguous(Ambiguous),
    /// Two things said that cannot both hold: a word and a flag, two ages,
    /// a substance and a category.
    Conflict(String),
    /// A time or place that is not one (`25pm`, a time the clocks skip,
    /// `--near` naming no place).
    Value(String),
}

impl fmt::Display for RequestError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let quoted = |words: &[String]| {
            words
                .iter()
                .map(|w| format!("\"{}\"", crate::sanitize::one_line(w)))
                .collect::<Vec<_>>()
                .join(", ")
        };
        match self {
            RequestError::Unknown {
                words,
                understood,
                suggestions,
                hint,
            } => {
                write!(
                    f,
                    "deflect does not know {} {}",
                    if words.len() == 1 { "the word" } else { "the words" },
                    quoted(words)
                )?;
                if !understood.is_empty() {
                    write!(f, "; the rest reads as: {understood}")?;
                }
                if let Some(hint) = hint {
                    write!(f, "; {hint}")?;
                }
                if suggestions.is_empty() {
                    write!(f, "; `deflect categories` lists the needs it knows")
                } else {
                    write!(f, "; did you mean: {}?", suggestions.join(", "))
                }
            }
            RequestError::OnlyFiller { words } => write!(
                f,
                "{} says no need, substance or person: say what the person needs (detox, shelter, narcan…); `deflect categories` lists the needs",
                quoted(words)
            ),
            RequestError::Ambiguous(ambiguous) => {
                let choices: Vec<String> = ambiguous
                    .readings
                    .iter()
                    .map(|(_, word)| format!("\"{word}\""))
                    .collect();
                write!(
                    f,
                    "\"{}\" can mean {} and is never guessed: type {} instead",
                    crate::sanitize::one_line(&ambiguous.word),
                    crate::directory::words::describe(
                        &ambiguous.readings.iter().map(|(m, _)| m.clone()).collect::<Vec<_>>()
                    ),
                    choices.join(" or ")
                )
            }
            RequestError::Conflict(message) | RequestError::Value(message) => f.write_str(message),
        }
    }
}

impl std::error::Error for RequestError {}

/// The needs the reader finds in `words`, with no places and these
/// services: for tests of the taxonomy's words.
///
/// # Errors
/// As [`read`].
#[cfg(test)]
pub(crate) fn needs_of(
    words: &[String],
    taxonomy: &Taxonomy,
    services: &[crate::needs::ServiceName],
) -> Result<Vec<ResolvedNeed>, RequestError> {
    let knowledge = Knowledge {
        taxonomy,
        words: &[],
        places: &[],
        services: ServiceNames::Ready(services),
        zone: chrono_tz::UTC,
        now: chrono::DateTime::UNIX_EPOCH,
    };
    read(words, &knowledge).map(|request| request.needs)
}
