//! `deflect validate`: the checks a directory keeper runs nightly.
//!
//! Loading already reports what is wrong with the shape of each entry
//! (syntax, types, unknown keys, ids, coordinates…). The rules here judge
//! what the entries say: hours that cannot be read or never open, stale
//! verification, expired alerts, likely duplicates. Each rule is a small
//! function; findings are data.

mod json;
mod rules;

pub use json::write_report;

use chrono::NaiveDate;
use serde::Serialize;

use crate::diagnostic::{self, Diagnostic, Severity};
use crate::directory::Loaded;

/// What the checks are judged against.
#[derive(Debug, Clone, Copy)]
pub struct Options {
    /// The day against which ages are judged (`--as-of`).
    pub as_of: NaiveDate,
    /// How old a `verified` date may be, in days (`--max-age`).
    pub max_age_days: i64,
}

/// The counts at the end of a run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Summary {
    /// Files read.
    pub files: usize,
    /// `[[service]]` tables declared.
    pub services: usize,
    /// Errors found.
    pub errors: usize,
    /// Warnings found.
    pub warnings: usize,
}

/// A value that `--fix` rewrote, or would rewrite with `--dry-run`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fixed {
    /// The file, relative to the directory folder, with `/`.
    pub file: String,
    /// 1-based line of the value.
    pub line: usize,
    /// The id of the service whose value it is.
    pub service: Option<String>,
    /// The value as it was written.
    pub before: String,
    /// The value as it is (or would be) written.
    pub after: String,
}

/// The result of validating a directory.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    /// Every problem, ordered by file, line, column and code.
    pub diagnostics: Vec<Diagnostic>,
    /// The counts.
    pub summary: Summary,
}

impl Report {
    /// Whether the run fails: any error, or any warning when warnings are
    /// denied.
    pub fn fails(&self, deny_warnings: bool) -> bool {
        self.summary.errors > 0 || (deny_warnings && self.summary.warnings > 0)
    }
}

/// Runs every check over a loaded directory.
pub fn validate(loaded: &Loaded, options: &Options) -> Report {
    let mut diagnostics = loaded.diagnostics.clone();
    rules::check(loaded, options, &mut diagnostics);
    diagnostic::sort(&mut diagnostics);
    let errors = diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .count();
    let summary = Summary {
        files: loaded.files.len(),
        services: loaded.services_declared,
        errors,
        warnings: diagnostics.len() - errors,
    };
    Report {
        diagnostics,
        summary,
    }
}
