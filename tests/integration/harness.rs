//! A tiny harness: runs the binary hermetically (no user config, no
//! station config, no `DEFLECT_*` variables, a temporary HOME) and shows
//! output on failure.

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

/// The folder of the test fixtures.
pub fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

/// A fixture path as a string.
pub fn fixture(name: &str) -> String {
    fixtures().join(name).display().to_string()
}

/// The result of one run.
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    fn from(output: Output) -> Run {
        Run {
            code: output.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
        }
    }

    /// Asserts the exit status, printing both streams when it differs.
    #[track_caller]
    pub fn code(&self, expected: i32) -> &Run {
        assert_eq!(
            self.code, expected,
            "exit status\n--- stdout ---\n{}\n--- stderr ---\n{}\n---",
            self.stdout, self.stderr
        );
        self
    }

    /// The standard output as JSON.
    #[track_caller]
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.stdout).unwrap_or_else(|e| {
            panic!(
                "stdout is not JSON ({e}):\n{}\n--- stderr ---\n{}",
                self.stdout, self.stderr
            )
        })
    }
}

/// A hermetic command line for the binary.
pub struct Deflect {
    command: Command,
    stdin: Option<String>,
    _home: tempfile::TempDir,
}

impl Deflect {
    pub fn new() -> Deflect {
        let home = tempfile::tempdir().expect("a temporary folder");
        let mut command = Command::new(env!("CARGO_BIN_EXE_deflect"));
        hermetic(&mut command, home.path());
        Deflect {
            command,
            stdin: None,
            _home: home,
        }
    }

    /// Runs with `input` on standard input (a piped desk, for one).
    pub fn stdin(mut self, input: &str) -> Deflect {
        self.stdin = Some(input.to_string());
        self
    }

    /// The temporary HOME of this run.
    pub fn home(&self) -> &Path {
        self._home.path()
    }

    pub fn args<I, S>(mut self, args: I) -> Deflect
    where
        I: IntoIterator<Item = S>,
        S: AsRef<std::ffi::OsStr>,
    {
        self.command.args(args);
        self
    }

    /// Runs without the variable `key` (the harness sets `COLUMNS`).
    pub fn env_remove(mut self, key: &str) -> Deflect {
        self.command.env_remove(key);
        self
    }

    pub fn env(mut self, key: &str, value: impl AsRef<std::ffi::OsStr>) -> Deflect {
        self.command.env(key, value);
        self
    }

    pub fn run(mut self) -> Run {
        let Some(input) = self.stdin.take() else {
            return Run::from(self.command.output().expect("the deflect binary runs"));
        };
        let mut child = self
            .command
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("the deflect binary runs");
        child
            .stdin
            .take()
            .expect("a piped standard input")
            .write_all(input.as_bytes())
            .expect("the answers are written");
        Run::from(child.wait_with_output().expect("the deflect binary ends"))
    }
}

/// Makes `command` hermetic, with `home` as its home: no directory,
/// config, clock or limits from the shell, no station config of the
/// machine's, the XDG folders under `home`, 120 columns and UTC. Every
/// test that spawns the binary itself (a pipe, a terminal, several at
/// once) starts from this, then sets what it needs.
pub fn hermetic<'c>(command: &'c mut Command, home: &Path) -> &'c mut Command {
    command
        .env_remove("DEFLECT_DIR")
        .env_remove("DEFLECT_CONFIG")
        .env_remove("DEFLECT_NOW")
        .env_remove("DEFLECT_COMPLETE")
        .env_remove("DEFLECT_TIMINGS")
        .env_remove("DEFLECT_MAX_FILE_MB")
        // The machine's /etc/deflect never leaks into a test: the
        // station's config is a file that does not exist.
        .env(
            "DEFLECT_SYSTEM_CONFIG",
            home.join("station-config-absent.toml"),
        )
        .env("HOME", home)
        .env("XDG_CONFIG_HOME", home.join(".config"))
        .env("XDG_DATA_HOME", home.join(".local/share"))
        .env("XDG_CACHE_HOME", home.join(".cache"))
        .env("COLUMNS", "120")
        .env("TZ", "UTC")
}

/// Shorthand: run with these arguments.
pub fn deflect<I, S>(args: I) -> Run
where
    I: IntoIterator<Item = S>,
    S: AsRef<std::ffi::OsStr>,
{
    Deflect::new().args(args).run()
}

/// Copies a fixture folder into a temporary one, for tests that change
/// files.
pub fn copy_fixture(name: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("a temporary folder");
    copy_tree(&fixtures().join(name), dir.path());
    dir
}

fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("create folder");
    for entry in std::fs::read_dir(from).expect("read fixture") {
        let entry = entry.expect("entry");
        let target = to.join(entry.file_name());
        if entry.path().is_dir() {
            copy_tree(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).expect("copy");
        }
    }
}

/// What the README shows after the line `$ {command}`: the rest of its
/// code block, each line ending in a newline as deflect prints it.
#[track_caller]
pub fn readme_output(command: &str) -> String {
    let readme = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md"))
        .expect("README.md");
    let shown = readme
        .split_once(&format!("$ {command}\n"))
        .and_then(|(_, rest)| rest.split_once("```"))
        .map(|(shown, _)| shown)
        .unwrap_or_else(|| panic!("the README shows no `$ {command}`"));
    shown.to_string()
}

/// A folder of `../shared/fixtures`. A test that reads one is marked
/// `#[cfg_attr(not(shared_fixture = "NAME"), ignore = "…")]`: `build.rs`
/// sets that cfg only where the folder is there, so on a fresh clone the
/// test is reported as ignored, never as passed.
pub fn shared_fixture(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/fixtures")
        .join(rel)
}

/// Writes a stand-in `lp` into `dir` that records its arguments and
/// standard input next to it, says what CUPS says, and exits with
/// `status`. Returns the record's path without extension.
pub fn stand_in_lp(dir: &Path, status: i32) -> PathBuf {
    let record = dir.join("record");
    let script = format!(
        "#!/bin/sh\n\
         for a in \"$@\"; do printf '%s\\n' \"$a\"; done > '{args}'\n\
         /bin/cat > '{stdin}'\n\
         if [ {status} -ne 0 ]; then echo 'lp: The printer or class does not exist.' >&2; exit {status}; fi\n\
         echo 'request id is front-desk-7 (0 file(s))'\n",
        args = record.with_extension("args").display(),
        stdin = record.with_extension("stdin").display(),
    );
    let path = dir.join("lp");
    std::fs::write(&path, script).unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).unwrap();
    }
    record
}

/// The result for the service `id` of `find NEED --at AT --format json` in
/// the directory `dir`; fails when it is not among them.
#[track_caller]
pub fn find_result(dir: &str, need: &str, at: &str, id: &str) -> serde_json::Value {
    let found = deflect(["find", "--dir", dir, need, "--at", at, "--format", "json"]).json();
    found["results"]
        .as_array()
        .and_then(|results| results.iter().find(|r| r["id"] == id))
        .cloned()
        .unwrap_or_else(|| panic!("{id} is not found at {at}: {found}"))
}

/// Checks that every element opened is closed, in order (void and
/// self-closed elements aside): enough to catch a value that breaks out of
/// its element.
pub fn well_formed(html: &str) -> Result<(), String> {
    let void = ["meta", "br", "hr", "img", "link", "input", "!doctype"];
    let mut stack: Vec<String> = Vec::new();
    let mut rest = html;
    while let Some(start) = rest.find('<') {
        let end = rest[start..].find('>').ok_or("a tag that never ends")? + start;
        let tag = &rest[start + 1..end];
        rest = &rest[end + 1..];
        let name: String = tag
            .trim_start_matches('/')
            .chars()
            .take_while(|c| !c.is_whitespace() && *c != '/')
            .collect::<String>()
            .to_lowercase();
        if tag.ends_with('/') || void.contains(&name.as_str()) {
            continue;
        }
        if tag.starts_with('/') {
            match stack.pop() {
                Some(open) if open == name => {}
                other => return Err(format!("</{name}> closes {other:?}")),
            }
        } else {
            stack.push(name);
        }
    }
    if stack.is_empty() {
        Ok(())
    } else {
        Err(format!("never closed: {stack:?}"))
    }
}

/// A printable page deflect wrote: no script, nothing it could fetch, the
/// policy that forbids both, and every element closed.
#[track_caller]
pub fn assert_self_contained(html: &str) {
    let lower = html.to_lowercase();
    assert!(lower.starts_with("<!doctype html>"));
    assert!(!lower.contains("<script"), "a script in the page");
    assert!(lower.contains("content-security-policy"));
    for fetch in ["src=", "href=", "@import", "http-equiv=\"refresh"] {
        assert!(!lower.contains(fetch), "{fetch} in the page");
    }
    // The only url() a page holds is a pattern of its own.
    assert_eq!(
        lower.matches("url(").count(),
        lower.matches("url(#").count()
    );
    well_formed(html).unwrap();
}
