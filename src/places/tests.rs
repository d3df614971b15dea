//! Tests of the gazetteer and of the model: names, aliases, typos,
//! postcodes, suggestions and messages, on a small Chicago and on 33,000
//! postcodes.

use super::*;

fn place(name: &str, aliases: &[&str], kind: Option<&str>, lat: f64, lon: f64) -> Place {
    Place {
        name: name.to_string(),
        aliases: aliases.iter().map(|a| a.to_string()).collect(),
        kind: kind.map(str::to_string),
        lat,
        lon,
    }
}

#[test]
fn a_place_named_exactly_is_found_as_the_gazetteer_finds_it() {
    let mut places = chicago();
    // A name that is also another place's alias: the name wins.
    places.push(place("CUS", &["Pilsen"], None, 1.0, 2.0));
    places.push(place("!!!", &[], None, 3.0, 4.0));
    let gazetteer = Gazetteer::new(&places);
    let mut queries: Vec<String> = Vec::new();
    for p in &places {
        for text in std::iter::once(&p.name).chain(&p.aliases) {
            queries.push(text.clone());
            queries.push(text.to_uppercase());
            queries.push(format!("  {}  ", text.replace(' ', "   ")));
        }
    }
    queries.extend(["41.88,-87.63", "91,0", "", "Pilsn", "union", "60608"].map(String::from));
    let mut answered = 0;
    for query in &queries {
        let Some(fast) = resolve_exactly(&places, query) else {
            continue;
        };
        answered += 1;
        let slow = gazetteer.resolve(&places, query).expect(query);
        assert_eq!(
            (fast.name, fast.lat, fast.lon),
            (slow.name, slow.lat, slow.lon),
            "{query:?}"
        );
    }
    // Every name and alias as written, shouted or spaced out, and the
    // coordinates; not "!!!", which the gazetteer refuses.
    assert_eq!(answered, queries.len() - 6 + 1 - 3, "{queries:?}");
}

fn chicago() -> Vec<Place> {
    vec![
        place(
            "Union Station",
            &["Chicago Union Station", "CUS"],
            Some("station"),
            41.8789,
            -87.6400,
        ),
        place(
            "Central District Station",
            &["Central Station", "1st District"],
            Some("station"),
            41.8585,
            -87.6274,
        ),
        place("Pilsen", &[], Some("neighbourhood"), 41.8550, -87.6600),
        place(
            "O'Hare Airport",
            &["ORD"],
            Some("landmark"),
            41.9742,
            -87.9073,
        ),
        place("Wicker Park", &[], Some("neighbourhood"), 41.9088, -87.6796),
        place(
            "Lincoln Park",
            &[],
            Some("neighbourhood"),
            41.9214,
            -87.6513,
        ),
        place("Navy Pier", &["Pier"], Some("landmark"), 41.8917, -87.6086),
        place("60601", &[], Some("postcode"), 41.8858, -87.6229),
        place("60602", &[], Some("postcode"), 41.8829, -87.6291),
        place("60607", &[], Some("postcode"), 41.8721, -87.6578),
        place("60616", &[], Some("postcode"), 41.8447, -87.6254),
        place("SW1A 1AA", &[], Some("postcode"), 51.5010, -0.1416),
    ]
}

fn origin_name(result: Result<Origin, UnknownPlace>) -> Option<String> {
    result.ok().and_then(|o| o.name)
}

#[test]
fn coordinates_come_first() {
    let places = chicago();
    let g = Gazetteer::new(&places);
    let o = g.resolve(&places, "41.88,-87.63").unwrap();
    assert_eq!(
        o,
        Origin {
            name: None,
            lat: 41.88,
            lon: -87.63
        }
    );
    let o = g.resolve(&places, " 41.88, -87.63 ").unwrap();
    assert_eq!((o.lat, o.lon), (41.88, -87.63));
}

