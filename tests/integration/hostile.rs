//! Hostile input and faults: nothing from a directory can harm the desk.

use std::io::Read;
use std::process::{Command, Stdio};

use crate::harness::{deflect, fixture, hermetic, Deflect};

/// No byte below 0x20 but line feed (and tab), no DEL, no C1 or bidi
/// control, no raw escape.
#[track_caller]
fn assert_inert(text: &str, what: &str) {
    for c in text.chars() {
        let bad = (c < ' ' && c != '\n' && c != '\t')
            || c == '\u{7f}'
            || ('\u{80}'..='\u{9f}').contains(&c)
            || matches!(c, '\u{200e}' | '\u{200f}' | '\u{061c}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}');
        assert!(!bad, "{what} holds {:?}:\n{text}", c);
    }
}

#[test]
fn escapes_and_bidi_controls_never_reach_any_output_raw() {
    let dir = fixture("hostile");
    for args in [
        vec!["find", "shelter", "--at", "2026-11-28T02:00"],
        vec![
            "find",
            "shelter",
            "--at",
            "2026-11-28T02:00",
            "--format",
            "json",
        ],
        vec!["find", "xyzzy-no-match", "--at", "2026-11-28T02:00"],
        vec!["show", "clean", "--at", "2026-11-28T02:00"],
        vec![
            "show",
            "clean",
            "--at",
            "2026-11-28T02:00",
            "--format",
            "json",
        ],
        vec!["validate"],
        vec!["validate", "--format", "json"],
        vec!["places"],
        vec!["places", "--format", "json"],
    ] {
        let mut all = args.clone();
        all.extend(["--dir", dir.as_str()]);
        let run = deflect(&all);
        assert_inert(&run.stdout, &format!("stdout of {args:?}"));
        assert_inert(&run.stderr, &format!("stderr of {args:?}"));
        assert!(!run.stderr.contains("panicked"));
    }
}

