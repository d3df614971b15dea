//! Which directory a run reads, and opening it: `--dir` or `DEFLECT_DIR`,
//! then the config's `directory`, then (for the desk commands only) the
//! demo built into the program; a folder through its cache unless
//! `--no-cache`, with only the services a request can meet decoded from
//! it. What the loading left out is said on standard error.

use std::io::Write;

use anyhow::{bail, Result};

use crate::cache::{self, Desk, LazyDesk};
use crate::directory::{self, DirSource, Directory, FaultReport, Limits};
use crate::needs::ServiceNames;
use crate::request::Knowledge;
use crate::request::{Flags, Request};
use crate::session::Session;

/// What a run does when no directory is named.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fallback {
    /// Use the demo directory: the desk commands (`find`, `show`, `slip`,
    /// `cards`, `desk`, `places`, `categories`), which say so.
    Demo,
    /// Refuse, saying how to name one: the keepers' and managers' commands
    /// (`validate`, `coverage`, `export`, …), for which the demo would be
    /// a wrong answer.
    Refuse,
}

/// A request as typed: its words and the flags joined to it.
pub type Typed<'a> = (&'a [String], &'a Flags);

impl Session {
    /// Which directory to read: `--dir`/`DEFLECT_DIR`, the config, then
    /// the demo where `fallback` allows it.
    ///
    /// # Errors
    /// When no directory is named and `fallback` refuses.
    pub fn source(&self, fallback: Fallback) -> Result<DirSource> {
        if self.demo {
            return Ok(DirSource::Demo);
        }
        if let Some(dir) = self.dir.as_ref().or(self.config.directory.as_ref()) {
            return Ok(DirSource::Path(dir.clone()));
        }
        if fallback == Fallback::Demo {
            return Ok(DirSource::Demo);
        }
        let files: Vec<String> = crate::config::config_paths()
            .iter()
            .map(|p| p.display().to_string())
            .collect();
        bail!(
            "no directory named: give --dir PATH, set DEFLECT_DIR, or write directory = \"PATH\" in the config file{}; --demo checks the built-in demo directory",
            if files.is_empty() {
                String::new()
            } else {
                format!(" ({})", files.join(" or "))
            }
        )
    }

    /// Loads the directory of a desk command, telling standard error what
    /// was left out.
    ///
    /// # Errors
    /// When no usable `[directory]` table can be read.
    pub fn load(&self, err: &mut dyn Write) -> Result<(Directory, FaultReport)> {
        let (desk, _) = self.load_from(self.source(Fallback::Demo)?, err, None)?;
        Ok((desk.directory, desk.report))
    }

    /// Loads the directory of a desk command with a request (`words` and
    /// `flags`) read against the whole directory, and only the services
    /// that can meet its needs when they come from the cache; tells
    /// standard error what was left out. A search for the request finds in
    /// it exactly what it finds in the whole directory.
    ///
    /// # Errors
    /// When no usable `[directory]` table can be read, or the request
    /// cannot be read (docs/REQUEST.md).
    pub fn load_for(&self, err: &mut dyn Write, typed: Typed<'_>) -> Result<(Desk, Request)> {
        let (desk, request) = self.load_from(self.source(Fallback::Demo)?, err, Some(typed))?;
        Ok((desk, request.unwrap_or_default()))
    }

    /// Loads a directory already chosen, with the request read against it
    /// when there is one (see [`Session::load_for`]); with `typed` `None`,
    /// the whole directory.
    ///
    /// # Errors
    /// When no usable `[directory]` table can be read, or the request
    /// cannot be read.
    pub fn load_from(
        &self,
        source: DirSource,
        err: &mut dyn Write,
        typed: Option<Typed<'_>>,
    ) -> Result<(Desk, Option<Request>)> {
        let limits = Limits::from_env();
        let lazy = self.open_lazy(&source, limits, err)?;
        crate::timing::phase("open directory or cache");
        let request = match typed {
            Some((words, flags)) => {
                let names = || lazy.names();
                let zone = lazy.info().timezone;
                let knowledge = Knowledge {
                    taxonomy: lazy.taxonomy(),
                    words: lazy.words(),
                    places: lazy.places(),
                    services: ServiceNames::Later(&names),
                    zone,
                    now: self.now(zone)?,
                };
                let request = self.read_request(&knowledge, words, flags)?;
                crate::timing::phase("read request");
                Some(request)
            }
            None => None,
        };
        let wanted = request.as_ref().map_or(&[][..], |r| r.needs.as_slice());
        let desk = match lazy.into_directory_for(Some(wanted)) {
            Some(desk) => desk,
            // Only a defect makes a checked cache undecodable: read the
            // files.
            None => match &source {
                DirSource::Path(root) => match cache::rebuild(root, limits)? {
                    Ok(desk) => desk,
                    Err(_) => bail!("the directory {} could not be read", source.describe()),
                },
                DirSource::Demo => bail!("the demo directory could not be read"),
            },
        };
        for line in desk.report.summary() {
            writeln!(err, "{line}")?;
        }
        Ok((desk, request))
    }

    /// The directory or its cache, its services not yet decoded; the
    /// first diagnostics on standard error when it has no usable
    /// `[directory]` table.
    fn open_lazy(
        &self,
        source: &DirSource,
        limits: Limits,
        err: &mut dyn Write,
    ) -> Result<LazyDesk> {
        let lazy = match source {
            // The demo is a few kilobytes built into the program.
            DirSource::Demo => directory::load(source, limits)?
                .into_directory()
                .map(|(directory, report)| LazyDesk::from(Desk { directory, report })),
            DirSource::Path(root) => cache::load_lazy(root, limits, self.use_cache)?.0,
        };
        match lazy {
            Ok(lazy) => Ok(lazy),
            Err(diagnostics) => {
                for d in diagnostics.iter().take(5) {
                    writeln!(err, "{}", d.headline())?;
                }
                bail!(
                    "the directory {} has no usable [directory] table (with a name and a valid timezone): run `deflect validate` on it",
                    source.describe()
                )
            }
        }
    }
}
