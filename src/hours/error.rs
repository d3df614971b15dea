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
