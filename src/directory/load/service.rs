//! Reading one `[[service]]` table: every key checked, a faulty value
//! dropped with a diagnostic, and an entry that cannot make a safe
//! referral marked with the reason.

use chrono_tz::Tz;
use toml::de::DeTable;

use crate::diagnostic::Diagnostic;
use crate::directory::lang::{self, is_language_code};
use crate::directory::load::fields::{check_phone, is_valid_id, read_coordinates};
use crate::directory::load::limits::Keep;
use crate::directory::model::{Capacity, Field, Origin, Service, ATTRIBUTES, PAYMENTS};
use crate::directory::read::{closest, TableReader};
use crate::directory::source::SourceFile;
use crate::directory::words::read_substances;
use crate::sanitize::visible;

const SERVICE_KEYS: &[&str] = &[
    "id",
    "name",
    "organization",
    "categories",
    "description",
    "phone",
    "address",
    "lat",
    "lon",
    "hours",
    "timezone",
    "languages",
    "age_min",
    "age_max",
    "genders",
    "payment",
    "attributes",
    "substances",
    "capacity",
    "referral_notes",
    "alert",
    "alert_until",
    "website",
    "email",
    "verified",
    "active",
];

const CAPACITY_KEYS: &[&str] = &["available", "total", "updated"];

