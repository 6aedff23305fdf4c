//! Fuzzes 360Giving JSON: any bytes, as a .json file, must give a table (mapped to grants
//! and each grant's template context) or problems, never a panic.
#![no_main]

use grant_report::grants::{map_grants, MapOptions};
use grant_report::source::json::parse_json;
use libfuzzer_sys::fuzz_target;
use std::path::Path;

fuzz_target!(|data: &[u8]| {
    if let Ok(table) = parse_json(Path::new("fuzz.json"), data) {
        if let Ok(mapped) = map_grants(&table, &MapOptions::default()) {
            for (i, g) in mapped.grants.iter().enumerate() {
                let _ = grant_report::template::context(g, i + 1);
            }
        }
    }
});
