//! The cache: keys, round trips, damage, sections and lazy decoding.

use std::path::Path;

use super::key::{file_digest, key, FORMAT_TAG};
use super::layout::{CHUNK, HEADER_LEN};
use super::lazy::Lazy;
use super::read::{intern, read, sections};
use super::write::write;
use super::*;
use crate::directory::LeftOut;
use crate::needs::ServiceName;

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
        let needs = crate::request::needs_of(&words_owned, lazy.taxonomy(), &lazy.names()).unwrap();
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
