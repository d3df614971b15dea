//! Issue #15, items 1, 2 and 16: hours as the desk reads them. Times of a
//! service in another zone in the desk's zone; open-ended hours in
//! deflect's own words; holidays that say their name, a withdrawn service
//! that says so, one clock per line.

use crate::harness::{deflect, find_result, fixture, Deflect};

/// Monday 30 November 2026, 7:30 AM in Chicago (8:30 AM in New York).
const MONDAY_0730: &str = "2026-11-30T07:30";

/// The words of a slip, with its no-break spaces and the lines it wraps
/// read as single spaces.
fn plain(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// `find` with a table wide enough for any status on one line.
fn find_wide(args: &[&str]) -> String {
    let run = Deflect::new()
        .env("COLUMNS", "220")
        .args(["find"].iter().chain(args))
        .run();
    run.stdout
}

#[test]
fn issue_15_1_find_says_when_a_service_in_another_zone_opens_in_desk_time() {
    let dir = fixture("hours-desk");
    let run = deflect(["find", "--dir", &dir, "peer-support", "--at", MONDAY_0730]);
    run.code(0);
    // 09:00 in New York is 8:00 AM at a Chicago desk.
    assert!(
        run.stdout.contains("closed, opens 8:00 AM"),
        "{}",
        run.stdout
    );
    assert!(!run.stdout.contains("9:00 AM"), "{}", run.stdout);
    // JSON keeps the service's zone, with its offset: the same instant.
    assert_eq!(
        find_result(&dir, "peer-support", MONDAY_0730, "ny-warm-line")["opens_at"],
        "2026-11-30T09:00:00-05:00"
    );
}

#[test]
fn issue_15_1_show_and_slips_say_times_in_desk_time() {
    let dir = fixture("hours-desk");
    let show = deflect(["show", "--dir", &dir, "ny-warm-line", "--at", MONDAY_0730]);
    show.code(0);
    assert!(
        show.stdout
            .contains("Status:        closed, opens 8:00 AM (at Mon 2026-11-30 7:30 AM)"),
        "{}",
        show.stdout
    );
    assert!(
        show.stdout.contains(
            "The next 7 days (America/Chicago time; the service keeps America/New_York time):"
        ),
        "{}",
        show.stdout
    );
    assert!(
        show.stdout.contains("  Mon 30 Nov  8:00 AM-4:00 PM\n"),
        "{}",
        show.stdout
    );
    let slip = deflect(["slip", "--dir", &dir, "ny-warm-line", "--at", MONDAY_0730]);
    slip.code(0);
    let text = plain(&slip.stdout);
    assert!(text.contains("Closed now, opens 8:00 AM"), "{text}");
    assert!(text.contains("Mon 30 Nov: 8:00 AM–4:00 PM"), "{text}");
}

#[test]
fn issue_15_2_before_an_open_end_the_service_is_closed_and_opens_at_its_start() {
    let dir = fixture("hours-desk");
    let run = deflect([
        "find",
        "--dir",
        &dir,
        "harm-reduction",
        "--at",
        "2026-11-30T08:30",
    ]);
    run.code(0);
    assert!(
        run.stdout.contains("closed, opens 5:00 PM"),
        "{}",
        run.stdout
    );
    let drop_in = find_result(
        &dir,
        "harm-reduction",
        "2026-11-30T08:30",
        "evening-drop-in",
    );
    assert_eq!(drop_in["status"], "closed");
    assert_eq!(drop_in["opens_at"], "2026-11-30T17:00:00-06:00");
}

#[test]
fn issue_15_2_after_its_start_an_open_end_is_unknown_in_deflects_words() {
    let dir = fixture("hours-desk");
    let at = "2026-11-30T18:00";
    let table = find_wide(&["--dir", &dir, "harm-reduction", "--at", at]);
    assert!(
        table.contains("open since 5:00 PM, closing time not stated — call first"),
        "{table}"
    );
    let drop_in = find_result(&dir, "harm-reduction", at, "evening-drop-in");
    assert_eq!(drop_in["status"], "unknown");
    assert_eq!(drop_in["open_since"], "2026-11-30T17:00:00-06:00");
    assert_eq!(drop_in["note"], serde_json::Value::Null);
    // Unknown is not open: --open-only leaves it out.
    let open_only = deflect([
        "find",
        "--dir",
        &dir,
        "harm-reduction",
        "--at",
        at,
        "--open-only",
    ]);
    open_only.code(1);
    assert!(
        !open_only.stdout.contains("Evening Drop-In"),
        "{}",
        open_only.stdout
    );
    // After midnight it is still the evening's open end.
    let late = find_wide(&["--dir", &dir, "harm-reduction", "--at", "2026-12-01T01:00"]);
    assert!(
        late.contains("open since 5:00 PM, closing time not stated"),
        "{late}"
    );
}

#[test]
fn issue_15_2_no_words_of_a_library_reach_a_person() {
    let dir = fixture("hours-desk");
    let at = "2026-11-30T18:00";
    let outputs = [
        deflect(["find", "--dir", &dir, "harm-reduction", "--at", at]),
        deflect([
            "find",
            "--dir",
            &dir,
            "harm-reduction",
            "--at",
            at,
            "--format",
            "json",
        ]),
        deflect(["show", "--dir", &dir, "evening-drop-in", "--at", at]),
        deflect([
            "show",
            "--dir",
            &dir,
            "evening-drop-in",
            "--at",
            at,
            "--format",
            "json",
        ]),
        deflect(["slip", "--dir", &dir, "evening-drop-in", "--at", at]),
        deflect([
            "slip",
            "--dir",
            &dir,
            "evening-drop-in",
            "--at",
            at,
            "--lang",
            "es",
        ]),
        deflect([
            "slip",
            "--dir",
            &dir,
            "evening-drop-in",
            "--at",
            at,
            "--format",
            "html",
        ]),
        deflect(["hours", "--dir", &dir, "Mo-Su 17:00+", "--at", at]),
        deflect([
            "hours",
            "--dir",
            &dir,
            "Mo-Su 17:00+",
            "--at",
            at,
            "--format",
            "json",
        ]),
        deflect(["cards", "--dir", &dir, "harm-reduction", "--at", at]),
    ];
    for run in &outputs {
        run.code(0);
        for words in ["Specified", "guessed", "open end."] {
            assert!(!run.stdout.contains(words), "{words:?} in\n{}", run.stdout);
        }
    }
    let slip = plain(&outputs[4].stdout);
    assert!(
        slip.contains("Open since 5:00 PM, closing time not stated — call first"),
        "{slip}"
    );
    assert!(
        slip.contains("Mon 30 Nov: from 5:00 PM, closing time not stated (call first)"),
        "{slip}"
    );
    let spanish = plain(&outputs[5].stdout);
    assert!(
        spanish.contains("Abierto desde 5:00 PM, sin hora de cierre indicada"),
        "{spanish}"
    );
    let show = &outputs[2].stdout;
    assert!(
        show.contains("  Tue 01 Dec  from 5:00 PM, closing time not stated (call first)\n"),
        "{show}"
    );
    let hours = &outputs[7].stdout;
    assert!(
        hours.contains(
            "Status:      unknown: open since 5:00 PM, closing time not stated — call first"
        ),
        "{hours}"
    );
}

#[test]
fn issue_15_2_open_ended_hours_are_not_never_open() {
    let dir = fixture("hours-desk");
    let run = deflect([
        "validate",
        "--dir",
        &dir,
        "--as-of",
        "2026-11-28",
        "--format",
        "json",
    ]);
    run.code(0);
    let report = run.json();
    let codes: Vec<&str> = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["code"].as_str().unwrap())
        .collect();
    assert!(!codes.contains(&"never-open"), "{codes:?}");
}

