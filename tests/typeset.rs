//! Page rules from the command line and report.toml: --fit, --duplex, --paper, summary order.

use crate::common::{Pdf, Scratch};

fn long_case_study(s: &Scratch, sentences: usize) {
    let long = "The network met monthly and shared its learning widely across the city. "
        .repeat(sentences);
    s.write(
        "input/grants.csv",
        &format!("id,title,grantee,amount,duration,summary\nL-1,Long Project,Long Org,£5000,12,\"{long}\"\n"),
    );
}

#[test]
fn fit_shrinks_a_long_case_study_onto_one_page() {
    let s = Scratch::with_sample();
    long_case_study(&s, 55);
    let run = s.run(&["build"]);
    assert_contains!(run.stderr, "does not fit on one page");
    assert_eq!(Pdf::open(&s.path("report.pdf")).page_count(), 4);
    let run = s.run(&["build", "--fit"]);
    assert_eq!(
        (run.code, run.stderr.as_str()),
        (
            0,
            "note: input/grants.csv:2: the case study \"Long Project\" is set in 9.75 pt type so that it fits its page\n"
        ),
        "{run:?}"
    );
    let pages = Pdf::open(&s.path("report.pdf")).page_texts();
    assert_eq!(pages.len(), 3);
    // Every sentence is still there, on the one page.
    assert_eq!(pages[1].matches("The network met monthly").count(), 55);
}

#[test]
fn fit_warns_when_even_the_smallest_size_overflows() {
    let s = Scratch::with_sample();
    long_case_study(&s, 150);
    let run = s.run(&["build", "--fit"]);
    assert_eq!(run.code, 0);
    assert_starts_with!(run.stderr, "warning: input/grants.csv:2: the case study \"Long Project\" (L-1) does not fit on one page even with its text at 9 pt");
}

#[test]
fn duplex_starts_each_case_study_on_a_right_hand_page() {
    let s = Scratch::with_sample();
    let run = s.run(&["build", "--duplex"]);
    assert_eq!(run.code, 0, "{run:?}");
    let pages = Pdf::open(&s.path("report.pdf")).page_texts();
    // Cover, blank, three case studies each after a blank, and the summary after one too.
    assert_eq!(pages.len(), 9);
    let summary = pages
        .iter()
        .position(|p| p.contains("Summary of grants"))
        .expect("summary");
    assert_eq!(summary % 2, 0, "the summary is on page {}", summary + 1);
    for n in 1..=3 {
        let at = pages
            .iter()
            .position(|p| p.contains(&format!("Case study {n}")))
            .expect("case study");
        assert_eq!(
            at % 2,
            0,
            "case study {n} is on page {} (should be odd)",
            at + 1
        );
    }
    // The pages left blank for that carry nothing, not even a running head.
    assert_eq!(pages[1], "");
    assert_eq!(pages[3], "");
}

#[test]
fn letter_paper_from_the_command_line() {
    let s = Scratch::with_sample();
    assert_eq!(s.run(&["build", "--paper", "letter"]).code, 0);
    for (w, h) in Pdf::open(&s.path("report.pdf")).page_sizes() {
        assert!(
            (w - 612.0).abs() < 0.1 && (h - 792.0).abs() < 0.1,
            "{w}×{h}"
        );
    }
}

#[test]
fn the_summary_can_be_sorted() {
    let s = Scratch::with_sample();
    s.edit(
        "templates/report.toml",
        "sort = \"file\"          # file, amount",
        "sort = \"title\"          # file, amount",
    );
    assert_summary_order(
        &s,
        &[
            "Birmingham Poverty Truth Commission",
            "Shifting the Balance",
            "The Birmingham Anchor",
        ],
    );
    s.edit(
        "templates/report.toml",
        "sort = \"title\"          # file, amount",
        "sort = \"amount\"          # file, amount",
    );
    s.write(
        "input/grants.csv",
        "title,grantee,amount\nSmall,A,100\nLarge,B,\"£10,000\"\nMiddle,C,500\n",
    );
    assert_summary_order(&s, &["Large", "Middle", "Small"]);
}

/// Builds and checks that `names` come in this order on the summary page.
fn assert_summary_order(s: &Scratch, names: &[&str]) {
    assert_eq!(s.run(&["build"]).code, 0);
    let summary = Pdf::open(&s.path("report.pdf"))
        .page_texts()
        .pop()
        .expect("summary");
    let at: Vec<usize> = names
        .iter()
        .map(|t| {
            summary
                .find(t)
                .unwrap_or_else(|| panic!("{t} missing: {summary}"))
        })
        .collect();
    assert!(
        at.windows(2).all(|w| w[0] < w[1]),
        "{names:?} out of order: {summary}"
    );
}

