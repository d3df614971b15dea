//! Exporting a directory as HSDS 3.0 JSON: one `service_full` object per
//! service, with its organisation, location, address, phone, schedules,
//! languages, capacity and attributes.
//!
//! What HSDS has no field for (categories, attributes, payment, genders,
//! the deflect id, the hours as written, `alert_until`, a service's own
//! timezone) is carried as attributes whose taxonomy term belongs to a
//! `deflect-…` taxonomy, so that importing the export gives back the same
//! directory; so is the demo mark of a fictional directory. Ids are UUIDs derived from the deflect ids, stable across
//! exports.

use chrono::{DateTime, Offset, Utc};
use serde::Serialize;
use serde_json::{json, Map, Value};

use super::import::{fnv, taxonomies};
use super::schedule::hours_to_rows;
use crate::directory::{Capacity, Directory, Service};

/// What an export has to say.
#[derive(Debug, Clone, Default, Serialize)]
pub struct ExportReport {
    /// Services written.
    pub services: usize,
    /// Services whose hours the schedule rows do not say in full, and what
    /// is left out (the hours as written are kept in the `deflect-hours`
    /// attribute and in the rows' notes).
    pub hours_not_expressed: Vec<String>,
    /// The file written.
    pub file: String,
    /// The directory is fictional demo data, and every service says so
    /// (an attribute of the `deflect-demo` taxonomy).
    pub demo: bool,
}

/// A UUID (version 8, derived) for a name.
pub fn uuid(name: &str) -> String {
    let high = fnv(name, 0x5bd1_e995);
    let low = fnv(name, 0x27d4_eb2f_1656_67c5);
    let mut bytes = [0u8; 16];
    bytes[..8].copy_from_slice(&high.to_be_bytes());
    bytes[8..].copy_from_slice(&low.to_be_bytes());
    bytes[6] = (bytes[6] & 0x0f) | 0x80;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    let hex: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
    format!(
        "{}-{}-{}-{}-{}",
        &hex[..8],
        &hex[8..12],
        &hex[12..16],
        &hex[16..20],
        &hex[20..]
    )
}

fn attribute(service: &str, taxonomy: &str, code: &str, name: &str, value: Option<&str>) -> Value {
    let mut term = json!({
        "id": uuid(&format!("term:{taxonomy}:{code}")),
        "code": code,
        "name": name,
        "taxonomy": taxonomy,
    });
    if let Value::Object(t) = &mut term {
        t.insert(
            "taxonomy_detail".into(),
            json!({ "id": uuid(&format!("taxonomy:{taxonomy}")), "name": taxonomy, "description": "What deflect keeps that HSDS has no field for" }),
        );
    }
    let mut out = json!({
        "id": uuid(&format!("attribute:{service}:{taxonomy}:{code}")),
        "link_entity": "service",
        "link_id": uuid(&format!("service:{service}")),
        "taxonomy_term_id": uuid(&format!("term:{taxonomy}:{code}")),
        "taxonomy_term": term,
    });
    if let (Some(v), Value::Object(o)) = (value, &mut out) {
        o.insert("value".into(), Value::String(v.to_string()));
    }
    out
}

/// The UTC offset of a zone at an instant, in hours, as HSDS writes it.
fn offset_hours(zone: chrono_tz::Tz, at: DateTime<Utc>) -> Value {
    let seconds = at.with_timezone(&zone).offset().fix().local_minus_utc();
    let hours = f64::from(seconds) / 3600.0;
    if hours.fract() == 0.0 {
        json!(hours as i64)
    } else {
        json!(hours)
    }
}

fn insert(object: &mut Map<String, Value>, key: &str, value: Option<Value>) {
    if let Some(v) = value {
        object.insert(key.into(), v);
    }
}

/// Builds the HSDS list for a directory.
pub fn export(directory: &Directory, now: DateTime<Utc>, report: &mut ExportReport) -> Value {
    let services: Vec<Value> = directory
        .services
        .iter()
        .map(|s| service(directory, s, now, report))
        .collect();
    report.services = services.len();
    report.demo = directory.info.demo;
    Value::Array(services)
}

