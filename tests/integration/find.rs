//! `deflect find` and `deflect show` on the county fixture: what is open,
//! in which order, for whom.

use serde_json::Value;

use crate::harness::{deflect, fixture, readme_output, Deflect};

fn find(args: &[&str]) -> crate::harness::Run {
    let dir = fixture("county");
    let mut all = vec!["find", "--dir", dir.as_str()];
    all.extend_from_slice(args);
    deflect(all)
}

fn ids(json: &Value) -> Vec<String> {
    json["results"]
        .as_array()
        .expect("results")
        .iter()
        .map(|r| r["id"].as_str().unwrap().to_string())
        .collect()
}

fn result<'a>(json: &'a Value, id: &str) -> &'a Value {
    json["results"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["id"] == id)
        .unwrap_or_else(|| panic!("{id} not in results: {json:#}"))
}

#[test]
fn saturday_2am_open_units_come_first_nearest_first() {
    let run = find(&[
        "detox",
        "shelter",
        "--at",
        "2026-11-28T02:00",
        "--format",
        "json",
    ]);
    run.code(0);
    let json = run.json();
    assert_eq!(json["at"], "2026-11-28T02:00:00-06:00");
    assert_eq!(json["origin"]["name"], "Central Station");
    assert_eq!(
        json["needs"][0]["categories"],
        serde_json::json!(["withdrawal-management"])
    );
    assert_eq!(
        json["needs"][1]["categories"],
        serde_json::json!(["shelter"])
    );
    let ids = ids(&json);
    // Every listed service is open at 2 a.m. on a Saturday: the weekend
    // unit, the 24/7 unit, the overnight shelter, the 24/7 shelters.
    for r in json["results"].as_array().unwrap() {
        assert_eq!(r["status"], "open", "{r:#}");
    }
    assert_eq!(
        ids,
        [
            "trimmed-shelter",
            "detox-weekend",
            "youth-shelter",
            "shelter-overnight",
            "detox-247"
        ],
        "open services, nearest first"
    );
    assert_eq!(
        result(&json, "shelter-overnight")["open_until"],
        "2026-11-28T08:00:00-06:00"
    );
    assert_eq!(
        result(&json, "detox-weekend")["open_until"],
        "2026-11-30T00:00:00-06:00"
    );
    assert!(result(&json, "detox-247")["open_until"].is_null());
    // The left-out entry is counted on standard error.
    assert!(run.stderr.contains("1 entry left out"), "{}", run.stderr);
    assert!(run.stderr.contains("no-phone-shelter"));
    assert!(run.stderr.contains("deflect validate"));
}

#[test]
fn a_trimmed_entry_is_kept_and_a_left_out_one_is_not() {
    let json = find(&["shelter", "--at", "2026-11-28T02:00", "--format", "json"]).json();
    let ids = ids(&json);
    assert!(ids.contains(&"trimmed-shelter".to_string()));
    assert!(!ids.contains(&"no-phone-shelter".to_string()));
}

#[test]
fn monday_the_weekend_unit_is_closed_until_saturday() {
    let json = find(&["detox", "--at", "2026-11-30T10:00", "--format", "json"]).json();
    assert_eq!(ids(&json), ["detox-247", "detox-weekend"]);
    let weekend = result(&json, "detox-weekend");
    assert_eq!(weekend["status"], "closed");
    assert_eq!(weekend["opens_at"], "2026-12-05T00:00:00-06:00");
    assert!(weekend["open_until"].is_null());
}

#[test]
fn a_closed_clinic_says_when_it_opens() {
    let run = find(&["bup", "--at", "2026-11-30T07:00", "--format", "json"]);
    let json = run.json();
    let clinic = result(&json, "bup-clinic");
    assert_eq!(clinic["status"], "closed");
    assert_eq!(clinic["opens_at"], "2026-11-30T09:00:00-06:00");
    let table = find(&["bup", "--at", "2026-11-30T07:00"]);
    assert!(table.stdout.contains("opens 9:00 AM"), "{}", table.stdout);
}

