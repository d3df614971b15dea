//! `deflect categories`, `deflect places` and `deflect completions`.

use std::io::Write;

use anyhow::Result;

use clap_complete::env::{Bash, Elvish, EnvCompleter, Fish, Powershell, Zsh};

use crate::cli::{CompletionsArgs, ListArgs, PlacesArgs, ShellName, TableFormat, COMPLETE_VAR};
use crate::places::Gazetteer;
use crate::session::Session;
use crate::{exit, render};

pub(super) fn categories(
    session: &Session,
    args: &ListArgs,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<u8> {
    let (directory, _) = session.load(err)?;
    render::lists::categories(out, &directory.taxonomy, args.format == TableFormat::Json)?;
    Ok(exit::OK)
}

pub(super) fn places(
    session: &Session,
    args: &PlacesArgs,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<u8> {
    let (directory, _) = session.load(err)?;
    let gazetteer = Gazetteer::new(&directory.places);
    let shown: Vec<_> = match &args.query {
        Some(query) => gazetteer
            .search(&directory.places, query)
            .into_iter()
            .map(|i| &directory.places[i])
            .collect(),
        None => directory.places.iter().collect(),
    };
    let as_json = args.format == TableFormat::Json;
    if directory.info.demo && !as_json {
        writeln!(out, "{}", render::DEMO_BANNER)?;
    }
    if shown.is_empty() && !as_json {
        // An empty table says nothing: say what matched nothing, and
        // what might have been meant.
        let query = args.query.as_deref().unwrap_or_default();
        let suggestions = gazetteer.likely_names(&directory.places, query);
        let all = directory.places.len();
        writeln!(out, "{}", render::lists::no_place(query, &suggestions, all))?;
        return Ok(exit::NOTHING);
    }
    render::lists::places(out, &shown, as_json)?;
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
