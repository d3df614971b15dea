//! The command line: the only module that knows clap. Flags are turned into
//! the library's own queries by the command modules.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

/// Find open drug treatment, harm-reduction and recovery services near a
/// place, at a time, and print referral slips a person can keep.
///
/// With no directory named (--dir, DEFLECT_DIR or the config file), the desk
/// commands use a fictional demo directory, and say so.
#[derive(Debug, Parser)]
#[command(name = "deflect", version, about, long_about)]
pub struct Cli {
    /// Options that apply to every command.
    #[command(flatten)]
    pub global: Global,
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// Options of every command.
#[derive(Debug, Args)]
pub struct Global {
    /// The directory: a folder of TOML files or one .toml file
    #[arg(long, global = true, env = "DEFLECT_DIR", value_name = "PATH", value_hint = clap::ValueHint::AnyPath)]
    pub dir: Option<PathBuf>,
    /// Use the fictional demo directory built into deflect
    #[arg(long, global = true, conflicts_with = "dir")]
    pub demo: bool,
    /// Read the TOML files even where a cache of them exists
    #[arg(long, global = true)]
    pub no_cache: bool,
}

/// Output of the search commands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum TableFormat {
    /// A table for people
    Table,
    /// One JSON object for scripts
    Json,
}

/// Output of `validate`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum TextFormat {
    /// `file:line:column: severity[code]: message` blocks
    Text,
    /// One JSON object for scripts
    Json,
}

/// The shells deflect writes completions for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
#[allow(missing_docs)]
pub enum ShellName {
    Bash,
    Zsh,
    Fish,
    Elvish,
    Powershell,
}

/// The commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Services that meet the needs, near a place, open at a time
    ///
    /// Needs are typed loosely: `detox`, `suboxon`, `needle exchange`,
    /// `sober living`. Results: open ones first, then those that open
    /// soonest, then those whose hours are unknown; nearest first within.
    Find(FindArgs),
    /// One service whole, with its hours for the next 7 days
    Show(ShowArgs),
    /// What an opening-hours expression means, day by day
    Hours(HoursArgs),
    /// Check a directory, for nightly scripts
    Validate(ValidateArgs),
    /// The taxonomy of needs, with the words officers may type
    Categories(ListArgs),
    /// The gazetteer: stations, landmarks, neighbourhoods, postcodes
    Places(PlacesArgs),
    /// Print the completion script for a shell
    Completions(CompletionsArgs),
    /// Programme figures from the referral records, which identify no one
    ///
    /// Referrals by pathway, category, service, station, hour and weekday;
    /// warm handoffs; gaps (no service open) by need and hour; engagement.
    /// Records are kept only when `[records] enabled = true` in the config.
    Report(ReportArgs),
    /// Referral records: mark one engaged, or purge old ones
    #[command(subcommand)]
    Records(RecordsCommand),
}

/// Where and when a search is made.
#[derive(Debug, Args, Clone)]
pub struct WhereWhen {
    /// Where the person is: a place name or alias, a postcode, or LAT,LON
    #[arg(long, value_name = "PLACE")]
    pub near: Option<String>,
    /// When: `now`, YYYY-MM-DDTHH:MM in the directory's timezone, or RFC 3339
    #[arg(long, value_name = "WHEN", default_value = "now")]
    pub at: String,
}

/// `deflect find`.
#[derive(Debug, Args)]
pub struct FindArgs {
    /// What the person needs (words are joined into known phrases)
    #[arg(value_name = "NEED")]
    pub needs: Vec<String>,
    #[command(flatten)]
    #[allow(missing_docs)]
    pub place_time: WhereWhen,
    /// Leave out services that are not open at that time
    #[arg(long)]
    pub open_only: bool,
    /// Leave out located services farther than this (5, 5km, 3mi)
    #[arg(long, value_name = "R")]
    pub radius: Option<String>,
    /// The person's age
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(0..=130))]
    pub age: Option<u32>,
    /// The person's gender (women, men, nonbinary, …)
    #[arg(long, value_name = "G")]
    pub gender: Option<String>,
    /// A language the person speaks (ISO 639-1: en, es, ar, …)
    #[arg(long, value_name = "CODE")]
    pub lang: Option<String>,
    /// How the person pays (free, medicaid, self-pay, …)
    #[arg(long, value_name = "P")]
    pub payment: Option<String>,
    /// Only services that state this attribute (walk-in, pets-allowed, …)
    #[arg(long, value_name = "ATTR")]
    pub require: Vec<String>,
    /// How many results at most
    #[arg(long, value_name = "N", default_value = "10", value_parser = clap::value_parser!(u32).range(1..=10000))]
    pub limit: u32,
    /// Output format
    #[arg(long, value_enum, default_value = "table")]
    pub format: TableFormat,
}

/// `deflect show`.
#[derive(Debug, Args)]
pub struct ShowArgs {
    /// The service's id
    pub id: String,
    #[command(flatten)]
    #[allow(missing_docs)]
    pub place_time: WhereWhen,
    /// Output format
    #[arg(long, value_enum, default_value = "table")]
    pub format: TableFormat,
}

