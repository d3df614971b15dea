//! Loading a directory: every file, every entry on its own, every problem
//! kept as a diagnostic with its file, line and column.
//!
//! The result keeps all entries (for `validate`) and marks which ones can
//! make a safe referral (for `find` and the other desk commands), following
//! docs/CLI.md, "A directory with faults".

use std::collections::{BTreeMap, HashMap};
use std::ops::Range;
use std::path::{Path, PathBuf};

use chrono_tz::Tz;
use toml::de::{DeTable, DeValue};

use crate::diagnostic::{self, Diagnostic};
use crate::directory::lang::is_language_code;
use crate::directory::model::*;
use crate::directory::phone::Phone;
use crate::directory::read::{closest, TableReader};
use crate::directory::source::SourceFile;
use crate::directory::walk::{plain_io_error, walk};
use crate::directory::words::{read_substances, read_word, WORD_KEYS};
use crate::hours::HolidayCalendar;
use crate::places::{Place, Units};
use crate::taxonomy::{Category, Taxonomy};

// The cores are shared by `crate::parallel`; these names stay here too so
// that code written against the loader's old home keeps building.
pub(crate) use crate::parallel::{parallel_map, parallel_map_with};

include!(concat!(env!("OUT_DIR"), "/demo_files.rs"));

/// Where a directory comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DirSource {
    /// A folder of TOML files, or one `.toml` file.
    Path(PathBuf),
    /// The fictional demo directory built into the program.
    Demo,
}

impl DirSource {
    /// How to name the source in messages.
    pub fn describe(&self) -> String {
        match self {
            DirSource::Path(p) => p.display().to_string(),
            DirSource::Demo => "the built-in demo directory (fictional)".into(),
        }
    }
}

/// Limits that protect the desk from hostile or broken files.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// Files larger than this are refused.
    pub max_file_bytes: u64,
    /// Arrays and tables nested deeper than this are refused before parsing.
    pub max_depth: usize,
}

impl Limits {
    /// The default limits, with the file size limit taken from
    /// `DEFLECT_MAX_FILE_MB` when it is set to a whole number.
    pub fn from_env() -> Self {
        let mut limits = Limits::default();
        if let Some(mb) = std::env::var("DEFLECT_MAX_FILE_MB")
            .ok()
            .and_then(|v| v.trim().parse::<u64>().ok())
        {
            limits.max_file_bytes = mb.saturating_mul(1024 * 1024);
        }
        limits
    }
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_file_bytes: 256 * 1024 * 1024,
            max_depth: 64,
        }
    }
}

/// An entry that `find` and the desk commands leave out, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LeftOut {
    /// The entry's id, or its position when it has none.
    pub entry: String,
    /// Why it cannot make a safe referral.
    pub reason: &'static str,
}

/// Everything read from a directory, good and bad.
#[derive(Debug, Clone)]
pub struct Loaded {
    /// The files read, for positions and source lines.
    pub files: Vec<SourceFile>,
    /// The `[directory]` table, when a usable one was read.
    pub info: Option<DirectoryInfo>,
    /// Every `[[service]]` table that could be read, usable or not.
    pub services: Vec<Service>,
    /// For each of `services`, why it is left out, if it is.
    pub faults: Vec<Option<&'static str>>,
    /// The gazetteer.
    pub places: Vec<Place>,
    /// The taxonomy with the directory's categories.
    pub taxonomy: Taxonomy,
    /// Every problem found while loading.
    pub diagnostics: Vec<Diagnostic>,
    /// How many `[[service]]` tables were declared.
    pub services_declared: usize,
    /// Entries whose table could not even be read as one.
    pub unreadable_entries: Vec<LeftOut>,
    /// How many kept services lost a faulty value.
    pub trimmed: usize,
    /// Where services without an id were written, as `file:line`, by
    /// index into `services`, in order: worked out while the file's text
    /// was at hand.
    pub unnamed: Vec<(usize, String)>,
    /// The directory's request words that stand (`[[word]]`); those that
    /// name a category are synonyms in `taxonomy` instead.
    pub words: Vec<Word>,
    /// How many `[[word]]` tables were dropped for a fault.
    pub dropped_words: usize,
}

/// What the desk commands are told about a directory with faults.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FaultReport {
    /// Entries left out, with the reason.
    pub left_out: Vec<LeftOut>,
    /// Entries kept without a faulty value.
    pub trimmed: usize,
    /// Files that could not be read or parsed.
    pub broken_files: usize,
    /// The directory's `[[word]]` tables dropped for a fault.
    pub dropped_words: usize,
}

impl FaultReport {
    /// The lines to print on standard error, empty when all is well.
    pub fn summary(&self) -> Vec<String> {
        let mut lines = Vec::new();
        if !self.left_out.is_empty() {
            let mut by_reason: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
            for l in &self.left_out {
                by_reason.entry(l.reason).or_default().push(&l.entry);
            }
            let parts: Vec<String> = by_reason
                .iter()
                .map(|(reason, entries)| {
                    let shown: Vec<String> = entries
                        .iter()
                        .take(5)
                        .map(|e| crate::sanitize::one_line(e))
                        .collect();
                    let more = if entries.len() > 5 {
                        format!(" and {} more", entries.len() - 5)
                    } else {
                        String::new()
                    };
                    format!("{reason}: {}{more}", shown.join(", "))
                })
                .collect();
            lines.push(format!(
                "note: {} {} left out ({})",
                self.left_out.len(),
                if self.left_out.len() == 1 {
                    "entry"
                } else {
                    "entries"
                },
                parts.join("; ")
            ));
        }
        if self.trimmed > 0 {
            lines.push(format!(
                "note: {} {} kept without a faulty value",
                self.trimmed,
                if self.trimmed == 1 {
                    "entry"
                } else {
                    "entries"
                }
            ));
        }
        if self.broken_files > 0 {
            lines.push(format!(
                "note: {} {} could not be read",
                self.broken_files,
                if self.broken_files == 1 {
                    "file"
                } else {
                    "files"
                }
            ));
        }
        if self.dropped_words > 0 {
            lines.push(format!(
                "note: {} of the directory's request words ([[word]]) {} not used",
                self.dropped_words,
                if self.dropped_words == 1 { "is" } else { "are" }
            ));
        }
        if !lines.is_empty() {
            lines.push(
                "note: run `deflect validate` to see every problem with its file and line".into(),
            );
        }
        lines
    }
}

