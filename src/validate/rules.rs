//! The rules of `validate` that judge what entries say. One function per
//! rule; each returns its findings.

use std::collections::HashMap;

use chrono::{NaiveDate, TimeZone};
use chrono_tz::Tz;

use crate::diagnostic::Diagnostic;
use crate::directory::{Field, Loaded, Service};
use crate::hours::{HolidayCalendar, Hours};
use crate::parallel::parallel_map_with;
use crate::sanitize::visible;
use crate::validate::Options;

/// An hours expression as read, and whether it opens in the coming year.
type ReadHours = Result<(Hours, bool), crate::hours::HoursError>;

/// Everything the rules share on one thread.
struct Context<'a> {
    loaded: &'a Loaded,
    options: &'a Options,
    zone: Tz,
    calendar: HolidayCalendar,
    has_calendar: bool,
    /// Parsed expressions and whether they open in the coming year, by
    /// expression and zone: a national directory repeats a few hundred.
    hours_cache: HashMap<(&'a str, Tz), ReadHours, SeededXxh3>,
}

impl<'a> Context<'a> {
    fn new(loaded: &'a Loaded, options: &'a Options) -> Self {
        let info = loaded.info.as_ref();
        let country = info.and_then(|i| i.country.as_deref());
        let extra = info.map(|i| i.holidays.as_slice()).unwrap_or(&[]);
        Context {
            loaded,
            options,
            zone: info.map_or(chrono_tz::UTC, |i| i.timezone),
            calendar: HolidayCalendar::new(country, extra),
            has_calendar: country.is_some_and(HolidayCalendar::country_has_calendar)
                || !extra.is_empty(),
            hours_cache: HashMap::default(),
        }
    }
}

/// Services judged as one task: enough to be worth handing out, few
/// enough that both cores finish together.
const CHUNK: usize = 2048;

/// Runs every rule over every service, given each one's
/// [`ContactHashes`], adding the findings to `out`.
pub fn check(
    loaded: &Loaded,
    options: &Options,
    contacts: &[ContactHashes],
    out: &mut Vec<Diagnostic>,
) {
    // Each chunk on whichever core is free, each core with a context of
    // its own; the findings are joined in the order one thread would have
    // made them.
    let chunks: Vec<&[Box<Service>]> = loaded.services.chunks(CHUNK).collect();
    let judged = parallel_map_with(
        chunks,
        2,
        || Context::new(loaded, options),
        |context, chunk| {
            // Sorted here, on every core, the chunks are long ordered runs
            // that the final sort only has to merge.
            let mut found = check_services(context, chunk);
            crate::diagnostic::sort(&mut found);
            found
        },
    );
    crate::timing::phase("validate: each service");
    let mut duplicates = Vec::new();
    possible_duplicates(loaded, contacts, &mut duplicates);
    crate::timing::phase("validate: duplicates");
    // Tens of thousands of findings, moved once into a list of their size.
    out.reserve_exact(judged.iter().map(Vec::len).sum::<usize>() + duplicates.len());
    for found in judged {
        out.extend(found);
    }
    out.extend(duplicates);
}

/// The rules that judge each service on its own.
fn check_services<'a>(context: &mut Context<'a>, services: &'a [Box<Service>]) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for service in services {
        hours(context, service, &mut out);
        verification(context, service, &mut out);
        location(context, service, &mut out);
        alert(context, service, &mut out);
        capacity(context, service, &mut out);
        website(context, service, &mut out);
        email(context, service, &mut out);
    }
    out
}

fn at(context: &Context<'_>, service: &Service, field: Option<Field>, d: Diagnostic) -> Diagnostic {
    let file = &context.loaded.files[service.origin.file as usize];
    let start = service.origin.table as usize;
    let span = field
        .and_then(|f| service.origin.span(f))
        .unwrap_or(start..start);
    let id = Some(service.id.as_str()).filter(|s| !s.is_empty());
    file.locate(d.for_service(id), span)
}

