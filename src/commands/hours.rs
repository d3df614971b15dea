//! `deflect hours EXPR`: what an expression means, for the people who write
//! them.

use std::io::Write;

use anyhow::{bail, Result};
use chrono_tz::Tz;
use serde_json::json;

use crate::cli::{HoursArgs, TableFormat};
use crate::commands::Context;
use crate::directory::{self, Clock, Limits};
use crate::exit;
use crate::hours::{HolidayCalendar, Hours, State};
use crate::matching::HORIZON_DAYS;
use crate::render::hours::{day_words, days_json, week};
use crate::render::{rfc3339, time_of_day};
use crate::sanitize::visible;
use crate::when::parse_at;

pub(super) fn run(
    context: &Context<'_>,
    args: &HoursArgs,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<u8> {
    // The directory's zone and calendar are defaults only where a directory
    // is named; the demo's are not imposed on an expression typed alone.
    let info = match context.source(false) {
        Ok(source) => directory::load(&source, Limits::from_env())?.info,
        Err(_) => None,
    };
    let zone: Tz = match &args.timezone {
        Some(name) => match name.parse() {
            Ok(zone) => zone,
            Err(_) => bail!(
                "\"{}\" is not an IANA time zone: use one such as America/Chicago or Europe/Rome",
                visible(name)
            ),
        },
        None => info.as_ref().map_or(chrono_tz::UTC, |i| i.timezone),
    };
    let country = match &args.country {
        Some(code) => {
            let code = code.to_uppercase();
            if !HolidayCalendar::is_country_code(&code) {
                bail!(
                    "\"{}\" is not an ISO 3166-1 country code: use two letters such as US or IT",
                    visible(&code)
                );
            }
            Some(code)
        }
        None => info.as_ref().and_then(|i| i.country.clone()),
    };
    let extra = info
        .as_ref()
        .map(|i| i.holidays.clone())
        .unwrap_or_default();
    let calendar = HolidayCalendar::new(country.as_deref(), &extra);
    let clock = info.as_ref().map_or(
        if country.as_deref() == Some("US") {
            Clock::H12
        } else {
            Clock::H24
        },
        |i| i.clock,
    );
    let at = match parse_at(&args.at, zone, context.now(zone)?) {
        Ok(at) => {
            if let Some(note) = at.note {
                writeln!(err, "note: {note}")?;
            }
            at.instant
        }
        Err(message) => bail!("{message}"),
    };
    let local = at.with_timezone(&zone);

    let parsed = Hours::parse(&args.expression);
    let hours = match parsed {
        Ok(hours) => hours,
        Err(error) => {
            if args.format == TableFormat::Json {
                let value = json!({
                    "expression": args.expression, "valid": false, "canonical": null,
                    "error": error.message, "readings": error.readings, "at": rfc3339(&local), "status": null,
                    "open_until": null, "opens_at": null, "next_change": null, "note": null, "days": [],
                });
                crate::render::write_json(out, &value)?;
            } else {
                writeln!(out, "cannot read: {}", visible(&args.expression))?;
                if let Some(offset) = error.offset {
                    let before: String = args.expression.chars().take(offset).collect();
                    let indent = unicode_width::UnicodeWidthStr::width(visible(&before).as_str());
                    writeln!(out, "             {}^", " ".repeat(indent))?;
                }
                writeln!(out, "{}", visible(&error.message))?;
                if !error.readings.is_empty() {
                    writeln!(out, "It could mean any of:")?;
                    for reading in &error.readings {
                        writeln!(out, "  {}", visible(reading))?;
                    }
                }
            }
            return Ok(exit::NOTHING);
        }
    };

    let evaluation = hours.evaluate(zone, &calendar, at);
    let horizon = at + chrono::Duration::days(HORIZON_DAYS);
    let next_change = evaluation
        .next_change
        .filter(|t| t.with_timezone(&chrono::Utc) <= horizon);
    let open_until = next_change.filter(|_| evaluation.state == State::Open);
    let opens_at = next_change
        .filter(|_| evaluation.state != State::Open && evaluation.next_state == Some(State::Open));
    let days = week(&hours, zone, &calendar, local.date_naive(), 7);

    if args.format == TableFormat::Json {
        let value = json!({
            "expression": args.expression,
            "valid": true,
            "canonical": hours.canonical(),
            "error": null,
            "warnings": hours.warnings(),
            "at": rfc3339(&local),
            "status": evaluation.state,
            "open_until": open_until.as_ref().map(rfc3339),
            "opens_at": opens_at.as_ref().map(rfc3339),
            "next_change": next_change.as_ref().map(rfc3339),
            "note": evaluation.comment,
            "days": days_json(&days),
        });
        crate::render::write_json(out, &value)?;
        return Ok(exit::OK);
    }

    writeln!(out, "Expression:  {}", visible(&args.expression))?;
    if hours.is_canonical() {
        writeln!(
            out,
            "Canonical:   {} (as written)",
            visible(hours.canonical())
        )?;
    } else {
        writeln!(
            out,
            "Canonical:   {} (write this instead)",
            visible(hours.canonical())
        )?;
    }
    for warning in hours.warnings() {
        writeln!(out, "Read as:     {}", visible(warning))?;
    }
    writeln!(
        out,
        "At:          {} ({})",
        local.format("%a %Y-%m-%d %H:%M"),
        zone.name()
    )?;
    let state = match evaluation.state {
        State::Open => "open",
        State::Closed => "closed",
        State::Unknown => "unknown: call first",
    };
    match &evaluation.comment {
        Some(note) => writeln!(out, "Status:      {state} ({})", visible(note))?,
        None => writeln!(out, "Status:      {state}")?,
    }
    match (&next_change, evaluation.next_state) {
        (Some(t), Some(next)) => writeln!(
            out,
            "Next change: {} {} → {}",
            t.format("%a %Y-%m-%d"),
            time_of_day(t, clock),
            match next {
                State::Open => "open",
                State::Closed => "closed",
                State::Unknown => "unknown",
            }
        )?,
        _ => writeln!(out, "Next change: none within {HORIZON_DAYS} days")?,
    }
    writeln!(out, "Next 7 days:")?;
    for (date, intervals) in &days {
        writeln!(
            out,
            "  {}  {}",
            date.format("%a %d %b"),
            day_words(*date, intervals, clock)
        )?;
    }
    Ok(exit::OK)
}
