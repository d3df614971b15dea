//! Referral codes: reading what a person or a partner types, and the keyed
//! hash under which a code is stored.
//!
//! A code is 8 characters of Crockford's base32 alphabet, printed
//! `XXXX-XXXX`. Case, hyphens (and spaces) do not matter, and Crockford's
//! look-alikes are read as the digits they resemble: `I` and `L` as `1`,
//! `O` as `0`.

use hmac::{Hmac, KeyInit, Mac};
use sha2::Sha256;

/// Crockford's base32 alphabet: the characters of a normalised code.
pub const CODE_ALPHABET: &str = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/// How many characters a code has.
pub const CODE_LENGTH: usize = 8;

/// A code in the canonical form: 8 characters of [`CODE_ALPHABET`],
/// without the hyphen; `None` when `code` is not a referral code.
///
/// # Example
/// ```
/// use deflect::records::normalize_code;
/// assert_eq!(normalize_code("abcd-efgh").as_deref(), Some("ABCDEFGH"));
/// assert_eq!(normalize_code("OIL0-2345").as_deref(), Some("01102345"));
/// assert_eq!(normalize_code("ABCD-EFGU"), None); // U is not in the alphabet
/// ```
pub fn normalize_code(code: &str) -> Option<String> {
    let mut out = String::with_capacity(CODE_LENGTH);
    for c in code.chars() {
        let mapped = match c.to_ascii_uppercase() {
            // Hyphens as printed, the dashes a copy from a PDF may bring,
            // and spaces typed between the halves.
            '-' | ' ' | '\u{2010}'..='\u{2015}' | '\u{2212}' => continue,
            'I' | 'L' => '1',
            'O' => '0',
            c if c.is_ascii() && CODE_ALPHABET.contains(c) => c,
            _ => return None,
        };
        if out.len() == CODE_LENGTH {
            return None;
        }
        out.push(mapped);
    }
    (out.len() == CODE_LENGTH).then_some(out)
}

/// A normalised code as printed on a slip: `ABCD-EFGH`.
pub fn display_code(normalized: &str) -> String {
    match (normalized.get(..4), normalized.get(4..)) {
        (Some(a), Some(b)) if !b.is_empty() => format!("{a}-{b}"),
        _ => normalized.to_string(),
    }
}

/// HMAC-SHA256 of `message` under `key`, as lowercase hex.
pub fn hmac_hex(key: &[u8], message: &[u8]) -> String {
    // HMAC accepts a key of any length, so this cannot fail; an empty
    // string would only ever match nothing.
    let Ok(mut mac) = Hmac::<Sha256>::new_from_slice(key) else {
        return String::new();
    };
    mac.update(message);
    hex(&mac.finalize().into_bytes())
}

/// Bytes as lowercase hex.
pub fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        out.push(char::from(DIGITS[usize::from(b >> 4)]));
        out.push(char::from(DIGITS[usize::from(b & 0x0f)]));
    }
    out
}

/// Whether `text` is the lowercase hex of a SHA-256 output.
pub fn is_hmac_hex(text: &str) -> bool {
    text.len() == 64 && text.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn case_hyphens_and_look_alikes_do_not_matter() {
        for typed in [
            "ABCD-EFGH",
            "abcd-efgh",
            "abcdefgh",
            " AbCd EfGh ",
            "AB-CD-EF-GH",
            "ABCD\u{2013}EFGH",
        ] {
            assert_eq!(
                normalize_code(typed).as_deref(),
                Some("ABCDEFGH"),
                "{typed:?}"
            );
        }
        assert_eq!(normalize_code("io1l-0o00").as_deref(), Some("10110000"));
        assert_eq!(normalize_code("LLLL-IIII").as_deref(), Some("11111111"));
    }

    #[test]
    fn anything_else_is_not_a_code() {
        for bad in [
            "",
            "-",
            "ABCD-EFG",
            "ABCD-EFGHJ",
            "ABCD-EFGU",
            "ABCD_EFGH",
            "ABCDÉFGH",
            "ＡBCD-EFGH",
            "ABCD\tEFGH",
            "ABCD-EFGH\n",
            &"A".repeat(10_000),
        ] {
            assert_eq!(normalize_code(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn every_normalised_code_is_in_the_alphabet() {
        let code = normalize_code("0123-4567").unwrap();
        assert!(code.chars().all(|c| CODE_ALPHABET.contains(c)));
        assert_eq!(CODE_ALPHABET.len(), 32);
        assert_eq!(display_code("ABCDEFGH"), "ABCD-EFGH");
    }

    #[test]
    fn hmac_sha256_matches_rfc_4231() {
        // RFC 4231, test case 2.
        assert_eq!(
            hmac_hex(b"Jefe", b"what do ya want for nothing?"),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
        );
        assert!(is_hmac_hex(&hmac_hex(b"k", b"ABCDEFGH")));
        assert!(!is_hmac_hex("ABCDEF"));
    }
}
