//! The questions: what the person needs (a whole request, with a word of
//! two readings asked about), where, and the few questions whose answers
//! change the result, less those the request already answered.

use anyhow::Result;

use crate::desk::answers::{AgeGroup, Answers, Filter};
use crate::desk::ui::{Answer, Ask, Choose, Ui};
use crate::desk::wording::{language_name, payment_words};
use crate::request::{Ambiguous, RequestError};
use crate::sanitize::one_line;

use super::{answer_or, replace_word, Flow, Go, Progress, Step};

impl Flow<'_> {
    pub(super) fn need(&self, ui: &mut dyn Ui, progress: &mut Progress) -> Result<Go> {
        let suggest = |text: &str| self.view.need_suggestions(text);
        // A word with two readings is asked about after the answer, not
        // refused while typing.
        let check = |text: &str| match self.view.read(text) {
            Ok(_) | Err(RequestError::Ambiguous(_)) => Ok(()),
            Err(e) => Err(one_line(&e.to_string())),
        };
        let initial = progress.answers.needs_text.clone();
        let question = Ask {
            default: Some("anything"),
            initial: (!initial.is_empty()).then_some(initial.as_str()),
            help: Some("in their words, e.g. detox for alcohol, narcan, a bed tonight"),
            suggest: Some(&suggest),
            check: Some(&check),
            back: false,
            ..Ask::new("What does the person need?")
        };
        let answer = ui.ask(&question);
        let Answer::Given(mut text) = answer else {
            return Ok(answer_or(answer, |_: String| Go::Again));
        };
        let request = loop {
            match self.view.read(&text) {
                Ok(request) => break request,
                Err(RequestError::Ambiguous(ambiguous)) => {
                    match self.which_reading(ui, &ambiguous, &text) {
                        Answer::Given(clear) => text = clear,
                        Answer::Back => return Ok(Go::Again),
                        Answer::Leave(leave) => return Ok(Go::Leave(leave)),
                    }
                }
                Err(e) => {
                    ui.say(&e.to_string())?;
                    return Ok(Go::Again);
                }
            }
        };
        ui.say(&self.view.looking_for(&request))?;
        let place = match &request.place {
            Some(placed) => Some(self.view.where_of(placed.origin.clone())),
            None => progress.answers.place.clone(),
        };
        progress.answers = Answers {
            needs_text: text,
            needs: request.needs.clone(),
            request,
            place,
            ..Answers::default()
        };
        progress.gap_noted = false;
        Ok(Go::To(Step::Place))
    }

    /// Asks which reading of a word with two is meant (docs/REQUEST.md
    /// rule 4), and gives the request with the word for it in its place.
    fn which_reading(&self, ui: &mut dyn Ui, ambiguous: &Ambiguous, text: &str) -> Answer<String> {
        let options: Vec<String> = ambiguous
            .readings
            .iter()
            .map(|(meaning, word)| {
                format!(
                    "{word}: {}",
                    crate::directory::words::describe(std::slice::from_ref(meaning))
                )
            })
            .collect();
        let prompt = format!(
            "\"{}\" can mean two things. Which?",
            one_line(&ambiguous.word)
        );
        match ui.choose(&Choose {
            prompt: &prompt,
            options,
            default: 0,
            back: true,
        }) {
            Answer::Given(i) => {
                let word = &ambiguous.readings[i.min(ambiguous.readings.len() - 1)].1;
                Answer::Given(replace_word(text, &ambiguous.word, word))
            }
            Answer::Back => Answer::Back,
            Answer::Leave(leave) => Answer::Leave(leave),
        }
    }

    pub(super) fn place(&self, ui: &mut dyn Ui, progress: &mut Progress) -> Result<Go> {
        if progress.answers.request.place.is_some() {
            if progress.backing {
                return Ok(Go::Back);
            }
            let label = progress
                .answers
                .place
                .as_ref()
                .map(|w| w.label.clone())
                .unwrap_or_default();
            ui.say(&format!("> Where? {label} (from the request)"))?;
            self.reset_filters(ui, progress)?;
            return Ok(Go::To(self.after_filter(progress, None)));
        }
        let suggest = |text: &str| self.view.place_suggestions(text);
        let check = |text: &str| self.view.place(text).map(|_| ());
        let home = self.view.home.as_ref().map(|h| h.label.clone());
        let before = progress
            .answers
            .place
            .as_ref()
            .map(|w| w.label.clone())
            .filter(|label| Some(label) != home.as_ref());
        let question = Ask {
            default: home.as_deref(),
            initial: before.as_deref(),
            help: Some("Enter keeps the default; type to see places"),
            suggest: Some(&suggest),
            check: Some(&check),
            ..Ask::new("Where? (a station, place or postcode)")
        };
        let answer = ui.ask(&question);
        let Answer::Given(text) = answer else {
            return Ok(answer_or(answer, |_: String| Go::Again));
        };
        let place = match self.view.place(&text) {
            Ok(place) => place,
            Err(message) => {
                ui.say(&message)?;
                return Ok(Go::Again);
            }
        };
        if place != progress.answers.place {
            progress.gap_noted = false;
        }
        progress.answers.place = place;
        self.reset_filters(ui, progress)?;
        Ok(Go::To(self.after_filter(progress, None)))
    }

    /// The questions that matter for the needs and place, less those the
    /// request already answered (shown as answered from it).
    fn reset_filters(&self, ui: &mut dyn Ui, progress: &mut Progress) -> Result<()> {
        let answers = &mut progress.answers;
        answers.age = None;
        answers.walk_in = false;
        answers.lang = None;
        answers.payment = None;
        answers.any_time = false;
        answers.widened = 0;
        let person = &answers.request.person;
        let mut filters = self.view.filters(answers);
        let mut said = Vec::new();
        filters.retain(|filter| {
            let answered = match filter {
                Filter::Age => person.ages().map(|(low, high)| {
                    if low == high {
                        format!("> Age group? age {low}")
                    } else {
                        format!("> Age group? {low} to {high}")
                    }
                }),
                Filter::Lang => (!person.lang.is_empty()).then(|| {
                    let names: Vec<String> = person.lang.iter().map(|c| language_name(c)).collect();
                    format!("> Language the person speaks? {}", names.join(", "))
                }),
                Filter::Payment => (!person.payment.is_empty()).then(|| {
                    format!(
                        "> Insurance: how will the person pay? {}",
                        person.payment.join(" or ")
                    )
                }),
                Filter::WalkIn => None,
            };
            match answered {
                Some(line) => {
                    said.push(format!("{line} (from the request)"));
                    false
                }
                None => true,
            }
        });
        progress.filters = filters;
        for line in said {
            ui.say(&line)?;
        }
        Ok(())
    }

    /// The step after a question (or after the place, for `None`).
    fn after_filter(&self, progress: &Progress, filter: Option<Filter>) -> Step {
        let next = match filter {
            None => progress.filters.first(),
            Some(f) => progress.filters.iter().skip_while(|g| **g != f).nth(1),
        };
        next.map_or(Step::Results, |f| Step::Filter(*f))
    }

    pub(super) fn filter(
        &self,
        ui: &mut dyn Ui,
        progress: &mut Progress,
        filter: Filter,
    ) -> Result<Go> {
        let next = Go::To(self.after_filter(progress, Some(filter)));
        let answers = &mut progress.answers;
        let go = match filter {
            Filter::Age => {
                let options = vec![
                    "Skip: any age".to_string(),
                    "Under 18".to_string(),
                    "18 or over".to_string(),
                ];
                let default = match answers.age {
                    None => 0,
                    Some(AgeGroup::Under18) => 1,
                    Some(AgeGroup::Adult) => 2,
                };
                let answer = ui.choose(&Choose {
                    prompt: "Age group?",
                    options,
                    default,
                    back: true,
                });
                answer_or(answer, |i| {
                    answers.age = match i {
                        1 => Some(AgeGroup::Under18),
                        2 => Some(AgeGroup::Adult),
                        _ => None,
                    };
                    next
                })
            }
            Filter::WalkIn => {
                let answer = ui.choose(&Choose {
                    prompt: "Walk-in only?",
                    options: vec![
                        "Skip: any".to_string(),
                        "Yes: only places that take walk-ins".to_string(),
                    ],
                    default: usize::from(answers.walk_in),
                    back: true,
                });
                answer_or(answer, |i| {
                    answers.walk_in = i == 1;
                    next
                })
            }
            Filter::Lang => return self.language(ui, progress, next),
            Filter::Payment => {
                let payments = self.view.payments(answers);
                let mut options = vec![
                    "Skip: any".to_string(),
                    "No insurance, cannot pay (free services)".to_string(),
                ];
                options.extend(payments.iter().map(|p| payment_words(p)));
                let default = match answers.payment.as_deref() {
                    None => 0,
                    Some("free") => 1,
                    Some(p) => payments.iter().position(|q| *q == p).map_or(0, |i| i + 2),
                };
                let answer = ui.choose(&Choose {
                    prompt: "Insurance: how will the person pay?",
                    options,
                    default,
                    back: true,
                });
                answer_or(answer, |i| {
                    answers.payment = match i {
                        0 => None,
                        1 => Some("free".to_string()),
                        i => payments.get(i - 2).map(|p| (*p).to_string()),
                    };
                    next
                })
            }
        };
        Ok(go)
    }

    fn language(&self, ui: &mut dyn Ui, progress: &mut Progress, next: Go) -> Result<Go> {
        let codes = self.view.languages(&progress.answers);
        let mut options = vec!["Skip: any language".to_string()];
        options.extend(codes.iter().map(|c| language_name(c)));
        options.push("Another language: type its code".to_string());
        let other = options.len() - 1;
        let default = match &progress.answers.lang {
            None => 0,
            Some(code) => codes
                .iter()
                .position(|c| c == code)
                .map_or(other, |i| i + 1),
        };
        loop {
            let answer = ui.choose(&Choose {
                prompt: "Language the person speaks?",
                options: options.clone(),
                default,
                back: true,
            });
            let i = match answer {
                Answer::Given(i) => i,
                Answer::Back => return Ok(Go::Back),
                Answer::Leave(leave) => return Ok(Go::Leave(leave)),
            };
            if i == 0 {
                progress.answers.lang = None;
                return Ok(next);
            }
            if let Some(code) = codes.get(i - 1) {
                progress.answers.lang = Some(code.clone());
                return Ok(next);
            }
            let check = |text: &str| {
                let code = text.trim().to_lowercase();
                if crate::directory::lang::is_language_code(&code) {
                    Ok(())
                } else {
                    Err(format!(
                        "\"{}\" is not a language code: two letters such as es, ar, pl",
                        one_line(text.trim())
                    ))
                }
            };
            let answer = ui.ask(&Ask {
                initial: progress.answers.lang.as_deref(),
                check: Some(&check),
                ..Ask::new("Language code (ISO 639-1, such as pl or ar)?")
            });
            match answer {
                Answer::Given(code) => {
                    progress.answers.lang = Some(code.trim().to_lowercase());
                    return Ok(next);
                }
                Answer::Back => continue,
                Answer::Leave(leave) => return Ok(Go::Leave(leave)),
            }
        }
    }
}
