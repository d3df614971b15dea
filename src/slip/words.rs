//! The fixed words of slips and cards, in the languages deflect has them
//! in (English and Spanish), and the dates and times written in them.
//!
//! Directory text (names, notes, addresses) is never translated: only the
//! slip's own words, the weekdays and months, and the names of the built-in
//! categories.

use chrono::{DateTime, Datelike, NaiveDate, Weekday};
use chrono_tz::Tz;

use crate::directory::Clock;
pub use crate::render::status::fill;
use crate::render::status::Phrases;
use crate::render::time_of_day;

/// A language the slip's own words exist in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    /// English, the fallback.
    En,
    /// Spanish.
    Es,
}

impl Lang {
    /// The language for a code such as `es`, `ES` or `es-MX`, when deflect
    /// has words in it.
    pub fn from_code(code: &str) -> Option<Lang> {
        let primary = code
            .trim()
            .split(['-', '_'])
            .next()
            .unwrap_or_default()
            .to_ascii_lowercase();
        match primary.as_str() {
            "en" => Some(Lang::En),
            "es" => Some(Lang::Es),
            _ => None,
        }
    }

    /// The first of the codes given that deflect has words in, else
    /// English, with the first code given that was passed over (so that
    /// the caller can say so).
    pub fn pick<'a>(codes: impl IntoIterator<Item = Option<&'a str>>) -> (Lang, Option<&'a str>) {
        let mut passed_over = None;
        for code in codes.into_iter().flatten() {
            if let Some(lang) = Lang::from_code(code) {
                return (lang, passed_over);
            }
            passed_over = passed_over.or(Some(code));
        }
        (Lang::En, passed_over)
    }

    /// The ISO 639-1 code, for `<html lang>`.
    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Es => "es",
        }
    }

    /// The words in this language.
    pub fn words(self) -> &'static Words {
        match self {
            Lang::En => &EN,
            Lang::Es => &ES,
        }
    }
}

