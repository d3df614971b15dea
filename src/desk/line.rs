//! The desk's typed answers on a full terminal: one line edited with the
//! keys of a shell's line editor, the suggestions under it as it is typed.
//!
//! inquire's text prompt types Ctrl-U, Ctrl-W, Ctrl-A and Ctrl-E as the
//! letters u, w, a and e; officers used to a shell expect them to edit.
//! [`Line`] is the edit alone (a key in, the text and cursor out), tested
//! without a terminal; [`ask`] draws the question on standard error, as
//! inquire draws its choices, in raw mode only while it is open, and puts
//! the terminal back however it ends. It looks as inquire's prompts do:
//! `? question (default) text`, the suggestions under it (`>` marks the
//! one ↑↓ moved to), the help in brackets, a refused answer's reason
//! after `#`, and `> question answer` once answered.
//!
//! Keys: Ctrl-A/Home and Ctrl-E/End go to the start and end; Ctrl-B/←,
//! Ctrl-F/→ move a character, Alt-B/Ctrl-←, Alt-F/Ctrl-→ a word; Backspace
//! (Ctrl-H) and Delete (Ctrl-D) delete a character; Ctrl-W (Alt- or
//! Ctrl-Backspace) deletes the word before the cursor, Alt-D the word
//! after; Ctrl-U deletes to the start, Ctrl-K to the end. Any other
//! control or Alt key is ignored: none is ever typed as a letter.

use std::io::Write;

use crossterm::event::{self, Event, KeyCode, KeyEvent, KeyEventKind, KeyModifiers};
use crossterm::style::{Color, Print, ResetColor, SetForegroundColor};
use crossterm::{cursor, queue, terminal};
use unicode_width::UnicodeWidthStr;

use crate::desk::ui::{Leave, Suggest};
use crate::desk::wording::fit;
use crate::sanitize::one_line;

/// What a key did to the line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Edit {
    /// The text changed.
    Changed,
    /// Only the cursor moved.
    Moved,
    /// Nothing: not an editing key.
    Ignored,
}

/// One line of text being edited, with a cursor between characters.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Line {
    chars: Vec<char>,
    cursor: usize,
}

impl Line {
    /// A line holding `text`, the cursor at its end.
    pub fn new(text: &str) -> Line {
        let chars: Vec<char> = text.chars().collect();
        Line {
            cursor: chars.len(),
            chars,
        }
    }

    /// The text.
    pub fn text(&self) -> String {
        self.chars.iter().collect()
    }

    /// The text before the cursor.
    pub fn before_cursor(&self) -> String {
        self.chars[..self.cursor].iter().collect()
    }

    /// The start of the word before the cursor: back over spaces, then
    /// over the word (readline's `unix-word-rubout` stops at spaces only).
    fn word_start(&self) -> usize {
        let mut at = self.cursor;
        while at > 0 && self.chars[at - 1].is_whitespace() {
            at -= 1;
        }
        while at > 0 && !self.chars[at - 1].is_whitespace() {
            at -= 1;
        }
        at
    }

    /// The end of the word after the cursor.
    fn word_end(&self) -> usize {
        let mut at = self.cursor;
        while at < self.chars.len() && self.chars[at].is_whitespace() {
            at += 1;
        }
        while at < self.chars.len() && !self.chars[at].is_whitespace() {
            at += 1;
        }
        at
    }

    /// Deletes the characters from `from` to `to` (either order).
    fn delete(&mut self, from: usize, to: usize) -> Edit {
        let (from, to) = (from.min(to), from.max(to));
        if from == to {
            return Edit::Ignored;
        }
        self.chars.drain(from..to);
        self.cursor = from;
        Edit::Changed
    }

    /// Moves the cursor to `to`.
    fn go(&mut self, to: usize) -> Edit {
        if to == self.cursor {
            return Edit::Ignored;
        }
        self.cursor = to;
        Edit::Moved
    }

