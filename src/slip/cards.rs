//! Wallet cards: an HTML sheet of 85 × 55 mm cards, one per service, with
//! cut marks, laid out inside the printable area of A4 (10 to a page) or US
//! Letter (8 to a page). A card shows a service's regular week, not one
//! day: it is kept and read later.

use chrono::{DateTime, Datelike, Utc};

use crate::directory::{Directory, Service};
use crate::hours::HolidayCalendar;
use crate::matching::HoursBook;
use crate::sanitize::{html as esc, one_line};
use crate::slip::content::{day_words, offers};
use crate::slip::fit::{self, Para};
use crate::slip::html::head;
use crate::slip::qr;
use crate::slip::words::{Lang, Words};

/// Card width, millimetres (ISO/IEC 7810 ID-1, near enough for a wallet).
pub const CARD_WIDTH_MM: f64 = 85.0;
/// Card height, millimetres.
pub const CARD_HEIGHT_MM: f64 = 55.0;

/// The paper of a cards sheet.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Paper {
    /// ISO A4, 210 × 297 mm: 2 × 5 cards.
    #[default]
    A4,
    /// US Letter, 8.5 × 11 in: 2 × 4 cards.
    Letter,
}

impl Paper {
    /// Width and height in millimetres.
    pub fn size_mm(self) -> (f64, f64) {
        match self {
            Paper::A4 => (210.0, 297.0),
            Paper::Letter => (215.9, 279.4),
        }
    }

    /// Columns and rows of cards on one page.
    pub fn grid(self) -> (usize, usize) {
        match self {
            Paper::A4 => (2, 5),
            Paper::Letter => (2, 4),
        }
    }

    /// Cards on one page.
    pub fn per_page(self) -> usize {
        let (columns, rows) = self.grid();
        columns * rows
    }

    /// The top-left corner of the grid of cards, centred on the page.
    fn origin_mm(self) -> (f64, f64) {
        let (width, height) = self.size_mm();
        let (columns, rows) = self.grid();
        (
            (width - columns as f64 * CARD_WIDTH_MM) / 2.0,
            (height - rows as f64 * CARD_HEIGHT_MM) / 2.0,
        )
    }
}

/// A millimetre figure for CSS and SVG, without trailing zeros.
fn mm(value: f64) -> String {
    let text = format!("{value:.2}");
    text.trim_end_matches('0').trim_end_matches('.').to_string()
}

/// The cut marks of one page, as an SVG drawn over the whole page: short
/// lines that continue each cutting line into the margin, starting 2 mm
/// from the cards and ending at least 5 mm from the edge of the paper.
fn cut_marks(paper: Paper) -> String {
    let (width, height) = paper.size_mm();
    let (columns, rows) = paper.grid();
    let (x0, y0) = paper.origin_mm();
    let x1 = x0 + columns as f64 * CARD_WIDTH_MM;
    let y1 = y0 + rows as f64 * CARD_HEIGHT_MM;
    let gap = 2.0;
    let length = |margin: f64| (margin - gap - 5.0).clamp(0.0, 6.0);
    let mut lines = String::new();
    let mut line = |xa: f64, ya: f64, xb: f64, yb: f64| {
        lines.push_str(&format!(
            "<line x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\"/>",
            mm(xa),
            mm(ya),
            mm(xb),
            mm(yb)
        ));
    };
    for c in 0..=columns {
        let x = x0 + c as f64 * CARD_WIDTH_MM;
        line(x, y0 - gap, x, y0 - gap - length(y0));
        line(x, y1 + gap, x, y1 + gap + length(height - y1));
    }
    for r in 0..=rows {
        let y = y0 + r as f64 * CARD_HEIGHT_MM;
        line(x0 - gap, y, x0 - gap - length(x0), y);
        line(x1 + gap, y, x1 + gap + length(width - x1), y);
    }
    format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"marks\" viewBox=\"0 0 {} {}\" aria-hidden=\"true\">\
         <g stroke=\"#000\" stroke-width=\"0.2\">{lines}</g></svg>",
        mm(width),
        mm(height)
    )
}

