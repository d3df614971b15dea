//! The config: the station's file, read first, then the user's, which
//! overrides it key by key; or the one file that `DEFLECT_CONFIG` names,
//! which replaces both. It gives the directory to use and the station's own
//! settings.
//!
//! - The station's file (one for every account on the desk PC):
//!   `/etc/deflect/config.toml` on Unix, `%ProgramData%\deflect\config.toml`
//!   on Windows, or the path in `DEFLECT_SYSTEM_CONFIG`.
//! - The user's file: `config.toml` in the platform's config folder for
//!   deflect (on Linux `~/.config/deflect/config.toml`).
//!
//! A file that is not valid TOML, or that exists and cannot be read, is an
//! error naming it; an unknown key or a bad value is a warning naming the
//! file, line and key, and is ignored (the other file's value then stands).
//! The records' `enabled` and `path` belong to the station: a user's file
//! that changes them is warned about, naming both files.

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
    /// The files it was read from, the station's first.
    pub files: Vec<PathBuf>,
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
    /// The keys given a usable value, each with the `FILE:LINE:COLUMN`
    /// that gave it: what a user's file overrides in the station's.
    set: Vec<(&'static str, String)>,
}

/// Where the user's config file is: `DEFLECT_CONFIG`, else the platform's
/// config folder.
pub fn config_path() -> Option<PathBuf> {
    match explicit_config() {
        Some(path) => Some(path),
        None => dirs::config_dir().map(|d| d.join("deflect").join("config.toml")),
    }
}

/// `DEFLECT_CONFIG`, when set and not empty: the one file read.
fn explicit_config() -> Option<PathBuf> {
    std::env::var_os("DEFLECT_CONFIG")
        .filter(|p| !p.is_empty())
        .map(PathBuf::from)
}

/// Where the station's config file is: `DEFLECT_SYSTEM_CONFIG` when set
/// and not empty, else `/etc/deflect/config.toml` on Unix and
/// `%ProgramData%\deflect\config.toml` on Windows.
pub fn station_config_path() -> Option<PathBuf> {
    if let Some(path) = std::env::var_os("DEFLECT_SYSTEM_CONFIG").filter(|p| !p.is_empty()) {
        return Some(PathBuf::from(path));
    }
    default_station_config()
}

#[cfg(windows)]
fn default_station_config() -> Option<PathBuf> {
    let data = std::env::var_os("ProgramData")
        .filter(|p| !p.is_empty())
        .map_or_else(|| PathBuf::from(r"C:\ProgramData"), PathBuf::from);
    Some(data.join("deflect").join("config.toml"))
}

#[cfg(not(windows))]
fn default_station_config() -> Option<PathBuf> {
    Some(PathBuf::from("/etc/deflect/config.toml"))
}

/// The files a config is read from, in order, for messages: the station's
/// and the user's, or the one `DEFLECT_CONFIG` names.
pub fn config_paths() -> Vec<PathBuf> {
    match explicit_config() {
        Some(path) => vec![path],
        None => station_config_path()
            .into_iter()
            .chain(config_path())
            .collect(),
    }
}

/// Reads one config file: `None` when it does not exist and may be absent.
fn read_file(path: &Path, must_exist: bool) -> anyhow::Result<Option<Config>> {
    match std::fs::read_to_string(path) {
        Ok(text) => Config::parse(path, &text).map(Some),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound && !must_exist => Ok(None),
        Err(e) => anyhow::bail!(
            "cannot read the config file {}: {}",
            path.display(),
            crate::directory::walk::plain_io_error(&e)
        ),
    }
}

