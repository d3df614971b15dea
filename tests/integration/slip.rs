//! `deflect slip`, `deflect find --slip` and `deflect cards`: the slip
//! text pinned at the receipt widths (the random code masked), the
//! discreet and Spanish forms, HTML escaping, the cards sheet, printing
//! through a stand-in `lp`, the page in a real browser where there is one,
//! and that a name given for a slip is written nowhere.
//!
//! Refresh the pinned slips with `DEFLECT_UPDATE_SLIPS=1 cargo test slip`
//! and review the diff.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use deflect::slip::code::ALPHABET;
use deflect::slip::wrap::width;

use crate::harness::{deflect, fixture, fixtures, stand_in_lp, Deflect, Run};
use crate::printing::{on_path, pdf_info, Browser, Pdf};

/// The station config: the county fixture, a station, a default pathway
/// and printer.
fn config() -> String {
    fixture("slip-config/config.toml")
}

/// A run with the station's config.
fn station(args: &[&str]) -> Run {
    Deflect::new()
        .env("DEFLECT_CONFIG", config())
        .args(args)
        .run()
}

const AT: &str = "2026-11-28T02:00";

/// The slip with its referral code replaced by `XXXX-XXXX`, after checking
/// that the code is 8 Crockford base32 characters.
#[track_caller]
fn masked(text: &str, label: &str) -> String {
    let marker = format!("{label}: ");
    let start = text
        .find(&marker)
        .unwrap_or_else(|| panic!("no \"{marker}\" in:\n{text}"))
        + marker.len();
    let code = &text[start..start + 9];
    let (a, b) = code.split_at(4);
    assert!(
        b.starts_with('-')
            && a.bytes()
                .chain(b[1..].bytes())
                .all(|c| ALPHABET.contains(&c)),
        "not a referral code: {code:?}"
    );
    format!("{}XXXX-XXXX{}", &text[..start], &text[start + 9..])
}

/// Compares with a pinned file, or rewrites it under
/// `DEFLECT_UPDATE_SLIPS`.
#[track_caller]
fn pinned(name: &str, actual: &str) {
    let path = fixtures().join("slip-expected").join(name);
    if std::env::var_os("DEFLECT_UPDATE_SLIPS").is_some() {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, actual).unwrap();
        return;
    }
    let expected = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        expected == actual,
        "{} differs (DEFLECT_UPDATE_SLIPS=1 cargo test slip rewrites it)\n--- expected ---\n{expected}\n--- actual ---\n{actual}\n---",
        path.display()
    );
}

/// Every line within the width in display columns, and no control
/// character but the line feed.
#[track_caller]
fn fits(text: &str, columns: usize) {
    for line in text.lines() {
        assert!(
            width(line) <= columns,
            "{} columns > {columns}: {line:?}",
            width(line)
        );
    }
    assert!(
        text.bytes().all(|b| b >= 0x20 || b == b'\n'),
        "a control character reached the slip:\n{text:?}"
    );
}

const SERVICES: &[&str] = &[
    "shelter-overnight",
    "bup-clinic",
    "detox-247",
    "counseling-unknown",
    "crisis-line",
];

fn slip_at(columns: &str, extra: &[&str]) -> Run {
    let mut args = vec!["slip"];
    args.extend_from_slice(SERVICES);
    args.extend_from_slice(&["--at", AT, "--width", columns, "--for", "Jo Doe"]);
    args.extend_from_slice(extra);
    station(&args)
}

#[test]
fn slips_at_receipt_and_wide_widths_are_pinned() {
    for columns in [32, 42, 48, 80] {
        let run = slip_at(&columns.to_string(), &[]);
        run.code(0);
        fits(&run.stdout, columns);
        // Rules run the whole width.
        assert!(run
            .stdout
            .lines()
            .any(|l| l == "═".repeat(columns).as_str()));
        pinned(
            &format!("county-{columns}.txt"),
            &masked(&run.stdout, "Referral code"),
        );
    }
}

