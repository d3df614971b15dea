//! Slips and cards laid out by a real browser (headless Chromium), where
//! it is installed (`.ci/run` installs it; elsewhere the tests say so and
//! pass): no text runs out of a wallet card's box or under its footer,
//! the demo mark on a card is as plain to see as on a slip, and no phone
//! number is broken across lines on an 80 mm slip.
//!
//! The page is measured by a script the test adds to a copy of it (the
//! page itself runs no script: its content security policy, removed from
//! the copy, forbids it); the script writes its findings into the page,
//! and Chromium's `--dump-dom` prints them.

use std::fs::File;
use std::process::Stdio;

use crate::harness::{fixture, Deflect};
use crate::printing::{headless, on_path};

const AT: &str = "2026-11-28T02:00";

/// What the script wrote into the page: one line per finding, `OK` when
/// there is none. `None` (with a note) when Chromium is missing or does
/// not answer within two minutes.
fn measured(html: &str, script: &str) -> Option<String> {
    let Some(chromium) = on_path(&["chromium", "chromium-browser"]) else {
        eprintln!("note: chromium is not installed; the browser checks were skipped (.ci/run installs it)");
        return None;
    };
    let work = tempfile::tempdir().unwrap();
    let page = work.path().join("page.html");
    let without_policy: String = html
        .lines()
        .filter(|l| !l.contains("Content-Security-Policy"))
        .collect::<Vec<_>>()
        .join("\n");
    let probe = format!(
        "<pre id=\"verdict\"></pre>\n<script>\n{script}\n\
         document.getElementById('verdict').textContent = out.length ? out.join('\\n') : 'OK';\n\
         </script>\n</body>"
    );
    std::fs::write(&page, without_policy.replace("</body>", &probe)).unwrap();
    let dom = work.path().join("dom.html");
    let dumped = Stdio::from(File::create(&dom).unwrap());
    if !headless(&chromium, &page, &["--dump-dom".to_string()], dumped) {
        return None;
    }
    let dom = std::fs::read_to_string(dom).unwrap();
    let verdict = dom
        .split_once("<pre id=\"verdict\">")
        .and_then(|(_, rest)| rest.split_once("</pre>"))
        .map(|(v, _)| {
            v.replace("&amp;", "&")
                .replace("&lt;", "<")
                .replace("&gt;", ">")
        })
        .unwrap_or_else(|| panic!("no verdict in the page:\n{dom}"));
    Some(verdict)
}

/// Every card's text inside its box: each paragraph of the main part
/// ends above the main part's end (past it the card hides it) and the
/// footer's rule, none is wider than it may be, and the footer is inside
/// the card. The demo mark, where there is one, has a rule round it at
/// least 1.5 pt wide, in bold.
const CARDS_FIT: &str = r#"
const out = [];
const px = 96 / 72;
document.querySelectorAll('.card').forEach((card, i) => {
  const box = card.getBoundingClientRect();
  const main = card.querySelector('.main').getBoundingClientRect();
  const foot = card.querySelector('.foot').getBoundingClientRect();
  const name = card.querySelector('.name').textContent.slice(0, 30);
  card.querySelectorAll('.main p').forEach(p => {
    const r = p.getBoundingClientRect();
    const what = `card ${i} (${name}) .${p.className} "${p.textContent.slice(0, 30)}"`;
    if (r.bottom > main.bottom + 0.5) out.push(`${what} ends ${(r.bottom - main.bottom).toFixed(1)}px below the text's box`);
    if (r.bottom > foot.top + 0.5) out.push(`${what} runs under the footer`);
    if (p.scrollWidth > p.clientWidth + 1 || r.right > main.right + 0.5) out.push(`${what} is wider than the card`);
  });
  if (foot.bottom > box.bottom + 0.5 || foot.right > box.right + 0.5) out.push(`card ${i} (${name}): the footer leaves the card`);
  card.querySelectorAll('.foot span').forEach(s => {
    if (s.scrollWidth > s.clientWidth + 1) out.push(`card ${i} (${name}): the footer's "${s.textContent}" is cut`);
  });
  const demo = card.querySelector('.demo');
  if (demo) {
    const style = getComputedStyle(demo);
    if (parseFloat(style.borderTopWidth) < 1.5 * px - 0.01) out.push(`card ${i}: the demo mark has no rule round it`);
    if (parseInt(style.fontWeight) < 700) out.push(`card ${i}: the demo mark is not bold`);
    const qr = card.querySelector('.qr');
    if (qr && demo.getBoundingClientRect().right > qr.getBoundingClientRect().left + 0.5) out.push(`card ${i}: the demo mark runs under the QR code`);
  }
});
if (!document.querySelector('.card')) out.push('no card');
"#;

