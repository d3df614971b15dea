//! The checks that need the whole directory, made after every file is
//! read, in file order: one `[directory]` table and its default place,
//! place names, the directory's categories, each service's categories, and
//! unique ids.

use std::collections::HashMap;
use std::ops::Range;

use crate::diagnostic::Diagnostic;
use crate::directory::load::fields::is_valid_id;
use crate::directory::load::loaded::Loaded;
use crate::directory::load::tables::DirectoryDraft;
use crate::directory::model::{Field, Service};
use crate::directory::read::closest;
use crate::sanitize::visible;
use crate::taxonomy::{Category, Taxonomy};

/// What the directory-wide checks need of a service, worked out on the
/// thread that read it, while it is at hand: the serial checks after
/// loading then touch only the few services that need a closer look.
#[derive(Debug, Clone, Copy)]
pub(super) struct Marks {
    /// XXH3 of the id; none for an empty id, which is never compared.
    id_hash: Option<u64>,
    /// A category the built-in taxonomy does not hold, which only the
    /// directory's own `[[category]]` tables can make known.
    not_built_in: bool,
}

impl Marks {
    /// What the checks need of `service`, given the built-in taxonomy.
    pub(super) fn of(service: &Service, built_in: &Taxonomy) -> Marks {
        Marks {
            id_hash: (!service.id.is_empty())
                .then(|| xxhash_rust::xxh3::xxh3_64(service.id.as_bytes())),
            not_built_in: !service.categories.iter().all(|c| built_in.contains(c)),
        }
    }
}

pub(super) fn check_directory_tables(
    loaded: &mut Loaded,
    tables: Vec<(usize, DirectoryDraft, Range<usize>)>,
) {
    if tables.is_empty() {
        loaded.diagnostics.push(Diagnostic::error(
            "missing-directory-table",
            "no file holds a [directory] table: add one (by convention in directory.toml) with at least name and timezone",
        ));
        return;
    }
    let mut tables = tables.into_iter();
    if let Some((file_index, first, _)) = tables.next() {
        if let (Some(info), Some(place)) = (
            &first.info,
            &first.info.as_ref().and_then(|i| i.default_place.clone()),
        ) {
            let _ = info;
            let known = loaded.places.iter().any(|p| {
                p.name.eq_ignore_ascii_case(place)
                    || p.aliases.iter().any(|a| a.eq_ignore_ascii_case(place))
            });
            if !known {
                let span = first.default_place_span.clone().unwrap_or(0..0);
                let names: Vec<&str> = loaded.places.iter().map(|p| p.name.as_str()).collect();
                let hint = closest(place, &names)
                    .map(|n| format!("did you mean \"{n}\"?"))
                    .unwrap_or_else(|| "add a [[place]] with that name".into());
                let d = Diagnostic::error(
                    "unknown-place",
                    format!(
                        "default_place \"{}\" is not a place of this directory: {hint}",
                        visible(place)
                    ),
                );
                loaded
                    .diagnostics
                    .push(loaded.files[file_index].locate(d, span));
            }
        }
        loaded.info = first.info;
    }
    for (file_index, _, span) in tables {
        let d = Diagnostic::error(
            "multiple-directory-tables",
            "a second [directory] table: a directory has exactly one; this one is ignored",
        );
        loaded
            .diagnostics
            .push(loaded.files[file_index].locate(d, span));
    }
}

pub(super) fn check_places(loaded: &mut Loaded, spans: &[(usize, Range<usize>)]) {
    let mut seen: HashMap<String, usize> = HashMap::new();
    let mut keep = vec![true; loaded.places.len()];
    for (i, place) in loaded.places.iter().enumerate() {
        let key = place.name.to_lowercase();
        if let Some(&first) = seen.get(&key) {
            let (file, span) = &spans[i];
            let (first_file, first_span) = &spans[first];
            let first_at = loaded.files[*first_file].label(first_span.start);
            let d = Diagnostic::error(
                "duplicate-place",
                format!(
                    "a place named \"{}\" is already defined at {first_at}: rename one, or make it an alias",
                    visible(&place.name),
                ),
            );
            loaded
                .diagnostics
                .push(loaded.files[*file].locate(d, span.clone()));
            keep[i] = false;
        } else {
            seen.insert(key, i);
        }
    }
    let mut index = 0;
    loaded.places.retain(|_| {
        index += 1;
        keep[index - 1]
    });
}

