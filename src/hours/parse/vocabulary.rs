//! The words the reader knows, in the languages keepers write: weekdays,
//! months, states, sun events, and the little words around them ("to",
//! "and", "daily", "midnight"). A word means one [`Word`]; the reader
//! decides from the words around it what to make of it.

use crate::hours::ast::{Event, Kind};

/// What a word means.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Word {
    /// A weekday, Monday 0.
    Weekday(u32),
    /// A month, January 1.
    Month(u32),
    /// `open`, `closed`, `off`, `unknown` and their translations.
    State(Kind),
    /// `sunrise`, `sunset`, `dawn`, `dusk`.
    Event(Event),
    Easter,
    Week,
    /// `day` or `days`.
    Day,
    /// `24/7` in words: `always`, `nonstop`.
    Always,
    /// `daily`, `everyday`.
    EveryDay,
    /// `every`, `all` (before `day`).
    Every,
    Weekend,
    Workdays,
    /// `public` (before `holiday`).
    Public,
    /// `school` (before `holiday`).
    School,
    /// A public holiday (`PH`, `holiday`).
    Holiday,
    /// A school holiday (`SH`, `Schulferien`).
    SchoolHoliday,
    /// A word for "-": `to`, `till`, `bis`.
    To,
    /// A word for ",": `and`, `und`, `y`.
    And,
    /// `late`, as in `17:00-late`.
    Late,
    /// `openend`.
    OpenEnd,
    Midnight,
    Noon,
    /// `hours`, `h`: `24 hours`, `9h`.
    Hours,
    /// `Uhr`, after a time.
    Uhr,
    Before,
    After,
    /// `one`, as in `one day before public holiday`.
    One,
    /// `end`, as in `open end`.
    End,
    /// A label before the hours: `opening_hours`, `Öffnungszeiten`.
    Label,
    /// A word the reader does not know.
    Unknown,
}

/// The weekday a word names, Monday 0.
fn weekday_word(w: &str) -> Option<u32> {
    let d = match w {
        "mo" | "mon" | "monday" | "lunes" | "lundi" | "montag" | "lunedi" | "lunedì"
        | "segunda" => 0,
        "tu" | "tue" | "tues" | "tuesday" | "martes" | "mardi" | "dienstag" | "di" | "martedi"
        | "martedì" | "terça" | "terca" => 1,
        "we" | "wed" | "weds" | "wednesday" | "miercoles" | "miércoles" | "mercredi"
        | "mittwoch" | "mi" | "mercoledi" | "mercoledì" | "quarta" => 2,
        "th" | "thu" | "thur" | "thurs" | "thursday" | "jueves" | "jeudi" | "donnerstag" | "do"
        | "giovedi" | "giovedì" | "quinta" => 3,
        "fr" | "fri" | "friday" | "viernes" | "vendredi" | "freitag" | "venerdi" | "venerdì"
        | "sexta" => 4,
        "sa" | "sat" | "saturday" | "sabado" | "sábado" | "samedi" | "samstag" | "sonnabend"
        | "sabato" => 5,
        "su" | "sun" | "sunday" | "domingo" | "dimanche" | "sonntag" | "so" | "domenica" => 6,
        // Polish abbreviations and names, then Russian, Japanese, Arabic,
        // Thai and Georgian names.
        "pn" | "poniedziałek" | "понедельник" | "月曜日" | "الاثنين" | "วันจันทร์" | "ორშაბათი" => {
            0
        }
        "wt" | "wtorek" | "вторник" | "火曜日" | "الثلاثاء" | "วันอังคาร" | "სამშაბათი" => {
            1
        }
        "śr" | "środa" | "среда" | "水曜日" | "الأربعاء" | "วันพุธ" | "ოთხშაბათი" => {
            2
        }
        "cz" | "czwartek" | "четверг" | "木曜日" | "الخميس" | "วันพฤหัสบดี" | "ხუთშაბათი" => {
            3
        }
        "pt" | "piątek" | "пятница" | "金曜日" | "الجمعة" | "วันศุกร์" | "პარასკევი" => {
            4
        }
        "sobota" | "суббота" | "土曜日" | "السبت" | "วันเสาร์" | "შაბათი" => {
            5
        }
        "nd" | "niedziela" | "воскресенье" | "日曜日" | "الأحد" | "วันอาทิตย์" | "კვირა" => {
            6
        }
        _ => return None,
    };
    Some(d)
}

