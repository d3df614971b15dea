//! `deflect coverage` for people and scripts: the table with a week strip
//! per need with gaps, and the JSON of docs/CLI.md. The printable page is
//! [`crate::render::coverage_html`].

use std::fmt::Write as _;
use std::io::{self, Write};

use chrono::DateTime;
use chrono_tz::Tz;
use serde::Serialize;

use crate::coverage::{Cell, Coverage, Gap, Measured, Week, HALVES};
use crate::directory::{Clock, Directory};
use crate::places::format_distance;
use crate::render::{rfc3339, time_of_day, DEMO_BANNER};
use crate::sanitize::one_line;

/// What a run shows beside the figures: the directory's name, clock and
/// units, and whether it is the demo.
pub struct Shown<'a> {
    /// The directory measured.
    pub directory: &'a Directory,
    /// The figures.
    pub coverage: &'a Coverage,
    /// Plain ASCII in the strips and arrows.
    pub ascii: bool,
}

/// A length of time: `45 h`, `45 h 30 min`, `20 min`.
pub fn duration(minutes: u32) -> String {
    match (minutes / 60, minutes % 60) {
        (h, 0) => format!("{h} h"),
        (0, m) => format!("{m} min"),
        (h, m) => format!("{h} h {m} min"),
    }
}

/// Open time as a share of the week: `45 h of 168 (27%)`. A share is
/// never rounded to 0% or 100% when it is not.
pub fn open_words(m: &Measured, week: &Week) -> String {
    format!(
        "{} of {} ({})",
        duration(m.open_minutes),
        duration(week.minutes).trim_end_matches(" h"),
        percent(m.open_minutes, week.minutes)
    )
}

fn percent(part: u32, whole: u32) -> String {
    if whole == 0 {
        return "0%".into();
    }
    let p = (f64::from(part) * 100.0 / f64::from(whole)).round() as u32;
    let p = match p {
        0 if part > 0 => 1,
        100 if part < whole => 99,
        p => p,
    };
    format!("{p}%")
}

/// A moment of the week as a person reads it: `Fri 17:00`, `Fri 5:00 PM`.
pub fn moment(t: &DateTime<Tz>, clock: Clock) -> String {
    format!("{} {}", t.format("%a"), time_of_day(t, clock))
}

/// A gap in words: `Fri 17:00 → end of week, 55 h`; `start of week` and
/// `end of week` where it goes on past the week.
pub fn gap_words(gap: &Gap, week: &Week, clock: Clock, ascii: bool) -> String {
    let from = if gap.from == 0 && gap.continues_before {
        "start of week".to_string()
    } else {
        moment(&week.at(gap.from), clock)
    };
    let to = if gap.to == week.minutes && gap.continues_after {
        "end of week".to_string()
    } else {
        moment(&week.at(gap.to), clock)
    };
    let arrow = if ascii { "->" } else { "→" };
    format!("{from} {arrow} {to}, {}", duration(gap.minutes()))
}

/// The week in words: `Mon 7 Dec to Sun 13 Dec 2026`.
pub fn week_words(week: &Week) -> String {
    let days = week.days();
    format!(
        "{} to {}",
        days[0].format("%a %-d %b"),
        days[6].format("%a %-d %b %Y")
    )
}

/// The public holidays of the week: `Thu 26 Nov`, or empty.
pub fn holiday_words(week: &Week) -> String {
    week.holidays
        .iter()
        .map(|d| d.format("%a %-d %b").to_string())
        .collect::<Vec<_>>()
        .join(", ")
}

/// The radius in the directory's units: `10 mi`.
pub fn radius_words(shown: &Shown<'_>) -> String {
    format_distance(shown.coverage.radius_km, shown.directory.info.units)
}