pub(super) type ServiceRead = (Service, Option<&'static str>, bool, Vec<Diagnostic>);

/// The keys whose place [`Origin`] keeps, for the rules of `validate`.
const FIELD_KEYS: &[(Field, &str)] = &[
    (Field::Id, "id"),
    (Field::Name, "name"),
    (Field::Categories, "categories"),
    (Field::Phone, "phone"),
    (Field::Address, "address"),
    (Field::Hours, "hours"),
    (Field::Timezone, "timezone"),
    (Field::Verified, "verified"),
    (Field::Alert, "alert"),
    (Field::AlertUntil, "alert_until"),
    (Field::Capacity, "capacity"),
    (Field::Website, "website"),
    (Field::Email, "email"),
    (Field::Lat, "lat"),
    (Field::Lon, "lon"),
];

/// Reads one `[[service]]` table of `file` (the `file_index`th file):
/// the service, why it cannot make a safe referral (if so), whether it
/// lost a faulty value, and its diagnostics.
pub(super) fn read_service(
    file_index: u32,
    file: &SourceFile,
    table: &DeTable<'_>,
    keep: Keep,
) -> ServiceRead {
    let mut r = TableReader::new(file, table, "service", SERVICE_KEYS);
    // The first reason found is the one told, so the keys are read in
    // this order.
    let id = read_id(&mut r);
    let name = r.required_string("name", "name the service as a person would ask for it");
    if name.is_none() {
        r.unsafe_reason.get_or_insert("no name");
    }
    let organization = r.string("organization");
    let categories = read_categories(&mut r);
    let description = r.string("description");
    let phone = read_phone(&mut r);
    let address = r.string("address");
    let location = read_coordinates(&mut r, false);
    let hours = r.string("hours");
    let timezone = read_service_zone(&mut r);
    let languages = read_languages(&mut r);
    let (age_min, age_max) = read_ages(&mut r);
    let genders = r.strings("genders").into_iter().map(|(s, _)| s).collect();
    let payment = read_known(&mut r, "payment", PAYMENTS, "unknown-payment", || {
        format!("use one of: {}", PAYMENTS.join(", "))
    });
    let attributes = read_known(
        &mut r,
        "attributes",
        ATTRIBUTES,
        "unknown-attribute",
        || "see docs/FORMAT.md for the list".into(),
    );
    let substances = read_substances(&mut r);
    let capacity = read_capacity(&mut r);
    let referral_notes = r.string("referral_notes");
    let alert = r.string("alert");
    let alert_until = r.local_date("alert_until");
    let website = r.string("website");
    let email = r.string("email");
    let verified = r.local_date("verified");
    let active = r.boolean("active").unwrap_or(true);
    r.check_unknown_keys();
    let origin = origin(&r, file_index, keep);

    let service = Service {
        id: id.unwrap_or_default(),
        name: name.unwrap_or_default(),
        organization,
        categories,
        description,
        phone,
        address,
        location,
        hours,
        timezone,
        languages,
        age_min,
        age_max,
        genders,
        payment,
        attributes,
        substances,
        capacity,
        referral_notes,
        alert,
        alert_until,
        website,
        email,
        verified,
        active,
        origin,
    };
    (service, r.unsafe_reason, r.trimmed, r.diagnostics)
}

/// Where the service was written. Where each value was written matters
/// only to validate: the desk keeps 100,000 services without them.
fn origin(r: &TableReader<'_, '_>, file_index: u32, keep: Keep) -> Origin {
    let mut origin = Origin {
        file: file_index,
        table: r.table_span().start as u32,
        keys: Vec::new(),
    };
    if keep == Keep::Everything {
        // Sized once: 100,000 small vectors grown a push at a time are
        // hundreds of thousands of reallocations.
        let written = FIELD_KEYS.iter().filter(|(_, key)| r.has(key)).count();
        origin.keys.reserve_exact(written);
        for &(field, key) in FIELD_KEYS {
            if let Some(span) = r.value_span(key) {
                origin
                    .keys
                    .push((field, span.start as u32, span.end as u32));
            }
        }
    }
    origin
}

/// The id, when it is valid; it then names the service on every
/// diagnostic that follows.
fn read_id(r: &mut TableReader<'_, '_>) -> Option<String> {
    match r.string("id") {
        Some(id) if is_valid_id(&id) => {
            r.service = Some(id.clone());
            Some(id)
        }
        Some(id) => {
            let span = r.value_span("id").unwrap_or(0..0);
            r.fatal(
                "invalid-id",
                format!(
                    "\"{}\" is not a valid id: use lower-case letters, digits and hyphens, starting with a letter or digit, at most 64 characters",
                    visible(&id)
                ),
                span,
                "an invalid id",
            );
            None
        }
        None => {
            if !r.has("id") {
                r.missing("id", "give it a stable id such as \"riverside-detox\"");
            }
            r.unsafe_reason.get_or_insert("no valid id");
            None
        }
    }
}

/// The category ids as written; the directory-wide checks drop those the
/// taxonomy does not know. A service with none cannot be found.
fn read_categories(r: &mut TableReader<'_, '_>) -> Vec<String> {
    let categories: Vec<String> = r
        .strings("categories")
        .into_iter()
        .map(|(s, _)| s)
        .collect();
    if !r.has("categories") {
        r.missing(
            "categories",
            "list at least one category id, e.g. categories = [\"withdrawal-management\"]",
        );
    } else if categories.is_empty() {
        let span = r.value_span("categories").unwrap_or(0..0);
        if r.unsafe_reason.is_none() {
            r.report(
                Diagnostic::error(
                    "missing-key",
                    "`categories` is empty: list at least one category id",
                ),
                span,
            );
        }
    }
    if categories.is_empty() {
        r.unsafe_reason.get_or_insert("no category");
    }
    categories
}

/// The number to call, which a referral cannot do without.
fn read_phone(r: &mut TableReader<'_, '_>) -> String {
    match r.required_string("phone", "give the number a person or officer should call") {
        Some(phone) => {
            check_phone(r, &phone);
            phone
        }
        None => {
            r.unsafe_reason.get_or_insert("no phone");
            String::new()
        }
    }
}

/// The service's own zone; one that is not a zone is dropped, and the
/// directory's is used meanwhile.
fn read_service_zone(r: &mut TableReader<'_, '_>) -> Option<Tz> {
    let tz = r.string("timezone")?;
    match tz.parse::<Tz>() {
        Ok(tz) => Some(tz),
        Err(_) => {
            let span = r.value_span("timezone").unwrap_or(0..0);
            r.drop_value(
                "invalid-timezone",
                format!(
                    "\"{}\" is not an IANA time zone: write one such as \"America/Denver\"; the directory's zone is used meanwhile",
                    visible(&tz)
                ),
                span,
            );
            None
        }
    }
}

/// The ISO 639-1 codes of the languages spoken; anything else is ignored
/// with a warning that names the code meant, when it can tell.
fn read_languages(r: &mut TableReader<'_, '_>) -> Vec<String> {
    let mut languages = Vec::new();
    for (code, span) in r.strings("languages") {
        if is_language_code(&code) {
            languages.push(code);
            continue;
        }
        let hint = match lang::code_for(&code) {
            Some(known) => format!("did you mean \"{known}\"?"),
            None => "write two lower-case letters such as \"en\" or \"es\"".into(),
        };
        r.report(
            Diagnostic::warning(
                "unknown-language",
                format!(
                    "\"{}\" is not an ISO 639-1 language code and is ignored: {hint}",
                    visible(&code)
                ),
            ),
            span,
        );
    }
    languages
}

/// `age_min` and `age_max`: each dropped when it is not an age, both when
/// they are the wrong way round.
fn read_ages(r: &mut TableReader<'_, '_>) -> (Option<i64>, Option<i64>) {
    let mut age_min = r.integer("age_min");
    let mut age_max = r.integer("age_max");
    for (key, value) in [("age_min", &mut age_min), ("age_max", &mut age_max)] {
        if let Some(age) = *value {
            if !(0..=130).contains(&age) {
                let span = r.value_span(key).unwrap_or(0..0);
                r.drop_value(
                    "invalid-age-range",
                    format!("`{key}` {age} is not an age"),
                    span,
                );
                *value = None;
            }
        }
    }
    if let (Some(min), Some(max)) = (age_min, age_max) {
        if min > max {
            let span = r.value_span("age_max").unwrap_or(0..0);
            r.drop_value(
                "invalid-age-range",
                format!(
                    "age_max {max} is below age_min {min}: swap them; both are ignored meanwhile"
                ),
                span,
            );
            return (None, None);
        }
    }
    (age_min, age_max)
}

/// The values of `key` that are among `known` (`payment`, `attributes`);
/// any other is ignored with a `code` warning that suggests the value
/// nearest to a typo, else says what `otherwise` says.
fn read_known(
    r: &mut TableReader<'_, '_>,
    key: &str,
    known: &[&str],
    code: &'static str,
    otherwise: fn() -> String,
) -> Vec<String> {
    // The word for one value in messages: `payment`, `attribute`.
    let what = key.strip_suffix('s').unwrap_or(key);
    let mut values = Vec::new();
    for (value, span) in r.strings(key) {
        if known.contains(&value.as_str()) {
            values.push(value);
            continue;
        }
        let hint = closest(&value, known)
            .map(|k| format!("did you mean \"{k}\"?"))
            .unwrap_or_else(otherwise);
        r.report(
            Diagnostic::warning(
                code,
                format!("unknown {what} \"{}\" is ignored: {hint}", visible(&value)),
            ),
            span,
        );
    }
    values
}

/// The free beds or slots, when `available` is given.
fn read_capacity(r: &mut TableReader<'_, '_>) -> Option<Capacity> {
    let mut c = r.table("capacity", CAPACITY_KEYS)?;
    let available = c.integer("available");
    if !c.has("available") {
        c.missing("available", "give the number of free beds or slots");
    }
    let total = c.integer("total");
    let updated = c.offset_datetime("updated");
    c.check_unknown_keys();
    r.absorb(c);
    available.map(|available| Capacity {
        available,
        total,
        updated,
    })
}
