//! Charts drawn as SVG by deflect itself, for the printable pages of
//! `coverage --format html` and `report --format html`: a 7 × 24 heatmap,
//! horizontal bars, stacked bars, a line and a legend. No script, nothing
//! fetched; every text goes through [`crate::sanitize::html`].
//!
//! A count that must not be shown ([`Value::Suppressed`]) is never drawn at
//! its value: it is a hatched stub of a fixed size, labelled with the
//! threshold ("fewer than 5"). The hatch is defined once per page by
//! [`defs`].

use std::fmt::Write as _;

use crate::sanitize::html as esc;

/// The fill of the hatch that marks suppressed counts.
pub const HATCH: &str = "url(#deflect-hatch)";

/// The fill of a wall-clock hour that does not occur (the clocks skip it).
pub const MISSING: &str = "url(#deflect-missing)";

/// The colours of series, in order (Okabe and Ito's, which colour-blind
/// readers can tell apart), and a grey for "unspecified".
pub const SERIES: [&str; 8] = [
    "#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#999999",
];

const FONT: &str = "font-family=\"DejaVu Sans, Liberation Sans, Arial, sans-serif\"";

/// The patterns every chart of a page uses, in an SVG of no size: put it
/// once at the top of the page.
pub fn defs() -> String {
    "<svg width=\"0\" height=\"0\" style=\"position:absolute\" aria-hidden=\"true\"><defs>\
     <pattern id=\"deflect-hatch\" patternUnits=\"userSpaceOnUse\" width=\"6\" height=\"6\" patternTransform=\"rotate(45)\">\
     <rect width=\"6\" height=\"6\" fill=\"#ffffff\"/><rect width=\"2.5\" height=\"6\" fill=\"#555555\"/></pattern>\
     <pattern id=\"deflect-missing\" patternUnits=\"userSpaceOnUse\" width=\"4\" height=\"4\">\
     <rect width=\"4\" height=\"4\" fill=\"#ffffff\"/><circle cx=\"2\" cy=\"2\" r=\"0.8\" fill=\"#999999\"/></pattern>\
     </defs></svg>\n"
        .to_string()
}

/// A count to draw: its value, or only that it is below a threshold.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Value {
    /// Drawn at its value.
    Exact(f64),
    /// Fewer than this many: drawn as a hatched stub, never at a value.
    Suppressed(u32),
}

impl Value {
    fn exact(self) -> f64 {
        match self {
            Value::Exact(v) => v,
            Value::Suppressed(_) => 0.0,
        }
    }

    /// The value in words: `12`, `fewer than 5`.
    pub fn words(self) -> String {
        match self {
            Value::Exact(v) => number(v),
            Value::Suppressed(n) => format!("fewer than {n}"),
        }
    }
}

/// A number as people read it: no decimals when it is whole.
pub fn number(v: f64) -> String {
    if (v - v.round()).abs() < 1e-9 {
        format!("{}", v.round() as i64)
    } else {
        format!("{v:.1}")
    }
}

/// One entry of a legend: a fill and what it means.
#[derive(Debug, Clone, PartialEq)]
pub struct Swatch {
    /// A colour (`#rrggbb`), [`HATCH`] or [`MISSING`].
    pub fill: String,
    /// What it means.
    pub label: String,
}

impl Swatch {
    /// A swatch.
    pub fn new(fill: &str, label: impl Into<String>) -> Swatch {
        Swatch {
            fill: fill.to_string(),
            label: label.into(),
        }
    }
}

/// A legend: swatches in a row, wrapped to `width`.
pub fn legend(title: &str, items: &[Swatch], width: f64) -> String {
    let mut body = String::new();
    let (mut x, mut y) = (0.0, 16.0);
    if !title.is_empty() {
        let _ = write!(
            body,
            "<text x=\"0\" y=\"{y}\" font-size=\"12\" font-weight=\"bold\">{}</text>",
            esc(title)
        );
        x = text_width(title, 12.0) + 14.0;
    }
    for item in items {
        let w = 20.0 + text_width(&item.label, 12.0) + 18.0;
        if x + w > width && x > 0.0 {
            x = 0.0;
            y += 20.0;
        }
        let _ = write!(
            body,
            "<rect x=\"{x}\" y=\"{}\" width=\"14\" height=\"14\" fill=\"{}\" stroke=\"#444444\" stroke-width=\"0.6\"/>\
             <text x=\"{}\" y=\"{y}\" font-size=\"12\">{}</text>",
            y - 11.5,
            esc(&item.fill),
            x + 19.0,
            esc(&item.label)
        );
        x += w;
    }
    svg(width, y + 6.0, "legend", &body)
}

