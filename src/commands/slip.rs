//! `deflect slip`, `deflect cards` and the `--slip N` of `deflect find`:
//! flags turned into a [`Slip`] or a cards sheet, and the result written to
//! standard output or piped to the printer. Nothing is written to disk.

use std::io::Write;

use anyhow::{bail, Result};

use crate::cli::{
    CardPaper, CardsArgs, FindArgs, SearchArgs, SlipArgs, SlipFormat, SlipOptions, SlipPaperName,
    TableFormat,
};
use crate::commands::Context;
use crate::directory::{Directory, Service};
use crate::exit;
use crate::matching::{search, Hit, HoursBook, Query};
use crate::places::haversine_km;
use crate::sanitize::one_line;
use crate::slip::{self, print, Entry, Lang, Paper, ReferralCode, Slip, SlipPaper, Style};

/// The layout from the flags and the config.
pub(crate) fn style(context: &Context<'_>, options: &SlipOptions, lang: Lang) -> Style {
    Style {
        width: options
            .width
            .map(usize::from)
            .or(context.config.slip.width)
            .unwrap_or(slip::DEFAULT_WIDTH),
        ascii: options.ascii,
        discreet: options.discreet,
        notes: options.with_notes,
        lang,
    }
}

/// The language of the slip's words, saying on standard error when the
/// one asked for is not there.
pub(crate) fn language(
    context: &Context<'_>,
    asked: Option<&str>,
    err: &mut dyn Write,
) -> Result<Lang> {
    let (lang, passed_over) = Lang::pick([asked, context.config.slip.lang.as_deref()]);
    if let Some(code) = passed_over {
        writeln!(
            err,
            "note: deflect has no words for slips and cards in \"{}\"; using {}",
            one_line(code),
            match lang {
                Lang::En => "English",
                Lang::Es => "Spanish",
            }
        )?;
    }
    Ok(lang)
}

/// A fresh referral code: the binary never takes one from outside.
pub(crate) fn fresh_code() -> Result<ReferralCode> {
    ReferralCode::random().map_err(|e| anyhow::anyhow!("cannot draw a referral code: {e}"))
}

/// Writes a rendered slip to standard output, or hands it to `lp`.
fn deliver(
    context: &Context<'_>,
    options: &SlipOptions,
    rendered: &str,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<()> {
    let queue = options
        .printer
        .as_deref()
        .or(context.config.slip.printer.as_deref());
    if !(options.print || options.printer.is_some()) {
        out.write_all(rendered.as_bytes())?;
        return Ok(());
    }
    match print::print(rendered, queue) {
        Ok(said) => {
            let printer = queue.map_or_else(
                || "the default printer".to_string(),
                |q| format!("printer {}", one_line(q)),
            );
            if said.is_empty() {
                writeln!(err, "slip sent to {printer}")?;
            } else {
                writeln!(err, "slip sent to {printer}: {said}")?;
            }
            Ok(())
        }
        Err(message) => bail!("{message}"),
    }
}

/// The service with an id, or an error that suggests close ids.
fn service<'a>(directory: &'a Directory, id: &str) -> Result<&'a Service> {
    if let Some(service) = directory.service(id) {
        if !service.active {
            bail!(
                "the service \"{}\" is withdrawn from the directory for now (active = false): no slip is printed for it",
                one_line(id)
            );
        }
        return Ok(service);
    }
    let wanted = id.to_lowercase();
    let mut close: Vec<(f64, &str)> = directory
        .services
        .iter()
        .filter(|s| s.active)
        .map(|s| (strsim::jaro_winkler(&wanted, &s.id), s.id.as_str()))
        .filter(|(score, _)| *score > 0.7)
        .collect();
    close.sort_by(|a, b| b.0.total_cmp(&a.0).then_with(|| a.1.cmp(b.1)));
    let suggestions: Vec<&str> = close.iter().take(5).map(|(_, id)| *id).collect();
    if suggestions.is_empty() {
        bail!(
            "no service has the id \"{}\": `deflect find --format json` lists services with their ids",
            one_line(id)
        );
    }
    bail!(
        "no service has the id \"{}\"; did you mean: {}?",
        one_line(id),
        suggestions.join(", ")
    )
}

