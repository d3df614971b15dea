//! The directory as the program uses it: typed, checked values, each entry
//! remembering where it was written so that later checks can point at it.

use chrono::{DateTime, FixedOffset, NaiveDate};
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};

use crate::places::{Place, Units};
use crate::taxonomy::Taxonomy;

/// How times are shown in tables and on slips.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Clock {
    /// `8:00 AM`
    #[serde(rename = "12h")]
    H12,
    /// `08:00`
    #[serde(rename = "24h")]
    H24,
}

/// A crisis line printed at the foot of every slip.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CrisisLine {
    /// Who answers.
    pub name: String,
    /// The number to call.
    pub phone: String,
}

/// The `[directory]` table.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DirectoryInfo {
    /// Shown on every table and slip.
    pub name: String,
    /// The zone all hours are read in.
    pub timezone: Tz,
    /// ISO 3166-1 alpha-2 code, for public holidays.
    pub country: Option<String>,
    /// Extra public holidays.
    pub holidays: Vec<NaiveDate>,
    /// How distances are shown.
    pub units: Units,
    /// How times are shown.
    pub clock: Clock,
    /// The place used as origin when nothing else gives one.
    pub default_place: Option<String>,
    /// Printed at the foot of every slip.
    pub crisis_lines: Vec<CrisisLine>,
    /// The data is fictional.
    pub demo: bool,
}

/// Beds or slots free at a service.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Capacity {
    /// Free now.
    pub available: i64,
    /// In all.
    pub total: Option<i64>,
    /// When the figure was given.
    pub updated: Option<DateTime<FixedOffset>>,
}

/// Where an entry was written: its file and the byte offsets of its table
/// and of the keys that later checks point at.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Origin {
    /// Index into the loaded files.
    pub file: u32,
    /// Byte offset of the table.
    pub table: u32,
    /// Byte offsets of keys, by [`Field`].
    pub keys: Vec<(Field, u32, u32)>,
}

impl Origin {
    /// The byte span of a key's value, if the key was written.
    pub fn span(&self, field: Field) -> Option<std::ops::Range<usize>> {
        self.keys
            .iter()
            .find(|(f, _, _)| *f == field)
            .map(|&(_, start, end)| start as usize..end as usize)
    }
}

/// The keys of a service that later checks point at.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[allow(missing_docs)]
pub enum Field {
    Id,
    Name,
    Categories,
    Phone,
    Address,
    Hours,
    Timezone,
    Verified,
    Alert,
    AlertUntil,
    Capacity,
    Website,
    Email,
    Lat,
    Lon,
}

/// One service at one place.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[allow(missing_docs)]
pub struct Service {
    pub id: String,
    pub name: String,
    pub organization: Option<String>,
    /// Known category ids only (unknown ones are dropped with a diagnostic).
    pub categories: Vec<String>,
    pub description: Option<String>,
    pub phone: String,
    pub address: Option<String>,
    /// Latitude and longitude, WGS 84.
    pub location: Option<(f64, f64)>,
    /// OpenStreetMap opening hours, as written.
    pub hours: Option<String>,
    /// The service's own zone, when it differs from the directory's.
    pub timezone: Option<Tz>,
    pub languages: Vec<String>,
    pub age_min: Option<i64>,
    pub age_max: Option<i64>,
    pub genders: Vec<String>,
    pub payment: Vec<String>,
    pub attributes: Vec<String>,
    /// What the service treats or serves, from [`SUBSTANCES`]; empty means
    /// not stated.
    pub substances: Vec<String>,
    pub capacity: Option<Capacity>,
    pub referral_notes: Option<String>,
    pub alert: Option<String>,
    pub alert_until: Option<NaiveDate>,
    pub website: Option<String>,
    pub email: Option<String>,
    pub verified: Option<NaiveDate>,
    pub active: bool,
    /// Where it was written.
    pub origin: Origin,
}

impl Service {
    /// The zone this service's hours are read in.
    pub fn zone(&self, info: &DirectoryInfo) -> Tz {
        self.timezone.unwrap_or(info.timezone)
    }

    /// Whether the service states this attribute.
    pub fn has_attribute(&self, attribute: &str) -> bool {
        self.attributes.iter().any(|a| a == attribute)
    }
}

/// A loaded directory: only the entries that can make a safe referral.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Directory {
    /// The `[directory]` table.
    pub info: DirectoryInfo,
    /// Usable services, in file order.
    pub services: Vec<Service>,
    /// The gazetteer.
    pub places: Vec<Place>,
    /// Built-in categories extended by the directory's.
    pub taxonomy: Taxonomy,
    /// The directory's own request words (`[[word]]`), besides the
    /// built-in ones; a category word is already a synonym in `taxonomy`.
    pub words: Vec<Word>,
}

impl Directory {
    /// The service with this id.
    pub fn service(&self, id: &str) -> Option<&Service> {
        self.services.iter().find(|s| s.id == id)
    }
}

/// The payment values FORMAT.md allows.
pub const PAYMENTS: &[&str] = &[
    "free",
    "sliding-scale",
    "medicaid",
    "medicare",
    "private-insurance",
    "self-pay",
    "military",
    "ihs-tribal",
    "state-funded",
];

/// The attributes FORMAT.md defines.
pub const ATTRIBUTES: &[&str] = &[
    "walk-in",
    "same-day",
    "accepts-under-influence",
    "accepts-police-dropoff",
    "accepts-people-on-moud",
    "no-id-needed",
    "pets-allowed",
    "wheelchair-accessible",
    "deaf-services",
    "interpreter-available",
    "transport-provided",
    "telehealth",
    "mobile",
    "childcare",
    "women-with-children",
    "pregnant-postpartum",
    "veterans",
    "lgbtq-affirming",
];

/// The referral pathways of FORMAT.md.
pub const PATHWAYS: &[&str] = &[
    "self-referral",
    "active-outreach",
    "naloxone-plus",
    "officer-prevention",
    "officer-intervention",
    "community-responder",
];

/// The newest directory format this program reads.
pub const FORMAT_VERSION: i64 = 1;

/// The substances FORMAT.md knows: what a service treats or serves, and
/// what a request may narrow to.
pub const SUBSTANCES: &[&str] = &[
    "alcohol",
    "opioids",
    "stimulants",
    "benzodiazepines",
    "cannabis",
];

/// The gender values FORMAT.md names (a directory may also write free
/// text).
pub const GENDERS: &[&str] = &["women", "men", "nonbinary"];

/// What a request word means (docs/FORMAT.md, `[[word]]`).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Meaning {
    /// Same as a synonym of this category.
    Category(String),
    /// One of [`SUBSTANCES`].
    Substance(String),
    /// A preference: an attribute that ranks and never excludes.
    Prefer(String),
    /// A person word: one of [`GENDERS`].
    Gender(String),
    /// A person word: a language the person speaks (ISO 639-1).
    Lang(String),
    /// A person word: the payment values acceptable to the person.
    Payment(Vec<String>),
    /// A person word: an age range, inclusive (`teen` is 12 to 17).
    Ages(u32, u32),
    /// Filler, skipped.
    Skip,
}

/// A request word of the built-in data or of a directory: the words or
/// phrases as typed, and what they mean. More than one reading means the
/// word is never guessed: the command line stops, the desk asks which.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Word {
    /// The words or phrases, as typed.
    pub words: Vec<String>,
    /// One meaning, or several that are never guessed between.
    pub readings: Vec<Meaning>,
}

/// A service is found by its id or name in the words of a request.
impl crate::needs::Named for Service {
    fn id(&self) -> &str {
        &self.id
    }

    fn name(&self) -> &str {
        &self.name
    }
}
