//! Problems found in a directory, as data: a severity, a stable code that
//! scripts grep for, a message, and where it is.
//!
//! Loading and validation produce diagnostics; they are never Rust errors,
//! so one bad entry never hides the others.

use serde::Serialize;

use crate::sanitize::escaped;

/// How serious a problem is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// The directory is wrong; `validate` fails.
    Error,
    /// Worth a look; fails `validate` only with `--deny-warnings`.
    Warning,
}

impl Severity {
    /// The word used in diagnostics.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        }
    }
}

/// The source line a diagnostic points into, for the text rendering.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Snippet {
    /// The whole source line, without its line ending.
    pub line_text: String,
    /// How many characters of the fault to underline (at least 1).
    pub width: usize,
}

/// One problem in a directory.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    /// `error` or `warning`.
    pub severity: Severity,
    /// A stable word from the list in docs/CLI.md.
    pub code: &'static str,
    /// What is wrong and what to do, in plain words.
    pub message: String,
    /// The file, relative to the directory folder, with `/`.
    pub file: Option<String>,
    /// 1-based line.
    pub line: Option<usize>,
    /// 1-based column, in characters.
    pub column: Option<usize>,
    /// The id of the service concerned.
    pub service: Option<String>,
    /// The source line, for the text rendering only.
    #[serde(skip)]
    pub snippet: Option<Snippet>,
}

impl Diagnostic {
    /// A diagnostic with no position yet.
    pub fn new(severity: Severity, code: &'static str, message: impl Into<String>) -> Self {
        Diagnostic {
            severity,
            code,
            message: message.into(),
            file: None,
            line: None,
            column: None,
            service: None,
            snippet: None,
        }
    }

    /// An error diagnostic.
    pub fn error(code: &'static str, message: impl Into<String>) -> Self {
        Self::new(Severity::Error, code, message)
    }

    /// A warning diagnostic.
    pub fn warning(code: &'static str, message: impl Into<String>) -> Self {
        Self::new(Severity::Warning, code, message)
    }

    /// Names the service the problem belongs to.
    pub fn for_service(mut self, id: Option<&str>) -> Self {
        self.service = id.map(str::to_string);
        self
    }

    /// Whether this is an error.
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// The first line of the text form, exactly
    /// `file:line:column: severity[code]: message` (scripts grep it).
    pub fn headline(&self) -> String {
        let mut out = String::new();
        self.push_headline(&mut out);
        out
    }

    fn push_headline(&self, out: &mut String) {
        use std::fmt::Write;
        if let Some(file) = &self.file {
            out.push_str(&escaped(file));
            if let (Some(line), Some(column)) = (self.line, self.column) {
                let _ = write!(out, ":{line}:{column}");
            }
            out.push_str(": ");
        }
        out.push_str(self.severity.as_str());
        out.push('[');
        out.push_str(self.code);
        out.push_str("]: ");
        out.push_str(&escaped(&self.message));
    }

    /// The whole text block: the headline, then the source line with a
    /// marker under the fault.
    pub fn render_text(&self) -> String {
        let mut out = String::new();
        self.push_text(&mut out);
        out
    }

    /// [`Diagnostic::render_text`], appended to `out`: `validate` writes
    /// tens of thousands of these into one buffer per block.
    pub fn push_text(&self, out: &mut String) {
        use std::fmt::Write;
        self.push_headline(out);
        out.push('\n');
        let (Some(snippet), Some(line), Some(column)) = (&self.snippet, self.line, self.column)
        else {
            return;
        };
        // Tabs become spaces and other controls escapes, so the line
        // shows as one line and the marker lines up under the fault.
        let plain = |t: &str| t.bytes().all(|b| (0x20..0x7f).contains(&b) || b == b'\t');
        let shown = |t: &str| escaped(&t.replace('\t', " "));
        let (text, indent) = if plain(&snippet.line_text) {
            // Printable ASCII: one column per character.
            let indent = (column - 1).min(snippet.line_text.len());
            (snippet.line_text.replace('\t', " "), indent)
        } else {
            let before: String = snippet.line_text.chars().take(column - 1).collect();
            let indent = unicode_width::UnicodeWidthStr::width(shown(&before).as_str());
            (shown(&snippet.line_text), indent)
        };
        let number = line.to_string();
        let pad = " ".repeat(number.len());
        let _ = write!(out, "{pad} |\n{number} | {text}\n{pad} | ");
        out.extend(std::iter::repeat_n(' ', indent));
        out.extend(std::iter::repeat_n('^', snippet.width.clamp(1, 60)));
        out.push('\n');
    }
}

