//! A service asked for by its id (`show ID`, `slip ID…`): the service, or
//! an error that says why there is none, in one rule for both commands:
//!
//! - an entry the desk leaves out (a fault in it) is said to be there,
//!   with the file and line of each entry with that id and its faults,
//!   since "no service has the id" would send the officer looking for a
//!   typo that is not there;
//! - a withdrawn service (`active = false`) is shown, but printed on no
//!   slip;
//! - an id that no entry has gets the closest ids (of the services the
//!   command can use), best first.

use anyhow::{anyhow, bail, Result};

use crate::directory::{self, Directory, FaultReport, Limits, Service};
use crate::sanitize::one_line;
use crate::session::{Fallback, Session};

/// What a service is asked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Purpose {
    /// To be shown whole: any service, withdrawn or not.
    Show,
    /// To be printed on a slip: only a service that is not withdrawn.
    Slip,
}

/// How many close ids are suggested at most.
const SUGGESTIONS: usize = 5;

/// How alike (Jaro-Winkler) an id must be to be suggested.
const ALIKE: f64 = 0.7;

impl Session {
    /// The service with `id` in a loaded directory (with the report of
    /// what its loading left out), for `purpose`.
    ///
    /// # Errors
    /// An entry left out, a withdrawn service for a slip, or no such id;
    /// each message says what to do.
    pub fn service<'d>(
        &self,
        directory: &'d Directory,
        report: &FaultReport,
        id: &str,
        purpose: Purpose,
    ) -> Result<&'d Service> {
        if let Some(service) = directory.service(id) {
            if purpose == Purpose::Slip && !service.active {
                bail!(
                    "the service \"{}\" is withdrawn from the directory for now (active = false): no slip is printed for it",
                    one_line(id)
                );
            }
            return Ok(service);
        }
        if let Some(error) = self.left_out_error(report, id)? {
            return Err(error);
        }
        let usable = directory
            .services
            .iter()
            .filter(|s| purpose == Purpose::Show || s.active)
            .map(|s| s.id.as_str());
        let suggestions = close_ids(usable, id);
        if suggestions.is_empty() {
            bail!(
                "no service has the id \"{}\": `deflect find` lists services with their ids",
                one_line(id)
            );
        }
        bail!(
            "no service has the id \"{}\"; did you mean: {}?",
            one_line(id),
            suggestions.join(", ")
        )
    }

    /// The error for an id that names an entry the desk leaves out, with
    /// the file and line of each such entry and its faults; `None` when no
    /// entry left out has the id.
    ///
    /// # Errors
    /// When the directory cannot be read again for the faults.
    fn left_out_error(&self, report: &FaultReport, id: &str) -> Result<Option<anyhow::Error>> {
        let Some(left_out) = report.left_out.iter().find(|l| l.entry == id) else {
            return Ok(None);
        };
        // The desk keeps no positions: read the files again for them, only
        // now that they are asked for.
        let loaded = directory::load(&self.source(Fallback::Demo)?, Limits::from_env())?;
        let mut lines = vec![format!(
            "the service \"{}\" is in the directory, but every search, slip and card leaves it out ({}):",
            one_line(id),
            left_out.reason
        )];
        for (i, service) in loaded.services.iter().enumerate() {
            if service.id != id {
                continue;
            }
            let file = &loaded.files[service.origin.file as usize];
            let line_of = |offset: u32| file.position(offset as usize).map_or(0, |(line, _)| line);
            let first = line_of(service.origin.table);
            // The entry runs to the next one in the same file.
            let end = loaded
                .services
                .get(i + 1)
                .filter(|next| next.origin.file == service.origin.file)
                .map_or(usize::MAX, |next| line_of(next.origin.table));
            lines.push(format!(
                "  {}:{first}: its [[service]] table",
                one_line(&file.rel)
            ));
            lines.extend(
                loaded
                    .diagnostics
                    .iter()
                    .filter(|d| d.is_error() && d.file.as_deref() == Some(file.rel.as_str()))
                    .filter(|d| d.line.is_some_and(|l| (first..end).contains(&l)))
                    .map(|d| format!("  {}", d.headline())),
            );
        }
        lines.push(
            "fix it there and it is back; `deflect validate` lists every problem of the directory"
                .into(),
        );
        Ok(Some(anyhow!(lines.join("\n"))))
    }
}

/// The ids most like `id` (without regard to its case), best first, ties
/// in the order of the ids: at most [`SUGGESTIONS`].
fn close_ids<'d>(ids: impl Iterator<Item = &'d str>, id: &str) -> Vec<&'d str> {
    let wanted = id.to_lowercase();
    let mut close: Vec<(f64, &str)> = ids
        .map(|other| (strsim::jaro_winkler(&wanted, other), other))
        .filter(|(score, _)| *score > ALIKE)
        .collect();
    close.sort_by(|a, b| b.0.total_cmp(&a.0).then_with(|| a.1.cmp(b.1)));
    close
        .into_iter()
        .take(SUGGESTIONS)
        .map(|(_, id)| id)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Issue #17: `show` and `slip` suggested close ids each in their own
    /// way; ties now come in the order of the ids for both.
    #[test]
    fn close_ids_are_best_first_then_in_id_order() {
        let ids = ["detox-b", "detox-a", "shelter", "detox-247"];
        assert_eq!(
            close_ids(ids.into_iter(), "DETOX-C"),
            vec!["detox-a", "detox-b", "detox-247"]
        );
        assert!(close_ids(ids.into_iter(), "zzz").is_empty());
    }
}
