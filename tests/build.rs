//! Building the bundled sample and variations of it, checked by reading the PDF back.

use crate::common::{repo, sterling, Pdf, Scratch};

/// The sample's total, computed here from the CSV independently of the tool's own parser.
fn sample_total_pence() -> i64 {
    let mut reader = csv::Reader::from_path(repo().join("input/grants.csv")).expect("sample csv");
    let amount_col = reader
        .headers()
        .expect("headers")
        .iter()
        .position(|h| h == "amount")
        .expect("amount column");
    reader
        .records()
        .map(|r| {
            let digits: String = r.expect("record")[amount_col]
                .chars()
                .filter(char::is_ascii_digit)
                .collect();
            digits.parse::<i64>().expect("whole pounds") * 100
        })
        .sum()
}

#[test]
fn the_sample_becomes_a_five_page_report() {
    let s = Scratch::with_sample();
    let run = s.run(&["build"]);
    assert_eq!(run.code, 0, "{run:?}");
    let total = sterling(sample_total_pence());
    assert_eq!(total, "£161,575");
    assert_starts_with!(
        run.stdout,
        &format!("wrote report.pdf: 5 pages, 3 grants, {total} awarded")
    );
    assert_eq!(run.stderr, "");

    let pdf = Pdf::open(&s.path("report.pdf"));
    assert_eq!(pdf.page_count(), 5);
    for (w, h) in pdf.page_sizes() {
        assert!(
            (w - 595.28).abs() < 0.1 && (h - 841.89).abs() < 0.1,
            "A4, got {w}×{h}"
        );
    }
    let pages = pdf.page_texts();
    // Cover: title, organisation, date and headline figures.
    assert_contains!(pages[0], "Economic Justice programme case studies");
    assert_contains!(pages[0], "Grants team 25 November 2026");
    for figure in ["3", "GRANTS", &total, "AWARDED"] {
        assert!(pages[0].contains(figure), "{figure}: {}", pages[0]);
    }
    assert!(!pages[0].contains("Page 1"), "no footer on the cover");
    // One case study per page, in order, with running head and footer.
    let openings = [
        "Case study 1 The Birmingham Anchor Institution Network: £103,000 over two years to the Centre for Local Economic Studies (CLES) to establish",
        "Case study 2 Birmingham Poverty Truth Commission: £42,200 over three years to Thrive Together Birmingham for its Poverty Truth Commission (PTC).",
        "Case study 3 Shifting the Balance of Community Power: £16,375 to New Local as a contribution to its research",
    ];
    for (i, opening) in openings.iter().enumerate() {
        let page = &pages[i + 1];
        assert!(
            page.starts_with("Economic Justice programme case studies Economic Justice"),
            "{page}"
        );
        assert!(page.contains(opening), "page {}: {page}", i + 2);
        assert!(
            page.contains("Why did we fund it?")
                && page.contains("Impact:")
                && page.contains("Links to our priorities:"),
            "{page}"
        );
        assert!(page.ends_with(&format!("Page {} of 5", i + 2)), "{page}");
    }
    // Case study 2's text, split by a page break in the source, is one paragraph here.
    assert_contains!(
        pages[2],
        "The unique approach supports people on both sides of the power divide"
    );
    // Summary: header, rows, total exact to the penny.
    let summary = &pages[4];
    assert!(
        summary.contains("Summary of grants Total awarded by grantee"),
        "{summary}"
    );
    // Charts above the table: the amounts by grantee, the grants by duration band.
    assert!(
        summary.contains("Centre for Local Economic Studies £103,000 Thrive Together Birmingham £42,200 New Local £16,375"),
        "{summary}"
    );
    assert!(summary.contains("Grants by duration"), "{summary}");
    assert!(
        summary.contains("Grantee Project Amount Duration"),
        "{summary}"
    );
    assert!(summary.contains("Centre for Local Economic Studies The Birmingham Anchor Institution Network £103,000 24 months"), "{summary}");
    assert!(
        summary.contains("New Local Shifting the Balance of Community Power £16,375 —"),
        "{summary}"
    );
    assert!(
        summary.contains(&format!("Total (3 grants) {total}")),
        "{summary}"
    );
}

