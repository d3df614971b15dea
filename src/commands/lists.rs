//! `deflect categories`, `deflect places` and `deflect completions`.

use std::io::Write;

use anyhow::Result;

use crate::cli::{CompletionsArgs, ListArgs, PlacesArgs, TableFormat};
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

/// `deflect completions SHELL`: the script, which asks `deflect` for the
/// candidates at each Tab ([`crate::complete`]).
pub(super) fn completions(args: &CompletionsArgs, out: &mut dyn Write) -> Result<u8> {
    crate::complete::script(args.shell, out)?;
    Ok(exit::OK)
}
