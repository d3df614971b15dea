//! Embeds the demo directory (`data/demo/`) into the program, so that a
//! fresh install answers at once without any file of its own; tells the
//! tests which folders of the shared test data are there; and records the
//! git commit the program is built from, for `deflect --version`.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

fn collect(dir: &Path, prefix: &str, out: &mut Vec<(String, PathBuf)>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.starts_with('.') {
            continue;
        }
        let path = entry.path();
        if path.is_dir() {
            collect(&path, &format!("{prefix}{name}/"), out);
        } else if name.ends_with(".toml") {
            out.push((format!("{prefix}{name}"), path));
        }
    }
}

/// The folders of `../shared/fixtures` that tests read: each present one
/// sets `cfg(shared_fixture = "NAME")`, and a test that needs an absent one
/// is marked ignored (`#[cfg_attr(not(shared_fixture = "NAME"), ignore)]`),
/// so that `cargo test` on a fresh clone says "ignored" instead of passing
/// checks it never made.
///
/// Only a folder that exists is watched (Cargo reruns a build script at
/// every build for a watched path that is missing): after adding the
/// shared data to a clone, `touch build.rs` once.
const SHARED_FIXTURES: [&str; 2] = ["opening-hours", "hsds-3.0"];

fn shared_fixtures() {
    let values: Vec<String> = SHARED_FIXTURES.iter().map(|f| format!("{f:?}")).collect();
    println!(
        "cargo::rustc-check-cfg=cfg(shared_fixture, values({}))",
        values.join(", ")
    );
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/fixtures");
    for folder in SHARED_FIXTURES {
        let path = root.join(folder);
        if path.is_dir() {
            println!("cargo::rerun-if-changed={}", path.display());
            println!("cargo::rustc-cfg=shared_fixture={folder:?}");
        }
    }
}

/// The commit being built, for `deflect --version`: `DEFLECT_GIT_COMMIT`
/// when set (a build from a source archive may know it), else git's word
/// for the checkout; nothing when neither is there. The build reruns when
/// the checkout's HEAD or its branch moves.
fn git_commit() {
    println!("cargo::rerun-if-env-changed=DEFLECT_GIT_COMMIT");
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let git = |args: &[&str]| -> Option<String> {
        let output = std::process::Command::new("git")
            .args(args)
            .current_dir(root)
            .output()
            .ok()?;
        let text = String::from_utf8(output.stdout).ok()?;
        (output.status.success() && !text.trim().is_empty()).then(|| text.trim().to_string())
    };
    let commit = std::env::var("DEFLECT_GIT_COMMIT")
        .ok()
        .filter(|c| !c.trim().is_empty())
        .or_else(|| git(&["rev-parse", "--short=12", "HEAD"]));
    let Some(commit) = commit else {
        return;
    };
    // Only printable ASCII goes into the program's version text.
    if commit.chars().all(|c| c.is_ascii_graphic()) {
        println!("cargo::rustc-env=DEFLECT_GIT_COMMIT={commit}");
    }
    let mut watched = vec!["HEAD".to_string(), "packed-refs".to_string()];
    if let Some(branch) = git(&["symbolic-ref", "-q", "HEAD"]) {
        watched.push(branch);
    }
    for name in watched {
        if let Some(path) = git(&["rev-parse", "--git-path", &name]) {
            let path = root.join(path);
            // A branch kept only in packed-refs has no file of its own.
            if path.exists() {
                println!("cargo::rerun-if-changed={}", path.display());
            }
        }
    }
}

fn main() {
    shared_fixtures();
    git_commit();
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("data/demo");
    println!("cargo::rerun-if-changed=data/demo");
    let mut files = Vec::new();
    collect(&root, "", &mut files);
    files.sort();
    let mut code = String::from("/// The demo directory's files: relative path and text.\npub const DEMO_FILES: &[(&str, &str)] = &[\n");
    for (rel, path) in &files {
        println!("cargo::rerun-if-changed={}", path.display());
        let _ = writeln!(
            code,
            "    ({rel:?}, include_str!({:?})),",
            path.display().to_string()
        );
    }
    code.push_str("];\n");
    let out =
        PathBuf::from(std::env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("demo_files.rs");
    std::fs::write(out, code).expect("OUT_DIR is writable");
}
