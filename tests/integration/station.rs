//! Installing deflect at a station (#18): the station's config read first
//! and the user's over it key by key, the records several accounts share,
//! `--version`, and the man pages.

use std::path::{Path, PathBuf};

use crate::harness::{deflect, fixture, Deflect, Run};

const AT: &str = "2026-11-28T02:00";

/// A station's config file and a user's, in a temporary folder.
struct Desk {
    folder: tempfile::TempDir,
}

impl Desk {
    fn new(station: &str, user: Option<&str>) -> Desk {
        let desk = Desk {
            folder: tempfile::tempdir().unwrap(),
        };
        std::fs::create_dir_all(desk.station().parent().unwrap()).unwrap();
        std::fs::write(desk.station(), station).unwrap();
        if let Some(user) = user {
            std::fs::create_dir_all(desk.user().parent().unwrap()).unwrap();
            std::fs::write(desk.user(), user).unwrap();
        }
        desk
    }

    fn station(&self) -> PathBuf {
        self.folder.path().join("etc/deflect/config.toml")
    }

    /// The user's file, where XDG_CONFIG_HOME puts it.
    fn user(&self) -> PathBuf {
        self.folder.path().join("home/.config/deflect/config.toml")
    }

    fn run(&self, args: &[&str]) -> Run {
        Deflect::new()
            .env("DEFLECT_SYSTEM_CONFIG", self.station())
            .env("XDG_CONFIG_HOME", self.folder.path().join("home/.config"))
            .args(args)
            .run()
    }
}

/// The widest line of a text slip, in characters.
fn widest(slip: &str) -> usize {
    slip.lines().map(|l| l.chars().count()).max().unwrap_or(0)
}

fn station_file(records: &Path) -> String {
    format!(
        r#"# The desk PC's settings, for every officer's account.
directory = {county:?}
[station]
name = "Central District Station"
place = "Central Station"
[slip]
width = 48
[records]
enabled = true
path = {records:?}
"#,
        county = fixture("county"),
        records = records.display().to_string()
    )
}

#[test]
fn the_users_config_overrides_the_stations_key_by_key() {
    let records = tempfile::tempdir().unwrap();
    let log = records.path().join("records.jsonl");
    let desk = Desk::new(
        &station_file(&log),
        Some("[slip]\nwidth = 32\n[station]\npathway = \"self-referral\"\n"),
    );
    let run = desk.run(&["slip", "detox-247", "--at", AT]);
    run.code(0);
    // The directory, the station's name and place come from the station's
    // file; the width and the pathway from the user's.
    assert!(run.stdout.contains("Test County"), "{}", run.stdout);
    assert!(run.stdout.contains("Central District Station\n"));
    assert!(run.stdout.contains("from Central Station"));
    assert!(run.stdout.contains("Pathway: self-referral"));
    assert_eq!(widest(&run.stdout), 32, "{}", run.stdout);
    assert!(
        run.stderr.lines().all(|l| !l.starts_with("warning")),
        "{}",
        run.stderr
    );
    // The record went where the station says.
    let text = std::fs::read_to_string(&log).unwrap();
    assert!(text.contains("\"pathway\":\"self-referral\""), "{text}");

    // The station's file alone.
    std::fs::remove_file(desk.user()).unwrap();
    let run = desk.run(&["slip", "detox-247", "--at", AT]);
    run.code(0);
    assert_eq!(widest(&run.stdout), 48);
    assert!(!run.stdout.contains("Pathway:"), "{}", run.stdout);
    let text = std::fs::read_to_string(&log).unwrap();
    assert_eq!(text.lines().count(), 2);

    // DEFLECT_CONFIG names the one file read: nothing of the station's.
    let own = desk.folder.path().join("own.toml");
    std::fs::write(&own, "[slip]\nwidth = 40\n").unwrap();
    let run = Deflect::new()
        .env("DEFLECT_SYSTEM_CONFIG", desk.station())
        .env("DEFLECT_CONFIG", &own)
        .args(["slip", "detox-247", "--at", AT, "--dir", &fixture("county")])
        .run();
    run.code(0);
    assert_eq!(widest(&run.stdout), 40);
    assert!(!run.stdout.contains("Central District Station"));
    assert_eq!(std::fs::read_to_string(&log).unwrap(), text, "no record");
}

#[test]
fn a_broken_station_config_stops_with_its_path_and_line() {
    let desk = Desk::new(
        "[station]\nname = \"Central\nplace = 1\n",
        Some("[slip]\nwidth = 32\n"),
    );
    let run = desk.run(&["places", "--demo"]);
    run.code(2);
    let expected = format!("error: the config file {}:2:", desk.station().display());
    assert!(run.stderr.starts_with(&expected), "{}", run.stderr);
    // A bad value is a warning naming its file, and the other file's value
    // stands.
    let desk = Desk::new(
        &format!("directory = {:?}\n[slip]\nwidth = 48\n", fixture("county")),
        Some("[slip]\nwidth = 700\n"),
    );
    let run = desk.run(&["slip", "detox-247", "--at", AT]);
    run.code(0);
    assert_eq!(widest(&run.stdout), 48);
    let warning = format!("warning: {}:2:9: `slip.width`", desk.user().display());
    assert!(run.stderr.contains(&warning), "{}", run.stderr);
}

#[test]
fn a_user_who_moves_the_stations_records_is_warned_naming_both_files() {
    let records = tempfile::tempdir().unwrap();
    let desk = Desk::new(
        &station_file(&records.path().join("records.jsonl")),
        Some("[records]\npath = \"mine.jsonl\"\n"),
    );
    let run = desk.run(&["places"]);
    run.code(0);
    let warning = run
        .stderr
        .lines()
        .find(|l| l.contains("`records.path`"))
        .unwrap_or_else(|| panic!("{}", run.stderr))
        .to_string();
    assert!(
        warning.starts_with(&format!("warning: {}:2:1:", desk.user().display())),
        "{warning}"
    );
    assert!(
        warning.contains(&format!("{}:10:1", desk.station().display())),
        "{warning}"
    );
}

