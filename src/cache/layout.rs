//! The layout of a cache file: a header and table of sections, the head
//! (everything but the services), sections of services, and the index
//! `find` reads to choose which services to decode.

use serde::{Deserialize, Serialize};

use crate::directory::{DirectoryInfo, Word};
use crate::places::Place;
use crate::taxonomy::Taxonomy;

/// The first bytes of every cache file.
pub(super) const MAGIC: &[u8; 8] = b"DFLCACHE";

/// Magic, key, checksum of the section table, number of sections.
pub(super) const HEADER_LEN: usize = 8 + 16 + 16 + 8;

/// Each section's length and checksum.
pub(super) const TABLE_ENTRY_LEN: usize = 8 + 16;

/// Services per section: sections are encoded and decoded on every core.
pub(super) const CHUNK: usize = 4096;

/// In the index, a category the taxonomy does not hold (none should be):
/// such a service is always decoded.
pub(super) const UNKNOWN_CATEGORY: u16 = u16::MAX;

/// The first section: everything but the services, borrowed for writing.
#[derive(Serialize)]
pub(super) struct HeadRef<'a> {
    pub(super) info: &'a DirectoryInfo,
    pub(super) places: &'a [Place],
    pub(super) taxonomy: &'a Taxonomy,
    pub(super) words: &'a [Word],
    pub(super) services: u64,
    pub(super) left_out: Vec<(&'a str, &'a str)>,
    pub(super) trimmed: u64,
    pub(super) broken_files: u64,
    pub(super) dropped_words: u64,
}

/// The first section, owned for reading.
#[derive(Deserialize)]
pub(super) struct Head {
    pub(super) info: DirectoryInfo,
    pub(super) places: Vec<Place>,
    pub(super) taxonomy: Taxonomy,
    pub(super) words: Vec<Word>,
    pub(super) services: u64,
    pub(super) left_out: Vec<(String, String)>,
    pub(super) trimmed: u64,
    pub(super) broken_files: u64,
    pub(super) dropped_words: u64,
}

/// The last section: what `find` needs to choose which services to
/// decode, without decoding any.
#[derive(Serialize, Deserialize, Default)]
pub(super) struct Index {
    /// Every service's id then name, one after the other.
    pub(super) text: String,
    /// Where each id and each name ends in `text`.
    #[serde(with = "packed")]
    pub(super) text_ends: Vec<u32>,
    /// Every service's categories, as positions in the taxonomy.
    #[serde(with = "packed")]
    pub(super) categories: Vec<u16>,
    /// Where each service's categories end.
    #[serde(with = "packed")]
    pub(super) category_ends: Vec<u32>,
    /// The length of each service's record in its section.
    #[serde(with = "packed")]
    pub(super) record_lens: Vec<u32>,
}

/// The index's numbers as one run of little-endian bytes each: a cached
/// `find` reads half a million of them before anything else, and a copy
/// is much quicker than decoding them one varint at a time.
pub(super) mod packed {
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

#[derive(Debug, Clone, Copy)]
pub(super) struct Section {
    pub(super) start: u64,
    pub(super) len: usize,
    pub(super) checksum: u128,
}

impl Index {
    /// Appends the index of the next section; `None` when the offsets no
    /// longer fit.
    pub(super) fn append(&mut self, part: Index) -> Option<()> {
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
