//! What the desk flow asks of a screen: say a line, ask for text (with
//! suggestions as it is typed), ask for one of several choices. The flow
//! is written against [`Ui`] alone, so it runs the same on a full terminal
//! ([`super::tui`]), with numbered prompts ([`super::plain`]) and under
//! test with a scripted stand-in.

use std::fmt;

/// Why the officer left before the end.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Leave {
    /// Esc, or `q` at a numbered prompt.
    Esc,
    /// Ctrl-C.
    Interrupt,
    /// The input ended (Ctrl-D, a closed pipe).
    EndOfInput,
    /// The screen could not be used; the message says why.
    Broken(String),
}

/// An answer to one question.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Answer<T> {
    /// The answer given.
    Given(T),
    /// "back": the step before, to correct it.
    Back,
    /// Leave the desk now.
    Leave(Leave),
}

/// Suggestions for what has been typed so far: each is a whole answer that
/// may replace the input.
pub type Suggest<'q> = &'q dyn Fn(&str) -> Vec<String>;

/// A check of a typed answer: `Err` holds the message to show, and the
/// question is asked again.
pub type Check<'q> = &'q dyn Fn(&str) -> Result<(), String>;

/// A question answered by typing.
#[derive(Clone, Copy)]
pub struct Ask<'q> {
    /// The question, one line.
    pub prompt: &'q str,
    /// The answer taken when Enter is pressed on an empty line.
    pub default: Option<&'q str>,
    /// Text already in the line, to correct with Backspace (the answer
    /// given before, when the officer came back to this question).
    pub initial: Option<&'q str>,
    /// One line of help under the question.
    pub help: Option<&'q str>,
    /// Suggestions as the officer types.
    pub suggest: Option<Suggest<'q>>,
    /// What refuses an answer.
    pub check: Option<Check<'q>>,
    /// Whether "back" goes to the step before.
    pub back: bool,
}

impl<'q> Ask<'q> {
    /// A question with no default, help, suggestions or check.
    pub fn new(prompt: &'q str) -> Self {
        Ask {
            prompt,
            default: None,
            initial: None,
            help: None,
            suggest: None,
            check: None,
            back: true,
        }
    }
}

impl fmt::Debug for Ask<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Ask")
            .field("prompt", &self.prompt)
            .field("default", &self.default)
            .field("initial", &self.initial)
            .field("back", &self.back)
            .finish_non_exhaustive()
    }
}

/// A question answered by choosing one option.
#[derive(Debug, Clone)]
pub struct Choose<'q> {
    /// The question, one line.
    pub prompt: &'q str,
    /// The options, each one line.
    pub options: Vec<String>,
    /// The option Enter takes.
    pub default: usize,
    /// Whether a "Back" option is offered after the others.
    pub back: bool,
}

/// The label of the option that goes back a step.
pub const BACK_LABEL: &str = "Back";

/// The words that mean "go back" at a typed question.
pub fn is_back(answer: &str) -> bool {
    matches!(answer.trim().to_lowercase().as_str(), "back" | "<")
}

/// A screen the desk can run on.
pub trait Ui {
    /// Shows lines of text (results, notes, a slip).
    ///
    /// # Errors
    /// When the screen cannot be written to.
    fn say(&mut self, text: &str) -> std::io::Result<()>;

    /// Asks for text. A [`Check`] that refuses keeps the question open;
    /// "back" (when allowed) is [`Answer::Back`].
    fn ask(&mut self, question: &Ask<'_>) -> Answer<String>;

    /// Asks for one option; the index into `options`, or
    /// [`Answer::Back`] for the "Back" option.
    fn choose(&mut self, question: &Choose<'_>) -> Answer<usize>;

    /// Clears the screen, and the scrollback where the terminal allows,
    /// so that nothing of one person stays for the next to see. A screen
    /// that cannot clear (numbered prompts) does nothing.
    ///
    /// # Errors
    /// When the screen cannot be written to.
    fn clear(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn back_words() {
        assert!(is_back("back"));
        assert!(is_back(" Back "));
        assert!(is_back("<"));
        assert!(!is_back("background"));
        assert!(!is_back(""));
    }
}