/// A heatmap of 7 rows (days) by 24 columns (hours).
#[derive(Debug, Clone, PartialEq)]
pub struct Heatmap {
    /// What the chart shows, read by screen readers.
    pub title: String,
    /// The label of each row ("Mon 7 Dec").
    pub rows: Vec<String>,
    /// A note after a row's cells ("holiday"), or empty.
    pub notes: Vec<String>,
    /// Each row's 24 cells.
    pub cells: Vec<Vec<HeatCell>>,
    /// Under the hours: what they are ("hour of day, America/Chicago").
    pub axis: String,
    /// The label of each hour, shown every three hours (`00:00`, `3 AM`).
    pub hours: Vec<String>,
}

/// The hours of a day on a 24-hour clock: `00:00` to `23:00`.
pub fn hours_24() -> Vec<String> {
    (0..24).map(|h| format!("{h:02}:00")).collect()
}

/// One cell of a heatmap.
#[derive(Debug, Clone, PartialEq)]
pub struct HeatCell {
    /// Its fill: a colour, [`HATCH`] or [`MISSING`].
    pub fill: String,
    /// The text in it (a count), or empty.
    pub text: String,
    /// Its description, shown on hover.
    pub tip: String,
    /// A fill over its left or right half (a half hour of another
    /// state), or none.
    pub halves: [Option<String>; 2],
}

/// Whether text on a fill should be white.
fn dark(fill: &str) -> bool {
    let hex = fill.trim_start_matches('#');
    if hex.len() != 6 || !fill.starts_with('#') {
        return false;
    }
    let channel = |i: usize| u32::from_str_radix(&hex[i..i + 2], 16).unwrap_or(255);
    let luma = 299 * channel(0) + 587 * channel(2) + 114 * channel(4);
    luma < 140_000
}

/// Draws a heatmap; cells are 30 × 20 units, hour labels every 3 hours.
pub fn heatmap(map: &Heatmap) -> String {
    let (left, top, cw, ch) = (96.0, 17.0, 30.0, 20.0);
    let note_width = map
        .notes
        .iter()
        .map(|n| text_width(n, 13.0))
        .fold(0.0, f64::max);
    let width = left
        + 24.0 * cw
        + if note_width > 0.0 {
            note_width + 10.0
        } else {
            4.0
        };
    let height = top + ch * map.rows.len() as f64 + 26.0;
    let mut body = String::new();
    for (hour, label) in map.hours.iter().enumerate().step_by(3) {
        let _ = write!(
            body,
            "<text x=\"{}\" y=\"{}\" font-size=\"13\">{}</text>",
            left + hour as f64 * cw + 1.0,
            top - 3.0,
            esc(label)
        );
    }
    for (r, label) in map.rows.iter().enumerate() {
        let y = top + ch * r as f64;
        let _ = write!(
            body,
            "<text x=\"{}\" y=\"{}\" font-size=\"14\" text-anchor=\"end\">{}</text>",
            left - 6.0,
            y + ch * 0.74,
            esc(label)
        );
        for (c, cell) in map.cells.get(r).into_iter().flatten().take(24).enumerate() {
            heat_cell(&mut body, cell, (left + cw * c as f64, y), (cw, ch));
        }
        if let Some(note) = map.notes.get(r).filter(|n| !n.is_empty()) {
            let _ = write!(
                body,
                "<text x=\"{}\" y=\"{}\" font-size=\"13\" font-style=\"italic\">{}</text>",
                left + 24.0 * cw + 6.0,
                y + ch * 0.68,
                esc(note)
            );
        }
    }
    let _ = write!(
        body,
        "<text x=\"{}\" y=\"{}\" font-size=\"13\" text-anchor=\"middle\">{}</text>",
        left + 12.0 * cw,
        height - 7.0,
        esc(&map.axis)
    );
    svg(width, height, &map.title, &body)
}

