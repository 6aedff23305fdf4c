//! Fuzzes the whole back end: any text, as every case study's Markdown, is assembled into a
//! report with a cover, contents, key facts, charts and the summary table, laid out with
//! --fit and --duplex, and written to PDF bytes, without a panic.
#![no_main]

use grant_report::grants::{map_grants, MapOptions};
use grant_report::layout::{layout_streaming, FontBook};
use grant_report::markup::parse_markup;
use grant_report::pdf::{PdfInfo, PdfWriter};
use grant_report::progress::Quiet;
use grant_report::report::assemble;
use grant_report::settings::Settings;
use grant_report::source::{parse_table, ReadOptions};
use libfuzzer_sys::fuzz_target;
use std::path::Path;

const GRANTS: &[u8] = b"title,grantee,amount,duration,programme\n\
A,Org A,\"\xc2\xa31,000\",12,P1\nB,Org B,2500.50,36,P2\nC,Org A,-300,,P1\n";

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let table = parse_table(Path::new("g.csv"), GRANTS, &ReadOptions::default()).expect("table");
    let grants = map_grants(&table, &MapOptions::default()).expect("grants").grants;
    let mut settings = Settings::default();
    settings.fit = true;
    settings.page.duplex = true;
    settings.contents.enabled = true;
    settings.case_study.key_facts = true;
    let case_studies = grants.iter().map(|_| parse_markup(&text)).collect();
    let doc = assemble(&settings, &grants, case_studies, Some(parse_markup(&text)), &[], None, "1 May 2026");
    let fonts = FontBook::shared();
    let info = PdfInfo {
        title: "Fuzz".into(),
        author: String::new(),
        language: "en-GB".into(),
        date: (2026, 5, 1, 0, 0, 0),
        tagged: true,
        go_to_page: "Go to page {n}".into(),
    };
    let mut writer = PdfWriter::new(fonts, &info);
    let streamed = layout_streaming(doc, &grant_report::pipeline::style(&settings), fonts, &Quiet, &mut writer);
    let bytes = writer.finish(streamed, &Quiet).expect("pdf");
    assert!(bytes.parts()[0].starts_with(b"%PDF"));
});