/// A service's regular week, Monday first, with days of the same hours
/// joined: `Mon–Fri: 9:00 AM–5:00 PM`, `Sat–Sun: closed`. Public
/// holidays are left out: the card is kept past this week.
fn week_lines(
    directory: &Directory,
    service: &Service,
    book: &mut HoursBook,
    at: DateTime<Utc>,
    w: &Words,
) -> (Vec<String>, bool) {
    let Some(hours) = book.hours(service) else {
        let unknown = if service.hours.is_some() {
            w.status.unclear
        } else {
            w.status.unknown
        };
        return (vec![unknown.to_string()], false);
    };
    // The week as read where the card is handed out: the directory's zone.
    let zone = service.zone(&directory.info);
    let view = directory.info.timezone;
    let today = at.with_timezone(&view).date_naive();
    let monday = today - chrono::Days::new(u64::from(today.weekday().num_days_from_monday()));
    let no_holidays = HolidayCalendar::new(None, &[]);
    let days: Vec<(chrono::Weekday, String)> = (0..7)
        .filter_map(|i| monday.checked_add_days(chrono::Days::new(i)))
        .map(|date| {
            let words = day_words(
                date,
                &hours.day_seen_from(zone, view, &no_holidays, date),
                directory.info.clock,
                w,
            );
            (date.weekday(), words)
        })
        .collect();
    let mut lines = Vec::new();
    if days.len() == 7 && days.iter().all(|(_, words)| *words == days[0].1) {
        lines.push(format!("{}: {}", w.every_day, days[0].1));
    } else {
        let mut i = 0;
        while i < days.len() {
            let mut j = i;
            while j + 1 < days.len() && days[j + 1].1 == days[i].1 {
                j += 1;
            }
            let span = if i == j {
                w.weekday(days[i].0).to_string()
            } else {
                format!("{}–{}", w.weekday(days[i].0), w.weekday(days[j].0))
            };
            lines.push(format!("{span}: {}", days[i].1));
            i = j + 1;
        }
    }
    (lines, hours.uses_public_holidays())
}

