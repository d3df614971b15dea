//! `deflect init PATH`: a new directory to start from.
//!
//! Two commented files that `validate` passes: `directory.toml` (the
//! `[directory]` table and one place) and `services.toml` (two fictional
//! services), marked `demo = true` until the examples are replaced, so
//! that nothing fictional is ever handed out unmarked. A file that is
//! already there is never overwritten.

use std::io::Write;
use std::path::Path;

use anyhow::{bail, Context as _, Result};

use crate::cli::InitArgs;
use crate::exit;
use crate::hours::HolidayCalendar;
use crate::hsds::write::toml_string;
use crate::sanitize::one_line;
use crate::session::Session;

const DIRECTORY: &str = include_str!("../../data/init/directory.toml");
const SERVICES: &str = include_str!("../../data/init/services.toml");

/// The files written, by name, in order.
const FILES: [&str; 2] = ["directory.toml", "services.toml"];

pub(super) fn run(
    session: &Session,
    args: &InitArgs,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<u8> {
    let (zone, from_machine) = match &args.timezone {
        Some(tz) => (parse_zone(tz)?, false),
        None => (machine_zone()?, true),
    };
    if let Some(cc) = &args.country {
        if !HolidayCalendar::is_country_code(cc) {
            bail!(
                "--country \"{}\" is not an ISO 3166-1 alpha-2 code: write two capital letters such as US or IT",
                one_line(cc)
            );
        }
    }
    let folder = &args.path;
    refuse_to_overwrite(folder)?;
    let shown = one_line(&folder.display().to_string());
    let today = session.now(zone)?.with_timezone(&zone).date_naive();
    let fill = |template: &str| {
        let country = match &args.country {
            Some(cc) => format!(
                "country = {}              # public holidays, for PH in hours",
                toml_string(cc)
            ),
            None => {
                "# country = \"US\"            # ISO 3166-1 code: public holidays, for PH in hours"
                    .into()
            }
        };
        template
            .replace("{path}", &shown)
            .replace(
                "{name}",
                &toml_string(args.name.as_deref().unwrap_or("New directory")),
            )
            .replace("{timezone}", &toml_string(zone.name()))
            .replace("{country}", &country)
            .replace("{verified}", &today.to_string())
    };
    std::fs::create_dir_all(folder).with_context(|| format!("cannot create the folder {shown}"))?;
    write_new(&folder.join(FILES[0]), &fill(DIRECTORY))?;
    if let Err(e) = write_new(&folder.join(FILES[1]), &fill(SERVICES)) {
        let _ = std::fs::remove_file(folder.join(FILES[0]));
        return Err(e);
    }
    let file = |name: &str| one_line(&folder.join(name).display().to_string());
    writeln!(out, "Wrote a new directory in {shown}:")?;
    writeln!(
        out,
        "  {}: the [directory] table and one place",
        file(FILES[0])
    )?;
    writeln!(
        out,
        "  {}: two fictional example services (demo = true until you replace them)",
        file(FILES[1])
    )?;
    writeln!(out, "Edit them (docs/FORMAT.md), then check with:")?;
    writeln!(out, "  deflect validate --dir {shown}")?;
    if from_machine {
        writeln!(
            err,
            "note: the timezone is this machine's, {}: check it in directory.toml, or give --timezone",
            zone.name()
        )?;
    }
    Ok(exit::OK)
}

fn parse_zone(tz: &str) -> Result<chrono_tz::Tz> {
    tz.parse::<chrono_tz::Tz>().map_err(|_| {
        anyhow::anyhow!(
            "--timezone \"{}\" is not an IANA time zone: write one such as America/Chicago or Europe/Rome",
            one_line(tz)
        )
    })
}

/// The zone this machine is set to, as the operating system names it.
fn machine_zone() -> Result<chrono_tz::Tz> {
    let name = iana_time_zone::get_timezone().map_err(|_| {
        anyhow::anyhow!(
            "cannot tell this machine's timezone: give --timezone, such as America/Chicago"
        )
    })?;
    name.parse::<chrono_tz::Tz>().map_err(|_| {
        anyhow::anyhow!(
            "this machine's timezone \"{}\" is not one deflect knows: give --timezone, such as America/Chicago",
            one_line(&name)
        )
    })
}

/// Refuses a folder where a file would be overwritten, or whose TOML
/// files would become part of the new directory.
fn refuse_to_overwrite(folder: &Path) -> Result<()> {
    let shown = one_line(&folder.display().to_string());
    if folder.exists() && !folder.is_dir() {
        bail!("{shown} is a file: give a new or empty folder");
    }
    for name in FILES {
        let path = folder.join(name);
        if path.exists() {
            bail!(
                "{} already exists: init never overwrites a file; give a new or empty folder",
                one_line(&path.display().to_string())
            );
        }
    }
    if folder.is_dir() {
        let (found, _) = crate::directory::walk::walk(folder)?;
        if let Some(file) = found.first() {
            bail!(
                "{shown} already holds {}, which would become part of the new directory: give a new or empty folder",
                one_line(&file.rel)
            );
        }
    }
    Ok(())
}

/// Writes a file that must not exist yet.
fn write_new(path: &Path, text: &str) -> Result<()> {
    let shown = one_line(&path.display().to_string());
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
        .with_context(|| format!("cannot write {shown}"))?;
    file.write_all(text.as_bytes())
        .with_context(|| format!("cannot write {shown}"))?;
    Ok(())
}
