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

use std::sync::{Arc, OnceLock};

use chrono::{DateTime, NaiveDate, Utc};

pub use chrono_tz::Tz;
pub use error::HoursError;
pub use fix::{rewrite_hours_in_toml, HoursFix};
pub use holidays::HolidayCalendar;

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
    /// The next change of state strictly after the instant, within 8 days.
    pub next_change: Option<DateTime<Tz>>,
    /// The state from `next_change` on.
    pub next_state: Option<State>,
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
}

/// The parsed parts, shared between clones.
#[derive(Debug)]
struct Inner {
    source: String,
    /// Written out when first asked for: `find` reads thousands of
    /// expressions and never shows one rewritten.
    canonical: OnceLock<String>,
    /// What the reader tolerated, as it said it.
    read_warnings: Vec<String>,
    warnings: OnceLock<Vec<String>>,
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
                warnings: OnceLock::new(),
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
        self.inner.warnings.get_or_init(|| {
            if self.is_canonical() {
                // Nothing to rewrite.
                Vec::new()
            } else if self.inner.read_warnings.is_empty() {
                vec!["spacing or letter case differs from the canonical form".into()]
            } else {
                self.inner.read_warnings.clone()
            }
        })
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

    /// Whether it is open at any moment in `[from, from + days)`.
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
