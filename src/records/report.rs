//! The programme report: counts over one or more records files, with small
//! counts suppressed on request. The table and CSV are written by
//! [`super::report_text`]; the printable page with charts by
//! [`crate::render::report_html`].
//!
//! Days, months, hours and weekdays are read in each record's own timezone
//! (the directory's, written into the record), or in `--timezone` for every
//! record when it is given; a record written before records carried a
//! timezone is read in the directory's ([`Zones`]). Engagement is joined
//! within each file (each file hashes codes with its own key): a referral
//! in the window is engaged when its file holds an engagement line with the
//! same hash, whenever that line was written; it counts in the referral's
//! month.
//!
//! Lists are ordered by id, never by size, so that the order of suppressed
//! counts says nothing about them.

use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::fmt::Write as _;

use chrono::{Datelike, NaiveDate, Timelike};
use serde::ser::{SerializeMap, Serializer};
use serde::Serialize;

use super::model::{Record, Zones};
use super::store::Log;
use crate::directory::model::PATHWAYS;
use crate::sanitize::is_forbidden;

/// The key for a referral with no pathway or no station.
pub const UNSPECIFIED: &str = "unspecified";

/// The place of a gap searched from anywhere but a station or a postcode
/// (typed coordinates, a landmark, no place at all): never recorded.
pub const OTHER_PLACE: &str = "other";

/// Weekday keys, Monday first.
pub const WEEKDAYS: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];

/// How many referrals and gaps of `logs` no zone can be found for (the
/// report reads no engagement's own day).
pub fn without_zone(logs: &[Log], zones: &Zones) -> usize {
    logs.iter()
        .flat_map(|log| &log.records)
        .filter(|r| !matches!(r, Record::Engaged(_)) && zones.of(r).is_none())
        .count()
}

/// Which records count.
#[derive(Debug, Clone, Copy)]
pub struct Window {
    /// The first day counted, inclusive.
    pub since: Option<NaiveDate>,
    /// The last day counted, inclusive.
    pub until: Option<NaiveDate>,
    /// The zones of days and hours.
    pub zones: Zones,
}

impl Window {
    fn holds(&self, day: NaiveDate) -> bool {
        self.since.is_none_or(|s| day >= s) && self.until.is_none_or(|u| day <= u)
    }
}

/// The exact counts of one month.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct MonthTally {
    /// Referrals.
    pub referrals: u64,
    /// Of those, warm handoffs.
    pub warm_handoffs: u64,
    /// Of those, engaged.
    pub engaged: u64,
    /// Searches that found nothing open.
    pub gaps: u64,
    /// Referrals by pathway (`unspecified` for none).
    pub by_pathway: BTreeMap<String, u64>,
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
    /// By month (`YYYY-MM`).
    pub by_month: BTreeMap<String, MonthTally>,
    /// Gaps in the window.
    pub gaps_total: u64,
    /// Gaps by their needs (sorted category ids) and local hour.
    pub gaps: BTreeMap<(Vec<String>, u32), u64>,
    /// Gaps by place: a station's or postcode's name, else `other`.
    pub gaps_by_place: BTreeMap<String, u64>,
    /// Gaps by local weekday (Monday first) and hour.
    pub gaps_by_hour_of_week: [[u64; 24]; 7],
    /// The names of the zones records were read in.
    pub zones: BTreeSet<String>,
}

