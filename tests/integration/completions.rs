//! Shell completion: the scripts in `completions/` are what the program
//! generates (regenerate them with
//! `DEFLECT_UPDATE_COMPLETIONS=1 cargo test completions`), and at a Tab
//! they offer the directory's places, needs, service ids and attributes.
//! bash, zsh and fish run the real scripts (zsh with its completion
//! widgets stood in for, as they need a terminal); a shell that is not
//! installed is skipped with a note.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::harness::{deflect, fixture, Deflect};

#[test]
fn checked_in_completions_are_current() {
    let folder = Path::new(env!("CARGO_MANIFEST_DIR")).join("completions");
    let update = std::env::var_os("DEFLECT_UPDATE_COMPLETIONS").is_some();
    for (shell, file) in [
        ("bash", "deflect.bash"),
        ("zsh", "_deflect"),
        ("fish", "deflect.fish"),
        ("elvish", "deflect.elv"),
        ("powershell", "_deflect.ps1"),
    ] {
        let run = deflect(["completions", shell]);
        run.code(0);
        // The scripts call `deflect` on the PATH, never the binary that
        // wrote them.
        assert!(!run.stdout.contains(env!("CARGO_BIN_EXE_deflect")));
        let path = folder.join(file);
        if update {
            std::fs::write(&path, &run.stdout).unwrap();
            continue;
        }
        let checked_in = std::fs::read_to_string(&path).unwrap_or_default();
        assert!(
            checked_in == run.stdout,
            "{} is out of date: run DEFLECT_UPDATE_COMPLETIONS=1 cargo test completions",
            path.display()
        );
    }
}

/// A shell that finds this build's `deflect` first on its PATH, with
/// nothing of the machine's config: a temporary HOME, no station config.
struct Shell {
    command: Command,
    _home: tempfile::TempDir,
}

impl Shell {
    /// `None`, with a note, when the shell is not installed.
    fn new(program: &str) -> Option<Shell> {
        let found = Command::new(program)
            .arg("-c")
            .arg("exit 0")
            .output()
            .is_ok_and(|o| o.status.success());
        if !found {
            eprintln!("note: {program} is not installed; its completion is not checked");
            return None;
        }
        let home = tempfile::tempdir().unwrap();
        let bin = PathBuf::from(env!("CARGO_BIN_EXE_deflect"));
        let path =
            std::env::join_paths(std::iter::once(bin.parent().unwrap().to_path_buf()).chain(
                std::env::split_paths(&std::env::var_os("PATH").unwrap_or_default()),
            ))
            .unwrap();
        let mut command = Command::new(program);
        command
            .env_clear()
            .env("PATH", path)
            .env("HOME", home.path())
            .env("XDG_CONFIG_HOME", home.path().join(".config"))
            .env("XDG_DATA_HOME", home.path().join(".local/share"))
            .env("XDG_CACHE_HOME", home.path().join(".cache"))
            .env("DEFLECT_SYSTEM_CONFIG", home.path().join("no-station.toml"))
            .env("DIR", fixture("county"));
        Some(Shell {
            command,
            _home: home,
        })
    }

    fn env(mut self, key: &str, value: impl AsRef<std::ffi::OsStr>) -> Shell {
        self.command.env(key, value);
        self
    }

    /// Runs a script; returns its standard output's lines.
    fn run(mut self, args: &[&str]) -> Vec<String> {
        let output = self.command.args(args).output().unwrap();
        let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
        assert!(
            output.status.success(),
            "{stdout}\n--- stderr ---\n{}",
            String::from_utf8_lossy(&output.stderr)
        );
        stdout.lines().map(str::to_string).collect()
    }
}