/// The byte span of a character offset inside a string value, where the
/// value is written without escapes; else the whole value.
fn span_in_string(
    text: &str,
    value: std::ops::Range<usize>,
    decoded: &str,
    char_offset: usize,
) -> std::ops::Range<usize> {
    let raw = text.get(value.clone()).unwrap_or("");
    let quote = if raw.starts_with("\"\"\"") || raw.starts_with("'''") {
        3
    } else {
        1
    };
    let inner = raw
        .get(quote..raw.len().saturating_sub(quote))
        .unwrap_or("");
    if inner != decoded {
        return value;
    }
    let byte = inner
        .char_indices()
        .nth(char_offset)
        .map_or(inner.len(), |(i, _)| i);
    let start = value.start + quote + byte;
    let len = inner[byte..].chars().next().map_or(1, char::len_utf8);
    start..start + len
}

fn hours<'a>(context: &mut Context<'a>, service: &'a Service, out: &mut Vec<Diagnostic>) {
    let Some(expr) = &service.hours else {
        out.push(at(
            context,
            service,
            Some(Field::Id),
            Diagnostic::warning(
                "missing-hours",
                "no `hours`: the desk will show \"hours unknown, call first\"; add them in OpenStreetMap syntax, e.g. hours = \"Mo-Fr 09:00-17:00\"",
            ),
        ));
        return;
    };
    let zone = service.timezone.unwrap_or(context.zone);
    let key = (expr.as_str(), zone);
    // One search of the cache for the usual expression, seen before.
    if let Some(read) = context.hours_cache.get(&key) {
        judge_hours(context, service, expr, read, out);
        return;
    }
    let read = read_hours(context, expr, zone);
    judge_hours(context, service, expr, &read, out);
    context.hours_cache.insert(key, read);
}

fn judge_hours(
    context: &Context<'_>,
    service: &Service,
    expr: &str,
    read: &ReadHours,
    out: &mut Vec<Diagnostic>,
) {
    match read {
        Err(error) => out.push(unreadable_hours(context, service, expr, error)),
        Ok((parsed, opens)) => readable_hours(context, service, expr, (parsed, *opens), out),
    }
}

/// The hours parsed, and whether they open at all in the year from the
/// day validated for: each distinct expression once per zone.
fn read_hours(context: &Context<'_>, expr: &str, zone: Tz) -> ReadHours {
    let as_of = context.options.as_of;
    Hours::parse(expr).map(|h| {
        let start = zone
            .from_local_datetime(&as_of.and_hms_opt(0, 0, 0).unwrap_or_default())
            .earliest()
            .map(|t| t.with_timezone(&chrono::Utc))
            .unwrap_or_else(chrono::Utc::now);
        let opens = h.opens_within(zone, &context.calendar, start, 366);
        (h, opens)
    })
}

/// `invalid-hours`, at the character the parser stopped at when it can be
/// found in the file.
fn unreadable_hours(
    context: &Context<'_>,
    service: &Service,
    expr: &str,
    error: &crate::hours::HoursError,
) -> Diagnostic {
    let file = &context.loaded.files[service.origin.file as usize];
    let value = service.origin.span(Field::Hours).unwrap_or(0..0);
    let span = match error.offset {
        Some(offset) => span_in_string(&file.text, value, expr, offset),
        None => value,
    };
    let mut message = format!(
        "cannot read the hours \"{}\": {}",
        visible(expr),
        visible(&error.message)
    );
    if !error.readings.is_empty() {
        message.push_str(&format!("; it could mean: {}", error.readings.join(" or ")));
    }
    let id = Some(service.id.as_str()).filter(|s| !s.is_empty());
    file.locate(
        Diagnostic::error("invalid-hours", message).for_service(id),
        span,
    )
}

