//! `deflect validate`: codes, positions, JSON, exit statuses.

use crate::harness::{deflect, fixture, Deflect};

/// (code, file, line) of every diagnostic in the JSON output.
fn found(json: &serde_json::Value) -> Vec<(String, String, i64)> {
    json["diagnostics"]
        .as_array()
        .expect("diagnostics array")
        .iter()
        .map(|d| {
            (
                d["code"].as_str().unwrap_or("").to_string(),
                d["file"].as_str().unwrap_or("").to_string(),
                d["line"].as_i64().unwrap_or(0),
            )
        })
        .collect()
}

#[test]
fn demo_directory_has_no_error() {
    let run = deflect(["validate", "--demo", "--as-of", "2026-11-28"]);
    run.code(0);
    assert!(run.stdout.contains(" 0 errors"), "{}", run.stdout);
}

#[test]
fn every_fault_is_reported_at_its_file_and_line_in_one_run() {
    let run = deflect([
        "validate",
        "--dir",
        &fixture("broken"),
        "--as-of",
        "2026-11-28",
        "--format",
        "json",
    ]);
    run.code(1);
    let json = run.json();
    let found = found(&json);
    let expect = [
        ("unknown-key", "services/a.toml", 16),
        ("invalid-hours", "services/a.toml", 33),
        ("invalid-coordinates", "services/a.toml", 41),
        ("control-character", "services/a.toml", 48),
        ("control-character", "services/a.toml", 57),
        ("invalid-timezone", "services/a.toml", 69),
        ("missing-key", "services/a.toml", 73),
        ("wrong-type", "services/a.toml", 85),
        ("invalid-id", "services/a.toml", 89),
        ("invalid-age-range", "services/a.toml", 103),
        ("stale-verification", "services/a.toml", 112),
        ("duplicate-id", "services/b.toml", 2),
        ("unknown-category", "services/b.toml", 12),
        ("toml-syntax", "services/c-syntax.toml", 3),
    ];
    for (code, file, line) in expect {
        assert!(
            found
                .iter()
                .any(|(c, f, l)| c == code && f == file && *l == line),
            "expected {code} at {file}:{line}; found {found:#?}"
        );
    }
    // The duplicate names its service; the summary counts declared services.
    let duplicate = json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["code"] == "duplicate-id")
        .unwrap();
    assert_eq!(duplicate["service"], "shared-id");
    assert_eq!(duplicate["column"], 6);
    assert_eq!(json["summary"]["files"], 4);
    assert_eq!(json["summary"]["services"], 15);
    assert!(json["summary"]["errors"].as_u64().unwrap() >= 13);
}

