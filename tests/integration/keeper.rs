//! What the directory keeper meets (issue #15): `validate`'s findings and
//! hints, `--fix --dry-run` in both formats, the JSON report written a
//! block at a time, `show` of an entry left out, and `import` / `export
//! hsds` with the demo mark and with nothing to write.

use std::path::Path;

use serde_json::Value;

use crate::harness::{copy_fixture, deflect, fixture, fixtures, Deflect, Run};

const AS_OF: &str = "2026-11-28";

fn validate(dir: &str, extra: &[&str]) -> Run {
    Deflect::new()
        .args(["validate", "--dir", dir, "--as-of", AS_OF])
        .args(extra)
        .run()
}

/// The codes of the diagnostics of one service, in order.
fn codes_of(json: &Value, service: &str) -> Vec<String> {
    json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["service"] == service)
        .map(|d| d["code"].as_str().unwrap().to_string())
        .collect()
}

fn message_of(json: &Value, code: &str) -> String {
    json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["code"] == code)
        .and_then(|d| d["message"].as_str())
        .unwrap_or_else(|| panic!("no {code} in {json:#}"))
        .to_string()
}

#[test]
fn issue_15_a_latitude_out_of_range_is_only_invalid_coordinates() {
    let run = validate(&fixture("keeper"), &["--format", "json"]);
    run.code(1);
    let json = run.json();
    // Not also `missing-location`: the coordinates are written, and wrong.
    assert_eq!(codes_of(&json, "far-north"), ["invalid-coordinates"]);
    // A service with no coordinates at all still gets the warning.
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("directory.toml"),
        "[directory]\nname = \"N\"\ntimezone = \"America/Chicago\"\n\n[[service]]\nid = \"nowhere\"\nname = \"Nowhere Detox\"\ncategories = [\"withdrawal-management\"]\nphone = \"988\"\nhours = \"24/7\"\nverified = 2026-11-01\n",
    )
    .unwrap();
    let run = validate(dir.path().to_str().unwrap(), &["--format", "json"]);
    run.code(0);
    assert_eq!(codes_of(&run.json(), "nowhere"), ["missing-location"]);
}

#[test]
fn issue_15_unknown_words_suggest_what_the_taxonomy_and_the_languages_know() {
    let run = validate(&fixture("keeper"), &["--format", "json"]);
    let json = run.json();
    assert_eq!(
        message_of(&json, "unknown-category"),
        "unknown category \"detox\": did you mean \"withdrawal-management\"?"
    );
    assert!(
        message_of(&json, "unknown-language").ends_with("did you mean \"es\"?"),
        "{json:#}"
    );
    // In the text report too, at the value's line.
    let text = validate(&fixture("keeper"), &[]);
    assert!(text.stdout.contains(
        "services.toml:14:15: error[unknown-category]: unknown category \"detox\": did you mean \"withdrawal-management\"?"
    ));
}

const DIFF: &str = "--- a/services.toml\n+++ b/services.toml\n@@ -29,1 +29,1 @@\n-hours = \"Mon-Fri 9am-5pm\"\n+hours = \"Mo-Fr 09:00-17:00\"\n";

#[test]
fn issue_15_dry_run_prints_the_diff_then_the_diagnostics_and_exits_1_on_errors() {
    let dir = copy_fixture("keeper");
    let path = dir.path().join("services.toml");
    let before = std::fs::read_to_string(&path).unwrap();
    let run = validate(dir.path().to_str().unwrap(), &["--fix", "--dry-run"]);
    // Errors remain after the fixes: an ambiguous `9-5`, latitude 95…
    run.code(1);
    assert!(run.stdout.starts_with(DIFF), "{}", run.stdout);
    let rest = &run.stdout[DIFF.len()..];
    assert!(rest.starts_with("services.toml:6:7: error[invalid-coordinates]"));
    assert!(rest.contains("services.toml:39:10: error[invalid-hours]"));
    // The directory is judged as the fixes would leave it.
    assert!(!rest.contains("non-canonical-hours"), "{rest}");
    assert!(
        rest.trim_end()
            .ends_with(": 2 files, 4 services: 3 errors, 1 warning"),
        "{rest}"
    );
    assert!(run
        .stderr
        .contains("1 value would change; nothing was written"));
    assert_eq!(std::fs::read_to_string(&path).unwrap(), before);
}

#[test]
fn issue_15_dry_run_exits_0_when_the_fixes_leave_no_error() {
    let dir = tempfile::tempdir().unwrap();
    let text = "[directory]\nname = \"N\"\ntimezone = \"America/Chicago\"\n\n[[service]]\nid = \"clinic\"\nname = \"Clinic\"\ncategories = [\"buprenorphine\"]\nphone = \"988\"\nlat = 41.88\nlon = -87.64\nhours = \"Mon-Fri 9am-5pm\"\nverified = 2026-11-01\n";
    std::fs::write(dir.path().join("d.toml"), text).unwrap();
    let run = validate(
        dir.path().to_str().unwrap(),
        &["--fix", "--dry-run", "--deny-warnings"],
    );
    run.code(0);
    assert!(run.stdout.starts_with("--- a/d.toml\n"), "{}", run.stdout);
    assert!(run
        .stdout
        .ends_with(": 1 file, 1 service: 0 errors, 0 warnings\n"));
    assert_eq!(
        std::fs::read_to_string(dir.path().join("d.toml")).unwrap(),
        text
    );
}

