//! The programme report: counts over one or more records files, with small
//! counts suppressed on request.
//!
//! Days and hours are those of the directory's timezone. Engagement is
//! joined within each file (each file hashes codes with its own key): a
//! referral in the window is engaged when its file holds an engagement line
//! with the same hash, whenever that line was written.
//!
//! Lists are ordered by name, never by size, so that the order of
//! suppressed counts says nothing about them.

use std::collections::{BTreeMap, HashSet};
use std::fmt::Write as _;

use chrono::{Datelike, NaiveDate, Timelike};
use chrono_tz::Tz;
use serde::ser::{SerializeMap, Serializer};
use serde::Serialize;

use super::model::Record;
use super::store::Log;
use crate::directory::model::PATHWAYS;
use crate::sanitize::{is_forbidden, one_line};

/// The key for a referral with no pathway or no station.
pub const UNSPECIFIED: &str = "unspecified";

/// Weekday keys, Monday first.
pub const WEEKDAYS: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];

/// Which records count.
#[derive(Debug, Clone, Copy)]
pub struct Window {
    /// The first day counted, inclusive.
    pub since: Option<NaiveDate>,
    /// The last day counted, inclusive.
    pub until: Option<NaiveDate>,
    /// The zone of days and hours.
    pub tz: Tz,
}

impl Window {
    fn holds(&self, day: NaiveDate) -> bool {
        self.since.is_none_or(|s| day >= s) && self.until.is_none_or(|u| day <= u)
    }
}

/// The exact counts.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Tally {
    /// Referrals in the window.
    pub referrals: u64,
    /// Of those, warm handoffs.
    pub warm_handoffs: u64,
    /// Of those, engaged.
    pub engaged: u64,
    /// By pathway (every pathway, and `unspecified` when any has none).
    pub by_pathway: BTreeMap<String, u64>,
    /// By category: a referral counts once under each of its categories.
    pub by_category: BTreeMap<String, u64>,
    /// By service: a referral counts once under each of its services.
    pub by_service: BTreeMap<String, u64>,
    /// By station.
    pub by_station: BTreeMap<String, u64>,
    /// By local hour of day, 0 to 23.
    pub by_hour: [u64; 24],
    /// By local weekday, Monday first.
    pub by_weekday: [u64; 7],
    /// Gaps by their needs (sorted category ids) and local hour.
    pub gaps: BTreeMap<(Vec<String>, u32), u64>,
    /// Gaps by place (only station and postcode names are recorded).
    pub gaps_by_place: BTreeMap<String, u64>,
}

/// Counts the records of `logs` in `window`.
pub fn tally(logs: &[Log], window: &Window) -> Tally {
    let mut t = Tally::default();
    for pathway in PATHWAYS {
        t.by_pathway.insert((*pathway).to_string(), 0);
    }
    for log in logs {
        let engaged: HashSet<&str> = log
            .records
            .iter()
            .filter_map(|r| match r {
                Record::Engaged(e) => Some(e.code_hmac.as_str()),
                _ => None,
            })
            .collect();
        for record in &log.records {
            let local = record.hour().with_timezone(&window.tz);
            if !window.holds(local.date_naive()) {
                continue;
            }
            let hour = local.hour();
            match record {
                Record::Referral(r) => {
                    t.referrals += 1;
                    t.warm_handoffs += u64::from(r.warm_handoff);
                    t.engaged += u64::from(engaged.contains(r.code_hmac.as_str()));
                    bump(
                        &mut t.by_pathway,
                        r.pathway.as_deref().unwrap_or(UNSPECIFIED),
                    );
                    for c in &r.categories {
                        bump(&mut t.by_category, c);
                    }
                    for s in &r.services {
                        bump(&mut t.by_service, s);
                    }
                    bump(
                        &mut t.by_station,
                        r.station.as_deref().unwrap_or(UNSPECIFIED),
                    );
                    if let Some(n) = t.by_hour.get_mut(hour as usize) {
                        *n += 1;
                    }
                    if let Some(n) = t
                        .by_weekday
                        .get_mut(local.weekday().num_days_from_monday() as usize)
                    {
                        *n += 1;
                    }
                }
                Record::Gap(g) => {
                    let mut needs = g.categories.clone();
                    needs.sort();
                    needs.dedup();
                    *t.gaps.entry((needs, hour)).or_insert(0) += 1;
                    if let Some(place) = &g.place {
                        bump(&mut t.gaps_by_place, place);
                    }
                }
                Record::Engaged(_) => {}
            }
        }
    }
    t
}

