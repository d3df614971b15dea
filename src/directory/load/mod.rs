//! Loading a directory: every file, every entry on its own, every problem
//! kept as a diagnostic with its file, line and column.
//!
//! The result keeps all entries (for `validate`) and marks which ones can
//! make a safe referral (for `find` and the other desk commands), following
//! docs/CLI.md, "A directory with faults".
//!
//! The way through, each step in a file of its own:
//! `files` lists the files and reads their bytes under the `limits`;
//! each file, on whichever core is free, passes the `guards` (UTF-8,
//! control characters, nesting) and has its `tables` read (the
//! `[[service]]` table in `service`, values several tables share in
//! `fields`); then the `checks` that need the whole directory run in
//! file order. What comes out is [`Loaded`] (`loaded`), which the desk
//! commands turn into a usable directory and a [`FaultReport`]
//! (`report`).

mod checks;
mod fields;
mod files;
mod guards;
mod limits;
mod loaded;
mod report;
mod service;
mod tables;

use std::ops::Range;

use crate::diagnostic::{self, Diagnostic};
use crate::directory::model::{Service, Word};
use crate::directory::source::SourceFile;
use crate::taxonomy::{Category, Taxonomy};

use checks::{
    check_directory_tables, check_duplicate_ids, check_places, check_service_categories,
    extend_taxonomy, Marks,
};
use files::{read_bytes, Input, Listed};
use guards::utf8_text;
use tables::{read_file, DirectoryDraft, FileContents};

pub use fields::is_valid_id;
pub use files::{list, scan_files, DirSource, Listing, Scanned};
pub use limits::{Keep, Limits};
pub use loaded::Loaded;
pub use report::{FaultReport, LeftOut};

// The cores are shared by `crate::parallel`; these names stay here too so
// that code written against the loader's old home keeps building.
pub(crate) use crate::parallel::{parallel_map, parallel_map_with};

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

impl Listing {
    /// Reads, decodes, parses and checks every file (in parallel where
    /// there is enough to share), then checks the directory as a whole.
    pub fn load(self, limits: Limits, keep: Keep) -> Loaded {
        assemble(self, limits, keep, |_| (), |_| ()).0
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
        let (loaded, hashes, _) = assemble(self, limits, keep, hash, |_| ());
        (loaded, hashes)
    }

    /// [`Listing::load`], handing each service to `visit` on the thread
    /// that read it, right after its file's entries are read, while what it
    /// holds is still in the core's cache, and returning what `visit` made
    /// of each, in the order of [`Loaded::services`]. `validate` works out
    /// what its rules compare services by here: afterwards, the services
    /// are scattered over the heap and every one a fetch from memory.
    pub fn load_visiting<V, F>(self, limits: Limits, keep: Keep, visit: F) -> (Loaded, Vec<V>)
    where
        V: Send,
        F: Fn(&Service) -> V + Sync,
    {
        let (loaded, _, visited) = assemble(self, limits, keep, |_| (), visit);
        (loaded, visited)
    }
}

/// One file as its thread left it.
struct FileRead<H, V> {
    file: SourceFile,
    contents: FileContents,
    /// For each of `contents.services`, what the directory-wide checks
    /// need.
    marks: Vec<Marks>,
    /// For each of `contents.services`, what the caller's visit made of it.
    visited: Vec<V>,
    /// Why the file could not be read, if it could not.
    fault: Option<Box<Diagnostic>>,
    /// What the caller's hash made of its bytes.
    hashed: H,
}

/// What the files hold that the directory-wide checks judge together,
/// each with the index of its file.
#[derive(Default)]
struct Gathered {
    directory_tables: Vec<(usize, DirectoryDraft, Range<usize>)>,
    place_spans: Vec<(usize, Range<usize>)>,
    categories: Vec<(usize, Category, Range<usize>, bool)>,
    words: Vec<(usize, Word, Range<usize>)>,
    /// For each service, whether it lost a faulty value.
    trimmed: Vec<bool>,
    /// For each service, what the checks need of it.
    marks: Vec<Marks>,
}

/// What [`assemble`] returns: the directory, each file's hash, and what
/// the visit made of each service.
type Assembled<H, V> = (Loaded, Vec<(String, H)>, Vec<V>);

fn assemble<H, F, V, G>(
    listing: Listing,
    limits: Limits,
    keep: Keep,
    hash: F,
    visit: G,
) -> Assembled<H, V>
where
    H: Send,
    F: Fn(Result<&[u8], &Diagnostic>) -> H + Sync,
    V: Send,
    G: Fn(&Service) -> V + Sync,
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
        read_one(
            index as u32,
            listed,
            limits,
            keep,
            &built_in,
            (&hash, &visit),
        )
    });
    crate::timing::phase("read and parse files");
    let mut files = Vec::with_capacity(read.len());
    let mut contents = Vec::with_capacity(read.len());
    let mut hashes = Vec::with_capacity(read.len());
    let mut visited = Vec::with_capacity(read.iter().map(|one| one.visited.len()).sum());
    for one in read {
        if let Some(d) = one.fault {
            diagnostics.push(*d);
        }
        hashes.push((one.file.rel.clone(), one.hashed));
        files.push(one.file);
        contents.push((one.contents, one.marks));
        visited.extend(one.visited);
    }
    let (mut loaded, gathered) = merge(files, contents, diagnostics, built_in);
    crate::timing::phase("merge files");
    check_whole(&mut loaded, gathered);
    crate::timing::phase("directory-wide checks");
    diagnostic::sort(&mut loaded.diagnostics);
    crate::timing::phase("sort load diagnostics");
    (loaded, hashes, visited)
}