/// What may still be wrong with hours that were read: not in canonical
/// form, never open, or `PH` without a holiday calendar.
fn readable_hours(
    context: &Context<'_>,
    service: &Service,
    expr: &str,
    (parsed, opens): (&Hours, bool),
    out: &mut Vec<Diagnostic>,
) {
    let mut warn = |d| out.push(at(context, service, Some(Field::Hours), d));
    if !parsed.is_canonical() {
        let message = match parsed.canonical_keeps_meaning() {
            Ok(()) => format!(
                "hours \"{}\" are read as \"{}\" ({}): write that instead (`deflect validate --fix` does it)",
                visible(expr),
                visible(parsed.canonical()),
                visible(&parsed.changes_in_words())
            ),
            Err(change) => format!(
                "hours \"{}\" are not written in canonical form, and {}: `deflect validate --fix` leaves them as written; write them in OSM syntax by hand",
                visible(expr),
                visible(&change.to_string())
            ),
        };
        warn(Diagnostic::warning("non-canonical-hours", message));
    }
    if !opens {
        warn(Diagnostic::warning(
            "never-open",
            format!(
                "hours \"{}\" are never open in the coming year: check them",
                visible(expr)
            ),
        ));
    }
    if parsed.uses_public_holidays() && !context.has_calendar {
        warn(Diagnostic::warning(
            "no-holiday-calendar",
            "`PH` is used, but deflect has no public holiday calendar for the directory's country and the directory lists no `holidays`: PH matches no day",
        ));
    }
}

fn verification(context: &Context<'_>, service: &Service, out: &mut Vec<Diagnostic>) {
    match service.verified {
        // A `verified` that was written but could not be read is reported
        // where it was loaded; saying it is missing too would be noise.
        None if service.origin.span(Field::Verified).is_some() => {}
        None => out.push(at(
            context,
            service,
            Some(Field::Id),
            Diagnostic::warning(
                "missing-verification",
                "no `verified` date: confirm the entry with the service and write the day, e.g. verified = 2026-10-15",
            ),
        )),
        Some(day) => {
            let age = (context.options.as_of - day).num_days();
            if age > context.options.max_age_days {
                out.push(at(
                    context,
                    service,
                    Some(Field::Verified),
                    Diagnostic::warning(
                        "stale-verification",
                        format!(
                            "last verified {day}, {age} days before {}, over the limit of {} days: confirm the entry with the service",
                            context.options.as_of, context.options.max_age_days
                        ),
                    ),
                ));
            }
        }
    }
}

fn location(context: &Context<'_>, service: &Service, out: &mut Vec<Diagnostic>) {
    // Coordinates that were written but refused are reported where they
    // were read (`invalid-coordinates`, `wrong-type`): they are not missing.
    let written =
        service.origin.span(Field::Lat).is_some() || service.origin.span(Field::Lon).is_some();
    if service.location.is_some() || written {
        return;
    }
    let reached_remotely = service.has_attribute("mobile")
        || service.has_attribute("telehealth")
        || service.categories.iter().any(|c| {
            context.loaded.taxonomy.serves(c, "crisis-line")
                || context.loaded.taxonomy.serves(c, "mobile-crisis")
        });
    if !reached_remotely {
        out.push(at(
            context,
            service,
            Some(Field::Id),
            Diagnostic::warning(
                "missing-location",
                "no `lat`/`lon`: the desk cannot give a distance; add them, or the attribute \"mobile\" or \"telehealth\" if the service comes to the person",
            ),
        ));
    }
}

fn alert(context: &Context<'_>, service: &Service, out: &mut Vec<Diagnostic>) {
    if let Some(until) = service.alert_until {
        if until < context.options.as_of {
            out.push(at(
                context,
                service,
                Some(Field::AlertUntil),
                Diagnostic::warning(
                    "expired-alert",
                    format!("the alert ended on {until} and is no longer shown: remove it and `alert_until`"),
                ),
            ));
        }
    }
}

fn capacity(context: &Context<'_>, service: &Service, out: &mut Vec<Diagnostic>) {
    let Some(capacity) = &service.capacity else {
        return;
    };
    let as_of: NaiveDate = context.options.as_of;
    let stale = match capacity.updated {
        None => true,
        Some(updated) => {
            let local = updated
                .with_timezone(&service.timezone.unwrap_or(context.zone))
                .date_naive();
            (as_of - local).num_days() >= 1
        }
    };
    if stale {
        out.push(at(
            context,
            service,
            Some(Field::Capacity),
            Diagnostic::warning(
                "stale-capacity",
                "the capacity figure is more than a day old (or has no `updated`): the desk shows it as stale",
            ),
        ));
    }
}

