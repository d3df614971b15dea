//! Laying text out in display columns for receipt printers and narrow
//! terminals: words wrapped to a width measured with `unicode-width`
//! (wide characters count two, combining marks none), a word cut only
//! when it is longer than a line, phrases held together with no-break
//! spaces; and plain ASCII for printers without Unicode. Slips, the
//! `find` table and the desk share it.

use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

/// A no-break space: keeps `8:00 AM` and `Sat 28 Nov` on one line of a
/// text slip (where it is printed as a space) and of an HTML page.
pub const NBSP: char = '\u{a0}';

/// A short phrase that must not be broken across lines.
pub fn unbroken(text: &str) -> String {
    text.replace(' ', "\u{a0}")
}

/// The display width of a text.
pub fn width(text: &str) -> usize {
    text.width()
}

/// Wraps one paragraph of single-line text to `width` columns: the first
/// line starts with `first`, the others with `rest`. Runs of spaces are
/// folded. A word wider than a line is cut between characters. Every line
/// returned is at most `width` columns wide, unless a prefix alone is wider
/// (which the callers never make).
pub fn wrap(text: &str, width: usize, first: &str, rest: &str) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = first.to_string();
    let mut empty = true;
    for word in text.split(' ').filter(|w| !w.is_empty()) {
        if !empty {
            let candidate = format!("{line} {word}");
            if candidate.width() <= width {
                line = candidate;
                continue;
            }
            lines.push(std::mem::replace(&mut line, rest.to_string()));
        }
        let candidate = format!("{line}{word}");
        if candidate.width() <= width {
            line = candidate;
            empty = false;
            continue;
        }
        // Longer than a whole line: cut it between characters. A
        // combining mark adds no width, so it stays with its base.
        // The line holds only its prefix here; its first character is
        // placed whatever its width, so that the loop always advances.
        let mut started = false;
        for c in word.chars() {
            let mut candidate = line.clone();
            candidate.push(c);
            if candidate.width() <= width || !started {
                line = candidate;
            } else {
                lines.push(std::mem::replace(&mut line, rest.to_string()));
                line.push(c);
            }
            started = true;
        }
        empty = false;
    }
    if !empty || lines.is_empty() {
        lines.push(line);
    }
    lines
}

/// The text in plain printable ASCII: accented letters lose their
/// accents, typographic punctuation becomes its ASCII form, and anything
/// else becomes `?`.
pub fn ascii(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if c.is_ascii() {
            if c.is_ascii_control() && c != '\n' {
                out.push('?');
            } else {
                out.push(c);
            }
            continue;
        }
        match fold(c) {
            Some(s) => out.push_str(s),
            None if c.width() == Some(0) => {}
            None => out.push('?'),
        }
    }
    out
}

