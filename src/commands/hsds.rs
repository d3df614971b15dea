//! `deflect import hsds` and `deflect export hsds`.

use std::io::Write;

use anyhow::{bail, Result};

use crate::cli::{ExportArgs, ExportFormat, ImportArgs, ImportFormat, TextFormat};
use crate::directory::{self, Limits};
use crate::exit;
use crate::hsds::{run_export, run_import, ImportRequest};
use crate::session::{Fallback, Session};
use crate::when::parse_date;

pub(super) fn import(
    session: &Session,
    args: &ImportArgs,
    out: &mut dyn Write,
    _err: &mut dyn Write,
) -> Result<u8> {
    let ImportFormat::Hsds(args) = &args.format;
    let as_of = match &args.as_of {
        Some(day) => match parse_date(day) {
            Ok(day) => Some(day),
            Err(message) => bail!("--as-of: {message}"),
        },
        None => None,
    };
    let request = ImportRequest {
        input: &args.input,
        out: &args.out,
        timezone: args.timezone.as_deref(),
        country: args.country.as_deref(),
        name: args.name.as_deref(),
        map: args.map.as_deref(),
        force: args.force,
        as_of,
        now: session.clock.real_now(),
    };
    let (report, written) = run_import(&request)?;
    match args.format {
        TextFormat::Json => {
            let mut value = serde_json::to_value(&report)?;
            if let Some(o) = value.as_object_mut() {
                o.insert("written".into(), serde_json::Value::Bool(written));
            }
            serde_json::to_writer_pretty(&mut *out, &value)?;
            writeln!(out)?;
        }
        TextFormat::Text => report.write_text(out, written)?,
    }
    Ok(if written { exit::OK } else { exit::NOTHING })
}

pub(super) fn export(
    session: &Session,
    args: &ExportArgs,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<u8> {
    let ExportFormat::Hsds(args) = &args.format;
    let source = session.source(Fallback::Refuse)?;
    let loaded = directory::load(&source, Limits::default())?;
    let directory = match loaded.into_directory() {
        Ok((directory, faults)) => {
            for line in faults.summary() {
                writeln!(err, "{line}")?;
            }
            directory
        }
        Err(diagnostics) => {
            for d in diagnostics.iter().take(5) {
                writeln!(err, "{}", d.headline())?;
            }
            bail!(
                "the directory {} has no usable [directory] table: run `deflect validate` on it",
                source.describe()
            )
        }
    };
    let report = run_export(&directory, &args.out, session.now(directory.info.timezone)?)?;
    match args.format {
        TextFormat::Json => {
            serde_json::to_writer_pretty(&mut *out, &report)?;
            writeln!(out)?;
        }
        TextFormat::Text => {
            writeln!(
                out,
                "Exported {} service{} of {} to {}",
                report.services,
                if report.services == 1 { "" } else { "s" },
                crate::sanitize::one_line(&directory.info.name),
                crate::sanitize::one_line(&report.file)
            )?;
            if report.demo {
                writeln!(
                    out,
                    "  the services are marked as fictional demo data (deflect-demo): an import of them says demo = true"
                )?;
            }
            if !report.hours_not_expressed.is_empty() {
                writeln!(
                    out,
                    "  hours the schedule rows do not say in full (kept whole in the deflect-hours attribute and the rows' notes): {}",
                    report.hours_not_expressed.len()
                )?;
                for line in &report.hours_not_expressed {
                    writeln!(out, "    - {}", crate::sanitize::one_line(line))?;
                }
            }
        }
    }
    Ok(exit::OK)
}
