//! The reader against the built-in taxonomy and words, a few places and
//! service names, and a fixed clock.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};

use super::*;
use crate::directory::words::built_in;
use crate::needs::{How, ServiceName};
use crate::text::normalise;

fn places() -> Vec<Place> {
    let place = |name: &str, kind: &str, lat: f64, lon: f64| Place {
        name: name.into(),
        aliases: Vec::new(),
        kind: Some(kind.into()),
        lat,
        lon,
    };
    vec![
        place("Central Station", "station", 41.88, -87.64),
        place("60994", "postcode", 41.9, -87.6),
        place("Westfield", "neighbourhood", 41.95, -87.7),
    ]
}

fn now() -> DateTime<Utc> {
    // Wednesday 2 December 2026, 10:15 in Chicago.
    "2026-12-02T16:15:00Z".parse().unwrap()
}

/// Runs `f` with what the tests' directory knows.
fn knowing<R>(f: impl FnOnce(&Knowledge<'_>) -> R) -> R {
    let taxonomy = Taxonomy::built_in();
    let places = places();
    let services = [
        ServiceName {
            id: "methadone-dosing",
            name: "Methadone Dosing Clinic",
        },
        ServiceName {
            id: "harrow-house",
            name: "Harrow House",
        },
    ];
    f(&Knowledge {
        taxonomy: &taxonomy,
        words: &[],
        places: &places,
        services: crate::needs::ServiceNames::Ready(&services),
        zone: chrono_tz::America::Chicago,
        now: now(),
    })
}

fn read_text(text: &str) -> Result<Request, RequestError> {
    let words: Vec<String> = text.split_whitespace().map(str::to_string).collect();
    knowing(|knowledge| read(&words, knowledge))
}

/// The words read, then the flags joined to them.
fn with_flags(text: &str, flags: &Flags) -> Result<Request, RequestError> {
    let words: Vec<String> = text.split_whitespace().map(str::to_string).collect();
    knowing(|knowledge| read(&words, knowledge)?.with_flags(flags, knowledge))
}

/// The message of a request that the flags make wrong.
#[track_caller]
fn flag_error(text: &str, flags: &Flags) -> String {
    match with_flags(text, flags) {
        Ok(request) => panic!("{text:?} with {flags:?} was read: {request:?}"),
        Err(e) => e.to_string(),
    }
}

#[track_caller]
fn ok(text: &str) -> Request {
    read_text(text).unwrap_or_else(|e| panic!("{text:?}: {e}"))
}

#[track_caller]
fn categories(text: &str) -> Vec<Vec<String>> {
    ok(text).needs.into_iter().map(|n| n.categories).collect()
}

#[track_caller]
fn one_need(text: &str, id: &str) {
    assert_eq!(categories(text), vec![vec![id.to_string()]], "{text:?}");
}

#[test]
fn what_people_say_at_the_desk_is_read() {
    let r = ok("detox for alcohol");
    assert_eq!(r.needs[0].categories, ["withdrawal-management"]);
    assert_eq!(r.substances, ["alcohol"]);
    assert_eq!(r.skipped, ["for"]);
    let r = ok("alcohol");
    assert_eq!(r.needs[0].categories, ["treatment"]);
    assert_eq!(r.needs[0].how, How::Substance);
    assert_eq!(r.needs[0].query, "alcohol");
    for (text, substance) in [
        ("drinking", "alcohol"),
        ("alcohol detox", "alcohol"),
        ("benzos", "benzodiazepines"),
        ("heroin", "opioids"),
        ("fentanyl detox", "opioids"),
        ("crack", "stimulants"),
        ("coke", "stimulants"),
        ("crystal meth", "stimulants"),
        ("meth", "stimulants"),
        ("help with drinking", "alcohol"),
        ("desintoxicación alcohol", "alcohol"),
    ] {
        assert_eq!(ok(text).substances, [substance], "{text:?}");
    }
    one_need("i need narcan", "naloxone");
    one_need("please find detox", "withdrawal-management");
    one_need("somewhere to sleep", "shelter");
    one_need("needs a bed tonight", "shelter");
    one_need("homeless", "shelter");
    one_need("suicidal", "crisis");
    one_need("food", "food");
    one_need("albergue", "shelter");
    one_need("desintoxicacion", "withdrawal-management");
    one_need("dope sick", "withdrawal-management");
    one_need("dope sik", "withdrawal-management");
    one_need("suboxon", "buprenorphine");
    let r = ok("shelter for a 16 year old");
    assert_eq!(r.person.age, Some(16));
    let r = ok("shelter with a dog");
    assert_eq!(r.prefers, ["pets-allowed"]);
    let r = ok("counseling spanish");
    assert_eq!(r.needs[0].categories, ["mental-health"]);
    assert_eq!(r.person.lang, ["es"]);
    let r = ok("detox near 60994");
    assert_eq!(r.place.as_ref().unwrap().text, "60994");
    let r = ok("pregnant");
    assert!(r.needs.is_empty());
    assert_eq!(r.prefers, ["pregnant-postpartum"]);
}

#[test]
fn meth_is_never_methadone_and_names_match_whole_words() {
    let r = ok("meth");
    assert_eq!(r.substances, ["stimulants"]);
    assert!(r.needs.iter().all(|n| n.services.is_empty()));
    // A whole word of a name finds the service; a fragment never does.
    let r = ok("dosing clinic");
    assert!(r.needs.iter().all(|n| n.services.is_empty()), "{r:?}");
    let r = ok("harrow");
    assert_eq!(r.needs[0].services, ["harrow-house"]);
    assert!(matches!(
        read_text("harr"),
        Err(RequestError::Unknown { .. })
    ));
}

#[test]
fn words_with_two_readings_are_never_guessed() {
    for word in ["dope", "pills", "candy", "skunk", "meth clinic"] {
        match read_text(word) {
            Err(RequestError::Ambiguous(a)) => {
                assert!(a.readings.len() >= 2, "{word}");
                assert!(
                    a.readings.iter().all(|(_, w)| !w.is_empty()),
                    "{word}: {a:?}"
                );
            }
            other => panic!("{word:?} gave {other:?}"),
        }
    }
    let message = read_text("dope").unwrap_err().to_string();
    assert!(message.contains("never guessed"), "{message}");
    assert!(
        message.contains("\"opioids\"") && message.contains("\"cannabis\""),
        "{message}"
    );
    // Inside a longer phrase the word is not alone.
    one_need("dope sick", "withdrawal-management");
}

#[test]
fn person_words() {
    for text in [
        "17 year old",
        "17-year-old",
        "17yo",
        "17 yrs",
        "age 17",
        "aged 17",
        "17 years old",
    ] {
        assert_eq!(
            ok(&format!("shelter {text}")).person.age,
            Some(17),
            "{text}"
        );
    }
    // A bare number is never an age.
    assert!(matches!(
        read_text("shelter 17"),
        Err(RequestError::Unknown { .. })
    ));
    for text in [
        "teen", "teenager", "minor", "youth", "juvenile", "kid", "under 18",
    ] {
        assert_eq!(
            ok(&format!("shelter {text}")).person.age_range,
            Some((12, 17)),
            "{text}"
        );
    }
    assert_eq!(ok("shelter 16 year old teen").person.age, Some(16));
    assert!(matches!(
        read_text("shelter 30 year old teen"),
        Err(RequestError::Conflict(_))
    ));
    for (text, gender) in [
        ("woman", "women"),
        ("female", "women"),
        ("mother", "women"),
        ("trans woman", "women"),
        ("man", "men"),
        ("boy", "men"),
        ("trans man", "men"),
        ("non-binary", "nonbinary"),
        ("enby", "nonbinary"),
    ] {
        assert_eq!(
            ok(&format!("detox {text}")).person.gender.as_deref(),
            Some(gender),
            "{text}"
        );
    }
    assert!(matches!(
        read_text("detox woman man"),
        Err(RequestError::Conflict(_))
    ));
    assert_eq!(ok("detox women").needs.len(), 1);
    for (text, code) in [
        ("spanish", "es"),
        ("español", "es"),
        ("polski", "pl"),
        ("arabic", "ar"),
    ] {
        assert_eq!(ok(&format!("detox {text}")).person.lang, [code], "{text}");
    }
    assert_eq!(ok("detox speaks polish").person.lang, ["pl"]);
    assert_eq!(
        ok("detox no insurance").person.payment,
        ["free", "sliding-scale", "state-funded"]
    );
    assert_eq!(ok("detox medicaid").person.payment, ["medicaid"]);
    assert_eq!(ok("detox va").person.payment, ["military"]);
}

#[test]
fn preferences_and_time_and_place() {
    let r = ok("shelter with kids on methadone high");
    assert_eq!(
        r.prefers,
        [
            "women-with-children",
            "accepts-people-on-moud",
            "accepts-under-influence"
        ]
    );
    let r = ok("detox tonight");
    assert_eq!(r.time.as_ref().unwrap().text, "tonight");
    assert_eq!(r.time.unwrap().at.to_rfc3339(), "2026-12-03T04:00:00+00:00");
    let r = ok("detox at 9pm");
    assert_eq!(r.time.as_ref().unwrap().text, "9pm");
    let r = ok("detox in 2 hours");
    assert_eq!(r.time.unwrap().at.to_rfc3339(), "2026-12-02T18:15:00+00:00");
    let r = ok("detox at central station");
    assert_eq!(
        r.place.unwrap().origin.name.as_deref(),
        Some("Central Station")
    );
    let r = ok("detox around 41.9,-87.7");
    assert_eq!(r.place.unwrap().origin.lon, -87.7);
    // A marker before neither place nor time is filler.
    let r = ok("counseling in spanish");
    assert_eq!(r.person.lang, ["es"]);
    assert_eq!(r.skipped, ["in"]);
    let r = ok("in crisis");
    assert_eq!(r.needs[0].categories, ["crisis"]);
    // A clear typo of a place after a marker is that place.
    let r = ok("detox near centrl station");
    assert_eq!(
        r.place.unwrap().origin.name.as_deref(),
        Some("Central Station")
    );
    // A place name without a marker is not a place, and not a service.
    match read_text("detox westfield") {
        Err(RequestError::Unknown { hint, .. }) => {
            assert!(hint.unwrap().contains("near westfield"))
        }
        other => panic!("{other:?}"),
    }
    assert!(matches!(
        read_text("detox 25pm"),
        Err(RequestError::Value(_))
    ));
    assert!(matches!(
        read_text("detox sat 13am"),
        Err(RequestError::Value(_))
    ));
    assert!(matches!(
        read_text("detox tonight tomorrow"),
        Err(RequestError::Conflict(_))
    ));
}

#[test]
fn errors_say_what_was_understood_and_suggest_only_close_words() {
    match read_text("detox alcohol nalxne zzqx") {
        Err(RequestError::Unknown {
            words,
            understood,
            suggestions,
            ..
        }) => {
            assert_eq!(words, ["nalxne zzqx"]);
            assert!(understood.contains("Withdrawal management"), "{understood}");
            assert!(understood.contains("alcohol"), "{understood}");
            assert!(suggestions.len() <= 3);
        }
        other => panic!("{other:?}"),
    }
    match read_text("nalxne") {
        Err(RequestError::Unknown { suggestions, .. }) => {
            assert!(
                suggestions
                    .iter()
                    .any(|s| s.to_lowercase().contains("nalox")),
                "{suggestions:?}"
            );
            assert!(
                !suggestions.iter().any(|s| s == "clinic"),
                "{suggestions:?}"
            );
        }
        other => panic!("{other:?}"),
    }
    match read_text("somewhere to sleep zzqx") {
        Err(RequestError::Unknown { suggestions, .. }) => {
            assert!(suggestions.is_empty(), "{suggestions:?}")
        }
        other => panic!("{other:?}"),
    }
    assert!(matches!(
        read_text("please help"),
        Err(RequestError::OnlyFiller { .. })
    ));
    assert!(matches!(
        read_text("help"),
        Err(RequestError::OnlyFiller { .. })
    ));
    assert!(ok("").needs.is_empty());
    let message = read_text("alcohol methadone").unwrap_err().to_string();
    assert!(
        message.contains("\"methadone\"") && message.contains("\"alcohol\""),
        "{message}"
    );
    assert!(ok("naltrexone alcohol").needs[0].categories == ["naltrexone"]);
}

#[test]
fn the_order_between_lists_at_equal_length() {
    // Taxonomy before time: "night shelter" is longer than "night".
    one_need("night shelter", "shelter");
    // Time before filler and the taxonomy at equal length.
    assert!(ok("detox now").time.is_some());
    // A postcode without a marker is a place.
    assert!(ok("60994 detox").place.is_some());
    // Typo tolerance is for taxonomy and substance words only.
    assert_eq!(ok("alchohol").substances, ["alcohol"]);
    assert!(matches!(
        read_text("pregnat"),
        Err(RequestError::Unknown { .. })
    ));
}

/// REQUEST.md rule 2: a test fails when a word of the built-in data has two
/// readings that the order of lists does not settle on purpose.
#[test]
fn no_built_in_word_has_two_readings_by_accident() {
    // Words that are in two lists on purpose, and which reading wins.
    let on_purpose: &[(&str, &str)] = &[];
    let taxonomy = Taxonomy::built_in();
    let mut lists: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let mut add = |phrase: &str, what: String| {
        let key = normalise(phrase);
        let entry = lists.entry(key).or_default();
        if !entry.contains(&what) {
            entry.push(what);
        }
    };
    for category in taxonomy.categories() {
        let names = std::iter::once(&category.id)
            .chain(std::iter::once(&category.name))
            .chain(&category.synonyms);
        for name in names {
            add(name, format!("category {}", category.id));
        }
    }
    for word in built_in() {
        let what = format!("{:?}", word.readings);
        for phrase in &word.words {
            add(phrase, what.clone());
        }
    }
    let mut clashes = Vec::new();
    for (key, readings) in &lists {
        let time = crate::when::phrase::read_whole(key).is_some();
        let settled = on_purpose.iter().any(|(k, _)| k == key);
        if (readings.len() > 1 || time) && !settled {
            // Several categories sharing a synonym is one taxonomy reading.
            let only_categories = readings.iter().all(|r| r.starts_with("category "));
            if !only_categories || time {
                clashes.push(format!(
                    "{key:?}: {readings:?}{}",
                    if time { " and a time" } else { "" }
                ));
            }
        }
    }
    assert!(
        clashes.is_empty(),
        "words with two readings:\n{}",
        clashes.join("\n")
    );
}

#[test]
fn the_built_in_words_are_valid_and_every_language_code_is_iso() {
    for word in built_in() {
        for meaning in &word.readings {
            if let Meaning::Lang(code) = meaning {
                assert!(crate::directory::lang::is_language_code(code), "{code}");
            }
        }
    }
    assert_eq!(vocabulary::language_name("es"), "Spanish");
}

#[test]
fn odd_input_never_panics() {
    for text in [
        "\u{202e}detox",
        "9:",
        ":30",
        "near",
        "at",
        "in",
        "17",
        "age",
        "999 year old",
        "🙂",
        "near near near",
        "in in 2 hours",
        "ǅ",
        "İ",
        "ﬁ",
        "near -",
        "near -41.2,",
        "a:b:c",
    ] {
        let _ = read_text(text);
    }
}

proptest::proptest! {
    /// Nothing panics on any Unicode input (issue #14, bad input).
    #[test]
    fn any_words_are_read_or_refused_without_a_panic(words in proptest::collection::vec("\\PC{0,12}", 0..8)) {
        let text = words.join(" ");
        let _ = read_text(&text);
    }

    /// Words of the data and grammar, in any order, never panic either.
    #[test]
    fn known_words_in_any_order_never_panic(
        words in proptest::collection::vec(
            proptest::sample::select(vec![
                "detox", "near", "at", "in", "tonight", "9pm", "sat", "2am", "17", "year",
                "old", "teen", "dope", "sick", "meth", "clinic", "alcohol", "60994", "central",
                "station", "with", "a", "dog", "no", "insurance", "spanish", ":", "30", "pm",
                "2", "hours", "tomorrow", "help", "woman", "man", "-", ",", "41.9,-87.7",
            ]),
            0..10,
        )
    ) {
        let _ = read_text(&words.join(" "));
    }
}

#[test]
fn flag_values_are_listed_values_or_words_for_one() {
    let flags = Flags {
        gender: Some(" Female ".into()),
        lang: vec!["ES".into(), "arabic".into(), "es".into()],
        payment: vec!["medicaid, no insurance".into()],
        substances: vec!["meth".into(), "Alcohol".into()],
        prefers: vec!["dog".into(), "walk-in".into()],
        require: vec!["walk-in".into()],
        ..Flags::default()
    };
    let r = with_flags("", &flags).unwrap();
    assert_eq!(r.person.gender.as_deref(), Some("women"));
    assert_eq!(r.person.lang, ["es", "ar"]);
    assert_eq!(r.person.payment[0], "medicaid");
    assert!(r.person.payment.len() > 1, "{:?}", r.person.payment);
    assert_eq!(r.substances, ["stimulants", "alcohol"]);
    assert_eq!(r.prefers, ["pets-allowed", "walk-in"]);
    assert_eq!(r.require, ["walk-in"]);
    // Substances alone ask for treatment for them, as the words do.
    assert_eq!(r.needs.len(), 1);
    assert_eq!(r.needs[0].categories, ["treatment"]);
    assert_eq!(r.needs[0].query, "stimulants alcohol");
    assert_eq!(r.needs[0].how, How::Substance);
    // A need said in words is kept.
    let r = with_flags("detox", &flags).unwrap();
    assert_eq!(r.needs.len(), 1);
    assert_eq!(r.needs[0].categories, ["withdrawal-management"]);
}

#[test]
fn a_flag_value_that_names_nothing_says_what_the_list_holds() {
    let flag = |flags: Flags| flag_error("detox", &flags);
    assert_eq!(
        flag(Flags {
            gender: Some("robot".into()),
            ..Flags::default()
        }),
        "unknown gender \"robot\" for --gender: use women, men or nonbinary (or woman, female, \
         man, male, non-binary)"
    );
    assert_eq!(
        flag(Flags {
            lang: vec!["en".into(), "klingon".into()],
            ..Flags::default()
        }),
        "\"klingon\" is not a language code: use an ISO 639-1 code such as en, es, ar (or a \
         name: spanish, arabic)"
    );
    let payments = crate::directory::PAYMENTS.join(", ");
    assert_eq!(
        flag(Flags {
            payment: vec!["medicaid, bitcoin ".into()],
            ..Flags::default()
        }),
        format!("unknown payment \"bitcoin\": use one of {payments}")
    );
    let substances = crate::directory::SUBSTANCES.join(", ");
    assert_eq!(
        flag(Flags {
            substances: vec!["tea".into()],
            ..Flags::default()
        }),
        format!("unknown substance \"tea\" for --substance: use one of {substances}")
    );
    let attributes = crate::directory::ATTRIBUTES.join(", ");
    assert_eq!(
        flag(Flags {
            prefers: vec!["jacuzzi".into()],
            ..Flags::default()
        }),
        format!("unknown attribute \"jacuzzi\" for --prefer: use one of {attributes}")
    );
    // --require takes attributes only, as written.
    assert_eq!(
        flag(Flags {
            require: vec!["Walk-in".into()],
            ..Flags::default()
        }),
        format!("unknown attribute \"Walk-in\" for --require: use one of {attributes}")
    );
    // A word with two readings is no value of a flag.
    assert!(flag(Flags {
        substances: vec!["dope".into()],
        ..Flags::default()
    })
    .starts_with("unknown substance \"dope\""));
    // Control characters are shown, never sent.
    assert!(flag(Flags {
        gender: Some("x\u{1b}[31m".into()),
        ..Flags::default()
    })
    .contains("\"x\\u{1b}[31m\""));
}

#[test]
fn a_flag_that_disagrees_with_the_words_names_both() {
    let age = |age: u32| Flags {
        age: Some(age),
        ..Flags::default()
    };
    assert_eq!(
        flag_error("detox 17 year old", &age(18)),
        "the words say age 17 but --age says 18: give one"
    );
    assert_eq!(
        flag_error("detox teen", &age(30)),
        "the words say ages 12 to 17 but --age says 30: give one"
    );
    assert_eq!(
        with_flags("detox teen", &age(15)).unwrap().person.age,
        Some(15)
    );
    assert_eq!(
        with_flags("detox 17yo", &age(17)).unwrap().person.age,
        Some(17)
    );
    let gender = Flags {
        gender: Some("men".into()),
        ..Flags::default()
    };
    assert_eq!(
        flag_error("shelter for women", &gender),
        "the words say women but --gender says men: give one"
    );
    let at = |at: &str| Flags {
        at: Some(at.into()),
        ..Flags::default()
    };
    assert_eq!(
        flag_error("detox tonight", &at("2026-12-03T09:00")),
        "the words say \"tonight\" but --at says \"2026-12-03T09:00\": give one"
    );
    let same = with_flags("detox tomorrow 9am", &at("2026-12-03T09:00")).unwrap();
    assert_eq!(same.time.unwrap().text, "tomorrow 9am");
    let near = |near: &str| Flags {
        near: Some(near.into()),
        ..Flags::default()
    };
    assert_eq!(
        flag_error("detox near 60994", &near("Central Station")),
        "the words say \"60994\" but --near says \"Central Station\": give one"
    );
    let same = with_flags("detox near central station", &near("Central Station")).unwrap();
    assert_eq!(same.place.unwrap().text, "central station");
    let flagged = with_flags("detox", &near(" Westfield ")).unwrap();
    assert_eq!(flagged.place.unwrap().text, "Westfield");
    assert!(flag_error("detox", &near("Atlantis")).starts_with("no place is named \"Atlantis\""));
}
