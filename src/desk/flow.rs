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
//! The person's first name lives only in the slip step and the slip's
//! text; it is dropped as soon as the slip is printed or shown.

use anyhow::Result;

use crate::cli::SlipOptions;
use crate::commands::Context;
use crate::desk::hooks::{self, GapFacts, ReferralFacts};
use crate::desk::search::{
    fit, language_name, payment_words, AgeGroup, Answers, Desk, Filter, PlaceKind, RADII, RESULTS,
};
use crate::desk::ui::{Answer, Ask, Choose, Leave, Ui};
use crate::directory::model::PATHWAYS;
use crate::matching::{Hit, HoursBook};
use crate::places::haversine_km;
use crate::render::show::{text as show_text, Shown};
use crate::request::{Ambiguous, RequestError};
use crate::sanitize::one_line;
use crate::slip::wrap::wrap;
use crate::slip::{self, print, Entry, Slip};

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

/// What the desk holds during one session. Nothing of it outlives the
/// session.
#[derive(Default)]
struct State {
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

/// One desk session: a context (config and time), the desk's view of the
/// directory and the size to lay lines out in.
pub struct Flow<'a> {
    context: &'a Context<'a>,
    desk: &'a Desk<'a>,
    columns: usize,
    /// The terminal's rows, when the list must fit above the choices.
    rows: Option<usize>,
}

/// The rows the choice after the results takes: up to eight options and
/// Back, the question, the help and the cursor's line.
const MENU_ROWS: usize = 12;

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

fn answer_or<T>(answer: Answer<T>, given: impl FnOnce(T) -> Go) -> Go {
    match answer {
        Answer::Given(value) => given(value),
        Answer::Back => Go::Back,
        Answer::Leave(leave) => Go::Leave(leave),
    }
}

