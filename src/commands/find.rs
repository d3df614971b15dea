//! `deflect find` and `deflect show`.

use std::io::{IsTerminal, Write};

use anyhow::{bail, Result};

use crate::cli::{FindArgs, SearchArgs, ShowArgs, TableFormat};
use crate::commands::Context;
use crate::directory::Directory;
use crate::exit;
use crate::matching::{search_top, HoursBook, Person, Query};
use crate::needs::{ServiceName, ServiceNames};
use crate::places::{haversine_km, parse_radius};
use crate::render;
use crate::request::{Flags, Request};
use crate::when::parse_at;

/// The flags of a search, as the request reader takes them.
pub(crate) fn flags(args: &SearchArgs) -> Flags {
    Flags {
        age: args.age,
        gender: args.gender.clone(),
        lang: args.lang.clone(),
        payment: args.payment.clone(),
        substances: args.substances.clone(),
        prefers: args.prefers.clone(),
        require: args.require.clone(),
        at: args.place_time.at.clone(),
        near: args.place_time.near.clone(),
    }
}

/// The search `find` makes: its request and flags read against a loaded
/// directory. `cards` makes the same one.
///
/// # Errors
/// A request that cannot be read, a place that matches nothing, or a bad
/// value.
pub(crate) fn build_query(
    context: &Context<'_>,
    args: &SearchArgs,
    directory: &Directory,
    err: &mut dyn Write,
) -> Result<(Request, Query)> {
    let names = || ServiceName::all(&directory.services);
    let request = context.read_request(
        &super::Known::of(directory, ServiceNames::Later(&names)),
        &args.needs,
        &flags(args),
    )?;
    let query = query_for(context, &request, args, directory, err)?;
    Ok((request, query))
}

/// The query a read request makes: its time (else now), its place (else
/// the station or the default place), the radius and what is open.
///
/// # Errors
/// A radius that is not a distance, or one with nowhere to measure from.
pub(crate) fn query_for(
    context: &Context<'_>,
    request: &Request,
    args: &SearchArgs,
    directory: &Directory,
    err: &mut dyn Write,
) -> Result<Query> {
    let at = match &request.time {
        Some(time) => {
            if let Some(note) = &time.note {
                writeln!(err, "note: {note}")?;
            }
            time.at
        }
        None => context.now(directory.info.timezone)?,
    };
    let radius_km = match &args.radius {
        Some(r) => Some(parse_radius(r, directory.info.units).map_err(anyhow::Error::msg)?),
        None => None,
    };
    let origin = match &request.place {
        Some(place) => Some(place.origin.clone()),
        None => context.origin(directory, None, err)?,
    };
    if radius_km.is_some() && origin.is_none() {
        bail!("--radius needs a place to measure from: give --near PLACE or a place in the words (near 60994)");
    }
    Ok(Query {
        needs: request.needs.clone(),
        substances: request.substances.clone(),
        prefers: request.prefers.clone(),
        origin,
        at,
        open_only: args.open_only,
        radius_km,
        person: Person::of(request),
    })
}

/// The instant of `--at` (now when not given), with any notice on
/// standard error.
pub(crate) fn instant(
    context: &Context<'_>,
    directory: &Directory,
    at: Option<&str>,
    err: &mut dyn Write,
) -> Result<chrono::DateTime<chrono::Utc>> {
    let zone = directory.info.timezone;
    match parse_at(at.unwrap_or("now"), zone, context.now(zone)?) {
        Ok(at) => {
            if let Some(note) = at.note {
                writeln!(err, "note: {note}")?;
            }
            Ok(at.instant)
        }
        Err(message) => bail!("{message}"),
    }
}

