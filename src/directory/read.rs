//! Reading typed values out of one spanned TOML table, keeping every problem
//! as a diagnostic at the key or value at fault.
//!
//! A [`TableReader`] is made for each `[directory]`, `[[service]]`,
//! `[[place]]` and `[[category]]` table; its getters check types, drop what is
//! wrong with a diagnostic, and remember which keys were used so that the
//! rest can be reported as unknown.

use std::ops::Range;

use chrono::{DateTime, FixedOffset, NaiveDate};
use toml::de::{DeTable, DeValue};
use toml::Spanned;

use crate::diagnostic::Diagnostic;
use crate::directory::source::SourceFile;
use crate::sanitize::{find_forbidden, visible};

/// One key of a table, as written, with its [`key_tag`] and its value.
type Entry<'a, 'i> = (
    u64,
    &'a str,
    &'a Spanned<toml::de::DeString<'i>>,
    &'a Spanned<DeValue<'i>>,
);

/// A key's length and first seven bytes in one number: keys are told apart
/// by one comparison, and by their bytes only when these agree.
fn key_tag(key: &str) -> u64 {
    let bytes = key.as_bytes();
    let mut tag = [0u8; 8];
    let n = bytes.len().min(7);
    tag[..n].copy_from_slice(&bytes[..n]);
    tag[7] = u8::try_from(bytes.len()).unwrap_or(u8::MAX);
    u64::from_le_bytes(tag)
}

/// Reads one table and collects its diagnostics.
pub struct TableReader<'a, 'i> {
    file: &'a SourceFile,
    /// The table's keys and values, in the table's order, listed once: a
    /// reader asks for each of some thirty keys, and a search of this short
    /// list compares one number per key ([`key_tag`]), where the table's own
    /// ordered search compares bytes at every step.
    entries: Vec<Entry<'a, 'i>>,
    /// What the table is, for messages: `service`, `place`, …
    what: &'static str,
    /// The service id, once known, for the diagnostics' `service` field.
    pub service: Option<String>,
    known: &'static [&'static str],
    /// Problems found so far.
    pub diagnostics: Vec<Diagnostic>,
    /// Set when a fault makes the entry unsafe to refer to.
    pub unsafe_reason: Option<&'static str>,
    /// Set when a faulty value was dropped but the entry kept.
    pub trimmed: bool,
}