#[test]
fn copy_and_paste_gives_the_real_characters() {
    let s = Scratch::with_sample();
    assert_eq!(s.run(&["build"]).code, 0);
    // A word hyphenated at a line end comes back as "dif- ficult"; join those as a reader's
    // search does.
    let text = Pdf::open(&s.path("report.pdf"))
        .page_texts()
        .join(" ")
        .replace("- ", "");
    // Curly quotes and apostrophes, the pound sign, and words set with ligatures (fi, ffi, fl).
    for needle in [
        "“build back better”",
        "we’ve seen",
        "£42,200",
        "benefit",
        "difficult",
        "influence",
        "significant",
    ] {
        assert!(text.contains(needle), "missing {needle:?}");
    }
}

#[test]
fn fonts_are_embedded_subset_and_mapped_to_unicode() {
    let s = Scratch::with_sample();
    assert_eq!(s.run(&["build"]).code, 0);
    let fonts = Pdf::open(&s.path("report.pdf")).fonts();
    assert!(fonts.len() >= 3, "{fonts:?}");
    for (name, embedded, to_unicode) in &fonts {
        let (tag, base) = name
            .split_once('+')
            .expect("subset fonts are named TAG+Name");
        assert!(
            tag.len() == 6 && tag.chars().all(|c| c.is_ascii_uppercase()),
            "{name}"
        );
        assert!(base.starts_with("Noto"), "{name}");
        assert!(embedded, "{name} is not embedded");
        assert!(to_unicode, "{name} has no ToUnicode map");
    }
}

#[test]
fn outline_and_metadata() {
    let s = Scratch::with_sample();
    assert_eq!(s.run(&["build"]).code, 0);
    let pdf = Pdf::open(&s.path("report.pdf"));
    assert_eq!(
        pdf.outline(),
        [
            ("The Birmingham Anchor Institution Network".to_string(), 2),
            ("Birmingham Poverty Truth Commission".to_string(), 3),
            ("Shifting the Balance of Community Power".to_string(), 4),
            ("Summary of grants".to_string(), 5),
        ]
    );
    assert_eq!(
        pdf.info("Title").as_deref(),
        Some("Economic Justice programme case studies")
    );
    assert_eq!(pdf.info("Author").as_deref(), Some("Grants team"));
    assert_eq!(pdf.lang().as_deref(), Some("en-GB"));
    assert_eq!(
        pdf.info("CreationDate").as_deref(),
        Some("D:20261125000000Z")
    );
}

#[test]
fn web_links_become_annotations_and_placeholders_do_not() {
    let s = Scratch::with_sample();
    // Give the first grantee a real address and the second a placeholder.
    s.link_first_grantee();
    s.edit(
        "input/grants.csv",
        "Thrive Together Birmingham,,,",
        "Thrive Together Birmingham,,#,",
    );
    let run = s.run(&["build"]);
    assert_eq!(run.code, 0, "{run:?}");
    // The placeholder is reported, and its grantee is not linked.
    assert_eq!(
        run.stderr,
        "warning: input/grants.csv:3: column \"grantee_url\": \"#\" is not a web address, so the grantee is not linked\n\
         hint: write the full address, e.g. https://www.example.org.uk, or leave the cell empty\n"
    );
    let pdf = Pdf::open(&s.path("report.pdf"));
    // One annotation per line the link text runs over; all on page 2, all to the same place.
    let links = pdf.links();
    assert!(!links.is_empty());
    assert!(
        links
            .iter()
            .all(|(page, uri)| *page == 2 && uri == "https://cles.org.uk"),
        "{links:?}"
    );
    assert!(pdf.page_texts()[1].contains("to the Centre for Local Economic Studies (CLES)"));
}

