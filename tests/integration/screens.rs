//! The officer's screens on the rough fixture (issue #15): ids and totals
//! in the find table, narrow terminals, referral notes kept off the
//! person's slip, `places` that match nothing and `categories` as a tree.

use crate::harness::{fixture, Deflect, Run};

const AT: &str = "2026-11-28T02:00";

/// `deflect ARGS --dir rough --at AT` on a terminal `columns` wide.
fn rough(columns: usize, args: &[&str]) -> Run {
    let dir = fixture("rough");
    Deflect::new()
        .env("COLUMNS", columns.to_string())
        .args(args)
        .args(["--dir", &dir, "--at", AT])
        .run()
}

/// The display width of a line.
fn width(line: &str) -> usize {
    unicode_width::UnicodeWidthStr::width(line)
}

/// The words of a text as a table or list shows them, borders aside.
fn words(text: &str) -> Vec<String> {
    text.split(|c: char| c.is_whitespace() || c == '│' || c == '┆')
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect()
}

/// The services of `find detox` on the rough fixture: name, address and
/// phone, as the directory has them.
const DETOX: &[(&str, &str, &str)] = &[
    ("Side Door Detox", "10 W Lake St", "(312) 555-0141"),
    ("Far Detox Farm", "30 Prairie Rd", "(312) 555-0143"),
    (
        "The Northwest Regional Comprehensive Community Recovery, Withdrawal Management and Family Support Centre",
        "4400 North Lincoln Avenue West, Building C, Second Floor, Suite 210, Rear Entrance off the Alley, Chicago, IL 60625",
        "(312) 555-0144",
    ),
    ("Weekday Withdrawal Clinic", "20 S Halsted St", "(312) 555-0142"),
];

#[test]
fn the_find_table_shows_each_results_id() {
    let run = rough(120, &["find", "detox"]);
    run.code(0);
    let lines: Vec<&str> = run.stdout.lines().collect();
    // The id is the line under the name, in the Service column.
    for (name, id) in [
        ("Side Door Detox", "side-door-detox"),
        ("Far Detox Farm", "far-detox"),
        ("Weekday Withdrawal Clinic", "weekday-detox"),
    ] {
        let at = lines
            .iter()
            .position(|l| l.contains(&format!("┆ {name} ")))
            .unwrap_or_else(|| panic!("{name} not in the table:\n{}", run.stdout));
        assert!(
            lines[at + 1].contains(&format!("┆ id: {id} ")),
            "no id under {name}:\n{}",
            run.stdout
        );
        // The id shown is one `show` takes.
        let dir = fixture("rough");
        Deflect::new()
            .args(["show", id, "--dir", &dir, "--at", AT])
            .run()
            .code(0);
    }
    // Not a terminal: no colour, no attribute, whatever NO_COLOR says.
    assert!(!run.stdout.contains('\u{1b}'), "{}", run.stdout);
}

#[test]
fn a_limited_table_says_how_many_matched() {
    let run = rough(120, &["find", "detox", "--limit", "1"]);
    run.code(0);
    assert!(
        run.stdout
            .contains("Rough County: 1 of 4 results near Central Station, Sat 2026-11-28 2:00 AM"),
        "{}",
        run.stdout
    );
    let run = rough(120, &["find", "detox"]);
    assert!(
        run.stdout.contains("Rough County: 4 results near"),
        "{}",
        run.stdout
    );
    let run = rough(120, &["find", "detox", "shelter", "--limit", "1"]);
    assert!(
        run.stdout.contains(": 1 of 5 results near"),
        "{}",
        run.stdout
    );
    let json = rough(120, &["find", "detox", "--limit", "1", "--format", "json"]).json();
    assert_eq!(json["total"], 4, "{json:#}");
    assert_eq!(json["results"].as_array().unwrap().len(), 1);
    let json = rough(120, &["find", "shelter", "--format", "json"]).json();
    assert_eq!(json["total"], 1, "{json:#}");
}

/// Every name, address and phone of the detox search is in `text` with
/// no word cut, and every phone number on one line.
#[track_caller]
fn nothing_is_cut(text: &str, columns: usize) {
    for line in text.lines() {
        assert!(width(line) <= columns, "{line:?} is wider than {columns}");
    }
    let shown = words(text);
    for (name, address, phone) in DETOX {
        for word in name.split(' ').chain(address.split(' ')) {
            assert!(
                shown.iter().any(|w| w == word),
                "{word:?} was cut at {columns} columns:\n{text}"
            );
        }
        assert!(
            text.lines().any(|l| l.contains(phone)),
            "{phone} was cut at {columns} columns:\n{text}"
        );
    }
}

#[test]
fn narrow_terminals_cut_no_word_or_phone_number() {
    for columns in [40, 50, 60, 80, 100, 120] {
        let run = rough(columns, &["find", "detox"]);
        run.code(0);
        nothing_is_cut(&run.stdout, columns);
    }
    // Wide enough, a grid; at 40 columns, one result after another.
    let wide = rough(120, &["find", "detox"]).stdout;
    assert!(wide.contains("┆ Status "), "{wide}");
    let narrow = rough(40, &["find", "detox"]).stdout;
    assert!(!narrow.contains('┆'), "{narrow}");
    let lines: Vec<&str> = narrow.lines().collect();
    let first = lines
        .iter()
        .position(|l| *l == "1. Side Door Detox")
        .unwrap_or_else(|| panic!("no stacked first result:\n{narrow}"));
    assert_eq!(
        &lines[first + 1..first + 6],
        [
            "   id: side-door-detox",
            "   open now",
            "   0.1 km · (312) 555-0141",
            "   10 W Lake St",
            "   beds: 4 of 12 free",
        ],
        "{narrow}"
    );
}

