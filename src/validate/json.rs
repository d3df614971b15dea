//! `validate --format json`, written a block at a time.
//!
//! A national directory's report holds tens of thousands of findings
//! (19 MB of JSON): turning it into a tree of `serde_json` values and
//! printing that took longer than judging the directory. The report is
//! written here straight from the findings, on every core, in the layout
//! and escaping of [`crate::render::write_json`] (a test holds the two
//! byte for byte), so scripts see exactly what they saw before.

use std::fmt::Write as _;
use std::io::Write;

use crate::diagnostic::Diagnostic;
use crate::sanitize::push_json_str;
use crate::validate::{Fixed, Report};

/// Findings formatted as one task, as for the text report.
const BLOCK: usize = 2048;

/// Writes the report as one pretty-printed JSON object: `diagnostics`,
/// then `fixes` when `--fix` was given, then `summary`.
///
/// # Errors
/// When the writer fails.
pub fn write_report(
    out: &mut dyn Write,
    report: &Report,
    fixes: Option<&[Fixed]>,
) -> std::io::Result<()> {
    out.write_all(b"{\n  \"diagnostics\": ")?;
    if report.diagnostics.is_empty() {
        out.write_all(b"[]")?;
    } else {
        out.write_all(b"[\n")?;
        let blocks: Vec<&[Diagnostic]> = report.diagnostics.chunks(BLOCK).collect();
        let texts = crate::parallel::parallel_map(blocks, 2, |block| {
            let mut text = String::with_capacity(block.len() * 400);
            for (i, d) in block.iter().enumerate() {
                if i > 0 {
                    text.push_str(",\n");
                }
                d.push_json(&mut text);
            }
            text
        });
        for (i, text) in texts.iter().enumerate() {
            if i > 0 {
                out.write_all(b",\n")?;
            }
            out.write_all(text.as_bytes())?;
        }
        out.write_all(b"\n  ]")?;
    }
    if let Some(fixes) = fixes {
        let mut text = String::from(",\n  \"fixes\": ");
        push_fixes(&mut text, fixes);
        out.write_all(text.as_bytes())?;
    }
    let s = &report.summary;
    writeln!(
        out,
        ",\n  \"summary\": {{\n    \"errors\": {},\n    \"files\": {},\n    \"services\": {},\n    \"warnings\": {}\n  }}\n}}",
        s.errors, s.files, s.services, s.warnings
    )
}

/// The `fixes` list: `{ "file", "line", "before", "after", "service" }`
/// for each value rewritten (or that would be, with `--dry-run`).
fn push_fixes(out: &mut String, fixes: &[Fixed]) {
    if fixes.is_empty() {
        out.push_str("[]");
        return;
    }
    out.push_str("[\n");
    for (i, fix) in fixes.iter().enumerate() {
        if i > 0 {
            out.push_str(",\n");
        }
        out.push_str("    {\n      \"file\": ");
        push_json_str(out, &fix.file);
        let _ = write!(out, ",\n      \"line\": {},\n      \"before\": ", fix.line);
        push_json_str(out, &fix.before);
        out.push_str(",\n      \"after\": ");
        push_json_str(out, &fix.after);
        out.push_str(",\n      \"service\": ");
        match &fix.service {
            Some(id) => push_json_str(out, id),
            None => out.push_str("null"),
        }
        out.push_str("\n    }");
    }
    out.push_str("\n  ]");
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::{Severity, Snippet};
    use crate::validate::Summary;

    fn report(diagnostics: Vec<Diagnostic>) -> Report {
        let errors = diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .count();
        Report {
            summary: Summary {
                files: 3,
                services: 12,
                errors,
                warnings: diagnostics.len() - errors,
            },
            diagnostics,
        }
    }

    fn as_before(report: &Report) -> String {
        let mut out = Vec::new();
        crate::render::write_json(&mut out, &serde_json::to_value(report).unwrap()).unwrap();
        String::from_utf8(out).unwrap()
    }

    fn written(report: &Report, fixes: Option<&[Fixed]>) -> String {
        let mut out = Vec::new();
        write_report(&mut out, report, fixes).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn the_report_is_byte_for_byte_what_write_json_wrote() {
        let mut located =
            Diagnostic::error("invalid-phone", "\"x\u{1b}\" is not a phone\n\u{202e}");
        located.file = Some("services/a \"b\".toml".into());
        located.line = Some(12);
        located.column = Some(9);
        located.service = Some("detox".into());
        located.snippet = Some(Snippet {
            line_text: "phone = \"x\"".into(),
            width: 3,
        });
        let loose = Diagnostic::warning("symlink-loop", "a loop\u{85} at \\ here");
        for diagnostics in [
            vec![],
            vec![loose.clone()],
            vec![located.clone(), loose.clone()],
            // More than one block.
            std::iter::repeat_n(located.clone(), BLOCK * 2 + 3).collect(),
        ] {
            let report = report(diagnostics);
            assert_eq!(written(&report, None), as_before(&report));
        }
    }

    #[test]
    fn fixes_sit_between_the_diagnostics_and_the_summary() {
        let report = report(vec![]);
        let fixes = [Fixed {
            file: "a.toml".into(),
            line: 4,
            service: Some("x".into()),
            before: "Mon-Fri 9am-5pm".into(),
            after: "Mo-Fr 09:00-17:00".into(),
        }];
        let json: serde_json::Value =
            serde_json::from_str(&written(&report, Some(&fixes))).unwrap();
        assert_eq!(
            json,
            serde_json::json!({
                "diagnostics": [],
                "fixes": [{ "file": "a.toml", "line": 4, "before": "Mon-Fri 9am-5pm",
                            "after": "Mo-Fr 09:00-17:00", "service": "x" }],
                "summary": { "errors": 0, "files": 3, "services": 12, "warnings": 0 }
            })
        );
        let empty: serde_json::Value = serde_json::from_str(&written(&report, Some(&[]))).unwrap();
        assert_eq!(empty["fixes"], serde_json::json!([]));
    }
}
