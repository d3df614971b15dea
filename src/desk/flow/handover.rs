//! The slip: which results go on it, the pathway, a warm handoff, the
//! person's first name, then printed or shown, and its referral handed to
//! the records; after it, another slip or the next person.

use anyhow::Result;

use crate::desk::answers::Answers;
use crate::desk::ui::{Answer, Ask, Choose, Ui};
use crate::desk::wording::fit;
use crate::directory::model::PATHWAYS;
use crate::matching::{Hit, HoursBook};
use crate::sanitize::one_line;
use crate::slip::handover::{language, send};
use crate::slip::{self, Asked, Entry, Slip};
use crate::wrap::wrap;

use super::{answer_or, numbers, Flow, Go, Progress, Step};

/// A line said on the screen as a sentence: `Slip sent to the default
/// printer.`; one that ends with what `lp` said keeps it as it is.
fn sentence(line: &str) -> String {
    let mut chars = line.chars();
    let Some(first) = chars.next() else {
        return String::new();
    };
    let mut said: String = first.to_uppercase().chain(chars).collect();
    if !said.contains(": ") {
        said.push('.');
    }
    said
}

/// A pathway and what it means, for the choice.
fn pathway_words(pathway: &str) -> &'static str {
    match pathway {
        "self-referral" => "walked in or called asking for help",
        "active-outreach" => "officers sought the person out",
        "naloxone-plus" => "a follow-up after an overdose",
        "officer-prevention" => "on a call, with no charge",
        "officer-intervention" => "instead of an arrest",
        "community-responder" => "a crisis team answered",
        _ => "",
    }
}