#[test]
fn same_input_and_date_give_identical_bytes() {
    let s = Scratch::with_sample();
    assert_eq!(s.run(&["build", "-o", "a.pdf"]).code, 0);
    assert_eq!(s.run(&["build", "-o", "b.pdf"]).code, 0);
    let a = std::fs::read(s.path("a.pdf")).expect("a");
    let b = std::fs::read(s.path("b.pdf")).expect("b");
    assert!(a == b, "two builds differ");
}

#[test]
fn the_bytes_do_not_depend_on_how_many_threads_build_them() {
    // Enough grants for several layout batches, with pages, fonts, object streams and the
    // structure tree all written in parallel.
    let s = Scratch::empty();
    let data = s.run(&["sample", "--rows", "150", "--seed", "3"]);
    assert_eq!(data.code, 0, "{data:?}");
    s.write("g.csv", &data.stdout);
    let mut builds = Vec::new();
    for threads in ["1", "2", "3"] {
        let out = format!("t{threads}.pdf");
        let run = s.run_with(
            &["build", "g.csv", "-o", &out, "--quiet"],
            &[("RAYON_NUM_THREADS", threads)],
        );
        assert_eq!(run.code, 0, "{run:?}");
        builds.push(std::fs::read(s.path(&out)).expect("pdf"));
    }
    assert!(builds[0].len() > 100_000);
    assert!(
        builds.iter().all(|b| *b == builds[0]),
        "builds with 1, 2 and 3 threads differ"
    );
}

#[test]
fn works_in_any_folder_with_the_built_in_template_and_settings() {
    let s = Scratch::empty();
    s.write(
        "grants.csv",
        &std::fs::read_to_string(repo().join("input/grants.csv")).expect("csv"),
    );
    let run = s.run(&["build", "grants.csv", "-o", "out.pdf"]);
    assert_eq!(run.code, 0, "{run:?}");
    let pages = Pdf::open(&s.path("out.pdf")).page_texts();
    assert_eq!(pages.len(), 5);
    assert!(pages[1].contains("Case study 1 The Birmingham Anchor Institution Network"));
}

#[test]
fn a_template_on_disk_overrides_the_built_in_one() {
    let s = Scratch::with_sample();
    s.write(
        "templates/case-study.hbs",
        "# {{title}}\n\nFunded: {{amount}}{{#if duration}} for {{duration}}{{/if}}.\n",
    );
    let run = s.run(&["build"]);
    assert_eq!(run.code, 0, "{run:?}");
    let pages = Pdf::open(&s.path("report.pdf")).page_texts();
    assert_contains!(
        pages[3],
        "Shifting the Balance of Community Power Funded: £16,375."
    );
    assert_contains!(pages[1], "Funded: £103,000 for two years.");
}

#[test]
fn a_long_case_study_continues_on_the_next_page_with_a_warning() {
    let s = Scratch::with_sample();
    let long =
        "The network met monthly and shared its learning widely across the city. ".repeat(90);
    s.write(
        "input/grants.csv",
        &format!("id,title,grantee,amount,duration,summary\nL-1,Long Project,Long Org,£5000,12,\"{long}\"\n"),
    );
    let run = s.run(&["build"]);
    assert_eq!(run.code, 0, "{run:?}");
    assert_starts_with!(run.stderr, "warning: input/grants.csv:2: the case study \"Long Project\" (L-1) does not fit on one page: it runs over 2 pages");
    let pages = Pdf::open(&s.path("report.pdf")).page_texts();
    assert_eq!(pages.len(), 4);
    // The later page keeps the first page's running head (the programme, none here) and
    // opens with the case study's heading, continued.
    assert_starts_with!(
        pages[2],
        "Economic Justice programme case studies Case study 1 (continued) "
    );
    // With --fit, text that does not fit even at 9 pt is set at full size again.
    let fitted = s.run(&["build", "--fit", "-o", "fitted.pdf"]);
    assert_contains!(
        fitted.stderr,
        "does not fit on one page even with its text at 9 pt, so it is set at full size over 2 pages"
    );
    let fitted = Pdf::open(&s.path("fitted.pdf"));
    assert_eq!(fitted.page_texts(), pages);
}

