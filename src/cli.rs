//! The command line: the only module that knows clap. Flags are turned into
//! the library's own queries by the command modules.

use std::path::PathBuf;
use std::sync::LazyLock;

use clap::{Args, CommandFactory, FromArgMatches, Parser, Subcommand, ValueEnum};

/// Find open drug treatment, harm-reduction and recovery services near a
/// place, at a time, and print referral slips a person can keep.
///
/// With no directory named (--dir, DEFLECT_DIR or the config file), the desk
/// commands use a fictional demo directory, and say so. With no command, on
/// a terminal, the guided desk starts (`deflect desk`).
#[derive(Debug, Parser)]
#[command(
    name = "deflect",
    version = short_version(),
    long_version = long_version(),
    about,
    long_about
)]
pub struct Cli {
    /// Options that apply to every command.
    #[command(flatten)]
    pub global: Global,
    /// What to do; none starts the desk on a terminal, else prints help.
    #[command(subcommand)]
    pub command: Option<Command>,
}

impl Cli {
    /// The help printed for `deflect` with no command away from a
    /// terminal: the same text clap shows for a missing command.
    pub fn help_text() -> String {
        command().render_help().to_string()
    }
}

/// The command line as clap reads it: [`Cli`]'s, with the global options
/// hidden from the help of the commands that read no directory
/// (`completions`, `import` and its formats), and an empty `DEFLECT_DIR`
/// taken as unset (a script's `DEFLECT_DIR= deflect …`).
pub fn command() -> clap::Command {
    finish(Cli::command())
}

/// [`command`] for the man pages: no `help` command (each command has its
/// page), and the version without the commit, so that the pages stay the
/// same from one commit to the next.
pub fn manual_command() -> clap::Command {
    finish(
        Cli::command()
            .disable_help_subcommand(true)
            .version(env!("CARGO_PKG_VERSION"))
            .long_version(None),
    )
}

fn finish(mut command: clap::Command) -> clap::Command {
    if std::env::var_os("DEFLECT_DIR").is_some_and(|d| d.is_empty()) {
        command = command.mut_arg("dir", |arg| arg.env(None));
    }
    // A subcommand's own copy of a global option takes the place of the
    // one clap would give it: the same option, hidden from its help. It is
    // still accepted there, as everywhere.
    let hidden: Vec<clap::Arg> = command
        .get_arguments()
        .filter(|arg| ["dir", "demo", "no_cache"].contains(&arg.get_id().as_str()))
        .map(|arg| arg.clone().hide(true))
        .collect();
    for name in ["completions", "import"] {
        command = command.mut_subcommand(name, |sub| sub.args(hidden.clone()));
    }
    command
}

/// Parses the program's command line; a bad one ends the program with
/// clap's message and exit status 2.
pub fn parse() -> Cli {
    let mut command = command();
    let matches = command.get_matches_mut();
    Cli::from_arg_matches(&matches).unwrap_or_else(|e| e.format(&mut command).exit())
}

/// `deflect -V`: the version, and the git commit it was built from where
/// the build knew it.
pub fn short_version() -> &'static str {
    static TEXT: LazyLock<String> = LazyLock::new(|| match option_env!("DEFLECT_GIT_COMMIT") {
        Some(commit) => format!("{} (commit {commit})", env!("CARGO_PKG_VERSION")),
        None => env!("CARGO_PKG_VERSION").to_string(),
    });
    &TEXT
}

/// `deflect --version`: [`short_version`], then the versions of the
/// formats this deflect reads, for bug reports.
pub fn long_version() -> &'static str {
    static TEXT: LazyLock<String> = LazyLock::new(|| {
        format!(
            "{}\nreads: directory format {}, desk cache format {}, records format {}",
            short_version(),
            crate::directory::model::FORMAT_VERSION,
            crate::cache::FORMAT,
            crate::records::RECORD_VERSION
        )
    });
    &TEXT
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

