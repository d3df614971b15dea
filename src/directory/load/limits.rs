//! What the loader is told besides the files: the limits that protect the
//! desk from hostile or broken files, and how much of each file to keep.

/// Limits that protect the desk from hostile or broken files.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// Files larger than this are refused.
    pub max_file_bytes: u64,
    /// Arrays and tables nested deeper than this are refused before parsing.
    pub max_depth: usize,
}

impl Limits {
    /// The default limits, with the file size limit taken from
    /// `DEFLECT_MAX_FILE_MB` when it is set to a whole number.
    pub fn from_env() -> Self {
        let mut limits = Limits::default();
        if let Some(mb) = std::env::var("DEFLECT_MAX_FILE_MB")
            .ok()
            .and_then(|v| v.trim().parse::<u64>().ok())
        {
            limits.max_file_bytes = mb.saturating_mul(1024 * 1024);
        }
        limits
    }
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_file_bytes: 256 * 1024 * 1024,
            max_depth: 64,
        }
    }
}

/// How much of each file the loader keeps once its entries are read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Keep {
    /// Every file's text and where every value was written: `validate`
    /// and `--fix` point into them.
    Everything,
    /// What the desk commands use. A file that holds only services is let
    /// go as soon as they are read, with where their values were written,
    /// so a national directory's text is never in memory at once; files
    /// with the `[directory]` table, places or categories are kept whole.
    /// Diagnostics made after loading name such a file without a line.
    Desk,
}
