//! `deflect coverage` on a fixture of its own (`tests/fixtures/coverage`):
//! covered time to the minute, gaps with their ends, the night gap, the
//! services open hour by hour, exit statuses, the week strip, and the
//! printable page (issue #16).

use serde_json::{json, Value};

use crate::harness::{assert_self_contained, fixture, Deflect, Run};
use crate::printing::{png_size, Browser};

fn coverage(args: &[&str]) -> Run {
    let dir = fixture("coverage");
    Deflect::new()
        .args(["coverage", "--dir", dir.as_str()])
        .args(args)
        .run()
}

/// The measures of one need at one origin, from the JSON.
fn need<'a>(json: &'a Value, origin: &str, need: &str) -> &'a Value {
    let origin = json["origins"]
        .as_array()
        .unwrap()
        .iter()
        .find(|o| o["name"] == origin)
        .unwrap_or_else(|| panic!("no origin {origin} in {json:#}"));
    origin["needs"]
        .as_array()
        .unwrap()
        .iter()
        .find(|n| n["need"] == need)
        .unwrap_or_else(|| panic!("no need {need} at {origin}"))
}

/// `by_hour[day]` as numbers, `-1` for an hour that does not occur.
fn day(measure: &Value, day: usize) -> Vec<i64> {
    measure["by_hour"][day]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_i64().unwrap_or(-1))
        .collect()
}

/// 24 hours: `value` from `from` to `to` (exclusive), else 0.
fn hours(from: usize, to: usize, value: i64) -> Vec<i64> {
    (0..24)
        .map(|h| if (from..to).contains(&h) { value } else { 0 })
        .collect()
}

#[test]
fn covered_time_is_counted_to_the_minute_from_the_hours_engine() {
    let run = coverage(&[
        "methadone",
        "shelter",
        "crisis line",
        "recovery housing",
        "--near",
        "North Station",
        "--week-of",
        "2026-12-09",
        "--format",
        "json",
    ]);
    run.code(1);
    let json = run.json();
    assert_eq!(json["week_of"], "2026-12-07");
    assert_eq!(json["timezone"], "America/Chicago");
    assert_eq!(json["week_hours"], 168.0);
    assert_eq!(json["radius_km"], 10.0);
    assert_eq!(json["holidays"], json!([]));
    assert_eq!(json["origins"].as_array().unwrap().len(), 1);

    // Mo-Sa 05:30-13:00: 45 hours, a half hour at 05:30.
    let methadone = need(&json, "North Station", "methadone");
    assert_eq!(methadone["categories"], json!(["methadone"]));
    assert_eq!(methadone["services"], 1);
    assert_eq!(methadone["open_hours"], 45.0);
    assert_eq!(methadone["unknown_hours"], 0.0);
    assert_eq!(methadone["week_hours"], 168.0);
    // Three night half hours (05:30-06:00, Monday to Saturday) are open.
    assert_eq!(methadone["night_gap_hours"], 53.0);
    assert_eq!(
        methadone["longest_gap"],
        json!({
            "from": "2026-12-12T13:00:00-06:00", "to": "2026-12-14T00:00:00-06:00",
            "hours": 35.0, "continues_before": false, "continues_after": true
        })
    );
    let gaps = methadone["gaps"].as_array().unwrap();
    assert_eq!(gaps.len(), 7);
    assert_eq!(
        gaps[0],
        json!({
            "from": "2026-12-07T00:00:00-06:00", "to": "2026-12-07T05:30:00-06:00",
            "hours": 5.5, "continues_before": true, "continues_after": false
        })
    );
    assert_eq!(gaps[1]["hours"], 16.5);
    assert_eq!(day(methadone, 0), hours(5, 13, 1));
    assert_eq!(day(methadone, 6), hours(0, 0, 0));

    // 19:00-07:00 every day: Monday 00:00-07:00 is Sunday's night.
    let shelter = need(&json, "North Station", "shelter");
    assert_eq!(shelter["open_hours"], 84.0);
    assert_eq!(shelter["night_gap_hours"], 0.0);
    let mut monday = hours(0, 7, 1);
    monday.splice(19..24, [1; 5]);
    assert_eq!(day(shelter, 0), monday);
    assert_eq!(
        shelter["longest_gap"],
        json!({
            "from": "2026-12-07T07:00:00-06:00", "to": "2026-12-07T19:00:00-06:00",
            "hours": 12.0, "continues_before": false, "continues_after": false
        })
    );
    assert_eq!(shelter["gaps"].as_array().unwrap().len(), 7);

    // A phone line with no location counts here, in its own zone: 09:00
    // to 17:00 in New York is 08:00 to 16:00 in Chicago.
    let line = need(&json, "North Station", "crisis line");
    assert_eq!(line["open_hours"], 40.0);
    assert_eq!(day(line, 0), hours(8, 16, 1));
    assert_eq!(line["longest_gap"]["from"], "2026-12-11T16:00:00-06:00");
    assert_eq!(line["longest_gap"]["hours"], 56.0);

    // No hours stated: unknown all week, which covers nothing.
    let housing = need(&json, "North Station", "recovery housing");
    assert_eq!(housing["open_hours"], 0.0);
    assert_eq!(housing["unknown_hours"], 168.0);
    assert_eq!(
        housing["longest_gap"],
        json!({
            "from": "2026-12-07T00:00:00-06:00", "to": "2026-12-14T00:00:00-06:00",
            "hours": 168.0, "continues_before": true, "continues_after": true
        })
    );
}

