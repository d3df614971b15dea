//! `deflect coverage`: when and where no service is open for a need, over
//! one week (docs/CLI.md). Like `validate`, it never falls back to the demo
//! directory; `--demo` asks for it.

use std::io::Write;

use anyhow::{anyhow, bail, Result};
use chrono::NaiveDate;

use crate::cli::{CoverageArgs, CoverageFormat, SearchArgs, WhereWhen};
use crate::commands::{find, Context};
use crate::coverage::{self, NeedRow, Place, Request, Week};
use crate::directory::Directory;
use crate::exit;
use crate::matching::HoursBook;
use crate::needs::{resolve_needs, ServiceName};
use crate::places::parse_radius;
use crate::render::coverage::Shown;
use crate::when::parse_date;

/// The radius when none is given, in the directory's units.
const DEFAULT_RADIUS: &str = "10";

pub(super) fn run(
    context: &Context<'_>,
    args: &CoverageArgs,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<u8> {
    let week_of = match &args.week_of {
        Some(text) => Some(parse_date(text).map_err(|m| anyhow!("--week-of: {m}"))?),
        None => None,
    };
    let (desk, _) = context.load_from(context.source(false)?, err, None)?;
    let directory = desk.directory;
    crate::timing::phase("load directory");
    let radius_km = parse_radius(
        args.radius.as_deref().unwrap_or(DEFAULT_RADIUS),
        directory.info.units,
    )
    .map_err(|m| anyhow!("{m}"))?;
    let request = read_request(context, args, &directory, err)?;
    let week = week(context, &directory, week_of)?;
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

/// Reads coverage's words and flags into what it measures: the needs (a
/// row each), the person's filters and the places measured from.
///
/// This is the one place that reads them, and the seam where the
/// plain-words request reader (REQUEST.md) takes over: today the words
/// are `find`'s `NEED` words, each resolved need a row, and the person's
/// filters are `find`'s flags, checked by `find`'s own function; with the
/// reader, place words add origins, and time and preference words are an
/// error that names `--week-of` and `--require`.
///
/// # Errors
/// A need or place that matches nothing, a bad filter value, or no place
/// to measure from.
fn read_request(
    context: &Context<'_>,
    args: &CoverageArgs,
    directory: &Directory,
    err: &mut dyn Write,
) -> Result<Request> {
    let needs = if args.needs.is_empty() {
        NeedRow::every_group(directory)
    } else {
        let names = ServiceName::all(&directory.services);
        resolve_needs(&args.needs, &directory.taxonomy, &names)
            .map_err(|e| anyhow!("{e}"))?
            .into_iter()
            .map(|need| NeedRow::typed(need, directory))
            .collect()
    };
    let person = find::person(&SearchArgs {
        needs: Vec::new(),
        place_time: WhereWhen {
            near: None,
            at: "now".into(),
        },
        open_only: false,
        radius: None,
        age: args.age,
        gender: args.gender.clone(),
        lang: args.lang.clone(),
        payment: args.payment.clone(),
        require: args.require.clone(),
        limit: 1,
    })?;
    let origins = origins(context, &args.near, directory, err)?;
    Ok(Request {
        needs,
        person,
        origins,
    })
}

/// The places measured from: each `--near`; else every place of kind
/// `station`; else the config's station, else the directory's default
/// place.
fn origins(
    context: &Context<'_>,
    near: &[String],
    directory: &Directory,
    err: &mut dyn Write,
) -> Result<Vec<Place>> {
    let mut places: Vec<Place> = Vec::new();
    for query in near {
        let Some(origin) = context.origin(directory, Some(query), err)? else {
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
    match context.origin(directory, None, err)? {
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
fn week(context: &Context<'_>, directory: &Directory, week_of: Option<NaiveDate>) -> Result<Week> {
    let zone = directory.info.timezone;
    let date = match week_of {
        Some(date) => date,
        None => context.now(zone)?.with_timezone(&zone).date_naive(),
    };
    let calendar = HoursBook::new(directory).calendar().clone();
    Ok(Week::containing(date, zone, &calendar))
}
