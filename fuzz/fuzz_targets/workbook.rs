//! Fuzzes workbooks: any bytes, as an .xlsx/.ods/.xls file, must give a table or problems
//! within the limits, never a panic or an allocation past them.
#![no_main]

use grant_report::grants::{map_grants, MapOptions};
use grant_report::source::parse_workbook;
use libfuzzer_sys::fuzz_target;
use std::path::Path;

fuzz_target!(|data: &[u8]| {
    if let Ok(table) = parse_workbook(Path::new("fuzz.xlsx"), data.to_vec(), None) {
        let _ = map_grants(&table, &MapOptions::default());
    }
});
