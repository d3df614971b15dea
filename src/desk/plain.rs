//! The desk with numbered prompts: one line asked, one line read, no
//! cursor movement, colour or escape sequence of any kind. Used with
//! `TERM=dumb`, with `--plain`, and when standard input or output is not a
//! terminal. Suggestions are listed under an answer that matches nothing,
//! numbered, to be taken by their number.

use std::io::{BufRead, Write};

use crate::desk::ui::{is_back, Answer, Ask, Choose, Leave, Ui, BACK_LABEL};
use crate::sanitize::one_line;

/// Numbered prompts over a reader and a writer.
pub struct Plain<R, W> {
    input: R,
    out: W,
}

impl<R: BufRead, W: Write> Plain<R, W> {
    /// Prompts written to `out`, answers read from `input`.
    pub fn new(input: R, out: W) -> Self {
        Plain { input, out }
    }

    /// One line typed, without its line end; `Err` to leave.
    fn line(&mut self) -> Result<String, Leave> {
        self.out.flush().map_err(|e| Leave::Broken(e.to_string()))?;
        let mut line = String::new();
        match self.input.read_line(&mut line) {
            Ok(0) => Err(Leave::EndOfInput),
            Ok(_) => {
                let line = line.trim_end_matches(['\n', '\r']).to_string();
                if is_leave(&line) {
                    Err(Leave::Esc)
                } else {
                    Ok(line)
                }
            }
            Err(e) => Err(Leave::Broken(e.to_string())),
        }
    }

    fn write(&mut self, text: &str) -> Result<(), Leave> {
        self.out
            .write_all(text.as_bytes())
            .map_err(|e| Leave::Broken(e.to_string()))
    }

    fn ask_inner(&mut self, q: &Ask<'_>) -> Result<Answer<String>, Leave> {
        let default = q.initial.or(q.default).filter(|d| !d.is_empty());
        let mut heading = one_line(q.prompt);
        if let Some(d) = default {
            heading.push_str(&format!(" [{}]", one_line(d)));
        }
        self.write(&format!("{heading}\n"))?;
        let mut help = q.help.map(one_line).unwrap_or_default();
        if q.back {
            if !help.is_empty() {
                help.push_str("; ");
            }
            help.push_str("back: the step before");
        }
        if !help.is_empty() {
            help.push_str("; ");
        }
        help.push_str("q leaves");
        self.write(&format!("  ({help})\n"))?;
        let mut offered: Vec<String> = Vec::new();
        loop {
            self.write("> ")?;
            let typed = self.line()?;
            let trimmed = typed.trim();
            if q.back && is_back(trimmed) {
                return Ok(Answer::Back);
            }
            let answer = match trimmed.parse::<usize>() {
                Ok(n) if n >= 1 && n <= offered.len() => offered[n - 1].clone(),
                _ if trimmed.is_empty() => default.unwrap_or_default().to_string(),
                _ => trimmed.to_string(),
            };
            let Some(check) = q.check else {
                return Ok(Answer::Given(answer));
            };
            match check(&answer) {
                Ok(()) => return Ok(Answer::Given(answer)),
                Err(message) => {
                    self.write(&format!("  {}\n", one_line(&message)))?;
                    offered = q.suggest.map(|s| s(&answer)).unwrap_or_default();
                    if !offered.is_empty() {
                        self.write("  Type a number to take one, or type again:\n")?;
                        for (i, s) in offered.iter().enumerate() {
                            self.write(&format!("  {}) {}\n", i + 1, one_line(s)))?;
                        }
                    }
                }
            }
        }
    }

    fn choose_inner(&mut self, q: &Choose<'_>) -> Result<Answer<usize>, Leave> {
        self.write(&format!("{}\n", one_line(q.prompt)))?;
        let mut labels: Vec<String> = q.options.iter().map(|o| one_line(o)).collect();
        if q.back {
            labels.push(BACK_LABEL.to_string());
        }
        for (i, label) in labels.iter().enumerate() {
            self.write(&format!("  {}) {label}\n", i + 1))?;
        }
        let default = q.default.min(q.options.len().saturating_sub(1));
        loop {
            self.write(&format!("Number [{}]: ", default + 1))?;
            let typed = self.line()?;
            let typed = typed.trim();
            if typed.is_empty() {
                return Ok(Answer::Given(default));
            }
            if q.back && is_back(typed) {
                return Ok(Answer::Back);
            }
            if let Ok(n) = typed.parse::<usize>() {
                if n >= 1 && n <= q.options.len() {
                    return Ok(Answer::Given(n - 1));
                }
                if q.back && n == labels.len() {
                    return Ok(Answer::Back);
                }
            }
            self.write(&format!("  Type a number from 1 to {}.\n", labels.len()))?;
        }
    }
}

