//! A directory for a desk command whose cached services are decoded only
//! once it is known which of them a search can need.

use crate::directory::{Directory, DirectoryInfo, FaultReport, Service, Word};
use crate::needs::{ResolvedNeed, ServiceName};
use crate::parallel::parallel_map_with;
use crate::places::Place;
use crate::taxonomy::Taxonomy;

use super::layout::{Head, Index, Section, CHUNK, UNKNOWN_CATEGORY};
use super::read::read_section;
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

/// A cache file read and checked, its services not yet decoded.
pub(super) struct View {
    /// The open cache file: its sections of services are read as they are
    /// decoded, never all at once.
    pub(super) file: std::sync::Mutex<std::fs::File>,
    pub(super) head: Head,
    pub(super) index: Index,
    pub(super) report: FaultReport,
    /// Each section of services: its place in the file and checksum.
    pub(super) sections: Vec<Section>,
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
            Lazy::Cached(view) => {
                let index = &view.index;
                let mut start = 0;
                index
                    .text_ends
                    .chunks_exact(2)
                    .map(|ends| {
                        let (id_end, name_end) = (ends[0] as usize, ends[1] as usize);
                        let id = index.text.get(start..id_end).unwrap_or("");
                        let name = index.text.get(id_end..name_end).unwrap_or("");
                        start = name_end;
                        ServiceName { id, name }
                    })
                    .collect()
            }
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

impl View {
    pub(super) fn into_desk(self, needs: Option<&[ResolvedNeed]>) -> Option<Desk> {
        let count = usize::try_from(self.head.services).ok()?;
        let wanted = match needs {
            None => vec![false; count],
            Some([]) => vec![true; count],
            Some(needs) => self.candidates(needs),
        };
        let View {
            file,
            head,
            index,
            report,
            sections,
        } = self;
        let jobs: Vec<(usize, Section)> = sections.into_iter().enumerate().collect();
        // Each thread reads a section into its own buffer, checks it and
        // decodes the services wanted from it.
        let decoded = parallel_map_with(jobs, 2, Vec::new, |buffer, (n, section)| {
            let first = n * CHUNK;
            let wanted_here = wanted.get(first..(first + CHUNK).min(count))?;
            if !wanted_here.iter().any(|w| *w) {
                return Some(Vec::new());
            }
            read_section(&file, section, buffer)?;
            let mut out = Vec::new();
            let mut at = 0usize;
            for (i, wanted) in (first..).zip(wanted_here) {
                let len = *index.record_lens.get(i)? as usize;
                let end = at.checked_add(len)?;
                if *wanted {
                    out.push(postcard::from_bytes::<Service>(buffer.get(at..end)?).ok()?);
                }
                at = end;
            }
            (at == buffer.len()).then_some(out)
        });
        let mut services = Vec::with_capacity(wanted.iter().filter(|w| **w).count());
        for chunk in decoded {
            services.extend(chunk?);
        }
        Some(Desk {
            directory: Directory {
                info: head.info,
                services,
                places: head.places,
                taxonomy: head.taxonomy,
                words: head.words,
            },
            report,
        })
    }

    /// Which services can meet at least one need: by a category that
    /// serves one of its categories, or by name.
    fn candidates(&self, needs: &[ResolvedNeed]) -> Vec<bool> {
        let taxonomy = &self.head.taxonomy;
        let serving: Vec<bool> = taxonomy
            .categories()
            .iter()
            .map(|c| {
                needs.iter().any(|need| {
                    need.categories
                        .iter()
                        .any(|wanted| c.id == *wanted || taxonomy.serves(&c.id, wanted))
                })
            })
            .collect();
        let by_name: std::collections::HashSet<&str> = needs
            .iter()
            .flat_map(|n| n.services.iter().map(String::as_str))
            .collect();
        let ids = if by_name.is_empty() {
            Vec::new()
        } else {
            self.ids()
        };
        let index = &self.index;
        let mut start = 0;
        index
            .category_ends
            .iter()
            .enumerate()
            .map(|(i, &end)| {
                let end = end as usize;
                let categories = index.categories.get(start..end).unwrap_or(&[]);
                start = end;
                categories.iter().any(|&c| {
                    c == UNKNOWN_CATEGORY || serving.get(usize::from(c)).copied().unwrap_or(true)
                }) || ids.get(i).is_some_and(|id| by_name.contains(id))
            })
            .collect()
    }

    /// Every service's id, in order.
    fn ids(&self) -> Vec<&str> {
        let index = &self.index;
        let mut start = 0;
        index
            .text_ends
            .chunks_exact(2)
            .map(|ends| {
                let id = index.text.get(start..ends[0] as usize).unwrap_or("");
                start = ends[1] as usize;
                id
            })
            .collect()
    }
}