fn bump(map: &mut BTreeMap<String, u64>, key: &str) {
    *map.entry(key.to_string()).or_insert(0) += 1;
}

/// A count as shown: exact, or below the suppression threshold.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Count {
    /// The count.
    Exact(u64),
    /// Some count below this number (`<N`).
    Below(u32),
}

impl std::fmt::Display for Count {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Count::Exact(n) => write!(f, "{n}"),
            Count::Below(n) => write!(f, "<{n}"),
        }
    }
}

impl Serialize for Count {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Count::Exact(n) => s.serialize_u64(*n),
            Count::Below(n) => s.serialize_str(&format!("<{n}")),
        }
    }
}

/// The share of referrals engaged.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Share {
    /// No referrals: no share.
    None,
    /// engaged / referrals, rounded to 4 decimals.
    Exact(f64),
    /// A count it comes from is suppressed, so it is too.
    Suppressed,
}

impl Serialize for Share {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Share::None => s.serialize_none(),
            Share::Exact(x) => s.serialize_f64(*x),
            Share::Suppressed => s.serialize_str("suppressed"),
        }
    }
}

/// Keys and counts in the order given (JSON objects keep it).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Counts(pub Vec<(String, Count)>);

impl Serialize for Counts {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(Some(self.0.len()))?;
        for (k, v) in &self.0 {
            map.serialize_entry(k, v)?;
        }
        map.end()
    }
}

/// One row of gaps.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GapRow {
    /// The needs' category ids.
    pub categories: Vec<String>,
    /// The local hour, `00` to `23`.
    pub hour: String,
    /// How many searches found nothing open.
    pub count: Count,
}

/// The report as shown: the shape of `report --format json`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Report {
    /// The first day counted, or null for all.
    pub since: Option<String>,
    /// The last day counted, or null for all.
    pub until: Option<String>,
    /// The zone of days and hours.
    pub timezone: String,
    /// The suppression threshold, if any.
    pub suppress_below: Option<u32>,
    /// Referrals in the window.
    pub referrals: Count,
    /// Warm handoffs among them.
    pub warm_handoffs: Count,
    /// By pathway.
    pub by_pathway: Counts,
    /// By category.
    pub by_category: Counts,
    /// By service.
    pub by_service: Counts,
    /// By station.
    pub by_station: Counts,
    /// By local hour, `00` to `23`.
    pub by_hour: Counts,
    /// By local weekday, `Mon` to `Sun`.
    pub by_weekday: Counts,
    /// Gaps by needs and hour.
    pub gaps: Vec<GapRow>,
    /// Gaps by place.
    pub gaps_by_place: Counts,
    /// Referrals in the window whose person arrived.
    pub engaged: Count,
    /// `engaged / referrals`; null with no referrals.
    pub engaged_share: Share,
}

/// Applies suppression to a tally.
pub fn report(t: &Tally, window: &Window, suppress_below: Option<u32>) -> Report {
    let count = |n: u64| match suppress_below {
        Some(limit) if n < u64::from(limit) => Count::Below(limit),
        _ => Count::Exact(n),
    };
    let counts = |map: &BTreeMap<String, u64>| {
        Counts(map.iter().map(|(k, v)| (k.clone(), count(*v))).collect())
    };
    // Pathways in the order of FORMAT.md, then any other key.
    let mut by_pathway = Counts(
        PATHWAYS
            .iter()
            .map(|p| {
                (
                    (*p).to_string(),
                    count(t.by_pathway.get(*p).copied().unwrap_or(0)),
                )
            })
            .collect(),
    );
    by_pathway.0.extend(
        t.by_pathway
            .iter()
            .filter(|(k, _)| !PATHWAYS.contains(&k.as_str()))
            .map(|(k, v)| (k.clone(), count(*v))),
    );
    let engaged = count(t.engaged);
    let referrals = count(t.referrals);
    let engaged_share = if t.referrals == 0 {
        Share::None
    } else if matches!(engaged, Count::Below(_)) || matches!(referrals, Count::Below(_)) {
        Share::Suppressed
    } else {
        // Counts far below 2^52 are exact as f64.
        #[allow(clippy::cast_precision_loss)]
        let share = t.engaged as f64 / t.referrals as f64;
        Share::Exact((share * 10_000.0).round() / 10_000.0)
    };
    Report {
        since: window.since.map(|d| d.to_string()),
        until: window.until.map(|d| d.to_string()),
        timezone: window.tz.name().to_string(),
        suppress_below,
        referrals,
        warm_handoffs: count(t.warm_handoffs),
        by_pathway,
        by_category: counts(&t.by_category),
        by_service: counts(&t.by_service),
        by_station: counts(&t.by_station),
        by_hour: Counts(
            t.by_hour
                .iter()
                .enumerate()
                .map(|(h, n)| (format!("{h:02}"), count(*n)))
                .collect(),
        ),
        by_weekday: Counts(
            WEEKDAYS
                .iter()
                .zip(t.by_weekday)
                .map(|(d, n)| ((*d).to_string(), count(n)))
                .collect(),
        ),
        gaps: t
            .gaps
            .iter()
            .map(|((needs, hour), n)| GapRow {
                categories: needs.clone(),
                hour: format!("{hour:02}"),
                count: count(*n),
            })
            .collect(),
        gaps_by_place: counts(&t.gaps_by_place),
        engaged,
        engaged_share,
    }
}

