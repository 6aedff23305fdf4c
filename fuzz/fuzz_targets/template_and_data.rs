//! Fuzzes templates with data: the input is a template, a 0xFF byte, then a CSV. The template
//! must compile or give problems, be checked against the data's columns, and render every
//! grant (and serve as an introduction) without a panic or unbounded recursion.
#![no_main]

use grant_report::grants::{available_keys, map_grants, MapOptions};
use grant_report::settings::Settings;
use grant_report::source::{parse_table, ReadOptions};
use grant_report::template::{compile_template, render_case_study, render_text, report_context};
use libfuzzer_sys::fuzz_target;
use std::path::Path;

fuzz_target!(|data: &[u8]| {
    let (template, csv) = match data.iter().position(|&b| b == 0xFF) {
        Some(at) => (&data[..at], &data[at + 1..]),
        None => (data, &b"title,grantee,amount,summary\nA,B,100,text\n"[..]),
    };
    let source = String::from_utf8_lossy(template);
    let Ok(table) = parse_table(Path::new("f.csv"), csv, &ReadOptions::default()) else {
        return;
    };
    let options = MapOptions::default();
    let keys = available_keys(&table, &options);
    let Ok(mapped) = map_grants(&table, &options) else {
        return;
    };
    let context = report_context(&Settings::default(), &mapped.grants, "1 May 2026");
    let _ = render_text(Path::new("intro.md"), &source, &context);
    let Ok(t) = compile_template(Path::new("f.hbs"), &source) else {
        return;
    };
    if t.check_fields(&table.headers, &keys).is_err() {
        return;
    }
    for (i, g) in mapped.grants.iter().enumerate() {
        let _ = render_case_study(&t, g, i + 1, &Default::default());
    }
});
