//! Plain-words requests (docs/REQUEST.md, issue #14): every rule pinned on
//! `tests/fixtures/request` (Lakeport, Chicago time) and the demo, with a
//! fixed clock.

use serde_json::Value;

use crate::harness::{fixture, readme_output, Deflect, Run};

/// Wednesday 2 December 2026, 10:15 in Chicago.
const NOW: &str = "2026-12-02T10:15";

fn find(words: &[&str]) -> Run {
    Deflect::new()
        .env("DEFLECT_NOW", NOW)
        .args(["find", "--dir", &fixture("request"), "--format", "json"])
        .args(words)
        .run()
}

fn ok(words: &[&str]) -> Value {
    let run = find(words);
    run.code(0);
    run.json()
}

fn ids(json: &Value) -> Vec<String> {
    json["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_str().unwrap().to_string())
        .collect()
}

fn fails(words: &[&str]) -> String {
    let run = find(words);
    run.code(2);
    assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
    run.stderr
}

#[test]
fn a_stated_substance_narrows_and_an_unstated_one_is_kept_and_said() {
    let json = ok(&["detox", "for", "alcohol"]);
    // The opioid-only unit is left out; the one that states alcohol ranks
    // before the nearer one that states nothing.
    assert_eq!(ids(&json), ["detox-alcohol", "detox-unstated"]);
    assert_eq!(json["excluded"]["substances"], 1);
    assert_eq!(
        json["results"][1]["not_stated"],
        serde_json::json!(["substances"])
    );
    assert_eq!(
        json["request"]["substances"],
        serde_json::json!(["alcohol"])
    );
    assert_eq!(json["request"]["skipped"], serde_json::json!(["for"]));
    // A directory's own word for a substance.
    assert_eq!(ids(&ok(&["detox", "hooch"])), ids(&json));
    // --substance is the same as the word.
    assert_eq!(ids(&ok(&["detox", "--substance", "alcohol"])), ids(&json));
    assert_eq!(ids(&ok(&["detox", "--substance", "booze"])), ids(&json));
}

#[test]
fn implied_substances_come_from_the_categories() {
    // Opioids alone: treatment for them. Methadone implies opioids,
    // naltrexone opioids and alcohol; the stimulant programme is left out.
    let json = ok(&["heroin"]);
    assert_eq!(
        json["request"]["needs"][0]["categories"],
        serde_json::json!(["treatment"])
    );
    let found = ids(&json);
    for id in [
        "detox-opioids",
        "methadone-clinic",
        "naltrexone-clinic",
        "detox-unstated",
    ] {
        assert!(found.contains(&id.to_string()), "{id} in {found:?}");
    }
    for id in ["detox-alcohol", "stimulant-program"] {
        assert!(!found.contains(&id.to_string()), "{id} in {found:?}");
    }
    assert_eq!(json["excluded"]["substances"], 2);
    // Alcohol: naltrexone is kept (it implies alcohol), methadone is not.
    let found = ids(&ok(&["drinking"]));
    assert!(
        found.contains(&"naltrexone-clinic".to_string()),
        "{found:?}"
    );
    assert!(
        !found.contains(&"methadone-clinic".to_string()),
        "{found:?}"
    );
    // A substance that contradicts a category named beside it.
    let message = fails(&["alcohol", "methadone"]);
    assert!(
        message.contains("\"methadone\"") && message.contains("\"alcohol\""),
        "{message}"
    );
    ok(&["naltrexone", "alcohol"]);
}

#[test]
fn meth_is_never_methadone_and_names_match_whole_words_only() {
    let json = ok(&["meth"]);
    assert_eq!(ids(&json)[0], "stimulant-program");
    assert!(!ids(&json).contains(&"methadone-clinic".to_string()));
    assert!(!ids(&json).contains(&"methodist-pantry".to_string()));
    // A whole word of a name finds it; a fragment never does.
    assert_eq!(ids(&ok(&["harbor"])), ["harbor-light"]);
    let message = fails(&["harb"]);
    assert!(message.contains("\"harb\""), "{message}");
    // On the demo too.
    let demo = Deflect::new()
        .env("DEFLECT_NOW", NOW)
        .args([
            "find", "--demo", "meth", "--format", "json", "--limit", "100",
        ])
        .run();
    demo.code(0);
    let names: Vec<String> = demo.json()["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["name"].as_str().unwrap().to_string())
        .collect();
    assert!(names.iter().all(|n| !n.contains("Methadone")), "{names:?}");
    // Nor a service for people on methadone or buprenorphine.
    assert!(names.iter().all(|n| !n.contains("MOUD")), "{names:?}");
    assert!(
        names.contains(&"Stimulant Recovery Program".to_string()),
        "{names:?}"
    );
}

#[test]
fn words_with_two_readings_stop_with_the_words_to_type() {
    for (word, readings) in [
        ("dope", ["\"opioids\"", "\"cannabis\""]),
        ("pills", ["\"opioids\"", "\"benzodiazepines\""]),
        ("meth clinic", ["\"methadone\"", "\"stimulants\""]),
    ] {
        let words: Vec<&str> = word.split(' ').collect();
        let message = fails(&words);
        assert!(message.contains("never guessed"), "{message}");
        for reading in readings {
            assert!(message.contains(reading), "{word}: {message}");
        }
    }
    // Inside a longer phrase it is not alone.
    assert_eq!(
        ok(&["dope", "sick"])["request"]["needs"][0]["categories"],
        serde_json::json!(["withdrawal-management"])
    );
}

#[test]
fn minors_ages_and_genders_exclude_as_the_flags_do() {
    for words in [
        &["shelter", "teen"][..],
        &["shelter", "for", "a", "16", "year", "old"],
    ] {
        let json = ok(words);
        let found = ids(&json);
        assert!(found.contains(&"youth-shelter".to_string()), "{found:?}");
        assert!(!found.contains(&"adult-shelter".to_string()), "{found:?}");
        assert_eq!(json["excluded"]["age"], 1);
    }
    let json = ok(&["shelter", "teen"]);
    assert_eq!(
        json["request"]["person"]["age_range"],
        serde_json::json!([12, 17])
    );
    assert_eq!(json["request"]["person"]["age"], Value::Null);
    // A bare number is never an age.
    let message = fails(&["shelter", "16"]);
    assert!(message.contains("\"16\""), "{message}");
    // Gender words, and the same words on --gender.
    let json = ok(&["shelter", "man"]);
    assert!(!ids(&json).contains(&"women-shelter".to_string()));
    assert_eq!(json["excluded"]["gender"], 1);
    for gender in ["female", "woman", "women"] {
        let json = ok(&["shelter", "--gender", gender]);
        assert_eq!(json["request"]["person"]["gender"], "women", "{gender}");
        assert!(
            ids(&json).contains(&"women-shelter".to_string()),
            "{gender}"
        );
    }
    let message = fails(&["shelter", "--gender", "robot"]);
    assert!(message.contains("women, men or nonbinary"), "{message}");
}

/// Issue #15 item 4: an extra word narrows, never widens.
#[test]
fn an_extra_person_word_narrows_the_search() {
    let all = ids(&ok(&["shelter"]));
    for gender in ["women", "man"] {
        let narrowed = ids(&ok(&["shelter", gender]));
        assert!(narrowed.iter().all(|id| all.contains(id)), "{narrowed:?}");
    }
    assert!(ids(&ok(&["shelter", "man"])).len() < all.len());
    // On the demo: no women's residential programme or recovery house.
    let demo = Deflect::new()
        .env("DEFLECT_NOW", NOW)
        .args(["find", "--demo", "detox", "women", "--format", "json"])
        .run();
    demo.code(0);
    let found = ids(&demo.json());
    assert!(
        !found.contains(&"canal-bend-womens-residential".to_string()),
        "{found:?}"
    );
    assert!(
        !found.contains(&"lakeview-residence-women".to_string()),
        "{found:?}"
    );
}

#[test]
fn preferences_rank_and_never_exclude() {
    let plain = ids(&ok(&["shelter"]));
    let with_dog = ids(&ok(&["shelter", "with", "a", "dog"]));
    assert_eq!(plain.len(), with_dog.len());
    assert_eq!(with_dog[0], "youth-shelter");
    assert_ne!(plain[0], "youth-shelter");
    assert_eq!(ids(&ok(&["shelter", "--prefer", "pets-allowed"])), with_dog);
    // --require still excludes.
    let json = ok(&["clinic", "--require", "walk-in"]);
    assert_eq!(ids(&json), ["medicaid-clinic"]);
    assert_eq!(json["excluded"]["require"], 1);
}

#[test]
fn languages_and_payment() {
    let json = ok(&["counseling", "spanish"]);
    assert_eq!(ids(&json), ["spanish-counseling"]);
    assert_eq!(json["excluded"]["lang"], 1);
    assert_eq!(
        ids(&ok(&["counseling", "--lang", "es"])),
        ["spanish-counseling"]
    );
    let json = ok(&["clinic", "no", "insurance"]);
    assert_eq!(ids(&json), ["free-clinic"]);
    assert_eq!(json["excluded"]["payment"], 1);
    assert_eq!(
        json["request"]["person"]["payment"],
        serde_json::json!(["free", "sliding-scale", "state-funded"])
    );
    // Several payments are a set of what is acceptable.
    let json = ok(&["clinic", "--payment", "medicaid", "--payment", "free"]);
    assert_eq!(ids(&json).len(), 2);
}

/// Time words against DEFLECT_NOW, resolved in the directory's zone.
#[test]
fn time_words_resolve_against_the_fixed_clock() {
    for (words, at) in [
        (&["detox", "tonight"][..], "2026-12-02T22:00:00-06:00"),
        (&["detox", "tomorrow", "9am"], "2026-12-03T09:00:00-06:00"),
        (&["detox", "sat", "2am"], "2026-12-05T02:00:00-06:00"),
        (&["detox", "in", "2", "hours"], "2026-12-02T12:15:00-06:00"),
        (&["detox", "at", "9pm"], "2026-12-02T21:00:00-06:00"),
        (&["detox", "friday", "night"], "2026-12-04T22:00:00-06:00"),
        (&["detox", "this", "morning"], "2026-12-02T09:00:00-06:00"),
        (&["detox", "midnight"], "2026-12-03T00:00:00-06:00"),
        (&["detox", "--at", "tomorrow"], "2026-12-03T09:00:00-06:00"),
        (&["detox", "--at", "sat 2am"], "2026-12-05T02:00:00-06:00"),
        (&["detox", "--at", "9pm"], "2026-12-02T21:00:00-06:00"),
    ] {
        let json = ok(words);
        assert_eq!(json["at"], at, "{words:?}");
    }
    let json = ok(&["detox", "tonight"]);
    assert_eq!(json["request"]["time"], "tonight");
    // DST: days keep the wall clock; a time the clocks skip is an error.
    let run = Deflect::new()
        .env("DEFLECT_NOW", "2026-03-07T10:00")
        .args([
            "find",
            "--dir",
            &fixture("request"),
            "--format",
            "json",
            "detox",
            "in",
            "1",
            "day",
        ])
        .run();
    run.code(0);
    assert_eq!(run.json()["at"], "2026-03-08T10:00:00-05:00");
    let run = Deflect::new()
        .env("DEFLECT_NOW", "2026-03-07T10:00")
        .args([
            "find",
            "--dir",
            &fixture("request"),
            "detox",
            "sun",
            "2:30am",
        ])
        .run();
    run.code(2);
    assert!(run.stderr.contains("clocks go forward"), "{}", run.stderr);
    for bad in [&["detox", "25pm"][..], &["detox", "sat", "13am"]] {
        let message = fails(bad);
        assert!(message.contains("not a clock time"), "{message}");
    }
}

#[test]
fn places_in_words_and_the_order_between_lists() {
    let json = ok(&["detox", "near", "60601"]);
    assert_eq!(json["origin"]["name"], "60601");
    assert_eq!(json["request"]["place"], "60601");
    // A postcode needs no marker; a place name does.
    assert_eq!(ok(&["60601", "detox"])["origin"]["name"], "60601");
    let message = fails(&["detox", "riverside"]);
    assert!(message.contains("near riverside"), "{message}");
    assert_eq!(
        ok(&["detox", "in", "riverside"])["origin"]["name"],
        "Riverside"
    );
    // A marker before neither is filler.
    let json = ok(&["counseling", "in", "spanish"]);
    assert_eq!(json["request"]["skipped"], serde_json::json!(["in"]));
    // Longest first: "night shelter" is a need, not a time and a need.
    let json = ok(&["night", "shelter"]);
    assert_eq!(json["request"]["time"], Value::Null);
    // A directory's own category word.
    assert_eq!(
        ok(&["drying", "out"])["request"]["needs"][0]["categories"],
        serde_json::json!(["withdrawal-management"])
    );
}

#[test]
fn a_word_and_a_flag_that_disagree_are_an_error_naming_both() {
    let message = fails(&["detox", "tonight", "--at", "2026-12-03T09:00"]);
    assert!(
        message.contains("tonight") && message.contains("--at"),
        "{message}"
    );
    let message = fails(&["detox", "near", "60601", "--near", "Riverside"]);
    assert!(
        message.contains("60601") && message.contains("--near"),
        "{message}"
    );
    let message = fails(&["shelter", "teen", "--age", "30"]);
    assert!(message.contains("--age"), "{message}");
    let message = fails(&["shelter", "man", "--gender", "women"]);
    assert!(message.contains("--gender"), "{message}");
    // Equal values are fine.
    ok(&["detox", "tonight", "--at", "2026-12-02T22:00"]);
    ok(&["shelter", "teen", "--age", "16"]);
    ok(&["detox", "near", "60601", "--near", "60601"]);
}

#[test]
fn what_nothing_understands_is_listed_with_only_close_suggestions() {
    let message = fails(&["detox", "alcohol", "zzqx"]);
    assert!(message.contains("\"zzqx\""), "{message}");
    assert!(
        message.contains("Withdrawal management (detox) · alcohol"),
        "{message}"
    );
    assert!(!message.contains("did you mean"), "{message}");
    let message = fails(&["please", "help"]);
    assert!(message.contains("no need"), "{message}");
}

#[test]
fn the_table_says_how_the_request_was_read_and_why_nothing_matched() {
    let run = Deflect::new()
        .env("DEFLECT_NOW", NOW)
        .args(["find", "--dir", &fixture("request")])
        .args([
            "detox", "alcohol", "16", "year", "old", "spanish", "near", "60601", "tonight",
        ])
        .args(["--radius", "0.1"])
        .run();
    run.code(1);
    let lines: Vec<&str> = run.stdout.lines().collect();
    assert_eq!(
        lines[1],
        "Looking for: Withdrawal management (detox) · alcohol · age 16 · speaks Spanish · near 60601 · Wed 2 Dec, 10:00 PM"
    );
    // The explanation is wrapped at spaces to the width.
    let text = run.stdout.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(
        text.contains("No service matches. Of the services that meet the needs, 1 serves other substances than alcohol; 1 states ages that leave out age 16; 1 is farther than 0.1 mi."),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("Crisis lines, any time:"),
        "{}",
        run.stdout
    );
    assert!(
        !run.stdout.contains("Nothing listed is open now"),
        "{}",
        run.stdout
    );
    // --open-only that empties the answer says when the first one opens.
    let run = Deflect::new()
        .env("DEFLECT_NOW", "2026-12-02T14:00")
        .args([
            "find",
            "--dir",
            &fixture("request"),
            "methadone",
            "--open-only",
        ])
        .run();
    run.code(1);
    let text = run.stdout.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(
        text.contains(
            "1 is not open at that time (the first to open is Lakeport Methadone Clinic, 5:30 AM)"
        ),
        "{}",
        run.stdout
    );
    let json = find(&["methadone", "--open-only"]);
    assert_eq!(json.json()["excluded"]["open_only"], 0);
}

/// What each phrase is read as (needs, substances, preferences) and the
/// service the officer sees first for it at 2 a.m. in the demo.
#[test]
fn the_demo_answers_what_people_say() {
    for (words, read_as, first) in [
        ("alcohol", "treatment · alcohol", "sobering-station"),
        ("drinking", "treatment · alcohol", "sobering-station"),
        (
            "alcohol detox",
            "withdrawal-management · alcohol",
            "old-mill-detox",
        ),
        (
            "detox for alcohol",
            "withdrawal-management · alcohol",
            "old-mill-detox",
        ),
        ("benzos", "treatment · benzodiazepines", "old-mill-detox"),
        ("heroin", "treatment · opioids", "old-mill-detox"),
        (
            "fentanyl detox",
            "withdrawal-management · opioids",
            "old-mill-detox",
        ),
        ("crack", "treatment · stimulants", "south-harrow-detox"),
        ("coke", "treatment · stimulants", "south-harrow-detox"),
        (
            "crystal meth",
            "treatment · stimulants",
            "south-harrow-detox",
        ),
        ("i need narcan", "naloxone", "naloxone-vending-central"),
        (
            "help with drinking",
            "treatment · alcohol",
            "sobering-station",
        ),
        (
            "please find detox",
            "withdrawal-management",
            "old-mill-detox",
        ),
        ("somewhere to sleep", "shelter", "warming-center"),
        ("needs a bed tonight", "shelter", "warming-center"),
        ("homeless", "shelter", "warming-center"),
        ("suicidal", "crisis", "crisis-stabilization-unit"),
        ("pregnant", "prefers pregnant-postpartum", "family-shelter"),
        ("food", "food", "community-kitchen"),
        ("shelter for a 16 year old", "shelter", "warming-center"),
        (
            "shelter with a dog",
            "shelter · prefers pets-allowed",
            "warming-center",
        ),
        (
            "counseling spanish",
            "mental-health",
            "crisis-stabilization-unit",
        ),
        (
            "detox near 60994",
            "withdrawal-management",
            "old-mill-detox",
        ),
    ] {
        let run = Deflect::new()
            .env("DEFLECT_NOW", "2026-11-28T02:00")
            .args(["find", "--demo", "--format", "json"])
            .args(words.split(' '))
            .run();
        run.code(0);
        let json = run.json();
        assert_eq!(reading(&json), read_as, "{words}");
        assert_eq!(
            ids(&json).first().map(String::as_str),
            Some(first),
            "{words}"
        );
    }
}

/// How `find --format json` read the words: each need's categories, the
/// substances, and `prefers X` for each preference, joined by ` · `.
fn reading(json: &Value) -> String {
    let request = &json["request"];
    let strings = |value: &Value| -> Vec<String> {
        value
            .as_array()
            .expect("a list")
            .iter()
            .map(|item| item.as_str().expect("a string").to_string())
            .collect()
    };
    let needs = request["needs"].as_array().expect("needs");
    let mut parts: Vec<String> = needs
        .iter()
        .flat_map(|need| strings(&need["categories"]))
        .collect();
    parts.extend(strings(&request["substances"]));
    parts.extend(
        strings(&request["prefers"])
            .into_iter()
            .map(|p| format!("prefers {p}")),
    );
    parts.join(" · ")
}

/// Cards read the request as find does, and print in its language.
#[test]
fn cards_read_the_request_and_print_in_its_language() {
    let run = Deflect::new()
        .env("DEFLECT_NOW", "2026-11-28T02:00")
        .args(["cards", "--demo", "narcan", "spanish"])
        .run();
    run.code(0);
    assert!(
        run.stdout.contains("<html lang=\"es\">"),
        "{}",
        &run.stdout[..200.min(run.stdout.len())]
    );
    let english = Deflect::new()
        .env("DEFLECT_NOW", "2026-11-28T02:00")
        .args(["cards", "--demo", "narcan"])
        .run();
    assert!(english.stdout.contains("<html lang=\"en\">"));
    let run = Deflect::new().args(["cards", "--demo", "dope"]).run();
    run.code(2);
    assert!(run.stderr.contains("never guessed"), "{}", run.stderr);
}

/// The README's plain-words example is what the program prints.
#[test]
fn the_readme_request_example_is_the_programs_output() {
    let shown =
        readme_output("deflect find detox for alcohol 17 year old spanish tonight near 60994");
    let run = Deflect::new()
        .env("DEFLECT_NOW", "2026-11-28T14:00")
        .env("COLUMNS", "120")
        .args("find detox for alcohol 17 year old spanish tonight near 60994".split(' '))
        .run();
    run.code(1);
    assert_eq!(run.stdout, shown);
}
