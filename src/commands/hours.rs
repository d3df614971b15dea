//! `deflect hours EXPR`: what an expression means, for the people who write
//! them.

use std::io::Write;

use anyhow::{bail, Result};
use chrono::DateTime;
use chrono_tz::Tz;
use serde_json::json;

use crate::cli::{HoursArgs, TableFormat};
use crate::directory::{self, Clock, Limits};
use crate::exit;
use crate::hours::{Evaluation, HolidayCalendar, Hours, State, HORIZON_DAYS};
use crate::matching::Status;
use crate::render::hours::{day_line, days_json, week};
use crate::render::status::{fill, time_from, DESK};
use crate::render::{rfc3339, time_of_day};
use crate::sanitize::visible;
use crate::session::{Fallback, Session};

/// Where and how an expression is read: the zone, holidays and clock.
struct Setting {
    zone: Tz,
    calendar: HolidayCalendar,
    clock: Clock,
}

pub(super) fn run(
    session: &Session,
    args: &HoursArgs,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<u8> {
    let setting = setting(session, args)?;
    let zone = setting.zone;
    let at = session.instant_in(zone, Some(&args.at), err)?;
    let local = at.with_timezone(&zone);
    match Hours::parse(&args.expression) {
        Ok(hours) => {
            let evaluation = hours.evaluate(zone, &setting.calendar, at);
            let reading = Reading {
                hours: &hours,
                evaluation: &evaluation,
                local,
                setting: &setting,
            };
            match args.format {
                TableFormat::Json => reading.json(out, args)?,
                TableFormat::Table => reading.text(out, args)?,
            }
            Ok(exit::OK)
        }
        Err(error) => {
            refusal(out, args, &error, &local)?;
            Ok(exit::NOTHING)
        }
    }
}

/// The zone, holidays and clock: from the flags, else the directory named,
/// else UTC and no holidays. The directory's are defaults only where one
/// is named; the demo's are not imposed on an expression typed alone.
fn setting(session: &Session, args: &HoursArgs) -> Result<Setting> {
    let info = match session.source(Fallback::Refuse) {
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
    let clock = info.as_ref().map_or(
        if country.as_deref() == Some("US") {
            Clock::H12
        } else {
            Clock::H24
        },
        |i| i.clock,
    );
    Ok(Setting {
        zone,
        calendar: HolidayCalendar::new(country.as_deref(), &extra),
        clock,
    })
}

/// An expression that cannot be read: where, why, and what it could mean.
fn refusal(
    out: &mut dyn Write,
    args: &HoursArgs,
    error: &crate::hours::HoursError,
    local: &DateTime<Tz>,
) -> Result<()> {
    if args.format == TableFormat::Json {
        let value = json!({
            "expression": args.expression, "valid": false, "canonical": null,
            "error": error.message, "readings": error.readings, "at": rfc3339(local), "status": null,
            "open_until": null, "opens_at": null, "next_change": null, "open_since": null, "note": null, "days": [],
        });
        crate::render::write_json(out, &value)?;
        return Ok(());
    }
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
    Ok(())
}

/// An expression read and evaluated at one instant.
struct Reading<'a> {
    hours: &'a Hours,
    evaluation: &'a Evaluation,
    /// The instant, in the zone.
    local: DateTime<Tz>,
    setting: &'a Setting,
}

impl Reading<'_> {
    /// The next change (the evaluator reports none beyond
    /// [`HORIZON_DAYS`]).
    fn next_change(&self) -> Option<DateTime<Tz>> {
        self.evaluation.next_change
    }

    /// The next 7 days.
    fn days(&self) -> Vec<(chrono::NaiveDate, Vec<crate::hours::Interval>)> {
        let Setting { zone, calendar, .. } = self.setting;
        week(
            self.hours,
            *zone,
            *zone,
            calendar,
            self.local.date_naive(),
            7,
        )
    }

    fn json(&self, out: &mut dyn Write, args: &HoursArgs) -> Result<()> {
        let (hours, evaluation) = (self.hours, self.evaluation);
        let next_change = self.next_change();
        // `open_until` and `opens_at` mean what they mean for `find`.
        let status = Status::of(evaluation.clone());
        let (open_until, opens_at) = (status.open_until, status.opens_at);
        let value = json!({
            "expression": args.expression,
            "valid": true,
            "canonical": hours.canonical(),
            "error": null,
            "warnings": hours.warnings(),
            "changes": hours.changes().iter().map(|c| json!({ "kind": c.kind, "text": c.text })).collect::<Vec<_>>(),
            "at": rfc3339(&self.local),
            "status": evaluation.state,
            "open_until": open_until.as_ref().map(rfc3339),
            "opens_at": opens_at.as_ref().map(rfc3339),
            "next_change": next_change.as_ref().map(rfc3339),
            "open_since": evaluation.open_end_since.as_ref().map(rfc3339),
            "note": evaluation.comment,
            "days": days_json(&self.days(), &self.setting.calendar),
        });
        crate::render::write_json(out, &value)?;
        Ok(())
    }

    fn text(&self, out: &mut dyn Write, args: &HoursArgs) -> Result<()> {
        let (hours, evaluation, local) = (self.hours, self.evaluation, &self.local);
        let Setting {
            zone,
            calendar,
            clock,
        } = self.setting;
        let clock = *clock;
        writeln!(out, "Expression:  {}", visible(&args.expression))?;
        let verdict = if hours.is_canonical() {
            "as written".to_string()
        } else {
            match hours.canonical_keeps_meaning() {
                Ok(()) => "write this instead".to_string(),
                Err(change) => format!("not the same: {change}"),
            }
        };
        writeln!(
            out,
            "Canonical:   {} ({})",
            visible(hours.canonical()),
            visible(&verdict)
        )?;
        for change in hours.changes() {
            writeln!(
                out,
                "Read as:     {} ({})",
                visible(&change.text),
                change.kind.words()
            )?;
        }
        writeln!(
            out,
            "At:          {} {} ({})",
            local.format("%a %Y-%m-%d"),
            time_of_day(local, clock),
            zone.name()
        )?;
        let state = match (evaluation.state, &evaluation.open_end_since) {
            (State::Open, _) => "open".to_string(),
            (State::Closed, _) => "closed".to_string(),
            (State::Unknown, Some(since)) => format!(
                "unknown: {}",
                fill(
                    DESK.open_end,
                    &[&time_from(since, local, clock, false, &DESK)]
                )
            ),
            (State::Unknown, None) => "unknown: call first".to_string(),
        };
        match &evaluation.comment {
            Some(note) => writeln!(out, "Status:      {state} ({})", visible(note))?,
            None => writeln!(out, "Status:      {state}")?,
        }
        match (self.next_change(), evaluation.next_state) {
            (Some(t), Some(next)) => writeln!(
                out,
                "Next change: {} {} → {}",
                t.format("%a %Y-%m-%d"),
                time_of_day(&t, clock),
                match next {
                    State::Open => "open",
                    State::Closed => "closed",
                    State::Unknown => "unknown",
                }
            )?,
            _ => writeln!(out, "Next change: none within {HORIZON_DAYS} days")?,
        }
        writeln!(out, "Next 7 days:")?;
        for (date, intervals) in &self.days() {
            writeln!(out, "  {}", day_line(*date, intervals, clock, calendar))?;
        }
        Ok(())
    }
}
