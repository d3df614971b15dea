//! `deflect import hsds` and `deflect export hsds`: the specification's own
//! examples (read from ../shared/fixtures/hsds-3.0 when it is there) and
//! fixtures of our own, checked with the real binary: `validate` passes and
//! `find` answers at chosen times.

use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::harness::{deflect, fixture, fixtures, shared_fixture, Run};

fn import(input: &str, out: &Path, extra: &[&str]) -> Run {
    let out = out.display().to_string();
    let mut args = vec![
        "import",
        "hsds",
        input,
        "--out",
        out.as_str(),
        "--timezone",
        "America/Chicago",
        "--country",
        "US",
        "--name",
        "Test County",
        "--as-of",
        "2026-06-01",
        "--format",
        "json",
    ];
    args.extend_from_slice(extra);
    deflect(args)
}

fn county() -> String {
    fixture("hsds-county/services.json")
}

fn find(dir: &Path, at: &str, extra: &[&str]) -> Value {
    let dir = dir.display().to_string();
    let mut args = vec![
        "find",
        "--dir",
        dir.as_str(),
        "--at",
        at,
        "--format",
        "json",
        "--limit",
        "100",
    ];
    args.extend_from_slice(extra);
    let run = deflect(args);
    assert!(run.code == 0 || run.code == 1, "{}", run.stderr);
    run.json()
}

/// The status of each listed service, by id.
fn statuses(json: &Value) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = json["results"]
        .as_array()
        .expect("results")
        .iter()
        .map(|r| {
            (
                r["id"].as_str().unwrap_or_default().to_string(),
                r["status"].as_str().unwrap_or_default().to_string(),
            )
        })
        .collect();
    out.sort();
    out
}

fn status_of(json: &Value, id_prefix: &str) -> String {
    let found: Vec<&Value> = json["results"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["id"].as_str().unwrap_or_default().starts_with(id_prefix))
        .collect();
    assert_eq!(found.len(), 1, "one {id_prefix} in {json:#}");
    found[0]["status"].as_str().unwrap().to_string()
}

fn validates(dir: &Path) {
    let dir = dir.display().to_string();
    let run = deflect(["validate", "--dir", dir.as_str(), "--format", "json"]);
    run.code(0);
    assert_eq!(run.json()["summary"]["errors"], 0);
}

fn listing(dir: &Path) -> Vec<(PathBuf, String)> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap().flatten() {
            if e.path().is_dir() {
                stack.push(e.path());
            } else {
                let text = std::fs::read_to_string(e.path()).unwrap_or_default();
                out.push((e.path().strip_prefix(dir).unwrap().to_path_buf(), text));
            }
        }
    }
    out.sort();
    out
}

fn service_text(dir: &Path, id_prefix: &str) -> String {
    for (path, text) in listing(dir) {
        if !path.starts_with("imported") {
            continue;
        }
        for block in text.split("[[service]]").skip(1) {
            if block.contains(&format!("id = \"{id_prefix}")) {
                return block.to_string();
            }
        }
    }
    panic!("no service {id_prefix} in {}", dir.display())
}