impl Config {
    /// Reads the config: the one file of `DEFLECT_CONFIG`, or the station's
    /// file then the user's over it, key by key; the defaults when there is
    /// none.
    ///
    /// # Errors
    /// When a file exists but cannot be read or is not valid TOML (the
    /// message names the file), or `DEFLECT_CONFIG` names a file that does
    /// not exist.
    pub fn load() -> anyhow::Result<Config> {
        if let Some(path) = explicit_config() {
            return Ok(read_file(&path, true)?.unwrap_or_default());
        }
        let station = match station_config_path() {
            Some(path) => read_file(&path, false)?,
            None => None,
        };
        let user = match config_path() {
            Some(path) => read_file(&path, false)?,
            None => None,
        };
        Ok(match (station, user) {
            (Some(station), Some(user)) => station.overridden_by(user),
            (Some(one), None) | (None, Some(one)) => one,
            (None, None) => Config::default(),
        })
    }

    /// This (the station's) config with every key that `user` sets taken
    /// from it; warns where the user's file changes a key that belongs to
    /// the station.
    pub fn overridden_by(mut self, user: Config) -> Config {
        for (key, at) in &user.set {
            if let Some((_, station_at)) = self.set.iter().find(|(k, _)| k == key) {
                if let Some(why) = self.overriding(&user, key) {
                    self.warnings.push(format!(
                        "warning: {at}: `{key}` overrides the station's ({station_at}): {why}; \
                         remove it from this file unless that is meant"
                    ));
                }
            }
            self.take(&user, key);
        }
        self.files.extend(user.files);
        self.warnings.extend(user.warnings);
        self
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
        let mut reader = Reader {
            path,
            file: &file,
            config: Config {
                files: vec![path.to_path_buf()],
                ..Config::default()
            },
        };
        for (key, value) in document.get_ref().iter() {
            let name = key.get_ref().as_ref();
            match (name, value.get_ref()) {
                ("directory", DeValue::String(s)) => {
                    reader.config.directory = Some(relative_to(path, s.as_ref()));
                    reader.mark("directory", key.span());
                }
                ("station", DeValue::Table(t)) => reader.station(t, key.span()),
                ("slip", DeValue::Table(t)) => reader.slip(t),
                ("records", DeValue::Table(t)) => reader.records(t),
                _ => reader.warn(key.span(), format!("unknown or mistyped key `{name}`")),
            }
        }
        Ok(reader.config)
    }

    /// Why a user's file should not change `key` from this (the
    /// station's) value, when it is one of the keys that belong to the
    /// station and `user` changes it: the account's records would no longer
    /// be the desk's.
    fn overriding(&self, user: &Config, key: &str) -> Option<&'static str> {
        match key {
            "records.path" if self.records.path != user.records.path => Some(
                "this account's referral records go to a file of their own, which the \
                 station's report does not read",
            ),
            "records.enabled" if self.records.enabled && !user.records.enabled => {
                Some("this account keeps no referral records while the desk's other accounts do")
            }
            "records.enabled" if !self.records.enabled && user.records.enabled => {
                Some("this account keeps referral records while the station keeps none")
            }
            _ => None,
        }
    }

    /// Takes the value of `key` from `other`.
    fn take(&mut self, other: &Config, key: &str) {
        match key {
            "directory" => self.directory.clone_from(&other.directory),
            "station.name" => self.station.name.clone_from(&other.station.name),
            "station.phone" => self.station.phone.clone_from(&other.station.phone),
            "station.place" => self.station.place.clone_from(&other.station.place),
            "station.pathway" => self.station.pathway.clone_from(&other.station.pathway),
            "slip.width" => self.slip.width = other.slip.width,
            "slip.lang" => self.slip.lang.clone_from(&other.slip.lang),
            "slip.printer" => self.slip.printer.clone_from(&other.slip.printer),
            "records.enabled" => self.records.enabled = other.records.enabled,
            "records.path" => self.records.path.clone_from(&other.records.path),
            _ => {}
        }
        if let Some(at) = other.set.iter().find(|(k, _)| *k == key) {
            self.set.retain(|(k, _)| *k != key);
            self.set.push(at.clone());
        }
    }
}

/// Reads the tables of one config file into a [`Config`], noting which
/// keys it gives and where, and warning about the rest.
struct Reader<'a> {
    path: &'a Path,
    file: &'a SourceFile,
    config: Config,
}

