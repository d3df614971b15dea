//! The command line's flags joined to what the words said (REQUEST.md,
//! "Words and flags together"): list parts are joined; a single-valued part
//! (age, gender, time, place) given by both must agree.

use crate::directory::lang::is_language_code;
use crate::directory::{Meaning, ATTRIBUTES, GENDERS, PAYMENTS, SUBSTANCES};
use crate::needs::{How, ResolvedNeed};
use crate::places::{resolve_exactly, Gazetteer};
use crate::sanitize::one_line;
use crate::text::normalise;
use crate::when::parse_at;

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
        let word_meaning = |value: &str| -> Option<Meaning> {
            let entry = vocabulary.exact(&normalise(value))?;
            (entry.readings.len() == 1).then(|| entry.readings[0].clone())
        };
        if let Some(age) = flags.age {
            join_age(&mut self, age)?;
        }
        if let Some(gender) = &flags.gender {
            let value = gender.trim().to_lowercase();
            let gender = if GENDERS.contains(&value.as_str()) {
                value
            } else {
                match word_meaning(gender) {
                    Some(Meaning::Gender(g)) => g,
                    _ => {
                        return Err(RequestError::Value(format!(
                            "unknown gender \"{}\" for --gender: use women, men or nonbinary (or woman, female, man, male, non-binary)",
                            one_line(gender)
                        )))
                    }
                }
            };
            match &self.person.gender {
                Some(words) if *words != gender => {
                    return Err(RequestError::Conflict(format!(
                        "the words say {words} but --gender says {gender}: give one"
                    )))
                }
                _ => self.person.gender = Some(gender),
            }
        }
        for lang in &flags.lang {
            let code = lang.trim().to_lowercase();
            let code = if is_language_code(&code) {
                code
            } else {
                match word_meaning(lang) {
                    Some(Meaning::Lang(code)) => code,
                    _ => {
                        return Err(RequestError::Value(format!(
                            "\"{}\" is not a language code: use an ISO 639-1 code such as en, es, ar (or a name: spanish, arabic)",
                            one_line(lang)
                        )))
                    }
                }
            };
            push_new(&mut self.person.lang, code);
        }
        for payment in flags.payment.iter().flat_map(|p| p.split(',')) {
            let value = payment.trim().to_lowercase();
            let values = if PAYMENTS.contains(&value.as_str()) {
                vec![value]
            } else {
                match word_meaning(payment) {
                    Some(Meaning::Payment(values)) => values,
                    _ => {
                        return Err(RequestError::Value(format!(
                            "unknown payment \"{}\": use one of {}",
                            one_line(payment.trim()),
                            PAYMENTS.join(", ")
                        )))
                    }
                }
            };
            for value in values {
                push_new(&mut self.person.payment, value);
            }
        }
        for substance in &flags.substances {
            let value = substance.trim().to_lowercase();
            let value = if SUBSTANCES.contains(&value.as_str()) {
                value
            } else {
                match word_meaning(substance) {
                    Some(Meaning::Substance(s)) => s,
                    _ => {
                        return Err(RequestError::Value(format!(
                            "unknown substance \"{}\" for --substance: use one of {}",
                            one_line(substance),
                            SUBSTANCES.join(", ")
                        )))
                    }
                }
            };
            push_new(&mut self.substances, value);
        }
        for prefer in &flags.prefers {
            let value = prefer.trim().to_lowercase();
            let value = if ATTRIBUTES.contains(&value.as_str()) {
                value
            } else {
                match word_meaning(prefer) {
                    Some(Meaning::Prefer(a)) => a,
                    _ => {
                        return Err(RequestError::Value(format!(
                            "unknown attribute \"{}\" for --prefer: use one of {}",
                            one_line(prefer),
                            ATTRIBUTES.join(", ")
                        )))
                    }
                }
            };
            push_new(&mut self.prefers, value);
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
        if self.needs.is_empty() && !self.substances.is_empty() {
            self.needs.push(ResolvedNeed {
                query: self.substances.join(" "),
                categories: vec!["treatment".to_string()],
                services: Vec::new(),
                how: How::Substance,
            });
        }
        super::reader::check_substances(&self, knowledge.taxonomy)?;
        Ok(self)
    }
}

fn push_new(list: &mut Vec<String>, value: String) {
    if !list.contains(&value) {
        list.push(value);
    }
}

fn join_age(request: &mut Request, age: u32) -> Result<(), RequestError> {
    let person = &mut request.person;
    let agrees = match (person.age, person.age_range) {
        (Some(words), _) => words == age,
        (None, Some((min, max))) => (min..=max).contains(&age),
        (None, None) => true,
    };
    if !agrees {
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
    match &request.time {
        Some(words) if words.at != at.instant => Err(RequestError::Conflict(format!(
            "the words say \"{}\" but --at says \"{}\": give one",
            one_line(&words.text),
            one_line(text)
        ))),
        Some(_) => Ok(()),
        None => {
            request.time = Some(Timed {
                text: text.trim().to_string(),
                at: at.instant,
                note: at.note,
            });
            Ok(())
        }
    }
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
    match &request.place {
        Some(words) if words.origin != origin => Err(RequestError::Conflict(format!(
            "the words say \"{}\" but --near says \"{}\": give one",
            one_line(&words.text),
            one_line(text)
        ))),
        Some(_) => Ok(()),
        None => {
            request.place = Some(Placed {
                text: text.trim().to_string(),
                origin,
            });
            Ok(())
        }
    }
}
