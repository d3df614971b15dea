//! Splits what a keeper wrote into tokens, tolerating the usual variants:
//! any dash, full-width colons, `a.m.`/`p.m.`, missing spaces.
//!
//! Every token keeps its char offset into the original text so that errors
//! can point at it.

/// A token kind.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Tok {
    /// Digits: value and number of digits written.
    Num(u32, usize),
    /// A word, lower-cased.
    Word(String),
    /// `am` (false) or `pm` (true), in any spelling.
    AmPm(bool),
    /// A quoted comment.
    Comment(String),
    Colon,
    Semi,
    Comma,
    /// `-` or another dash; `true` when it was not a plain hyphen-minus.
    Dash(bool),
    Plus,
    Slash,
    LBracket,
    RBracket,
    LParen,
    RParen,
    Dot,
    /// `||`.
    Fallback,
    /// `&`.
    Amp,
    /// Anything else.
    Other(char),
}

/// A token with its char offset.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Token {
    pub tok: Tok,
    /// Char offset of the first char.
    pub at: usize,
    /// Char offset just after the last char.
    pub end: usize,
}

/// Error of the lexer: message and char offset.
pub(crate) type LexError = (String, usize);

fn is_dash(c: char) -> bool {
    matches!(
        c,
        '-' | '\u{2010}'
            | '\u{2011}'
            | '\u{2012}'
            | '\u{2013}'
            | '\u{2014}'
            | '\u{2015}'
            | '\u{2212}'
            | '\u{FE63}'
            | '\u{FF0D}'
            | '~'
            | '\u{FF5E}'
            | '\u{301C}'
            | '\u{30FC}'
            | '\u{2192}'
    )
}

/// Letters, and the marks that some scripts (Thai) combine with them.
fn is_word_char(c: char) -> bool {
    !is_dash(c)
        && (c.is_alphabetic()
            || c == '_'
            || ('\u{0300}'..='\u{036F}').contains(&c)
            || ('\u{0E00}'..='\u{0E7F}').contains(&c))
}

/// Tokenize `text`.
pub(crate) fn lex(text: &str) -> Result<Vec<Token>, LexError> {
    let chars: Vec<char> = text.chars().collect();
    let mut out: Vec<Token> = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c.is_whitespace() {
            i += 1;
            continue;
        }
        // `\t` and `\n` written as two characters (as values are sometimes
        // pasted) count as spaces.
        if c == '\\' && matches!(chars.get(i + 1), Some('t') | Some('n')) {
            i += 2;
            continue;
        }
        let token = if c.is_ascii_digit() {
            number(&chars, i)
        } else if c == '"' {
            comment(&chars, i)?
        } else if is_dash(c) {
            Token {
                tok: Tok::Dash(c != '-'),
                at: i,
                end: i + 1,
            }
        } else if c.is_alphabetic() {
            // am/pm right after a time: `9am`, `9 a.m.`, `9:30 p. m.`.
            let after_num = matches!(
                out.last(),
                Some(Token {
                    tok: Tok::Num(..),
                    ..
                })
            );
            let time_of_day = if after_num { am_pm(&chars, i) } else { None };
            match time_of_day {
                Some(token) => token,
                None => word(&chars, i),
            }
        } else {
            punctuation(&chars, i)
        };
        i = token.end;
        out.push(token);
    }
    Ok(out)
}

/// The number that starts at `start` (its value, saturating, and how
/// many digits it has).
fn number(chars: &[char], start: usize) -> Token {
    let mut i = start;
    let mut v: u32 = 0;
    while i < chars.len() && chars[i].is_ascii_digit() {
        v = v
            .saturating_mul(10)
            .saturating_add(chars[i] as u32 - '0' as u32);
        i += 1;
    }
    Token {
        tok: Tok::Num(v, i - start),
        at: start,
        end: i,
    }
}

/// The comment whose opening `"` is at `start`.
fn comment(chars: &[char], start: usize) -> Result<Token, LexError> {
    let mut j = start + 1;
    while j < chars.len() && chars[j] != '"' {
        j += 1;
    }
    if j >= chars.len() {
        return Err((
            "a comment is not closed: add the missing '\"'".into(),
            start,
        ));
    }
    let inner: String = chars[start + 1..j].iter().collect();
    if inner.is_empty() {
        return Err((
            "an empty comment \"\" says nothing: remove it".into(),
            start,
        ));
    }
    Ok(Token {
        tok: Tok::Comment(inner),
        at: start,
        end: j + 1,
    })
}

/// `am`, `a.m.`, `p. m.`… at `start`, if it is one (and not the start of
/// a longer word).
fn am_pm(chars: &[char], start: usize) -> Option<Token> {
    let c = chars[start];
    if !matches!(c, 'a' | 'A' | 'p' | 'P') {
        return None;
    }
    let mut j = start + 1;
    if chars.get(j) == Some(&'.') {
        j += 1;
    }
    while chars.get(j) == Some(&' ') {
        j += 1;
    }
    if !matches!(chars.get(j), Some('m') | Some('M')) {
        return None;
    }
    j += 1;
    if chars.get(j) == Some(&'.') {
        j += 1;
    }
    if chars.get(j).is_some_and(|ch| ch.is_alphabetic()) {
        return None;
    }
    Some(Token {
        tok: Tok::AmPm(matches!(c, 'p' | 'P')),
        at: start,
        end: j,
    })
}

/// The word that starts at `start`, lower-cased.
fn word(chars: &[char], start: usize) -> Token {
    let mut i = start;
    while i < chars.len() && is_word_char(chars[i]) {
        i += 1;
    }
    let word: String = chars[start..i].iter().collect::<String>().to_lowercase();
    Token {
        tok: Tok::Word(word),
        at: start,
        end: i,
    }
}

/// The sign at `start` (`||` is one token).
fn punctuation(chars: &[char], start: usize) -> Token {
    let mut end = start + 1;
    let tok = match chars[start] {
        ':' | '\u{FF1A}' => Tok::Colon,
        ';' => Tok::Semi,
        ',' => Tok::Comma,
        '+' => Tok::Plus,
        '/' => Tok::Slash,
        '[' => Tok::LBracket,
        ']' => Tok::RBracket,
        '(' => Tok::LParen,
        ')' => Tok::RParen,
        '.' => Tok::Dot,
        '&' => Tok::Amp,
        '|' if chars.get(start + 1) == Some(&'|') => {
            end += 1;
            Tok::Fallback
        }
        other => Tok::Other(other),
    };
    Token {
        tok,
        at: start,
        end,
    }
}
