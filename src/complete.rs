//! Shell completion: the answers the program gives the completion scripts
//! (which `deflect completions SHELL` prints) at each Tab, with values from
//! the directory: places for `--near` and `places`, needs (category ids
//! and one-word synonyms), service ids for `show` and `slip`, attributes
//! for `--require` and ways to pay for `--payment`.
//!
//! The scripts are clap_complete's dynamic ones: at each Tab the shell runs
//! `deflect` with `DEFLECT_COMPLETE=SHELL` and the words typed so far, and
//! [`answer_if_asked`], called before anything else in `main`, prints the
//! candidates and exits. The directory is the one the command line names
//! (`--dir`, `--demo`), else `DEFLECT_DIR`, else the config's, else the
//! demo, as for the desk commands; a config or directory that cannot be
//! read gives no candidates, never an error in the middle of a command
//! line.

use std::ffi::{OsStr, OsString};
use std::path::PathBuf;

use clap_complete::engine::{ArgValueCandidates, ArgValueCompleter, CompletionCandidate};
use clap_complete::CompleteEnv;

use crate::cli::{Global, COMPLETE_VAR};
use crate::config::Config;
use crate::directory::model::{ATTRIBUTES, PAYMENTS};
use crate::directory::Directory;
use crate::when::Clock;

/// Answers a completion request from a shell's script (`DEFLECT_COMPLETE`
/// set) and exits; returns at once on any other run.
pub fn answer_if_asked() {
    CompleteEnv::with_factory(command)
        .var(COMPLETE_VAR)
        .bin("deflect")
        .completer("deflect")
        .complete();
}

/// The command line with the directory's values attached to the arguments
/// that take them: each argument, by its id, in every command that has it.
fn command() -> clap::Command {
    attach(crate::cli::command())
}

fn attach(mut command: clap::Command) -> clap::Command {
    let ids: Vec<String> = command
        .get_arguments()
        .map(|arg| arg.get_id().to_string())
        .collect();
    for id in ids {
        command = command.mut_arg(id, with_values);
    }
    let names: Vec<String> = command
        .get_subcommands()
        .map(|c| c.get_name().to_string())
        .collect();
    for name in names {
        command = command.mut_subcommand(name, attach);
    }
    command
}

/// An argument with the values to offer for it, by its id (the field's
/// name in `crate::cli`).
fn with_values(arg: clap::Arg) -> clap::Arg {
    match arg.get_id().as_str() {
        "near" | "query" => arg.add(ArgValueCompleter::new(places)),
        "needs" => arg.add(ArgValueCompleter::new(needs)),
        "id" => arg.add(ArgValueCompleter::new(service_ids)),
        "ids" => arg.add(ArgValueCompleter::new(slip_ids)),
        "require" => arg.add(ArgValueCandidates::new(attributes)),
        "payment" => arg.add(ArgValueCandidates::new(payments)),
        _ => arg,
    }
}

/// Places of the directory for `--near` and `places`: names, and aliases
/// when the typed word begins one, matched without regard to case.
pub fn places(current: &OsStr) -> Vec<CompletionCandidate> {
    let typed = Typed::new(current);
    let Some(directory) = directory() else {
        return Vec::new();
    };
    let mut found = Vec::new();
    for place in &directory.places {
        let help = place.kind.clone();
        if typed.begins(&place.name) {
            found.push(typed.candidate(&place.name, help));
            continue;
        }
        if let Some(alias) = place.aliases.iter().find(|a| typed.begins(a)) {
            found.push(typed.candidate(alias, Some(place.name.clone())));
        }
    }
    found
}

/// Needs for `find`, `cards` and `desk`: category ids and the one-word
/// words officers type for them.
pub fn needs(current: &OsStr) -> Vec<CompletionCandidate> {
    let typed = Typed::new(current);
    let Some(directory) = directory() else {
        return Vec::new();
    };
    let mut seen = std::collections::HashSet::new();
    let mut found = Vec::new();
    for category in directory.taxonomy.categories() {
        let words = std::iter::once(category.id.as_str()).chain(
            category
                .synonyms
                .iter()
                .map(String::as_str)
                .filter(|w| !w.contains(char::is_whitespace)),
        );
        for word in words {
            if typed.begins(word) && seen.insert(word.to_lowercase()) {
                found.push(typed.candidate(word, Some(category.name.clone())));
            }
        }
    }
    found
}

/// Every service id, for `show`.
pub fn service_ids(current: &OsStr) -> Vec<CompletionCandidate> {
    ids(current, false)
}

/// The ids of the services a slip can name (not withdrawn), for `slip`.
pub fn slip_ids(current: &OsStr) -> Vec<CompletionCandidate> {
    ids(current, true)
}

fn ids(current: &OsStr, active_only: bool) -> Vec<CompletionCandidate> {
    let typed = Typed::new(current);
    let Some(directory) = directory() else {
        return Vec::new();
    };
    directory
        .services
        .iter()
        .filter(|s| s.active || !active_only)
        .filter(|s| typed.begins(&s.id))
        .map(|s| typed.candidate(&s.id, Some(s.name.clone())))
        .collect()
}

