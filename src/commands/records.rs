//! `deflect report`, `deflect records engaged` and `deflect records purge`:
//! the programme's side of the opt-in referral records.
//!
//! `report` and `purge` read each record's day and hour in `--timezone`
//! when it is given, else in the timezone written into the record, else
//! (for records written before records carried one) in the directory's
//! (`--dir`, `DEFLECT_DIR` or the config; never the demo unless `--demo`
//! is given); they exit 2 only when none of these gives one. `report`
//! names services and categories from the directory when there is one.
//! `records engaged` reads no directory.

use std::collections::HashSet;
use std::io::Write;
use std::path::PathBuf;

use anyhow::{bail, Result};
use chrono::Days;
use chrono_tz::Tz;

use crate::cli::{EngagedArgs, PurgeArgs, RecordsCommand, ReportArgs, ReportFormat};
use crate::directory::{self, DirSource, Directory, Limits};
use crate::exit;
use crate::records::engaged::{describe, mark_engaged, Engaged};
use crate::records::purge::purge as purge_file;
use crate::records::report::{report as shown, tally, without_zone, Names, Window};
use crate::records::{display_code, normalize_code, read_records, records_path, Zones};
use crate::sanitize::visible;
use crate::session::{Fallback, Session};
use crate::when::parse_date;