#[test]
fn entries_with_control_characters_are_left_out_and_counted() {
    let run = deflect([
        "find",
        "shelter",
        "--dir",
        &fixture("hostile"),
        "--at",
        "2026-11-28T02:00",
        "--format",
        "json",
    ]);
    run.code(0);
    let json = run.json();
    let ids: Vec<&str> = json["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["clean"]);
    assert_eq!(json["left_out"], 3);
    // The directory's name is shown, escaped.
    assert!(run.stdout.contains("\\u001b]0;pwned"), "{}", run.stdout);
    assert!(run.stderr.contains("3 entries left out"));
    // Line breaks and tabs in a description are text, not faults.
    let show = deflect([
        "show",
        "clean",
        "--dir",
        &fixture("hostile"),
        "--at",
        "2026-11-28T02:00",
    ]);
    show.code(0);
    assert!(
        show.stdout.contains("and a\ttab are text"),
        "{}",
        show.stdout
    );
}

#[test]
fn validate_reports_each_control_character_escaped() {
    let run = deflect(["validate", "--dir", &fixture("hostile"), "--format", "json"]);
    run.code(1);
    let json = run.json();
    let controls: Vec<(i64, String)> = json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["code"] == "control-character")
        .map(|d| {
            (
                d["line"].as_i64().unwrap(),
                d["message"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    let lines: Vec<i64> = controls.iter().map(|(l, _)| *l).collect();
    assert_eq!(lines, [4, 8, 12, 15, 31, 42]);
    assert!(controls[4].1.contains("\\u{2066}"), "{controls:?}");
}

fn nested(depth: usize, open: &str, close: &str) -> String {
    format!("[directory]\nname = \"Deep\"\ntimezone = \"UTC\"\n[[service]]\nid = \"deep\"\nx-deep = {}1{}\n", open.repeat(depth), close.repeat(depth))
}

#[test]
fn very_deep_nesting_is_refused_before_parsing() {
    for (open, close) in [("[", "]"), ("{a=", "}")] {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("deep.toml"), nested(100_000, open, close)).unwrap();
        std::fs::write(
            dir.path().join("ok.toml"),
            "[[place]]\nname = \"Here\"\nlat = 1.0\nlon = 2.0\n",
        )
        .unwrap();
        let path = dir.path().display().to_string();
        let run = deflect(["validate", "--dir", &path, "--format", "json"]);
        run.code(1);
        let json = run.json();
        let first = json["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .find(|d| d["code"] == "toml-syntax")
            .unwrap();
        assert_eq!(first["file"], "deep.toml");
        assert!(first["message"]
            .as_str()
            .unwrap()
            .contains("nested more than 64 levels"));
        // The other file is still read.
        assert_eq!(json["summary"]["files"], 2);
    }
}

#[test]
fn random_bytes_and_truncated_files_are_diagnostics_not_crashes() {
    let dir = tempfile::tempdir().unwrap();
    // A fixed pseudo-random sequence, so a failure can be replayed.
    let mut state: u64 = 0x2545_f491_4f6c_dd1d;
    let bytes: Vec<u8> = (0..4096)
        .map(|_| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state >> 24) as u8
        })
        .collect();
    std::fs::write(dir.path().join("noise.toml"), &bytes).unwrap();
    let demo = include_str!("../../data/demo/services/old-mill-treatment.toml");
    std::fs::write(dir.path().join("truncated.toml"), &demo[..demo.len() / 2]).unwrap();
    std::fs::write(
        dir.path().join("directory.toml"),
        "[directory]\nname = \"Noise\"\ntimezone = \"UTC\"\n",
    )
    .unwrap();
    let path = dir.path().display().to_string();
    let run = deflect(["validate", "--dir", &path, "--format", "json"]);
    run.code(1);
    let json = run.json();
    let files: Vec<&str> = json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|d| d["file"].as_str())
        .collect();
    assert!(files.contains(&"noise.toml"));
    assert!(files.contains(&"truncated.toml"));
    // The desk still answers from what loads.
    let find = deflect(["find", "--dir", &path, "--at", "2026-11-28T02:00"]);
    assert!(find.code == 0 || find.code == 1, "{}", find.stderr);
    assert!(find.stderr.contains("could not be read"), "{}", find.stderr);
}

#[test]
fn hundreds_of_corrupted_copies_never_panic() {
    let original = include_bytes!("../../data/demo/services/harrow-creek-general.toml");
    let directory = include_bytes!("../../data/demo/directory.toml");
    let mut state: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    for round in 0..300 {
        let mut bytes = original.to_vec();
        for _ in 0..(1 + next() % 8) {
            let i = (next() as usize) % bytes.len();
            match next() % 4 {
                0 => bytes[i] = (next() >> 24) as u8,
                1 => {
                    bytes.remove(i);
                }
                2 => bytes.insert(i, b"[]{}\"'=\n\\#"[(next() % 10) as usize]),
                _ => bytes.truncate(i.max(1)),
            }
        }
        let loaded = deflect::directory::load_bytes(
            vec![
                ("directory.toml".into(), directory.to_vec()),
                (format!("corrupt-{round}.toml"), bytes),
            ],
            deflect::directory::Limits::default(),
        );
        let options = deflect::validate::Options {
            as_of: chrono::NaiveDate::from_ymd_opt(2026, 11, 28).unwrap(),
            max_age_days: 180,
        };
        let report = deflect::validate::validate(&loaded, &options);
        for d in &report.diagnostics {
            assert_inert(&d.render_text(), "a diagnostic");
        }
        // Whatever loads can be searched.
        if let Ok((directory, _)) = loaded.into_directory() {
            let mut book = deflect::matching::HoursBook::new(&directory);
            let query = deflect::matching::Query {
                needs: Vec::new(),
                substances: Vec::new(),
                prefers: Vec::new(),
                origin: None,
                at: chrono::DateTime::from_timestamp(1_795_000_000, 0).unwrap(),
                open_only: false,
                radius_km: None,
                person: Default::default(),
            };
            let _ = deflect::matching::search(&directory, &query, &mut book);
        }
    }
    // And a few through the binary, to see the exit statuses.
    for round in 0..5u8 {
        let dir = tempfile::tempdir().unwrap();
        let mut bytes = original.to_vec();
        bytes.truncate(original.len() * (round as usize + 1) / 7);
        bytes.push(b'[');
        std::fs::write(dir.path().join("directory.toml"), directory).unwrap();
        std::fs::write(dir.path().join("broken.toml"), &bytes).unwrap();
        let run = deflect(["validate", "--dir", &dir.path().display().to_string()]);
        assert!(run.code == 0 || run.code == 1, "{}", run.stderr);
    }
}

#[test]
fn a_40_mb_file_loads() {
    let dir = tempfile::tempdir().unwrap();
    let mut text = String::from(
        "[directory]\nname = \"Big\"\ntimezone = \"America/Chicago\"\ncountry = \"US\"\n",
    );
    let mut i = 0;
    while text.len() < 40 * 1024 * 1024 {
        text.push_str(&format!(
            "\n[[service]]\nid = \"svc-{i}\"\nname = \"Service number {i}\"\ncategories = [\"shelter\"]\nphone = \"(312) 555-{:04}\"\nlat = 41.{:04}\nlon = -87.{:04}\nhours = \"Mo-Fr 09:00-17:00; PH off\"\ndescription = \"A description of about one hundred characters, to make the file as large as a real state export.\"\nverified = 2026-11-01\n",
            i % 10_000,
            i % 9_999,
            (i * 7) % 9_999
        ));
        i += 1;
    }
    let file = dir.path().join("big.toml");
    std::fs::write(&file, &text).unwrap();
    let path = file.display().to_string();
    let run = deflect([
        "validate",
        "--dir",
        &path,
        "--format",
        "json",
        "--as-of",
        "2026-11-28",
    ]);
    run.code(0);
    assert_eq!(run.json()["summary"]["services"], i);
    // Over a lowered size limit, the file is refused by name.
    let small = Deflect::new()
        .args(["validate", "--dir", &path, "--format", "json"])
        .env("DEFLECT_MAX_FILE_MB", "16")
        .run();
    small.code(1);
    let json = small.json();
    let refused = json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["code"] == "file-too-large")
        .unwrap();
    assert_eq!(refused["file"], "big.toml");
}

#[test]
fn a_closed_pipe_ends_quietly() {
    // Enough output to fill the pipe: every category, many times over.
    let home = tempfile::tempdir().unwrap();
    let mut child = hermetic(
        &mut Command::new(env!("CARGO_BIN_EXE_deflect")),
        home.path(),
    )
    .args([
        "find",
        "--demo",
        "--limit",
        "10000",
        "--format",
        "json",
        "--at",
        "2026-11-28T02:00",
    ])
    .stdout(Stdio::piped())
    .stderr(Stdio::piped())
    .spawn()
    .unwrap();
    let mut stdout = child.stdout.take().unwrap();
    let mut first = [0u8; 16];
    stdout.read_exact(&mut first).unwrap();
    drop(stdout);
    let output = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!stderr.contains("error"), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert!(output.status.code().is_some(), "killed by a signal");
}
