//! The exit statuses, in one named place (docs/CLI.md).

/// Success: something was found, or the check passed.
pub const OK: u8 = 0;
/// Nothing found, or the check found problems.
pub const NOTHING: u8 = 1;
/// An error: a bad flag or value, or a directory that does not load.
pub const ERROR: u8 = 2;
