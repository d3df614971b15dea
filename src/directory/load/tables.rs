//! Reading one file: its TOML parsed once, then each top-level table read
//! on its own (`[directory]`, `[[service]]`, `[[place]]`, `[[category]]`,
//! `[[word]]`), before the whole directory is known.

use std::ops::Range;

use chrono_tz::Tz;
use toml::de::{DeTable, DeValue};
use toml::Spanned;

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
    /// Each service boxed where its file is read, so that joining the
    /// files moves a pointer per service, not the service: a national
    /// directory's services are never in memory twice.
    pub(super) services: Vec<(Box<Service>, Option<&'static str>, bool)>,
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
            "directory" => out.add_directory(file, key.span(), value),
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
                    out.add_entry(file_index, file, name, item, keep);
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

impl FileContents {
    /// Reads the value of a top-level `directory` key written at
    /// `key_span`.
    fn add_directory(
        &mut self,
        file: &SourceFile,
        key_span: Range<usize>,
        value: &Spanned<DeValue<'_>>,
    ) {
        match value.get_ref() {
            DeValue::Table(table) => {
                let draft = read_directory(file, table, &mut self.diagnostics);
                self.directory_tables.push((draft, key_span));
            }
            other => self.diagnostics.push(file.locate(
                Diagnostic::error(
                    "wrong-type",
                    format!(
                        "`directory` must be a table (`[directory]`), not {}",
                        other.type_str()
                    ),
                ),
                value.span(),
            )),
        }
    }

    /// Reads one item of a `[[service]]`, `[[place]]`, `[[category]]` or
    /// `[[word]]` array, `name` saying which.
    fn add_entry(
        &mut self,
        file_index: u32,
        file: &SourceFile,
        name: &str,
        item: &Spanned<DeValue<'_>>,
        keep: Keep,
    ) {
        let DeValue::Table(table) = item.get_ref() else {
            self.diagnostics.push(file.locate(
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
                self.services_declared += 1;
                self.unreadable_entries.push(LeftOut {
                    entry: file.label(item.span().start),
                    reason: "not a table",
                });
            }
            return;
        };
        match name {
            "service" => {
                self.services_declared += 1;
                let (service, fault, trimmed, diagnostics) =
                    read_service(file_index, file, table, keep);
                self.diagnostics.extend(diagnostics);
                if service.id.is_empty() {
                    let label = file.label(service.origin.table as usize);
                    self.unnamed.push((self.services.len(), label));
                }
                self.services.push((Box::new(service), fault, trimmed));
            }
            "word" => {
                let mut r = TableReader::new(file, table, "word", WORD_KEYS);
                match read_word(&mut r) {
                    Some(word) => self.words.push((word, r.table_span())),
                    None => self.bad_words += 1,
                }
                r.check_unknown_keys();
                self.diagnostics.append(&mut r.diagnostics);
            }
            "place" => {
                let mut r = TableReader::new(file, table, "place", PLACE_KEYS);
                if let Some(place) = read_place(&mut r) {
                    self.places.push((place, r.table_span()));
                }
                r.check_unknown_keys();
                self.diagnostics.append(&mut r.diagnostics);
            }
            _ => {
                let mut r = TableReader::new(file, table, "category", CATEGORY_KEYS);
                if let Some(category) = read_category(&mut r) {
                    self.categories.push(category);
                }
                self.diagnostics.append(&mut r.diagnostics);
            }
        }
    }
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
    let timezone = read_directory_zone(&mut r);
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
    let units = choice(
        &mut r,
        "units",
        &[("km", Units::Km), ("mi", Units::Mi)],
        Units::Km,
    );
    let default_clock = if country.as_deref() == Some("US") {
        Clock::H12
    } else {
        Clock::H24
    };
    let clock = choice(
        &mut r,
        "clock",
        &[("12h", Clock::H12), ("24h", Clock::H24)],
        default_clock,
    );
    let default_place = r.string("default_place");
    let default_place_span = r.value_span("default_place");
    let crisis_lines = read_crisis_lines(&mut r);
    let demo = r.boolean("demo").unwrap_or(false);
    let format_readable = read_format(&mut r);
    r.check_unknown_keys();
    diagnostics.append(&mut r.diagnostics);

    let info = match (format_readable, timezone) {
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

/// The directory's zone, which every opening hour is read in: without
/// one the directory is not usable.
fn read_directory_zone(r: &mut TableReader<'_, '_>) -> Option<Tz> {
    let Some(tz) = r.string("timezone") else {
        if !r.has("timezone") {
            r.missing(
                "timezone",
                "all opening hours are read in it; write e.g. timezone = \"America/Chicago\"",
            );
        }
        return None;
    };
    match tz.parse::<Tz>() {
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
    }
}

/// A key whose string is one of a few words, each standing for a value:
/// `default` when it is absent, or (dropped with `wrong-type`) none of
/// them.
fn choice<T: Copy>(r: &mut TableReader<'_, '_>, key: &str, choices: &[(&str, T)], default: T) -> T {
    let Some(written) = r.string(key) else {
        return default;
    };
    if let Some(&(_, value)) = choices.iter().find(|(word, _)| *word == written) {
        return value;
    }
    let words: Vec<String> = choices.iter().map(|(w, _)| format!("\"{w}\"")).collect();
    let span = r.value_span(key).unwrap_or(0..0);
    r.drop_value(
        "wrong-type",
        format!(
            "`{key}` must be {}, not \"{}\"",
            words.join(" or "),
            visible(&written)
        ),
        span,
    );
    default
}

/// The crisis lines printed at the foot of every slip; a line without a
/// name or a valid number is left off.
fn read_crisis_lines(r: &mut TableReader<'_, '_>) -> Vec<CrisisLine> {
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
    crisis_lines
}

/// Checks `format`; false when the directory is written in a format newer
/// than this program reads, so that it is not used.
fn read_format(r: &mut TableReader<'_, '_>) -> bool {
    let Some(format) = r.integer("format") else {
        return true;
    };
    let span = r.value_span("format").unwrap_or(0..0);
    if format > FORMAT_VERSION {
        r.report(
            Diagnostic::error(
                "unsupported-format",
                format!(
                    "this directory is written in format {format}, and this deflect reads format {FORMAT_VERSION} at most: upgrade deflect"
                ),
            ),
            span,
        );
        return false;
    }
    if format < 1 {
        r.drop_value(
            "unsupported-format",
            format!("`format` {format} does not exist: write format = 1"),
            span,
        );
    }
    true
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

/// Reads a `[[category]]` table: the category, where its id is written,
/// and whether it is new (has a `name`) rather than more words for a
/// category that exists.
fn read_category(r: &mut TableReader<'_, '_>) -> Option<(Category, Range<usize>, bool)> {
    let id = r.required_string("id", "give the category a kebab-case id");
    let name = r.string("name");
    let parent = r.string("parent");
    let synonyms = r.strings("synonyms").into_iter().map(|(s, _)| s).collect();
    let substances = read_substances(r);
    r.check_unknown_keys();
    let id = id?;
    let span = r.value_span("id").unwrap_or(0..0);
    let is_new = name.is_some();
    let category = Category {
        id,
        name: name.unwrap_or_default(),
        parent,
        synonyms,
        substances,
    };
    Some((category, span, is_new))
}
