//! Fuzzes the text path: any string, as a rendered case study, must parse and lay out into
//! pages without a panic, whatever its length, words or characters.
#![no_main]

use grant_report::document::{Document, Section, SectionKind};
use grant_report::layout::{layout_document, FontBook};
use grant_report::markup::parse_markup;
use grant_report::settings::Settings;
use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;

fuzz_target!(|data: &[u8]| {
    static FONTS: OnceLock<FontBook> = OnceLock::new();
    let fonts = FONTS.get_or_init(FontBook::bundled);
    let text = String::from_utf8_lossy(data);
    let doc = Document {
        title: "Fuzz".into(),
        author: String::new(),
        language: "en-GB".into(),
        sections: vec![Section {
            kind: SectionKind::CaseStudy,
            outline: Some("Fuzz".into()),
            running_head: "Programme".into(),
            continued: Some("Fuzz (continued)".into()),
            blocks: parse_markup(&text),
            language: None,
        }],
    };
    let layout = layout_document(&doc, &grant_report::pipeline::style(&Settings::default()), fonts, &grant_report::progress::Quiet);
    assert!(!layout.pages.is_empty());
});
