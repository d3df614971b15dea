//! ISO 639-1 language codes, for checking `languages`.

/// Every ISO 639-1 two-letter code, in order, each followed by a space
/// but the last: code `i` is at byte `3 * i`.
const CODES: &str = "aa ab ae af ak am an ar as av ay az ba be bg bi bm bn bo br bs ca ce ch co cr cs cu cv cy \
da de dv dz ee el en eo es et eu fa ff fi fj fo fr fy ga gd gl gn gu gv ha he hi ho hr ht hu hy hz \
ia id ie ig ii ik io is it iu ja jv ka kg ki kj kk kl km kn ko kr ks ku kv kw ky la lb lg li ln lo lt lu lv \
mg mh mi mk ml mn mr ms mt my na nb nd ne ng nl nn no nr nv ny oc oj om or os pa pi pl ps pt qu rm rn ro ru rw \
sa sc sd se sg si sk sl sm sn so sq sr ss st su sv sw ta te tg th ti tk tl tn to tr ts tt tw ty ug uk ur uz \
ve vi vo wa wo xh yi yo za zh zu";

/// Whether a code is an ISO 639-1 language code (lower case).
pub fn is_language_code(code: &str) -> bool {
    // A binary search over the slots: asked for every language of every
    // service of a national directory.
    let codes = CODES.as_bytes();
    let wanted = code.as_bytes();
    if wanted.len() != 2 {
        return false;
    }
    let (mut low, mut high) = (0, codes.len().div_ceil(3));
    while low < high {
        let middle = (low + high) / 2;
        match codes[3 * middle..3 * middle + 2].cmp(wanted) {
            std::cmp::Ordering::Less => low = middle + 1,
            std::cmp::Ordering::Greater => high = middle,
            std::cmp::Ordering::Equal => return true,
        }
    }
    false
}

/// Common languages: the ISO 639-1 code, the ISO 639-2/3 code and the
/// English name (lower case), for reading what is not written as a code.
const LANGUAGES: &[(&str, &str, &str)] = &[
    ("en", "eng", "english"),
    ("es", "spa", "spanish"),
    ("fr", "fra", "french"),
    ("de", "deu", "german"),
    ("it", "ita", "italian"),
    ("pt", "por", "portuguese"),
    ("ar", "ara", "arabic"),
    ("zh", "zho", "chinese"),
    ("ru", "rus", "russian"),
    ("uk", "ukr", "ukrainian"),
    ("pl", "pol", "polish"),
    ("ur", "urd", "urdu"),
    ("hi", "hin", "hindi"),
    ("bn", "ben", "bengali"),
    ("pa", "pan", "punjabi"),
    ("vi", "vie", "vietnamese"),
    ("ko", "kor", "korean"),
    ("ja", "jpn", "japanese"),
    ("tl", "tgl", "tagalog"),
    ("fa", "fas", "persian"),
    ("so", "som", "somali"),
    ("am", "amh", "amharic"),
    ("ht", "hat", "haitian creole"),
    ("el", "ell", "greek"),
    ("tr", "tur", "turkish"),
    ("he", "heb", "hebrew"),
    ("ro", "ron", "romanian"),
    ("sk", "slk", "slovak"),
    ("cs", "ces", "czech"),
    ("nl", "nld", "dutch"),
    ("sw", "swa", "swahili"),
    ("zu", "zul", "zulu"),
    ("xh", "xho", "xhosa"),
    ("af", "afr", "afrikaans"),
    ("nv", "nav", "navajo"),
    ("hy", "hye", "armenian"),
    ("km", "khm", "khmer"),
    ("lo", "lao", "lao"),
    ("th", "tha", "thai"),
    ("ne", "nep", "nepali"),
    ("ps", "pus", "pashto"),
    ("ti", "tir", "tigrinya"),
];

/// The ISO 639-1 code a language is written as, if one can be told: the
/// code itself in any case and with a region (`ES`, `en-US`, `pt_BR`), an
/// ISO 639-2/3 code of a common language (`spa`), or its English name
/// (`Spanish`, `Haitian Creole`). For `import hsds`, and for the hint of
/// `unknown-language`.
pub fn code_for(written: &str) -> Option<String> {
    let lower = written.trim().to_lowercase();
    if let Some((two, _, _)) = LANGUAGES.iter().find(|(_, _, name)| *name == lower) {
        return Some(two.to_string());
    }
    let head = lower.split(['-', '_']).next().unwrap_or("");
    if is_language_code(head) {
        return Some(head.to_string());
    }
    LANGUAGES
        .iter()
        .find(|(_, three, _)| *three == head)
        .map(|(two, _, _)| two.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_listed_code_is_found_and_nothing_else() {
        let listed: Vec<&str> = CODES.split(' ').collect();
        assert_eq!(listed.len(), 183);
        assert!(
            listed.windows(2).all(|w| w[0] < w[1]),
            "CODES must stay sorted"
        );
        for code in &listed {
            assert!(is_language_code(code), "{code}");
        }
        for other in ["", "e", "EN", "eng", "a ", " a", "xx", "zz", "aa ", "zu\n"] {
            assert!(!is_language_code(other), "{other:?}");
        }
    }

    #[test]
    fn names_and_other_codes_are_told() {
        for (written, code) in [
            ("Spanish", Some("es")),
            ("haitian creole", Some("ht")),
            ("ES", Some("es")),
            ("en-US", Some("en")),
            ("pt_BR", Some("pt")),
            ("spa", Some("es")),
            ("ur", Some("ur")),
            ("Klingon", None),
            ("xx", None),
        ] {
            assert_eq!(code_for(written).as_deref(), code, "{written}");
        }
    }
}
