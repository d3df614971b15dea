//! The names an import gives: a stable id for each service at a
//! location, unique among the services written, and a file name for each
//! organisation.

use std::collections::{BTreeMap, BTreeSet, HashSet};

use super::text::{fnv, slug};
use super::ImportedService;

/// The id of a service at a location: a slug of its name and a short hash
/// of the HSDS ids, so that it is stable across imports.
pub(super) fn derived_id(name: &str, service_id: &str, location_id: Option<&str>) -> String {
    let key = format!("{service_id}|{}", location_id.unwrap_or(""));
    let hash = format!("{:06x}", fnv(&key, 0) & 0xff_ffff);
    let base = slug(name, 64 - hash.len() - 1);
    let base = if base.is_empty() {
        "service".into()
    } else {
        base
    };
    format!("{base}-{hash}")
}

/// `id`, or, when another service of this import has it already, `id`
/// with the first free `-2`, `-3`… (kept within 64 characters); the id
/// returned is marked used.
pub(super) fn unique_id(id: &str, used: &mut HashSet<String>) -> String {
    let mut unique = id.to_string();
    let mut n = 2;
    while used.contains(&unique) {
        let suffix = format!("-{n}");
        let mut base = id.to_string();
        base.truncate(64 - suffix.len());
        unique = format!("{}{suffix}", base.trim_end_matches('-'));
        n += 1;
    }
    used.insert(unique.clone());
    unique
}

/// Organisation file names: a slug of the name, unique among the files.
pub fn file_names(services: &[ImportedService]) -> BTreeMap<Option<String>, String> {
    let mut keys: BTreeSet<(String, String)> = BTreeSet::new();
    for s in services {
        if let Some(k) = &s.organization_key {
            keys.insert(k.clone());
        }
    }
    let mut taken: HashSet<String> = HashSet::new();
    taken.insert("places".into());
    taken.insert("categories".into());
    taken.insert("services".into());
    let mut out = BTreeMap::new();
    out.insert(None, "services".to_string());
    let mut sorted: Vec<(String, String)> = keys.into_iter().collect();
    sorted.sort_by(|a, b| (slug(&a.1, 48), &a.0).cmp(&(slug(&b.1, 48), &b.0)));
    for (key, name) in sorted {
        let base = slug(&name, 48);
        let base = if base.is_empty() {
            "organization".into()
        } else {
            base
        };
        let mut file = base.clone();
        if taken.contains(&file) {
            file = format!("{base}-{:06x}", fnv(&key, 0) & 0xff_ffff);
        }
        taken.insert(file.clone());
        out.insert(Some(key), file);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::directory::is_valid_id;

    #[test]
    fn slugs_and_ids_fit_the_id_rule() {
        assert_eq!(
            slug("Example Organization Inc.", 60),
            "example-organization-inc"
        );
        assert_eq!(slug("Café Müller's  Place", 60), "cafe-mullers-place");
        let id = derived_id(&"Long name ".repeat(20), "a", Some("b"));
        assert!(is_valid_id(&id), "{id}");
        assert_eq!(id, derived_id(&"Long name ".repeat(20), "a", Some("b")));
        assert_ne!(id, derived_id(&"Long name ".repeat(20), "a", Some("c")));
        assert!(is_valid_id(&derived_id("!!!", "a", None)));
    }
}
