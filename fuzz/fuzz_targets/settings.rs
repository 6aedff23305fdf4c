//! Fuzzes report.toml: any text must give settings or problems, never a panic.
#![no_main]

use grant_report::settings::parse_settings;
use libfuzzer_sys::fuzz_target;
use std::path::Path;

fuzz_target!(|data: &[u8]| {
    let _ = parse_settings(Path::new("report.toml"), &String::from_utf8_lossy(data));
});
