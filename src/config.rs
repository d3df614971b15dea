//! The config file (`config.toml` in the platform's config folder for
//! deflect, or the path in `DEFLECT_CONFIG`): the directory to use and the
//! station's own settings.
//!
//! A config that is not valid TOML is an error; an unknown key or a bad
//! value is a warning naming the file, line and key, and is ignored.

use std::path::{Path, PathBuf};

use toml::de::{DeTable, DeValue};

use crate::directory::model::PATHWAYS;
use crate::directory::source::SourceFile;

/// Where the station is: a place of the directory, or coordinates.
#[derive(Debug, Clone, PartialEq)]
pub enum StationPlace {
    /// A `[[place]]` name or alias.
    Named(String),
    /// Coordinates.
    At(f64, f64),
}

/// The `[station]` table.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Station {
    /// Printed on slips.
    pub name: Option<String>,
    /// Printed on slips.
    pub phone: Option<String>,
    /// The default origin of searches.
    pub place: Option<StationPlace>,
    /// The default pathway for slips.
    pub pathway: Option<String>,
}

/// The `[slip]` table.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SlipSettings {
    /// Default width in columns.
    pub width: Option<usize>,
    /// Default language of the slip's own words.
    pub lang: Option<String>,
    /// Default CUPS queue.
    pub printer: Option<String>,
}

/// The `[records]` table.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RecordSettings {
    /// Records are written only when this is true.
    pub enabled: bool,
    /// Where records go.
    pub path: Option<PathBuf>,
}

/// The whole config.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Config {
    /// The file it was read from, if any.
    pub file: Option<PathBuf>,
    /// The directory to use.
    pub directory: Option<PathBuf>,
    /// The station.
    pub station: Station,
    /// Slip defaults.
    pub slip: SlipSettings,
    /// Referral records.
    pub records: RecordSettings,
    /// Warnings to print on standard error.
    pub warnings: Vec<String>,
}

/// Where the config file is: `DEFLECT_CONFIG`, else the platform's config
/// folder.
pub fn config_path() -> Option<PathBuf> {
    match std::env::var_os("DEFLECT_CONFIG") {
        Some(path) if !path.is_empty() => Some(PathBuf::from(path)),
        _ => dirs::config_dir().map(|d| d.join("deflect").join("config.toml")),
    }
}

impl Config {
    /// Reads the config file, or the defaults when there is none.
    ///
    /// # Errors
    /// When the file exists but cannot be read or is not valid TOML.
    pub fn load() -> anyhow::Result<Config> {
        let Some(path) = config_path() else {
            return Ok(Config::default());
        };
        let explicit = std::env::var_os("DEFLECT_CONFIG").is_some_and(|p| !p.is_empty());
        match std::fs::read_to_string(&path) {
            Ok(text) => Config::parse(&path, &text),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound && !explicit => {
                Ok(Config::default())
            }
            Err(e) => anyhow::bail!(
                "cannot read the config file {}: {}",
                path.display(),
                crate::directory::walk::plain_io_error(&e)
            ),
        }
    }