#[test]
fn the_summary_repeats_its_header_on_every_page() {
    let s = Scratch::empty();
    let run = s.run(&["sample", "--rows", "120", "--seed", "3"]);
    assert_eq!(run.code, 0);
    s.write("grants.csv", &run.stdout);
    // Without the charts, every amount on these pages is a table row.
    s.write("templates/report.toml", "[summary]\ncharts = []\n");
    let build = s.run(&["build", "grants.csv"]);
    assert_eq!(build.code, 0, "{build:?}");
    let pages = Pdf::open(&s.path("report.pdf")).page_texts();
    // Text order within a page is the extractor's guess, so look for the header's cells.
    let summary: Vec<&String> = pages
        .iter()
        .filter(|p| {
            ["Grantee", "Project", "Amount", "Duration"]
                .iter()
                .all(|h| p.contains(h))
        })
        .collect();
    assert!(
        summary.len() >= 3,
        "the 120-row table should span several pages"
    );
    // Every amount in the table is a grant row, a subtotal or the total.
    let amounts: usize = summary.iter().map(|p| p.matches('£').count()).sum();
    let subtotals: usize = summary
        .iter()
        .map(|p| p.matches("Subtotal (").count())
        .sum();
    let totals: usize = summary.iter().map(|p| p.matches("Total (").count()).sum();
    assert_eq!(amounts - subtotals - totals, 120);
    let last = summary.last().expect("summary");
    assert!(last.contains("Total (120 grants)"), "{last}");
    for p in &summary[1..] {
        assert!(p.contains("Summary of grants (continued)"), "{p}");
    }
    // A page that goes on with a programme's rows repeats its label under the header, and
    // every amount is set with pence once any has them (so they align on the point).
    assert!(
        summary[1..]
            .iter()
            .any(|p| p.contains(" (continued) ") && p.matches(" (continued)").count() >= 2),
        "{:?}",
        &summary[1..]
    );
    let pounds_without_pence = summary
        .iter()
        .flat_map(|p| p.split('£').skip(1))
        .filter(|a| !a.split_whitespace().next().unwrap_or("").contains('.'))
        .count();
    assert_eq!(pounds_without_pence, 0);
}

#[test]
fn characters_no_font_has_are_reported() {
    let s = Scratch::with_sample();
    s.write(
        "input/grants.csv",
        "title,grantee,amount\nSmile \u{E000} project,Org,100\n",
    );
    let run = s.run(&["build"]);
    assert_eq!(run.code, 0, "{run:?}");
    assert_eq!(
        run.stderr,
        "warning: input/grants.csv:2: column \"title\": \"Smile \u{E000} project\" has characters no bundled font can draw: \u{E000} (U+E000)\n\
         hint: they are left out of the PDF (never drawn as empty boxes); replace them in the data\n"
    );
    // Characters the template itself brings are reported against the case study.
    s.write("input/grants.csv", "title,grantee,amount\nPlain,Org,100\n");
    s.write("templates/case-study.hbs", "# {{title}} \u{E000}\n");
    let run = s.run(&["build"]);
    assert_eq!(run.code, 0, "{run:?}");
    assert_starts_with!(run.stderr, "warning: input/grants.csv:2: the case study \"Plain\" has characters no bundled font can draw: \u{E000} (U+E000)");
}

#[cfg(unix)]
#[test]
fn the_report_gets_the_permissions_of_any_new_file() {
    use std::os::unix::fs::PermissionsExt;
    let s = Scratch::with_sample();
    assert_eq!(s.run(&["build"]).code, 0);
    let ordinary = s.write("ordinary.txt", "x");
    let mode =
        |p: &std::path::Path| std::fs::metadata(p).expect("metadata").permissions().mode() & 0o777;
    assert_eq!(mode(&s.path("report.pdf")), mode(&ordinary));
}