#[test]
fn the_county_fixture_imports_every_schedule_case() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("county");
    let run = import(&county(), &out, &[]);
    run.code(0);
    let report = run.json();
    assert_eq!(report["services_read"], 11);
    // Lakeside Detox has three sites: three services.
    assert_eq!(report["services_written"], 11);
    assert_eq!(report["skipped"].as_array().unwrap().len(), 2);
    assert_eq!(report["inactive"], 1);
    // The food pantry maps to the built-in `food` category.
    assert_eq!(report["services_unmapped"], 1);
    assert!(report["terms_ambiguous"]
        .as_object()
        .unwrap()
        .contains_key("Family Works Program (FW-1)"));
    assert_eq!(report["schedules_dropped"].as_array().unwrap().len(), 2);
    assert_eq!(report["schedules_unexpressed"].as_array().unwrap().len(), 1);
    assert_eq!(report["text_cleaned"].as_array().unwrap().len(), 1);
    validates(&out);

    // Precedence: the site's own schedule (24/7), the location's (weekdays),
    // the service's (Saturday morning).
    let north = service_text(&out, "lakeside-detox");
    assert!(north.contains("categories = [\"withdrawal-management\"]"));
    let all = listing(&out)
        .into_iter()
        .map(|(_, t)| t)
        .collect::<String>();
    for hours in [
        "hours = \"24/7\"",
        "hours = \"Mo-Fr 08:00-20:00\"",
        "hours = \"Sa 10:00-12:00\"",
        "hours = \"Mo-Su 19:00-07:00\"",
        "hours = \"Mo-Fr 08:00-11:00,13:00-16:00\"",
        "hours = \"Fr[-1] 16:00-20:00, Sa[1] 10:00-14:00\"",
    ] {
        assert!(all.contains(hours), "{hours} missing");
    }
    // The fortnightly row is kept as a comment, the escape is gone.
    assert!(all.contains("# HSDS schedule not expressed: sch-fortnightly"));
    assert!(!all.contains('\u{1b}'));
    assert!(all.contains("name = \"Escape Recovery Center\""));
    // The food pantry's term maps to `food`; the ambiguous one stays a note.
    assert!(all.contains("x-unmapped-terms = [\"Family Works Program (FW-1)\"]"));
    assert!(all.contains("categories = [\"food\"]"));
    assert!(all
        .contains("capacity = { available = 4, total = 30, updated = 2026-06-01T18:00:00-05:00 }"));
    assert!(all.contains("languages = [\"en\", \"es\"]"));

    // Wednesday 3 June 2026, 02:00: the 24/7 units and the overnight
    // shelter are open; the day services are closed.
    let night = find(&out, "2026-06-03T02:00", &[]);
    assert_eq!(status_of(&night, "harbor-night-shelter"), "open");
    assert_eq!(status_of(&night, "county-crisis-line"), "open");
    assert_eq!(status_of(&night, "bridge-mat-clinic"), "closed");
    assert_eq!(
        night["results"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|r| r["id"].as_str().unwrap().starts_with("lakeside-detox")
                && r["status"] == "open")
            .count(),
        1
    );
    // The split day: open at 09:00, closed at noon, open at 14:00.
    let at = |t: &str| status_of(&find(&out, t, &[]), "bridge-mat-clinic");
    assert_eq!(at("2026-06-03T09:00"), "open");
    assert_eq!(at("2026-06-03T12:00"), "closed");
    assert_eq!(at("2026-06-03T14:00"), "open");
    // The shelter at 06:30 (overnight from Tuesday) and 12:00.
    assert_eq!(
        status_of(&find(&out, "2026-06-03T06:30", &[]), "harbor-night-shelter"),
        "open"
    );
    assert_eq!(
        status_of(&find(&out, "2026-06-03T12:00", &[]), "harbor-night-shelter"),
        "closed"
    );
    // Monthly: the first Saturday (6 June) and the last Friday (26 June).
    let naloxone = |t: &str| status_of(&find(&out, t, &["naloxone"]), "naloxone-outreach");
    assert_eq!(naloxone("2026-06-06T11:00"), "open");
    assert_eq!(naloxone("2026-06-13T11:00"), "closed");
    assert_eq!(naloxone("2026-06-26T17:00"), "open");
    assert_eq!(naloxone("2026-06-19T17:00"), "closed");
    // The expired Monday row and the future Tuesday row were dropped.
    assert_eq!(naloxone("2026-06-01T10:00"), "closed");
    assert_eq!(naloxone("2026-06-02T10:00"), "closed");
    // Needs typed by an officer reach the mapped categories.
    let detox = find(&out, "2026-06-03T10:00", &["detox"]);
    assert_eq!(detox["results"].as_array().unwrap().len(), 3);
    let shelter = find(&out, "2026-06-03T10:00", &["shelter"]);
    assert_eq!(shelter["results"].as_array().unwrap().len(), 1);
    // The temporarily closed service is written, but withdrawn.
    assert!(all.contains("active = false"));
    let outpatient = find(&out, "2026-06-03T10:00", &["outpatient"]);
    assert_eq!(outpatient["results"].as_array().unwrap().len(), 0);
}