/// Counts the records of `logs` in `window`. A record no zone can be found
/// for is not counted (see [`without_zone`]).
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
            let Some(zone) = window.zones.of(record) else {
                continue;
            };
            let local = record.hour().with_timezone(&zone);
            if !window.holds(local.date_naive()) || matches!(record, Record::Engaged(_)) {
                continue;
            }
            t.zones.insert(zone.name().to_string());
            let (hour, day) = (
                local.hour() as usize,
                local.weekday().num_days_from_monday() as usize,
            );
            let month = t
                .by_month
                .entry(local.format("%Y-%m").to_string())
                .or_default();
            match record {
                Record::Referral(r) => {
                    let pathway = r.pathway.as_deref().unwrap_or(UNSPECIFIED);
                    let is_engaged = engaged.contains(r.code_hmac.as_str());
                    t.referrals += 1;
                    t.warm_handoffs += u64::from(r.warm_handoff);
                    t.engaged += u64::from(is_engaged);
                    month.referrals += 1;
                    month.warm_handoffs += u64::from(r.warm_handoff);
                    month.engaged += u64::from(is_engaged);
                    bump(&mut month.by_pathway, pathway);
                    bump(&mut t.by_pathway, pathway);
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
                    t.by_hour[hour] += 1;
                    t.by_weekday[day] += 1;
                }
                Record::Gap(g) => {
                    let mut needs = g.categories.clone();
                    needs.sort();
                    needs.dedup();
                    t.gaps_total += 1;
                    month.gaps += 1;
                    *t.gaps.entry((needs, hour as u32)).or_insert(0) += 1;
                    bump(
                        &mut t.gaps_by_place,
                        g.place.as_deref().unwrap_or(OTHER_PLACE),
                    );
                    t.gaps_by_hour_of_week[day][hour] += 1;
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

/// One month of the report.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MonthRow {
    /// `YYYY-MM`.
    pub month: String,
    /// Referrals.
    pub referrals: Count,
    /// Warm handoffs among them.
    pub warm_handoffs: Count,
    /// Engaged among them.
    pub engaged: Count,
    /// `engaged / referrals`, as for the whole report.
    pub engaged_share: Share,
    /// Searches that found nothing open.
    pub gaps: Count,
    /// Referrals by pathway: the six, then `unspecified` when any.
    pub by_pathway: Counts,
}

/// Gap searches by weekday and hour: `Mon` to `Sun`, 24 counts each.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct HourOfWeek(pub Vec<[Count; 24]>);

impl Serialize for HourOfWeek {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(Some(self.0.len()))?;
        for (day, counts) in WEEKDAYS.iter().zip(&self.0) {
            map.serialize_entry(day, counts.as_slice())?;
        }
        map.end()
    }
}

/// What the ids of the report are called: services from the directory,
/// categories from its taxonomy (or the built-in one). An id the directory
/// does not know is left out, and shown as the id.
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct Names {
    /// Service names by id.
    pub services: BTreeMap<String, String>,
    /// Category names by id.
    pub categories: BTreeMap<String, String>,
}

impl Names {
    /// A service's name, else its id.
    pub fn service<'a>(&'a self, id: &'a str) -> &'a str {
        self.services.get(id).map_or(id, String::as_str)
    }

    /// A category's name, else its id.
    pub fn category<'a>(&'a self, id: &'a str) -> &'a str {
        self.categories.get(id).map_or(id, String::as_str)
    }

    /// A gap's needs by name, each as `say` writes it (made one line for
    /// text, kept for HTML, which escapes it), joined by `, `; a gap of no
    /// category is `(any need)`.
    pub fn needs(&self, categories: &[String], say: impl Fn(&str) -> String) -> String {
        if categories.is_empty() {
            return "(any need)".to_string();
        }
        categories
            .iter()
            .map(|c| say(self.category(c)))
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// The report as shown: the shape of `report --format json`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Report {
    /// The first day counted, or null for all.
    pub since: Option<String>,
    /// The last day counted, or null for all.
    pub until: Option<String>,
    /// The zone of days and hours (several, joined by `, `, when the
    /// records come from directories in different zones).
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
    /// Gaps in the window.
    pub gaps_total: Count,
    /// Gaps by weekday and hour.
    pub gaps_by_hour_of_week: HourOfWeek,
    /// By month, oldest first.
    pub by_month: Vec<MonthRow>,
    /// The names of the services and categories counted.
    pub names: Names,
}

/// How counts are shown: exact, or below the threshold.
#[derive(Debug, Clone, Copy)]
struct Suppress(Option<u32>);

impl Suppress {
    fn count(self, n: u64) -> Count {
        match self.0 {
            Some(limit) if n < u64::from(limit) => Count::Below(limit),
            _ => Count::Exact(n),
        }
    }

    fn counts(self, map: &BTreeMap<String, u64>) -> Counts {
        Counts(
            map.iter()
                .map(|(k, v)| (k.clone(), self.count(*v)))
                .collect(),
        )
    }

    /// The six pathways in FORMAT.md's order, then any other key.
    fn pathways(self, map: &BTreeMap<String, u64>) -> Counts {
        let mut counts: Vec<(String, Count)> = PATHWAYS
            .iter()
            .map(|p| {
                (
                    (*p).to_string(),
                    self.count(map.get(*p).copied().unwrap_or(0)),
                )
            })
            .collect();
        counts.extend(
            map.iter()
                .filter(|(k, _)| !PATHWAYS.contains(&k.as_str()))
                .map(|(k, v)| (k.clone(), self.count(*v))),
        );
        Counts(counts)
    }

