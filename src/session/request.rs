//! A search as the library makes it: the request read (docs/REQUEST.md)
//! against what a directory knows, with the flags joined to it; the
//! instant of `--at`; and the [`Query`] a read request makes, with its
//! place (else the station's or the directory's default) and radius.

use std::io::Write;

use anyhow::{bail, Result};
use chrono::{DateTime, Utc};
use chrono_tz::Tz;

use crate::directory::Directory;
use crate::matching::{Person, Query};
use crate::needs::{ServiceName, ServiceNames};
use crate::places::parse_radius;
use crate::request::{Flags, Knowledge, Request};
use crate::session::Session;
use crate::when::parse_at;

/// What a search asks besides its request: the filters given only as
/// flags.
#[derive(Debug, Clone, Copy, Default)]
pub struct Filters<'a> {
    /// Leave out services that are not open at the time (`--open-only`).
    pub open_only: bool,
    /// Leave out located services farther than this (`--radius`, as
    /// typed: `5`, `5km`, `3mi`).
    pub radius: Option<&'a str>,
}

impl Session {
    /// Reads a request (docs/REQUEST.md) against what a directory knows,
    /// with the flags joined to it, "now" being this run's clock.
    ///
    /// # Errors
    /// A request that cannot be read, with the reader's message.
    pub fn read_request(
        &self,
        knowledge: &Knowledge<'_>,
        words: &[String],
        flags: &Flags,
    ) -> Result<Request> {
        let request = crate::request::read(words, knowledge)
            .and_then(|request| request.with_flags(flags, knowledge))?;
        Ok(request)
    }

    /// What a loaded directory knows, with its services' names, for
    /// reading a request at this run's "now" in the directory's zone.
    ///
    /// # Errors
    /// When "now" cannot be had (a `DEFLECT_NOW` that cannot be read).
    pub fn knowledge<'a>(
        &self,
        directory: &'a Directory,
        services: ServiceNames<'a>,
    ) -> Result<Knowledge<'a>> {
        let zone = directory.info.timezone;
        Ok(Knowledge {
            taxonomy: &directory.taxonomy,
            words: &directory.words,
            places: &directory.places,
            services,
            zone,
            now: self.now(zone)?,
        })
    }

    /// The instant of `--at` in a timezone (now when not given), with any
    /// notice on standard error.
    ///
    /// # Errors
    /// A time that cannot be read, or one the clocks skip.
    pub fn instant_in(
        &self,
        zone: Tz,
        at: Option<&str>,
        err: &mut dyn Write,
    ) -> Result<DateTime<Utc>> {
        match parse_at(at.unwrap_or("now"), zone, self.now(zone)?) {
            Ok(at) => {
                if let Some(note) = at.note {
                    writeln!(err, "note: {note}")?;
                }
                Ok(at.instant)
            }
            Err(message) => bail!("{message}"),
        }
    }

    /// [`Session::instant_in`] the directory's timezone.
    ///
    /// # Errors
    /// As [`Session::instant_in`].
    pub fn instant(
        &self,
        directory: &Directory,
        at: Option<&str>,
        err: &mut dyn Write,
    ) -> Result<DateTime<Utc>> {
        self.instant_in(directory.info.timezone, at, err)
    }

    /// The query a read request makes: its time (else now), its place
    /// (else the station or the default place), the radius and what is
    /// open.
    ///
    /// # Errors
    /// A radius that is not a distance, or one with nowhere to measure
    /// from.
    pub fn query(
        &self,
        request: &Request,
        filters: Filters<'_>,
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
            None => self.now(directory.info.timezone)?,
        };
        let radius_km = match filters.radius {
            Some(r) => Some(parse_radius(r, directory.info.units).map_err(anyhow::Error::msg)?),
            None => None,
        };
        let origin = match &request.place {
            Some(place) => Some(place.origin.clone()),
            None => self.origin(directory, None, err)?,
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
            open_only: filters.open_only,
            radius_km,
            person: Person::of(request),
        })
    }

    /// The search `find` makes, on a directory already loaded whole: its
    /// request read, then its query. `cards` makes the same one.
    ///
    /// # Errors
    /// As [`Session::read_request`] and [`Session::query`].
    pub fn search_query(
        &self,
        typed: (&[String], &Flags),
        filters: Filters<'_>,
        directory: &Directory,
        err: &mut dyn Write,
    ) -> Result<(Request, Query)> {
        let names = || ServiceName::all(&directory.services);
        let (words, flags) = typed;
        let knowledge = self.knowledge(directory, ServiceNames::Later(&names))?;
        let request = self.read_request(&knowledge, words, flags)?;
        let query = self.query(&request, filters, directory, err)?;
        Ok((request, query))
    }
}
