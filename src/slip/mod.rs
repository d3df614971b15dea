//! Referral slips and wallet cards: what the officer hands over.
//!
//! A [`Slip`] is built from services already found (by id or by a search)
//! and rendered as text for a receipt printer ([`text`](fn@text)), as one
//! self-contained HTML page ([`html`](fn@html)), or, for many services, as
//! a sheet of wallet cards ([`cards`](fn@cards)). Rendering is pure: it
//! writes nothing anywhere, and the person's name given for a slip exists
//! only in the returned text.
//!
//! Every string from the directory or the config goes through
//! [`crate::sanitize`] before it reaches a slip.

pub mod cards;
pub mod code;
mod content;
pub mod fit;
pub mod handover;
pub mod html;
pub mod print;
pub mod qr;
pub mod text;
pub mod words;
pub use crate::wrap;

use chrono::{DateTime, Utc};

use crate::directory::{Directory, Service};
use crate::hours::Interval;
use crate::matching::{Hit, HoursBook, Status};
use crate::places::Origin;

pub use cards::{cards, Paper};
pub use code::ReferralCode;
pub use handover::Asked;
pub use html::{html, SlipPaper};
pub use text::text;
pub use words::Lang;

/// The narrowest slip, for 58 mm receipt printers.
pub const MIN_WIDTH: usize = 32;
/// The widest slip.
pub const MAX_WIDTH: usize = 120;
/// The width when neither `--width` nor the config gives one.
pub const DEFAULT_WIDTH: usize = 42;

/// One service on a slip, with its state at the slip's time.
#[derive(Debug, Clone)]
pub struct Entry<'a> {
    /// The service.
    pub service: &'a Service,
    /// Open, closed or unknown at the slip's time.
    pub status: Status,
    /// From the origin, when both are located.
    pub distance_km: Option<f64>,
    /// The needs' categories it meets, when it was found by a search for
    /// needs; empty for a slip by id.
    pub matched: Vec<String>,
    /// The service's hours on the desk's local day of the slip (in the
    /// directory's zone), when it has hours that can be read.
    pub today: Option<Vec<Interval>>,
}

impl<'a> Entry<'a> {
    /// The entry for a service at an instant, with today's hours from the
    /// book.
    pub fn new(
        directory: &Directory,
        service: &'a Service,
        status: Status,
        distance_km: Option<f64>,
        book: &mut HoursBook,
        at: DateTime<Utc>,
    ) -> Entry<'a> {
        // The desk's day, in the directory's zone, whatever the service's.
        let zone = service.zone(&directory.info);
        let view = directory.info.timezone;
        let today = book.hours(service).map(|hours| {
            let date = at.with_timezone(&view).date_naive();
            hours.day_seen_from(zone, view, book.calendar(), date)
        });
        Entry {
            service,
            status,
            distance_km,
            matched: Vec::new(),
            today,
        }
    }

    /// The entry for a service a search found, with what it matched.
    pub fn of_hit(
        directory: &Directory,
        hit: &Hit<'a>,
        book: &mut HoursBook,
        at: DateTime<Utc>,
    ) -> Entry<'a> {
        Entry {
            matched: hit.matched.clone(),
            ..Entry::new(
                directory,
                hit.service,
                hit.status.clone(),
                hit.distance_km,
                book,
                at,
            )
        }
    }
}

/// Everything a slip shows, already resolved.
#[derive(Debug, Clone)]
pub struct Slip<'a> {
    /// The directory the services come from.
    pub directory: &'a Directory,
    /// The time the slip is for (`--at`).
    pub at: DateTime<Utc>,
    /// Where distances are measured from.
    pub origin: Option<&'a Origin>,
    /// The station's name, from the config.
    pub station_name: Option<&'a str>,
    /// The station's phone, from the config.
    pub station_phone: Option<&'a str>,
    /// The services, in the order given.
    pub entries: Vec<Entry<'a>>,
    /// The referral code.
    pub code: ReferralCode,
    /// The name given with `--for`: printed, never kept.
    pub person: Option<&'a str>,
    /// The deflection pathway.
    pub pathway: Option<&'a str>,
}

/// How a slip is laid out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Style {
    /// Columns of a text slip, from [`MIN_WIDTH`] to [`MAX_WIDTH`].
    pub width: usize,
    /// Plain ASCII, for printers without Unicode.
    pub ascii: bool,
    /// The discreet form: names, addresses, phones, hours, the code and
    /// the crisis lines only.
    pub discreet: bool,
    /// Whether the referral notes, meant for the officer, are printed
    /// (`--with-notes`).
    pub notes: bool,
    /// The language of the slip's own words.
    pub lang: Lang,
}

impl Default for Style {
    fn default() -> Self {
        Style {
            width: DEFAULT_WIDTH,
            ascii: false,
            discreet: false,
            notes: false,
            lang: Lang::En,
        }
    }
}