#[test]
fn no_directory_names_both_config_files() {
    let desk = Desk::new("[slip]\nwidth = 42\n", None);
    let run = desk.run(&["validate"]);
    run.code(2);
    assert!(
        run.stderr.contains(&format!(
            "in the config file ({} or {})",
            desk.station().display(),
            desk.user().display()
        )),
        "{}",
        run.stderr
    );
}

#[test]
fn version_names_the_formats_it_reads() {
    let run = deflect(["--version"]);
    run.code(0);
    let lines: Vec<&str> = run.stdout.lines().collect();
    assert_eq!(lines.len(), 2, "{}", run.stdout);
    assert!(
        lines[0].starts_with(&format!("deflect {}", env!("CARGO_PKG_VERSION"))),
        "{}",
        lines[0]
    );
    // The commit where the build knew one (a git checkout does).
    let in_git = Path::new(env!("CARGO_MANIFEST_DIR")).join(".git").exists();
    if in_git {
        let commit = lines[0]
            .split("(commit ")
            .nth(1)
            .and_then(|rest| rest.strip_suffix(')'))
            .unwrap_or_else(|| panic!("no commit in {}", lines[0]));
        assert!(
            commit.len() >= 7 && commit.chars().all(|c| c.is_ascii_hexdigit()),
            "{commit}"
        );
    }
    assert_eq!(
        lines[1],
        format!(
            "reads: directory format {}, desk cache format {}, records format {}",
            deflect::directory::model::FORMAT_VERSION,
            deflect::cache::FORMAT,
            deflect::records::RECORD_VERSION
        )
    );
    let short = deflect(["-V"]);
    short.code(0);
    assert_eq!(short.stdout.trim_end(), lines[0]);
}

/// The man pages in `man/` are what the program's clap definitions give.
/// Regenerate them with `DEFLECT_UPDATE_MAN=1 cargo test man_pages`.
#[test]
fn man_pages_are_current() {
    let folder = Path::new(env!("CARGO_MANIFEST_DIR")).join("man");
    let pages = deflect::manual::pages();
    if std::env::var_os("DEFLECT_UPDATE_MAN").is_some() {
        let _ = std::fs::remove_dir_all(&folder);
        std::fs::create_dir_all(&folder).unwrap();
        for (name, text) in &pages {
            std::fs::write(folder.join(name), text).unwrap();
        }
    }
    let mut checked_in: Vec<String> = std::fs::read_dir(&folder)
        .map(|entries| {
            entries
                .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    checked_in.sort();
    let names: Vec<String> = pages.iter().map(|(name, _)| name.clone()).collect();
    assert_eq!(
        checked_in, names,
        "man/ is out of date: run DEFLECT_UPDATE_MAN=1 cargo test man_pages"
    );
    for (name, text) in &pages {
        let file = std::fs::read_to_string(folder.join(name)).unwrap();
        assert!(
            file == *text,
            "man/{name} is out of date: run DEFLECT_UPDATE_MAN=1 cargo test man_pages"
        );
    }
}

#[test]
fn the_man_pages_cover_every_command_and_say_what_people_look_for() {
    let pages = deflect::manual::pages();
    let names: Vec<&str> = pages.iter().map(|(name, _)| name.as_str()).collect();
    for name in [
        "deflect.1",
        "deflect-find.1",
        "deflect-slip.1",
        "deflect-desk.1",
        "deflect-validate.1",
        "deflect-completions.1",
        "deflect-import-hsds.1",
        "deflect-records-engaged.1",
        "deflect-records-purge.1",
    ] {
        assert!(names.contains(&name), "{name} missing from {names:?}");
    }
    assert!(!names.iter().any(|n| n.contains("help")), "{names:?}");
    let top = &pages.iter().find(|(n, _)| n == "deflect.1").unwrap().1;
    for section in [
        ".SH NAME",
        ".SH SYNOPSIS",
        ".SH OPTIONS",
        ".SH \"EXIT STATUS\"",
        ".SH ENVIRONMENT",
        ".SH FILES",
        ".SH \"SEE ALSO\"",
    ] {
        assert!(top.contains(section), "deflect(1) has no {section}");
    }
    for variable in [
        "DEFLECT_DIR",
        "DEFLECT_CONFIG",
        "DEFLECT_SYSTEM_CONFIG",
        "DEFLECT_NOW",
        "NO_COLOR",
        "COLUMNS",
    ] {
        assert!(top.contains(&format!("\\fB{variable}\\fR")), "{variable}");
    }
    assert!(top.contains("/etc/deflect/config.toml"));
    // No commit in the pages: they stay the same from commit to commit.
    assert!(!top.contains("commit"), "{top}");
    // The commands that read no directory do not offer its options.
    let completions = &pages
        .iter()
        .find(|(n, _)| n == "deflect-completions.1")
        .unwrap()
        .1;
    assert!(!completions.contains("no\\-cache"), "{completions}");
}

#[test]
fn the_packaged_example_station_config_reads_without_a_warning() {
    let example = Path::new(env!("CARGO_MANIFEST_DIR")).join("packaging/config.toml");
    let run = Deflect::new()
        .env("DEFLECT_SYSTEM_CONFIG", &example)
        .args(["places", "--demo"])
        .run();
    run.code(0);
    assert!(!run.stderr.contains("warning"), "{}", run.stderr);
}