    /// Applies one key (see the module's documentation).
    pub fn apply(&mut self, key: KeyEvent) -> Edit {
        let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
        let alt = key.modifiers.contains(KeyModifiers::ALT);
        let end = self.chars.len();
        match key.code {
            KeyCode::Char(c) if !ctrl && !alt && !c.is_control() => {
                self.chars.insert(self.cursor, c);
                self.cursor += 1;
                Edit::Changed
            }
            KeyCode::Char('a') if ctrl => self.go(0),
            KeyCode::Home => self.go(0),
            KeyCode::Char('e') if ctrl => self.go(end),
            KeyCode::End => self.go(end),
            KeyCode::Char('b') if ctrl => self.go(self.cursor.saturating_sub(1)),
            KeyCode::Char('f') if ctrl => self.go((self.cursor + 1).min(end)),
            KeyCode::Char('b') if alt => self.go(self.word_start()),
            KeyCode::Char('f') if alt => self.go(self.word_end()),
            KeyCode::Left if ctrl || alt => self.go(self.word_start()),
            KeyCode::Right if ctrl || alt => self.go(self.word_end()),
            KeyCode::Left => self.go(self.cursor.saturating_sub(1)),
            KeyCode::Right => self.go((self.cursor + 1).min(end)),
            KeyCode::Backspace if ctrl || alt => self.delete(self.word_start(), self.cursor),
            KeyCode::Char('w') if ctrl => self.delete(self.word_start(), self.cursor),
            KeyCode::Backspace => self.delete(self.cursor.saturating_sub(1), self.cursor),
            KeyCode::Char('h') if ctrl => self.delete(self.cursor.saturating_sub(1), self.cursor),
            KeyCode::Delete => self.delete(self.cursor, (self.cursor + 1).min(end)),
            KeyCode::Char('d') if ctrl => self.delete(self.cursor, (self.cursor + 1).min(end)),
            KeyCode::Char('d') if alt => self.delete(self.cursor, self.word_end()),
            KeyCode::Char('u') if ctrl => self.delete(0, self.cursor),
            KeyCode::Char('k') if ctrl => self.delete(self.cursor, end),
            _ => Edit::Ignored,
        }
    }
}

/// A question for [`ask`].
pub struct Question<'q> {
    /// The question, one line.
    pub prompt: &'q str,
    /// The answer Enter gives on an empty line.
    pub default: Option<&'q str>,
    /// The text already in the line.
    pub initial: Option<&'q str>,
    /// The help shown in brackets under the question.
    pub help: &'q str,
    /// Suggestions for what is typed.
    pub suggest: Option<Suggest<'q>>,
    /// Refuses an answer with a reason.
    pub check: &'q dyn Fn(&str) -> Result<(), String>,
    /// Colour (off for `NO_COLOR`).
    pub colour: bool,
}

/// A piece of a line on the screen, in a colour or the terminal's own.
type Piece = (String, Option<Color>);

/// What is open while the question is asked.
struct Open<'q> {
    question: &'q Question<'q>,
    line: Line,
    suggestions: Vec<String>,
    /// The suggestion ↑↓ moved to.
    highlighted: Option<usize>,
    /// Why the last answer was refused.
    error: Option<String>,
    /// Rows from the first row of the frame drawn to the cursor's row.
    cursor_row: u16,
}

/// Raw mode for as long as it lives.
struct Raw;

impl Raw {
    fn on() -> std::io::Result<Raw> {
        terminal::enable_raw_mode()?;
        Ok(Raw)
    }
}

impl Drop for Raw {
    fn drop(&mut self) {
        let _ = terminal::disable_raw_mode();
    }
}

/// The rows a line of `width` columns takes on a terminal `columns` wide.
fn rows(width: usize, columns: usize) -> usize {
    width.div_ceil(columns.max(1)).max(1)
}