/// The variable that asks `deflect` for completions instead of a run: the
/// completion scripts set it at each Tab (`crate::complete`).
pub const COMPLETE_VAR: &str = "DEFLECT_COMPLETE";

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
    /// Start a new directory: a small commented example that validates
    ///
    /// Writes PATH/directory.toml (the `[directory]` table and one place)
    /// and PATH/services.toml (two fictional example services, marked
    /// demo = true until they are replaced), with how to validate them.
    /// Never overwrites a file.
    Init(InitArgs),
    /// The taxonomy of needs, with the words officers may type
    Categories(ListArgs),
    /// The gazetteer: stations, landmarks, neighbourhoods, postcodes
    Places(PlacesArgs),
    /// Print the completion script for a shell
    Completions(CompletionsArgs),
    /// A referral slip for one or more services, for the person to keep
    ///
    /// Text for receipt printers (--width 32, 42 or 48 columns) or one
    /// HTML page (--format html). Each slip carries a random referral code
    /// that identifies no one; a name given with --for is printed and
    /// never stored.
    Slip(SlipArgs),
    /// A printable HTML sheet of wallet cards, one per service found
    ///
    /// Takes the needs and filters of `find`; 85 x 55 mm cards with cut
    /// marks, 10 to an A4 page or 8 to a US Letter page.
    Cards(CardsArgs),
    /// Import a directory from another format (Open Referral HSDS)
    Import(ImportArgs),
    /// Export the directory to another format (Open Referral HSDS)
    Export(ExportArgs),
    /// Programme figures from the referral records, which identify no one
    ///
    /// Referrals by pathway, category, service, station, hour and weekday;
    /// warm handoffs; gaps (no service open) by need and hour; engagement.
    /// Records are kept only when `[records] enabled = true` in the config.
    Report(ReportArgs),
    /// When and where no service is open for a need, over one week
    ///
    /// For each place (every station, or --near) and each need (or every
    /// group and category): the hours of the week with a matching service
    /// open within the radius, the longest gap, the night gap and a week
    /// strip. Exit 1 when a need has no open time at some place.
    Coverage(CoverageArgs),
    /// Referral records: mark one engaged, or purge old ones
    #[command(subcommand)]
    Records(RecordsCommand),
    /// The guided desk: questions one at a time, results, and a slip
    ///
    /// For officers who do not use shells: what the person needs (with
    /// suggestions as you type), where, a few questions only where they
    /// change the answer, then the results and a slip printed or shown.
    /// Esc or Ctrl-C leaves at any step; "back" goes back one step.
    /// `deflect` with no command starts it on a terminal.
    Desk(DeskArgs),
}

/// Where and when a search is made.
#[derive(Debug, Args, Clone)]
pub struct WhereWhen {
    /// Where the person is: a place name or alias, a postcode, or LAT,LON
    #[arg(long, value_name = "PLACE")]
    pub near: Option<String>,
    /// When: `now` (the default), a time phrase (`tonight`, `tomorrow 9am`,
    /// `sat 2am`, `9pm`, `in 2 hours`), YYYY-MM-DDTHH:MM in the directory's
    /// timezone, or RFC 3339
    #[arg(long, value_name = "WHEN")]
    pub at: Option<String>,
}

/// What `find`, `cards` and the desk search for: needs, place, time and
/// the person's eligibility.
#[derive(Debug, Args, Clone)]
pub struct SearchArgs {
    /// What the person needs, in plain words: needs, substances, age,
    /// gender, language, payment, preferences, a time and a place
    /// (`detox for alcohol 17 year old spanish tonight near 60994`)
    #[arg(value_name = "REQUEST")]
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
    #[command(flatten)]
    #[allow(missing_docs)]
    pub person: PersonArgs,
    /// Rank services that state this attribute first, leaving out none
    /// (pets-allowed, pregnant-postpartum, … or a word such as dog)
    #[arg(long = "prefer", value_name = "ATTR")]
    pub prefers: Vec<String>,
    /// Only services that state this attribute (walk-in, pets-allowed, …)
    #[arg(long, value_name = "ATTR")]
    pub require: Vec<String>,
    /// How many results (or cards) at most
    #[arg(long, value_name = "N", default_value = "10", value_parser = clap::value_parser!(u32).range(1..=10000))]
    pub limit: u32,
}

