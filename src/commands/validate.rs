//! `deflect validate`, and `--fix`.

use std::io::Write;

use anyhow::{bail, Result};

use crate::cli::{TextFormat, ValidateArgs};
use crate::commands::Context;
use crate::directory::walk::walk;
use crate::directory::{self, DirSource, Limits};
use crate::exit;
use crate::hours::rewrite_hours;
use crate::sanitize::visible;
use crate::validate::{validate, Options};
use crate::when::parse_date;

pub(super) fn run(
    context: &Context<'_>,
    args: &ValidateArgs,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<u8> {
    let source = context.source(false)?;
    if args.fix {
        fix(&source, args.dry_run, out, err)?;
        if args.dry_run {
            return Ok(exit::OK);
        }
    }
    // As in find: the holiday database is decoded beside the loading.
    std::thread::spawn(crate::hours::HolidayCalendar::warm_up);
    let loaded = directory::load(&source, Limits::from_env())?;
    let zone = loaded.info.as_ref().map_or(chrono_tz::UTC, |i| i.timezone);
    let as_of = match &args.as_of {
        Some(day) => match parse_date(day) {
            Ok(day) => day,
            Err(message) => bail!("--as-of: {message}"),
        },
        None => context.now(zone)?.with_timezone(&zone).date_naive(),
    };
    let options = Options {
        as_of,
        max_age_days: i64::from(args.max_age),
    };
    let report = validate(&loaded, &options);
    crate::timing::phase("validate rules");
    match args.format {
        TextFormat::Json => {
            crate::render::write_json(out, &serde_json::to_value(&report)?)?;
        }
        TextFormat::Text => {
            // A national directory can have tens of thousands of findings:
            // they are formatted on every core, and written in order.
            let chunks: Vec<&[crate::diagnostic::Diagnostic]> =
                report.diagnostics.chunks(2048).collect();
            let texts = crate::directory::load::parallel_map(chunks, 2, |chunk| {
                let mut text = String::new();
                for d in chunk {
                    d.push_text(&mut text);
                    text.push('\n');
                }
                text
            });
            for text in texts {
                out.write_all(text.as_bytes())?;
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
    crate::timing::phase("write report");
    let code = if report.fails(args.deny_warnings) {
        exit::NOTHING
    } else {
        exit::OK
    };
    super::leave_to_exit((loaded, report));
    Ok(code)
}

/// Rewrites tolerated hours to their canonical form in every file, keeping
/// everything else byte for byte; with `dry_run`, prints a diff instead.
fn fix(source: &DirSource, dry_run: bool, out: &mut dyn Write, err: &mut dyn Write) -> Result<()> {
    let DirSource::Path(root) = source else {
        bail!("the demo directory is built into deflect and cannot be fixed: copy it to a folder first");
    };
    let (files, _) = walk(root)?;
    let mut changed = 0;
    for file in files {
        let Ok(text) = std::fs::read_to_string(&file.path) else {
            continue; // reported by the validation that follows
        };
        let Ok(rewrite) = rewrite_hours(&text) else {
            continue; // a file that is not TOML is reported as such below
        };
        // A rewrite that would change the meaning is never written.
        for refused in &rewrite.refused {
            writeln!(err, "{}", refused.diagnostic(&file.rel).headline())?;
        }
        let (fixed, fixes) = (rewrite.text, rewrite.fixes);
        if fixes.is_empty() {
            continue;
        }
        changed += fixes.len();
        if dry_run {
            writeln!(out, "--- a/{}\n+++ b/{}", file.rel, file.rel)?;
            let old: Vec<&str> = text.lines().collect();
            let new: Vec<&str> = fixed.lines().collect();
            for f in &fixes {
                let i = f.line - 1;
                writeln!(out, "@@ -{0},1 +{0},1 @@", f.line)?;
                writeln!(out, "-{}", visible(old.get(i).unwrap_or(&"")))?;
                writeln!(out, "+{}", visible(new.get(i).unwrap_or(&"")))?;
            }
        } else {
            crate::fsutil::write_atomic(&file.path, fixed.as_bytes())
                .map_err(|e| anyhow::anyhow!("cannot write {}: {e}", file.path.display()))?;
            for f in &fixes {
                writeln!(
                    err,
                    "fixed {}:{}: hours \"{}\" -> \"{}\"",
                    file.rel,
                    f.line,
                    visible(&f.before),
                    visible(&f.after)
                )?;
            }
        }
    }
    if dry_run {
        writeln!(
            err,
            "{changed} value{} would change; nothing was written",
            if changed == 1 { "" } else { "s" }
        )?;
    } else {
        writeln!(
            err,
            "{changed} value{} rewritten",
            if changed == 1 { "" } else { "s" }
        )?;
    }
    Ok(())
}