impl Open<'_> {
    fn colour(&self, colour: Color) -> Option<Color> {
        self.question.colour.then_some(colour)
    }

    /// The lines of the frame, and the line and column of the cursor.
    fn frame(&self, columns: usize) -> (Vec<Vec<Piece>>, usize, usize) {
        let q = self.question;
        let mut lines: Vec<Vec<Piece>> = Vec::new();
        if let Some(error) = &self.error {
            let text = fit(&format!("# {}", one_line(error)), columns);
            lines.push(vec![(text, self.colour(Color::Red))]);
        }
        let mut head = format!("{} ", one_line(q.prompt));
        if let Some(default) = q.default {
            head.push_str(&format!("({}) ", one_line(default)));
        }
        let cursor_line = lines.len();
        let cursor_column = 2 + head.width() + self.line.before_cursor().width();
        lines.push(vec![
            ("?".to_string(), self.colour(Color::Green)),
            (format!(" {head}"), None),
            (self.line.text(), None),
        ]);
        for (i, suggestion) in self.suggestions.iter().enumerate() {
            let highlighted = self.highlighted == Some(i);
            let mark = if highlighted { ">" } else { " " };
            let text = fit(&format!("{mark} {}", one_line(suggestion)), columns);
            lines.push(vec![(
                text,
                highlighted.then(|| self.colour(Color::Cyan)).flatten(),
            )]);
        }
        let help = fit(&format!("[{}]", q.help), columns);
        lines.push(vec![(help, self.colour(Color::Cyan))]);
        (lines, cursor_line, cursor_column)
    }

    /// Moves to the first row of the frame drawn last and clears from
    /// there down.
    fn wipe(&mut self, out: &mut impl Write) -> std::io::Result<()> {
        queue!(out, cursor::MoveToColumn(0))?;
        if self.cursor_row > 0 {
            queue!(out, cursor::MoveUp(self.cursor_row))?;
        }
        self.cursor_row = 0;
        queue!(out, terminal::Clear(terminal::ClearType::FromCursorDown))
    }

    /// Draws lines from the cursor's row down.
    fn print(out: &mut impl Write, lines: &[Vec<Piece>]) -> std::io::Result<()> {
        for (i, line) in lines.iter().enumerate() {
            if i > 0 {
                queue!(out, Print("\r\n"))?;
            }
            for (text, colour) in line {
                match colour {
                    Some(c) => queue!(out, SetForegroundColor(*c), Print(text), ResetColor)?,
                    None => queue!(out, Print(text))?,
                }
            }
        }
        Ok(())
    }

    /// Draws the question over the last drawing, the cursor in the line.
    fn draw(&mut self, out: &mut impl Write) -> std::io::Result<()> {
        let columns = terminal::size().map_or(80, |(c, _)| usize::from(c));
        let (lines, cursor_line, cursor_column) = self.frame(columns);
        self.wipe(out)?;
        Self::print(out, &lines)?;
        let width = |line: &Vec<Piece>| line.iter().map(|(t, _)| t.width()).sum::<usize>();
        let total: usize = lines.iter().map(|l| rows(width(l), columns)).sum();
        let above: usize = lines[..cursor_line]
            .iter()
            .map(|l| rows(width(l), columns))
            .sum();
        let row = above + cursor_column / columns.max(1);
        let up = total.saturating_sub(1).saturating_sub(row);
        if up > 0 {
            queue!(out, cursor::MoveUp(u16::try_from(up).unwrap_or(u16::MAX)))?;
        }
        let column = cursor_column % columns.max(1);
        queue!(
            out,
            cursor::MoveToColumn(u16::try_from(column).unwrap_or(u16::MAX))
        )?;
        self.cursor_row = u16::try_from(row).unwrap_or(u16::MAX);
        out.flush()
    }

    /// Replaces the drawing with the answered question.
    fn answered(&mut self, out: &mut impl Write, answer: &str) -> std::io::Result<()> {
        self.wipe(out)?;
        let line = vec![
            (">".to_string(), self.colour(Color::Green)),
            (format!(" {} ", one_line(self.question.prompt)), None),
            (one_line(answer), self.colour(Color::Cyan)),
        ];
        Self::print(out, &[line])?;
        queue!(out, Print("\r\n"))?;
        out.flush()
    }

    fn suggest(&mut self) {
        self.suggestions = self
            .question
            .suggest
            .map(|s| s(&self.line.text()))
            .unwrap_or_default();
        self.highlighted = None;
    }

    /// The answer Enter gives now: the suggestion moved to, else the
    /// text, else the default.
    fn answer(&self) -> String {
        if let Some(s) = self.highlighted.and_then(|i| self.suggestions.get(i)) {
            return s.clone();
        }
        let text = self.line.text();
        match self.question.default {
            Some(default) if text.is_empty() => default.to_string(),
            _ => text,
        }
    }

    /// Handles one key; `Some` when the question is over.
    fn key(&mut self, key: KeyEvent) -> Option<Result<String, Leave>> {
        let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
        match key.code {
            KeyCode::Char('c') if ctrl => return Some(Err(Leave::Interrupt)),
            KeyCode::Esc => return Some(Err(Leave::Esc)),
            KeyCode::Enter => {
                let answer = self.answer();
                match (self.question.check)(&answer) {
                    Ok(()) => return Some(Ok(answer)),
                    Err(message) => self.error = Some(message),
                }
            }
            KeyCode::Tab => {
                let taken = self
                    .highlighted
                    .and_then(|i| self.suggestions.get(i))
                    .or_else(|| self.suggestions.first())
                    .cloned();
                if let Some(taken) = taken {
                    self.line = Line::new(&taken);
                    self.suggest();
                }
            }
            KeyCode::Down => self.down(),
            KeyCode::Char('n') if ctrl => self.down(),
            KeyCode::Up => self.up(),
            KeyCode::Char('p') if ctrl => self.up(),
            _ => {
                if self.line.apply(key) == Edit::Changed {
                    self.suggest();
                }
            }
        }
        None
    }

    fn down(&mut self) {
        if !self.suggestions.is_empty() {
            let last = self.suggestions.len() - 1;
            self.highlighted = Some(self.highlighted.map_or(0, |i| (i + 1).min(last)));
        }
    }

    fn up(&mut self) {
        self.highlighted = self.highlighted.and_then(|i| i.checked_sub(1));
    }
}

