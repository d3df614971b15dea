//! What the officer has answered at the desk, and the few questions that
//! change a result: the first answer's request, where from, the age
//! group, walk-in, language, payment, and the widenings (any time, a
//! farther radius). [`super::view::DeskView::query`] turns them into the
//! search of `deflect find`.

use crate::matching::categories_of;
use crate::needs::ResolvedNeed;
use crate::places::{Origin, Units};
use crate::request::Request;
use crate::sanitize::one_line;
pub use crate::session::PlaceKind;

/// How many results the desk lists: one digit each.
pub const RESULTS: usize = 9;

/// How many related services the desk offers when nothing that meets the
/// needs is open ([`super::view::DeskView::related`]).
pub const RELATED: usize = 3;

/// How many suggestions are shown under a typed answer.
pub const SUGGESTIONS: usize = 6;

/// The radius of the first search, then of each widening, in the
/// directory's units; after the last, any distance.
pub const RADII: [f64; 2] = [10.0, 25.0];

/// The words that mean "no particular need": every service.
pub fn is_anything(text: &str) -> bool {
    let t = text.trim().to_lowercase();
    t.is_empty() || matches!(t.as_str(), "anything" | "any" | "everything" | "all")
}

/// Where a search is made from.
#[derive(Debug, Clone, PartialEq)]
pub struct Where {
    /// The origin, as `--near` gives it.
    pub origin: Origin,
    /// What to show for it: the place's name, or the coordinates.
    pub label: String,
    /// Its kind, which decides what a gap record may say about where.
    pub kind: PlaceKind,
}

impl Where {
    /// An origin as the desk shows it: its place's name, or the
    /// coordinates.
    pub fn new(origin: Origin, kind: PlaceKind) -> Where {
        let label = origin
            .name
            .clone()
            .unwrap_or_else(|| format!("{:.5},{:.5}", origin.lat, origin.lon));
        Where {
            origin,
            label: one_line(&label),
            kind,
        }
    }
}

/// The age groups the desk asks about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AgeGroup {
    /// 0 to 17.
    Under18,
    /// 18 and over.
    Adult,
}

impl AgeGroup {
    /// The years the group spans: "under 18" is the range a request's
    /// `teen` or `minor` means (docs/REQUEST.md rule 6).
    pub fn span(self) -> (u32, u32) {
        match self {
            AgeGroup::Under18 => (12, 17),
            AgeGroup::Adult => (18, 130),
        }
    }
}

/// Everything the officer has answered.
#[derive(Debug, Clone, Default)]
pub struct Answers {
    /// The needs as typed.
    pub needs_text: String,
    /// The needs, resolved; empty means every service.
    pub needs: Vec<ResolvedNeed>,
    /// The whole request as the first answer gave it: substances, the
    /// person, preferences, time and place (docs/REQUEST.md).
    pub request: Request,
    /// Where from; `None` when there is no place at all.
    pub place: Option<Where>,
    /// The age group, when asked and answered.
    pub age: Option<AgeGroup>,
    /// Walk-in services only.
    pub walk_in: bool,
    /// An ISO 639-1 code the person speaks.
    pub lang: Option<String>,
    /// How the person pays (a value of [`crate::directory::PAYMENTS`]).
    pub payment: Option<String>,
    /// Closed services too.
    pub any_time: bool,
    /// How many times the radius was widened (0 is the first radius;
    /// [`RADII`]`.len()` is any distance).
    pub widened: usize,
}

impl Answers {
    /// The radius in km, or `None` for any distance (or no place).
    pub fn radius_km(&self, units: Units) -> Option<f64> {
        self.place.as_ref()?;
        RADII.get(self.widened).map(|r| match units {
            Units::Km => *r,
            Units::Mi => r * 1.609_344,
        })
    }

    /// The radius as the directory shows it, `10 km`.
    pub fn radius_words(&self, units: Units) -> Option<String> {
        self.place.as_ref()?;
        RADII
            .get(self.widened)
            .map(|r| format!("{r} {}", units.as_str()))
    }

    /// The category ids of the needs, each once (a need matched by name
    /// brings none).
    pub fn categories(&self) -> Vec<String> {
        categories_of(&self.needs)
    }
}

/// A question asked only where its answer changes the result.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Filter {
    /// Under 18 or not.
    Age,
    /// Walk-in only.
    WalkIn,
    /// A language.
    Lang,
    /// How they pay.
    Payment,
}
