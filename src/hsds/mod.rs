//! Open Referral HSDS 3.0: importing a deflect directory from HSDS (JSON,
//! NDJSON, the tabular data package) and exporting one as HSDS JSON.
//!
//! [`run_import`] builds the new directory in a folder beside the output,
//! checks it with the same loader and checks as `deflect validate`, and only
//! then puts it in place of the old one, so a failed import changes
//! nothing. [`run_export`] writes `services.json`.

pub mod export;
pub mod import;
pub mod input;
mod json;
pub mod report;
pub mod schedule;
mod tabular;
pub mod terms;
pub mod write;

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use anyhow::{bail, Context as _, Result};
use chrono::{DateTime, NaiveDate, Utc};

use crate::directory::{self, DirSource, Directory, Limits};
use crate::hours::HolidayCalendar;
use report::Report;

/// What `deflect import hsds` was asked to do.
#[derive(Debug, Clone)]
pub struct ImportRequest<'a> {
    /// The HSDS input: a file or a data package folder.
    pub input: &'a Path,
    /// The deflect directory to write.
    pub out: &'a Path,
    /// IANA timezone for a new directory.
    pub timezone: Option<&'a str>,
    /// Country code for a new directory.
    pub country: Option<&'a str>,
    /// Name for a new directory.
    pub name: Option<&'a str>,
    /// The keeper's map of terms to categories.
    pub map: Option<&'a Path>,
    /// Write into a folder that is not a deflect directory.
    pub force: bool,
    /// The day against which schedule validity is judged.
    pub as_of: Option<NaiveDate>,
    /// The time of the run.
    pub now: DateTime<Utc>,
}

/// Where the output folder is, made absolute, without requiring it to exist.
fn resolve_out(out: &Path) -> Result<PathBuf> {
    if out.exists() {
        if !out.is_dir() {
            bail!("--out {} is a file, not a folder", out.display());
        }
        return out
            .canonicalize()
            .with_context(|| format!("cannot read {}", out.display()));
    }
    let Some(name) = out.file_name() else {
        bail!("--out {} does not name a folder", out.display());
    };
    let parent = match out.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    std::fs::create_dir_all(&parent)
        .with_context(|| format!("cannot create {}", parent.display()))?;
    Ok(parent
        .canonicalize()
        .with_context(|| format!("cannot read {}", parent.display()))?
        .join(name))
}

/// Whether a folder holds an import's files anywhere below it.
fn has_marked(folder: &Path, depth: u8) -> bool {
    let Ok(entries) = std::fs::read_dir(folder) else {
        return false;
    };
    entries.flatten().any(|e| {
        let path = e.path();
        let hidden = e.file_name().to_string_lossy().starts_with('.');
        match e.file_type() {
            Ok(t) if t.is_dir() && !hidden && depth < 8 => has_marked(&path, depth + 1),
            Ok(t) if t.is_file() => {
                path.extension().is_some_and(|x| x == "toml") && write::is_marked(&path)
            }
            _ => false,
        }
    })
}

/// A file name in `imported/` that no kept file has.
fn free_name(folder: &Path, base: &str) -> String {
    let mut name = format!("{base}.toml");
    let mut n = 2;
    while folder.join(&name).exists() {
        name = format!("{base}-{n}.toml");
        n += 1;
    }
    name
}

