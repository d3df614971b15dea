//! Fuzzes the opening-hours reader and evaluator with arbitrary text.
#![no_main]

use chrono::TimeZone;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(hours) = deflect::hours::Hours::parse(text) else {
        return;
    };
    // The canonical form must read back as itself.
    let again = deflect::hours::Hours::parse(hours.canonical()).expect("canonical form reads");
    assert_eq!(again.canonical(), hours.canonical());
    let calendar = deflect::hours::HolidayCalendar::new(Some("US"), &[]);
    let at = chrono::Utc.with_ymd_and_hms(2026, 3, 8, 7, 30, 0).unwrap();
    let evaluation = hours.evaluate(chrono_tz::America::Chicago, &calendar, at);
    if let Some(next) = evaluation.next_change {
        assert!(next.with_timezone(&chrono::Utc) > at);
    }
    let _ = hours.day(chrono_tz::America::Chicago, &calendar, at.date_naive());
});