/// One cell of a heatmap at `(x, y)`, `(cw, ch)` in size: its fill, the
/// fills of its halves, and its text in the half left open.
fn heat_cell(body: &mut String, cell: &HeatCell, (x, y): (f64, f64), (cw, ch): (f64, f64)) {
    let _ = write!(
        body,
        "<rect x=\"{x}\" y=\"{y}\" width=\"{cw}\" height=\"{ch}\" fill=\"{}\" stroke=\"#ffffff\" stroke-width=\"1\"><title>{}</title></rect>",
        esc(&cell.fill),
        esc(&cell.tip)
    );
    let mut centre = x + cw / 2.0;
    for (h, fill) in cell.halves.iter().enumerate() {
        if let Some(fill) = fill {
            let hx = x + cw / 2.0 * h as f64;
            let _ = write!(
                body,
                "<rect x=\"{hx}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"{}\"/>",
                y + 0.5,
                cw / 2.0 - 0.5,
                ch - 1.0,
                esc(fill)
            );
            // The count goes in the other half.
            centre = x + cw / 4.0 * if h == 0 { 3.0 } else { 1.0 };
        }
    }
    if !cell.text.is_empty() {
        let colour = if dark(&cell.fill) {
            "#ffffff"
        } else {
            "#000000"
        };
        let _ = write!(
            body,
            "<text x=\"{centre}\" y=\"{}\" font-size=\"14\" text-anchor=\"middle\" fill=\"{colour}\">{}</text>",
            y + ch * 0.74,
            esc(&cell.text)
        );
    }
}

/// One bar of [`bars`].
#[derive(Debug, Clone, PartialEq)]
pub struct Bar {
    /// Its label, left of it.
    pub label: String,
    /// Its value.
    pub value: Value,
}

/// Horizontal bars, one per line, with the value at the end of each.
pub fn bars(title: &str, unit: &str, items: &[Bar], width: f64) -> String {
    let label_width = items
        .iter()
        .map(|b| text_width(&b.label, 11.0))
        .fold(40.0, f64::max)
        .min(width * 0.45);
    let (left, top, row) = (label_width + 10.0, 6.0, 20.0);
    let plot = (width - left - 110.0).max(60.0);
    let max = items.iter().map(|b| b.value.exact()).fold(0.0, f64::max);
    let (step, top_value) = nice_scale(max);
    let height = top + row * items.len().max(1) as f64 + 36.0;
    let mut body = String::new();
    let bottom = top + row * items.len().max(1) as f64;
    let mut tick = 0.0;
    while tick <= top_value + 1e-9 {
        let x = left + plot * tick / top_value;
        let _ = write!(
            body,
            "<line x1=\"{x}\" y1=\"{top}\" x2=\"{x}\" y2=\"{bottom}\" stroke=\"#dddddd\"/>\
             <text x=\"{x}\" y=\"{}\" font-size=\"10\" text-anchor=\"middle\">{}</text>",
            bottom + 12.0,
            number(tick)
        );
        tick += step;
    }
    for (i, bar) in items.iter().enumerate() {
        let y = top + row * i as f64;
        let _ = write!(
            body,
            "<text x=\"{}\" y=\"{}\" font-size=\"11\" text-anchor=\"end\">{}</text>",
            left - 6.0,
            y + 14.0,
            esc(&clip(&bar.label, label_width, 11.0))
        );
        let (w, fill) = match bar.value {
            Value::Exact(v) => (plot * v / top_value, SERIES[0]),
            Value::Suppressed(_) => (14.0, HATCH),
        };
        let _ = write!(
            body,
            "<rect x=\"{left}\" y=\"{}\" width=\"{w}\" height=\"14\" fill=\"{fill}\" stroke=\"#444444\" stroke-width=\"0.5\"><title>{}: {}</title></rect>\
             <text x=\"{}\" y=\"{}\" font-size=\"11\">{}</text>",
            y + 3.0,
            esc(&bar.label),
            esc(&bar.value.words()),
            left + w + 5.0,
            y + 14.0,
            esc(&bar.value.words())
        );
    }
    let _ = write!(
        body,
        "<line x1=\"{left}\" y1=\"{top}\" x2=\"{left}\" y2=\"{bottom}\" stroke=\"#444444\"/>\
         <text x=\"{}\" y=\"{}\" font-size=\"11\" text-anchor=\"middle\">{}</text>",
        left + plot / 2.0,
        height - 6.0,
        esc(unit)
    );
    svg(width, height, title, &body)
}

