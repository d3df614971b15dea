//! `deflect report` and `records purge` reading each record's own
//! timezone (issue #15, item 18), the report's names, totals, "other"
//! places and months (item 19), and the report as a printable page with
//! charts (issue #16).

use std::path::Path;

use serde_json::json;

use crate::harness::{assert_self_contained, fixture, Deflect, Run};
use crate::printing::{png_size, Browser};

fn months_file() -> String {
    fixture("records-months/records.jsonl")
}

/// `report` on these files with these flags, and no directory unless the
/// flags name one.
fn report(files: &[&str], extra: &[&str]) -> Run {
    let mut run = Deflect::new().args(["report"]);
    for file in files {
        run = run.args(["--records", file]);
    }
    run.args(extra).run()
}

fn write_lines(path: &Path, lines: &[serde_json::Value]) {
    let text: String = lines.iter().map(|l| format!("{l}\n")).collect();
    std::fs::write(path, text).unwrap();
}

fn referral(hour: &str, zone: Option<&str>, code: char) -> serde_json::Value {
    let mut line = json!({
        "kind": "referral", "v": 1, "hour": hour, "pathway": "self-referral",
        "categories": ["shelter"], "services": ["shelter-overnight"],
        "station": null, "warm_handoff": false,
        "code_hmac": code.to_string().repeat(64)
    });
    if let Some(zone) = zone {
        line["timezone"] = json!(zone);
    }
    line
}

#[test]
fn issue_15_item_18_a_slip_s_record_carries_the_directory_s_timezone() {
    let folder = tempfile::tempdir().unwrap();
    let path = folder.path().join("records.jsonl");
    let config = folder.path().join("config.toml");
    std::fs::write(
        &config,
        format!(
            "directory = {:?}\n[records]\nenabled = true\npath = {:?}\n",
            fixture("county"),
            path.display().to_string()
        ),
    )
    .unwrap();
    let slip = Deflect::new()
        .env("DEFLECT_CONFIG", &config)
        .args(["slip", "detox-247"])
        .run();
    slip.code(0);
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains("\"timezone\":\"America/Chicago\""), "{text}");

    // The report and the purge need no directory for it any more.
    let report = report(&[&path.display().to_string()], &["--format", "json"]);
    report.code(0);
    assert_eq!(report.json()["timezone"], "America/Chicago");
    assert_eq!(report.json()["referrals"], 1);
    let purge = Deflect::new()
        .args(["records", "purge", "--older-than", "30", "--records"])
        .args([&path])
        .run();
    purge.code(0);
    assert!(
        purge.stdout.contains("removed 0 records"),
        "{}",
        purge.stdout
    );

    // An engagement is read in its referral's zone.
    let code = slip
        .stdout
        .lines()
        .find_map(|l| l.trim().strip_prefix("Referral code: "))
        .unwrap_or_else(|| panic!("no code in {}", slip.stdout))
        .to_string();
    let engaged = Deflect::new()
        .args(["records", "engaged", &code, "--records"])
        .args([&path])
        .run();
    engaged.code(0);
    let last = std::fs::read_to_string(&path).unwrap();
    let last: serde_json::Value = serde_json::from_str(last.lines().last().unwrap()).unwrap();
    assert_eq!(last["kind"], "engaged");
    assert_eq!(last["timezone"], "America/Chicago");
}

