//! The desk on a full terminal, through the `inquire` prompt library (on
//! its crossterm backend): suggestions under the line as it is typed,
//! choices moved through with the arrow keys, answers corrected with
//! Backspace. inquire puts the terminal in raw mode only while a prompt is
//! open and restores it when the prompt ends, however it ends: Esc and
//! Ctrl-C come back as answers ([`Leave`]), not as signals, so the cursor
//! and the terminal's modes are always put back. It honours `NO_COLOR`.
//!
//! Prompts are drawn on standard error, as inquire does; what the desk
//! says goes to standard output. Both are the terminal here.

use std::io::Write;

use inquire::autocompletion::{Autocomplete, Replacement};
use inquire::validator::Validation;
use inquire::{CustomUserError, InquireError, Select, Text};

use crate::desk::search::SUGGESTIONS;
use crate::desk::ui::{is_back, Answer, Ask, Choose, Leave, Suggest, Ui, BACK_LABEL};
use crate::sanitize::one_line;

/// The terminal desk.
#[derive(Debug, Default)]
pub struct Tui;

/// The help under a choice.
const CHOOSE_HELP: &str = "↑↓ move, Enter chooses, type to filter, Esc leaves";

/// The desk's suggestions as inquire's autocompletion: Tab takes the
/// highlighted suggestion, or the first when none is highlighted.
#[derive(Clone, Copy)]
struct Suggester<'q>(Suggest<'q>);

impl Autocomplete for Suggester<'_> {
    fn get_suggestions(&mut self, input: &str) -> Result<Vec<String>, CustomUserError> {
        Ok((self.0)(input))
    }

    fn get_completion(
        &mut self,
        input: &str,
        highlighted: Option<String>,
    ) -> Result<Replacement, CustomUserError> {
        Ok(highlighted.or_else(|| (self.0)(input).into_iter().next()))
    }
}

/// An inquire error as a way of leaving.
fn leave(error: InquireError) -> Leave {
    match error {
        InquireError::OperationCanceled => Leave::Esc,
        InquireError::OperationInterrupted => Leave::Interrupt,
        other => Leave::Broken(other.to_string()),
    }
}

impl Ui for Tui {
    fn say(&mut self, text: &str) -> std::io::Result<()> {
        let mut out = std::io::stdout().lock();
        writeln!(out, "{text}")?;
        out.flush()
    }

    fn ask(&mut self, q: &Ask<'_>) -> Answer<String> {
        let back = q.back;
        let check = q.check;
        let validator = move |input: &str| -> Result<Validation, CustomUserError> {
            if back && is_back(input) {
                return Ok(Validation::Valid);
            }
            Ok(match check.map(|c| c(input)) {
                Some(Err(message)) => Validation::Invalid(one_line(&message).into()),
                _ => Validation::Valid,
            })
        };
        let mut help = q.help.unwrap_or_default().to_string();
        if back {
            if !help.is_empty() {
                help.push_str("; ");
            }
            help.push_str("back: the step before");
        }
        if !help.is_empty() {
            help.push_str("; ");
        }
        help.push_str("Esc leaves");
        let mut prompt = Text::new(q.prompt)
            .with_validator(validator)
            .with_page_size(SUGGESTIONS)
            .with_help_message(&help);
        if let Some(default) = q.default {
            prompt = prompt.with_default(default);
        }
        if let Some(initial) = q.initial {
            prompt = prompt.with_initial_value(initial);
        }
        if let Some(suggest) = q.suggest {
            prompt = prompt.with_autocomplete(Suggester(suggest));
        }
        match prompt.prompt() {
            Ok(text) if back && is_back(&text) => Answer::Back,
            Ok(text) => Answer::Given(text),
            Err(e) => Answer::Leave(leave(e)),
        }
    }

    fn choose(&mut self, q: &Choose<'_>) -> Answer<usize> {
        let mut options = q.options.clone();
        if q.back {
            options.push(BACK_LABEL.to_string());
        }
        let count = q.options.len();
        let page = options.len().clamp(1, 10);
        let prompt = Select::new(q.prompt, options)
            .with_starting_cursor(q.default.min(count.saturating_sub(1)))
            .with_page_size(page)
            .with_help_message(CHOOSE_HELP);
        match prompt.raw_prompt() {
            Ok(choice) if choice.index >= count => Answer::Back,
            Ok(choice) => Answer::Given(choice.index),
            Err(e) => Answer::Leave(leave(e)),
        }
    }
}
