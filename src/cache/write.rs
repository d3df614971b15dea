//! Writing a cache file: sections of services encoded on every core, then
//! renamed into place whole.

use std::io::Write;
use std::path::Path;

use xxhash_rust::xxh3::xxh3_128;

use crate::directory::Service;
use crate::parallel::{parallel_map, workers};

use super::layout::{HeadRef, Index, CHUNK, HEADER_LEN, MAGIC, TABLE_ENTRY_LEN, UNKNOWN_CATEGORY};
use super::Desk;

/// One section of services, encoded, with its part of the index (ends
/// counted from the section's start).
pub(super) fn encode_section(
    services: &[Service],
    positions: &std::collections::HashMap<&str, u16>,
) -> Result<(Vec<u8>, Index), postcard::Error> {
    let too_large = |_| postcard::Error::SerializeBufferFull;
    let mut bytes = Vec::new();
    let mut index = Index::default();
    for service in services {
        let before = bytes.len();
        bytes = postcard::to_extend(service, bytes)?;
        index
            .record_lens
            .push(u32::try_from(bytes.len() - before).map_err(too_large)?);
        index.text.push_str(&service.id);
        index
            .text_ends
            .push(u32::try_from(index.text.len()).map_err(too_large)?);
        index.text.push_str(&service.name);
        index
            .text_ends
            .push(u32::try_from(index.text.len()).map_err(too_large)?);
        index.categories.extend(service.categories.iter().map(|c| {
            positions
                .get(c.as_str())
                .copied()
                .unwrap_or(UNKNOWN_CATEGORY)
        }));
        index
            .category_ends
            .push(u32::try_from(index.categories.len()).map_err(too_large)?);
    }
    Ok((bytes, index))
}

/// file torn on the way fails its checksums.
/// Writes the cache file for `desk` to `file`: a header and table of
/// sections held back as zeros, the head, each section of services as it is
/// encoded on every core (a national directory's 40 MB of records are never
/// all in memory), the index, then the header and table over the zeros. A
/// file torn on the way fails its checksums.
pub(super) fn write_to(
    file: &mut std::fs::File,
    key: &[u8; 16],
    desk: &Desk,
) -> std::io::Result<()> {
    use std::io::{Seek, SeekFrom};
    let too_large = || std::io::Error::other("the directory is too large for a cache file");
    let directory = &desk.directory;
    let head = HeadRef {
        info: &directory.info,
        places: &directory.places,
        taxonomy: &directory.taxonomy,
        words: &directory.words,
        services: directory.services.len() as u64,
        left_out: desk
            .report
            .left_out
            .iter()
            .map(|l| (l.entry.as_str(), l.reason))
            .collect(),
        trimmed: desk.report.trimmed as u64,
        broken_files: desk.report.broken_files as u64,
        dropped_words: desk.report.dropped_words as u64,
    };
    let chunks: Vec<&[Service]> = directory.services.chunks(CHUNK).collect();
    let count = chunks.len() + 2;
    let table_len = count * TABLE_ENTRY_LEN;
    file.write_all(&vec![0u8; HEADER_LEN + table_len])?;
    let mut table = Vec::with_capacity(table_len);
    let mut put = |file: &mut std::fs::File, section: &[u8]| {
        table.extend_from_slice(&(section.len() as u64).to_le_bytes());
        table.extend_from_slice(&xxh3_128(section).to_le_bytes());
        file.write_all(section)
    };
    put(
        file,
        &postcard::to_allocvec(&head).map_err(std::io::Error::other)?,
    )?;

    // Each service is a record of its own, so that any one can be decoded
    // alone. As many sections at a time as there are cores are encoded,
    // each with its part of the index, while its services are at hand.
    let positions: std::collections::HashMap<&str, u16> = directory
        .taxonomy
        .categories()
        .iter()
        .enumerate()
        .map(|(i, c)| (c.id.as_str(), u16::try_from(i).unwrap_or(UNKNOWN_CATEGORY)))
        .collect();
    let mut index = Index::default();
    for batch in chunks.chunks(workers()) {
        let encoded = parallel_map(batch.to_vec(), 2, |chunk| encode_section(chunk, &positions));
        for section in encoded {
            let (bytes, part) = section.map_err(std::io::Error::other)?;
            put(file, &bytes)?;
            index.append(part).ok_or_else(too_large)?;
        }
    }
    put(
        file,
        &postcard::to_allocvec(&index).map_err(std::io::Error::other)?,
    )?;

    let mut header = Vec::with_capacity(HEADER_LEN + table_len);
    header.extend_from_slice(MAGIC);
    header.extend_from_slice(key);
    header.extend_from_slice(&xxh3_128(&table).to_le_bytes());
    header.extend_from_slice(&(count as u64).to_le_bytes());
    header.extend_from_slice(&table);
    file.seek(SeekFrom::Start(0))?;
    file.write_all(&header)
}

/// Writes the cache file: to a temporary file beside it, then renamed into
/// place, so that a reader sees the old file or the new one, whole.
pub(super) fn write(path: &Path, key: &[u8; 16], desk: &Desk) -> std::io::Result<()> {
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
    let result = std::fs::File::create(&temp)
        .and_then(|mut file| write_to(&mut file, key, desk))
        // No fsync: a cache lost or torn by a crash fails its checksums
        // and is rebuilt; syncing 40 MB would cost the desk more than that.
        .and_then(|()| std::fs::rename(&temp, path));
    if result.is_err() {
        let _ = std::fs::remove_file(&temp);
    }
    result
}
