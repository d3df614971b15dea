//! The installation's key for hashing referral codes.
//!
//! Made at first use from the operating system's random source (32 bytes),
//! kept beside the records file as `<records file>.key` (64 hex digits),
//! the user's alone, or the group's on a shared desk ([`super::access`]),
//! so that every officer's account hashes codes with the one key. Without it the records file alone cannot be joined to a slip
//! in someone's pocket; with it, `records engaged` can find a code a
//! partner reports. A damaged key is an error, never silently replaced:
//! a new key would make every earlier code unmatchable.

use std::path::{Path, PathBuf};

use anyhow::{bail, Context as _, Result};

use super::access::{refused, Sharing};
use super::code::{hex, hmac_hex};

/// The key of one records file.
pub struct Secret([u8; 32]);

impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Secret(…)")
    }
}

impl Secret {
    /// Where the key of `records` is kept: `<records file>.key` beside it.
    pub fn path_for(records: &Path) -> PathBuf {
        sibling(records, "key")
    }

    /// The key of `records`, or `None` when none has been made yet.
    ///
    /// # Errors
    /// When the key file cannot be read or is damaged.
    pub fn load(records: &Path) -> Result<Option<Secret>> {
        let path = Secret::path_for(records);
        let text = match std::fs::read(&path) {
            Ok(bytes) => bytes,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(e) => {
                return Err(e)
                    .with_context(|| format!("cannot read the records key {}", path.display()))
            }
        };
        if let Ok(file) = std::fs::File::open(&path) {
            Sharing::of(records).fit(&file);
        }
        match decode(&text) {
            Some(key) => Ok(Some(Secret(key))),
            None => bail!(
                "the records key {} is damaged (it must hold 64 hex digits): move it aside to \
                 start a new key; codes of earlier referrals will then no longer match",
                path.display()
            ),
        }
    }

    /// The key of `records`, made now if there is none. Call it only while
    /// holding the records lock, so that two processes never make two keys.
    ///
    /// # Errors
    /// When the random source fails, or the key cannot be read or written.
    pub fn load_or_create(records: &Path) -> Result<Secret> {
        if let Some(secret) = Secret::load(records)? {
            return Ok(secret);
        }
        let mut key = [0u8; 32];
        if let Err(e) = getrandom::fill(&mut key) {
            bail!("the system's random source failed ({e}): no records key was made");
        }
        let path = Secret::path_for(records);
        let mut text = hex(&key);
        text.push('\n');
        let sharing = Sharing::for_writing(records)?;
        write_private_atomic(&path, text.as_bytes(), sharing).map_err(|e| {
            refused(e, "key", &path)
                .context(format!("cannot write the records key {}", path.display()))
        })?;
        Ok(Secret(key))
    }

    /// The stored form of a normalised referral code.
    pub fn code_hmac(&self, normalized_code: &str) -> String {
        hmac_hex(&self.0, normalized_code.as_bytes())
    }
}

/// `<file name>.<suffix>` beside `path`.
pub(crate) fn sibling(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path
        .file_name()
        .map(|n| n.to_os_string())
        .unwrap_or_else(|| "records".into());
    name.push(".");
    name.push(suffix);
    path.with_file_name(name)
}

fn decode(text: &[u8]) -> Option<[u8; 32]> {
    let text = text.trim_ascii();
    if text.len() != 64 {
        return None;
    }
    let mut key = [0u8; 32];
    for (i, pair) in text.chunks_exact(2).enumerate() {
        let high = char::from(pair[0]).to_digit(16)?;
        let low = char::from(pair[1]).to_digit(16)?;
        key[i] = u8::try_from(high * 16 + low).ok()?;
    }
    Some(key)
}

/// Writes `bytes` to `path` through a temporary file renamed into place,
/// made for `sharing` from the start, so that a crash never leaves half a
/// file and the file is never readable by other accounts, not even for a
/// moment.
pub(crate) fn write_private_atomic(
    path: &Path,
    bytes: &[u8],
    sharing: Sharing,
) -> std::io::Result<()> {
    crate::fsutil::write_atomic_with(path, bytes, |temp| {
        let mut options = std::fs::OpenOptions::new();
        options.write(true).create(true).truncate(true);
        sharing.create_with(&mut options);
        let file = options.open(temp)?;
        sharing.fit(&file);
        Ok(file)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_key_is_made_once_and_read_back() {
        let dir = tempfile::tempdir().unwrap();
        let records = dir.path().join("records.jsonl");
        assert!(Secret::load(&records).unwrap().is_none());
        let made = Secret::load_or_create(&records).unwrap();
        let again = Secret::load_or_create(&records).unwrap();
        assert_eq!(made.code_hmac("ABCDEFGH"), again.code_hmac("ABCDEFGH"));
        assert_ne!(made.code_hmac("ABCDEFGH"), made.code_hmac("ABCDEFGJ"));
        let text = std::fs::read_to_string(dir.path().join("records.jsonl.key")).unwrap();
        assert_eq!(text.trim().len(), 64);
        assert_eq!(format!("{made:?}"), "Secret(…)");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(dir.path().join("records.jsonl.key"))
                .unwrap()
                .permissions()
                .mode();
            assert_eq!(mode & 0o777, 0o600);
        }
    }

    #[test]
    fn two_installations_hash_the_same_code_differently() {
        let a = tempfile::tempdir().unwrap();
        let b = tempfile::tempdir().unwrap();
        let ka = Secret::load_or_create(&a.path().join("r.jsonl")).unwrap();
        let kb = Secret::load_or_create(&b.path().join("r.jsonl")).unwrap();
        assert_ne!(ka.code_hmac("ABCDEFGH"), kb.code_hmac("ABCDEFGH"));
    }

    #[test]
    fn a_damaged_key_is_an_error_and_is_kept() {
        let dir = tempfile::tempdir().unwrap();
        let records = dir.path().join("records.jsonl");
        std::fs::write(Secret::path_for(&records), "not hex").unwrap();
        let e = Secret::load_or_create(&records).unwrap_err().to_string();
        assert!(e.contains("damaged"), "{e}");
        assert_eq!(
            std::fs::read_to_string(Secret::path_for(&records)).unwrap(),
            "not hex"
        );
        std::fs::write(Secret::path_for(&records), "é".repeat(32)).unwrap();
        assert!(Secret::load(&records).is_err());
    }
}
