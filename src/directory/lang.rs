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
}
