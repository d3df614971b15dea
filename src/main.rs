//! The `deflect` binary: parse the command line, run the library, exit.

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    deflect::timing::start();
    let cli = deflect::cli::Cli::parse();
    deflect::timing::phase("command line");
    let stdout = std::io::stdout();
    let stderr = std::io::stderr();
    let code = deflect::run(&cli, &mut stdout.lock(), &mut stderr.lock());
    deflect::timing::phase("end");
    ExitCode::from(code)
}
