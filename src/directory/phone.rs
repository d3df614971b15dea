//! Phone numbers as a directory writes them: the number a person dials,
//! and an optional extension to ask for or key in once connected.
//!
//! FORMAT.md: the number is digits with spaces, `+`, `-`, `(`, `)` or `.`,
//! at least 3 of them (`988`, `112`); an extension may follow as
//! `ext 1234`, `ext. 1234`, `extension 1234`, `x1234` or RFC 3966's
//! `;ext=1234` (a comma or semicolon before it is allowed). This module
//! is the one place that reads them: the loader checks with it, and the
//! QR codes of slips and cards dial with it.

/// A phone number split into what is dialled and the extension.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Phone<'a> {
    /// The number as written, without the extension and trailing spaces.
    pub number: &'a str,
    /// The extension's digits, when one is given.
    pub extension: Option<&'a str>,
}

/// The most digits an extension may have.
const MAX_EXTENSION_DIGITS: usize = 10;

impl<'a> Phone<'a> {
    /// Reads a phone number as written; `None` when it is not one.
    pub fn parse(text: &'a str) -> Option<Phone<'a>> {
        let text = text.trim();
        let end = text
            .find(|c: char| !is_number_char(c))
            .unwrap_or(text.len());
        let number = text[..end].trim_end();
        if number.chars().filter(char::is_ascii_digit).count() < 3 {
            return None;
        }
        let rest = &text[end..];
        let extension = if rest.is_empty() {
            None
        } else {
            Some(extension(rest)?)
        };
        Some(Phone { number, extension })
    }

    /// The `tel:` URI that dials the number, with the extension as RFC
    /// 3966's `;ext=` parameter: `(312) 555-0101 x12` →
    /// `tel:3125550101;ext=12`, `+1 312 555 0100` → `tel:+13125550100`.
    pub fn tel_uri(&self) -> String {
        let mut uri = String::from("tel:");
        if self.number.starts_with('+') {
            uri.push('+');
        }
        uri.extend(self.number.chars().filter(char::is_ascii_digit));
        if let Some(extension) = self.extension {
            uri.push_str(";ext=");
            uri.push_str(extension);
        }
        uri
    }
}

/// A character of the number itself.
fn is_number_char(c: char) -> bool {
    c.is_ascii_digit() || matches!(c, ' ' | '+' | '-' | '(' | ')' | '.')
}

/// The digits of an extension written after the number (`x12`,
/// `, ext. 12`, `;ext=12`), or `None` when what follows is not one.
fn extension(rest: &str) -> Option<&str> {
    let rest = rest.strip_prefix([',', ';']).unwrap_or(rest).trim_start();
    let marker = ["extension", "ext", "x"].iter().find(|m| {
        rest.get(..m.len())
            .is_some_and(|r| r.eq_ignore_ascii_case(m))
    })?;
    let digits = rest[marker.len()..].trim_start_matches(['.', ':', '=', ' ']);
    let valid = !digits.is_empty()
        && digits.len() <= MAX_EXTENSION_DIGITS
        && digits.bytes().all(|b| b.is_ascii_digit());
    valid.then_some(digits)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parts(text: &str) -> Option<(&str, Option<&str>)> {
        Phone::parse(text).map(|p| (p.number, p.extension))
    }

    #[test]
    fn numbers_without_an_extension_read_as_before() {
        assert_eq!(parts("(312) 555-0101"), Some(("(312) 555-0101", None)));
        assert_eq!(parts("+1 312 555 0100"), Some(("+1 312 555 0100", None)));
        assert_eq!(parts("988"), Some(("988", None)));
        assert_eq!(parts("98"), None);
        assert_eq!(parts("call us"), None);
        assert_eq!(parts("555/0101"), None);
    }

    #[test]
    fn every_written_form_of_an_extension_is_read() {
        for text in [
            "312-555-0102 ext 1234",
            "312-555-0102 ext. 1234",
            "312-555-0102 EXT.1234",
            "312-555-0102 extension 1234",
            "312-555-0102 x1234",
            "312-555-0102 X 1234",
            "312-555-0102x1234",
            "312-555-0102;ext=1234",
            "312-555-0102, ext 1234",
            "312-555-0102 ext: 1234",
        ] {
            assert_eq!(parts(text), Some(("312-555-0102", Some("1234"))), "{text}");
        }
    }

    #[test]
    fn what_is_not_an_extension_is_not_a_phone() {
        for text in [
            "312-555-0102 ext",
            "312-555-0102 ext 12a",
            "312-555-0102 press 1",
            "312-555-0102 x12345678901",
            "312-555-0102 ext 12 or 13",
            "ext 1234",
            "12 x1234",
        ] {
            assert_eq!(parts(text), None, "{text}");
        }
    }

    #[test]
    fn the_tel_uri_dials_the_number_and_carries_the_extension() {
        let uri = |text| Phone::parse(text).map(|p| p.tel_uri());
        assert_eq!(uri("(312) 555-0101").as_deref(), Some("tel:3125550101"));
        assert_eq!(uri("+1 312 555 0100").as_deref(), Some("tel:+13125550100"));
        assert_eq!(
            uri("312-555-0102 ext 1234").as_deref(),
            Some("tel:3125550102;ext=1234")
        );
        assert_eq!(
            uri("+1 (312) 555-0102;ext=77").as_deref(),
            Some("tel:+13125550102;ext=77")
        );
    }
}
