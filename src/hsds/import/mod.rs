//! Mapping HSDS services to deflect services: one deflect service per
//! service at a location, with a stable id, the first voice phone, the
//! location's address and coordinates, eligibility, status, taxonomy terms
//! as categories and schedules as opening hours. Nothing here touches the
//! file system.

use std::collections::{BTreeMap, BTreeSet, HashSet};

use chrono::{DateTime, NaiveDate, SecondsFormat};
use serde_json::Value;

use super::json::{list, number, object, text};
use super::report::Report;
use super::schedule::{self, Row};
use super::terms::{How, Mapped, Mapper, Term};
use crate::directory::model::{ATTRIBUTES, PAYMENTS, SUBSTANCES};
use crate::directory::{is_valid_id, lang};
use crate::hours::Hours;

/// The category given to services none of whose terms map.
pub const UNMAPPED: &str = "unmapped";

/// The taxonomies of the attributes that `deflect export hsds` writes.
pub mod taxonomies {
    /// A deflect category id.
    pub const CATEGORY: &str = "deflect-category";
    /// A deflect attribute (`walk-in`, …).
    pub const ATTRIBUTE: &str = "deflect-attribute";
    /// A deflect payment value.
    pub const PAYMENT: &str = "deflect-payment";
    /// A gender the service is for.
    pub const GENDER: &str = "deflect-gender";
    /// A substance the service states it serves (docs/FORMAT.md).
    pub const SUBSTANCE: &str = "deflect-substance";
    /// The deflect id of the service (in `value`).
    pub const ID: &str = "deflect-id";
    /// The opening hours as written in deflect (in `value`).
    pub const HOURS: &str = "deflect-hours";
    /// The last day of the alert (in `value`).
    pub const ALERT_UNTIL: &str = "deflect-alert-until";
    /// The service's own IANA timezone (in `value`).
    pub const TIMEZONE: &str = "deflect-timezone";
    /// The service is fictional demo data (term `demo`): a directory made
    /// from it says `demo = true`.
    pub const DEMO: &str = "deflect-demo";
}

/// Whether any service of an input carries the demo mark that `export
/// hsds` gives the services of a demo directory.
pub fn carries_demo_mark(services: &[Value]) -> bool {
    services.iter().any(|service| {
        let sals = list(service, "service_at_locations");
        let owners: Vec<Option<&Value>> = std::iter::once(Some(service))
            .chain(sals.iter().map(Some))
            .collect();
        attributes_of(&owners)
            .iter()
            .any(|(term, _)| term.taxonomy.as_deref() == Some(taxonomies::DEMO))
    })
}

/// What the import needs to know besides the input.
pub struct Options<'a> {
    /// The day against which schedule validity is judged.
    pub as_of: NaiveDate,
    /// Maps terms to categories.
    pub mapper: &'a Mapper,
    /// The directory's timezone.
    pub timezone: chrono_tz::Tz,
    /// Ids of services written by hand, which the import leaves alone.
    pub taken_ids: &'a HashSet<String>,
    /// Names of places written by hand, lower-cased.
    pub taken_places: &'a HashSet<String>,
}

/// Beds or slots.
#[derive(Debug, Clone, PartialEq)]
pub struct NewCapacity {
    /// Free now.
    pub available: i64,
    /// In all.
    pub total: Option<i64>,
    /// RFC 3339.
    pub updated: Option<String>,
}

/// One deflect service to write.
#[derive(Debug, Clone, Default, PartialEq)]
#[allow(missing_docs)]
pub struct NewService {
    pub id: String,
    pub name: String,
    pub organization: Option<String>,
    pub categories: Vec<String>,
    pub description: Option<String>,
    pub phone: String,
    pub address: Option<String>,
    pub location: Option<(f64, f64)>,
    pub hours: Option<String>,
    pub timezone: Option<String>,
    pub languages: Vec<String>,
    pub age_min: Option<i64>,
    pub age_max: Option<i64>,
    pub genders: Vec<String>,
    pub payment: Vec<String>,
    pub attributes: Vec<String>,
    pub substances: Vec<String>,
    pub capacity: Option<NewCapacity>,
    pub referral_notes: Option<String>,
    pub alert: Option<String>,
    pub alert_until: Option<NaiveDate>,
    pub website: Option<String>,
    pub email: Option<String>,
    pub verified: Option<NaiveDate>,
    pub active: bool,
    /// Terms that mapped to no category.
    pub unmapped_terms: Vec<String>,
    /// The HSDS service id.
    pub hsds_service: Option<String>,
    /// The HSDS location id.
    pub hsds_location: Option<String>,
    /// Comment lines to write above the entry.
    pub comments: Vec<String>,
    /// (organisation id or name, organisation name): the file it goes in.
    pub organization_key: Option<(String, String)>,
}