/// Vertical bars of several parts each (one column per month, one part
/// per pathway), with the column's total above it.
#[derive(Debug, Clone, PartialEq)]
pub struct Stacked {
    /// The columns' labels, under them.
    pub columns: Vec<String>,
    /// The parts' names (the legend's), bottom first.
    pub parts: Vec<String>,
    /// The parts' colours, as the legend shows them.
    pub colours: Vec<String>,
    /// `values[column][part]`.
    pub values: Vec<Vec<Value>>,
    /// Each column's total, above it.
    pub totals: Vec<Value>,
    /// The unit of the vertical axis ("referrals").
    pub unit: String,
}

/// The height of a hatched stub, in units: the same whatever it stands
/// for.
const STUB: f64 = 9.0;

/// Draws stacked bars, `width` units wide. The parts given exactly are
/// drawn to scale; the suppressed parts of a column together are one
/// hatched stub on top, of a fixed height, whatever they stand for.
pub fn stacked_bars(title: &str, chart: &Stacked, width: f64) -> String {
    let (left, top, plot_h) = (48.0, 22.0, 140.0);
    let max = chart
        .values
        .iter()
        .map(|parts| parts.iter().map(|v| v.exact()).sum::<f64>())
        .chain(chart.totals.iter().map(|t| t.exact()))
        .fold(0.0, f64::max);
    let (step, top_value) = nice_scale(max);
    let bottom = top + plot_h;
    let n = chart.columns.len().max(1) as f64;
    let slot = (width - left - 10.0) / n;
    let bar = (slot * 0.6).min(60.0);
    let mut body = axis_y(left, top, plot_h, step, top_value, &chart.unit, width);
    for (c, label) in chart.columns.iter().enumerate() {
        let x = left + slot * c as f64 + (slot - bar) / 2.0;
        let mut y = bottom;
        let mut suppressed: Vec<&str> = Vec::new();
        let mut below = 0;
        for (p, value) in chart.values.get(c).into_iter().flatten().enumerate() {
            let name = chart.parts.get(p).map_or("", String::as_str);
            let v = match value {
                Value::Exact(v) => *v,
                Value::Suppressed(n) => {
                    suppressed.push(name);
                    below = *n;
                    continue;
                }
            };
            if v <= 0.0 {
                continue;
            }
            let h = plot_h * v / top_value;
            y -= h;
            let _ = write!(
                body,
                "<rect x=\"{x}\" y=\"{y}\" width=\"{bar}\" height=\"{h}\" fill=\"{}\" stroke=\"#ffffff\" stroke-width=\"0.5\"><title>{} {}: {}</title></rect>",
                esc(chart.colours.get(p).map_or(SERIES[0], String::as_str)),
                esc(label),
                esc(name),
                esc(&value.words())
            );
        }
        if !suppressed.is_empty() {
            y -= STUB;
            let _ = write!(
                body,
                "<rect x=\"{x}\" y=\"{y}\" width=\"{bar}\" height=\"{STUB}\" fill=\"{HATCH}\" stroke=\"#444444\" stroke-width=\"0.5\"><title>{}: fewer than {below} each: {}</title></rect>",
                esc(label),
                esc(&suppressed.join(", "))
            );
        }
        if let Some(total) = chart.totals.get(c) {
            let _ = write!(
                body,
                "<text x=\"{}\" y=\"{}\" font-size=\"10\" text-anchor=\"middle\">{}</text>",
                x + bar / 2.0,
                y - 3.0,
                esc(&short_words(*total))
            );
        }
        let _ = write!(
            body,
            "<text x=\"{}\" y=\"{}\" font-size=\"10\" text-anchor=\"middle\">{}</text>",
            x + bar / 2.0,
            bottom + 13.0,
            esc(label)
        );
    }
    svg(width, bottom + 22.0, title, &body)
}