#[test]
fn ph_off_clinic_is_closed_on_thanksgiving() {
    let json = find(&[
        "buprenorphine",
        "--at",
        "2026-11-26T10:00",
        "--format",
        "json",
    ])
    .json();
    let clinic = result(&json, "bup-clinic");
    assert_eq!(clinic["status"], "closed");
    assert_eq!(clinic["opens_at"], "2026-11-27T09:00:00-06:00");
    // The day before, it is open.
    let json = find(&[
        "buprenorphine",
        "--at",
        "2026-11-25T10:00",
        "--format",
        "json",
    ])
    .json();
    assert_eq!(result(&json, "bup-clinic")["status"], "open");
}

#[test]
fn overnight_shelter_closes_at_8_standard_time_after_dst_ends() {
    let json = find(&["shelter", "--at", "2026-10-31T22:00", "--format", "json"]).json();
    let shelter = result(&json, "shelter-overnight");
    assert_eq!(shelter["status"], "open");
    assert_eq!(shelter["open_until"], "2026-11-01T08:00:00-06:00");
    assert_eq!(json["at"], "2026-10-31T22:00:00-05:00");
}

#[test]
fn a_phone_only_service_has_no_distance_and_comes_after_located_ones() {
    let json = find(&[
        "crisis",
        "detox",
        "--at",
        "2026-11-28T02:00",
        "--format",
        "json",
    ])
    .json();
    let line = result(&json, "crisis-line");
    assert!(line["distance_km"].is_null());
    let ids = ids(&json);
    assert_eq!(ids.last().unwrap(), "crisis-line");
}

#[test]
fn more_needs_met_rank_first() {
    let json = find(&[
        "methadone",
        "buprenorphine",
        "--at",
        "2026-11-30T10:00",
        "--format",
        "json",
    ])
    .json();
    assert_eq!(ids(&json), ["methadone-clinic", "bup-clinic"]);
    assert_eq!(
        result(&json, "methadone-clinic")["matched"],
        serde_json::json!(["methadone", "buprenorphine"])
    );
}

#[test]
fn radius_in_km_and_miles() {
    let near = find(&[
        "naloxone",
        "--radius",
        "5",
        "--at",
        "2026-11-28T02:00",
        "--format",
        "json",
    ])
    .json();
    assert!(!ids(&near).contains(&"naloxone-far".to_string()));
    let km = find(&[
        "naloxone",
        "--radius",
        "35km",
        "--at",
        "2026-11-28T02:00",
        "--format",
        "json",
    ])
    .json();
    assert!(ids(&km).contains(&"naloxone-far".to_string()));
    let mi = find(&[
        "naloxone",
        "--radius",
        "15mi",
        "--at",
        "2026-11-28T02:00",
        "--format",
        "json",
    ])
    .json();
    assert!(!ids(&mi).contains(&"naloxone-far".to_string()));
    let mi = find(&[
        "naloxone",
        "--radius",
        "20mi",
        "--at",
        "2026-11-28T02:00",
        "--format",
        "json",
    ])
    .json();
    assert!(ids(&mi).contains(&"naloxone-far".to_string()));
}

#[test]
fn age_language_and_payment_filters() {
    let adult = find(&[
        "shelter",
        "--age",
        "30",
        "--at",
        "2026-11-28T02:00",
        "--format",
        "json",
    ])
    .json();
    assert!(!ids(&adult).contains(&"youth-shelter".to_string()));
    let teen = find(&[
        "shelter",
        "--age",
        "15",
        "--at",
        "2026-11-28T02:00",
        "--format",
        "json",
    ])
    .json();
    assert!(ids(&teen).contains(&"youth-shelter".to_string()));
    assert_eq!(
        result(&teen, "shelter-overnight")["not_stated"],
        serde_json::json!(["age"])
    );
    assert_eq!(
        result(&teen, "youth-shelter")["not_stated"],
        serde_json::json!([])
    );

    let polish = find(&[
        "buprenorphine",
        "--lang",
        "pl",
        "--at",
        "2026-11-30T10:00",
        "--format",
        "json",
    ])
    .json();
    assert_eq!(ids(&polish), ["methadone-clinic"]);
    assert_eq!(
        result(&polish, "methadone-clinic")["not_stated"],
        serde_json::json!(["languages"])
    );
    let spanish = find(&[
        "buprenorphine",
        "--lang",
        "es",
        "--at",
        "2026-11-30T10:00",
        "--format",
        "json",
    ])
    .json();
    assert_eq!(
        ids(&spanish),
        ["bup-clinic", "methadone-clinic"],
        "both eligible, nearer first"
    );

    let medicaid = find(&[
        "buprenorphine",
        "--payment",
        "medicaid",
        "--at",
        "2026-11-30T10:00",
        "--format",
        "json",
    ])
    .json();
    assert_eq!(ids(&medicaid), ["bup-clinic"]);

    let women = find(&[
        "residential",
        "--gender",
        "men",
        "--at",
        "2026-11-30T10:00",
        "--format",
        "json",
    ]);
    women.code(1);
}