#[test]
fn the_slip_says_what_the_issue_asks() {
    let run = slip_at("42", &[]);
    run.code(0);
    let out = &run.stdout;
    for expected in [
        "Test County",
        "Central District Station",
        "+1 312 555 0100",
        "Sat 28 Nov 2026, 2:00 AM",
        "For: Jo Doe",
        "Pathway: officer-intervention",
        "Night Harbor Shelter",
        "Offers: Shelter",
        "700 W Harrison St",
        "0.7 km from Central Station",
        "Phone: (312) 555-0201",
        "Open now until 8:00 AM",
        "Closed now, opens Mon 9:00 AM",
        "Hours unknown — call first",
        "Free beds: 2 of 12",
        "Checked 2026-11-01",
        "988 Suicide & Crisis Lifeline: 988",
    ] {
        assert!(out.contains(expected), "{expected:?} missing:\n{out}");
    }
    // The referral notes are for the officer: on the slip only when
    // asked for.
    assert!(!out.contains("bridge nurse"), "{out}");
    let run = slip_at("42", &["--with-notes"]);
    assert!(
        run.stdout.contains("At intake: Ask for the bridge nurse."),
        "{}",
        run.stdout
    );
    // The same slip without a config: default width 42, no station, no
    // pathway unless asked.
    let dir = fixture("county");
    let run = Deflect::new()
        .args(["slip", "detox-247", "--dir", &dir, "--at", AT])
        .run();
    run.code(0);
    fits(&run.stdout, 42);
    assert!(!run.stdout.contains("Central District Station"));
    assert!(!run.stdout.contains("Pathway"));
    assert_eq!(run.stdout.lines().next().unwrap(), "═".repeat(42));
}

#[test]
fn ascii_slips_are_plain_ascii() {
    let dir = fixture("slip-html");
    for columns in ["32", "42"] {
        let run = Deflect::new()
            .args([
                "slip",
                "wide-text",
                "script-clinic",
                "--dir",
                &dir,
                "--at",
                AT,
                "--width",
                columns,
                "--ascii",
                "--lang",
                "es",
                // The notes too: every field is folded to ASCII.
                "--with-notes",
            ])
            .run();
        run.code(0);
        assert!(
            run.stdout
                .bytes()
                .all(|b| b == b'\n' || (0x20..0x7f).contains(&b)),
            "{}",
            run.stdout
        );
        fits(&run.stdout, columns.parse().unwrap());
        assert!(run.stdout.contains("Codigo de derivacion: "));
        assert!(run.stdout.contains("Cafe Cafe Uber"), "{}", run.stdout);
        assert!(run.stdout.contains("\"turno de noche\""), "{}", run.stdout);
        assert!(run.stdout.lines().any(|l| l.starts_with("=====")));
    }
}

#[test]
fn wide_combining_and_long_words_fit_every_width() {
    let dir = fixture("slip-html");
    for columns in [32, 33, 41, 42, 47, 48, 80, 119, 120] {
        let run = Deflect::new()
            .args(["slip", "wide-text", "script-clinic", "no-address-line"])
            .args(["--dir", &dir, "--at", AT, "--width", &columns.to_string()])
            .args(["--for", "李小龍 Zoë\u{1b}[31m"])
            .run();
        run.code(0);
        fits(&run.stdout, columns);
        // The escape sequence in the name is shown, not sent.
        assert!(run.stdout.contains("Zoë\\u{1b}[31m"), "{}", run.stdout);
    }
    let run = Deflect::new()
        .args(["slip", "wide-text", "--dir", &dir, "--at", AT])
        .args(["--width", "32"])
        .run();
    // The address is one word longer than a line: cut, and only it.
    assert!(run
        .stdout
        .contains("   Westminsterabbeybridgeroaduni\n   tfourbuildingnineteen Street\n   2\n"));
    assert!(run
        .stdout
        .contains("1. 東京都新宿区 Café Cafe\u{301} Über\n"));
}

#[test]
fn the_discreet_slip_says_nothing_of_what_it_is_for() {
    let run = slip_at("42", &["--discreet"]);
    run.code(0);
    fits(&run.stdout, 42);
    let out = &run.stdout;
    pinned("county-discreet.txt", &masked(out, "Referral code"));
    for present in [
        "Night Harbor Shelter",
        "700 W Harrison St",
        "(312) 555-0201",
        "Open now until 8:00 AM",
        "Sat 28 Nov: 12:00 AM–8:00 AM,\n   8:00 PM–midnight",
        "988 Suicide & Crisis Lifeline: 988",
    ] {
        assert!(out.contains(present), "{present:?} missing:\n{out}");
    }
    for absent in [
        "Test County",
        "Central District",
        "+1 312 555 0100",
        "Jo Doe",
        "For:",
        "Pathway",
        "officer",
        "Offers",
        "Buprenorphine",
        "Withdrawal",
        "bridge nurse",
        "beds",
        "Checked",
        " km ",
    ] {
        assert!(
            !out.contains(absent),
            "{absent:?} on a discreet slip:\n{out}"
        );
    }
    // The HTML form too.
    let html = slip_at("42", &["--discreet", "--format", "html"]);
    html.code(0);
    for absent in [
        "Test County",
        "Central District",
        "Jo Doe",
        "Offers",
        "bridge nurse",
    ] {
        assert!(
            !html.stdout.contains(absent),
            "{absent:?} in:\n{}",
            html.stdout
        );
    }
    assert!(html.stdout.contains("<title>Contacts</title>"));
}

