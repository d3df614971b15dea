//! Fitting a wallet card's text into its box before a browser lays it out:
//! the text wraps as CSS wraps it, and when it would run past the footer
//! the whole card's text is made smaller, a step at a time, until it
//! fits. A long name or address no longer pushes the hours under the
//! footer, where the card's box hid them.
//!
//! The page runs no script, so the sizes are decided here, from widths
//! measured generously: each character's advance is at least that of
//! DejaVu Sans (the widest of the fonts the cards name; its Bold for bold
//! text), so that the browser's lines are never longer than these.

use unicode_width::UnicodeWidthChar;

/// Points in a millimetre.
const PT_PER_MM: f64 = 72.0 / 25.4;

/// The width of the text inside a card, millimetres (85 mm less 3.5 mm
/// of padding either side).
pub const INNER_WIDTH_MM: f64 = 78.0;
/// The height of the text inside a card, millimetres (55 mm less the
/// padding).
pub const INNER_HEIGHT_MM: f64 = 48.0;
/// The QR code's width with its margin, millimetres; it floats at the
/// top right.
pub const QR_WIDTH_MM: f64 = 20.5;
/// The QR code's height with its margin, millimetres.
pub const QR_HEIGHT_MM: f64 = 20.0;
/// The card's base font size, points, at scale 1.
pub const BASE_PT: f64 = 8.0;
/// The line height, as a multiple of the font size.
const LINE_HEIGHT: f64 = 1.2;
/// Room kept free above the footer, millimetres: what a browser's
/// rounding may add.
const SLACK_MM: f64 = 1.0;
/// The scales tried, largest first: 8 pt text down to 5 pt.
pub const SCALES: [f64; 7] = [1.0, 0.92, 0.85, 0.78, 0.72, 0.67, 0.625];

/// DejaVu Sans's advances of the printable ASCII characters (space to `~`), in hundredths of an em, rounded up.
const REGULAR: [u8; 95] = [
    32, 41, 46, 84, 64, 95, 78, 28, 39, 39, 50, 84, 32, 37, 32, 34, 64, 64, 64, 64, 64, 64, 64, 64,
    64, 64, 34, 34, 84, 84, 84, 54, 100, 69, 69, 70, 77, 64, 58, 78, 76, 30, 30, 66, 56, 87, 75,
    79, 61, 79, 70, 64, 62, 74, 69, 99, 69, 62, 69, 39, 34, 39, 84, 50, 50, 62, 64, 55, 64, 62, 36,
    64, 64, 28, 28, 58, 28, 98, 64, 62, 64, 64, 42, 53, 40, 64, 60, 82, 60, 60, 53, 64, 34, 64, 84,
];
/// The same of DejaVu Sans Bold.
const BOLD: [u8; 95] = [
    35, 46, 53, 84, 70, 101, 88, 31, 46, 46, 53, 84, 38, 42, 38, 37, 70, 70, 70, 70, 70, 70, 70,
    70, 70, 70, 40, 40, 84, 84, 84, 58, 100, 78, 77, 74, 83, 69, 69, 83, 84, 38, 38, 78, 64, 100,
    84, 85, 74, 85, 77, 72, 69, 82, 78, 111, 78, 73, 73, 46, 37, 46, 84, 50, 50, 68, 72, 60, 72,
    68, 44, 72, 72, 35, 35, 67, 35, 105, 72, 69, 72, 72, 50, 60, 48, 72, 66, 93, 65, 66, 59, 72,
    37, 72, 84,
];

/// A character's advance in ems, at least DejaVu Sans's: from the tables
/// for ASCII, and generously for the rest (0.7 em a column: accented
/// letters, dashes and wide characters).
fn advance(c: char, bold: bool) -> f64 {
    let table = if bold { &BOLD } else { &REGULAR };
    match (c as usize).checked_sub(0x20).and_then(|i| table.get(i)) {
        Some(&hundredths) => f64::from(hundredths) / 100.0,
        None if c == '\u{a0}' => f64::from(table[0]) / 100.0,
        None => 0.7 * c.width().unwrap_or(1).max(1) as f64,
    }
}

/// The width of a text in millimetres at a font size in points.
pub fn text_mm(text: &str, pt: f64, bold: bool) -> f64 {
    let ems: f64 = text.chars().map(|c| advance(c, bold)).sum();
    ems * pt / PT_PER_MM
}

/// One paragraph of a card.
#[derive(Debug, Clone)]
pub struct Para {
    /// Its text.
    pub text: String,
    /// Its font size at scale 1, points.
    pub pt: f64,
    /// Bold.
    pub bold: bool,
    /// Never wrapped (a phone number): it gets smaller instead.
    pub nowrap: bool,
    /// Space above and below, millimetres (margins, padding and borders).
    pub around_mm: f64,
    /// Space taken from its width, millimetres (padding and borders).
    pub inset_mm: f64,
}

impl Para {
    /// A plain paragraph.
    pub fn new(text: &str, pt: f64) -> Para {
        Para {
            text: text.to_string(),
            pt,
            bold: false,
            nowrap: false,
            around_mm: 0.0,
            inset_mm: 0.0,
        }
    }
}

