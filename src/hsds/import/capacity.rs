//! Beds or slots (HSDS 3.1 `capacities`): one is kept, the one counted in
//! beds if there is one.

use chrono::DateTime;
use serde_json::Value;

use super::Draft;
use crate::directory::Capacity;
use crate::hsds::json::{list, number, object, text};

/// A whole, non-negative number, if `n` is one.
fn whole(n: Option<f64>) -> Option<i64> {
    n.filter(|n| n.fract() == 0.0 && *n >= 0.0 && *n < 1e12)
        .map(|n| n as i64)
}

impl Draft {
    /// The capacity counted in beds, else the first; a note when others
    /// are left, or when it has no whole number available.
    pub(super) fn map_capacity(&mut self, hsds: &Value) {
        let capacities = list(hsds, "capacities");
        let unit = |c: &Value| object(c, "unit").and_then(|u| text(u, "name"));
        let chosen = capacities
            .iter()
            .find(|c| unit(c).is_some_and(|n| n.to_lowercase().contains("bed")))
            .or_else(|| capacities.first());
        let Some(c) = chosen else {
            return;
        };
        if capacities.len() > 1 {
            self.notes.push(format!(
                "{} capacities: only one ({}) kept",
                capacities.len(),
                unit(c).unwrap_or_else(|| "the first".into())
            ));
        }
        match whole(number(c, "available")) {
            Some(available) => {
                self.entry.service.capacity = Some(Capacity {
                    available,
                    total: whole(number(c, "maximum")),
                    updated: text(c, "updated").and_then(|u| DateTime::parse_from_rfc3339(&u).ok()),
                });
            }
            None => self
                .notes
                .push("a capacity without a whole number available: left out".into()),
        }
    }
}
