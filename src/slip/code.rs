//! The referral code on every slip: 8 random characters of Crockford's
//! base32, shown `XXXX-XXXX`. It identifies no one: it is drawn at random
//! for each slip and nothing links it to the person.

use std::fmt;

/// Crockford's base32 alphabet: no I, L, O or U.
pub const ALPHABET: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/// A referral code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ReferralCode([u8; 8]);

impl ReferralCode {
    /// A fresh code from the operating system's random source.
    ///
    /// # Errors
    /// When the operating system gives no random bytes.
    pub fn random() -> Result<ReferralCode, getrandom::Error> {
        let mut bytes = [0u8; 8];
        getrandom::fill(&mut bytes)?;
        // 256 is a multiple of 32, so keeping 5 bits leaves no bias.
        Ok(ReferralCode(bytes.map(|b| ALPHABET[usize::from(b & 31)])))
    }

    /// Reads a code as a person may type it: case, hyphens and spaces do
    /// not matter, and Crockford's look-alikes are read as digits (`I` and
    /// `L` as `1`, `O` as `0`). `None` unless exactly 8 characters remain.
    pub fn parse(text: &str) -> Option<ReferralCode> {
        let mut out = [0u8; 8];
        let mut n = 0;
        for c in text.chars() {
            if matches!(c, '-' | ' ') {
                continue;
            }
            let c = match c.to_ascii_uppercase() {
                'I' | 'L' => '1',
                'O' => '0',
                c => c,
            };
            let byte = u8::try_from(c).ok().filter(|b| ALPHABET.contains(b))?;
            *out.get_mut(n)? = byte;
            n += 1;
        }
        (n == 8).then_some(ReferralCode(out))
    }
}

impl fmt::Display for ReferralCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let [a, b, c, d, e, g, h, i] = self.0.map(char::from);
        write!(f, "{a}{b}{c}{d}-{e}{g}{h}{i}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn random_codes_use_the_alphabet_and_differ() {
        let a = ReferralCode::random().unwrap().to_string();
        let b = ReferralCode::random().unwrap().to_string();
        assert_eq!(a.len(), 9);
        assert_eq!(&a[4..5], "-");
        assert!(a
            .bytes()
            .filter(|&c| c != b'-')
            .all(|c| ALPHABET.contains(&c)));
        // One chance in 2^40 of a false failure.
        assert_ne!(a, b);
    }

    #[test]
    fn typed_codes_are_read_leniently() {
        let code = ReferralCode::parse("7k3m-q9tx").unwrap();
        assert_eq!(code.to_string(), "7K3M-Q9TX");
        assert_eq!(
            ReferralCode::parse("ol1i 0000").unwrap().to_string(),
            "0111-0000"
        );
        assert_eq!(ReferralCode::parse("7K3M-Q9T"), None);
        assert_eq!(ReferralCode::parse("7K3M-Q9TXX"), None);
        assert_eq!(ReferralCode::parse("7K3M-Q9TU"), None);
        assert_eq!(ReferralCode::parse("ÉÉÉÉÉÉÉÉ"), None);
    }
}
