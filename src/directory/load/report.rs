//! The fault report: what the desk commands tell standard error about a
//! directory with faults (docs/CLI.md, "A directory with faults"), the
//! entries left out and why, in plain words.

use std::collections::BTreeMap;

use crate::sanitize::one_line;

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
            lines.push(format!(
                "note: {} left out ({})",
                counted(self.left_out.len(), "entry", "entries"),
                self.reasons()
            ));
        }
        if self.trimmed > 0 {
            lines.push(format!(
                "note: {} kept without a faulty value",
                counted(self.trimmed, "entry", "entries")
            ));
        }
        if self.broken_files > 0 {
            lines.push(format!(
                "note: {} could not be read",
                counted(self.broken_files, "file", "files")
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

    /// Each reason for leaving entries out, with the first five entries
    /// left out for it: `no phone: a, b and 3 more; no name: x.toml:4`.
    fn reasons(&self) -> String {
        let mut by_reason: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
        for l in &self.left_out {
            by_reason.entry(l.reason).or_default().push(&l.entry);
        }
        let parts: Vec<String> = by_reason
            .iter()
            .map(|(reason, entries)| {
                let shown: Vec<String> = entries.iter().take(5).map(|e| one_line(e)).collect();
                let more = if entries.len() > 5 {
                    format!(" and {} more", entries.len() - 5)
                } else {
                    String::new()
                };
                format!("{reason}: {}{more}", shown.join(", "))
            })
            .collect();
        parts.join("; ")
    }
}

/// `1 entry`, `3 entries`.
fn counted(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_summary_counts_in_words_and_names_the_first_five_per_reason() {
        fn left_out(entries: &[&str], reason: &'static str) -> Vec<LeftOut> {
            entries
                .iter()
                .map(|e| LeftOut {
                    entry: e.to_string(),
                    reason,
                })
                .collect()
        }
        let report = FaultReport {
            left_out: [
                left_out(&["a", "b", "c", "d", "e", "f", "g"], "no phone"),
                left_out(&["x.toml:4"], "no name"),
            ]
            .concat(),
            trimmed: 1,
            broken_files: 2,
            dropped_words: 1,
        };
        assert_eq!(
            report.summary(),
            [
                "note: 8 entries left out (no name: x.toml:4; no phone: a, b, c, d, e and 2 more)",
                "note: 1 entry kept without a faulty value",
                "note: 2 files could not be read",
                "note: 1 of the directory's request words ([[word]]) is not used",
                "note: run `deflect validate` to see every problem with its file and line",
            ]
        );
        let one = FaultReport {
            left_out: left_out(&["a"], "no phone"),
            trimmed: 3,
            broken_files: 1,
            dropped_words: 2,
        };
        assert_eq!(
            &one.summary()[..4],
            [
                "note: 1 entry left out (no phone: a)",
                "note: 3 entries kept without a faulty value",
                "note: 1 file could not be read",
                "note: 2 of the directory's request words ([[word]]) are not used",
            ]
        );
        assert!(FaultReport::default().summary().is_empty());
    }
}