/// An HSDS phone: the number, and the extension in HSDS's `extension`
/// (a number there, so one with a leading zero stays in `number`).
fn phone(id: &str, written: &str) -> Value {
    let mut phone = Map::new();
    phone.insert("id".into(), json!(uuid(&format!("phone:{id}"))));
    let extension = crate::directory::Phone::parse(written).and_then(|p| {
        let digits = p.extension?;
        let number = digits.parse::<u64>().ok()?;
        (number.to_string() == digits).then_some((p.number, number))
    });
    match extension {
        Some((number, extension)) => {
            phone.insert("number".into(), json!(number));
            phone.insert("extension".into(), json!(extension));
        }
        None => {
            phone.insert("number".into(), json!(written));
        }
    }
    phone.insert("type".into(), json!("voice"));
    Value::Object(phone)
}

fn service(
    directory: &Directory,
    s: &Service,
    now: DateTime<Utc>,
    report: &mut ExportReport,
) -> Value {
    let id = &s.id;
    let mut object = Map::new();
    object.insert("id".into(), json!(uuid(&format!("service:{id}"))));
    object.insert("name".into(), json!(s.name));
    object.insert(
        "status".into(),
        json!(if s.active { "active" } else { "inactive" }),
    );
    insert(
        &mut object,
        "description",
        s.description.as_ref().map(|v| json!(v)),
    );
    insert(&mut object, "url", s.website.as_ref().map(|v| json!(v)));
    insert(&mut object, "email", s.email.as_ref().map(|v| json!(v)));
    insert(
        &mut object,
        "application_process",
        s.referral_notes.as_ref().map(|v| json!(v)),
    );
    insert(&mut object, "minimum_age", s.age_min.map(|v| json!(v)));
    insert(&mut object, "maximum_age", s.age_max.map(|v| json!(v)));
    insert(
        &mut object,
        "assured_date",
        s.verified.map(|v| json!(v.to_string())),
    );
    insert(&mut object, "alert", s.alert.as_ref().map(|v| json!(v)));
    object.insert("phones".into(), json!([phone(id, &s.phone)]));
    object.insert(
        "languages".into(),
        Value::Array(
            s.languages
                .iter()
                .map(|code| {
                    json!({ "id": uuid(&format!("language:{id}:{code}")), "name": code, "code": code })
                })
                .collect(),
        ),
    );
    if let Some(org) = &s.organization {
        object.insert(
            "organization".into(),
            json!({ "id": uuid(&format!("organization:{org}")), "name": org, "description": "" }),
        );
    }
    let schedules = schedules(s, s.zone(&directory.info), now, report);
    if s.address.is_some() || s.location.is_some() {
        let location = location(directory, s);
        object.insert(
            "service_at_locations".into(),
            json!([{
                "id": uuid(&format!("service_at_location:{id}")),
                "location": Value::Object(location),
                "schedules": schedules,
            }]),
        );
    } else {
        object.insert("schedules".into(), Value::Array(schedules));
    }
    if let Some(c) = &s.capacity {
        object.insert("capacities".into(), json!([capacity(id, c)]));
    }
    object.insert("attributes".into(), Value::Array(attributes(directory, s)));
    Value::Object(object)
}

/// The schedule rows of a service's hours, each with a note of what they
/// leave out (also in the report); a description in words when no row can
/// say them.
fn schedules(
    s: &Service,
    zone: chrono_tz::Tz,
    now: DateTime<Utc>,
    report: &mut ExportReport,
) -> Vec<Value> {
    let id = &s.id;
    let mut schedules = Vec::new();
    if let Some(hours) = &s.hours {
        let exported = hours_to_rows(hours);
        let note = (!exported.lost.is_empty()).then(|| {
            format!(
                "Not in these rows: {}. The opening hours in full (OpenStreetMap syntax): {hours}",
                exported.lost.join("; ")
            )
        });
        if let Some(n) = &note {
            report
                .hours_not_expressed
                .push(format!("{id}: {}", crate::sanitize::one_line(n)));
        }
        for (i, row) in exported.rows.iter().enumerate() {
            let mut r = Map::new();
            r.insert("id".into(), json!(uuid(&format!("schedule:{id}:{i}"))));
            r.insert("freq".into(), json!(row.freq));
            r.insert("byday".into(), json!(row.byday));
            r.insert("opens_at".into(), json!(row.opens_at()));
            r.insert("closes_at".into(), json!(row.closes_at()));
            r.insert("timezone".into(), offset_hours(zone, now));
            insert(&mut r, "notes", note.as_ref().map(|n| json!(n)));
            schedules.push(Value::Object(r));
        }
        if exported.rows.is_empty() {
            schedules.push(json!({
                "id": uuid(&format!("schedule:{id}:0")),
                "description": format!("Opening hours (OpenStreetMap syntax): {hours}"),
            }));
        }
    }
    schedules
}

