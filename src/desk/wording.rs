//! The desk's lines: the `Looking for:` line, the heading over the
//! results, each result in two or three lines, what is open nearby in the
//! same group, the crisis lines, and the words of the choices; each cut to
//! the terminal's width.

use chrono::{DateTime, Utc};

use crate::matching::Hit;
use crate::needs::{How, ResolvedNeed};
use crate::render::{capacity_words, distance_words, status_words};
use crate::request::Request;
use crate::sanitize::one_line;
use crate::wrap::width;

use super::answers::Answers;
use super::view::DeskView;

impl DeskView<'_> {
    /// The `Looking for:` line of a request (docs/REQUEST.md rule 11), as
    /// `find` shows it, with what was typed for a need read as a typo.
    pub fn looking_for(&self, request: &Request) -> String {
        let mut parts = request.parts(&self.directory.taxonomy);
        if !request.needs.is_empty() {
            parts.splice(0..request.needs.len(), [self.needs_words(&request.needs)]);
        } else if parts.is_empty() {
            parts.push(self.needs_words(&[]));
        }
        if request.time.is_some() {
            let info = &self.directory.info;
            let at = crate::render::local(info, self.at_of_request(request));
            parts.push(format!(
                "{}, {}",
                at.format("%a %-d %b"),
                crate::render::time_of_day(&at, info.clock)
            ));
        }
        format!("Looking for: {}", parts.join(" \u{b7} "))
    }

    /// What the needs were taken for, in words: `Withdrawal management
    /// (detox)`, `Naloxone (you typed "nalxone")`.
    pub fn needs_words(&self, needs: &[ResolvedNeed]) -> String {
        self.needs_in_words(needs, true)
    }

    /// The needs in words, with what was typed for a typo or not.
    fn needs_in_words(&self, needs: &[ResolvedNeed], typed: bool) -> String {
        if needs.is_empty() {
            return "any service".to_string();
        }
        needs
            .iter()
            .map(|need| {
                let what = if need.categories.is_empty() {
                    format!("services named like \"{}\"", one_line(&need.query))
                } else {
                    need.categories
                        .iter()
                        .map(|id| {
                            self.directory
                                .taxonomy
                                .get(id)
                                .map_or_else(|| one_line(id), |c| one_line(&c.name))
                        })
                        .collect::<Vec<_>>()
                        .join(" or ")
                };
                match &need.how {
                    How::Fuzzy { .. } if typed => {
                        format!("{what} (you typed \"{}\")", one_line(&need.query))
                    }
                    _ => what,
                }
            })
            .collect::<Vec<_>>()
            .join("; ")
    }

    /// The heading over the results, two lines: when and where, then
    /// what and how many.
    pub fn heading(&self, answers: &Answers, shown: usize, found: usize) -> Vec<String> {
        let info = &self.directory.info;
        let at = crate::render::local(info, self.at_of(answers));
        let when = format!(
            "{} {}",
            at.format("%a %-d %b"),
            crate::render::time_of_day(&at, info.clock)
        );
        let state = if answers.any_time {
            "Open or closed"
        } else {
            "Open now"
        };
        let place = match (&answers.place, answers.radius_words(info.units)) {
            (Some(w), Some(r)) => format!(", within {r} of {}", w.label),
            (Some(w), None) => format!(", any distance from {}", w.label),
            (None, _) => String::new(),
        };
        let count = match found {
            0 => "none found".to_string(),
            n if n > shown => format!("{n} found, the first {shown} shown"),
            n => format!("{n} found"),
        };
        vec![
            format!("{state} at {when}{place}:"),
            format!(
                "{}: {count}",
                capitalised(&self.needs_in_words(&answers.needs, false))
            ),
        ]
    }

    /// One result in two or three lines of at most `columns` columns:
    /// number, name and status; distance, phone and address; an alert or
    /// what is not stated.
    /// `at` is the time searched for ([`DeskView::at_of`]).
    pub fn result_lines(
        &self,
        n: usize,
        hit: &Hit<'_>,
        columns: usize,
        at: DateTime<Utc>,
    ) -> Vec<String> {
        let info = &self.directory.info;
        let at = crate::render::local(info, at);
        let s = hit.service;
        let status = status_words(&hit.status, &at, info.clock, false);
        let mut lines = vec![fit(
            &format!("{n}. {} — {status}", one_line(&s.name)),
            columns,
        )];
        let mut second = vec![
            distance_words(hit.distance_km, info.units),
            one_line(&s.phone),
        ];
        if hit.distance_km.is_none() {
            second[0] = "phone or mobile".to_string();
        }
        if let Some(address) = &s.address {
            second.push(one_line(address));
        }
        lines.push(fit(&format!("   {}", second.join(" · ")), columns));
        if let Some(capacity) = &s.capacity {
            let beds = capacity_words(capacity, &at, "beds");
            lines.push(fit(&format!("   {beds}"), columns));
        }
        if let Some(alert) = &s.alert {
            if s.alert_until.is_none_or(|until| until >= at.date_naive()) {
                lines.push(fit(&format!("   ! {}", one_line(alert)), columns));
            }
        }
        if !hit.not_stated.is_empty() {
            lines.push(fit(
                &format!(
                    "   not stated: {} (call to check)",
                    hit.not_stated.join(", ")
                ),
                columns,
            ));
        }
        lines
    }

    /// [`DeskView::related`] as lines of at most `columns` columns: a heading
    /// for each group, then each service's name and status, distance,
    /// phone and address.
    pub fn related_lines(&self, answers: &Answers, columns: usize) -> Vec<String> {
        let info = &self.directory.info;
        let at = crate::render::local(info, self.at_of(answers));
        let mut lines = Vec::new();
        for (group, hits) in self.related(answers) {
            lines.push(fit(&format!("Open now, also in {group}:"), columns));
            for hit in hits {
                let s = hit.service;
                let status = status_words(&hit.status, &at, info.clock, false);
                lines.push(fit(
                    &format!("  - {} — {status}", one_line(&s.name)),
                    columns,
                ));
                let mut second = vec![
                    distance_words(hit.distance_km, info.units),
                    one_line(&s.phone),
                ];
                second.extend(s.address.as_deref().map(one_line));
                lines.push(fit(&format!("    {}", second.join(" · ")), columns));
            }
        }
        lines
    }

    /// The crisis lines, one a line.
    pub fn crisis_lines(&self) -> Vec<String> {
        self.directory
            .info
            .crisis_lines
            .iter()
            .map(|l| format!("  {}: {}", one_line(&l.name), one_line(&l.phone)))
            .collect()
    }
}

