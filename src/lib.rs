//! deflect: find open drug treatment, harm-reduction and recovery services at
//! a police station desk, and print referral slips a person can keep.
//!
//! The binary is glue: [`run`] takes the parsed command line and writers,
//! and returns the exit status. Modules each own one thing:
//! [`directory`] (the model and loading), [`validate`], [`hours`],
//! [`places`], [`needs`], [`matching`], [`render`], [`slip`] (slips and
//! wallet cards), [`hsds`] (import and export in Open Referral HSDS),
//! [`records`] (referral records that identify no one), [`desk`] (the
//! guided desk mode), [`session`] (which directory a run reads, its
//! request and origin), [`complete`] (shell completion from the
//! directory), [`manual`] (the man pages).
//!
//! Data flows one way: [`cli`] parses the command line; [`commands`] turn
//! its flags into a [`session::Session`] and the library's queries; the
//! library opens the directory, reads the request, matches and evaluates
//! hours; [`render`] and [`slip`] say the answer; [`records`] keep what a
//! programme may count. No library module imports [`cli`] or
//! [`commands`].

pub mod cache;
pub mod cli;
pub mod commands;
pub mod complete;
pub mod config;
pub mod coverage;
pub mod desk;
pub mod diagnostic;
pub mod directory;
pub mod exit;
pub mod fsutil;
pub mod hours;
pub mod hsds;
pub mod manual;
pub mod matching;
pub mod needs;
mod parallel;
pub mod places;
pub mod records;
pub mod render;
pub mod request;
pub mod sanitize;
pub mod session;
pub mod slip;
pub mod taxonomy;
pub mod text;
pub mod timing;
pub mod validate;
pub mod when;
pub mod wrap;

use std::io::Write;

/// Runs the program on a parsed command line, writing to `out` and `err`,
/// and returns the exit status (docs/CLI.md): 0, 1, or 2 on any error, whose
/// message has been written to `err`. A closed output pipe ends the run
/// quietly.
pub fn run(cli: &cli::Cli, out: &mut dyn Write, err: &mut dyn Write) -> u8 {
    match commands::run(cli, out, err, chrono::Utc::now()) {
        Ok(code) => code,
        Err(error) if is_broken_pipe(&error) => exit::OK,
        Err(error) => {
            let _ = writeln!(err, "error: {}", sanitize::visible(&format!("{error:#}")));
            exit::ERROR
        }
    }
}

fn is_broken_pipe(error: &anyhow::Error) -> bool {
    error.chain().any(|cause| {
        cause
            .downcast_ref::<std::io::Error>()
            .is_some_and(|e| e.kind() == std::io::ErrorKind::BrokenPipe)
    })
}