#[test]
fn issue_15_16_holidays_say_their_name_in_show_and_hours() {
    let dir = fixture("hours-desk");
    let at = "2026-11-25T10:00";
    let show = deflect(["show", "--dir", &dir, "holiday-clinic", "--at", at]);
    show.code(0);
    assert!(
        show.stdout
            .contains("  Thu 26 Nov  closed (Thanksgiving Day)\n"),
        "{}",
        show.stdout
    );
    assert!(
        show.stdout.contains("  Wed 25 Nov  9:00 AM-5:00 PM\n"),
        "{}",
        show.stdout
    );
    let hours = deflect([
        "hours",
        "--dir",
        &dir,
        "Mo-Fr 09:00-17:00; PH off",
        "--at",
        at,
    ]);
    hours.code(0);
    assert!(
        hours
            .stdout
            .contains("  Thu 26 Nov  closed (Thanksgiving Day)\n"),
        "{}",
        hours.stdout
    );
    let json = deflect([
        "hours",
        "--dir",
        &dir,
        "Mo-Fr 09:00-17:00; PH off",
        "--at",
        at,
        "--format",
        "json",
    ])
    .json();
    assert_eq!(json["days"][1]["holiday"], "Thanksgiving Day");
    assert_eq!(json["days"][0]["holiday"], serde_json::Value::Null);
}

#[test]
fn issue_15_16_a_withdrawn_service_says_withdrawn() {
    let dir = fixture("hours-desk");
    let show = deflect([
        "show",
        "--dir",
        &dir,
        "withdrawn-detox",
        "--at",
        "2026-11-25T10:00",
    ]);
    show.code(0);
    assert!(
        show.stdout
            .contains("Status:        withdrawn from the directory for now"),
        "{}",
        show.stdout
    );
    assert!(!show.stdout.contains("hours unknown"), "{}", show.stdout);
}

#[test]
fn issue_15_16_show_and_hours_use_one_clock_per_line() {
    let dir = fixture("hours-desk");
    let at = "2026-11-25T14:05";
    let show = deflect(["show", "--dir", &dir, "holiday-clinic", "--at", at]);
    assert!(
        show.stdout
            .contains("Status:        open until 5:00 PM (at Wed 2026-11-25 2:05 PM)"),
        "{}",
        show.stdout
    );
    let hours = deflect(["hours", "--dir", &dir, "Mo-Fr 09:00-17:00", "--at", at]);
    assert!(
        hours
            .stdout
            .contains("At:          Wed 2026-11-25 2:05 PM (America/Chicago)"),
        "{}",
        hours.stdout
    );
    // Without a directory, a zone outside the US: 24 hours throughout.
    let rome = deflect([
        "hours",
        "Mo-Fr 09:00-17:00",
        "--timezone",
        "Europe/Rome",
        "--at",
        at,
    ]);
    assert!(
        rome.stdout
            .contains("At:          Wed 2026-11-25 14:05 (Europe/Rome)"),
        "{}",
        rome.stdout
    );
    assert!(
        rome.stdout
            .contains("Next change: Wed 2026-11-25 17:00 → closed"),
        "{}",
        rome.stdout
    );
    // No line of either mixes the 12-hour clock with a 24-hour time.
    for line in show.stdout.lines().chain(hours.stdout.lines()) {
        if line.contains(" AM") || line.contains(" PM") {
            for h in 13..24 {
                assert!(!line.contains(&format!("{h}:")), "{line}");
            }
        }
    }
}
