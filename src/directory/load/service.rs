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

pub(super) fn read_service(
    file_index: u32,
    file: &SourceFile,
    table: &DeTable<'_>,
    keep: Keep,
) -> ServiceRead {
    let mut r = TableReader::new(file, table, "service", SERVICE_KEYS);
    let mut origin = Origin {
        file: file_index,
        table: r.table_span().start as u32,
        keys: Vec::new(),
    };

    let id = r.string("id");
    let id = match id {
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
    };
    let name = r.required_string("name", "name the service as a person would ask for it");
    if name.is_none() {
        r.unsafe_reason.get_or_insert("no name");
    }
    let organization = r.string("organization");

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

    let description = r.string("description");
    let phone = r.required_string("phone", "give the number a person or officer should call");
    let phone = match phone {
        Some(p) if check_phone(&mut r, &p) => p,
        Some(p) => p,
        None => {
            r.unsafe_reason.get_or_insert("no phone");
            String::new()
        }
    };
    let address = r.string("address");
    let location = read_coordinates(&mut r, false);
    let hours = r.string("hours");
    let timezone = r.string("timezone").and_then(|tz| match tz.parse::<Tz>() {
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
    });

    let mut languages = Vec::new();
    for (code, span) in r.strings("languages") {
        if is_language_code(&code) {
            languages.push(code);
        } else {
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
    }
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
            age_min = None;
            age_max = None;
        }
    }
    let genders = r.strings("genders").into_iter().map(|(s, _)| s).collect();
    let mut payment = Vec::new();
    for (value, span) in r.strings("payment") {
        if PAYMENTS.contains(&value.as_str()) {
            payment.push(value);
        } else {
            let hint = closest(&value, PAYMENTS)
                .map(|k| format!("did you mean \"{k}\"?"))
                .unwrap_or_else(|| format!("use one of: {}", PAYMENTS.join(", ")));
            r.report(
                Diagnostic::warning(
                    "unknown-payment",
                    format!("unknown payment \"{}\" is ignored: {hint}", visible(&value)),
                ),
                span,
            );
        }
    }
    let mut attributes = Vec::new();
    for (value, span) in r.strings("attributes") {
        if ATTRIBUTES.contains(&value.as_str()) {
            attributes.push(value);
        } else {
            let hint = closest(&value, ATTRIBUTES)
                .map(|k| format!("did you mean \"{k}\"?"))
                .unwrap_or_else(|| "see docs/FORMAT.md for the list".into());
            r.report(
                Diagnostic::warning(
                    "unknown-attribute",
                    format!(
                        "unknown attribute \"{}\" is ignored: {hint}",
                        visible(&value)
                    ),
                ),
                span,
            );
        }
    }
    let substances = read_substances(&mut r);
    let capacity = match r.table("capacity", CAPACITY_KEYS) {
        Some(mut c) => {
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
        None => None,
    };
    let referral_notes = r.string("referral_notes");
    let alert = r.string("alert");
    let alert_until = r.local_date("alert_until");
    let website = r.string("website");
    let email = r.string("email");
    let verified = r.local_date("verified");
    let active = r.boolean("active").unwrap_or(true);
    r.check_unknown_keys();

    // Where values were written matters only to validate: the desk keeps
    // 100,000 services without them.
    let fields: &[(Field, &str)] = if keep == Keep::Everything {
        FIELD_KEYS
    } else {
        &[]
    };
    for &(field, key) in fields {
        if let Some(span) = r.value_span(key) {
            origin
                .keys
                .push((field, span.start as u32, span.end as u32));
        }
    }

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