#[test]
fn comment_only_rules_and_open_ends_are_unknown_never_open() {
    let run = coverage(&[
        "peer support",
        "naloxone",
        "--near",
        "North Station",
        "--week-of",
        "2026-12-09",
        "--format",
        "json",
    ]);
    run.code(1);
    let json = run.json();
    let peer = need(&json, "North Station", "peer support");
    assert_eq!(peer["open_hours"], 0.0);
    assert_eq!(peer["unknown_hours"], 168.0);
    // Mo-Su 17:00+: closed until 17:00, then unknown.
    let naloxone = need(&json, "North Station", "naloxone");
    assert_eq!(naloxone["open_hours"], 0.0);
    assert_eq!(day(naloxone, 2), hours(0, 0, 0));
    let unknown = naloxone["unknown_hours"].as_f64().unwrap();
    assert!(unknown >= 49.0, "{unknown}");
}

#[test]
fn a_public_holiday_closes_a_clinic_that_is_off_on_holidays() {
    let run = coverage(&[
        "buprenorphine",
        "--near",
        "South Station",
        "--week-of",
        "2026-11-25",
        "--format",
        "json",
    ]);
    run.code(0);
    let json = run.json();
    assert_eq!(json["holidays"], json!(["2026-11-26"]));
    // The place is named as the directory writes it.
    let clinic = need(
        &json,
        "South <script>alert(1)</script> Station",
        "buprenorphine",
    );
    // Mo-Fr 08:00-16:00 with Thanksgiving off: four days.
    assert_eq!(clinic["open_hours"], 32.0);
    assert_eq!(day(clinic, 2), hours(8, 16, 1));
    assert_eq!(day(clinic, 3), hours(0, 0, 0));
    let gaps = clinic["gaps"].as_array().unwrap();
    assert!(gaps.contains(&json!({
        "from": "2026-11-25T16:00:00-06:00", "to": "2026-11-27T08:00:00-06:00",
        "hours": 40.0, "continues_before": false, "continues_after": false
    })));
    assert_eq!(clinic["longest_gap"]["hours"], 56.0);
}

#[test]
fn a_week_across_a_change_of_the_clocks_has_167_or_169_hours() {
    let spring = coverage(&[
        "detox",
        "--near",
        "South Station",
        "--week-of",
        "2026-03-04",
        "--format",
        "json",
    ]);
    spring.code(0);
    let json = spring.json();
    assert_eq!(json["week_of"], "2026-03-02");
    assert_eq!(json["week_hours"], 167.0);
    let detox = &json["origins"][0]["needs"][0];
    assert_eq!(detox["open_hours"], 167.0);
    assert_eq!(detox["week_hours"], 167.0);
    assert_eq!(detox["gaps"], json!([]));
    assert_eq!(detox["longest_gap"], Value::Null);
    // Sunday 02:00 does not exist that night.
    let mut sunday = hours(0, 24, 1);
    sunday[2] = -1;
    assert_eq!(day(detox, 6), sunday);
    assert_eq!(detox["by_hour"][6][2], Value::Null);

    let autumn = coverage(&[
        "detox",
        "--near",
        "South Station",
        "--week-of",
        "2026-10-30",
        "--format",
        "json",
    ]);
    autumn.code(0);
    let json = autumn.json();
    assert_eq!(json["week_hours"], 169.0);
    let detox = &json["origins"][0]["needs"][0];
    assert_eq!(detox["open_hours"], 169.0);
    // 01:00 happens twice; the service is counted once.
    assert_eq!(day(detox, 6), hours(0, 24, 1));
}

