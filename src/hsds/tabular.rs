//! The HSDS tabular data package (a folder with `datapackage.json` and one
//! CSV file per table, or the same tables as one JSON object keyed by file
//! name), assembled into `service_full` JSON objects, so that one path maps
//! every input.

use std::collections::HashMap;
use std::path::{Component, Path, PathBuf};

use anyhow::{bail, Context as _, Result};
use serde_json::{Map, Value};

use super::json::text as field;

/// The tables deflect reads, each with the names it may be stored under.
const TABLES: &[(&str, &[&str])] = &[
    ("services", &["services", "service"]),
    ("organizations", &["organizations", "organization"]),
    ("locations", &["locations", "location"]),
    (
        "service_at_locations",
        &[
            "service_at_location",
            "service_at_locations",
            "services_at_location",
            "services_at_locations",
        ],
    ),
    ("schedules", &["schedules", "schedule"]),
    ("phones", &["phones", "phone"]),
    ("addresses", &["addresses", "address"]),
    ("languages", &["languages", "language"]),
    ("attributes", &["attributes", "attribute"]),
    ("taxonomy_terms", &["taxonomy_terms", "taxonomy_term"]),
    (
        "service_capacity",
        &["service_capacity", "service_capacities"],
    ),
    ("units", &["units", "unit"]),
    ("contacts", &["contacts", "contact"]),
];

type Row = Map<String, Value>;

/// The tables read, by their canonical name.
#[derive(Debug, Default)]
pub struct Tables {
    tables: HashMap<&'static str, Vec<Row>>,
}

impl Tables {
    fn rows(&self, name: &str) -> &[Row] {
        self.tables.get(name).map_or(&[], Vec::as_slice)
    }
}

fn canonical(stem: &str) -> Option<&'static str> {
    let stem = stem.to_ascii_lowercase();
    TABLES
        .iter()
        .find(|(_, names)| names.contains(&stem.as_str()))
        .map(|(name, _)| *name)
}

/// Whether a JSON object is the tabular form (keys such as `services.csv`).
pub fn is_tabular_json(value: &Value) -> bool {
    value
        .as_object()
        .is_some_and(|o| o.keys().any(|k| k.ends_with(".csv")) && o.contains_key("services.csv"))
}

/// Reads the tabular JSON form.
pub fn from_json(value: &Value) -> Vec<Value> {
    let mut tables = Tables::default();
    if let Some(object) = value.as_object() {
        for (key, rows) in object {
            let Some(name) = canonical(key.trim_end_matches(".csv")) else {
                continue;
            };
            let rows = rows
                .as_array()
                .map(|items| {
                    items
                        .iter()
                        .filter_map(|r| r.as_object().cloned())
                        .collect()
                })
                .unwrap_or_default();
            tables.tables.insert(name, rows);
        }
    }
    assemble(&tables)
}

/// Whether a relative path stays inside its folder.
fn is_inside(path: &Path) -> bool {
    path.components()
        .all(|c| matches!(c, Component::Normal(_) | Component::CurDir))
}

/// Reads a data package folder. `notes` receives what the report should
/// say about the package itself.
///
/// # Errors
/// A malformed `datapackage.json` or CSV file, named with its position; a
/// package without a services table.
pub fn read_folder(folder: &Path, notes: &mut Vec<String>) -> Result<Vec<Value>> {
    let mut paths: HashMap<&'static str, PathBuf> = HashMap::new();
    let descriptor = folder.join("datapackage.json");
    if descriptor.is_file() {
        let text = std::fs::read_to_string(&descriptor)
            .with_context(|| format!("cannot read {}", descriptor.display()))?;
        let trimmed = text.trim();
        // A git symbolic link checked out as a file holds only its target.
        let is_link_stub = !trimmed.contains(['{', '\n']) && trimmed.ends_with(".json");
        if is_link_stub {
            notes.push(format!(
                "{} holds only the path \"{}\" (a link that was not followed): the CSV files were read by their standard names",
                descriptor.display(),
                crate::sanitize::one_line(trimmed)
            ));
        } else {
            let value: Value = serde_json::from_str(&text).map_err(|e| {
                anyhow::anyhow!(
                    "{}: line {}, column {}: malformed JSON: {e}",
                    descriptor.display(),
                    e.line(),
                    e.column()
                )
            })?;
            for resource in super::json::list(&value, "resources") {
                let Some(path) = field(resource, "path") else {
                    continue;
                };
                let stem = Path::new(&path)
                    .file_stem()
                    .and_then(|s| s.to_str())
                    .unwrap_or_default()
                    .to_string();
                let name = field(resource, "name")
                    .and_then(|n| canonical(&n))
                    .or_else(|| canonical(&stem));
                let Some(name) = name else { continue };
                if !is_inside(Path::new(&path)) {
                    bail!(
                        "{}: the resource \"{}\" points outside the package folder",
                        descriptor.display(),
                        crate::sanitize::one_line(&path)
                    );
                }
                paths.insert(name, folder.join(path));
            }
        }
    }
    for (name, stems) in TABLES {
        if paths.contains_key(name) {
            continue;
        }
        for stem in *stems {
            let candidate = folder.join(format!("{stem}.csv"));
            if candidate.is_file() {
                paths.insert(name, candidate);
                break;
            }
        }
    }
    if !paths.contains_key("services") {
        bail!(
            "{}: no services table (services.csv) in this data package",
            folder.display()
        );
    }
    let mut tables = Tables::default();
    let mut names: Vec<_> = paths.into_iter().collect();
    names.sort();
    for (name, path) in names {
        tables.tables.insert(name, read_csv(&path)?);
    }
    Ok(assemble(&tables))
}

