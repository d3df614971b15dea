//! `deflect find` and `deflect show`: the flags turned into a search, and
//! the search's answer rendered; after `find`'s table, the slip of
//! `--slip N` and the gap record where nothing is open.

use std::io::{IsTerminal, Write};

use anyhow::Result;

use crate::cli::{FindArgs, ShowArgs, TableFormat};
use crate::directory::Directory;
use crate::exit;
use crate::matching::{categories_of, search_top, HoursBook, Query};
use crate::places::distance_km;
use crate::records::policy::Unmet;
use crate::render;
use crate::session::lookup::Purpose;
use crate::session::Session;

pub(super) fn run(
    session: &Session,
    args: &FindArgs,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<u8> {
    let asked = super::slip::asked_by_find(args)?;
    // Dropped without waiting: whoever needs the holidays first waits for
    // the decoding to finish.
    std::thread::spawn(crate::hours::HolidayCalendar::warm_up);
    // Only the services that can meet the needs are loaded from a cache.
    let flags = super::flags(&args.search);
    let (desk, request) = session.load_for(err, (&args.search.needs, &flags))?;
    let (directory, faults) = (desk.directory, desk.report);
    crate::timing::phase("load desk");
    let query = session.query(&request, super::filters(&args.search), &directory, err)?;
    let mut book = HoursBook::new(&directory);
    let found = search_top(&directory, &query, &mut book, args.search.limit as usize);
    let results = render::find::Results {
        directory: &directory,
        at: query.at,
        origin: query.origin.as_ref(),
        request: &request,
        excluded: found.excluded,
        radius_km: query.radius_km,
        next_opening: found.next_opening.as_ref(),
        hits: &found.hits,
        total: found.total,
        left_out: faults.left_out.len(),
        colour: render::colour(std::io::stdout().is_terminal()),
    };
    match args.format {
        TableFormat::Table => render::find::table(out, &results)?,
        TableFormat::Json => render::find::json(out, &results)?,
    }
    crate::timing::phase("search and write");
    if let (Some(n), Some(asked)) = (args.slip, &asked) {
        let shown = &found.hits[..found.hits.len().min(n as usize)];
        super::slip::after_find(session, asked, &directory, &query, shown, out, err)?;
    }
    // Scripted searches write no gap record: only a person at a terminal,
    // or one who asks with --record.
    if !found.any_open && (args.record || std::io::stdout().is_terminal()) {
        record_gap(session, &directory, &query, err)?;
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
    session: &Session,
    args: &ShowArgs,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<u8> {
    let (directory, faults) = session.load(err)?;
    let service = session.service(&directory, &faults, &args.id, Purpose::Show)?;
    let at = session.instant(&directory, args.place_time.at.as_deref(), err)?;
    let origin = session.origin(&directory, args.place_time.near.as_deref(), err)?;
    let mut book = HoursBook::new(&directory);
    let shown = render::show::Shown {
        directory: &directory,
        service,
        status: book.status(service, at),
        at,
        distance_km: distance_km(origin.as_ref(), service.location),
    };
    match args.format {
        TableFormat::Table => render::show::text(out, &shown, &mut book)?,
        TableFormat::Json => render::show::json(out, &shown, &mut book)?,
    }
    Ok(exit::OK)
}

/// Writes a gap record where records are on ([`crate::records::policy`]):
/// the needs' categories, and the place's name only when it is a station
/// or a postcode, which name no one.
fn record_gap(
    session: &Session,
    directory: &Directory,
    query: &Query,
    err: &mut dyn Write,
) -> Result<()> {
    let categories = categories_of(&query.needs);
    let place = query.origin.as_ref().and_then(|origin| {
        session
            .place_kind(origin, &directory.places)
            .recorded_name(origin)
    });
    let unmet = Unmet {
        categories: &categories,
        place,
        searched: query.at,
    };
    if let Some(line) = session.recorder().gap(directory, &unmet) {
        writeln!(err, "{line}")?;
    }
    Ok(())
}
