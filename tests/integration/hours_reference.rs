//! Conformance of deflect's hours engine with opening_hours.js, the reference
//! implementation of OSM `opening_hours`, on its own test cases.
//!
//! The cases live outside the repository (`../shared/fixtures/opening-hours/`,
//! LGPL test data: read, never copied). When they are absent the tests are
//! reported as ignored, decided when they are built (`build.rs` sets
//! `cfg(shared_fixture = "opening-hours")` where the folder is there). Set
//! `HOURS_REFERENCE_REPORT=path` to write every disagreement to a file.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::path::PathBuf;

use chrono::{DateTime, Duration, FixedOffset, NaiveDateTime, TimeZone, Utc};
use chrono_tz::Europe::Berlin;
use deflect::hours::{HolidayCalendar, Hours, State};

use crate::harness::shared_fixture;
use crate::same_meaning;

/// The reference's cases; only tests built where they are call it.
fn fixtures() -> PathBuf {
    shared_fixture("opening-hours")
}

/// Undo the TSV writer's quoting (`"a ""b"""` → `a "b"`) and the two-char
/// escapes of tab and newline.
fn field(raw: &str) -> String {
    let unq = if raw.len() >= 2 && raw.starts_with('"') && raw.ends_with('"') {
        raw[1..raw.len() - 1].replace("\"\"", "\"")
    } else {
        raw.to_string()
    };
    unq.replace("\\n", "\n").replace("\\t", "\t")
}

fn state(s: &str) -> Option<State> {
    match s {
        "open" => Some(State::Open),
        "closed" => Some(State::Closed),
        "unknown" => Some(State::Unknown),
        _ => None,
    }
}

fn iso(s: &str) -> Option<DateTime<FixedOffset>> {
    DateTime::parse_from_str(s, "%Y-%m-%dT%H:%M%:z").ok()
}

fn calendar(location: &str) -> HolidayCalendar {
    if location == "de_bw" {
        HolidayCalendar::new(Some("DE"), &[])
    } else if let Some(i) = location.find("country_code\":\"") {
        let cc = location[i + 15..]
            .chars()
            .take(2)
            .collect::<String>()
            .to_uppercase();
        HolidayCalendar::new(Some(&cc), &[])
    } else {
        HolidayCalendar::none()
    }
}

/// Whether the `opening-hours` crate 2.1 accepts the expression as written.
fn strict(expr: &str) -> bool {
    opening_hours_syntax::parse(expr).is_ok()
}

#[derive(Default)]
struct Tally {
    cases: usize,
    state_ok: usize,
    next_ok: usize,
}

fn pct(n: usize, d: usize) -> f64 {
    if d == 0 {
        100.0
    } else {
        100.0 * n as f64 / d as f64
    }
}

