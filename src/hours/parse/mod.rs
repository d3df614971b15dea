//! Reads an expression into the syntax tree, tolerating the forms people
//! write ("Mon-Fri 9am-5pm", "10-12", en dashes, weekday names in several
//! languages) and refusing what is truly ambiguous ("9-5").
//!
//! Every tolerated form is recorded as a warning; the canonical rendering of
//! the tree is strict OSM `opening_hours` syntax.
//!
//! The reader is one [`cursor::Reader`] over the tokens, whose grammar is
//! spread by what it reads: [`rules`] (the expression, its rules and
//! `24/7`), [`dates`] (years, weeks, months and dates), [`days`] (weekdays
//! and holidays) and [`times`]; [`vocabulary`] says what each word means.

mod cursor;
mod dates;
mod days;
mod rules;
mod times;
mod vocabulary;

use cursor::{Ambiguity, Reader, AMBIGUOUS};

use super::ast::Expr;
use super::error::HoursError;
use super::lexer::lex;
use super::rewrite::Change;

/// The result of reading an expression.
pub(crate) struct Parsed {
    pub expr: Expr,
    /// What was tolerated, in the order it was read.
    pub warnings: Vec<Change>,
}

/// Read `text`. An ambiguous range (`9-5`) is refused with the canonical
/// forms of its readings.
pub(crate) fn parse(text: &str) -> Result<Parsed, HoursError> {
    match parse_with(text, Ambiguity::Refuse) {
        Err(mut e) if e.message.starts_with(AMBIGUOUS) => {
            let readings = [Ambiguity::Afternoon, Ambiguity::Overnight]
                .iter()
                .filter_map(|a| parse_with(text, *a).ok())
                .map(|p| p.expr.to_string())
                .collect();
            e.readings = readings;
            Err(e)
        }
        other => other,
    }
}

/// Read `text`, reading a bare `9-5` as `ambiguity` says.
fn parse_with(text: &str, ambiguity: Ambiguity) -> Result<Parsed, HoursError> {
    let tokens = lex(text).map_err(|(m, at)| HoursError::new(m, Some(at)))?;
    if tokens.is_empty() {
        return Err(HoursError::new(
            "the hours are empty; write e.g. \"Mo-Fr 09:00-17:00\" or \"24/7\"",
            Some(0),
        ));
    }
    let mut reader = Reader::new(text, &tokens, ambiguity);
    let expr = reader.expr()?;
    Ok(Parsed {
        expr,
        warnings: reader.warnings,
    })
}