/// Who the person is and what they use, for `find`, `cards` and
/// `coverage`: the flags the request's words can also say
/// (docs/REQUEST.md).
#[derive(Debug, Args, Clone)]
pub struct PersonArgs {
    /// The person's age
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(0..=130))]
    pub age: Option<u32>,
    /// The person's gender: women, men or nonbinary (or woman, female,
    /// man, male, non-binary)
    #[arg(long, value_name = "G")]
    pub gender: Option<String>,
    /// A language the person speaks (ISO 639-1: en, es, ar, … or a name
    /// such as spanish); repeatable. Slips and cards are in it where
    /// deflect has their words
    #[arg(long, value_name = "CODE")]
    pub lang: Vec<String>,
    /// A way the person can pay (free, medicaid, self-pay, … or words
    /// such as "no insurance"); repeatable, or comma-separated: any of them
    #[arg(long, value_name = "P")]
    pub payment: Vec<String>,
    /// A substance the person uses: alcohol, opioids, stimulants,
    /// benzodiazepines, cannabis (or a word such as meth); repeatable
    #[arg(long = "substance", value_name = "S")]
    pub substances: Vec<String>,
}

/// `deflect find`.
#[derive(Debug, Args)]
pub struct FindArgs {
    #[command(flatten)]
    #[allow(missing_docs)]
    pub search: SearchArgs,
    /// Output format
    #[arg(long, value_enum, default_value = "table")]
    pub format: TableFormat,
    /// Write a gap record when nothing is open for the needs, even when not
    /// run on a terminal (where records are on)
    #[arg(long)]
    pub record: bool,
    /// After the table, print a referral slip for the first N results
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..=100))]
    pub slip: Option<u32>,
    #[command(flatten, next_help_heading = "Slip (with --slip)")]
    #[allow(missing_docs)]
    pub slip_options: SlipOptions,
}

/// How a slip is made and where it goes, for `slip` and `find --slip`.
#[derive(Debug, Args, Clone, Default)]
pub struct SlipOptions {
    /// The person's name: printed on the slip, never stored
    #[arg(long = "for", value_name = "NAME")]
    pub for_name: Option<String>,
    /// The deflection pathway (default: the config's `station.pathway`)
    #[arg(long, value_name = "P", value_parser = clap::builder::PossibleValuesParser::new(crate::directory::model::PATHWAYS))]
    pub pathway: Option<String>,
    /// Columns of a text slip, 32 to 120 (default: the config's, else 42)
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u16).range(32..=120))]
    pub width: Option<u16>,
    /// Plain ASCII, for printers without Unicode
    #[arg(long)]
    pub ascii: bool,
    /// Only names, addresses, phones, hours, the code and the crisis lines
    ///
    /// For a person who does not want a slip that says what it is for: no
    /// directory or station name, no pathway, no categories, notes or
    /// alerts.
    #[arg(long)]
    pub discreet: bool,
    /// Print the referral notes meant for the officer on the slip too
    ///
    /// Referral notes ("ring the side-door bell…") are for the officer:
    /// `find`, `show` and the desk show them. A slip is the person's and
    /// leaves them out unless this is given (never on a discreet slip).
    #[arg(long)]
    pub with_notes: bool,
    /// Send the slip to the printer with `lp` instead of standard output
    #[arg(long)]
    pub print: bool,
    /// The printer queue (default: the config's `slip.printer`, else the
    /// system's default); implies --print
    #[arg(long, value_name = "QUEUE")]
    pub printer: Option<String>,
    /// The officer is calling the service for the person (a warm handoff),
    /// for the referral record where records are on
    #[arg(long)]
    pub warm_handoff: bool,
}

