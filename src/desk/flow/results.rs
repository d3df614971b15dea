//! The results and what to do with them: the list (as many as fit above
//! the choice), the crisis lines and what is open nearby when nothing
//! that meets the needs is, the gap handed to the records, and one result
//! shown in full.

use anyhow::Result;

use crate::desk::answers::{RADII, RESULTS};
use crate::desk::ui::{Answer, Choose, Leave, Ui};
use crate::desk::view::DeskView;
use crate::desk::wording::fit;
use crate::matching::{Hit, HoursBook};
use crate::records::policy::Unmet;
use crate::render::show::{text as show_text, Shown};
use crate::sanitize::one_line;

use super::{Flow, Go, Progress, Step};

/// The rows the choice after the results takes: up to eight options and
/// Back, the question, the help and the cursor's line.
const MENU_ROWS: usize = 12;

/// What the officer may do after the results.
#[derive(Clone, Copy)]
enum Next {
    Slip,
    Pick,
    Show,
    AnyTime,
    Farther,
    Restart,
    Leave,
}

impl Flow<'_> {
    /// How many results to list: at most [`RESULTS`], and on a terminal
    /// as many as fit with the heading, the crisis lines and the choice.
    pub(super) fn how_many(&self, hits: &[Hit<'_>]) -> usize {
        let most = hits.len().min(RESULTS);
        let Some(rows) = self.rows else {
            return most;
        };
        let mut used = 3 + MENU_ROWS;
        if !DeskView::any_open(hits) {
            used += 2 + self.view.directory.info.crisis_lines.len();
        }
        let mut count = 0;
        for (i, hit) in hits.iter().take(most).enumerate() {
            used += self
                .view
                .result_lines(i + 1, hit, self.columns, self.view.at)
                .len();
            if used > rows && count >= 3 {
                break;
            }
            count += 1;
        }
        count
    }

    /// The results, then what next: a slip, one shown in full, widen the
    /// time or the distance, start again or leave.
    pub(super) fn results(&self, ui: &mut dyn Ui, progress: &mut Progress) -> Result<Go> {
        let hits = self.view.results(&progress.answers);
        progress.shown = self.how_many(&hits);
        let shown = &hits[..progress.shown.min(hits.len())];
        // After a result shown in full, the list is not said again.
        if !progress.quiet {
            self.list(ui, progress, shown, &hits)?;
        }
        progress.quiet = false;
        let options = self.next_options(progress, shown);
        let answer = ui.choose(&Choose {
            prompt: "What next?",
            options: options
                .iter()
                .map(|(label, _)| fit(label, self.columns - 4))
                .collect(),
            default: 0,
            back: true,
        });
        let i = match answer {
            Answer::Given(i) => i,
            Answer::Back => return Ok(Go::Back),
            Answer::Leave(leave) => return Ok(Go::Leave(leave)),
        };
        Ok(match options.get(i).map(|(_, a)| *a) {
            Some(Next::Slip) => {
                progress.chosen = vec![0];
                Go::To(Step::Pathway)
            }
            Some(Next::Pick) => Go::To(Step::Pick),
            Some(Next::Show) => match self.show(ui, shown)? {
                Some(leave) => Go::Leave(leave),
                None => {
                    progress.quiet = true;
                    Go::Again
                }
            },
            Some(Next::AnyTime) => {
                progress.answers.any_time = true;
                Go::Again
            }
            Some(Next::Farther) => {
                progress.answers.widened += 1;
                Go::Again
            }
            Some(Next::Restart) => Go::Restart,
            Some(Next::Leave) | None => Go::Done,
        })
    }

    /// The heading, the results that fit, and what to do when none is
    /// open.
    fn list(
        &self,
        ui: &mut dyn Ui,
        progress: &mut Progress,
        shown: &[Hit<'_>],
        hits: &[Hit<'_>],
    ) -> Result<()> {
        let view = self.view;
        ui.say("")?;
        for line in view.heading(&progress.answers, shown.len(), hits.len()) {
            ui.say(&fit(&line, self.columns))?;
        }
        let at = view.at_of(&progress.answers);
        for (i, hit) in shown.iter().enumerate() {
            for line in view.result_lines(i + 1, hit, self.columns, at) {
                ui.say(&line)?;
            }
        }
        if !DeskView::any_open(hits) {
            self.nothing_open(ui, progress)?;
        }
        Ok(())
    }

    /// The choices after the results, each with its label: a slip when
    /// there is a result, widening while there is room to widen.
    fn next_options(&self, progress: &Progress, shown: &[Hit<'_>]) -> Vec<(String, Next)> {
        let mut options: Vec<(String, Next)> = Vec::new();
        if let Some(first) = shown.first() {
            options.push((
                format!("Slip for 1. {}", one_line(&first.service.name)),
                Next::Slip,
            ));
            if shown.len() > 1 {
                options.push(("Slip for another, or several…".into(), Next::Pick));
            }
            options.push(("Show one in full…".into(), Next::Show));
        }
        let answers = &progress.answers;
        if !answers.any_time {
            options.push(("Widen: any time (closed ones too)".into(), Next::AnyTime));
        }
        if answers.place.is_some() && answers.widened < RADII.len() {
            let label = match RADII.get(answers.widened + 1) {
                Some(r) => format!(
                    "Widen: up to {r} {}",
                    self.view.directory.info.units.as_str()
                ),
                None => "Widen: any distance".to_string(),
            };
            options.push((label, Next::Farther));
        }
        options.push(("Start again".into(), Next::Restart));
        options.push(("Leave the desk".into(), Next::Leave));
        options
    }

    /// When nothing listed is open: the crisis lines, and the gap handed
    /// on (once for these needs and this place).
    fn nothing_open(&self, ui: &mut dyn Ui, progress: &mut Progress) -> Result<()> {
        if progress.answers.any_time {
            ui.say("Nothing listed is open now.")?;
        } else {
            ui.say("Nothing is open now. Widen to any time to see what opens soonest.")?;
        }
        let lines = self.view.crisis_lines();
        if !lines.is_empty() {
            ui.say("Crisis lines, any time:")?;
            for line in lines {
                ui.say(&fit(&line, self.columns))?;
            }
        }
        for line in self.view.related_lines(&progress.answers, self.columns) {
            ui.say(&line)?;
        }
        if !progress.gap_noted {
            progress.gap_noted = true;
            // records: a gap (need, hour, area with nothing open), for
            // the time searched for.
            let answers = &progress.answers;
            let categories = answers.categories();
            let unmet = Unmet {
                categories: &categories,
                place: answers
                    .place
                    .as_ref()
                    .and_then(|w| w.kind.recorded_name(&w.origin)),
                searched: self.view.at_of(answers),
            };
            if let Some(line) = self.recorder.gap(self.view.directory, &unmet) {
                ui.say(&line)?;
            }
        }
        Ok(())
    }

    /// One result in full, as `deflect show` prints it; `Some` when the
    /// officer left instead.
    fn show(&self, ui: &mut dyn Ui, shown: &[Hit<'_>]) -> Result<Option<Leave>> {
        let options: Vec<String> = shown
            .iter()
            .enumerate()
            .map(|(i, h)| {
                fit(
                    &format!("{}. {}", i + 1, one_line(&h.service.name)),
                    self.columns - 4,
                )
            })
            .collect();
        let answer = ui.choose(&Choose {
            prompt: "Show which one?",
            options,
            default: 0,
            back: true,
        });
        let i = match answer {
            Answer::Given(i) => i,
            Answer::Back => return Ok(None),
            Answer::Leave(leave) => return Ok(Some(leave)),
        };
        let Some(hit) = shown.get(i) else {
            return Ok(None);
        };
        let mut book = HoursBook::new(self.view.directory);
        let shown = Shown {
            directory: self.view.directory,
            service: hit.service,
            status: hit.status.clone(),
            at: self.view.at,
            distance_km: hit.distance_km,
        };
        let mut text = Vec::new();
        show_text(&mut text, &shown, &mut book)?;
        ui.say("")?;
        ui.say(String::from_utf8_lossy(&text).trim_end())?;
        Ok(None)
    }
}