#[test]
fn exit_1_when_a_need_has_no_open_time_at_some_place() {
    // No methadone within 10 km of South Station.
    let both = coverage(&["methadone", "--week-of", "2026-12-09", "--format", "json"]);
    both.code(1);
    let json = both.json();
    let south = "South <script>alert(1)</script> Station";
    assert_eq!(need(&json, south, "methadone")["open_hours"], 0.0);
    assert_eq!(need(&json, south, "methadone")["services"], 0);
    coverage(&[
        "methadone",
        "--near",
        "North Station",
        "--week-of",
        "2026-12-09",
    ])
    .code(0);

    // With no request, only the top-level groups decide: within 30 km of
    // North Station every group has open time, while peer support and
    // recovery housing have none.
    let groups = coverage(&[
        "--near",
        "North Station",
        "--radius",
        "30km",
        "--week-of",
        "2026-12-09",
        "--format",
        "json",
    ]);
    groups.code(0);
    let json = groups.json();
    let rows: Vec<&str> = json["origins"][0]["needs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["need"].as_str().unwrap())
        .collect();
    assert_eq!(
        rows,
        [
            "treatment",
            "withdrawal-management",
            "moud",
            "methadone",
            "buprenorphine",
            "harm-reduction",
            "naloxone",
            "outreach-van",
            "recovery",
            "recovery-community",
            "peer-support",
            "recovery-housing",
            "crisis",
            "crisis-line",
            "support",
            "shelter",
            "basic-needs",
            "food",
        ]
    );
    assert_eq!(
        need(&json, "North Station", "peer-support")["open_hours"],
        0.0
    );
    assert_eq!(need(&json, "North Station", "recovery")["open_hours"], 4.0);
    // Both stations: harm reduction has nothing near South Station.
    coverage(&["--week-of", "2026-12-09"]).code(1);
}

#[test]
fn person_filters_and_radius_are_those_of_find() {
    let south = "South <script>alert(1)</script> Station";
    let args = [
        "shelter",
        "--near",
        "South Station",
        "--week-of",
        "2026-12-09",
        "--format",
        "json",
    ];
    let adult = coverage(&args);
    adult.code(0);
    // Mo-Fr 18:00-22:00.
    assert_eq!(need(&adult.json(), south, "shelter")["open_hours"], 20.0);
    let teen = coverage(&[&args[..], &["--age", "17"]].concat());
    teen.code(1);
    assert_eq!(need(&teen.json(), south, "shelter")["open_hours"], 0.0);
    // Within 30 km the night shelter near North Station counts too.
    let wide = coverage(&[&args[..], &["--radius", "30", "--age", "17"]].concat());
    wide.code(0);
    assert_eq!(need(&wide.json(), south, "shelter")["open_hours"], 84.0);
    assert_eq!(wide.json()["radius_km"], 30.0);
}

#[test]
fn the_week_is_today_s_by_default() {
    let run = Deflect::new()
        .env("DEFLECT_NOW", "2026-12-13T23:30")
        .args([
            "coverage",
            "--dir",
            &fixture("coverage"),
            "detox",
            "--format",
            "json",
        ])
        .run();
    run.code(1);
    assert_eq!(run.json()["week_of"], "2026-12-07");
}

#[test]
fn bad_input_exits_2_with_a_message() {
    for (args, message) in [
        (
            vec!["no-such-need-word"],
            "deflect does not know the words \"no-such\", \"word\"",
        ),
        (vec!["--near", "Atlantis"], "Atlantis"),
        (vec!["--week-of", "2026-13-01"], "--week-of: invalid date"),
        (vec!["--week-of", "next week"], "--week-of: invalid date"),
        (vec!["--radius", "far"], "invalid radius"),
        (vec!["--radius", "0"], "greater than zero"),
        (vec!["--payment", "gold"], "unknown payment"),
    ] {
        let run = coverage(&args);
        run.code(2);
        assert!(run.stderr.contains(message), "{args:?}: {}", run.stderr);
        assert!(run.stdout.is_empty(), "{args:?}: {}", run.stdout);
    }
    // A directory with no station, no default place and no station in the
    // config: nowhere to measure from.
    let bare = tempfile::tempdir().unwrap();
    std::fs::write(
        bare.path().join("directory.toml"),
        "[directory]\nname = \"Bare\"\ntimezone = \"UTC\"\n",
    )
    .unwrap();
    let nowhere = Deflect::new()
        .args(["coverage", "--dir"])
        .args([bare.path()])
        .run();
    nowhere.code(2);
    assert!(
        nowhere.stderr.contains("names none to measure from"),
        "{}",
        nowhere.stderr
    );
    // Like validate, never the demo unless asked.
    let none = Deflect::new().args(["coverage"]).run();
    none.code(2);
    assert!(
        none.stderr.contains("no directory named"),
        "{}",
        none.stderr
    );
    let demo = Deflect::new()
        .args(["coverage", "--demo", "detox", "--week-of", "2026-12-09"])
        .run();
    demo.code(0);
    assert!(demo.stdout.contains("DEMO DATA"), "{}", demo.stdout);
}

#[test]
fn the_table_and_the_week_strip() {
    let run = coverage(&[
        "methadone",
        "--near",
        "North Station",
        "--week-of",
        "2026-12-09",
    ]);
    run.code(0);
    let strip = |day: &str, open: char, closed: char| {
        format!(
            "{day}  {}{}{}",
            closed.to_string().repeat(11),
            open.to_string().repeat(15),
            closed.to_string().repeat(22)
        )
    };
    let mut expected = vec![
        "Coverage <Test> & County: coverage, week of Mon 7 Dec to Sun 13 Dec 2026 (America/Chicago, 168 hours), within 10 km of each place".to_string(),
        String::new(),
        "North Station".into(),
        "  Need      Services Open       Unknown only Longest gap                   Night gap".into(),
        "  Methadone        1 45 h (27%) -            Sat 13:00 → end of week, 35 h 53 h".into(),
        String::new(),
        "Week strips: █ open, ░ only services of unknown hours, · nothing open; one character is half an hour".into(),
        String::new(),
        "North Station: Methadone, open 45 h of 168 (27%)".into(),
        "     00    03    06    09    12    15    18    21".into(),
    ];
    for d in ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat"] {
        expected.push(strip(d, '█', '·'));
    }
    expected.push(format!("Sun  {}", "·".repeat(48)));
    assert_eq!(
        run.stdout.lines().collect::<Vec<_>>(),
        expected,
        "{}",
        run.stdout
    );

    let ascii = coverage(&[
        "methadone",
        "--near",
        "North Station",
        "--week-of",
        "2026-12-09",
        "--ascii",
    ]);
    ascii.code(0);
    assert!(ascii.stdout.is_ascii(), "{}", ascii.stdout);
    assert!(
        ascii.stdout.contains(&strip("Wed", '#', '.')),
        "{}",
        ascii.stdout
    );
    assert!(ascii.stdout.contains("Sat 13:00 -> end of week, 35 h"));

    // Unknown time has a character of its own; a covered need no strip.
    let mixed = coverage(&[
        "recovery housing",
        "detox",
        "--radius",
        "30",
        "--near",
        "North Station",
        "--week-of",
        "2026-12-09",
    ]);
    mixed.code(1);
    assert!(mixed.stdout.contains(&format!("Tue  {}", "░".repeat(48))));
    assert!(!mixed
        .stdout
        .contains("North Station: Withdrawal management"));
}

