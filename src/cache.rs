//! The desk cache: the loaded, checked directory of a folder, kept between
//! runs so that `find`, `show`, `places` and `categories` answer a national
//! directory at once (docs/PERFORMANCE.md).
//!
//! The cache can never serve a stale answer. Every run still reads every
//! file of the directory and hashes its bytes; the cache is used only when
//! the key stored in it equals the key of what was just read. The key covers
//! the bytes of every file (an edit of the same size within the same
//! timestamp still changes it), every relative path (a file added, removed
//! or renamed), every problem met while listing the folder, the limits, the
//! canonical folder, the deflect version, the cache format, and the size and
//! time of the program file itself (a rebuilt program may read the same
//! bytes differently). Reading and hashing 50 MB costs a few tens of
//! milliseconds; parsing and checking them costs seconds.
//!
//! The hash is XXH3-128: not cryptographic, but 128 bits make an accidental
//! collision out of reach, and anyone who can write files into the
//! directory can change the answers anyway, so there is nothing to defend
//! against with a slower hash. The payload carries its own XXH3-128
//! checksum, so a truncated or damaged cache file is noticed and rebuilt,
//! never half-read.
//!
//! The file lives at `<cache dir>/deflect/desk-<hash of the canonical
//! folder path>.bin` (on Linux `~/.cache/deflect/`); it is written to a
//! temporary file beside it and renamed into place, so two runs at once each
//! see a whole file, old or new. A cache that cannot be read, written or
//! decoded is ignored: the directory is then read from its files, as with
//! `--no-cache`.

use std::io::Write;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use xxhash_rust::xxh3::{xxh3_128, xxh3_64, Xxh3};

use crate::diagnostic::Diagnostic;
use crate::directory::load::{list, scan_files, Keep, Loaded};
use crate::directory::Word;
use crate::directory::{
    DirSource, Directory, DirectoryInfo, FaultReport, LeftOut, Limits, Service,
};
use crate::needs::{ResolvedNeed, ServiceName};
use crate::parallel::{parallel_map, parallel_map_with, workers};
use crate::places::Place;
use crate::taxonomy::Taxonomy;

/// Changes whenever the layout of the cache file or of the cached values
/// changes in a way the deflect version does not already cover; ends with
/// [`FORMAT`].
const FORMAT_TAG: &[u8] = b"deflect desk cache, format 5";

/// The cache format this deflect writes and reads (`deflect --version`).
pub const FORMAT: u32 = 5;

/// The first bytes of every cache file.
const MAGIC: &[u8; 8] = b"DFLCACHE";

/// Magic, key, checksum of the section table, number of sections.
const HEADER_LEN: usize = 8 + 16 + 16 + 8;

/// Each section's length and checksum.
const TABLE_ENTRY_LEN: usize = 8 + 16;

/// Services per section: sections are encoded and decoded on every core.
const CHUNK: usize = 4096;

/// In the index, a category the taxonomy does not hold (none should be):
/// such a service is always decoded.
const UNKNOWN_CATEGORY: u16 = u16::MAX;

/// What the desk commands need of a directory.
#[derive(Debug, Clone)]
pub struct Desk {
    /// The usable entries.
    pub directory: Directory,
    /// What was left out or trimmed, told on standard error.
    pub report: FaultReport,
}

/// How a desk load was answered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Route {
    /// From the cache: the files were read and hashed, not parsed.
    Hit,
    /// From the files, and the cache was written (or could not be).
    Rebuilt,
    /// From the files, the cache neither read nor written.
    Bypassed,
}

/// The first section: everything but the services, borrowed for writing.
#[derive(Serialize)]
struct HeadRef<'a> {
    info: &'a DirectoryInfo,
    places: &'a [Place],
    taxonomy: &'a Taxonomy,
    words: &'a [Word],
    services: u64,
    left_out: Vec<(&'a str, &'a str)>,
    trimmed: u64,
    broken_files: u64,
    dropped_words: u64,
}

/// The first section, owned for reading.
#[derive(Deserialize)]
struct Head {
    info: DirectoryInfo,
    places: Vec<Place>,
    taxonomy: Taxonomy,
    words: Vec<Word>,
    services: u64,
    left_out: Vec<(String, String)>,
    trimmed: u64,
    broken_files: u64,
    dropped_words: u64,
}