#[test]
#[cfg_attr(
    not(shared_fixture = "opening-hours"),
    ignore = "../shared/fixtures/opening-hours is absent"
)]
fn reference_cases() {
    let dir = fixtures();
    let text = std::fs::read_to_string(dir.join("oh_state_cases_core.tsv")).expect("read cases");
    let mut lines = text.lines();
    let header: Vec<&str> = lines.next().expect("header").split('\t').collect();
    let col = |name: &str| header.iter().position(|h| *h == name).expect("column");
    let (c_expr, c_loc, c_at, c_state) = (
        col("expression"),
        col("location"),
        col("at_iso"),
        col("expected_state"),
    );
    let (c_next, c_next_state, c_known) = (
        col("next_change_iso"),
        col("next_state"),
        col("next_change_known"),
    );

    let mut parsed: HashMap<String, Option<Hours>> = HashMap::new();
    let (mut all, mut strict_t) = (Tally::default(), Tally::default());
    let mut report = String::new();
    let mut rejected_exprs = 0usize;
    for line in lines {
        let f: Vec<&str> = line.split('\t').collect();
        let expr = field(f[c_expr]);
        let hours = parsed
            .entry(expr.clone())
            .or_insert_with(|| {
                let h = Hours::parse(&expr).ok();
                rejected_exprs += usize::from(h.is_none());
                h
            })
            .clone();
        let is_strict = strict(&expr);
        let at = iso(f[c_at]).expect("at_iso").with_timezone(&Utc);
        let want = state(f[c_state]).expect("expected_state");
        let known = f[c_known] == "yes";
        let want_next = iso(f[c_next]).map(|d| d.with_timezone(&Utc));
        let want_next_state = state(f[c_next_state]);

        let (state_ok, next_ok, got) = match &hours {
            None => (false, false, "rejected".to_string()),
            Some(h) => {
                let ev = h.evaluate(Berlin, &calendar(f[c_loc]), at);
                let got_next = ev.next_change.map(|d| d.with_timezone(&Utc));
                let next_ok = if known {
                    match want_next {
                        // Beyond deflect's 8-day horizon, "none" agrees.
                        Some(w) if w > at + Duration::days(8) => {
                            got_next.is_none() || got_next == Some(w)
                        }
                        Some(w) => got_next == Some(w) && ev.next_state == want_next_state,
                        None => got_next.is_none(),
                    }
                } else {
                    // The reference's window ended first: agree unless deflect
                    // sees a change before the window's end.
                    let end = f[c_known]
                        .rsplit("window ")
                        .next()
                        .and_then(|s| {
                            NaiveDateTime::parse_from_str(s.trim_end_matches(')'), "%Y-%m-%d %H:%M")
                                .ok()
                        })
                        .and_then(|n| Berlin.from_local_datetime(&n).earliest())
                        .map(|d| d.with_timezone(&Utc));
                    match (got_next, end) {
                        (None, _) => true,
                        (Some(g), Some(e)) => g >= e,
                        (Some(_), None) => false,
                    }
                };
                let got = format!(
                    "{:?} {:?} next {:?} {:?}",
                    ev.state,
                    ev.comment,
                    got_next.map(|d| d.with_timezone(&Berlin).format("%F %R").to_string()),
                    ev.next_state
                );
                (ev.state == want, next_ok, got)
            }
        };
        for t in [Some(&mut all), is_strict.then_some(&mut strict_t)]
            .into_iter()
            .flatten()
        {
            t.cases += 1;
            t.state_ok += usize::from(state_ok);
            t.next_ok += usize::from(next_ok);
        }
        if !(state_ok && next_ok) {
            let _ = writeln!(
                report,
                "{}\t{}\t{}\twant {} next {} {}\tgot {}",
                if is_strict { "strict" } else { "tolerant" },
                expr.replace('\n', "\\n").replace('\t', "\\t"),
                f[c_at],
                f[c_state],
                f[c_next],
                f[c_next_state],
                got
            );
        }
    }
    if let Ok(path) = std::env::var("HOURS_REFERENCE_REPORT") {
        let _ = std::fs::write(path, &report);
    }
    println!(
        "reference cases: {} ({} distinct expressions, {} rejected by deflect)",
        all.cases,
        parsed.len(),
        rejected_exprs
    );
    for (name, t) in [("all cases:   ", &all), ("strict cases:", &strict_t)] {
        println!(
            "{name} state agreement {:.2}% ({}/{}), next-change agreement {:.2}% ({}/{})",
            pct(t.state_ok, t.cases),
            t.state_ok,
            t.cases,
            pct(t.next_ok, t.cases),
            t.next_ok,
            t.cases
        );
    }
    assert!(pct(all.state_ok, all.cases) >= 95.0, "state, all cases");
    assert!(
        pct(all.next_ok, all.cases) >= 95.0,
        "next change, all cases"
    );
    assert!(
        pct(strict_t.state_ok, strict_t.cases) >= 99.0,
        "state, strict cases"
    );
    assert!(
        pct(strict_t.next_ok, strict_t.cases) >= 99.0,
        "next change, strict cases"
    );
}