fn website(context: &Context<'_>, service: &Service, out: &mut Vec<Diagnostic>) {
    let Some(url) = &service.website else {
        return;
    };
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"));
    let ok = rest.is_some_and(|r| {
        let host = r.split('/').next().unwrap_or("");
        host.contains('.') && !r.chars().any(char::is_whitespace)
    });
    if !ok {
        out.push(at(
            context,
            service,
            Some(Field::Website),
            Diagnostic::warning(
                "invalid-url",
                format!(
                    "\"{}\" is not a web address: write it in full, starting with https://",
                    visible(url)
                ),
            ),
        ));
    }
}

fn email(context: &Context<'_>, service: &Service, out: &mut Vec<Diagnostic>) {
    let Some(address) = &service.email else {
        return;
    };
    let ok = match address.split_once('@') {
        Some((local, domain)) => {
            !local.is_empty()
                && domain.contains('.')
                && !domain.starts_with('.')
                && !domain.ends_with('.')
                && !address.chars().any(char::is_whitespace)
                && !domain.contains('@')
        }
        None => false,
    };
    if !ok {
        out.push(at(
            context,
            service,
            Some(Field::Email),
            Diagnostic::warning(
                "invalid-email",
                format!("\"{}\" is not an email address", visible(address)),
            ),
        ));
    }
}

/// `text` without case, spacing or punctuation, as UTF-8 bytes written
/// into `out` (emptied first): the hashing of 100,000 names and addresses
/// reuses one buffer.
fn normalize_into(text: &str, out: &mut Vec<u8>) {
    out.clear();
    if text.is_ascii() {
        // The usual name or address: whole-buffer passes, no character
        // decoding.
        out.extend_from_slice(text.as_bytes());
        out.retain(u8::is_ascii_alphanumeric);
        out.make_ascii_lowercase();
    } else {
        let mut utf8 = [0u8; 4];
        for c in text
            .chars()
            .filter(|c| c.is_alphanumeric())
            .flat_map(char::to_lowercase)
        {
            out.extend_from_slice(c.encode_utf8(&mut utf8).as_bytes());
        }
    }
}

/// What two services are compared by: the name, the phone's digits and
/// the address, each without case, spacing or punctuation, written into
/// the three buffers (emptied first). Returns whether there is an address.
fn contact_into(service: &Service, [name, phone, address]: &mut [Vec<u8>; 3]) -> bool {
    normalize_into(&service.name, name);
    phone.clear();
    phone.extend(service.phone.bytes().filter(u8::is_ascii_digit));
    match &service.address {
        Some(text) => {
            normalize_into(text, address);
            true
        }
        None => {
            address.clear();
            false
        }
    }
}

/// [`contact_into`], in texts of their own, for the rare comparison.
fn contact(service: &Service) -> (Vec<u8>, Vec<u8>, Option<Vec<u8>>) {
    let mut buffers = <[Vec<u8>; 3]>::default();
    let has_address = contact_into(service, &mut buffers);
    let [name, phone, address] = buffers;
    (name, phone, has_address.then_some(address))
}

/// A hash of a name with a phone or an address: the other text hashed
/// with the name's hash as its seed, so that where one ends and the other
/// begins is part of the hash. Two one-shot hashes of short texts cost a
/// fraction of one streamed hash.
fn pair_hash(name: &[u8], other: &[u8]) -> u64 {
    use xxhash_rust::xxh3::{xxh3_64, xxh3_64_with_seed};
    xxh3_64_with_seed(other, xxh3_64(name))
}

/// A map keyed by hashes already made.
type ByHash = HashMap<u64, usize, SeededXxh3>;