/// A slip with a fresh code, the station from the config, and the person's
/// name and pathway from the flags (the pathway defaults to the config's).
fn new_slip<'a>(
    context: &'a Context<'_>,
    options: &'a SlipOptions,
    directory: &'a Directory,
    at: chrono::DateTime<chrono::Utc>,
    origin: Option<&'a crate::places::Origin>,
    entries: Vec<Entry<'a>>,
) -> Result<Slip<'a>> {
    Ok(Slip {
        directory,
        at,
        origin,
        station_name: context.config.station.name.as_deref(),
        station_phone: context.config.station.phone.as_deref(),
        entries,
        code: fresh_code()?,
        person: options.for_name.as_deref(),
        pathway: options
            .pathway
            .as_deref()
            .or(context.config.station.pathway.as_deref()),
    })
}

/// `deflect slip ID...`.
pub(super) fn run(
    context: &Context<'_>,
    args: &SlipArgs,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<u8> {
    let options = &args.options;
    if args.format == SlipFormat::Html && (options.print || options.printer.is_some()) {
        bail!("--print sends the text slip to `lp`; print an HTML slip from a browser (or drop --format html)");
    }
    let (directory, _) = context.load_desk(err)?;
    let mut services: Vec<&Service> = Vec::new();
    for id in &args.ids {
        let found = service(&directory, id)?;
        if !services.iter().any(|s| s.id == found.id) {
            services.push(found);
        }
    }
    let at = super::find::instant(context, &directory, args.place_time.at.as_deref(), err)?;
    let origin = context.origin(&directory, args.place_time.near.as_deref(), err)?;
    let mut book = HoursBook::new(&directory);
    let entries = services
        .iter()
        .map(|s| {
            let status = book.status(s, at);
            let distance = match (&origin, s.location) {
                (Some(o), Some(l)) => Some(haversine_km((o.lat, o.lon), l)),
                _ => None,
            };
            Entry::new(&directory, s, status, distance, &mut book, at)
        })
        .collect();
    let lang = language(context, args.lang.as_deref(), err)?;
    let style = style(context, options, lang);
    let slip = new_slip(context, options, &directory, at, origin.as_ref(), entries)?;
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
    deliver(context, options, &rendered, out, err)?;
    let categories = categories_of(&services);
    let ids: Vec<String> = services.iter().map(|s| s.id.clone()).collect();
    record_referral(context, &slip, &categories, &ids, options.warm_handoff, err)?;
    Ok(exit::OK)
}

/// The categories of the services on a slip printed without a search.
fn categories_of(services: &[&Service]) -> Vec<String> {
    let mut categories: Vec<String> = Vec::new();
    for c in services.iter().flat_map(|s| &s.categories) {
        if !categories.contains(c) {
            categories.push(c.clone());
        }
    }
    categories
}

/// Writes the referral record of a printed slip, where records are on and
/// this is no training ([`super::recording`]); says on standard error when
/// none was written.
pub(crate) fn record_referral(
    context: &Context<'_>,
    slip: &Slip<'_>,
    categories: &[String],
    services: &[String],
    warm_handoff: bool,
    err: &mut dyn Write,
) -> Result<()> {
    let code = slip.code.to_string();
    let handed = super::recording::Handed {
        pathway: slip.pathway,
        categories,
        services,
        warm_handoff,
        code: &code,
    };
    if let Some(line) = context.record_referral(slip.directory, &handed) {
        writeln!(err, "{line}")?;
    }
    Ok(())
}

/// Refuses, before any output, a `find` whose slip flags cannot work.
///
/// # Errors
/// `--slip` with `--format json`, or slip flags without `--slip`.
pub(super) fn check_find(args: &FindArgs) -> Result<()> {
    if args.slip.is_some() && args.format == TableFormat::Json {
        bail!("--slip prints a slip after the table: it cannot be used with --format json");
    }
    let o = &args.slip_options;
    if args.slip.is_none()
        && (o.for_name.is_some()
            || o.pathway.is_some()
            || o.width.is_some()
            || o.ascii
            || o.discreet
            || o.with_notes
            || o.print
            || o.printer.is_some()
            || o.warm_handoff)
    {
        bail!("--for, --pathway, --width, --ascii, --discreet, --with-notes, --print, --printer and --warm-handoff shape a slip: add --slip N");
    }
    Ok(())
}

/// After `find`'s table: the slip for the first N results, when asked
/// for. Its words are in the person's `--lang` where deflect has them.
pub(super) fn after_find(
    context: &Context<'_>,
    args: &FindArgs,
    directory: &Directory,
    query: &Query,
    hits: &[Hit<'_>],
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<()> {
    let Some(n) = args.slip else {
        return Ok(());
    };
    if hits.is_empty() {
        return Ok(());
    }
    let mut book = HoursBook::new(directory);
    let entries = hits
        .iter()
        .take(n as usize)
        .map(|h| {
            Entry::new(
                directory,
                h.service,
                h.status.clone(),
                h.distance_km,
                &mut book,
                query.at,
            )
        })
        .collect();
    let (lang, _) = Lang::pick(
        query
            .person
            .langs
            .iter()
            .map(|l| Some(l.as_str()))
            .chain([context.config.slip.lang.as_deref()]),
    );
    let options = &args.slip_options;
    let style = style(context, options, lang);
    let slip = new_slip(
        context,
        options,
        directory,
        query.at,
        query.origin.as_ref(),
        entries,
    )?;
    let rendered = slip::text(&slip, &style);
    if !(options.print || options.printer.is_some()) {
        writeln!(out)?;
    }
    deliver(context, options, &rendered, out, err)?;
    // The record counts the needs asked for; a search for everything
    // counts the services' own categories.
    let shown: Vec<&Service> = hits.iter().take(n as usize).map(|h| h.service).collect();
    let mut categories: Vec<String> = Vec::new();
    for c in query.needs.iter().flat_map(|n| &n.categories) {
        if !categories.contains(c) {
            categories.push(c.clone());
        }
    }
    if categories.is_empty() {
        categories = categories_of(&shown);
    }
    let ids: Vec<String> = shown.iter().map(|s| s.id.clone()).collect();
    record_referral(context, &slip, &categories, &ids, options.warm_handoff, err)
}

/// The search of `find`, for `cards`: the same needs, place, time and
/// filters, in the same order.
fn search_as_find<'d>(
    context: &Context<'_>,
    args: &SearchArgs,
    directory: &'d Directory,
    err: &mut dyn Write,
) -> Result<(Query, Vec<Hit<'d>>)> {
    let (_, query) = super::find::build_query(context, args, directory, err)?;
    let mut book = HoursBook::new(directory);
    let mut hits = search(directory, &query, &mut book);
    hits.truncate(args.limit as usize);
    Ok((query, hits))
}

/// `deflect cards`.
pub(super) fn cards(
    context: &Context<'_>,
    args: &CardsArgs,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<u8> {
    let (directory, _) = context.load_desk(err)?;
    let (query, hits) = search_as_find(context, &args.search, &directory, err)?;
    if hits.is_empty() {
        writeln!(err, "No service matches: no cards to print.")?;
        return Ok(exit::NOTHING);
    }
    let lang = language(context, query.person.langs.first().map(String::as_str), err)?;
    let services: Vec<&Service> = hits.iter().map(|h| h.service).collect();
    let paper = match args.paper {
        CardPaper::A4 => Paper::A4,
        CardPaper::Letter => Paper::Letter,
    };
    let mut book = HoursBook::new(&directory);
    let sheet = slip::cards(&directory, &services, query.at, lang, paper, &mut book);
    out.write_all(sheet.as_bytes())?;
    Ok(exit::OK)
}
