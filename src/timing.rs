//! Phase timings for performance work (docs/PERFORMANCE.md): with
//! `DEFLECT_TIMINGS=1` in the environment, each finished phase writes its
//! wall time to standard error. Off, a phase costs one check of a flag.

use std::sync::{Mutex, OnceLock};
use std::time::Instant;

static ENABLED: OnceLock<bool> = OnceLock::new();
static LAST: Mutex<Option<Instant>> = Mutex::new(None);

fn enabled() -> bool {
    *ENABLED.get_or_init(|| std::env::var_os("DEFLECT_TIMINGS").is_some_and(|v| v != "0"))
}

/// Starts the clock (at the start of the program).
pub fn start() {
    if enabled() {
        if let Ok(mut last) = LAST.lock() {
            *last = Some(Instant::now());
        }
    }
}

/// Ends a phase: writes `name` and the milliseconds since the previous
/// phase ended, when timings are on.
pub fn phase(name: &str) {
    if !enabled() {
        return;
    }
    if let Ok(mut last) = LAST.lock() {
        let now = Instant::now();
        if let Some(before) = *last {
            eprintln!(
                "timing: {name:<24} {:>8.1} ms",
                now.duration_since(before).as_secs_f64() * 1000.0
            );
        }
        *last = Some(now);
    }
}
