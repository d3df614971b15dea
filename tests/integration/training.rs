//! Training never counts (#15 item 9): with records on, a slip or a search
//! on the demo directory, or with the clock fixed by `DEFLECT_NOW`, writes
//! no record and says so on standard error; a record's hour is the real
//! hour the slip was handed over, never the time `--at` asked about; and a
//! search for another time than now records no gap.

use std::path::{Path, PathBuf};

use chrono::{DateTime, DurationRound, TimeDelta, Utc};

use crate::harness::{fixture, Deflect, Run};

/// A folder for a records file, and the config that turns records on there.
struct Records {
    dir: tempfile::TempDir,
}

impl Records {
    fn new() -> Records {
        let records = Records {
            dir: tempfile::tempdir().unwrap(),
        };
        std::fs::write(
            records.config(),
            format!(
                "[station]\nname = \"Central District Station\"\n[records]\nenabled = true\npath = {:?}\n",
                records.file().display().to_string()
            ),
        )
        .unwrap();
        records
    }

    fn config(&self) -> PathBuf {
        self.dir.path().join("config.toml")
    }

    fn file(&self) -> PathBuf {
        self.dir.path().join("records.jsonl")
    }

    fn run(&self, args: &[&str]) -> Run {
        Deflect::new()
            .env("DEFLECT_CONFIG", self.config())
            .args(args)
            .run()
    }

    /// The records written, one JSON object each.
    fn lines(&self) -> Vec<serde_json::Value> {
        match std::fs::read_to_string(self.file()) {
            Ok(text) => text
                .lines()
                .map(|l| serde_json::from_str(l).unwrap())
                .collect(),
            Err(_) => Vec::new(),
        }
    }

    /// Nothing at all in the folder but the config: no file, key or lock.
    fn untouched(&self) -> bool {
        std::fs::read_dir(self.dir.path()).unwrap().count() == 1
    }
}

/// A directory with one shelter that is never open, so that a search for
/// shelter leaves a gap whatever the time the test runs at.
fn never_open() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("directory.toml"),
        r#"[directory]
name = "Closed County"
timezone = "America/Chicago"

[[place]]
name = "Central Station"
kind = "station"
lat = 41.8789
lon = -87.6400

[[service]]
id = "closed-shelter"
name = "Closed Shelter"
categories = ["shelter"]
phone = "(312) 555-0201"
hours = "Mo-Su off"
"#,
    )
    .unwrap();
    dir
}

/// The real hour now, as a record stores it.
fn hour_now() -> DateTime<Utc> {
    Utc::now().duration_trunc(TimeDelta::hours(1)).unwrap()
}

/// The record's hour is one of the real hours the run took place in.
#[track_caller]
fn assert_real_hour(record: &serde_json::Value, before: DateTime<Utc>) {
    let hour: DateTime<Utc> = record["hour"].as_str().unwrap().parse().unwrap();
    assert!(
        hour == before || hour == hour_now(),
        "the record's hour {hour} is not the real hour ({before})"
    );
}

#[test]
fn a_slip_on_the_demo_writes_no_record_and_says_so() {
    let records = Records::new();
    for args in [
        &["slip", "--demo", "crisis-line"][..],
        &["find", "--demo", "detox", "--slip", "1"],
    ] {
        let run = records.run(args);
        run.code(0);
        assert!(
            run.stderr.contains(
                "note: the demo directory is for training: no referral record was written"
            ),
            "{args:?}: {}",
            run.stderr
        );
    }
    assert!(records.untouched(), "{:?}", records.lines());
}

#[test]
fn a_fixed_clock_writes_no_record_and_says_so() {
    let records = Records::new();
    let county = fixture("county");
    let run = Deflect::new()
        .env("DEFLECT_CONFIG", records.config())
        .env("DEFLECT_NOW", "2026-11-28T02:00")
        .args(["slip", "--dir", &county, "detox-247"])
        .run();
    run.code(0);
    assert!(
        run.stderr.contains(
            "note: DEFLECT_NOW fixes the clock (training or a test): no referral record was written"
        ),
        "{}",
        run.stderr
    );
    let closed = never_open();
    let run = Deflect::new()
        .env("DEFLECT_CONFIG", records.config())
        .env("DEFLECT_NOW", "2026-11-28T02:00")
        .args(["find", "--dir"])
        .args([closed.path()])
        .args(["shelter", "--record"])
        .run();
    run.code(0);
    assert!(
        run.stderr.contains("no gap record was written"),
        "{}",
        run.stderr
    );
    assert!(records.untouched(), "{:?}", records.lines());
}

#[test]
fn a_records_hour_is_the_real_hour_never_the_at_time() {
    let records = Records::new();
    let county = fixture("county");
    let before = hour_now();
    // A slip back-dated to a night in 2026, and one for the time a service
    // opens tomorrow: both handed over now.
    records
        .run(&[
            "slip",
            "--dir",
            &county,
            "detox-247",
            "--at",
            "2026-11-28T02:00",
        ])
        .code(0);
    records
        .run(&[
            "find",
            "--dir",
            &county,
            "detox",
            "--slip",
            "1",
            "--at",
            "2030-01-01T09:00",
        ])
        .code(0);
    let lines = records.lines();
    assert_eq!(lines.len(), 2, "{lines:?}");
    for line in &lines {
        assert_eq!(line["kind"], "referral");
        assert_real_hour(line, before);
    }
}

#[test]
fn a_gap_is_recorded_at_the_real_hour_and_only_for_a_search_of_now() {
    let records = Records::new();
    let closed = never_open();
    let before = hour_now();
    let later = records.run_in(
        closed.path(),
        &["shelter", "--record", "--at", "2030-01-01T09:00"],
    );
    later.code(0);
    assert!(
        later
            .stderr
            .contains("note: the search was for another time than now: no gap record was written"),
        "{}",
        later.stderr
    );
    assert!(records.lines().is_empty());
    let now = records.run_in(
        closed.path(),
        &["shelter", "--record", "--near", "Central Station"],
    );
    now.code(0);
    assert!(!now.stderr.contains("no gap record"), "{}", now.stderr);
    let lines = records.lines();
    assert_eq!(lines.len(), 1, "{lines:?}");
    assert_eq!(lines[0]["kind"], "gap");
    assert_eq!(lines[0]["categories"], serde_json::json!(["shelter"]));
    assert_eq!(lines[0]["place"], "Central Station");
    assert_real_hour(&lines[0], before);
}

#[test]
fn with_records_off_training_says_nothing() {
    let run = Deflect::new().args(["slip", "--demo", "crisis-line"]).run();
    run.code(0);
    assert!(!run.stderr.contains("record"), "{}", run.stderr);
}

impl Records {
    /// `find` on a directory folder with this config.
    fn run_in(&self, dir: &Path, args: &[&str]) -> Run {
        Deflect::new()
            .env("DEFLECT_CONFIG", self.config())
            .args(["find", "--dir"])
            .args([dir])
            .args(args)
            .run()
    }
}