#[test]
fn the_map_file_maps_what_the_taxonomy_does_not() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("mapped");
    let map = fixture("hsds-county/map.toml");
    let run = import(&county(), &out, &["--map", map.as_str()]);
    run.code(0);
    let report = run.json();
    assert_eq!(report["services_unmapped"], 0);
    assert!(report["terms_unmapped"].as_object().unwrap().is_empty());
    validates(&out);
    assert!(service_text(&out, "diversion-desk").contains("categories = [\"case-management\"]"));
    assert!(service_text(&out, "family-works").contains("categories = [\"family-support\"]"));

    let bad = tmp.path().join("bad.toml");
    std::fs::write(&bad, "[terms]\n\"ZZ-1\" = \"no-such-category\"\n").unwrap();
    let run = import(
        &county(),
        &tmp.path().join("other"),
        &["--map", bad.to_str().unwrap()],
    );
    run.code(2);
    assert!(run.stderr.contains("no-such-category"), "{}", run.stderr);
    assert!(!tmp.path().join("other").exists());
}

#[test]
fn ndjson_and_paginated_responses() {
    let tmp = tempfile::tempdir().unwrap();
    let run = import(
        &fixture("hsds-county/services.ndjson"),
        &tmp.path().join("nd"),
        &[],
    );
    run.code(0);
    assert_eq!(run.json()["services_written"], 4);
    let run = import(
        &fixture("hsds-county/page.json"),
        &tmp.path().join("page"),
        &[],
    );
    run.code(0);
    assert_eq!(run.json()["services_read"], 2);
    validates(&tmp.path().join("page"));
}

#[test]
fn the_tabular_package_imports() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("tab");
    let run = import(&fixture("hsds-package"), &out, &[]);
    run.code(0);
    let report = run.json();
    assert_eq!(report["services_written"], 3, "{report:#}");
    validates(&out);
    let text = service_text(&out, "eastside-detox");
    assert!(
        text.contains("hours = \"Mo-Th 09:00-12:00,15:00-17:00, Sa[1] 09:00-17:00\""),
        "{text}"
    );
    assert!(text.contains("phone = \"(312) 555-0201\""), "{text}");
    assert!(text.contains("lat = 41.8"), "{text}");
    assert!(text.contains("capacity = { available = 2"), "{text}");
    assert!(text.contains("languages = [\"en\", \"es\"]"), "{text}");
    let json = find(&out, "2026-06-06T10:00", &["detox"]);
    assert_eq!(status_of(&json, "eastside-detox"), "open");
    let json = find(&out, "2026-06-01T13:00", &["detox"]);
    assert_eq!(status_of(&json, "eastside-detox"), "closed");
    // A schedule for the location (with no service-at-location schedule).
    let json = find(&out, "2026-06-07T23:00", &["shelter"]);
    assert_eq!(status_of(&json, "eastside-shelter"), "open");
}

#[test]
fn malformed_input_exits_2_and_leaves_the_output_as_it_was() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("county");
    import(&county(), &out, &[]).code(0);
    let before = listing(&out);

    let bad = tmp.path().join("bad.json");
    std::fs::write(&bad, "[\n  {\"name\": \"x\",\n   \"status\": }\n]\n").unwrap();
    let run = import(bad.to_str().unwrap(), &out, &[]);
    run.code(2);
    assert!(
        run.stderr.contains("bad.json: line 3, column"),
        "{}",
        run.stderr
    );

    let package = tmp.path().join("package");
    std::fs::create_dir(&package).unwrap();
    std::fs::write(
        package.join("services.csv"),
        "id,name,status\nsvc-1,One,active\nsvc-2,\"Two,active\n",
    )
    .unwrap();
    let run = import(package.to_str().unwrap(), &out, &[]);
    run.code(2);
    assert!(run.stderr.contains("services.csv"), "{}", run.stderr);
    std::fs::write(
        package.join("services.csv"),
        "id,name,status\nsvc-1,One,active\nsvc-2,Two\n",
    )
    .unwrap();
    let run = import(package.to_str().unwrap(), &out, &[]);
    run.code(2);
    assert!(
        run.stderr.contains("services.csv: line 3"),
        "{}",
        run.stderr
    );
    assert_eq!(listing(&out), before);
    // Nothing is left beside it either.
    let beside: Vec<_> = std::fs::read_dir(tmp.path())
        .unwrap()
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().starts_with('.'))
        .collect();
    assert!(beside.is_empty());
}

