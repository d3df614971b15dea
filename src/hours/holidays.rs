//! Public-holiday calendars used when an expression mentions `PH`.
//!
//! A calendar is a country's public holidays, taken from the database that
//! ships inside the `opening-hours` crate (about 120 countries, 2000–2076),
//! plus any extra local dates that the directory lists.

use std::sync::Arc;

use chrono::{Datelike, NaiveDate, Weekday};
use compact_calendar::CompactCalendar;
use opening_hours::localization::Country;

/// Every ISO 3166-1 alpha-2 code, sorted, so that a code can be checked
/// without a country having holiday data.
const ISO_3166_ALPHA2: &str = "AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ \
BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS BT BV BW BY BZ \
CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ \
DE DJ DK DM DO DZ EC EE EG EH ER ES ET FI FJ FK FM FO FR \
GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY \
HK HM HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM JO JP \
KE KG KH KI KM KN KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY \
MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR MS MT MU MV MW MX MY MZ \
NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM PN PR PS PT PW PY \
QA RE RO RS RU RW SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ \
TC TD TF TG TH TJ TK TL TM TN TO TR TT TV TW TZ UA UG UM US UY UZ \
VA VC VE VG VI VN VU WF WS YE YT ZA ZM ZW";

/// Public holidays for evaluation: a country's calendar (from the
/// opening-hours crate's database) plus extra local dates from the directory.
#[derive(Debug, Clone)]
pub struct HolidayCalendar {
    /// The country's days merged with the extra dates; shared, so cloning a
    /// calendar for each evaluation costs nothing.
    days: Arc<CompactCalendar>,
    /// Whether the country is the United States, whose holidays deflect
    /// can name.
    united_states: bool,
}

impl HolidayCalendar {
    /// A calendar of `country`'s public holidays plus `extra` dates.
    ///
    /// An unknown or absent country gives a calendar of only `extra`.
    pub fn new(country: Option<&str>, extra: &[NaiveDate]) -> Self {
        let mut days = country
            .and_then(|code| code.trim().to_ascii_uppercase().parse::<Country>().ok())
            .map(|c| c.holidays().get_public().clone())
            .unwrap_or_default();
        for date in extra {
            days.insert(*date);
        }
        Self {
            days: Arc::new(days),
            united_states: country.is_some_and(|c| c.trim().eq_ignore_ascii_case("US")),
        }
    }

    /// Decodes the holiday database that comes with the `opening-hours`
    /// crate, which it does whole (every country) on first use: about 10 ms
    /// that `find` and `validate` spend on a thread of their own while they
    /// read the directory, instead of after.
    pub fn warm_up() {
        let _ = Country::US.holidays();
    }

    /// A calendar without any holiday: `PH` never matches.
    pub fn none() -> Self {
        Self {
            days: Arc::default(),
            united_states: false,
        }
    }

    /// Whether `code` is an ISO 3166-1 alpha-2 code, written in upper case
    /// (e.g. `"US"`).
    pub fn is_country_code(code: &str) -> bool {
        code.len() == 2
            && code.bytes().all(|b| b.is_ascii_uppercase())
            && ISO_3166_ALPHA2.split(' ').any(|c| c == code)
    }

    /// Whether deflect knows the public holidays of the country `code`
    /// (e.g. `"US"` yes, `"LB"` no).
    pub fn country_has_calendar(code: &str) -> bool {
        Self::is_country_code(code)
            && code
                .parse::<Country>()
                .map(|c| c.holidays().get_public().count() > 0)
                .unwrap_or(false)
    }

    /// Whether `date` is a public holiday in this calendar.
    pub fn contains(&self, date: NaiveDate) -> bool {
        self.days.contains(date)
    }

    /// The name of the public holiday on `date`, when it is one: the
    /// federal holidays of the United States by name (`Thanksgiving Day`,
    /// `Independence Day (observed)`), any other holiday (another country's,
    /// or a date the directory lists) as `public holiday`.
    pub fn holiday_name(&self, date: NaiveDate) -> Option<String> {
        if !self.contains(date) {
            return None;
        }
        let named = if self.united_states {
            us_federal_holiday(date)
        } else {
            None
        };
        Some(named.unwrap_or_else(|| "public holiday".to_string()))
    }

    /// Whether this calendar has no holiday at all.
    pub fn is_empty(&self) -> bool {
        self.days.count() == 0
    }
}

impl Default for HolidayCalendar {
    fn default() -> Self {
        Self::none()
    }
}

/// The `n`th `weekday` of a month (from 1), or its last (`n` = 0).
fn nth_weekday(year: i32, month: u32, weekday: Weekday, n: u8) -> Option<NaiveDate> {
    if n > 0 {
        return NaiveDate::from_weekday_of_month_opt(year, month, weekday, n);
    }
    (1..=5)
        .rev()
        .find_map(|k| NaiveDate::from_weekday_of_month_opt(year, month, weekday, k))
}

