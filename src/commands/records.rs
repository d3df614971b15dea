//! `deflect report`, `deflect records engaged` and `deflect records purge`:
//! the programme's side of the opt-in referral records.
//!
//! `report` and `purge` read days in the directory's timezone, so they need
//! a directory (`--dir`, `DEFLECT_DIR` or the config; never the demo
//! unless `--demo` is given) or `--timezone TZ`; without either they exit 2.
//! `records engaged` reads no directory.

use std::collections::HashSet;
use std::io::Write;
use std::path::PathBuf;

use anyhow::{bail, Result};
use chrono::Days;
use chrono_tz::Tz;

use crate::cli::{EngagedArgs, PurgeArgs, RecordsCommand, ReportArgs, ReportFormat};
use crate::commands::Context;
use crate::directory::{self, Limits};
use crate::exit;
use crate::records::engaged::{describe, mark_engaged, Engaged};
use crate::records::purge::purge as purge_file;
use crate::records::report::{report as shown, tally, Window};
use crate::records::{display_code, normalize_code, read_records, records_path};
use crate::sanitize::visible;
use crate::when::parse_date;

/// `deflect report`.
pub(super) fn report(
    context: &Context<'_>,
    args: &ReportArgs,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<u8> {
    let tz = zone(context, args.timezone.as_deref(), "report")?;
    let since = date(args.since.as_deref(), "--since")?;
    let until = date(args.until.as_deref(), "--until")?;
    if let (Some(s), Some(u)) = (since, until) {
        if s > u {
            bail!("--since {s} is after --until {u}");
        }
    }
    let named = !args.records.is_empty();
    let files = files(context, &args.records)?;
    let mut logs = Vec::with_capacity(files.len());
    for path in &files {
        let log = read_records(path)?;
        for warning in &log.warnings {
            writeln!(err, "{}", visible(warning))?;
        }
        if !log.exists {
            if named {
                bail!("there is no records file {}", path.display());
            }
            if !context.config.records.enabled {
                bail!(
                    "records are off and there is no records file {}: records are kept only with \
                     [records] enabled = true in the config; name files with --records FILE",
                    path.display()
                );
            }
            writeln!(
                err,
                "note: no referral has been recorded yet in {}",
                path.display()
            )?;
        }
        logs.push(log);
    }
    let window = Window { since, until, tz };
    let report = shown(&tally(&logs, &window), &window, args.suppress_below);
    match args.format {
        ReportFormat::Json => out.write_all(report.to_json()?.as_bytes())?,
        ReportFormat::Csv => out.write_all(report.to_csv().as_bytes())?,
        ReportFormat::Table => out.write_all(report.to_table().as_bytes())?,
    }
    Ok(exit::OK)
}

/// `deflect records …`.
pub(super) fn run(
    context: &Context<'_>,
    command: &RecordsCommand,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<u8> {
    match command {
        RecordsCommand::Engaged(args) => engaged(context, args, out, err),
        RecordsCommand::Purge(args) => purge(context, args, out, err),
    }
}

fn engaged(
    context: &Context<'_>,
    args: &EngagedArgs,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<u8> {
    let Some(code) = normalize_code(&args.code) else {
        bail!(
            "\"{}\" is not a referral code: expected 8 letters and digits such as ABCD-EFGH",
            visible(&args.code)
        );
    };
    if args.records.is_empty() && !context.config.records.enabled {
        bail!(
            "records are off: referrals are recorded only with [records] enabled = true in the \
             config; name a records file with --records FILE"
        );
    }
    let files = files(context, &args.records)?;
    let mut warnings = Vec::new();
    let result = mark_engaged(&files, &code, context.clock.real_now(), &mut warnings);
    for warning in &warnings {
        writeln!(err, "{}", visible(warning))?;
    }
    let shown = display_code(&code);
    match result? {
        Engaged::Marked(path) => {
            writeln!(
                out,
                "Marked engaged: the referral with code {shown} ({})",
                path.display()
            )?;
        }
        Engaged::Already(path) => {
            writeln!(
                out,
                "Already marked engaged: the referral with code {shown} ({})",
                path.display()
            )?;
        }
        Engaged::Unknown => bail!("no referral with code {shown} in {}", describe(&files)),
    }
    Ok(exit::OK)
}

fn purge(
    context: &Context<'_>,
    args: &PurgeArgs,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<u8> {
    let tz = zone(context, args.timezone.as_deref(), "records purge")?;
    let as_of = match date(args.as_of.as_deref(), "--as-of")? {
        Some(day) => day,
        None => context.now(tz)?.with_timezone(&tz).date_naive(),
    };
    let Some(cutoff) = as_of.checked_sub_days(Days::new(u64::from(args.older_than))) else {
        bail!(
            "--older-than {} reaches before the calendar begins",
            args.older_than
        );
    };
    for path in files(context, &args.records)? {
        let done = purge_file(&path, cutoff, tz)?;
        if !done.exists {
            writeln!(out, "{}: no records file; nothing to purge", path.display())?;
            continue;
        }
        let mut also = String::new();
        if done.orphans > 0 {
            also.push_str(&format!(
                ", {} engagement{} whose referral is gone",
                done.orphans,
                plural(done.orphans)
            ));
        }
        if done.unreadable > 0 {
            also.push_str(&format!(
                ", {} unreadable line{}",
                done.unreadable,
                plural(done.unreadable)
            ));
            writeln!(
                err,
                "warning: {}: {} line{} that {} not records removed",
                path.display(),
                done.unreadable,
                plural(done.unreadable),
                if done.unreadable == 1 { "was" } else { "were" }
            )?;
        }
        writeln!(
            out,
            "{}: removed {} record{} from before {cutoff}{also}; {} kept",
            path.display(),
            done.removed,
            plural(done.removed),
            done.kept
        )?;
    }
    Ok(exit::OK)
}

fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

/// The files named with `--records`, else the config's records file;
/// each named once.
fn files(context: &Context<'_>, named: &[PathBuf]) -> Result<Vec<PathBuf>> {
    if named.is_empty() {
        return Ok(vec![records_path(&context.config.records)?]);
    }
    let mut seen = HashSet::new();
    Ok(named
        .iter()
        .filter(|p| seen.insert(std::fs::canonicalize(p).unwrap_or_else(|_| (*p).clone())))
        .cloned()
        .collect())
}

fn date(value: Option<&str>, flag: &str) -> Result<Option<chrono::NaiveDate>> {
    match value.map(parse_date) {
        None => Ok(None),
        Some(Ok(day)) => Ok(Some(day)),
        Some(Err(message)) => bail!("{flag}: {}", visible(&message)),
    }
}

/// `--timezone`, else the directory's: the days and hours of records are
/// the programme's, never the machine's.
fn zone(context: &Context<'_>, flag: Option<&str>, what: &str) -> Result<Tz> {
    if let Some(name) = flag {
        return match name.parse() {
            Ok(zone) => Ok(zone),
            Err(_) => bail!(
                "\"{}\" is not an IANA time zone: use one such as America/Chicago or Europe/Rome",
                visible(name)
            ),
        };
    }
    let Ok(source) = context.source(false) else {
        bail!(
            "{what} reads days and hours in the directory's timezone: give --dir PATH, set \
             DEFLECT_DIR, or write directory = \"PATH\" in the config file{}; or give --timezone TZ",
            crate::config::config_path()
                .map(|p| format!(" ({})", p.display()))
                .unwrap_or_default()
        );
    };
    match directory::load(&source, Limits::from_env())?.info {
        Some(info) => Ok(info.timezone),
        None => bail!(
            "the directory {} has no usable [directory] table with a timezone: run `deflect \
             validate` on it, or give --timezone TZ",
            source.describe()
        ),
    }
}
