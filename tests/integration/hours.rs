//! `deflect hours EXPR`: what an expression means.

use crate::harness::deflect;

#[test]
fn a_valid_expression_with_state_next_change_and_days() {
    let run = deflect([
        "hours",
        "Mo-Fr 09:00-17:00; PH off",
        "--at",
        "2026-11-26T10:00",
        "--timezone",
        "America/Chicago",
        "--country",
        "US",
        "--format",
        "json",
    ]);
    run.code(0);
    let json = run.json();
    assert_eq!(json["valid"], true);
    assert_eq!(json["status"], "closed");
    assert_eq!(json["next_change"], "2026-11-27T09:00:00-06:00");
    assert_eq!(json["opens_at"], "2026-11-27T09:00:00-06:00");
    assert_eq!(json["days"].as_array().unwrap().len(), 7);
    assert_eq!(json["days"][1]["date"], "2026-11-27");
}

#[test]
fn an_invalid_expression_exits_1_and_points_at_the_fault() {
    let run = deflect([
        "hours",
        "Mo-Fr 09:00-17:00; Xx 10:00",
        "--at",
        "2026-11-26T10:00",
    ]);
    run.code(1);
    assert!(run.stdout.contains("cannot read"), "{}", run.stdout);
    assert!(run.stdout.contains('^'));
    let json = deflect(["hours", "Mo-Fr 09:00-17:00; Xx 10:00", "--format", "json"]).json();
    assert_eq!(json["valid"], false);
    assert!(json["error"].is_string());
}

#[test]
fn the_timezone_is_the_one_given_not_the_machines() {
    let run = deflect([
        "hours",
        "22:00-06:00",
        "--at",
        "2026-11-28T02:00",
        "--timezone",
        "Europe/Rome",
        "--format",
        "json",
    ]);
    let json = run.json();
    assert_eq!(json["at"], "2026-11-28T02:00:00+01:00");
    assert_eq!(json["status"], "open");
    assert_eq!(json["open_until"], "2026-11-28T06:00:00+01:00");
}

#[test]
fn bad_flags_exit_2() {
    deflect(["hours", "24/7", "--timezone", "Mars/Olympus"]).code(2);
    deflect(["hours", "24/7", "--country", "XYZ"]).code(2);
    deflect(["hours", "24/7", "--at", "never"]).code(2);
}
