//! Referral records (issue 9): nothing written when off, nothing that
//! identifies anyone, whole records under concurrency, and the report,
//! engagement and purge through the real binary.
//!
//! The fixtures `records-a` and `records-b` are two stations' logs with
//! their keys (test keys, made for these files only); their hashes were
//! computed independently of this crate (Python's `hmac`), so the tests
//! that mark codes engaged also check that deflect hashes the standard way.
//!
//! `slip` and `find --slip` are built in another branch: the concurrency
//! and `--for` tests call the library's hooks directly, from twenty
//! separate processes. Once `slip` lands, the same checks belong through
//! the binary too (see the notes on those tests).

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use chrono::{TimeZone, Utc};
use deflect::config::RecordSettings;
use deflect::records::code::hmac_hex;
use deflect::records::{normalize_code, read_records, record_gap, record_referral, Gap, Referral};

use crate::harness::{copy_fixture, fixture, hermetic, Deflect, Run};

/// The key of `records-a`.
const KEY_A: &str = "3f1c9a4e7b2d8c6a0e5f4b3a291807f6e5d4c3b2a1908f7e6d5c4b3a29180716";

/// A hermetic run whose config turns records on (or off) at `path`.
fn with_records(path: Option<&Path>, enabled: bool) -> Deflect {
    let run = Deflect::new();
    let config = run.home().join("config.toml");
    let mut text = format!("[records]\nenabled = {enabled}\n");
    if let Some(path) = path {
        text.push_str(&format!("path = {:?}\n", path.display().to_string()));
    }
    std::fs::write(&config, text).unwrap();
    run.env("DEFLECT_CONFIG", &config)
}

/// `deflect report` on the county fixture's timezone (America/Chicago).
fn report(files: &[&str], extra: &[&str]) -> Run {
    let mut args = vec!["report".to_string(), "--dir".into(), fixture("county")];
    for f in files {
        args.push("--records".into());
        args.push((*f).to_string());
    }
    args.extend(extra.iter().map(|s| (*s).to_string()));
    Deflect::new().args(args).run()
}

fn records_file(name: &str) -> String {
    fixture(&format!("{name}/records.jsonl"))
}

/// Every file under `dir`, with its bytes.
fn files_under(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(folder) = stack.pop() {
        for entry in std::fs::read_dir(&folder).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else {
                let bytes = std::fs::read(&path).unwrap();
                out.push((path, bytes));
            }
        }
    }
    out
}

fn settings(path: &Path) -> RecordSettings {
    RecordSettings {
        enabled: true,
        path: Some(path.to_path_buf()),
    }
}

fn strings(values: &[&str]) -> Vec<String> {
    values.iter().map(|s| (*s).to_string()).collect()
}

#[cfg(unix)]
fn mode(path: &Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(path).unwrap().permissions().mode() & 0o777
}

// ---------------------------------------------------------------- off

#[test]
fn nothing_is_written_anywhere_when_records_are_off() {
    let home = tempfile::tempdir().unwrap();
    let off = RecordSettings {
        enabled: false,
        path: Some(home.path().join("records/records.jsonl")),
    };
    let cats = strings(&["withdrawal-management"]);
    let referral = Referral {
        at: Utc::now(),
        timezone: None,
        pathway: Some("self-referral"),
        categories: &cats,
        services: &cats,
        station: Some("Central District Station"),
        warm_handoff: true,
        code: "ABCD-EFGH",
    };
    assert!(!record_referral(&off, &referral).unwrap());
    let gap = Gap {
        at: Utc::now(),
        timezone: None,
        categories: &cats,
        place: Some("Central Station"),
        station: None,
    };
    assert!(!record_gap(&off, &gap).unwrap());
    // The default path (no `path`) is not even looked up when off.
    assert!(!record_referral(&RecordSettings::default(), &referral).unwrap());
    assert!(files_under(home.path()).is_empty());

    // Through the binary: off by default, and the commands that would
    // write say so and write nothing: not in HOME, not in the data folder.
    let home = tempfile::tempdir().unwrap();
    let done = in_home(home.path())
        .args(["records", "engaged", "ABCD-EFGH"])
        .run();
    done.code(2);
    assert!(done.stderr.contains("records are off"), "{}", done.stderr);
    let done = in_home(home.path())
        .args(["report", "--timezone", "America/Chicago"])
        .run();
    done.code(2);
    assert!(done.stderr.contains("records are off"), "{}", done.stderr);
    let done = in_home(home.path())
        .args(["find", "detox", "--dir", &fixture("county")])
        .run();
    assert_ne!(done.code, 2, "{}", done.stderr);
    // The one file a desk command writes is the desk cache (docs/CLI.md):
    // the directory's own public data, never anything about a person.
    let cache = home.path().join(".cache/deflect");
    let written: Vec<_> = files_under(home.path())
        .into_iter()
        .filter(|(path, _)| !path.starts_with(&cache))
        .collect();
    assert!(written.is_empty(), "{written:?}");
}

/// A hermetic run whose HOME and XDG folders are `home`, which outlives it.
fn in_home(home: &Path) -> Deflect {
    Deflect::new()
        .env("HOME", home)
        .env("XDG_CONFIG_HOME", home.join(".config"))
        .env("XDG_DATA_HOME", home.join(".local/share"))
        .env("XDG_CACHE_HOME", home.join(".cache"))
}

/// XDG_DATA_HOME names the data folder on Linux only (macOS and Windows
/// have their own, under the HOME the harness sets or the profile).
#[cfg(target_os = "linux")]
#[test]
fn the_default_file_is_in_the_data_folder() {
    let run = with_records(None, true);
    let data = run.home().join(".local/share/deflect");
    std::fs::create_dir_all(&data).unwrap();
    for name in ["records.jsonl", "records.jsonl.key"] {
        std::fs::copy(fixture(&format!("records-a/{name}")), data.join(name)).unwrap();
    }
    let done = run.args(["records", "engaged", "0000-0001"]).run();
    done.code(0);
    assert!(done.stdout.contains("Marked engaged"), "{}", done.stdout);
    assert!(done.stdout.contains(".local/share/deflect/records.jsonl"));
}

// ---------------------------------------------------------------- privacy

