//! The desk's steps, one question at a time: what the person needs,
//! where, the questions that change the answer, the results and what to
//! do with them, then the slip (pathway, warm handoff, first name, print
//! or show).
//!
//! A small state machine over [`Step`]s: each step asks through the
//! [`Ui`] and says which step comes next. Every step the officer passed is
//! kept, so "back" returns to the one before (skipped questions are never
//! returned to), with the answer given before ready to correct. Esc or
//! Ctrl-C leaves from any step.
//!
//! The steps live by stage: `questions` (the need, the place, the
//! questions that change the answer), `results` (the list and what to
//! do with it), `handover` (the slip). The person's first name lives
//! only in the slip step and the slip's text; it is dropped as soon as the
//! slip is printed or shown.

mod handover;
mod questions;
mod results;

use anyhow::Result;

use crate::config::Config;
use crate::desk::answers::{Answers, Filter};
use crate::desk::ui::{Answer, Leave, Ui};
use crate::desk::view::DeskView;
use crate::records::policy::Recorder;
use crate::sanitize::one_line;

/// The steps of the desk.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    /// What the person needs.
    Need,
    /// Where.
    Place,
    /// A question that changes the answer.
    Filter(Filter),
    /// The results and what to do with them.
    Results,
    /// Which results go on the slip.
    Pick,
    /// The deflection pathway.
    Pathway,
    /// Whether the officer is calling the service now.
    Warm,
    /// The first name printed on the slip.
    Name,
    /// Print or show the slip.
    Deliver,
    /// After a slip: leave, another slip, or the next person.
    After,
}

/// How a desk session ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// The officer said they were done.
    Done {
        /// Slips printed or shown.
        slips: usize,
    },
    /// The officer left (Esc, Ctrl-C, end of input) before saying so.
    Left(Leave),
}

/// What a step says comes next.
enum Go {
    /// Move on, keeping this step to come back to.
    To(Step),
    /// Ask this step again (after a widening, a step shown in full, a
    /// failed print).
    Again,
    /// The step before.
    Back,
    /// Back to the results, forgetting the slip steps.
    ToResults,
    /// Everything forgotten, from the first question.
    Restart,
    /// The end.
    Done,
    /// Leave now.
    Leave(Leave),
}

/// How far one session has come, and what was answered on the way.
/// Nothing of it outlives the session.
#[derive(Default)]
struct Progress {
    answers: Answers,
    /// The questions that matter for the needs and place answered.
    filters: Vec<Filter>,
    /// The steps passed, for "back".
    history: Vec<Step>,
    /// Result indexes for the slip.
    chosen: Vec<usize>,
    pathway: Option<String>,
    warm: bool,
    /// The first name for the slip: printed, never stored.
    name: Option<String>,
    /// Whether the list is shown again on returning to the results.
    quiet: bool,
    /// Whether the gap of these needs and place was handed on.
    gap_noted: bool,
    /// Whether the last move was "back": a step the request answered is
    /// then passed over backwards too.
    backing: bool,
    /// How many results the list shows.
    shown: usize,
    slips: usize,
}

/// One desk session: the station's config, who writes its records, the
/// desk's view of the directory and the size to lay lines out in.
pub struct Flow<'a> {
    config: &'a Config,
    recorder: Recorder<'a>,
    view: &'a DeskView<'a>,
    columns: usize,
    /// The terminal's rows, when the list must fit above the choices.
    rows: Option<usize>,
}

/// The answer given, else where "back" or leaving goes.
fn answer_or<T>(answer: Answer<T>, given: impl FnOnce(T) -> Go) -> Go {
    match answer {
        Answer::Given(value) => given(value),
        Answer::Back => Go::Back,
        Answer::Leave(leave) => Go::Leave(leave),
    }
}

impl<'a> Flow<'a> {
    /// A session on `view`, with the station's `config`, its records
    /// written by `recorder`, laying lines out in `columns` columns (at
    /// least 40).
    pub fn new(
        config: &'a Config,
        recorder: Recorder<'a>,
        view: &'a DeskView<'a>,
        columns: usize,
    ) -> Self {
        Flow {
            config,
            recorder,
            view,
            columns: columns.max(40),
            rows: None,
        }
    }