#[test]
fn the_printable_page_is_self_contained_and_escaped() {
    let run = coverage(&["--week-of", "2026-11-25", "--format", "html"]);
    run.code(1);
    let html = &run.stdout;
    assert_self_contained(html);
    // Every value from the directory is escaped.
    assert!(html.contains("Coverage &lt;Test&gt; &amp; County"));
    assert!(html.contains("South &lt;script&gt;alert(1)&lt;/script&gt; Station"));
    assert!(html.contains("Outreach &lt;van&gt; &amp; &quot;friends&quot;"));
    assert!(!html.contains("<van>"));
    // Two stations of 18 needs each, six needs to a page: three pages each.
    assert_eq!(html.matches("<section class=\"page\">").count(), 6);
    assert_eq!(html.matches("<figure>").count(), 36);
    assert!(html.contains("week of Mon 23 Nov to Sun 29 Nov 2026"));
    assert!(html.contains("Public holidays: Thu 26 Nov"));
    assert!(html.contains("<b>10 km</b>"));
    assert!(html.contains("longest gap: <b>Sat 13:00 → end of week, 35 h</b>"));
    assert!(!html.contains("DEMO DATA"));

    let demo = Deflect::new()
        .args(["coverage", "--demo", "detox", "--format", "html"])
        .run();
    demo.code(0);
    assert_self_contained(&demo.stdout);
    assert_eq!(
        demo.stdout.matches("DEMO DATA").count(),
        3,
        "one banner a page"
    );
}