#[test]
fn a_record_holds_only_the_documented_fields_and_no_name() {
    // NOTE for the lead: once `slip` lands, add the same check through the
    // binary: `slip ID --for "Jane Q Public"` with records on, then search
    // every file under the temporary HOME and the records folder for the
    // name, as below.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("records.jsonl");
    let name = "Jane Q Public";
    let cats = strings(&["withdrawal-management"]);
    let services = strings(&["westside-detox"]);
    let good = Referral {
        at: Utc.with_ymd_and_hms(2026, 11, 28, 8, 17, 0).unwrap(),
        timezone: Some(chrono_tz::America::Chicago),
        pathway: Some("officer-intervention"),
        categories: &cats,
        services: &services,
        station: Some("Central District Station"),
        warm_handoff: true,
        code: "K7QM-3XRD",
    };
    assert!(record_referral(&settings(&path), &good).unwrap());
    // A caller that tries to slip a name (or free text) into any field is
    // refused, and nothing is written.
    let named = strings(&[name]);
    for bad in [
        Referral {
            categories: &named,
            ..good
        },
        Referral {
            services: &named,
            ..good
        },
        Referral {
            pathway: Some(name),
            ..good
        },
        Referral { code: name, ..good },
    ] {
        assert!(record_referral(&settings(&path), &bad).is_err());
    }
    assert!(record_gap(
        &settings(&path),
        &Gap {
            at: good.at,
            timezone: None,
            categories: &named,
            place: None,
            station: None
        }
    )
    .is_err());
    let before = files_under(dir.path());
    for (file, bytes) in &before {
        let text = String::from_utf8_lossy(bytes);
        assert!(!text.contains(name), "{} holds the name", file.display());
        assert!(!text.contains("Jane"), "{}", file.display());
    }
    let log = read_records(&path).unwrap();
    assert_eq!(log.records.len(), 1);
    let line: serde_json::Value =
        serde_json::from_str(std::fs::read_to_string(&path).unwrap().trim()).unwrap();
    let keys: HashSet<&str> = line
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    let allowed: HashSet<&str> = [
        "kind",
        "v",
        "hour",
        "timezone",
        "pathway",
        "categories",
        "services",
        "station",
        "warm_handoff",
        "code_hmac",
    ]
    .into();
    assert_eq!(keys, allowed);
    assert_eq!(line["hour"], "2026-11-28T08:00:00Z");
}

#[test]
fn no_referral_code_is_stored_in_clear() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("records.jsonl");
    let codes = [
        "ABCD-EFGH",
        "K7QM-3XRD",
        "0000-0001",
        "ZZZZ-9999",
        "MN4P-QRST",
        "VWXY-Z123",
    ];
    let cats = strings(&["moud"]);
    for code in codes {
        let r = Referral {
            at: Utc::now(),
            timezone: None,
            pathway: None,
            categories: &cats,
            services: &cats,
            station: None,
            warm_handoff: false,
            code,
        };
        assert!(record_referral(&settings(&path), &r).unwrap());
    }
    for (file, bytes) in files_under(dir.path()) {
        let text = String::from_utf8_lossy(&bytes).to_uppercase();
        for code in codes {
            let plain = normalize_code(code).unwrap();
            assert!(!text.contains(&plain), "{code} in {}", file.display());
            assert!(!text.contains(code), "{code} in {}", file.display());
        }
    }
    // The key is owner-only, and so are the records.
    #[cfg(unix)]
    {
        assert_eq!(mode(&path), 0o600);
        assert_eq!(mode(&dir.path().join("records.jsonl.key")), 0o600);
    }
}

// ---------------------------------------------------------------- concurrency

/// The child side of the concurrency tests: does nothing unless started by
/// [`spawn_writers`], then waits for the go signal and writes its records.
#[test]
fn concurrent_writer() {
    let Some(path) = std::env::var_os("DEFLECT_TEST_RECORDS") else {
        return;
    };
    let path = PathBuf::from(path);
    let index: u32 = std::env::var("DEFLECT_TEST_INDEX")
        .unwrap()
        .parse()
        .unwrap();
    let count: u32 = std::env::var("DEFLECT_TEST_COUNT")
        .unwrap()
        .parse()
        .unwrap();
    let go = path.with_file_name("go");
    let start = Instant::now();
    while !go.exists() && start.elapsed() < Duration::from_secs(30) {
        std::thread::sleep(Duration::from_millis(1));
    }
    let cats = strings(&["withdrawal-management", "naloxone"]);
    let services = strings(&["westside-detox"]);
    for j in 0..count {
        let code = format!("{:08}", index * 10_000 + j);
        let r = Referral {
            at: Utc::now(),
            timezone: None,
            pathway: Some("self-referral"),
            categories: &cats,
            services: &services,
            station: Some("Central District Station"),
            warm_handoff: j % 2 == 0,
            code: &code,
        };
        assert!(record_referral(&settings(&path), &r).unwrap());
    }
}

/// Starts twenty processes that each write `count` referrals to `path` at
/// the same moment; returns how long they took together.
fn spawn_writers(path: &Path, count: u32) -> Duration {
    let exe = std::env::current_exe().unwrap();
    let children: Vec<_> = (0..20)
        .map(|i| {
            Command::new(&exe)
                .args(["records::concurrent_writer", "--exact", "--test-threads=1"])
                .env("DEFLECT_TEST_RECORDS", path)
                .env("DEFLECT_TEST_INDEX", i.to_string())
                .env("DEFLECT_TEST_COUNT", count.to_string())
                .stdout(std::process::Stdio::null())
                .spawn()
                .unwrap()
        })
        .collect();
    // Let them all start and wait at the line, then go.
    std::thread::sleep(Duration::from_millis(300));
    let start = Instant::now();
    std::fs::write(path.with_file_name("go"), "").unwrap();
    for mut child in children {
        assert!(child.wait().unwrap().success());
    }
    start.elapsed()
}

/// Checks `path` holds exactly these codes' referrals, each whole, hashed
/// with the one key.
fn assert_whole(path: &Path, codes: &[String]) {
    let text = std::fs::read_to_string(path).unwrap();
    assert_eq!(text.lines().count(), codes.len());
    assert!(text.ends_with('\n'));
    let log = read_records(path).unwrap();
    assert!(log.warnings.is_empty(), "{:?}", log.warnings);
    assert_eq!(log.records.len(), codes.len());
    let key = std::fs::read_to_string(path.with_file_name("records.jsonl.key")).unwrap();
    let key = key.trim();
    let expected: HashSet<String> = codes
        .iter()
        .map(|c| hmac_hex(&decode_hex(key), c.as_bytes()))
        .collect();
    let found: HashSet<String> = log
        .records
        .iter()
        .map(|r| match r {
            deflect::records::Record::Referral(r) => r.code_hmac.clone(),
            other => panic!("not a referral: {other:?}"),
        })
        .collect();
    assert_eq!(found, expected, "every record whole, all under one key");
}

