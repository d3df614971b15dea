//! The desk on a full terminal: typed answers through [`line`](mod@line) (a line
//! edited with a shell's keys, suggestions under it as it is typed),
//! choices through the `inquire` prompt library (on its crossterm
//! backend), moved through with the arrow keys. Both put the terminal in
//! raw mode only while a prompt is open and restore it when the prompt
//! ends, however it ends: Esc and Ctrl-C come back as answers
//! ([`Leave`]), not as signals, so the cursor and the terminal's modes are
//! always put back. Both honour `NO_COLOR`.
//!
//! Prompts are drawn on standard error, as inquire does; what the desk
//! says goes to standard output. Both are the terminal here.

use std::io::Write;

use inquire::ui::{RenderConfig, Styled};
use inquire::{InquireError, Select};

use crate::desk::line::{self, Question};
use crate::desk::ui::{is_back, Answer, Ask, Choose, Leave, Ui, BACK_LABEL};

/// The terminal desk.
#[derive(Debug, Default)]
pub struct Tui;

/// The help under a choice.
const CHOOSE_HELP: &str = "↑↓ move, Enter chooses, type to filter, Esc leaves";

/// inquire's looks (its colours unless `NO_COLOR`), with `>` before an
/// answered question as [`line::ask`] draws it, and nothing after a
/// question left with Esc (inquire's own `<canceled>` is not for
/// officers; the desk clears the screen as it leaves).
fn render_config() -> RenderConfig<'static> {
    let config = RenderConfig::default();
    let answered = Styled::new(">").with_style_sheet(config.answered_prompt_prefix.style);
    config
        .with_answered_prompt_prefix(answered)
        .with_canceled_prompt_indicator(Styled::new(""))
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

    fn clear(&mut self) -> std::io::Result<()> {
        use crossterm::terminal::{Clear, ClearType};
        // The screen, then the scrollback (`ESC [3J`, which xterm, VTE,
        // Windows Terminal and most others honour, and the rest ignore).
        let mut out = std::io::stdout().lock();
        crossterm::queue!(
            out,
            Clear(ClearType::All),
            Clear(ClearType::Purge),
            crossterm::cursor::MoveTo(0, 0)
        )?;
        out.flush()
    }

    fn ask(&mut self, q: &Ask<'_>) -> Answer<String> {
        let (back, check) = (q.back, q.check);
        let validate = move |input: &str| -> Result<(), String> {
            match check {
                Some(check) if !(back && is_back(input)) => check(input),
                _ => Ok(()),
            }
        };
        let mut help: Vec<&str> = q.help.into_iter().collect();
        if q.suggest.is_some() {
            help.push("Tab takes a suggestion");
        }
        if back {
            help.push("back: the step before");
        }
        help.push("Esc leaves");
        let help = help.join("; ");
        let question = Question {
            prompt: q.prompt,
            default: q.default,
            initial: q.initial,
            help: &help,
            suggest: q.suggest,
            check: &validate,
            colour: crate::render::colour(true),
        };
        match line::ask(&question) {
            Ok(text) if back && is_back(&text) => Answer::Back,
            Ok(text) => Answer::Given(text),
            Err(leave) => Answer::Leave(leave),
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
            .with_help_message(CHOOSE_HELP)
            .with_render_config(render_config());
        match prompt.raw_prompt() {
            Ok(choice) if choice.index >= count => Answer::Back,
            Ok(choice) => Answer::Given(choice.index),
            Err(e) => Answer::Leave(leave(e)),
        }
    }
}
