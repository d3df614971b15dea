//! The reader's place in the tokens: looking ahead, taking tokens, the text
//! a token was written as, the notes on what was tolerated, and errors
//! that say where and what to write instead. Every part of the grammar
//! (rules, dates, days, times) reads through a [`Reader`].

use super::vocabulary::{classify, Word};
use crate::hours::error::HoursError;
use crate::hours::lexer::{Tok, Token};
use crate::hours::rewrite::{Change, ChangeKind};

/// What reading one part of an expression gives: the part, or why it
/// cannot be read.
pub(super) type ParseResult<T> = Result<T, HoursError>;

/// How to read an ambiguous bare-hour range such as `9-5`.
#[derive(Clone, Copy, PartialEq)]
pub(super) enum Ambiguity {
    /// Refuse it, naming the readings.
    Refuse,
    /// `9-5` is 09:00-17:00.
    Afternoon,
    /// `9-5` is 09:00-05:00, overnight.
    Overnight,
}

/// How the error for an ambiguous range begins, so that the readings can
/// be added to it.
pub(super) const AMBIGUOUS: &str = "ambiguous hours";

/// The tokens of an expression and the place reached in them.
pub(super) struct Reader<'a> {
    /// The tokens, in order.
    pub(super) tokens: &'a [Token],
    /// The index of the next token to read.
    pub(super) pos: usize,
    /// What was tolerated, in the order it was read.
    pub(super) warnings: Vec<Change>,
    /// How to read `9-5`.
    pub(super) ambiguity: Ambiguity,
    /// The text, as characters (token offsets count characters).
    chars: Vec<char>,
}

impl<'a> Reader<'a> {
    /// A reader at the first token of `text`'s `tokens`.
    pub(super) fn new(text: &str, tokens: &'a [Token], ambiguity: Ambiguity) -> Self {
        Reader {
            tokens,
            pos: 0,
            warnings: Vec::new(),
            ambiguity,
            chars: text.chars().collect(),
        }
    }

    /// The token `k` places ahead.
    pub(super) fn peek(&self, k: usize) -> Option<&'a Tok> {
        self.tokens.get(self.pos + k).map(|t| &t.tok)
    }

    /// What the token `k` places ahead means, when it is a word.
    pub(super) fn word(&self, k: usize) -> Option<Word> {
        match self.peek(k) {
            Some(Tok::Word(w)) => Some(classify(w)),
            _ => None,
        }
    }

    /// Whether all the tokens were read.
    pub(super) fn at_end(&self) -> bool {
        self.pos >= self.tokens.len()
    }

    /// The character offset of the token at `index`, or of the end.
    pub(super) fn offset_of(&self, index: usize) -> usize {
        self.tokens.get(index).map_or(self.chars.len(), |t| t.at)
    }

    /// The character offset of the next token, or of the end.
    pub(super) fn at(&self) -> usize {
        self.offset_of(self.pos)
    }

    /// The token at `index` exactly as written.
    fn written_at(&self, index: usize) -> String {
        self.tokens
            .get(index)
            .and_then(|t| self.chars.get(t.at..t.end))
            .map(|cs| cs.iter().collect())
            .unwrap_or_default()
    }

    /// The next token exactly as written.
    pub(super) fn written(&self) -> String {
        self.written_at(self.pos)
    }

    /// The token just read, exactly as written.
    pub(super) fn written_before(&self) -> String {
        self.written_at(self.pos.wrapping_sub(1))
    }

    /// Takes one token.
    pub(super) fn bump(&mut self) {
        self.pos += 1;
    }

    /// An error at the next token.
    pub(super) fn err<T>(&self, msg: impl Into<String>) -> ParseResult<T> {
        Err(HoursError::new(msg, Some(self.at())))
    }

    /// Records what was read, once, with the kind of change its canonical
    /// form makes.
    fn note(&mut self, kind: ChangeKind, msg: impl Into<String>) {
        let text = msg.into();
        if !self.warnings.iter().any(|c| c.text == text) {
            self.warnings.push(Change { kind, text });
        }
    }

    /// A spelling read (`Mon`, `9am`, an en dash): only how it is written.
    pub(super) fn spelling(&mut self, msg: impl Into<String>) {
        self.note(ChangeKind::Spelling, msg);
    }

    /// A form strict syntax lacks, read in its one meaning (`daily`, `late`).
    pub(super) fn tolerated(&mut self, msg: impl Into<String>) {
        self.note(ChangeKind::Tolerated, msg);
    }

    /// Something left implicit that the canonical form writes out (`9` as
    /// `09:00`).
    pub(super) fn added(&mut self, msg: impl Into<String>) {
        self.note(ChangeKind::AddedDefault, msg);
    }

    /// The next token, quoted, for an error.
    fn near(&self) -> String {
        match self.tokens.get(self.pos) {
            None => "the end".into(),
            Some(t) => format!("\"{}\"", token_text(&t.tok)),
        }
    }

    /// "cannot read … at character …", with what to write instead.
    pub(super) fn unexpected<T>(&self, hint: &str) -> ParseResult<T> {
        self.err(format!(
            "cannot read {} at character {}; {hint}",
            self.near(),
            self.at() + 1
        ))
    }

    /// Whether a dash, or a word meaning "to", comes next.
    pub(super) fn at_dash(&self) -> bool {
        matches!(self.peek(0), Some(Tok::Dash(_))) || self.word(0) == Some(Word::To)
    }

    /// Takes a dash or a word meaning "to"; whether there was one.
    pub(super) fn take_dash(&mut self) -> bool {
        match self.peek(0) {
            Some(Tok::Dash(fancy)) => {
                if *fancy {
                    self.spelling("a dash other than \"-\" was read as \"-\"");
                }
                self.bump();
                true
            }
            Some(Tok::Word(w)) if classify(w) == Word::To => {
                self.spelling(format!("\"{w}\" was read as \"-\""));
                self.bump();
                true
            }
            _ => false,
        }
    }

    /// A number above 0 (a step), taken; `what` names it in the error.
    pub(super) fn positive(&mut self, what: &str) -> ParseResult<u32> {
        match self.peek(0) {
            Some(Tok::Num(n, _)) if *n > 0 => {
                let n = *n;
                self.bump();
                Ok(n)
            }
            _ => self.unexpected(&format!("{what} must be a number above 0")),
        }
    }
}

/// A token as the canonical syntax writes it, for errors.
fn token_text(t: &Tok) -> String {
    match t {
        Tok::Num(n, len) => format!("{n:0len$}"),
        Tok::Word(w) => w.clone(),
        Tok::AmPm(pm) => if *pm { "pm" } else { "am" }.into(),
        Tok::Comment(c) => format!("\"{c}\""),
        Tok::Colon => ":".into(),
        Tok::Semi => ";".into(),
        Tok::Comma => ",".into(),
        Tok::Dash(_) => "-".into(),
        Tok::Plus => "+".into(),
        Tok::Slash => "/".into(),
        Tok::LBracket => "[".into(),
        Tok::RBracket => "]".into(),
        Tok::LParen => "(".into(),
        Tok::RParen => ")".into(),
        Tok::Dot => ".".into(),
        Tok::Fallback => "||".into(),
        Tok::Amp => "&".into(),
        Tok::Other(c) => c.to_string(),
    }
}