/// A point of [`line()`].
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Point {
    /// Nothing to draw (no referrals that month).
    None,
    /// A share from 0 to 1.
    Share(f64),
    /// A share built on a suppressed count: not drawn, marked as such.
    Suppressed,
}

/// A line of shares (0 to 100%) over labelled columns; a suppressed point
/// is a hatched mark on the axis labelled "suppressed".
pub fn line(title: &str, columns: &[String], points: &[Point], width: f64) -> String {
    let (left, top, plot_h) = (48.0, 14.0, 130.0);
    let bottom = top + plot_h;
    let n = columns.len().max(1) as f64;
    let slot = (width - left - 10.0) / n;
    let mut body = axis_y(
        left,
        top,
        plot_h,
        0.25,
        1.0,
        "engaged, % of referrals",
        width,
    );
    // The line runs through the shares it may show, broken where a month
    // has none or a suppressed one.
    let mut segments: Vec<Vec<(f64, f64)>> = vec![Vec::new()];
    for (c, label) in columns.iter().enumerate() {
        let x = left + slot * (c as f64 + 0.5);
        let _ = write!(
            body,
            "<text x=\"{x}\" y=\"{}\" font-size=\"10\" text-anchor=\"middle\">{}</text>",
            bottom + 13.0,
            esc(label)
        );
        match points.get(c).copied().unwrap_or(Point::None) {
            Point::Share(share) => {
                let y = bottom - plot_h * share.clamp(0.0, 1.0);
                if let Some(segment) = segments.last_mut() {
                    segment.push((x, y));
                }
                let _ = write!(
                    body,
                    "<circle cx=\"{x}\" cy=\"{y}\" r=\"3.5\" fill=\"{}\"><title>{}: {:.0}%</title></circle>\
                     <text x=\"{x}\" y=\"{}\" font-size=\"10\" text-anchor=\"middle\">{:.0}%</text>",
                    SERIES[0],
                    esc(label),
                    share * 100.0,
                    y - 7.0,
                    share * 100.0
                );
            }
            Point::Suppressed => {
                segments.push(Vec::new());
                let _ = write!(
                    body,
                    "<rect x=\"{}\" y=\"{}\" width=\"12\" height=\"{STUB}\" fill=\"{HATCH}\" stroke=\"#444444\" stroke-width=\"0.5\"><title>{}: suppressed</title></rect>\
                     <text x=\"{x}\" y=\"{}\" font-size=\"9\" text-anchor=\"middle\">suppressed</text>",
                    x - 6.0,
                    bottom - STUB,
                    esc(label),
                    bottom - STUB - 3.0
                );
            }
            Point::None => segments.push(Vec::new()),
        }
    }
    let _ = write!(
        body,
        "<path d=\"{}\" fill=\"none\" stroke=\"{}\" stroke-width=\"2\"/>",
        path(&segments),
        SERIES[0]
    );
    svg(width, bottom + 22.0, title, &body)
}

/// An SVG path through the points of each segment, the segments apart.
fn path(segments: &[Vec<(f64, f64)>]) -> String {
    let mut out = String::new();
    for segment in segments {
        for (i, (x, y)) in segment.iter().enumerate() {
            let _ = write!(out, "{}{x} {y} ", if i == 0 { "M" } else { "L" });
        }
    }
    out.trim_end().to_string()
}