#[test]
fn diagnostics_are_ordered_by_file_line_column_code() {
    let run = deflect([
        "validate",
        "--dir",
        &fixture("broken"),
        "--as-of",
        "2026-11-28",
        "--format",
        "json",
    ]);
    let json = run.json();
    let keys: Vec<(String, i64, i64, String)> = json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["file"].as_str().unwrap_or("").to_string(),
                d["line"].as_i64().unwrap_or(0),
                d["column"].as_i64().unwrap_or(0),
                d["code"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect();
    let mut sorted = keys.clone();
    sorted.sort();
    assert_eq!(keys, sorted);
}

#[test]
fn text_form_has_the_grep_line_and_a_marker() {
    let run = deflect([
        "validate",
        "--dir",
        &fixture("broken"),
        "--as-of",
        "2026-11-28",
    ]);
    run.code(1);
    assert!(run
        .stdout
        .lines()
        .any(|l| l == "services/a.toml:16:1: error[unknown-key]: unknown key `adress` in a service: did you mean `address`?"));
    // The source line and a caret under the fault follow the headline.
    let block: Vec<&str> = run
        .stdout
        .lines()
        .skip_while(|l| !l.starts_with("services/a.toml:41:7:"))
        .take(4)
        .collect();
    assert_eq!(block[2], "41 | lat = 95.0");
    assert_eq!(block[3], "   |       ^^^^");
}

#[test]
fn control_characters_are_shown_escaped_never_raw() {
    let run = deflect([
        "validate",
        "--dir",
        &fixture("broken"),
        "--as-of",
        "2026-11-28",
    ]);
    assert!(!run.stdout.contains('\u{1b}'));
    assert!(!run.stdout.contains('\u{202e}'));
    assert!(run.stdout.contains("\\u{1b}"));
    assert!(run.stdout.contains("\\u{202e}"));
    let json = deflect([
        "validate",
        "--dir",
        &fixture("broken"),
        "--as-of",
        "2026-11-28",
        "--format",
        "json",
    ]);
    assert!(!json.stdout.contains('\u{1b}'));
}

#[test]
fn missing_directory_table_is_an_error() {
    let run = deflect([
        "validate",
        "--dir",
        &fixture("no-directory-table"),
        "--format",
        "json",
    ]);
    run.code(1);
    let json = run.json();
    let d = &json["diagnostics"][0];
    assert_eq!(d["code"], "missing-directory-table");
    assert!(d["file"].is_null() && d["line"].is_null());
}

#[test]
fn stale_verification_fails_only_with_deny_warnings() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("directory.toml"),
        "[directory]\nname = \"Small\"\ntimezone = \"Europe/Rome\"\ncountry = \"IT\"\n\n\
         [[service]]\nid = \"dormitorio\"\nname = \"Dormitorio\"\ncategories = [\"shelter\"]\n\
         phone = \"+39 06 555 0100\"\nlat = 41.9\nlon = 12.5\nhours = \"Mo-Su 20:00-08:00\"\nverified = 2026-01-10\n",
    )
    .unwrap();
    let path = dir.path().display().to_string();
    let fresh = deflect([
        "validate",
        "--dir",
        &path,
        "--as-of",
        "2026-03-01",
        "--deny-warnings",
    ]);
    fresh.code(0);
    let late = deflect([
        "validate",
        "--dir",
        &path,
        "--as-of",
        "2026-11-28",
        "--format",
        "json",
    ]);
    late.code(0);
    let json = late.json();
    let diagnostics = json["diagnostics"].as_array().unwrap();
    assert_eq!(diagnostics.len(), 1, "{diagnostics:#?}");
    assert_eq!(diagnostics[0]["code"], "stale-verification");
    assert_eq!(diagnostics[0]["severity"], "warning");
    assert_eq!(diagnostics[0]["line"], 14);
    assert_eq!(diagnostics[0]["service"], "dormitorio");
    deflect([
        "validate",
        "--dir",
        &path,
        "--as-of",
        "2026-11-28",
        "--deny-warnings",
    ])
    .code(1);
    deflect([
        "validate",
        "--dir",
        &path,
        "--as-of",
        "2026-11-28",
        "--max-age",
        "400",
        "--deny-warnings",
    ])
    .code(0);
}

#[test]
fn no_directory_named_exits_2_and_never_uses_the_demo() {
    let run = deflect(["validate"]);
    run.code(2);
    assert!(run.stderr.contains("no directory named"), "{}", run.stderr);
    assert!(run.stderr.contains("--dir"));
}

#[test]
fn a_missing_folder_exits_2() {
    let run = deflect(["validate", "--dir", "/nonexistent/deflect-dir"]);
    run.code(2);
    assert!(run.stderr.contains("/nonexistent/deflect-dir"));
}

#[test]
fn bad_flags_exit_2() {
    deflect(["validate", "--demo", "--max-age", "soon"]).code(2);
    let run = deflect(["validate", "--demo", "--as-of", "2026-02-30"]);
    run.code(2);
    assert!(run.stderr.contains("2026-02-30"), "{}", run.stderr);
}

#[test]
fn directory_from_environment_and_config() {
    Deflect::new()
        .args(["validate", "--as-of", "2026-11-28"])
        .env("DEFLECT_DIR", fixture("county"))
        .run()
        .code(1);
    let config = tempfile::tempdir().unwrap();
    let path = config.path().join("config.toml");
    std::fs::write(&path, format!("directory = {:?}\n", fixture("broken"))).unwrap();
    let run = Deflect::new()
        .args(["validate", "--format", "json"])
        .env("DEFLECT_CONFIG", &path)
        .run();
    run.code(1);
    assert_eq!(run.json()["summary"]["files"], 4);
}

#[test]
fn a_config_that_is_not_toml_stops_with_its_line() {
    let config = tempfile::tempdir().unwrap();
    let path = config.path().join("config.toml");
    std::fs::write(&path, "[station]\nname = \"Central\n").unwrap();
    let run = Deflect::new()
        .args(["find", "detox"])
        .env("DEFLECT_CONFIG", &path)
        .run();
    run.code(2);
    assert!(run.stderr.contains("config.toml:2:"), "{}", run.stderr);
}

#[test]
fn unknown_config_keys_are_warnings() {
    let config = tempfile::tempdir().unwrap();
    let path = config.path().join("config.toml");
    std::fs::write(&path, "[station]\nnmae = \"Central\"\n").unwrap();
    let run = Deflect::new()
        .args(["find", "detox", "--at", "2026-11-28T02:00"])
        .env("DEFLECT_CONFIG", &path)
        .run();
    run.code(0);
    assert!(run.stderr.contains("config.toml:2:1"), "{}", run.stderr);
    assert!(run.stderr.contains("station.nmae"));
}

