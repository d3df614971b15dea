//! The desk cache never lies: after every kind of change to a directory,
//! and with a damaged cache or two runs at once, `find` answers exactly as
//! `find --no-cache` does (the same output, notes and exit status).

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use crate::harness::{copy_fixture, hermetic};

/// A directory copied from the county fixture, and a cache folder shared by
/// every run of one test (the harness gives each run its own otherwise).
struct Desk {
    dir: tempfile::TempDir,
    home: tempfile::TempDir,
}

impl Desk {
    fn new() -> Desk {
        Desk {
            dir: copy_fixture("county"),
            home: tempfile::tempdir().expect("a temporary folder"),
        }
    }

    fn path(&self, rel: &str) -> PathBuf {
        self.dir.path().join(rel)
    }

    fn cache_folder(&self) -> PathBuf {
        self.home.path().join(".cache/deflect")
    }

    /// The cache files written so far.
    fn cache_files(&self) -> Vec<PathBuf> {
        let Ok(entries) = std::fs::read_dir(self.cache_folder()) else {
            return Vec::new();
        };
        let mut files: Vec<PathBuf> = entries.flatten().map(|e| e.path()).collect();
        files.sort();
        files
    }

    /// A hermetic command line (as the harness builds one) sharing this
    /// desk's cache folder.
    fn command(&self, args: &[&str]) -> Command {
        let mut command = Command::new(env!("CARGO_BIN_EXE_deflect"));
        hermetic(&mut command, self.home.path())
            .arg("--dir")
            .arg(self.dir.path())
            .args(args);
        command
    }

    fn run(&self, args: &[&str]) -> Output {
        self.command(args)
            .output()
            .expect("the deflect binary runs")
    }
}