impl Flow<'_> {
    pub(super) fn pick(&self, ui: &mut dyn Ui, progress: &mut Progress) -> Go {
        let count = progress.shown;
        let check = |text: &str| numbers(text, count).map(|_| ());
        let before = progress
            .chosen
            .iter()
            .map(|i| (i + 1).to_string())
            .collect::<Vec<_>>()
            .join(" ");
        let answer = ui.ask(&Ask {
            default: Some("1"),
            initial: (!before.is_empty()).then_some(before.as_str()),
            check: Some(&check),
            ..Ask::new("Which results on the slip? (numbers, such as 1 3)")
        });
        answer_or(answer, |text| match numbers(&text, count) {
            Ok(chosen) => {
                progress.chosen = chosen;
                Go::To(Step::Pathway)
            }
            Err(_) => Go::Again,
        })
    }

    pub(super) fn pathway(&self, ui: &mut dyn Ui, progress: &mut Progress) -> Go {
        let configured = self.config.station.pathway.as_deref();
        let current = progress.pathway.as_deref().or(configured);
        let default = current
            .and_then(|p| PATHWAYS.iter().position(|q| *q == p))
            .unwrap_or(0);
        let options = PATHWAYS
            .iter()
            .map(|p| fit(&format!("{p}: {}", pathway_words(p)), self.columns - 4))
            .collect();
        let answer = ui.choose(&Choose {
            prompt: "Pathway?",
            options,
            default,
            back: true,
        });
        answer_or(answer, |i| {
            progress.pathway = PATHWAYS.get(i).map(|p| (*p).to_string());
            Go::To(Step::Warm)
        })
    }

    pub(super) fn warm(&self, ui: &mut dyn Ui, progress: &mut Progress) -> Result<Go> {
        let answer = ui.choose(&Choose {
            prompt: "Are you calling the service now (a warm handoff)?",
            options: vec![
                "No: the person takes the slip".to_string(),
                "Yes: I am calling them now".to_string(),
            ],
            default: usize::from(progress.warm),
            back: true,
        });
        let warm = match answer {
            Answer::Given(i) => i == 1,
            Answer::Back => return Ok(Go::Back),
            Answer::Leave(leave) => return Ok(Go::Leave(leave)),
        };
        progress.warm = warm;
        if warm {
            let hits = self.view.results(&progress.answers);
            for hit in progress.chosen.iter().filter_map(|&i| hits.get(i)) {
                let s = hit.service;
                ui.say(&fit(
                    &format!("Call {}: {}", one_line(&s.name), one_line(&s.phone)),
                    self.columns,
                ))?;
                if let Some(notes) = &s.referral_notes {
                    let text = format!("At intake: {}", one_line(notes));
                    for line in wrap(&text, self.columns, "  ", "  ") {
                        ui.say(&line)?;
                    }
                }
            }
        }
        Ok(Go::To(Step::Name))
    }

    pub(super) fn name(&self, ui: &mut dyn Ui, progress: &mut Progress) -> Go {
        let before = progress.name.clone();
        let answer = ui.ask(&Ask {
            initial: before.as_deref(),
            help: Some("printed on the slip, never stored; Enter for none"),
            ..Ask::new("First name for the slip? (optional)")
        });
        answer_or(answer, |text| {
            let text = text.trim();
            progress.name = (!text.is_empty()).then(|| text.to_string());
            Go::To(Step::Deliver)
        })
    }

    pub(super) fn deliver(&self, ui: &mut dyn Ui, progress: &mut Progress) -> Result<Go> {
        let queue = self.config.slip.printer.as_deref();
        let print_label = match queue {
            Some(q) => format!("Print it on {}", one_line(q)),
            None => "Print it on the default printer".to_string(),
        };
        let answer = ui.choose(&Choose {
            prompt: "The slip:",
            options: vec![print_label, "Show it here".to_string()],
            default: if queue.is_some() { 0 } else { 1 },
            back: true,
        });
        let print = match answer {
            Answer::Given(i) => i == 0,
            Answer::Back => return Ok(Go::Back),
            Answer::Leave(leave) => {
                progress.name = None;
                return Ok(Go::Leave(leave));
            }
        };
        let view = self.view;
        let hits = view.results(&progress.answers);
        let chosen: Vec<&Hit<'_>> = progress
            .chosen
            .iter()
            .filter_map(|&i| hits.get(i))
            .collect();
        if chosen.is_empty() {
            ui.say("No result is chosen for the slip.")?;
            return Ok(Go::ToResults);
        }
        let mut book = HoursBook::new(view.directory);
        let entries = chosen
            .iter()
            .map(|h| Entry::of_hit(view.directory, h, &mut book, view.at))
            .collect();
        let asked = Asked {
            person: progress.name.as_deref(),
            pathway: progress.pathway.as_deref(),
            print,
            warm_handoff: progress.warm,
            ..Asked::default()
        };
        let origin = progress.answers.place.as_ref().map(|w| &w.origin);
        let station = &self.config.station;
        let slip = Slip::handed_over(view.directory, view.at, origin, entries, station, &asked)?;
        if !self.hand_over(ui, &slip, &asked, &progress.answers)? {
            return Ok(Go::Again);
        }
        let handed = slip.handed(asked.warm_handoff);
        // The name was printed; it is forgotten now.
        drop(slip);
        progress.name = None;
        progress.slips += 1;
        // records: the referral of the printed or shown slip.
        if let Some(line) = self.recorder.referral(view.directory, &handed) {
            ui.say(&line)?;
        }
        Ok(Go::To(Step::After))
    }

    /// Prints the slip or shows it here, in the person's language where
    /// deflect has its words; `false` when printing failed (the officer
    /// may then show it instead).
    fn hand_over(
        &self,
        ui: &mut dyn Ui,
        slip: &Slip<'_>,
        asked: &Asked<'_>,
        answers: &Answers,
    ) -> Result<bool> {
        let settings = &self.config.slip;
        let langs = self.view.query(answers).person.langs;
        let (lang, note) = language(langs.iter().map(String::as_str), settings);
        let rendered = slip::text(slip, &asked.style(settings, lang));
        if !asked.print {
            if let Some(note) = note {
                ui.say(&note)?;
            }
            ui.say("")?;
            ui.say(rendered.trim_end())?;
            return Ok(true);
        }
        match send(&rendered, asked.queue(settings)) {
            Ok(line) => ui.say(&fit(&sentence(&line), self.columns))?,
            Err(message) => {
                ui.say(&message)?;
                ui.say("Choose \"Show it here\" to show the slip instead.")?;
                return Ok(false);
            }
        }
        ui.say(&format!("Referral code: {}", slip.code))?;
        Ok(true)
    }

    pub(super) fn after(&self, ui: &mut dyn Ui, progress: &mut Progress) -> Go {
        progress.name = None;
        let answer = ui.choose(&Choose {
            prompt: "Done?",
            options: vec![
                "Done: leave the desk".to_string(),
                "Another slip from these results".to_string(),
                "Start again for the next person".to_string(),
            ],
            default: 0,
            back: false,
        });
        match answer {
            Answer::Given(1) => {
                progress.warm = false;
                Go::ToResults
            }
            Answer::Given(2) => Go::Restart,
            Answer::Given(_) | Answer::Back => Go::Done,
            Answer::Leave(leave) => Go::Leave(leave),
        }
    }
}