const DIRECTORY_KEYS: &[&str] = &[
    "name",
    "timezone",
    "country",
    "holidays",
    "units",
    "clock",
    "default_place",
    "crisis_lines",
    "demo",
    "format",
];
const SERVICE_KEYS: &[&str] = &[
    "id",
    "name",
    "organization",
    "categories",
    "description",
    "phone",
    "address",
    "lat",
    "lon",
    "hours",
    "timezone",
    "languages",
    "age_min",
    "age_max",
    "genders",
    "payment",
    "attributes",
    "substances",
    "capacity",
    "referral_notes",
    "alert",
    "alert_until",
    "website",
    "email",
    "verified",
    "active",
];
const PLACE_KEYS: &[&str] = &["name", "aliases", "kind", "lat", "lon"];
const CATEGORY_KEYS: &[&str] = &["id", "name", "parent", "synonyms", "substances"];
const CRISIS_KEYS: &[&str] = &["name", "phone"];
const CAPACITY_KEYS: &[&str] = &["available", "total", "updated"];
const TOP_KEYS: &[&str] = &["directory", "service", "place", "category", "word"];

/// How much of each file the loader keeps once its entries are read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Keep {
    /// Every file's text and where every value was written: `validate`
    /// and `--fix` point into them.
    Everything,
    /// What the desk commands use. A file that holds only services is let
    /// go as soon as they are read, with where their values were written,
    /// so a national directory's text is never in memory at once; files
    /// with the `[directory]` table, places or categories are kept whole.
    /// Diagnostics made after loading name such a file without a line.
    Desk,
}

/// Reads a directory from its source, keeping everything.
///
/// # Errors
/// Only when the source itself cannot be read (a folder that does not
/// exist); every problem inside it is a diagnostic.
pub fn load(source: &DirSource, limits: Limits) -> anyhow::Result<Loaded> {
    Ok(list(source)?.load(limits, Keep::Everything))
}

/// Reads a directory given as files in memory (relative path and bytes),
/// as a fuzzer or a test gives them. Nothing is read from disk.
pub fn load_bytes(files: Vec<(String, Vec<u8>)>, limits: Limits) -> Loaded {
    let files = files
        .into_iter()
        .map(|(rel, bytes)| {
            let bytes = if bytes.len() as u64 > limits.max_file_bytes {
                let mut d = Diagnostic::error("file-too-large", "this file is over the size limit");
                d.file = Some(rel.clone());
                Err(Box::new(d))
            } else {
                Ok(bytes)
            };
            Listed {
                rel,
                input: Input::Given(bytes),
            }
        })
        .collect();
    Listing {
        files,
        diagnostics: Vec::new(),
    }
    .load(limits, Keep::Everything)
}

/// One file of a directory, listed.
#[derive(Debug)]
struct Listed {
    /// Path relative to the directory folder, with `/`.
    rel: String,
    input: Input,
}

/// Where a listed file's bytes come from.
#[derive(Debug)]
enum Input {
    /// Read when its turn comes, on whichever thread takes it.
    Read(PathBuf),
    /// Already in memory (the demo, a fuzzer, a test), or why not.
    Given(Result<Vec<u8>, Box<Diagnostic>>),
}

/// The files of a directory in byte order of their relative paths, not yet
/// read, with the problems met while finding them. What a cache must be
/// keyed on is these problems and the bytes of these files as parsed.
#[derive(Debug, Default)]
pub struct Listing {
    files: Vec<Listed>,
    /// Problems met while listing the folder (loops, unreadable folders).
    pub diagnostics: Vec<Diagnostic>,
}

/// Lists the files of a directory.
///
/// # Errors
/// Only when the source itself cannot be read (a folder that does not
/// exist).
pub fn list(source: &DirSource) -> anyhow::Result<Listing> {
    match source {
        DirSource::Demo => Ok(Listing {
            files: DEMO_FILES
                .iter()
                .map(|(rel, text)| Listed {
                    rel: rel.to_string(),
                    input: Input::Given(Ok(text.as_bytes().to_vec())),
                })
                .collect(),
            diagnostics: Vec::new(),
        }),
        DirSource::Path(root) => {
            let (found, diagnostics) = walk(root)?;
            crate::timing::phase("list files");
            Ok(Listing {
                files: found
                    .into_iter()
                    .map(|f| Listed {
                        rel: f.rel,
                        input: Input::Read(f.path),
                    })
                    .collect(),
                diagnostics,
            })
        }
    }
}

impl Listing {
    /// Has the listed file `rel` read as `bytes` instead of from where it
    /// is: `validate --fix --dry-run` judges the directory as its fixes
    /// would leave it, writing nothing. A file not listed is left alone.
    pub fn substitute(&mut self, rel: &str, bytes: Vec<u8>) {
        if let Some(listed) = self.files.iter_mut().find(|f| f.rel == rel) {
            listed.input = Input::Given(Ok(bytes));
        }
    }

    /// Reads, decodes, parses and checks every file (in parallel where
    /// there is enough to share), then checks the directory as a whole.
    pub fn load(self, limits: Limits, keep: Keep) -> Loaded {
        self.load_hashed(limits, keep, |_| ()).0
    }

    /// [`Listing::load`], handing each file's bytes (or why they could not
    /// be read) to `hash` as they are read, and returning what it made of
    /// each file with the file's relative path, in order: a cache is then
    /// keyed on exactly the bytes that were parsed, read once.
    pub fn load_hashed<H, F>(
        self,
        limits: Limits,
        keep: Keep,
        hash: F,
    ) -> (Loaded, Vec<(String, H)>)
    where
        H: Send,
        F: Fn(Result<&[u8], &Diagnostic>) -> H + Sync,
    {
        assemble(self, limits, keep, hash)
    }
}

/// Reads one file's bytes, refusing what is too large.
fn read_bytes(path: &Path, rel: &str, limits: Limits) -> Result<Vec<u8>, Box<Diagnostic>> {
    let mut bytes = Vec::new();
    read_into(path, rel, limits, &mut bytes)?;
    Ok(bytes)
}

/// Reads one file's bytes into `buffer` (emptied first), refusing what is
/// too large.
fn read_into(
    path: &Path,
    rel: &str,
    limits: Limits,
    buffer: &mut Vec<u8>,
) -> Result<(), Box<Diagnostic>> {
    use std::io::Read;
    let unreadable = |e: std::io::Error| {
        let mut d = Diagnostic::error(
            "unreadable-file",
            format!("cannot read this file: {}", plain_io_error(&e)),
        );
        d.file = Some(rel.to_string());
        Box::new(d)
    };
    let size = std::fs::metadata(path).map_err(unreadable)?.len();
    if size > limits.max_file_bytes {
        let mut d = Diagnostic::error(
            "file-too-large",
            format!(
                "this file is {} MiB, over the limit of {} MiB: split it into one file per organisation",
                size / (1024 * 1024),
                limits.max_file_bytes / (1024 * 1024)
            ),
        );
        d.file = Some(rel.to_string());
        return Err(Box::new(d));
    }
    buffer.clear();
    buffer.reserve(usize::try_from(size).unwrap_or(0));
    std::fs::File::open(path)
        .and_then(|mut file| file.read_to_end(buffer))
        .map_err(unreadable)?;
    Ok(())
}

