//! A directory for a desk command whose cached services are decoded only
//! once it is known which of them a search can need.

use crate::directory::{DirectoryInfo, Word};
use crate::needs::{ResolvedNeed, ServiceName};
use crate::places::Place;
use crate::taxonomy::Taxonomy;

use super::read::View;
use super::Desk;

/// A directory for a desk command: loaded whole from its files, or a cache
/// file whose services are decoded only as they are asked for.
pub struct LazyDesk {
    pub(super) inner: Lazy,
}

pub(super) enum Lazy {
    Loaded(Box<Desk>),
    Cached(Box<View>),
}

impl From<Desk> for LazyDesk {
    fn from(desk: Desk) -> Self {
        LazyDesk {
            inner: Lazy::Loaded(Box::new(desk)),
        }
    }
}

impl LazyDesk {
    /// The taxonomy, to resolve needs with.
    pub fn taxonomy(&self) -> &Taxonomy {
        match &self.inner {
            Lazy::Loaded(desk) => &desk.directory.taxonomy,
            Lazy::Cached(view) => &view.head.taxonomy,
        }
    }

    /// The `[directory]` table.
    pub fn info(&self) -> &DirectoryInfo {
        match &self.inner {
            Lazy::Loaded(desk) => &desk.directory.info,
            Lazy::Cached(view) => &view.head.info,
        }
    }

    /// The gazetteer.
    pub fn places(&self) -> &[Place] {
        match &self.inner {
            Lazy::Loaded(desk) => &desk.directory.places,
            Lazy::Cached(view) => &view.head.places,
        }
    }

    /// The directory's own request words.
    pub fn words(&self) -> &[Word] {
        match &self.inner {
            Lazy::Loaded(desk) => &desk.directory.words,
            Lazy::Cached(view) => &view.head.words,
        }
    }

    /// Every usable service's id and name, in file order.
    pub fn names(&self) -> Vec<ServiceName<'_>> {
        match &self.inner {
            Lazy::Loaded(desk) => ServiceName::all(&desk.directory.services),
            Lazy::Cached(view) => view.names().collect(),
        }
    }

    /// The directory with every service that could meet these needs (all
    /// of them when there are none; none at all with `None`), in file
    /// order, and what was left out. A search for these needs finds in it
    /// exactly what it finds in the whole directory. `None` when a cached
    /// service cannot be decoded, which only a program defect can cause:
    /// load from the files then.
    pub fn into_directory_for(self, needs: Option<&[ResolvedNeed]>) -> Option<Desk> {
        match self.inner {
            Lazy::Loaded(desk) => Some(*desk),
            Lazy::Cached(view) => view.into_desk(needs),
        }
    }
}