/// A vertical axis with gridlines from 0 to `top_value`, and its unit.
fn axis_y(
    left: f64,
    top: f64,
    plot_h: f64,
    step: f64,
    top_value: f64,
    unit: &str,
    width: f64,
) -> String {
    let mut out = String::new();
    let bottom = top + plot_h;
    let percent = unit.contains('%');
    let mut tick = 0.0;
    while tick <= top_value + 1e-9 {
        let y = bottom - plot_h * tick / top_value;
        let text = if percent {
            format!("{:.0}%", tick * 100.0)
        } else {
            number(tick)
        };
        let _ = write!(
            out,
            "<line x1=\"{left}\" y1=\"{y}\" x2=\"{}\" y2=\"{y}\" stroke=\"#dddddd\"/>\
             <text x=\"{}\" y=\"{}\" font-size=\"10\" text-anchor=\"end\">{text}</text>",
            width - 6.0,
            left - 5.0,
            y + 3.5
        );
        tick += step;
    }
    let _ = write!(
        out,
        "<line x1=\"{left}\" y1=\"{top}\" x2=\"{left}\" y2=\"{bottom}\" stroke=\"#444444\"/>\
         <line x1=\"{left}\" y1=\"{bottom}\" x2=\"{}\" y2=\"{bottom}\" stroke=\"#444444\"/>\
         <text x=\"12\" y=\"{}\" font-size=\"11\" text-anchor=\"middle\" transform=\"rotate(-90 12 {})\">{}</text>",
        width - 6.0,
        top + plot_h / 2.0,
        top + plot_h / 2.0,
        esc(unit)
    );
    out
}

/// Gridline steps of 1, 2 or 5 times a power of ten, and the top of the
/// axis: at most about five lines.
fn nice_scale(max: f64) -> (f64, f64) {
    if max <= 0.0 {
        return (1.0, 1.0);
    }
    let raw = max / 5.0;
    let power = 10f64.powf(raw.log10().floor());
    let step = [1.0, 2.0, 5.0, 10.0]
        .iter()
        .map(|m| m * power)
        .find(|s| *s >= raw)
        .unwrap_or(power * 10.0)
        .max(1.0);
    (step, (max / step).ceil() * step)
}

/// A total above a column: the value, or `<N`.
fn short_words(value: Value) -> String {
    match value {
        Value::Exact(v) => number(v),
        Value::Suppressed(n) => format!("<{n}"),
    }
}

/// The width of a text in units, about (a sans-serif's average letter).
pub fn text_width(text: &str, size: f64) -> f64 {
    text.chars().count() as f64 * size * 0.56
}

/// The text cut with an ellipsis to fit a width.
fn clip(text: &str, width: f64, size: f64) -> String {
    let fits = (width / (size * 0.56)) as usize;
    if text.chars().count() <= fits {
        return text.to_string();
    }
    let mut out: String = text.chars().take(fits.saturating_sub(1)).collect();
    out.push('…');
    out
}

/// The SVG element: scaled to the width of its box, with a title.
fn svg(width: f64, height: f64, title: &str, body: &str) -> String {
    format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {width:.0} {height:.0}\" \
         width=\"100%\" role=\"img\" {FONT}><title>{}</title>{body}</svg>\n",
        esc(title)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scales_are_round() {
        assert_eq!(nice_scale(0.0), (1.0, 1.0));
        assert_eq!(nice_scale(7.0), (2.0, 8.0));
        assert_eq!(nice_scale(43.0), (10.0, 50.0));
        assert_eq!(nice_scale(3.0), (1.0, 3.0));
    }

    #[test]
    fn a_suppressed_value_never_shows_its_number() {
        let chart = bars(
            "By need",
            "referrals",
            &[
                Bar {
                    label: "Detox <b>".into(),
                    value: Value::Suppressed(5),
                },
                Bar {
                    label: "Shelter".into(),
                    value: Value::Exact(12.0),
                },
            ],
            600.0,
        );
        assert!(chart.contains("fewer than 5"), "{chart}");
        assert!(chart.contains(HATCH));
        assert!(chart.contains("Detox &lt;b&gt;"));
        assert!(!chart.contains("<b>"));
    }

    #[test]
    fn a_broken_line_restarts_after_a_gap() {
        let segments = vec![
            vec![(1.0, 2.0), (3.0, 4.0)],
            vec![],
            vec![(5.0, 6.0), (7.0, 8.0)],
        ];
        assert_eq!(path(&segments), "M1 2 L3 4 M5 6 L7 8");
        assert_eq!(path(&[]), "");
    }

    #[test]
    fn text_on_dark_fills_is_white() {
        assert!(dark("#08519c"));
        assert!(!dark("#c6dbef"));
        assert!(!dark(HATCH));
    }
}
