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
pub use rules::{contact_hashes, ContactHashes};

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
    validate_loaded(
        loaded,
        &rules::all_contact_hashes(&loaded.services),
        options,
    )
}

/// [`validate`], with each service's [`ContactHashes`] worked out while
/// loading: `Listing::load_visiting(…, contact_hashes)`, as the `validate`
/// command does. At national scale this saves a pass over 100,000 services
/// scattered over the heap.
pub fn validate_loaded(loaded: &Loaded, contacts: &[ContactHashes], options: &Options) -> Report {
    let mut diagnostics = loaded.diagnostics.clone();
    rules::check(loaded, options, contacts, &mut diagnostics);
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::directory::{list, DirSource, Keep, Limits};

    /// What the rules compare services by, worked out while loading, lines
    /// up with the services however the files fail: the report is the one
    /// worked out after loading, twins named the same.
    #[test]
    fn contacts_worked_out_while_loading_give_the_same_report() {
        let dir = tempfile::tempdir().unwrap();
        let service = |id: &str, name: &str, phone: &str| {
            format!("[[service]]\nid = \"{id}\"\nname = \"{name}\"\ncategories = [\"detox\"]\nphone = \"{phone}\"\naddress = \"1 Main St\"\n")
        };
        std::fs::write(
            dir.path().join("a.toml"),
            "[directory]\nname = \"Twins\"\ntimezone = \"America/Chicago\"\n",
        )
        .unwrap();
        std::fs::write(
            dir.path().join("b.toml"),
            service("one", "Harbor Clinic", "555-0100") + &service("two", "Oak House", "555-0101"),
        )
        .unwrap();
        // A file that does not parse adds no service between the others.
        std::fs::write(dir.path().join("c.toml"), "[[service]\nid = \"x\"\n").unwrap();
        std::fs::write(
            dir.path().join("d.toml"),
            service("three", "harbor clinic!", "(555) 0100")
                + &service("four", "", "555-0101")
                + &service("five", "Oak  House", "555 9999"),
        )
        .unwrap();
        let source = DirSource::Path(dir.path().to_path_buf());
        let options = Options {
            as_of: NaiveDate::from_ymd_opt(2026, 12, 3).unwrap(),
            max_age_days: 365,
        };
        let (loaded, contacts) = list(&source).unwrap().load_visiting(
            Limits::default(),
            Keep::Everything,
            contact_hashes,
        );
        assert_eq!(contacts.len(), loaded.services.len());
        let visited = validate_loaded(&loaded, &contacts, &options);
        let after = validate(&loaded, &options);
        assert_eq!(visited.diagnostics, after.diagnostics);
        let twins: Vec<&str> = visited
            .diagnostics
            .iter()
            .filter(|d| d.code == "possible-duplicate")
            .filter_map(|d| d.service.as_deref())
            .collect();
        // "three" is "one" again (same name and phone); "five" has the name
        // and address of "two".
        assert_eq!(twins, ["three", "five"]);
    }
}
