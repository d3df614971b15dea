//! What loading made of a directory, good and bad ([`Loaded`]), and the
//! usable directory the desk commands are given from it.

use crate::diagnostic::Diagnostic;
use crate::directory::load::report::{FaultReport, LeftOut};
use crate::directory::model::{Directory, DirectoryInfo, Service, Word};
use crate::directory::source::SourceFile;
use crate::places::Place;
use crate::taxonomy::Taxonomy;

/// Everything read from a directory, good and bad.
#[derive(Debug, Clone)]
pub struct Loaded {
    /// The files read, for positions and source lines.
    pub files: Vec<SourceFile>,
    /// The `[directory]` table, when a usable one was read.
    pub info: Option<DirectoryInfo>,
    /// Every `[[service]]` table that could be read, usable or not, each
    /// boxed where its file was read (see [`Loaded::into_directory`]).
    pub services: Vec<Box<Service>>,
    /// For each of `services`, why it is left out, if it is.
    pub faults: Vec<Option<&'static str>>,
    /// The gazetteer.
    pub places: Vec<Place>,
    /// The taxonomy with the directory's categories.
    pub taxonomy: Taxonomy,
    /// Every problem found while loading.
    pub diagnostics: Vec<Diagnostic>,
    /// How many `[[service]]` tables were declared.
    pub services_declared: usize,
    /// Entries whose table could not even be read as one.
    pub unreadable_entries: Vec<LeftOut>,
    /// How many kept services lost a faulty value.
    pub trimmed: usize,
    /// Where services without an id were written, as `file:line`, by
    /// index into `services`, in order: worked out while the file's text
    /// was at hand.
    pub unnamed: Vec<(usize, String)>,
    /// The directory's request words that stand (`[[word]]`); those that
    /// name a category are synonyms in `taxonomy` instead.
    pub words: Vec<Word>,
    /// How many `[[word]]` tables were dropped for a fault.
    pub dropped_words: usize,
}

impl Loaded {
    /// The entries left out of desk answers, with the reason.
    pub fn fault_report(&self) -> FaultReport {
        let mut left_out = self.unreadable_entries.clone();
        for (i, (service, fault)) in self.services.iter().zip(&self.faults).enumerate() {
            if let Some(reason) = fault {
                let entry = if service.id.is_empty() {
                    match self.unnamed.binary_search_by_key(&i, |(index, _)| *index) {
                        Ok(at) => self.unnamed[at].1.clone(),
                        Err(_) => self.files[service.origin.file as usize].rel.clone(),
                    }
                } else {
                    service.id.clone()
                };
                left_out.push(LeftOut { entry, reason });
            }
        }
        let broken_files = self
            .diagnostics
            .iter()
            .filter(|d| {
                matches!(
                    d.code,
                    "toml-syntax" | "not-utf8" | "unreadable-file" | "file-too-large"
                )
            })
            .filter_map(|d| d.file.as_ref())
            .collect::<std::collections::BTreeSet<_>>()
            .len();
        FaultReport {
            left_out,
            trimmed: self.trimmed,
            broken_files,
            dropped_words: self.dropped_words,
        }
    }

    /// The usable directory, for the desk commands.
    ///
    /// # Errors
    /// When no usable `[directory]` table was read.
    pub fn into_directory(self) -> Result<(Directory, FaultReport), Vec<Diagnostic>> {
        let report = self.fault_report();
        let Some(info) = self.info else {
            let blocking: Vec<Diagnostic> = self
                .diagnostics
                .into_iter()
                .filter(|d| {
                    matches!(
                        d.code,
                        "missing-directory-table"
                            | "invalid-timezone"
                            | "missing-key"
                            | "unsupported-format"
                            | "toml-syntax"
                            | "not-utf8"
                            | "unreadable-file"
                            | "file-too-large"
                    ) && (d.service.is_none())
                })
                .collect();
            return Err(blocking);
        };
        // The text of the files is no longer needed: free it before the
        // usable services are taken out of their boxes.
        drop(self.files);
        drop(self.diagnostics);
        let services = self
            .services
            .into_iter()
            .zip(self.faults)
            .filter(|(_, fault)| fault.is_none())
            .map(|(service, _)| *service)
            .collect();
        Ok((
            Directory {
                info,
                services,
                places: self.places,
                taxonomy: self.taxonomy,
                words: self.words,
            },
            report,
        ))
    }
}
