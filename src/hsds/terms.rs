//! Mapping HSDS taxonomy terms to deflect categories: through the keeper's
//! `--map` file first, then through the taxonomy's own ids, names and
//! synonyms.
//!
//! A term maps to a category when it is equal to one of its names or
//! synonyms (any length), or contains a name or synonym of two or more
//! words as a phrase. Failing that, a single word of four letters or more
//! that is a name or synonym maps the term, but only when it points to one
//! category: "Naloxone Distribution" is naloxone, while "Family Works
//! Program" (family, works) is reported as ambiguous rather than silently
//! becoming two categories. Short synonyms (`na`, `otp`, `sep`) only ever
//! match the whole term.

use std::collections::BTreeSet;
use std::path::Path;

use anyhow::{bail, Context as _, Result};

use crate::taxonomy::Taxonomy;
use crate::text::normalise;

/// A taxonomy term as HSDS gives it.
#[derive(Debug, Clone, Default, PartialEq, Eq, PartialOrd, Ord)]
pub struct Term {
    /// The term's code in its taxonomy.
    pub code: Option<String>,
    /// The term's name.
    pub name: Option<String>,
    /// The taxonomy it belongs to.
    pub taxonomy: Option<String>,
}

impl Term {
    /// How the term is named in reports.
    pub fn label(&self) -> String {
        match (&self.name, &self.code) {
            (Some(n), Some(c)) if n != c => format!("{n} ({c})"),
            (Some(n), _) => n.clone(),
            (None, Some(c)) => c.clone(),
            (None, None) => "(a term with neither name nor code)".into(),
        }
    }
}

/// How a term was mapped.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum How {
    /// By the `--map` file.
    Map,
    /// Its code is a category id.
    Id,
    /// Equal to a name or synonym.
    Exact,
    /// Contains a name or synonym of several words.
    Phrase,
    /// Contains a single-word name or synonym.
    Word,
}

/// What a term maps to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Mapped {
    /// These categories.
    To(Vec<String>, How),
    /// The map file says to ignore it.
    Ignored,
    /// Single words of several categories: not mapped, reported.
    Ambiguous(Vec<String>),
    /// Nothing.
    Unmapped,
}

/// The keeper's `--map` file: `[terms]` with `"code or name" = "category"`
/// or `= ["category", …]` (`= []` ignores the term).
#[derive(Debug, Clone, Default)]
pub struct MapFile {
    entries: Vec<(String, String, Vec<String>)>,
}

impl MapFile {
    /// Reads a map file, checking every category against the taxonomy.
    ///
    /// # Errors
    /// A file that cannot be read or is not TOML, a key other than
    /// `[terms]`, a value that is not a category id or a list of them.
    pub fn read(path: &Path, taxonomy: &Taxonomy) -> Result<MapFile> {
        let text = std::fs::read_to_string(path)
            .with_context(|| format!("cannot read {}", path.display()))?;
        let table: toml::Table = toml::from_str(&text).map_err(|e| {
            anyhow::anyhow!(
                "{}: {}",
                path.display(),
                crate::sanitize::one_line(&e.to_string())
            )
        })?;
        let mut map = MapFile::default();
        for (key, value) in table {
            if key != "terms" {
                bail!(
                    "{}: unknown key `{}`: a map file holds only a [terms] table",
                    path.display(),
                    crate::sanitize::one_line(&key)
                );
            }
            let toml::Value::Table(terms) = value else {
                bail!("{}: `terms` must be a table ([terms])", path.display());
            };
            for (term, categories) in terms {
                let list = match categories {
                    toml::Value::String(s) => vec![s],
                    toml::Value::Array(items) => items
                        .into_iter()
                        .map(|i| match i {
                            toml::Value::String(s) => Ok(s),
                            _ => Err(()),
                        })
                        .collect::<Result<Vec<_>, _>>()
                        .map_err(|()| {
                            anyhow::anyhow!(
                                "{}: [terms] \"{}\": write category ids as strings",
                                path.display(),
                                crate::sanitize::one_line(&term)
                            )
                        })?,
                    _ => bail!(
                        "{}: [terms] \"{}\": write a category id or a list of them",
                        path.display(),
                        crate::sanitize::one_line(&term)
                    ),
                };
                for id in &list {
                    if !taxonomy.contains(id) {
                        bail!(
                            "{}: [terms] \"{}\": \"{}\" is not a category id (see `deflect categories`)",
                            path.display(),
                            crate::sanitize::one_line(&term),
                            crate::sanitize::one_line(id)
                        );
                    }
                }
                let normal = normalise(&term);
                map.entries.push((term.trim().to_string(), normal, list));
            }
        }
        Ok(map)
    }

    fn lookup(&self, term: &Term) -> Option<&[String]> {
        if let Some(code) = &term.code {
            if let Some((_, _, list)) = self
                .entries
                .iter()
                .find(|(key, _, _)| key.eq_ignore_ascii_case(code.trim()))
            {
                return Some(list);
            }
        }
        let name = normalise(term.name.as_deref()?);
        self.entries
            .iter()
            .find(|(_, normal, _)| !normal.is_empty() && *normal == name)
            .map(|(_, _, list)| list.as_slice())
    }
}