#[test]
fn the_spanish_slip_is_pinned() {
    let run = slip_at("42", &["--lang", "es"]);
    run.code(0);
    fits(&run.stdout, 42);
    let out = masked(&run.stdout, "Código de derivación");
    pinned("county-es.txt", &out);
    for expected in [
        "sáb 28 nov 2026, 2:00 AM",
        "Para: Jo Doe",
        "Ofrece: Albergue",
        "Abierto ahora hasta 8:00 AM",
        "Cerrado ahora, abre lun 9:00 AM",
        "Horario desconocido — llame antes",
        "Líneas de crisis, a cualquier hora:",
    ] {
        assert!(out.contains(expected), "{expected:?} missing:\n{out}");
    }
    // The config's language is the default; an unknown one falls back to
    // English and says so.
    let run = slip_at("42", &["--lang", "fr"]);
    run.code(0);
    assert!(run.stdout.contains("Referral code: "));
    assert!(run
        .stderr
        .contains("no words for slips and cards in \"fr\""));
}

#[test]
fn find_prints_a_slip_for_its_first_results() {
    let run = station(&[
        "find", "detox", "shelter", "--at", AT, "--slip", "2", "--for", "Jo",
    ]);
    run.code(0);
    let (table, slip) = run
        .stdout
        .split_once("\n\n")
        .expect("a blank line between table and slip");
    assert!(table.contains("Weekend Detox Unit"));
    fits(slip, 42);
    assert_eq!(slip.matches("\n1. ").count(), 1);
    assert_eq!(slip.matches("\n2. ").count(), 1);
    assert_eq!(slip.matches("\n3. ").count(), 0);
    assert!(slip.contains("For: Jo"));
    // --lang picks the person's language for the slip's words.
    let run = station(&["find", "shelter", "--at", AT, "--slip", "1", "--lang", "es"]);
    run.code(0);
    assert!(
        run.stdout.contains("Código de derivación: "),
        "{}",
        run.stdout
    );
    // Not with JSON, and slip flags need --slip.
    let run = station(&["find", "detox", "--slip", "1", "--format", "json"]);
    run.code(2);
    assert!(run.stdout.is_empty());
    assert!(run.stderr.contains("--format json"), "{}", run.stderr);
    station(&["find", "detox", "--for", "Jo"]).code(2);
}

#[test]
fn bad_input_is_refused_with_exit_2() {
    let run = station(&["slip", "detox-24"]);
    run.code(2);
    assert!(
        run.stderr.contains("did you mean: detox-247"),
        "{}",
        run.stderr
    );
    let run = station(&["slip", "detox-247", "--pathway", "walk-in"]);
    run.code(2);
    for pathway in [
        "self-referral",
        "active-outreach",
        "naloxone-plus",
        "officer-prevention",
        "officer-intervention",
        "community-responder",
    ] {
        assert!(run.stderr.contains(pathway), "{}", run.stderr);
    }
    for columns in ["31", "121", "0", "wide"] {
        let run = station(&["slip", "detox-247", "--width", columns]);
        run.code(2);
        assert!(run.stdout.is_empty());
    }
    station(&["slip"]).code(2);
    station(&["slip", "detox-247", "--format", "html", "--print"]).code(2);
}

