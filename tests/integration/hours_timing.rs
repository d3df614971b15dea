//! How long `Hours::evaluate` takes on ordinary expressions. Ignored by
//! default (timing needs an optimised build):
//! `cargo test --release --test integration hours_timing -- --ignored --nocapture`.

use std::time::Instant;

use chrono::{Duration, TimeZone, Utc};
use chrono_tz::America::Chicago;
use deflect::hours::{HolidayCalendar, Hours};

const EXPRESSIONS: &[&str] = &[
    "Mo-Fr 09:00-17:00; PH off",
    "24/7",
    "Mo-Fr 08:00-12:00,13:00-17:00; Sa 10:00-14:00; PH off",
    "20:00-08:00",
    "Fr,Sa 22:00-04:00",
    "Sa,Su 10:00-16:00",
    "Mo-Th 09:00-12:00; Fr 14:00-17:30 || \"by appointment\"; We off",
    "Mo 09:00-12:00",
];

#[test]
#[ignore = "timing; run in release"]
fn evaluate_timing() {
    let cal = HolidayCalendar::new(Some("US"), &[]);
    let parsed: Vec<Hours> = EXPRESSIONS
        .iter()
        .map(|e| Hours::parse(e).expect("parses"))
        .collect();
    let start = Utc
        .with_ymd_and_hms(2026, 6, 1, 0, 0, 0)
        .single()
        .expect("valid");
    let rounds = 20_000;
    let t = Instant::now();
    let mut open = 0usize;
    for i in 0..rounds {
        let at = start + Duration::minutes(37 * i as i64);
        for h in &parsed {
            let ev = h.evaluate(Chicago, &cal, at);
            open += usize::from(ev.state == deflect::hours::State::Open);
        }
    }
    let n = rounds * parsed.len();
    let per = t.elapsed().as_secs_f64() * 1e6 / n as f64;
    println!("evaluate: {per:.2} µs per call over {n} calls ({open} open)");
    assert!(per < 50.0, "evaluate takes {per:.2} µs");
}