#[test]
fn the_output_folder_is_guarded() {
    let tmp = tempfile::tempdir().unwrap();
    // A folder that is not a deflect directory is refused without --force.
    let other = tmp.path().join("photos");
    std::fs::create_dir(&other).unwrap();
    std::fs::write(other.join("cat.jpg"), "meow").unwrap();
    let run = import(&county(), &other, &[]);
    run.code(2);
    assert!(run.stderr.contains("--force"), "{}", run.stderr);
    assert_eq!(listing(&other).len(), 1);
    import(&county(), &other, &["--force"]).code(0);
    assert!(other.join("cat.jpg").exists());
    // A new directory needs a timezone.
    let fresh = tmp.path().join("fresh");
    let fresh_str = fresh.display().to_string();
    let run = deflect([
        "import",
        "hsds",
        county().as_str(),
        "--out",
        fresh_str.as_str(),
    ]);
    run.code(2);
    assert!(run.stderr.contains("--timezone"), "{}", run.stderr);
    assert!(!fresh.exists());
    // Without any directory, import never falls back to the demo.
    let run = deflect(["export", "hsds", "--out", fresh_str.as_str()]);
    run.code(2);
    assert!(!fresh.exists());
}

#[test]
fn a_second_import_keeps_what_the_keeper_wrote() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("county");
    import(&county(), &out, &[]).code(0);
    // The keeper adds a crisis line and a place, and a service of their own
    // that takes over an imported id.
    let directory = out.join("directory.toml");
    let mut text = std::fs::read_to_string(&directory).unwrap();
    text.push_str("crisis_lines = [{ name = \"988\", phone = \"988\" }]\n\n[[place]]\nname = \"Central Station\"\nlat = 41.8789\nlon = -87.64\n");
    std::fs::write(&directory, &text).unwrap();
    let shelter_id = service_text(&out, "harbor-night-shelter")
        .lines()
        .find_map(|l| l.strip_prefix("id = \""))
        .unwrap()
        .trim_end_matches('"')
        .to_string();
    let own = format!(
        "[[service]]\nid = \"{shelter_id}\"\nname = \"Harbor Night Shelter (by hand)\"\ncategories = [\"shelter\"]\nphone = \"(312) 555-0999\"\nhours = \"24/7\"\n"
    );
    std::fs::write(out.join("mine.toml"), &own).unwrap();

    // The nightly refresh: a smaller export.
    let run = import(&fixture("hsds-county/services.ndjson"), &out, &[]);
    run.code(0);
    let report = run.json();
    assert_eq!(report["directory_kept"], true);
    assert!(report["files_replaced"].as_u64().unwrap() >= 3);
    assert_eq!(std::fs::read_to_string(&directory).unwrap(), text);
    assert_eq!(std::fs::read_to_string(out.join("mine.toml")).unwrap(), own);
    // The shelter is the keeper's; the import skipped its own.
    assert!(report["skipped"]
        .as_array()
        .unwrap()
        .iter()
        .any(|s| s["reason"].as_str().unwrap().contains("by hand")));
    validates(&out);
    let json = find(&out, "2026-06-03T12:00", &[]);
    assert_eq!(json["results"].as_array().unwrap().len(), 4);
    assert_eq!(status_of(&json, &shelter_id), "open");
    // Services of the first import that the refresh no longer has are gone.
    assert!(!listing(&out)
        .iter()
        .any(|(_, t)| t.contains("Bridge MAT Clinic")));
}

#[test]
fn export_writes_hsds_rows() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("hsds");
    let dir = fixture("county");
    let out_str = out.display().to_string();
    let run = deflect([
        "export",
        "hsds",
        "--dir",
        dir.as_str(),
        "--out",
        out_str.as_str(),
    ]);
    run.code(0);
    assert!(run.stdout.contains("PH"), "{}", run.stdout);
    let json: Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("services.json")).unwrap()).unwrap();
    let services = json.as_array().unwrap();
    let by_id = |id: &str| {
        services
            .iter()
            .find(|s| {
                s["attributes"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .any(|a| a["taxonomy_term"]["taxonomy"] == "deflect-id" && a["value"] == id)
            })
            .unwrap_or_else(|| panic!("{id}"))
    };
    let schedules = |s: &Value| -> Vec<Value> {
        let mut out: Vec<Value> = s["schedules"].as_array().cloned().unwrap_or_default();
        for sal in s["service_at_locations"]
            .as_array()
            .cloned()
            .unwrap_or_default()
        {
            out.extend(sal["schedules"].as_array().cloned().unwrap_or_default());
        }
        out
    };
    // 24/7: 00:00-23:59 every day.
    let all = schedules(by_id("detox-247"));
    assert_eq!(all.len(), 1);
    assert_eq!(all[0]["byday"], "MO,TU,WE,TH,FR,SA,SU");
    assert_eq!(all[0]["opens_at"], "00:00");
    assert_eq!(all[0]["closes_at"], "23:59");
    // Every service has its phone, and a located one its coordinates.
    let detox = by_id("detox-247");
    assert_eq!(detox["phones"][0]["type"], "voice");
    assert_eq!(
        detox["service_at_locations"][0]["location"]["latitude"],
        41.886
    );
    assert_eq!(detox["status"], "active");
}

