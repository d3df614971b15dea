//! `deflect desk` driven as an officer would: the real binary on a
//! pseudo-terminal of 80 × 24, keys typed into it, and what it wrote turned
//! into the screen a terminal would show (the `vt100` crate) before
//! anything is read. Each step waits for its prompt on the screen, never
//! for a fixed time, with generous limits for a loaded machine.
//!
//! After each run the pty's modes are read back (echo and canonical input
//! as before, the cursor shown, bracketed paste off): the terminal is
//! restored however the desk was left.
//!
//! The county fixture, the station's config (Central Station, pathway
//! officer-intervention, printer front-desk) and a fixed time, Saturday
//! 28 November 2026, 02:00 in America/Chicago.

use std::fs::File;
use std::io::{Read, Write};
use std::os::fd::OwnedFd;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use rustix::pty::{grantpt, openpt, ptsname, unlockpt, OpenptFlags};
use rustix::termios::{tcgetattr, tcsetwinsize, LocalModes, Termios, Winsize};

use crate::harness::{fixture, stand_in_lp, Deflect};

const AT: &str = "2026-11-28T02:00";

/// How long any one thing may take before the test fails: a debug build
/// on two busy cores can be slow, and nothing waits this long when all
/// is well.
const PATIENCE: Duration = Duration::from_secs(90);

const ROWS: u16 = 24;
const COLUMNS: u16 = 80;

/// Keys as a terminal sends them.
const ENTER: &str = "\r";
const ESC: &str = "\u{1b}";
const TAB: &str = "\t";
const DOWN: &str = "\u{1b}[B";
const CTRL_C: &str = "\u{3}";
const CTRL_A: &str = "\u{1}";
const CTRL_E: &str = "\u{5}";
const CTRL_U: &str = "\u{15}";
const CTRL_W: &str = "\u{17}";

/// A program on `PATH`.
fn on_path(name: &str) -> Option<PathBuf> {
    std::env::split_paths(&std::env::var_os("PATH")?)
        .map(|dir| dir.join(name))
        .find(|p| p.is_file())
}

/// The desk running on a pseudo-terminal.
struct Desk {
    child: Child,
    /// The terminal side, kept open to read its modes after the run.
    slave: OwnedFd,
    master: File,
    /// The modes the terminal had before the desk started.
    before: Termios,
    screen: Arc<Mutex<vt100::Parser>>,
    /// Every byte the program wrote, for the plain-terminal checks.
    bytes: Arc<Mutex<Vec<u8>>>,
    home: tempfile::TempDir,
    lp: tempfile::TempDir,
}

impl Desk {
    /// Starts `deflect ARGS` with the station's config and a stand-in
    /// `lp`, on a new terminal (`TERM=xterm-256color` unless `env` says
    /// otherwise). `None`, with a note, where `setsid` is missing.
    fn start(args: &[&str], env: &[(&str, &str)]) -> Option<Desk> {
        Desk::start_sized(args, env, ROWS)
    }