impl<'a> Flow<'a> {
    /// A session on `desk`, laying lines out in `columns` columns (at
    /// least 40).
    pub fn new(context: &'a Context<'a>, desk: &'a Desk<'a>, columns: usize) -> Self {
        Flow {
            context,
            desk,
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

    /// How many results to list: at most [`RESULTS`], and on a terminal
    /// as many as fit with the heading, the crisis lines and the choice.
    fn how_many(&self, hits: &[Hit<'_>]) -> usize {
        let most = hits.len().min(RESULTS);
        let Some(rows) = self.rows else {
            return most;
        };
        let mut used = 3 + MENU_ROWS;
        if !Desk::any_open(hits) {
            used += 2 + self.desk.directory.info.crisis_lines.len();
        }
        let mut count = 0;
        for (i, hit) in hits.iter().take(most).enumerate() {
            used += self
                .desk
                .result_lines(i + 1, hit, self.columns, self.desk.at)
                .len();
            if used > rows && count >= 3 {
                break;
            }
            count += 1;
        }
        count
    }

    /// Runs the desk until the officer is done or leaves.
    ///
    /// # Errors
    /// When the screen cannot be written to, or no referral code can be
    /// drawn.
    pub fn run(&self, ui: &mut dyn Ui) -> Result<Outcome> {
        let mut state = State::default();
        let mut step = Step::Need;
        self.banner(ui)?;
        loop {
            let go = match step {
                Step::Need => self.need(ui, &mut state)?,
                Step::Place => self.place(ui, &mut state)?,
                Step::Filter(filter) => self.filter(ui, &mut state, filter)?,
                Step::Results => self.results(ui, &mut state)?,
                Step::Pick => self.pick(ui, &mut state),
                Step::Pathway => self.pathway(ui, &mut state),
                Step::Warm => self.warm(ui, &mut state)?,
                Step::Name => self.name(ui, &mut state),
                Step::Deliver => self.deliver(ui, &mut state)?,
                Step::After => self.after(ui, &mut state),
            };
            state.backing = matches!(go, Go::Back);
            match go {
                Go::To(next) => {
                    state.history.push(step);
                    step = next;
                }
                Go::Again => {}
                Go::Back => {
                    state.quiet = false;
                    step = state.history.pop().unwrap_or(Step::Need);
                }
                Go::ToResults => {
                    if let Some(at) = state.history.iter().rposition(|s| *s == Step::Results) {
                        state.history.truncate(at);
                    }
                    state.quiet = false;
                    step = Step::Results;
                }
                Go::Restart => {
                    let slips = state.slips;
                    state = State {
                        slips,
                        ..State::default()
                    };
                    // Nothing of the last person stays on the screen.
                    ui.clear()?;
                    self.banner(ui)?;
                    step = Step::Need;
                }
                Go::Done => {
                    ui.clear()?;
                    return Ok(Outcome::Done { slips: state.slips });
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
        if self.desk.directory.info.demo {
            ui.say(crate::render::DEMO_BANNER)?;
        }
        Ok(())
    }

    fn need(&self, ui: &mut dyn Ui, state: &mut State) -> Result<Go> {
        let suggest = |text: &str| self.desk.need_suggestions(text);
        // A word with two readings is asked about after the answer, not
        // refused while typing.
        let check = |text: &str| match self.desk.read(text) {
            Ok(_) | Err(RequestError::Ambiguous(_)) => Ok(()),
            Err(e) => Err(one_line(&e.to_string())),
        };
        let initial = state.answers.needs_text.clone();
        let question = Ask {
            prompt: "What does the person need?",
            default: Some("anything"),
            initial: (!initial.is_empty()).then_some(initial.as_str()),
            help: Some("in their words, e.g. detox for alcohol, narcan, a bed tonight"),
            suggest: Some(&suggest),
            check: Some(&check),
            back: false,
        };
        let answer = ui.ask(&question);
        let Answer::Given(mut text) = answer else {
            return Ok(answer_or(answer, |_: String| Go::Again));
        };
        let request = loop {
            match self.desk.read(&text) {
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
        ui.say(&self.desk.looking_for(&request))?;
        let place = match &request.place {
            Some(placed) => Some(self.desk.where_of(placed.origin.clone(), false)),
            None => state.answers.place.clone(),
        };
        state.answers = Answers {
            needs_text: text,
            needs: request.needs.clone(),
            request,
            place,
            ..Answers::default()
        };
        state.gap_noted = false;
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

    fn place(&self, ui: &mut dyn Ui, state: &mut State) -> Result<Go> {
        if state.answers.request.place.is_some() {
            if state.backing {
                return Ok(Go::Back);
            }
            let label = state
                .answers
                .place
                .as_ref()
                .map(|w| w.label.clone())
                .unwrap_or_default();
            ui.say(&format!("> Where? {label} (from the request)"))?;
            self.reset_filters(ui, state)?;
            return Ok(Go::To(self.after_filter(state, None)));
        }
        let suggest = |text: &str| self.desk.place_suggestions(text);
        let check = |text: &str| self.desk.place(text).map(|_| ());
        let home = self.desk.home.as_ref().map(|h| h.label.clone());
        let before = state
            .answers
            .place
            .as_ref()
            .map(|w| w.label.clone())
            .filter(|label| Some(label) != home.as_ref());
        let question = Ask {
            prompt: "Where? (a station, place or postcode)",
            default: home.as_deref(),
            initial: before.as_deref(),
            help: Some("Enter keeps the default; type to see places"),
            suggest: Some(&suggest),
            check: Some(&check),
            back: true,
        };
        let answer = ui.ask(&question);
        let Answer::Given(text) = answer else {
            return Ok(answer_or(answer, |_: String| Go::Again));
        };
        let place = match self.desk.place(&text) {
            Ok(place) => place,
            Err(message) => {
                ui.say(&message)?;
                return Ok(Go::Again);
            }
        };
        if place != state.answers.place {
            state.gap_noted = false;
        }
        state.answers.place = place;
        self.reset_filters(ui, state)?;
        Ok(Go::To(self.after_filter(state, None)))
    }

    /// The questions that matter for the needs and place, less those the
    /// request already answered (shown as answered from it).
    fn reset_filters(&self, ui: &mut dyn Ui, state: &mut State) -> Result<()> {
        let answers = &mut state.answers;
        answers.age = None;
        answers.walk_in = false;
        answers.lang = None;
        answers.payment = None;
        answers.any_time = false;
        answers.widened = 0;
        let person = &answers.request.person;
        let mut filters = self.desk.filters(answers);
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
        state.filters = filters;
        for line in said {
            ui.say(&line)?;
        }
        Ok(())
    }

    /// The step after a question (or after the place, for `None`).
    fn after_filter(&self, state: &State, filter: Option<Filter>) -> Step {
        let next = match filter {
            None => state.filters.first(),
            Some(f) => state.filters.iter().skip_while(|g| **g != f).nth(1),
        };
        next.map_or(Step::Results, |f| Step::Filter(*f))
    }

    fn filter(&self, ui: &mut dyn Ui, state: &mut State, filter: Filter) -> Result<Go> {
        let next = Go::To(self.after_filter(state, Some(filter)));
        let answers = &mut state.answers;
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
            Filter::Lang => return self.language(ui, state, next),
            Filter::Payment => {
                let payments = self.desk.payments(answers);
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

    fn language(&self, ui: &mut dyn Ui, state: &mut State, next: Go) -> Result<Go> {
        let codes = self.desk.languages(&state.answers);
        let mut options = vec!["Skip: any language".to_string()];
        options.extend(codes.iter().map(|c| language_name(c)));
        options.push("Another language: type its code".to_string());
        let other = options.len() - 1;
        let default = match &state.answers.lang {
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
                state.answers.lang = None;
                return Ok(next);
            }
            if let Some(code) = codes.get(i - 1) {
                state.answers.lang = Some(code.clone());
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
                prompt: "Language code (ISO 639-1, such as pl or ar)?",
                default: None,
                initial: state.answers.lang.as_deref(),
                help: None,
                suggest: None,
                check: Some(&check),
                back: true,
            });
            match answer {
                Answer::Given(code) => {
                    state.answers.lang = Some(code.trim().to_lowercase());
                    return Ok(next);
                }
                Answer::Back => continue,
                Answer::Leave(leave) => return Ok(Go::Leave(leave)),
            }
        }
    }

    fn results(&self, ui: &mut dyn Ui, state: &mut State) -> Result<Go> {
        let desk = self.desk;
        let units = desk.directory.info.units;
        let hits = desk.results(&state.answers);
        state.shown = self.how_many(&hits);
        let shown = &hits[..state.shown.min(hits.len())];
        if !state.quiet {
            ui.say("")?;
            for line in desk.heading(&state.answers, shown.len(), hits.len()) {
                ui.say(&fit(&line, self.columns))?;
            }
            for (i, hit) in shown.iter().enumerate() {
                for line in desk.result_lines(i + 1, hit, self.columns, desk.at_of(&state.answers))
                {
                    ui.say(&line)?;
                }
            }
            if !Desk::any_open(&hits) {
                self.nothing_open(ui, state)?;
            }
        }
        state.quiet = false;
        #[derive(Clone, Copy)]
        enum Action {
            Slip,
            Pick,
            Show,
            AnyTime,
            Farther,
            Restart,
            Leave,
        }
        let mut options: Vec<(String, Action)> = Vec::new();
        if let Some(first) = shown.first() {
            options.push((
                format!("Slip for 1. {}", one_line(&first.service.name)),
                Action::Slip,
            ));
            if shown.len() > 1 {
                options.push(("Slip for another, or several…".into(), Action::Pick));
            }
            options.push(("Show one in full…".into(), Action::Show));
        }
        if !state.answers.any_time {
            options.push(("Widen: any time (closed ones too)".into(), Action::AnyTime));
        }
        if state.answers.place.is_some() && state.answers.widened < RADII.len() {
            let label = match RADII.get(state.answers.widened + 1) {
                Some(r) => format!("Widen: up to {r} {}", units.as_str()),
                None => "Widen: any distance".to_string(),
            };
            options.push((label, Action::Farther));
        }
        options.push(("Start again".into(), Action::Restart));
        options.push(("Leave the desk".into(), Action::Leave));
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
            Some(Action::Slip) => {
                state.chosen = vec![0];
                Go::To(Step::Pathway)
            }
            Some(Action::Pick) => Go::To(Step::Pick),
            Some(Action::Show) => match self.show(ui, shown)? {
                Some(leave) => Go::Leave(leave),
                None => {
                    state.quiet = true;
                    Go::Again
                }
            },
            Some(Action::AnyTime) => {
                state.answers.any_time = true;
                Go::Again
            }
            Some(Action::Farther) => {
                state.answers.widened += 1;
                Go::Again
            }
            Some(Action::Restart) => Go::Restart,
            Some(Action::Leave) | None => Go::Done,
        })
    }

    /// When nothing listed is open: the crisis lines, and the gap handed
    /// on (once for these needs and this place).
    fn nothing_open(&self, ui: &mut dyn Ui, state: &mut State) -> Result<()> {
        if state.answers.any_time {
            ui.say("Nothing listed is open now.")?;
        } else {
            ui.say("Nothing is open now. Widen to any time to see what opens soonest.")?;
        }
        let lines = self.desk.crisis_lines();
        if !lines.is_empty() {
            ui.say("Crisis lines, any time:")?;
            for line in lines {
                ui.say(&fit(&line, self.columns))?;
            }
        }
        for line in self.desk.related_lines(&state.answers, self.columns) {
            ui.say(&line)?;
        }
        if !state.gap_noted {
            state.gap_noted = true;
            let place = state
                .answers
                .place
                .as_ref()
                .filter(|w| matches!(w.kind, PlaceKind::Station | PlaceKind::Postcode))
                .map(|w| w.label.clone());
            // records: a gap (need, hour, area with nothing open).
            let facts = GapFacts {
                categories: Desk::need_categories(&state.answers),
                at: self.desk.at,
                place,
            };
            if let Some(line) = hooks::gap(self.context, self.desk.directory, &facts) {
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
        let mut book = HoursBook::new(self.desk.directory);
        let shown = Shown {
            directory: self.desk.directory,
            service: hit.service,
            status: hit.status.clone(),
            at: self.desk.at,
            distance_km: hit.distance_km,
        };
        let mut text = Vec::new();
        show_text(&mut text, &shown, &mut book)?;
        ui.say("")?;
        ui.say(String::from_utf8_lossy(&text).trim_end())?;
        Ok(None)
    }

    fn pick(&self, ui: &mut dyn Ui, state: &mut State) -> Go {
        let count = state.shown;
        let check = |text: &str| numbers(text, count).map(|_| ());
        let before = state
            .chosen
            .iter()
            .map(|i| (i + 1).to_string())
            .collect::<Vec<_>>()
            .join(" ");
        let answer = ui.ask(&Ask {
            prompt: "Which results on the slip? (numbers, such as 1 3)",
            default: Some("1"),
            initial: (!before.is_empty()).then_some(before.as_str()),
            help: None,
            suggest: None,
            check: Some(&check),
            back: true,
        });
        answer_or(answer, |text| match numbers(&text, count) {
            Ok(chosen) => {
                state.chosen = chosen;
                Go::To(Step::Pathway)
            }
            Err(_) => Go::Again,
        })
    }

    fn pathway(&self, ui: &mut dyn Ui, state: &mut State) -> Go {
        let configured = self.context.config.station.pathway.as_deref();
        let current = state.pathway.as_deref().or(configured);
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
            state.pathway = PATHWAYS.get(i).map(|p| (*p).to_string());
            Go::To(Step::Warm)
        })
    }

    fn warm(&self, ui: &mut dyn Ui, state: &mut State) -> Result<Go> {
        let answer = ui.choose(&Choose {
            prompt: "Are you calling the service now (a warm handoff)?",
            options: vec![
                "No: the person takes the slip".to_string(),
                "Yes: I am calling them now".to_string(),
            ],
            default: usize::from(state.warm),
            back: true,
        });
        let warm = match answer {
            Answer::Given(i) => i == 1,
            Answer::Back => return Ok(Go::Back),
            Answer::Leave(leave) => return Ok(Go::Leave(leave)),
        };
        state.warm = warm;
        if warm {
            let hits = self.desk.results(&state.answers);
            for hit in state.chosen.iter().filter_map(|&i| hits.get(i)) {
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

    fn name(&self, ui: &mut dyn Ui, state: &mut State) -> Go {
        let before = state.name.clone();
        let answer = ui.ask(&Ask {
            prompt: "First name for the slip? (optional)",
            default: None,
            initial: before.as_deref(),
            help: Some("printed on the slip, never stored; Enter for none"),
            suggest: None,
            check: None,
            back: true,
        });
        answer_or(answer, |text| {
            let text = text.trim();
            state.name = (!text.is_empty()).then(|| text.to_string());
            Go::To(Step::Deliver)
        })
    }

    fn deliver(&self, ui: &mut dyn Ui, state: &mut State) -> Result<Go> {
        let config = &self.context.config;
        let queue = config.slip.printer.as_deref();
        let print_label = match queue {
            Some(q) => format!("Print it on {}", one_line(q)),
            None => "Print it on the default printer".to_string(),
        };
        let options = vec![print_label, "Show it here".to_string()];
        let answer = ui.choose(&Choose {
            prompt: "The slip:",
            options,
            default: if queue.is_some() { 0 } else { 1 },
            back: true,
        });
        let print = match answer {
            Answer::Given(i) => i == 0,
            Answer::Back => return Ok(Go::Back),
            Answer::Leave(leave) => {
                state.name = None;
                return Ok(Go::Leave(leave));
            }
        };
        let desk = self.desk;
        let hits = desk.results(&state.answers);
        let chosen: Vec<&Hit<'_>> = state.chosen.iter().filter_map(|&i| hits.get(i)).collect();
        if chosen.is_empty() {
            ui.say("No result is chosen for the slip.")?;
            return Ok(Go::ToResults);
        }
        let mut book = HoursBook::new(desk.directory);
        let origin = state.answers.place.as_ref().map(|w| &w.origin);
        let entries = chosen
            .iter()
            .map(|h| {
                let distance = match (origin, h.service.location) {
                    (Some(o), Some(l)) => Some(haversine_km((o.lat, o.lon), l)),
                    _ => None,
                };
                Entry::new(
                    desk.directory,
                    h.service,
                    h.status.clone(),
                    distance,
                    &mut book,
                    desk.at,
                )
            })
            .collect();
        let mut notes = Vec::new();
        let lang = crate::commands::slip::language(
            self.context,
            state.answers.lang.as_deref(),
            &mut notes,
        )?;
        let style = crate::commands::slip::style(self.context, &SlipOptions::default(), lang);
        let code = crate::commands::slip::fresh_code()?;
        let rendered = {
            let slip = Slip {
                directory: desk.directory,
                at: desk.at,
                origin,
                station_name: config.station.name.as_deref(),
                station_phone: config.station.phone.as_deref(),
                entries,
                code,
                person: state.name.as_deref(),
                pathway: state.pathway.as_deref(),
            };
            slip::text(&slip, &style)
        };
        if print {
            match print::print(&rendered, queue) {
                Ok(said) => {
                    let printer = queue.map_or_else(
                        || "the default printer".to_string(),
                        |q| format!("printer {}", one_line(q)),
                    );
                    if said.is_empty() {
                        ui.say(&format!("Slip sent to {printer}."))?;
                    } else {
                        ui.say(&fit(
                            &format!("Slip sent to {printer}: {said}"),
                            self.columns,
                        ))?;
                    }
                }
                Err(message) => {
                    ui.say(&message)?;
                    ui.say("Choose \"Show it here\" to show the slip instead.")?;
                    return Ok(Go::Again);
                }
            }
            ui.say(&format!("Referral code: {code}"))?;
        } else {
            let notes = String::from_utf8_lossy(&notes);
            if !notes.trim().is_empty() {
                ui.say(notes.trim_end())?;
            }
            ui.say("")?;
            ui.say(rendered.trim_end())?;
        }
        // The name was printed; it is forgotten now.
        state.name = None;
        state.slips += 1;
        let mut categories: Vec<String> = Vec::new();
        for hit in &chosen {
            let own = if hit.matched.is_empty() {
                &hit.service.categories
            } else {
                &hit.matched
            };
            for c in own {
                if !categories.contains(c) {
                    categories.push(c.clone());
                }
            }
        }
        // records: the referral of the printed or shown slip.
        let facts = ReferralFacts {
            pathway: state.pathway.clone(),
            categories,
            services: chosen.iter().map(|h| h.service.id.clone()).collect(),
            warm_handoff: state.warm,
            code,
        };
        if let Some(line) = hooks::referral(self.context, desk.directory, &facts) {
            ui.say(&line)?;
        }
        Ok(Go::To(Step::After))
    }

    fn after(&self, ui: &mut dyn Ui, state: &mut State) -> Go {
        state.name = None;
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
                state.warm = false;
                Go::ToResults
            }
            Answer::Given(2) => Go::Restart,
            Answer::Given(_) | Answer::Back => Go::Done,
            Answer::Leave(leave) => Go::Leave(leave),
        }
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
