//! How to reach a service: the first usable phone among the HSDS objects
//! that own it, with its extension; the description, referral notes,
//! alert, website and e-mail written with it.

use serde_json::Value;

use super::Draft;
use crate::directory::Phone;
use crate::hsds::json::{list, text};

/// Reads a phone number: the characters a directory accepts, with any
/// extension split off.
fn phone_number(raw: &str) -> Option<(String, Option<String>)> {
    let lower = raw.to_ascii_lowercase();
    let (main, extension) = match lower.find("ext").or_else(|| lower.find('x')) {
        Some(at) => (&raw[..at], Some(&raw[at..])),
        None => (raw, None),
    };
    let main: String = main.chars().filter(|c| !matches!(c, '"' | '\'')).collect();
    let main = main.split_whitespace().collect::<Vec<_>>().join(" ");
    let main = main.trim_matches([',', ';', ':']).trim().to_string();
    Phone::parse(&main)?;
    let extension = extension
        .map(|e| e.chars().filter(char::is_ascii_digit).collect::<String>())
        .filter(|e| !e.is_empty());
    Some((main, extension))
}

/// The first voice phone (or one without a type) among the owners, in
/// order; else a mobile.
pub(super) fn first_phone(owners: &[Option<&Value>]) -> Option<(String, Option<String>)> {
    let mut phones: Vec<&Value> = Vec::new();
    for owner in owners.iter().flatten() {
        phones.extend(list(owner, "phones"));
    }
    for owner in owners.iter().flatten() {
        for contact in list(owner, "contacts") {
            phones.extend(list(contact, "phones"));
        }
    }
    let kind = |p: &Value| text(p, "type").map(|t| t.to_ascii_lowercase());
    let passes: [&dyn Fn(Option<String>) -> bool; 2] =
        [&|t| t.is_none() || t.as_deref() == Some("voice"), &|t| {
            matches!(t.as_deref(), Some("cell" | "mobile"))
        }];
    for pass in passes {
        for phone in &phones {
            if !pass(kind(phone)) {
                continue;
            }
            if let Some((number, extension)) =
                text(phone, "number").as_deref().and_then(phone_number)
            {
                let extension = extension.or_else(|| text(phone, "extension"));
                return Some((number, extension));
            }
        }
    }
    None
}

/// An extension of digits goes with the number (`ext. 12`), where the
/// slip prints it and its QR code keys it in; anything else is returned,
/// for a note.
pub(super) fn with_extension(phone: String, extension: Option<String>) -> (String, Option<String>) {
    match extension {
        Some(ext) => {
            let with = format!("{phone} ext. {ext}");
            match Phone::parse(&with) {
                Some(_) => (with, None),
                None => (phone, Some(ext)),
            }
        }
        None => (phone, None),
    }
}

impl Draft {
    /// The service's own words: description, how to be referred (with an
    /// extension the phone could not take), alert, website, e-mail and
    /// the day it was last checked.
    pub(super) fn map_texts(&mut self, hsds: &Value, extension: Option<String>) {
        let description = text(hsds, "description")
            .map(|d| self.clean(&d))
            .filter(|d| !d.is_empty());
        let mut referral = Vec::new();
        if let Some(process) = text(hsds, "application_process") {
            referral.push(self.clean(&process));
        }
        if let Some(ext) = extension {
            referral.push(format!("Phone extension {}.", self.clean_line(&ext)));
        }
        referral.retain(|r| !r.is_empty());
        let alert = text(hsds, "alert")
            .map(|a| self.clean(&a))
            .filter(|a| !a.is_empty());
        let website = text(hsds, "url").map(|u| self.clean_line(&u));
        let email = text(hsds, "email").map(|e| self.clean_line(&e));
        let service = &mut self.entry.service;
        service.description = description;
        service.referral_notes = (!referral.is_empty()).then(|| referral.join("\n"));
        service.alert = alert;
        service.website = website;
        service.email = email;
        service.verified = text(hsds, "assured_date")
            .as_deref()
            .and_then(crate::hsds::schedule::parse_date);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phone_numbers_are_cleaned() {
        assert_eq!(
            phone_number("\"+44 1234 234567\""),
            Some(("+44 1234 234567".into(), None))
        );
        assert_eq!(
            phone_number("(312) 555-0100 ext. 12"),
            Some(("(312) 555-0100".into(), Some("12".into())))
        );
        assert_eq!(phone_number("call us"), None);
        assert_eq!(phone_number("12"), None);
    }
}