pub(super) fn run(
    context: &Context<'_>,
    args: &FindArgs,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<u8> {
    super::slip::check_find(args)?;
    // Dropped without waiting: whoever needs the holidays first waits for
    // the decoding to finish.
    std::thread::spawn(crate::hours::HolidayCalendar::warm_up);
    // Only the services that can meet the needs are loaded from a cache.
    let search = (&args.search.needs[..], &flags(&args.search));
    let (desk, request) = context.load_desk_for(err, Some(search))?;
    let request = request.unwrap_or_default();
    let (directory, faults) = (desk.directory, desk.report);
    crate::timing::phase("load desk");
    let query = query_for(context, &request, &args.search, &directory, err)?;
    let at = query.at;
    let mut book = HoursBook::new(&directory);
    let found = search_top(&directory, &query, &mut book, args.search.limit as usize);
    let (total, nothing_open) = (found.total, !found.any_open);
    let results = render::find::Results {
        directory: &directory,
        at,
        origin: query.origin.as_ref(),
        request: &request,
        excluded: found.excluded,
        radius_km: query.radius_km,
        next_opening: found.next_opening.as_ref(),
        hits: &found.hits,
        total,
        left_out: faults.left_out.len(),
        colour: render::colour(std::io::stdout().is_terminal()),
    };
    match args.format {
        TableFormat::Table => render::find::table(out, &results)?,
        TableFormat::Json => render::find::json(out, &results)?,
    }
    crate::timing::phase("search and write");
    super::slip::after_find(context, args, &directory, &query, &found.hits, out, err)?;
    // Scripted searches write no gap record: only a person at a terminal,
    // or one who asks with --record.
    if nothing_open && (args.record || std::io::stdout().is_terminal()) {
        record_gap(context, &directory, &query, err)?;
    }
    let code = if found.hits.is_empty() {
        exit::NOTHING
    } else {
        exit::OK
    };
    // The hits and the parsed hours of thousands of expressions go with
    // the directory.
    super::leave_to_exit(found);
    super::leave_to_exit(book);
    super::leave_to_exit(directory);
    Ok(code)
}

pub(super) fn show(
    context: &Context<'_>,
    args: &ShowArgs,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<u8> {
    let (directory, faults) = context.load_desk(err)?;
    let Some(service) = directory.service(&args.id) else {
        if let Some(error) = super::left_out::left_out_error(context, &faults, &args.id)? {
            return Err(error);
        }
        let ids: Vec<&str> = directory.services.iter().map(|s| s.id.as_str()).collect();
        let mut close: Vec<(f64, &str)> = ids
            .iter()
            .map(|id| (strsim::jaro_winkler(&args.id.to_lowercase(), id), *id))
            .filter(|(score, _)| *score > 0.7)
            .collect();
        close.sort_by(|a, b| b.0.total_cmp(&a.0));
        let suggestions: Vec<&str> = close.iter().take(5).map(|(_, id)| *id).collect();
        if suggestions.is_empty() {
            bail!(
                "no service has the id \"{}\": `deflect find` lists services with their ids",
                crate::sanitize::one_line(&args.id)
            );
        }
        bail!(
            "no service has the id \"{}\"; did you mean: {}?",
            crate::sanitize::one_line(&args.id),
            suggestions.join(", ")
        );
    };
    let at = instant(context, &directory, args.place_time.at.as_deref(), err)?;
    let origin = context.origin(&directory, args.place_time.near.as_deref(), err)?;
    let mut book = HoursBook::new(&directory);
    let status = book.status(service, at);
    let distance_km = match (&origin, service.location) {
        (Some(o), Some(l)) => Some(haversine_km((o.lat, o.lon), l)),
        _ => None,
    };
    let shown = render::show::Shown {
        directory: &directory,
        service,
        status,
        at,
        distance_km,
    };
    match args.format {
        TableFormat::Table => render::show::text(out, &shown, &mut book)?,
        TableFormat::Json => render::show::json(out, &shown, &mut book)?,
    }
    Ok(exit::OK)
}

/// Writes a gap record where records are on ([`super::recording`]): the
/// needs' categories, and the place's name only when it is a station or a
/// postcode, which name no one.
pub(crate) fn record_gap(
    context: &Context<'_>,
    directory: &Directory,
    query: &Query,
    err: &mut dyn Write,
) -> Result<()> {
    let mut categories: Vec<String> = Vec::new();
    for c in query.needs.iter().flat_map(|n| &n.categories) {
        if !categories.contains(c) {
            categories.push(c.clone());
        }
    }
    let place = query
        .origin
        .as_ref()
        .and_then(|o| o.name.as_deref())
        .filter(|name| {
            directory.places.iter().any(|p| {
                p.name == *name && matches!(p.kind.as_deref(), Some("station" | "postcode"))
            })
        });
    let unmet = super::recording::Unmet {
        categories: &categories,
        place,
        searched: query.at,
    };
    if let Some(line) = context.record_gap(directory, &unmet) {
        writeln!(err, "{line}")?;
    }
    Ok(())
}
