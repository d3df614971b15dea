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
    let joined = Joined::new(t);
    t.rows("services")
        .iter()
        .map(|row| joined.service(row))
        .collect()
}

/// Rows of one table by the key of what they belong to.
type Owned = HashMap<(&'static str, String), Vec<Value>>;

/// The tables indexed by what their rows belong to, so that each
/// `service_full` object can be put together from them.
struct Joined<'a> {
    /// Languages, by the column that names what they describe.
    languages: HashMap<&'static str, HashMap<String, Vec<&'a Row>>>,
    /// Phones and contacts, by their most specific owner.
    phones: Owned,
    contacts: Owned,
    /// Schedules, by `sal`, `service` or `location`.
    schedules: Owned,
    terms: HashMap<String, Vec<&'a Row>>,
    attributes: HashMap<String, Vec<&'a Row>>,
    organizations: HashMap<String, Vec<&'a Row>>,
    locations: HashMap<String, Vec<&'a Row>>,
    addresses: HashMap<String, Vec<&'a Row>>,
    units: HashMap<String, Vec<&'a Row>>,
    capacities: HashMap<String, Vec<&'a Row>>,
    service_at_locations: HashMap<String, Vec<&'a Row>>,
}

/// The rows as JSON objects.
fn objects(rows: Option<&Vec<&Row>>) -> Value {
    Value::Array(
        rows.map(Vec::as_slice)
            .unwrap_or_default()
            .iter()
            .map(|r| Value::Object((*r).clone()))
            .collect(),
    )
}

/// The rows of `owned` that belong to (`kind`, `id`).
fn owned_by(owned: &Owned, kind: &'static str, id: &str) -> Value {
    Value::Array(
        owned
            .get(&(kind, id.to_string()))
            .cloned()
            .unwrap_or_default(),
    )
}

impl<'a> Joined<'a> {
    fn new(t: &'a Tables) -> Self {
        let mut joined = Joined {
            languages: ["service_id", "location_id", "phone_id"]
                .into_iter()
                .map(|column| (column, by(t.rows("languages"), column)))
                .collect(),
            phones: HashMap::new(),
            contacts: HashMap::new(),
            schedules: schedules_by_owner(t),
            terms: by(t.rows("taxonomy_terms"), "id"),
            attributes: by(t.rows("attributes"), "link_id"),
            organizations: by(t.rows("organizations"), "id"),
            locations: by(t.rows("locations"), "id"),
            addresses: by(t.rows("addresses"), "location_id"),
            units: by(t.rows("units"), "id"),
            capacities: by(t.rows("service_capacity"), "service_id"),
            service_at_locations: by(t.rows("service_at_locations"), "service_id"),
        };
        let mut phones: Owned = HashMap::new();
        for row in t.rows("phones") {
            if let Some(key) = owner(row) {
                let id = id_of(row, "id").unwrap_or_default();
                let phone = with(
                    row,
                    vec![("languages", joined.languages_of("phone_id", &id))],
                );
                phones.entry(key).or_default().push(phone);
            }
        }
        joined.phones = phones;
        let mut contacts: Owned = HashMap::new();
        for row in t.rows("contacts") {
            let id = id_of(row, "id").unwrap_or_default();
            if let Some(key) = owner(row) {
                let contact = with(row, vec![("phones", joined.phones_of("contact_id", &id))]);
                contacts.entry(key).or_default().push(contact);
            }
        }
        joined.contacts = contacts;
        joined
    }

    fn languages_of(&self, column: &str, id: &str) -> Value {
        objects(self.languages.get(column).and_then(|m| m.get(id)))
    }

    fn phones_of(&self, column: &'static str, id: &str) -> Value {
        owned_by(&self.phones, column, id)
    }

    fn contacts_of(&self, column: &'static str, id: &str) -> Value {
        owned_by(&self.contacts, column, id)
    }

    fn schedules_of(&self, kind: &'static str, id: &str) -> Value {
        owned_by(&self.schedules, kind, id)
    }

    /// The attributes linked to `id`, each with its taxonomy term.
    fn attributes_of(&self, id: &str) -> Value {
        let rows = self
            .attributes
            .get(id)
            .map(Vec::as_slice)
            .unwrap_or_default();
        Value::Array(
            rows.iter()
                .map(|row| {
                    let term = id_of(row, "taxonomy_term_id")
                        .and_then(|tid| self.terms.get(&tid).and_then(|v| v.first()))
                        .map(|term| Value::Object((*term).clone()))
                        .unwrap_or(Value::Null);
                    with(row, vec![("taxonomy_term", term)])
                })
                .collect(),
        )
    }

