//! `deflect categories` and `deflect places`.

use crate::harness::{deflect, fixture};

#[test]
fn categories_list_the_taxonomy_with_synonyms() {
    let run = deflect(["categories", "--format", "json"]);
    run.code(0);
    let json = run.json();
    let all = json.as_array().unwrap();
    assert!(all.len() >= 30);
    let detox = all
        .iter()
        .find(|c| c["id"] == "withdrawal-management")
        .unwrap();
    assert_eq!(detox["parent"], "treatment");
    assert!(detox["synonyms"]
        .as_array()
        .unwrap()
        .iter()
        .any(|s| s == "detox"));
    let table = deflect(["categories"]);
    assert!(table.stdout.contains("sober living"));
}

#[test]
fn places_filter_by_query() {
    let dir = fixture("county");
    let run = deflect([
        "places",
        "--dir",
        dir.as_str(),
        "central",
        "--format",
        "json",
    ]);
    run.code(0);
    let json = run.json();
    assert_eq!(json[0]["name"], "Central Station");
    let all = deflect(["places", "--dir", dir.as_str(), "--format", "json"]).json();
    assert_eq!(all.as_array().unwrap().len(), 5);
}

#[test]
fn the_built_in_taxonomy_file_is_valid() {
    // data/taxonomy.toml is compiled in; the program would not start if it
    // were not valid, and every FORMAT.md id must be there.
    let json = deflect(["categories", "--format", "json"]).json();
    for id in [
        "treatment",
        "withdrawal-management",
        "moud",
        "methadone",
        "buprenorphine",
        "naltrexone",
        "residential-treatment",
        "outpatient-treatment",
        "sobering-center",
        "harm-reduction",
        "syringe-services",
        "naloxone",
        "drug-checking",
        "supervised-consumption",
        "recovery",
        "recovery-community",
        "peer-support",
        "recovery-housing",
        "mutual-aid",
        "crisis",
        "crisis-line",
        "crisis-stabilization",
        "mobile-crisis",
        "support",
        "mental-health",
        "shelter",
        "medical",
        "infectious-disease",
        "case-management",
        "family-support",
    ] {
        assert!(
            json.as_array().unwrap().iter().any(|c| c["id"] == id),
            "{id} missing"
        );
    }
}
