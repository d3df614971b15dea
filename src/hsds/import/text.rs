//! Text from the input as a directory may hold it: control characters
//! and terminal escapes removed, one line where one line is wanted; and
//! the slugs and hashes that ids and file names are made of.

/// Removes what may not appear in directory text (control characters,
/// whole terminal escape sequences, bidi controls); says whether anything
/// was removed.
pub(super) fn clean(text: &str, stripped: &mut bool) -> String {
    let mut kept = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\u{1b}' {
            *stripped = true;
            match chars.next() {
                // CSI: parameters up to a final byte.
                Some('[') => {
                    for n in chars.by_ref() {
                        if ('@'..='~').contains(&n) {
                            break;
                        }
                    }
                }
                // OSC: up to BEL or ESC \.
                Some(']') => {
                    while let Some(n) = chars.next() {
                        if n == '\u{7}' {
                            break;
                        }
                        if n == '\u{1b}' {
                            chars.next();
                            break;
                        }
                    }
                }
                _ => {}
            }
            continue;
        }
        if crate::sanitize::is_forbidden(c) {
            *stripped = true;
            continue;
        }
        kept.push(c);
    }
    kept.trim().to_string()
}

/// [`clean`], on one line with single spaces.
pub(super) fn clean_line(text: &str, stripped: &mut bool) -> String {
    clean(text, stripped)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// A stable, short hash (FNV-1a, 64 bits) of some text.
pub fn fnv(text: &str, seed: u64) -> u64 {
    let mut hash = 0xcbf2_9ce4_8422_2325u64 ^ seed;
    for byte in text.bytes() {
        hash ^= u64::from(byte);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    hash
}

/// Lower-case ASCII words of a name joined by hyphens.
pub fn slug(name: &str, max: usize) -> String {
    let mut out = String::new();
    for c in name.chars().flat_map(char::to_lowercase) {
        let mapped = match c {
            'a'..='z' | '0'..='9' => Some(c),
            'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' => Some('a'),
            'ç' => Some('c'),
            'è' | 'é' | 'ê' | 'ë' => Some('e'),
            'ì' | 'í' | 'î' | 'ï' => Some('i'),
            'ñ' => Some('n'),
            'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' => Some('o'),
            'ù' | 'ú' | 'û' | 'ü' => Some('u'),
            'ý' | 'ÿ' => Some('y'),
            '\'' | '\u{2019}' => None,
            _ => Some('-'),
        };
        match mapped {
            Some('-') if out.is_empty() || out.ends_with('-') => {}
            Some(c) => out.push(c),
            None => {}
        }
    }
    let mut out: String = out.chars().take(max).collect();
    while out.ends_with('-') {
        out.pop();
    }
    out
}

/// Adds `value` to `list` unless it is there already.
pub(super) fn push_unique(list: &mut Vec<String>, value: String) {
    if !list.contains(&value) {
        list.push(value);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_are_removed_whole() {
        let mut stripped = false;
        assert_eq!(
            clean("Escape\u{1b}[31m Recovery\u{7}", &mut stripped),
            "Escape Recovery"
        );
        assert!(stripped);
        let mut stripped = false;
        assert_eq!(
            clean("a\u{1b}]0;title\u{7}b\u{202e}c", &mut stripped),
            "abc"
        );
        assert_eq!(clean_line(" a \n b ", &mut stripped), "a b");
    }
}
