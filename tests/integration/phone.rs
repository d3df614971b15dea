//! Phone numbers with an extension (issue #15, item 5): valid in every
//! form FORMAT.md gives, printed as written in tables and on slips, and
//! dialled by the QR code as the number with RFC 3966's `;ext=`.

use crate::harness::{fixture, Deflect, Run};

fn run(args: &[&str]) -> Run {
    let dir = fixture("extensions");
    Deflect::new()
        .env("DEFLECT_NOW", "2026-11-28T02:00")
        .args(["--dir", dir.as_str()])
        .args(args)
        .run()
}

#[test]
fn issue_15_extensions_are_valid_phones() {
    let run = run(&["validate", "--as-of", "2026-11-28", "--format", "json"]);
    run.code(1);
    let json = run.json();
    let phones: Vec<(&str, i64)> = json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["code"] == "invalid-phone")
        .map(|d| (d["service"].as_str().unwrap(), d["line"].as_i64().unwrap()))
        .collect();
    // Only the number followed by words that are no extension.
    assert_eq!(phones, [("detox-bad", 38)], "{json:#}");
    assert_eq!(json["summary"]["errors"], 1);
}

#[test]
fn issue_15_entries_with_an_extension_reach_the_desk_as_written() {
    let run = run(&["find", "detox", "--format", "json"]);
    run.code(0);
    let json = run.json();
    let mut found: Vec<(&str, &str)> = json["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| (r["id"].as_str().unwrap(), r["phone"].as_str().unwrap()))
        .collect();
    found.sort();
    assert_eq!(
        found,
        [
            ("detox-ext", "312-555-0102 ext 1234"),
            ("detox-rfc", "+1 312 555 0104;ext=5"),
            ("detox-x", "(312) 555-0103 x77"),
        ]
    );
    assert_eq!(json["left_out"], 1);

    let table = self::run(&["find", "detox"]);
    table.code(0);
    for phone in [
        "312-555-0102 ext 1234",
        "(312) 555-0103 x77",
        "+1 312 555 0104;ext=5",
    ] {
        assert!(table.stdout.contains(phone), "{phone}:\n{}", table.stdout);
    }
}

#[test]
fn issue_15_the_slip_prints_the_extension() {
    let run = run(&["slip", "detox-ext", "--width", "42"]);
    run.code(0);
    assert!(
        run.stdout
            .lines()
            .any(|l| l.trim() == "Phone: 312-555-0102 ext 1234"),
        "{}",
        run.stdout
    );
}

/// The `d` attribute of each QR code's path in a page, in order.
fn qr_paths(page: &str) -> Vec<String> {
    page.split("<path fill=\"#000\" d=\"")
        .skip(1)
        .map(|rest| rest.split('"').next().unwrap().to_string())
        .collect()
}

#[test]
fn issue_15_the_qr_code_dials_the_number_with_the_extension_as_ext() {
    let run = run(&[
        "slip",
        "detox-ext",
        "detox-x",
        "detox-rfc",
        "--format",
        "html",
    ]);
    run.code(0);
    let expected: Vec<String> = [
        "tel:3125550102;ext=1234",
        "tel:3125550103;ext=77",
        "tel:+13125550104;ext=5",
    ]
    .iter()
    .map(|uri| {
        let svg = deflect::slip::qr::svg(uri, "qr", "").expect("a QR code");
        qr_paths(&svg).remove(0)
    })
    .collect();
    assert_eq!(qr_paths(&run.stdout), expected);
}

#[test]
fn issue_15_the_extension_survives_export_and_import() {
    let tmp = tempfile::tempdir().unwrap();
    let hsds = tmp.path().join("hsds");
    let back = tmp.path().join("back");
    run(&["export", "hsds", "--out", hsds.to_str().unwrap()]).code(0);
    let text = std::fs::read_to_string(hsds.join("services.json")).unwrap();
    let services: serde_json::Value = serde_json::from_str(&text).unwrap();
    let phone = services
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["name"] == "Lake Street Detox")
        .map(|s| s["phones"][0].clone())
        .unwrap();
    assert_eq!(phone["number"], "312-555-0102");
    assert_eq!(phone["extension"], 1234);

    let hsds = hsds.join("services.json");
    let back_dir = back.to_str().unwrap();
    Deflect::new()
        .args(["import", "hsds", hsds.to_str().unwrap(), "--out", back_dir])
        .args(["--timezone", "America/Chicago", "--as-of", "2026-11-28"])
        .run()
        .code(0);
    let found = Deflect::new()
        .env("DEFLECT_NOW", "2026-11-28T02:00")
        .args(["--dir", back_dir, "show", "detox-ext", "--format", "json"])
        .run();
    found.code(0);
    assert_eq!(found.json()["service"]["phone"], "312-555-0102 ext. 1234");
}