impl<'a, 'i> TableReader<'a, 'i> {
    /// A reader over `table`, whose keys must be among `known` (or begin
    /// with `x-`).
    pub fn new(
        file: &'a SourceFile,
        table: &'a DeTable<'i>,
        what: &'static str,
        known: &'static [&'static str],
    ) -> Self {
        TableReader {
            file,
            entries: table
                .iter()
                .map(|(k, v)| {
                    let name: &str = k.get_ref().as_ref();
                    (key_tag(name), name, k, v)
                })
                .collect(),
            what,
            service: None,
            known,
            diagnostics: Vec::new(),
            unsafe_reason: None,
            trimmed: false,
        }
    }

    fn entry(
        &self,
        key: &str,
    ) -> Option<(
        &'a Spanned<toml::de::DeString<'i>>,
        &'a Spanned<DeValue<'i>>,
    )> {
        let tag = key_tag(key);
        self.entries
            .iter()
            .find(|(t, name, _, _)| *t == tag && *name == key)
            .map(|&(_, _, k, v)| (k, v))
    }

    /// The span of a key's value.
    pub fn value_span(&self, key: &str) -> Option<Range<usize>> {
        self.entry(key).map(|(_, v)| v.span())
    }

    /// The span of a key itself.
    pub fn key_span(&self, key: &str) -> Option<Range<usize>> {
        self.entry(key).map(|(k, _)| k.span())
    }

    /// Whether the key is written.
    pub fn has(&self, key: &str) -> bool {
        self.entry(key).is_some()
    }

    /// Records a diagnostic at a span.
    pub fn report(&mut self, diagnostic: Diagnostic, span: Range<usize>) {
        let diagnostic = diagnostic.for_service(self.service.as_deref());
        self.diagnostics.push(self.file.locate(diagnostic, span));
    }

    /// Records an error at a span that drops the value but keeps the entry.
    pub fn drop_value(&mut self, code: &'static str, message: String, span: Range<usize>) {
        self.trimmed = true;
        self.report(Diagnostic::error(code, message), span);
    }

    /// Records an error that makes the entry unusable for referrals.
    pub fn fatal(
        &mut self,
        code: &'static str,
        message: String,
        span: Range<usize>,
        reason: &'static str,
    ) {
        self.unsafe_reason.get_or_insert(reason);
        self.report(Diagnostic::error(code, message), span);
    }

    fn wrong_type(&mut self, key: &str, expected: &str, value: &Spanned<DeValue<'i>>) {
        let found = value.get_ref().type_str();
        self.drop_value(
            "wrong-type",
            format!("`{key}` must be {expected}, not {found}"),
            value.span(),
        );
    }

    /// A required key that is missing.
    pub fn missing(&mut self, key: &str, hint: &str) {
        let span = self.table_span();
        let what = self.what;
        self.report(
            Diagnostic::error("missing-key", format!("this {what} has no `{key}`: {hint}")),
            span,
        );
    }

    /// Where the table starts: its first key, as the table's own span is
    /// the header for `[[...]]` tables and not always known.
    pub fn table_span(&self) -> Range<usize> {
        self.entries
            .iter()
            .map(|(_, _, k, _)| k.span())
            .min_by_key(|s| s.start)
            .unwrap_or(0..0)
    }

    fn check_text(&mut self, key: &str, text: &str, span: Range<usize>) {
        if self.file.masked_controls.iter().any(|o| span.contains(o)) {
            // Already reported where the file was read; the entry is not safe.
            self.unsafe_reason
                .get_or_insert("a control character in its text");
            return;
        }
        if let Some((index, c)) = find_forbidden(text) {
            // Point at the character itself where it is written raw, else
            // at the value (it was written as a TOML escape).
            let raw = self.file.text.get(span.clone()).unwrap_or("");
            let at = raw
                .char_indices()
                .find(|&(_, r)| r == c)
                .map_or(span.start, |(i, _)| span.start + i);
            let shown = visible(&c.to_string());
            let preview: String = text.chars().take(index + 12).collect();
            self.fatal(
                "control-character",
                format!(
                    "`{key}` holds the control character {shown} (in \"{}\"): remove it; text may hold only line breaks and tabs besides printable characters",
                    visible(&preview)
                ),
                at..at + c.len_utf8(),
                "a control character in its text",
            );
        }
    }

    /// A string value; `None` when absent or of the wrong type.
    pub fn string(&mut self, key: &str) -> Option<String> {
        let (_, value) = self.entry(key)?;
        match value.get_ref() {
            DeValue::String(s) => {
                let text = s.to_string();
                self.check_text(key, &text, value.span());
                Some(text)
            }
            _ => {
                self.wrong_type(key, "a string", value);
                None
            }
        }
    }

    /// A string that must be present and non-empty; reports `missing-key`.
    pub fn required_string(&mut self, key: &str, hint: &str) -> Option<String> {
        match self.string(key) {
            Some(s) if !s.trim().is_empty() => Some(s),
            Some(_) => {
                let span = self.value_span(key).unwrap_or(0..0);
                self.report(
                    Diagnostic::error("missing-key", format!("`{key}` is empty: {hint}")),
                    span,
                );
                None
            }
            None if !self.has(key) => {
                self.missing(key, hint);
                None
            }
            None => None,
        }
    }

    /// An array of strings; wrong items are dropped with a diagnostic.
    /// Returns the strings with the span of each.
    pub fn strings(&mut self, key: &str) -> Vec<(String, Range<usize>)> {
        let Some((_, value)) = self.entry(key) else {
            return Vec::new();
        };
        let DeValue::Array(items) = value.get_ref() else {
            self.wrong_type(key, "an array of strings", value);
            return Vec::new();
        };
        let mut out = Vec::with_capacity(items.len());
        for item in items.iter() {
            match item.get_ref() {
                DeValue::String(s) => {
                    let text = s.to_string();
                    self.check_text(key, &text, item.span());
                    out.push((text, item.span()));
                }
                other => {
                    let found = other.type_str();
                    self.drop_value(
                        "wrong-type",
                        format!("`{key}` must hold only strings, not {found}"),
                        item.span(),
                    );
                }
            }
        }
        out
    }

    /// An array of integers; wrong items are dropped with a diagnostic.
    pub fn integers(&mut self, key: &str) -> Vec<i64> {
        let Some((_, value)) = self.entry(key) else {
            return Vec::new();
        };
        let DeValue::Array(items) = value.get_ref() else {
            self.wrong_type(key, "an array of whole numbers", value);
            return Vec::new();
        };
        let mut out = Vec::new();
        for item in items.iter() {
            let parsed = match item.get_ref() {
                DeValue::Integer(i) => {
                    i64::from_str_radix(&without_underscores(i.as_str()), i.radix()).ok()
                }
                _ => None,
            };
            match parsed {
                Some(n) => out.push(n),
                None => self.drop_value(
                    "wrong-type",
                    format!("`{key}` must hold only whole numbers"),
                    item.span(),
                ),
            }
        }
        out
    }

    /// An integer value.
    pub fn integer(&mut self, key: &str) -> Option<i64> {
        let (_, value) = self.entry(key)?;
        match value.get_ref() {
            DeValue::Integer(i) => {
                match i64::from_str_radix(&without_underscores(i.as_str()), i.radix()) {
                    Ok(n) => Some(n),
                    Err(_) => {
                        self.drop_value(
                            "wrong-type",
                            format!("`{key}` is too large"),
                            value.span(),
                        );
                        None
                    }
                }
            }
            _ => {
                self.wrong_type(key, "a whole number", value);
                None
            }
        }
    }

    /// A float value; integers are accepted (`lat = 41`).
    pub fn float(&mut self, key: &str) -> Option<f64> {
        let (_, value) = self.entry(key)?;
        let parsed = match value.get_ref() {
            DeValue::Float(f) => parse_float(f.as_str()),
            DeValue::Integer(i) if i.radix() == 10 => {
                without_underscores(i.as_str()).parse::<f64>().ok()
            }
            _ => None,
        };
        if parsed.is_none() {
            self.wrong_type(key, "a number", value);
        }
        parsed
    }

    /// A boolean value.
    pub fn boolean(&mut self, key: &str) -> Option<bool> {
        let (_, value) = self.entry(key)?;
        match value.get_ref() {
            DeValue::Boolean(b) => Some(*b),
            _ => {
                self.wrong_type(key, "true or false", value);
                None
            }
        }
    }

    /// A TOML local date (`verified = 2026-10-15`).
    pub fn local_date(&mut self, key: &str) -> Option<NaiveDate> {
        let (_, value) = self.entry(key)?;
        let span = value.span();
        let result = local_date_of(value.get_ref());
        match result {
            Ok(date) => Some(date),
            Err(message) => {
                self.drop_value("invalid-date", format!("`{key}` {message}"), span);
                None
            }
        }
    }

    /// An array of TOML local dates.
    pub fn local_dates(&mut self, key: &str) -> Vec<NaiveDate> {
        let Some((_, value)) = self.entry(key) else {
            return Vec::new();
        };
        let DeValue::Array(items) = value.get_ref() else {
            self.wrong_type(key, "an array of dates", value);
            return Vec::new();
        };
        let mut out = Vec::new();
        for item in items.iter() {
            match local_date_of(item.get_ref()) {
                Ok(date) => out.push(date),
                Err(message) => self.drop_value(
                    "invalid-date",
                    format!("an item of `{key}` {message}"),
                    item.span(),
                ),
            }
        }
        out
    }

    /// A sub-table, as its own reader.
    pub fn table(
        &mut self,
        key: &str,
        known: &'static [&'static str],
    ) -> Option<TableReader<'a, 'i>> {
        let (_, value) = self.entry(key)?;
        match value.get_ref() {
            DeValue::Table(table) => {
                let mut reader = TableReader::new(self.file, table, self.what, known);
                reader.service = self.service.clone();
                Some(reader)
            }
            _ => {
                self.wrong_type(key, "a table", value);
                None
            }
        }
    }

    /// The items of an array of tables (`crisis_lines = [{…}, {…}]`).
    pub fn tables(
        &mut self,
        key: &str,
        known: &'static [&'static str],
    ) -> Vec<TableReader<'a, 'i>> {
        let Some((_, value)) = self.entry(key) else {
            return Vec::new();
        };
        let DeValue::Array(items) = value.get_ref() else {
            self.wrong_type(key, "an array of tables", value);
            return Vec::new();
        };
        let mut out = Vec::new();
        for item in items.iter() {
            match item.get_ref() {
                DeValue::Table(table) => {
                    let mut reader = TableReader::new(self.file, table, self.what, known);
                    reader.service = self.service.clone();
                    out.push(reader);
                }
                other => {
                    let found = other.type_str();
                    self.drop_value(
                        "wrong-type",
                        format!("`{key}` must hold only tables, not {found}"),
                        item.span(),
                    );
                }
            }
        }
        out
    }

    /// An offset date-time (`updated = 2026-11-27T22:00:00-06:00`).
    pub fn offset_datetime(&mut self, key: &str) -> Option<DateTime<FixedOffset>> {
        let (_, value) = self.entry(key)?;
        let span = value.span();
        let parsed = match value.get_ref() {
            DeValue::Datetime(dt)
                if dt.date.is_some() && dt.time.is_some() && dt.offset.is_some() =>
            {
                DateTime::parse_from_rfc3339(&dt.to_string()).ok()
            }
            _ => None,
        };
        if parsed.is_none() {
            self.drop_value(
                "invalid-date",
                format!("`{key}` must be a date and time with its UTC offset, such as 2026-11-27T22:00:00-06:00"),
                span,
            );
        }
        parsed
    }

    /// Merges a sub-reader's findings into this one.
    pub fn absorb(&mut self, other: TableReader<'_, '_>) {
        self.diagnostics.extend(other.diagnostics);
        self.trimmed |= other.trimmed;
        if self.unsafe_reason.is_none() {
            self.unsafe_reason = other.unsafe_reason;
        }
    }

    /// Reports every key not in the known list and not an `x-` extension.
    pub fn check_unknown_keys(&mut self) {
        let unknown: Vec<(String, Range<usize>)> = self
            .entries
            .iter()
            .filter(|(_, name, _, _)| !name.starts_with("x-") && !self.known.contains(name))
            .map(|(_, name, k, _)| (name.to_string(), k.span()))
            .collect();
        for (key, span) in unknown {
            let hint = closest(&key, self.known)
                .map(|k| format!("did you mean `{k}`?"))
                .unwrap_or_else(|| {
                    "remove it, or name it `x-…` to keep it as an extension".to_string()
                });
            let what = self.what;
            self.drop_value(
                "unknown-key",
                format!("unknown key `{}` in a {what}: {hint}", visible(&key)),
                span,
            );
        }
    }
}

