//! Reading one file: its TOML parsed once, then each top-level table read
//! on its own (`[directory]`, `[[service]]`, `[[place]]`, `[[category]]`,
//! `[[word]]`), before the whole directory is known.

use std::ops::Range;

use chrono_tz::Tz;
use toml::de::{DeTable, DeValue};

use crate::diagnostic::Diagnostic;
use crate::directory::load::fields::{check_phone, read_coordinates};
use crate::directory::load::guards::screen;
use crate::directory::load::limits::{Keep, Limits};
use crate::directory::load::report::LeftOut;
use crate::directory::load::service::read_service;
use crate::directory::model::{Clock, CrisisLine, DirectoryInfo, Service, Word, FORMAT_VERSION};
use crate::directory::read::{closest, TableReader};
use crate::directory::source::SourceFile;
use crate::directory::words::{read_substances, read_word, WORD_KEYS};
use crate::hours::HolidayCalendar;
use crate::places::{Place, Units};
use crate::sanitize::{find_forbidden, visible};
use crate::taxonomy::Category;

const DIRECTORY_KEYS: &[&str] = &[
    "name",
    "timezone",
    "country",
    "holidays",
    "units",
    "clock",
    "default_place",
    "crisis_lines",
    "demo",
    "format",
];

const PLACE_KEYS: &[&str] = &["name", "aliases", "kind", "lat", "lon"];
const CATEGORY_KEYS: &[&str] = &["id", "name", "parent", "synonyms", "substances"];
const CRISIS_KEYS: &[&str] = &["name", "phone"];

const TOP_KEYS: &[&str] = &["directory", "service", "place", "category", "word"];