/// The federal holiday of the United States on `date` (5 U.S.C. 6103),
/// with "(observed)" on the Friday before or the Monday after one that
/// falls on a weekend.
fn us_federal_holiday(date: NaiveDate) -> Option<String> {
    let year = date.year();
    let fixed: [(u32, u32, &str); 5] = [
        (1, 1, "New Year's Day"),
        (6, 19, "Juneteenth National Independence Day"),
        (7, 4, "Independence Day"),
        (11, 11, "Veterans Day"),
        (12, 25, "Christmas Day"),
    ];
    // This year's, and next year's New Year's Day observed on Dec 31.
    for (y, (month, day, name)) in fixed
        .iter()
        .map(|f| (year, *f))
        .chain([(year + 1, fixed[0])])
    {
        let Some(actual) = NaiveDate::from_ymd_opt(y, month, day) else {
            continue;
        };
        if month == 6 && y < 2021 {
            continue;
        }
        if actual == date {
            return Some(name.to_string());
        }
        let observed = match actual.weekday() {
            Weekday::Sat => actual.pred_opt(),
            Weekday::Sun => actual.succ_opt(),
            _ => None,
        };
        if observed == Some(date) {
            return Some(format!("{name} (observed)"));
        }
    }
    let by_weekday: [(u32, Weekday, u8, &str); 6] = [
        (1, Weekday::Mon, 3, "Martin Luther King Jr. Day"),
        (2, Weekday::Mon, 3, "Washington's Birthday"),
        (5, Weekday::Mon, 0, "Memorial Day"),
        (9, Weekday::Mon, 1, "Labor Day"),
        (10, Weekday::Mon, 2, "Columbus Day"),
        (11, Weekday::Thu, 4, "Thanksgiving Day"),
    ];
    by_weekday
        .iter()
        .find(|(month, weekday, n, _)| nth_weekday(year, *month, *weekday, *n) == Some(date))
        .map(|(.., name)| name.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).expect("valid test date")
    }

    #[test]
    fn iso_codes_cover_the_crate_countries() {
        assert_eq!(ISO_3166_ALPHA2.split(' ').count(), 249);
        let mut codes: Vec<&str> = ISO_3166_ALPHA2.split(' ').collect();
        codes.sort_unstable();
        codes.dedup();
        assert_eq!(codes.len(), 249);
        let known = codes
            .iter()
            .filter(|c| c.parse::<Country>().is_ok())
            .count();
        assert!(known >= 100, "only {known} countries parsed");
    }

    #[test]
    fn country_codes() {
        assert!(HolidayCalendar::is_country_code("US"));
        assert!(HolidayCalendar::is_country_code("LB"));
        assert!(!HolidayCalendar::is_country_code("us"));
        assert!(!HolidayCalendar::is_country_code("XX"));
        assert!(!HolidayCalendar::is_country_code("USA"));
        assert!(HolidayCalendar::country_has_calendar("US"));
        assert!(HolidayCalendar::country_has_calendar("DE"));
        assert!(!HolidayCalendar::country_has_calendar("LB"));
        assert!(!HolidayCalendar::country_has_calendar("XX"));
    }

    #[test]
    fn us_calendar_and_extra_dates() {
        let cal = HolidayCalendar::new(Some("US"), &[d(2026, 3, 17)]);
        assert!(cal.contains(d(2026, 11, 26)), "Thanksgiving 2026");
        assert!(cal.contains(d(2026, 12, 25)));
        // 2026-07-04 is a Saturday: the crate's data holds the observed Friday.
        assert!(cal.contains(d(2026, 7, 3)));
        assert!(cal.contains(d(2026, 3, 17)), "extra date");
        assert!(!cal.contains(d(2026, 3, 18)));
        let only_extra = HolidayCalendar::new(Some("LB"), &[d(2026, 3, 17)]);
        assert!(only_extra.contains(d(2026, 3, 17)));
        assert!(!only_extra.contains(d(2026, 12, 25)));
        assert!(HolidayCalendar::none().is_empty());
        assert_eq!(
            cal.holiday_name(d(2026, 11, 26)).as_deref(),
            Some("Thanksgiving Day")
        );
        assert_eq!(
            cal.holiday_name(d(2026, 7, 3)).as_deref(),
            Some("Independence Day (observed)")
        );
        assert_eq!(
            cal.holiday_name(d(2026, 3, 17)).as_deref(),
            Some("public holiday")
        );
        assert_eq!(cal.holiday_name(d(2026, 11, 25)), None);
        assert_eq!(
            only_extra.holiday_name(d(2026, 3, 17)).as_deref(),
            Some("public holiday")
        );
        assert!(!HolidayCalendar::none().contains(d(2026, 12, 25)));
    }

    #[test]
    fn every_us_holiday_in_the_calendar_has_its_name() {
        let cal = HolidayCalendar::new(Some("US"), &[]);
        let mut day = d(2020, 1, 1);
        let mut unnamed = Vec::new();
        while day < d(2031, 1, 1) {
            if cal.contains(day) && us_federal_holiday(day).is_none() {
                unnamed.push(day);
            }
            day = day.succ_opt().unwrap();
        }
        assert!(unnamed.is_empty(), "{unnamed:?}");
        assert_eq!(
            us_federal_holiday(d(2021, 12, 31)).as_deref(),
            Some("New Year's Day (observed)")
        );
        assert_eq!(
            us_federal_holiday(d(2026, 5, 25)).as_deref(),
            Some("Memorial Day")
        );
        assert_eq!(us_federal_holiday(d(2020, 6, 19)), None);
    }
}
