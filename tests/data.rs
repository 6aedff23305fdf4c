//! Real-world exports: encodings, delimiters, workbooks, 360Giving files, values and the exact
//! messages for each kind of problem.

use crate::common::{Pdf, Scratch};
use std::io::Write;

const ROWS: &str = "title,grantee,amount,duration,summary\r\n\
                    Café “One”,Org – A,£1500,24 months,First.\r\n\
                    Two,Org B,\"£2,000.50\",,Second.\r\n\
                    Three,Org C,300,1 year 6 months,Third.\r\n";

fn check(s: &Scratch, file: &str) -> crate::common::Run {
    s.run(&["check", file])
}

#[test]
fn every_encoding_excel_writes_is_read() {
    let s = Scratch::with_sample();
    let utf16 = |le: bool| -> Vec<u8> {
        let bom: [u8; 2] = if le { [0xFF, 0xFE] } else { [0xFE, 0xFF] };
        bom.into_iter()
            .chain(
                ROWS.encode_utf16()
                    .flat_map(|u| if le { u.to_le_bytes() } else { u.to_be_bytes() }),
            )
            .collect()
    };
    let windows_1252: Vec<u8> = ROWS
        .chars()
        .map(|c| match c {
            '£' => 0xA3,
            'é' => 0xE9,
            '“' => 0x93,
            '”' => 0x94,
            '–' => 0x96,
            c => u8::try_from(u32::from(c)).expect("ASCII"),
        })
        .collect();
    let cases: Vec<(&str, Vec<u8>)> = vec![
        ("utf8.csv", ROWS.as_bytes().to_vec()),
        (
            "bom.csv",
            [&[0xEF, 0xBB, 0xBF][..], ROWS.as_bytes()].concat(),
        ),
        ("utf16le.csv", utf16(true)),
        ("utf16be.csv", utf16(false)),
        ("cp1252.csv", windows_1252),
    ];
    for (name, bytes) in &cases {
        s.write_bytes(name, bytes);
        let run = check(&s, name);
        assert_eq!(
            (run.code, run.stdout.as_str()),
            (0, format!("{name}: 3 grants, no errors\n").as_str()),
            "{run:?}"
        );
    }
    let run = s.run(&["build", "cp1252.csv"]);
    assert_eq!(run.code, 0, "{run:?}");
    assert_contains!(run.stdout, "£3,800.50 awarded");
    let text = Pdf::open(&s.path("report.pdf")).page_texts().join(" ");
    assert!(
        text.contains("Café “One”: £1,500 over two years to Org – A. First."),
        "{text}"
    );
    // Forcing an encoding wins over detection: UTF-8 read as Windows-1252 garbles the £.
    let run = s.run(&["check", "utf8.csv", "--encoding", "windows-1252"]);
    assert_eq!(run.code, 1);
    assert_starts_with!(
        run.stderr,
        "error: utf8.csv:2: column \"amount\": \"Â£1500\" is not an amount"
    );
}

#[test]
fn delimiters_are_sniffed_or_forced() {
    let s = Scratch::with_sample();
    for (name, d) in [("semi.csv", ";"), ("tab.tsv", "\t"), ("pipe.txt", "|")] {
        let text = format!(
            "title{d}grantee{d}amount{d}summary\nA, with comma{d}Org{d}\"1,000\"{d}\"Line one.\n\nA second paragraph.\"\nB{d}Org{d}2{d}x\n"
        );
        s.write(name, &text);
        let run = check(&s, name);
        assert_eq!(run.code, 0, "{name}: {run:?}");
        assert_eq!(run.stdout, format!("{name}: 2 grants, no errors\n"));
    }
    // A blank line inside a cell is a paragraph break in the case study.
    s.write("templates/case-study.hbs", "# {{title}}\n\n{{summary}}\n");
    assert_eq!(s.run(&["build", "semi.csv"]).code, 0);
    let pdf = Pdf::open(&s.path("report.pdf"));
    assert!(pdf.page_texts()[1].contains("A, with comma Line one. A second paragraph."));
    // Forced: a semicolon file read with commas has one column, so the columns are missing.
    let run = s.run(&["check", "semi.csv", "--delimiter", ","]);
    assert_eq!(run.code, 1);
    assert_contains!(
        run.stderr,
        "error: semi.csv:1: no \"title\" column; the columns are: title;grantee;amount;summary"
    );
    assert_contains!(
        run.stderr,
        "error: semi.csv:2: this row has 3 cells but the header row has 1"
    );
    let run = s.run(&["check", "tab.tsv", "--delimiter", "tab"]);
    assert_eq!(run.code, 0, "{run:?}");
}

