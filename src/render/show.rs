//! One service whole (`deflect show`).

use std::io::{self, Write};

use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use serde_json::json;

use crate::directory::{Directory, Service};
use crate::matching::{HoursBook, Status};
use crate::render::hours::{day_line, days_json, week};
use crate::render::{
    capacity_words, distance_words, local, rfc3339, status_words, time_of_day, DEMO_BANNER,
};
use crate::sanitize::{one_line, text_block};

/// Everything `show` prints about one service.
pub struct Shown<'a> {
    /// The directory.
    pub directory: &'a Directory,
    /// The service.
    pub service: &'a Service,
    /// Its status at `at`.
    pub status: Status,
    /// When.
    pub at: DateTime<Utc>,
    /// Distance from the origin, if there is one.
    pub distance_km: Option<f64>,
}

fn category_names(directory: &Directory, service: &Service) -> Vec<String> {
    service
        .categories
        .iter()
        .map(|id| {
            directory
                .taxonomy
                .get(id)
                .map_or(id.clone(), |c| c.name.clone())
        })
        .collect()
}

/// Writes the text form.
pub fn text(out: &mut dyn Write, shown: &Shown<'_>, book: &mut HoursBook) -> io::Result<()> {
    let info = &shown.directory.info;
    let s = shown.service;
    let at = local(info, shown.at);
    if info.demo {
        writeln!(out, "{DEMO_BANNER}")?;
    }
    writeln!(out, "{} ({})", one_line(&s.name), s.id)?;
    for (label, value) in fields(shown, &at) {
        // A field with nothing to say is left out, label and all.
        if !value.is_empty() {
            writeln!(out, "{label:<15}{value}")?;
        }
    }
    notes(out, s, &at)?;
    next_week(out, shown, book, &at)
}

/// The labelled lines of the text form, in order; an empty value is a
/// line left out.
fn fields(shown: &Shown<'_>, at: &DateTime<Tz>) -> Vec<(&'static str, String)> {
    let s = shown.service;
    let one_lines = |values: &[String]| values.iter().map(|v| one_line(v)).collect::<Vec<_>>();
    vec![
        (
            "Organisation:",
            s.organization.as_deref().map(one_line).unwrap_or_default(),
        ),
        ("Offers:", category_names(shown.directory, s).join(", ")),
        ("Status:", status_line(shown, at)),
        ("Phone:", one_line(&s.phone)),
        ("Address:", address_line(shown)),
        (
            "Hours:",
            s.hours
                .as_deref()
                .map(one_line)
                .unwrap_or_else(|| "unknown: call first".into()),
        ),
        (
            "Ages:",
            match (s.age_min, s.age_max) {
                (Some(a), Some(b)) => format!("{a} to {b}"),
                (Some(a), None) => format!("{a} and over"),
                (None, Some(b)) => format!("up to {b}"),
                (None, None) => String::new(),
            },
        ),
        ("Genders:", one_lines(&s.genders).join(", ")),
        ("Languages:", s.languages.join(", ")),
        ("Payment:", s.payment.join(", ")),
        ("Attributes:", s.attributes.join(", ")),
        (
            "Capacity:",
            s.capacity
                .as_ref()
                .map(|capacity| capacity_words(capacity, at, "beds"))
                .unwrap_or_default(),
        ),
        (
            "Verified:",
            s.verified
                .map(|d| d.to_string())
                .unwrap_or_else(|| "never".into()),
        ),
        (
            "Website:",
            s.website.as_deref().map(one_line).unwrap_or_default(),
        ),
        (
            "Email:",
            s.email.as_deref().map(one_line).unwrap_or_default(),
        ),
    ]
}

/// The status at `at`, and when that is. A withdrawn service is offered
/// nowhere: that is its status, whatever its hours say. One clock on the
/// line: the directory's.
fn status_line(shown: &Shown<'_>, at: &DateTime<Tz>) -> String {
    let clock = shown.directory.info.clock;
    let status = if shown.service.active {
        status_words(&shown.status, at, clock, false)
    } else {
        "withdrawn from the directory for now (active = false): not offered at the desk".into()
    };
    format!(
        "{status} (at {} {})",
        at.format("%a %Y-%m-%d"),
        time_of_day(at, clock)
    )
}