pub(super) fn extend_taxonomy(
    loaded: &mut Loaded,
    categories: Vec<(usize, Category, Range<usize>, bool)>,
) {
    let built_in = Taxonomy::built_in();
    for (file_index, category, span, is_new) in &categories {
        if !is_valid_id(&category.id) {
            let d = Diagnostic::error(
                "invalid-id",
                format!(
                    "\"{}\" is not a valid category id: use kebab-case",
                    visible(&category.id)
                ),
            );
            loaded
                .diagnostics
                .push(loaded.files[*file_index].locate(d, span.clone()));
            continue;
        }
        if !is_new && !loaded.taxonomy.contains(&category.id) {
            let d = Diagnostic::error(
                "missing-key",
                format!(
                    "category \"{}\" is new and has no `name`: give it one",
                    category.id
                ),
            );
            loaded
                .diagnostics
                .push(loaded.files[*file_index].locate(d, span.clone()));
            continue;
        }
        if built_in.contains(&category.id) && category.parent.is_some() {
            // A directory may add synonyms to a built-in category, not move it.
            let mut c = category.clone();
            c.parent = None;
            loaded.taxonomy.add(c);
        } else {
            loaded.taxonomy.add(category.clone());
        }
    }
    for (file_index, category, span, _) in &categories {
        if let Some(parent) = &category.parent {
            if !loaded.taxonomy.contains(parent) {
                let d = Diagnostic::error(
                    "unknown-category",
                    format!(
                        "parent \"{}\" of category \"{}\" is not a category",
                        visible(parent),
                        category.id
                    ),
                );
                loaded
                    .diagnostics
                    .push(loaded.files[*file_index].locate(d, span.clone()));
            } else if loaded.taxonomy.ancestors(parent).contains(&category.id)
                || parent == &category.id
            {
                let d = Diagnostic::error(
                    "category-cycle",
                    format!(
                        "category \"{}\" is its own ancestor through \"{parent}\": break the cycle",
                        category.id
                    ),
                );
                loaded
                    .diagnostics
                    .push(loaded.files[*file_index].locate(d, span.clone()));
            }
        }
    }
}

pub(super) fn check_service_categories(loaded: &mut Loaded, trimmed: &mut [bool], marks: &[Marks]) {
    let ids: Vec<&str> = loaded
        .taxonomy
        .categories()
        .iter()
        .map(|c| c.id.as_str())
        .collect();
    // One hint per unknown category: a national directory repeats them.
    let mut hints: HashMap<String, String> = HashMap::new();
    for (i, service) in loaded.services.iter_mut().enumerate() {
        // A built-in category is always known: the usual case, with
        // nothing to look at.
        if !marks[i].not_built_in
            || service
                .categories
                .iter()
                .all(|c| loaded.taxonomy.contains(c))
        {
            continue;
        }
        let (known, unknown): (Vec<String>, Vec<String>) = service
            .categories
            .drain(..)
            .partition(|c| loaded.taxonomy.contains(c));
        let file = &loaded.files[service.origin.file as usize];
        for category in &unknown {
            // Point at the category's own string in the array.
            let span = service.origin.span(Field::Categories).unwrap_or(0..0);
            let raw = file.text.get(span.clone()).unwrap_or("");
            let at = raw
                .find(&format!("\"{category}\""))
                .or_else(|| raw.find(&format!("'{category}'")))
                .map_or(span.clone(), |o| {
                    span.start + o..span.start + o + category.len() + 2
                });
            let hint = hints
                .entry(category.clone())
                .or_insert_with(|| category_hint(category, &loaded.taxonomy, &ids));
            let d = Diagnostic::error(
                "unknown-category",
                format!("unknown category \"{}\": {hint}", visible(category)),
            )
            .for_service(
                Some(&service.id)
                    .filter(|s| !s.is_empty())
                    .map(|s| s.as_str()),
            );
            loaded.diagnostics.push(file.locate(d, at));
        }
        if !unknown.is_empty() {
            trimmed[i] = true;
        }
        if known.is_empty() && !unknown.is_empty() {
            loaded.faults[i].get_or_insert("no known category");
        }
        service.categories = known;
    }
}