    /// Reads a config from its text.
    ///
    /// # Errors
    /// When the text is not valid TOML.
    pub fn parse(path: &Path, text: &str) -> anyhow::Result<Config> {
        let file = SourceFile::new(path.display().to_string(), text.to_string());
        let document = DeTable::parse(text).map_err(|e| {
            let (line, column) = file
                .position(e.span().map_or(0, |s| s.start))
                .unwrap_or((1, 1));
            anyhow::anyhow!(
                "the config file {}:{line}:{column} is not valid TOML: {}",
                path.display(),
                e.message().trim()
            )
        })?;
        let mut config = Config {
            file: Some(path.to_path_buf()),
            ..Config::default()
        };
        let warn = |span: std::ops::Range<usize>, message: String| {
            let (line, column) = file.position(span.start).unwrap_or((1, 1));
            format!(
                "warning: {}:{line}:{column}: {message}; it is ignored",
                path.display()
            )
        };
        let mut warnings = Vec::new();
        for (key, value) in document.get_ref().iter() {
            let name = key.get_ref().as_ref();
            match (name, value.get_ref()) {
                ("directory", DeValue::String(s)) => {
                    config.directory = Some(relative_to(path, s.as_ref()));
                }
                ("station", DeValue::Table(t)) => {
                    for (k, v) in t.iter() {
                        let kn = k.get_ref().as_ref();
                        match (kn, v.get_ref()) {
                            ("name", DeValue::String(s)) => {
                                config.station.name = Some(s.to_string())
                            }
                            ("phone", DeValue::String(s)) => {
                                config.station.phone = Some(s.to_string())
                            }
                            ("place", DeValue::String(s)) => {
                                config.station.place = Some(StationPlace::Named(s.to_string()))
                            }
                            ("lat" | "lon", _) => {}
                            ("pathway", DeValue::String(s)) if PATHWAYS.contains(&s.as_ref()) => {
                                config.station.pathway = Some(s.to_string())
                            }
                            ("pathway", _) => warnings.push(warn(
                                v.span(),
                                format!(
                                    "`station.pathway` must be one of: {}",
                                    PATHWAYS.join(", ")
                                ),
                            )),
                            _ => warnings.push(warn(
                                k.span(),
                                format!("unknown or mistyped key `station.{kn}`"),
                            )),
                        }
                    }
                    let number = |k: &str| {
                        t.iter()
                            .find(|(key, _)| key.get_ref().as_ref() == k)
                            .and_then(|(_, v)| match v.get_ref() {
                                DeValue::Float(f) => f.as_str().parse::<f64>().ok(),
                                DeValue::Integer(i) => i.as_str().parse::<f64>().ok(),
                                _ => None,
                            })
                    };
                    match (number("lat"), number("lon")) {
                        (Some(lat), Some(lon))
                            if (-90.0..=90.0).contains(&lat) && (-180.0..=180.0).contains(&lon) =>
                        {
                            config.station.place = Some(StationPlace::At(lat, lon));
                        }
                        (None, None) => {}
                        _ => warnings.push(warn(
                            key.span(),
                            "`station.lat` and `station.lon` must both be given, in degrees".into(),
                        )),
                    }
                }
                ("slip", DeValue::Table(t)) => {
                    for (k, v) in t.iter() {
                        let kn = k.get_ref().as_ref();
                        match (kn, v.get_ref()) {
                            ("width", DeValue::Integer(i)) => match i.as_str().parse::<usize>() {
                                Ok(w) if (32..=120).contains(&w) => config.slip.width = Some(w),
                                _ => warnings.push(warn(
                                    v.span(),
                                    "`slip.width` must be from 32 to 120".into(),
                                )),
                            },
                            ("lang", DeValue::String(s)) => config.slip.lang = Some(s.to_string()),
                            ("printer", DeValue::String(s)) => {
                                config.slip.printer = Some(s.to_string())
                            }
                            _ => warnings.push(warn(
                                k.span(),
                                format!("unknown or mistyped key `slip.{kn}`"),
                            )),
                        }
                    }
                }
                ("records", DeValue::Table(t)) => {
                    for (k, v) in t.iter() {
                        let kn = k.get_ref().as_ref();
                        match (kn, v.get_ref()) {
                            ("enabled", DeValue::Boolean(b)) => config.records.enabled = *b,
                            ("path", DeValue::String(s)) => {
                                config.records.path = Some(relative_to(path, s.as_ref()))
                            }
                            _ => warnings.push(warn(
                                k.span(),
                                format!("unknown or mistyped key `records.{kn}`"),
                            )),
                        }
                    }
                }
                _ => warnings.push(warn(
                    key.span(),
                    format!("unknown or mistyped key `{name}`"),
                )),
            }
        }
        config.warnings = warnings;
        Ok(config)
    }
}

/// A path written in the config file: a relative one is read from the
/// config file's own folder, whatever folder deflect runs in.
fn relative_to(config_file: &Path, written: &str) -> PathBuf {
    let written = PathBuf::from(written);
    match config_file.parent() {
        Some(parent) if written.is_relative() => parent.join(written),
        _ => written,
    }
}
