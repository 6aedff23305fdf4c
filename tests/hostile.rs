//! Issue 28's third round of attacks on every input, each run under the memory and time cap
//! (`Scratch::run_capped`): SVG pictures that link out or expand without end, JSON that nests,
//! repeats keys or overflows, Markdown built to make layout blow up. Each gets a clear error
//! or a correct report, never a panic, a hang or memory out of proportion.

use crate::common::{Pdf, Scratch};

/// The sample with `svg` as its cover logo, built under the cap.
fn build_with_logo(svg: &str) -> (Scratch, crate::common::Run) {
    let s = Scratch::with_sample();
    s.use_svg_logo(svg);
    let run = s.run_capped(&["build"]);
    (s, run)
}

#[test]
fn an_svg_never_reads_the_files_it_links_to_and_says_their_pictures_are_left_out() {
    // A picture elsewhere on disk, a system file, an endless device and another SVG: none is
    // read (reading /dev/zero would take all memory), and the warning names what is left out.
    let s0 = Scratch::with_sample();
    let outside = s0.path("outside.png");
    s0.write_bytes("outside.png", &crate::common::png_of(4, 4));
    let svg = format!(
        r#"<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="120" height="40">
<image xlink:href="file:///etc/passwd" width="10" height="10"/>
<image href="/dev/zero" width="10" height="10"/>
<image href="{}" width="10" height="10"/>
<image href="../../other.svg" width="10" height="10"/>
<rect width="30" height="30" fill="teal"/></svg>"#,
        outside.display()
    );
    let (s, run) = build_with_logo(&svg);
    assert_eq!(run.code, 0, "{run:?}");
    assert_contains!(
        run.stderr,
        "pictures inside the SVG or linked from it (left out; linked files are never read)"
    );
    let pdf = Pdf::open(&s.path("report.pdf"));
    // The rectangle is drawn, no picture is: the PDF holds no image at all.
    let images = pdf.images().len();
    assert_eq!(images, 0, "an image was written");
    // A picture inside the SVG as a data: address (here a PNG declaring 60,000 × 60,000
    // pixels) is left out the same way, never decoded.
    let bomb = format!(
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="100" height="40"><image href="data:image/png;base64,{}" width="10" height="10"/></svg>"#,
        base64_of(&png_declaring(60_000, 60_000))
    );
    let (_, run) = build_with_logo(&bomb);
    assert_eq!(run.code, 0, "{run:?}");
    assert_contains!(run.stderr, "pictures inside the SVG or linked from it");
}

#[test]
fn an_svg_that_expands_or_nests_without_end_is_refused_in_plain_words() {
    let mut laughs = String::from(
        "<?xml version=\"1.0\"?>\n<!DOCTYPE svg [\n<!ENTITY a \"lollollollollollollollollollol\">\n",
    );
    for i in 0..9u8 {
        let (name, inner) = ((b'b' + i) as char, (b'a' + i) as char);
        laughs += &format!("<!ENTITY {name} \"{}\">\n", format!("&{inner};").repeat(10));
    }
    laughs += "]>\n<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"100\" height=\"40\"><text x=\"0\" y=\"20\">&j;</text></svg>\n";
    let (s, run) = build_with_logo(&laughs);
    assert_eq!(run.code, 1, "{run:?}");
    assert_contains!(
        run.stderr,
        "the logo is not a readable SVG: its entities (<!ENTITY>) expand without end or past what a picture may hold (line 4, column 25)"
    );
    assert_contains!(
        run.stderr,
        "hint: export the logo again from your design program"
    );
    assert!(!s.path("report.pdf").exists());

    let deep = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"100\" height=\"40\">{}<rect width=\"5\" height=\"5\"/>{}</svg>",
        "<g>".repeat(10_000),
        "</g>".repeat(10_000)
    );
    let (_, run) = build_with_logo(&deep);
    assert_eq!(run.code, 1, "{run:?}");
    assert_contains!(
        run.stderr,
        "the logo is not a readable SVG: it nests or holds more elements than a picture may have"
    );

    // A million path commands is a big picture, not an attack: drawn, within the cap.
    let path = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"100\" height=\"40\"><path d=\"M0 0{}\"/></svg>",
        " L1 1 L2 0".repeat(500_000)
    );
    let (s, run) = build_with_logo(&path);
    assert_eq!(run.code, 0, "{run:?}");
    assert!(Pdf::open(&s.path("report.pdf")).page_count() >= 5);
}