/// A place for a named location.
#[derive(Debug, Clone, PartialEq)]
pub struct NewPlace {
    /// The location's name.
    pub name: String,
    /// Latitude.
    pub lat: f64,
    /// Longitude.
    pub lon: f64,
}

/// What an import makes.
#[derive(Debug, Default)]
pub struct Imported {
    /// The services, in input order.
    pub services: Vec<NewService>,
    /// Places for the named locations.
    pub places: Vec<NewPlace>,
}

/// Removes what may not appear in directory text (control characters,
/// whole terminal escape sequences, bidi controls); says whether anything
/// was removed.
fn clean(text: &str, stripped: &mut bool) -> String {
    let mut kept = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\u{1b}' {
            *stripped = true;
            match chars.next() {
                // CSI: parameters up to a final byte.
                Some('[') => {
                    for n in chars.by_ref() {
                        if ('@'..='~').contains(&n) {
                            break;
                        }
                    }
                }
                // OSC: up to BEL or ESC \.
                Some(']') => {
                    while let Some(n) = chars.next() {
                        if n == '\u{7}' {
                            break;
                        }
                        if n == '\u{1b}' {
                            chars.next();
                            break;
                        }
                    }
                }
                _ => {}
            }
            continue;
        }
        if crate::sanitize::is_forbidden(c) {
            *stripped = true;
            continue;
        }
        kept.push(c);
    }
    kept.trim().to_string()
}