#[test]
fn html_slips_escape_every_value() {
    let dir = fixture("slip-html");
    let run = Deflect::new()
        .args([
            "slip",
            "script-clinic",
            "wide-text",
            "no-address-line",
            "--dir",
            &dir,
        ])
        .args([
            "--at",
            AT,
            "--format",
            "html",
            "--for",
            "<img src=x onerror=alert(1)>",
            // The notes too: every field is escaped.
            "--with-notes",
        ])
        .run();
    run.code(0);
    let page = &run.stdout;
    assert!(page.starts_with("<!DOCTYPE html>\n<html lang=\"en\">"));
    assert!(page.contains("@page { size: 105mm 148mm;"));
    assert!(page.contains("default-src 'none'"));
    // No markup from the directory or the command line survives.
    for raw in ["<script", "<b>", "<i>", "<img", "<112>", "<Test>"] {
        assert!(!page.contains(raw), "{raw} is raw in the page:\n{page}");
    }
    for escaped in [
        "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; Clinic &amp; &#39;Friends&#39;",
        "Calle &quot;Mayor&quot; 1 &lt;b&gt;bajo&lt;/b&gt; &amp; patio",
        "Bring ID &amp; say &quot;Bridge&quot; &lt;b&gt;now&lt;/b&gt;",
        "Closed &lt;i&gt;Friday&lt;/i&gt; &amp; &#39;Saturday&#39;",
        "Ciudad &lt;Test&gt; &amp; &quot;Quotes&quot;",
        "Emergencias &lt;112&gt; &amp; &#39;more&#39;",
        "&lt;img src=x onerror=alert(1)&gt;",
    ] {
        assert!(page.contains(escaped), "{escaped} missing:\n{page}");
    }
    // One QR code per service, each dialling its phone.
    assert_eq!(page.matches("<svg").count(), 3);
    assert!(page.contains("aria-label=\"Scan to call +34"));
    assert_eq!(page.matches("http://").count(), 3, "only the SVG namespace");
    assert!(page.bytes().all(|b| b >= 0x20 || b == b'\n'));
    let receipt = Deflect::new()
        .args(["slip", "script-clinic", "--dir", &dir, "--at", AT])
        .args(["--format", "html", "--paper", "80mm"])
        .run();
    receipt.code(0);
    assert!(receipt.stdout.contains("@page { size: 80mm 297mm;"));
}

#[test]
fn cards_fill_a4_and_letter_pages() {
    let dir = fixture("slip-html");
    let sheet = |paper: &str, limit: &str| {
        let run = Deflect::new()
            .args([
                "cards", "--dir", &dir, "--at", AT, "--paper", paper, "--limit", limit,
            ])
            .run();
        run.code(0);
        run.stdout
    };
    let a4 = sheet("a4", "20");
    assert_eq!(a4.matches("<section class=\"card\"").count(), 11);
    assert_eq!(a4.matches("<div class=\"sheet\">").count(), 2);
    assert!(a4.contains("@page { size: 210mm 297mm; margin: 0; }"));
    // The first card sits at the grid's corner, the tenth at the last row.
    assert!(a4.contains("style=\"left: 20mm; top: 11mm;"));
    assert!(a4.contains("style=\"left: 105mm; top: 231mm;"));
    assert!(!a4.contains("<script"));
    assert!(a4.contains("&lt;script&gt;"));
    let letter = sheet("letter", "8");
    assert_eq!(letter.matches("<section class=\"card\"").count(), 8);
    assert_eq!(letter.matches("<div class=\"sheet\">").count(), 1);
    assert!(letter.contains("@page { size: 215.9mm 279.4mm; margin: 0; }"));
    assert!(letter.contains("style=\"left: 22.95mm; top: 29.7mm;"));
    // Weekly hours, Monday first, days of the same hours joined.
    assert!(letter.contains("Mon–Fri: 08:00–15:00"), "{letter}");
    // Filters of find apply; nothing found is exit 1 and no sheet.
    let run = Deflect::new()
        .args(["cards", "naloxone", "--dir", &dir, "--at", AT])
        .run();
    run.code(0);
    assert_eq!(run.stdout.matches("<section class=\"card\"").count(), 1);
    let run = Deflect::new()
        .args(["cards", "shelter", "--dir", &dir, "--at", AT])
        .run();
    run.code(1);
    assert!(run.stdout.is_empty());
    // Spanish words; the demo is marked on every card.
    let run = Deflect::new()
        .args(["cards", "--demo", "--lang", "es", "--limit", "3"])
        .run();
    run.code(0);
    assert_eq!(run.stdout.matches("DEMO: ficticio").count(), 3);
    assert!(run.stdout.contains("<html lang=\"es\">"));
}

#[test]
fn demo_slips_say_they_are_fictional() {
    for extra in [
        &[][..],
        &["--discreet"],
        &["--format", "html"],
        &["--lang", "es"],
    ] {
        let run = Deflect::new()
            .args(["slip", "--demo", "old-mill-detox", "--width", "32"])
            .args(extra)
            .run();
        run.code(0);
        assert!(
            run.stdout.contains("DEMO DATA") || run.stdout.contains("DATOS DE DEMOSTRACIÓN"),
            "{}",
            run.stdout
        );
    }
}