/// Reads one CSV file into rows of text; empty cells and `null` are left
/// out.
fn read_csv(path: &Path) -> Result<Vec<Row>> {
    let bytes = std::fs::read(path).with_context(|| format!("cannot read {}", path.display()))?;
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes);
    let mut reader = csv::ReaderBuilder::new().flexible(false).from_reader(bytes);
    let fail = |e: csv::Error| {
        let at = e
            .position()
            .map(|p| format!("line {}: ", p.line()))
            .unwrap_or_default();
        anyhow::anyhow!("{}: {at}malformed CSV: {e}", path.display())
    };
    let headers: Vec<String> = reader
        .headers()
        .map_err(fail)?
        .iter()
        .map(|h| h.trim().to_ascii_lowercase())
        .collect();
    let mut rows = Vec::new();
    for record in reader.records() {
        let record = record.map_err(fail)?;
        let mut row = Row::new();
        for (header, cell) in headers.iter().zip(record.iter()) {
            let cell = cell.trim();
            if cell.is_empty() || cell == "null" {
                continue;
            }
            row.insert(header.clone(), Value::String(cell.to_string()));
        }
        rows.push(row);
    }
    Ok(rows)
}

/// Groups rows of a table by the value of one column.
fn by<'a>(rows: &'a [Row], column: &str) -> HashMap<String, Vec<&'a Row>> {
    let mut out: HashMap<String, Vec<&Row>> = HashMap::new();
    for row in rows {
        if let Some(key) = id_of(row, column) {
            out.entry(key).or_default().push(row);
        }
    }
    out
}

