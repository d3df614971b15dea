//! The opening-hours engine: reads OpenStreetMap `opening_hours` expressions
//! and tells whether a service is open at a given instant, in the service's
//! own time zone, with its public holidays.
//!
//! Everything is computed from a UTC instant and an explicit [`Tz`]; the
//! machine's local time zone is never read.

mod ast;
mod error;
mod eval;
mod fix;
mod holidays;
mod lexer;
mod parse;
mod rewrite;
mod select;

use std::sync::{Arc, OnceLock};

use chrono::{DateTime, NaiveDate, Utc};

pub use chrono_tz::Tz;
pub use error::HoursError;
pub use eval::HORIZON_DAYS;
pub use fix::{rewrite_hours, rewrite_hours_in_toml, HoursFix, HoursRewrite, RefusedFix};
pub use holidays::HolidayCalendar;
pub use rewrite::{Change, ChangeKind, MeaningChange};

/// Whether a service is open.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum State {
    /// Open: people can be sent there.
    Open,
    /// Closed.
    Closed,
    /// Unknown: call first (e.g. "by appointment").
    Unknown,
}

/// The result of evaluating an expression at one instant.
#[derive(Debug, Clone, PartialEq)]
pub struct Evaluation {
    /// The state at the instant.
    pub state: State,
    /// The comment of the rule in force ("by appointment"), if any.
    pub comment: Option<String>,
    /// The next change of state strictly after the instant, within
    /// [`HORIZON_DAYS`].
    pub next_change: Option<DateTime<Tz>>,
    /// The state from `next_change` on.
    pub next_state: Option<State>,
    /// When the state is an open end (`17:00+`: unknown, since no closing
    /// time is stated), the instant it began.
    pub open_end_since: Option<DateTime<Tz>>,
    /// Whether the stretch from `next_change` on is an open end: a closed
    /// service that then "opens" with no closing time stated.
    pub next_open_end: bool,
}

/// A stretch of time with one state and comment.
#[derive(Debug, Clone, PartialEq)]
pub struct Interval {
    /// Start (inclusive).
    pub from: DateTime<Tz>,
    /// End (exclusive).
    pub to: DateTime<Tz>,
    /// The state during the interval.
    pub state: State,
    /// The comment during the interval, if any.
    pub comment: Option<String>,
    /// Part of an open end (`17:00+`): unknown because no closing time is
    /// stated.
    pub open_end: bool,
}

/// The parsed parts, shared between clones.
#[derive(Debug)]
struct Inner {
    source: String,
    /// Written out when first asked for: `find` reads thousands of
    /// expressions and never shows one rewritten.
    canonical: OnceLock<String>,
    /// What the reader tolerated, as it said it.
    read_warnings: Vec<Change>,
    /// What rewriting changes, once asked: the readings, or spelling alone.
    changes: OnceLock<Vec<Change>>,
    warnings: OnceLock<Vec<String>>,
    /// Whether the canonical form means the same, once asked.
    meaning: OnceLock<Result<(), MeaningChange>>,
    expr: ast::Expr,
    entries: Vec<eval::Entry>,
    uses_ph: bool,
}

/// A parsed expression; cheap to clone (Arc inside). Send + Sync.
#[derive(Debug, Clone)]
pub struct Hours {
    inner: Arc<Inner>,
}

impl Hours {
    /// Read an expression.
    pub fn parse(expr: &str) -> Result<Hours, HoursError> {
        let parsed = parse::parse(expr)?;
        let uses_ph = mentions_public_holidays(&parsed.expr);
        let entries = eval::build_entries(&parsed.expr);
        Ok(Hours {
            inner: Arc::new(Inner {
                source: expr.to_string(),
                canonical: OnceLock::new(),
                read_warnings: parsed.warnings,
                changes: OnceLock::new(),
                warnings: OnceLock::new(),
                meaning: OnceLock::new(),
                expr: parsed.expr,
                entries,
                uses_ph,
            }),
        })
    }

    /// The expression as written.
    pub fn source(&self) -> &str {
        &self.inner.source
    }

    /// The expression in canonical OSM syntax.
    pub fn canonical(&self) -> &str {
        self.inner
            .canonical
            .get_or_init(|| self.inner.expr.to_string())
    }

    /// Whether there is nothing to rewrite: the expression was read as written.
    pub fn is_canonical(&self) -> bool {
        self.canonical() == self.inner.source.trim()
    }

    /// Whether the expression mentions public holidays (`PH`).
    pub fn uses_public_holidays(&self) -> bool {
        self.inner.uses_ph
    }

    /// The readings that were tolerated, in plain words.
    pub fn warnings(&self) -> &[String] {
        self.inner
            .warnings
            .get_or_init(|| self.changes().iter().map(|c| c.text.clone()).collect())
    }

    /// What writing the expression canonically changes, reading by reading,
    /// each with its kind; empty when it is canonical already.
    pub fn changes(&self) -> &[Change] {
        self.inner.changes.get_or_init(|| {
            if self.is_canonical() {
                // Nothing to rewrite.
                Vec::new()
            } else if self.inner.read_warnings.is_empty() {
                vec![Change {
                    kind: ChangeKind::Spelling,
                    text: "spacing or letter case differs from the canonical form".into(),
                }]
            } else {
                self.inner.read_warnings.clone()
            }
        })
    }