/// The attributes `--require` takes.
pub fn attributes() -> Vec<CompletionCandidate> {
    ATTRIBUTES
        .iter()
        .map(|a| CompletionCandidate::new(*a))
        .collect()
}

/// The ways to pay `--payment` takes.
pub fn payments() -> Vec<CompletionCandidate> {
    PAYMENTS
        .iter()
        .map(|p| CompletionCandidate::new(*p))
        .collect()
}

/// The word being completed, as the shell gave it.
struct Typed {
    /// Without a leading quote or bash's backslashes, in lower case.
    text: String,
    /// The quote the word opens with, if any.
    quote: Option<char>,
    /// bash inserts a candidate as it is: spaces must come escaped.
    bash: bool,
}

impl Typed {
    fn new(current: &OsStr) -> Typed {
        let raw = current.to_string_lossy();
        let quote = raw.chars().next().filter(|c| matches!(c, '"' | '\''));
        let body = match quote {
            Some(q) => raw[q.len_utf8()..].to_string(),
            None => unescape(&raw),
        };
        Typed {
            text: body.to_lowercase(),
            quote,
            // Only bash's script sets the kind of completion it asks for;
            // zsh and fish quote what they insert themselves.
            bash: std::env::var_os("_CLAP_COMPLETE_COMP_TYPE").is_some(),
        }
    }

    fn begins(&self, value: &str) -> bool {
        value.to_lowercase().starts_with(&self.text)
    }

    /// A value as the shell should insert it, with a line of help. Text
    /// from the directory goes through [`crate::sanitize`] first.
    fn candidate(&self, value: &str, help: Option<String>) -> CompletionCandidate {
        let value = crate::sanitize::one_line(value);
        let inserted = match (self.bash, self.quote) {
            (true, Some(q)) => format!("{q}{value}"),
            (true, None) => escape_for_bash(&value),
            (false, _) => value,
        };
        CompletionCandidate::new(inserted).help(help.map(|h| crate::sanitize::one_line(&h).into()))
    }
}

/// `Central\ Sta` as bash passes a word with escaped spaces: `Central Sta`.
fn unescape(word: &str) -> String {
    let mut out = String::with_capacity(word.len());
    let mut chars = word.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => out.extend(chars.next()),
            c => out.push(c),
        }
    }
    out
}

/// A value as one bash word: every character a shell reads specially is
/// escaped with a backslash.
fn escape_for_bash(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for c in value.chars() {
        if !(c.is_alphanumeric() || matches!(c, '-' | '_' | '.' | ',' | '+' | '/' | ':' | '@')) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// The directory completion reads; `None` when it cannot be read.
fn directory() -> Option<Directory> {
    let global = global_from(std::env::args_os().skip_while(|a| a != "--").skip(1));
    let config = Config::load().ok()?;
    let session = crate::commands::session(config, &global, Clock::real(chrono::Utc::now()));
    let (directory, _) = session.load(&mut std::io::sink()).ok()?;
    Some(directory)
}

/// `--dir`, `--demo` and `--no-cache` from the words typed so far, as clap
/// would read them (the words after the one being completed are not
/// there).
fn global_from(words: impl Iterator<Item = OsString>) -> Global {
    let mut global = Global {
        dir: std::env::var_os("DEFLECT_DIR")
            .filter(|d| !d.is_empty())
            .map(PathBuf::from),
        demo: false,
        no_cache: false,
    };
    let mut words = words.peekable();
    while let Some(word) = words.next() {
        let text = word.to_string_lossy();
        if text == "--" {
            break;
        } else if text == "--dir" {
            global.dir = words.next().map(PathBuf::from);
        } else if let Some(dir) = text.strip_prefix("--dir=") {
            global.dir = Some(PathBuf::from(dir));
        } else if text == "--demo" {
            global.demo = true;
        } else if text == "--no-cache" {
            global.no_cache = true;
        }
    }
    global
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(line: &str) -> impl Iterator<Item = OsString> + '_ {
        line.split(' ').map(OsString::from)
    }

    #[test]
    fn the_directory_named_on_the_line_is_read() {
        let g = global_from(words("deflect find --dir /srv/county --near Cen"));
        assert_eq!(g.dir, Some(PathBuf::from("/srv/county")));
        let g = global_from(words("deflect --dir=/srv/a show --demo x"));
        assert_eq!(g.dir, Some(PathBuf::from("/srv/a")));
        assert!(g.demo);
        let g = global_from(words("deflect find -- --dir /x"));
        assert_ne!(g.dir, Some(PathBuf::from("/x")));
    }

    #[test]
    fn bash_words_are_read_and_written_escaped() {
        assert_eq!(unescape(r"Central\ Sta"), "Central Sta");
        assert_eq!(
            escape_for_bash("St. Mary's (north)"),
            r"St.\ Mary\'s\ \(north\)"
        );
        assert_eq!(escape_for_bash("60608"), "60608");
    }
}
