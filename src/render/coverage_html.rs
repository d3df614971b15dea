//! `coverage --format html`: printable landscape pages (A4 or US Letter),
//! each origin starting a page, six needs to a page, each a 7 × 24 heatmap
//! of the services open hour by hour, with the week, the radius, the
//! directory's name, a legend on every page and the demo warning where it
//! applies. No script, nothing fetched, every value escaped.

use std::fmt::Write as _;
use std::io::{self, Write};

use crate::coverage::{Cell, Measured, NeedRow, Place, Week};
use crate::directory::Clock;
use crate::render::coverage::{
    day_words, duration, gap_words, holiday_words, open_words, radius_words, week_words, Shown,
};
use crate::render::page::head;
use crate::render::svg::{self, HeatCell, Heatmap, Swatch, MISSING};
use crate::render::DEMO_BANNER;
use crate::sanitize::html as esc;

/// Needs on one printed page: three rows of two heatmaps.
pub const NEEDS_PER_PAGE: usize = 6;

/// Nothing open: the colour of a gap.
const NONE: &str = "#d7301f";
/// Nothing open, but a service of unknown hours.
const UNKNOWN: &str = "#fec44f";
/// One, two, three or four, five to nine, ten or more services open.
const OPEN: [(u32, &str, &str); 5] = [
    (1, "#c6dbef", "1"),
    (2, "#9ecae1", "2"),
    (3, "#6baed6", "3–4"),
    (5, "#3182bd", "5–9"),
    (10, "#08519c", "10 or more"),
];