/// Reads, decodes, parses and reads the tables of one file, on the thread
/// that took it, with the caller's hash of its bytes and visit of each
/// service.
fn read_one<H, V>(
    index: u32,
    listed: Listed,
    limits: Limits,
    keep: Keep,
    built_in: &Taxonomy,
    (hash, visit): (
        &impl Fn(Result<&[u8], &Diagnostic>) -> H,
        &impl Fn(&Service) -> V,
    ),
) -> FileRead<H, V> {
    let Listed { rel, input } = listed;
    let bytes = match input {
        Input::Read(path) => read_bytes(&path, &rel, limits),
        Input::Given(bytes) => bytes,
    };
    let hashed = hash(bytes.as_deref().map_err(|d| &**d));
    let text = match bytes.and_then(|bytes| utf8_text(bytes, &rel)) {
        Ok(text) => text,
        Err(d) => {
            return FileRead {
                file: SourceFile::new(rel, String::new()),
                contents: FileContents::default(),
                marks: Vec::new(),
                visited: Vec::new(),
                fault: Some(d),
                hashed,
            }
        }
    };
    let mut file = SourceFile::new(rel, text);
    // Parse the text as it is unless control characters had to be masked:
    // no copy of a clean file.
    let masked = match file.parsable_text() {
        std::borrow::Cow::Owned(masked) => Some(masked),
        std::borrow::Cow::Borrowed(_) => None,
    };
    let parsable = masked.as_deref().unwrap_or(&file.text);
    let contents = read_file(index, &file, parsable, limits, keep);
    drop(masked);
    let marks = contents
        .services
        .iter()
        .map(|(service, _, _)| Marks::of(service, built_in))
        .collect();
    let visited = contents
        .services
        .iter()
        .map(|(service, _, _)| visit(service))
        .collect();
    if keep == Keep::Desk && contents.only_services() {
        file.let_go();
    }
    FileRead {
        file,
        contents,
        marks,
        visited,
        fault: None,
        hashed,
    }
}

/// Joins what every file contributed, in file order, into one [`Loaded`],
/// setting aside what the directory-wide checks judge together.
fn merge(
    files: Vec<SourceFile>,
    contents: Vec<(FileContents, Vec<Marks>)>,
    diagnostics: Vec<Diagnostic>,
    taxonomy: Taxonomy,
) -> (Loaded, Gathered) {
    let mut loaded = Loaded {
        files,
        info: None,
        services: Vec::new(),
        faults: Vec::new(),
        places: Vec::new(),
        taxonomy,
        diagnostics,
        services_declared: 0,
        unreadable_entries: Vec::new(),
        trimmed: 0,
        unnamed: Vec::new(),
        words: Vec::new(),
        dropped_words: 0,
    };
    let mut gathered = Gathered::default();
    // Sized once: a growing vector of 100,000 services would hold its old
    // and new buffers at once.
    let count: usize = contents.iter().map(|(c, _)| c.services.len()).sum();
    loaded.services.reserve_exact(count);
    loaded.faults.reserve_exact(count);
    gathered.trimmed.reserve_exact(count);
    gathered.marks.reserve_exact(count);
    for (file_index, (c, marks)) in contents.into_iter().enumerate() {
        loaded.diagnostics.extend(c.diagnostics);
        loaded.services_declared += c.services_declared;
        loaded.unreadable_entries.extend(c.unreadable_entries);
        for (draft, span) in c.directory_tables {
            gathered.directory_tables.push((file_index, draft, span));
        }
        for (place, span) in c.places {
            loaded.places.push(place);
            gathered.place_spans.push((file_index, span));
        }
        for (category, span, is_new) in c.categories {
            gathered
                .categories
                .push((file_index, category, span, is_new));
        }
        for (word, span) in c.words {
            gathered.words.push((file_index, word, span));
        }
        loaded.dropped_words += c.bad_words;
        for (local, label) in c.unnamed {
            loaded.unnamed.push((loaded.services.len() + local, label));
        }
        for (service, fault, trimmed) in c.services {
            loaded.services.push(service);
            loaded.faults.push(fault);
            gathered.trimmed.push(trimmed);
        }
        gathered.marks.extend(marks);
    }
    (loaded, gathered)
}

/// The checks that need the whole directory, in the order each needs the
/// one before: places before the default place is looked up, the
/// directory's categories before its words and its services' categories.
fn check_whole(loaded: &mut Loaded, gathered: Gathered) {
    let Gathered {
        directory_tables,
        place_spans,
        categories,
        words,
        mut trimmed,
        marks,
    } = gathered;
    check_directory_tables(loaded, directory_tables);
    check_places(loaded, &place_spans);
    extend_taxonomy(loaded, categories);
    let (kept, dropped) = crate::directory::words::add_words(
        &mut loaded.taxonomy,
        &loaded.files,
        &mut loaded.diagnostics,
        words,
    );
    loaded.words = kept;
    loaded.dropped_words += dropped;
    check_service_categories(loaded, &mut trimmed, &marks);
    check_duplicate_ids(loaded, &marks);
    loaded.trimmed = loaded
        .faults
        .iter()
        .zip(&trimmed)
        .filter(|(fault, trimmed)| fault.is_none() && **trimmed)
        .count();
}
