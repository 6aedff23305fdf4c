//! Fuzzes reading and mapping: any bytes, as CSV, must give a table or problems, never a panic;
//! every grant that maps must have an amount that formats and totals without overflow.
#![no_main]

use grant_report::grants::{map_grants, totals, MapOptions};
use grant_report::source::{parse_table, ReadOptions};
use libfuzzer_sys::fuzz_target;
use std::path::Path;

fuzz_target!(|data: &[u8]| {
    let Ok(table) = parse_table(Path::new("fuzz.csv"), data, &ReadOptions::default()) else {
        return;
    };
    for decimal_comma in [false, true] {
        let options = MapOptions { decimal_comma, ..MapOptions::default() };
        if let Ok(mapped) = map_grants(&table, &options) {
            for g in &mapped.grants {
                let _ = g.amount.to_string();
                let _ = g.duration.map(|d| d.words());
            }
            let _ = totals(&mapped.grants);
            let _ = grant_report::template::escape_markdown(&String::from_utf8_lossy(data));
        }
    }
});