/// Every file under a folder, recursively.
fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).into_iter().flatten().flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else {
                files.push(path);
            }
        }
    }
    files
}

#[test]
fn a_name_given_for_a_slip_is_printed_and_written_nowhere() {
    let name = "Zaphod Quimby-Oduya";
    let home = tempfile::tempdir().unwrap();
    let work = home.path().join("work");
    let tmp = home.path().join("tmp");
    std::fs::create_dir_all(&work).unwrap();
    std::fs::create_dir_all(&tmp).unwrap();
    let lp = tempfile::tempdir().unwrap();
    let record = stand_in_lp(lp.path(), 0);
    let runs: &[&[&str]] = &[
        &["slip", "detox-247", "--for", name],
        &["slip", "detox-247", "--for", name, "--format", "html"],
        &["slip", "detox-247", "--for", name, "--discreet"],
        &["find", "detox", "--slip", "1", "--for", name],
        &["slip", "detox-247", "--for", name, "--print"],
    ];
    for (i, args) in runs.iter().enumerate() {
        let output = Command::new(env!("CARGO_BIN_EXE_deflect"))
            .args(*args)
            .args(["--at", AT])
            .current_dir(&work)
            .env_clear()
            .env("PATH", lp.path())
            // Else the machine's /etc/deflect would be read.
            .env(
                "DEFLECT_SYSTEM_CONFIG",
                home.path().join("station-config-absent.toml"),
            )
            .env("HOME", home.path())
            .env("XDG_CONFIG_HOME", home.path().join(".config"))
            .env("XDG_DATA_HOME", home.path().join(".local/share"))
            .env("XDG_CACHE_HOME", home.path().join(".cache"))
            .env("XDG_STATE_HOME", home.path().join(".local/state"))
            .env("TMPDIR", &tmp)
            .env("DEFLECT_CONFIG", config())
            .stdin(Stdio::null())
            .output()
            .unwrap();
        let stdout = String::from_utf8_lossy(&output.stdout);
        assert_eq!(output.status.code(), Some(0), "{args:?}: {output:?}");
        if args.contains(&"--print") {
            let given = std::fs::read_to_string(record.with_extension("stdin")).unwrap();
            assert!(given.contains(name), "{given}");
        } else if args.contains(&"--discreet") {
            assert!(!stdout.contains(name), "{stdout}");
        } else {
            assert!(stdout.contains(name), "run {i}: {stdout}");
        }
    }
    for file in files_under(home.path()) {
        let bytes = std::fs::read(&file).unwrap_or_default();
        assert!(
            !String::from_utf8_lossy(&bytes).contains(name),
            "{} holds the name",
            file.display()
        );
    }
}