/// What [`scan_files`] made of each file (relative path first), and the
/// problems met while listing.
pub type Scanned<U> = (Vec<(String, U)>, Vec<Diagnostic>);

/// Lists the files of a folder as [`list`] does and hands each
/// one's bytes, or why they could not be read, to `visit`, reading into one
/// reused buffer per thread: a directory can be hashed without being held
/// in memory. Returns each file's relative path with what `visit` made of
/// it, in order, and the problems met while listing.
///
/// # Errors
/// Only when the folder itself cannot be read.
pub fn scan_files<U, F>(root: &Path, limits: Limits, visit: F) -> anyhow::Result<Scanned<U>>
where
    U: Send,
    F: Fn(Result<&[u8], &Diagnostic>) -> U + Sync,
{
    let (found, diagnostics) = walk(root)?;
    let seen = parallel_map_with(found, 64, Vec::new, |buffer, f| {
        let outcome = read_into(&f.path, &f.rel, limits, buffer);
        let u = match &outcome {
            Ok(()) => visit(Ok(buffer)),
            Err(d) => visit(Err(d)),
        };
        (f.rel, u)
    });
    Ok((seen, diagnostics))
}

/// The text of a file's bytes, or `not-utf8` at the first bad byte.
fn utf8_text(bytes: Vec<u8>, rel: &str) -> Result<String, Box<Diagnostic>> {
    String::from_utf8(bytes).map_err(|e| {
        let offset = e.utf8_error().valid_up_to();
        let bytes = e.into_bytes();
        // Position the fault in the valid text before it.
        let prefix = String::from_utf8_lossy(&bytes[..offset]).into_owned();
        let file = SourceFile::new(rel.to_string(), prefix);
        Box::new(file.locate(
            Diagnostic::error(
                "not-utf8",
                format!(
                    "this file is not UTF-8 (invalid byte 0x{:02x} at byte offset {offset}): save it as UTF-8",
                    bytes[offset]
                ),
            ),
            offset..offset,
        ))
    })
}

/// What one file contributed.
#[derive(Default)]
struct FileContents {
    directory_tables: Vec<(DirectoryDraft, Range<usize>)>,
    services: Vec<(Service, Option<&'static str>, bool)>,
    /// `file:line` of each service without an id, by index in `services`.
    unnamed: Vec<(usize, String)>,
    /// For each of `services`, what the directory-wide checks need.
    marks: Vec<Marks>,
    places: Vec<(Place, Range<usize>)>,
    categories: Vec<(Category, Range<usize>, bool)>,
    words: Vec<(Word, Range<usize>)>,
    /// `[[word]]` tables that could not be read as a word.
    bad_words: usize,
    diagnostics: Vec<Diagnostic>,
    services_declared: usize,
    unreadable_entries: Vec<LeftOut>,
}

/// What the directory-wide checks need of a service, worked out on the
/// thread that read it, while it is at hand: the serial checks after
/// loading then touch only the few services that need a closer look.
#[derive(Debug, Clone, Copy)]
struct Marks {
    /// XXH3 of the id; none for an empty id, which is never compared.
    id_hash: Option<u64>,
    /// A category the built-in taxonomy does not hold, which only the
    /// directory's own `[[category]]` tables can make known.
    not_built_in: bool,
}

impl FileContents {
    fn mark_services(&mut self, built_in: &Taxonomy) {
        self.marks = self
            .services
            .iter()
            .map(|(service, _, _)| Marks {
                id_hash: (!service.id.is_empty())
                    .then(|| xxhash_rust::xxh3::xxh3_64(service.id.as_bytes())),
                not_built_in: !service.categories.iter().all(|c| built_in.contains(c)),
            })
            .collect();
    }

