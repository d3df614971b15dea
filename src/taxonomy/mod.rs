//! The category taxonomy: the built-in one (compiled in from
//! `data/taxonomy.toml`) extended by a directory's `[[category]]` tables.
//!
//! Categories form a forest: top-level ids are groups, and asking for a
//! category finds everything below it.

use std::collections::BTreeMap;

mod terms;

pub use terms::categories_named;
pub(crate) use terms::TermIndex;

use serde::Deserialize;

/// The built-in taxonomy as shipped in `data/taxonomy.toml`.
const BUILT_IN: &str = include_str!("../../data/taxonomy.toml");

/// One category of services.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, serde::Serialize)]
pub struct Category {
    /// Kebab-case identifier, stable across releases.
    pub id: String,
    /// Name shown to people.
    pub name: String,
    /// The broader category, if any.
    #[serde(default)]
    pub parent: Option<String>,
    /// Words an officer may type for this category.
    #[serde(default)]
    pub synonyms: Vec<String>,
    /// What a service in this category serves by its nature (`moud`:
    /// opioids), besides what its parents imply.
    #[serde(default)]
    pub substances: Vec<String>,
}

/// The set of categories a directory knows, in a stable order.
#[derive(Debug, Clone, Default, serde::Serialize, serde::Deserialize)]
pub struct Taxonomy {
    categories: Vec<Category>,
    index: BTreeMap<String, usize>,
}

#[derive(Deserialize)]
struct TaxonomyFile {
    category: Vec<Category>,
}

impl Taxonomy {
    /// The taxonomy built into deflect, before any directory extends it.
    pub fn built_in() -> Self {
        // Read once per run: loading a directory, checking its categories
        // and the records' report each ask for it.
        static BUILT: std::sync::OnceLock<Taxonomy> = std::sync::OnceLock::new();
        BUILT
            .get_or_init(|| {
                // The file is part of the program and checked by a test, so
                // failing here is a build defect, not a user error.
                let file: TaxonomyFile = toml::from_str(BUILT_IN)
                    .expect("data/taxonomy.toml is valid (checked by tests)");
                let mut taxonomy = Taxonomy::default();
                for category in file.category {
                    taxonomy.add(category);
                }
                taxonomy
            })
            .clone()
    }

    /// Adds a category, or merges synonyms (and a name or parent where the
    /// existing category has none) into the category with the same id.
    pub fn add(&mut self, category: Category) {
        if let Some(&i) = self.index.get(&category.id) {
            let existing = &mut self.categories[i];
            for synonym in category.synonyms {
                if !existing
                    .synonyms
                    .iter()
                    .any(|s| s.eq_ignore_ascii_case(&synonym))
                {
                    existing.synonyms.push(synonym);
                }
            }
            for substance in category.substances {
                if !existing.substances.contains(&substance) {
                    existing.substances.push(substance);
                }
            }
            if existing.parent.is_none() {
                existing.parent = category.parent;
            }
        } else {
            self.index
                .insert(category.id.clone(), self.categories.len());
            self.categories.push(category);
        }
    }

    /// The category with this id.
    pub fn get(&self, id: &str) -> Option<&Category> {
        self.index.get(id).map(|&i| &self.categories[i])
    }

    /// Whether a category with this id exists.
    pub fn contains(&self, id: &str) -> bool {
        self.index.contains_key(id)
    }

    /// All categories, built-in first, in the order they were defined.
    pub fn categories(&self) -> &[Category] {
        &self.categories
    }

    /// The direct children of a category.
    pub fn children<'a>(&'a self, id: &'a str) -> impl Iterator<Item = &'a Category> + 'a {
        self.categories
            .iter()
            .filter(move |c| c.parent.as_deref() == Some(id))
    }

    /// The category and everything below it, the category first. Safe on a
    /// cyclic taxonomy (each id is visited once).
    pub fn descendants(&self, id: &str) -> Vec<String> {
        let mut out = vec![id.to_string()];
        let mut i = 0;
        while i < out.len() {
            let current = out[i].clone();
            for child in self.children(&current) {
                if !out.contains(&child.id) {
                    out.push(child.id.clone());
                }
            }
            i += 1;
        }
        out
    }

    /// The chain of parents of a category, nearest first, stopping at a
    /// cycle.
    pub fn ancestors(&self, id: &str) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        let mut current = self.get(id).and_then(|c| c.parent.clone());
        while let Some(parent) = current {
            if parent == id || out.contains(&parent) {
                break;
            }
            current = self.get(&parent).and_then(|c| c.parent.clone());
            out.push(parent);
        }
        out
    }

    /// Whether a service in `service_category` serves a need for `wanted`:
    /// the same category or one below it.
    pub fn serves(&self, service_category: &str, wanted: &str) -> bool {
        if service_category == wanted {
            return true;
        }
        // Walk up without copying: validate and find ask this for every
        // service. A chain longer than the taxonomy is a cycle.
        let mut current = self.get(service_category).and_then(|c| c.parent.as_deref());
        for _ in 0..=self.categories.len() {
            match current {
                Some(parent) if parent == wanted => return true,
                Some(parent) => current = self.get(parent).and_then(|c| c.parent.as_deref()),
                None => return false,
            }
        }
        false
    }

    /// The top-level group a category belongs to: the last of its
    /// ancestors, or itself when it has none (`harm-reduction` for
    /// `syringe-services` and for `harm-reduction`).
    pub fn group_of(&self, id: &str) -> String {
        self.ancestors(id).pop().unwrap_or_else(|| id.to_string())
    }

    /// The substances a service in this category serves by its nature:
    /// its own list and every ancestor's, in that order, each once.
    pub fn substances(&self, id: &str) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        let chain = std::iter::once(id.to_string()).chain(self.ancestors(id));
        for category in chain.filter_map(|c| self.get(&c)) {
            for substance in &category.substances {
                if !out.contains(substance) {
                    out.push(substance.clone());
                }
            }
        }
        out
    }
}