/// What a person or a script sees of a run.
fn seen(output: &Output) -> (Option<i32>, String, String) {
    (
        output.status.code(),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

const QUERIES: &[&[&str]] = &[
    &[
        "find",
        "--at",
        "2026-11-28T02:00",
        "--limit",
        "100",
        "--format",
        "json",
    ],
    &[
        "find",
        "detox",
        "--near",
        "Pilsen",
        "--at",
        "2026-11-30T10:00",
    ],
    // A need met by a service's name, not a category; a need that names
    // nothing; a bad flag after a need that names nothing.
    &["find", "harbor", "--at", "2026-11-28T02:00"],
    &["find", "xyzzy"],
    &["find", "xyzzy", "--payment", "bogus"],
    &["show", "methadone-clinic", "--at", "2026-11-30T10:00"],
    &["places"],
];

/// Runs every query with the cache and without, and checks that they agree;
/// returns the cached answers.
#[track_caller]
fn agree(desk: &Desk) -> Vec<(Option<i32>, String, String)> {
    QUERIES
        .iter()
        .map(|query| {
            let cached = seen(&desk.run(query));
            let mut bypass = vec!["--no-cache"];
            bypass.extend_from_slice(query);
            let fresh = seen(&desk.run(&bypass));
            assert_eq!(cached, fresh, "the cache answered differently to {query:?}");
            cached
        })
        .collect()
}

fn replace_in(path: &Path, from: &str, to: &str) {
    let text = std::fs::read_to_string(path).expect("read");
    assert!(text.contains(from), "{from:?} is not in {}", path.display());
    std::fs::write(path, text.replacen(from, to, 1)).expect("write");
}

#[test]
fn the_first_run_writes_the_cache_and_the_second_reads_it() {
    let desk = Desk::new();
    assert!(desk.cache_files().is_empty());
    let first = agree(&desk);
    let files = desk.cache_files();
    assert_eq!(files.len(), 1, "one cache file: {files:?}");
    // A hit leaves the file as it is: no rewrite, so the same inode.
    let before = std::fs::metadata(&files[0]).expect("cache file");
    let second = agree(&desk);
    assert_eq!(first, second);
    let after = std::fs::metadata(&files[0]).expect("cache file");
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        assert_eq!(
            before.ino(),
            after.ino(),
            "the cache was rewritten on a hit"
        );
    }
    assert_eq!(before.modified().ok(), after.modified().ok());
    // --no-cache neither reads nor writes it; the demo is never cached.
    std::fs::remove_file(&files[0]).expect("remove");
    desk.run(&["--no-cache", "find"]);
    assert!(desk.cache_files().is_empty());
}

#[test]
fn an_edit_of_the_hours_is_seen_at_once() {
    let desk = Desk::new();
    let before = agree(&desk);
    replace_in(
        &desk.path("services/treatment.toml"),
        "hours = \"Mo-Sa 06:00-14:00\"",
        "hours = \"24/7\"",
    );
    let after = agree(&desk);
    assert_ne!(before, after, "the edit changed nothing to see");
}

#[test]
fn an_added_file_is_seen_at_once() {
    let desk = Desk::new();
    let before = agree(&desk);
    std::fs::write(
        desk.path("services/zz-new.toml"),
        "[[service]]\nid = \"new-detox\"\nname = \"New Detox\"\ncategories = [\"withdrawal-management\"]\nphone = \"(312) 555-0999\"\nlat = 41.86\nlon = -87.65\nhours = \"24/7\"\n",
    )
    .expect("write");
    let after = agree(&desk);
    assert_ne!(before, after);
    assert!(after[0].1.contains("new-detox"));
}

#[test]
fn a_deleted_file_is_seen_at_once() {
    let desk = Desk::new();
    let before = agree(&desk);
    std::fs::remove_file(desk.path("services/support.toml")).expect("remove");
    let after = agree(&desk);
    assert_ne!(before, after);
    // Faults come and go with their file, and so do the notes about them.
    std::fs::remove_file(desk.path("services/faults.toml")).expect("remove");
    let clean = agree(&desk);
    assert!(!clean[1].2.contains("left out"), "{}", clean[1].2);
    // The services found by name went with their file.
    assert!(before[2].1.contains("Harbor"), "{}", before[2].1);
    assert!(!after[2].1.contains("Harbor"), "{}", after[2].1);
    assert!(after[1].2.contains("left out"), "{}", after[1].2);
}

#[test]
fn a_byte_changed_with_the_same_size_and_time_is_seen() {
    let desk = Desk::new();
    let path = desk.path("services/treatment.toml");
    let meta = std::fs::metadata(&path).expect("metadata");
    let (size, modified) = (meta.len(), meta.modified().expect("mtime"));
    let before = agree(&desk);
    replace_in(
        &path,
        "hours = \"Mo-Sa 06:00-14:00\"",
        "hours = \"Mo-Sa 06:00-13:00\"",
    );
    std::fs::File::options()
        .write(true)
        .open(&path)
        .and_then(|f| f.set_modified(modified))
        .expect("set the time back");
    let meta = std::fs::metadata(&path).expect("metadata");
    assert_eq!((meta.len(), meta.modified().ok()), (size, Some(modified)));
    let after = agree(&desk);
    assert_ne!(before, after, "the same-size edit changed nothing to see");
}

#[test]
fn a_damaged_cache_is_ignored_and_rebuilt() {
    let desk = Desk::new();
    let good = agree(&desk);
    let file = desk.cache_files().pop().expect("a cache file");
    let bytes = std::fs::read(&file).expect("read");
    let mut flipped = bytes.clone();
    let middle = flipped.len() / 2;
    flipped[middle] ^= 0xff;
    let damages: Vec<Vec<u8>> = vec![
        Vec::new(),
        b"not a cache".to_vec(),
        bytes[..bytes.len() / 2].to_vec(),
        flipped,
        [bytes.as_slice(), b"trailing"].concat(),
    ];
    for damaged in damages {
        std::fs::write(&file, &damaged).expect("write");
        assert_eq!(agree(&desk), good);
        // Rebuilt whole by the first run that found it damaged.
        assert_eq!(std::fs::read(&file).expect("read").len(), bytes.len());
    }
    // A cache folder that cannot be used at all only costs time.
    std::fs::remove_dir_all(desk.cache_folder()).expect("remove");
    std::fs::write(desk.cache_folder(), "a file where the folder goes").expect("write");
    assert_eq!(agree(&desk), good);
}

#[test]
fn runs_at_once_each_get_the_right_answer() {
    let desk = Desk::new();
    let query: &[&str] = QUERIES[0];
    let mut bypass = vec!["--no-cache"];
    bypass.extend_from_slice(query);
    let hours = [
        "hours = \"Mo-Sa 06:00-14:00\"",
        "hours = \"24/7\"",
        "hours = \"Mo-Sa 06:00-14:00\"",
    ];
    for round in 0..hours.len() {
        if round > 0 {
            replace_in(
                &desk.path("services/treatment.toml"),
                hours[round - 1],
                hours[round],
            );
        }
        let expected = seen(&desk.run(&bypass));
        let children: Vec<_> = (0..4)
            .map(|_| {
                desk.command(query)
                    .stdout(Stdio::piped())
                    .stderr(Stdio::piped())
                    .spawn()
                    .expect("spawn")
            })
            .collect();
        for child in children {
            let output = child.wait_with_output().expect("wait");
            assert_eq!(seen(&output), expected, "round {round}");
        }
        assert_eq!(seen(&desk.run(query)), expected, "round {round}, after");
    }
    // No temporary file is left behind.
    assert_eq!(desk.cache_files().len(), 1, "{:?}", desk.cache_files());
}
