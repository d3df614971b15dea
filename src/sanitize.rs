//! Making directory text safe to show. Directory data is untrusted: it
//! reaches terminals, receipt printers and diagnostics, so control
//! characters, escape sequences and bidi controls are made visible here, in
//! one place, before any text output.

/// Whether a character may not appear in directory text: a control
/// character other than line feed, carriage return and tab (this covers ESC,
/// and so every ANSI/OSC escape sequence, backspace and bell), a C1 control,
/// or a Unicode bidi control.
pub fn is_forbidden(c: char) -> bool {
    (c.is_control() && !matches!(c, '\n' | '\r' | '\t')) || is_bidi_control(c)
}

/// The Unicode bidi embedding, override and isolate controls, and the
/// marks, which can reorder what a reader sees.
pub fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{200E}' | '\u{200F}' | '\u{061C}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// Printable ASCII, tabs and line breaks: the usual text, which holds
/// nothing forbidden, told a byte at a time without decoding characters.
fn plainly_safe(text: &str) -> bool {
    text.bytes()
        .all(|b| (0x20..0x7f).contains(&b) || matches!(b, b'\n' | b'\r' | b'\t'))
}

/// The first forbidden character in a text, with its character index.
pub fn find_forbidden(text: &str) -> Option<(usize, char)> {
    if plainly_safe(text) {
        return None;
    }
    text.chars().enumerate().find(|&(_, c)| is_forbidden(c))
}

/// The text with every forbidden character shown as an escape such as
/// `\u{1b}`, so it can neither act on a terminal nor hide itself. Line
/// feeds, carriage returns and tabs are kept.
pub fn visible(text: &str) -> String {
    if plainly_safe(text) || !text.chars().any(is_forbidden) {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if is_forbidden(c) {
            out.push_str(&format!("\\u{{{:x}}}", c as u32));
        } else {
            out.push(c);
        }
    }
    out
}

/// The text on one line whatever it holds: [`visible`], with line feeds,
/// carriage returns and tabs shown as `\n`, `\r` and `\t`. For
/// diagnostics, whose first line scripts read.
pub fn escaped(text: &str) -> String {
    if text.bytes().all(|b| (0x20..0x7f).contains(&b)) {
        return text.to_string();
    }
    visible(text)
        .replace('\n', "\\n")
        .replace('\r', "\\r")
        .replace('\t', "\\t")
}

/// A block of text that may span lines (a description, referral notes):
/// [`visible`], with carriage returns turned into line feeds so that no
/// line can be overwritten on a terminal or a printer.
pub fn text_block(text: &str) -> String {
    visible(&text.replace("\r\n", "\n").replace('\r', "\n"))
}

/// One line of text for a table cell or slip line: [`visible`], with line
/// breaks and tabs folded to spaces.
pub fn one_line(text: &str) -> String {
    let shown = visible(text);
    let mut out = String::with_capacity(shown.len());
    let mut last_space = false;
    for c in shown.chars() {
        let c = if matches!(c, '\n' | '\r' | '\t') {
            ' '
        } else {
            c
        };
        if c == ' ' {
            if !last_space {
                out.push(' ');
            }
            last_space = true;
        } else {
            out.push(c);
            last_space = false;
        }
    }
    out.trim().to_string()
}

/// Escapes text for HTML element content and attribute values alike.
pub fn html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in visible(text).chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

/// Appends `text` to `out` as a JSON string, quotes included, escaped as
/// [`crate::render::write_json`] escapes it: quotes, backslashes, C0 controls as
/// serde_json writes them (`\n`, `\u001b`…), and every other
/// [`is_forbidden`] character as `\uXXXX`, so that reports written a
/// piece at a time are byte for byte what `write_json` writes.
pub fn push_json_str(out: &mut String, text: &str) {
    use std::fmt::Write;
    out.push('"');
    // The usual text: printable ASCII with nothing to escape.
    if text
        .bytes()
        .all(|b| (0x20..0x7f).contains(&b) && b != b'"' && b != b'\\')
    {
        out.push_str(text);
        out.push('"');
        return;
    }
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            c if is_forbidden(c) => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_strings_are_escaped_as_write_json_escapes_them() {
        for text in [
            "plain",
            "",
            "quote \" and \\ backslash",
            "tab\tline\nreturn\r bell\u{7} esc\u{1b}[31m bs\u{8} ff\u{c} nul\u{0}",
            "del\u{7f} c1\u{85}\u{9b} bidi\u{202e}\u{2066}\u{200f}\u{61c}",
            "accents é, wide 名前, emoji \u{1f600}, nbsp\u{a0}, slash /",
        ] {
            let mut expected = Vec::new();
            crate::render::write_json(&mut expected, &serde_json::json!(text)).unwrap();
            let mut pushed = String::new();
            push_json_str(&mut pushed, text);
            pushed.push('\n');
            assert_eq!(pushed, String::from_utf8(expected).unwrap(), "{text:?}");
        }
    }

    #[test]
    fn escapes_and_bidi_are_made_visible() {
        assert_eq!(visible("a\u{1b}[31mb"), "a\\u{1b}[31mb");
        assert_eq!(visible("x\u{202e}y"), "x\\u{202e}y");
        assert_eq!(visible("tab\tand\nline"), "tab\tand\nline");
        assert_eq!(visible("bell\u{7}"), "bell\\u{7}");
    }

    #[test]
    fn text_blocks_keep_lines_but_no_carriage_returns() {
        assert_eq!(text_block("a\r\nb\rc\td"), "a\nb\nc\td");
    }

    #[test]
    fn one_line_folds_breaks() {
        assert_eq!(one_line("a\n b\t\tc \u{8}"), "a b c \\u{8}");
    }

    #[test]
    fn html_escapes_everything_that_matters() {
        assert_eq!(html("<script>\"'&"), "&lt;script&gt;&quot;&#39;&amp;");
    }
}
