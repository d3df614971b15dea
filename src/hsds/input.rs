//! Reading an HSDS input: one `service_full` JSON object, a JSON array of
//! them, a paginated API response (`{ "contents": [...] }`), newline-
//! delimited JSON, the tabular JSON form, or a tabular data package folder.
//! Organisations with their `services` and service-at-location objects with
//! their `service` are read too. Everything becomes `service_full` objects.

use std::path::Path;

use anyhow::{bail, Context as _, Result};
use serde_json::{Map, Value};

use super::tabular;

/// What an input holds.
#[derive(Debug, Default)]
pub struct Input {
    /// The services, as `service_full` objects.
    pub services: Vec<Value>,
    /// Records that are not services (organisations without services,
    /// taxonomy terms…), left out.
    pub not_services: usize,
    /// What the report should say about the input itself.
    pub notes: Vec<String>,
}

/// The largest input file read, in bytes.
const MAX_BYTES: u64 = 1024 * 1024 * 1024;

/// Reads an input file or folder.
///
/// # Errors
/// A file or folder that cannot be read; malformed JSON or CSV, named with
/// the file and the position.
pub fn read(path: &Path) -> Result<Input> {
    let mut input = Input::default();
    if path.is_dir() {
        input.services = tabular::read_folder(path, &mut input.notes)?;
        return Ok(input);
    }
    let size = std::fs::metadata(path)
        .with_context(|| format!("cannot read {}", path.display()))?
        .len();
    if size > MAX_BYTES {
        bail!(
            "{}: the file is over {} MiB",
            path.display(),
            MAX_BYTES / (1024 * 1024)
        );
    }
    let bytes = std::fs::read(path).with_context(|| format!("cannot read {}", path.display()))?;
    let text = match String::from_utf8(bytes) {
        Ok(text) => text,
        Err(e) => bail!(
            "{}: byte {}: the file is not UTF-8",
            path.display(),
            e.utf8_error().valid_up_to()
        ),
    };
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    let stream = serde_json::Deserializer::from_str(text).into_iter::<Value>();
    let mut any = false;
    for value in stream {
        let value = value.map_err(|e| {
            anyhow::anyhow!(
                "{}: line {}, column {}: malformed JSON: {e}",
                path.display(),
                e.line(),
                e.column()
            )
        })?;
        any = true;
        collect(value, &mut input, 0);
    }
    if !any {
        bail!("{}: the file is empty", path.display());
    }
    Ok(input)
}

/// Whether an object looks like a service.
fn is_service(object: &Map<String, Value>) -> bool {
    let other = [
        "location_type",
        "addresses",
        "latitude",
        "legal_status",
        "year_incorporated",
        "tax_status",
        "taxonomy_detail",
    ];
    object.contains_key("name")
        && !other.iter().any(|k| object.contains_key(*k))
        && [
            "status",
            "service_at_locations",
            "organization",
            "organization_id",
            "phones",
            "schedules",
            "program",
        ]
        .iter()
        .any(|k| object.contains_key(*k))
}

fn collect(value: Value, input: &mut Input, depth: u8) {
    match value {
        Value::Array(items) if depth < 2 => {
            for item in items {
                collect(item, input, depth + 1);
            }
        }
        Value::Object(mut object) => {
            if let Some(Value::Array(items)) = object.remove("contents") {
                if depth < 2 {
                    for item in items {
                        collect(item, input, depth + 1);
                    }
                }
                return;
            }
            let value = Value::Object(object);
            if tabular::is_tabular_json(&value) {
                input.services.extend(tabular::from_json(&value));
                return;
            }
            let Value::Object(mut object) = value else {
                return;
            };
            if let Some(Value::Array(services)) = object.remove("services") {
                // An organisation with its services.
                let organization = Value::Object(object);
                for service in services {
                    if let Value::Object(mut service) = service {
                        if !service.get("organization").is_some_and(Value::is_object) {
                            service.insert("organization".into(), organization.clone());
                        }
                        input.services.push(Value::Object(service));
                    }
                }
                return;
            }
            if let Some(Value::Object(mut service)) = object.remove("service") {
                // A service at a location, with its service.
                service.insert(
                    "service_at_locations".into(),
                    Value::Array(vec![Value::Object(object)]),
                );
                input.services.push(Value::Object(service));
                return;
            }
            if is_service(&object) {
                input.services.push(Value::Object(object));
            } else {
                input.not_services += 1;
            }
        }
        _ => input.not_services += 1,
    }
}
