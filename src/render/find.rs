//! The results of `deflect find`: a table for the desk, JSON for scripts.

use std::io::{self, Write};

use chrono::{DateTime, Utc};
use comfy_table::{presets, Cell, ContentArrangement, Table};
use serde_json::{json, Value};

use crate::directory::Directory;
use crate::hours::State;
use crate::matching::Hit;
use crate::needs::ResolvedNeed;
use crate::places::Origin;
use crate::render::{
    capacity_words, distance_words, local, rfc3339, status_words, table_width, DEMO_BANNER,
};
use crate::sanitize::one_line;

/// A finished search, ready to show.
pub struct Results<'a> {
    /// The directory searched.
    pub directory: &'a Directory,
    /// When.
    pub at: DateTime<Utc>,
    /// From where.
    pub origin: Option<&'a Origin>,
    /// What was asked.
    pub needs: &'a [ResolvedNeed],
    /// What was found, already limited.
    pub hits: &'a [Hit<'a>],
    /// Entries of the directory left out for faults.
    pub left_out: usize,
}

/// Writes the table for people.
pub fn table(out: &mut dyn Write, results: &Results<'_>) -> io::Result<()> {
    let info = &results.directory.info;
    let at = local(info, results.at);
    if info.demo {
        writeln!(out, "{DEMO_BANNER}")?;
    }
    let origin = results
        .origin
        .map(|o| match &o.name {
            Some(name) => format!(" near {}", one_line(name)),
            None => format!(" near {:.5},{:.5}", o.lat, o.lon),
        })
        .unwrap_or_default();
    writeln!(
        out,
        "{}: {} result{}{origin}, {}",
        one_line(&info.name),
        results.hits.len(),
        if results.hits.len() == 1 { "" } else { "s" },
        at.format("%a %Y-%m-%d ").to_string() + &crate::render::time_of_day(&at, info.clock)
    )?;
    if !results.hits.is_empty() {
        let mut table = Table::new();
        table
            .load_preset(presets::UTF8_FULL_CONDENSED)
            .set_content_arrangement(ContentArrangement::Dynamic)
            .set_width(table_width())
            .set_header(vec![
                "#", "Service", "Status", "Distance", "Phone", "Address",
            ]);
        for (i, hit) in results.hits.iter().enumerate() {
            let s = hit.service;
            let mut name = one_line(&s.name);
            if let Some(alert) = &s.alert {
                if s.alert_until.is_none_or(|until| until >= at.date_naive()) {
                    name.push_str(&format!("\n! {}", one_line(alert)));
                }
            }
            if let Some(capacity) = &s.capacity {
                name.push_str(&format!("\n{}", capacity_words(capacity, &at, "beds")));
            }
            if !hit.not_stated.is_empty() {
                name.push_str(&format!("\nnot stated: {}", hit.not_stated.join(", ")));
            }
            table.add_row(vec![
                Cell::new(i + 1),
                Cell::new(name),
                Cell::new(status_words(&hit.status, &at, info.clock, false)),
                Cell::new(distance_words(hit.distance_km, info.units)),
                Cell::new(one_line(&s.phone)),
                Cell::new(s.address.as_deref().map(one_line).unwrap_or_default()),
            ]);
        }
        writeln!(out, "{table}")?;
    } else {
        writeln!(out, "No service matches.")?;
    }
    if !results.hits.iter().any(|h| h.status.state == State::Open) && !info.crisis_lines.is_empty()
    {
        writeln!(out, "Nothing listed is open now. Crisis lines, any time:")?;
        for line in &info.crisis_lines {
            writeln!(out, "  {}: {}", one_line(&line.name), one_line(&line.phone))?;
        }
    }
    Ok(())
}

/// The JSON of one hit, in the shape of docs/CLI.md.
pub fn hit_json(hit: &Hit<'_>) -> Value {
    let s = hit.service;
    json!({
        "id": s.id,
        "name": s.name,
        "categories": s.categories,
        "phone": s.phone,
        "address": s.address,
        "distance_km": hit.distance_km.map(|d| (d * 1000.0).round() / 1000.0),
        "status": hit.status.state,
        "open_until": hit.status.open_until.as_ref().map(rfc3339),
        "opens_at": hit.status.opens_at.as_ref().map(rfc3339),
        "open_since": hit.status.open_since.as_ref().map(rfc3339),
        "note": hit.status.note,
        "matched": hit.matched,
        "verified": s.verified.map(|d| d.to_string()),
        "not_stated": hit.not_stated,
    })
}

/// Writes the JSON object for scripts.
pub fn json(out: &mut dyn Write, results: &Results<'_>) -> io::Result<()> {
    let info = &results.directory.info;
    let value = json!({
        "directory": { "name": info.name, "demo": info.demo },
        "at": rfc3339(&local(info, results.at)),
        "origin": results.origin.map(|o| json!({ "name": o.name, "lat": o.lat, "lon": o.lon })),
        "needs": results.needs.iter().map(|n| json!({
            "query": n.query, "categories": n.categories, "services": n.services
        })).collect::<Vec<_>>(),
        "results": results.hits.iter().map(hit_json).collect::<Vec<_>>(),
        "left_out": results.left_out,
    });
    crate::render::write_json(out, &value)
}
