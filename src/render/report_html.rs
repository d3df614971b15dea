//! `report --format html`: the programme report as printable landscape
//! pages a manager can print or send, with the same figures as the table
//! and charts drawn by [`crate::render::svg`]: referrals by month and
//! pathway, referrals by need, engagement rate by month, and gap searches
//! by hour of week. Suppression applies to every chart: a suppressed count
//! is a hatched stub labelled "fewer than N", never drawn at a value. No
//! script, nothing fetched, every value escaped.

use std::fmt::Write as _;
use std::io::{self, Write};

use crate::records::report::{Count, Counts, MonthRow, Report, Share, WEEKDAYS};
use crate::render::page::head;
use crate::render::svg::{self, Bar, HeatCell, Heatmap, Point, Stacked, Swatch, Value, HATCH};
use crate::render::DEMO_BANNER;
use crate::sanitize::html as esc;

/// Gap searches: none, then more and more.
const GAP_COLOURS: [(u64, &str); 5] = [
    (1, "#fdd0a2"),
    (2, "#fdae6b"),
    (5, "#fd8d3c"),
    (10, "#e6550d"),
    (25, "#a63603"),
];
const NO_GAP: &str = "#f2f2f2";

const CSS: &str = "\
@page { size: landscape; margin: 10mm; }
* { box-sizing: border-box; }
html { color: #000; background: #fff; font-family: \"DejaVu Sans\", \"Liberation Sans\", Arial, Helvetica, sans-serif; font-size: 9pt; line-height: 1.3; }
body { margin: 0; max-width: 255mm; }
.demo { border: 1.5pt solid #000; padding: 1mm 2mm; margin-bottom: 2mm; font-weight: bold; }
h1 { font-size: 15pt; margin: 0 0 1mm; }
h2 { font-size: 11pt; margin: 0 0 1mm; }
p { margin: 0 0 1mm; }
.totals { display: flex; gap: 8mm; margin: 2mm 0 3mm; }
.totals div { border-left: 2pt solid #0072B2; padding-left: 2mm; }
.totals b { display: block; font-size: 15pt; }
.grid { display: grid; grid-template-columns: 1fr 1fr; column-gap: 8mm; row-gap: 4mm; }
figure { margin: 0; break-inside: avoid; page-break-inside: avoid; }
.note { font-size: 8pt; color: #333; }
.tables { break-before: page; page-break-before: always; columns: 2; column-gap: 8mm; }
table { border-collapse: collapse; margin: 0 0 4mm; break-inside: avoid; page-break-inside: avoid; width: 100%; }
caption { text-align: left; font-weight: bold; font-size: 10pt; padding-bottom: 1mm; }
th, td { text-align: left; padding: 0.4mm 2mm 0.4mm 0; border-bottom: 0.5pt solid #ccc; vertical-align: top; }
td.n, th.n { text-align: right; }
@media screen { body { padding: 8mm; } }
";

/// The page.
///
/// # Errors
/// When the output cannot be written.
pub fn page(out: &mut dyn Write, report: &Report, demo: bool) -> io::Result<()> {
    let period = period(report);
    let mut html = head("en", &format!("Referral programme report, {period}"), CSS);
    html.push_str("<body>\n");
    html.push_str(&svg::defs());
    if demo {
        let _ = writeln!(html, "<p class=\"demo\">{}</p>", esc(DEMO_BANNER));
    }
    let _ = writeln!(
        html,
        "<h1>Referral programme report, {}</h1>\n<p>From the referral records, which identify no one. Days and hours in {}.</p>",
        esc(&period),
        esc(&report.timezone)
    );
    if let Some(n) = report.suppress_below {
        let _ = writeln!(
            html,
            "<p><b>Counts below {n} are suppressed</b>: shown as \u{201c}fewer than {n}\u{201d} and drawn as hatched stubs that are not to scale, never at their value.</p>"
        );
    }
    totals(&mut html, report);
    html.push_str("<div class=\"grid\">\n");
    by_month_chart(&mut html, report);
    by_need_chart(&mut html, report);
    engagement_chart(&mut html, report);
    gaps_chart(&mut html, report);
    html.push_str("</div>\n");
    tables(&mut html, report);
    html.push_str("</body>\n</html>\n");
    out.write_all(html.as_bytes())
}

fn period(report: &Report) -> String {
    match (&report.since, &report.until) {
        (Some(s), Some(u)) => format!("{s} to {u}"),
        (Some(s), None) => format!("from {s}"),
        (None, Some(u)) => format!("until {u}"),
        (None, None) => "all records".to_string(),
    }
}

/// A count in words: `12`, `fewer than 5`.
fn words(count: Count) -> String {
    value(count).words()
}

fn value(count: Count) -> Value {
    match count {
        Count::Exact(n) => Value::Exact(n as f64),
        Count::Below(n) => Value::Suppressed(n),
    }
}

fn share_words(share: Share) -> String {
    match share {
        Share::None => "no referrals".to_string(),
        Share::Exact(x) => format!("{:.1}% of referrals", x * 100.0),
        Share::Suppressed => "share suppressed".to_string(),
    }
}

fn totals(html: &mut String, report: &Report) {
    html.push_str("<div class=\"totals\">\n");
    for (label, count, note) in [
        ("Referrals", report.referrals, String::new()),
        ("Warm handoffs", report.warm_handoffs, String::new()),
        ("Engaged", report.engaged, share_words(report.engaged_share)),
        (
            "Gap searches",
            report.gaps_total,
            "nothing open for the need".to_string(),
        ),
    ] {
        let _ = writeln!(
            html,
            "<div>{}<b>{}</b>{}</div>",
            esc(label),
            esc(&words(count)),
            esc(&note)
        );
    }
    html.push_str("</div>\n");
}

/// The legend of the hatch, where counts are suppressed.
fn hatch_swatch(report: &Report) -> Option<Swatch> {
    report
        .suppress_below
        .map(|n| Swatch::new(HATCH, format!("fewer than {n} (suppressed, not to scale)")))
}

fn month_label(month: &str) -> String {
    chrono::NaiveDate::parse_from_str(&format!("{month}-01"), "%Y-%m-%d")
        .map_or_else(|_| month.to_string(), |d| d.format("%b %Y").to_string())
}

fn empty(html: &mut String, what: &str) {
    let _ = writeln!(
        html,
        "<p class=\"note\">No {} in this period.</p>",
        esc(what)
    );
}

fn by_month_chart(html: &mut String, report: &Report) {
    html.push_str("<figure>\n<h2>Referrals by month and pathway</h2>\n");
    if report.by_month.is_empty() {
        empty(html, "referrals");
        html.push_str("</figure>\n");
        return;
    }
    // Every pathway of any month: `unspecified` only where some referral
    // has none.
    let mut parts: Vec<String> = Vec::new();
    for (pathway, _) in report.by_month.iter().flat_map(|m| &m.by_pathway.0) {
        if !parts.contains(pathway) {
            parts.push(pathway.clone());
        }
    }
    let count = |m: &MonthRow, pathway: &str| {
        m.by_pathway
            .0
            .iter()
            .find(|(p, _)| p == pathway)
            .map_or(Count::Exact(0), |(_, c)| *c)
    };
    // The legend names the pathways drawn in colour in some month; one
    // whose counts are all suppressed is only in the hatched stubs.
    let drawn = |pathway: &str| {
        report
            .by_month
            .iter()
            .any(|m| matches!(count(m, pathway), Count::Exact(n) if n > 0))
    };
    let chart = Stacked {
        columns: report
            .by_month
            .iter()
            .map(|m| month_label(&m.month))
            .collect(),
        parts: parts.clone(),
        colours: parts.iter().map(|p| series(p).to_string()).collect(),
        values: report
            .by_month
            .iter()
            .map(|m| parts.iter().map(|p| value(count(m, p))).collect())
            .collect(),
        totals: report.by_month.iter().map(|m| value(m.referrals)).collect(),
        unit: "referrals".into(),
    };
    html.push_str(&svg::stacked_bars(
        "Referrals by month and pathway",
        &chart,
        480.0,
    ));
    let mut swatches: Vec<Swatch> = parts
        .iter()
        .filter(|p| drawn(p))
        .map(|p| Swatch::new(series(p), p.clone()))
        .collect();
    if let Some(n) = report.suppress_below {
        swatches.push(Swatch::new(
            HATCH,
            format!("pathways with fewer than {n} (not to scale)"),
        ));
    }
    html.push_str(&svg::legend("", &swatches, 480.0));
    html.push_str("<p class=\"note\">Each bar is a month, its height the referrals in it (the number above it); its parts are the pathways.</p>\n</figure>\n");
}

/// A pathway's colour: the same in the bars and the legend.
fn series(pathway: &str) -> &'static str {
    let index = crate::directory::model::PATHWAYS
        .iter()
        .position(|p| *p == pathway)
        .unwrap_or(svg::SERIES.len() - 1);
    svg::SERIES[index.min(svg::SERIES.len() - 1)]
}

fn by_need_chart(html: &mut String, report: &Report) {
    html.push_str("<figure>\n<h2>Referrals by need</h2>\n");
    if report.by_category.0.is_empty() {
        empty(html, "referrals");
    } else {
        let bars: Vec<Bar> = report
            .by_category
            .0
            .iter()
            .map(|(id, count)| Bar {
                label: report.names.category(id).to_string(),
                value: value(*count),
            })
            .collect();
        html.push_str(&svg::bars("Referrals by need", "referrals", &bars, 480.0));
        html.push_str(
            "<p class=\"note\">A referral for several needs counts once under each.</p>\n",
        );
    }
    html.push_str("</figure>\n");
}

fn engagement_chart(html: &mut String, report: &Report) {
    html.push_str("<figure>\n<h2>Engagement rate by month</h2>\n");
    if report.by_month.is_empty() {
        empty(html, "referrals");
        html.push_str("</figure>\n");
        return;
    }
    let columns: Vec<String> = report
        .by_month
        .iter()
        .map(|m| month_label(&m.month))
        .collect();
    let points: Vec<Point> = report
        .by_month
        .iter()
        .map(|m| match m.engaged_share {
            Share::None => Point::None,
            Share::Exact(x) => Point::Share(x),
            Share::Suppressed => Point::Suppressed,
        })
        .collect();
    html.push_str(&svg::line(
        "Engagement rate by month",
        &columns,
        &points,
        480.0,
    ));
    let mut note = "The share of the month's referrals whose person arrived (a partner marked the referral engaged).".to_string();
    if let Some(n) = report.suppress_below {
        let _ = write!(
            note,
            " A month whose referrals or engagements are fewer than {n} is marked \u{201c}suppressed\u{201d}."
        );
    }
    let _ = writeln!(html, "<p class=\"note\">{}</p>\n</figure>", esc(&note));
}

fn gap_colour(n: u64) -> &'static str {
    GAP_COLOURS
        .iter()
        .rev()
        .find(|(from, _)| n >= *from)
        .map_or(NO_GAP, |(_, colour)| colour)
}

fn gaps_chart(html: &mut String, report: &Report) {
    html.push_str("<figure>\n<h2>Gap searches by hour of week</h2>\n");
    let cells: Vec<Vec<HeatCell>> = WEEKDAYS
        .iter()
        .zip(&report.gaps_by_hour_of_week.0)
        .map(|(day, hours)| {
            hours
                .iter()
                .enumerate()
                .map(|(hour, count)| {
                    let when = format!("{day} {hour:02}:00–{:02}:00", hour + 1);
                    let (fill, text) = match count {
                        Count::Exact(0) => (NO_GAP, String::new()),
                        Count::Exact(n) => (gap_colour(*n), n.to_string()),
                        Count::Below(_) => (HATCH, String::new()),
                    };
                    HeatCell {
                        fill: fill.into(),
                        text,
                        tip: format!("{when}: {} gap searches", words(*count)),
                        halves: [None, None],
                    }
                })
                .collect()
        })
        .collect();
    let map = Heatmap {
        title: "Gap searches by hour of week".into(),
        rows: WEEKDAYS.iter().map(|d| (*d).to_string()).collect(),
        notes: Vec::new(),
        cells,
        axis: format!("hour of day ({})", report.timezone),
        hours: svg::hours_24(),
    };
    html.push_str(&svg::heatmap(&map));
    // Only the shades a shown count can take: under suppression, none
    // below the threshold (zero included).
    let shown = |most: u64| report.suppress_below.is_none_or(|n| most >= u64::from(n));
    let mut swatches = Vec::new();
    if shown(0) {
        swatches.push(Swatch::new(NO_GAP, "none"));
    }
    let bins = [
        (1, "1"),
        (4, "2–4"),
        (9, "5–9"),
        (24, "10–24"),
        (u64::MAX, "25 or more"),
    ];
    for ((_, colour), (most, label)) in GAP_COLOURS.iter().zip(bins) {
        if shown(most) {
            swatches.push(Swatch::new(colour, label));
        }
    }
    swatches.extend(hatch_swatch(report));
    html.push_str(&svg::legend("Searches:", &swatches, 480.0));
    html.push_str("<p class=\"note\">When officers searched and found nothing open for the need: each square is one hour of the week, its number the searches then.</p>\n</figure>\n");
}

/// The figures of the table, as tables.
fn tables(html: &mut String, report: &Report) {
    html.push_str("<div class=\"tables\">\n");
    let months = month_rows(report);
    let pairs = |counts: &Counts, name: &dyn Fn(&str) -> String| -> Vec<Vec<String>> {
        counts
            .0
            .iter()
            .map(|(k, v)| vec![name(k), words(*v)])
            .collect()
    };
    let plain = |k: &str| k.to_string();
    let category = |k: &str| report.names.category(k).to_string();
    let service = |k: &str| report.names.service(k).to_string();
    let gaps = gap_rows(report);
    let month_head: &[&str] = &[
        "Month",
        "Referrals",
        "Warm handoffs",
        "Engaged",
        "Gap searches",
    ];
    let all: [Table<'_>; 9] = [
        ("By month", month_head, months, 1),
        (
            "By pathway",
            &["Pathway", "Referrals"],
            pairs(&report.by_pathway, &plain),
            1,
        ),
        (
            "By need",
            &["Need", "Referrals"],
            pairs(&report.by_category, &category),
            1,
        ),
        (
            "By service",
            &["Service", "Referrals"],
            pairs(&report.by_service, &service),
            1,
        ),
        (
            "By station",
            &["Station", "Referrals"],
            pairs(&report.by_station, &plain),
            1,
        ),
        (
            "By hour of day",
            &["Hour", "Referrals"],
            pairs(&report.by_hour, &plain),
            1,
        ),
        (
            "By weekday",
            &["Weekday", "Referrals"],
            pairs(&report.by_weekday, &plain),
            1,
        ),
        (
            "Gap searches by need and hour",
            &["Hour", "Need", "Searches"],
            gaps,
            2,
        ),
        (
            "Gap searches by place (other: coordinates, landmarks, no place)",
            &["Place", "Searches"],
            pairs(&report.gaps_by_place, &plain),
            1,
        ),
    ];
    for (caption, head, rows, labels) in &all {
        table(html, caption, head, rows, *labels);
    }
    html.push_str("</div>\n");
}

/// The rows of the months' table.
fn month_rows(report: &Report) -> Vec<Vec<String>> {
    report
        .by_month
        .iter()
        .map(|m| {
            vec![
                month_label(&m.month),
                words(m.referrals),
                words(m.warm_handoffs),
                words(m.engaged),
                words(m.gaps),
            ]
        })
        .collect()
}

/// The rows of the gaps' table: hour, needs by name, searches.
fn gap_rows(report: &Report) -> Vec<Vec<String>> {
    report
        .gaps
        .iter()
        .map(|g| {
            let needs = report.names.needs(&g.categories, str::to_string);
            vec![format!("{}:00", g.hour), needs, words(g.count)]
        })
        .collect()
}

/// A table: its caption, its heads, its rows, and how many of its first
/// columns are words (the rest are counts).
type Table<'a> = (&'a str, &'a [&'a str], Vec<Vec<String>>, usize);

/// A table whose first `labels` columns are words, the rest counts.
fn table(html: &mut String, caption: &str, head: &[&str], rows: &[Vec<String>], labels: usize) {
    let _ = write!(html, "<table>\n<caption>{}</caption>\n<tr>", esc(caption));
    for (i, h) in head.iter().enumerate() {
        let class = if i >= labels { " class=\"n\"" } else { "" };
        let _ = write!(html, "<th{class}>{}</th>", esc(h));
    }
    html.push_str("</tr>\n");
    if rows.is_empty() {
        let _ = writeln!(html, "<tr><td colspan=\"{}\">(none)</td></tr>", head.len());
    }
    for row in rows {
        html.push_str("<tr>");
        for (i, cell) in row.iter().enumerate() {
            let class = if i >= labels { " class=\"n\"" } else { "" };
            let _ = write!(html, "<td{class}>{}</td>", esc(cell));
        }
        html.push_str("</tr>\n");
    }
    html.push_str("</table>\n");
}