fn parse_float(text: &str) -> Option<f64> {
    without_underscores(text)
        .parse::<f64>()
        .ok()
        .filter(|f| f.is_finite())
}

/// A TOML number's digits without the underscores it may group them with
/// (`1_000`); the usual number, written without, is not copied.
fn without_underscores(digits: &str) -> std::borrow::Cow<'_, str> {
    if digits.contains('_') {
        std::borrow::Cow::Owned(digits.replace('_', ""))
    } else {
        std::borrow::Cow::Borrowed(digits)
    }
}

fn local_date_of(value: &DeValue<'_>) -> Result<NaiveDate, String> {
    match value {
        DeValue::Datetime(dt) if dt.time.is_none() && dt.offset.is_none() => {
            let date = dt.date.ok_or("is not a date")?;
            NaiveDate::from_ymd_opt(date.year.into(), date.month.into(), date.day.into())
                .ok_or_else(|| format!("{dt} is not a real date"))
        }
        DeValue::Datetime(dt) => Err(format!(
            "must be a date alone, such as 2026-10-15, not {dt}"
        )),
        DeValue::String(s) => Err(format!(
            "must be a TOML date written without quotes, such as 2026-10-15, not \"{}\"",
            visible(s)
        )),
        other => Err(format!(
            "must be a date, such as 2026-10-15, not {}",
            other.type_str()
        )),
    }
}

