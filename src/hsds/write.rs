//! Writing an imported directory: the TOML text of each file, and putting
//! the new folder in place of the old one only once it is complete, so that
//! a failed import leaves the output folder as it was.
//!
//! Files an import writes begin with [`MARKER`]; the next import replaces
//! exactly those, wherever they are in the folder, and keeps every other
//! file (the `directory.toml`, places and entries written by hand).

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use anyhow::{bail, Context as _, Result};
use chrono::SecondsFormat;

use super::import::{ImportedService, NewPlace, UNMAPPED};

/// The first line of every file an import writes.
pub const MARKER: &str = "# deflect-import: hsds";

const HEADER: &str = "# Written by `deflect import hsds`: the next import replaces this file.
# Do not edit it: to change an entry, write one with the same id in a file
# of your own (outside imported/), and the import keeps yours instead.
";

/// A TOML basic string.
pub fn toml_string(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => {
                let _ = write!(out, "\\u{:04X}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn toml_strings(list: &[String]) -> String {
    let items: Vec<String> = list.iter().map(|s| toml_string(s)).collect();
    format!("[{}]", items.join(", "))
}

/// A float that TOML reads as a float.
fn toml_float(value: f64) -> String {
    let text = format!("{value}");
    if text.contains(['.', 'e', 'E']) {
        text
    } else {
        format!("{text}.0")
    }
}

/// A comment line, on one line.
fn comment(text: &str) -> String {
    format!("# {}\n", crate::sanitize::one_line(text))
}

/// The text of a file of services.
// One `key(…)` per field, in the order docs/FORMAT.md lists them: it reads
// as the table it writes, and splitting it would only scatter that order.
#[allow(clippy::too_many_lines)]
pub fn services_file(services: &[&ImportedService]) -> String {
    let mut out = format!("{MARKER}\n{HEADER}");
    for imported in services {
        let s = &imported.service;
        out.push('\n');
        for line in &imported.comments {
            out.push_str(&comment(line));
        }
        out.push_str("[[service]]\n");
        let mut key = |k: &str, v: String| {
            let _ = writeln!(out, "{k} = {v}");
        };
        key("id", toml_string(&s.id));
        key("name", toml_string(&s.name));
        if let Some(v) = &s.organization {
            key("organization", toml_string(v));
        }
        key("categories", toml_strings(&s.categories));
        if let Some(v) = &s.description {
            key("description", toml_string(v));
        }
        key("phone", toml_string(&s.phone));
        if let Some(v) = &s.address {
            key("address", toml_string(v));
        }
        if let Some((lat, lon)) = s.location {
            key("lat", toml_float(lat));
            key("lon", toml_float(lon));
        }
        if let Some(v) = &s.hours {
            key("hours", toml_string(v));
        }
        if let Some(v) = &s.timezone {
            key("timezone", toml_string(v.name()));
        }
        if !s.languages.is_empty() {
            key("languages", toml_strings(&s.languages));
        }
        if let Some(v) = s.age_min {
            key("age_min", v.to_string());
        }
        if let Some(v) = s.age_max {
            key("age_max", v.to_string());
        }
        if !s.genders.is_empty() {
            key("genders", toml_strings(&s.genders));
        }
        if !s.payment.is_empty() {
            key("payment", toml_strings(&s.payment));
        }
        if !s.attributes.is_empty() {
            key("attributes", toml_strings(&s.attributes));
        }
        if !s.substances.is_empty() {
            key("substances", toml_strings(&s.substances));
        }
        if let Some(c) = &s.capacity {
            let mut parts = vec![format!("available = {}", c.available)];
            if let Some(t) = c.total {
                parts.push(format!("total = {t}"));
            }
            if let Some(u) = &c.updated {
                let updated = u.to_rfc3339_opts(SecondsFormat::AutoSi, false);
                parts.push(format!("updated = {updated}"));
            }
            key("capacity", format!("{{ {} }}", parts.join(", ")));
        }
        if let Some(v) = &s.referral_notes {
            key("referral_notes", toml_string(v));
        }
        if let Some(v) = &s.alert {
            key("alert", toml_string(v));
        }
        if let Some(v) = s.alert_until {
            key("alert_until", v.to_string());
        }
        if let Some(v) = &s.website {
            key("website", toml_string(v));
        }
        if let Some(v) = &s.email {
            key("email", toml_string(v));
        }
        if let Some(v) = s.verified {
            key("verified", v.to_string());
        }
        if !s.active {
            key("active", "false".into());
        }
        if let Some(v) = &imported.hsds_service {
            key("x-hsds-service", toml_string(v));
        }
        if let Some(v) = &imported.hsds_location {
            key("x-hsds-location", toml_string(v));
        }
        if !imported.unmapped_terms.is_empty() || s.categories.iter().any(|c| c == UNMAPPED) {
            key("x-unmapped-terms", toml_strings(&imported.unmapped_terms));
        }
    }
    out
}

/// The text of the file of places.
pub fn places_file(places: &[NewPlace]) -> String {
    let mut out = format!("{MARKER}\n{HEADER}");
    for p in places {
        let _ = write!(
            out,
            "\n[[place]]\nname = {}\nkind = \"landmark\"\nlat = {}\nlon = {}\n",
            toml_string(&p.name),
            toml_float(p.lat),
            toml_float(p.lon)
        );
    }
    out
}

/// The name of the `unmapped` category.
pub const UNMAPPED_NAME: &str = "Not yet mapped (imported from HSDS)";

/// The text of the file that defines the `unmapped` category.
pub fn categories_file() -> String {
    format!(
        "{MARKER}\n{HEADER}\n# Services none of whose HSDS terms maps to a category.\n[[category]]\nid = \"{UNMAPPED}\"\nname = \"{UNMAPPED_NAME}\"\nsynonyms = [\"unmapped\"]\n"
    )
}

/// The text of a new `directory.toml`.
pub fn directory_file(name: &str, timezone: &str, country: Option<&str>, demo: bool) -> String {
    let mut out = String::from(
        "# The directory's own settings. `deflect import hsds` wrote this file on the\n# first import and keeps it as it is on every later one: add crisis lines,\n# holidays and places here by hand.\n[directory]\n",
    );
    let _ = writeln!(out, "name = {}", toml_string(name));
    let _ = writeln!(out, "timezone = {}", toml_string(timezone));
    if let Some(c) = country {
        let _ = writeln!(out, "country = {}", toml_string(c));
    }
    if demo {
        out.push_str(
            "# The input was deflect's fictional demo data: every output says so.\ndemo = true\n",
        );
    }
    out
}

/// Whether a file was written by an import.
pub fn is_marked(path: &Path) -> bool {
    use std::io::Read;
    let Ok(file) = std::fs::File::open(path) else {
        return false;
    };
    let mut buffer = Vec::new();
    if file.take(256).read_to_end(&mut buffer).is_err() {
        return false;
    }
    String::from_utf8_lossy(&buffer)
        .lines()
        .next()
        .is_some_and(|line| line.trim_end() == MARKER)
}

/// Writes a file through a temporary file renamed into place.
///
/// # Errors
/// When the file cannot be written.
pub fn write_file(path: &Path, text: &str) -> Result<()> {
    let parent = path.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(parent)
        .with_context(|| format!("cannot create {}", parent.display()))?;
    crate::fsutil::write_atomic(path, text.as_bytes())
        .with_context(|| format!("cannot write {}", path.display()))
}

/// A folder beside `out` for the new directory, hidden and unique.
pub fn sibling(out: &Path, what: &str) -> Result<PathBuf> {
    let parent = out.parent().unwrap_or(Path::new("."));
    let name = out
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "out".into());
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.subsec_nanos())
        .unwrap_or(0);
    for attempt in 0..100u32 {
        let candidate = parent.join(format!(
            ".{name}.deflect-{what}-{}-{nanos}-{attempt}",
            std::process::id()
        ));
        if !candidate.exists() {
            return Ok(candidate);
        }
    }
    bail!("cannot find a free name beside {}", out.display())
}