#[test]
#[cfg_attr(
    not(shared_fixture = "opening-hours"),
    ignore = "../shared/fixtures/opening-hours is absent"
)]
fn reference_rejections_are_not_read_silently() {
    let dir = fixtures();
    let text = std::fs::read_to_string(dir.join("oh_should_fail.tsv")).expect("read should-fail");
    let (mut rejected, mut warned, mut silent) = (0, 0, Vec::new());
    for line in text.lines().skip(1) {
        let expr = field(line.split('\t').next().unwrap_or(""));
        match Hours::parse(&expr) {
            Err(_) => rejected += 1,
            Ok(h) if !h.warnings().is_empty() => warned += 1,
            Ok(h) => silent.push(h.source().to_string()),
        }
    }
    println!(
        "reference rejects {} expressions: deflect rejects {rejected}, reads {warned} with a warning, reads {} as written: {:?}",
        rejected + warned + silent.len(),
        silent.len(),
        silent
    );
    // The reference rejects these only because its test gave no country or
    // region for PH/SH; deflect takes the calendar from the directory.
    for s in &silent {
        assert!(s.contains("PH") || s.contains("SH"), "read silently: {s:?}");
    }
}

/// Issue #19: every reference expression that deflect rewrites keeps its
/// meaning in the canonical form — the same state, comment and next change
/// at the reference's own instants and at instants across changes of
/// daylight saving time, holidays and year ends — and `validate --fix`
/// agrees that it may write it.
#[test]
#[cfg_attr(
    not(shared_fixture = "opening-hours"),
    ignore = "../shared/fixtures/opening-hours is absent"
)]
fn rewrites_of_reference_expressions_keep_their_meaning() {
    let dir = fixtures();
    let text = std::fs::read_to_string(dir.join("oh_state_cases_core.tsv")).expect("read cases");
    let mut lines = text.lines();
    let header: Vec<&str> = lines.next().expect("header").split('\t').collect();
    let col = |name: &str| header.iter().position(|h| *h == name).expect("column");
    let (c_expr, c_at) = (col("expression"), col("at_iso"));
    // Each distinct expression, with the instants the reference asked about.
    let mut order: Vec<String> = Vec::new();
    let mut asked: HashMap<String, Vec<DateTime<Utc>>> = HashMap::new();
    for line in lines {
        let f: Vec<&str> = line.split('\t').collect();
        let expr = field(f[c_expr]);
        let at = iso(f[c_at]).expect("at_iso").with_timezone(&Utc);
        if !asked.contains_key(&expr) {
            order.push(expr.clone());
        }
        asked.entry(expr).or_default().push(at);
    }
    let (mut rewritten, mut failures) = (0, Vec::new());
    for expr in &order {
        let Ok(hours) = Hours::parse(expr) else {
            continue;
        };
        if hours.is_canonical() {
            continue;
        }
        rewritten += 1;
        let Ok(canonical) = Hours::parse(hours.canonical()) else {
            failures.push(format!(
                "{expr:?}: the canonical form {:?} is refused",
                hours.canonical()
            ));
            continue;
        };
        if let Some(why) = same_meaning::disagreement(&hours, &canonical, &asked[expr]) {
            failures.push(why);
        }
        if let Err(change) = hours.canonical_keeps_meaning() {
            failures.push(format!("{expr:?}: --fix would refuse it: {change}"));
        }
    }
    println!(
        "reference expressions rewritten: {rewritten} of {}; meaning changed: {}",
        order.len(),
        failures.len()
    );
    assert!(rewritten > 50, "only {rewritten} rewritten");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Whether the cases are there is decided when the tests are built; the
/// decision must be the disk's, or a test is ignored that could run.
#[test]
fn the_build_knows_whether_the_cases_are_there() {
    assert_eq!(
        cfg!(shared_fixture = "opening-hours"),
        fixtures().is_dir(),
        "build.rs decided otherwise: `touch build.rs` after adding or removing ../shared/fixtures"
    );
}
