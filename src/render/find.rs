//! The results of `deflect find`: a table for the desk, JSON for scripts.

use std::io::{self, Write};

use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use comfy_table::{presets, Cell, ColumnConstraint, ContentArrangement, Table, Width};
use serde_json::{json, Value};

use crate::directory::Directory;
use crate::hours::State;
use crate::matching::{Excluded, Hit, Opening};
use crate::places::Origin;
use crate::render::{
    capacity_words, distance_words, local, rfc3339, status_words, table_width, DEMO_BANNER,
};
use crate::request::Request;
use crate::sanitize::one_line;
use crate::wrap::{unbroken, width as width_of, wrap, NBSP};

/// A finished search, ready to show.
pub struct Results<'a> {
    /// The directory searched.
    pub directory: &'a Directory,
    /// When.
    pub at: DateTime<Utc>,
    /// From where.
    pub origin: Option<&'a Origin>,
    /// What was asked, as read from the words and flags.
    pub request: &'a Request,
    /// How many services met the needs but were left out by each filter.
    pub excluded: Excluded,
    /// The radius asked for, for explaining an empty answer.
    pub radius_km: Option<f64>,
    /// The first service `--open-only` left out to open.
    pub next_opening: Option<&'a Opening<'a>>,
    /// What was found, already limited.
    pub hits: &'a [Hit<'a>],
    /// How many services met the search before `--limit`.
    pub total: usize,
    /// Entries of the directory left out for faults.
    pub left_out: usize,
    /// Whether the ids may be dimmed: a terminal, and `NO_COLOR` unset.
    pub colour: bool,
}

/// Writes the table for people: a grid where its columns fit the width
/// without cutting a word or a phone number, else one result after
/// another.
pub fn table(out: &mut dyn Write, results: &Results<'_>) -> io::Result<()> {
    let info = &results.directory.info;
    let at = local(info, results.at);
    let width = usize::from(table_width());
    // Lines of words, wrapped at spaces on a narrow terminal, after
    // `indent`.
    let say = |out: &mut dyn Write, text: &str, indent: &str| -> io::Result<()> {
        for line in wrap(text, width, indent, &format!("{indent}  ")) {
            writeln!(out, "{}", line.replace(NBSP, " "))?;
        }
        Ok(())
    };
    if info.demo {
        say(out, DEMO_BANNER, "")?;
    }
    let origin = results
        .origin
        .map(|o| match &o.name {
            Some(name) => format!(" near {}", one_line(name)),
            None => format!(" near {:.5},{:.5}", o.lat, o.lon),
        })
        .unwrap_or_default();
    say(
        out,
        &format!(
            "{}: {}{origin}, {}",
            one_line(&info.name),
            count_words(results.hits.len(), results.total),
            at.format("%a %Y-%m-%d ").to_string() + &crate::render::time_of_day(&at, info.clock)
        ),
        "",
    )?;
    if let Some(line) = looking_for(results.request, results.directory, &at) {
        say(out, &line, "")?;
    }
    if !results.hits.is_empty() {
        let rows: Vec<Row> = results
            .hits
            .iter()
            .enumerate()
            .map(|(i, hit)| Row::new(i + 1, hit, results.directory, &at))
            .collect();
        let text = match grid(&rows, width) {
            Some(grid) => grid,
            None => stacked(&rows, width),
        };
        let text = if results.colour {
            dim_ids(&text, &rows)
        } else {
            text
        };
        writeln!(out, "{text}")?;
    } else {
        say(out, &nothing_matches(results), "")?;
    }
    if !results.hits.iter().any(|h| h.status.state == State::Open) && !info.crisis_lines.is_empty()
    {
        let heading = if results.hits.is_empty() {
            "Crisis lines, any time:"
        } else {
            "Nothing listed is open now. Crisis lines, any time:"
        };
        say(out, heading, "")?;
        for line in &info.crisis_lines {
            let phone = unbroken(&one_line(&line.phone));
            say(out, &format!("{}: {phone}", one_line(&line.name)), "  ")?;
        }
    }
    Ok(())
}

