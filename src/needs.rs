//! What the person needs, as the taxonomy knows it: every id, name and
//! synonym of its categories by normal form (`TermIndex`, kept in the
//! taxonomy), the one clearly closest term to a typo, and suggestions; and
//! the needs a request resolves to ([`ResolvedNeed`]).
//!
//! The words an officer types are read by [`crate::request`], which asks
//! this index for taxonomy words (exactly, ignoring case, punctuation,
//! accents and British or American spelling, else the one clearly closest
//! term) beside its other lists.

use crate::text::normalise;

use crate::taxonomy::Taxonomy;
pub(crate) use crate::taxonomy::TermIndex;

/// A service as far as name matching cares: its id and its name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ServiceName<'a> {
    /// The service's id.
    pub id: &'a str,
    /// The service's name, as the directory spells it.
    pub name: &'a str,
}

impl<'a> ServiceName<'a> {
    /// The id and name of every service, in order, for reading requests
    /// ([`crate::request`]).
    pub fn all(services: &'a [crate::directory::Service]) -> Vec<ServiceName<'a>> {
        services
            .iter()
            .map(|s| ServiceName {
                id: &s.id,
                name: &s.name,
            })
            .collect()
    }
}

/// Every service's id and name, given or made when first asked for: a
/// national directory has 100,000, and most requests never look at them.
#[derive(Clone, Copy)]
pub enum ServiceNames<'a> {
    /// Already at hand.
    Ready(&'a [ServiceName<'a>]),
    /// Made by this when needed.
    Later(&'a dyn Fn() -> Vec<ServiceName<'a>>),
}

impl<'a> ServiceNames<'a> {
    /// The names.
    pub fn get(&self) -> std::borrow::Cow<'a, [ServiceName<'a>]> {
        match *self {
            ServiceNames::Ready(names) => std::borrow::Cow::Borrowed(names),
            ServiceNames::Later(make) => std::borrow::Cow::Owned(make()),
        }
    }
}

/// One need as typed, and what it resolved to.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct ResolvedNeed {
    /// The words as typed (joined with a space when adjacent words were
    /// joined).
    pub query: String,
    /// The category ids it resolved to, not expanded to their children
    /// (matching expands them with [`Taxonomy::serves`]).
    pub categories: Vec<String>,
    /// Service ids matched by name (only when no category matched).
    pub services: Vec<String>,
    /// How it was resolved, for messages; not part of the JSON output.
    #[serde(skip)]
    pub how: How,
}

/// How a need was resolved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum How {
    /// A category id, name or synonym, spelled alike after normalising.
    Exact,
    /// The clearly closest taxonomy term, written as the taxonomy writes it.
    Fuzzy {
        /// The taxonomy term that was taken for the typed words.
        term: String,
    },
    /// No category: the services whose name has the words, whole.
    ServiceName,
    /// No need word, only a substance: treatment for it (REQUEST.md rule 5).
    Substance,
}