impl Reader<'_> {
    /// `FILE:LINE:COLUMN` of a span.
    fn place(&self, span: std::ops::Range<usize>) -> String {
        let (line, column) = self.file.position(span.start).unwrap_or((1, 1));
        format!("{}:{line}:{column}", self.path.display())
    }

    fn warn(&mut self, span: std::ops::Range<usize>, message: String) {
        let at = self.place(span);
        self.config
            .warnings
            .push(format!("warning: {at}: {message}; it is ignored"));
    }

    /// Notes that the file gives `key` a usable value.
    fn mark(&mut self, key: &'static str, span: std::ops::Range<usize>) {
        let at = self.place(span);
        self.config.set.retain(|(k, _)| *k != key);
        self.config.set.push((key, at));
    }

    fn station(&mut self, t: &DeTable<'_>, span: std::ops::Range<usize>) {
        for (k, v) in t.iter() {
            let kn = k.get_ref().as_ref();
            match (kn, v.get_ref()) {
                ("name", DeValue::String(s)) => {
                    self.config.station.name = Some(s.to_string());
                    self.mark("station.name", k.span());
                }
                ("phone", DeValue::String(s)) => {
                    self.config.station.phone = Some(s.to_string());
                    self.mark("station.phone", k.span());
                }
                ("place", DeValue::String(s)) => {
                    self.config.station.place = Some(StationPlace::Named(s.to_string()));
                    self.mark("station.place", k.span());
                }
                ("lat" | "lon", _) => {}
                ("pathway", DeValue::String(s)) if PATHWAYS.contains(&s.as_ref()) => {
                    self.config.station.pathway = Some(s.to_string());
                    self.mark("station.pathway", k.span());
                }
                ("pathway", _) => self.warn(
                    v.span(),
                    format!("`station.pathway` must be one of: {}", PATHWAYS.join(", ")),
                ),
                _ => self.warn(k.span(), format!("unknown or mistyped key `station.{kn}`")),
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
                self.config.station.place = Some(StationPlace::At(lat, lon));
                self.mark("station.place", span);
            }
            (None, None) => {}
            _ => self.warn(
                span,
                "`station.lat` and `station.lon` must both be given, in degrees".into(),
            ),
        }
    }

    fn slip(&mut self, t: &DeTable<'_>) {
        for (k, v) in t.iter() {
            let kn = k.get_ref().as_ref();
            match (kn, v.get_ref()) {
                ("width", DeValue::Integer(i)) => match i.as_str().parse::<usize>() {
                    Ok(w) if (32..=120).contains(&w) => {
                        self.config.slip.width = Some(w);
                        self.mark("slip.width", k.span());
                    }
                    _ => self.warn(v.span(), "`slip.width` must be from 32 to 120".into()),
                },
                ("lang", DeValue::String(s)) => {
                    self.config.slip.lang = Some(s.to_string());
                    self.mark("slip.lang", k.span());
                }
                ("printer", DeValue::String(s)) => {
                    self.config.slip.printer = Some(s.to_string());
                    self.mark("slip.printer", k.span());
                }
                _ => self.warn(k.span(), format!("unknown or mistyped key `slip.{kn}`")),
            }
        }
    }

    fn records(&mut self, t: &DeTable<'_>) {
        for (k, v) in t.iter() {
            let kn = k.get_ref().as_ref();
            match (kn, v.get_ref()) {
                ("enabled", DeValue::Boolean(b)) => {
                    self.config.records.enabled = *b;
                    self.mark("records.enabled", k.span());
                }
                ("path", DeValue::String(s)) => {
                    self.config.records.path = Some(relative_to(self.path, s.as_ref()));
                    self.mark("records.path", k.span());
                }
                _ => self.warn(k.span(), format!("unknown or mistyped key `records.{kn}`")),
            }
        }
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

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(path: &str, text: &str) -> Config {
        Config::parse(Path::new(path), text).unwrap()
    }

    const STATION: &str = r#"directory = "county"
[station]
name = "Central District Station"
place = "Central Station"
[slip]
width = 48
printer = "front-desk"
[records]
enabled = true
path = "/var/lib/deflect/records.jsonl"
"#;

    #[test]
    fn the_users_file_overrides_the_stations_key_by_key() {
        let station = parse("/etc/deflect/config.toml", STATION);
        let user = parse(
            "/home/ann/.config/deflect/config.toml",
            "[slip]\nwidth = 32\n[station]\nlat = 41.8\nlon = -87.6\n",
        );
        let merged = station.overridden_by(user);
        assert_eq!(
            merged.directory,
            Some(PathBuf::from("/etc/deflect/county")),
            "a relative path is read from its own file's folder"
        );
        assert_eq!(merged.slip.width, Some(32));
        assert_eq!(merged.slip.printer.as_deref(), Some("front-desk"));
        assert_eq!(
            merged.station.name.as_deref(),
            Some("Central District Station")
        );
        assert_eq!(merged.station.place, Some(StationPlace::At(41.8, -87.6)));
        assert!(merged.records.enabled);
        assert_eq!(
            merged.records.path,
            Some(PathBuf::from("/var/lib/deflect/records.jsonl"))
        );
        assert!(merged.warnings.is_empty(), "{:?}", merged.warnings);
        assert_eq!(
            merged.files,
            vec![
                PathBuf::from("/etc/deflect/config.toml"),
                PathBuf::from("/home/ann/.config/deflect/config.toml")
            ]
        );
    }

    #[test]
    fn a_bad_value_in_the_users_file_leaves_the_stations() {
        let station = parse("/etc/deflect/config.toml", STATION);
        let user = parse("/home/ann/c.toml", "[slip]\nwidth = 7\n");
        let merged = station.overridden_by(user);
        assert_eq!(merged.slip.width, Some(48));
        assert_eq!(merged.warnings.len(), 1);
        assert!(merged.warnings[0].starts_with("warning: /home/ann/c.toml:2:9: `slip.width`"));
    }

    #[test]
    fn a_user_who_moves_or_stops_the_stations_records_is_warned_naming_both_files() {
        let station = parse("/etc/deflect/config.toml", STATION);
        let user = parse(
            "/home/ann/c.toml",
            "[records]\npath = \"/home/ann/mine.jsonl\"\nenabled = false\n",
        );
        let merged = station.overridden_by(user);
        assert_eq!(
            merged.records.path,
            Some(PathBuf::from("/home/ann/mine.jsonl"))
        );
        assert!(!merged.records.enabled);
        assert_eq!(merged.warnings.len(), 2, "{:?}", merged.warnings);
        let path = merged
            .warnings
            .iter()
            .find(|w| w.contains("`records.path`"))
            .unwrap();
        assert!(path.starts_with(
            "warning: /home/ann/c.toml:2:1: `records.path` overrides the station's (/etc/deflect/config.toml:10:1): \
             this account's referral records go to a file of their own"
        ), "{path}");
        let enabled = merged
            .warnings
            .iter()
            .find(|w| w.contains("`records.enabled`"))
            .unwrap();
        assert!(
            enabled.starts_with("warning: /home/ann/c.toml:3:1:"),
            "{enabled}"
        );
        assert!(enabled.contains("keeps no referral records"), "{enabled}");
        // The same values as the station's: nothing to say.
        let station = parse("/etc/deflect/config.toml", STATION);
        let same = parse(
            "/home/ann/c.toml",
            "[records]\nenabled = true\npath = \"/var/lib/deflect/records.jsonl\"\n",
        );
        assert!(station.overridden_by(same).warnings.is_empty());
        // Records of one's own where the station keeps none: no warning
        // about a setting the station does not make.
        let station = parse("/etc/deflect/config.toml", "[slip]\nwidth = 42\n");
        let own = parse("/home/ann/c.toml", "[records]\nenabled = true\n");
        let merged = station.overridden_by(own);
        assert!(merged.records.enabled);
        assert!(merged.warnings.is_empty());
    }
}