/// `deflect report`.
pub(super) fn report(
    session: &Session,
    args: &ReportArgs,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<u8> {
    let fixed = fixed_zone(args.timezone.as_deref())?;
    let since = date(args.since.as_deref(), "--since")?;
    let until = date(args.until.as_deref(), "--until")?;
    if let (Some(s), Some(u)) = (since, until) {
        if s > u {
            bail!("--since {s} is after --until {u}");
        }
    }
    let named = !args.records.is_empty();
    let files = files(session, &args.records)?;
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
            if !session.config.records.enabled {
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
    let directory = named_directory(session, err)?;
    let zones = match fixed {
        Some(zone) => Zones::Fixed(zone),
        None => Zones::Own {
            fallback: directory.as_ref().map(|d| d.info.timezone),
        },
    };
    let unzoned = without_zone(&logs, &zones);
    let nothing_says =
        logs.iter().all(|l| l.records.is_empty()) && zones == Zones::Own { fallback: None };
    if unzoned > 0 || nothing_says {
        bail!("{}", no_zone("report", unzoned));
    }
    let window = Window {
        since,
        until,
        zones,
    };
    let names = names(directory.as_ref());
    let report = shown(&tally(&logs, &window), &window, args.suppress_below, names);
    match args.format {
        ReportFormat::Json => out.write_all(report.to_json()?.as_bytes())?,
        ReportFormat::Csv => out.write_all(report.to_csv().as_bytes())?,
        ReportFormat::Table => out.write_all(report.to_table().as_bytes())?,
        ReportFormat::Html => {
            let demo = directory.as_ref().is_some_and(|d| d.info.demo);
            crate::render::report_html::page(out, &report, demo)?;
        }
    }
    Ok(exit::OK)
}

/// What the ids of a report are called: from the directory when there is
/// one, else the built-in taxonomy's categories.
fn names(directory: Option<&Directory>) -> Names {
    let built_in;
    let taxonomy = match directory {
        Some(d) => &d.taxonomy,
        None => {
            built_in = crate::taxonomy::Taxonomy::built_in();
            &built_in
        }
    };
    Names {
        services: directory
            .map(|d| {
                d.services
                    .iter()
                    .map(|s| (s.id.clone(), s.name.clone()))
                    .collect()
            })
            .unwrap_or_default(),
        categories: taxonomy
            .categories()
            .iter()
            .map(|c| (c.id.clone(), c.name.clone()))
            .collect(),
    }
}

/// `deflect records …`.
pub(super) fn run(
    session: &Session,
    command: &RecordsCommand,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<u8> {
    match command {
        RecordsCommand::Engaged(args) => engaged(session, args, out, err),
        RecordsCommand::Purge(args) => purge(session, args, out, err),
    }
}

fn engaged(
    session: &Session,
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
    if args.records.is_empty() && !session.config.records.enabled {
        bail!(
            "records are off: referrals are recorded only with [records] enabled = true in the \
             config; name a records file with --records FILE"
        );
    }
    let files = files(session, &args.records)?;
    let mut warnings = Vec::new();
    let result = mark_engaged(&files, &code, session.clock.real_now(), &mut warnings);
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
    session: &Session,
    args: &PurgeArgs,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<u8> {
    let zones = match fixed_zone(args.timezone.as_deref())? {
        Some(zone) => Zones::Fixed(zone),
        None => Zones::Own {
            fallback: named_directory(session, err)?.map(|d| d.info.timezone),
        },
    };
    let files = files(session, &args.records)?;
    let as_of = match date(args.as_of.as_deref(), "--as-of")? {
        Some(day) => day,
        None => {
            let Some(tz) = today_zone(&zones, &files) else {
                bail!("{}", no_zone("records purge", 0));
            };
            session.now(tz)?.with_timezone(&tz).date_naive()
        }
    };
    let Some(cutoff) = as_of.checked_sub_days(Days::new(u64::from(args.older_than))) else {
        bail!(
            "--older-than {} reaches before the calendar begins",
            args.older_than
        );
    };
    for path in files {
        let done = purge_file(&path, cutoff, &zones)?;
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
fn files(session: &Session, named: &[PathBuf]) -> Result<Vec<PathBuf>> {
    if named.is_empty() {
        return Ok(vec![records_path(&session.config.records)?]);
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

/// The zone whose today `--as-of` defaults to: `--timezone`, else the
/// directory's, else the one zone the records carry (`None` when they
/// carry several or none).
fn today_zone(zones: &Zones, files: &[PathBuf]) -> Option<Tz> {
    match zones {
        Zones::Fixed(tz) | Zones::Own { fallback: Some(tz) } => Some(*tz),
        Zones::Own { fallback: None } => {
            let mut found: HashSet<Tz> = HashSet::new();
            for path in files {
                if let Ok(log) = read_records(path) {
                    found.extend(log.records.iter().filter_map(|r| r.zone()));
                }
            }
            let mut found = found.into_iter();
            match (found.next(), found.next()) {
                (Some(tz), None) => Some(tz),
                _ => None,
            }
        }
    }
}

/// `--timezone TZ`, checked: it reads every record in that zone.
fn fixed_zone(flag: Option<&str>) -> Result<Option<Tz>> {
    match flag {
        None => Ok(None),
        Some(name) => match name.parse() {
            Ok(zone) => Ok(Some(zone)),
            Err(_) => bail!(
                "\"{}\" is not an IANA time zone: use one such as America/Chicago or Europe/Rome",
                visible(name)
            ),
        },
    }
}

/// The directory named by `--dir`, `DEFLECT_DIR`, the config or
/// `--demo`, when one is named and usable: for the timezone of records
/// that carry none, and for names. One that cannot be used is a warning.
fn named_directory(session: &Session, err: &mut dyn Write) -> Result<Option<Directory>> {
    let Ok(source) = session.source(Fallback::Refuse) else {
        return Ok(None);
    };
    match directory::load(&source, Limits::from_env())?.into_directory() {
        Ok((directory, _)) => Ok(Some(directory)),
        Err(_) => {
            let shown = match &source {
                DirSource::Path(_) => source.describe(),
                DirSource::Demo => "the demo".to_string(),
            };
            writeln!(
                err,
                "warning: the directory {shown} has no usable [directory] table (run `deflect validate` on it); \
                 services are shown by their ids"
            )?;
            Ok(None)
        }
    }
}

/// Why a command cannot read days: records without a timezone (or none at
/// all) and nothing else to say which.
fn no_zone(what: &str, unzoned: usize) -> String {
    let which = if unzoned > 0 {
        format!(
            "{unzoned} {} no timezone (written before records did)",
            if unzoned == 1 {
                "record carries"
            } else {
                "records carry"
            }
        )
    } else {
        "no record says which timezone its days are in".to_string()
    };
    format!(
        "{what} reads days and hours in the directory's timezone, and {which}: give --timezone TZ, or name \
         the directory with --dir PATH, DEFLECT_DIR, or directory = \"PATH\" in the config file{}",
        crate::config::config_path()
            .map(|p| format!(" ({})", p.display()))
            .unwrap_or_default()
    )
}
