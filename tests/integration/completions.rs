//! The scripts in `completions/` are what the program generates.
//! Regenerate them with `DEFLECT_UPDATE_COMPLETIONS=1 cargo test completions`.

use std::path::Path;

use crate::harness::deflect;

#[test]
fn checked_in_completions_are_current() {
    let folder = Path::new(env!("CARGO_MANIFEST_DIR")).join("completions");
    let update = std::env::var_os("DEFLECT_UPDATE_COMPLETIONS").is_some();
    for (shell, file) in [
        ("bash", "deflect.bash"),
        ("zsh", "_deflect"),
        ("fish", "deflect.fish"),
        ("elvish", "deflect.elv"),
        ("powershell", "_deflect.ps1"),
    ] {
        let run = deflect(["completions", shell]);
        run.code(0);
        let path = folder.join(file);
        if update {
            std::fs::write(&path, &run.stdout).unwrap();
            continue;
        }
        let checked_in = std::fs::read_to_string(&path).unwrap_or_default();
        assert!(
            checked_in == run.stdout,
            "{} is out of date: run DEFLECT_UPDATE_COMPLETIONS=1 cargo test completions",
            path.display()
        );
    }
}