#[test]
fn long_names_and_addresses_fit_inside_the_card() {
    let dir = fixture("rough");
    for paper in ["a4", "letter"] {
        let run = Deflect::new()
            .args(["cards", "--dir", &dir, "--at", AT, "--paper", paper])
            .run();
        run.code(0);
        let Some(verdict) = measured(&run.stdout, CARDS_FIT) else {
            return;
        };
        assert_eq!(verdict, "OK", "{paper}");
        // The long card is made smaller as a whole; the others are not.
        assert_eq!(run.stdout.matches("font-size: 8pt\">").count(), 6);
    }
}

#[test]
fn the_demo_mark_on_cards_is_as_plain_as_on_slips() {
    let run = Deflect::new().args(["cards", "--at", AT]).run();
    run.code(0);
    let cards = run.stdout.matches("<section class=\"card\"").count();
    assert!(cards > 0, "{}", run.stdout);
    // Every card carries it, boxed and bold as the slip's warning is.
    assert_eq!(
        run.stdout
            .matches("<p class=\"demo\">DEMO: fictional</p>")
            .count(),
        cards
    );
    assert!(run
        .stdout
        .contains(".card .demo { border: 1.5pt solid #000;"));
    let slip = Deflect::new()
        .args(["slip", "old-mill-detox", "--format", "html", "--at", AT])
        .run();
    assert!(slip.stdout.contains(".demo { border: 1.5pt solid #000;"));
    if let Some(verdict) = measured(&run.stdout, CARDS_FIT) {
        assert_eq!(verdict, "OK");
    }
}

/// Whether each phone number given is laid out on one line.
fn phones_on_one_line(phones: &[&str]) -> String {
    let list = phones
        .iter()
        .map(|p| format!("'{p}'"))
        .collect::<Vec<_>>()
        .join(", ");
    format!(
        r#"
const out = [];
const phones = [{list}];
const seen = new Set();
const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
let node;
while ((node = walker.nextNode())) {{
  const text = node.textContent.replace(/\u00a0/g, ' ');
  for (const phone of phones) {{
    const at = text.indexOf(phone);
    if (at < 0) continue;
    seen.add(phone);
    const range = document.createRange();
    range.setStart(node, at);
    range.setEnd(node, at + phone.length);
    const lines = new Set([...range.getClientRects()].map(r => Math.round(r.top)));
    if (lines.size > 1) out.push(`${{phone}} is broken over ${{lines.size}} lines`);
  }}
}}
for (const phone of phones) if (!seen.has(phone)) out.push(`${{phone}} is not in one piece of text`);
"#
    )
}

#[test]
fn no_phone_number_is_broken_on_an_80_mm_slip() {
    for paper in ["80mm", "a6"] {
        let run = Deflect::new()
            .args([
                "slip",
                "old-mill-detox",
                "hcgh-detox-unit",
                "--format",
                "html",
                "--paper",
                paper,
                "--at",
                AT,
            ])
            .run();
        run.code(0);
        let script = phones_on_one_line(&[
            "(815) 555-0121",
            "(815) 555-0110",
            "1-800-662-4357",
            "(815) 555-0100",
        ]);
        let Some(verdict) = measured(&run.stdout, &script) else {
            return;
        };
        assert_eq!(verdict, "OK", "{paper}");
    }
}