    /// Lists only as many results as fit on a terminal of `rows` rows
    /// above the choice that follows (at least 3).
    #[must_use]
    pub fn rows(mut self, rows: usize) -> Self {
        self.rows = Some(rows);
        self
    }

    /// Runs the desk until the officer is done or leaves.
    ///
    /// # Errors
    /// When the screen cannot be written to, or no referral code can be
    /// drawn.
    pub fn run(&self, ui: &mut dyn Ui) -> Result<Outcome> {
        let mut progress = Progress::default();
        let mut step = Step::Need;
        self.banner(ui)?;
        loop {
            let go = match step {
                Step::Need => self.need(ui, &mut progress)?,
                Step::Place => self.place(ui, &mut progress)?,
                Step::Filter(filter) => self.filter(ui, &mut progress, filter)?,
                Step::Results => self.results(ui, &mut progress)?,
                Step::Pick => self.pick(ui, &mut progress),
                Step::Pathway => self.pathway(ui, &mut progress),
                Step::Warm => self.warm(ui, &mut progress)?,
                Step::Name => self.name(ui, &mut progress),
                Step::Deliver => self.deliver(ui, &mut progress)?,
                Step::After => self.after(ui, &mut progress),
            };
            progress.backing = matches!(go, Go::Back);
            match go {
                Go::To(next) => {
                    progress.history.push(step);
                    step = next;
                }
                Go::Again => {}
                Go::Back => {
                    progress.quiet = false;
                    step = progress.history.pop().unwrap_or(Step::Need);
                }
                Go::ToResults => {
                    if let Some(at) = progress.history.iter().rposition(|s| *s == Step::Results) {
                        progress.history.truncate(at);
                    }
                    progress.quiet = false;
                    step = Step::Results;
                }
                Go::Restart => {
                    let slips = progress.slips;
                    progress = Progress {
                        slips,
                        ..Progress::default()
                    };
                    // Nothing of the last person stays on the screen.
                    ui.clear()?;
                    self.banner(ui)?;
                    step = Step::Need;
                }
                Go::Done => {
                    ui.clear()?;
                    return Ok(Outcome::Done {
                        slips: progress.slips,
                    });
                }
                Go::Leave(leave) => {
                    if !matches!(leave, Leave::Broken(_)) {
                        ui.clear()?;
                    }
                    return Ok(Outcome::Left(leave));
                }
            }
        }
    }

    /// The demo warning, on a demo directory.
    fn banner(&self, ui: &mut dyn Ui) -> Result<()> {
        if self.view.directory.info.demo {
            ui.say(crate::render::DEMO_BANNER)?;
        }
        Ok(())
    }
}

/// Result numbers as typed (`1 3`, `1,3`, `2`), as indexes, each once.
///
/// # Errors
/// A message naming what is not a result number.
pub fn numbers(text: &str, count: usize) -> Result<Vec<usize>, String> {
    let mut chosen = Vec::new();
    for word in text
        .split(|c: char| c == ',' || c.is_whitespace())
        .filter(|w| !w.is_empty())
    {
        match word.parse::<usize>() {
            Ok(n) if (1..=count).contains(&n) => {
                if !chosen.contains(&(n - 1)) {
                    chosen.push(n - 1);
                }
            }
            _ => {
                return Err(format!(
                    "\"{}\" is not a result number: type numbers from 1 to {count}",
                    one_line(word)
                ))
            }
        }
    }
    if chosen.is_empty() {
        return Err(format!("type one or more numbers from 1 to {count}"));
    }
    Ok(chosen)
}

/// `text` with the first whole-word `word` (as typed) put as `with`.
fn replace_word(text: &str, word: &str, with: &str) -> String {
    let lower = text.to_lowercase();
    let wanted = word.to_lowercase();
    let mut from = 0;
    while let Some(at) = lower[from..].find(&wanted).map(|i| i + from) {
        let end = at + wanted.len();
        let before = lower[..at]
            .chars()
            .last()
            .is_none_or(|c| !c.is_alphanumeric());
        let after = lower[end..]
            .chars()
            .next()
            .is_none_or(|c| !c.is_alphanumeric());
        if before && after && text.is_char_boundary(at) && text.is_char_boundary(end) {
            return format!("{}{with}{}", &text[..at], &text[end..]);
        }
        from = end;
    }
    format!("{text} {with}")
}
