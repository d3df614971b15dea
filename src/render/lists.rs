//! `deflect categories` and `deflect places`.

use std::io::{self, Write};

use comfy_table::{presets, ContentArrangement, Table};
use serde_json::json;

use crate::places::Place;
use crate::render::table_width;
use crate::sanitize::one_line;
use crate::taxonomy::{Category, Taxonomy};

fn new_table(header: Vec<&str>) -> Table {
    let mut table = Table::new();
    table
        .load_preset(presets::UTF8_FULL_CONDENSED)
        .set_content_arrangement(ContentArrangement::Dynamic)
        .set_width(table_width())
        .set_header(header);
    table
}

/// The taxonomy as a tree: each group, then each category under its
/// parent (methadone under medications for opioid use disorder), with its
/// depth. Categories on a cycle of parents, which no group reaches, come
/// last at depth 0.
fn tree(taxonomy: &Taxonomy) -> Vec<(usize, &Category)> {
    fn under<'t>(
        taxonomy: &'t Taxonomy,
        category: &'t Category,
        depth: usize,
        out: &mut Vec<(usize, &'t Category)>,
    ) {
        if out.iter().any(|(_, c)| c.id == category.id) {
            return;
        }
        out.push((depth, category));
        for child in taxonomy.children(&category.id) {
            under(taxonomy, child, depth + 1, out);
        }
    }
    let mut ordered = Vec::new();
    for group in taxonomy.categories().iter().filter(|c| c.parent.is_none()) {
        under(taxonomy, group, 0, &mut ordered);
    }
    for c in taxonomy.categories() {
        under(taxonomy, c, 0, &mut ordered);
    }
    ordered
}

/// The taxonomy, groups first with their children under them, each
/// indented by two spaces more than its parent.
pub fn categories(out: &mut dyn Write, taxonomy: &Taxonomy, as_json: bool) -> io::Result<()> {
    let ordered = tree(taxonomy);
    if as_json {
        let value: Vec<_> = ordered
            .iter()
            .map(|(_, c)| json!({ "id": c.id, "name": c.name, "parent": c.parent, "synonyms": c.synonyms }))
            .collect();
        return crate::render::write_json(out, &serde_json::Value::Array(value));
    }
    let mut table = new_table(vec!["Id", "Name", "Words officers may type"]);
    for (depth, c) in ordered {
        let id = format!("{}{}", "  ".repeat(depth), c.id);
        table.add_row(vec![
            id,
            one_line(&c.name),
            one_line(&c.synonyms.join(", ")),
        ]);
    }
    writeln!(out, "{table}")
}

/// What `deflect places QUERY` says when no place matches: the query,
/// the names that look closest, and how to list every place.
pub fn no_place(query: &str, suggestions: &[String], all: usize) -> String {
    if all == 0 {
        return "The directory names no places: add [[place]] tables (docs/FORMAT.md).".to_string();
    }
    let mut text = format!("No place matches \"{}\".", one_line(query.trim()));
    if !suggestions.is_empty() {
        let names: Vec<String> = suggestions.iter().map(|s| one_line(s)).collect();
        text.push_str(&format!(" Did you mean: {}?", names.join(", ")));
    }
    text.push_str(&format!(
        " `deflect places` with no word lists all {all} place{}.",
        if all == 1 { "" } else { "s" }
    ));
    text
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