    /// [`Desk::start`] on a terminal of `rows` rows.
    fn start_sized(args: &[&str], env: &[(&str, &str)], rows: u16) -> Option<Desk> {
        // `setsid --ctty` makes the pty the desk's controlling terminal,
        // as a login shell's is.
        let Some(setsid) = on_path("setsid") else {
            eprintln!("note: setsid (util-linux) is missing; the pty desk tests are skipped");
            return None;
        };
        let master = openpt(OpenptFlags::RDWR | OpenptFlags::NOCTTY | OpenptFlags::CLOEXEC)
            .expect("a pseudo-terminal");
        grantpt(&master).unwrap();
        unlockpt(&master).unwrap();
        let name = ptsname(&master, Vec::new()).unwrap();
        let slave: OwnedFd = File::options()
            .read(true)
            .write(true)
            .open(name.to_str().unwrap())
            .unwrap()
            .into();
        tcsetwinsize(
            &master,
            Winsize {
                ws_row: rows,
                ws_col: COLUMNS,
                ws_xpixel: 0,
                ws_ypixel: 0,
            },
        )
        .unwrap();
        let before = tcgetattr(&slave).unwrap();
        let home = tempfile::tempdir().unwrap();
        let lp = tempfile::tempdir().unwrap();
        stand_in_lp(lp.path(), 0);
        let mut command = Command::new(setsid);
        command
            .arg("--ctty")
            .arg(env!("CARGO_BIN_EXE_deflect"))
            .args(args)
            .env_clear()
            .env("PATH", lp.path())
            // Else the machine's /etc/deflect would be read.
            .env(
                "DEFLECT_SYSTEM_CONFIG",
                home.path().join("station-config-absent.toml"),
            )
            .env("HOME", home.path())
            .env("XDG_CONFIG_HOME", home.path().join(".config"))
            .env("XDG_DATA_HOME", home.path().join(".local/share"))
            .env("XDG_CACHE_HOME", home.path().join(".cache"))
            .env("XDG_STATE_HOME", home.path().join(".local/state"))
            .env("TMPDIR", home.path())
            .env("TERM", "xterm-256color")
            .env("TZ", "UTC")
            .env("DEFLECT_CONFIG", fixture("slip-config/config.toml"))
            .current_dir(home.path())
            .stdin(Stdio::from(slave.try_clone().unwrap()))
            .stdout(Stdio::from(slave.try_clone().unwrap()))
            .stderr(Stdio::from(slave.try_clone().unwrap()));
        for (key, value) in env {
            command.env(key, value);
        }
        let child = command.spawn().expect("the deflect binary starts");
        let master = File::from(master);
        let screen = Arc::new(Mutex::new(vt100::Parser::new(rows, COLUMNS, 0)));
        let bytes = Arc::new(Mutex::new(Vec::new()));
        let mut reader = master.try_clone().unwrap();
        let (to_screen, to_bytes) = (Arc::clone(&screen), Arc::clone(&bytes));
        std::thread::spawn(move || {
            let mut buffer = [0u8; 4096];
            // Ends when the last terminal side is closed (EIO) at the end
            // of the test.
            while let Ok(n) = reader.read(&mut buffer) {
                if n == 0 {
                    break;
                }
                to_screen.lock().unwrap().process(&buffer[..n]);
                to_bytes.lock().unwrap().extend_from_slice(&buffer[..n]);
            }
        });
        Some(Desk {
            child,
            slave,
            master,
            before,
            screen,
            bytes,
            home,
            lp,
        })
    }

    /// `deflect desk` at the fixed time.
    fn at_the_hour(env: &[(&str, &str)]) -> Option<Desk> {
        Desk::start(&["desk", "--at", AT], env)
    }

    /// The screen as text, rows joined by line feeds.
    fn contents(&self) -> String {
        self.screen.lock().unwrap().screen().contents()
    }

