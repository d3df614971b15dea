//! The guided desk (`deflect desk`, and `deflect` alone on a terminal):
//! for officers who do not use shells. One question at a time, with the
//! default shown and taken by Enter: what the person needs (with the
//! taxonomy's matches as it is typed), where, the few questions that
//! change the answer; then the results, and a slip printed or shown.
//!
//! The parts, each testable without a terminal:
//! - [`answers`]: what the officer answered, and the questions that
//!   change a result;
//! - [`view`]: the answers read as `deflect find` reads its words and
//!   places, and the search of `find` they make;
//! - [`wording`]: the results and the rest as short lines that fit the
//!   terminal;
//! - [`flow`]: the steps, as a state machine over a [`ui::Ui`];
//! - [`ui`]: what the flow asks of a screen;
//! - [`tui`]: the full-terminal screen (the `inquire` prompt library for
//!   choices, [`line`](mod@line) for typed answers);
//! - [`plain`]: numbered prompts, for `TERM=dumb` and no terminal.
//!
//! The desk takes plain values: the station's config, a
//! [`crate::records::policy::Recorder`] for its referral and gap records
//! (under the rule every command follows), and the directory. Nothing
//! about the person is written anywhere: a first name given for a slip is
//! printed and dropped.

pub mod answers;
pub mod flow;
pub mod line;
pub mod plain;
pub mod tui;
pub mod ui;
pub mod view;
pub mod wording;

#[cfg(test)]
mod tests;