/// What typed alone leaves the desk: Esc (then Enter), `q`, `quit`, `exit`.
fn is_leave(line: &str) -> bool {
    let t = line.trim();
    t.starts_with('\u{1b}') || matches!(t.to_lowercase().as_str(), "q" | "quit" | "exit")
}

impl<R: BufRead, W: Write> Ui for Plain<R, W> {
    fn say(&mut self, text: &str) -> std::io::Result<()> {
        writeln!(self.out, "{text}")
    }

    fn ask(&mut self, question: &Ask<'_>) -> Answer<String> {
        self.ask_inner(question).unwrap_or_else(Answer::Leave)
    }

    fn choose(&mut self, question: &Choose<'_>) -> Answer<usize> {
        self.choose_inner(question).unwrap_or_else(Answer::Leave)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plain(input: &str) -> Plain<&[u8], Vec<u8>> {
        Plain::new(input.as_bytes(), Vec::new())
    }

    #[test]
    fn a_typed_answer_a_default_and_back() {
        let mut ui = plain("detox\n\nback\n");
        let q = Ask {
            default: Some("anything"),
            ..Ask::new("What does the person need?")
        };
        assert_eq!(ui.ask(&q), Answer::Given("detox".into()));
        assert_eq!(ui.ask(&q), Answer::Given("anything".into()));
        assert_eq!(ui.ask(&q), Answer::Back);
        assert_eq!(ui.ask(&q), Answer::Leave(Leave::EndOfInput));
        let shown = String::from_utf8(ui.out).unwrap();
        assert!(
            shown.contains("What does the person need? [anything]\n"),
            "{shown}"
        );
        assert!(!shown.contains('\u{1b}'));
    }

    #[test]
    fn a_refused_answer_offers_numbered_suggestions() {
        let check = |t: &str| {
            if t == "naloxone" {
                Ok(())
            } else {
                Err(format!("no service or category matches \"{t}\""))
            }
        };
        let suggest = |_: &str| vec!["naloxone".to_string(), "narcan".to_string()];
        let mut ui = plain("nalxne\n1\n");
        let q = Ask {
            check: Some(&check),
            suggest: Some(&suggest),
            ..Ask::new("Need?")
        };
        assert_eq!(ui.ask(&q), Answer::Given("naloxone".into()));
        let shown = String::from_utf8(ui.out).unwrap();
        assert!(
            shown.contains("no service or category matches \"nalxne\""),
            "{shown}"
        );
        assert!(shown.contains("  1) naloxone\n"), "{shown}");
    }

    #[test]
    fn choices_by_number_default_back_and_leave() {
        let q = Choose {
            prompt: "What next?",
            options: vec!["One".into(), "Two".into()],
            default: 1,
            back: true,
        };
        let mut ui = plain("\n1\n7\n3\nq\n");
        assert_eq!(ui.choose(&q), Answer::Given(1));
        assert_eq!(ui.choose(&q), Answer::Given(0));
        // 7 is refused and asked again; 3 is Back.
        assert_eq!(ui.choose(&q), Answer::Back);
        assert_eq!(ui.choose(&q), Answer::Leave(Leave::Esc));
        let shown = String::from_utf8(ui.out).unwrap();
        assert!(shown.contains("  3) Back\n"), "{shown}");
        assert!(shown.contains("Type a number from 1 to 3."), "{shown}");
    }

    #[test]
    fn escape_then_enter_leaves() {
        let mut ui = plain("\u{1b}\n");
        assert_eq!(ui.ask(&Ask::new("Where?")), Answer::Leave(Leave::Esc));
    }
}