impl Report {
    /// The JSON text, with every character that could act on a terminal
    /// escaped (as `render::write_json` does), keys in the report's order.
    ///
    /// # Errors
    /// Never in practice: serialising these types cannot fail.
    pub fn to_json(&self) -> serde_json::Result<String> {
        let text = serde_json::to_string_pretty(self)?;
        let mut safe = String::with_capacity(text.len());
        for c in text.chars() {
            if is_forbidden(c) {
                let _ = write!(safe, "\\u{:04x}", c as u32);
            } else {
                safe.push(c);
            }
        }
        safe.push('\n');
        Ok(safe)
    }

    /// CSV: a header, then one `dimension,key,count` row per count.
    /// Dimensions: `total` (keys `referrals`, `warm_handoffs`, `engaged`,
    /// and `engaged_share`, whose value is a fraction, empty with no
    /// referrals), `pathway`, `category`, `service`, `station`, `hour`,
    /// `weekday`, `gap` (key `categories@HH`, categories joined by `+`),
    /// `gap_place`.
    pub fn to_csv(&self) -> String {
        let mut out = String::from("dimension,key,count\n");
        let mut row = |dimension: &str, key: &str, value: &str| {
            let _ = writeln!(out, "{dimension},{},{value}", csv_field(key));
        };
        row("total", "referrals", &self.referrals.to_string());
        row("total", "warm_handoffs", &self.warm_handoffs.to_string());
        row("total", "engaged", &self.engaged.to_string());
        row("total", "engaged_share", &share_plain(self.engaged_share));
        for (dimension, counts) in [
            ("pathway", &self.by_pathway),
            ("category", &self.by_category),
            ("service", &self.by_service),
            ("station", &self.by_station),
            ("hour", &self.by_hour),
            ("weekday", &self.by_weekday),
        ] {
            for (key, count) in &counts.0 {
                row(dimension, key, &count.to_string());
            }
        }
        for gap in &self.gaps {
            let key = format!("{}@{}", gap.categories.join("+"), gap.hour);
            row("gap", &key, &gap.count.to_string());
        }
        for (key, count) in &self.gaps_by_place.0 {
            row("gap_place", key, &count.to_string());
        }
        out
    }