#[test]
fn overnight_hours_export_as_one_row() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("county");
    import(&county(), &out, &[]).code(0);
    let hsds = tmp.path().join("hsds");
    let (dir, hsds_str) = (out.display().to_string(), hsds.display().to_string());
    deflect([
        "export",
        "hsds",
        "--dir",
        dir.as_str(),
        "--out",
        hsds_str.as_str(),
    ])
    .code(0);
    let text = std::fs::read_to_string(hsds.join("services.json")).unwrap();
    let json: Value = serde_json::from_str(&text).unwrap();
    let shelter = json
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["name"] == "Harbor Night Shelter")
        .unwrap();
    let rows = shelter["service_at_locations"][0]["schedules"]
        .as_array()
        .unwrap();
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0]["opens_at"], "19:00");
    assert_eq!(rows[0]["closes_at"], "07:00");
    assert_eq!(shelter["capacities"][0]["available"], 4);
}

/// Import → export → import gives the same answers to `find`.
fn round_trip_is_the_same(first: &Path, tmp: &Path, near: &str, times: &[&str]) {
    let hsds = tmp.join("hsds");
    let again = tmp.join("again");
    let (dir, hsds_str) = (first.display().to_string(), hsds.display().to_string());
    deflect([
        "export",
        "hsds",
        "--dir",
        dir.as_str(),
        "--out",
        hsds_str.as_str(),
    ])
    .code(0);
    import(hsds.join("services.json").to_str().unwrap(), &again, &[]).code(0);
    validates(&again);
    let mut seen = Vec::new();
    for at in times {
        let a = find(first, at, &["--near", near]);
        let b = find(&again, at, &["--near", near]);
        // Every service found is compared: none is cut by --limit.
        assert_eq!(
            a["total"],
            a["results"].as_array().unwrap().len(),
            "at {at}"
        );
        assert_eq!(a["results"], b["results"], "at {at}");
        assert_eq!(statuses(&a), statuses(&b));
        seen.extend(statuses(&a).into_iter().map(|(_, status)| status));
    }
    // The times asked find services open and closed, so the hours are
    // what is compared, not an empty list or one state.
    for status in ["open", "closed"] {
        assert!(seen.iter().any(|s| s == status), "never {status}: {seen:?}");
    }
}

#[test]
fn a_round_trip_gives_the_same_answers() {
    let tmp = tempfile::tempdir().unwrap();
    let first = tmp.path().join("first");
    import(&county(), &first, &[]).code(0);
    round_trip_is_the_same(
        &first,
        tmp.path(),
        "41.8789,-87.64",
        &[
            "2026-06-03T02:00",
            "2026-06-03T12:00",
            "2026-06-06T11:00",
            "2026-06-26T17:00",
            "2026-06-28T23:30",
        ],
    );
}

#[test]
fn a_hand_written_directory_survives_export_and_import() {
    // PH, overnight and weekend hours of the find fixture, through HSDS and
    // back: the rows say what they can, the deflect-hours attribute keeps
    // the rest.
    let tmp = tempfile::tempdir().unwrap();
    round_trip_is_the_same(
        &fixtures().join("county"),
        tmp.path(),
        "41.8789,-87.64",
        &[
            "2026-11-28T02:00",
            "2026-11-26T10:00",
            "2026-11-30T12:00",
            "2026-12-25T10:00",
        ],
    );
}