/// `deflect hours`.
#[derive(Debug, Args)]
pub struct HoursArgs {
    /// An OpenStreetMap opening_hours expression, e.g. "Mo-Fr 09:00-17:00; PH off"
    pub expression: String,
    /// When: `now`, YYYY-MM-DDTHH:MM, or RFC 3339
    #[arg(long, value_name = "WHEN", default_value = "now")]
    pub at: String,
    /// IANA timezone (default: the directory's, else UTC)
    #[arg(long, value_name = "TZ")]
    pub timezone: Option<String>,
    /// ISO country code for public holidays (default: the directory's)
    #[arg(long, value_name = "CC")]
    pub country: Option<String>,
    /// Output format
    #[arg(long, value_enum, default_value = "table")]
    pub format: TableFormat,
}

/// `deflect validate`.
#[derive(Debug, Args)]
pub struct ValidateArgs {
    /// Output format
    #[arg(long, value_enum, default_value = "text")]
    pub format: TextFormat,
    /// The day to judge ages against (default: today in the directory's timezone)
    #[arg(long, value_name = "DATE")]
    pub as_of: Option<String>,
    /// How many days a `verified` date stays fresh
    #[arg(long, value_name = "DAYS", default_value = "180", value_parser = clap::value_parser!(u32).range(1..=36500))]
    pub max_age: u32,
    /// Fail on warnings too
    #[arg(long)]
    pub deny_warnings: bool,
    /// Rewrite hours written in a tolerated form to their canonical form, in place
    #[arg(long)]
    pub fix: bool,
    /// With --fix: show the changes as a diff and write nothing
    #[arg(long, requires = "fix")]
    pub dry_run: bool,
}

/// `deflect categories`.
#[derive(Debug, Args)]
pub struct ListArgs {
    /// Output format
    #[arg(long, value_enum, default_value = "table")]
    pub format: TableFormat,
}

/// `deflect places`.
#[derive(Debug, Args)]
pub struct PlacesArgs {
    /// Only places whose name or alias matches this
    pub query: Option<String>,
    /// Output format
    #[arg(long, value_enum, default_value = "table")]
    pub format: TableFormat,
}

/// `deflect completions`.
#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell
    #[arg(value_enum)]
    pub shell: ShellName,
}

/// Output of `report`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ReportFormat {
    /// Counts for people
    Table,
    /// One `dimension,key,count` row per count
    Csv,
    /// One JSON object for scripts
    Json,
}

/// `deflect report`.
#[derive(Debug, Args)]
pub struct ReportArgs {
    /// The first day counted, YYYY-MM-DD in the directory's timezone
    #[arg(long, value_name = "DATE")]
    pub since: Option<String>,
    /// The last day counted (inclusive), YYYY-MM-DD
    #[arg(long, value_name = "DATE")]
    pub until: Option<String>,
    /// A records file to read; repeat to merge several stations' files (default: the config's)
    #[arg(long = "records", value_name = "FILE", value_hint = clap::ValueHint::FilePath)]
    pub records: Vec<PathBuf>,
    /// Show every count below N as <N, for reports that leave the programme
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..=1_000_000))]
    pub suppress_below: Option<u32>,
    /// IANA timezone of days and hours (default: the directory's)
    #[arg(long, value_name = "TZ")]
    pub timezone: Option<String>,
    /// Output format
    #[arg(long, value_enum, default_value = "table")]
    pub format: ReportFormat,
}

/// `deflect records`.
#[derive(Debug, Subcommand)]
pub enum RecordsCommand {
    /// Mark the referral with this code engaged: the person arrived
    ///
    /// Case, the hyphen and look-alike letters (I, L, O) do not matter.
    /// An unknown code exits 2.
    Engaged(EngagedArgs),
    /// Remove records older than a number of days (rewrites the file)
    Purge(PurgeArgs),
}

/// `deflect records engaged`.
#[derive(Debug, Args)]
pub struct EngagedArgs {
    /// The referral code on the slip, such as ABCD-EFGH
    pub code: String,
    /// A records file to look in; repeat for several (default: the config's)
    #[arg(long = "records", value_name = "FILE", value_hint = clap::ValueHint::FilePath)]
    pub records: Vec<PathBuf>,
}

/// `deflect records purge`.
#[derive(Debug, Args)]
pub struct PurgeArgs {
    /// Remove records from before this many days before --as-of
    #[arg(long, value_name = "DAYS", value_parser = clap::value_parser!(u32).range(0..=36500))]
    pub older_than: u32,
    /// The day to count back from (default: today in the directory's timezone)
    #[arg(long, value_name = "DATE")]
    pub as_of: Option<String>,
    /// A records file to purge; repeat for several (default: the config's)
    #[arg(long = "records", value_name = "FILE", value_hint = clap::ValueHint::FilePath)]
    pub records: Vec<PathBuf>,
    /// IANA timezone of days (default: the directory's)
    #[arg(long, value_name = "TZ")]
    pub timezone: Option<String>,
}
