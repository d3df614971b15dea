//! The records file: where it is, appending one whole line at a time under
//! an advisory lock, reading it back (a torn or foreign line is skipped
//! with a warning, never fatal), and replacing it atomically for a purge.
//!
//! The lock is taken on a separate, empty file, `<records file>.lock`,
//! never on the records themselves: a purge replaces the records file by a
//! rename, and a lock on the old file would not stop a writer who then
//! appended to it; on Windows, where locks are mandatory, a lock on the
//! records file would also block readers. Every writer (an append, a
//! purge, a mark of engagement) holds the lock exclusively; a report holds
//! it shared while it reads, where the lock file exists.
//!
//! Permissions ([`super::access`]): on Unix every file made here is the
//! user's alone (0600), and a folder made for it 0700, unless the folder is
//! the group's, as on a shared desk: then the files are the group's too
//! (0660), so that every officer's account writes the one log. A folder
//! every account may write in, or that this account may not, is refused
//! with what to change. The lock is taken with `flock`-style locks, which
//! hold across accounts. Elsewhere (Windows) files take the access rules
//! of their folder; the default folder, in the user's own application
//! data, is readable by that user and administrators only. A `path`
//! elsewhere should be in a folder with the same rules.

use std::fs::{File, OpenOptions};
use std::io::{BufRead, BufReader, Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use anyhow::{bail, Context as _, Result};

use super::access::{refused, Sharing};
use super::model::{Record, RECORD_VERSION};
use super::secret::{sibling, write_private_atomic};
use crate::config::RecordSettings;

/// The longest line read; anything longer is not a record of ours.
const MAX_LINE: u64 = 64 * 1024;

/// How long to wait for another desk to finish writing.
const LOCK_WAIT: Duration = Duration::from_secs(15);

/// The records file: the config's `path`, else `records.jsonl` in the
/// platform's data folder for deflect (on Linux
/// `~/.local/share/deflect/records.jsonl`).
///
/// # Errors
/// When `path` is empty, or no path is given and the platform has no data
/// folder.
pub fn records_path(settings: &RecordSettings) -> Result<PathBuf> {
    match &settings.path {
        Some(path) if path.as_os_str().is_empty() => {
            bail!("[records] path in the config is empty: name a file, or remove the key")
        }
        Some(path) => Ok(path.clone()),
        None => match dirs::data_dir() {
            Some(data) => Ok(data.join("deflect").join("records.jsonl")),
            None => bail!(
                "this system has no data folder for deflect's records: set [records] path in the config"
            ),
        },
    }
}

/// Makes the folder of `path` if it is missing (0700 on Unix).
fn make_folder(path: &Path) -> Result<()> {
    let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) else {
        return Ok(());
    };
    if parent.is_dir() {
        return Ok(());
    }
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt;
        builder.mode(0o700);
    }
    builder
        .create(parent)
        .with_context(|| format!("cannot make the records folder {}", parent.display()))
}

/// Waits for a lock, up to [`LOCK_WAIT`], never for ever: a desk that
/// cannot write a record says so and goes on.
fn wait_for_lock(file: &File, shared: bool, path: &Path) -> Result<()> {
    let start = Instant::now();
    let mut pause = Duration::from_millis(1);
    loop {
        let attempt = if shared {
            file.try_lock_shared()
        } else {
            file.try_lock()
        };
        match attempt {
            Ok(()) => return Ok(()),
            Err(std::fs::TryLockError::WouldBlock) if start.elapsed() < LOCK_WAIT => {
                std::thread::sleep(pause);
                pause = (pause * 2).min(Duration::from_millis(20));
            }
            Err(std::fs::TryLockError::WouldBlock) => bail!(
                "the records lock {} has been held by another process for {} seconds",
                path.display(),
                LOCK_WAIT.as_secs()
            ),
            Err(std::fs::TryLockError::Error(e)) => {
                return Err(e)
                    .with_context(|| format!("cannot lock the records lock {}", path.display()))
            }
        }
    }
}

/// A records file held under its exclusive lock; the lock is released when
/// this is dropped.
pub struct Locked {
    path: PathBuf,
    sharing: Sharing,
    _lock: File,
}

impl Locked {
    /// Takes the exclusive lock of `path`, making its folder and lock file
    /// if they are missing.
    ///
    /// # Errors
    /// When the folder or lock file cannot be made, the folder may be
    /// written by every account or not by this one, or the lock is not
    /// given within 15 seconds.
    pub fn exclusive(path: &Path) -> Result<Locked> {
        make_folder(path)?;
        let sharing = Sharing::for_writing(path)?;
        let lock_path = sibling(path, "lock");
        let mut options = OpenOptions::new();
        options.read(true).write(true).create(true).truncate(false);
        sharing.create_with(&mut options);
        let lock = options
            .open(&lock_path)
            .map_err(|e| refused(e, "lock", &lock_path))?;
        sharing.fit(&lock);
        wait_for_lock(&lock, false, &lock_path)?;
        Ok(Locked {
            path: path.to_path_buf(),
            sharing,
            _lock: lock,
        })
    }

