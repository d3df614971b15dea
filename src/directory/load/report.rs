//! The fault report: what the desk commands tell standard error about a
//! directory with faults (docs/CLI.md, "A directory with faults"), the
//! entries left out and why, in plain words.

use std::collections::BTreeMap;

/// An entry that `find` and the desk commands leave out, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LeftOut {
    /// The entry's id, or its position when it has none.
    pub entry: String,
    /// Why it cannot make a safe referral.
    pub reason: &'static str,
}

/// What the desk commands are told about a directory with faults.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FaultReport {
    /// Entries left out, with the reason.
    pub left_out: Vec<LeftOut>,
    /// Entries kept without a faulty value.
    pub trimmed: usize,
    /// Files that could not be read or parsed.
    pub broken_files: usize,
    /// The directory's `[[word]]` tables dropped for a fault.
    pub dropped_words: usize,
}

impl FaultReport {
    /// The lines to print on standard error, empty when all is well.
    pub fn summary(&self) -> Vec<String> {
        let mut lines = Vec::new();
        if !self.left_out.is_empty() {
            let mut by_reason: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
            for l in &self.left_out {
                by_reason.entry(l.reason).or_default().push(&l.entry);
            }
            let parts: Vec<String> = by_reason
                .iter()
                .map(|(reason, entries)| {
                    let shown: Vec<String> = entries
                        .iter()
                        .take(5)
                        .map(|e| crate::sanitize::one_line(e))
                        .collect();
                    let more = if entries.len() > 5 {
                        format!(" and {} more", entries.len() - 5)
                    } else {
                        String::new()
                    };
                    format!("{reason}: {}{more}", shown.join(", "))
                })
                .collect();
            lines.push(format!(
                "note: {} {} left out ({})",
                self.left_out.len(),
                if self.left_out.len() == 1 {
                    "entry"
                } else {
                    "entries"
                },
                parts.join("; ")
            ));
        }
        if self.trimmed > 0 {
            lines.push(format!(
                "note: {} {} kept without a faulty value",
                self.trimmed,
                if self.trimmed == 1 {
                    "entry"
                } else {
                    "entries"
                }
            ));
        }
        if self.broken_files > 0 {
            lines.push(format!(
                "note: {} {} could not be read",
                self.broken_files,
                if self.broken_files == 1 {
                    "file"
                } else {
                    "files"
                }
            ));
        }
        if self.dropped_words > 0 {
            lines.push(format!(
                "note: {} of the directory's request words ([[word]]) {} not used",
                self.dropped_words,
                if self.dropped_words == 1 { "is" } else { "are" }
            ));
        }
        if !lines.is_empty() {
            lines.push(
                "note: run `deflect validate` to see every problem with its file and line".into(),
            );
        }
        lines
    }
}
