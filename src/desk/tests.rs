//! The desk's logic without a terminal: the county fixture, the station's
//! config, a fixed time (Saturday 28 November 2026, 02:00 in Chicago), and
//! a scripted stand-in for the screen that answers each question in turn
//! and keeps a transcript.

use std::collections::VecDeque;
use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};

use crate::config::Config;
use crate::desk::answers::{AgeGroup, Answers, Filter, PlaceKind, RELATED};
use crate::desk::flow::{numbers, Flow, Outcome};
use crate::desk::ui::{is_back, Answer, Ask, Choose, Leave, Ui};
use crate::desk::view::DeskView;
use crate::directory::{load, DirSource, Directory, Limits};
use crate::records::policy::Recorder;
use crate::when::Clock;

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

fn county() -> Directory {
    let loaded = load(
        &DirSource::Path(fixtures().join("county")),
        Limits::default(),
    )
    .unwrap();
    loaded.into_directory().unwrap().0
}

fn config() -> Config {
    let path = fixtures().join("slip-config/config.toml");
    Config::parse(&path, &std::fs::read_to_string(&path).unwrap()).unwrap()
}

/// 2026-11-28T02:00 in America/Chicago.
fn at() -> DateTime<Utc> {
    DateTime::parse_from_rfc3339("2026-11-28T08:00:00Z")
        .unwrap()
        .with_timezone(&Utc)
}

/// A desk from Central Station.
fn desk(directory: &Directory) -> DeskView<'_> {
    let probe = DeskView::new(directory, at(), None);
    let home = probe.place("Central Station").unwrap();
    DeskView::new(directory, at(), home)
}

/// One scripted answer.
#[derive(Debug, Clone)]
enum Reply {
    /// Type this and press Enter.
    Type(&'static str),
    /// Choose the option with this index.
    Pick(usize),
    /// Press Enter: the default.
    Enter,
    /// Esc.
    Esc,
}

/// The screen, scripted: answers in order, and a transcript of what was
/// said and asked.
struct Script {
    replies: VecDeque<Reply>,
    transcript: Vec<String>,
}

impl Script {
    fn new(replies: &[Reply]) -> Self {
        Script {
            replies: replies.iter().cloned().collect(),
            transcript: Vec::new(),
        }
    }

    fn next(&mut self, asked: &str) -> Reply {
        self.replies
            .pop_front()
            .unwrap_or_else(|| panic!("no reply left for {asked:?}:\n{}", self.text()))
    }

    fn text(&self) -> String {
        self.transcript.join("\n")
    }
}

impl Ui for Script {
    fn say(&mut self, text: &str) -> std::io::Result<()> {
        self.transcript.push(text.to_string());
        Ok(())
    }

    fn ask(&mut self, q: &Ask<'_>) -> Answer<String> {
        loop {
            self.transcript.push(format!("? {}", q.prompt));
            let typed = match self.next(q.prompt) {
                Reply::Type(text) => text.to_string(),
                Reply::Enter => q.initial.or(q.default).unwrap_or_default().to_string(),
                Reply::Esc => return Answer::Leave(Leave::Esc),
                Reply::Pick(i) => panic!("a choice ({i}) for the question {:?}", q.prompt),
            };
            if q.back && is_back(&typed) {
                return Answer::Back;
            }
            match q.check.map(|c| c(&typed)) {
                Some(Err(message)) => self.transcript.push(format!("# {message}")),
                _ => return Answer::Given(typed),
            }
        }
    }

    fn choose(&mut self, q: &Choose<'_>) -> Answer<usize> {
        self.transcript.push(format!("? {}", q.prompt));
        for (i, option) in q.options.iter().enumerate() {
            let mark = if i == q.default { '>' } else { ' ' };
            self.transcript.push(format!("{mark} {option}"));
        }
        match self.next(q.prompt) {
            Reply::Pick(i) if i == q.options.len() && q.back => Answer::Back,
            Reply::Pick(i) => {
                assert!(i < q.options.len(), "no option {i} for {:?}", q.prompt);
                Answer::Given(i)
            }
            Reply::Enter => Answer::Given(q.default),
            Reply::Esc => Answer::Leave(Leave::Esc),
            Reply::Type(t) => panic!("typed {t:?} at the choice {:?}", q.prompt),
        }
    }