fn job(dir: &std::path::Path, input: &str) -> grant_report::Job {
    grant_report::Job {
        template: grant_report::FileSource::Path(dir.join("templates/case-study.hbs")),
        settings: grant_report::FileSource::Path(dir.join("templates/report.toml")),
        date: grant_report::dates::parse_iso_date("2026-11-25"),
        ..grant_report::Job::new(dir.join(input))
    }
}

/// Compares a readable dump of laid-out pages (each run's position, size and text) with
/// tests/snapshots/NAME.snap, showing the whole diff when they differ. After a deliberate
/// change, rewrite with `INSTA_UPDATE=always cargo test` (or `cargo insta review`) and review
/// the diff before committing.
fn assert_layout_snapshot(job: &grant_report::Job, name: &str) {
    let checked =
        grant_report::check(job, &grant_report::progress::Quiet).expect("the input checks");
    let dump = grant_report::layout::dump(
        &grant_report::lay_out(job, &checked, &grant_report::progress::Quiet)
            .0
            .pages,
    );
    insta::with_settings!({
        snapshot_path => crate::common::repo().join("tests/snapshots"),
        prepend_module_to_snapshot => false,
        omit_expression => true,
    }, {
        insta::assert_snapshot!(name, dump);
    });
}

#[test]
fn layout_snapshot_of_the_sample() {
    assert_layout_snapshot(
        &job(&crate::common::repo(), "input/grants.csv"),
        "sample-layout",
    );
}

#[test]
fn layout_snapshot_of_hard_paragraphs() {
    let s = Scratch::with_sample();
    s.write(
        "templates/case-study.hbs",
        "# {{title}}\n\n{{{summary}}}\n\n- First point, with *italic* and **bold** text\n- Second point that is long enough to wrap onto a second line so the hanging indent shows clearly\n\n1. One\n2. Two\n",
    );
    let summary = "Antidisestablishmentarianism and pneumonoultramicroscopic words, a URL https://www.example.org/a/very/long/path/that/cannot/break/anywhere/at/all and *mixed **bold italic** runs* with a hard break  \nhere, plus British spellings: organisations, programmes, neighbourhoods, characterisation.";
    s.write(
        "input/grants.csv",
        &format!("title,grantee,amount,summary\nHard cases,Org,100,\"{summary}\"\n"),
    );
    assert_layout_snapshot(&job(s.dir.path(), "input/grants.csv"), "hard-paragraphs");
}

#[test]
fn contents_and_introduction_from_report_toml() {
    let s = Scratch::with_sample();
    let toml = "templates/report.toml";
    s.edit(
        toml,
        "# introduction = \"introduction.md\"",
        "introduction = \"introduction.md\"",
    );
    s.edit(
        toml,
        "enabled = false        # true: a contents",
        "enabled = true        # true: a contents",
    );
    s.write(
        "templates/introduction.md",
        "# About this report\n\n{{organisation}} made {{plural count \"grant\" \"grants\"}} worth {{total}} through {{programmes}} ({{#each programme_list}}[{{this}}]{{/each}}).\n",
    );
    let run = s.run(&["build"]);
    assert_eq!(run.code, 0, "{run:?}");
    let pdf = Pdf::open(&s.path("report.pdf"));
    let pages = pdf.page_texts();
    assert_eq!(pages.len(), 7);
    // The contents lists every later section on its own line with the page it starts on,
    // case studies numbered as their pages are headed (leader dots between, taken out here).
    let words = pdf.contents_entries();
    for (n, (title, page)) in [
        ("", "About this report", 3),
        ("1 ", "The Birmingham Anchor Institution Network", 4),
        ("2 ", "Birmingham Poverty Truth Commission", 5),
        ("3 ", "Shifting the Balance of Community Power", 6),
        ("", "Summary of grants", 7),
    ]
    .into_iter()
    .map(|(n, t, p)| (n, (t, p)))
    {
        assert!(
            words.contains(&format!("{n}{title} {page}")),
            "{n}{title} {page}: {words:?}"
        );
        assert!(
            pages[page - 1].contains(title),
            "page {page} should hold {title}"
        );
    }
    assert_leaders_stop_short(&pdf.contents_lines());
    assert_contains!(
        pages[2],
        "Grants team made 3 grants worth £161,575 through Economic Justice ([Economic Justice])."
    );
    // The contents is written last (its numbers need every section), yet it reads second.
    assert_eq!(pdf.tagging_problems(), Vec::<String>::new());
    let headings = pdf.headings_in_reading_order();
    let at = |t: &str| headings.iter().position(|h| h == t).unwrap_or(usize::MAX);
    assert!(
        at("Contents") < at("About this report")
            && at("About this report") < at("Case study 1")
            && at("Case study 3") < at("Summary of grants"),
        "{headings:?}"
    );
    let outline: Vec<String> = pdf.outline().into_iter().map(|(t, _)| t).collect();
    assert_eq!(
        outline[..2],
        ["Contents".to_string(), "About this report".to_string()]
    );
    // A field the introduction cannot have is an error located in its file.
    s.write("templates/introduction.md", "# Intro\n\n{{totl}}\n");
    let run = s.run(&["build", "-o", "x.pdf"]);
    assert_eq!(run.code, 1);
    assert_starts_with!(
        run.stderr,
        "error: templates/introduction.md:3:1: the introduction has no field {{totl}}: did you mean {{total}}?\n"
    );
    assert!(!s.path("x.pdf").exists());
}

