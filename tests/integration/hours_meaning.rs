//! Issue #19: `validate --fix` never changes what the hours mean, and
//! `non-canonical-hours` says what kind of change a rewrite makes.

use crate::harness::{copy_fixture, deflect, find_result, fixture};

/// The `non-canonical-hours` message of a service, from the JSON report.
fn warning_for(report: &serde_json::Value, service: &str) -> Option<String> {
    report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["code"] == "non-canonical-hours" && d["service"] == service)
        .map(|d| d["message"].as_str().unwrap().to_string())
}

#[test]
fn issue_19_a_year_period_is_kept_by_fix() {
    let dir = copy_fixture("hours-fix");
    let path = dir.path().display().to_string();
    let run = deflect(["validate", "--dir", &path, "--fix", "--as-of", "2026-11-28"]);
    run.code(0);
    let after = std::fs::read_to_string(dir.path().join("directory.toml")).unwrap();
    // Every ten years, as written; never "2013+" (every year).
    assert!(
        after.contains("hours = \"2013/10 Dec 31; 2014/10 Jan 05\"   # months in lower case"),
        "{after}"
    );
    assert!(!after.contains("hours = \"2013+"), "{after}");
    // On 2024-12-28 it stays closed with no change ahead, as written.
    let hours = deflect([
        "hours",
        "2013/10 Dec 31; 2014/10 Jan 05",
        "--at",
        "2024-12-28T12:00",
        "--timezone",
        "America/Chicago",
        "--format",
        "json",
    ])
    .json();
    assert_eq!(hours["status"], "closed");
    assert_eq!(hours["next_change"], serde_json::Value::Null);
    assert_eq!(hours["canonical"], "2013/10 Dec 31; 2014/10 Jan 05");
}

#[test]
fn issue_19_a_date_with_a_plus_is_kept_by_fix_and_read_as_a_date() {
    let dir = copy_fixture("hours-fix");
    let path = dir.path().display().to_string();
    deflect(["validate", "--dir", &path, "--fix", "--as-of", "2026-11-28"]).code(0);
    let after = std::fs::read_to_string(dir.path().join("directory.toml")).unwrap();
    assert!(
        after.contains("hours = \"Mo-Su 09:00-17:00; Dec 24+ off\""),
        "{after}"
    );
    // Closed from Dec 24 to the year's end, open again in January.
    for (at, status) in [
        ("2026-12-23T12:00", "open"),
        ("2026-12-28T12:00", "closed"),
        ("2027-01-04T12:00", "open"),
    ] {
        let clinic = find_result(&path, "medical", at, "winter-closing");
        assert_eq!(clinic["status"], status, "at {at}");
    }
}

#[test]
fn issue_19_the_warning_says_what_kind_of_change_a_rewrite_makes() {
    let path = fixture("hours-fix");
    let run = deflect([
        "validate",
        "--dir",
        &path,
        "--as-of",
        "2026-11-28",
        "--format",
        "json",
    ]);
    run.code(0);
    let report = run.json();
    let night = warning_for(&report, "night-shelter").unwrap();
    assert!(
        night.contains("are read as \"Mo-Su 20:00-08:00\" (a tolerated form: \"daily\" was read as \"Mo-Su\"; spelling: a 12-hour time (am/pm) was read as a 24-hour time)"),
        "{night}"
    );
    let weekday = warning_for(&report, "weekday-clinic").unwrap();
    assert!(
        weekday.contains("(an added default: an hour without minutes was read as a full hour"),
        "{weekday}"
    );
    let decade = warning_for(&report, "decade-desk").unwrap();
    assert!(
        decade.contains("(spelling: the month \"dec\" was read as an OSM month"),
        "{decade}"
    );
    assert_eq!(warning_for(&report, "syringe-van"), None);
    // The text form carries the same words at the value's line and column.
    let text = deflect(["validate", "--dir", &path, "--as-of", "2026-11-28"]);
    assert!(
        text.stdout.contains("directory.toml:40:9: warning[non-canonical-hours]: hours \"daily 8pm-8am\" are read as"),
        "{}",
        text.stdout
    );
}

