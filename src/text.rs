//! Words as typed and as written: one normal form for comparing them
//! (case, punctuation, accents and British or American spelling do not
//! matter), two plainer forms for places' names and postcodes ([`fold`],
//! [`compact`]), and the typo tolerance shared by needs, request words and
//! places.

use strsim::{damerau_levenshtein, jaro_winkler, normalized_damerau_levenshtein};
use unicode_normalization::char::is_combining_mark;
use unicode_normalization::UnicodeNormalization;

/// Lower-cases `text`, splits it into words at anything that is not a
/// letter or digit (an apostrophe inside a word is dropped, not split on),
/// drops accents (`desintoxicación` is `desintoxicacion`), and writes each
/// word in American spelling; the words are joined with single
/// spaces. Applied to both what is typed and what the taxonomy says, so
/// `Sobering Centre`, `sobering-center` and `sobering  center` compare equal.
pub fn normalise(text: &str) -> String {
    word_ranges(text)
        .into_iter()
        .map(|(start, end)| normalise_word(&text[start..end]))
        .collect::<Vec<_>>()
        .join(" ")
}

/// Lower case, whitespace folded to single spaces and trimmed: a place's
/// name as the gazetteer compares it first (`union  STATION`).
pub fn fold(text: &str) -> String {
    text.split_whitespace()
        .map(str::to_lowercase)
        .collect::<Vec<_>>()
        .join(" ")
}

/// Lower-case letters and digits only: `St. Mary's` is `stmarys`,
/// `SW1A 1AA` is `sw1a1aa`, `ZIP code` is `zipcode`.
pub fn compact(text: &str) -> String {
    text.chars()
        .flat_map(char::to_lowercase)
        .filter(|c| c.is_alphanumeric())
        .collect()
}

/// The byte ranges of the words in `text`: runs of letters and digits, an
/// apostrophe between two of them staying inside the word (`mary's`).
pub(crate) fn word_ranges(text: &str) -> Vec<(usize, usize)> {
    let mut ranges = Vec::new();
    let mut start: Option<usize> = None;
    let mut chars = text.char_indices().peekable();
    while let Some((at, c)) = chars.next() {
        let inside_apostrophe = is_apostrophe(c)
            && start.is_some()
            && chars
                .peek()
                .is_some_and(|&(_, next)| next.is_alphanumeric());
        if c.is_alphanumeric() || inside_apostrophe {
            if start.is_none() {
                start = Some(at);
            }
        } else if let Some(s) = start.take() {
            ranges.push((s, at));
        }
    }
    if let Some(s) = start {
        ranges.push((s, text.len()));
    }
    ranges
}

fn is_apostrophe(c: char) -> bool {
    matches!(c, '\'' | '\u{2019}' | '\u{2018}')
}

/// One word lower-cased, without apostrophes or accents, in American
/// spelling.
pub(crate) fn normalise_word(word: &str) -> String {
    // Nearly every word is ASCII: it has no accents to drop.
    let lower: String = if word.is_ascii() {
        word.bytes()
            .filter(u8::is_ascii_alphanumeric)
            .map(|b| char::from(b.to_ascii_lowercase()))
            .collect()
    } else {
        word.nfd()
            .filter(|c| !is_combining_mark(*c))
            .flat_map(char::to_lowercase)
            .filter(|c| c.is_alphanumeric())
            .collect()
    };
    american(lower)
}

/// British spelling endings and their American forms, with the least number
/// of letters that must come before the ending. The minimum keeps short
/// words whole (`hour`, `four`, `rise`, `fence`); over-normalising a word
/// that has no British form is harmless, since both sides are normalised.
const SUFFIXES: &[(&str, &str, usize)] = &[
    ("isations", "izations", 2),
    ("isation", "ization", 2),
    ("ising", "izing", 3),
    ("isers", "izers", 3),
    ("iser", "izer", 3),
    ("ised", "ized", 3),
    ("ises", "izes", 3),
    ("ise", "ize", 3),
    ("ysing", "yzing", 2),
    ("ysed", "yzed", 2),
    ("yse", "yze", 2),
    ("ouring", "oring", 3),
    ("oured", "ored", 3),
    ("oural", "oral", 3),
    ("ours", "ors", 3),
    ("our", "or", 3),
    ("ellors", "elors", 3),
    ("ellor", "elor", 3),
    ("elling", "eling", 3),
    ("elled", "eled", 3),
    ("tres", "ters", 2),
    ("tred", "tered", 2),
    ("tre", "ter", 2),
    ("ogues", "ogs", 3),
    ("ogue", "og", 3),
    ("ammes", "ams", 3),
    ("amme", "am", 3),
    ("cence", "cense", 2),
    ("fence", "fense", 2),
    ("rhoea", "rhea", 1),
];

