//! `deflect slip`, `deflect cards` and the `--slip N` of `deflect find`:
//! the flags turned into what the officer asked of a slip
//! ([`crate::slip::Asked`]) or a cards sheet, and the result written to
//! standard output or piped to the printer. Nothing is written to disk.

use std::io::Write;

use anyhow::{bail, Result};

use crate::cli::{
    CardPaper, CardsArgs, FindArgs, SlipArgs, SlipFormat, SlipOptions, SlipPaperName, TableFormat,
};
use crate::directory::{Directory, Service};
use crate::exit;
use crate::matching::{Hit, HoursBook, Query};
use crate::places::distance_km;
use crate::session::lookup::Purpose;
use crate::session::Session;
use crate::slip::handover::{language, send};
use crate::slip::{self, Asked, Entry, Paper, Slip, SlipPaper};

/// What the slip flags ask for.
fn asked(options: &SlipOptions) -> Asked<'_> {
    Asked {
        person: options.for_name.as_deref(),
        pathway: options.pathway.as_deref(),
        width: options.width.map(usize::from),
        ascii: options.ascii,
        discreet: options.discreet,
        notes: options.with_notes,
        print: options.print,
        printer: options.printer.as_deref(),
        warm_handoff: options.warm_handoff,
    }
}

/// What `find --slip N` asks of its slip, refused before any output when
/// its flags cannot work; `None` without `--slip`.
///
/// # Errors
/// `--slip` with `--format json`, or slip flags without `--slip`.
pub(super) fn asked_by_find(args: &FindArgs) -> Result<Option<Asked<'_>>> {
    if args.slip.is_some() && args.format == TableFormat::Json {
        bail!("--slip prints a slip after the table: it cannot be used with --format json");
    }
    let asked = asked(&args.slip_options);
    if args.slip.is_some() {
        return Ok(Some(asked));
    }
    let shapes_a_slip = asked.person.is_some()
        || asked.pathway.is_some()
        || asked.width.is_some()
        || asked.ascii
        || asked.discreet
        || asked.notes
        || asked.prints()
        || asked.warm_handoff;
    if shapes_a_slip {
        bail!("--for, --pathway, --width, --ascii, --discreet, --with-notes, --print, --printer and --warm-handoff shape a slip: add --slip N");
    }
    Ok(None)
}

/// Writes a rendered slip to standard output, or hands it to `lp` and
/// says where it went on standard error.
fn deliver(
    session: &Session,
    asked: &Asked<'_>,
    rendered: &str,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<()> {
    if !asked.prints() {
        out.write_all(rendered.as_bytes())?;
        return Ok(());
    }
    match send(rendered, asked.queue(&session.config.slip)) {
        Ok(line) => writeln!(err, "{line}")?,
        Err(message) => bail!("{message}"),
    }
    Ok(())
}

/// Hands the slip's referral to the records; says on standard error when
/// none was written although records are on.
fn record_referral(
    session: &Session,
    slip: &Slip<'_>,
    asked: &Asked<'_>,
    err: &mut dyn Write,
) -> Result<()> {
    let handed = slip.handed(asked.warm_handoff);
    if let Some(line) = session.recorder().referral(slip.directory, &handed) {
        writeln!(err, "{line}")?;
    }
    Ok(())
}

/// `deflect slip ID...`.
pub(super) fn run(
    session: &Session,
    args: &SlipArgs,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<u8> {
    let asked = asked(&args.options);
    if args.format == SlipFormat::Html && asked.prints() {
        bail!("--print sends the text slip to `lp`; print an HTML slip from a browser (or drop --format html)");
    }
    let (directory, faults) = session.load(err)?;
    let mut services = Vec::new();
    for id in &args.ids {
        let found = session.service(&directory, &faults, id, Purpose::Slip)?;
        if !services.iter().any(|s: &&Service| s.id == found.id) {
            services.push(found);
        }
    }
    let at = session.instant(&directory, args.place_time.at.as_deref(), err)?;
    let origin = session.origin(&directory, args.place_time.near.as_deref(), err)?;
    let mut book = HoursBook::new(&directory);
    let entries = services
        .iter()
        .map(|s| {
            let status = book.status(s, at);
            let distance = distance_km(origin.as_ref(), s.location);
            Entry::new(&directory, s, status, distance, &mut book, at)
        })
        .collect();
    let settings = &session.config.slip;
    let (lang, note) = language(args.lang.as_deref(), settings);
    if let Some(note) = note {
        writeln!(err, "{note}")?;
    }
    let style = asked.style(settings, lang);
    let station = &session.config.station;
    let slip = Slip::handed_over(&directory, at, origin.as_ref(), entries, station, &asked)?;
    let rendered = match args.format {
        SlipFormat::Text => slip::text(&slip, &style),
        SlipFormat::Html => slip::html(
            &slip,
            &style,
            match args.paper {
                SlipPaperName::A6 => SlipPaper::A6,
                SlipPaperName::Receipt80 => SlipPaper::Receipt80,
            },
        ),
    };
    deliver(session, &asked, &rendered, out, err)?;
    record_referral(session, &slip, &asked, err)?;
    Ok(exit::OK)
}

/// After `find`'s table: the slip for the results `shown` on it (the
/// first N), when there are any. Its words are in the person's language
/// where deflect has them.
pub(super) fn after_find(
    session: &Session,
    asked: &Asked<'_>,
    directory: &Directory,
    query: &Query,
    shown: &[Hit<'_>],
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<()> {
    if shown.is_empty() {
        return Ok(());
    }
    let mut book = HoursBook::new(directory);
    let entries = shown
        .iter()
        .map(|h| Entry::of_hit(directory, h, &mut book, query.at))
        .collect();
    let settings = &session.config.slip;
    let (lang, note) = language(query.person.langs.iter().map(String::as_str), settings);
    if let Some(note) = note {
        writeln!(err, "{note}")?;
    }
    let style = asked.style(settings, lang);
    let station = &session.config.station;
    let slip = Slip::handed_over(
        directory,
        query.at,
        query.origin.as_ref(),
        entries,
        station,
        asked,
    )?;
    let rendered = slip::text(&slip, &style);
    if !asked.prints() {
        writeln!(out)?;
    }
    deliver(session, asked, &rendered, out, err)?;
    record_referral(session, &slip, asked, err)
}

/// `deflect cards`: the search of `find`, with the same needs, place,
/// time and filters, in the same order, as a sheet of wallet cards.
pub(super) fn cards(
    session: &Session,
    args: &CardsArgs,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<u8> {
    let (directory, _) = session.load(err)?;
    let search = &args.search;
    let flags = super::flags(search);
    let filters = super::filters(search);
    let (_, query) = session.search_query((&search.needs, &flags), filters, &directory, err)?;
    let mut book = HoursBook::new(&directory);
    let mut hits = crate::matching::search(&directory, &query, &mut book);
    hits.truncate(search.limit as usize);
    if hits.is_empty() {
        writeln!(err, "No service matches: no cards to print.")?;
        return Ok(exit::NOTHING);
    }
    let settings = &session.config.slip;
    let (lang, note) = language(query.person.langs.iter().map(String::as_str), settings);
    if let Some(note) = note {
        writeln!(err, "{note}")?;
    }
    let services: Vec<_> = hits.iter().map(|h| h.service).collect();
    let paper = match args.paper {
        CardPaper::A4 => Paper::A4,
        CardPaper::Letter => Paper::Letter,
    };
    let mut book = HoursBook::new(&directory);
    let sheet = slip::cards(&directory, &services, query.at, lang, paper, &mut book);
    out.write_all(sheet.as_bytes())?;
    Ok(exit::OK)
}