#[test]
fn issue_15_dry_run_in_json_puts_the_fixes_in_the_report_and_prints_no_diff() {
    let dir = copy_fixture("keeper");
    let path = dir.path().join("services.toml");
    let before = std::fs::read_to_string(&path).unwrap();
    let run = validate(
        dir.path().to_str().unwrap(),
        &["--fix", "--dry-run", "--format", "json"],
    );
    run.code(1);
    let json = run.json();
    assert_eq!(
        json["fixes"],
        serde_json::json!([{
            "file": "services.toml", "line": 29, "before": "Mon-Fri 9am-5pm",
            "after": "Mo-Fr 09:00-17:00", "service": "habla"
        }])
    );
    assert_eq!(json["summary"]["errors"], 3);
    assert_eq!(codes_of(&json, "habla"), ["unknown-language"]);
    assert_eq!(std::fs::read_to_string(&path).unwrap(), before);

    // Without --dry-run the file is rewritten, and the report lists it.
    let run = validate(dir.path().to_str().unwrap(), &["--fix", "--format", "json"]);
    run.code(1);
    assert_eq!(run.json()["fixes"][0]["line"], 29);
    assert!(run
        .stderr
        .contains("fixed services.toml:29: hours \"Mon-Fri 9am-5pm\" -> \"Mo-Fr 09:00-17:00\""));
    let after = std::fs::read_to_string(&path).unwrap();
    assert!(after.contains("hours = \"Mo-Fr 09:00-17:00\""));
    // And a run without --fix has no `fixes` key at all.
    let run = validate(dir.path().to_str().unwrap(), &["--format", "json"]);
    assert!(run.json().get("fixes").is_none());
}

/// The JSON report as `serde_json` writes it from the library's report:
/// what `validate --format json` printed before it was written a block at
/// a time.
fn as_serde_writes_it(source: deflect::directory::DirSource) -> String {
    let loaded = deflect::directory::load(&source, deflect::directory::Limits::default()).unwrap();
    let options = deflect::validate::Options {
        as_of: chrono::NaiveDate::from_ymd_opt(2026, 11, 28).unwrap(),
        max_age_days: 180,
    };
    let report = deflect::validate::validate(&loaded, &options);
    let mut out = Vec::new();
    deflect::render::write_json(&mut out, &serde_json::to_value(&report).unwrap()).unwrap();
    String::from_utf8(out).unwrap()
}

#[test]
fn issue_15_the_streamed_json_report_is_byte_for_byte_the_same() {
    let mut checked = 0;
    for entry in std::fs::read_dir(fixtures()).unwrap().flatten() {
        let path = entry.path();
        let is_directory = path.is_dir()
            && std::fs::read_dir(&path)
                .unwrap()
                .flatten()
                .any(|f| f.path().extension().is_some_and(|e| e == "toml") || f.path().is_dir());
        if !is_directory {
            continue;
        }
        let run = validate(path.to_str().unwrap(), &["--format", "json"]);
        assert!(
            run.code == 0 || run.code == 1,
            "{}: {}",
            path.display(),
            run.stderr
        );
        let expected = as_serde_writes_it(deflect::directory::DirSource::Path(path.clone()));
        assert!(
            run.stdout == expected,
            "{}:\n{}\n---\n{expected}",
            path.display(),
            run.stdout
        );
        checked += 1;
    }
    assert!(checked >= 8, "{checked} fixture directories");
    let run = deflect(["validate", "--demo", "--as-of", AS_OF, "--format", "json"]);
    run.code(0);
    assert_eq!(
        run.stdout,
        as_serde_writes_it(deflect::directory::DirSource::Demo)
    );
}

#[test]
fn issue_15_show_says_why_an_entry_is_left_out() {
    let run = deflect(["--dir", &fixture("keeper"), "show", "far-north"]);
    run.code(2);
    assert!(
        run.stderr.contains("error: the service \"far-north\" is in the directory, but every search, slip and card leaves it out (invalid coordinates):"),
        "{}",
        run.stderr
    );
    assert!(run
        .stderr
        .contains("  services.toml:2: its [[service]] table"));
    assert!(run
        .stderr
        .contains("  services.toml:6:7: error[invalid-coordinates]: latitude 95 is out of range"));
    assert!(!run.stderr.contains("no service has the id"));
    assert!(!run.stderr.contains("did you mean"));

    // Both entries of a duplicate id, and the fault.
    let run = deflect(["--dir", &fixture("broken"), "show", "shared-id"]);
    run.code(2);
    for line in [
        "  services/a.toml:21: its [[service]] table",
        "  services/b.toml:2: its [[service]] table",
        "  services/b.toml:2:6: error[duplicate-id]",
    ] {
        assert!(run.stderr.contains(line), "{line}:\n{}", run.stderr);
    }
    // A fault that names no service is found by its line.
    let run = deflect(["--dir", &fixture("broken"), "show", "escape-name"]);
    run.code(2);
    assert!(
        run.stderr.contains("error[control-character]"),
        "{}",
        run.stderr
    );

    // An id that no entry has is still a typo to correct.
    let run = deflect(["--dir", &fixture("keeper"), "show", "far-nort"]);
    run.code(2);
    assert!(run.stderr.contains("no service has the id \"far-nort\""));
}