fn write_xlsx(path: &std::path::Path) {
    use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};
    let mut wb = Workbook::new();
    let date = Format::new().set_num_format("dd/mm/yyyy");
    let sheet = wb.add_worksheet();
    sheet.set_name("Grants").expect("name");
    for (c, h) in [
        "Title",
        "Recipient Org:Name",
        "Amount Awarded",
        "Planned Dates:Duration (months)",
        "Award Date",
    ]
    .iter()
    .enumerate()
    {
        sheet.write_string(0, c as u16, *h).expect("header");
    }
    sheet.write_string(1, 0, "Whole pounds").expect("cell");
    sheet.write_string(1, 1, "Org A").expect("cell");
    sheet.write_number(1, 2, 103000.0).expect("cell");
    sheet.write_number(1, 3, 24.0).expect("cell");
    let d = ExcelDateTime::from_ymd(2021, 3, 26).expect("date");
    sheet
        .write_datetime_with_format(1, 4, &d, &date)
        .expect("cell");
    sheet.write_string(2, 0, "Pence").expect("cell");
    sheet.write_string(2, 1, "Org B").expect("cell");
    // What Excel stores for 1339.73 after arithmetic: binary noise below a penny.
    sheet.write_number(2, 2, 1_339.730_000_000_1).expect("cell");
    let other = wb.add_worksheet();
    other.set_name("Other").expect("name");
    other.write_string(0, 0, "title").expect("cell");
    other.write_string(0, 1, "grantee").expect("cell");
    other.write_string(0, 2, "amount").expect("cell");
    other.write_string(4, 0, "Row five").expect("cell");
    other.write_string(4, 1, "Org").expect("cell");
    other.write_string(4, 2, "lots").expect("cell");
    wb.save(path).expect("save xlsx");
}

#[test]
fn xlsx_workbooks_keep_numbers_dates_and_row_numbers() {
    let s = Scratch::with_sample();
    write_xlsx(&s.path("grants.xlsx"));
    s.write(
        "templates/case-study.hbs",
        "# {{title}}\n\n{{amount}}; {{duration}}; awarded {{award_date}}.\n",
    );
    let run = s.run(&["build", "grants.xlsx"]);
    assert_eq!(run.code, 0, "{run:?}");
    assert_contains!(run.stdout, "2 grants, £104,339.73 awarded");
    let pages = Pdf::open(&s.path("report.pdf")).page_texts();
    assert_contains!(pages[1], "£103,000; two years; awarded 26 March 2021.");
    assert_contains!(pages[2], "£1,339.73; ; awarded .");
    // Another sheet by name; its rows are numbered as the spreadsheet shows them.
    let run = s.run(&["check", "grants.xlsx", "--sheet", "other"]);
    assert_eq!(run.code, 1);
    // That sheet has no award date, which the template prints unguarded: an error too.
    assert_eq!(
        run.stderr,
        "error: templates/case-study.hbs:3:35: the template uses {{award_date}}, but the data has no column for it (it would print empty)\n  |\n3 | {{amount}}; {{duration}}; awarded {{award_date}}.\n  |                                   ^\n\
         hint: the data's columns are: title, grantee, amount; to make the field optional, wrap it in {{#if award_date}}…{{/if}}\n\
         error: grants.xlsx:5: column \"amount\": \"lots\" is not an amount\n\
         hint: write digits with optional £ and commas, e.g. £12,500\n"
    );
    let run = s.run(&["check", "grants.xlsx", "--sheet", "Budget"]);
    assert_eq!(run.code, 1);
    assert_eq!(
        run.stderr,
        "error: grants.xlsx: there is no sheet \"Budget\"\nhint: the sheets are: Grants, Other\n"
    );
}