fn decode_hex(text: &str) -> Vec<u8> {
    (0..text.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&text[i..i + 2], 16).unwrap())
        .collect()
}

#[test]
fn twenty_concurrent_slips_give_twenty_whole_records() {
    // NOTE for the lead: once `slip` lands, repeat this with twenty
    // `deflect slip ID` processes against one records file.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("records.jsonl");
    let took = spawn_writers(&path, 1);
    let codes: Vec<String> = (0..20).map(|i| format!("{:08}", i * 10_000)).collect();
    assert_whole(&path, &codes);
    // Each of them can then be marked engaged through the binary: the
    // twenty processes agreed on one key, made by the first.
    let done = with_records(Some(&path), true)
        .args(["records", "engaged", &codes[19]])
        .run();
    done.code(0);
    eprintln!("20 processes x 1 referral: {took:?}");
}

#[test]
fn twenty_processes_writing_five_hundred_records_lose_none() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("records.jsonl");
    let took = spawn_writers(&path, 25);
    let codes: Vec<String> = (0..20)
        .flat_map(|i| (0..25).map(move |j| format!("{:08}", i * 10_000 + j)))
        .collect();
    assert_whole(&path, &codes);
    eprintln!("20 processes x 25 referrals: {took:?}");
}

#[test]
fn concurrent_marks_of_engagement_are_whole_and_never_doubled() {
    let dir = copy_fixture("records-a");
    let path = dir.path().join("records.jsonl");
    let before = std::fs::read_to_string(&path).unwrap().lines().count();
    // Four codes not yet engaged (one typed two ways), each reported by
    // several partners at once.
    let codes = [
        "33334444",
        "oooo-oooi",
        "2222-3333",
        "5555-6666",
        "3333-4444",
    ];
    // One config, written before any process starts reading it.
    let config = dir.path().join("config.toml");
    std::fs::write(
        &config,
        format!(
            "[records]\nenabled = true\npath = {:?}\n",
            path.display().to_string()
        ),
    )
    .unwrap();
    let children: Vec<_> = codes
        .iter()
        .cycle()
        .take(20)
        .map(|code| {
            hermetic(&mut Command::new(env!("CARGO_BIN_EXE_deflect")), dir.path())
                .args(["records", "engaged", code])
                .env("DEFLECT_CONFIG", &config)
                .stdout(std::process::Stdio::piped())
                .stderr(std::process::Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    let mut marked = 0;
    for child in children {
        let output = child.wait_with_output().unwrap();
        assert!(
            output.status.success(),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
        marked += usize::from(String::from_utf8_lossy(&output.stdout).starts_with("Marked"));
    }
    assert_eq!(marked, 4, "one mark per distinct code");
    let log = read_records(&path).unwrap();
    assert!(log.warnings.is_empty());
    assert_eq!(log.records.len(), before + 4);
}

// ---------------------------------------------------------------- report

/// 24 counts of an hour of week: zero but at the hours given.
fn day(counts: &[(usize, u64)]) -> serde_json::Value {
    let mut hours = [0u64; 24];
    for &(hour, n) in counts {
        hours[hour] = n;
    }
    serde_json::json!(hours)
}

#[test]
fn report_counts_a_fixture_log() {
    let run = report(
        &[&records_file("records-a")],
        &[
            "--since",
            "2026-11-01",
            "--until",
            "2026-11-30",
            "--format",
            "json",
        ],
    );
    run.code(0);
    let json = run.json();
    let expect = serde_json::json!({
        "since": "2026-11-01",
        "until": "2026-11-30",
        "timezone": "America/Chicago",
        "suppress_below": null,
        "referrals": 6,
        "warm_handoffs": 2,
        "by_pathway": {
            "self-referral": 3, "active-outreach": 1, "naloxone-plus": 1,
            "officer-prevention": 0, "officer-intervention": 1, "community-responder": 0
        },
        "by_category": {
            "moud": 1, "naloxone": 1, "shelter": 1, "syringe-services": 1,
            "withdrawal-management": 3
        },
        "by_service": {
            "harm-reduction-van": 1, "north-clinic": 1, "safe-haven": 1, "westside-detox": 3
        },
        "by_station": { "Central District Station": 6 },
        "by_hour": {
            "00": 1, "01": 0, "02": 1, "03": 1, "04": 0, "05": 0, "06": 0, "07": 0,
            "08": 0, "09": 0, "10": 0, "11": 0, "12": 0, "13": 0, "14": 1, "15": 0,
            "16": 0, "17": 0, "18": 0, "19": 0, "20": 0, "21": 1, "22": 0, "23": 1
        },
        "by_weekday": { "Mon": 3, "Tue": 1, "Wed": 0, "Thu": 0, "Fri": 1, "Sat": 0, "Sun": 1 },
        "gaps": [
            { "categories": ["shelter"], "hour": "22", "count": 1 },
            { "categories": ["withdrawal-management"], "hour": "02", "count": 2 }
        ],
        "gaps_by_place": { "60608": 1, "Central Station": 2 },
        "engaged": 2,
        "engaged_share": 0.3333,
        "gaps_total": 3,
        "gaps_by_hour_of_week": {
            "Mon": day(&[(2, 2)]), "Tue": day(&[(22, 1)]), "Wed": day(&[]), "Thu": day(&[]),
            "Fri": day(&[]), "Sat": day(&[]), "Sun": day(&[])
        },
        "by_month": [{
            "month": "2026-11", "referrals": 6, "warm_handoffs": 2, "engaged": 2,
            "engaged_share": 0.3333, "gaps": 3,
            "by_pathway": {
                "self-referral": 3, "active-outreach": 1, "naloxone-plus": 1,
                "officer-prevention": 0, "officer-intervention": 1, "community-responder": 0
            }
        }],
        // The fixture's services are not in the county directory: they
        // have no names, and are shown by their ids.
        "names": {
            "services": {},
            "categories": {
                "moud": "Medications for opioid use disorder", "naloxone": "Naloxone",
                "shelter": "Shelter", "syringe-services": "Syringe services",
                "withdrawal-management": "Withdrawal management (detox)"
            }
        }
    });
    assert_eq!(json, expect, "{}", run.stdout);
    // Keys come in the documented order.
    let order: Vec<&str> = json
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    assert!(run.stdout.find("\"since\"") < run.stdout.find("\"referrals\""));
    assert!(run.stdout.find("\"by_hour\"") < run.stdout.find("\"engaged\""));
    assert!(run.stdout.find("\"Mon\"") < run.stdout.find("\"Sun\""));
    assert!(order.contains(&"engaged_share"));

    // Days are the directory's: 2026-12-01T05:00Z is 30 November in
    // Chicago, so a November report holds it and a December one does not.
    let december = report(
        &[&records_file("records-a")],
        &["--since", "2026-12-01", "--format", "json"],
    );
    december.code(0);
    assert_eq!(december.json()["referrals"], 0);
    assert_eq!(december.json()["engaged_share"], serde_json::Value::Null);

    // Every record, with no window.
    let all = report(&[&records_file("records-a")], &["--format", "json"]);
    all.code(0);
    assert_eq!(all.json()["referrals"], 7);
    assert_eq!(all.json()["since"], serde_json::Value::Null);
}

#[test]
fn report_as_a_table_and_as_csv() {
    let table = report(
        &[&records_file("records-a")],
        &["--since", "2026-11-01", "--until", "2026-11-30"],
    );
    table.code(0);
    let out = &table.stdout;
    assert!(
        out.starts_with(
            "Referral records, 2026-11-01 to 2026-11-30 (days and hours in America/Chicago)\n"
        ),
        "{out}"
    );
    assert!(out.contains("  Referrals      6\n"), "{out}");
    assert!(out.contains("  Engaged        2 (33.3%)\n"), "{out}");
    assert!(
        out.contains("\nBy pathway\n  self-referral         3\n"),
        "{out}"
    );
    // Categories by name (issue #15, item 19).
    assert!(
        out.contains("  02:00  Withdrawal management (detox)  2\n"),
        "{out}"
    );
    assert!(out.contains("  Gaps           3 (searches that found nothing open)\n"));
    assert!(
        out.contains(concat!(
            "\nBy month\n",
            "  Month    Referrals  Warm handoffs    Engaged  Gaps\n",
            "  2026-11          6              2  2 (33.3%)     3\n"
        )),
        "{out}"
    );

    let csv = report(
        &[&records_file("records-a")],
        &[
            "--since",
            "2026-11-01",
            "--until",
            "2026-11-30",
            "--format",
            "csv",
        ],
    );
    csv.code(0);
    let lines: Vec<&str> = csv.stdout.lines().collect();
    assert_eq!(lines[0], "dimension,key,count");
    for row in [
        "total,referrals,6",
        "total,warm_handoffs,2",
        "total,engaged,2",
        "total,engaged_share,0.3333",
        "pathway,self-referral,3",
        "category,withdrawal-management,3",
        "service,westside-detox,3",
        "station,Central District Station,6",
        "hour,23,1",
        "weekday,Mon,3",
        "gap,withdrawal-management@02,2",
        "gap_place,60608,1",
        "total,gaps,3",
        "month,2026-11,6",
        "month_engaged,2026-11,2",
        "month_pathway,2026-11/self-referral,3",
        "gap_hour_of_week,Mon@02,2",
    ] {
        assert!(lines.contains(&row), "{row} missing:\n{}", csv.stdout);
    }
    assert!(lines.iter().all(|l| l.split(',').count() == 3));
    // 5 totals, 6 pathways, 5 categories, 4 services, 1 station, 24 hours,
    // 7 weekdays, 2 gaps, 2 places, a month of 4 counts and 6 pathways,
    // 168 hours of the week.
    assert_eq!(
        lines.len(),
        1 + 5 + 6 + 5 + 4 + 1 + 24 + 7 + 2 + 2 + 10 + 168
    );
}

#[test]
fn report_suppresses_small_counts_everywhere() {
    let args = [
        "--since",
        "2026-11-01",
        "--until",
        "2026-11-30",
        "--suppress-below",
        "3",
    ];
    let json_run = report(
        &[&records_file("records-a")],
        &[&args[..], &["--format", "json"]].concat(),
    );
    json_run.code(0);
    let json = json_run.json();
    assert_eq!(json["suppress_below"], 3);
    assert_eq!(json["referrals"], 6);
    assert_eq!(json["warm_handoffs"], "<3");
    assert_eq!(json["engaged"], "<3");
    assert_eq!(json["engaged_share"], "suppressed");
    assert_eq!(json["by_pathway"]["self-referral"], 3);
    assert_eq!(json["by_pathway"]["officer-intervention"], "<3");
    assert_eq!(json["by_pathway"]["community-responder"], "<3");
    assert_eq!(json["by_category"]["withdrawal-management"], 3);
    assert_eq!(json["by_category"]["moud"], "<3");
    assert_eq!(json["by_station"]["Central District Station"], 6);
    assert_eq!(json["by_hour"]["00"], "<3");
    assert_eq!(json["by_weekday"]["Mon"], 3);
    assert_eq!(json["gaps"][1]["count"], "<3");
    assert_eq!(json["gaps_by_place"]["60608"], "<3");
    // No count below 3 appears as a number anywhere.
    fn small_numbers(v: &serde_json::Value, out: &mut Vec<String>) {
        match v {
            serde_json::Value::Number(n) if n.as_f64().is_some_and(|x| x < 3.0) => {
                out.push(n.to_string())
            }
            serde_json::Value::Array(a) => a.iter().for_each(|v| small_numbers(v, out)),
            serde_json::Value::Object(o) => o.values().for_each(|v| small_numbers(v, out)),
            _ => {}
        }
    }
    let mut small = Vec::new();
    small_numbers(&json, &mut small);
    assert!(small.is_empty(), "{small:?} in {}", json_run.stdout);

    let table = report(&[&records_file("records-a")], &args);
    table.code(0);
    assert!(table.stdout.contains("Counts below 3 are shown as <3."));
    assert!(
        table.stdout.contains("  Warm handoffs  <3\n"),
        "{}",
        table.stdout
    );
    assert!(table
        .stdout
        .contains("  Engaged        <3 (share suppressed)\n"));

    let csv = report(
        &[&records_file("records-a")],
        &[&args[..], &["--format", "csv"]].concat(),
    );
    csv.code(0);
    assert!(csv.stdout.contains("\npathway,officer-intervention,<3\n"));
    assert!(csv.stdout.contains("\ntotal,engaged_share,suppressed\n"));
    assert!(csv.stdout.contains("\ntotal,referrals,6\n"));
}

#[test]
fn report_merges_two_stations_files() {
    let run = report(
        &[&records_file("records-a"), &records_file("records-b")],
        &[
            "--since",
            "2026-11-01",
            "--until",
            "2026-11-30",
            "--format",
            "json",
        ],
    );
    run.code(0);
    let json = run.json();
    assert_eq!(json["referrals"], 9);
    assert_eq!(json["warm_handoffs"], 3);
    // The same code at two stations is two referrals under two keys: the
    // engagement at A does not make B's engaged.
    assert_eq!(json["engaged"], 3);
    assert_eq!(json["engaged_share"], 0.3333);
    assert_eq!(
        json["by_station"],
        serde_json::json!({
            "Central District Station": 6, "North District Station": 2, "unspecified": 1
        })
    );
    assert_eq!(json["by_pathway"]["self-referral"], 4);
    assert_eq!(json["by_pathway"]["community-responder"], 1);
    assert_eq!(json["by_pathway"]["unspecified"], 1);
    assert_eq!(json["by_hour"]["09"], 1);
    assert_eq!(json["by_hour"]["12"], 1);
    assert_eq!(json["by_weekday"]["Tue"], 2);
    assert_eq!(json["by_weekday"]["Thu"], 1);
    assert_eq!(
        json["gaps"],
        serde_json::json!([
            { "categories": ["shelter"], "hour": "22", "count": 1 },
            { "categories": ["withdrawal-management"], "hour": "02", "count": 3 }
        ])
    );
    // Naming the same file twice counts it once.
    let twice = report(
        &[&records_file("records-a"), &records_file("records-a")],
        &["--format", "json"],
    );
    assert_eq!(twice.json()["referrals"], 7);
}

#[test]
fn report_needs_a_timezone_and_good_dates() {
    let run = Deflect::new()
        .args(["report", "--records", &records_file("records-a")])
        .run();
    run.code(2);
    assert!(run.stderr.contains("--timezone TZ"), "{}", run.stderr);
    assert!(run.stderr.contains("--dir PATH"), "{}", run.stderr);
    assert!(run.stdout.is_empty());

    let tz = Deflect::new()
        .args([
            "report",
            "--records",
            &records_file("records-a"),
            "--timezone",
            "America/Chicago",
            "--format",
            "json",
        ])
        .run();
    tz.code(0);
    assert_eq!(tz.json()["referrals"], 7);

    for (args, message) in [
        (vec!["--timezone", "Mars/Olympus"], "not an IANA time zone"),
        (vec!["--since", "2026-13-01"], "--since: invalid date"),
        (
            vec!["--since", "2026-11-30", "--until", "2026-11-01"],
            "is after",
        ),
        (vec!["--suppress-below", "0"], "0"),
    ] {
        let run = report(&[&records_file("records-a")], &args);
        run.code(2);
        assert!(run.stderr.contains(message), "{args:?}: {}", run.stderr);
    }
    let missing = report(&["/nonexistent/records.jsonl"], &[]);
    missing.code(2);
    assert!(
        missing.stderr.contains("no records file"),
        "{}",
        missing.stderr
    );
}

#[test]
fn report_with_records_on_but_none_yet_is_all_zero() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("records.jsonl");
    let run = with_records(Some(&path), true)
        .args(["report", "--dir", &fixture("county"), "--format", "json"])
        .run();
    run.code(0);
    assert_eq!(run.json()["referrals"], 0);
    assert!(run.stderr.contains("no referral has been recorded yet"));
    assert!(!path.exists(), "a report writes nothing");
}

// ---------------------------------------------------------------- engaged

#[test]
fn engagement_by_code() {
    let dir = copy_fixture("records-a");
    let path = dir.path().join("records.jsonl");
    let engaged = |code: &str| {
        with_records(Some(&path), true)
            .args(["records", "engaged", code])
            .run()
    };
    // Lower case, look-alike letters and no hyphen: 0000-0001.
    let run = engaged("oooooooi");
    run.code(0);
    assert_eq!(
        run.stdout,
        format!(
            "Marked engaged: the referral with code 0000-0001 ({})\n",
            path.display()
        )
    );
    // One engaged line, keyed by the code's HMAC under this file's key.
    let last = std::fs::read_to_string(&path).unwrap();
    let last: serde_json::Value = serde_json::from_str(last.lines().last().unwrap()).unwrap();
    assert_eq!(last["kind"], "engaged");
    assert_eq!(
        last["code_hmac"],
        hmac_hex(&decode_hex(KEY_A), b"00000001").as_str()
    );
    let again = engaged("0000-0001");
    again.code(0);
    assert!(
        again.stdout.starts_with("Already marked engaged"),
        "{}",
        again.stdout
    );
    let already = engaged("abcd-efgh");
    already.code(0);
    assert!(already.stdout.starts_with("Already marked engaged"));

    let report = report(
        &[&path.display().to_string()],
        &[
            "--since",
            "2026-11-01",
            "--until",
            "2026-11-30",
            "--format",
            "json",
        ],
    );
    assert_eq!(report.json()["engaged"], 3);
    assert_eq!(report.json()["engaged_share"], 0.5);

    let lines = std::fs::read_to_string(&path).unwrap().lines().count();
    let unknown = engaged("ZZZZ-ZZZZ");
    unknown.code(2);
    assert!(
        unknown.stderr.contains("no referral with code ZZZZ-ZZZZ"),
        "{}",
        unknown.stderr
    );
    let invalid = engaged("ABCD-EFGU");
    invalid.code(2);
    assert!(
        invalid.stderr.contains("is not a referral code"),
        "{}",
        invalid.stderr
    );
    assert_eq!(
        std::fs::read_to_string(&path).unwrap().lines().count(),
        lines
    );
}

#[test]
fn engagement_is_found_in_whichever_stations_file_holds_the_code() {
    let a = copy_fixture("records-a");
    let b = copy_fixture("records-b");
    let fa = a.path().join("records.jsonl").display().to_string();
    let fb = b.path().join("records.jsonl").display().to_string();
    let run = Deflect::new()
        .args([
            "records",
            "engaged",
            "7777-8888",
            "--records",
            &fa,
            "--records",
            &fb,
        ])
        .run();
    run.code(0);
    assert!(run.stdout.contains(&fb), "{}", run.stdout);
    let merged = report(&[&fa, &fb], &["--format", "json"]);
    assert_eq!(merged.json()["engaged"], 4);
}

// ---------------------------------------------------------------- purge

#[test]
fn purge_removes_records_by_age() {
    let dir = copy_fixture("records-a");
    let path = dir.path().join("records.jsonl");
    let key = std::fs::read(dir.path().join("records.jsonl.key")).unwrap();
    let purge = |extra: &[&str]| {
        with_records(Some(&path), true)
            .args(["records", "purge", "--dir", &fixture("county")])
            .args(extra)
            .run()
    };
    // 30 days before 2026-11-30 is 2026-10-31: only October goes.
    let run = purge(&["--older-than", "30", "--as-of", "2026-11-30"]);
    run.code(0);
    assert_eq!(
        run.stdout,
        format!(
            "{}: removed 1 record from before 2026-10-31; 11 kept\n",
            path.display()
        )
    );
    // As of 2026-12-03, 30 days: everything before 3 November (Chicago)
    // goes, and the engagement of a referral that went with it.
    let run = purge(&["--older-than", "30", "--as-of", "2026-12-03"]);
    run.code(0);
    assert_eq!(
        run.stdout,
        format!(
            "{}: removed 4 records from before 2026-11-03, 1 engagement whose referral is gone; 6 kept\n",
            path.display()
        )
    );
    let log = read_records(&path).unwrap();
    assert!(log.warnings.is_empty());
    assert_eq!(log.records.len(), 6);
    let json = report(&[&path.display().to_string()], &["--format", "json"]).json();
    assert_eq!(json["referrals"], 3);
    assert_eq!(json["engaged"], 1);
    // The key is kept, so the codes of the records kept still match.
    assert_eq!(
        std::fs::read(dir.path().join("records.jsonl.key")).unwrap(),
        key
    );
    #[cfg(unix)]
    assert_eq!(mode(&path), 0o600);
    // No temporary file is left beside it.
    let names: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(names.iter().all(|n| !n.contains("tmp")), "{names:?}");

    // Nothing left to purge: the file is left as it is.
    let run = purge(&["--older-than", "30", "--as-of", "2026-12-03"]);
    run.code(0);
    assert!(run.stdout.contains("removed 0 records"), "{}", run.stdout);
    // Everything.
    let run = purge(&["--older-than", "0", "--as-of", "2027-01-01"]);
    run.code(0);
    assert_eq!(std::fs::read_to_string(&path).unwrap(), "");

    // A missing file, a bad date, no timezone.
    let gone = tempfile::tempdir().unwrap();
    let none = with_records(Some(&gone.path().join("r.jsonl")), true)
        .args([
            "records",
            "purge",
            "--older-than",
            "30",
            "--timezone",
            "UTC",
        ])
        .run();
    none.code(0);
    assert!(none.stdout.contains("nothing to purge"));
    assert!(files_under(gone.path()).is_empty());
    purge(&["--older-than", "30", "--as-of", "2026-02-30"]).code(2);
    let no_tz = with_records(Some(&path), true)
        .args(["records", "purge", "--older-than", "30"])
        .run();
    no_tz.code(2);
    assert!(no_tz.stderr.contains("--timezone TZ"), "{}", no_tz.stderr);
}

// ---------------------------------------------------------------- crashes

#[test]
fn a_torn_last_line_is_survived() {
    let run = report(&[&records_file("records-torn")], &["--format", "json"]);
    run.code(0);
    assert_eq!(run.json()["referrals"], 2);
    assert!(
        run.stderr
            .contains("records.jsonl:4: a torn last line (an interrupted write) is skipped"),
        "{}",
        run.stderr
    );

    // The next record is written whole after it, never glued to it.
    let dir = copy_fixture("records-torn");
    let path = dir.path().join("records.jsonl");
    let cats = strings(&["moud"]);
    let r = Referral {
        at: Utc.with_ymd_and_hms(2026, 11, 20, 12, 0, 0).unwrap(),
        timezone: None,
        pathway: Some("officer-prevention"),
        categories: &cats,
        services: &cats,
        station: None,
        warm_handoff: false,
        code: "QQQQ-RRRR",
    };
    assert!(record_referral(&settings(&path), &r).unwrap());
    let run = report(&[&path.display().to_string()], &["--format", "json"]);
    run.code(0);
    assert_eq!(run.json()["referrals"], 3);
    assert_eq!(run.json()["by_pathway"]["officer-prevention"], 1);
    assert!(
        run.stderr
            .contains(":4: a line that is not a record is skipped"),
        "{}",
        run.stderr
    );

    // Engagement and purge get past it too; purge drops it.
    let done = with_records(Some(&path), true)
        .args(["records", "engaged", "QQQQ-RRRR"])
        .run();
    done.code(0);
    let purged = with_records(Some(&path), true)
        .args([
            "records",
            "purge",
            "--older-than",
            "3650",
            "--timezone",
            "UTC",
            "--as-of",
            "2026-12-01",
        ])
        .run();
    purged.code(0);
    assert!(
        purged.stdout.contains("1 unreadable line"),
        "{}",
        purged.stdout
    );
    assert!(read_records(&path).unwrap().warnings.is_empty());
}

// ---------------------------------------------------------------- gaps

#[test]
fn a_gap_is_recorded_by_need_hour_and_place() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("records.jsonl");
    let needs = strings(&["withdrawal-management", "shelter"]);
    for (hour, place) in [(8, Some("Central Station")), (8, Some("60608")), (20, None)] {
        let gap = Gap {
            // 02:xx and 14:xx in Chicago.
            at: Utc.with_ymd_and_hms(2026, 11, 28, hour, 45, 0).unwrap(),
            timezone: None,
            categories: &needs,
            place,
            station: Some("Central District Station"),
        };
        assert!(record_gap(&settings(&path), &gap).unwrap());
    }
    // A gap needs no key: none is made.
    assert!(!dir.path().join("records.jsonl.key").exists());
    let json = report(&[&path.display().to_string()], &["--format", "json"]).json();
    assert_eq!(json["referrals"], 0);
    assert_eq!(
        json["gaps"],
        serde_json::json!([
            { "categories": ["shelter", "withdrawal-management"], "hour": "02", "count": 2 },
            { "categories": ["shelter", "withdrawal-management"], "hour": "14", "count": 1 }
        ])
    );
    // Issue #15, item 19: a gap searched from anywhere but a station or a
    // postcode (coordinates, here none) is counted as "other".
    assert_eq!(
        json["gaps_by_place"],
        serde_json::json!({ "60608": 1, "Central Station": 1, "other": 1 })
    );
    assert_eq!(json["gaps_total"], 3);
}

// ------------------------------------------------- through the real binary

/// A hermetic run with records on at `path` and a station in the config.
fn desk_with_records(path: &Path) -> Deflect {
    let run = Deflect::new();
    let config = run.home().join("config.toml");
    std::fs::write(
        &config,
        format!(
            "[station]\nname = \"Central District Station\"\nplace = \"Central Station\"\npathway = \"self-referral\"\n[records]\nenabled = true\npath = {:?}\n",
            path.display().to_string()
        ),
    )
    .unwrap();
    run.env("DEFLECT_CONFIG", &config)
}

fn lines(path: &Path) -> Vec<serde_json::Value> {
    std::fs::read_to_string(path)
        .unwrap_or_default()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

/// The county fixture with its two buprenorphine services never open, so
/// that a search for it now leaves a gap whatever the time the test runs
/// at: gaps are recorded only for a search of now (#15 item 9).
fn county_with_no_buprenorphine_open() -> tempfile::TempDir {
    let dir = copy_fixture("county");
    let treatment = dir.path().join("services/treatment.toml");
    let text = std::fs::read_to_string(&treatment).unwrap();
    let closed = text
        .replace(
            "hours = \"Mo-Fr 09:00-17:00; PH off\"",
            "hours = \"Mo-Su off\"",
        )
        .replace("hours = \"Mo-Sa 06:00-14:00\"", "hours = \"Mo-Su off\"");
    assert_eq!(closed.matches("Mo-Su off").count(), 2);
    std::fs::write(&treatment, closed).unwrap();
    dir
}

/// The hour a record written just now holds: the real one (#15 item 9).
#[track_caller]
fn assert_real_hour(record: &serde_json::Value, before: chrono::DateTime<Utc>) {
    use chrono::DurationRound;
    let hour: chrono::DateTime<Utc> = record["hour"].as_str().unwrap().parse().unwrap();
    let round = |t: chrono::DateTime<Utc>| t.duration_trunc(chrono::TimeDelta::hours(1)).unwrap();
    assert!(
        hour == round(before) || hour == round(Utc::now()),
        "{record}: not the real hour"
    );
}

#[test]
fn a_printed_slip_writes_one_record_with_no_name_and_no_code() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("records.jsonl");
    let home_dir = tempfile::tempdir().unwrap();
    let home = home_dir.path().to_path_buf();
    let config = home.join("station.toml");
    std::fs::write(
        &config,
        format!(
            "[station]\nname = \"Central District Station\"\npathway = \"self-referral\"\n[records]\nenabled = true\npath = {:?}\n",
            path.display().to_string()
        ),
    )
    .unwrap();
    let before = Utc::now();
    let slip = in_home(&home)
        .env("DEFLECT_CONFIG", &config)
        .args([
            "slip",
            "--dir",
            &fixture("county"),
            "detox-247",
            "bup-clinic",
            "--for",
            "Jane Q Public",
            "--warm-handoff",
            "--at",
            "2026-11-28T02:40",
        ])
        .run();
    slip.code(0);
    assert!(slip.stdout.contains("Jane Q Public"));
    let code = slip
        .stdout
        .lines()
        .find_map(|l| l.trim().strip_prefix("Referral code: "))
        .expect("a code on the slip")
        .to_string();
    let records = lines(&path);
    assert_eq!(records.len(), 1, "{records:?}");
    let r = &records[0];
    assert_eq!(r["kind"], "referral");
    // The hour it was handed over, not the time --at asked about.
    assert_real_hour(r, before);
    assert_eq!(r["pathway"], "self-referral");
    assert_eq!(r["station"], "Central District Station");
    assert_eq!(r["warm_handoff"], true);
    assert_eq!(
        r["services"],
        serde_json::json!(["bup-clinic", "detox-247"])
    );
    // Neither the name nor the code is anywhere on disk.
    // What is searched holds the station's config and the records log.
    let searched: Vec<PathBuf> = [home.as_path(), dir.path()]
        .into_iter()
        .flat_map(files_under)
        .map(|(file, _)| file)
        .collect();
    assert!(
        searched.contains(&config) && searched.contains(&path),
        "{searched:?}"
    );
    for root in [home.as_path(), dir.path()] {
        for (file, bytes) in files_under(root) {
            let text = String::from_utf8_lossy(&bytes);
            assert!(!text.contains("Jane"), "{} holds the name", file.display());
            assert!(
                !text.contains(&code) && !text.contains(&code.replace('-', "")),
                "{} holds the code",
                file.display()
            );
        }
    }
    // The treatment partner can still mark it engaged by the code.
    let engaged = desk_with_records(&path)
        .args(["records", "engaged", &code.to_lowercase()])
        .run();
    engaged.code(0);
}

#[test]
fn find_slip_records_the_needs_categories() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("records.jsonl");
    desk_with_records(&path)
        .args([
            "find",
            "--dir",
            &fixture("county"),
            "detox",
            "--slip",
            "1",
            "--at",
            "2026-11-28T02:00",
        ])
        .run()
        .code(0);
    let records = lines(&path);
    assert_eq!(records.len(), 1);
    assert_eq!(
        records[0]["categories"],
        serde_json::json!(["withdrawal-management"])
    );
    assert_eq!(records[0]["warm_handoff"], false);
}

#[test]
fn twenty_concurrent_slip_processes_give_twenty_whole_records() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("records.jsonl");
    let children: Vec<_> = (0..20)
        .map(|_| {
            let run = desk_with_records(&path);
            let home = run.home().to_path_buf();
            let child = hermetic(&mut Command::new(env!("CARGO_BIN_EXE_deflect")), &home)
                .args([
                    "slip",
                    "--dir",
                    &fixture("county"),
                    "detox-247",
                    "--at",
                    "2026-11-28T02:00",
                ])
                .env("DEFLECT_CONFIG", home.join("config.toml"))
                .env("XDG_DATA_HOME", home.join("data"))
                .stdout(std::process::Stdio::null())
                .spawn()
                .unwrap();
            (run, child)
        })
        .collect();
    for (_run, mut child) in children {
        assert!(child.wait().unwrap().success());
    }
    let records = lines(&path);
    assert_eq!(records.len(), 20);
    let hashes: std::collections::BTreeSet<_> = records
        .iter()
        .map(|r| r["code_hmac"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(hashes.len(), 20, "twenty different codes");
}

#[test]
fn a_zip_place_is_a_postcode_for_gap_records_from_find_and_the_desk() {
    // Issue #17: `find` once decided "postcode" without `zip` and dropped
    // the place that the desk kept. A place of kind `zip` names no one, as
    // a `postcode` does: both keep it; a neighbourhood is still dropped.
    let county = county_with_no_buprenorphine_open();
    let directory = county.path().join("directory.toml");
    let mut text = std::fs::read_to_string(&directory).unwrap();
    text.push_str("\n[[place]]\nname = \"60994\"\nkind = \"zip\"\nlat = 41.8700\nlon = -87.6500\n");
    std::fs::write(&directory, text).unwrap();
    let county = county.path().display().to_string();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("records.jsonl");
    for near in ["60994", "Pilsen"] {
        desk_with_records(&path)
            .args(["find", "--dir", &county, "buprenorphine", "--record"])
            .args(["--near", near])
            .run()
            .code(0);
    }
    // The desk, its answers piped: the need, the zip, three skipped
    // questions, then "Leave the desk" after nothing open.
    let run = desk_with_records(&path)
        .args(["desk", "--dir", &county])
        .stdin("buprenorphine\n60994\n\n\n\n4\n")
        .run();
    let shown = &run.stdout;
    assert_eq!(run.code, 0, "{shown}");
    assert!(shown.contains("within 10 km of 60994"), "{shown}");
    let records = lines(&path);
    let places: Vec<_> = records.iter().map(|r| r["place"].clone()).collect();
    assert_eq!(
        places,
        [
            serde_json::json!("60994"),
            serde_json::Value::Null,
            serde_json::json!("60994")
        ],
        "{records:?}"
    );
    assert!(records.iter().all(|r| r["kind"] == "gap"), "{records:?}");
}

#[test]
fn a_search_with_nothing_open_writes_a_gap_only_when_asked_or_on_a_terminal() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("records.jsonl");
    let county = county_with_no_buprenorphine_open();
    let county = county.path().display().to_string();
    // Scripted (no terminal, no --record): nothing.
    desk_with_records(&path)
        .args(["find", "--dir", &county, "buprenorphine"])
        .run()
        .code(0);
    assert!(lines(&path).is_empty());
    // With --record: one gap, at the real hour, with the station's place
    // name.
    let before = Utc::now();
    desk_with_records(&path)
        .args(["find", "--dir", &county, "buprenorphine", "--record"])
        .run()
        .code(0);
    let records = lines(&path);
    assert_eq!(records.len(), 1);
    assert_eq!(records[0]["kind"], "gap");
    assert_eq!(
        records[0]["categories"],
        serde_json::json!(["buprenorphine"])
    );
    assert_eq!(records[0]["place"], "Central Station");
    assert_real_hour(&records[0], before);
    // Coordinates typed by the officer are never recorded.
    desk_with_records(&path)
        .args([
            "find",
            "--dir",
            &county,
            "buprenorphine",
            "--record",
            "--near",
            "41.88,-87.64",
        ])
        .run()
        .code(0);
    let records = lines(&path);
    assert!(records[1]["place"].is_null(), "{:?}", records[1]);
    // Something open: no gap.
    desk_with_records(&path)
        .args(["find", "--dir", &county, "detox", "--record"])
        .run()
        .code(0);
    assert_eq!(lines(&path).len(), 2);
    // A search for another time records no gap, and says so.
    let later = desk_with_records(&path)
        .args([
            "find",
            "--dir",
            &county,
            "buprenorphine",
            "--record",
            "--at",
            "2026-11-29T03:10",
        ])
        .run();
    later.code(0);
    assert!(
        later
            .stderr
            .contains("the search was for another time than now"),
        "{}",
        later.stderr
    );
    assert_eq!(lines(&path).len(), 2);
}

#[test]
fn the_desk_records_its_slip_and_its_gap_and_never_the_name() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("records.jsonl");
    let home = tempfile::tempdir().unwrap();
    let config = home.path().join("config.toml");
    std::fs::write(
        &config,
        format!(
            "[station]\nname = \"Central District Station\"\nplace = \"Central Station\"\n[records]\nenabled = true\npath = {:?}\n",
            path.display().to_string()
        ),
    )
    .unwrap();
    // The same numbered answers as the desk's pipe test: suboxone now, with
    // nothing open (widen), a slip for Jo shown on screen.
    let county = county_with_no_buprenorphine_open();
    let before = Utc::now();
    let mut child = hermetic(
        &mut Command::new(env!("CARGO_BIN_EXE_deflect")),
        home.path(),
    )
    .args(["desk", "--dir"])
    .arg(county.path())
    .env("DEFLECT_CONFIG", &config)
    .stdin(std::process::Stdio::piped())
    .stdout(std::process::Stdio::piped())
    .stderr(std::process::Stdio::piped())
    .spawn()
    .unwrap();
    use std::io::Write as _;
    child
        .stdin
        .take()
        .unwrap()
        .write_all(b"suboxone\n\n\n\n\n\n1\n\n\nJo\n2\n\n")
        .unwrap();
    let output = child.wait_with_output().unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert_eq!(output.status.code(), Some(0), "{stdout}");
    assert!(stdout.contains("For: Jo"), "{stdout}");
    let records = lines(&path);
    let kinds: Vec<&str> = records
        .iter()
        .map(|r| r["kind"].as_str().unwrap())
        .collect();
    assert_eq!(
        kinds.iter().filter(|k| **k == "referral").count(),
        1,
        "{records:?}"
    );
    assert!(kinds.contains(&"gap"), "{records:?}");
    let gap = records.iter().find(|r| r["kind"] == "gap").unwrap();
    assert_eq!(gap["categories"], serde_json::json!(["buprenorphine"]));
    assert_eq!(gap["station"], "Central District Station");
    for record in &records {
        assert_real_hour(record, before);
    }
    for root in [home.path(), dir.path()] {
        for (file, bytes) in files_under(root) {
            assert!(
                !String::from_utf8_lossy(&bytes).contains("\"Jo\"")
                    && !String::from_utf8_lossy(&bytes).contains("Jo\n"),
                "{} holds the name",
                file.display()
            );
        }
    }
}

#[test]
fn a_relative_records_path_is_read_from_the_config_files_folder() {
    let station = tempfile::tempdir().unwrap();
    let config = station.path().join("config.toml");
    std::fs::write(
        &config,
        "[records]\nenabled = true\npath = \"log/records.jsonl\"\n",
    )
    .unwrap();
    // Run from another folder: the file lands beside the config, not here.
    let elsewhere = tempfile::tempdir().unwrap();
    let output = hermetic(
        &mut Command::new(env!("CARGO_BIN_EXE_deflect")),
        elsewhere.path(),
    )
    .args([
        "slip",
        "--dir",
        &fixture("county"),
        "detox-247",
        "--at",
        "2026-11-28T02:00",
    ])
    .current_dir(elsewhere.path())
    .env("DEFLECT_CONFIG", &config)
    .output()
    .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert_eq!(lines(&station.path().join("log/records.jsonl")).len(), 1);
    assert!(!elsewhere.path().join("log").exists());
}