/// What one file contributed.
#[derive(Default)]
pub(super) struct FileContents {
    pub(super) directory_tables: Vec<(DirectoryDraft, Range<usize>)>,
    pub(super) services: Vec<(Service, Option<&'static str>, bool)>,
    /// `file:line` of each service without an id, by index in `services`.
    pub(super) unnamed: Vec<(usize, String)>,
    pub(super) places: Vec<(Place, Range<usize>)>,
    pub(super) categories: Vec<(Category, Range<usize>, bool)>,
    pub(super) words: Vec<(Word, Range<usize>)>,
    /// `[[word]]` tables that could not be read as a word.
    pub(super) bad_words: usize,
    pub(super) diagnostics: Vec<Diagnostic>,
    pub(super) services_declared: usize,
    pub(super) unreadable_entries: Vec<LeftOut>,
}

impl FileContents {
    /// Whether the file holds nothing but services (and faults), so that
    /// nothing checked after loading points into its text but them.
    pub(super) fn only_services(&self) -> bool {
        self.directory_tables.is_empty()
            && self.places.is_empty()
            && self.categories.is_empty()
            && self.words.is_empty()
    }
}

/// A `[directory]` table as read, before the whole directory is known.
pub(super) struct DirectoryDraft {
    pub(super) info: Option<DirectoryInfo>,
    pub(super) default_place_span: Option<Range<usize>>,
}

/// Reads one file's tables, each on its own: a table that cannot be read
/// leaves the others standing.
pub(super) fn read_file(
    file_index: u32,
    file: &SourceFile,
    parsable: &str,
    limits: Limits,
    keep: Keep,
) -> FileContents {
    let mut out = FileContents::default();
    if !screen(file, parsable, limits, &mut out.diagnostics) {
        return out;
    }
    let (document, errors) = DeTable::parse_recoverable(parsable);
    if !errors.is_empty() {
        for error in errors {
            let span = error.span().unwrap_or(0..0);
            let message = error.message().trim().replace('\n', " ");
            out.diagnostics.push(file.locate(
                Diagnostic::error(
                    "toml-syntax",
                    format!("{message}; this file's entries were not loaded"),
                ),
                span,
            ));
        }
        return out;
    }
    let document = document.into_inner();
    for (key, value) in document.iter() {
        let name = key.get_ref().as_ref();
        match name {
            "directory" => match value.get_ref() {
                DeValue::Table(table) => {
                    let draft = read_directory(file, table, &mut out.diagnostics);
                    out.directory_tables.push((draft, key.span()));
                }
                other => out.diagnostics.push(file.locate(
                    Diagnostic::error(
                        "wrong-type",
                        format!(
                            "`directory` must be a table (`[directory]`), not {}",
                            other.type_str()
                        ),
                    ),
                    value.span(),
                )),
            },
            "service" | "place" | "category" | "word" => {
                let DeValue::Array(items) = value.get_ref() else {
                    out.diagnostics.push(file.locate(
                        Diagnostic::error(
                            "wrong-type",
                            format!("write each {name} as `[[{name}]]` (an array of tables)"),
                        ),
                        key.span(),
                    ));
                    continue;
                };
                for item in items.iter() {
                    let DeValue::Table(table) = item.get_ref() else {
                        out.diagnostics.push(file.locate(
                            Diagnostic::error(
                                "wrong-type",
                                format!(
                                    "each {name} must be a table, not {}",
                                    item.get_ref().type_str()
                                ),
                            ),
                            item.span(),
                        ));
                        if name == "service" {
                            out.services_declared += 1;
                            out.unreadable_entries.push(LeftOut {
                                entry: file.label(item.span().start),
                                reason: "not a table",
                            });
                        }
                        continue;
                    };
                    match name {
                        "service" => {
                            out.services_declared += 1;
                            let (service, fault, trimmed, diagnostics) =
                                read_service(file_index, file, table, keep);
                            out.diagnostics.extend(diagnostics);
                            if service.id.is_empty() {
                                let label = file.label(service.origin.table as usize);
                                out.unnamed.push((out.services.len(), label));
                            }
                            out.services.push((service, fault, trimmed));
                        }
                        "word" => {
                            let mut r = TableReader::new(file, table, "word", WORD_KEYS);
                            match read_word(&mut r) {
                                Some(word) => out.words.push((word, r.table_span())),
                                None => out.bad_words += 1,
                            }
                            r.check_unknown_keys();
                            out.diagnostics.append(&mut r.diagnostics);
                        }
                        "place" => {
                            let mut r = TableReader::new(file, table, "place", PLACE_KEYS);
                            if let Some(place) = read_place(&mut r) {
                                out.places.push((place, r.table_span()));
                            }
                            r.check_unknown_keys();
                            out.diagnostics.append(&mut r.diagnostics);
                        }
                        _ => {
                            let mut r = TableReader::new(file, table, "category", CATEGORY_KEYS);
                            let id = r.required_string("id", "give the category a kebab-case id");
                            let category_name = r.string("name");
                            let parent = r.string("parent");
                            let synonyms =
                                r.strings("synonyms").into_iter().map(|(s, _)| s).collect();
                            let substances = read_substances(&mut r);
                            r.check_unknown_keys();
                            if let Some(id) = id {
                                let span = r.value_span("id").unwrap_or(0..0);
                                let is_new = category_name.is_some();
                                out.categories.push((
                                    Category {
                                        id,
                                        name: category_name.unwrap_or_default(),
                                        parent,
                                        synonyms,
                                        substances,
                                    },
                                    span,
                                    is_new,
                                ));
                            }
                            out.diagnostics.append(&mut r.diagnostics);
                        }
                    }
                }
            }
            other if other.starts_with("x-") => {}
            other => {
                let hint = closest(other, TOP_KEYS)
                    .map(|k| format!("did you mean `{k}`?"))
                    .unwrap_or_else(|| "a file holds only [directory], [[service]], [[place]], [[category]] and [[word]] tables".into());
                out.diagnostics.push(file.locate(
                    Diagnostic::error(
                        "unknown-key",
                        format!("unknown key `{}`: {hint}", visible(other)),
                    ),
                    key.span(),
                ));
            }
        }
    }
    out
}

fn read_directory(
    file: &SourceFile,
    table: &DeTable<'_>,
    diagnostics: &mut Vec<Diagnostic>,
) -> DirectoryDraft {
    let mut r = TableReader::new(file, table, "directory", DIRECTORY_KEYS);
    let name = r.required_string(
        "name",
        "name the directory, e.g. name = \"County deflection directory\"",
    );
    let mut usable = true;

    let timezone = match r.string("timezone") {
        Some(tz) => match tz.parse::<Tz>() {
            Ok(tz) => Some(tz),
            Err(_) => {
                let span = r.value_span("timezone").unwrap_or(0..0);
                r.report(
                    Diagnostic::error(
                        "invalid-timezone",
                        format!(
                            "\"{}\" is not an IANA time zone: write one such as \"America/Chicago\" or \"Europe/Rome\"",
                            visible(&tz)
                        ),
                    ),
                    span,
                );
                None
            }
        },
        None => {
            if !r.has("timezone") {
                r.missing(
                    "timezone",
                    "all opening hours are read in it; write e.g. timezone = \"America/Chicago\"",
                );
            }
            None
        }
    };
    if timezone.is_none() {
        usable = false;
    }

    let country = r.string("country").and_then(|c| {
        if HolidayCalendar::is_country_code(&c) {
            Some(c)
        } else {
            let span = r.value_span("country").unwrap_or(0..0);
            r.drop_value(
                "invalid-country",
                format!(
                    "\"{}\" is not an ISO 3166-1 alpha-2 country code: write two capital letters such as \"US\" or \"IT\"",
                    visible(&c)
                ),
                span,
            );
            None
        }
    });
    let holidays = r.local_dates("holidays");
    let units = match r.string("units").as_deref() {
        None => Units::Km,
        Some("km") => Units::Km,
        Some("mi") => Units::Mi,
        Some(other) => {
            let span = r.value_span("units").unwrap_or(0..0);
            r.drop_value(
                "wrong-type",
                format!(
                    "`units` must be \"km\" or \"mi\", not \"{}\"",
                    visible(other)
                ),
                span,
            );
            Units::Km
        }
    };
    let default_clock = if country.as_deref() == Some("US") {
        Clock::H12
    } else {
        Clock::H24
    };
    let clock = match r.string("clock").as_deref() {
        None => default_clock,
        Some("12h") => Clock::H12,
        Some("24h") => Clock::H24,
        Some(other) => {
            let span = r.value_span("clock").unwrap_or(0..0);
            r.drop_value(
                "wrong-type",
                format!(
                    "`clock` must be \"12h\" or \"24h\", not \"{}\"",
                    visible(other)
                ),
                span,
            );
            default_clock
        }
    };
    let default_place = r.string("default_place");
    let default_place_span = r.value_span("default_place");
    let mut crisis_lines = Vec::new();
    for mut line in r.tables("crisis_lines", CRISIS_KEYS) {
        let name = line.required_string("name", "name who answers the line");
        let phone = line.required_string("phone", "give the number to call");
        if let Some(phone) = &phone {
            check_phone(&mut line, phone);
        }
        line.check_unknown_keys();
        if let (Some(name), Some(phone)) = (name, phone) {
            crisis_lines.push(CrisisLine { name, phone });
        }
        r.absorb(line);
    }
    let demo = r.boolean("demo").unwrap_or(false);
    if let Some(format) = r.integer("format") {
        if format > FORMAT_VERSION {
            let span = r.value_span("format").unwrap_or(0..0);
            r.report(
                Diagnostic::error(
                    "unsupported-format",
                    format!(
                        "this directory is written in format {format}, and this deflect reads format {FORMAT_VERSION} at most: upgrade deflect"
                    ),
                ),
                span,
            );
            usable = false;
        } else if format < 1 {
            let span = r.value_span("format").unwrap_or(0..0);
            r.drop_value(
                "unsupported-format",
                format!("`format` {format} does not exist: write format = 1"),
                span,
            );
        }
    }
    r.check_unknown_keys();
    diagnostics.append(&mut r.diagnostics);

    let info = match (usable, timezone) {
        (true, Some(timezone)) => Some(DirectoryInfo {
            name: name.unwrap_or_else(|| "Unnamed directory".into()),
            timezone,
            country,
            holidays,
            units,
            clock,
            default_place,
            crisis_lines,
            demo,
        }),
        _ => None,
    };
    DirectoryDraft {
        info,
        default_place_span,
    }
}

fn read_place(r: &mut TableReader<'_, '_>) -> Option<Place> {
    let name = r.required_string("name", "name the place as officers type it");
    // An alias with a control character is dropped (and reported); the
    // place keeps its other names.
    let aliases = r
        .strings("aliases")
        .into_iter()
        .map(|(s, _)| s)
        .filter(|a| find_forbidden(a).is_none())
        .collect();
    let kind = r.string("kind");
    let location = read_coordinates(r, true);
    let usable_name = name.filter(|n| find_forbidden(n).is_none());
    let (name, (lat, lon)) = (usable_name?, location?);
    Some(Place {
        name,
        aliases,
        kind,
        lat,
        lon,
    })
}
