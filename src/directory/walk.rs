//! Finding the `.toml` files of a directory folder: recursively, in byte
//! order of their relative paths, skipping hidden names, safe against
//! symlink loops and dangling links.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use crate::diagnostic::Diagnostic;

/// A file found in a directory folder.
#[derive(Debug, Clone)]
pub struct Found {
    /// Relative path with `/`.
    pub rel: String,
    /// Where to read it.
    pub path: PathBuf,
}

/// Lists the directory's files. A single `.toml` file is a directory of one
/// file. Problems met on the way (loops, unreadable folders, dangling
/// links) are returned as diagnostics; only a root that does not exist is an
/// error.
pub fn walk(root: &Path) -> anyhow::Result<(Vec<Found>, Vec<Diagnostic>)> {
    let meta = std::fs::metadata(root).map_err(|e| {
        anyhow::anyhow!(
            "cannot read the directory {}: {}",
            root.display(),
            plain_io_error(&e)
        )
    })?;
    let mut diagnostics = Vec::new();
    if meta.is_file() {
        let rel = root
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| root.display().to_string());
        return Ok((
            vec![Found {
                rel,
                path: root.to_path_buf(),
            }],
            diagnostics,
        ));
    }
    let mut found = Vec::new();
    let mut visited = HashSet::new();
    if let Ok(canonical) = root.canonicalize() {
        visited.insert(canonical);
    }
    visit(root, "", &mut visited, &mut found, &mut diagnostics);
    found.sort_by(|a, b| a.rel.as_bytes().cmp(b.rel.as_bytes()));
    Ok((found, diagnostics))
}

fn visit(
    folder: &Path,
    prefix: &str,
    visited: &mut HashSet<PathBuf>,
    found: &mut Vec<Found>,
    diagnostics: &mut Vec<Diagnostic>,
) {
    let entries = match std::fs::read_dir(folder) {
        Ok(entries) => entries,
        Err(e) => {
            let mut d = Diagnostic::error(
                "unreadable-file",
                format!("cannot read this folder: {}", plain_io_error(&e)),
            );
            d.file = Some(if prefix.is_empty() {
                ".".into()
            } else {
                prefix.trim_end_matches('/').into()
            });
            diagnostics.push(d);
            return;
        }
    };
    let mut names: Vec<(String, PathBuf)> = entries
        .filter_map(Result::ok)
        .map(|e| (e.file_name().to_string_lossy().into_owned(), e.path()))
        .filter(|(name, _)| !name.starts_with('.'))
        .collect();
    names.sort();
    for (name, path) in names {
        let rel = format!("{prefix}{name}");
        // Follow links; a dangling one has no metadata.
        match std::fs::metadata(&path) {
            Ok(meta) if meta.is_dir() => {
                let canonical = path.canonicalize().unwrap_or_else(|_| path.clone());
                if !visited.insert(canonical) {
                    let mut d = Diagnostic::warning(
                        "symlink-loop",
                        "this folder links back to a folder already read; it was skipped",
                    );
                    d.file = Some(rel);
                    diagnostics.push(d);
                    continue;
                }
                visit(&path, &format!("{rel}/"), visited, found, diagnostics);
            }
            Ok(_) => {
                if name.ends_with(".toml") {
                    found.push(Found { rel, path });
                }
            }
            Err(e) => {
                if name.ends_with(".toml") {
                    let mut d = Diagnostic::error(
                        "unreadable-file",
                        format!("cannot read this file: {}", plain_io_error(&e)),
                    );
                    d.file = Some(rel);
                    diagnostics.push(d);
                }
            }
        }
    }
}

/// An I/O error in plain words, without the OS error number.
pub fn plain_io_error(e: &std::io::Error) -> String {
    use std::io::ErrorKind;
    match e.kind() {
        ErrorKind::NotFound => "it does not exist (or is a link to nothing)".into(),
        ErrorKind::PermissionDenied => "permission denied".into(),
        _ => {
            let text = e.to_string();
            match text.find(" (os error") {
                Some(i) => text[..i].to_string(),
                None => text,
            }
        }
    }
}
