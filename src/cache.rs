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
use crate::directory::load::{read_sources, Sources};
use crate::directory::{DirSource, Directory, FaultReport, LeftOut, Limits};

/// Changes whenever the layout of the cache file or of the cached values
/// changes in a way the deflect version does not already cover.
const FORMAT_TAG: &[u8] = b"deflect desk cache, format 1";

/// The first bytes of every cache file.
const MAGIC: &[u8; 8] = b"DFLCACHE";

/// Magic, key, payload checksum, payload length.
const HEADER_LEN: usize = 8 + 16 + 16 + 8;

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

/// The values stored, borrowed for writing.
#[derive(Serialize)]
struct BodyRef<'a> {
    directory: &'a Directory,
    left_out: Vec<(&'a str, &'a str)>,
    trimmed: usize,
    broken_files: usize,
}

/// The values stored, owned for reading.
#[derive(Deserialize)]
struct Body {
    directory: Directory,
    left_out: Vec<(String, String)>,
    trimmed: usize,
    broken_files: usize,
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
    let sources = read_sources(&DirSource::Path(root.to_path_buf()), limits)?;
    if !use_cache {
        return Ok((from_sources(sources, limits), Route::Bypassed));
    }
    let Some((path, key)) = cache_path(root).map(|path| (path, key(root, &sources, limits))) else {
        return Ok((from_sources(sources, limits), Route::Bypassed));
    };
    if let Some(payload) = read_payload(&path, &key) {
        // The files are known now; free their text before the directory
        // is decoded, to keep the peak low.
        drop(sources);
        if let Some(desk) = decode(&payload) {
            return Ok((Ok(desk), Route::Hit));
        }
        // A checksum that matches a payload that does not decode: only a
        // program defect could write it. Read the files again.
        let sources = read_sources(&DirSource::Path(root.to_path_buf()), limits)?;
        let key = self::key(root, &sources, limits);
        return Ok((rebuild(sources, limits, &path, &key), Route::Rebuilt));
    }
    Ok((rebuild(sources, limits, &path, &key), Route::Rebuilt))
}

/// Loads from the files and writes the cache for them.
fn rebuild(
    sources: Sources,
    limits: Limits,
    path: &Path,
    key: &[u8; 16],
) -> Result<Desk, Vec<Diagnostic>> {
    let desk = from_sources(sources, limits)?;
    // A cache that cannot be written only costs time on the next run.
    let _ = write(path, key, &desk);
    Ok(desk)
}