    /// Waits until the screen shows `text`.
    #[track_caller]
    fn wait_for(&self, text: &str) {
        let start = Instant::now();
        loop {
            if self.contents().contains(text) {
                return;
            }
            if start.elapsed() > PATIENCE {
                panic!(
                    "the screen never showed {text:?}; it shows:\n{}",
                    self.contents()
                );
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// Waits until one row of the screen is exactly `line` (trailing
    /// blanks aside).
    #[track_caller]
    fn wait_for_line(&self, line: &str) {
        let start = Instant::now();
        loop {
            if self.contents().lines().any(|row| row.trim_end() == line) {
                return;
            }
            if start.elapsed() > PATIENCE {
                panic!(
                    "no row of the screen was {line:?}; it shows:\n{}",
                    self.contents()
                );
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// Waits for a prompt to be open (inquire marks an open question
    /// with `?` and an answered one with `>`).
    #[track_caller]
    fn prompt(&self, question: &str) {
        self.wait_for(&format!("? {question}"));
    }

    /// Types keys.
    fn keys(&mut self, keys: &str) {
        self.master.write_all(keys.as_bytes()).unwrap();
        self.master.flush().unwrap();
    }

    /// Waits for a prompt, then types keys.
    #[track_caller]
    fn answer(&mut self, question: &str, keys: &str) {
        self.prompt(question);
        self.keys(keys);
    }

    /// Waits for the program to end; its exit status.
    #[track_caller]
    fn exit(&mut self) -> i32 {
        let start = Instant::now();
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                // Let the reader take the last output.
                std::thread::sleep(Duration::from_millis(100));
                return status.code().unwrap_or(-1);
            }
            if start.elapsed() > PATIENCE {
                let _ = self.child.kill();
                panic!("the desk never ended; the screen:\n{}", self.contents());
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// Checks the terminal is as it was: the line discipline's modes, a
    /// visible cursor, bracketed paste off, the normal screen.
    #[track_caller]
    fn restored(&self) {
        let after = tcgetattr(&self.slave).unwrap();
        assert!(
            after
                .local_modes
                .contains(LocalModes::ECHO | LocalModes::ICANON | LocalModes::ISIG),
            "echo, canonical input or signals left off: {:?}",
            after.local_modes
        );
        assert_eq!(after.local_modes, self.before.local_modes, "local modes");
        assert_eq!(after.input_modes, self.before.input_modes, "input modes");
        assert_eq!(after.output_modes, self.before.output_modes, "output modes");
        let parser = self.screen.lock().unwrap();
        let screen = parser.screen();
        assert!(!screen.hide_cursor(), "the cursor was left hidden");
        assert!(!screen.bracketed_paste(), "bracketed paste was left on");
        assert!(
            !screen.alternate_screen(),
            "the alternate screen was left on"
        );
    }

    /// What the stand-in `lp` was given: its arguments and the slip.
    fn printed(&self) -> (String, String) {
        let record = self.lp.path().join("record");
        (
            std::fs::read_to_string(record.with_extension("args")).unwrap_or_default(),
            std::fs::read_to_string(record.with_extension("stdin")).unwrap_or_default(),
        )
    }
}

impl Drop for Desk {
    fn drop(&mut self) {
        if let Ok(None) = self.child.try_wait() {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

/// Every file under a folder.
fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    if let Ok(entries) = std::fs::read_dir(dir) {
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                files.extend(files_under(&path));
            } else {
                files.push(path);
            }
        }
    }
    files
}

/// The path through the desk for detox to a slip, step by step: the
/// question on the screen and the keys that answer it.
const DETOX_TO_SLIP: &[(&str, &str)] = &[
    ("What does the person need?", "detox\r"),
    ("Where?", ENTER),
    ("Walk-in only?", ENTER),
    ("Language the person speaks?", ENTER),
    ("Insurance: how will the person pay?", ENTER),
    ("What next?", ENTER),
    ("Pathway?", ENTER),
    ("Are you calling the service now", ENTER),
    ("First name for the slip?", ENTER),
    // "Show it here": the second choice.
    ("The slip:", "\u{1b}[B\r"),
    ("Done?", ENTER),
];

#[test]
fn a_full_run_from_need_to_a_printed_slip() {
    let Some(mut desk) = Desk::at_the_hour(&[]) else {
        return;
    };
    desk.answer("What does the person need?", "detox");
    // The taxonomy's matches appear as it is typed.
    desk.wait_for_line("  detox");
    desk.keys(ENTER);
    desk.wait_for("Looking for: Withdrawal management (detox)");
    // The station from the config is the default; Enter takes it.
    desk.wait_for("? Where? (a station, place or postcode) (Central Station)");
    desk.keys(ENTER);
    desk.answer("Walk-in only?", ENTER);
    desk.answer("Language the person speaks?", ENTER);
    desk.answer("Insurance: how will the person pay?", ENTER);
    desk.prompt("What next?");
    let screen = desk.contents();
    assert!(
        screen.contains("Open now at Sat 28 Nov 2:00 AM, within 10 km of Central Station:"),
        "{screen}"
    );
    assert!(
        screen.contains("1. Weekend Detox Unit — open until Sun midnight"),
        "{screen}"
    );
    assert!(
        screen.contains("   0.6 km · (312) 555-0102 · 200 S Halsted St"),
        "{screen}"
    );
    assert!(
        screen.contains("2. Around The Clock Detox — open now"),
        "{screen}"
    );
    assert!(
        screen.contains("> Slip for 1. Weekend Detox Unit"),
        "{screen}"
    );
    desk.keys(ENTER);
    // The config's pathway is the default.
    desk.prompt("Pathway?");
    assert!(desk
        .contents()
        .contains("> officer-intervention: instead of an arrest"));
    desk.keys(ENTER);
    // A warm handoff: the number to call is shown.
    desk.answer("Are you calling the service now (a warm handoff)?", DOWN);
    desk.wait_for("> Yes: I am calling them now");
    desk.keys(ENTER);
    desk.wait_for("Call Weekend Detox Unit: (312) 555-0102");
    desk.answer("First name for the slip? (optional)", "Sam\r");
    // The configured printer is the default.
    desk.prompt("The slip:");
    assert!(desk.contents().contains("> Print it on front-desk"));
    desk.keys(ENTER);
    desk.wait_for("Slip sent to printer front-desk: request id is front-desk-7");
    desk.prompt("Done?");
    // The code on the screen, before leaving clears it.
    let screen = desk.contents();
    let code = screen
        .lines()
        .find_map(|l| l.strip_prefix("Referral code: "))
        .expect("the referral code on the screen")
        .trim()
        .to_string();
    desk.keys(ENTER);
    assert_eq!(desk.exit(), 0, "{}", desk.contents());
    desk.restored();
    assert!(
        !desk.contents().contains("Weekend Detox"),
        "{}",
        desk.contents()
    );

    let (args, slip) = desk.printed();
    assert_eq!(args, "-d\nfront-desk\n-t\ndeflect\n");
    for expected in [
        "Central District Station",
        "For: Sam",
        "Pathway: officer-intervention",
        "1. Weekend Detox Unit",
        "Phone: (312) 555-0102",
        "Referral code: ",
    ] {
        assert!(
            slip.contains(expected),
            "{expected:?} not on the slip:\n{slip}"
        );
    }
    assert!(!slip.contains("Around The Clock"), "{slip}");
    // The code on the screen is the code on the slip.
    assert!(slip.contains(&format!("Referral code: {code}")), "{slip}");
    // The name was printed and is written nowhere else.
    for file in files_under(desk.home.path()) {
        let text = String::from_utf8_lossy(&std::fs::read(&file).unwrap_or_default()).into_owned();
        assert!(!text.contains("Sam"), "{} holds the name", file.display());
    }
}

#[test]
fn a_typo_is_corrected_by_the_suggestion() {
    let Some(mut desk) = Desk::at_the_hour(&[]) else {
        return;
    };
    desk.answer("What does the person need?", "nalxne");
    // The closest taxonomy word is offered under the line as it is typed.
    desk.wait_for_line("  naloxone");
    // Enter on the typo is refused, with the same suggestions as `find`.
    desk.keys(ENTER);
    desk.wait_for("deflect does not know the word \"nalxne\"; did you mean: naloxone?");
    // Tab takes the suggestion into the line.
    desk.keys(TAB);
    desk.wait_for_line("? What does the person need? (anything) naloxone");
    desk.keys(ENTER);
    desk.wait_for("> What does the person need? naloxone");
    desk.wait_for("Looking for: Naloxone");
    desk.prompt("Where?");
    desk.keys(ESC);
    assert_eq!(desk.exit(), 0);
    desk.restored();
}

#[test]
fn backspace_and_back_correct_an_answer() {
    let Some(mut desk) = Desk::at_the_hour(&[]) else {
        return;
    };
    desk.answer("What does the person need?", "shelterx");
    desk.wait_for_line("? What does the person need? (anything) shelterx");
    // Backspace takes the stray letter away.
    desk.keys("\u{7f}\r");
    desk.wait_for("Looking for: Shelter");
    // "back" at the place returns to the need, with the answer there to
    // correct.
    desk.answer("Where?", "back\r");
    desk.wait_for_line("? What does the person need? (anything) shelter");
    for _ in 0.."shelter".len() {
        desk.keys("\u{7f}");
    }
    desk.keys("detox\r");
    desk.wait_for("Looking for: Withdrawal management (detox)");
    desk.answer("Where?", "pilsen\r");
    desk.answer("Walk-in only?", ENTER);
    desk.answer("Language the person speaks?", ENTER);
    desk.answer("Insurance: how will the person pay?", ENTER);
    desk.prompt("What next?");
    assert!(desk.contents().contains("within 10 km of Pilsen:"));
    desk.keys(ESC);
    assert_eq!(desk.exit(), 0);
    desk.restored();
}

#[test]
fn nothing_open_then_widen_to_any_time() {
    let Some(mut desk) = Desk::at_the_hour(&[]) else {
        return;
    };
    desk.answer("What does the person need?", "naloxone\r");
    desk.answer("Where?", ENTER);
    desk.answer("Language the person speaks?", ENTER);
    desk.prompt("What next?");
    let screen = desk.contents();
    assert!(screen.contains("Naloxone: none found"), "{screen}");
    assert!(
        screen.contains("Nothing is open now. Widen to any time to see what opens soonest."),
        "{screen}"
    );
    assert!(
        screen.contains("  988 Suicide & Crisis Lifeline: 988"),
        "{screen}"
    );
    // Widening to any time is what Enter does.
    assert!(
        screen.contains("> Widen: any time (closed ones too)"),
        "{screen}"
    );
    desk.keys(ENTER);
    desk.wait_for("Open or closed at Sat 28 Nov 2:00 AM, within 10 km of Central Station:");
    desk.wait_for("1. Evening Syringe Van — closed, opens Tue 6:00 PM");
    desk.prompt("What next?");
    // And farther, twice: the 24-hour box 30 km away. Typing filters the
    // choices.
    desk.keys("up to 25\r");
    desk.wait_for("Open or closed at Sat 28 Nov 2:00 AM, within 25 km of Central Station:");
    desk.prompt("What next?");
    desk.keys("any distance\r");
    desk.wait_for("Far Naloxone Box — open now");
    desk.prompt("What next?");
    desk.keys(ESC);
    assert_eq!(desk.exit(), 0);
    desk.restored();
}

#[test]
fn esc_at_each_step_leaves_and_restores_the_terminal() {
    for stop in 0..DETOX_TO_SLIP.len() {
        let Some(mut desk) = Desk::at_the_hour(&[]) else {
            return;
        };
        for (question, keys) in &DETOX_TO_SLIP[..stop] {
            desk.answer(question, keys);
        }
        let (question, _) = DETOX_TO_SLIP[stop];
        desk.prompt(question);
        desk.keys(ESC);
        assert_eq!(desk.exit(), 0, "Esc at {question:?}:\n{}", desk.contents());
        desk.wait_for("Left the desk. Nothing about the person was kept.");
        desk.restored();
    }
}

#[test]
fn ctrl_c_leaves_with_status_130_and_restores_the_terminal() {
    for stop in [0, 1, 5] {
        let Some(mut desk) = Desk::at_the_hour(&[]) else {
            return;
        };
        for (question, keys) in &DETOX_TO_SLIP[..stop] {
            desk.answer(question, keys);
        }
        desk.prompt(DETOX_TO_SLIP[stop].0);
        desk.keys(CTRL_C);
        assert_eq!(desk.exit(), 130, "{}", desk.contents());
        desk.wait_for("Left the desk.");
        desk.restored();
    }
}

#[test]
fn deflect_alone_on_a_terminal_starts_the_desk() {
    let Some(mut desk) = Desk::start(&[], &[]) else {
        return;
    };
    desk.prompt("What does the person need?");
    desk.keys(ESC);
    assert_eq!(desk.exit(), 0);
    desk.restored();
}

#[test]
fn deflect_alone_without_a_terminal_prints_the_help() {
    let run = Deflect::new().run();
    run.code(2);
    assert!(run.stdout.is_empty());
    assert!(
        run.stderr.contains("Usage: deflect [OPTIONS] [COMMAND]"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("desk "), "{}", run.stderr);
}

#[test]
fn a_dumb_terminal_gets_numbered_prompts_without_cursor_movement() {
    let Some(mut desk) = Desk::at_the_hour(&[("TERM", "dumb")]) else {
        return;
    };
    desk.wait_for("What does the person need? [anything]");
    desk.keys("detox\r");
    desk.wait_for("Looking for: Withdrawal management (detox)");
    desk.wait_for("Where? (a station, place or postcode) [Central Station]");
    desk.keys("\r");
    for question in ["Walk-in only?", "Language the person speaks?", "Insurance"] {
        desk.wait_for(question);
        desk.keys("\r");
    }
    desk.wait_for("What next?");
    desk.wait_for("  1) Slip for 1. Weekend Detox Unit");
    desk.wait_for("Number [1]: ");
    desk.keys("1\r");
    desk.wait_for("Pathway?");
    desk.keys("\r");
    desk.wait_for("warm handoff");
    desk.keys("\r");
    desk.wait_for("First name");
    desk.keys("Sam\r");
    desk.wait_for("The slip:");
    desk.keys("2\r");
    desk.wait_for("For: Sam");
    desk.wait_for("Done?");
    desk.keys("q\r");
    assert_eq!(desk.exit(), 0);
    desk.restored();
    // Not one escape sequence: only what a teletype can print.
    let bytes = desk.bytes.lock().unwrap().clone();
    assert!(
        !bytes.contains(&0x1b),
        "an escape sequence on a dumb terminal:\n{}",
        String::from_utf8_lossy(&bytes)
    );
}

#[test]
fn no_color_means_no_colour() {
    let Some(mut desk) = Desk::at_the_hour(&[("NO_COLOR", "1")]) else {
        return;
    };
    desk.answer("What does the person need?", "detox");
    desk.wait_for_line("  detox");
    {
        let parser = desk.screen.lock().unwrap();
        let screen = parser.screen();
        for row in 0..ROWS {
            for col in 0..COLUMNS {
                if let Some(cell) = screen.cell(row, col) {
                    assert_eq!(cell.fgcolor(), vt100::Color::Default, "row {row} col {col}");
                    assert_eq!(cell.bgcolor(), vt100::Color::Default, "row {row} col {col}");
                }
            }
        }
    }
    desk.keys(ESC);
    assert_eq!(desk.exit(), 0);
    desk.restored();
}

#[test]
fn the_desk_reads_numbered_answers_from_a_pipe() {
    // Without a terminal, `deflect desk` asks with numbered prompts and
    // reads answers line by line: the same flow, scriptable.
    let run = Deflect::new()
        .args(["desk", "--at", AT])
        .env("DEFLECT_CONFIG", fixture("slip-config/config.toml"))
        .stdin("suboxone\n\n\n\n\n\n1\n\n\nJo\n2\n\n")
        .run();
    let stdout = &run.stdout;
    assert_eq!(run.code, 0, "{stdout}");
    for expected in [
        "Looking for: Buprenorphine",
        "Nothing is open now.",
        "Open or closed at Sat 28 Nov 2:00 AM",
        "Lakeside Opioid Treatment Program — closed, opens 6:00 AM",
        "For: Jo",
    ] {
        assert!(stdout.contains(expected), "{expected:?} missing:\n{stdout}");
    }
    assert!(!stdout.contains('\u{1b}'), "{stdout}");
}

#[test]
fn the_readme_shows_a_real_desk_run() {
    let readme =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md")).unwrap();
    let command = "$ deflect desk --at 2026-11-28T02:00\n";
    let shown = readme
        .split_once(command)
        .and_then(|(_, rest)| rest.split_once("```"))
        .map(|(run, _)| run)
        .expect("the README's desk transcript");
    // The README's station, on the demo directory, with a printer.
    let config = tempfile::tempdir().unwrap();
    let path = config.path().join("config.toml");
    std::fs::write(
        &path,
        "[station]\nname = \"Central District Station\"\nphone = \"(815) 555-0150\"\n\
         pathway = \"self-referral\"\n[slip]\nprinter = \"front-desk\"\n",
    )
    .unwrap();
    let Some(mut desk) = Desk::start_sized(
        &["desk", "--at", AT],
        &[("DEFLECT_CONFIG", path.to_str().unwrap())],
        60,
    ) else {
        return;
    };
    desk.answer("What does the person need?", "dope sik\r");
    for question in [
        "Where?",
        "Age group?",
        "Walk-in only?",
        "Language the person speaks?",
        "Insurance: how will the person pay?",
        "What next?",
        "Pathway?",
    ] {
        desk.answer(question, ENTER);
    }
    desk.answer("Are you calling the service now", DOWN);
    desk.wait_for("> Yes: I am calling them now");
    desk.keys(ENTER);
    desk.answer("First name for the slip?", "Sam\r");
    desk.answer("The slip:", ENTER);
    desk.prompt("Done?");
    // The transcript is the screen up to the last question: leaving
    // clears it.
    let screen = desk.contents();
    let before_done = screen
        .split_once("\n? Done?")
        .map(|(before, _)| before.to_string())
        .expect("the Done? question");
    desk.keys(ENTER);
    assert_eq!(desk.exit(), 0);
    let mask = |text: &str| -> String {
        let lines: Vec<String> = text
            .lines()
            .map(|l| {
                let l = l.trim_end();
                match l.strip_prefix("Referral code: ") {
                    Some(_) => "Referral code: XXXX-XXXX".to_string(),
                    None => l.to_string(),
                }
            })
            .collect();
        lines.join("\n").trim_end().to_string()
    };
    assert_eq!(
        mask(shown),
        mask(&before_done),
        "the README's transcript is not what the desk shows"
    );
}

#[test]
fn the_list_fits_an_80_by_24_terminal_above_the_choice() {
    let Some(mut desk) = Desk::at_the_hour(&[]) else {
        return;
    };
    desk.answer("What does the person need?", ENTER);
    desk.wait_for("Looking for: any service");
    for question in [
        "Where?",
        "Age group?",
        "Walk-in only?",
        "Language the person speaks?",
        "Insurance: how will the person pay?",
    ] {
        desk.answer(question, ENTER);
    }
    desk.prompt("What next?");
    // The heading, the first result and the whole choice are on the one
    // screen: nothing the officer needs has scrolled away.
    let screen = desk.contents();
    assert!(
        screen.contains("Open now at Sat 28 Nov 2:00 AM, within 10 km of Central Station:"),
        "{screen}"
    );
    assert!(
        screen.contains("Any service: 7 found, the first"),
        "{screen}"
    );
    assert!(screen.contains("\n1. "), "{screen}");
    assert!(screen.contains("  Back"), "{screen}");
    assert!(screen.contains("[↑↓ move, Enter chooses"), "{screen}");
    desk.keys(ESC);
    assert_eq!(desk.exit(), 0);
    desk.restored();
}

#[test]
fn the_next_person_sees_nothing_of_the_last() {
    let Some(mut desk) = Desk::at_the_hour(&[]) else {
        return;
    };
    for (question, keys) in &DETOX_TO_SLIP[..8] {
        desk.answer(question, keys);
    }
    desk.answer("First name for the slip?", "Sam\r");
    desk.answer("The slip:", "\u{1b}[B\r");
    desk.wait_for("For: Sam");
    // Start again for the next person: the third choice.
    desk.answer("Done?", &format!("{DOWN}{DOWN}"));
    desk.wait_for("> Start again for the next person");
    let cleared_from = desk.bytes.lock().unwrap().len();
    desk.keys(ENTER);
    desk.prompt("What does the person need?");
    let screen = desk.contents();
    for gone in ["Sam", "Weekend Detox", "Referral code", "Looking for"] {
        assert!(
            !screen.contains(gone),
            "{gone:?} is still on the screen:\n{screen}"
        );
    }
    // The scrollback too, where the terminal keeps one.
    let bytes = desk.bytes.lock().unwrap()[cleared_from..].to_vec();
    assert!(
        bytes.windows(4).any(|w| w == b"\x1b[3J"),
        "no clearing of the scrollback"
    );
    // Esc: the screen is cleared as the desk leaves, and says so; no
    // prompt library's own words.
    desk.keys(ESC);
    assert_eq!(desk.exit(), 0);
    desk.wait_for("Left the desk. Nothing about the person was kept.");
    let screen = desk.contents();
    assert!(!screen.contains("What does the person need"), "{screen}");
    desk.restored();
    let all = String::from_utf8_lossy(&desk.bytes.lock().unwrap()).into_owned();
    assert!(!all.contains("<canceled>"), "{all}");
}

#[test]
fn esc_at_a_choice_prints_no_canceled() {
    let Some(mut desk) = Desk::at_the_hour(&[]) else {
        return;
    };
    desk.answer("What does the person need?", "detox\r");
    desk.answer("Where?", ENTER);
    desk.answer("Walk-in only?", ESC);
    assert_eq!(desk.exit(), 0);
    desk.restored();
    let all = String::from_utf8_lossy(&desk.bytes.lock().unwrap()).into_owned();
    assert!(!all.contains("<canceled>"), "{all}");
    assert!(
        !desk.contents().contains("Walk-in only?"),
        "{}",
        desk.contents()
    );
}

#[test]
fn shell_keys_edit_the_typed_answer() {
    let Some(mut desk) = Desk::at_the_hour(&[]) else {
        return;
    };
    desk.answer("What does the person need?", "shelter naloxone");
    desk.wait_for_line("? What does the person need? (anything) shelter naloxone");
    // Ctrl-W: the last word.
    desk.keys(CTRL_W);
    desk.wait_for_line("? What does the person need? (anything) shelter");
    // Ctrl-U: the whole line before the cursor.
    desk.keys(CTRL_U);
    desk.wait_for_line("? What does the person need? (anything)");
    // Ctrl-A and Ctrl-E: type at the start, then at the end.
    desk.keys("tox");
    desk.wait_for_line("? What does the person need? (anything) tox");
    desk.keys(CTRL_A);
    desk.keys("de");
    desk.wait_for_line("? What does the person need? (anything) detox");
    desk.keys(CTRL_E);
    desk.keys(", shelter\r");
    desk.wait_for("Looking for: Withdrawal management (detox); Shelter");
    desk.prompt("Where?");
    desk.keys(ESC);
    assert_eq!(desk.exit(), 0);
    desk.restored();
}

/// The desk with numbered prompts on the rough fixture: answers piped in,
/// what it printed.
fn piped(input: &str) -> String {
    let run = Deflect::new()
        .args(["desk", "--at", AT, "--dir", &fixture("rough")])
        .stdin(input)
        .run();
    assert_eq!(run.code, 0);
    run.stdout
}

#[test]
fn the_results_show_beds_and_what_else_is_open() {
    // Detox: the free beds under the unit that states them, as in find.
    let shown = piped("detox\n\nq\n");
    assert!(
        shown.contains("1. Side Door Detox — open now\n   0.1 km · (312) 555-0141 · 10 W Lake St\n   beds: 4 of 12 free\n"),
        "{shown}"
    );
    // No syringe service is open: the naloxone machine, open now in the
    // same group of the taxonomy, is offered under the crisis lines.
    let shown = piped("syringe\n\nq\n");
    assert!(shown.contains("Nothing is open now."), "{shown}");
    assert!(
        shown.contains(
            "Open now, also in Harm reduction:\n  - 24/7 Naloxone Vending Machine — open now\n    0.8 km · (312) 555-0152 · Lobby of 50 W Adams St\n"
        ),
        "{shown}"
    );
    // The plain desk has no Tab: its help does not offer one.
    assert!(!shown.contains("Tab"), "{shown}");
    assert!(
        shown.contains("(in their words, e.g. detox for alcohol, narcan, a bed tonight; q leaves)"),
        "{shown}"
    );
}

#[test]
fn find_on_a_terminal_dims_the_ids_unless_no_color() {
    let rough = fixture("rough");
    let args = ["find", "detox", "--dir", &rough, "--at", AT];
    for (env, dim) in [(&[][..], true), (&[("NO_COLOR", "1")][..], false)] {
        let Some(mut desk) = Desk::start_sized(&args, env, 60) else {
            return;
        };
        assert_eq!(desk.exit(), 0);
        let bytes = String::from_utf8_lossy(&desk.bytes.lock().unwrap()).into_owned();
        assert!(desk.contents().contains("id: side-door-detox"), "{bytes}");
        assert_eq!(
            bytes.contains("\u{1b}[2mid: side-door-detox\u{1b}[22m"),
            dim,
            "{bytes}"
        );
        if !dim {
            assert!(!bytes.contains('\u{1b}'), "{bytes}");
        }
    }
}