/// The table, then a week strip for each need with a gap.
///
/// # Errors
/// When the output cannot be written.
pub fn table(out: &mut dyn Write, shown: &Shown<'_>) -> io::Result<()> {
    let coverage = shown.coverage;
    let week = &coverage.week;
    let info = &shown.directory.info;
    let mut text = String::new();
    let _ = writeln!(
        text,
        "{}: coverage, week of {} ({}, {} hours), within {} of each place",
        one_line(&info.name),
        week_words(week),
        week.zone.name(),
        week.minutes / 60,
        radius_words(shown)
    );
    if info.demo {
        let _ = writeln!(text, "{DEMO_BANNER}");
    }
    let holidays = holiday_words(week);
    if !holidays.is_empty() {
        let _ = writeln!(text, "Public holidays this week: {holidays}");
    }
    for (place, results) in coverage.request.origins.iter().zip(&coverage.results) {
        let _ = writeln!(text, "\n{}", one_line(&place.name));
        let mut rows = vec![[
            "Need".to_string(),
            "Services".to_string(),
            "Open".to_string(),
            "Unknown only".to_string(),
            "Longest gap".to_string(),
            "Night gap".to_string(),
        ]];
        for (row, m) in coverage.request.needs.iter().zip(results) {
            rows.push([
                one_line(&row.name),
                m.services.to_string(),
                format!(
                    "{} ({})",
                    duration(m.open_minutes),
                    percent(m.open_minutes, week.minutes)
                ),
                if m.unknown_minutes == 0 {
                    "-".to_string()
                } else {
                    duration(m.unknown_minutes)
                },
                m.longest_gap().map_or_else(
                    || "none".to_string(),
                    |g| gap_words(g, week, info.clock, shown.ascii),
                ),
                duration(m.night_gap_minutes),
            ]);
        }
        columns(&mut text, &rows);
    }
    strips(&mut text, shown);
    out.write_all(text.as_bytes())
}

/// Rows of cells, each column as wide as its widest cell; the second
/// column (a count) aligned right.
fn columns(text: &mut String, rows: &[[String; 6]]) {
    let width = |s: &str| unicode_width::UnicodeWidthStr::width(s);
    let mut widths = [0usize; 6];
    for row in rows {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(width(cell));
        }
    }
    for row in rows {
        let mut line = String::from(" ");
        for (i, cell) in row.iter().enumerate() {
            let pad = " ".repeat(widths[i] - width(cell));
            if i == 1 {
                let _ = write!(line, " {pad}{cell}");
            } else {
                let _ = write!(line, " {cell}{pad}");
            }
        }
        let _ = writeln!(text, "{}", line.trim_end());
    }
}

/// The week strips: for each origin and need with a gap, seven lines of
/// one character per wall-clock half hour, under an hour ruler.
fn strips(text: &mut String, shown: &Shown<'_>) {
    let coverage = shown.coverage;
    let week = &coverage.week;
    let (open, unknown, closed) = if shown.ascii {
        ('#', '?', '.')
    } else {
        ('█', '░', '·')
    };
    let mut first = true;
    for (place, results) in coverage.request.origins.iter().zip(&coverage.results) {
        for (row, m) in coverage.request.needs.iter().zip(results) {
            if m.gaps.is_empty() {
                continue;
            }
            if first {
                let _ = writeln!(
                    text,
                    "\nWeek strips: {open} open, {unknown} only services of unknown hours, {closed} nothing open; one character is half an hour"
                );
                first = false;
            }
            let _ = writeln!(
                text,
                "\n{}: {}, open {}",
                one_line(&place.name),
                one_line(&row.name),
                open_words(m, week)
            );
            let _ = writeln!(text, "{}", ruler());
            for (day, date) in week.days().iter().enumerate() {
                let mut line = format!("{}  ", date.format("%a"));
                for half in 0..HALVES {
                    line.push(match m.halves[day][half] {
                        Cell::Open => open,
                        Cell::Unknown => unknown,
                        Cell::Closed => closed,
                        Cell::Missing => ' ',
                    });
                }
                if week.is_holiday(day) {
                    line.push_str("  public holiday");
                }
                let _ = writeln!(text, "{}", line.trim_end());
            }
        }
    }
}