/// A string with its first letter in upper case.
fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// A line cut to `columns` display columns, with `…` where it was cut.
pub fn fit(line: &str, columns: usize) -> String {
    if width(line) <= columns {
        return line.to_string();
    }
    let mut out = String::new();
    for c in line.chars() {
        let mut next = out.clone();
        next.push(c);
        if width(&next) + 1 > columns {
            break;
        }
        out = next;
    }
    out.push('…');
    out
}

/// A language's name and code, for choices: `Arabic (ar)`; the code for
/// a language deflect has no name for.
pub fn language_name(code: &str) -> String {
    let name = crate::request::language_name(code);
    if name == code {
        code.to_string()
    } else {
        format!("{name} ({code})")
    }
}

/// A payment value in words.
pub fn payment_words(payment: &str) -> String {
    match payment {
        "sliding-scale" => "Sliding scale".to_string(),
        "medicaid" => "Medicaid".to_string(),
        "medicare" => "Medicare".to_string(),
        "private-insurance" => "Private insurance".to_string(),
        "self-pay" => "Pays themselves (self-pay)".to_string(),
        "military" => "Military (TRICARE, VA)".to_string(),
        "ihs-tribal" => "IHS or tribal".to_string(),
        "state-funded" => "State-funded".to_string(),
        other => capitalised(other),
    }
}
