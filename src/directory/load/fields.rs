//! Values that several tables share and check alike: ids, phone numbers
//! and coordinates.

use crate::directory::phone::Phone;
use crate::directory::read::TableReader;
use crate::sanitize::visible;

/// Checks the `phone` of a table: a number that cannot be dialled makes
/// the entry unsafe to refer to.
pub(super) fn check_phone(r: &mut TableReader<'_, '_>, phone: &str) {
    if Phone::parse(phone).is_some() {
        return;
    }
    let span = r.value_span("phone").unwrap_or(0..0);
    r.fatal(
        "invalid-phone",
        format!(
            "\"{}\" is not a phone number: use digits with spaces, +, -, (, ) or . and at least 3 digits, and write an extension as `ext 1234`, `x1234` or `;ext=1234`",
            visible(phone)
        ),
        span,
        "an invalid phone",
    );
}

/// Whether an id follows FORMAT.md: `^[a-z0-9][a-z0-9-]{0,63}$`.
pub fn is_valid_id(id: &str) -> bool {
    let mut chars = id.chars();
    matches!(chars.next(), Some(c) if c.is_ascii_lowercase() || c.is_ascii_digit())
        && id.len() <= 64
        && chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}

/// `lat` and `lon`, both or neither (`required`: both); half-given or
/// out-of-range coordinates make the entry unsafe to refer to.
pub(super) fn read_coordinates(r: &mut TableReader<'_, '_>, required: bool) -> Option<(f64, f64)> {
    let lat = r.float("lat");
    let lon = r.float("lon");
    match (r.has("lat"), r.has("lon")) {
        (false, false) => {
            if required {
                r.missing("lat", "give lat and lon in WGS 84 degrees");
            }
            None
        }
        (true, false) | (false, true) => {
            let (given, absent) = if r.has("lat") {
                ("lat", "lon")
            } else {
                ("lon", "lat")
            };
            let span = r.key_span(given).unwrap_or(0..0);
            r.fatal(
                "invalid-coordinates",
                format!("`{given}` is given without `{absent}`: give both, or neither for a service reached by phone"),
                span,
                "half-given coordinates",
            );
            None
        }
        (true, true) => {
            let (lat, lon) = (lat?, lon?);
            if !(-90.0..=90.0).contains(&lat) {
                let span = r.value_span("lat").unwrap_or(0..0);
                r.fatal(
                    "invalid-coordinates",
                    format!("latitude {lat} is out of range: it must be between -90 and 90"),
                    span,
                    "invalid coordinates",
                );
                return None;
            }
            if !(-180.0..=180.0).contains(&lon) {
                let span = r.value_span("lon").unwrap_or(0..0);
                r.fatal(
                    "invalid-coordinates",
                    format!("longitude {lon} is out of range: it must be between -180 and 180"),
                    span,
                    "invalid coordinates",
                );
                return None;
            }
            Some((lat, lon))
        }
    }
}