/// Writes an .ods workbook of one sheet whose rows are `rows` (table-row elements).
fn write_ods(s: &Scratch, name: &str, rows: &str) {
    let content = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">
<office:body><office:spreadsheet><table:table table:name="Sheet1">
{rows}
</table:table></office:spreadsheet></office:body></office:document-content>"#
    );
    let manifest = r#"<?xml version="1.0" encoding="UTF-8"?>
<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">
<manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>
<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>
</manifest:manifest>"#;
    let file = std::fs::File::create(s.path(name)).expect("ods");
    let mut zip = zip::ZipWriter::new(file);
    let stored =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    zip.start_file("mimetype", stored).expect("zip");
    zip.write_all(b"application/vnd.oasis.opendocument.spreadsheet")
        .expect("zip");
    zip.start_file("META-INF/manifest.xml", stored)
        .expect("zip");
    zip.write_all(manifest.as_bytes()).expect("zip");
    zip.start_file("content.xml", stored).expect("zip");
    zip.write_all(content.as_bytes()).expect("zip");
    zip.finish().expect("zip");
}

const ODS_HEADER: &str = r#"<table:table-row><table:table-cell office:value-type="string"><text:p>title</text:p></table:table-cell><table:table-cell office:value-type="string"><text:p>grantee</text:p></table:table-cell><table:table-cell office:value-type="string"><text:p>amount</text:p></table:table-cell></table:table-row>"#;

#[test]
fn ods_workbooks_are_read() {
    let s = Scratch::with_sample();
    // A grant, then the empty rows and cells a spreadsheet program repeats to the sheet's end.
    write_ods(
        &s,
        "grants.ods",
        &format!(
            r#"{ODS_HEADER}
<table:table-row><table:table-cell office:value-type="string"><text:p>From ODS</text:p></table:table-cell><table:table-cell office:value-type="string"><text:p>Org</text:p></table:table-cell><table:table-cell office:value-type="float" office:value="2500"><text:p>2500</text:p></table:table-cell><table:table-cell table:number-columns-repeated="1021"/></table:table-row>
<table:table-row table:number-rows-repeated="1048574"><table:table-cell table:number-columns-repeated="1024"/></table:table-row>"#
        ),
    );
    let run = s.run_capped(&["build", "grants.ods"]);
    assert_eq!(run.code, 0, "{run:?}");
    assert_contains!(run.stdout, "1 grant, £2,500 awarded");
}

#[test]
fn issue_13_an_ods_sheet_repeating_a_row_a_million_times_is_refused_before_it_is_laid_out() {
    let s = Scratch::with_sample();
    write_ods(
        &s,
        "bomb.ods",
        &format!(
            r#"{ODS_HEADER}
<table:table-row table:number-rows-repeated="1000000"><table:table-cell office:value-type="string" table:number-columns-repeated="3"><text:p>x</text:p></table:table-cell></table:table-row>"#
        ),
    );
    let run = s.run_capped(&["check", "bomb.ods"]);
    assert_eq!(run.code, 1, "{run:?}");
    assert_starts_with!(
        run.stderr,
        "error: bomb.ods: sheet \"Sheet1\" lays out 1000001 rows and 3000003 cells once its repeated rows and cells are multiplied out, more than a sheet may (200000 rows, 5000000 cells)"
    );
}

