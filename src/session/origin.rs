//! Where a search is made from: `--near` (or a place in the request's
//! words), else the station from the config, else the directory's default
//! place; and what kind of place that is, which decides what a gap record
//! may say about where (a station's or a postcode's name, never typed
//! coordinates or another place).

use std::cell::OnceCell;
use std::io::Write;

use anyhow::{bail, Result};

use crate::config::StationPlace;
use crate::directory::Directory;
use crate::places::{resolve_exactly, Gazetteer, Origin, Place};
use crate::session::Session;

/// What kind of place a search is made from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PlaceKind {
    /// A police station: the config's own coordinates, or a place of kind
    /// `station`.
    Station,
    /// A place of kind `postcode` (or `zip`, `postal code`, …: the
    /// places' rule, [`Place::is_postcode`]).
    Postcode,
    /// Any other place, or typed coordinates.
    Other,
}

impl PlaceKind {
    /// The kind of the gazetteer's place an origin names; typed
    /// coordinates, which name none, are [`PlaceKind::Other`].
    pub fn of(origin: &Origin, places: &[Place]) -> PlaceKind {
        let place = origin
            .name
            .as_ref()
            .and_then(|name| places.iter().find(|p| &p.name == name));
        match place {
            Some(p) if p.is_station() => PlaceKind::Station,
            Some(p) if p.is_postcode() => PlaceKind::Postcode,
            _ => PlaceKind::Other,
        }
    }

    /// The name a gap record may keep for a search from `origin`: only a
    /// station's or a postcode's, which name no one.
    pub fn recorded_name(self, origin: &Origin) -> Option<&str> {
        match self {
            PlaceKind::Station | PlaceKind::Postcode => origin.name.as_deref(),
            PlaceKind::Other => None,
        }
    }
}

impl Session {
    /// The origin of a search: `near`, else the station, else the
    /// directory's default place, else none. A station place the
    /// directory does not know is warned about on standard error.
    ///
    /// # Errors
    /// When `near` names no place.
    pub fn origin(
        &self,
        directory: &Directory,
        near: Option<&str>,
        err: &mut dyn Write,
    ) -> Result<Option<Origin>> {
        // A place written as it is named needs no gazetteer; one is built
        // only for what is not (a typo, a suggestion).
        let places = &directory.places;
        let gazetteer = OnceCell::new();
        let resolve = |query: &str| match resolve_exactly(places, query) {
            Some(origin) => Ok(origin),
            None => gazetteer
                .get_or_init(|| Gazetteer::new(places))
                .resolve(places, query),
        };
        if let Some(near) = near {
            return match resolve(near) {
                Ok(origin) => Ok(Some(origin)),
                Err(unknown) => bail!("{unknown}"),
            };
        }
        match &self.config.station.place {
            Some(StationPlace::At(lat, lon)) => {
                return Ok(Some(Origin {
                    name: self.config.station.name.clone(),
                    lat: *lat,
                    lon: *lon,
                }))
            }
            Some(StationPlace::Named(name)) => match resolve(name) {
                Ok(origin) => return Ok(Some(origin)),
                Err(_) => writeln!(
                    err,
                    "warning: the station place \"{}\" in the config is not a place of this directory; using the directory's default place",
                    crate::sanitize::one_line(name)
                )?,
            },
            None => {}
        }
        if let Some(default) = &directory.info.default_place {
            if let Ok(origin) = resolve(default) {
                return Ok(Some(origin));
            }
        }
        Ok(None)
    }

    /// The kind of place `origin` is: the station when it is the
    /// station's own coordinates from the config, else the kind of the
    /// gazetteer's place it names ([`PlaceKind::of`]).
    pub fn place_kind(&self, origin: &Origin, places: &[Place]) -> PlaceKind {
        let station = &self.config.station;
        match station.place {
            Some(StationPlace::At(lat, lon))
                if origin.lat == lat && origin.lon == lon && origin.name == station.name =>
            {
                PlaceKind::Station
            }
            _ => PlaceKind::of(origin, places),
        }
    }
}
