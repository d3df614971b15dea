//! The programme report as a table for people and as CSV for
//! spreadsheets. Services and categories are named in the table (by their
//! ids where the directory does not know them); the CSV keeps the ids.

use std::fmt::Write as _;

use super::report::{Count, Report, Share, WEEKDAYS};
use crate::sanitize::one_line;

impl Report {
    /// CSV: a header, then one `dimension,key,count` row per count.
    /// Dimensions: `total` (keys `referrals`, `warm_handoffs`, `engaged`,
    /// `engaged_share`, whose value is a fraction, empty with no
    /// referrals, and `gaps`), `pathway`, `category`, `service`,
    /// `station`, `hour`, `weekday`, `gap` (key `categories@HH`,
    /// categories joined by `+`), `gap_place`, then per month (key
    /// `YYYY-MM`) `month` (referrals), `month_warm_handoffs`,
    /// `month_engaged`, `month_gaps`, `month_pathway` (key
    /// `YYYY-MM/pathway`), and `gap_hour_of_week` (key `Mon@02`).
    pub fn to_csv(&self) -> String {
        let mut out = String::from("dimension,key,count\n");
        let mut row = |dimension: &str, key: &str, value: &str| {
            let _ = writeln!(out, "{dimension},{},{value}", csv_field(key));
        };
        row("total", "referrals", &self.referrals.to_string());
        row("total", "warm_handoffs", &self.warm_handoffs.to_string());
        row("total", "engaged", &self.engaged.to_string());
        row("total", "engaged_share", &share_plain(self.engaged_share));
        row("total", "gaps", &self.gaps_total.to_string());
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
        for month in &self.by_month {
            let key = &month.month;
            row("month", key, &month.referrals.to_string());
            row("month_warm_handoffs", key, &month.warm_handoffs.to_string());
            row("month_engaged", key, &month.engaged.to_string());
            row("month_gaps", key, &month.gaps.to_string());
            for (pathway, count) in &month.by_pathway.0 {
                row(
                    "month_pathway",
                    &format!("{key}/{pathway}"),
                    &count.to_string(),
                );
            }
        }
        for (day, hours) in WEEKDAYS.iter().zip(&self.gaps_by_hour_of_week.0) {
            for (hour, count) in hours.iter().enumerate() {
                row(
                    "gap_hour_of_week",
                    &format!("{day}@{hour:02}"),
                    &count.to_string(),
                );
            }
        }
        out
    }

    /// The report for people.
    pub fn to_table(&self) -> String {
        let mut out = String::new();
        let _ = writeln!(
            out,
            "Referral records, {} (days and hours in {})",
            self.period(),
            one_line(&self.timezone)
        );
        if let Some(n) = self.suppress_below {
            let _ = writeln!(out, "Counts below {n} are shown as <{n}.");
        }
        out.push('\n');
        let totals = [
            ("Referrals", self.referrals.to_string(), String::new()),
            (
                "Warm handoffs",
                self.warm_handoffs.to_string(),
                String::new(),
            ),
            (
                "Engaged",
                self.engaged.to_string(),
                share_words(self.engaged_share),
            ),
            (
                "Gaps",
                self.gaps_total.to_string(),
                " (searches that found nothing open)".to_string(),
            ),
        ];
        section(
            &mut out,
            None,
            totals.iter().map(|(k, v, s)| (*k, v.as_str(), s.as_str())),
        );
        self.months(&mut out);
        let categories = self.named(&self.by_category.0, |id| self.names.category(id));
        let services = self.named(&self.by_service.0, |id| self.names.service(id));
        let plain = |counts: &[(String, Count)]| -> Vec<(String, String)> {
            counts
                .iter()
                .map(|(k, v)| (one_line(k), v.to_string()))
                .collect()
        };
        for (title, rows) in [
            ("By pathway", plain(&self.by_pathway.0)),
            ("By category", categories),
            ("By service", services),
            ("By station", plain(&self.by_station.0)),
            ("By hour of day", plain(&self.by_hour.0)),
            ("By weekday", plain(&self.by_weekday.0)),
        ] {
            section(
                &mut out,
                Some(title),
                rows.iter().map(|(k, v)| (k.as_str(), v.as_str(), "")),
            );
        }
        self.gap_sections(&mut out);
        out
    }

    fn period(&self) -> String {
        match (&self.since, &self.until) {
            (Some(s), Some(u)) => format!("{s} to {u}"),
            (Some(s), None) => format!("from {s}"),
            (None, Some(u)) => format!("until {u}"),
            (None, None) => "all records".to_string(),
        }
    }

    /// Counts keyed by id, shown by name; an id whose name another id
    /// shares is shown after its name.
    fn named<'a>(
        &'a self,
        counts: &'a [(String, Count)],
        name: impl Fn(&'a str) -> &'a str,
    ) -> Vec<(String, String)> {
        let names: Vec<&str> = counts.iter().map(|(id, _)| name(id)).collect();
        counts
            .iter()
            .zip(&names)
            .map(|((id, count), shown)| {
                let shared = names.iter().filter(|n| *n == shown).count() > 1;
                let label = if shared && *shown != id {
                    format!("{shown} ({id})")
                } else {
                    (*shown).to_string()
                };
                (one_line(&label), count.to_string())
            })
            .collect()
    }

    /// The months, a line each: referrals, warm handoffs, engaged, gaps,
    /// the counts aligned right.
    fn months(&self, out: &mut String) {
        let _ = writeln!(out, "\nBy month");
        if self.by_month.is_empty() {
            let _ = writeln!(out, "  (none)");
            return;
        }
        let mut rows = vec![[
            "Month".to_string(),
            "Referrals".to_string(),
            "Warm handoffs".to_string(),
            "Engaged".to_string(),
            "Gaps".to_string(),
        ]];
        for m in &self.by_month {
            rows.push([
                m.month.clone(),
                m.referrals.to_string(),
                m.warm_handoffs.to_string(),
                format!("{}{}", m.engaged, share_words(m.engaged_share)),
                m.gaps.to_string(),
            ]);
        }
        let widths: Vec<usize> = (0..5)
            .map(|c| rows.iter().map(|r| r[c].chars().count()).max().unwrap_or(0))
            .collect();
        for row in &rows {
            let mut line = format!("  {:<width$}", row[0], width = widths[0]);
            for (cell, width) in row.iter().zip(&widths).skip(1) {
                let _ = write!(line, "  {cell:>width$}");
            }
            let _ = writeln!(out, "{line}");
        }
    }

    fn gap_sections(&self, out: &mut String) {
        let gaps: Vec<(String, String)> = self
            .gaps
            .iter()
            .map(|g| {
                let needs = self.names.needs(&g.categories, one_line);
                (format!("{}:00  {needs}", g.hour), g.count.to_string())
            })
            .collect();
        section(
            out,
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
                out,
                Some("Gaps by place (other: coordinates, landmarks, no place)"),
                places.iter().map(|(k, v)| (k.as_str(), v.as_str(), "")),
            );
        }
    }
}

/// The engaged share after its count: ` (33.3%)`.
fn share_words(share: Share) -> String {
    match share {
        Share::Exact(x) => format!(" ({:.1}%)", x * 100.0),
        Share::Suppressed => " (share suppressed)".to_string(),
        Share::None => String::new(),
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
}