/// The `Looking for:` line (docs/REQUEST.md rule 11): each part of the
/// request as read, and the time when one was given. `None` for a request
/// that says nothing.
pub fn looking_for(request: &Request, directory: &Directory, at: &DateTime<Tz>) -> Option<String> {
    let mut parts = request.parts(&directory.taxonomy);
    if request.time.is_some() {
        parts.push(format!(
            "{}, {}",
            at.format("%a %-d %b"),
            crate::render::time_of_day(at, directory.info.clock)
        ));
    }
    (!parts.is_empty()).then(|| format!("Looking for: {}", parts.join(" \u{b7} ")))
}

/// Why nothing matched: how many services that meet the needs each
/// filter left out (docs/REQUEST.md, "Filters and what was left out").
fn nothing_matches(results: &Results<'_>) -> String {
    let excluded = &results.excluded;
    if excluded.total() == 0 {
        return "No service matches.".to_string();
    }
    let person = &results.request.person;
    let is = |n: usize| if n == 1 { "is" } else { "are" };
    let s = |n: usize| if n == 1 { "s" } else { "" };
    let mut reasons: Vec<String> = Vec::new();
    let mut add = |n: usize, reason: String| {
        if n > 0 {
            reasons.push(format!("{n} {reason}"));
        }
    };
    let e = excluded;
    add(
        e.substances,
        format!(
            "serve{} other substances than {}",
            s(e.substances),
            results.request.substances.join(" or ")
        ),
    );
    let ages = match (person.age, person.age_range) {
        (Some(age), _) => format!("age {age}"),
        (None, Some((min, max))) => format!("ages {min}\u{2013}{max}"),
        _ => "that age".to_string(),
    };
    add(
        e.age,
        format!("state{} ages that leave out {ages}", s(e.age)),
    );
    add(e.gender, format!("{} for other genders", is(e.gender)));
    add(
        e.lang,
        format!("{} in other languages, with no interpreter", is(e.lang)),
    );
    add(
        e.payment,
        format!("take{} no payment the person has", s(e.payment)),
    );
    add(
        e.require,
        format!(
            "{} not state {}",
            if e.require == 1 { "does" } else { "do" },
            results.request.require.join(" and ")
        ),
    );
    let radius = results
        .radius_km
        .map(|r| crate::places::format_distance(r, results.directory.info.units))
        .unwrap_or_default();
    add(e.radius, format!("{} farther than {radius}", is(e.radius)));
    let next = match results.next_opening {
        Some(next) => {
            let at = next.at.with_timezone(&results.directory.info.timezone);
            format!(
                " (the first to open is {}, {})",
                one_line(&next.service.name),
                crate::render::status::time_from(
                    &at,
                    &local(&results.directory.info, results.at),
                    results.directory.info.clock,
                    false,
                    &crate::render::status::DESK,
                )
            )
        }
        None => String::new(),
    };
    add(
        e.open_only,
        format!("{} not open at that time{next}", is(e.open_only)),
    );
    format!(
        "No service matches. Of the services that meet the needs, {}.",
        reasons.join("; ")
    )
}

/// "4 results", or "1 of 4 results" when `--limit` left some out.
fn count_words(shown: usize, total: usize) -> String {
    let plural = |n: usize| if n == 1 { "" } else { "s" };
    if total > shown {
        format!("{shown} of {total} result{}", plural(total))
    } else {
        format!("{shown} result{}", plural(shown))
    }
}

/// One result's cells, made safe, for either layout.
struct Row {
    number: String,
    name: String,
    /// `id: …`, the id `show`, `slip` and `find --slip` take.
    id: String,
    /// Under the name: an alert, beds, the referral notes, what is not
    /// stated.
    notes: Vec<String>,
    status: String,
    distance: String,
    phone: String,
    address: String,
}

