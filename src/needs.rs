//! What the person needs, as the taxonomy knows it: every id, name and
//! synonym of its categories by normal form (`TermIndex`, kept in the
//! taxonomy), the one clearly closest term to a typo, and suggestions; and
//! the needs a request resolves to ([`ResolvedNeed`]).
//!
//! The words an officer types are read by [`crate::request`], which asks
//! this index for taxonomy words (exactly, ignoring case, punctuation,
//! accents and British or American spelling, else the one clearly closest
//! term) beside its other lists.

use crate::text::normalise;

use crate::taxonomy::Taxonomy;
pub(crate) use crate::taxonomy::TermIndex;

/// A service as far as name matching cares: its id and its name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ServiceName<'a> {
    /// The service's id.
    pub id: &'a str,
    /// The service's name, as the directory spells it.
    pub name: &'a str,
}

/// What has an id and a name a person may type: the directory's services.
/// Needs ask only this of them, and so need not know the directory (which
/// asks needs for its category hints).
pub trait Named {
    /// The id, as the directory gives it.
    fn id(&self) -> &str;
    /// The name, as the directory spells it.
    fn name(&self) -> &str;
}

impl<'a> ServiceName<'a> {
    /// The id and name of every service, in order, for reading requests
    /// ([`crate::request`]).
    pub fn all<S: Named>(services: &'a [S]) -> Vec<ServiceName<'a>> {
        services
            .iter()
            .map(|s| ServiceName {
                id: s.id(),
                name: s.name(),
            })
            .collect()
    }
}

/// Every service's id and name, given or made when first asked for: a
/// national directory has 100,000, and most requests never look at them.
#[derive(Clone, Copy)]
pub enum ServiceNames<'a> {
    /// Already at hand.
    Ready(&'a [ServiceName<'a>]),
    /// Made by this when needed.
    Later(&'a dyn Fn() -> Vec<ServiceName<'a>>),
}

impl<'a> ServiceNames<'a> {
    /// The names.
    pub fn get(&self) -> std::borrow::Cow<'a, [ServiceName<'a>]> {
        match *self {
            ServiceNames::Ready(names) => std::borrow::Cow::Borrowed(names),
            ServiceNames::Later(make) => std::borrow::Cow::Owned(make()),
        }
    }
}

/// One need as typed, and what it resolved to.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct ResolvedNeed {
    /// The words as typed (joined with a space when adjacent words were
    /// joined).
    pub query: String,
    /// The category ids it resolved to, not expanded to their children
    /// (matching expands them with [`Taxonomy::serves`]).
    pub categories: Vec<String>,
    /// Service ids matched by name (only when no category matched).
    pub services: Vec<String>,
    /// How it was resolved, for messages; not part of the JSON output.
    #[serde(skip)]
    pub how: How,
}

/// How a need was resolved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum How {
    /// A category id, name or synonym, spelled alike after normalising.
    Exact,
    /// The clearly closest taxonomy term, written as the taxonomy writes it.
    Fuzzy {
        /// The taxonomy term that was taken for the typed words.
        term: String,
    },
    /// No category: the services whose name has the words, whole.
    ServiceName,
    /// No need word, only a substance: treatment for it (REQUEST.md rule 5).
    Substance,
}

/// The taxonomy words closest to `query`, best first, at most `limit` of
/// them: for error messages and for completion in the desk mode.
///
/// Words that begin with the query come first, then words that contain it,
/// then those nearest by edit distance. Each category is represented once
/// before any is represented twice, so the list shows a spread of meanings.
pub fn suggest(query: &str, taxonomy: &Taxonomy, limit: usize) -> Vec<String> {
    TermIndex::new(taxonomy).suggest(&normalise(query), limit)
}
