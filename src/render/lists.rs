//! `deflect categories` and `deflect places`.

use std::io::{self, Write};

use comfy_table::{presets, ContentArrangement, Table};
use serde_json::json;

use crate::places::Place;
use crate::render::table_width;
use crate::sanitize::one_line;
use crate::taxonomy::Taxonomy;

fn new_table(header: Vec<&str>) -> Table {
    let mut table = Table::new();
    table
        .load_preset(presets::UTF8_FULL_CONDENSED)
        .set_content_arrangement(ContentArrangement::Dynamic)
        .set_width(table_width())
        .set_header(header);
    table
}

/// The taxonomy, groups first with their children under them.
pub fn categories(out: &mut dyn Write, taxonomy: &Taxonomy, as_json: bool) -> io::Result<()> {
    let mut ordered = Vec::new();
    for group in taxonomy.categories().iter().filter(|c| c.parent.is_none()) {
        for id in taxonomy.descendants(&group.id) {
            if let Some(c) = taxonomy.get(&id) {
                ordered.push(c);
            }
        }
    }
    for c in taxonomy.categories() {
        if !ordered.iter().any(|o| o.id == c.id) {
            ordered.push(c);
        }
    }
    if as_json {
        let value: Vec<_> = ordered
            .iter()
            .map(|c| json!({ "id": c.id, "name": c.name, "parent": c.parent, "synonyms": c.synonyms }))
            .collect();
        return crate::render::write_json(out, &serde_json::Value::Array(value));
    }
    let mut table = new_table(vec!["Id", "Name", "Words officers may type"]);
    for c in ordered {
        let id = if c.parent.is_some() {
            format!("  {}", c.id)
        } else {
            c.id.clone()
        };
        table.add_row(vec![
            id,
            one_line(&c.name),
            one_line(&c.synonyms.join(", ")),
        ]);
    }
    writeln!(out, "{table}")
}

/// Places, in the order given.
pub fn places(out: &mut dyn Write, places: &[&Place], as_json: bool) -> io::Result<()> {
    if as_json {
        let value: Vec<_> = places
            .iter()
            .map(|p| json!({ "name": p.name, "aliases": p.aliases, "kind": p.kind, "lat": p.lat, "lon": p.lon }))
            .collect();
        return crate::render::write_json(out, &serde_json::Value::Array(value));
    }
    let mut table = new_table(vec!["Place", "Kind", "Also called", "Lat, lon"]);
    for p in places {
        table.add_row(vec![
            one_line(&p.name),
            p.kind.as_deref().map(one_line).unwrap_or_default(),
            one_line(&p.aliases.join(", ")),
            format!("{:.5}, {:.5}", p.lat, p.lon),
        ]);
    }
    writeln!(out, "{table}")
}
