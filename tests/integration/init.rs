//! `deflect init PATH` (issue #15, item 29): a small commented directory
//! that validates, and never a file overwritten.

use crate::harness::{Deflect, Run};

fn at_noon(args: &[&str]) -> Run {
    Deflect::new()
        .env("DEFLECT_NOW", "2026-11-28T12:00")
        .args(args)
        .run()
}

#[test]
fn issue_15_init_writes_a_commented_directory_that_validates() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("county");
    let dir_s = dir.to_str().unwrap();
    let run = at_noon(&[
        "init",
        dir_s,
        "--timezone",
        "America/Denver",
        "--country",
        "US",
        "--name",
        "Mesa County",
    ]);
    run.code(0);
    assert!(run
        .stdout
        .contains(&format!("deflect validate --dir {dir_s}")));

    let directory = std::fs::read_to_string(dir.join("directory.toml")).unwrap();
    let services = std::fs::read_to_string(dir.join("services.toml")).unwrap();
    let count = |text: &str, line: &str| text.lines().filter(|l| l.trim() == line).count();
    assert_eq!(count(&directory, "[directory]"), 1);
    assert_eq!(count(&directory, "[[place]]"), 1);
    assert_eq!(count(&services, "[[service]]"), 2);
    assert_eq!(
        count(&directory, "[[service]]") + count(&services, "[directory]"),
        0
    );
    for text in [&directory, &services] {
        assert!(text.contains(&format!("deflect validate --dir {dir_s}")));
        assert!(
            text.lines()
                .filter(|l| l.trim_start().starts_with('#'))
                .count()
                >= 5
        );
    }
    assert!(directory.contains("name = \"Mesa County\""));
    assert!(directory.contains("timezone = \"America/Denver\""));
    assert!(directory.lines().any(|l| l == "demo = true"));

    // No error and no warning, on the day it was written.
    let run = at_noon(&["validate", "--dir", dir_s, "--deny-warnings"]);
    run.code(0);
    assert!(run
        .stdout
        .ends_with(": 2 files, 2 services: 0 errors, 0 warnings\n"));
    // The desk answers from it, and says the examples are fictional.
    let run = at_noon(&["--dir", dir_s, "find", "detox"]);
    run.code(0);
    assert!(run.stdout.starts_with("DEMO DATA:"), "{}", run.stdout);
    assert!(run.stdout.contains("Example Withdrawal Unit"));
}

#[test]
fn issue_15_init_never_overwrites_a_file() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("dir");
    let dir_s = dir.to_str().unwrap();
    at_noon(&["init", dir_s, "--timezone", "Europe/Rome"]).code(0);
    let mine = "# mine\n[directory]\nname = \"Mine\"\ntimezone = \"Europe/Rome\"\n";
    std::fs::write(dir.join("directory.toml"), mine).unwrap();
    let services = std::fs::read_to_string(dir.join("services.toml")).unwrap();
    let run = at_noon(&["init", dir_s, "--timezone", "Europe/Rome"]);
    run.code(2);
    assert!(
        run.stderr
            .contains("already exists: init never overwrites a file"),
        "{}",
        run.stderr
    );
    assert_eq!(
        std::fs::read_to_string(dir.join("directory.toml")).unwrap(),
        mine
    );
    assert_eq!(
        std::fs::read_to_string(dir.join("services.toml")).unwrap(),
        services
    );

    // A folder whose TOML files would join the new directory is refused too.
    let other = tmp.path().join("other");
    std::fs::create_dir_all(other.join("sub")).unwrap();
    std::fs::write(other.join("sub/a.toml"), "x = 1\n").unwrap();
    let run = at_noon(&["init", other.to_str().unwrap(), "--timezone", "Europe/Rome"]);
    run.code(2);
    assert!(
        run.stderr.contains("already holds sub/a.toml"),
        "{}",
        run.stderr
    );
    assert!(!other.join("directory.toml").exists());

    // A bad zone writes nothing.
    let bad = tmp.path().join("bad");
    let run = at_noon(&["init", bad.to_str().unwrap(), "--timezone", "Mars/Olympus"]);
    run.code(2);
    assert!(!bad.exists());
}

#[test]
fn issue_15_init_without_a_zone_takes_the_machines_and_says_so() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("dir");
    let dir_s = dir.to_str().unwrap();
    let run = at_noon(&["init", dir_s]);
    if run.code == 0 {
        assert!(
            run.stderr.contains("the timezone is this machine's"),
            "{}",
            run.stderr
        );
        at_noon(&["validate", "--dir", dir_s, "--deny-warnings"]).code(0);
    } else {
        // A machine that names no zone: the keeper is asked for one.
        run.code(2);
        assert!(run.stderr.contains("give --timezone"), "{}", run.stderr);
        assert!(!dir.exists());
    }
}
