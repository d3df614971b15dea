//! The guards a file passes before the TOML parser sees it: its bytes
//! must be UTF-8, its raw control characters are reported (and masked, so
//! that they are not taken for a syntax error), and its nesting is
//! counted without parsing, so that a hostile file cannot overflow the
//! parser's stack.

use crate::diagnostic::Diagnostic;
use crate::directory::load::limits::Limits;
use crate::directory::source::SourceFile;
use crate::sanitize::visible;

/// The text of a file's bytes, or `not-utf8` at the first bad byte.
pub(super) fn utf8_text(bytes: Vec<u8>, rel: &str) -> Result<String, Box<Diagnostic>> {
    String::from_utf8(bytes).map_err(|e| {
        let offset = e.utf8_error().valid_up_to();
        let bytes = e.into_bytes();
        // Position the fault in the valid text before it.
        let prefix = String::from_utf8_lossy(&bytes[..offset]).into_owned();
        let file = SourceFile::new(rel.to_string(), prefix);
        Box::new(file.locate(
            Diagnostic::error(
                "not-utf8",
                format!(
                    "this file is not UTF-8 (invalid byte 0x{:02x} at byte offset {offset}): save it as UTF-8",
                    bytes[offset]
                ),
            ),
            offset..offset,
        ))
    })
}

/// The deepest nesting of arrays and inline tables, counted without
/// parsing, so that a hostile file cannot overflow the parser's stack.
/// Returns the depth and the byte offset where it is reached. Every byte
/// that matters here is ASCII, and no byte of a multi-byte character is, so
/// the text is scanned a byte at a time.
fn nesting_depth(text: &str) -> (usize, usize) {
    let bytes = text.as_bytes();
    let special = |b: &u8| matches!(b, b'#' | b'"' | b'\'' | b'[' | b']' | b'{' | b'}');
    // Whether only blanks stand between the start of the line and `at`.
    let starts_line = |at: usize| {
        bytes[..at]
            .iter()
            .rev()
            .find(|b| !matches!(b, b' ' | b'\t' | b'\r'))
            .is_none_or(|&b| b == b'\n')
    };
    let mut depth = 0usize;
    let mut max = (0usize, 0usize);
    let mut i = 0;
    while let Some(n) = bytes[i..].iter().position(special) {
        let at = i + n;
        i = at + 1;
        match bytes[at] {
            // A comment, to the end of its line.
            b'#' => i = memchr::memchr(b'\n', &bytes[i..]).map_or(bytes.len(), |n| i + n + 1),
            // A string; triple quotes are taken loosely, which is enough to
            // count brackets. In a basic string a backslash escapes the
            // next byte.
            b'"' => loop {
                match memchr::memchr2(b'"', b'\\', &bytes[i..]) {
                    None => {
                        i = bytes.len();
                        break;
                    }
                    Some(n) if bytes[i + n] == b'\\' => i = (i + n + 2).min(bytes.len()),
                    Some(n) => {
                        i += n + 1;
                        break;
                    }
                }
            },
            b'\'' => i = memchr::memchr(b'\'', &bytes[i..]).map_or(bytes.len(), |n| i + n + 1),
            // A table header (`[x]`, `[[x]]`) at the start of a line is not
            // nesting.
            b'[' if starts_line(at) => {}
            b'[' | b'{' => {
                depth += 1;
                if depth > max.0 {
                    max = (depth, at);
                }
            }
            _ => depth = depth.saturating_sub(1),
        }
    }
    max
}

/// Reports the raw control characters masked before parsing, and refuses
/// a text nested deeper than the limit. Returns whether the text may be
/// handed to the parser.
pub(super) fn screen(
    file: &SourceFile,
    parsable: &str,
    limits: Limits,
    diagnostics: &mut Vec<Diagnostic>,
) -> bool {
    for &offset in &file.masked_controls {
        let c = file.text[offset..].chars().next().unwrap_or('?');
        diagnostics.push(file.locate(
            Diagnostic::error(
                "control-character",
                format!(
                    "the control character {} is written here: remove it; text may hold only line breaks and tabs besides printable characters",
                    visible(&c.to_string())
                ),
            ),
            offset..offset + c.len_utf8(),
        ));
    }
    let (depth, at) = nesting_depth(parsable);
    if depth > limits.max_depth {
        diagnostics.push(file.locate(
            Diagnostic::error(
                "toml-syntax",
                format!(
                    "values are nested more than {} levels deep here: this is not a directory file",
                    limits.max_depth
                ),
            ),
            at..at + 1,
        ));
        return false;
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The plain, character-at-a-time reading of nesting that
    /// `nesting_depth` must agree with.
    fn nesting_reference(text: &str) -> (usize, usize) {
        let mut depth = 0usize;
        let mut max = (0usize, 0usize);
        let mut chars = text.char_indices();
        let mut at_line_start = true;
        while let Some((i, c)) = chars.next() {
            match c {
                '#' => {
                    for (_, c) in chars.by_ref() {
                        if c == '\n' {
                            break;
                        }
                    }
                    at_line_start = true;
                    continue;
                }
                '"' | '\'' => {
                    let mut escaped = false;
                    for (_, d) in chars.by_ref() {
                        if c == '"' && d == '\\' && !escaped {
                            escaped = true;
                            continue;
                        }
                        if d == c && !escaped {
                            break;
                        }
                        escaped = false;
                    }
                }
                '[' | '{' if !(c == '[' && at_line_start) => {
                    depth += 1;
                    if depth > max.0 {
                        max = (depth, i);
                    }
                }
                '[' => {}
                ']' | '}' => depth = depth.saturating_sub(1),
                '\n' => {
                    at_line_start = true;
                    continue;
                }
                ' ' | '\t' | '\r' => continue,
                _ => {}
            }
            at_line_start = false;
        }
        max
    }

    proptest::proptest! {
        #[test]
        fn nesting_depth_agrees_with_the_plain_reading(text in "[\\[\\]{}\"'#\\\\ \t\r\nab=é]{0,80}") {
            proptest::prop_assert_eq!(nesting_depth(&text), nesting_reference(&text));
        }
    }

    #[test]
    fn nesting_is_counted_outside_strings_comments_and_headers() {
        assert_eq!(nesting_depth("[[service]]\na = [[1], [2]]\n"), (2, 17));
        assert_eq!(nesting_depth("a = { b = [1] }\n"), (2, 10));
        // Brackets in strings and comments are text; a header is not nesting.
        assert_eq!(nesting_depth("a = \"[[[\" # {{{\n[x]\nb = '[['\n"), (0, 0));
        assert_eq!(nesting_depth("a = \"\\\"[\"\nb = [1]\n"), (1, 14));
        // Offsets are in bytes, past characters of several bytes.
        assert_eq!(nesting_depth("é = \"é\"\nx = [1]\n"), (1, 14));
        let deep = format!("a = {}{}\n", "[".repeat(100_000), "]".repeat(100_000));
        assert_eq!(nesting_depth(&deep).0, 100_000);
    }
}
