//! Mapping HSDS services to deflect services: one deflect service per
//! service at a location, with a stable id, the first voice phone, the
//! location's address and coordinates, eligibility, status, taxonomy terms
//! as categories and schedules as opening hours. Nothing here touches the
//! file system.
//!
//! One file per part of a service: `contact.rs` (phone and texts),
//! `eligibility.rs` (ages, languages), `location.rs`, `attributes.rs`
//! (deflect's own and the categories), `capacity.rs`, `schedules.rs` (the
//! hours), `names.rs` (ids and file names), and `text.rs` (cleaning).

mod attributes;
mod capacity;
mod contact;
mod eligibility;
mod location;
mod names;
mod schedules;
mod text;

use std::collections::{BTreeMap, HashSet};

use chrono::NaiveDate;
use serde_json::Value;

use super::json::{list, object, text};
use super::report::Report;
use super::terms::Mapper;
use crate::directory::{is_valid_id, Origin, Service};
use attributes::attributes_of;

pub use names::file_names;
pub use text::{fnv, slug};

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

/// One deflect service to write: the directory's own [`Service`], and
/// what the import knows of it besides (where it came from in HSDS, and
/// what to say about it in the file).
#[derive(Debug, Clone, PartialEq)]
pub struct ImportedService {
    /// The service as the directory holds it (its `origin` is empty: it
    /// has not been written yet).
    pub service: Service,
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
    pub services: Vec<ImportedService>,
    /// Places for the named locations.
    pub places: Vec<NewPlace>,
}

/// What the import has made so far, and the ids and places taken.
#[derive(Default)]
struct Progress {
    imported: Imported,
    ids_used: HashSet<String>,
    places: BTreeMap<String, NewPlace>,
}

/// Imports every service of the input.
pub fn import(services: &[Value], options: &Options<'_>, report: &mut Report) -> Imported {
    let mut progress = Progress::default();
    for service in services {
        report.services_read += 1;
        let sals = list(service, "service_at_locations");
        if sals.is_empty() {
            one(service, None, options, report, &mut progress);
        } else {
            for sal in sals {
                one(service, Some(sal), options, report, &mut progress);
            }
        }
    }
    let mut imported = progress.imported;
    imported.places = progress.places.into_values().collect();
    imported
}

/// One service being imported, which the mappers (one file each) fill in:
/// the service, the notes it gets in the report, and whether any of its
/// text had to be cleaned.
struct Draft {
    entry: ImportedService,
    notes: Vec<String>,
    stripped: bool,
}

impl Draft {
    /// [`text::clean`], remembering whether anything was removed.
    fn clean(&mut self, raw: &str) -> String {
        text::clean(raw, &mut self.stripped)
    }

    /// [`text::clean_line`], remembering whether anything was removed.
    fn clean_line(&mut self, raw: &str) -> String {
        text::clean_line(raw, &mut self.stripped)
    }

    /// The organisation's name, and the key of the file it goes in.
    fn map_organization(&mut self, organization: Option<&Value>) {
        let Some(org) = organization else { return };
        let Some(org_name) = text(org, "name").map(|n| self.clean_line(&n)) else {
            return;
        };
        if !org_name.is_empty() {
            let key = text(org, "id").unwrap_or_else(|| org_name.clone());
            self.entry.service.organization = Some(org_name.clone());
            self.entry.organization_key = Some((key, org_name));
        }
    }

    /// The id deflect wrote, if it is a valid one; else one made from the
    /// name and the HSDS ids.
    fn id(
        &self,
        written: Option<String>,
        hsds_id: Option<&str>,
        location_id: Option<&str>,
    ) -> String {
        let name = &self.entry.service.name;
        match written.filter(|i| is_valid_id(i)) {
            Some(id) => id,
            None => names::derived_id(name, hsds_id.unwrap_or(name), location_id),
        }
    }

    /// Gives the service `id`, or the first free id after it when another
    /// service of this import has it, with a note.
    fn claim_id(&mut self, id: &str, ids_used: &mut HashSet<String>) {
        let unique = names::unique_id(id, ids_used);
        if unique != id {
            self.notes.push(format!(
                "the id {id} was taken by another service: {unique} used"
            ));
        }
        self.entry.service.id = unique;
    }