    fn share(self, engaged: u64, referrals: u64) -> Share {
        if referrals == 0 {
            Share::None
        } else if matches!(self.count(engaged), Count::Below(_))
            || matches!(self.count(referrals), Count::Below(_))
        {
            Share::Suppressed
        } else {
            // Counts far below 2^52 are exact as f64.
            #[allow(clippy::cast_precision_loss)]
            let share = engaged as f64 / referrals as f64;
            Share::Exact((share * 10_000.0).round() / 10_000.0)
        }
    }
}

/// Applies suppression to a tally, with the names of its ids.
pub fn report(t: &Tally, window: &Window, suppress_below: Option<u32>, names: Names) -> Report {
    let s = Suppress(suppress_below);
    let timezone = if t.zones.is_empty() {
        match window.zones {
            Zones::Fixed(zone)
            | Zones::Own {
                fallback: Some(zone),
            } => zone.name().to_string(),
            Zones::Own { fallback: None } => String::new(),
        }
    } else {
        t.zones.iter().cloned().collect::<Vec<_>>().join(", ")
    };
    let by_month = t
        .by_month
        .iter()
        .map(|(month, m)| MonthRow {
            month: month.clone(),
            referrals: s.count(m.referrals),
            warm_handoffs: s.count(m.warm_handoffs),
            engaged: s.count(m.engaged),
            engaged_share: s.share(m.engaged, m.referrals),
            gaps: s.count(m.gaps),
            by_pathway: s.pathways(&m.by_pathway),
        })
        .collect();
    Report {
        since: window.since.map(|d| d.to_string()),
        until: window.until.map(|d| d.to_string()),
        timezone,
        suppress_below,
        referrals: s.count(t.referrals),
        warm_handoffs: s.count(t.warm_handoffs),
        by_pathway: s.pathways(&t.by_pathway),
        by_category: s.counts(&t.by_category),
        by_service: s.counts(&t.by_service),
        by_station: s.counts(&t.by_station),
        by_hour: Counts(
            t.by_hour
                .iter()
                .enumerate()
                .map(|(h, n)| (format!("{h:02}"), s.count(*n)))
                .collect(),
        ),
        by_weekday: Counts(
            WEEKDAYS
                .iter()
                .zip(t.by_weekday)
                .map(|(d, n)| ((*d).to_string(), s.count(n)))
                .collect(),
        ),
        gaps: t
            .gaps
            .iter()
            .map(|((needs, hour), n)| GapRow {
                categories: needs.clone(),
                hour: format!("{hour:02}"),
                count: s.count(*n),
            })
            .collect(),
        gaps_by_place: s.counts(&t.gaps_by_place),
        engaged: s.count(t.engaged),
        engaged_share: s.share(t.engaged, t.referrals),
        gaps_total: s.count(t.gaps_total),
        gaps_by_hour_of_week: HourOfWeek(
            t.gaps_by_hour_of_week
                .iter()
                .map(|hours| hours.map(|n| s.count(n)))
                .collect(),
        ),
        by_month,
        names: names.only_for(t),
    }
}

impl Names {
    /// Only the names of the ids the tally counts.
    fn only_for(self, t: &Tally) -> Names {
        let mut categories: BTreeSet<&str> = t.by_category.keys().map(String::as_str).collect();
        categories.extend(
            t.gaps
                .keys()
                .flat_map(|(needs, _)| needs.iter().map(String::as_str)),
        );
        Names {
            services: self
                .services
                .into_iter()
                .filter(|(id, _)| t.by_service.contains_key(id))
                .collect(),
            categories: self
                .categories
                .into_iter()
                .filter(|(id, _)| categories.contains(id.as_str()))
                .collect(),
        }
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
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_empty_tally_lists_every_pathway_hour_and_weekday() {
        let window = Window {
            since: None,
            until: None,
            zones: Zones::Fixed(chrono_tz::UTC),
        };
        let r = report(&tally(&[], &window), &window, Some(5), Names::default());
        assert_eq!(r.by_pathway.0.len(), PATHWAYS.len());
        assert_eq!(r.by_hour.0.len(), 24);
        assert_eq!(r.by_weekday.0[0].0, "Mon");
        assert_eq!(r.engaged_share, Share::None);
        assert_eq!(r.referrals, Count::Below(5));
        assert_eq!(r.timezone, "UTC");
        let json = r.to_json().unwrap();
        assert!(json.contains("\"engaged_share\": null"), "{json}");
        assert!(json.contains("\"referrals\": \"<5\""), "{json}");
        assert!(json.contains("\"gaps_total\": \"<5\""), "{json}");
        assert!(
            r.to_table().contains("Referrals      <5"),
            "{}",
            r.to_table()
        );
    }
}