#[test]
fn require_keeps_only_services_that_state_the_attribute() {
    let json = find(&[
        "detox",
        "--require",
        "walk-in",
        "--at",
        "2026-11-30T10:00",
        "--format",
        "json",
    ])
    .json();
    assert_eq!(ids(&json), ["detox-247"]);
    let run = find(&["detox", "--require", "walkin"]);
    run.code(2);
    assert!(run.stderr.contains("walk-in"), "{}", run.stderr);
}

#[test]
fn open_only_and_limit() {
    let json = find(&[
        "--open-only",
        "--at",
        "2026-11-30T07:00",
        "--format",
        "json",
    ])
    .json();
    for r in json["results"].as_array().unwrap() {
        assert_eq!(r["status"], "open");
    }
    let json = find(&[
        "--limit",
        "2",
        "--at",
        "2026-11-30T07:00",
        "--format",
        "json",
    ])
    .json();
    assert_eq!(json["results"].as_array().unwrap().len(), 2);
}

#[test]
fn fuzzy_needs_resolve_to_the_right_category() {
    let json = find(&["suboxon", "--format", "json", "--at", "2026-11-30T10:00"]).json();
    assert_eq!(json["needs"][0]["query"], "suboxon");
    assert_eq!(
        json["needs"][0]["categories"],
        serde_json::json!(["buprenorphine"])
    );
    let json = find(&[
        "neddle",
        "exchange",
        "--format",
        "json",
        "--at",
        "2026-11-30T10:00",
    ])
    .json();
    assert_eq!(json["needs"].as_array().unwrap().len(), 1);
    assert_eq!(
        json["needs"][0]["categories"],
        serde_json::json!(["syringe-services"])
    );
}

