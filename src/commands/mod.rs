//! The commands: each turns its parsed flags into the library's queries,
//! runs them, and renders the answer to the writers it is given.

mod coverage;
mod desk;
pub(crate) mod find;
mod hours;
mod hsds;
mod init;
mod left_out;
mod lists;
pub mod recording;
mod records;
pub(crate) mod slip;
mod validate;

use std::io::Write;

use anyhow::{bail, Result};
use chrono::{DateTime, Utc};

use crate::cache::{self, Desk};
use crate::cli::{Cli, Command, Global};
use crate::config::{Config, StationPlace};
use crate::directory::{self, DirSource, Directory, FaultReport, Limits};
use crate::needs::ServiceNames;
use crate::places::{resolve_exactly, Gazetteer, Origin, Place};
use crate::request::{Flags, Knowledge, Request};
use crate::taxonomy::Taxonomy;
use crate::when::Clock;

/// What every command may use: the config, the global flags and the
/// clock of the run (passed in, never read inside the logic).
pub struct Context<'a> {
    /// The config file's settings.
    pub config: Config,
    /// `--dir`, `--demo`, `--no-cache`.
    pub global: &'a Global,
    /// The time the program started, or `DEFLECT_NOW`'s.
    pub clock: Clock,
}

impl Context<'_> {
    /// "Now" in a directory's timezone (`DEFLECT_NOW` when set).
    ///
    /// # Errors
    /// A fixed local time that the clocks skip in `tz`.
    pub fn now(&self, tz: chrono_tz::Tz) -> Result<DateTime<Utc>> {
        self.clock.now(tz).map_err(anyhow::Error::msg)
    }

    /// Which directory to read: `--dir`/`DEFLECT_DIR`, the config, then for
    /// the desk commands only the demo.
    ///
    /// # Errors
    /// When no directory is named for a command that never uses the demo.
    pub fn source(&self, desk: bool) -> Result<DirSource> {
        if self.global.demo {
            return Ok(DirSource::Demo);
        }
        if let Some(dir) = &self.global.dir {
            return Ok(DirSource::Path(dir.clone()));
        }
        if let Some(dir) = &self.config.directory {
            return Ok(DirSource::Path(dir.clone()));
        }
        if desk {
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

    /// Loads the directory for a desk command, telling standard error what
    /// was left out.
    ///
    /// # Errors
    /// When no usable `[directory]` table can be read.
    pub fn load_desk(&self, err: &mut dyn Write) -> Result<(Directory, FaultReport)> {
        let (desk, _) = self.load_desk_for(err, None)?;
        Ok((desk.directory, desk.report))
    }

    /// Loads the directory for `find`, with the request (`words` and
    /// `flags`) read against the whole directory, and only the services
    /// that can meet its needs when they come from the cache; tells
    /// standard error what was left out. A search for the request finds in
    /// it exactly what it finds in the whole directory. With `search`
    /// `None`, the whole directory.
    ///
    /// # Errors
    /// When no usable `[directory]` table can be read, or the request
    /// cannot be read (docs/REQUEST.md).
    pub fn load_desk_for(
        &self,
        err: &mut dyn Write,
        search: Option<(&[String], &Flags)>,
    ) -> Result<(Desk, Option<Request>)> {
        self.load_from(self.source(true)?, err, search)
    }

    /// [`Context::load_desk_for`] from a directory already chosen (for
    /// commands that never fall back to the demo).
    ///
    /// # Errors
    /// When no usable `[directory]` table can be read, or the request
    /// cannot be read.
    pub fn load_from(
        &self,
        source: DirSource,
        err: &mut dyn Write,
        search: Option<(&[String], &Flags)>,
    ) -> Result<(Desk, Option<Request>)> {
        let limits = Limits::from_env();
        let lazy = match &source {
            // The demo is a few kilobytes built into the program.
            DirSource::Demo => directory::load(&source, limits)?
                .into_directory()
                .map(|(directory, report)| cache::LazyDesk::from(Desk { directory, report })),
            DirSource::Path(root) => cache::load_lazy(root, limits, !self.global.no_cache)?.0,
        };
        let lazy = match lazy {
            Ok(lazy) => lazy,
            Err(diagnostics) => {
                for d in diagnostics.iter().take(5) {
                    writeln!(err, "{}", d.headline())?;
                }
                bail!(
                    "the directory {} has no usable [directory] table (with a name and a valid timezone): run `deflect validate` on it",
                    source.describe()
                )
            }
        };
        crate::timing::phase("open directory or cache");
        let request = match search {
            Some((words, flags)) => {
                let names = || lazy.names();
                let parts = Known {
                    taxonomy: lazy.taxonomy(),
                    words: lazy.words(),
                    places: lazy.places(),
                    services: ServiceNames::Later(&names),
                    zone: lazy.info().timezone,
                };
                let request = self.read_request(&parts, words, flags)?;
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

    /// Reads a request (docs/REQUEST.md) against what a directory knows,
    /// with the flags joined to it, "now" being this run's clock.
    ///
    /// # Errors
    /// A request that cannot be read, with the reader's message.
    pub fn read_request(
        &self,
        known: &Known<'_>,
        words: &[String],
        flags: &Flags,
    ) -> Result<Request> {
        let knowledge = Knowledge {
            taxonomy: known.taxonomy,
            words: known.words,
            places: known.places,
            services: known.services,
            zone: known.zone,
            now: self.now(known.zone)?,
        };
        let request = crate::request::read(words, &knowledge)
            .and_then(|request| request.with_flags(flags, &knowledge))?;
        Ok(request)
    }

    /// The origin of a search: `--near`, else the station, else the
    /// directory's default place, else none.
    ///
    /// # Errors
    /// When `--near` names no place.
    pub fn origin(
        &self,
        directory: &Directory,
        near: Option<&str>,
        err: &mut dyn Write,
    ) -> Result<Option<Origin>> {
        // A place written as it is named needs no gazetteer; one is built
        // only for what is not (a typo, a suggestion).
        let places = &directory.places;
        let gazetteer = std::cell::OnceCell::new();
        let resolve = |query: &str| match resolve_exactly(places, query) {
            Some(origin) => Ok(origin),
            None => gazetteer
                .get_or_init(|| Gazetteer::new(places))
                .resolve(places, query),
        };
        if let Some(near) = near {
            return match resolve(near) {
                Ok(origin) => Ok(Some(origin)),
                Err(unknown) => bail!("{unknown}"),
            };
        }
        match &self.config.station.place {
            Some(StationPlace::At(lat, lon)) => {
                return Ok(Some(Origin {
                    name: self.config.station.name.clone(),
                    lat: *lat,
                    lon: *lon,
                }))
            }
            Some(StationPlace::Named(name)) => match resolve(name) {
                Ok(origin) => return Ok(Some(origin)),
                Err(_) => writeln!(
                    err,
                    "warning: the station place \"{}\" in the config is not a place of this directory; using the directory's default place",
                    crate::sanitize::one_line(name)
                )?,
            },
            None => {}
        }
        if let Some(default) = &directory.info.default_place {
            if let Ok(origin) = resolve(default) {
                return Ok(Some(origin));
            }
        }
        Ok(None)
    }
}

/// What a directory knows that a request is read against, borrowed from
/// a loaded directory or a cache's head.
pub struct Known<'a> {
    /// The taxonomy with the directory's categories and words.
    pub taxonomy: &'a Taxonomy,
    /// The directory's `[[word]]`s.
    pub words: &'a [crate::directory::Word],
    /// The gazetteer.
    pub places: &'a [Place],
    /// Every service's id and name.
    pub services: ServiceNames<'a>,
    /// The directory's timezone.
    pub zone: chrono_tz::Tz,
}

impl<'a> Known<'a> {
    /// What a loaded directory knows, with its services' names.
    pub fn of(directory: &'a Directory, services: ServiceNames<'a>) -> Known<'a> {
        Known {
            taxonomy: &directory.taxonomy,
            words: &directory.words,
            places: &directory.places,
            services,
            zone: directory.info.timezone,
        }
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
    let context = Context {
        config,
        global: &cli.global,
        clock,
    };
    let Some(command) = &cli.command else {
        return desk::no_command(&context, out, err);
    };
    match command {
        Command::Find(args) => find::run(&context, args, out, err),
        Command::Show(args) => find::show(&context, args, out, err),
        Command::Hours(args) => hours::run(&context, args, out, err),
        Command::Validate(args) => validate::run(&context, args, out, err),
        Command::Init(args) => init::run(&context, args, out, err),
        Command::Categories(args) => lists::categories(&context, args, out, err),
        Command::Places(args) => lists::places(&context, args, out, err),
        Command::Completions(args) => lists::completions(args, out),
        Command::Slip(args) => slip::run(&context, args, out, err),
        Command::Cards(args) => slip::cards(&context, args, out, err),
        Command::Import(args) => hsds::import(&context, args, out, err),
        Command::Export(args) => hsds::export(&context, args, out, err),
        Command::Report(args) => records::report(&context, args, out, err),
        Command::Coverage(args) => coverage::run(&context, args, out, err),
        Command::Records(command) => records::run(&context, command, out, err),
        Command::Desk(args) => desk::run(&context, args, out, err),
    }
}
