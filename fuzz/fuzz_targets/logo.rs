//! Fuzzes logos: any bytes, as a PNG, JPEG or SVG logo, must be accepted within the limits
//! or refused with a problem, never a panic or a huge allocation.
#![no_main]

use grant_report::logo::parse_logo;
use libfuzzer_sys::fuzz_target;
use std::path::Path;

fuzz_target!(|data: &[u8]| {
    let _ = parse_logo(data.to_vec(), Path::new("logo"), Path::new("report.toml"));
});
