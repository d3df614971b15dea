//! One run of deflect as the library sees it: the config, the clock, and
//! the directory the command line named. A command turns its flags into a
//! [`Session`] and a query, and from there the library decides:
//!
//! - [`open`]: which directory a run reads (a folder, the config's, the
//!   demo) and how (its cache, or the files), with the request read
//!   against it;
//! - [`request`]: reading a request (docs/REQUEST.md), `--at`, and the
//!   query a search makes;
//! - [`origin`]: where a search is made from, and whether that place is a
//!   station or a postcode (which a gap record may name);
//! - [`lookup`]: a service asked for by its id, or why there is none.
//!
//! Whether a run writes referral and gap records is the records' own rule
//! ([`crate::records::policy`]); [`Session::recorder`] hands it this run's
//! config and clock.
//!
//! Nothing here knows the command line: a session holds plain values, so
//! the desk, the slips and the tests build one without clap.

pub mod lookup;
pub mod open;
pub mod origin;
pub mod request;

use std::path::PathBuf;

use anyhow::Result;
use chrono::{DateTime, Utc};

use crate::config::Config;
use crate::records::policy::Recorder;
use crate::when::Clock;

pub use open::Fallback;
pub use origin::PlaceKind;
pub use request::Filters;

/// What every command may use: the config, the directory named for this
/// run, and the clock of the run (passed in, never read inside the logic).
#[derive(Debug, Clone)]
pub struct Session {
    /// The config file's settings.
    pub config: Config,
    /// The directory named on the command line (`--dir`, `DEFLECT_DIR`).
    pub dir: Option<PathBuf>,
    /// Whether the demo directory was asked for (`--demo`).
    pub demo: bool,
    /// Whether a folder's cache may be read (not `--no-cache`).
    pub use_cache: bool,
    /// The time the program started, or `DEFLECT_NOW`'s.
    pub clock: Clock,
}

impl Session {
    /// A session with no directory named, reading caches: what a test or
    /// the desk builds around a config and a clock.
    pub fn new(config: Config, clock: Clock) -> Self {
        Session {
            config,
            dir: None,
            demo: false,
            use_cache: true,
            clock,
        }
    }

    /// "Now" in a directory's timezone (`DEFLECT_NOW` when set).
    ///
    /// # Errors
    /// A fixed local time that the clocks skip in `tz`.
    pub fn now(&self, tz: chrono_tz::Tz) -> Result<DateTime<Utc>> {
        self.clock.now(tz).map_err(anyhow::Error::msg)
    }

    /// Who writes this run's referral and gap records, under the one rule
    /// of [`crate::records::policy`].
    pub fn recorder(&self) -> Recorder<'_> {
        Recorder::new(&self.config, &self.clock)
    }
}