/// bash: the script's function called as bash calls it at a Tab, for the
/// words of each line given (the last word is the one completed).
fn bash(lines: &[&str]) -> Option<Vec<Vec<String>>> {
    let shell = Shell::new("bash")?;
    let mut script = String::from(
        r#"source <(deflect completions bash)
tab() {
    eval "COMP_WORDS=($1)"
    COMP_CWORD=$(( ${#COMP_WORDS[@]} - 1 ))
    COMP_TYPE=9
    COMPREPLY=()
    _clap_complete_deflect deflect "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD-1]}"
    printf '%s\n' "${COMPREPLY[@]}"
    echo '~~'
}
"#,
    );
    for line in lines {
        script.push_str(&format!("tab {}\n", shell_quote(line)));
    }
    Some(split_runs(shell.run(&["-c", &script])))
}

fn shell_quote(text: &str) -> String {
    format!("'{}'", text.replace('\'', r"'\''"))
}

/// The output of several Tabs, each ended by a `~~` line.
fn split_runs(lines: Vec<String>) -> Vec<Vec<String>> {
    let mut runs = vec![Vec::new()];
    for line in lines {
        if line == "~~" {
            runs.push(Vec::new());
        } else if !line.is_empty() {
            runs.last_mut().unwrap().push(line);
        }
    }
    runs.pop();
    runs
}

#[test]
fn bash_offers_the_directorys_places_needs_ids_and_attributes() {
    let Some(runs) = bash(&[
        r#"deflect find --dir "$DIR" --near Cen"#,
        r#"deflect find --dir "$DIR" --near 'Central\ S'"#,
        r#"deflect find --dir "$DIR" --near 6060"#,
        r#"deflect find --dir "$DIR" --near hq"#,
        r#"deflect find --dir "$DIR" meth"#,
        r#"deflect show --dir "$DIR" detox-"#,
        r#"deflect slip --dir "$DIR" youth"#,
        r#"deflect find --require walk"#,
        r#"deflect find --payment med"#,
        r#"deflect fi"#,
    ]) else {
        return;
    };
    // A name with a space comes escaped, as one word.
    assert_eq!(runs[0], [r"Central\ Station"]);
    assert_eq!(runs[1], [r"Central\ Station"]);
    assert_eq!(runs[2], ["60608", "60601"]);
    // An alias is offered as typed in the directory, whatever the case.
    assert_eq!(runs[3], ["HQ"]);
    assert!(runs[4].contains(&"methadone".to_string()), "{:?}", runs[4]);
    assert_eq!(runs[5], ["detox-247", "detox-weekend"]);
    assert_eq!(runs[6], ["youth-shelter"]);
    assert_eq!(runs[7], ["walk-in"]);
    assert_eq!(runs[8], ["medicaid", "medicare"]);
    assert_eq!(runs[9], ["find"]);
}

#[test]
fn fish_offers_the_directorys_places_and_ids_with_their_names() {
    let Some(shell) = Shell::new("fish") else {
        return;
    };
    let lines = shell.run(&[
        "--no-config",
        "-c",
        r#"deflect completions fish | source
complete -C "deflect find --dir $DIR --near Cen"
echo '~~'
complete -C "deflect show --dir $DIR bup"
echo '~~'
complete -C "deflect find --dir $DIR detox"
echo '~~'"#,
    ]);
    let runs = split_runs(lines);
    assert_eq!(runs[0], ["Central Station\tstation"]);
    assert_eq!(runs[1], ["bup-clinic\tHalsted Bridge Clinic"]);
    assert!(
        runs[2].iter().any(|l| l.starts_with("detox\t")),
        "{:?}",
        runs[2]
    );
}

/// zsh's completion widgets work only inside its line editor: `_describe`
/// and `compdef` are stood in for, and the script's own code runs as
/// written, loaded the way a package installs it (`_deflect` in the
/// function path, loaded at the first Tab).
#[test]
fn zsh_offers_the_directorys_places_and_ids_from_its_function_path() {
    let Some(shell) = Shell::new("zsh") else {
        return;
    };
    let functions = tempfile::tempdir().unwrap();
    let script = deflect(["completions", "zsh"]);
    script.code(0);
    std::fs::write(functions.path().join("_deflect"), &script.stdout).unwrap();
    let lines = shell.env("FUNCTIONS", functions.path()).run(&[
        "-f",
        "-c",
        r#"compdef() { : }
_describe() { local name=${@[-1]}; print -rl -- "${(@P)name}" }
fpath=($FUNCTIONS $fpath)
autoload -Uz _deflect
words=(deflect find --dir $DIR --near Cen); CURRENT=${#words}
_deflect
print '~~'
words=(deflect slip --dir $DIR detox-w); CURRENT=${#words}
_clap_dynamic_completer_deflect
print '~~'
words=(deflect find --dir $DIR --require pets); CURRENT=${#words}
_clap_dynamic_completer_deflect
print '~~'"#,
    ]);
    let runs = split_runs(lines);
    assert_eq!(runs[0], ["Central Station:station"]);
    assert_eq!(runs[1], ["detox-weekend:Weekend Detox Unit"]);
    assert_eq!(runs[2], ["pets-allowed"]);
}

/// The answer a shell gets at a Tab, asked as fish's script asks.
fn tab(run: Deflect, words: &[&str]) -> Vec<String> {
    let mut args = vec!["--", "deflect"];
    args.extend_from_slice(words);
    let done = run.env("DEFLECT_COMPLETE", "fish").args(args).run();
    done.code(0);
    done.stdout.lines().map(str::to_string).collect()
}

#[test]
fn completion_reads_deflect_dir_the_config_or_else_the_demo() {
    // DEFLECT_DIR.
    let from_env = tab(
        Deflect::new().env("DEFLECT_DIR", fixture("county")),
        &["find", "--near", "Pil"],
    );
    assert_eq!(from_env, ["Pilsen\tneighbourhood"]);
    // The config's directory.
    let run = Deflect::new();
    let config = run.home().join("config.toml");
    std::fs::write(&config, format!("directory = {:?}\n", fixture("county"))).unwrap();
    let from_config = tab(run.env("DEFLECT_CONFIG", &config), &["show", "crisis"]);
    assert_eq!(from_config, ["crisis-line\tCounty Crisis Line"]);
    // Nothing named: the demo, as for the desk commands.
    let demo = tab(Deflect::new(), &["show", "mob"]);
    assert_eq!(demo.len(), 1, "{demo:?}");
    assert!(demo[0].starts_with("mobile-crisis-team\t"), "{demo:?}");
}

#[test]
fn slip_offers_only_the_services_a_slip_can_name() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("directory.toml"),
        r#"[directory]
name = "Two"
timezone = "America/Chicago"

[[service]]
id = "open-door"
name = "Open Door"
categories = ["shelter"]
phone = "(312) 555-0101"

[[service]]
id = "old-door"
name = "Old Door"
categories = ["shelter"]
phone = "(312) 555-0102"
active = false
"#,
    )
    .unwrap();
    let dir = dir.path().display().to_string();
    // With nothing typed the options come too: only the ids are counted.
    let ids = |words: &[&str]| -> Vec<String> {
        tab(Deflect::new(), words)
            .into_iter()
            .filter(|l| !l.starts_with('-'))
            .collect()
    };
    assert_eq!(ids(&["slip", "--dir", &dir, ""]), ["open-door\tOpen Door"]);
    assert_eq!(
        ids(&["show", "--dir", &dir, ""]),
        ["open-door\tOpen Door", "old-door\tOld Door"]
    );
}

#[test]
fn a_broken_config_or_directory_gives_no_candidates_and_no_error() {
    let folder = tempfile::tempdir().unwrap();
    let config = folder.path().join("config.toml");
    std::fs::write(&config, "directory = [broken\n").unwrap();
    let done = Deflect::new()
        .env("DEFLECT_CONFIG", &config)
        .env("DEFLECT_COMPLETE", "fish")
        .args(["--", "deflect", "find", "--near", "Cen"])
        .run();
    done.code(0);
    assert_eq!(done.stdout, "");
    assert_eq!(done.stderr, "");
    let missing = tab(
        Deflect::new(),
        &["find", "--dir", "/nonexistent/deflect", "--near", ""],
    );
    assert!(missing.is_empty(), "{missing:?}");
    // Words that are not the directory's still complete.
    let done = Deflect::new()
        .env("DEFLECT_CONFIG", &config)
        .env("DEFLECT_COMPLETE", "fish")
        .args(["--", "deflect", "find", "--open"])
        .run();
    done.code(0);
    assert!(done.stdout.starts_with("--open-only"), "{}", done.stdout);
}

#[test]
fn a_broken_config_does_not_stop_completions() {
    let folder = tempfile::tempdir().unwrap();
    let config = folder.path().join("config.toml");
    std::fs::write(&config, "[station\nname = 1\n").unwrap();
    let run = Deflect::new();
    let done = run
        .env("DEFLECT_CONFIG", &config)
        .args(["completions", "bash"])
        .run();
    done.code(0);
    assert!(
        done.stdout.contains("complete -o nospace"),
        "{}",
        done.stdout
    );
    assert_eq!(done.stderr, "");
    // Other commands still say what is wrong with it.
    let run = Deflect::new();
    let done = run
        .env("DEFLECT_CONFIG", &config)
        .args(["places", "--demo"])
        .run();
    done.code(2);
    assert!(done.stderr.contains("config.toml:1:"), "{}", done.stderr);
}

#[test]
fn completions_and_import_do_not_offer_the_directory_options() {
    for command in [
        &["completions", "--help"][..],
        &["import", "--help"],
        &["import", "hsds", "--help"],
    ] {
        let help = deflect(command);
        help.code(0);
        for flag in ["--dir", "--demo", "--no-cache"] {
            assert!(
                !help.stdout.contains(flag),
                "{command:?} offers {flag}:\n{}",
                help.stdout
            );
        }
    }
    // The commands that read a directory still offer them.
    let help = deflect(["find", "--help"]);
    for flag in ["--dir", "--demo", "--no-cache"] {
        assert!(help.stdout.contains(flag), "{flag}");
    }
    // A script that passes them anyway is not refused.
    deflect(["--dir", "/nowhere", "completions", "fish"]).code(0);
    deflect(["completions", "fish", "--no-cache"]).code(0);
}

#[test]
fn an_empty_deflect_dir_is_unset() {
    let run = Deflect::new()
        .env("DEFLECT_DIR", "")
        .args(["places", "--format", "json"])
        .run();
    run.code(0);
    assert!(run.stderr.is_empty(), "{}", run.stderr);
    // Unset, so the demo, as with no DEFLECT_DIR at all.
    assert_eq!(run.stdout, deflect(["places", "--format", "json"]).stdout);
    let validate = Deflect::new()
        .env("DEFLECT_DIR", "")
        .args(["validate"])
        .run();
    validate.code(2);
    assert!(
        validate.stderr.contains("no directory named"),
        "{}",
        validate.stderr
    );
}