/// The fixed words of a slip or card in one language.
#[derive(Debug)]
pub struct Words {
    /// The language these words are in.
    pub lang: Lang,
    /// The page title of an HTML slip.
    pub title: &'static str,
    /// The page title of a discreet HTML slip.
    pub discreet_title: &'static str,
    /// The page title of a cards sheet.
    pub cards_title: &'static str,
    /// The demo warning.
    pub demo: &'static str,
    /// The short demo mark on a card.
    pub demo_short: &'static str,
    /// `Referral code`.
    pub code: &'static str,
    /// `For` (the person's name).
    pub person: &'static str,
    /// `Pathway`.
    pub pathway: &'static str,
    /// `Offers` (the categories).
    pub offers: &'static str,
    /// `Phone`.
    pub phone: &'static str,
    /// `At intake` (referral notes).
    pub notes: &'static str,
    /// `Alert`.
    pub alert: &'static str,
    /// `Checked` (verified on).
    pub verified: &'static str,
    /// `Not checked` (never verified).
    pub never_verified: &'static str,
    /// `Crisis lines, any time`.
    pub crisis: &'static str,
    /// How a status and a day's hours are said (`Open now until {}`,
    /// `Closed now, opens {}`, `open all day`), with the weekdays.
    pub status: Phrases,
    /// `{distance} from {place}`.
    pub distance_from: &'static str,
    /// `{distance} away`.
    pub distance: &'static str,
    /// `Free beds: {} of {}`.
    pub beds_of: &'static str,
    /// `Free beds: {}`.
    pub beds: &'static str,
    /// `Public holidays may differ`.
    pub holidays_differ: &'static str,
    /// `Scan to call`.
    pub scan: &'static str,
    /// `Every day`.
    pub every_day: &'static str,
    /// `Crisis` (the short label on a card).
    pub crisis_short: &'static str,
    /// Months, January first, short.
    pub months: [&'static str; 12],
}

const EN: Words = Words {
    lang: Lang::En,
    title: "Referral slip",
    discreet_title: "Contacts",
    cards_title: "Resource cards",
    demo: "DEMO DATA: these services are fictional. Do not use them for real referrals.",
    demo_short: "DEMO: fictional",
    code: "Referral code",
    person: "For",
    pathway: "Pathway",
    offers: "Offers",
    phone: "Phone",
    notes: "At intake",
    alert: "Alert",
    verified: "Checked",
    never_verified: "Not checked",
    crisis: "Crisis lines, any time",
    status: Phrases {
        open_now: "Open now",
        open_until: "Open now until {}",
        closes_in: "Open now, closes in {} min",
        closed_now: "Closed now",
        opens: "Closed now, opens {}",
        open_end: "Open since {}, closing time not stated — call first",
        unknown: "Hours unknown — call first",
        unclear: "Hours unclear — call first",
        noted: "Call first — {}",
        call_first: "call first",
        all_day: "open all day",
        closed: "closed",
        midnight: "midnight",
        from_open_end: "from {}, closing time not stated (call first)",
        dash: "–",
        weekdays: ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"],
        unbroken: true,
    },
    distance_from: "{} from {}",
    distance: "{} away",
    beds_of: "Free beds: {} of {}",
    beds: "Free beds: {}",
    holidays_differ: "Public holidays may differ",
    scan: "Scan to call",
    every_day: "Every day",
    crisis_short: "Crisis",
    months: [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ],
};

const ES: Words = Words {
    lang: Lang::Es,
    title: "Hoja de derivación",
    discreet_title: "Contactos",
    cards_title: "Tarjetas de recursos",
    demo:
        "DATOS DE DEMOSTRACIÓN: estos servicios son ficticios. No los use para derivaciones reales.",
    demo_short: "DEMO: ficticio",
    code: "Código de derivación",
    person: "Para",
    pathway: "Vía",
    offers: "Ofrece",
    phone: "Teléfono",
    notes: "Al llegar",
    alert: "Aviso",
    verified: "Verificado",
    never_verified: "Sin verificar",
    crisis: "Líneas de crisis, a cualquier hora",
    status: Phrases {
        open_now: "Abierto ahora",
        open_until: "Abierto ahora hasta {}",
        closes_in: "Abierto ahora, cierra en {} min",
        closed_now: "Cerrado ahora",
        opens: "Cerrado ahora, abre {}",
        open_end: "Abierto desde {}, sin hora de cierre indicada — llame antes",
        unknown: "Horario desconocido — llame antes",
        unclear: "Horario poco claro — llame antes",
        noted: "Llame antes — {}",
        call_first: "llame antes",
        all_day: "abierto todo el día",
        closed: "cerrado",
        midnight: "medianoche",
        from_open_end: "desde {}, sin hora de cierre indicada (llame antes)",
        dash: "–",
        weekdays: ["lun", "mar", "mié", "jue", "vie", "sáb", "dom"],
        unbroken: true,
    },
    distance_from: "a {} de {}",
    distance: "a {}",
    beds_of: "Camas libres: {} de {}",
    beds: "Camas libres: {}",
    holidays_differ: "El horario puede cambiar en días festivos",
    scan: "Escanee para llamar",
    every_day: "Todos los días",
    crisis_short: "Crisis",
    months: [
        "ene", "feb", "mar", "abr", "may", "jun", "jul", "ago", "sep", "oct", "nov", "dic",
    ],
};

pub use crate::wrap::{unbroken, NBSP};

impl Words {
    /// A weekday's short name.
    pub fn weekday(&self, day: Weekday) -> &'static str {
        self.status.weekday(day)
    }

    /// A date: `Sat 28 Nov 2026`, `sáb 28 nov 2026`.
    pub fn date(&self, date: NaiveDate) -> String {
        format!(
            "{}\u{a0}{}\u{a0}{}\u{a0}{}",
            self.weekday(date.weekday()),
            date.day(),
            self.months[date.month0() as usize],
            date.year()
        )
    }