    fn location(&self, id: &str) -> Option<Value> {
        let row = self.locations.get(id)?.first()?;
        Some(with(
            row,
            vec![
                ("addresses", objects(self.addresses.get(id))),
                ("phones", self.phones_of("location_id", id)),
                ("contacts", self.contacts_of("location_id", id)),
                ("schedules", self.schedules_of("location", id)),
                ("languages", self.languages_of("location_id", id)),
                ("attributes", self.attributes_of(id)),
            ],
        ))
    }

    fn organization(&self, oid: &str) -> Option<Value> {
        let row = self.organizations.get(oid)?.first()?;
        Some(with(
            row,
            vec![
                ("phones", self.phones_of("organization_id", oid)),
                ("contacts", self.contacts_of("organization_id", oid)),
            ],
        ))
    }

    fn service_at_location(&self, sal: &Row) -> Value {
        let sal_id = id_of(sal, "id").unwrap_or_default();
        let place = id_of(sal, "location_id")
            .and_then(|l| self.location(&l))
            .unwrap_or(Value::Null);
        with(
            sal,
            vec![
                ("location", place),
                ("phones", self.phones_of("service_at_location_id", &sal_id)),
                (
                    "contacts",
                    self.contacts_of("service_at_location_id", &sal_id),
                ),
                ("schedules", self.schedules_of("sal", &sal_id)),
                ("attributes", self.attributes_of(&sal_id)),
            ],
        )
    }

    /// A capacity with its unit.
    fn capacity(&self, c: &Row) -> Value {
        let unit = id_of(c, "unit_id")
            .and_then(|u| self.units.get(&u).and_then(|v| v.first()))
            .map(|u| Value::Object((*u).clone()))
            .unwrap_or(Value::Null);
        with(c, vec![("unit", unit)])
    }

    /// One `service_full` object.
    fn service(&self, row: &Row) -> Value {
        let id = id_of(row, "id").unwrap_or_default();
        let organization = id_of(row, "organization_id")
            .and_then(|oid| self.organization(&oid))
            .unwrap_or(Value::Null);
        let sals = self
            .service_at_locations
            .get(&id)
            .map(Vec::as_slice)
            .unwrap_or_default();
        let service_at_locations: Vec<Value> = sals
            .iter()
            .map(|sal| self.service_at_location(sal))
            .collect();
        let caps = self
            .capacities
            .get(&id)
            .map(Vec::as_slice)
            .unwrap_or_default();
        let capacities: Vec<Value> = caps.iter().map(|c| self.capacity(c)).collect();
        with(
            row,
            vec![
                ("organization", organization),
                ("phones", self.phones_of("service_id", &id)),
                ("contacts", self.contacts_of("service_id", &id)),
                ("schedules", self.schedules_of("service", &id)),
                ("languages", self.languages_of("service_id", &id)),
                ("attributes", self.attributes_of(&id)),
                ("capacities", Value::Array(capacities)),
                ("service_at_locations", Value::Array(service_at_locations)),
            ],
        )
    }
}

/// The schedules by what they belong to: a row for a service and a
/// location without a service-at-location id belongs to that pair.
fn schedules_by_owner(t: &Tables) -> Owned {
    let pairs: HashMap<(String, String), String> = t
        .rows("service_at_locations")
        .iter()
        .filter_map(|r| {
            Some((
                (id_of(r, "service_id")?, id_of(r, "location_id")?),
                id_of(r, "id")?,
            ))
        })
        .collect();
    let mut schedules: HashMap<(&'static str, String), Vec<Value>> = HashMap::new();
    for row in t.rows("schedules") {
        let key = if let Some(sal) = id_of(row, "service_at_location_id") {
            Some(("sal", sal))
        } else {
            match (id_of(row, "service_id"), id_of(row, "location_id")) {
                (Some(s), Some(l)) => match pairs.get(&(s.clone(), l)) {
                    Some(sal) => Some(("sal", sal.clone())),
                    None => Some(("service", s)),
                },
                (Some(s), None) => Some(("service", s)),
                (None, Some(l)) => Some(("location", l)),
                (None, None) => None,
            }
        };
        if let Some(key) = key {
            schedules
                .entry(key)
                .or_default()
                .push(Value::Object(row.clone()));
        }
    }
    schedules
}