/// How the rules' maps hash their keys, 100,000 times a run: each piece of
/// a key hashed in one shot with xxh3, seeded with the hash so far, from a
/// random seed per map. The standard SipHash costs several times more; a
/// random seed keeps a directory from choosing keys that collide.
#[derive(Clone)]
struct SeededXxh3(u64);

impl Default for SeededXxh3 {
    fn default() -> Self {
        use std::hash::BuildHasher;
        SeededXxh3(std::collections::hash_map::RandomState::new().hash_one(0u64))
    }
}

impl std::hash::BuildHasher for SeededXxh3 {
    type Hasher = Xxh3Chained;

    fn build_hasher(&self) -> Xxh3Chained {
        Xxh3Chained(self.0)
    }
}

/// The hasher of [`SeededXxh3`].
struct Xxh3Chained(u64);

impl std::hash::Hasher for Xxh3Chained {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        self.0 = xxhash_rust::xxh3::xxh3_64_with_seed(bytes, self.0);
    }
}

/// What a service is compared with others by, for `possible-duplicate`:
/// the hash of its normalised name with its phone's digits, and with its
/// normalised address; `None` for what it lacks (or for both, unnamed).
pub type ContactHashes = (Option<u64>, Option<u64>);

/// A service's [`ContactHashes`]. Best worked out while loading
/// ([`crate::directory::Listing::load_visiting`]), when the service's text
/// is still in the core's cache.
pub fn contact_hashes(service: &Service) -> ContactHashes {
    thread_local! {
        static BUFFERS: std::cell::RefCell<[Vec<u8>; 3]> = Default::default();
    }
    BUFFERS.with_borrow_mut(|buffers| contact_hashes_by(service, buffers, pair_hash))
}

/// [`contact_hashes`] with buffers for the normalised texts and the hash
/// of a name and a phone or address given, so that a test can make every
/// hash the same.
fn contact_hashes_by(
    service: &Service,
    buffers: &mut [Vec<u8>; 3],
    pair_hash: fn(&[u8], &[u8]) -> u64,
) -> ContactHashes {
    if service.name.is_empty() {
        return (None, None);
    }
    let has_address = contact_into(service, buffers);
    let [name, phone, address] = buffers;
    (
        (!phone.is_empty()).then(|| pair_hash(name, phone)),
        has_address.then(|| pair_hash(name, address)),
    )
}

/// Every service's [`ContactHashes`], on every core, for a directory
/// loaded without them.
pub fn all_contact_hashes(services: &[Box<Service>]) -> Vec<ContactHashes> {
    let chunks: Vec<&[Box<Service>]> = services.chunks(CHUNK).collect();
    parallel_map_with(chunks, 2, <[Vec<u8>; 3]>::default, |buffers, chunk| {
        chunk
            .iter()
            .map(|s| contact_hashes_by(s, buffers, pair_hash))
            .collect::<Vec<_>>()
    })
    .into_iter()
    .flatten()
    .collect()
}

