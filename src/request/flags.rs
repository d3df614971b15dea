//! The command line's flags joined to what the words said (REQUEST.md,
//! "Words and flags together"): list parts are joined; a single-valued part
//! (age, gender, time, place) given by both must agree.

use crate::directory::lang::is_language_code;
use crate::directory::{Meaning, ATTRIBUTES, GENDERS, PAYMENTS, SUBSTANCES};
use crate::places::{resolve_exactly, Gazetteer};
use crate::sanitize::one_line;
use crate::text::normalise;
use crate::when::parse_at;

use super::join::{admits_age, push_new, set_once};
use super::vocabulary::Vocabulary;
use super::{Knowledge, Placed, Request, RequestError, Timed};

/// The flags of `find`, `cards`, `coverage` and the desk, as typed.
#[derive(Debug, Clone, Default)]
pub struct Flags {
    /// `--age N`.
    pub age: Option<u32>,
    /// `--gender G`: `women`, `men`, `nonbinary` or a word for one.
    pub gender: Option<String>,
    /// `--lang`: ISO 639-1 codes or language names.
    pub lang: Vec<String>,
    /// `--payment`: payment values or words (`no insurance`).
    pub payment: Vec<String>,
    /// `--substance`: substances or words for one (`meth`).
    pub substances: Vec<String>,
    /// `--prefer`: attributes or words for one (`dog`).
    pub prefers: Vec<String>,
    /// `--require`: attributes.
    pub require: Vec<String>,
    /// `--at`, when given.
    pub at: Option<String>,
    /// `--near`, when given.
    pub near: Option<String>,
}

/// A flag whose values come from one of deflect's lists (`--gender`,
/// `--lang`, `--payment`, `--substance`, `--prefer`): what the list holds,
/// which reading of a word stands for a value, and the error that names
/// the list.
struct Listed<T> {
    /// Whether a value, trimmed and in lower case, is one of the list.
    holds: fn(&str) -> bool,
    /// What a value of the list gives.
    value: fn(String) -> T,
    /// What a word's reading gives, when it is a reading of this list.
    reading: fn(Meaning) -> Option<T>,
    /// The message for a value that is neither, from the value as typed.
    unknown: fn(&str) -> String,
}

impl<T> Listed<T> {
    /// `typed` as a value of the list (trimmed, in lower case); else the
    /// one reading of a built-in or directory word for one (`female`,
    /// `spanish`, `no insurance`, `meth`, `dog`); else an error naming the
    /// list. A word with two readings is never guessed.
    fn read(&self, typed: &str, vocabulary: &Vocabulary) -> Result<T, RequestError> {
        let value = typed.trim().to_lowercase();
        if (self.holds)(&value) {
            return Ok((self.value)(value));
        }
        vocabulary
            .exact(&normalise(typed))
            .filter(|entry| entry.readings.len() == 1)
            .and_then(|entry| (self.reading)(entry.readings[0].clone()))
            .ok_or_else(|| RequestError::Value((self.unknown)(typed)))
    }
}

const GENDER: Listed<String> = Listed {
    holds: |value| GENDERS.contains(&value),
    value: |value| value,
    reading: |meaning| match meaning {
        Meaning::Gender(gender) => Some(gender),
        _ => None,
    },
    unknown: |typed| {
        format!(
            "unknown gender \"{}\" for --gender: use women, men or nonbinary (or woman, female, man, male, non-binary)",
            one_line(typed)
        )
    },
};

const LANGUAGE: Listed<String> = Listed {
    holds: is_language_code,
    value: |code| code,
    reading: |meaning| match meaning {
        Meaning::Lang(code) => Some(code),
        _ => None,
    },
    unknown: |typed| {
        format!(
            "\"{}\" is not a language code: use an ISO 639-1 code such as en, es, ar (or a name: spanish, arabic)",
            one_line(typed)
        )
    },
};

/// A payment word may stand for several values (`no insurance`).
const PAYMENT: Listed<Vec<String>> = Listed {
    holds: |value| PAYMENTS.contains(&value),
    value: |value| vec![value],
    reading: |meaning| match meaning {
        Meaning::Payment(values) => Some(values),
        _ => None,
    },
    unknown: |typed| {
        format!(
            "unknown payment \"{}\": use one of {}",
            one_line(typed.trim()),
            PAYMENTS.join(", ")
        )
    },
};

const SUBSTANCE: Listed<String> = Listed {
    holds: |value| SUBSTANCES.contains(&value),
    value: |value| value,
    reading: |meaning| match meaning {
        Meaning::Substance(substance) => Some(substance),
        _ => None,
    },
    unknown: |typed| {
        format!(
            "unknown substance \"{}\" for --substance: use one of {}",
            one_line(typed),
            SUBSTANCES.join(", ")
        )
    },
};

