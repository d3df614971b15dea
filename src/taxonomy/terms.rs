//! Every id, name and synonym of a taxonomy by normal form
//! ([`TermIndex`]): the words it knows, the one clearly closest to a typo,
//! and suggestions. [`crate::needs`] reads requests with it; the loader
//! uses [`categories_named`] to hint at an unknown category, which is why
//! it lives with the taxonomy rather than with the needs.

use std::collections::HashMap;

use strsim::damerau_levenshtein;

use crate::text::{normalise, suggestion_score, typo_distance};

use super::Taxonomy;

/// The categories a word or phrase names as a need: by id, name or
/// synonym, else the clearly closest taxonomy term (`detox` →
/// `withdrawal-management`); empty when it names none. For `validate`'s
/// hint on an unknown category.
pub fn categories_named(words: &str, taxonomy: &Taxonomy) -> Vec<String> {
    let index = TermIndex::new(taxonomy);
    let key = normalise(words);
    let count = key.split(' ').count();
    index
        .exact(&key)
        .or_else(|| index.fuzzy(&key, count))
        .map(|term| index.ids(&term.categories))
        .unwrap_or_default()
}

/// One spelling of one or more categories.
#[derive(Debug, Clone)]
pub(crate) struct Term {
    /// The spelling in normal form.
    pub(crate) key: String,
    /// How many words it has.
    pub(crate) words: usize,
    /// As the taxonomy writes it.
    pub(crate) display: String,
    /// Positions of its categories in the taxonomy.
    pub(crate) categories: Vec<usize>,
}

/// Every id, name and synonym of a taxonomy, by normal form.
pub(crate) struct TermIndex<'t> {
    taxonomy: &'t Taxonomy,
    terms: Vec<Term>,
    by_key: HashMap<String, usize>,
    /// The most words of any term.
    pub(crate) max_words: usize,
}

impl<'t> TermIndex<'t> {
    pub(crate) fn new(taxonomy: &'t Taxonomy) -> Self {
        let mut index = TermIndex {
            taxonomy,
            terms: Vec::new(),
            by_key: HashMap::new(),
            max_words: 1,
        };
        let categories = taxonomy.categories();
        // Ids first, then synonyms, then names: the first spelling seen is
        // the one shown in suggestions, and ids and synonyms are what
        // officers type.
        for (c, category) in categories.iter().enumerate() {
            index.add(&category.id, c);
        }
        for (c, category) in categories.iter().enumerate() {
            for synonym in &category.synonyms {
                index.add(synonym, c);
            }
        }
        for (c, category) in categories.iter().enumerate() {
            index.add(&category.name, c);
            // "Withdrawal management (detox)" is also "Withdrawal management".
            if let Some((outside, _)) = category.name.split_once('(') {
                index.add(outside.trim(), c);
            }
        }
        index
    }

    fn add(&mut self, text: &str, category: usize) {
        let key = normalise(text);
        if key.is_empty() {
            return;
        }
        match self.by_key.get(&key) {
            Some(&t) => {
                let term = &mut self.terms[t];
                if !term.categories.contains(&category) {
                    term.categories.push(category);
                    term.categories.sort_unstable();
                }
            }
            None => {
                let words = key.split(' ').count();
                self.max_words = self.max_words.max(words);
                self.by_key.insert(key.clone(), self.terms.len());
                self.terms.push(Term {
                    key,
                    words,
                    display: text.to_string(),
                    categories: vec![category],
                });
            }
        }
    }

    pub(crate) fn ids(&self, categories: &[usize]) -> Vec<String> {
        let all = self.taxonomy.categories();
        categories
            .iter()
            .filter_map(|&c| all.get(c))
            .map(|c| c.id.clone())
            .collect()
    }

    pub(crate) fn exact(&self, key: &str) -> Option<&Term> {
        self.by_key.get(key).map(|&t| &self.terms[t])
    }

