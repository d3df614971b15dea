//! The text slip, for receipt printers and terminals: every line within
//! the width in display columns, words wrapped, rules drawn across.

use crate::slip::content::{content, Content};
use crate::slip::words::NBSP;
use crate::slip::wrap::{ascii, wrap};
use crate::slip::{Slip, Style, MAX_WIDTH, MIN_WIDTH};

/// Lines being laid out at one width, in Unicode or in ASCII.
struct Page {
    width: usize,
    ascii: bool,
    lines: Vec<String>,
}

impl Page {
    /// A paragraph, wrapped, its later lines indented by `indent` columns.
    fn para(&mut self, text: &str, indent: usize) {
        self.prefixed(text, "", indent);
    }

    /// A paragraph after a prefix such as `1. `.
    fn prefixed(&mut self, text: &str, first: &str, indent: usize) {
        // No-break spaces survive the ASCII folding, hold words together
        // while wrapping, and are printed as plain spaces.
        let plain = |s: &str| {
            if self.ascii {
                s.split(NBSP).map(ascii).collect::<Vec<_>>().join("\u{a0}")
            } else {
                s.to_string()
            }
        };
        let (text, first) = (plain(text), plain(first));
        let rest = " ".repeat(indent);
        for line in wrap(&text, self.width, &first, &rest) {
            self.lines
                .push(line.replace(NBSP, " ").trim_end().to_string());
        }
    }

    /// A labelled field: `Phone: (312) 555-0101`.
    fn field(&mut self, label: &str, value: &str, indent: usize) {
        self.prefixed(&format!("{label}: {value}"), &" ".repeat(indent), indent);
    }

    /// A rule across the width, `═`/`=` when `heavy`, else `─`/`-`.
    fn rule(&mut self, heavy: bool) {
        let c = match (heavy, self.ascii) {
            (true, false) => '═',
            (false, false) => '─',
            (true, true) => '=',
            (false, true) => '-',
        };
        self.lines.push(c.to_string().repeat(self.width));
    }
}

/// Lays the content out.
fn layout(content: &Content, style: &Style) -> String {
    let w = content.words;
    let mut page = Page {
        width: style.width.clamp(MIN_WIDTH, MAX_WIDTH),
        ascii: style.ascii,
        lines: Vec::new(),
    };
    if let Some(demo) = content.demo {
        page.rule(true);
        page.para(demo, 0);
    }
    page.rule(true);
    for line in &content.heading {
        page.para(line, 2);
    }
    if let Some(date) = &content.date {
        page.para(date, 2);
    }
    page.para(&content.code, 2);
    for line in [&content.person, &content.pathway].into_iter().flatten() {
        page.para(line, 2);
    }
    page.rule(true);
    let numbers = content.services.len().to_string().len();
    let indent = numbers + 2;
    for (i, block) in content.services.iter().enumerate() {
        if i > 0 {
            page.rule(false);
        }
        let number = format!("{:<indent$}", format!("{}.", i + 1));
        page.prefixed(&block.name, &number, indent);
        if let Some(offers) = &block.offers {
            page.field(w.offers, offers, indent);
        }
        let pad = " ".repeat(indent);
        if let Some(address) = &block.address {
            page.prefixed(address, &pad, indent);
        }
        if let Some(distance) = &block.distance {
            page.prefixed(distance, &pad, indent);
        }
        page.field(w.phone, &block.phone, indent);
        page.prefixed(&block.status, &pad, indent);
        if let Some(today) = &block.today {
            page.prefixed(today, &pad, indent);
        }
        if let Some(capacity) = &block.capacity {
            page.prefixed(capacity, &pad, indent);
        }
        if let Some(alert) = &block.alert {
            page.prefixed(&format!("! {}: {alert}", w.alert), &pad, indent + 2);
        }
        if let Some(notes) = &block.notes {
            page.field(w.notes, notes, indent);
        }
        if let Some(verified) = &block.verified {
            page.prefixed(verified, &pad, indent);
        }
    }
    if !content.crisis.is_empty() {
        page.rule(true);
        page.para(&format!("{}:", w.crisis), 0);
        for line in &content.crisis {
            page.para(&format!("{}: {}", line.name, line.phone), 2);
        }
    }
    page.rule(true);
    let mut out = page.lines.join("\n");
    out.push('\n');
    out
}

/// The slip as text, `style.width` columns wide (clamped to
/// [`MIN_WIDTH`]..=[`MAX_WIDTH`]), each line ending in `\n`.
///
/// # Example
/// ```
/// # use deflect::slip::{text, ReferralCode, Slip, Style};
/// # let (directory, _) = deflect::directory::load(
/// #     &deflect::directory::DirSource::Demo, Default::default(),
/// # ).unwrap().into_directory().unwrap();
/// let slip = Slip {
///     directory: &directory,
///     at: chrono::Utc::now(),
///     origin: None,
///     station_name: Some("Central District Station"),
///     station_phone: None,
///     entries: Vec::new(),
///     code: ReferralCode::parse("7K3M-Q9TX").unwrap(),
///     person: None,
///     pathway: Some("self-referral"),
/// };
/// let printed = text(&slip, &Style { width: 32, ..Style::default() });
/// assert!(printed.contains("Referral code: 7K3M-Q9TX"));
/// assert!(printed.lines().all(|l| l.chars().count() <= 32));
/// ```
pub fn text(slip: &Slip<'_>, style: &Style) -> String {
    layout(&content(slip, style), style)
}