    /// A date without the year: `Sat 28 Nov`.
    pub fn day(&self, date: NaiveDate) -> String {
        format!(
            "{}\u{a0}{}\u{a0}{}",
            self.weekday(date.weekday()),
            date.day(),
            self.months[date.month0() as usize]
        )
    }

    /// A date and time: `Sat 28 Nov 2026, 2:00 AM`.
    pub fn date_time(&self, t: &DateTime<Tz>, clock: Clock) -> String {
        format!(
            "{}, {}",
            self.date(t.date_naive()),
            unbroken(&time_of_day(t, clock))
        )
    }

    /// The name of a built-in category in this language, when it has one
    /// here.
    pub fn category(&self, id: &str) -> Option<&'static str> {
        // The language, never the address: a `const` has no unique
        // address, and a release build once gave English slips these
        // Spanish names.
        if self.lang == Lang::En {
            return None;
        }
        let name = match id {
            "treatment" => "Tratamiento",
            "withdrawal-management" => "Desintoxicación (manejo de la abstinencia)",
            "moud" => "Medicamentos para el trastorno por consumo de opioides",
            "methadone" => "Metadona",
            "buprenorphine" => "Buprenorfina",
            "naltrexone" => "Naltrexona",
            "residential-treatment" => "Tratamiento residencial",
            "outpatient-treatment" => "Tratamiento ambulatorio",
            "sobering-center" => "Centro de sobriedad",
            "harm-reduction" => "Reducción de daños",
            "syringe-services" => "Servicios de jeringas",
            "naloxone" => "Naloxona",
            "drug-checking" => "Análisis de sustancias",
            "supervised-consumption" => "Consumo supervisado",
            "recovery" => "Apoyo a la recuperación",
            "recovery-community" => "Centro comunitario de recuperación",
            "peer-support" => "Apoyo entre pares",
            "recovery-housing" => "Vivienda de recuperación",
            "mutual-aid" => "Grupos de ayuda mutua",
            "crisis" => "Crisis",
            "crisis-line" => "Línea de crisis",
            "crisis-stabilization" => "Estabilización de crisis",
            "mobile-crisis" => "Equipo móvil de crisis",
            "support" => "Otro apoyo",
            "mental-health" => "Salud mental",
            "shelter" => "Albergue",
            "medical" => "Atención médica",
            "infectious-disease" => "Pruebas y atención de VIH y hepatitis",
            "case-management" => "Gestión de casos",
            "family-support" => "Apoyo familiar",
            "basic-needs" => "Necesidades básicas",
            "food" => "Comida",
            "clothing" => "Ropa",
            "hygiene" => "Duchas e higiene",
            _ => return None,
        };
        Some(name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_fall_back_to_english() {
        assert_eq!(Lang::from_code("ES-mx"), Some(Lang::Es));
        assert_eq!(Lang::from_code("fr"), None);
        assert_eq!(Lang::pick([Some("fr"), Some("es")]), (Lang::Es, Some("fr")));
        assert_eq!(Lang::pick([None, Some("es")]), (Lang::Es, None));
        assert_eq!(Lang::pick([None, None]), (Lang::En, None));
        assert_eq!(Lang::pick([Some("de")]), (Lang::En, Some("de")));
    }

    #[test]
    fn phrases_are_filled_in_order() {
        assert_eq!(fill("{} from {}", &["1 km", "HQ"]), "1 km from HQ");
        assert_eq!(fill("a {} de {}", &["1 km"]), "a 1 km de ");
    }

    #[test]
    fn every_built_in_category_has_a_spanish_name() {
        for category in crate::taxonomy::Taxonomy::built_in().categories() {
            assert!(
                Lang::Es.words().category(&category.id).is_some(),
                "{}",
                category.id
            );
        }
        assert_eq!(Lang::En.words().category("shelter"), None);
    }
}