#[test]
fn symbols_the_text_fonts_lack_come_from_a_fallback_font() {
    let s = Scratch::with_sample();
    s.write(
        "input/grants.csv",
        "title,grantee,amount,summary\nSnow \u{2603} day,Org,100,Arrows \u{2192} and \u{221E} \u{1F600}.\n",
    );
    let run = s.run(&["build"]);
    assert_eq!((run.code, run.stderr.as_str()), (0, ""), "{run:?}");
    let pdf = Pdf::open(&s.path("report.pdf"));
    assert!(pdf.page_texts()[1]
        .contains("Snow \u{2603} day: £100 to Org. Arrows \u{2192} and \u{221E} \u{1F600}."));
    let fonts: Vec<String> = pdf.fonts().into_iter().map(|f| f.0).collect();
    assert!(
        fonts
            .iter()
            .any(|f| f.contains("NotoSansSymbols") || f.contains("NotoSansMath")),
        "{fonts:?}"
    );
}

/// Tags (the structure tree) and their absence with --no-tags.
#[test]
fn the_pdf_is_tagged_for_screen_readers_unless_asked_not_to() {
    let s = Scratch::with_sample();
    s.link_first_grantee();
    assert_eq!(s.run(&["build"]).code, 0);
    let pdf = Pdf::open(&s.path("report.pdf"));
    let roles = pdf.structure_roles();
    for role in [
        "Document", "Sect", "H1", "P", "Link", "Table", "TR", "TH", "TD",
    ] {
        assert!(roles.iter().any(|r| r == role), "no {role} in {roles:?}");
    }
    // The cover's title is the one H1, each case study and the summary an H2 under it;
    // header cells only once (repeats on later pages would be artifacts) and the total's
    // label a row header.
    assert_eq!(roles.iter().filter(|r| *r == "H1").count(), 1);
    assert_eq!(roles.iter().filter(|r| *r == "H2").count(), 4);
    assert_eq!(roles.iter().filter(|r| *r == "TH").count(), 5);
    assert!(pdf.is_marked());
    assert_eq!(pdf.lang().as_deref(), Some("en-GB"));
    // Running heads and footers are artifacts.
    assert!(
        pdf.content_of_page(2).contains("/Artifact"),
        "running heads should be artifacts"
    );
    // The link annotation is part of the structure.
    assert!(pdf.annotations_have_struct_parents());
    // Everything drawn is either tagged content that leads back to its element or an
    // artifact, and the file says which standards it follows.
    assert_eq!(pdf.tagging_problems(), Vec::<String>::new());
    let xmp = pdf.xmp();
    for claim in [
        "<pdfaid:part>2</pdfaid:part>",
        "<pdfaid:conformance>A</pdfaid:conformance>",
        "<pdfuaid:part>1</pdfuaid:part>",
    ] {
        assert!(xmp.contains(claim), "no {claim} in {xmp}");
    }
    assert!(pdf.has_output_intent());
    // Each case study reads heading first, even the one whose opening paragraph has a link
    // (its annotation must not pull the paragraph ahead).
    let sections = pdf.section_children();
    assert!(
        sections
            .iter()
            .filter(|kids| kids.len() > 1)
            .all(|kids| kids[0] == "H1" || kids[0] == "H2"),
        "{sections:?}"
    );

    assert_eq!(s.run(&["build", "--no-tags", "-o", "plain.pdf"]).code, 0);
    let plain = Pdf::open(&s.path("plain.pdf"));
    assert!(plain.structure_roles().is_empty());
    assert!(!plain.is_marked());
    assert!(
        !plain.xmp().contains("pdfuaid"),
        "an untagged file must not claim PDF/UA"
    );
}