fn id_of(row: &Row, column: &str) -> Option<String> {
    match row.get(column)? {
        Value::String(s) => {
            let t = s.trim();
            (!t.is_empty()).then(|| t.to_string())
        }
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

fn with(row: &Row, additions: Vec<(&str, Value)>) -> Value {
    let mut object = row.clone();
    for (key, value) in additions {
        object.insert(key.to_string(), value);
    }
    Value::Object(object)
}

/// Where a row that names several owners belongs: the most specific one.
fn owner(row: &Row) -> Option<(&'static str, String)> {
    for column in [
        "service_at_location_id",
        "service_id",
        "location_id",
        "organization_id",
        "contact_id",
    ] {
        if let Some(id) = id_of(row, column) {
            return Some((column, id));
        }
    }
    None
}

/// Builds `service_full` objects from the tables.
fn assemble(t: &Tables) -> Vec<Value> {
    let empty = Vec::new();
    // Languages, by what they describe.
    let languages: HashMap<&str, HashMap<String, Vec<&Row>>> =
        ["service_id", "location_id", "phone_id"]
            .into_iter()
            .map(|column| (column, by(t.rows("languages"), column)))
            .collect();
    let languages_by = |column: &str, id: &str| -> Value {
        Value::Array(
            languages
                .get(column)
                .and_then(|m| m.get(id))
                .unwrap_or(&empty)
                .iter()
                .map(|r| Value::Object((*r).clone()))
                .collect(),
        )
    };
    let phone = |row: &Row| -> Value {
        let id = id_of(row, "id").unwrap_or_default();
        with(row, vec![("languages", languages_by("phone_id", &id))])
    };
    // Phones and contacts belong to their most specific owner.
    let mut phones: HashMap<(&str, String), Vec<Value>> = HashMap::new();
    for row in t.rows("phones") {
        if let Some(key) = owner(row) {
            phones.entry(key).or_default().push(phone(row));
        }
    }
    let phones_of = |column: &'static str, id: &str| -> Value {
        Value::Array(
            phones
                .get(&(column, id.to_string()))
                .cloned()
                .unwrap_or_default(),
        )
    };
    let mut contacts: HashMap<(&str, String), Vec<Value>> = HashMap::new();
    for row in t.rows("contacts") {
        let id = id_of(row, "id").unwrap_or_default();
        if let Some(key) = owner(row) {
            contacts
                .entry(key)
                .or_default()
                .push(with(row, vec![("phones", phones_of("contact_id", &id))]));
        }
    }
    let contacts_of = |column: &'static str, id: &str| -> Value {
        Value::Array(
            contacts
                .get(&(column, id.to_string()))
                .cloned()
                .unwrap_or_default(),
        )
    };
    // Attributes, with their taxonomy terms, by the entity they link to.
    let terms = by(t.rows("taxonomy_terms"), "id");
    let attributes = by(t.rows("attributes"), "link_id");
    let attributes_of = |id: &str| -> Value {
        Value::Array(
            attributes
                .get(id)
                .unwrap_or(&empty)
                .iter()
                .map(|row| {
                    let term = id_of(row, "taxonomy_term_id")
                        .and_then(|tid| terms.get(&tid).and_then(|v| v.first()))
                        .map(|term| Value::Object((*term).clone()))
                        .unwrap_or(Value::Null);
                    with(row, vec![("taxonomy_term", term)])
                })
                .collect(),
        )
    };
    // Schedules: a row for a service and a location without a
    // service-at-location id belongs to that pair.
    let sal_rows = t.rows("service_at_locations");
    let pairs: HashMap<(String, String), String> = sal_rows
        .iter()
        .filter_map(|r| {
            Some((
                (id_of(r, "service_id")?, id_of(r, "location_id")?),
                id_of(r, "id")?,
            ))
        })
        .collect();
    let pair_of = |service: String, location: String| pairs.get(&(service, location)).cloned();
    let mut schedules: HashMap<(&str, String), Vec<Value>> = HashMap::new();
    for row in t.rows("schedules") {
        let value = Value::Object(row.clone());
        let key = if let Some(sal) = id_of(row, "service_at_location_id") {
            Some(("sal", sal))
        } else {
            match (id_of(row, "service_id"), id_of(row, "location_id")) {
                (Some(s), Some(l)) => match pair_of(s.clone(), l) {
                    Some(sal) => Some(("sal", sal)),
                    None => Some(("service", s)),
                },
                (Some(s), None) => Some(("service", s)),
                (None, Some(l)) => Some(("location", l)),
                (None, None) => None,
            }
        };
        if let Some(key) = key {
            schedules.entry(key).or_default().push(value);
        }
    }
    let schedules_of = |kind: &'static str, id: &str| -> Value {
        Value::Array(
            schedules
                .get(&(kind, id.to_string()))
                .cloned()
                .unwrap_or_default(),
        )
    };
    let organizations = by(t.rows("organizations"), "id");
    let locations = by(t.rows("locations"), "id");
    let addresses = by(t.rows("addresses"), "location_id");
    let units = by(t.rows("units"), "id");
    let capacities = by(t.rows("service_capacity"), "service_id");
    let sals = by(sal_rows, "service_id");

    let location = |id: &str| -> Option<Value> {
        let row = locations.get(id)?.first()?;
        Some(with(
            row,
            vec![
                (
                    "addresses",
                    Value::Array(
                        addresses
                            .get(id)
                            .unwrap_or(&empty)
                            .iter()
                            .map(|r| Value::Object((*r).clone()))
                            .collect(),
                    ),
                ),
                ("phones", phones_of("location_id", id)),
                ("contacts", contacts_of("location_id", id)),
                ("schedules", schedules_of("location", id)),
                ("languages", languages_by("location_id", id)),
                ("attributes", attributes_of(id)),
            ],
        ))
    };

    let mut services = Vec::new();
    for row in t.rows("services") {
        let id = id_of(row, "id").unwrap_or_default();
        let organization = id_of(row, "organization_id")
            .and_then(|oid| {
                organizations.get(&oid).and_then(|v| v.first()).map(|o| {
                    with(
                        o,
                        vec![
                            ("phones", phones_of("organization_id", &oid)),
                            ("contacts", contacts_of("organization_id", &oid)),
                        ],
                    )
                })
            })
            .unwrap_or(Value::Null);
        let service_at_locations: Vec<Value> = sals
            .get(&id)
            .unwrap_or(&empty)
            .iter()
            .map(|sal| {
                let sal_id = id_of(sal, "id").unwrap_or_default();
                let place = id_of(sal, "location_id")
                    .and_then(|l| location(&l))
                    .unwrap_or(Value::Null);
                with(
                    sal,
                    vec![
                        ("location", place),
                        ("phones", phones_of("service_at_location_id", &sal_id)),
                        ("contacts", contacts_of("service_at_location_id", &sal_id)),
                        ("schedules", schedules_of("sal", &sal_id)),
                        ("attributes", attributes_of(&sal_id)),
                    ],
                )
            })
            .collect();
        let service_capacities: Vec<Value> = capacities
            .get(&id)
            .unwrap_or(&empty)
            .iter()
            .map(|c| {
                let unit = id_of(c, "unit_id")
                    .and_then(|u| units.get(&u).and_then(|v| v.first()))
                    .map(|u| Value::Object((*u).clone()))
                    .unwrap_or(Value::Null);
                with(c, vec![("unit", unit)])
            })
            .collect();
        services.push(with(
            row,
            vec![
                ("organization", organization),
                ("phones", phones_of("service_id", &id)),
                ("contacts", contacts_of("service_id", &id)),
                ("schedules", schedules_of("service", &id)),
                ("languages", languages_by("service_id", &id)),
                ("attributes", attributes_of(&id)),
                ("capacities", Value::Array(service_capacities)),
                ("service_at_locations", Value::Array(service_at_locations)),
            ],
        ));
    }
    services
}