#[test]
fn exact_names_and_aliases_ignore_case_and_spacing() {
    let places = chicago();
    let g = Gazetteer::new(&places);
    for (typed, name) in [
        ("Union Station", "Union Station"),
        ("union station", "Union Station"),
        ("  UNION   station ", "Union Station"),
        ("cus", "Union Station"),
        ("Central Station", "Central District Station"),
        ("1st district", "Central District Station"),
        ("o'hare airport", "O'Hare Airport"),
        ("OHare Airport", "O'Hare Airport"),
        ("ord", "O'Hare Airport"),
        ("60601", "60601"),
        ("sw1a 1aa", "SW1A 1AA"),
        ("SW1A1AA", "SW1A 1AA"),
    ] {
        assert_eq!(
            origin_name(g.resolve(&places, typed)).as_deref(),
            Some(name),
            "{typed:?}"
        );
    }
    let o = g.resolve(&places, "pilsen").unwrap();
    assert_eq!((o.lat, o.lon), (41.8550, -87.6600));
}

#[test]
fn a_name_wins_over_another_places_alias() {
    let places = vec![
        place("Harbor", &["Pier"], None, 1.0, 1.0),
        place("Pier", &[], None, 2.0, 2.0),
    ];
    let g = Gazetteer::new(&places);
    assert_eq!(
        origin_name(g.resolve(&places, "pier")).as_deref(),
        Some("Pier")
    );
}

#[test]
fn a_typo_resolves_when_one_place_is_clearly_best() {
    let places = chicago();
    let g = Gazetteer::new(&places);
    for (typed, name) in [
        ("Union Staton", "Union Station"),
        ("unoin station", "Union Station"),
        ("Pilsn", "Pilsen"),
        ("wicker prk", "Wicker Park"),
        ("Navy Peir", "Navy Pier"),
        ("chicago union statoin", "Union Station"),
        // The leading words of one place only.
        ("union", "Union Station"),
        ("navy", "Navy Pier"),
        ("central district", "Central District Station"),
    ] {
        assert_eq!(
            origin_name(g.resolve(&places, typed)).as_deref(),
            Some(name),
            "{typed:?}"
        );
    }
}

#[test]
fn a_typo_between_two_places_is_not_guessed() {
    let places = vec![
        place("Oak Park", &[], None, 1.0, 1.0),
        place("Oak Bark", &[], None, 2.0, 2.0),
        place("Lincoln Park", &[], None, 3.0, 3.0),
        place("Lincoln Square", &[], None, 4.0, 4.0),
    ];
    let g = Gazetteer::new(&places);
    // One edit from both.
    assert!(g.resolve(&places, "Oak Dark").is_err());
    // One edit from one and two from the other is clear enough.
    assert_eq!(
        origin_name(g.resolve(&places, "Oak Parx")).as_deref(),
        Some("Oak Park")
    );
    // The leading word of two places.
    let e = g.resolve(&places, "lincoln").unwrap_err();
    assert!(e.suggestions.contains(&"Lincoln Park".to_string()), "{e:?}");
    assert!(
        e.suggestions.contains(&"Lincoln Square".to_string()),
        "{e:?}"
    );
    // Short words are never guessed.
    assert!(g.resolve(&places, "oak").is_err());
    assert!(g.resolve(&places, "oa").is_err());
}

#[test]
fn postcodes_are_never_matched_fuzzily() {
    let places = chicago();
    let g = Gazetteer::new(&places);
    let e = g.resolve(&places, "60603").unwrap_err();
    assert_eq!(e.query, "60603");
    assert!(!e.suggestions.is_empty());
    assert!(e.suggestions.iter().all(|s| s.starts_with("606")), "{e:?}");
    assert_eq!(e.suggestions[0], "60601");
    // A transposition is still an error, with the right one suggested.
    let e = g.resolve(&places, "60610").unwrap_err();
    assert!(e.suggestions.contains(&"60601".to_string()), "{e:?}");
    let e = g.resolve(&places, "6060").unwrap_err();
    assert!(e.suggestions.len() >= 3, "{e:?}");
    // A UK postcode with a typo is not another postcode, nor a name.
    let e = g.resolve(&places, "SW1A 1AB").unwrap_err();
    assert_eq!(e.suggestions.first().map(String::as_str), Some("SW1A 1AA"));
    // A name query never fuzzily reaches a postcode place either.
    let places = vec![
        place("Northfield", &[], Some("postcode"), 1.0, 1.0),
        place("Southfield", &[], None, 2.0, 2.0),
    ];
    let g = Gazetteer::new(&places);
    assert!(g.resolve(&places, "Northfeld").is_err());
    assert_eq!(
        origin_name(g.resolve(&places, "northfield")).as_deref(),
        Some("Northfield")
    );
    assert_eq!(
        origin_name(g.resolve(&places, "Southfeld")).as_deref(),
        Some("Southfield")
    );
}

