//! HSDS attributes and taxonomy terms: deflect's own (written by `export
//! hsds`: attributes, payment, genders, substances, id, hours, alert end,
//! zone) are read back as they were; every other term is mapped to
//! categories.

use serde_json::Value;

use super::text::{clean_line, push_unique};
use super::{taxonomies, Draft, Options, UNMAPPED};
use crate::directory::model::{ATTRIBUTES, PAYMENTS, SUBSTANCES};
use crate::hours::Tz;
use crate::hsds::json::{list, object, text};
use crate::hsds::report::Report;
use crate::hsds::schedule::parse_date;
use crate::hsds::terms::{How, Mapped, Term};

/// A term as written in an attribute or a term list.
fn term_of(term: &Value) -> Term {
    Term {
        code: text(term, "code"),
        name: text(term, "name"),
        taxonomy: text(term, "taxonomy")
            .or_else(|| object(term, "taxonomy_detail").and_then(|d| text(d, "name"))),
    }
}

/// The attributes (term and value) of some HSDS objects.
pub(super) fn attributes_of(owners: &[Option<&Value>]) -> Vec<(Term, Option<String>)> {
    let mut out = Vec::new();
    for owner in owners.iter().flatten() {
        for attribute in list(owner, "attributes") {
            if let Some(term) = object(attribute, "taxonomy_term") {
                out.push((term_of(term), text(attribute, "value")));
            }
        }
        for term in list(owner, "taxonomy_terms") {
            out.push((term_of(term), None));
        }
    }
    out
}

/// What deflect wrote of itself that the import keeps for later: the id
/// and the hours as deflect wrote them.
#[derive(Default)]
pub(super) struct DeflectValues {
    pub id: Option<String>,
    pub hours: Option<String>,
}

impl Draft {
    /// Reads deflect's own attributes and maps the other terms to
    /// categories; returns the id and hours deflect wrote, if any.
    pub(super) fn map_attributes(
        &mut self,
        owners: &[Option<&Value>],
        options: &Options<'_>,
        report: &mut Report,
    ) -> DeflectValues {
        let mut deflect = DeflectValues::default();
        let mut category_terms: Vec<Term> = Vec::new();
        for (term, value) in attributes_of(owners) {
            let code = term.code.clone().unwrap_or_default();
            match term.taxonomy.as_deref() {
                Some(taxonomies::ID) => deflect.id = value,
                Some(taxonomies::DEMO) => {} // read for the whole input
                Some(taxonomies::HOURS) => deflect.hours = value,
                Some(taxonomy) if self.keep_attribute(taxonomy, code, value, options) => {}
                Some(
                    taxonomies::ATTRIBUTE
                    | taxonomies::PAYMENT
                    | taxonomies::GENDER
                    | taxonomies::SUBSTANCE,
                ) => self.notes.push(format!(
                    "{} \"{}\" is not one deflect knows: left out",
                    term.taxonomy.as_deref().unwrap_or_default(),
                    crate::sanitize::one_line(term.code.as_deref().unwrap_or_default())
                )),
                _ => {
                    if !category_terms.contains(&term) {
                        category_terms.push(term);
                    }
                }
            }
        }
        self.map_categories(&category_terms, options, report);
        deflect
    }

    /// Keeps one of deflect's own attributes (`code` or `value` in
    /// `taxonomy`) when deflect knows it; false when it is not one.
    fn keep_attribute(
        &mut self,
        taxonomy: &str,
        code: String,
        value: Option<String>,
        options: &Options<'_>,
    ) -> bool {
        let service = &mut self.entry.service;
        match taxonomy {
            taxonomies::ATTRIBUTE if ATTRIBUTES.contains(&code.as_str()) => {
                push_unique(&mut service.attributes, code);
            }
            taxonomies::PAYMENT if PAYMENTS.contains(&code.as_str()) => {
                push_unique(&mut service.payment, code);
            }
            taxonomies::GENDER if !code.is_empty() => {
                let gender = clean_line(&code, &mut self.stripped);
                push_unique(&mut service.genders, gender);
            }
            taxonomies::SUBSTANCE if SUBSTANCES.contains(&code.as_str()) => {
                push_unique(&mut service.substances, code);
            }
            taxonomies::ALERT_UNTIL => {
                service.alert_until = value.as_deref().and_then(parse_date);
            }
            taxonomies::TIMEZONE => {
                if let Some(tz) = value.as_deref().and_then(|v| v.parse::<Tz>().ok()) {
                    if tz != options.timezone {
                        service.timezone = Some(tz);
                    }
                }
            }
            _ => return false,
        }
        true
    }

    /// The categories of the terms, by the mapper; `unmapped`, with a
    /// comment saying why, when none maps.
    fn map_categories(&mut self, terms: &[Term], options: &Options<'_>, report: &mut Report) {
        for term in terms {
            let label = crate::sanitize::one_line(&self.clean_line(&term.label()));
            let service = &mut self.entry.service;
            match options.mapper.map(term) {
                Mapped::To(categories, how) => {
                    for c in categories {
                        if how == How::Word {
                            report.by_word(&label, &c);
                        }
                        push_unique(&mut service.categories, c);
                    }
                    // "Alcohol Detoxification": a term that maps to a category
                    // and names a substance says what the service serves.
                    for substance in crate::request::substances_named(&term.label()) {
                        push_unique(&mut service.substances, substance);
                    }
                }
                Mapped::Ignored => {}
                Mapped::Ambiguous(candidates) => {
                    report.ambiguous(&label, &candidates);
                    self.entry.unmapped_terms.push(label);
                }
                Mapped::Unmapped => {
                    report.unmapped(&label);
                    self.entry.unmapped_terms.push(label);
                }
            }
        }
        if self.entry.service.categories.is_empty() {
            self.entry.service.categories.push(UNMAPPED.into());
            report.services_unmapped += 1;
            let why = if self.entry.unmapped_terms.is_empty() {
                "it has none".to_string()
            } else {
                self.entry.unmapped_terms.join("; ")
            };
            self.entry.comments.push(format!(
                "No taxonomy term of this service maps to a deflect category ({why}): map them with --map"
            ));
        }
    }
}
