//! Who a service is for: ages, and the languages spoken (the service's,
//! else its location's).

use serde_json::Value;

use super::Draft;
use crate::directory::lang;
use crate::hsds::json::{list, number, text};

/// The ISO 639-1 code of an HSDS language entry, if it has one: its
/// `code` (two or three letters, with a region or not), else its English
/// `name`.
fn language_code(language: &Value) -> Option<String> {
    let code = text(language, "code").and_then(|code| lang::code_for(&code));
    code.or_else(|| text(language, "name").and_then(|name| lang::code_for(&name)))
}

/// An HSDS age as a whole number of years, if it can be one; a note when
/// it cannot.
fn age(n: Option<f64>, what: &str, notes: &mut Vec<String>) -> Option<i64> {
    match n {
        Some(n) if (0.0..=130.0).contains(&n) => Some(n as i64),
        Some(n) => {
            notes.push(format!("{what} {n} is not an age: left out"));
            None
        }
        None => None,
    }
}

impl Draft {
    /// `minimum_age` and `maximum_age`: both left out when they disagree.
    pub(super) fn map_ages(&mut self, hsds: &Value) {
        let min = age(
            number(hsds, "minimum_age").map(f64::ceil),
            "minimum_age",
            &mut self.notes,
        );
        let max = age(
            number(hsds, "maximum_age").map(f64::floor),
            "maximum_age",
            &mut self.notes,
        );
        let service = &mut self.entry.service;
        service.age_min = min;
        service.age_max = max;
        if let (Some(a), Some(b)) = (min, max) {
            if a > b {
                self.notes.push(format!(
                    "minimum_age {a} is above maximum_age {b}: both left out"
                ));
                service.age_min = None;
                service.age_max = None;
            }
        }
    }

    /// The languages: the service's, else the location's; those without
    /// an ISO 639-1 code are left out with a note.
    pub(super) fn map_languages(&mut self, hsds: &Value, location: Option<&Value>) {
        let mut languages = list(hsds, "languages");
        if languages.is_empty() {
            if let Some(l) = location {
                languages = list(l, "languages");
            }
        }
        for language in languages {
            let known = &mut self.entry.service.languages;
            match language_code(language) {
                Some(code) if !known.contains(&code) => known.push(code),
                Some(_) => {}
                None => self.notes.push(format!(
                    "language \"{}\" has no ISO 639-1 code: left out",
                    crate::sanitize::one_line(
                        &text(language, "code")
                            .or_else(|| text(language, "name"))
                            .unwrap_or_default()
                    )
                )),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn language_codes() {
        assert_eq!(
            language_code(&serde_json::json!({"code": "ur"})),
            Some("ur".into())
        );
        assert_eq!(
            language_code(&serde_json::json!({"code": "spa"})),
            Some("es".into())
        );
        assert_eq!(
            language_code(&serde_json::json!({"name": "Polish"})),
            Some("pl".into())
        );
        assert_eq!(
            language_code(&serde_json::json!({"code": "en-US"})),
            Some("en".into())
        );
        assert_eq!(language_code(&serde_json::json!({"name": "Klingon"})), None);
    }
}
