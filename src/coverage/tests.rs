//! Coverage measured on the demo directory, against `find`'s own filters.

use super::*;
use crate::directory::{load, DirSource, Limits};
use crate::matching::HoursBook;

fn demo() -> Directory {
    load(&DirSource::Demo, Limits::default())
        .unwrap()
        .into_directory()
        .unwrap()
        .0
}

fn station(directory: &Directory, name: &str) -> Place {
    let p = directory.places.iter().find(|p| p.name == name).unwrap();
    Place {
        name: p.name.clone(),
        origin: Origin {
            name: Some(p.name.clone()),
            lat: p.lat,
            lon: p.lon,
        },
    }
}

#[test]
fn a_need_within_reach_is_what_candidates_finds_with_both() {
    let directory = demo();
    let origin = station(&directory, "North District Station");
    for row in NeedRow::every_group(&directory) {
        let both = Query {
            needs: vec![row.need.clone()],
            origin: Some(origin.origin.clone()),
            at: chrono::Utc::now(),
            open_only: false,
            radius_km: Some(5.0),
            person: Person {
                age: Some(17),
                ..Person::default()
            },
        };
        let direct = Set::of(&directory.services, &candidates(&directory, &both));
        let need = Set::of(
            &directory.services,
            &candidates(
                &directory,
                &Query {
                    origin: None,
                    radius_km: None,
                    ..both.clone()
                },
            ),
        );
        let near = Set::of(
            &directory.services,
            &candidates(
                &directory,
                &Query {
                    needs: Vec::new(),
                    ..both.clone()
                },
            ),
        );
        let split: Vec<usize> = need.both(&near).collect();
        let whole: Vec<usize> = direct.iter().collect();
        assert_eq!(split, whole, "{}", row.label);
    }
}

#[test]
fn every_group_lists_groups_and_the_categories_services_have() {
    let directory = demo();
    let rows = NeedRow::every_group(&directory);
    let labels: Vec<&str> = rows.iter().map(|r| r.label.as_str()).collect();
    assert_eq!(labels[0], "treatment");
    assert!(labels.contains(&"withdrawal-management"));
    let groups: Vec<&str> = rows
        .iter()
        .filter(|r| r.decides)
        .map(|r| r.label.as_str())
        .collect();
    assert_eq!(
        groups,
        [
            "treatment",
            "harm-reduction",
            "recovery",
            "crisis",
            "support"
        ]
    );
}

#[test]
fn a_24_7_need_is_covered_all_week_and_decides_nothing() {
    let directory = demo();
    let calendar = HoursBook::new(&directory).calendar().clone();
    let week = Week::containing(
        "2026-12-09".parse().unwrap(),
        directory.info.timezone,
        &calendar,
    );
    let rows: Vec<NeedRow> = NeedRow::every_group(&directory)
        .into_iter()
        .filter(|r| r.label == "crisis-line" || r.label == "supervised-consumption")
        .collect();
    let request = Request {
        needs: rows,
        person: Person::default(),
        origins: vec![station(&directory, "Central Station")],
    };
    let coverage = measure(&directory, request, week, 16.0);
    // In the taxonomy's order: harm reduction comes before crisis.
    let room = &coverage.results[0][0];
    // Mo-Sa 09:00-21:00.
    assert_eq!(room.open_minutes, 6 * 12 * 60);
    // Saturday 21:00 to the end of the week, clipped there, and going on.
    let longest = room.longest_gap().unwrap();
    assert_eq!((longest.from, longest.to), ((5 * 24 + 21) * 60, 168 * 60));
    assert!(longest.continues_after && !longest.continues_before);
    let first = room.gaps[0];
    assert_eq!((first.from, first.to), (0, 9 * 60));
    assert!(first.continues_before);
    assert_eq!(room.night_gap_minutes, 7 * 8 * 60);
    let crisis = &coverage.results[0][1];
    assert_eq!(crisis.open_minutes, 168 * 60);
    assert!(crisis.gaps.is_empty());
    assert!(!coverage.has_uncovered_need());
}