/// Maps terms to categories.
#[derive(Debug, Clone)]
pub struct Mapper {
    map: MapFile,
    /// Normalised names, synonyms and ids, with their category and word count.
    words: Vec<(String, String, usize)>,
    ids: BTreeSet<String>,
}

impl Mapper {
    /// A mapper over a taxonomy and a map file.
    pub fn new(taxonomy: &Taxonomy, map: MapFile) -> Mapper {
        let mut words = Vec::new();
        let mut ids = BTreeSet::new();
        for category in taxonomy.categories() {
            ids.insert(category.id.clone());
            let mut phrases = vec![category.id.replace('-', " "), category.name.clone()];
            phrases.extend(category.synonyms.iter().cloned());
            for phrase in phrases {
                let normal = normalise(&phrase);
                if normal.is_empty() {
                    continue;
                }
                let count = normal.split(' ').count();
                words.push((normal, category.id.clone(), count));
            }
        }
        Mapper { map, words, ids }
    }

    /// What a term maps to.
    pub fn map(&self, term: &Term) -> Mapped {
        if let Some(list) = self.map.lookup(term) {
            return if list.is_empty() {
                Mapped::Ignored
            } else {
                Mapped::To(list.to_vec(), How::Map)
            };
        }
        if let Some(code) = &term.code {
            if self.ids.contains(code.trim()) {
                return Mapped::To(vec![code.trim().to_string()], How::Id);
            }
        }
        let Some(name) = term
            .name
            .as_deref()
            .map(normalise)
            .filter(|n| !n.is_empty())
        else {
            return Mapped::Unmapped;
        };
        let collect = |keep: &dyn Fn(&str, usize) -> bool| -> Vec<String> {
            let mut out: Vec<String> = Vec::new();
            for (phrase, id, count) in &self.words {
                if keep(phrase, *count) && !out.contains(id) {
                    out.push(id.clone());
                }
            }
            out
        };
        let exact = collect(&|phrase, _| phrase == name);
        if !exact.is_empty() {
            return Mapped::To(exact, How::Exact);
        }
        let padded = format!(" {name} ");
        let phrases =
            collect(&|phrase, count| count >= 2 && padded.contains(&format!(" {phrase} ")));
        if !phrases.is_empty() {
            return Mapped::To(phrases, How::Phrase);
        }
        let single = collect(&|phrase, count| {
            count == 1 && phrase.chars().count() > 3 && padded.contains(&format!(" {phrase} "))
        });
        match single.len() {
            0 => Mapped::Unmapped,
            1 => Mapped::To(single, How::Word),
            _ => Mapped::Ambiguous(single),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn named(name: &str) -> Term {
        Term {
            name: Some(name.into()),
            ..Term::default()
        }
    }

    fn categories(mapper: &Mapper, name: &str) -> Vec<String> {
        match mapper.map(&named(name)) {
            Mapped::To(list, _) => list,
            _ => Vec::new(),
        }
    }

    #[test]
    fn names_and_synonyms_map_without_configuration() {
        let mapper = Mapper::new(&Taxonomy::built_in(), MapFile::default());
        assert_eq!(
            categories(&mapper, "Detoxification"),
            ["withdrawal-management"]
        );
        assert_eq!(categories(&mapper, "Emergency Shelter"), ["shelter"]);
        assert_eq!(
            categories(&mapper, "Medication-Assisted Treatment"),
            ["moud"]
        );
        assert_eq!(categories(&mapper, "Naloxone Distribution"), ["naloxone"]);
        assert_eq!(categories(&mapper, "OTP"), ["moud"]);
        assert_eq!(categories(&mapper, "Harm Reduction"), ["harm-reduction"]);
    }

    #[test]
    fn short_synonyms_and_ambiguous_words_do_not_spread() {
        let mapper = Mapper::new(&Taxonomy::built_in(), MapFile::default());
        assert!(matches!(
            mapper.map(&named("Family Works Program")),
            Mapped::Ambiguous(_)
        ));
        // "na" and "sep" are synonyms, but only as the whole term.
        assert_eq!(mapper.map(&named("Sep Legal Aid")), Mapped::Unmapped);
        assert_eq!(mapper.map(&named("Tax Preparation")), Mapped::Unmapped);
    }

    #[test]
    fn the_map_file_comes_first() {
        let taxonomy = Taxonomy::built_in();
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("map.toml");
        std::fs::write(
            &path,
            "[terms]\n\"BD-1800\" = \"withdrawal-management\"\n\"Family Works Program\" = [\"family-support\"]\n\"Food Pantry\" = []\n",
        )
        .unwrap();
        let mapper = Mapper::new(&taxonomy, MapFile::read(&path, &taxonomy).unwrap());
        let coded = Term {
            code: Some("bd-1800".into()),
            name: Some("Something else".into()),
            taxonomy: None,
        };
        assert_eq!(
            mapper.map(&coded),
            Mapped::To(vec!["withdrawal-management".into()], How::Map)
        );
        assert_eq!(
            categories(&mapper, "family works program"),
            ["family-support"]
        );
        assert_eq!(mapper.map(&named("Food Pantry")), Mapped::Ignored);
        std::fs::write(&path, "[terms]\n\"x\" = \"no-such\"\n").unwrap();
        assert!(MapFile::read(&path, &taxonomy).is_err());
    }
}
