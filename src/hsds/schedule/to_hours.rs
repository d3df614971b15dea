//! HSDS rows to opening hours: one OSM rule per group of days with the
//! same times, joined with `, ` (additional rules), as the rows add up.

use std::collections::BTreeMap;

use chrono::NaiveDate;

use super::read::{in_force, read_row, Reading};
use super::{osm_range, Converted, Row, Span, DAY, OSM_DAYS};
use crate::hours::Hours;

/// Sorts ranges and merges those that overlap or touch.
fn merge(ranges: &mut Vec<(u32, u32)>) {
    ranges.sort_unstable();
    let mut out: Vec<(u32, u32)> = Vec::with_capacity(ranges.len());
    for &(s, e) in ranges.iter() {
        match out.last_mut() {
            Some(last) if s <= last.1 => last.1 = last.1.max(e),
            _ => out.push((s, e)),
        }
    }
    *ranges = out;
}

fn osm_days(days: &[usize]) -> String {
    let mut parts = Vec::new();
    let mut i = 0;
    while i < days.len() {
        let mut j = i;
        while j + 1 < days.len() && days[j + 1] == days[j] + 1 {
            j += 1;
        }
        if j - i >= 2 {
            parts.push(format!("{}-{}", OSM_DAYS[days[i]], OSM_DAYS[days[j]]));
        } else {
            for d in &days[i..=j] {
                parts.push(OSM_DAYS[*d].to_string());
            }
        }
        i = j + 1;
    }
    parts.join(",")
}

fn osm_times(ranges: &[(u32, u32)]) -> String {
    ranges
        .iter()
        .map(|r| osm_range(*r))
        .collect::<Vec<_>>()
        .join(",")
}

/// The times of the rows read, by weekday and by (weekday, ordinal).
#[derive(Default)]
struct Week {
    weekly: [Vec<Span>; 7],
    monthly: BTreeMap<(usize, i8), Vec<Span>>,
}

impl Week {
    /// Adds what a row says.
    fn add(&mut self, reading: Reading) {
        match reading {
            Reading::Weekly(days, range) => {
                for d in days {
                    self.weekly[d].push(range);
                }
            }
            Reading::Monthly(days, range) => {
                for (n, d) in days {
                    match n {
                        None => self.weekly[d].push(range),
                        Some(n) => self.monthly.entry((d, n)).or_default().push(range),
                    }
                }
            }
        }
    }

    /// Weekly rules: days with the same times share one rule.
    fn weekly_rules(&self) -> Vec<String> {
        let mut groups: Vec<(&Vec<Span>, Vec<usize>)> = Vec::new();
        for (d, list) in self.weekly.iter().enumerate() {
            if list.is_empty() {
                continue;
            }
            match groups.iter_mut().find(|(ranges, _)| *ranges == list) {
                Some((_, days)) => days.push(d),
                None => groups.push((list, vec![d])),
            }
        }
        groups
            .iter()
            .map(|(ranges, days)| format!("{} {}", osm_days(days), osm_times(ranges)))
            .collect()
    }

    /// Monthly rules: per weekday, ordinals with the same times share one
    /// rule.
    fn monthly_rules(self) -> Vec<String> {
        let mut by_day: BTreeMap<(usize, Vec<Span>), Vec<i8>> = BTreeMap::new();
        for ((d, n), mut ranges) in self.monthly {
            merge(&mut ranges);
            by_day.entry((d, ranges)).or_default().push(n);
        }
        by_day
            .into_iter()
            .map(|((d, ranges), mut ordinals)| {
                ordinals.sort_by_key(|&n| if n > 0 { n } else { 10 - n });
                let list: Vec<String> = ordinals.iter().map(i8::to_string).collect();
                format!("{}[{}] {}", OSM_DAYS[d], list.join(","), osm_times(&ranges))
            })
            .collect()
    }
}

/// Turns the rows in force on `as_of` into opening hours.
pub fn rows_to_hours(rows: &[Row], as_of: NaiveDate) -> Converted {
    let mut out = Converted::default();
    let mut week = Week::default();
    let mut any = false;
    for row in rows {
        if let Err(why) = in_force(row, as_of) {
            out.dropped.push(format!("{}: {why}", row.id));
            continue;
        }
        match read_row(row, &mut out.simplified) {
            Ok(reading) => {
                any = true;
                week.add(reading);
            }
            Err(why) => out
                .unexpressed
                .push(format!("{} ({why}): {}", row.id, row.summary())),
        }
    }
    if !any {
        return out;
    }
    for list in &mut week.weekly {
        merge(list);
    }
    if week
        .weekly
        .iter()
        .all(|list| list.iter().any(|&(s, e)| s == 0 && e >= DAY))
    {
        out.hours = Some("24/7".into());
        return out;
    }
    let mut rules = week.weekly_rules();
    rules.extend(week.monthly_rules());
    let expression = rules.join(", ");
    match Hours::parse(&expression) {
        Ok(hours) => out.hours = Some(hours.canonical().to_string()),
        Err(e) => out.unexpressed.push(format!(
            "the hours \"{expression}\" made from the rows cannot be read: {e}"
        )),
    }
    out
}