fn from_sources(sources: Sources, limits: Limits) -> Result<Desk, Vec<Diagnostic>> {
    sources
        .assemble(limits)
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

/// The key of what was read: everything the loaded directory depends on.
fn key(root: &Path, sources: &Sources, limits: Limits) -> [u8; 16] {
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
    field(&(sources.diagnostics.len() as u64).to_le_bytes());
    for d in &sources.diagnostics {
        field(diagnostic_bytes(d).as_bytes());
    }
    field(&(sources.files.len() as u64).to_le_bytes());
    for file in &sources.files {
        field(file.rel.as_bytes());
        match &file.bytes {
            Ok(bytes) => {
                field(b"bytes");
                field(bytes);
            }
            Err(d) => {
                field(b"fault");
                field(diagnostic_bytes(d).as_bytes());
            }
        }
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

/// The payload of the cache file when its key is `key` and its checksum
/// holds.
fn read_payload(path: &Path, key: &[u8; 16]) -> Option<Vec<u8>> {
    let mut bytes = std::fs::read(path).ok()?;
    if bytes.len() < HEADER_LEN || &bytes[..8] != MAGIC || bytes[8..24] != key[..] {
        return None;
    }
    let checksum: [u8; 16] = bytes[24..40].try_into().ok()?;
    let length = u64::from_le_bytes(bytes[40..48].try_into().ok()?);
    if length != (bytes.len() - HEADER_LEN) as u64 {
        return None;
    }
    if xxh3_128(&bytes[HEADER_LEN..]).to_le_bytes() != checksum {
        return None;
    }
    bytes.drain(..HEADER_LEN);
    Some(bytes)
}

fn decode(payload: &[u8]) -> Option<Desk> {
    let body: Body = postcard::from_bytes(payload).ok()?;
    let left_out = body
        .left_out
        .into_iter()
        .map(|(entry, reason)| LeftOut {
            entry,
            reason: intern(reason),
        })
        .collect();
    Some(Desk {
        directory: body.directory,
        report: FaultReport {
            left_out,
            trimmed: body.trimmed,
            broken_files: body.broken_files,
        },
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

/// Writes the cache file: to a temporary file beside it, then renamed into
/// place, so that a reader sees the old file or the new one, whole.
fn write(path: &Path, key: &[u8; 16], desk: &Desk) -> std::io::Result<()> {
    let body = BodyRef {
        directory: &desk.directory,
        left_out: desk
            .report
            .left_out
            .iter()
            .map(|l| (l.entry.as_str(), l.reason))
            .collect(),
        trimmed: desk.report.trimmed,
        broken_files: desk.report.broken_files,
    };
    let payload = postcard::to_allocvec(&body).map_err(std::io::Error::other)?;
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
    let result = (|| {
        let mut file = std::fs::File::create(&temp)?;
        let mut header = Vec::with_capacity(HEADER_LEN);
        header.extend_from_slice(MAGIC);
        header.extend_from_slice(key);
        header.extend_from_slice(&xxh3_128(&payload).to_le_bytes());
        header.extend_from_slice(&(payload.len() as u64).to_le_bytes());
        file.write_all(&header)?;
        file.write_all(&payload)?;
        drop(file);
        // No fsync: a cache lost or torn by a crash fails its checksum and
        // is rebuilt, and syncing 40 MB would cost the desk more than that.
        std::fs::rename(&temp, path)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&temp);
    }
    result
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::directory::load::RawFile;

    fn sources(files: &[(&str, &[u8])]) -> Sources {
        Sources {
            files: files
                .iter()
                .map(|(rel, bytes)| RawFile {
                    rel: rel.to_string(),
                    bytes: Ok(bytes.to_vec()),
                })
                .collect(),
            diagnostics: Vec::new(),
        }
    }

    #[test]
    fn the_key_changes_with_any_byte_path_or_file() {
        let root = Path::new("/nonexistent/deflect-test");
        let limits = Limits::default();
        let base = key(
            root,
            &sources(&[("a.toml", b"x = 1"), ("b.toml", b"y = 2")]),
            limits,
        );
        let same = key(
            root,
            &sources(&[("a.toml", b"x = 1"), ("b.toml", b"y = 2")]),
            limits,
        );
        assert_eq!(base, same);
        for other in [
            sources(&[("a.toml", b"x = 2"), ("b.toml", b"y = 2")]),
            sources(&[("a.toml", b"x = 1"), ("c.toml", b"y = 2")]),
            sources(&[("a.toml", b"x = 1")]),
            sources(&[("a.toml", b"x = 1"), ("b.toml", b"y = 2"), ("c.toml", b"")]),
            // The same bytes split differently between files.
            sources(&[("a.toml", b"x = 1y = 2"), ("b.toml", b"")]),
        ] {
            assert_ne!(base, key(root, &other, limits));
        }
        let mut tight = limits;
        tight.max_file_bytes = 10;
        assert_ne!(
            base,
            key(
                root,
                &sources(&[("a.toml", b"x = 1"), ("b.toml", b"y = 2")]),
                tight
            )
        );
    }

    #[test]
    fn a_cache_file_round_trips_and_refuses_damage() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("deflect").join("desk-test.bin");
        let loaded = crate::directory::load(&DirSource::Demo, Limits::default()).unwrap();
        let (directory, report) = loaded.into_directory().unwrap();
        let desk = Desk { directory, report };
        let key = [7u8; 16];
        write(&path, &key, &desk).unwrap();
        let payload = read_payload(&path, &key).unwrap();
        let back = decode(&payload).unwrap();
        assert_eq!(back.directory.services, desk.directory.services);
        assert_eq!(back.directory.places, desk.directory.places);
        assert_eq!(back.directory.info, desk.directory.info);
        assert_eq!(back.report, desk.report);
        // Another key, a flipped byte, a cut file: all refused.
        assert!(read_payload(&path, &[8u8; 16]).is_none());
        let mut bytes = std::fs::read(&path).unwrap();
        let last = bytes.len() - 1;
        bytes[last] ^= 1;
        std::fs::write(&path, &bytes).unwrap();
        assert!(read_payload(&path, &key).is_none());
        bytes.truncate(last / 2);
        std::fs::write(&path, &bytes).unwrap();
        assert!(read_payload(&path, &key).is_none());
        std::fs::write(&path, b"").unwrap();
        assert!(read_payload(&path, &key).is_none());
        // Nothing but the cache file is left in the folder.
        assert_eq!(
            std::fs::read_dir(path.parent().unwrap()).unwrap().count(),
            1
        );
    }

    #[test]
    fn reasons_are_interned_once() {
        let a = intern("a duplicate id".to_string());
        let b = intern("a duplicate id".to_string());
        assert!(std::ptr::eq(a, b));
    }
}