#[test]
fn an_unknown_need_exits_2_with_suggestions() {
    // Junk gets no suggestion (better none than a weak one)...
    let run = find(&["xyzzy"]);
    run.code(2);
    assert!(run.stderr.contains("\"xyzzy\""), "{}", run.stderr);
    assert!(!run.stderr.contains("did you mean"), "{}", run.stderr);
    assert!(run.stderr.contains("deflect categories"), "{}", run.stderr);
    // ...a near miss gets the close word, and the rest is read.
    let run = find(&["detox", "nalxne"]);
    run.code(2);
    assert!(run.stderr.contains("\"nalxne\""), "{}", run.stderr);
    assert!(
        run.stderr.contains("did you mean: naloxone"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("Withdrawal management"),
        "{}",
        run.stderr
    );
}

#[test]
fn places_by_name_alias_fuzzy_and_coordinates() {
    let json = find(&[
        "detox",
        "--near",
        "hq",
        "--at",
        "2026-11-28T02:00",
        "--format",
        "json",
    ])
    .json();
    assert_eq!(json["origin"]["name"], "Central Station");
    let json = find(&[
        "detox",
        "--near",
        "Pilsn",
        "--at",
        "2026-11-28T02:00",
        "--format",
        "json",
    ])
    .json();
    assert_eq!(json["origin"]["name"], "Pilsen");
    let json = find(&[
        "detox",
        "--near",
        "41.8858,-87.6229",
        "--at",
        "2026-11-28T02:00",
        "--format",
        "json",
    ])
    .json();
    assert!(json["origin"]["name"].is_null());
    assert_eq!(json["origin"]["lat"], 41.8858);
}

#[test]
fn a_mistyped_postcode_is_an_error_not_another_postcode() {
    let run = find(&["detox", "--near", "60609"]);
    run.code(2);
    assert!(run.stderr.contains("60609"));
    assert!(run.stderr.contains("60608"), "{}", run.stderr);
}

#[test]
fn bad_values_exit_2_with_a_message_naming_them() {
    for (args, needle) in [
        (
            vec!["detox", "--at", "2026-02-30T10:00"],
            "2026-02-30T10:00",
        ),
        (vec!["detox", "--at", "yesterday"], "yesterday"),
        (
            vec!["detox", "--at", "2026-03-08T02:30"],
            "2026-03-08T02:30",
        ),
        (vec!["detox", "--radius", "-3"], "-3"),
        (vec!["detox", "--radius", "5 parsecs"], "5 parsecs"),
        (vec!["detox", "--age", "old"], "old"),
        (vec!["detox", "--near", "Atlantis"], "Atlantis"),
        (vec!["detox", "--payment", "bitcoin"], "bitcoin"),
        (vec!["detox", "--gender", "robot"], "robot"),
        (vec!["detox", "--substance", "tea"], "tea"),
        (vec!["detox", "--prefer", "jacuzzi"], "jacuzzi"),
    ] {
        let run = find(&args);
        run.code(2);
        assert!(run.stderr.contains(needle), "{args:?}: {}", run.stderr);
        assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
    }
}

#[test]
fn nothing_found_exits_1_and_shows_crisis_lines() {
    let run = find(&[
        "naloxone",
        "--near",
        "Pilsen",
        "--radius",
        "0.1",
        "--open-only",
        "--at",
        "2026-11-30T10:00",
    ]);
    run.code(1);
    assert!(run.stdout.contains("988"), "{}", run.stdout);
}

#[test]
fn when_nothing_listed_is_open_the_table_ends_with_crisis_lines() {
    let run = find(&["buprenorphine", "--at", "2026-11-29T03:00"]);
    run.code(0);
    assert!(run.stdout.contains("Crisis lines"), "{}", run.stdout);
    assert!(run.stdout.contains("(312) 555-0199"));
}

#[test]
fn results_do_not_depend_on_the_machine_timezone() {
    let dir = fixture("county");
    let args = [
        "find",
        "--dir",
        dir.as_str(),
        "detox",
        "shelter",
        "--at",
        "2026-11-28T02:00",
        "--format",
        "json",
    ];
    let utc = Deflect::new().args(args).env("TZ", "UTC").run();
    let tokyo = Deflect::new().args(args).env("TZ", "Asia/Tokyo").run();
    let la = Deflect::new()
        .args(args)
        .env("TZ", "America/Los_Angeles")
        .run();
    assert_eq!(utc.stdout, tokyo.stdout);
    assert_eq!(utc.stdout, la.stdout);
}

#[test]
fn unknown_hours_come_last_and_say_call_first() {
    let run = find(&["mental health", "--at", "2026-11-30T10:00"]);
    assert!(run.stdout.contains("hours unknown"), "{}", run.stdout);
    let json = find(&[
        "mental health",
        "--at",
        "2026-11-30T10:00",
        "--format",
        "json",
    ])
    .json();
    assert_eq!(result(&json, "counseling-unknown")["status"], "unknown");
}

#[test]
fn the_demo_is_used_when_no_directory_is_named_and_says_so() {
    let run = deflect(["find", "detox", "--at", "2026-11-28T02:00"]);
    run.code(0);
    assert!(run.stdout.starts_with("DEMO DATA"), "{}", run.stdout);
    let json = deflect([
        "find",
        "detox",
        "--at",
        "2026-11-28T02:00",
        "--format",
        "json",
    ])
    .json();
    assert_eq!(json["directory"]["demo"], true);
}

#[test]
fn show_prints_one_service_with_seven_days() {
    let dir = fixture("county");
    let run = deflect([
        "show",
        "--dir",
        dir.as_str(),
        "bup-clinic",
        "--at",
        "2026-11-26T10:00",
    ]);
    run.code(0);
    assert!(run.stdout.contains("Halsted Bridge Clinic (bup-clinic)"));
    assert!(run.stdout.contains("Ask for the bridge nurse."));
    assert!(run.stdout.contains("Thu 26 Nov  closed"), "{}", run.stdout);
    assert!(
        run.stdout.contains("Fri 27 Nov  9:00 AM-5:00 PM"),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains("Verified:      2026-11-01"));
    let json = deflect([
        "show",
        "--dir",
        dir.as_str(),
        "bup-clinic",
        "--at",
        "2026-11-26T10:00",
        "--format",
        "json",
    ])
    .json();
    assert_eq!(json["days"].as_array().unwrap().len(), 7);
    assert_eq!(json["status"], "closed");
}

#[test]
fn show_an_unknown_id_suggests_close_ones() {
    let dir = fixture("county");
    let run = deflect(["show", "--dir", dir.as_str(), "bup-clinc"]);
    run.code(2);
    assert!(run.stderr.contains("bup-clinic"), "{}", run.stderr);
}

/// DEFLECT_TIMINGS adds `timing:` lines on standard error and changes
/// nothing a person or a script reads on standard output.
#[test]
fn phase_timings_go_to_standard_error_only() {
    let args = [
        "--demo",
        "find",
        "detox",
        "--at",
        "2026-11-28T02:00",
        "--format",
        "json",
    ];
    let plain = Deflect::new().args(args).run();
    let timed = Deflect::new().args(args).env("DEFLECT_TIMINGS", "1").run();
    assert_eq!(timed.code, plain.code);
    assert_eq!(timed.stdout, plain.stdout);
    let lines: Vec<&str> = timed
        .stderr
        .lines()
        .filter(|l| l.starts_with("timing: "))
        .collect();
    assert!(
        lines.iter().any(|l| l.contains("read and parse files")),
        "{}",
        timed.stderr
    );
    assert!(
        lines.iter().any(|l| l.contains("search and write")),
        "{}",
        timed.stderr
    );
    assert!(!plain.stderr.contains("timing:"), "{}", plain.stderr);
}

#[test]
fn deflect_now_fixes_the_clock_in_the_directorys_zone() {
    let fixed = Deflect::new()
        .env("DEFLECT_NOW", "2026-11-28T02:00")
        .args(["find", "detox", "--format", "json"])
        .run();
    fixed.code(0);
    let pinned = deflect([
        "find",
        "detox",
        "--at",
        "2026-11-28T02:00",
        "--format",
        "json",
    ]);
    assert_eq!(fixed.json()["at"], pinned.json()["at"]);
    assert_eq!(ids(&fixed.json()), ids(&pinned.json()));
    // An RFC 3339 time works too; a time that is not one is exit 2.
    let rfc = Deflect::new()
        .env("DEFLECT_NOW", "2026-11-28T08:00:00Z")
        .args(["find", "detox", "--format", "json"])
        .run();
    assert_eq!(rfc.json()["at"], pinned.json()["at"]);
    let bad = Deflect::new()
        .env("DEFLECT_NOW", "yesterday")
        .args(["find", "detox"])
        .run();
    bad.code(2);
    assert!(
        bad.stderr
            .contains("DEFLECT_NOW=\"yesterday\" is not a time"),
        "{}",
        bad.stderr
    );
    // A local time the directory's clocks skip is an error naming the gap.
    let gap = Deflect::new()
        .env("DEFLECT_NOW", "2026-03-08T02:30")
        .args(["find", "detox"])
        .run();
    gap.code(2);
    assert!(gap.stderr.contains("clocks go forward"), "{}", gap.stderr);
}

/// The README's quick start shows the first lines of `find` on the demo
/// directory: every line shown is the line deflect prints there, in order,
/// and the `…` that ends it stands for lines that do follow.
#[test]
fn the_readme_quick_start_shows_what_find_prints() {
    let shown = readme_output("deflect find detox --at 2026-11-28T02:00");
    let shown: Vec<&str> = shown.lines().collect();
    let (elision, head) = shown.split_last().expect("the README shows output");
    assert_eq!(*elision, "…", "the README's example ends with an elision");
    // Not a terminal: deflect's default width, which the README shows.
    let run = Deflect::new()
        .env_remove("COLUMNS")
        .args(["find", "detox", "--at", "2026-11-28T02:00"])
        .run();
    run.code(0);
    let printed: Vec<&str> = run.stdout.lines().collect();
    assert!(
        printed.len() > head.len(),
        "deflect prints no more than the README shows before its …:\n{}",
        run.stdout
    );
    assert_eq!(
        printed[..head.len()],
        head[..],
        "the README's quick start is not what deflect prints"
    );
    // What the … leaves out is the rest of the table, and nothing after it.
    assert!(
        printed.last().is_some_and(|line| line.starts_with('└')),
        "{}",
        run.stdout
    );
}
