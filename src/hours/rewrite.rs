//! What writing an expression in its canonical form changes: the kind of
//! each reading the reader made (spelling, a tolerated form, a default
//! written out), and whether the canonical form still means the same hours.
//!
//! `validate --fix` writes a canonical form only when it means what was
//! written. Two syntax trees that are equal mean the same; where the tree
//! read back from the canonical form differs from the one read from the
//! original, both are evaluated day by day, and the first day whose hours
//! differ is the proof that the rewrite would change what they mean.

use std::collections::BTreeSet;
use std::fmt;

use chrono::{Datelike, NaiveDate};

use super::ast::{DateSpec, Expr, MonthdayRange};
use super::eval::{schedule, Entry};
use super::HolidayCalendar;

/// The kind of change that writing a reading in canonical form makes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ChangeKind {
    /// Only how it is written: letter case, spacing, `Mon` for `Mo`, `9am`
    /// for `09:00`, an en dash.
    Spelling,
    /// A form strict syntax does not have, read in its one meaning: `daily`
    /// for `Mo-Su`, `17:00-late` for `17:00+`.
    Tolerated,
    /// Something left unsaid that the canonical form writes out: `9` as
    /// `09:00`, `24/7` after days as `00:00-24:00`.
    AddedDefault,
}

impl ChangeKind {
    /// The kind in words, for a keeper: "spelling", "a tolerated form",
    /// "an added default".
    pub fn words(self) -> &'static str {
        match self {
            ChangeKind::Spelling => "spelling",
            ChangeKind::Tolerated => "a tolerated form",
            ChangeKind::AddedDefault => "an added default",
        }
    }
}

/// One reading the reader made, with the kind of change it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    /// The kind of change.
    pub kind: ChangeKind,
    /// What was read, in plain words (`"daily" was read as "Mo-Su"`).
    pub text: String,
}

/// Changes in words, grouped by kind (tolerated forms first, then added
/// defaults, then spelling): `a tolerated form: "daily" was read as
/// "Mo-Su"; spelling: a 12-hour time (am/pm) was read as a 24-hour time`.
pub(crate) fn in_words(changes: &[Change]) -> String {
    let mut groups = Vec::new();
    for kind in [
        ChangeKind::Tolerated,
        ChangeKind::AddedDefault,
        ChangeKind::Spelling,
    ] {
        let texts: Vec<&str> = changes
            .iter()
            .filter(|c| c.kind == kind)
            .map(|c| c.text.as_str())
            .collect();
        if !texts.is_empty() {
            groups.push(format!("{}: {}", kind.words(), texts.join(", ")));
        }
    }
    groups.join("; ")
}

/// Proof that a canonical form would change what the hours mean: a day on
/// which the two differ.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MeaningChange {
    /// The canonical form that would mean other hours.
    pub canonical: String,
    /// The first day (local) on which the hours differ; `None` when the
    /// canonical form cannot even be read back.
    pub differs_on: Option<NaiveDate>,
}

impl fmt::Display for MeaningChange {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.differs_on {
            Some(day) => write!(
                f,
                "the canonical form \"{}\" would mean other hours (they differ on {})",
                self.canonical,
                day.format("%a %Y-%m-%d")
            ),
            None => write!(
                f,
                "the canonical form \"{}\" cannot be read back",
                self.canonical
            ),
        }
    }
}

/// Whether two trees are equal but for how they are written: a `:` after
/// the wide selectors, `off` for `closed`. Equal trees mean the same.
pub(crate) fn same_tree(a: &Expr, b: &Expr) -> bool {
    let plain = |e: &Expr| {
        let mut e = e.clone();
        for rule in &mut e.rules {
            rule.wide_colon = false;
            rule.off = false;
        }
        e
    };
    a == b || plain(a) == plain(b)
}

/// The first and last years every comparison covers: leap years, years
/// with 53 ISO weeks, and ten-year periods from years written today.
const FIRST_YEAR: i32 = 2000;
const LAST_YEAR: i32 = 2040;

/// The years an expression names, so that the comparison also covers them
/// and their neighbours when they lie outside the usual span.
fn years_named(expr: &Expr, out: &mut BTreeSet<i32>) {
    let mut add = |y: i32| {
        out.insert(y);
    };
    for rule in &expr.rules {
        for range in &rule.years {
            add(range.from);
            if let Some(to) = range.to {
                add(to);
            }
        }
        for list in &rule.monthdays {
            for item in list {
                match item {
                    MonthdayRange::Months { year, .. } => year.iter().for_each(|y| add(*y)),
                    MonthdayRange::Dates(range) => {
                        let specs: [Option<&DateSpec>; 2] = [Some(&range.from), range.to.as_ref()];
                        for spec in specs.into_iter().flatten() {
                            spec.year.iter().for_each(|y| add(*y));
                        }
                    }
                }
            }
        }
    }
}

/// The first local day on which `a` and `b` give different hours (state,
/// comment or open end at any minute), over every day from 2000 to 2040
/// and of the years either names (with the years beside them); `None` when
/// they agree on all of them.
///
/// The hours of a local day do not depend on the time zone (it only turns
/// them into instants, the same way for both), so equal days mean equal
/// states and next changes at every instant, in every zone.
pub(crate) fn first_difference(
    a: (&Expr, &[Entry]),
    b: (&Expr, &[Entry]),
    calendar: &HolidayCalendar,
) -> Option<NaiveDate> {
    let mut named = BTreeSet::new();
    years_named(a.0, &mut named);
    years_named(b.0, &mut named);
    let mut years: BTreeSet<i32> = (FIRST_YEAR..=LAST_YEAR).collect();
    for y in named {
        years.extend([y - 1, y, y + 1]);
    }
    for year in years {
        let Some(mut day) = NaiveDate::from_ymd_opt(year, 1, 1) else {
            continue;
        };
        while day.year() == year {
            if schedule(a.0, a.1, day, calendar) != schedule(b.0, b.1, day, calendar) {
                return Some(day);
            }
            let Some(next) = day.succ_opt() else { break };
            day = next;
        }
    }
    None
}