fn import(input: &Path, out: &Path, extra: &[&str]) -> Run {
    Deflect::new()
        .args(["import", "hsds", input.to_str().unwrap()])
        .args(["--out", out.to_str().unwrap(), "--as-of", AS_OF])
        .args(extra)
        .run()
}

/// The `deflect-demo` attributes of each exported service.
fn demo_marks(services_json: &Path) -> Vec<usize> {
    let text = std::fs::read_to_string(services_json).unwrap();
    let services: Value = serde_json::from_str(&text).unwrap();
    services
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            s["attributes"]
                .as_array()
                .unwrap()
                .iter()
                .filter(|a| a["taxonomy_term"]["taxonomy"] == "deflect-demo")
                .count()
        })
        .collect()
}

#[test]
fn issue_15_the_demo_mark_survives_hsds() {
    let tmp = tempfile::tempdir().unwrap();
    let hsds = tmp.path().join("hsds");
    let run = deflect(["export", "hsds", "--demo", "--out", hsds.to_str().unwrap()]);
    run.code(0);
    let marks = demo_marks(&hsds.join("services.json"));
    assert!(
        marks.len() > 40 && marks.iter().all(|&m| m == 1),
        "{marks:?}"
    );

    let dir = tmp.path().join("dir");
    let run = import(
        &hsds.join("services.json"),
        &dir,
        &["--timezone", "America/Chicago"],
    );
    run.code(0);
    let directory = std::fs::read_to_string(dir.join("directory.toml")).unwrap();
    assert!(directory.lines().any(|l| l == "demo = true"), "{directory}");
    let dir = dir.to_str().unwrap();
    let find = Deflect::new()
        .env("DEFLECT_NOW", "2026-11-28T02:00")
        .args(["--dir", dir, "find", "detox"])
        .run();
    find.code(0);
    assert!(find
        .stdout
        .starts_with("DEMO DATA: these services are fictional."));

    // Fictional services never go unmarked into a real directory.
    let real = copy_fixture("county");
    let listing = |p: &Path| {
        let mut names: Vec<_> = walk(p);
        names.sort();
        names
    };
    let before = listing(real.path());
    let run = import(&hsds.join("services.json"), real.path(), &[]);
    run.code(2);
    assert!(run.stderr.contains("fictional demo data"), "{}", run.stderr);
    assert_eq!(listing(real.path()), before);

    // A real directory's export carries no mark.
    let out = tmp.path().join("county");
    deflect([
        "--dir",
        &fixture("county"),
        "export",
        "hsds",
        "--out",
        out.to_str().unwrap(),
    ])
    .code(0);
    assert!(demo_marks(&out.join("services.json"))
        .iter()
        .all(|&m| m == 0));
}

fn walk(dir: &Path) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).unwrap().flatten() {
        if e.path().is_dir() {
            out.extend(walk(&e.path()));
        } else {
            out.push((
                e.path().display().to_string(),
                std::fs::read_to_string(e.path()).unwrap_or_default(),
            ));
        }
    }
    out
}

#[test]
fn issue_15_an_import_that_writes_nothing_says_only_that() {
    let tmp = tempfile::tempdir().unwrap();
    let input = fixtures().join("hsds-no-phone.json");
    let out = tmp.path().join("new");
    let run = import(&input, &out, &["--timezone", "America/Chicago"]);
    run.code(1);
    let first = run.stdout.lines().next().unwrap_or_default();
    assert_eq!(
        first,
        format!(
            "Nothing was imported from {}: no service could be written, so {} was left as it was",
            input.display(),
            tmp.path().canonicalize().unwrap().join("new").display()
        )
    );
    assert!(run.stdout.contains("skipped: 2"), "{}", run.stdout);
    for claim in ["directory.toml written", "Imported ", "files written"] {
        assert!(!run.stdout.contains(claim), "{claim}:\n{}", run.stdout);
    }
    assert!(!out.exists());

    // Into a directory made by an earlier import: nothing is replaced, and
    // the JSON report says so.
    let dir = tmp.path().join("county");
    import(
        &fixtures().join("hsds-county/services.json"),
        &dir,
        &["--timezone", "America/Chicago"],
    )
    .code(0);
    let before = walk(&dir);
    let run = import(&input, &dir, &["--format", "json"]);
    run.code(1);
    let json = run.json();
    assert_eq!(json["written"], false);
    assert_eq!(json["files_replaced"], 0);
    assert_eq!(json["files_written"], serde_json::json!([]));
    assert_eq!(json["directory_kept"], true);
    assert_eq!(walk(&dir), before);
}