/// How many lines a paragraph takes from height `top` down, wrapped at
/// spaces (a word longer than a line is cut, as `overflow-wrap:
/// anywhere` cuts it), beside the QR code while a line starts above
/// `qr_bottom`.
fn lines(para: &Para, pt: f64, top: f64, qr_bottom: f64) -> usize {
    let line_mm = pt * LINE_HEIGHT / PT_PER_MM;
    let width_at = |line: usize| {
        let y = top + line as f64 * line_mm;
        let width = if y < qr_bottom {
            INNER_WIDTH_MM - QR_WIDTH_MM
        } else {
            INNER_WIDTH_MM
        };
        width - para.inset_mm
    };
    let space = text_mm(" ", pt, para.bold);
    let mut count = 1;
    let mut used = 0.0;
    for word in para.text.split(' ').filter(|w| !w.is_empty()) {
        let mut word_mm = text_mm(word, pt, para.bold);
        if used > 0.0 && used + space + word_mm <= width_at(count - 1) {
            used += space + word_mm;
            continue;
        }
        if used > 0.0 {
            count += 1;
        }
        // A word longer than the line goes on over as many lines as it
        // needs.
        while word_mm > width_at(count - 1) {
            word_mm -= width_at(count - 1);
            count += 1;
        }
        used = word_mm;
    }
    count
}

/// The font size of a paragraph at a scale: its own, scaled, and for a
/// paragraph that never wraps no larger than its width allows at `top`.
pub fn size(para: &Para, scale: f64, top: f64, qr_bottom: f64) -> f64 {
    let pt = para.pt * scale;
    if !para.nowrap {
        return pt;
    }
    let room = if top < qr_bottom {
        INNER_WIDTH_MM - QR_WIDTH_MM
    } else {
        INNER_WIDTH_MM
    } - para.inset_mm;
    let wide = text_mm(&para.text, pt, para.bold);
    if wide <= room {
        pt
    } else {
        pt * room / wide
    }
}

/// The height of paragraphs laid out from the top, millimetres, at a
/// scale; with a QR code at the top right when `qr`.
pub fn height(paras: &[Para], scale: f64, qr: bool) -> f64 {
    let qr_bottom = if qr { QR_HEIGHT_MM } else { 0.0 };
    let mut y = 0.0;
    for para in paras {
        // A paragraph that never wraps is sized as if beside the QR code,
        // as the card draws it wherever it falls.
        let pt = size(para, scale, 0.0, qr_bottom);
        let count = if para.nowrap {
            1
        } else {
            lines(para, pt, y, qr_bottom)
        };
        y += count as f64 * pt * LINE_HEIGHT / PT_PER_MM + para.around_mm;
    }
    y
}

/// The height of the footer, millimetres, at a scale: its two parts on
/// one line when they fit side by side, else as many lines as the longer
/// takes in half the width, plus its rule and padding.
pub fn footer_height(left: &str, right: &str, pt: f64, scale: f64) -> f64 {
    let pt = pt * scale;
    let gap = 2.0;
    let (l, r) = (text_mm(left, pt, false), text_mm(right, pt, false));
    let count = if l + r + gap <= INNER_WIDTH_MM {
        1.0
    } else {
        let half = (INNER_WIDTH_MM - gap) / 2.0;
        (l.max(r) / half).ceil() + 1.0
    };
    count * pt * LINE_HEIGHT / PT_PER_MM + 0.8 + 0.3 / PT_PER_MM
}

/// The largest of [`SCALES`] at which the paragraphs fit above a footer
/// of `footer_mm` millimetres (the footer made as much smaller); the
/// smallest when none does.
pub fn scale(paras: &[Para], qr: bool, footer_mm: impl Fn(f64) -> f64) -> f64 {
    SCALES
        .into_iter()
        .find(|&s| height(paras, s, qr) + footer_mm(s) + SLACK_MM <= INNER_HEIGHT_MM)
        .unwrap_or(SCALES[SCALES.len() - 1])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_short_card_keeps_its_size_and_a_long_one_gets_smaller() {
        let short = [
            Para::new("Side Door Detox", 10.5),
            Para::new("10 W Lake St", 8.0),
            Para::new("Every day: open all day", 8.0),
        ];
        assert_eq!(scale(&short, true, |_| 4.0), 1.0);
        let long_name = "The Northwest Regional Comprehensive Community Recovery, \
                         Withdrawal Management and Family Support Centre";
        let mut long = vec![Para::new(long_name, 10.5), Para::new(long_name, 8.0)];
        for _ in 0..6 {
            long.push(Para::new("Mon: 8:00 AM–12:00 PM, 1:00 PM–5:00 PM", 8.0));
        }
        let s = scale(&long, true, |_| 4.0);
        assert!(s < 1.0, "{s}");
        assert!(height(&long, s, true) + 4.0 < INNER_HEIGHT_MM, "{s}");
    }

    #[test]
    fn lines_wrap_at_spaces_and_cut_long_words() {
        let para = Para::new("word ".repeat(40).trim(), 8.0);
        let one = text_mm("word", 8.0, false);
        assert!(lines(&para, 8.0, 100.0, 0.0) >= (40.0 * one / INNER_WIDTH_MM) as usize);
        let long = Para::new(&"x".repeat(200), 8.0);
        assert!(lines(&long, 8.0, 100.0, 0.0) >= 2);
        // Beside the QR code the lines are narrower.
        let beside = lines(&para, 8.0, 0.0, 1000.0);
        assert!(beside > lines(&para, 8.0, 100.0, 0.0));
    }

    #[test]
    fn a_phone_number_that_would_not_fit_gets_smaller() {
        let mut phone = Para::new("+1 (312) 555-0102 ext 12345 (ask for intake)", 13.0);
        phone.nowrap = true;
        phone.bold = true;
        let pt = size(&phone, 1.0, 0.0, QR_HEIGHT_MM);
        assert!(pt < 13.0);
        assert!(text_mm(&phone.text, pt, true) <= INNER_WIDTH_MM - QR_WIDTH_MM + 1e-9);
    }
}