/// Copies a folder, leaving out the files an import wrote; returns how many
/// were left out.
///
/// # Errors
/// When a file cannot be copied.
pub fn copy_kept(from: &Path, to: &Path) -> Result<usize> {
    std::fs::create_dir_all(to).with_context(|| format!("cannot create {}", to.display()))?;
    if let Ok(meta) = std::fs::metadata(from) {
        let _ = std::fs::set_permissions(to, meta.permissions());
    }
    let mut left_out = 0;
    let entries =
        std::fs::read_dir(from).with_context(|| format!("cannot read {}", from.display()))?;
    for entry in entries {
        let entry = entry.with_context(|| format!("cannot read {}", from.display()))?;
        let path = entry.path();
        let target = to.join(entry.file_name());
        let kind = entry
            .file_type()
            .with_context(|| format!("cannot read {}", path.display()))?;
        if kind.is_symlink() {
            let link = std::fs::read_link(&path)
                .with_context(|| format!("cannot read the link {}", path.display()))?;
            symlink(&link, &target)?;
        } else if kind.is_dir() {
            left_out += copy_kept(&path, &target)?;
        } else if kind.is_file() {
            let hidden = entry.file_name().to_string_lossy().starts_with('.');
            if !hidden && path.extension().is_some_and(|e| e == "toml") && is_marked(&path) {
                left_out += 1;
                continue;
            }
            std::fs::copy(&path, &target)
                .with_context(|| format!("cannot copy {}", path.display()))?;
        }
    }
    Ok(left_out)
}

#[cfg(unix)]
fn symlink(link: &Path, target: &Path) -> Result<()> {
    std::os::unix::fs::symlink(link, target)
        .with_context(|| format!("cannot copy the link {}", target.display()))
}

#[cfg(not(unix))]
fn symlink(_link: &Path, target: &Path) -> Result<()> {
    bail!("cannot copy the link {} on this system", target.display())
}

/// Puts `new` in the place of `out`: the old folder is moved aside, the new
/// one moved in, then the old one removed. If the second move fails, the
/// old folder is put back.
///
/// # Errors
/// When a move fails (the output folder is then as it was).
pub fn swap(new: &Path, out: &Path) -> Result<()> {
    if !out.exists() {
        return std::fs::rename(new, out)
            .with_context(|| format!("cannot move the new directory to {}", out.display()));
    }
    let old = sibling(out, "old")?;
    std::fs::rename(out, &old).with_context(|| format!("cannot move {} aside", out.display()))?;
    if let Err(e) = std::fs::rename(new, out) {
        let _ = std::fs::rename(&old, out);
        bail!("cannot move the new directory to {}: {e}", out.display());
    }
    let _ = std::fs::remove_dir_all(&old);
    Ok(())
}
