//! The HTML slip: one self-contained, print-ready page (no script, no
//! external resource, a policy that forbids loading any), every value
//! escaped, with a QR code per service that dials its phone.

use crate::sanitize::html as esc;
use crate::slip::content::{content, Content};
use crate::slip::{qr, Slip, Style};

/// The paper an HTML slip is laid out for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SlipPaper {
    /// A6 sheets (105 × 148 mm).
    #[default]
    A6,
    /// An 80 mm receipt roll.
    Receipt80,
}

/// The head of every page deflect writes (it lives with the pages of
/// `render`, which the coverage and report pages share).
pub(crate) use crate::render::page::head;

const SLIP_CSS: &str = "\
* { box-sizing: border-box; }
html { color: #000; background: #fff; font-family: \"DejaVu Sans\", \"Liberation Sans\", Arial, Helvetica, sans-serif; }
body { margin: 0 auto; line-height: 1.3; }
p, h1, h2 { margin: 0; }
.demo { border: 1.5pt solid #000; padding: 1.5mm; margin-bottom: 2mm; font-weight: bold; }
header { padding-bottom: 2mm; }
header .name { font-weight: bold; }
.code { font-weight: bold; font-size: 1.2em; margin-top: 1mm; letter-spacing: 0.03em; }
.service { border-top: 0.75pt solid #000; padding: 2mm 0; break-inside: avoid; page-break-inside: avoid; display: flow-root; }
.service h2 { font-size: 1.1em; margin-bottom: 0.5mm; overflow-wrap: anywhere; }
.service p { overflow-wrap: anywhere; }
.qr { float: right; width: 20mm; height: 20mm; margin: 0 0 1mm 2mm; }
.phone, .status { font-weight: bold; }
.tel { white-space: nowrap; }
.alert { font-weight: bold; }
.muted { font-size: 0.85em; }
.crisis { border-top: 1.5pt solid #000; padding-top: 2mm; break-inside: avoid; page-break-inside: avoid; }
.crisis h2 { font-size: 1em; }
.crisis ul { margin: 0; padding-left: 4mm; }
";

fn paper_css(paper: SlipPaper) -> &'static str {
    match paper {
        SlipPaper::A6 => {
            "\
@page { size: 105mm 148mm; margin: 7mm; }
html { font-size: 9.5pt; }
body { max-width: 91mm; }
@media screen { body { padding: 7mm; max-width: 105mm; } }
"
        }
        SlipPaper::Receipt80 => {
            "\
@page { size: 80mm 297mm; margin: 4mm; }
html { font-size: 9pt; }
body { max-width: 72mm; }
.qr { width: 18mm; height: 18mm; }
@media screen { body { padding: 4mm; max-width: 80mm; } }
"
        }
    }
}

fn para(out: &mut String, class: &str, text: &str) {
    if class.is_empty() {
        out.push_str(&format!("<p>{}</p>\n", esc(text)));
    } else {
        out.push_str(&format!("<p class=\"{class}\">{}</p>\n", esc(text)));
    }
}

fn body(content: &Content) -> String {
    let w = content.words;
    let mut out = String::new();
    if let Some(demo) = content.demo {
        para(&mut out, "demo", demo);
    }
    out.push_str("<header>\n");
    for (i, line) in content.heading.iter().enumerate() {
        para(&mut out, if i == 0 { "name" } else { "" }, line);
    }
    if let Some(date) = &content.date {
        para(&mut out, "", date);
    }
    para(&mut out, "code", &content.code);
    for line in [&content.person, &content.pathway].into_iter().flatten() {
        para(&mut out, "", line);
    }
    out.push_str("</header>\n");
    for (i, block) in content.services.iter().enumerate() {
        out.push_str("<section class=\"service\">\n");
        if let Some(tel) = &block.tel {
            let label = esc(&format!("{} {}", w.scan, block.phone));
            if let Some(svg) = qr::svg(tel, "qr", &label) {
                out.push_str(&svg);
                out.push('\n');
            }
        }
        out.push_str(&format!("<h2>{}. {}</h2>\n", i + 1, esc(&block.name)));
        if let Some(offers) = &block.offers {
            para(&mut out, "offers", &format!("{}: {offers}", w.offers));
        }
        if let Some(address) = &block.address {
            para(&mut out, "address", address);
        }
        if let Some(distance) = &block.distance {
            para(&mut out, "muted", distance);
        }
        // A phone number is never broken across lines (a browser breaks
        // after the hyphens of 1-800-662-4357 on an 80 mm roll).
        out.push_str(&format!(
            "<p class=\"phone\">{}: <span class=\"tel\">{}</span></p>\n",
            esc(w.phone),
            esc(&block.phone)
        ));
        para(&mut out, "status", &block.status);
        for line in [&block.today, &block.capacity].into_iter().flatten() {
            para(&mut out, "", line);
        }
        if let Some(alert) = &block.alert {
            para(&mut out, "alert", &format!("! {}: {alert}", w.alert));
        }
        if let Some(notes) = &block.notes {
            para(&mut out, "notes", &format!("{}: {notes}", w.notes));
        }
        if let Some(verified) = &block.verified {
            para(&mut out, "muted", verified);
        }
        out.push_str("</section>\n");
    }
    if !content.crisis.is_empty() {
        out.push_str(&format!(
            "<footer class=\"crisis\">\n<h2>{}</h2>\n<ul>\n",
            esc(w.crisis)
        ));
        for line in &content.crisis {
            out.push_str(&format!(
                "<li>{}: <strong class=\"tel\">{}</strong></li>\n",
                esc(&line.name),
                esc(&line.phone)
            ));
        }
        out.push_str("</ul>\n</footer>\n");
    }
    out
}

/// The slip as one HTML page for `paper`. `style.width` and `style.ascii`
/// do not apply to HTML.
pub fn html(slip: &Slip<'_>, style: &Style, paper: SlipPaper) -> String {
    let content = content(slip, style);
    let w = content.words;
    let title = if content.discreet {
        w.discreet_title
    } else {
        w.title
    };
    let css = format!("{SLIP_CSS}{}", paper_css(paper));
    let mut out = head(content.lang.code(), title, &css);
    out.push_str("<body>\n");
    out.push_str(&body(&content));
    out.push_str("</body>\n</html>\n");
    out
}