impl Diagnostic {
    /// The JSON object of `validate --format json`, appended to `out` as
    /// `serde_json`'s pretty printer writes an element of the report's
    /// `diagnostics` (keys in order, indented by 4 and 6 spaces, `null` for
    /// what is absent), without a trailing comma or line break: a national
    /// directory's report is written a block at a time, with no tree of
    /// values in between.
    pub fn push_json(&self, out: &mut String) {
        use crate::sanitize::push_json_str;
        fn number(out: &mut String, n: Option<usize>) {
            match n {
                Some(n) => {
                    let mut digits = [0u8; 20];
                    let mut at = digits.len();
                    let mut rest = n;
                    loop {
                        at -= 1;
                        digits[at] = b'0' + (rest % 10) as u8;
                        rest /= 10;
                        if rest == 0 {
                            break;
                        }
                    }
                    out.extend(digits[at..].iter().map(|&d| char::from(d)));
                }
                None => out.push_str("null"),
            }
        }
        fn text(out: &mut String, t: Option<&str>) {
            match t {
                Some(t) => push_json_str(out, t),
                None => out.push_str("null"),
            }
        }
        out.push_str("    {\n      \"code\": ");
        push_json_str(out, self.code);
        out.push_str(",\n      \"column\": ");
        number(out, self.column);
        out.push_str(",\n      \"file\": ");
        text(out, self.file.as_deref());
        out.push_str(",\n      \"line\": ");
        number(out, self.line);
        out.push_str(",\n      \"message\": ");
        push_json_str(out, &self.message);
        out.push_str(",\n      \"service\": ");
        text(out, self.service.as_deref());
        out.push_str(",\n      \"severity\": ");
        push_json_str(out, self.severity.as_str());
        out.push_str("\n    }");
    }
}

/// Sorts diagnostics as CLI.md requires: by file, line, column, then code.
/// Diagnostics without a file come first.
pub fn sort(diagnostics: &mut [Diagnostic]) {
    diagnostics.sort_by(|a, b| {
        (&a.file, a.line, a.column, a.code).cmp(&(&b.file, b.line, b.column, b.code))
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(line_text: &str, column: usize, width: usize) -> Diagnostic {
        let mut d = Diagnostic::warning("code", "message");
        d.file = Some("a.toml".into());
        d.line = Some(12);
        d.column = Some(column);
        d.snippet = Some(Snippet {
            line_text: line_text.into(),
            width,
        });
        d
    }

    #[test]
    fn the_marker_lines_up_under_the_fault() {
        assert_eq!(
            at("\tid = \"x\"", 7, 3).render_text(),
            "a.toml:12:7: warning[code]: message\n   |\n12 |  id = \"x\"\n   |       ^^^\n"
        );
        // Wide and escaped characters before the fault move the marker by
        // their width on a terminal.
        assert_eq!(
            at("名前 = \"\u{1b}x\"", 7, 1).render_text(),
            "a.toml:12:7: warning[code]: message\n   |\n12 | 名前 = \"\\u{1b}x\"\n   |         ^\n"
        );
        // A column past the end of the line (its line break) stays on it.
        assert_eq!(
            at("a = 1", 7, 1).render_text(),
            "a.toml:12:7: warning[code]: message\n   |\n12 | a = 1\n   |      ^\n"
        );
    }
}
