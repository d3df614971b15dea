//! What every HTML page deflect writes begins with: UTF-8, and a content
//! security policy under which the page can load nothing and run nothing.
//! Slips, cards, the coverage pages and the report's pages all start here.

use crate::sanitize::html as esc;

/// The head of every page deflect writes: UTF-8, and a content security
/// policy under which the page can load nothing and run nothing.
pub fn head(lang: &str, title: &str, css: &str) -> String {
    format!(
        "<!DOCTYPE html>\n<html lang=\"{lang}\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <meta name=\"referrer\" content=\"no-referrer\">\n\
         <title>{}</title>\n<style>\n{css}</style>\n</head>\n",
        esc(title)
    )
}