/// The month a word names, January 1.
fn month_word(w: &str) -> Option<u32> {
    let m = match w {
        "jan" | "january" | "enero" | "janvier" | "januar" | "gennaio" | "janeiro" => 1,
        "feb" | "february" | "febrero" | "février" | "fevrier" | "februar" | "febbraio"
        | "fevereiro" => 2,
        "mar" | "march" | "marzo" | "mars" | "märz" | "maerz" | "março" | "marco" => 3,
        "apr" | "april" | "abril" | "avril" | "aprile" => 4,
        "may" | "mayo" | "mai" | "maggio" | "maio" => 5,
        "jun" | "june" | "junio" | "juin" | "juni" | "giugno" | "junho" => 6,
        "jul" | "july" | "julio" | "juillet" | "juli" | "luglio" | "julho" => 7,
        "aug" | "august" | "agosto" | "août" | "aout" => 8,
        "sep" | "sept" | "september" | "septiembre" | "setiembre" | "septembre" | "settembre"
        | "setembro" => 9,
        "oct" | "october" | "octubre" | "octobre" | "oktober" | "ottobre" | "outubro" => 10,
        "nov" | "november" | "noviembre" | "novembre" | "novembro" => 11,
        "dec" | "december" | "diciembre" | "décembre" | "decembre" | "dezember" | "dicembre"
        | "dezembro" => 12,
        _ => return None,
    };
    Some(m)
}

/// What a lower-cased word means.
pub(super) fn classify(w: &str) -> Word {
    if let Some(d) = weekday_word(w) {
        return Word::Weekday(d);
    }
    // German plurals: "montags", "sonntags".
    if let Some(d) = w
        .strip_suffix('s')
        .filter(|s| s.len() > 5)
        .and_then(weekday_word)
    {
        return Word::Weekday(d);
    }
    if let Some(m) = month_word(w) {
        return Word::Month(m);
    }
    match w {
        "open" | "geöffnet" | "geoeffnet" | "abierto" | "ouvert" | "aperto" | "aberto" => {
            Word::State(Kind::Open)
        }
        "closed" | "off" | "geschlossen" | "geschl" | "cerrado" | "fermé" | "ferme" | "chiuso"
        | "fechado" => Word::State(Kind::Closed),
        "unknown" => Word::State(Kind::Unknown),
        "sunrise" => Word::Event(Event::Sunrise),
        "sunset" => Word::Event(Event::Sunset),
        "dawn" => Word::Event(Event::Dawn),
        "dusk" => Word::Event(Event::Dusk),
        "easter" => Word::Easter,
        "week" => Word::Week,
        "day" | "days" => Word::Day,
        "always" | "nonstop" | "anytime" => Word::Always,
        "daily" | "everyday" | "täglich" | "taeglich" | "tous" | "todos" | "tutti" => {
            Word::EveryDay
        }
        "every" | "all" => Word::Every,
        "weekend" | "weekends" | "wochenende" => Word::Weekend,
        "weekdays" | "workdays" | "werktags" => Word::Workdays,
        "ph" => Word::Holiday,
        "sh" => Word::SchoolHoliday,
        "public" => Word::Public,
        "school" => Word::School,
        "holiday" | "holidays" | "feiertag" | "feiertage" | "feiertags" => Word::Holiday,
        "schoolholiday" | "schoolholidays" | "schulferien" | "ferien" => Word::SchoolHoliday,
        "to" | "till" | "til" | "until" | "through" | "thru" | "bis" | "a" | "à" | "á" | "ás"
        | "às" | "as" | "ate" | "até" | "al" | "au" | "до" => Word::To,
        "and" | "und" | "y" | "et" | "e" => Word::And,
        "late" => Word::Late,
        "openend" => Word::OpenEnd,
        "midnight" | "mitternacht" => Word::Midnight,
        "noon" | "midday" => Word::Noon,
        "hours" | "hour" | "h" | "hrs" | "std" | "stunden" => Word::Hours,
        "uhr" => Word::Uhr,
        "opening_hours" | "öffnungszeit" | "öffnungszeiten" => Word::Label,
        "before" => Word::Before,
        "after" => Word::After,
        "one" => Word::One,
        "end" => Word::End,
        _ => Word::Unknown,
    }
}

impl Word {
    /// Whether the word begins a selection of days: a weekday, a weekend,
    /// a holiday, "daily" (`Sa[-1],Su` and `PH,Mo` go on with one).
    pub(super) fn is_day(&self) -> bool {
        matches!(
            self,
            Word::Weekday(_)
                | Word::Weekend
                | Word::Workdays
                | Word::EveryDay
                | Word::Holiday
                | Word::SchoolHoliday
                | Word::Public
                | Word::School
        )
    }
}