#[test]
fn issue_12_without_report_toml_nothing_of_the_sample_reaches_the_report() {
    let s = Scratch::empty();
    s.write(
        "g.csv",
        "Title,Recipient Org:Name,Amount Awarded,Funding Org:Name\n\
         Play,Club,5000,The Example Trust\n\
         Swim,Pool,7000,The Example Trust\n",
    );
    let run = s.run(&["build", "g.csv"]);
    assert_eq!(run.code, 0, "{run:?}");
    assert_contains!(
        run.stdout,
        "2 grants, £12,000 awarded, settings from the built-in defaults (no report.toml)"
    );
    let text = Pdf::open(&s.path("report.pdf")).page_texts().join("\n");
    assert!(!text.contains("Economic Justice"), "{text}");
    assert!(!text.contains("Grants team"), "{text}");
    // The funder the data names is the organisation on the cover.
    assert_starts_with!(text, "Grant case studies The Example Trust");
    // With a report.toml, the summary line names it.
    let s = Scratch::with_sample();
    let run = s.run(&["build"]);
    assert_contains!(run.stdout, "settings from templates/report.toml");
}

#[test]
fn issue_12_the_default_template_reads_well_on_real_descriptions() {
    let s = Scratch::empty();
    s.write(
        "g.csv",
        "title,grantee,amount,summary\n\
         What next?,Club,5000,The project will run a summer scheme.\n\
         Play more,Pool,7000,(the Pool Trust) to open on Sundays.\n",
    );
    let run = s.run(&["build", "g.csv"]);
    assert_eq!(run.code, 0, "{run:?}");
    let pages = Pdf::open(&s.path("report.pdf")).page_texts();
    // No colon after a title that ends in punctuation; a new sentence for a description
    // that is one; a continuation carries on.
    assert_contains!(
        pages[1],
        "What next? £5,000 to Club. The project will run a summer scheme."
    );
    assert_contains!(
        pages[2],
        "Play more: £7,000 to Pool (the Pool Trust) to open on Sundays."
    );
}

#[test]
fn issue_12_markdown_the_report_cannot_draw_is_an_error() {
    let s = Scratch::with_sample();
    s.write(
        "templates/case-study.hbs",
        "# {{title}}\n\n{{summary}}\n\n---\n\nMore.\n",
    );
    let run = s.run(&["check"]);
    assert_eq!(run.code, 1, "{run:?}");
    assert_starts_with!(
        run.stderr,
        "error: templates/case-study.hbs:5:1: a horizontal rule in Markdown cannot be drawn in the report"
    );
}

#[test]
fn issue_16_a_markdown_table_in_a_template_is_a_tagged_table() {
    let s = Scratch::with_sample();
    s.write(
        "templates/case-study.hbs",
        "# Case study {{number}}\n\n{{summary}}\n\n| Milestone | Month | Spend |\n|---|:---:|---:|\n| Launch | 1 | £1,000 |\n| Review | 12 | £250.50 |\n| Report |\n",
    );
    let run = s.run(&["build"]);
    assert_eq!(run.code, 0, "{run:?}");
    let pdf = Pdf::open(&s.path("report.pdf"));
    let pages = pdf.page_texts();
    assert_contains!(
        pages[1],
        "Milestone Month Spend Launch 1 £1,000 Review 12 £250.50 Report"
    );
    // One table per case study and the summary's, each regular (the checker Pdf::open runs
    // holds every row to the header's three columns), headers scoped to their columns.
    let tables = crate::common::conformance::tables(&pdf);
    assert_eq!(tables.len(), 4, "{tables:?}");
    assert_eq!(
        tables[0],
        [
            vec!["TH:Column"; 3],
            vec!["TD"; 3],
            vec!["TD"; 3],
            vec!["TD"; 3],
        ]
    );
}