#[test]
fn the_360giving_columns_map_without_configuration() {
    let s = Scratch::with_sample();
    // The 360Giving standard's own header template (2023), every column.
    let header = std::fs::read_to_string(
        crate::common::repo().join("tests/fixtures/360giving-header-template-2023.csv"),
    )
    .expect("fixture");
    let header = header.lines().next().expect("header").to_string();
    let columns: Vec<&str> = header.split(',').collect();
    let row = |values: &[(&str, &str)]| -> String {
        columns
            .iter()
            .map(|c| {
                values
                    .iter()
                    .find(|(k, _)| k == c)
                    .map_or(String::new(), |(_, v)| format!("\"{v}\""))
            })
            .collect::<Vec<_>>()
            .join(",")
    };
    let one = row(&[
        ("Identifier", "360G-ex-1"),
        ("Title", "Play streets"),
        ("Description", "Closing streets for play."),
        ("Currency", "GBP"),
        ("Amount Applied For", "9000"),
        ("Amount Awarded", "8500"),
        ("Award Date", "26/03/2001 00:00"),
        ("Planned Dates:Duration (months)", "12 months"),
        ("Recipient Org:Name", "Playing Out"),
        ("Recipient Org:Web Address", "https://playingout.net"),
        ("Grant Programme:Title", "Awards for All"),
    ]);
    let two = row(&[
        ("Identifier", "360G-ex-2"),
        ("Title", "Dates only"),
        ("Amount Awarded", "1000"),
        ("Planned Dates:Start Date", "2021-04-01"),
        ("Planned Dates:End Date", "2022-03-31"),
        ("Planned Dates:Duration (months)", "Undefined"),
        ("Recipient Org:Name", "Org"),
        ("Grant Programme:Title", "Awards for All"),
    ]);
    // Publishers add their own columns: they reach the template too.
    s.write(
        "360.csv",
        &format!("{header},Grant type\n{one},Small\n{two},Large\n"),
    );
    s.write("templates/case-study.hbs", "# {{title}}\n\n{{grantee}}, {{amount}}, {{duration}}, {{award_date}}, {{grant_type}}. {{summary}}\n");
    let run = s.run(&["build", "360.csv"]);
    assert_eq!(run.code, 0, "{run:?}");
    let pdf = Pdf::open(&s.path("report.pdf"));
    let pages = pdf.page_texts();
    assert_contains!(
        pages[1],
        "Playing Out, £8,500, one year, 26 March 2001, Small. Closing streets for play."
    );
    assert_contains!(pages[2], "Org, £1,000, one year, , Large.");
    assert_contains!(pages[3], "Total (2 grants) £9,500");
}

#[test]
fn header_case_and_spelling_variants_map() {
    let s = Scratch::with_sample();
    s.write(
        "v.csv",
        "TITLE,recipient org: name,AMOUNT AWARDED,currency\nA,B,100,gbp\n",
    );
    assert_eq!(check(&s, "v.csv").code, 0);
    s.write(
        "templates/report.toml",
        "[columns]\namount = \"Grant value\"\ngrantee = \"Charity\"\n",
    );
    s.write("m.csv", "Title,Charity,Grant value\nA,B,100\n");
    let run = check(&s, "m.csv");
    assert_eq!(run.code, 0, "{run:?}");
    s.write(
        "templates/report.toml",
        "[columns]\namount = \"Grant valu\"\ngrantee = \"Charity\"\n",
    );
    let run = check(&s, "m.csv");
    assert_eq!(
        run.stderr,
        "error: m.csv:1: \"Grant valu\" report.toml [columns] names a column that is not in the file; the columns are: Title, Charity, Grant value\n\
         hint: did you mean \"Grant value\"?\n"
    );
}

/// A sum computed here, independently of the tool: amounts as the sample writes them.
fn pence(amount: &str) -> i64 {
    let digits: String = amount
        .chars()
        .filter(|c| c.is_ascii_digit() || *c == '.')
        .collect();
    let (pounds, p) = digits.split_once('.').unwrap_or((&digits, "0"));
    pounds.parse::<i64>().expect("pounds") * 100 + format!("{p:0<2}").parse::<i64>().expect("pence")
}

#[test]
fn totals_of_a_large_file_are_exact_to_the_penny() {
    let s = Scratch::empty();
    let csv = s.run(&["sample", "--rows", "240", "--seed", "11"]).stdout;
    s.write("big.csv", &csv);
    let mut reader = csv::Reader::from_reader(csv.as_bytes());
    let total: i64 = reader.records().map(|r| pence(&r.expect("row")[4])).sum();
    assert!(total % 100 != 0, "the sample should include pence");
    let expected = crate::common::sterling(total);
    let run = s.run(&["build", "big.csv"]);
    assert_eq!(run.code, 0, "{run:?}");
    assert!(
        run.stdout
            .contains(&format!("240 grants, {expected} awarded")),
        "{} vs {expected}",
        run.stdout
    );
    let text = Pdf::open(&s.path("report.pdf")).page_texts().join(" ");
    assert!(
        text.contains(&format!("Total (240 grants) {expected}")),
        "{expected}"
    );
}