#[test]
fn an_unknown_place_suggests_names_and_mentions_coordinates() {
    let places = chicago();
    let g = Gazetteer::new(&places);
    let e = g.resolve(&places, "Wicker Prak Station").unwrap_err();
    assert_eq!(e.query, "Wicker Prak Station");
    assert!(e.suggestions.len() <= 5);
    assert!(e.suggestions.contains(&"Wicker Park".to_string()), "{e:?}");
    let text = e.to_string();
    assert!(text.starts_with("no place is named \"Wicker Prak Station\"; did you mean: "));
    assert!(text.contains("LAT,LON"), "{text}");
    // Postcodes are not suggested for a name.
    let e = g.resolve(&places, "Lakeview").unwrap_err();
    assert!(e.suggestions.iter().all(|s| !s.starts_with("606")), "{e:?}");
}

#[test]
fn unknown_place_messages() {
    let e = UnknownPlace {
        query: "xyz".into(),
        suggestions: vec!["A".into(), "B".into()],
    };
    assert_eq!(
        e.to_string(),
        "no place is named \"xyz\"; did you mean: A, B? (`deflect places` lists the \
         places; LAT,LON such as 41.8781,-87.6298 works too)"
    );
    let e = UnknownPlace {
        query: "xyz".into(),
        suggestions: vec![],
    };
    assert_eq!(
        e.to_string(),
        "no place is named \"xyz\" (`deflect places` lists the places; LAT,LON such as \
         41.8781,-87.6298 works too)"
    );
    let places = chicago();
    let g = Gazetteer::new(&places);
    let e = g.resolve(&places, "95,200").unwrap_err();
    assert!(e.to_string().contains("not a valid LAT,LON"), "{e}");
    let e = g.resolve(&places, "   ").unwrap_err();
    assert!(e.to_string().starts_with("no place given"), "{e}");
}

#[test]
fn search_lists_substring_and_fuzzy_matches_best_first() {
    let places = chicago();
    let g = Gazetteer::new(&places);
    let names = |q: &str| -> Vec<String> {
        g.search(&places, q)
            .into_iter()
            .map(|i| places[i].name.clone())
            .collect()
    };
    assert_eq!(names("").len(), places.len());
    assert_eq!(names("park"), ["Lincoln Park", "Wicker Park"]);
    let station = names("station");
    assert_eq!(station, ["Central District Station", "Union Station"]);
    assert_eq!(names("union")[0], "Union Station");
    assert_eq!(names("606"), ["60601", "60602", "60607", "60616"]);
    assert_eq!(names("60601"), ["60601"]);
    // Fuzzy for names, best first after substrings.
    assert_eq!(
        names("statoin"),
        ["Central District Station", "Union Station"]
    );
    assert_eq!(names("pilsn"), ["Pilsen"]);
    // Never fuzzy for postcodes.
    assert!(names("60603").is_empty());
    assert!(names("zzzzzz").is_empty());
    // Exact before prefix before word prefix before substring.
    let places = vec![
        place("Northpark Mall", &[], None, 0.0, 0.0),
        place("Park", &[], None, 0.0, 0.0),
        place("North Park", &[], None, 0.0, 0.0),
        place("Parkside", &[], None, 0.0, 0.0),
    ];
    let g = Gazetteer::new(&places);
    let order: Vec<&str> = g
        .search(&places, "park")
        .into_iter()
        .map(|i| places[i].name.as_str())
        .collect();
    assert_eq!(order, ["Park", "Parkside", "North Park", "Northpark Mall"]);
}