/// The taxonomy words closest to `query`, best first, at most `limit` of
/// them: for error messages and for completion in the desk mode.
///
/// Words that begin with the query come first, then words that contain it,
/// then those nearest by edit distance. Each category is represented once
/// before any is represented twice, so the list shows a spread of meanings.
pub fn suggest(query: &str, taxonomy: &Taxonomy, limit: usize) -> Vec<String> {
    TermIndex::new(taxonomy).suggest(&normalise(query), limit)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::request::{needs_of as resolve_needs, RequestError};

    fn words(text: &str) -> Vec<String> {
        text.split_whitespace().map(str::to_string).collect()
    }

    fn resolve(text: &str) -> Result<Vec<ResolvedNeed>, RequestError> {
        resolve_needs(&words(text), &Taxonomy::built_in(), &[])
    }

    /// What the reader says of words it does not know.
    #[derive(Debug)]
    struct Unknown {
        query: String,
        suggestions: Vec<String>,
    }

    /// The category ids of each need, for compact assertions.
    #[track_caller]
    fn cats(text: &str) -> Vec<Vec<String>> {
        match resolve(text) {
            Ok(needs) => needs.into_iter().map(|n| n.categories).collect(),
            Err(e) => panic!("{text:?} did not resolve: {e}"),
        }
    }

    #[track_caller]
    fn one(text: &str, id: &str) {
        assert_eq!(cats(text), vec![vec![id.to_string()]], "for {text:?}");
    }

    #[track_caller]
    fn unknown(text: &str) -> Unknown {
        match resolve(text) {
            Err(RequestError::Unknown {
                words, suggestions, ..
            }) => Unknown {
                query: words.join(" "),
                suggestions,
            },
            other => panic!("{text:?} gave {other:?}"),
        }
    }

    #[test]
    fn the_desk_words_from_the_brief_resolve() {
        one("suboxon", "buprenorphine");
        one("nalaxone", "naloxone");
        one("neddle exchange", "syringe-services");
        one("detx", "withdrawal-management");
        one("methadne", "methadone");
        one("bup", "buprenorphine");
        one("fent strips", "drug-checking");
        one("narcan", "naloxone");
        one("sober living", "recovery-housing");
        one("detox", "withdrawal-management");
        one("dope sick", "withdrawal-management");
        one("Needle Exchange", "syringe-services");
        one("harm reduction", "harm-reduction");
        one("sobering center", "sobering-center");
        one("sobering centre", "sobering-center");
        one("crisis stabilization", "crisis-stabilization");
        one("crisis stabilisation", "crisis-stabilization");
        one("withdrawal-management", "withdrawal-management");
    }

    #[test]
    fn how_says_exact_or_fuzzy_with_the_term() {
        let needs = resolve("suboxon").unwrap();
        assert_eq!(
            needs[0].how,
            How::Fuzzy {
                term: "suboxone".into()
            }
        );
        assert_eq!(resolve("narcan").unwrap()[0].how, How::Exact);
        let needs = resolve("neddle exchange").unwrap();
        assert_eq!(
            needs[0].how,
            How::Fuzzy {
                term: "needle exchange".into()
            }
        );
        assert_eq!(needs[0].query, "neddle exchange");
    }

    #[test]
    fn a_group_resolves_to_itself_not_its_children() {
        let needs = resolve("harm reduction").unwrap();
        assert_eq!(needs.len(), 1);
        assert_eq!(needs[0].categories, ["harm-reduction"]);
        assert!(needs[0].services.is_empty());
        assert_eq!(needs[0].query, "harm reduction");
        one("crisis", "crisis");
        one("Recovery", "recovery");
    }

    #[test]
    fn adjacent_words_join_greedily_into_one_need() {
        let needs = resolve("needle exchange detox").unwrap();
        let got: Vec<(&str, &str)> = needs
            .iter()
            .map(|n| (n.query.as_str(), n.categories[0].as_str()))
            .collect();
        assert_eq!(
            got,
            [
                ("needle exchange", "syringe-services"),
                ("detox", "withdrawal-management")
            ]
        );
        assert_eq!(
            cats("detox sober living narcan"),
            [
                vec!["withdrawal-management".to_string()],
                vec!["recovery-housing".to_string()],
                vec!["naloxone".to_string()]
            ]
        );
        // Longest wins: "fentanyl test strips", not "test strips" after a
        // failed "fentanyl".
        let needs = resolve("fentanyl test strips").unwrap();
        assert_eq!(needs.len(), 1);
        assert_eq!(needs[0].query, "fentanyl test strips");
    }

    #[test]
    fn a_quoted_argument_with_spaces_works_and_is_split_when_it_must_be() {
        let taxonomy = Taxonomy::built_in();
        let needs = resolve_needs(&["needle exchange".to_string()], &taxonomy, &[]).unwrap();
        assert_eq!(needs.len(), 1);
        assert_eq!(needs[0].categories, ["syringe-services"]);
        assert_eq!(needs[0].query, "needle exchange");
        // A whole typed line as one argument (the desk mode) still splits.
        let needs = resolve_needs(&["detox  narcan".to_string()], &taxonomy, &[]).unwrap();
        let queries: Vec<&str> = needs.iter().map(|n| n.query.as_str()).collect();
        assert_eq!(queries, ["detox", "narcan"]);
        // Words joined across arguments, and inside one, keep what was typed.
        let needs =
            resolve_needs(&["Sober".to_string(), "Living".to_string()], &taxonomy, &[]).unwrap();
        assert_eq!(needs[0].query, "Sober Living");
        let needs = resolve_needs(&["sober   living".to_string()], &taxonomy, &[]).unwrap();
        assert_eq!(needs[0].query, "sober living");
        let needs = resolve_needs(&["withdrawal-management".to_string()], &taxonomy, &[]).unwrap();
        assert_eq!(needs[0].query, "withdrawal-management");
    }

    #[test]
    fn case_punctuation_hyphens_and_spaces_do_not_matter() {
        one("DETOX", "withdrawal-management");
        one("Dope-Sick", "withdrawal-management");
        one("  sober   living ", "recovery-housing");
        one("12-step", "mutual-aid");
        one("12 step", "mutual-aid");
        one("medication-assisted treatment", "moud");
        one("medication assisted treatment", "moud");
        one("sobering-center", "sobering-center");
        one("sober_living", "recovery-housing");
        one("narcan!", "naloxone");
        one("\"narcan\"", "naloxone");
        one("Withdrawal management (detox)", "withdrawal-management");
        one("withdrawal management", "withdrawal-management");
        one("Medications for opioid use disorder", "moud");
    }

    #[test]
    fn british_and_american_spellings_both_match() {
        one("behavioural health urgent care", "crisis-stabilization");
        one("behavioral health urgent care", "crisis-stabilization");
        one("counselling", "mental-health");
        one("counseling", "mental-health");
        one("opioid treatment programme", "moud");
        one("opioid treatment program", "moud");
        one("recovery community organisation", "recovery-community");
        one("recovery community organization", "recovery-community");
        one("overdose prevention centre", "supervised-consumption");
        one("overdose prevention center", "supervised-consumption");
        one("warming center", "shelter");
        one("warming centre", "shelter");
        one("syringe services program", "syringe-services");
        one("syringe service programme", "syringe-services");
    }

    #[test]
    fn every_category_resolves_by_its_id_name_and_synonyms() {
        let taxonomy = Taxonomy::built_in();
        for category in taxonomy.categories() {
            let spellings = std::iter::once(&category.id)
                .chain(std::iter::once(&category.name))
                .chain(category.synonyms.iter());
            for spelling in spellings {
                let needs = resolve_needs(std::slice::from_ref(spelling), &taxonomy, &[])
                    .unwrap_or_else(|e| panic!("{spelling:?}: {e}"));
                assert_eq!(needs.len(), 1, "{spelling:?} gave {needs:?}");
                assert!(
                    needs[0].categories.contains(&category.id),
                    "{spelling:?} gave {:?}",
                    needs[0].categories
                );
                assert_eq!(needs[0].how, How::Exact, "{spelling:?}");
            }
        }
    }

    #[test]
    fn a_word_shared_by_categories_resolves_to_all_of_them() {
        let mut taxonomy = Taxonomy::built_in();
        taxonomy.add(crate::taxonomy::Category {
            id: "youth-detox".into(),
            name: "Youth detox".into(),
            parent: Some("withdrawal-management".into()),
            synonyms: vec!["Detox".into()],
            substances: Vec::new(),
        });
        let needs = resolve_needs(&words("detox"), &taxonomy, &[]).unwrap();
        assert_eq!(
            needs[0].categories,
            ["withdrawal-management", "youth-detox"]
        );
        assert_eq!(needs[0].how, How::Exact);
    }

    #[test]
    fn typos_resolve_when_one_term_is_clearly_closest() {
        one("suboxne", "buprenorphine");
        one("subxone", "buprenorphine");
        one("buprenorfine", "buprenorphine");
        one("naloxon", "naloxone");
        one("narcn", "naloxone");
        one("narcain", "naloxone");
        one("methadon", "methadone");
        one("metadone", "methadone");
        one("withdrawl", "withdrawal-management");
        one("detoxx", "withdrawal-management");
        one("counsling", "mental-health");
        one("councelling", "mental-health");
        one("vivitrl", "naltrexone");
        one("shelterr", "shelter");
        one("hotlin", "crisis-line");
        one("meeting", "mutual-aid");
        one("needle", "syringe-services");
        one("sub", "buprenorphine");
        one("SUBOXON", "buprenorphine");
    }

    #[test]
    fn misspelled_phrases_are_joined_then_matched_as_a_phrase() {
        let needs = resolve("neddle exchange").unwrap();
        assert_eq!(needs.len(), 1, "{needs:?}");
        assert_eq!(needs[0].query, "neddle exchange");
        one("needle exchnage", "syringe-services");
        one("sober livng", "recovery-housing");
        one("dope sik", "withdrawal-management");
        one("fent strip", "drug-checking");
        one("fentanyl test strps", "drug-checking");
        one("crisis centr", "crisis-stabilization");
        one("methadon clinic", "methadone");
        one("harm reducton", "harm-reduction");
        one("sobering centr", "sobering-center");
        one("halfway hous", "recovery-housing");
        // Run together without the space.
        one("needleexchange", "syringe-services");
        one("dopesick", "withdrawal-management");
        // A misspelled phrase next to other needs.
        assert_eq!(
            cats("detox neddle exchange narcan"),
            [
                vec!["withdrawal-management".to_string()],
                vec!["syringe-services".to_string()],
                vec!["naloxone".to_string()]
            ]
        );
        assert_eq!(
            cats("suboxon detox"),
            [
                vec!["buprenorphine".to_string()],
                vec!["withdrawal-management".to_string()]
            ]
        );
    }

    #[test]
    fn known_words_side_by_side_stay_separate_needs() {
        // Both name the same category, so the need is kept once.
        let needs = resolve("hiv prep").unwrap();
        assert_eq!(needs.len(), 1);
        assert_eq!(needs[0].query, "hiv");
        let needs = resolve("hiv detox").unwrap();
        let queries: Vec<&str> = needs.iter().map(|n| n.query.as_str()).collect();
        assert_eq!(queries, ["hiv", "detox"]);
        let needs = resolve("narcan works").unwrap();
        let queries: Vec<&str> = needs.iter().map(|n| n.query.as_str()).collect();
        assert_eq!(queries, ["narcan", "works"]);
        let needs = resolve("detox clinic").unwrap();
        let queries: Vec<&str> = needs.iter().map(|n| n.query.as_str()).collect();
        assert_eq!(queries, ["detox", "clinic"]);
    }

    #[test]
    fn the_same_need_twice_is_kept_once() {
        let needs = resolve("narcan naloxone detox narcan").unwrap();
        let queries: Vec<&str> = needs.iter().map(|n| n.query.as_str()).collect();
        assert_eq!(queries, ["narcan", "detox"]);
    }

    #[test]
    fn short_words_never_resolve_to_something_random() {
        // Real short synonyms resolve exactly.
        one("na", "mutual-aid");
        one("AA", "mutual-aid");
        one("ca", "mutual-aid");
        one("otp", "moud");
        one("ssp", "syringe-services");
        one("988", "crisis-line");
        // Near misses of two or three letters do not.
        for typo in [
            "ac", "nq", "xa", "ot", "ssq", "nax", "mta", "hvi", "bpu", "98", "989",
        ] {
            let e = unknown(typo);
            assert_eq!(e.query, typo);
        }
        // A 4-letter word within one edit of a 3-letter synonym is not it.
        unknown("nepx");
        unknown("otpx");
    }

    #[test]
    fn unrelated_words_are_not_forced_onto_a_category() {
        // Payment words are one or two edits from "medical"; they are not
        // a need for medical care, but a person word (no need at all).
        assert_eq!(resolve("medicaid").unwrap(), []);
        assert_eq!(resolve("medicare").unwrap(), []);
        for word in [
            "xyzzy", "housing", "police", "hotel", "hope", "jail", "banana", "qwerty",
        ] {
            let needs = resolve(word);
            if let Ok(needs) = &needs {
                // "housing" is allowed only as recovery housing's own word;
                // never methadone "dosing".
                assert!(
                    !needs
                        .iter()
                        .any(|n| n.categories.contains(&"methadone".to_string())),
                    "{word:?} gave {needs:?}"
                );
                assert_ne!(word, "xyzzy");
                assert_ne!(word, "police", "{needs:?}");
                assert_ne!(word, "banana", "{needs:?}");
            }
        }
    }

    #[test]
    fn an_unknown_need_suggests_only_close_words() {
        // Better no suggestion than a weak one (REQUEST.md rule 10).
        let e = unknown("xyzzy");
        assert_eq!(e.query, "xyzzy");
        assert!(e.suggestions.is_empty(), "{:?}", e.suggestions);
        let e = unknown("methxxxdone");
        assert_eq!(
            e.suggestions.first().map(String::as_str),
            Some("methadone"),
            "{:?}",
            e.suggestions
        );
    }

    #[test]
    fn an_unknown_run_of_words_is_reported_whole() {
        let e = unknown("detox st marys narcan");
        assert_eq!(e.query, "st marys");
    }

    #[test]
    fn services_match_by_name_only_when_no_category_does() {
        let taxonomy = Taxonomy::built_in();
        let services = [
            ServiceName {
                id: "st-marys-clinic",
                name: "St. Mary's Clinic",
            },
            ServiceName {
                id: "hope-house",
                name: "Hope House",
            },
            ServiceName {
                id: "narcan-hub",
                name: "Narcan Hub",
            },
            ServiceName {
                id: "hope-detox",
                name: "HOPE Detox Centre",
            },
        ];
        let needs = resolve_needs(&words("hope"), &taxonomy, &services).unwrap();
        assert_eq!(needs[0].services, ["hope-house", "hope-detox"]);
        assert!(needs[0].categories.is_empty());
        assert_eq!(needs[0].how, How::ServiceName);
        // Multi-word names join like categories do, apostrophes and all.
        let needs = resolve_needs(&words("st marys detox"), &taxonomy, &services).unwrap();
        assert_eq!(needs[0].query, "st marys");
        assert_eq!(needs[0].services, ["st-marys-clinic"]);
        assert_eq!(needs[1].categories, ["withdrawal-management"]);
        // A category word wins over a service name containing it.
        let needs = resolve_needs(&words("narcan"), &taxonomy, &services).unwrap();
        assert_eq!(needs[0].categories, ["naloxone"]);
        assert!(needs[0].services.is_empty());
        // A quoted full name, British spelling and all.
        let needs =
            resolve_needs(&["hope detox center".to_string()], &taxonomy, &services).unwrap();
        assert_eq!(needs[0].services, ["hope-detox"]);
        // Too short to search names with.
        assert!(resolve_needs(&words("st"), &taxonomy, &services).is_err());
    }

    #[test]
    fn no_words_means_no_needs() {
        assert_eq!(resolve("").unwrap(), []);
        let taxonomy = Taxonomy::built_in();
        assert_eq!(
            resolve_needs(&["  ".to_string(), "-".to_string()], &taxonomy, &[]).unwrap(),
            []
        );
    }

    #[test]
    fn suggest_ranks_prefixes_then_near_words() {
        let taxonomy = Taxonomy::built_in();
        let got = suggest("nal", &taxonomy, 5);
        assert!(got.len() <= 5);
        assert!(got.contains(&"naloxone".to_string()), "{got:?}");
        assert!(got.contains(&"naltrexone".to_string()), "{got:?}");
        let got = suggest("exchange", &taxonomy, 3);
        assert!(got.iter().any(|s| s.contains("exchange")), "{got:?}");
        let got = suggest("methdne", &taxonomy, 1);
        assert_eq!(got, ["methadone"]);
        assert!(suggest("", &taxonomy, 5).is_empty());
        assert!(suggest("detox", &taxonomy, 0).is_empty());
        assert_eq!(suggest("xyzzy", &taxonomy, 5).len(), 5);
    }

    #[test]
    fn suggestions_spread_over_categories_first() {
        let taxonomy = Taxonomy::built_in();
        let got = suggest("re", &taxonomy, 5);
        let mut categories = Vec::new();
        for s in &got {
            let needs = resolve_needs(std::slice::from_ref(s), &taxonomy, &[]).unwrap();
            categories.push(needs[0].categories.clone());
        }
        let mut unique = categories.clone();
        unique.dedup();
        assert_eq!(unique.len(), categories.len(), "{got:?}");
    }

    #[test]
    fn every_suggestion_resolves_when_typed() {
        let taxonomy = Taxonomy::built_in();
        for query in ["xyzzy", "n", "sober", "crisis", "heroin", "123"] {
            for s in suggest(query, &taxonomy, 5) {
                assert!(
                    resolve_needs(std::slice::from_ref(&s), &taxonomy, &[]).is_ok(),
                    "{s:?} suggested for {query:?}"
                );
            }
        }
    }

    #[test]
    fn odd_input_never_panics() {
        let taxonomy = Taxonomy::built_in();
        let long = "x".repeat(10_000);
        let odd = [
            long.as_str(),
            "\u{0}",
            "\u{202e}detox",
            "İstanbul",
            "🙂",
            "ß",
            "a'",
            "'",
            "''''",
            "naïve café",
        ];
        for text in odd {
            let _ = resolve_needs(&[text.to_string()], &taxonomy, &[]);
            let _ = suggest(text, &taxonomy, 5);
        }
        let many: Vec<String> = (0..200).map(|i| format!("w{i}")).collect();
        let _ = resolve_needs(&many, &taxonomy, &[]);
        let _ = resolve_needs(&words("detox ".repeat(100).as_str()), &taxonomy, &[]);
    }
}
