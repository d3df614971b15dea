//! Source files of a directory and positions in them: byte offsets turned
//! into the 1-based line and character column that diagnostics show.

use std::sync::OnceLock;

use crate::diagnostic::{Diagnostic, Snippet};

/// One file read from a directory.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// Path relative to the directory folder, with `/`.
    pub rel: String,
    /// The text (empty when the file could not be read as UTF-8, or once
    /// it has been let go).
    pub text: String,
    /// Where each line starts, worked out when a position is first asked
    /// for: most files of a national directory never need one.
    line_starts: OnceLock<Vec<usize>>,
    /// Byte offsets of raw control characters that were masked before
    /// parsing (TOML refuses them, and they must be reported as
    /// `control-character`, not as a syntax error).
    pub masked_controls: Vec<usize>,
    /// The text was let go once the file's entries were read.
    let_go: bool,
}

impl SourceFile {
    /// A file with its text.
    pub fn new(rel: String, text: String) -> Self {
        SourceFile {
            rel,
            text,
            line_starts: OnceLock::new(),
            masked_controls: Vec::new(),
            let_go: false,
        }
    }

    /// Frees the text once the file's entries are read, for the desk
    /// commands, which never show a position in it. Diagnostics placed in
    /// the file afterwards name the file only.
    pub fn let_go(&mut self) {
        self.text = String::new();
        self.line_starts = OnceLock::new();
        self.masked_controls = Vec::new();
        self.let_go = true;
    }

    /// The text to hand to the TOML parser: raw control characters (other
    /// than tab, line feed and carriage return) replaced by `?` of the same
    /// byte length, so that positions stay true. Their offsets are kept.
    pub fn parsable_text(&mut self) -> std::borrow::Cow<'_, str> {
        // C0 controls and DEL are single bytes; C1 controls (U+0080 to
        // U+009F) begin with the byte 0xC2. A byte scan, in blocks the
        // compiler can check many bytes at a time, finds the usual file
        // clean without decoding it; a file with a suspect byte is then
        // read character by character.
        let may_begin_control = |b: u8| {
            (b < 0x20 && b != b'\t' && b != b'\n' && b != b'\r') | (b == 0x7f) | (b == 0xc2)
        };
        let suspect = self.text.as_bytes().chunks(64).any(|block| {
            block
                .iter()
                .fold(false, |seen, &b| seen | may_begin_control(b))
        });
        if !suspect {
            return std::borrow::Cow::Borrowed(&self.text);
        }
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

    fn line_starts(&self) -> &[usize] {
        self.line_starts.get_or_init(|| {
            // Counted first, so that the list is made once at its size: a
            // national directory's files have two million lines.
            let bytes = self.text.as_bytes();
            let mut starts = Vec::with_capacity(memchr::memchr_iter(b'\n', bytes).count() + 1);
            starts.push(0);
            starts.extend(memchr::memchr_iter(b'\n', bytes).map(|i| i + 1));
            starts
        })
    }

    /// The 1-based line and character column of a byte offset; `None` once
    /// the text has been let go.
    pub fn position(&self, offset: usize) -> Option<(usize, usize)> {
        if self.let_go {
            return None;
        }
        let offset = offset.min(self.text.len());
        let line_starts = self.line_starts();
        let line = match line_starts.binary_search(&offset) {
            Ok(i) => i,
            Err(i) => i - 1,
        };
        let start = line_starts[line];
        let column = self
            .text
            .get(start..offset)
            .map_or(offset - start, |s| s.chars().count());
        Some((line + 1, column + 1))
    }

    /// The text of a 1-based line, without its line ending.
    pub fn line_text(&self, line: usize) -> &str {
        let line_starts = self.line_starts();
        let start = line_starts.get(line - 1).copied().unwrap_or(0);
        let end = line_starts.get(line).copied().unwrap_or(self.text.len());
        self.text
            .get(start..end)
            .unwrap_or("")
            .trim_end_matches(['\n', '\r'])
    }

    /// Places a diagnostic at a byte span of this file.
    pub fn locate(&self, mut diagnostic: Diagnostic, span: std::ops::Range<usize>) -> Diagnostic {
        let Some((line, column)) = self.position(span.start) else {
            return self.name(diagnostic);
        };
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

    /// `file:line` for an entry that starts at a byte offset, as the desk
    /// names an entry without an id.
    pub fn label(&self, offset: usize) -> String {
        match self.position(offset) {
            Some((line, _)) => format!("{}:{line}", self.rel),
            None => self.rel.clone(),
        }
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
        assert_eq!(file.position(0), Some((1, 1)));
        assert_eq!(file.position(3), Some((2, 1)));
        // 'é' is two bytes: byte 7 is the third character of line 2.
        assert_eq!(file.position(7), Some((2, 3)));
        assert_eq!(file.line_text(2), "éé = 1");
    }

    #[test]
    fn control_characters_are_masked_with_their_offsets() {
        for (text, offsets) in [
            ("a = \"ok\"\r\n\tb = 'é'\n", vec![]),
            ("a = \"x\u{1b}y\"\n", vec![6]),
            ("a = \"\u{7f}\u{85}\"\n", vec![5, 6]),
            // U+00A0 (0xC2 0xA0) is not a control.
            ("a = \"\u{a0}\"\n", vec![]),
        ] {
            let mut file = SourceFile::new("a.toml".into(), text.into());
            let masked = file.parsable_text().into_owned();
            assert_eq!(masked.len(), text.len(), "{text:?}");
            assert_eq!(file.masked_controls, offsets, "{text:?}");
        }
    }

    #[test]
    fn a_file_let_go_names_itself_without_a_position() {
        let mut file = SourceFile::new("a.toml".into(), "a = 1\nb = 2\n".into());
        assert_eq!(file.position(7), Some((2, 2)));
        file.let_go();
        assert_eq!(file.position(7), None);
        let d = file.locate(Diagnostic::error("x", "m"), 6..7);
        assert_eq!(
            (d.file.as_deref(), d.line, d.column),
            (Some("a.toml"), None, None)
        );
    }
}