    /// Appends one record as one line in one write. A torn last line left
    /// by a crash is first ended, so that it stays one skipped line and
    /// never swallows this record.
    ///
    /// # Errors
    /// When the file cannot be opened or written.
    pub fn append(&self, record: &Record) -> Result<()> {
        let mut line = serde_json::to_vec(record)?;
        line.push(b'\n');
        let mut options = OpenOptions::new();
        options.read(true).append(true).create(true);
        self.sharing.create_with(&mut options);
        let mut file = options
            .open(&self.path)
            .map_err(|e| refused(e, "file", &self.path))?;
        self.sharing.fit(&file);
        let written = (|| {
            let length = file.metadata()?.len();
            let mut bytes = Vec::with_capacity(line.len() + 1);
            if length > 0 {
                let mut last = [0u8; 1];
                file.seek(SeekFrom::Start(length - 1))?;
                file.read_exact(&mut last)?;
                if last[0] != b'\n' {
                    bytes.push(b'\n');
                }
            }
            bytes.extend_from_slice(&line);
            file.write_all(&bytes)?;
            file.sync_data()
        })();
        written.with_context(|| format!("cannot write to the records file {}", self.path.display()))
    }

    /// Reads the file; see [`read_records`].
    ///
    /// # Errors
    /// When the file exists and cannot be read.
    pub fn read(&self) -> Result<Log> {
        read_unlocked(&self.path)
    }

    /// Replaces the file with these records, atomically, made for the
    /// folder's sharing as the file it replaces was.
    ///
    /// # Errors
    /// When the new file cannot be written or renamed into place; the old
    /// file is then untouched.
    pub fn replace(&self, records: &[Record]) -> Result<()> {
        let mut bytes = Vec::new();
        for record in records {
            serde_json::to_writer(&mut bytes, record)?;
            bytes.push(b'\n');
        }
        write_private_atomic(&self.path, &bytes, self.sharing).map_err(|e| {
            refused(e, "file", &self.path).context(format!(
                "cannot rewrite the records file {}",
                self.path.display()
            ))
        })
    }
}

/// The records of one file, and what was skipped.
#[derive(Debug, Default)]
pub struct Log {
    /// The file read.
    pub path: PathBuf,
    /// Whether it exists.
    pub exists: bool,
    /// The records, in file order.
    pub records: Vec<Record>,
    /// One line per skipped line, for standard error.
    pub warnings: Vec<String>,
    /// How many lines were skipped.
    pub skipped: usize,
}

/// Reads a records file, holding its lock shared while it reads when the
/// lock file exists (a file copied from another station may have none).
/// A missing file is an empty log with `exists` false.
///
/// # Errors
/// When the file exists and cannot be read, or its lock is held for long.
pub fn read_records(path: &Path) -> Result<Log> {
    let lock_path = sibling(path, "lock");
    let _lock = match File::open(&lock_path) {
        Ok(lock) => {
            wait_for_lock(&lock, true, &lock_path)?;
            Some(lock)
        }
        Err(_) => None,
    };
    read_unlocked(path)
}

fn read_unlocked(path: &Path) -> Result<Log> {
    let mut log = Log {
        path: path.to_path_buf(),
        ..Log::default()
    };
    let file = match File::open(path) {
        Ok(file) => file,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(log),
        Err(e) => {
            return Err(e)
                .with_context(|| format!("cannot read the records file {}", path.display()))
        }
    };
    if file.metadata().is_ok_and(|m| m.is_dir()) {
        bail!("the records file {} is a folder", path.display());
    }
    log.exists = true;
    let mut reader = BufReader::new(file);
    let mut number = 0usize;
    let mut line = Vec::new();
    loop {
        line.clear();
        let read = (&mut reader)
            .take(MAX_LINE + 1)
            .read_until(b'\n', &mut line)
            .with_context(|| format!("cannot read the records file {}", path.display()))?;
        if read == 0 {
            break;
        }
        number += 1;
        let ended = line.last() == Some(&b'\n');
        if !ended && read as u64 > MAX_LINE {
            // Skip the rest of an overlong line.
            let mut rest = Vec::new();
            loop {
                rest.clear();
                let n = (&mut reader).take(MAX_LINE).read_until(b'\n', &mut rest)?;
                if n == 0 || rest.last() == Some(&b'\n') {
                    break;
                }
            }
            skip(&mut log, number, "a line too long to be a record");
            continue;
        }
        let text = line.trim_ascii();
        if text.is_empty() {
            continue;
        }
        match serde_json::from_slice::<Record>(text) {
            Ok(record) if record.version() == RECORD_VERSION && record.is_well_formed() => {
                log.records.push(record)
            }
            Ok(record) if record.version() == RECORD_VERSION => skip(
                &mut log,
                number,
                "a record whose code_hmac is not 64 hex digits",
            ),
            Ok(record) => skip(
                &mut log,
                number,
                &format!(
                    "a record of format version {} (this deflect reads version {RECORD_VERSION})",
                    record.version()
                ),
            ),
            // A line without its line feed is the last one: a write cut
            // short by a crash or a full disk.
            Err(_) if !ended => skip(&mut log, number, "a torn last line (an interrupted write)"),
            Err(_) => skip(&mut log, number, "a line that is not a record"),
        }
    }
    Ok(log)
}