#[test]
fn issue_13_only_regular_files_are_replaced_and_links_are_written_through() {
    use std::os::unix::fs::FileTypeExt;
    let s = Scratch::with_sample();
    // A FIFO (a stand-in for a device node: both are not regular files).
    let fifo = s.path("pipe.pdf");
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .expect("mkfifo");
    assert!(made.success());
    let run = s.run_capped(&["build", "-o", "pipe.pdf"]);
    assert_eq!(run.code, 2, "{run:?}");
    assert_starts_with!(
        run.stderr,
        "error: pipe.pdf: is a device, FIFO or socket; reports are written only to regular files"
    );
    assert!(std::fs::symlink_metadata(&fifo)
        .expect("still there")
        .file_type()
        .is_fifo());
    // A folder.
    std::fs::create_dir(s.path("folder.pdf")).expect("mkdir");
    let run = s.run_capped(&["build", "-o", "folder.pdf"]);
    assert_eq!(run.code, 2, "{run:?}");
    assert_contains!(run.stderr, "folder.pdf: is a folder");
    // A symbolic link: written through to its target, the link kept.
    std::fs::create_dir(s.path("real")).expect("mkdir");
    std::os::unix::fs::symlink("real/report.pdf", s.path("link.pdf")).expect("symlink");
    let run = s.run_capped(&["build", "-o", "link.pdf"]);
    assert_eq!(run.code, 0, "{run:?}");
    assert_starts_with!(
        run.stdout,
        "wrote real/report.pdf (through the link link.pdf): "
    );
    assert!(std::fs::symlink_metadata(s.path("link.pdf"))
        .expect("link")
        .file_type()
        .is_symlink());
    assert_eq!(Pdf::open(&s.path("real/report.pdf")).page_count(), 5);
    // No temporary file left anywhere.
    assert!(s.temporaries().is_empty(), "{:?}", s.files());
}

#[test]
fn issue_13_temporary_files_left_by_a_killed_run_are_removed_by_the_next() {
    let s = Scratch::with_sample();
    let old = s.write(".grant-report-killed.pdf.tmp", "half a PDF");
    let young = s.write(".grant-report-killed-now.pdf.tmp", "half a PDF, just now");
    let live = s.write(
        ".grant-report-running.pdf.tmp",
        "another run's, being written",
    );
    let mine = s.write(".grant-report-notes.txt", "not ours to remove");
    assert!(std::process::Command::new("touch")
        .args(["-d", "2 hours ago"])
        .arg(&old)
        .arg(&mine)
        .status()
        .expect("touch")
        .success());
    // A live run holds its temporary file locked, as this test does now.
    let writing = std::fs::File::open(&live).expect("open");
    writing.lock().expect("lock");
    let run = s.run(&["build"]);
    assert_eq!(run.code, 0, "{run:?}");
    assert!(!old.exists(), "an old temporary file of ours is removed");
    assert!(!young.exists(), "so is a new one no run holds");
    assert!(live.exists(), "one a live run holds stays");
    assert!(mine.exists(), "only our temporary files");
    drop(writing);
}

