//! Why an opening-hours expression cannot be read, in plain words.

use std::fmt;

/// Why an expression cannot be read.
#[derive(Debug, Clone, PartialEq)]
pub struct HoursError {
    /// One line, plain words, says what to write instead where possible.
    pub message: String,
    /// Char offset into the original string of the bad part, when known.
    pub offset: Option<usize>,
    /// For an ambiguous form, the canonical readings it could mean.
    pub readings: Vec<String>,
}

impl HoursError {
    /// An error with a message and, when known, the char offset of the bad part.
    pub fn new(message: impl Into<String>, offset: Option<usize>) -> Self {
        Self {
            message: message.into(),
            offset,
            readings: Vec::new(),
        }
    }

    /// Turn the crate's parse error into one line of plain words.
    ///
    /// `text` is the string given to the crate's parser; `to_source` maps a
    /// char offset in `text` to a char offset in what the keeper wrote.
    pub(crate) fn from_crate(
        err: &opening_hours_syntax::Error,
        text: &str,
        to_source: &dyn Fn(usize) -> usize,
    ) -> Self {
        use opening_hours_syntax::Error as E;
        match err {
            E::Syntax(pest_err) => {
                let byte = match pest_err.location {
                    pest::error::InputLocation::Pos(p) => p,
                    pest::error::InputLocation::Span((p, _)) => p,
                };
                let byte = byte.min(text.len());
                // A byte offset from pest always falls on a char boundary.
                let chars = text.get(..byte).map_or(0, |s| s.chars().count());
                let offset = to_source(chars);
                let rest: String = text.get(byte..).unwrap_or("").chars().take(12).collect();
                let message = if rest.trim().is_empty() {
                    format!(
                        "the hours end too early (character {}); write e.g. \"Mo-Fr 09:00-17:00; Sa 10:00-14:00\"",
                        offset + 1
                    )
                } else {
                    format!(
                        "cannot read \"{}\" at character {}; write e.g. \"Mo-Fr 09:00-17:00; Sa 10:00-14:00\"",
                        rest.trim_end(),
                        offset + 1
                    )
                };
                Self::new(message, Some(offset))
            }
            E::Unsupported("point in time") => Self::new(
                "a time needs an end: write a range such as \"12:00-14:00\"",
                None,
            ),
            other => Self::new(one_line(&other.to_string()), None),
        }
    }
}

/// Collapse a message onto one line.
fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

impl fmt::Display for HoursError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)?;
        if !self.readings.is_empty() {
            write!(f, " (it could mean: {})", self.readings.join(" or "))?;
        }
        Ok(())
    }
}

impl std::error::Error for HoursError {}
