//! The floor of the benchmark (docs/PERFORMANCE.md): reads every `.toml`
//! file of a directory and parses it into a generic `toml::Table`, nothing
//! more, in one thread. No directory command can be asked to beat the cost
//! of reading its files once; the targets are ratios to this.
//!
//! ```text
//! cargo run --release --example floor -- DIR
//! ```

use std::path::Path;
use std::process::ExitCode;

/// Every `.toml` file below `dir`, skipping hidden names, as deflect does.
fn collect(dir: &Path, out: &mut Vec<std::path::PathBuf>) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let entry = entry?;
        let name = entry.file_name();
        if name.to_string_lossy().starts_with('.') {
            continue;
        }
        let path = entry.path();
        if path.is_dir() {
            collect(&path, out)?;
        } else if name.to_string_lossy().ends_with(".toml") {
            out.push(path);
        }
    }
    Ok(())
}

fn main() -> ExitCode {
    let Some(dir) = std::env::args().nth(1) else {
        eprintln!("usage: floor DIR");
        return ExitCode::from(2);
    };
    let mut files = Vec::new();
    if let Err(e) = collect(Path::new(&dir), &mut files) {
        eprintln!("error: cannot read {dir}: {e}");
        return ExitCode::from(2);
    }
    files.sort();
    let mut tables = 0usize;
    for path in &files {
        let text = match std::fs::read_to_string(path) {
            Ok(text) => text,
            Err(e) => {
                eprintln!("error: cannot read {}: {e}", path.display());
                return ExitCode::from(2);
            }
        };
        match text.parse::<toml::Table>() {
            Ok(table) => tables += table.len(),
            Err(e) => {
                eprintln!("error: {}: {e}", path.display());
                return ExitCode::from(2);
            }
        }
    }
    println!("{} files, {tables} top-level keys", files.len());
    ExitCode::SUCCESS
}
