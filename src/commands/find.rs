//! `deflect find` and `deflect show`.

use std::io::{IsTerminal, Write};

use anyhow::{bail, Result};

use crate::cli::{FindArgs, SearchArgs, ShowArgs, TableFormat};
use crate::commands::Context;
use crate::directory::model::ATTRIBUTES;
use crate::directory::{Directory, PAYMENTS};
use crate::exit;
use crate::matching::{search_top, HoursBook, Person, Query};
use crate::needs::{resolve_needs, ServiceName};
use crate::places::{haversine_km, parse_radius};
use crate::render;
use crate::when::parse_at;

/// The search `find` makes: its needs, place, time and filters resolved
/// against a directory. `cards` and the desk make the same one.
///
/// # Errors
/// A need or place that matches nothing, or a bad value.
pub(crate) fn build_query(
    context: &Context<'_>,
    args: &SearchArgs,
    directory: &Directory,
    err: &mut dyn Write,
) -> Result<Query> {
    query_with(context, args, directory, None, err)
}

/// [`build_query`], with the needs already resolved when `needs` is given
/// (against the whole directory, when `directory` holds only the services
/// that can meet them).
fn query_with(
    context: &Context<'_>,
    args: &SearchArgs,
    directory: &Directory,
    needs: Option<super::Needs>,
    err: &mut dyn Write,
) -> Result<Query> {
    let person = person(args)?;
    let needs = match needs {
        Some(needs) => needs,
        None => {
            let names: Vec<ServiceName<'_>> = ServiceName::all(&directory.services);
            resolve_needs(&args.needs, &directory.taxonomy, &names)
        }
    }
    .map_err(|e| anyhow::anyhow!("{e}"))?;
    let at = instant(context, directory, &args.place_time.at, err)?;
    let radius_km = match &args.radius {
        Some(r) => Some(parse_radius(r, directory.info.units).map_err(|e| anyhow::anyhow!("{e}"))?),
        None => None,
    };
    let origin = context.origin(directory, args.place_time.near.as_deref(), err)?;
    if radius_km.is_some() && origin.is_none() {
        bail!("--radius needs a place to measure from: give --near PLACE");
    }
    Ok(Query {
        needs,
        origin,
        at,
        open_only: args.open_only,
        radius_km,
        person,
    })
}

/// The instant of `--at`, with any notice on standard error.
pub(crate) fn instant(
    context: &Context<'_>,
    directory: &Directory,
    at: &str,
    err: &mut dyn Write,
) -> Result<chrono::DateTime<chrono::Utc>> {
    match parse_at(
        at,
        directory.info.timezone,
        context.now(directory.info.timezone)?,
    ) {
        Ok(at) => {
            if let Some(note) = at.note {
                writeln!(err, "note: {note}")?;
            }
            Ok(at.instant)
        }
        Err(message) => bail!("{message}"),
    }
}

/// The person's eligibility from the flags, each checked.
///
/// # Errors
/// An unknown payment, attribute or language code.
pub(crate) fn person(args: &SearchArgs) -> Result<Person> {
    if let Some(payment) = &args.payment {
        if !PAYMENTS.contains(&payment.as_str()) {
            bail!(
                "unknown payment \"{}\": use one of {}",
                crate::sanitize::one_line(payment),
                PAYMENTS.join(", ")
            );
        }
    }
    for attribute in &args.require {
        if !ATTRIBUTES.contains(&attribute.as_str()) {
            bail!(
                "unknown attribute \"{}\" for --require: use one of {}",
                crate::sanitize::one_line(attribute),
                ATTRIBUTES.join(", ")
            );
        }
    }
    if let Some(lang) = &args.lang {
        if !crate::directory::lang::is_language_code(&lang.to_lowercase()) {
            bail!(
                "\"{}\" is not a language code: use an ISO 639-1 code such as en, es, ar",
                crate::sanitize::one_line(lang)
            );
        }
    }
    Ok(Person {
        age: args.age,
        gender: args.gender.clone(),
        lang: args.lang.as_ref().map(|l| l.to_lowercase()),
        payment: args.payment.clone(),
        require: args.require.clone(),
    })
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
    let (desk, needs) = context.load_desk_for(err, Some(&args.search.needs))?;
    let (directory, faults) = (desk.directory, desk.report);
    crate::timing::phase("load desk");
    let query = query_with(context, &args.search, &directory, needs, err)?;
    let at = query.at;
    let mut book = HoursBook::new(&directory);
    let found = search_top(&directory, &query, &mut book, args.search.limit as usize);
    let (hits, total, nothing_open) = (found.hits, found.total, !found.any_open);
    let results = render::find::Results {
        directory: &directory,
        at,
        origin: query.origin.as_ref(),
        needs: &query.needs,
        hits: &hits,
        total,
        left_out: faults.left_out.len(),
        colour: render::colour(std::io::stdout().is_terminal()),
    };
    match args.format {
        TableFormat::Table => render::find::table(out, &results)?,
        TableFormat::Json => render::find::json(out, &results)?,
    }
    crate::timing::phase("search and write");
    super::slip::after_find(context, args, &directory, &query, &hits, out, err)?;
    // Scripted searches write no gap record: only a person at a terminal,
    // or one who asks with --record.
    if nothing_open && (args.record || std::io::stdout().is_terminal()) {
        record_gap(context, &directory, &query, err)?;
    }
    let code = if hits.is_empty() {
        exit::NOTHING
    } else {
        exit::OK
    };
    // The hits and the parsed hours of thousands of expressions go with
    // the directory.
    super::leave_to_exit(hits);
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
    let at = instant(context, &directory, &args.place_time.at, err)?;
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