#[test]
fn referral_notes_are_for_the_officer_not_the_slip() {
    let notes = "ring the side-door bell";
    // The officer's screens show them.
    let find = rough(300, &["find", "detox"]);
    assert!(
        find.stdout
            .contains("note: Officers: ring the side-door bell"),
        "{}",
        find.stdout
    );
    let json = rough(120, &["find", "detox", "--format", "json"]).json();
    assert_eq!(
        json["results"][0]["referral_notes"],
        "Officers: ring the side-door bell and ask for the charge nurse."
    );
    let show = rough(120, &["show", "side-door-detox"]);
    assert!(show.stdout.contains(notes), "{}", show.stdout);
    // The person's slip does not, in English or Spanish, text or HTML,
    // nor the slip after a search.
    for extra in [
        &[][..],
        &["--lang", "es"],
        &["--format", "html"],
        &["--discreet"],
    ] {
        let mut args = vec!["slip", "side-door-detox"];
        args.extend_from_slice(extra);
        let run = rough(120, &args);
        run.code(0);
        assert!(!run.stdout.contains(notes), "{extra:?}:\n{}", run.stdout);
    }
    let run = rough(300, &["find", "detox", "--slip", "1"]);
    run.code(0);
    assert_eq!(run.stdout.matches(notes).count(), 1, "{}", run.stdout);
    // --with-notes prints them, labelled in the slip's language.
    let run = rough(120, &["slip", "side-door-detox", "--with-notes"]);
    assert!(
        run.stdout
            .contains("At intake: Officers: ring the side-door"),
        "{}",
        run.stdout
    );
    let run = rough(
        120,
        &["slip", "side-door-detox", "--with-notes", "--lang", "es"],
    );
    assert!(run.stdout.contains("Officers: ring the"), "{}", run.stdout);
    let run = rough(300, &["find", "detox", "--slip", "1", "--with-notes"]);
    assert_eq!(
        run.stdout.matches("Officers: ring the").count(),
        2,
        "{}",
        run.stdout
    );
    // A discreet slip says nothing of what it is for, notes included.
    let run = rough(
        120,
        &["slip", "side-door-detox", "--with-notes", "--discreet"],
    );
    assert!(!run.stdout.contains(notes), "{}", run.stdout);
    // Without --slip it shapes nothing, and says so.
    let run = rough(120, &["find", "detox", "--with-notes"]);
    run.code(2);
    assert!(run.stderr.contains("--with-notes"), "{}", run.stderr);
}

#[test]
fn places_that_match_nothing_say_so_and_suggest() {
    let dir = fixture("rough");
    let run = Deflect::new().args(["places", "xyz", "--dir", &dir]).run();
    run.code(1);
    assert_eq!(
        run.stdout,
        "No place matches \"xyz\". `deflect places` with no word lists all 2 places.\n"
    );
    let run = Deflect::new()
        .args(["places", "pilsne zz", "--dir", &dir])
        .run();
    run.code(1);
    assert!(
        run.stdout
            .starts_with("No place matches \"pilsne zz\". Did you mean: Pilsen?"),
        "{}",
        run.stdout
    );
    assert!(!run.stdout.contains('┌'), "{}", run.stdout);
    // JSON stays an empty list for scripts.
    let run = Deflect::new()
        .args(["places", "xyz", "--dir", &dir, "--format", "json"])
        .run();
    run.code(1);
    assert_eq!(run.json(), serde_json::json!([]));
}

#[test]
fn categories_print_children_under_their_parents() {
    let run = Deflect::new().args(["categories"]).run();
    run.code(0);
    let ids: Vec<String> = run
        .stdout
        .lines()
        .filter_map(|l| l.strip_prefix("│ "))
        .filter_map(|l| l.split(" ┆").next())
        .map(|id| id.trim_end().to_string())
        .filter(|id| !id.trim().is_empty())
        .collect();
    let at = |id: &str| {
        ids.iter()
            .position(|i| i.trim() == id)
            .unwrap_or_else(|| panic!("{id} not listed: {ids:?}"))
    };
    // Methadone, buprenorphine and naltrexone come right after MOUD,
    // indented under it, before MOUD's next sibling.
    let moud = at("moud");
    assert_eq!(ids[moud], "  moud");
    assert_eq!(ids[moud + 1], "    methadone");
    assert_eq!(ids[moud + 2], "    buprenorphine");
    assert_eq!(ids[moud + 3], "    naltrexone");
    assert_eq!(ids[moud + 4], "  residential-treatment");
    assert_eq!(ids[at("treatment")], "treatment");
    // JSON: the same order, each child after its parent.
    let json = Deflect::new()
        .args(["categories", "--format", "json"])
        .run()
        .json();
    let order: Vec<&str> = json
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["id"].as_str().unwrap())
        .collect();
    let moud = order.iter().position(|i| *i == "moud").unwrap();
    assert_eq!(
        &order[moud..moud + 4],
        ["moud", "methadone", "buprenorphine", "naltrexone"]
    );
}