const PREFERENCE: Listed<String> = Listed {
    holds: |value| ATTRIBUTES.contains(&value),
    value: |value| value,
    reading: |meaning| match meaning {
        Meaning::Prefer(attribute) => Some(attribute),
        _ => None,
    },
    unknown: |typed| {
        format!(
            "unknown attribute \"{}\" for --prefer: use one of {}",
            one_line(typed),
            ATTRIBUTES.join(", ")
        )
    },
};

impl Request {
    /// This request with the flags joined to it.
    ///
    /// # Errors
    /// A flag value that names nothing (with the accepted values), or a
    /// flag that disagrees with the words on a single value (naming both).
    pub fn with_flags(
        mut self,
        flags: &Flags,
        knowledge: &Knowledge<'_>,
    ) -> Result<Request, RequestError> {
        let vocabulary = Vocabulary::new(knowledge.words);
        if let Some(age) = flags.age {
            join_age(&mut self, age)?;
        }
        if let Some(gender) = &flags.gender {
            let gender = GENDER.read(gender, &vocabulary)?;
            set_once(
                &mut self.person.gender,
                gender,
                |words, flag| words == flag,
                |words, flag| format!("the words say {words} but --gender says {flag}: give one"),
            )?;
        }
        for lang in &flags.lang {
            push_new(&mut self.person.lang, LANGUAGE.read(lang, &vocabulary)?);
        }
        for payment in flags.payment.iter().flat_map(|p| p.split(',')) {
            for value in PAYMENT.read(payment, &vocabulary)? {
                push_new(&mut self.person.payment, value);
            }
        }
        for substance in &flags.substances {
            push_new(
                &mut self.substances,
                SUBSTANCE.read(substance, &vocabulary)?,
            );
        }
        for prefer in &flags.prefers {
            push_new(&mut self.prefers, PREFERENCE.read(prefer, &vocabulary)?);
        }
        for attribute in &flags.require {
            if !ATTRIBUTES.contains(&attribute.as_str()) {
                return Err(RequestError::Value(format!(
                    "unknown attribute \"{}\" for --require: use one of {}",
                    one_line(attribute),
                    ATTRIBUTES.join(", ")
                )));
            }
            push_new(&mut self.require, attribute.clone());
        }
        if let Some(text) = &flags.at {
            join_time(&mut self, text, knowledge)?;
        }
        if let Some(text) = &flags.near {
            join_place(&mut self, text, knowledge)?;
        }
        let substances = self.substances.clone();
        super::reader::settle_substances(&mut self, &substances, knowledge.taxonomy)?;
        Ok(self)
    }
}

fn join_age(request: &mut Request, age: u32) -> Result<(), RequestError> {
    let person = &mut request.person;
    if !admits_age(person, age) {
        let words = match (person.age, person.age_range) {
            (Some(words), _) => format!("age {words}"),
            (_, Some((min, max))) => format!("ages {min} to {max}"),
            _ => String::new(),
        };
        return Err(RequestError::Conflict(format!(
            "the words say {words} but --age says {age}: give one"
        )));
    }
    person.age = Some(age);
    Ok(())
}

fn join_time(
    request: &mut Request,
    text: &str,
    knowledge: &Knowledge<'_>,
) -> Result<(), RequestError> {
    let at = parse_at(text, knowledge.zone, knowledge.now).map_err(RequestError::Value)?;
    let timed = Timed {
        text: text.trim().to_string(),
        at: at.instant,
        note: at.note,
    };
    set_once(
        &mut request.time,
        timed,
        |words, flag| words.at == flag.at,
        |words, _| {
            format!(
                "the words say \"{}\" but --at says \"{}\": give one",
                one_line(&words.text),
                one_line(text)
            )
        },
    )
}

fn join_place(
    request: &mut Request,
    text: &str,
    knowledge: &Knowledge<'_>,
) -> Result<(), RequestError> {
    let places = knowledge.places;
    let origin = match resolve_exactly(places, text) {
        Some(origin) => origin,
        None => Gazetteer::new(places)
            .resolve(places, text)
            .map_err(|unknown| RequestError::Value(unknown.to_string()))?,
    };
    let placed = Placed {
        text: text.trim().to_string(),
        origin,
    };
    set_once(
        &mut request.place,
        placed,
        |words, flag| words.origin == flag.origin,
        |words, _| {
            format!(
                "the words say \"{}\" but --near says \"{}\": give one",
                one_line(&words.text),
                one_line(text)
            )
        },
    )
}