#[test]
fn issue_15_item_18_each_record_is_read_in_its_own_zone() {
    let folder = tempfile::tempdir().unwrap();
    let path = folder.path().join("records.jsonl");
    // 05:00 UTC on Monday 2 November: midnight in New York, 23:00 on
    // Sunday in Chicago.
    write_lines(
        &path,
        &[
            referral("2026-11-02T05:00:00Z", Some("America/New_York"), 'a'),
            referral("2026-11-02T05:00:00Z", None, 'b'),
        ],
    );
    let file = path.display().to_string();
    // One record says nothing of its zone, and nothing else does.
    let none = report(&[&file], &[]);
    none.code(2);
    assert!(
        none.stderr.contains("1 record carries no timezone"),
        "{}",
        none.stderr
    );
    assert!(none.stderr.contains("--timezone TZ"), "{}", none.stderr);

    // The directory's zone reads the old one; the other keeps its own.
    let both = report(&[&file], &["--dir", &fixture("county"), "--format", "json"]);
    both.code(0);
    let json = both.json();
    assert_eq!(json["timezone"], "America/Chicago, America/New_York");
    assert_eq!(json["by_hour"]["00"], 1);
    assert_eq!(json["by_hour"]["23"], 1);
    assert_eq!(json["by_weekday"]["Mon"], 1);
    assert_eq!(json["by_weekday"]["Sun"], 1);
    let since = report(
        &[&file],
        &[
            "--dir",
            &fixture("county"),
            "--since",
            "2026-11-02",
            "--format",
            "json",
        ],
    );
    assert_eq!(since.json()["referrals"], 1);

    // --timezone reads every record in one zone.
    let utc = report(&[&file], &["--timezone", "UTC", "--format", "json"]);
    utc.code(0);
    assert_eq!(utc.json()["timezone"], "UTC");
    assert_eq!(utc.json()["by_hour"]["05"], 2);
}

#[test]
fn issue_15_item_18_purge_reads_the_zones_of_the_records() {
    let folder = tempfile::tempdir().unwrap();
    let path = folder.path().join("records.jsonl");
    // 04:00 UTC on 1 November is 23:00 on 31 October in Chicago and
    // midnight in New York.
    write_lines(
        &path,
        &[
            referral("2026-11-01T04:00:00Z", Some("America/Chicago"), 'a'),
            referral("2026-11-01T04:00:00Z", Some("America/New_York"), 'b'),
            referral("2026-11-20T05:00:00Z", Some("America/Chicago"), 'c'),
        ],
    );
    let purge = Deflect::new()
        .args([
            "records",
            "purge",
            "--older-than",
            "30",
            "--as-of",
            "2026-12-01",
            "--records",
        ])
        .args([&path])
        .run();
    purge.code(0);
    assert!(
        purge
            .stdout
            .contains("removed 1 record from before 2026-11-01; 2 kept"),
        "{}",
        purge.stdout
    );
    // A record with no zone, and nothing to read it in: exit 2, unchanged.
    write_lines(&path, &[referral("2026-11-01T05:00:00Z", None, 'a')]);
    let refused = Deflect::new()
        .args([
            "records",
            "purge",
            "--older-than",
            "1",
            "--as-of",
            "2026-12-01",
            "--records",
        ])
        .args([&path])
        .run();
    refused.code(2);
    assert!(
        refused.stderr.contains("1 record carries no timezone"),
        "{}",
        refused.stderr
    );
    assert_eq!(std::fs::read_to_string(&path).unwrap().lines().count(), 1);
}

#[test]
fn issue_15_item_19_the_report_names_totals_places_and_months() {
    let file = months_file();
    let named = report(&[&file], &["--dir", &fixture("county"), "--format", "json"]);
    named.code(0);
    let json = named.json();
    // Ids stay the keys; names come beside them.
    assert_eq!(json["by_service"]["shelter-overnight"], 5);
    assert_eq!(
        json["names"]["services"]["shelter-overnight"],
        "Night Harbor Shelter"
    );
    assert_eq!(
        json["names"]["categories"]["withdrawal-management"],
        "Withdrawal management (detox)"
    );
    assert_eq!(json["gaps_total"], 10);
    // Searches from coordinates or no place are "other".
    assert_eq!(
        json["gaps_by_place"],
        json!({ "60608": 2, "Central Station": 4, "other": 4 })
    );
    let months: Vec<&str> = json["by_month"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["month"].as_str().unwrap())
        .collect();
    assert_eq!(months, ["2026-09", "2026-10", "2026-11"]);
    assert_eq!(json["by_month"][1]["referrals"], 15);
    assert_eq!(json["by_month"][1]["engaged"], 10);
    assert_eq!(json["by_month"][1]["engaged_share"], 0.6667);
    assert_eq!(json["by_month"][2]["by_pathway"]["unspecified"], 1);

    let table = report(&[&file], &["--dir", &fixture("county")]);
    table.code(0);
    for line in [
        "  Night Harbor Shelter               5\n",
        "  Withdrawal management (detox)  8\n",
        "  Gaps           10 (searches that found nothing open)\n",
        "  other            4\n",
        "  2026-10         15              5  10 (66.7%)     4\n",
    ] {
        assert!(table.stdout.contains(line), "{line:?} in\n{}", table.stdout);
    }

    // Without a directory, services are shown by their ids; categories
    // still by the built-in taxonomy's names.
    let bare = report(&[&file], &["--format", "json"]);
    bare.code(0);
    assert_eq!(bare.json()["names"]["services"], json!({}));
    assert_eq!(bare.json()["names"]["categories"]["shelter"], "Shelter");
    assert!(report(&[&file], &[])
        .stdout
        .contains("  shelter-overnight  5\n"));
}