/// Asks the question on standard error until an answer passes its check;
/// the answer, or how the officer left. The terminal is in raw mode only
/// while the question is open.
///
/// # Errors
/// [`Leave`]: Esc, Ctrl-C, or a terminal that cannot be used.
pub fn ask(question: &Question<'_>) -> Result<String, Leave> {
    let broken = |e: std::io::Error| Leave::Broken(e.to_string());
    let mut out = std::io::stderr().lock();
    let raw = Raw::on().map_err(broken)?;
    let mut open = Open {
        question,
        line: Line::new(question.initial.unwrap_or_default()),
        suggestions: Vec::new(),
        highlighted: None,
        error: None,
        cursor_row: 0,
    };
    open.suggest();
    let result = loop {
        if let Err(e) = open.draw(&mut out) {
            break Err(broken(e));
        }
        let key = match event::read() {
            Ok(Event::Key(key)) if key.kind != KeyEventKind::Release => key,
            Ok(_) => continue,
            Err(e) => break Err(broken(e)),
        };
        if let Some(result) = open.key(key) {
            break result;
        }
    };
    let drawn = match &result {
        Ok(answer) => open.answered(&mut out, answer),
        Err(_) => open.wipe(&mut out).and_then(|()| out.flush()),
    };
    drop(raw);
    drawn.map_err(broken)?;
    result
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(code: KeyCode, modifiers: KeyModifiers) -> KeyEvent {
        KeyEvent::new(code, modifiers)
    }

    fn ctrl(c: char) -> KeyEvent {
        key(KeyCode::Char(c), KeyModifiers::CONTROL)
    }

    fn typed(line: &mut Line, text: &str) {
        for c in text.chars() {
            line.apply(key(KeyCode::Char(c), KeyModifiers::NONE));
        }
    }

    #[test]
    fn control_keys_edit_and_never_type_letters() {
        let mut line = Line::new("");
        typed(&mut line, "detox shelter");
        // Ctrl-W: the word before the cursor.
        assert_eq!(line.apply(ctrl('w')), Edit::Changed);
        assert_eq!(line.text(), "detox ");
        // Ctrl-A, then type at the start; Ctrl-E, then at the end.
        assert_eq!(line.apply(ctrl('a')), Edit::Moved);
        typed(&mut line, "x");
        assert_eq!(line.text(), "xdetox ");
        line.apply(ctrl('e'));
        typed(&mut line, "naloxone");
        assert_eq!(line.text(), "xdetox naloxone");
        // Ctrl-U: everything before the cursor.
        line.apply(ctrl('u'));
        assert_eq!(line.text(), "");
        // Keys that are not editing keys change nothing.
        for c in ['g', 'l', 'o', 'r', 't', 'v', 'x', 'y', 'z'] {
            assert_eq!(line.apply(ctrl(c)), Edit::Ignored, "Ctrl-{c}");
        }
        assert_eq!(
            line.apply(key(KeyCode::Char('q'), KeyModifiers::ALT)),
            Edit::Ignored
        );
        assert_eq!(line.text(), "");
    }

    #[test]
    fn words_characters_and_the_end_of_the_line() {
        let mut line = Line::new("dope  sick now");
        line.apply(key(KeyCode::Left, KeyModifiers::CONTROL));
        assert_eq!(line.before_cursor(), "dope  sick ");
        // Ctrl-W over the spaces and the word before them.
        line.apply(ctrl('w'));
        assert_eq!(line.text(), "dope  now");
        line.apply(ctrl('w'));
        assert_eq!(line.text(), "now");
        assert_eq!(line.before_cursor(), "");
        line.apply(ctrl('k'));
        assert_eq!(line.text(), "");
        let mut line = Line::new("abc");
        line.apply(ctrl('b'));
        line.apply(key(KeyCode::Backspace, KeyModifiers::NONE));
        assert_eq!(line.text(), "ac");
        line.apply(ctrl('d'));
        assert_eq!(line.text(), "a");
        line.apply(key(KeyCode::Home, KeyModifiers::NONE));
        line.apply(key(KeyCode::Delete, KeyModifiers::NONE));
        assert_eq!(line.text(), "");
        assert_eq!(
            line.apply(key(KeyCode::Backspace, KeyModifiers::NONE)),
            Edit::Ignored
        );
    }

    #[test]
    fn wide_characters_take_their_columns() {
        assert_eq!(rows(0, 80), 1);
        assert_eq!(rows(80, 80), 1);
        assert_eq!(rows(81, 80), 2);
        let line = Line::new("日本");
        assert_eq!(line.before_cursor().width(), 4);
    }
}
