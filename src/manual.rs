//! The man pages: `deflect(1)` and one page for each command
//! (`deflect-find(1)`, `deflect-records-engaged(1)`, …), made from the same
//! clap definitions as `--help`, with the sections a person looks for in a
//! man page written here: EXIT STATUS, ENVIRONMENT, FILES.
//!
//! The pages in `man/` are these, checked in as `completions/` is and kept
//! current by a test; the Debian package installs them.

use clap_mangen::roff::{bold, italic, roman, Roff};
use clap_mangen::Man;

/// Every page: its file name (`deflect-find.1`) and its roff text.
pub fn pages() -> Vec<(String, String)> {
    let mut pages = Vec::new();
    let mut command = crate::cli::manual_command();
    // Built, each command knows its full name (`deflect records engaged`).
    command.build();
    collect(command, true, &mut pages);
    pages.sort();
    pages
}

fn collect(command: clap::Command, top: bool, pages: &mut Vec<(String, String)>) {
    for sub in command.get_subcommands().filter(|s| !s.is_hide_set()) {
        collect(sub.clone(), false, pages);
    }
    let man = Man::new(command.clone())
        .date("")
        .source(format!("deflect {}", env!("CARGO_PKG_VERSION")))
        .manual("deflect manual");
    pages.push((man.get_filename(), page(&man, &command, top)));
}

/// One of clap_mangen's sections, written by the [`Man`] of a page.
type Section = fn(&Man, &mut dyn std::io::Write) -> std::io::Result<()>;

/// One page: clap's sections, then ours.
fn page(man: &Man, command: &clap::Command, top: bool) -> String {
    let mut out = Vec::new();
    let parts: [Section; 4] = [
        Man::render_title,
        Man::render_name_section,
        Man::render_synopsis_section,
        Man::render_description_section,
    ];
    for part in parts {
        part(man, &mut out).expect("writing to memory");
    }
    if command.get_arguments().any(|a| !a.is_hide_set()) {
        man.render_options_section(&mut out)
            .expect("writing to memory");
    }
    if command.get_subcommands().any(|s| !s.is_hide_set()) {
        man.render_subcommands_section(&mut out)
            .expect("writing to memory");
    }
    let mut roff = Roff::new();
    if top {
        exit_status(&mut roff);
        environment(&mut roff);
        files(&mut roff);
    } else {
        roff.control("SH", ["EXIT STATUS"]);
        roff.text([
            roman("0 on success; 1 when the command found nothing or its check failed, as its description says; 2 on an error. See "),
            bold("deflect"),
            roman("(1)."),
        ]);
    }
    see_also(&mut roff, top);
    let mut text = String::from_utf8(out).expect("roff is UTF-8");
    text.push_str(&roff.render());
    if top {
        let mut version = Vec::new();
        man.render_version_section(&mut version)
            .expect("writing to memory");
        text.push_str(&String::from_utf8(version).expect("roff is UTF-8"));
    }
    text
}

/// A `.TP` list: a term in bold, then its paragraphs.
fn list(roff: &mut Roff, items: &[(&str, &str)]) {
    for (term, text) in items {
        roff.control("TP", []);
        roff.text([bold(*term)]);
        roff.text([roman(*text)]);
    }
}

fn exit_status(roff: &mut Roff) {
    roff.control("SH", ["EXIT STATUS"]);
    list(
        roff,
        &[
            (
                "0",
                "Success: a service was listed, a slip or a report was written, the directory passed the check.",
            ),
            (
                "1",
                "Nothing was found (no service or place matches), or validate found errors (with --deny-warnings, warnings too). Scripts may treat it as an answer, not a failure.",
            ),
            (
                "2",
                "An error: a bad flag or value, a directory or config file that cannot be read. The message on standard error says what is wrong and what to do.",
            ),
            ("130", "The guided desk was left with Ctrl-C."),
        ],
    );
}

fn environment(roff: &mut Roff) {
    roff.control("SH", ["ENVIRONMENT"]);
    list(
        roff,
        &[
            (
                "DEFLECT_DIR",
                "The directory to use, as --dir gives it. Empty is the same as unset.",
            ),
            (
                "DEFLECT_CONFIG",
                "The one config file to read, instead of both the station's and the user's.",
            ),
            (
                "DEFLECT_SYSTEM_CONFIG",
                "The station's config file, instead of /etc/deflect/config.toml (on Windows %ProgramData%\\deflect\\config.toml).",
            ),
            (
                "DEFLECT_NOW",
                "Fixes the clock, for training and tests: 2026-11-28T02:00 in the directory's timezone, or an RFC 3339 time. With it set, no referral or gap record is ever written.",
            ),
            (
                "DEFLECT_MAX_FILE_MB",
                "The size limit of one directory file, in megabytes (default 256).",
            ),
            (
                "DEFLECT_TIMINGS",
                "Set to 1, every command writes the time each phase took to standard error.",
            ),
            (
                "DEFLECT_COMPLETE",
                "Set by the completion scripts when they ask deflect for the words to offer; not for people.",
            ),
            (
                "NO_COLOR",
                "Set to anything, the help and the guided desk are drawn without colour.",
            ),
            (
                "COLUMNS",
                "The width to lay tables out in, instead of the terminal's.",
            ),
            (
                "TERM",
                "dumb (or no terminal) makes the guided desk ask its questions as numbered prompts.",
            ),
        ],
    );
}

fn files(roff: &mut Roff) {
    roff.control("SH", ["FILES"]);
    list(
        roff,
        &[
            (
                "/etc/deflect/config.toml",
                "The station's config, read first, for every account on the desk PC: the directory, the station's name and place, the printer, and where the referral records are kept.",
            ),
            (
                "~/.config/deflect/config.toml",
                "The user's config: each key given here overrides the station's.",
            ),
            (
                "/var/lib/deflect/",
                "The records folder the package makes for a shared desk: owned by the group deflect, mode 2770. Officers in that group write one log, which report reads whole.",
            ),
            (
                "records.jsonl, records.jsonl.key, records.jsonl.lock",
                "The referral records (which identify no one), the key that hashes referral codes, and the lock writers take; by default in ~/.local/share/deflect/, else where [records] path says.",
            ),
            (
                "~/.cache/deflect/",
                "The desk cache of a directory, remade whenever its files change.",
            ),
            (
                "/usr/share/doc/deflect/examples/",
                "deflect-nightly.service and deflect-nightly.timer: the nightly check, import and purge, as systemd units to copy and enable.",
            ),
        ],
    );
}

fn see_also(roff: &mut Roff, top: bool) {
    roff.control("SH", ["SEE ALSO"]);
    let mut refs = Vec::new();
    if !top {
        refs.push(bold("deflect"));
        refs.push(roman("(1), "));
    }
    refs.push(roman("the README, docs/CLI.md and docs/FORMAT.md in "));
    refs.push(italic("/usr/share/doc/deflect"));
    refs.push(roman(" or the source."));
    roff.text(refs);
}