/// The output of `deflect slip`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SlipFormat {
    /// Text for receipt printers and terminals
    Text,
    /// One self-contained, print-ready HTML page
    Html,
}

/// The paper of an HTML slip.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SlipPaperName {
    /// A6 sheets, 105 x 148 mm
    A6,
    /// An 80 mm receipt roll
    #[value(name = "80mm")]
    Receipt80,
}

/// The paper of a cards sheet.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum CardPaper {
    /// ISO A4: 10 cards a page
    A4,
    /// US Letter: 8 cards a page
    Letter,
}

/// `deflect slip`.
#[derive(Debug, Args)]
pub struct SlipArgs {
    /// The ids of the services, in the order to print them
    #[arg(value_name = "ID", required = true)]
    pub ids: Vec<String>,
    #[command(flatten)]
    #[allow(missing_docs)]
    pub place_time: WhereWhen,
    #[command(flatten)]
    #[allow(missing_docs)]
    pub options: SlipOptions,
    /// The language of the slip's own words: en, es (default: the
    /// config's `slip.lang`; others fall back to English)
    #[arg(long, value_name = "CODE")]
    pub lang: Option<String>,
    /// Output format
    #[arg(long, value_enum, default_value = "text")]
    pub format: SlipFormat,
    /// The paper of an HTML slip
    #[arg(long, value_enum, default_value = "a6")]
    pub paper: SlipPaperName,
}

/// `deflect cards`.
#[derive(Debug, Args)]
pub struct CardsArgs {
    #[command(flatten)]
    #[allow(missing_docs)]
    pub search: SearchArgs,
    /// The paper to print on
    #[arg(long, value_enum, default_value = "a4")]
    pub paper: CardPaper,
}

/// `deflect desk`.
#[derive(Debug, Args, Clone)]
pub struct DeskArgs {
    #[command(flatten)]
    #[allow(missing_docs)]
    pub place_time: WhereWhen,
    /// Numbered prompts without cursor movement (the default with
    /// TERM=dumb or without a terminal)
    #[arg(long)]
    pub plain: bool,
}

