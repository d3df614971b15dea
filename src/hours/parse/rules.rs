//! The shape of an expression: rules and the separators between them
//! (`;`, `,`, `||`), what one rule holds (its selectors, times, state and
//! comment, in the orders people write them), and `24/7` with the words
//! people use for it.

use super::cursor::{ParseResult, Reader};
use super::days::weekdays;
use super::vocabulary::{classify, Word};
use crate::hours::ast::{Expr, Kind, Op, Rule, TimeSpan};
use crate::hours::error::HoursError;
use crate::hours::lexer::Tok;

/// What a `24/7` among other selectors is written as.
const WHOLE_DAY: &str = "\"24/7\" with other selectors was written as their whole day, 00:00-24:00";

/// A closed or unknown state written after times, as written, and where:
/// times after it too would leave unclear which of them it is for.
type StateAfterTimes = Option<(String, usize)>;

impl Reader<'_> {
    /// The whole expression.
    pub(super) fn expr(&mut self) -> ParseResult<Expr> {
        self.skip_label();
        let mut rules: Vec<Rule> = Vec::new();
        let mut op = Op::Normal;
        loop {
            let start = self.pos;
            let rule = self.rule(op)?;
            if rule.is_empty() {
                let separator_next = matches!(self.peek(0), Some(Tok::Semi));
                if self.pos == start && !self.at_end() && !separator_next {
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
            match self.separator(&rules)? {
                Some(next) => op = next,
                None => break,
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

    /// "opening_hours = ...", "Öffnungszeiten: ...": a label before the
    /// value, dropped.
    fn skip_label(&mut self) {
        if self.word(0) == Some(Word::Label) {
            self.spelling("a label before the hours was dropped");
            self.bump();
            if matches!(self.peek(0), Some(Tok::Colon | Tok::Other('='))) {
                self.bump();
            }
        }
    }

    /// The separator after a rule (not taken), as the operator of the rule
    /// after it; `None` at the end.
    fn separator(&mut self, rules: &[Rule]) -> ParseResult<Option<Op>> {
        match self.peek(0) {
            None => Ok(None),
            Some(Tok::Semi) => Ok(Some(Op::Normal)),
            Some(Tok::Fallback) => Ok(Some(Op::Fallback)),
            Some(Tok::Word(w))
                if classify(w) == Word::And
                    && rules
                        .last()
                        .is_some_and(|r| !r.times.is_empty() || r.kind.is_some()) =>
            {
                self.spelling(format!("\"{w}\" between rules was read as \",\""));
                Ok(Some(Op::Additional))
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
                Ok(Some(Op::Additional))
            }
            Some(_) => self
                .unexpected("separate rules with \";\" and write hours like \"Mo-Fr 09:00-17:00\""),
        }
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
    fn push_rule(
        &mut self,
        rules: &mut Vec<Rule>,
        mut rule: Rule,
        start: usize,
    ) -> ParseResult<()> {
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
                let at = self.offset_of(start);
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

    /// One rule, up to the separator after it.
    fn rule(&mut self, op: Op) -> ParseResult<Rule> {
        let mut rule = Rule::new(op);
        let mut state_after_times: StateAfterTimes = None;
        while self.rule_part(&mut rule, &mut state_after_times)? {}
        self.settle_always(&mut rule);
        Ok(rule)
    }

    /// Reads one part of a rule (a selector, times, a state, a comment);
    /// whether there was one.
    fn rule_part(
        &mut self,
        rule: &mut Rule,
        state_after_times: &mut StateAfterTimes,
    ) -> ParseResult<bool> {
        if self.starts_year() {
            if matches!(self.word(1), Some(Word::Month(_) | Word::Easter)) {
                let list = self.monthday_list()?;
                rule.monthdays.push(list);
            } else {
                self.year_list(rule)?;
            }
            return Ok(true);
        }
        match self.word(0) {
            Some(Word::Month(_) | Word::Easter) => {
                let list = self.monthday_list()?;
                rule.monthdays.push(list);
                return Ok(true);
            }
            Some(Word::Week) => {
                self.week_list(rule)?;
                return Ok(true);
            }
            _ => {}
        }
        if self.always_form(rule)? {
            return Ok(true);
        }
        if self.starts_day() {
            if !rule.days.is_empty() || !rule.holidays_and.is_empty() {
                return self.unexpected("list days with commas, e.g. \"Mo,We,Fr\"");
            }
            self.day_list(rule)?;
            return Ok(true);
        }
        if self.starts_time() {
            if let Some((written, at)) = state_after_times {
                // "Mo-Fr 9-17 closed 12-13": closed after the times
                // before it, as in strict syntax, or before the times
                // after it, as in speech? Either guess is wrong hours.
                return Err(HoursError::new(
                    format!(
                        "\"{written}\" between times at character {} is unclear: write it after the times it is for and separate the others with \",\", e.g. \"Mo-Fr 09:00-17:00, Mo-Fr 12:00-13:00 closed\"",
                        *at + 1
                    ),
                    Some(*at),
                ));
            }
            if !rule.times.is_empty() {
                self.spelling("times were not separated by commas");
            }
            self.time_list(rule)?;
            return Ok(true);
        }
        match self.peek(0) {
            Some(Tok::Word(w)) => match classify(w) {
                Word::State(kind) => {
                    self.state(rule, kind, state_after_times)?;
                    Ok(true)
                }
                Word::Uhr => {
                    self.spelling("\"Uhr\" was dropped");
                    self.bump();
                    Ok(true)
                }
                _ => Ok(false),
            },
            Some(Tok::Comment(c)) => {
                if rule.comment.is_some() {
                    return self.unexpected("write one comment per rule");
                }
                rule.comment = Some(c.clone());
                self.bump();
                Ok(true)
            }
            Some(Tok::Colon) => {
                self.colon(rule)?;
                Ok(true)
            }
            _ => Ok(false),
        }
    }

    /// A state (`open`, `closed`, `geschlossen`), and the words after it
    /// as a comment ("open on appointment").
    fn state(
        &mut self,
        rule: &mut Rule,
        kind: Kind,
        state_after_times: &mut StateAfterTimes,
    ) -> ParseResult<()> {
        if rule.kind.is_some() {
            return self.unexpected("write one state per rule");
        }
        let written = self.written();
        if !matches!(written.as_str(), "open" | "closed" | "off" | "unknown") {
            self.spelling(format!("\"{written}\" was read as a state"));
        }
        if kind != Kind::Open && !rule.times.is_empty() {
            *state_after_times = Some((written.clone(), self.at()));
        }
        rule.kind = Some(kind);
        rule.off = written == "off";
        self.bump();
        if matches!(self.peek(0), Some(Tok::Dot)) {
            self.spelling("a dot after a state was dropped");
            self.bump();
        }
        let mut words = Vec::new();
        while let Some(Tok::Word(w)) = self.peek(0) {
            if classify(w) != Word::Unknown {
                break;
            }
            words.push(self.written().replace('_', " "));
            self.bump();
        }
        if !words.is_empty() && rule.comment.is_none() {
            self.tolerated("words after the state were read as a comment");
            rule.comment = Some(words.join(" "));
        }
        Ok(())
    }

    /// A `:` in a rule: kept after the wide selectors (years, dates,
    /// weeks), where strict syntax has it; dropped elsewhere.
    fn colon(&mut self, rule: &mut Rule) -> ParseResult<()> {
        let wide = !rule.years.is_empty() || !rule.monthdays.is_empty() || !rule.weeks.is_empty();
        let small = rule.always || !rule.days.is_empty() || !rule.times.is_empty();
        if rule.is_empty() {
            return self.unexpected("a selector is missing before \":\"");
        }
        if wide && !small && rule.kind.is_none() && rule.comment.is_none() {
            rule.wide_colon = true;
        } else {
            self.spelling("a \":\" after days or a state was dropped");
        }
        self.bump();
        Ok(())
    }

    /// "24/7" read before other selectors or times: with times it adds
    /// nothing, with other selectors it means their whole day. Said so in
    /// the tree, as the canonical form says it, so that the rule reads
    /// back the same (kept apart by "always", "Jun 07:00+, 24/7
    /// 10:00-12:00" rendered as one list of times; found by fuzzing).
    fn settle_always(&mut self, rule: &mut Rule) {
        if rule.always && (!rule.times.is_empty() || rule.has_date_selector()) {
            rule.always = false;
            if !rule.times.is_empty() {
                self.tolerated("\"24/7\" before times was dropped: the times say when");
            } else {
                self.add_whole_day(rule);
            }
        }
    }

    /// The whole day, `00:00-24:00`, for a `24/7` among other selectors.
    fn add_whole_day(&mut self, rule: &mut Rule) {
        self.added(WHOLE_DAY);
        rule.times.push(TimeSpan::whole_day());
    }

    /// `24/7`, or the whole day when the rule already has selectors or
    /// times; `said` is the tolerated form it was read from.
    fn always(&mut self, rule: &mut Rule, said: Option<&str>) {
        if let Some(said) = said {
            self.tolerated(said.to_string());
        }
        if rule.has_date_selector() || !rule.times.is_empty() {
            self.add_whole_day(rule);
        } else {
            rule.always = true;
        }
    }

    /// `24/7` and the words people use for it; whether it was one.
    fn always_form(&mut self, rule: &mut Rule) -> ParseResult<bool> {
        match (self.peek(0), self.peek(1), self.peek(2)) {
            (Some(Tok::Num(24, _)), Some(Tok::Slash), Some(Tok::Num(7, _))) => {
                self.pos += 3;
                self.always(rule, None);
                Ok(true)
            }
            (Some(Tok::Num(24, _)), Some(Tok::Word(x)), Some(Tok::Num(7, _))) if x == "x" => {
                self.pos += 3;
                self.always(rule, Some("\"24x7\" was read as \"24/7\""));
                Ok(true)
            }
            (Some(Tok::Num(24, _)), Some(Tok::Word(h)), _) if classify(h) == Word::Hours => {
                self.pos += 2;
                self.seven_days();
                self.always(
                    rule,
                    Some("\"24 hours\" was read as \"24/7\" (00:00-24:00)"),
                );
                Ok(true)
            }
            (Some(Tok::Num(7, _)), _, _) if self.seven_days() => {
                self.tolerated("\"7 days a week\" was read as every day");
                rule.days.push(weekdays(0, 6));
                Ok(true)
            }
            (Some(Tok::Word(w)), _, _) if classify(w) == Word::Always => {
                let said = format!("\"{w}\" was read as \"24/7\"");
                self.bump();
                self.always(rule, Some(&said));
                Ok(true)
            }
            (Some(Tok::Word(w)), Some(Tok::Word(d)), _)
                if classify(w) == Word::Every && classify(d) == Word::Day && w == "all" =>
            {
                // "all day" means all the day long, "all days" every day.
                if d == "day" {
                    self.pos += 2;
                    self.always(rule, Some("\"all day\" was read as \"24/7\""));
                    Ok(true)
                } else {
                    Ok(false)
                }
            }
            _ => Ok(false),
        }
    }

    /// Takes "7 days a week", "7/7", "7j/7", "7 days/week"; whether it did.
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
            Some(Tok::Word(d)) if classify(d) == Word::Day => {
                self.bump();
                if matches!(self.peek(0), Some(Tok::Slash))
                    && self.peek(1) == Some(&Tok::Word("week".into()))
                {
                    self.pos += 2;
                    return true;
                }
                if self.word(0) == Some(Word::To) && self.word(1) == Some(Word::Week) {
                    self.pos += 2;
                    return true;
                }
                if matches!(self.peek(0), Some(Tok::Word(a)) if a == "a")
                    && self.word(1) == Some(Word::Week)
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
}