#[test]
fn print_pipes_the_slip_to_lp() {
    let lp = tempfile::tempdir().unwrap();
    let record = stand_in_lp(lp.path(), 0);
    let printing = |args: &[&str]| {
        Deflect::new()
            .env("DEFLECT_CONFIG", config())
            .env("PATH", lp.path())
            .args(args)
            .run()
    };
    // The config's queue.
    let run = printing(&["slip", "detox-247", "--at", AT, "--print", "--for", "Jo"]);
    run.code(0);
    assert!(run.stdout.is_empty(), "{}", run.stdout);
    assert!(run
        .stderr
        .contains("slip sent to printer front-desk: request id is front-desk-7"));
    let args = std::fs::read_to_string(record.with_extension("args")).unwrap();
    assert_eq!(args, "-d\nfront-desk\n-t\ndeflect\n");
    let given = std::fs::read_to_string(record.with_extension("stdin")).unwrap();
    assert!(given.starts_with(&"═".repeat(42)));
    assert!(given.contains("For: Jo\n"));
    assert!(given.contains("Around The Clock Detox"));
    // --printer names another queue, and implies --print.
    let run = printing(&[
        "slip",
        "detox-247",
        "--at",
        AT,
        "--printer",
        "back-office",
        "--width",
        "32",
    ]);
    run.code(0);
    let args = std::fs::read_to_string(record.with_extension("args")).unwrap();
    assert_eq!(args, "-d\nback-office\n-t\ndeflect\n");
    let given = std::fs::read_to_string(record.with_extension("stdin")).unwrap();
    fits(&given, 32);
    // find --slip --print: the table on standard output, the slip to lp.
    let run = printing(&["find", "detox", "--at", AT, "--slip", "1", "--print"]);
    run.code(0);
    assert!(run.stdout.contains("Weekend Detox Unit"));
    assert!(!run.stdout.contains("Referral code"));
    let given = std::fs::read_to_string(record.with_extension("stdin")).unwrap();
    assert!(given.contains("Referral code: "));
    // A bad queue name never reaches lp.
    let run = printing(&["slip", "detox-247", "--printer=-o evil"]);
    run.code(2);
    assert!(
        run.stderr.contains("not a printer queue name"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_failed_or_missing_lp_is_a_clear_error() {
    let lp = tempfile::tempdir().unwrap();
    stand_in_lp(lp.path(), 1);
    let run = Deflect::new()
        .env("DEFLECT_CONFIG", config())
        .env("PATH", lp.path())
        .args(["slip", "detox-247", "--print"])
        .run();
    run.code(2);
    assert!(
        run.stderr
            .contains("printing failed: `lp` ended with exit status 1: lp: The printer or class does not exist."),
        "{}",
        run.stderr
    );
    let empty = tempfile::tempdir().unwrap();
    let run = Deflect::new()
        .env("DEFLECT_CONFIG", config())
        .env("PATH", empty.path())
        .args(["slip", "detox-247", "--print"])
        .run();
    run.code(2);
    assert!(
        run.stderr.contains("`lp` command was not found"),
        "{}",
        run.stderr
    );
    assert!(run.stdout.is_empty());
}

/// Millimetres in PostScript points.
fn pt(mm: f64) -> f64 {
    mm / 25.4 * 72.0
}

#[test]
fn a_real_browser_prints_slips_and_cards_on_the_right_pages() {
    let Some(browser) = Browser::find("the set of slips and cards") else {
        return;
    };
    let dir = fixture("slip-html");
    let work = tempfile::tempdir().unwrap();
    let cases: &[(&str, &[&str], u32, f64, f64)] = &[
        (
            "a6",
            &["slip", "script-clinic", "wide-text", "--format", "html"],
            0,
            105.0,
            148.0,
        ),
        (
            "receipt",
            &[
                "slip",
                "script-clinic",
                "--format",
                "html",
                "--paper",
                "80mm",
            ],
            1,
            80.0,
            297.0,
        ),
        (
            "a4-10",
            &["cards", "--paper", "a4", "--limit", "10"],
            1,
            210.0,
            297.0,
        ),
        (
            "a4-11",
            &["cards", "--paper", "a4", "--limit", "11"],
            2,
            210.0,
            297.0,
        ),
        (
            "letter-8",
            &["cards", "--paper", "letter", "--limit", "8"],
            1,
            215.9,
            279.4,
        ),
    ];
    for (name, args, pages, width_mm, height_mm) in cases {
        let run = Deflect::new()
            .args(*args)
            .args(["--dir", &dir, "--at", AT])
            .run();
        run.code(0);
        let html = work.path().join(format!("{name}.html"));
        let pdf = work.path().join(format!("{name}.pdf"));
        std::fs::write(&html, &run.stdout).unwrap();
        let Some(Pdf {
            pages: got_pages,
            width: w,
            height: h,
        }) = browser.pdf(&html, &pdf)
        else {
            eprintln!("note: chromium did not print {name}; skipped");
            continue;
        };
        eprintln!("{name}: {got_pages} page(s), {w} x {h} pts");
        if *pages > 0 {
            assert_eq!(got_pages, *pages, "{name}");
        }
        // Chromium rounds page sizes to whole CSS pixels.
        assert!((w - pt(*width_mm)).abs() < 1.5, "{name}: width {w} pts");
        assert!((h - pt(*height_mm)).abs() < 1.5, "{name}: height {h} pts");
    }
}

/// A private CUPS scheduler on a socket in a temporary folder, with one
/// PDF queue from cups-pdf. Stopped (by its own pid) when dropped.
struct Cups {
    folder: tempfile::TempDir,
    daemon: std::process::Child,
}

impl Cups {
    /// The socket `lp` and `lpadmin` reach it on, for `CUPS_SERVER`.
    fn socket(&self) -> PathBuf {
        self.folder.path().join("cups.sock")
    }

    /// Starts cupsd and adds the queue `slip-pdf`, or says why it cannot.
    fn start() -> Result<Cups, String> {
        let cupsd = Path::new("/usr/sbin/cupsd");
        let ppd = Path::new("/usr/share/ppd/cups-pdf/CUPS-PDF_opt.ppd");
        let backend = Path::new("/usr/lib/cups/backend/cups-pdf");
        for needed in [cupsd, ppd, backend] {
            if !needed.exists() {
                return Err(format!("{} is not installed", needed.display()));
            }
        }
        let lpadmin = on_path(&["lpadmin"]).ok_or("lpadmin is not installed")?;
        let uid = Command::new("id")
            .arg("-u")
            .output()
            .map_err(|e| e.to_string())?;
        if String::from_utf8_lossy(&uid.stdout).trim() != "0" {
            return Err("the cups-pdf backend runs only for root".into());
        }
        let folder = tempfile::tempdir().map_err(|e| e.to_string())?;
        let t = folder.path();
        for sub in ["etc", "spool/tmp", "cache", "state", "log"] {
            std::fs::create_dir_all(t.join(sub)).map_err(|e| e.to_string())?;
        }
        let d = t.display();
        let files = format!(
            "ServerRoot {d}/etc\nRequestRoot {d}/spool\nTempDir {d}/spool/tmp\nCacheDir {d}/cache\n\
             StateDir {d}/state\nServerBin /usr/lib/cups\nDataDir /usr/share/cups\n\
             ErrorLog {d}/log/error_log\nAccessLog {d}/log/access_log\nPageLog {d}/log/page_log\n\
             Printcap {d}/printcap\nSystemGroup root\n"
        );
        let conf = format!(
            "Listen {d}/cups.sock\nLogLevel info\nWebInterface No\nBrowsing Off\n\
             DefaultAuthType None\n<Location />\n  Order allow,deny\n  Allow all\n</Location>\n"
        );
        std::fs::write(t.join("cups-files.conf"), files).map_err(|e| e.to_string())?;
        std::fs::write(t.join("cupsd.conf"), &conf).map_err(|e| e.to_string())?;
        std::fs::write(t.join("etc/cupsd.conf"), &conf).map_err(|e| e.to_string())?;
        let daemon = Command::new(cupsd)
            .arg("-f")
            .arg("-c")
            .arg(t.join("cupsd.conf"))
            .arg("-s")
            .arg(t.join("cups-files.conf"))
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .map_err(|e| format!("cupsd did not start: {e}"))?;
        let cups = Cups { folder, daemon };
        let start = Instant::now();
        while !cups.socket().exists() {
            if start.elapsed() > Duration::from_secs(20) {
                return Err("cupsd did not open its socket within 20 s".into());
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        let added = Command::new(lpadmin)
            .env("CUPS_SERVER", cups.socket())
            .args(["-p", "slip-pdf", "-E", "-v", "cups-pdf:/", "-P"])
            .arg(ppd)
            .output()
            .map_err(|e| e.to_string())?;
        if !added.status.success() {
            return Err(format!(
                "lpadmin could not add the PDF queue: {}",
                String::from_utf8_lossy(&added.stderr).trim()
            ));
        }
        Ok(cups)
    }
}

impl Drop for Cups {
    fn drop(&mut self) {
        let _ = self.daemon.kill();
        let _ = self.daemon.wait();
    }
}

#[test]
fn a_real_cups_queue_prints_the_slip_to_pdf() {
    let cups = match Cups::start() {
        Ok(cups) => cups,
        Err(why) => {
            eprintln!(
                "note: no real print system for this run ({why}); the stand-in lp tests still ran"
            );
            return;
        }
    };
    let started = std::time::SystemTime::now();
    let run = Deflect::new()
        .env("DEFLECT_CONFIG", config())
        .env("CUPS_SERVER", cups.socket())
        .args([
            "slip",
            "detox-247",
            "--at",
            AT,
            "--printer",
            "slip-pdf",
            "--ascii",
        ])
        .run();
    run.code(0);
    let request = run
        .stderr
        .split("request id is slip-pdf-")
        .nth(1)
        .and_then(|rest| rest.split(' ').next())
        .unwrap_or_else(|| panic!("no request id in: {}", run.stderr))
        .to_string();
    // cups-pdf writes to the PDF folder of the job's user (root here), as
    // /etc/cups/cups-pdf.conf says; these are Debian's defaults.
    let name = format!("deflect-job_{request}.pdf");
    let folders = [
        PathBuf::from("/root/PDF"),
        std::env::var_os("HOME")
            .map(|h| PathBuf::from(h).join("PDF"))
            .unwrap_or_default(),
        PathBuf::from("/var/spool/cups-pdf/ANONYMOUS"),
    ];
    let deadline = Instant::now() + Duration::from_secs(60);
    let pdf = loop {
        let found = folders.iter().map(|f| f.join(&name)).find(|p| {
            p.metadata()
                .and_then(|m| m.modified())
                .is_ok_and(|m| m >= started)
        });
        if let Some(pdf) = found {
            break pdf;
        }
        assert!(
            Instant::now() < deadline,
            "cups-pdf wrote no {name} within 60 s; its log:\n{}",
            std::fs::read_to_string(cups.folder.path().join("log/error_log")).unwrap_or_default()
        );
        std::thread::sleep(Duration::from_millis(250));
    };
    // Let the backend finish writing before reading it back.
    std::thread::sleep(Duration::from_secs(1));
    // CUPS's texttopdf embeds fonts without a text map, so the words
    // cannot be read back; the pages can.
    if let Some(pdfinfo) = on_path(&["pdfinfo"]) {
        let Pdf {
            pages,
            width: w,
            height: h,
        } = pdf_info(&pdfinfo, &pdf);
        assert!(pages >= 1, "{pages} pages");
        eprintln!("CUPS PDF: {pages} page(s), {w} x {h} pts");
    }
    eprintln!("CUPS printed request {request} to {}", pdf.display());
    let _ = std::fs::remove_file(&pdf);
}

#[test]
fn the_readme_shows_a_real_slip() {
    let readme =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md")).unwrap();
    let command = "$ deflect slip old-mill-detox hcgh-detox-unit --for Sam --at 2026-11-28T02:00\n";
    let shown = readme
        .split_once(command)
        .and_then(|(_, rest)| rest.split_once("```"))
        .map(|(slip, _)| slip)
        .expect("the README's example slip");
    let run = Deflect::new()
        .env("DEFLECT_CONFIG", fixture("slip-config/readme.toml"))
        .args([
            "slip",
            "old-mill-detox",
            "hcgh-detox-unit",
            "--for",
            "Sam",
            "--at",
            AT,
        ])
        .run();
    run.code(0);
    fits(&run.stdout, 42);
    assert_eq!(
        masked(shown, "Referral code"),
        masked(&run.stdout, "Referral code"),
        "the README's slip is not what deflect prints"
    );
}

#[test]
fn control_characters_in_the_config_never_reach_the_slip_raw() {
    let folder = tempfile::tempdir().unwrap();
    let path = folder.path().join("config.toml");
    std::fs::write(
        &path,
        format!(
            "directory = {:?}\n[station]\nname = \"Central\\u001b]0;owned\\u0007 Station\"\nphone = \"+1 312\\u202e 555\"\n",
            fixture("county")
        ),
    )
    .unwrap();
    for format in ["text", "html"] {
        let run = Deflect::new()
            .env("DEFLECT_CONFIG", &path)
            .args(["slip", "detox-247", "--at", AT, "--format", format])
            .args(["--for", "Jo\u{7}\u{8}\r\t Doe"])
            .run();
        run.code(0);
        assert!(
            run.stdout.bytes().all(|b| b >= 0x20 || b == b'\n'),
            "{:?}",
            run.stdout
        );
        assert!(!run.stdout.contains('\u{202e}'));
        assert!(
            run.stdout.contains("Central\\u{1b}]0;owned\\u{7} Station"),
            "{}",
            run.stdout
        );
        assert!(run.stdout.contains("Jo\\u{7}\\u{8} Doe"), "{}", run.stdout);
    }
}

/// Issue #14: a release build printed Spanish category names on English
/// slips (`Words::category` compared addresses of a `const`). `.ci/run`
/// runs this binary against the release build too.
#[test]
fn an_english_slip_names_its_categories_in_english() {
    let run = deflect([
        "slip",
        "--demo",
        "old-mill-detox",
        "--at",
        "2026-11-28T02:00",
    ]);
    run.code(0);
    assert!(
        run.stdout.contains("Offers: Withdrawal management (detox)"),
        "{}",
        run.stdout
    );
    assert!(!run.stdout.contains("Desintoxicación"), "{}", run.stdout);
    let spanish = deflect(["slip", "--demo", "old-mill-detox", "--lang", "es"]);
    assert!(
        spanish.stdout.contains("Desintoxicación"),
        "{}",
        spanish.stdout
    );
}