    /// The term clearly closest to `key`, typed as `words` words: within the
    /// typo budget, and nearer by at least one edit than any term meaning
    /// other categories. A phrase of several typed words is compared only
    /// with terms of as many words, so a fuzzy phrase never swallows the
    /// next need.
    pub(crate) fn fuzzy(&self, key: &str, words: usize) -> Option<&Term> {
        let mut best: Option<(usize, &Term)> = None;
        let mut ties = false;
        for term in &self.terms {
            if words > 1 && term.words != words {
                continue;
            }
            let Some(d) = typo_distance(key, &term.key) else {
                continue;
            };
            match best {
                Some((bd, _)) if d > bd => {}
                Some((bd, b)) if d == bd => {
                    if b.categories != term.categories {
                        ties = true;
                    }
                }
                _ => {
                    best = Some((d, term));
                    ties = false;
                }
            }
        }
        let (d, winner) = best?;
        if ties {
            return None;
        }
        // The margin: every term for other categories must be farther,
        // whether or not it is within the budget itself.
        let runner_up = self
            .terms
            .iter()
            .filter(|t| t.categories != winner.categories)
            .filter(|t| words == 1 || t.words == words)
            .map(|t| damerau_levenshtein(key, &t.key))
            .min();
        match runner_up {
            Some(r) if r < d + FUZZY_MARGIN => None,
            _ => Some(winner),
        }
    }

    /// The terms scoring at least `threshold` against `key`
    /// ([`suggestion_score`]), best first, one per meaning, at most `limit`:
    /// for a request's unknown words, where a weak suggestion is worse than
    /// none.
    pub(crate) fn close(&self, key: &str, threshold: f64, limit: usize) -> Vec<(f64, String)> {
        let key: String = key.chars().take(MAX_SUGGEST_CHARS).collect();
        let mut scored: Vec<(f64, &Term)> = self
            .terms
            .iter()
            .map(|t| (suggestion_score(&key, &t.key), t))
            .filter(|(score, _)| *score >= threshold)
            .collect();
        scored.sort_by(|a, b| {
            b.0.total_cmp(&a.0)
                .then(a.1.key.len().cmp(&b.1.key.len()))
                .then(a.1.key.cmp(&b.1.key))
        });
        let mut chosen: Vec<(f64, &Term)> = Vec::new();
        for (score, term) in scored {
            if chosen.len() < limit && !chosen.iter().any(|(_, c)| c.categories == term.categories)
            {
                chosen.push((score, term));
            }
        }
        chosen
            .into_iter()
            .map(|(s, t)| (s, t.display.clone()))
            .collect()
    }

    pub(crate) fn suggest(&self, key: &str, limit: usize) -> Vec<String> {
        if key.is_empty() || limit == 0 {
            return Vec::new();
        }
        // No taxonomy term is this long; comparing more is wasted work.
        let key: String = key.chars().take(MAX_SUGGEST_CHARS).collect();
        let key = key.as_str();
        let mut scored: Vec<(f64, &Term)> = self
            .terms
            .iter()
            .map(|t| (suggestion_score(key, &t.key), t))
            .collect();
        // Equal scores keep the index's order: ids, then synonyms (English
        // before the Spanish ones), then names.
        scored.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.key.len().cmp(&b.1.key.len())));
        // Strong candidates before weak ones, and within each a spread of
        // meanings (one term per category set) before a second spelling of
        // the same meaning.
        let mut chosen: Vec<(f64, &Term)> = Vec::new();
        for strong in [true, false] {
            for spread in [true, false] {
                for &(score, term) in &scored {
                    if chosen.len() == limit {
                        break;
                    }
                    if (score >= STRONG_SUGGESTION) != strong
                        || chosen.iter().any(|(_, c)| std::ptr::eq(*c, term))
                        || (spread && chosen.iter().any(|(_, c)| c.categories == term.categories))
                    {
                        continue;
                    }
                    chosen.push((score, term));
                }
            }
        }
        chosen.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.key.len().cmp(&b.1.key.len())));
        chosen.into_iter().map(|(_, t)| t.display.clone()).collect()
    }
}

/// A suggestion scoring this much (see [`suggestion_score`]) begins with or
/// contains the typed word, or is at least half like it.
const STRONG_SUGGESTION: f64 = 0.5;

/// The longest query compared when suggesting words.
const MAX_SUGGEST_CHARS: usize = 64;

/// How many more edits than the winner the nearest term of other
/// categories must need.
const FUZZY_MARGIN: usize = 1;
