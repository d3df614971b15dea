//! Printing the pages with a real browser: headless Chromium prints an
//! HTML page to PDF and to a PNG screenshot, and pdfinfo reads the pages
//! back. Where either is not installed, or Chromium does not finish in two
//! minutes, the caller is told `None` and skips with a note (`.ci/run`
//! installs both).

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// Chromium and pdfinfo, as found on the PATH.
pub struct Browser {
    chromium: PathBuf,
    pdfinfo: PathBuf,
}

/// A PDF as pdfinfo reads it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Pdf {
    /// How many pages.
    pub pages: u32,
    /// The first page's width in points.
    pub width: f64,
    /// Its height in points.
    pub height: f64,
}

/// A program on `PATH`, if there is one.
pub fn on_path(names: &[&str]) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .flat_map(|dir| names.iter().map(move |n| dir.join(n)))
        .find(|candidate| candidate.is_file())
}

impl Browser {
    /// The browser, or `None` with a note on standard error saying what
    /// the test could not check.
    pub fn find(what: &str) -> Option<Browser> {
        match (
            on_path(&["chromium", "chromium-browser"]),
            on_path(&["pdfinfo"]),
        ) {
            (Some(chromium), Some(pdfinfo)) => Some(Browser { chromium, pdfinfo }),
            _ => {
                eprintln!("note: chromium or pdfinfo is not installed; {what} was not printed (.ci/run installs both)");
                None
            }
        }
    }

    /// Runs headless Chromium on `page` with more flags; `true` when it
    /// finished and wrote `output`.
    fn run(&self, page: &Path, flags: &[String], output: &Path) -> bool {
        headless(&self.chromium, page, flags, Stdio::null()) && output.is_file()
    }

    /// Prints the page to `pdf` and reads its pages back.
    pub fn pdf(&self, page: &Path, pdf: &Path) -> Option<Pdf> {
        if !self.run(page, &[format!("--print-to-pdf={}", pdf.display())], pdf) {
            return None;
        }
        Some(pdf_info(&self.pdfinfo, pdf))
    }

    /// A screenshot of the page's top, `width` × `height` CSS pixels.
    pub fn png(&self, page: &Path, png: &Path, width: u32, height: u32) -> bool {
        let flags = [
            format!("--window-size={width},{height}"),
            format!("--screenshot={}", png.display()),
        ];
        self.run(page, &flags, png)
    }
}

/// Chromium at `chromium`, headless in a profile of its own, on `page`
/// with `flags`, its standard output to `stdout`; `true` when it finished
/// within two minutes (else it is stopped, with a note).
pub fn headless(chromium: &Path, page: &Path, flags: &[String], stdout: Stdio) -> bool {
    let profile = tempfile::tempdir().expect("a temporary folder");
    let mut child = match Command::new(chromium)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--hide-scrollbars",
            "--no-pdf-header-footer",
        ])
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .args(flags)
        .arg(format!("file://{}", page.display()))
        .stdin(Stdio::null())
        .stdout(stdout)
        .stderr(Stdio::null())
        .spawn()
    {
        Ok(child) => child,
        Err(_) => return false,
    };
    let start = Instant::now();
    loop {
        if let Ok(Some(_)) = child.try_wait() {
            return true;
        }
        if start.elapsed() > Duration::from_secs(120) {
            let _ = child.kill();
            let _ = child.wait();
            eprintln!(
                "note: chromium did not finish {} within two minutes",
                page.display()
            );
            return false;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
}

/// A PDF's pages and first page size, as pdfinfo at `pdfinfo` reads them.
pub fn pdf_info(pdfinfo: &Path, pdf: &Path) -> Pdf {
    let output = Command::new(pdfinfo)
        .arg(pdf)
        .output()
        .expect("pdfinfo runs");
    let text = String::from_utf8_lossy(&output.stdout);
    let field = |name: &str| {
        text.lines()
            .find_map(|l| l.strip_prefix(name))
            .map(str::trim)
            .unwrap_or_else(|| panic!("no {name} in pdfinfo's output:\n{text}"))
            .to_string()
    };
    let size: Vec<f64> = field("Page size:")
        .split_whitespace()
        .filter_map(|w| w.parse().ok())
        .collect();
    Pdf {
        pages: field("Pages:").parse().expect("a page count"),
        width: size[0],
        height: size[1],
    }
}

/// The width and height of a PNG, from its header.
pub fn png_size(png: &Path) -> (u32, u32) {
    let bytes = std::fs::read(png).expect("the screenshot");
    assert_eq!(&bytes[1..4], b"PNG", "{} is not a PNG", png.display());
    let number =
        |at: usize| u32::from_be_bytes([bytes[at], bytes[at + 1], bytes[at + 2], bytes[at + 3]]);
    (number(16), number(20))
}
