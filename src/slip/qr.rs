//! QR codes that dial a service: a `tel:` URI drawn as one inline SVG
//! path, so that the HTML page stays self-contained.

use qrcode::{Color, EcLevel, QrCode};

/// The `tel:` URI for a phone number as written in a directory:
/// `(312) 555-0101` → `tel:3125550101`, `+1 312 555 0100` →
/// `tel:+13125550100`, `312-555-0102 ext 12` → `tel:3125550102;ext=12`
/// (the extension as RFC 3966's `;ext=`, so that only the number is
/// dialled). `None` when it is not a phone number.
pub fn tel_uri(phone: &str) -> Option<String> {
    crate::directory::Phone::parse(phone).map(|p| p.tel_uri())
}

/// An SVG QR code of `data`, sized by CSS through `class`; `label` is its
/// accessible name, already HTML-escaped. `None` when the data does not fit
/// a QR code.
pub fn svg(data: &str, class: &str, label: &str) -> Option<String> {
    let code = QrCode::with_error_correction_level(data.as_bytes(), EcLevel::M).ok()?;
    let n = code.width();
    let colors = code.to_colors();
    // The quiet zone of four modules that readers need.
    let quiet = 4;
    let size = n + 2 * quiet;
    let mut path = String::new();
    for y in 0..n {
        let mut x = 0;
        while x < n {
            if colors.get(y * n + x) != Some(&Color::Dark) {
                x += 1;
                continue;
            }
            let start = x;
            while x < n && colors.get(y * n + x) == Some(&Color::Dark) {
                x += 1;
            }
            path.push_str(&format!(
                "M{} {}h{}v1h-{}z",
                start + quiet,
                y + quiet,
                x - start,
                x - start
            ));
        }
    }
    Some(format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"{class}\" viewBox=\"0 0 {size} {size}\" \
         role=\"img\" aria-label=\"{label}\" shape-rendering=\"crispEdges\">\
         <rect width=\"{size}\" height=\"{size}\" fill=\"#fff\"/>\
         <path fill=\"#000\" d=\"{path}\"/></svg>"
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phone_numbers_become_dialable_uris() {
        assert_eq!(tel_uri("(312) 555-0101").as_deref(), Some("tel:3125550101"));
        assert_eq!(
            tel_uri("+1 312 555 0100").as_deref(),
            Some("tel:+13125550100")
        );
        assert_eq!(tel_uri("988").as_deref(), Some("tel:988"));
        assert_eq!(
            tel_uri("1-800-662-4357 ext. 2").as_deref(),
            Some("tel:18006624357;ext=2")
        );
        assert_eq!(tel_uri("call us"), None);
        assert_eq!(tel_uri("+"), None);
    }

    #[test]
    fn the_svg_is_one_path_with_a_quiet_zone() {
        let svg = svg("tel:988", "qr", "Scan to call 988").unwrap();
        assert!(svg.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\""));
        // Version 1 is 21 modules, plus 4 on each side.
        assert!(svg.contains("viewBox=\"0 0 29 29\""), "{svg}");
        assert_eq!(svg.matches("<path").count(), 1);
        // The top-left finder pattern starts at the quiet zone.
        assert!(svg.contains("d=\"M4 4h7v1h-7z"), "{svg}");
    }
}
