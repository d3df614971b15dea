//! `deflect validate`.

use std::io::Write;

use anyhow::{bail, Result};

use crate::cli::{TextFormat, ValidateArgs};
use crate::commands::Context;
use crate::directory::{self, Limits};
use crate::exit;
use crate::validate::{validate, Options};
use crate::when::parse_date;

pub(super) fn run(
    context: &Context<'_>,
    args: &ValidateArgs,
    out: &mut dyn Write,
    _err: &mut dyn Write,
) -> Result<u8> {
    let source = context.source(false)?;
    let loaded = directory::load(&source, Limits::default())?;
    let zone = loaded.info.as_ref().map_or(chrono_tz::UTC, |i| i.timezone);
    let as_of = match &args.as_of {
        Some(day) => match parse_date(day) {
            Ok(day) => day,
            Err(message) => bail!("--as-of: {message}"),
        },
        None => context.now.with_timezone(&zone).date_naive(),
    };
    let options = Options {
        as_of,
        max_age_days: i64::from(args.max_age),
    };
    let report = validate(&loaded, &options);
    match args.format {
        TextFormat::Json => {
            serde_json::to_writer_pretty(&mut *out, &report)?;
            writeln!(out)?;
        }
        TextFormat::Text => {
            for d in &report.diagnostics {
                writeln!(out, "{}", d.render_text())?;
            }
            let s = report.summary;
            writeln!(
                out,
                "{}: {} file{}, {} service{}: {} error{}, {} warning{}",
                source.describe(),
                s.files,
                if s.files == 1 { "" } else { "s" },
                s.services,
                if s.services == 1 { "" } else { "s" },
                s.errors,
                if s.errors == 1 { "" } else { "s" },
                s.warnings,
                if s.warnings == 1 { "" } else { "s" },
            )?;
        }
    }
    Ok(if report.fails(args.deny_warnings) {
        exit::NOTHING
    } else {
        exit::OK
    })
}
