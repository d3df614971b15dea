//! `deflect hours EXPR`: what an expression means.

use crate::harness::{deflect, find_result};

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

/// `hours` and `find` said different things of a service whose state is
/// unknown until it opens: `hours` gave an `opens_at`, `find` none (issue
/// #17). Both now say it as docs/CLI.md has it for `find`: an unknown state
/// is "call first", with no opening promised; `next_change` still says when
/// the state changes.
#[test]
fn an_unknown_state_promises_no_opening_in_hours_as_in_find() {
    let expression = "Mo-Su 12:00-16:00, Mo-Su 08:00-12:00 unknown";
    let dir = tempfile::tempdir().expect("a temporary folder");
    std::fs::write(
        dir.path().join("directory.toml"),
        "[directory]\nname = \"Unknown mornings\"\ntimezone = \"America/Chicago\"\ncountry = \"US\"\n",
    )
    .expect("write directory.toml");
    std::fs::write(
        dir.path().join("services.toml"),
        format!(
            "[[service]]\nid = \"morning-unknown\"\nname = \"Morning Detox\"\n\
             categories = [\"withdrawal-management\"]\nphone = \"(312) 555-0100\"\n\
             hours = \"{expression}\"\nverified = 2026-11-01\n"
        ),
    )
    .expect("write services.toml");
    let at = "2026-12-01T09:00";

    let hours = deflect([
        "hours",
        expression,
        "--at",
        at,
        "--timezone",
        "America/Chicago",
        "--format",
        "json",
    ])
    .json();
    assert_eq!(hours["status"], "unknown");
    assert_eq!(hours["next_change"], "2026-12-01T12:00:00-06:00");
    assert_eq!(hours["opens_at"], serde_json::Value::Null);
    assert_eq!(hours["open_until"], serde_json::Value::Null);

    let found = find_result(dir.path().to_str().unwrap(), "detox", at, "morning-unknown");
    assert_eq!(found["status"], hours["status"]);
    assert_eq!(found["opens_at"], hours["opens_at"]);
    assert_eq!(found["open_until"], hours["open_until"]);
}
