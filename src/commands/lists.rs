//! `deflect categories`, `deflect places` and `deflect completions`.

use std::io::Write;

use anyhow::Result;

use clap_complete::env::{Bash, Elvish, EnvCompleter, Fish, Powershell, Zsh};

use crate::cli::{CompletionsArgs, ListArgs, PlacesArgs, ShellName, TableFormat, COMPLETE_VAR};
use crate::commands::Context;
use crate::places::Gazetteer;
use crate::{exit, render};

pub(super) fn categories(
    context: &Context<'_>,
    args: &ListArgs,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<u8> {
    let (directory, _) = context.load_desk(err)?;
    render::lists::categories(out, &directory.taxonomy, args.format == TableFormat::Json)?;
    Ok(exit::OK)
}

pub(super) fn places(
    context: &Context<'_>,
    args: &PlacesArgs,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<u8> {
    let (directory, _) = context.load_desk(err)?;
    let shown: Vec<_> = match &args.query {
        Some(query) => Gazetteer::new(&directory.places)
            .search(&directory.places, query)
            .into_iter()
            .map(|i| &directory.places[i])
            .collect(),
        None => directory.places.iter().collect(),
    };
    if directory.info.demo && args.format == TableFormat::Table {
        writeln!(out, "{}", render::DEMO_BANNER)?;
    }
    render::lists::places(out, &shown, args.format == TableFormat::Json)?;
    Ok(if shown.is_empty() {
        exit::NOTHING
    } else {
        exit::OK
    })
}

/// `deflect completions SHELL`: the script, which calls `deflect` (found
/// on the `PATH`) with [`COMPLETE_VAR`] at each Tab for the candidates
/// ([`crate::complete`]).
pub(super) fn completions(args: &CompletionsArgs, out: &mut dyn Write) -> Result<u8> {
    let shell: &dyn EnvCompleter = match args.shell {
        ShellName::Bash => &Bash,
        ShellName::Zsh => &Zsh,
        ShellName::Fish => &Fish,
        ShellName::Elvish => &Elvish,
        ShellName::Powershell => &Powershell,
    };
    shell.write_registration(COMPLETE_VAR, "deflect", "deflect", "deflect", out)?;
    if args.shell == ShellName::Zsh {
        // Installed as `_deflect` in zsh's function path, the file is
        // loaded at the first Tab: complete that Tab too, not only the
        // next ones.
        writeln!(
            out,
            "if [ \"$funcstack[1]\" = \"_deflect\" ]; then\n    _clap_dynamic_completer_deflect \"$@\"\nfi"
        )?;
    }
    Ok(exit::OK)
}
