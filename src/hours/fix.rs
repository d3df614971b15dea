//! `deflect validate --fix`: rewrite tolerated `hours` values in a directory
//! TOML file to their canonical OSM form, changing nothing else in the file
//! (comments, order, layout and quoting of everything else stay byte for
//! byte).

use toml_edit::{Document, Item, Value};

use super::Hours;

/// One rewritten `hours` value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HoursFix {
    /// 1-based line of the value in the original file.
    pub line: usize,
    /// The `id` of the `[[service]]`, when it has one.
    pub service: Option<String>,
    /// The value as it was written.
    pub before: String,
    /// The canonical value written instead.
    pub after: String,
}

/// Rewrite the `hours` string of each `[[service]]` table whose expression
/// deflect reads but that is not written canonically.
///
/// Values that do not parse, or are already canonical, are left alone. Returns
/// the new file text and the list of fixes; an error when the file is not
/// valid TOML.
pub fn rewrite_hours_in_toml(source: &str) -> Result<(String, Vec<HoursFix>), String> {
    let doc = Document::parse(source).map_err(|e| e.to_string().trim().to_string())?;
    let mut edits: Vec<(std::ops::Range<usize>, String, HoursFix)> = Vec::new();
    if let Some(Item::ArrayOfTables(services)) = doc.get("service") {
        for table in services.iter() {
            let Some(Item::Value(value @ Value::String(s))) = table.get("hours") else {
                continue;
            };
            let before = s.value().to_string();
            let Ok(hours) = Hours::parse(&before) else {
                continue;
            };
            if hours.is_canonical() {
                continue;
            }
            // Without a span the value cannot be replaced in place.
            let Some(span) = value.span() else { continue };
            let Some(original) = source.get(span.clone()) else {
                continue;
            };
            // The span may include decoration; replace only the quoted literal.
            let lit_start = original.find(['"', '\'']).unwrap_or(0);
            let lit_len = literal_len(&original[lit_start..]);
            let range = span.start + lit_start..span.start + lit_start + lit_len;
            let after = hours.canonical().to_string();
            let line = source
                .get(..range.start)
                .map_or(1, |p| p.matches('\n').count() + 1);
            let service = table.get("id").and_then(|i| i.as_str()).map(str::to_string);
            let literal = Value::from(after.as_str()).to_string().trim().to_string();
            edits.push((
                range,
                literal,
                HoursFix {
                    line,
                    service,
                    before,
                    after,
                },
            ));
        }
    }
    edits.sort_by_key(|(r, _, _)| r.start);
    let mut out = String::with_capacity(source.len());
    let mut pos = 0;
    let mut fixes = Vec::with_capacity(edits.len());
    for (range, literal, fix) in edits {
        if range.start < pos {
            continue;
        }
        out.push_str(source.get(pos..range.start).unwrap_or(""));
        out.push_str(&literal);
        pos = range.end;
        fixes.push(fix);
    }
    out.push_str(source.get(pos..).unwrap_or(""));
    Ok((out, fixes))
}

/// Length in bytes of the TOML string literal at the start of `s`.
fn literal_len(s: &str) -> usize {
    for quote in ["\"\"\"", "'''"] {
        if let Some(rest) = s.strip_prefix(quote) {
            return rest.find(quote).map_or(s.len(), |i| i + 6);
        }
    }
    let mut chars = s.char_indices();
    let Some((_, q)) = chars.next() else { return 0 };
    let mut escaped = false;
    for (i, c) in chars {
        if q == '"' && !escaped && c == '\\' {
            escaped = true;
            continue;
        }
        if c == q && !escaped {
            return i + c.len_utf8();
        }
        escaped = false;
    }
    s.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    const FILE: &str = r#"# Directory of services, Cook County.
# Keep ids stable.

[[service]]
id = "night-shelter"   # the only one open overnight
name = "Night Shelter"
hours = "daily 8pm-8am"  # keeper wrote it like this

[[service]]
id = "clinic"
name = "Clinic"
hours = 'Mo-Fr 09:00-17:00; PH off'

[[service]]
id = "outreach"
hours = "Mon – Fri 9am-5pm, Sat 10-14"
tags = ["outreach", "naloxone"]

[[service]]
id = "odd"
hours = "9-5"   # ambiguous: left for a person to decide
"#;

    #[test]
    fn rewrites_only_tolerated_hours() {
        let (out, fixes) = rewrite_hours_in_toml(FILE).expect("valid toml");
        assert_eq!(fixes.len(), 2, "{fixes:?}");
        assert_eq!(fixes[0].line, 7);
        assert_eq!(fixes[0].service.as_deref(), Some("night-shelter"));
        assert_eq!(fixes[0].before, "daily 8pm-8am");
        assert_eq!(fixes[0].after, "Mo-Su 20:00-08:00");
        assert_eq!(fixes[1].service.as_deref(), Some("outreach"));
        assert_eq!(fixes[1].after, "Mo-Fr 09:00-17:00, Sa 10:00-14:00");
        let expected = FILE
            .replace("\"daily 8pm-8am\"", "\"Mo-Su 20:00-08:00\"")
            .replace(
                "\"Mon – Fri 9am-5pm, Sat 10-14\"",
                "\"Mo-Fr 09:00-17:00, Sa 10:00-14:00\"",
            );
        assert_eq!(out, expected);
        // Running it again changes nothing.
        let (again, none) = rewrite_hours_in_toml(&out).expect("valid toml");
        assert!(none.is_empty());
        assert_eq!(again, out);
    }

    #[test]
    fn invalid_toml_is_an_error() {
        assert!(rewrite_hours_in_toml("[[service]\nhours = ").is_err());
    }

    #[test]
    fn literal_lengths() {
        assert_eq!(literal_len("\"a\\\"b\" # x"), 6);
        assert_eq!(literal_len("'a\\' x"), 4);
        assert_eq!(literal_len("\"\"\"a\"\"\" x"), 7);
    }
}