#[test]
fn directory_level_and_warning_rules_each_have_their_code() {
    let run = deflect([
        "validate",
        "--dir",
        &fixture("broken-more"),
        "--as-of",
        "2026-11-28",
        "--format",
        "json",
    ]);
    run.code(1);
    let found = found(&run.json());
    for (code, file, line) in [
        ("unknown-place", "a-directory.toml", 5),
        ("duplicate-place", "a-directory.toml", 13),
        ("category-cycle", "a-directory.toml", 18),
        ("multiple-directory-tables", "b-second-directory.toml", 1),
        ("no-holiday-calendar", "c-services.toml", 8),
        ("unknown-language", "c-services.toml", 9),
        ("unknown-payment", "c-services.toml", 10),
        ("unknown-attribute", "c-services.toml", 11),
        ("invalid-url", "c-services.toml", 12),
        ("invalid-email", "c-services.toml", 13),
        ("expired-alert", "c-services.toml", 15),
        ("stale-capacity", "c-services.toml", 16),
        ("never-open", "c-services.toml", 26),
        ("possible-duplicate", "c-services.toml", 31),
        ("invalid-date", "c-services.toml", 47),
        ("not-utf8", "d-latin1.toml", 3),
        ("unknown-key", "e-format.toml", 10),
    ] {
        assert!(
            found
                .iter()
                .any(|(c, f, l)| c == code && f == file && *l == line),
            "expected {code} at {file}:{line}; found {found:#?}"
        );
    }
    // An unreadable date is reported once, not also as missing.
    assert!(!found
        .iter()
        .any(|(c, _, l)| c == "missing-verification" && *l == 40));
}

#[test]
fn a_newer_format_or_a_bad_country_is_reported() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("directory.toml"),
        "[directory]\nname = \"Future\"\ntimezone = \"UTC\"\ncountry = \"Narnia\"\nformat = 2\n",
    )
    .unwrap();
    let path = dir.path().display().to_string();
    let run = deflect(["validate", "--dir", &path, "--format", "json"]);
    run.code(1);
    let found = found(&run.json());
    assert!(found.contains(&("unsupported-format".into(), "directory.toml".into(), 5)));
    assert!(found.contains(&("invalid-country".into(), "directory.toml".into(), 4)));
    // The desk cannot use a directory written for a newer deflect.
    let desk = deflect(["find", "--dir", &path, "detox"]);
    desk.code(2);
    assert!(desk.stderr.contains("upgrade deflect"), "{}", desk.stderr);
}

#[cfg(unix)]
#[test]
fn symlink_loops_and_dangling_links_are_walked_safely() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("directory.toml"),
        "[directory]\nname = \"Links\"\ntimezone = \"UTC\"\n",
    )
    .unwrap();
    std::fs::create_dir(dir.path().join("sub")).unwrap();
    std::os::unix::fs::symlink(dir.path(), dir.path().join("sub/loop")).unwrap();
    std::os::unix::fs::symlink(
        dir.path().join("missing.toml"),
        dir.path().join("dangling.toml"),
    )
    .unwrap();
    let path = dir.path().display().to_string();
    let run = deflect(["validate", "--dir", &path, "--format", "json"]);
    run.code(1);
    let found = found(&run.json());
    assert!(
        found.contains(&("symlink-loop".into(), "sub/loop".into(), 0)),
        "{found:?}"
    );
    assert!(
        found.contains(&("unreadable-file".into(), "dangling.toml".into(), 0)),
        "{found:?}"
    );
}

const HUMAN_HOURS: &str = r#"# Keeper's notes stay as they are.
[directory]
name = "Fixable"   # trailing comment
timezone = "America/Chicago"
country = "US"

[[service]]
id = "clinic"
name = "Clinic"
categories = ["medical"]
phone = "(312) 555-0100"
lat = 41.88
lon = -87.63
hours = "Mon-Fri 9am-5pm"   # as the clinic said it on the phone
verified = 2026-11-01

[[service]]
id = "shelter"
name = "Shelter"
categories = ["shelter"]
phone = "(312) 555-0101"
lat = 41.88
lon = -87.64
hours = "Mo-Su 20:00-08:00"
verified = 2026-11-01
"#;

#[test]
fn tolerated_hours_are_a_warning_that_shows_the_canonical_form() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("directory.toml"), HUMAN_HOURS).unwrap();
    let path = dir.path().display().to_string();
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
    let json = run.json();
    let d = &json["diagnostics"][0];
    assert_eq!(d["code"], "non-canonical-hours");
    assert_eq!(d["line"], 14);
    assert!(
        d["message"].as_str().unwrap().contains("Mo-Fr 09:00-17:00"),
        "{d}"
    );
    // find reads it the same way: open on a Monday at 10.
    let found = deflect([
        "find",
        "--dir",
        &path,
        "clinic",
        "--at",
        "2026-11-30T10:00",
        "--format",
        "json",
    ])
    .json();
    assert_eq!(found["results"][0]["status"], "open");
}