/// The last section: what `find` needs to choose which services to
/// decode, without decoding any.
#[derive(Serialize, Deserialize, Default)]
struct Index {
    /// Every service's id then name, one after the other.
    text: String,
    /// Where each id and each name ends in `text`.
    #[serde(with = "packed")]
    text_ends: Vec<u32>,
    /// Every service's categories, as positions in the taxonomy.
    #[serde(with = "packed")]
    categories: Vec<u16>,
    /// Where each service's categories end.
    #[serde(with = "packed")]
    category_ends: Vec<u32>,
    /// The length of each service's record in its section.
    #[serde(with = "packed")]
    record_lens: Vec<u32>,
}

/// The index's numbers as one run of little-endian bytes each: a cached
/// `find` reads half a million of them before anything else, and a copy
/// is much quicker than decoding them one varint at a time.
mod packed {
    use serde::{Deserializer, Serializer};

    /// A number that packs into a fixed count of little-endian bytes.
    pub trait Packed: Copy + Sized {
        const SIZE: usize;
        fn put(self, out: &mut Vec<u8>);
        fn get(bytes: &[u8]) -> Self;
    }

    impl Packed for u32 {
        const SIZE: usize = 4;
        fn put(self, out: &mut Vec<u8>) {
            out.extend_from_slice(&self.to_le_bytes());
        }
        fn get(bytes: &[u8]) -> Self {
            u32::from_le_bytes([bytes[0], bytes[1], bytes[2], bytes[3]])
        }
    }

    impl Packed for u16 {
        const SIZE: usize = 2;
        fn put(self, out: &mut Vec<u8>) {
            out.extend_from_slice(&self.to_le_bytes());
        }
        fn get(bytes: &[u8]) -> Self {
            u16::from_le_bytes([bytes[0], bytes[1]])
        }
    }

    pub fn serialize<T: Packed, S: Serializer>(values: &[T], s: S) -> Result<S::Ok, S::Error> {
        let mut bytes = Vec::with_capacity(values.len() * T::SIZE);
        for &v in values {
            v.put(&mut bytes);
        }
        s.serialize_bytes(&bytes)
    }

    pub fn deserialize<'de, T: Packed, D: Deserializer<'de>>(d: D) -> Result<Vec<T>, D::Error> {
        struct Bytes<T>(std::marker::PhantomData<T>);
        impl<T: Packed> serde::de::Visitor<'_> for Bytes<T> {
            type Value = Vec<T>;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                write!(f, "bytes, {} per number", T::SIZE)
            }
            fn visit_bytes<E: serde::de::Error>(self, bytes: &[u8]) -> Result<Vec<T>, E> {
                if !bytes.len().is_multiple_of(T::SIZE) {
                    return Err(E::invalid_length(bytes.len(), &self));
                }
                Ok(bytes.chunks_exact(T::SIZE).map(T::get).collect())
            }
        }
        d.deserialize_bytes(Bytes(std::marker::PhantomData))
    }
}

/// A directory for a desk command: loaded whole from its files, or a cache
/// file whose services are decoded only as they are asked for.
pub struct LazyDesk {
    inner: Lazy,
}

enum Lazy {
    Loaded(Box<Desk>),
    Cached(Box<View>),
}

/// A cache file read and checked, its services not yet decoded.
struct View {
    /// The open cache file: its sections of services are read as they are
    /// decoded, never all at once.
    file: std::sync::Mutex<std::fs::File>,
    head: Head,
    index: Index,
    report: FaultReport,
    /// Each section of services: its place in the file and checksum.
    sections: Vec<Section>,
}

/// Where a section lies in the cache file, and its checksum.
#[derive(Debug, Clone, Copy)]
struct Section {
    start: u64,
    len: usize,
    checksum: u128,
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