/// The HSDS location of a service: its coordinates (with the name of a
/// place there, if the gazetteer has one) and its address.
fn location(directory: &Directory, s: &Service) -> Map<String, Value> {
    let id = &s.id;
    let mut location = Map::new();
    location.insert("id".into(), json!(uuid(&format!("location:{id}"))));
    location.insert("location_type".into(), json!("physical"));
    if let Some((lat, lon)) = s.location {
        location.insert("latitude".into(), json!(lat));
        location.insert("longitude".into(), json!(lon));
        let place = directory
            .places
            .iter()
            .find(|p| (p.lat - lat).abs() < 1e-9 && (p.lon - lon).abs() < 1e-9);
        insert(&mut location, "name", place.map(|p| json!(p.name)));
    }
    if let Some(address) = &s.address {
        location.insert(
            "addresses".into(),
            json!([{
                "id": uuid(&format!("address:{id}")),
                "address_1": address,
                "city": "",
                "state_province": "",
                "postal_code": "",
                "country": directory.info.country.clone().unwrap_or_default(),
                "address_type": "physical",
            }]),
        );
    }
    location
}

/// A capacity in beds (HSDS 3.1).
fn capacity(id: &str, c: &Capacity) -> Value {
    let mut capacity = Map::new();
    capacity.insert("id".into(), json!(uuid(&format!("capacity:{id}"))));
    capacity.insert(
        "unit".into(),
        json!({ "id": uuid("unit:bed"), "name": "Bed" }),
    );
    capacity.insert("available".into(), json!(c.available));
    insert(&mut capacity, "maximum", c.total.map(|t| json!(t)));
    insert(
        &mut capacity,
        "updated",
        c.updated.map(|u| json!(u.to_rfc3339())),
    );
    Value::Object(capacity)
}

/// The attributes of a service: its categories and deflect's own fields,
/// in the taxonomies an import reads back.
fn attributes(directory: &Directory, s: &Service) -> Vec<Value> {
    let id = &s.id;
    let mut attributes = Vec::new();
    for c in &s.categories {
        let name = directory
            .taxonomy
            .get(c)
            .map_or(c.as_str(), |cat| cat.name.as_str());
        attributes.push(attribute(id, taxonomies::CATEGORY, c, name, None));
    }
    for a in &s.attributes {
        attributes.push(attribute(id, taxonomies::ATTRIBUTE, a, a, None));
    }
    for p in &s.payment {
        attributes.push(attribute(id, taxonomies::PAYMENT, p, p, None));
    }
    for g in &s.genders {
        attributes.push(attribute(id, taxonomies::GENDER, g, g, None));
    }
    for substance in &s.substances {
        attributes.push(attribute(
            id,
            taxonomies::SUBSTANCE,
            substance,
            substance,
            None,
        ));
    }
    attributes.push(attribute(id, taxonomies::ID, "id", "deflect id", Some(id)));
    if let Some(h) = &s.hours {
        attributes.push(attribute(
            id,
            taxonomies::HOURS,
            "opening_hours",
            "opening hours (OpenStreetMap syntax)",
            Some(h),
        ));
    }
    if let Some(d) = s.alert_until {
        attributes.push(attribute(
            id,
            taxonomies::ALERT_UNTIL,
            "alert_until",
            "last day of the alert",
            Some(&d.to_string()),
        ));
    }
    if let Some(tz) = s.timezone {
        attributes.push(attribute(
            id,
            taxonomies::TIMEZONE,
            "timezone",
            "timezone (IANA)",
            Some(tz.name()),
        ));
    }
    if directory.info.demo {
        // HSDS has no field for a whole directory: each service says it.
        attributes.push(attribute(
            id,
            taxonomies::DEMO,
            "demo",
            "fictional demo data: not for real referrals",
            None,
        ));
    }
    attributes
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uuids_are_stable_and_well_formed() {
        let a = uuid("service:detox-247");
        assert_eq!(a, uuid("service:detox-247"));
        assert_ne!(a, uuid("service:detox-248"));
        assert_eq!(a.len(), 36);
        assert_eq!(&a[14..15], "8");
        assert!(matches!(&a[19..20], "8" | "9" | "a" | "b"));
    }
}
