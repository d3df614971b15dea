//! The cache key: everything a loaded directory depends on, so that a
//! cache is used only for exactly the bytes, paths, limits and program it
//! was written from.

use std::path::Path;

use xxhash_rust::xxh3::{xxh3_128, Xxh3};

use crate::diagnostic::Diagnostic;
use crate::directory::Limits;

/// Changes whenever the layout of the cache file or of the cached values
/// changes in a way the deflect version does not already cover; ends with
/// [`FORMAT`].
pub(super) const FORMAT_TAG: &[u8] = b"deflect desk cache, format 5";

/// The cache format this deflect writes and reads (`deflect --version`).
pub const FORMAT: u32 = 5;

/// The digest of one file: of its bytes, or of why it could not be read.
pub(super) fn file_digest(outcome: Result<&[u8], &Diagnostic>) -> u128 {
    match outcome {
        Ok(bytes) => xxh3_128(bytes),
        // Never equal to the digest of some bytes: the flipped top bit
        // marks a fault.
        Err(d) => xxh3_128(diagnostic_bytes(d).as_bytes()) ^ (1 << 127),
    }
}

/// The key of what was read: everything the loaded directory depends on.
pub(super) fn key(
    root: &Path,
    limits: Limits,
    listing: &[Diagnostic],
    files: &[(String, u128)],
) -> [u8; 16] {
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

pub(super) fn diagnostic_bytes(d: &Diagnostic) -> String {
    format!(
        "{}\u{0}{}\u{0}{:?}\u{0}{:?}\u{0}{:?}",
        d.code, d.message, d.file, d.line, d.column
    )
}

/// The size and modification time of the running program: a rebuilt or
/// replaced program never reads a cache written by another build.
pub(super) fn program_identity() -> Vec<u8> {
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
