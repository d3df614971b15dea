//! Where a service is: the address of its location, its coordinates, and
//! a place in the gazetteer for the location's name. A virtual location
//! has none of them.

use std::collections::BTreeMap;

use serde_json::Value;

use super::text::clean_line;
use super::{Draft, NewPlace, Options};
use crate::hsds::json::{list, number, text};
use crate::hsds::report::Report;

/// The address of a location, as printed on a slip.
fn address_of(location: &Value, stripped: &mut bool) -> Option<String> {
    let addresses = list(location, "addresses");
    let chosen = addresses
        .iter()
        .find(|a| text(a, "address_type").is_some_and(|t| t.eq_ignore_ascii_case("physical")))
        .or_else(|| {
            addresses.iter().find(|a| {
                !text(a, "address_type").is_some_and(|t| t.eq_ignore_ascii_case("postal"))
            })
        })
        .or_else(|| addresses.first())?;
    let mut parts: Vec<String> = ["address_1", "address_2", "city"]
        .iter()
        .filter_map(|k| text(chosen, k))
        .collect();
    let state = [text(chosen, "state_province"), text(chosen, "postal_code")]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(" ");
    if !state.is_empty() {
        parts.push(state);
    }
    let joined = clean_line(&parts.join(", "), stripped);
    (!joined.is_empty()).then_some(joined)
}

impl Draft {
    /// The address and coordinates of a location that is not virtual, and
    /// a place for its name.
    pub(super) fn map_location(
        &mut self,
        location: &Value,
        options: &Options<'_>,
        report: &mut Report,
        places: &mut BTreeMap<String, NewPlace>,
    ) {
        let is_virtual =
            text(location, "location_type").is_some_and(|t| t.eq_ignore_ascii_case("virtual"));
        if is_virtual {
            return;
        }
        self.entry.service.address = address_of(location, &mut self.stripped);
        match (number(location, "latitude"), number(location, "longitude")) {
            (Some(lat), Some(lon))
                if (-90.0..=90.0).contains(&lat)
                    && (-180.0..=180.0).contains(&lon)
                    && !(lat == 0.0 && lon == 0.0) =>
            {
                self.entry.service.location = Some((lat, lon));
            }
            (Some(lat), Some(lon)) => self.notes.push(format!(
                "coordinates {lat}, {lon} are not a place on Earth: left out"
            )),
            (None, None) => {}
            _ => self
                .notes
                .push("only one of latitude and longitude: left out".into()),
        }
        if let (Some(place), Some((lat, lon))) = (
            text(location, "name").map(|n| self.clean_line(&n)),
            self.entry.service.location,
        ) {
            add_place(place, lat, lon, options, report, places);
        }
    }
}

/// A place named `name` at `lat`, `lon`, unless a place written by hand
/// has the name; the first of two far-apart locations with one name is
/// kept, with a note.
fn add_place(
    name: String,
    lat: f64,
    lon: f64,
    options: &Options<'_>,
    report: &mut Report,
    places: &mut BTreeMap<String, NewPlace>,
) {
    if name.is_empty() {
        return;
    }
    let key = name.to_lowercase();
    if options.taken_places.contains(&key) {
        return;
    }
    match places.get(&key) {
        Some(p) if crate::places::haversine_km((p.lat, p.lon), (lat, lon)) > 0.2 => {
            let note = format!(
                "place \"{}\": two locations share the name; the first is kept",
                crate::sanitize::one_line(&name)
            );
            if !report.notes.contains(&note) {
                report.notes.push(note);
            }
        }
        Some(_) => {}
        None => {
            places.insert(key, NewPlace { name, lat, lon });
        }
    }
}