/// The cards' style. Sizes are in ems of the card's own font size, which
/// [`fit`] sets for each card (8 pt, or smaller for a card with much to
/// say).
const CARDS_CSS: &str = "\
* { box-sizing: border-box; }
html, body { margin: 0; padding: 0; color: #000; background: #fff; }
html { font-family: \"DejaVu Sans\", \"Liberation Sans\", Arial, Helvetica, sans-serif; font-size: 8pt; line-height: 1.2; }
.sheet { position: relative; overflow: hidden; break-after: page; page-break-after: always; }
.sheet:last-child { break-after: auto; page-break-after: auto; }
.marks { position: absolute; left: 0; top: 0; }
.card { position: absolute; width: 85mm; height: 55mm; padding: 3.5mm; overflow: hidden; display: flex; flex-direction: column; }
.card .main { flex: 1; overflow: hidden; }
.card p { margin: 0; overflow-wrap: anywhere; }
.card .qr { float: right; width: 19mm; height: 19mm; margin: 0 0 1mm 1.5mm; }
.card .name { font-size: 1.3125em; font-weight: bold; }
.card .offers, .card .foot, .card .note { font-size: 0.875em; }
.card .phone { font-size: 1.625em; font-weight: bold; margin: 0.8mm 0; white-space: nowrap; }
.card .demo { border: 1.5pt solid #000; padding: 0.6mm 1mm; margin-bottom: 1mm; font-weight: bold; display: flow-root; }
.card .foot { border-top: 0.3pt solid #000; padding-top: 0.8mm; display: flex; justify-content: space-between; gap: 2mm; }
@media screen { html { background: #ddd; } .sheet { background: #fff; margin: 5mm auto; } }
";

/// The sheet of cards for these services, one card each, in the order
/// given, as one HTML page. `at` picks the week whose regular hours are
/// shown.
pub fn cards(
    directory: &Directory,
    services: &[&Service],
    at: DateTime<Utc>,
    lang: Lang,
    paper: Paper,
    book: &mut HoursBook,
) -> String {
    let w = lang.words();
    let (width, height) = paper.size_mm();
    let (columns, _) = paper.grid();
    let (x0, y0) = paper.origin_mm();
    let css = format!(
        "@page {{ size: {}mm {}mm; margin: 0; }}\n.sheet, .marks {{ width: {}mm; height: {}mm; }}\n{CARDS_CSS}",
        mm(width),
        mm(height),
        mm(width),
        mm(height)
    );
    let mut out = head(lang.code(), w.cards_title, &css);
    out.push_str("<body>\n");
    let crisis = directory
        .info
        .crisis_lines
        .first()
        .map(|l| format!("{}: {}", w.crisis_short, one_line(&l.phone)));
    for page in services.chunks(paper.per_page()) {
        out.push_str("<div class=\"sheet\">\n");
        out.push_str(&cut_marks(paper));
        out.push('\n');
        for (i, service) in page.iter().enumerate() {
            let left = x0 + (i % columns) as f64 * CARD_WIDTH_MM;
            let top = y0 + (i / columns) as f64 * CARD_HEIGHT_MM;
            let sheet = Sheet {
                directory,
                at,
                w,
                crisis: crisis.as_deref(),
            };
            out.push_str(&card(&sheet, service, (left, top), book));
        }
        out.push_str("</div>\n");
    }
    out.push_str("</body>\n</html>\n");
    out
}

/// What every card of a sheet shares.
struct Sheet<'a> {
    directory: &'a Directory,
    at: DateTime<Utc>,
    w: &'static Words,
    /// The first crisis line, for the footer.
    crisis: Option<&'a str>,
}

/// A card's paragraphs, each with its class: the demo mark, name, offers,
/// phone, address, the week's hours and the holiday note.
fn paragraphs(
    sheet: &Sheet<'_>,
    service: &Service,
    book: &mut HoursBook,
) -> Vec<(&'static str, Para)> {
    let w = sheet.w;
    let mut paras = Vec::new();
    if sheet.directory.info.demo {
        let mut demo = Para::new(w.demo_short, 8.0);
        demo.bold = true;
        demo.around_mm = 1.2 + 1.06 + 1.0;
        demo.inset_mm = 2.0 + 1.06;
        paras.push(("demo", demo));
    }
    let mut name = Para::new(&one_line(&service.name), 10.5);
    name.bold = true;
    paras.push(("name", name));
    let offered = offers(sheet.directory, service, w);
    if !offered.is_empty() {
        paras.push(("offers", Para::new(&offered, 7.0)));
    }
    let mut phone = Para::new(&one_line(&service.phone), 13.0);
    phone.bold = true;
    phone.nowrap = true;
    phone.around_mm = 1.6;
    paras.push(("phone", phone));
    if let Some(address) = service.address.as_deref().map(one_line) {
        if !address.is_empty() {
            paras.push(("address", Para::new(&address, 8.0)));
        }
    }
    let (lines, holidays) = week_lines(sheet.directory, service, book, sheet.at, w);
    for line in lines {
        paras.push(("hours", Para::new(&line, 8.0)));
    }
    if holidays {
        paras.push(("note", Para::new(w.holidays_differ, 7.0)));
    }
    paras
}

/// One card at `(left, top)` millimetres on the page: its text wrapped,
/// and made smaller as a whole where it would not fit above the footer
/// ([`fit::scale`]); on the smallest scale the line of what it offers is
/// left out before anything else.
fn card(
    sheet: &Sheet<'_>,
    service: &Service,
    (left, top): (f64, f64),
    book: &mut HoursBook,
) -> String {
    let w = sheet.w;
    let phone = one_line(&service.phone);
    let qr = qr::tel_uri(&service.phone)
        .and_then(|tel| qr::svg(&tel, "qr", &esc(&format!("{} {phone}", w.scan))));
    let verified = match service.verified {
        Some(date) => format!("{} {date}", w.verified),
        None => w.never_verified.to_string(),
    };
    let crisis = sheet.crisis.unwrap_or_default();
    let footer = |s: f64| fit::footer_height(crisis, &verified, 7.0, s);
    let mut paras = paragraphs(sheet, service, book);
    let just = |paras: &[(&str, Para)]| paras.iter().map(|(_, p)| p.clone()).collect::<Vec<_>>();
    let mut scale = fit::scale(&just(&paras), qr.is_some(), footer);
    let smallest = fit::SCALES[fit::SCALES.len() - 1];
    if scale <= smallest {
        paras.retain(|(class, _)| *class != "offers");
        scale = fit::scale(&just(&paras), qr.is_some(), footer);
    }
    let qr_bottom = if qr.is_some() { fit::QR_HEIGHT_MM } else { 0.0 };
    let mut out = format!(
        "<section class=\"card\" style=\"left: {}mm; top: {}mm; font-size: {}pt\">\n<div class=\"main\">\n",
        mm(left),
        mm(top),
        mm(fit::BASE_PT * scale)
    );
    if let Some(svg) = &qr {
        out.push_str(svg);
        out.push('\n');
    }
    for (class, para) in &paras {
        let own = para.pt * scale;
        let pt = fit::size(para, scale, 0.0, qr_bottom);
        let style = if pt < own - 0.005 {
            format!(" style=\"font-size: {}pt\"", mm(pt))
        } else {
            String::new()
        };
        out.push_str(&format!(
            "<p class=\"{class}\"{style}>{}</p>\n",
            esc(&para.text)
        ));
    }
    out.push_str("</div>\n<p class=\"foot\">");
    if !crisis.is_empty() {
        out.push_str(&format!("<span>{}</span>", esc(crisis)));
    }
    out.push_str(&format!(
        "<span>{}</span></p>\n</section>\n",
        esc(&verified)
    ));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn grids_fit_inside_the_printable_area() {
        for paper in [Paper::A4, Paper::Letter] {
            let (x0, y0) = paper.origin_mm();
            // At least 10 mm of margin on every side: room for marks that
            // stay 5 mm from the edge.
            assert!(x0 >= 10.0 && y0 >= 10.0, "{paper:?}: {x0} {y0}");
        }
        assert_eq!(Paper::A4.per_page(), 10);
        assert_eq!(Paper::Letter.per_page(), 8);
        assert_eq!(mm(22.95), "22.95");
        assert_eq!(mm(20.0), "20");
        assert_eq!(mm(29.7), "29.7");
    }

    #[test]
    fn cut_marks_stay_off_the_cards_and_the_edges() {
        let svg = cut_marks(Paper::A4);
        // Three vertical cut lines, six horizontal, each marked twice.
        assert_eq!(svg.matches("<line").count(), 2 * 3 + 2 * 6);
        // A4: cards from y = 11 to 286; marks from 9 to 5 and 288 to 292.
        assert!(
            svg.contains("<line x1=\"20\" y1=\"9\" x2=\"20\" y2=\"5\"/>"),
            "{svg}"
        );
        assert!(
            svg.contains("<line x1=\"20\" y1=\"288\" x2=\"20\" y2=\"292\"/>"),
            "{svg}"
        );
    }
}
