//! Where a directory's files come from: a folder, one file or the demo
//! built into the program; listing them in a stable order, and reading
//! each one's bytes, refusing a file over the size limit.

use std::path::{Path, PathBuf};

use crate::diagnostic::Diagnostic;
use crate::directory::load::limits::Limits;
use crate::directory::walk::{plain_io_error, walk};
use crate::parallel::parallel_map_with;

include!(concat!(env!("OUT_DIR"), "/demo_files.rs"));

/// Where a directory comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DirSource {
    /// A folder of TOML files, or one `.toml` file.
    Path(PathBuf),
    /// The fictional demo directory built into the program.
    Demo,
}

impl DirSource {
    /// How to name the source in messages.
    pub fn describe(&self) -> String {
        match self {
            DirSource::Path(p) => p.display().to_string(),
            DirSource::Demo => "the built-in demo directory (fictional)".into(),
        }
    }
}

/// One file of a directory, listed.
#[derive(Debug)]
pub(super) struct Listed {
    /// Path relative to the directory folder, with `/`.
    pub(super) rel: String,
    pub(super) input: Input,
}

/// Where a listed file's bytes come from.
#[derive(Debug)]
pub(super) enum Input {
    /// Read when its turn comes, on whichever thread takes it.
    Read(PathBuf),
    /// Already in memory (the demo, a fuzzer, a test), or why not.
    Given(Result<Vec<u8>, Box<Diagnostic>>),
}

/// The files of a directory in byte order of their relative paths, not yet
/// read, with the problems met while finding them. What a cache must be
/// keyed on is these problems and the bytes of these files as parsed.
#[derive(Debug, Default)]
pub struct Listing {
    pub(super) files: Vec<Listed>,
    /// Problems met while listing the folder (loops, unreadable folders).
    pub diagnostics: Vec<Diagnostic>,
}

/// Lists the files of a directory.
///
/// # Errors
/// Only when the source itself cannot be read (a folder that does not
/// exist).
pub fn list(source: &DirSource) -> anyhow::Result<Listing> {
    match source {
        DirSource::Demo => Ok(Listing {
            files: DEMO_FILES
                .iter()
                .map(|(rel, text)| Listed {
                    rel: rel.to_string(),
                    input: Input::Given(Ok(text.as_bytes().to_vec())),
                })
                .collect(),
            diagnostics: Vec::new(),
        }),
        DirSource::Path(root) => {
            let (found, diagnostics) = walk(root)?;
            crate::timing::phase("list files");
            Ok(Listing {
                files: found
                    .into_iter()
                    .map(|f| Listed {
                        rel: f.rel,
                        input: Input::Read(f.path),
                    })
                    .collect(),
                diagnostics,
            })
        }
    }
}

impl Listing {
    /// Has the listed file `rel` read as `bytes` instead of from where it
    /// is: `validate --fix --dry-run` judges the directory as its fixes
    /// would leave it, writing nothing. A file not listed is left alone.
    pub fn substitute(&mut self, rel: &str, bytes: Vec<u8>) {
        if let Some(listed) = self.files.iter_mut().find(|f| f.rel == rel) {
            listed.input = Input::Given(Ok(bytes));
        }
    }
}

/// Reads one file's bytes, refusing what is too large.
pub(super) fn read_bytes(
    path: &Path,
    rel: &str,
    limits: Limits,
) -> Result<Vec<u8>, Box<Diagnostic>> {
    let mut bytes = Vec::new();
    read_into(path, rel, limits, &mut bytes)?;
    Ok(bytes)
}

/// Reads one file's bytes into `buffer` (emptied first), refusing what is
/// too large.
fn read_into(
    path: &Path,
    rel: &str,
    limits: Limits,
    buffer: &mut Vec<u8>,
) -> Result<(), Box<Diagnostic>> {
    use std::io::Read;
    let unreadable = |e: std::io::Error| {
        let mut d = Diagnostic::error(
            "unreadable-file",
            format!("cannot read this file: {}", plain_io_error(&e)),
        );
        d.file = Some(rel.to_string());
        Box::new(d)
    };
    let size = std::fs::metadata(path).map_err(unreadable)?.len();
    if size > limits.max_file_bytes {
        let mut d = Diagnostic::error(
            "file-too-large",
            format!(
                "this file is {} MiB, over the limit of {} MiB: split it into one file per organisation",
                size / (1024 * 1024),
                limits.max_file_bytes / (1024 * 1024)
            ),
        );
        d.file = Some(rel.to_string());
        return Err(Box::new(d));
    }
    buffer.clear();
    buffer.reserve(usize::try_from(size).unwrap_or(0));
    std::fs::File::open(path)
        .and_then(|mut file| file.read_to_end(buffer))
        .map_err(unreadable)?;
    Ok(())
}

/// What [`scan_files`] made of each file (relative path first), and the
/// problems met while listing.
pub type Scanned<U> = (Vec<(String, U)>, Vec<Diagnostic>);

/// Lists the files of a folder as [`list`] does and hands each
/// one's bytes, or why they could not be read, to `visit`, reading into one
/// reused buffer per thread: a directory can be hashed without being held
/// in memory. Returns each file's relative path with what `visit` made of
/// it, in order, and the problems met while listing.
///
/// # Errors
/// Only when the folder itself cannot be read.
pub fn scan_files<U, F>(root: &Path, limits: Limits, visit: F) -> anyhow::Result<Scanned<U>>
where
    U: Send,
    F: Fn(Result<&[u8], &Diagnostic>) -> U + Sync,
{
    let (found, diagnostics) = walk(root)?;
    let seen = parallel_map_with(found, 64, Vec::new, |buffer, f| {
        let outcome = read_into(&f.path, &f.rel, limits, buffer);
        let u = match &outcome {
            Ok(()) => visit(Ok(buffer)),
            Err(d) => visit(Err(d)),
        };
        (f.rel, u)
    });
    Ok((seen, diagnostics))
}