/// [`clean`], on one line with single spaces.
fn clean_line(text: &str, stripped: &mut bool) -> String {
    clean(text, stripped)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// A stable, short hash (FNV-1a, 64 bits) of some text.
pub fn fnv(text: &str, seed: u64) -> u64 {
    let mut hash = 0xcbf2_9ce4_8422_2325u64 ^ seed;
    for byte in text.bytes() {
        hash ^= u64::from(byte);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    hash
}

/// Lower-case ASCII words of a name joined by hyphens.
pub fn slug(name: &str, max: usize) -> String {
    let mut out = String::new();
    for c in name.chars().flat_map(char::to_lowercase) {
        let mapped = match c {
            'a'..='z' | '0'..='9' => Some(c),
            'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' => Some('a'),
            'ç' => Some('c'),
            'è' | 'é' | 'ê' | 'ë' => Some('e'),
            'ì' | 'í' | 'î' | 'ï' => Some('i'),
            'ñ' => Some('n'),
            'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' => Some('o'),
            'ù' | 'ú' | 'û' | 'ü' => Some('u'),
            'ý' | 'ÿ' => Some('y'),
            '\'' | '\u{2019}' => None,
            _ => Some('-'),
        };
        match mapped {
            Some('-') if out.is_empty() || out.ends_with('-') => {}
            Some(c) => out.push(c),
            None => {}
        }
    }
    let mut out: String = out.chars().take(max).collect();
    while out.ends_with('-') {
        out.pop();
    }
    out
}

/// The id of a service at a location: a slug of its name and a short hash
/// of the HSDS ids, so that it is stable across imports.
fn derived_id(name: &str, service_id: &str, location_id: Option<&str>) -> String {
    let key = format!("{service_id}|{}", location_id.unwrap_or(""));
    let hash = format!("{:06x}", fnv(&key, 0) & 0xff_ffff);
    let base = slug(name, 64 - hash.len() - 1);
    let base = if base.is_empty() {
        "service".into()
    } else {
        base
    };
    format!("{base}-{hash}")
}

/// The ISO 639-1 code of an HSDS language entry, if it has one: its
/// `code` (two or three letters, with a region or not), else its English
/// `name`.
fn language_code(language: &Value) -> Option<String> {
    let code = text(language, "code").and_then(|code| lang::code_for(&code));
    code.or_else(|| text(language, "name").and_then(|name| lang::code_for(&name)))
}

/// A term as written in an attribute or a term list.
fn term_of(term: &Value) -> Term {
    Term {
        code: text(term, "code"),
        name: text(term, "name"),
        taxonomy: text(term, "taxonomy")
            .or_else(|| object(term, "taxonomy_detail").and_then(|d| text(d, "name"))),
    }
}

/// The attributes (term and value) of some HSDS objects.
fn attributes_of(owners: &[Option<&Value>]) -> Vec<(Term, Option<String>)> {
    let mut out = Vec::new();
    for owner in owners.iter().flatten() {
        for attribute in list(owner, "attributes") {
            if let Some(term) = object(attribute, "taxonomy_term") {
                out.push((term_of(term), text(attribute, "value")));
            }
        }
        for term in list(owner, "taxonomy_terms") {
            out.push((term_of(term), None));
        }
    }
    out
}

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
    crate::directory::Phone::parse(&main)?;
    let extension = extension
        .map(|e| e.chars().filter(char::is_ascii_digit).collect::<String>())
        .filter(|e| !e.is_empty());
    Some((main, extension))
}

/// The first voice phone (or one without a type) among the owners, in
/// order; else a mobile.
fn first_phone(owners: &[Option<&Value>]) -> Option<(String, Option<String>)> {
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

/// The address of a location, as printed on a slip.
fn address_of(location: &Value, stripped: &mut bool) -> Option<String> {
    let addresses = list(location, "addresses");
    let chosen = addresses
        .iter()
        .find(|a| text(a, "address_type").is_some_and(|t| t.eq_ignore_ascii_case("physical")))
        .or_else(|| {
            addresses.iter().find(|a| {
                !text(a, "address_type").is_some_and(|t| t.eq_ignore_ascii_case("postal"))
            })
        })
        .or_else(|| addresses.first())?;
    let mut parts: Vec<String> = ["address_1", "address_2", "city"]
        .iter()
        .filter_map(|k| text(chosen, k))
        .collect();
    let state = [text(chosen, "state_province"), text(chosen, "postal_code")]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(" ");
    if !state.is_empty() {
        parts.push(state);
    }
    let joined = clean_line(&parts.join(", "), stripped);
    (!joined.is_empty()).then_some(joined)
}

/// Schedule rows of an HSDS object.
fn rows_of(owner: Option<&Value>) -> Vec<Row> {
    let Some(owner) = owner else {
        return Vec::new();
    };
    list(owner, "schedules")
        .iter()
        .enumerate()
        .map(|(i, s)| Row {
            id: text(s, "id").unwrap_or_else(|| format!("schedule {}", i + 1)),
            freq: text(s, "freq"),
            interval: text(s, "interval"),
            count: text(s, "count"),
            byday: text(s, "byday"),
            bymonthday: text(s, "bymonthday"),
            byweekno: text(s, "byweekno"),
            byyearday: text(s, "byyearday"),
            dtstart: text(s, "dtstart"),
            until: text(s, "until"),
            valid_from: text(s, "valid_from"),
            valid_to: text(s, "valid_to"),
            opens_at: text(s, "opens_at"),
            closes_at: text(s, "closes_at"),
            description: text(s, "description"),
        })
        .collect()
}

/// Whether a row says nothing about when (a placeholder carrying only a
/// description).
fn is_placeholder(row: &Row) -> bool {
    row.freq.is_none() && row.byday.is_none() && row.opens_at.is_none() && row.closes_at.is_none()
}

/// Imports every service of the input.
pub fn import(services: &[Value], options: &Options<'_>, report: &mut Report) -> Imported {
    let mut out = Imported::default();
    let mut used: HashSet<String> = HashSet::new();
    let mut places: BTreeMap<String, NewPlace> = BTreeMap::new();
    for service in services {
        report.services_read += 1;
        let sals = list(service, "service_at_locations");
        if sals.is_empty() {
            one(
                service,
                None,
                options,
                report,
                &mut out,
                &mut used,
                &mut places,
            );
        } else {
            for sal in sals {
                one(
                    service,
                    Some(sal),
                    options,
                    report,
                    &mut out,
                    &mut used,
                    &mut places,
                );
            }
        }
    }
    out.places = places.into_values().collect();
    out
}

fn one(
    service: &Value,
    sal: Option<&Value>,
    options: &Options<'_>,
    report: &mut Report,
    out: &mut Imported,
    used: &mut HashSet<String>,
    places: &mut BTreeMap<String, NewPlace>,
) {
    let mut stripped = false;
    let hsds_id = text(service, "id").map(|i| clean_line(&i, &mut stripped));
    let location = sal.and_then(|s| object(s, "location"));
    let location_id = location
        .and_then(|l| text(l, "id"))
        .or_else(|| sal.and_then(|s| text(s, "location_id")))
        .map(|i| clean_line(&i, &mut stripped));
    let organization = object(service, "organization");
    let label = || {
        format!(
            "\"{}\" (HSDS {})",
            crate::sanitize::one_line(&text(service, "name").unwrap_or_default()),
            hsds_id.as_deref().unwrap_or("without id")
        )
    };
    let Some(name) = text(service, "name")
        .map(|n| clean_line(&n, &mut stripped))
        .filter(|n| !n.is_empty())
    else {
        report.skip(label(), "no name");
        return;
    };
    let owners = [sal, Some(service), location, organization];
    let Some((phone, extension)) = first_phone(&owners) else {
        report.skip(label(), "no usable phone number");
        return;
    };
    // An extension of digits goes with the number (`ext. 12`), where the
    // slip prints it and its QR code keys it in; anything else is a note.
    let (phone, extension) = match extension {
        Some(ext) => {
            let with = format!("{phone} ext. {ext}");
            match crate::directory::Phone::parse(&with) {
                Some(_) => (with, None),
                None => (phone, Some(ext)),
            }
        }
        None => (phone, None),
    };
    let mut entry = NewService {
        name,
        phone,
        hsds_service: hsds_id.clone(),
        hsds_location: location_id.clone(),
        active: text(service, "status").is_some_and(|s| s.trim().eq_ignore_ascii_case("active")),
        ..NewService::default()
    };
    let mut notes: Vec<String> = Vec::new();
    if text(service, "status").is_none() {
        notes.push("no status: written as inactive (only \"active\" is active)".into());
    }
    if let Some(org) = organization {
        if let Some(org_name) = text(org, "name").map(|n| clean_line(&n, &mut stripped)) {
            if !org_name.is_empty() {
                let key = text(org, "id").unwrap_or_else(|| org_name.clone());
                entry.organization = Some(org_name.clone());
                entry.organization_key = Some((key, org_name));
            }
        }
    }
    entry.description = text(service, "description")
        .map(|d| clean(&d, &mut stripped))
        .filter(|d| !d.is_empty());
    let mut referral = Vec::new();
    if let Some(process) = text(service, "application_process") {
        referral.push(clean(&process, &mut stripped));
    }
    if let Some(ext) = extension {
        referral.push(format!(
            "Phone extension {}.",
            clean_line(&ext, &mut stripped)
        ));
    }
    referral.retain(|r| !r.is_empty());
    entry.referral_notes = (!referral.is_empty()).then(|| referral.join("\n"));
    entry.alert = text(service, "alert")
        .map(|a| clean(&a, &mut stripped))
        .filter(|a| !a.is_empty());
    entry.website = text(service, "url").map(|u| clean_line(&u, &mut stripped));
    entry.email = text(service, "email").map(|e| clean_line(&e, &mut stripped));
    entry.verified = text(service, "assured_date")
        .as_deref()
        .and_then(schedule::parse_date);
    // Eligibility.
    let min = number(service, "minimum_age").map(f64::ceil);
    let max = number(service, "maximum_age").map(f64::floor);
    let age = |n: Option<f64>, what: &str, notes: &mut Vec<String>| match n {
        Some(n) if (0.0..=130.0).contains(&n) => Some(n as i64),
        Some(n) => {
            notes.push(format!("{what} {n} is not an age: left out"));
            None
        }
        None => None,
    };
    entry.age_min = age(min, "minimum_age", &mut notes);
    entry.age_max = age(max, "maximum_age", &mut notes);
    if let (Some(a), Some(b)) = (entry.age_min, entry.age_max) {
        if a > b {
            notes.push(format!(
                "minimum_age {a} is above maximum_age {b}: both left out"
            ));
            entry.age_min = None;
            entry.age_max = None;
        }
    }
    // Languages: the service's, else the location's.
    let mut languages = list(service, "languages").to_vec();
    if languages.is_empty() {
        if let Some(l) = location {
            languages = list(l, "languages").to_vec();
        }
    }
    for language in &languages {
        match language_code(language) {
            Some(code) if !entry.languages.contains(&code) => entry.languages.push(code),
            Some(_) => {}
            None => notes.push(format!(
                "language \"{}\" has no ISO 639-1 code: left out",
                crate::sanitize::one_line(
                    &text(language, "code")
                        .or_else(|| text(language, "name"))
                        .unwrap_or_default()
                )
            )),
        }
    }
    // Location: address, coordinates, a place for its name.
    if let Some(location) = location {
        let is_virtual =
            text(location, "location_type").is_some_and(|t| t.eq_ignore_ascii_case("virtual"));
        if !is_virtual {
            entry.address = address_of(location, &mut stripped);
            match (number(location, "latitude"), number(location, "longitude")) {
                (Some(lat), Some(lon))
                    if (-90.0..=90.0).contains(&lat)
                        && (-180.0..=180.0).contains(&lon)
                        && !(lat == 0.0 && lon == 0.0) =>
                {
                    entry.location = Some((lat, lon));
                }
                (Some(lat), Some(lon)) => notes.push(format!(
                    "coordinates {lat}, {lon} are not a place on Earth: left out"
                )),
                (None, None) => {}
                _ => notes.push("only one of latitude and longitude: left out".into()),
            }
            if let (Some(place), Some((lat, lon))) = (
                text(location, "name").map(|n| clean_line(&n, &mut stripped)),
                entry.location,
            ) {
                add_place(place, lat, lon, options, report, places);
            }
        }
    }
    // Attributes: deflect's own, then the terms for categories.
    let attributes = attributes_of(&[Some(service), sal, location]);
    let mut deflect_id = None;
    let mut deflect_hours = None;
    let mut category_terms: Vec<Term> = Vec::new();
    for (term, value) in attributes {
        let code = term.code.clone().unwrap_or_default();
        match term.taxonomy.as_deref() {
            Some(taxonomies::ATTRIBUTE) if ATTRIBUTES.contains(&code.as_str()) => {
                push_unique(&mut entry.attributes, code)
            }
            Some(taxonomies::PAYMENT) if PAYMENTS.contains(&code.as_str()) => {
                push_unique(&mut entry.payment, code)
            }
            Some(taxonomies::GENDER) if !code.is_empty() => {
                push_unique(&mut entry.genders, clean_line(&code, &mut stripped))
            }
            Some(taxonomies::SUBSTANCE) if SUBSTANCES.contains(&code.as_str()) => {
                push_unique(&mut entry.substances, code)
            }
            Some(taxonomies::ID) => deflect_id = value,
            Some(taxonomies::DEMO) => {} // read for the whole input
            Some(taxonomies::HOURS) => deflect_hours = value,
            Some(taxonomies::ALERT_UNTIL) => {
                entry.alert_until = value.as_deref().and_then(schedule::parse_date)
            }
            Some(taxonomies::TIMEZONE) => {
                if let Some(tz) = value
                    .as_deref()
                    .and_then(|v| v.parse::<chrono_tz::Tz>().ok())
                {
                    if tz != options.timezone {
                        entry.timezone = Some(tz.name().to_string());
                    }
                }
            }
            Some(
                taxonomies::ATTRIBUTE
                | taxonomies::PAYMENT
                | taxonomies::GENDER
                | taxonomies::SUBSTANCE,
            ) => notes.push(format!(
                "{} \"{}\" is not one deflect knows: left out",
                term.taxonomy.as_deref().unwrap_or_default(),
                crate::sanitize::one_line(&code)
            )),
            _ => {
                if !category_terms.contains(&term) {
                    category_terms.push(term);
                }
            }
        }
    }
    for term in &category_terms {
        let label = crate::sanitize::one_line(&clean_line(&term.label(), &mut stripped));
        match options.mapper.map(term) {
            Mapped::To(categories, how) => {
                for c in categories {
                    if how == How::Word {
                        report.by_word(&label, &c);
                    }
                    push_unique(&mut entry.categories, c);
                }
                // "Alcohol Detoxification": a term that maps to a category
                // and names a substance says what the service serves.
                for substance in crate::request::substances_named(&term.label()) {
                    push_unique(&mut entry.substances, substance);
                }
            }
            Mapped::Ignored => {}
            Mapped::Ambiguous(candidates) => {
                report.ambiguous(&label, &candidates);
                entry.unmapped_terms.push(label);
            }
            Mapped::Unmapped => {
                report.unmapped(&label);
                entry.unmapped_terms.push(label);
            }
        }
    }
    if entry.categories.is_empty() {
        entry.categories.push(UNMAPPED.into());
        report.services_unmapped += 1;
        entry.comments.push(format!(
            "No taxonomy term of this service maps to a deflect category ({}): map them with --map",
            if entry.unmapped_terms.is_empty() {
                "it has none".to_string()
            } else {
                entry.unmapped_terms.join("; ")
            }
        ));
    }
    // Capacity (HSDS 3.1).
    let capacities = list(service, "capacities");
    let chosen = capacities
        .iter()
        .find(|c| {
            object(c, "unit")
                .and_then(|u| text(u, "name"))
                .is_some_and(|n| n.to_lowercase().contains("bed"))
        })
        .or_else(|| capacities.first());
    if let Some(c) = chosen {
        if capacities.len() > 1 {
            notes.push(format!(
                "{} capacities: only one ({}) kept",
                capacities.len(),
                object(c, "unit")
                    .and_then(|u| text(u, "name"))
                    .unwrap_or_else(|| "the first".into())
            ));
        }
        let whole = |n: Option<f64>| {
            n.filter(|n| n.fract() == 0.0 && *n >= 0.0 && *n < 1e12)
                .map(|n| n as i64)
        };
        match whole(number(c, "available")) {
            Some(available) => {
                entry.capacity = Some(NewCapacity {
                    available,
                    total: whole(number(c, "maximum")),
                    updated: text(c, "updated")
                        .and_then(|u| DateTime::parse_from_rfc3339(&u).ok())
                        .map(|d| d.to_rfc3339_opts(SecondsFormat::AutoSi, false)),
                })
            }
            None => notes.push("a capacity without a whole number available: left out".into()),
        }
    }
    // Schedules: the service at location's, else the location's, else the
    // service's.
    let mut converted = schedule::Converted::default();
    let mut dropped = Vec::new();
    let mut chosen_rows: Vec<Row> = Vec::new();
    for level in [sal, location, Some(service)] {
        let rows = rows_of(level);
        if rows.is_empty() {
            continue;
        }
        let c = schedule::rows_to_hours(&rows, options.as_of);
        for d in &c.dropped {
            if !dropped.contains(d) {
                dropped.push(d.clone());
            }
        }
        if c.hours.is_some() || !c.unexpressed.is_empty() {
            converted = c;
            chosen_rows = rows;
            break;
        }
    }
    converted.dropped = dropped;
    let usable = |e: &&str| crate::sanitize::find_forbidden(e).is_none() && Hours::parse(e).is_ok();
    if let Some(expr) = deflect_hours.as_deref().filter(usable) {
        // Hours written by deflect: kept as written when the rows still say
        // the same.
        let rows: Vec<Row> = schedule::hours_to_rows(expr)
            .rows
            .iter()
            .map(|r| Row {
                freq: Some(r.freq.into()),
                byday: Some(r.byday.clone()),
                opens_at: Some(r.opens_at()),
                closes_at: Some(r.closes_at()),
                ..Row::default()
            })
            .collect();
        let again = schedule::rows_to_hours(&rows, options.as_of);
        let all_placeholders =
            converted.unexpressed.len() == chosen_rows.iter().filter(|r| is_placeholder(r)).count();
        if again.hours == converted.hours && all_placeholders {
            converted.hours = Hours::parse(expr).ok().map(|h| h.canonical().to_string());
            converted.unexpressed.clear();
        } else {
            notes.push("the deflect-hours attribute no longer matches the schedules: the schedules were used".into());
        }
    }
    entry.hours = converted.hours.clone();
    for line in &converted.unexpressed {
        entry
            .comments
            .push(format!("HSDS schedule not expressed: {line}"));
    }
    // The id.
    let id = match deflect_id.filter(|i| is_valid_id(i)) {
        Some(id) => id,
        None => derived_id(
            &entry.name,
            hsds_id.as_deref().unwrap_or(&entry.name),
            location_id.as_deref(),
        ),
    };
    if options.taken_ids.contains(&id) {
        report.skip(
            label(),
            &format!("the id {id} is used by an entry written by hand, which is kept instead"),
        );
        return;
    }
    let mut unique = id.clone();
    let mut n = 2;
    while used.contains(&unique) {
        let suffix = format!("-{n}");
        let mut base = id.clone();
        base.truncate(64 - suffix.len());
        unique = format!("{}{suffix}", base.trim_end_matches('-'));
        n += 1;
    }
    if unique != id {
        notes.push(format!(
            "the id {id} was taken by another service: {unique} used"
        ));
    }
    used.insert(unique.clone());
    entry.id = unique;
    // Report.
    let prefix = entry.id.clone();
    report
        .schedules_dropped
        .extend(converted.dropped.iter().map(|d| format!("{prefix}: {d}")));
    report.schedules_unexpressed.extend(
        converted
            .unexpressed
            .iter()
            .map(|d| format!("{prefix}: {d}")),
    );
    report.schedules_simplified.extend(
        converted
            .simplified
            .iter()
            .map(|d| format!("{prefix}: {d}")),
    );
    if stripped {
        report.text_cleaned.push(prefix.clone());
    }
    report
        .notes
        .extend(notes.into_iter().map(|n| format!("{prefix}: {n}")));
    report.services_written += 1;
    if !entry.active {
        report.inactive += 1;
    }
    out.services.push(entry);
}

fn push_unique(list: &mut Vec<String>, value: String) {
    if !list.contains(&value) {
        list.push(value);
    }
}

fn add_place(
    name: String,
    lat: f64,
    lon: f64,
    options: &Options<'_>,
    report: &mut Report,
    places: &mut BTreeMap<String, NewPlace>,
) {
    if name.is_empty() {
        return;
    }
    let key = name.to_lowercase();
    if options.taken_places.contains(&key) {
        return;
    }
    match places.get(&key) {
        Some(p) if crate::places::haversine_km((p.lat, p.lon), (lat, lon)) > 0.2 => {
            let note = format!(
                "place \"{}\": two locations share the name; the first is kept",
                crate::sanitize::one_line(&name)
            );
            if !report.notes.contains(&note) {
                report.notes.push(note);
            }
        }
        Some(_) => {}
        None => {
            places.insert(key, NewPlace { name, lat, lon });
        }
    }
}

/// Organisation file names: a slug of the name, unique among the files.
pub fn file_names(services: &[NewService]) -> BTreeMap<Option<String>, String> {
    let mut keys: BTreeSet<(String, String)> = BTreeSet::new();
    for s in services {
        if let Some(k) = &s.organization_key {
            keys.insert(k.clone());
        }
    }
    let mut taken: HashSet<String> = HashSet::new();
    taken.insert("places".into());
    taken.insert("categories".into());
    taken.insert("services".into());
    let mut out = BTreeMap::new();
    out.insert(None, "services".to_string());
    let mut sorted: Vec<(String, String)> = keys.into_iter().collect();
    sorted.sort_by(|a, b| (slug(&a.1, 48), &a.0).cmp(&(slug(&b.1, 48), &b.0)));
    for (key, name) in sorted {
        let base = slug(&name, 48);
        let base = if base.is_empty() {
            "organization".into()
        } else {
            base
        };
        let mut file = base.clone();
        if taken.contains(&file) {
            file = format!("{base}-{:06x}", fnv(&key, 0) & 0xff_ffff);
        }
        taken.insert(file.clone());
        out.insert(Some(key), file);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_and_ids_fit_the_id_rule() {
        assert_eq!(
            slug("Example Organization Inc.", 60),
            "example-organization-inc"
        );
        assert_eq!(slug("Café Müller's  Place", 60), "cafe-mullers-place");
        let id = derived_id(&"Long name ".repeat(20), "a", Some("b"));
        assert!(is_valid_id(&id), "{id}");
        assert_eq!(id, derived_id(&"Long name ".repeat(20), "a", Some("b")));
        assert_ne!(id, derived_id(&"Long name ".repeat(20), "a", Some("c")));
        assert!(is_valid_id(&derived_id("!!!", "a", None)));
    }

    #[test]
    fn escapes_are_removed_whole() {
        let mut stripped = false;
        assert_eq!(
            clean("Escape\u{1b}[31m Recovery\u{7}", &mut stripped),
            "Escape Recovery"
        );
        assert!(stripped);
        let mut stripped = false;
        assert_eq!(
            clean("a\u{1b}]0;title\u{7}b\u{202e}c", &mut stripped),
            "abc"
        );
        assert_eq!(clean_line(" a \n b ", &mut stripped), "a b");
    }

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