#[test]
fn issue_19_fix_dry_run_lists_the_meaning_keeping_rewrites_only() {
    let dir = copy_fixture("hours-fix");
    let path = dir.path().display().to_string();
    let before = std::fs::read_to_string(dir.path().join("directory.toml")).unwrap();
    let run = deflect(["validate", "--dir", &path, "--fix", "--dry-run"]);
    run.code(0);
    assert!(
        run.stdout
            .contains("+hours = \"2013/10 Dec 31; 2014/10 Jan 05\""),
        "{}",
        run.stdout
    );
    assert!(
        run.stderr.contains("4 values would change"),
        "{}",
        run.stderr
    );
    // No rewrite here changes a meaning, so none is refused.
    assert!(!run.stderr.contains("not rewritten"), "{}", run.stderr);
    assert_eq!(
        std::fs::read_to_string(dir.path().join("directory.toml")).unwrap(),
        before
    );
}

#[test]
fn issue_19_fix_refuses_a_rewrite_that_would_change_the_meaning() {
    let dir = copy_fixture("hours-fix-refused");
    let path = dir.path().display().to_string();
    let file = dir.path().join("directory.toml");
    let before = std::fs::read_to_string(&file).unwrap();
    let refusal = "directory.toml:17:9: warning[non-canonical-hours]: hours \"Mo-Fr 09:00-17:00; Nov-Feb 2030 off\" were not rewritten: the canonical form \"Mo-Fr 09:00-17:00; 2030 Nov-Feb off\" would mean other hours (they differ on Tue 2030-01-01); write them in OSM syntax by hand";
    // The dry run shows the refusal and only the other change.
    let dry = deflect(["validate", "--dir", &path, "--fix", "--dry-run"]);
    dry.code(0);
    assert!(dry.stderr.contains(refusal), "{}", dry.stderr);
    assert!(
        dry.stderr.contains("1 value would change"),
        "{}",
        dry.stderr
    );
    // The diff holds only the other change (the diagnostics after it
    // name the refused form).
    assert!(
        !dry.stdout
            .contains("+hours = \"Mo-Fr 09:00-17:00; 2030 Nov-Feb off\""),
        "{}",
        dry.stdout
    );
    assert!(
        dry.stdout.contains("+hours = \"Mo-Fr 09:00-17:00\""),
        "{}",
        dry.stdout
    );
    // The fix writes the other value and leaves this one as written.
    let run = deflect(["validate", "--dir", &path, "--fix", "--as-of", "2026-11-28"]);
    run.code(0);
    assert!(run.stderr.contains(refusal), "{}", run.stderr);
    assert!(run.stderr.contains("1 value rewritten"), "{}", run.stderr);
    let after = std::fs::read_to_string(&file).unwrap();
    assert_eq!(after, before.replace("Mo-Fr 9am-5pm", "Mo-Fr 09:00-17:00"));
    // The validation that follows says why it is still not canonical.
    assert!(
        run.stdout.contains("directory.toml:17:9: warning[non-canonical-hours]: hours \"Mo-Fr 09:00-17:00; Nov-Feb 2030 off\" are not written in canonical form, and the canonical form \"Mo-Fr 09:00-17:00; 2030 Nov-Feb off\" would mean other hours (they differ on Tue 2030-01-01): `deflect validate --fix` leaves them as written"),
        "{}",
        run.stdout
    );
    // And the hours mean what was written: closed on a weekday of January
    // 2030, open on one of January 2031.
    for (at, status) in [("2030-01-08T10:00", "closed"), ("2031-01-07T10:00", "open")] {
        let clinic = find_result(&path, "medical", at, "winter-clinic");
        assert_eq!(clinic["status"], status, "at {at}");
    }
}