    /// Writes what the import has to say about the service, under its id,
    /// into the report.
    fn report(&self, converted: &schedules::Converted, report: &mut Report) {
        let prefix = &self.entry.service.id;
        let with_prefix = |lines: &[String]| -> Vec<String> {
            lines.iter().map(|d| format!("{prefix}: {d}")).collect()
        };
        report
            .schedules_dropped
            .extend(with_prefix(&converted.dropped));
        report
            .schedules_unexpressed
            .extend(with_prefix(&converted.unexpressed));
        report
            .schedules_simplified
            .extend(with_prefix(&converted.simplified));
        if self.stripped {
            report.text_cleaned.push(prefix.clone());
        }
        report.notes.extend(with_prefix(&self.notes));
        report.services_written += 1;
        if !self.entry.service.active {
            report.inactive += 1;
        }
    }
}

/// A service with only what every one has: name, phone and status.
fn bare_service(name: String, phone: String, active: bool) -> Service {
    Service {
        id: String::new(),
        name,
        organization: None,
        categories: Vec::new(),
        description: None,
        phone,
        address: None,
        location: None,
        hours: None,
        timezone: None,
        languages: Vec::new(),
        age_min: None,
        age_max: None,
        genders: Vec::new(),
        payment: Vec::new(),
        attributes: Vec::new(),
        substances: Vec::new(),
        capacity: None,
        referral_notes: None,
        alert: None,
        alert_until: None,
        website: None,
        email: None,
        verified: None,
        active,
        origin: Origin::default(),
    }
}

/// Imports one HSDS service at one location (`sal`, the service at
/// location, if it has any): skipped, with the reason in the report, when
/// it has no name, no usable phone, or the id of an entry written by hand.
fn one(
    hsds: &Value,
    sal: Option<&Value>,
    options: &Options<'_>,
    report: &mut Report,
    progress: &mut Progress,
) {
    let mut stripped = false;
    let hsds_id = text(hsds, "id").map(|i| text::clean_line(&i, &mut stripped));
    let location = sal.and_then(|s| object(s, "location"));
    let location_id = location
        .and_then(|l| text(l, "id"))
        .or_else(|| sal.and_then(|s| text(s, "location_id")))
        .map(|i| text::clean_line(&i, &mut stripped));
    let organization = object(hsds, "organization");
    let label = || {
        format!(
            "\"{}\" (HSDS {})",
            crate::sanitize::one_line(&text(hsds, "name").unwrap_or_default()),
            hsds_id.as_deref().unwrap_or("without id")
        )
    };
    let Some(name) = text(hsds, "name")
        .map(|n| text::clean_line(&n, &mut stripped))
        .filter(|n| !n.is_empty())
    else {
        report.skip(label(), "no name");
        return;
    };
    let Some((phone, extension)) = contact::first_phone(&[sal, Some(hsds), location, organization])
    else {
        report.skip(label(), "no usable phone number");
        return;
    };
    let (phone, extension) = contact::with_extension(phone, extension);
    let status = text(hsds, "status");
    let active = status
        .as_deref()
        .is_some_and(|s| s.trim().eq_ignore_ascii_case("active"));
    let mut draft = Draft {
        entry: ImportedService {
            service: bare_service(name, phone, active),
            unmapped_terms: Vec::new(),
            hsds_service: hsds_id.clone(),
            hsds_location: location_id.clone(),
            comments: Vec::new(),
            organization_key: None,
        },
        notes: Vec::new(),
        stripped,
    };
    if status.is_none() {
        draft
            .notes
            .push("no status: written as inactive (only \"active\" is active)".into());
    }
    draft.map_organization(organization);
    draft.map_texts(hsds, extension);
    draft.map_ages(hsds);
    draft.map_languages(hsds, location);
    if let Some(location) = location {
        draft.map_location(location, options, report, &mut progress.places);
    }
    let deflect = draft.map_attributes(&[Some(hsds), sal, location], options, report);
    draft.map_capacity(hsds);
    let converted = draft.map_hours(
        [sal, location, Some(hsds)],
        deflect.hours.as_deref(),
        options.as_of,
    );
    let id = draft.id(deflect.id, hsds_id.as_deref(), location_id.as_deref());
    if options.taken_ids.contains(&id) {
        report.skip(
            label(),
            &format!("the id {id} is used by an entry written by hand, which is kept instead"),
        );
        return;
    }
    draft.claim_id(&id, &mut progress.ids_used);
    draft.report(&converted, report);
    progress.imported.services.push(draft.entry);
}