/// Runs an import. Returns the report, and whether anything was written.
///
/// # Errors
/// A bad flag, an input that cannot be read (malformed JSON or CSV, named
/// with its file and position), an output folder that is refused or
/// cannot be written. In every such case the output folder is as it was.
pub fn run_import(request: &ImportRequest<'_>) -> Result<(Report, bool)> {
    let timezone = match request.timezone {
        Some(tz) => Some(tz.parse::<chrono_tz::Tz>().map_err(|_| {
            anyhow::anyhow!(
                "--timezone \"{}\" is not an IANA time zone: write one such as America/Chicago or Europe/Rome",
                crate::sanitize::one_line(tz)
            )
        })?),
        None => None,
    };
    if let Some(cc) = request.country {
        if !HolidayCalendar::is_country_code(cc) {
            bail!(
                "--country \"{}\" is not an ISO 3166-1 alpha-2 code: write two capital letters such as US or IT",
                crate::sanitize::one_line(cc)
            );
        }
    }
    let out = resolve_out(request.out)?;
    let exists = out.exists();
    let has_directory = out.join("directory.toml").is_file();
    if exists && !has_directory && !request.force {
        let empty = std::fs::read_dir(&out)
            .map(|mut e| e.next().is_none())
            .unwrap_or(false);
        if !empty && !has_marked(&out, 0) {
            bail!(
                "--out {} is not a deflect directory (it has no directory.toml): give an empty or new folder, or --force to write into it",
                out.display()
            );
        }
    }
    if !has_directory && timezone.is_none() {
        bail!("--timezone is required for a new directory (an IANA zone such as America/Chicago): HSDS gives only UTC offsets, which do not follow daylight saving time");
    }

    let input = input::read(request.input)?;
    let mut report = Report {
        input: request.input.display().to_string(),
        out: out.display().to_string(),
        not_services: input.not_services,
        notes: input.notes.clone(),
        demo: import::carries_demo_mark(&input.services),
        ..Report::default()
    };
    if input.services.is_empty() {
        bail!(
            "{} holds no HSDS service: nothing was written",
            request.input.display()
        );
    }

    let staging = write::sibling(&out, "new")?;
    let result = build(
        request,
        &input.services,
        &out,
        exists,
        &staging,
        timezone,
        &mut report,
    );
    match result {
        Ok(true) => match write::swap(&staging, &out) {
            Ok(()) => Ok((report, true)),
            Err(e) => {
                let _ = std::fs::remove_dir_all(&staging);
                Err(e)
            }
        },
        Ok(false) => {
            let _ = std::fs::remove_dir_all(&staging);
            // What was made in the staging folder is gone: the report
            // claims none of it.
            report.files_replaced = 0;
            report.files_written.clear();
            report.places_written = 0;
            report.directory_kept = has_directory;
            Ok((report, false))
        }
        Err(e) => {
            let _ = std::fs::remove_dir_all(&staging);
            Err(e)
        }
    }
}

/// Builds the new directory in `staging`; `false` when no service could be
/// written.
fn build(
    request: &ImportRequest<'_>,
    services: &[serde_json::Value],
    out: &Path,
    exists: bool,
    staging: &Path,
    timezone: Option<chrono_tz::Tz>,
    report: &mut Report,
) -> Result<bool> {
    if exists {
        report.files_replaced = write::copy_kept(out, staging)?;
    } else {
        std::fs::create_dir_all(staging)
            .with_context(|| format!("cannot create {}", staging.display()))?;
    }
    write_directory_toml(request, staging, timezone, report)?;
    let kept = directory::load(&DirSource::Path(staging.to_path_buf()), Limits::default())?;
    let Some(info) = kept.info.clone() else {
        bail!(
            "{}/directory.toml has no usable [directory] table (a name and a valid timezone): fix it first (deflect validate --dir {})",
            out.display(),
            out.display()
        );
    };
    if report.demo && !info.demo {
        // Fictional services must never mix unmarked with real ones.
        bail!(
            "{} is deflect's fictional demo data, and {}/directory.toml does not say demo = true: import it into a new folder (nothing was written)",
            request.input.display(),
            out.display()
        );
    }
    let map = match request.map {
        Some(path) => terms::MapFile::read(path, &kept.taxonomy)?,
        None => terms::MapFile::default(),
    };
    let mut taxonomy = kept.taxonomy.clone();
    taxonomy.add(crate::taxonomy::Category {
        id: import::UNMAPPED.into(),
        name: write::UNMAPPED_NAME.into(),
        parent: None,
        synonyms: Vec::new(),
        substances: Vec::new(),
    });
    let mapper = terms::Mapper::new(&taxonomy, map);
    let taken_ids: HashSet<String> = kept.services.iter().map(|s| s.id.clone()).collect();
    let taken_places: HashSet<String> = kept.places.iter().map(|p| p.name.to_lowercase()).collect();
    let as_of = request
        .as_of
        .unwrap_or_else(|| request.now.with_timezone(&info.timezone).date_naive());
    let options = import::Options {
        as_of,
        mapper: &mapper,
        timezone: info.timezone,
        taken_ids: &taken_ids,
        taken_places: &taken_places,
    };
    let imported = import::import(services, &options, report);
    if imported.services.is_empty() {
        return Ok(false);
    }

    let written = write_imported(staging, &imported, &kept.taxonomy, report)?;
    check_written(staging, out, as_of, &written, report)?;
    report.files_written = written;
    Ok(true)
}

