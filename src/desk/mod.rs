//! The guided desk (`deflect desk`, and `deflect` alone on a terminal):
//! for officers who do not use shells. One question at a time, with the
//! default shown and taken by Enter: what the person needs (with the
//! taxonomy's matches as it is typed), where, the few questions that
//! change the answer; then the results, and a slip printed or shown.
//!
//! The parts, each testable without a terminal:
//! - [`search`]: answers turned into the search of `deflect find`, and
//!   the results as short lines;
//! - [`flow`]: the steps, as a state machine over a [`ui::Ui`];
//! - [`ui`]: what the flow asks of a screen;
//! - [`tui`]: the full-terminal screen (the `inquire` prompt library for
//!   choices, [`line`](mod@line) for typed answers);
//! - [`plain`]: numbered prompts, for `TERM=dumb` and no terminal;
//! - [`hooks`]: where referral and gap records will be handed on.
//!
//! Nothing about the person is written anywhere: a first name given for a
//! slip is printed and dropped.

pub mod flow;
pub mod hooks;
pub mod line;
pub mod plain;
pub mod search;
pub mod tui;
pub mod ui;

#[cfg(test)]
mod tests;
