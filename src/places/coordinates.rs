//! Coordinates: `LAT,LON` as typed, and great-circle distances between
//! points and from an origin to a service.

use super::Origin;

/// Parses `LAT,LON` in decimal degrees (`41.88,-87.63`, `41.88, -87.63`),
/// latitude from -90 to 90 and longitude from -180 to 180.
///
/// Returns `None` for anything else, out-of-range values included.
pub fn parse_coordinates(s: &str) -> Option<(f64, f64)> {
    let (lat, lon) = coordinate_shape(s)?;
    ((-90.0..=90.0).contains(&lat) && (-180.0..=180.0).contains(&lon)).then_some((lat, lon))
}

/// Two decimal numbers separated by a comma, in or out of range.
pub(super) fn coordinate_shape(s: &str) -> Option<(f64, f64)> {
    let (lat, lon) = s.split_once(',')?;
    Some((
        parse_decimal(lat.trim(), true)?,
        parse_decimal(lon.trim(), true)?,
    ))
}

/// A plain decimal number: an optional sign (when `signed`), digits, an
/// optional point and more digits; at least one digit. No exponents, `inf`
/// or `NaN`, which `f64::from_str` would take.
pub(super) fn parse_decimal(s: &str, signed: bool) -> Option<f64> {
    let unsigned = if signed {
        s.strip_prefix(['-', '+']).unwrap_or(s)
    } else {
        s
    };
    let (whole, fraction) = unsigned.split_once('.').unwrap_or((unsigned, ""));
    let all_digits = |p: &str| p.bytes().all(|b| b.is_ascii_digit());
    if whole.len() + fraction.len() == 0 || !all_digits(whole) || !all_digits(fraction) {
        return None;
    }
    s.parse::<f64>().ok().filter(|v| v.is_finite())
}

/// The great-circle distance in kilometres between two `(lat, lon)` points
/// in degrees, on a sphere of the mean Earth radius (6371.0088 km).
pub fn haversine_km(a: (f64, f64), b: (f64, f64)) -> f64 {
    const EARTH_RADIUS_KM: f64 = 6371.0088;
    let (lat1, lon1) = (a.0.to_radians(), a.1.to_radians());
    let (lat2, lon2) = (b.0.to_radians(), b.1.to_radians());
    let h = ((lat2 - lat1) / 2.0).sin().powi(2)
        + lat1.cos() * lat2.cos() * ((lon2 - lon1) / 2.0).sin().powi(2);
    // Rounding can push h a hair past 1 for antipodal points.
    2.0 * EARTH_RADIUS_KM * h.clamp(0.0, 1.0).sqrt().asin()
}

/// The distance in kilometres from an origin to a location, when there
/// are both: what results, slips and the radius filter measure.
pub fn distance_km(origin: Option<&Origin>, location: Option<(f64, f64)>) -> Option<f64> {
    match (origin, location) {
        (Some(origin), Some(location)) => Some(haversine_km((origin.lat, origin.lon), location)),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parse_coordinates_accepts_two_decimals_in_range() {
        assert_eq!(parse_coordinates("41.88,-87.63"), Some((41.88, -87.63)));
        assert_eq!(parse_coordinates("41.88, -87.63"), Some((41.88, -87.63)));
        assert_eq!(parse_coordinates("+41.88 ,  +87.63"), Some((41.88, 87.63)));
        assert_eq!(parse_coordinates("-90,180"), Some((-90.0, 180.0)));
        assert_eq!(parse_coordinates("0,0"), Some((0.0, 0.0)));
        assert_eq!(parse_coordinates(".5,5."), Some((0.5, 5.0)));
        for bad in [
            "",
            ",",
            "41.88",
            "41.88,",
            ",-87.63",
            "41.88 -87.63",
            "41.88;-87.63",
            "90.1,0",
            "-90.1,0",
            "0,180.5",
            "0,-181",
            "NaN,0",
            "inf,0",
            "1e1,0",
            "41,88,-87,63",
            "a,b",
            "41.88,-87.63x",
            "--1,2",
            "1.2.3,4",
            "-,1",
            ".,1",
        ] {
            assert_eq!(parse_coordinates(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn a_distance_needs_an_origin_and_a_location() {
        let origin = Origin {
            name: Some("Union Station".into()),
            lat: 41.8789,
            lon: -87.6400,
        };
        let ohare = (41.9742, -87.9073);
        assert_eq!(
            distance_km(Some(&origin), Some(ohare)),
            Some(haversine_km((41.8789, -87.6400), ohare))
        );
        assert_eq!(distance_km(None, Some(ohare)), None);
        assert_eq!(distance_km(Some(&origin), None), None);
        assert_eq!(distance_km(None, None), None);
    }

    #[test]
    fn haversine_matches_known_distances() {
        assert_eq!(haversine_km((41.88, -87.63), (41.88, -87.63)), 0.0);
        // One degree of latitude on the mean sphere: 2πR/360.
        let degree = haversine_km((0.0, 0.0), (1.0, 0.0));
        assert!((degree - 111.195_08).abs() < 0.001, "{degree}");
        // Chicago Union Station to O'Hare, about 24 km.
        let d = haversine_km((41.8789, -87.6400), (41.9742, -87.9073));
        assert!((d - 24.4).abs() < 0.3, "{d}");
        // London to Paris, about 344 km.
        let d = haversine_km((51.5074, -0.1278), (48.8566, 2.3522));
        assert!((d - 343.9).abs() < 1.0, "{d}");
        // Antipodes: half the circumference, no NaN.
        let d = haversine_km((0.0, 0.0), (0.0, 180.0));
        assert!((d - std::f64::consts::PI * 6371.0088).abs() < 1e-6, "{d}");
        // Symmetric.
        let (a, b) = ((10.0, 20.0), (-30.0, 140.0));
        assert!((haversine_km(a, b) - haversine_km(b, a)).abs() < 1e-9);
    }
}