/// Writes a lower-case word in American spelling: `centre` → `center`,
/// `stabilisation` → `stabilization`, `behavioural` → `behavioral`,
/// `counselling` → `counseling`, `programme` → `program`, `paediatric` →
/// `pediatric`, `oedema` → `edema`.
fn american(word: String) -> String {
    let mut word = word;
    for &(british, us, min_stem) in SUFFIXES {
        if let Some(stem) = word.strip_suffix(british) {
            if stem.chars().count() >= min_stem {
                word = format!("{stem}{us}");
                break;
            }
        }
    }
    // `ae` between consonants is `e` (haem, paed, anaemia); `oe` only at the
    // start (oestrogen, oedema), since inside a word it is often English
    // (does, poet).
    let chars: Vec<char> = word.chars().collect();
    let consonant = |i: usize| {
        chars
            .get(i)
            .is_some_and(|&c| c.is_alphabetic() && !"aeiouy".contains(c))
    };
    let mut out = String::with_capacity(word.len());
    for (i, &c) in chars.iter().enumerate() {
        let drop_vowel = match (c, chars.get(i + 1)) {
            ('a', Some('e')) => i > 0 && consonant(i - 1) && consonant(i + 2),
            ('o', Some('e')) => i == 0 && consonant(i + 2),
            _ => false,
        };
        if !drop_vowel {
            out.push(c);
        }
    }
    out
}

/// The number of typing mistakes forgiven in a word or phrase whose shorter
/// side (typed or taxonomy) has `len` characters: none up to 3 (`na`, `aa`,
/// `ca`, `otp` and `ssp` are real synonyms, and one edit away from a 3-letter
/// word is most of the alphabet), then one more for every 4 letters. Two
/// edits in a 7-letter word already reach other words (`medicaid` is two
/// from `medical`), so the second edit waits for 8 letters.
pub fn typo_budget(len: usize) -> usize {
    match len {
        0..=3 => 0,
        4..=7 => 1,
        8..=11 => 2,
        12..=15 => 3,
        _ => 4,
    }
}

/// The edit distance from typed `a` to taxonomy `b` when it counts as a
/// typo: within [`typo_budget`] of the shorter, and with the same first
/// letter (or the first two swapped), since a wrong first letter usually
/// means a different word (`housing` is not `dosing`). A plural or singular
/// of a word of 3 letters or more (`sub` for `subs`) counts as one edit.
pub fn typo_distance(a: &str, b: &str) -> Option<usize> {
    let (la, lb) = (a.chars().count(), b.chars().count());
    let shorter = la.min(lb);
    if shorter >= 3 && (a.strip_suffix('s') == Some(b) || b.strip_suffix('s') == Some(a)) {
        return Some(1);
    }
    let budget = typo_budget(shorter);
    if budget == 0 || la.abs_diff(lb) > budget || !same_start(a, b) {
        return None;
    }
    let d = damerau_levenshtein(a, b);
    (d <= budget).then_some(d)
}

/// Whether two words begin with the same letter, or with the same two
/// letters swapped.
fn same_start(a: &str, b: &str) -> bool {
    let mut x = a.chars();
    let mut y = b.chars();
    match (x.next(), y.next()) {
        (Some(a0), Some(b0)) if a0 == b0 => true,
        (Some(a0), Some(b0)) => x.next() == Some(b0) && y.next() == Some(a0),
        _ => false,
    }
}