/// Starts `grant-report build -q` (and `args`) in `s`, holding its temporary file open
/// `hold_ms`, under a 60 s cap; waits until that file is there and gives the child and its name.
fn build_holding_its_temporary(
    s: &Scratch,
    args: &[&str],
    hold_ms: u32,
) -> (std::process::Child, String) {
    let before: Vec<String> = s.files();
    let mut child = std::process::Command::new("timeout")
        .args([
            "-s",
            "KILL",
            "60",
            env!("CARGO_BIN_EXE_grant-report"),
            "build",
            "-q",
        ])
        .args(args)
        .current_dir(s.path(""))
        .env("GRANT_REPORT_HOLD_TEMPORARY_MS", hold_ms.to_string())
        .spawn()
        .expect("start a build");
    for _ in 0..3000 {
        let new = s.files().into_iter().find(|f| {
            f.starts_with(".grant-report-") && f.ends_with(".tmp") && !before.contains(f)
        });
        if let Some(name) = new {
            return (child, name);
        }
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
    let _ = child.kill();
    let _ = child.wait();
    panic!("no temporary file appeared");
}

#[test]
fn issue_28_a_run_killed_outright_leaves_nothing_after_the_next_run() {
    let s = Scratch::with_sample();
    let (mut child, temporary) = build_holding_its_temporary(&s, &[], 30000);
    // SIGKILL (the out-of-memory killer, a stopped container): no handler runs.
    let killed = std::process::Command::new("pkill")
        .args(["-KILL", "-P", &child.id().to_string()])
        .status()
        .expect("pkill");
    assert!(killed.success());
    child.wait().expect("wait");
    assert!(
        s.path(&temporary).exists(),
        "the killed run left {temporary}"
    );
    let run = s.run(&["build", "-o", "again.pdf"]);
    assert_eq!(run.code, 0, "{run:?}");
    assert!(
        s.temporaries().is_empty(),
        "the next run removed it at once: {:?}",
        s.files()
    );
}

#[test]
fn issue_28_two_runs_into_one_folder_at_once_both_succeed() {
    let s = Scratch::with_sample();
    let (first, temporary) = build_holding_its_temporary(&s, &["-o", "first.pdf"], 2000);
    // The second starts while the first is writing: it must leave the first's file alone.
    let second = s.run(&["build", "-o", "second.pdf"]);
    assert_eq!(second.code, 0, "{second:?}");
    assert!(s.path(&temporary).exists(), "the live run's file was left");
    let done = first.wait_with_output().expect("wait");
    assert!(done.status.success(), "{done:?}");
    assert_eq!(Pdf::open(&s.path("first.pdf")).page_count(), 5);
    assert_eq!(Pdf::open(&s.path("second.pdf")).page_count(), 5);
    assert!(s.temporaries().is_empty(), "{:?}", s.files());
}

#[test]
fn issue_13_a_run_stopped_by_a_signal_leaves_no_temporary_file() {
    for signal in ["TERM", "INT"] {
        let s = Scratch::with_sample();
        let (mut child, _) = build_holding_its_temporary(&s, &[], 30000);
        // `timeout` passes the signal on to the build.
        let stopped = std::process::Command::new("kill")
            .arg(format!("-{signal}"))
            .arg(child.id().to_string())
            .status()
            .expect("kill");
        assert!(stopped.success());
        let status = child.wait().expect("wait");
        assert!(!status.success(), "SIG{signal}: {status:?}");
        assert_eq!(s.temporaries(), Vec::<String>::new(), "SIG{signal}");
        assert!(!s.path("report.pdf").exists(), "SIG{signal}");
    }
}

#[test]
fn issue_13_data_never_turns_into_markup_or_links() {
    let s = Scratch::with_sample();
    s.write(
        "input/grants.csv",
        "title,grantee,grantee_url,amount,summary\n\
         Plain,Org,\"https://ok.example/a)[click](https://evil.example\",100,\"line one\n=====\"\n\
         # Not a heading,Org <b>,https://ok.example/b,200,\"- not a list\n> not a quote\n---\"\n",
    );
    let run = s.run(&["build"]);
    assert_eq!(run.code, 0, "{run:?}");
    let pdf = Pdf::open(&s.path("report.pdf"));
    let links: Vec<String> = pdf.links().into_iter().map(|(_, uri)| uri).collect();
    assert_eq!(
        links,
        [
            "https://ok.example/a)[click](https://evil.example",
            "https://ok.example/b"
        ]
    );
    let pages = pdf.page_texts();
    assert_contains!(pages[1], "line one =====");
    assert_contains!(pages[2], "# Not a heading");
    assert_contains!(pages[2], "- not a list > not a quote ---");
    // Headings are the report's own: the case studies' and the summary's, none from data.
    let headings = pdf.headings_in_reading_order();
    assert!(
        !headings
            .iter()
            .any(|h| h.contains("line one") || h.contains("=====")),
        "{headings:?}"
    );
}