#[test]
fn the_report_page_draws_each_chart_and_suppresses_in_every_one() {
    let file = months_file();
    let run = report(
        &[&file],
        &[
            "--dir",
            &fixture("county"),
            "--format",
            "html",
            "--suppress-below",
            "5",
        ],
    );
    run.code(0);
    let html = &run.stdout;
    assert_self_contained(html);
    for title in [
        "Referrals by month and pathway",
        "Referrals by need",
        "Engagement rate by month",
        "Gap searches by hour of week",
    ] {
        assert!(html.contains(&format!("<h2>{title}</h2>")), "{title}");
        assert!(html.contains(&format!("<title>{title}</title>")), "{title}");
    }
    // Methadone has 4 referrals: drawn as "fewer than 5", never as 4.
    assert!(html.contains("<title>Methadone: fewer than 5</title>"));
    assert!(!html.contains("Methadone: 4"));
    assert!(html.contains("<title>Withdrawal management (detox): 8</title>"));
    // September's 2 referrals and November's 2 engaged (22%): suppressed.
    assert!(!html.contains("22%"), "a suppressed share is drawn");
    assert!(html.contains(">&lt;5</text>"), "September's total");
    assert!(html.contains("pathways with fewer than 5 (not to scale)"));
    assert!(html.contains("url(#deflect-hatch)"));
    assert!(html.contains("Sep 2026: fewer than 5 each"));
    // Station names from the records are escaped.
    assert!(html.contains("North &lt;b&gt;Station&lt;/b&gt;"));
    assert!(!html.contains("<b>Station</b>"));
    assert!(!html.contains("DEMO DATA"));

    // Unsuppressed, the same chart draws the values.
    let plain = report(&[&file], &["--dir", &fixture("county"), "--format", "html"]);
    plain.code(0);
    assert!(plain.stdout.contains("<title>Methadone: 4</title>"));
    assert!(plain.stdout.contains(">22%</text>"));
    assert!(!plain.stdout.contains("fewer than"));

    let demo = report(&[&file], &["--demo", "--format", "html"]);
    demo.code(0);
    assert!(demo.stdout.contains("DEMO DATA"));
}

#[test]
fn a_real_browser_prints_the_report_in_landscape() {
    let Some(browser) = Browser::find("the report page") else {
        return;
    };
    let work = tempfile::tempdir().unwrap();
    let run = report(
        &[&months_file()],
        &[
            "--dir",
            &fixture("county"),
            "--format",
            "html",
            "--suppress-below",
            "3",
        ],
    );
    run.code(0);
    let page = work.path().join("report.html");
    std::fs::write(&page, &run.stdout).unwrap();
    let Some(pdf) = browser.pdf(&page, &work.path().join("report.pdf")) else {
        return;
    };
    eprintln!("report: {pdf:?}");
    // The charts on the first page, the tables after it.
    assert!((2..=4).contains(&pdf.pages), "{pdf:?}");
    assert!((pdf.width - 792.0).abs() < 1.5 && (pdf.height - 612.0).abs() < 1.5);
    let png = work.path().join("report.png");
    if browser.png(&page, &png, 1200, 900) {
        assert_eq!(png_size(&png), (1200, 900));
    }
}