    /// Whether the file holds nothing but services (and faults), so that
    /// nothing checked after loading points into its text but them.
    fn only_services(&self) -> bool {
        self.directory_tables.is_empty()
            && self.places.is_empty()
            && self.categories.is_empty()
            && self.words.is_empty()
    }
}

/// A `[directory]` table as read, before the whole directory is known.
struct DirectoryDraft {
    info: Option<DirectoryInfo>,
    default_place_span: Option<Range<usize>>,
}

fn assemble<H, F>(
    listing: Listing,
    limits: Limits,
    keep: Keep,
    hash: F,
) -> (Loaded, Vec<(String, H)>)
where
    H: Send,
    F: Fn(Result<&[u8], &Diagnostic>) -> H + Sync,
{
    let Listing {
        files: listed,
        mut diagnostics,
    } = listing;
    // Each file is read, decoded, parsed and read on its own: the costly
    // part, shared among the cores. Everything that needs the whole
    // directory (ids, places, categories) is checked after, in file order.
    let indexed: Vec<(usize, Listed)> = listed.into_iter().enumerate().collect();
    let built_in = Taxonomy::built_in();
    let read = parallel_map(indexed, 2, |(index, listed)| {
        let Listed { rel, input } = listed;
        let bytes = match input {
            Input::Read(path) => read_bytes(&path, &rel, limits),
            Input::Given(bytes) => bytes,
        };
        let hashed = hash(bytes.as_deref().map_err(|d| &**d));
        let (file, contents, fault) = match bytes.and_then(|bytes| utf8_text(bytes, &rel)) {
            Ok(text) => {
                let mut file = SourceFile::new(rel, text);
                // Parse the text as it is unless control characters had to
                // be masked: no copy of a clean file.
                let masked = match file.parsable_text() {
                    std::borrow::Cow::Owned(masked) => Some(masked),
                    std::borrow::Cow::Borrowed(_) => None,
                };
                let parsable = masked.as_deref().unwrap_or(&file.text);
                let mut contents = read_file(index as u32, &file, parsable, limits, keep);
                drop(masked);
                contents.mark_services(&built_in);
                if keep == Keep::Desk && contents.only_services() {
                    file.let_go();
                }
                (file, contents, None)
            }
            Err(d) => (
                SourceFile::new(rel, String::new()),
                FileContents::default(),
                Some(d),
            ),
        };
        (file, contents, fault, hashed)
    });
    crate::timing::phase("read and parse files");
    let mut files = Vec::with_capacity(read.len());
    let mut contents = Vec::with_capacity(read.len());
    let mut hashes = Vec::with_capacity(read.len());
    for (file, c, fault, hashed) in read {
        if let Some(d) = fault {
            diagnostics.push(*d);
        }
        hashes.push((file.rel.clone(), hashed));
        files.push(file);
        contents.push(c);
    }

    let mut loaded = Loaded {
        files,
        info: None,
        services: Vec::new(),
        faults: Vec::new(),
        places: Vec::new(),
        taxonomy: built_in,
        diagnostics,
        services_declared: 0,
        unreadable_entries: Vec::new(),
        trimmed: 0,
        unnamed: Vec::new(),
        words: Vec::new(),
        dropped_words: 0,
    };

    let mut directory_tables = Vec::new();
    let mut words = Vec::new();
    let mut place_spans = Vec::new();
    let mut categories = Vec::new();
    // Sized once: a growing vector of 100,000 services would hold its old
    // and new buffers at once.
    let count: usize = contents.iter().map(|c| c.services.len()).sum();
    loaded.services.reserve_exact(count);
    loaded.faults.reserve_exact(count);
    let mut trimmed_flags = Vec::with_capacity(count);
    let mut marks = Vec::with_capacity(count);
    for (file_index, c) in contents.into_iter().enumerate() {
        loaded.diagnostics.extend(c.diagnostics);
        loaded.services_declared += c.services_declared;
        loaded.unreadable_entries.extend(c.unreadable_entries);
        for (draft, span) in c.directory_tables {
            directory_tables.push((file_index, draft, span));
        }
        for (place, span) in c.places {
            loaded.places.push(place);
            place_spans.push((file_index, span));
        }
        for (category, span, is_new) in c.categories {
            categories.push((file_index, category, span, is_new));
        }
        for (word, span) in c.words {
            words.push((file_index, word, span));
        }
        loaded.dropped_words += c.bad_words;
        for (local, label) in c.unnamed {
            loaded.unnamed.push((loaded.services.len() + local, label));
        }
        for (service, fault, trimmed) in c.services {
            loaded.services.push(service);
            loaded.faults.push(fault);
            trimmed_flags.push(trimmed);
        }
        marks.extend(c.marks);
    }

    crate::timing::phase("merge files");
    check_directory_tables(&mut loaded, directory_tables);
    check_places(&mut loaded, &place_spans);
    extend_taxonomy(&mut loaded, categories);
    let (kept, dropped) = crate::directory::words::add_words(
        &mut loaded.taxonomy,
        &loaded.files,
        &mut loaded.diagnostics,
        words,
    );
    loaded.words = kept;
    loaded.dropped_words += dropped;
    check_service_categories(&mut loaded, &mut trimmed_flags, &marks);
    check_duplicate_ids(&mut loaded, &marks);

    loaded.trimmed = loaded
        .faults
        .iter()
        .zip(&trimmed_flags)
        .filter(|(fault, trimmed)| fault.is_none() && **trimmed)
        .count();
    crate::timing::phase("directory-wide checks");
    diagnostic::sort(&mut loaded.diagnostics);
    crate::timing::phase("sort load diagnostics");
    (loaded, hashes)
}

/// The deepest nesting of arrays and inline tables, counted without
/// parsing, so that a hostile file cannot overflow the parser's stack.
/// Returns the depth and the byte offset where it is reached. Every byte
/// that matters here is ASCII, and no byte of a multi-byte character is, so
/// the text is scanned a byte at a time.
fn nesting_depth(text: &str) -> (usize, usize) {
    let bytes = text.as_bytes();
    let special = |b: &u8| matches!(b, b'#' | b'"' | b'\'' | b'[' | b']' | b'{' | b'}');
    // Whether only blanks stand between the start of the line and `at`.
    let starts_line = |at: usize| {
        bytes[..at]
            .iter()
            .rev()
            .find(|b| !matches!(b, b' ' | b'\t' | b'\r'))
            .is_none_or(|&b| b == b'\n')
    };
    let mut depth = 0usize;
    let mut max = (0usize, 0usize);
    let mut i = 0;
    while let Some(n) = bytes[i..].iter().position(special) {
        let at = i + n;
        i = at + 1;
        match bytes[at] {
            // A comment, to the end of its line.
            b'#' => i = memchr::memchr(b'\n', &bytes[i..]).map_or(bytes.len(), |n| i + n + 1),
            // A string; triple quotes are taken loosely, which is enough to
            // count brackets. In a basic string a backslash escapes the
            // next byte.
            b'"' => loop {
                match memchr::memchr2(b'"', b'\\', &bytes[i..]) {
                    None => {
                        i = bytes.len();
                        break;
                    }
                    Some(n) if bytes[i + n] == b'\\' => i = (i + n + 2).min(bytes.len()),
                    Some(n) => {
                        i += n + 1;
                        break;
                    }
                }
            },
            b'\'' => i = memchr::memchr(b'\'', &bytes[i..]).map_or(bytes.len(), |n| i + n + 1),
            // A table header (`[x]`, `[[x]]`) at the start of a line is not
            // nesting.
            b'[' if starts_line(at) => {}
            b'[' | b'{' => {
                depth += 1;
                if depth > max.0 {
                    max = (depth, at);
                }
            }
            _ => depth = depth.saturating_sub(1),
        }
    }
    max
}

fn read_file(
    file_index: u32,
    file: &SourceFile,
    parsable: &str,
    limits: Limits,
    keep: Keep,
) -> FileContents {
    let mut out = FileContents::default();
    for &offset in &file.masked_controls {
        let c = file.text[offset..].chars().next().unwrap_or('?');
        out.diagnostics.push(file.locate(
            Diagnostic::error(
                "control-character",
                format!(
                    "the control character {} is written here: remove it; text may hold only line breaks and tabs besides printable characters",
                    crate::sanitize::visible(&c.to_string())
                ),
            ),
            offset..offset + c.len_utf8(),
        ));
    }
    let (depth, at) = nesting_depth(parsable);
    if depth > limits.max_depth {
        out.diagnostics.push(file.locate(
            Diagnostic::error(
                "toml-syntax",
                format!(
                    "values are nested more than {} levels deep here: this is not a directory file",
                    limits.max_depth
                ),
            ),
            at..at + 1,
        ));
        return out;
    }
    let (document, errors) = DeTable::parse_recoverable(parsable);
    if !errors.is_empty() {
        for error in errors {
            let span = error.span().unwrap_or(0..0);
            let message = error.message().trim().replace('\n', " ");
            out.diagnostics.push(file.locate(
                Diagnostic::error(
                    "toml-syntax",
                    format!("{message}; this file's entries were not loaded"),
                ),
                span,
            ));
        }
        return out;
    }
    let document = document.into_inner();
    for (key, value) in document.iter() {
        let name = key.get_ref().as_ref();
        match name {
            "directory" => match value.get_ref() {
                DeValue::Table(table) => {
                    let draft = read_directory(file, table, &mut out.diagnostics);
                    out.directory_tables.push((draft, key.span()));
                }
                other => out.diagnostics.push(file.locate(
                    Diagnostic::error(
                        "wrong-type",
                        format!(
                            "`directory` must be a table (`[directory]`), not {}",
                            other.type_str()
                        ),
                    ),
                    value.span(),
                )),
            },
            "service" | "place" | "category" | "word" => {
                let DeValue::Array(items) = value.get_ref() else {
                    out.diagnostics.push(file.locate(
                        Diagnostic::error(
                            "wrong-type",
                            format!("write each {name} as `[[{name}]]` (an array of tables)"),
                        ),
                        key.span(),
                    ));
                    continue;
                };
                for item in items.iter() {
                    let DeValue::Table(table) = item.get_ref() else {
                        out.diagnostics.push(file.locate(
                            Diagnostic::error(
                                "wrong-type",
                                format!(
                                    "each {name} must be a table, not {}",
                                    item.get_ref().type_str()
                                ),
                            ),
                            item.span(),
                        ));
                        if name == "service" {
                            out.services_declared += 1;
                            out.unreadable_entries.push(LeftOut {
                                entry: file.label(item.span().start),
                                reason: "not a table",
                            });
                        }
                        continue;
                    };
                    match name {
                        "service" => {
                            out.services_declared += 1;
                            let (service, fault, trimmed, diagnostics) =
                                read_service(file_index, file, table, keep);
                            out.diagnostics.extend(diagnostics);
                            if service.id.is_empty() {
                                let label = file.label(service.origin.table as usize);
                                out.unnamed.push((out.services.len(), label));
                            }
                            out.services.push((service, fault, trimmed));
                        }
                        "word" => {
                            let mut r = TableReader::new(file, table, "word", WORD_KEYS);
                            match read_word(&mut r) {
                                Some(word) => out.words.push((word, r.table_span())),
                                None => out.bad_words += 1,
                            }
                            r.check_unknown_keys();
                            out.diagnostics.append(&mut r.diagnostics);
                        }
                        "place" => {
                            let mut r = TableReader::new(file, table, "place", PLACE_KEYS);
                            if let Some(place) = read_place(&mut r) {
                                out.places.push((place, r.table_span()));
                            }
                            r.check_unknown_keys();
                            out.diagnostics.append(&mut r.diagnostics);
                        }
                        _ => {
                            let mut r = TableReader::new(file, table, "category", CATEGORY_KEYS);
                            let id = r.required_string("id", "give the category a kebab-case id");
                            let category_name = r.string("name");
                            let parent = r.string("parent");
                            let synonyms =
                                r.strings("synonyms").into_iter().map(|(s, _)| s).collect();
                            let substances = read_substances(&mut r);
                            r.check_unknown_keys();
                            if let Some(id) = id {
                                let span = r.value_span("id").unwrap_or(0..0);
                                let is_new = category_name.is_some();
                                out.categories.push((
                                    Category {
                                        id,
                                        name: category_name.unwrap_or_default(),
                                        parent,
                                        synonyms,
                                        substances,
                                    },
                                    span,
                                    is_new,
                                ));
                            }
                            out.diagnostics.append(&mut r.diagnostics);
                        }
                    }
                }
            }
            other if other.starts_with("x-") => {}
            other => {
                let hint = closest(other, TOP_KEYS)
                    .map(|k| format!("did you mean `{k}`?"))
                    .unwrap_or_else(|| "a file holds only [directory], [[service]], [[place]], [[category]] and [[word]] tables".into());
                out.diagnostics.push(file.locate(
                    Diagnostic::error(
                        "unknown-key",
                        format!("unknown key `{}`: {hint}", crate::sanitize::visible(other)),
                    ),
                    key.span(),
                ));
            }
        }
    }
    out
}

fn read_directory(
    file: &SourceFile,
    table: &DeTable<'_>,
    diagnostics: &mut Vec<Diagnostic>,
) -> DirectoryDraft {
    let mut r = TableReader::new(file, table, "directory", DIRECTORY_KEYS);
    let name = r.required_string(
        "name",
        "name the directory, e.g. name = \"County deflection directory\"",
    );
    let mut usable = true;

    let timezone = match r.string("timezone") {
        Some(tz) => match tz.parse::<Tz>() {
            Ok(tz) => Some(tz),
            Err(_) => {
                let span = r.value_span("timezone").unwrap_or(0..0);
                r.report(
                    Diagnostic::error(
                        "invalid-timezone",
                        format!(
                            "\"{}\" is not an IANA time zone: write one such as \"America/Chicago\" or \"Europe/Rome\"",
                            crate::sanitize::visible(&tz)
                        ),
                    ),
                    span,
                );
                None
            }
        },
        None => {
            if !r.has("timezone") {
                r.missing(
                    "timezone",
                    "all opening hours are read in it; write e.g. timezone = \"America/Chicago\"",
                );
            }
            None
        }
    };
    if timezone.is_none() {
        usable = false;
    }

    let country = r.string("country").and_then(|c| {
        if HolidayCalendar::is_country_code(&c) {
            Some(c)
        } else {
            let span = r.value_span("country").unwrap_or(0..0);
            r.drop_value(
                "invalid-country",
                format!(
                    "\"{}\" is not an ISO 3166-1 alpha-2 country code: write two capital letters such as \"US\" or \"IT\"",
                    crate::sanitize::visible(&c)
                ),
                span,
            );
            None
        }
    });
    let holidays = r.local_dates("holidays");
    let units = match r.string("units").as_deref() {
        None => Units::Km,
        Some("km") => Units::Km,
        Some("mi") => Units::Mi,
        Some(other) => {
            let span = r.value_span("units").unwrap_or(0..0);
            r.drop_value(
                "wrong-type",
                format!(
                    "`units` must be \"km\" or \"mi\", not \"{}\"",
                    crate::sanitize::visible(other)
                ),
                span,
            );
            Units::Km
        }
    };
    let default_clock = if country.as_deref() == Some("US") {
        Clock::H12
    } else {
        Clock::H24
    };
    let clock = match r.string("clock").as_deref() {
        None => default_clock,
        Some("12h") => Clock::H12,
        Some("24h") => Clock::H24,
        Some(other) => {
            let span = r.value_span("clock").unwrap_or(0..0);
            r.drop_value(
                "wrong-type",
                format!(
                    "`clock` must be \"12h\" or \"24h\", not \"{}\"",
                    crate::sanitize::visible(other)
                ),
                span,
            );
            default_clock
        }
    };
    let default_place = r.string("default_place");
    let default_place_span = r.value_span("default_place");
    let mut crisis_lines = Vec::new();
    for mut line in r.tables("crisis_lines", CRISIS_KEYS) {
        let name = line.required_string("name", "name who answers the line");
        let phone = line.required_string("phone", "give the number to call");
        if let Some(phone) = &phone {
            check_phone(&mut line, phone);
        }
        line.check_unknown_keys();
        if let (Some(name), Some(phone)) = (name, phone) {
            crisis_lines.push(CrisisLine { name, phone });
        }
        r.absorb(line);
    }
    let demo = r.boolean("demo").unwrap_or(false);
    if let Some(format) = r.integer("format") {
        if format > FORMAT_VERSION {
            let span = r.value_span("format").unwrap_or(0..0);
            r.report(
                Diagnostic::error(
                    "unsupported-format",
                    format!(
                        "this directory is written in format {format}, and this deflect reads format {FORMAT_VERSION} at most: upgrade deflect"
                    ),
                ),
                span,
            );
            usable = false;
        } else if format < 1 {
            let span = r.value_span("format").unwrap_or(0..0);
            r.drop_value(
                "unsupported-format",
                format!("`format` {format} does not exist: write format = 1"),
                span,
            );
        }
    }
    r.check_unknown_keys();
    diagnostics.append(&mut r.diagnostics);

    let info = match (usable, timezone) {
        (true, Some(timezone)) => Some(DirectoryInfo {
            name: name.unwrap_or_else(|| "Unnamed directory".into()),
            timezone,
            country,
            holidays,
            units,
            clock,
            default_place,
            crisis_lines,
            demo,
        }),
        _ => None,
    };
    DirectoryDraft {
        info,
        default_place_span,
    }
}

fn check_phone(r: &mut TableReader<'_, '_>, phone: &str) -> bool {
    if Phone::parse(phone).is_some() {
        return true;
    }
    let span = r.value_span("phone").unwrap_or(0..0);
    r.fatal(
        "invalid-phone",
        format!(
            "\"{}\" is not a phone number: use digits with spaces, +, -, (, ) or . and at least 3 digits, and write an extension as `ext 1234`, `x1234` or `;ext=1234`",
            crate::sanitize::visible(phone)
        ),
        span,
        "an invalid phone",
    );
    false
}

/// Whether an id follows FORMAT.md: `^[a-z0-9][a-z0-9-]{0,63}$`.
pub fn is_valid_id(id: &str) -> bool {
    let mut chars = id.chars();
    matches!(chars.next(), Some(c) if c.is_ascii_lowercase() || c.is_ascii_digit())
        && id.len() <= 64
        && chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}

fn read_coordinates(r: &mut TableReader<'_, '_>, required: bool) -> Option<(f64, f64)> {
    let lat = r.float("lat");
    let lon = r.float("lon");
    match (r.has("lat"), r.has("lon")) {
        (false, false) => {
            if required {
                r.missing("lat", "give lat and lon in WGS 84 degrees");
            }
            None
        }
        (true, false) | (false, true) => {
            let (given, absent) = if r.has("lat") {
                ("lat", "lon")
            } else {
                ("lon", "lat")
            };
            let span = r.key_span(given).unwrap_or(0..0);
            r.fatal(
                "invalid-coordinates",
                format!("`{given}` is given without `{absent}`: give both, or neither for a service reached by phone"),
                span,
                "half-given coordinates",
            );
            None
        }
        (true, true) => {
            let (lat, lon) = (lat?, lon?);
            if !(-90.0..=90.0).contains(&lat) {
                let span = r.value_span("lat").unwrap_or(0..0);
                r.fatal(
                    "invalid-coordinates",
                    format!("latitude {lat} is out of range: it must be between -90 and 90"),
                    span,
                    "invalid coordinates",
                );
                return None;
            }
            if !(-180.0..=180.0).contains(&lon) {
                let span = r.value_span("lon").unwrap_or(0..0);
                r.fatal(
                    "invalid-coordinates",
                    format!("longitude {lon} is out of range: it must be between -180 and 180"),
                    span,
                    "invalid coordinates",
                );
                return None;
            }
            Some((lat, lon))
        }
    }
}

fn read_place(r: &mut TableReader<'_, '_>) -> Option<Place> {
    let name = r.required_string("name", "name the place as officers type it");
    // An alias with a control character is dropped (and reported); the
    // place keeps its other names.
    let aliases = r
        .strings("aliases")
        .into_iter()
        .map(|(s, _)| s)
        .filter(|a| crate::sanitize::find_forbidden(a).is_none())
        .collect();
    let kind = r.string("kind");
    let location = read_coordinates(r, true);
    let usable_name = name.filter(|n| crate::sanitize::find_forbidden(n).is_none());
    let (name, (lat, lon)) = (usable_name?, location?);
    Some(Place {
        name,
        aliases,
        kind,
        lat,
        lon,
    })
}

type ServiceRead = (Service, Option<&'static str>, bool, Vec<Diagnostic>);

/// The keys whose place [`Origin`] keeps, for the rules of `validate`.
const FIELD_KEYS: &[(Field, &str)] = &[
    (Field::Id, "id"),
    (Field::Name, "name"),
    (Field::Categories, "categories"),
    (Field::Phone, "phone"),
    (Field::Address, "address"),
    (Field::Hours, "hours"),
    (Field::Timezone, "timezone"),
    (Field::Verified, "verified"),
    (Field::Alert, "alert"),
    (Field::AlertUntil, "alert_until"),
    (Field::Capacity, "capacity"),
    (Field::Website, "website"),
    (Field::Email, "email"),
    (Field::Lat, "lat"),
    (Field::Lon, "lon"),
];

fn read_service(
    file_index: u32,
    file: &SourceFile,
    table: &DeTable<'_>,
    keep: Keep,
) -> ServiceRead {
    let mut r = TableReader::new(file, table, "service", SERVICE_KEYS);
    let mut origin = Origin {
        file: file_index,
        table: r.table_span().start as u32,
        keys: Vec::new(),
    };

    let id = r.string("id");
    let id = match id {
        Some(id) if is_valid_id(&id) => {
            r.service = Some(id.clone());
            Some(id)
        }
        Some(id) => {
            let span = r.value_span("id").unwrap_or(0..0);
            r.fatal(
                "invalid-id",
                format!(
                    "\"{}\" is not a valid id: use lower-case letters, digits and hyphens, starting with a letter or digit, at most 64 characters",
                    crate::sanitize::visible(&id)
                ),
                span,
                "an invalid id",
            );
            None
        }
        None => {
            if !r.has("id") {
                r.missing("id", "give it a stable id such as \"riverside-detox\"");
            }
            r.unsafe_reason.get_or_insert("no valid id");
            None
        }
    };
    let name = r.required_string("name", "name the service as a person would ask for it");
    if name.is_none() {
        r.unsafe_reason.get_or_insert("no name");
    }
    let organization = r.string("organization");

    let categories: Vec<String> = r
        .strings("categories")
        .into_iter()
        .map(|(s, _)| s)
        .collect();
    if !r.has("categories") {
        r.missing(
            "categories",
            "list at least one category id, e.g. categories = [\"withdrawal-management\"]",
        );
    } else if categories.is_empty() {
        let span = r.value_span("categories").unwrap_or(0..0);
        if r.unsafe_reason.is_none() {
            r.report(
                Diagnostic::error(
                    "missing-key",
                    "`categories` is empty: list at least one category id",
                ),
                span,
            );
        }
    }
    if categories.is_empty() {
        r.unsafe_reason.get_or_insert("no category");
    }

    let description = r.string("description");
    let phone = r.required_string("phone", "give the number a person or officer should call");
    let phone = match phone {
        Some(p) if check_phone(&mut r, &p) => p,
        Some(p) => p,
        None => {
            r.unsafe_reason.get_or_insert("no phone");
            String::new()
        }
    };
    let address = r.string("address");
    let location = read_coordinates(&mut r, false);
    let hours = r.string("hours");
    let timezone = r.string("timezone").and_then(|tz| match tz.parse::<Tz>() {
        Ok(tz) => Some(tz),
        Err(_) => {
            let span = r.value_span("timezone").unwrap_or(0..0);
            r.drop_value(
                "invalid-timezone",
                format!(
                    "\"{}\" is not an IANA time zone: write one such as \"America/Denver\"; the directory's zone is used meanwhile",
                    crate::sanitize::visible(&tz)
                ),
                span,
            );
            None
        }
    });

    let mut languages = Vec::new();
    for (code, span) in r.strings("languages") {
        if is_language_code(&code) {
            languages.push(code);
        } else {
            let hint = match crate::directory::lang::code_for(&code) {
                Some(known) => format!("did you mean \"{known}\"?"),
                None => "write two lower-case letters such as \"en\" or \"es\"".into(),
            };
            r.report(
                Diagnostic::warning(
                    "unknown-language",
                    format!(
                        "\"{}\" is not an ISO 639-1 language code and is ignored: {hint}",
                        crate::sanitize::visible(&code)
                    ),
                ),
                span,
            );
        }
    }
    let mut age_min = r.integer("age_min");
    let mut age_max = r.integer("age_max");
    for (key, value) in [("age_min", &mut age_min), ("age_max", &mut age_max)] {
        if let Some(age) = *value {
            if !(0..=130).contains(&age) {
                let span = r.value_span(key).unwrap_or(0..0);
                r.drop_value(
                    "invalid-age-range",
                    format!("`{key}` {age} is not an age"),
                    span,
                );
                *value = None;
            }
        }
    }
    if let (Some(min), Some(max)) = (age_min, age_max) {
        if min > max {
            let span = r.value_span("age_max").unwrap_or(0..0);
            r.drop_value(
                "invalid-age-range",
                format!(
                    "age_max {max} is below age_min {min}: swap them; both are ignored meanwhile"
                ),
                span,
            );
            age_min = None;
            age_max = None;
        }
    }
    let genders = r.strings("genders").into_iter().map(|(s, _)| s).collect();
    let mut payment = Vec::new();
    for (value, span) in r.strings("payment") {
        if PAYMENTS.contains(&value.as_str()) {
            payment.push(value);
        } else {
            let hint = closest(&value, PAYMENTS)
                .map(|k| format!("did you mean \"{k}\"?"))
                .unwrap_or_else(|| format!("use one of: {}", PAYMENTS.join(", ")));
            r.report(
                Diagnostic::warning(
                    "unknown-payment",
                    format!(
                        "unknown payment \"{}\" is ignored: {hint}",
                        crate::sanitize::visible(&value)
                    ),
                ),
                span,
            );
        }
    }
    let mut attributes = Vec::new();
    for (value, span) in r.strings("attributes") {
        if ATTRIBUTES.contains(&value.as_str()) {
            attributes.push(value);
        } else {
            let hint = closest(&value, ATTRIBUTES)
                .map(|k| format!("did you mean \"{k}\"?"))
                .unwrap_or_else(|| "see docs/FORMAT.md for the list".into());
            r.report(
                Diagnostic::warning(
                    "unknown-attribute",
                    format!(
                        "unknown attribute \"{}\" is ignored: {hint}",
                        crate::sanitize::visible(&value)
                    ),
                ),
                span,
            );
        }
    }
    let substances = read_substances(&mut r);
    let capacity = match r.table("capacity", CAPACITY_KEYS) {
        Some(mut c) => {
            let available = c.integer("available");
            if !c.has("available") {
                c.missing("available", "give the number of free beds or slots");
            }
            let total = c.integer("total");
            let updated = c.offset_datetime("updated");
            c.check_unknown_keys();
            r.absorb(c);
            available.map(|available| Capacity {
                available,
                total,
                updated,
            })
        }
        None => None,
    };
    let referral_notes = r.string("referral_notes");
    let alert = r.string("alert");
    let alert_until = r.local_date("alert_until");
    let website = r.string("website");
    let email = r.string("email");
    let verified = r.local_date("verified");
    let active = r.boolean("active").unwrap_or(true);
    r.check_unknown_keys();

    // Where values were written matters only to validate: the desk keeps
    // 100,000 services without them.
    let fields: &[(Field, &str)] = if keep == Keep::Everything {
        FIELD_KEYS
    } else {
        &[]
    };
    for &(field, key) in fields {
        if let Some(span) = r.value_span(key) {
            origin
                .keys
                .push((field, span.start as u32, span.end as u32));
        }
    }

    let service = Service {
        id: id.unwrap_or_default(),
        name: name.unwrap_or_default(),
        organization,
        categories,
        description,
        phone,
        address,
        location,
        hours,
        timezone,
        languages,
        age_min,
        age_max,
        genders,
        payment,
        attributes,
        substances,
        capacity,
        referral_notes,
        alert,
        alert_until,
        website,
        email,
        verified,
        active,
        origin,
    };
    (service, r.unsafe_reason, r.trimmed, r.diagnostics)
}

fn check_directory_tables(loaded: &mut Loaded, tables: Vec<(usize, DirectoryDraft, Range<usize>)>) {
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
                        crate::sanitize::visible(place)
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

fn check_places(loaded: &mut Loaded, spans: &[(usize, Range<usize>)]) {
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
                    crate::sanitize::visible(&place.name),
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

fn extend_taxonomy(loaded: &mut Loaded, categories: Vec<(usize, Category, Range<usize>, bool)>) {
    let built_in = Taxonomy::built_in();
    for (file_index, category, span, is_new) in &categories {
        if !is_valid_id(&category.id) {
            let d = Diagnostic::error(
                "invalid-id",
                format!(
                    "\"{}\" is not a valid category id: use kebab-case",
                    crate::sanitize::visible(&category.id)
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
                        crate::sanitize::visible(parent),
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

fn check_service_categories(loaded: &mut Loaded, trimmed: &mut [bool], marks: &[Marks]) {
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
                format!(
                    "unknown category \"{}\": {hint}",
                    crate::sanitize::visible(category)
                ),
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
    let named = crate::needs::categories_named(category, taxonomy);
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

fn check_duplicate_ids(loaded: &mut Loaded, marks: &[Marks]) {
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

impl Loaded {
    /// The entries left out of desk answers, with the reason.
    pub fn fault_report(&self) -> FaultReport {
        let mut left_out = self.unreadable_entries.clone();
        for (i, (service, fault)) in self.services.iter().zip(&self.faults).enumerate() {
            if let Some(reason) = fault {
                let entry = if service.id.is_empty() {
                    match self.unnamed.binary_search_by_key(&i, |(index, _)| *index) {
                        Ok(at) => self.unnamed[at].1.clone(),
                        Err(_) => self.files[service.origin.file as usize].rel.clone(),
                    }
                } else {
                    service.id.clone()
                };
                left_out.push(LeftOut { entry, reason });
            }
        }
        let broken_files = self
            .diagnostics
            .iter()
            .filter(|d| {
                matches!(
                    d.code,
                    "toml-syntax" | "not-utf8" | "unreadable-file" | "file-too-large"
                )
            })
            .filter_map(|d| d.file.as_ref())
            .collect::<std::collections::BTreeSet<_>>()
            .len();
        FaultReport {
            left_out,
            trimmed: self.trimmed,
            broken_files,
            dropped_words: self.dropped_words,
        }
    }

    /// The usable directory, for the desk commands.
    ///
    /// # Errors
    /// When no usable `[directory]` table was read.
    pub fn into_directory(self) -> Result<(Directory, FaultReport), Vec<Diagnostic>> {
        let report = self.fault_report();
        let Some(info) = self.info else {
            let blocking: Vec<Diagnostic> = self
                .diagnostics
                .into_iter()
                .filter(|d| {
                    matches!(
                        d.code,
                        "missing-directory-table"
                            | "invalid-timezone"
                            | "missing-key"
                            | "unsupported-format"
                            | "toml-syntax"
                            | "not-utf8"
                            | "unreadable-file"
                            | "file-too-large"
                    ) && (d.service.is_none())
                })
                .collect();
            return Err(blocking);
        };
        // The text of the files is no longer needed: free it before the
        // services are sorted out, and sort them out in place, so that a
        // national directory is never in memory twice.
        drop(self.files);
        drop(self.diagnostics);
        let mut services = self.services;
        let mut faults = self.faults.into_iter();
        services.retain(|_| faults.next().is_some_and(|fault| fault.is_none()));
        Ok((
            Directory {
                info,
                services,
                places: self.places,
                taxonomy: self.taxonomy,
                words: self.words,
            },
            report,
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The plain, character-at-a-time reading of nesting that
    /// `nesting_depth` must agree with.
    fn nesting_reference(text: &str) -> (usize, usize) {
        let mut depth = 0usize;
        let mut max = (0usize, 0usize);
        let mut chars = text.char_indices();
        let mut at_line_start = true;
        while let Some((i, c)) = chars.next() {
            match c {
                '#' => {
                    for (_, c) in chars.by_ref() {
                        if c == '\n' {
                            break;
                        }
                    }
                    at_line_start = true;
                    continue;
                }
                '"' | '\'' => {
                    let mut escaped = false;
                    for (_, d) in chars.by_ref() {
                        if c == '"' && d == '\\' && !escaped {
                            escaped = true;
                            continue;
                        }
                        if d == c && !escaped {
                            break;
                        }
                        escaped = false;
                    }
                }
                '[' | '{' if !(c == '[' && at_line_start) => {
                    depth += 1;
                    if depth > max.0 {
                        max = (depth, i);
                    }
                }
                '[' => {}
                ']' | '}' => depth = depth.saturating_sub(1),
                '\n' => {
                    at_line_start = true;
                    continue;
                }
                ' ' | '\t' | '\r' => continue,
                _ => {}
            }
            at_line_start = false;
        }
        max
    }

    proptest::proptest! {
        #[test]
        fn nesting_depth_agrees_with_the_plain_reading(text in "[\\[\\]{}\"'#\\\\ \t\r\nab=é]{0,80}") {
            proptest::prop_assert_eq!(nesting_depth(&text), nesting_reference(&text));
        }
    }

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

    #[test]
    fn nesting_is_counted_outside_strings_comments_and_headers() {
        assert_eq!(nesting_depth("[[service]]\na = [[1], [2]]\n"), (2, 17));
        assert_eq!(nesting_depth("a = { b = [1] }\n"), (2, 10));
        // Brackets in strings and comments are text; a header is not nesting.
        assert_eq!(nesting_depth("a = \"[[[\" # {{{\n[x]\nb = '[['\n"), (0, 0));
        assert_eq!(nesting_depth("a = \"\\\"[\"\nb = [1]\n"), (1, 14));
        // Offsets are in bytes, past characters of several bytes.
        assert_eq!(nesting_depth("é = \"é\"\nx = [1]\n"), (1, 14));
        let deep = format!("a = {}{}\n", "[".repeat(100_000), "]".repeat(100_000));
        assert_eq!(nesting_depth(&deep).0, 100_000);
    }
}