impl Row {
    fn new(n: usize, hit: &Hit<'_>, directory: &Directory, at: &DateTime<Tz>) -> Row {
        let info = &directory.info;
        let s = hit.service;
        let mut notes = Vec::new();
        if let Some(alert) = &s.alert {
            if s.alert_until.is_none_or(|until| until >= at.date_naive()) {
                notes.push(format!("! {}", one_line(alert)));
            }
        }
        if let Some(capacity) = &s.capacity {
            notes.push(capacity_words(capacity, at, "beds"));
        }
        if let Some(referral) = s.referral_notes.as_deref().map(one_line) {
            if !referral.is_empty() {
                notes.push(format!("note: {referral}"));
            }
        }
        if !hit.not_stated.is_empty() {
            notes.push(format!("not stated: {}", hit.not_stated.join(", ")));
        }
        Row {
            number: n.to_string(),
            name: one_line(&s.name),
            id: format!("{ID_LABEL}{}", one_line(&s.id)),
            notes,
            status: status_words(&hit.status, at, info.clock, false),
            distance: distance_words(hit.distance_km, info.units),
            phone: one_line(&s.phone),
            address: s.address.as_deref().map(one_line).unwrap_or_default(),
        }
    }

    /// The Service cell: the name, the id, the notes, a line each.
    fn service(&self) -> String {
        let mut lines = vec![self.name.clone(), self.id.clone()];
        lines.extend(self.notes.iter().cloned());
        lines.join("\n")
    }
}

/// What comes before a result's id: a no-break space, so that the
/// label and the id are laid out as one word (it is printed as a space).
const ID_LABEL: &str = "id:\u{a0}";

/// The header of the grid.
const HEADER: [&str; 6] = ["#", "Service", "Status", "Distance", "Phone", "Address"];

/// The widest word of a text: the narrowest a column can be without
/// cutting one.
fn widest_word(text: &str) -> usize {
    text.split([' ', '\n']).map(width_of).max().unwrap_or(0)
}

/// The grid, when every column can be as wide as its widest word (its
/// whole text for the number, distance and phone) within `width`
/// columns; `None` when it cannot.
fn grid(rows: &[Row], width: usize) -> Option<String> {
    let mut least: Vec<usize> = HEADER.iter().map(|h| width_of(h)).collect();
    for row in rows {
        let cells = [
            width_of(&row.number),
            widest_word(&row.service()),
            widest_word(&row.status),
            width_of(&row.distance),
            width_of(&row.phone),
            widest_word(&row.address),
        ];
        for (l, c) in least.iter_mut().zip(cells) {
            *l = (*l).max(c);
        }
    }
    // Each column has a space either side and a rule after it, and the
    // table a rule before the first.
    let needed = least.iter().map(|l| l + 3).sum::<usize>() + 1;
    if needed > width {
        return None;
    }
    let mut table = Table::new();
    table
        .load_preset(presets::UTF8_FULL_CONDENSED)
        .set_content_arrangement(ContentArrangement::Dynamic)
        .set_width(u16::try_from(width).unwrap_or(u16::MAX))
        .set_header(HEADER.to_vec());
    for (column, l) in table.column_iter_mut().zip(&least) {
        let fixed = u16::try_from(l + 2).unwrap_or(u16::MAX);
        column.set_constraint(ColumnConstraint::LowerBoundary(Width::Fixed(fixed)));
    }
    for row in rows {
        table.add_row(vec![
            Cell::new(&row.number),
            Cell::new(row.service()),
            Cell::new(&row.status),
            Cell::new(&row.distance),
            Cell::new(&row.phone),
            Cell::new(&row.address),
        ]);
    }
    Some(table.to_string().replace(NBSP, " "))
}