const CSS: &str = "\
@page { size: landscape; margin: 10mm; }
* { box-sizing: border-box; }
html { color: #000; background: #fff; font-family: \"DejaVu Sans\", \"Liberation Sans\", Arial, Helvetica, sans-serif; font-size: 8.5pt; line-height: 1.25; }
body { margin: 0; }
.page { width: 255mm; break-after: page; page-break-after: always; }
.page:last-of-type { break-after: auto; page-break-after: auto; }
.demo { border: 1.5pt solid #000; padding: 1mm 2mm; margin-bottom: 1.5mm; font-weight: bold; }
h1 { font-size: 12pt; margin: 0 0 0.5mm; }
p { margin: 0 0 0.6mm; }
.key { width: 100%; margin: 0.5mm 0 1.5mm; }
.grid { display: grid; grid-template-columns: 1fr 1fr; column-gap: 7mm; row-gap: 2.5mm; }
figure { margin: 0; break-inside: avoid; page-break-inside: avoid; }
h2 { font-size: 10pt; margin: 0; }
.summary { font-size: 7.5pt; }
.gapless { font-weight: bold; }
.none { color: #b00000; font-weight: bold; }
@media screen { body { padding: 8mm; } .page { margin-bottom: 12mm; padding-bottom: 6mm; border-bottom: 1px solid #bbb; } }
";

/// The page.
///
/// # Errors
/// When the output cannot be written.
pub fn page(out: &mut dyn Write, shown: &Shown<'_>) -> io::Result<()> {
    let info = &shown.directory.info;
    let title = format!(
        "Coverage, week of {}: {}",
        week_words(&shown.coverage.week),
        info.name
    );
    let mut html = head("en", &title, CSS);
    html.push_str("<body>\n");
    html.push_str(&svg::defs());
    let coverage = shown.coverage;
    for (place, results) in coverage.request.origins.iter().zip(&coverage.results) {
        let rows: Vec<(&NeedRow, &Measured)> = coverage.request.needs.iter().zip(results).collect();
        let pages = rows.len().div_ceil(NEEDS_PER_PAGE).max(1);
        for (n, chunk) in rows.chunks(NEEDS_PER_PAGE).enumerate() {
            html.push_str("<section class=\"page\">\n");
            header(&mut html, shown, place, (n + 1, pages));
            html.push_str("<div class=\"grid\">\n");
            for (row, measured) in chunk {
                figure(&mut html, shown, row, measured);
            }
            html.push_str("</div>\n</section>\n");
        }
    }
    html.push_str("</body>\n</html>\n");
    out.write_all(html.as_bytes())
}

/// The top of each page: what, where, when, within what distance, and
/// how to read the squares.
fn header(html: &mut String, shown: &Shown<'_>, place: &Place, (n, pages): (usize, usize)) {
    let info = &shown.directory.info;
    let week = &shown.coverage.week;
    if info.demo {
        let _ = writeln!(html, "<p class=\"demo\">{}</p>", esc(DEMO_BANNER));
    }
    let of = if pages > 1 {
        format!(" (page {n} of {pages})")
    } else {
        String::new()
    };
    let _ = writeln!(
        html,
        "<h1>Services open near {}, week of {}{}</h1>",
        esc(&place.name),
        esc(&week_words(week)),
        esc(&of)
    );
    let holidays = match holiday_words(week) {
        h if h.is_empty() => "none".to_string(),
        h => h,
    };
    let _ = writeln!(
        html,
        "<p>Directory: <b>{}</b> · Times in {} ({} hours this week) · Services within <b>{}</b> of {}; \
         phone lines and services without an address count at every place · Public holidays: {}</p>",
        esc(&info.name),
        esc(week.zone.name()),
        week.minutes / 60,
        esc(&radius_words(shown)),
        esc(&place.name),
        esc(&holidays)
    );
    let _ = writeln!(
        html,
        "<p>Each square is one hour of the week; its number is how many matching services are open at some time in that hour; \
         a square cut in two has a half hour with nothing open. Services whose hours are unknown (\u{201c}call first\u{201d}) fill no gap.</p>"
    );
    html.push_str("<div class=\"key\">");
    html.push_str(&svg::legend("Key:", &swatches(), 1150.0));
    html.push_str("</div>\n");
}

fn swatches() -> Vec<Swatch> {
    let mut items = vec![
        Swatch::new(NONE, "nothing open"),
        Swatch::new(UNKNOWN, "? only unknown hours"),
    ];
    for (_, colour, label) in OPEN {
        let label = label.replace(" or more", "+");
        let unit = if label == "1" { "service" } else { "services" };
        items.push(Swatch::new(colour, format!("{label} {unit} open")));
    }
    items.push(Swatch::new(MISSING, "no such hour (clock change)"));
    items
}

/// One need: its name, the figures in words, and its heatmap.
fn figure(html: &mut String, shown: &Shown<'_>, row: &NeedRow, m: &Measured) {
    let week = &shown.coverage.week;
    let clock = shown.directory.info.clock;
    let _ = writeln!(html, "<figure>\n<h2>{}</h2>", esc(&row.name));
    let mut summary = Vec::new();
    if m.open_minutes == 0 {
        summary.push(
            "<span class=\"none\">No matching service is open at any time this week.</span>"
                .to_string(),
        );
    }
    summary.push(format!("Open <b>{}</b>", esc(&open_words(m, week))));
    summary.push(format!(
        "{} matching service{} within reach",
        m.services,
        if m.services == 1 { "" } else { "s" }
    ));
    match m.longest_gap() {
        Some(gap) => summary.push(format!(
            "longest gap: <b>{}</b>",
            esc(&gap_words(gap, week, clock, false))
        )),
        None => summary.push("<span class=\"gapless\">no gap</span>".into()),
    }
    summary.push(format!(
        "nothing open at night (22:00–06:00): {} of {}",
        esc(&duration(m.night_gap_minutes)),
        esc(&duration(night_minutes(week)))
    ));
    if m.unknown_minutes > 0 {
        summary.push(format!(
            "only services of unknown hours: {}",
            esc(&duration(m.unknown_minutes))
        ));
    }
    let _ = writeln!(html, "<p class=\"summary\">{}</p>", summary.join(" · "));
    html.push_str(&svg::heatmap(&heatmap(shown, row, m)));
    html.push_str("</figure>\n");
}

/// The minutes of the week between 22:00 and 06:00.
fn night_minutes(week: &Week) -> u32 {
    week.runs()
        .iter()
        .filter(|r| r.is_night())
        .map(|r| r.to - r.from)
        .sum()
}

fn open_colour(count: u32) -> &'static str {
    OPEN.iter()
        .rev()
        .find(|(from, _, _)| count >= *from)
        .map_or(NONE, |(_, colour, _)| colour)
}

fn heatmap(shown: &Shown<'_>, row: &NeedRow, m: &Measured) -> Heatmap {
    let week = &shown.coverage.week;
    let mut cells = Vec::with_capacity(7);
    for day in 0..7 {
        let mut line = Vec::with_capacity(24);
        for hour in 0..24 {
            line.push(cell(week, m, day, hour));
        }
        cells.push(line);
    }
    Heatmap {
        title: format!("{}: services open by hour", row.name),
        rows: (0..7).map(|d| day_words(week, d)).collect(),
        notes: (0..7)
            .map(|d| {
                if week.is_holiday(d) {
                    "holiday".to_string()
                } else {
                    String::new()
                }
            })
            .collect(),
        cells,
        axis: format!("hour of day ({})", week.zone.name()),
        hours: (0..24)
            .map(|h| {
                let t = chrono::NaiveTime::from_hms_opt(h, 0, 0).unwrap_or_default();
                match shown.directory.info.clock {
                    Clock::H12 => t.format("%-I %p").to_string(),
                    Clock::H24 => t.format("%H:%M").to_string(),
                }
            })
            .collect(),
    }
}

fn cell(week: &Week, m: &Measured, day: usize, hour: usize) -> HeatCell {
    let when = format!("{} {hour:02}:00–{:02}:00", day_words(week, day), hour + 1);
    let gap_fill = |half: Cell| match half {
        Cell::Open | Cell::Missing => None,
        Cell::Unknown => Some(UNKNOWN.to_string()),
        Cell::Closed => Some(NONE.to_string()),
    };
    match (m.hours[day][hour], m.by_hour[day][hour]) {
        (_, None) | (Cell::Missing, _) => HeatCell {
            fill: MISSING.into(),
            text: String::new(),
            tip: format!("{when}: does not occur (the clocks change)"),
            halves: [None, None],
        },
        (Cell::Open, Some(count)) => HeatCell {
            fill: open_colour(count).into(),
            text: count.to_string(),
            tip: format!(
                "{when}: {count} service{} open",
                if count == 1 { "" } else { "s" }
            ),
            halves: [
                gap_fill(m.halves[day][hour * 2]),
                gap_fill(m.halves[day][hour * 2 + 1]),
            ],
        },
        (Cell::Unknown, _) => HeatCell {
            fill: UNKNOWN.into(),
            text: "?".into(),
            tip: format!("{when}: nothing open; only services of unknown hours"),
            halves: [None, None],
        },
        (Cell::Closed, _) => HeatCell {
            fill: NONE.into(),
            text: String::new(),
            tip: format!("{when}: nothing open"),
            halves: [None, None],
        },
    }
}
