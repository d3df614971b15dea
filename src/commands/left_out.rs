//! Saying why an entry that exists is left out of the desk's answers,
//! when someone asks for it by id (`show ID`): "no service has the id"
//! would send them looking for a typo that is not there.

use anyhow::Result;

use crate::commands::Context;
use crate::directory::{self, FaultReport, Limits};
use crate::sanitize::one_line;

/// The error for an id that names an entry the desk leaves out, with the
/// file and line of each such entry and its faults; `None` when no
/// entry left out has the id.
///
/// # Errors
/// When the directory cannot be read again for the faults.
pub(super) fn left_out_error(
    context: &Context<'_>,
    report: &FaultReport,
    id: &str,
) -> Result<Option<anyhow::Error>> {
    let Some(left_out) = report.left_out.iter().find(|l| l.entry == id) else {
        return Ok(None);
    };
    // The desk keeps no positions: read the files again for them, only
    // now that they are asked for.
    let loaded = directory::load(&context.source(true)?, Limits::from_env())?;
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
    Ok(Some(anyhow::anyhow!(lines.join("\n"))))
}
