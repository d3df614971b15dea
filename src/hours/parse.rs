//! Reads an expression into the syntax tree, tolerating the forms people
//! write ("Mon-Fri 9am-5pm", "10-12", en dashes, weekday names in several
//! languages) and refusing what is truly ambiguous ("9-5").
//!
//! Every tolerated form is recorded as a warning; the canonical rendering of
//! the tree is strict OSM `opening_hours` syntax.

use super::ast::*;
use super::lexer::{lex, Tok, Token};
use super::rewrite::{Change, ChangeKind};
use super::HoursError;

/// The result of reading an expression.
pub(crate) struct Parsed {
    pub expr: Expr,
    /// What was tolerated, in the order it was read.
    pub warnings: Vec<Change>,
}

/// What follows a date: its end and step, or `+` (from it on).
struct RangeEnd {
    to: Option<DateSpec>,
    period: Option<u32>,
    onward: bool,
}

/// How to read an ambiguous bare-hour range such as `9-5`.
#[derive(Clone, Copy, PartialEq)]
enum Ambiguity {
    Refuse,
    Afternoon,
    Overnight,
}

/// Read `text`.
pub(crate) fn parse(text: &str) -> Result<Parsed, HoursError> {
    match parse_with(text, Ambiguity::Refuse) {
        Err(mut e) if e.message.starts_with(AMBIGUOUS) => {
            let readings = [Ambiguity::Afternoon, Ambiguity::Overnight]
                .iter()
                .filter_map(|a| parse_with(text, *a).ok())
                .map(|p| p.expr.to_string())
                .collect();
            e.readings = readings;
            Err(e)
        }
        other => other,
    }
}

const AMBIGUOUS: &str = "ambiguous hours";

/// What a `24/7` among other selectors is written as.
const WHOLE_DAY: &str = "\"24/7\" with other selectors was written as their whole day, 00:00-24:00";

fn parse_with(text: &str, amb: Ambiguity) -> Result<Parsed, HoursError> {
    let toks = lex(text).map_err(|(m, at)| HoursError::new(m, Some(at)))?;
    if toks.is_empty() {
        return Err(HoursError::new(
            "the hours are empty; write e.g. \"Mo-Fr 09:00-17:00\" or \"24/7\"",
            Some(0),
        ));
    }
    let len = text.chars().count();
    let src: Vec<char> = text.chars().collect();
    let mut p = P {
        t: &toks,
        pos: 0,
        warnings: Vec::new(),
        amb,
        len,
        src,
    };
    let expr = p.expr()?;
    Ok(Parsed {
        expr,
        warnings: p.warnings,
    })
}

/// What a word means.
#[derive(Debug, Clone, PartialEq)]
enum W {
    Weekday(u32),
    Month(u32),
    State(Kind),
    Event(Event),
    Easter,
    Week,
    Day,
    Always,
    EveryDay,
    Every,
    Weekend,
    Workdays,
    Public,
    School,
    Holiday,
    SchoolHoliday,
    To,
    And,
    Late,
    OpenEnd,
    Midnight,
    Noon,
    Hours,
    Uhr,
    Before,
    After,
    One,
    End,
    Label,
    Unknown,
}

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

fn classify(w: &str) -> W {
    if let Some(d) = weekday_word(w) {
        return W::Weekday(d);
    }
    // German plurals: "montags", "sonntags".
    if let Some(d) = w
        .strip_suffix('s')
        .filter(|s| s.len() > 5)
        .and_then(weekday_word)
    {
        return W::Weekday(d);
    }
    if let Some(m) = month_word(w) {
        return W::Month(m);
    }
    match w {
        "open" | "geöffnet" | "geoeffnet" | "abierto" | "ouvert" | "aperto" | "aberto" => {
            W::State(Kind::Open)
        }
        "closed" | "off" | "geschlossen" | "geschl" | "cerrado" | "fermé" | "ferme" | "chiuso"
        | "fechado" => W::State(Kind::Closed),
        "unknown" => W::State(Kind::Unknown),
        "sunrise" => W::Event(Event::Sunrise),
        "sunset" => W::Event(Event::Sunset),
        "dawn" => W::Event(Event::Dawn),
        "dusk" => W::Event(Event::Dusk),
        "easter" => W::Easter,
        "week" => W::Week,
        "day" | "days" => W::Day,
        "always" | "nonstop" | "anytime" => W::Always,
        "daily" | "everyday" | "täglich" | "taeglich" | "tous" | "todos" | "tutti" => W::EveryDay,
        "every" | "all" => W::Every,
        "weekend" | "weekends" | "wochenende" => W::Weekend,
        "weekdays" | "workdays" | "werktags" => W::Workdays,
        "ph" => W::Holiday,
        "sh" => W::SchoolHoliday,
        "public" => W::Public,
        "school" => W::School,
        "holiday" | "holidays" | "feiertag" | "feiertage" | "feiertags" => W::Holiday,
        "schoolholiday" | "schoolholidays" | "schulferien" | "ferien" => W::SchoolHoliday,
        "to" | "till" | "til" | "until" | "through" | "thru" | "bis" | "a" | "à" | "á" | "ás"
        | "às" | "as" | "ate" | "até" | "al" | "au" | "до" => W::To,
        "and" | "und" | "y" | "et" | "e" => W::And,
        "late" => W::Late,
        "openend" => W::OpenEnd,
        "midnight" | "mitternacht" => W::Midnight,
        "noon" | "midday" => W::Noon,
        "hours" | "hour" | "h" | "hrs" | "std" | "stunden" => W::Hours,
        "uhr" => W::Uhr,
        "opening_hours" | "öffnungszeit" | "öffnungszeiten" => W::Label,
        "before" => W::Before,
        "after" => W::After,
        "one" => W::One,
        "end" => W::End,
        _ => W::Unknown,
    }
}

struct P<'a> {
    t: &'a [Token],
    pos: usize,
    warnings: Vec<Change>,
    amb: Ambiguity,
    len: usize,
    src: Vec<char>,
}

type R<T> = Result<T, HoursError>;

