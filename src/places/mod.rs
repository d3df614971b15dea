//! Where: the directory's gazetteer of places (stations, landmarks,
//! neighbourhoods, postcodes), typed coordinates, distances and the radius.
//!
//! `--near` takes `LAT,LON` first, then a place name or alias compared
//! without case, then, only when one place is clearly best, a fuzzy match
//! over names and aliases. Postcodes are never matched fuzzily: a mistyped
//! postcode is another postcode, and sending an officer's search to the
//! wrong one is worse than asking again.
//!
//! This file holds the model ([`Place`], [`Origin`]) and the one rule of
//! what kind of place a place is; each file below owns one thing:
//!
//! - `gazetteer`: a `--near` value or a request's words to a place
//!   ([`Gazetteer`], [`resolve_exactly`], [`postcode_place`]), and the
//!   message for a place that is none ([`UnknownPlace`]);
//! - `postcode`: whether typed text looks like a postcode, and how near
//!   one postcode is to another, fast over tens of thousands;
//! - `coordinates`: `LAT,LON` and great-circle distances;
//! - `units`: kilometres or miles, `--radius`, distances shown to people.

mod coordinates;
mod gazetteer;
mod postcode;
#[cfg(test)]
mod tests;
mod units;

use crate::text::compact;

pub use coordinates::{distance_km, haversine_km, parse_coordinates};
pub use gazetteer::{postcode_place, resolve_exactly, Gazetteer, UnknownPlace, LIKELY_SCORE};
pub use units::{format_distance, parse_radius, Units};

/// One `[[place]]` of the directory.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Place {
    /// The place's name, unique among places without regard to case.
    pub name: String,
    /// Other names and spellings.
    #[serde(default)]
    pub aliases: Vec<String>,
    /// `station`, `postcode`, `neighbourhood`, `landmark`, or free text.
    #[serde(default)]
    pub kind: Option<String>,
    /// Latitude, WGS 84 degrees.
    pub lat: f64,
    /// Longitude, WGS 84 degrees.
    pub lon: f64,
}

/// Where distances are measured from.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Origin {
    /// The place's name; `None` for typed coordinates.
    pub name: Option<String>,
    /// Latitude, WGS 84 degrees.
    pub lat: f64,
    /// Longitude, WGS 84 degrees.
    pub lon: f64,
}

impl Place {
    /// Whether the place is a postcode by its kind: `postcode`, or another
    /// spelling of the idea (`postal code`, `zip`, `ZIP code`, `PLZ`,
    /// `CAP`), without regard to case, spaces or punctuation. Every part
    /// of deflect that asks "is this a postcode?" asks this.
    pub fn is_postcode(&self) -> bool {
        self.kind.as_deref().is_some_and(|kind| {
            matches!(
                compact(kind).as_str(),
                "postcode" | "postalcode" | "zip" | "zipcode" | "plz" | "cap"
            )
        })
    }

    /// Whether the place is a station by its kind (`station`, without
    /// regard to case, spaces or punctuation).
    pub fn is_station(&self) -> bool {
        self.kind
            .as_deref()
            .is_some_and(|kind| compact(kind) == "station")
    }
}
