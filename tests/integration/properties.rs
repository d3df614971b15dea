//! Properties that must hold for any input: the loader never panics, no
//! text output carries a control character, and the next change of opening
//! hours is always later than the time asked.

use std::process::Command;

use chrono::{DateTime, TimeZone, Utc};
use proptest::prelude::*;
use proptest::test_runner::FileFailurePersistence;

use deflect::directory::{load_bytes, Limits};
use deflect::hours::{HolidayCalendar, Hours};

use crate::harness::hermetic;
use crate::same_meaning;

/// `cases` runs, with the failures found so far kept in and read from
/// `properties.proptest-regressions` beside this file. (Left to itself,
/// proptest would look beside the folder holding `main.rs`.)
fn config(cases: u32) -> ProptestConfig {
    ProptestConfig {
        cases,
        failure_persistence: Some(Box::new(FileFailurePersistence::WithSource(
            "proptest-regressions",
        ))),
        ..ProptestConfig::default()
    }
}

proptest! {
    #![proptest_config(config(256))]

    #[test]
    fn the_loader_never_panics_on_arbitrary_bytes(bytes in proptest::collection::vec(any::<u8>(), 0..3000)) {
        let loaded = load_bytes(vec![("any.toml".into(), bytes)], Limits::default());
        let _ = loaded.into_directory();
    }

    #[test]
    fn the_loader_never_panics_on_toml_like_text(text in "[a-z_\\[\\]{}=\"'\\n#.,0-9 :+-]{0,400}") {
        let mut file = String::from("[directory]\nname = \"P\"\ntimezone = \"UTC\"\n[[service]]\n");
        file.push_str(&text);
        let loaded = load_bytes(vec![("any.toml".into(), file.into_bytes())], Limits::default());
        let _ = deflect::validate::validate(&loaded, &deflect::validate::Options {
            as_of: chrono::NaiveDate::from_ymd_opt(2026, 11, 28).unwrap(),
            max_age_days: 180,
        });
    }
}

