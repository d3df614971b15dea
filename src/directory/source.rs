//! Source files of a directory and positions in them: byte offsets turned
//! into the 1-based line and character column that diagnostics show.

use crate::diagnostic::{Diagnostic, Snippet};

/// One file read from a directory.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// Path relative to the directory folder, with `/`.
    pub rel: String,
    /// The text (empty when the file could not be read as UTF-8).
    pub text: String,
    line_starts: Vec<usize>,
    /// Byte offsets of raw control characters that were masked before
    /// parsing (TOML refuses them, and they must be reported as
    /// `control-character`, not as a syntax error).
    pub masked_controls: Vec<usize>,
}

impl SourceFile {
    /// A file with its text.
    pub fn new(rel: String, text: String) -> Self {
        let mut line_starts = vec![0];
        line_starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        SourceFile {
            rel,
            text,
            line_starts,
            masked_controls: Vec::new(),
        }
    }

    /// The text to hand to the TOML parser: raw control characters (other
    /// than tab, line feed and carriage return) replaced by `?` of the same
    /// byte length, so that positions stay true. Their offsets are kept.
    pub fn parsable_text(&mut self) -> std::borrow::Cow<'_, str> {
        let forbidden = |c: char| c.is_control() && !matches!(c, '\t' | '\n' | '\r');
        if !self.text.chars().any(forbidden) {
            return std::borrow::Cow::Borrowed(&self.text);
        }
        let mut masked = String::with_capacity(self.text.len());
        for (i, c) in self.text.char_indices() {
            if forbidden(c) {
                self.masked_controls.push(i);
                masked.push_str(&"?".repeat(c.len_utf8()));
            } else {
                masked.push(c);
            }
        }
        std::borrow::Cow::Owned(masked)
    }

    /// The 1-based line and character column of a byte offset.
    pub fn position(&self, offset: usize) -> (usize, usize) {
        let offset = offset.min(self.text.len());
        let line = match self.line_starts.binary_search(&offset) {
            Ok(i) => i,
            Err(i) => i - 1,
        };
        let start = self.line_starts[line];
        let column = self
            .text
            .get(start..offset)
            .map_or(offset - start, |s| s.chars().count());
        (line + 1, column + 1)
    }

    /// The text of a 1-based line, without its line ending.
    pub fn line_text(&self, line: usize) -> &str {
        let start = self.line_starts.get(line - 1).copied().unwrap_or(0);
        let end = self
            .line_starts
            .get(line)
            .copied()
            .unwrap_or(self.text.len());
        self.text
            .get(start..end)
            .unwrap_or("")
            .trim_end_matches(['\n', '\r'])
    }

    /// Places a diagnostic at a byte span of this file.
    pub fn locate(&self, mut diagnostic: Diagnostic, span: std::ops::Range<usize>) -> Diagnostic {
        let (line, column) = self.position(span.start);
        let line_text = self.line_text(line);
        let rest = line_text.chars().count().saturating_sub(column - 1);
        let width = self
            .text
            .get(span.clone())
            .map_or(1, |s| s.lines().next().unwrap_or("").chars().count())
            .clamp(1, rest.max(1));
        diagnostic.file = Some(self.rel.clone());
        diagnostic.line = Some(line);
        diagnostic.column = Some(column);
        diagnostic.snippet = Some(Snippet {
            line_text: line_text.to_string(),
            width,
        });
        diagnostic
    }

    /// Names this file on a diagnostic that has no position in it.
    pub fn name(&self, mut diagnostic: Diagnostic) -> Diagnostic {
        diagnostic.file = Some(self.rel.clone());
        diagnostic
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_count_lines_and_characters() {
        let file = SourceFile::new("a.toml".into(), "ab\néé = 1\n".into());
        assert_eq!(file.position(0), (1, 1));
        assert_eq!(file.position(3), (2, 1));
        // 'é' is two bytes: byte 7 is the third character of line 2.
        assert_eq!(file.position(7), (2, 3));
        assert_eq!(file.line_text(2), "éé = 1");
    }
}
