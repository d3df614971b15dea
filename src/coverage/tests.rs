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
            substances: Vec::new(),
            prefers: Vec::new(),
            origin: Some(origin.origin.clone()),
            at: chrono::Utc::now(),
            open_only: false,
            radius_km: Some(5.0),
            person: Person {
                ages: Some((17, 17)),
                ..Person::default()
            },
        };
        let direct = Set::of(&directory.services, &candidates(&directory, &both).0);
        let need = Set::of(
            &directory.services,
            &candidates(
                &directory,
                &Query {
                    origin: None,
                    radius_km: None,
                    ..both.clone()
                },
            )
            .0,
        );
        let near = Set::of(
            &directory.services,
            &candidates(
                &directory,
                &Query {
                    needs: Vec::new(),
                    ..both.clone()
                },
            )
            .0,
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
            "support",
            "basic-needs"
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
        substances: Vec::new(),
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

/// Every hour of the demo opens and closes on the hour or the half hour,
/// so the state at the start of each half hour is the state of all of it:
/// coverage must agree, half hour by half hour and service by service,
/// with `find`'s own search at each of those instants.
#[test]
fn coverage_agrees_with_find_at_every_half_hour_of_a_week() {
    let directory = demo();
    let calendar = HoursBook::new(&directory).calendar().clone();
    // Thanksgiving week: a public holiday closes some services.
    let week = Week::containing(
        "2026-11-25".parse().unwrap(),
        directory.info.timezone,
        &calendar,
    );
    let place = station(&directory, "North District Station");
    let rows = NeedRow::every_group(&directory);
    let request = Request {
        needs: rows.clone(),
        person: Person::default(),
        substances: Vec::new(),
        origins: vec![place.clone()],
    };
    let coverage = measure(&directory, request, week.clone(), 8.0);
    let mut book = HoursBook::new(&directory);
    for (row, m) in rows.iter().zip(&coverage.results[0]) {
        let mut by_hour = [[0u32; 24]; 7];
        for run in week.runs() {
            let at = week.at(run.from).with_timezone(&chrono::Utc);
            let query = Query {
                needs: vec![row.need.clone()],
                substances: Vec::new(),
                prefers: Vec::new(),
                origin: Some(place.origin.clone()),
                at,
                open_only: true,
                radius_km: Some(8.0),
                person: Person::default(),
            };
            let open = crate::matching::search(&directory, &query, &mut book);
            let (day, half) = (usize::from(run.day), usize::from(run.half));
            assert_eq!(
                m.halves[day][half] == Cell::Open,
                !open.is_empty(),
                "{} at {}",
                row.label,
                week.at(run.from)
            );
            if half % 2 == 0 {
                by_hour[day][half / 2] = open.len() as u32;
            } else {
                // Open in either half: the services of both, once each.
                let at_hour = week.at(run.from - 30).with_timezone(&chrono::Utc);
                let earlier = crate::matching::search(
                    &directory,
                    &Query {
                        at: at_hour,
                        ..query
                    },
                    &mut book,
                );
                let mut ids: Vec<&str> = earlier
                    .iter()
                    .chain(&open)
                    .map(|h| h.service.id.as_str())
                    .collect();
                ids.sort_unstable();
                ids.dedup();
                by_hour[day][half / 2] = ids.len() as u32;
            }
        }
        let measured: Vec<[u32; 24]> = m
            .by_hour
            .iter()
            .map(|d| d.map(|h| h.unwrap_or(0)))
            .collect();
        assert_eq!(measured, by_hour.to_vec(), "{}", row.label);
        let open_halves = m
            .halves
            .iter()
            .flatten()
            .filter(|c| **c == Cell::Open)
            .count();
        assert_eq!(m.open_minutes as usize, open_halves * 30, "{}", row.label);
    }
}