#[test]
fn a_logo_on_the_cover_in_png_jpeg_or_svg() {
    let s = Scratch::with_sample();
    s.use_svg_logo(r##"<svg xmlns="http://www.w3.org/2000/svg" width="160" height="48"><rect width="48" height="48" fill="#1F5F6B"/></svg>"##);
    let run = s.run(&["build"]);
    assert_eq!(run.code, 0, "{run:?}");
    let pdf = Pdf::open(&s.path("report.pdf"));
    assert!(
        pdf.structure_roles().iter().any(|r| r == "Figure"),
        "the logo is a tagged figure"
    );
    // The logo's shapes are the cover's first marked content (MCID 0), owned by the Figure.
    assert!(
        pdf.content_of_page(1).starts_with("/P<</MCID 0>>BDC"),
        "the logo is drawn first"
    );
    // A PNG (a 2×1 pixel image made here) is embedded as an image.
    let png = {
        fn chunk(kind: &[u8], data: &[u8]) -> Vec<u8> {
            let mut crc = 0xFFFF_FFFFu32;
            for &b in kind.iter().chain(data) {
                crc ^= u32::from(b);
                for _ in 0..8 {
                    crc = if crc & 1 != 0 {
                        (crc >> 1) ^ 0xEDB8_8320
                    } else {
                        crc >> 1
                    };
                }
            }
            let mut out = (data.len() as u32).to_be_bytes().to_vec();
            out.extend(kind);
            out.extend(data);
            out.extend((!crc).to_be_bytes());
            out
        }
        // Stored (uncompressed) zlib stream of two 1-pixel-wide rows? One row of 2 RGB pixels.
        let raw = [0u8, 31, 95, 107, 31, 95, 107];
        let mut z = vec![
            0x78,
            0x01,
            0x01,
            raw.len() as u8,
            0,
            !(raw.len() as u8),
            0xFF,
        ];
        z.extend(raw);
        let adler = {
            let (mut a, mut b) = (1u32, 0u32);
            for &x in &raw {
                a = (a + u32::from(x)) % 65521;
                b = (b + a) % 65521;
            }
            (b << 16) | a
        };
        z.extend(adler.to_be_bytes());
        let mut ihdr = 2u32.to_be_bytes().to_vec();
        ihdr.extend(1u32.to_be_bytes());
        ihdr.extend([8, 2, 0, 0, 0]);
        let mut png = b"\x89PNG\r\n\x1a\n".to_vec();
        png.extend(chunk(b"IHDR", &ihdr));
        png.extend(chunk(b"IDAT", &z));
        png.extend(chunk(b"IEND", &[]));
        png
    };
    s.write_bytes("templates/logo.png", &png);
    s.edit(
        "templates/report.toml",
        "logo = \"logo.svg\"",
        "logo = \"logo.png\"",
    );
    let run = s.run(&["build", "-o", "png.pdf"]);
    assert_eq!(run.code, 0, "{run:?}");
    let doc = &Pdf::open(&s.path("png.pdf")).doc;
    assert!(doc.objects.values().any(|o| o.as_stream().is_ok_and(|st| st
        .dict
        .get(b"Subtype")
        .ok()
        .and_then(|n| n.as_name().ok())
        == Some(b"Image".as_slice()))));
    // Anything else is an error in report.toml, and nothing is written.
    s.write("templates/logo.txt", "not a picture");
    s.edit(
        "templates/report.toml",
        "logo = \"logo.png\"",
        "logo = \"logo.txt\"",
    );
    let run = s.run(&["build", "-o", "bad.pdf"]);
    assert_eq!(run.code, 1);
    assert_starts_with!(run.stderr, "error: templates/report.toml: \"templates/logo.txt\" the logo is not a PNG, JPEG or SVG file");
    assert!(!s.path("bad.pdf").exists());
}

#[test]
fn charts_are_figures_whose_alt_text_states_the_numbers() {
    let s = Scratch::with_sample();
    assert_eq!(s.run(&["build"]).code, 0);
    let alts = Pdf::open(&s.path("report.pdf")).figure_alts();
    assert!(alts.contains(&"Bar chart, Total awarded by grantee. Centre for Local Economic Studies: £103,000; Thrive Together Birmingham: £42,200; New Local: £16,375.".to_string()), "{alts:?}");
    assert!(alts.iter().any(|a| a.starts_with("Bar chart, Grants by duration (months). Under 12: 0 grants; 12–23: 0 grants; 24–35: 1 grant; 36 or more: 1 grant; Not given: 1 grant.")), "{alts:?}");
    // Off in report.toml: no figures.
    s.edit(
        "templates/report.toml",
        "charts = [\"by_programme\", \"by_duration\"]",
        "charts = []",
    );
    assert_eq!(s.run(&["build", "-o", "plain.pdf"]).code, 0);
    assert!(Pdf::open(&s.path("plain.pdf")).figure_alts().is_empty());
}

#[test]
fn mixed_currencies_get_a_chart_each() {
    let s = Scratch::with_sample();
    s.write(
        "input/grants.csv",
        "title,grantee,amount,programme\nA,X,£100,P\nB,Y,£200,Q\nC,Z,€300,P\nD,W,€50,Q\n",
    );
    assert_eq!(s.run(&["build"]).code, 0);
    let alts = Pdf::open(&s.path("report.pdf")).figure_alts();
    assert!(
        alts.iter()
            .any(|a| a
                .starts_with("Bar chart, Total awarded by programme in GBP. Q: £200; P: £100.")),
        "{alts:?}"
    );
    assert!(
        alts.iter().any(
            |a| a.starts_with("Bar chart, Total awarded by programme in EUR. P: €300; Q: €50.")
        ),
        "{alts:?}"
    );
}

#[test]
fn the_key_facts_panel_leaves_out_empty_fields_and_needs_two_facts() {
    let s = Scratch::with_sample();
    s.edit(
        "templates/report.toml",
        "key_facts = false",
        "key_facts = true",
    );
    s.link_first_grantee();
    // The default template's opening sentence states the amount, duration and grantee: the
    // panel does not repeat them, and the programme alone (also the running head) makes no
    // panel: a tinted box round one fact.
    assert_eq!(s.run(&["build", "-o", "lead.pdf"]).code, 0);
    let lead = Pdf::open(&s.path("lead.pdf")).page_texts();
    assert_contains!(lead[1], "Case study 1 The Birmingham");
    assert!(
        !lead[1].contains("AMOUNT") && !lead[1].contains("PROGRAMME"),
        "{}",
        lead[1]
    );
    // A template that does not state them gets them in the panel.
    s.write(
        "templates/case-study.hbs",
        "# Case study {{number}}\n\n{{summary}}\n",
    );
    assert_eq!(s.run(&["build"]).code, 0);
    let pdf = Pdf::open(&s.path("report.pdf"));
    let pages = pdf.page_texts();
    // Case study 1 has every fact (the extractor reads the panel's grid in its own order);
    // its grantee is a link.
    for (label, value) in [
        ("AMOUNT", "£103,000"),
        ("DURATION", "two years"),
        ("GRANTEE", "Centre for Local Economic Studies"),
        ("PROGRAMME", "Economic Justice"),
    ] {
        assert!(
            pages[1].contains(label) && pages[1].contains(value),
            "{label}: {}",
            pages[1]
        );
    }
    assert!(pdf
        .links()
        .iter()
        .any(|(p, u)| *p == 2 && u == "https://cles.org.uk"));
    // Case study 3 has no duration: no Duration at all. No award dates anywhere.
    assert!(
        pages[3].contains("AMOUNT") && !pages[3].contains("DURATION"),
        "{}",
        pages[3]
    );
    assert!(!pages.iter().any(|p| p.contains("AWARDED ")));
    // The library gives the same facts.
    let g = |duration| grant_report::grants::Grant {
        line: 2,
        position: 0,
        id: String::new(),
        title: "T".into(),
        grantee: "G".into(),
        grantee_url: String::new(),
        amount: grant_report::grants::Money {
            minor: 100,
            currency: grant_report::grants::Currency::GBP,
        },
        duration,
        programme: String::new(),
        summary: String::new(),
        award_date: None,
        start_date: None,
        end_date: None,
        fields: vec![],
    };
    let labels = |grant| {
        grant_report::report::key_facts(&grant)
            .into_iter()
            .map(|f| f.label)
            .collect::<Vec<_>>()
    };
    assert_eq!(labels(g(None)), ["Amount", "Grantee"]);
    assert_eq!(
        labels(g(Some(grant_report::grants::Months(12)))),
        ["Amount", "Duration", "Grantee"]
    );
}

#[test]
fn an_svg_logo_drawn_only_approximately_is_reported() {
    let s = Scratch::with_sample();
    s.use_svg_logo(r##"<svg xmlns="http://www.w3.org/2000/svg" width="160" height="48"><radialGradient id="g"><stop offset="0" stop-color="#1F5F6B"/><stop offset="1" stop-color="#fff"/></radialGradient><circle cx="24" cy="24" r="24" fill="url(#g)"/></svg>"##);
    let run = s.run(&["build"]);
    assert_eq!(run.code, 0, "{run:?}");
    assert_starts_with!(run.stderr, "warning: templates/report.toml: \"templates/logo.svg\" the PDF draws this SVG logo approximately: gradients (drawn in their first colour)\nhint: for an exact logo, flatten it");
    assert!(Pdf::open(&s.path("report.pdf"))
        .structure_roles()
        .iter()
        .any(|r| r == "Figure"));
}

/// Issue 26: an SVG logo's text is drawn (as outlines in the bundled fonts), with no
/// warning; a font the report lacks is named once with the font drawn in its place.
#[test]
fn issue_26_text_in_an_svg_logo_is_drawn() {
    let s = Scratch::with_sample();
    let shapes = r##"<rect width="40" height="40" fill="#1F5F6B"/>"##;
    let logo = |text: &str| {
        format!(
            r##"<svg xmlns="http://www.w3.org/2000/svg" width="160" height="48">{shapes}{text}</svg>"##
        )
    };
    s.use_svg_logo(&logo(""));
    let run = s.run(&["build", "-o", "plain.pdf"]);
    assert_eq!((run.code, run.stderr.as_str()), (0, ""), "{run:?}");
    s.write(
        "templates/logo.svg",
        &logo(r#"<text x="50" y="30" font-size="16">Example Trust</text>"#),
    );
    let run = s.run(&["build", "-o", "text.pdf"]);
    assert_eq!((run.code, run.stderr.as_str()), (0, ""), "{run:?}");
    let size = |f: &str| std::fs::metadata(s.path(f)).map(|m| m.len()).unwrap_or(0);
    // Thirteen letters' outlines in the logo's drawing (compressed).
    assert!(
        size("text.pdf") > size("plain.pdf") + 400,
        "{} vs {}",
        size("text.pdf"),
        size("plain.pdf")
    );
    s.write(
        "templates/logo.svg",
        &logo(r#"<text x="50" y="30" font-family="Arial" font-size="16">Example Trust</text>"#),
    );
    let run = s.run(&["build", "-o", "arial.pdf"]);
    assert_eq!(run.code, 0, "{run:?}");
    assert_eq!(run.stderr.matches("warning: ").count(), 1, "{}", run.stderr);
    assert_starts_with!(
        run.stderr,
        "warning: templates/report.toml: \"templates/logo.svg\" the PDF draws this SVG logo approximately: text in Arial (drawn in Noto Sans, which the report has)\n"
    );
    assert!(!run.stderr.contains("left out"), "{}", run.stderr);
}

#[test]
fn issue_13_logos_huge_damaged_or_cut_short_are_refused_by_check() {
    let s = Scratch::with_sample();
    s.edit(
        "templates/report.toml",
        "# logo = \"logo.svg\"",
        "logo = \"logo.img\"",
    );
    // Declares 30,000 × 30,000 pixels (3.6 GB decoded) in a file of a few hundred bytes.
    let mut huge = crate::common::png_of(1, 1);
    huge[16..20].copy_from_slice(&30_000u32.to_be_bytes());
    huge[20..24].copy_from_slice(&30_000u32.to_be_bytes());
    let damaged = {
        let whole = crate::common::png_of(64, 64);
        whole[..whole.len() / 2].to_vec()
    };
    // A JPEG cut short after its frame header (16 × 16, three components).
    let cut: Vec<u8> = [
        0xFF, 0xD8, 0xFF, 0xC0, 0x00, 0x11, 0x08, 0x00, 0x10, 0x00, 0x10, 0x03, 0x01, 0x22, 0x00,
        0x02, 0x11, 0x01, 0x03, 0x11, 0x01,
    ]
    .to_vec();
    for (bytes, message) in [
        (
            huge,
            "the logo is 30000 × 30000 pixels, more than the 40 million a logo may have",
        ),
        (damaged, "the PNG logo is damaged"),
        (cut, "the JPEG logo is cut short"),
    ] {
        s.write_bytes("templates/logo.img", &bytes);
        let run = s.run_capped(&["check"]);
        assert_eq!(run.code, 1, "{run:?}");
        assert_starts_with!(
            run.stderr,
            &format!("error: templates/report.toml: \"templates/logo.img\" {message}")
        );
    }
    s.write_bytes("templates/logo.img", &crate::common::png_of(64, 64));
    assert_eq!(s.run_capped(&["build"]).code, 0);
}

/// Issue 26: `{{programmes}}` reads as words in the page's language ("A, B and C",
/// "A, B ac C" in Welsh), never as a bracketed list.
#[test]
fn issue_26_the_programmes_read_as_a_sentence_in_each_language() {
    let s = Scratch::with_sample();
    s.write(
        "input/grants.csv",
        "title,grantee,amount,programme\nOne,A,100,Tai\nTwo,B,200,Iechyd\nThree,C,300,Addysg\nFour,D,400,Tai\n",
    );
    s.write("templates/intro.md", "# About\n\nThrough {{programmes}}.\n");
    s.edit(
        "templates/report.toml",
        "# introduction = \"introduction.md\"",
        "introduction = \"intro.md\"",
    );
    let run = s.run(&["build"]);
    assert_eq!(run.code, 0, "{run:?}");
    let text = Pdf::open(&s.path("report.pdf")).page_texts().join("\n");
    assert_contains!(text, "Through Tai, Iechyd and Addysg.");
    let run = s.run(&["build", "--language", "cy", "-o", "cy.pdf"]);
    assert_eq!(run.code, 0, "{run:?}");
    let text = Pdf::open(&s.path("cy.pdf")).page_texts().join("\n");
    assert_contains!(text, "Through Tai, Iechyd ac Addysg.");
    assert!(!text.contains('['), "{text}");
}

/// On every entry line the leader dots end at one place, a clear gap before the page
/// numbers, whose right edges line up (figures set flush right), and start clear of the
/// title.
fn assert_leaders_stop_short(lines: &[crate::common::Line]) {
    let mut ends = Vec::new();
    let mut rights = Vec::new();
    for line in lines {
        let (number, rest) = line.split_last().unwrap();
        rights.push(number.2);
        let Some(last_dot) = rest.iter().rposition(|w| w.0.starts_with('.')) else {
            continue;
        };
        let first_dot = rest.iter().position(|w| w.0.starts_with('.')).unwrap();
        assert!(
            number.1 - rest[last_dot].2 >= 7.5,
            "the leaders run into the page number: {line:?}"
        );
        if first_dot > 0 {
            assert!(
                rest[first_dot].1 - rest[first_dot - 1].2 >= 7.5,
                "the leaders touch the title: {line:?}"
            );
        }
        ends.push(rest[last_dot].2);
    }
    assert!(!ends.is_empty(), "no leaders: {lines:?}");
    let spread = |v: &[f32]| {
        v.iter().cloned().fold(f32::MIN, f32::max) - v.iter().cloned().fold(f32::MAX, f32::min)
    };
    assert!(
        spread(&ends) < 0.5,
        "the leaders end in different places: {ends:?}"
    );
    assert!(
        spread(&rights) < 0.5,
        "the page numbers do not line up: {rights:?}"
    );
}
