//! `deflect categories`, `deflect places` and `deflect completions`.

use std::io::Write;

use anyhow::Result;
use clap::CommandFactory;
use clap_complete::Shell;

use crate::cli::{Cli, CompletionsArgs, ListArgs, PlacesArgs, ShellName, TableFormat};
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

/// The clap_complete shell for one of ours.
pub fn shell(name: ShellName) -> Shell {
    match name {
        ShellName::Bash => Shell::Bash,
        ShellName::Zsh => Shell::Zsh,
        ShellName::Fish => Shell::Fish,
        ShellName::Elvish => Shell::Elvish,
        ShellName::Powershell => Shell::PowerShell,
    }
}

pub(super) fn completions(args: &CompletionsArgs, out: &mut dyn Write) -> Result<u8> {
    let mut command = Cli::command();
    clap_complete::generate(shell(args.shell), &mut command, "deflect", out);
    Ok(exit::OK)
}