/// One result after another, for a terminal too narrow for the grid:
/// the number and name, then the id, status, distance and phone, address
/// and notes, each wrapped at spaces to `width` columns. Distances and
/// phone numbers are never cut.
fn stacked(rows: &[Row], width: usize) -> String {
    let indent = rows.len().to_string().len() + 2;
    let pad = " ".repeat(indent);
    let mut lines = Vec::new();
    for row in rows {
        let number = format!("{:<indent$}", format!("{}.", row.number));
        let mut para = |text: &str, first: &str| {
            for line in wrap(text, width, first, &pad) {
                lines.push(line.replace(NBSP, " ").trim_end().to_string());
            }
        };
        para(&row.name, &number);
        para(&row.id, &pad);
        para(&row.status, &pad);
        para(
            &format!("{} · {}", unbroken(&row.distance), unbroken(&row.phone)),
            &pad,
        );
        if !row.address.is_empty() {
            para(&row.address, &pad);
        }
        for note in &row.notes {
            para(note, &pad);
        }
    }
    lines.join("\n")
}

/// The table with each result's `id: …` dimmed (SGR 2), for a terminal
/// that shows colour. The escapes are added after the layout, so widths
/// are not changed; an id cut across lines stays as it is.
fn dim_ids(text: &str, rows: &[Row]) -> String {
    let mut out = text.to_string();
    for row in rows {
        let id = row.id.replace(NBSP, " ");
        for end in [" ", "\n"] {
            let plain = format!("{id}{end}");
            out = out.replacen(&plain, &format!("\u{1b}[2m{id}\u{1b}[22m{end}"), 1);
        }
    }
    out
}

/// The JSON of one hit, in the shape of docs/CLI.md.
pub fn hit_json(hit: &Hit<'_>) -> Value {
    let s = hit.service;
    json!({
        "id": s.id,
        "name": s.name,
        "categories": s.categories,
        "phone": s.phone,
        "address": s.address,
        "distance_km": hit.distance_km.map(|d| (d * 1000.0).round() / 1000.0),
        "status": hit.status.state,
        "open_until": hit.status.open_until.as_ref().map(rfc3339),
        "opens_at": hit.status.opens_at.as_ref().map(rfc3339),
        "open_since": hit.status.open_since.as_ref().map(rfc3339),
        "note": hit.status.note,
        "matched": hit.matched,
        "verified": s.verified.map(|d| d.to_string()),
        "not_stated": hit.not_stated,
        "referral_notes": s.referral_notes,
    })
}

/// Writes the JSON object for scripts.
pub fn json(out: &mut dyn Write, results: &Results<'_>) -> io::Result<()> {
    let info = &results.directory.info;
    let value = json!({
        "directory": { "name": info.name, "demo": info.demo },
        "at": rfc3339(&local(info, results.at)),
        "origin": results.origin.map(|o| json!({ "name": o.name, "lat": o.lat, "lon": o.lon })),
        "needs": results.request.needs.iter().map(|n| json!({
            "query": n.query, "categories": n.categories, "services": n.services
        })).collect::<Vec<_>>(),
        "request": request_json(results.request),
        "results": results.hits.iter().map(hit_json).collect::<Vec<_>>(),
        "total": results.total,
        "left_out": results.left_out,
        "excluded": results.excluded,
    });
    crate::render::write_json(out, &value)
}

/// The request as read, in the shape of docs/REQUEST.md rule 11.
pub fn request_json(request: &Request) -> Value {
    let person = &request.person;
    json!({
        "needs": request.needs.iter().map(|n| json!({
            "query": n.query, "categories": n.categories, "services": n.services
        })).collect::<Vec<_>>(),
        "substances": request.substances,
        "person": {
            "age": person.age,
            "age_range": person.age_range.map(|(min, max)| [min, max]),
            "gender": person.gender,
            "lang": person.lang,
            "payment": person.payment,
        },
        "prefers": request.prefers,
        "time": request.time.as_ref().map(|t| &t.text),
        "place": request.place.as_ref().map(|p| &p.text),
        "skipped": request.skipped,
    })
}