#[test]
fn fix_dry_run_shows_a_diff_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("directory.toml");
    std::fs::write(&file, HUMAN_HOURS).unwrap();
    let path = dir.path().display().to_string();
    let run = deflect(["validate", "--dir", &path, "--fix", "--dry-run"]);
    run.code(0);
    assert!(
        run.stdout
            .contains("-hours = \"Mon-Fri 9am-5pm\"   # as the clinic said it on the phone"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout
            .contains("+hours = \"Mo-Fr 09:00-17:00\"   # as the clinic said it on the phone"),
        "{}",
        run.stdout
    );
    assert_eq!(std::fs::read_to_string(&file).unwrap(), HUMAN_HOURS);
}

#[test]
fn fix_rewrites_only_the_hours_and_keeps_comments_and_layout() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("directory.toml");
    std::fs::write(&file, HUMAN_HOURS).unwrap();
    let path = dir.path().display().to_string();
    let run = deflect(["validate", "--dir", &path, "--fix", "--as-of", "2026-11-28"]);
    run.code(0);
    assert!(
        run.stderr.contains("fixed directory.toml:14"),
        "{}",
        run.stderr
    );
    let after = std::fs::read_to_string(&file).unwrap();
    assert_eq!(
        after,
        HUMAN_HOURS.replace("Mon-Fri 9am-5pm", "Mo-Fr 09:00-17:00")
    );
    // Nothing else is left in the folder, and a second run changes nothing.
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    let again = deflect(["validate", "--dir", &path, "--fix", "--as-of", "2026-11-28"]);
    assert!(
        again.stderr.contains("0 values rewritten"),
        "{}",
        again.stderr
    );
    assert!(!again.stdout.contains("non-canonical-hours"));
}

#[test]
fn ambiguous_hours_are_refused_with_their_readings() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("directory.toml"),
        HUMAN_HOURS.replace("Mon-Fri 9am-5pm", "Mo-Fr 9-5"),
    )
    .unwrap();
    let path = dir.path().display().to_string();
    let run = deflect(["validate", "--dir", &path, "--format", "json"]);
    run.code(1);
    let json = run.json();
    let d = json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["code"] == "invalid-hours")
        .unwrap();
    let message = d["message"].as_str().unwrap();
    assert!(
        message.contains("09:00-17:00") && message.contains("09:00-05:00"),
        "{message}"
    );
    // The desk reads such hours as unknown: call first.
    let found = deflect([
        "find",
        "--dir",
        &path,
        "clinic",
        "--at",
        "2026-11-30T10:00",
        "--format",
        "json",
    ])
    .json();
    assert_eq!(found["results"][0]["status"], "unknown");
}

/// Issue #14: `substances` values and `[[word]]` tables are checked, each
/// fault at its file, line and column; the desk keeps what stands.
#[test]
fn substances_and_request_words_are_checked_where_written() {
    let dir = fixture("words-broken");
    let run = deflect(["validate", "--dir", &dir]);
    run.code(1);
    for line in [
        "directory.toml:7:1: error[ambiguous-word]: \"detox\" already means the category \"withdrawal-management\"",
        "directory.toml:12:13: error[invalid-word]: unknown substance \"alchol\": did you mean \"alcohol\"?",
        "directory.toml:22:15: error[unknown-substance]: unknown substance \"kava\"",
        "directory.toml:30:26: error[unknown-substance]: unknown substance \"opiods\": did you mean \"opioids\"?",
    ] {
        assert!(run.stdout.contains(line), "{line}\n{}", run.stdout);
    }
    // The desk drops the faulty word, keeps the built-in reading of
    // "detox" and the directory's good word, and keeps the service with its
    // substances ignored (so it is never wrongly left out).
    let find = Deflect::new()
        .env("DEFLECT_NOW", "2026-12-02T10:00")
        .args(["find", "--dir", &dir, "detox", "hooch", "--format", "json"])
        .run();
    find.code(0);
    assert!(
        find.stderr
            .contains("note: 2 of the directory's request words ([[word]]) are not used"),
        "{}",
        find.stderr
    );
    let json = find.json();
    assert_eq!(
        json["request"]["substances"],
        serde_json::json!(["alcohol"])
    );
    assert_eq!(json["results"][0]["id"], "ridge-detox");
    assert_eq!(
        json["results"][0]["not_stated"],
        serde_json::json!(["substances"])
    );
}