#[test]
fn each_kind_of_value_problem_has_its_message() {
    let s = Scratch::with_sample();
    s.write(
        "bad.csv",
        "title,grantee,amount,currency,duration,award_date\n\
         A,Org,\"8.000,00\",,,\n\
         B,Org,100,pounds,,\n\
         C,Org,100,,,31/02/2021\n\
         D,Org,,,,\n\
         E,Org,-£50,,,\n\
         F,Org,$20,GBP,,\n",
    );
    let run = check(&s, "bad.csv");
    assert_eq!(run.code, 1);
    assert_eq!(
        run.stderr,
        "error: bad.csv:2: column \"amount\": \"8.000,00\" is not an amount: the commas and points are ambiguous\n\
         hint: use commas for thousands and a point for pence, e.g. 8,000.00 (or set decimal_comma = true in report.toml)\n\
         error: bad.csv:3: column \"currency\": \"pounds\" is not a currency code\n\
         hint: use a three-letter ISO code such as GBP, EUR or USD\n\
         error: bad.csv:4: column \"award_date\": \"31/02/2021\" is not a date\n\
         hint: write it as 2024-03-26 or 26/03/2024 (day first)\n\
         error: bad.csv:5: column \"amount\": \"\" the amount is empty\n\
         hint: every grant needs an amount, e.g. £12,500\n"
    );
    // Fix the errors: what is left are warnings, and the PDF is made.
    s.write(
        "ok.csv",
        "title,grantee,amount,currency\nE,Org,-£50,\nF,Org,$20,GBP\nG,Org,£100,\n",
    );
    let run = s.run(&["build", "ok.csv"]);
    assert_eq!(run.code, 0, "{run:?}");
    assert_eq!(
        run.stderr,
        "warning: ok.csv:2: column \"amount\": \"-£50\" is a negative amount (a revoked or returned grant?)\n\
         hint: it is shown and totalled as negative; delete the row to leave it out\n\
         warning: ok.csv:3: column \"amount\": \"$20\" is written in USD, but the Currency column says GBP; it is counted as GBP\n\
         hint: make the amount's symbol agree with the Currency column, or drop the symbol\n"
    );
    assert_contains!(run.stdout, "3 grants, £70 awarded");
}

#[test]
fn decimal_comma_reports_read_european_amounts() {
    let s = Scratch::with_sample();
    s.write(
        "templates/report.toml",
        "currency = \"EUR\"\ndecimal_comma = true\n",
    );
    s.write(
        "eu.csv",
        "title;grantee;amount\nA;Org;8.000,50\nB;Org;€1.000\n",
    );
    let run = s.run(&["build", "eu.csv"]);
    assert_eq!(run.code, 0, "{run:?}");
    assert_contains!(run.stdout, "2 grants, €9,000.50 awarded");
}

#[test]
fn issue_13_a_workbook_whose_one_cell_sits_at_the_far_corner_stays_small() {
    let s = Scratch::with_sample();
    let path = s.path("corner.xlsx");
    let mut wb = rust_xlsxwriter::Workbook::new();
    let sheet = wb.add_worksheet();
    for (c, h) in ["title", "grantee", "amount"].iter().enumerate() {
        sheet.write_string(0, c as u16, *h).expect("cell");
    }
    sheet.write_string(1, 0, "A").expect("cell");
    sheet.write_string(1, 1, "Org").expect("cell");
    sheet.write_number(1, 2, 100.0).expect("cell");
    // XFD1048576: a sheet of 17 billion cells, as its dimensions declare.
    sheet.write_string(1_048_575, 16_383, "far").expect("cell");
    wb.save(&path).expect("save");
    let run = s.run_capped(&["check", "corner.xlsx"]);
    assert_eq!(run.code, 1, "{run:?}");
    assert_contains!(
        run.stderr,
        "error: corner.xlsx:1048576: this row has values in columns with no header"
    );
}

