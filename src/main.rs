//! The `deflect` binary: parse the command line, run the library, exit.

use std::process::ExitCode;

fn main() -> ExitCode {
    // A shell's completion script asking for candidates: answered, and the
    // program ends here.
    deflect::complete::answer_if_asked();
    deflect::timing::start();
    let cli = deflect::cli::parse();
    deflect::timing::phase("command line");
    let stdout = std::io::stdout();
    let stderr = std::io::stderr();
    let code = deflect::run(&cli, &mut stdout.lock(), &mut stderr.lock());
    deflect::timing::phase("end");
    ExitCode::from(code)
}