#[test]
fn a_real_browser_prints_the_page_in_landscape() {
    let Some(browser) = Browser::find("the coverage page") else {
        return;
    };
    let work = tempfile::tempdir().unwrap();
    let run = coverage(&["--week-of", "2026-11-25", "--format", "html"]);
    let page = work.path().join("coverage.html");
    std::fs::write(&page, &run.stdout).unwrap();
    let Some(pdf) = browser.pdf(&page, &work.path().join("coverage.pdf")) else {
        return;
    };
    eprintln!("coverage: {pdf:?}");
    // Six pages, each a US Letter page in landscape (Chromium's default
    // paper; A4 takes the same layout).
    assert_eq!(pdf.pages, 6);
    assert!((pdf.width - 792.0).abs() < 1.5 && (pdf.height - 612.0).abs() < 1.5);
    let png = work.path().join("coverage.png");
    if browser.png(&page, &png, 1200, 900) {
        assert_eq!(png_size(&png), (1200, 900));
        // Kept for a person to look at: DEFLECT_KEEP_PICTURES=folder.
        if let Some(keep) = std::env::var_os("DEFLECT_KEEP_PICTURES") {
            let _ = std::fs::copy(&png, std::path::Path::new(&keep).join("coverage.png"));
            let _ = std::fs::copy(
                work.path().join("coverage.pdf"),
                std::path::Path::new(&keep).join("coverage.pdf"),
            );
        }
    }
}

#[test]
fn the_readme_shows_a_real_strip() {
    let readme =
        std::fs::read_to_string(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md"))
            .unwrap();
    let command = "$ deflect coverage --demo \"recovery housing\" --near \"Central Station\" --week-of 2026-11-25\n";
    let shown = readme
        .split_once(command)
        .and_then(|(_, rest)| rest.split_once("```"))
        .map(|(strip, _)| strip)
        .expect("the README's coverage example");
    let run = Deflect::new()
        .args([
            "coverage",
            "--demo",
            "recovery housing",
            "--near",
            "Central Station",
            "--week-of",
            "2026-11-25",
        ])
        .run();
    run.code(0);
    assert_eq!(
        shown, run.stdout,
        "the README's strip is not what deflect prints"
    );
}

#[test]
fn a_directory_with_faults_is_used_as_find_uses_it() {
    let dir = fixture("broken");
    let find = Deflect::new().args(["find", "--dir", &dir, "detox"]).run();
    let run = Deflect::new()
        .args([
            "coverage",
            "--dir",
            &dir,
            "detox",
            "--week-of",
            "2026-12-09",
        ])
        .run();
    assert!(run.code == 0 || run.code == 1, "{}", run.stderr);
    assert!(run.stderr.contains("entries left out"), "{}", run.stderr);
    assert_eq!(run.stderr, find.stderr);
}

/// Issue #14: coverage reads its words as `find` does: place words give a
/// place to measure from, each need is a row, and words that change no
/// coverage (a time, a preference) are refused with what to use instead.
#[test]
fn the_request_is_read_as_find_reads_it() {
    let run = coverage(&[
        "methadone",
        "and",
        "a",
        "bed",
        "near",
        "North",
        "Station",
        "--week-of",
        "2026-12-09",
        "--format",
        "json",
    ]);
    run.code(0);
    let json = run.json();
    let origins = json["origins"].as_array().unwrap();
    assert_eq!(origins.len(), 1);
    assert_eq!(origins[0]["name"], "North Station");
    let rows: Vec<&str> = origins[0]["needs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["need"].as_str().unwrap())
        .collect();
    assert_eq!(rows, ["methadone", "a bed"]);
    assert_eq!(
        need(&json, "North Station", "methadone")["open_hours"],
        45.0
    );
    for (words, says) in [
        (&["methadone", "tonight"][..], "--week-of"),
        (&["shelter", "with", "a", "dog"], "--require"),
        (&["dope"], "never guessed"),
    ] {
        let run = coverage(words);
        run.code(2);
        assert!(run.stderr.contains(says), "{words:?}: {}", run.stderr);
    }
}
