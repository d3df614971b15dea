//! `deflect coverage`: when and where no service is open for a need, over
//! one week (docs/CLI.md). Like `validate`, it never falls back to the demo
//! directory; `--demo` asks for it.

use std::io::Write;

use anyhow::{anyhow, bail, Result};
use chrono::NaiveDate;

use crate::cli::{CoverageArgs, CoverageFormat};
use crate::coverage::{self, NeedRow, Place, Request, Week};
use crate::directory::Directory;
use crate::exit;
use crate::matching::{HoursBook, Person};
use crate::needs::{ServiceName, ServiceNames};
use crate::places::parse_radius;
use crate::render::coverage::Shown;
use crate::request::Flags;
use crate::session::{Fallback, Session};
use crate::when::parse_date;

/// The radius when none is given, in the directory's units.
const DEFAULT_RADIUS: &str = "10";

pub(super) fn run(
    session: &Session,
    args: &CoverageArgs,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<u8> {
    let week_of = match &args.week_of {
        Some(text) => Some(parse_date(text).map_err(|m| anyhow!("--week-of: {m}"))?),
        None => None,
    };
    let (desk, _) = session.load_from(session.source(Fallback::Refuse)?, err, None)?;
    let directory = desk.directory;
    crate::timing::phase("load directory");
    let radius_km = parse_radius(
        args.radius.as_deref().unwrap_or(DEFAULT_RADIUS),
        directory.info.units,
    )
    .map_err(|m| anyhow!("{m}"))?;
    let request = read_request(session, args, &directory, err)?;
    let week = week(session, &directory, week_of)?;
    let coverage = coverage::measure(&directory, request, week, radius_km);
    crate::timing::phase("coverage: by place and need");
    let shown = Shown {
        directory: &directory,
        coverage: &coverage,
        ascii: args.ascii,
    };
    match args.format {
        CoverageFormat::Table => crate::render::coverage::table(out, &shown)?,
        CoverageFormat::Json => crate::render::coverage::json(out, &shown)?,
        CoverageFormat::Html => crate::render::coverage_html::page(out, &shown)?,
    }
    crate::timing::phase("write");
    let code = if coverage.has_uncovered_need() {
        exit::NOTHING
    } else {
        exit::OK
    };
    super::leave_to_exit(coverage);
    super::leave_to_exit(directory);
    Ok(code)
}

/// Reads coverage's words and flags into what it measures, as `find`
/// reads them (docs/REQUEST.md): each need a row, substances and the
/// person as filters, place words as a place to measure from. Time and
/// preference words change no coverage and are refused, saying what to
/// use instead.
///
/// # Errors
/// A request that cannot be read, a time or preference word, a place that
/// matches nothing, or no place to measure from.
fn read_request(
    session: &Session,
    args: &CoverageArgs,
    directory: &Directory,
    err: &mut dyn Write,
) -> Result<Request> {
    let names = || ServiceName::all(&directory.services);
    let flags = Flags {
        require: args.require.clone(),
        ..super::person_flags(&args.person)
    };
    let request = session.read_request(
        &session.knowledge(directory, ServiceNames::Later(&names))?,
        &args.needs,
        &flags,
    )?;
    if let Some(time) = &request.time {
        bail!(
            "coverage measures a whole week, so \"{}\" does not apply: give --week-of DATE for another week",
            crate::sanitize::one_line(&time.text)
        );
    }
    if !request.prefers.is_empty() {
        bail!(
            "preferences ({}) rank results and change no coverage: give --require ATTR to count only services that state one",
            request.prefers.join(", ")
        );
    }
    let needs = if request.needs.is_empty() {
        NeedRow::every_group(directory)
    } else {
        request
            .needs
            .iter()
            .cloned()
            .map(|need| NeedRow::typed(need, directory))
            .collect()
    };
    let mut near = args.near.clone();
    if let Some(place) = &request.place {
        near.insert(0, place.text.clone());
    }
    let origins = origins(session, &near, directory, err)?;
    Ok(Request {
        needs,
        person: Person::of(&request),
        substances: request.substances,
        origins,
    })
}

/// The places measured from: each `--near`; else every place of kind
/// `station`; else the config's station, else the directory's default
/// place.
fn origins(
    session: &Session,
    near: &[String],
    directory: &Directory,
    err: &mut dyn Write,
) -> Result<Vec<Place>> {
    let mut places: Vec<Place> = Vec::new();
    for query in near {
        let Some(origin) = session.origin(directory, Some(query), err)? else {
            continue;
        };
        let name = origin
            .name
            .clone()
            .unwrap_or_else(|| query.trim().to_string());
        if !places.iter().any(|p| p.origin == origin) {
            places.push(Place { name, origin });
        }
    }
    if !near.is_empty() {
        return Ok(places);
    }
    places.extend(
        directory
            .places
            .iter()
            .filter(|p| {
                p.kind
                    .as_deref()
                    .is_some_and(|k| k.eq_ignore_ascii_case("station"))
            })
            .map(|p| Place {
                name: p.name.clone(),
                origin: crate::places::Origin {
                    name: Some(p.name.clone()),
                    lat: p.lat,
                    lon: p.lon,
                },
            }),
    );
    if !places.is_empty() {
        return Ok(places);
    }
    match session.origin(directory, None, err)? {
        Some(origin) => Ok(vec![Place {
            name: origin
                .name
                .clone()
                .unwrap_or_else(|| format!("the station ({:.4}, {:.4})", origin.lat, origin.lon)),
            origin,
        }]),
        None => bail!(
            "coverage is measured from places, and this directory names none to measure from: give \
             --near PLACE, add places of kind \"station\" to the directory, set [station] place in \
             the config, or set default_place in [directory]"
        ),
    }
}

/// The week that holds `week_of`, else today, in the directory's timezone,
/// with its public holidays.
fn week(session: &Session, directory: &Directory, week_of: Option<NaiveDate>) -> Result<Week> {
    let zone = directory.info.timezone;
    let date = match week_of {
        Some(date) => date,
        None => session.now(zone)?.with_timezone(&zone).date_naive(),
    };
    let calendar = HoursBook::new(directory).calendar().clone();
    Ok(Week::containing(date, zone, &calendar))
}