/// `possible-duplicate`: a service with the same name and phone, or the
/// same name and address, as an earlier one, given each service's
/// [`ContactHashes`]. The texts are compared only where two hashes meet.
fn possible_duplicates(loaded: &Loaded, hashes: &[ContactHashes], out: &mut Vec<Diagnostic>) {
    let services = &loaded.services;
    let same_phone = |i: usize, j: usize| {
        let (a, b) = (contact(&services[i]), contact(&services[j]));
        a.0 == b.0 && a.1 == b.1
    };
    let same_address = |i: usize, j: usize| {
        let (a, b) = (contact(&services[i]), contact(&services[j]));
        a.0 == b.0 && a.2 == b.2
    };
    // The first service with each name and phone, and with each name and
    // address: the earliest twin of a service is the earlier of the two,
    // found without comparing it with every service of the same name (a
    // national directory repeats a few hundred names thousands of times).
    let mut by_phone = ByHash::with_capacity_and_hasher(hashes.len(), Default::default());
    let mut by_address = ByHash::with_capacity_and_hasher(hashes.len(), Default::default());
    let earliest =
        |map: &mut ByHash, hash: Option<u64>, i: usize, same: &dyn Fn(usize, usize) -> bool| {
            let first = *map.entry(hash?).or_insert(i);
            if first == i {
                None
            } else if same(i, first) {
                Some(first)
            } else {
                // Two different texts with one hash: look the slow way.
                (0..i).find(|&j| !services[j].name.is_empty() && same(i, j))
            }
        };
    for (i, service) in services.iter().enumerate() {
        let (phone_hash, address_hash) = hashes[i];
        let twin = match (
            earliest(&mut by_phone, phone_hash, i, &same_phone),
            earliest(&mut by_address, address_hash, i, &same_address),
        ) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        };
        if let Some(j) = twin {
            let other = &loaded.services[j];
            let other_file = &loaded.files[other.origin.file as usize];
            let other_at = other_file.label(other.origin.table as usize);
            let file = &loaded.files[service.origin.file as usize];
            let span = service.origin.span(Field::Name).unwrap_or(0..0);
            let id = Some(service.id.as_str()).filter(|s| !s.is_empty());
            out.push(file.locate(
                Diagnostic::warning(
                    "possible-duplicate",
                    format!(
                        "same name and phone or address as \"{}\" at {other_at}: is it the same service?",
                        visible(&other.id),
                    ),
                )
                .for_service(id),
                span,
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::directory::{load_bytes, Limits};

    /// Many services sharing a few names, phones and addresses: each
    /// possible duplicate must name the earliest service of the same name
    /// with the same phone or address, as comparing with every earlier one
    /// would.
    #[test]
    fn each_possible_duplicate_names_its_earliest_twin() {
        let names = [
            "Harbor Clinic",
            "harbor  clinic!",
            "Oak House",
            "Naloxone Van",
        ];
        let phones = ["", "555-0100", "(555) 0101", "555 0100"];
        let addresses = [
            None,
            Some("1 Main St"),
            Some("1 main st."),
            Some("9 Elm Rd"),
        ];
        let mut text = String::from("[directory]\nname = \"Twins\"\ntimezone = \"UTC\"\n");
        for i in 0..200usize {
            text.push_str(&format!(
                "[[service]]\nid = \"s{i}\"\nname = \"{}\"\ncategories = [\"detox\"]\nphone = \"{}\"\n",
                names[i * 7 % 4],
                phones[i * 5 % 4]
            ));
            if let Some(address) = addresses[i * 3 % 4] {
                text.push_str(&format!("address = \"{address}\"\n"));
            }
        }
        let loaded = load_bytes(
            vec![("a.toml".into(), text.into_bytes())],
            Limits::default(),
        );
        let pairs = |hash: fn(&[u8], &[u8]) -> u64| {
            let mut buffers = Default::default();
            let hashes: Vec<ContactHashes> = loaded
                .services
                .iter()
                .map(|s| contact_hashes_by(s, &mut buffers, hash))
                .collect();
            let mut found = Vec::new();
            possible_duplicates(&loaded, &hashes, &mut found);
            found
                .iter()
                .map(|d| {
                    let other = d.message.split('"').nth(1).unwrap_or_default();
                    (d.service.clone().unwrap_or_default(), other.to_string())
                })
                .collect::<Vec<(String, String)>>()
        };
        // The plain reading: every earlier service, in order.
        let services = &loaded.services;
        let key = contact;
        let mut expected = Vec::new();
        for (i, s) in services.iter().enumerate() {
            let (name, phone, address) = key(s);
            let twin = services[..i].iter().find(|o| {
                let (other_name, other_phone, other_address) = key(o);
                other_name == name
                    && ((!phone.is_empty() && phone == other_phone)
                        || (address.is_some() && address == other_address))
            });
            if let Some(o) = twin {
                expected.push((s.id.clone(), o.id.clone()));
            }
        }
        assert!(expected.len() > 100, "{}", expected.len());
        assert_eq!(pairs(pair_hash), expected);
        // Every text with one hash: still only true twins are paired.
        assert_eq!(pairs(|_, _| 7), expected);
    }
}