/// The address with the distance to it, or how a service without a
/// location is reached.
fn address_line(shown: &Shown<'_>) -> String {
    let s = shown.service;
    if s.location.is_none() {
        return "no location: reached by phone, or comes to the person".into();
    }
    let address = s.address.as_deref().map(one_line).unwrap_or_default();
    if shown.distance_km.is_none() {
        return address;
    }
    let distance = distance_words(shown.distance_km, shown.directory.info.units);
    if address.is_empty() {
        distance
    } else {
        format!("{address} ({distance})")
    }
}

/// The alert still in force, the referral notes and the description, each
/// after a blank line.
fn notes(out: &mut dyn Write, s: &Service, at: &DateTime<Tz>) -> io::Result<()> {
    if let Some(alert) = &s.alert {
        if s.alert_until.is_none_or(|until| until >= at.date_naive()) {
            writeln!(out, "\nAlert: {}", one_line(alert))?;
        }
    }
    if let Some(notes) = &s.referral_notes {
        writeln!(
            out,
            "\nReferral notes:\n  {}",
            text_block(notes).replace('\n', "\n  ")
        )?;
    }
    if let Some(description) = &s.description {
        writeln!(out, "\n{}", text_block(description))?;
    }
    Ok(())
}

/// The next seven days' hours, days and times as the desk reads them, in
/// the directory's zone (naming the service's own when it differs).
fn next_week(
    out: &mut dyn Write,
    shown: &Shown<'_>,
    book: &mut HoursBook,
    at: &DateTime<Tz>,
) -> io::Result<()> {
    let info = &shown.directory.info;
    let s = shown.service;
    let Some(hours) = book.hours(s) else {
        return Ok(());
    };
    let zone = s.zone(info);
    if zone == info.timezone {
        writeln!(out, "\nThe next 7 days:")?;
    } else {
        writeln!(
            out,
            "\nThe next 7 days ({} time; the service keeps {} time):",
            info.timezone.name(),
            zone.name()
        )?;
    }
    let calendar = book.calendar();
    for (date, intervals) in week(&hours, zone, info.timezone, calendar, at.date_naive(), 7) {
        writeln!(
            out,
            "  {}",
            day_line(date, &intervals, info.clock, calendar)
        )?;
    }
    Ok(())
}

/// Writes the JSON form.
pub fn json(out: &mut dyn Write, shown: &Shown<'_>, book: &mut HoursBook) -> io::Result<()> {
    let Shown {
        directory,
        service: s,
        status,
        at,
        distance_km,
    } = shown;
    let info = &directory.info;
    let local_at = local(info, *at);
    let days = book
        .hours(s)
        .map(|h| {
            let calendar = book.calendar();
            let days = week(
                &h,
                s.zone(info),
                info.timezone,
                calendar,
                local_at.date_naive(),
                7,
            );
            days_json(&days, calendar)
        })
        .unwrap_or(serde_json::Value::Null);
    let value = json!({
        "directory": { "name": info.name, "demo": info.demo },
        "at": rfc3339(&local_at),
        "service": {
            "id": s.id, "name": s.name, "organization": s.organization,
            "categories": s.categories, "description": s.description,
            "phone": s.phone, "address": s.address,
            "lat": s.location.map(|l| l.0), "lon": s.location.map(|l| l.1),
            "hours": s.hours, "timezone": s.timezone.map(|t| t.name().to_string()),
            "languages": s.languages, "age_min": s.age_min, "age_max": s.age_max,
            "genders": s.genders, "payment": s.payment, "attributes": s.attributes,
            "capacity": s.capacity.as_ref().map(|c| json!({
                "available": c.available, "total": c.total,
                "updated": c.updated.map(|u| u.to_rfc3339()),
            })),
            "referral_notes": s.referral_notes, "alert": s.alert,
            "alert_until": s.alert_until.map(|d| d.to_string()),
            "website": s.website, "email": s.email,
            "verified": s.verified.map(|d| d.to_string()), "active": s.active,
        },
        "distance_km": distance_km.map(|d| (d * 1000.0).round() / 1000.0),
        "status": status.state,
        "open_until": status.open_until.as_ref().map(rfc3339),
        "opens_at": status.opens_at.as_ref().map(rfc3339),
        "open_since": status.open_since.as_ref().map(rfc3339),
        "note": status.note,
        "days": days,
    });
    crate::render::write_json(out, &value)
}
