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

/// A records folder that every account may write in is refused, with what
/// to change, and nothing is written there; the slip is still printed.
#[cfg(unix)]
#[test]
fn a_records_folder_every_account_may_write_is_refused() {
    use std::os::unix::fs::PermissionsExt;
    let folder = tempfile::tempdir().unwrap();
    let open = folder.path().join("open");
    std::fs::create_dir(&open).unwrap();
    std::fs::set_permissions(&open, std::fs::Permissions::from_mode(0o777)).unwrap();
    let desk = Desk::new(&station_file(&open.join("records.jsonl")), None);
    let run = desk.run(&["slip", "detox-247"]);
    run.code(0);
    assert!(run.stdout.contains("Referral code:"));
    assert!(
        run.stderr
            .contains("may be written by every account on this computer (mode 0777)"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("chmod 2770"), "{}", run.stderr);
    assert_eq!(std::fs::read_dir(&open).unwrap().count(), 0);
}

/// Accounts made for one test, removed when it ends: a group for the desk's
/// officers, two officers in it and one account that is not.
#[cfg(unix)]
struct Accounts {
    group: String,
    users: Vec<String>,
}

#[cfg(unix)]
impl Accounts {
    /// `None`, with a note, unless the tests run as root with the tools to
    /// make accounts (useradd, groupadd, setpriv).
    fn make() -> Option<Accounts> {
        let root = std::process::Command::new("id")
            .arg("-u")
            .output()
            .is_ok_and(|o| String::from_utf8_lossy(&o.stdout).trim() == "0");
        let tools = ["useradd", "userdel", "groupadd", "groupdel", "setpriv"]
            .iter()
            .all(|t| {
                std::process::Command::new("sh")
                    .args(["-c", &format!("command -v {t}")])
                    .output()
                    .is_ok_and(|o| o.status.success())
            });
        if !root || !tools {
            eprintln!(
                "note: the test of two accounts sharing one log needs root and useradd, \
                 groupadd and setpriv; it is skipped here"
            );
            return None;
        }
        let id = std::process::id();
        let mut accounts = Accounts {
            group: format!("dflt{id}"),
            users: Vec::new(),
        };
        must("groupadd", &[&accounts.group]);
        for (name, in_group) in [("dfla", true), ("dflb", true), ("dflc", false)] {
            let user = format!("{name}{id}");
            let mut args = vec!["--no-create-home", "--user-group", "--shell", "/bin/sh"];
            if in_group {
                args.extend(["--groups", &accounts.group]);
            }
            args.push(&user);
            must("useradd", &args);
            accounts.users.push(user);
        }
        Some(accounts)
    }

    /// `deflect ARGS` run as `user`, with its groups, in its own HOME.
    fn run(&self, user: &str, home: &Path, env: &[(&str, &Path)], args: &[&str]) -> Run {
        let mut command = std::process::Command::new("setpriv");
        command
            .args([
                &format!("--reuid={user}"),
                &format!("--regid={user}"),
                "--init-groups",
                "--",
                env!("CARGO_BIN_EXE_deflect"),
            ])
            .args(args)
            .env_clear()
            .env("PATH", "/usr/bin:/bin")
            .env("HOME", home)
            .env("XDG_CONFIG_HOME", home.join(".config"))
            .env("XDG_DATA_HOME", home.join(".local/share"))
            .env("XDG_CACHE_HOME", home.join(".cache"))
            .env("TZ", "UTC");
        for (key, value) in env {
            command.env(key, value);
        }
        let output = command.output().unwrap();
        Run {
            code: output.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
        }
    }
}

#[cfg(unix)]
impl Drop for Accounts {
    fn drop(&mut self) {
        for user in &self.users {
            let _ = std::process::Command::new("userdel").arg(user).output();
        }
        let _ = std::process::Command::new("groupdel")
            .arg(&self.group)
            .output();
    }
}

#[cfg(unix)]
fn must(program: &str, args: &[&str]) {
    let output = std::process::Command::new(program)
        .args(args)
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{program} {args:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
}

/// The code printed on a slip.
#[cfg(unix)]
fn code_on(slip: &str) -> String {
    slip.lines()
        .find_map(|l| l.trim().strip_prefix("Referral code: "))
        .unwrap_or_else(|| panic!("no code in {slip}"))
        .to_string()
}

/// Two officers' accounts on one desk PC append to one shared log, at once
/// too; each finds the other's code; `report` reads both; an account
/// outside the officers' group is refused with what to change. Made as the
/// package makes it: a folder of the group, mode 2770.
#[cfg(unix)]
#[test]
fn two_accounts_share_one_log() {
    use std::os::unix::fs::{MetadataExt, PermissionsExt};
    let Some(accounts) = Accounts::make() else {
        return;
    };
    let (a, b, outsider) = (&accounts.users[0], &accounts.users[1], &accounts.users[2]);
    let root = tempfile::tempdir().unwrap();
    std::fs::set_permissions(root.path(), std::fs::Permissions::from_mode(0o755)).unwrap();
    let shared = root.path().join("var-lib-deflect");
    std::fs::create_dir(&shared).unwrap();
    must("chgrp", &[&accounts.group, shared.to_str().unwrap()]);
    std::fs::set_permissions(&shared, std::fs::Permissions::from_mode(0o2770)).unwrap();
    let log = shared.join("records.jsonl");
    let station = root.path().join("config.toml");
    std::fs::write(&station, station_file(&log)).unwrap();
    let homes: Vec<PathBuf> = accounts
        .users
        .iter()
        .map(|user| {
            let home = root.path().join(format!("home-{user}"));
            std::fs::create_dir(&home).unwrap();
            must(
                "chown",
                &[&format!("{user}:{user}"), home.to_str().unwrap()],
            );
            home
        })
        .collect();
    let env = [("DEFLECT_SYSTEM_CONFIG", station.as_path())];
    let as_user = |i: usize, args: &[&str]| accounts.run(&accounts.users[i], &homes[i], &env, args);

    let slip_a = as_user(0, &["slip", "detox-247"]);
    slip_a.code(0);
    assert!(!slip_a.stderr.contains("warning"), "{a}: {}", slip_a.stderr);
    let slip_b = as_user(1, &["slip", "bup-clinic", "--warm-handoff"]);
    slip_b.code(0);
    assert!(!slip_b.stderr.contains("warning"), "{b}: {}", slip_b.stderr);

    // Ten slips at once, five from each account: every record whole.
    let children: Vec<_> = (0..10)
        .map(|i| {
            let user = &accounts.users[i % 2];
            std::process::Command::new("setpriv")
                .args([
                    &format!("--reuid={user}"),
                    &format!("--regid={user}"),
                    "--init-groups",
                    "--",
                    env!("CARGO_BIN_EXE_deflect"),
                    "slip",
                    "detox-247",
                ])
                .env_clear()
                .env("HOME", &homes[i % 2])
                .env("XDG_CACHE_HOME", homes[i % 2].join(".cache"))
                .env("XDG_CONFIG_HOME", homes[i % 2].join(".config"))
                .env("DEFLECT_SYSTEM_CONFIG", &station)
                .stdout(std::process::Stdio::null())
                .stderr(std::process::Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    for child in children {
        let output = child.wait_with_output().unwrap();
        assert!(output.status.success());
        assert!(
            output.stderr.is_empty()
                || !String::from_utf8_lossy(&output.stderr).contains("warning"),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
    }

    // One log, one key, one lock: the group's, for no other account.
    for name in ["records.jsonl", "records.jsonl.key", "records.jsonl.lock"] {
        let meta = std::fs::metadata(shared.join(name)).unwrap();
        assert_eq!(meta.mode() & 0o777, 0o660, "{name}");
        let group_id = std::fs::metadata(&shared).unwrap().gid();
        assert_eq!(meta.gid(), group_id, "{name}");
    }
    let text = std::fs::read_to_string(&log).unwrap();
    assert_eq!(text.lines().count(), 12, "{text}");
    for line in text.lines() {
        serde_json::from_str::<serde_json::Value>(line).expect("a whole record");
    }

    // Each officer finds the code the other printed.
    let marked = as_user(1, &["records", "engaged", &code_on(&slip_a.stdout)]);
    marked.code(0);
    assert!(
        marked.stdout.starts_with("Marked engaged"),
        "{}",
        marked.stdout
    );
    let marked = as_user(0, &["records", "engaged", &code_on(&slip_b.stdout)]);
    marked.code(0);
    assert!(
        marked.stdout.starts_with("Marked engaged"),
        "{}",
        marked.stdout
    );

    // The report, from either account, counts both.
    for i in [0, 1] {
        let report = as_user(i, &["report", "--format", "json"]);
        report.code(0);
        let json = report.json();
        assert_eq!(json["referrals"], 12, "{}", report.stdout);
        assert_eq!(json["warm_handoffs"], 1);
        assert_eq!(json["engaged"], 2);
    }

    // An account outside the officers' group: the slip is printed, the
    // record refused with what to change.
    let outside = as_user(2, &["slip", "detox-247"]);
    outside.code(0);
    assert!(
        outside.stderr.contains(&format!(
            "this account may not write the records lock {}",
            shared.join("records.jsonl.lock").display()
        )),
        "{outsider}: {}",
        outside.stderr
    );
    assert!(
        outside
            .stderr
            .contains(&format!("usermod -aG {}", accounts.group)),
        "{}",
        outside.stderr
    );
    assert_eq!(std::fs::read_to_string(&log).unwrap().lines().count(), 14);
}
