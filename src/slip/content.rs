//! What a slip says, as single-line strings in the slip's language,
//! already made safe with [`crate::sanitize::one_line`]: the text and HTML
//! renderers only lay it out. The discreet form is decided here, once, by
//! leaving fields empty.

use chrono::{DateTime, NaiveDate};
use chrono_tz::Tz;

use crate::directory::{Clock, Directory, Service};
use crate::hours::Interval;
use crate::matching::Status;
use crate::places::format_distance;
use crate::sanitize::one_line;
use crate::slip::words::{fill, unbroken, Lang, Words};
use crate::slip::{qr, Entry, Slip, Style};

/// One service's lines.
#[derive(Debug, Clone, Default)]
pub(crate) struct Block {
    pub name: String,
    pub offers: Option<String>,
    pub address: Option<String>,
    pub distance: Option<String>,
    pub phone: String,
    pub tel: Option<String>,
    pub status: String,
    pub today: Option<String>,
    pub capacity: Option<String>,
    pub alert: Option<String>,
    pub notes: Option<String>,
    pub verified: Option<String>,
}

/// A crisis line.
#[derive(Debug, Clone)]
pub(crate) struct Line {
    pub name: String,
    pub phone: String,
}

/// A whole slip's lines.
#[derive(Debug, Clone)]
pub(crate) struct Content {
    pub lang: Lang,
    pub words: &'static Words,
    pub discreet: bool,
    pub demo: Option<&'static str>,
    /// The directory's name, the station's name and phone.
    pub heading: Vec<String>,
    pub date: Option<String>,
    pub code: String,
    pub person: Option<String>,
    pub pathway: Option<String>,
    pub services: Vec<Block>,
    pub crisis: Vec<Line>,
}

/// The names of a service's categories, in the slip's language where
/// deflect has them.
pub(crate) fn offers(directory: &Directory, service: &Service, words: &Words) -> String {
    let names: Vec<String> = service
        .categories
        .iter()
        .map(|id| match words.category(id) {
            Some(name) => name.to_string(),
            None => directory
                .taxonomy
                .get(id)
                .map_or_else(|| one_line(id), |c| one_line(&c.name)),
        })
        .collect();
    names.join(", ")
}

/// The status at the slip's time: "Open now until 8:00 AM", "Closed now,
/// opens Sat 9:00 AM", "Hours unknown — call first"; times as the desk
/// reads them (`at` is in the directory's zone). The rule is the desk's
/// ([`crate::render::status::status_words`]), in the slip's words.
pub(crate) fn status_words(status: &Status, at: &DateTime<Tz>, clock: Clock, w: &Words) -> String {
    crate::render::status::status_words(status, at, clock, &w.status)
}

/// One day's hours in words: "9:00 AM–12:00 PM, 1:00 PM–5:00 PM", "open all
/// day", "closed", with stretches of unknown state marked "call first";
/// the desk's rule ([`crate::render::status::day_words`]) in the slip's
/// words.
pub(crate) fn day_words(
    date: NaiveDate,
    intervals: &[Interval],
    clock: Clock,
    w: &Words,
) -> String {
    crate::render::status::day_words(date, intervals, clock, &w.status)
}

fn block(slip: &Slip<'_>, entry: &Entry<'_>, style: &Style, w: &'static Words) -> Block {
    let info = &slip.directory.info;
    let s = entry.service;
    // As the desk reads it: the directory's zone, whatever the service's.
    let at = slip.at.with_timezone(&info.timezone);
    let mut block = Block {
        name: one_line(&s.name),
        address: s.address.as_deref().map(one_line).filter(|a| !a.is_empty()),
        phone: unbroken(&one_line(&s.phone)),
        tel: qr::tel_uri(&s.phone),
        status: status_words(&entry.status, &at, info.clock, w),
        today: entry.today.as_ref().map(|intervals| {
            format!(
                "{}: {}",
                w.day(at.date_naive()),
                day_words(at.date_naive(), intervals, info.clock, w)
            )
        }),
        ..Block::default()
    };
    if style.discreet {
        return block;
    }
    block.offers = Some(offers(slip.directory, s, w)).filter(|o| !o.is_empty());
    block.distance = entry.distance_km.map(|km| {
        let distance = unbroken(&format_distance(km, info.units));
        match slip.origin.and_then(|o| o.name.as_deref()) {
            Some(place) => fill(w.distance_from, &[&distance, &one_line(place)]),
            None => fill(w.distance, &[&distance]),
        }
    });
    block.capacity = s.capacity.as_ref().and_then(|c| {
        let age = slip.at.timestamp() - c.updated?.timestamp();
        if !(0..=24 * 3600).contains(&age) {
            return None;
        }
        Some(match c.total {
            Some(total) => fill(w.beds_of, &[&c.available.to_string(), &total.to_string()]),
            None => fill(w.beds, &[&c.available.to_string()]),
        })
    });
    block.alert = s
        .alert
        .as_deref()
        .filter(|_| s.alert_until.is_none_or(|until| until >= at.date_naive()))
        .map(one_line)
        .filter(|a| !a.is_empty());
    // Referral notes are for the officer: on the person's slip only when
    // asked for.
    block.notes = s
        .referral_notes
        .as_deref()
        .filter(|_| style.notes)
        .map(one_line)
        .filter(|n| !n.is_empty());
    block.verified = Some(match s.verified {
        Some(date) => format!("{} {date}", w.verified),
        None => w.never_verified.to_string(),
    });
    block
}

/// What the slip says.
pub(crate) fn content(slip: &Slip<'_>, style: &Style) -> Content {
    let w = style.lang.words();
    let info = &slip.directory.info;
    let mut heading = Vec::new();
    let mut date = None;
    let mut person = None;
    let mut pathway = None;
    if !style.discreet {
        heading.push(one_line(&info.name));
        heading.extend(slip.station_name.map(one_line));
        heading.extend(slip.station_phone.map(one_line));
        heading.retain(|h| !h.is_empty());
        date = Some(w.date_time(&slip.at.with_timezone(&info.timezone), info.clock));
        person = slip
            .person
            .map(one_line)
            .filter(|p| !p.is_empty())
            .map(|p| format!("{}: {p}", w.person));
        pathway = slip
            .pathway
            .map(|p| format!("{}: {}", w.pathway, one_line(p)));
    }
    Content {
        lang: style.lang,
        words: w,
        discreet: style.discreet,
        demo: info.demo.then_some(w.demo),
        heading,
        date,
        code: format!("{}: {}", w.code, slip.code),
        person,
        pathway,
        services: slip
            .entries
            .iter()
            .map(|e| block(slip, e, style, w))
            .collect(),
        crisis: info
            .crisis_lines
            .iter()
            .map(|l| Line {
                name: one_line(&l.name),
                phone: unbroken(&one_line(&l.phone)),
            })
            .collect(),
    }
}
