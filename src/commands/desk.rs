//! `deflect desk`, and `deflect` with no command: the directory, time and
//! place of `find`, then the guided flow on the terminal, or with
//! numbered prompts where the terminal cannot move its cursor.

use std::io::{IsTerminal, Write};

use anyhow::{bail, Result};

use crate::cli::{Cli, DeskArgs};
use crate::commands::Context;
use crate::config::StationPlace;
use crate::desk::flow::{Flow, Outcome};
use crate::desk::plain::Plain;
use crate::desk::search::{Desk, Where};
use crate::desk::tui::Tui;
use crate::desk::ui::Leave;
use crate::directory::Directory;
use crate::exit;

/// The exit status after Ctrl-C, as a shell reports an interrupted
/// command.
pub const INTERRUPTED: u8 = 130;

/// Whether standard input and output are both terminals.
fn on_terminal() -> bool {
    std::io::stdin().is_terminal() && std::io::stdout().is_terminal()
}

/// Whether the full-terminal prompts can be used: standard input, output
/// and error on a terminal that can move its cursor.
fn full_terminal() -> bool {
    let dumb = std::env::var("TERM").is_ok_and(|t| t == "dumb" || t.is_empty());
    on_terminal() && std::io::stderr().is_terminal() && !dumb
}

/// `deflect` with no command: the desk on a terminal, else the help on
/// standard error with exit status 2, as before the desk existed.
pub(super) fn no_command(
    context: &Context<'_>,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<u8> {
    if on_terminal() {
        return run(context, &DeskArgs::default(), out, err);
    }
    write!(err, "{}", Cli::help_text())?;
    Ok(exit::ERROR)
}

/// Where the desk searches from unless told otherwise: `--near`, else
/// the station, else the directory's default place (as for `find`).
fn home(
    context: &Context<'_>,
    directory: &Directory,
    near: Option<&str>,
    err: &mut dyn Write,
) -> Result<Option<Where>> {
    let Some(origin) = context.origin(directory, near, err)? else {
        return Ok(None);
    };
    let station_coordinates =
        near.is_none() && matches!(context.config.station.place, Some(StationPlace::At(..)));
    Ok(Some(
        Desk::new(directory, context.now(directory.info.timezone)?, None)
            .where_of(origin, station_coordinates),
    ))
}

/// `deflect desk`.
pub(super) fn run(
    context: &Context<'_>,
    args: &DeskArgs,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<u8> {
    let (directory, _) = context.load_desk(err)?;
    let at = super::find::instant(context, &directory, args.place_time.at.as_deref(), err)?;
    let home = home(context, &directory, args.place_time.near.as_deref(), err)?;
    let desk = Desk::new(&directory, at, home);
    let full = !args.plain && full_terminal();
    let columns = if full {
        usize::from(crate::render::table_width()).min(100)
    } else {
        80
    };
    let mut flow = Flow::new(context, &desk, columns);
    if full {
        if let Ok((_, rows)) = crossterm::terminal::size() {
            flow = flow.rows(usize::from(rows));
        }
    }
    err.flush()?;
    let outcome = if full {
        flow.run(&mut Tui)?
    } else {
        let stdin = std::io::stdin();
        let mut plain = Plain::new(stdin.lock(), &mut *out);
        flow.run(&mut plain)?
    };
    match outcome {
        Outcome::Done { .. } => Ok(exit::OK),
        Outcome::Left(Leave::Broken(message)) => bail!("the desk stopped: {message}"),
        Outcome::Left(leave) => {
            writeln!(err, "Left the desk. Nothing about the person was kept.")?;
            Ok(if leave == Leave::Interrupt {
                INTERRUPTED
            } else {
                exit::OK
            })
        }
    }
}
