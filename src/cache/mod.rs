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
//!
//! The folder holds one concern per file: `key` (what a cache answers
//! for), `layout` (the file's sections and index), `write`, `read`, and
//! [`LazyDesk`] (a cached directory whose services are decoded only as
//! they are asked for).

use std::path::{Path, PathBuf};

use xxhash_rust::xxh3::xxh3_64;

use crate::diagnostic::Diagnostic;
use crate::directory::load::{list, scan_files, Keep, Loaded};
use crate::directory::{DirSource, Directory, FaultReport, Limits};

mod key;
mod layout;
mod lazy;
mod read;
#[cfg(test)]
mod tests;
mod write;

pub use key::FORMAT;
pub use lazy::LazyDesk;

use key::{file_digest, key};

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
        let _ = write::write(&path, &key, desk);
        crate::timing::phase("write cache");
    }
    Ok(desk)
}

/// Loads the directory in `root` for a desk command, from the cache when
/// it matches the files exactly, else from the files (and then refreshes
/// the cache). With `use_cache` false, the cache is neither read nor
/// written. The services of a cached directory are left to decode until it
/// is known which are needed ([`LazyDesk::into_directory_for`]).
///
/// The inner `Err` holds the diagnostics that explain why no usable
/// `[directory]` table could be read; such a directory is never cached.
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
    if let Some(view) = read::read(&path, &key) {
        return Ok((
            Ok(LazyDesk {
                inner: lazy::Lazy::Cached(Box::new(view)),
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