#[test]
#[cfg_attr(
    not(shared_fixture = "hsds-3.0"),
    ignore = "../shared/fixtures/hsds-3.0 is absent"
)]
fn the_specification_examples_import() {
    let spec = shared_fixture("hsds-3.0");
    let tmp = tempfile::tempdir().unwrap();
    for (name, written) in [
        ("service_full.json", 1),
        ("service_at_location_full.json", 1),
        ("organization_full.json", 1),
        ("tabular.json", 1),
        ("csv", 1),
    ] {
        let out = tmp.path().join(name);
        let run = import(spec.join(name).to_str().unwrap(), &out, &[]);
        run.code(0);
        let report = run.json();
        assert_eq!(report["services_written"], written, "{name}: {report:#}");
        // Its one term ("name") maps to nothing, and its only schedule
        // expired in 2005.
        assert_eq!(report["services_unmapped"], 1, "{name}");
        assert_eq!(
            report["schedules_dropped"],
            serde_json::json!([
                "community-counselling-a02507: 48102e86-bb50-41c4-8f1e-e269368c41d1: valid_to 2005-01-01 has passed"
            ]),
            "{name}"
        );
        validates(&out);
        let text = service_text(&out, "community-counselling");
        assert!(
            text.contains("phone = \"+44 1234 234567 ext. 100\""),
            "{name}: {text}"
        );
        // The extension goes with the number, not into the notes.
        assert!(!text.contains("Phone extension"), "{name}: {text}");
        assert!(text.contains("age_min = 12"), "{name}");
        assert!(text.contains("languages = [\"ur\"]"), "{name}");
        assert!(text.contains("verified = 2005-01-01"), "{name}");
        // Latitude 100 is not on Earth.
        assert!(!text.contains("lat ="), "{name}");
        let json = find(&out, "2026-06-03T10:00", &[]);
        assert_eq!(status_of(&json, "community-counselling"), "unknown");
    }
    // A list without phones: nothing can be written, and nothing is.
    let out = tmp.path().join("list");
    let run = import(spec.join("service_list.json").to_str().unwrap(), &out, &[]);
    run.code(1);
    assert!(!out.exists());
}

#[test]
#[cfg_attr(
    not(shared_fixture = "hsds-3.0"),
    ignore = "../shared/fixtures/hsds-3.0 is absent"
)]
fn the_specification_schedule_example_reads_as_written() {
    let spec = shared_fixture("hsds-3.0");
    // The worked example has no phone: give it one, in a temporary copy.
    let text =
        std::fs::read_to_string(spec.join("field-guidance-schedules-services.json")).unwrap();
    let mut json: Value = serde_json::from_str(&text).unwrap();
    for service in json["services"].as_array_mut().unwrap() {
        service["phones"] = serde_json::json!([{ "id": "p", "number": "020 7946 0000" }]);
    }
    let tmp = tempfile::tempdir().unwrap();
    let input = tmp.path().join("guidance.json");
    std::fs::write(&input, serde_json::to_string(&json["services"]).unwrap()).unwrap();
    let out = tmp.path().join("out");
    let out_str = out.display().to_string();
    let run = deflect([
        "import",
        "hsds",
        input.to_str().unwrap(),
        "--out",
        out_str.as_str(),
        "--timezone",
        "Europe/London",
        "--as-of",
        "2020-08-01",
        "--format",
        "json",
    ]);
    run.code(0);
    validates(&out);
    let text = service_text(&out, "community-counselling");
    assert!(
        text.contains("hours = \"Mo-Th 09:00-12:00,15:00-17:00, Sa[1] 09:00-17:00\""),
        "{text}"
    );
    let at = |t: &str| status_of(&find(&out, t, &[]), "community-counselling");
    assert_eq!(at("2020-08-03T10:00"), "open");
    assert_eq!(at("2020-08-03T13:00"), "closed");
    assert_eq!(at("2020-08-03T16:00"), "open");
    assert_eq!(at("2020-08-01T10:00"), "open");
    assert_eq!(at("2020-08-08T10:00"), "closed");
    // Judged today, every row has expired: the hours are unknown.
    let again = tmp.path().join("today");
    let again_str = again.display().to_string();
    let run = deflect([
        "import",
        "hsds",
        input.to_str().unwrap(),
        "--out",
        again_str.as_str(),
        "--timezone",
        "Europe/London",
        "--format",
        "json",
    ]);
    run.code(0);
    assert_eq!(run.json()["schedules_dropped"].as_array().unwrap().len(), 3);
    assert!(!service_text(&again, "community-counselling").contains("hours ="));
}