/// What to write instead of an unknown category: the category a word of
/// the taxonomy names, as `find` reads it (`detox` is a word for
/// `withdrawal-management`), else the id nearest to a typo, else where
/// the list is.
fn category_hint(category: &str, taxonomy: &Taxonomy, ids: &[&str]) -> String {
    let named = crate::taxonomy::categories_named(category, taxonomy);
    match named.as_slice() {
        [one] => format!("did you mean \"{one}\"?"),
        [_, ..] => format!("did you mean one of \"{}\"?", named.join("\", \"")),
        [] => closest(category, ids)
            .map(|c| format!("did you mean \"{c}\"?"))
            .unwrap_or_else(|| {
                "run `deflect categories` for the list, or add a [[category]]".into()
            }),
    }
}

/// Each later service whose id an earlier one has, with the first that
/// has it, given each id's hash (none for no id). Ids are compared only
/// when their hashes are equal.
fn duplicate_pairs<'a>(
    hashes: impl Iterator<Item = Option<u64>>,
    id: impl Fn(usize) -> &'a str,
) -> Vec<(usize, usize)> {
    let mut first_seen: HashMap<u64, usize> = HashMap::new();
    let mut duplicates = Vec::new();
    for (i, hash) in hashes.enumerate() {
        let Some(hash) = hash else {
            continue;
        };
        match first_seen.entry(hash) {
            std::collections::hash_map::Entry::Vacant(slot) => {
                slot.insert(i);
            }
            std::collections::hash_map::Entry::Occupied(first) => {
                let first = *first.get();
                if id(first) == id(i) {
                    duplicates.push((first, i));
                } else if let Some(same) = (0..i).find(|&j| id(j) == id(i)) {
                    // Two ids with one hash: the first the slow way.
                    duplicates.push((same, i));
                }
            }
        }
    }
    duplicates
}

pub(super) fn check_duplicate_ids(loaded: &mut Loaded, marks: &[Marks]) {
    let services = &loaded.services;
    let duplicates = duplicate_pairs(marks.iter().map(|m| m.id_hash), |i| services[i].id.as_str());
    for (first, i) in duplicates {
        let a = &loaded.services[first];
        let b = &loaded.services[i];
        let first_file = &loaded.files[a.origin.file as usize];
        let first_at = first_file.label(
            a.origin
                .span(Field::Id)
                .map_or(a.origin.table as usize, |s| s.start),
        );
        let file = &loaded.files[b.origin.file as usize];
        let span = b.origin.span(Field::Id).unwrap_or(0..0);
        let d = Diagnostic::error(
            "duplicate-id",
            format!(
                "id \"{}\" is already used at {first_at}: ids must be unique; both entries are left out until one is renamed",
                b.id
            ),
        )
        .for_service(Some(&b.id));
        loaded.diagnostics.push(file.locate(d, span));
        loaded.faults[first] = Some("a duplicate id");
        loaded.faults[i] = Some("a duplicate id");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn duplicate_ids_are_paired_with_the_first_even_when_hashes_collide() {
        let ids = ["a", "b", "a", "", "b", "a"];
        let real = |id: &&str| (!id.is_empty()).then(|| xxhash_rust::xxh3::xxh3_64(id.as_bytes()));
        let expected = vec![(0, 2), (1, 4), (0, 5)];
        assert_eq!(duplicate_pairs(ids.iter().map(real), |i| ids[i]), expected);
        // Every id with the same hash: still only equal ids are paired.
        let same = |id: &&str| (!id.is_empty()).then_some(7);
        assert_eq!(duplicate_pairs(ids.iter().map(same), |i| ids[i]), expected);
    }
}