fn skip(log: &mut Log, line: usize, what: &str) {
    log.skipped += 1;
    log.warnings.push(format!(
        "warning: {}:{line}: {what} is skipped",
        log.path.display()
    ));
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::records::model::GapRecord;
    use chrono::{TimeZone, Utc};

    fn gap(hour: u32) -> Record {
        Record::Gap(GapRecord {
            v: 1,
            hour: Utc.with_ymd_and_hms(2026, 11, 28, hour, 0, 0).unwrap(),
            timezone: None,
            categories: vec!["shelter".into()],
            place: None,
            station: None,
        })
    }

    #[test]
    fn appends_read_back_in_order() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("sub/records.jsonl");
        let locked = Locked::exclusive(&path).unwrap();
        locked.append(&gap(1)).unwrap();
        locked.append(&gap(2)).unwrap();
        drop(locked);
        let log = read_records(&path).unwrap();
        assert!(log.exists);
        assert_eq!(log.records, vec![gap(1), gap(2)]);
        assert!(log.warnings.is_empty());
    }

    #[test]
    fn a_torn_last_line_is_skipped_and_ended_before_the_next_append() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("records.jsonl");
        let mut text = serde_json::to_string(&gap(1)).unwrap();
        text.push_str("\n{\"kind\":\"gap\",\"v\":1,\"ho");
        std::fs::write(&path, &text).unwrap();
        let log = read_records(&path).unwrap();
        assert_eq!(log.records, vec![gap(1)]);
        assert_eq!(log.skipped, 1);
        assert!(
            log.warnings[0].contains(":2: a torn last line"),
            "{:?}",
            log.warnings
        );
        Locked::exclusive(&path).unwrap().append(&gap(3)).unwrap();
        let log = read_records(&path).unwrap();
        assert_eq!(log.records, vec![gap(1), gap(3)]);
        assert!(log.warnings[0].contains(":2: a line that is not a record"));
    }

    #[test]
    fn junk_is_skipped_never_fatal() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("records.jsonl");
        let mut bytes = b"\xff\xfe\n[]\n{\"kind\":\"nope\"}\n\n".to_vec();
        bytes.extend(vec![b'x'; 200_000]);
        bytes.extend(
            b"\n{\"kind\":\"gap\",\"v\":2,\"hour\":\"2026-11-28T01:00:00Z\",\"categories\":[]}\n",
        );
        bytes.extend(b"{\"kind\":\"engaged\",\"v\":1,\"hour\":\"2026-11-28T01:00:00Z\",\"code_hmac\":\"ABCD-EFGH\"}\n");
        bytes.extend(serde_json::to_vec(&gap(4)).unwrap());
        std::fs::write(&path, &bytes).unwrap();
        let log = read_records(&path).unwrap();
        assert_eq!(log.records, vec![gap(4)]);
        assert_eq!(log.skipped, 6, "{:?}", log.warnings);
        assert!(log.warnings.iter().any(|w| w.contains("not 64 hex digits")));
        assert!(log.warnings.iter().any(|w| w.contains("too long")));
        assert!(log.warnings.iter().any(|w| w.contains("version 2")));
    }

    #[test]
    fn a_missing_file_is_empty() {
        let dir = tempfile::tempdir().unwrap();
        let log = read_records(&dir.path().join("none.jsonl")).unwrap();
        assert!(!log.exists);
        assert!(log.records.is_empty());
        assert!(read_records(dir.path()).is_err());
    }

    #[test]
    fn the_default_path_is_in_the_data_folder_and_an_empty_one_is_refused() {
        let settings = RecordSettings {
            enabled: true,
            path: Some(PathBuf::new()),
        };
        assert!(records_path(&settings).is_err());
        let named = RecordSettings {
            enabled: true,
            path: Some(PathBuf::from("/x/r.jsonl")),
        };
        assert_eq!(records_path(&named).unwrap(), PathBuf::from("/x/r.jsonl"));
    }
}
