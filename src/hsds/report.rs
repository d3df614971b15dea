//! The report at the end of every import: what was written, what was
//! skipped and why, terms that did not map, schedules that were dropped or
//! simplified. Printed for people, or as JSON for a nightly script.

use std::collections::BTreeMap;
use std::io::Write;

use serde::Serialize;

/// A service that was not written.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Skipped {
    /// The service, named for people.
    pub service: String,
    /// Why.
    pub reason: String,
}

/// Everything an import has to say.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Report {
    /// The input read.
    pub input: String,
    /// The output folder.
    pub out: String,
    /// HSDS services read.
    pub services_read: usize,
    /// Records of the input that are not services.
    pub not_services: usize,
    /// Deflect services written (one per service at a location).
    pub services_written: usize,
    /// Of those, how many are written with `active = false`.
    pub inactive: usize,
    /// Of those, how many have no mapped category.
    pub services_unmapped: usize,
    /// Services not written.
    pub skipped: Vec<Skipped>,
    /// Terms that map to nothing, with how many services carry them.
    pub terms_unmapped: BTreeMap<String, usize>,
    /// Terms whose single words name several categories.
    pub terms_ambiguous: BTreeMap<String, Vec<String>>,
    /// Terms mapped through one word only (worth a look).
    pub terms_by_word: BTreeMap<String, String>,
    /// Schedule rows no longer or not yet in force.
    pub schedules_dropped: Vec<String>,
    /// Schedule rows that opening hours cannot say (kept as comments).
    pub schedules_unexpressed: Vec<String>,
    /// Readings that simplified a row.
    pub schedules_simplified: Vec<String>,
    /// Services whose text held control characters, now removed.
    pub text_cleaned: Vec<String>,
    /// Places written for named locations.
    pub places_written: usize,
    /// Files written.
    pub files_written: Vec<String>,
    /// Files of the previous import that were replaced.
    pub files_replaced: usize,
    /// Whether `directory.toml` was kept as it was.
    pub directory_kept: bool,
    /// The input carries the demo mark of `export hsds`: the directory is
    /// fictional demo data (`demo = true`).
    pub demo: bool,
    /// Anything else worth saying.
    pub notes: Vec<String>,
}

impl Report {
    /// Records a skipped service.
    pub fn skip(&mut self, service: String, reason: &str) {
        self.skipped.push(Skipped {
            service,
            reason: reason.to_string(),
        });
    }

    /// Records an unmapped term.
    pub fn unmapped(&mut self, term: &str) {
        *self.terms_unmapped.entry(term.to_string()).or_default() += 1;
    }

    /// Records an ambiguous term.
    pub fn ambiguous(&mut self, term: &str, candidates: &[String]) {
        self.terms_ambiguous
            .insert(term.to_string(), candidates.to_vec());
    }

    /// Records a term mapped through a single word.
    pub fn by_word(&mut self, term: &str, category: &str) {
        self.terms_by_word
            .insert(term.to_string(), category.to_string());
    }

    /// Writes the report for people. `written` says whether the import
    /// wrote the directory: when it did not, the report says so first and
    /// claims no file.
    ///
    /// # Errors
    /// When the writer fails.
    pub fn write_text(&self, out: &mut dyn Write, written: bool) -> std::io::Result<()> {
        self.write_summary(out, written)?;
        list(
            out,
            "skipped",
            self.skipped
                .iter()
                .map(|s| format!("{}: {}", s.service, s.reason)),
        )?;
        if self.services_unmapped > 0 {
            writeln!(
                out,
                "  services with no mapped category (written in category `unmapped`, terms kept in x-unmapped-terms): {}",
                self.services_unmapped
            )?;
        }
        list(
            out,
            "terms unmapped (map them with --map)",
            self.terms_unmapped
                .iter()
                .map(|(t, n)| format!("{t} ({n} service{})", if *n == 1 { "" } else { "s" })),
        )?;
        list(
            out,
            "terms ambiguous, not mapped (map them with --map)",
            self.terms_ambiguous
                .iter()
                .map(|(t, c)| format!("{t}: could be {}", c.join(" or "))),
        )?;
        list(
            out,
            "terms mapped by a single word (check them)",
            self.terms_by_word
                .iter()
                .map(|(t, c)| format!("{t} -> {c}")),
        )?;
        list(
            out,
            "schedule rows dropped",
            self.schedules_dropped.iter().cloned(),
        )?;
        list(
            out,
            "schedule rows not expressible (kept as comments)",
            self.schedules_unexpressed.iter().cloned(),
        )?;
        list(
            out,
            "schedules simplified",
            self.schedules_simplified.iter().cloned(),
        )?;
        list(
            out,
            "control characters removed from the text of",
            self.text_cleaned.iter().cloned(),
        )?;
        list(out, "notes", self.notes.iter().cloned())?;
        if !written {
            return Ok(());
        }
        writeln!(
            out,
            "  places written: {}; files written: {}; files of the previous import replaced: {}; directory.toml {}",
            self.places_written,
            self.files_written.len(),
            self.files_replaced,
            if self.directory_kept { "kept as it was" } else { "written" }
        )?;
        Ok(())
    }

    /// The first lines: what was imported where, and the counts.
    fn write_summary(&self, out: &mut dyn Write, written: bool) -> std::io::Result<()> {
        let show = crate::sanitize::one_line;
        if written {
            writeln!(
                out,
                "Imported {} into {}",
                show(&self.input),
                show(&self.out)
            )?;
        } else {
            writeln!(
                out,
                "Nothing was imported from {}: no service could be written, so {} was left as it was",
                show(&self.input),
                show(&self.out)
            )?;
        }
        if self.demo {
            writeln!(
                out,
                "  the input is deflect's fictional demo data: the directory says demo = true, and every output says so"
            )?;
        }
        writeln!(
            out,
            "  HSDS services read: {}; deflect services written (one per service at a location): {}; skipped: {}{}",
            self.services_read,
            self.services_written,
            self.skipped.len(),
            if self.not_services > 0 {
                format!("; {} other records ignored", self.not_services)
            } else {
                String::new()
            }
        )?;
        if self.inactive > 0 {
            writeln!(
                out,
                "  written inactive (status other than active): {}",
                self.inactive
            )?;
        }
        Ok(())
    }
}

fn list(
    out: &mut dyn Write,
    title: &str,
    items: impl Iterator<Item = String>,
) -> std::io::Result<()> {
    let items: Vec<String> = items.collect();
    if items.is_empty() {
        return Ok(());
    }
    writeln!(out, "  {title}: {}", items.len())?;
    for item in items {
        writeln!(out, "    - {}", crate::sanitize::one_line(&item))?;
    }
    Ok(())
}