impl<'a> P<'a> {
    fn peek(&self, k: usize) -> Option<&'a Tok> {
        self.t.get(self.pos + k).map(|t| &t.tok)
    }
    fn word(&self, k: usize) -> Option<W> {
        match self.peek(k) {
            Some(Tok::Word(w)) => Some(classify(w)),
            _ => None,
        }
    }
    fn at(&self) -> usize {
        self.t.get(self.pos).map_or(self.len, |t| t.at)
    }
    /// The current token exactly as written.
    fn raw(&self) -> String {
        self.t
            .get(self.pos)
            .and_then(|t| self.src.get(t.at..t.end))
            .map(|cs| cs.iter().collect())
            .unwrap_or_default()
    }
    fn bump(&mut self) {
        self.pos += 1;
    }
    fn err<T>(&self, msg: impl Into<String>) -> R<T> {
        Err(HoursError::new(msg, Some(self.at())))
    }
    /// Records what was read, once, with the kind of change its canonical
    /// form makes.
    fn note(&mut self, kind: ChangeKind, msg: impl Into<String>) {
        let text = msg.into();
        if !self.warnings.iter().any(|c| c.text == text) {
            self.warnings.push(Change { kind, text });
        }
    }
    /// A spelling read (`Mon`, `9am`, an en dash): only how it is written.
    fn spelling(&mut self, msg: impl Into<String>) {
        self.note(ChangeKind::Spelling, msg);
    }
    /// A form strict syntax lacks, read in its one meaning (`daily`, `late`).
    fn tolerated(&mut self, msg: impl Into<String>) {
        self.note(ChangeKind::Tolerated, msg);
    }
    /// Something left implicit that the canonical form writes out (`9` as
    /// `09:00`).
    fn added(&mut self, msg: impl Into<String>) {
        self.note(ChangeKind::AddedDefault, msg);
    }
    fn near(&self) -> String {
        match self.t.get(self.pos) {
            None => "the end".into(),
            Some(t) => format!("\"{}\"", tok_text(&t.tok)),
        }
    }
    fn unexpected<T>(&self, hint: &str) -> R<T> {
        self.err(format!(
            "cannot read {} at character {}; {hint}",
            self.near(),
            self.at() + 1
        ))
    }
    fn is_dash_here(&self) -> bool {
        matches!(self.peek(0), Some(Tok::Dash(_))) || self.word(0) == Some(W::To)
    }
    /// Consume a dash or a word meaning "to".
    fn dash(&mut self) -> bool {
        match self.peek(0) {
            Some(Tok::Dash(fancy)) => {
                if *fancy {
                    self.spelling("a dash other than \"-\" was read as \"-\"");
                }
                self.bump();
                true
            }
            Some(Tok::Word(w)) if classify(w) == W::To => {
                self.spelling(format!("\"{w}\" was read as \"-\""));
                self.bump();
                true
            }
            _ => false,
        }
    }

    fn expr(&mut self) -> R<Expr> {
        // "opening_hours = ...", "Öffnungszeiten: ...": a label before the value.
        if self.word(0) == Some(W::Label) {
            self.spelling("a label before the hours was dropped");
            self.bump();
            if matches!(self.peek(0), Some(Tok::Colon | Tok::Other('='))) {
                self.bump();
            }
        }
        let mut rules: Vec<Rule> = Vec::new();
        let mut op = Op::Normal;
        loop {
            let start = self.pos;
            let rule = self.rule(op)?;
            let at_end = self.pos >= self.t.len();
            if rule.is_empty() {
                if self.pos == start && !at_end && !matches!(self.peek(0), Some(Tok::Semi)) {
                    return self
                        .unexpected("write hours like \"Mo-Fr 09:00-17:00; Sa 10:00-14:00\"");
                }
                if rules.is_empty() || op == Op::Fallback {
                    return self.unexpected("a rule is missing here");
                }
                self.spelling("an empty rule (a separator with nothing after it) was dropped");
            } else {
                self.push_rule(&mut rules, rule, start)?;
            }
            match self.peek(0) {
                None => break,
                Some(Tok::Semi) => op = Op::Normal,
                Some(Tok::Fallback) => op = Op::Fallback,
                Some(Tok::Word(w))
                    if classify(w) == W::And
                        && rules
                            .last()
                            .is_some_and(|r| !r.times.is_empty() || r.kind.is_some()) =>
                {
                    self.spelling(format!("\"{w}\" between rules was read as \",\""));
                    op = Op::Additional
                }
                Some(Tok::Comma) => {
                    let closes = rules.last().is_some_and(|r| {
                        r.always || !r.times.is_empty() || r.kind.is_some() || r.comment.is_some()
                    });
                    if !closes {
                        return self.unexpected(
                            "after days or dates a comma must be followed by another of the same kind; separate rules with \";\"",
                        );
                    }
                    op = Op::Additional
                }
                Some(_) => {
                    return self.unexpected(
                        "separate rules with \";\" and write hours like \"Mo-Fr 09:00-17:00\"",
                    )
                }
            }
            self.bump();
        }
        if rules.is_empty() {
            return Err(HoursError::new(
                "the hours say nothing; write e.g. \"24/7\"",
                Some(0),
            ));
        }
        Ok(Expr { rules })
    }

    /// Adds `rule`, read from token `start` on, to `rules`.
    ///
    /// An additional rule that is only times, after a rule that ends with its
    /// times, continues that rule's list: `Fr 02:00+, 05:00+` is one list of
    /// times in strict syntax, so a tolerated form that reached the same
    /// tokens another way (times before the day, say) must mean the same, and
    /// its canonical form must read back as itself. Times without a state
    /// are open, so `a, open b` is one open list too; but `a open, b` is
    /// two rules, as the state ends the first.
    ///
    /// A state or comment written before such times (`Mo-Fr 09:00-17:00,
    /// closed 12:00-13:00`) governs the times after it, not the whole list:
    /// the times become a rule of their own for the days of the list
    /// (`Mo-Fr 09:00-17:00, Mo-Fr 12:00-13:00 closed`), since written after
    /// the list's times the state would be the list's. Where an earlier rule
    /// is open on other days, "the days of the list" and "every day" differ,
    /// and a wrong guess could show a closed door as open: refused. Found by
    /// fuzzing.
    fn push_rule(&mut self, rules: &mut Vec<Rule>, mut rule: Rule, start: usize) -> R<()> {
        let only_times = rule.op == Op::Additional
            && !rule.times.is_empty()
            && !rule.always
            && !rule.has_date_selector();
        let earlier = rules.len().saturating_sub(1);
        let Some(previous) = rules.last_mut().filter(|_| only_times) else {
            rules.push(rule);
            return Ok(());
        };
        let open_list = !previous.times.is_empty() && previous.comment.is_none();
        // A state written after the list's times ends the rule: in strict
        // syntax `Mo 10:00-12:00 open, 13:00-14:00` is two rules, the
        // second for every day, as opening_hours.js reads it.
        if open_list
            && previous.kind.is_none()
            && matches!(rule.kind, None | Some(Kind::Open))
            && rule.comment.is_none()
        {
            previous.times.append(&mut rule.times);
            previous.kind = previous.kind.or(rule.kind);
            return Ok(());
        }
        // Only a list that ends with its times would take these times in.
        if !(open_list && previous.kind.is_none()) {
            rules.push(rule);
            return Ok(());
        }
        if !previous.has_date_selector() {
            // Every day either way; "open" ends the list in the canonical form.
            previous.kind = Some(Kind::Open);
        } else {
            let mut own = rule.clone();
            own.years = previous.years.clone();
            own.monthdays = previous.monthdays.clone();
            own.weeks = previous.weeks.clone();
            own.wide_colon = previous.wide_colon;
            own.days = previous.days.clone();
            own.holidays_and = previous.holidays_and.clone();
            if rules[..earlier]
                .iter()
                .any(|r| r.effective_kind() != Kind::Closed)
            {
                let at = self.t.get(start).map_or(self.len, |t| t.at);
                return Err(HoursError::new(
                    format!(
                        "cannot tell which days the rule at character {} is for: write them before its times, e.g. \"{own}\", or start a rule with \";\" for every day",
                        at + 1
                    ),
                    Some(at),
                ));
            }
            rule = own;
        }
        self.tolerated(
            "a state or comment after a comma between times was read for the times after it",
        );
        rules.push(rule);
        Ok(())
    }

    /// Whether the tokens here begin a time (`10:00`, `9am`, `10-12`, `sunrise`).
    fn starts_time(&self) -> bool {
        match (self.peek(0), self.peek(1)) {
            (Some(Tok::Num(..)), Some(Tok::Colon | Tok::AmPm(_) | Tok::Plus)) => true,
            (Some(Tok::Num(..)), Some(Tok::Dot)) => matches!(self.peek(2), Some(Tok::Num(_, 2))),
            (Some(Tok::Num(..)), Some(Tok::Word(w))) => {
                matches!(classify(w), W::Uhr | W::To | W::Hours)
                    && !(matches!(self.peek(0), Some(Tok::Num(24, _))) && classify(w) == W::Hours)
            }
            (Some(Tok::Num(..)), Some(Tok::Dash(_))) => matches!(self.peek(2), Some(Tok::Num(..))),
            (Some(Tok::LParen), _) => true,
            (Some(Tok::Word(w)), _) => {
                matches!(classify(w), W::Event(_) | W::Midnight | W::Noon)
            }
            _ => false,
        }
    }

    fn starts_day(&self) -> bool {
        match self.word(0) {
            Some(W::Weekday(_) | W::Weekend | W::Workdays | W::EveryDay | W::Holiday) => true,
            Some(W::SchoolHoliday | W::Public | W::School) => true,
            Some(W::Every) => self.word(1) == Some(W::Day),
            Some(W::Day) => matches!(self.word(1), Some(W::Before | W::After)),
            Some(W::One) => {
                self.word(1) == Some(W::Day) && matches!(self.word(2), Some(W::Before | W::After))
            }
            _ => false,
        }
    }

    fn starts_year(&self) -> bool {
        matches!(self.peek(0), Some(Tok::Num(y, 4)) if *y >= 1900)
            && !matches!(self.peek(1), Some(Tok::Colon))
    }

    fn rule(&mut self, op: Op) -> R<Rule> {
        let mut r = Rule::new(op);
        // A closed or unknown state written after times, and where: times
        // after it too would leave unclear which of them it is for.
        let mut state_after_times: Option<(String, usize)> = None;
        loop {
            if self.starts_year() {
                if matches!(self.word(1), Some(W::Month(_) | W::Easter)) {
                    let list = self.monthday_list()?;
                    r.monthdays.push(list);
                } else {
                    self.year_list(&mut r)?;
                }
                continue;
            }
            match self.word(0) {
                Some(W::Month(_) | W::Easter) => {
                    let list = self.monthday_list()?;
                    r.monthdays.push(list);
                    continue;
                }
                Some(W::Week) => {
                    self.week_list(&mut r)?;
                    continue;
                }
                _ => {}
            }
            if self.always_form(&mut r)? {
                continue;
            }
            if self.starts_day() {
                if !r.days.is_empty() || !r.holidays_and.is_empty() {
                    return self.unexpected("list days with commas, e.g. \"Mo,We,Fr\"");
                }
                self.day_list(&mut r)?;
                continue;
            }
            if self.starts_time() {
                if let Some((written, at)) = state_after_times {
                    // "Mo-Fr 9-17 closed 12-13": closed after the times
                    // before it, as in strict syntax, or before the times
                    // after it, as in speech? Either guess is wrong hours.
                    return Err(HoursError::new(
                        format!(
                            "\"{written}\" between times at character {} is unclear: write it after the times it is for and separate the others with \",\", e.g. \"Mo-Fr 09:00-17:00, Mo-Fr 12:00-13:00 closed\"",
                            at + 1
                        ),
                        Some(at),
                    ));
                }
                if !r.times.is_empty() {
                    self.spelling("times were not separated by commas");
                }
                self.time_list(&mut r)?;
                continue;
            }
            match self.peek(0) {
                Some(Tok::Word(w)) => match classify(w) {
                    W::State(k) => {
                        if r.kind.is_some() {
                            return self.unexpected("write one state per rule");
                        }
                        let written = self.raw();
                        if !matches!(written.as_str(), "open" | "closed" | "off" | "unknown") {
                            self.spelling(format!("\"{written}\" was read as a state"));
                        }
                        if k != Kind::Open && !r.times.is_empty() {
                            state_after_times = Some((written.clone(), self.at()));
                        }
                        r.kind = Some(k);
                        r.off = written == "off";
                        self.bump();
                        if matches!(self.peek(0), Some(Tok::Dot)) {
                            self.spelling("a dot after a state was dropped");
                            self.bump();
                        }
                        // "open on appointment": words after the state are a comment.
                        let mut words = Vec::new();
                        while let Some(Tok::Word(w)) = self.peek(0) {
                            if classify(w) != W::Unknown {
                                break;
                            }
                            words.push(self.raw().replace('_', " "));
                            self.bump();
                        }
                        if !words.is_empty() && r.comment.is_none() {
                            self.tolerated("words after the state were read as a comment");
                            r.comment = Some(words.join(" "));
                        }
                        continue;
                    }
                    W::Uhr => {
                        self.spelling("\"Uhr\" was dropped");
                        self.bump();
                        continue;
                    }
                    _ => {}
                },
                Some(Tok::Comment(c)) => {
                    if r.comment.is_some() {
                        return self.unexpected("write one comment per rule");
                    }
                    r.comment = Some(c.clone());
                    self.bump();
                    continue;
                }
                Some(Tok::Colon) => {
                    let wide =
                        !r.years.is_empty() || !r.monthdays.is_empty() || !r.weeks.is_empty();
                    let small = r.always || !r.days.is_empty() || !r.times.is_empty();
                    if r.is_empty() {
                        return self.unexpected("a selector is missing before \":\"");
                    }
                    if wide && !small && r.kind.is_none() && r.comment.is_none() {
                        r.wide_colon = true;
                    } else {
                        self.spelling("a \":\" after days or a state was dropped");
                    }
                    self.bump();
                    continue;
                }
                _ => {}
            }
            break;
        }
        // "24/7" read before other selectors or times: with times it adds
        // nothing, with other selectors it means their whole day. Said so in
        // the tree, as the canonical form says it, so that the rule reads
        // back the same (kept apart by "always", "Jun 07:00+, 24/7
        // 10:00-12:00" rendered as one list of times; found by fuzzing).
        if r.always && (!r.times.is_empty() || r.has_date_selector()) {
            r.always = false;
            if !r.times.is_empty() {
                self.tolerated("\"24/7\" before times was dropped: the times say when");
            } else {
                self.added(WHOLE_DAY);
                r.times.push(TimeSpan {
                    start: TimePoint::Fixed(0),
                    end: Some(TimePoint::Fixed(24 * 60)),
                    open_end: false,
                });
            }
        }
        Ok(r)
    }

    /// `24/7` and the words people use for it.
    fn always_form(&mut self, r: &mut Rule) -> R<bool> {
        let set_always = |p: &mut Self, r: &mut Rule, msg: Option<&str>| {
            if let Some(m) = msg {
                p.tolerated(m.to_string());
            }
            if r.has_date_selector() || !r.times.is_empty() {
                p.added(WHOLE_DAY);
                r.times.push(TimeSpan {
                    start: TimePoint::Fixed(0),
                    end: Some(TimePoint::Fixed(1440)),
                    open_end: false,
                });
            } else {
                r.always = true;
            }
        };
        match (self.peek(0), self.peek(1), self.peek(2)) {
            (Some(Tok::Num(24, _)), Some(Tok::Slash), Some(Tok::Num(7, _))) => {
                self.pos += 3;
                set_always(self, r, None);
                Ok(true)
            }
            (Some(Tok::Num(24, _)), Some(Tok::Word(x)), Some(Tok::Num(7, _))) if x == "x" => {
                self.pos += 3;
                set_always(self, r, Some("\"24x7\" was read as \"24/7\""));
                Ok(true)
            }
            (Some(Tok::Num(24, _)), Some(Tok::Word(h)), _) if classify(h) == W::Hours => {
                self.pos += 2;
                self.seven_days();
                set_always(
                    self,
                    r,
                    Some("\"24 hours\" was read as \"24/7\" (00:00-24:00)"),
                );
                Ok(true)
            }
            (Some(Tok::Num(7, _)), _, _) if self.seven_days() => {
                self.tolerated("\"7 days a week\" was read as every day");
                r.days.push(DayItem::Weekdays {
                    from: 0,
                    to: 6,
                    nth: Vec::new(),
                    offset: 0,
                });
                Ok(true)
            }
            (Some(Tok::Word(w)), _, _) if classify(w) == W::Always => {
                let w = w.clone();
                self.bump();
                set_always(self, r, Some(&format!("\"{w}\" was read as \"24/7\"")));
                Ok(true)
            }
            (Some(Tok::Word(w)), Some(Tok::Word(d)), _)
                if classify(w) == W::Every && classify(d) == W::Day && w == "all" =>
            {
                // "all day" means all the day long, "all days" every day.
                if d == "day" {
                    self.pos += 2;
                    set_always(self, r, Some("\"all day\" was read as \"24/7\""));
                    Ok(true)
                } else {
                    Ok(false)
                }
            }
            _ => Ok(false),
        }
    }

    /// Consume "7 days a week", "7/7", "7j/7", "7 days/week"; whether it did.
    fn seven_days(&mut self) -> bool {
        let save = self.pos;
        if !matches!(self.peek(0), Some(Tok::Num(7, _))) {
            return false;
        }
        self.bump();
        match self.peek(0) {
            Some(Tok::Slash) if matches!(self.peek(1), Some(Tok::Num(7, _))) => {
                self.pos += 2;
                return true;
            }
            Some(Tok::Word(j))
                if j == "j"
                    && matches!(self.peek(1), Some(Tok::Slash))
                    && matches!(self.peek(2), Some(Tok::Num(7, _))) =>
            {
                self.pos += 3;
                return true;
            }
            Some(Tok::Word(d)) if classify(d) == W::Day => {
                self.bump();
                if matches!(self.peek(0), Some(Tok::Slash))
                    && self.peek(1) == Some(&Tok::Word("week".into()))
                {
                    self.pos += 2;
                    return true;
                }
                if self.word(0) == Some(W::To) && self.word(1) == Some(W::Week) {
                    self.pos += 2;
                    return true;
                }
                if matches!(self.peek(0), Some(Tok::Word(a)) if a == "a")
                    && self.word(1) == Some(W::Week)
                {
                    self.pos += 2;
                    return true;
                }
            }
            _ => {}
        }
        self.pos = save;
        false
    }

    // ---- years

    fn year_list(&mut self, r: &mut Rule) -> R<()> {
        loop {
            let Some(Tok::Num(from, 4)) = self.peek(0).cloned() else {
                return self.unexpected("write a year such as \"2026\"");
            };
            let from = from as i32;
            self.bump();
            let mut yr = YearRange {
                from,
                to: Some(from),
                step: 1,
            };
            if matches!(self.peek(0), Some(Tok::Plus)) {
                self.bump();
                yr.to = None;
            } else if matches!(self.peek(0), Some(Tok::Dash(_))) {
                self.dash();
                let Some(Tok::Num(to, 4)) = self.peek(0).cloned() else {
                    return self.unexpected("a year range needs an end year, e.g. \"2026-2027\"");
                };
                if (to as i32) <= from {
                    return self.unexpected("a year range must go forward, e.g. \"2026-2027\"");
                }
                self.bump();
                yr.to = Some(to as i32);
                if matches!(self.peek(0), Some(Tok::Slash)) {
                    self.bump();
                    yr.step = self.positive("a year step")?;
                }
            } else if matches!(self.peek(0), Some(Tok::Slash)) {
                // "2013/10": every tenth year from 2013.
                self.bump();
                yr.step = self.positive("a year step")?;
                yr.to = None;
            }
            r.years.push(yr);
            if matches!(self.peek(0), Some(Tok::Comma)) && self.starts_year_at(1) {
                self.bump();
                continue;
            }
            return Ok(());
        }
    }

    fn starts_year_at(&self, k: usize) -> bool {
        matches!(self.peek(k), Some(Tok::Num(y, 4)) if *y >= 1900)
    }

    fn positive(&mut self, what: &str) -> R<u32> {
        match self.peek(0) {
            Some(Tok::Num(n, _)) if *n > 0 => {
                let n = *n;
                self.bump();
                Ok(n)
            }
            _ => self.unexpected(&format!("{what} must be a number above 0")),
        }
    }

    // ---- weeks

    fn week_list(&mut self, r: &mut Rule) -> R<()> {
        self.bump(); // "week"
        loop {
            let from = self.week_num()?;
            let mut wr = WeekRange {
                from,
                to: from,
                step: 1,
            };
            if matches!(self.peek(0), Some(Tok::Dash(_))) {
                self.dash();
                let to = self.week_num()?;
                if to < from {
                    return self.unexpected("a week range must go forward, e.g. \"week 10-20\"");
                }
                wr.to = to;
                if matches!(self.peek(0), Some(Tok::Slash)) {
                    self.bump();
                    let step = self.positive("a week step")?;
                    if step > to - from {
                        return self.unexpected("the step is larger than the week range");
                    }
                    if step == 1 {
                        self.spelling("a week step of 1 was dropped");
                    }
                    wr.step = step;
                }
            }
            r.weeks.push(wr);
            if matches!(self.peek(0), Some(Tok::Comma)) {
                if matches!(self.peek(1), Some(Tok::Num(..))) {
                    self.bump();
                    continue;
                }
                if self.word(1) == Some(W::Week) && matches!(self.peek(2), Some(Tok::Num(..))) {
                    self.spelling("a repeated \"week\" was dropped");
                    self.pos += 2;
                    continue;
                }
            }
            return Ok(());
        }
    }

    fn week_num(&mut self) -> R<u32> {
        match self.peek(0) {
            Some(Tok::Num(n, _)) if (1..=53).contains(n) => {
                let n = *n;
                self.bump();
                Ok(n)
            }
            _ => self.unexpected("a week number is from 01 to 53"),
        }
    }

    // ---- months and dates

    fn monthday_list(&mut self) -> R<Vec<MonthdayRange>> {
        let mut list = Vec::new();
        let mut last_month: Option<(Option<i32>, u32)> = None;
        loop {
            // A day continuing the previous month: "Dec 24,25".
            if let (Some((year, month)), Some(Tok::Num(..))) = (last_month, self.peek(0)) {
                if !self.starts_year() {
                    let item = self.date_rest(year, month)?;
                    list.push(item);
                    if self.list_comma_continues_date() {
                        continue;
                    }
                    return Ok(list);
                }
            }
            let year = self.optional_year()?;
            match self.word(0) {
                Some(W::Easter) => {
                    self.bump();
                    let from = DateSpec {
                        year,
                        kind: DateKind::Easter,
                        offset: self.day_offset(200)?,
                    };
                    let RangeEnd { to, period, onward } = self.date_range_end(None)?;
                    list.push(MonthdayRange::Dates {
                        from,
                        to,
                        period,
                        onward,
                    });
                    last_month = None;
                }
                Some(W::Month(m)) => {
                    self.month_word_warn();
                    self.bump();
                    if matches!(self.peek(0), Some(Tok::Dot)) {
                        self.spelling("a dot after a month was dropped");
                        self.bump();
                    }
                    if self.is_day_number_here() || self.is_nth_weekday_here() {
                        let item = self.date_rest(year, m)?;
                        list.push(item);
                        last_month = Some((year, m));
                    } else {
                        let mut to = m;
                        if self.is_dash_here() && matches!(self.word(1), Some(W::Month(_))) {
                            // "Jan-Mar" or "Jan 20-Mar 02"?
                            if !(self.peek(2).is_some_and(|t| matches!(t, Tok::Num(..)))
                                && self.is_day_after_month(2))
                            {
                                self.dash();
                                if let Some(W::Month(m2)) = self.word(0) {
                                    self.month_word_warn();
                                    to = m2;
                                    self.bump();
                                }
                            }
                        }
                        list.push(MonthdayRange::Months { year, from: m, to });
                        last_month = None;
                    }
                }
                _ => return self.unexpected("write a month such as \"Jan\""),
            }
            if self.list_comma_continues_date() {
                continue;
            }
            return Ok(list);
        }
    }

    fn month_word_warn(&mut self) {
        if let Some(Tok::Word(w)) = self.peek(0) {
            let canon = [
                "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
            ];
            if !canon.contains(&self.raw().as_str()) {
                let w = w.clone();
                self.spelling(format!("the month \"{w}\" was read as an OSM month"));
            }
        }
    }

    /// After a comma in a date list: whether the list goes on.
    fn list_comma_continues_date(&mut self) -> bool {
        if !matches!(self.peek(0), Some(Tok::Comma)) {
            return false;
        }
        let next_is_date = matches!(self.word(1), Some(W::Month(_) | W::Easter))
            || (self.starts_year_at(1) && matches!(self.word(2), Some(W::Month(_) | W::Easter)))
            || (matches!(self.peek(1), Some(Tok::Num(n, _)) if (1..=31).contains(n))
                && !matches!(self.peek(2), Some(Tok::Colon | Tok::AmPm(_)))
                && !(matches!(self.peek(2), Some(Tok::Dot))
                    && matches!(self.peek(3), Some(Tok::Num(_, 2)))));
        if next_is_date {
            self.bump();
        }
        next_is_date
    }

    /// Whether the number `k` tokens ahead, after a month, is a day of the
    /// month rather than an hour.
    fn is_day_after_month(&self, k: usize) -> bool {
        match self.peek(k) {
            Some(Tok::Num(n, _)) => {
                if !(1..=31).contains(n) {
                    return false;
                }
                match self.peek(k + 1) {
                    // "Jan 02: 18:00" is a day and a readability colon; "02:18" a time.
                    Some(Tok::Colon) => {
                        !matches!(self.peek(k + 2), Some(Tok::Num(_, 2)))
                            || matches!(self.peek(k + 3), Some(Tok::Colon))
                    }
                    // "Jan 01+" is a date and what follows it (strict
                    // syntax); "Jan 01:00+" a time.
                    Some(Tok::AmPm(_)) => false,
                    Some(Tok::Dot) => !matches!(self.peek(k + 2), Some(Tok::Num(_, 2))),
                    Some(Tok::Word(w)) => !matches!(classify(w), W::Uhr | W::Hours),
                    Some(Tok::Dash(_)) => match self.peek(k + 2) {
                        Some(Tok::Num(y, 4)) if *y >= 1900 => true,
                        Some(Tok::Num(m, _)) => {
                            (1..=31).contains(m)
                                && match self.peek(k + 3) {
                                    // "Jan 11-12: 10:00" is days and a
                                    // readability colon; "Jan 11-12:30" hours.
                                    Some(Tok::Colon) => {
                                        !matches!(self.peek(k + 4), Some(Tok::Num(_, 2)))
                                            || matches!(self.peek(k + 5), Some(Tok::Colon))
                                    }
                                    Some(Tok::AmPm(_)) => false,
                                    _ => true,
                                }
                        }
                        _ => true,
                    },
                    _ => true,
                }
            }
            _ => false,
        }
    }

    fn is_day_number_here(&self) -> bool {
        self.is_day_after_month(0)
    }

    /// Whether a date such as `Su[-1]` (after its month) starts here: one
    /// number in the bracket, and no list of days after it. `Oct We[-1,-2]`
    /// and `Sep Sa[-1],Su` are a month and weekdays, since a date is one day
    /// and no weekday follows a date (found by fuzzing: the canonical forms
    /// of those weekdays after a month were refused).
    fn is_nth_weekday_here(&self) -> bool {
        let k = if matches!(self.peek(2), Some(Tok::Dash(_))) {
            3
        } else {
            2
        };
        let one_nth = matches!(self.word(0), Some(W::Weekday(_)))
            && matches!(self.peek(1), Some(Tok::LBracket))
            && matches!(self.peek(k), Some(Tok::Num(..)))
            && matches!(self.peek(k + 1), Some(Tok::RBracket));
        if !one_nth {
            return false;
        }
        // Past an offset, "Sa[-1] +2 days".
        let mut j = k + 2;
        if matches!(self.peek(j), Some(Tok::Plus | Tok::Dash(_)))
            && matches!(self.peek(j + 1), Some(Tok::Num(..)))
            && self.word(j + 2) == Some(W::Day)
        {
            j += 3;
        }
        let day_follows = matches!(
            self.word(j + 1),
            Some(
                W::Weekday(_)
                    | W::Weekend
                    | W::Workdays
                    | W::EveryDay
                    | W::Holiday
                    | W::SchoolHoliday
                    | W::Public
                    | W::School
            )
        );
        !(matches!(self.peek(j), Some(Tok::Comma)) && day_follows)
    }

    /// A date after its month: `24`, `Su[-1]`, with offset and range end.
    fn date_rest(&mut self, year: Option<i32>, month: u32) -> R<MonthdayRange> {
        let from = self.date_after_month(year, month)?;
        let RangeEnd { to, period, onward } = self.date_range_end(Some((year, month)))?;
        if let (
            DateKind::Fixed { month: m1, day: d1 },
            Some(DateSpec {
                kind: DateKind::Fixed { month: m2, day: d2 },
                year: y2,
                ..
            }),
        ) = (&from.kind, &to)
        {
            if m1 == m2 && d2 < d1 && (y2.is_none() || *y2 == from.year) {
                return self.err("a day range must go forward, e.g. \"Jun 02-24\"");
            }
        }
        Ok(MonthdayRange::Dates {
            from,
            to,
            period,
            onward,
        })
    }

    fn date_after_month(&mut self, year: Option<i32>, month: u32) -> R<DateSpec> {
        if let Some(W::Weekday(wd)) = self.word(0) {
            if matches!(self.peek(1), Some(Tok::LBracket)) {
                self.pos += 2;
                let neg = matches!(self.peek(0), Some(Tok::Dash(_)));
                if neg {
                    self.bump();
                }
                let n = match self.peek(0) {
                    Some(Tok::Num(n, _)) if (1..=5).contains(n) => *n as i32,
                    _ => {
                        return self.unexpected("write the week of the month as 1 to 5 or -1 to -5")
                    }
                };
                self.bump();
                if !matches!(self.peek(0), Some(Tok::RBracket)) {
                    return self.unexpected("close the bracket: \"Su[-1]\"");
                }
                self.bump();
                let nth = if neg { -n } else { n };
                let offset = self.day_offset(6)?;
                return Ok(DateSpec {
                    year,
                    kind: DateKind::NthWeekday {
                        month,
                        weekday: wd,
                        nth,
                    },
                    offset,
                });
            }
        }
        let day = self.day_num(month)?;
        let offset = self.day_offset(200)?;
        Ok(DateSpec {
            year,
            kind: DateKind::Fixed { month, day },
            offset,
        })
    }

    fn day_num(&mut self, month: u32) -> R<u32> {
        let Some(Tok::Num(d, _)) = self.peek(0).cloned() else {
            return self.unexpected("write a day of the month");
        };
        let max = match month {
            2 => 29,
            4 | 6 | 9 | 11 => 30,
            _ => 31,
        };
        if d == 0 || d > max {
            return self.unexpected(&format!("that month has days 01 to {max}"));
        }
        self.bump();
        if matches!(self.peek(0), Some(Tok::Dot)) {
            self.spelling("a dot after a day of the month was dropped");
            self.bump();
        }
        Ok(d)
    }

    /// `-Dec 31`, `-26`, `/8` after a date.
    /// A year here (`2026`), read; none when the tokens here are not one.
    fn optional_year(&mut self) -> R<Option<i32>> {
        if !self.starts_year() {
            return Ok(None);
        }
        let Some(Tok::Num(y, _)) = self.peek(0) else {
            return self.unexpected("a year");
        };
        let y = *y as i32;
        self.bump();
        Ok(Some(y))
    }

    /// After a date: its end (`-Dec 31`, `-26`) and step (`/8`), or `+`
    /// for "from this date on" (`Jan 01+`, strict syntax).
    fn date_range_end(&mut self, last: Option<(Option<i32>, u32)>) -> R<RangeEnd> {
        let mut to = None;
        if self.is_dash_here() {
            let save = self.pos;
            self.dash();
            let year = self.optional_year()?;
            match self.word(0) {
                Some(W::Month(m)) => {
                    self.month_word_warn();
                    self.bump();
                    to = Some(self.date_after_month(year, m)?);
                }
                Some(W::Easter) => {
                    self.bump();
                    to = Some(DateSpec {
                        year,
                        kind: DateKind::Easter,
                        offset: self.day_offset(200)?,
                    });
                }
                _ => match (last, self.peek(0)) {
                    (Some((_, m)), Some(Tok::Num(..))) if year.is_none() => {
                        let d = self.day_num(m)?;
                        // "2012 Jan 01-31": the end is in the start's year,
                        // as it is with the month written ("2012 Jan
                        // 01-Jan 31"), and renders without it; with the
                        // year it would render "2012 Jan 01-2012 Jan 31",
                        // not what a year selector before "Jan 01-31" does.
                        to = Some(DateSpec {
                            year: None,
                            kind: DateKind::Fixed { month: m, day: d },
                            offset: 0,
                        });
                    }
                    _ => {
                        self.pos = save;
                        return self
                            .unexpected("a date range needs an end date, e.g. \"Dec 24-26\"");
                    }
                },
            }
        }
        let mut period = None;
        if to.is_some() && matches!(self.peek(0), Some(Tok::Slash)) {
            self.bump();
            period = Some(self.positive("a day step")?);
        }
        let onward = to.is_none() && matches!(self.peek(0), Some(Tok::Plus));
        if onward {
            self.bump();
        }
        Ok(RangeEnd { to, period, onward })
    }

    /// `+2 days`, `-1 day`; at most `max` days.
    fn day_offset(&mut self, max: u32) -> R<i32> {
        let sign = match self.peek(0) {
            Some(Tok::Plus) => 1,
            Some(Tok::Dash(_)) => -1,
            _ => return Ok(0),
        };
        match (self.peek(1), self.word(2)) {
            (Some(Tok::Num(n, _)), Some(W::Day)) => {
                let n = *n;
                self.bump();
                if n == 0 || n > max {
                    return self.unexpected(&format!("move by 1 to {max} days"));
                }
                self.pos += 2;
                Ok(sign * n as i32)
            }
            _ => Ok(0),
        }
    }

    // ---- weekdays and holidays

    fn day_list(&mut self, r: &mut Rule) -> R<()> {
        loop {
            self.day_item(r)?;
            // Separators: ",", "and", "&".
            let sep = match self.peek(0) {
                Some(Tok::Comma) => Some(1),
                Some(Tok::Amp) => Some(1),
                Some(Tok::Word(w)) if classify(w) == W::And => Some(1),
                _ => None,
            };
            if let Some(n) = sep {
                let save = self.pos;
                let word_sep = !matches!(self.peek(0), Some(Tok::Comma));
                self.pos += n;
                if self.starts_day() {
                    if word_sep {
                        self.spelling("\"and\"/\"&\" between days was read as \",\"");
                    }
                    continue;
                }
                self.pos = save;
            }
            // "SH Mo-Fr": holidays and weekdays that must both match.
            if self.starts_day()
                && r.holidays_and.is_empty()
                && r.days.iter().all(|d| matches!(d, DayItem::Holiday { .. }))
            {
                r.holidays_and = std::mem::take(&mut r.days);
                continue;
            }
            return Ok(());
        }
    }

    fn day_item(&mut self, r: &mut Rule) -> R<()> {
        let Some(Tok::Word(w)) = self.peek(0).cloned() else {
            return self.unexpected("write a weekday such as \"Mo\"");
        };
        match classify(&w) {
            W::Weekday(from) => {
                self.weekday_warn(&w);
                self.bump();
                self.skip_abbrev_dot();
                self.skip_feira();
                let mut to = from;
                if self.is_dash_here() && matches!(self.word(1), Some(W::Weekday(_))) {
                    self.dash();
                    if let Some(Tok::Word(w2)) = self.peek(0).cloned() {
                        if let W::Weekday(t) = classify(&w2) {
                            self.weekday_warn(&w2);
                            to = t;
                            self.bump();
                            self.skip_abbrev_dot();
                            self.skip_feira();
                        }
                    }
                }
                let nth = if matches!(self.peek(0), Some(Tok::LBracket)) {
                    self.nth_list()?
                } else {
                    Vec::new()
                };
                let offset = if nth.is_empty() {
                    0
                } else {
                    self.day_offset(6)?
                };
                r.days.push(DayItem::Weekdays {
                    from,
                    to,
                    nth,
                    offset,
                });
            }
            W::Weekend => {
                self.tolerated(format!("\"{w}\" was read as \"Sa-Su\""));
                self.bump();
                r.days.push(DayItem::Weekdays {
                    from: 5,
                    to: 6,
                    nth: Vec::new(),
                    offset: 0,
                });
            }
            W::Workdays => {
                self.tolerated(format!("\"{w}\" was read as \"Mo-Fr\""));
                self.bump();
                r.days.push(DayItem::Weekdays {
                    from: 0,
                    to: 4,
                    nth: Vec::new(),
                    offset: 0,
                });
            }
            W::EveryDay | W::Every => {
                self.bump();
                if self.word(0) == Some(W::Day) {
                    self.bump();
                }
                let said = if w == "every" || w == "all" {
                    format!("{w} day")
                } else {
                    w.clone()
                };
                self.tolerated(format!("\"{said}\" was read as \"Mo-Su\""));
                r.days.push(DayItem::Weekdays {
                    from: 0,
                    to: 6,
                    nth: Vec::new(),
                    offset: 0,
                });
            }
            W::Holiday | W::Public => {
                let written_ph = self.raw() == "PH";
                self.bump();
                if classify(&w) == W::Public {
                    if self.word(0) != Some(W::Holiday) {
                        return self.unexpected("write \"PH\" for public holidays");
                    }
                    self.bump();
                }
                if !written_ph {
                    self.tolerated("a holiday word was read as \"PH\" (public holidays)");
                }
                let offset = self.day_offset(1)?;
                r.days.push(DayItem::Holiday {
                    school: false,
                    offset,
                });
            }
            W::SchoolHoliday | W::School => {
                self.bump();
                if classify(&w) == W::School {
                    if self.word(0) != Some(W::Holiday) {
                        return self.unexpected("write \"SH\" for school holidays");
                    }
                    self.bump();
                }
                if w != "sh" || self.raw_prev() != "SH" {
                    self.tolerated("a school-holiday word was read as \"SH\"");
                }
                r.days.push(DayItem::Holiday {
                    school: true,
                    offset: 0,
                });
            }
            W::Day | W::One => {
                // "(one) day before/after public holiday".
                if classify(&w) == W::One {
                    self.bump();
                }
                self.bump();
                let sign = match self.word(0) {
                    Some(W::Before) => -1,
                    Some(W::After) => 1,
                    _ => return self.unexpected("write \"PH -1 day\" or \"PH +1 day\""),
                };
                self.bump();
                if self.word(0) == Some(W::Public) {
                    self.bump();
                }
                if self.word(0) != Some(W::Holiday) {
                    return self.unexpected("write \"PH -1 day\" or \"PH +1 day\"");
                }
                self.bump();
                self.tolerated(format!(
                    "\"day {} public holiday\" was read as \"PH {}1 day\"",
                    if sign < 0 { "before" } else { "after" },
                    if sign < 0 { '-' } else { '+' }
                ));
                r.days.push(DayItem::Holiday {
                    school: false,
                    offset: sign,
                });
            }
            _ => return self.unexpected("write a weekday such as \"Mo\""),
        }
        Ok(())
    }

    fn raw_prev(&self) -> String {
        self.t
            .get(self.pos.wrapping_sub(1))
            .and_then(|t| self.src.get(t.at..t.end))
            .map(|cs| cs.iter().collect())
            .unwrap_or_default()
    }

    fn weekday_warn(&mut self, w: &str) {
        let canon = ["Mo", "Tu", "We", "Th", "Fr", "Sa", "Su"];
        if !canon.contains(&self.raw().as_str()) {
            self.spelling(format!("the weekday \"{w}\" was read as an OSM weekday"));
        }
    }

    fn skip_abbrev_dot(&mut self) {
        if matches!(self.peek(0), Some(Tok::Dot)) {
            self.spelling("a dot after a weekday was dropped");
            self.bump();
        }
    }

    fn skip_feira(&mut self) {
        if matches!(self.peek(0), Some(Tok::Dash(_)))
            && self.peek(1) == Some(&Tok::Word("feira".into()))
        {
            self.pos += 2;
        }
    }

    fn nth_list(&mut self) -> R<Vec<i32>> {
        self.bump(); // [
        let mut out = Vec::new();
        loop {
            let neg = matches!(self.peek(0), Some(Tok::Dash(_)));
            if neg {
                self.bump();
            }
            let n = match self.peek(0) {
                Some(Tok::Num(n, _)) if (1..=5).contains(n) => *n as i32,
                _ => return self.unexpected("write the week of the month as 1 to 5 or -1 to -5"),
            };
            self.bump();
            if !neg && matches!(self.peek(0), Some(Tok::Dash(_))) {
                self.bump();
                let m = match self.peek(0) {
                    Some(Tok::Num(m, _)) if (1..=5).contains(m) && (*m as i32) >= n => *m as i32,
                    _ => return self.unexpected("write a range such as \"[1-3]\""),
                };
                self.bump();
                self.spelling(format!(
                    "the weeks of the month \"[{n}-{m}]\" were written as a list"
                ));
                out.extend(n..=m);
            } else {
                out.push(if neg { -n } else { n });
            }
            match self.peek(0) {
                Some(Tok::Comma) => self.bump(),
                Some(Tok::RBracket) => {
                    self.bump();
                    return Ok(out);
                }
                _ => return self.unexpected("close the bracket: \"Sa[1,3]\""),
            }
        }
    }

    // ---- times

    fn time_list(&mut self, r: &mut Rule) -> R<()> {
        loop {
            let span = self.time_span()?;
            r.times.push(span);
            if matches!(self.peek(0), Some(Tok::Comma)) {
                self.bump();
                // "Mo 10:00-12:00, 2001+ 10:00-12:00": a year starts a rule.
                if self.starts_time() && !self.starts_year() {
                    continue;
                }
                if self.peek(0).is_none() {
                    self.spelling("a trailing comma was dropped");
                    return Ok(());
                }
                self.pos -= 1;
            }
            // "9-12 and 13-17", "9-12 y 13-17": one list of times, as a comma
            // would make it (read as a rule of its own, it would be read back
            // from the canonical form as a list, and mean every day).
            if let Some(Tok::Word(w)) = self.peek(0) {
                if classify(w) == W::And {
                    let save = self.pos;
                    self.bump();
                    if self.starts_time() && !self.starts_year() {
                        self.spelling("\"and\" between times was read as \",\"");
                        continue;
                    }
                    self.pos = save;
                }
            }
            return Ok(());
        }
    }

    fn time_span(&mut self) -> R<TimeSpan> {
        let start_at = self.at();
        let (start, start_bare, start_ampm) = self.time_point(false)?;
        if matches!(self.peek(0), Some(Tok::Plus)) {
            self.bump();
            return Ok(TimeSpan {
                start,
                end: None,
                open_end: true,
            });
        }
        if !self.is_dash_here() {
            return self.err(format!(
                "a time needs an end at character {}: write a range such as \"12:00-14:00\"",
                self.at() + 1
            ));
        }
        self.dash();
        // "17:00-late", "17:00 till late", "17:00-open end".
        match self.word(0) {
            Some(W::Late) | Some(W::OpenEnd) => {
                self.tolerated("an open end was read as \"+\"");
                self.bump();
                return Ok(TimeSpan {
                    start,
                    end: None,
                    open_end: true,
                });
            }
            Some(W::State(Kind::Open)) if self.word(1) == Some(W::End) => {
                self.tolerated("an open end was read as \"+\"");
                self.pos += 2;
                return Ok(TimeSpan {
                    start,
                    end: None,
                    open_end: true,
                });
            }
            _ => {}
        }
        let (mut end, end_bare, end_ampm) = self.time_point(true)?;
        let mut start = start;
        // 12-hour clock with the suffix only on the end: "9-5pm", "1-5pm".
        if let (TimePoint::Fixed(s), None, Some(pm)) = (start, start_ampm, end_ampm) {
            if (60..=12 * 60).contains(&s) {
                let s12 = s % (12 * 60);
                let e12 = match end {
                    TimePoint::Fixed(e) => e % (12 * 60),
                    _ => 0,
                };
                let same = s12 <= e12;
                let start_pm = if same { pm } else { !pm };
                start = TimePoint::Fixed(if start_pm { s12 + 12 * 60 } else { s12 });
            }
        }
        if start_bare && end_bare && start_ampm.is_none() && end_ampm.is_none() {
            if let (TimePoint::Fixed(s), TimePoint::Fixed(e)) = (start, end) {
                if e < s && s <= 12 * 60 && e <= 12 * 60 && e > 0 {
                    match self.amb {
                        Ambiguity::Refuse => {
                            return Err(HoursError::new(
                                format!(
                                    "{AMBIGUOUS} at character {}: write both times in full, e.g. \"{:02}:00-{:02}:00\" or \"{:02}:00-{:02}:00\"",
                                    start_at + 1,
                                    s / 60,
                                    e / 60 + 12,
                                    s / 60,
                                    e / 60
                                ),
                                Some(start_at),
                            ))
                        }
                        Ambiguity::Afternoon => end = TimePoint::Fixed(e + 12 * 60),
                        Ambiguity::Overnight => {}
                    }
                }
            }
        }
        let mut open_end = false;
        if matches!(self.peek(0), Some(Tok::Plus)) {
            if let (TimePoint::Fixed(s), TimePoint::Fixed(e)) = (start, end) {
                let from = if e < s { e + 24 * 60 } else { e };
                if from >= 22 * 60 && from + 8 * 60 > 48 * 60 {
                    return self.unexpected("an open end this late runs past midnight twice");
                }
            }
            self.bump();
            open_end = true;
        }
        if matches!(self.peek(0), Some(Tok::Slash)) {
            return self.unexpected("repeating times (\"/\") are not opening hours; write a range");
        }
        if let (TimePoint::Fixed(s), TimePoint::Fixed(e)) = (start, end) {
            if s >= 24 * 60 {
                return self.err("a range must start before 24:00");
            }
            let e_abs = if e <= s { e + 24 * 60 } else { e };
            let e_abs = if e_abs < s { e_abs + 24 * 60 } else { e_abs };
            if e_abs > 48 * 60 {
                return self.err("a range cannot run past midnight twice (48:00)");
            }
            if e > 24 * 60 && e < s {
                return self.err("a range cannot run past midnight twice (48:00)");
            }
        }
        Ok(TimeSpan {
            start,
            end: Some(end),
            open_end,
        })
    }

    /// A time; returns it, whether it was a bare hour, and its am/pm suffix.
    fn time_point(&mut self, is_end: bool) -> R<(TimePoint, bool, Option<bool>)> {
        match self.peek(0).cloned() {
            Some(Tok::Word(w)) => match classify(&w) {
                W::Event(e) => {
                    self.bump();
                    Ok((TimePoint::Event(e, 0), false, None))
                }
                W::Midnight => {
                    self.bump();
                    self.tolerated("\"midnight\" was read as a time");
                    Ok((
                        TimePoint::Fixed(if is_end { 24 * 60 } else { 0 }),
                        false,
                        None,
                    ))
                }
                W::Noon => {
                    self.bump();
                    self.tolerated("\"noon\" was read as 12:00");
                    Ok((TimePoint::Fixed(12 * 60), false, None))
                }
                _ => self.unexpected("write a time such as \"09:00\""),
            },
            Some(Tok::LParen) => {
                self.bump();
                let Some(W::Event(e)) = self.word(0) else {
                    return self.unexpected("write e.g. \"(sunset-01:00)\"");
                };
                self.bump();
                let sign = match self.peek(0) {
                    Some(Tok::Plus) => 1,
                    Some(Tok::Dash(_)) => -1,
                    _ => return self.unexpected("write e.g. \"(sunset-01:00)\""),
                };
                self.bump();
                let (Some(Tok::Num(h, _)), Some(Tok::Colon), Some(Tok::Num(m, 2))) = (
                    self.peek(0).cloned(),
                    self.peek(1).cloned(),
                    self.peek(2).cloned(),
                ) else {
                    return self
                        .unexpected("write the offset as hours:minutes, e.g. \"(sunset-01:00)\"");
                };
                if m >= 60 || h > 12 {
                    return self
                        .unexpected("write the offset as hours:minutes, e.g. \"(sunset-01:00)\"");
                }
                self.pos += 3;
                if !matches!(self.peek(0), Some(Tok::RParen)) {
                    return self.unexpected("close the bracket: \"(sunset-01:00)\"");
                }
                self.bump();
                Ok((TimePoint::Event(e, sign * (h * 60 + m) as i32), false, None))
            }
            Some(Tok::Num(h, hlen)) => {
                self.bump();
                let mut minutes = 0;
                let mut bare = true;
                match (self.peek(0).cloned(), self.peek(1).cloned()) {
                    (Some(Tok::Colon), Some(Tok::Num(m, 2))) => {
                        minutes = m;
                        bare = false;
                        self.pos += 2;
                    }
                    (Some(Tok::Dot), Some(Tok::Num(m, 2))) => {
                        self.spelling("a dot in a time was read as \":\"");
                        minutes = m;
                        bare = false;
                        self.pos += 2;
                    }
                    (Some(Tok::Word(hw)), Some(Tok::Num(m, 2))) if hw == "h" => {
                        self.spelling("\"h\" in a time was read as \":\"");
                        minutes = m;
                        bare = false;
                        self.pos += 2;
                    }
                    (Some(Tok::Colon), _) => {
                        return self.unexpected("write minutes with two digits, e.g. \"09:30\"");
                    }
                    _ => {}
                }
                if minutes >= 60 {
                    return self.err("minutes go from 00 to 59");
                }
                let mut ampm = None;
                if let Some(Tok::AmPm(pm)) = self.peek(0).cloned() {
                    if !(1..=12).contains(&h) {
                        return self.unexpected("with am/pm, hours go from 1 to 12");
                    }
                    self.bump();
                    self.spelling("a 12-hour time (am/pm) was read as a 24-hour time");
                    ampm = Some(pm);
                    let h24 = match (h, pm) {
                        (12, false) => 0,
                        (12, true) => 12,
                        (h, false) => h,
                        (h, true) => h + 12,
                    };
                    bare = false;
                    return Ok((TimePoint::Fixed(h24 * 60 + minutes), bare, ampm));
                }
                if let Some(W::Uhr | W::Hours) = self.word(0) {
                    if !matches!(self.peek(1), Some(Tok::Num(..))) {
                        self.spelling("\"h\"/\"Uhr\" after a time was dropped");
                        self.bump();
                    }
                }
                let max = if is_end { 48 } else { 24 };
                if h > max || (h == max && minutes > 0) {
                    return self.err(format!("hours go from 00 to {max}"));
                }
                if bare {
                    self.added(
                        "an hour without minutes was read as a full hour (\"10\" as \"10:00\")",
                    );
                } else if hlen == 1 {
                    self.spelling(
                        "a one-digit hour was read with two digits (\"9:00\" as \"09:00\")",
                    );
                }
                Ok((TimePoint::Fixed(h * 60 + minutes), bare, ampm))
            }
            _ => self.unexpected("write a time such as \"09:00\""),
        }
    }
}

fn tok_text(t: &Tok) -> String {
    match t {
        Tok::Num(n, len) => format!("{n:0len$}"),
        Tok::Word(w) => w.clone(),
        Tok::AmPm(pm) => if *pm { "pm" } else { "am" }.into(),
        Tok::Comment(c) => format!("\"{c}\""),
        Tok::Colon => ":".into(),
        Tok::Semi => ";".into(),
        Tok::Comma => ",".into(),
        Tok::Dash(_) => "-".into(),
        Tok::Plus => "+".into(),
        Tok::Slash => "/".into(),
        Tok::LBracket => "[".into(),
        Tok::RBracket => "]".into(),
        Tok::LParen => "(".into(),
        Tok::RParen => ")".into(),
        Tok::Dot => ".".into(),
        Tok::Fallback => "||".into(),
        Tok::Amp => "&".into(),
        Tok::Other(c) => c.to_string(),
    }
}