fn with_postcodes() -> Vec<Place> {
    let mut places = chicago();
    for i in 0..33_000u32 {
        let code = format!("{:05}", 10_000 + i * 2);
        let lat = 25.0 + f64::from(i % 2_000) / 100.0;
        let lon = -120.0 + f64::from(i / 2_000);
        places.push(place(&code, &[], Some("postcode"), lat, lon));
    }
    places
}

/// Among 33,000 postcodes every kind of query still finds the right place
/// and suggests the nearest codes. How fast is measured by
/// `bench/samhsa.sh` (the real US ZIP list), never asserted here: timings
/// on a shared machine are noise.
#[test]
fn thirty_three_thousand_postcodes_resolve() {
    let places = with_postcodes();
    let g = Gazetteer::new(&places);
    for (query, ok) in [
        ("10000", true),
        ("75998", true),
        ("Union Station", true),
        ("union staton", true),
        ("41.88,-87.63", true),
        ("10001", false),
        ("7599", false),
        ("Nowhere Town", false),
    ] {
        let result = g.resolve(&places, query);
        assert_eq!(result.is_ok(), ok, "{query:?}: {result:?}");
    }
    let e = g.resolve(&places, "10001").unwrap_err();
    assert_eq!(e.suggestions[..2], ["10000", "10002"]);
    let found = g.search(&places, "7599");
    assert_eq!(found.len(), 5); // 75990 .. 75998, even codes only
}

#[test]
fn a_different_slice_never_panics() {
    let places = chicago();
    let g = Gazetteer::new(&places);
    assert!(g.resolve(&[], "Union Station").is_err());
    assert!(g.resolve(&[], "Union Staton").is_err());
    assert!(g.search(&[], "union").is_empty());
    let empty = Gazetteer::new(&[]);
    assert!(empty.resolve(&places, "Union Station").is_err());
    assert!(empty.resolve(&places, "60601").is_err());
    assert!(empty.search(&places, "x").is_empty());
    for odd in ["\u{0}", "🙂", "İ", "'", ",", "-", "..", "\u{202e}60601"] {
        let _ = g.resolve(&places, odd);
        let _ = g.search(&places, odd);
    }
}

#[test]
fn place_and_origin_serialise() {
    let p: Place = serde_json::from_str(r#"{"name":"X","lat":1.5,"lon":2.5}"#).unwrap();
    assert_eq!(p, place("X", &[], None, 1.5, 2.5));
    let o = Origin {
        name: None,
        lat: 41.88,
        lon: -87.63,
    };
    assert_eq!(
        serde_json::to_string(&o).unwrap(),
        r#"{"name":null,"lat":41.88,"lon":-87.63}"#
    );
}

#[test]
fn a_place_is_a_postcode_or_a_station_by_its_kind() {
    let of_kind = |kind: Option<&str>| place("60601", &[], kind, 0.0, 0.0);
    for kind in [
        "postcode",
        "Postcode",
        "postal code",
        "Postal-Code",
        "zip",
        "ZIP",
        "zip code",
        "ZIP_code",
        "zipcode",
        "PLZ",
        "cap",
    ] {
        assert!(of_kind(Some(kind)).is_postcode(), "{kind:?}");
        assert!(!of_kind(Some(kind)).is_station(), "{kind:?}");
    }
    for kind in ["station", "Station", " STATION "] {
        assert!(of_kind(Some(kind)).is_station(), "{kind:?}");
        assert!(!of_kind(Some(kind)).is_postcode(), "{kind:?}");
    }
    // A name that looks like a postcode does not make the place one.
    assert!(!of_kind(None).is_postcode());
    assert!(!of_kind(None).is_station());
    for kind in ["", "post office", "zipline", "police station", "landmark"] {
        assert!(!of_kind(Some(kind)).is_postcode(), "{kind:?}");
        assert!(!of_kind(Some(kind)).is_station(), "{kind:?}");
    }
}
