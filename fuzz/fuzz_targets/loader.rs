//! Fuzzes the directory loader and validation with arbitrary file bytes.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let loaded = deflect::directory::load_bytes(
        vec![
            ("directory.toml".into(), b"[directory]\nname = \"F\"\ntimezone = \"America/Chicago\"\ncountry = \"US\"\n".to_vec()),
            ("fuzz.toml".into(), data.to_vec()),
        ],
        deflect::directory::Limits::default(),
    );
    let options = deflect::validate::Options {
        as_of: chrono::NaiveDate::from_ymd_opt(2026, 11, 28).unwrap(),
        max_age_days: 180,
    };
    let report = deflect::validate::validate(&loaded, &options);
    for d in &report.diagnostics {
        let _ = d.render_text();
    }
});