/// Writes `directory.toml` in `staging`, unless the directory kept has
/// one (then the flags that would have filled it get a note).
fn write_directory_toml(
    request: &ImportRequest<'_>,
    staging: &Path,
    timezone: Option<chrono_tz::Tz>,
    report: &mut Report,
) -> Result<()> {
    let directory_toml = staging.join("directory.toml");
    if directory_toml.is_file() {
        report.directory_kept = true;
        if request.timezone.is_some() || request.country.is_some() || request.name.is_some() {
            report.notes.push(
                "--timezone, --country and --name were not used: the directory.toml there is kept as it is".into(),
            );
        }
    } else {
        let tz = timezone.map(|t| t.name().to_string()).unwrap_or_default();
        let name = request.name.map(str::to_string).unwrap_or_else(|| {
            format!(
                "Imported from {}",
                request
                    .input
                    .file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_else(|| "HSDS".into())
            )
        });
        let name = crate::sanitize::one_line(&name);
        write::write_file(
            &directory_toml,
            &write::directory_file(&name, &tz, request.country, report.demo),
        )?;
    }
    Ok(())
}

/// Writes the imported services (a file per organisation), their places
/// and, when a service is unmapped, the `unmapped` category into
/// `staging/imported`; returns the files written, relative to `staging`.
fn write_imported(
    staging: &Path,
    imported: &import::Imported,
    taxonomy: &crate::taxonomy::Taxonomy,
    report: &mut Report,
) -> Result<Vec<String>> {
    let folder = staging.join("imported");
    std::fs::create_dir_all(&folder)
        .with_context(|| format!("cannot create {}", folder.display()))?;
    let names = import::file_names(&imported.services);
    let mut written: Vec<String> = Vec::new();
    let mut groups: std::collections::BTreeMap<String, Vec<&import::ImportedService>> =
        std::collections::BTreeMap::new();
    for s in &imported.services {
        let key = s.organization_key.as_ref().map(|(k, _)| k.clone());
        let name = names
            .get(&key)
            .cloned()
            .unwrap_or_else(|| "services".into());
        groups.entry(name).or_default().push(s);
    }
    let mut write_one = |base: &str, text: String| -> Result<()> {
        let name = free_name(&folder, base);
        write::write_file(&folder.join(&name), &text)?;
        written.push(format!("imported/{name}"));
        Ok(())
    };
    for (name, list) in &groups {
        write_one(name, write::services_file(list))?;
    }
    if !imported.places.is_empty() {
        write_one("places", write::places_file(&imported.places))?;
        report.places_written = imported.places.len();
    }
    if imported
        .services
        .iter()
        .any(|s| s.service.categories.iter().any(|c| c == import::UNMAPPED))
        && !taxonomy.contains(import::UNMAPPED)
    {
        write_one("categories", write::categories_file())?;
    }

    Ok(written)
}

/// Checks the directory built in `staging` as `deflect validate` would:
/// an error in a file the import wrote stops it; errors in files written
/// by hand get a note.
fn check_written(
    staging: &Path,
    out: &Path,
    as_of: chrono::NaiveDate,
    written: &[String],
    report: &mut Report,
) -> Result<()> {
    let loaded = directory::load(&DirSource::Path(staging.to_path_buf()), Limits::default())?;
    let checked = crate::validate::validate(
        &loaded,
        &crate::validate::Options {
            as_of,
            max_age_days: 36500,
        },
    );
    let ours: Vec<String> = checked
        .diagnostics
        .iter()
        .filter(|d| d.is_error() && d.file.as_ref().is_some_and(|f| written.contains(f)))
        .map(|d| d.headline())
        .collect();
    if !ours.is_empty() {
        bail!(
            "the import made a directory that does not validate, so nothing was written (please report this): {}",
            ours.iter().take(5).cloned().collect::<Vec<_>>().join("; ")
        );
    }
    let others = checked.diagnostics.iter().filter(|d| d.is_error()).count();
    if others > 0 {
        report.notes.push(format!(
            "{others} errors in files written by hand: run deflect validate --dir {}",
            out.display()
        ));
    }
    Ok(())
}

/// Writes `services.json` for a directory into the folder `out`.
///
/// # Errors
/// When the folder or the file cannot be written.
pub fn run_export(
    directory: &Directory,
    out: &Path,
    now: DateTime<Utc>,
) -> Result<export::ExportReport> {
    if out.exists() && !out.is_dir() {
        bail!("--out {} is a file, not a folder", out.display());
    }
    std::fs::create_dir_all(out).with_context(|| format!("cannot create {}", out.display()))?;
    let mut report = export::ExportReport::default();
    let value = export::export(directory, now, &mut report);
    let mut text = serde_json::to_string_pretty(&value)?;
    text.push('\n');
    let path = out.join("services.json");
    write::write_file(&path, &text)?;
    report.file = path.display().to_string();
    Ok(report)
}