/// A TOML basic string holding `text` exactly.
fn toml_string(text: &str) -> String {
    let mut out = String::from("\"");
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn inert(text: &str) -> bool {
    text.chars().all(|c| {
        !((c < ' ' && c != '\n' && c != '\t')
            || c == '\u{7f}'
            || ('\u{80}'..='\u{9f}').contains(&c)
            || matches!(c, '\u{200e}' | '\u{200f}' | '\u{061c}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}'))
    })
}

proptest! {
    #![proptest_config(config(24))]

    #[test]
    fn no_text_output_carries_a_control_character(text in "(\\PC|[\u{0}-\u{1f}\u{7f}-\u{9f}\u{202a}-\u{202e}\u{2066}-\u{2069}]){0,40}") {
        let dir = tempfile::tempdir().unwrap();
        let t = toml_string(&text);
        let file = format!(
            "[directory]\nname = {t}\ntimezone = \"UTC\"\ndefault_place = \"Here\"\ncrisis_lines = [{{ name = {t}, phone = \"112\" }}]\n\n\
             [[place]]\nname = \"Here\"\naliases = [{t}]\nkind = {t}\nlat = 1.0\nlon = 1.0\n\n\
             [[service]]\nid = \"s\"\nname = {t}\ncategories = [\"shelter\"]\nphone = \"112\"\nlat = 1.0\nlon = 1.0\nhours = \"24/7\"\ndescription = {t}\n\n\
             [[service]]\nid = \"t\"\nname = \"Kept\"\ncategories = [\"shelter\"]\nphone = \"112\"\nhours = {t}\nreferral_notes = \"Ask\"\n"
        );
        std::fs::write(dir.path().join("d.toml"), file).unwrap();
        let path = dir.path().display().to_string();
        let home = tempfile::tempdir().unwrap();
        for args in [
            vec!["find", "shelter", "--at", "2026-11-28T02:00"],
            vec!["show", "t", "--at", "2026-11-28T02:00"],
            vec!["validate"],
            vec!["places"],
        ] {
            let output = hermetic(&mut Command::new(env!("CARGO_BIN_EXE_deflect")), home.path())
                .args(&args)
                .args(["--dir", &path])
                .output()
                .unwrap();
            let stdout = String::from_utf8_lossy(&output.stdout);
            let stderr = String::from_utf8_lossy(&output.stderr);
            prop_assert!(inert(&stdout), "{args:?} stdout: {stdout:?}");
            prop_assert!(inert(&stderr), "{args:?} stderr: {stderr:?}");
            prop_assert!(matches!(output.status.code(), Some(0..=2)), "{args:?}: {stderr}");
            prop_assert!(!stderr.contains("panicked"));
        }
    }
}

fn expression() -> impl Strategy<Value = String> {
    let days = prop::sample::select(vec![
        "Mo-Fr", "Sa,Su", "Mo,We,Fr", "Tu-Th", "Su", "Mo-Su", "Fr,Sa", "PH",
    ]);
    let hour = 0u32..24;
    let minute = prop::sample::select(vec![0u32, 15, 30, 45]);
    let rule = (
        days,
        hour.clone(),
        minute.clone(),
        hour,
        minute,
        any::<bool>(),
    )
        .prop_map(|(d, h1, m1, h2, m2, comment)| {
            let note = if comment { " \"call first\"" } else { "" };
            format!("{d} {h1:02}:{m1:02}-{h2:02}:{m2:02}{note}")
        });
    (
        proptest::collection::vec(rule, 1..4),
        prop::sample::select(vec![
            "",
            "; PH off",
            "; Su off",
            "; 24/7 closed \"x\"",
            " || \"by appointment\"",
        ]),
        any::<bool>(),
    )
        .prop_map(|(rules, tail, always)| {
            if always {
                format!("24/7{tail}")
            } else {
                format!("{}{tail}", rules.join("; "))
            }
        })
}

proptest! {
    #![proptest_config(config(512))]

    #[test]
    fn the_next_change_is_always_later_than_the_time_asked(
        expr in expression(),
        seconds in 1_577_836_800i64..1_893_456_000,
        zone in prop::sample::select(vec![chrono_tz::America::Chicago, chrono_tz::Europe::Berlin, chrono_tz::Australia::Lord_Howe, chrono_tz::UTC]),
    ) {
        let Ok(hours) = Hours::parse(&expr) else { return Ok(()); };
        let at: DateTime<Utc> = Utc.timestamp_opt(seconds, 0).unwrap();
        let calendar = HolidayCalendar::new(Some("US"), &[]);
        let evaluation = hours.evaluate(zone, &calendar, at);
        if let Some(next) = evaluation.next_change {
            prop_assert!(next.with_timezone(&Utc) > at, "{expr} at {at}: next change {next}");
            prop_assert!(evaluation.next_state != Some(evaluation.state), "{expr} at {at}: a change to the same state");
        }
    }
}

/// Hours as keepers write them (issue #19): days, times and selectors in
/// tolerated and strict spellings, with the parts of the syntax a printer
/// could drop or widen (year and week periods, dates across years, `+`,
/// comments, fallbacks, holiday offsets).
fn tolerant_expression() -> impl Strategy<Value = String> {
    let wide = prop::sample::select(vec![
        "",
        "",
        "",
        "Jan-Mar ",
        "Nov-Feb: ",
        "Dec 24-26 ",
        "Dec 24-Jan 06 ",
        "2013 Dec 24-2014 Jan 06 ",
        "2013/10 Dec 31 ",
        "2012-2016/2 ",
        "2026+ ",
        "2026 Jun ",
        "week 01-53/2 ",
        "week 10-20 ",
        "Jan 01-31/8 ",
        "easter -2 days-easter +1 day ",
        "Nov Th[4] ",
        "Aug Su[-1] ",
        "Apr 01-Oct 31: ",
        "2027 Mar 01-31 ",
    ]);
    let days = prop::sample::select(vec![
        "Mo-Fr",
        "Monday to Friday",
        "Mon – Fri",
        "mon-fri",
        "lun-ven",
        "Montag-Freitag",
        "lunes a viernes",
        "Sa,Su",
        "weekends",
        "daily",
        "every day",
        "Fr-Mo",
        "Su-Tu",
        "Sa[2]",
        "Mo[1,3]",
        "We[-1]",
        "Mo-Fr,PH",
        "SH Mo-Fr",
        "PH -1 day",
        "",
    ]);
    let times = prop::sample::select(vec![
        "9am-5pm",
        "9:30 a.m. - 5 p.m.",
        "9h-17h",
        "09.00-17.00",
        "10-14",
        "9:00-17:00",
        "22:00-06:00",
        "20:00-08:00",
        "00:00-24:00",
        "17:00-late",
        "17:00+",
        "10:00-12:00+",
        "noon-midnight",
        "09:00-12:00, 13:00-17:00",
        "9-12 and 13-17",
        "sunrise-sunset",
        "(sunset-01:00)-22:00",
        "24 hours",
        "",
    ]);
    let state = prop::sample::select(vec![
        "",
        "",
        "",
        " closed",
        " off",
        " open",
        " unknown",
        " \"by appointment\"",
        " open \"walk in\"",
    ]);
    let rule = (wide, days, times, state).prop_map(|(w, d, t, s)| {
        let body = [d, t]
            .iter()
            .filter(|p| !p.is_empty())
            .copied()
            .collect::<Vec<_>>()
            .join(" ");
        format!("{w}{body}{s}")
    });
    let separator = prop::sample::select(vec!["; ", "; ", ", ", " || "]);
    let tail = prop::sample::select(vec![
        "",
        "; PH off",
        "; public holidays closed",
        "; Dec 25 off",
        " || \"call first\"",
        "; 2013/10 Dec 31 off",
        "; week 05-40/5 We off",
    ]);
    (proptest::collection::vec((rule, separator), 1..4), tail).prop_map(|(rules, tail)| {
        let mut out = String::new();
        for (i, (rule, sep)) in rules.iter().enumerate() {
            if i > 0 {
                out.push_str(sep);
            }
            out.push_str(rule);
        }
        out.push_str(tail);
        out
    })
}

proptest! {
    #![proptest_config(config(256))]

    /// Issue #19: the canonical form of any expression deflect reads means
    /// what was written (state, comment and next change at instants across
    /// DST changes, holidays and year ends), reads back as itself, and
    /// `validate --fix` agrees that it may write it.
    #[test]
    fn the_canonical_form_means_what_was_written(expr in tolerant_expression()) {
        let Ok(hours) = Hours::parse(&expr) else { return Ok(()); };
        let canonical = Hours::parse(hours.canonical());
        prop_assert!(canonical.is_ok(), "{expr:?}: {:?} is refused", hours.canonical());
        let canonical = canonical.unwrap();
        prop_assert_eq!(canonical.canonical(), hours.canonical(), "{:?}", expr);
        if let Some(why) = same_meaning::disagreement(&hours, &canonical, &[]) {
            prop_assert!(false, "{}", why);
        }
        prop_assert!(hours.canonical_keeps_meaning().is_ok(), "{expr:?}: {:?}", hours.canonical_keeps_meaning());
    }
}
