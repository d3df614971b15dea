//! A slip made to be handed over, the same way for `slip`, `find --slip`
//! and the desk: the officer's choices ([`Asked`]) with the config's
//! defaults under them, a fresh referral code, the slip's language, the
//! printer, and the referral record the slip hands to
//! [`crate::records::policy`].

use chrono::{DateTime, Utc};

use crate::config::{SlipSettings, Station};
use crate::directory::Directory;
use crate::places::Origin;
use crate::records::policy::Handed;
use crate::sanitize::one_line;
use crate::slip::{print, Entry, Lang, ReferralCode, Slip, Style, DEFAULT_WIDTH};

/// How the officer asked for a slip, before the config's defaults: the
/// flags of `slip` and `find --slip`, or the desk's answers. Nothing here
/// is kept: the person's name is printed and dropped with the slip.
#[derive(Debug, Clone, Copy, Default)]
pub struct Asked<'a> {
    /// The person's first name, printed on the slip (`--for`).
    pub person: Option<&'a str>,
    /// The deflection pathway (else the config's `station.pathway`).
    pub pathway: Option<&'a str>,
    /// Columns of a text slip (else the config's, else
    /// [`DEFAULT_WIDTH`]).
    pub width: Option<usize>,
    /// Plain ASCII.
    pub ascii: bool,
    /// The discreet form.
    pub discreet: bool,
    /// The referral notes printed too.
    pub notes: bool,
    /// Sent to the printer rather than written out.
    pub print: bool,
    /// The printer queue (else the config's `slip.printer`, else the
    /// system's default); a queue implies [`Asked::print`].
    pub printer: Option<&'a str>,
    /// The officer is calling the service for the person.
    pub warm_handoff: bool,
}

impl<'a> Asked<'a> {
    /// The layout, in `lang`, with the config's width where none is
    /// asked for.
    pub fn style(&self, settings: &SlipSettings, lang: Lang) -> Style {
        Style {
            width: self.width.or(settings.width).unwrap_or(DEFAULT_WIDTH),
            ascii: self.ascii,
            discreet: self.discreet,
            notes: self.notes,
            lang,
        }
    }

    /// Whether the slip goes to the printer.
    pub fn prints(&self) -> bool {
        self.print || self.printer.is_some()
    }

    /// The printer queue: the one asked for, else the config's; `None`
    /// for the system's default.
    pub fn queue(&self, settings: &'a SlipSettings) -> Option<&'a str> {
        self.printer.or(settings.printer.as_deref())
    }
}

/// The language of a slip's words: the first of `codes` (the person's
/// languages, or `--lang`) that deflect has words in, else the config's,
/// else English; with the note to give when a language asked for is
/// passed over.
pub fn language<'c>(
    codes: impl IntoIterator<Item = &'c str>,
    settings: &'c SlipSettings,
) -> (Lang, Option<String>) {
    let asked = codes.into_iter().map(Some);
    let (lang, passed_over) = Lang::pick(asked.chain([settings.lang.as_deref()]));
    let note = passed_over.map(|code| {
        format!(
            "note: deflect has no words for slips and cards in \"{}\"; using {}",
            one_line(code),
            match lang {
                Lang::En => "English",
                Lang::Es => "Spanish",
            }
        )
    });
    (lang, note)
}

/// What the officer is told when a slip went to the printer: `slip sent
/// to printer front-desk: request id is front-desk-7`, with what `lp`
/// said, when it said anything.
pub fn sent_to(queue: Option<&str>, said: &str) -> String {
    let printer = queue.map_or_else(
        || "the default printer".to_string(),
        |q| format!("printer {}", one_line(q)),
    );
    if said.is_empty() {
        format!("slip sent to {printer}")
    } else {
        format!("slip sent to {printer}: {said}")
    }
}

/// Sends a rendered slip to the printer asked for; the line that says
/// where it went ([`sent_to`]).
///
/// # Errors
/// As [`print::print`]: the message says what went wrong.
pub fn send(rendered: &str, queue: Option<&str>) -> Result<String, String> {
    print::print(rendered, queue).map(|said| sent_to(queue, &said))
}

impl<'a> Slip<'a> {
    /// A slip to hand over: a fresh referral code (the program never
    /// takes one from outside), the station's name and phone from the
    /// config, the person's name, and the pathway asked for (else the
    /// config's).
    ///
    /// # Errors
    /// When no referral code can be drawn.
    pub fn handed_over(
        directory: &'a Directory,
        at: DateTime<Utc>,
        origin: Option<&'a Origin>,
        entries: Vec<Entry<'a>>,
        station: &'a Station,
        asked: &Asked<'a>,
    ) -> anyhow::Result<Slip<'a>> {
        let code = ReferralCode::random()
            .map_err(|e| anyhow::anyhow!("cannot draw a referral code: {e}"))?;
        Ok(Slip {
            directory,
            at,
            origin,
            station_name: station.name.as_deref(),
            station_phone: station.phone.as_deref(),
            entries,
            code,
            person: asked.person,
            pathway: asked.pathway.or(station.pathway.as_deref()),
        })
    }

    /// The categories the referral is for: of each service on the slip,
    /// the needs' categories it meets, else (a slip by id, a search for
    /// anything) its own; each once, in the order of the slip.
    pub fn categories(&self) -> Vec<String> {
        crate::matching::each_once(self.entries.iter().flat_map(|entry| {
            if entry.matched.is_empty() {
                &entry.service.categories
            } else {
                &entry.matched
            }
        }))
    }

    /// The slip's referral, for its record: nothing of it names the
    /// person.
    pub fn handed(&self, warm_handoff: bool) -> Handed {
        Handed {
            pathway: self.pathway.map(str::to_string),
            categories: self.categories(),
            services: self.entries.iter().map(|e| e.service.id.clone()).collect(),
            warm_handoff,
            code: self.code.to_string(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_language_is_the_first_deflect_has_words_in() {
        let settings = SlipSettings {
            lang: Some("es".into()),
            ..SlipSettings::default()
        };
        assert_eq!(language(["en"], &settings), (Lang::En, None));
        let (lang, note) = language(["pl"], &settings);
        assert_eq!(lang, Lang::Es);
        assert_eq!(
            note.as_deref(),
            Some("note: deflect has no words for slips and cards in \"pl\"; using Spanish")
        );
        assert_eq!(language([], &SlipSettings::default()), (Lang::En, None));
    }

    #[test]
    fn the_printer_line_names_the_queue_and_what_lp_said() {
        assert_eq!(sent_to(None, ""), "slip sent to the default printer");
        assert_eq!(
            sent_to(Some("front-desk"), "request id is front-desk-7"),
            "slip sent to printer front-desk: request id is front-desk-7"
        );
    }
}