/// How well a taxonomy term suits a typed word as a suggestion, 0 to 2:
/// terms that begin with it score highest, then terms with a word that
/// begins with it, then terms that contain it, then by similarity of the
/// whole term or of its nearest word.
pub fn suggestion_score(typed: &str, term: &str) -> f64 {
    if typed.is_empty() {
        return 0.0;
    }
    // Jaro-Winkler only counts between words of like length: on a short
    // term it finds likeness in any word sharing two letters.
    let (lt, lm) = (typed.chars().count(), term.chars().count());
    let like_length = lt.min(lm) as f64 / lt.max(lm).max(1) as f64;
    let similarity = normalized_damerau_levenshtein(typed, term)
        .max(jaro_winkler(typed, term) * 0.9 * like_length)
        .max(
            term.split(' ')
                .map(|w| normalized_damerau_levenshtein(typed, w) * 0.9)
                .fold(0.0, f64::max),
        );
    let bonus = if term.starts_with(typed) {
        1.0
    } else if term.split(' ').any(|w| w.starts_with(typed)) {
        0.9
    } else if typed.chars().count() >= 3 && term.contains(typed) {
        0.8
    } else {
        0.0
    };
    bonus + similarity
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spelling_is_normalised_by_rule_not_by_list() {
        assert_eq!(normalise("Sobering Centre"), "sobering center");
        assert_eq!(normalise("stabilisation"), "stabilization");
        assert_eq!(normalise("Organisations"), "organizations");
        assert_eq!(normalise("behavioural"), "behavioral");
        assert_eq!(normalise("behaviour"), "behavior");
        assert_eq!(normalise("counselling counsellor"), "counseling counselor");
        assert_eq!(normalise("programme programmes"), "program programs");
        assert_eq!(
            normalise("paediatric anaemia oedema"),
            "pediatric anemia edema"
        );
        assert_eq!(
            normalise("analyse catalogue licence defence"),
            "analyze catalog license defense"
        );
        assert_eq!(normalise("centres metre theatre"), "centers meter theater");
        // Short words that only look British stay whole.
        assert_eq!(
            normalise("hour four your rise fence does poet"),
            "hour four your rise fence does poet"
        );
        // Already American words are unchanged.
        assert_eq!(
            normalise("center stabilization behavioral program"),
            "center stabilization behavioral program"
        );
    }

    #[test]
    fn normalise_splits_at_punctuation_and_drops_apostrophes() {
        assert_eq!(normalise("St. Mary's  Clinic"), "st marys clinic");
        assert_eq!(normalise("St Mary\u{2019}s"), "st marys");
        assert_eq!(normalise("'works'"), "works");
        assert_eq!(normalise("24/7 drop-in"), "24 7 drop in");
        assert_eq!(normalise("  --  "), "");
        assert_eq!(normalise(""), "");
        assert_eq!(normalise("ÉCOUTE"), "ecoute");
        // Accents do not matter: desintoxicacion is desintoxicación.
        assert_eq!(normalise("Desintoxicación"), "desintoxicacion");
        assert_eq!(normalise("español ñ ü ç ø"), "espanol n u c ø");
    }

    #[test]
    fn fold_keeps_punctuation_and_compact_keeps_only_letters_and_digits() {
        assert_eq!(fold("  Union   STATION "), "union station");
        assert_eq!(fold("St. Mary's"), "st. mary's");
        assert_eq!(fold(""), "");
        assert_eq!(compact("St. Mary's"), "stmarys");
        assert_eq!(compact("SW1A 1AA"), "sw1a1aa");
        assert_eq!(compact("ZIP-code"), "zipcode");
        assert_eq!(compact("Ürün 5"), "ürün5");
        assert_eq!(compact("--"), "");
    }

    #[test]
    fn the_typo_budget_grows_with_length() {
        let budgets: Vec<usize> = [1, 2, 3, 4, 7, 8, 11, 12, 15, 16, 40]
            .iter()
            .map(|&n| typo_budget(n))
            .collect();
        assert_eq!(budgets, [0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4]);
    }

    #[test]
    fn typo_distance_respects_the_budget_and_first_letter() {
        assert_eq!(typo_distance("suboxon", "suboxone"), Some(1));
        assert_eq!(typo_distance("detx", "detox"), Some(1));
        assert_eq!(typo_distance("housing", "dosing"), None);
        assert_eq!(typo_distance("nax", "na"), None);
        assert_eq!(typo_distance("aa", "na"), None);
        assert_eq!(typo_distance("sub", "subs"), Some(1));
        assert_eq!(typo_distance("cas", "ca"), None);
        assert_eq!(typo_distance("usboxone", "suboxone"), Some(1));
        assert_eq!(typo_distance("medicaid", "medical"), None);
        assert_eq!(typo_distance("methadne", "methadone"), Some(1));
        assert_eq!(typo_distance("buprenorfine", "buprenorphine"), Some(2));
        assert_eq!(typo_distance("", ""), None);
        assert_eq!(typo_distance("", "detox"), None);
    }
}