#[test]
fn hostile_input_is_reported_not_a_crash() {
    let tmp = tempfile::tempdir().unwrap();
    let input = tmp.path().join("odd.json");
    let odd = serde_json::json!([
        { "id": "a\u{1b}]0;x\u{7}", "name": "\u{202e}Odd\u{0}", "status": 1,
          "phones": [{ "number": 12345 }, { "number": "1-800-FLOWERS" }],
          "minimum_age": -3, "maximum_age": "abc",
          "languages": [{ "code": 7 }, { "name": null }],
          "attributes": [
            { "taxonomy_term": { "name": "Detox\u{1b}[2J", "taxonomy": "deflect-hours" }, "value": "Mo \"\u{1b}\"" },
            { "taxonomy_term": null },
            { "taxonomy_term": { "code": "x", "taxonomy": "deflect-id" }, "value": "../../etc" }
          ],
          "schedules": [
            { "freq": "WEEKLY", "byday": "XX,1MO,--,", "opens_at": "99:99", "closes_at": "ab" },
            { "freq": "MONTHLY", "byday": "9SA,-0FR,+2MO", "opens_at": "24:00", "closes_at": "24:00" },
            { "freq": "YEARLY", "opens_at": "10:00", "closes_at": "11:00" },
            { "freq": "WEEKLY", "byday": "MO", "opens_at": "10:00", "closes_at": "10:00", "valid_to": "not a date" },
            { "byday": "TU", "opens_at": "23:30", "closes_at": "00:00", "interval": "1.0" }
          ],
          "capacities": [{ "available": 1.5 }, { "available": "7", "updated": "yesterday" }],
          "service_at_locations": [
            { "location": { "latitude": "91", "longitude": 10, "name": "X\u{7}", "addresses": "none" } },
            { "location": { "latitude": 41.9, "longitude": -87.6, "name": "x", "location_type": "virtual" } },
            "not an object",
            { "location": { "id": 5, "latitude": 41.9, "longitude": -87.6, "name": "X" } }
          ]
        },
        { "name": ["list"], "status": "active", "phones": "none" },
        7, null, "text", [[[]]]
    ]);
    std::fs::write(&input, serde_json::to_string(&odd).unwrap()).unwrap();
    let out = tmp.path().join("out");
    let run = import(input.to_str().unwrap(), &out, &[]);
    run.code(0);
    validates(&out);
    let text = service_text(&out, "odd");
    assert!(text.contains("phone = \"12345\""), "{text}");
    assert!(text.contains("hours = \"Tu 23:30-24:00\""), "{text}");
    assert!(!text.contains('\u{1b}'));
}

/// Issue #14: taxonomy terms that name a substance set `substances`, and
/// export writes them back, so import → export → import keeps them. A term
/// that maps to no category ("Drinking Water") names none.
#[test]
fn terms_that_name_a_substance_set_substances_and_survive_a_round_trip() {
    let tmp = tempfile::tempdir().unwrap();
    let first = tmp.path().join("first");
    import(&fixture("hsds-substances.json"), &first, &[]).code(0);
    let detox = service_text(&first, "ridge-alcohol-detox");
    assert!(
        detox.contains("categories = [\"withdrawal-management\"]"),
        "{detox}"
    );
    assert!(detox.contains("substances = [\"alcohol\"]"), "{detox}");
    let oud = service_text(&first, "ridge-opioid-program");
    assert!(oud.contains("substances = [\"opioids\"]"), "{oud}");
    validates(&first);
    // Back to HSDS and in again.
    let hsds = tmp.path().join("hsds");
    let first_str = first.display().to_string();
    let hsds_str = hsds.display().to_string();
    deflect(["export", "hsds", "--dir", &first_str, "--out", &hsds_str]).code(0);
    let exported = std::fs::read_to_string(hsds.join("services.json")).unwrap();
    assert!(exported.contains("\"deflect-substance\""), "{exported}");
    let second = tmp.path().join("second");
    import(
        &hsds.join("services.json").display().to_string(),
        &second,
        &[],
    )
    .code(0);
    assert!(service_text(&second, "ridge-alcohol-detox").contains("substances = [\"alcohol\"]"));
    assert!(service_text(&second, "ridge-opioid-program").contains("substances = [\"opioids\"]"));
}