/// The known word closest to a typo, if one is close enough to suggest.
pub fn closest<'k>(word: &str, known: &[&'k str]) -> Option<&'k str> {
    known
        .iter()
        .map(|k| (strsim::damerau_levenshtein(word, k), *k))
        .filter(|(d, k)| *d <= 2.max(k.len() / 4))
        .min()
        .map(|(_, k)| k)
}

#[cfg(test)]
mod tests {
    use crate::directory::{load_bytes, Limits};

    /// Keys that share their length and first seven bytes share a tag: the
    /// reader must still tell them apart by their bytes.
    #[test]
    fn keys_alike_in_length_and_start_are_told_apart() {
        let text = "[directory]\nname = \"T\"\ntimezone = \"UTC\"\n\
            [[service]]\nid = \"a\"\nname = \"A\"\ncategories = [\"detox\"]\nphone = \"555-0100\"\n\
            referral_notez = \"not a note\"\nalert_untiL = 2026-01-01\n";
        let loaded = load_bytes(vec![("a.toml".into(), text.into())], Limits::default());
        let service = &loaded.services[0];
        assert_eq!(service.referral_notes, None);
        assert_eq!(service.alert_until, None);
        let unknown: Vec<&str> = loaded
            .diagnostics
            .iter()
            .filter(|d| d.code == "unknown-key")
            .map(|d| d.message.as_str())
            .collect();
        assert_eq!(unknown.len(), 2, "{unknown:?}");
        // In the order written, each with the key it was likely meant as.
        assert!(unknown[0].contains("`referral_notez`") && unknown[0].contains("`referral_notes`"));
        assert!(unknown[1].contains("`alert_untiL`") && unknown[1].contains("`alert_until`"));
    }
}
