//! Units: kilometres or miles, a `--radius` read into kilometres, and a
//! distance written for people (`0.4 mi`, `12 km`).

use std::fmt;
use std::str::FromStr;

use super::coordinates::parse_decimal;

/// Kilometres in a mile.
const KM_PER_MILE: f64 = 1.609344;

/// The units distances are shown in, and a bare `--radius` is read in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Units {
    /// Kilometres.
    Km,
    /// Miles.
    Mi,
}

impl Units {
    /// The short unit name, `km` or `mi`.
    pub fn as_str(self) -> &'static str {
        match self {
            Units::Km => "km",
            Units::Mi => "mi",
        }
    }

    /// Kilometres in one of these units.
    fn km(self) -> f64 {
        match self {
            Units::Km => 1.0,
            Units::Mi => KM_PER_MILE,
        }
    }
}

impl fmt::Display for Units {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Units {
    type Err = String;

    /// `km` or `mi`, and their long names, in any case.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        unit_named(&s.trim().to_lowercase())
            .ok_or_else(|| format!("unknown units \"{s}\": expected \"km\" or \"mi\""))
    }
}

/// The unit a radius suffix names.
fn unit_named(unit: &str) -> Option<Units> {
    match unit {
        "km" | "kms" | "k" | "kilometre" | "kilometres" | "kilometer" | "kilometers" => {
            Some(Units::Km)
        }
        "mi" | "mile" | "miles" => Some(Units::Mi),
        _ => None,
    }
}

/// Reads a `--radius` value into kilometres: a number in `units` (`5`), or
/// with a unit (`5km`, `3mi`, `2.5 mi`, `10 miles`).
///
/// # Errors
///
/// A value that is not a plain positive number with an optional `km` or `mi`
/// unit (zero, negative, `NaN`, an exponent, an unknown unit such as `m`),
/// with a message naming the value and the accepted forms.
pub fn parse_radius(s: &str, units: Units) -> Result<f64, String> {
    let fail = |why: &str| {
        format!(
            "invalid radius \"{s}\": {why}; give a number greater than zero, in {units} or \
             with a unit: 5, 5km, 3mi, 2.5 mi, 10 miles"
        )
    };
    let text = s.trim();
    if text.is_empty() {
        return Err(fail("it is empty"));
    }
    let split = text
        .find(|c: char| !(c.is_ascii_digit() || c == '.' || c == '-' || c == '+'))
        .unwrap_or(text.len());
    let (number, unit) = text.split_at(split);
    let unit = unit.trim().to_lowercase();
    let unit = if unit.is_empty() {
        units
    } else {
        unit_named(&unit).ok_or_else(|| fail(&format!("\"{unit}\" is not km or mi")))?
    };
    let value = parse_decimal(number, true).ok_or_else(|| fail("not a number"))?;
    if value <= 0.0 {
        return Err(fail("it must be greater than zero"));
    }
    let km = value * unit.km();
    if km.is_finite() {
        Ok(km)
    } else {
        Err(fail("it is too large"))
    }
}

/// A distance for people: in `units`, with one decimal below 10 (`0.4 mi`,
/// `9.5 km`) and whole numbers from 10 (`12 km`).
pub fn format_distance(km: f64, units: Units) -> String {
    if !km.is_finite() {
        return format!("? {units}");
    }
    let value = km.max(0.0) / units.km();
    // Round first, so 9.96 shows as "10", not "10.0".
    let tenths = (value * 10.0).round() / 10.0;
    if tenths < 10.0 {
        format!("{tenths:.1} {units}")
    } else {
        format!("{:.0} {units}", value.round())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parse_radius_reads_numbers_and_units() {
        let close = |a: f64, b: f64| (a - b).abs() < 1e-9;
        assert!(close(parse_radius("5", Units::Km).unwrap(), 5.0));
        assert!(close(parse_radius("5", Units::Mi).unwrap(), 5.0 * 1.609344));
        assert!(close(parse_radius("5km", Units::Mi).unwrap(), 5.0));
        assert!(close(
            parse_radius("3mi", Units::Km).unwrap(),
            3.0 * 1.609344
        ));
        assert!(close(
            parse_radius("2.5 mi", Units::Km).unwrap(),
            2.5 * 1.609344
        ));
        assert!(close(
            parse_radius("10 miles", Units::Km).unwrap(),
            16.09344
        ));
        assert!(close(parse_radius("1 mile", Units::Km).unwrap(), 1.609344));
        assert!(close(parse_radius(" 7.5 KM ", Units::Mi).unwrap(), 7.5));
        assert!(close(parse_radius("4 kilometres", Units::Mi).unwrap(), 4.0));
        assert!(close(parse_radius("0.5", Units::Km).unwrap(), 0.5));
        assert!(close(
            parse_radius(".5mi", Units::Km).unwrap(),
            0.5 * 1.609344
        ));
    }

    #[test]
    fn parse_radius_rejects_what_is_not_a_positive_distance() {
        for bad in [
            "", " ", "-5", "-5km", "0", "0.0", "0mi", "NaN", "nan", "inf", "1e3", "abc", "5 m",
            "5 metres", "5 feet", "km", "5km5", "5..0", "5,5", "+-5", "--5", "- 5",
        ] {
            let e = parse_radius(bad, Units::Km).unwrap_err();
            assert!(e.contains(&format!("\"{bad}\"")), "{bad:?}: {e}");
            assert!(e.contains("5km") && e.contains("3mi"), "{bad:?}: {e}");
        }
        let e = parse_radius("-5", Units::Mi).unwrap_err();
        assert!(e.contains("greater than zero"), "{e}");
        assert!(e.contains("in mi"), "{e}");
        let e = parse_radius("5 m", Units::Km).unwrap_err();
        assert!(e.contains("\"m\" is not km or mi"), "{e}");
    }

    #[test]
    fn format_distance_rounds_for_people() {
        assert_eq!(format_distance(0.0, Units::Km), "0.0 km");
        assert_eq!(format_distance(0.64, Units::Mi), "0.4 mi");
        assert_eq!(format_distance(1.26, Units::Km), "1.3 km");
        assert_eq!(format_distance(9.94, Units::Km), "9.9 km");
        assert_eq!(format_distance(9.96, Units::Km), "10 km");
        assert_eq!(format_distance(12.4, Units::Km), "12 km");
        assert_eq!(format_distance(12.5, Units::Km), "13 km");
        assert_eq!(format_distance(16.09344, Units::Mi), "10 mi");
        assert_eq!(format_distance(1234.4, Units::Km), "1234 km");
        assert_eq!(format_distance(-1.0, Units::Km), "0.0 km");
        assert_eq!(format_distance(f64::NAN, Units::Mi), "? mi");
        assert_eq!(format_distance(f64::INFINITY, Units::Km), "? km");
    }

    #[test]
    fn units_serde_display_and_parse() {
        assert_eq!(serde_json::to_string(&Units::Km).unwrap(), "\"km\"");
        assert_eq!(serde_json::to_string(&Units::Mi).unwrap(), "\"mi\"");
        assert_eq!(serde_json::from_str::<Units>("\"mi\"").unwrap(), Units::Mi);
        assert!(serde_json::from_str::<Units>("\"MI\"").is_err());
        assert_eq!(Units::Km.to_string(), "km");
        assert_eq!("Miles".parse::<Units>(), Ok(Units::Mi));
        assert_eq!(" km ".parse::<Units>(), Ok(Units::Km));
        assert!("m".parse::<Units>().is_err());
    }
}
