//! The `deflect` binary: parse the command line, run the library, exit.

use std::process::ExitCode;

use clap::Parser;

/// A national directory is millions of small strings: mimalloc allocates
/// and frees them in about half the time of the system allocator
/// (docs/PERFORMANCE.md).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let cli = deflect::cli::Cli::parse();
    let stdout = std::io::stdout();
    let stderr = std::io::stderr();
    let code = deflect::run(&cli, &mut stdout.lock(), &mut stderr.lock());
    ExitCode::from(code)
}