    /// What rewriting changes, in words, by kind: `a tolerated form:
    /// "daily" was read as "Mo-Su"; spelling: the weekday "mon" was read
    /// as an OSM weekday`. Empty when the expression is canonical.
    pub fn changes_in_words(&self) -> String {
        rewrite::in_words(self.changes())
    }

    /// Whether the canonical form means what was written: `Err` with the
    /// proof (a day on which they differ) when it does not. `validate
    /// --fix` writes only canonical forms that keep the meaning.
    ///
    /// The canonical form is read back; equal syntax trees mean the same,
    /// and different ones are compared day by day over 2000–2040 and the
    /// years the expressions name, with the public holidays of the United
    /// States standing for any calendar.
    pub fn canonical_keeps_meaning(&self) -> Result<(), &MeaningChange> {
        let verdict = self.inner.meaning.get_or_init(|| {
            let canonical = self.canonical();
            let changed = |differs_on| MeaningChange {
                canonical: canonical.to_string(),
                differs_on,
            };
            let Ok(again) = parse::parse(canonical) else {
                return Err(changed(None));
            };
            if rewrite::same_tree(&again.expr, &self.inner.expr) {
                return Ok(());
            }
            let entries = eval::build_entries(&again.expr);
            let calendar = HolidayCalendar::new(Some("US"), &[]);
            match rewrite::first_difference(
                (&self.inner.expr, &self.inner.entries),
                (&again.expr, &entries),
                &calendar,
            ) {
                None => Ok(()),
                Some(day) => Err(changed(Some(day))),
            }
        });
        verdict.as_ref().map(|_| ())
    }

    /// The first local day on which `self` and `other` give different
    /// hours (state, comment or open end at any minute), looking at every
    /// day of 2000–2040 and of the years either names, with `calendar`;
    /// `None` when they agree on all of them. The hours of a day do not
    /// depend on the time zone, so agreeing days mean the same state and
    /// next change at every instant in every zone.
    #[cfg(test)]
    pub(crate) fn first_day_differing(
        &self,
        other: &Hours,
        calendar: &HolidayCalendar,
    ) -> Option<NaiveDate> {
        rewrite::first_difference(
            (&self.inner.expr, &self.inner.entries),
            (&other.inner.expr, &other.inner.entries),
            calendar,
        )
    }

    /// State at `at` in timezone `tz`; next change of state (a change of
    /// comment alone is not a change) strictly after `at`, looking at most 8
    /// days ahead (`None` beyond).
    pub fn evaluate(&self, tz: Tz, holidays: &HolidayCalendar, at: DateTime<Utc>) -> Evaluation {
        eval::evaluate(&self.inner.expr, &self.inner.entries, tz, holidays, at)
    }

    /// The intervals of one local calendar day, from local 00:00 to the next
    /// local 00:00, consecutive, merged where state and comment are equal.
    pub fn day(&self, tz: Tz, holidays: &HolidayCalendar, date: NaiveDate) -> Vec<Interval> {
        eval::day(&self.inner.expr, &self.inner.entries, tz, holidays, date)
    }

    /// The intervals of local day `date` of zone `view` (the desk's), for
    /// hours kept in zone `zone` (the service's): what the service's days
    /// look like to a desk in another zone, with times in `view`.
    /// Consecutive, merged where state, comment and open end are equal.
    pub fn day_seen_from(
        &self,
        zone: Tz,
        view: Tz,
        holidays: &HolidayCalendar,
        date: NaiveDate,
    ) -> Vec<Interval> {
        if zone == view {
            return self.day(zone, holidays, date);
        }
        let start = eval::local_instant(view, date, 0);
        let end = eval::local_instant(view, date.succ_opt().unwrap_or(date), 0);
        let first = start.with_timezone(&zone).date_naive();
        let last = (end - chrono::Duration::seconds(1))
            .with_timezone(&zone)
            .date_naive();
        let mut out: Vec<Interval> = Vec::new();
        let mut day = first;
        while day <= last {
            for i in self.day(zone, holidays, day) {
                let from = i.from.with_timezone(&view).max(start);
                let to = i.to.with_timezone(&view).min(end);
                if from >= to {
                    continue;
                }
                match out.last_mut() {
                    Some(prev)
                        if prev.to == from
                            && prev.state == i.state
                            && prev.comment == i.comment
                            && prev.open_end == i.open_end =>
                    {
                        prev.to = to
                    }
                    _ => out.push(Interval { from, to, ..i }),
                }
            }
            let Some(next) = day.succ_opt() else { break };
            day = next;
        }
        out
    }

    /// Whether it is open, or opens with an open end (`17:00+`), at any
    /// moment in `[from, from + days)`.
    pub fn opens_within(
        &self,
        tz: Tz,
        holidays: &HolidayCalendar,
        from: DateTime<Utc>,
        days: u32,
    ) -> bool {
        eval::opens_within(
            &self.inner.expr,
            &self.inner.entries,
            tz,
            holidays,
            from,
            days,
        )
    }
}

/// Whether any rule selects public holidays.
fn mentions_public_holidays(expr: &ast::Expr) -> bool {
    expr.rules.iter().any(|rule| {
        rule.days
            .iter()
            .chain(&rule.holidays_and)
            .any(|d| matches!(d, ast::DayItem::Holiday { school: false, .. }))
    })
}

#[cfg(test)]
mod tests;
