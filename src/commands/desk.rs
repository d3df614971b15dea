//! `deflect desk`, and `deflect` with no command: the directory, time and
//! place of `find`, then the guided flow on the terminal, or with
//! numbered prompts where the terminal cannot move its cursor.

use std::io::{IsTerminal, Write};

use anyhow::{bail, Result};

use crate::cli::{Cli, DeskArgs};
use crate::desk::answers::Where;
use crate::desk::flow::{Flow, Outcome};
use crate::desk::plain::Plain;
use crate::desk::tui::Tui;
use crate::desk::ui::Leave;
use crate::desk::view::DeskView;
use crate::directory::Directory;
use crate::exit;
use crate::session::Session;

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
    session: &Session,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<u8> {
    if on_terminal() {
        return run(session, &DeskArgs::default(), out, err);
    }
    write!(err, "{}", Cli::help_text())?;
    Ok(exit::ERROR)
}

/// Where the desk searches from unless told otherwise: `--near`, else
/// the station, else the directory's default place (as for `find`).
fn home(
    session: &Session,
    directory: &Directory,
    near: Option<&str>,
    err: &mut dyn Write,
) -> Result<Option<Where>> {
    let origin = session.origin(directory, near, err)?;
    Ok(origin.map(|origin| {
        let kind = session.place_kind(&origin, &directory.places);
        Where::new(origin, kind)
    }))
}

/// `deflect desk`.
pub(super) fn run(
    session: &Session,
    args: &DeskArgs,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<u8> {
    let (directory, _) = session.load(err)?;
    let at = session.instant(&directory, args.place_time.at.as_deref(), err)?;
    let home = home(session, &directory, args.place_time.near.as_deref(), err)?;
    let view = DeskView::new(&directory, at, home);
    let full = !args.plain && full_terminal();
    let columns = if full {
        usize::from(crate::render::table_width()).min(100)
    } else {
        80
    };
    let mut flow = Flow::new(&session.config, session.recorder(), &view, columns);
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