/// A PNG whose header declares `w` × `h` pixels over one small compressed block (the png
/// crate writes the header and chunks; the pixels are never all there).
fn png_declaring(w: u32, h: u32) -> Vec<u8> {
    let mut out = Vec::new();
    {
        let mut encoder = png::Encoder::new(&mut out, w, h);
        encoder.set_color(png::ColorType::Rgb);
        let mut writer = encoder.write_header().expect("header");
        let block = miniz_oxide::deflate::compress_to_vec_zlib(&[0; 1 << 16], 9);
        writer.write_chunk(png::chunk::IDAT, &block).expect("chunk");
    } // The writer ends the file (IEND) when dropped.
    out
}

fn base64_of(bytes: &[u8]) -> String {
    use base64::Engine;
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

/// A one-grant 360Giving data package, its `amountAwarded` written as `amount` (raw JSON).
fn one_grant(amount: &str) -> String {
    format!(
        r#"{{"grants": [{{"id": "360G-1", "title": "Kitchen", "currency": "GBP", "amountAwarded": {amount}, "awardDate": "2024-01-02", "recipientOrganization": [{{"id": "GB-1", "name": "Org"}}], "fundingOrganization": [{{"id": "GB-F", "name": "Funder"}}]}}]}}"#
    )
}

#[test]
fn json_that_repeats_a_key_nests_too_deep_or_overflows_is_refused_in_plain_words() {
    let s = Scratch::with_sample();
    // The same key twice in one grant: serde_json would keep the second silently, so a
    // total could change unseen.
    s.write("dup.json", &one_grant("100, \"amountAwarded\": 999"));
    let run = s.run_capped(&["check", "dup.json"]);
    assert_eq!(run.code, 1, "{run:?}");
    assert_starts_with!(
        run.stderr,
        "error: dup.json:1:110: the JSON cannot be read: the key \"amountAwarded\" is given twice in one object"
    );
    assert_contains!(
        run.stderr,
        "hint: keep the one value that is right and delete the other"
    );

    s.write("big.json", &one_grant("1e400"));
    let run = s.run_capped(&["check", "big.json"]);
    assert_eq!(run.code, 1, "{run:?}");
    assert_contains!(
        run.stderr,
        "the JSON cannot be read: a number here is too large to read (more than 308 digits)"
    );
    assert_contains!(
        run.stderr,
        "hint: correct the number: an amount is written like 1500 or 1500.50"
    );

    s.write(
        "deep.json",
        &format!(
            "{{\"grants\": [{}1{}]}}",
            "[".repeat(100_000),
            "]".repeat(100_000)
        ),
    );
    let run = s.run_capped(&["check", "deep.json"]);
    assert_eq!(run.code, 1, "{run:?}");
    assert_contains!(
        run.stderr,
        "it nests lists or objects more than 128 deep (a grants file nests only a few)"
    );
    // JSON Lines: the same words, on the line.
    s.write(
        "lines.jsonl",
        "{\"id\": \"a\", \"title\": \"A\"}\n{\"id\": \"b\", \"id\": \"c\"}\n",
    );
    let run = s.run_capped(&["check", "lines.jsonl"]);
    assert_eq!(run.code, 1, "{run:?}");
    assert_contains!(
        run.stderr,
        "lines.jsonl:2: this line is not JSON: the key \"id\" is given twice in one object"
    );
}

/// The sample with `template` as its case-study template, built under the cap.
fn build_with_template(template: &str) -> (Scratch, crate::common::Run) {
    let s = Scratch::with_sample();
    s.write("templates/case-study.hbs", template);
    let run = s.run_capped(&["build"]);
    (s, run)
}

#[test]
fn markdown_built_to_blow_up_layout_is_set_or_refused_within_bounds() {
    // Brackets nested 49,999 deep, emphasis markers 49,998 deep, one word of 99,999 letters
    // (each just within a paragraph's limit): set, running on over pages with the warning,
    // every character kept.
    for (what, body, kept) in [
        (
            "brackets",
            format!("{}x{}", "[".repeat(49_999), "]".repeat(49_999)),
            "[[[[[",
        ),
        (
            "emphasis",
            format!("{}x{}", "*_".repeat(24_999), "_*".repeat(24_999)),
            "_*_*_*_*",
        ),
        ("word", "a".repeat(99_999), "aaaaaaaaaa"),
    ] {
        let (s, run) = build_with_template(&format!("# {{{{title}}}}\n\n{body}\n"));
        assert_eq!(run.code, 0, "{what}: {run:?}");
        assert_contains!(run.stderr, "does not fit on one page");
        let pdf = Pdf::open(&s.path("report.pdf"));
        assert!(pdf.page_count() > 8, "{what}");
        assert_contains!(pdf.page_texts()[1], kept);
    }
    // 100,000 nested brackets are a paragraph past the limit.
    let (_, run) = build_with_template(&format!(
        "# {{{{title}}}}\n\n{}x{}\n",
        "[".repeat(100_000),
        "]".repeat(100_000)
    ));
    assert_eq!(run.code, 1, "{run:?}");
    assert_contains!(run.stderr, "has a paragraph of 200,001 characters");
    // A paragraph of 2 MB (20,000 words of 100 letters; setting it took 1.3 GB) and a
    // template that writes 1.8 MB per grant are refused, once for every grant.
    let long_words = format!("{} ", "supercalifragilistic".repeat(5)).repeat(20_000);
    let (s, run) = build_with_template(&format!("# {{{{title}}}}\n\n{long_words}\n"));
    assert_eq!(run.code, 1, "{run:?}");
    assert_starts_with!(
        run.stderr,
        "error: input/grants.csv:2: the case study \"The Birmingham Anchor Institution Network\" has a paragraph of 2,019,999 characters, more than the 100,000 one paragraph may hold (and 2 more case studies)\nhint: break the text into paragraphs"
    );
    assert_eq!(run.stderr.matches("error:").count(), 1, "{}", run.stderr);
    assert!(!s.path("report.pdf").exists());
    let (_, run) = build_with_template(&format!(
        "# {{{{title}}}}\n\n{}\n",
        "{{summary}} ".repeat(3000)
    ));
    assert_eq!(run.code, 1, "{run:?}");
    assert_contains!(run.stderr, "more than the 100,000 one paragraph may hold");
    // The same text in paragraphs of their own is a long report, not an attack.
    let (s, run) = build_with_template(&format!(
        "# {{{{title}}}}\n\n{}\n",
        "{{summary}}\n\n".repeat(300)
    ));
    assert_eq!(run.code, 0, "{run:?}");
    assert!(Pdf::open(&s.path("report.pdf")).page_count() > 50);

    // A table of 5,000 columns cannot be read in a page's width: refused, not smeared.
    let row = |cell: &dyn Fn(usize) -> String| {
        format!("|{}|\n", (0..5000).map(cell).collect::<Vec<_>>().join("|"))
    };
    let table = row(&|i| format!("c{i}")) + &row(&|_| "-".into()) + &row(&|_| "v".into());
    let (_, run) = build_with_template(&format!("# {{{{title}}}}\n\n{table}"));
    assert_eq!(run.code, 1, "{run:?}");
    assert_contains!(
        run.stderr,
        "has a table of 5,000 columns, more than the 16 a page has room for (and 2 more case studies)\nhint: give the table fewer columns, or split it into several tables"
    );
}

/// A data file of `n` short rows (20 bytes each, a grants system's export of everything).
fn short_rows(n: usize) -> String {
    let mut csv = String::from("title,grantee,amount\n");
    for i in 0..n {
        csv += &format!("T{i},G{},{}\n", i % 5000, 100 + i % 900);
    }
    csv
}

#[test]
fn twenty_thousand_short_rows_are_checked_and_built_in_a_bounded_memory() {
    // Peak memory of check and build of 20,000 short rows, under the cap. It was 233 MB for
    // check and 189 MB for build (an 8 KiB template buffer kept per grant, every summary row
    // set and every summary page held at once, every grantee's name shaped and kept); now
    // about 100 and 128 MB. The figures for 10,000 to 1,000,000 rows are in benches/README.md
    // (benches/rows.sh).
    let s = Scratch::empty();
    s.write("rows.csv", &short_rows(20_000));
    let (checked, check) = s.run_measured(&["check", "rows.csv"]);
    assert_eq!(checked.code, 0, "{checked:?}");
    let (built, build) = s.run_measured(&["build", "rows.csv", "-o", "rows.pdf"]);
    assert_eq!(built.code, 0, "{built:?}");
    assert!(check < 160 * 1024, "check peaked at {check} KiB");
    assert!(build < 170 * 1024, "build peaked at {build} KiB");
}