/// `grants.xlsx` written again with its first sheet's XML replaced by `sheet`, deflated.
fn xlsx_with_sheet(s: &Scratch, name: &str, sheet: &mut dyn FnMut(&mut dyn Write)) -> Vec<u8> {
    write_xlsx(&s.path("grants.xlsx"));
    let mut source =
        zip::ZipArchive::new(std::fs::File::open(s.path("grants.xlsx")).expect("open"))
            .expect("zip");
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let deflated = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .compression_level(Some(1));
    for i in 0..source.len() {
        let mut entry = source.by_index(i).expect("entry");
        let part = entry.name().to_string();
        out.start_file(part.as_str(), deflated).expect("start");
        if part == "xl/worksheets/sheet1.xml" {
            sheet(&mut out);
        } else {
            std::io::copy(&mut entry, &mut out).expect("copy");
        }
    }
    let bytes = out.finish().expect("finish").into_inner();
    s.write_bytes(name, &bytes);
    bytes
}

#[test]
fn issue_13_a_workbook_part_that_inflates_past_the_limit_is_refused_whatever_it_declares() {
    let s = Scratch::with_sample();
    let spaces = vec![b' '; 1 << 20];
    let mut bytes = xlsx_with_sheet(&s, "bomb.xlsx", &mut |out| {
        out.write_all(b"<?xml version=\"1.0\"?><worksheet><sheetData>")
            .expect("w");
        for _ in 0..260 {
            out.write_all(&spaces).expect("w"); // 260 MiB between two tags
        }
        out.write_all(b"</sheetData></worksheet>").expect("w");
    });
    // The directory and local headers now declare 1 KB inflated for every part.
    for signature in [&b"PK\x01\x02"[..], &b"PK\x03\x04"[..]] {
        let size_at = if signature[2] == 1 { 24 } else { 22 };
        let mut at = 0;
        while let Some(i) = bytes[at..].windows(4).position(|w| w == signature) {
            let entry = at + i;
            bytes[entry + size_at..entry + size_at + 4].copy_from_slice(&1024u32.to_le_bytes());
            at = entry + 4;
        }
    }
    s.write_bytes("bomb.xlsx", &bytes);
    assert!(
        bytes.len() < 4 << 20,
        "the file is small: {} bytes",
        bytes.len()
    );
    let run = s.run_capped(&["check", "bomb.xlsx"]);
    assert_eq!(run.code, 1, "{run:?}");
    assert_contains!(
        run.stderr,
        "part xl/worksheets/sheet1.xml inflates to more than the 256 MiB a part may"
    );
}

#[test]
fn issue_13_a_workbook_cell_of_megabytes_is_refused_before_the_reader_holds_it() {
    let s = Scratch::with_sample();
    let text = vec![b'x'; 1 << 20];
    xlsx_with_sheet(&s, "big.xlsx", &mut |out| {
        out.write_all(b"<?xml version=\"1.0\"?><worksheet><sheetData><row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>").expect("w");
        for _ in 0..5 {
            out.write_all(&text).expect("w");
        }
        out.write_all(b"</t></is></c></row></sheetData></worksheet>")
            .expect("w");
    });
    let run = s.run_capped(&["check", "big.xlsx"]);
    assert_eq!(run.code, 1, "{run:?}");
    assert_contains!(
        run.stderr,
        "part xl/worksheets/sheet1.xml holds a run of more than 4 MiB of text with no markup"
    );
    // A workbook whose parts are within the limits reads as before.
    xlsx_with_sheet(&s, "fine.xlsx", &mut |out| {
        out.write_all(br#"<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>title</t></is></c><c r="B1" t="inlineStr"><is><t>grantee</t></is></c><c r="C1" t="inlineStr"><is><t>amount</t></is></c></row><row r="2"><c r="A2" t="inlineStr"><is><t>A</t></is></c><c r="B2" t="inlineStr"><is><t>B</t></is></c><c r="C2"><v>12.5</v></c></row></sheetData></worksheet>"#).expect("w");
    });
    let run = s.run_capped(&["check", "fine.xlsx"]);
    assert_eq!(run.code, 0, "{run:?}");
}
