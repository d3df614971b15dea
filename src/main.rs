//! The `deflect` binary: parse the command line, run the library, exit.

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = deflect::cli::Cli::parse();
    let stdout = std::io::stdout();
    let stderr = std::io::stderr();
    let code = deflect::run(&cli, &mut stdout.lock(), &mut stderr.lock());
    ExitCode::from(code)
}
