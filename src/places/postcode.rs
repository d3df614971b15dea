//! Postcodes as typed: whether text looks like one rather than a name, and
//! which postcodes are a few edits from a mistyped one, fast enough to
//! compare one with a national directory's 33,000.

use strsim::osa_distance;

/// Whether typed text looks like a postcode rather than a name: it has a
/// digit, and either mostly digits (`60601`, `1011 AB`, `606O1`) or short
/// words that each hold a digit (`SW1A 1AA`, `K1A 0B1`).
pub(super) fn looks_like_postcode(text: &str) -> bool {
    let alnum: Vec<char> = text.chars().filter(|c| c.is_alphanumeric()).collect();
    let digits = alnum.iter().filter(|c| c.is_ascii_digit()).count();
    if digits == 0 {
        return false;
    }
    let mostly_digits = digits * 2 >= alnum.len();
    let coded = alnum.len() <= 8
        && text
            .split_whitespace()
            .all(|w| w.chars().any(|c| c.is_ascii_digit()));
    mostly_digits || coded
}

/// Postcodes suggested for a mistyped one are at most this many edits away.
pub(super) const MAX_POSTCODE_EDITS: usize = 2;

/// How many times each byte occurs, by its value modulo 16, in 4-bit
/// counters (saturating at 15). Digits each have their own counter.
pub(super) fn signature(bytes: &[u8]) -> u64 {
    let mut counts = [0u8; 16];
    for &b in bytes {
        let c = &mut counts[usize::from(b % 16)];
        *c = c.saturating_add(1).min(15);
    }
    counts
        .iter()
        .enumerate()
        .fold(0u64, |acc, (i, &c)| acc | (u64::from(c) << (4 * i)))
}

/// A lower bound on the edit distance between two strings from their
/// [`signature`]s: a substitution changes the counts by 2 in all, an insertion
/// or deletion by 1 and a transposition not at all, so at least half the
/// difference in counts is needed. (Bytes sharing a counter only make the
/// difference smaller, so the bound holds.)
pub(super) fn lower_bound(a: u64, b: u64) -> usize {
    let difference: u64 = (0..16)
        .map(|i| {
            let x = (a >> (4 * i)) & 0xF;
            let y = (b >> (4 * i)) & 0xF;
            x.abs_diff(y)
        })
        .sum();
    usize::try_from(difference.div_ceil(2)).unwrap_or(usize::MAX)
}

/// The optimal-string-alignment distance between two byte strings
/// (postcodes) when it is at most `max`. Short strings are compared without
/// allocating, and most pairs are given up on after a few rows: 33,000 of
/// them are compared for one mistyped postcode. Long ones go to `strsim`.
pub(super) fn bounded_osa(a: &[u8], b: &[u8], max: usize) -> Option<usize> {
    const CAP: usize = 24;
    if a.len().abs_diff(b.len()) > max {
        return None;
    }
    if a.len() >= CAP || b.len() >= CAP {
        let d = osa_distance(&String::from_utf8_lossy(a), &String::from_utf8_lossy(b));
        return (d <= max).then_some(d);
    }
    // Three rows of the table; values stay below CAP, so bytes suffice.
    let mut before = [0u8; CAP + 1];
    let mut previous = [0u8; CAP + 1];
    let mut current = [0u8; CAP + 1];
    for (j, cell) in (0u8..).zip(previous.iter_mut().take(b.len() + 1)) {
        *cell = j;
    }
    for (i, row) in (1..=a.len()).zip(1u8..) {
        current[0] = row;
        let mut row_min = row;
        for j in 1..=b.len() {
            let cost = u8::from(a[i - 1] != b[j - 1]);
            let mut d = (previous[j] + 1)
                .min(current[j - 1] + 1)
                .min(previous[j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                d = d.min(before[j - 2] + 1);
            }
            current[j] = d;
            row_min = row_min.min(d);
        }
        // No later cell can be smaller than this row's least (a
        // transposition from the row before costs at least as much as the
        // substitution path through this row).
        if usize::from(row_min) > max {
            return None;
        }
        std::mem::swap(&mut before, &mut previous);
        std::mem::swap(&mut previous, &mut current);
    }
    let d = usize::from(previous[b.len()]);
    (d <= max).then_some(d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_signature_bound_never_exceeds_the_distance() {
        let words = [
            "",
            "6",
            "60601",
            "60610",
            "06601",
            "6060",
            "606011",
            "sw1a1aa",
            "sw1a1ab",
            "abc",
            "ca",
            "ac",
            "12345",
            "23451",
            "54321",
            "1111111111111111111111",
        ];
        for a in words {
            for b in words {
                let bound = lower_bound(signature(a.as_bytes()), signature(b.as_bytes()));
                assert!(bound <= osa_distance(a, b), "{a} {b}");
            }
        }
        assert_eq!(lower_bound(signature(b"10001"), signature(b"10001")), 0);
        assert_eq!(lower_bound(signature(b"10001"), signature(b"23456")), 5);
    }

    #[test]
    fn bounded_osa_agrees_with_strsim() {
        let words = [
            "", "6", "60601", "60610", "06601", "6060", "606011", "sw1a1aa", "sw1a1ab", "abc",
            "ca", "ac", "12345", "23451", "54321",
        ];
        for a in words {
            for b in words {
                let d = osa_distance(a, b);
                for max in 0..=6 {
                    let want = (d <= max).then_some(d);
                    assert_eq!(
                        bounded_osa(a.as_bytes(), b.as_bytes(), max),
                        want,
                        "{a} {b} {max}"
                    );
                }
            }
        }
        let long = "1".repeat(40);
        assert_eq!(bounded_osa(long.as_bytes(), b"1", 99), Some(39));
        assert_eq!(bounded_osa(long.as_bytes(), b"1", 2), None);
        let long2 = format!("{long}2");
        assert_eq!(bounded_osa(long.as_bytes(), long2.as_bytes(), 2), Some(1));
    }

    #[test]
    fn looks_like_postcode_by_digits_or_coded_words() {
        for yes in [
            "60601",
            "6060",
            "606o1",
            "1011 ab",
            "sw1a 1aa",
            "k1a 0b1",
            "m1 1ae",
            "60601 1234",
        ] {
            assert!(looks_like_postcode(yes), "{yes:?}");
        }
        for no in ["union station", "pier 39", "navy pier", "", "station 12"] {
            assert!(!looks_like_postcode(no), "{no:?}");
        }
    }
}