    /// What was left out or trimmed.
    pub fn report(&self) -> &FaultReport {
        match &self.inner {
            Lazy::Loaded(desk) => &desk.report,
            Lazy::Cached(view) => &view.report,
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

    /// The whole directory.
    pub fn into_desk(self) -> Option<Desk> {
        self.into_directory_for(Some(&[]))
    }
}

impl View {
    fn into_desk(self, needs: Option<&[ResolvedNeed]>) -> Option<Desk> {
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

/// Loads the directory in `root` for a desk command, from the cache when
/// it matches the files exactly, else from the files (and then refreshes
/// the cache). With `use_cache` false, the cache is neither read nor
/// written.
///
/// The inner `Err` holds the diagnostics that explain why no usable
/// `[directory]` table could be read; such a directory is never cached.
///
/// # Errors
/// Only when the folder itself cannot be read.
pub fn load_desk(
    root: &Path,
    limits: Limits,
    use_cache: bool,
) -> anyhow::Result<(Result<Desk, Vec<Diagnostic>>, Route)> {
    let (lazy, route) = load_lazy(root, limits, use_cache)?;
    let lazy = match lazy {
        Ok(lazy) => lazy,
        Err(diagnostics) => return Ok((Err(diagnostics), route)),
    };
    match lazy.into_desk() {
        Some(desk) => Ok((Ok(desk), route)),
        None => rebuild(root, limits).map(|desk| (desk, Route::Rebuilt)),
    }
}

/// Loads from the files and writes the cache for them, whatever the cache
/// holds: after a miss, or for a cache found damaged only as its services
/// were decoded. The key is made from exactly the bytes parsed.
///
/// # Errors
/// Only when the folder itself cannot be read.
pub fn rebuild(root: &Path, limits: Limits) -> anyhow::Result<Result<Desk, Vec<Diagnostic>>> {
    let listing = list(&DirSource::Path(root.to_path_buf()))?;
    let listed = listing.diagnostics.clone();
    // Each file is hashed as it is read for parsing, so the key is made
    // from exactly the bytes parsed.
    let (loaded, digests) = listing.load_hashed(limits, Keep::Desk, file_digest);
    let key = key(root, limits, &listed, &digests);
    let desk = usable(loaded);
    crate::timing::phase("usable services");
    if let (Ok(desk), Some(path)) = (&desk, cache_path(root)) {
        // A cache that cannot be written only costs time on the next run.
        let _ = write(&path, &key, desk);
        crate::timing::phase("write cache");
    }
    Ok(desk)
}

/// [`load_desk`], with the services of a cached directory left to decode
/// until it is known which are needed.
///
/// # Errors
/// Only when the folder itself cannot be read.
pub fn load_lazy(
    root: &Path,
    limits: Limits,
    use_cache: bool,
) -> anyhow::Result<(Result<LazyDesk, Vec<Diagnostic>>, Route)> {
    let loaded = |desk: Result<Desk, Vec<Diagnostic>>| desk.map(LazyDesk::from);
    let source = DirSource::Path(root.to_path_buf());
    let path = if use_cache { cache_path(root) } else { None };
    let Some(path) = path else {
        let directory = list(&source)?.load(limits, Keep::Desk);
        return Ok((loaded(usable(directory)), Route::Bypassed));
    };
    // Hash every file through one small buffer per thread: on a hit the
    // directory's text is never held in memory.
    let (digests, listing) = scan_files(root, limits, file_digest)?;
    let key = key(root, limits, &listing, &digests);
    crate::timing::phase("hash files");
    if let Some(view) = read(&path, &key) {
        return Ok((
            Ok(LazyDesk {
                inner: Lazy::Cached(Box::new(view)),
            }),
            Route::Hit,
        ));
    }
    // Read again, for parsing, and key the cache on exactly the bytes that
    // were parsed: a file changed since the hashing above is then never
    // stored under the old key.
    Ok((loaded(rebuild(root, limits)?), Route::Rebuilt))
}

fn usable(loaded: Loaded) -> Result<Desk, Vec<Diagnostic>> {
    loaded
        .into_directory()
        .map(|(directory, report)| Desk { directory, report })
}

/// Where the cache of this folder lives, when there is a cache folder.
pub fn cache_path(root: &Path) -> Option<PathBuf> {
    let canonical = root.canonicalize().ok()?;
    let name = format!(
        "desk-{:016x}.bin",
        xxh3_64(canonical.as_os_str().as_encoded_bytes())
    );
    Some(dirs::cache_dir()?.join("deflect").join(name))
}

/// The digest of one file: of its bytes, or of why it could not be read.
fn file_digest(outcome: Result<&[u8], &Diagnostic>) -> u128 {
    match outcome {
        Ok(bytes) => xxh3_128(bytes),
        // Never equal to the digest of some bytes: the flipped top bit
        // marks a fault.
        Err(d) => xxh3_128(diagnostic_bytes(d).as_bytes()) ^ (1 << 127),
    }
}

/// The key of what was read: everything the loaded directory depends on.
fn key(root: &Path, limits: Limits, listing: &[Diagnostic], files: &[(String, u128)]) -> [u8; 16] {
    let mut h = Xxh3::new();
    let mut field = |bytes: &[u8]| {
        // Length-prefixed, so that no two different lists of fields hash
        // the same bytes.
        h.update(&(bytes.len() as u64).to_le_bytes());
        h.update(bytes);
    };
    field(FORMAT_TAG);
    field(env!("CARGO_PKG_VERSION").as_bytes());
    field(&program_identity());
    field(&limits.max_file_bytes.to_le_bytes());
    field(&(limits.max_depth as u64).to_le_bytes());
    let canonical = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
    field(canonical.as_os_str().as_encoded_bytes());
    field(&(listing.len() as u64).to_le_bytes());
    for d in listing {
        field(diagnostic_bytes(d).as_bytes());
    }
    field(&(files.len() as u64).to_le_bytes());
    for (rel, digest) in files {
        field(rel.as_bytes());
        field(&digest.to_le_bytes());
    }
    h.digest128().to_le_bytes()
}

fn diagnostic_bytes(d: &Diagnostic) -> String {
    format!(
        "{}\u{0}{}\u{0}{:?}\u{0}{:?}\u{0}{:?}",
        d.code, d.message, d.file, d.line, d.column
    )
}

/// The size and modification time of the running program: a rebuilt or
/// replaced program never reads a cache written by another build.
fn program_identity() -> Vec<u8> {
    let mut out = Vec::with_capacity(24);
    let meta = std::env::current_exe().and_then(std::fs::metadata);
    if let Ok(meta) = meta {
        out.extend_from_slice(&meta.len().to_le_bytes());
        if let Ok(age) = meta
            .modified()
            .map(|t| t.duration_since(std::time::UNIX_EPOCH).unwrap_or_default())
        {
            out.extend_from_slice(&age.as_secs().to_le_bytes());
            out.extend_from_slice(&age.subsec_nanos().to_le_bytes());
        }
    }
    out
}

/// Reads a section into `buffer` and checks it.
fn read_section(
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
fn sections(file: &mut std::fs::File, key: &[u8; 16]) -> Option<Vec<Section>> {
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
fn read(path: &Path, key: &[u8; 16]) -> Option<View> {
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
fn intern(reason: String) -> &'static str {
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

/// One section of services, encoded, with its part of the index (ends
/// counted from the section's start).
fn encode_section(
    services: &[Service],
    positions: &std::collections::HashMap<&str, u16>,
) -> Result<(Vec<u8>, Index), postcard::Error> {
    let too_large = |_| postcard::Error::SerializeBufferFull;
    let mut bytes = Vec::new();
    let mut index = Index::default();
    for service in services {
        let before = bytes.len();
        bytes = postcard::to_extend(service, bytes)?;
        index
            .record_lens
            .push(u32::try_from(bytes.len() - before).map_err(too_large)?);
        index.text.push_str(&service.id);
        index
            .text_ends
            .push(u32::try_from(index.text.len()).map_err(too_large)?);
        index.text.push_str(&service.name);
        index
            .text_ends
            .push(u32::try_from(index.text.len()).map_err(too_large)?);
        index.categories.extend(service.categories.iter().map(|c| {
            positions
                .get(c.as_str())
                .copied()
                .unwrap_or(UNKNOWN_CATEGORY)
        }));
        index
            .category_ends
            .push(u32::try_from(index.categories.len()).map_err(too_large)?);
    }
    Ok((bytes, index))
}

impl Index {
    /// Appends the index of the next section; `None` when the offsets no
    /// longer fit.
    fn append(&mut self, part: Index) -> Option<()> {
        let text_base = u32::try_from(self.text.len()).ok()?;
        let category_base = u32::try_from(self.categories.len()).ok()?;
        self.text.push_str(&part.text);
        for end in part.text_ends {
            self.text_ends.push(end.checked_add(text_base)?);
        }
        self.categories.extend(part.categories);
        for end in part.category_ends {
            self.category_ends.push(end.checked_add(category_base)?);
        }
        self.record_lens.extend(part.record_lens);
        Some(())
    }
}

/// Writes the cache file for `desk` to `file`: a header and table of
/// sections held back as zeros, the head, each section of services as it is
/// encoded on every core (a national directory's 40 MB of records are never
/// all in memory), the index, then the header and table over the zeros. A
/// file torn on the way fails its checksums.
fn write_to(file: &mut std::fs::File, key: &[u8; 16], desk: &Desk) -> std::io::Result<()> {
    use std::io::{Seek, SeekFrom};
    let too_large = || std::io::Error::other("the directory is too large for a cache file");
    let directory = &desk.directory;
    let head = HeadRef {
        info: &directory.info,
        places: &directory.places,
        taxonomy: &directory.taxonomy,
        words: &directory.words,
        services: directory.services.len() as u64,
        left_out: desk
            .report
            .left_out
            .iter()
            .map(|l| (l.entry.as_str(), l.reason))
            .collect(),
        trimmed: desk.report.trimmed as u64,
        broken_files: desk.report.broken_files as u64,
        dropped_words: desk.report.dropped_words as u64,
    };
    let chunks: Vec<&[Service]> = directory.services.chunks(CHUNK).collect();
    let count = chunks.len() + 2;
    let table_len = count * TABLE_ENTRY_LEN;
    file.write_all(&vec![0u8; HEADER_LEN + table_len])?;
    let mut table = Vec::with_capacity(table_len);
    let mut put = |file: &mut std::fs::File, section: &[u8]| {
        table.extend_from_slice(&(section.len() as u64).to_le_bytes());
        table.extend_from_slice(&xxh3_128(section).to_le_bytes());
        file.write_all(section)
    };
    put(
        file,
        &postcard::to_allocvec(&head).map_err(std::io::Error::other)?,
    )?;

    // Each service is a record of its own, so that any one can be decoded
    // alone. As many sections at a time as there are cores are encoded,
    // each with its part of the index, while its services are at hand.
    let positions: std::collections::HashMap<&str, u16> = directory
        .taxonomy
        .categories()
        .iter()
        .enumerate()
        .map(|(i, c)| (c.id.as_str(), u16::try_from(i).unwrap_or(UNKNOWN_CATEGORY)))
        .collect();
    let mut index = Index::default();
    for batch in chunks.chunks(workers()) {
        let encoded = parallel_map(batch.to_vec(), 2, |chunk| encode_section(chunk, &positions));
        for section in encoded {
            let (bytes, part) = section.map_err(std::io::Error::other)?;
            put(file, &bytes)?;
            index.append(part).ok_or_else(too_large)?;
        }
    }
    put(
        file,
        &postcard::to_allocvec(&index).map_err(std::io::Error::other)?,
    )?;

    let mut header = Vec::with_capacity(HEADER_LEN + table_len);
    header.extend_from_slice(MAGIC);
    header.extend_from_slice(key);
    header.extend_from_slice(&xxh3_128(&table).to_le_bytes());
    header.extend_from_slice(&(count as u64).to_le_bytes());
    header.extend_from_slice(&table);
    file.seek(SeekFrom::Start(0))?;
    file.write_all(&header)
}

/// Writes the cache file: to a temporary file beside it, then renamed into
/// place, so that a reader sees the old file or the new one, whole.
fn write(path: &Path, key: &[u8; 16], desk: &Desk) -> std::io::Result<()> {
    let folder = path.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(folder)?;
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap_or_default()
        .subsec_nanos();
    let temp = folder.join(format!(".{name}.{}-{nanos}.tmp", std::process::id()));
    let result = std::fs::File::create(&temp)
        .and_then(|mut file| write_to(&mut file, key, desk))
        // No fsync: a cache lost or torn by a crash fails its checksums
        // and is rebuilt; syncing 40 MB would cost the desk more than that.
        .and_then(|()| std::fs::rename(&temp, path));
    if result.is_err() {
        let _ = std::fs::remove_file(&temp);
    }
    result
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_format_number_is_the_tags() {
        let tag = std::str::from_utf8(FORMAT_TAG).unwrap();
        assert!(tag.ends_with(&format!(", format {FORMAT}")), "{tag}");
    }

    fn digests(files: &[(&str, &[u8])]) -> Vec<(String, u128)> {
        files
            .iter()
            .map(|(rel, bytes)| (rel.to_string(), file_digest(Ok(bytes))))
            .collect()
    }

    #[test]
    fn the_key_changes_with_any_byte_path_or_file() {
        let root = Path::new("/nonexistent/deflect-test");
        let limits = Limits::default();
        let k = |files: &[(&str, &[u8])]| key(root, limits, &[], &digests(files));
        let base = k(&[("a.toml", b"x = 1"), ("b.toml", b"y = 2")]);
        assert_eq!(base, k(&[("a.toml", b"x = 1"), ("b.toml", b"y = 2")]));
        for other in [
            k(&[("a.toml", b"x = 2"), ("b.toml", b"y = 2")]),
            k(&[("a.toml", b"x = 1"), ("c.toml", b"y = 2")]),
            k(&[("a.toml", b"x = 1")]),
            k(&[("a.toml", b"x = 1"), ("b.toml", b"y = 2"), ("c.toml", b"")]),
            // The same bytes split differently between files.
            k(&[("a.toml", b"x = 1y = 2"), ("b.toml", b"")]),
        ] {
            assert_ne!(base, other);
        }
        let mut tight = limits;
        tight.max_file_bytes = 10;
        let files = digests(&[("a.toml", b"x = 1"), ("b.toml", b"y = 2")]);
        assert_ne!(base, key(root, tight, &[], &files));
        let loop_found = Diagnostic::warning("symlink-loop", "loop");
        assert_ne!(base, key(root, limits, &[loop_found], &files));
        let fault = Diagnostic::error("unreadable-file", "permission denied");
        assert_ne!(file_digest(Ok(b"")), file_digest(Err(&fault)));
    }

    fn demo_desk() -> Desk {
        let loaded = crate::directory::load(&DirSource::Demo, Limits::default()).unwrap();
        let (directory, report) = loaded.into_directory().unwrap();
        Desk { directory, report }
    }

    fn same(a: &Desk, b: &Desk) {
        assert_eq!(a.directory.services, b.directory.services);
        assert_eq!(a.directory.places, b.directory.places);
        assert_eq!(a.directory.info, b.directory.info);
        assert_eq!(
            a.directory.taxonomy.categories(),
            b.directory.taxonomy.categories()
        );
        assert_eq!(a.report, b.report);
    }

    fn read_whole(path: &Path, key: &[u8; 16]) -> Option<Desk> {
        read(path, key).and_then(|view| view.into_desk(Some(&[])))
    }

    #[test]
    fn a_cache_file_round_trips_and_refuses_damage() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("deflect").join("desk-test.bin");
        let mut desk = demo_desk();
        desk.report.left_out.push(LeftOut {
            entry: "x.toml:3".into(),
            reason: "no name",
        });
        desk.report.trimmed = 2;
        let key = [7u8; 16];
        write(&path, &key, &desk).unwrap();
        same(&read_whole(&path, &key).unwrap(), &desk);
        // Another key, any flipped byte, a cut file: all refused.
        assert!(read(&path, &[8u8; 16]).is_none());
        let bytes = std::fs::read(&path).unwrap();
        for at in [
            0,
            9,
            30,
            45,
            HEADER_LEN + 3,
            bytes.len() / 2,
            bytes.len() - 1,
        ] {
            let mut damaged = bytes.clone();
            damaged[at] ^= 0x20;
            std::fs::write(&path, &damaged).unwrap();
            assert!(read_whole(&path, &key).is_none(), "byte {at} flipped");
        }
        for len in [0, 10, HEADER_LEN, bytes.len() / 2, bytes.len() - 1] {
            std::fs::write(&path, &bytes[..len]).unwrap();
            assert!(read(&path, &key).is_none(), "cut at {len}");
        }
        let mut longer = bytes.clone();
        longer.push(0);
        std::fs::write(&path, &longer).unwrap();
        assert!(read(&path, &key).is_none());
        // Nothing but the cache file is left in the folder.
        assert_eq!(
            std::fs::read_dir(path.parent().unwrap()).unwrap().count(),
            1
        );
    }

    fn many(n: usize) -> Desk {
        let mut desk = demo_desk();
        let services = desk.directory.services.clone();
        desk.directory.services = (0..n)
            .map(|i| {
                let mut s = services[i % services.len()].clone();
                s.id = format!("service-{i}");
                s
            })
            .collect();
        desk
    }

    #[test]
    fn many_services_are_split_into_sections_and_joined_in_order() {
        let desk = many(CHUNK * 2 + 5);
        let key = [1u8; 16];
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("c.bin");
        write(&path, &key, &desk).unwrap();
        // The head, three sections of services and the index.
        let mut file = std::fs::File::open(&path).unwrap();
        assert_eq!(sections(&mut file, &key).unwrap().len(), 5);
        same(&read_whole(&path, &key).unwrap(), &desk);
        let names = LazyDesk::from(read_whole(&path, &key).unwrap());
        let view = LazyDesk {
            inner: Lazy::Cached(Box::new(read(&path, &key).unwrap())),
        };
        assert_eq!(view.names(), names.names());
    }

    /// The services that a search for `words` finds, by id.
    fn found(directory: &Directory, words: &[&str]) -> Vec<String> {
        let words: Vec<String> = words.iter().map(|w| w.to_string()).collect();
        let names: Vec<ServiceName<'_>> = ServiceName::all(&directory.services);
        let needs = crate::request::needs_of(&words, &directory.taxonomy, &names).unwrap();
        let query = crate::matching::Query {
            needs,
            substances: Vec::new(),
            prefers: Vec::new(),
            origin: None,
            at: chrono::DateTime::parse_from_rfc3339("2026-11-28T02:00:00-06:00")
                .unwrap()
                .with_timezone(&chrono::Utc),
            open_only: false,
            radius_km: None,
            person: crate::matching::Person::default(),
        };
        let mut book = crate::matching::HoursBook::new(directory);
        crate::matching::search(directory, &query, &mut book)
            .iter()
            .map(|hit| hit.service.id.clone())
            .collect()
    }

    #[test]
    fn only_the_candidates_are_decoded_and_they_find_the_same() {
        let desk = many(CHUNK + 50);
        let key = [2u8; 16];
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("c.bin");
        write(&path, &key, &desk).unwrap();
        for words in [
            &["detox"][..],
            &["treatment"],
            &["harm", "reduction"],
            &["shelter", "naloxone"],
            &["crisis"],
            // A need matched by a service's name, not a category.
            &["harrow"],
        ] {
            let lazy = LazyDesk {
                inner: Lazy::Cached(Box::new(read(&path, &key).unwrap())),
            };
            let words_owned: Vec<String> = words.iter().map(|w| w.to_string()).collect();
            let needs =
                crate::request::needs_of(&words_owned, lazy.taxonomy(), &lazy.names()).unwrap();
            let part = lazy.into_directory_for(Some(&needs)).unwrap();
            assert!(
                part.directory.services.len() < desk.directory.services.len(),
                "{words:?} decoded everything"
            );
            let whole = found(&desk.directory, words);
            assert!(!whole.is_empty(), "{words:?} finds nothing");
            assert_eq!(found(&part.directory, words), whole, "{words:?}");
        }
        let lazy = LazyDesk {
            inner: Lazy::Cached(Box::new(read(&path, &key).unwrap())),
        };
        assert!(lazy
            .into_directory_for(None)
            .unwrap()
            .directory
            .services
            .is_empty());
    }

    #[test]
    fn reasons_are_interned_once() {
        let a = intern("a duplicate id".to_string());
        let b = intern("a duplicate id".to_string());
        assert!(std::ptr::eq(a, b));
    }
}
