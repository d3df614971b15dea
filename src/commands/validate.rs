//! `deflect validate`, and `--fix`.
//!
//! Which hours `--fix` rewrites is the hours engine's decision
//! ([`crate::hours::rewrite_hours`]: never one that changes what the hours
//! mean); this module decides what a
//! run shows and how it exits. With `--dry-run` nothing is written, and the
//! directory is judged as the fixes would leave it, so that the exit status
//! says whether errors remain.

use std::io::Write;

use anyhow::{bail, Result};

use crate::cli::{TextFormat, ValidateArgs};
use crate::directory::walk::walk;
use crate::directory::{self, DirSource, Keep, Limits};
use crate::exit;
use crate::hours::{rewrite_hours, HoursFix, RefusedFix};
use crate::sanitize::visible;
use crate::session::{Fallback, Session};
use crate::validate::{validate_loaded, write_report, Fixed, Options, Report};
use crate::when::parse_date;

pub(super) fn run(
    session: &Session,
    args: &ValidateArgs,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<u8> {
    let source = session.source(Fallback::Refuse)?;
    let rewrites = if args.fix {
        Some(rewrites(&source)?)
    } else {
        None
    };
    if let Some(rewrites) = &rewrites {
        if args.dry_run {
            if args.format == TextFormat::Text {
                write_diff(rewrites, out)?;
            }
        } else {
            apply(rewrites, err)?;
        }
        write_fix_summary(rewrites, args.dry_run, err)?;
    }
    // As in find: the holiday database is decoded beside the loading.
    std::thread::spawn(crate::hours::HolidayCalendar::warm_up);
    let mut listing = directory::list(&source)?;
    if args.dry_run {
        for rewrite in rewrites.iter().flatten() {
            listing.substitute(&rewrite.rel, rewrite.fixed.clone().into_bytes());
        }
    }
    let (loaded, contacts) = listing.load_visiting(
        Limits::from_env(),
        Keep::Everything,
        crate::validate::contact_hashes,
    );
    let zone = loaded.info.as_ref().map_or(chrono_tz::UTC, |i| i.timezone);
    let as_of = match &args.as_of {
        Some(day) => match parse_date(day) {
            Ok(day) => day,
            Err(message) => bail!("--as-of: {message}"),
        },
        None => session.now(zone)?.with_timezone(&zone).date_naive(),
    };
    let options = Options {
        as_of,
        max_age_days: i64::from(args.max_age),
    };
    let report = validate_loaded(&loaded, &contacts, &options);
    crate::timing::phase("validate: join and sort");
    match args.format {
        TextFormat::Json => {
            let fixes = rewrites.as_deref().map(fixed);
            write_report(out, &report, fixes.as_deref())?;
        }
        TextFormat::Text => write_text(&source, &report, out)?,
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

/// The text report: a block per finding, then the summary line.
fn write_text(source: &DirSource, report: &Report, out: &mut dyn Write) -> Result<()> {
    // A national directory can have tens of thousands of findings: they
    // are formatted on every core, and written in order.
    let chunks: Vec<&[crate::diagnostic::Diagnostic]> = report.diagnostics.chunks(2048).collect();
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
        plural(s.files),
        s.services,
        plural(s.services),
        s.errors,
        plural(s.errors),
        s.warnings,
        plural(s.warnings),
    )?;
    Ok(())
}

fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

/// One file's hours rewritten to their canonical form.
struct Rewrite {
    /// The file, relative to the directory folder.
    rel: String,
    /// Where it is.
    path: std::path::PathBuf,
    /// Its text as it is.
    text: String,
    /// Its text with the fixes.
    fixed: String,
    /// What changed, by line.
    fixes: Vec<HoursFix>,
    /// What was left as written because the rewrite would change what
    /// the hours mean.
    refused: Vec<RefusedFix>,
}

/// The rewrites `--fix` makes, file by file: tolerated hours in their
/// canonical form, everything else byte for byte.
fn rewrites(source: &DirSource) -> Result<Vec<Rewrite>> {
    let DirSource::Path(root) = source else {
        bail!("the demo directory is built into deflect and cannot be fixed: copy it to a folder first");
    };
    let (files, _) = walk(root)?;
    let mut out = Vec::new();
    for file in files {
        let Ok(text) = std::fs::read_to_string(&file.path) else {
            continue; // reported by the validation that follows
        };
        let Ok(rewrite) = rewrite_hours(&text) else {
            continue; // a file that is not TOML is reported as such below
        };
        if !rewrite.fixes.is_empty() || !rewrite.refused.is_empty() {
            out.push(Rewrite {
                rel: file.rel,
                path: file.path,
                text,
                fixed: rewrite.text,
                fixes: rewrite.fixes,
                refused: rewrite.refused,
            });
        }
    }
    Ok(out)
}

/// The rewrites as the JSON report lists them.
fn fixed(rewrites: &[Rewrite]) -> Vec<Fixed> {
    rewrites
        .iter()
        .flat_map(|r| {
            r.fixes.iter().map(|f| Fixed {
                file: r.rel.clone(),
                line: f.line,
                service: f.service.clone(),
                before: f.before.clone(),
                after: f.after.clone(),
            })
        })
        .collect()
}

/// `--dry-run`: the rewrites as a unified diff, one hunk per line.
fn write_diff(rewrites: &[Rewrite], out: &mut dyn Write) -> Result<()> {
    for r in rewrites {
        writeln!(out, "--- a/{}\n+++ b/{}", r.rel, r.rel)?;
        let old: Vec<&str> = r.text.lines().collect();
        let new: Vec<&str> = r.fixed.lines().collect();
        for f in &r.fixes {
            let i = f.line - 1;
            writeln!(out, "@@ -{0},1 +{0},1 @@", f.line)?;
            writeln!(out, "-{}", visible(old.get(i).unwrap_or(&"")))?;
            writeln!(out, "+{}", visible(new.get(i).unwrap_or(&"")))?;
        }
    }
    Ok(())
}

/// Writes the rewritten files in place (atomically), listing each change
/// on standard error.
fn apply(rewrites: &[Rewrite], err: &mut dyn Write) -> Result<()> {
    for r in rewrites {
        crate::fsutil::write_atomic(&r.path, r.fixed.as_bytes())
            .map_err(|e| anyhow::anyhow!("cannot write {}: {e}", r.path.display()))?;
        for f in &r.fixes {
            writeln!(
                err,
                "fixed {}:{}: hours \"{}\" -> \"{}\"",
                r.rel,
                f.line,
                visible(&f.before),
                visible(&f.after)
            )?;
        }
    }
    Ok(())
}

fn write_fix_summary(rewrites: &[Rewrite], dry_run: bool, err: &mut dyn Write) -> Result<()> {
    // A rewrite that would change the meaning is never written.
    for r in rewrites {
        for refused in &r.refused {
            writeln!(err, "{}", refused.diagnostic(&r.rel).headline())?;
        }
    }
    let changed: usize = rewrites.iter().map(|r| r.fixes.len()).sum();
    let s = if changed == 1 { "" } else { "s" };
    if dry_run {
        writeln!(err, "{changed} value{s} would change; nothing was written")?;
    } else {
        writeln!(err, "{changed} value{s} rewritten")?;
    }
    Ok(())
}
