//! Fuzzes the opening-hours reader, evaluator and canonical printer with
//! arbitrary text. For every expression deflect reads, the canonical form
//! must read back as itself, and `validate --fix` must never write one that
//! means other hours (issue #19): where its check lets a canonical form
//! through, the two must give the same state, comment and next change at
//! instants across changes of daylight saving time, public holidays, leap
//! days and year ends, in two zones. Where it refuses one, the form is left
//! as written and reported, which is safe (a single year written after its
//! months, `Nov-Feb 2002`, is such a form: found by this target).
#![no_main]

use chrono::{NaiveDate, TimeZone, Utc};
use chrono_tz::Tz;
use deflect::hours::{HolidayCalendar, Hours};
use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;

/// Local dates worth comparing: DST changes in Chicago and Berlin, US and
/// German holidays, a leap day, year ends, and years ten apart (periods).
const DATES: &[(i32, u32, u32)] = &[
    (2013, 12, 31),
    (2014, 1, 1),
    (2023, 12, 31),
    (2024, 2, 29),
    (2024, 12, 31),
    (2025, 1, 1),
    (2026, 3, 8),
    (2026, 3, 29),
    (2026, 4, 6),
    (2026, 6, 10),
    (2026, 6, 13),
    (2026, 6, 14),
    (2026, 10, 25),
    (2026, 11, 1),
    (2026, 11, 26),
    (2026, 12, 24),
    (2026, 12, 25),
    (2027, 1, 4),
];

const TIMES: &[(u32, u32)] = &[(0, 0), (2, 30), (8, 30), (17, 0), (23, 59)];

fn places() -> &'static [(Tz, HolidayCalendar)] {
    static PLACES: OnceLock<Vec<(Tz, HolidayCalendar)>> = OnceLock::new();
    PLACES.get_or_init(|| {
        vec![
            (
                chrono_tz::America::Chicago,
                HolidayCalendar::new(Some("US"), &[]),
            ),
            (
                chrono_tz::Europe::Berlin,
                HolidayCalendar::new(Some("DE"), &[]),
            ),
        ]
    })
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(hours) = Hours::parse(text) else {
        return;
    };
    // The canonical form must read back as itself.
    let again = Hours::parse(hours.canonical()).expect("canonical form reads");
    assert_eq!(again.canonical(), hours.canonical());
    // A rewrite that --fix would refuse is never written, so only one that
    // it would write must mean the same, at every instant compared.
    let written = hours.canonical_keeps_meaning().is_ok();
    for (zone, calendar) in places() {
        for &(y, m, d) in DATES {
            for &(h, min) in TIMES {
                let Some(local) = NaiveDate::from_ymd_opt(y, m, d)
                    .and_then(|day| day.and_hms_opt(h, min, 0))
                    .and_then(|t| zone.from_local_datetime(&t).earliest())
                else {
                    continue;
                };
                let at = local.with_timezone(&Utc);
                let a = hours.evaluate(*zone, calendar, at);
                if let Some(next) = a.next_change {
                    assert!(next.with_timezone(&Utc) > at);
                }
                if written {
                    let b = again.evaluate(*zone, calendar, at);
                    assert_eq!(
                        (a.state, &a.comment, a.next_change, a.next_state),
                        (b.state, &b.comment, b.next_change, b.next_state),
                        "{text:?} and its canonical form {:?} differ at {local}",
                        hours.canonical()
                    );
                }
            }
        }
        let _ = hours.day(*zone, calendar, NaiveDate::from_ymd_opt(2026, 3, 8).unwrap());
    }
});