impl Default for DeskArgs {
    fn default() -> Self {
        DeskArgs {
            place_time: WhereWhen {
                near: None,
                at: None,
            },
            plain: false,
        }
    }
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

/// `deflect init`.
#[derive(Debug, Args)]
pub struct InitArgs {
    /// The folder to write (created when missing; must hold no TOML file)
    #[arg(value_name = "PATH", value_hint = clap::ValueHint::DirPath)]
    pub path: PathBuf,
    /// IANA timezone every opening hour is read in (default: this machine's)
    #[arg(long, value_name = "TZ")]
    pub timezone: Option<String>,
    /// ISO country code, for public holidays
    #[arg(long, value_name = "CC")]
    pub country: Option<String>,
    /// The directory's name
    #[arg(long, value_name = "NAME")]
    pub name: Option<String>,
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

/// `deflect import`.
#[derive(Debug, Args)]
pub struct ImportArgs {
    /// The format to import.
    #[command(subcommand)]
    pub format: ImportFormat,
}

/// The formats `deflect import` reads.
#[derive(Debug, Subcommand)]
pub enum ImportFormat {
    /// Open Referral HSDS 3.0: JSON, NDJSON or a tabular data package folder
    ///
    /// Writes one file per organisation into DIR/imported/, with a
    /// directory.toml on the first import. A later import keeps
    /// directory.toml and every file written by hand, and replaces what the
    /// previous import wrote. A failed import leaves DIR as it was.
    Hsds(ImportHsdsArgs),
}

/// `deflect import hsds`.
#[derive(Debug, Args)]
pub struct ImportHsdsArgs {
    /// An HSDS file (JSON, a JSON list, a paginated API response, NDJSON) or a data package folder
    #[arg(value_name = "INPUT", value_hint = clap::ValueHint::AnyPath)]
    pub input: PathBuf,
    /// The deflect directory to write (created, or replaced in part)
    #[arg(long, value_name = "DIR", value_hint = clap::ValueHint::DirPath)]
    pub out: PathBuf,
    /// IANA timezone of a new directory (required unless DIR has a directory.toml)
    #[arg(long, value_name = "TZ")]
    pub timezone: Option<String>,
    /// ISO country code of a new directory, for public holidays
    #[arg(long, value_name = "CC")]
    pub country: Option<String>,
    /// Name of a new directory
    #[arg(long, value_name = "NAME")]
    pub name: Option<String>,
    /// A TOML file mapping HSDS term codes or names to category ids (docs/CLI.md)
    #[arg(long, value_name = "MAP.toml", value_hint = clap::ValueHint::FilePath)]
    pub map: Option<PathBuf>,
    /// Write into a folder that is not a deflect directory
    #[arg(long)]
    pub force: bool,
    /// The day schedule validity is judged against (default: today in the directory's timezone)
    #[arg(long, value_name = "DATE")]
    pub as_of: Option<String>,
    /// Output format of the report
    #[arg(long, value_enum, default_value = "text")]
    pub format: TextFormat,
}

/// `deflect export`.
#[derive(Debug, Args)]
pub struct ExportArgs {
    /// The format to export.
    #[command(subcommand)]
    pub format: ExportFormat,
}

/// The formats `deflect export` writes.
#[derive(Debug, Subcommand)]
pub enum ExportFormat {
    /// Open Referral HSDS 3.0 JSON: DIR/services.json, one service_full object per service
    Hsds(ExportHsdsArgs),
}

/// `deflect export hsds`.
#[derive(Debug, Args)]
pub struct ExportHsdsArgs {
    /// The folder to write services.json into
    #[arg(long, value_name = "DIR", value_hint = clap::ValueHint::DirPath)]
    pub out: PathBuf,
    /// Output format of the report
    #[arg(long, value_enum, default_value = "text")]
    pub format: TextFormat,
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
    /// A printable page with charts
    Html,
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

/// Output of `coverage`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum CoverageFormat {
    /// A table and week strips for people
    Table,
    /// One JSON object for scripts
    Json,
    /// Printable landscape pages with a heatmap per need
    Html,
}

/// `deflect coverage`.
#[derive(Debug, Args)]
pub struct CoverageArgs {
    /// What to measure, in plain words as for `find` (a row per need;
    /// substances, the person and place words too). Default: every group,
    /// and every category a service of the directory has
    #[arg(value_name = "REQUEST")]
    pub needs: Vec<String>,
    /// A place to measure from; repeat for several (default: every place
    /// of kind station, else the config's station, else the directory's
    /// default place)
    #[arg(long, value_name = "PLACE")]
    pub near: Vec<String>,
    /// Count services within this distance (default: 10 in the directory's
    /// units; 5km, 3mi)
    #[arg(long, value_name = "R")]
    pub radius: Option<String>,
    /// A day of the week to measure, Monday to Sunday, YYYY-MM-DD (default:
    /// today in the directory's timezone)
    #[arg(long, value_name = "DATE")]
    pub week_of: Option<String>,
    #[command(flatten)]
    #[allow(missing_docs)]
    pub person: PersonArgs,
    /// Only services that state this attribute (walk-in, pets-allowed, …)
    #[arg(long, value_name = "ATTR")]
    pub require: Vec<String>,
    /// Plain ASCII in the week strips (#, ?, .)
    #[arg(long)]
    pub ascii: bool,
    /// Output format
    #[arg(long, value_enum, default_value = "table")]
    pub format: CoverageFormat,
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