/// The ASCII form of one non-ASCII character; `None` when it has none.
fn fold(c: char) -> Option<&'static str> {
    Some(match c {
        'À'..='Å' | 'Ā' | 'Ă' | 'Ą' => "A",
        'à'..='å' | 'ā' | 'ă' | 'ą' | 'ª' => "a",
        'Æ' => "AE",
        'æ' => "ae",
        'Ç' | 'Ć' | 'Č' | 'Ĉ' | 'Ċ' => "C",
        'ç' | 'ć' | 'č' | 'ĉ' | 'ċ' => "c",
        'Ď' | 'Đ' | 'Ð' => "D",
        'ď' | 'đ' | 'ð' => "d",
        'È'..='Ë' | 'Ē' | 'Ĕ' | 'Ė' | 'Ę' | 'Ě' => "E",
        'è'..='ë' | 'ē' | 'ĕ' | 'ė' | 'ę' | 'ě' => "e",
        'Ĝ' | 'Ğ' | 'Ġ' | 'Ģ' => "G",
        'ĝ' | 'ğ' | 'ġ' | 'ģ' => "g",
        'Ĥ' | 'Ħ' => "H",
        'ĥ' | 'ħ' => "h",
        'Ì'..='Ï' | 'Ĩ' | 'Ī' | 'Ĭ' | 'Į' | 'İ' => "I",
        'ì'..='ï' | 'ĩ' | 'ī' | 'ĭ' | 'į' | 'ı' => "i",
        'Ĵ' => "J",
        'ĵ' => "j",
        'Ķ' => "K",
        'ķ' => "k",
        'Ĺ' | 'Ļ' | 'Ľ' | 'Ŀ' | 'Ł' => "L",
        'ĺ' | 'ļ' | 'ľ' | 'ŀ' | 'ł' => "l",
        'Ñ' | 'Ń' | 'Ņ' | 'Ň' => "N",
        'ñ' | 'ń' | 'ņ' | 'ň' => "n",
        'Ò'..='Ö' | 'Ø' | 'Ō' | 'Ŏ' | 'Ő' => "O",
        'ò'..='ö' | 'ø' | 'ō' | 'ŏ' | 'ő' | 'º' => "o",
        'Œ' => "OE",
        'œ' => "oe",
        'Ŕ' | 'Ŗ' | 'Ř' => "R",
        'ŕ' | 'ŗ' | 'ř' => "r",
        'Ś' | 'Ŝ' | 'Ş' | 'Š' | 'Ș' => "S",
        'ś' | 'ŝ' | 'ş' | 'š' | 'ș' => "s",
        'ß' => "ss",
        'Ţ' | 'Ť' | 'Ŧ' | 'Ț' => "T",
        'ţ' | 'ť' | 'ŧ' | 'ț' => "t",
        'Þ' => "Th",
        'þ' => "th",
        'Ù'..='Ü' | 'Ũ' | 'Ū' | 'Ŭ' | 'Ů' | 'Ű' | 'Ų' => "U",
        'ù'..='ü' | 'ũ' | 'ū' | 'ŭ' | 'ů' | 'ű' | 'ų' => "u",
        'Ŵ' => "W",
        'ŵ' => "w",
        'Ý' | 'Ŷ' | 'Ÿ' => "Y",
        'ý' | 'ÿ' | 'ŷ' => "y",
        'Ź' | 'Ż' | 'Ž' => "Z",
        'ź' | 'ż' | 'ž' => "z",
        '‐' | '‑' | '‒' | '–' | '—' | '―' | '−' | '─' | '━' => "-",
        '═' => "=",
        '‘' | '’' | '‚' | '‛' | '′' | 'ʼ' => "'",
        '“' | '”' | '„' | '‟' | '″' | '«' | '»' => "\"",
        '‹' => "<",
        '›' => ">",
        '…' => "...",
        '•' | '·' | '‧' => "*",
        '¡' | '¿' => "",
        '\u{a0}' | '\u{2000}'..='\u{200a}' | '\u{202f}' | '\u{205f}' | '\u{3000}' => " ",
        '\u{200b}' | '\u{200c}' | '\u{200d}' | '\u{2060}' | '\u{feff}' => "",
        '×' => "x",
        '°' => " deg",
        '€' => "EUR",
        '£' => "GBP",
        '©' => "(c)",
        '®' => "(R)",
        '™' => "(TM)",
        '½' => "1/2",
        '¼' => "1/4",
        '¾' => "3/4",
        '№' => "No.",
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(lines: &[String], w: usize) {
        for line in lines {
            assert!(line.width() <= w, "{line:?} is wider than {w}");
        }
    }

    #[test]
    fn words_wrap_at_spaces() {
        let lines = wrap("the quick brown fox jumps over", 12, "", "  ");
        assert_eq!(lines, ["the quick", "  brown fox", "  jumps over"]);
        assert_eq!(wrap("", 10, "x: ", ""), ["x: "]);
    }

    #[test]
    fn long_words_are_cut_only_when_needed() {
        let lines = wrap("a abcdefghijklmnop b", 8, "", "");
        assert_eq!(lines, ["a", "abcdefgh", "ijklmnop", "b"]);
    }

    #[test]
    fn wide_and_combining_characters_are_measured() {
        // Each ideograph is two columns: four fit in nine columns.
        let lines = wrap("東京都新宿区西新宿二丁目", 9, "", "");
        check(&lines, 9);
        assert_eq!(lines[0], "東京都新");
        // A combining acute accent takes no column and stays with its e.
        let text = "Cafe\u{301} Cafe\u{301} Cafe\u{301}";
        let lines = wrap(text, 10, "", "");
        assert_eq!(lines, ["Cafe\u{301} Cafe\u{301}", "Cafe\u{301}"]);
        let lines = wrap("e\u{301}e\u{301}e\u{301}e\u{301}", 2, "", "");
        assert_eq!(lines, ["e\u{301}e\u{301}", "e\u{301}e\u{301}"]);
    }

    #[test]
    fn ascii_folds_what_it_can() {
        assert_eq!(
            ascii("Señora Müller — “Café” ’til ¿sí? 東"),
            "Senora Muller - \"Cafe\" 'til si? ?"
        );
        assert_eq!(ascii("e\u{301}"), "e");
        assert!(ascii("\u{1F600}x").is_ascii());
    }
}
