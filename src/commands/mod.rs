//! The commands: each turns its parsed flags into the library's queries
//! ([`crate::session`] and the plain values of each module), runs them,
//! and renders the answer to the writers it is given. Nothing is decided
//! here that the library could decide: which directory, the origin of a
//! search, the request and whether to record are the library's.

mod coverage;
mod desk;
mod find;
mod hours;
mod hsds;
mod init;
mod lists;
mod records;
mod slip;
mod validate;

use std::io::Write;

use anyhow::Result;
use chrono::{DateTime, Utc};

use crate::cli::{Cli, Command, Global, PersonArgs, SearchArgs};
use crate::config::Config;
use crate::request::Flags;
use crate::session::{Filters, Session};
use crate::when::Clock;

/// The session of a run: the config, the directory the global flags
/// name, and the clock.
pub fn session(config: Config, global: &Global, clock: Clock) -> Session {
    Session {
        config,
        dir: global.dir.clone(),
        demo: global.demo,
        use_cache: !global.no_cache,
        clock,
    }
}

/// The person's flags, as the request reader takes them (`find`, `cards`
/// and `coverage`).
fn person_flags(person: &PersonArgs) -> Flags {
    Flags {
        age: person.age,
        gender: person.gender.clone(),
        lang: person.lang.clone(),
        payment: person.payment.clone(),
        substances: person.substances.clone(),
        ..Flags::default()
    }
}

/// The flags of a search, as the request reader takes them.
fn flags(args: &SearchArgs) -> Flags {
    Flags {
        prefers: args.prefers.clone(),
        require: args.require.clone(),
        at: args.place_time.at.clone(),
        near: args.place_time.near.clone(),
        ..person_flags(&args.person)
    }
}

/// The filters of a search that are flags only.
fn filters(args: &SearchArgs) -> Filters<'_> {
    Filters {
        open_only: args.open_only,
        radius: args.radius.as_deref(),
    }
}

/// Leaves a loaded directory to the operating system at the end of a
/// command instead of freeing it value by value: the process is about to
/// end, and freeing a national directory's services and findings one
/// allocation at a time costs about a tenth of a second (docs/PERFORMANCE.md).
/// Only plain data goes here, never a file or a lock.
pub(crate) fn leave_to_exit<T>(value: T) {
    std::mem::forget(value);
}

/// Runs a parsed command line.
///
/// # Errors
/// Any error is a user-facing message; the caller prints it and exits 2.
pub fn run(cli: &Cli, out: &mut dyn Write, err: &mut dyn Write, now: DateTime<Utc>) -> Result<u8> {
    // Completion scripts are written before any config is read: a broken
    // config must not stop them.
    if let Some(Command::Completions(args)) = &cli.command {
        return lists::completions(args, out);
    }
    let config = Config::load()?;
    for warning in &config.warnings {
        writeln!(err, "{warning}")?;
    }
    let clock = Clock::from_env(now).map_err(anyhow::Error::msg)?;
    let session = session(config, &cli.global, clock);
    let Some(command) = &cli.command else {
        return desk::no_command(&session, out, err);
    };
    match command {
        Command::Find(args) => find::run(&session, args, out, err),
        Command::Show(args) => find::show(&session, args, out, err),
        Command::Hours(args) => hours::run(&session, args, out, err),
        Command::Validate(args) => validate::run(&session, args, out, err),
        Command::Init(args) => init::run(&session, args, out, err),
        Command::Categories(args) => lists::categories(&session, args, out, err),
        Command::Places(args) => lists::places(&session, args, out, err),
        Command::Completions(args) => lists::completions(args, out),
        Command::Slip(args) => slip::run(&session, args, out, err),
        Command::Cards(args) => slip::cards(&session, args, out, err),
        Command::Import(args) => hsds::import(&session, args, out, err),
        Command::Export(args) => hsds::export(&session, args, out, err),
        Command::Report(args) => records::report(&session, args, out, err),
        Command::Coverage(args) => coverage::run(&session, args, out, err),
        Command::Records(command) => records::run(&session, command, out, err),
        Command::Desk(args) => desk::run(&session, args, out, err),
    }
}
