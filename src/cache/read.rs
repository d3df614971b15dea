//! Reading a cache file: its header and table of sections checked, the
//! head and index decoded ([`View`]), each section of services read and
//! decoded only when a search can need its services.

use std::path::Path;

use xxhash_rust::xxh3::xxh3_128;

use crate::directory::{Directory, FaultReport, LeftOut, Service};
use crate::needs::{ResolvedNeed, ServiceName};
use crate::parallel::parallel_map_with;

use super::layout::{
    Head, Index, Section, CHUNK, HEADER_LEN, MAGIC, TABLE_ENTRY_LEN, UNKNOWN_CATEGORY,
};
use super::Desk;

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

/// Reads a section into `buffer` and checks it.
pub(super) fn read_section(
    file: &std::sync::Mutex<std::fs::File>,
    section: Section,
    buffer: &mut Vec<u8>,
) -> Option<()> {
    use std::io::{Read, Seek, SeekFrom};
    buffer.clear();
    buffer.reserve(section.len);
    {
        // Read into the buffer's spare room: zeroing 40 MB first would cost
        // a cached `find` more than a tenth of its time.
        let mut file = file.lock().ok()?;
        file.seek(SeekFrom::Start(section.start)).ok()?;
        (&mut *file)
            .take(section.len as u64)
            .read_to_end(buffer)
            .ok()?;
    }
    (buffer.len() == section.len && xxh3_128(buffer) == section.checksum).then_some(())
}

/// The sections of the cache file, when its key is `key`, its table of
/// sections is intact and its length is theirs.
pub(super) fn sections(file: &mut std::fs::File, key: &[u8; 16]) -> Option<Vec<Section>> {
    use std::io::Read;
    let length = file.metadata().ok()?.len();
    let mut header = [0u8; HEADER_LEN];
    file.read_exact(&mut header).ok()?;
    if &header[..8] != MAGIC || header[8..24] != key[..] {
        return None;
    }
    let table_checksum = u128::from_le_bytes(header[24..40].try_into().ok()?);
    let count = usize::try_from(u64::from_le_bytes(header[40..48].try_into().ok()?)).ok()?;
    let table_len = count.checked_mul(TABLE_ENTRY_LEN)?;
    if table_len as u64 > length {
        return None;
    }
    let mut table = vec![0u8; table_len];
    file.read_exact(&mut table).ok()?;
    if xxh3_128(&table) != table_checksum {
        return None;
    }
    let mut out = Vec::with_capacity(count);
    let mut at = (HEADER_LEN + table_len) as u64;
    for entry in table.chunks_exact(TABLE_ENTRY_LEN) {
        let len = u64::from_le_bytes(entry[..8].try_into().ok()?);
        let checksum = u128::from_le_bytes(entry[8..].try_into().ok()?);
        out.push(Section {
            start: at,
            len: usize::try_from(len).ok()?,
            checksum,
        });
        at = at.checked_add(len)?;
    }
    (at == length).then_some(out)
}

/// The cache file for `key`, opened and checked, its services not read:
/// the head and the index are read and checked now, each section of
/// services when it is decoded.
pub(super) fn read(path: &Path, key: &[u8; 16]) -> Option<View> {
    let mut file = std::fs::File::open(path).ok()?;
    let mut sections = sections(&mut file, key)?.into_iter();
    let file = std::sync::Mutex::new(file);
    let mut buffer = Vec::new();
    read_section(&file, sections.next()?, &mut buffer)?;
    let head: Head = postcard::from_bytes(&buffer).ok()?;
    // The index is written last, once every record's length is known.
    read_section(&file, sections.next_back()?, &mut buffer)?;
    let index: Index = postcard::from_bytes(&buffer).ok()?;
    let count = usize::try_from(head.services).ok()?;
    let consistent = index.text_ends.len() == count * 2
        && index.category_ends.len() == count
        && index.record_lens.len() == count
        && sections.len() == count.div_ceil(CHUNK);
    if !consistent {
        return None;
    }
    let left_out = head
        .left_out
        .iter()
        .map(|(entry, reason)| LeftOut {
            entry: entry.clone(),
            reason: intern(reason.clone()),
        })
        .collect();
    let report = FaultReport {
        left_out,
        trimmed: usize::try_from(head.trimmed).ok()?,
        broken_files: usize::try_from(head.broken_files).ok()?,
        dropped_words: usize::try_from(head.dropped_words).ok()?,
    };
    Some(View {
        sections: sections.collect(),
        file,
        head,
        index,
        report,
    })
}

/// A reason for leaving an entry out, as the `&'static str` the loader
/// uses. The loader has a handful of reasons, each stored once per process.
pub(super) fn intern(reason: String) -> &'static str {
    static SEEN: std::sync::Mutex<Vec<&'static str>> = std::sync::Mutex::new(Vec::new());
    let Ok(mut seen) = SEEN.lock() else {
        return Box::leak(reason.into_boxed_str());
    };
    if let Some(known) = seen.iter().find(|s| **s == reason) {
        return known;
    }
    let leaked: &'static str = Box::leak(reason.into_boxed_str());
    seen.push(leaked);
    leaked
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
            self.names().map(|n| n.id).collect()
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

    /// Every service's id and name, in file order, from the index.
    pub(super) fn names(&self) -> impl Iterator<Item = ServiceName<'_>> {
        let index = &self.index;
        let mut start = 0;
        index.text_ends.chunks_exact(2).map(move |ends| {
            let (id_end, name_end) = (ends[0] as usize, ends[1] as usize);
            let id = index.text.get(start..id_end).unwrap_or("");
            let name = index.text.get(id_end..name_end).unwrap_or("");
            start = name_end;
            ServiceName { id, name }
        })
    }
}
