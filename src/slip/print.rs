//! Printing through CUPS: the slip is piped to `lp` on its standard input,
//! so that no file ever holds it (nor the name printed on it).

use std::io::Write;
use std::process::{Command, Stdio};

use crate::sanitize::one_line;

/// The job name CUPS shows and logs: fixed, so that the queue's history
/// says nothing about the person or the services.
pub const JOB_NAME: &str = "deflect";

/// Whether a queue name can be handed to `lp`: printable, no spaces, `/`
/// or `#` (which CUPS refuses), and not taken for an option.
pub fn valid_queue(queue: &str) -> bool {
    !queue.is_empty()
        && queue.len() <= 127
        && !queue.starts_with('-')
        && queue
            .chars()
            .all(|c| c.is_ascii_graphic() && c != '/' && c != '#')
}

/// Sends text to `lp`, to `queue` or the system's default printer.
/// Returns what `lp` said (its request id), one line.
///
/// # Errors
/// When the queue name is not valid, `lp` is not installed or cannot be
/// run, or it fails; the message says which, with what `lp` said.
pub fn print(text: &str, queue: Option<&str>) -> Result<String, String> {
    let mut command = Command::new("lp");
    if let Some(queue) = queue {
        if !valid_queue(queue) {
            return Err(format!(
                "\"{}\" is not a printer queue name: CUPS names have no spaces, '/' or '#' (`lpstat -p` lists the queues)",
                one_line(queue)
            ));
        }
        command.arg("-d").arg(queue);
    }
    command
        .arg("-t")
        .arg(JOB_NAME)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = command.spawn().map_err(|e| {
        if e.kind() == std::io::ErrorKind::NotFound {
            "cannot print: the `lp` command was not found; install CUPS (on Debian and Ubuntu: apt-get install cups-client) or print the slip from standard output".to_string()
        } else {
            format!(
                "cannot print: `lp` could not be started: {}",
                crate::directory::walk::plain_io_error(&e)
            )
        }
    })?;
    let written = child
        .stdin
        .take()
        .map(|mut stdin| stdin.write_all(text.as_bytes()));
    let output = child
        .wait_with_output()
        .map_err(|e| format!("cannot print: waiting for `lp` failed: {e}"))?;
    let said = |bytes: &[u8]| one_line(&String::from_utf8_lossy(bytes));
    if !output.status.success() {
        let stderr = said(&output.stderr);
        let status = match output.status.code() {
            Some(code) => format!("exit status {code}"),
            None => "killed by a signal".to_string(),
        };
        return Err(format!(
            "printing failed: `lp` ended with {status}{}{}",
            if stderr.is_empty() { "" } else { ": " },
            stderr
        ));
    }
    if let Some(Err(e)) = written {
        return Err(format!(
            "printing failed: the slip could not be handed to `lp`: {e}"
        ));
    }
    Ok(said(&output.stdout))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn queue_names_are_checked() {
        assert!(valid_queue("front-desk"));
        assert!(valid_queue("PDF"));
        assert!(!valid_queue(""));
        assert!(!valid_queue("-o"));
        assert!(!valid_queue("front desk"));
        assert!(!valid_queue("a/b"));
        assert!(!valid_queue("caf\u{e9}"));
    }
}