    /// The report for people.
    pub fn to_table(&self) -> String {
        let mut out = String::new();
        let period = match (&self.since, &self.until) {
            (Some(s), Some(u)) => format!("{s} to {u}"),
            (Some(s), None) => format!("from {s}"),
            (None, Some(u)) => format!("until {u}"),
            (None, None) => "all records".to_string(),
        };
        let _ = writeln!(
            out,
            "Referral records, {period} (days and hours in {})",
            self.timezone
        );
        if let Some(n) = self.suppress_below {
            let _ = writeln!(out, "Counts below {n} are shown as <{n}.");
        }
        let share = match self.engaged_share {
            Share::Exact(x) => format!(" ({:.1}%)", x * 100.0),
            Share::Suppressed => " (share suppressed)".to_string(),
            Share::None => String::new(),
        };
        out.push('\n');
        let totals = [
            ("Referrals", self.referrals.to_string(), String::new()),
            (
                "Warm handoffs",
                self.warm_handoffs.to_string(),
                String::new(),
            ),
            ("Engaged", self.engaged.to_string(), share),
        ];
        section(
            &mut out,
            None,
            totals.iter().map(|(k, v, s)| (*k, v.as_str(), s.as_str())),
        );
        for (title, counts) in [
            ("By pathway", &self.by_pathway),
            ("By category", &self.by_category),
            ("By service", &self.by_service),
            ("By station", &self.by_station),
            ("By hour of day", &self.by_hour),
            ("By weekday", &self.by_weekday),
        ] {
            let shown: Vec<(String, String)> = counts
                .0
                .iter()
                .map(|(k, v)| (one_line(k), v.to_string()))
                .collect();
            section(
                &mut out,
                Some(title),
                shown.iter().map(|(k, v)| (k.as_str(), v.as_str(), "")),
            );
        }
        let gaps: Vec<(String, String)> = self
            .gaps
            .iter()
            .map(|g| {
                let needs = if g.categories.is_empty() {
                    "(any need)".to_string()
                } else {
                    g.categories
                        .iter()
                        .map(|c| one_line(c))
                        .collect::<Vec<_>>()
                        .join(", ")
                };
                (format!("{}:00  {needs}", g.hour), g.count.to_string())
            })
            .collect();
        section(
            &mut out,
            Some("Gaps: no service open, by need and hour"),
            gaps.iter().map(|(k, v)| (k.as_str(), v.as_str(), "")),
        );
        let places: Vec<(String, String)> = self
            .gaps_by_place
            .0
            .iter()
            .map(|(k, v)| (one_line(k), v.to_string()))
            .collect();
        if !places.is_empty() {
            section(
                &mut out,
                Some("Gaps by place"),
                places.iter().map(|(k, v)| (k.as_str(), v.as_str(), "")),
            );
        }
        out
    }
}

/// A titled list of `key  count` lines, counts aligned right, each row
/// with an optional note after its count.
fn section<'a>(
    out: &mut String,
    title: Option<&str>,
    rows: impl Iterator<Item = (&'a str, &'a str, &'a str)>,
) {
    let rows: Vec<(&str, &str, &str)> = rows.collect();
    if let Some(title) = title {
        let _ = writeln!(out, "\n{title}");
    }
    if rows.is_empty() {
        let _ = writeln!(out, "  (none)");
        return;
    }
    let width = |s: &str| unicode_width::UnicodeWidthStr::width(s);
    let key_width = rows.iter().map(|(k, _, _)| width(k)).max().unwrap_or(0);
    let value_width = rows.iter().map(|(_, v, _)| width(v)).max().unwrap_or(0);
    for (key, value, note) in rows {
        let _ = writeln!(
            out,
            "  {key}{}  {}{value}{note}",
            " ".repeat(key_width.saturating_sub(width(key))),
            " ".repeat(value_width.saturating_sub(width(value))),
        );
    }
}

fn share_plain(share: Share) -> String {
    match share {
        Share::None => String::new(),
        Share::Exact(x) => format!("{x}"),
        Share::Suppressed => "suppressed".to_string(),
    }
}

/// One CSV field: control characters shown as escapes, a leading
/// character that spreadsheets read as a formula neutralised with `'`,
/// quoted when it holds a comma or a quote.
fn csv_field(text: &str) -> String {
    let mut text = one_line(text);
    if text.starts_with(['=', '+', '-', '@']) {
        text.insert(0, '\'');
    }
    if text.contains([',', '"']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_fields_are_safe_in_spreadsheets() {
        assert_eq!(csv_field("plain"), "plain");
        assert_eq!(csv_field("a, b"), "\"a, b\"");
        assert_eq!(csv_field("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(csv_field("=HYPERLINK(1)"), "'=HYPERLINK(1)");
        assert_eq!(csv_field("a\u{1b}b\nc"), "a\\u{1b}b c");
    }

    #[test]
    fn an_empty_tally_lists_every_pathway_hour_and_weekday() {
        let window = Window {
            since: None,
            until: None,
            tz: chrono_tz::UTC,
        };
        let r = report(&tally(&[], &window), &window, Some(5));
        assert_eq!(r.by_pathway.0.len(), PATHWAYS.len());
        assert_eq!(r.by_hour.0.len(), 24);
        assert_eq!(r.by_weekday.0[0].0, "Mon");
        assert_eq!(r.engaged_share, Share::None);
        assert_eq!(r.referrals, Count::Below(5));
        let json = r.to_json().unwrap();
        assert!(json.contains("\"engaged_share\": null"), "{json}");
        assert!(json.contains("\"referrals\": \"<5\""), "{json}");
        assert!(
            r.to_table().contains("Referrals      <5"),
            "{}",
            r.to_table()
        );
    }
}