/// The hours above a strip: `00` at its first half hour, then every three
/// hours.
fn ruler() -> String {
    let mut line = " ".repeat(5);
    for hour in (0..24).step_by(3) {
        let _ = write!(line, "{hour:02}    ");
    }
    line.trim_end().to_string()
}

/// The JSON of `coverage --format json` (docs/CLI.md).
#[derive(Serialize)]
struct Json<'a> {
    directory: &'a str,
    demo: bool,
    week_of: String,
    timezone: &'a str,
    week_hours: f64,
    holidays: Vec<String>,
    radius_km: f64,
    origins: Vec<JsonOrigin<'a>>,
}

#[derive(Serialize)]
struct JsonOrigin<'a> {
    name: &'a str,
    lat: f64,
    lon: f64,
    needs: Vec<JsonNeed<'a>>,
}

#[derive(Serialize)]
struct JsonNeed<'a> {
    need: &'a str,
    name: &'a str,
    categories: &'a [String],
    services: usize,
    open_hours: f64,
    unknown_hours: f64,
    week_hours: f64,
    night_gap_hours: f64,
    longest_gap: Option<JsonGap>,
    gaps: Vec<JsonGap>,
    by_hour: &'a [[Option<u32>; 24]; 7],
}

#[derive(Serialize)]
struct JsonGap {
    from: String,
    to: String,
    hours: f64,
    continues_before: bool,
    continues_after: bool,
}

/// Minutes as hours, to 4 decimals (a minute is 0.0167 h).
fn hours(minutes: u32) -> f64 {
    (f64::from(minutes) / 60.0 * 10_000.0).round() / 10_000.0
}

fn json_gap(gap: &Gap, week: &Week) -> JsonGap {
    JsonGap {
        from: rfc3339(&week.at(gap.from)),
        to: rfc3339(&week.at(gap.to)),
        hours: hours(gap.minutes()),
        continues_before: gap.continues_before,
        continues_after: gap.continues_after,
    }
}

/// The JSON object.
///
/// # Errors
/// When the output cannot be written.
pub fn json(out: &mut dyn Write, shown: &Shown<'_>) -> io::Result<()> {
    let coverage = shown.coverage;
    let week = &coverage.week;
    let info = &shown.directory.info;
    let origins = coverage
        .request
        .origins
        .iter()
        .zip(&coverage.results)
        .map(|(place, results)| JsonOrigin {
            name: &place.name,
            lat: place.origin.lat,
            lon: place.origin.lon,
            needs: coverage
                .request
                .needs
                .iter()
                .zip(results)
                .map(|(row, m)| JsonNeed {
                    need: &row.label,
                    name: &row.name,
                    categories: &row.need.categories,
                    services: m.services,
                    open_hours: hours(m.open_minutes),
                    unknown_hours: hours(m.unknown_minutes),
                    week_hours: hours(week.minutes),
                    night_gap_hours: hours(m.night_gap_minutes),
                    longest_gap: m.longest_gap().map(|g| json_gap(g, week)),
                    gaps: m.gaps.iter().map(|g| json_gap(g, week)).collect(),
                    by_hour: &m.by_hour,
                })
                .collect(),
        })
        .collect();
    let json = Json {
        directory: &info.name,
        demo: info.demo,
        week_of: week.monday.to_string(),
        timezone: week.zone.name(),
        week_hours: hours(week.minutes),
        holidays: week.holidays.iter().map(|d| d.to_string()).collect(),
        radius_km: (coverage.radius_km * 100.0).round() / 100.0,
        origins,
    };
    let value = serde_json::to_value(&json).map_err(io::Error::other)?;
    crate::render::write_json(out, &value)
}

/// The weekday and date of a day of the week: `Mon 7 Dec`.
pub fn day_words(week: &Week, day: usize) -> String {
    week.days()[day.min(6)].format("%a %-d %b").to_string()
}