    fn clear(&mut self) -> std::io::Result<()> {
        self.transcript.push(CLEARED.to_string());
        Ok(())
    }
}

/// What the transcript shows where the screen was cleared.
const CLEARED: &str = "<screen cleared>";

/// Runs the desk on a script; the outcome and the transcript.
fn run(replies: &[Reply]) -> (Outcome, String) {
    let directory = county();
    let desk = desk(&directory);
    let config = config();
    let clock = Clock::real(at());
    let flow = Flow::new(&config, Recorder::new(&config, &clock), &desk, 80);
    let mut script = Script::new(replies);
    let outcome = flow.run(&mut script).unwrap();
    assert!(
        script.replies.is_empty(),
        "replies left over: {:?}\n{}",
        script.replies,
        script.text()
    );
    (outcome, script.text())
}

use Reply::{Enter, Esc, Pick, Type};

#[test]
fn need_to_slip_shown_here() {
    let (outcome, text) = run(&[
        Type("detox"),
        Enter, // Central Station
        Enter, // walk-in: skip
        Enter, // language: skip
        Enter, // payment: skip
        Enter, // slip for 1
        Enter, // pathway: the config's
        Enter, // no warm handoff
        Type("Sam"),
        Pick(1), // show it here
        Enter,   // done
    ]);
    assert_eq!(outcome, Outcome::Done { slips: 1 });
    for expected in [
        "Looking for: Withdrawal management (detox)",
        "Open now at Sat 28 Nov 2:00 AM, within 10 km of Central Station:",
        "Withdrawal management (detox): 2 found",
        "1. Weekend Detox Unit — open until Sun midnight",
        "> Slip for 1. Weekend Detox Unit",
        "> officer-intervention: instead of an arrest",
        "> Print it on front-desk",
        "For: Sam",
        "Pathway: officer-intervention",
    ] {
        assert!(text.contains(expected), "{expected:?} missing:\n{text}");
    }
}

#[test]
fn back_returns_to_each_step_before_with_its_answer() {
    let (outcome, text) = run(&[
        Type("shelter"),
        Type("pilsen"),
        Pick(3), // "Back" at the age question: to the place
        Enter,   // the place again: Pilsen is kept to correct
        Pick(1), // under 18
        Enter,   // slip for 1
        Pick(6), // back from the pathway: to the results
        Esc,
    ]);
    assert_eq!(outcome, Outcome::Left(Leave::Esc));
    let asked_where = text.matches("? Where?").count();
    assert_eq!(asked_where, 2, "{text}");
    assert!(text.contains("within 10 km of Pilsen:"), "{text}");
    // Under 18: those that state no ages say so.
    assert!(text.contains("2. Youth Harbor — open now"), "{text}");
    assert!(
        text.contains("   not stated: age (call to check)"),
        "{text}"
    );
    assert_eq!(text.matches("? What next?").count(), 2, "{text}");
}

#[test]
fn a_need_that_matches_nothing_is_asked_again() {
    let (_, text) = run(&[Type("nalxne"), Type("naloxone"), Esc]);
    assert!(
        text.contains("# deflect does not know the word \"nalxne\"; did you mean: naloxone?"),
        "{text}"
    );
    assert!(text.contains("Looking for: Naloxone"), "{text}");
}

#[test]
fn nothing_open_widens_to_any_time_then_farther() {
    let (outcome, text) = run(&[
        Type("naloxone"),
        Enter,   // Central Station
        Enter,   // language: skip
        Enter,   // widen: any time
        Pick(2), // widen: up to 25 km
        Pick(2), // widen: any distance
        Pick(4), // leave
    ]);
    assert_eq!(outcome, Outcome::Done { slips: 0 });
    for expected in [
        "Naloxone: none found",
        "Nothing is open now. Widen to any time to see what opens soonest.",
        "  988 Suicide & Crisis Lifeline: 988",
        "> Widen: any time (closed ones too)",
        "Open or closed at Sat 28 Nov 2:00 AM, within 10 km of Central Station:",
        "1. Evening Syringe Van — closed, opens Tue 6:00 PM",
        "Open or closed at Sat 28 Nov 2:00 AM, any distance from Central Station:",
        "1. Far Naloxone Box — open now",
    ] {
        assert!(text.contains(expected), "{expected:?} missing:\n{text}");
    }
}

#[test]
fn start_again_forgets_the_answers() {
    let (outcome, text) = run(&[
        Type("detox"),
        Enter,
        Enter,
        Enter,
        Enter,
        Pick(5), // start again
        Esc,
    ]);
    assert_eq!(outcome, Outcome::Left(Leave::Esc));
    assert_eq!(text.matches("? What does the person need?").count(), 2);
    // The screen is cleared before the next person, and on leaving.
    let (before, after) = text
        .split_once(CLEARED)
        .expect("cleared for the next person");
    assert!(before.contains("Weekend Detox Unit"), "{text}");
    assert!(
        after.starts_with("\n? What does the person need?"),
        "{text}"
    );
    assert!(text.ends_with(CLEARED), "{text}");
}

#[test]
fn only_the_questions_that_change_the_answer_are_asked() {
    let directory = county();
    let desk = desk(&directory);
    let answers = |need: &str| Answers {
        needs: desk.needs(need).unwrap(),
        place: desk.home.clone(),
        ..Answers::default()
    };
    assert_eq!(
        desk.filters(&answers("detox")),
        vec![Filter::WalkIn, Filter::Lang, Filter::Payment]
    );
    assert_eq!(desk.filters(&answers("shelter")), vec![Filter::Age]);
    assert_eq!(desk.filters(&answers("crisis line")), Vec::<Filter>::new());
    assert_eq!(
        desk.filters(&answers("suboxone")),
        vec![Filter::Age, Filter::Lang, Filter::Payment]
    );
    assert_eq!(desk.languages(&answers("suboxone")), vec!["en", "es"]);
    assert_eq!(
        desk.payments(&answers("suboxone")),
        vec!["medicaid", "self-pay"]
    );
}

#[test]
fn an_age_group_leaves_out_services_whose_ages_exclude_it() {
    let directory = county();
    let desk = desk(&directory);
    let mut answers = Answers {
        needs: desk.needs("shelter").unwrap(),
        place: desk.home.clone(),
        any_time: true,
        ..Answers::default()
    };
    let ids = |answers: &Answers| -> Vec<String> {
        desk.results(answers)
            .iter()
            .map(|h| h.service.id.clone())
            .collect()
    };
    assert!(ids(&answers).contains(&"youth-shelter".to_string()));
    answers.age = Some(AgeGroup::Adult);
    assert!(!ids(&answers).contains(&"youth-shelter".to_string()));
    answers.age = Some(AgeGroup::Under18);
    let hits = desk.results(&answers);
    assert!(hits.iter().any(|h| h.service.id == "youth-shelter"));
    let overnight = hits
        .iter()
        .find(|h| h.service.id == "shelter-overnight")
        .unwrap();
    assert_eq!(overnight.not_stated, vec!["age"]);
}

#[test]
fn suggestions_keep_earlier_needs_and_put_finds_reading_first() {
    let directory = county();
    let desk = desk(&directory);
    let suggestions = desk.need_suggestions("detox, nalxne");
    assert_eq!(
        suggestions.first().map(String::as_str),
        Some("detox, naloxone")
    );
    // A typo `find` takes on its own: its reading comes first.
    assert_eq!(
        desk.need_suggestions("suboxon").first().map(String::as_str),
        Some("suboxone")
    );
    assert!(desk.need_suggestions("  ").is_empty());
    assert!(desk.needs("anything").unwrap().is_empty());
    assert!(desk.needs("").unwrap().is_empty());
    assert_eq!(desk.needs("detox, naloxone").unwrap().len(), 2);
}

#[test]
fn places_resolve_as_near_does_and_keep_their_kind() {
    let directory = county();
    let desk = desk(&directory);
    let home = desk.place("").unwrap().unwrap();
    assert_eq!(home.label, "Central Station");
    assert_eq!(home.kind, PlaceKind::Station);
    assert_eq!(desk.place("HQ").unwrap().unwrap().kind, PlaceKind::Station);
    assert_eq!(
        desk.place("60608").unwrap().unwrap().kind,
        PlaceKind::Postcode
    );
    let pilsen = desk.place("pilsen").unwrap().unwrap();
    assert_eq!(
        (pilsen.label.as_str(), pilsen.kind),
        ("Pilsen", PlaceKind::Other)
    );
    let typed = desk.place("41.88,-87.64").unwrap().unwrap();
    assert_eq!(typed.kind, PlaceKind::Other);
    let error = desk.place("60609").unwrap_err();
    assert!(error.contains("no place is named \"60609\""), "{error}");
    assert_eq!(desk.place_suggestions("pil"), vec!["Pilsen"]);
}

#[test]
fn result_numbers_are_read_leniently() {
    assert_eq!(numbers("1 3", 3), Ok(vec![0, 2]));
    assert_eq!(numbers("2,1, 2", 3), Ok(vec![1, 0]));
    assert!(numbers("4", 3).unwrap_err().contains("from 1 to 3"));
    assert!(numbers("", 3).is_err());
    assert!(numbers("x", 3).is_err());
}

#[test]
fn result_lines_fit_the_terminal() {
    let directory = county();
    let desk = desk(&directory);
    let answers = Answers {
        needs: desk.needs("anything").unwrap(),
        place: desk.home.clone(),
        any_time: true,
        widened: 2,
        ..Answers::default()
    };
    let hits = desk.results(&answers);
    assert!(hits.len() > 5);
    for columns in [40, 80] {
        for (i, hit) in hits.iter().enumerate() {
            for line in desk.result_lines(i + 1, hit, columns, desk.at) {
                assert!(
                    crate::slip::wrap::width(&line) <= columns,
                    "{line:?} is wider than {columns}"
                );
            }
        }
    }
}

#[test]
fn nothing_open_offers_what_is_open_in_the_same_group() {
    let directory = county();
    let desk = desk(&directory);
    let answers = Answers {
        needs: desk.needs("syringe exchange").unwrap(),
        place: desk.home.clone(),
        widened: 2,
        ..Answers::default()
    };
    // No syringe service is open at 2 a.m. on a Saturday; harm reduction
    // is the group, and its 24-hour naloxone box is.
    assert!(!DeskView::any_open(&desk.results(&answers)));
    let related = desk.related(&answers);
    assert_eq!(
        related.len(),
        1,
        "{:?}",
        related.iter().map(|r| &r.0).collect::<Vec<_>>()
    );
    let (group, hits) = &related[0];
    assert_eq!(group, "Harm reduction");
    let ids: Vec<&str> = hits.iter().map(|h| h.service.id.as_str()).collect();
    assert_eq!(ids, ["naloxone-far"]);
    assert!(hits.len() <= RELATED);
    let lines = desk.related_lines(&answers, 80);
    assert_eq!(lines[0], "Open now, also in Harm reduction:");
    assert!(
        lines[1].starts_with("  - Far Naloxone Box — open now"),
        "{lines:?}"
    );
    // A need that is a group itself, or anything, has nothing related.
    for need in ["harm reduction", "anything"] {
        let answers = Answers {
            needs: desk.needs(need).unwrap(),
            ..answers.clone()
        };
        assert!(desk.related(&answers).is_empty(), "{need}");
    }
}

#[test]
fn the_results_show_free_beds_as_find_does() {
    let directory = county();
    let desk = desk(&directory);
    let answers = Answers {
        needs: desk.needs("detox").unwrap(),
        place: desk.home.clone(),
        any_time: true,
        ..Answers::default()
    };
    let hits = desk.results(&answers);
    let hit = hits
        .iter()
        .find(|h| h.service.id == "detox-247")
        .expect("the 24-hour unit");
    let lines = desk.result_lines(1, hit, 80, desk.at);
    assert!(
        lines.contains(&"   beds: 2 of 12 free".to_string()),
        "{lines:?}"
    );
}

/// Issue #15, item 1: the desk says when a service kept in another zone
/// opens as the desk reads it — a New York line opening at 09:00 its time,
/// seen from Chicago at 07:30, opens at 8:00 AM.
#[test]
fn results_say_times_in_the_desks_zone() {
    let loaded = load(
        &DirSource::Path(fixtures().join("hours-desk")),
        Limits::default(),
    )
    .unwrap();
    let directory = loaded.into_directory().unwrap().0;
    // Monday 2026-11-30 07:30 in Chicago.
    let at = DateTime::parse_from_rfc3339("2026-11-30T13:30:00Z")
        .unwrap()
        .with_timezone(&Utc);
    let desk = DeskView::new(&directory, at, None);
    let answers = Answers {
        needs: desk.needs("peer-support").unwrap(),
        any_time: true,
        ..Answers::default()
    };
    let hits = desk.results(&answers);
    let lines = desk.result_lines(1, &hits[0], 80, desk.at);
    assert_eq!(lines[0], "1. Empire Warm Line — closed, opens 8:00 AM");
}

/// Issue #14 item 7: the first question takes the whole request, and the
/// questions it answered are shown as answered from it, not asked.
#[test]
fn the_first_answer_is_a_whole_request_and_answers_questions() {
    let (_, text) = run(&[Type("shelter for a 16 year old spanish near pilsen"), Esc]);
    assert!(
        text.contains("Looking for: Shelter · age 16 · speaks Spanish · near pilsen"),
        "{text}"
    );
    assert!(
        text.contains("> Where? Pilsen (from the request)"),
        "{text}"
    );
    assert!(!text.contains("? Where?"), "{text}");
    assert!(!text.contains("? Age group?"), "{text}");
    assert!(!text.contains("? Language the person speaks?"), "{text}");
}

/// A word with two readings is asked about, never guessed.
#[test]
fn a_word_with_two_readings_is_asked_about() {
    let (_, text) = run(&[Type("dope"), Pick(1), Esc]);
    assert!(
        text.contains("\"dope\" can mean two things. Which?"),
        "{text}"
    );
    assert!(text.contains("Looking for: Treatment · cannabis"), "{text}");
}
